//! The request journal: the latest API requests (not `/__sandbox/`) as they arrived,
//! bounded in number and size, numbered so that a reader can wait for the next ones.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::watch;

/// One API request as received, and the status it was answered with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    /// The entry's number: 1 for the first request the sandbox received, counting up
    /// (never reused, not even after a reset).
    pub id: u64,
    /// When the request arrived, in milliseconds since the Unix epoch (real time).
    pub received_at_ms: u64,
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
    /// Why the request was refused or failed, in words (e.g. `invalid token signature`,
    /// `token jti was used before`, `fault injected: status 503`); `None` when it
    /// succeeded without a fault.
    pub reason: Option<String>,
    /// Milliseconds from the request's arrival to its answer (or to the fault's reset or
    /// hang).
    pub latency_ms: f64,
}

/// The most entries kept; the oldest go first.
pub(crate) const MAX_ENTRIES: usize = 1000;
/// The most bytes of a body kept in an entry.
pub(crate) const MAX_BODY_TEXT: usize = 16 * 1024;
/// The most claims kept in an entry.
pub(crate) const MAX_CLAIMS: usize = 32;
/// The most bytes of a claim's name or text kept in an entry.
pub(crate) const MAX_CLAIM_TEXT: usize = 256;

/// The longest a reader may wait for new entries.
pub(crate) const MAX_WAIT: Duration = Duration::from_secs(30);

/// The journal, oldest entry first, and the ID of the latest entry for waiting readers.
#[derive(Debug)]
pub(crate) struct Journal {
    entries: Mutex<Entries>,
    latest: watch::Sender<u64>,
}

/// The kept entries and the ID the next one gets.
#[derive(Debug)]
struct Entries {
    kept: VecDeque<JournalEntry>,
    next_id: u64,
}

impl Default for Journal {
    fn default() -> Self {
        Journal {
            entries: Mutex::new(Entries {
                kept: VecDeque::new(),
                next_id: 1,
            }),
            latest: watch::Sender::new(0),
        }
    }
}

impl Journal {
    /// Appends an entry (its claims cut to size; its body must come from [`body_text`]),
    /// numbering it and dropping the oldest when full; wakes waiting readers.
    pub(crate) fn push(&self, mut entry: JournalEntry) {
        if let Some(Value::Object(claims)) = &mut entry.claims {
            // A token's claims are nearly always within the bounds: then they stay as they
            // are rather than being moved into a new map.
            if !claims_within_bounds(claims) {
                *claims = std::mem::take(claims)
                    .into_iter()
                    .take(MAX_CLAIMS)
                    .map(|(name, value)| (cut(name, MAX_CLAIM_TEXT), bounded_claim(value)))
                    .collect();
            }
        }
        let mut entries = self.lock();
        entry.id = entries.next_id;
        entries.next_id += 1;
        if entries.kept.len() >= MAX_ENTRIES {
            entries.kept.pop_front();
        }
        let id = entry.id;
        entries.kept.push_back(entry);
        drop(entries);
        self.latest.send_replace(id);
    }

    /// Locks the entries (a panic elsewhere does not make them unusable).
    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A copy of all entries.
    pub(crate) fn entries(&self) -> Vec<JournalEntry> {
        self.after(0)
    }

    /// A copy of the entries numbered above `id`.
    pub(crate) fn after(&self, id: u64) -> Vec<JournalEntry> {
        let entries = self.lock();
        let start = entries.kept.partition_point(|entry| entry.id <= id);
        entries.kept.range(start..).cloned().collect()
    }

    /// The entries numbered above `id`; when there are none yet, waits up to `wait` (at
    /// most [`MAX_WAIT`]) for the next one.
    pub(crate) async fn wait_after(&self, id: u64, wait: Duration) -> Vec<JournalEntry> {
        // Subscribed before looking, so an entry pushed in between still wakes us.
        let mut pushed = self.latest.subscribe();
        let deadline = tokio::time::Instant::now() + wait.min(MAX_WAIT);
        loop {
            let entries = self.after(id);
            if !entries.is_empty() {
                return entries;
            }
            match tokio::time::timeout_at(deadline, pushed.changed()).await {
                Ok(Ok(())) => {}
                _ => return Vec::new(),
            }
        }
    }

    /// Forgets all entries (the numbering goes on).
    pub(crate) fn clear(&self) {
        self.lock().kept.clear();
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

/// Whether an entry keeps these claims unchanged: at most [`MAX_CLAIMS`], no array or
/// object value, no name or text longer than [`MAX_CLAIM_TEXT`] bytes.
fn claims_within_bounds(claims: &serde_json::Map<String, Value>) -> bool {
    claims.len() <= MAX_CLAIMS
        && claims.iter().all(|(name, value)| {
            name.len() <= MAX_CLAIM_TEXT
                && match value {
                    Value::String(text) => text.len() <= MAX_CLAIM_TEXT,
                    Value::Array(_) | Value::Object(_) => false,
                    _ => true,
                }
        })
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
            id: 0,
            received_at_ms: 0,
            method: "POST".into(),
            path: "/api/v2/x".into(),
            query: String::new(),
            body: body_text(body.as_bytes()),
            claims: None,
            status: 200,
            reason: None,
            latency_ms: 0.0,
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

        // Claims just within the bounds are kept as they came; one over and they are cut.
        let mut fitting: serde_json::Map<String, Value> = (1..MAX_CLAIMS)
            .map(|i| (format!("c{i}"), Value::from(i)))
            .collect();
        fitting.insert(
            "jti".repeat(MAX_CLAIM_TEXT / 3),
            "j".repeat(MAX_CLAIM_TEXT).into(),
        );
        let mut small = entry("");
        small.claims = Some(Value::Object(fitting.clone()));
        journal.push(small);
        let kept = journal.entries().pop().unwrap().claims.unwrap();
        assert_eq!(kept, Value::Object(fitting.clone()));
        fitting.insert("c1".into(), Value::Array(vec![]));
        let mut over = entry("");
        over.claims = Some(Value::Object(fitting));
        journal.push(over);
        let kept = journal.entries().pop().unwrap().claims.unwrap();
        assert_eq!(kept.as_object().unwrap().len(), MAX_CLAIMS);
        assert_eq!(kept["c1"], "[]");
        assert_eq!(kept["c2"], 2);
    }

    #[test]
    fn entries_are_numbered_and_readers_wait_for_the_next() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let journal = std::sync::Arc::new(Journal::default());
        journal.push(entry("a"));
        journal.push(entry("b"));
        assert_eq!(journal.after(0).len(), 2);
        let [first, second] = &journal.entries()[..] else {
            panic!("two entries")
        };
        assert_eq!((first.id, second.id), (1, 2));
        assert_eq!(journal.after(1)[0].body, "b");
        journal.clear();
        journal.push(entry("c"));
        assert_eq!(
            journal.entries()[0].id,
            3,
            "numbering goes on after a clear"
        );

        runtime.block_on(async {
            // Nothing newer: an empty answer once the wait is over, also after a clear.
            assert!(journal.wait_after(3, Duration::ZERO).await.is_empty());
            journal.clear();
            assert!(journal.wait_after(0, Duration::ZERO).await.is_empty());
            // A reader waiting (here after a clear) is woken by the next entry.
            let reader = {
                let journal = std::sync::Arc::clone(&journal);
                tokio::spawn(async move { journal.wait_after(0, MAX_WAIT).await })
            };
            tokio::task::yield_now().await;
            journal.push(entry("d"));
            let woken = reader.await.unwrap();
            assert_eq!(woken.len(), 1);
            assert_eq!((woken[0].id, woken[0].body.as_str()), (4, "d"));
        });
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
