//! The JSON error answer `{"error": <HTTP status>, "description": "<text>"}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// A failed request: its HTTP status and a description for the body.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    description: String,
}

/// The description of an error answer, kept on the response for the journal's `reason`.
#[derive(Clone, Debug)]
pub(crate) struct Reason(pub(crate) String);

/// What a handler returns.
pub(crate) type ApiResult<T = Json<serde_json::Value>> = Result<T, ApiError>;

impl ApiError {
    /// An error with any status (an invalid status becomes 500).
    pub(crate) fn new(status: u16, description: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            description: description.into(),
        }
    }

    /// 400: invalid parameters.
    pub(crate) fn bad_request(description: impl Into<String>) -> ApiError {
        ApiError::new(400, description)
    }

    /// 401: the plenigoToken is not acceptable.
    pub(crate) fn unauthorized(description: impl Into<String>) -> ApiError {
        ApiError::new(401, description)
    }

    /// 403: not allowed or no access.
    pub(crate) fn forbidden(description: impl Into<String>) -> ApiError {
        ApiError::new(403, description)
    }

    /// 404: not found.
    pub(crate) fn not_found(description: impl Into<String>) -> ApiError {
        ApiError::new(404, description)
    }

    /// 409: conflicts with existing data.
    pub(crate) fn conflict(description: impl Into<String>) -> ApiError {
        ApiError::new(409, description)
    }
}

/// A JSON parse error in words that never quote the input: serde quotes the offending
/// value (which may be a secret), so every `"..."` string and every number after
/// "integer" or "floating point" becomes `…`; field names stay.
pub(crate) fn json_error(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(start) = rest.find(['"', '`']) {
        let quote = &rest[start..start + 1];
        let before = &rest[..start];
        let Some(length) = rest[start + 1..].find(quote) else {
            break;
        };
        let end = start + 1 + length + 1;
        let is_value =
            quote == "\"" || before.ends_with("integer ") || before.ends_with("floating point ");
        out.push_str(before);
        if is_value {
            out.push_str(quote);
            out.push('\u{2026}');
            out.push_str(quote);
        } else {
            out.push_str(&rest[start..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The error body for a status and description.
pub(crate) fn error_body(status: u16, description: &str) -> String {
    json!({ "error": status, "description": description }).to_string()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = error_body(self.status.as_u16(), &self.description);
        let mut response = (
            self.status,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
        response.extensions_mut().insert(Reason(self.description));
        response
    }
}

#[cfg(test)]
mod tests {
    use super::json_error;

    #[test]
    fn json_errors_never_quote_string_values() {
        let error = serde_json::from_str::<Vec<String>>(r#""TopSecret""#).unwrap_err();
        let text = json_error(&error);
        assert!(!text.contains("TopSecret"), "{text}");
        assert!(text.contains("invalid type: string \"\u{2026}\""), "{text}");
        assert!(text.contains("line 1 column 11"), "{text}");

        let error = serde_json::from_str::<Vec<String>>("[1234567]").unwrap_err();
        let text = json_error(&error);
        assert!(text.contains("invalid type: integer `\u{2026}`"), "{text}");
        assert!(!text.contains("1234567"), "{text}");

        let error = serde_json::from_str::<crate::CompanySpec>(r#"{"secretz": ["TopSecret"]}"#)
            .unwrap_err();
        let text = json_error(&error);
        assert!(
            text.contains("unknown field `secretz`, expected one of"),
            "{text}"
        );
        assert!(text.contains("`secrets`"), "{text}");
        assert!(!text.contains("TopSecret"), "{text}");
    }
}
