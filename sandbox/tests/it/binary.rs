//! The `plenigo-sandbox` binary: first line, request log, signals, arguments.

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

const BIN: &str = env!("CARGO_BIN_EXE_plenigo-sandbox");

/// Starts the binary and reads its first stdout line.
fn spawn(args: &[&str]) -> (Child, SocketAddr) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut first)
        .unwrap();
    let addr = first
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .trim_end_matches('\n')
        .parse()
        .unwrap();
    (child, addr)
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

fn wait(child: &mut Child) -> ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("the sandbox did not exit");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn stderr(child: &mut Child) -> String {
    let mut text = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn prints_the_address_first_logs_requests_and_exits_0_on_sigterm() {
    let (mut child, addr) = spawn(&[]);
    assert!(addr.ip().is_loopback() && addr.port() != 0);
    let token = token(COMPANY, SECRET);
    let response = send(
        addr,
        "GET",
        "/api/v2/access/app/56202510?testMode=false",
        Some(&token),
        None,
    );
    assert_eq!(response.status, 200);
    let missing = send(
        addr,
        "POST",
        "/api/v2/access/app/token/56202510",
        None,
        Some("{}"),
    );
    assert_eq!(missing.status, 401);
    signal(&child, "TERM");
    assert_eq!(wait(&mut child).code(), Some(0));
    let log = stderr(&mut child);
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 2, "{log}");
    assert!(
        lines[0].starts_with("GET /api/v2/access/app/56202510 200 "),
        "{log}"
    );
    assert!(lines[0].ends_with("ms"));
    assert!(
        lines[1].starts_with("POST /api/v2/access/app/token/56202510 401 "),
        "{log}"
    );
    assert!(!log.contains(&token) && !log.contains(SECRET));
}

#[test]
fn exits_0_on_sigint() {
    let (mut child, _) = spawn(&["--bind", "127.0.0.1:0"]);
    signal(&child, "INT");
    assert_eq!(wait(&mut child).code(), Some(0));
}

#[test]
fn loads_a_fixture_file() {
    let path = std::env::temp_dir().join(format!(
        "plenigo-sandbox-fixture-{}.json",
        std::process::id()
    ));
    let fixture = r#"{"companies": [{"companyId": "FileCo", "secrets": ["file-secret"],
        "products": ["P"], "customers": [{"customerId": "9", "purchases": [{"productId": "P"}]}]}]}"#;
    std::fs::write(&path, fixture).unwrap();
    let (mut child, addr) = spawn(&["--fixtures", path.to_str().unwrap()]);
    let token = token("FileCo", "file-secret");
    let response = send(
        addr,
        "GET",
        "/api/v2/user/product?customerId=9&productId=P",
        Some(&token),
        None,
    );
    assert_eq!(response.status, 200, "{}", response.body);
    let builtin = send(
        addr,
        "GET",
        "/api/v2/access/app/1",
        Some(&crate::common::token(COMPANY, SECRET)),
        None,
    );
    assert_eq!(builtin.status, 401);
    signal(&child, "TERM");
    assert_eq!(wait(&mut child).code(), Some(0));
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn help_and_bad_arguments() {
    let help = Command::new(BIN).arg("--help").output().unwrap();
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).starts_with("usage: plenigo-sandbox"));
    for args in [
        &["--port", "1"][..],
        &["--bind"],
        &["--bind", "localhost"],
        &["--fixtures", "/nonexistent/fixture.json"],
        &["--ca-cert-out", "/tmp/ca.pem"],
        &["--tls=yes"],
    ] {
        let output = Command::new(BIN).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("plenigo-sandbox:"));
    }
    let path =
        std::env::temp_dir().join(format!("plenigo-sandbox-bad-{}.json", std::process::id()));
    std::fs::write(
        &path,
        r#"{"companies": [{"companyId": "X", "secrets": []}]}"#,
    )
    .unwrap();
    let output = Command::new(BIN)
        .args(["--fixtures", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("secret"));
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn warns_when_listening_beyond_loopback() {
    let (mut child, addr) = spawn(&["--bind", "0.0.0.0:0"]);
    assert!(addr.ip().is_unspecified());
    signal(&child, "TERM");
    assert_eq!(wait(&mut child).code(), Some(0));
    let log = stderr(&mut child);
    assert!(
        log.starts_with("plenigo-sandbox: warning: listening on 0.0.0.0:"),
        "{log}"
    );
    assert!(log.contains("no authentication"), "{log}");
}

#[test]
fn a_fixture_typo_names_the_field_and_never_echoes_the_secret() {
    let path =
        std::env::temp_dir().join(format!("plenigo-sandbox-typo-{}.json", fastrand::u64(..)));
    for fixture in [
        r#"{"companies": [{"companyId": "X", "secrets": "TopSecretValue"}]}"#,
        r#"{"companies": [{"companyId": "X", "secrets": ["TopSecretValue", 12345678]}]}"#,
        r#"{"companies": [{"companyId": "X", "secrets": ["TopSecretValue]}]}"#,
    ] {
        std::fs::write(&path, fixture).unwrap();
        let output = Command::new(BIN)
            .args(["--fixtures", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(message.contains("companies[0].secrets"), "{message}");
        assert!(!message.contains("TopSecretValue"), "{message}");
        assert!(!message.contains("12345678"), "{message}");
    }
    std::fs::remove_file(&path).unwrap();
}
