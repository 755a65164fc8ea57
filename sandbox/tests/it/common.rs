//! A raw HTTP/1.1 client over `TcpStream` and a JWT signer, so the tests control every
//! byte that is sent (raw paths, padding, chunked bodies, missing headers).

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use hmac::{Hmac, Mac};
use plenigo_sandbox::Sandbox;
use serde_json::{json, Value};
use sha2::Sha256;

pub const COMPANY: &str = "23NuCmdPoiRRkQiCqP9Q";
pub const SECRET: &str = "QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj";
pub const SECOND_SECRET: &str = "Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj";
pub const OTHER_COMPANY: &str = "12NuCmdZUTRRkQiCqP2Q";
pub const CUSTOMER: &str = "56202510";
pub const PRODUCT: &str = "RgKUHT78563989856641";
pub const OTHER_PRODUCT: &str = "EgLUrT56328991046641";
pub const APP_ID: &str = "ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G";
pub const APP_TOKEN: &str = "6176437516";

/// A parsed HTTP response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Asserts the status and the JSON error body that goes with it.
    pub fn assert_error(&self, status: u16) {
        assert_eq!(self.status, status, "body: {}", self.body);
        let body = self.json();
        assert_eq!(body["error"], status, "{body}");
        assert!(body["description"].as_str().is_some_and(|d| !d.is_empty()));
    }
}

pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

pub fn fresh_jti() -> String {
    format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))
}

/// The claims the SDKs send.
pub fn claims(company: &str) -> Value {
    json!({"companyId": company, "aud": "plenigo", "exp": unix_now() + 300, "jti": fresh_jti()})
}

/// Signs a JWT with HMAC-SHA256 whatever the header says; `padded` keeps `=` padding.
pub fn sign(header: &Value, claims: &Value, secret: &str, padded: bool) -> String {
    let encode = |bytes: &[u8]| {
        if padded {
            URL_SAFE.encode(bytes)
        } else {
            URL_SAFE_NO_PAD.encode(bytes)
        }
    };
    let input = format!(
        "{}.{}",
        encode(header.to_string().as_bytes()),
        encode(claims.to_string().as_bytes())
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(input.as_bytes());
    format!("{input}.{}", encode(&mac.finalize().into_bytes()))
}

/// A token as the official SDKs make it: `{"alg":"HS256"}`, no padding.
pub fn token(company: &str, secret: &str) -> String {
    sign(&json!({"alg": "HS256"}), &claims(company), secret, false)
}

/// Sends raw bytes and reads the whole answer (the request should say `Connection: close`).
pub fn send_raw(addr: SocketAddr, request: &[u8], timeout: Duration) -> io::Result<Vec<u8>> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.write_all(request)?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    Ok(answer)
}

/// Parses a response, decoding a chunked body.
pub fn parse(raw: &[u8]) -> Response {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP response: {text:?}"));
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let body = if chunked {
        let mut out = String::new();
        let mut rest = body;
        while let Some((size, after)) = rest.split_once("\r\n") {
            let size = usize::from_str_radix(size.trim(), 16).unwrap();
            if size == 0 {
                break;
            }
            out.push_str(&after[..size]);
            rest = &after[size + 2..];
        }
        out
    } else {
        body.to_owned()
    };
    Response {
        status,
        headers,
        body,
    }
}

/// Sends one request with optional token and body (`Content-Type: application/json`).
pub fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Response {
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(token) = token {
        request.push_str(&format!("plenigoToken: {token}\r\n"));
    }
    if let Some(body) = body {
        request.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    request.push_str("\r\n");
    request.push_str(body.unwrap_or(""));
    let raw = send_raw(addr, request.as_bytes(), Duration::from_secs(10))
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
    parse(&raw)
}

/// A client for one company that signs every request with a fresh token.
pub struct Client {
    pub addr: SocketAddr,
    pub company: String,
    pub secret: String,
}

impl Client {
    /// Company 23NuCmdPoiRRkQiCqP9Q with its first secret.
    pub fn new(sandbox: &Sandbox) -> Client {
        Client::for_company(sandbox, COMPANY, SECRET)
    }

    pub fn for_company(sandbox: &Sandbox, company: &str, secret: &str) -> Client {
        Client {
            addr: sandbox.addr(),
            company: company.into(),
            secret: secret.into(),
        }
    }

    pub fn request(&self, method: &str, path: &str, body: Option<&str>) -> Response {
        let token = token(&self.company, &self.secret);
        send(self.addr, method, path, Some(&token), body)
    }

    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path, None)
    }

    pub fn delete(&self, path: &str) -> Response {
        self.request("DELETE", path, None)
    }

    pub fn post(&self, path: &str, body: Value) -> Response {
        self.request("POST", path, Some(&body.to_string()))
    }

    pub fn put(&self, path: &str, body: Value) -> Response {
        self.request("PUT", path, Some(&body.to_string()))
    }
}

/// An admin request (no token).
pub fn admin(sandbox: &Sandbox, method: &str, path: &str, body: Option<Value>) -> Response {
    let body = body.map(|b| b.to_string());
    send(sandbox.addr(), method, path, None, body.as_deref())
}

/// One kept-alive HTTP/1.1 connection that sends requests one after another.
pub struct KeepAlive {
    reader: BufReader<TcpStream>,
}

impl KeepAlive {
    pub fn connect(addr: SocketAddr) -> KeepAlive {
        let stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        KeepAlive {
            reader: BufReader::new(stream),
        }
    }

    pub fn open(sandbox: &Sandbox) -> KeepAlive {
        KeepAlive::connect(sandbox.addr())
    }

    /// Sends a request and reads the answer (by its Content-Length).
    pub fn send(&mut self, method: &str, path: &str, token: Option<&str>, body: &[u8]) -> Response {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: sandbox\r\nContent-Length: {}\r\n",
            body.len()
        );
        if let Some(token) = token {
            head.push_str(&format!("plenigoToken: {token}\r\n"));
        }
        head.push_str("\r\n");
        let stream = self.reader.get_mut();
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        let mut status_line = String::new();
        self.reader.read_line(&mut status_line).unwrap();
        let mut headers = Vec::new();
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                let (name, value) = (name.trim().to_owned(), value.trim().to_owned());
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.parse().unwrap();
                }
                headers.push((name, value));
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).unwrap();
        Response {
            status: status_line
                .split(' ')
                .nth(1)
                .unwrap_or_else(|| panic!("no status line: {status_line:?}"))
                .parse()
                .unwrap(),
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        }
    }

    /// Sends an authenticated GET; answers the status.
    pub fn get(&mut self, path: &str) -> u16 {
        let token = token(COMPANY, SECRET);
        self.send("GET", path, Some(&token), b"").status
    }
}
