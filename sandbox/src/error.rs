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

/// The error body for a status and description.
pub(crate) fn error_body(status: u16, description: &str) -> String {
    json!({ "error": status, "description": description }).to_string()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = error_body(self.status.as_u16(), &self.description);
        (
            self.status,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    }
}
