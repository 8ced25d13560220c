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
use crate::report::{Language, Said};
use crate::said;
use crate::select::polytope::WalkRevision;
use crate::select::Silent;
use crate::solve::Backend;
use std::collections::{HashMap, HashSet};
use std::num::NonZeroU32;
use std::path::Path;

/// The result of one check, with the sentence that says what was found, why it failed or
/// what it needs (said in any language through [`Said::sentence`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The check passed; the text says what was found.
    Passed(Said),
    /// The check failed; the text says why.
    Failed(Said),
    /// The check could not run without more inputs; the text says which.
    Skipped(Said),
}

impl Outcome {
    /// Whether the check failed.
    pub fn is_failure(&self) -> bool {
        matches!(self, Outcome::Failed(_))
    }

    /// What was found, why the check failed or what it needs.
    pub fn text(&self) -> &Said {
        match self {
            Outcome::Passed(t) | Outcome::Failed(t) | Outcome::Skipped(t) => t,
        }
    }
}

/// One named check and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What was checked: the catalogue id of its name (`check-…`).
    pub name: &'static str,
    /// The outcome.
    pub outcome: Outcome,
}

impl Check {
    /// The check's name in `language`.
    pub fn title(&self, language: Language) -> String {
        Said::new(self.name, &[]).sentence(language)
    }
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

pub(crate) fn pass(name: &'static str, text: Said) -> Check {
    Check {
        name,
        outcome: Outcome::Passed(text),
    }
}

pub(crate) fn fail(name: &'static str, text: Said) -> Check {
    Check {
        name,
        outcome: Outcome::Failed(text),
    }
}

pub(crate) fn skip(name: &'static str, text: Said) -> Check {
    Check {
        name,
        outcome: Outcome::Skipped(text),
    }
}

/// A sentence that is text as it is (a hash, a solver's or seed reader's own words).
pub(crate) fn plain(text: impl std::fmt::Display) -> Said {
    said!("verify-plain", text = text)
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
    let mut out = vec![pass("check-record-format", plain(AUDIT_FORMAT))];
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
            "check-audit-hash",
            said!("verify-audit-hash-differs", hash = audit_hash),
        ));
    }
    out.push(pass("check-audit-hash", plain(audit_hash)));
    let committed = record.committed_in_advance;
    let hash = c.hash(committed);
    if c.commitment_hash != hash {
        let text = match committed {
            true => said!("verify-commitment-hash-differs", hash = hash),
            false => said!("verify-practice-hash-differs", hash = hash),
        };
        return Err(fail("check-commitment-hash", text));
    }
    out.push(pass("check-commitment-hash", plain(&hash)));
    out.push(match (extra.published, committed) {
        (Some(p), true) if p.trim().eq_ignore_ascii_case(&hash) => pass(
            "check-published-hash",
            said!("verify-published", hash = hash),
        ),
        (Some(p), true) => {
            return Err(fail(
                "check-published-hash",
                said!("verify-not-published", hash = hash, published = p.trim()),
            ))
        }
        (Some(_), false) => {
            return Err(fail(
                "check-published-hash",
                said!("verify-practice-never-published"),
            ))
        }
        (None, true) => skip("check-published-hash", said!("verify-give-published")),
        (None, false) => skip(
            "check-published-hash",
            said!("verify-practice-not-committed"),
        ),
    });
    let source = &c.seed_source;
    let direct = Algorithm::from_name(&c.algorithm).filter(|a| a.draws_directly());
    let uniform = direct == Some(Algorithm::Uniform);
    if !source.is_canonical(&record.seed) {
        return Err(fail(
            "check-seed-source",
            match source.canonical_seed(&record.seed) {
                Ok(canonical) => said!("verify-seed-spelling", seed = format!("{canonical:?}")),
                Err(e) => plain(e),
            },
        ));
    }
    if direct.is_none() {
        if let Err(e) = source.check_outcomes(c.tickets) {
            return Err(fail("check-seed-source", plain(e)));
        }
    }
    out.push(if source.is_structured() {
        pass("check-seed-source", source.said())
    } else {
        pass(
            "check-seed-source",
            said!("verify-free-text-weaker").with("source", source.said()),
        )
    });
    let key = hex::encode(draw_key(&hash, committed, &record.seed));
    if record.key != key {
        return Err(fail(
            "check-seed-key",
            said!("verify-seed-gives-key", key = key),
        ));
    }
    out.push(pass(
        "check-seed-key",
        match committed {
            true => said!("verify-committed-in-advance"),
            false => said!("verify-practice-not-in-advance"),
        },
    ));
    let mut rng = draw_rng(&hash, committed, &record.seed);
    let panel = &record.panel;
    if let Some(algorithm) = direct {
        if record.ticket != 0 || !c.panels.is_empty() {
            let why = match uniform {
                true => said!("verify-uniform-no-tickets"),
                false => said!("verify-legacy-no-tickets"),
            };
            return Err(fail("check-key-ticket", why));
        }
        // The re-run also moves the generator on to where the reserve list starts.
        let rerun = rerun(algorithm, panel, extra, &mut rng);
        let ran = !matches!(rerun.outcome, Outcome::Skipped(_)) || extra.inputs.is_some();
        if rerun.outcome.is_failure() {
            return Err(rerun);
        }
        out.push(rerun);
        if !ran {
            let why = match uniform {
                true => said!("verify-uniform-needs-inputs"),
                false => said!("verify-legacy-needs-inputs"),
            };
            out.push(skip("check-reserve-list", why));
            return Ok(());
        }
    } else {
        let m = c.tickets;
        let ticket = rng.below(u64::from(m.max(1))) + 1;
        if m == 0 || u64::from(record.ticket) != ticket || c.panels.len() != m as usize {
            return Err(fail(
                "check-key-ticket",
                said!(
                    "verify-key-draws",
                    ticket = ticket,
                    tickets = m,
                    recorded = record.ticket
                ),
            ));
        }
        out.push(pass(
            "check-key-ticket",
            said!("verify-ticket-of", ticket = ticket, tickets = m),
        ));
        let t = ticket as usize - 1;
        if &c.panels[t] != panel || c.panel_counts.get(t) != Some(&record.panel_counts) {
            return Err(fail(
                "check-ticket-panel",
                said!("verify-ticket-panel-differs", ticket = ticket),
            ));
        }
        out.push(pass(
            "check-ticket-panel",
            said!("verify-people", count = panel.len()),
        ));
    }
    let reserve = commitment::reserve(c, panel, &mut rng);
    if reserve != record.reserve {
        return Err(fail("check-reserve-list", said!("verify-reserve-differs")));
    }
    out.push(pass(
        "check-reserve-list",
        said!("verify-people-in-order", count = reserve.len()),
    ));
    Ok(())
}

/// Re-runs a LEGACY or UNIFORM draw from the input files with `rng` (which it advances) and,
/// with the salt, compares its panel with the recorded one.
fn rerun(algorithm: Algorithm, panel: &[String], extra: &Extra, rng: &mut SeededRng) -> Check {
    let name = match algorithm {
        Algorithm::Uniform => "check-uniform-rerun",
        _ => "check-legacy-rerun",
    };
    let Some((_, inst)) = extra.inputs else {
        return skip(name, said!("verify-needs-inputs-salt"));
    };
    let drawn = match draw::draw_directly(inst, algorithm, rng) {
        Ok(drawn) => drawn,
        Err(e) => return fail(name, e.said()),
    };
    let Some(salt) = extra.salt else {
        return skip(name, said!("verify-needs-salt"));
    };
    let mut names: Vec<String> = drawn
        .iter()
        .map(|&i| salt.pseudonym(&inst.pool.people[inst.candidates[i]].id))
        .collect();
    names.sort();
    if names == panel {
        pass(name, said!("verify-same-panel"))
    } else {
        fail(name, said!("verify-another-panel"))
    }
}

/// Every committed panel (or the drawn LEGACY panel) fills its seats with distinct
/// candidates, and its published counts meet every quota and account for every seat.
fn panels_meet_quotas(record: &AuditRecord) -> Check {
    const NAME: &str = "check-panels-meet-quotas";
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
        return fail(NAME, said!("verify-counts-not-panels"));
    }
    for (i, (p, n)) in panels.iter().zip(counts).enumerate() {
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
        if let Some(who) = p
            .iter()
            .find(|w| status.get(w.as_str()) != Some(&Status::Candidate))
        {
            let text = said!("verify-names-non-candidate", who = who);
            return fail(NAME, text.with("panel", label));
        }
        if let Err(why) = counts_meet_quotas(c, n) {
            let text = said!("verify-panel-because").with("panel", label);
            return fail(NAME, text.with("why", why));
        }
    }
    pass(NAME, said!("verify-panels-checked", count = panels.len()))
}

/// "the drawn panel" (a LEGACY draw's, `drawn`) or "ticket N" for the `i`-th panel.
pub(crate) fn panel_label(drawn: bool, i: usize) -> Said {
    match drawn {
        true => said!("verify-the-drawn-panel"),
        false => said!("verify-ticket-n", ticket = i + 1),
    }
}

/// A panel's counts: one per quota, each within its range, and per feature adding up to the
/// panel size (everyone has exactly one value of each feature).
fn counts_meet_quotas(c: &Commitment, counts: &[u32]) -> Result<(), Said> {
    if counts.len() != c.quotas.len() {
        return Err(said!(
            "verify-counts-for-quotas",
            count = counts.len(),
            quotas = c.quotas.len()
        ));
    }
    for (q, &n) in c.quotas.iter().zip(counts) {
        if n < q.min || n > q.max {
            return Err(said!(
                "verify-seats-outside",
                feature = q.feature,
                value = q.value,
                seats = n,
                min = q.min,
                max = q.max
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
            return Err(said!(
                "verify-counts-add-up",
                feature = f,
                total = total,
                seats = c.panel_size
            ));
        }
    }
    Ok(())
}

/// The published ticket counts are exactly those the panels imply.
fn ticket_counts(c: &Commitment) -> Check {
    const NAME: &str = "check-ticket-counts";
    let m = c.tickets;
    if m == 0 {
        return if c.volunteers.iter().all(|v| v.tickets.is_none()) && c.panels.is_empty() {
            skip(
                NAME,
                match c.algorithm == Algorithm::Uniform.name() {
                    true => said!("verify-uniform-no-lottery"),
                    false => said!("verify-legacy-no-lottery"),
                },
            )
        } else {
            fail(NAME, said!("verify-no-tickets-but-counts"))
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
            return fail(NAME, said!("verify-listed-twice", who = v.pseudonym));
        }
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
    const NAME: &str = "check-output-files";
    let c = &record.commitment;
    let names: Vec<&str> = record.outputs.keys().map(String::as_str).collect();
    if names != expected_outputs(c.tickets > 0) {
        return fail(
            NAME,
            said!(
                "verify-lists-files",
                listed = names.join(", "),
                expected = expected_outputs(c.tickets > 0).join(", ")
            ),
        );
    }
    let Some(dir) = extra.outputs_dir else {
        return skip(NAME, said!("verify-no-output-folder"));
    };
    let mut checked = Vec::new();
    for (name, hash) in &record.outputs {
        let Ok(bytes) = std::fs::read(dir.join(name)) else {
            continue;
        };
        if *hash != sha256_hex(&bytes) {
            return fail(NAME, said!("verify-file-hash-differs", file = name));
        }
        if let Err(why) = crate::results::check_output(name, &bytes, record, extra) {
            return fail(
                NAME,
                said!("verify-file-because", file = name).with("why", why),
            );
        }
        checked.push(name.as_str());
    }
    match checked.is_empty() {
        true => skip(NAME, said!("verify-no-output-files", dir = dir.display())),
        false => pass(
            NAME,
            said!("verify-files-match", files = checked.join(", ")),
        ),
    }
}

/// Reads an opening-bearing record of `format`, or says why not; `what` is the message id
/// of what it is (`what-receipt`, ...).
fn read_opening_record<T: serde::Serialize + for<'de> serde::Deserialize<'de>>(
    bytes: &[u8],
    format: &str,
    what: &'static str,
) -> Result<T, Said> {
    read_strict::<T>(bytes).map_err(|p| match p {
        ReadProblem::Shape(e) => said!("verify-not-a", what = what, format = format, why = e),
        ReadProblem::NotCanonical => said!("verify-a-not-canonical", what = what),
    })
}

/// An opening is the one its seal in the commitment seals, with one known value per feature.
fn opening_fits(c: &Commitment, o: &Opening, sealed: &str) -> Result<(), Said> {
    if seal(o) != sealed {
        return Err(said!("verify-seal-differs", who = o.pseudonym));
    }
    if o.values.len() != c.features.len() {
        return Err(said!(
            "verify-values-for-features",
            who = o.pseudonym,
            count = o.values.len(),
            features = c.features.len()
        ));
    }
    for (f, v) in c.features.iter().zip(&o.values) {
        if !c.quotas.iter().any(|q| &q.feature == f && &q.value == v) {
            return Err(said!(
                "verify-value-no-quota",
                who = o.pseudonym,
                feature = f,
                value = v
            ));
        }
    }
    Ok(())
}

/// With observer.json: every seal opens, the counts of every panel are those of its members
/// and, with the household rule, no panel seats two people of one household.
fn observer(record: &AuditRecord, bytes: Option<&[u8]>) -> Check {
    const NAME: &str = "check-observer";
    let Some(bytes) = bytes else {
        return skip(NAME, said!("verify-observer-would-check"));
    };
    let c = &record.commitment;
    let o: ObserverRecord = match read_opening_record(bytes, OBSERVER_FORMAT, "what-observer") {
        Ok(o) => o,
        Err(why) => return fail(NAME, why),
    };
    if o.format != OBSERVER_FORMAT || o.commitment_hash != c.commitment_hash {
        return fail(
            NAME,
            said!("verify-another-commitment", what = "what-observer"),
        );
    }
    if o.openings.len() != c.volunteers.len() {
        return fail(
            NAME,
            said!(
                "verify-openings-for-volunteers",
                count = o.openings.len(),
                volunteers = c.volunteers.len()
            ),
        );
    }
    for (op, v) in o.openings.iter().zip(&c.volunteers) {
        if op.pseudonym != v.pseudonym {
            return fail(NAME, said!("verify-openings-order", who = v.pseudonym));
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
            return fail(NAME, said!("verify-counts-not-members", panel = i + 1));
        }
        if c.household_rule {
            let mut homes = HashSet::new();
            if members
                .iter()
                .filter_map(|m| m.household.as_deref())
                .any(|h| !homes.insert(h))
            {
                return fail(NAME, said!("verify-two-of-household", panel = i + 1));
            }
        }
    }
    pass(NAME, said!("verify-seals-open", count = o.openings.len()))
}

/// A replacement round: its dropouts are nobody of this round; with the earlier round's record,
/// the stays are exactly that panel minus the dropouts, and nobody from it can be drawn.
fn replacement_chain(record: &AuditRecord, earlier: Option<&[u8]>) -> Check {
    const NAME: &str = "check-replacement";
    let c = &record.commitment;
    let Some(r) = c.replaced() else {
        return fail(NAME, said!("verify-not-replacement"));
    };
    let mut sorted = r.dropouts.clone();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted != r.dropouts {
        return fail(NAME, said!("verify-dropouts-unsorted"));
    }
    let dropouts: HashSet<&str> = r.dropouts.iter().map(String::as_str).collect();
    if let Some(v) = c
        .volunteers
        .iter()
        .find(|v| dropouts.contains(v.pseudonym.as_str()))
    {
        return fail(NAME, said!("verify-dropout-volunteer", who = v.pseudonym));
    }
    let Some(bytes) = earlier else {
        return skip(
            NAME,
            said!(
                "verify-give-earlier",
                count = r.dropouts.len(),
                hash = r.audit_hash
            ),
        );
    };
    let before = match crate::protocol::replacement::read_earlier("the earlier record", bytes) {
        Ok(b) => b,
        Err(_) => return fail(NAME, said!("verify-earlier-not-intact")),
    };
    if before.audit_hash != r.audit_hash {
        return fail(
            NAME,
            said!(
                "verify-earlier-is-another",
                hash = before.audit_hash,
                replaced = r.audit_hash
            ),
        );
    }
    let members = crate::protocol::replacement::members(&before);
    if let Some(d) = r.dropouts.iter().find(|d| !members.contains(d.as_str())) {
        return fail(NAME, said!("verify-dropout-not-on-panel", who = d));
    }
    let stays: HashSet<&str> = c
        .volunteers
        .iter()
        .filter(|v| v.status == Status::AlreadySelected)
        .map(|v| v.pseudonym.as_str())
        .collect();
    let expected: HashSet<&str> = members.difference(&dropouts).copied().collect();
    if stays != expected {
        return fail(NAME, said!("verify-stays-differ"));
    }
    if let Some(v) = c
        .candidates()
        .find(|v| members.contains(v.pseudonym.as_str()))
    {
        return fail(NAME, said!("verify-drawn-again", who = v.pseudonym));
    }
    pass(
        NAME,
        said!(
            "verify-chain-holds",
            count = stays.len(),
            hash = r.audit_hash,
            dropouts = r.dropouts.len()
        ),
    )
}

/// With a receipt: the volunteer's own entry, as committed, and what the draw gave them.
fn receipt(record: &AuditRecord, bytes: Option<&[u8]>) -> Check {
    const NAME: &str = "check-receipt";
    let Some(bytes) = bytes else {
        return skip(NAME, said!("verify-receipt-would-check"));
    };
    let c = &record.commitment;
    let r: Receipt = match read_opening_record(bytes, RECEIPT_FORMAT, "what-receipt") {
        Ok(r) => r,
        Err(why) => return fail(NAME, why),
    };
    if r.format != RECEIPT_FORMAT || r.commitment_hash != c.commitment_hash {
        return fail(
            NAME,
            said!("verify-another-commitment", what = "what-receipt"),
        );
    }
    let o = &r.opening;
    let Some(v) = c.volunteers.iter().find(|v| v.pseudonym == o.pseudonym) else {
        return fail(NAME, said!("verify-not-volunteer", who = o.pseudonym));
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
        Some(t) => said!("verify-chance", count = t, tickets = c.tickets),
        None if c.algorithm == Algorithm::Uniform.name() => said!("verify-uniform-chance"),
        None => said!("verify-legacy-chance"),
    };
    let outcome = if v.status == Status::AlreadySelected {
        said!("verify-already-on-panel")
    } else if record.panel.contains(&o.pseudonym) {
        said!("verify-drawn")
    } else {
        match record.reserve.iter().position(|p| *p == o.pseudonym) {
            Some(r) => said!("verify-reserve-rank", rank = r + 1),
            None => said!("verify-not-drawn"),
        }
    };
    let entry = said!(
        "verify-entry",
        who = o.pseudonym,
        values = values.join(", ")
    );
    pass(NAME, entry.with("chance", chance).with("outcome", outcome))
}

/// With the input files: their hashes; with the salt too, every committed fact rebuilt from
/// them; with `resolve`, the lottery computed again.
fn input_checks(record: &AuditRecord, extra: &Extra) -> Vec<Check> {
    let c = &record.commitment;
    let Some((bytes, inst)) = extra.inputs else {
        return vec![skip("check-input-files", said!("verify-give-inputs"))];
    };
    let mut out = vec![input_files(&c.inputs, bytes, inst)];
    let Some(salt) = extra.salt else {
        out.push(skip("check-committed-facts", said!("verify-give-salt")));
        return out;
    };
    out.push(match committed_facts(c, inst, salt) {
        Ok(text) => pass("check-committed-facts", text),
        Err(why) => fail("check-committed-facts", why),
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
    pub(crate) fn are_those_of(&self, inst: &Instance) -> Result<(), Said> {
        let differs = |field: &'static str| Err(said!("verify-committed-differs", field = field));
        let features: Vec<&str> = inst
            .quotas
            .features
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        if self.features != features {
            return differs("what-committed-features");
        }
        if self.quotas != commitment::quotas(inst) {
            return differs("what-committed-quotas");
        }
        if self.household_rule != inst.settings.check_same_address {
            return differs("what-committed-household-rule");
        }
        if self.panel_size as usize != inst.panel_size || self.seats_to_draw as usize != inst.seats
        {
            return differs("what-committed-seats");
        }
        Ok(())
    }
}

/// The input files hash to the committed values (check "input files").
pub(crate) fn input_files(committed: &InputHashes, bytes: &InputBytes, inst: &Instance) -> Check {
    let bad = commitment::input_hashes(bytes, inst).differences(committed);
    match bad.is_empty() {
        true => pass("check-input-files", said!("verify-inputs-hash")),
        false => fail(
            "check-input-files",
            said!(
                "verify-inputs-differ",
                files = bad.join(", "),
                count = bad.len()
            ),
        ),
    }
}

/// Rebuilds from the inputs what prepare committed and compares every field.
fn committed_facts(c: &Commitment, inst: &Instance, salt: &Salt) -> Result<Said, Said> {
    let differs = |field: &'static str| Err(said!("verify-committed-differs", field = field));
    let differs_at = |field: &'static str, at: &dyn std::fmt::Display| {
        Err(said!("verify-committed-differs-at", field = field, at = at))
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
        return differs("what-committed-pool-size");
    }
    if c.skipped() != inst.pool.skipped {
        return differs("what-committed-skipped");
    }
    let ours = commitment::volunteers(inst, salt);
    if ours.len() != c.volunteers.len() {
        return differs("what-committed-volunteer-count");
    }
    for (i, (a, b)) in ours.iter().zip(&c.volunteers).enumerate() {
        if a.pseudonym != b.pseudonym {
            return differs_at("what-committed-volunteer", &(i + 1));
        }
        if a.status != b.status {
            return differs_at("what-committed-status", &a.pseudonym);
        }
        if a.seal != b.seal {
            return differs_at("what-committed-values", &a.pseudonym);
        }
    }
    let by_name = candidates_by_pseudonym(inst, salt);
    for (i, (p, n)) in c.panels.iter().zip(&c.panel_counts).enumerate() {
        let members: Option<Vec<usize>> = p.iter().map(|w| by_name.get(w).copied()).collect();
        match members {
            Some(m) if commitment::panel_counts(inst, &m) == *n => {}
            _ => return differs_at("what-committed-panel-counts", &(i + 1)),
        }
    }
    Ok(said!(
        "verify-facts-hold",
        count = ours.len(),
        quotas = c.quotas.len(),
        panels = c.panels.len()
    ))
}

/// Computes the lottery again and requires the identical ticket counts: the solvers are
/// deterministic, so the same inputs give the same lottery whatever the record claims.
fn resolve(c: &Commitment, inst: &Instance, salt: &Salt, backend: Backend) -> Check {
    const NAME: &str = "check-re-solve";
    let algorithm = match Algorithm::from_name(&c.algorithm) {
        Some(Algorithm::Legacy) => return skip(NAME, said!("verify-legacy-nothing-to-solve")),
        Some(Algorithm::Uniform) => return skip(NAME, said!("verify-uniform-nothing-to-solve")),
        None => return fail(NAME, said!("verify-unknown-algorithm")),
        Some(a) => a,
    };
    let Some(m) = NonZeroU32::new(c.tickets) else {
        return fail(NAME, said!("verify-no-tickets"));
    };
    // The walk the record names; records from before the revisions name none: the first.
    let mut inst = inst.clone();
    inst.walk = match c.parameters.get("walk") {
        None => WalkRevision::First,
        Some(w) => match w.as_u64().and_then(WalkRevision::from_number) {
            Some(w) => w,
            None => return fail(NAME, said!("verify-unknown-walk", walk = w.to_string())),
        },
    };
    let inst = &inst;
    let lottery = match draw::lottery(inst, algorithm, backend, m, &mut Silent) {
        Ok(Some(l)) => l,
        Ok(None) => return fail(NAME, said!("verify-no-lottery-computed")),
        Err(e) => return fail(NAME, e.said()),
    };
    let by_name = candidates_by_pseudonym(inst, salt);
    for v in c.candidates() {
        let Some(&cand) = by_name.get(&v.pseudonym) else {
            return fail(NAME, said!("verify-not-in-inputs", who = v.pseudonym));
        };
        if v.tickets != Some(lottery.tickets_of[cand]) {
            return fail(
                NAME,
                said!(
                    "verify-tickets-again",
                    who = v.pseudonym,
                    recorded = v.tickets.unwrap_or(0),
                    again = lottery.tickets_of[cand]
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
            return fail(NAME, said!("verify-panel-again", ticket = t + 1));
        }
    }
    let route = c.parameters.get("route").and_then(|r| r.as_str());
    if route != Some(lottery.method.name()) {
        return fail(
            NAME,
            said!(
                "verify-route-differs",
                route = route.unwrap_or("-"),
                taken = lottery.method.name()
            ),
        );
    }
    pass(
        NAME,
        said!(
            "verify-identical-lottery",
            tickets = m,
            route = lottery.method.name()
        ),
    )
}
