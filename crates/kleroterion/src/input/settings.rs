//! settings.toml: the Sortition Foundation's keys plus kleroterion's own. Every key is optional.

use crate::error::Problem;
use crate::report::Language;
use serde::Deserialize;

/// Which selection algorithm draws the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    /// The Sortition Foundation's original greedy draw.
    Legacy,
    /// Maximise the smallest selection probability, then the next, and so on (the default).
    #[default]
    Leximin,
    /// Maximise the smallest selection probability only.
    Maximin,
    /// Maximise the sum of the logarithms of the selection probabilities.
    Nash,
    /// Keep the largest and the smallest selection probability both close to equal
    /// (Baharav & Flanigan's Goldilocks, robust to misreported features).
    Goldilocks,
    /// One panel whose seats spread most evenly over the intersections of features (the
    /// Sortition Foundation's diversimax); the seed picks the members within each type.
    Diversimax,
    /// One panel drawn uniformly at random among all that meet the quotas (maximal
    /// randomness), from the seed; the number of such panels is counted exactly.
    Uniform,
}

impl Algorithm {
    /// Every algorithm, in the order the help lists them.
    pub const ALL: [Algorithm; 7] = [
        Algorithm::Legacy,
        Algorithm::Leximin,
        Algorithm::Maximin,
        Algorithm::Nash,
        Algorithm::Goldilocks,
        Algorithm::Diversimax,
        Algorithm::Uniform,
    ];

    /// The algorithm of a lower-case name, as [`Algorithm::name`] gives it.
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.name() == name)
    }

    /// Whether the seed draws the panel itself (re-run by `verify`), with no lottery of
    /// tickets: LEGACY and UNIFORM.
    pub fn draws_directly(self) -> bool {
        matches!(self, Algorithm::Legacy | Algorithm::Uniform)
    }

    /// The lower-case name used in settings files, records and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Legacy => "legacy",
            Algorithm::Leximin => "leximin",
            Algorithm::Maximin => "maximin",
            Algorithm::Nash => "nash",
            Algorithm::Goldilocks => "goldilocks",
            Algorithm::Diversimax => "diversimax",
            Algorithm::Uniform => "uniform",
        }
    }
}

/// How the lottery rounds a distribution to its tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Rounding {
    /// Herding: each ticket to the composition the lagging types need most (the default,
    /// and what every earlier version did).
    #[default]
    Herding,
    /// Herding, then repaired so that every volunteer's chance is within one ticket of their
    /// probability wherever the repair reaches it.
    WithinOneTicket,
}

impl Rounding {
    /// The name used in settings files and records.
    pub fn name(self) -> &'static str {
        match self {
            Rounding::Herding => "herding",
            Rounding::WithinOneTicket => "within-one-ticket",
        }
    }
}

/// The settings of a selection. See the README for each key and its default.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Name of the people.csv column holding a unique id (default `id`).
    pub id_column: String,
    /// Further people.csv columns copied into the outputs (default none).
    pub columns_to_keep: Vec<String>,
    /// At most one person per household (default false).
    pub check_same_address: bool,
    /// The columns that together make an address (default none; required when
    /// `check_same_address` is true).
    pub check_same_address_columns: Vec<String>,
    /// The algorithm (default leximin).
    pub selection_algorithm: Algorithm,
    /// The Sortition Foundation's numeric seed; used as the seed text when no `--seed` is
    /// given and it is not 0 (default 0: no seed).
    pub random_number_seed: u64,
    /// How many times LEGACY restarts after a dead end before giving up (default 100).
    pub max_attempts: u32,
    /// The Sortition Foundation's solver choice (`highspy` or `mip`), which every settings
    /// file it writes holds. Accepted and kept for the note the binary prints: kleroterion
    /// chooses its solvers itself (the `pure` default, or HiGHS with the `highs` feature).
    pub solver_backend: Option<String>,
    /// The language of the selection report and messages: `en`, `fr` or `es` (default: the
    /// system's, else English).
    pub language: Option<String>,
    /// The assembly's name or question, shown at the top of the report (default none).
    pub assembly_title: Option<String>,
    /// How the lottery rounds to tickets (default herding).
    pub lottery_rounding: Rounding,
    /// Goldilocks' weight γ on the smallest probability against the largest (default
    /// [`crate::select::goldilocks::DEFAULT_GAMMA`]).
    pub goldilocks_gamma: Option<f64>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            id_column: "id".into(),
            columns_to_keep: Vec::new(),
            check_same_address: false,
            check_same_address_columns: Vec::new(),
            selection_algorithm: Algorithm::default(),
            random_number_seed: 0,
            max_attempts: 100,
            solver_backend: None,
            language: None,
            assembly_title: None,
            lottery_rounding: Rounding::default(),
            goldilocks_gamma: None,
        }
    }
}

impl Settings {
    /// The language the settings ask for, if any.
    pub fn language(&self) -> Option<Language> {
        self.language.as_deref().and_then(Language::from_tag)
    }

    /// Goldilocks' γ: the settings' or the default.
    pub fn gamma(&self) -> f64 {
        self.goldilocks_gamma
            .unwrap_or(crate::select::goldilocks::DEFAULT_GAMMA)
    }

    /// Parses the text of a settings.toml file called `file`.
    pub fn parse(file: &str, text: &str) -> Result<Settings, Vec<Problem>> {
        if let Ok(table) = text.parse::<toml::Table>() {
            let problems = check_keys(file, text, &table);
            if !problems.is_empty() {
                return Err(problems);
            }
        }
        let settings: Settings = toml::from_str(text).map_err(|e| {
            let row = e.span().map(|s| 1 + text[..s.start].matches('\n').count());
            // The TOML reader's own words (English), inside our sentence.
            let mut p = Problem::said(
                file,
                "problem-settings-syntax",
                &[("error", &e.message().trim())],
            );
            p.row = row;
            vec![p]
        })?;
        let mut problems = Vec::new();
        if settings.check_same_address && settings.check_same_address_columns.is_empty() {
            problems.push(Problem::said(file, "problem-address-columns-empty", &[]));
        }
        if settings.id_column.trim().is_empty() {
            problems.push(Problem::said(file, "problem-id-column-empty", &[]));
        }
        if settings.max_attempts == 0 {
            problems.push(Problem::said(file, "problem-max-attempts-zero", &[]));
        }
        if problems.is_empty() {
            Ok(settings)
        } else {
            Err(problems)
        }
    }
}

/// What a settings key holds, in words for messages.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    TextList,
    YesNo,
    Whole { least: i64 },
    Algorithm,
    Language,
    Rounding,
    Positive,
}

/// Every key, with what it holds.
const KEYS: [(&str, Kind); 12] = [
    ("id_column", Kind::Text),
    ("columns_to_keep", Kind::TextList),
    ("check_same_address", Kind::YesNo),
    ("check_same_address_columns", Kind::TextList),
    ("selection_algorithm", Kind::Algorithm),
    ("random_number_seed", Kind::Whole { least: 0 }),
    ("max_attempts", Kind::Whole { least: 1 }),
    ("solver_backend", Kind::Text),
    ("language", Kind::Language),
    ("assembly_title", Kind::Text),
    ("lottery_rounding", Kind::Rounding),
    ("goldilocks_gamma", Kind::Positive),
];

/// The number of single-character edits between two keys (for "did you mean").
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for j in 0..b.len() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != b[j]))
                .min(row[j] + 1)
                .min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

/// The settings problems a parsed TOML table has, each naming its key and line and saying
/// in words what the key must hold.
fn check_keys(file: &str, text: &str, table: &toml::Table) -> Vec<Problem> {
    let line_of = |key: &str| {
        text.lines().position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
    };
    let mut problems = Vec::new();
    for (key, value) in table {
        let at = |p: Problem| match line_of(key) {
            Some(i) => p.at_row(i + 1),
            None => p,
        };
        let Some(&(_, kind)) = KEYS.iter().find(|(k, _)| k == key) else {
            let closest = KEYS.iter().map(|(k, _)| (edits(key, k), *k)).min();
            let keys = KEYS.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ");
            problems.push(at(match closest {
                Some((d, k)) if d <= 3 => Problem::said(
                    file,
                    "problem-no-setting-close",
                    &[("key", key), ("closest", &k)],
                ),
                _ => Problem::said(file, "problem-no-setting", &[("key", key), ("keys", &keys)]),
            }));
            continue;
        };
        let found = match value {
            toml::Value::String(s) => format!("\"{}\"", crate::input::sheet::shown(s)),
            other => crate::input::sheet::shown(&other.to_string()),
        };
        // `words` is a `what-…` message: what the key must be.
        let wrong = |words: &str| {
            Problem::said(
                file,
                "problem-setting-type",
                &[("key", key), ("words", &words), ("found", &found)],
            )
        };
        let problem = match (kind, value) {
            (Kind::Text, toml::Value::String(_)) | (Kind::YesNo, toml::Value::Boolean(_)) => None,
            (Kind::Text, _) => Some(wrong("what-text-in-quotes")),
            (Kind::YesNo, _) => Some(wrong("what-true-or-false")),
            (Kind::TextList, toml::Value::Array(items)) if items.iter().all(|i| i.is_str()) => None,
            (Kind::TextList, _) => Some(wrong("what-column-list")),
            (Kind::Whole { least }, toml::Value::Integer(n)) if *n >= least => None,
            (Kind::Whole { least }, _) => Some(Problem::said(
                file,
                "problem-setting-not-whole",
                &[("key", key), ("least", &least), ("found", &found)],
            )),
            (Kind::Algorithm, toml::Value::String(name))
                if Algorithm::from_name(name).is_some() =>
            {
                None
            }
            (Kind::Language, toml::Value::String(tag)) if Language::from_tag(tag).is_some() => None,
            (Kind::Language, _) => Some(wrong("what-language-tag")),
            (Kind::Rounding, toml::Value::String(name))
                if ["herding", "within-one-ticket"].contains(&name.as_str()) =>
            {
                None
            }
            (Kind::Rounding, _) => Some(wrong("what-rounding")),
            (Kind::Positive, toml::Value::Float(x)) if x.is_finite() && *x > 0.0 => None,
            (Kind::Positive, toml::Value::Integer(n)) if *n > 0 => None,
            (Kind::Positive, _) => Some(wrong("what-positive-number")),
            (Kind::Algorithm, _) => Some(Problem::said(
                file,
                "problem-setting-not-algorithm",
                &[
                    ("key", key),
                    (
                        "names",
                        &Algorithm::ALL
                            .map(|a| format!("\"{}\"", a.name()))
                            .join(", "),
                    ),
                    ("found", &found),
                ],
            )),
        };
        problems.extend(problem.map(at));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_problems_name_the_key_the_line_and_the_type_in_words() {
        let e = Settings::parse("s.toml", "id_column = \"id\"\nrandom_number_seed = \"abc\"\nselection_algoritm = \"nash\"\ncheck_same_address = \"yes\"\n").unwrap_err();
        let text: Vec<String> = e.iter().map(|p| p.to_string()).collect();
        assert!(text.iter().any(|t| t == "s.toml, row 2: random_number_seed must be a whole number of at least 0, found \"abc\". See the README's settings table."), "{text:#?}");
        assert!(text.iter().any(|t| t.contains("row 3: there is no setting 'selection_algoritm'. Did you mean 'selection_algorithm'?")), "{text:#?}");
        assert!(
            text.iter()
                .any(|t| t.contains("row 4: check_same_address must be true or false")),
            "{text:#?}"
        );
        let s = Settings::parse("s", "selection_algorithm = \"diversimax\"\n").unwrap();
        assert_eq!(s.selection_algorithm, Algorithm::Diversimax);
    }

    #[test]
    fn goldilocks_gamma_must_be_a_positive_number() {
        let s = Settings::parse(
            "s",
            "selection_algorithm = \"goldilocks\"\ngoldilocks_gamma = 2\n",
        )
        .unwrap();
        assert_eq!(
            (s.selection_algorithm, s.gamma()),
            (Algorithm::Goldilocks, 2.0)
        );
        assert_eq!(Settings::default().gamma(), 1.0);
        for bad in ["0", "-1.5", "\"two\""] {
            let e = Settings::parse("s", &format!("goldilocks_gamma = {bad}\n")).unwrap_err();
            assert!(
                e[0].to_string()
                    .contains("goldilocks_gamma must be a number above 0"),
                "{}",
                e[0]
            );
        }
    }

    #[test]
    fn empty_file_gives_defaults() {
        assert_eq!(Settings::parse("s", "").unwrap(), Settings::default());
    }

    #[test]
    fn sortition_foundation_keys() {
        let s = Settings::parse(
            "s",
            "id_column = \"nationbuilder_id\"\ncolumns_to_keep = [\"email\"]\ncheck_same_address = true\ncheck_same_address_columns = [\"address\"]\nselection_algorithm = \"legacy\"\nrandom_number_seed = 42\n",
        )
        .unwrap();
        assert_eq!(s.selection_algorithm, Algorithm::Legacy);
        assert_eq!(s.random_number_seed, 42);
    }

    #[test]
    fn unknown_key_and_missing_address_columns() {
        let e = Settings::parse("s", "\nid_colum = \"x\"\n").unwrap_err();
        assert_eq!(e[0].row, Some(2));
        assert!(e[0].message.contains("no setting 'id_colum'"), "{}", e[0]);
        assert_eq!(e[0].hint, "Did you mean 'id_column'?");
        let e = Settings::parse("s", "check_same_address = true").unwrap_err();
        assert!(e[0].message.contains("check_same_address_columns is empty"));
    }
}
