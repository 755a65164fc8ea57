//! Shared set-up: a fresh in-process sandbox per test, a client for the seeds' company, error
//! assertions, and a way to run a test that changes the environment in a process of its own.

use std::process::Command;

use plenigo::{Config, ErrorKind, PlenigoClient, PlenigoError};
use plenigo_sandbox::{JournalEntry, Sandbox};

/// The seeds' company, known to the sandbox's built-in fixture.
pub const COMPANY: &str = "23NuCmdPoiRRkQiCqP9Q";
/// One of that company's secrets.
pub const SECRET: &str = "QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj";
/// The company's second secret (a key rotation).
pub const SECOND_SECRET: &str = "Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj";
/// The seeds' customer, who bought [`PRODUCT`].
pub const CUSTOMER: &str = "56202510";
/// The product the customer bought.
pub const PRODUCT: &str = "RgKUHT78563989856641";
/// A product the customer did not buy (the seeds' checkout product).
pub const OTHER_PRODUCT: &str = "EgLUrT56328991046641";
/// The fixture's customer app for CUSTOMER / PRODUCT.
pub const FIXTURE_APP: &str = "ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G";

/// The default config with `base_url` and `adjust` applied.
pub fn config(base_url: &str, adjust: impl FnOnce(&mut Config)) -> Config {
    let mut config = Config::new(COMPANY, SECRET);
    config.base_url = Some(base_url.to_owned());
    adjust(&mut config);
    config
}

/// A sandbox and a live-mode client pointed at it.
pub fn setup() -> (Sandbox, PlenigoClient) {
    let sandbox = Sandbox::start().expect("sandbox starts");
    let client = client_for(&sandbox, |_| {});
    (sandbox, client)
}

/// A client for the sandbox, with `adjust` applied to the default config.
pub fn client_for(sandbox: &Sandbox, adjust: impl FnOnce(&mut Config)) -> PlenigoClient {
    client_at(&sandbox.url(), adjust)
}

/// A client for the server at `base_url`, with `adjust` applied to the default config.
pub fn client_at(base_url: &str, adjust: impl FnOnce(&mut Config)) -> PlenigoClient {
    PlenigoClient::new(config(base_url, adjust)).expect("valid config")
}

/// Asserts the error's kind, HTTP status and plenigo code, and that it does not leak the secret.
pub fn assert_error(
    result: Result<impl std::fmt::Debug, PlenigoError>,
    kind: ErrorKind,
    status: Option<u16>,
    code: i32,
) -> PlenigoError {
    let error = result.expect_err("expected an error");
    assert_clean(&error);
    assert_eq!(error.kind(), kind, "{error}");
    assert_eq!(error.http_status(), status, "{error}");
    assert_eq!(error.plenigo_code(), code, "{error}");
    error
}

/// The field an [`PlenigoError::InvalidInput`] names (panics on any other result).
pub fn invalid_field(result: Result<impl std::fmt::Debug, PlenigoError>) -> String {
    match result {
        Err(PlenigoError::InvalidInput { field, .. }) => field,
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

/// Asserts an [`PlenigoError::InvalidInput`] naming `field`, and that nothing was sent.
pub fn assert_invalid(
    sandbox: &Sandbox,
    result: Result<impl std::fmt::Debug, PlenigoError>,
    field: &str,
) {
    let error = assert_error(result, ErrorKind::InvalidInput, None, 1);
    assert_eq!(error.field(), Some(field), "{error:?}");
    assert!(
        sandbox.journal().is_empty(),
        "a request was sent: {:?}",
        sandbox.journal()
    );
}

/// Asserts that neither the error's message nor its Debug form contains the secret.
pub fn assert_clean(error: &PlenigoError) {
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(SECRET), "secret leaked: {text}");
    }
}

/// The only journal entry, asserting there is exactly one.
pub fn single_entry(sandbox: &Sandbox) -> JournalEntry {
    let journal = sandbox.journal();
    assert_eq!(journal.len(), 1, "{journal:#?}");
    journal.into_iter().next().unwrap()
}

/// The request body of a journal entry as JSON.
pub fn body_json(entry: &JournalEntry) -> serde_json::Value {
    serde_json::from_str(&entry.body)
        .unwrap_or_else(|e| panic!("body {:?} is not JSON: {e}", entry.body))
}

/// POSTs an empty body to an admin path of the sandbox over plain HTTP/1.1; returns the status.
pub fn admin_post(sandbox: &Sandbox, path: &str) -> u16 {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(sandbox.addr()).expect("sandbox reachable");
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        sandbox.addr()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {answer:?}"))
}

/// The `jti` of every journaled request, oldest first.
pub fn jtis(sandbox: &Sandbox) -> Vec<String> {
    sandbox
        .journal()
        .iter()
        .map(|e| {
            e.claims.as_ref().unwrap()["jti"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

/// Runs `body` in a child process of this test binary, where it is the only test, so that the
/// environment variables it sets reach no test running in parallel. `module` is the caller's
/// `module_path!()`, `test` its function name.
pub fn in_own_process(module: &str, test: &str, body: impl FnOnce()) {
    const CHILD: &str = "PLENIGO_IT_CHILD";
    let module = module.split_once("::").map_or("", |(_, path)| path);
    let name = format!("{module}::{test}");
    if std::env::var(CHILD).as_deref() == Ok(name.as_str()) {
        return body();
    }
    let output = Command::new(std::env::current_exe().unwrap())
        .args([name.as_str(), "--exact", "--test-threads=1", "--nocapture"])
        .env(CHILD, &name)
        .output()
        .expect("the test binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "{name} in its own process: {}\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}
