//! Lenient request input, as the official SDKs send it: path IDs decoded once per
//! segment, flags as booleans or `"true"`/`"false"`, IDs as strings or numbers, and
//! JSON bodies that may be empty or come without a Content-Type.

use std::collections::HashMap;

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};

use crate::error::{json_error, ApiError};

/// The route's path IDs, each percent-decoded exactly once (`%2F` stays in the ID).
/// An ID that decodes to `""`, `.` or `..` is rejected with 400.
pub(crate) struct Ids<const N: usize>(pub(crate) [String; N]);

impl<S: Send + Sync, const N: usize> FromRequestParts<S> for Ids<N> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let raw = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::bad_request("a path ID is not UTF-8 once percent-decoded"))?;
        let ids: Vec<String> = raw.iter().map(|(_, value)| value.to_owned()).collect();
        if let Some(bad) = ids.iter().find(|id| matches!(id.as_str(), "" | "." | "..")) {
            return Err(ApiError::bad_request(format!(
                "path ID {bad:?} is not allowed"
            )));
        }
        let ids: [String; N] = ids
            .try_into()
            .map_err(|_| ApiError::new(500, "route and handler disagree on the path IDs"))?;
        Ok(Ids(ids))
    }
}

/// The query string's parameters, percent-decoded (`+` is a space).
pub(crate) struct Query(HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Query {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        Query::parse(parts.uri.query().unwrap_or(""))
    }
}

impl Query {
    /// Parses `application/x-www-form-urlencoded` text (a query string or a form body).
    pub(crate) fn parse(text: &str) -> Result<Query, ApiError> {
        let mut params = HashMap::new();
        for pair in text.split('&') {
            if pair.is_empty() {
                continue;
            }
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| {
                percent_decode(&s.replace('+', " "))
                    .ok_or_else(|| ApiError::bad_request("the query string is badly encoded"))
            };
            params.insert(decode(name)?, decode(value)?);
        }
        Ok(Query(params))
    }

    /// A parameter's value.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// A required, non-empty parameter.
    pub(crate) fn required(&self, name: &str) -> Result<&str, ApiError> {
        self.get(name)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ApiError::bad_request(format!("{name} is required")))
    }

    /// A flag parameter: `true`/`false` (any case); absent or empty is false.
    pub(crate) fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.get(name) {
            None | Some("") => Ok(false),
            Some(value) => parse_flag(value)
                .ok_or_else(|| ApiError::bad_request(format!("{name} must be true or false"))),
        }
    }
}

/// Decodes `%XX` escapes once; `None` for a bad escape or invalid UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `true`/`false` in any case.
fn parse_flag(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Parses a JSON object body; an empty body counts as `{}`. Errors never quote the
/// body's string values.
pub(crate) fn json_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return serde_json::from_slice(b"{}")
            .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {}", json_error(&e))));
    }
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {}", json_error(&e))))?;
    if !value.is_object() {
        return Err(ApiError::bad_request("the JSON body must be an object"));
    }
    serde_json::from_value(value)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {}", json_error(&e))))
}

/// A flag given as a JSON boolean or as `"true"`/`"false"`; `null` is false.
pub(crate) fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Repr {
        Bool(bool),
        Text(String),
    }
    match Option::<Repr>::deserialize(d)? {
        None => Ok(false),
        Some(Repr::Bool(b)) => Ok(b),
        Some(Repr::Text(text)) => {
            parse_flag(&text).ok_or_else(|| D::Error::custom("a flag must be true or false"))
        }
    }
}

/// An ID given as a JSON string or integer; `null` and `""` are absent.
pub(crate) fn id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Repr {
        Text(String),
        Number(serde_json::Number),
    }
    match Option::<Repr>::deserialize(d)? {
        None => Ok(None),
        Some(Repr::Text(text)) => Ok(Some(text).filter(|t| !t.is_empty())),
        Some(Repr::Number(n)) if n.is_u64() || n.is_i64() => Ok(Some(n.to_string())),
        Some(Repr::Number(_)) => Err(D::Error::custom("an ID must be a string or an integer")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Body {
        #[serde(default, deserialize_with = "flag")]
        test_mode: bool,
        #[serde(default, deserialize_with = "id")]
        external_user_id: Option<String>,
    }

    #[test]
    fn flags_and_ids_are_lenient() {
        let body: Body = json_body(br#"{"testMode":"true","externalUserId":12345}"#).unwrap();
        assert!(body.test_mode);
        assert_eq!(body.external_user_id.as_deref(), Some("12345"));
        let body: Body = json_body(br#"{"testMode":false,"externalUserId":"A1"}"#).unwrap();
        assert!(!body.test_mode);
        assert_eq!(body.external_user_id.as_deref(), Some("A1"));
        let body: Body = json_body(b"  ").unwrap();
        assert!(!body.test_mode && body.external_user_id.is_none());
        assert!(json_body::<Body>(br#"{"testMode":"yes"}"#).is_err());
        assert!(json_body::<Body>(br#"{"externalUserId":1.5}"#).is_err());
        for not_an_object in [&b"[]"[..], b"null", b"1", br#""x""#, b"[{}]"] {
            assert!(json_body::<Body>(not_an_object).is_err());
        }
    }

    /// A bounded fuzz run over the request parsers: random bytes never panic, and any
    /// text percent-encoded decodes back to itself.
    #[test]
    fn parsers_survive_random_input() {
        const SPECIAL: &[u8] = b"%&=+{}[]\\\":,";
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..3000 {
            let length = rng.usize(..64);
            let bytes: Vec<u8> = (0..length)
                .map(|_| match rng.u8(..4) {
                    0 => SPECIAL[rng.usize(..SPECIAL.len())],
                    1 => rng.u8(..),
                    _ => rng.alphanumeric() as u8,
                })
                .collect();
            let _ = json_body::<Body>(&bytes);
            let text = String::from_utf8_lossy(&bytes);
            let _ = Query::parse(&text);
            let _ = percent_decode(&text);
            let encoded: String = text.bytes().map(|b| format!("%{b:02X}")).collect();
            assert_eq!(percent_decode(&encoded).as_deref(), Some(&*text));
            let query = Query::parse(&format!("k={encoded}")).unwrap();
            assert_eq!(query.get("k"), Some(&*text));
        }
    }

    #[test]
    fn percent_decoding_is_done_once() {
        assert_eq!(percent_decode("a%2Fb%252F").as_deref(), Some("a/b%2F"));
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%+1"), None);
        assert_eq!(percent_decode("%4"), None);
        assert_eq!(percent_decode("%C3%A9").as_deref(), Some("é"));
        assert_eq!(percent_decode("%FF"), None);
    }
}
