//! Verifying a version-1 audit record (docs/AUDIT.md, appendix A): every check of that
//! version, one result per check.

use crate::input::instance::Instance;
use crate::input::panel_check::{Rules, Tally};
use crate::input::settings::Algorithm;
use crate::protocol::canonical::sha256_hex;
use crate::protocol::commitment::{self, candidates_by_pseudonym, Salt};
use crate::protocol::records::{read_strict, ReadProblem};
use crate::protocol::rng::{derive_key, SeededRng, PRACTICE_DRAW_TAG};
use crate::protocol::v1::records::{
    hash_without, AuditRecord, Commitment, Status, Volunteer, AUDIT_FORMAT, COMMITMENT_FORMAT,
};
use crate::protocol::verify::{fail, input_files, pass, skip, Check, CommittedRules, Extra};
use crate::select::Silent;
use crate::select::{self, legacy};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Domain tag of the key of a committed version-1 draw.
pub const DRAW_TAG: &str = "kleroterion/draw/v1";

/// The key of a version-1 draw: SHA-256(DRAW_TAG ‖ 0x00 ‖ commitment hash ‖ 0x00 ‖ seed) for
/// committed draws, SHA-256(PRACTICE_DRAW_TAG ‖ 0x00 ‖ seed) for practice draws.
pub fn draw_key(commitment_hash: Option<&str>, seed: &str) -> [u8; 32] {
    match commitment_hash {
        Some(h) => derive_key(DRAW_TAG, &[h.as_bytes(), seed.as_bytes()]),
        None => derive_key(PRACTICE_DRAW_TAG, &[seed.as_bytes()]),
    }
}

fn draw_key_hex(commitment_hash: Option<&str>, seed: &str) -> String {
    hex::encode(draw_key(commitment_hash, seed))
}

fn draw_rng(commitment_hash: Option<&str>, seed: &str) -> SeededRng {
    SeededRng::from_key(draw_key(commitment_hash, seed))
}

/// The version-1 reserve list: the candidates not on the panel and not sharing a household
/// with anyone on it (already-selected people included), in commitment order, shuffled.
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

/// Verifies the version-1 record `bytes`. Stops after the first failed check of the record's own
/// integrity (nothing after it could be trusted); otherwise runs every check.
pub fn verify(bytes: &[u8], extra: &Extra) -> Vec<Check> {
    let mut out = Vec::new();
    let record = match read_strict::<AuditRecord>(bytes) {
        Ok(r) if r.format == AUDIT_FORMAT && r.commitment.format == COMMITMENT_FORMAT => r,
        Ok(_) => {
            return vec![fail(
                "record format",
                format!("not a {AUDIT_FORMAT} record"),
            )]
        }
        Err(ReadProblem::Shape(e)) => {
            return vec![fail(
                "record format",
                format!("not a {AUDIT_FORMAT} record: {e}"),
            )]
        }
        Err(ReadProblem::NotCanonical) => {
            return vec![fail(
                "record format",
                "the record is not in canonical form (docs/AUDIT.md §1)",
            )]
        }
    };
    out.push(pass(
        "record format",
        format!("{AUDIT_FORMAT} (version 1: volunteers' values are public, the seed is free text)"),
    ));
    let c = &record.commitment;
    let audit_hash = hash_without(&record, "audit_hash");
    if record.audit_hash != audit_hash {
        out.push(fail(
            "audit hash",
            format!("the record hashes to {audit_hash}, not to its audit_hash"),
        ));
        return out;
    }
    out.push(pass("audit hash", audit_hash));
    let commitment_hash = hash_without(c, "commitment_hash");
    if c.commitment_hash != commitment_hash {
        out.push(fail(
            "commitment hash",
            format!("the commitment hashes to {commitment_hash}, not to its commitment_hash"),
        ));
        return out;
    }
    out.push(pass("commitment hash", commitment_hash.clone()));
    match extra.published {
        Some(p)
            if record.committed_in_advance && p.trim().eq_ignore_ascii_case(&commitment_hash) =>
        {
            out.push(pass(
                "published hash",
                format!("{commitment_hash} is the hash published"),
            ))
        }
        Some(_) => {
            out.push(fail(
                "published hash",
                "the record's commitment is not the one published",
            ));
            return out;
        }
        None => {}
    }
    let committed = record.committed_in_advance;
    let seed = record.seed.as_str();
    let key = draw_key_hex(committed.then_some(commitment_hash.as_str()), seed);
    if record.key != key {
        out.push(fail("seed → key", format!("the seed gives key {key}")));
        return out;
    }
    out.push(pass(
        "seed → key",
        if committed {
            "committed in advance".to_string()
        } else {
            "practice draw: NOT committed in advance".to_string()
        },
    ));
    let legacy = c.algorithm == Algorithm::Legacy.name();
    let panel = &record.panel;
    let m = u64::from(c.tickets);
    let mut rng = draw_rng(committed.then_some(commitment_hash.as_str()), seed);
    if legacy {
        // The re-run also moves the generator on to where the reserve list starts.
        out.push(legacy_rerun(panel, extra, &mut rng));
    } else {
        let ticket = rng.below(m.max(1)) + 1;
        if m == 0 || u64::from(record.ticket) != ticket || c.panels.len() as u64 != m {
            out.push(fail(
                "key → ticket",
                format!(
                    "the key draws ticket {ticket} of {m}, not {}",
                    record.ticket
                ),
            ));
            return out;
        }
        out.push(pass("key → ticket", format!("ticket {ticket} of {m}")));
        if &c.panels[ticket as usize - 1] != panel {
            out.push(fail(
                "ticket → panel",
                format!("ticket {ticket}'s committed panel differs from the record's panel"),
            ));
            return out;
        }
        out.push(pass("ticket → panel", format!("{} people", panel.len())));
    }
    if !legacy || extra.inputs.is_some() {
        let reserve = reserve(c, panel, &mut rng);
        if reserve != record.reserve {
            out.push(fail(
                "reserve list",
                "the generator gives another reserve order",
            ));
            return out;
        }
        out.push(pass(
            "reserve list",
            format!("{} people in order", reserve.len()),
        ));
    } else {
        out.push(skip(
            "reserve list",
            "a LEGACY draw's generator state needs the input files",
        ));
    }
    out.push(panels_meet_quotas(c, panel));
    out.push(ticket_counts(c));
    out.push(output_hashes(&record, extra.outputs_dir));
    out.extend(input_checks(c, extra));
    out
}

/// Re-runs a LEGACY draw from the input files with `rng` (which it advances) and, with the
/// salt, compares its panel with the recorded one.
fn legacy_rerun(panel: &[String], extra: &Extra, rng: &mut SeededRng) -> Check {
    const NAME: &str = "LEGACY re-run";
    let Some((_, inst)) = extra.inputs else {
        return skip(NAME, "needs the input files and the salt");
    };
    let drawn = match legacy::draw(inst, rng, inst.settings.max_attempts) {
        Ok(drawn) => drawn,
        Err(e) => return fail(NAME, e.to_string()),
    };
    let Some(salt) = extra.salt else {
        return skip(NAME, "needs the salt to compare the panel");
    };
    let mut names: Vec<String> = drawn
        .iter()
        .map(|&i| salt.pseudonym(&inst.pool.people[inst.candidates[i]].id))
        .collect();
    names.sort();
    if names == panel {
        pass(NAME, "the seed gives the same panel")
    } else {
        fail(NAME, "the seed gives another panel")
    }
}

/// Every committed panel (or the drawn LEGACY panel) fills the seats, meets every quota with
/// the already-selected people, and has at most one person per household.
fn panels_meet_quotas(c: &Commitment, drawn: &[String]) -> Check {
    const NAME: &str = "panels meet the quotas and household rule";
    let vols: HashMap<&str, &Volunteer> = c
        .volunteers
        .iter()
        .map(|v| (v.pseudonym.as_str(), v))
        .collect();
    // Each quota's feature, as a position in every volunteer's values.
    let mut quotas: Vec<(usize, &str)> = Vec::new();
    for q in &c.quotas {
        match c.features.iter().position(|f| *f == q.feature) {
            Some(f) => quotas.push((f, q.value.as_str())),
            None => {
                return fail(
                    NAME,
                    format!("a quota names the unknown feature {}", q.feature),
                )
            }
        }
    }
    let bounds: Vec<(u32, u32)> = c.quotas.iter().map(|q| (q.min, q.max)).collect();
    let name = |q: usize| format!("{} '{}'", c.quotas[q].feature, c.quotas[q].value);
    let already: Vec<&Volunteer> = c
        .volunteers
        .iter()
        .filter(|v| v.status == Status::AlreadySelected)
        .collect();
    let seats = c.seats_to_draw as usize;
    let drawn_only = [drawn.to_vec()];
    let panels: &[Vec<String>] = if c.panels.is_empty() {
        &drawn_only
    } else {
        &c.panels
    };
    for (i, p) in panels.iter().enumerate() {
        let label = if c.panels.is_empty() {
            "the drawn panel".to_string()
        } else {
            format!("ticket {}", i + 1)
        };
        let unique: HashSet<&String> = p.iter().collect();
        if p.len() != seats || unique.len() != seats {
            return fail(
                NAME,
                format!(
                    "{label} has {} distinct people for {seats} seats",
                    unique.len()
                ),
            );
        }
        let mut members: Vec<&Volunteer> = already.clone();
        for who in p {
            match vols.get(who.as_str()) {
                Some(v) if v.status == Status::Candidate => members.push(v),
                _ => return fail(NAME, format!("{label} names {who}, who is not a candidate")),
            }
        }
        // The members' quota rows, tallied against the committed ranges.
        let mut tally = Tally::new(quotas.len());
        for v in &members {
            let rows: Vec<usize> = (0..quotas.len())
                .filter(|&q| v.values.get(quotas[q].0).map(String::as_str) == Some(quotas[q].1))
                .collect();
            tally.add(&rows, 1);
        }
        if c.household_rule {
            let mut homes: HashMap<&str, usize> = HashMap::new();
            for h in members.iter().filter_map(|v| v.household.as_deref()) {
                *homes.entry(h).or_default() += 1;
            }
            tally.shared_households = homes.values().filter(|&&n| n > 1).count();
        }
        let broken = Rules {
            seats: members.len(),
            bounds: &bounds,
            name: &name,
        }
        .broken(&tally);
        if !broken.is_empty() {
            return fail(NAME, format!("{label}: {}", broken.join("; ")));
        }
    }
    pass(NAME, format!("{} panel(s) checked", panels.len()))
}

/// The published ticket counts are exactly those the panels imply.
fn ticket_counts(c: &Commitment) -> Check {
    const NAME: &str = "probabilities are the ticket counts";
    let m = c.tickets;
    if m == 0 {
        return skip(NAME, "a LEGACY draw has no lottery");
    }
    let mut count: HashMap<&str, u32> = HashMap::new();
    for p in &c.panels {
        for who in p {
            *count.entry(who.as_str()).or_default() += 1;
        }
    }
    for v in &c.volunteers {
        let expected = match v.status {
            Status::AlreadySelected => m,
            Status::Candidate => count.get(v.pseudonym.as_str()).copied().unwrap_or(0),
        };
        if v.tickets != Some(expected) {
            let published = v.tickets.map_or("no".to_string(), |t| t.to_string());
            return fail(
                NAME,
                format!(
                    "{} is published with {published} tickets but is on {expected} of {m}",
                    v.pseudonym
                ),
            );
        }
    }
    pass(
        NAME,
        format!("every volunteer's count of {m} tickets matches"),
    )
}

fn output_hashes(record: &AuditRecord, dir: Option<&Path>) -> Check {
    const NAME: &str = "output files";
    let Some(dir) = dir else {
        return skip(NAME, "no output folder given");
    };
    let mut checked = 0;
    for (name, hash) in &record.outputs {
        let path = dir.join(name);
        match std::fs::read(&path) {
            Ok(b) if *hash == sha256_hex(&b) => checked += 1,
            Ok(_) => return fail(NAME, format!("{name} does not match its recorded hash")),
            Err(_) => {}
        }
    }
    if checked == 0 {
        skip(
            NAME,
            format!("none of the output files is in {}", dir.display()),
        )
    } else {
        pass(NAME, format!("{checked} file(s) match"))
    }
}

/// What version 1 committed, rebuilt from the inputs: the quotas, household rule, seats and
/// every volunteer's pseudonym, order, status, values and household tag.
fn committed_facts(c: &Commitment, inst: &Instance, salt: &Salt) -> Result<String, String> {
    let differs = |field: &str| {
        Err(format!(
            "the committed {field} is not what the input files give"
        ))
    };
    CommittedRules {
        features: &c.features,
        quotas: &c.quotas,
        household_rule: c.household_rule,
        panel_size: c.panel_size,
        seats_to_draw: c.seats_to_draw,
    }
    .are_those_of(inst)?;
    let ours = commitment::openings(inst, salt);
    if ours.len() != c.volunteers.len() {
        return differs("number of volunteers");
    }
    let n = inst.n_candidates();
    for (i, (o, v)) in ours.iter().zip(&c.volunteers).enumerate() {
        let status = if i < n {
            Status::Candidate
        } else {
            Status::AlreadySelected
        };
        if o.pseudonym != v.pseudonym || status != v.status {
            return differs(&format!("volunteer {} (pseudonym, order or status)", i + 1));
        }
        if o.values != v.values || o.household != v.household {
            return differs(&format!("values or household of {}", v.pseudonym));
        }
    }
    Ok(format!(
        "{} volunteers, {} quotas and the household rule are the input files'",
        ours.len(),
        c.quotas.len()
    ))
}

fn input_checks(c: &Commitment, extra: &Extra) -> Vec<Check> {
    let Some((bytes, inst)) = extra.inputs else {
        return vec![skip(
            "input files",
            "give the input files (people, features, settings) to check them",
        )];
    };
    let mut out = vec![input_files(&c.inputs, bytes, inst)];
    let Some(salt) = extra.salt else {
        out.push(skip(
            "pseudonyms",
            "give the salt to match pseudonyms to the input files",
        ));
        return out;
    };
    let (cand, already) = commitment::pseudonyms(inst, salt);
    let published: HashSet<&str> = c.volunteers.iter().map(|v| v.pseudonym.as_str()).collect();
    let ours: HashSet<&str> = cand.iter().chain(&already).map(String::as_str).collect();
    out.push(if ours == published {
        pass(
            "pseudonyms",
            format!("{} volunteers match the input files", ours.len()),
        )
    } else {
        fail(
            "pseudonyms",
            "the salt and the input files give other pseudonyms",
        )
    });
    out.push(match committed_facts(c, inst, salt) {
        Ok(text) => pass("committed facts", text),
        Err(why) => fail("committed facts", why),
    });
    if !extra.resolve {
        return out;
    }
    let algorithm = match Algorithm::from_name(&c.algorithm) {
        Some(Algorithm::Legacy) | None => {
            out.push(skip("re-solve", "LEGACY has no probabilities to compare"));
            return out;
        }
        Some(a) => a,
    };
    let m = f64::from(c.tickets.max(1));
    match select::distribution(inst, algorithm, extra.backend, &mut Silent) {
        Ok(dist) => {
            // The record's own max_deviation is not trusted (a forger sets it to 1): the
            // allowance is this version's rounding deviation for the same distribution, at
            // least ROUNDING_ALLOWANCE tickets' worth.
            let tickets = std::num::NonZeroU32::new(c.tickets.max(1)).expect("at least 1");
            let ours = crate::lottery::Lottery::round(&dist, inst.n_candidates(), tickets);
            let tolerance = ours.max_deviation.max(ROUNDING_ALLOWANCE / m) + RESOLVE_TOLERANCE;
            let by_name = candidates_by_pseudonym(inst, salt);
            let mut worst: f64 = 0.0;
            for v in c.candidates() {
                let Some(&cand) = by_name.get(&v.pseudonym) else {
                    continue;
                };
                let published = f64::from(v.tickets.unwrap_or(0)) / m;
                worst = worst.max((published - dist.candidate_probability(cand)).abs());
            }
            out.push(if worst <= tolerance {
                pass(
                    "re-solve",
                    format!("largest difference {worst:.2e} within {tolerance:.2e}"),
                )
            } else {
                fail(
                    "re-solve",
                    format!("largest difference {worst:.2e} exceeds {tolerance:.2e}"),
                )
            });
        }
        Err(e) => out.push(fail("re-solve", e.to_string())),
    }
    out
}

/// Allowance on top of the rounding deviation when re-solving: the solver tolerances of two
/// runs (on possibly different machines) may differ this much.
pub(crate) const RESOLVE_TOLERANCE: f64 = 1e-5;

/// The least rounding allowance of a version-1 re-solve, in tickets: the lottery rounding of
/// the versions that wrote version 1 moved chances by up to 5.4 tickets' worth (the golden
/// records in audits/committed and audits/practice), twice that is allowed whatever the record claims.
const ROUNDING_ALLOWANCE: f64 = 11.0;
