//! LEXIMIN, MAXIMIN and NASH on the quota polytope, then a decomposition into real panels.
//!
//! The *quota polytope* holds the expected seats of every group under any distribution: the
//! panel program's constraints (seats, quotas, households) without integrality. Its LEXIMIN
//! needs no panels — each stage is a small LP with one bounded variable per group, solved by
//! bisection on the panel search's dual simplex, the proof of infeasibility naming the groups
//! that block the next step (or, where that stalls, one LP a stage on clarabel's
//! interior-point method: the `stages` module)
//! — and it is at least the LEXIMIN over panels, leximin-wise. So
//! when a mix of real panels reaches it, that mix *is* LEXIMIN and nothing else needs proving.
//!
//! The mix is found by a walk (Carathéodory's theorem made constructive): take a panel on the
//! smallest face holding the current point, give it as much probability as keeps the rest
//! inside, go on with the rest. The walk fails where the polytope has a corner no panel
//! reaches; most often some volunteers are on no panel at all, so those are left out
//! (probability 0) and the whole is tried again. Where it still fails, the caller falls back
//! to column generation, which is exact in every case. On pools with many households the
//! household rows stay out of the program until the point or a panel needs them (the
//! `households` module).
//!
//! MAXIMIN on this route returns the LEXIMIN distribution (it has the largest minimum). NASH
//! takes the same path ([`nash_on_polytope`]): the polytope's point of largest
//! Σ size·log(probability), by a convex program, then the walk. docs/PERFORMANCE.md has the
//! measurements.

use super::distribution::{Distribution, Method};
use super::leximin::{final_distribution, Stages};
use super::progress::Progress;
use crate::error::Result;
use crate::input::groups::{Composition, Groups};
use crate::input::instance::Instance;
use crate::solve::clarabel::{solve_clarabel_with_logs, LogBound};
use crate::solve::panel_ilp::{add_panel_rows, quota_ranges};
use crate::solve::panel_search::{PanelProgram, Relaxed, SearchStyle, VariableBounds};
use crate::solve::Backend;
use crate::solve::Program;
use std::collections::HashMap;

pub(crate) mod households;
pub(crate) mod stages;

use households::HouseholdRows;

/// The revisions of the walk. A draw's panels depend on which panel each search finds where
/// several are equally good, so a faster search is a new revision: new draws take the newest
/// and name it in their record (`parameters.walk`), and a record is solved again with the
/// revision it names (none named: the first), so that every published draw keeps its panels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WalkRevision {
    /// Short steps and best-first searches; long steps only in a last attempt after every
    /// other failed (the versions up to 2026-12-04).
    First,
    /// The first, until a walk's searches have made [`WALK_PIVOT_BUDGET`] pivots; its
    /// remaining searches then take long steps, dive first rounding up the count nearest
    /// its ceiling, and keep the first panel found: two to five times
    /// faster on pools of thousands (docs/PERFORMANCE.md, 2026-12-08). Every walk that
    /// stays within the budget — every pool the first revision decided in a few seconds,
    /// the example and the shared pools among them — finds the first revision's panels.
    #[default]
    Second,
}

/// The pivots a walk's searches make in the first revision's style before the second
/// revision switches to the fast one: a few seconds of searching on this project's machine,
/// above the largest shared pool's whole walk (d-2500-170: 156,000; docs/PERFORMANCE.md).
pub const WALK_PIVOT_BUDGET: u64 = 200_000;

/// How the walk's searches go once [`WALK_PIVOT_BUDGET`] is spent (the second revision).
const FAST_SEARCHES: SearchStyle = SearchStyle {
    long_steps: true,
    dive_first: true,
    nearest_up: true,
};

/// Nodes of the panel search per walk step in the fast style before it settles for the panel
/// it holds: the first panel found (a heavier one did not make the walk shorter: measured
/// on the 2,000-person pool with three exact quotas, 627 panels with the first, 658 with
/// [`WALK_NODE_BUDGET`]).
const FAST_NODE_BUDGET: usize = 1;

impl WalkRevision {
    /// The revision's number in a record.
    pub fn number(self) -> u64 {
        match self {
            WalkRevision::First => 1,
            WalkRevision::Second => 2,
        }
    }

    /// The revision a record's number names, if any.
    pub fn from_number(number: u64) -> Option<WalkRevision> {
        match number {
            1 => Some(WalkRevision::First),
            2 => Some(WalkRevision::Second),
            _ => None,
        }
    }

    /// The pivots after which the walk's searches switch to [`FAST_SEARCHES`], if ever.
    fn switch_after(self) -> Option<u64> {
        match self {
            WalkRevision::First => None,
            #[cfg(test)]
            WalkRevision::Second => Some(tests::PIVOT_BUDGET.with(|b| b.get())),
            #[cfg(not(test))]
            WalkRevision::Second => Some(WALK_PIVOT_BUDGET),
        }
    }
}

/// The stage value is found by bisection to within this (probability units).
pub(crate) const BISECTION_GAP: f64 = 1e-12;

/// The groups that block a stage are read off the proof that its value plus this is out of
/// reach (see the module doc): far above the LPs' rounding, close enough to the value
/// that the groups it names are tight or nearly so (each is checked by an LP).
pub(crate) const PROOF_STEP: f64 = 1e-9;

/// How far a basic variable of the stages' LPs may lie outside its bounds (on counts), one
/// per attempt: where the stages or the walk fail with the first, the second is tried before
/// column generation. The LPs' rounding decides feasibility near each stage's value, and the
/// proofs there combine rows with coefficients up to about 100 (measured on variants of
/// c-1200-100 and d-2500-170 with a tenth of the pool left out): a looser tolerance lets each
/// stage's value come out a little high, which later stages pay for (with 1e-9 the seventh
/// stage of a-250-30 came out 5e-9 low; with 1e-10, b-600-60 stopped at its 15th stage); a
/// tighter one lets rounding pass for infeasibility. Of the 58 variants of the module doc,
/// 1e-11 alone fails on one, which 1e-12 solves.
pub(crate) const RELAXATION_TOLERANCES: [f64; 2] = [1e-11, 1e-12];

/// A type is fixed at a little less than its stage's value, by at least this: a value comes
/// from LPs that allow a violation of their tolerance ([`RELAXATION_TOLERANCES`]) on counts,
/// and fixing groups exactly at it lets those violations pile up until a later stage finds
/// its own start out of reach (measured: with the groups fixed exactly, d-2500-170 stopped at
/// its 13th stage; with 1e-9 for every stage the walk missed the target on c-1200-100 and
/// d-2500-170). Where a check LP of the stage finds even the value less the margin out of
/// reach, the margin is widened tenfold, up to [`MAX_VALUE_MARGIN`].
pub(crate) const VALUE_MARGIN: f64 = 1e-10;

/// The widest margin a stage may take before the polytope route gives up. The margin sets
/// some probability free for the stage's check (at most the margin times the pool's
/// size, in members), so it must stay small: 1e-9 does as well as 1e-7 on the variants of
/// the module doc.
pub(crate) const MAX_VALUE_MARGIN: f64 = 1e-9;

/// A type counts as tight when no point of its stage gives it more than the stage value plus
/// this, plus the count that the stage's margin sets free on the unfixed groups, spread over
/// the type's members (the check of the module doc).
pub(crate) const TIGHT_CHECK: f64 = 1e-7;

/// A stage value within this of 1 gives every unfixed type probability 1 (the LPs'
/// tolerances and [`VALUE_MARGIN`] keep the bisection a hair below 1).
pub(crate) const CERTAIN: f64 = 1e-7;

/// In the walk, a variable (a count or a row total, scaled by the probability still to give
/// out) is on its bound when within this of it. It must exceed the walk's rounding (about
/// 1e-12 a step) and the target's distance from the faces it lies on.
pub(crate) const FACE_TOLERANCE: f64 = 1e-9;

/// Nodes of the panel search per walk step before it settles for the panel it holds.
pub(crate) const WALK_NODE_BUDGET: usize = 100;

/// Nodes of the panel search per walk step before the walk gives up (a face with no panel on
/// it usually takes few nodes to prove empty; a hard one goes to column generation).
pub(crate) const WALK_NODE_LIMIT: usize = 100_000;

/// The decomposition is accepted when every type's probability is within this of the
/// polytope's LEXIMIN value. The walk's last steps work on a tiny remainder, where rounding
/// decides the faces; it may stop with a little probability not given out, and the panels
/// found are then scaled up to sum to 1, which moves each type's probability by at most that
/// much (measured on three variants of d-2500-170: 1.3e-7 left, 1.2e-7 the largest move).
pub(crate) const DECOMPOSITION_TOLERANCE: f64 = 1e-6;

/// The LEXIMIN distribution through the quota polytope, or `None` when the walk finds no mix
/// of panels that reaches the polytope's optimum, or a stage no tight type, even with the
/// groups on no panel left out (then column generation must solve it).
pub fn leximin_on_polytope(
    inst: &Instance,
    progress: &mut dyn Progress,
) -> Result<Option<Distribution>> {
    let groups = Groups::of(inst);
    let mut rows = HouseholdRows::new(inst, &groups);
    loop {
        match leximin_attempts(inst, &groups, &mut rows, progress)? {
            Attempts::Answer(d) => return Ok(d),
            // The point fills households whose rows were left out: it may lie outside the
            // polytope, so the stages run again with those rows.
            Attempts::Filled(households) => rows.add(&households),
        }
    }
}

/// How [`leximin_attempts`] ended.
enum Attempts {
    /// The distribution, or `None` when every attempt failed.
    Answer(Option<Distribution>),
    /// A stage point fills these households, whose rows are not in the program.
    Filled(Vec<usize>),
}

/// The attempts of [`leximin_on_polytope`] on the program as `rows` holds it.
fn leximin_attempts(
    inst: &Instance,
    groups: &Groups,
    rows: &mut HouseholdRows,
    progress: &mut dyn Progress,
) -> Result<Attempts> {
    rows.set_style(SearchStyle::default());
    let mut base = rows.program().bounds();
    // Groups on some panel the walks found.
    let mut seen = vec![false; groups.len()];
    // The last target reached, with the bounds it was reached in.
    let mut last: Option<(Target, VariableBounds)> = None;
    for retry in [false, true] {
        if retry {
            // Groups in no panel at all, which the polytope may still give seats: left out.
            let excluded = in_no_panel(rows.program(), &base, &seen);
            if excluded.is_empty() {
                break;
            }
            for t in excluded {
                base.upper[t] = 0.0;
            }
        }
        // The stages by bisection on the dual simplex at each tolerance (some fifty LPs a
        // stage; it gives the panels of every earlier version), then on the interior-point
        // method (one LP a stage), which answers where the bisection stalls.
        let routes = RELAXATION_TOLERANCES.map(Some).into_iter().chain([None]);
        for tolerance in routes {
            let (program, stage_groups) = (rows.program(), rows.groups());
            let target = match tolerance {
                None => {
                    let point = stages::leximin_point(program, inst, stage_groups, &base, progress);
                    if progress.cancelled() {
                        return Err(crate::Error::Cancelled);
                    }
                    point.ok().flatten()
                }
                Some(tolerance) => {
                    polytope_leximin(program, stage_groups, &base, tolerance, progress)?
                }
            };
            let Some(target) = target else {
                continue;
            };
            let filled = rows.filled_by(&target.counts);
            if !filled.is_empty() {
                return Ok(Attempts::Filled(filled));
            }
            let stages = target.stages;
            let mix = Walk {
                rows: &mut *rows,
                groups,
                base: &base,
                revision: inst.walk,
            }
            .mix(&target, &mut seen, |found| {
                progress.decomposing(stages, found);
                !progress.cancelled()
            });
            if progress.cancelled() {
                return Err(crate::Error::Cancelled);
            }
            if mix.is_some() {
                return Ok(Attempts::Answer(mix));
            }
            // The walk may have brought household rows in.
            base = rows.rebase(&base);
            last = Some((target, base.clone()));
        }
    }
    // The last attempt: the walk again towards the last target, its searches taking long
    // steps, which reach panels the short ones run out of nodes for on large pools. Only
    // here, so that every pool an earlier version answered keeps its panels.
    let Some((target, base)) = last else {
        return Ok(Attempts::Answer(None));
    };
    rows.set_long_steps_only();
    let base = rows.rebase(&base);
    let stages = target.stages;
    let mix = Walk {
        rows,
        groups,
        base: &base,
        revision: inst.walk,
    }
    .mix(&target, &mut seen, |found| {
        progress.decomposing(stages, found);
        !progress.cancelled()
    });
    if progress.cancelled() {
        return Err(crate::Error::Cancelled);
    }
    Ok(Attempts::Answer(mix))
}

/// The groups, among those no panel in `seen` holds, that the panel search proves to be on no
/// panel within `bounds` (one search each, given up after [`WALK_NODE_LIMIT`] nodes).
fn in_no_panel(program: &PanelProgram, bounds: &VariableBounds, seen: &[bool]) -> Vec<usize> {
    let zero = vec![0.0; seen.len()];
    (0..seen.len())
        .filter(|&t| !seen[t] && bounds.upper[t] > 0.0)
        .filter(|&t| {
            let mut with_t = bounds.clone();
            with_t.lower[t] = 1.0;
            let search = program.heaviest_within(
                &zero,
                &with_t,
                f64::NEG_INFINITY,
                Some(1),
                WALK_NODE_LIMIT,
            );
            matches!(search, Ok(found) if found.panel.is_none())
        })
        .collect()
}

/// The quota polytope of an instance, for the walk.
struct Walk<'w, 'a> {
    /// The panel program, which may take in household rows as the walk goes.
    rows: &'w mut HouseholdRows<'a>,
    /// The groups with every household.
    groups: &'w Groups,
    /// The polytope's bounds (groups on no panel may be held at 0).
    base: &'w VariableBounds,
    /// How the searches change style as the walk goes.
    revision: WalkRevision,
}

impl Walk<'_, '_> {
    /// The walk's mix of panels for `target`, if it comes within [`DECOMPOSITION_TOLERANCE`]
    /// of it; marks in `seen` every type a panel of the walk holds.
    fn mix(
        self,
        target: &Target,
        seen: &mut [bool],
        found: impl FnMut(usize) -> bool,
    ) -> Option<Distribution> {
        let switch = self.revision.switch_after();
        let (panels, weights) = decompose(self.rows, self.base, &target.counts, switch, found);
        for p in &panels {
            for (s, &c) in seen.iter_mut().zip(p) {
                *s |= c > 0;
            }
        }
        if panels.is_empty() {
            return None;
        }
        let worst = |d: &Distribution| {
            (0..d.groups.len())
                .map(|t| (d.group_probability[t] - target.probability[t]).abs())
                .fold(0.0, f64::max)
        };
        let d = Distribution::new(
            Method::QuotaPolytope,
            self.groups.clone(),
            panels.clone(),
            &weights,
        );
        if worst(&d) <= DECOMPOSITION_TOLERANCE {
            return Some(d);
        }
        // The walk's last steps work on a tiny remainder, where rounding decides the faces;
        // the best mix of the panels it found (an LP over their weights) often comes close
        // where the walk's own weights do not.
        let stages = Stages {
            groups: self.groups.clone(),
            panels,
            fixed: target.probability.clone(),
            exact: vec![true; self.groups.len()],
            last_stage: None,
        };
        let mut refit = final_distribution(stages, Backend::Pure).ok()?;
        refit.method = Method::QuotaPolytope;
        (worst(&refit) <= DECOMPOSITION_TOLERANCE).then_some(refit)
    }
}

/// The NASH distribution through the quota polytope: the point of the polytope with the
/// largest Σ size·log(probability) over the groups not `excluded` (a convex program on
/// clarabel, with an exponential cone per type), written as a mix of panels by the walk.
/// `None` when the walk does not reach it. As with LEXIMIN, the polytope holds every
/// distribution's expected seats, so a mix of panels that reaches its optimum is optimal.
pub fn nash_on_polytope(inst: &Instance, excluded: &[bool]) -> Result<Option<Distribution>> {
    let groups = Groups::of(inst);
    let program = PanelProgram::new(inst, &groups);
    let n = groups.len();
    let mut base = program.bounds();
    for (t, &e) in excluded.iter().enumerate() {
        if e {
            base.upper[t] = 0.0;
        }
    }
    let mut p = Program::default();
    for t in 0..n {
        p.add_var(base.lower[t], base.upper[t], false, 0.0);
    }
    let mut logs = Vec::new();
    for t in (0..n).filter(|&t| !excluded[t]) {
        let size = groups.size(t) as f64;
        let r = p.add_var(f64::NEG_INFINITY, f64::INFINITY, false, -size);
        logs.push(LogBound {
            r,
            x: t,
            scale: 1.0 / size,
        });
    }
    add_panel_rows(&mut p, inst, &groups, &quota_ranges(inst));
    let Some(x) = solve_clarabel_with_logs(&p, &logs)? else {
        return Ok(None);
    };
    Ok(mix_reaching(inst, &program, &groups, &base, &x[..n]))
}

/// The walk's mix of panels for the polytope point with expected seats `counts` per type
/// (clamped to `base` and scaled to fill the seats exactly), if the walk reaches it.
pub(crate) fn mix_reaching(
    inst: &Instance,
    program: &PanelProgram,
    groups: &Groups,
    base: &VariableBounds,
    counts: &[f64],
) -> Option<Distribution> {
    let n = groups.len();
    let mut counts: Vec<f64> = (0..n)
        .map(|t| counts[t].clamp(base.lower[t], base.upper[t]))
        .collect();
    let total: f64 = counts.iter().sum();
    let seats = base.lower[n];
    counts.iter_mut().for_each(|c| *c *= seats / total);
    let target = Target {
        probability: (0..n).map(|t| counts[t] / groups.size(t) as f64).collect(),
        counts,
        stages: 1,
    };
    let mut rows = HouseholdRows::complete(inst, groups, program.clone());
    let walk = Walk {
        rows: &mut rows,
        groups,
        base,
        revision: inst.walk,
    };
    walk.mix(&target, &mut vec![false; n], |_| true)
}

impl Target {
    /// The point giving each type its probability, the counts scaled to fill the seats
    /// exactly (the rounding is spread over all groups).
    fn from_probabilities(
        probability: Vec<f64>,
        groups: &Groups,
        seats: f64,
        stages: usize,
    ) -> Target {
        let mut counts: Vec<f64> = (0..groups.len())
            .map(|t| probability[t] * groups.size(t) as f64)
            .collect();
        let total: f64 = counts.iter().sum();
        if total > 0.0 {
            counts.iter_mut().for_each(|c| *c *= seats / total);
        }
        Target {
            probability,
            counts,
            stages,
        }
    }
}

/// The polytope's LEXIMIN point.
struct Target {
    /// Per type: the probability.
    probability: Vec<f64>,
    /// Per type: the expected count on the panel, summing to the seats.
    counts: Vec<f64>,
    /// How many stages it took.
    stages: usize,
}

/// The polytope's bounds `base` with every unfixed type at probability `value` or more, and
/// every fixed one at its value or more.
fn floors(
    base: &VariableBounds,
    groups: &Groups,
    fixed: &[Option<f64>],
    value: f64,
) -> VariableBounds {
    let mut bounds = base.clone();
    for (t, f) in fixed.iter().enumerate() {
        let floor = f.unwrap_or(value) * groups.size(t) as f64;
        bounds.lower[t] = floor.clamp(0.0, base.upper[t]);
    }
    bounds
}

/// The LEXIMIN stages over the polytope; `None` if the polytope is empty or a stage finds no
/// tight type.
///
/// Each stage finds its value by bisection, with an LP of the panel program's size for each
/// step (are there counts giving every unfixed type probability z?). The proof that the
/// smallest z found too high is out of reach names the groups it holds at their floors
/// ([`Relaxed::Infeasible`]); those that no point of the stage lifts above its value are
/// fixed ([`tight_at`]).
fn polytope_leximin(
    program: &PanelProgram,
    groups: &Groups,
    base: &VariableBounds,
    tolerance: f64,
    progress: &mut dyn Progress,
) -> Result<Option<Target>> {
    let n = groups.len();
    // Groups left out of the polytope have probability 0.
    let mut fixed: Vec<Option<f64>> = (0..n)
        .map(|t| (base.upper[t] <= 0.0).then_some(0.0))
        .collect();
    let mut stages = 0;
    let zero = vec![0.0; n];
    let reach = |fixed: &[Option<f64>], z: f64| -> Result<Relaxed> {
        program.relaxation(&zero, &floors(base, groups, fixed, z), tolerance)
    };
    if !matches!(reach(&fixed, 0.0)?, Relaxed::Optimal(_)) {
        return Ok(None);
    }
    let mut value = 0.0;
    while fixed.iter().any(Option::is_none) {
        stages += 1;
        progress.update(stages, fixed.iter().flatten().count(), n, 0);
        if progress.cancelled() {
            return Err(crate::Error::Cancelled);
        }
        let unfixed: Vec<usize> = (0..n).filter(|&t| fixed[t].is_none()).collect();
        // The last stage's value is reachable; bisect between it and 1.
        let (mut lo, mut hi) = (value, 1.0);
        let mut blocking = match reach(&fixed, hi)? {
            Relaxed::Optimal(_) => {
                for &t in &unfixed {
                    fixed[t] = Some(1.0);
                }
                break;
            }
            Relaxed::Infeasible { blocking } => blocking,
        };
        while hi - lo > BISECTION_GAP {
            let mid = 0.5 * (lo + hi);
            match reach(&fixed, mid)? {
                Relaxed::Optimal(_) => lo = mid,
                Relaxed::Infeasible { blocking: b } => {
                    hi = mid;
                    blocking = b;
                }
            }
        }
        value = lo;
        if value >= 1.0 - CERTAIN {
            for &t in &unfixed {
                fixed[t] = Some(1.0);
            }
            break;
        }
        // The proof at the bisection's end may rest on a violation as small as the LP's
        // rounding; a little higher, the groups it names are the ones that really block. A
        // proof that names no unfixed type rests on rounding too: go higher.
        blocking.retain(|&t| fixed[t].is_none());
        for step in [PROOF_STEP, 10.0 * PROOF_STEP, 100.0 * PROOF_STEP] {
            if let Relaxed::Infeasible { blocking: mut b } = reach(&fixed, lo + step)? {
                b.retain(|&t| fixed[t].is_none());
                if !b.is_empty() {
                    blocking = b;
                    break;
                }
            }
        }
        // Fix the tight groups a margin below the value, wide enough that every LP of the
        // check reaches it.
        let mut margin = VALUE_MARGIN;
        let tight = loop {
            let check = Stage {
                base,
                fixed: &fixed,
                value,
                margin,
                tolerance,
            };
            if let Some(tight) = tight_at(program, groups, &check, &blocking)? {
                break tight;
            }
            margin *= 10.0;
            if margin > MAX_VALUE_MARGIN {
                return Ok(None);
            }
        };
        if tight.is_empty() {
            return Ok(None);
        }
        value = (value - margin).max(0.0);
        for t in tight {
            fixed[t] = Some(value);
        }
    }
    Ok(Some(Target::from_probabilities(
        fixed.iter().map(|f| f.unwrap_or(0.0)).collect(),
        groups,
        base.lower[n],
        stages,
    )))
}

/// A stage's outcome for [`tight_at`] to check.
struct Stage<'a> {
    /// The polytope's bounds.
    base: &'a VariableBounds,
    /// The fixed probabilities so far.
    fixed: &'a [Option<f64>],
    /// The stage's value from the bisection.
    value: f64,
    /// How far below it the groups are held.
    margin: f64,
    /// The LPs' tolerance.
    tolerance: f64,
}

/// Of the unfixed groups `candidates`, those that no point of the stage (every unfixed type
/// at the stage's value less the margin, or more) lifts above the value by more than
/// [`TIGHT_CHECK`] and what the margin sets free: one LP per candidate maximises its
/// probability; a type that any of them lifts is not tight. `None` when one of the LPs finds
/// the value less the margin out of reach (rounding): the caller widens the margin.
fn tight_at(
    program: &PanelProgram,
    groups: &Groups,
    stage: &Stage,
    candidates: &[usize],
) -> Result<Option<Vec<usize>>> {
    let &Stage {
        base,
        fixed,
        value,
        margin,
        tolerance,
    } = stage;
    let n = groups.len();
    let bounds = floors(base, groups, fixed, value - margin);
    // The count the margin sets free, at most.
    let freed: f64 = (0..n)
        .filter(|&t| fixed[t].is_none())
        .map(|t| groups.size(t) as f64 * margin)
        .sum();
    let lifted = |x: &[f64], t: usize| {
        let size = groups.size(t) as f64;
        x[t] > (value + TIGHT_CHECK) * size + freed
    };
    let mut loose = vec![false; n];
    let mut tight = Vec::new();
    for &t in candidates {
        if loose[t] {
            continue;
        }
        let mut w = vec![0.0; n];
        w[t] = 1.0;
        let Relaxed::Optimal(x) = program.relaxation(&w, &bounds, tolerance)? else {
            // The bisection's value, less the margin, is out of reach for this LP.
            return Ok(None);
        };
        for (u, l) in loose.iter_mut().enumerate() {
            *l |= fixed[u].is_none() && lifted(&x, u);
        }
        if !loose[t] {
            tight.push(t);
        }
    }
    Ok(Some(tight))
}

/// A panel on `face` of largest weight `w` (or the best the search holds after
/// [`WALK_NODE_BUDGET`] nodes, [`FAST_NODE_BUDGET`] when `fast`).
fn panel_on_face(
    program: &PanelProgram,
    w: &[f64],
    face: &VariableBounds,
    fast: bool,
) -> Option<Composition> {
    let budget = Some(if fast {
        FAST_NODE_BUDGET
    } else {
        WALK_NODE_BUDGET
    });
    let found = program.heaviest_within(w, face, f64::NEG_INFINITY, budget, WALK_NODE_LIMIT);
    found.ok().and_then(|h| h.panel)
}

/// Writes the counts `target` (a point of the polytope) as a mix of panels, by the walk of
/// the module doc, until all the probability is given out or a face has no panel on it.
/// Returns the panels and their probabilities (summing to less than 1 if the walk stopped
/// early: the caller checks how near the mix comes); `found` is told how many panels it has
/// after each step, and stops the walk by answering false. A panel that seats two members of
/// a household whose row is not in the program brings the row in, and the step searches again.
/// Once the searches have made `switch` pivots (if given), the rest take [`FAST_SEARCHES`];
/// the style the walk started with is set again when it ends, so that every walk starts
/// afresh.
fn decompose(
    rows: &mut HouseholdRows,
    root: &VariableBounds,
    target: &[f64],
    switch: Option<u64>,
    mut found: impl FnMut(usize) -> bool,
) -> (Vec<Composition>, Vec<f64>) {
    let mut spent = 0u64;
    let start_style = rows.style();
    let n = rows.groups().len();
    let mut root = root.clone();
    // The part of the target not yet given out, in counts (row totals after the groups), and
    // the probability still to give.
    let mut rest = rows.program().values(target);
    let mut mass = 1.0;
    let mut index: HashMap<Composition, usize> = HashMap::new();
    let mut panels: Vec<Composition> = Vec::new();
    let mut weights: Vec<f64> = Vec::new();
    // Each step puts the point on a smaller face; a few more steps than dimensions allow
    // for rounding.
    let mut steps = 0;
    while steps < 2 * root.lower.len() + 2 {
        steps += 1;
        if mass <= FACE_TOLERANCE {
            break;
        }
        // Prefer the groups with the most probability still to give.
        let w: Vec<f64> = (0..n)
            .map(|t| rest[t] / (mass * rows.groups().size(t) as f64))
            .collect();
        let panel = loop {
            let Some(face) = smallest_face(&root, &rest, mass) else {
                break None;
            };
            let fast = switch.is_some_and(|s| spent > s);
            if fast {
                rows.set_style(FAST_SEARCHES);
            }
            let before = rows.program().pivots();
            let panel = panel_on_face(rows.program(), &w, &face, fast);
            spent += rows.program().pivots() - before;
            let Some(panel) = panel else {
                break None;
            };
            let broken = rows.broken_by(&panel);
            if broken.is_empty() {
                break Some(panel);
            }
            rows.add(&broken);
            root = rows.rebase(&root);
            rest = rows.program().values(&rest[..n]);
        };
        let Some(panel) = panel else {
            break;
        };
        let counts: Vec<f64> = panel.iter().map(|&c| c as f64).collect();
        let at = rows.program().values(&counts);
        // As much probability as keeps the rest inside the polytope.
        let mut step = mass;
        for (j, (&r, &a)) in rest.iter().zip(&at).enumerate() {
            let (lower, upper) = (root.lower[j], root.upper[j]);
            let below = r - lower * mass;
            if below > FACE_TOLERANCE && a > lower {
                step = step.min(below / (a - lower));
            }
            let above = upper * mass - r;
            if above > FACE_TOLERANCE && a < upper {
                step = step.min(above / (upper - a));
            }
        }
        for (r, a) in rest.iter_mut().zip(&at) {
            *r -= step * a;
        }
        mass -= step;
        match index.get(&panel) {
            Some(&i) => weights[i] += step,
            None => {
                index.insert(panel.clone(), panels.len());
                panels.push(panel);
                weights.push(step);
            }
        }
        if !found(panels.len()) {
            break;
        }
    }
    rows.set_style(start_style);
    (panels, weights)
}

/// The smallest face of the polytope `root` holding `rest / mass`: every variable on a bound
/// stays there. `None` when rounding has put the point outside.
fn smallest_face(root: &VariableBounds, rest: &[f64], mass: f64) -> Option<VariableBounds> {
    let mut face = root.clone();
    for (j, &r) in rest.iter().enumerate() {
        if r - root.lower[j] * mass <= FACE_TOLERANCE {
            face.upper[j] = root.lower[j];
        }
        if root.upper[j] * mass - r <= FACE_TOLERANCE {
            face.lower[j] = root.upper[j];
        }
    }
    let outside = face.lower.iter().zip(&face.upper).any(|(l, u)| l > u);
    (!outside).then_some(face)
}

#[cfg(test)]
pub(crate) mod tests {
    use std::cell::Cell;

    thread_local! {
        /// [`super::WALK_PIVOT_BUDGET`] in tests, which set it lower to walk the fast way on
        /// small pools.
        pub(crate) static PIVOT_BUDGET: Cell<u64> = const { Cell::new(super::WALK_PIVOT_BUDGET) };
    }
}
