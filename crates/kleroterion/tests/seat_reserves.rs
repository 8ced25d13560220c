//! Per-seat reserves: every reserve listed for a seat keeps every rule in it, and the list is
//! the first such reserves in reserve order — checked against trying every reserve.
mod common;
#[path = "common/pools.rs"]
mod pools;

use kleroterion::protocol::rng::SeededRng;
use kleroterion::results::{seat_reserves, RESERVES_PER_SEAT};
use kleroterion::select::legacy;
use kleroterion::{Error, Instance};

/// Checks the per-seat lists of `seeds` LEGACY panels, each with a shuffled reserve list of
/// everyone else; returns how many panels were checked.
fn check_pool(name: &str, inst: &Instance, seeds: usize) -> usize {
    let mut checked = 0;
    for seed in 0..seeds {
        let mut rng = SeededRng::practice(&format!("{name} seat reserves {seed}"));
        let drawn = match legacy::draw(inst, &mut rng, 100) {
            Ok(d) => d,
            Err(Error::LegacyGaveUp { .. }) => continue,
            Err(e) => panic!("{name}: {e}"),
        };
        assert!(inst.violations(&drawn).is_empty());
        let mut reserve: Vec<usize> = (0..inst.n_candidates())
            .filter(|c| !drawn.contains(c))
            .collect();
        rng.shuffle(&mut reserve);
        let lists = seat_reserves(inst, &drawn, &reserve);
        assert_eq!(lists.len(), drawn.len());
        for (i, seat) in lists.iter().enumerate() {
            assert_eq!(seat.member, drawn[i]);
            // The oracle: try every reserve in order on the whole panel.
            let mut panel = drawn.clone();
            let expected: Vec<usize> = reserve
                .iter()
                .copied()
                .filter(|&r| {
                    panel[i] = r;
                    inst.violations(&panel).is_empty()
                })
                .take(RESERVES_PER_SEAT)
                .collect();
            assert_eq!(seat.reserves, expected, "{name} seed {seed} seat {i}");
            // Replacing the member by their first reserve keeps every quota.
            if let Some(&first) = seat.reserves.first() {
                let mut replaced = drawn.clone();
                replaced[i] = first;
                assert_eq!(inst.violations(&replaced), Vec::<String>::new());
            }
        }
        checked += 1;
    }
    checked
}

#[test]
fn seat_reserves_keep_every_rule_on_generated_pools() {
    let mut checked = 0;
    for seed in 1..=4u64 {
        for spec in [
            pools::PoolSpec::new(120, 12, 5, seed).tight(2),
            pools::PoolSpec::new(150, 15, 5, seed).households(0.4),
        ] {
            let pool = spec.build();
            let inst = common::from_text(
                &pool.people,
                &pool.features,
                Some(&pool.settings),
                pool.seats,
            )
            .unwrap();
            checked += check_pool(&spec.name(), &inst, 10);
        }
    }
    assert!(checked >= 40, "only {checked} panels checked");
}

#[test]
fn seat_reserves_keep_every_rule_on_the_example() {
    let inst = common::load_dir(&common::root().join("data"), 24);
    assert_eq!(check_pool("data", &inst, 30), 30);
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared beside the checkout")]
fn seat_reserves_keep_every_rule_on_every_shared_pool() {
    for (name, dir, k) in common::shared_instances() {
        let inst = common::load_dir(&dir, k);
        let checked = check_pool(&name, &inst, 8);
        assert!(checked > 0, "{name}: no LEGACY panel");
    }
}
