//! The volunteers (people.csv): ids, feature values, households, and the columns kept in outputs.

use crate::error::Problem;
use crate::input::quotas::{Quotas, ValueId};
use crate::input::settings::Settings;
use crate::input::sheet::{shown, Separator, Sheet};
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
        let id_col = column(
            &settings.id_column,
            "the volunteer's unique id; set id_column in the settings if it has another name",
        );
        let feature_cols: Vec<Option<usize>> = quotas
            .features
            .iter()
            .map(|f| column(&f.name, "a feature of the quota file"))
            .collect();
        let keep_cols: Vec<Option<usize>> = settings
            .columns_to_keep
            .iter()
            .map(|c| column(c, "listed in columns_to_keep"))
            .collect();
        let address_cols: Vec<Option<usize>> = if settings.check_same_address {
            settings
                .check_same_address_columns
                .iter()
                .map(|c| column(c, "listed in check_same_address_columns"))
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
        let mut first_row_of: HashMap<String, usize> = HashMap::new();
        for row in &t.rows {
            let f = &row.fields;
            let mut ok = true;
            let id = f[id_col].clone();
            if id.is_empty() {
                problems.push(
                    Problem::new(
                        &t.file,
                        "the id is empty.",
                        "Give every volunteer a unique id.",
                    )
                    .at_row(row.number)
                    .in_column(t.headers[id_col].clone()),
                );
                ok = false;
            } else if let Some(first) = first_row_of.get(&id) {
                problems.push(
                    Problem::new(
                        &t.file,
                        format!("the id '{id}' is used again (first in row {first})."),
                        "Ids must be unique; give one of the two rows another id, or delete it if it is the same person.",
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
                        Problem::new(
                            &t.file,
                            format!("the {} is empty.", quotas.features[fi].name),
                            "Fill it in with one of the values of the quota file, or remove the volunteer.",
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
                            Problem::new(
                                &t.file,
                                format!(
                                    "'{}' is not a value of {} in the quota file.",
                                    shown(text),
                                    quotas.features[fi].name
                                ),
                                format!(
                                    "Use one of: {}; or add it to the quota file, or correct the rows.",
                                    known.join(", ")
                                ),
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
        Ok(People {
            file: t.file.clone(),
            headers: t.headers.clone(),
            people,
            output_columns,
            separator: t.separator,
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
        assert_eq!(e.len(), 4, "{text:?}");
        assert!(text[0].contains("row 3, column 'id': the id 'p1' is used again (first in row 2)"));
        assert!(text[1].contains("row 4, column 'id': the id is empty"));
        assert!(text[2].contains("row 5, column 'Gender': the gender is empty"));
        assert!(text[3].contains("row 6, column 'Gender': 'other' is not a value of gender"));
        assert!(text[3].contains("Use one of: female, male"));
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
