//! The library's log lines to a C callback (see [`crate::logging::set_log_sink`]).

use std::ffi::{c_char, c_void, CString};
use std::sync::Arc;

use super::error::{plenigo_error, plenigo_status, run};
use crate::logging::{set_log_sink, LogLevel, LogSink, LogSinkError};

/// Receives one log line: its level (1 error, 2 warn, 3 info, 4 debug, 5 trace), its text
/// (valid only during the call) and the `user_data` given to `plenigo_set_log_callback`.
/// Called on the thread that makes the plenigo call; it must not call back into plenigo.
pub type plenigo_log_callback =
    Option<unsafe extern "C" fn(level: i32, message: *const c_char, user_data: *mut c_void)>;

/// Sends the library's log lines at `max_level` and below (0 off, 1 error, 2 warn, 3 info,
/// 4 debug, 5 trace) to `callback` with `user_data`; a NULL callback or level 0 turns logging
/// off. Lines name the method, the route with `{placeholders}` for IDs, the outcome, the
/// attempt, the duration and a retry's wait; never a token, a secret, an ID or a body.
#[no_mangle]
pub unsafe extern "C" fn plenigo_set_log_callback(
    callback: plenigo_log_callback,
    user_data: *mut c_void,
    max_level: i32,
    error_out: *mut *mut plenigo_error,
) -> plenigo_status {
    run(error_out, || {
        let level = match max_level {
            0 => LogLevel::Off,
            1 => LogLevel::Error,
            2 => LogLevel::Warn,
            3 => LogLevel::Info,
            4 => LogLevel::Debug,
            5 => LogLevel::Trace,
            _ => return Err(plenigo_error::invalid("max_level", "must be from 0 to 5")),
        };
        let sink = callback.map(|callback| {
            Arc::new(CallbackSink {
                callback,
                user_data,
            }) as Arc<dyn LogSink>
        });
        set_log_sink(sink, level).map_err(|e| plenigo_error::invalid("sink", &e.to_string()))
    })
}

/// A C callback with its user data.
struct CallbackSink {
    callback: unsafe extern "C" fn(i32, *const c_char, *mut c_void),
    user_data: *mut c_void,
}

// SAFETY: the caller of `plenigo_set_log_callback` promises a callback (and user data) that
// may be called from any thread, as the header says.
unsafe impl Send for CallbackSink {}
unsafe impl Sync for CallbackSink {}

impl LogSink for CallbackSink {
    fn log(&self, level: LogLevel, _target: String, message: String) -> Result<(), LogSinkError> {
        let level = match level {
            LogLevel::Off => return Ok(()),
            LogLevel::Error => 1,
            LogLevel::Warn => 2,
            LogLevel::Info => 3,
            LogLevel::Debug => 4,
            LogLevel::Trace => 5,
        };
        let message = CString::new(message.replace('\0', " ")).unwrap_or_default();
        // SAFETY: a valid callback by the contract above; the string lives across the call.
        unsafe { (self.callback)(level, message.as_ptr(), self.user_data) };
        Ok(())
    }
}
