//! A sandbox people can leave running: timeouts, the connection cap, body and header
//! caps, the bounded journal, and admin input that is rejected rather than obeyed.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use plenigo_sandbox::{Fault, Limits, Sandbox, SandboxOptions};
use serde_json::json;

use crate::common::*;

fn sandbox_with(limits: Limits) -> Sandbox {
    Sandbox::start_with(SandboxOptions {
        limits,
        ..Default::default()
    })
    .unwrap()
}

/// Reads until the server closes; returns what came and how long it took.
fn read_until_closed(stream: &mut TcpStream) -> (Vec<u8>, Duration) {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    let mut buffer = [0; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buffer[..n]),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => break,
            Err(e) => panic!("the server did not close the connection: {e}"),
        }
    }
    (answer, started.elapsed())
}

/// Waits (up to 5 s) until `open` connections are counted.
fn wait_open(sandbox: &Sandbox, open: u64) {
    let started = Instant::now();
    while sandbox.connections().open != open {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            sandbox.connections()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

const HAS_BOUGHT: &str = "/api/v2/user/product?customerId=56202510&productId=RgKUHT78563989856641";

#[test]
fn an_idle_connection_is_closed_after_the_header_timeout() {
    let sandbox = sandbox_with(Limits {
        header_timeout: Duration::from_millis(300),
        ..Default::default()
    });
    let mut idle = TcpStream::connect(sandbox.addr()).unwrap();
    wait_open(&sandbox, 1);
    let (answer, took) = read_until_closed(&mut idle);
    assert!(answer.is_empty(), "{answer:?}");
    assert!(took < Duration::from_secs(3), "{took:?}");
    wait_open(&sandbox, 0);
}

#[test]
fn a_stalled_tls_handshake_is_closed_after_the_header_timeout() {
    let sandbox = Sandbox::start_with(SandboxOptions {
        tls: true,
        limits: Limits {
            header_timeout: Duration::from_millis(300),
            ..Default::default()
        },
        ..Default::default()
    })
    .unwrap();
    let mut stalled = TcpStream::connect(sandbox.addr()).unwrap();
    // The start of a TLS record, and then nothing.
    stalled.write_all(&[0x16, 0x03, 0x01]).unwrap();
    wait_open(&sandbox, 1);
    let (answer, took) = read_until_closed(&mut stalled);
    assert!(answer.is_empty(), "{answer:?}");
    assert!(took < Duration::from_secs(3), "{took:?}");
    wait_open(&sandbox, 0);
}

#[test]
fn trickling_headers_are_cut_off() {
    let sandbox = sandbox_with(Limits {
        header_timeout: Duration::from_millis(400),
        ..Default::default()
    });
    let mut slow = TcpStream::connect(sandbox.addr()).unwrap();
    let started = Instant::now();
    slow.write_all(b"GET /__sandbox/journal HTTP/1.1\r\n")
        .unwrap();
    // One header byte every 50 ms keeps the connection busy but never finishes the head.
    while started.elapsed() < Duration::from_secs(3) {
        if slow.write_all(b"X").is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let (answer, _) = read_until_closed(&mut slow);
    assert!(!answer.starts_with(b"HTTP/1.1 200"), "{answer:?}");
    wait_open(&sandbox, 0);
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[test]
fn a_kept_alive_connection_survives_pauses_shorter_than_the_timeout() {
    let sandbox = sandbox_with(Limits {
        header_timeout: Duration::from_millis(1500),
        ..Default::default()
    });
    let mut stream = TcpStream::connect(sandbox.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    for _ in 0..3 {
        let request = format!(
            "GET {HAS_BOUGHT} HTTP/1.1\r\nHost: s\r\nplenigoToken: {}\r\n\r\n",
            token(COMPANY, SECRET)
        );
        stream.write_all(request.as_bytes()).unwrap();
        let mut buffer = [0; 4096];
        let n = stream.read(&mut buffer).unwrap();
        assert!(buffer[..n].starts_with(b"HTTP/1.1 200"));
        std::thread::sleep(Duration::from_millis(300));
    }
    let counts = sandbox.connections();
    assert_eq!((counts.accepted, counts.api), (1, 1));
}

#[test]
fn a_slow_body_gets_408() {
    let sandbox = sandbox_with(Limits {
        body_timeout: Duration::from_millis(300),
        ..Default::default()
    });
    let mut stream = TcpStream::connect(sandbox.addr()).unwrap();
    stream
        .write_all(
            b"POST /api/v2/externalUser/register HTTP/1.1\r\nHost: s\r\n\
              Content-Length: 100\r\n\r\n{\"email\"",
        )
        .unwrap();
    let (answer, took) = read_until_closed(&mut stream);
    assert_eq!(parse(&answer).status, 408);
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert_eq!(sandbox.journal()[0].status, 408);
}

#[test]
fn a_body_over_the_cap_gets_413_declared_or_chunked_api_or_admin() {
    let sandbox = sandbox_with(Limits {
        max_body: 1000,
        ..Default::default()
    });
    for path in [
        "/api/v2/externalUser/register",
        "/__sandbox/companies",
        "/__sandbox/checkout",
    ] {
        let declared = format!(
            "POST {path} HTTP/1.1\r\nHost: s\r\nConnection: close\r\nContent-Length: 1001\r\n\r\n"
        );
        let raw = send_raw(sandbox.addr(), declared.as_bytes(), Duration::from_secs(5)).unwrap();
        parse(&raw).assert_error(413);

        let mut chunked = format!(
            "POST {path} HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\
             Transfer-Encoding: chunked\r\n\r\n"
        );
        for _ in 0..3 {
            chunked.push_str(&format!("190\r\n{}\r\n", "a".repeat(400)));
        }
        chunked.push_str("0\r\n\r\n");
        let raw = send_raw(sandbox.addr(), chunked.as_bytes(), Duration::from_secs(5)).unwrap();
        parse(&raw).assert_error(413);
    }
    // At the cap it is read.
    let body = json!({"email": "x@example.com", "language": "en", "name": "n".repeat(900)});
    assert!(body.to_string().len() <= 1000);
    let response = Client::new(&sandbox).post("/api/v2/externalUser/register", body);
    assert_eq!(response.status, 200, "{}", response.body);
}

#[test]
fn huge_headers_get_431() {
    let sandbox = Sandbox::start().unwrap();
    let request = format!(
        "GET /__sandbox/journal HTTP/1.1\r\nHost: s\r\nConnection: close\r\nX-Big: {}\r\n\r\n",
        "b".repeat(100 * 1024)
    );
    let raw = send_raw(sandbox.addr(), request.as_bytes(), Duration::from_secs(5)).unwrap();
    assert_eq!(parse(&raw).status, 431);
}

/// Whether the server closed the connection: reads without waiting.
fn closed_by_server(stream: &TcpStream) -> bool {
    stream.set_nonblocking(true).unwrap();
    let mut byte = [0; 1];
    let closed = match (&*stream).read(&mut byte) {
        Ok(0) => true,
        Ok(_) => panic!("unexpected data"),
        Err(e) if e.kind() == ErrorKind::WouldBlock => false,
        Err(e) if e.kind() == ErrorKind::ConnectionReset => true,
        Err(e) => panic!("{e}"),
    };
    stream.set_nonblocking(false).unwrap();
    closed
}

/// Waits (up to 5 s) until the server closed the connection.
fn wait_closed(stream: &TcpStream) {
    let started = Instant::now();
    while !closed_by_server(stream) {
        assert!(started.elapsed() < Duration::from_secs(5), "still open");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn at_the_connection_cap_the_longest_idle_connection_makes_room() {
    let sandbox = sandbox_with(Limits {
        max_connections: Some(2),
        ..Default::default()
    });
    let mut first = KeepAlive::open(&sandbox);
    let second = TcpStream::connect(sandbox.addr()).unwrap();
    wait_open(&sandbox, 2);
    // The first connection carries a request after the second arrived: the second has
    // been idle longer.
    assert_eq!(first.get(HAS_BOUGHT), 200);
    let mut third = KeepAlive::open(&sandbox);
    assert_eq!(third.get(HAS_BOUGHT), 200, "the newcomer is served");
    wait_closed(&second);
    wait_open(&sandbox, 2);
    assert_eq!(first.get(HAS_BOUGHT), 200, "the first one is still served");
    assert_eq!(sandbox.connections().accepted, 3);
}

#[test]
fn at_the_connection_cap_with_every_connection_busy_a_newcomer_is_closed_at_once() {
    let sandbox = sandbox_with(Limits {
        max_connections: Some(2),
        ..Default::default()
    });
    sandbox.inject(Fault {
        hang: true,
        count: Some(2),
        ..Default::default()
    });
    let request = format!(
        "GET {HAS_BOUGHT} HTTP/1.1\r\nHost: s\r\nplenigoToken: {}\r\n\r\n",
        token(COMPANY, SECRET)
    );
    let hanging: Vec<TcpStream> = (0..2)
        .map(|_| {
            let mut stream = TcpStream::connect(sandbox.addr()).unwrap();
            stream.write_all(request.as_bytes()).unwrap();
            stream
        })
        .collect();
    let started = Instant::now();
    while sandbox.journal().len() < 2 {
        assert!(started.elapsed() < Duration::from_secs(5), "not hanging");
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut third = TcpStream::connect(sandbox.addr()).unwrap();
    let (answer, _) = read_until_closed(&mut third);
    assert!(answer.is_empty(), "{answer:?}");
    assert_eq!(
        sandbox.connections().accepted,
        2,
        "the closed one is not counted"
    );
    assert!(hanging.iter().all(|stream| !closed_by_server(stream)));
    drop(hanging);
    wait_open(&sandbox, 0);
    assert_eq!(Client::new(&sandbox).get(HAS_BOUGHT).status, 200);
}

#[test]
fn the_journal_keeps_bounded_bodies() {
    let sandbox = Sandbox::start().unwrap();
    let big = format!("{{\"email\": \"{}@example.com\"}}", "a".repeat(100_000));
    let response =
        Client::new(&sandbox).request("POST", "/api/v2/externalUser/register", Some(&big));
    assert_eq!(response.status, 400);
    let entry = sandbox.journal().pop().unwrap();
    assert!(entry.body.len() < 17 * 1024, "{}", entry.body.len());
    assert!(entry
        .body
        .ends_with(&format!("...[cut, {} bytes in all]", big.len())));
}

#[test]
fn admin_endpoints_reject_malformed_input_with_400() {
    let sandbox = Sandbox::start().unwrap();
    for body in ["[]", "null", "1", "\"x\"", "[{\"status\": 500}]", "{"] {
        let response = send(
            sandbox.addr(),
            "POST",
            "/__sandbox/faults",
            None,
            Some(body),
        );
        response.assert_error(400);
    }
    for body in [
        json!({"advanceSeconds": u64::MAX}),
        json!({"advanceSeconds": -1}),
        json!({"advanceSeconds": 1.5}),
        json!({"advanceSeconds": "60"}),
        json!({}),
    ] {
        admin(&sandbox, "POST", "/__sandbox/clock", Some(body)).assert_error(400);
    }
    let sixty_years = json!({"advanceSeconds": 60u64 * 365 * 24 * 3600});
    assert_eq!(
        admin(
            &sandbox,
            "POST",
            "/__sandbox/clock",
            Some(sixty_years.clone())
        )
        .status,
        200
    );
    admin(&sandbox, "POST", "/__sandbox/clock", Some(sixty_years)).assert_error(400);
    // The sandbox still works, clock included.
    let moved = admin(
        &sandbox,
        "POST",
        "/__sandbox/clock",
        Some(json!({"advanceSeconds": 1})),
    );
    assert_eq!(moved.status, 200);
    assert!(moved.json()["now"].as_u64().unwrap() > unix_now() as u64);
    assert_eq!(Client::new(&sandbox).get(HAS_BOUGHT).status, 200);
}

#[test]
#[should_panic(expected = "cannot advance the clock")]
fn the_library_clock_refuses_to_overflow() {
    let sandbox = Sandbox::start().unwrap();
    sandbox.advance_clock(u64::MAX);
}

#[test]
fn a_company_with_a_typo_never_echoes_its_secret() {
    let sandbox = Sandbox::start().unwrap();
    for company in [
        json!({"companyId": "T", "secrets": "TopSecretValue"}),
        json!({"companyId": "T", "secrets": ["TopSecretValue", 12345678]}),
    ] {
        let response = admin(&sandbox, "POST", "/__sandbox/companies", Some(company));
        response.assert_error(400);
        assert!(
            !response.body.contains("TopSecretValue"),
            "{}",
            response.body
        );
        assert!(!response.body.contains("12345678"), "{}", response.body);
    }
}

/// A bounded fuzz run over the wire: random bytes and mangled requests never take the
/// server down, and every connection is closed in the end.
#[test]
fn garbage_on_the_wire_never_takes_the_server_down() {
    let sandbox = sandbox_with(Limits {
        header_timeout: Duration::from_secs(1),
        body_timeout: Duration::from_secs(1),
        ..Default::default()
    });
    let valid = format!(
        "POST /api/v2/externalUser/register HTTP/1.1\r\nHost: s\r\nplenigoToken: {}\r\n\
         Content-Type: application/json\r\nContent-Length: 40\r\n\r\n\
         {{\"email\":\"a@example.com\",\"language\":\"en\"}}",
        token(COMPANY, SECRET)
    );
    let mut rng = fastrand::Rng::with_seed(3);
    for _ in 0..150 {
        let mut bytes = valid.clone().into_bytes();
        match rng.u8(..3) {
            // Random bytes.
            0 => bytes = (0..rng.usize(1..512)).map(|_| rng.u8(..)).collect(),
            // A few bytes of a valid request changed.
            1 => {
                for _ in 0..rng.usize(1..8) {
                    let at = rng.usize(..bytes.len());
                    bytes[at] = rng.u8(..);
                }
            }
            // Cut short.
            _ => bytes.truncate(rng.usize(..bytes.len())),
        }
        let mut stream = TcpStream::connect(sandbox.addr()).unwrap();
        let _ = stream.write_all(&bytes);
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let (answer, _) = read_until_closed(&mut stream);
        if !answer.is_empty() {
            assert!(answer.starts_with(b"HTTP/1.1 "), "{answer:?}");
        }
    }
    wait_open(&sandbox, 0);
    assert_eq!(Client::new(&sandbox).get(HAS_BOUGHT).status, 200);
}
