//! Reading the CSV files that spreadsheets export: UTF-8 with or without BOM, UTF-16 with a
//! BOM ("Unicode text"), CRLF or LF, quoted fields, stray spaces and trailing blank lines;
//! comma, semicolon or tab separated (what Excel writes in French, Spanish or German locales),
//! or as a `sep=` first line says. A read succeeds completely or fails loudly: every row must
//! have the header's number of fields, an unclosed quote is reported at the row where it
//! opened, and nothing is dropped or shifted. Other encodings are rejected with the row that
//! holds the first bad byte.

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
    /// The field separator found (or named by a `sep=` line).
    pub separator: Separator,
    /// Rows with no cell filled, read over (spreadsheet row numbers).
    pub blank_rows: Vec<usize>,
}

/// The field separator of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    /// `,`
    Comma,
    /// `;`
    Semicolon,
    /// a tab
    Tab,
    /// not text: a sheet of a workbook (.xlsx, .ods, ...)
    Workbook,
}

impl Separator {
    fn byte(self) -> u8 {
        match self {
            Separator::Comma => b',',
            Separator::Semicolon => b';',
            Separator::Tab => b'\t',
            // Never used to split text: a workbook's cells come from calamine.
            Separator::Workbook => b',',
        }
    }

    fn of(byte: u8) -> Option<Separator> {
        match byte {
            b',' => Some(Separator::Comma),
            b';' => Some(Separator::Semicolon),
            b'\t' => Some(Separator::Tab),
            _ => None,
        }
    }

    /// Its name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Separator::Comma => "comma",
            Separator::Semicolon => "semicolon",
            Separator::Tab => "tab",
            Separator::Workbook => "workbook",
        }
    }
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

/// A cell as the reader keeps it: every kind of Unicode white space (no-break spaces from
/// spreadsheets included) read as a space, runs of it as one, and none at either end.
pub fn clean_cell(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    for word in cell.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A cell as a message quotes it: cut at 60 characters, with invisible characters (zero-width
/// spaces, control and format characters) written out, e.g. `old\u{200b}town`.
pub fn shown(cell: &str) -> String {
    let mut out = String::new();
    for (i, c) in cell.chars().enumerate() {
        if i == 60 {
            out.push('…');
            break;
        }
        let invisible = c.is_control()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{00ad}');
        if invisible {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Decodes UTF-16 text with a byte-order mark ("Unicode text" exports); `None` when `bytes`
/// has no UTF-16 BOM, `Some(Err(row))` at the row of a malformed code unit.
fn utf16(bytes: &[u8]) -> Option<Result<String, usize>> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks(2).map(|c| match (c, little) {
        ([a, b], true) => u16::from_le_bytes([*a, *b]),
        ([a, b], false) => u16::from_be_bytes([*a, *b]),
        _ => 0xD800, // an odd byte at the end: never valid
    });
    let mut text = String::new();
    for unit in char::decode_utf16(units) {
        match unit {
            Ok(c) => text.push(c),
            Err(_) => return Some(Err(1 + text.matches('\n').count())),
        }
    }
    Some(Ok(text))
}

/// The separator: the one a `sep=` first line names (then that line is skipped), or the one of
/// comma, semicolon and tab found most often outside quotes on the first non-blank line.
fn separator(bytes: &[u8]) -> (Separator, usize) {
    if let Some(rest) = bytes
        .strip_prefix(b"sep=")
        .or_else(|| bytes.strip_prefix(b"SEP="))
    {
        if let Some(sep) = rest.first().copied().and_then(Separator::of) {
            let skip = 4 + rest
                .iter()
                .position(|&b| b == b'\n')
                .map_or(rest.len(), |p| p + 1);
            return (sep, skip);
        }
    }
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in &bytes[start..] {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [Separator::Comma, Separator::Semicolon, Separator::Tab];
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    (seps[best], 0)
}

/// The column of a cell that holds the separator after a line break: rows swallowed by a
/// stray quote, not a multi-line cell (which spreadsheets write for addresses, without
/// separators on the later lines).
fn swallowed_rows(record: &csv::ByteRecord, sep: u8) -> Option<usize> {
    record.iter().position(|cell| {
        cell.iter()
            .position(|&b| b == b'\n')
            .is_some_and(|first| cell[first..].contains(&sep))
    })
}

/// A quote the CSV reader would misread, and its line.
enum QuoteProblem {
    /// A quote opens a cell and is never closed.
    Unclosed(usize),
    /// A quoted cell's closing quote is followed by more text.
    TextAfter(usize),
    /// A quote inside a cell that does not start with one.
    Inside(usize),
}

impl QuoteProblem {
    fn into_problem(self, file: &str) -> Problem {
        let (row, id) = match self {
            QuoteProblem::Unclosed(row) => (row, "problem-quote-unclosed"),
            QuoteProblem::TextAfter(row) => (row, "problem-quote-after"),
            QuoteProblem::Inside(row) => (row, "problem-quote-inside"),
        };
        Problem::said(file, id, &[]).at_row(row)
    }
}

/// Finds the first quote the reader would misread (a quote opens a field only at its start;
/// `""` inside a quoted field is a quote; after the closing quote the cell must end).
fn quote_problem(bytes: &[u8], sep: u8) -> Option<QuoteProblem> {
    let (mut line, mut opened) = (1, 0);
    let (mut quoted, mut at_start) = (false, true);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                    at_start = false;
                    let next = bytes.get(i + 1).copied();
                    if !matches!(next, None | Some(b'\r') | Some(b'\n')) && next != Some(sep) {
                        return Some(QuoteProblem::TextAfter(line));
                    }
                }
            } else if b == b'\n' {
                line += 1;
            }
        } else if b == b'"' && at_start {
            quoted = true;
            opened = line;
        } else if b == b'"' {
            return Some(QuoteProblem::Inside(line));
        } else if b == sep || b == b'\r' {
            at_start = true;
        } else if b == b'\n' {
            line += 1;
            at_start = true;
        } else {
            at_start = false;
        }
        i += 1;
    }
    quoted.then_some(QuoteProblem::Unclosed(opened))
}

/// The 1-based line on which the record reported at byte offset `at` starts. The csv crate
/// reports the offset of the line terminator before a record, so terminators are skipped.
fn line_of(bytes: &[u8], newlines: &[usize], mut at: usize) -> usize {
    while at < bytes.len() && (bytes[at] == b'\r' || bytes[at] == b'\n') {
        at += 1;
    }
    // The newlines before `at` (positions ascending: a binary search, not a count per row).
    1 + newlines.partition_point(|&n| n < at.min(bytes.len()))
}

/// The positions of the newlines in `bytes`, for [`line_of`].
fn newlines(bytes: &[u8]) -> Vec<usize> {
    bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n')
        .map(|(i, _)| i)
        .collect()
}

impl Sheet {
    /// Parses `bytes` as the content of the file called `file`.
    pub fn parse(file: &str, bytes: &[u8]) -> Result<Sheet, Vec<Problem>> {
        if crate::input::workbook::is_workbook(bytes) {
            return Sheet::from_workbook(file, bytes);
        }
        let decoded;
        let bytes = match utf16(bytes) {
            Some(Ok(text)) => {
                decoded = text;
                decoded.as_bytes()
            }
            Some(Err(row)) => {
                return Err(vec![
                    Problem::said(file, "problem-bad-utf16", &[]).at_row(row)
                ])
            }
            None => bytes,
        };
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if let Err(e) = std::str::from_utf8(bytes) {
            let row = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            return Err(vec![Problem::said(
                file,
                "problem-not-utf8",
                &[("byte", &(e.valid_up_to() + 1))],
            )
            .at_row(row)]);
        }
        let (separator, skip) = separator(bytes);
        let bytes = &bytes[skip..];
        // A `sep=` line is not a row in the spreadsheet that wrote it.
        let breaks = newlines(bytes);
        let line_of = |at: usize| line_of(bytes, &breaks, at);
        if let Some(problem) = quote_problem(bytes, separator.byte()) {
            return Err(vec![problem.into_problem(file)]);
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(separator.byte())
            .from_reader(bytes);
        let mut headers: Option<Vec<String>> = None;
        let mut rows = Vec::new();
        let mut blank_rows = Vec::new();
        let mut problems = Vec::new();
        for record in reader.byte_records() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let row = e
                        .position()
                        .map(|p| line_of(p.byte() as usize))
                        .unwrap_or(0);
                    problems.push(
                        Problem::said(file, "problem-csv-unreadable", &[("error", &e)]).at_row(row),
                    );
                    break;
                }
            };
            let number = record
                .position()
                .map(|p| line_of(p.byte() as usize))
                .unwrap_or(0);
            if let (Some(h), Some(c)) = (&headers, swallowed_rows(&record, separator.byte())) {
                problems.push(
                    Problem::said(
                        file,
                        "problem-multiline-cell",
                        &[("column", &h.get(c).map(String::as_str).unwrap_or("?"))],
                    )
                    .at_row(number),
                );
                continue;
            }
            let fields: Vec<String> = record
                .iter()
                .map(|f| clean_cell(&String::from_utf8_lossy(f)))
                .collect();
            if fields.iter().all(|f| f.is_empty()) {
                if headers.is_some() {
                    blank_rows.push(number);
                }
                continue;
            }
            match &headers {
                None => headers = Some(fields),
                Some(h) => {
                    if fields.len() != h.len() {
                        let id = if fields.len() < h.len() {
                            "problem-row-short"
                        } else {
                            "problem-row-long"
                        };
                        problems.push(
                            Problem::said(
                                file,
                                id,
                                &[
                                    ("fields", &fields.len()),
                                    ("header", &h.len()),
                                    ("separator", &format!("what-separator-{}", separator.name())),
                                ],
                            )
                            .at_row(number),
                        );
                        continue;
                    }
                    rows.push(Row { number, fields });
                }
            }
        }
        let Some(headers) = headers else {
            problems.push(Problem::said(file, "problem-file-empty", &[]));
            return Err(problems);
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        // Blank rows after the table are the end of the file, not rows read over.
        let last = rows.last().map_or(0, |r: &Row| r.number);
        blank_rows.retain(|&b| b < last);
        Ok(Sheet {
            file: file.to_string(),
            headers,
            rows,
            separator,
            blank_rows,
        })
    }

    /// A sheet of a workbook, its cells cleaned as CSV fields are, blank rows dropped, and
    /// columns empty to the right of the table cut.
    fn from_workbook(file: &str, bytes: &[u8]) -> Result<Sheet, Vec<Problem>> {
        let mut rows: Vec<Row> = crate::input::workbook::rows(file, bytes)?
            .into_iter()
            .map(|(number, cells)| Row {
                number,
                fields: cells.iter().map(|c| clean_cell(c)).collect(),
            })
            .collect();
        let blank = |r: &Row| r.fields.iter().all(|f| f.is_empty());
        // Blank rows inside the table are read over (and listed); before the header or
        // after the last row they are not rows of the table at all.
        let filled: Vec<usize> = (0..rows.len()).filter(|&i| !blank(&rows[i])).collect();
        let blank_rows: Vec<usize> = match (filled.first(), filled.last()) {
            (Some(&first), Some(&last)) => (first..last)
                .filter(|&i| blank(&rows[i]))
                .map(|i| rows[i].number)
                .collect(),
            _ => Vec::new(),
        };
        rows.retain(|r| !blank(r));
        if rows.is_empty() {
            return Err(vec![Problem::said(file, "problem-sheet-empty", &[])]);
        }
        let width = rows
            .iter()
            .map(|r| {
                r.fields
                    .iter()
                    .rposition(|f| !f.is_empty())
                    .map_or(0, |p| p + 1)
            })
            .max()
            .unwrap_or(0);
        for r in &mut rows {
            r.fields.resize(width, String::new());
        }
        let header = rows.remove(0);
        Ok(Sheet {
            file: file.to_string(),
            headers: header.fields,
            rows,
            separator: Separator::Workbook,
            blank_rows,
        })
    }

    /// Finds the one column whose header matches any of `names` (trimmed, ignoring case).
    /// Reports a missing or a duplicated column as a problem; `what` says what the column
    /// holds, as a `what-…` message of the catalogues (said in the problem's language).
    pub fn column(&self, names: &[&str], what: &str) -> Result<usize, Problem> {
        let found: Vec<usize> = (0..self.headers.len())
            .filter(|&i| names.iter().any(|n| same_name(&self.headers[i], n)))
            .collect();
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(Problem::said(
                &self.file,
                "problem-no-column",
                &[
                    ("name", &names[0]),
                    ("what", &what),
                    ("found", &self.headers.join(", ")),
                ],
            )
            .at_row(1)
            .in_column(names[0])),
            many => Err(Problem::said(
                &self.file,
                "problem-column-twice",
                &[
                    ("name", &self.headers[many[0]]),
                    ("count", &many.len()),
                    (
                        "columns",
                        &many
                            .iter()
                            .map(|i| (i + 1).to_string())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                ],
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

    fn rows(sheet: &Sheet) -> Vec<Vec<String>> {
        sheet.rows.iter().map(|r| r.fields.clone()).collect()
    }

    fn problem(bytes: &[u8]) -> String {
        match Sheet::parse("people.csv", bytes) {
            Err(p) => p
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
            Ok(s) => panic!("read {} rows, expected a problem", s.rows.len()),
        }
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        let text = b"id,name,gender\n1,Ann,f\n2,\"Bob,m\n3,Cy,m\n4,Di,f\n";
        let p = problem(text);
        assert!(
            p.contains("people.csv, row 3:") && p.contains("never closed"),
            "{p}"
        );
        let p = problem(b"id,name\n1,\"Ann\"x\n2,Bo\n");
        assert!(
            p.contains("row 2:") && p.contains("after its closing quote"),
            "{p}"
        );
    }

    #[test]
    fn rows_with_too_few_or_too_many_fields_are_refused() {
        let p = problem(b"id,a,b\n1,x,y\n2,x\n3,x,y,z\n4,x,y,\n");
        assert!(
            p.contains("row 3: the row has 2 fields but the header has 3"),
            "{p}"
        );
        assert!(
            p.contains("row 4: the row has 4 fields but the header has 3"),
            "{p}"
        );
        // Even an empty extra cell: it is what a lost line break between two rows leaves.
        assert!(
            p.contains("row 5: the row has 4 fields but the header has 3"),
            "{p}"
        );
    }

    #[test]
    fn semicolons_tabs_sep_lines_and_utf16_read_as_commas_do() {
        let expected = vec![
            vec!["1".to_string(), "a b".into()],
            vec!["2".into(), "c".into()],
        ];
        let comma = Sheet::parse("f", b"id,v\n1,a b\n2,c\n").unwrap();
        assert_eq!(
            (rows(&comma), comma.separator),
            (expected.clone(), Separator::Comma)
        );
        let semi = Sheet::parse("f", b"id;v\n1;a b\n2;c\n").unwrap();
        assert_eq!(
            (rows(&semi), semi.separator),
            (expected.clone(), Separator::Semicolon)
        );
        let tab = Sheet::parse("f", b"id\tv\n1\ta b\n2\tc\n").unwrap();
        assert_eq!(
            (rows(&tab), tab.separator),
            (expected.clone(), Separator::Tab)
        );
        // Excel's sep= line: the header is still row 1.
        let sep = Sheet::parse("f", b"sep=;\nid;v\n1;a b\n2;c\n").unwrap();
        assert_eq!(rows(&sep), expected);
        assert_eq!(sep.rows[0].number, 2);
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "id\tv\r\n1\ta\u{a0}b\r\n2\tc\r\n".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(rows(&Sheet::parse("f", &utf16).unwrap()), expected);
    }

    #[test]
    fn white_space_is_normalised_and_invisible_characters_shown() {
        assert_eq!(clean_cell("\u{a0}old\u{a0}\u{2003} town "), "old town");
        assert_eq!(shown("old\u{200b}town"), "old\\u{200b}town");
        assert_eq!(shown(&"x".repeat(10_000)).chars().count(), 61);
    }

    /// A small deterministic generator for the property tests.
    struct Lcg(u64);
    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }
    }

    /// A cell of quotes, separators, line breaks, spaces and unicode; as in real files, no
    /// separator after a line break (the reader takes that for rows swallowed by a quote).
    fn random_cell(g: &mut Lcg) -> String {
        const PIECES: [&str; 12] = [
            "a", "Zoë", "\"", ",", ";", "\n", "\r\n", " ", "7", "☃", "\t", "''",
        ];
        let n = g.below(5);
        let cell: String = (0..n).map(|_| PIECES[g.below(12) as usize]).collect();
        match cell.find('\n') {
            Some(at) => format!("{}{}", &cell[..at], cell[at..].replace(',', "")),
            None => cell,
        }
    }

    /// Any table the csv writer produces from random cells reads back as exactly those rows
    /// (cells cleaned of white space); and any change of one quote, separator or line break
    /// gives the same number of rows with every field under its header, or a problem — never a
    /// row lost, added or shifted silently.
    #[test]
    fn written_tables_read_back_and_corruptions_never_shift_rows() {
        let mut g = Lcg(0x5EED);
        for case in 0..3000 {
            // Two columns at least: in a one-column file a lost line break cannot be told from data.
            let width = 2 + g.below(4) as usize;
            let header: Vec<String> = (0..width).map(|i| format!("col{i}")).collect();
            let mut table: Vec<Vec<String>> = Vec::new();
            for _ in 0..g.below(8) {
                let mut row: Vec<String> = (0..width).map(|_| random_cell(&mut g)).collect();
                row[0] = format!("id{}", table.len()); // never a blank row
                table.push(row);
            }
            let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
            w.write_record(&header).unwrap();
            for row in &table {
                w.write_record(row).unwrap();
            }
            let bytes = w.into_inner().unwrap();
            let sheet = Sheet::parse("t", &bytes).unwrap_or_else(|p| panic!("case {case}: {p:?}"));
            let cleaned: Vec<Vec<String>> = table
                .iter()
                .map(|r| r.iter().map(|c| clean_cell(c)).collect())
                .collect();
            assert_eq!(rows(&sheet), cleaned, "case {case}");
            let specials: Vec<usize> = (0..bytes.len())
                .filter(|&i| matches!(bytes[i], b'"' | b',' | b'\n'))
                .collect();
            for _ in 0..10 {
                let Some(&at) = specials.get(g.below(specials.len().max(1) as u64) as usize) else {
                    break;
                };
                let mut bad = bytes.clone();
                match g.below(4) {
                    0 => {
                        bad.remove(at);
                    }
                    k => bad[at] = [b'"', b',', b'\n'][k as usize - 1],
                }
                if let Ok(s) = Sheet::parse("t", &bad) {
                    let same_header = s.headers == header;
                    let intact = s.rows.iter().all(|r| r.fields.len() == s.headers.len());
                    assert!(intact, "case {case}: a row lost fields");
                    if same_header {
                        assert_eq!(
                            s.rows.len(),
                            table.len(),
                            "case {case}: rows lost or added\n{}",
                            String::from_utf8_lossy(&bad)
                        );
                    }
                }
            }
        }
    }

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
