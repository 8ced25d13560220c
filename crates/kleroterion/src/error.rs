//! Typed errors of the library. The binary turns them into friendly messages and exit codes.

use crate::report::said::say;
use crate::report::{Language, Said};
use crate::said;
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
    /// The message and hint as catalogue messages, when they come from the catalogues.
    pub said: Option<Box<Said>>,
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
            said: None,
        }
    }

    /// A problem in `file` whose message and hint are the catalogues' `id` and `id-hint`
    /// with `args`: in English in `message` and `hint`, and in any language through
    /// [`Problem::in_language`].
    pub fn said(
        file: impl Into<String>,
        id: &'static str,
        args: &[(&'static str, &dyn fmt::Display)],
    ) -> Self {
        let said = Said::new(id, args);
        let (message, hint) = said.text(Language::English);
        Problem {
            file: file.into(),
            row: None,
            column: None,
            message,
            hint,
            said: Some(Box::new(said)),
        }
    }

    /// The problem as a sentence of `language` (English where its message has no
    /// translation yet).
    pub fn in_language(&self, language: Language) -> String {
        match (&self.said, language) {
            (Some(said), l) if l != Language::English => {
                let (message, hint) = said.text(l);
                self.located(l, &message, &hint)
            }
            _ => self.to_string(),
        }
    }

    /// `file, row R, column 'C': message hint` in `language`.
    fn located(&self, language: Language, message: &str, hint: &str) -> String {
        let mut text = self.file.clone();
        if let Some(row) = self.row {
            text.push_str(&say(language, "problem-row", &[("row", row.to_string())]));
        }
        if let Some(column) = &self.column {
            text.push_str(&say(
                language,
                "problem-column",
                &[("column", column.clone())],
            ));
        }
        text.push_str(&say(language, "problem-colon", &[]));
        text.push(' ');
        text.push_str(message);
        if !hint.is_empty() {
            text.push(' ');
            text.push_str(hint);
        }
        text
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
        f.write_str(&self.located(Language::English, &self.message, &self.hint))
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
    /// The quotas that simple sums already show cannot be met (listed in `reason` too).
    pub conflicts: Vec<Problem>,
}

impl Infeasibility {
    /// [`Infeasibility::reason`] in `language`.
    pub fn in_language(&self, language: Language) -> String {
        let mut text = match &self.relaxation {
            Some(changes) => say(
                language,
                "infeasible-changes",
                &[("count", changes.len().to_string())],
            ),
            None => say(language, "infeasible-none", &[]),
        };
        for p in &self.conflicts {
            text.push_str("\n  - ");
            text.push_str(&p.in_language(language));
        }
        text
    }
}

impl QuotaChange {
    /// The change in `language`: `gender male: minimum 20 → 4`.
    pub fn in_language(&self, language: Language) -> String {
        let id = match self.bound {
            Bound::Minimum => "quota-change-minimum",
            Bound::Maximum => "quota-change-maximum",
        };
        say(
            language,
            id,
            &[
                ("feature", self.feature.clone()),
                ("value", self.value.clone()),
                ("from", self.from.to_string()),
                ("to", self.to.to_string()),
            ],
        )
    }
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
    /// Counting the panels exactly would take more partial tallies than the budget allows.
    #[error(
        "counting the panels exactly is out of reach on this pool: after {unit} of {units} \
         volunteer groups the count already holds {states} partial tallies (its limit); use \
         LEXIMIN, or a pool with fewer features or looser quotas"
    )]
    OutOfReach {
        /// The budget of partial tallies.
        states: usize,
        /// The group the count reached.
        unit: usize,
        /// All groups.
        units: usize,
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
    list_problems_in(problems, Language::English)
}

/// The problems in `language`, those of one column with the same message in one line
/// naming their rows.
fn list_problems_in(problems: &[Problem], language: Language) -> String {
    // Each problem's message and hint in the language (English unless it has its sentence).
    let text_of = |p: &Problem| match (&p.said, language) {
        (Some(said), l) if l != Language::English => said.text(l),
        _ => (p.message.clone(), p.hint.clone()),
    };
    let mut groups: Vec<(&Problem, (String, String), Vec<usize>)> = Vec::new();
    for p in problems {
        let text = text_of(p);
        let same = |(q, t, _): &&mut (&Problem, (String, String), Vec<usize>)| {
            q.file == p.file && q.column == p.column && *t == text
        };
        match (p.row, groups.iter_mut().find(same)) {
            (Some(row), Some((_, _, rows))) => rows.push(row),
            _ => groups.push((p, text, p.row.into_iter().collect())),
        }
    }
    let count = groups.len().to_string();
    let mut text = say(language, "problem-count", &[("count", count)]);
    for (p, (message, hint), rows) in groups {
        text.push_str("\n  - ");
        if rows.len() < 2 {
            text.push_str(&p.located(language, &message, &hint));
            continue;
        }
        let mut first: Vec<String> = rows.iter().take(5).map(|r| r.to_string()).collect();
        if rows.len() > 5 {
            first.push("…".into());
        }
        let mut shared = p.clone();
        shared.row = None;
        let message = say(
            language,
            "problem-in-rows",
            &[
                ("message", message.trim_end_matches('.').to_string()),
                ("count", rows.len().to_string()),
                ("rows", first.join(", ")),
            ],
        );
        text.push_str(&shared.located(language, &message, &hint));
    }
    text
}

impl Error {
    /// The error as the binary says it in `language`.
    pub fn in_language(&self, language: Language) -> String {
        match self {
            Error::Input(problems) => list_problems_in(problems, language),
            Error::Infeasible(why) => say(
                language,
                "error-infeasible",
                &[("reason", why.in_language(language))],
            ),
            other => other.said().sentence(language),
        }
    }

    /// The error as a catalogue sentence, to be said inside another (a verifier's finding).
    /// Input problems and infeasible quotas are lists: [`Error::in_language`] says those.
    pub fn said(&self) -> Said {
        match self {
            Error::Input(_) => said!("verify-plain", text = self),
            Error::Seed(problem) => problem.said(),
            Error::Infeasible(why) => said!("error-infeasible", reason = why.reason),
            Error::Io { path, source } => {
                said!("error-io", path = path.display(), why = source)
            }
            Error::LegacyGaveUp { attempts } => {
                said!("error-legacy-gave-up", attempts = attempts)
            }
            Error::Cancelled => said!("error-cancelled"),
            Error::OutOfTime {
                seconds,
                stage,
                fixed,
                types,
            } => said!(
                "error-out-of-time",
                seconds = seconds,
                stage = stage,
                fixed = fixed,
                types = types
            ),
            Error::OutOfReach {
                states,
                unit,
                units,
            } => said!(
                "error-out-of-reach",
                states = states,
                unit = unit,
                units = units
            ),
            Error::Solver { solver, message } => {
                said!("error-solver", solver = solver, message = message)
            }
            Error::UnknownSolver { name } => said!("error-unknown-solver", name = name),
            Error::SolverNotBuilt { name } => said!("error-solver-not-built", name = name),
            Error::BadSalt => said!("error-bad-salt"),
            Error::Commitment(problem) => said!("error-commitment", problem = problem.what()),
            Error::InputsChanged { files } => {
                said!("error-inputs-changed", files = files.join(", "))
            }
            Error::NoDistribution => said!("error-no-distribution"),
            Error::PanelBreaksRules(rules) => {
                said!("error-panel-breaks-rules", rules = rules.join("; "))
            }
            Error::Workbook(why) => said!("error-workbook", why = why),
        }
    }
}

impl CommitmentProblem {
    /// The message id of what is wrong (`what-commitment-…`), said inside `error-commitment`.
    fn what(&self) -> &'static str {
        match self {
            CommitmentProblem::NotJson => "what-commitment-not-json",
            CommitmentProblem::NotCanonical => "what-commitment-not-canonical",
            CommitmentProblem::HashMismatch => "what-commitment-hash-mismatch",
            CommitmentProblem::UnknownAlgorithm => "what-commitment-unknown-algorithm",
            CommitmentProblem::NoTickets => "what-commitment-no-tickets",
            CommitmentProblem::UnknownPeople => "what-commitment-unknown-people",
        }
    }
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::message_ids;

    /// Each error reads in English from the catalogue exactly as its `Display` says it, and
    /// French and Spanish have their own sentence for it.
    #[test]
    fn errors_are_said_in_every_language() {
        let errors = [
            Error::Io {
                path: "people.csv".into(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "not found"),
            },
            Error::LegacyGaveUp { attempts: 100 },
            Error::Cancelled,
            Error::OutOfTime {
                seconds: 600,
                stage: 4,
                fixed: 10,
                types: 90,
            },
            Error::Solver {
                solver: "clarabel",
                message: "stalled".into(),
            },
            Error::OutOfReach {
                states: 3_000_000,
                unit: 17,
                units: 240,
            },
            Error::UnknownSolver {
                name: "gurobi".into(),
            },
            Error::SolverNotBuilt { name: "highs" },
            Error::BadSalt,
            Error::Commitment(CommitmentProblem::NotJson),
            Error::Commitment(CommitmentProblem::NotCanonical),
            Error::Commitment(CommitmentProblem::HashMismatch),
            Error::Commitment(CommitmentProblem::UnknownAlgorithm),
            Error::Commitment(CommitmentProblem::NoTickets),
            Error::Commitment(CommitmentProblem::UnknownPeople),
            Error::InputsChanged {
                files: vec!["people", "settings"],
            },
            Error::NoDistribution,
            Error::PanelBreaksRules(vec!["gender male: 3 seats".into()]),
            Error::Workbook("a cell is too long".into()),
        ];
        for e in &errors {
            let english = e.in_language(Language::English);
            assert_eq!(english, e.to_string());
            for l in [Language::French, Language::Spanish] {
                let said = e.in_language(l);
                assert_ne!(said, english, "{l}: {english}");
                assert!(
                    !said.contains("error-") && !said.contains("what-"),
                    "{said}"
                );
            }
        }
    }

    /// Every problem sentence of the catalogues has its hint, and a problem said through them
    /// reads the same in English as before they existed.
    #[test]
    fn problem_sentences_have_hints_and_read_in_each_language() {
        let ids = message_ids(Language::English);
        let placement = ["problem-row", "problem-column", "problem-colon"];
        let plain = ["problem-count", "problem-in-rows"];
        for id in ids
            .iter()
            .filter(|i| i.starts_with("problem-") && !i.ends_with("-hint"))
        {
            if placement.contains(&id.as_str()) || plain.contains(&id.as_str()) {
                continue;
            }
            assert!(ids.contains(&format!("{id}-hint")), "{id} has no hint");
        }
        let p = Problem::said(
            "quotas.csv",
            "problem-min-above-max",
            &[("label", &"age/16-29: "), ("min", &7), ("max", &5)],
        )
        .at_row(4)
        .in_column("min");
        assert_eq!(
            p.to_string(),
            "quotas.csv, row 4, column 'min': age/16-29: the minimum (7) is larger than the maximum (5). Swap them or correct one of them."
        );
        assert_eq!(
            p.in_language(Language::French),
            "quotas.csv, ligne 4, colonne « min » : age/16-29: le minimum (7) est plus grand que le maximum (5). Échangez-les ou corrigez l'un des deux."
        );
        // A column's description is itself said in the language.
        let p = Problem::said(
            "people.csv",
            "problem-no-column",
            &[
                ("name", &"age"),
                ("what", &"what-feature-column"),
                ("found", &"id"),
            ],
        );
        assert!(p
            .in_language(Language::Spanish)
            .contains("(una característica del archivo de cuotas)"));
        assert!(p.to_string().contains("(a feature of the quota file)"));
    }
}
