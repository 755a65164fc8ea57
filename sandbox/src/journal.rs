//! The request journal: every API request (not `/__sandbox/`) as it arrived.

use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One API request as received, and the status it was answered with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    /// The HTTP method, e.g. `POST`.
    pub method: String,
    /// The raw path, still percent-encoded, exactly as received.
    pub path: String,
    /// The raw query string without `?`, or `""`.
    pub query: String,
    /// The request body as text, or `""`.
    pub body: String,
    /// The decoded (not necessarily valid) claims of the `plenigoToken`, if it had any.
    pub claims: Option<Value>,
    /// The status sent, or 0 when no answer was sent (reset or hang fault).
    pub status: u16,
}

/// The journal, oldest entry first.
#[derive(Debug, Default)]
pub(crate) struct Journal(Mutex<Vec<JournalEntry>>);

impl Journal {
    /// Appends an entry.
    pub(crate) fn push(&self, entry: JournalEntry) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(entry);
    }

    /// A copy of all entries.
    pub(crate) fn entries(&self) -> Vec<JournalEntry> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Forgets all entries.
    pub(crate) fn clear(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}
