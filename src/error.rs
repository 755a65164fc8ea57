//! The one error type every operation returns, and the one table of error kinds that every
//! language's errors are derived from.

use std::fmt;

/// The error kinds, one line each: the kind, its stable number (the C status, never reused),
/// the HTTP statuses that map to it wherever an endpoint does not say otherwise, plenigo's
/// error code for an answer of that status, and the words its messages start with.
///
/// `error_kinds!(callback)` hands the table to `callback!`, so the FFI crate derives its
/// UniFFI error, the C status numbers and names from these lines instead of a copy.
#[doc(hidden)]
#[macro_export]
macro_rules! error_kinds {
    ($callback:ident) => {
        $callback! {
            /// An argument or configuration value was rejected before any request was sent.
            InvalidInput = 1, status [], code |_| 1, "invalid";
            /// The server rejected the request's parameters (HTTP 400).
            BadRequest = 2, status [400], code |_| 1, "bad request";
            /// Wrong secret or company ID (HTTP 401).
            Unauthorized = 3, status [401], code |_| 4, "unauthorized";
            /// The company may not do this, e.g. it is not qualified for a closed user group (HTTP 403).
            AccessDenied = 4, status [], code |_| 17, "access denied";
            /// An app token is unknown, already used, or belongs to another customer (HTTP 403).
            TokenProblem = 5, status [], code |_| 13, "app token not valid";
            /// The customer or customer app does not exist (HTTP 404).
            NotFound = 6, status [404], code |_| 18, "not found";
            /// The e-mail or ID is already in use (HTTP 409).
            Conflict = 7, status [409], code |_| 1, "conflict";
            /// The customer has not bought the product (HTTP 412).
            PreconditionFailed = 8, status [412], code |_| 11, "precondition failed";
            /// Too many parallel app accesses (HTTP 423), or the server asks to slow down (429).
            LimitReached = 9, status [423 | 429], code |_| 12, "limit reached";
            /// The server failed (HTTP 5xx).
            Server = 10, status [500..=599], code |s| if s == 500 { 10 } else { 0 }, "server error";
            /// No answer within the configured timeout or the call's deadline.
            Timeout = 11, status [], code |_| 5, "timed out";
            /// The connection failed.
            Network = 12, status [], code |_| 5, "network error";
            /// The server answered something this client cannot read (garbage, too large, a
            /// redirect, an unexpected status).
            InvalidResponse = 13, status [], code |_| 0, "invalid response";
        }
    };
}

/// Expands the table into [`ErrorKind`] and its lookups.
macro_rules! define_error_kind {
    ($($(#[doc = $doc:literal])* $kind:ident = $number:literal, status [$($status:pat)?], code $code:expr, $text:literal;)*) => {
        /// The kind of a [`PlenigoError`]: what a caller acts on. Its number is the C status.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        #[repr(u32)]
        pub enum ErrorKind {
            $($(#[doc = $doc])* $kind = $number,)*
        }

        impl ErrorKind {
            /// Every kind, in the order of their numbers.
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$kind),*];

            /// The kind's name, e.g. `"NotFound"`.
            pub fn name(self) -> &'static str {
                match self {
                    $(ErrorKind::$kind => stringify!($kind),)*
                }
            }

            /// What this kind means, in a sentence (its documentation).
            pub fn description(self) -> &'static str {
                match self {
                    $(ErrorKind::$kind => concat!($($doc),*).trim_start(),)*
                }
            }

            /// The words a message of this kind starts with, e.g. `"not found"`.
            pub fn text(self) -> &'static str {
                match self {
                    $(ErrorKind::$kind => $text,)*
                }
            }

            /// The stable number of this kind (the C ABI's status).
            pub fn number(self) -> u32 {
                self as u32
            }

            /// plenigo's error code for an answer of HTTP `status` of this kind.
            fn code_for(self, status: u16) -> i32 {
                match self {
                    $(ErrorKind::$kind => ($code)(status),)*
                }
            }

            /// The kind an HTTP error status maps to where the endpoint does not say otherwise.
            fn from_status(status: u16) -> Option<ErrorKind> {
                $($(if matches!(status, $status) {
                    return Some(ErrorKind::$kind);
                })?)*
                None
            }
        }
    };
}

error_kinds!(define_error_kind);

/// plenigo's documented error codes.
pub mod code {
    /// Server error.
    pub const SERVER: i32 = 0;
    /// Invalid parameters.
    pub const INVALID_PARAMETERS: i32 = 1;
    /// Invalid secret or company ID.
    pub const INVALID_SECRET: i32 = 4;
    /// Connection error.
    pub const CONNECTION: i32 = 5;
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

/// Everything that can go wrong in a plenigo call.
///
/// Match on [`PlenigoError::kind`] to act on it; [`PlenigoError::http_status`] and
/// [`PlenigoError::plenigo_code`] give the HTTP status (where there was an answer) and
/// plenigo's documented error code. No variant ever carries the company secret.
///
/// ```
/// # fn f(e: plenigo::PlenigoError) {
/// match e.kind() {
///     plenigo::ErrorKind::NotFound => println!("no such customer"),
///     _ if e.outcome_unknown() => println!("check the state before trying again: {e}"),
///     _ => println!("{e}"),
/// }
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PlenigoError {
    /// An argument or configuration value was rejected before any request was sent.
    InvalidInput {
        /// The offending parameter or config field, e.g. `email` or `customer_id`.
        field: String,
        /// Why it was rejected.
        reason: String,
    },
    /// The server answered with an error status.
    Api {
        /// What the status means for the operation.
        kind: ErrorKind,
        /// The HTTP status.
        status: u16,
        /// plenigo's error code (see [`code`]).
        code: i32,
        /// The server's description, or the start of its body.
        detail: String,
    },
    /// No answer within the attempt's timeout or the call's deadline.
    Timeout {
        /// What timed out.
        detail: String,
        /// The request had been sent and was not idempotent: it may have taken effect.
        outcome_unknown: bool,
    },
    /// The connection failed.
    Network {
        /// What failed.
        detail: String,
        /// The connection broke after a non-idempotent request was sent: it may have taken
        /// effect, and it was not retried.
        outcome_unknown: bool,
    },
    /// The server answered something this client cannot read.
    InvalidResponse {
        /// The HTTP status of the answer, where there was one.
        status: Option<u16>,
        /// What was wrong with it.
        detail: String,
    },
}

impl std::error::Error for PlenigoError {}

impl fmt::Display for PlenigoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.kind().text();
        match self {
            PlenigoError::InvalidInput { field, reason } => write!(f, "{text} {field}: {reason}"),
            PlenigoError::Api { status, detail, .. } => {
                write!(f, "{text} (HTTP {status}): {detail}")
            }
            PlenigoError::Timeout { detail, .. } | PlenigoError::Network { detail, .. } => {
                write!(f, "{text}: {detail}")
            }
            PlenigoError::InvalidResponse {
                status: Some(status),
                detail,
            } => write!(f, "{text} (HTTP {status}): {detail}"),
            PlenigoError::InvalidResponse { detail, .. } => write!(f, "{text}: {detail}"),
        }
    }
}

/// What a 403 means for one endpoint (it differs between them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Forbidden {
    /// An error of this kind.
    Error(ErrorKind),
    /// An answer, not an error: the endpoint's reader turns it into `false`.
    NoAccess,
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
    /// only lends a short description). `forbidden` and `not_found_code` are what the
    /// endpoint says a 403 and a 404 mean.
    pub(crate) fn from_status(
        status: u16,
        body: &[u8],
        forbidden: ErrorKind,
        not_found_code: i32,
    ) -> Self {
        let detail = describe(status, body);
        let kind = match status {
            403 => Some(forbidden),
            _ => ErrorKind::from_status(status),
        };
        let Some(kind) = kind else {
            return PlenigoError::InvalidResponse {
                status: Some(status),
                detail: format!("unexpected HTTP status: {detail}"),
            };
        };
        let code = match kind {
            ErrorKind::NotFound => not_found_code,
            _ => kind.code_for(status),
        };
        PlenigoError::Api {
            kind,
            status,
            code,
            detail,
        }
    }

    /// The kind of error, without its data.
    pub fn kind(&self) -> ErrorKind {
        match self {
            PlenigoError::InvalidInput { .. } => ErrorKind::InvalidInput,
            PlenigoError::Api { kind, .. } => *kind,
            PlenigoError::Timeout { .. } => ErrorKind::Timeout,
            PlenigoError::Network { .. } => ErrorKind::Network,
            PlenigoError::InvalidResponse { .. } => ErrorKind::InvalidResponse,
        }
    }

    /// The HTTP status of the server's answer, where there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            PlenigoError::Api { status, .. } => Some(*status),
            PlenigoError::InvalidResponse { status, .. } => *status,
            _ => None,
        }
    }

    /// plenigo's error code (see [`code`]): 1 for rejected input, 5 for timeouts and network
    /// failures, 0 for unreadable answers.
    pub fn plenigo_code(&self) -> i32 {
        match self {
            PlenigoError::Api { code, .. } => *code,
            other => other.kind().code_for(0),
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

    /// The offending field of an [`PlenigoError::InvalidInput`].
    pub fn field(&self) -> Option<&str> {
        match self {
            PlenigoError::InvalidInput { field, .. } => Some(field),
            _ => None,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_http_error_status_maps_to_a_kind_with_its_code() {
        let kind = |status| {
            PlenigoError::from_status(status, b"", ErrorKind::TokenProblem, code::ID_NOT_FOUND)
        };
        let table = [
            (400, ErrorKind::BadRequest, 1),
            (401, ErrorKind::Unauthorized, 4),
            (403, ErrorKind::TokenProblem, 13),
            (404, ErrorKind::NotFound, 19),
            (409, ErrorKind::Conflict, 1),
            (412, ErrorKind::PreconditionFailed, 11),
            (423, ErrorKind::LimitReached, 12),
            (429, ErrorKind::LimitReached, 12),
            (500, ErrorKind::Server, 10),
            (503, ErrorKind::Server, 0),
        ];
        for (status, expected, code) in table {
            let e = kind(status);
            assert_eq!(
                (e.kind(), e.plenigo_code(), e.http_status()),
                (expected, code, Some(status))
            );
        }
        for status in [300, 302, 418, 451, 600] {
            assert_eq!(kind(status).kind(), ErrorKind::InvalidResponse, "{status}");
        }
    }

    #[test]
    fn kinds_are_numbered_in_order_and_named() {
        for (i, kind) in ErrorKind::ALL.iter().enumerate() {
            assert_eq!(kind.number() as usize, i + 1);
            assert!(!kind.name().is_empty() && !kind.text().is_empty());
        }
    }
}
