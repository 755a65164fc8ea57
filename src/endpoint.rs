//! One declaration per operation: an [`Endpoint`] value says its method, its path template
//! (also the route in log lines), where `testMode` goes, what a 403 and a 404 mean there, its
//! body, and how its answer is read. [`crate::PlenigoClient`] sends any of them through one
//! generic `send`; the services only build them.

use reqwest::{Method, Url};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::{ErrorKind, Forbidden, PlenigoError};

/// What a 403 and a 404 mean on one endpoint.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StatusMeaning {
    /// What a 403 is.
    pub forbidden: Forbidden,
    /// plenigo's code for a 404.
    pub not_found_code: i32,
}

impl StatusMeaning {
    /// The same meanings, but a 403 is the answer "no access" (`false`), not an error.
    pub const fn no_access(self) -> Self {
        StatusMeaning {
            forbidden: Forbidden::NoAccess,
            ..self
        }
    }
}

/// Where an endpoint carries `testMode` (the string `"true"` or `"false"`, as plenigo's SDKs
/// send it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TestMode {
    /// Not at all.
    Absent,
    /// As a query parameter, after the ones declared before it.
    Query,
    /// As a field of the JSON body.
    Body,
}

/// One operation, ready to send: everything the wire needs and how to read the answer as `T`.
pub(crate) struct Endpoint<T> {
    pub method: Method,
    /// The path after `/api/v2`, with `{placeholders}` for IDs: `/access/app/{customerId}`.
    pub path: &'static str,
    /// The placeholders' values, in order; each becomes one percent-encoded path segment.
    pub args: Vec<String>,
    pub query: Vec<(&'static str, String)>,
    /// The JSON body, an object.
    pub body: Option<Map<String, Value>>,
    pub test_mode: TestMode,
    /// How many query parameters come before `testMode` in the query.
    test_mode_at: usize,
    pub meaning: StatusMeaning,
    /// Reads a 2xx answer (or, with [`Forbidden::NoAccess`], a 403).
    pub read: fn(Answer) -> Result<T, PlenigoError>,
}

impl<T> Endpoint<T> {
    /// An endpoint without query or body.
    pub fn new(
        method: Method,
        path: &'static str,
        args: &[&str],
        meaning: StatusMeaning,
        read: fn(Answer) -> Result<T, PlenigoError>,
    ) -> Self {
        Endpoint {
            method,
            path,
            args: args.iter().map(|a| (*a).to_owned()).collect(),
            query: Vec::new(),
            body: None,
            test_mode: TestMode::Absent,
            test_mode_at: 0,
            meaning,
            read,
        }
    }

    /// Carries `testMode` in the query (GET, DELETE) or the body (POST).
    pub fn test_mode(mut self, place: TestMode) -> Self {
        self.test_mode = place;
        self.test_mode_at = self.query.len();
        self
    }

    /// Adds a query parameter.
    pub fn query(mut self, name: &'static str, value: impl ToString) -> Self {
        self.query.push((name, value.to_string()));
        self
    }

    /// Sends `body`, a JSON object, as the request body.
    pub fn body(mut self, body: Map<String, Value>) -> Self {
        self.body = Some(body);
        self
    }

    /// The full URL under `base` (which ends in `/api/v2`'s parent), with `testMode` where
    /// this endpoint carries it.
    pub fn url(&self, base: &Url, test_mode: bool) -> Url {
        let mut url = base.clone();
        {
            let mut segments = url
                .path_segments_mut()
                .expect("validated base URLs have a path");
            segments.pop_if_empty().extend(["api", "v2"]);
            let mut args = self.args.iter();
            for part in self.path.split('/').filter(|p| !p.is_empty()) {
                match part.starts_with('{') {
                    true => segments.push(args.next().expect("one argument per placeholder")),
                    false => segments.push(part),
                };
            }
        }
        let test_mode = (self.test_mode == TestMode::Query).then(|| test_mode.to_string());
        if !self.query.is_empty() || test_mode.is_some() {
            let mut pairs = url.query_pairs_mut();
            let (before, after) = self.query.split_at(self.test_mode_at);
            for (name, value) in before {
                pairs.append_pair(name, value);
            }
            if let Some(value) = &test_mode {
                pairs.append_pair("testMode", value);
            }
            for (name, value) in after {
                pairs.append_pair(name, value);
            }
        }
        url
    }

    /// The JSON body, with `testMode` where this endpoint carries it there.
    pub fn body_text(&self, test_mode: bool) -> Option<String> {
        let mut body = self.body.clone()?;
        if self.test_mode == TestMode::Body {
            body.insert("testMode".into(), Value::from(test_mode.to_string()));
        }
        Some(Value::Object(body).to_string())
    }

    /// The kind a 403 is where it is an error.
    pub fn forbidden_kind(&self) -> Option<ErrorKind> {
        match self.meaning.forbidden {
            Forbidden::Error(kind) => Some(kind),
            Forbidden::NoAccess => None,
        }
    }
}

/// A JSON object of `fields`, for a small body.
pub(crate) fn object<const N: usize>(fields: [(&str, &str); N]) -> Map<String, Value> {
    fields
        .into_iter()
        .map(|(name, value)| (name.to_owned(), Value::from(value)))
        .collect()
}

/// An answer the endpoint's reader gets: a 2xx, or a 403 where that means "no access".
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as `T`, or [`PlenigoError::InvalidResponse`] naming what was expected.
    pub fn json<T: serde::de::DeserializeOwned>(&self, what: &str) -> Result<T, PlenigoError> {
        serde_json::from_slice(&self.body)
            .map_err(|e| self.invalid(format!("expected {what}: {e}")))
    }

    /// Nothing to read: any 2xx is success.
    pub fn nothing(self) -> Result<(), PlenigoError> {
        Ok(())
    }

    /// One string value the server sends either as `{"<key>": value}`, as a bare JSON string or
    /// number, or as plain text.
    pub fn single_value(&self, key: &str) -> Result<String, PlenigoError> {
        let value = match serde_json::from_slice::<Value>(&self.body) {
            Ok(Value::Object(map)) => map.get(key).and_then(scalar_text),
            Ok(other) => scalar_text(&other),
            Err(_) => std::str::from_utf8(&self.body)
                .ok()
                .map(str::trim)
                .filter(|t| {
                    !t.is_empty()
                        && !t.contains(|c: char| c.is_whitespace() || "{}[]\"<>".contains(c))
                })
                .map(str::to_owned),
        };
        value
            .filter(|v| !v.is_empty())
            .ok_or_else(|| self.invalid(format!("expected {key}")))
    }

    /// An access check's answer, failing closed: `false` for a 403; `true` only for a 204, a
    /// JSON object whose `accessGranted` is the boolean `true`, or (where `silent_grants`, for
    /// an endpoint that sends no `accessGranted`) an empty 200 or a JSON object without it.
    /// An explicit `false` is `false`; any other body is [`PlenigoError::InvalidResponse`].
    pub fn access_granted(&self, silent_grants: bool) -> Result<bool, PlenigoError> {
        match self.status {
            403 => return Ok(false),
            204 => return Ok(true),
            _ => {}
        }
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return match silent_grants {
                true => Ok(true),
                false => Err(self.invalid("expected an access answer, got an empty body".into())),
            };
        }
        let body: Value = self.json("an access answer")?;
        match body.as_object().map(|o| o.get("accessGranted")) {
            Some(Some(Value::Bool(granted))) => Ok(*granted),
            Some(None) if silent_grants => Ok(true),
            Some(_) => Err(self.invalid("expected accessGranted to be true or false".into())),
            None => Err(self.invalid("expected an access answer object".into())),
        }
    }

    fn invalid(&self, detail: String) -> PlenigoError {
        PlenigoError::InvalidResponse {
            status: Some(self.status),
            detail,
        }
    }
}

/// A JSON string or integer as text. A fraction or an integer beyond 64 bits (which JSON
/// parsing would round) is no ID: `None`.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

/// Deserializes an ID the server may send as a string or a number.
pub(crate) fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let value = Value::deserialize(d)?;
    scalar_text(&value).ok_or_else(|| serde::de::Error::custom("expected a string or a number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &[u8]) -> Answer {
        Answer {
            status,
            body: body.to_vec(),
        }
    }

    /// Property: no body makes the readers panic, and an access check grants only on one of
    /// the few answers that mean "granted".
    #[test]
    fn random_bodies_never_panic_and_never_grant_by_accident() {
        let grants = |body: &[u8]| {
            let text = String::from_utf8_lossy(body);
            let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            compact.is_empty()
                || compact.contains("\"accessGranted\":true")
                || compact == "{}"
                || (compact.starts_with('{') && !compact.contains("accessGranted"))
        };
        let alphabet = b"{}[]\":,truefalsnul0123456789.eE+- accessGranted\\\n<>";
        let mut rng = fastrand::Rng::with_seed(7);
        for round in 0..20_000 {
            let len = rng.usize(0..40);
            let body: Vec<u8> = if round % 3 == 0 {
                (0..len).map(|_| rng.u8(..)).collect()
            } else {
                (0..len)
                    .map(|_| alphabet[rng.usize(..alphabet.len())])
                    .collect()
            };
            for status in [200, 204, 403] {
                let a = answer(status, &body);
                let _ = a.single_value("customerId");
                let _ = a.json::<Value>("anything");
                for silent in [false, true] {
                    if let Ok(true) = a.access_granted(silent) {
                        assert!(status == 204 || grants(&body), "granted on {body:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn placeholders_become_escaped_segments_and_test_mode_goes_where_declared() {
        let meaning = StatusMeaning {
            forbidden: Forbidden::NoAccess,
            not_found_code: 18,
        };
        let endpoint = Endpoint::new(
            Method::GET,
            "/access/app/{customerId}/{productId}",
            &["../import", "a b"],
            meaning,
            Answer::nothing,
        )
        .query("customerId", "c")
        .test_mode(TestMode::Query)
        .query("useExternalCustomerId", true);
        let base = Url::parse("http://127.0.0.1:1/").unwrap();
        assert_eq!(
            endpoint.url(&base, true).as_str(),
            "http://127.0.0.1:1/api/v2/access/app/..%2Fimport/a%20b?customerId=c&testMode=true&useExternalCustomerId=true"
        );
        assert_eq!(endpoint.body_text(true), None);
        let posted = endpoint
            .body(Map::from_iter([("a".to_owned(), Value::from(1))]))
            .test_mode(TestMode::Body);
        assert_eq!(
            posted.body_text(false).unwrap(),
            r#"{"a":1,"testMode":"false"}"#
        );
    }
}
