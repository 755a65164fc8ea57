//! HTTPS: the in-process TLS sandbox and `plenigo-sandbox --tls`, driven by reqwest over
//! rustls that trusts only the CA the sandbox made.

use std::error::Error as _;
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use plenigo_sandbox::{Sandbox, SandboxOptions};

use crate::common::*;

/// A sandbox serving HTTPS.
pub fn tls_sandbox() -> Sandbox {
    Sandbox::start_with(SandboxOptions {
        tls: true,
        ..Default::default()
    })
    .unwrap()
}

/// A reqwest client that trusts exactly `ca_pem` (no built-in roots).
pub fn client_trusting(ca_pem: &str) -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(ca_pem.as_bytes()).unwrap())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// A reqwest client with no trusted roots at all.
pub fn client_trusting_nothing() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .tls_built_in_root_certs(false)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// `GET /api/v2/user/product` for the fixture's customer, who bought `PRODUCT`.
pub fn has_bought(client: &reqwest::blocking::Client, base: &str) -> reqwest::Result<String> {
    client
        .get(format!(
            "{base}/api/v2/user/product?customerId={CUSTOMER}&productId={PRODUCT}"
        ))
        .header("plenigoToken", token(COMPANY, SECRET))
        .send()?
        .error_for_status()?
        .text()
}

/// The error and its sources, one line.
fn chain(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

#[test]
fn a_client_trusting_the_ca_gets_answers_over_https() {
    let sandbox = tls_sandbox();
    assert_eq!(sandbox.url(), format!("https://{}", sandbox.addr()));
    let ca = sandbox.ca_cert_pem().expect("a TLS sandbox has a CA");
    assert!(ca.starts_with("-----BEGIN CERTIFICATE-----"), "{ca}");
    let client = client_trusting(&ca);
    let body = has_bought(&client, &sandbox.url()).unwrap();
    assert!(body.contains(r#""accessGranted":true"#), "{body}");
    // The certificate names localhost too.
    let by_name = format!("https://localhost:{}", sandbox.addr().port());
    assert!(has_bought(&client, &by_name).is_ok());
    assert_eq!(sandbox.journal().len(), 2);
}

#[test]
fn the_ca_is_needed_and_each_sandbox_has_its_own() {
    let sandbox = tls_sandbox();
    let error = has_bought(&client_trusting_nothing(), &sandbox.url()).unwrap_err();
    assert!(error.is_connect(), "{}", chain(&error));
    assert!(
        chain(&error).to_lowercase().contains("certificate"),
        "{}",
        chain(&error)
    );

    let other = tls_sandbox();
    assert_ne!(other.ca_cert_pem(), sandbox.ca_cert_pem());
    let wrong_ca = client_trusting(&other.ca_cert_pem().unwrap());
    let error = has_bought(&wrong_ca, &sandbox.url()).unwrap_err();
    assert!(error.is_connect(), "{}", chain(&error));
    assert!(sandbox.journal().is_empty(), "no request got through");
}

#[test]
fn plain_http_to_the_tls_port_gets_no_answer() {
    let sandbox = tls_sandbox();
    let raw = send_raw(
        sandbox.addr(),
        b"GET /__sandbox/journal HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        Duration::from_secs(10),
    );
    // The TLS layer rejects the bytes: an alert or a closed connection, never HTTP.
    if let Ok(bytes) = raw {
        assert!(!bytes.starts_with(b"HTTP/"), "{bytes:?}");
    }
}

#[test]
fn an_http_sandbox_has_no_ca() {
    let sandbox = Sandbox::start().unwrap();
    assert_eq!(sandbox.ca_cert_pem(), None);
    assert!(sandbox.url().starts_with("http://"));
}

/// Starts `plenigo-sandbox` with `args`; returns it, its first two stdout lines.
fn spawn_binary(args: &[&str]) -> (std::process::Child, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_plenigo-sandbox"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let (mut first, mut second) = (String::new(), String::new());
    stdout.read_line(&mut first).unwrap();
    stdout.read_line(&mut second).unwrap();
    (
        child,
        first.trim_end().to_owned(),
        second.trim_end().to_owned(),
    )
}

/// SIGTERM, then the exit code.
fn terminate(mut child: std::process::Child) -> Option<i32> {
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(!stderr.contains(SECRET), "{stderr}");
    status.code()
}

#[test]
fn binary_tls_writes_the_ca_where_asked_and_keeps_it() {
    let path =
        std::env::temp_dir().join(format!("plenigo-sandbox-ca-test-{}.pem", fastrand::u64(..)));
    let (child, first, second) = spawn_binary(&["--tls", "--ca-cert-out", path.to_str().unwrap()]);
    let base = first
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("first line {first:?}"));
    assert!(base.starts_with("https://127.0.0.1:"), "{first}");
    assert_eq!(second, format!("ca certificate: {}", path.display()));
    let ca = std::fs::read_to_string(&path).unwrap();
    let body = has_bought(&client_trusting(&ca), base).unwrap();
    assert!(body.contains(r#""accessGranted":true"#), "{body}");
    assert!(has_bought(&client_trusting_nothing(), base).is_err());
    assert_eq!(terminate(child), Some(0));
    assert!(path.exists(), "a file the caller named stays");
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn binary_tls_default_ca_file_is_fresh_absolute_and_removed_on_exit() {
    let (child, first, second) = spawn_binary(&["--tls"]);
    let base = first.strip_prefix("listening on ").unwrap().to_owned();
    let path = PathBuf::from(
        second
            .strip_prefix("ca certificate: ")
            .unwrap_or_else(|| panic!("second line {second:?}")),
    );
    assert!(path.is_absolute(), "{}", path.display());
    let ca = std::fs::read_to_string(&path).unwrap();
    assert!(has_bought(&client_trusting(&ca), &base).is_ok());

    // A second sandbox gets another file and another CA.
    let (other, _, other_second) = spawn_binary(&["--tls"]);
    assert_ne!(other_second, second);
    assert_eq!(terminate(other), Some(0));

    assert_eq!(terminate(child), Some(0));
    assert!(!path.exists(), "the temporary CA file is removed on exit");
}

#[test]
fn binary_without_tls_prints_one_http_line() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_plenigo-sandbox"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(
        first.starts_with("listening on http://127.0.0.1:"),
        "{first}"
    );
    assert_eq!(terminate(child), Some(0));
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "", "nothing after the first line");
}
