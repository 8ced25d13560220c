//! Per-seat reserves: for each panel member, the reserves who can take their seat.
//!
//! When a member cancels, the organiser calls the first person on the reserve list who keeps
//! every quota and the household rule once in that seat. Which reserves those are depends on
//! the seat, so the list is worked out per member in advance.

use crate::input::instance::Instance;

/// The reserves listed per seat (the first this many who fit, in reserve order).
pub const RESERVES_PER_SEAT: usize = 5;

/// One panel member's seat and the reserves who could take it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatReserves {
    /// The member (a candidate index).
    pub member: usize,
    /// Up to [`RESERVES_PER_SEAT`] reserves, in reserve-list order, each of whom keeps every
    /// rule when they replace `member` and nobody else changes.
    pub reserves: Vec<usize>,
}

/// For each member of `drawn` (in its order), the first reserves from `reserve` (candidates,
/// in the list's order) who can take that member's seat: the panel with the member replaced
/// by the reserve breaks no quota and no household rule.
pub fn seat_reserves(inst: &Instance, drawn: &[usize], reserve: &[usize]) -> Vec<SeatReserves> {
    let mut seats = vec![0u32; inst.quotas.values.len()];
    for &c in drawn {
        for &v in inst.values_of(c) {
            seats[v] += 1;
        }
    }
    drawn
        .iter()
        .enumerate()
        .map(|(i, &member)| {
            let out = inst.values_of(member);
            let fits_quotas = |r: usize| {
                let inn = inst.values_of(r);
                inn.iter()
                    .filter(|v| !out.contains(v))
                    .all(|&v| seats[v] < inst.bounds[v].1)
                    && out
                        .iter()
                        .filter(|v| !inn.contains(v))
                        .all(|&v| seats[v] > inst.bounds[v].0)
            };
            let mut panel = drawn.to_vec();
            let reserves = reserve
                .iter()
                .copied()
                .filter(|&r| !drawn.contains(&r) && fits_quotas(r))
                .filter(|&r| {
                    // The household rule, and anything else, on the whole panel.
                    panel[i] = r;
                    inst.violations(&panel).is_empty()
                })
                .take(RESERVES_PER_SEAT)
                .collect();
            SeatReserves { member, reserves }
        })
        .collect()
}
