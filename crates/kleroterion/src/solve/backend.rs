//! Which solvers run a [`Program`]: the backend the build and the user choose.
//!
//! Models are written once in a small solver-neutral form ([`Program`]) and handed to:
//! - the default pure-Rust pair — `microlp` (through `good_lp`) for integer programs and
//!   `clarabel` (an interior-point solver, called directly) for linear programs — so that the
//!   default build needs no system package; DESIGN §3 has the measurements behind the split.
//!   On this backend the panel program itself goes to our own branch and bound
//!   ([`crate::solve::panel_search`]), LEXIMIN to the quota polytope ([`crate::select::polytope`],
//!   whose LPs the same search's dual simplex solves) and, where that fails, the stage LPs
//!   of column generation to our own simplex ([`crate::solve::column_simplex`]), all measured
//!   faster on the shared instances (docs/PERFORMANCE.md); microlp still
//!   solves the quota relaxation of an infeasible instance ([`crate::select::relaxation`]);
//! - HiGHS (through `good_lp`) for both, when built with the `highs` feature.

use crate::error::{Error, Result};
use crate::solve::{Outcome, Program};

/// The solver crates' versions in Cargo.lock, stated in every commitment (a test keeps them
/// equal to the lock file).
pub(crate) const MICROLP_VERSION: &str = "0.6.0";
/// See [`MICROLP_VERSION`].
pub(crate) const CLARABEL_VERSION: &str = "0.11.1";
/// See [`MICROLP_VERSION`].
#[cfg(feature = "highs")]
pub(crate) const HIGHS_SYS_VERSION: &str = "1.16.0";

/// Which solvers to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Backend {
    /// Pure Rust: our branch and bound for the panel program and simplex for the stage LPs,
    /// microlp for other integer programs, clarabel for other linear programs.
    #[default]
    Pure,
    /// HiGHS for both (needs the `highs` cargo feature).
    #[cfg(feature = "highs")]
    Highs,
}

impl Backend {
    /// Parses a backend name (`pure`, `default` or `highs`).
    pub fn from_name(name: &str) -> Result<Backend> {
        match name.trim().to_lowercase().as_str() {
            "pure" | "default" | "microlp" | "clarabel" => Ok(Backend::Pure),
            #[cfg(feature = "highs")]
            "highs" => Ok(Backend::Highs),
            #[cfg(not(feature = "highs"))]
            "highs" => Err(Error::SolverNotBuilt { name: "HiGHS" }),
            other => Err(Error::UnknownSolver {
                name: other.to_string(),
            }),
        }
    }

    /// A short description of the solvers and their versions, for records.
    pub fn describe(self) -> String {
        match self {
            Backend::Pure => format!(
                "kleroterion branch and bound (panel ILP), dual simplex (quota polytope), simplex (stage LP); microlp {MICROLP_VERSION}, clarabel {CLARABEL_VERSION}"
            ),
            #[cfg(feature = "highs")]
            Backend::Highs => format!("HiGHS (ILP and LP) through highs-sys {HIGHS_SYS_VERSION}"),
        }
    }
}

/// HiGHS's relative and absolute gap for integer programs. Its default relative gap, 1e-4,
/// lets it return a panel up to 0.01% lighter than the heaviest, which ends LEXIMIN stages
/// early: pricing must find every panel that beats the dual bound by
/// [`crate::select::leximin::PRICING_TOLERANCE`] (1e-7).
#[cfg(feature = "highs")]
pub(crate) const HIGHS_MIP_GAP: f64 = 1e-9;

impl Program {
    /// Solves the program with `backend`.
    pub fn solve(&self, backend: Backend) -> Result<Outcome> {
        let integer = self.vars.iter().any(|v| v.integer);
        match backend {
            Backend::Pure if integer => self.solve_good_lp(good_lp::microlp, "microlp"),
            Backend::Pure => crate::solve::clarabel::solve_clarabel(self),
            #[cfg(feature = "highs")]
            Backend::Highs => self.solve_good_lp(
                |p| {
                    good_lp::highs(p)
                        .set_option("mip_rel_gap", HIGHS_MIP_GAP)
                        .set_option("mip_abs_gap", HIGHS_MIP_GAP)
                },
                "HiGHS",
            ),
        }
    }

    /// Solves the program on microlp whatever it holds: in tests, a second LP solver beside
    /// clarabel.
    #[cfg(test)]
    pub(crate) fn solve_microlp(&self) -> Result<Outcome> {
        self.solve_good_lp(good_lp::microlp, "microlp")
    }

    fn solve_good_lp<M: good_lp::SolverModel<Error = good_lp::ResolutionError>>(
        &self,
        solver: impl FnMut(good_lp::variable::UnsolvedProblem) -> M,
        name: &'static str,
    ) -> Result<Outcome> {
        use good_lp::Solution;
        let (model, xs, _) = self.good_lp_model(solver);
        Ok(match finish_good_lp(model.solve(), name)? {
            Some(s) => Outcome::Optimal(xs.iter().map(|&x| s.value(x)).collect()),
            None => Outcome::Infeasible,
        })
    }

    /// The program as a good_lp model for `solver`: the model, its variables, and per row the
    /// constraints it became (upper bound or equality first, then lower bound).
    fn good_lp_model<M: good_lp::SolverModel>(
        &self,
        solver: impl FnMut(good_lp::variable::UnsolvedProblem) -> M,
    ) -> (M, Vec<good_lp::Variable>, Vec<RowConstraints>) {
        use good_lp::{variable, Expression, ProblemVariables};
        let mut pv = ProblemVariables::new();
        let xs: Vec<good_lp::Variable> = self
            .vars
            .iter()
            .map(|v| {
                let mut d = variable();
                if v.lower.is_finite() {
                    d = d.min(v.lower);
                }
                if v.upper.is_finite() {
                    d = d.max(v.upper);
                }
                if v.integer {
                    d = d.integer();
                }
                pv.add(d)
            })
            .collect();
        let objective: Expression = xs
            .iter()
            .zip(&self.objective)
            .filter(|(_, &c)| c != 0.0)
            .map(|(&x, &c)| c * x)
            .sum();
        let mut model = pv.minimise(objective).using(solver);
        let mut placed = Vec::with_capacity(self.rows.len());
        for row in &self.rows {
            let e: Expression = row.coefs.iter().map(|&(i, c)| c * xs[i]).sum();
            if row.lower == row.upper {
                placed.push([Some(model.add_constraint(e.eq(row.lower))), None]);
                continue;
            }
            let upper = row
                .upper
                .is_finite()
                .then(|| model.add_constraint(e.clone().leq(row.upper)));
            let lower = row
                .lower
                .is_finite()
                .then(|| model.add_constraint(e.geq(row.lower)));
            placed.push([upper, lower]);
        }
        (model, xs, placed)
    }

    /// Solves a program without integer variables on HiGHS; returns the solution and, per
    /// row, its dual value in the convention of [`crate::solve::clarabel::solve_clarabel_with_duals`] (the
    /// shadow price of the row's upper bound minus that of its lower bound), or `None` when
    /// the program is infeasible.
    #[cfg(feature = "highs")]
    pub fn solve_highs_with_duals(&self) -> Result<Option<(Vec<f64>, Vec<f64>)>> {
        use good_lp::{DualValues, Solution, SolutionWithDual, SolverModel};
        let (model, xs, placed) = self.good_lp_model(good_lp::highs);
        let Some(mut solution) = finish_good_lp(model.solve(), "HiGHS")? else {
            return Ok(None);
        };
        let x: Vec<f64> = xs.iter().map(|&v| solution.value(v)).collect();
        let duals = solution.compute_dual();
        // HiGHS's row duals of a minimisation are the objective's change per unit of the
        // bound: at most 0 on an upper bound that binds, at least 0 on a lower one.
        let shadow = |c: &Option<ConstraintRef>| c.clone().map_or(0.0, |c| -duals.dual(c));
        let row_duals = placed
            .iter()
            .map(|[upper, lower]| shadow(upper) + shadow(lower))
            .collect();
        Ok(Some((x, row_duals)))
    }
}

/// A constraint of a good_lp model.
type ConstraintRef = good_lp::constraint::ConstraintReference;

/// The constraints a program row became: its upper bound (or equality), its lower bound.
type RowConstraints = [Option<ConstraintRef>; 2];

/// A good_lp result: the solution, `None` when the program is infeasible, or a solver error.
fn finish_good_lp<S>(
    result: std::result::Result<S, good_lp::ResolutionError>,
    name: &'static str,
) -> Result<Option<S>> {
    match result {
        Ok(s) => Ok(Some(s)),
        Err(good_lp::ResolutionError::Infeasible) => Ok(None),
        Err(e) => Err(Error::Solver {
            solver: name,
            message: e.to_string(),
        }),
    }
}
#[cfg(test)]
mod versions {
    use super::*;

    /// The versions the records state are those Cargo.lock builds.
    #[test]
    fn stated_versions_are_the_locked_ones() {
        let lock =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.lock"))
                .expect("the workspace's Cargo.lock");
        let locked = |name: &str| {
            let key = format!("name = \"{name}\"\nversion = \"");
            let at = lock
                .find(&key)
                .unwrap_or_else(|| panic!("{name} is not in Cargo.lock"));
            let rest = &lock[at + key.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        };
        assert_eq!(locked("microlp"), MICROLP_VERSION);
        assert_eq!(locked("clarabel"), CLARABEL_VERSION);
        #[cfg(feature = "highs")]
        assert_eq!(locked("highs-sys"), HIGHS_SYS_VERSION);
    }
}

#[cfg(all(test, feature = "highs"))]
mod tests {
    use super::*;

    /// HiGHS's row duals, turned into clarabel's convention, agree with clarabel's on a
    /// small LP with an upper-bounded row, a lower-bounded row and an equality, all binding.
    #[test]
    fn highs_row_duals_follow_clarabels_convention() {
        // min −2x + y + z  s.t.  x + y ≤ 4,  y + z ≥ 3,  x + z = 3,  x, y, z ≥ 0: the three
        // rows meet at (2, 2, 1), where −2, 1, 1 = −1·(1, 1, 0) + 2·(0, 1, 1) − 1·(1, 0, 1), so
        // the duals are unique and none is zero.
        let mut p = Program::default();
        let x = p.add_var(0.0, f64::INFINITY, false, -2.0);
        let y = p.add_var(0.0, f64::INFINITY, false, 1.0);
        let z = p.add_var(0.0, f64::INFINITY, false, 1.0);
        p.add_row(vec![(x, 1.0), (y, 1.0)], f64::NEG_INFINITY, 4.0);
        p.add_row(vec![(y, 1.0), (z, 1.0)], 3.0, f64::INFINITY);
        p.add_row(vec![(x, 1.0), (z, 1.0)], 3.0, 3.0);
        let (xc, dc) = crate::solve::clarabel::solve_clarabel_with_duals(&p)
            .unwrap()
            .unwrap();
        let (xh, dh) = p.solve_highs_with_duals().unwrap().unwrap();
        for (a, b) in xc.iter().zip(&xh) {
            assert!((a - b).abs() < 1e-6, "{xc:?} vs {xh:?}");
        }
        for (a, b) in dc.iter().zip(&dh) {
            assert!((a - b).abs() < 1e-6, "{dc:?} vs {dh:?}");
        }
        assert!(
            (xh[0] - 2.0).abs() < 1e-6 && (xh[2] - 1.0).abs() < 1e-6,
            "{xh:?}"
        );
        // Every dual is ±1 or ±2, so a flipped sign cannot pass.
        assert!(dc.iter().all(|d| d.abs() > 0.5), "{dc:?}");
    }
}
