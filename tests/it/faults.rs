//! Faults: retries where they are safe, timeouts, resets, garbage bodies, redirects.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use crate::common::*;
use plenigo::ErrorKind;
use plenigo_sandbox::Fault;

fn fault(method: &str, path: &str) -> Fault {
    Fault {
        method: Some(method.into()),
        path: Some(path.into()),
        ..Default::default()
    }
}

#[test]
fn a_get_answered_503_is_retried_with_a_new_token() {
    let (sandbox, client) = setup();
    sandbox.inject(Fault {
        status: Some(503),
        ..fault("GET", "/api/v2/access/app/")
    });
    assert!(client
        .apps()
        .has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP)
        .unwrap());
    let statuses: Vec<u16> = sandbox.journal().iter().map(|e| e.status).collect();
    assert_eq!(statuses, [503, 200]);
    let jtis = jtis(&sandbox);
    assert_ne!(jtis[0], jtis[1]);
}

#[test]
fn a_get_whose_connection_is_reset_is_retried() {
    let (sandbox, client) = setup();
    sandbox.inject(Fault {
        reset: true,
        ..fault("GET", "/api/v2/access/app/")
    });
    assert_eq!(client.apps().get_customer_apps(CUSTOMER).unwrap().len(), 1);
    assert_eq!(sandbox.journal().len(), 2);
}

#[test]
fn retries_stop_at_max_retries() {
    let (sandbox, client) = setup();
    sandbox.inject(Fault {
        status: Some(502),
        count: Some(10),
        ..fault("GET", "/api/v2/")
    });
    assert_error(
        client.apps().get_customer_apps(CUSTOMER),
        ErrorKind::Server,
        Some(502),
        0,
    );
    assert_eq!(sandbox.journal().len(), 3, "one try and two retries");
    let none = client_for(&sandbox, |c| c.max_retries = 0);
    sandbox.clear_journal();
    assert_error(
        none.apps().get_customer_apps(CUSTOMER),
        ErrorKind::Server,
        Some(502),
        0,
    );
    assert_eq!(sandbox.journal().len(), 1);
}

#[test]
fn a_post_answered_503_is_not_retried() {
    let (sandbox, client) = setup();
    sandbox.inject(Fault {
        status: Some(503),
        ..fault("POST", "/api/v2/access/app/token/")
    });
    assert_error(
        client.apps().request_app_token(CUSTOMER, PRODUCT, "x"),
        ErrorKind::Server,
        Some(503),
        0,
    );
    assert_eq!(sandbox.journal().len(), 1);
}

#[test]
fn a_post_whose_connection_broke_reports_an_unknown_outcome_and_is_not_retried() {
    let (sandbox, client) = setup();
    sandbox.inject(Fault {
        reset: true,
        ..fault("POST", "/api/v2/externalUser/register")
    });
    let result = client
        .users()
        .register_user(&plenigo::UserRegistration::new("lost@example.com", "en"));
    let error = assert_error(result, ErrorKind::Network, None, 5);
    assert!(error.outcome_unknown(), "{error}");
    assert!(error.to_string().contains("outcome unknown"), "{error}");
    assert_eq!(sandbox.journal().len(), 1);
}

#[test]
fn retry_after_is_honoured() {
    let (sandbox, client) = setup();
    sandbox.inject(Fault {
        status: Some(503),
        retry_after: Some("1".into()),
        ..fault("GET", "/api/v2/access/app/")
    });
    let started = Instant::now();
    client.apps().get_customer_apps(CUSTOMER).unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited only {:?}",
        started.elapsed()
    );
    // A server asking for more than the client is willing to wait gets its error back at once.
    sandbox.inject(Fault {
        status: Some(503),
        retry_after: Some("3600".into()),
        ..fault("GET", "/api/v2/access/app/")
    });
    assert_error(
        client.apps().get_customer_apps(CUSTOMER),
        ErrorKind::Server,
        Some(503),
        0,
    );
}

#[test]
fn a_slow_answer_gives_the_timeout_error_in_about_the_configured_time() {
    let (sandbox, _) = setup();
    let client = client_for(&sandbox, |c| c.request_timeout = Duration::from_millis(300));
    sandbox.inject(Fault {
        delay_ms: Some(5_000),
        count: Some(5),
        ..fault("GET", "/api/v2/")
    });
    let started = Instant::now();
    let error = assert_error(
        client.apps().get_customer_apps(CUSTOMER),
        ErrorKind::Timeout,
        None,
        5,
    );
    assert!(!error.outcome_unknown(), "a GET is idempotent");
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(300) && took < Duration::from_millis(2_500),
        "took {took:?}"
    );

    sandbox.inject(Fault {
        hang: true,
        ..fault("POST", "/api/v2/access/app/token/")
    });
    let error = assert_error(
        client.apps().request_app_token(CUSTOMER, PRODUCT, "x"),
        ErrorKind::Timeout,
        None,
        5,
    );
    assert!(
        error.outcome_unknown(),
        "a POST that timed out may have taken effect"
    );
}

#[test]
fn garbage_bodies_are_typed_errors() {
    let (sandbox, client) = setup();
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    sandbox.inject(Fault {
        status: Some(502),
        body: Some(html.into()),
        content_type: Some("text/html".into()),
        count: Some(3),
        ..fault("GET", "/api/v2/")
    });
    let error = assert_error(
        client.apps().get_customer_apps(CUSTOMER),
        ErrorKind::Server,
        Some(502),
        0,
    );
    assert!(error.to_string().contains("502 Bad Gateway"), "{error}");

    sandbox.inject(Fault {
        body: Some(r#"{"customerId":"56"#.into()),
        ..fault("POST", "/api/v2/access/app/token/")
    });
    assert_error(
        client.apps().request_app_token(CUSTOMER, PRODUCT, "x"),
        ErrorKind::InvalidResponse,
        Some(200),
        0,
    );

    sandbox.inject(Fault {
        body: Some(String::new()),
        ..fault("GET", "/api/v2/access/app/")
    });
    assert_error(
        client.apps().get_customer_apps(CUSTOMER),
        ErrorKind::InvalidResponse,
        Some(200),
        0,
    );

    sandbox.inject(Fault {
        body: Some("[1, 2]".into()),
        ..fault("POST", "/api/v2/externalUser/")
    });
    assert_error(
        client.users().create_login_token(CUSTOMER, false),
        ErrorKind::InvalidResponse,
        Some(200),
        0,
    );

    sandbox.inject(Fault {
        status: Some(500),
        body: Some("{\"error\":500,\"descr".into()),
        ..fault("DELETE", "/api/v2/")
    });
    assert_error(
        client.apps().delete_customer_app(CUSTOMER, FIXTURE_APP),
        ErrorKind::Server,
        Some(500),
        10,
    );
}

#[test]
fn bare_string_bodies_and_204_are_understood() {
    let (sandbox, client) = setup();
    sandbox.inject(Fault {
        body: Some("\"98765432\"".into()),
        ..fault("POST", "/api/v2/externalUser/register")
    });
    assert_eq!(
        client
            .users()
            .register_user(&plenigo::UserRegistration::new("bare@example.com", "en"))
            .unwrap(),
        "98765432"
    );
    sandbox.inject(Fault {
        body: Some("plain-login-token".into()),
        content_type: Some("text/plain".into()),
        ..fault("POST", "/api/v2/externalUser/")
    });
    assert_eq!(
        client.users().create_login_token(CUSTOMER, false).unwrap(),
        "plain-login-token"
    );
    sandbox.inject(Fault {
        status: Some(204),
        body: Some(String::new()),
        ..fault("GET", "/api/v2/access/app/")
    });
    assert!(client
        .apps()
        .has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP)
        .unwrap());
    sandbox.inject(Fault {
        status: Some(204),
        body: Some(String::new()),
        ..fault("PUT", "/api/v2/externalUser/")
    });
    client
        .users()
        .change_email(CUSTOMER, "n@example.com", false)
        .unwrap();
}

#[test]
fn a_refused_connection_is_a_network_error() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = client_at(&format!("http://127.0.0.1:{port}"), |c| c.max_retries = 1);
    let error = assert_error(
        client.apps().request_app_token(CUSTOMER, PRODUCT, "x"),
        ErrorKind::Network,
        None,
        5,
    );
    assert!(!error.outcome_unknown(), "nothing was sent");
}

#[test]
fn redirects_are_not_followed() {
    let target = TcpListener::bind("127.0.0.1:0").unwrap();
    target.set_nonblocking(true).unwrap();
    let redirector = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}", redirector.local_addr().unwrap());
    let location = format!(
        "http://{}/api/v2/access/app/x",
        target.local_addr().unwrap()
    );
    let server = std::thread::spawn(move || {
        let (mut stream, _) = redirector.accept().unwrap();
        let mut buf = [0u8; 4096];
        let _ = stream.read(&mut buf).unwrap();
        write!(stream, "HTTP/1.1 307 Temporary Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").unwrap();
    });
    let client = client_at(&base_url, |_| {});
    assert_error(
        client.apps().get_customer_apps(CUSTOMER),
        ErrorKind::InvalidResponse,
        Some(307),
        0,
    );
    server.join().unwrap();
    assert!(
        target.accept().is_err(),
        "the plenigoToken must never follow a redirect"
    );
}
