//! The selection algorithms. LEGACY draws a panel directly; LEXIMIN, MAXIMIN and NASH compute
//! a [`Distribution`] over panels from which one panel is drawn.

pub mod distribution;
pub mod legacy;
pub mod leximin;
pub mod nash;
pub mod polytope;
pub mod stage_simplex;

pub use distribution::Distribution;

use crate::error::{Error, Result};
use crate::instance::Instance;
use crate::panel_ilp::best_panel;
use crate::relax::explain_infeasibility;
use crate::settings::Algorithm;
use crate::solver::Backend;
use crate::types::Types;
use leximin::{Depth, Progress};

/// Fails with [`Error::Infeasible`] (and the cheapest relaxation) when no panel meets the
/// quotas.
pub fn ensure_feasible(inst: &Instance, backend: Backend) -> Result<()> {
    let types = Types::of(inst);
    match best_panel(inst, &types, &vec![0.0; types.len()], None, backend)? {
        Some(_) => Ok(()),
        None => Err(Error::Infeasible(Box::new(explain_infeasibility(
            inst, &types, backend,
        )?))),
    }
}

/// Computes the distribution of a fair algorithm (not LEGACY, which has none).
pub fn distribution(
    inst: &Instance,
    algorithm: Algorithm,
    backend: Backend,
    progress: &mut dyn Progress,
) -> Result<Distribution> {
    match algorithm {
        Algorithm::Leximin => leximin::leximin(inst, Depth::Leximin, backend, progress),
        Algorithm::Maximin => leximin::leximin(inst, Depth::Maximin, backend, progress),
        Algorithm::Nash => nash::nash(inst, backend, progress),
        Algorithm::Legacy => Err(Error::Usage(
            "LEGACY has no distribution over panels".into(),
        )),
    }
}
