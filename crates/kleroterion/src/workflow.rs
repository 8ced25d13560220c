//! The whole workflow behind a few calls: load → check → prepare → draw → verify. Each returns
//! typed values — the files to write, the records, what to tell the user — and leaves writing
//! and printing to the caller. The `kleroterion` binary is a thin shell around these calls; a
//! linking tool uses them the same way, with every protocol rule applied here.

use crate::error::{Error, Infeasibility, Result};
use crate::input::{FileNames, InputBytes, InputFiles, Instance};
use crate::protocol::commitment::{
    audit_record, input_hashes, observer_record, panel_counts, receipts,
};
use crate::protocol::draw::{self, DrawOutcome, Plan, Round};
use crate::protocol::records::to_file_bytes;
use crate::protocol::records::Replaces;
use crate::protocol::verify::{self as verifier, expected_outputs, Check, Extra};
use crate::report::{
    CommitmentFacts, Date, DrawFacts, InternalFacts, QuotaRow, ReportFacts, Stage,
};
use crate::results::{
    probabilities_csv, quota_table, quotas_csv, receipts_csv, remaining_csv, results_xlsx,
    seat_reserves, seat_reserves_csv, selected_csv, QuotaLine, SheetCsv,
};
use crate::select::relaxation::apply_changes;
use crate::select::{ensure_feasible, Progress};
use crate::solve::Backend;

pub use crate::protocol::commitment::Salt;

/// Validated inputs, with the bytes they were read from (the commitment hashes them).
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The validated selection task.
    pub instance: Instance,
    /// The files' bytes.
    pub bytes: InputBytes,
}

impl Inputs {
    /// Reads and validates the files; every problem found is reported together.
    pub fn load(files: &InputFiles, panel_size: usize) -> Result<Inputs> {
        let (instance, bytes) = Instance::load(files, panel_size)?;
        Ok(Inputs { instance, bytes })
    }

    /// Validates inputs given as bytes (from an upload, say); `names` name them in messages.
    pub fn from_bytes(bytes: InputBytes, names: &FileNames, panel_size: usize) -> Result<Inputs> {
        let instance = Instance::from_bytes(&bytes, names, panel_size)?;
        Ok(Inputs { instance, bytes })
    }
}

/// The subfolder of the output folder that holds what may be published, and nothing else.
pub const PUBLISH_DIR: &str = "publish";

/// One file of a result, to be written into the output folder under `name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// The path in the output folder: a plain file name for private files, under
    /// [`PUBLISH_DIR`] for the files to publish.
    pub name: &'static str,
    /// The content.
    pub bytes: Vec<u8>,
    /// Whether the file must stay private (readable by its owner only, never published).
    pub private: bool,
}

impl OutputFile {
    fn public(name: &'static str, bytes: Vec<u8>) -> OutputFile {
        OutputFile {
            name,
            bytes,
            private: false,
        }
    }

    fn private(name: &'static str, bytes: Vec<u8>) -> OutputFile {
        OutputFile {
            name,
            bytes,
            private: true,
        }
    }
}

/// What `check` found when a panel exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// Each quota with the volunteers who could fill it.
    pub quotas: Vec<QuotaLine>,
    /// How many volunteers can be drawn.
    pub candidates: usize,
}

/// Checks that a panel meeting every quota exists. Fails with [`Error::Infeasible`], which
/// carries the cheapest relaxation, when none does; [`quota_table`] gives the table either way.
pub fn check(inputs: &Inputs, backend: Backend) -> Result<CheckReport> {
    ensure_feasible(&inputs.instance, backend)?;
    Ok(CheckReport {
        quotas: quota_table(&inputs.instance, None),
        candidates: inputs.instance.n_candidates(),
    })
}

/// The quota file with the cheapest relaxation applied (`features.relaxed.csv`), when the
/// quotas cannot be met but a relaxation within the flex bounds can.
pub fn relaxed_quotas(inputs: &Inputs, why: &Infeasibility) -> Option<OutputFile> {
    let changes = why.relaxation.as_ref()?;
    let quotas = apply_changes(&inputs.instance.quotas, changes);
    Some(OutputFile::public(
        "features.relaxed.csv",
        quotas.to_csv().into_bytes(),
    ))
}

/// Where `prepare` writes the commitment.
pub const COMMITMENT_FILE: &str = "publish/commitment.json";
/// Where a draw writes its audit record.
pub const AUDIT_FILE: &str = "publish/audit.json";

/// The quota table a draw publishes beside the record (counts only).
pub const QUOTAS_FILE: &str = "publish/quotas.csv";

/// The selection report a draw publishes (see [`crate::report`]).
pub const REPORT_FILE: &str = "publish/report.html";

/// The organiser's workbook: the panel, the reserves, the per-seat reserves and the quotas.
pub const WORKBOOK_FILE: &str = "results.xlsx";

/// The report `prepare` publishes with the commitment: the lottery, before the seed exists.
pub const COMMITMENT_REPORT: &str = "publish/commitment-report.html";

/// The per-seat reserve lists (private: they name people).
pub const SEAT_RESERVES_FILE: &str = "seat_reserves.csv";

/// A prepared commitment, to publish before the seed exists.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The hash to publish.
    pub commitment_hash: String,
    /// `publish/commitment.json`, in canonical form.
    pub commitment: OutputFile,
    /// Candidates on no panel that meets the quotas: their chance is 0 under any algorithm.
    pub in_no_panel: Vec<usize>,
    /// What the report published with the commitment says.
    pub report: ReportFacts,
    /// Each candidate's exact probability under the algorithm (none for LEGACY): for the
    /// organiser to keep (it is not in the commitment) and give back to [`draw()`], which
    /// writes it beside the lottery's in probabilities.csv.
    pub exact: Option<Vec<f64>>,
}

/// Computes the lottery (or, for LEGACY, checks feasibility) and the commitment stating it.
pub fn prepare(
    inputs: &Inputs,
    plan: &Plan,
    salt: &Salt,
    round: &Round,
    progress: &mut dyn Progress,
) -> Result<Prepared> {
    let prepared = draw::prepare(
        &inputs.instance,
        &inputs.bytes,
        plan,
        salt,
        round,
        true,
        progress,
    )?;
    let c = prepared.commitment;
    let inst = &inputs.instance;
    let by_name = crate::protocol::commitment::candidates_by_pseudonym(inst, salt);
    let mut tickets = vec![0u32; inst.n_candidates()];
    for v in c.candidates() {
        if let Some(&x) = by_name.get(&v.pseudonym) {
            tickets[x] = v.tickets.unwrap_or(0);
        }
    }
    let lottery = (c.tickets > 0).then_some((tickets.as_slice(), c.tickets));
    let intersections = crate::report::intersections(inst, lottery, None);
    let report = ReportFacts {
        stage: Stage::Commitment,
        algorithm: Some(c.algorithm.clone()),
        tickets: (c.tickets > 0).then_some((tickets, c.tickets)),
        commitment: Some(CommitmentFacts {
            hash: c.commitment_hash.clone(),
            seed_source: Some(c.seed_source.clone()),
            in_advance: true,
        }),
        in_no_panel: Some(prepared.in_no_panel.len()),
        skipped_rows: c.skipped().len(),
        rounding: prepared.rounding,
        beside_leximin: prepared.beside_leximin,
        intersections,
        ..ReportFacts::of_check(inst)
    };
    Ok(Prepared {
        report,
        exact: prepared.exact,
        commitment: OutputFile::public(COMMITMENT_FILE, to_file_bytes(&c)),
        commitment_hash: c.commitment_hash,
        in_no_panel: prepared.in_no_panel,
    })
}

/// The number of panels a UNIFORM commitment states.
pub fn panel_count(c: &crate::protocol::records::Commitment) -> Option<String> {
    c.parameters
        .get("panel_count")
        .and_then(|n| n.as_str())
        .map(str::to_string)
}

/// A drawn panel with everything to write and say about it.
#[derive(Debug, Clone)]
pub struct Drawn {
    /// Whether the commitment was published before the seed (false for a practice draw).
    pub committed: bool,
    /// The algorithm's name, as in the record.
    pub algorithm: String,
    /// The seed, in its source's canonical form (as recorded).
    pub seed: String,
    /// The ticket drawn, 1..=`tickets` (0 for LEGACY, which has no lottery).
    pub ticket: u32,
    /// The number of tickets (0 for LEGACY).
    pub tickets: u32,
    /// The drawn candidates, ascending (indices into [`Instance::candidates`]).
    pub drawn: Vec<usize>,
    /// The reserve list as candidates, in order.
    pub reserve: Vec<usize>,
    /// Candidates on no feasible panel (known when the lottery was computed in this run).
    pub in_no_panel: Vec<usize>,
    /// Each quota with the seats the panel gives it.
    pub quotas: Vec<QuotaLine>,
    /// selected.csv, remaining.csv, probabilities.csv (not for LEGACY), observer.json,
    /// receipts.csv, seat_reserves.csv and results.xlsx (private), publish/quotas.csv and
    /// publish/audit.json.
    pub files: Vec<OutputFile>,
    /// The audit record's hash.
    pub audit_hash: String,
    /// UNIFORM: how many panels meet the quotas (the draw took one with equal chance).
    pub panel_count: Option<String>,
    /// What the selection report says (the binary names the assembly and picks the
    /// language, then writes it with [`crate::report::html`]).
    pub report: ReportFacts,
}

impl Drawn {
    /// The report's facts with the panel's and the per-seat reserves' names (selected.csv's
    /// and seat_reserves.csv's rows), for the organiser's internal copy: never to publish.
    pub fn internal_report(&self) -> ReportFacts {
        let rows_of = |name: &str| -> Vec<Vec<String>> {
            let bytes = self
                .files
                .iter()
                .find(|f| f.name == name)
                .map_or(&[][..], |f| &f.bytes[..]);
            csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(bytes)
                .records()
                .filter_map(|r| r.ok())
                .map(|r| r.iter().map(String::from).collect())
                .collect()
        };
        ReportFacts {
            internal: Some(InternalFacts {
                panel: rows_of("selected.csv"),
                seat_reserves: rows_of(SEAT_RESERVES_FILE),
            }),
            ..self.report.clone()
        }
    }
}

/// Draws from a published commitment (`commitment.json` as `prepare` wrote it) with the
/// seed. The inputs must be the committed files, and the salt the one `prepare` used;
/// `exact` is [`Prepared::exact`] when kept (one probability per candidate), for
/// probabilities.csv.
pub fn draw(
    inputs: &Inputs,
    commitment: &[u8],
    salt: &Salt,
    seed: &str,
    exact: Option<&[f64]>,
) -> Result<Drawn> {
    let c = draw::read_commitment(commitment)?;
    let changed = input_hashes(&inputs.bytes, &inputs.instance).differences(&c.inputs);
    if !changed.is_empty() {
        return Err(Error::InputsChanged { files: changed });
    }
    let mut outcome = draw::draw_from(&inputs.instance, &c, salt, seed, true)?;
    outcome.exact = exact
        .filter(|e| e.len() == inputs.instance.n_candidates())
        .map(<[f64]>::to_vec);
    finish(inputs, outcome, salt)
}

/// A practice draw: prepare and draw at once, keyed by the seed alone, so the record says it
/// was not committed in advance. `replaces` chains a replacement round to the earlier one.
pub fn practice(
    inputs: &Inputs,
    plan: &Plan,
    salt: &Salt,
    seed: &str,
    replaces: Option<&Replaces>,
    progress: &mut dyn Progress,
) -> Result<Drawn> {
    let outcome = draw::practice(
        &inputs.instance,
        &inputs.bytes,
        plan,
        seed,
        salt,
        replaces,
        progress,
    )?;
    finish(inputs, outcome, salt)
}

/// Checks the drawn panel against every rule and assembles the result files and the record.
fn finish(inputs: &Inputs, outcome: DrawOutcome, salt: &Salt) -> Result<Drawn> {
    let inst = &inputs.instance;
    let broken = inst.violations(&outcome.drawn);
    if !broken.is_empty() {
        return Err(Error::PanelBreaksRules(broken));
    }
    let c = &outcome.commitment;
    let mut files = vec![
        OutputFile::private("selected.csv", selected_csv(inst, &outcome.drawn, salt)),
        OutputFile::private(
            "remaining.csv",
            remaining_csv(inst, &outcome.reserve, &outcome.drawn, salt),
        ),
    ];
    if let Some((tickets, m)) = &outcome.tickets {
        files.push(OutputFile::private(
            "probabilities.csv",
            probabilities_csv(inst, tickets, *m, outcome.exact.as_deref(), salt),
        ));
    }
    let listed = expected_outputs(outcome.tickets.is_some());
    let hashed: Vec<(&str, &[u8])> = files
        .iter()
        .filter(|f| listed.contains(&f.name))
        .map(|f| (f.name, &f.bytes[..]))
        .collect();
    let record = audit_record(
        c,
        outcome.committed,
        &outcome.seed,
        &outcome.ticket,
        panel_counts(inst, &outcome.drawn),
        &hashed,
    );
    files.push(OutputFile::private(
        "observer.json",
        to_file_bytes(&observer_record(c, inst, salt)),
    ));
    files.push(OutputFile::private(
        "receipts.csv",
        receipts_csv(&receipts(c, inst, salt)),
    ));
    files.push(OutputFile::private(
        SEAT_RESERVES_FILE,
        seat_reserves_csv(
            inst,
            &seat_reserves(inst, &outcome.drawn, &outcome.reserve),
            &outcome.reserve,
            salt,
        ),
    ));
    let quotas = quota_table(inst, Some(&outcome.drawn));
    files.push(OutputFile::public(QUOTAS_FILE, quotas_csv(&quotas)));
    let workbook = {
        let csv_of = |name: &str| -> &[u8] {
            files
                .iter()
                .find(|f| f.name == name)
                .map_or(&[], |f| &f.bytes[..])
        };
        results_xlsx(&[
            SheetCsv {
                name: "Panel",
                csv: csv_of("selected.csv"),
                numeric: &[],
            },
            SheetCsv {
                name: "Reserves",
                csv: csv_of("remaining.csv"),
                numeric: &["reserve_rank"],
            },
            SheetCsv {
                name: "Seat reserves",
                csv: csv_of(SEAT_RESERVES_FILE),
                numeric: &["choice", "reserve_rank"],
            },
            SheetCsv {
                name: "Quotas",
                csv: csv_of(QUOTAS_FILE),
                numeric: &["min", "max", "pool", "panel"],
            },
        ])
        .map_err(|e| Error::Workbook(e.to_string()))?
    };
    files.push(OutputFile::private(WORKBOOK_FILE, workbook));
    files.push(OutputFile::public(AUDIT_FILE, to_file_bytes(&record)));
    let report = ReportFacts {
        stage: Stage::Draw,
        title: None,
        algorithm: Some(c.algorithm.clone()),
        candidates: inst.n_candidates(),
        panel_size: inst.panel_size,
        seats_drawn: inst.seats,
        quotas: quotas.iter().map(QuotaRow::from).collect(),
        tickets: outcome.tickets.clone(),
        commitment: Some(CommitmentFacts {
            hash: c.commitment_hash.clone(),
            seed_source: Some(c.seed_source.clone()),
            in_advance: outcome.committed,
        }),
        draw: Some(DrawFacts {
            seed: outcome.seed.clone(),
            ticket: outcome.ticket.ticket,
            reserves: outcome.reserve.len(),
        }),
        checks: Vec::new(),
        // Known only when this run computed the lottery (a practice draw).
        in_no_panel: (!outcome.committed).then_some(outcome.in_no_panel.len()),
        skipped_rows: c.skipped().len(),
        infeasible: None,
        rounding: outcome.rounding,
        beside_leximin: outcome.beside_leximin,
        legacy: None,
        compared: Vec::new(),
        date: Date::today(),
        internal: None,
        intersections: crate::report::intersections(
            inst,
            outcome.tickets.as_ref().map(|(t, m)| (t.as_slice(), *m)),
            Some(&outcome.drawn),
        ),
    };
    Ok(Drawn {
        report,
        committed: outcome.committed,
        algorithm: c.algorithm.clone(),
        panel_count: panel_count(c),
        seed: outcome.seed.clone(),
        ticket: outcome.ticket.ticket,
        tickets: c.tickets,
        quotas,
        drawn: outcome.drawn,
        reserve: outcome.reserve,
        in_no_panel: outcome.in_no_panel,
        files,
        audit_hash: record.audit_hash,
    })
}

/// The panel size an audit record committed to, to load its input files with.
pub fn committed_panel_size(record: &[u8]) -> Option<usize> {
    let v: serde_json::Value = serde_json::from_slice(record).ok()?;
    v["commitment"]["panel_size"]
        .as_u64()
        .and_then(|k| usize::try_from(k).ok())
}

/// The commitment hash an audit record names, to say which one is checked.
pub fn commitment_hash_of(record: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(record).ok()?;
    v["commitment"]["commitment_hash"]
        .as_str()
        .map(str::to_string)
}

/// Runs every check of docs/AUDIT.md on an audit record; `extra` adds what the caller has
/// (the output folder, the inputs, the salt). The record verifies when no check failed.
pub fn verify(record: &[u8], extra: &Extra) -> Vec<Check> {
    verifier::verify(record, extra)
}

/// The report of a verification: what the record states, with every check's outcome (failed
/// ones first in the page's headline), for records of either version. `None` when the bytes
/// are not an audit record at all (the checks say why).
pub fn verification_report(record: &[u8], checks: &[Check]) -> Option<ReportFacts> {
    if let Ok(v2) = serde_json::from_slice::<crate::protocol::records::AuditRecord>(record) {
        return Some(ReportFacts::of_record(&v2, checks, Date::today()));
    }
    let v1: crate::protocol::v1::records::AuditRecord = serde_json::from_slice(record).ok()?;
    Some(ReportFacts::of_v1_record(&v1, checks, Date::today()))
}
