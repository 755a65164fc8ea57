//! The one error type every operation returns, and how HTTP answers map onto it.

/// Everything that can go wrong in a plenigo call.
///
/// Each variant says what happened in a way a caller can act on; [`PlenigoError::http_status`]
/// and [`PlenigoError::plenigo_code`] give the HTTP status (where there was an answer) and
/// plenigo's documented error code. No variant ever carries the company secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
#[uniffi::export(Display)]
#[non_exhaustive]
pub enum PlenigoError {
    /// An argument or configuration value was rejected before any request was sent.
    #[error("invalid {field}: {reason}")]
    InvalidInput {
        /// The offending parameter or config field, e.g. `email` or `customer_id`.
        field: String,
        /// Why it was rejected.
        reason: String,
    },
    /// The server rejected the request's parameters (HTTP 400).
    #[error("bad request (HTTP {status}): {detail}")]
    BadRequest {
        status: i32,
        code: i32,
        detail: String,
    },
    /// Wrong secret or company ID (HTTP 401).
    #[error("unauthorized (HTTP {status}): {detail}")]
    Unauthorized {
        status: i32,
        code: i32,
        detail: String,
    },
    /// The company may not do this, e.g. it is not qualified for a closed user group (HTTP 403).
    #[error("access denied (HTTP {status}): {detail}")]
    AccessDenied {
        status: i32,
        code: i32,
        detail: String,
    },
    /// An app token is unknown, already used, or belongs to another customer (HTTP 403).
    #[error("app token not valid (HTTP {status}): {detail}")]
    TokenProblem {
        status: i32,
        code: i32,
        detail: String,
    },
    /// The customer or customer app does not exist (HTTP 404).
    #[error("not found (HTTP {status}): {detail}")]
    NotFound {
        status: i32,
        code: i32,
        detail: String,
    },
    /// The e-mail or ID is already in use (HTTP 409).
    #[error("conflict (HTTP {status}): {detail}")]
    Conflict {
        status: i32,
        code: i32,
        detail: String,
    },
    /// The customer has not bought the product (HTTP 412).
    #[error("precondition failed (HTTP {status}): {detail}")]
    PreconditionFailed {
        status: i32,
        code: i32,
        detail: String,
    },
    /// The limit of parallel app accesses is reached (HTTP 423), or the server asks us to slow down (429).
    #[error("limit reached (HTTP {status}): {detail}")]
    LimitReached {
        status: i32,
        code: i32,
        detail: String,
    },
    /// The server failed (HTTP 5xx).
    #[error("server error (HTTP {status}): {detail}")]
    Server {
        status: i32,
        code: i32,
        detail: String,
    },
    /// No answer within the configured timeout. With `outcome_unknown` the request had been sent
    /// and was not idempotent: it may or may not have taken effect.
    #[error("timed out: {detail}")]
    Timeout {
        detail: String,
        outcome_unknown: bool,
    },
    /// The connection failed. With `outcome_unknown` it broke after a non-idempotent request was
    /// sent: it may or may not have taken effect, and it was not retried.
    #[error("network error: {detail}")]
    Network {
        detail: String,
        outcome_unknown: bool,
    },
    /// The server answered something this client cannot read (garbage body, unexpected status).
    #[error("invalid response{}: {detail}", status.map(|s| format!(" (HTTP {s})")).unwrap_or_default())]
    InvalidResponse { status: Option<i32>, detail: String },
}

/// The kind of a [`PlenigoError`], without its data: handy for `match` and for foreign languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum ErrorKind {
    InvalidInput,
    BadRequest,
    Unauthorized,
    AccessDenied,
    TokenProblem,
    NotFound,
    Conflict,
    PreconditionFailed,
    LimitReached,
    Server,
    Timeout,
    Network,
    InvalidResponse,
}

/// plenigo's documented error codes.
pub mod code {
    /// Server error.
    pub const SERVER: i32 = 0;
    /// Invalid parameters.
    pub const INVALID_PARAMETERS: i32 = 1;
    /// The customer cannot access the product.
    pub const CANNOT_ACCESS_PRODUCT: i32 = 2;
    /// Invalid secret or company ID.
    pub const INVALID_SECRET: i32 = 4;
    /// Connection error.
    pub const CONNECTION: i32 = 5;
    /// Unknown host.
    pub const UNKNOWN_HOST: i32 = 6;
    /// Internal error.
    pub const INTERNAL: i32 = 10;
    /// Precondition failed.
    pub const PRECONDITION_FAILED: i32 = 11;
    /// Limit reached.
    pub const LIMIT_REACHED: i32 = 12;
    /// Token problem.
    pub const TOKEN: i32 = 13;
    /// Company not qualified for a closed user group.
    pub const CLOSED_USER_GROUP: i32 = 17;
    /// Customer not found.
    pub const CUSTOMER_NOT_FOUND: i32 = 18;
    /// ID data not found.
    pub const ID_NOT_FOUND: i32 = 19;
}

/// What a 403 and a 404 mean for one operation (they differ between endpoints).
#[derive(Debug, Clone, Copy)]
pub(crate) struct StatusMeaning {
    /// The variant and code a 403 becomes.
    pub forbidden: (ErrorKind, i32),
    /// The code a 404 carries.
    pub not_found: i32,
}

impl PlenigoError {
    /// An [`PlenigoError::InvalidInput`] for `field`.
    pub(crate) fn invalid(field: &str, reason: impl Into<String>) -> Self {
        PlenigoError::InvalidInput {
            field: field.to_owned(),
            reason: reason.into(),
        }
    }

    /// The error for a non-2xx HTTP answer, read from its status (never from its body, which
    /// only lends a short description).
    pub(crate) fn from_status(status: u16, body: &[u8], meaning: StatusMeaning) -> Self {
        let detail = describe(status, body);
        let status = i32::from(status);
        let (kind, code) = match status {
            400 => (ErrorKind::BadRequest, code::INVALID_PARAMETERS),
            401 => (ErrorKind::Unauthorized, code::INVALID_SECRET),
            403 => meaning.forbidden,
            404 => (ErrorKind::NotFound, meaning.not_found),
            409 => (ErrorKind::Conflict, code::INVALID_PARAMETERS),
            412 => (ErrorKind::PreconditionFailed, code::PRECONDITION_FAILED),
            423 | 429 => (ErrorKind::LimitReached, code::LIMIT_REACHED),
            500 => (ErrorKind::Server, code::INTERNAL),
            501..=599 => (ErrorKind::Server, code::SERVER),
            _ => {
                return PlenigoError::InvalidResponse {
                    status: Some(status),
                    detail: format!("unexpected HTTP status: {detail}"),
                }
            }
        };
        match kind {
            ErrorKind::BadRequest => PlenigoError::BadRequest {
                status,
                code,
                detail,
            },
            ErrorKind::Unauthorized => PlenigoError::Unauthorized {
                status,
                code,
                detail,
            },
            ErrorKind::AccessDenied => PlenigoError::AccessDenied {
                status,
                code,
                detail,
            },
            ErrorKind::TokenProblem => PlenigoError::TokenProblem {
                status,
                code,
                detail,
            },
            ErrorKind::NotFound => PlenigoError::NotFound {
                status,
                code,
                detail,
            },
            ErrorKind::Conflict => PlenigoError::Conflict {
                status,
                code,
                detail,
            },
            ErrorKind::PreconditionFailed => PlenigoError::PreconditionFailed {
                status,
                code,
                detail,
            },
            ErrorKind::LimitReached => PlenigoError::LimitReached {
                status,
                code,
                detail,
            },
            _ => PlenigoError::Server {
                status,
                code,
                detail,
            },
        }
    }
}

#[uniffi::export]
impl PlenigoError {
    /// The human-readable message (what `Display` prints), for bindings whose generated
    /// exceptions would otherwise print a dump of the fields.
    pub fn describe(&self) -> String {
        self.to_string()
    }

    /// The kind of error, without its data.
    pub fn kind(&self) -> ErrorKind {
        match self {
            PlenigoError::InvalidInput { .. } => ErrorKind::InvalidInput,
            PlenigoError::BadRequest { .. } => ErrorKind::BadRequest,
            PlenigoError::Unauthorized { .. } => ErrorKind::Unauthorized,
            PlenigoError::AccessDenied { .. } => ErrorKind::AccessDenied,
            PlenigoError::TokenProblem { .. } => ErrorKind::TokenProblem,
            PlenigoError::NotFound { .. } => ErrorKind::NotFound,
            PlenigoError::Conflict { .. } => ErrorKind::Conflict,
            PlenigoError::PreconditionFailed { .. } => ErrorKind::PreconditionFailed,
            PlenigoError::LimitReached { .. } => ErrorKind::LimitReached,
            PlenigoError::Server { .. } => ErrorKind::Server,
            PlenigoError::Timeout { .. } => ErrorKind::Timeout,
            PlenigoError::Network { .. } => ErrorKind::Network,
            PlenigoError::InvalidResponse { .. } => ErrorKind::InvalidResponse,
        }
    }

    /// The HTTP status of the server's answer, where there was one.
    pub fn http_status(&self) -> Option<i32> {
        match self {
            PlenigoError::BadRequest { status, .. }
            | PlenigoError::Unauthorized { status, .. }
            | PlenigoError::AccessDenied { status, .. }
            | PlenigoError::TokenProblem { status, .. }
            | PlenigoError::NotFound { status, .. }
            | PlenigoError::Conflict { status, .. }
            | PlenigoError::PreconditionFailed { status, .. }
            | PlenigoError::LimitReached { status, .. }
            | PlenigoError::Server { status, .. } => Some(*status),
            PlenigoError::InvalidResponse { status, .. } => *status,
            _ => None,
        }
    }

    /// plenigo's error code (see [`code`]): 1 for rejected input, 5 for timeouts and network
    /// failures, 0 for unreadable answers.
    pub fn plenigo_code(&self) -> i32 {
        match self {
            PlenigoError::InvalidInput { .. } => code::INVALID_PARAMETERS,
            PlenigoError::BadRequest { code, .. }
            | PlenigoError::Unauthorized { code, .. }
            | PlenigoError::AccessDenied { code, .. }
            | PlenigoError::TokenProblem { code, .. }
            | PlenigoError::NotFound { code, .. }
            | PlenigoError::Conflict { code, .. }
            | PlenigoError::PreconditionFailed { code, .. }
            | PlenigoError::LimitReached { code, .. }
            | PlenigoError::Server { code, .. } => *code,
            PlenigoError::Timeout { .. } | PlenigoError::Network { .. } => code::CONNECTION,
            PlenigoError::InvalidResponse { .. } => code::SERVER,
        }
    }

    /// True when a non-idempotent request was sent but its answer was lost: it may have taken
    /// effect. Check the state before trying again.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            PlenigoError::Timeout {
                outcome_unknown: true,
                ..
            } | PlenigoError::Network {
                outcome_unknown: true,
                ..
            }
        )
    }
}

/// A short, printable description of an error answer: the JSON `description` when the body has
/// one, else the start of the body as text.
fn describe(status: u16, body: &[u8]) -> String {
    const MAX: usize = 200;
    let from_json = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| {
            v.get("description")
                .and_then(|d| d.as_str())
                .map(str::to_owned)
        });
    let text = from_json.unwrap_or_else(|| String::from_utf8_lossy(body).trim().to_owned());
    let text: String = text.chars().filter(|c| !c.is_control()).take(MAX).collect();
    if text.is_empty() {
        format!("HTTP {status} with no description")
    } else {
        text
    }
}
