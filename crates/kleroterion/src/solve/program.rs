//! Linear and integer programs in a small solver-neutral form, written once and handed to
//! the solvers by [`super::backend`].

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
    /// [`crate::solve::clarabel::LP_TOLERANCE`]).
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
}
