//! results.xlsx: the organiser's files in one workbook, ready for a mail merge — a sheet each
//! for the panel, the reserve list, the per-seat reserves and the quota table.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

/// One sheet: its name and the CSV text it shows (the same bytes as the CSV file, so that
/// the two never disagree).
pub struct SheetCsv<'a> {
    /// The sheet's tab name.
    pub name: &'a str,
    /// The CSV file's bytes.
    pub csv: &'a [u8],
    /// Columns written as numbers rather than text.
    pub numeric: &'a [&'a str],
}

/// The workbook of `sheets`, header rows in bold and frozen, columns fitted to their content.
/// Ids and other text stay text (a leading zero or a long number is never changed).
/// The same sheets give the same bytes at any time: the creation date is fixed (1 January
/// 1980, the zip format's epoch, which the archive's entries carry too), not the clock's.
pub fn results_xlsx(sheets: &[SheetCsv]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let epoch = ExcelDateTime::from_ymd(1980, 1, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&epoch));
    let bold = Format::new().set_bold();
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(sheet.name)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(sheet.csv);
        let mut numeric: Vec<bool> = Vec::new();
        for (r, record) in reader.records().enumerate() {
            let record = record.map_err(|e| XlsxError::ParameterError(e.to_string()))?;
            let row = r as u32;
            for (c, field) in record.iter().enumerate() {
                let col = c as u16;
                if r == 0 {
                    numeric.push(sheet.numeric.contains(&field));
                    ws.write_string_with_format(row, col, field, &bold)?;
                } else if let (true, Ok(n)) = (numeric[c], field.parse::<f64>()) {
                    ws.write_number(row, col, n)?;
                } else {
                    ws.write_string(row, col, field)?;
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
        ws.autofit();
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two workbooks of the same sheets built a second apart are the same bytes (the
    /// creation time once came from the clock, so a draw repeated across a second's
    /// boundary wrote a different results.xlsx).
    #[test]
    fn the_same_sheets_give_the_same_bytes_at_any_time() {
        let sheets = [SheetCsv {
            name: "Panel",
            csv: b"id,age\n007,42\n",
            numeric: &["age"],
        }];
        let first = results_xlsx(&sheets).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(first, results_xlsx(&sheets).unwrap());
    }
}
