//! The selection report: one self-contained HTML page an organiser publishes with the
//! result — summary, representation, fairness, the draw and how to check it — in English,
//! French or Spanish, built from counts only (no one's personal data).

mod format;
mod html;
mod language;
mod messages;
mod svg;

pub use format::Date;
pub use html::html;
pub use language::Language;
pub use messages::{catalogue, message_ids, Arg, Messages};

use crate::protocol::seed::SeedSource;
use crate::results::QuotaLine;

/// What the report says, all of it publishable.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportFacts {
    /// The assembly or question, when the organiser named it.
    pub title: Option<String>,
    /// The algorithm's name as recorded (`leximin`, `legacy`, ...).
    pub algorithm: String,
    /// Volunteers who could be drawn.
    pub candidates: usize,
    /// Seats on the panel, and how many of them this draw filled.
    pub panel_size: usize,
    /// Seats this draw filled (fewer than `panel_size` when some were already selected).
    pub seats_drawn: usize,
    /// Whether the commitment was published before the seed.
    pub committed: bool,
    /// The quota table with the panel's seats.
    pub quotas: Vec<QuotaLine>,
    /// Each candidate's number of lottery tickets, and the number of tickets (none for
    /// LEGACY).
    pub tickets: Option<(Vec<u32>, u32)>,
    /// The commitment's hash.
    pub commitment_hash: String,
    /// Where the seed came from.
    pub seed_source: SeedSource,
    /// The seed, in its canonical form.
    pub seed: String,
    /// The ticket drawn (0 for LEGACY).
    pub ticket: u32,
    /// People on the reserve list.
    pub reserves: usize,
    /// Candidates on no panel that meets the quotas (when known).
    pub in_no_panel: usize,
    /// Rows of people.csv left out of the pool.
    pub skipped_rows: usize,
    /// The date the report is written.
    pub date: Date,
}
