//! LEXIMIN (Flanigan, Gölz, Gupta, Hennig & Procaccia, Nature 596, 2021), MAXIMIN (its first
//! stage), by column generation over panels, on types (see [`crate::types`]).
//!
//! Stage by stage, for the types whose probability is not yet fixed, find the largest `z` such
//! that some distribution over panels gives each of them at least `z` and each fixed type its
//! fixed probability. The stage LP is solved in its dual form over the panels found so far:
//!
//! ```text
//! minimise ŷ − Σ_fixed p_t·y_t   subject to   Σ_t y_t·c_Pt/n_t ≤ ŷ  for every known panel P,
//!                                             Σ_unfixed y_t = 1,   y ≥ 0
//! ```
//!
//! (c_Pt = members of type t on P, n_t = type size). Pricing asks the panel ILP for the panel
//! of largest weight Σ_t y_t·c_t/n_t; if it beats ŷ it is added and the LP solved again. When
//! no panel beats ŷ, the stage optimum is the objective, and every unfixed type with a positive
//! dual weight y_t is tight in every optimal distribution (complementary slackness), so its
//! probability is fixed. The dual is solved by clarabel's interior-point method, which ends near
//! the analytic centre of the optimal face: that "central" dual is positive on every type that
//! is tight in all optima, so one stage fixes as many types as possible (a simplex vertex would
//! mark few and multiply the stages). A final LP finds panel probabilities meeting every fixed
//! value.

use super::distribution::Distribution;
use crate::error::{Error, Result};
use crate::instance::Instance;
use crate::panel_ilp::{best_panel, composition_violations};
use crate::relax::explain_infeasibility;
use crate::solver::{Backend, Outcome, Program};
use crate::types::{Composition, Types};
use std::collections::HashSet;

/// A panel beats the dual bound ŷ when its weight exceeds ŷ·(1 + PRICING_TOLERANCE). Each
/// stage's value is then within that relative factor of the optimum: well below the 1e-4
/// agreement required with the reference, and above the LP solver's own 1e-9 accuracy.
pub const PRICING_TOLERANCE: f64 = 1e-7;

/// A type is tight when its dual weight exceeds this fraction of the largest dual weight of the
/// stage. Zero weights come back from the interior-point solver at 1e-11 to 1e-5 of the largest
/// (measured on the shared instances: the worst was 5.8e-6), positive ones within a factor of a
/// few tens of the largest; 1e-3 sits between the two with room on both sides.
pub const TIGHT_DUAL_RATIO: f64 = 1e-3;

/// What a long solve reports as it goes.
pub trait Progress {
    /// Called after every pricing round: the stage (from 1), types fixed so far, all types,
    /// and panels found so far.
    fn update(&mut self, _stage: usize, _fixed: usize, _types: usize, _panels: usize) {}
}

/// A progress sink that ignores everything.
pub struct Silent;
impl Progress for Silent {}

/// How far the stages go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// All stages: LEXIMIN.
    Leximin,
    /// The first stage only: MAXIMIN.
    Maximin,
}

/// The result of the column generation: the panels found and each type's fixed probability.
pub struct Stages {
    /// The candidate types.
    pub types: Types,
    /// Every panel found.
    pub panels: Vec<Composition>,
    /// The fixed probability of each type.
    pub fixed: Vec<f64>,
}

/// Computes the LEXIMIN (or MAXIMIN) distribution.
pub fn leximin(
    inst: &Instance,
    depth: Depth,
    backend: Backend,
    progress: &mut dyn Progress,
) -> Result<Distribution> {
    let stages = solve_stages(inst, depth, backend, progress)?;
    final_distribution(stages, backend)
}

struct Panels {
    list: Vec<Composition>,
    seen: HashSet<Composition>,
}

impl Panels {
    fn add(&mut self, c: Composition) -> bool {
        if self.seen.insert(c.clone()) {
            self.list.push(c);
            true
        } else {
            false
        }
    }
}

/// Runs the stages and returns the fixed probabilities.
pub fn solve_stages(
    inst: &Instance,
    depth: Depth,
    backend: Backend,
    progress: &mut dyn Progress,
) -> Result<Stages> {
    let types = Types::of(inst);
    let n = types.len();
    let mut panels = Panels {
        list: Vec::new(),
        seen: HashSet::new(),
    };
    // Initial panels: cover every type that is in some feasible panel.
    let mut covered = vec![false; n];
    let mut in_no_panel = vec![false; n];
    loop {
        let w: Vec<f64> = covered.iter().map(|&c| if c { 0.0 } else { 1.0 }).collect();
        let Some(p) = best_panel(inst, &types, &w, None, backend)? else {
            let why = explain_infeasibility(inst, &types, backend)?;
            return Err(Error::Infeasible(Box::new(why)));
        };
        let new = (0..n).filter(|&t| p[t] > 0 && !covered[t]).count();
        for t in 0..n {
            covered[t] |= p[t] > 0;
        }
        panels.add(p);
        if new == 0 {
            break;
        }
    }
    for t in 0..n {
        if covered[t] || in_no_panel[t] {
            continue;
        }
        match best_panel(inst, &types, &vec![0.0; n], Some(t), backend)? {
            Some(p) => {
                for u in 0..n {
                    covered[u] |= p[u] > 0;
                }
                panels.add(p);
            }
            None => in_no_panel[t] = true,
        }
    }
    let mut fixed: Vec<Option<f64>> = in_no_panel.iter().map(|&z| z.then_some(0.0)).collect();
    let mut stage = 0;
    while fixed.iter().any(Option::is_none) {
        stage += 1;
        let (y, y_hat, value) = loop {
            let (y, y_hat, value) = solve_dual(&types, &panels.list, &fixed, backend)?;
            let w: Vec<f64> = (0..n).map(|t| y[t] / types.size(t) as f64).collect();
            let best = best_panel(inst, &types, &w, None, backend)?.expect("a panel exists");
            let weight: f64 = best.iter().zip(&w).map(|(&c, w)| c as f64 * w).sum();
            let n_fixed = fixed.iter().filter(|f| f.is_some()).count();
            progress.update(stage, n_fixed, n, panels.list.len());
            let bar = y_hat * (1.0 + PRICING_TOLERANCE) + 1e-12;
            if weight > bar {
                let extra = improving_swaps(inst, &types, &best, &w, bar, EXTRA_PANELS);
                let mut added = panels.add(best);
                for e in extra {
                    added |= panels.add(e);
                }
                if added {
                    continue;
                }
            }
            break (y, y_hat, value);
        };
        let _ = y_hat;
        let z = value.max(0.0);
        let unfixed: Vec<usize> = (0..n).filter(|&t| fixed[t].is_none()).collect();
        if depth == Depth::Maximin {
            for &t in &unfixed {
                fixed[t] = Some(z);
            }
            break;
        }
        let y_max = unfixed.iter().map(|&t| y[t]).fold(0.0, f64::max);
        let mut tight: Vec<usize> = unfixed
            .iter()
            .copied()
            .filter(|&t| y[t] > TIGHT_DUAL_RATIO * y_max)
            .collect();
        if tight.is_empty() {
            let top = unfixed
                .iter()
                .copied()
                .max_by(|&a, &b| y[a].total_cmp(&y[b]))
                .expect("unfixed is not empty");
            tight.push(top);
        }
        for t in tight {
            fixed[t] = Some(z.min(1.0));
        }
    }
    debug_assert!(panels
        .list
        .iter()
        .all(|p| composition_violations(inst, &types, p).is_empty()));
    Ok(Stages {
        types,
        panels: panels.list,
        fixed: fixed.into_iter().map(|f| f.unwrap_or(0.0)).collect(),
    })
}

/// How many further improving panels a pricing round adds beside the ILP's best: panels one
/// swap (one seat moved from one type to another) away from it that still beat the dual bound.
/// Each LP solve is far dearer than these few checks, so adding several columns per round
/// cuts the number of LP solves.
pub const EXTRA_PANELS: usize = 5;

/// Up to `limit` panels, one swap away from `panel`, whose weight exceeds `bar`; heaviest first.
fn improving_swaps(
    inst: &Instance,
    types: &Types,
    panel: &Composition,
    w: &[f64],
    bar: f64,
    limit: usize,
) -> Vec<Composition> {
    let n = types.len();
    let mut count = vec![0u32; inst.bounds.len()];
    for (t, &c) in panel.iter().enumerate() {
        for &v in &types.types[t].values {
            count[v] += c;
        }
    }
    let weight: f64 = panel.iter().zip(w).map(|(&c, w)| c as f64 * w).sum();
    let in_household: HashSet<usize> = types.households.iter().flatten().copied().collect();
    let mut found: Vec<(f64, usize, usize)> = Vec::new();
    for a in (0..n).filter(|&a| panel[a] > 0) {
        for b in 0..n {
            if b == a || panel[b] >= types.size(b) || in_household.contains(&b) {
                continue;
            }
            let new_weight = weight - w[a] + w[b];
            if new_weight <= bar {
                continue;
            }
            let (va, vb) = (&types.types[a].values, &types.types[b].values);
            let ok = va.iter().zip(vb).all(|(&x, &y)| {
                x == y || (count[x] > inst.bounds[x].0 && count[y] < inst.bounds[y].1)
            });
            if ok {
                found.push((new_weight, a, b));
            }
        }
    }
    found.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    found
        .into_iter()
        .take(limit)
        .map(|(_, a, b)| {
            let mut p = panel.clone();
            p[a] -= 1;
            p[b] += 1;
            p
        })
        .collect()
}

/// Upper bound on every dual weight (the unfixed ones sum to 1), see [`solve_dual`].
pub const DUAL_CAP: f64 = 100.0;

/// Solves the stage dual over the known panels: returns (y per type, ŷ, objective).
fn solve_dual(
    types: &Types,
    panels: &[Composition],
    fixed: &[Option<f64>],
    backend: Backend,
) -> Result<(Vec<f64>, f64, f64)> {
    let n = types.len();
    let mut p = Program::default();
    for f in fixed {
        // y_t for each type. The weights of fixed types can have an unbounded optimal face,
        // which interior-point methods handle badly; a generous cap keeps an optimum inside.
        let cost = -f.unwrap_or(0.0);
        p.add_var(0.0, DUAL_CAP, false, cost);
    }
    let y_hat = p.add_var(f64::NEG_INFINITY, f64::INFINITY, false, 1.0);
    for panel in panels {
        let mut coefs: Vec<(usize, f64)> = panel
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c > 0)
            .map(|(t, &c)| (t, c as f64 / types.size(t) as f64))
            .collect();
        coefs.push((y_hat, -1.0));
        p.add_row(coefs, f64::NEG_INFINITY, 0.0);
    }
    let unfixed: Vec<(usize, f64)> = (0..n)
        .filter(|&t| fixed[t].is_none())
        .map(|t| (t, 1.0))
        .collect();
    p.add_row(unfixed, 1.0, 1.0);
    let Outcome::Optimal(x) = p.solve(backend)? else {
        return Err(Error::Solver {
            solver: "LP",
            message: "the LEXIMIN stage dual has no solution".into(),
        });
    };
    let objective: f64 = x.iter().zip(&p.objective).map(|(a, b)| a * b).sum();
    Ok((
        x[..n].iter().map(|v| v.max(0.0)).collect(),
        x[y_hat],
        objective,
    ))
}

/// Finds panel probabilities that give every type at least its fixed probability, as nearly
/// as the solver allows: minimise ε subject to Σλ = 1, λ ≥ 0, prob_t + ε ≥ fixed_t.
pub fn final_distribution(stages: Stages, backend: Backend) -> Result<Distribution> {
    let Stages {
        types,
        panels,
        fixed,
    } = stages;
    let mut p = Program::default();
    let lambdas: Vec<usize> = panels
        .iter()
        .map(|_| p.add_var(0.0, f64::INFINITY, false, 0.0))
        .collect();
    let eps = p.add_var(f64::NEG_INFINITY, f64::INFINITY, false, 1.0);
    p.add_row(lambdas.iter().map(|&l| (l, 1.0)).collect(), 1.0, 1.0);
    let mut rows: Vec<Vec<(usize, f64)>> = vec![Vec::new(); types.len()];
    for (i, panel) in panels.iter().enumerate() {
        for (t, &c) in panel.iter().enumerate() {
            if c > 0 {
                rows[t].push((lambdas[i], c as f64 / types.size(t) as f64));
            }
        }
    }
    for (t, mut coefs) in rows.into_iter().enumerate() {
        if fixed[t] > 0.0 {
            coefs.push((eps, 1.0));
            p.add_row(coefs, fixed[t], f64::INFINITY);
        }
    }
    let Outcome::Optimal(x) = p.solve(backend)? else {
        return Err(Error::Solver {
            solver: "LP",
            message: "no distribution meets the LEXIMIN probabilities".into(),
        });
    };
    Ok(Distribution::new(types, panels, &x[..lambdas.len()]))
}
