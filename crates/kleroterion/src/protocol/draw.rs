//! The draw as a whole, for the binary and for linking tools: prepare a commitment, draw from
//! it with a seed, or do both at once as a practice draw. Nothing here touches the file system
//! except through the values it returns.

use crate::error::{CommitmentProblem, Error, Result};
use crate::input::instance::{InputBytes, Instance};
use crate::input::settings::{Algorithm, Rounding};
use crate::lottery::Lottery;
use crate::protocol::commitment::{
    self, candidates_by_pseudonym, commitment, CommitmentParts, Salt, TicketDraw,
};
use crate::protocol::records::{Commitment, Replaces};
use crate::protocol::rng::SeededRng;
use crate::protocol::seed::SeedSource;
use crate::select::distribution::BesideLeximin;
use crate::select::uniform::PanelCount;
use crate::select::Progress;
use crate::select::{self, ensure_feasible, legacy};
use crate::solve::Backend;
use std::num::NonZeroU32;

/// The seed source stated in a practice draw's record.
pub fn practice_source() -> SeedSource {
    SeedSource::Custom {
        procedure: "practice draw: the seed was not announced in a commitment".into(),
    }
}

/// What a draw produced.
pub struct DrawOutcome {
    /// The commitment the draw is from (made on the spot for a practice draw).
    pub commitment: Commitment,
    /// Whether the commitment was published before the seed.
    pub committed: bool,
    /// The seed in its source's canonical form.
    pub seed: String,
    /// The ticket, panel pseudonyms and reserve list.
    pub ticket: TicketDraw,
    /// The drawn candidates, ascending.
    pub drawn: Vec<usize>,
    /// The reserve list as candidates, in order.
    pub reserve: Vec<usize>,
    /// Each candidate's lottery tickets, and m (none for LEGACY).
    pub tickets: Option<(Vec<u32>, u32)>,
    /// Candidates on no feasible panel (known when the lottery was computed in this run).
    pub in_no_panel: Vec<usize>,
    /// How far the lottery's rounding moved anyone's chance from the algorithm's exact
    /// probability ([`Lottery::max_deviation`]; known when the lottery was computed in this
    /// run).
    pub rounding: Option<f64>,
    /// Each candidate's exact probability under the algorithm, when known (computed in this
    /// run, or kept by `prepare` for the organiser).
    pub exact: Option<Vec<f64>>,
    /// The exact smallest and largest chance beside LEXIMIN's (GOLDILOCKS; known when the
    /// lottery was computed in this run).
    pub beside_leximin: Option<BesideLeximin>,
}

/// A prepared commitment.
pub struct Prepared {
    /// The commitment record.
    pub commitment: Commitment,
    /// Candidates on no feasible panel: their probability is 0 under any algorithm.
    pub in_no_panel: Vec<usize>,
    /// How far the lottery's rounding moved anyone's chance (none for LEGACY).
    pub rounding: Option<f64>,
    /// Each candidate's exact probability under the algorithm (none for LEGACY).
    pub exact: Option<Vec<f64>>,
    /// The exact smallest and largest chance beside LEXIMIN's (GOLDILOCKS).
    pub beside_leximin: Option<BesideLeximin>,
}

/// Computes the lottery of a fair algorithm, or checks feasibility for LEGACY.
pub fn lottery(
    inst: &Instance,
    algorithm: Algorithm,
    backend: Backend,
    m: NonZeroU32,
    progress: &mut dyn Progress,
) -> Result<Option<Lottery>> {
    if algorithm.draws_directly() {
        ensure_feasible(inst, backend)?;
        return Ok(None);
    }
    let dist = select::distribution(inst, algorithm, backend, progress)?;
    Ok(Some(match inst.settings.lottery_rounding {
        Rounding::Herding => Lottery::round(&dist, inst.n_candidates(), m),
        Rounding::WithinOneTicket => Lottery::round_within_one(inst, &dist, m),
    }))
}

/// What a commitment announces about its round: how the seed will be produced, and the
/// earlier round it replaces dropouts of.
#[derive(Debug, Clone, Copy)]
pub struct Round<'a> {
    /// The seed source.
    pub seed_source: &'a SeedSource,
    /// The earlier round, for a replacement round.
    pub replaces: Option<&'a Replaces>,
}

/// How a draw selects: the algorithm, the solvers and the number of lottery tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// The selection algorithm.
    pub algorithm: Algorithm,
    /// The solvers.
    pub backend: Backend,
    /// The number of lottery tickets (unused by LEGACY).
    pub tickets: NonZeroU32,
}

/// Prepares a commitment: the lottery (or, for LEGACY, only the feasibility check) and the
/// commitment record stating it; `committed` is false for a practice draw's commitment.
pub fn prepare(
    inst: &Instance,
    bytes: &InputBytes,
    plan: &Plan,
    salt: &Salt,
    round: &Round,
    committed: bool,
    progress: &mut dyn Progress,
) -> Result<Prepared> {
    let seed_source = round.seed_source;
    let Plan {
        algorithm,
        backend,
        tickets: m,
    } = *plan;
    if !algorithm.draws_directly() {
        seed_source.check_outcomes(m.get())?;
    }
    let lottery = lottery(inst, algorithm, backend, m, progress)?;
    // UNIFORM states how many panels it draws among (and fails here, before any seed, when
    // they are too many to count).
    let panel_count = match algorithm {
        Algorithm::Uniform => Some(PanelCount::of(inst)?.panels.to_string()),
        _ => None,
    };
    let commitment = commitment(
        inst,
        &CommitmentParts {
            bytes,
            algorithm,
            backend,
            lottery: lottery.as_ref(),
            salt,
            seed_source,
            committed,
            replaces: round.replaces,
            panel_count: panel_count.as_deref(),
        },
    );
    Ok(Prepared {
        commitment,
        rounding: lottery.as_ref().map(|l| l.max_deviation),
        exact: lottery.as_ref().map(|l| l.exact.clone()),
        beside_leximin: lottery.as_ref().and_then(|l| l.beside_leximin),
        in_no_panel: lottery.map(|l| l.in_no_panel).unwrap_or_default(),
    })
}

/// Parses commitment.json and checks that it is canonical and hashes to its
/// `commitment_hash`.
pub fn read_commitment(bytes: &[u8]) -> Result<Commitment> {
    Commitment::read(bytes).map_err(Error::Commitment)
}

fn algorithm_of(c: &Commitment) -> Result<Algorithm> {
    Algorithm::from_name(&c.algorithm).ok_or(Error::Commitment(CommitmentProblem::UnknownAlgorithm))
}

/// The panel LEGACY or UNIFORM draws from `rng` (as candidates, ascending).
pub fn draw_directly(
    inst: &Instance,
    algorithm: Algorithm,
    rng: &mut SeededRng,
) -> Result<Vec<usize>> {
    match algorithm {
        Algorithm::Uniform => PanelCount::of(inst)?
            .sample(rng)
            .map(|(_, members)| members)
            .ok_or(Error::NoDistribution),
        _ => legacy::draw(inst, rng, inst.settings.max_attempts),
    }
}

/// Draws from a commitment with `seed` (as typed: it is written in its source's canonical
/// form first). `committed` says whether the commitment was published before the seed (false
/// for practice draws). The instance and salt must be the ones the commitment was made from.
pub fn draw_from(
    inst: &Instance,
    c: &Commitment,
    salt: &Salt,
    seed: &str,
    committed: bool,
) -> Result<DrawOutcome> {
    let seed = c.seed_source.canonical_seed(seed)?;
    let seed = seed.as_str();
    let by_name = candidates_by_pseudonym(inst, salt);
    let to_candidates = |names: &[String]| -> Result<Vec<usize>> {
        names
            .iter()
            .map(|n| {
                by_name
                    .get(n)
                    .copied()
                    .ok_or(Error::Commitment(CommitmentProblem::UnknownPeople))
            })
            .collect()
    };
    let hash = c.commitment_hash.clone();
    let algorithm = algorithm_of(c)?;
    let (ticket, tickets) = if algorithm.draws_directly() {
        let mut rng: SeededRng = commitment::draw_rng(&hash, committed, seed);
        let drawn = draw_directly(inst, algorithm, &mut rng)?;
        let mut panel: Vec<String> = drawn
            .iter()
            .map(|&d| salt.pseudonym(&inst.pool.people[inst.candidates[d]].id))
            .collect();
        panel.sort();
        let reserve = commitment::reserve(c, &panel, &mut rng);
        (
            TicketDraw {
                ticket: 0,
                panel,
                reserve,
            },
            None,
        )
    } else {
        let t = commitment::draw_ticket(c, seed, committed)?;
        let mut counts = vec![0u32; inst.n_candidates()];
        for v in c.candidates() {
            if let Some(&cand) = by_name.get(&v.pseudonym) {
                counts[cand] = v.tickets.unwrap_or(0);
            }
        }
        (t, Some((counts, c.tickets)))
    };
    let mut drawn = to_candidates(&ticket.panel)?;
    drawn.sort_unstable();
    let reserve = to_candidates(&ticket.reserve)?;
    Ok(DrawOutcome {
        commitment: c.clone(),
        committed,
        seed: seed.to_string(),
        ticket,
        drawn,
        reserve,
        tickets,
        in_no_panel: Vec::new(),
        rounding: None,
        exact: None,
        beside_leximin: None,
    })
}

/// A practice draw: prepare and draw at once, keyed by the seed alone.
pub fn practice(
    inst: &Instance,
    bytes: &InputBytes,
    plan: &Plan,
    seed: &str,
    salt: &Salt,
    replaces: Option<&Replaces>,
    progress: &mut dyn Progress,
) -> Result<DrawOutcome> {
    let source = practice_source();
    let round = Round {
        seed_source: &source,
        replaces,
    };
    let prepared = prepare(inst, bytes, plan, salt, &round, false, progress)?;
    let mut outcome = draw_from(inst, &prepared.commitment, salt, seed, false)?;
    outcome.in_no_panel = prepared.in_no_panel;
    outcome.rounding = prepared.rounding;
    outcome.exact = prepared.exact;
    outcome.beside_leximin = prepared.beside_leximin;
    Ok(outcome)
}
