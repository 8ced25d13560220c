//! The workbook reader on arbitrary bytes (seeded with small .xlsx and .ods files): a sheet
//! reads or fails with problems — never panics, never hangs — and what reads has every row as
//! wide as its header.
#![no_main]

use kleroterion::input::sheet::Sheet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["people.xlsx", "people.ods:Sheet1"] {
        if let Ok(sheet) = Sheet::parse(name, data) {
            assert!(sheet.rows.iter().all(|r| r.fields.len() == sheet.headers.len()));
        }
    }
});
