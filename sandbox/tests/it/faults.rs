//! Fault injection: canned answers, delays, resets and hangs.

use std::io::ErrorKind;
use std::time::{Duration, Instant};

use plenigo_sandbox::{Fault, Sandbox};
use serde_json::json;

use crate::common::*;

const APPS: &str = "/api/v2/access/app/56202510";

#[test]
fn status_fault_with_retry_after_is_used_count_times() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    sandbox.inject(Fault {
        status: Some(503),
        path: Some("/api/v2/access/app".into()),
        retry_after: Some("2".into()),
        count: Some(2),
        ..Default::default()
    });
    for _ in 0..2 {
        let response = client.get(APPS);
        assert_eq!(response.status, 503);
        assert_eq!(response.header("retry-after"), Some("2"));
        assert_eq!(response.header("content-type"), Some("application/json"));
        assert_eq!(
            response.json(),
            json!({"error": 503, "description": "injected fault"})
        );
    }
    assert_eq!(client.get(APPS).status, 200);
    let statuses: Vec<u16> = sandbox.journal().iter().map(|e| e.status).collect();
    assert_eq!(statuses, vec![503, 503, 200]);
}

#[test]
fn faults_match_method_and_path_prefix_first_one_wins() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    sandbox.inject(Fault {
        method: Some("post".into()),
        path: Some("/api/v2/externalUser".into()),
        status: Some(500),
        ..Default::default()
    });
    sandbox.inject(Fault {
        status: Some(502),
        ..Default::default()
    });
    sandbox.inject(Fault {
        status: Some(504),
        ..Default::default()
    });
    // Not the POST fault's path: the catch-all 502 applies.
    client.get(APPS).assert_error(502);
    client
        .post("/api/v2/externalUser/register", json!({}))
        .assert_error(500);
    client.get(APPS).assert_error(504);
    assert_eq!(client.get(APPS).status, 200);
    // Admin requests never meet faults.
    sandbox.inject(Fault {
        status: Some(500),
        ..Default::default()
    });
    assert_eq!(
        admin(&sandbox, "GET", "/__sandbox/journal", None).status,
        200
    );
    client.get(APPS).assert_error(500);
}

#[test]
fn body_faults_send_garbage_with_200() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    sandbox.inject(Fault {
        body: Some(r#"{"customerId":"56"#.into()),
        ..Default::default()
    });
    let truncated = client.post(
        "/api/v2/externalUser/register",
        json!({"email": "a@b.cd", "language": "en"}),
    );
    assert_eq!(truncated.status, 200);
    assert_eq!(truncated.body, r#"{"customerId":"56"#);
    sandbox.inject(Fault {
        body: Some("<html><body>Bad gateway</body></html>".into()),
        content_type: Some("text/html".into()),
        status: Some(502),
        ..Default::default()
    });
    let html = client.get(APPS);
    assert_eq!(html.status, 502);
    assert_eq!(html.header("content-type"), Some("text/html"));
    assert!(html.body.starts_with("<html>"));
    sandbox.inject(Fault {
        body: Some(String::new()),
        ..Default::default()
    });
    let empty = client.get(APPS);
    assert_eq!((empty.status, empty.body.as_str()), (200, ""));
    // The faulted registration did not happen.
    assert_eq!(client.get(APPS).status, 200);
    let journal = sandbox.journal();
    assert_eq!(
        journal.iter().map(|e| e.status).collect::<Vec<_>>(),
        vec![200, 502, 200, 200]
    );
}

#[test]
fn delay_then_normal_handling_or_the_rest_of_the_fault() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    sandbox.inject(Fault {
        delay_ms: Some(300),
        ..Default::default()
    });
    let started = Instant::now();
    let response = client.get(APPS);
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["apps"][0]["customerAppId"], APP_ID);

    sandbox.inject(Fault {
        delay_ms: Some(200),
        status: Some(429),
        retry_after: Some("1".into()),
        ..Default::default()
    });
    let started = Instant::now();
    let response = client.get(APPS);
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(response.status, 429);
    assert_eq!(response.header("retry-after"), Some("1"));

    let started = Instant::now();
    assert_eq!(client.get(APPS).status, 200);
    assert!(started.elapsed() < Duration::from_millis(200));
}

#[test]
fn reset_aborts_the_connection_and_the_server_goes_on() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    sandbox.inject(Fault {
        reset: true,
        path: Some("/api/v2/access".into()),
        count: Some(2),
        ..Default::default()
    });
    for _ in 0..2 {
        let request = format!(
            "GET {APPS} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nplenigoToken: {}\r\n\r\n",
            token(COMPANY, SECRET)
        );
        let error =
            send_raw(sandbox.addr(), request.as_bytes(), Duration::from_secs(5)).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::ConnectionReset, "{error}");
    }
    let response = client.get(APPS);
    assert_eq!(response.status, 200, "the next request works");
    let statuses: Vec<u16> = sandbox.journal().iter().map(|e| e.status).collect();
    assert_eq!(statuses, vec![0, 0, 200]);
}

#[test]
fn reset_on_a_kept_alive_connection_spares_other_connections() {
    let sandbox = Sandbox::start().unwrap();
    let request = |close: bool| {
        format!(
            "GET {APPS} HTTP/1.1\r\nHost: x\r\n{}plenigoToken: {}\r\n\r\n",
            if close { "Connection: close\r\n" } else { "" },
            token(COMPANY, SECRET)
        )
    };
    use std::io::{Read, Write};
    let mut kept = std::net::TcpStream::connect(sandbox.addr()).unwrap();
    kept.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    kept.write_all(request(false).as_bytes()).unwrap();
    let mut buffer = [0u8; 4096];
    let n = kept.read(&mut buffer).unwrap();
    assert!(String::from_utf8_lossy(&buffer[..n]).starts_with("HTTP/1.1 200"));
    // A second connection stays open while the first one is reset.
    let mut other = std::net::TcpStream::connect(sandbox.addr()).unwrap();
    sandbox.inject(Fault {
        reset: true,
        ..Default::default()
    });
    kept.write_all(request(false).as_bytes()).unwrap();
    let error = kept.read(&mut buffer).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ConnectionReset);
    other.write_all(request(true).as_bytes()).unwrap();
    let mut answer = Vec::new();
    other.read_to_end(&mut answer).unwrap();
    assert_eq!(parse(&answer).status, 200);
}

#[test]
fn hang_never_answers_and_does_not_block_shutdown() {
    let sandbox = Sandbox::start().unwrap();
    let fault = json!({"hang": true, "method": "GET", "count": 2});
    assert_eq!(
        admin(&sandbox, "POST", "/__sandbox/faults", Some(fault)).status,
        200
    );
    let request = || {
        format!(
            "GET {APPS} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nplenigoToken: {}\r\n\r\n",
            token(COMPANY, SECRET)
        )
    };
    let error = send_raw(
        sandbox.addr(),
        request().as_bytes(),
        Duration::from_millis(500),
    )
    .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
        "{error}"
    );
    assert_eq!(sandbox.journal()[0].status, 0);
    // Another request hangs in the background while the sandbox shuts down.
    let addr = sandbox.addr();
    let second = request();
    let background = std::thread::spawn(move || {
        let started = Instant::now();
        let answer = send_raw(addr, second.as_bytes(), Duration::from_secs(10));
        (started.elapsed(), answer.map(|a| a.len()))
    });
    while sandbox.journal().len() < 2 {
        std::thread::sleep(Duration::from_millis(10));
    }
    let started = Instant::now();
    drop(sandbox);
    assert!(started.elapsed() < Duration::from_secs(2));
    let (waited, answer) = background.join().unwrap();
    assert!(
        waited < Duration::from_secs(5),
        "the hanging client was let go"
    );
    assert!(
        !matches!(answer, Ok(n) if n > 0),
        "no answer was sent: {answer:?}"
    );
}

#[test]
fn faults_over_http_and_clearing_them() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let fault = json!({"status": 503, "retryAfter": 7, "count": 3, "path": "/api/v2/user"});
    assert_eq!(
        admin(&sandbox, "POST", "/__sandbox/faults", Some(fault)).status,
        200
    );
    let response =
        client.get("/api/v2/user/product?customerId=56202510&productId=RgKUHT78563989856641");
    assert_eq!(
        (response.status, response.header("retry-after")),
        (503, Some("7"))
    );
    assert_eq!(
        admin(&sandbox, "DELETE", "/__sandbox/faults", None).status,
        200
    );
    let response =
        client.get("/api/v2/user/product?customerId=56202510&productId=RgKUHT78563989856641");
    assert_eq!(response.status, 200);
}

#[test]
fn armed_faults_are_listed_and_disarmed_one_by_one() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let arm = |fault: serde_json::Value| {
        let response = admin(&sandbox, "POST", "/__sandbox/faults", Some(fault));
        assert_eq!(response.status, 200, "{}", response.body);
        response.json()["id"].as_u64().unwrap()
    };
    let first = arm(json!({"path": APPS, "status": 503, "count": 2}));
    let second = arm(json!({"method": "GET", "reset": true}));
    let listed = admin(&sandbox, "GET", "/__sandbox/faults", None).json();
    assert_eq!(listed[0]["id"], first);
    assert_eq!(listed[0]["left"], 2);
    assert_eq!(listed[0]["status"], 503);
    assert_eq!(listed[0]["path"], APPS);
    assert_eq!(listed[1]["id"], second);
    assert_eq!(listed[1]["reset"], true);

    assert_eq!(client.get(APPS).status, 503);
    assert_eq!(
        admin(&sandbox, "GET", "/__sandbox/faults", None).json()[0]["left"],
        1
    );
    let disarmed = admin(
        &sandbox,
        "DELETE",
        &format!("/__sandbox/faults/{first}"),
        None,
    );
    assert_eq!(disarmed.status, 200);
    admin(
        &sandbox,
        "DELETE",
        &format!("/__sandbox/faults/{first}"),
        None,
    )
    .assert_error(404);
    admin(&sandbox, "DELETE", "/__sandbox/faults/x", None).assert_error(400);
    admin(
        &sandbox,
        "DELETE",
        &format!("/__sandbox/faults/{second}"),
        None,
    );
    assert_eq!(
        admin(&sandbox, "GET", "/__sandbox/faults", None).json(),
        json!([])
    );
    // Both disarmed: the request is handled.
    assert_eq!(client.get(APPS).status, 200);
}

#[test]
fn the_journal_says_which_fault_answered() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    for fault in [
        json!({"status": 502}),
        json!({"body": "{\"cut"}),
        json!({"delayMs": 1, "status": 500}),
        json!({"delayMs": 1}),
    ] {
        admin(&sandbox, "POST", "/__sandbox/faults", Some(fault));
        client.get(APPS);
    }
    let reasons: Vec<Option<String>> = sandbox.journal().into_iter().map(|e| e.reason).collect();
    assert_eq!(
        reasons,
        [
            Some("fault injected: status 502".to_owned()),
            Some("fault injected: canned body".to_owned()),
            Some("fault injected: delayed 1 ms, status 500".to_owned()),
            Some("fault injected: delayed 1 ms".to_owned()),
        ]
    );
}
