//! Typed errors of the library. The binary turns them into friendly messages and exit codes.

use std::fmt;
use std::path::PathBuf;

/// One problem found in an input file, located as precisely as possible.
///
/// Rows are counted the way a spreadsheet counts them: the header is row 1, the first
/// volunteer or quota is row 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file the problem is in (as the user named it), or a description such as "settings".
    pub file: String,
    /// Spreadsheet row number (header = 1), when the problem belongs to one row.
    pub row: Option<usize>,
    /// Column name, when the problem belongs to one column.
    pub column: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl Problem {
    /// A problem in `file` with a message and a hint; add a location with [`Problem::at_row`]
    /// and [`Problem::in_column`].
    pub fn new(
        file: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Problem {
            file: file.into(),
            row: None,
            column: None,
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// Locates the problem at a spreadsheet row.
    pub fn at_row(mut self, row: usize) -> Self {
        self.row = Some(row);
        self
    }

    /// Locates the problem in a column.
    pub fn in_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column '{column}'")?;
        }
        write!(f, ": {}", self.message)?;
        if !self.hint.is_empty() {
            write!(f, " {}", self.hint)?;
        }
        Ok(())
    }
}

/// A change to one quota bound proposed by the relaxation search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaChange {
    /// Feature name, as spelled in the quota file.
    pub feature: String,
    /// Value name, as spelled in the quota file.
    pub value: String,
    /// Which bound changes.
    pub bound: Bound,
    /// The bound before the change.
    pub from: u32,
    /// The proposed bound.
    pub to: u32,
}

/// The lower or the upper bound of a quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// The minimum number of seats.
    Minimum,
    /// The maximum number of seats.
    Maximum,
}

impl fmt::Display for QuotaChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bound = match self.bound {
            Bound::Minimum => "minimum",
            Bound::Maximum => "maximum",
        };
        write!(
            f,
            "{} {}: {} {} → {}",
            self.feature, self.value, bound, self.from, self.to
        )
    }
}

/// Why no panel meets the quotas, and what would make one exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Infeasibility {
    /// A sentence explaining the situation.
    pub reason: String,
    /// The cheapest set of quota changes within the flex bounds that makes a panel exist,
    /// or `None` when even the flex bounds do not allow one.
    pub relaxation: Option<Vec<QuotaChange>>,
}

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The inputs have problems; all that were found are listed.
    #[error("{}", list_problems(.0))]
    Input(Vec<Problem>),
    /// A file could not be read.
    #[error("could not read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// No panel meets the quotas.
    #[error("no panel meets the quotas: {}", .0.reason)]
    Infeasible(Box<Infeasibility>),
    /// LEGACY hit a dead end on every attempt.
    #[error(
        "the LEGACY algorithm did not find a panel in {attempts} attempts (it gets stuck on tight \
         quotas even when panels exist); use the LEXIMIN algorithm instead of loosening the quotas"
    )]
    LegacyGaveUp {
        /// How many attempts were made.
        attempts: u32,
    },
    /// The solve was stopped by whoever ran it (the app's Cancel button).
    #[error("the run was cancelled before it finished; nothing was written")]
    Cancelled,
    /// LEXIMIN's exact fallback ran out of its time budget.
    #[error(
        "LEXIMIN found no exact answer within {seconds} s (column generation reached stage {stage}, \
         with {fixed} of {types} volunteer types fixed): this pool is beyond the exact method's \
         reach on this machine; NASH (--algorithm nash) or LEGACY give a panel, or loosen the \
         tightest quotas (those with min = max) and try again"
    )]
    OutOfTime {
        /// The budget, in seconds.
        seconds: u64,
        /// The stage column generation was in.
        stage: usize,
        /// Types fixed by then.
        fixed: usize,
        /// All types.
        types: usize,
    },
    /// A solver failed in a way that is not about the inputs.
    #[error("the {solver} solver failed: {message}")]
    Solver {
        /// Which solver.
        solver: &'static str,
        /// What it said.
        message: String,
    },
    /// A solver name that is not one of ours.
    #[error("unknown solver '{name}'; use 'pure' or 'highs'")]
    UnknownSolver {
        /// The name given.
        name: String,
    },
    /// A solver this build does not include.
    #[error(
        "this build has no {name} solver; rebuild with `cargo build --release --features highs`"
    )]
    SolverNotBuilt {
        /// The solver.
        name: &'static str,
    },
    /// A seed that does not fit the committed seed source, or a source with too few outcomes.
    #[error(transparent)]
    Seed(#[from] crate::protocol::seed::SeedProblem),
    /// A salt that is not 64 hexadecimal digits.
    #[error("the salt must be 64 hexadecimal digits")]
    BadSalt,
    /// A commitment that cannot be drawn from.
    #[error("the commitment {0}; it cannot be used for a draw")]
    Commitment(CommitmentProblem),
    /// Input files that differ from those the commitment was made from.
    #[error("{} changed after the commitment was made: the draw must use the committed files", .files.join(", "))]
    InputsChanged {
        /// Which inputs differ (people, features, settings, already_selected).
        files: Vec<&'static str>,
    },
    /// A distribution asked of LEGACY, which draws one panel directly.
    #[error("LEGACY has no distribution over panels")]
    NoDistribution,
    /// A drawn panel that breaks the rules: a bug, never the inputs' fault.
    #[error("internal error: the drawn panel breaks the rules: {}", .0.join("; "))]
    PanelBreaksRules(Vec<String>),
    /// results.xlsx could not be built (a cell longer than a workbook allows, say).
    #[error("results.xlsx could not be written: {0}. The CSV files hold the same results.")]
    Workbook(String),
}

/// Why a commitment cannot be drawn from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommitmentProblem {
    /// Not a commitment: not JSON, or fields missing, unknown or of the wrong type.
    #[error("is not a commitment in the format of docs/AUDIT.md")]
    NotJson,
    /// JSON, but not in canonical form: edited by hand or by another tool.
    #[error("is not in canonical form (was it edited?)")]
    NotCanonical,
    /// Its content does not hash to its `commitment_hash`.
    #[error("does not match its commitment_hash (was it edited?)")]
    HashMismatch,
    /// Its algorithm is not one this version knows.
    #[error("names no known algorithm")]
    UnknownAlgorithm,
    /// A lottery commitment without its tickets.
    #[error("holds no lottery tickets")]
    NoTickets,
    /// Pseudonyms that the salt and inputs do not produce.
    #[error("names people who are not in the input files (wrong salt or inputs?)")]
    UnknownPeople,
}

/// Problems for people: the same problem on many rows of one column is one line with the
/// count and the first rows ("… in 137 rows (2, 5, 9, 12, 14, …)").
fn list_problems(problems: &[Problem]) -> String {
    let mut groups: Vec<(&Problem, Vec<usize>)> = Vec::new();
    for p in problems {
        let same = |(q, _): &&mut (&Problem, Vec<usize>)| {
            q.file == p.file && q.column == p.column && q.message == p.message && q.hint == p.hint
        };
        match (p.row, groups.iter_mut().find(same)) {
            (Some(row), Some((_, rows))) => rows.push(row),
            _ => groups.push((p, p.row.into_iter().collect())),
        }
    }
    let mut text = match groups.len() {
        1 => "1 problem in the input:".to_string(),
        n => format!("{n} problems in the input:"),
    };
    for (p, rows) in groups {
        text.push_str("\n  - ");
        if rows.len() < 2 {
            text.push_str(&p.to_string());
            continue;
        }
        let mut first: Vec<String> = rows.iter().take(5).map(|r| r.to_string()).collect();
        if rows.len() > 5 {
            first.push("…".into());
        }
        let mut shared = p.clone();
        shared.row = None;
        shared.message = format!(
            "{} (in {} rows: {})",
            p.message.trim_end_matches('.'),
            rows.len(),
            first.join(", ")
        );
        text.push_str(&shared.to_string());
    }
    text
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;
