//! The `plenigo-sandbox` binary: first line, request log, signals, arguments.

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

pub const BIN: &str = env!("CARGO_BIN_EXE_plenigo-sandbox");

/// Starts the binary and reads its first stdout line.
fn spawn(args: &[&str]) -> (Child, SocketAddr) {
    let mut command = Command::new(BIN);
    command.args(args).stderr(Stdio::piped());
    for (name, _) in ENV {
        command.env_remove(name);
    }
    spawn_command(command)
}

/// The environment variables the binary reads, with the option each stands for.
const ENV: [(&str, &str); 5] = [
    ("PLENIGO_SANDBOX_BIND", "--bind"),
    ("PLENIGO_SANDBOX_FIXTURES", "--fixtures"),
    ("PLENIGO_SANDBOX_TLS", "--tls"),
    ("PLENIGO_SANDBOX_CA_CERT_OUT", "--ca-cert-out"),
    ("PLENIGO_SANDBOX_URL_FILE", "--url-file"),
];

/// Starts a command that runs the binary and reads the address from its first stdout line.
pub fn spawn_command(mut command: Command) -> (Child, SocketAddr) {
    let mut child = command.stdout(Stdio::piped()).spawn().unwrap();
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

pub fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

pub fn wait(child: &mut Child) -> ExitStatus {
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
    assert_eq!(lines.len(), 3, "{log}");
    assert_eq!(
        lines[0],
        format!("plenigo-sandbox: console on http://{addr}/__sandbox/")
    );
    assert!(
        lines[1].starts_with("GET /api/v2/access/app/56202510 200 "),
        "{log}"
    );
    assert!(lines[1].ends_with("ms"));
    assert!(
        lines[2].starts_with("POST /api/v2/access/app/token/56202510 401 "),
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
        &["--url-file"],
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

#[test]
fn version_prints_the_package_version() {
    for flag in ["--version", "-V"] {
        let output = Command::new(BIN).arg(flag).output().unwrap();
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            format!("plenigo-sandbox {}\n", env!("CARGO_PKG_VERSION"))
        );
        assert!(output.stderr.is_empty());
    }
}

/// A fresh directory in the temp directory.
fn fresh_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("plenigo-sandbox-it-{:016x}", fastrand::u64(..)));
    std::fs::create_dir(&dir).unwrap();
    dir
}

/// Waits (up to 10 s) for a file to exist, as a script would; answers its text.
fn wait_for_file(path: &Path) -> String {
    let started = Instant::now();
    while !path.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{} did not appear",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn url_file_holds_the_url_while_serving() {
    let dir = fresh_dir();
    let url_file = dir.join("sandbox.url");
    let (mut child, addr) = spawn(&["--url-file", url_file.to_str().unwrap()]);
    // The first line is unchanged; the file already holds the same URL.
    assert_eq!(wait_for_file(&url_file), format!("http://{addr}"));
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "no FILE.tmp left behind"
    );
    let response = send(addr, "GET", "/__sandbox/connections", None, None);
    assert_eq!(response.status, 200);
    signal(&child, "TERM");
    assert_eq!(wait(&mut child).code(), Some(0));
    assert!(!url_file.exists(), "removed on exit");

    // A place it cannot be written: exit 1 and nothing on stdout.
    let output = Command::new(BIN)
        .args([
            "--url-file",
            dir.join("missing/sandbox.url").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot write"));
    std::fs::remove_dir(&dir).unwrap();
}

#[test]
fn url_file_with_tls_appears_after_the_ca_file() {
    let dir = fresh_dir();
    let (ca, url_file) = (dir.join("ca.pem"), dir.join("sandbox.url"));
    // Nobody reads stdout: the file alone tells when the sandbox serves.
    let mut child = Command::new(BIN)
        .args(["--tls", "--ca-cert-out", ca.to_str().unwrap()])
        .args(["--url-file", url_file.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let url = wait_for_file(&url_file);
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    let pem = std::fs::read_to_string(&ca).unwrap();
    let body = crate::tls::has_bought(&crate::tls::client_trusting(&pem), &url).unwrap();
    assert!(body.contains(r#""accessGranted":true"#), "{body}");
    signal(&child, "TERM");
    assert_eq!(wait(&mut child).code(), Some(0));
    assert!(!url_file.exists());
    std::fs::remove_file(&ca).unwrap();
    std::fs::remove_dir(&dir).unwrap();
}

#[test]
fn options_come_from_the_environment_and_flags_win() {
    let help = Command::new(BIN).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    for (name, option) in ENV {
        assert!(help.contains(&format!("{name:<29}")), "{name} in {help}");
        assert!(help.contains(option));
    }

    let dir = fresh_dir();
    let url_file = dir.join("url");
    let fixture = dir.join("fixture.json");
    std::fs::write(
        &fixture,
        r#"{"companies": [{"companyId": "EnvCo", "secrets": ["env-secret"]}]}"#,
    )
    .unwrap();
    let ca = dir.join("ca.pem");
    let mut command = Command::new(BIN);
    command
        .env("PLENIGO_SANDBOX_BIND", "127.0.0.1:0")
        .env("PLENIGO_SANDBOX_FIXTURES", &fixture)
        .env("PLENIGO_SANDBOX_TLS", "1")
        .env("PLENIGO_SANDBOX_CA_CERT_OUT", &ca)
        .env("PLENIGO_SANDBOX_URL_FILE", &url_file)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = command.spawn().unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(
        first.starts_with("listening on https://127.0.0.1:"),
        "{first}"
    );
    assert_eq!(
        wait_for_file(&url_file),
        first["listening on ".len()..].trim_end()
    );
    assert!(std::fs::read_to_string(&ca)
        .unwrap()
        .contains("BEGIN CERTIFICATE"));
    signal(&child, "TERM");
    assert_eq!(wait(&mut child).code(), Some(0));

    // A flag wins over its variable (even a bad one); empty is unset.
    let mut command = Command::new(BIN);
    command
        .args(["--bind", "127.0.0.1:0"])
        .env("PLENIGO_SANDBOX_BIND", "not an address")
        .env("PLENIGO_SANDBOX_FIXTURES", &fixture)
        .env("PLENIGO_SANDBOX_TLS", "")
        .env_remove("PLENIGO_SANDBOX_CA_CERT_OUT")
        .env_remove("PLENIGO_SANDBOX_URL_FILE")
        .stderr(Stdio::null());
    let (mut child, addr) = spawn_command(command);
    let token = sign(
        &serde_json::json!({"alg": "HS256"}),
        &claims("EnvCo"),
        "env-secret",
        false,
    );
    let response = send(
        addr,
        "GET",
        "/api/v2/access/app/1?testMode=false",
        Some(&token),
        None,
    );
    assert_eq!(
        response.status, 200,
        "the fixture from the environment: {}",
        response.body
    );
    signal(&child, "TERM");
    assert_eq!(wait(&mut child).code(), Some(0));

    // A bad value: exit code 2 naming the variable.
    for (name, value) in [
        ("PLENIGO_SANDBOX_BIND", "nowhere"),
        ("PLENIGO_SANDBOX_TLS", "yes"),
    ] {
        let output = Command::new(BIN).env(name, value).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert!(output.stdout.is_empty());
        assert!(
            String::from_utf8_lossy(&output.stderr).contains(name),
            "{name}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
