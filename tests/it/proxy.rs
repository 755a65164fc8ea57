//! Proxies: environment proxies are never used for loopback or plain http (the token would
//! cross in clear text); an explicit proxy carries https as a CONNECT tunnel only.

use std::io::Read;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::*;

/// A listener that records whatever bytes reach it, then closes.
fn recorder() -> (String, Arc<Mutex<Vec<u8>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            stream
                .set_read_timeout(Some(Duration::from_millis(300)))
                .unwrap();
            let mut buffer = [0u8; 4096];
            while let Ok(n) = stream.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buffer[..n]);
            }
        }
    });
    (url, seen)
}

/// The proxy variables curl and reqwest read.
const PROXY_VARS: [&str; 6] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
];

#[test]
fn environment_proxies_never_see_a_plain_http_or_loopback_request() {
    in_own_process(
        module_path!(),
        "environment_proxies_never_see_a_plain_http_or_loopback_request",
        || {
            let (proxy, seen) = recorder();
            for var in PROXY_VARS {
                std::env::set_var(var, &proxy);
            }
            let (sandbox, _) = setup();
            let client = client_for(&sandbox, |_| {});
            assert!(client
                .apps()
                .has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP)
                .unwrap());
            assert_eq!(sandbox.journal().len(), 1);
            // An explicit proxy is not used for plain http either.
            let explicit = client_for(&sandbox, |c| c.proxy_url = Some(proxy.clone()));
            assert!(explicit
                .apps()
                .has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP)
                .unwrap());
            std::thread::sleep(Duration::from_millis(100));
            assert!(seen.lock().unwrap().is_empty(), "the proxy saw a request");

            // For https, the environment's proxy is honoured as curl does: as a CONNECT tunnel, so
            // the proxy learns the host name and never the token.
            let remote = client_at("https://api.plenigo.test", |c| c.max_retries = 0);
            assert!(remote.apps().get_customer_apps(CUSTOMER).is_err());
            let tunnel = wait_for(&seen);
            assert!(
                tunnel.starts_with("CONNECT api.plenigo.test:443 "),
                "{tunnel}"
            );
            assert!(
                !tunnel.contains("plenigoToken") && !tunnel.contains(CUSTOMER),
                "{tunnel}"
            );
            for var in PROXY_VARS {
                std::env::remove_var(var);
            }

            // An explicit proxy works the same way without the environment.
            let (explicit_proxy, explicit_seen) = recorder();
            let remote = client_at("https://api.plenigo.test", |c| {
                c.proxy_url = Some(explicit_proxy);
                c.max_retries = 0;
            });
            assert!(remote.users().create_login_token(CUSTOMER, false).is_err());
            let tunnel = wait_for(&explicit_seen);
            assert!(
                tunnel.starts_with("CONNECT api.plenigo.test:443 "),
                "{tunnel}"
            );
            assert!(!tunnel.contains("plenigoToken"), "{tunnel}");
        },
    );
}

/// What the recorder saw, once it saw something (at most 2 s).
fn wait_for(seen: &Mutex<Vec<u8>>) -> String {
    for _ in 0..40 {
        if !seen.lock().unwrap().is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    String::from_utf8_lossy(&seen.lock().unwrap()).into_owned()
}
