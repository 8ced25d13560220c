//! The transparent lottery (after Flanigan, Kehne & Procaccia, "Fair sortition made
//! transparent", NeurIPS 2021): a distribution over panels rounded to `m` concrete panels of
//! probability 1/m each, so that the final draw is one number in 1..=m that dice or a public
//! lottery can produce, and each volunteer's chance is the number of tickets naming them / m.
//!
//! Rounding, deterministic and in two steps:
//! 1. The composition of each ticket, chosen from the distribution's support by herding (see
//!    `herd`): each ticket goes to the composition that best serves the groups lagging furthest
//!    behind their probability, so every type's share of the tickets tracks it closely.
//! 2. Members: within each type, the seats the tickets give it are dealt to its members
//!    round-robin (ticket by ticket in order, members in candidate order, continuing where the
//!    previous ticket stopped), so every member of a type gets ⌊T/n⌋ or ⌈T/n⌉ of its T seats
//!    and no ticket names anyone twice.
//!
//! The largest difference between a volunteer's lottery chance and their probability in the
//! distribution is recorded ([`Lottery::max_deviation`]).

use crate::input::groups::Composition;
use crate::input::instance::Instance;
use crate::input::settings::Rounding;
use crate::select::distribution::{BesideLeximin, Distribution, Diversity, Method};

mod within_one;

use std::num::NonZeroU32;

/// The default number of tickets.
pub const DEFAULT_TICKETS: NonZeroU32 = NonZeroU32::new(1000).expect("1000 is not zero");

/// m equally likely panels.
#[derive(Debug, Clone, PartialEq)]
pub struct Lottery {
    /// How the distribution it rounds was computed.
    pub method: Method,
    /// The panels, one per ticket (ticket i is `panels[i - 1]`), as ascending candidate indices.
    pub panels: Vec<Vec<usize>>,
    /// Per candidate, the number of tickets whose panel names them.
    pub tickets_of: Vec<u32>,
    /// max over candidates of |tickets/m − probability in the distribution|.
    pub max_deviation: f64,
    /// Per candidate, the probability in the distribution (the algorithm's exact value, which
    /// the tickets round).
    pub exact: Vec<f64>,
    /// Candidates who are on no feasible panel at all (probability 0 whatever the algorithm).
    pub in_no_panel: Vec<usize>,
    /// How the tickets were rounded.
    pub rounding: Rounding,
    /// The exact smallest and largest chance beside LEXIMIN's, for an algorithm that
    /// states them (GOLDILOCKS).
    pub beside_leximin: Option<BesideLeximin>,
    /// DIVERSIMAX's spread over the intersections, and its bound.
    pub diversity: Option<Diversity>,
}

impl Lottery {
    /// Rounds `dist` (over `n_candidates` candidates) to `m` tickets by herding.
    pub fn round(dist: &Distribution, n_candidates: usize, m: NonZeroU32) -> Lottery {
        // Step 1: the composition of each ticket, by herding.
        let order = herd(dist, m.get());
        let compositions: Vec<&Composition> = order.iter().map(|&i| &dist.panels[i]).collect();
        Lottery::deal(dist, n_candidates, m.get(), &compositions)
    }

    /// Rounds `dist` to `m` tickets with every volunteer's chance within one ticket of their
    /// probability where the repair of the herded tickets reaches it (see `within_one`), else
    /// as close as it gets; the tickets' panels meet `inst`'s quotas and household rule.
    pub fn round_within_one(inst: &Instance, dist: &Distribution, m: NonZeroU32) -> Lottery {
        let herded = herd(dist, m.get());
        let (compositions, _) = within_one::repair(inst, dist, &herded);
        Lottery {
            rounding: Rounding::WithinOneTicket,
            ..Lottery::deal(dist, inst.n_candidates(), m.get(), &compositions)
        }
    }

    /// Step 2: the seats of each type that the tickets' compositions (`order`) give, dealt to
    /// its members round-robin.
    fn deal<C: AsRef<[u32]>>(
        dist: &Distribution,
        n_candidates: usize,
        m: u32,
        compositions: &[C],
    ) -> Lottery {
        let mut next_member = vec![0usize; dist.groups.len()];
        let mut panels = Vec::with_capacity(m as usize);
        for composition in compositions {
            let mut panel = Vec::new();
            for (t, &c) in composition.as_ref().iter().enumerate() {
                let members = &dist.groups.groups[t].members;
                for _ in 0..c {
                    panel.push(members[next_member[t] % members.len()]);
                    next_member[t] += 1;
                }
            }
            panel.sort_unstable();
            panels.push(panel);
        }
        let mut tickets_of = vec![0u32; n_candidates];
        for p in &panels {
            for &c in p {
                tickets_of[c] += 1;
            }
        }
        let exact: Vec<f64> = (0..n_candidates)
            .map(|c| dist.candidate_probability(c))
            .collect();
        let max_deviation = (0..n_candidates)
            .map(|c| (tickets_of[c] as f64 / m as f64 - exact[c]).abs())
            .fold(0.0, f64::max);
        let in_no_panel = (0..n_candidates)
            .filter(|&c| dist.candidate_probability(c) == 0.0)
            .collect();
        Lottery {
            method: dist.method,
            panels,
            tickets_of,
            max_deviation,
            exact,
            in_no_panel,
            rounding: Rounding::Herding,
            beside_leximin: dist.beside_leximin,
            diversity: dist.diversity,
        }
    }

    /// The number of tickets.
    pub fn m(&self) -> u32 {
        self.panels.len() as u32
    }
}

/// Chooses the compositions of `m` tickets from the distribution's support by herding: with
/// w_t = j·p_t − T_t/n_t, how far each member of type t lags behind their probability p_t
/// after the tickets so far gave the type T_t seats, ticket j takes the composition P that
/// most reduces the summed squared lag of all members, Σ_t n_t·(w_t − c_Pt/n_t)², i.e. that
/// maximises Σ_t (2·w_t·c_Pt − c_Pt²/n_t) (the first such P on a tie). The lags stay bounded,
/// so every member's share of the m tickets stays within a few tickets of m·p_t.
fn herd(dist: &Distribution, m: u32) -> Vec<usize> {
    let n_types = dist.groups.len();
    let sparse: Vec<Vec<(usize, f64)>> = dist
        .panels
        .iter()
        .map(|p| {
            p.iter()
                .enumerate()
                .filter(|&(_, &c)| c > 0)
                .map(|(t, &c)| (t, c as f64))
                .collect()
        })
        .collect();
    let size: Vec<f64> = (0..n_types).map(|t| dist.groups.size(t) as f64).collect();
    let mut seats = vec![0.0f64; n_types];
    let mut order = Vec::with_capacity(m as usize);
    for j in 1..=m {
        let lag: Vec<f64> = (0..n_types)
            .map(|t| j as f64 * dist.group_probability[t] - seats[t] / size[t])
            .collect();
        let mut best = (f64::NEG_INFINITY, 0);
        for (i, p) in sparse.iter().enumerate() {
            let score: f64 = p
                .iter()
                .map(|&(t, c)| 2.0 * lag[t] * c - c * c / size[t])
                .sum();
            if score > best.0 {
                best = (score, i);
            }
        }
        for &(t, c) in &sparse[best.1] {
            seats[t] += c;
        }
        order.push(best.1);
    }
    order
}
