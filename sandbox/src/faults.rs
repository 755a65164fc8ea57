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

    /// What the fault does, in words for the journal's `reason`, e.g.
    /// `fault injected: status 503`.
    pub(crate) fn describe(&self) -> String {
        let mut effects = Vec::new();
        if let Some(ms) = self.delay_ms {
            effects.push(format!("delayed {ms} ms"));
        }
        if self.reset {
            effects.push("connection reset".to_owned());
        } else if self.hang {
            effects.push("no answer (hang)".to_owned());
        } else if let Some(status) = self.status {
            effects.push(format!("status {status}"));
        } else if self.body.is_some() {
            effects.push("canned body".to_owned());
        }
        format!("fault injected: {}", effects.join(", "))
    }

    /// Whether the fault applies to a request.
    fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self.path.as_deref().is_none_or(|p| path.starts_with(p))
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

/// An armed fault: its number, how many uses it has left, and the fault.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Armed {
    id: u64,
    left: u32,
    #[serde(flatten)]
    fault: Fault,
}

/// The pending faults in the order they were added, and the number the next one gets.
#[derive(Debug, Default)]
pub(crate) struct Faults(Mutex<(Vec<Armed>, u64)>);

impl Faults {
    /// Locks the faults (a panic elsewhere does not make them unusable).
    fn lock(&self) -> std::sync::MutexGuard<'_, (Vec<Armed>, u64)> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds a fault after checking it; answers its number (a fault with `count` 0 is
    /// numbered but not kept).
    pub(crate) fn add(&self, fault: Fault) -> Result<u64, String> {
        fault.validate()?;
        let left = fault.count.unwrap_or(1);
        let mut faults = self.lock();
        faults.1 += 1;
        let id = faults.1;
        if left > 0 {
            faults.0.push(Armed { id, left, fault });
        }
        Ok(id)
    }

    /// The armed faults, in the order they apply.
    pub(crate) fn armed(&self) -> Vec<Armed> {
        self.lock().0.clone()
    }

    /// Disarms one fault; whether it was armed.
    pub(crate) fn remove(&self, id: u64) -> bool {
        let mut faults = self.lock();
        let before = faults.0.len();
        faults.0.retain(|armed| armed.id != id);
        faults.0.len() != before
    }

    /// Removes all faults.
    pub(crate) fn clear(&self) {
        self.lock().0.clear();
    }

    /// Consumes one use of the first fault that matches the request.
    pub(crate) fn take(&self, method: &str, path: &str) -> Option<Fault> {
        let mut faults = self.lock();
        let armed = &mut faults.0;
        let index = armed.iter().position(|a| a.fault.matches(method, path))?;
        let fault = armed[index].fault.clone();
        armed[index].left -= 1;
        if armed[index].left == 0 {
            armed.remove(index);
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
    fn armed_faults_are_listed_with_uses_left_and_disarmed_by_number() {
        let faults = Faults::default();
        let first = faults
            .add(Fault {
                count: Some(3),
                status: Some(503),
                ..Default::default()
            })
            .unwrap();
        let second = faults
            .add(Fault {
                reset: true,
                ..Default::default()
            })
            .unwrap();
        assert_ne!(first, second);
        faults.take("GET", "/api/v2/x").unwrap();
        let armed = serde_json::to_value(faults.armed()).unwrap();
        assert_eq!(armed[0]["id"], first);
        assert_eq!(armed[0]["left"], 2);
        assert_eq!(armed[0]["status"], 503);
        assert_eq!(armed[1]["reset"], true);
        assert!(faults.remove(first));
        assert!(!faults.remove(first));
        assert_eq!(
            faults.take("GET", "/x").unwrap().describe(),
            "fault injected: connection reset"
        );
        assert!(faults.armed().is_empty());
        let delayed = Fault {
            delay_ms: Some(20),
            status: Some(500),
            ..Default::default()
        };
        assert_eq!(
            delayed.describe(),
            "fault injected: delayed 20 ms, status 500"
        );
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
