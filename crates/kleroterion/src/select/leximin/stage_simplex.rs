//! The LEXIMIN stage LP in primal form on [`crate::solve::column_simplex`], kept warm from round to round
//! and from stage to stage.
//!
//! ```text
//! maximise z − Σ_fixed cap_t·e_t   subject to   Σ_P a_Pt·λ_P − z − s_t = b     (unfixed t)
//!                                               Σ_P a_Pt·λ_P + e_t − s_t = p_t  (fixed t)
//!                                               Σ_P λ_P = 1,   λ, z, s, e ≥ 0
//! ```
//!
//! with `a_Pt = c_Pt/n_t` and `b` the last stage's value (0 at first), so that z is the rise
//! above it and the stage value is `b + z`. It is the LP dual of the stage dual that [`super::leximin`] solves
//! on clarabel: the row duals `y` give its type weights as `−y_t` and its bound ŷ as the
//! convexity row's dual, and the elastic `e_t`, priced at `cap_t`, are the cap on the weights
//! of fixed groups. A new panel is a new column, so the last optimal point stays feasible and
//! the simplex goes on from it; fixing groups changes their rows, but the last point still
//! meets them (their fixed value is the value it gave them), so the basis carries over to the
//! next stage too (see [`StageSimplex::fix`]).

use crate::input::groups::{Composition, Groups};
use crate::solve::column_simplex::{ColumnSimplex, SimplexError};

/// Upper bound on every member's dual weight (the weights of unfixed groups sum to 1), see
/// the stage dual (`solve_dual`).
pub(crate) const DUAL_CAP: f64 = 100.0;

/// How far below zero a basic value may be when a basis is carried to the next stage: the
/// fixed probabilities are the stage value as computed from the panel probabilities, which
/// differ from the basic values by rounding.
pub(crate) const WARM_TOLERANCE: f64 = 1e-7;

/// Solves a panel may stay out of the basis before it is parked (left out of the solves
/// until pricing finds it again, see [`crate::solve::column_simplex::ColumnSimplex::park`]). Most panels
/// that column generation adds are used for a few rounds and never again, yet each pivot
/// reads every column (docs/PERFORMANCE.md has the measurements behind the value).
pub(crate) const PARK_AFTER: usize = 30;

/// Reduced costs above this let a column enter the basis.
pub(crate) const REDUCED_COST_TOLERANCE: f64 = 1e-9;

/// The stage LP on the simplex.
pub struct StageSimplex {
    lp: ColumnSimplex,
    /// Groups whose row is `… − z − s_t = 0`.
    unfixed: Vec<bool>,
    z: usize,
    /// The surplus column of each type.
    surplus: Vec<usize>,
    /// The value of z's right-hand side for unfixed groups: the last stage's value, so that
    /// the stage value is `base + z`.
    base: f64,
    /// The column of each panel added, in the order of the panel list.
    panel_column: Vec<usize>,
    /// Per panel, solves since it was last basic (or added, or brought back).
    idle: Vec<usize>,
}

/// What a simplex solve of the stage LP gives.
pub struct StageDuals {
    /// Dual weight per type.
    pub y: Vec<f64>,
    /// The dual bound ŷ.
    pub y_hat: f64,
    /// The stage value: the last stage's value plus z. Not the LP's objective, which also
    /// charges the elastic columns: a fixed probability missed by rounding (1e-10) costs
    /// [`DUAL_CAP`]·n_t times as much there, and the stage value came out 4e-7 too low on
    /// b-600-60 (stage 11), so that a type was fixed below its LEXIMIN probability.
    pub value: f64,
}

impl StageSimplex {
    /// Builds the stage LP over `panels` (at least one) for the fixed probabilities `fixed`,
    /// starting from the basis of panel 0 alone with slack and elastic columns.
    pub fn new(
        groups: &Groups,
        panels: &[Composition],
        fixed: &[Option<f64>],
    ) -> Result<StageSimplex, SimplexError> {
        let n = groups.len();
        let mut rhs: Vec<f64> = fixed.iter().map(|f| f.unwrap_or(0.0)).collect();
        rhs.push(1.0);
        let mut lp = ColumnSimplex::new(rhs);
        let unfixed: Vec<bool> = fixed.iter().map(Option::is_none).collect();
        let z = lp.add_column(z_entries(&unfixed), 1.0);
        let surplus: Vec<usize> = (0..n)
            .map(|t| lp.add_column(vec![(t, -1.0)], 0.0))
            .collect();
        let elastic: Vec<Option<usize>> = (0..n)
            .map(|t| (!unfixed[t]).then(|| lp.add_column(vec![(t, 1.0)], elastic_cost(groups, t))))
            .collect();
        let mut stage = StageSimplex {
            lp,
            unfixed,
            z,
            surplus,
            base: 0.0,
            panel_column: Vec::new(),
            idle: Vec::new(),
        };
        stage.add_panels(groups, panels);
        let first = &panels[0];
        let mut basis: Vec<usize> = (0..n)
            .map(|t| {
                let load = share(groups, first, t);
                match (fixed[t], elastic[t]) {
                    (Some(p), Some(e)) if load < p => e,
                    _ => stage.surplus[t],
                }
            })
            .collect();
        basis.push(stage.panel_column[0]);
        stage.lp.set_basis(basis)?;
        Ok(stage)
    }

    /// Adds the panels of `panels` not yet in the LP (the list only grows).
    pub fn add_panels(&mut self, groups: &Groups, panels: &[Composition]) {
        let n = groups.len();
        for p in &panels[self.panel_column.len()..] {
            let mut entries: Vec<(usize, f64)> = (0..n)
                .filter(|&t| p[t] > 0)
                .map(|t| (t, share(groups, p, t)))
                .collect();
            entries.push((n, 1.0));
            let j = self.lp.add_column(entries, 0.0);
            self.panel_column.push(j);
            self.idle.push(0);
        }
    }

    /// Turns the rows of newly fixed groups into `… + e_t − s_t = p_t` and sets the right-hand
    /// side of the others to the stage value `base` (so z measures the rise above it),
    /// keeping the last optimal point as a basic solution.
    ///
    /// That point's nonzero columns are still independent, but z, now zero and reaching only
    /// the rows of unfixed groups, may depend on them (it always does when every unfixed type
    /// has a basic surplus). The basis is then completed with the surplus of a newly fixed
    /// type instead: a column at zero keeps the point, and one is independent of the others
    /// exactly when its entry in z's row of the old basis inverse is not zero.
    pub fn fix(
        &mut self,
        groups: &Groups,
        fixed: &[Option<f64>],
        base: f64,
    ) -> Result<(), SimplexError> {
        let n = groups.len();
        let newly: Vec<usize> = (0..n)
            .filter(|&t| fixed[t].is_some() && self.unfixed[t])
            .collect();
        for &t in &newly {
            self.unfixed[t] = false;
        }
        let mut basis = self.lp.basis().to_vec();
        if let Some(iz) = self.lp.position_of(self.z) {
            let rho = self.lp.inverse_row(iz);
            let keep: f64 = (0..n)
                .filter(|&t| self.unfixed[t])
                .map(|t| rho[t])
                .sum::<f64>()
                .abs();
            let swap = newly
                .iter()
                .filter(|&&t| self.lp.position_of(self.surplus[t]).is_none())
                .map(|&t| (rho[t].abs(), t))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((score, t)) = swap {
                if score > keep {
                    basis[iz] = self.surplus[t];
                }
            }
        }
        for &t in &newly {
            self.lp.add_column(vec![(t, 1.0)], elastic_cost(groups, t));
        }
        self.lp.set_column(self.z, z_entries(&self.unfixed));
        self.base = base;
        self.lp.set_rhs(self.rhs(fixed));
        self.lp.set_basis_within(basis, WARM_TOLERANCE)
    }

    /// The right-hand side: fixed probabilities, the stage base for unfixed groups, 1.
    fn rhs(&self, fixed: &[Option<f64>]) -> Vec<f64> {
        let mut rhs: Vec<f64> = fixed.iter().map(|f| f.unwrap_or(self.base)).collect();
        rhs.push(1.0);
        rhs
    }

    /// Solves to optimality from the current basis.
    pub fn solve(&mut self) -> Result<StageDuals, SimplexError> {
        let limit = 50 * self.unfixed.len() + 1000;
        self.lp.solve(REDUCED_COST_TOLERANCE, limit)?;
        self.park_idle();
        let duals = self.lp.duals();
        let n = self.unfixed.len();
        Ok(StageDuals {
            y: duals[..n].iter().map(|&v| (-v).max(0.0)).collect(),
            y_hat: duals[n],
            value: self.base + self.lp.value(self.z),
        })
    }

    /// Parks the panels that have not been basic for [`PARK_AFTER`] solves.
    fn park_idle(&mut self) {
        for (idle, &j) in self.idle.iter_mut().zip(&self.panel_column) {
            if self.lp.position_of(j).is_some() {
                *idle = 0;
            } else {
                *idle += 1;
                if *idle == PARK_AFTER {
                    self.lp.park(j);
                }
            }
        }
    }

    /// Brings back panel `i` (of the panel list) if it was parked, because pricing found it
    /// again; returns whether it was parked. A panel not yet added is left alone.
    pub fn unpark(&mut self, i: usize) -> bool {
        let Some(&j) = self.panel_column.get(i) else {
            return false;
        };
        self.idle[i] = 0;
        self.lp.unpark(j)
    }

    /// The current probability of each panel of the list.
    pub fn panel_probabilities(&self) -> Vec<f64> {
        self.panel_column
            .iter()
            .map(|&j| self.lp.value(j))
            .collect()
    }
}

/// The z column: −1 in every unfixed type's row.
fn z_entries(unfixed: &[bool]) -> Vec<(usize, f64)> {
    (0..unfixed.len())
        .filter(|&t| unfixed[t])
        .map(|t| (t, -1.0))
        .collect()
}

/// The cost of the elastic column of a fixed type: minus the cap on its dual weight.
fn elastic_cost(groups: &Groups, t: usize) -> f64 {
    -DUAL_CAP * groups.size(t) as f64
}

/// A panel's share of type `t`: members on the panel over the type's size.
fn share(groups: &Groups, p: &Composition, t: usize) -> f64 {
    p[t] as f64 / groups.size(t) as f64
}
