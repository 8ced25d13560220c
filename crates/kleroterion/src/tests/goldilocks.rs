//! GOLDILOCKS against its definition on tiny pools: every feasible panel enumerated, the
//! objective minimised by a search over the smallest probability with one LP per point
//! (independent of the second-order cone and of the walk).

use super::common::Lcg;
use super::leximin::{all_panels, odd_cycle_pool, tiny_pool};
use crate::select::distribution::Spread;
use crate::select::goldilocks::{by_columns, goldilocks, reachable};
use crate::select::leximin::{leximin, Depth};
use crate::select::{Distribution, Silent};
use crate::solve::panel_ilp::composition_violations;
use crate::solve::{Backend, Outcome, Program};
use crate::Instance;

/// The least Goldilocks objective over all distributions of the enumerated panels. For a
/// floor `v` on everyone's probability, an LP gives the least possible largest probability
/// u(v), convex in v; so is (n/k)·u(v) + γ(k/n)/v, minimised by golden-section search.
fn oracle(inst: &Instance, gamma: f64) -> f64 {
    let panels = all_panels(inst);
    let n = inst.n_candidates();
    let on_some: Vec<bool> = (0..n)
        .map(|i| panels.iter().any(|p| p.contains(&i)))
        .collect();
    // Minimise `most` (or maximise the floor when `floor` is None) over mixes of panels.
    let lp = |floor: Option<f64>| -> Option<f64> {
        let mut p = Program::default();
        let l: Vec<usize> = panels
            .iter()
            .map(|_| p.add_var(0.0, f64::INFINITY, false, 0.0))
            .collect();
        let most = p.add_var(0.0, 1.0, false, if floor.is_some() { 1.0 } else { 0.0 });
        let least = p.add_var(0.0, 1.0, false, if floor.is_some() { 0.0 } else { -1.0 });
        p.add_row(l.iter().map(|&v| (v, 1.0)).collect(), 1.0, 1.0);
        for i in (0..n).filter(|&i| on_some[i]) {
            let share: Vec<(usize, f64)> = panels
                .iter()
                .enumerate()
                .filter(|(_, q)| q.contains(&i))
                .map(|(k, _)| (l[k], 1.0))
                .collect();
            let mut below = share.clone();
            below.push((most, -1.0));
            p.add_row(below, f64::NEG_INFINITY, 0.0);
            let mut above = share;
            match floor {
                Some(v) => p.add_row(above, v, f64::INFINITY),
                None => {
                    above.push((least, -1.0));
                    p.add_row(above, 0.0, f64::INFINITY);
                }
            }
        }
        match p.solve(Backend::Pure).unwrap() {
            Outcome::Optimal(x) => Some(if floor.is_some() { x[most] } else { x[least] }),
            Outcome::Infeasible => None,
        }
    };
    let ratio = n as f64 / inst.seats as f64;
    let value = |v: f64| ratio * lp(Some(v)).unwrap() + gamma / (ratio * v);
    let top = lp(None).unwrap();
    let (mut a, mut b) = (top * 1e-3, top);
    let phi = 0.5 * (5f64.sqrt() - 1.0);
    let (mut c, mut d) = (b - phi * (b - a), a + phi * (b - a));
    let (mut fc, mut fd) = (value(c), value(d));
    for _ in 0..80 {
        if fc <= fd {
            b = d;
            d = c;
            fd = fc;
            c = b - phi * (b - a);
            fc = value(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + phi * (b - a);
            fd = value(d);
        }
    }
    fc.min(fd).min(value(top))
}

/// Every panel meets the quotas and the weights sum to 1.
fn assert_valid(inst: &Instance, d: &Distribution) {
    for p in &d.panels {
        assert_eq!(
            composition_violations(inst, &d.groups, p),
            Vec::<String>::new()
        );
    }
    let total: f64 = d.probabilities.iter().sum();
    assert!((total - 1.0).abs() < 1e-9);
}

fn objective(inst: &Instance, d: &Distribution, active: &[bool], gamma: f64) -> f64 {
    Spread::of(d, active).objective(inst.n_candidates(), inst.seats, gamma)
}

/// What one pool showed.
struct Checked {
    on_polytope: bool,
    /// GOLDILOCKS' objective is below LEXIMIN's (the pool tells the two apart).
    below_leximin: bool,
}

/// Runs both routes on `inst` against the oracle.
fn check(inst: &Instance, gamma: f64, what: &str) -> Checked {
    let expected = oracle(inst, gamma);
    let d = goldilocks(inst, gamma, Backend::Pure, &mut Silent).unwrap();
    assert_valid(inst, &d);
    let start = leximin(inst, Depth::Leximin, Backend::Pure, &mut Silent).unwrap();
    let active = reachable(&start);
    let got = objective(inst, &d, &active, gamma);
    let leximin_value = objective(inst, &start, &active, gamma);
    assert!(
        (got - expected).abs() < 1e-6,
        "{what}: GOLDILOCKS {got} against the oracle's {expected}"
    );
    let columns = by_columns(inst, start, &active, gamma, Backend::Pure, &mut Silent).unwrap();
    assert_valid(inst, &columns);
    let by_columns = objective(inst, &columns, &active, gamma);
    assert!(
        (by_columns - expected).abs() < 1e-6,
        "{what}: column generation {by_columns} against the oracle's {expected}"
    );
    let beside = d
        .beside_leximin
        .expect("GOLDILOCKS states LEXIMIN's spread");
    assert!(
        beside.algorithm.most <= beside.leximin.most + 1e-6,
        "{what}: {beside:?}"
    );
    Checked {
        on_polytope: d.method == crate::select::distribution::Method::QuotaPolytope,
        below_leximin: got < leximin_value - 1e-3,
    }
}

#[test]
fn goldilocks_agrees_with_brute_force_on_tiny_pools() {
    let mut rng = Lcg(11);
    let (mut tested, mut on_polytope, mut below) = (0, 0, 0);
    for case in 0..60 {
        let Some((inst, people, features)) = tiny_pool(&mut rng) else {
            continue;
        };
        if all_panels(&inst).is_empty() {
            continue;
        }
        let gamma = [1.0, 2.0, 0.5][case % 3];
        let what = format!("case {case}, γ {gamma}\n{people}{features}");
        let checked = check(&inst, gamma, &what);
        on_polytope += usize::from(checked.on_polytope);
        below += usize::from(checked.below_leximin);
        tested += 1;
    }
    eprintln!("{below} of {tested} below LEXIMIN's objective");
    assert!(below >= 1, "no pool tells GOLDILOCKS from LEXIMIN");
    assert!(tested >= 20, "only {tested} cases were feasible");
    assert!(
        on_polytope * 10 >= tested * 8,
        "{on_polytope} of {tested} on the polytope"
    );
}

/// Three features in odd cycles, where the polytope may have corners no panel reaches: the
/// column generation must take over and still reach the optimum.
#[test]
fn goldilocks_agrees_with_brute_force_where_the_polytope_is_not_integral() {
    let mut rng = Lcg(29);
    let mut tested = 0;
    for case in 0..60 {
        let Some((inst, people, features)) = odd_cycle_pool(&mut rng) else {
            continue;
        };
        if all_panels(&inst).is_empty() {
            continue;
        }
        check(&inst, 1.0, &format!("case {case}\n{people}{features}"));
        tested += 1;
    }
    assert!(tested >= 20, "only {tested} cases were feasible");
}

/// The least objective over the quota polytope of `inst` (the same relaxation the default
/// route solves with one second-order cone), by golden-section search over a floor on the
/// probabilities with one LP per point on the simplex: independent of the cone.
fn polytope_oracle(inst: &Instance, active: &[bool], gamma: f64) -> f64 {
    use crate::input::groups::Groups;
    use crate::solve::panel_ilp::{add_panel_rows, quota_ranges};
    let groups = Groups::of(inst);
    let n = groups.len();
    let lp = |floor: Option<f64>| -> f64 {
        let mut p = Program::default();
        for (t, &on) in active.iter().enumerate() {
            let upper = if on { groups.size(t) as f64 } else { 0.0 };
            p.add_var(0.0, upper, false, 0.0);
        }
        let most = p.add_var(0.0, 1.0, false, if floor.is_some() { 1.0 } else { 0.0 });
        let least = p.add_var(0.0, 1.0, false, if floor.is_some() { 0.0 } else { -1.0 });
        for t in (0..n).filter(|&t| active[t]) {
            let size = groups.size(t) as f64;
            p.add_row(vec![(t, 1.0), (most, -size)], f64::NEG_INFINITY, 0.0);
            match floor {
                Some(v) => p.add_row(vec![(t, 1.0)], v * size, f64::INFINITY),
                None => p.add_row(vec![(t, 1.0), (least, -size)], 0.0, f64::INFINITY),
            }
        }
        add_panel_rows(&mut p, inst, &groups, &quota_ranges(inst));
        let Outcome::Optimal(x) = p.solve(Backend::Pure).unwrap() else {
            panic!("the polytope is empty")
        };
        if floor.is_some() {
            x[most]
        } else {
            x[least]
        }
    };
    let ratio = inst.n_candidates() as f64 / inst.seats as f64;
    let value = |v: f64| ratio * lp(Some(v)) + gamma / (ratio * v);
    let top = lp(None);
    let (mut a, mut b) = (top * 0.2, top);
    for _ in 0..60 {
        let (c, d) = (a + (b - a) / 3.0, b - (b - a) / 3.0);
        if value(c) <= value(d) {
            b = d;
        } else {
            a = c;
        }
    }
    value(0.5 * (a + b))
}

/// On the example in data/ (300 volunteers, households), GOLDILOCKS reaches the polytope's
/// optimum and lowers the largest chance well below LEXIMIN's at little cost to the smallest.
#[test]
fn goldilocks_reaches_the_polytope_optimum_on_the_example() {
    let inst = super::common::example().instance;
    for gamma in [1.0, 3.0] {
        let d = goldilocks(&inst, gamma, Backend::Pure, &mut Silent).unwrap();
        assert_valid(&inst, &d);
        assert_eq!(d.method, crate::select::distribution::Method::QuotaPolytope);
        let start = leximin(&inst, Depth::Leximin, Backend::Pure, &mut Silent).unwrap();
        let active = reachable(&start);
        let got = objective(&inst, &d, &active, gamma);
        let expected = polytope_oracle(&inst, &active, gamma);
        assert!(
            (got - expected).abs() < 1e-6,
            "γ {gamma}: {got} against {expected}"
        );
        let beside = d.beside_leximin.unwrap();
        assert!(
            beside.algorithm.most < beside.leximin.most - 0.01,
            "γ {gamma}: {beside:?}"
        );
        assert!(got < objective(&inst, &start, &active, gamma) - 0.1);
    }
}
