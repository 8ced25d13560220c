//! Verifying an audit record: every check of docs/AUDIT.md §8, one result per check. Records
//! of version 1 go to [`crate::protocol::v1::verify`].

use crate::input::instance::{InputBytes, Instance};
use crate::input::settings::Algorithm;
use crate::protocol::canonical::sha256_hex;
use crate::protocol::commitment::{self, candidates_by_pseudonym, draw_key, draw_rng, seal, Salt};
use crate::protocol::draw;
use crate::protocol::records::{
    read_strict, AuditRecord, Commitment, InputHashes, ObserverRecord, Opening, Quota, ReadProblem,
    Receipt, Status, AUDIT_FORMAT, COMMITMENT_FORMAT, OBSERVER_FORMAT, RECEIPT_FORMAT,
};
use crate::protocol::rng::SeededRng;
use crate::protocol::v1;
use crate::select::{legacy, Silent};
use crate::solve::Backend;
use std::collections::{HashMap, HashSet};
use std::num::NonZeroU32;
use std::path::Path;

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The check passed; the text says what was found.
    Passed(String),
    /// The check failed; the text says why.
    Failed(String),
    /// The check could not run without more inputs; the text says which.
    Skipped(String),
}

impl Outcome {
    /// Whether the check failed.
    pub fn is_failure(&self) -> bool {
        matches!(self, Outcome::Failed(_))
    }
}

/// One named check and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What was checked.
    pub name: &'static str,
    /// The outcome.
    pub outcome: Outcome,
}

/// What a verification may use besides the record.
#[derive(Default)]
pub struct Extra<'a> {
    /// The folder holding the draw's private output files (selected.csv, ...).
    pub outputs_dir: Option<&'a Path>,
    /// The input files and the instance read from them (with the committed panel size).
    pub inputs: Option<(&'a InputBytes, &'a Instance)>,
    /// The private salt (lets pseudonyms be matched to the input files).
    pub salt: Option<&'a Salt>,
    /// Re-run the algorithm and require the identical lottery.
    pub resolve: bool,
    /// The solvers for `resolve`.
    pub backend: Backend,
    /// The commitment hash the organiser published before the seed.
    pub published: Option<&'a str>,
    /// observer.json: every volunteer's opening.
    pub observer: Option<&'a [u8]>,
    /// One volunteer's receipt.
    pub receipt: Option<&'a [u8]>,
    /// The earlier round's audit record, for a replacement round.
    pub earlier: Option<&'a [u8]>,
}

pub(crate) fn pass(name: &'static str, text: impl Into<String>) -> Check {
    Check {
        name,
        outcome: Outcome::Passed(text.into()),
    }
}

pub(crate) fn fail(name: &'static str, text: impl Into<String>) -> Check {
    Check {
        name,
        outcome: Outcome::Failed(text.into()),
    }
}

pub(crate) fn skip(name: &'static str, text: impl Into<String>) -> Check {
    Check {
        name,
        outcome: Outcome::Skipped(text.into()),
    }
}

/// The `format` field of a record, if it has one.
fn format_of(bytes: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    v["format"].as_str().map(str::to_string)
}

/// Verifies the record `bytes`. Stops after the first failed check of the record's own
/// integrity (nothing after it could be trusted); otherwise runs every check.
pub fn verify(bytes: &[u8], extra: &Extra) -> Vec<Check> {
    if format_of(bytes).as_deref() == Some(v1::records::AUDIT_FORMAT) {
        return v1::verify::verify(bytes, extra);
    }
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
    let mut out = vec![pass("record format", AUDIT_FORMAT)];
    if let Err(c) = integrity(&record, extra, &mut out) {
        out.push(c);
        return out;
    }
    let c = &record.commitment;
    out.push(panels_meet_quotas(&record));
    out.push(ticket_counts(c));
    out.push(output_files(&record, extra));
    out.push(observer(&record, extra.observer));
    out.push(receipt(&record, extra.receipt));
    if record.commitment.replaced().is_some() || extra.earlier.is_some() {
        out.push(replacement_chain(&record, extra.earlier));
    }
    out.extend(input_checks(&record, extra));
    out
}

/// The checks that chain the record together, in order; the first failure ends them.
fn integrity(record: &AuditRecord, extra: &Extra, out: &mut Vec<Check>) -> Result<(), Check> {
    let c = &record.commitment;
    let audit_hash = record.hash();
    if record.audit_hash != audit_hash {
        return Err(fail(
            "audit hash",
            format!("the record hashes to {audit_hash}, not to its audit_hash"),
        ));
    }
    out.push(pass("audit hash", audit_hash));
    let committed = record.committed_in_advance;
    let hash = c.hash(committed);
    if c.commitment_hash != hash {
        return Err(fail(
            "commitment hash",
            format!(
                "the {} hashes to {hash}, not to its commitment_hash",
                if committed {
                    "commitment"
                } else {
                    "practice commitment"
                }
            ),
        ));
    }
    out.push(pass("commitment hash", hash.clone()));
    out.push(match (extra.published, committed) {
        (Some(p), true) if p.trim().eq_ignore_ascii_case(&hash) => {
            pass("published hash", format!("{hash} is the hash published"))
        }
        (Some(p), true) => {
            return Err(fail(
                "published hash",
                format!("the record's commitment is {hash}, not the published {}", p.trim()),
            ))
        }
        (Some(_), false) => {
            return Err(fail(
                "published hash",
                "a practice draw's commitment was never published",
            ))
        }
        (None, true) => skip(
            "published hash",
            "give --published HASH, the hash announced before the seed, to check that this is that commitment",
        ),
        (None, false) => skip("published hash", "a practice draw is not committed in advance"),
    });
    let source = &c.seed_source;
    let legacy = c.algorithm == Algorithm::Legacy.name();
    if !source.is_canonical(&record.seed) {
        return Err(fail(
            "seed source",
            match source.canonical_seed(&record.seed) {
                Ok(canonical) => format!("the seed must be written {canonical:?}"),
                Err(e) => e.to_string(),
            },
        ));
    }
    if !legacy {
        if let Err(e) = source.check_outcomes(c.tickets) {
            return Err(fail("seed source", e.to_string()));
        }
    }
    out.push(if source.is_structured() {
        pass("seed source", source.to_string())
    } else {
        pass(
            "seed source",
            format!("{source} — WEAKER: free text has many spellings of one event"),
        )
    });
    let key = hex::encode(draw_key(&hash, committed, &record.seed));
    if record.key != key {
        return Err(fail("seed → key", format!("the seed gives key {key}")));
    }
    out.push(pass(
        "seed → key",
        if committed {
            "committed in advance"
        } else {
            "practice draw: NOT committed in advance"
        },
    ));
    let mut rng = draw_rng(&hash, committed, &record.seed);
    let panel = &record.panel;
    if legacy {
        if record.ticket != 0 || !c.panels.is_empty() {
            return Err(fail("key → ticket", "a LEGACY draw has no tickets"));
        }
        // The re-run also moves the generator on to where the reserve list starts.
        let rerun = legacy_rerun(panel, extra, &mut rng);
        let ran = !matches!(rerun.outcome, Outcome::Skipped(_)) || extra.inputs.is_some();
        if rerun.outcome.is_failure() {
            return Err(rerun);
        }
        out.push(rerun);
        if !ran {
            out.push(skip(
                "reserve list",
                "a LEGACY draw's generator state needs the input files",
            ));
            return Ok(());
        }
    } else {
        let m = c.tickets;
        let ticket = rng.below(u64::from(m.max(1))) + 1;
        if m == 0 || u64::from(record.ticket) != ticket || c.panels.len() != m as usize {
            return Err(fail(
                "key → ticket",
                format!(
                    "the key draws ticket {ticket} of {m}, not {}",
                    record.ticket
                ),
            ));
        }
        out.push(pass("key → ticket", format!("ticket {ticket} of {m}")));
        let t = ticket as usize - 1;
        if &c.panels[t] != panel || c.panel_counts.get(t) != Some(&record.panel_counts) {
            return Err(fail(
                "ticket → panel",
                format!("ticket {ticket}'s committed panel or its counts differ from the record's"),
            ));
        }
        out.push(pass("ticket → panel", format!("{} people", panel.len())));
    }
    let reserve = commitment::reserve(c, panel, &mut rng);
    if reserve != record.reserve {
        return Err(fail(
            "reserve list",
            "the generator gives another reserve order",
        ));
    }
    out.push(pass(
        "reserve list",
        format!("{} people in order", reserve.len()),
    ));
    Ok(())
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

/// Every committed panel (or the drawn LEGACY panel) fills its seats with distinct
/// candidates, and its published counts meet every quota and account for every seat.
fn panels_meet_quotas(record: &AuditRecord) -> Check {
    const NAME: &str = "panels meet the quotas";
    let c = &record.commitment;
    let status: HashMap<&str, Status> = c
        .volunteers
        .iter()
        .map(|v| (v.pseudonym.as_str(), v.status))
        .collect();
    let seats = c.seats_to_draw as usize;
    let drawn = [record.panel.clone()];
    let drawn_counts = [record.panel_counts.clone()];
    let (panels, counts): (&[Vec<String>], &[Vec<u32>]) = if c.panels.is_empty() {
        (&drawn, &drawn_counts)
    } else {
        (&c.panels, &c.panel_counts)
    };
    if panels.len() != counts.len() {
        return fail(NAME, "there are not as many panel counts as panels");
    }
    for (i, (p, n)) in panels.iter().zip(counts).enumerate() {
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
        if let Some(who) = p
            .iter()
            .find(|w| status.get(w.as_str()) != Some(&Status::Candidate))
        {
            return fail(NAME, format!("{label} names {who}, who is not a candidate"));
        }
        if let Err(why) = counts_meet_quotas(c, n) {
            return fail(NAME, format!("{label}: {why}"));
        }
    }
    pass(NAME, format!("{} panel(s) checked", panels.len()))
}

/// A panel's counts: one per quota, each within its range, and per feature adding up to the
/// panel size (everyone has exactly one value of each feature).
fn counts_meet_quotas(c: &Commitment, counts: &[u32]) -> Result<(), String> {
    if counts.len() != c.quotas.len() {
        return Err(format!(
            "{} counts for {} quotas",
            counts.len(),
            c.quotas.len()
        ));
    }
    for (q, &n) in c.quotas.iter().zip(counts) {
        if n < q.min || n > q.max {
            return Err(format!(
                "{} '{}' has {n} seats, outside {}..{}",
                q.feature, q.value, q.min, q.max
            ));
        }
    }
    for f in &c.features {
        let total: u64 = c
            .quotas
            .iter()
            .zip(counts)
            .filter(|(q, _)| &q.feature == f)
            .map(|(_, &n)| u64::from(n))
            .sum();
        if total != u64::from(c.panel_size) {
            return Err(format!(
                "the counts of {f} add up to {total}, not {}",
                c.panel_size
            ));
        }
    }
    Ok(())
}

/// The published ticket counts are exactly those the panels imply.
fn ticket_counts(c: &Commitment) -> Check {
    const NAME: &str = "probabilities are the ticket counts";
    let m = c.tickets;
    if m == 0 {
        return if c.volunteers.iter().all(|v| v.tickets.is_none()) && c.panels.is_empty() {
            skip(NAME, "a LEGACY draw has no lottery")
        } else {
            fail(
                NAME,
                "a record without tickets names ticket counts or panels",
            )
        };
    }
    let mut count: HashMap<&str, u32> = HashMap::new();
    for p in &c.panels {
        for who in p {
            *count.entry(who.as_str()).or_default() += 1;
        }
    }
    let mut seen = HashSet::new();
    for v in &c.volunteers {
        if !seen.insert(v.pseudonym.as_str()) {
            return fail(NAME, format!("{} is listed twice", v.pseudonym));
        }
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

/// The private outputs a draw writes and its record lists.
pub fn expected_outputs(lottery: bool) -> &'static [&'static str] {
    if lottery {
        &["probabilities.csv", "remaining.csv", "selected.csv"]
    } else {
        &["remaining.csv", "selected.csv"]
    }
}

/// The output list names exactly the draw's files; those in the folder match their hashes
/// and say what the record says.
fn output_files(record: &AuditRecord, extra: &Extra) -> Check {
    const NAME: &str = "output files";
    let c = &record.commitment;
    let names: Vec<&str> = record.outputs.keys().map(String::as_str).collect();
    if names != expected_outputs(c.tickets > 0) {
        return fail(
            NAME,
            format!(
                "the record lists {:?}, not the draw's files {:?}",
                names,
                expected_outputs(c.tickets > 0)
            ),
        );
    }
    let Some(dir) = extra.outputs_dir else {
        return skip(NAME, "no output folder given");
    };
    let mut checked = Vec::new();
    for (name, hash) in &record.outputs {
        let Ok(bytes) = std::fs::read(dir.join(name)) else {
            continue;
        };
        if *hash != sha256_hex(&bytes) {
            return fail(NAME, format!("{name} does not match its recorded hash"));
        }
        if let Err(why) = crate::results::check_output(name, &bytes, record, extra) {
            return fail(NAME, format!("{name}: {why}"));
        }
        checked.push(name.as_str());
    }
    if checked.is_empty() {
        skip(
            NAME,
            format!("none of the output files is in {}", dir.display()),
        )
    } else {
        pass(NAME, format!("{} match the record", checked.join(", ")))
    }
}

/// Reads an opening-bearing record of `format`, or says why not.
fn read_opening_record<T: serde::Serialize + for<'de> serde::Deserialize<'de>>(
    bytes: &[u8],
    format: &str,
    what: &str,
) -> Result<T, String> {
    read_strict::<T>(bytes).map_err(|p| match p {
        ReadProblem::Shape(e) => format!("not {what} ({format}): {e}"),
        ReadProblem::NotCanonical => format!("the {what} is not in canonical form"),
    })
}

/// An opening is the one its seal in the commitment seals, with one known value per feature.
fn opening_fits(c: &Commitment, o: &Opening, sealed: &str) -> Result<(), String> {
    if seal(o) != sealed {
        return Err(format!(
            "the opening of {} does not match its seal",
            o.pseudonym
        ));
    }
    if o.values.len() != c.features.len() {
        return Err(format!(
            "{} has {} values for {} features",
            o.pseudonym,
            o.values.len(),
            c.features.len()
        ));
    }
    for (f, v) in c.features.iter().zip(&o.values) {
        if !c.quotas.iter().any(|q| &q.feature == f && &q.value == v) {
            return Err(format!("{} has {f} '{v}', which has no quota", o.pseudonym));
        }
    }
    Ok(())
}

/// With observer.json: every seal opens, the counts of every panel are those of its members
/// and, with the household rule, no panel seats two people of one household.
fn observer(record: &AuditRecord, bytes: Option<&[u8]>) -> Check {
    const NAME: &str = "observer record";
    let Some(bytes) = bytes else {
        return skip(
            NAME,
            "an observer's record (observer.json) checks every panel's counts and households",
        );
    };
    let c = &record.commitment;
    let o: ObserverRecord = match read_opening_record(bytes, OBSERVER_FORMAT, "an observer record")
    {
        Ok(o) => o,
        Err(why) => return fail(NAME, why),
    };
    if o.format != OBSERVER_FORMAT || o.commitment_hash != c.commitment_hash {
        return fail(NAME, "it belongs to another commitment");
    }
    if o.openings.len() != c.volunteers.len() {
        return fail(
            NAME,
            format!(
                "{} openings for {} volunteers",
                o.openings.len(),
                c.volunteers.len()
            ),
        );
    }
    for (op, v) in o.openings.iter().zip(&c.volunteers) {
        if op.pseudonym != v.pseudonym {
            return fail(
                NAME,
                format!(
                    "the openings are not in the commitment's order at {}",
                    v.pseudonym
                ),
            );
        }
        if let Err(why) = opening_fits(c, op, &v.seal) {
            return fail(NAME, why);
        }
    }
    let by_name: HashMap<&str, &Opening> = o
        .openings
        .iter()
        .map(|op| (op.pseudonym.as_str(), op))
        .collect();
    let stays: Vec<&Opening> = o
        .openings
        .iter()
        .zip(&c.volunteers)
        .filter(|(_, v)| v.status == Status::AlreadySelected)
        .map(|(op, _)| op)
        .collect();
    let drawn = [(&record.panel, &record.panel_counts)];
    let panels: Vec<(&Vec<String>, &Vec<u32>)> = if c.panels.is_empty() {
        drawn.to_vec()
    } else {
        c.panels.iter().zip(&c.panel_counts).collect()
    };
    for (i, (panel, counts)) in panels.into_iter().enumerate() {
        let mut members: Vec<&Opening> = stays.clone();
        members.extend(
            panel
                .iter()
                .filter_map(|p| by_name.get(p.as_str()).copied()),
        );
        let mut tally = vec![0u32; c.quotas.len()];
        for m in &members {
            for (f, v) in c.features.iter().zip(&m.values) {
                if let Some(q) = c
                    .quotas
                    .iter()
                    .position(|q| &q.feature == f && &q.value == v)
                {
                    tally[q] += 1;
                }
            }
        }
        if &tally != counts {
            return fail(
                NAME,
                format!(
                    "panel {}'s published counts are not those of its members",
                    i + 1
                ),
            );
        }
        if c.household_rule {
            let mut homes = HashSet::new();
            if members
                .iter()
                .filter_map(|m| m.household.as_deref())
                .any(|h| !homes.insert(h))
            {
                return fail(
                    NAME,
                    format!("panel {} seats two people of one household", i + 1),
                );
            }
        }
    }
    pass(
        NAME,
        format!(
            "{} seals open; every panel's counts are its members'",
            o.openings.len()
        ),
    )
}

/// A replacement round: its dropouts are nobody of this round; with the earlier round's record,
/// the stays are exactly that panel minus the dropouts, and nobody from it can be drawn.
fn replacement_chain(record: &AuditRecord, earlier: Option<&[u8]>) -> Check {
    const NAME: &str = "replacement round";
    let c = &record.commitment;
    let Some(r) = c.replaced() else {
        return fail(NAME, "the record is not a replacement round");
    };
    let mut sorted = r.dropouts.clone();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted != r.dropouts {
        return fail(NAME, "the dropouts are not sorted and distinct");
    }
    let dropouts: HashSet<&str> = r.dropouts.iter().map(String::as_str).collect();
    if let Some(v) = c
        .volunteers
        .iter()
        .find(|v| dropouts.contains(v.pseudonym.as_str()))
    {
        return fail(
            NAME,
            format!("the dropout {} is a volunteer of this round", v.pseudonym),
        );
    }
    let Some(bytes) = earlier else {
        return skip(
            NAME,
            format!(
                "{} dropouts left out; give --earlier with the audit record {} to check the chain",
                r.dropouts.len(),
                r.audit_hash
            ),
        );
    };
    let before = match crate::protocol::replacement::read_earlier("the earlier record", bytes) {
        Ok(b) => b,
        Err(_) => {
            return fail(
                NAME,
                "the earlier record is not an intact version-2 audit record",
            )
        }
    };
    if before.audit_hash != r.audit_hash {
        return fail(
            NAME,
            format!(
                "the earlier record is {}, not the {} this round replaces",
                before.audit_hash, r.audit_hash
            ),
        );
    }
    let members = crate::protocol::replacement::members(&before);
    if let Some(d) = r.dropouts.iter().find(|d| !members.contains(d.as_str())) {
        return fail(
            NAME,
            format!("the dropout {d} was not on the earlier panel"),
        );
    }
    let stays: HashSet<&str> = c
        .volunteers
        .iter()
        .filter(|v| v.status == Status::AlreadySelected)
        .map(|v| v.pseudonym.as_str())
        .collect();
    let expected: HashSet<&str> = members.difference(&dropouts).copied().collect();
    if stays != expected {
        return fail(
            NAME,
            "the people who stay are not the earlier panel minus the dropouts",
        );
    }
    if let Some(v) = c
        .candidates()
        .find(|v| members.contains(v.pseudonym.as_str()))
    {
        return fail(
            NAME,
            format!(
                "{} from the earlier panel could be drawn again",
                v.pseudonym
            ),
        );
    }
    pass(
        NAME,
        format!(
            "{} stay from round {}, {} dropouts left out, nobody from that panel can be drawn",
            stays.len(),
            r.audit_hash,
            r.dropouts.len()
        ),
    )
}

/// With a receipt: the volunteer's own entry, as committed, and what the draw gave them.
fn receipt(record: &AuditRecord, bytes: Option<&[u8]>) -> Check {
    const NAME: &str = "receipt";
    let Some(bytes) = bytes else {
        return skip(NAME, "a volunteer's receipt checks their own entry");
    };
    let c = &record.commitment;
    let r: Receipt = match read_opening_record(bytes, RECEIPT_FORMAT, "a receipt") {
        Ok(r) => r,
        Err(why) => return fail(NAME, why),
    };
    if r.format != RECEIPT_FORMAT || r.commitment_hash != c.commitment_hash {
        return fail(NAME, "the receipt belongs to another commitment");
    }
    let o = &r.opening;
    let Some(v) = c.volunteers.iter().find(|v| v.pseudonym == o.pseudonym) else {
        return fail(
            NAME,
            format!("{} is not a volunteer of this draw", o.pseudonym),
        );
    };
    if let Err(why) = opening_fits(c, o, &v.seal) {
        return fail(NAME, why);
    }
    let values: Vec<String> = c
        .features
        .iter()
        .zip(&o.values)
        .map(|(f, v)| format!("{f} {v}"))
        .collect();
    let chance = match v.tickets {
        Some(t) => format!("chance {t} of {} tickets", c.tickets),
        None => "LEGACY: no lottery".into(),
    };
    let outcome = if v.status == Status::AlreadySelected {
        "already on the panel".to_string()
    } else if record.panel.contains(&o.pseudonym) {
        "DRAWN for the panel".to_string()
    } else {
        match record.reserve.iter().position(|p| *p == o.pseudonym) {
            Some(r) => format!("not drawn, reserve rank {}", r + 1),
            None => "not drawn".to_string(),
        }
    };
    pass(
        NAME,
        format!(
            "{}: {}; {chance}; {outcome}",
            o.pseudonym,
            values.join(", ")
        ),
    )
}

/// With the input files: their hashes; with the salt too, every committed fact rebuilt from
/// them; with `resolve`, the lottery computed again.
fn input_checks(record: &AuditRecord, extra: &Extra) -> Vec<Check> {
    let c = &record.commitment;
    let Some((bytes, inst)) = extra.inputs else {
        return vec![skip(
            "input files",
            "give the input files (people, features, settings) to check them",
        )];
    };
    let mut out = Vec::new();
    let bad = commitment::input_hashes(bytes, inst).differences(&c.inputs);
    out.push(if bad.is_empty() {
        pass(
            "input files",
            "every input file hashes to its committed value",
        )
    } else {
        fail(
            "input files",
            format!("{} differ(s) from the committed file", bad.join(", ")),
        )
    });
    let Some(salt) = extra.salt else {
        out.push(skip(
            "committed facts",
            "give the salt to rebuild the commitment from the input files",
        ));
        return out;
    };
    out.push(match committed_facts(c, inst, salt) {
        Ok(text) => pass("committed facts", text),
        Err(why) => fail("committed facts", why),
    });
    if extra.resolve {
        out.push(resolve(c, inst, salt, extra.backend));
    }
    out
}

/// The committed rules, as both versions of the record state them.
pub(crate) struct CommittedRules<'a> {
    pub features: &'a [String],
    pub quotas: &'a [Quota],
    pub household_rule: bool,
    pub panel_size: u32,
    pub seats_to_draw: u32,
}

impl CommittedRules<'_> {
    /// Whether the rules are those the input files give; else which one is not.
    pub(crate) fn are_those_of(&self, inst: &Instance) -> Result<(), String> {
        let differs = |field: &str| {
            Err(format!(
                "the committed {field} is not what the input files give"
            ))
        };
        let features: Vec<&str> = inst
            .quotas
            .features
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        if self.features != features {
            return differs("features");
        }
        if self.quotas != commitment::quotas(inst) {
            return differs("quotas");
        }
        if self.household_rule != inst.settings.check_same_address {
            return differs("household rule");
        }
        if self.panel_size as usize != inst.panel_size || self.seats_to_draw as usize != inst.seats
        {
            return differs("panel size or seats");
        }
        Ok(())
    }
}

/// The input files hash to the committed values (check "input files").
pub(crate) fn input_files(committed: &InputHashes, bytes: &InputBytes, inst: &Instance) -> Check {
    let bad = commitment::input_hashes(bytes, inst).differences(committed);
    if bad.is_empty() {
        pass(
            "input files",
            "every input file hashes to its committed value",
        )
    } else {
        fail(
            "input files",
            format!("{} differ(s) from the committed file", bad.join(", ")),
        )
    }
}

/// Rebuilds from the inputs what prepare committed and compares every field.
fn committed_facts(c: &Commitment, inst: &Instance, salt: &Salt) -> Result<String, String> {
    let differs = |field: &str| {
        Err(format!(
            "the committed {field} is not what the input files give"
        ))
    };
    let rules = CommittedRules {
        features: &c.features,
        quotas: &c.quotas,
        household_rule: c.household_rule,
        panel_size: c.panel_size,
        seats_to_draw: c.seats_to_draw,
    };
    rules.are_those_of(inst)?;
    if c.pool_size as usize != inst.pool.people.len() {
        return differs("pool size");
    }
    if c.skipped() != inst.pool.skipped {
        return differs("list of rows read over");
    }
    let ours = commitment::volunteers(inst, salt);
    if ours.len() != c.volunteers.len() {
        return differs("number of volunteers");
    }
    for (i, (a, b)) in ours.iter().zip(&c.volunteers).enumerate() {
        if a.pseudonym != b.pseudonym {
            return differs(&format!("volunteer {} (pseudonym or order)", i + 1));
        }
        if a.status != b.status {
            return differs(&format!("status of {}", a.pseudonym));
        }
        if a.seal != b.seal {
            return differs(&format!("values or household of {}", a.pseudonym));
        }
    }
    let by_name = candidates_by_pseudonym(inst, salt);
    for (i, (p, n)) in c.panels.iter().zip(&c.panel_counts).enumerate() {
        let members: Option<Vec<usize>> = p.iter().map(|w| by_name.get(w).copied()).collect();
        match members {
            Some(m) if commitment::panel_counts(inst, &m) == *n => {}
            _ => return differs(&format!("counts of panel {}", i + 1)),
        }
    }
    Ok(format!(
        "{} volunteers, {} quotas, the household rule and {} panels' counts are the input files'",
        ours.len(),
        c.quotas.len(),
        c.panels.len()
    ))
}

/// Computes the lottery again and requires the identical ticket counts: the solvers are
/// deterministic, so the same inputs give the same lottery whatever the record claims.
fn resolve(c: &Commitment, inst: &Instance, salt: &Salt, backend: Backend) -> Check {
    const NAME: &str = "re-solve";
    let algorithm = match Algorithm::from_name(&c.algorithm) {
        Some(Algorithm::Legacy) => return skip(NAME, "LEGACY has no lottery to recompute"),
        None => return fail(NAME, "the record names an unknown algorithm"),
        Some(a) => a,
    };
    let Some(m) = NonZeroU32::new(c.tickets) else {
        return fail(NAME, "the record has no tickets");
    };
    let lottery = match draw::lottery(inst, algorithm, backend, m, &mut Silent) {
        Ok(Some(l)) => l,
        Ok(None) => return fail(NAME, "no lottery was computed"),
        Err(e) => return fail(NAME, e.to_string()),
    };
    let by_name = candidates_by_pseudonym(inst, salt);
    for v in c.candidates() {
        let Some(&cand) = by_name.get(&v.pseudonym) else {
            return fail(NAME, format!("{} is not in the input files", v.pseudonym));
        };
        if v.tickets != Some(lottery.tickets_of[cand]) {
            return fail(
                NAME,
                format!(
                    "{} has {} tickets in the record, {} when computed again",
                    v.pseudonym,
                    v.tickets.unwrap_or(0),
                    lottery.tickets_of[cand]
                ),
            );
        }
    }
    let names: Vec<String> = {
        let mut n = vec![String::new(); inst.n_candidates()];
        for (p, &cand) in &by_name {
            n[cand] = p.clone();
        }
        n
    };
    for (t, p) in lottery.panels.iter().enumerate() {
        let mut ours: Vec<String> = p.iter().map(|&x| names[x].clone()).collect();
        ours.sort_unstable();
        if c.panels.get(t) != Some(&ours) {
            return fail(
                NAME,
                format!("ticket {}'s panel differs when computed again", t + 1),
            );
        }
    }
    let route = c.parameters.get("route").and_then(|r| r.as_str());
    if route != Some(lottery.method.name()) {
        return fail(
            NAME,
            format!(
                "the record names route {route:?}, the solver took {}",
                lottery.method.name()
            ),
        );
    }
    pass(
        NAME,
        format!(
            "the identical lottery: every volunteer's {m} tickets, route {}",
            lottery.method.name()
        ),
    )
}
