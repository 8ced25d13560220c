//! LEXIMIN (Flanigan, Gölz, Gupta, Hennig & Procaccia, Nature 596, 2021) and MAXIMIN (its
//! first stage) over groups of interchangeable volunteers (see [`crate::input::groups`]).
//!
//! [`leximin`] first takes the quota polytope ([`super::polytope`]), which is exact whenever
//! its walk finds a mix of panels. Where it does not, column generation, exact on every
//! instance, takes over; on HiGHS (`Backend::Highs`) column generation runs alone, an
//! independent check of the default route.
//!
//! Column generation, stage by stage: for the groups whose probability is not yet fixed, find
//! the largest `z` such that some distribution over panels gives each of them at least `z`
//! and each fixed group its fixed probability. The stage LP's dual over the panels found so
//! far is
//!
//! ```text
//! minimise ŷ − Σ_fixed p_t·y_t   subject to   Σ_t y_t·c_Pt/n_t ≤ ŷ  for every known panel P,
//!                                             Σ_unfixed y_t = 1,   y ≥ 0
//! ```
//!
//! (c_Pt = members of group t on P, n_t = group size). Pricing asks the panel ILP for the
//! panel of largest weight Σ_t y_t·c_t/n_t; if it beats ŷ it joins and the LP is solved again.
//! When no panel beats ŷ, every unfixed group with a positive dual weight is tight in every
//! optimum (complementary slackness) and is fixed. On the pure-Rust backend the stage LP is
//! solved in primal form by our own simplex, warm from round to round (a new panel is a new
//! column); on HiGHS it is solved from scratch each round, with clarabel's central duals as
//! the fallback. The last stage's panel probabilities are the distribution
//! ([`final_distribution`]).

use super::distribution::{group_probabilities, Distribution, Method};
use super::polytope::leximin_on_polytope;
use super::progress::Progress;
use crate::error::{Error, Result};
use crate::input::groups::{Composition, Groups};
use crate::input::instance::Instance;
use crate::select::relaxation::explain_infeasibility;
use crate::solve::clarabel::LP_TOLERANCE;
use crate::solve::panel_ilp::{best_panel, composition_violations};
use crate::solve::panel_search::{Heaviest, PanelProgram};
use crate::solve::{Backend, Outcome, Program};
use stage_simplex::{StageSimplex, DUAL_CAP};
use std::collections::HashMap;

pub(crate) mod stage_simplex;

/// On the interior-point solver, a panel beats the dual bound ŷ when its weight exceeds
/// ŷ·(1 + PRICING_TOLERANCE) (on the simplex, see [`SIMPLEX_PRICING_GAP`]). The gap
/// between a panel's weight and ŷ is the gap between the stage's Lagrangian upper bound and
/// the LP's value. Measured on the interior-point solver: an absolute 1e-8 instead makes the
/// LP's own noise (ŷ grows with the weights of fixed groups) look like improvement, and both
/// time and accuracy suffer.
pub(crate) const PRICING_TOLERANCE: f64 = 1e-7;

/// On the simplex, a panel beats the dual bound ŷ when its weight exceeds ŷ + this. The gap
/// between the heaviest panel's weight and ŷ bounds how far the LP's value is below the
/// stage's optimum, in probability units, so this bounds the error of each fixed value. A
/// bound relative to ŷ would not do: ŷ also holds the fixed groups' weights, which reach
/// their cap ([`DUAL_CAP`]) in later stages (measured on b-600-60: ŷ ≈ 1,700 from stage 5
/// on, where [`PRICING_TOLERANCE`] would allow an error of 1.7e-4). The simplex's duals are
/// exact up to rounding (about 1e-12 here), so the gap can be small; 1e-8 costs no time on
/// a-250-30 or b-600-60.
pub(crate) const SIMPLEX_PRICING_GAP: f64 = 1e-8;

/// While the LP is solved loosely ([`LOOSE_LP_TOLERANCE`]), a panel must beat ŷ by this
/// much: the loose LP's own error (about its tolerance, relative) would otherwise pass for
/// improvement, and rounds would go on adding panels that change the value only in the
/// seventh digit (measured on b-600-60: half of the first stage's rounds).
pub(crate) const LOOSE_PRICING_TOLERANCE: f64 = 1e-5;

/// Where a stage is in its rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// The first solve, precise: a stage often needs no new panel at all.
    Opening,
    /// Panels are being added; loose solves and pricing steer the search.
    Loose,
    /// Loose pricing found nothing: precise solves and pricing until no panel beats ŷ.
    Closing,
}

/// The tight groups are told from the others by the first big fall between consecutive dual
/// weights per member, sorted from the largest: zero weights come back from the
/// interior-point solver at 1e-11 to 1e-5 of the largest (the worst seen on the shared
/// instances: 5.8e-6), while positive ones lie close together. A fall counts when the weight
/// drops by more than this factor; without one, every unfixed type is tight. The simplex's
/// vertex duals are zero up to rounding (1e-16) where they are zero; should a fall also come
/// between two positive ones, the groups below it are fixed by a later stage at the same value.
pub(crate) const TIGHT_DUAL_RATIO: f64 = 1e-3;

/// The unfixed groups whose dual weight is positive (tight in every optimum of the stage).
fn tight_types(groups: &Groups, unfixed: &[usize], y: &[f64]) -> Vec<usize> {
    // A type's dual weight is the sum of its members' weights: compare per member.
    let mut by_weight: Vec<(f64, usize)> = unfixed
        .iter()
        .map(|&t| (y[t].max(0.0) / groups.size(t) as f64, t))
        .collect();
    by_weight.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    // Scanning down from the largest, the first fall by more than the factor ends the tight
    // ones (falls within the near-zero weights, which vary widely, do not matter).
    let cut = (0..by_weight.len().saturating_sub(1))
        .find(|&i| by_weight[i + 1].0 < TIGHT_DUAL_RATIO * by_weight[i].0)
        .map_or(by_weight.len(), |i| i + 1);
    by_weight[..cut].iter().map(|&(_, t)| t).collect()
}

/// The time column generation may take before LEXIMIN gives up with [`Error::OutOfTime`]
/// (it is the fallback of the quota polytope, which decides realistic pools in seconds).
pub const COLUMN_GENERATION_BUDGET: std::time::Duration = std::time::Duration::from_secs(600);

/// Column generation's budget is spent at `stage`, with `fixed` of `types` fixed.
fn out_of_time(stage: usize, fixed: usize, types: usize) -> Error {
    Error::OutOfTime {
        seconds: COLUMN_GENERATION_BUDGET.as_secs(),
        stage,
        fixed,
        types,
    }
}

/// How far the stages go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// All stages: LEXIMIN.
    Leximin,
    /// The first stage only: MAXIMIN.
    Maximin,
}

/// The result of the column generation: the panels found and each type's fixed probability.
pub struct Stages {
    /// The candidate groups.
    pub groups: Groups,
    /// Every panel found.
    pub panels: Vec<Composition>,
    /// The fixed probability of each type.
    pub fixed: Vec<f64>,
    /// Whether a type's probability is fixed exactly (LEXIMIN) or only bounded below by it
    /// (the groups MAXIMIN leaves free above the minimum).
    pub exact: Vec<bool>,
    /// Panel probabilities (one per panel) of the last stage's optimum, when the simplex
    /// solved it: they meet every fixed probability already, see [`final_distribution`].
    pub last_stage: Option<Vec<f64>>,
}

/// Which solver takes the stage LPs on the pure-Rust backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StageLp {
    /// Our simplex (the stage simplex), warm from round to round; should it fail,
    /// clarabel takes over for the rest of the stage.
    #[default]
    Simplex,
    /// clarabel's interior-point method for every round: the fallback on its own, for tests
    /// and comparisons.
    InteriorPoint,
}

/// How LEXIMIN is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// On the quota polytope ([`super::polytope`]), which is exact whenever its walk finds a
    /// mix of panels; where it does not (or its LPs fail), by column generation on the
    /// default stage LP solver. For MAXIMIN this route returns the LEXIMIN distribution,
    /// which has the largest minimum.
    Polytope,
    /// By column generation alone, the stage LPs on the given solver.
    ColumnGeneration(StageLp),
}

impl Route {
    /// The route [`leximin`] takes on `backend`: the quota polytope on the pure-Rust backend;
    /// column generation on HiGHS, so that `--solver highs` solves every LP and ILP on HiGHS
    /// (and checks the default route by an independent method and solver).
    pub fn default_for(backend: Backend) -> Route {
        match backend {
            Backend::Pure => Route::Polytope,
            #[cfg(feature = "highs")]
            Backend::Highs => Route::ColumnGeneration(StageLp::default()),
        }
    }
}

/// Computes the LEXIMIN (or MAXIMIN) distribution.
pub fn leximin(
    inst: &Instance,
    depth: Depth,
    backend: Backend,
    progress: &mut dyn Progress,
) -> Result<Distribution> {
    leximin_with(inst, depth, backend, Route::default_for(backend), progress)
}

/// [`leximin`] by `route`.
pub fn leximin_with(
    inst: &Instance,
    depth: Depth,
    backend: Backend,
    route: Route,
    progress: &mut dyn Progress,
) -> Result<Distribution> {
    let stage_lp = match route {
        Route::Polytope => {
            // A solver error on the polytope is no reason to give up: column generation
            // solves every instance the polytope's walk cannot.
            match leximin_on_polytope(inst, progress) {
                Ok(Some(d)) => return Ok(d),
                // Asked to stop: no fallback either.
                Err(Error::Cancelled) => return Err(Error::Cancelled),
                _ => {}
            }
            StageLp::default()
        }
        Route::ColumnGeneration(stage_lp) => stage_lp,
    };
    let stages = solve_stages(inst, depth, backend, stage_lp, progress)?;
    final_distribution(stages, backend)
}

struct Panels {
    list: Vec<Composition>,
    seen: HashMap<Composition, usize>,
    /// Whether each panel takes part in the stage LP (see [`DROP_SLACK`]).
    active: Vec<bool>,
    /// Panels that were brought back after being left out are never left out again, so that
    /// leaving out and bringing back cannot cycle.
    sticky: Vec<bool>,
}

impl Panels {
    /// Adds a panel, or re-activates a known inactive one; false if it is already active.
    fn add(&mut self, c: Composition) -> bool {
        match self.seen.get(&c) {
            Some(&i) if self.active[i] => false,
            Some(&i) => {
                self.active[i] = true;
                self.sticky[i] = true;
                true
            }
            None => {
                self.seen.insert(c.clone(), self.list.len());
                self.list.push(c);
                self.active.push(true);
                self.sticky.push(false);
                true
            }
        }
    }

    fn active_list(&self) -> Vec<&Composition> {
        self.list
            .iter()
            .zip(&self.active)
            .filter(|(_, &a)| a)
            .map(|(p, _)| p)
            .collect()
    }

    /// Leaves out of the stage LP the panels whose dual row has slack above
    /// `DROP_SLACK × ŷ`: they are far from being used, and pricing brings them back if needed.
    fn prune(&mut self, groups: &Groups, y: &[f64], y_hat: f64) {
        for ((p, a), &sticky) in self
            .list
            .iter()
            .zip(self.active.iter_mut())
            .zip(&self.sticky)
        {
            if *a && !sticky {
                let load: f64 = p
                    .iter()
                    .enumerate()
                    .filter(|&(_, &c)| c > 0)
                    .map(|(t, &c)| y[t] * c as f64 / groups.size(t) as f64)
                    .sum();
                if y_hat - load > DROP_SLACK * y_hat {
                    *a = false;
                }
            }
        }
    }
}

/// Adds an improving panel to the known ones, or brings it back into the simplex if the
/// simplex had parked it; false if it is already taking part.
fn offer(panels: &mut Panels, simplex: Option<&mut StageSimplex>, c: Composition) -> bool {
    if let (Some(&i), Some(s)) = (panels.seen.get(&c), simplex) {
        if s.unpark(i) {
            return true;
        }
    }
    panels.add(c)
}

/// The relative slack beyond which a panel leaves the stage LP (it stays in the final LP).
/// Smaller stage LPs solve faster; 0.1 keeps every panel that is at all likely to be used.
pub(crate) const DROP_SLACK: f64 = 0.1;

/// The household (index into [`Groups::households`]) of each type, if it is in one.
fn household_types(groups: &Groups) -> Vec<Option<usize>> {
    let mut in_household = vec![None; groups.len()];
    for (h, members) in groups.households.iter().enumerate() {
        for &t in members {
            in_household[t] = Some(h);
        }
    }
    in_household
}

/// A fixed number in [0, 0.5) per type (a multiplicative hash), to break ties in ILP weights.
fn tie_breaker(t: usize) -> f64 {
    let h = (t as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 11;
    0.5 * h as f64 / (1u64 << 53) as f64
}

/// Runs the stages and returns the fixed probabilities.
pub fn solve_stages(
    inst: &Instance,
    depth: Depth,
    backend: Backend,
    stage_lp: StageLp,
    progress: &mut dyn Progress,
) -> Result<Stages> {
    let started = std::time::Instant::now();
    let groups = Groups::of(inst);
    let program = PanelProgram::new(inst, &groups);
    let n = groups.len();
    let mut panels = Panels {
        list: Vec::new(),
        seen: HashMap::new(),
        active: Vec::new(),
        sticky: Vec::new(),
    };
    // Initial panels: cover every type that is in some feasible panel. Any panel to start
    // with, then local search towards uncovered groups from every panel found, and last an
    // ILP for each type still uncovered (which also proves a type is in no feasible panel).
    // An ILP that maximises the number of newly covered groups instead is slow to prove
    // optimal (measured: 37 s for 17 panels on b-600-60).
    let Some(first) = best_panel(inst, &groups, &vec![0.0; n], None, backend)? else {
        let why = explain_infeasibility(inst, &groups, backend)?;
        return Err(Error::Infeasible(Box::new(why)));
    };
    let mut covered: Vec<bool> = first.iter().map(|&c| c > 0).collect();
    let mut in_no_panel = vec![false; n];
    panels.add(first);
    let in_household = household_types(&groups);
    let sets = ValueSets::new(inst, &groups);
    // The weights (uncovered groups only) and the order they give, kept until a panel covers
    // a new type.
    let weigh = |covered: &[bool]| -> (Vec<f64>, Vec<usize>) {
        let w: Vec<f64> = (0..n)
            .map(|t| {
                if covered[t] {
                    0.0
                } else {
                    1.0 + tie_breaker(t)
                }
            })
            .collect();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| w[b].total_cmp(&w[a]).then(a.cmp(&b)));
        (w, order)
    };
    let (mut w, mut order) = weigh(&covered);
    let mut from = 0;
    while from < panels.list.len() {
        let p = climb(
            inst,
            &groups,
            &panels.list[from],
            &w,
            &order,
            &in_household,
            &sets,
        );
        from += 1;
        if (0..n).any(|t| p[t] > 0 && !covered[t]) {
            for t in 0..n {
                covered[t] |= p[t] > 0;
            }
            panels.add(p);
            (w, order) = weigh(&covered);
        }
    }
    for t in 0..n {
        if covered[t] || in_no_panel[t] {
            continue;
        }
        if started.elapsed() > COLUMN_GENERATION_BUDGET {
            return Err(out_of_time(0, 0, n));
        }
        match best_panel(inst, &groups, &vec![0.0; n], Some(t), backend)? {
            Some(p) => {
                for u in 0..n {
                    covered[u] |= p[u] > 0;
                }
                panels.add(p);
            }
            None => in_no_panel[t] = true,
        }
    }
    let mut fixed: Vec<Option<f64>> = in_no_panel.iter().map(|&z| z.then_some(0.0)).collect();
    let mut exact = vec![true; n];
    let mut stage = 0;
    // The stage LP on the simplex, carried from stage to stage (built again if carrying it
    // over fails). Where the simplex fails, the loose rounds run on the interior-point solver.
    let mut simplex: Option<StageSimplex> = None;
    let mut last_stage = None;
    // The last stage's value.
    let mut base = 0.0;
    while fixed.iter().any(Option::is_none) {
        stage += 1;
        simplex = simplex
            .take()
            .and_then(|mut s| s.fix(&groups, &fixed, base).ok().map(|()| s))
            .or_else(|| {
                (backend == Backend::Pure && stage_lp == StageLp::Simplex)
                    .then(|| StageSimplex::new(&groups, &panels.list, &fixed).ok())
                    .flatten()
            });
        // Wentges smoothing: price at mixes of the LP's dual and the best dual seen so far
        // (the "centre", the one with the lowest Lagrangian bound), which steadies the duals
        // and cuts the rounds, and at the LP's own dual.
        let mut centre: Option<(Vec<f64>, f64)> = None;
        let mut phase = Phase::Opening;
        let mut rounds = 0;
        let (solution, on_simplex) = loop {
            rounds += 1;
            if started.elapsed() > COLUMN_GENERATION_BUDGET {
                return Err(out_of_time(stage, fixed.iter().flatten().count(), n));
            }
            if rounds > MAX_ROUNDS {
                return Err(Error::Solver {
                    solver: "LEXIMIN",
                    message: format!("stage {stage} did not converge in {MAX_ROUNDS} rounds"),
                });
            }
            let on_simplex = simplex.is_some();
            let (solution, pricing_tolerance) = if let Some(s) = simplex.as_mut() {
                s.add_panels(&groups, &panels.list);
                match s.solve() {
                    Ok(d) => (
                        StageSolution {
                            y: d.y,
                            y_hat: d.y_hat,
                            value: d.value,
                            primal: None,
                        },
                        PRICING_TOLERANCE,
                    ),
                    Err(_) => {
                        // Go on with the interior-point solver.
                        simplex = None;
                        phase = Phase::Opening;
                        continue;
                    }
                }
            } else {
                let (tolerance, pricing_tolerance) = match phase {
                    Phase::Loose => (LOOSE_LP_TOLERANCE, LOOSE_PRICING_TOLERANCE),
                    Phase::Opening | Phase::Closing => (LP_TOLERANCE, PRICING_TOLERANCE),
                };
                let solution =
                    solve_dual(&groups, &panels.active_list(), &fixed, tolerance, backend)?;
                (solution, pricing_tolerance)
            };
            let (y, y_hat) = (solution.y.clone(), solution.y_hat);
            let n_fixed = fixed.iter().filter(|f| f.is_some()).count();
            progress.update(stage, n_fixed, n, panels.list.len());
            if progress.cancelled() {
                return Err(crate::Error::Cancelled);
            }
            let per_seat =
                |y: &[f64]| -> Vec<f64> { (0..n).map(|t| y[t] / groups.size(t) as f64).collect() };
            let fixed_part =
                |y: &[f64]| -> f64 { (0..n).map(|t| fixed[t].unwrap_or(0.0) * y[t]).sum() };
            let weight = |p: &Composition, w: &[f64]| -> f64 {
                p.iter().zip(w).map(|(&c, w)| c as f64 * w).sum()
            };
            let w = per_seat(&y);
            let bar = if on_simplex {
                y_hat + SIMPLEX_PRICING_GAP
            } else {
                y_hat * (1.0 + pricing_tolerance) + 1e-12
            };
            let mut added = false;
            // Each known panel's weight under w, filled in as local searches need them.
            let mut known_weights: Vec<f64> = Vec::new();
            // Several points between the centre and the LP's dual: each pricing ILP costs far
            // less than an LP solve, and each point may give a different improving panel.
            let points: Vec<Vec<f64>> = match &centre {
                None => vec![y.clone()],
                Some((c, _)) => PRICING_MIXES
                    .iter()
                    .map(|&a| {
                        c.iter()
                            .zip(&y)
                            .map(|(c, y)| a * c + (1.0 - a) * y)
                            .collect()
                    })
                    .collect(),
            };
            for y_price in points {
                let w_price = per_seat(&y_price);
                // At the LP's own dual only a panel above the bar matters; there the search
                // proves that none is when the stage ends.
                let at_dual = y_price == y;
                let floor = if at_dual { bar } else { f64::NEG_INFINITY };
                let found = heaviest_panel(inst, &groups, &program, &w_price, floor, backend)?;
                let bound = found.bound - fixed_part(&y_price);
                if centre.as_ref().is_none_or(|(_, b)| bound < *b) {
                    centre = Some((y_price.clone(), bound));
                }
                let Some(best) = found.panel else {
                    debug_assert!(at_dual, "some panel exists");
                    continue;
                };
                if weight(&best, &w) > bar {
                    added |= offer(&mut panels, simplex.as_mut(), best);
                    // Local search after each improving point, starting from a set that now
                    // holds this point's panel. Once a round instead was faster on a-250-30
                    // (2.46 → 2.24 s) but slower on b-600-60 (148 → 176 s).
                    for e in
                        climbed_panels(inst, &groups, &panels, &w, bar, &mut known_weights, &sets)
                    {
                        added |= offer(&mut panels, simplex.as_mut(), e);
                    }
                }
            }
            // Only the interior-point solver's central duals say which panels are far from use.
            if added && !on_simplex {
                panels.prune(&groups, &y, y_hat);
            }
            phase = match (on_simplex, phase, added) {
                // The simplex is exact: its rounds end when no panel beats its dual.
                (true, _, true) => Phase::Loose,
                (true, _, false) => break (solution, true),
                (false, Phase::Opening | Phase::Loose, true) => Phase::Loose,
                (false, Phase::Loose, false) => Phase::Closing,
                (false, Phase::Closing, true) => Phase::Closing,
                (false, Phase::Opening | Phase::Closing, false) => break (solution, false),
            };
        };
        let unfixed: Vec<usize> = (0..n).filter(|&t| fixed[t].is_none()).collect();
        // The stage value, taken from the primal panel probabilities when the solver gives
        // them: a value that a distribution over known panels really reaches, so the values
        // fixed stage after stage stay jointly reachable however the dual rounds.
        // On the simplex, the panel probabilities of its optimum, which are also the
        // distribution if this is the last stage.
        let weights = if on_simplex {
            simplex.as_ref().map(StageSimplex::panel_probabilities)
        } else {
            None
        };
        let primal = match &weights {
            Some(w) => {
                let total: f64 = w.iter().sum();
                let shares: Vec<f64> = w.iter().map(|v| v / total).collect();
                Some(group_probabilities(&groups, panels.list.iter(), &shares))
            }
            None => solution.primal,
        };
        let z = match &primal {
            Some(prob) => unfixed
                .iter()
                .map(|&t| prob[t])
                .fold(solution.value, f64::min),
            None => solution.value,
        }
        .max(0.0);
        last_stage = weights;
        let y = &solution.y;
        if depth == Depth::Maximin {
            for &t in &unfixed {
                fixed[t] = Some(z);
                exact[t] = false;
            }
            break;
        }
        let tight = tight_types(&groups, &unfixed, y);
        base = z.min(1.0);
        for t in tight {
            fixed[t] = Some(base);
        }
    }
    debug_assert!(panels
        .list
        .iter()
        .all(|p| composition_violations(inst, &groups, p).is_empty()));
    Ok(Stages {
        groups,
        panels: panels.list,
        fixed: fixed.into_iter().map(|f| f.unwrap_or(0.0)).collect(),
        exact,
        last_stage,
    })
}

/// Nodes a pricing search may visit before it settles for the best panel it holds, if that
/// beats the bar (see [`PanelProgram::heaviest`]). The panel need not be the heaviest to move
/// the column generation on, and the search's bound still serves Wentges smoothing. Measured
/// on c-1200-100: most pricing problems need under 200 nodes, a few early ones over 20,000.
pub(crate) const PRICING_NODE_BUDGET: usize = 1000;

/// The pricing step: the heaviest panel above `floor` on the pure-Rust backend (within
/// [`PRICING_NODE_BUDGET`]), or the solver's heaviest panel.
fn heaviest_panel(
    inst: &Instance,
    groups: &Groups,
    program: &PanelProgram,
    w: &[f64],
    floor: f64,
    backend: Backend,
) -> Result<Heaviest> {
    if backend == Backend::Pure {
        return program.heaviest(w, None, floor, Some(PRICING_NODE_BUDGET));
    }
    let best = best_panel(inst, groups, w, None, backend)?.expect("a panel exists");
    let value: f64 = best.iter().zip(w).map(|(&c, w)| c as f64 * w).sum();
    Ok(Heaviest {
        panel: (value > floor).then_some(best),
        bound: value.max(floor),
        proven: true,
    })
}

/// How many known panels a pricing round starts a local search from, besides the ILP's best:
/// a round should add several improving panels, and panels found from different starting
/// points differ more than neighbours of one; but every panel added makes each later simplex
/// pivot dearer (the value is measured, docs/PERFORMANCE.md).
pub(crate) const CLIMB_STARTS: usize = 8;

/// Each type's feature values as a bit set, one bit per feature value, so that checking a
/// swap against the quotas takes a few word operations (a type has one value per feature, so
/// a swap from type a to type b changes exactly the values in one set and not the other).
struct ValueSets {
    /// Words per set.
    words: usize,
    /// The sets of all groups, one after the other.
    bits: Vec<u64>,
}

impl ValueSets {
    fn new(inst: &Instance, groups: &Groups) -> ValueSets {
        let words = inst.bounds.len().div_ceil(64).max(1);
        let mut sets = ValueSets {
            words,
            bits: Vec::new(),
        };
        for t in 0..groups.len() {
            let set = sets.set(groups.groups[t].values.iter().copied());
            sets.bits.extend(set);
        }
        sets
    }

    /// The set of type `t`'s values.
    fn of(&self, t: usize) -> &[u64] {
        &self.bits[t * self.words..(t + 1) * self.words]
    }

    /// A set of values.
    fn set(&self, values: impl Iterator<Item = usize>) -> Vec<u64> {
        let mut set = vec![0u64; self.words];
        for x in values {
            set[x / 64] |= 1 << (x % 64);
        }
        set
    }
}

/// Improves `start` by swaps (one seat moved from one type to a heavier one, quotas and
/// households kept) until no swap adds weight; `order` lists the groups by decreasing weight.
fn climb(
    inst: &Instance,
    groups: &Groups,
    start: &Composition,
    w: &[f64],
    order: &[usize],
    in_household: &[Option<usize>],
    sets: &ValueSets,
) -> Composition {
    let mut panel = start.clone();
    let mut count = vec![0u32; inst.bounds.len()];
    for (t, &c) in panel.iter().enumerate() {
        for &v in &groups.groups[t].values {
            count[v] += c;
        }
    }
    loop {
        // The values that may lose a member and those that may gain one.
        let may_lose = sets.set((0..count.len()).filter(|&x| count[x] > inst.bounds[x].0));
        let may_gain = sets.set((0..count.len()).filter(|&x| count[x] < inst.bounds[x].1));
        let mut best: Option<(f64, usize, usize)> = None;
        for a in (0..panel.len()).filter(|&a| panel[a] > 0) {
            for &b in order {
                if w[b] <= w[a] {
                    break;
                }
                if best.is_some_and(|(g, _, _)| w[b] - w[a] <= g) {
                    break;
                }
                if panel[b] >= groups.size(b) {
                    continue;
                }
                // A household type (one person) may come in only if no housemate other
                // than the one leaving sits on the panel.
                if let Some(h) = in_household[b] {
                    if groups.households[h]
                        .iter()
                        .any(|&u| u != a && u != b && panel[u] > 0)
                    {
                        continue;
                    }
                }
                // Every value of a's that b lacks loses a member, and the other way round.
                let (va, vb) = (sets.of(a), sets.of(b));
                let ok = (0..sets.words).all(|k| {
                    va[k] & !vb[k] & !may_lose[k] == 0 && vb[k] & !va[k] & !may_gain[k] == 0
                });
                if ok {
                    best = Some((w[b] - w[a], a, b));
                    break;
                }
            }
        }
        let Some((_, a, b)) = best else {
            return panel;
        };
        panel[a] -= 1;
        panel[b] += 1;
        for (&x, &y) in groups.groups[a].values.iter().zip(&groups.groups[b].values) {
            count[x] -= 1;
            count[y] += 1;
        }
    }
}

/// Panels of weight above `bar` found by local search from the heaviest known active panels;
/// `known_weights` holds the weights under `w` of the panels weighed so far this round.
fn climbed_panels(
    inst: &Instance,
    groups: &Groups,
    panels: &Panels,
    w: &[f64],
    bar: f64,
    known_weights: &mut Vec<f64>,
    sets: &ValueSets,
) -> Vec<Composition> {
    let weight = |p: &Composition| -> f64 { p.iter().zip(w).map(|(&c, w)| c as f64 * w).sum() };
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by(|&a, &b| w[b].total_cmp(&w[a]).then(a.cmp(&b)));
    let in_household = household_types(groups);
    let weighed = known_weights.len();
    known_weights.extend(panels.list[weighed..].iter().map(weight));
    let mut starts: Vec<(f64, &Composition)> = panels
        .list
        .iter()
        .zip(&panels.active)
        .zip(known_weights.iter())
        .filter(|((_, &active), _)| active)
        .map(|((p, _), &v)| (v, p))
        .collect();
    starts.sort_by(|a, b| b.0.total_cmp(&a.0));
    let starts: Vec<&Composition> = starts
        .into_iter()
        .take(CLIMB_STARTS)
        .map(|(_, p)| p)
        .collect();
    // The searches are independent: the second half runs on another thread when the machine
    // has a second processor, and the results are taken in the same order either way.
    let climb_all = |starts: &[&Composition]| -> Vec<Composition> {
        starts
            .iter()
            .map(|start| climb(inst, groups, start, w, &order, &in_household, sets))
            .collect()
    };
    let (first, second) = starts.split_at(starts.len() / 2);
    let climbed: Vec<Composition> =
        if std::thread::available_parallelism().is_ok_and(|n| n.get() > 1) && !second.is_empty() {
            std::thread::scope(|scope| {
                let later = scope.spawn(|| climb_all(second));
                let mut climbed = climb_all(first);
                climbed.extend(
                    later
                        .join()
                        .unwrap_or_else(|p| std::panic::resume_unwind(p)),
                );
                climbed
            })
        } else {
            climb_all(&starts)
        };
    let mut out: Vec<Composition> = Vec::new();
    for p in climbed {
        if weight(&p) > bar && !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// The LP accuracy while columns are still being added: duals only steer the search then.
/// Each stage ends with a solve at [`LP_TOLERANCE`] and a last pricing check.
pub(crate) const LOOSE_LP_TOLERANCE: f64 = 1e-6;

/// Pricing rounds a stage may take before the solve is abandoned as not converging (the
/// shared instances need at most a few hundred).
pub(crate) const MAX_ROUNDS: usize = 5000;

/// The weights of the centre in the smoothed duals a round prices at (Wentges smoothing, at
/// several points), see [`solve_stages`]. 0 is the LP's own dual, so a round always finds an
/// improving panel if one exists. A point near the LP's dual mostly finds panels that the
/// next round's LP no longer wants, and each costs simplex pivots (the values are measured,
/// docs/PERFORMANCE.md).
pub(crate) const PRICING_MIXES: [f64; 4] = [0.5, 0.0, 0.75, 0.9];

/// Solves the stage dual over the known panels: returns (y per type, ŷ, objective).
fn solve_dual(
    groups: &Groups,
    panels: &[&Composition],
    fixed: &[Option<f64>],
    tolerance: f64,
    backend: Backend,
) -> Result<StageSolution> {
    let n = groups.len();
    let mut p = Program::default();
    for (t, f) in fixed.iter().enumerate() {
        // y_t for each type, the sum of its members' weights. The weights of fixed groups can
        // have an unbounded optimal face, which interior-point methods handle badly; a
        // generous cap per member keeps an optimum inside.
        let cost = -f.unwrap_or(0.0);
        p.add_var(0.0, DUAL_CAP * groups.size(t) as f64, false, cost);
    }
    let y_hat = p.add_var(f64::NEG_INFINITY, f64::INFINITY, false, 1.0);
    for panel in panels {
        let mut coefs: Vec<(usize, f64)> = panel
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c > 0)
            .map(|(t, &c)| (t, c as f64 / groups.size(t) as f64))
            .collect();
        coefs.push((y_hat, -1.0));
        p.add_row(coefs, f64::NEG_INFINITY, 0.0);
    }
    let unfixed: Vec<(usize, f64)> = (0..n)
        .filter(|&t| fixed[t].is_none())
        .map(|t| (t, 1.0))
        .collect();
    p.add_row(unfixed, 1.0, 1.0);
    p.tolerance = Some(tolerance);
    let no_solution = || Error::Solver {
        solver: "LP",
        message: "the LEXIMIN stage dual has no solution".into(),
    };
    // The row duals are the panel probabilities of the stage's primal LP.
    let (x, duals) = match backend {
        Backend::Pure => crate::solve::clarabel::solve_clarabel_with_duals(&p)?,
        #[cfg(feature = "highs")]
        Backend::Highs => p.solve_highs_with_duals()?,
    }
    .ok_or_else(no_solution)?;
    let objective: f64 = x.iter().zip(&p.objective).map(|(a, b)| a * b).sum();
    let lambda = &duals[..panels.len()];
    let total: f64 = lambda.iter().map(|v| v.max(0.0)).sum();
    let primal = (total > 0.0).then(|| {
        let shares: Vec<f64> = lambda.iter().map(|w| w.max(0.0) / total).collect();
        group_probabilities(groups, panels.iter().copied(), &shares)
    });
    Ok(StageSolution {
        y: x[..n].iter().map(|v| v.max(0.0)).collect(),
        y_hat: x[y_hat],
        value: objective,
        primal,
    })
}

/// A solved stage LP.
struct StageSolution {
    /// Dual weight per type.
    y: Vec<f64>,
    /// The dual bound ŷ (the weight no known panel exceeds).
    y_hat: f64,
    /// The LP's value: the stage's minimum probability over the known panels.
    value: f64,
    /// Per type, the probability under the LP's own panel probabilities (from the row duals
    /// of clarabel or HiGHS; on the simplex they are computed once the stage ends).
    primal: Option<Vec<f64>>,
}

/// How far the last stage's panel probabilities may miss a fixed probability and still be
/// the distribution returned (see [`final_distribution`]).
pub(crate) const CARRIED_TOLERANCE: f64 = 1e-6;

/// Finds panel probabilities that give every type its fixed probability.
///
/// The last stage's optimum already gives every type at least its fixed probability, and as
/// the probabilities of all volunteers always sum to the panel size, no type can get more
/// than its LEXIMIN value: it is the LEXIMIN distribution. When the simplex solved the last
/// stage and its panel probabilities meet the fixed values within a tolerance of 1e-6, they
/// are returned. Otherwise an LP finds panel probabilities that meet them as nearly as the
/// solver allows: minimise ε subject to Σλ = 1, λ ≥ 0, |prob_t − fixed_t| ≤ ε.
pub fn final_distribution(stages: Stages, backend: Backend) -> Result<Distribution> {
    let Stages {
        groups,
        panels,
        fixed,
        exact,
        last_stage,
    } = stages;
    if let Some(weights) = last_stage {
        let carried = Distribution::new(
            Method::ColumnGeneration,
            groups.clone(),
            panels.clone(),
            &weights,
        );
        let worst = (0..groups.len())
            .map(|t| {
                let (got, want) = (carried.group_probability[t], fixed[t]);
                if exact[t] {
                    (got - want).abs()
                } else {
                    want - got
                }
            })
            .fold(0.0, f64::max);
        if worst <= CARRIED_TOLERANCE {
            return Ok(carried);
        }
    }
    let mut p = Program::default();
    let lambdas: Vec<usize> = panels
        .iter()
        .map(|_| p.add_var(0.0, f64::INFINITY, false, 0.0))
        .collect();
    let eps = p.add_var(f64::NEG_INFINITY, f64::INFINITY, false, 1.0);
    p.add_row(lambdas.iter().map(|&l| (l, 1.0)).collect(), 1.0, 1.0);
    let mut rows: Vec<Vec<(usize, f64)>> = vec![Vec::new(); groups.len()];
    for (i, panel) in panels.iter().enumerate() {
        for (t, &c) in panel.iter().enumerate() {
            if c > 0 {
                rows[t].push((lambdas[i], c as f64 / groups.size(t) as f64));
            }
        }
    }
    // Two-sided: the stage values sit a hair below the exact optimum (solver tolerances), and
    // the spare probability must be spread evenly, not heaped on a few people.
    for (t, coefs) in rows.into_iter().enumerate() {
        let mut below = coefs.clone();
        below.push((eps, 1.0));
        p.add_row(below, fixed[t], f64::INFINITY);
        if exact[t] {
            let mut above = coefs;
            above.push((eps, -1.0));
            p.add_row(above, f64::NEG_INFINITY, fixed[t]);
        }
    }
    let Outcome::Optimal(x) = p.solve(backend)? else {
        return Err(Error::Solver {
            solver: "LP",
            message: "no distribution meets the LEXIMIN probabilities".into(),
        });
    };
    Ok(Distribution::new(
        Method::ColumnGeneration,
        groups,
        panels,
        &x[..lambdas.len()],
    ))
}
