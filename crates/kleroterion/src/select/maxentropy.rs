//! The maximum-entropy lottery with given selection probabilities (de Azevedo & Gölz, arXiv
//! 2604.02712): of all distributions over the panels that meet the quotas whose chances are
//! a given algorithm's (LEXIMIN's by default), the one of largest entropy — the same fairness,
//! spread over as many panels as possible instead of LEXIMIN's hundred or so.
//!
//! The optimum has product form: P(panel) ∝ Π over its members of w(type), with one weight
//! per type of interchangeable volunteers. The weights are fitted by iterative scaling
//! (w ← w · target / current chance, until every chance is within [`MAXENTROPY_TOLERANCE`]
//! of its target), each round's chances computed exactly by the panel count's dynamic program
//! ([`super::uniform`]) run forwards and backwards with the weights, in logarithms. A type
//! with target 0 never sits, one with target 1 always. Drawing runs the program backwards
//! as for UNIFORM, with the weights. Where the count is out of reach, so is this.

use super::uniform::{members_of, open_assignments, step, unstep, PanelCount, State};
use crate::error::{Error, Result};
use crate::input::instance::Instance;
use crate::protocol::rng::SeededRng;
use std::collections::HashMap;

/// Every type's chance within this of its target.
pub const MAXENTROPY_TOLERANCE: f64 = 1e-5;

/// Scaling rounds at most.
pub const MAXENTROPY_ROUNDS: usize = 20_000;

/// A target this close to 0 or 1 is held there exactly (the weight would grow without end).
const CERTAIN: f64 = 1e-9;

/// The fitted distribution.
pub struct MaxEntropy {
    count: PanelCount,
    /// ln w per type (−∞: never sits; +∞ is not used, see `forced`).
    log_weight: Vec<f64>,
    /// Types whose target is 1: every member always sits.
    forced: Vec<bool>,
    /// ln of the forward sums per layer.
    forward: Vec<HashMap<State, f64>>,
    /// Each type's chance under the fitted weights.
    pub chance: Vec<f64>,
    /// The largest |chance − target|.
    pub gap: f64,
    /// The distribution's entropy, in nats (ln of the number of panels for UNIFORM).
    pub entropy: f64,
    /// The scaling rounds taken.
    pub rounds: usize,
}

fn log_add(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let m = a.max(b);
    m + ((a - m).exp() + (b - m).exp()).ln()
}

fn log_binomial(n: u32, k: u32) -> f64 {
    (0..k)
        .map(|i| f64::from(n - i).ln() - f64::from(i + 1).ln())
        .sum()
}

impl MaxEntropy {
    /// Fits the distribution whose chance of a member of type `t` is `target[t]` (per type of
    /// [`crate::input::groups::Groups::of`]). Fails where the count is out of reach or the
    /// scaling does not come within the tolerance.
    pub fn fit(inst: &Instance, target: &[f64]) -> Result<MaxEntropy> {
        let count = PanelCount::of(inst)?;
        let n = count.groups.len();
        let mut me = MaxEntropy {
            log_weight: (0..n)
                .map(|t| {
                    if target[t] <= CERTAIN {
                        f64::NEG_INFINITY
                    } else {
                        0.0
                    }
                })
                .collect(),
            forced: (0..n).map(|t| target[t] >= 1.0 - CERTAIN).collect(),
            count,
            forward: Vec::new(),
            chance: vec![0.0; n],
            gap: f64::INFINITY,
            entropy: 0.0,
            rounds: 0,
        };
        if me.count.layers.is_empty() {
            return Err(Error::NoDistribution);
        }
        while me.rounds < MAXENTROPY_ROUNDS {
            me.rounds += 1;
            let (expected, log_z) = me.expectations();
            me.chance = (0..n)
                .map(|t| expected[t] / f64::from(me.count.groups.size(t)))
                .collect();
            me.gap = (0..n)
                .map(|t| (me.chance[t] - target[t]).abs())
                .fold(0.0, f64::max);
            let mean_log: f64 = (0..n)
                .filter(|&t| me.log_weight[t].is_finite())
                .map(|t| me.log_weight[t] * expected[t])
                .sum();
            me.entropy = log_z - mean_log;
            if me.gap <= MAXENTROPY_TOLERANCE {
                return Ok(me);
            }
            for (t, &goal) in target.iter().enumerate().take(n) {
                if me.log_weight[t].is_finite() && !me.forced[t] && me.chance[t] > 0.0 {
                    me.log_weight[t] += (goal / me.chance[t]).ln();
                }
            }
        }
        Err(Error::Solver {
            solver: "maximum entropy",
            message: format!(
                "the chances came within {:.1e} of their targets in {MAXENTROPY_ROUNDS} rounds, not {MAXENTROPY_TOLERANCE:e}",
                me.gap
            ),
        })
    }

    /// ln of the weight of `x` seats of type `t` (all ways of choosing its members).
    fn log_choice(&self, t: Option<usize>, x: u16) -> f64 {
        let Some(t) = t else {
            return 0.0;
        };
        let size = self.count.groups.size(t);
        if self.forced[t] && u32::from(x) != size.min(u32::from(self.count.seats)) {
            return f64::NEG_INFINITY;
        }
        if x > 0 && self.log_weight[t] == f64::NEG_INFINITY {
            return f64::NEG_INFINITY;
        }
        let w = if self.log_weight[t].is_finite() {
            self.log_weight[t]
        } else {
            0.0
        };
        log_binomial(size, u32::from(x)) + w * f64::from(x)
    }

    /// Forward and backward passes: every type's expected seats, and ln Z. Keeps the
    /// forward sums for drawing.
    fn expectations(&mut self) -> (Vec<f64>, f64) {
        let c = &self.count;
        let units = c.units.len();
        let mut forward: Vec<HashMap<State, f64>> = Vec::with_capacity(units + 1);
        forward.push(c.layers[0].keys().map(|s| (s.clone(), 0.0)).collect());
        for i in 0..units {
            let unit = &c.units[i];
            let mut next: HashMap<State, f64> = HashMap::new();
            for (state, &f) in &forward[i] {
                if f == f64::NEG_INFINITY {
                    continue;
                }
                for &(t, x, _) in &unit.choices {
                    let lw = self.log_choice(t, x);
                    if lw == f64::NEG_INFINITY {
                        continue;
                    }
                    let Some(s) = step(state, t, x, &c.groups, unit, &c.bounds, c.seats) else {
                        continue;
                    };
                    if !c.layers[i + 1].contains_key(&s) {
                        continue;
                    }
                    let e = next.entry(s).or_insert(f64::NEG_INFINITY);
                    *e = log_add(*e, f + lw);
                }
            }
            forward.push(next);
        }
        let mut done = vec![0u16; c.bounds.len() + 1];
        done[0] = c.seats;
        let log_z = forward[units]
            .get(&done)
            .copied()
            .unwrap_or(f64::NEG_INFINITY);
        // Backward: ln of the weight of completing from each state.
        let mut backward: HashMap<State, f64> = HashMap::from([(done, 0.0)]);
        let mut expected = vec![0.0; c.groups.len()];
        for i in (0..units).rev() {
            let unit = &c.units[i];
            let mut before: HashMap<State, f64> = HashMap::new();
            for (state, &f) in &forward[i] {
                let mut b = f64::NEG_INFINITY;
                for &(t, x, _) in &unit.choices {
                    let lw = self.log_choice(t, x);
                    if lw == f64::NEG_INFINITY {
                        continue;
                    }
                    let Some(s) = step(state, t, x, &c.groups, unit, &c.bounds, c.seats) else {
                        continue;
                    };
                    let Some(&after) = backward.get(&s) else {
                        continue;
                    };
                    b = log_add(b, lw + after);
                    if let Some(t) = t {
                        expected[t] += f64::from(x) * (f + lw + after - log_z).exp();
                    }
                }
                if b > f64::NEG_INFINITY {
                    before.insert(state.clone(), b);
                }
            }
            backward = before;
        }
        self.forward = forward;
        (expected, log_z)
    }

    /// One panel drawn from the fitted distribution (candidates, ascending).
    pub fn sample(&self, rng: &mut SeededRng) -> Option<Vec<usize>> {
        let c = &self.count;
        let mut state = vec![0u16; c.bounds.len() + 1];
        state[0] = c.seats;
        let mut composition = vec![0u32; c.groups.len()];
        for i in (0..c.units.len()).rev() {
            let unit = &c.units[i];
            let mut options: Vec<(State, Option<usize>, u16, f64)> = Vec::new();
            for opened in open_assignments(&state, &unit.closes, &c.bounds) {
                for &(t, x, _) in &unit.choices {
                    let lw = self.log_choice(t, x);
                    if lw == f64::NEG_INFINITY {
                        continue;
                    }
                    let Some(before) = unstep(&opened, t, x, &c.groups) else {
                        continue;
                    };
                    if let Some(&f) = self.forward[i].get(&before) {
                        if f > f64::NEG_INFINITY {
                            options.push((before, t, x, f + lw));
                        }
                    }
                }
            }
            let top = options
                .iter()
                .map(|o| o.3)
                .fold(f64::NEG_INFINITY, f64::max);
            let weights: Vec<f64> = options.iter().map(|o| (o.3 - top).exp()).collect();
            let total: f64 = weights.iter().sum();
            // A uniform number in [0, total) from 53 random bits.
            let mut pick = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
            let mut chosen = options.len() - 1;
            for (k, w) in weights.iter().enumerate() {
                if pick < *w {
                    chosen = k;
                    break;
                }
                pick -= w;
            }
            let (before, t, x, _) = options.swap_remove(chosen);
            if let Some(t) = t {
                composition[t] += u32::from(x);
            }
            state = before;
        }
        Some(members_of(&c.groups, &composition, rng))
    }
}
