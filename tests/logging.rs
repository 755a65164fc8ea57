//! Log lines reach the caller's sink: one per attempt, with the retry's reason and wait, and
//! never the secret, the token or an ID.

mod common;

use std::sync::{Arc, Mutex};

use common::*;
use plenigo::{set_log_sink, LogLevel, LogSink};
use plenigo_sandbox::Fault;

#[derive(Default)]
struct Lines(Mutex<Vec<(LogLevel, String, String)>>);

impl LogSink for Lines {
    fn log(&self, level: LogLevel, target: String, message: String) {
        self.0.lock().unwrap().push((level, target, message));
    }
}

// One test function: the sink is process-wide.
#[test]
fn a_retried_request_is_logged_without_secrets_and_logging_turns_off() {
    let (sandbox, client) = setup();
    let lines = Arc::new(Lines::default());
    set_log_sink(Some(lines.clone()), LogLevel::Debug).unwrap();

    sandbox.inject(Fault {
        status: Some(503),
        retry_after: Some("0".into()),
        ..Default::default()
    });
    assert!(client
        .apps()
        .has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP)
        .unwrap());
    let jtis = jtis(&sandbox);

    let logged = lines.0.lock().unwrap().clone();
    assert_eq!(logged.len(), 2, "{logged:#?}");
    let route = "GET /access/app/{customerId}/{productId}/{customerAppId}";
    assert_eq!(logged[0].0, LogLevel::Info);
    assert_eq!(logged[0].1, "plenigo");
    assert!(
        logged[0]
            .2
            .starts_with(&format!("{route} -> HTTP 503 (attempt 1, ")),
        "{}",
        logged[0].2
    );
    assert!(logged[0].2.contains("retrying in 0 ms"), "{}", logged[0].2);
    assert_eq!(logged[1].0, LogLevel::Debug);
    assert!(
        logged[1]
            .2
            .starts_with(&format!("{route} -> HTTP 200 (attempt 2, ")),
        "{}",
        logged[1].2
    );
    for (_, _, line) in &logged {
        for secret in [
            SECRET,
            &jtis[0],
            &jtis[1],
            "eyJ",
            CUSTOMER,
            PRODUCT,
            FIXTURE_APP,
        ] {
            assert!(!line.contains(secret), "{line}");
        }
    }

    // Below the level, nothing; off, nothing at all.
    set_log_sink(Some(lines.clone()), LogLevel::Warn).unwrap();
    client.apps().get_customer_apps(CUSTOMER).unwrap();
    assert_eq!(lines.0.lock().unwrap().len(), 2);
    set_log_sink(None, LogLevel::Debug).unwrap();
    client
        .users()
        .create_login_token("no-such-customer", false)
        .unwrap_err();
    assert_eq!(lines.0.lock().unwrap().len(), 2);
}
