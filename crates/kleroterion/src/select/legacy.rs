//! LEGACY: the Sortition Foundation's original greedy draw, rewritten from its description.
//!
//! Seat by seat: among the feature values whose minimum is not yet met, take the one whose
//! missing seats are largest relative to the volunteers still eligible for it (the first such
//! value on a tie); draw a uniformly random eligible volunteer with that value (or, once every
//! minimum is met, from everyone eligible). Then drop the volunteer's housemates, and everyone
//! with a value whose maximum is now reached. A dead end (a minimum no one left can fill, or
//! no one left at all) restarts the attempt with the generator where it is; after
//! `max_attempts` dead ends the draw gives up. Fast, but some volunteers get far lower chances
//! than the quotas require — LEXIMIN fixes that.

use crate::error::{Error, Result};
use crate::input::instance::Instance;
use crate::protocol::rng::SeededRng;

const ABSENT: usize = usize::MAX;

/// The volunteers still eligible, overall and per feature value, with O(1) removal and
/// uniform choice. Built once and reset for each attempt, so an attempt allocates nothing.
struct Eligible {
    /// Everyone eligible, in no particular order.
    everyone: Vec<usize>,
    /// Position of each candidate in `everyone`, or ABSENT.
    everyone_at: Vec<usize>,
    /// Per value, the eligible candidates with it.
    by_value: Vec<Vec<usize>>,
    /// Position of candidate c in the list of its f-th value, at `c * features + f`.
    value_at: Vec<usize>,
    features: usize,
}

impl Eligible {
    fn new(inst: &Instance) -> Eligible {
        let n = inst.n_candidates();
        let features = inst.quotas.features.len();
        Eligible {
            everyone: Vec::with_capacity(n),
            everyone_at: vec![ABSENT; n],
            by_value: vec![Vec::new(); inst.quotas.values.len()],
            value_at: vec![ABSENT; n * features],
            features,
        }
    }

    fn reset(&mut self, inst: &Instance) {
        self.everyone.clear();
        self.by_value.iter_mut().for_each(Vec::clear);
        for c in 0..inst.n_candidates() {
            self.everyone_at[c] = self.everyone.len();
            self.everyone.push(c);
            for (f, &v) in inst.values_of(c).iter().enumerate() {
                self.value_at[c * self.features + f] = self.by_value[v].len();
                self.by_value[v].push(c);
            }
        }
    }

    fn remove(&mut self, inst: &Instance, c: usize) {
        let i = self.everyone_at[c];
        if i == ABSENT {
            return;
        }
        self.everyone.swap_remove(i);
        if let Some(&moved) = self.everyone.get(i) {
            self.everyone_at[moved] = i;
        }
        self.everyone_at[c] = ABSENT;
        for (f, &v) in inst.values_of(c).iter().enumerate() {
            let list = &mut self.by_value[v];
            let j = self.value_at[c * self.features + f];
            list.swap_remove(j);
            if let Some(&moved) = list.get(j) {
                self.value_at[moved * self.features + f] = j;
            }
        }
    }
}

/// Housemates of each candidate.
fn housemates(inst: &Instance) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); inst.n_candidates()];
    for h in &inst.households {
        for &a in h {
            out[a] = h.iter().copied().filter(|&b| b != a).collect();
        }
    }
    out
}

/// Draws the seats left to fill with LEGACY; returns candidate indices in drawing order.
pub fn draw(inst: &Instance, rng: &mut SeededRng, max_attempts: u32) -> Result<Vec<usize>> {
    let mates = housemates(inst);
    let mut eligible = Eligible::new(inst);
    for _ in 0..max_attempts {
        if let Some(panel) = attempt(inst, &mates, &mut eligible, rng) {
            return Ok(panel);
        }
    }
    Err(Error::LegacyGaveUp {
        attempts: max_attempts,
    })
}

/// Removes every eligible candidate with value `v`.
fn close_value(inst: &Instance, e: &mut Eligible, v: usize) {
    while let Some(&c) = e.by_value[v].last() {
        e.remove(inst, c);
    }
}

fn attempt(
    inst: &Instance,
    mates: &[Vec<usize>],
    e: &mut Eligible,
    rng: &mut SeededRng,
) -> Option<Vec<usize>> {
    e.reset(inst);
    let mut selected_count = vec![0u32; inst.bounds.len()];
    let mut panel = Vec::with_capacity(inst.seats);
    // Values whose maximum is 0 are closed from the start.
    for (v, &(_, hi)) in inst.bounds.iter().enumerate() {
        if hi == 0 {
            close_value(inst, e, v);
        }
    }
    while panel.len() < inst.seats {
        // The value with the largest shortfall relative to its eligible volunteers.
        let mut urgent: Option<(usize, u64, u64)> = None; // (value, missing, eligible)
        for (v, &(lo, _)) in inst.bounds.iter().enumerate() {
            if selected_count[v] >= lo {
                continue;
            }
            let missing = (lo - selected_count[v]) as u64;
            let eligible = e.by_value[v].len() as u64;
            if eligible < missing {
                return None;
            }
            // missing/eligible > best_missing/best_eligible, compared exactly.
            let better = match urgent {
                None => true,
                Some((_, m, el)) => missing * el > m * eligible,
            };
            if better {
                urgent = Some((v, missing, eligible));
            }
        }
        let bag = match urgent {
            Some((v, _, _)) => &e.by_value[v],
            None => &e.everyone,
        };
        if bag.is_empty() {
            return None;
        }
        let c = bag[rng.below(bag.len() as u64) as usize];
        panel.push(c);
        e.remove(inst, c);
        for &h in &mates[c] {
            e.remove(inst, h);
        }
        for &v in inst.values_of(c) {
            selected_count[v] += 1;
            if selected_count[v] == inst.bounds[v].1 {
                close_value(inst, e, v);
            }
        }
    }
    let mins_met = inst
        .bounds
        .iter()
        .zip(&selected_count)
        .all(|(&(lo, _), &n)| n >= lo);
    mins_met.then_some(panel)
}

/// LEGACY's selection chances, estimated by drawing many panels: what the Sortition
/// Foundation's original method would have given each volunteer (it computes no chances).
#[derive(Debug, Clone, PartialEq)]
pub struct LegacyChances {
    /// The panels drawn.
    pub draws: u32,
    /// Draws that gave up (LEGACY can get stuck on tight quotas); not counted in `draws`.
    pub stuck: u32,
    /// Each candidate's estimated chance: the share of draws that selected someone of their
    /// type (volunteers with the same values, whom LEGACY treats alike), per member.
    pub chance: Vec<f64>,
    /// The number of candidates of each candidate's type (the estimate's sample is
    /// `draws` × this).
    pub type_size: Vec<usize>,
}

/// Estimates LEGACY's chances from `draws` draws seeded from `seed` (each draw up to
/// `max_attempts` attempts, as a real draw).
pub fn estimate_chances(inst: &Instance, draws: u32, seed: &str) -> LegacyChances {
    let groups = crate::input::groups::Groups::of(inst);
    let mut rng = SeededRng::practice(&format!("legacy chances: {seed}"));
    let mut selected = vec![0u64; groups.len()];
    let (mut ok, mut stuck) = (0u32, 0u32);
    for _ in 0..draws {
        match draw(inst, &mut rng, inst.settings.max_attempts) {
            Ok(panel) => {
                ok += 1;
                for c in panel {
                    selected[groups.of_candidate[c]] += 1;
                }
            }
            Err(_) => stuck += 1,
        }
    }
    let mut size = vec![0usize; groups.len()];
    for &t in &groups.of_candidate {
        size[t] += 1;
    }
    let chance = groups
        .of_candidate
        .iter()
        .map(|&t| selected[t] as f64 / (f64::from(ok.max(1)) * size[t] as f64))
        .collect();
    LegacyChances {
        draws: ok,
        stuck,
        chance,
        type_size: groups.of_candidate.iter().map(|&t| size[t]).collect(),
    }
}
