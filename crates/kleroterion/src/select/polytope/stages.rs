//! The LEXIMIN stages over the quota polytope, each a single LP on clarabel's interior-point
//! method, which does not stall where a simplex's tolerances decide feasibility.
//!
//! A stage maximises t, the probability every unfixed type gets at least, with the fixed
//! types held at their values:
//!
//! ```text
//! maximise t   subject to   x in the quota polytope,   x_u / n_u ≥ t   (u unfixed),
//!                           x_u / n_u ≥ p_u   (u fixed)
//! ```
//!
//! (x_u = expected seats of type u, n_u its size). The types tight in *every* optimum are
//! those with a positive dual on their row in some optimal dual (Goldman–Tucker), and an
//! interior-point method ends near the centre of the optimal face, where the duals of those
//! rows are positive and their slacks zero, and the other way round for the rest. So a type
//! is fixed when its dual exceeds its slack and its slack is below [`TIGHT_CHECK`]; a type
//! tight in every optimum that this misses is fixed by the next stage, at the same value. The
//! type of largest dual is tight whatever the rest shows (its dual is at least 1/#unfixed,
//! far above rounding), so every stage fixes at least one type and the stages end.
//!
//! The caller runs these stages where the bisection on the dual simplex stalls. Where the LP
//! is not solved to the accuracy they need (a stage's value below the last one's, or no
//! optimum), they return `None` and column generation takes over. docs/PERFORMANCE.md has the
//! measurements.

use super::{floors, Target};
use crate::error::Result;
use crate::input::groups::Groups;
use crate::input::instance::Instance;
use crate::select::progress::Progress;
use crate::solve::clarabel::solve_clarabel_with_duals;
use crate::solve::panel_ilp::quota_ranges;
use crate::solve::panel_search::VariableBounds;
use crate::solve::panel_search::{PanelProgram, Relaxed};
use crate::solve::Program;

/// The duality gap and feasibility tolerance of the stage LPs on clarabel, tried in turn until
/// one gives an optimum. Tighter than the default LP tolerance: every stage's value is fixed
/// from it, and the tight types are told by slacks compared with [`TIGHT_CHECK`].
pub(crate) const STAGE_TOLERANCES: [f64; 3] = [1e-10, 1e-9, 1e-8];

/// The most seats a row holding fixed types may miss its bounds by (see [`StageLp::solve`]).
pub(crate) const MAX_ELASTIC: f64 = 1e-4;

/// The price of one seat off a row's bounds, against 1 for the stage's value.
pub(crate) const ELASTIC_PRICE: f64 = 1e4;

/// Types are fixed this far below their stage's value, so that the LP's own error (about
/// [`STAGE_TOLERANCES`]) does not leave a later stage's start out of reach.
pub(crate) const FIX_MARGIN: f64 = 1e-9;

/// A type whose dual exceeds its slack counts as tight only when its slack (probability
/// above the stage's value) is at most this.
pub(crate) const TIGHT_CHECK: f64 = 1e-7;

/// A stage value within this of 1 gives every unfixed type probability 1.
pub(crate) const CERTAIN: f64 = 1e-7;

/// A stage value this near 1 is checked by a simplex: can every unfixed type have
/// probability 1?
pub(crate) const NEAR_CERTAIN: f64 = 1e-4;

/// The simplex's feasibility tolerance (on counts) in that check.
pub(crate) const CERTAIN_CHECK_TOLERANCE: f64 = 1e-9;

/// How far a stage's value may fall below the last one's before the stages are deemed
/// inaccurate (two LP tolerances and the fixing margin).
pub(crate) const MONOTONE_SLACK: f64 = 1e-8;

/// A stage's value and, per unfixed type, (type, dual, slack).
type StageOptimum = (f64, Vec<(usize, f64, f64)>);

/// The quota polytope with the floors of a stage.
struct StageLp<'a> {
    inst: &'a Instance,
    groups: &'a Groups,
    /// The polytope's bounds (groups on no panel may be held at 0).
    base: &'a VariableBounds,
}

impl StageLp<'_> {
    /// The stage's value and, per unfixed type, its dual and its slack (probability above the
    /// value); `None` when the fixed probabilities leave no room.
    ///
    /// A fixed type is at its value in every point of every later stage (it was tight in
    /// every optimum of its own), so its count is a constant, taken out of the rows: with
    /// floors instead, the polytope would be thin in those directions, which an
    /// interior-point method solves only to about 1e-7.
    fn solve(&self, fixed: &[Option<f64>]) -> Result<Option<StageOptimum>> {
        let groups = self.groups;
        let mut p = Program::default();
        let mut var = vec![None; groups.len()];
        let mut count = vec![0.0; groups.len()];
        for (u, f) in fixed.iter().enumerate() {
            let size = groups.size(u) as f64;
            match f {
                Some(v) => count[u] = (v * size).clamp(self.base.lower[u], self.base.upper[u]),
                None => {
                    var[u] = Some(p.add_var(self.base.lower[u], self.base.upper[u], false, 0.0))
                }
            }
        }
        let t = p.add_var(0.0, 1.0, false, -1.0);
        // The fixed counts come from LPs solved to a tolerance, and where quotas are exact
        // (min = max) the free types cannot absorb even that error: each row with fixed types
        // may miss its bounds by `elastic` seats, at a price far above what the seats are
        // worth to t.
        let any_fixed = var.iter().any(Option::is_none);
        let elastic = any_fixed.then(|| p.add_var(0.0, MAX_ELASTIC, false, ELASTIC_PRICE));
        let mut row = |members: &mut dyn Iterator<Item = usize>, lower: f64, upper: f64| {
            let mut constant = 0.0;
            let mut coefs = Vec::new();
            let mut with_fixed = false;
            for u in members {
                match var[u] {
                    Some(x) => coefs.push((x, 1.0)),
                    None => {
                        constant += count[u];
                        with_fixed = true;
                    }
                }
            }
            match elastic.filter(|_| with_fixed && !coefs.is_empty()) {
                Some(e) => {
                    if lower.is_finite() {
                        let mut c = coefs.clone();
                        c.push((e, 1.0));
                        p.add_row(c, lower - constant, f64::INFINITY);
                    }
                    if upper.is_finite() {
                        coefs.push((e, -1.0));
                        p.add_row(coefs, f64::NEG_INFINITY, upper - constant);
                    }
                }
                None if !coefs.is_empty() => p.add_row(coefs, lower - constant, upper - constant),
                None => {}
            }
        };
        let seats = self.inst.seats as f64;
        row(&mut (0..groups.len()), seats, seats);
        let mut by_value: Vec<Vec<usize>> = vec![Vec::new(); self.inst.quotas.values.len()];
        for (u, g) in groups.groups.iter().enumerate() {
            for &v in &g.values {
                by_value[v].push(u);
            }
        }
        for (members, &(lo, hi)) in by_value.iter().zip(&quota_ranges(self.inst)) {
            row(&mut members.iter().copied(), lo, hi);
        }
        for h in &groups.households {
            row(&mut h.iter().copied(), f64::NEG_INFINITY, 1.0);
        }
        let first_row = p.rows.len();
        let unfixed: Vec<usize> = (0..fixed.len()).filter(|&u| fixed[u].is_none()).collect();
        for &u in &unfixed {
            let x = var[u].expect("unfixed types are variables");
            p.add_row(
                vec![(x, 1.0 / groups.size(u) as f64), (t, -1.0)],
                0.0,
                f64::INFINITY,
            );
        }
        let mut solved = Ok(None);
        for tolerance in STAGE_TOLERANCES {
            p.tolerance = Some(tolerance);
            solved = solve_clarabel_with_duals(&p);
            if matches!(solved, Ok(Some(_))) {
                break;
            }
        }
        let Some((x, duals)) = solved? else {
            return Ok(None);
        };
        let value = x[t];
        let rows = unfixed
            .iter()
            .enumerate()
            .map(|(i, &u)| {
                let share = x[var[u].expect("a variable")] / groups.size(u) as f64;
                (u, -duals[first_row + i], share - value)
            })
            .collect();
        Ok(Some((value, rows)))
    }
}

/// The polytope's LEXIMIN point; `None` if a stage's LP finds its floors out of reach.
pub(super) fn leximin_point(
    program: &PanelProgram,
    inst: &Instance,
    groups: &Groups,
    base: &VariableBounds,
    progress: &mut dyn Progress,
) -> Result<Option<Target>> {
    let n = groups.len();
    let lp = StageLp { inst, groups, base };
    // Groups left out of the polytope have probability 0.
    let mut fixed: Vec<Option<f64>> = (0..n)
        .map(|t| (base.upper[t] <= 0.0).then_some(0.0))
        .collect();
    let mut stages = 0;
    let mut last_value = 0.0;
    while fixed.iter().any(Option::is_none) {
        stages += 1;
        progress.update(stages, fixed.iter().flatten().count(), n, 0);
        if progress.cancelled() {
            return Err(crate::Error::Cancelled);
        }
        let Some((value, rows)) = lp.solve(&fixed)? else {
            return Ok(None);
        };
        // Each stage's value is at least the last one's; where the LP says less, it has not
        // solved to the accuracy the stages need (measured on c-1200-100: 1.7e-6 less at the
        // second stage), and column generation must answer instead.
        if value < last_value - MONOTONE_SLACK {
            return Ok(None);
        }
        last_value = value;
        // Near 1, the interior-point method stays a little inside the types' upper bounds
        // (measured: 1e-6 below on a pool of 10,000); a simplex decides whether 1 itself is
        // in reach.
        let certain = value >= 1.0 - CERTAIN
            || (value >= 1.0 - NEAR_CERTAIN
                && matches!(
                    program.relaxation(
                        &vec![0.0; n],
                        &floors(base, groups, &fixed, 1.0),
                        CERTAIN_CHECK_TOLERANCE
                    )?,
                    Relaxed::Optimal(_)
                ));
        if certain {
            for f in fixed.iter_mut().filter(|f| f.is_none()) {
                *f = Some(1.0);
            }
            break;
        }
        let strongest = rows
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|r| r.0)
            .expect("an unfixed type");
        let tight: Vec<usize> = rows
            .iter()
            .filter(|&&(u, dual, slack)| u == strongest || (dual > slack && slack <= TIGHT_CHECK))
            .map(|r| r.0)
            .collect();
        let v = (value - FIX_MARGIN).max(0.0);
        for u in tight {
            fixed[u] = Some(v);
        }
    }
    Ok(Some(Target::from_probabilities(
        fixed.iter().map(|f| f.unwrap_or(0.0)).collect(),
        groups,
        base.lower[n],
        stages,
    )))
}
