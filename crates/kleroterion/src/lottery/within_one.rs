//! Repairing the tickets so that every volunteer's chance is within one ticket of their
//! probability (|tickets/m − p| < 1/m).
//!
//! Members of a type are dealt the type's T seats round-robin, so each gets ⌊T/n⌋ or ⌈T/n⌉
//! tickets; both are within one ticket of x = m·p exactly when T lies in [n·⌊x⌋, n·⌈x⌉]
//! (T = n·x when x is a whole number). The herded tickets come close; the repair then moves
//! seats between types, each move keeping every ticket's panel within the quotas and the
//! household rule and bringing the types' total distance from their ranges down, never moving
//! a type out of its range: a single swap on one ticket (a seat of a type with too many for
//! one of a type that can take one more), else two swaps on one ticket (the second mending
//! the quotas the first breaks), else a chain of swaps over several tickets, found breadth
//! first, through types that keep their seats. It ends when every type is in range or no
//! move is found within the searches' budgets. The tickets' panels are then feasible panels,
//! if not all in the support.

use crate::input::instance::Instance;
use crate::select::distribution::Distribution;

/// How many pairs of second swaps the repair looks at in all (see `repair`).
const WORK_BUDGET: usize = 20_000_000;

/// How many single swaps the chain searches look at in all (see `repair`).
const CHAIN_BUDGET: usize = 50_000_000;

/// The range of seats T a type may get over all tickets: every member within one ticket.
fn allowed(x: f64, n: u32) -> (i64, i64) {
    let n = i64::from(n);
    let near = x.round();
    if (x - near).abs() < 1e-6 {
        (n * near as i64, n * near as i64)
    } else {
        (n * x.floor() as i64, n * x.ceil() as i64)
    }
}

/// How far `seats` lies outside `range`.
fn outside(seats: i64, (low, high): (i64, i64)) -> i64 {
    (low - seats).max(seats - high).max(0)
}

/// The tickets being repaired: each ticket's composition and its seats per quota value and
/// per household.
struct Tickets<'a> {
    inst: &'a Instance,
    dist: &'a Distribution,
    compositions: Vec<Vec<u32>>,
    per_value: Vec<Vec<u32>>,
    per_household: Vec<Vec<u32>>,
    household_of: Vec<Option<usize>>,
}

impl Tickets<'_> {
    /// Whether ticket `j` can seat one more of type `b` in place of one of type `a`.
    fn can_swap(&self, j: usize, a: usize, b: usize) -> bool {
        let c = &self.compositions[j];
        if c[a] == 0 || c[b] >= self.dist.groups.size(b) {
            return false;
        }
        let (va, vb) = (
            &self.dist.groups.groups[a].values,
            &self.dist.groups.groups[b].values,
        );
        let counts = &self.per_value[j];
        for (&x, &y) in va.iter().zip(vb) {
            if x != y && (counts[x] <= self.inst.bounds[x].0 || counts[y] >= self.inst.bounds[y].1)
            {
                return false;
            }
        }
        match (self.household_of[b], self.household_of[a]) {
            (Some(h), Some(g)) if h == g => true,
            (Some(h), _) => self.per_household[j][h] == 0,
            (None, _) => true,
        }
    }

    /// Whether ticket `j`'s panel meets every quota, seats no type more often than it has
    /// members and no household twice, looking at the types in `touched`.
    fn fits(&self, j: usize, touched: &[usize]) -> bool {
        let c = &self.compositions[j];
        touched.iter().all(|&t| c[t] <= self.dist.groups.size(t))
            && self.per_value[j]
                .iter()
                .zip(&self.inst.bounds)
                .all(|(&n, &(low, high))| low <= n && n <= high)
            && touched
                .iter()
                .filter_map(|&t| self.household_of[t])
                .all(|h| self.per_household[j][h] <= 1)
    }

    fn swap(&mut self, j: usize, a: usize, b: usize) {
        self.compositions[j][a] -= 1;
        self.compositions[j][b] += 1;
        for &v in &self.dist.groups.groups[a].values {
            self.per_value[j][v] -= 1;
        }
        for &v in &self.dist.groups.groups[b].values {
            self.per_value[j][v] += 1;
        }
        if let Some(h) = self.household_of[a] {
            self.per_household[j][h] -= 1;
        }
        if let Some(h) = self.household_of[b] {
            self.per_household[j][h] += 1;
        }
    }
}

/// Repairs the tickets whose compositions are `order` (indices into the support) and returns
/// every ticket's composition, and the total distance of the types from their ranges that is
/// left (0: every volunteer within one ticket).
pub fn repair(inst: &Instance, dist: &Distribution, order: &[usize]) -> (Vec<Vec<u32>>, i64) {
    let n_types = dist.groups.len();
    let m = order.len();
    let compositions: Vec<Vec<u32>> = order.iter().map(|&i| dist.panels[i].clone()).collect();
    let mut household_of = vec![None; n_types];
    for (h, types) in dist.groups.households.iter().enumerate() {
        for &t in types {
            household_of[t] = Some(h);
        }
    }
    let count = |c: &Vec<u32>| {
        let mut per_value = vec![0u32; inst.quotas.values.len()];
        let mut per_household = vec![0u32; dist.groups.households.len()];
        for (t, &k) in c.iter().enumerate().filter(|(_, &k)| k > 0) {
            for &v in &dist.groups.groups[t].values {
                per_value[v] += k;
            }
            if let Some(h) = household_of[t] {
                per_household[h] += k;
            }
        }
        (per_value, per_household)
    };
    let (per_value, per_household) = compositions.iter().map(count).unzip();
    let mut tickets = Tickets {
        inst,
        dist,
        compositions,
        per_value,
        per_household,
        household_of,
    };
    let range: Vec<(i64, i64)> = (0..n_types)
        .map(|t| allowed(m as f64 * dist.group_probability[t], dist.groups.size(t)))
        .collect();
    let mut seats = vec![0i64; n_types];
    for c in &tickets.compositions {
        for (t, &k) in c.iter().enumerate() {
            seats[t] += i64::from(k);
        }
    }
    // Pairs of second swaps looked at: the searches of two swaps stop after this many, so
    // that the repair ends in about a second on the largest pools.
    let mut work = 0usize;
    // Single swaps looked at in the chain searches, in all.
    let mut swaps_tried = 0usize;
    loop {
        let mut out: Vec<(i64, usize)> = (0..n_types)
            .map(|t| (outside(seats[t], range[t]), t))
            .filter(|&(d, _)| d > 0)
            .collect();
        if out.is_empty() {
            return (tickets.compositions, 0);
        }
        out.sort_unstable_by_key(|&(d, t)| (std::cmp::Reverse(d), t));
        // Types that can give a seat (too many first) and types that can take one.
        let over: Vec<usize> = out
            .iter()
            .map(|&(_, t)| t)
            .filter(|&t| seats[t] > range[t].1)
            .collect();
        let under: Vec<usize> = out
            .iter()
            .map(|&(_, t)| t)
            .filter(|&t| seats[t] < range[t].0)
            .collect();
        let givers: Vec<usize> = over
            .iter()
            .copied()
            .chain((0..n_types).filter(|&t| seats[t] > range[t].0 && seats[t] <= range[t].1))
            .collect();
        let takers: Vec<usize> = under
            .iter()
            .copied()
            .chain((0..n_types).filter(|&t| seats[t] < range[t].1 && seats[t] >= range[t].0))
            .collect();
        let found = out.iter().find_map(|&(_, t)| {
            let (from, to): (&[usize], &[usize]) = if seats[t] > range[t].1 {
                (std::slice::from_ref(&t), &takers)
            } else {
                (&givers, std::slice::from_ref(&t))
            };
            for &a in from {
                for j in (0..m).filter(|&j| tickets.compositions[j][a] > 0) {
                    if let Some(&b) = to.iter().find(|&&b| b != a && tickets.can_swap(j, a, b)) {
                        return Some((j, a, b));
                    }
                }
            }
            None
        });
        if let Some((j, a, b)) = found {
            tickets.swap(j, a, b);
            seats[a] -= 1;
            seats[b] += 1;
            continue;
        }
        // No single swap: two on one ticket, the second mending the quotas the first breaks.
        let gain = |moves: &[(usize, i64)], seats: &[i64]| -> i64 {
            let mut change = 0;
            for (i, &(t, _)) in moves.iter().enumerate() {
                if moves[..i].iter().any(|m| m.0 == t) {
                    continue;
                }
                let d: i64 = moves.iter().filter(|m| m.0 == t).map(|m| m.1).sum();
                let (before, after) =
                    (outside(seats[t], range[t]), outside(seats[t] + d, range[t]));
                if after > before {
                    // No type is moved further out of its range.
                    return 0;
                }
                change += after - before;
            }
            change
        };
        let double = out.iter().find_map(|&(_, t)| {
            let too_many = seats[t] > range[t].1;
            for j in 0..m {
                let pairs: Vec<(usize, usize)> = if too_many {
                    if tickets.compositions[j][t] == 0 {
                        continue;
                    }
                    takers
                        .iter()
                        .filter(|&&b| b != t)
                        .map(|&b| (t, b))
                        .collect()
                } else {
                    (0..n_types)
                        .filter(|&a| a != t && tickets.compositions[j][a] > 0)
                        .filter(|&a| seats[a] > range[a].0)
                        .map(|a| (a, t))
                        .collect()
                };
                for (a, b) in pairs {
                    if work >= WORK_BUDGET {
                        return None;
                    }
                    if tickets.compositions[j][b] >= dist.groups.size(b) {
                        continue;
                    }
                    tickets.swap(j, a, b);
                    let low: Vec<usize> = (0..inst.bounds.len())
                        .filter(|&v| tickets.per_value[j][v] < inst.bounds[v].0)
                        .collect();
                    let high: Vec<usize> = (0..inst.bounds.len())
                        .filter(|&v| tickets.per_value[j][v] > inst.bounds[v].1)
                        .collect();
                    let carries = |x: usize, vs: &[usize]| {
                        vs.iter().all(|v| dist.groups.groups[x].values.contains(v))
                    };
                    let cs: Vec<usize> = (0..n_types)
                        .filter(|&c| tickets.compositions[j][c] > 0 && carries(c, &high))
                        .collect();
                    let ds: Vec<usize> = (0..n_types).filter(|&d| carries(d, &low)).collect();
                    work += cs.len() * ds.len() + 2 * n_types;
                    for &c in &cs {
                        for &d in &ds {
                            if c == d || (c == b && d == a) {
                                continue;
                            }
                            let moves = [(a, -1), (b, 1), (c, -1), (d, 1)];
                            if gain(&moves, &seats) >= 0 {
                                continue;
                            }
                            tickets.swap(j, c, d);
                            let ok = tickets.fits(j, &[a, b, c, d]);
                            tickets.swap(j, d, c);
                            if ok {
                                tickets.swap(j, b, a);
                                return Some((j, a, b, c, d));
                            }
                        }
                    }
                    tickets.swap(j, b, a);
                }
            }
            None
        });
        if let Some((j, a, b, c, d)) = double {
            tickets.swap(j, a, b);
            tickets.swap(j, c, d);
            for (t, by) in [(a, -1), (b, 1), (c, -1), (d, 1)] {
                seats[t] += by;
            }
            continue;
        }
        // A chain: a seat of a type with too many moves to a second type on one ticket, one of
        // that type to a third on another, ... until a type with too few gets it; the types
        // between keep their seats. Found breadth first over the types (shortest chain).
        let sources: Vec<usize> = if over.is_empty() {
            givers.clone()
        } else {
            over.clone()
        };
        let targets: Vec<bool> = (0..n_types)
            .map(|t| match under.is_empty() {
                true => seats[t] < range[t].1,
                false => seats[t] < range[t].0,
            })
            .collect();
        // In how many features two types differ: a swap on a ticket whose quotas leave
        // little room changes few of them, so the chains step between close types.
        let apart = |x: usize, y: usize| {
            let (a, b) = (&dist.groups.groups[x].values, &dist.groups.groups[y].values);
            a.iter().zip(b).filter(|(u, v)| u != v).count()
        };
        let mut chain = None;
        for &start in &sources {
            if chain.is_some() || swaps_tried >= CHAIN_BUDGET {
                break;
            }
            // The swap that reached each type: (from type, ticket).
            let mut reached: Vec<Option<(usize, usize)>> = vec![None; n_types];
            let mut queue = std::collections::VecDeque::from([start]);
            let mut seen = vec![false; n_types];
            seen[start] = true;
            'search: while let Some(x) = queue.pop_front() {
                let holding: Vec<usize> =
                    (0..m).filter(|&j| tickets.compositions[j][x] > 0).collect();
                for y in 0..n_types {
                    if seen[y] || swaps_tried >= CHAIN_BUDGET || apart(x, y) > 2 {
                        continue;
                    }
                    swaps_tried += holding.len();
                    if let Some(&j) = holding.iter().find(|&&j| tickets.can_swap(j, x, y)) {
                        seen[y] = true;
                        reached[y] = Some((x, j));
                        if targets[y] && y != start {
                            chain = Some((start, y, reached));
                            break 'search;
                        }
                        queue.push_back(y);
                    }
                }
            }
        }
        if let Some((start, end, reached)) = chain {
            let mut steps = Vec::new();
            let mut at = end;
            while at != start {
                let (from, j) = reached[at].expect("on the chain");
                steps.push((j, from, at));
                at = from;
            }
            steps.reverse();
            // Each swap is checked again as it is made (two may share a ticket).
            let mut made = Vec::new();
            for &(j, x, y) in &steps {
                if !tickets.can_swap(j, x, y) {
                    break;
                }
                tickets.swap(j, x, y);
                made.push((j, x, y));
            }
            if made.len() == steps.len() {
                seats[start] -= 1;
                seats[end] += 1;
                continue;
            }
            for &(j, x, y) in made.iter().rev() {
                tickets.swap(j, y, x);
            }
        }
        {
            let left = out.iter().map(|&(d, _)| d).sum();
            return (tickets.compositions, left);
        }
    }
}
