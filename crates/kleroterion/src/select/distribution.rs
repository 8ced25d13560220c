//! A probability distribution over panels (the lottery module rounds it to tickets).
//!
//! Panels are stored as [`Composition`]s: how many members of each type sit on the panel. A
//! composition stands for choosing that many members of each type uniformly at random, so a
//! candidate's selection probability is Σ over panels of probability × count / type size.

use crate::input::groups::{Composition, Groups};

/// How a distribution was computed, for the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// On the quota polytope, then written as a mix of panels by the decomposition walk.
    QuotaPolytope,
    /// By column generation over panels.
    ColumnGeneration,
    /// By Frank–Wolfe rounds over panels (NASH where the polytope's walk fails).
    FrankWolfe,
    /// One panel composition from an integer program (DIVERSIMAX).
    IntegerProgram,
}

impl Method {
    /// The name records use.
    pub fn name(self) -> &'static str {
        match self {
            Method::QuotaPolytope => "quota polytope",
            Method::ColumnGeneration => "column generation",
            Method::FrankWolfe => "Frank-Wolfe rounds",
            Method::IntegerProgram => "integer program",
        }
    }
}

/// A lottery over panels, with every candidate's resulting selection probability.
#[derive(Debug, Clone)]
pub struct Distribution {
    /// How it was computed.
    pub method: Method,
    /// The candidates grouped into groups.
    pub groups: Groups,
    /// The panels in the support.
    pub panels: Vec<Composition>,
    /// The probability of each panel (non-negative, summing to 1).
    pub probabilities: Vec<f64>,
    /// The selection probability of a member of each type.
    pub group_probability: Vec<f64>,
    /// For an algorithm that starts from LEXIMIN (GOLDILOCKS): the smallest and largest
    /// probability under each, for the report.
    pub beside_leximin: Option<BesideLeximin>,
    /// For DIVERSIMAX: the panel's spread over the intersections and the bound below it.
    pub diversity: Option<Diversity>,
}

/// How evenly a DIVERSIMAX panel spreads over the intersections of features.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Diversity {
    /// The panel's spread (smaller is more even).
    pub spread: f64,
    /// No panel spreads less than this; equal to `spread` when the panel is proven best.
    pub bound: f64,
    /// The combinations of features counted.
    pub combinations: usize,
}

/// The smallest and largest selection probability of a distribution, over the volunteers
/// on some feasible panel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// The smallest probability.
    pub least: f64,
    /// The largest probability.
    pub most: f64,
}

/// An algorithm's spread of probabilities beside LEXIMIN's on the same pool.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BesideLeximin {
    /// The algorithm's.
    pub algorithm: Spread,
    /// LEXIMIN's.
    pub leximin: Spread,
}

/// The selection probability of a member of each type when `panels` are drawn with
/// `probabilities` (non-negative, summing to 1, one per panel).
pub fn group_probabilities<'a>(
    groups: &Groups,
    panels: impl Iterator<Item = &'a Composition>,
    probabilities: &[f64],
) -> Vec<f64> {
    let mut group_probability = vec![0.0; groups.len()];
    for (panel, &p) in panels.zip(probabilities) {
        for (t, &n) in panel.iter().enumerate() {
            if n > 0 {
                group_probability[t] += p * n as f64 / groups.size(t) as f64;
            }
        }
    }
    group_probability
}

impl Distribution {
    /// Builds a distribution from panels and (possibly slightly off) weights: negative and
    /// negligible weights are dropped and the rest scaled to sum to 1.
    pub fn new(
        method: Method,
        groups: Groups,
        panels: Vec<Composition>,
        weights: &[f64],
    ) -> Distribution {
        let kept: Vec<usize> = (0..panels.len()).filter(|&i| weights[i] > 1e-10).collect();
        let total: f64 = kept.iter().map(|&i| weights[i]).sum();
        let probabilities: Vec<f64> = kept.iter().map(|&i| weights[i] / total).collect();
        let panels_kept: Vec<Composition> = kept.iter().map(|&i| panels[i].clone()).collect();
        let group_probability = group_probabilities(&groups, panels_kept.iter(), &probabilities);
        Distribution {
            method,
            groups,
            panels: panels_kept,
            probabilities,
            group_probability,
            beside_leximin: None,
            diversity: None,
        }
    }

    /// The selection probability of candidate `c`.
    pub fn candidate_probability(&self, c: usize) -> f64 {
        self.group_probability[self.groups.of_candidate[c]]
    }
}
