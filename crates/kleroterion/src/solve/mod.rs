//! The solvers under the selection algorithms, an implementation detail: the panel program
//! ([`panel_ilp`]) and our branch and bound for it ([`panel_search`]), linear and integer
//! programs in a solver-neutral form ([`program`]) run by the [`backend`] the user chooses,
//! clarabel called directly ([`clarabel`]), and the dense primal simplex of column generation
//! ([`column_simplex`], on the kernels of [`dense`]).

pub mod backend;
pub mod clarabel;
pub mod column_simplex;
pub mod dense;
pub mod panel_ilp;
pub mod panel_search;
pub mod program;

pub use backend::Backend;
pub use program::{Outcome, Program};
