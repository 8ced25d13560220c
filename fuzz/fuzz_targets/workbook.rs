//! The workbook reader on arbitrary bytes (seeded with small .xlsx and .ods files): a sheet
//! reads or fails with problems — never panics out of it, never hangs — and what reads has
//! every row as wide as its header.
#![no_main]

use kleroterion::input::sheet::Sheet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A panic the reader catches (calamine's, turned into a problem) is not a finding; one
    // that escapes still ends the run through libFuzzer.
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    for name in ["people.xlsx", "people.ods:Sheet1"] {
        if let Ok(sheet) = Sheet::parse(name, data) {
            assert!(sheet.rows.iter().all(|r| r.fields.len() == sheet.headers.len()));
        }
    }
});
