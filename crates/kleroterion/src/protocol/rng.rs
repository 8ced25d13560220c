//! The only source of randomness: ChaCha20 keyed by SHA-256 of a domain tag and a seed text.
//!
//! Only the generator's raw 64-bit output is used (`rand_chacha` 0.3's `next_u64`, two
//! consecutive 32-bit ChaCha20 words, little-endian — the low word first), turned into
//! integers by the documented routines below. Nothing depends on a `rand` distribution whose
//! values a future release could change, and no floating point is involved.

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use sha2::{Digest, Sha256};

/// Domain tag of practice draws (a seed without an earlier commitment).
pub const PRACTICE_DRAW_TAG: &str = "kleroterion/practice-draw/v1";

/// A deterministic random generator for draws.
#[derive(Debug, Clone)]
pub struct SeededRng {
    inner: ChaCha20Rng,
}

/// SHA-256 of `tag`, a zero byte, then each part in turn (each part followed by a zero byte
/// except the last): the key derivation of every seeded generator.
pub fn derive_key(tag: &str, parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(tag.as_bytes());
    h.update([0u8]);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h.update([0u8]);
        }
        h.update(p);
    }
    h.finalize().into()
}

impl SeededRng {
    /// A generator keyed directly (ChaCha20 with a zero nonce, starting at block 0).
    pub fn from_key(key: [u8; 32]) -> Self {
        SeededRng {
            inner: ChaCha20Rng::from_seed(key),
        }
    }

    /// The generator of a practice draw: key = SHA-256(`PRACTICE_DRAW_TAG` ‖ 0x00 ‖ seed).
    pub fn practice(seed_text: &str) -> Self {
        Self::from_key(derive_key(PRACTICE_DRAW_TAG, &[seed_text.as_bytes()]))
    }

    /// The next raw 64-bit output.
    pub fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// A uniform integer in `0..n` by rejection sampling: draw x; if x < 2^64 − (2^64 mod n),
    /// return x mod n, otherwise draw again. Panics if `n` is 0.
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "below(0)");
        let rejected = (u64::MAX % n + 1) % n; // = 2^64 mod n
        let limit = u64::MAX - rejected; // accept x <= limit
        loop {
            let x = self.next_u64();
            if x <= limit {
                return x % n;
            }
        }
    }

    /// Shuffles `items` in place: for i from the last index down to 1, swap item i with
    /// item below(i + 1) (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chacha20_matches_rfc8439_keystream() {
        // RFC 8439 §2.3.2 uses a nonzero nonce; with the all-zero key and nonce the first
        // block is the well-known 76 b8 e0 ad a0 f1 3d 90 ... (RFC 8439 appendix A.1, test 1).
        let mut r = SeededRng::from_key([0u8; 32]);
        assert_eq!(
            r.next_u64(),
            u64::from_le_bytes([0x76, 0xb8, 0xe0, 0xad, 0xa0, 0xf1, 0x3d, 0x90])
        );
    }

    #[test]
    fn below_is_in_range_and_uses_all_values() {
        let mut r = SeededRng::practice("dice: 3 5 1");
        let mut seen = [0u32; 7];
        for _ in 0..7000 {
            seen[r.below(7) as usize] += 1;
        }
        assert!(seen.iter().all(|&s| (850..1150).contains(&s)), "{seen:?}");
    }

    #[test]
    fn same_seed_same_stream_different_seed_different() {
        let a: Vec<u64> = (0..4)
            .scan(SeededRng::practice("42"), |r, _| Some(r.next_u64()))
            .collect();
        let b: Vec<u64> = (0..4)
            .scan(SeededRng::practice("42"), |r, _| Some(r.next_u64()))
            .collect();
        let c: Vec<u64> = (0..4)
            .scan(SeededRng::practice("43"), |r, _| Some(r.next_u64()))
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
