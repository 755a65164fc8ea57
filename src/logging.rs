//! The library's log lines, forwarded to the caller's own logging: Python `logging`, SLF4J or
//! `java.util.logging`, Swift, a C callback, PHP. Off until a sink is set.
//!
//! The transport logs one line per attempt (method, route with `{placeholders}` for IDs,
//! outcome, attempt number, duration, wait before a retry) under the target `plenigo`, through
//! the `log` crate. A Rust program reads them with any `log` backend (`env_logger`, ...);
//! other languages call [`set_log_sink`]. No line ever holds a token, a secret, an ID or a body.

use std::sync::{Arc, RwLock};

use crate::error::PlenigoError;

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

/// Receives the library's log lines; implement it in your language and pass it to
/// [`set_log_sink`]. Called on whichever thread makes the call, possibly several at once.
#[uniffi::export(with_foreign)]
pub trait LogSink: Send + Sync {
    /// One log line: its level, its target (`plenigo`) and its text.
    fn log(&self, level: LogLevel, target: String, message: String);
}

/// Sends the library's log lines at `level` and above to `sink`; `None` (or
/// [`LogLevel::Off`]) turns logging off again. Fails when the process already has another
/// `log` logger (a Rust program: use that one instead).
#[uniffi::export]
pub fn set_log_sink(sink: Option<Arc<dyn LogSink>>, level: LogLevel) -> Result<(), PlenigoError> {
    let level = if sink.is_some() { level } else { LogLevel::Off };
    if level != LogLevel::Off {
        // Installs the forwarder once per process; a second call finds it in place.
        let installed = log::set_logger(&FORWARDER).is_ok();
        let ours = std::ptr::addr_eq(log::logger(), &FORWARDER);
        if !installed && !ours {
            return Err(PlenigoError::invalid(
                "sink",
                "another `log` logger is installed in this process; read the `plenigo` target there",
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
        metadata.target().starts_with("plenigo")
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
            sink.log(level, record.target().to_owned(), record.args().to_string());
        }
    }

    fn flush(&self) {}
}
