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
use crate::protocol::verify::{
    fail, input_files, panel_label, pass, plain, skip, Check, CommittedRules, Extra,
};
use crate::report::Said;
use crate::said;
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
                "check-record-format",
                said!("verify-not-format", format = AUDIT_FORMAT),
            )]
        }
        Err(ReadProblem::Shape(e)) => {
            return vec![fail(
                "check-record-format",
                said!("verify-not-format-because", format = AUDIT_FORMAT, why = e),
            )]
        }
        Err(ReadProblem::NotCanonical) => {
            return vec![fail("check-record-format", said!("verify-not-canonical"))]
        }
    };
    out.push(pass(
        "check-record-format",
        said!("verify-version-1", format = AUDIT_FORMAT),
    ));
    let c = &record.commitment;
    let audit_hash = hash_without(&record, "audit_hash");
    if record.audit_hash != audit_hash {
        out.push(fail(
            "check-audit-hash",
            said!("verify-audit-hash-differs", hash = audit_hash),
        ));
        return out;
    }
    out.push(pass("check-audit-hash", plain(audit_hash)));
    let commitment_hash = hash_without(c, "commitment_hash");
    if c.commitment_hash != commitment_hash {
        out.push(fail(
            "check-commitment-hash",
            said!("verify-commitment-hash-differs", hash = commitment_hash),
        ));
        return out;
    }
    out.push(pass("check-commitment-hash", plain(&commitment_hash)));
    match extra.published {
        Some(p)
            if record.committed_in_advance && p.trim().eq_ignore_ascii_case(&commitment_hash) =>
        {
            out.push(pass(
                "check-published-hash",
                said!("verify-published", hash = commitment_hash),
            ))
        }
        Some(_) => {
            out.push(fail(
                "check-published-hash",
                said!("verify-not-the-published"),
            ));
            return out;
        }
        None => {}
    }
    let committed = record.committed_in_advance;
    let seed = record.seed.as_str();
    let key = draw_key_hex(committed.then_some(commitment_hash.as_str()), seed);
    if record.key != key {
        out.push(fail(
            "check-seed-key",
            said!("verify-seed-gives-key", key = key),
        ));
        return out;
    }
    out.push(pass(
        "check-seed-key",
        match committed {
            true => said!("verify-committed-in-advance"),
            false => said!("verify-practice-not-in-advance"),
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
                "check-key-ticket",
                said!(
                    "verify-key-draws",
                    ticket = ticket,
                    tickets = m,
                    recorded = record.ticket
                ),
            ));
            return out;
        }
        out.push(pass(
            "check-key-ticket",
            said!("verify-ticket-of", ticket = ticket, tickets = m),
        ));
        if &c.panels[ticket as usize - 1] != panel {
            out.push(fail(
                "check-ticket-panel",
                said!("verify-ticket-panel-differs", ticket = ticket),
            ));
            return out;
        }
        out.push(pass(
            "check-ticket-panel",
            said!("verify-people", count = panel.len()),
        ));
    }
    if !legacy || extra.inputs.is_some() {
        let reserve = reserve(c, panel, &mut rng);
        if reserve != record.reserve {
            out.push(fail("check-reserve-list", said!("verify-reserve-differs")));
            return out;
        }
        out.push(pass(
            "check-reserve-list",
            said!("verify-people-in-order", count = reserve.len()),
        ));
    } else {
        out.push(skip(
            "check-reserve-list",
            said!("verify-legacy-needs-inputs"),
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
    const NAME: &str = "check-legacy-rerun";
    let Some((_, inst)) = extra.inputs else {
        return skip(NAME, said!("verify-needs-inputs-salt"));
    };
    let drawn = match legacy::draw(inst, rng, inst.settings.max_attempts) {
        Ok(drawn) => drawn,
        Err(e) => return fail(NAME, e.said()),
    };
    let Some(salt) = extra.salt else {
        return skip(NAME, said!("verify-needs-salt"));
    };
    let mut names: Vec<String> = drawn
        .iter()
        .map(|&i| salt.pseudonym(&inst.pool.people[inst.candidates[i]].id))
        .collect();
    names.sort();
    if names == panel {
        pass(NAME, said!("verify-same-panel"))
    } else {
        fail(NAME, said!("verify-another-panel"))
    }
}

/// Every committed panel (or the drawn LEGACY panel) fills the seats, meets every quota with
/// the already-selected people, and has at most one person per household.
fn panels_meet_quotas(c: &Commitment, drawn: &[String]) -> Check {
    const NAME: &str = "check-panels-meet-rules";
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
            None => return fail(NAME, said!("verify-unknown-feature", feature = q.feature)),
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
        let label = panel_label(c.panels.is_empty(), i);
        let unique: HashSet<&String> = p.iter().collect();
        if p.len() != seats || unique.len() != seats {
            let text = said!(
                "verify-distinct-for-seats",
                count = unique.len(),
                seats = seats
            );
            return fail(NAME, text.with("panel", label));
        }
        let mut members: Vec<&Volunteer> = already.clone();
        for who in p {
            match vols.get(who.as_str()) {
                Some(v) if v.status == Status::Candidate => members.push(v),
                _ => {
                    let text = said!("verify-names-non-candidate", who = who);
                    return fail(NAME, text.with("panel", label));
                }
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
            let text = said!("verify-panel-because").with("panel", label);
            return fail(NAME, text.with("why", plain(broken.join("; "))));
        }
    }
    pass(NAME, said!("verify-panels-checked", count = panels.len()))
}

/// The published ticket counts are exactly those the panels imply.
fn ticket_counts(c: &Commitment) -> Check {
    const NAME: &str = "check-ticket-counts";
    let m = c.tickets;
    if m == 0 {
        return skip(NAME, said!("verify-legacy-no-lottery"));
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
            let published = v.tickets.map_or("-".to_string(), |t| t.to_string());
            return fail(
                NAME,
                said!(
                    "verify-published-tickets",
                    who = v.pseudonym,
                    published = published,
                    expected = expected,
                    tickets = m
                ),
            );
        }
    }
    pass(NAME, said!("verify-tickets-match", tickets = m))
}

fn output_hashes(record: &AuditRecord, dir: Option<&Path>) -> Check {
    const NAME: &str = "check-output-files";
    let Some(dir) = dir else {
        return skip(NAME, said!("verify-no-output-folder"));
    };
    let mut checked = 0;
    for (name, hash) in &record.outputs {
        let path = dir.join(name);
        match std::fs::read(&path) {
            Ok(b) if *hash == sha256_hex(&b) => checked += 1,
            Ok(_) => return fail(NAME, said!("verify-file-hash-differs", file = name)),
            Err(_) => {}
        }
    }
    match checked {
        0 => skip(NAME, said!("verify-no-output-files", dir = dir.display())),
        n => pass(NAME, said!("verify-count-files-match", count = n)),
    }
}

/// What version 1 committed, rebuilt from the inputs: the quotas, household rule, seats and
/// every volunteer's pseudonym, order, status, values and household tag.
fn committed_facts(c: &Commitment, inst: &Instance, salt: &Salt) -> Result<Said, Said> {
    let differs = |field: &'static str| Err(said!("verify-committed-differs", field = field));
    let differs_at = |field: &'static str, at: &dyn std::fmt::Display| {
        Err(said!("verify-committed-differs-at", field = field, at = at))
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
        return differs("what-committed-volunteer-count");
    }
    let n = inst.n_candidates();
    for (i, (o, v)) in ours.iter().zip(&c.volunteers).enumerate() {
        let status = if i < n {
            Status::Candidate
        } else {
            Status::AlreadySelected
        };
        if o.pseudonym != v.pseudonym || status != v.status {
            return differs_at("what-committed-volunteer-status", &(i + 1));
        }
        if o.values != v.values || o.household != v.household {
            return differs_at("what-committed-values", &v.pseudonym);
        }
    }
    Ok(said!(
        "verify-facts-hold-v1",
        count = ours.len(),
        quotas = c.quotas.len()
    ))
}

fn input_checks(c: &Commitment, extra: &Extra) -> Vec<Check> {
    let Some((bytes, inst)) = extra.inputs else {
        return vec![skip("check-input-files", said!("verify-give-inputs"))];
    };
    let mut out = vec![input_files(&c.inputs, bytes, inst)];
    let Some(salt) = extra.salt else {
        out.push(skip(
            "check-pseudonyms",
            said!("verify-give-salt-pseudonyms"),
        ));
        return out;
    };
    let (cand, already) = commitment::pseudonyms(inst, salt);
    let published: HashSet<&str> = c.volunteers.iter().map(|v| v.pseudonym.as_str()).collect();
    let ours: HashSet<&str> = cand.iter().chain(&already).map(String::as_str).collect();
    out.push(if ours == published {
        pass(
            "check-pseudonyms",
            said!("verify-volunteers-match", count = ours.len()),
        )
    } else {
        fail("check-pseudonyms", said!("verify-other-pseudonyms"))
    });
    out.push(match committed_facts(c, inst, salt) {
        Ok(text) => pass("check-committed-facts", text),
        Err(why) => fail("check-committed-facts", why),
    });
    if !extra.resolve {
        return out;
    }
    let algorithm = match Algorithm::from_name(&c.algorithm) {
        Some(Algorithm::Legacy) | None => {
            out.push(skip(
                "check-re-solve",
                said!("verify-legacy-no-probabilities"),
            ));
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
                    "check-re-solve",
                    said!(
                        "verify-difference-within",
                        worst = format!("{worst:.2e}"),
                        tolerance = format!("{tolerance:.2e}")
                    ),
                )
            } else {
                fail(
                    "check-re-solve",
                    said!(
                        "verify-difference-exceeds",
                        worst = format!("{worst:.2e}"),
                        tolerance = format!("{tolerance:.2e}")
                    ),
                )
            });
        }
        Err(e) => out.push(fail("check-re-solve", e.said())),
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
