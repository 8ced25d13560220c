//! A dense revised primal simplex for linear programs whose columns arrive over time.
//!
//! Column generation solves the same LP again and again with a few more columns each time.
//! An interior-point method starts every solve from scratch; the primal simplex keeps its
//! basis, and since new columns leave the last optimal point feasible, it goes on from there
//! with a few pivots. The LPs here have at most a few thousand rows (one per type), so the
//! basis inverse is kept as a dense matrix, updated at each pivot and recomputed from the
//! basis columns every [`REFACTOR_EVERY`] pivots to shed rounding errors.
//!
//! The form is: maximise `cᵀx` subject to `Ax = b`, `x ≥ 0`, started from a feasible basis that
//! the caller names. Entering columns are priced by Devex (Forrest & Goldfarb's estimate of
//! steepest edges); ratio tests follow Harris's two passes (a small primal tolerance buys a
//! choice of larger, more stable pivots). Should a run of degenerate pivots come back to a
//! basis it has already had (each basis is known by a hash of its columns), the entering column
//! is chosen by Bland's rule, which cannot cycle, until the objective moves again.

use std::collections::HashSet;
use thiserror::Error;

/// Why a simplex solve stopped without an optimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum SimplexError {
    /// The basis matrix is singular (or too close to it to invert).
    #[error("the simplex basis became singular")]
    Singular,
    /// A column can grow without bound: the LP is unbounded.
    #[error("the linear program is unbounded")]
    Unbounded,
    /// The pivot limit was reached.
    #[error("the simplex did not finish within its pivot limit")]
    PivotLimit,
    /// The named starting basis is not primal feasible.
    #[error("the starting basis is not feasible")]
    Infeasible,
}

/// Pivots between two recomputations of the basis inverse.
pub(crate) const REFACTOR_EVERY: usize = 1000;

/// Primal feasibility tolerance: basic values down to −this count as zero.
pub(crate) const PRIMAL_TOLERANCE: f64 = 1e-9;

/// Entries of the pivot column smaller than this are never pivoted on.
pub(crate) const PIVOT_TOLERANCE: f64 = 1e-9;

/// Pivots smaller than this make a basis singular.
pub(crate) const SINGULAR_PIVOT: f64 = 1e-11;

/// A fixed pseudo-random 64-bit hash of a column index (SplitMix64's finaliser); a basis is
/// known by the exclusive or of its columns' hashes.
fn column_hash(j: usize) -> u64 {
    let mut z = (j as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One column of `A` with its cost; its entries are `entry_rows`/`entry_values` from
/// `start`, `len` of them (all columns share those two arrays, so that a pass over every
/// column reads memory in order).
#[derive(Debug, Clone)]
struct Column {
    start: usize,
    len: usize,
    cost: f64,
    /// Set aside: neither priced nor updated (see [`ColumnSimplex::park`]).
    parked: bool,
}

/// A linear program in equality form with a basis kept between solves.
#[derive(Debug, Clone)]
pub struct ColumnSimplex {
    rows: usize,
    rhs: Vec<f64>,
    columns: Vec<Column>,
    entry_rows: Vec<u32>,
    entry_values: Vec<f64>,
    /// The column basic at each position.
    basis: Vec<usize>,
    /// For each column, its position in the basis.
    position: Vec<Option<usize>>,
    /// The basis inverse, column-major: entry (i, k) at `k * rows + i`.
    inverse: Vec<f64>,
    /// The values of the basic columns, by position.
    values: Vec<f64>,
    pivots_since_refactor: usize,
}

impl ColumnSimplex {
    /// An LP with `rhs.len()` rows and no columns yet.
    pub fn new(rhs: Vec<f64>) -> ColumnSimplex {
        ColumnSimplex {
            rows: rhs.len(),
            rhs,
            columns: Vec::new(),
            entry_rows: Vec::new(),
            entry_values: Vec::new(),
            basis: Vec::new(),
            position: Vec::new(),
            inverse: Vec::new(),
            values: Vec::new(),
            pivots_since_refactor: 0,
        }
    }

    /// Adds a column (sparse `(row, coefficient)` entries) with its cost; returns its index.
    pub fn add_column(&mut self, entries: Vec<(usize, f64)>, cost: f64) -> usize {
        let column = self.store(entries, cost);
        self.columns.push(column);
        self.position.push(None);
        self.columns.len() - 1
    }

    /// Appends entries to the shared arrays.
    fn store(&mut self, entries: Vec<(usize, f64)>, cost: f64) -> Column {
        assert!(entries.iter().all(|&(r, _)| r < self.rows));
        let start = self.entry_rows.len();
        for (r, a) in entries {
            self.entry_rows.push(r as u32);
            self.entry_values.push(a);
        }
        Column {
            start,
            len: self.entry_rows.len() - start,
            cost,
            parked: false,
        }
    }

    /// The entries of column `j`: rows and coefficients.
    fn entries(&self, j: usize) -> (&[u32], &[f64]) {
        let c = &self.columns[j];
        (
            &self.entry_rows[c.start..c.start + c.len],
            &self.entry_values[c.start..c.start + c.len],
        )
    }

    /// Replaces the coefficients of column `j` (its cost stays); call [`Self::set_basis`]
    /// afterwards if `j` is basic.
    pub fn set_column(&mut self, j: usize, entries: Vec<(usize, f64)>) {
        let parked = self.columns[j].parked;
        self.columns[j] = self.store(entries, self.columns[j].cost);
        self.columns[j].parked = parked;
    }

    /// Sets nonbasic column `j` aside: solves neither price it nor read its entries (which
    /// is most of a pivot's work on an LP with many columns) until it is brought back with
    /// [`Self::unpark`]. A solve's optimum is then an optimum of the LP without the parked
    /// columns.
    pub fn park(&mut self, j: usize) {
        assert!(
            self.position[j].is_none(),
            "a basic column cannot be parked"
        );
        self.columns[j].parked = true;
    }

    /// Brings a parked column back; returns whether it was parked.
    pub fn unpark(&mut self, j: usize) -> bool {
        std::mem::replace(&mut self.columns[j].parked, false)
    }

    /// Whether column `j` takes part in solves: nonbasic and not parked.
    fn may_enter(&self, j: usize) -> bool {
        self.position[j].is_none() && !self.columns[j].parked
    }

    /// Replaces the right-hand side; call [`Self::set_basis`] afterwards.
    pub fn set_rhs(&mut self, rhs: Vec<f64>) {
        assert_eq!(rhs.len(), self.rows);
        self.rhs = rhs;
    }

    /// The current basis: one column per row.
    pub fn basis(&self) -> &[usize] {
        &self.basis
    }

    /// Makes `basis` (one column per row) the current basis and computes its values, which
    /// must be feasible.
    pub fn set_basis(&mut self, basis: Vec<usize>) -> Result<(), SimplexError> {
        self.set_basis_within(basis, PRIMAL_TOLERANCE)
    }

    /// Like [`Self::set_basis`], but basic values down to `−tolerance` are accepted (and
    /// count as zero in ratio tests), for a basis carried over from a nearby LP.
    pub fn set_basis_within(
        &mut self,
        basis: Vec<usize>,
        tolerance: f64,
    ) -> Result<(), SimplexError> {
        assert_eq!(basis.len(), self.rows);
        self.position.iter_mut().for_each(|p| *p = None);
        for (i, &j) in basis.iter().enumerate() {
            self.position[j] = Some(i);
        }
        self.basis = basis;
        self.refactor()?;
        if self.values.iter().any(|&v| v < -tolerance) {
            return Err(SimplexError::Infeasible);
        }
        Ok(())
    }

    /// Where column `j` is in the basis, if it is basic.
    pub fn position_of(&self, j: usize) -> Option<usize> {
        self.position[j]
    }

    /// Row `i` of the basis inverse: how the basic column at position `i` depends on each
    /// row's right-hand side.
    pub fn inverse_row(&self, i: usize) -> Vec<f64> {
        let m = self.rows;
        (0..m).map(|k| self.inverse[k * m + i]).collect()
    }

    /// Recomputes the basis inverse from the basis columns, and the basic values from it.
    ///
    /// Most basic columns are usually unit columns (slacks). With rows and positions ordered
    /// so that those come first, `B = [[D, B₁₂], [0, B₂₂]]` with `D` diagonal, and
    /// `B⁻¹ = [[D⁻¹, −D⁻¹B₁₂B₂₂⁻¹], [0, B₂₂⁻¹]]`: only `B₂₂`, one row and column per other
    /// basic column, is inverted (Gauss–Jordan elimination with partial pivoting).
    fn refactor(&mut self) -> Result<(), SimplexError> {
        let m = self.rows;
        // Unit columns, each on its own row.
        let mut unit_of_row: Vec<Option<(usize, f64)>> = vec![None; m];
        let mut others: Vec<usize> = Vec::new();
        for (i, &j) in self.basis.iter().enumerate() {
            match self.entries(j) {
                (&[r], &[d]) if unit_of_row[r as usize].is_none() && d != 0.0 => {
                    unit_of_row[r as usize] = Some((i, d))
                }
                _ => others.push(i),
            }
        }
        let free_rows: Vec<usize> = (0..m).filter(|&r| unit_of_row[r].is_none()).collect();
        let k = others.len();
        if free_rows.len() != k {
            return Err(SimplexError::Singular);
        }
        let mut local = vec![usize::MAX; m];
        for (a, &r) in free_rows.iter().enumerate() {
            local[r] = a;
        }
        // B₂₂ row-major, reduced to I alongside its inverse.
        let mut b = vec![0.0; k * k];
        for (c, &i) in others.iter().enumerate() {
            let (rows, coefs) = self.entries(self.basis[i]);
            for (&r, &a) in rows.iter().zip(coefs) {
                let r = r as usize;
                if local[r] != usize::MAX {
                    b[local[r] * k + c] += a;
                }
            }
        }
        let inv =
            crate::solve::dense::invert(b, k, SINGULAR_PIVOT).ok_or(SimplexError::Singular)?;
        // inv row a (the a-th other position) and column x (free row free_rows[x]) is B₂₂⁻¹.
        self.inverse = vec![0.0; m * m];
        for (a, &i) in others.iter().enumerate() {
            for (x, &r) in free_rows.iter().enumerate() {
                self.inverse[r * m + i] = inv[a * k + x];
            }
        }
        // Unit rows: D⁻¹ on the diagonal, −D⁻¹B₁₂B₂₂⁻¹ on the free rows.
        for (r, unit) in unit_of_row.iter().enumerate() {
            if let Some((i, d)) = *unit {
                self.inverse[r * m + i] = 1.0 / d;
            }
        }
        for (a, &i) in others.iter().enumerate() {
            let (rows, coefs) = self.entries(self.basis[i]);
            let entries: Vec<(usize, f64)> = rows
                .iter()
                .zip(coefs)
                .map(|(&r, &c)| (r as usize, c))
                .collect();
            for (r, coef) in entries {
                if let Some((u, d)) = unit_of_row[r] {
                    // Row u of B⁻¹ gains −(coef/d)·(row a of B₂₂⁻¹) on the free rows.
                    for (x, &f) in free_rows.iter().enumerate() {
                        self.inverse[f * m + u] -= coef / d * inv[a * k + x];
                    }
                }
            }
        }
        self.values = vec![0.0; m];
        for (r, &b) in self.rhs.iter().enumerate() {
            if b != 0.0 {
                for (v, &x) in self
                    .values
                    .iter_mut()
                    .zip(&self.inverse[r * m..(r + 1) * m])
                {
                    *v += x * b;
                }
            }
        }
        self.pivots_since_refactor = 0;
        Ok(())
    }

    /// The row duals `y = c_Bᵀ B⁻¹` of the current basis.
    pub fn duals(&self) -> Vec<f64> {
        let m = self.rows;
        let mut y = vec![0.0; m];
        for (i, &j) in self.basis.iter().enumerate() {
            let c = self.columns[j].cost;
            if c != 0.0 {
                for (k, yk) in y.iter_mut().enumerate() {
                    *yk += c * self.inverse[k * m + i];
                }
            }
        }
        y
    }

    /// The value of column `j` in the current basic solution.
    pub fn value(&self, j: usize) -> f64 {
        self.position[j].map_or(0.0, |i| self.values[i].max(0.0))
    }

    /// The objective `cᵀx` of the current basic solution.
    #[cfg(test)]
    pub fn objective(&self) -> f64 {
        self.basis
            .iter()
            .zip(&self.values)
            .map(|(&j, &v)| self.columns[j].cost * v.max(0.0))
            .sum()
    }

    fn reduced_cost(&self, j: usize, y: &[f64]) -> f64 {
        let (rows, coefs) = self.entries(j);
        self.columns[j].cost - sparse_dot(rows, coefs, y)
    }

    /// Pivots until no column's reduced cost exceeds `tolerance` (an optimum), at most
    /// `max_pivots` times. Needs a basis ([`Self::set_basis`]).
    pub fn solve(&mut self, tolerance: f64, max_pivots: usize) -> Result<(), SimplexError> {
        let m = self.rows;
        let n = self.columns.len();
        // Long runs of degenerate pivots are normal here (a max-min LP started from one panel
        // has a zero surplus in the row of every type the panel leaves out, and each must leave
        // before the minimum can rise), so Bland's rule, which is slow, only takes over when a
        // run comes back to a basis it has already had. Switching after a fixed run of 50 made
        // the first solve on c-1200-100 run out of its 37,300 pivots.
        let mut signature = self.basis.iter().fold(0, |h, &j| h ^ column_hash(j));
        let mut seen_in_run: HashSet<u64> = HashSet::from([signature]);
        let mut bland = false;
        // Devex reference weights (Forrest & Goldfarb): an estimate of each column's steepest-
        // edge norm, so that entering columns are chosen by improvement per unit of movement.
        let mut devex = vec![1.0; n];
        // Reduced costs, updated from the pivot row at each pivot and recomputed from the
        // duals whenever the inverse is.
        let mut reduced = self.reduced_costs();
        let mut alpha = vec![0.0; m];
        let mut rho = vec![0.0; m];
        let mut confirmed = false;
        // The Devex choice for the next pivot, when the last pivot's pass over the columns
        // has already made it.
        let mut chosen: Option<Option<usize>> = None;
        for _ in 0..max_pivots {
            if self.pivots_since_refactor >= REFACTOR_EVERY {
                self.refactor()?;
                reduced = self.reduced_costs();
                chosen = None;
            }
            let mut nonbasic = (0..n).filter(|&j| self.may_enter(j));
            let entering = match chosen.take() {
                _ if bland => nonbasic.find(|&j| reduced[j] > tolerance),
                Some(choice) => choice,
                None => {
                    let mut best = Best::default();
                    for j in nonbasic {
                        best.offer(j, reduced[j], devex[j], tolerance);
                    }
                    best.column
                }
            };
            let Some(q) = entering else {
                // Confirm with reduced costs computed afresh from the duals (the updates
                // drift) before declaring an optimum.
                if !confirmed {
                    reduced = self.reduced_costs();
                    confirmed = true;
                    if (0..n).any(|j| self.may_enter(j) && reduced[j] > tolerance) {
                        continue;
                    }
                }
                return Ok(());
            };
            // The pivot column B⁻¹A_q.
            alpha.iter_mut().for_each(|x| *x = 0.0);
            let (rows, coefs) = self.entries(q);
            for (&r, &a) in rows.iter().zip(coefs) {
                let r = r as usize;
                crate::solve::dense::sub_multiple(
                    &mut alpha,
                    &self.inverse[r * m..(r + 1) * m],
                    -a,
                );
            }
            // Harris: the longest step any row allows with its tolerance, then among the rows
            // that block within it, the largest pivot.
            let limit = (0..m)
                .filter(|&i| alpha[i] > PIVOT_TOLERANCE)
                .map(|i| (self.values[i].max(0.0) + PRIMAL_TOLERANCE) / alpha[i])
                .fold(f64::INFINITY, f64::min);
            if limit == f64::INFINITY {
                return Err(SimplexError::Unbounded);
            }
            let leaving = (0..m)
                .filter(|&i| {
                    alpha[i] > PIVOT_TOLERANCE && self.values[i].max(0.0) / alpha[i] <= limit
                })
                .max_by(|&a, &b| {
                    alpha[a]
                        .total_cmp(&alpha[b])
                        .then(self.basis[b].cmp(&self.basis[a]))
                })
                .expect("a row blocks");
            let step = self.values[leaving].max(0.0) / alpha[leaving];
            // The pivot row (row `leaving` of B⁻¹ times each nonbasic column) updates the
            // reduced costs and the Devex weights.
            let pivot = alpha[leaving];
            for (k, x) in rho.iter_mut().enumerate() {
                *x = self.inverse[k * m + leaving];
            }
            let (wq, ratio) = (devex[q], reduced[q] / pivot);
            // The pivot row over every column, then the update of the inverse.
            let update = PivotUpdate {
                columns: &self.columns,
                entry_rows: &self.entry_rows,
                entry_values: &self.entry_values,
                position: &self.position,
                q,
                rho: &rho,
                alpha: &alpha,
                leaving,
                pivot,
                ratio,
                wq,
                tolerance,
            };
            update.inverse(&mut self.inverse);
            // The same pass chose the next entering column (the leaving one, whose reduced
            // cost becomes −ratio < 0, cannot be it).
            chosen = Some(update.pivot_row(0, &mut reduced, &mut devex).column);
            let out = self.basis[leaving];
            reduced[out] = -ratio;
            reduced[q] = 0.0;
            devex[out] = (wq / (pivot * pivot)).max(1.0);
            for (v, &a) in self.values.iter_mut().zip(&alpha) {
                *v -= step * a;
            }
            self.values[leaving] = step;
            self.position[out] = None;
            self.position[q] = Some(leaving);
            self.basis[leaving] = q;
            self.pivots_since_refactor += 1;
            confirmed = false;
            signature ^= column_hash(out) ^ column_hash(q);
            if step > PRIMAL_TOLERANCE {
                seen_in_run.clear();
                seen_in_run.insert(signature);
                bland = false;
            } else if !seen_in_run.insert(signature) {
                bland = true;
            }
        }
        Err(SimplexError::PivotLimit)
    }

    /// Every column's reduced cost under the current duals (zero for basic columns).
    fn reduced_costs(&self) -> Vec<f64> {
        let y = self.duals();
        (0..self.columns.len())
            .map(|j| {
                if !self.may_enter(j) {
                    0.0
                } else {
                    self.reduced_cost(j, &y)
                }
            })
            .collect()
    }
}

/// What one pivot's updates need: the pivot row `rho` (row `leaving` of the old inverse),
/// the pivot column `alpha`, the entering column `q`, and the factors of the update.
struct PivotUpdate<'a> {
    columns: &'a [Column],
    entry_rows: &'a [u32],
    entry_values: &'a [f64],
    position: &'a [Option<usize>],
    q: usize,
    rho: &'a [f64],
    alpha: &'a [f64],
    leaving: usize,
    pivot: f64,
    ratio: f64,
    wq: f64,
    tolerance: f64,
}

impl PivotUpdate<'_> {
    /// Updates the reduced costs and Devex weights of the nonbasic columns from `first` on
    /// (as many as `reduced` holds) along the pivot row; returns the best of them to enter
    /// next.
    fn pivot_row(&self, first: usize, reduced: &mut [f64], devex: &mut [f64]) -> Best {
        let mut best = Best::default();
        for (k, (r, d)) in reduced.iter_mut().zip(devex.iter_mut()).enumerate() {
            let j = first + k;
            if j == self.q || self.position[j].is_some() {
                continue;
            }
            let c = &self.columns[j];
            if c.parked {
                continue;
            }
            let a = sparse_dot(
                &self.entry_rows[c.start..c.start + c.len],
                &self.entry_values[c.start..c.start + c.len],
                self.rho,
            );
            if a != 0.0 {
                *r -= self.ratio * a;
                *d = d.max((a / self.pivot).powi(2) * self.wq);
            }
            best.offer(j, *r, *d, self.tolerance);
        }
        best
    }

    /// Updates whole columns of the inverse (column-major, `alpha.len()` rows): row
    /// `leaving` divided by the pivot, then eliminated from every other row.
    fn inverse(&self, inverse: &mut [f64]) {
        for col in inverse.chunks_exact_mut(self.alpha.len()) {
            let v = col[self.leaving] / self.pivot;
            if v != 0.0 {
                crate::solve::dense::sub_multiple(col, self.alpha, v);
            }
            col[self.leaving] = v;
        }
    }
}

/// Devex pricing: of the columns offered in turn, the one with the largest squared reduced
/// cost per reference weight, among those whose reduced cost exceeds the tolerance (the last
/// offered on a tie).
#[derive(Default)]
struct Best {
    score: f64,
    column: Option<usize>,
}

impl Best {
    fn offer(&mut self, j: usize, reduced: f64, weight: f64, tolerance: f64) {
        if reduced > tolerance {
            let score = reduced * reduced / weight;
            if self.column.is_none() || score >= self.score {
                self.score = score;
                self.column = Some(j);
            }
        }
    }
}

/// `Σ coefs[k]·v[rows[k]]`, in four running sums: one sum would make every addition wait
/// for the one before (the pivot row, a product with every column, is most of a solve).
fn sparse_dot(rows: &[u32], coefs: &[f64], v: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (row_quads, row_rest) = rows.split_at(rows.len() / 4 * 4);
    let (coef_quads, coef_rest) = coefs.split_at(row_quads.len());
    for (r, c) in row_quads.chunks_exact(4).zip(coef_quads.chunks_exact(4)) {
        for k in 0..4 {
            acc[k] += c[k] * v[r[k] as usize];
        }
    }
    for (&r, &c) in row_rest.iter().zip(coef_rest) {
        acc[0] += c * v[r as usize];
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed stream of numbers in [0, 1) (xorshift) for random test problems.
    fn uniform(mut seed: u64) -> impl FnMut() -> f64 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// max 3x + 2y s.t. x + y + s1 = 4, x + 3y + s2 = 6, x, y, s ≥ 0: optimum x = 4, y = 0,
    /// value 12; duals (3, 0).
    #[test]
    fn small_lp_on_paper() {
        let mut lp = ColumnSimplex::new(vec![4.0, 6.0]);
        let x = lp.add_column(vec![(0, 1.0), (1, 1.0)], 3.0);
        let y = lp.add_column(vec![(0, 1.0), (1, 3.0)], 2.0);
        let s1 = lp.add_column(vec![(0, 1.0)], 0.0);
        let s2 = lp.add_column(vec![(1, 1.0)], 0.0);
        lp.set_basis(vec![s1, s2]).unwrap();
        lp.solve(1e-12, 100).unwrap();
        assert!((lp.value(x) - 4.0).abs() < 1e-12);
        assert_eq!(lp.value(y), 0.0);
        assert!((lp.objective() - 12.0).abs() < 1e-12);
        let d = lp.duals();
        assert!((d[0] - 3.0).abs() < 1e-12 && d[1].abs() < 1e-12);
    }

    /// Columns added after a solve are taken up from the last basis.
    #[test]
    fn columns_added_later() {
        // max z s.t. a·λ − z − s = 0 per row, Σλ = 1: the best mix of "panels" for the worst row.
        let mut lp = ColumnSimplex::new(vec![0.0, 0.0, 1.0]);
        let z = lp.add_column(vec![(0, -1.0), (1, -1.0)], 1.0);
        let s0 = lp.add_column(vec![(0, -1.0)], 0.0);
        let s1 = lp.add_column(vec![(1, -1.0)], 0.0);
        let p0 = lp.add_column(vec![(0, 1.0), (2, 1.0)], 0.0);
        lp.set_basis(vec![s0, s1, p0]).unwrap();
        lp.solve(1e-12, 100).unwrap();
        assert_eq!(lp.objective(), 0.0);
        let p1 = lp.add_column(vec![(1, 1.0), (2, 1.0)], 0.0);
        lp.solve(1e-12, 100).unwrap();
        assert!((lp.objective() - 0.5).abs() < 1e-12);
        assert!((lp.value(p0) - 0.5).abs() < 1e-12 && (lp.value(p1) - 0.5).abs() < 1e-12);
        assert!(lp.value(z) > 0.0);
        // Both rows bind with weight ½ each; the convexity row's dual is ŷ = ½.
        let d = lp.duals();
        assert!((d[0] + 0.5).abs() < 1e-12 && (d[1] + 0.5).abs() < 1e-12);
        assert!((d[2] - 0.5).abs() < 1e-12);
    }

    /// A parked column takes no part in solves until it is brought back.
    #[test]
    fn parked_columns_wait_until_brought_back() {
        // The LP of `columns_added_later` with both panels from the start, p1 parked.
        let mut lp = ColumnSimplex::new(vec![0.0, 0.0, 1.0]);
        lp.add_column(vec![(0, -1.0), (1, -1.0)], 1.0);
        let s0 = lp.add_column(vec![(0, -1.0)], 0.0);
        let s1 = lp.add_column(vec![(1, -1.0)], 0.0);
        let p0 = lp.add_column(vec![(0, 1.0), (2, 1.0)], 0.0);
        let p1 = lp.add_column(vec![(1, 1.0), (2, 1.0)], 0.0);
        lp.set_basis(vec![s0, s1, p0]).unwrap();
        lp.park(p1);
        lp.solve(1e-12, 100).unwrap();
        assert_eq!(lp.objective(), 0.0);
        assert_eq!(lp.value(p1), 0.0);
        assert!(lp.unpark(p1));
        assert!(!lp.unpark(p1));
        lp.solve(1e-12, 100).unwrap();
        assert!((lp.objective() - 0.5).abs() < 1e-12);
        assert!((lp.value(p1) - 0.5).abs() < 1e-12);
    }

    /// Random packing LPs (max cᵀx, Ax ≤ b, x ≥ 0) against brute force over all bases.
    #[test]
    fn random_lps_against_vertex_enumeration() {
        let mut next = uniform(0x2545_F491_4F6C_DD1D);
        for _ in 0..200 {
            let (m, n) = (3, 4);
            let a: Vec<Vec<f64>> = (0..m)
                .map(|_| (0..n).map(|_| (next() * 4.0).floor()).collect())
                .collect();
            let b: Vec<f64> = (0..m).map(|_| 1.0 + (next() * 5.0).floor()).collect();
            let c: Vec<f64> = (0..n).map(|_| (next() * 3.0).floor()).collect();
            // Bounded: every variable appears in some row, else give it cost 0.
            let c: Vec<f64> = (0..n)
                .map(|j| {
                    if (0..m).any(|i| a[i][j] > 0.0) {
                        c[j]
                    } else {
                        0.0
                    }
                })
                .collect();
            let mut lp = ColumnSimplex::new(b.clone());
            for j in 0..n {
                let e = (0..m)
                    .filter(|&i| a[i][j] != 0.0)
                    .map(|i| (i, a[i][j]))
                    .collect();
                lp.add_column(e, c[j]);
            }
            let slacks: Vec<usize> = (0..m).map(|i| lp.add_column(vec![(i, 1.0)], 0.0)).collect();
            lp.set_basis(slacks).unwrap();
            lp.solve(1e-12, 1000).unwrap();
            // Brute force on a grid fine enough for these integer data would be slow; compare
            // with every vertex instead: each choice of m columns of [A | I] that solves to x ≥ 0.
            let best = brute_force(&a, &b, &c);
            assert!(
                (lp.objective() - best).abs() < 1e-9,
                "{} vs {best}",
                lp.objective()
            );
            // Dual feasibility and strong duality.
            let y = lp.duals();
            assert!(y.iter().all(|&v| v >= -1e-9));
            for j in 0..n {
                let load: f64 = (0..m).map(|i| a[i][j] * y[i]).sum();
                assert!(load >= c[j] - 1e-9);
            }
            let dual: f64 = (0..m).map(|i| b[i] * y[i]).sum();
            assert!((dual - best).abs() < 1e-9);
        }
    }

    /// A max-min LP like a LEXIMIN stage over rows `0..m`, in the stage's form: maximise z
    /// subject to `Σ_P a_Pt·λ_P − z − s_t = 0` per row and `Σλ = 1` (row m). Columns: z (0),
    /// the surplus of each row (1 to m), then `first`, whose basis (the surpluses and `first`)
    /// is set.
    fn max_min_lp(m: usize, first: &[(usize, f64)]) -> ColumnSimplex {
        let mut rhs = vec![0.0; m + 1];
        rhs[m] = 1.0;
        let mut lp = ColumnSimplex::new(rhs);
        lp.add_column((0..m).map(|t| (t, -1.0)).collect(), 1.0);
        let mut basis: Vec<usize> = (0..m)
            .map(|t| lp.add_column(vec![(t, -1.0)], 0.0))
            .collect();
        basis.push(add_panel(&mut lp, m, first));
        lp.set_basis(basis).unwrap();
        lp
    }

    /// Adds a panel column (with its entry in the convexity row m) to a [`max_min_lp`].
    fn add_panel(lp: &mut ColumnSimplex, m: usize, panel: &[(usize, f64)]) -> usize {
        lp.add_column([panel, &[(m, 1.0)]].concat(), 0.0)
    }

    /// A max-min LP over many rows started from one panel: every row the panel leaves out has
    /// a zero surplus, so the first pivots are degenerate, one per such row. The solve must not
    /// hand over to Bland's rule in the middle of that run (it then ran out of pivots on
    /// c-1200-100), and it must reach clarabel's optimum.
    #[test]
    fn long_degenerate_start_reaches_the_optimum() {
        let mut next = uniform(0x2545_F491_4F6C_DD1D);
        let (m, count) = (400, 700);
        let panels: Vec<Vec<(usize, f64)>> = (0..count)
            .map(|_| (0..m).filter(|_| next() < 0.08).map(|t| (t, 1.0)).collect())
            .collect();
        let mut lp = max_min_lp(m, &panels[0]);
        for p in &panels[1..] {
            add_panel(&mut lp, m, p);
        }
        lp.solve(1e-10, 50 * m + 1000)
            .unwrap_or_else(|e| panic!("{e}: {}", lp.objective()));
        let expected = max_min_on_clarabel(m, &panels);
        assert!(lp.objective() > 0.0);
        assert!(
            (expected - lp.objective()).abs() < 1e-7,
            "{expected} vs {}",
            lp.objective()
        );
    }

    /// A solve is repeatable bit for bit (same basis, values and duals), and parked columns
    /// stay out of it.
    #[test]
    fn solves_are_repeatable_and_parked_columns_stay_out() {
        let mut next = uniform(0x0123_4567_89AB_CDEF);
        let (m, count) = (300, 900);
        let mut panels: Vec<Vec<(usize, f64)>> = Vec::new();
        for _ in 0..count {
            let mut panel: Vec<(usize, f64)> = Vec::new();
            for t in 0..m {
                if next() < 0.1 {
                    panel.push((t, (1.0 + (next() * 3.0).floor()) / 3.0));
                }
            }
            panels.push(panel);
        }
        let mut lp = max_min_lp(m, &panels[0]);
        for p in &panels[1..] {
            add_panel(&mut lp, m, p);
        }
        // Some columns parked.
        let parked: Vec<usize> = (0..lp.columns.len())
            .filter(|&j| lp.position[j].is_none() && j % 7 == 3)
            .collect();
        for &j in &parked {
            lp.park(j);
        }
        let mut alone = lp.clone();
        alone.solve(1e-10, 100_000).unwrap();
        lp.solve(1e-10, 100_000).unwrap();
        assert_eq!(alone.basis, lp.basis);
        assert_eq!(alone.values, lp.values);
        assert_eq!(alone.duals(), lp.duals());
        assert!(lp.objective() > 0.0);
        assert!(parked.iter().all(|&j| lp.value(j) == 0.0));
    }

    /// The value of the max-min LP over `panels` (rows `0..m`), solved by clarabel in the
    /// form: max z subject to Σ λ = 1, Σ_P λ_P·a_Pt ≥ z for every row t, λ ≥ 0.
    fn max_min_on_clarabel(m: usize, panels: &[Vec<(usize, f64)>]) -> f64 {
        use crate::solve::{Outcome, Program};
        let mut p = Program::default();
        let lambdas: Vec<usize> = panels
            .iter()
            .map(|_| p.add_var(0.0, f64::INFINITY, false, 0.0))
            .collect();
        let z = p.add_var(f64::NEG_INFINITY, f64::INFINITY, false, -1.0);
        p.add_row(lambdas.iter().map(|&l| (l, 1.0)).collect(), 1.0, 1.0);
        for t in 0..m {
            let mut row: Vec<(usize, f64)> = vec![(z, -1.0)];
            for (i, panel) in panels.iter().enumerate() {
                row.extend(panel.iter().filter(|e| e.0 == t).map(|e| (lambdas[i], e.1)));
            }
            p.add_row(row, 0.0, f64::INFINITY);
        }
        let Outcome::Optimal(x) = crate::solve::clarabel::solve_clarabel(&p).unwrap() else {
            panic!("feasible")
        };
        x[z]
    }

    /// A max-min LP with 40 rows and columns added in batches, solved warm after each batch:
    /// agrees with clarabel, and recomputing the inverse from the basis reproduces the
    /// updated one.
    #[test]
    fn warm_batches_agree_with_clarabel() {
        let mut next = uniform(0x9E37_79B9_7F4A_7C15);
        let m = 40;
        let mut panels: Vec<Vec<(usize, f64)>> = Vec::new();
        let mut random_panel = || -> Vec<(usize, f64)> {
            let mut panel = Vec::new();
            for t in 0..m {
                if next() < 0.3 {
                    panel.push((t, (1.0 + (next() * 3.0).floor()) / 4.0));
                }
            }
            panel
        };
        let first = random_panel();
        let mut lp = max_min_lp(m, &first);
        let z = 0;
        panels.push(first);
        for _ in 0..8 {
            for _ in 0..15 {
                let p = random_panel();
                add_panel(&mut lp, m, &p);
                panels.push(p);
            }
            lp.solve(1e-10, 10_000).unwrap();
            let (value, duals) = (lp.objective(), lp.duals());
            let expected = max_min_on_clarabel(m, &panels);
            assert!((expected - value).abs() < 1e-7, "{expected} vs {value}");
            assert!((lp.value(z) - value).abs() < 1e-12);
            lp.set_basis(lp.basis().to_vec()).unwrap();
            assert!((lp.objective() - value).abs() < 1e-10);
            for (a, b) in lp.duals().iter().zip(&duals) {
                assert!((a - b).abs() < 1e-9);
            }
        }
    }

    fn brute_force(a: &[Vec<f64>], b: &[f64], c: &[f64]) -> f64 {
        let (m, n) = (a.len(), c.len());
        let total = n + m;
        let column = |j: usize, i: usize| {
            if j < n {
                a[i][j]
            } else if j - n == i {
                1.0
            } else {
                0.0
            }
        };
        let cost = |j: usize| if j < n { c[j] } else { 0.0 };
        let mut best = f64::NEG_INFINITY;
        for mask in 0u32..(1 << total) {
            if mask.count_ones() as usize != m {
                continue;
            }
            let cols: Vec<usize> = (0..total).filter(|&j| mask >> j & 1 == 1).collect();
            // Solve B x = b by Gaussian elimination.
            let mut mat: Vec<Vec<f64>> = (0..m)
                .map(|i| {
                    let mut row: Vec<f64> = cols.iter().map(|&j| column(j, i)).collect();
                    row.push(b[i]);
                    row
                })
                .collect();
            let mut ok = true;
            for k in 0..m {
                let Some(p) = (k..m).find(|&r| mat[r][k].abs() > 1e-12) else {
                    ok = false;
                    break;
                };
                mat.swap(k, p);
                for r in 0..m {
                    if r != k {
                        let f = mat[r][k] / mat[k][k];
                        let pivot_row = mat[k].clone();
                        for (x, p) in mat[r].iter_mut().zip(pivot_row) {
                            *x -= f * p;
                        }
                    }
                }
            }
            if !ok {
                continue;
            }
            let x: Vec<f64> = (0..m).map(|k| mat[k][m] / mat[k][k]).collect();
            if x.iter().all(|&v| v >= -1e-12) {
                best = best.max(cols.iter().zip(&x).map(|(&j, &v)| cost(j) * v).sum());
            }
        }
        best
    }
}
