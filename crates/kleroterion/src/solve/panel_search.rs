//! Branch and bound for the panel program (see [`crate::solve::panel_ilp`]) on the pure-Rust backend:
//! the heaviest panel for per-seat weights, or a proof that no panel is heavier than a given
//! floor.
//!
//! The program is small in rows (one per seats, quota value and household: 30–40 on the shared
//! instances) and wide in columns (one per type: up to about a thousand), and every column is
//! a 0/1 vector. So each node's relaxation is solved by a dual simplex with a dense explicit
//! basis inverse (rows × rows); values and reduced costs are updated at each pivot and
//! computed afresh with each new inverse. Every variable is boxed (a type's count lies in
//! 0..=size, a row's total between its quota bounds), so any basis is made dual feasible by
//! putting each nonbasic variable at the bound its reduced cost favours: the root starts from
//! the last search's root optimum (the slack basis the first time), and each child from its
//! parent's optimal basis. The dual simplex's objective is an upper bound on the node
//! throughout, so a node stops as soon as it falls to the incumbent. Nodes are searched best
//! first, with dives.
//!
//! Why not microlp's general branch and bound: at the vertex duals of the LEXIMIN stage LP,
//! where only some groups have positive weight, it can take minutes on one pricing problem
//! that this search settles in milliseconds (docs/PERFORMANCE.md).

use crate::error::{Error, Result};
use crate::input::groups::{Composition, Groups};
use crate::input::instance::Instance;
use std::cell::{Cell, RefCell};
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::rc::Rc;

/// A basic variable counts as within its bounds up to this (counts are small integers).
pub(crate) const PRIMAL_TOLERANCE: f64 = 1e-9;

/// Reduced costs (on weights scaled to a largest magnitude of 1) count as having the right
/// sign up to this; it is also the slack of Harris's ratio test.
pub(crate) const DUAL_TOLERANCE: f64 = 1e-9;

/// A count within this of an integer is that integer.
pub(crate) const INTEGRALITY_TOLERANCE: f64 = 1e-6;

/// Pivot elements smaller than this are not used.
pub(crate) const PIVOT_TOLERANCE: f64 = 1e-9;

/// A node whose bound exceeds the incumbent (weights scaled to a largest magnitude of 1) by
/// no more than this is pruned: the panel returned is heaviest up to it.
pub(crate) const PRUNE_TOLERANCE: f64 = 1e-9;

/// Pivots between two fresh inversions of the basis.
pub(crate) const REFACTOR_EVERY: usize = 64;

/// Pivots one node may take before the search gives up as cycling.
pub(crate) const MAX_NODE_PIVOTS: usize = 50_000;

/// Nodes one search may visit before it gives up.
pub(crate) const MAX_NODES: usize = 20_000_000;

/// The panel program's constraint matrix and bounds, built once per instance.
///
/// Variables `0..n` are the type counts; variable `n + i` is the total of row `i`, whose
/// column is −e_i, so the constraints read `A·x − r = 0`.
#[derive(Debug, Clone)]
pub struct PanelProgram {
    n: usize,
    m: usize,
    /// The rows of type `t` are `col_rows[col_start[t]..col_start[t + 1]]` (coefficient 1).
    col_start: Vec<usize>,
    col_rows: Vec<u32>,
    /// The same rows by feature: `feature_rows[f][t]` is the row of type `t`'s value of
    /// feature `f`, so that products with every column run as independent sums.
    feature_rows: Vec<Vec<u32>>,
    /// The household row of each type (`u32::MAX` when it is in none).
    household_row: Vec<u32>,
    /// Bounds of every variable at the root.
    lower: Vec<f64>,
    upper: Vec<f64>,
    /// The optimal basis of the last search's root, to start the next one from.
    root_basis: RefCell<Option<Rc<SavedBasis>>>,
    /// How searches go about their pivots and nodes (see [`PanelProgram::set_style`]).
    style: Cell<SearchStyle>,
    /// Dual simplex pivots the searches have made so far.
    pivots: Cell<u64>,
    /// Households kept as conflicts instead of rows (see [`PanelProgram::set_conflicts`]),
    /// and the conflict of each type that is in one.
    conflicts: Vec<Vec<usize>>,
    conflict_of: HashMap<usize, usize>,
}

impl PanelProgram {
    /// The program of `inst` over `groups`: seats, quota values and households.
    pub fn new(inst: &Instance, groups: &Groups) -> PanelProgram {
        let n = groups.len();
        let n_values = inst.bounds.len();
        let m = 1 + n_values + groups.households.len();
        let mut rows_of: Vec<Vec<u32>> = (0..n)
            .map(|t| {
                let mut r = vec![0u32];
                r.extend(groups.groups[t].values.iter().map(|&v| 1 + v as u32));
                r
            })
            .collect();
        for (h, members) in groups.households.iter().enumerate() {
            for &t in members {
                rows_of[t].push((1 + n_values + h) as u32);
            }
        }
        let n_features = groups.groups.first().map_or(0, |t| t.values.len());
        let feature_rows: Vec<Vec<u32>> = (0..n_features)
            .map(|f| {
                (0..n)
                    .map(|t| 1 + groups.groups[t].values[f] as u32)
                    .collect()
            })
            .collect();
        let mut household_row = vec![u32::MAX; n];
        for (h, members) in groups.households.iter().enumerate() {
            for &t in members {
                household_row[t] = (1 + n_values + h) as u32;
            }
        }
        let mut col_start = vec![0];
        let mut col_rows = Vec::new();
        for r in rows_of {
            col_rows.extend(r);
            col_start.push(col_rows.len());
        }
        let mut lower = vec![0.0; n];
        let mut upper: Vec<f64> = (0..n).map(|t| groups.size(t) as f64).collect();
        lower.push(inst.seats as f64);
        upper.push(inst.seats as f64);
        for &(lo, hi) in &inst.bounds {
            lower.push(lo as f64);
            upper.push(hi as f64);
        }
        for _ in &groups.households {
            lower.push(0.0);
            upper.push(1.0);
        }
        PanelProgram {
            n,
            m,
            col_start,
            col_rows,
            feature_rows,
            household_row,
            lower,
            upper,
            root_basis: RefCell::new(None),
            style: Cell::new(SearchStyle::default()),
            pivots: Cell::new(0),
            conflicts: Vec::new(),
            conflict_of: HashMap::new(),
        }
    }

    /// Sets how the searches ([`PanelProgram::heaviest_within`]) go: every part of
    /// [`SearchStyle`] finds other panels where several are equally good, so each is off by
    /// default, which keeps every earlier version's panels. Relaxations never take long steps.
    pub fn set_style(&self, style: SearchStyle) {
        self.style.set(style);
    }

    /// The dual simplex pivots of every search ([`PanelProgram::heaviest_within`]) so far:
    /// a measure of work that is the same on every machine.
    pub fn pivots(&self) -> u64 {
        self.pivots.get()
    }

    /// Households (as types of one member each) that have no row in the program but that
    /// every panel must still meet: the searches keep them by branching (a member who goes in
    /// puts their housemates out; a panel that seats two members splits into one branch per
    /// member). The relaxation does not see them.
    pub(crate) fn set_conflicts(&mut self, households: Vec<Vec<usize>>) {
        self.conflict_of = households
            .iter()
            .enumerate()
            .flat_map(|(h, members)| members.iter().map(move |&t| (t, h)))
            .collect();
        self.conflicts = households;
    }

    /// The first conflict that `c` seats two or more members of.
    fn conflict_in(&self, c: &Composition) -> Option<usize> {
        self.conflicts
            .iter()
            .position(|h| h.iter().filter(|&&t| c[t] > 0).count() >= 2)
    }

    /// The branches of conflict `h`, which `c` seats two or more members of, as the members
    /// each leaves out: one per seated member that may sit (the others out) and, unless a
    /// member is held in by `lower`, one with every seated member out.
    fn conflict_branches(&self, h: usize, c: &Composition, lower: &[f64]) -> Vec<Vec<usize>> {
        let members = &self.conflicts[h];
        let forced: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&t| lower[t] >= 0.5)
            .collect();
        let seated: Vec<usize> = members.iter().copied().filter(|&t| c[t] > 0).collect();
        let mut branches: Vec<Vec<usize>> = seated
            .iter()
            .map(|&s| members.iter().copied().filter(|&u| u != s).collect())
            .collect();
        if forced.is_empty() {
            branches.push(seated);
        }
        branches.retain(|out| !out.iter().any(|u| forced.contains(u)));
        branches
    }

    fn rows(&self, t: usize) -> &[u32] {
        &self.col_rows[self.col_start[t]..self.col_start[t + 1]]
    }

    /// `out[j] = v · a_j` for every variable `j`: seats row, then one feature at a time
    /// over all groups, then households and the row totals.
    fn products(&self, v: &[f64], out: &mut [f64]) {
        let (groups, totals) = out.split_at_mut(self.n);
        groups.fill(v[0]);
        for rows in &self.feature_rows {
            for (o, &r) in groups.iter_mut().zip(rows) {
                *o += v[r as usize];
            }
        }
        for (o, &r) in groups.iter_mut().zip(&self.household_row) {
            if r != u32::MAX {
                *o += v[r as usize];
            }
        }
        for (o, &vi) in totals.iter_mut().zip(v) {
            *o = -vi;
        }
    }

    /// [`PanelProgram::products`] for the variables `on` only (the others in `out` are left
    /// as they were), each sum taken in the same order.
    fn products_on(&self, on: &[usize], v: &[f64], out: &mut [f64]) {
        let n = self.n;
        for &j in on {
            out[j] = if j < n {
                // Seats row first, then the features in order, then the household, as
                // `products` adds them.
                let rows = self.rows(j);
                let mut sum = v[rows[0] as usize];
                for &r in &rows[1..] {
                    sum += v[r as usize];
                }
                sum
            } else {
                -v[j - n]
            };
        }
    }

    /// Searches for the heaviest panel, where `weights[t]` is the weight of one seat for type
    /// `t`, among those heavier than `floor`. With `require = Some(t)`, only panels with a
    /// member of type `t` count.
    ///
    /// With a `budget`, the search stops after that many nodes once it holds a panel heavier
    /// than `floor`, and says so: the panel is then good but maybe not the heaviest. Without a
    /// panel above `floor` it goes on until it finds one or proves there is none.
    pub fn heaviest(
        &self,
        weights: &[f64],
        require: Option<usize>,
        floor: f64,
        budget: Option<usize>,
    ) -> Result<Heaviest> {
        let mut bounds = self.bounds();
        if let Some(t) = require {
            bounds.lower[t] = bounds.lower[t].max(1.0);
        }
        self.heaviest_within(weights, &bounds, floor, budget, MAX_NODES)
    }

    /// The bounds of every variable at the root: type counts in `0..=size`, row totals
    /// within their seats, quota and household ranges.
    pub fn bounds(&self) -> VariableBounds {
        VariableBounds {
            lower: self.lower.clone(),
            upper: self.upper.clone(),
        }
    }

    /// Every variable's value at the (possibly fractional) type counts `counts`: the counts,
    /// then each row's total.
    pub fn values(&self, counts: &[f64]) -> Vec<f64> {
        let mut all = counts[..self.n].to_vec();
        all.resize(self.n + self.m, 0.0);
        for (t, &c) in counts[..self.n].iter().enumerate() {
            for &r in self.rows(t) {
                all[self.n + r as usize] += c;
            }
        }
        all
    }

    /// The relaxation of the panel program (counts need not be whole) within `bounds`, at a
    /// vertex of largest total weight, where a basic variable counts as within its bounds up
    /// to `tolerance` (on counts). Starts from the basis the last search or relaxation ended
    /// on.
    pub fn relaxation(
        &self,
        weights: &[f64],
        bounds: &VariableBounds,
        tolerance: f64,
    ) -> Result<Relaxed> {
        let scale = weights.iter().fold(0.0f64, |a, w| a.max(w.abs()));
        let scale = if scale > 0.0 { scale } else { 1.0 };
        let w: Vec<f64> = weights.iter().map(|w| w / scale).collect();
        let mut search = Search::new(self, &w);
        search.tolerance = tolerance;
        search.lower.copy_from_slice(&bounds.lower);
        search.upper.copy_from_slice(&bounds.upper);
        if let Some(b) = self.root_basis.borrow().as_ref() {
            search.load(b);
        }
        search.solve(f64::NEG_INFINITY)?;
        // Once more from a fresh inverse: the values drift with each pivot's update (some
        // 1e-11 on a count, measured on c-1200-100), which would decide feasibility here.
        search.pivots_since_refactor = REFACTOR_EVERY;
        let solved = search.solve(f64::NEG_INFINITY)?;
        *self.root_basis.borrow_mut() = Some(Rc::new(search.save()));
        Ok(match solved {
            Relaxation::Optimal(_) => Relaxed::Optimal(search.x),
            Relaxation::Below | Relaxation::Infeasible => Relaxed::Infeasible {
                blocking: search.blocking(),
            },
        })
    }

    /// [`PanelProgram::heaviest`] with other bounds on the variables (see
    /// [`PanelProgram::bounds`]); an error after `node_limit` nodes.
    pub fn heaviest_within(
        &self,
        weights: &[f64],
        bounds: &VariableBounds,
        floor: f64,
        budget: Option<usize>,
        node_limit: usize,
    ) -> Result<Heaviest> {
        let scale = weights.iter().fold(0.0f64, |a, w| a.max(w.abs()));
        let scale = if scale > 0.0 { scale } else { 1.0 };
        let w: Vec<f64> = weights.iter().map(|w| w / scale).collect();
        let mut search = Search::new(self, &w);
        let found = self.search(&mut search, &w, bounds, floor, scale, budget, node_limit);
        self.pivots.set(self.pivots.get() + search.pivots as u64);
        found
    }

    /// The branch and bound of [`PanelProgram::heaviest_within`], on `search` (scaled weights
    /// `w`, the scale `scale`).
    #[allow(clippy::too_many_arguments)]
    fn search(
        &self,
        search: &mut Search,
        w: &[f64],
        bounds: &VariableBounds,
        floor: f64,
        scale: f64,
        budget: Option<usize>,
        node_limit: usize,
    ) -> Result<Heaviest> {
        let weight = |c: &Composition| -> f64 { c.iter().zip(w).map(|(&k, w)| k as f64 * w).sum() };
        let style = self.style.get();
        search.long_steps = style.long_steps;
        search.lower.copy_from_slice(&bounds.lower);
        search.upper.copy_from_slice(&bounds.upper);
        let mut best: Option<Composition> = None;
        let mut cutoff = floor / scale;
        let root_lower = search.lower.clone();
        let root_upper = search.upper.clone();
        // Best first, with dives: after a branching the up child is searched at once and the
        // down child waits in the heap, which gives the open node of highest bound when a
        // dive ends.
        let mut open: BinaryHeap<Node> = BinaryHeap::new();
        // With `dive_first`, until a panel is found: the nodes a dive leaves behind, the
        // newest last (depth first); they join `open` with the first panel.
        let mut behind: Vec<Node> = Vec::new();
        // The root starts from the last search's root optimum, when there was one: any basis
        // is made dual feasible by bound flips, and weights change little from one pricing
        // to the next.
        let mut next = Some(Node {
            changes: Vec::new(),
            basis: self.root_basis.borrow().clone(),
            bound: f64::INFINITY,
            seq: 0,
        });
        let mut seq = 0u64;
        let mut visited = 0usize;
        let pop = |open: &mut BinaryHeap<Node>, behind: &mut Vec<Node>, found: bool| {
            if !found {
                if let Some(node) = behind.pop() {
                    return Some(node);
                }
            }
            open.extend(behind.drain(..));
            open.pop()
        };
        while let Some(node) = next
            .take()
            .or_else(|| pop(&mut open, &mut behind, best.is_some()))
        {
            if node.bound <= cutoff + PRUNE_TOLERANCE {
                continue;
            }
            if best.is_some() && budget.is_some_and(|b| visited >= b) {
                // Out of budget with a panel in hand: the open nodes bound what is left.
                let left = open
                    .iter()
                    .chain(&behind)
                    .map(|n| n.bound)
                    .fold(node.bound, f64::max);
                return Ok(Heaviest {
                    panel: best,
                    bound: left.max(cutoff) * scale,
                    proven: false,
                });
            }
            visited += 1;
            if visited > node_limit {
                return Err(Error::Solver {
                    solver: "panel search",
                    message: format!("no answer after {node_limit} nodes"),
                });
            }
            search.lower.copy_from_slice(&root_lower);
            search.upper.copy_from_slice(&root_upper);
            for &(j, lo, hi) in &node.changes {
                search.lower[j as usize] = lo;
                search.upper[j as usize] = hi;
            }
            if let Some(b) = &node.basis {
                search.load(b);
            }
            let bound = match search.solve(cutoff + PRUNE_TOLERANCE)? {
                Relaxation::Optimal(bound) => bound,
                Relaxation::Below | Relaxation::Infeasible => continue,
            };
            if node.changes.is_empty() {
                *self.root_basis.borrow_mut() = Some(Rc::new(search.save()));
            }
            if bound <= cutoff + PRUNE_TOLERANCE {
                continue;
            }
            let x = &search.x[..self.n];
            let branch = if style.nearest_up {
                nearest_up(x)
            } else {
                branching_type(x, w)
            };
            let Some(t) = branch else {
                let c: Composition = search.x[..self.n]
                    .iter()
                    .map(|x| x.round().max(0.0) as u32)
                    .collect();
                if let Some(h) = self.conflict_in(&c) {
                    // Two members of a household without a row: a child per way out.
                    let basis = Rc::new(search.save());
                    for out in self.conflict_branches(h, &c, &search.lower) {
                        let mut changes = node.changes.clone();
                        changes.extend(out.iter().map(|&u| (u as u32, search.lower[u], 0.0)));
                        seq += 1;
                        let child = Node {
                            changes,
                            basis: Some(Rc::clone(&basis)),
                            bound,
                            seq,
                        };
                        if next.is_none() {
                            next = Some(child);
                        } else if style.dive_first && best.is_none() {
                            behind.push(child);
                        } else {
                            open.push(child);
                        }
                    }
                    continue;
                }
                let value = weight(&c);
                if value > cutoff {
                    cutoff = value;
                    best = Some(c);
                }
                continue;
            };
            let basis = Rc::new(search.save());
            let x = search.x[t];
            let (lo, hi) = (search.lower[t], search.upper[t]);
            for (up, new_lo, new_hi) in [(false, lo, x.floor()), (true, x.ceil(), hi)] {
                let mut changes = node.changes.clone();
                changes.push((t as u32, new_lo, new_hi));
                // A member of a household without a row goes in: the housemates go out.
                if let Some(&h) = self.conflict_of.get(&t).filter(|_| up && new_lo >= 0.5) {
                    let mates = self.conflicts[h].iter().filter(|&&u| u != t);
                    if mates.clone().any(|&u| search.lower[u] >= 0.5) {
                        continue;
                    }
                    changes.extend(mates.map(|&u| (u as u32, search.lower[u], 0.0)));
                }
                seq += 1;
                let child = Node {
                    changes,
                    basis: Some(Rc::clone(&basis)),
                    bound,
                    seq,
                };
                if up {
                    next = Some(child);
                } else if style.dive_first && best.is_none() {
                    behind.push(child);
                } else {
                    open.push(child);
                }
            }
        }
        Ok(Heaviest {
            bound: cutoff * scale,
            panel: best,
            proven: true,
        })
    }
}

/// How the searches of a [`PanelProgram`] go (the default: none of these).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SearchStyle {
    /// The dual simplex passes boxed variables to their other bound in one pivot (the
    /// bound-flipping ratio test, [`Search::long_step`]): a tenth of the pivots on large
    /// pools, but other vertices where the optimum is not unique.
    pub long_steps: bool,
    /// Until the first panel is found, the search backtracks from a failed dive to the
    /// node it left last (depth first) instead of the open node of highest bound (best
    /// first): on faces where few panels meet tight quotas, best first wanders from one
    /// part of the tree to another before any dive ends in a panel (docs/PERFORMANCE.md).
    pub dive_first: bool,
    /// Branch on the count nearest above its floor (the one a dive rounds up at least
    /// cost), instead of the heaviest fractional one ([`branching_type`]).
    pub nearest_up: bool,
}

/// Bounds on every variable of a [`PanelProgram`]: the type counts, then the row totals
/// (seats, one per quota value, one per household).
#[derive(Debug, Clone, PartialEq)]
pub struct VariableBounds {
    /// Lower bounds.
    pub lower: Vec<f64>,
    /// Upper bounds.
    pub upper: Vec<f64>,
}

/// What [`PanelProgram::relaxation`] found.
#[derive(Debug, Clone, PartialEq)]
pub enum Relaxed {
    /// The values of every variable (see [`PanelProgram::values`]) at an optimal vertex.
    Optimal(Vec<f64>),
    /// No counts meet the bounds. `blocking` lists the groups whose lower bounds the proof
    /// uses (the dual simplex's infeasible row: the groups at their lower bound with a
    /// nonzero entry in it, and its basic variable if that is a type below its lower bound):
    /// no counts meet those lower bounds together with the other variables' bounds.
    Infeasible {
        /// The groups held at their lower bounds by the proof.
        blocking: Vec<usize>,
    },
}

/// What a search found.
#[derive(Debug, Clone, PartialEq)]
pub struct Heaviest {
    /// The heaviest panel found above the floor, if any.
    pub panel: Option<Composition>,
    /// No panel is heavier than this (the floor, when no panel is above it).
    pub bound: f64,
    /// Whether the search finished, so that `panel` is the heaviest.
    pub proven: bool,
}

/// The type to branch on: the heaviest one whose count is not an integer (ties: the lowest
/// index), or `None` when every count is an integer: about as fast as the most fractional
/// count on most pricing problems, and much faster on some.
fn branching_type(x: &[f64], w: &[f64]) -> Option<usize> {
    let mut branch: Option<(usize, f64)> = None;
    for (t, &v) in x.iter().enumerate() {
        let f = (v - v.round()).abs();
        if f > INTEGRALITY_TOLERANCE && branch.is_none_or(|(_, g)| w[t] > g) {
            branch = Some((t, w[t]));
        }
    }
    branch.map(|(t, _)| t)
}

/// The type to branch on for [`SearchStyle::nearest_up`]: the fractional count with the
/// largest fractional part (ties: the lowest index), or `None` when every count is an integer.
fn nearest_up(x: &[f64]) -> Option<usize> {
    let mut branch: Option<(usize, f64)> = None;
    for (t, &v) in x.iter().enumerate() {
        let f = v - v.floor();
        let fractional = f > INTEGRALITY_TOLERANCE && f < 1.0 - INTEGRALITY_TOLERANCE;
        if fractional && branch.is_none_or(|(_, g)| f > g) {
            branch = Some((t, f));
        }
    }
    branch.map(|(t, _)| t)
}

/// An open node: bound changes from the root, the parent's optimal basis, the parent's bound,
/// and when it was made (ties go to the newest, so that equal bounds are searched depth first).
struct Node {
    changes: Vec<(u32, f64, f64)>,
    basis: Option<Rc<SavedBasis>>,
    bound: f64,
    seq: u64,
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Node {}
impl PartialOrd for Node {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Node {
    fn cmp(&self, other: &Self) -> Ordering {
        self.bound
            .total_cmp(&other.bound)
            .then(self.seq.cmp(&other.seq))
    }
}

/// A basis to start a node from.
#[derive(Debug)]
struct SavedBasis {
    basis: Vec<usize>,
    at_upper: Vec<bool>,
}

/// Candidates of the ratio test sorted a block at a time: this many.
const RATIO_BLOCK: usize = 32;

/// Puts the next [`RATIO_BLOCK`] candidates of `order[from..]` (by ratio, ties by index) in
/// place and in order; returns where the sorted part now ends.
fn sort_next_block(order: &mut [(usize, f64)], from: usize) -> usize {
    let by_ratio = |a: &(usize, f64), b: &(usize, f64)| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0));
    let rest = &mut order[from..];
    let end = RATIO_BLOCK.min(rest.len());
    if end < rest.len() {
        rest.select_nth_unstable_by(end - 1, by_ratio);
    }
    rest[..end].sort_unstable_by(by_ratio);
    from + end
}

/// How a node's relaxation ended.
enum Relaxation {
    /// Solved; its value (scaled weights).
    Optimal(f64),
    /// Its bound fell to the cutoff before it was solved.
    Below,
    /// No count vector meets the node's bounds.
    Infeasible,
}

/// A dual simplex over one [`PanelProgram`] with one set of weights.
struct Search<'a> {
    prog: &'a PanelProgram,
    /// Minimisation costs: minus the scaled weights, 0 for row totals.
    cost: Vec<f64>,
    lower: Vec<f64>,
    upper: Vec<f64>,
    /// The basic variable of each row position.
    basis: Vec<usize>,
    /// The position of each basic variable, `usize::MAX` for nonbasic ones.
    position: Vec<usize>,
    /// For nonbasic variables: at the upper bound (else at the lower).
    at_upper: Vec<bool>,
    /// The basis inverse, row-major, `m × m`.
    inverse: Vec<f64>,
    pivots_since_refactor: usize,
    /// The values of all variables at the current basis.
    x: Vec<f64>,
    /// Reduced costs (0 for basic variables).
    d: Vec<f64>,
    /// Scratch: the pivot row of the inverse, the pivot row of the tableau, and the
    /// ratio test's candidates with their ratios.
    rho: Vec<f64>,
    alpha: Vec<f64>,
    candidates: Vec<(usize, f64)>,
    /// The variables whose bounds in the node being solved differ (the others never enter
    /// the basis, so the pivots leave their reduced costs alone): on the walk's faces most
    /// types are fixed at 0.
    free: Vec<usize>,
    /// A basic variable counts as within its bounds up to this.
    tolerance: f64,
    /// Whether the ratio test takes long steps ([`Search::long_step`]); the stage LPs keep
    /// the short ones, whose proofs of infeasibility the LEXIMIN stages were tuned on.
    long_steps: bool,
    /// When the last solve found the node infeasible: the basic variable that cannot reach
    /// its bounds, and the direction it must move (> 0: up to its lower bound).
    infeasible_row: Option<(usize, f64)>,
    /// Pivots made.
    pivots: usize,
}

impl<'a> Search<'a> {
    fn new(prog: &'a PanelProgram, w: &[f64]) -> Search<'a> {
        let (n, m) = (prog.n, prog.m);
        let mut cost: Vec<f64> = w.iter().map(|w| -w).collect();
        cost.resize(n + m, 0.0);
        let mut inverse = vec![0.0; m * m];
        for i in 0..m {
            inverse[i * m + i] = -1.0;
        }
        let mut position = vec![usize::MAX; n + m];
        for i in 0..m {
            position[n + i] = i;
        }
        Search {
            prog,
            cost,
            lower: prog.lower.clone(),
            upper: prog.upper.clone(),
            basis: (n..n + m).collect(),
            position,
            at_upper: vec![false; n + m],
            inverse,
            pivots_since_refactor: 0,
            x: vec![0.0; n + m],
            d: vec![0.0; n + m],
            rho: vec![0.0; m],
            alpha: vec![0.0; n + m],
            candidates: Vec::new(),
            free: Vec::new(),
            tolerance: PRIMAL_TOLERANCE,
            long_steps: false,
            infeasible_row: None,
            pivots: 0,
        }
    }

    fn save(&self) -> SavedBasis {
        SavedBasis {
            basis: self.basis.clone(),
            at_upper: self.at_upper.clone(),
        }
    }

    fn load(&mut self, saved: &SavedBasis) {
        self.at_upper.copy_from_slice(&saved.at_upper);
        if self.basis != saved.basis {
            for &j in &self.basis {
                self.position[j] = usize::MAX;
            }
            self.basis.copy_from_slice(&saved.basis);
            for (i, &j) in self.basis.iter().enumerate() {
                self.position[j] = i;
            }
            self.pivots_since_refactor = REFACTOR_EVERY;
        }
    }

    /// Inverts the basis afresh (Gauss–Jordan with partial pivoting).
    fn refactor(&mut self) -> Result<()> {
        let m = self.prog.m;
        let n = self.prog.n;
        // B row-major: row r, column k the basic variable at position k.
        let mut a = vec![0.0f64; m * m];
        for (k, &j) in self.basis.iter().enumerate() {
            if j < n {
                for &r in self.prog.rows(j) {
                    a[r as usize * m + k] = 1.0;
                }
            } else {
                a[(j - n) * m + k] = -1.0;
            }
        }
        self.inverse =
            crate::solve::dense::invert(a, m, PIVOT_TOLERANCE).ok_or_else(|| Error::Solver {
                solver: "panel search",
                message: "singular basis".into(),
            })?;
        self.pivots_since_refactor = 0;
        Ok(())
    }

    /// Sets nonbasic variables at their bounds and computes the basic ones.
    fn compute_primal(&mut self) {
        let (n, m) = (self.prog.n, self.prog.m);
        let mut rhs = vec![0.0; m];
        for j in 0..n + m {
            if self.position[j] != usize::MAX {
                continue;
            }
            let v = if self.at_upper[j] {
                self.upper[j]
            } else {
                self.lower[j]
            };
            self.x[j] = v;
            if v != 0.0 {
                if j < n {
                    for &r in self.prog.rows(j) {
                        rhs[r as usize] -= v;
                    }
                } else {
                    rhs[j - n] += v;
                }
            }
        }
        for (i, &j) in self.basis.iter().enumerate() {
            let row = &self.inverse[i * m..(i + 1) * m];
            self.x[j] = row.iter().zip(&rhs).map(|(a, b)| a * b).sum();
        }
    }

    /// Computes the reduced costs of the nonbasic variables afresh.
    fn compute_reduced_costs(&mut self) {
        let y = self.duals();
        self.prog.products(&y, &mut self.d);
        for j in 0..self.prog.n + self.prog.m {
            self.d[j] = if self.position[j] == usize::MAX {
                self.cost[j] - self.d[j]
            } else {
                0.0
            };
        }
    }

    /// Puts every nonbasic variable at the bound its reduced cost favours.
    fn make_dual_feasible(&mut self) {
        for j in 0..self.prog.n + self.prog.m {
            if self.position[j] == usize::MAX {
                if self.d[j] < -DUAL_TOLERANCE {
                    self.at_upper[j] = true;
                } else if self.d[j] > DUAL_TOLERANCE {
                    self.at_upper[j] = false;
                }
            }
        }
    }

    /// After [`Search::solve`] found the node infeasible: the groups at their lower bound with
    /// a nonzero entry in the infeasible row (kept in `alpha`), and the row's basic variable
    /// if it is a type below its lower bound.
    fn blocking(&self) -> Vec<usize> {
        let n = self.prog.n;
        (0..n)
            .filter(|&t| {
                let at_floor = self.position[t] == usize::MAX
                    && !self.at_upper[t]
                    && self.upper[t] - self.lower[t] >= PRIMAL_TOLERANCE
                    && self.alpha[t].abs() > PIVOT_TOLERANCE;
                at_floor
                    || self
                        .infeasible_row
                        .is_some_and(|(j, dir)| j == t && dir > 0.0)
            })
            .collect()
    }

    /// The duals `c_B · B⁻¹`.
    fn duals(&self) -> Vec<f64> {
        let m = self.prog.m;
        let mut y = vec![0.0; m];
        for (i, &j) in self.basis.iter().enumerate() {
            let c = self.cost[j];
            if c != 0.0 {
                for (yr, b) in y.iter_mut().zip(&self.inverse[i * m..(i + 1) * m]) {
                    *yr += c * b;
                }
            }
        }
        y
    }

    /// Solves the node's relaxation by the dual simplex; stops early once its bound (the
    /// scaled weight, an upper bound throughout) is at most `cutoff`. Values and reduced
    /// costs are updated at each pivot and computed afresh with each new inverse.
    fn solve(&mut self, cutoff: f64) -> Result<Relaxation> {
        let (n, m) = (self.prog.n, self.prog.m);
        if self.pivots_since_refactor >= REFACTOR_EVERY {
            self.refactor()?;
        }
        self.compute_reduced_costs();
        self.make_dual_feasible();
        self.compute_primal();
        let (lower, upper) = (&self.lower, &self.upper);
        self.free.clear();
        self.free
            .extend((0..n + m).filter(|&j| upper[j] - lower[j] >= PRIMAL_TOLERANCE));
        for _ in 0..MAX_NODE_PIVOTS {
            if self.pivots_since_refactor >= REFACTOR_EVERY {
                self.refactor()?;
                self.compute_reduced_costs();
                self.compute_primal();
            }
            let bound: f64 = -(0..n).map(|t| self.cost[t] * self.x[t]).sum::<f64>();
            if bound <= cutoff {
                return Ok(Relaxation::Below);
            }
            // Leaving: the most infeasible basic variable.
            let mut leaving: Option<(usize, f64, f64)> = None;
            for (p, &j) in self.basis.iter().enumerate() {
                let x = self.x[j];
                let (gap, dir) = if x < self.lower[j] - self.tolerance {
                    (self.lower[j] - x, 1.0)
                } else if x > self.upper[j] + self.tolerance {
                    (x - self.upper[j], -1.0)
                } else {
                    continue;
                };
                if leaving.is_none_or(|(_, g, _)| gap > g) {
                    leaving = Some((p, gap, dir));
                }
            }
            let Some((p, gap, dir)) = leaving else {
                return Ok(Relaxation::Optimal(bound));
            };
            self.rho.copy_from_slice(&self.inverse[p * m..(p + 1) * m]);
            // The nonbasic variables that can move x_p towards its violated bound, with the
            // dual step at which each one's reduced cost reaches zero. The pivot row is kept
            // for the update.
            self.candidates.clear();
            self.prog
                .products_on(&self.free, &self.rho, &mut self.alpha);
            for &j in &self.free {
                if self.position[j] != usize::MAX {
                    self.alpha[j] = 0.0;
                    continue;
                }
                let alpha = self.alpha[j];
                let s = dir * alpha;
                let eligible = if self.at_upper[j] {
                    s > PIVOT_TOLERANCE
                } else {
                    s < -PIVOT_TOLERANCE
                };
                if !eligible {
                    continue;
                }
                let d = if self.at_upper[j] {
                    -self.d[j]
                } else {
                    self.d[j]
                }
                .max(0.0);
                self.candidates.push((j, d / alpha.abs()));
            }
            if self.candidates.is_empty() {
                self.infeasible_row = Some((self.basis[p], dir));
                return Ok(Relaxation::Infeasible);
            }
            let Some(q) = self.long_step(gap) else {
                // Every candidate went to its other bound and x_p is still out of bounds.
                self.infeasible_row = Some((self.basis[p], dir));
                return Ok(Relaxation::Infeasible);
            };
            // Dual step: the reduced costs along the pivot row.
            let theta = self.d[q] / self.alpha[q];
            for &j in &self.free {
                if self.alpha[j] != 0.0 {
                    self.d[j] -= theta * self.alpha[j];
                }
            }
            let out = self.basis[p];
            self.d[q] = 0.0;
            self.d[out] = -theta;
            self.pivot(p, q, dir);
        }
        Err(Error::Solver {
            solver: "panel search",
            message: format!("a node took more than {MAX_NODE_PIVOTS} pivots"),
        })
    }

    /// The bound-flipping ratio test (the "long step" of the dual simplex): the candidates
    /// are passed in the order their reduced costs reach zero, and each boxed one whose whole
    /// range leaves x_p still outside its bound (the infeasibility `gap` not yet used up)
    /// goes to its other bound instead of entering, so one pivot does the work of many. The
    /// entering variable is then chosen by Harris's two-pass test among the rest. Returns
    /// `None` when every candidate went to its other bound and x_p still is outside (the node
    /// is infeasible; the flips are made, so that the state is the proof).
    fn long_step(&mut self, gap: f64) -> Option<usize> {
        let mut order = std::mem::take(&mut self.candidates);
        let mut left = gap;
        let mut passed = 0;
        // The candidates in the order of their ratios, sorted a block at a time as the pass
        // reaches them (the same order as one sort of all, which cost a fifth of a walk).
        let mut sorted = 0;
        while self.long_steps && passed < order.len() {
            if passed == sorted {
                sorted = sort_next_block(&mut order, sorted);
            }
            let (j, ratio) = order[passed];
            let range = self.upper[j] - self.lower[j];
            let used = self.alpha[j].abs() * range;
            if ratio <= 0.0 || !range.is_finite() || used >= left - self.tolerance {
                break;
            }
            left -= used;
            passed += 1;
        }
        // Harris among the remaining candidates: the largest pivot among those whose ratio is
        // within the tolerance-relaxed smallest ratio.
        let entering = if passed < order.len() {
            let rest = &order[passed..];
            let t_max = rest
                .iter()
                .map(|&(j, _)| {
                    let d = if self.at_upper[j] {
                        -self.d[j]
                    } else {
                        self.d[j]
                    }
                    .max(0.0);
                    (d + DUAL_TOLERANCE) / self.alpha[j].abs()
                })
                .fold(f64::INFINITY, f64::min);
            let alpha = &self.alpha;
            rest.iter()
                .filter(|&&(_, ratio)| ratio <= t_max)
                .max_by(|a, b| {
                    alpha[a.0]
                        .abs()
                        .total_cmp(&alpha[b.0].abs())
                        .then(b.0.cmp(&a.0))
                })
                .map(|&(j, _)| j)
        } else {
            None
        };
        // The candidates passed all come before the entering one: they change bounds.
        if passed > 0 {
            self.flip(&order[..passed]);
        }
        self.candidates = order;
        entering
    }

    /// Moves each of `passed` to its other bound and the basic variables with them (one
    /// product with the inverse for all of them).
    fn flip(&mut self, passed: &[(usize, f64)]) {
        let (n, m) = (self.prog.n, self.prog.m);
        let mut shift = vec![0.0; m];
        for &(j, _) in passed {
            let (from, to) = if self.at_upper[j] {
                (self.upper[j], self.lower[j])
            } else {
                (self.lower[j], self.upper[j])
            };
            self.at_upper[j] = !self.at_upper[j];
            self.x[j] = to;
            let delta = to - from;
            if j < n {
                for &r in self.prog.rows(j) {
                    shift[r as usize] -= delta;
                }
            } else {
                shift[j - n] += delta;
            }
        }
        for (i, &j) in self.basis.iter().enumerate() {
            let row = &self.inverse[i * m..(i + 1) * m];
            self.x[j] += row.iter().zip(&shift).map(|(a, b)| a * b).sum::<f64>();
        }
    }

    /// Brings `q` into the basis at position `p`; the leaving variable goes to the bound it
    /// violated (`dir` > 0: its lower bound).
    fn pivot(&mut self, p: usize, q: usize, dir: f64) {
        let (n, m) = (self.prog.n, self.prog.m);
        // col = B⁻¹ a_q
        let mut col = vec![0.0; m];
        for (i, c) in col.iter_mut().enumerate() {
            let row = &self.inverse[i * m..(i + 1) * m];
            *c = if q < n {
                self.prog.rows(q).iter().map(|&r| row[r as usize]).sum()
            } else {
                -row[q - n]
            };
        }
        let pivot = col[p];
        // Primal step: the leaving variable lands on the bound it violated.
        let leaving = self.basis[p];
        let target = if dir > 0.0 {
            self.lower[leaving]
        } else {
            self.upper[leaving]
        };
        let step = (self.x[leaving] - target) / pivot;
        for (&j, &c) in self.basis.iter().zip(&col) {
            self.x[j] -= step * c;
        }
        self.x[leaving] = target;
        self.x[q] += step;
        let pivot_row: Vec<f64> = self.inverse[p * m..(p + 1) * m]
            .iter()
            .map(|v| v / pivot)
            .collect();
        for (i, &f) in col.iter().enumerate() {
            let row = &mut self.inverse[i * m..(i + 1) * m];
            if i == p {
                row.copy_from_slice(&pivot_row);
            } else if f != 0.0 {
                crate::solve::dense::sub_multiple(row, &pivot_row, f);
            }
        }
        self.position[leaving] = usize::MAX;
        self.at_upper[leaving] = dir < 0.0;
        self.basis[p] = q;
        self.position[q] = p;
        self.pivots_since_refactor += 1;
        self.pivots += 1;
    }
}
