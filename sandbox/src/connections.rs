//! The open connections: their counts for `GET /__sandbox/connections` (accepted,
//! carrying API requests, open right now), and the cap on how many are served at once,
//! which makes room for a newcomer by closing the connection idle the longest.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};

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

/// The live counters and the open connections, shared by the accept loop, every
/// connection and the admin API.
#[derive(Debug, Default)]
pub(crate) struct ConnectionStats {
    accepted: AtomicU64,
    api: AtomicU64,
    /// The open connections by number (accept order).
    open: Mutex<BTreeMap<u64, Arc<Connection>>>,
    /// Bumped by every reset, so that connections count for `api` once per epoch.
    epoch: AtomicU64,
    /// Numbers connections and orders the moments they became idle.
    ticks: AtomicU64,
}

/// [`Connection::state`]: waiting for a request (or its TLS handshake, or the rest of
/// its head).
const IDLE: u8 = 0;
/// [`Connection::state`]: a request is being read or answered.
const BUSY: u8 = 1;
/// [`Connection::state`]: chosen to make room; it closes as soon as its task notices.
const EVICTED: u8 = 2;

impl ConnectionStats {
    /// Admits a freshly accepted connection when fewer than `cap` are open (not counting
    /// evicted ones on their way out), or when one that is idle can be closed to make
    /// room: the one idle the longest. `None` when every open connection is busy; the
    /// newcomer is then neither counted nor served. The guard counts the admitted
    /// connection closed when dropped.
    pub(crate) fn admit(self: &Arc<Self>, cap: u64) -> Option<OpenGuard> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let staying = open.values().filter(|c| !c.is_evicted()).count() as u64;
        if staying >= cap && !evict_longest_idle(&open) {
            return None;
        }
        self.accepted.fetch_add(1, Ordering::SeqCst);
        let number = self.tick();
        let connection = Arc::new(Connection {
            stats: Arc::clone(self),
            counted_in_epoch: AtomicU64::new(0),
            state: AtomicU8::new(IDLE),
            idle_since: AtomicU64::new(number),
            reset: AtomicBool::new(false),
            end: Notify::new(),
        });
        open.insert(number, Arc::clone(&connection));
        Some(OpenGuard { number, connection })
    }

    /// The current counts.
    pub(crate) fn snapshot(&self) -> Connections {
        let open = self.open.lock().unwrap_or_else(|e| e.into_inner()).len();
        Connections {
            accepted: self.accepted.load(Ordering::SeqCst),
            api: self.api.load(Ordering::SeqCst),
            open: open as u64,
        }
    }

    /// Zeroes `accepted` and `api`; `open` keeps counting the connections still open.
    pub(crate) fn reset(&self) {
        self.epoch.fetch_add(1, Ordering::SeqCst);
        self.accepted.store(0, Ordering::SeqCst);
        self.api.store(0, Ordering::SeqCst);
    }

    /// The next tick.
    fn tick(&self) -> u64 {
        self.ticks.fetch_add(1, Ordering::SeqCst)
    }
}

/// Evicts the open connection idle the longest; false when none is idle.
fn evict_longest_idle(open: &BTreeMap<u64, Arc<Connection>>) -> bool {
    let mut idle: Vec<&Arc<Connection>> = open
        .values()
        .filter(|c| c.state.load(Ordering::SeqCst) == IDLE)
        .collect();
    idle.sort_by_key(|c| c.idle_since.load(Ordering::SeqCst));
    // A request may start on a candidate meanwhile: then it is busy and the next one goes.
    idle.into_iter().any(|c| c.evict())
}

/// An admitted connection; dropping it counts the connection closed.
pub(crate) struct OpenGuard {
    number: u64,
    connection: Arc<Connection>,
}

impl OpenGuard {
    /// The connection.
    pub(crate) fn connection(&self) -> &Arc<Connection> {
        &self.connection
    }
}

impl Drop for OpenGuard {
    fn drop(&mut self) {
        let stats = &self.connection.stats;
        let mut open = stats.open.lock().unwrap_or_else(|e| e.into_inner());
        open.remove(&self.number);
    }
}

/// One connection, as its task and its requests (a request extension) see it.
#[derive(Debug)]
pub(crate) struct Connection {
    stats: Arc<ConnectionStats>,
    /// 0 before the first API request, else the epoch of the last counted one plus 1.
    counted_in_epoch: AtomicU64,
    /// [`IDLE`], [`BUSY`] or [`EVICTED`].
    state: AtomicU8,
    /// The tick at which it was accepted or its last request ended.
    idle_since: AtomicU64,
    /// Whether its end should be an abort with a TCP RST.
    reset: AtomicBool,
    /// Wakes the connection task to end the connection (evicted or reset).
    end: Notify,
}

impl Connection {
    /// Notes an `/api/` request on this connection: counts it once per epoch.
    pub(crate) fn api_request(&self) {
        let mark = self.stats.epoch.load(Ordering::SeqCst) + 1;
        if self.counted_in_epoch.swap(mark, Ordering::SeqCst) != mark {
            self.stats.api.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// Marks a request in progress until the guard is dropped (answered or abandoned);
    /// a busy connection is never evicted.
    pub(crate) fn busy(self: &Arc<Self>) -> BusyGuard {
        // An evicted connection stays evicted: it is closing anyway.
        let _ = self
            .state
            .compare_exchange(IDLE, BUSY, Ordering::SeqCst, Ordering::SeqCst);
        BusyGuard(Arc::clone(self))
    }

    /// Asks the connection task to abort the connection with a TCP RST.
    pub(crate) fn reset(&self) {
        self.reset.store(true, Ordering::SeqCst);
        self.end.notify_one();
    }

    /// Whether the connection should end with a TCP RST.
    pub(crate) fn reset_asked(&self) -> bool {
        self.reset.load(Ordering::SeqCst)
    }

    /// Completes when the connection should end (evicted or reset).
    pub(crate) async fn ended(&self) {
        self.end.notified().await;
    }

    /// Evicts the connection if it is idle; says whether it did.
    fn evict(&self) -> bool {
        let evicted = self
            .state
            .compare_exchange(IDLE, EVICTED, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok();
        if evicted {
            self.end.notify_one();
        }
        evicted
    }

    /// Whether it was evicted.
    fn is_evicted(&self) -> bool {
        self.state.load(Ordering::SeqCst) == EVICTED
    }
}

/// A request in progress on a connection; idle again when dropped.
pub(crate) struct BusyGuard(Arc<Connection>);

impl Drop for BusyGuard {
    fn drop(&mut self) {
        let connection = &self.0;
        connection
            .idle_since
            .store(connection.stats.tick(), Ordering::SeqCst);
        let _ = connection
            .state
            .compare_exchange(BUSY, IDLE, Ordering::SeqCst, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_the_cap_the_longest_idle_connection_makes_room() {
        let stats = Arc::new(ConnectionStats::default());
        let first = stats.admit(2).unwrap();
        let second = stats.admit(2).unwrap();
        // The first one carries a request and ends it: now the second is idle longer.
        drop(first.connection().busy());
        let third = stats.admit(2).unwrap();
        assert!(second.connection().is_evicted());
        assert!(!first.connection().is_evicted());
        assert_eq!(stats.snapshot().open, 3, "evicted but not yet closed");
        drop(second);
        assert_eq!(stats.snapshot().open, 2);

        // Busy connections stay; with no idle one the newcomer is turned away.
        let _busy = (first.connection().busy(), third.connection().busy());
        assert!(stats.admit(2).is_none());
        assert_eq!(stats.snapshot().accepted, 3);
        assert!(!first.connection().is_evicted() && !third.connection().is_evicted());
    }
}
