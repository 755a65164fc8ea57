//! A hostile server of our own: raw bytes on a loopback socket, playing the answers that a
//! broken proxy, a misconfigured load balancer or an attacker could send. The client must
//! fail closed, bounded and typed: never grant access, never buffer without limit, never
//! wait past its deadline, never hand its token to anybody else.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::common::*;
use plenigo::{Config, ErrorKind, PlenigoClient, PlenigoError};

/// What a hostile server does with each connection it accepts.
type Script = dyn Fn(&mut TcpStream) + Send + Sync;

/// A server that runs `script` on every connection (after reading the request head) and
/// records every request head it read.
struct Hostile {
    url: String,
    heads: Arc<Mutex<Vec<String>>>,
}

impl Hostile {
    fn start(script: impl Fn(&mut TcpStream) + Send + Sync + 'static) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let heads = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Script> = Arc::new(script);
        let recorded = heads.clone();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let (script, recorded) = (script.clone(), recorded.clone());
                thread::spawn(move || {
                    recorded.lock().unwrap().push(read_head(&mut stream));
                    script(&mut stream);
                });
            }
        });
        Hostile { url, heads }
    }

    /// A server that answers every request with `response` (raw bytes).
    fn answering(response: impl Into<Vec<u8>>) -> Hostile {
        let response = response.into();
        Hostile::start(move |stream| {
            let _ = stream.write_all(&response);
        })
    }

    fn client(&self, adjust: impl FnOnce(&mut Config)) -> PlenigoClient {
        client_at(&self.url, adjust)
    }

    fn requests(&self) -> usize {
        self.heads.lock().unwrap().len()
    }
}

/// Reads a request up to the end of its head (and a small body, if any arrives with it).
fn read_head(stream: &mut TcpStream) -> String {
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 65536 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

fn ok_with(body: &str) -> String {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

fn kind_of<T: std::fmt::Debug>(result: Result<T, PlenigoError>) -> ErrorKind {
    let error = result.expect_err("expected an error");
    assert_clean(&error);
    error.kind()
}

#[test]
fn an_answer_larger_than_the_cap_is_refused_without_reading_it() {
    // Declares 1 GiB and starts sending it.
    let server = Hostile::start(|stream| {
        let _ = stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1073741824\r\n\r\n",
        );
        let chunk = vec![b'a'; 65536];
        for _ in 0..16384 {
            if stream.write_all(&chunk).is_err() {
                return;
            }
        }
    });
    let client = server.client(|_| {});
    let started = Instant::now();
    let error = client
        .users()
        .create_login_token(CUSTOMER, false)
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidResponse, "{error}");
    assert!(
        error.to_string().contains("larger than 1048576 bytes"),
        "{error}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn an_endless_chunked_answer_is_cut_at_the_cap() {
    let server = Hostile::start(|stream| {
        let _ = stream.write_all(b"HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\n\r\n");
        let chunk = format!("10000\r\n{}\r\n", "x".repeat(65536));
        loop {
            if stream.write_all(chunk.as_bytes()).is_err() {
                return;
            }
        }
    });
    let client = server.client(|c| c.max_response_bytes = 100_000);
    let started = Instant::now();
    let error = client.apps().get_customer_apps(CUSTOMER).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidResponse, "{error}");
    assert_eq!(error.http_status(), Some(500));
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn a_body_just_under_the_cap_is_read() {
    let apps = format!(r#"{{"apps":[],"pad":"{}"}}"#, "p".repeat(2000));
    let server = Hostile::answering(ok_with(&apps));
    let client = server.client(|c| c.max_response_bytes = 2100);
    assert!(client
        .apps()
        .get_customer_apps(CUSTOMER)
        .unwrap()
        .is_empty());
    let tight = server.client(|c| c.max_response_bytes = 2000);
    assert_eq!(
        kind_of(tight.apps().get_customer_apps(CUSTOMER)),
        ErrorKind::InvalidResponse
    );
}

#[test]
fn an_id_beyond_64_bits_or_a_fraction_is_refused_not_rounded() {
    for body in [
        r#"{"customerId":123456789012345678901234567890}"#,
        r#"{"customerId":1.5}"#,
        r#"{"customerId":1e3}"#,
    ] {
        let server = Hostile::answering(ok_with(body));
        let client = server.client(|_| {});
        let result = client
            .users()
            .register_user(&plenigo::UserRegistration::new("big@example.com", "en"));
        assert_eq!(kind_of(result), ErrorKind::InvalidResponse, "{body}");
    }
    let server = Hostile::answering(ok_with(r#"{"customerId":18446744073709551615}"#));
    let result = server
        .client(|_| {})
        .users()
        .register_user(&plenigo::UserRegistration::new("big@example.com", "en"));
    assert_eq!(result.unwrap(), "18446744073709551615");
}

#[test]
fn a_429_storm_never_outlasts_the_deadline() {
    let server =
        Hostile::answering("HTTP/1.1 429 Too Many\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n");
    let client = server.client(|c| {
        c.deadline = Duration::from_millis(2500);
        c.max_retries = 10;
    });
    let started = Instant::now();
    assert_eq!(
        kind_of(client.apps().get_customer_apps(CUSTOMER)),
        ErrorKind::LimitReached
    );
    let took = started.elapsed();
    assert!(took < Duration::from_millis(2600), "{took:?}");
    assert!(took >= Duration::from_millis(1900), "{took:?}");
    assert_eq!(
        server.requests(),
        3,
        "tries at 0 s, 1 s and 2 s; a wait to 3 s would pass the deadline"
    );
}

#[test]
fn a_slow_server_is_cut_off_at_the_deadline_across_attempts() {
    let server = Hostile::start(|stream| {
        thread::sleep(Duration::from_secs(5));
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    });
    let client = server.client(|c| {
        c.deadline = Duration::from_millis(700);
        c.request_timeout = Duration::from_secs(10);
    });
    let started = Instant::now();
    let error = client.apps().get_customer_apps(CUSTOMER).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    let message = error.to_string();
    assert!(
        message.contains("deadline") && message.contains("700"),
        "{message}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn retry_after_as_an_http_date_is_honoured() {
    let calls = Arc::new(Mutex::new(0));
    let counter = calls.clone();
    let server = Hostile::start(move |stream| {
        let mut calls = counter.lock().unwrap();
        *calls += 1;
        let answer = if *calls == 1 {
            let when =
                httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(2));
            format!("HTTP/1.1 503 Busy\r\nRetry-After: {when}\r\nContent-Length: 0\r\n\r\n")
        } else {
            "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n{\"apps\":[]}".to_owned()
        };
        let _ = stream.write_all(answer.as_bytes());
    });
    let client = server.client(|_| {});
    let started = Instant::now();
    assert!(client
        .apps()
        .get_customer_apps(CUSTOMER)
        .unwrap()
        .is_empty());
    // The date has one-second resolution: the wait is between 1 and 2 seconds.
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(*calls.lock().unwrap(), 2);
}

#[test]
fn a_redirect_never_takes_the_token_elsewhere() {
    let elsewhere = Hostile::answering(ok_with("{}"));
    let server = Hostile::answering(format!(
        "HTTP/1.1 302 Found\r\nLocation: {}/api/v2/access/app/{CUSTOMER}\r\nContent-Length: 0\r\n\r\n",
        elsewhere.url
    ));
    let client = server.client(|_| {});
    assert_eq!(
        kind_of(client.apps().get_customer_apps(CUSTOMER)),
        ErrorKind::InvalidResponse
    );
    thread::sleep(Duration::from_millis(100));
    assert_eq!(elsewhere.requests(), 0, "the redirect target saw a request");
}

#[test]
fn odd_statuses_are_typed_errors_and_never_grant() {
    for (status, expected) in [
        ("100 Continue", None),
        ("304 Not Modified", Some(ErrorKind::InvalidResponse)),
        ("418 I'm a teapot", Some(ErrorKind::InvalidResponse)),
        ("600 Beyond", None),
        ("999 Nonsense", None),
    ] {
        let server = Hostile::answering(format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\n\r\n"));
        let client = server.client(|c| {
            c.max_retries = 0;
            c.request_timeout = Duration::from_secs(1);
        });
        let kind = kind_of(
            client
                .apps()
                .has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP),
        );
        match expected {
            Some(expected) => assert_eq!(kind, expected, "{status}"),
            None => assert!(
                matches!(
                    kind,
                    ErrorKind::InvalidResponse | ErrorKind::Network | ErrorKind::Timeout
                ),
                "{status}: {kind:?}"
            ),
        }
    }
}

#[test]
fn gzip_html_and_garbage_bodies_never_grant() {
    let gzip = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xab\xae\x05\x00\x43\xbf\xa6\xa3\x02\x00".to_vec();
    for response in [
        gzip,
        ok_with("<html><body>Welcome back!</body></html>").into_bytes(),
        ok_with("{\"accessGranted\":true").into_bytes(),
        ok_with("\u{0}\u{1}\u{2}garbage").into_bytes(),
    ] {
        let server = Hostile::answering(response);
        let client = server.client(|_| {});
        assert_eq!(
            kind_of(
                client
                    .users()
                    .has_bought_product(CUSTOMER, &[PRODUCT], false)
            ),
            ErrorKind::InvalidResponse
        );
    }
}

#[test]
fn resets_and_bad_chunking_are_network_errors_and_a_broken_post_is_not_retried() {
    // Closed before any answer.
    let server = Hostile::start(|stream| {
        let _ = stream.shutdown(std::net::Shutdown::Both);
    });
    let client = server.client(|_| {});
    let error = client
        .users()
        .create_login_token(CUSTOMER, false)
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Network, "{error}");
    assert!(error.outcome_unknown());
    assert_eq!(
        server.requests(),
        1,
        "a POST that may have been sent is not retried"
    );

    // Cut in the middle of the body.
    let server = Hostile::answering("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"apps\":");
    assert_eq!(
        kind_of(
            server
                .client(|c| c.max_retries = 0)
                .apps()
                .get_customer_apps(CUSTOMER)
        ),
        ErrorKind::Network
    );

    // A chunk size that is not hex.
    let server = Hostile::answering(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
    );
    assert_eq!(
        kind_of(
            server
                .client(|c| c.max_retries = 0)
                .apps()
                .get_customer_apps(CUSTOMER)
        ),
        ErrorKind::Network
    );
}

#[test]
fn slow_headers_end_in_a_timeout() {
    let server = Hostile::start(|stream| {
        for byte in b"HTTP/1.1 200 OK\r\n" {
            if stream.write_all(&[*byte]).is_err() {
                return;
            }
            thread::sleep(Duration::from_millis(200));
        }
    });
    let client = server.client(|c| {
        c.request_timeout = Duration::from_millis(500);
        c.max_retries = 0;
    });
    assert_eq!(
        kind_of(client.apps().get_customer_apps(CUSTOMER)),
        ErrorKind::Timeout
    );
}
