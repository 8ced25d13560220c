//! DIVERSIMAX (Oren Matar; the Sortition Foundation's `sortition-algorithms` 0.12): the panel
//! whose seats spread most evenly over the *intersections* of features, not only over each
//! feature's values.
//!
//! For each combination of features (one feature, two, ... all), its *profiles* are the
//! combinations of the values the pool holds; a combination counts when it has no more
//! profiles than seats and at least two volunteers per profile, up to
//! [`MAX_COMBINATIONS`] of them, fewest features first (the library's rules). A panel's
//! *spread* is Σ over the counted combinations, Σ over their profiles, of |seats of the
//! profile − seats / profiles|; DIVERSIMAX takes a panel of least spread that meets the quotas
//! and the household rule, an integer program over the types (how many of each type sit),
//! solved to optimality (the library stops at a 10 % gap or 30 s; we do not, so the same
//! inputs always give the same panel composition). Which members of a type take its seats
//! is left to the seed: the distribution is that one composition, and the lottery deals its
//! seats to the type's members round-robin over the tickets, so a member's chance is the
//! type's seats over its size — neither 0 nor 1 for most.

use super::distribution::{Distribution, Diversity, Method};
use crate::error::{Error, Result};
use crate::input::groups::{Composition, Groups};
use crate::input::instance::Instance;
use crate::solve::panel_ilp::{add_panel_rows, best_panel, count_program, quota_ranges};
use crate::solve::{Backend, Outcome, Program};
use std::collections::BTreeMap;

/// At most this many combinations of features count (the library's limit).
pub const MAX_COMBINATIONS: usize = 50;

/// One combination of features and the types in each of its profiles.
#[derive(Debug, Clone, PartialEq)]
pub struct Combination {
    /// The features, by index.
    pub features: Vec<usize>,
    /// Per profile the pool holds: the types in it.
    pub profiles: Vec<Vec<usize>>,
    /// Every possible profile (values the pool holds, combined), held or not.
    pub possible: usize,
}

impl Combination {
    /// The seats each profile would have if all were equal.
    pub fn ideal(&self, seats: usize) -> f64 {
        seats as f64 / self.possible as f64
    }
}

/// The combinations of features that count (see the module doc), fewest features first,
/// then in the order of the features file.
pub fn combinations(inst: &Instance, groups: &Groups) -> Vec<Combination> {
    let features = inst.quotas.features.len();
    // The values of each feature that some volunteer has.
    let held: Vec<usize> = (0..features)
        .map(|f| {
            let mut values: Vec<usize> = groups.groups.iter().map(|g| g.values[f]).collect();
            values.sort_unstable();
            values.dedup();
            values.len()
        })
        .collect();
    let mut subsets: Vec<Vec<usize>> = (1u64..1 << features.min(20))
        .map(|mask| (0..features).filter(|f| mask >> f & 1 == 1).collect())
        .collect();
    subsets.sort_by(|a: &Vec<usize>, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    let pool = inst.n_candidates();
    let mut out = Vec::new();
    for features in subsets {
        let possible: usize = features.iter().map(|&f| held[f]).product();
        if possible > inst.seats || pool < 2 * possible {
            continue;
        }
        let mut by_profile: BTreeMap<Vec<usize>, Vec<usize>> = BTreeMap::new();
        for (t, g) in groups.groups.iter().enumerate() {
            let key = features.iter().map(|&f| g.values[f]).collect();
            by_profile.entry(key).or_default().push(t);
        }
        out.push(Combination {
            features,
            profiles: by_profile.into_values().collect(),
            possible,
        });
        if out.len() == MAX_COMBINATIONS {
            break;
        }
    }
    out
}

/// A composition's spread over `combinations` (profiles the pool lacks count their ideal).
pub fn spread(combinations: &[Combination], composition: &[u32], seats: usize) -> f64 {
    combinations
        .iter()
        .map(|c| {
            let ideal = c.ideal(seats);
            let held: f64 = c
                .profiles
                .iter()
                .map(|types| {
                    let s: u32 = types.iter().map(|&t| composition[t]).sum();
                    (f64::from(s) - ideal).abs()
                })
                .sum();
            held + (c.possible - c.profiles.len()) as f64 * ideal
        })
        .sum()
}

/// The spread program over the types: the panel rows, and per profile a deviation `d` with
/// d ≥ |seats − ideal|, their sum minimised; integer counts when `integer`.
fn spread_program(
    inst: &Instance,
    groups: &Groups,
    combinations: &[Combination],
    integer: bool,
) -> Program {
    let n = groups.len();
    let mut p: Program = count_program(groups, &vec![0.0; n]);
    p.vars.iter_mut().for_each(|v| v.integer = integer);
    add_panel_rows(&mut p, inst, groups, &quota_ranges(inst));
    for c in combinations {
        let ideal = c.ideal(inst.seats);
        for types in &c.profiles {
            let d = p.add_var(0.0, f64::INFINITY, false, 1.0);
            let mut above: Vec<(usize, f64)> = types.iter().map(|&t| (t, 1.0)).collect();
            let mut below = above.clone();
            above.push((d, -1.0));
            p.add_row(above, f64::NEG_INFINITY, ideal);
            below.push((d, 1.0));
            p.add_row(below, ideal, f64::INFINITY);
        }
    }
    p
}

/// What the search for the least spread found.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The panel composition.
    pub composition: Composition,
    /// Its spread.
    pub spread: f64,
    /// No panel has a spread below this (the linear relaxation's optimum, plus the
    /// profiles the pool lacks); `spread == bound` proves the panel optimal.
    pub bound: f64,
}

/// A panel composition of least spread, or `None` when no panel meets the quotas.
///
/// On HiGHS, the integer program solved to optimality. On the pure-Rust backend (microlp's
/// branch and bound took over ten minutes on the 300-volunteer example), a deterministic
/// search: the panel nearest the linear relaxation's optimum, then moves of one seat, or of
/// two seats at once, from one type to another while any lowers the spread; the relaxation
/// bounds the result from below, and both are stated.
pub fn least_spread(inst: &Instance, groups: &Groups, backend: Backend) -> Result<Option<Found>> {
    let combinations = combinations(inst, groups);
    let n = groups.len();
    let lacking: f64 = combinations
        .iter()
        .map(|c| (c.possible - c.profiles.len()) as f64 * c.ideal(inst.seats))
        .sum();
    let relaxed = spread_program(inst, groups, &combinations, false);
    let Outcome::Optimal(x) = relaxed.solve(Backend::Pure)? else {
        return Ok(None);
    };
    let bound: f64 = relaxed
        .objective
        .iter()
        .zip(&x)
        .map(|(c, v)| c * v)
        .sum::<f64>()
        + lacking;
    #[cfg(feature = "highs")]
    if backend == Backend::Highs {
        let exact = spread_program(inst, groups, &combinations, true);
        return Ok(match exact.solve(backend)? {
            Outcome::Optimal(y) => {
                let composition = crate::solve::panel_ilp::composition_of(&y, groups);
                let spread = spread(&combinations, &composition, inst.seats);
                Some(Found {
                    composition,
                    spread,
                    bound: spread,
                })
            }
            Outcome::Infeasible => None,
        });
    }
    let Some(start) = best_panel(inst, groups, &x[..n], None, backend)? else {
        return Ok(None);
    };
    let composition = improve(inst, groups, &combinations, start);
    let spread = spread(&combinations, &composition, inst.seats);
    Ok(Some(Found {
        composition,
        spread,
        bound: bound.min(spread),
    }))
}

/// The state of the local search: the composition and every tally its moves change.
struct Search<'a> {
    inst: &'a Instance,
    groups: &'a Groups,
    combinations: &'a [Combination],
    /// profile[c][t]: the profile of type t in combination c.
    profile: Vec<Vec<usize>>,
    /// seats[c][p]: the seats of profile p of combination c.
    seats: Vec<Vec<i64>>,
    /// Per feature value, its seats.
    values: Vec<u32>,
    /// Per type, its household (index into groups.households), if any.
    household: Vec<Option<usize>>,
    /// Per household, its seats.
    household_seats: Vec<u32>,
    x: Composition,
}

impl Search<'_> {
    /// The change in spread when one seat goes from type `a` to type `b` (b ≠ a).
    fn delta(&self, a: usize, b: usize) -> f64 {
        let mut d = 0.0;
        for (c, combination) in self.combinations.iter().enumerate() {
            let (pa, pb) = (self.profile[c][a], self.profile[c][b]);
            if pa == pb {
                continue;
            }
            let ideal = combination.ideal(self.inst.seats);
            let (ya, yb) = (self.seats[c][pa] as f64, self.seats[c][pb] as f64);
            d += (ya - 1.0 - ideal).abs() - (ya - ideal).abs() + (yb + 1.0 - ideal).abs()
                - (yb - ideal).abs();
        }
        d
    }

    /// Moves one seat from `a` to `b` (`apply(b, a)` undoes it).
    fn apply(&mut self, a: usize, b: usize) {
        self.x[a] -= 1;
        self.x[b] += 1;
        for c in 0..self.combinations.len() {
            self.seats[c][self.profile[c][a]] -= 1;
            self.seats[c][self.profile[c][b]] += 1;
        }
        for &v in &self.groups.groups[a].values {
            self.values[v] -= 1;
        }
        for &v in &self.groups.groups[b].values {
            self.values[v] += 1;
        }
        if let Some(h) = self.household[a] {
            self.household_seats[h] -= 1;
        }
        if let Some(h) = self.household[b] {
            self.household_seats[h] += 1;
        }
    }

    /// Whether the composition meets the quotas, sizes and the household rule.
    fn feasible(&self) -> bool {
        let bounds = &self.inst.bounds;
        self.values
            .iter()
            .zip(bounds)
            .all(|(&s, &(lo, hi))| lo <= s && s <= hi)
            && self.household_seats.iter().all(|&s| s <= 1)
            && (0..self.x.len()).all(|t| self.x[t] <= self.groups.size(t))
    }

    /// The best single move that lowers the spread, applied; false when none does.
    fn single(&mut self) -> bool {
        let n = self.x.len();
        let mut best: Option<(f64, usize, usize)> = None;
        for a in 0..n {
            for b in 0..n {
                if a == b || self.x[a] == 0 || self.x[b] >= self.groups.size(b) {
                    continue;
                }
                let d = self.delta(a, b);
                if d < -IMPROVEMENT && best.is_none_or(|(bd, _, _)| d < bd) {
                    self.apply(a, b);
                    if self.feasible() {
                        best = Some((d, a, b));
                    }
                    self.apply(b, a);
                }
            }
        }
        if let Some((_, a, b)) = best {
            self.apply(a, b);
        }
        best.is_some()
    }

    /// The first pair of moves (a → b, then c → d) that lowers the spread and ends feasible,
    /// applied; false when none does within [`PAIR_BUDGET`] pairs tried. Only seated types
    /// give seats, so a pair costs O(seated² · types²) at worst: the budget keeps the search
    /// to seconds on large pools, and as it counts pairs, not time, it stays deterministic.
    fn pair(&mut self) -> bool {
        let n = self.x.len();
        let mut tried = 0usize;
        let seated: Vec<usize> = (0..n).filter(|&t| self.x[t] > 0).collect();
        for &a in &seated {
            for b in 0..n {
                if a == b || self.x[b] >= self.groups.size(b) {
                    continue;
                }
                let first = self.delta(a, b);
                self.apply(a, b);
                for c in 0..n {
                    for d in 0..n {
                        if c == d || self.x[c] == 0 || self.x[d] >= self.groups.size(d) {
                            continue;
                        }
                        tried += 1;
                        if first + self.delta(c, d) < -IMPROVEMENT {
                            self.apply(c, d);
                            if self.feasible() {
                                return true;
                            }
                            self.apply(d, c);
                        }
                    }
                }
                self.apply(b, a);
                if tried > PAIR_BUDGET {
                    return false;
                }
            }
        }
        false
    }
}

/// Pairs of moves the search tries at most for one improvement (about a second's work).
const PAIR_BUDGET: usize = 20_000_000;

/// A move counts as lowering the spread when by more than this.
const IMPROVEMENT: f64 = 1e-9;

/// The local search of [`least_spread`] from `start`.
fn improve(
    inst: &Instance,
    groups: &Groups,
    combinations: &[Combination],
    start: Composition,
) -> Composition {
    let profile: Vec<Vec<usize>> = combinations
        .iter()
        .map(|c| {
            let mut of = vec![0; groups.len()];
            for (p, types) in c.profiles.iter().enumerate() {
                for &t in types {
                    of[t] = p;
                }
            }
            of
        })
        .collect();
    let seats = combinations
        .iter()
        .zip(&profile)
        .map(|(c, of)| {
            let mut s = vec![0i64; c.profiles.len()];
            for (t, &x) in start.iter().enumerate() {
                s[of[t]] += i64::from(x);
            }
            s
        })
        .collect();
    let mut values = vec![0u32; inst.quotas.values.len()];
    for (t, &x) in start.iter().enumerate() {
        for &v in &groups.groups[t].values {
            values[v] += x;
        }
    }
    let mut household = vec![None; groups.len()];
    let mut household_seats = vec![0u32; groups.households.len()];
    for (h, types) in groups.households.iter().enumerate() {
        for &t in types {
            household[t] = Some(h);
            household_seats[h] += start[t];
        }
    }
    let mut search = Search {
        inst,
        groups,
        combinations,
        profile,
        seats,
        values,
        household,
        household_seats,
        x: start,
    };
    while search.single() || search.pair() {}
    search.x
}

/// DIVERSIMAX as a distribution: its one composition with probability 1.
pub fn diversimax(inst: &Instance, backend: Backend) -> Result<Distribution> {
    let groups = Groups::of(inst);
    let counted = combinations(inst, &groups).len();
    match least_spread(inst, &groups, backend)? {
        Some(found) => {
            let mut d = Distribution::new(
                Method::IntegerProgram,
                groups,
                vec![found.composition],
                &[1.0],
            );
            d.diversity = Some(Diversity {
                spread: found.spread,
                bound: found.bound,
                combinations: counted,
            });
            Ok(d)
        }
        None => Err(Error::Infeasible(Box::new(
            crate::select::relaxation::explain_infeasibility(inst, &groups, backend)?,
        ))),
    }
}
