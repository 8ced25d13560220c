//! Quotas: per feature value, the minimum and maximum number of seats (features.csv).

use crate::error::Problem;
use crate::input::sheet::{name_key, Separator, Sheet};

/// Index of a feature value in [`Quotas::values`].
pub type ValueId = usize;

/// A feature (gender, age, ...) and the range of its values in [`Quotas::values`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// The name as spelled in the quota file.
    pub name: String,
    /// The indices of its values in [`Quotas::values`], contiguous.
    pub values: std::ops::Range<ValueId>,
}

/// The quota of one feature value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaValue {
    /// Index of the feature in [`Quotas::features`].
    pub feature: usize,
    /// The value as spelled in the quota file.
    pub name: String,
    /// Minimum number of seats.
    pub min: u32,
    /// Maximum number of seats.
    pub max: u32,
    /// The lowest the minimum may be relaxed to (`min_flex`, default 0).
    pub min_flex: u32,
    /// The highest the maximum may be relaxed to (`max_flex`, default: no limit).
    pub max_flex: Option<u32>,
    /// The value's share of the whole population (the optional `population` column, as a
    /// fraction: `0.51` or `51%`), shown beside the pool's and the panel's in the report.
    pub population: Option<Share>,
    /// The spreadsheet row of the quota file this value was read from (0 if built in code).
    pub row: usize,
}

/// A share of a whole: a finite number from 0 to 1 (so it compares exactly).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Share(f64);

impl Eq for Share {}

impl Share {
    /// The share, if `x` is one.
    pub fn new(x: f64) -> Option<Share> {
        (x.is_finite() && (0.0..=1.0).contains(&x)).then_some(Share(x))
    }

    /// A share as written in features.csv: a fraction from 0 to 1 (`0.513`) or a percentage
    /// (`51.3%`, `51,3 %`).
    pub fn parse(text: &str) -> Option<Share> {
        let t = text.trim();
        let (number, scale) = match t.strip_suffix('%') {
            Some(n) => (n.trim_end(), 100.0),
            None => (t, 1.0),
        };
        let x: f64 = number.replace(',', ".").parse().ok()?;
        Share::new(x / scale)
    }

    /// The fraction, 0 to 1.
    pub fn get(self) -> f64 {
        self.0
    }
}

/// All quotas of a selection, grouped by feature, in quota-file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotas {
    /// The file the quotas were read from, for messages.
    pub file_name: String,
    /// The features, in order of first appearance.
    pub features: Vec<Feature>,
    /// Every feature value, grouped by feature.
    pub values: Vec<QuotaValue>,
    /// The separator the file was read with.
    pub separator: Separator,
}

impl Quotas {
    /// Reads a quota table with header `feature,value,min,max` (or the older
    /// `category,name,min,max`), optional `min_flex,max_flex`; other columns are ignored.
    pub fn from_table(t: &Sheet) -> Result<Quotas, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut col = |names: &[&str], what: &str| match t.column(names, what) {
            Ok(c) => Some(c),
            Err(p) => {
                problems.push(p);
                None
            }
        };
        let feature = col(&["feature", "category"], "what-quota-feature");
        let value = col(&["value", "name"], "what-quota-value");
        let min = col(&["min"], "what-quota-min");
        let max = col(&["max"], "what-quota-max");
        let min_flex = t.optional_column("min_flex").unwrap_or_else(|p| {
            problems.push(p);
            None
        });
        let max_flex = t.optional_column("max_flex").unwrap_or_else(|p| {
            problems.push(p);
            None
        });
        let population = t.optional_column("population").unwrap_or_else(|p| {
            problems.push(p);
            None
        });
        let (Some(feature), Some(value), Some(min), Some(max)) = (feature, value, min, max) else {
            return Err(problems);
        };
        // (feature key, first spelling, rows of (value, quota))
        let mut grouped: Vec<(String, String, Vec<QuotaValue>)> = Vec::new();
        let mut seen: Vec<(String, String, usize)> = Vec::new();
        for row in &t.rows {
            let f = &row.fields;
            // Messages about a quota row name its feature and value ("gender/male: ...").
            let label = if f[feature].is_empty() || f[value].is_empty() {
                String::new()
            } else {
                format!("{}/{}: ", f[feature], f[value])
            };
            let number = |c: usize, required: bool| -> Result<Option<u32>, Problem> {
                let text = &f[c];
                if text.is_empty() && !required {
                    return Ok(None);
                }
                // A spreadsheet may write a whole number as "3.0".
                let whole = text.parse::<u32>().ok().or_else(|| {
                    let x = text.parse::<f64>().ok()?;
                    (x >= 0.0 && x.fract() == 0.0 && x <= f64::from(u32::MAX)).then_some(x as u32)
                });
                whole.map(Some).ok_or(()).map_err(|_| {
                    let id = if text.is_empty() {
                        "problem-bound-empty"
                    } else if text.parse::<i64>().is_ok() {
                        "problem-bound-negative"
                    } else {
                        "problem-bound-not-whole"
                    };
                    Problem::said(
                        &t.file,
                        id,
                        &[("label", &label), ("bound", &t.headers[c]), ("text", text)],
                    )
                    .at_row(row.number)
                    .in_column(t.headers[c].clone())
                })
            };
            let mut bad = false;
            let mut get = |c: Option<usize>, required: bool| match c.map(|c| number(c, required)) {
                None => None,
                Some(Ok(v)) => v,
                Some(Err(p)) => {
                    problems.push(p);
                    bad = true;
                    None
                }
            };
            let lo = get(Some(min), true);
            let hi = get(Some(max), true);
            let lo_flex = get(min_flex, false);
            let hi_flex = get(max_flex, false);
            let share = match population.map(|c| (c, f[c].trim())) {
                None | Some((_, "")) => None,
                Some((c, text)) => match Share::parse(text) {
                    Some(x) => Some(x),
                    None => {
                        problems.push(
                            Problem::said(
                                &t.file,
                                "problem-share-not-share",
                                &[("label", &label), ("text", &text)],
                            )
                            .at_row(row.number)
                            .in_column(t.headers[c].clone()),
                        );
                        None
                    }
                },
            };
            for (c, what) in [(feature, "feature"), (value, "value")] {
                if f[c].is_empty() {
                    problems.push(
                        Problem::said(
                            &t.file,
                            if what == "feature" {
                                "problem-feature-name-empty"
                            } else {
                                "problem-value-name-empty"
                            },
                            &[],
                        )
                        .at_row(row.number)
                        .in_column(t.headers[c].clone()),
                    );
                    bad = true;
                }
            }
            if bad {
                continue;
            }
            let (lo, hi) = (lo.unwrap_or(0), hi.unwrap_or(0));
            if lo > hi {
                problems.push(
                    Problem::said(
                        &t.file,
                        "problem-min-above-max",
                        &[("label", &label), ("min", &lo), ("max", &hi)],
                    )
                    .at_row(row.number)
                    .in_column(t.headers[min].clone()),
                );
                continue;
            }
            if let Some(lf) = lo_flex {
                if lf > lo {
                    problems.push(
                        Problem::said(
                            &t.file,
                            "problem-min-flex",
                            &[("label", &label), ("flex", &lf), ("min", &lo)],
                        )
                        .at_row(row.number)
                        .in_column("min_flex"),
                    );
                }
            }
            if let Some(hf) = hi_flex {
                if hf < hi {
                    problems.push(
                        Problem::said(
                            &t.file,
                            "problem-max-flex",
                            &[("label", &label), ("flex", &hf), ("max", &hi)],
                        )
                        .at_row(row.number)
                        .in_column("max_flex"),
                    );
                }
            }
            let fkey = name_key(&f[feature]);
            let vkey = name_key(&f[value]);
            if let Some((_, _, first)) = seen.iter().find(|(a, b, _)| *a == fkey && *b == vkey) {
                problems.push(
                    Problem::said(
                        &t.file,
                        "problem-quota-twice",
                        &[
                            ("feature", &f[feature]),
                            ("value", &f[value]),
                            ("first", first),
                        ],
                    )
                    .at_row(row.number)
                    .in_column(t.headers[value].clone()),
                );
                continue;
            }
            seen.push((fkey.clone(), vkey, row.number));
            let q = QuotaValue {
                feature: 0,
                name: f[value].clone(),
                min: lo,
                max: hi,
                min_flex: lo_flex.unwrap_or(0).min(lo),
                max_flex: hi_flex,
                population: share,
                row: row.number,
            };
            match grouped.iter_mut().find(|g| g.0 == fkey) {
                Some(g) => g.2.push(q),
                None => grouped.push((fkey, f[feature].clone(), vec![q])),
            }
        }
        if t.rows.is_empty() {
            problems.push(Problem::said(&t.file, "problem-no-quotas", &[]));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut quotas = Quotas {
            file_name: t.file.clone(),
            features: Vec::new(),
            values: Vec::new(),
            separator: t.separator,
        };
        // Population shares, where given, describe the whole population: they add up to 1.
        for (_, name, values) in &grouped {
            let shares: Vec<f64> = values
                .iter()
                .filter_map(|v| v.population.map(Share::get))
                .collect();
            let sum: f64 = shares.iter().sum();
            if !shares.is_empty() && (shares.len() < values.len() || (sum - 1.0).abs() > 0.02) {
                let mut p = Problem::said(
                    &t.file,
                    "problem-shares-sum",
                    &[
                        ("feature", name),
                        ("percent", &format!("{:.1}", 100.0 * sum)),
                        ("given", &shares.len()),
                        ("values", &values.len()),
                    ],
                )
                .in_column("population");
                p.row = values.first().map(|v| v.row);
                problems.push(p);
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        for (i, (_, name, values)) in grouped.into_iter().enumerate() {
            let start = quotas.values.len();
            quotas
                .values
                .extend(values.into_iter().map(|v| QuotaValue { feature: i, ..v }));
            quotas.features.push(Feature {
                name,
                values: start..quotas.values.len(),
            });
        }
        Ok(quotas)
    }

    /// Looks a value of feature `feature` up by name (trimmed, ignoring case).
    pub fn find_value(&self, feature: usize, name: &str) -> Option<ValueId> {
        let key = name_key(name);
        self.features[feature]
            .values
            .clone()
            .find(|&v| name_key(&self.values[v].name) == key)
    }

    /// Writes the quotas as a features.csv (header `feature,value,min,max,min_flex,max_flex`).
    /// A `population` column follows when any value has a share.
    pub fn to_csv(&self) -> String {
        let population = self.values.iter().any(|v| v.population.is_some());
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header = vec!["feature", "value", "min", "max", "min_flex", "max_flex"];
        if population {
            header.push("population");
        }
        w.write_record(header).expect("writing to memory");
        for v in &self.values {
            let mut record = vec![
                self.features[v.feature].name.clone(),
                v.name.clone(),
                v.min.to_string(),
                v.max.to_string(),
                v.min_flex.to_string(),
                v.max_flex.map(|m| m.to_string()).unwrap_or_default(),
            ];
            if population {
                record.push(
                    v.population
                        .map(|p| p.get().to_string())
                        .unwrap_or_default(),
                );
            }
            w.write_record(record).expect("writing to memory");
        }
        String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8 strings")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Quotas, Vec<Problem>> {
        Quotas::from_table(&Sheet::parse("features.csv", text.as_bytes()).unwrap())
    }

    #[test]
    fn both_headers_and_flex_columns() {
        let q = parse("category,name,min,max,min_flex,max_flex,notes\nGender,Female,1,2,0,3,x\ngender,male,1,2,,,\n").unwrap();
        assert_eq!(q.features.len(), 1);
        assert_eq!(q.features[0].name, "Gender");
        assert_eq!(q.values[0].max_flex, Some(3));
        assert_eq!(q.values[1].max_flex, None);
        assert_eq!(q.find_value(0, " MALE "), Some(1));
    }

    #[test]
    fn each_bad_number_is_reported_with_row_and_column() {
        let e = parse("feature,value,min,max\ng,f,x,2\ng,m,-1,2\ng,o,3,2\ng,f,1,1\nG,F ,1,1\n")
            .unwrap_err();
        let text: Vec<String> = e.iter().map(|p| p.to_string()).collect();
        assert_eq!(e.len(), 4, "{text:?}");
        assert!(text[0].contains("row 2, column 'min': g/f: the min is not a whole number"));
        assert!(text[1].contains("row 3, column 'min': g/m: the min is negative"));
        assert!(text[2].contains("row 4") && text[2].contains("g/o: the minimum (3) is larger"));
        assert!(text[3].contains("row 6") && text[3].contains("given twice (first in row 5)"));
    }

    /// Spreadsheets may write whole numbers as "3.0"; "2.5" is still no number of seats.
    #[test]
    fn whole_numbers_written_as_decimals_are_whole() {
        let q = parse("feature,value,min,max\ng,f,1.0,3.0\ng,m,0,2\n").unwrap();
        assert_eq!((q.values[0].min, q.values[0].max), (1, 3));
        let e = parse("feature,value,min,max\ng,f,1,2.5\n").unwrap_err();
        assert!(
            e[0].message
                .contains("g/f: the max is not a whole number ('2.5')"),
            "{}",
            e[0]
        );
    }

    #[test]
    fn inconsistent_flex_is_reported() {
        let e = parse("feature,value,min,max,min_flex,max_flex\ng,f,2,3,3,2\n").unwrap_err();
        assert_eq!(e.len(), 2);
        assert!(e[0].message.contains("min_flex (3) is larger"));
        assert!(e[1].message.contains("max_flex (2) is smaller"));
    }

    #[test]
    fn missing_columns_are_named() {
        let e = parse("feature,value,minimum,max\ng,f,1,2\n").unwrap_err();
        assert!(e[0].to_string().contains("no column 'min'"), "{}", e[0]);
    }
}
