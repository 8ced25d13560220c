//! The audit protocol (DESIGN §4, docs/AUDIT.md): a commitment to everything before the seed
//! exists — sealed, so that it names nobody's personal data —, the seeded draw of one ticket,
//! and the record that lets anyone check the draw.

use crate::error::{CommitmentProblem, Error, Result};
use crate::input::instance::{InputBytes, Instance};
use crate::input::settings::{Algorithm, Rounding};
use crate::lottery::Lottery;
use crate::protocol::canonical::{canonical_csv, canonical_json, canonical_text, sha256_hex};
use crate::protocol::records::{
    AuditRecord, Commitment, FileHash, InputHashes, ObserverRecord, Opening, Quota, Receipt,
    Replaces, Status, Tool, Volunteer, OBSERVER_FORMAT, RECEIPT_FORMAT,
};
use crate::protocol::rng::{derive_key, SeededRng, PRACTICE_DRAW_TAG};
use crate::protocol::seed::SeedSource;
use crate::solve::Backend;
use rand_core::{OsRng, RngCore};
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};

pub use crate::protocol::records::{AUDIT_FORMAT, COMMITMENT_FORMAT};
/// Domain tag of the key of a draw from a published commitment.
pub const DRAW_TAG: &str = "kleroterion/draw/v2";
/// Domain tag of a volunteer's seal.
pub const SEAL_TAG: &str = "kleroterion/seal/v2";
/// Domain tag of a volunteer's nonce.
pub const NONCE_TAG: &str = "kleroterion/nonce/v2";
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

    /// A volunteer's nonce: SHA-256(NONCE_TAG ‖ 0x00 ‖ salt hex ‖ 0x00 ‖ id), 64 hex digits,
    /// so that the organiser can make their receipt again from the salt.
    pub fn nonce(&self, id: &str) -> String {
        hex::encode(derive_key(NONCE_TAG, &[self.0.as_bytes(), id.as_bytes()]))
    }
}

/// The file and canonical-content hashes of the inputs. The canonical content of a workbook
/// is that of the sheet the instance was read from (its name, `pool.xlsx:Sheet`, says which).
pub fn input_hashes(bytes: &InputBytes, inst: &Instance) -> InputHashes {
    let csv = |name: &str, b: &[u8]| FileHash {
        sha256: sha256_hex(b),
        canonical_sha256: canonical_csv(name, b).map(|c| sha256_hex(&c)),
    };
    let already_name = inst
        .already
        .as_ref()
        .map_or("already_selected", |a| a.file.as_str());
    InputHashes {
        people: csv(&inst.pool.file, &bytes.people),
        features: csv(&inst.quotas.file_name, &bytes.features),
        settings: bytes.settings.as_ref().map(|b| FileHash {
            sha256: sha256_hex(b),
            canonical_sha256: Some(sha256_hex(&canonical_text(b))),
        }),
        already_selected: bytes
            .already_selected
            .as_ref()
            .map(|b| csv(already_name, b)),
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

/// A volunteer's seal: SHA-256(SEAL_TAG ‖ 0x00 ‖ pseudonym ‖ 0x00 ‖ nonce ‖ 0x00 ‖ canonical
/// JSON of `{"household": tag or null, "values": [...]}`).
pub fn seal(o: &Opening) -> String {
    let sealed = json!({"household": o.household, "values": o.values});
    hex::encode(derive_key(
        SEAL_TAG,
        &[
            o.pseudonym.as_bytes(),
            o.nonce.as_bytes(),
            canonical_json(&sealed).as_bytes(),
        ],
    ))
}

/// Every volunteer's opening, in commitment order: candidates (people.csv order), then the
/// already-selected people.
pub fn openings(inst: &Instance, salt: &Salt) -> Vec<Opening> {
    let opening = |p: &crate::input::people::Person| Opening {
        pseudonym: salt.pseudonym(&p.id),
        nonce: salt.nonce(&p.id),
        values: p
            .values
            .iter()
            .map(|&v| inst.quotas.values[v].name.clone())
            .collect(),
        household: p.address.as_deref().map(|a| salt.household(a)),
    };
    inst.candidates
        .iter()
        .map(|&i| opening(&inst.pool.people[i]))
        .chain(inst.already.iter().flat_map(|a| &a.people).map(opening))
        .collect()
}

/// The seats per quota (in quota order) of a panel: the drawn candidates and the
/// already-selected people.
pub fn panel_counts(inst: &Instance, drawn: &[usize]) -> Vec<u32> {
    let mut counts = vec![0u32; inst.quotas.values.len()];
    let members = drawn
        .iter()
        .map(|&c| &inst.pool.people[inst.candidates[c]])
        .chain(inst.already.iter().flat_map(|a| &a.people));
    for p in members {
        for &v in &p.values {
            counts[v] += 1;
        }
    }
    counts
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
    /// How the seed will be produced.
    pub seed_source: &'a SeedSource,
    /// Whether it is to be published before the seed (false for a practice draw).
    pub committed: bool,
    /// The earlier round, for a replacement round.
    pub replaces: Option<&'a Replaces>,
    /// UNIFORM: the number of panels that meet the quotas, in decimal.
    pub panel_count: Option<&'a str>,
}

/// What a commitment says about the people: the volunteers (pseudonym, seal, status; no
/// tickets yet) and the quotas, exactly as `prepare` builds them from the inputs. Verify
/// rebuilds it to compare with a record.
pub fn volunteers(inst: &Instance, salt: &Salt) -> Vec<Volunteer> {
    let n = inst.n_candidates();
    openings(inst, salt)
        .into_iter()
        .enumerate()
        .map(|(i, o)| Volunteer {
            seal: seal(&o),
            pseudonym: o.pseudonym,
            status: if i < n {
                Status::Candidate
            } else {
                Status::AlreadySelected
            },
            tickets: None,
        })
        .collect()
}

/// The committed quotas of an instance.
pub fn quotas(inst: &Instance) -> Vec<Quota> {
    inst.quotas
        .values
        .iter()
        .map(|q| Quota {
            feature: inst.quotas.features[q.feature].name.clone(),
            value: q.name.clone(),
            min: q.min,
            max: q.max,
        })
        .collect()
}

/// How pseudonyms and seals are made, in words (the commitment's `pseudonyms` field).
pub const PSEUDONYMS: &str = "pseudonym: first 16 hex digits of SHA-256(\"kleroterion/pseudonym/v1\" 0x00 salt 0x00 id); household tag likewise with \"kleroterion/household/v1\" and the normalised address; seal: SHA-256(\"kleroterion/seal/v2\" 0x00 pseudonym 0x00 nonce 0x00 canonical JSON of household and values)";

/// Builds the commitment (with its `commitment_hash`).
pub fn commitment(inst: &Instance, parts: &CommitmentParts) -> Commitment {
    let mut volunteers = volunteers(inst, parts.salt);
    let n = inst.n_candidates();
    if let Some(l) = parts.lottery {
        for (i, v) in volunteers.iter_mut().enumerate() {
            v.tickets = Some(if i < n { l.tickets_of[i] } else { l.m() });
        }
    }
    let pseudonyms: Vec<&str> = volunteers[..n]
        .iter()
        .map(|v| v.pseudonym.as_str())
        .collect();
    let lottery_panels = parts.lottery.map(|l| l.panels.as_slice()).unwrap_or(&[]);
    let panels: Vec<Vec<String>> = lottery_panels
        .iter()
        .map(|p| {
            let mut names: Vec<String> = p.iter().map(|&c| pseudonyms[c].to_string()).collect();
            names.sort_unstable();
            names
        })
        .collect();
    let mut c = Commitment {
        format: COMMITMENT_FORMAT.into(),
        tool: Tool {
            name: "kleroterion".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        algorithm: parts.algorithm.name().into(),
        parameters: parameters(parts, inst),
        solver: parts.backend.describe(),
        inputs: input_hashes(parts.bytes, inst),
        pool_size: inst.pool.people.len() as u32,
        skipped_rows: Some(inst.pool.skipped.clone()),
        panel_size: inst.panel_size as u32,
        seats_to_draw: inst.seats as u32,
        features: inst
            .quotas
            .features
            .iter()
            .map(|f| f.name.clone())
            .collect(),
        quotas: quotas(inst),
        household_rule: inst.settings.check_same_address,
        pseudonyms: PSEUDONYMS.into(),
        volunteers,
        tickets: parts.lottery.map(|l| l.m()).unwrap_or(0),
        panel_counts: lottery_panels
            .iter()
            .map(|p| panel_counts(inst, p))
            .collect(),
        panels,
        seed_source: parts.seed_source.clone(),
        replaces: Some(parts.replaces.cloned()),
        commitment_hash: String::new(),
    };
    c.commitment_hash = c.hash(parts.committed);
    c
}

fn parameters(parts: &CommitmentParts, inst: &Instance) -> Map<String, Value> {
    let gamma = inst.settings.gamma();
    let (algorithm, lottery) = (parts.algorithm, parts.lottery);
    use crate::select::leximin as lx;
    use crate::select::polytope as pt;
    let deviation =
        lottery.map(|l| (l.max_deviation * DEVIATION_DENOMINATOR as f64).round() as u64);
    let v = match algorithm {
        Algorithm::Legacy => json!({"draw": "LEGACY re-run from the seed"}),
        Algorithm::Uniform => json!({
            "draw": "uniform over every panel that meets the quotas, re-run from the seed",
            "panel_count": parts.panel_count,
            "state_budget": crate::select::uniform::STATE_BUDGET.to_string(),
        }),
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
            "walk": inst.walk.number(),
        }),
    };
    match v {
        Value::Object(mut map) => {
            // Stated only when not the default, so that records of herded lotteries stay
            // what every earlier version wrote.
            if let Some(l) = lottery.filter(|l| l.rounding != Rounding::Herding) {
                map.insert("rounding".into(), l.rounding.name().into());
            }
            if let Some(d) = lottery.and_then(|l| l.diversity) {
                map.insert(
                    "diversimax_combinations".into(),
                    d.combinations.to_string().into(),
                );
                map.insert("diversimax_spread".into(), format!("{:e}", d.spread).into());
                map.insert("diversimax_bound".into(), format!("{:e}", d.bound).into());
            }
            if algorithm == Algorithm::Goldilocks {
                use crate::select::goldilocks as gl;
                map.insert("goldilocks_gamma".into(), format!("{:e}", gamma).into());
                map.insert(
                    "goldilocks_gap".into(),
                    format!("{:e}", gl::GOLDILOCKS_GAP).into(),
                );
                map.insert(
                    "goldilocks_rounds".into(),
                    gl::GOLDILOCKS_ROUNDS.to_string().into(),
                );
            }
            map
        }
        _ => unreachable!("parameters are an object"),
    }
}

/// The key of a draw: SHA-256([`DRAW_TAG`] ‖ 0x00 ‖ commitment hash ‖ 0x00 ‖ seed) for a
/// published commitment; SHA-256([`PRACTICE_DRAW_TAG`] ‖ 0x00 ‖ seed) for a practice draw, as
/// in version 1, so that the same inputs and seed give the same practice panel in every
/// version (its commitment, made on the spot, names the tool's version).
pub fn draw_key(commitment_hash: &str, committed: bool, seed: &str) -> [u8; 32] {
    if committed {
        derive_key(DRAW_TAG, &[commitment_hash.as_bytes(), seed.as_bytes()])
    } else {
        derive_key(PRACTICE_DRAW_TAG, &[seed.as_bytes()])
    }
}

/// The generator of a draw.
pub fn draw_rng(commitment_hash: &str, committed: bool, seed: &str) -> SeededRng {
    SeededRng::from_key(draw_key(commitment_hash, committed, seed))
}

/// Pseudonyms of the reserve list: the candidates not on the panel, in the commitment's order,
/// shuffled by `rng` (Fisher–Yates, [`SeededRng::shuffle`]). Housemates of panel members stay
/// in it (the public record does not say who lives with whom); remaining.csv skips them.
pub fn reserve(commitment: &Commitment, panel: &[String], rng: &mut SeededRng) -> Vec<String> {
    let on_panel: HashSet<&str> = panel.iter().map(String::as_str).collect();
    let mut rest: Vec<String> = commitment
        .candidates()
        .filter(|v| !on_panel.contains(v.pseudonym.as_str()))
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
    let mut rng = draw_rng(&commitment.commitment_hash, committed, seed);
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
    panel_counts: Vec<u32>,
    outputs: &[(&str, &[u8])],
) -> AuditRecord {
    let mut r = AuditRecord {
        format: AUDIT_FORMAT.into(),
        commitment: commitment.clone(),
        committed_in_advance: committed,
        seed: seed.into(),
        key: hex::encode(draw_key(&commitment.commitment_hash, committed, seed)),
        ticket: draw.ticket,
        panel: draw.panel.clone(),
        panel_counts,
        reserve: draw.reserve.clone(),
        outputs: outputs
            .iter()
            .map(|(n, b)| (n.to_string(), sha256_hex(b)))
            .collect(),
        audit_hash: String::new(),
    };
    r.audit_hash = r.hash();
    r
}

/// The observer record of a commitment: every volunteer's opening.
pub fn observer_record(c: &Commitment, inst: &Instance, salt: &Salt) -> ObserverRecord {
    ObserverRecord {
        format: OBSERVER_FORMAT.into(),
        commitment_hash: c.commitment_hash.clone(),
        openings: openings(inst, salt),
    }
}

/// Every volunteer's receipt, with their id (for the organiser's mail merge), in commitment
/// order.
pub fn receipts(c: &Commitment, inst: &Instance, salt: &Salt) -> Vec<(String, Receipt)> {
    let ids = inst
        .candidates
        .iter()
        .map(|&i| &inst.pool.people[i])
        .chain(inst.already.iter().flat_map(|a| &a.people))
        .map(|p| p.id.clone());
    ids.zip(openings(inst, salt))
        .map(|(id, opening)| {
            (
                id,
                Receipt {
                    format: RECEIPT_FORMAT.into(),
                    commitment_hash: c.commitment_hash.clone(),
                    opening,
                },
            )
        })
        .collect()
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
