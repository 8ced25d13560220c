//! The exact panel count and the uniform sampler against enumeration on tiny pools.

use super::common::Lcg;
use super::leximin::{all_panels, tiny_pool};
use crate::protocol::rng::SeededRng;
use crate::select::uniform::PanelCount;
use num_bigint::BigUint;
use std::collections::HashMap;

#[test]
fn the_count_is_the_number_of_enumerated_panels() {
    let mut rng = Lcg(5);
    let (mut tested, mut with_panels) = (0, 0);
    for case in 0..80 {
        let Some((inst, people, features)) = tiny_pool(&mut rng) else {
            continue;
        };
        let expected = all_panels(&inst).len();
        let count = PanelCount::of(&inst).unwrap();
        assert_eq!(
            count.panels,
            BigUint::from(expected),
            "case {case}\n{people}{features}"
        );
        tested += 1;
        with_panels += usize::from(expected > 0);
    }
    assert!(
        tested >= 50 && with_panels >= 30,
        "{tested} pools, {with_panels} with panels"
    );
}

/// Pearson's χ² of the sampler's frequencies over every panel, for pools with at least a
/// few panels: below the 0.1 % critical value (one in a thousand correct samplers fails).
#[test]
fn the_sampler_draws_every_panel_equally_often() {
    let mut rng = Lcg(17);
    let mut tested = 0;
    while tested < 6 {
        let Some((inst, _, _)) = tiny_pool(&mut rng) else {
            continue;
        };
        let panels = all_panels(&inst);
        if !(5..=60).contains(&panels.len()) {
            continue;
        }
        let count = PanelCount::of(&inst).unwrap();
        let draws = 200 * panels.len();
        let mut seen: HashMap<Vec<usize>, usize> = HashMap::new();
        for i in 0..draws {
            let mut seeded = SeededRng::practice(&format!("uniform {tested} {i}"));
            let (composition, members) = count.sample(&mut seeded).unwrap();
            assert!(inst.violations(&members).is_empty(), "{members:?}");
            assert_eq!(composition.iter().sum::<u32>() as usize, inst.seats);
            *seen.entry(members).or_default() += 1;
        }
        let expected = draws as f64 / panels.len() as f64;
        let chi2: f64 = panels
            .iter()
            .map(|p| {
                let o = *seen.get(p).unwrap_or(&0) as f64;
                (o - expected).powi(2) / expected
            })
            .sum();
        assert_eq!(
            seen.len(),
            panels.len(),
            "a panel never drawn, or one not enumerated"
        );
        // The 0.1 % critical value of χ² with d degrees of freedom, by Wilson–Hilferty.
        let d = (panels.len() - 1) as f64;
        let z = 3.09;
        let critical = d * (1.0 - 2.0 / (9.0 * d) + z * (2.0 / (9.0 * d)).sqrt()).powi(3);
        assert!(
            chi2 < critical,
            "χ² {chi2} over {} panels, critical {critical}",
            panels.len()
        );
        tested += 1;
    }
}
