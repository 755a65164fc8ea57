//! The status enum, the error object, and the panic boundary every exported function goes
//! through.

use std::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};

use std::ffi::CString;
use std::sync::OnceLock;

use plenigo::code;

/// The outcome of a call: `PLENIGO_STATUS_OK` (0), one number per error kind (the core's table,
/// `plenigo::error_kinds!`), or a boundary failure (100 and up). The numbers are stable and
/// never reused; the header's `enum plenigo_status` is generated from the same table.
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct plenigo_status(pub u32);

impl plenigo_status {
    /// Success: the out-parameters were written.
    pub const OK: plenigo_status = plenigo_status(0);
    /// A required pointer argument was NULL.
    pub const NULL_POINTER: plenigo_status = plenigo_status(100);
    /// A string argument was not valid UTF-8.
    pub const INVALID_UTF8: plenigo_status = plenigo_status(101);
    /// A panic was caught at the boundary (a bug in the library: please report it).
    pub const PANIC: plenigo_status = plenigo_status(102);

    /// The statuses that are no error kind, with their names and meanings.
    const BOUNDARY: [(plenigo_status, &'static str, &'static str); 4] = [
        (Self::OK, "Ok", "Success: the out-parameters were written."),
        (
            Self::NULL_POINTER,
            "NullPointer",
            "A required pointer argument was NULL.",
        ),
        (
            Self::INVALID_UTF8,
            "InvalidUtf8",
            "A string argument was not valid UTF-8.",
        ),
        (
            Self::PANIC,
            "Panic",
            "A panic was caught at the boundary (a bug in the library: please report it).",
        ),
    ];

    /// Every status: its number, its name in the header (`PLENIGO_STATUS_NOT_FOUND`) and what
    /// it means.
    pub fn all() -> Vec<(u32, String, String)> {
        let kinds = plenigo::ErrorKind::ALL
            .iter()
            .map(|k| (k.number(), k.name(), k.description()));
        let boundary = Self::BOUNDARY.iter().map(|(s, n, t)| (s.0, *n, *t));
        let mut all: Vec<_> = kinds
            .chain(boundary)
            .map(|(number, name, text)| (number, header_name(name), text.to_owned()))
            .collect();
        all.sort();
        all
    }
}

impl From<plenigo::ErrorKind> for plenigo_status {
    fn from(kind: plenigo::ErrorKind) -> Self {
        plenigo_status(kind.number())
    }
}

/// `NotFound` as the header spells it: `PLENIGO_STATUS_NOT_FOUND`.
fn header_name(name: &str) -> String {
    let mut out = String::from("PLENIGO_STATUS_");
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
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

impl From<plenigo::PlenigoError> for plenigo_error {
    fn from(e: plenigo::PlenigoError) -> Self {
        plenigo_error {
            status: e.kind().into(),
            http_status: e.http_status().unwrap_or(0),
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

    /// An argument the core's types cannot hold, named.
    pub(super) fn invalid(field: &str, reason: &str) -> Self {
        plenigo::PlenigoError::InvalidInput {
            field: field.to_owned(),
            reason: reason.to_owned(),
        }
        .into()
    }

    /// A required pointer argument was NULL.
    pub(super) fn null(arg: &str) -> Self {
        Self::boundary(
            plenigo_status::NULL_POINTER,
            code::INVALID_PARAMETERS,
            format!("invalid {arg}: must not be NULL"),
        )
    }

    /// A string argument was not UTF-8.
    pub(super) fn utf8(arg: &str) -> Self {
        Self::boundary(
            plenigo_status::INVALID_UTF8,
            code::INVALID_PARAMETERS,
            format!("invalid {arg}: not valid UTF-8"),
        )
    }

    /// A string from the server could not be handed to C (it held a NUL byte).
    pub(super) fn nul_in_response(what: &str) -> Self {
        Self::boundary(
            plenigo_status::from(plenigo::ErrorKind::InvalidResponse),
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
            plenigo_status::PANIC,
            code::INTERNAL,
            "internal error: a panic was caught at the C boundary".to_owned(),
        ))
    });
    match result {
        Ok(()) => plenigo_status::OK,
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
    read(error, plenigo_status::NULL_POINTER, |e| e.status)
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
        CString::new(e.message.replace('\0', " ")).map_or(std::ptr::null_mut(), CString::into_raw)
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
    static NAMES: OnceLock<Vec<(u32, CString)>> = OnceLock::new();
    guard(std::ptr::null(), || {
        NAMES
            .get_or_init(|| {
                plenigo_status::all()
                    .into_iter()
                    .map(|(number, name, _)| (number, CString::new(name).expect("no NUL")))
                    .collect()
            })
            .iter()
            .find(|(number, _)| *number == status)
            .map_or(std::ptr::null(), |(_, name)| name.as_ptr())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_status_and_an_error() {
        let mut error: *mut plenigo_error = std::ptr::null_mut();
        let status = run(&mut error, || panic!("boom"));
        assert_eq!(status, plenigo_status::PANIC);
        // SAFETY: `run` stored a valid error; it is read and freed once.
        unsafe {
            assert_eq!(plenigo_error_status(error), plenigo_status::PANIC);
            assert_eq!(plenigo_error_plenigo_code(error), code::INTERNAL);
            let message = plenigo_error_message(error);
            assert!(std::ffi::CStr::from_ptr(message)
                .to_str()
                .unwrap()
                .contains("panic"));
            crate::c::types::plenigo_string_free(message);
            plenigo_error_free(error);
        }
        assert_eq!(guard(7, || -> i32 { panic!("boom") }), 7);
    }

    #[test]
    fn every_status_has_its_header_name() {
        for (number, expected, _) in plenigo_status::all() {
            let name = plenigo_status_name(number);
            // SAFETY: names are static NUL-terminated strings.
            let name = unsafe { std::ffi::CStr::from_ptr(name) }.to_str().unwrap();
            assert_eq!(name, expected);
        }
        assert_eq!(header_name("NotFound"), "PLENIGO_STATUS_NOT_FOUND");
        assert!(plenigo_status_name(14).is_null());
    }
}
