//! Workbooks read directly: the example pool as an .xlsx workbook (the table on its second
//! sheet, quota bounds typed as numbers) gives the same instance, canonical hashes and panel as
//! the CSV files; a missing sheet or an error cell is reported at its place.
mod common;

use kleroterion::protocol::commitment::input_hashes;
use kleroterion::{Algorithm, Backend, InputFiles, Inputs, Plan, Salt, Silent};
use rust_xlsxwriter::Workbook;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};

/// Writes a CSV file as a workbook: an empty first sheet "Notes", the table on `sheet`; cells
/// that are whole numbers in `numeric` columns are written as numbers (as a spreadsheet holds
/// them), everything else as text.
fn as_workbook(csv_path: &Path, out: &Path, sheet: &str, numeric: &[&str]) {
    let text = std::fs::read_to_string(csv_path).unwrap();
    let mut book = Workbook::new();
    book.add_worksheet().set_name("Notes").unwrap();
    let ws = book.add_worksheet().set_name(sheet).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut header: Vec<String> = Vec::new();
    for (r, rec) in reader.records().enumerate() {
        let rec = rec.unwrap();
        if r == 0 {
            header = rec.iter().map(String::from).collect();
        }
        for (c, cell) in rec.iter().enumerate() {
            let (row, col) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                Ok(n) if r > 0 && numeric.contains(&header[c].as_str()) => {
                    ws.write_number(row, col, n).unwrap();
                }
                _ => {
                    ws.write_string(row, col, cell).unwrap();
                }
            }
        }
    }
    book.save(out).unwrap();
}

fn files(people: PathBuf, features: PathBuf) -> InputFiles {
    InputFiles {
        people,
        features,
        settings: Some(common::root().join("data/settings.toml")),
        already_selected: None,
        leave_out: None,
    }
}

#[test]
fn the_example_as_a_workbook_gives_the_same_draw() {
    let data = common::root().join("data");
    let tmp = tempfile::tempdir().unwrap();
    let people = tmp.path().join("pool.xlsx");
    let features = tmp.path().join("quotas.xlsx");
    as_workbook(&data.join("people.csv"), &people, "Respondents", &[]);
    as_workbook(
        &data.join("features.csv"),
        &features,
        "Quotas",
        &["min", "max"],
    );
    let csv = Inputs::load(
        &files(data.join("people.csv"), data.join("features.csv")),
        24,
    )
    .unwrap();
    let sheet = |p: &Path, s: &str| PathBuf::from(format!("{}:{s}", p.display()));
    let book = Inputs::load(
        &files(sheet(&people, "Respondents"), sheet(&features, "Quotas")),
        24,
    )
    .unwrap();
    // The same table: the canonical hashes agree, the file hashes do not.
    let (a, b) = (
        input_hashes(&csv.bytes, &csv.instance),
        input_hashes(&book.bytes, &book.instance),
    );
    assert_eq!(a.people.canonical_sha256, b.people.canonical_sha256);
    assert_eq!(a.features.canonical_sha256, b.features.canonical_sha256);
    assert_ne!(a.people.sha256, b.people.sha256);
    let plan = Plan {
        algorithm: Algorithm::Leximin,
        backend: Backend::Pure,
        tickets: NonZeroU32::new(1000).unwrap(),
    };
    let draw = |inputs: &Inputs| {
        let d = kleroterion::practice(
            inputs,
            &plan,
            &Salt::random(),
            "example 1",
            None,
            &mut Silent,
        )
        .unwrap();
        d.drawn
            .iter()
            .map(|&c| {
                inputs.instance.pool.people[inputs.instance.candidates[c]]
                    .id
                    .clone()
            })
            .collect::<Vec<_>>()
    };
    let panel = draw(&book);
    assert_eq!(panel, draw(&csv));
    assert_eq!(&panel[..3], ["v001", "v005", "v013"]);
    // Without a sheet name the first sheet ("Notes", empty) is read, and said so.
    let err = Inputs::load(&files(people.clone(), sheet(&features, "Quotas")), 24).unwrap_err();
    assert!(err.to_string().contains("the sheet is empty"), "{err}");
    let err = Inputs::load(
        &files(sheet(&people, "Sheet9"), sheet(&features, "Quotas")),
        24,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("no sheet 'Sheet9'; its sheets: Notes, Respondents"),
        "{err}"
    );
}

/// Ids typed as text keep their leading zeros; a quota typed 3.0 is the whole number 3; an
/// error cell is reported at its row and column.
#[test]
fn cells_are_read_as_the_organiser_sees_them() {
    let tmp = tempfile::tempdir().unwrap();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["id", "gender"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=6u32 {
        ws.write_string(r, 0, format!("00{r}")).unwrap();
        ws.write_string(r, 1, if r % 2 == 0 { "f" } else { "m" })
            .unwrap();
    }
    let people = tmp.path().join("people.xlsx");
    book.save(&people).unwrap();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["feature", "value", "min", "max"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, v) in ["f", "m"].iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, "gender").unwrap();
        ws.write_string(r, 1, *v).unwrap();
        ws.write_number(r, 2, 1.0).unwrap();
        ws.write_number(r, 3, 3.0).unwrap();
    }
    let features = tmp.path().join("features.xlsx");
    book.save(&features).unwrap();
    let f = |p: &Path, q: &Path| InputFiles {
        people: p.to_path_buf(),
        features: q.to_path_buf(),
        settings: None,
        already_selected: None,
        leave_out: None,
    };
    let inputs = Inputs::load(&f(&people, &features), 4).unwrap();
    let ids: Vec<&str> = inputs
        .instance
        .pool
        .people
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(ids, ["001", "002", "003", "004", "005", "006"]);
    assert_eq!(
        (
            inputs.instance.quotas.values[0].min,
            inputs.instance.quotas.values[0].max
        ),
        (1, 3)
    );
    // A formula error in a cell.
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "id").unwrap();
    ws.write_string(0, 1, "gender").unwrap();
    ws.write_string(1, 0, "1").unwrap();
    ws.write_formula(
        1,
        1,
        rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!"),
    )
    .unwrap();
    let broken = tmp.path().join("broken.xlsx");
    book.save(&broken).unwrap();
    let err = Inputs::load(&f(&broken, &features), 1)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("row 2") && err.contains("cell B") && err.contains("#DIV/0!"),
        "{err}"
    );
}

/// The fuzz seeds, written by hand as the formats specify: an OpenDocument sheet and an .xlsx
/// with inline strings read as shown (blank rows inside the table listed).
#[test]
fn hand_written_ods_and_xlsx_read_as_shown() {
    use kleroterion::input::sheet::Sheet;
    let seeds = common::root().join("fuzz/seeds/workbook");
    let ods = Sheet::parse(
        "quotas.ods",
        &std::fs::read(seeds.join("small.ods")).unwrap(),
    )
    .unwrap();
    assert_eq!(ods.headers, ["feature", "value", "min", "max"]);
    let rows: Vec<Vec<String>> = ods.rows.iter().map(|r| r.fields.clone()).collect();
    assert_eq!(
        rows,
        [["gender", "female", "1", "3"], ["gender", "male", "1", "3"]]
    );
    let xlsx = Sheet::parse(
        "people.xlsx",
        &std::fs::read(seeds.join("small.xlsx")).unwrap(),
    )
    .unwrap();
    assert_eq!(xlsx.headers, ["id", "gender", "age"]);
    let rows: Vec<(usize, Vec<String>)> = xlsx
        .rows
        .iter()
        .map(|r| (r.number, r.fields.clone()))
        .collect();
    assert_eq!(
        rows,
        [
            (2, vec!["007".to_string(), "female".into(), "34".into()]),
            (3, vec!["8".to_string(), "male".into(), "3.5".into()]),
            (5, vec!["9".to_string(), "female".into(), String::new()]),
        ]
    );
    assert_eq!(xlsx.blank_rows, [4]);
}

/// A workbook the fuzzer made, on which the workbook crate overflows while reading a cell
/// reference: a problem naming the file, not a crash.
#[test]
fn a_malformed_workbook_is_a_problem_not_a_crash() {
    use kleroterion::input::sheet::Sheet;
    let bytes =
        std::fs::read(common::root().join("tests/fixtures/workbooks/fuzz-overflow.xlsx")).unwrap();
    match Sheet::parse("people.xlsx", &bytes) {
        Ok(sheet) => assert!(sheet
            .rows
            .iter()
            .all(|r| r.fields.len() == sheet.headers.len())),
        Err(problems) => assert!(
            problems[0].to_string().contains("people.xlsx"),
            "{problems:?}"
        ),
    }
}
