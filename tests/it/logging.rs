//! Log lines go through the `log` crate under the target `plenigo`: one per attempt, with the
//! retry's wait, never the secret, the token or an ID; the `log` levels filter them; and a
//! logger that panics changes nothing about the call.

use std::cell::{Cell, RefCell};
use std::sync::{Mutex, MutexGuard, Once};

use log::{Level, LevelFilter, Log, Metadata, Record};
use plenigo::ErrorKind;
use plenigo_sandbox::Fault;

use crate::common::*;

/// One captured line: level, target, message.
type Line = (Level, String, String);

thread_local! {
    /// The lines logged on this thread while it captures.
    static LINES: RefCell<Option<Vec<Line>>> = const { RefCell::new(None) };
    /// The logger panics on this thread.
    static PANIC: Cell<bool> = const { Cell::new(false) };
}

/// The process's logger: keeps the library's lines on the threads that capture (the library
/// logs on the caller's thread), and panics after keeping one on a thread that asks for it.
/// Lines of other targets are left out: in this test binary, `tracing`'s `log` feature (which
/// the sandbox's axum turns on) forwards hyper's own debug events to `log`, and the blocking
/// API runs hyper on the caller's thread; a build of the library alone has no such lines.
struct Capture;

impl Log for Capture {
    fn enabled(&self, _: &Metadata) -> bool {
        true
    }

    fn log(&self, record: &Record) {
        if record.target() != plenigo::LOG_TARGET {
            return;
        }
        LINES.with_borrow_mut(|lines| {
            if let Some(lines) = lines {
                let line = (
                    record.level(),
                    record.target().to_owned(),
                    record.args().to_string(),
                );
                lines.push(line);
            }
        });
        if PANIC.get() {
            panic!("the test logger fails on purpose");
        }
    }

    fn flush(&self) {}
}

/// Installs the logger (once) and holds the lock these tests share: they change the
/// process-wide maximum level.
fn serial() -> MutexGuard<'static, ()> {
    static INSTALL: Once = Once::new();
    static SERIAL: Mutex<()> = Mutex::new(());
    INSTALL.call_once(|| log::set_logger(&Capture).expect("no other logger in this binary"));
    let guard = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    log::set_max_level(LevelFilter::Trace);
    guard
}

/// The lines logged on this thread while `body` runs.
fn captured(body: impl FnOnce()) -> Vec<Line> {
    LINES.set(Some(Vec::new()));
    body();
    LINES.take().unwrap()
}

#[test]
fn a_retried_request_is_logged_without_secrets_and_levels_filter() {
    let _serial = serial();
    let (sandbox, client) = setup();
    sandbox.inject(Fault {
        status: Some(503),
        retry_after: Some("0".into()),
        ..Default::default()
    });
    let logged = captured(|| {
        assert!(client
            .apps()
            .has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP)
            .unwrap())
    });
    let jtis = jtis(&sandbox);

    assert_eq!(logged.len(), 2, "{logged:#?}");
    let route = "GET /access/app/{customerId}/{productId}/{customerAppId}";
    assert_eq!(logged[0].0, Level::Info);
    assert_eq!(logged[0].1, plenigo::LOG_TARGET);
    assert_eq!(plenigo::LOG_TARGET, "plenigo");
    assert!(
        logged[0]
            .2
            .starts_with(&format!("{route} -> HTTP 503 (attempt 1, ")),
        "{}",
        logged[0].2
    );
    assert!(logged[0].2.contains("retrying in 0 ms"), "{}", logged[0].2);
    assert_eq!(logged[1].0, Level::Debug);
    assert_eq!(logged[1].1, "plenigo");
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

    // At warn, a success logs nothing and a failure its warning; off, nothing at all.
    log::set_max_level(LevelFilter::Warn);
    let logged = captured(|| {
        client.apps().get_customer_apps(CUSTOMER).unwrap();
    });
    assert!(logged.is_empty(), "{logged:#?}");
    sandbox.inject(Fault {
        status: Some(502),
        ..Default::default()
    });
    let once = client_for(&sandbox, |c| c.max_retries = 0);
    let logged = captured(|| {
        assert_error(
            once.apps().get_customer_apps(CUSTOMER),
            ErrorKind::Server,
            Some(502),
            0,
        );
    });
    assert_eq!(logged.len(), 1, "{logged:#?}");
    assert_eq!(logged[0].0, Level::Warn);
    assert!(
        logged[0]
            .2
            .starts_with("GET /access/app/{customerId} -> HTTP 502 (attempt 1, "),
        "{}",
        logged[0].2
    );
    log::set_max_level(LevelFilter::Off);
    let logged = captured(|| {
        client
            .users()
            .create_login_token("no-such-customer", false)
            .unwrap_err();
    });
    assert!(logged.is_empty(), "{logged:#?}");
}

#[test]
fn a_panicking_logger_never_fails_a_call_nor_changes_its_result() {
    let _serial = serial();
    let (sandbox, client) = setup();
    PANIC.set(true);

    let mut token = String::new();
    let logged = captured(|| token = client.users().create_login_token(CUSTOMER, false).unwrap());
    assert_eq!(logged.len(), 1, "the logger was called: {logged:#?}");
    let entry = single_entry(&sandbox);
    assert_eq!(entry.method, "POST");
    assert_eq!(
        entry.path,
        format!("/api/v2/externalUser/{CUSTOMER}/createLoginToken")
    );
    assert_eq!(
        sandbox.login_token(&token).expect("a real token")["customerId"],
        CUSTOMER
    );

    // Every line of a retried call reaches the logger, and the call still succeeds.
    sandbox.inject(Fault {
        status: Some(503),
        retry_after: Some("0".into()),
        ..Default::default()
    });
    let logged = captured(|| {
        assert!(client
            .apps()
            .has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP)
            .unwrap())
    });
    assert_eq!(logged.len(), 2, "{logged:#?}");

    // An error stays the same error.
    let logged = captured(|| {
        assert_error(
            client.users().create_login_token("no-such-customer", false),
            ErrorKind::NotFound,
            Some(404),
            18,
        );
    });
    assert_eq!(logged.len(), 1, "{logged:#?}");

    // So does a future's result (its lines are logged where it is awaited).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let logged = captured(|| {
        let token = runtime
            .block_on(client.users_async().create_login_token(CUSTOMER, false))
            .unwrap();
        assert!(sandbox.login_token(&token).is_some());
    });
    assert_eq!(logged.len(), 1, "{logged:#?}");
    PANIC.set(false);
}
