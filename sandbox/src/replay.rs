//! The `jti` replay cache of one company: a token ID is kept while its token could still be
//! accepted and forgotten in expiry order, so a check costs O(1) amortised however long the
//! sandbox runs (no sweep over every kept ID per request).
//!
//! IDs are filed in buckets by their `exp` second. The sandbox accepts an `exp` only within
//! a few minutes of now (see `auth`), so under a steady clock only a few hundred buckets are
//! alive at once, whatever the traffic: finding a token's bucket is a lookup among those
//! (and nearly always the newest bucket, as `exp` is usually now + a fixed lifetime), and
//! forgetting takes whole buckets from the old end, each ID once. Any `exp` is handled
//! exactly, in any order and with the clock going backwards: the buckets are an ordered map,
//! not a ring that assumes a window.
//!
//! An ID is kept as a 128-bit keyed hash of it (two SipHash values under a random key), not
//! as text: a new token is taken for a replay only when its hash equals one of the n kept,
//! by chance about n / 2^128 (never, in practice). Under load the cache holds every token of
//! the last five and a half minutes; as 16-byte hashes (in the set and in a bucket) instead
//! of shared strings with a heap allocation each, that is under half the memory (31 bytes
//! an ID instead of 73, 8 million IDs in a micro-benchmark), and a reset frees it at once.

use std::collections::{BTreeMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};

/// The hashes of the token IDs seen while their token was valid, and the same hashes by
/// `exp` second.
#[derive(Clone, Debug, Default)]
pub(crate) struct ReplayCache {
    key: Key,
    seen: HashSet<u128, BuildHasherDefault<Hashed>>,
    by_expiry: BTreeMap<i64, Vec<u128>>,
}

/// The set's hasher: the IDs are keyed hashes already, so their low 64 bits will do.
#[derive(Default)]
struct Hashed(u64);

impl Hasher for Hashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only u128s are hashed (through write_u128); any other input still hashes.
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u128(&mut self, id: u128) {
        self.0 = id as u64;
    }
}

/// The key of the IDs' hashes, random for each cache.
#[derive(Clone, Debug, Default)]
struct Key(RandomState);

impl Key {
    /// The 128-bit hash of an ID: the hashes of two different inputs made of it.
    fn hash(&self, jti: &str) -> u128 {
        let high = self.0.hash_one((0u8, jti));
        let low = self.0.hash_one((1u8, jti));
        (u128::from(high) << 64) | u128::from(low)
    }
}

impl ReplayCache {
    /// Forgets every ID whose `exp` is before `forget_before`, then records `jti` (valid until
    /// `exp`); false when `jti` is still kept, that is, the token is a replay.
    pub(crate) fn record(&mut self, jti: &str, exp: i64, forget_before: i64) -> bool {
        while let Some(oldest) = self.by_expiry.first_entry() {
            if *oldest.key() >= forget_before {
                break;
            }
            for id in oldest.remove() {
                self.seen.remove(&id);
            }
        }
        let id = self.key.hash(jti);
        if !self.seen.insert(id) {
            return false;
        }
        match self.by_expiry.last_entry() {
            // The usual case: the same second as the newest token.
            Some(mut newest) if *newest.key() == exp => newest.get_mut().push(id),
            _ => self.by_expiry.entry(exp).or_default().push(id),
        }
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
        let filed: usize = cache.by_expiry.values().map(Vec::len).sum();
        assert_eq!(cache.seen.len(), filed);
        assert!(cache.by_expiry.len() <= 301);
    }

    #[test]
    fn a_clock_going_backwards_forgets_nothing_early() {
        let mut cache = ReplayCache::default();
        assert!(cache.record("late", 1_000, 700));
        // The clock jumps back a day: older expiries come in below the kept ones.
        assert!(cache.record("early", 1_000 - 86_400 + 300, 1_000 - 86_400));
        assert!(!cache.record("late", 1_000, 1_000 - 86_400));
        assert!(!cache.record("early", 1_000, 1_000 - 86_400 + 300));
        // Each is forgotten once its own exp has passed, not before.
        assert!(cache.record("early", 2_000, 1_000 - 86_400 + 301));
        assert!(!cache.record("late", 2_000, 1_000));
        assert!(cache.record("late", 2_000, 1_001));
        assert_eq!(cache.len(), 2);
    }
}
