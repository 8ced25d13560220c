//! GOLDILOCKS (Baharav & Flanigan, arXiv 2406.15009): the distribution over panels that
//! minimises (n/k)·max π + γ·(k/n)·max 1/π, where π are the volunteers' selection
//! probabilities, n the pool and k the seats. Both terms are 1 when everyone has the
//! equal chance k/n, so the objective trades a low maximum (no one's chance far above
//! equal) against a high minimum (no one's far below); γ weighs the second. Unlike LEXIMIN
//! and NASH, a volunteer gains little by misreporting a feature (Flanigan, Liang, Procaccia
//! & Wang, AAAI 2024): the maximum chance is kept down too.
//!
//! As with NASH, [`goldilocks`] takes the quota polytope first: its point of least objective
//! (one second-order cone for 1/min π, solved by clarabel) bounds every distribution's, so
//! when the walk writes it as a mix of panels, that mix is optimal. Where the walk fails,
//! column generation from the LEXIMIN panels: the same program over mixes of known panels,
//! its duals pricing the next panel, until none improves. Volunteers on no feasible panel
//! (probability 0 under any algorithm) are left out of the minimum.

use super::distribution::{BesideLeximin, Distribution, Method, Spread};
use super::leximin::{leximin, Depth};
use super::polytope::mix_reaching;
use super::progress::Progress;
use crate::error::Result;
use crate::input::groups::{Composition, Groups};
use crate::input::instance::Instance;
use crate::solve::clarabel::{solve_clarabel_with_reciprocal, ReciprocalBound};
use crate::solve::panel_ilp::{add_panel_rows, best_panel, quota_ranges};
use crate::solve::panel_search::PanelProgram;
use crate::solve::{Backend, Program};

/// γ when the settings name none: the paper's own choice, both terms weighed alike.
pub const DEFAULT_GAMMA: f64 = 1.0;

/// Column generation stops when the best new panel improves the objective's first-order
/// bound by less than this (the objective is about 2).
pub(crate) const GOLDILOCKS_GAP: f64 = 1e-7;

/// Pricing rounds of the column generation at most.
pub(crate) const GOLDILOCKS_ROUNDS: usize = 500;

/// A type counts as on some panel (in the minimum) when LEXIMIN gives it more than this.
const REACHABLE: f64 = 1e-9;

impl Spread {
    /// The spread of `d` over the types `active` marks.
    pub fn of(d: &Distribution, active: &[bool]) -> Spread {
        let ps = (0..d.groups.len())
            .filter(|&t| active[t])
            .map(|t| d.group_probability[t]);
        Spread {
            least: ps.clone().fold(f64::INFINITY, f64::min),
            most: ps.fold(0.0, f64::max),
        }
    }

    /// Goldilocks' objective (n/k)·most + γ·(k/n)/least for `people` volunteers and `seats`.
    pub fn objective(self, people: usize, seats: usize, gamma: f64) -> f64 {
        let ratio = people as f64 / seats as f64;
        ratio * self.most + gamma / (ratio * self.least)
    }
}

/// The types LEXIMIN gives a positive probability: those on some feasible panel.
pub fn reachable(leximin: &Distribution) -> Vec<bool> {
    leximin
        .group_probability
        .iter()
        .map(|&p| p > REACHABLE)
        .collect()
}

/// Computes the Goldilocks distribution with weight `gamma` (> 0) on the minimum.
pub fn goldilocks(
    inst: &Instance,
    gamma: f64,
    backend: Backend,
    progress: &mut dyn Progress,
) -> Result<Distribution> {
    let start = leximin(inst, Depth::Leximin, backend, progress)?;
    let active = reachable(&start);
    let value =
        |d: &Distribution| Spread::of(d, &active).objective(inst.n_candidates(), inst.seats, gamma);
    let leximin = Spread::of(&start, &active);
    let mut found = None;
    if backend == Backend::Pure {
        // The polytope bounds every mix of panels; should rounding put its mix above the
        // LEXIMIN start, the columns take over.
        found = on_polytope(inst, &start.groups, &active, gamma)?
            .filter(|d| value(d) <= value(&start) + GOLDILOCKS_GAP);
    }
    let mut d = match found {
        Some(d) => d,
        None => by_columns(inst, start, &active, gamma, backend, progress)?,
    };
    d.beside_leximin = Some(BesideLeximin {
        algorithm: Spread::of(&d, &active),
        leximin,
    });
    Ok(d)
}

/// The variables of Goldilocks' program besides the probabilities: the largest probability
/// `most`, the smallest `least` and `inverse` ≥ 1/`least`.
struct SpreadVars {
    most: usize,
    least: usize,
    inverse: usize,
}

/// Adds `most`, `least` and `inverse` with their objective terms to `p`.
fn add_spread(p: &mut Program, inst: &Instance, gamma: f64) -> SpreadVars {
    let ratio = inst.n_candidates() as f64 / inst.seats as f64;
    SpreadVars {
        most: p.add_var(0.0, 1.0, false, ratio),
        least: p.add_var(0.0, 1.0, false, 0.0),
        inverse: p.add_var(1.0, f64::INFINITY, false, gamma / ratio),
    }
}

/// Goldilocks' point of the quota polytope, written as a mix of panels by the walk; `None`
/// when the walk does not reach it.
fn on_polytope(
    inst: &Instance,
    groups: &Groups,
    active: &[bool],
    gamma: f64,
) -> Result<Option<Distribution>> {
    let program = PanelProgram::new(inst, groups);
    let n = groups.len();
    let mut base = program.bounds();
    for t in (0..n).filter(|&t| !active[t]) {
        base.upper[t] = 0.0;
    }
    let mut p = Program::default();
    for t in 0..n {
        p.add_var(base.lower[t], base.upper[t], false, 0.0);
    }
    let s = add_spread(&mut p, inst, gamma);
    for t in (0..n).filter(|&t| active[t]) {
        let size = groups.size(t) as f64;
        p.add_row(vec![(t, 1.0), (s.most, -size)], f64::NEG_INFINITY, 0.0);
        p.add_row(vec![(t, 1.0), (s.least, -size)], 0.0, f64::INFINITY);
    }
    add_panel_rows(&mut p, inst, groups, &quota_ranges(inst));
    let reciprocal = ReciprocalBound {
        w: s.inverse,
        v: s.least,
    };
    let Some((x, _)) = solve_clarabel_with_reciprocal(&p, reciprocal)? else {
        return Ok(None);
    };
    Ok(mix_reaching(inst, &program, groups, &base, &x[..n]))
}

/// The best mix of `panels`: their weights, and the price of one seat of each type for the
/// next panel with the bar it must clear (see [`by_columns`]).
struct Master {
    weights: Vec<f64>,
    prices: Vec<f64>,
    bar: f64,
}

/// Goldilocks over mixes of `panels` (the restricted master program).
fn master(
    inst: &Instance,
    groups: &Groups,
    panels: &[Composition],
    active: &[bool],
    gamma: f64,
) -> Result<Option<Master>> {
    let mut p = Program::default();
    for _ in panels {
        p.add_var(0.0, 1.0, false, 0.0);
    }
    let s = add_spread(&mut p, inst, gamma);
    let mut rows = Vec::new();
    for t in (0..groups.len()).filter(|&t| active[t]) {
        let size = groups.size(t) as f64;
        let share: Vec<(usize, f64)> = panels
            .iter()
            .enumerate()
            .filter(|(_, c)| c[t] > 0)
            .map(|(j, c)| (j, c[t] as f64 / size))
            .collect();
        rows.push(t);
        let mut most = share.clone();
        most.push((s.most, -1.0));
        p.add_row(most, f64::NEG_INFINITY, 0.0);
        let mut least = share;
        least.push((s.least, -1.0));
        p.add_row(least, 0.0, f64::INFINITY);
    }
    p.add_row((0..panels.len()).map(|j| (j, 1.0)).collect(), 1.0, 1.0);
    let reciprocal = ReciprocalBound {
        w: s.inverse,
        v: s.least,
    };
    let Some((x, duals)) = solve_clarabel_with_reciprocal(&p, reciprocal)? else {
        return Ok(None);
    };
    // A panel's reduced cost is Σ_t (c_t / size_t)·(dual of t's two rows) + dual of Σ = 1,
    // never negative at the optimum over all panels: a panel improves the mix when its
    // weight at these prices exceeds the bar.
    let mut prices = vec![0.0; groups.len()];
    for (i, &t) in rows.iter().enumerate() {
        prices[t] = -(duals[2 * i] + duals[2 * i + 1]) / groups.size(t) as f64;
    }
    Ok(Some(Master {
        weights: x[..panels.len()].to_vec(),
        prices,
        bar: duals[2 * rows.len()],
    }))
}

/// Goldilocks by column generation from the LEXIMIN distribution `start`.
pub(crate) fn by_columns(
    inst: &Instance,
    start: Distribution,
    active: &[bool],
    gamma: f64,
    backend: Backend,
    progress: &mut dyn Progress,
) -> Result<Distribution> {
    let groups = start.groups.clone();
    let mut panels = start.panels.clone();
    let mut weights = start.probabilities.clone();
    for round in 0..GOLDILOCKS_ROUNDS {
        progress.update(round + 1, 0, groups.len(), panels.len());
        if progress.cancelled() {
            return Err(crate::Error::Cancelled);
        }
        let Some(m) = master(inst, &groups, &panels, active, gamma)? else {
            break;
        };
        weights = m.weights;
        let Some(panel) = best_panel(inst, &groups, &m.prices, None, backend)? else {
            break;
        };
        let gain: f64 = panel
            .iter()
            .zip(&m.prices)
            .map(|(&c, &w)| c as f64 * w)
            .sum();
        if gain <= m.bar + GOLDILOCKS_GAP || panels.contains(&panel) {
            break;
        }
        panels.push(panel);
        weights.push(0.0);
    }
    Ok(Distribution::new(
        Method::ColumnGeneration,
        groups,
        panels,
        &weights,
    ))
}
