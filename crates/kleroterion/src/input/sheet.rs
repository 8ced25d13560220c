//! Reading the CSV files that spreadsheets export: UTF-8 with or without BOM, CRLF or LF,
//! quoted fields, stray spaces and trailing blank lines. Non-UTF-8 input is rejected with the
//! row that holds the first bad byte.

use crate::error::Problem;

/// A CSV file read into memory: trimmed header names and data rows, blank rows dropped.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The name the file is reported under in problems.
    pub file: String,
    /// Header names, trimmed, in file order.
    pub headers: Vec<String>,
    /// Data rows with their spreadsheet row number (header = 1). Fields are trimmed.
    pub rows: Vec<Row>,
}

/// One data row of a [`Sheet`].
#[derive(Debug, Clone)]
pub struct Row {
    /// Spreadsheet row number (the header is row 1).
    pub number: usize,
    /// Trimmed fields, as many as there are headers.
    pub fields: Vec<String>,
}

/// Compares two names the way the file formats do: trimmed and ignoring case.
pub fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Normalises a name for lookups: trimmed and lower-cased.
pub fn name_key(a: &str) -> String {
    a.trim().to_lowercase()
}

/// The 1-based line on which the record reported at byte offset `at` starts. The csv crate
/// reports the offset of the line terminator before a record, so terminators are skipped.
fn line_of(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && (bytes[at] == b'\r' || bytes[at] == b'\n') {
        at += 1;
    }
    1 + bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

impl Sheet {
    /// Parses `bytes` as the content of the file called `file`.
    pub fn parse(file: &str, bytes: &[u8]) -> Result<Sheet, Vec<Problem>> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if let Err(e) = std::str::from_utf8(bytes) {
            let row = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            return Err(vec![Problem::new(
                file,
                format!(
                    "the file is not UTF-8 text (byte {} is not valid UTF-8).",
                    e.valid_up_to() + 1
                ),
                "Re-export it from your spreadsheet as \"CSV UTF-8 (comma delimited)\".",
            )
            .at_row(row)]);
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut headers: Option<Vec<String>> = None;
        let mut rows = Vec::new();
        let mut problems = Vec::new();
        for record in reader.records() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let row = e
                        .position()
                        .map(|p| line_of(bytes, p.byte() as usize))
                        .unwrap_or(0);
                    problems.push(
                        Problem::new(
                            file,
                            format!("the CSV could not be read ({e})."),
                            "Check for an unclosed quote and re-export the file.",
                        )
                        .at_row(row),
                    );
                    break;
                }
            };
            let number = record
                .position()
                .map(|p| line_of(bytes, p.byte() as usize))
                .unwrap_or(0);
            let fields: Vec<String> = record.iter().map(|f| f.trim().to_string()).collect();
            if fields.iter().all(|f| f.is_empty()) {
                continue;
            }
            match &headers {
                None => headers = Some(fields),
                Some(h) => {
                    let mut fields = fields;
                    if fields.len() > h.len() {
                        if fields[h.len()..].iter().any(|f| !f.is_empty()) {
                            problems.push(
                                Problem::new(
                                    file,
                                    format!(
                                        "the row has {} fields but the header has {} columns.",
                                        fields.len(),
                                        h.len()
                                    ),
                                    "Remove the extra cells or give the column a header.",
                                )
                                .at_row(number),
                            );
                        }
                        fields.truncate(h.len());
                    }
                    fields.resize(h.len(), String::new());
                    rows.push(Row { number, fields });
                }
            }
        }
        let Some(headers) = headers else {
            problems.push(Problem::new(
                file,
                "the file is empty.",
                "Export the sheet again, with its header row.",
            ));
            return Err(problems);
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Sheet {
            file: file.to_string(),
            headers,
            rows,
        })
    }

    /// Finds the one column whose header matches any of `names` (trimmed, ignoring case).
    /// Reports a missing or a duplicated column as a problem.
    pub fn column(&self, names: &[&str], what: &str) -> Result<usize, Problem> {
        let found: Vec<usize> = (0..self.headers.len())
            .filter(|&i| names.iter().any(|n| same_name(&self.headers[i], n)))
            .collect();
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(Problem::new(
                &self.file,
                format!("there is no column '{}' ({what}).", names[0]),
                format!(
                    "Add it to the header row; the columns found are: {}.",
                    self.headers.join(", ")
                ),
            )
            .at_row(1)
            .in_column(names[0])),
            many => Err(Problem::new(
                &self.file,
                format!(
                    "the column '{}' appears {} times (columns {}).",
                    self.headers[many[0]],
                    many.len(),
                    many.iter()
                        .map(|i| (i + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                "Keep one of them and rename or delete the others.",
            )
            .at_row(1)
            .in_column(self.headers[many[0]].clone())),
        }
    }

    /// Like [`Sheet::column`], but a missing column is not a problem.
    pub fn optional_column(&self, name: &str) -> Result<Option<usize>, Problem> {
        if self.headers.iter().any(|h| same_name(h, name)) {
            self.column(&[name], "").map(Some)
        } else {
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_crlf_quotes_and_blank_lines_load() {
        let bytes = b"\xEF\xBB\xBFid , name\r\n\"p1\",\" Ann, B \"\r\np2,Bob\r\n\r\n,\r\n";
        let t = Sheet::parse("people.csv", bytes).unwrap();
        assert_eq!(t.headers, vec!["id", "name"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].fields, vec!["p1", "Ann, B"]);
        assert_eq!(t.rows[1].number, 3);
    }

    #[test]
    fn non_utf8_names_the_row() {
        let bytes = b"id,name\np1,Ann\np2,Jos\xe9\n";
        let e = Sheet::parse("people.csv", bytes).unwrap_err();
        assert_eq!(e[0].row, Some(3));
        assert!(e[0].to_string().contains("UTF-8"), "{}", e[0]);
    }

    #[test]
    fn duplicated_and_missing_columns_are_problems() {
        let t = Sheet::parse("f.csv", b"a,A,b\n1,2,3\n").unwrap();
        assert!(t
            .column(&["a"], "x")
            .unwrap_err()
            .message
            .contains("2 times"));
        assert!(t
            .column(&["c"], "x")
            .unwrap_err()
            .message
            .contains("no column 'c'"));
        assert_eq!(t.column(&["B"], "x").unwrap(), 2);
    }
}
