//! Replacement rounds chained to the round before (docs/AUDIT.md §4, `replaces`): from the
//! earlier round's audit record, its selected.csv and a list of dropouts, the people who stay
//! (the earlier panel minus the dropouts) and the record of what this round replaces. The
//! dropouts are left out with their housemates, the stays keep their seats, so nobody from
//! the earlier panel can be drawn again.

use crate::error::{Error, Problem, Result};
use crate::input::sheet::Sheet;
use crate::protocol::commitment::Salt;
use crate::protocol::records::{read_strict, AuditRecord, Replaces, Status, AUDIT_FORMAT};
use crate::results::PSEUDONYM_COLUMN;
use std::collections::HashSet;

/// What a replacement round starts from.
pub struct Replacement {
    /// What the commitment states about the earlier round.
    pub replaces: Replaces,
    /// The people who stay, as an already-selected file (selected.csv's rows without the
    /// dropouts): `stays.csv`.
    pub stays_csv: Vec<u8>,
}

fn problem(file: &str, id: &'static str, args: &[(&'static str, &dyn std::fmt::Display)]) -> Error {
    Error::Input(vec![Problem::said(file, id, args)])
}

/// The members of a round's panel: the drawn and the already-selected people.
pub fn members(record: &AuditRecord) -> HashSet<&str> {
    record
        .commitment
        .volunteers
        .iter()
        .filter(|v| v.status == Status::AlreadySelected)
        .map(|v| v.pseudonym.as_str())
        .chain(record.panel.iter().map(String::as_str))
        .collect()
}

/// Reads an earlier round's audit record: version 2, hashing to itself.
pub fn read_earlier(file: &str, bytes: &[u8]) -> Result<AuditRecord> {
    match read_strict::<AuditRecord>(bytes) {
        Ok(r) if r.format == AUDIT_FORMAT && r.audit_hash == r.hash() => Ok(r),
        _ => Err(problem(file, "problem-earlier-not-intact", &[])),
    }
}

/// Plans a replacement round: `selected` is the earlier round's selected.csv (made with
/// `salt`), `dropouts` a file whose `id_column` lists the people who dropped out.
pub fn plan(
    earlier: &AuditRecord,
    selected: (&str, &[u8]),
    dropouts: (&str, &[u8]),
    salt: &Salt,
    id_column: &str,
) -> Result<Replacement> {
    let (selected_name, selected) = selected;
    let (dropouts_name, dropouts) = dropouts;
    let sheet = Sheet::parse(selected_name, selected).map_err(Error::Input)?;
    let id = sheet
        .column(&[id_column], "what-panel-id")
        .map_err(|p| Error::Input(vec![p]))?;
    let pseudonym = sheet
        .column(&[PSEUDONYM_COLUMN], "what-panel-pseudonym")
        .map_err(|p| Error::Input(vec![p]))?;
    let listed: HashSet<&str> = sheet
        .rows
        .iter()
        .map(|r| r.fields[pseudonym].as_str())
        .collect();
    if listed != members(earlier) || sheet.rows.len() != listed.len() {
        return Err(problem(selected_name, "problem-selected-not-panel", &[]));
    }
    if let Some(r) = sheet
        .rows
        .iter()
        .find(|r| salt.pseudonym(&r.fields[id]) != r.fields[pseudonym])
    {
        return Err(problem(
            selected_name,
            "problem-salt-other-pseudonym",
            &[("row", &r.number)],
        ));
    }
    let out = Sheet::parse(dropouts_name, dropouts).map_err(Error::Input)?;
    let out_id = out
        .column(&[id_column], "what-dropout-id")
        .map_err(|p| Error::Input(vec![p]))?;
    let on_panel: HashSet<&str> = sheet.rows.iter().map(|r| r.fields[id].as_str()).collect();
    let mut gone = HashSet::new();
    let mut problems = Vec::new();
    for r in &out.rows {
        let who = r.fields[out_id].as_str();
        if !on_panel.contains(who) {
            problems.push(
                Problem::said(dropouts_name, "problem-not-on-panel", &[("who", &who)])
                    .at_row(r.number)
                    .in_column(out.headers[out_id].clone()),
            );
        } else if !gone.insert(who) {
            problems.push(
                Problem::said(dropouts_name, "problem-dropout-twice", &[("who", &who)])
                    .at_row(r.number),
            );
        }
    }
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&sheet.headers).expect("writing to memory");
    for r in sheet
        .rows
        .iter()
        .filter(|r| !gone.contains(r.fields[id].as_str()))
    {
        w.write_record(&r.fields).expect("writing to memory");
    }
    let mut dropouts: Vec<String> = gone.iter().map(|d| salt.pseudonym(d)).collect();
    dropouts.sort_unstable();
    Ok(Replacement {
        replaces: Replaces {
            audit_hash: earlier.audit_hash.clone(),
            dropouts,
        },
        stays_csv: w.into_inner().expect("writing to memory"),
    })
}
