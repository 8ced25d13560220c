//! settings.toml: the Sortition Foundation's keys plus kleroterion's own. Every key is optional.

use crate::error::Problem;
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
}

impl Algorithm {
    /// Every algorithm, in the order the help lists them.
    pub const ALL: [Algorithm; 4] = [
        Algorithm::Legacy,
        Algorithm::Leximin,
        Algorithm::Maximin,
        Algorithm::Nash,
    ];

    /// The algorithm of a lower-case name, as [`Algorithm::name`] gives it.
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The lower-case name used in settings files, records and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Legacy => "legacy",
            Algorithm::Leximin => "leximin",
            Algorithm::Maximin => "maximin",
            Algorithm::Nash => "nash",
        }
    }
}

/// The settings of a selection. See the README for each key and its default.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
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
        }
    }
}

impl Settings {
    /// Parses the text of a settings.toml file called `file`.
    pub fn parse(file: &str, text: &str) -> Result<Settings, Vec<Problem>> {
        let settings: Settings = toml::from_str(text).map_err(|e| {
            let row = e.span().map(|s| 1 + text[..s.start].matches('\n').count());
            let mut p = Problem::new(
                file,
                e.message().trim().to_string(),
                "See the README's settings table for the keys and their types.",
            );
            p.row = row;
            vec![p]
        })?;
        let mut problems = Vec::new();
        if settings.check_same_address && settings.check_same_address_columns.is_empty() {
            problems.push(Problem::new(
                file,
                "check_same_address is true but check_same_address_columns is empty.",
                "List the address columns, e.g. check_same_address_columns = [\"address_line_1\", \"postcode\"].",
            ));
        }
        if settings.id_column.trim().is_empty() {
            problems.push(Problem::new(
                file,
                "id_column is empty.",
                "Name the people.csv column that holds each volunteer's unique id.",
            ));
        }
        if settings.max_attempts == 0 {
            problems.push(Problem::new(file, "max_attempts is 0.", "Use at least 1."));
        }
        if problems.is_empty() {
            Ok(settings)
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(e[0].message.contains("unknown field"), "{}", e[0]);
        let e = Settings::parse("s", "check_same_address = true").unwrap_err();
        assert!(e[0].message.contains("check_same_address_columns is empty"));
    }
}
