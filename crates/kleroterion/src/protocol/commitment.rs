//! The audit protocol (DESIGN §4, docs/AUDIT.md): a commitment to everything before the seed
//! exists, the seeded draw of one ticket, and the record that lets anyone check the draw.

use crate::error::{CommitmentProblem, Error, Result};
use crate::input::instance::{InputBytes, Instance};
use crate::input::settings::Algorithm;
use crate::lottery::Lottery;
use crate::protocol::canonical::{canonical_csv, canonical_text, sha256_hex};
use crate::protocol::records::{
    hash_without, AuditRecord, Commitment, FileHash, InputHashes, Quota, Status, Tool, Volunteer,
};
use crate::protocol::rng::{derive_key, SeededRng, PRACTICE_DRAW_TAG};
use crate::solve::Backend;
use rand_core::{OsRng, RngCore};
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};

pub use crate::protocol::records::{AUDIT_FORMAT, COMMITMENT_FORMAT};
/// Domain tag of the key of a committed draw.
pub const DRAW_TAG: &str = "kleroterion/draw/v1";
/// Domain tag of pseudonyms.
pub const PSEUDONYM_TAG: &str = "kleroterion/pseudonym/v1";
/// Domain tag of household tags.
pub const HOUSEHOLD_TAG: &str = "kleroterion/household/v1";
/// Deviations are recorded as integers in units of 1/DEVIATION_DENOMINATOR.
pub const DEVIATION_DENOMINATOR: u64 = 1_000_000_000;

/// The private salt behind the pseudonyms: 32 random bytes, written as 64 hex digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Salt(String);

impl Salt {
    /// A fresh salt from the operating system's random source.
    pub fn random() -> Salt {
        let mut b = [0u8; 32];
        OsRng.fill_bytes(&mut b);
        Salt(hex::encode(b))
    }

    /// A salt from its hex text (as stored in the private file).
    pub fn from_hex(text: &str) -> Result<Salt> {
        let t = text.trim().to_lowercase();
        if t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(Salt(t))
        } else {
            Err(Error::BadSalt)
        }
    }

    /// The hex text.
    pub fn as_hex(&self) -> &str {
        &self.0
    }

    /// A volunteer's pseudonym: the first 16 hex digits of
    /// SHA-256(PSEUDONYM_TAG ‖ 0x00 ‖ salt hex ‖ 0x00 ‖ id).
    pub fn pseudonym(&self, id: &str) -> String {
        hex::encode(derive_key(
            PSEUDONYM_TAG,
            &[self.0.as_bytes(), id.as_bytes()],
        ))[..16]
            .to_string()
    }

    /// A household's tag: the first 16 hex digits of
    /// SHA-256(HOUSEHOLD_TAG ‖ 0x00 ‖ salt hex ‖ 0x00 ‖ normalised address).
    pub fn household(&self, address: &str) -> String {
        hex::encode(derive_key(
            HOUSEHOLD_TAG,
            &[self.0.as_bytes(), address.as_bytes()],
        ))[..16]
            .to_string()
    }
}

/// The file and canonical-content hashes of the inputs.
pub fn input_hashes(bytes: &InputBytes) -> InputHashes {
    let csv = |name: &str, b: &[u8]| FileHash {
        sha256: sha256_hex(b),
        canonical_sha256: canonical_csv(name, b).map(|c| sha256_hex(&c)),
    };
    InputHashes {
        people: csv("people", &bytes.people),
        features: csv("features", &bytes.features),
        settings: bytes.settings.as_ref().map(|b| FileHash {
            sha256: sha256_hex(b),
            canonical_sha256: Some(sha256_hex(&canonical_text(b))),
        }),
        already_selected: bytes
            .already_selected
            .as_ref()
            .map(|b| csv("already_selected", b)),
        leave_out: bytes.leave_out.as_ref().map(|b| csv("leave_out", b)),
    }
}

/// Pseudonyms of the candidates and of the already-selected people.
pub fn pseudonyms(inst: &Instance, salt: &Salt) -> (Vec<String>, Vec<String>) {
    let candidates = inst
        .candidates
        .iter()
        .map(|&i| salt.pseudonym(&inst.pool.people[i].id))
        .collect();
    let already = inst
        .already
        .iter()
        .flat_map(|a| &a.people)
        .map(|p| salt.pseudonym(&p.id))
        .collect();
    (candidates, already)
}

/// Everything a commitment states besides the instance.
pub struct CommitmentParts<'a> {
    /// The input files' bytes.
    pub bytes: &'a InputBytes,
    /// The algorithm.
    pub algorithm: Algorithm,
    /// The solvers used.
    pub backend: Backend,
    /// The lottery (none for LEGACY).
    pub lottery: Option<&'a Lottery>,
    /// The salt of the pseudonyms.
    pub salt: &'a Salt,
    /// How the seed will be produced, in the organiser's words.
    pub seed_procedure: &'a str,
}

/// Builds the commitment (with its `commitment_hash`).
pub fn commitment(inst: &Instance, parts: &CommitmentParts) -> Commitment {
    let (cand, already) = pseudonyms(inst, parts.salt);
    let value_names = |values: &[usize]| -> Vec<String> {
        values
            .iter()
            .map(|&v| inst.quotas.values[v].name.clone())
            .collect()
    };
    let household = |address: &Option<String>| address.as_deref().map(|a| parts.salt.household(a));
    let mut volunteers: Vec<Volunteer> = (0..inst.n_candidates())
        .map(|c| {
            let p = &inst.pool.people[inst.candidates[c]];
            Volunteer {
                pseudonym: cand[c].clone(),
                values: value_names(&p.values),
                household: household(&p.address),
                status: Status::Candidate,
                tickets: parts.lottery.map(|l| l.tickets_of[c]),
            }
        })
        .collect();
    for (i, p) in inst.already.iter().flat_map(|a| &a.people).enumerate() {
        volunteers.push(Volunteer {
            pseudonym: already[i].clone(),
            values: value_names(&p.values),
            household: household(&p.address),
            status: Status::AlreadySelected,
            tickets: parts.lottery.map(|l| l.m()),
        });
    }
    let panels: Vec<Vec<String>> = parts
        .lottery
        .map(|l| {
            l.panels
                .iter()
                .map(|p| {
                    let mut names: Vec<String> = p.iter().map(|&c| cand[c].clone()).collect();
                    names.sort_unstable();
                    names
                })
                .collect()
        })
        .unwrap_or_default();
    let quotas = inst
        .quotas
        .values
        .iter()
        .map(|q| Quota {
            feature: inst.quotas.features[q.feature].name.clone(),
            value: q.name.clone(),
            min: q.min,
            max: q.max,
        })
        .collect();
    let mut c = Commitment {
        format: COMMITMENT_FORMAT.into(),
        tool: Tool {
            name: "kleroterion".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        algorithm: parts.algorithm.name().into(),
        parameters: parameters(parts.algorithm, parts.lottery),
        solver: parts.backend.describe(),
        inputs: input_hashes(parts.bytes),
        panel_size: inst.panel_size as u32,
        seats_to_draw: inst.seats as u32,
        features: inst.quotas.features.iter().map(|f| f.name.clone()).collect(),
        quotas,
        household_rule: inst.settings.check_same_address,
        pseudonyms: "first 16 hex digits of SHA-256(\"kleroterion/pseudonym/v1\" 0x00 salt 0x00 id); households likewise with \"kleroterion/household/v1\" and the normalised address".into(),
        volunteers,
        tickets: parts.lottery.map(|l| l.m()).unwrap_or(0),
        panels,
        seed_procedure: parts.seed_procedure.into(),
        commitment_hash: String::new(),
    };
    c.commitment_hash = hash_without(&c, "commitment_hash");
    c
}

fn parameters(algorithm: Algorithm, lottery: Option<&Lottery>) -> Map<String, Value> {
    use crate::select::leximin as lx;
    use crate::select::polytope as pt;
    let deviation =
        lottery.map(|l| (l.max_deviation * DEVIATION_DENOMINATOR as f64).round() as u64);
    let v = match algorithm {
        Algorithm::Legacy => json!({"draw": "LEGACY re-run from the seed"}),
        _ => json!({
            "pricing_tolerance": format!("{:e}", lx::PRICING_TOLERANCE),
            "simplex_pricing_gap": format!("{:e}", lx::SIMPLEX_PRICING_GAP),
            "pricing_node_budget": lx::PRICING_NODE_BUDGET.to_string(),
            "tight_dual_ratio": format!("{:e}", lx::TIGHT_DUAL_RATIO),
            "lp_tolerance": format!("{:e}", crate::solve::clarabel::LP_TOLERANCE),
            "nash_gap": format!("{:e}", crate::select::nash::NASH_GAP),
            "polytope_relaxation_tolerances": pt::RELAXATION_TOLERANCES.map(|t| format!("{t:e}")),
            "polytope_value_margin": format!("{:e}", pt::VALUE_MARGIN),
            "polytope_stage_tolerances": pt::stages::STAGE_TOLERANCES.map(|t| format!("{t:e}")),
            "polytope_stage_fix_margin": format!("{:e}", pt::stages::FIX_MARGIN),
            "polytope_stage_tight_slack": format!("{:e}", pt::stages::TIGHT_CHECK),
            "polytope_tight_check": format!("{:e}", pt::TIGHT_CHECK),
            "polytope_decomposition_tolerance": format!("{:e}", pt::DECOMPOSITION_TOLERANCE),
            "max_deviation": {"numerator": deviation, "denominator": DEVIATION_DENOMINATOR},
            "route": lottery.map(|l| l.method.name()),
        }),
    };
    match v {
        Value::Object(map) => map,
        _ => unreachable!("parameters are an object"),
    }
}

/// The generator of a draw: committed draws key it with the commitment hash and the seed,
/// practice draws with the seed alone.
pub fn draw_rng(commitment_hash: Option<&str>, seed: &str) -> SeededRng {
    SeededRng::from_key(draw_key(commitment_hash, seed))
}

/// The key of a draw: SHA-256(DRAW_TAG ‖ 0x00 ‖ commitment hash ‖ 0x00 ‖ seed) for committed
/// draws, SHA-256(PRACTICE_DRAW_TAG ‖ 0x00 ‖ seed) for practice draws.
pub fn draw_key(commitment_hash: Option<&str>, seed: &str) -> [u8; 32] {
    match commitment_hash {
        Some(h) => derive_key(DRAW_TAG, &[h.as_bytes(), seed.as_bytes()]),
        None => derive_key(PRACTICE_DRAW_TAG, &[seed.as_bytes()]),
    }
}

/// The key of a draw, as hex (for the record).
pub fn draw_key_hex(commitment_hash: Option<&str>, seed: &str) -> String {
    hex::encode(draw_key(commitment_hash, seed))
}

/// Pseudonyms of the reserve list: the candidates not on the panel and not sharing a
/// household with anyone on it (already-selected people included), in the commitment's
/// order (people.csv order), then shuffled by `rng` (Fisher–Yates, [`SeededRng::shuffle`]).
pub fn reserve(commitment: &Commitment, panel: &[String], rng: &mut SeededRng) -> Vec<String> {
    let on_panel: HashSet<&str> = panel.iter().map(String::as_str).collect();
    let taken: HashSet<&str> = commitment
        .volunteers
        .iter()
        .filter(|v| on_panel.contains(v.pseudonym.as_str()) || v.status == Status::AlreadySelected)
        .filter_map(|v| v.household.as_deref())
        .collect();
    let mut rest: Vec<String> = commitment
        .candidates()
        .filter(|v| !on_panel.contains(v.pseudonym.as_str()))
        .filter(|v| !v.household.as_deref().is_some_and(|h| taken.contains(h)))
        .map(|v| v.pseudonym.clone())
        .collect();
    rng.shuffle(&mut rest);
    rest
}

/// The outcome of a ticket draw.
pub struct TicketDraw {
    /// The ticket, 1..=m (0 for LEGACY).
    pub ticket: u32,
    /// The drawn pseudonyms, sorted.
    pub panel: Vec<String>,
    /// The reserve list, in order.
    pub reserve: Vec<String>,
}

/// Draws the ticket of a lottery commitment: ticket = below(m) + 1 from the draw's generator,
/// the panel is the committed panel of that ticket, the reserve list comes next from the same
/// generator.
pub fn draw_ticket(commitment: &Commitment, seed: &str, committed: bool) -> Result<TicketDraw> {
    let m = commitment.tickets;
    if m == 0 || commitment.panels.len() != m as usize {
        return Err(Error::Commitment(CommitmentProblem::NoTickets));
    }
    let hash = commitment.commitment_hash.as_str();
    let mut rng = draw_rng(committed.then_some(hash), seed);
    let ticket = rng.below(u64::from(m)) as u32 + 1;
    let panel = commitment.panels[ticket as usize - 1].clone();
    let reserve = reserve(commitment, &panel, &mut rng);
    Ok(TicketDraw {
        ticket,
        panel,
        reserve,
    })
}

/// Builds the audit record (with its `audit_hash`).
pub fn audit_record(
    commitment: &Commitment,
    committed: bool,
    seed: &str,
    draw: &TicketDraw,
    outputs: &[(&str, &[u8])],
) -> AuditRecord {
    let hash = committed.then_some(commitment.commitment_hash.as_str());
    let mut r = AuditRecord {
        format: AUDIT_FORMAT.into(),
        commitment: commitment.clone(),
        committed_in_advance: committed,
        seed: seed.into(),
        key: draw_key_hex(hash, seed),
        ticket: draw.ticket,
        panel: draw.panel.clone(),
        reserve: draw.reserve.clone(),
        outputs: outputs
            .iter()
            .map(|(n, b)| (n.to_string(), sha256_hex(b)))
            .collect(),
        audit_hash: String::new(),
    };
    r.audit_hash = hash_without(&r, "audit_hash");
    r
}

/// Maps pseudonyms back to candidate indices (needs the salt and the inputs).
pub fn candidates_by_pseudonym(inst: &Instance, salt: &Salt) -> HashMap<String, usize> {
    pseudonyms(inst, salt)
        .0
        .into_iter()
        .enumerate()
        .map(|(c, p)| (p, c))
        .collect()
}
