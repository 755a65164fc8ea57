//! The `jti` replay cache of one company: a token ID is kept while its token could still be
//! accepted and forgotten in expiry order, so a check costs O(log n) amortised however long
//! the sandbox runs (no sweep over every kept ID per request).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};
use std::sync::Arc;

/// The token IDs seen while their token was valid, with their `exp` in expiry order.
#[derive(Clone, Debug, Default)]
pub(crate) struct ReplayCache {
    seen: HashSet<Arc<str>>,
    by_expiry: BinaryHeap<Reverse<(i64, Arc<str>)>>,
}

impl ReplayCache {
    /// Forgets every ID whose `exp` is before `forget_before`, then records `jti` (valid until
    /// `exp`); false when `jti` is still kept, that is, the token is a replay.
    pub(crate) fn record(&mut self, jti: &str, exp: i64, forget_before: i64) -> bool {
        while let Some(Reverse((oldest, _))) = self.by_expiry.peek() {
            if *oldest >= forget_before {
                break;
            }
            if let Some(Reverse((_, id))) = self.by_expiry.pop() {
                self.seen.remove(&id);
            }
        }
        if self.seen.contains(jti) {
            return false;
        }
        let id: Arc<str> = Arc::from(jti);
        self.seen.insert(Arc::clone(&id));
        self.by_expiry.push(Reverse((exp, id)));
        true
    }

    /// How many IDs are kept.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.seen.len()
    }
}

#[cfg(test)]
mod tests {
    use super::ReplayCache;

    #[test]
    fn a_kept_id_is_a_replay_until_it_expires() {
        let mut cache = ReplayCache::default();
        assert!(cache.record("a", 100, 0));
        assert!(!cache.record("a", 100, 50));
        assert!(
            !cache.record("a", 100, 100),
            "exp 100 is kept while forget_before <= 100"
        );
        assert!(cache.record("a", 300, 101));
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn only_live_ids_are_kept_whatever_the_order_of_their_expiry() {
        let mut cache = ReplayCache::default();
        // 100,000 tokens, each valid for 300 s, one a second, expiries out of order.
        for now in 0..100_000i64 {
            let exp = now + 300 - (now * 7919) % 60;
            assert!(cache.record(&format!("jti-{now}"), exp, now));
        }
        assert!(cache.len() <= 301, "kept {}", cache.len());
        assert_eq!(cache.seen.len(), cache.by_expiry.len());
    }
}
