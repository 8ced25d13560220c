//! Verifying an audit record: every check of docs/AUDIT.md, one result per check.

use crate::input::instance::{InputBytes, Instance};
use crate::input::panel_check::{Rules, Tally};
use crate::input::settings::Algorithm;
use crate::protocol::canonical::{self_hash, sha256_hex};
use crate::protocol::commitment::{
    self, candidates_by_pseudonym, draw_key_hex, draw_rng, Salt, AUDIT_FORMAT, COMMITMENT_FORMAT,
    DEVIATION_DENOMINATOR,
};
use crate::protocol::rng::SeededRng;
use crate::select::Silent;
use crate::select::{self, legacy};
use crate::solve::Backend;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
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
    /// The folder holding the draw's output files (selected.csv, ...), to check their hashes.
    pub outputs_dir: Option<&'a Path>,
    /// The input files and the instance read from them (with the committed panel size).
    pub inputs: Option<(&'a InputBytes, &'a Instance)>,
    /// The private salt (lets pseudonyms be matched to the input files).
    pub salt: Option<&'a Salt>,
    /// Re-run the algorithm and compare probabilities.
    pub resolve: bool,
    /// The solvers for `resolve`.
    pub backend: Backend,
}

fn pass(name: &'static str, text: impl Into<String>) -> Check {
    Check {
        name,
        outcome: Outcome::Passed(text.into()),
    }
}

fn fail(name: &'static str, text: impl Into<String>) -> Check {
    Check {
        name,
        outcome: Outcome::Failed(text.into()),
    }
}

fn skip(name: &'static str, text: impl Into<String>) -> Check {
    Check {
        name,
        outcome: Outcome::Skipped(text.into()),
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Verifies the record `bytes`. Stops after the first failed check of the record's own
/// integrity (nothing after it could be trusted); otherwise runs every check.
pub fn verify(bytes: &[u8], extra: &Extra) -> Vec<Check> {
    let mut out = Vec::new();
    let record: Value = match serde_json::from_slice::<Value>(bytes) {
        Ok(v) if v["format"] == AUDIT_FORMAT && v["commitment"]["format"] == COMMITMENT_FORMAT => v,
        Ok(_) => {
            return vec![fail(
                "record format",
                format!("not a {AUDIT_FORMAT} record"),
            )]
        }
        Err(e) => return vec![fail("record format", format!("not JSON: {e}"))],
    };
    let canonical = crate::protocol::canonical::canonical_json(&record);
    if bytes != canonical.as_bytes() && bytes != format!("{canonical}\n").as_bytes() {
        return vec![fail(
            "record format",
            "the record is not in canonical form (docs/AUDIT.md §1)",
        )];
    }
    out.push(pass("record format", AUDIT_FORMAT));
    let c = &record["commitment"];
    let audit_hash = self_hash(&record, "audit_hash");
    if record["audit_hash"] != audit_hash.as_str() {
        out.push(fail(
            "audit hash",
            format!("the record hashes to {audit_hash}, not to its audit_hash"),
        ));
        return out;
    }
    out.push(pass("audit hash", audit_hash));
    let commitment_hash = self_hash(c, "commitment_hash");
    if c["commitment_hash"] != commitment_hash.as_str() {
        out.push(fail(
            "commitment hash",
            format!("the commitment hashes to {commitment_hash}, not to its commitment_hash"),
        ));
        return out;
    }
    out.push(pass("commitment hash", commitment_hash.clone()));
    let committed = record["committed_in_advance"].as_bool().unwrap_or(false);
    let seed = record["seed"].as_str().unwrap_or("");
    let key = draw_key_hex(committed.then_some(commitment_hash.as_str()), seed);
    if record["key"] != key.as_str() {
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
    let algorithm = c["algorithm"].as_str().unwrap_or("");
    let panel = strings(&record["panel"]);
    let m = c["tickets"].as_u64().unwrap_or(0);
    let mut rng = draw_rng(committed.then_some(commitment_hash.as_str()), seed);
    if algorithm == "legacy" {
        // The re-run also moves the generator on to where the reserve list starts.
        out.push(legacy_rerun(&panel, extra, &mut rng));
    } else {
        let ticket = rng.below(m.max(1)) + 1;
        if m == 0 || record["ticket"].as_u64() != Some(ticket) {
            out.push(fail(
                "key → ticket",
                format!(
                    "the key draws ticket {ticket} of {m}, not {}",
                    record["ticket"]
                ),
            ));
            return out;
        }
        out.push(pass("key → ticket", format!("ticket {ticket} of {m}")));
        let committed_panel = strings(&c["panels"][ticket as usize - 1]);
        if committed_panel != panel {
            out.push(fail(
                "ticket → panel",
                format!("ticket {ticket}'s committed panel differs from the record's panel"),
            ));
            return out;
        }
        out.push(pass("ticket → panel", format!("{} people", panel.len())));
    }
    if algorithm != "legacy" || extra.inputs.is_some() {
        let reserve = commitment::reserve(c, &panel, &mut rng);
        if reserve != strings(&record["reserve"]) {
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
    out.push(panels_meet_quotas(c, &panel));
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
        return skip(NAME, "needs the input files and --salt");
    };
    let drawn = match legacy::draw(inst, rng, inst.settings.max_attempts) {
        Ok(drawn) => drawn,
        Err(e) => return fail(NAME, e.to_string()),
    };
    let Some(salt) = extra.salt else {
        return skip(NAME, "needs --salt to compare the panel");
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
fn panels_meet_quotas(c: &Value, drawn: &[String]) -> Check {
    const NAME: &str = "panels meet the quotas and household rule";
    let vols: HashMap<&str, &Value> = c["volunteers"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v["pseudonym"].as_str().map(|p| (p, v)))
                .collect()
        })
        .unwrap_or_default();
    let features = strings(&c["features"]);
    let quotas: Vec<(usize, String, u64, u64)> = c["quotas"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|q| {
                    let f = features
                        .iter()
                        .position(|f| q["feature"] == f.as_str())
                        .unwrap_or(usize::MAX);
                    (
                        f,
                        q["value"].as_str().unwrap_or("").to_string(),
                        q["min"].as_u64().unwrap_or(0),
                        q["max"].as_u64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let bounds: Vec<(u32, u32)> = quotas
        .iter()
        .map(|q| {
            let clamp = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
            (clamp(q.2), clamp(q.3))
        })
        .collect();
    let name = |q: usize| {
        let f = features.get(quotas[q].0).map(String::as_str).unwrap_or("?");
        format!("{f} '{}'", quotas[q].1)
    };
    let already: Vec<&str> = vols
        .iter()
        .filter(|(_, v)| v["status"] == "already_selected")
        .map(|(p, _)| *p)
        .collect();
    let seats = c["seats_to_draw"].as_u64().unwrap_or(0) as usize;
    let mut panels: Vec<Vec<String>> = c["panels"]
        .as_array()
        .map(|a| a.iter().map(strings).collect())
        .unwrap_or_default();
    if panels.is_empty() {
        panels.push(drawn.to_vec());
    }
    for (i, p) in panels.iter().enumerate() {
        let label = if c["panels"].as_array().is_some_and(|a| !a.is_empty()) {
            format!("ticket {}", i + 1)
        } else {
            "the drawn panel".into()
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
        let mut members: Vec<&Value> = Vec::new();
        for name in p.iter().map(String::as_str).chain(already.iter().copied()) {
            match vols.get(name) {
                Some(v) if v["status"] == "candidate" || already.contains(&name) => members.push(v),
                _ => {
                    return fail(
                        NAME,
                        format!("{label} names {name}, who is not a candidate"),
                    )
                }
            }
        }
        // The members' quota rows, tallied against the committed ranges.
        let mut tally = Tally::new(quotas.len());
        for v in &members {
            let rows: Vec<usize> = (0..quotas.len())
                .filter(|&q| v["values"][quotas[q].0] == quotas[q].1.as_str())
                .collect();
            tally.add(&rows, 1);
        }
        if c["household_rule"] == true {
            let mut homes: HashMap<&str, usize> = HashMap::new();
            for h in members.iter().filter_map(|v| v["household"].as_str()) {
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
fn ticket_counts(c: &Value) -> Check {
    const NAME: &str = "probabilities are the ticket counts";
    let m = c["tickets"].as_u64().unwrap_or(0);
    if m == 0 {
        return skip(NAME, "a LEGACY draw has no lottery");
    }
    let mut count: HashMap<String, u64> = HashMap::new();
    for p in c["panels"].as_array().into_iter().flatten() {
        for name in strings(p) {
            *count.entry(name).or_default() += 1;
        }
    }
    for v in c["volunteers"].as_array().into_iter().flatten() {
        let name = v["pseudonym"].as_str().unwrap_or("");
        let expected = if v["status"] == "already_selected" {
            m
        } else {
            count.get(name).copied().unwrap_or(0)
        };
        if v["tickets"].as_u64() != Some(expected) {
            return fail(
                NAME,
                format!(
                    "{name} is published with {} tickets but is on {expected} of {m}",
                    v["tickets"]
                ),
            );
        }
    }
    pass(
        NAME,
        format!("every volunteer's count of {m} tickets matches"),
    )
}

fn output_hashes(record: &Value, dir: Option<&Path>) -> Check {
    const NAME: &str = "output files";
    let Some(dir) = dir else {
        return skip(NAME, "no output folder given");
    };
    let mut checked = 0;
    for (name, hash) in record["outputs"].as_object().into_iter().flatten() {
        let path = dir.join(name);
        match std::fs::read(&path) {
            Ok(b) if hash == &sha256_hex(&b) => checked += 1,
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

fn input_checks(c: &Value, extra: &Extra) -> Vec<Check> {
    let Some((bytes, inst)) = extra.inputs else {
        return vec![skip(
            "input files",
            "give --people and --features (and --settings) to check them",
        )];
    };
    let mut out = Vec::new();
    let now = commitment::input_hashes(bytes);
    let mut bad = Vec::new();
    for name in ["people", "features", "settings", "already_selected"] {
        if now[name]["sha256"] != c["inputs"][name]["sha256"] {
            bad.push(name);
        }
    }
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
            "pseudonyms",
            "give --salt to match pseudonyms to the input files",
        ));
        return out;
    };
    let (cand, already) = commitment::pseudonyms(inst, salt);
    let published: HashSet<String> = c["volunteers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["pseudonym"].as_str().map(String::from))
        .collect();
    let ours: HashSet<String> = cand.iter().chain(&already).cloned().collect();
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
    if !extra.resolve {
        return out;
    }
    let algorithm = match c["algorithm"].as_str().and_then(Algorithm::from_name) {
        Some(Algorithm::Legacy) | None => {
            out.push(skip("re-solve", "LEGACY has no probabilities to compare"));
            return out;
        }
        Some(a) => a,
    };
    let m = c["tickets"].as_u64().unwrap_or(1) as f64;
    let deviation = c["parameters"]["max_deviation"]["numerator"]
        .as_u64()
        .unwrap_or(0) as f64
        / DEVIATION_DENOMINATOR as f64;
    let tolerance = deviation + RESOLVE_TOLERANCE;
    match select::distribution(inst, algorithm, extra.backend, &mut Silent) {
        Ok(dist) => {
            let by_name = candidates_by_pseudonym(inst, salt);
            let mut worst: f64 = 0.0;
            for v in c["volunteers"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|v| v["status"] == "candidate")
            {
                let Some(&cand) = v["pseudonym"].as_str().and_then(|p| by_name.get(p)) else {
                    continue;
                };
                let published = v["tickets"].as_u64().unwrap_or(0) as f64 / m;
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

/// Allowance on top of the recorded rounding deviation when re-solving: the solver
/// tolerances of two runs (on possibly different machines) may differ this much.
pub(crate) const RESOLVE_TOLERANCE: f64 = 1e-5;
