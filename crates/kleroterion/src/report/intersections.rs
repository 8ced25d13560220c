//! How the panel spreads over intersections of two features — combinations no quota governs
//! (age × education, say) — against the pool: the evidence for choosing an algorithm.

use crate::input::instance::Instance;

/// The smallest pool cell whose numbers the public report shows: smaller ones could point at
/// a person, so they are shown as "fewer than" this.
pub const SMALLEST_SHOWN: u32 = 5;

/// The pairs of features the report shows, at most.
pub const PAIRS_SHOWN: usize = 6;

/// One combination of a value of each of two features.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The two values.
    pub values: (String, String),
    /// Candidates in the pool with both.
    pub pool: u32,
    /// Seats the lottery gives them on average (Σ tickets/m), when a lottery exists.
    pub expected: Option<f64>,
    /// Seats they have on the drawn panel (this round's draw), once drawn.
    pub panel: Option<u32>,
    /// Seats LEGACY would give them on average (`--compare legacy`'s estimate).
    pub legacy: Option<f64>,
    /// Seats each other compared algorithm gives them on average, in the order of
    /// [`crate::report::ReportFacts::compared`].
    pub compared: Vec<f64>,
}

/// The cells of two features.
#[derive(Debug, Clone, PartialEq)]
pub struct Intersection {
    /// The two features.
    pub features: (String, String),
    /// Every combination that someone in the pool has.
    pub cells: Vec<Cell>,
    /// The largest difference between a cell's share of the lottery's (or else the panel's)
    /// seats and its share of the pool: the pairs are shown largest first.
    pub largest_gap: f64,
}

/// The intersections of every pair of quota features among the candidates, the
/// [`PAIRS_SHOWN`] with the largest gaps first; `tickets` are each candidate's tickets of
/// `m`, `drawn` this round's drawn candidates.
pub fn intersections(
    inst: &Instance,
    tickets: Option<(&[u32], u32)>,
    drawn: Option<&[usize]>,
) -> Vec<Intersection> {
    let features = &inst.quotas.features;
    let n = inst.n_candidates();
    let seats = drawn.map_or(inst.seats, <[usize]>::len).max(1) as f64;
    let mut on_panel = vec![false; n];
    for &c in drawn.unwrap_or(&[]) {
        on_panel[c] = true;
    }
    let mut out = Vec::new();
    for f in 0..features.len() {
        for g in f + 1..features.len() {
            let mut cells: Vec<(usize, usize, Cell)> = Vec::new();
            for c in 0..n {
                let values = inst.values_of(c);
                let (a, b) = (values[f], values[g]);
                let at = match cells.iter().position(|(x, y, _)| (*x, *y) == (a, b)) {
                    Some(i) => i,
                    None => {
                        let name = |v: usize| inst.quotas.values[v].name.clone();
                        cells.push((
                            a,
                            b,
                            Cell {
                                values: (name(a), name(b)),
                                pool: 0,
                                expected: tickets.map(|_| 0.0),
                                panel: drawn.map(|_| 0),
                                legacy: None,
                                compared: Vec::new(),
                            },
                        ));
                        cells.len() - 1
                    }
                };
                let cell = &mut cells[at].2;
                cell.pool += 1;
                if let (Some(e), Some((t, m))) = (cell.expected.as_mut(), tickets) {
                    *e += f64::from(t[c]) / f64::from(m);
                }
                if let Some(p) = cell.panel.as_mut() {
                    *p += u32::from(on_panel[c]);
                }
            }
            cells.sort_by_key(|(a, b, _)| (*a, *b));
            let cells: Vec<Cell> = cells.into_iter().map(|(_, _, c)| c).collect();
            let largest_gap = cells
                .iter()
                .map(|c| {
                    let pool = f64::from(c.pool) / n.max(1) as f64;
                    let seats_share = match (c.expected, c.panel) {
                        (Some(e), _) => e / inst.seats.max(1) as f64,
                        (None, Some(p)) => f64::from(p) / seats,
                        (None, None) => pool,
                    };
                    (seats_share - pool).abs()
                })
                .fold(0.0, f64::max);
            out.push(Intersection {
                features: (features[f].name.clone(), features[g].name.clone()),
                cells,
                largest_gap,
            });
        }
    }
    out.sort_by(|x, y| y.largest_gap.total_cmp(&x.largest_gap));
    out.truncate(PAIRS_SHOWN);
    out
}

/// Adds to every cell the seats another method gives it on average, from each candidate's
/// `chance` under that method (LEGACY's estimate, for `--compare legacy`).
pub fn add_comparison(intersections: &mut [Intersection], inst: &Instance, chance: &[f64]) {
    add_seats(intersections, inst, chance, |cell| {
        cell.legacy.get_or_insert(0.0)
    });
}

/// Adds another algorithm's average seats per cell (from each candidate's exact `chance`)
/// as the next entry of every cell's `compared`.
pub fn add_compared(intersections: &mut [Intersection], inst: &Instance, chance: &[f64]) {
    for x in intersections.iter_mut() {
        for cell in &mut x.cells {
            cell.compared.push(0.0);
        }
    }
    add_seats(intersections, inst, chance, |cell| {
        cell.compared.last_mut().expect("pushed above")
    });
}

/// Adds every candidate's `chance` to the cell `slot` picks.
fn add_seats(
    intersections: &mut [Intersection],
    inst: &Instance,
    chance: &[f64],
    slot: impl Fn(&mut Cell) -> &mut f64,
) {
    let position = |name: &str| inst.quotas.features.iter().position(|f| f.name == name);
    for x in intersections {
        let (Some(f), Some(g)) = (position(&x.features.0), position(&x.features.1)) else {
            continue;
        };
        for cell in &mut x.cells {
            *slot(cell) = 0.0;
        }
        for (c, &p) in chance.iter().enumerate().take(inst.n_candidates()) {
            let values = inst.values_of(c);
            let name = |v: usize| inst.quotas.values[v].name.as_str();
            let (a, b) = (name(values[f]), name(values[g]));
            if let Some(cell) = x
                .cells
                .iter_mut()
                .find(|cell| cell.values.0 == a && cell.values.1 == b)
            {
                *slot(cell) += p;
            }
        }
    }
}
