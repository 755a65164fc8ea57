//! The request journal: the latest API requests (not `/__sandbox/`) as they arrived,
//! bounded in number and size.

use std::collections::VecDeque;
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
    /// The request body as text, or `""`; cut after 16 KiB (see the README).
    pub body: String,
    /// The decoded (not necessarily valid) claims of the `plenigoToken`, if it had any;
    /// string claims cut after 256 bytes.
    pub claims: Option<Value>,
    /// The status sent, or 0 when no answer was sent (reset or hang fault).
    pub status: u16,
}

/// The most entries kept; the oldest go first.
pub(crate) const MAX_ENTRIES: usize = 1000;
/// The most bytes of a body kept in an entry.
pub(crate) const MAX_BODY_TEXT: usize = 16 * 1024;
/// The most bytes of a string claim kept in an entry.
pub(crate) const MAX_CLAIM_TEXT: usize = 256;

/// The journal, oldest entry first.
#[derive(Debug, Default)]
pub(crate) struct Journal(Mutex<VecDeque<JournalEntry>>);

impl Journal {
    /// Appends an entry (its body and claims cut to size), dropping the oldest when full.
    pub(crate) fn push(&self, mut entry: JournalEntry) {
        cut(&mut entry.body, MAX_BODY_TEXT);
        if let Some(Value::Object(claims)) = &mut entry.claims {
            for value in claims.values_mut() {
                if let Value::String(text) = value {
                    cut(text, MAX_CLAIM_TEXT);
                }
            }
        }
        let mut entries = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    /// A copy of all entries.
    pub(crate) fn entries(&self) -> Vec<JournalEntry> {
        let entries = self.0.lock().unwrap_or_else(|e| e.into_inner());
        entries.iter().cloned().collect()
    }

    /// Forgets all entries.
    pub(crate) fn clear(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// Cuts `text` to at most `max` bytes (on a character boundary) and says how long it was.
fn cut(text: &mut String, max: usize) {
    if text.len() <= max {
        return;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let total = text.len();
    text.truncate(end);
    text.push_str(&format!("...[cut, {total} bytes in all]"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(body: &str) -> JournalEntry {
        JournalEntry {
            method: "POST".into(),
            path: "/api/v2/x".into(),
            query: String::new(),
            body: body.into(),
            claims: None,
            status: 200,
        }
    }

    #[test]
    fn the_journal_is_a_ring_of_cut_entries() {
        let journal = Journal::default();
        for i in 0..MAX_ENTRIES + 5 {
            journal.push(entry(&i.to_string()));
        }
        let entries = journal.entries();
        assert_eq!(entries.len(), MAX_ENTRIES);
        assert_eq!(entries[0].body, "5");
        assert_eq!(entries[MAX_ENTRIES - 1].body, (MAX_ENTRIES + 4).to_string());

        let mut big = entry(&"é".repeat(MAX_BODY_TEXT));
        big.claims = Some(serde_json::json!({"jti": "j".repeat(1000), "exp": 1}));
        journal.push(big);
        let last = journal.entries().pop().unwrap();
        assert!(last.body.len() < MAX_BODY_TEXT + 40, "{}", last.body.len());
        assert!(last
            .body
            .ends_with(&format!("...[cut, {} bytes in all]", 2 * MAX_BODY_TEXT)));
        let claims = last.claims.unwrap();
        assert!(claims["jti"]
            .as_str()
            .unwrap()
            .starts_with(&"j".repeat(MAX_CLAIM_TEXT)));
        assert!(claims["jti"].as_str().unwrap().len() < MAX_CLAIM_TEXT + 40);
        assert_eq!(claims["exp"], 1);
    }
}
