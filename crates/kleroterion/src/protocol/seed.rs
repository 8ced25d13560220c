//! Seed sources (docs/AUDIT.md §5): the commitment names how the seed will be produced, in a
//! form that admits exactly one seed text per outcome, so that nobody can choose among
//! spellings of the same event after it happened ("3 1 4 1 5" or "31415").

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
    /// Free text, described in the procedure: any seed is accepted, so verifiers flag it as
    /// weaker (nothing stops several spellings of one event).
    Custom {
        /// How the seed is produced, in the organiser's words.
        procedure: String,
    },
}

/// Why a seed does not fit its source, or a source is unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SeedProblem {
    /// A seed text in another form than the source's.
    #[error("the seed {seed:?} is not {expected}")]
    Form {
        /// The seed as given.
        seed: String,
        /// The form the source requires, in words.
        expected: String,
    },
    /// A source with fewer outcomes than tickets: some tickets could never be drawn.
    #[error("{what} has {outcomes} possible outcomes, fewer than the {tickets} tickets: use more dice or numbers")]
    TooFewOutcomes {
        /// The source, in words.
        what: String,
        /// Its number of outcomes.
        outcomes: u128,
        /// m.
        tickets: u32,
    },
    /// A source description that does not parse.
    #[error("{0}")]
    Description(String),
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
        let bad = |why: &str| SeedProblem::Description(format!("seed source {text:?}: {why}"));
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
                    .ok_or_else(|| {
                        bad("the number of sides must be a whole number from 2 to 100")
                    })?;
                let dice = if count.is_empty() {
                    default_dice(sides, tickets)
                } else {
                    count
                        .parse()
                        .ok()
                        .filter(|&n| (1..=64).contains(&n))
                        .ok_or_else(|| {
                            bad("the number of dice must be a whole number from 1 to 64")
                        })?
                };
                Ok(SeedSource::Dice { dice, sides })
            }
            "lottery" => {
                let parts: Vec<&str> = rest.split(',').map(str::trim).collect();
                let [name, date, numbers, highest] = parts[..] else {
                    return Err(bad(
                        "write lottery:NAME,YYYY-MM-DD,K,N (K numbers from 1 to N)",
                    ));
                };
                if name.is_empty() {
                    return Err(bad("name the lottery and which of its numbers"));
                }
                if !is_date(date) {
                    return Err(bad("the date must be written YYYY-MM-DD"));
                }
                let numbers: u32 = numbers
                    .parse()
                    .ok()
                    .filter(|&k| k >= 1)
                    .ok_or_else(|| bad("K must be a whole number, at least 1"))?;
                let highest: u32 = highest
                    .parse()
                    .ok()
                    .filter(|&n| n >= numbers && n <= 10_000)
                    .ok_or_else(|| bad("N must be a whole number from K to 10000"))?;
                Ok(SeedSource::Lottery {
                    name: name.into(),
                    date: date.into(),
                    numbers,
                    highest,
                })
            }
            "custom" if !rest.trim().is_empty() => Ok(SeedSource::Custom {
                procedure: rest.trim().into(),
            }),
            "custom" => Err(bad("describe the procedure after custom:")),
            _ => Err(bad(
                "use dice, dice:N, dice:NdS, lottery:NAME,DATE,K,N or custom:TEXT",
            )),
        }
    }

    /// The number of possible seeds (none for free text).
    pub fn outcomes(&self) -> Option<u128> {
        match *self {
            SeedSource::Dice { dice, sides } => Some(u128::from(sides).saturating_pow(dice)),
            SeedSource::Lottery {
                numbers, highest, ..
            } => Some(binomial(highest, numbers)),
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
                what: self.to_string(),
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
        let form = |expected: String| SeedProblem::Form {
            seed: seed.chars().take(60).collect(),
            expected,
        };
        match self {
            SeedSource::Dice { dice, sides } => {
                let expected = || {
                    form(format!(
                        "{dice} faces from 1 to {sides}, e.g. \"{}\"",
                        example(*dice)
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
                let expected = || form(format!("{numbers} different numbers from 1 to {highest}"));
                let mut got = numbers_in(seed, false, 0).ok_or_else(expected)?;
                got.sort_unstable();
                got.dedup();
                if got.len() != *numbers as usize || got.iter().any(|&n| n < 1 || n > *highest) {
                    return Err(expected());
                }
                Ok(join(&got))
            }
            SeedSource::Custom { .. } => Ok(seed.to_string()),
        }
    }

    /// Whether `seed` is already in the source's canonical form (what verify requires).
    pub fn is_canonical(&self, seed: &str) -> bool {
        self.canonical_seed(seed).is_ok_and(|c| c == seed)
    }
}

impl fmt::Display for SeedSource {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            SeedSource::Dice { dice, sides } => write!(
                f,
                "{dice} dice of {sides} sides, thrown in public, faces in the order thrown"
            ),
            SeedSource::Lottery {
                name,
                date,
                numbers,
                highest,
            } => write!(
                f,
                "the {numbers} numbers (1 to {highest}) of {name} on {date}, in ascending order"
            ),
            SeedSource::Custom { procedure } => write!(f, "free text: {procedure}"),
        }
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
