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
/// The most claims kept in an entry.
pub(crate) const MAX_CLAIMS: usize = 32;
/// The most bytes of a claim's name or text kept in an entry.
pub(crate) const MAX_CLAIM_TEXT: usize = 256;

/// The journal, oldest entry first.
#[derive(Debug, Default)]
pub(crate) struct Journal(Mutex<VecDeque<JournalEntry>>);

impl Journal {
    /// Appends an entry (its claims cut to size; its body must come from [`body_text`]),
    /// dropping the oldest when full.
    pub(crate) fn push(&self, mut entry: JournalEntry) {
        if let Some(Value::Object(claims)) = &mut entry.claims {
            *claims = std::mem::take(claims)
                .into_iter()
                .take(MAX_CLAIMS)
                .map(|(name, value)| (cut(name, MAX_CLAIM_TEXT), bounded_claim(value)))
                .collect();
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

/// A request body as an entry keeps it: as text (invalid UTF-8 replaced), cut after
/// [`MAX_BODY_TEXT`] bytes with `...[cut, N bytes in all]`. Only the kept part is copied,
/// so a large body leaves no large allocation behind.
pub(crate) fn body_text(body: &[u8]) -> String {
    let mut end = body.len().min(MAX_BODY_TEXT);
    // Cut before a character, not inside it (a UTF-8 character has at most 3 continuation
    // bytes).
    for _ in 0..3 {
        if end < body.len() && body[end] & 0xC0 == 0x80 {
            end -= 1;
        }
    }
    let text = String::from_utf8_lossy(&body[..end]);
    if end == body.len() && text.len() <= MAX_BODY_TEXT {
        text.into_owned()
    } else {
        with_cut_note(&text, MAX_BODY_TEXT, body.len())
    }
}

/// A claim as an entry keeps it: text cut after [`MAX_CLAIM_TEXT`] bytes, an array or
/// object as its JSON text, cut likewise.
fn bounded_claim(value: Value) -> Value {
    match value {
        Value::String(text) => Value::String(cut(text, MAX_CLAIM_TEXT)),
        Value::Array(_) | Value::Object(_) => Value::String(cut(value.to_string(), MAX_CLAIM_TEXT)),
        scalar => scalar,
    }
}

/// `text`, or when it is longer than `max` bytes a new string with its first `max`
/// (on a character boundary) and how long it was.
fn cut(text: String, max: usize) -> String {
    if text.len() <= max {
        text
    } else {
        with_cut_note(&text, max, text.len())
    }
}

/// A new string of exactly the needed size: the first `max` bytes of `text` (on a
/// character boundary), then `...[cut, {total} bytes in all]`.
fn with_cut_note(text: &str, max: usize, total: usize) -> String {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let note = format!("...[cut, {total} bytes in all]");
    let mut out = String::with_capacity(end + note.len());
    out.push_str(&text[..end]);
    out.push_str(&note);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(body: &str) -> JournalEntry {
        JournalEntry {
            method: "POST".into(),
            path: "/api/v2/x".into(),
            query: String::new(),
            body: body_text(body.as_bytes()),
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
        let many: serde_json::Map<String, Value> = (0..100)
            .map(|i| (format!("z{i:03}"), Value::from(i)))
            .collect();
        let mut claims = serde_json::json!({
            "jti": "j".repeat(1000),
            "exp": 1,
            "nested": {"list": vec![0; 10_000]},
        });
        claims.as_object_mut().unwrap().extend(many);
        big.claims = Some(claims);
        journal.push(big);
        let last = journal.entries().pop().unwrap();
        assert!(last.body.len() < MAX_BODY_TEXT + 40, "{}", last.body.len());
        assert!(last.body.len() > MAX_BODY_TEXT - 2, "{}", last.body.len());
        assert!(last
            .body
            .ends_with(&format!("...[cut, {} bytes in all]", 2 * MAX_BODY_TEXT)));
        assert_eq!(last.body.capacity(), last.body.len());
        let claims = last.claims.unwrap();
        assert_eq!(claims.as_object().unwrap().len(), MAX_CLAIMS);
        assert!(claims["jti"]
            .as_str()
            .unwrap()
            .starts_with(&"j".repeat(MAX_CLAIM_TEXT)));
        assert!(claims["jti"].as_str().unwrap().len() < MAX_CLAIM_TEXT + 40);
        assert_eq!(claims["exp"], 1);
        let nested = claims["nested"].as_str().unwrap();
        assert!(nested.starts_with("{\"list\":[0,0,"), "{nested}");
        assert!(nested.len() < MAX_CLAIM_TEXT + 40);
    }

    #[test]
    fn body_text_keeps_characters_whole_and_replaces_invalid_bytes() {
        assert_eq!(body_text(b""), "");
        assert_eq!(body_text(b"ok \xff"), "ok \u{fffd}");
        // A 3-byte character across the cut stays out whole.
        let mut body = "a".repeat(MAX_BODY_TEXT - 1).into_bytes();
        body.extend_from_slice("€".as_bytes());
        let text = body_text(&body);
        assert_eq!(
            text,
            format!(
                "{}...[cut, {} bytes in all]",
                "a".repeat(MAX_BODY_TEXT - 1),
                MAX_BODY_TEXT + 2
            )
        );
        // Invalid bytes that grow into U+FFFD are cut at the cap too.
        let invalid = vec![0xff; MAX_BODY_TEXT];
        let text = body_text(&invalid);
        assert!(text.starts_with('\u{fffd}') && text.len() < MAX_BODY_TEXT + 40);
        assert!(text.ends_with(&format!("...[cut, {MAX_BODY_TEXT} bytes in all]")));
    }
}
