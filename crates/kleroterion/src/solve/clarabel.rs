//! Linear programs on clarabel, called directly so that large LPs (thousands of panels) are
//! built straight into its sparse column format; and linear programs with logarithmic bounds
//! (exponential cones), for NASH on the quota polytope; and with reciprocal bounds (second-order
//! cones), for Goldilocks.
//!
//! clarabel solves: minimise q·x subject to A·x + s = b, s in a product of cones. Equality
//! rows go into the zero cone; every inequality (rows and finite variable bounds) is written as
//! `a·x ≤ b` in the non-negative cone.

use crate::error::{Error, Result};
use crate::solve::{Outcome, Program};
use clarabel::algebra::CscMatrix;
use clarabel::solver::{
    DefaultSettingsBuilder, DefaultSolver, IPSolver, SolverStatus, SupportedConeT,
};

/// Interior-point tolerances. The fair algorithms compare probabilities to about 1e-6, so the
/// duality gap and feasibility must be well below that.
pub(crate) const LP_TOLERANCE: f64 = 1e-9;

/// Solves a program without integer variables on clarabel.
pub fn solve_clarabel(p: &Program) -> Result<Outcome> {
    Ok(match solve_clarabel_with_duals(p)? {
        Some((x, _)) => Outcome::Optimal(x),
        None => Outcome::Infeasible,
    })
}

/// Where a program row went in clarabel's constraint list.
enum Placed {
    Equality(usize),
    Inequalities(Option<usize>, Option<usize>),
}

/// Solves a program without integer variables on clarabel; returns the solution and, per
/// row, its dual value (the shadow price of the row's upper bound minus that of its lower
/// bound; of the equality for equality rows), or `None` when the program is infeasible.
pub fn solve_clarabel_with_duals(p: &Program) -> Result<Option<(Vec<f64>, Vec<f64>)>> {
    solve_conic(p, &[], None)
}

/// A constraint `r ≤ log(scale · x)` on two variables of a program (an exponential cone).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogBound {
    /// The variable bounded above by the logarithm.
    pub r: usize,
    /// The variable whose logarithm bounds it.
    pub x: usize,
    /// The factor on `x` inside the logarithm.
    pub scale: f64,
}

/// Solves a program without integer variables whose variables also meet `logs`, on clarabel
/// (a convex program: the objective is linear, the feasible set convex); returns the solution
/// or `None` when the program is infeasible.
pub fn solve_clarabel_with_logs(p: &Program, logs: &[LogBound]) -> Result<Option<Vec<f64>>> {
    Ok(solve_conic(p, logs, None)?.map(|(x, _)| x))
}

/// A constraint `w · v ≥ 1` with `w, v ≥ 0` on two variables of a program (a rotated
/// second-order cone): `w` bounds `1 / v` from above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReciprocalBound {
    /// The variable bounding the reciprocal.
    pub w: usize,
    /// The variable whose reciprocal it bounds.
    pub v: usize,
}

/// [`solve_clarabel_with_duals`] for a program whose variables also meet `reciprocal`.
pub fn solve_clarabel_with_reciprocal(
    p: &Program,
    reciprocal: ReciprocalBound,
) -> Result<Option<(Vec<f64>, Vec<f64>)>> {
    solve_conic(p, &[], Some(reciprocal))
}

/// [`solve_clarabel_with_duals`] with exponential cones for `logs` and a second-order cone
/// for `reciprocal` after the linear rows.
fn solve_conic(
    p: &Program,
    logs: &[LogBound],
    reciprocal: Option<ReciprocalBound>,
) -> Result<Option<(Vec<f64>, Vec<f64>)>> {
    let n = p.vars.len();
    // (row, col, value) triplets: equalities first, then inequalities.
    let mut eq: Vec<(Vec<(usize, f64)>, f64)> = Vec::new();
    let mut le: Vec<(Vec<(usize, f64)>, f64)> = Vec::new();
    let mut placed = Vec::with_capacity(p.rows.len());
    for r in &p.rows {
        if r.lower == r.upper {
            placed.push(Placed::Equality(eq.len()));
            eq.push((r.coefs.clone(), r.lower));
            continue;
        }
        let (mut up, mut down) = (None, None);
        if r.upper.is_finite() {
            up = Some(le.len());
            le.push((r.coefs.clone(), r.upper));
        }
        if r.lower.is_finite() {
            down = Some(le.len());
            le.push((r.coefs.iter().map(|&(i, c)| (i, -c)).collect(), -r.lower));
        }
        placed.push(Placed::Inequalities(up, down));
    }
    for (i, v) in p.vars.iter().enumerate() {
        if v.upper.is_finite() {
            le.push((vec![(i, 1.0)], v.upper));
        }
        if v.lower.is_finite() {
            le.push((vec![(i, -1.0)], -v.lower));
        }
    }
    // Each log bound is the cone point (r, 1, scale·x): s = b − A·x with rows −r, none, −scale·x.
    let cone_rows: Vec<(Vec<(usize, f64)>, f64)> = logs
        .iter()
        .flat_map(|l| {
            [
                (vec![(l.r, -1.0)], 0.0),
                (Vec::new(), 1.0),
                (vec![(l.x, -l.scale)], 0.0),
            ]
        })
        .collect();
    // w·v ≥ 1 as (w + v, 2, w − v) in the second-order cone: (w + v)² ≥ 4 + (w − v)².
    let soc_rows: Vec<(Vec<(usize, f64)>, f64)> = reciprocal
        .iter()
        .flat_map(|r| {
            [
                (vec![(r.w, -1.0), (r.v, -1.0)], 0.0),
                (Vec::new(), 2.0),
                (vec![(r.w, -1.0), (r.v, 1.0)], 0.0),
            ]
        })
        .collect();
    let m = eq.len() + le.len() + cone_rows.len() + soc_rows.len();
    let mut columns: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut b = Vec::with_capacity(m);
    let all_rows = eq.iter().chain(&le).chain(&cone_rows).chain(&soc_rows);
    for (r, (coefs, rhs)) in all_rows.enumerate() {
        for &(i, c) in coefs {
            if c != 0.0 {
                columns[i].push((r, c));
            }
        }
        b.push(*rhs);
    }
    let mut colptr = Vec::with_capacity(n + 1);
    let mut rowval = Vec::new();
    let mut nzval = Vec::new();
    colptr.push(0);
    for col in &mut columns {
        col.sort_by_key(|&(r, _)| r);
        for &(r, c) in col.iter() {
            rowval.push(r);
            nzval.push(c);
        }
        colptr.push(rowval.len());
    }
    let a = CscMatrix::new(m, n, colptr, rowval, nzval);
    let pmat = CscMatrix::<f64>::zeros((n, n));
    let mut cones = Vec::new();
    if !eq.is_empty() {
        cones.push(SupportedConeT::ZeroConeT(eq.len()));
    }
    if !le.is_empty() {
        cones.push(SupportedConeT::NonnegativeConeT(le.len()));
    }
    cones.extend(logs.iter().map(|_| SupportedConeT::ExponentialConeT()));
    if reciprocal.is_some() {
        cones.push(SupportedConeT::SecondOrderConeT(3));
    }
    let settings = DefaultSettingsBuilder::default()
        .verbose(false)
        .tol_gap_abs(p.tolerance.unwrap_or(LP_TOLERANCE))
        .tol_gap_rel(p.tolerance.unwrap_or(LP_TOLERANCE))
        .tol_feas(p.tolerance.unwrap_or(LP_TOLERANCE))
        .max_iter(500)
        .max_threads(1)
        .build()
        .map_err(|e| Error::Solver {
            solver: "clarabel",
            message: format!("{e:?}"),
        })?;
    let mut solver =
        DefaultSolver::new(&pmat, &p.objective, &a, &b, &cones, settings).map_err(|e| {
            Error::Solver {
                solver: "clarabel",
                message: format!("{e:?}"),
            }
        })?;
    solver.solve();
    match solver.solution.status {
        SolverStatus::Solved | SolverStatus::AlmostSolved => {
            let z = &solver.solution.z;
            let at = |i: Option<usize>| i.map_or(0.0, |i| z[eq.len() + i]);
            let duals = placed
                .iter()
                .map(|pl| match *pl {
                    Placed::Equality(i) => z[i],
                    Placed::Inequalities(up, down) => at(up) - at(down),
                })
                .collect();
            Ok(Some((solver.solution.x.clone(), duals)))
        }
        SolverStatus::PrimalInfeasible | SolverStatus::AlmostPrimalInfeasible => Ok(None),
        other => Err(Error::Solver {
            solver: "clarabel",
            message: format!("status {other:?}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::Backend;

    #[test]
    fn small_lp_and_ilp() {
        // max x + y s.t. x + 2y <= 4, 3x + y <= 6, x,y >= 0  → (1.6, 1.2), value 2.8
        let mut p = Program::default();
        let x = p.add_var(0.0, f64::INFINITY, false, -1.0);
        let y = p.add_var(0.0, f64::INFINITY, false, -1.0);
        p.add_row(vec![(x, 1.0), (y, 2.0)], f64::NEG_INFINITY, 4.0);
        p.add_row(vec![(x, 3.0), (y, 1.0)], f64::NEG_INFINITY, 6.0);
        let Outcome::Optimal(s) = p.solve(Backend::Pure).unwrap() else {
            panic!()
        };
        assert!(
            (s[0] - 1.6).abs() < 1e-6 && (s[1] - 1.2).abs() < 1e-6,
            "{s:?}"
        );
        p.vars.iter_mut().for_each(|v| v.integer = true);
        let Outcome::Optimal(s) = p.solve(Backend::Pure).unwrap() else {
            panic!()
        };
        assert!((s[0] + s[1] - 2.0).abs() < 1e-6, "{s:?}");
        p.add_row(vec![(x, 1.0)], 5.0, f64::INFINITY);
        assert_eq!(p.solve(Backend::Pure).unwrap(), Outcome::Infeasible);
    }
}
