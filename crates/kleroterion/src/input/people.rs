//! The volunteers (people.csv): ids, feature values, households, and the columns kept in outputs.

use crate::error::Problem;
use crate::input::quotas::{Quotas, ValueId};
use crate::input::settings::Settings;
use crate::input::sheet::{shown, Separator, Sheet};
use crate::report::Said;
use crate::said;
use std::collections::HashMap;

/// One volunteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The unique id, as written in the file.
    pub id: String,
    /// The spreadsheet row the person was read from.
    pub row: usize,
    /// For each feature of the quotas (in order), the person's value.
    pub values: Vec<ValueId>,
    /// Every field of the row, in the order of [`People::headers`].
    pub fields: Vec<String>,
    /// The normalised address (trimmed, case-folded, white space collapsed, columns joined),
    /// when households are checked.
    pub address: Option<String>,
}

/// A list of volunteers read from one file, with the columns that go into outputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct People {
    /// The file name, for messages.
    pub file: String,
    /// The header names, as in the file.
    pub headers: Vec<String>,
    /// The people, in file order.
    pub people: Vec<Person>,
    /// The columns written to outputs, as indices into `headers`: the id, the kept columns,
    /// the address columns and the feature columns, each once, in that order.
    pub output_columns: Vec<usize>,
    /// The separator the file was read with.
    pub separator: Separator,
    /// Rows left out with a warning, as the Sortition Foundation's library leaves them out:
    /// blank rows, exact copies of an earlier row, rows without an id.
    pub skipped: Vec<SkippedRow>,
}

/// A row of the people file read over with a warning; listed in the output and committed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkippedRow {
    /// The spreadsheet row.
    pub row: u32,
    /// Why, in words ("blank", "a copy of row 5", "no id").
    pub reason: String,
}

impl SkippedRow {
    /// Why, as a catalogue sentence: the recorded reason stays in English (it is committed),
    /// and is said in any language from it.
    pub fn said(&self) -> Said {
        match self.reason.as_str() {
            "blank" => said!("skipped-blank"),
            "no id" => said!("skipped-no-id"),
            other => match other.strip_prefix("a copy of row ") {
                Some(row) => said!("skipped-copy", row = row),
                None => said!("verify-plain", text = other),
            },
        }
    }
}

/// Normalises an address for household comparison: trimmed, case-folded, runs of white space
/// collapsed to one space; the columns are joined with a unit separator.
pub fn household_key(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| {
            p.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

impl People {
    /// Reads people from `t`, matching feature columns and values with `quotas`.
    pub fn from_table(
        t: &Sheet,
        quotas: &Quotas,
        settings: &Settings,
    ) -> Result<People, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut column = |name: &str, what: &str| match t.column(&[name], what) {
            Ok(c) => Some(c),
            Err(p) => {
                problems.push(p);
                None
            }
        };
        let id_col = column(&settings.id_column, "what-id-column");
        let feature_cols: Vec<Option<usize>> = quotas
            .features
            .iter()
            .map(|f| column(&f.name, "what-feature-column"))
            .collect();
        let keep_cols: Vec<Option<usize>> = settings
            .columns_to_keep
            .iter()
            .map(|c| column(c, "what-kept-column"))
            .collect();
        let address_cols: Vec<Option<usize>> = if settings.check_same_address {
            settings
                .check_same_address_columns
                .iter()
                .map(|c| column(c, "what-address-column"))
                .collect()
        } else {
            Vec::new()
        };
        let (Some(id_col), Some(feature_cols), Some(keep_cols), Some(address_cols)) = (
            id_col,
            feature_cols.into_iter().collect::<Option<Vec<_>>>(),
            keep_cols.into_iter().collect::<Option<Vec<_>>>(),
            address_cols.into_iter().collect::<Option<Vec<_>>>(),
        ) else {
            return Err(problems);
        };
        let mut output_columns = vec![id_col];
        for c in keep_cols.iter().chain(&address_cols).chain(&feature_cols) {
            if !output_columns.contains(c) {
                output_columns.push(*c);
            }
        }
        let mut people = Vec::with_capacity(t.rows.len());
        let mut skipped: Vec<SkippedRow> = t
            .blank_rows
            .iter()
            .map(|&r| SkippedRow {
                row: r as u32,
                reason: "blank".into(),
            })
            .collect();
        let mut first_row_of: HashMap<String, usize> = HashMap::new();
        let mut rows_seen: HashMap<&[String], usize> = HashMap::new();
        for row in &t.rows {
            let f = &row.fields;
            let mut ok = true;
            let id = f[id_col].clone();
            // Read over with a warning, as the Sortition Foundation's library does: a row
            // without an id, an exact copy of an earlier row.
            if id.is_empty() {
                skipped.push(SkippedRow {
                    row: row.number as u32,
                    reason: "no id".into(),
                });
                continue;
            }
            if let Some(&first) = rows_seen.get(f.as_slice()) {
                skipped.push(SkippedRow {
                    row: row.number as u32,
                    reason: format!("a copy of row {first}"),
                });
                continue;
            }
            rows_seen.insert(f.as_slice(), row.number);
            if let Some(first) = first_row_of.get(&id) {
                problems.push(
                    Problem::said(
                        &t.file,
                        "problem-id-again",
                        &[("id", &id), ("first", first)],
                    )
                    .at_row(row.number)
                    .in_column(t.headers[id_col].clone()),
                );
                ok = false;
            } else {
                first_row_of.insert(id.clone(), row.number);
            }
            let mut values = Vec::with_capacity(feature_cols.len());
            for (fi, &c) in feature_cols.iter().enumerate() {
                let text = &f[c];
                if text.is_empty() {
                    problems.push(
                        Problem::said(
                            &t.file,
                            "problem-feature-empty",
                            &[("feature", &quotas.features[fi].name)],
                        )
                        .at_row(row.number)
                        .in_column(t.headers[c].clone()),
                    );
                    ok = false;
                    continue;
                }
                match quotas.find_value(fi, text) {
                    Some(v) => values.push(v),
                    None => {
                        let known: Vec<&str> = quotas.features[fi]
                            .values
                            .clone()
                            .map(|v| quotas.values[v].name.as_str())
                            .collect();
                        problems.push(
                            Problem::said(
                                &t.file,
                                "problem-unknown-value",
                                &[
                                    ("text", &shown(text)),
                                    ("feature", &quotas.features[fi].name),
                                    ("known", &known.join(", ")),
                                ],
                            )
                            .at_row(row.number)
                            .in_column(t.headers[c].clone()),
                        );
                        ok = false;
                    }
                }
            }
            let address = if settings.check_same_address {
                let parts: Vec<&str> = address_cols.iter().map(|&c| f[c].as_str()).collect();
                if parts.iter().all(|p| p.is_empty()) {
                    None
                } else {
                    Some(household_key(&parts))
                }
            } else {
                None
            };
            if ok {
                people.push(Person {
                    id,
                    row: row.number,
                    values,
                    fields: f.clone(),
                    address,
                });
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        skipped.sort_by_key(|s| s.row);
        Ok(People {
            file: t.file.clone(),
            headers: t.headers.clone(),
            people,
            output_columns,
            separator: t.separator,
            skipped,
        })
    }

    /// The person with id `id`, if any.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.people.iter().position(|p| p.id == id)
    }

    /// Names of the output columns, in order.
    pub fn output_headers(&self) -> Vec<String> {
        self.output_columns
            .iter()
            .map(|&c| self.headers[c].clone())
            .collect()
    }

    /// The output fields of person `i`.
    pub fn output_fields(&self, i: usize) -> Vec<String> {
        self.output_columns
            .iter()
            .map(|&c| self.people[i].fields[c].clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotas() -> Quotas {
        let t = Sheet::parse(
            "features.csv",
            b"feature,value,min,max\ngender,female,1,1\ngender,male,1,1\n",
        )
        .unwrap();
        Quotas::from_table(&t).unwrap()
    }

    #[test]
    fn rows_with_problems_are_all_reported() {
        let t = Sheet::parse(
            "people.csv",
            b"id,Gender\np1,Female\np1,male\n,male\np4,\np5,other\n",
        )
        .unwrap();
        let e = People::from_table(&t, &quotas(), &Settings::default()).unwrap_err();
        let text: Vec<String> = e.iter().map(|p| p.to_string()).collect();
        assert_eq!(e.len(), 3, "{text:?}");
        assert!(text[0].contains("row 3, column 'id': the id 'p1' is used again (first in row 2)"));
        assert!(text[1].contains("row 5, column 'Gender': the gender is empty"));
        assert!(text[2].contains("row 6, column 'Gender': 'other' is not a value of gender"));
        assert!(text[2].contains("Use one of: female, male"));
    }

    /// As the Sortition Foundation's library does: blank rows inside the table, exact copies of
    /// an earlier row and rows without an id are read over, each listed with its row; blank
    /// rows after the table are not rows at all; the same id with other values stays an error.
    #[test]
    fn rows_read_over_are_listed() {
        let t = Sheet::parse(
            "people.csv",
            b"id,Gender\np1,Female\n,\np2,male\np1,Female\n,male\np3,male\n,\n\n",
        )
        .unwrap();
        let p = People::from_table(&t, &quotas(), &Settings::default()).unwrap();
        let ids: Vec<&str> = p.people.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, ["p1", "p2", "p3"]);
        let listed: Vec<(u32, &str)> = p
            .skipped
            .iter()
            .map(|s| (s.row, s.reason.as_str()))
            .collect();
        assert_eq!(listed, [(3, "blank"), (5, "a copy of row 2"), (6, "no id")]);
        let french: Vec<String> = p
            .skipped
            .iter()
            .map(|s| s.said().sentence(crate::report::Language::French))
            .collect();
        assert_eq!(french, ["vide", "copie de la ligne 2", "sans id"]);
        assert_eq!(p.skipped[1].said().to_string(), "a copy of row 2");
        let t = Sheet::parse("people.csv", b"id,Gender\np1,female\np1,male\n").unwrap();
        assert!(People::from_table(&t, &quotas(), &Settings::default()).is_err());
    }

    #[test]
    fn addresses_are_normalised() {
        assert_eq!(
            household_key(&[" 1  High  St ", "AB1 2CD"]),
            household_key(&["1 high st", "ab1 2cd"])
        );
        assert_ne!(
            household_key(&["1 high st", "AB1"]),
            household_key(&["1 high st", "AB2"])
        );
    }
}
