//! The process-wide shared clients of `PlenigoClient::shared`: one per distinct config.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use plenigo::{Config, PlenigoClient, Secret, MAX_SHARED_CLIENTS};
use plenigo_sandbox::{Sandbox, SandboxOptions};

use crate::common::*;

/// The registry is process-wide and the tests of this binary run in parallel: the tests here
/// take turns.
fn serial() -> MutexGuard<'static, ()> {
    static SERIAL: Mutex<()> = Mutex::new(());
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

#[test]
fn shared_clients_are_reused_per_config_and_bounded() {
    let _serial = serial();
    let sandbox = Sandbox::start().unwrap();
    let base = config(&sandbox.url(), |_| {});
    let first = PlenigoClient::shared(base.clone()).unwrap();
    let again = PlenigoClient::shared(base.clone()).unwrap();
    assert!(first.same_client(&again), "same config, same client");
    assert!(again
        .apps()
        .has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP)
        .unwrap());

    // A bad config is refused, not cached.
    let mut bad = base.clone();
    bad.company_id = " ".into();
    assert!(PlenigoClient::shared(bad).is_err());

    // Bounded: after MAX_SHARED_CLIENTS other configs, the first is gone (least recently used),
    // while the handle held here keeps working.
    let with_suffix = |suffix: String| {
        let mut config = base.clone();
        config.user_agent_suffix = Some(suffix);
        config
    };
    for n in 0..MAX_SHARED_CLIENTS {
        PlenigoClient::shared(with_suffix(format!("filler/{n}"))).unwrap();
    }
    let fresh = PlenigoClient::shared(base.clone()).unwrap();
    assert!(!first.same_client(&fresh));
    assert!(first
        .apps()
        .has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP)
        .unwrap());

    // Recently used entries survive: `fresh` was just used, a few more configs don't evict it.
    for n in 0..MAX_SHARED_CLIENTS - 1 {
        PlenigoClient::shared(with_suffix(format!("second/{n}"))).unwrap();
    }
    assert!(fresh.same_client(&PlenigoClient::shared(base.clone()).unwrap()));

    PlenigoClient::clear_shared();
    assert!(!fresh.same_client(&PlenigoClient::shared(base).unwrap()));
}

/// A change to one config field.
type Change = Box<dyn Fn(&mut Config)>;

/// The names of the config's fields, read from its pretty Debug form.
fn field_names(config: &Config) -> Vec<String> {
    format!("{config:#?}")
        .lines()
        .filter_map(|line| {
            let name = line.strip_prefix("    ")?.split_once(':')?.0;
            let plain =
                !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_');
            plain.then(|| name.to_owned())
        })
        .collect()
}

#[test]
fn every_config_field_tells_shared_clients_apart() {
    let _serial = serial();
    let sandbox = Sandbox::start().unwrap();
    let ca_pem = Sandbox::start_with(SandboxOptions {
        tls: true,
        ..Default::default()
    })
    .unwrap()
    .ca_cert_pem()
    .unwrap();
    let base = config(&sandbox.url(), |_| {});
    let ms = Duration::from_millis;
    let changes: Vec<(&str, Change)> = vec![
        (
            "company_id",
            Box::new(|c| c.company_id = "12NuCmdZUTRRkQiCqP2Q".into()),
        ),
        (
            "secret",
            Box::new(|c| c.secret = Secret::new(SECOND_SECRET)),
        ),
        (
            "base_url",
            Box::new(|c| {
                c.base_url = Some(c.base_url.take().unwrap().replace("127.0.0.1", "localhost"))
            }),
        ),
        ("test_mode", Box::new(|c| c.test_mode = true)),
        (
            "connect_timeout",
            Box::new(move |c| c.connect_timeout += ms(1)),
        ),
        (
            "request_timeout",
            Box::new(move |c| c.request_timeout += ms(1)),
        ),
        ("max_retries", Box::new(|c| c.max_retries += 1)),
        ("deadline", Box::new(move |c| c.deadline += ms(1))),
        (
            "max_response_bytes",
            Box::new(|c| c.max_response_bytes += 1),
        ),
        (
            "user_agent_suffix",
            Box::new(|c| c.user_agent_suffix = Some("shop/1".into())),
        ),
        (
            "allow_insecure_http",
            Box::new(|c| c.allow_insecure_http = true),
        ),
        (
            "proxy_url",
            Box::new(|c| c.proxy_url = Some("http://127.0.0.1:9".into())),
        ),
        (
            "extra_root_certs_pem",
            Box::new(move |c| c.extra_root_certs_pem = Some(ca_pem.clone())),
        ),
    ];
    // A field added to Config must be added here.
    let changed: Vec<&str> = changes.iter().map(|(field, _)| *field).collect();
    assert_eq!(field_names(&base), changed);

    PlenigoClient::clear_shared();
    let shared = PlenigoClient::shared(base.clone()).unwrap();
    for (field, change) in &changes {
        let mut other = base.clone();
        change(&mut other);
        assert_ne!(other, base, "{field}");
        let client = PlenigoClient::shared(other.clone()).unwrap();
        assert!(!client.same_client(&shared), "{field} changed, same client");
        assert!(
            client.same_client(&PlenigoClient::shared(other).unwrap()),
            "{field}: an equal config gives the same client"
        );
    }
    let equal = config(&sandbox.url(), |_| {});
    assert!(shared.same_client(&PlenigoClient::shared(equal).unwrap()));
    assert!(
        !shared.same_client(&PlenigoClient::new(base).unwrap()),
        "new() never shares"
    );
}
