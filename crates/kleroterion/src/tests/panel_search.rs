//! The panel search (branch and bound) against enumeration on tiny pools and against microlp
//! on a shared instance.

use super::common::{self, from_text, Lcg};
use crate::input::groups::{Composition, Groups};
use crate::solve::panel_ilp::{
    add_panel_rows, composition_violations, count_program, quota_ranges,
};
use crate::solve::panel_search::{PanelProgram, Relaxed, SearchStyle};
use crate::solve::{Backend, Outcome};
use crate::Instance;

fn weight(c: &Composition, w: &[f64]) -> f64 {
    c.iter().zip(w).map(|(&k, w)| k as f64 * w).sum()
}

/// The heaviest weight of a feasible panel (with a member of `require`), by enumeration.
fn brute_force(inst: &Instance, groups: &Groups, w: &[f64], require: Option<usize>) -> Option<f64> {
    let n = inst.n_candidates();
    (0u32..1 << n)
        .filter(|m| m.count_ones() as usize == inst.seats)
        .map(|m| (0..n).filter(|&i| m >> i & 1 == 1).collect::<Vec<_>>())
        .filter(|p| inst.violations(p).is_empty())
        .filter(|p| require.is_none_or(|t| p.iter().any(|&c| groups.of_candidate[c] == t)))
        .map(|p| p.iter().map(|&c| w[groups.of_candidate[c]]).sum::<f64>())
        .max_by(f64::total_cmp)
}

#[test]
fn finds_the_heaviest_panel_of_tiny_pools() {
    let mut rng = Lcg(11);
    let mut tested = 0;
    for case in 0..120 {
        let n = 6 + rng.next(7) as usize; // 6..=12 people
        let k = 2 + rng.next(4) as usize; // 2..=5 seats
        let mut people = String::from("id,g,a,r,home\n");
        for i in 0..n {
            let g = ["f", "m"][rng.next(2) as usize];
            let a = ["y", "m", "o"][rng.next(3) as usize];
            let r = ["n", "s"][rng.next(2) as usize];
            let home = if rng.next(4) == 0 {
                format!("h{}", rng.next(2))
            } else {
                format!("x{i}")
            };
            people.push_str(&format!("p{i},{g},{a},{r},{home}\n"));
        }
        let features = format!(
            "feature,value,min,max\ng,f,{},{k}\ng,m,{},{k}\na,y,{},{k}\na,m,0,{}\na,o,0,{k}\n\
             r,n,{},{}\nr,s,0,{k}\n",
            rng.next(3),
            rng.next(2),
            rng.next(2),
            1 + rng.next(k as u64),
            rng.next(2),
            1 + rng.next(k as u64),
        );
        let settings = "check_same_address = true\ncheck_same_address_columns = [\"home\"]";
        let Ok(inst) = from_text(&people, &features, Some(settings), k) else {
            continue;
        };
        let groups = Groups::of(&inst);
        let program = PanelProgram::new(&inst, &groups);
        // Weights with ties and zeros, as duals have.
        let w: Vec<f64> = (0..groups.len())
            .map(|_| match rng.next(3) {
                0 => 0.0,
                1 => 0.25,
                _ => rng.unit(),
            })
            .collect();
        let require = (rng.next(3) == 0).then(|| rng.next(groups.len() as u64) as usize);
        let expected = brute_force(&inst, &groups, &w, require);
        // Every style: short steps and best first (the first walk revision's first
        // attempts), long steps (its last attempt), long steps diving first (the second's).
        let styles = [
            (false, false, false),
            (true, false, false),
            (true, true, false),
            (true, true, true),
        ];
        for (long_steps, dive_first, nearest_up) in styles {
            program.set_style(SearchStyle {
                long_steps,
                dive_first,
                nearest_up,
            });
            let found = program
                .heaviest(&w, require, f64::NEG_INFINITY, None)
                .unwrap();
            assert!(found.proven);
            match (expected, &found.panel) {
            (None, None) => {}
            (Some(e), Some(p)) => {
                assert_eq!(
                    composition_violations(&inst, &groups, p),
                    Vec::<String>::new()
                );
                if let Some(t) = require {
                    assert!(p[t] > 0, "case {case}: type {t} required");
                }
                let got = weight(p, &w);
                assert!((got - e).abs() < 1e-9, "case {case}: {got} against {e}");
                assert!((found.bound - e).abs() < 1e-9);
                // Nothing is heavier than the heaviest; just below it, the heaviest is found.
                let above = program.heaviest(&w, require, e + 1e-6, None).unwrap();
                assert_eq!(above.panel, None, "case {case}");
                let below = program.heaviest(&w, require, e - 1e-3, None).unwrap();
                assert!((weight(below.panel.as_ref().unwrap(), &w) - e).abs() < 1e-9);
                tested += 1;
            }
            (e, p) => panic!(
                "case {case} (long steps {long_steps}, dive first {dive_first}): enumeration {e:?}, search {p:?}\n{people}{features}"
            ),
        }
        }
    }
    assert!(tested >= 120, "only {tested} cases had a panel");
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared beside the checkout")]
fn agrees_with_microlp_on_b_600_60() {
    let Some(shared) = common::shared() else {
        return;
    };
    let inst = common::load_dir(&shared.join("instances/b-600-60"), 60);
    let groups = Groups::of(&inst);
    let program = PanelProgram::new(&inst, &groups);
    let bounds = quota_ranges(&inst);
    let mut rng = Lcg(5);
    for round in 0..6 {
        // Sparse weights, as at the vertex duals of the stage LP.
        let w: Vec<f64> = (0..groups.len())
            .map(|_| if rng.next(4) == 0 { rng.unit() } else { 0.0 })
            .collect();
        let mut p = count_program(&groups, &w);
        add_panel_rows(&mut p, &inst, &groups, &bounds);
        let Outcome::Optimal(x) = p.solve(Backend::Pure).unwrap() else {
            panic!("b-600-60 has panels")
        };
        let expected: f64 = x.iter().zip(&w).map(|(x, w)| x * w).sum();
        let exact = program.heaviest(&w, None, f64::NEG_INFINITY, None).unwrap();
        let panel = exact.panel.unwrap();
        assert_eq!(
            composition_violations(&inst, &groups, &panel),
            Vec::<String>::new()
        );
        assert!(
            (weight(&panel, &w) - expected).abs() < 1e-7 * expected,
            "round {round}: {} against microlp's {expected}",
            weight(&panel, &w)
        );
        // Within a budget: a panel, and a bound no lower than the heaviest weight.
        let quick = program
            .heaviest(&w, None, f64::NEG_INFINITY, Some(20))
            .unwrap();
        let panel = quick.panel.unwrap();
        assert_eq!(
            composition_violations(&inst, &groups, &panel),
            Vec::<String>::new()
        );
        assert!(weight(&panel, &w) <= expected + 1e-9);
        assert!(quick.bound >= expected - 1e-9);
    }
}

/// The relaxation (fractional counts) within bounds: the optimum a hand count gives, and, when
/// the bounds cannot be met, the groups whose lower bounds the proof holds.
#[test]
fn relaxation_meets_bounds_or_names_the_blocking_types() {
    // Three women (one type), two men (another) and one non-binary person (a third); three
    // seats, one or two of each binary gender, at most one non-binary person.
    let people = "id,g\n1,f\n2,f\n3,f\n4,m\n5,m\n6,x\n";
    let features = "feature,value,min,max\ng,f,1,2\ng,m,1,2\ng,x,0,1\n";
    let inst = from_text(people, features, None, 3).unwrap();
    let groups = Groups::of(&inst);
    let (f, m, x) = (
        groups.of_candidate[0],
        groups.of_candidate[3],
        groups.of_candidate[5],
    );
    let program = PanelProgram::new(&inst, &groups);
    let mut w = vec![0.0; groups.len()];
    w[m] = 1.0;
    w[x] = 0.5;
    // The heaviest fractional panel: one woman (the minimum) and two men, no seat left for
    // the non-binary person (weight 2 against 1.5 for a man and the non-binary person).
    let Relaxed::Optimal(v) = program.relaxation(&w, &program.bounds(), 1e-11).unwrap() else {
        panic!("feasible")
    };
    assert!((v[m] - 2.0).abs() < 1e-9 && v[x].abs() < 1e-9, "{v:?}");
    assert!((v[f] - 1.0).abs() < 1e-9, "{v:?}");
    // The seats row total comes after the groups.
    assert!((program.values(&v[..groups.len()])[groups.len()] - 3.0).abs() < 1e-9);
    // At least 1.5 women and 1.8 men cannot share three seats: the proof holds both at their
    // lower bounds, and the non-binary person at theirs (0), since the seats are f + m + x.
    let mut bounds = program.bounds();
    bounds.lower[f] = 1.5;
    bounds.lower[m] = 1.8;
    let Relaxed::Infeasible { mut blocking } = program.relaxation(&w, &bounds, 1e-11).unwrap()
    else {
        panic!("infeasible")
    };
    blocking.sort();
    let mut expected = vec![f, m, x];
    expected.sort();
    assert_eq!(blocking, expected);
    // ...but 1.5 and 1.5 can.
    bounds.lower[m] = 1.5;
    let Relaxed::Optimal(v) = program.relaxation(&w, &bounds, 1e-11).unwrap() else {
        panic!("feasible")
    };
    assert!(
        v[f] >= 1.5 - 1e-9 && v[m] >= 1.5 - 1e-9 && v[x].abs() < 1e-9,
        "{v:?}"
    );
}
