//! How many connections the process's open-file limit leaves room for.

/// Descriptors kept free for the listener, the runtime, stdio and the files the sandbox
/// reads or writes (fixture, CA certificate, URL file).
const RESERVED: u64 = 64;

/// The most connections the soft `RLIMIT_NOFILE` allows: one descriptor each, with
/// [`RESERVED`] (at most half the limit) kept free. `None` when the limit is infinite or
/// cannot be read.
pub(crate) fn connection_cap() -> Option<u64> {
    soft_limit().map(cap_for)
}

/// The cap for a soft limit of `limit` descriptors.
fn cap_for(limit: u64) -> u64 {
    limit.saturating_sub(RESERVED).max(limit / 2)
}

/// The soft open-file limit.
#[cfg(unix)]
fn soft_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes one `rlimit` through the pointer, which is valid and
    // exclusively borrowed for the call.
    let result = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) };
    // `rlim_t` is u64 on Linux and macOS, signed on some BSDs.
    #[allow(clippy::unnecessary_cast)]
    let soft = limit.rlim_cur as u64;
    (result == 0 && limit.rlim_cur != libc::RLIM_INFINITY).then_some(soft)
}

/// The soft open-file limit: unknown off Unix.
#[cfg(not(unix))]
fn soft_limit() -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_keeps_descriptors_free() {
        assert_eq!(cap_for(1024), 960);
        assert_eq!(cap_for(256), 192);
        assert_eq!(cap_for(100), 50);
        assert_eq!(cap_for(1), 0);
        #[cfg(unix)]
        assert!(connection_cap().is_some_and(|cap| cap > 0));
    }
}
