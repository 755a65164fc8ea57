//! `GET /__sandbox/connections` and `Sandbox::connections`: accepted, API-carrying and
//! open connections, over HTTP and HTTPS, kept alive or new, across resets and hangs.

use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use plenigo_sandbox::{Connections, Fault, Sandbox};
use serde_json::json;

use crate::common::*;
use crate::tls::{client_trusting, client_trusting_nothing, has_bought, tls_sandbox};

const HAS_BOUGHT: &str = "/api/v2/user/product?customerId=56202510&productId=RgKUHT78563989856641";

fn counts(accepted: u64, api: u64, open: u64) -> Connections {
    Connections {
        accepted,
        api,
        open,
    }
}

/// Waits (up to 5 s) until the counts are `expected`.
fn wait_for(sandbox: &Sandbox, expected: Connections) {
    let started = Instant::now();
    while sandbox.connections() != expected {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "counts {:?}, expected {expected:?}",
            sandbox.connections()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn the_admin_endpoint_reports_the_counts_including_its_own_connection() {
    let sandbox = Sandbox::start().unwrap();
    assert_eq!(sandbox.connections(), counts(0, 0, 0));
    let response = admin(&sandbox, "GET", "/__sandbox/connections", None);
    assert_eq!(response.status, 200);
    assert_eq!(response.json(), json!({"accepted": 1, "api": 0, "open": 1}));
    wait_for(&sandbox, counts(1, 0, 0));
}

#[test]
fn keep_alive_requests_share_one_connection() {
    let sandbox = Sandbox::start().unwrap();
    let mut connection = KeepAlive::open(&sandbox);
    for _ in 0..3 {
        assert_eq!(connection.get(HAS_BOUGHT), 200);
    }
    assert_eq!(sandbox.journal().len(), 3);
    assert_eq!(sandbox.connections(), counts(1, 1, 1));
    drop(connection);
    wait_for(&sandbox, counts(1, 1, 0));
}

#[test]
fn new_connections_are_counted_each() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    for _ in 0..3 {
        assert_eq!(client.get(HAS_BOUGHT).status, 200);
    }
    // Admin requests are connections, but carry no API request.
    admin(&sandbox, "GET", "/__sandbox/journal", None);
    wait_for(&sandbox, counts(4, 3, 0));
}

#[test]
fn reset_zeroes_accepted_and_api_and_a_kept_connection_counts_again() {
    let sandbox = Sandbox::start().unwrap();
    let mut kept = KeepAlive::open(&sandbox);
    assert_eq!(kept.get(HAS_BOUGHT), 200);
    Client::new(&sandbox).get(HAS_BOUGHT);
    wait_for(&sandbox, counts(2, 2, 1));

    sandbox.reset();
    assert_eq!(sandbox.connections(), counts(0, 0, 1));
    for _ in 0..3 {
        assert_eq!(kept.get(HAS_BOUGHT), 200);
    }
    assert_eq!(sandbox.connections(), counts(0, 1, 1));

    // The admin reset does the same; its own connection was accepted before it.
    assert_eq!(
        admin(&sandbox, "POST", "/__sandbox/reset", None).status,
        200
    );
    wait_for(&sandbox, counts(0, 0, 1));
    assert_eq!(kept.get(HAS_BOUGHT), 200);
    assert_eq!(sandbox.connections(), counts(0, 1, 1));
}

#[test]
fn tls_connections_are_counted_and_reused_by_a_pooling_client() {
    let sandbox = tls_sandbox();
    let client = client_trusting(&sandbox.ca_cert_pem().unwrap());
    for _ in 0..3 {
        has_bought(&client, &sandbox.url()).unwrap();
    }
    assert_eq!(sandbox.connections(), counts(1, 1, 1));
    // A failed handshake is accepted but carries nothing.
    assert!(has_bought(&client_trusting_nothing(), &sandbox.url()).is_err());
    wait_for(&sandbox, counts(2, 1, 1));
    drop(client);
    wait_for(&sandbox, counts(2, 1, 0));
}

#[test]
fn a_hanging_request_is_open_until_the_client_goes_away() {
    let sandbox = Sandbox::start().unwrap();
    sandbox.inject(Fault {
        hang: true,
        ..Default::default()
    });
    let mut stream = TcpStream::connect(sandbox.addr()).unwrap();
    let request = format!(
        "GET {HAS_BOUGHT} HTTP/1.1\r\nHost: sandbox\r\nplenigoToken: {}\r\n\r\n",
        token(COMPANY, SECRET)
    );
    stream.write_all(request.as_bytes()).unwrap();
    wait_for(&sandbox, counts(1, 1, 1));
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(sandbox.connections().open, 1, "still hanging");
    drop(stream);
    wait_for(&sandbox, counts(1, 1, 0));
}

#[test]
fn a_client_timing_out_on_a_hang_over_tls_closes_its_connection() {
    let sandbox = tls_sandbox();
    sandbox.inject(Fault {
        hang: true,
        ..Default::default()
    });
    let client = reqwest::blocking::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(
            reqwest::Certificate::from_pem(sandbox.ca_cert_pem().unwrap().as_bytes()).unwrap(),
        )
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let error = has_bought(&client, &sandbox.url()).unwrap_err();
    assert!(error.is_timeout(), "{error}");
    wait_for(&sandbox, counts(1, 1, 0));
    // The next call opens a new connection and is answered.
    has_bought(&client, &sandbox.url()).unwrap();
    assert_eq!(sandbox.connections(), counts(2, 2, 1));
}
