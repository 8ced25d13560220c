//! The selection report: one self-contained HTML page an organiser publishes — summary,
//! representation, fairness, the draw and how to check it — in English, French or Spanish.
//! The public page is built from counts only; the organiser's internal copy adds the panel's
//! names and is marked as such on every page.
//!
//! Each step writes the sections that apply: `check` the quotas against the pool, `prepare`
//! the committed lottery before the seed exists, `draw` the panel, `verify` every check of a
//! published record.

mod facts;
mod format;
mod html;
mod intersections;
mod language;
mod messages;
pub(crate) mod said;
mod svg;

pub use facts::{
    CheckRow, CheckState, CommitmentFacts, ComparedFacts, DrawFacts, LegacyFacts, QuotaRow, Stage,
};
pub use format::Date;
pub use html::{html, seed_source};
pub use intersections::{
    add_compared, add_comparison, intersections, Cell, Intersection, PAIRS_SHOWN, SMALLEST_SHOWN,
};
pub use language::Language;
pub use messages::{catalogue, message_ids, Arg, Messages};
pub use said::Said;

/// What the report says.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportFacts {
    /// Which step wrote the report.
    pub stage: Stage,
    /// The assembly or question, when the organiser named it.
    pub title: Option<String>,
    /// The algorithm's name as recorded (`leximin`, `legacy`, ...); none for a check.
    pub algorithm: Option<String>,
    /// Volunteers who could be drawn.
    pub candidates: usize,
    /// Seats on the panel.
    pub panel_size: usize,
    /// Seats this round fills (fewer than `panel_size` when some were already selected).
    pub seats_drawn: usize,
    /// The quota table, with the pool's and the panel's counts where known.
    pub quotas: Vec<QuotaRow>,
    /// Each candidate's number of lottery tickets, and the number of tickets (none for
    /// LEGACY and before a lottery exists).
    pub tickets: Option<(Vec<u32>, u32)>,
    /// The commitment, once made.
    pub commitment: Option<CommitmentFacts>,
    /// The draw, once made.
    pub draw: Option<DrawFacts>,
    /// The checks of a verification.
    pub checks: Vec<CheckRow>,
    /// Candidates on no panel that meets the quotas (when known).
    pub in_no_panel: Option<usize>,
    /// Rows of people.csv left out of the pool.
    pub skipped_rows: usize,
    /// Why no panel meets the quotas, and the cheapest change that would allow one, when
    /// that is the outcome.
    pub infeasible: Option<crate::error::Infeasibility>,
    /// How far the lottery's rounding moved anyone's chance from the algorithm's exact
    /// probability (known when the lottery was computed in the same run).
    pub rounding: Option<f64>,
    /// The algorithm's exact smallest and largest chance beside LEXIMIN's, where the
    /// algorithm states them (GOLDILOCKS) and the lottery was computed in the same run.
    pub beside_leximin: Option<crate::select::distribution::BesideLeximin>,
    /// How the lottery and the panel spread over intersections of two features, against the
    /// pool (when the input files are at hand).
    pub intersections: Vec<Intersection>,
    /// What the Sortition Foundation's LEGACY method would have given the same pool
    /// (`--compare legacy`).
    pub legacy: Option<LegacyFacts>,
    /// Other fair algorithms' exact chances on the same pool (`--compare ALGORITHM`).
    pub compared: Vec<ComparedFacts>,
    /// The date the report is written.
    pub date: Date,
    /// For the organiser's own copy only: the panel and the per-seat reserves with names.
    /// `None` in every published report.
    pub internal: Option<InternalFacts>,
}

/// What only the organiser's internal copy shows: tables with names, each a header row and
/// then one row per person or choice (selected.csv's and seat_reserves.csv's rows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalFacts {
    /// The panel.
    pub panel: Vec<Vec<String>>,
    /// For each member, the reserves who can take their seat, best first.
    pub seat_reserves: Vec<Vec<String>>,
}
