//! Fault injection: canned answers, delays, hangs and connection resets for the next
//! matching API requests.

use std::sync::Mutex;

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Deserializer, Serialize};

use crate::error::error_body;

/// A fault for the next `count` API requests that match `method` and `path`.
///
/// ```
/// # use plenigo_sandbox::Fault;
/// let fault = Fault { status: Some(503), path: Some("/api/v2/access/app".into()), ..Default::default() };
/// # let _ = fault;
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Fault {
    /// Only requests with this method (any case); `None` matches every method.
    pub method: Option<String>,
    /// Only requests whose raw path starts with this; `None` matches every path.
    pub path: Option<String>,
    /// How many matching requests the fault applies to (default 1).
    pub count: Option<u32>,
    /// Answer with this status instead of handling the request.
    pub status: Option<u16>,
    /// Answer with this literal body (status 200 when `status` is not set).
    pub body: Option<String>,
    /// The Content-Type of a canned answer (default `application/json`).
    pub content_type: Option<String>,
    /// The `Retry-After` header of a canned answer (a JSON string or number).
    #[serde(deserialize_with = "text_or_number")]
    pub retry_after: Option<String>,
    /// Wait this long before the rest of the fault (or normal handling).
    pub delay_ms: Option<u64>,
    /// Never answer (until the client gives up or the sandbox stops).
    pub hang: bool,
    /// Abort the connection with a TCP RST and no answer.
    pub reset: bool,
}

/// Accepts `"2"` or `2` for a header value.
fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Repr {
        Text(String),
        Number(serde_json::Number),
    }
    Ok(Option::<Repr>::deserialize(d)?.map(|r| match r {
        Repr::Text(text) => text,
        Repr::Number(n) => n.to_string(),
    }))
}

impl Fault {
    /// Checks that the status and header values can be sent.
    pub(crate) fn validate(&self) -> Result<(), String> {
        if let Some(status) = self.status {
            StatusCode::from_u16(status).map_err(|_| format!("invalid status {status}"))?;
        }
        for (name, value) in [
            ("contentType", &self.content_type),
            ("retryAfter", &self.retry_after),
        ] {
            if let Some(value) = value {
                HeaderValue::from_str(value).map_err(|_| format!("invalid {name} {value:?}"))?;
            }
        }
        Ok(())
    }

    /// Whether the fault applies to a request.
    fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .map_or(true, |m| m.eq_ignore_ascii_case(method))
            && self.path.as_deref().map_or(true, |p| path.starts_with(p))
    }

    /// The canned answer, when `status` or `body` is set.
    pub(crate) fn canned_response(&self) -> Option<Response> {
        if self.status.is_none() && self.body.is_none() {
            return None;
        }
        let status = self.status.unwrap_or(200);
        let body = self
            .body
            .clone()
            .unwrap_or_else(|| error_body(status, "injected fault"));
        let mut response = Response::new(Body::from(body));
        *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
        let headers = response.headers_mut();
        let content_type = self.content_type.as_deref().unwrap_or("application/json");
        if let Ok(value) = HeaderValue::from_str(content_type) {
            headers.insert(header::CONTENT_TYPE, value);
        }
        if let Some(Ok(value)) = self.retry_after.as_deref().map(HeaderValue::from_str) {
            headers.insert(header::RETRY_AFTER, value);
        }
        Some(response)
    }
}

/// The pending faults with how many uses each has left, in the order they were added.
#[derive(Debug, Default)]
pub(crate) struct Faults(Mutex<Vec<(Fault, u32)>>);

impl Faults {
    /// Adds a fault after checking it.
    pub(crate) fn add(&self, fault: Fault) -> Result<(), String> {
        fault.validate()?;
        let count = fault.count.unwrap_or(1);
        if count > 0 {
            self.0
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((fault, count));
        }
        Ok(())
    }

    /// Removes all faults.
    pub(crate) fn clear(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// Consumes one use of the first fault that matches the request.
    pub(crate) fn take(&self, method: &str, path: &str) -> Option<Fault> {
        let mut faults = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let index = faults.iter().position(|(f, _)| f.matches(method, path))?;
        let (fault, left) = &mut faults[index];
        let fault = fault.clone();
        *left -= 1;
        if *left == 0 {
            faults.remove(index);
        }
        Some(fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_matching_fault_is_consumed_count_times() {
        let faults = Faults::default();
        let fault = Fault {
            method: Some("get".into()),
            path: Some("/api/v2/access".into()),
            count: Some(2),
            status: Some(503),
            ..Default::default()
        };
        faults.add(fault).unwrap();
        faults
            .add(Fault {
                status: Some(500),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            faults.take("GET", "/api/v2/access/app/1").unwrap().status,
            Some(503)
        );
        assert_eq!(
            faults.take("POST", "/api/v2/access/app/1").unwrap().status,
            Some(500)
        );
        assert_eq!(
            faults.take("GET", "/api/v2/access/app/1").unwrap().status,
            Some(503)
        );
        assert!(faults.take("GET", "/api/v2/access/app/1").is_none());
    }

    #[test]
    fn deserializes_camel_case_and_rejects_bad_values() {
        let fault: Fault = serde_json::from_str(
            r#"{"status":429,"retryAfter":2,"delayMs":5,"contentType":"text/html","hang":false}"#,
        )
        .unwrap();
        assert_eq!(fault.retry_after.as_deref(), Some("2"));
        assert_eq!(fault.delay_ms, Some(5));
        assert!(serde_json::from_str::<Fault>(r#"{"stauts":429}"#).is_err());
        let bad = Fault {
            status: Some(42),
            ..Default::default()
        };
        assert!(Faults::default().add(bad).is_err());
    }
}
