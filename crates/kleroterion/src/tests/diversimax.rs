//! DIVERSIMAX against every feasible panel of tiny pools.

use super::common::{from_text, Lcg};
use super::leximin::{all_panels, tiny_pool};
use crate::input::groups::Groups;
use crate::select::diversimax::{combinations, least_spread, spread};
use crate::solve::Backend;
use crate::Instance;

/// The least spread over every enumerated panel.
fn oracle(inst: &Instance) -> Option<f64> {
    let groups = Groups::of(inst);
    let combinations = combinations(inst, &groups);
    all_panels(inst)
        .iter()
        .map(|p| {
            let mut c = vec![0u32; groups.len()];
            for &i in p {
                c[groups.of_candidate[i]] += 1;
            }
            spread(&combinations, &c, inst.seats)
        })
        .min_by(f64::total_cmp)
}

/// Three features of two values, seats 3–5, 9–14 people: intersections that count.
fn pool(rng: &mut Lcg) -> Option<Instance> {
    let n = 9 + rng.next(6) as usize;
    let k = 3 + rng.next(3) as usize;
    let mut people = String::from("id,a,b,c\n");
    for i in 0..n {
        let v = |r: &mut Lcg| ["y", "n"][r.next(2) as usize];
        let (a, b, c) = (v(rng), v(rng), v(rng));
        people.push_str(&format!("p{i},{a},{b},{c}\n"));
    }
    let mut features = String::from("feature,value,min,max\n");
    for f in ["a", "b", "c"] {
        let lo = rng.next(2);
        features.push_str(&format!("{f},y,{lo},{k}\n{f},n,{lo},{k}\n"));
    }
    from_text(&people, &features, None, k).ok()
}

#[test]
fn diversimax_finds_the_least_spread_on_tiny_pools() {
    let mut rng = Lcg(31);
    let (mut tested, mut optimal, mut proven) = (0, 0, 0);
    for case in 0..80 {
        let inst = if case % 2 == 0 {
            tiny_pool(&mut rng).map(|t| t.0)
        } else {
            pool(&mut rng)
        };
        let Some(inst) = inst else { continue };
        let groups = Groups::of(&inst);
        let expected = oracle(&inst);
        let found = least_spread(&inst, &groups, Backend::Pure).unwrap();
        let (Some(expected), Some(found)) = (expected, found) else {
            assert!(
                oracle(&inst).is_none(),
                "case {case}: no panel found, but one exists"
            );
            continue;
        };
        assert!(inst
            .violations(&members(&groups, &found.composition))
            .is_empty());
        assert!(
            (found.spread
                - spread(
                    &combinations(&inst, &groups),
                    &found.composition,
                    inst.seats
                ))
            .abs()
                < 1e-9
        );
        assert!(
            found.bound <= expected + 1e-6,
            "case {case}: bound {} above the optimum {expected}",
            found.bound
        );
        assert!(found.spread >= expected - 1e-9);
        tested += 1;
        optimal += usize::from(found.spread <= expected + 1e-9);
        proven += usize::from(found.spread <= found.bound + 1e-9);
    }
    eprintln!("{optimal} of {tested} optimal, {proven} proven by the bound");
    assert!(tested >= 40);
    assert_eq!(
        optimal,
        tested,
        "the search missed the optimum on {} pools",
        tested - optimal
    );
}

/// One member per seat of each type, in candidate order.
fn members(groups: &Groups, composition: &[u32]) -> Vec<usize> {
    let mut out: Vec<usize> = composition
        .iter()
        .enumerate()
        .flat_map(|(t, &c)| groups.groups[t].members[..c as usize].to_vec())
        .collect();
    out.sort_unstable();
    out
}
