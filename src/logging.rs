//! The library's log lines: one per attempt, through the `log` crate under the target
//! `plenigo`: method, route with `{placeholders}` for IDs, outcome, attempt number, duration,
//! and the wait before a retry. A Rust program reads them with any `log` backend
//! (`env_logger`, ...); the other languages pass their own logger to the FFI crate's
//! `set_log_sink`. No line ever holds a token, a secret, an ID or a body.
//!
//! Lines are emitted after the call completes, on the caller's side, and a logger that fails
//! (panics) can neither fail the call nor change its result.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

use crate::attempt::Attempt;

/// The target every line is logged under.
pub const TARGET: &str = "plenigo";

/// Hands `lines` to the `log` logger; a panic in the logger is swallowed, so the call's
/// outcome stands whatever the logger does.
pub(crate) fn emit(lines: Vec<(log::Level, String)>) {
    for (level, line) in lines {
        let _ = catch_unwind(AssertUnwindSafe(|| {
            log::log!(target: TARGET, level, "{line}");
        }));
    }
}

/// One line per attempt, at debug level (a retry at info, a failure at warn): method, route,
/// outcome, attempt number, duration and the wait before the next attempt. Never a token,
/// a secret, an ID or a body.
pub(crate) fn attempt_line(
    method: &reqwest::Method,
    route: &str,
    attempt: &Attempt,
    number: u32,
    took: Duration,
    wait: Option<Duration>,
) -> (log::Level, String) {
    let outcome = attempt.outcome();
    let level = match (wait, attempt.failed()) {
        (Some(_), _) => log::Level::Info,
        (None, true) => log::Level::Warn,
        (None, false) => log::Level::Debug,
    };
    let retry = wait
        .map(|w| format!(", retrying in {} ms", w.as_millis()))
        .unwrap_or_default();
    let line = format!(
        "{} {} -> {outcome} (attempt {number}, {} ms{retry})",
        method,
        route,
        took.as_millis()
    );
    (level, line)
}
