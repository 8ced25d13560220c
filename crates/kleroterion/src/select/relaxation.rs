//! When no panel meets the quotas: the cheapest relaxation of the minimums and maximums,
//! within each value's flex bounds, that lets a panel exist — an integer program over the
//! panel's type counts plus one slack variable per bound.
//!
//! Cost of a change: moving a maximum up by one seat costs 1; moving a minimum down by one seat
//! costs 1 + 10/min, so that a small minimum (a group with few seats, which the organiser set
//! on purpose to make sure it is heard) is the last to be cut.

use crate::error::{Bound, Infeasibility, QuotaChange, Result};
use crate::input::groups::Groups;
use crate::input::instance::Instance;
use crate::input::quotas::Quotas;
use crate::solve::panel_ilp::{add_panel_rows, count_program};
use crate::solve::{Backend, Outcome};

/// Finds the cheapest relaxation; `None` when even the flex bounds allow no panel.
pub fn cheapest_relaxation(
    inst: &Instance,
    groups: &Groups,
    backend: Backend,
) -> Result<Option<Vec<QuotaChange>>> {
    let mut p = count_program(groups, &vec![0.0; groups.len()]);
    let (_, already) = inst.value_counts();
    let mut slacks = Vec::new();
    let mut bounds = Vec::new();
    for (v, q) in inst.quotas.values.iter().enumerate() {
        let (lo, hi) = inst.bounds[v];
        let lo_room = q.min.saturating_sub(q.min_flex.max(already[v]));
        let hi_room = q
            .max_flex
            .unwrap_or(inst.panel_size as u32)
            .saturating_sub(q.max);
        let down = p.add_var(0.0, lo_room as f64, true, 1.0 + 10.0 / q.min.max(1) as f64);
        let up = p.add_var(0.0, hi_room as f64, true, 1.0);
        slacks.push((down, up));
        bounds.push((lo as f64, hi as f64));
    }
    // Rows are count − (−down) ≥ lo and count − up ≤ hi: add the panel rows with the plain
    // bounds, then move the slacks into each value row.
    add_panel_rows(&mut p, inst, groups, &bounds);
    for (v, &(down, up)) in slacks.iter().enumerate() {
        let row = &mut p.rows[1 + v];
        let (lo, hi) = (row.lower, row.upper);
        // lo ≤ count + down  and  count − up ≤ hi, as one row each.
        let mut lower_row = row.coefs.clone();
        lower_row.push((down, 1.0));
        row.coefs.push((up, -1.0));
        row.lower = f64::NEG_INFINITY;
        row.upper = hi;
        p.add_row(lower_row, lo, f64::INFINITY);
    }
    let Outcome::Optimal(x) = p.solve(backend)? else {
        return Ok(None);
    };
    let mut changes = Vec::new();
    for (v, &(down, up)) in slacks.iter().enumerate() {
        let q = &inst.quotas.values[v];
        let feature = inst.quotas.features[q.feature].name.clone();
        let d = x[down].round() as u32;
        let u = x[up].round() as u32;
        if d > 0 {
            changes.push(QuotaChange {
                feature: feature.clone(),
                value: q.name.clone(),
                bound: Bound::Minimum,
                from: q.min,
                to: q.min - d,
            });
        }
        if u > 0 {
            changes.push(QuotaChange {
                feature,
                value: q.name.clone(),
                bound: Bound::Maximum,
                from: q.max,
                to: q.max + u,
            });
        }
    }
    Ok(Some(changes))
}

/// Explains why no panel exists and proposes the cheapest relaxation.
pub fn explain_infeasibility(
    inst: &Instance,
    groups: &Groups,
    backend: Backend,
) -> Result<Infeasibility> {
    let relaxation = cheapest_relaxation(inst, groups, backend)?;
    let reason = match &relaxation {
        Some(changes) => format!(
            "the quotas cannot all be met at once with this pool; changing {} bound{} would make a panel possible",
            changes.len(),
            if changes.len() == 1 { "" } else { "s" }
        ),
        None => "the quotas cannot all be met at once with this pool, not even within the min_flex/max_flex bounds".to_string(),
    };
    Ok(Infeasibility {
        reason,
        relaxation,
        conflicts: Vec::new(),
    })
}

/// The quotas with `changes` applied.
pub fn apply_changes(quotas: &Quotas, changes: &[QuotaChange]) -> Quotas {
    let mut q = quotas.clone();
    for c in changes {
        if let Some(v) = q
            .values
            .iter_mut()
            .find(|v| v.name == c.value && quotas.features[v.feature].name == c.feature)
        {
            match c.bound {
                Bound::Minimum => v.min = c.to,
                Bound::Maximum => v.max = c.to,
            }
        }
    }
    q
}
