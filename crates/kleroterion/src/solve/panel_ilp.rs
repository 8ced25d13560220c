//! The panel integer program (DESIGN §3) over groups: how many members of each type sit on the
//! panel, such that the seats are filled, every quota holds and no household has two members;
//! optionally of maximum total weight. It answers "does a panel exist?" and is the pricing step
//! of the fair algorithms.

use crate::error::Result;
use crate::input::groups::{Composition, Groups};
use crate::input::instance::Instance;
use crate::input::panel_check::Tally;
use crate::solve::panel_search::PanelProgram;
use crate::solve::{Backend, Outcome, Program};

/// Adds the panel constraints over the first `groups.len()` variables of `p` (which must be
/// the per-type counts), with per-value ranges `bounds`.
pub fn add_panel_rows(p: &mut Program, inst: &Instance, groups: &Groups, bounds: &[(f64, f64)]) {
    let all: Vec<(usize, f64)> = (0..groups.len()).map(|t| (t, 1.0)).collect();
    p.add_row(all, inst.seats as f64, inst.seats as f64);
    let mut by_value: Vec<Vec<(usize, f64)>> = vec![Vec::new(); inst.quotas.values.len()];
    for (t, ty) in groups.groups.iter().enumerate() {
        for &v in &ty.values {
            by_value[v].push((t, 1.0));
        }
    }
    for (coefs, &(lo, hi)) in by_value.into_iter().zip(bounds) {
        p.add_row(coefs, lo, hi);
    }
    for h in &groups.households {
        p.add_row(
            h.iter().map(|&t| (t, 1.0)).collect(),
            f64::NEG_INFINITY,
            1.0,
        );
    }
}

/// The quotas' ranges as the `bounds` of [`add_panel_rows`].
pub fn quota_ranges(inst: &Instance) -> Vec<(f64, f64)> {
    inst.bounds
        .iter()
        .map(|&(l, h)| (l as f64, h as f64))
        .collect()
}

/// The count variables of a panel program: one integer in `0..=size` per type.
pub fn count_program(groups: &Groups, weights: &[f64]) -> Program {
    let mut p = Program::default();
    for (t, w) in weights.iter().enumerate().take(groups.len()) {
        p.add_var(0.0, groups.size(t) as f64, true, -w);
    }
    p
}

/// Reads the count variables of a solution as a composition.
pub fn composition_of(solution: &[f64], groups: &Groups) -> Composition {
    solution[..groups.len()]
        .iter()
        .map(|x| x.round().max(0.0) as u32)
        .collect()
}

/// The panel of maximum total weight, where `weights[t]` is the weight of one seat given to a
/// member of type `t`; `None` when no panel meets the quotas. With `require = Some(t)`, only
/// panels with at least one member of type `t` count.
pub fn best_panel(
    inst: &Instance,
    groups: &Groups,
    weights: &[f64],
    require: Option<usize>,
    backend: Backend,
) -> Result<Option<Composition>> {
    if backend == Backend::Pure {
        let found =
            PanelProgram::new(inst, groups).heaviest(weights, require, f64::NEG_INFINITY, None)?;
        return Ok(found.panel);
    }
    let mut p = count_program(groups, weights);
    if let Some(t) = require {
        p.vars[t].lower = 1.0;
    }
    add_panel_rows(&mut p, inst, groups, &quota_ranges(inst));
    Ok(match p.solve(backend)? {
        Outcome::Optimal(x) => Some(composition_of(&x, groups)),
        Outcome::Infeasible => None,
    })
}

/// Checks a composition against group sizes and the panel rules; returns the violations.
pub fn composition_violations(inst: &Instance, groups: &Groups, c: &Composition) -> Vec<String> {
    let mut out = Vec::new();
    let mut tally = Tally::new(inst.quotas.values.len());
    for (t, &n) in c.iter().enumerate() {
        if n > groups.size(t) {
            out.push(format!(
                "group {t} used {n} times but has {} members",
                groups.size(t)
            ));
        }
        tally.add(&groups.groups[t].values, n);
    }
    tally.shared_households = groups
        .households
        .iter()
        .filter(|h| h.iter().map(|&t| c[t]).sum::<u32>() > 1)
        .count();
    out.extend(inst.broken_rules(&tally));
    out
}
