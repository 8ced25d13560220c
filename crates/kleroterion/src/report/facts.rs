//! The parts of [`ReportFacts`](super::ReportFacts), and the facts of a published record.

use super::format::Date;
use super::said::Said;
use super::ReportFacts;
use crate::input::instance::Instance;
use crate::protocol::records::AuditRecord;
use crate::protocol::seed::SeedSource;
use crate::protocol::v1::records::{AuditRecord as V1Record, Status as V1Status};
use crate::protocol::verify::{Check, Outcome};
use crate::results::{quota_table, QuotaLine};
use std::collections::HashSet;

/// Which step wrote the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// `check`: the quotas against the pool, before any lottery.
    Check,
    /// `prepare`: the lottery is committed; the seed does not exist yet.
    Commitment,
    /// `draw`: the panel is drawn.
    Draw,
    /// `verify`: a published record, checked.
    Verification,
}

/// One quota with the counts known at this step.
#[derive(Debug, Clone, PartialEq)]
pub struct QuotaRow {
    /// Feature name.
    pub feature: String,
    /// Value name.
    pub value: String,
    /// Quota minimum.
    pub min: u32,
    /// Quota maximum.
    pub max: u32,
    /// Volunteers in the pool with this value (unknown from a record alone).
    pub in_pool: Option<u32>,
    /// Seats on the panel, once drawn.
    pub on_panel: Option<u32>,
    /// The value's share of the population, when features.csv gives it.
    pub population: Option<f64>,
}

impl From<&QuotaLine> for QuotaRow {
    fn from(q: &QuotaLine) -> QuotaRow {
        QuotaRow {
            feature: q.feature.clone(),
            value: q.value.clone(),
            min: q.min,
            max: q.max,
            in_pool: Some(q.in_pool),
            on_panel: q.on_panel,
            population: q.population.map(|p| p.get()),
        }
    }
}

/// The commitment as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentFacts {
    /// The commitment's hash.
    pub hash: String,
    /// Where the seed comes from.
    pub seed_source: Option<SeedSource>,
    /// Whether it was published before the seed (false for a practice draw).
    pub in_advance: bool,
}

/// The draw as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawFacts {
    /// The seed, in its canonical form.
    pub seed: String,
    /// The ticket drawn (0 for LEGACY).
    pub ticket: u32,
    /// People on the reserve list.
    pub reserves: usize,
}

/// LEGACY's chances on the same pool, estimated by drawing many panels.
#[derive(Debug, Clone, PartialEq)]
pub struct LegacyFacts {
    /// The panels drawn for the estimate.
    pub draws: u32,
    /// The smallest estimated chance of a volunteer.
    pub smallest: f64,
    /// The largest.
    pub largest: f64,
    /// The 95 % margin of the smallest estimate (its volunteers' type is small, or the
    /// chance is near 0, and the estimate is only so precise).
    pub margin: f64,
    /// Each candidate's estimated chance (for the intersections; never shown one by one).
    pub chance: Vec<f64>,
}

/// Another fair algorithm's exact chances on the same pool (`--compare ALGORITHM`).
#[derive(Debug, Clone, PartialEq)]
pub struct ComparedFacts {
    /// The algorithm's name (`nash`, `goldilocks`, ...).
    pub algorithm: String,
    /// The smallest chance of a volunteer on some feasible panel.
    pub smallest: f64,
    /// The largest chance.
    pub largest: f64,
}

impl ComparedFacts {
    /// Computes `algorithm`'s distribution on `inst`: its facts, and each candidate's chance
    /// (for [`crate::report::add_compared`]).
    pub fn compute(
        inst: &Instance,
        algorithm: crate::Algorithm,
        backend: crate::Backend,
        progress: &mut dyn crate::Progress,
    ) -> crate::Result<(ComparedFacts, Vec<f64>)> {
        let d = crate::select::distribution(inst, algorithm, backend, progress)?;
        let chance: Vec<f64> = (0..inst.n_candidates())
            .map(|c| d.candidate_probability(c))
            .collect();
        let on_some = chance.iter().copied().filter(|&p| p > 1e-9);
        Ok((
            ComparedFacts {
                algorithm: algorithm.name().to_string(),
                smallest: on_some.clone().fold(f64::INFINITY, f64::min).min(1.0),
                largest: on_some.fold(0.0, f64::max),
            },
            chance,
        ))
    }
}

impl LegacyFacts {
    /// Estimates LEGACY's chances on `inst` from `draws` draws (seeded from `seed`); `None`
    /// when every draw got stuck.
    pub fn estimate(inst: &Instance, draws: u32, seed: &str) -> Option<LegacyFacts> {
        let e = crate::select::legacy::estimate_chances(inst, draws, seed);
        if e.draws == 0 || e.chance.is_empty() {
            return None;
        }
        let lowest = (0..e.chance.len()).min_by(|&a, &b| e.chance[a].total_cmp(&e.chance[b]))?;
        let p = e.chance[lowest];
        let n = f64::from(e.draws) * e.type_size[lowest] as f64;
        // Wilson's half-width, which stays honest near 0.
        let z = 1.96f64;
        let margin = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / (1.0 + z * z / n);
        Some(LegacyFacts {
            draws: e.draws,
            smallest: p,
            largest: e.chance.iter().copied().fold(0.0, f64::max),
            margin,
            chance: e.chance.clone(),
        })
    }
}

/// What one check of a verification found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckState {
    /// It passed.
    Passed,
    /// It failed.
    Failed,
    /// It could not run without more inputs.
    Skipped,
}

/// One check of a verification, as `verify` printed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRow {
    /// What was checked, as a catalogue id (`check-…`).
    pub name: &'static str,
    /// The outcome.
    pub state: CheckState,
    /// What was found, in the verifier's words.
    pub detail: Said,
}

impl From<&Check> for CheckRow {
    fn from(c: &Check) -> CheckRow {
        let (state, detail) = match &c.outcome {
            Outcome::Passed(t) => (CheckState::Passed, t),
            Outcome::Failed(t) => (CheckState::Failed, t),
            Outcome::Skipped(t) => (CheckState::Skipped, t),
        };
        CheckRow {
            name: c.name,
            state,
            detail: detail.clone(),
        }
    }
}

impl ReportFacts {
    /// The report of a quota check: the quotas against the pool, before any lottery.
    pub fn of_check(inst: &Instance) -> ReportFacts {
        ReportFacts {
            stage: Stage::Check,
            title: None,
            algorithm: None,
            candidates: inst.n_candidates(),
            panel_size: inst.panel_size,
            seats_drawn: inst.seats,
            quotas: quota_table(inst, None).iter().map(QuotaRow::from).collect(),
            tickets: None,
            commitment: None,
            draw: None,
            checks: Vec::new(),
            in_no_panel: None,
            skipped_rows: inst.pool.skipped.len(),
            infeasible: None,
            rounding: None,
            beside_leximin: None,
            intersections: super::intersections(inst, None, None),
            legacy: None,
            compared: Vec::new(),
            date: Date::today(),
            internal: None,
        }
    }

    /// The report of a version-1 record's verification: the same sections from what that
    /// version published (its volunteers' values, so the pool's and the panel's counts are
    /// counted from them; its seed is free text, stated as such).
    pub fn of_v1_record(record: &V1Record, checks: &[Check], date: Date) -> ReportFacts {
        let c = &record.commitment;
        let tickets: Vec<u32> = c.candidates().map(|v| v.tickets.unwrap_or(0)).collect();
        let on_panel: HashSet<&str> = record.panel.iter().map(String::as_str).collect();
        let count = |f: usize, value: &str, panel: bool| {
            c.volunteers
                .iter()
                .filter(|v| v.values.get(f).map(String::as_str) == Some(value))
                .filter(|v| {
                    !panel
                        || v.status == V1Status::AlreadySelected
                        || on_panel.contains(v.pseudonym.as_str())
                })
                .count() as u32
        };
        let quotas = c
            .quotas
            .iter()
            .map(|q| {
                let f = c.features.iter().position(|f| *f == q.feature);
                QuotaRow {
                    feature: q.feature.clone(),
                    value: q.value.clone(),
                    min: q.min,
                    max: q.max,
                    in_pool: f.map(|f| count(f, &q.value, false)),
                    on_panel: f.map(|f| count(f, &q.value, true)),
                    population: None,
                }
            })
            .collect();
        ReportFacts {
            algorithm: Some(c.algorithm.clone()),
            candidates: tickets.len(),
            panel_size: c.panel_size as usize,
            seats_drawn: c.seats_to_draw as usize,
            quotas,
            tickets: (c.tickets > 0).then_some((tickets, c.tickets)),
            commitment: Some(CommitmentFacts {
                hash: c.commitment_hash.clone(),
                seed_source: None,
                in_advance: record.committed_in_advance,
            }),
            draw: Some(DrawFacts {
                seed: record.seed.clone(),
                ticket: record.ticket,
                reserves: record.reserve.len(),
            }),
            ..ReportFacts::of_verification(checks, date)
        }
    }

    /// The report of a verification, from the record alone (and the checks' results): the
    /// pool's counts per value are not in a record, so that column is left out.
    pub fn of_record(record: &AuditRecord, checks: &[Check], date: Date) -> ReportFacts {
        let c = &record.commitment;
        let tickets: Vec<u32> = c.candidates().map(|v| v.tickets.unwrap_or(0)).collect();
        let quotas = c
            .quotas
            .iter()
            .enumerate()
            .map(|(i, q)| QuotaRow {
                feature: q.feature.clone(),
                value: q.value.clone(),
                min: q.min,
                max: q.max,
                in_pool: None,
                on_panel: record.panel_counts.get(i).copied(),
                population: None,
            })
            .collect();
        ReportFacts {
            algorithm: Some(c.algorithm.clone()),
            candidates: tickets.len(),
            panel_size: c.panel_size as usize,
            seats_drawn: c.seats_to_draw as usize,
            quotas,
            tickets: (c.tickets > 0).then_some((tickets, c.tickets)),
            commitment: Some(CommitmentFacts {
                hash: c.commitment_hash.clone(),
                seed_source: Some(c.seed_source.clone()),
                in_advance: record.committed_in_advance,
            }),
            draw: Some(DrawFacts {
                seed: record.seed.clone(),
                ticket: record.ticket,
                reserves: record.reserve.len(),
            }),
            skipped_rows: c.skipped().len(),
            ..ReportFacts::of_verification(checks, date)
        }
    }

    /// What every verification report has, whatever the record's version: the checks, and
    /// none of what only the input files or the draw's own run know.
    fn of_verification(checks: &[Check], date: Date) -> ReportFacts {
        ReportFacts {
            stage: Stage::Verification,
            title: None,
            algorithm: None,
            candidates: 0,
            panel_size: 0,
            seats_drawn: 0,
            quotas: Vec::new(),
            tickets: None,
            commitment: None,
            draw: None,
            checks: checks.iter().map(CheckRow::from).collect(),
            in_no_panel: None,
            skipped_rows: 0,
            infeasible: None,
            rounding: None,
            beside_leximin: None,
            legacy: None,
            compared: Vec::new(),
            date,
            internal: None,
            intersections: Vec::new(),
        }
    }
}
