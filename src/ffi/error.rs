//! The status enum, the error object, and the panic boundary every exported function goes
//! through.

use std::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};

use super::types::into_c_string;
use crate::error::{code, ErrorKind, PlenigoError};

/// The outcome of a call. The numbers are stable and never reused.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum plenigo_status {
    /// Success: the out-parameters were written.
    Ok = 0,
    /// An argument or config value was rejected before any request was sent.
    InvalidInput = 1,
    /// The server rejected the request's parameters (HTTP 400).
    BadRequest = 2,
    /// Wrong secret or company ID (HTTP 401).
    Unauthorized = 3,
    /// The company may not do this, e.g. no closed user group (HTTP 403).
    AccessDenied = 4,
    /// An app token is unknown, already used, or belongs to another customer (HTTP 403).
    TokenProblem = 5,
    /// The customer or customer app does not exist (HTTP 404).
    NotFound = 6,
    /// The e-mail or ID is already in use (HTTP 409).
    Conflict = 7,
    /// The customer has not bought the product (HTTP 412).
    PreconditionFailed = 8,
    /// Too many parallel app accesses (HTTP 423) or too many requests (HTTP 429).
    LimitReached = 9,
    /// The server failed (HTTP 5xx).
    Server = 10,
    /// No answer within the configured timeout.
    Timeout = 11,
    /// The connection failed.
    Network = 12,
    /// The server answered something this client cannot read.
    InvalidResponse = 13,
    /// A required pointer argument was NULL.
    NullPointer = 100,
    /// A string argument was not valid UTF-8.
    InvalidUtf8 = 101,
    /// A panic was caught at the boundary (a bug in the library: please report it).
    Panic = 102,
}

impl From<ErrorKind> for plenigo_status {
    fn from(kind: ErrorKind) -> Self {
        match kind {
            ErrorKind::InvalidInput => plenigo_status::InvalidInput,
            ErrorKind::BadRequest => plenigo_status::BadRequest,
            ErrorKind::Unauthorized => plenigo_status::Unauthorized,
            ErrorKind::AccessDenied => plenigo_status::AccessDenied,
            ErrorKind::TokenProblem => plenigo_status::TokenProblem,
            ErrorKind::NotFound => plenigo_status::NotFound,
            ErrorKind::Conflict => plenigo_status::Conflict,
            ErrorKind::PreconditionFailed => plenigo_status::PreconditionFailed,
            ErrorKind::LimitReached => plenigo_status::LimitReached,
            ErrorKind::Server => plenigo_status::Server,
            ErrorKind::Timeout => plenigo_status::Timeout,
            ErrorKind::Network => plenigo_status::Network,
            ErrorKind::InvalidResponse => plenigo_status::InvalidResponse,
        }
    }
}

impl plenigo_status {
    /// The variant's name as it appears in the header.
    fn name(self) -> &'static std::ffi::CStr {
        match self {
            plenigo_status::Ok => c"PLENIGO_STATUS_OK",
            plenigo_status::InvalidInput => c"PLENIGO_STATUS_INVALID_INPUT",
            plenigo_status::BadRequest => c"PLENIGO_STATUS_BAD_REQUEST",
            plenigo_status::Unauthorized => c"PLENIGO_STATUS_UNAUTHORIZED",
            plenigo_status::AccessDenied => c"PLENIGO_STATUS_ACCESS_DENIED",
            plenigo_status::TokenProblem => c"PLENIGO_STATUS_TOKEN_PROBLEM",
            plenigo_status::NotFound => c"PLENIGO_STATUS_NOT_FOUND",
            plenigo_status::Conflict => c"PLENIGO_STATUS_CONFLICT",
            plenigo_status::PreconditionFailed => c"PLENIGO_STATUS_PRECONDITION_FAILED",
            plenigo_status::LimitReached => c"PLENIGO_STATUS_LIMIT_REACHED",
            plenigo_status::Server => c"PLENIGO_STATUS_SERVER",
            plenigo_status::Timeout => c"PLENIGO_STATUS_TIMEOUT",
            plenigo_status::Network => c"PLENIGO_STATUS_NETWORK",
            plenigo_status::InvalidResponse => c"PLENIGO_STATUS_INVALID_RESPONSE",
            plenigo_status::NullPointer => c"PLENIGO_STATUS_NULL_POINTER",
            plenigo_status::InvalidUtf8 => c"PLENIGO_STATUS_INVALID_UTF8",
            plenigo_status::Panic => c"PLENIGO_STATUS_PANIC",
        }
    }
}

/// What went wrong in a failed call: read it with the `plenigo_error_*` accessors and free it
/// with `plenigo_error_free`.
pub struct plenigo_error {
    status: plenigo_status,
    http_status: u16,
    code: i32,
    outcome_unknown: bool,
    message: String,
}

impl From<PlenigoError> for plenigo_error {
    fn from(e: PlenigoError) -> Self {
        plenigo_error {
            status: e.kind().into(),
            http_status: e
                .http_status()
                .and_then(|s| u16::try_from(s).ok())
                .unwrap_or(0),
            code: e.plenigo_code(),
            outcome_unknown: e.outcome_unknown(),
            message: e.to_string(),
        }
    }
}

impl plenigo_error {
    /// An error raised at the boundary itself (NULL, bad UTF-8, panic).
    fn boundary(status: plenigo_status, code: i32, message: String) -> Self {
        plenigo_error {
            status,
            http_status: 0,
            code,
            outcome_unknown: false,
            message,
        }
    }

    /// A required pointer argument was NULL.
    pub(super) fn null(arg: &str) -> Self {
        Self::boundary(
            plenigo_status::NullPointer,
            code::INVALID_PARAMETERS,
            format!("invalid {arg}: must not be NULL"),
        )
    }

    /// A string argument was not UTF-8.
    pub(super) fn utf8(arg: &str) -> Self {
        Self::boundary(
            plenigo_status::InvalidUtf8,
            code::INVALID_PARAMETERS,
            format!("invalid {arg}: not valid UTF-8"),
        )
    }

    /// A string from the server could not be handed to C (it held a NUL byte).
    pub(super) fn nul_in_response(what: &str) -> Self {
        Self::boundary(
            plenigo_status::InvalidResponse,
            code::SERVER,
            format!("invalid response: {what} contains a NUL byte"),
        )
    }
}

/// Runs one exported call: catches panics, turns an error into its status and hands the error
/// object to `error_out` when the caller asked for it.
pub(super) fn run(
    error_out: *mut *mut plenigo_error,
    call: impl FnOnce() -> Result<(), plenigo_error>,
) -> plenigo_status {
    let result = catch_unwind(AssertUnwindSafe(call)).unwrap_or_else(|_| {
        Err(plenigo_error::boundary(
            plenigo_status::Panic,
            code::INTERNAL,
            "internal error: a panic was caught at the C boundary".to_owned(),
        ))
    });
    match result {
        Ok(()) => plenigo_status::Ok,
        Err(e) => {
            let status = e.status;
            if !error_out.is_null() {
                // SAFETY: the caller passes a writable `plenigo_error**` or NULL.
                unsafe { *error_out = Box::into_raw(Box::new(e)) };
            }
            status
        }
    }
}

/// Runs an infallible accessor behind the panic boundary, answering `fallback` on a panic.
pub(super) fn guard<T>(fallback: T, call: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(call)).unwrap_or(fallback)
}

/// Reads `error` through `read`, or answers `fallback` when it is NULL.
unsafe fn read<T: Copy>(
    error: *const plenigo_error,
    fallback: T,
    read: impl FnOnce(&plenigo_error) -> T,
) -> T {
    guard(fallback, || match error.as_ref() {
        Some(e) => read(e),
        None => fallback,
    })
}

/// The status of the failed call; `PLENIGO_STATUS_NULL_POINTER` for a NULL error.
#[no_mangle]
pub unsafe extern "C" fn plenigo_error_status(error: *const plenigo_error) -> plenigo_status {
    read(error, plenigo_status::NullPointer, |e| e.status)
}

/// The HTTP status of the server's answer, or 0 when there was none.
#[no_mangle]
pub unsafe extern "C" fn plenigo_error_http_status(error: *const plenigo_error) -> u16 {
    read(error, 0, |e| e.http_status)
}

/// plenigo's error code: 1 invalid parameters, 4 invalid secret or company ID, 11 precondition
/// failed, 12 limit reached, 13 token problem, 18 customer not found, 19 ID not found, ...;
/// 5 for timeouts and network failures.
#[no_mangle]
pub unsafe extern "C" fn plenigo_error_plenigo_code(error: *const plenigo_error) -> i32 {
    read(error, 0, |e| e.code)
}

/// True when a non-idempotent request was sent but its answer was lost: it may have taken
/// effect. Check the state before trying again.
#[no_mangle]
pub unsafe extern "C" fn plenigo_error_outcome_unknown(error: *const plenigo_error) -> bool {
    read(error, false, |e| e.outcome_unknown)
}

/// The human-readable message (never contains the secret). The caller frees it with
/// `plenigo_string_free`; NULL for a NULL error.
#[no_mangle]
pub unsafe extern "C" fn plenigo_error_message(error: *const plenigo_error) -> *mut c_char {
    read(error, std::ptr::null_mut(), |e| {
        // Messages are built from Rust strings that never hold NUL; be safe anyway.
        into_c_string(e.message.replace('\0', " ")).unwrap_or(std::ptr::null_mut())
    })
}

/// Frees an error. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn plenigo_error_free(error: *mut plenigo_error) {
    guard((), || {
        if !error.is_null() {
            drop(Box::from_raw(error));
        }
    })
}

/// The name of a status, e.g. `"PLENIGO_STATUS_NOT_FOUND"`: a static string the caller must
/// not free. NULL for a number that is no status.
#[no_mangle]
pub extern "C" fn plenigo_status_name(status: u32) -> *const c_char {
    guard(std::ptr::null(), || {
        ALL.iter()
            .find(|s| **s as u32 == status)
            .map_or(std::ptr::null(), |s| s.name().as_ptr())
    })
}

/// Every status, for [`plenigo_status_name`].
const ALL: [plenigo_status; 17] = [
    plenigo_status::Ok,
    plenigo_status::InvalidInput,
    plenigo_status::BadRequest,
    plenigo_status::Unauthorized,
    plenigo_status::AccessDenied,
    plenigo_status::TokenProblem,
    plenigo_status::NotFound,
    plenigo_status::Conflict,
    plenigo_status::PreconditionFailed,
    plenigo_status::LimitReached,
    plenigo_status::Server,
    plenigo_status::Timeout,
    plenigo_status::Network,
    plenigo_status::InvalidResponse,
    plenigo_status::NullPointer,
    plenigo_status::InvalidUtf8,
    plenigo_status::Panic,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_status_and_an_error() {
        let mut error: *mut plenigo_error = std::ptr::null_mut();
        let status = run(&mut error, || panic!("boom"));
        assert_eq!(status, plenigo_status::Panic);
        // SAFETY: `run` stored a valid error; it is read and freed once.
        unsafe {
            assert_eq!(plenigo_error_status(error), plenigo_status::Panic);
            assert_eq!(plenigo_error_plenigo_code(error), code::INTERNAL);
            let message = plenigo_error_message(error);
            assert!(std::ffi::CStr::from_ptr(message)
                .to_str()
                .unwrap()
                .contains("panic"));
            crate::ffi::types::plenigo_string_free(message);
            plenigo_error_free(error);
        }
        assert_eq!(guard(7, || -> i32 { panic!("boom") }), 7);
    }

    #[test]
    fn every_status_has_its_header_name() {
        for status in ALL {
            let name = plenigo_status_name(status as u32);
            // SAFETY: names are static NUL-terminated strings.
            let name = unsafe { std::ffi::CStr::from_ptr(name) }.to_str().unwrap();
            assert!(name.starts_with("PLENIGO_STATUS_"));
        }
        assert!(plenigo_status_name(14).is_null());
    }
}
