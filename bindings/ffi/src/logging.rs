//! The core's log lines (the `log` crate, target `plenigo`) forwarded to a logger of the
//! caller's language: Python `logging`, `java.util.logging`, Swift, a C callback, PHP.
//!
//! A sink that raises (or panics) never fails a call and never changes its result: a foreign
//! exception arrives here as a [`LogSinkError`] and is dropped, a panic is caught.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, RwLock};

use crate::error::{invalid, PlenigoError};

/// How much the library logs; each level includes the ones before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, uniffi::Enum)]
pub enum LogLevel {
    /// Nothing.
    Off,
    /// Failures of the library itself.
    Error,
    /// Calls that failed: an attempt that is not retried.
    Warn,
    /// Retries, with their reason and wait.
    Info,
    /// Every attempt.
    Debug,
    /// Everything.
    Trace,
}

/// What a sink that failed raised; it is dropped, the call goes on.
#[derive(Debug, uniffi::Error)]
pub enum LogSinkError {
    /// The sink raised this.
    Failed {
        /// What it said.
        reason: String,
    },
}

impl std::fmt::Display for LogSinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let LogSinkError::Failed { reason } = self;
        write!(f, "the log sink failed: {reason}")
    }
}

impl From<uniffi::UnexpectedUniFFICallbackError> for LogSinkError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        LogSinkError::Failed { reason: e.reason }
    }
}

/// Receives the library's log lines; implement it in your language and pass it to
/// [`set_log_sink`]. Called on the thread that made the plenigo call, possibly several at
/// once. Whatever it raises is ignored.
#[uniffi::export(with_foreign)]
pub trait LogSink: Send + Sync {
    /// One log line: its level, its target (`plenigo`) and its text.
    fn log(&self, level: LogLevel, target: String, message: String) -> Result<(), LogSinkError>;
}

/// Sends the library's log lines at `level` and above to `sink`; `None` (or
/// [`LogLevel::Off`]) turns logging off again.
#[uniffi::export]
pub fn set_log_sink(sink: Option<Arc<dyn LogSink>>, level: LogLevel) -> Result<(), PlenigoError> {
    let level = if sink.is_some() { level } else { LogLevel::Off };
    if level != LogLevel::Off {
        // Installs the forwarder once per process; a second call finds it in place.
        let installed = log::set_logger(&FORWARDER).is_ok();
        if !installed && !std::ptr::addr_eq(log::logger(), &FORWARDER) {
            return Err(invalid(
                "sink",
                "another `log` logger is installed in this process",
            ));
        }
    }
    *SINK.write().unwrap_or_else(|e| e.into_inner()) = sink;
    log::set_max_level(match level {
        LogLevel::Off => log::LevelFilter::Off,
        LogLevel::Error => log::LevelFilter::Error,
        LogLevel::Warn => log::LevelFilter::Warn,
        LogLevel::Info => log::LevelFilter::Info,
        LogLevel::Debug => log::LevelFilter::Debug,
        LogLevel::Trace => log::LevelFilter::Trace,
    });
    Ok(())
}

/// The sink log lines go to.
static SINK: RwLock<Option<Arc<dyn LogSink>>> = RwLock::new(None);

/// The `log` logger that hands the library's own lines (target `plenigo`) to [`SINK`].
struct Forwarder;

static FORWARDER: Forwarder = Forwarder;

impl log::Log for Forwarder {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target().starts_with(plenigo::LOG_TARGET)
    }

    fn log(&self, record: &log::Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let sink = SINK.read().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some(sink) = sink {
            let level = match record.level() {
                log::Level::Error => LogLevel::Error,
                log::Level::Warn => LogLevel::Warn,
                log::Level::Info => LogLevel::Info,
                log::Level::Debug => LogLevel::Debug,
                log::Level::Trace => LogLevel::Trace,
            };
            let (target, message) = (record.target().to_owned(), record.args().to_string());
            // A failing sink is the caller's logging bug: it must not reach the call.
            let _ = catch_unwind(AssertUnwindSafe(|| sink.log(level, target, message)));
        }
    }

    fn flush(&self) {}
}
