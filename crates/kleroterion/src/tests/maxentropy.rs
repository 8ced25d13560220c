//! The maximum-entropy lottery against a second computation over every enumerated panel of
//! tiny pools: the same convex program (largest entropy with LEXIMIN's chances) solved by
//! iterative scaling over single volunteers and whole panels, without the dynamic program.

use super::common::Lcg;
use super::leximin::{all_panels, tiny_pool};
use crate::input::groups::Groups;
use crate::protocol::rng::SeededRng;
use crate::select::leximin::{leximin, Depth};
use crate::select::maxentropy::MaxEntropy;
use crate::select::Silent;
use crate::solve::Backend;
use std::collections::HashMap;

/// The distribution over `panels` of largest entropy whose chances are `target`, by
/// iterative scaling of one weight per volunteer: (each panel's probability, the entropy).
fn oracle(panels: &[Vec<usize>], target: &[f64]) -> (Vec<f64>, f64) {
    let n = target.len();
    let mut log_w = vec![0.0f64; n];
    for i in 0..n {
        if target[i] <= 1e-9 {
            log_w[i] = f64::NEG_INFINITY;
        }
    }
    let probabilities = |log_w: &[f64]| -> Vec<f64> {
        let logs: Vec<f64> = panels
            .iter()
            .map(|p| p.iter().map(|&i| log_w[i]).sum())
            .collect();
        let top = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let w: Vec<f64> = logs.iter().map(|l| (l - top).exp()).collect();
        let total: f64 = w.iter().sum();
        w.iter().map(|x| x / total).collect()
    };
    for _ in 0..200_000 {
        let p = probabilities(&log_w);
        let mut chance = vec![0.0; n];
        for (panel, q) in panels.iter().zip(&p) {
            for &i in panel {
                chance[i] += q;
            }
        }
        let gap = (0..n)
            .map(|i| (chance[i] - target[i]).abs())
            .fold(0.0, f64::max);
        if gap < 1e-10 {
            break;
        }
        for i in 0..n {
            if log_w[i].is_finite() && chance[i] > 0.0 && target[i] < 1.0 - 1e-9 {
                log_w[i] += (target[i] / chance[i]).ln();
            }
        }
    }
    let p = probabilities(&log_w);
    let entropy = -p
        .iter()
        .filter(|&&q| q > 0.0)
        .map(|q| q * q.ln())
        .sum::<f64>();
    (p, entropy)
}

#[test]
fn maxentropy_agrees_with_scaling_over_enumerated_panels() {
    let mut rng = Lcg(41);
    let (mut tested, mut refused) = (0, 0);
    for case in 0..60 {
        let Some((inst, people, features)) = tiny_pool(&mut rng) else {
            continue;
        };
        let panels = all_panels(&inst);
        if panels.len() < 3 {
            continue;
        }
        let lex = leximin(&inst, Depth::Leximin, Backend::Pure, &mut Silent).unwrap();
        let target: Vec<f64> = (0..inst.n_candidates())
            .map(|c| lex.candidate_probability(c))
            .collect();
        let (expected, entropy) = oracle(&panels, &target);
        // Where the scaling does not converge (targets on a face of the panels' hull, where
        // the weights grow without end), the fit must say so, never approximate silently.
        let me = match MaxEntropy::fit(&inst, &lex.group_probability) {
            Ok(me) => me,
            Err(e) => {
                assert!(e.to_string().contains("came within"), "{e}");
                refused += 1;
                continue;
            }
        };
        let groups = Groups::of(&inst);
        for (c, &goal) in target.iter().enumerate() {
            let got = me.chance[groups.of_candidate[c]];
            assert!(
                (got - goal).abs() < 2e-5,
                "case {case}, person {c}: {got} against {goal}\n{people}{features}"
            );
        }
        assert!(
            (me.entropy - entropy).abs() < 2e-3,
            "case {case}: entropy {} against {entropy}\n{people}{features}",
            me.entropy
        );
        // The sampler's frequencies follow the distribution (a loose χ²-style check).
        let draws = 4000;
        let mut seen: HashMap<Vec<usize>, usize> = HashMap::new();
        for d in 0..draws {
            let mut seeded = SeededRng::practice(&format!("maxentropy {case} {d}"));
            let members = me.sample(&mut seeded).unwrap();
            assert!(inst.violations(&members).is_empty());
            *seen.entry(members).or_default() += 1;
        }
        // Pearson's χ² over the panels expected at least 5 times, the rest pooled.
        let (mut chi2, mut rest_expected, mut rest_seen, mut cells) = (0.0, 0.0, 0.0, 0usize);
        for (p, &q) in panels.iter().zip(&expected) {
            let e = q * draws as f64;
            let o = *seen.get(p).unwrap_or(&0) as f64;
            if e >= 5.0 {
                chi2 += (o - e).powi(2) / e;
                cells += 1;
            } else {
                rest_expected += e;
                rest_seen += o;
            }
        }
        if rest_expected >= 5.0 {
            chi2 += (rest_seen - rest_expected).powi(2) / rest_expected;
            cells += 1;
        }
        let dof = cells.saturating_sub(1) as f64;
        assert!(
            chi2 < dof + 6.0 * (2.0 * dof).sqrt() + 10.0,
            "case {case}: χ² {chi2} with {dof} degrees"
        );
        tested += 1;
    }
    eprintln!("{tested} fitted, {refused} refused");
    // Measured: 41 fitted, 19 refused (LEXIMIN often puts its chances on a face).
    assert!(tested >= 30, "{tested} fitted, {refused} refused");
}
