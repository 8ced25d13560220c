//! results.xlsx: the organiser's files in one workbook, ready for a mail merge — a sheet each
//! for the panel, the reserve list, the per-seat reserves and the quota table.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

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
pub fn results_xlsx(sheets: &[SheetCsv]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
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
