//! Configuration checks, the base URL rules, secret hygiene and sharing one client.

use std::time::Duration;

use crate::common::*;
use plenigo::{Config, ErrorKind, PlenigoClient, PlenigoError, Secret};

fn build(adjust: impl FnOnce(&mut Config)) -> Result<PlenigoClient, PlenigoError> {
    let mut config = Config::new(COMPANY, SECRET);
    adjust(&mut config);
    PlenigoClient::new(config)
}

#[test]
fn bad_configs_name_their_field() {
    assert_eq!(
        invalid_field(build(|c| c.company_id = " ".into())),
        "company_id"
    );
    for empty in ["", " \t"] {
        assert_eq!(
            invalid_field(build(|c| c.secret = Secret::new(empty))),
            "secret"
        );
    }
    assert_eq!(
        invalid_field(build(|c| c.base_url = Some("not a url".into()))),
        "base_url"
    );
    assert_eq!(
        invalid_field(build(|c| c.base_url = Some("ftp://api.plenigo.com".into()))),
        "base_url"
    );
    assert_eq!(
        invalid_field(build(
            |c| c.base_url = Some("https://user:pw@api.plenigo.com".into())
        )),
        "base_url"
    );
    assert_eq!(
        invalid_field(build(|c| c.request_timeout = Duration::ZERO)),
        "request_timeout"
    );
    assert_eq!(
        invalid_field(build(|c| c.connect_timeout = Duration::from_micros(999))),
        "connect_timeout"
    );
    assert_eq!(
        invalid_field(build(|c| c.deadline = Duration::ZERO)),
        "deadline"
    );
    assert_eq!(
        invalid_field(build(|c| c.max_response_bytes = 0)),
        "max_response_bytes"
    );
    assert_eq!(invalid_field(build(|c| c.max_retries = 11)), "max_retries");
    assert_eq!(
        invalid_field(build(
            |c| c.user_agent_suffix = Some("a\r\nInjected: 1".into())
        )),
        "user_agent_suffix"
    );
}

#[test]
fn plain_http_only_to_loopback_unless_allowed() {
    assert_eq!(
        invalid_field(build(|c| c.base_url = Some("http://api.plenigo.com".into()))),
        "base_url"
    );
    for loopback in [
        "http://127.0.0.1:9",
        "http://localhost:9",
        "http://[::1]:9",
        "http://127.8.9.10",
    ] {
        assert!(
            build(|c| c.base_url = Some(loopback.into())).is_ok(),
            "{loopback}"
        );
    }
    assert!(build(|c| {
        c.base_url = Some("http://api.plenigo.com".into());
        c.allow_insecure_http = true;
    })
    .is_ok());
    assert!(build(|c| c.base_url = Some("https://api.plenigo.com".into())).is_ok());
}

#[test]
fn the_base_url_comes_from_the_environment_when_unset() {
    in_own_process(
        module_path!(),
        "the_base_url_comes_from_the_environment_when_unset",
        || {
            std::env::set_var(plenigo::BASE_URL_ENV, "http://127.0.0.1:4242/prefix");
            let from_env = build(|_| {}).unwrap();
            assert_eq!(from_env.base_url(), "http://127.0.0.1:4242/prefix");
            assert_eq!(
                build(|c| c.base_url = Some("https://example.test".into()))
                    .unwrap()
                    .base_url(),
                "https://example.test/"
            );
            std::env::remove_var(plenigo::BASE_URL_ENV);
            assert_eq!(
                build(|_| {}).unwrap().base_url(),
                "https://api.plenigo.com/"
            );
        },
    );
}

#[test]
fn a_base_url_with_a_path_prefix_keeps_it() {
    let (sandbox, _) = setup();
    let client = client_for(&sandbox, |c| {
        c.base_url = Some(format!("{}/", sandbox.url()))
    });
    client.apps().get_customer_apps(CUSTOMER).unwrap();
    assert_eq!(
        single_entry(&sandbox).path,
        format!("/api/v2/access/app/{CUSTOMER}")
    );
}

#[test]
fn debug_output_never_shows_the_secret() {
    let config = Config::new(COMPANY, SECRET);
    let client = PlenigoClient::new(config.clone()).unwrap();
    for text in [
        format!("{config:?}"),
        format!("{client:?}"),
        format!("{:?}", config.secret),
        config.secret.to_string(),
    ] {
        assert!(!text.contains(SECRET), "{text}");
    }
    assert!(format!("{client:?}").contains(COMPANY));
}

#[test]
fn one_client_serves_many_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<PlenigoClient>();
    let (sandbox, client) = setup();
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            std::thread::spawn(move || {
                for _ in 0..50 {
                    assert!(client
                        .apps()
                        .has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP)
                        .unwrap());
                    assert!(!client
                        .apps()
                        .has_user_bought(CUSTOMER, OTHER_PRODUCT, FIXTURE_APP)
                        .unwrap());
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(sandbox.journal().len(), 800);
    assert_error(
        client
            .apps()
            .request_app_token(CUSTOMER, OTHER_PRODUCT, "x"),
        ErrorKind::PreconditionFailed,
        Some(412),
        11,
    );
}
