//! The transparent lottery (after Flanigan, Kehne & Procaccia, "Fair sortition made
//! transparent", NeurIPS 2021): a distribution over panels rounded to `m` concrete panels of
//! probability 1/m each, so that the final draw is one number in 1..=m that dice or a public
//! lottery can produce, and each volunteer's chance is the number of tickets naming them / m.
//!
//! Rounding, deterministic and in two steps:
//! 1. Ticket counts per panel composition: ⌊m·λ_P⌋ each, then one more ticket to the panels
//!    with the largest remainders m·λ_P − ⌊m·λ_P⌋ (ties to the earlier panel) until there are m.
//! 2. Members: within each type, the seats the tickets give it are dealt to its members
//!    round-robin (ticket by ticket in order, members in candidate order, continuing where the
//!    previous ticket stopped), so every member of a type gets ⌊T/n⌋ or ⌈T/n⌉ of its T seats
//!    and no ticket names anyone twice.
//!
//! The largest difference between a volunteer's lottery chance and their probability in the
//! distribution is recorded ([`Lottery::max_deviation`]).

use crate::select::Distribution;

/// The default number of tickets.
pub const DEFAULT_TICKETS: u32 = 1000;

/// m equally likely panels.
#[derive(Debug, Clone, PartialEq)]
pub struct Lottery {
    /// The panels, one per ticket (ticket i is `panels[i - 1]`), as ascending candidate indices.
    pub panels: Vec<Vec<usize>>,
    /// Per candidate, the number of tickets whose panel names them.
    pub tickets_of: Vec<u32>,
    /// max over candidates of |tickets/m − probability in the distribution|.
    pub max_deviation: f64,
    /// Candidates who are on no feasible panel at all (probability 0 whatever the algorithm).
    pub in_no_panel: Vec<usize>,
}

impl Lottery {
    /// Rounds `dist` (over `n_candidates` candidates) to `m` tickets.
    pub fn round(dist: &Distribution, n_candidates: usize, m: u32) -> Lottery {
        assert!(m > 0, "at least one ticket");
        // Step 1: ticket counts per composition (largest remainders).
        let exact: Vec<f64> = dist.probabilities.iter().map(|p| p * m as f64).collect();
        let mut counts: Vec<u32> = exact.iter().map(|x| x.floor() as u32).collect();
        let mut left = m.saturating_sub(counts.iter().sum());
        let mut order: Vec<usize> = (0..exact.len()).collect();
        order.sort_by(|&a, &b| {
            let (ra, rb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
            rb.total_cmp(&ra).then(a.cmp(&b))
        });
        for &i in order.iter().cycle() {
            if left == 0 {
                break;
            }
            counts[i] += 1;
            left -= 1;
        }
        // Step 2: deal the seats of each type to its members round-robin.
        let mut next_member = vec![0usize; dist.types.len()];
        let mut panels = Vec::with_capacity(m as usize);
        for (composition, &k) in dist.panels.iter().zip(&counts) {
            for _ in 0..k {
                let mut panel = Vec::new();
                for (t, &c) in composition.iter().enumerate() {
                    let members = &dist.types.types[t].members;
                    for _ in 0..c {
                        panel.push(members[next_member[t] % members.len()]);
                        next_member[t] += 1;
                    }
                }
                panel.sort_unstable();
                panels.push(panel);
            }
        }
        let mut tickets_of = vec![0u32; n_candidates];
        for p in &panels {
            for &c in p {
                tickets_of[c] += 1;
            }
        }
        let max_deviation = (0..n_candidates)
            .map(|c| (tickets_of[c] as f64 / m as f64 - dist.candidate_probability(c)).abs())
            .fold(0.0, f64::max);
        let in_no_panel = (0..n_candidates)
            .filter(|&c| dist.candidate_probability(c) == 0.0)
            .collect();
        Lottery {
            panels,
            tickets_of,
            max_deviation,
            in_no_panel,
        }
    }

    /// The number of tickets.
    pub fn m(&self) -> u32 {
        self.panels.len() as u32
    }
}
