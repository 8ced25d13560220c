//! LEXIMIN, MAXIMIN and NASH against a brute-force oracle, hand-derived cases and the shared
//! reference probabilities.

use super::common::{self, from_text, Lcg};
use crate::lottery::Lottery;
use crate::select::leximin::{
    final_distribution, leximin, leximin_with, solve_stages, Depth, Route, StageLp, Stages,
};
use crate::select::nash::{nash, nash_by_rounds, nash_objective};
use crate::select::polytope::leximin_on_polytope;
use crate::select::{Distribution, Silent};
use crate::solve::panel_ilp::composition_violations;
use crate::solve::{Backend, Outcome, Program};
use crate::Instance;

pub(super) fn solve(inst: &Instance, depth: Depth) -> Distribution {
    let d = leximin(inst, depth, Backend::Pure, &mut Silent).unwrap();
    for p in &d.panels {
        assert_eq!(
            composition_violations(inst, &d.groups, p),
            Vec::<String>::new()
        );
    }
    let total: f64 = d.probabilities.iter().sum();
    assert!((total - 1.0).abs() < 1e-9);
    d
}

/// Each probability within 1e-7 of the hand-derived one.
fn assert_near(got: &[f64], expected: &[f64]) {
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(expected) {
        assert!((g - e).abs() < 1e-7, "{got:?}, expected {expected:?}");
    }
}

/// LEXIMIN by column generation alone (the default route takes the quota polytope).
fn by_column_generation(inst: &Instance) -> Distribution {
    let route = Route::ColumnGeneration(StageLp::Simplex);
    leximin_with(inst, Depth::Leximin, Backend::Pure, route, &mut Silent).unwrap()
}

fn probs(inst: &Instance, d: &Distribution) -> Vec<f64> {
    (0..inst.n_candidates())
        .map(|c| d.candidate_probability(c))
        .collect()
}

/// Every feasible panel of a tiny instance, by enumeration of all subsets.
pub(super) fn all_panels(inst: &Instance) -> Vec<Vec<usize>> {
    let n = inst.n_candidates();
    assert!(n <= 14);
    (0u32..1 << n)
        .filter(|m| m.count_ones() as usize == inst.seats)
        .map(|m| (0..n).filter(|&i| m >> i & 1 == 1).collect::<Vec<_>>())
        .filter(|p| inst.violations(p).is_empty())
        .collect()
}

/// The leximin vector by its definition, over all panels and single people: stage by stage,
/// maximise the smallest unfixed probability z; then fix exactly the people whose probability
/// cannot exceed z while every other unfixed person keeps at least z (one LP each).
fn oracle(inst: &Instance) -> Vec<f64> {
    let panels = all_panels(inst);
    let n = inst.n_candidates();
    let mut fixed: Vec<Option<f64>> = (0..n)
        .map(|i| (!panels.iter().any(|p| p.contains(&i))).then_some(0.0))
        .collect();
    // maximise `goal` (a person's probability, or z when None) subject to the stage rows.
    let lp = |fixed: &[Option<f64>], z: Option<f64>, goal: Option<usize>| -> f64 {
        let mut p = Program::default();
        let l: Vec<usize> = panels
            .iter()
            .map(|_| p.add_var(0.0, f64::INFINITY, false, 0.0))
            .collect();
        let zv = p.add_var(
            f64::NEG_INFINITY,
            f64::INFINITY,
            false,
            if goal.is_none() { -1.0 } else { 0.0 },
        );
        p.add_row(l.iter().map(|&v| (v, 1.0)).collect(), 1.0, 1.0);
        for (i, &fixed_i) in fixed.iter().enumerate() {
            let mut row: Vec<(usize, f64)> = panels
                .iter()
                .enumerate()
                .filter(|(_, q)| q.contains(&i))
                .map(|(k, _)| (l[k], 1.0))
                .collect();
            if Some(i) == goal {
                for &(v, _) in &row {
                    p.objective[v] = -1.0;
                }
            }
            match (fixed_i, z) {
                (Some(f), _) => p.add_row(row, f - 1e-9, f64::INFINITY),
                (None, Some(z)) => p.add_row(row, z - 1e-9, f64::INFINITY),
                (None, None) => {
                    row.push((zv, -1.0));
                    p.add_row(row, 0.0, f64::INFINITY);
                }
            }
        }
        let Outcome::Optimal(x) = p.solve(Backend::Pure).unwrap() else {
            panic!("oracle LP infeasible")
        };
        -p.objective.iter().zip(&x).map(|(c, v)| c * v).sum::<f64>()
    };
    while fixed.iter().any(Option::is_none) {
        let z = lp(&fixed, None, None);
        let unfixed: Vec<usize> = (0..n).filter(|&i| fixed[i].is_none()).collect();
        let tight: Vec<usize> = unfixed
            .iter()
            .copied()
            .filter(|&i| lp(&fixed, Some(z), Some(i)) <= z + 1e-7)
            .collect();
        assert!(!tight.is_empty());
        for i in tight {
            fixed[i] = Some(z);
        }
    }
    fixed.into_iter().map(Option::unwrap).collect()
}

/// A random tiny pool (7 to 12 people, 2 to 4 seats, two features, some sharing a home with
/// the household rule on), with its people and quota files; `None` when its files are
/// refused.
pub(super) fn tiny_pool(rng: &mut Lcg) -> Option<(Instance, String, String)> {
    let n = 7 + rng.next(6) as usize; // 7..=12 people
    let k = 2 + rng.next(3) as usize; // 2..=4 seats
    let mut people = String::from("id,g,a,home\n");
    for i in 0..n {
        let g = ["f", "m"][rng.next(2) as usize];
        let a = ["y", "m", "o"][rng.next(3) as usize];
        let home = if rng.next(5) == 0 {
            "h1".to_string()
        } else {
            format!("x{i}")
        };
        people.push_str(&format!("p{i},{g},{a},{home}\n"));
    }
    let lo = |r: &mut Lcg| r.next(2);
    let features = format!(
        "feature,value,min,max\ng,f,{},{}\ng,m,{},{}\na,y,{},{k}\na,m,0,{}\na,o,0,{k}\n",
        lo(rng),
        k,
        lo(rng),
        k,
        lo(rng),
        1 + rng.next(k as u64)
    );
    let settings = "check_same_address = true\ncheck_same_address_columns = [\"home\"]";
    let inst = from_text(&people, &features, Some(settings), k).ok()?;
    Some((inst, people, features))
}

#[test]
fn agrees_with_brute_force_on_tiny_pools() {
    let mut rng = Lcg(7);
    let (mut tested, mut on_polytope) = (0, 0);
    for case in 0..40 {
        let Some((inst, people, features)) = tiny_pool(&mut rng) else {
            continue;
        };
        if all_panels(&inst).is_empty() {
            continue;
        }
        let expected = oracle(&inst);
        let got = probs(&inst, &solve(&inst, Depth::Leximin));
        // Column generation, which takes over where the polytope's walk fails, with its
        // stage LPs on the simplex and on clarabel (should the simplex fail).
        let simplex = probs(&inst, &by_column_generation(&inst));
        let fallback = final_distribution(on_clarabel(&inst), Backend::Pure).unwrap();
        let fallback = probs(&inst, &fallback);
        for (c, (e, g)) in expected.iter().zip(&got).enumerate() {
            assert!(
                (e - g).abs() < 1e-6
                    && (e - simplex[c]).abs() < 1e-6
                    && (e - fallback[c]).abs() < 1e-6,
                "case {case}, person {c}: oracle {e}, LEXIMIN {g}, column generation {}, \
                 on clarabel {}\n{people}{features}",
                simplex[c],
                fallback[c]
            );
        }
        // NASH through the polytope is at least the Frank–Wolfe rounds' value.
        let n = nash(&inst, Backend::Pure, &mut Silent).unwrap();
        let rounds = nash_by_rounds(&inst, Backend::Pure, &mut Silent).unwrap();
        // (Up to the walk's decomposition tolerance, 1e-6 per probability.)
        assert!(
            nash_objective(&n) >= nash_objective(&rounds) - 1e-8 * nash_objective(&rounds).abs(),
            "case {case}: NASH {} against {} by rounds",
            nash_objective(&n),
            nash_objective(&rounds)
        );
        for p in &n.panels {
            assert_eq!(
                composition_violations(&inst, &n.groups, p),
                Vec::<String>::new()
            );
        }
        tested += 1;
        on_polytope += usize::from(leximin_on_polytope(&inst, &mut Silent).unwrap().is_some());
    }
    assert!(tested >= 20, "only {tested} cases were feasible");
    // Two features and households: the polytope route should decompose nearly all.
    assert!(on_polytope * 10 >= tested * 9, "{on_polytope} of {tested}");
}

/// A random pool of 6 to 11 people and 2 to 4 seats with three yes/no features, each with an
/// exact number of "y" seats: their values overlap in odd cycles, where the quota polytope
/// can have corners that no mix of panels reaches. With its people and quota files; `None`
/// when the files are refused.
pub(super) fn odd_cycle_pool(rng: &mut Lcg) -> Option<(Instance, String, String)> {
    let n = 6 + rng.next(6) as usize; // 6..=11 people
    let k = 2 + rng.next(3) as usize; // 2..=4 seats
    let mut people = String::from("id,a,b,c\n");
    for i in 0..n {
        let v = |r: &mut Lcg| ["y", "n"][r.next(2) as usize];
        let (a, b, c) = (v(rng), v(rng), v(rng));
        people.push_str(&format!("p{i},{a},{b},{c}\n"));
    }
    let mut features = String::from("feature,value,min,max\n");
    for f in ["a", "b", "c"] {
        let yes = rng.next(k as u64 + 1);
        features.push_str(&format!("{f},y,{yes},{yes}\n{f},n,0,{k}\n"));
    }
    let inst = from_text(&people, &features, None, k).ok()?;
    Some((inst, people, features))
}

/// Three features whose values overlap in odd cycles (see [`odd_cycle_pool`]): the default
/// route must still agree with the oracle, falling back to column generation where its walk
/// fails.
#[test]
fn agrees_with_brute_force_where_the_polytope_is_not_integral() {
    let mut rng = Lcg(23);
    let (mut tested, mut on_polytope) = (0, 0);
    for case in 0..120 {
        let Some((inst, people, features)) = odd_cycle_pool(&mut rng) else {
            continue;
        };
        if all_panels(&inst).is_empty() {
            continue;
        }
        let expected = oracle(&inst);
        let got = probs(&inst, &solve(&inst, Depth::Leximin));
        for (c, (e, g)) in expected.iter().zip(&got).enumerate() {
            assert!(
                (e - g).abs() < 1e-6,
                "case {case}, person {c}: oracle {e}, LEXIMIN {g}\n{people}{features}"
            );
        }
        tested += 1;
        on_polytope += usize::from(leximin_on_polytope(&inst, &mut Silent).unwrap().is_some());
    }
    eprintln!("{on_polytope} of {tested} decomposed on the polytope");
    assert!(tested >= 30, "only {tested} cases were feasible");
}

/// Two seats with exactly one "y" of each of three features.
const ONE_OF_EACH: &str =
    "feature,value,min,max\na,y,1,1\na,n,0,2\nb,y,1,1\nb,n,0,2\nc,y,1,1\nc,n,0,2\n";

/// Three people who each have two of three features, one who has all three and one who has
/// none; two seats with exactly one of each feature. The polytope's LEXIMIN gives the first
/// three people and the fifth 1/3 each and the fourth 2/3, but the only panel is the last
/// two people: the walk cannot reach that point. The first three are on no panel at all; left
/// out of the polytope, its LEXIMIN is the last two people, 1 each, and the walk reaches it.
#[test]
fn people_on_no_panel_are_left_out_of_the_polytope() {
    let people = "id,a,b,c\n1,y,y,n\n2,y,n,y\n3,n,y,y\n4,n,n,n\n5,y,y,y\n";
    let inst = from_text(people, ONE_OF_EACH, None, 2).unwrap();
    let d = leximin_on_polytope(&inst, &mut Silent).unwrap().unwrap();
    let p = probs(&inst, &d);
    assert_near(&p, &[0.0, 0.0, 0.0, 1.0, 1.0]);
}

/// Found by a random search over three overlapping features: everyone is on some panel, but
/// the polytope's LEXIMIN point is a mix of no panels. The walk fails, and column generation
/// gives the LEXIMIN of the brute-force oracle.
#[test]
fn a_polytope_corner_without_panels_falls_back_to_column_generation() {
    let people = "id,a,b,c\np0,n,n,y\np1,y,n,n\np2,y,y,y\np3,n,n,n\np4,n,y,n\np5,y,n,y\n";
    let features = "feature,value,min,max\na,y,2,2\na,n,0,4\nb,y,1,1\nb,n,0,4\nc,y,2,2\nc,n,0,4\n";
    let inst = from_text(people, features, None, 4).unwrap();
    assert!(leximin_on_polytope(&inst, &mut Silent).unwrap().is_none());
    let expected = oracle(&inst);
    assert!(expected.iter().all(|&e| e > 0.0), "{expected:?}");
    let p = probs(&inst, &solve(&inst, Depth::Leximin));
    for (c, (e, g)) in expected.iter().zip(&p).enumerate() {
        assert!((e - g).abs() < 1e-6, "person {c}: oracle {e}, LEXIMIN {g}");
    }
}

/// Without the person who has all three features, no panel exists, though the polytope is
/// not empty (each of the first three people half the time): the quotas are reported
/// infeasible, not a distribution.
#[test]
fn quotas_only_a_fractional_panel_meets_are_infeasible() {
    let people = "id,a,b,c\n1,y,y,n\n2,y,n,y\n3,n,y,y\n4,n,n,n\n";
    let inst = from_text(people, ONE_OF_EACH, None, 2).unwrap();
    assert!(all_panels(&inst).is_empty());
    assert!(leximin_on_polytope(&inst, &mut Silent).unwrap().is_none());
    let err = leximin(&inst, Depth::Leximin, Backend::Pure, &mut Silent).unwrap_err();
    assert!(matches!(err, crate::Error::Infeasible(_)), "{err}");
}

#[test]
fn symmetric_people_share_equally() {
    let people = "id,g\n1,f\n2,f\n3,f\n4,m\n5,m\n";
    let features = "feature,value,min,max\ng,f,1,1\ng,m,1,1\n";
    let inst = from_text(people, features, None, 2).unwrap();
    let p = probs(&inst, &solve(&inst, Depth::Leximin));
    // One woman of three, one man of two: 1/3 and 1/2.
    assert_near(&p, &[1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0, 0.5, 0.5]);
}

#[test]
fn a_person_in_no_feasible_panel_gets_zero() {
    // The only old person is male, but the panel must be two women... and one old.
    let people = "id,g,a\n1,f,y\n2,f,y\n3,m,o\n4,f,y\n";
    let features = "feature,value,min,max\ng,f,2,2\ng,m,0,1\na,y,0,2\na,o,0,1\n";
    let inst = from_text(people, features, None, 2).unwrap();
    let p = probs(&inst, &solve(&inst, Depth::Leximin));
    assert!(p[2].abs() < 1e-9, "{p:?}");
    for c in [0, 1, 3] {
        assert!((p[c] - 2.0 / 3.0).abs() < 1e-7, "{p:?}");
    }
}

#[test]
fn housemates_split_one_seat() {
    // A and B share a home, C lives alone; two seats: C always, A or B half the time each.
    let people = "id,g,home\nA,x,1 High St\nB,x, 1 high  st\nC,x,2 Low St\n";
    let features = "feature,value,min,max\ng,x,0,2\n";
    let settings = "check_same_address = true\ncheck_same_address_columns = [\"home\"]";
    let inst = from_text(people, features, Some(settings), 2).unwrap();
    let p = probs(&inst, &solve(&inst, Depth::Leximin));
    assert!(
        (p[0] - 0.5).abs() < 1e-7 && (p[1] - 0.5).abs() < 1e-7 && (p[2] - 1.0).abs() < 1e-7,
        "{p:?}"
    );
}

fn reference(name: &str) -> Option<Vec<(String, f64)>> {
    let path = common::shared()?
        .join("reference")
        .join(format!("{name}.leximin.csv"));
    let text = std::fs::read_to_string(path).ok()?;
    Some(
        text.lines()
            .skip(1)
            .map(|l| {
                let (id, p) = l.split_once(',').unwrap();
                (id.to_string(), p.parse().unwrap())
            })
            .collect(),
    )
}

/// The largest difference between a volunteer's probability under `d` and the reference.
fn largest_gap(inst: &Instance, reference: &[(String, f64)], d: &Distribution) -> f64 {
    let mut worst: f64 = 0.0;
    for (id, p) in reference {
        let c = inst
            .candidates
            .iter()
            .position(|&i| &inst.pool.people[i].id == id)
            .unwrap();
        worst = worst.max((d.candidate_probability(c) - p).abs());
    }
    worst
}

fn compare_with_reference(name: &str, k: usize, other_algorithms: bool) {
    let Some(reference) = reference(name) else {
        return;
    };
    let inst = common::load_dir(&common::shared().unwrap().join("instances").join(name), k);
    let d = solve(&inst, Depth::Leximin);
    let worst = largest_gap(&inst, &reference, &d);
    eprintln!("{name}: largest difference to the reference {worst:.2e}");
    // The issue asks for 1e-4. The simplex stages land within 5e-7 (the reference's own
    // tolerances are 1e-7); a stage value taken from the LP's objective, which charges the
    // elastic columns, once fixed a type 1.2e-6 low on b-600-60.
    assert!(worst < 1e-6, "{name}: {worst}");
    let lottery = Lottery::round(&d, inst.n_candidates(), crate::lottery::DEFAULT_TICKETS);
    eprintln!(
        "{name}: lottery of 1000 tickets deviates by at most {:.2e}",
        lottery.max_deviation
    );
    for p in &lottery.panels {
        assert_eq!(inst.violations(p), Vec::<String>::new());
    }
    if !other_algorithms {
        return;
    }
    // MAXIMIN reaches the same minimum; NASH's product is at least LEXIMIN's.
    let lex_min = d.group_probability.iter().cloned().fold(1.0, f64::min);
    let maximin = solve(&inst, Depth::Maximin);
    let max_min = maximin
        .group_probability
        .iter()
        .cloned()
        .fold(1.0, f64::min);
    // Equal up to the solvers' accuracy.
    assert!((lex_min - max_min).abs() < 1e-6, "{lex_min} vs {max_min}");
    let n = nash(&inst, Backend::Pure, &mut Silent).unwrap();
    assert!(nash_objective(&n) >= nash_objective(&d) - 1e-9);
    for p in &n.panels {
        assert_eq!(
            composition_violations(&inst, &n.groups, p),
            Vec::<String>::new()
        );
    }
    // Through the quota polytope NASH is exact: at least the Frank–Wolfe rounds' value,
    // which stop within NASH_GAP of the optimum.
    let rounds = nash_by_rounds(&inst, Backend::Pure, &mut Silent).unwrap();
    eprintln!(
        "{name}: NASH {:.9} on the polytope, {:.9} by rounds",
        nash_objective(&n),
        nash_objective(&rounds)
    );
    assert!(nash_objective(&n) >= nash_objective(&rounds) - 1e-9);
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared beside the checkout")]
fn agrees_with_the_reference_on_a_250_30() {
    compare_with_reference("a-250-30", 30, true);
}

/// Column generation, the route the polytope falls back on, on its own.
#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared beside the checkout")]
fn column_generation_agrees_with_the_reference_on_a_250_30() {
    let Some(reference) = reference("a-250-30") else {
        return;
    };
    let inst = common::load_dir(&common::shared().unwrap().join("instances/a-250-30"), 30);
    let d = by_column_generation(&inst);
    let worst = largest_gap(&inst, &reference, &d);
    assert!(worst < 1e-6, "{worst}");
}

/// A variant of b-600-60 with every eleventh volunteer left out and every other quota widened
/// by one seat each way: both routes give the same probabilities.
#[test]
#[ignore = "slow (column generation, 5-15 s) and needs ../shared: .ci/run runs it with --ignored"]
fn both_routes_agree_on_a_variant_of_b_600_60() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = shared.join("instances/b-600-60");
    let people = std::fs::read_to_string(dir.join("people.csv")).unwrap();
    let people: String = people
        .lines()
        .enumerate()
        .filter(|(i, _)| *i == 0 || i % 11 != 0)
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let features = std::fs::read_to_string(dir.join("features.csv")).unwrap();
    let features: String = features
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let f: Vec<&str> = l.split(',').collect();
            if i == 0 || i % 2 == 1 {
                return format!("{l}\n");
            }
            let lo: u32 = f[2].parse().unwrap();
            let hi: u32 = f[3].parse().unwrap();
            format!("{},{},{},{}\n", f[0], f[1], lo.saturating_sub(1), hi + 1)
        })
        .collect();
    let inst = from_text(&people, &features, None, 60).unwrap();
    let on_polytope = leximin_on_polytope(&inst, &mut Silent).unwrap().unwrap();
    let exact = by_column_generation(&inst);
    let gap = (0..inst.n_candidates())
        .map(|c| (on_polytope.candidate_probability(c) - exact.candidate_probability(c)).abs())
        .fold(0.0, f64::max);
    eprintln!("b-600-60 variant: the routes differ by {gap:.1e}");
    assert!(gap < 1e-6, "{gap}");
}

/// c-1200-100 and d-2500-170 (no reference yet): the quota polytope's LEXIMIN decomposes
/// into panels that meet the quotas, and its probabilities sum to the seats.
#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared beside the checkout")]
fn the_polytope_route_decomposes_c_and_d() {
    for (name, k) in [("c-1200-100", 100), ("d-2500-170", 170)] {
        let Some(shared) = common::shared() else {
            return;
        };
        let inst = common::load_dir(&shared.join("instances").join(name), k);
        let d = leximin_on_polytope(&inst, &mut Silent)
            .unwrap()
            .unwrap_or_else(|| panic!("{name}: the walk fell back"));
        for p in &d.panels {
            assert_eq!(
                composition_violations(&inst, &d.groups, p),
                Vec::<String>::new()
            );
        }
        let seats: f64 = (0..inst.n_candidates())
            .map(|c| d.candidate_probability(c))
            .sum();
        assert!((seats - k as f64).abs() < 1e-6, "{name}: {seats}");
        let lowest = d.group_probability.iter().cloned().fold(1.0, f64::min);
        eprintln!(
            "{name}: {} panels, lowest probability {lowest:.6}",
            d.panels.len()
        );
        assert!(lowest > 0.0);
    }
}

/// The LEXIMIN stages with every stage LP on clarabel, checking that the path was taken.
fn on_clarabel(inst: &Instance) -> Stages {
    let stages = solve_stages(
        inst,
        Depth::Leximin,
        Backend::Pure,
        StageLp::InteriorPoint,
        &mut Silent,
    )
    .unwrap();
    // Only the simplex hands over its last stage's panel probabilities.
    assert!(stages.last_stage.is_none());
    stages
}

/// The stage LPs on clarabel alone, the path taken should the simplex fail.
#[test]
#[ignore = "slow (column generation, 5-15 s) and needs ../shared: .ci/run runs it with --ignored"]
fn interior_point_stages_agree_with_the_reference_on_a_250_30() {
    let Some(reference) = reference("a-250-30") else {
        return;
    };
    let inst = common::load_dir(&common::shared().unwrap().join("instances/a-250-30"), 30);
    let d = final_distribution(on_clarabel(&inst), Backend::Pure).unwrap();
    let worst = largest_gap(&inst, &reference, &d);
    assert!(worst < 1e-4, "{worst}");
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared beside the checkout")]
fn agrees_with_the_reference_on_e_2000_200() {
    compare_with_reference("e-2000-200", 200, true);
}

#[cfg(feature = "highs")]
#[test]
fn highs_backend_agrees_with_the_pure_one() {
    let people = "id,g,a\n1,f,y\n2,f,o\n3,m,y\n4,m,o\n5,f,y\n6,m,y\n7,f,o\n";
    let features = "feature,value,min,max\ng,f,1,2\ng,m,1,2\na,y,1,2\na,o,1,2\n";
    let inst = from_text(people, features, None, 3).unwrap();
    let pure = probs(&inst, &solve(&inst, Depth::Leximin));
    let highs = leximin(&inst, Depth::Leximin, Backend::Highs, &mut Silent).unwrap();
    for (c, p) in pure.iter().enumerate() {
        assert!(
            (p - highs.candidate_probability(c)).abs() < 1e-6,
            "{c}: {p} vs {}",
            highs.candidate_probability(c)
        );
    }
    // Both equal the brute-force LEXIMIN over every panel.
    assert_near(&pure, &oracle(&inst));
}

/// On HiGHS too the stage values must be ones a distribution reaches (taken from its row
/// duals): the dual objective alone overshot by 1e-7 at stage 4 of a-250-30, and every later
/// stage paid for it, up to 0.11 away from the reference.
#[cfg(feature = "highs")]
#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared beside the checkout")]
fn highs_backend_agrees_with_the_reference_on_a_250_30() {
    let Some(reference) = reference("a-250-30") else {
        return;
    };
    let inst = common::load_dir(&common::shared().unwrap().join("instances/a-250-30"), 30);
    let d = leximin(&inst, Depth::Leximin, Backend::Highs, &mut Silent).unwrap();
    let worst = largest_gap(&inst, &reference, &d);
    assert!(worst < 1e-4, "{worst}");
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared beside the checkout")]
fn agrees_with_the_reference_on_b_600_60() {
    // NASH takes a while on 391 groups, so MAXIMIN and NASH are compared on the smaller
    // instances only.
    compare_with_reference("b-600-60", 60, false);
}
