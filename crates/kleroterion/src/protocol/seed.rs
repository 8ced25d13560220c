//! Seed sources (docs/AUDIT.md §5): the commitment names how the seed will be produced, in a
//! form that admits exactly one seed text per outcome, so that nobody can choose among
//! spellings of the same event after it happened ("3 1 4 1 5" or "31415").

use crate::report::Said;
use crate::said;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How the seed of a committed draw is produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum SeedSource {
    /// Dice thrown in public: `dice` dice of `sides` sides; the seed is their faces in the
    /// order thrown, separated by single spaces.
    Dice {
        /// How many dice.
        dice: u32,
        /// Faces per die (2..=100).
        sides: u32,
    },
    /// The numbers of a named public lottery draw: `numbers` distinct numbers from 1 to
    /// `highest`; the seed is those numbers in ascending order, separated by single spaces.
    Lottery {
        /// The lottery and which of its numbers, e.g. "EuroMillions, main numbers".
        name: String,
        /// The date of the draw, YYYY-MM-DD.
        date: String,
        /// How many numbers are drawn.
        numbers: u32,
        /// The largest number.
        highest: u32,
    },
    /// A round of the League of Entropy's drand mainnet beacon (chain
    /// [`DRAND_MAINNET_CHAIN`], scheme pedersen-bls-chained), fixed before it is produced; the
    /// seed is `ROUND PREVIOUS_SIGNATURE SIGNATURE` (decimal, then lower-case hex), checked
    /// offline against the chain's public key. BLS signatures are unique, so the round has one
    /// valid text.
    Drand {
        /// The beacon round.
        round: u64,
    },
    /// Free text, described in the procedure: any seed is accepted, so verifiers flag it as
    /// weaker (nothing stops several spellings of one event).
    Custom {
        /// How the seed is produced, in the organiser's words.
        procedure: String,
    },
}

/// Why a seed does not fit its source, or a source is unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeedProblem {
    /// A seed text in another form than the source's.
    Form {
        /// The seed as given.
        seed: String,
        /// The form the source requires, in words.
        expected: Said,
    },
    /// A source with fewer outcomes than tickets: some tickets could never be drawn.
    TooFewOutcomes {
        /// The source, in words.
        what: Said,
        /// Its number of outcomes.
        outcomes: u128,
        /// m.
        tickets: u32,
    },
    /// A source description that does not parse.
    Description {
        /// The description as given.
        text: String,
        /// What is wrong with it, and how it is written.
        why: Said,
    },
}

impl SeedProblem {
    /// The problem as a catalogue sentence.
    pub fn said(&self) -> Said {
        match self {
            SeedProblem::Form { seed, expected } => {
                said!("seed-problem-form", seed = format!("{seed:?}"))
                    .with("expected", expected.clone())
            }
            SeedProblem::TooFewOutcomes {
                what,
                outcomes,
                tickets,
            } => said!(
                "seed-problem-outcomes",
                outcomes = outcomes,
                tickets = tickets
            )
            .with("what", what.clone()),
            SeedProblem::Description { text, why } => {
                said!("seed-problem-description", text = format!("{text:?}"))
                    .with("why", why.clone())
            }
        }
    }
}

impl fmt::Display for SeedProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.said().fmt(f)
    }
}

impl std::error::Error for SeedProblem {}

/// The chain hash of the drand mainnet (League of Entropy, 30-second rounds).
pub const DRAND_MAINNET_CHAIN: &str =
    "8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce";
/// The drand mainnet's distributed public key (G1, compressed).
pub const DRAND_MAINNET_KEY: &str = "868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc5cce96366b5d7a569937c529eeda66c7293784a9402801af31";
/// The drand mainnet's first round, in Unix seconds; rounds follow every 30 s.
pub const DRAND_MAINNET_GENESIS: u64 = 1_595_431_050;

/// When a drand mainnet round is produced, in Unix seconds.
pub fn drand_round_time(round: u64) -> u64 {
    DRAND_MAINNET_GENESIS + round.saturating_sub(1) * 30
}

/// Checks a drand mainnet beacon: the signature over SHA-256(previous signature ‖ round as 8
/// big-endian bytes) against the chain's public key.
fn drand_beacon_valid(round: u64, previous: &[u8], signature: &[u8]) -> bool {
    use drand_verify::{G1Pubkey, Pubkey};
    let mut key = [0u8; 48];
    hex::decode_to_slice(DRAND_MAINNET_KEY, &mut key).expect("the key is 48 bytes of hex");
    G1Pubkey::from_fixed(key)
        .ok()
        .and_then(|pk| pk.verify(round, previous, signature).ok())
        .unwrap_or(false)
}

/// Dice needed so that every ticket is reached by about the same number of outcomes: the
/// smallest count with sides^count ≥ 1000 · m (each ticket then has m/1000 ± 3 % of them).
pub fn default_dice(sides: u32, tickets: u32) -> u32 {
    let target = 1000u128 * u128::from(tickets.max(1));
    let mut n = 1;
    while u128::from(sides.max(2)).saturating_pow(n) < target {
        n += 1;
    }
    n
}

impl SeedSource {
    /// Reads a source as written on the command line: `dice` (six-sided, as many as
    /// [`default_dice`] says for `tickets`), `dice:N` or `dice:NdS`;
    /// `lottery:NAME,YYYY-MM-DD,K,N` (K numbers from 1..=N); `custom:PROCEDURE`.
    pub fn parse(text: &str, tickets: u32) -> Result<SeedSource, SeedProblem> {
        let (kind, rest) = text.split_once(':').unwrap_or((text, ""));
        let bad = |why: &'static str| SeedProblem::Description {
            text: text.to_string(),
            why: said!(why),
        };
        match kind.trim() {
            "dice" => {
                let rest = rest.trim();
                let (count, sides) = match rest.split_once('d') {
                    Some((n, s)) => (n.trim(), s.trim()),
                    None => (rest, "6"),
                };
                let sides: u32 = sides
                    .parse()
                    .ok()
                    .filter(|s| (2..=100).contains(s))
                    .ok_or_else(|| bad("seed-problem-sides"))?;
                let dice = if count.is_empty() {
                    default_dice(sides, tickets)
                } else {
                    count
                        .parse()
                        .ok()
                        .filter(|&n| (1..=64).contains(&n))
                        .ok_or_else(|| bad("seed-problem-dice"))?
                };
                Ok(SeedSource::Dice { dice, sides })
            }
            "lottery" => {
                let parts: Vec<&str> = rest.split(',').map(str::trim).collect();
                let [name, date, numbers, highest] = parts[..] else {
                    return Err(bad("seed-problem-lottery"));
                };
                if name.is_empty() {
                    return Err(bad("seed-problem-lottery-name"));
                }
                if !is_date(date) {
                    return Err(bad("seed-problem-date"));
                }
                let numbers: u32 = numbers
                    .parse()
                    .ok()
                    .filter(|&k| k >= 1)
                    .ok_or_else(|| bad("seed-problem-k"))?;
                let highest: u32 = highest
                    .parse()
                    .ok()
                    .filter(|&n| n >= numbers && n <= 10_000)
                    .ok_or_else(|| bad("seed-problem-n"))?;
                Ok(SeedSource::Lottery {
                    name: name.into(),
                    date: date.into(),
                    numbers,
                    highest,
                })
            }
            "drand" => rest
                .trim()
                .parse()
                .ok()
                .filter(|&r| r >= 1)
                .map(|round| SeedSource::Drand { round })
                .ok_or_else(|| bad("seed-problem-drand")),
            "custom" if !rest.trim().is_empty() => Ok(SeedSource::Custom {
                procedure: rest.trim().into(),
            }),
            "custom" => Err(bad("seed-problem-custom")),
            _ => Err(bad("seed-problem-kind")),
        }
    }

    /// The number of possible seeds (none for free text).
    pub fn outcomes(&self) -> Option<u128> {
        match *self {
            SeedSource::Dice { dice, sides } => Some(u128::from(sides).saturating_pow(dice)),
            SeedSource::Lottery {
                numbers, highest, ..
            } => Some(binomial(highest, numbers)),
            // SHA-256 of a BLS signature: 2^256, more than a u128 holds.
            SeedSource::Drand { .. } => Some(u128::MAX),
            SeedSource::Custom { .. } => None,
        }
    }

    /// Whether the source admits one seed text per outcome (false for free text).
    pub fn is_structured(&self) -> bool {
        !matches!(self, SeedSource::Custom { .. })
    }

    /// Refuses a source with fewer outcomes than the `tickets` of the lottery.
    pub fn check_outcomes(&self, tickets: u32) -> Result<(), SeedProblem> {
        match self.outcomes() {
            Some(n) if n < u128::from(tickets) => Err(SeedProblem::TooFewOutcomes {
                what: self.said(),
                outcomes: n,
                tickets,
            }),
            _ => Ok(()),
        }
    }

    /// The seed's one canonical text: reads what the organiser typed (dice faces separated by
    /// spaces, commas or dashes, or run together when every face has one digit; lottery
    /// numbers in any order) and writes it the source's way.
    pub fn canonical_seed(&self, seed: &str) -> Result<String, SeedProblem> {
        let form = |expected: Said| SeedProblem::Form {
            seed: seed.chars().take(60).collect(),
            expected,
        };
        match self {
            SeedSource::Dice { dice, sides } => {
                let expected = || {
                    form(said!(
                        "seed-form-dice",
                        dice = dice,
                        sides = sides,
                        example = example(*dice)
                    ))
                };
                let faces = numbers_in(seed, *sides < 10, *dice as usize).ok_or_else(expected)?;
                if faces.len() != *dice as usize || faces.iter().any(|&f| f < 1 || f > *sides) {
                    return Err(expected());
                }
                Ok(join(&faces))
            }
            SeedSource::Lottery {
                numbers, highest, ..
            } => {
                let expected = || {
                    form(said!(
                        "seed-form-lottery",
                        numbers = numbers,
                        highest = highest
                    ))
                };
                let mut got = numbers_in(seed, false, 0).ok_or_else(expected)?;
                got.sort_unstable();
                got.dedup();
                if got.len() != *numbers as usize || got.iter().any(|&n| n < 1 || n > *highest) {
                    return Err(expected());
                }
                Ok(join(&got))
            }
            SeedSource::Drand { round } => {
                let expected = || form(said!("seed-form-drand", round = round));
                let parts: Vec<&str> = seed.split_whitespace().collect();
                let [r, previous, signature] = parts[..] else {
                    return Err(expected());
                };
                let (Ok(previous), Ok(signature)) = (hex::decode(previous), hex::decode(signature))
                else {
                    return Err(expected());
                };
                if r.parse::<u64>().ok() != Some(*round)
                    || !drand_beacon_valid(*round, &previous, &signature)
                {
                    return Err(expected());
                }
                Ok(format!(
                    "{round} {} {}",
                    hex::encode(previous),
                    hex::encode(signature)
                ))
            }
            SeedSource::Custom { .. } => Ok(seed.to_string()),
        }
    }

    /// Whether `seed` is already in the source's canonical form (what verify requires).
    pub fn is_canonical(&self, seed: &str) -> bool {
        self.canonical_seed(seed).is_ok_and(|c| c == seed)
    }
}

impl SeedSource {
    /// The source as the verifier states it: what the seed is, precisely enough to check it.
    pub fn said(&self) -> Said {
        match self {
            SeedSource::Dice { dice, sides } => {
                said!("seed-source-dice", dice = dice, sides = sides)
            }
            SeedSource::Lottery {
                name,
                date,
                numbers,
                highest,
            } => said!(
                "seed-source-lottery",
                numbers = numbers,
                highest = highest,
                name = name,
                date = date
            ),
            SeedSource::Drand { round } => said!(
                "seed-source-drand",
                round = round,
                time = drand_round_time(*round)
            ),
            SeedSource::Custom { procedure } => {
                said!("seed-source-custom", procedure = procedure)
            }
        }
    }
}

impl fmt::Display for SeedSource {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.said().fmt(f)
    }
}

/// The whole numbers in `text`, separated by white space, commas, semicolons or dashes; with
/// `digits`, a single run of exactly `count` digits is read as one number per digit.
fn numbers_in(text: &str, digits: bool, count: usize) -> Option<Vec<u32>> {
    let t = text.trim();
    if digits && t.len() == count && t.bytes().all(|b| b.is_ascii_digit()) {
        return Some(t.bytes().map(|b| u32::from(b - b'0')).collect());
    }
    t.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '-'))
        .filter(|s| !s.is_empty())
        .map(|s| {
            (s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        })
        .collect()
}

fn join(numbers: &[u32]) -> String {
    numbers
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

fn example(dice: u32) -> String {
    join(
        &(0..dice.min(6))
            .map(|i| [3, 1, 4, 1, 5, 2][i as usize])
            .collect::<Vec<_>>(),
    ) + if dice > 6 { " …" } else { "" }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
        && (1..=12).contains(&s[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u32>().unwrap_or(0))
}

/// n choose k, saturating.
fn binomial(n: u32, k: u32) -> u128 {
    let k = k.min(n - k.min(n));
    let mut r: u128 = 1;
    for i in 0..k {
        r = r.saturating_mul(u128::from(n - i)) / u128::from(i + 1);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_text_per_outcome() {
        let dice = SeedSource::parse("dice:5", 1000).unwrap();
        for typed in [
            "3 1 4 1 5",
            "3,1,4,1,5",
            "31415",
            " 3-1-4-1-5 ",
            "3  1 4 1 5",
        ] {
            assert_eq!(dice.canonical_seed(typed).unwrap(), "3 1 4 1 5");
        }
        assert!(dice.is_canonical("3 1 4 1 5"));
        assert!(!dice.is_canonical("31415"));
        for wrong in ["3 1 4 1", "3 1 4 1 7", "3 1 4 1 5 2", "three", "3 1 4 1 0"] {
            assert!(dice.canonical_seed(wrong).is_err(), "{wrong}");
        }
        let d20 = SeedSource::parse("dice:3d20", 1000).unwrap();
        assert!(
            d20.canonical_seed("12011").is_err(),
            "ambiguous with two-digit faces"
        );
        assert_eq!(d20.canonical_seed("12 20 1").unwrap(), "12 20 1");
        let lottery =
            SeedSource::parse("lottery:EuroMillions main numbers, 2026-12-05, 5, 50", 1000)
                .unwrap();
        assert_eq!(
            lottery.canonical_seed("41, 4, 23, 11, 35").unwrap(),
            "4 11 23 35 41"
        );
        assert!(
            lottery.canonical_seed("4 4 23 11 35").is_err(),
            "repeated number"
        );
        assert!(lottery.canonical_seed("4 11 23 35 51").is_err());
        assert_eq!(lottery.outcomes(), Some(2_118_760));
    }

    /// A recorded drand mainnet beacon (round 1337, as the chain published it): it verifies,
    /// and any other signature, round or spelling does not.
    #[test]
    fn a_recorded_drand_round_verifies_offline() {
        let previous = "80d95247ddf1bb3acf5738497a5f10406be283144603f63d714bb1a44ff6b93285ae2697fffeb50c68862bd9fbecd4b204b1798d2686b4ac5d573615031d9d67e6168bde9a7adf1161430a498ca701a25c216aee3e38ffd5290369034fa050a2";
        let signature = "945b08dcb30e24da281ccf14a646f0630ceec515af5c5895e18cc1b19edd65d156b71c776a369af3487f1bc6af1062500b059e01095cc0eedce91713977d7735cac675554edfa0d0481bb991ed93d333d08286192c05bf6b65d20f23a37fc7bb";
        let source = SeedSource::parse("drand:1337", 1000).unwrap();
        let seed = format!("1337 {previous} {signature}");
        assert!(source.is_canonical(&seed));
        // The beacon's randomness, as drand publishes it: SHA-256 of the signature.
        use sha2::{Digest, Sha256};
        assert_eq!(
            hex::encode(Sha256::digest(hex::decode(signature).unwrap())),
            "2660664f8d4bc401194d80d81da20a1e79480f65b8e2d205aecbd143b5bfb0d3"
        );
        let upper = format!("1337  {} {signature}", previous.to_uppercase());
        assert_eq!(source.canonical_seed(&upper).unwrap(), seed);
        assert!(!source.is_canonical(&upper));
        let mut forged = signature.to_string().into_bytes();
        forged[100] = if forged[100] == b'0' { b'1' } else { b'0' };
        let forged = format!("1337 {previous} {}", String::from_utf8(forged).unwrap());
        assert!(source.canonical_seed(&forged).is_err());
        let other = SeedSource::parse("drand:1338", 1000).unwrap();
        assert!(other.canonical_seed(&seed).is_err());
        assert_eq!(drand_round_time(1), DRAND_MAINNET_GENESIS);
    }

    #[test]
    fn enough_outcomes_for_every_ticket() {
        assert_eq!(default_dice(6, 1000), 8); // 6^8 ≈ 1.7e6 ≥ 1000 · 1000
        let two = SeedSource::Dice { dice: 3, sides: 6 };
        assert!(two.check_outcomes(216).is_ok());
        assert!(matches!(
            two.check_outcomes(217),
            Err(SeedProblem::TooFewOutcomes { outcomes: 216, .. })
        ));
        assert!(SeedSource::parse("dice:0", 1000).is_err());
        assert!(SeedSource::parse("lottery:x,2026-13-01,5,50", 1000).is_err());
        assert!(SeedSource::parse("custom:", 1000).is_err());
        assert!(!SeedSource::parse("custom:the mayor's choice", 1)
            .unwrap()
            .is_structured());
    }
}
