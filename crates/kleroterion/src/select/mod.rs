//! The selection algorithms. LEGACY draws a panel directly; LEXIMIN, MAXIMIN, NASH and
//! GOLDILOCKS compute
//! a [`Distribution`] over panels from which one panel is drawn.

pub mod distribution;
pub mod diversimax;
pub mod goldilocks;
pub mod legacy;
pub mod leximin;
pub mod maxentropy;
pub mod nash;
pub mod polytope;
pub mod progress;
pub mod relaxation;
pub mod uniform;

pub use distribution::Distribution;
pub use progress::{Progress, Silent};

use crate::error::{Error, Result};
use crate::input::groups::Groups;
use crate::input::instance::Instance;
use crate::input::settings::Algorithm;
use crate::select::relaxation::explain_infeasibility;
use crate::solve::panel_ilp::best_panel;
use crate::solve::Backend;
use leximin::Depth;

/// Fails with [`Error::Infeasible`] (and the cheapest relaxation) when no panel meets the
/// quotas.
pub fn ensure_feasible(inst: &Instance, backend: Backend) -> Result<()> {
    let groups = Groups::of(inst);
    refuse_quota_conflicts(inst, &groups, backend)?;
    match best_panel(inst, &groups, &vec![0.0; groups.len()], None, backend)? {
        Some(_) => Ok(()),
        None => Err(Error::Infeasible(Box::new(explain_infeasibility(
            inst, &groups, backend,
        )?))),
    }
}

/// Fails with [`Error::Infeasible`], naming each conflict and with the cheapest relaxation,
/// when simple sums already show the quotas cannot be met (the algorithms need not run).
fn refuse_quota_conflicts(inst: &Instance, groups: &Groups, backend: Backend) -> Result<()> {
    if inst.quota_conflicts.is_empty() {
        return Ok(());
    }
    let mut why = explain_infeasibility(inst, groups, backend)?;
    // One line per conflict, as input problems are listed.
    let conflicts: String = inst
        .quota_conflicts
        .iter()
        .map(|p| format!("\n  - {p}"))
        .collect();
    why.reason = format!("{}{conflicts}", why.reason);
    why.conflicts = inst.quota_conflicts.clone();
    Err(Error::Infeasible(Box::new(why)))
}

/// Computes the distribution of a fair algorithm (not LEGACY, which has none).
pub fn distribution(
    inst: &Instance,
    algorithm: Algorithm,
    backend: Backend,
    progress: &mut dyn Progress,
) -> Result<Distribution> {
    // The algorithms find any other infeasibility themselves, with its relaxation.
    if !inst.quota_conflicts.is_empty() {
        refuse_quota_conflicts(inst, &Groups::of(inst), backend)?;
    }
    match algorithm {
        Algorithm::Leximin => leximin::leximin(inst, Depth::Leximin, backend, progress),
        Algorithm::Maximin => leximin::leximin(inst, Depth::Maximin, backend, progress),
        Algorithm::Nash => nash::nash(inst, backend, progress),
        Algorithm::Diversimax => diversimax::diversimax(inst, backend),
        Algorithm::Goldilocks => {
            goldilocks::goldilocks(inst, inst.settings.gamma(), backend, progress)
        }
        Algorithm::Legacy | Algorithm::Uniform => Err(Error::NoDistribution),
    }
}
