//! Maximal randomness (after de Azevedo & Gölz, arXiv 2604.02712): the exact number of panels
//! that meet the quotas and the household rule, and one of them drawn uniformly at random.
//!
//! Panels are counted over *units*: a type of interchangeable volunteers outside households
//! (x of its s members sit on the panel in C(s, x) ways), or a household (none or one of its
//! members). A dynamic program goes through the units in turn, its state the seats so far and
//! the seats of every feature value; the count of a state is the number of ways the units so
//! far reach it. The units are ordered by the feature with the most values, so that once the
//! last unit with some value has passed, that value's seats are checked against its quota and
//! dropped from the state (states that differ only there merge). The number of states is
//! what the count costs; past [`STATE_BUDGET`] it stops with [`Error::OutOfReach`] rather
//! than approximate.
//!
//! Sampling runs the program backwards from its last state: at each unit, the choice and the
//! earlier state are taken with probability proportional to (ways to reach the earlier state)
//! × (ways of the choice), which is exactly uniform over panels; then the members of each type
//! are chosen uniformly among its members.

use crate::error::{Error, Result};
use crate::input::groups::{Composition, Groups};
use crate::input::instance::Instance;
use crate::protocol::rng::SeededRng;
use num_bigint::BigUint;
use std::collections::HashMap;

/// The largest number of partial tallies (states, over all units) the count may hold: about
/// 1 GB at a few hundred bytes a state.
pub const STATE_BUDGET: usize = 3_000_000;

/// A partial tally: the seats so far, then the seats of every feature value still open.
pub(super) type State = Vec<u16>;

/// One step of the program: a unit and its choices.
pub(super) struct Unit {
    /// Per choice: the type whose members take seats, how many, and in how many ways.
    pub(super) choices: Vec<(Option<usize>, u16, BigUint)>,
    /// The values whose last unit this is (checked and closed after it).
    pub(super) closes: Vec<usize>,
}

/// The count and the program's layers, for sampling.
pub struct PanelCount {
    pub(super) groups: Groups,
    pub(super) units: Vec<Unit>,
    /// layers[i]: the states before unit i (layers[units.len()] the last), with their counts.
    pub(super) layers: Vec<HashMap<State, BigUint>>,
    pub(super) bounds: Vec<(u16, u16)>,
    pub(super) seats: u16,
    /// The number of panels.
    pub panels: BigUint,
    /// The states the program held, over all units.
    pub states: usize,
}

fn binomial(n: u32, k: u32) -> BigUint {
    let mut c = BigUint::from(1u32);
    for i in 0..k {
        c = c * BigUint::from(n - i) / BigUint::from(i + 1);
    }
    c
}

impl PanelCount {
    /// Counts the panels of `inst`; [`Error::OutOfReach`] past [`STATE_BUDGET`] states.
    pub fn of(inst: &Instance) -> Result<PanelCount> {
        let groups = Groups::of(inst);
        let n_values = inst.quotas.values.len();
        let seats = inst.seats as u16;
        let bounds: Vec<(u16, u16)> = inst
            .bounds
            .iter()
            .map(|&(l, h)| {
                (
                    l.min(u32::from(seats)) as u16,
                    h.min(u32::from(seats)) as u16,
                )
            })
            .collect();
        // The units: households, then lone types.
        let mut in_household = vec![false; groups.len()];
        let mut units: Vec<(Vec<usize>, bool)> = Vec::new();
        for h in &groups.households {
            for &t in h {
                in_household[t] = true;
            }
            units.push((h.clone(), true));
        }
        for t in (0..groups.len()).filter(|&t| !in_household[t]) {
            units.push((vec![t], false));
        }
        // Ordered by the value of the feature with the most values (its first member's).
        let widest = inst
            .quotas
            .features
            .iter()
            .enumerate()
            .max_by_key(|(i, f)| (f.values.len(), std::cmp::Reverse(*i)))
            .map_or(0, |(i, _)| i);
        units.sort_by_key(|(types, _)| groups.groups[types[0]].values[widest]);
        let mut last_unit = vec![None; n_values];
        for (i, (types, _)) in units.iter().enumerate() {
            for &t in types {
                for &v in &groups.groups[t].values {
                    last_unit[v] = Some(i);
                }
            }
        }
        let units: Vec<Unit> = units
            .iter()
            .enumerate()
            .map(|(i, (types, household))| {
                let mut choices = vec![(None, 0, BigUint::from(1u32))];
                if *household {
                    choices.extend(types.iter().map(|&t| (Some(t), 1, BigUint::from(1u32))));
                } else {
                    let t = types[0];
                    let size = groups.size(t);
                    for x in 1..=size.min(u32::from(seats)) {
                        choices.push((Some(t), x as u16, binomial(size, x)));
                    }
                }
                let closes = (0..n_values).filter(|&v| last_unit[v] == Some(i)).collect();
                Unit { choices, closes }
            })
            .collect();
        // Values no volunteer has are closed before the first unit.
        let never: Vec<usize> = (0..n_values).filter(|&v| last_unit[v].is_none()).collect();
        if never.iter().any(|&v| bounds[v].0 > 0) {
            return Ok(PanelCount::empty(groups, units, bounds, seats));
        }
        // How many seats the units from i on can still give in all and to each value.
        let mut room = vec![vec![0u32; n_values + 1]; units.len() + 1];
        for i in (0..units.len()).rev() {
            let mut here = vec![0u32; n_values + 1];
            for &(t, x, _) in &units[i].choices {
                here[0] = here[0].max(u32::from(x));
                for &v in t.iter().flat_map(|&t| &groups.groups[t].values) {
                    here[1 + v] = here[1 + v].max(u32::from(x));
                }
            }
            room[i] = room[i + 1].iter().zip(&here).map(|(a, b)| a + b).collect();
        }
        let mut layers: Vec<HashMap<State, BigUint>> = Vec::with_capacity(units.len() + 1);
        let mut first = HashMap::new();
        first.insert(vec![0u16; n_values + 1], BigUint::from(1u32));
        layers.push(first);
        let mut states = 1;
        for (i, unit) in units.iter().enumerate() {
            let mut next: HashMap<State, BigUint> = HashMap::new();
            for (state, ways) in &layers[i] {
                for (t, x, w) in &unit.choices {
                    let Some(s) = step(state, *t, *x, &groups, unit, &bounds, seats) else {
                        continue;
                    };
                    if !reachable(&s, &room[i + 1], &bounds, seats) {
                        continue;
                    }
                    *next.entry(s).or_default() += ways * w;
                }
            }
            states += next.len();
            if states > STATE_BUDGET {
                return Err(Error::OutOfReach {
                    states: STATE_BUDGET,
                    unit: i + 1,
                    units: units.len(),
                });
            }
            layers.push(next);
        }
        let mut done = vec![0u16; n_values + 1];
        done[0] = seats;
        let panels = layers[units.len()].get(&done).cloned().unwrap_or_default();
        Ok(PanelCount {
            groups,
            units,
            layers,
            bounds,
            seats,
            panels,
            states,
        })
    }

    fn empty(groups: Groups, units: Vec<Unit>, bounds: Vec<(u16, u16)>, seats: u16) -> PanelCount {
        PanelCount {
            groups,
            units,
            layers: Vec::new(),
            bounds,
            seats,
            panels: BigUint::default(),
            states: 0,
        }
    }

    /// One panel drawn uniformly at random among all that meet the quotas (as a
    /// composition over the groups, and then as candidates, ascending); `None` when there
    /// is none.
    pub fn sample(&self, rng: &mut SeededRng) -> Option<(Composition, Vec<usize>)> {
        if self.panels == BigUint::default() {
            return None;
        }
        let n_values = self.bounds.len();
        let mut state = vec![0u16; n_values + 1];
        state[0] = self.seats;
        let mut composition = vec![0u32; self.groups.len()];
        for i in (0..self.units.len()).rev() {
            let unit = &self.units[i];
            // The closed values' seats are not in the state: every count in their range.
            let mut options: Vec<(State, Option<usize>, u16, BigUint)> = Vec::new();
            for opened in open_assignments(&state, &unit.closes, &self.bounds) {
                for (t, x, w) in &unit.choices {
                    let Some(before) = unstep(&opened, *t, *x, &self.groups) else {
                        continue;
                    };
                    if let Some(ways) = self.layers[i].get(&before) {
                        options.push((before, *t, *x, ways * w));
                    }
                }
            }
            let total: BigUint = options.iter().map(|o| &o.3).sum();
            let mut pick = below(rng, &total);
            let (before, t, x, _) = options
                .into_iter()
                .find(|o| {
                    if pick < o.3 {
                        true
                    } else {
                        pick -= &o.3;
                        false
                    }
                })
                .expect("the weights add up to the total");
            if let Some(t) = t {
                composition[t] += u32::from(x);
            }
            state = before;
        }
        let members = members_of(&self.groups, &composition, rng);
        Some((composition, members))
    }
}

/// The members who take a composition's seats, chosen uniformly at random within each type
/// (as candidates, ascending).
pub(super) fn members_of(groups: &Groups, composition: &[u32], rng: &mut SeededRng) -> Vec<usize> {
    let mut members = Vec::new();
    for (t, &c) in composition.iter().enumerate() {
        let mut all = groups.groups[t].members.clone();
        rng.shuffle(&mut all);
        members.extend_from_slice(&all[..c as usize]);
    }
    members.sort_unstable();
    members
}

/// The state after giving `x` seats to type `t` (and closing the unit's values), or `None`
/// when a quota's maximum, a closed value's minimum or the seats are overrun.
pub(super) fn step(
    state: &State,
    t: Option<usize>,
    x: u16,
    groups: &Groups,
    unit: &Unit,
    bounds: &[(u16, u16)],
    seats: u16,
) -> Option<State> {
    let mut s = state.clone();
    if let Some(t) = t {
        s[0] += x;
        if s[0] > seats {
            return None;
        }
        for &v in &groups.groups[t].values {
            s[1 + v] += x;
            if s[1 + v] > bounds[v].1 {
                return None;
            }
        }
    }
    for &v in &unit.closes {
        if s[1 + v] < bounds[v].0 {
            return None;
        }
        s[1 + v] = 0;
    }
    Some(s)
}

/// Whether the units still to come (which can give `room`) can bring the seats and every
/// open value up to their minimum (a value without room is closed, its minimum checked).
fn reachable(s: &State, room: &[u32], bounds: &[(u16, u16)], seats: u16) -> bool {
    u32::from(s[0]) + room[0] >= u32::from(seats)
        && (0..bounds.len()).all(|v| {
            room[1 + v] == 0 || u32::from(s[1 + v]) + room[1 + v] >= u32::from(bounds[v].0)
        })
}

/// Every state before closing `closes`: their seats set to each count in their range.
pub(super) fn open_assignments(
    state: &State,
    closes: &[usize],
    bounds: &[(u16, u16)],
) -> Vec<State> {
    let mut out = vec![state.clone()];
    for &v in closes {
        out = out
            .into_iter()
            .flat_map(|s| {
                (bounds[v].0..=bounds[v].1).map(move |c| {
                    let mut s = s.clone();
                    s[1 + v] = c;
                    s
                })
            })
            .collect();
    }
    out
}

/// The state before giving `x` seats to type `t`, or `None` if it would be negative.
pub(super) fn unstep(state: &State, t: Option<usize>, x: u16, groups: &Groups) -> Option<State> {
    let mut s = state.clone();
    if let Some(t) = t {
        s[0] = s[0].checked_sub(x)?;
        for &v in &groups.groups[t].values {
            s[1 + v] = s[1 + v].checked_sub(x)?;
        }
    }
    Some(s)
}

/// A uniform integer in `0..n` (n > 0) by rejection over whole 64-bit words.
fn below(rng: &mut SeededRng, n: &BigUint) -> BigUint {
    let bits = n.bits();
    let words = bits.div_ceil(64) as usize;
    let spare = (words as u64) * 64 - bits;
    loop {
        let mut digits: Vec<u64> = (0..words).map(|_| rng.next_u64()).collect();
        if let Some(top) = digits.last_mut() {
            *top >>= spare;
        }
        let x = BigUint::from_slice(
            &digits
                .iter()
                .flat_map(|d| [*d as u32, (*d >> 32) as u32])
                .collect::<Vec<u32>>(),
        );
        if &x < n {
            return x;
        }
    }
}
