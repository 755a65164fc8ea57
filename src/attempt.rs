//! What one attempt of a request came to, and whether (and after how long) it is tried
//! again: exponential backoff with jitter, `Retry-After` honoured, nothing retried that may
//! have taken effect.

use std::time::Duration;

/// The longest `Retry-After` we wait for; a server asking for more gets its error returned.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);
/// The first backoff step; it doubles per retry, up to [`MAX_BACKOFF`].
const BASE_BACKOFF: Duration = Duration::from_millis(100);
/// The longest backoff step.
const MAX_BACKOFF: Duration = Duration::from_secs(2);

/// What one attempt came to.
pub(crate) enum Attempt {
    /// The server answered (any status).
    Answered {
        status: u16,
        retry_after: Option<Duration>,
        body: Vec<u8>,
    },
    /// The connection failed before anything was sent.
    NotSent(reqwest::Error),
    /// The request may have been sent, but no complete answer came back.
    Broken(reqwest::Error),
    /// The answer's body was larger than the configured cap; reading stopped there.
    TooLarge { status: u16 },
}

impl Attempt {
    /// The outcome in a few words, for the log line.
    pub(crate) fn outcome(&self) -> String {
        match self {
            Attempt::Answered { status, .. } => format!("HTTP {status}"),
            Attempt::NotSent(e) if e.is_timeout() => "connect timeout".to_owned(),
            Attempt::NotSent(_) => "connection failed".to_owned(),
            Attempt::Broken(e) if e.is_timeout() => "timed out".to_owned(),
            Attempt::Broken(_) => "connection broken".to_owned(),
            Attempt::TooLarge { status } => format!("HTTP {status}, body over the size cap"),
        }
    }

    /// True unless the server answered with a status below 500.
    pub(crate) fn failed(&self) -> bool {
        !matches!(
            self,
            Attempt::Answered {
                status: 200..=499,
                ..
            }
        )
    }
}

/// How long to wait before trying `attempt` again, or `None` when it must not be retried.
pub(crate) fn retry_wait(attempt: &Attempt, idempotent: bool, retries: u32) -> Option<Duration> {
    let backoff = || {
        let step = BASE_BACKOFF
            .saturating_mul(1 << retries.min(10))
            .min(MAX_BACKOFF);
        step.mul_f64(0.5 + fastrand::f64() / 2.0)
    };
    match attempt {
        Attempt::NotSent(e) if !e.is_timeout() && !is_tls_failure(e) => Some(backoff()),
        Attempt::Broken(e) if idempotent && !e.is_timeout() => Some(backoff()),
        Attempt::Answered {
            status: 429 | 502 | 503 | 504,
            retry_after,
            ..
        } if idempotent => match retry_after {
            Some(wait) if *wait > MAX_RETRY_AFTER => None,
            Some(wait) => Some(*wait),
            None => Some(backoff()),
        },
        _ => None,
    }
}

/// A `Retry-After` value: delay-seconds or an HTTP-date (a date in the past means now).
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// True when the TLS handshake failed (an untrusted or invalid certificate, say): trying
/// again cannot change the server's certificate.
fn is_tls_failure(e: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        // tokio-rustls wraps the rustls error in I/O errors, whose `source()` skips it.
        let mut inner: &(dyn std::error::Error + 'static) = cause;
        while let Some(io) = inner.downcast_ref::<std::io::Error>() {
            match io.get_ref() {
                Some(wrapped) => inner = wrapped,
                None => break,
            }
        }
        if inner.is::<rustls::Error>() {
            return true;
        }
        source = cause.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        let past = httpdate::fmt_http_date(std::time::UNIX_EPOCH);
        assert_eq!(parse_retry_after(&past), Some(Duration::ZERO));
        let soon = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(60));
        let wait = parse_retry_after(&soon).unwrap();
        assert!(
            wait > Duration::from_secs(58) && wait <= Duration::from_secs(60),
            "{wait:?}"
        );
        assert_eq!(parse_retry_after("soon"), None);
        assert_eq!(parse_retry_after("-1"), None);
    }
}
