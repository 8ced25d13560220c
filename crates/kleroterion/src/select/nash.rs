//! NASH: the distribution over panels that maximises Σ over volunteers of log(probability).
//!
//! [`nash`] first takes the quota polytope (see [`super::polytope`]): its point of largest
//! Σ size·log(probability) — one exponential cone per group, solved by clarabel — bounds NASH
//! from above, so when the walk writes it as a mix of panels the mix is NASH exactly. Where
//! the walk fails, [`nash_by_rounds`] runs a fully corrective Frank–Wolfe scheme from the
//! LEXIMIN distribution: the gradient of Σ_t n_t·log(p_t) with respect to a panel is
//! Σ_t c_Pt / p_t, so the panel ILP with weights 1/p_t finds the best new panel, and the
//! weights over known panels are re-optimised by exponentiated-gradient steps until the gap is
//! small. Volunteers on no feasible panel (probability 0) are left out of the objective.

use super::distribution::{group_probabilities, Distribution, Method};
use super::leximin::{leximin, Depth};
use super::polytope::nash_on_polytope;
use super::progress::Progress;
use crate::error::Result;
use crate::input::instance::Instance;
use crate::solve::panel_ilp::best_panel;
use crate::solve::Backend;

/// Stop when no panel improves the first-order bound by more than this fraction of the
/// number of volunteers (the optimality gap of the Frank–Wolfe dual).
pub(crate) const NASH_GAP: f64 = 1e-4;

/// Outer rounds (pricing calls) at most.
pub(crate) const NASH_ROUNDS: usize = 200;

/// Multiplicative-update steps over the known panels per round.
pub(crate) const NASH_INNER_STEPS: usize = 200;

/// Σ_t n_t·log(p_t) over groups with positive probability.
pub fn nash_objective(d: &Distribution) -> f64 {
    (0..d.groups.len())
        .filter(|&t| d.group_probability[t] > 0.0)
        .map(|t| d.groups.size(t) as f64 * d.group_probability[t].ln())
        .sum()
}

fn objective(d: &Distribution, p: &[f64], active: &[bool]) -> f64 {
    (0..p.len())
        .filter(|&t| active[t])
        .map(|t| d.groups.size(t) as f64 * p[t].max(1e-300).ln())
        .sum()
}

/// Computes the NASH distribution: on the pure-Rust backend through the quota polytope
/// ([`nash_on_polytope`]) where its walk reaches the optimum, else by the rounds of
/// [`nash_by_rounds`].
pub fn nash(
    inst: &Instance,
    backend: Backend,
    progress: &mut dyn Progress,
) -> Result<Distribution> {
    let start = leximin(inst, Depth::Leximin, backend, progress)?;
    if backend == Backend::Pure {
        // The polytope's optimum is never below LEXIMIN's product; should rounding make it
        // so, the rounds take over.
        let excluded: Vec<bool> = start.group_probability.iter().map(|&p| p <= 1e-9).collect();
        if let Ok(Some(d)) = nash_on_polytope(inst, &excluded) {
            if nash_objective(&d) >= nash_objective(&start) {
                return Ok(d);
            }
        }
    }
    rounds_from(inst, start, backend, progress)
}

/// NASH by the fully corrective Frank–Wolfe rounds of the module doc alone, from LEXIMIN.
pub fn nash_by_rounds(
    inst: &Instance,
    backend: Backend,
    progress: &mut dyn Progress,
) -> Result<Distribution> {
    let start = leximin(inst, Depth::Leximin, backend, progress)?;
    rounds_from(inst, start, backend, progress)
}

fn rounds_from(
    inst: &Instance,
    start: Distribution,
    backend: Backend,
    progress: &mut dyn Progress,
) -> Result<Distribution> {
    let groups = start.groups.clone();
    let active: Vec<bool> = start.group_probability.iter().map(|&p| p > 1e-9).collect();
    let n_people: f64 = (0..groups.len())
        .filter(|&t| active[t])
        .map(|t| groups.size(t) as f64)
        .sum();
    let mut panels = start.panels.clone();
    let mut lambda = start.probabilities.clone();
    let mut best_value = nash_objective(&start);
    let mut best = (panels.clone(), lambda.clone());
    for round in 0..NASH_ROUNDS {
        // Re-optimise the weights of the known panels by exponentiated gradient with a
        // backtracking step.
        let mut step = 0.1;
        let mut p = group_probabilities(&start.groups, panels.iter(), &lambda);
        let mut value = objective(&start, &p, &active);
        for _ in 0..NASH_INNER_STEPS {
            let grad: Vec<f64> = panels
                .iter()
                .map(|panel| {
                    panel
                        .iter()
                        .enumerate()
                        .filter(|&(t, &c)| c > 0 && active[t])
                        .map(|(t, &c)| c as f64 / p[t])
                        .sum::<f64>()
                        / n_people
                })
                .collect();
            loop {
                let mut trial: Vec<f64> = lambda
                    .iter()
                    .zip(&grad)
                    .map(|(l, g)| l * (step * g).exp())
                    .collect();
                let total: f64 = trial.iter().sum();
                trial.iter_mut().for_each(|l| *l /= total);
                let tp = group_probabilities(&start.groups, panels.iter(), &trial);
                let tv = objective(&start, &tp, &active);
                if tv >= value {
                    lambda = trial;
                    p = tp;
                    value = tv;
                    step *= 1.5;
                    break;
                }
                step *= 0.5;
                if step < 1e-12 {
                    break;
                }
            }
        }
        if value > best_value {
            best_value = value;
            best = (panels.clone(), lambda.clone());
        }
        // Pricing: the panel with the largest gradient Σ_t c_t/p_t.
        let w: Vec<f64> = (0..groups.len())
            .map(|t| {
                if active[t] {
                    1.0 / p[t].max(1e-12)
                } else {
                    0.0
                }
            })
            .collect();
        let Some(new) = best_panel(inst, &groups, &w, None, backend)? else {
            break;
        };
        let gain: f64 = new.iter().zip(&w).map(|(&c, w)| c as f64 * w).sum();
        progress.update(round + 1, 0, groups.len(), panels.len());
        if progress.cancelled() {
            return Err(crate::Error::Cancelled);
        }
        // At the optimum every panel's gradient is at most n_people (the value on the support).
        if gain <= n_people * (1.0 + NASH_GAP) || panels.contains(&new) {
            break;
        }
        panels.push(new);
        lambda.iter_mut().for_each(|l| *l *= 0.99);
        lambda.push(0.01);
    }
    Ok(Distribution::new(
        Method::FrankWolfe,
        groups,
        best.0,
        &best.1,
    ))
}
