//! Connection counts for `GET /__sandbox/connections`: accepted, carrying API requests,
//! and open right now.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde::Serialize;
use tokio::sync::Notify;

/// A snapshot of the connection counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Connections {
    /// TCP connections accepted since start or the last reset (TLS ones count before
    /// their handshake, so a failed handshake counts too).
    pub accepted: u64,
    /// Connections that carried at least one `/api/` request since start or the last
    /// reset (a kept-alive connection opened before a reset counts again when it carries
    /// an API request after it).
    pub api: u64,
    /// Connections open right now (accepted and not yet closed by either side); never reset.
    pub open: u64,
}

/// The live counters, shared by the accept loop, every connection and the admin API.
#[derive(Debug, Default)]
pub(crate) struct ConnectionStats {
    accepted: AtomicU64,
    api: AtomicU64,
    open: AtomicU64,
    /// Bumped by every reset, so that connections count for `api` once per epoch.
    epoch: AtomicU64,
}

impl ConnectionStats {
    /// Counts a freshly accepted connection; the guard counts it closed when dropped.
    pub(crate) fn accepted(self: &Arc<Self>) -> (OpenGuard, Arc<Connection>) {
        self.accepted.fetch_add(1, Ordering::SeqCst);
        self.open.fetch_add(1, Ordering::SeqCst);
        let connection = Connection {
            stats: Arc::clone(self),
            counted_in_epoch: AtomicU64::new(0),
            reset: Notify::new(),
        };
        (OpenGuard(Arc::clone(self)), Arc::new(connection))
    }

    /// The current counts.
    pub(crate) fn snapshot(&self) -> Connections {
        Connections {
            accepted: self.accepted.load(Ordering::SeqCst),
            api: self.api.load(Ordering::SeqCst),
            open: self.open.load(Ordering::SeqCst),
        }
    }

    /// Zeroes `accepted` and `api`; `open` keeps counting the connections still open.
    pub(crate) fn reset(&self) {
        self.epoch.fetch_add(1, Ordering::SeqCst);
        self.accepted.store(0, Ordering::SeqCst);
        self.api.store(0, Ordering::SeqCst);
    }
}

/// Counts one connection as closed when dropped (however its task ends).
pub(crate) struct OpenGuard(Arc<ConnectionStats>);

impl Drop for OpenGuard {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// One connection, as its requests see it (a request extension).
#[derive(Debug)]
pub(crate) struct Connection {
    stats: Arc<ConnectionStats>,
    /// 0 before the first API request, else the epoch of the last counted one plus 1.
    counted_in_epoch: AtomicU64,
    /// Asks the connection task to abort the connection with a TCP RST.
    pub(crate) reset: Notify,
}

impl Connection {
    /// Notes an `/api/` request on this connection: counts it once per epoch.
    pub(crate) fn api_request(&self) {
        let mark = self.stats.epoch.load(Ordering::SeqCst) + 1;
        if self.counted_in_epoch.swap(mark, Ordering::SeqCst) != mark {
            self.stats.api.fetch_add(1, Ordering::SeqCst);
        }
    }
}
