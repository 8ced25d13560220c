//! Spreadsheets read directly — .xlsx, .xlsm, .xlsb, .xls, .ods, through calamine — so that
//! organisers need not export CSV. A sheet is chosen by name after the file name
//! (`pool.xlsx:Respondents`), else the first is read; every cell becomes the text the organiser
//! sees: whole numbers without a decimal point (`3.0` is `3`), dates as YYYY-MM-DD.

use crate::error::Problem;
use calamine::{Data, Reader};

/// Whether `bytes` are a workbook: a zip (xlsx, xlsm, xlsb, ods) or an OLE file (xls).
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

const EXTENSIONS: [&str; 5] = [".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"];

/// The workbook file and the sheet of a name written `FILE.xlsx:SHEET`, if it is one.
pub fn split_sheet(name: &str) -> Option<(&str, &str)> {
    let (file, sheet) = name.rsplit_once(':')?;
    let lower = file.to_lowercase();
    (EXTENSIONS.iter().any(|e| lower.ends_with(e)) && !sheet.is_empty()).then_some((file, sheet))
}

/// The names of the sheets of the workbook `bytes`, in the workbook's order (empty when it
/// cannot be read: reading a sheet then says why).
pub fn sheet_names(bytes: &[u8]) -> Vec<String> {
    std::panic::catch_unwind(|| {
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
            .map(|book| book.sheet_names())
            .unwrap_or_default()
    })
    .unwrap_or_default()
}

/// The header and the rows (with their spreadsheet row numbers) of the chosen sheet of the
/// workbook `bytes`, read as `file`.
pub fn rows(file: &str, bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, Vec<Problem>> {
    let unreadable = |e: String| {
        vec![Problem::said(
            file,
            "problem-workbook-unreadable",
            &[("error", &e)],
        )]
    };
    // The reader is another crate's: a malformed file must give a problem, not end the
    // program (the fuzzer found an overflow in its reading of cell references).
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
            .map_err(|e| unreadable(e.to_string()))?;
        let names = book.sheet_names();
        let wanted = match split_sheet(file) {
            Some((_, sheet)) => sheet.to_string(),
            None => names
                .first()
                .cloned()
                .ok_or_else(|| unreadable("what-no-sheet".into()))?,
        };
        if !names.contains(&wanted) {
            return Err(vec![Problem::said(
                file,
                "problem-no-sheet",
                &[("wanted", &wanted), ("sheets", &names.join(", "))],
            )]);
        }
        book.worksheet_range(&wanted)
            .map_err(|e| unreadable(e.to_string()))
    }));
    let range = match read {
        Ok(range) => range?,
        Err(_) => return Err(unreadable("what-malformed".into())),
    };
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let number = first_row + i + 1;
        let mut fields = Vec::with_capacity(cells.len());
        for (c, cell) in cells.iter().enumerate() {
            match text(cell) {
                Ok(t) => fields.push(t),
                Err(e) => {
                    problems.push(
                        Problem::said(
                            file,
                            "problem-cell-error",
                            &[
                                (
                                    "cell",
                                    &column_letters(c + range.start().map_or(0, |s| s.1 as usize)),
                                ),
                                ("error", &e),
                            ],
                        )
                        .at_row(number),
                    );
                    fields.push(String::new());
                }
            }
        }
        out.push((number, fields));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// A cell as the organiser sees it.
fn text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => date(d.as_f64()),
        Data::Error(e) => return Err(e.to_string()),
    })
}

/// A number as a spreadsheet shows it by default: whole numbers without a decimal point.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// An Excel date serial (days since 1899-12-30) as YYYY-MM-DD, with HH:MM:SS when it has a
/// time of day.
fn date(serial: f64) -> String {
    let days = serial.floor() as i64;
    // Days since 1970-01-01, then the civil date (Howard Hinnant's algorithm).
    let z = days - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let seconds = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if seconds == 0 {
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        format!(
            "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )
    }
}

/// A 0-based column index as the letters a spreadsheet shows (0 → A, 26 → AA).
fn column_letters(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_shown() {
        assert_eq!(number(3.0), "3");
        assert_eq!(number(7.0), "7");
        assert_eq!(number(0.25), "0.25");
        assert_eq!(date(45_996.0), "2025-12-05");
        assert_eq!(date(1.5), "1899-12-31 12:00:00");
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(
            split_sheet("pool.xlsx:Respondents"),
            Some(("pool.xlsx", "Respondents"))
        );
        assert_eq!(
            split_sheet("C:/data/pool.ods:Sheet 2"),
            Some(("C:/data/pool.ods", "Sheet 2"))
        );
        assert_eq!(split_sheet("pool.csv:x"), None);
        assert!(is_workbook(b"PK\x03\x04...") && !is_workbook(b"id,gender"));
    }

    #[test]
    fn sheet_names_in_the_workbooks_order() {
        let mut book = rust_xlsxwriter::Workbook::new();
        for name in ["Notes", "Respondents"] {
            book.add_worksheet().set_name(name).unwrap();
        }
        let bytes = book.save_to_buffer().unwrap();
        assert_eq!(sheet_names(&bytes), ["Notes", "Respondents"]);
        assert!(sheet_names(b"PK\x03\x04 not a workbook").is_empty());
    }
}
