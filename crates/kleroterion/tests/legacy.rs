//! LEGACY draws: valid panels, determinism, golden panels.
mod common;

use kleroterion::protocol::rng::SeededRng;
use kleroterion::select::legacy;
use kleroterion::Error;

fn ids(inst: &kleroterion::Instance, drawn: &[usize]) -> Vec<String> {
    let mut v: Vec<String> = drawn
        .iter()
        .map(|&c| inst.pool.people[inst.candidates[c]].id.clone())
        .collect();
    v.sort();
    v
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared beside the checkout")]
fn every_panel_meets_the_quotas_on_every_shared_instance() {
    for (name, dir, k) in common::shared_instances() {
        let inst = common::load_dir(&dir, k);
        let mut ok = 0;
        for seed in 0..40 {
            let mut rng = SeededRng::practice(&format!("{name}-{seed}"));
            match legacy::draw(&inst, &mut rng, 100) {
                Ok(panel) => {
                    assert_eq!(
                        inst.violations(&panel),
                        Vec::<String>::new(),
                        "{name} seed {seed}"
                    );
                    ok += 1;
                }
                Err(Error::LegacyGaveUp { .. }) => {}
                Err(e) => panic!("{name}: {e}"),
            }
        }
        eprintln!("{name}: LEGACY succeeded {ok}/40");
        if name.starts_with("a-") || name.starts_with("e-") {
            assert_eq!(ok, 40, "{name}: LEGACY should not get stuck here");
        }
    }
}

#[test]
fn households_are_respected_on_the_example() {
    let inst = common::load_dir(&common::root().join("data"), 24);
    assert!(!inst.households.is_empty(), "the example has households");
    for seed in 0..200 {
        let mut rng = SeededRng::practice(&seed.to_string());
        let panel = legacy::draw(&inst, &mut rng, 100).unwrap();
        assert_eq!(inst.violations(&panel), Vec::<String>::new());
    }
}

#[test]
fn same_seed_same_panel_and_golden_panel() {
    let inst = common::load_dir(&common::root().join("data"), 24);
    let draw = |seed: &str| {
        let mut rng = SeededRng::practice(seed);
        ids(&inst, &legacy::draw(&inst, &mut rng, 100).unwrap())
    };
    let a = draw("golden");
    assert_eq!(a, draw("golden"));
    assert_ne!(a, draw("golden2"));
    // The panel for this seed must never change: a change breaks every published draw.
    let golden = "v001 v020 v027 v040 v071 v083 v085 v090 v110 v148 v152 v158 v163 v189 v196 v205 v227 v253 v272 v273 v277 v281 v289 v291";
    assert_eq!(a.join(" "), golden);
}

#[test]
fn dead_ends_give_up_with_advice() {
    // Two seats, each of a and b must have one, but only a person with both exists... twice.
    let people = "id,x,y\n1,a,c\n2,a,c\n3,b,d\n";
    let features = "feature,value,min,max\nx,a,1,1\nx,b,1,1\ny,c,2,2\ny,d,0,0\n";
    let inst = common::from_text(people, features, None, 2).unwrap();
    let mut rng = SeededRng::practice("s");
    let e = legacy::draw(&inst, &mut rng, 5).unwrap_err();
    assert!(e.to_string().contains("LEXIMIN"), "{e}");
}
