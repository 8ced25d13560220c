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
use crate::instance::Instance;
use crate::rng::SeededRng;

/// A set of candidates with O(1) removal and uniform choice.
struct Bag {
    items: Vec<usize>,
    position: Vec<usize>,
}

const ABSENT: usize = usize::MAX;

impl Bag {
    fn new(universe: usize, items: Vec<usize>) -> Bag {
        let mut position = vec![ABSENT; universe];
        for (i, &c) in items.iter().enumerate() {
            position[c] = i;
        }
        Bag { items, position }
    }

    fn remove(&mut self, c: usize) {
        let i = self.position[c];
        if i == ABSENT {
            return;
        }
        let last = *self.items.last().expect("non-empty when holding c");
        self.items.swap_remove(i);
        if last != c {
            self.position[last] = i;
        }
        self.position[c] = ABSENT;
    }
}

/// Precomputed lookups shared by all attempts.
struct Index {
    by_value: Vec<Vec<usize>>,
    housemates: Vec<Vec<usize>>,
}

impl Index {
    fn new(inst: &Instance) -> Index {
        let n = inst.n_candidates();
        let mut by_value = vec![Vec::new(); inst.quotas.values.len()];
        for c in 0..n {
            for &v in inst.values_of(c) {
                by_value[v].push(c);
            }
        }
        let mut housemates = vec![Vec::new(); n];
        for h in &inst.households {
            for &a in h {
                housemates[a] = h.iter().copied().filter(|&b| b != a).collect();
            }
        }
        Index { by_value, housemates }
    }
}

/// Draws the seats left to fill with LEGACY; returns candidate indices in drawing order.
pub fn draw(inst: &Instance, rng: &mut SeededRng, max_attempts: u32) -> Result<Vec<usize>> {
    let index = Index::new(inst);
    for _ in 0..max_attempts {
        if let Some(panel) = attempt(inst, &index, rng) {
            return Ok(panel);
        }
    }
    Err(Error::LegacyGaveUp {
        attempts: max_attempts,
    })
}

fn attempt(inst: &Instance, index: &Index, rng: &mut SeededRng) -> Option<Vec<usize>> {
    let n = inst.n_candidates();
    let mut everyone = Bag::new(n, (0..n).collect());
    let mut by_value: Vec<Bag> = index
        .by_value
        .iter()
        .map(|members| Bag::new(n, members.clone()))
        .collect();
    let mut selected_count = vec![0u32; inst.bounds.len()];
    let mut panel = Vec::with_capacity(inst.seats);
    let remove = |c: usize, everyone: &mut Bag, by_value: &mut [Bag]| {
        everyone.remove(c);
        for &v in inst.values_of(c) {
            by_value[v].remove(c);
        }
    };
    // Values whose maximum is 0 are closed from the start.
    for (v, &(_, hi)) in inst.bounds.iter().enumerate() {
        if hi == 0 {
            for &c in &index.by_value[v] {
                remove(c, &mut everyone, &mut by_value);
            }
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
            let eligible = by_value[v].items.len() as u64;
            if eligible < missing {
                return None;
            }
            // missing/eligible > best_missing/best_eligible, compared exactly.
            let better = match urgent {
                None => true,
                Some((_, m, e)) => missing * e > m * eligible,
            };
            if better {
                urgent = Some((v, missing, eligible));
            }
        }
        let bag = match urgent {
            Some((v, _, _)) => &by_value[v],
            None => &everyone,
        };
        if bag.items.is_empty() {
            return None;
        }
        let c = bag.items[rng.below(bag.items.len() as u64) as usize];
        panel.push(c);
        remove(c, &mut everyone, &mut by_value);
        for &h in &index.housemates[c] {
            remove(h, &mut everyone, &mut by_value);
        }
        for &v in inst.values_of(c) {
            selected_count[v] += 1;
            if selected_count[v] == inst.bounds[v].1 {
                for &d in &index.by_value[v] {
                    remove(d, &mut everyone, &mut by_value);
                }
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
