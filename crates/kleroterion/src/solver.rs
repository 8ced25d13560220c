//! Linear and integer programs, solved by the backend the build and the user choose.
//!
//! Models are written once in a small solver-neutral form ([`Program`]) and handed to:
//! - the default pure-Rust pair — `microlp` (through `good_lp`) for integer programs and
//!   `clarabel` (an interior-point solver, called directly) for linear programs — so that the
//!   default build needs no system package; DESIGN §3 has the measurements behind the split.
//!   On this backend the panel program itself goes to our own branch and bound
//!   ([`crate::panel_search`]) and the LEXIMIN stage LPs to our own simplex
//!   ([`crate::simplex`]), both measured faster on the shared instances; microlp still
//!   solves the quota relaxation of an infeasible instance ([`crate::relax`]);
//! - HiGHS (through `good_lp`) for both, when built with the `highs` feature.

use crate::error::{Error, Result};

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
            "highs" => Err(Error::Usage(
                "this build has no HiGHS solver; rebuild with `cargo build --release --features highs`"
                    .into(),
            )),
            other => Err(Error::Usage(format!(
                "unknown solver '{other}'; use 'pure' or 'highs'"
            ))),
        }
    }

    /// A short description of the solvers, for records.
    pub fn describe(self) -> &'static str {
        match self {
            Backend::Pure => {
                "kleroterion branch and bound (panel ILP) + simplex (stage LP); microlp 0.6, clarabel 0.11"
            }
            #[cfg(feature = "highs")]
            Backend::Highs => "HiGHS (ILP and LP)",
        }
    }
}

/// One linear constraint `lower ≤ Σ coef·x ≤ upper` (use infinities for one-sided rows).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Sparse coefficients (variable index, coefficient).
    pub coefs: Vec<(usize, f64)>,
    /// Lower bound (may be −∞).
    pub lower: f64,
    /// Upper bound (may be +∞).
    pub upper: f64,
}

/// A variable's bounds and kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Var {
    /// Lower bound (may be −∞).
    pub lower: f64,
    /// Upper bound (may be +∞).
    pub upper: f64,
    /// Whether the variable must take an integer value.
    pub integer: bool,
}

/// A linear or mixed-integer program: minimise `objective · x` subject to rows and bounds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Program {
    /// The variables.
    pub vars: Vec<Var>,
    /// Objective coefficients (minimised), one per variable.
    pub objective: Vec<f64>,
    /// The constraints.
    pub rows: Vec<Row>,
    /// For linear programs on clarabel: the gap and feasibility tolerance (default
    /// [`crate::lp::LP_TOLERANCE`]).
    pub tolerance: Option<f64>,
}

/// What solving a program gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// An optimal solution.
    Optimal(Vec<f64>),
    /// No solution exists.
    Infeasible,
}

impl Program {
    /// Adds a variable and returns its index.
    pub fn add_var(&mut self, lower: f64, upper: f64, integer: bool, cost: f64) -> usize {
        self.vars.push(Var {
            lower,
            upper,
            integer,
        });
        self.objective.push(cost);
        self.vars.len() - 1
    }

    /// Adds a row.
    pub fn add_row(&mut self, coefs: Vec<(usize, f64)>, lower: f64, upper: f64) {
        self.rows.push(Row {
            coefs,
            lower,
            upper,
        });
    }

    /// Solves the program with `backend`.
    pub fn solve(&self, backend: Backend) -> Result<Outcome> {
        let integer = self.vars.iter().any(|v| v.integer);
        match backend {
            Backend::Pure if integer => self.solve_good_lp(good_lp::microlp, "microlp"),
            Backend::Pure => crate::lp::solve_clarabel(self),
            #[cfg(feature = "highs")]
            Backend::Highs => self.solve_good_lp(good_lp::highs, "HiGHS"),
        }
    }

    fn solve_good_lp<M: good_lp::SolverModel<Error = good_lp::ResolutionError>>(
        &self,
        solver: impl FnMut(good_lp::variable::UnsolvedProblem) -> M,
        name: &'static str,
    ) -> Result<Outcome> {
        use good_lp::{variable, Expression, ProblemVariables, ResolutionError, Solution};
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
        for row in &self.rows {
            let e: Expression = row.coefs.iter().map(|&(i, c)| c * xs[i]).sum();
            if row.lower == row.upper {
                model = model.with(e.eq(row.lower));
                continue;
            }
            if row.lower.is_finite() {
                model = model.with(e.clone().geq(row.lower));
            }
            if row.upper.is_finite() {
                model = model.with(e.leq(row.upper));
            }
        }
        match model.solve() {
            Ok(s) => Ok(Outcome::Optimal(xs.iter().map(|&x| s.value(x)).collect())),
            Err(ResolutionError::Infeasible) => Ok(Outcome::Infeasible),
            Err(e) => Err(Error::Solver {
                solver: name,
                message: e.to_string(),
            }),
        }
    }
}
