//! The files a draw produces, built in memory (the binary writes them atomically).

use crate::input::instance::Instance;
use crate::input::quotas::Share;
use crate::protocol::commitment::Salt;
use crate::protocol::records::{to_file_bytes, AuditRecord, Receipt, Status};
use crate::protocol::verify::{plain, Extra};
use crate::report::Said;
use crate::said;
use std::collections::HashSet;

pub mod seat_reserves;
pub mod workbook;

pub use seat_reserves::{seat_reserves, SeatReserves, RESERVES_PER_SEAT};
pub use workbook::{results_xlsx, SheetCsv};

fn csv_bytes(headers: &[String], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(headers).expect("writing to memory");
    for r in rows {
        w.write_record(&r).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// selected.csv: already-selected people first (in their file's order), then the drawn
/// candidates in people.csv order; columns: id, kept columns, address columns, features, and
/// the pseudonym of the public record.
pub fn selected_csv(inst: &Instance, drawn: &[usize], salt: &Salt) -> Vec<u8> {
    let mut headers = inst.pool.output_headers();
    let already = inst.already.iter().flat_map(|a| {
        // The already-selected file has the same columns, perhaps in another order.
        let map: Vec<Option<usize>> = headers
            .iter()
            .map(|h| {
                a.headers
                    .iter()
                    .position(|x| crate::input::sheet::same_name(x, h))
            })
            .collect();
        a.people.iter().map(move |p| {
            let mut row: Vec<String> = map
                .iter()
                .map(|m| m.map(|i| p.fields[i].clone()).unwrap_or_default())
                .collect();
            row.push(salt.pseudonym(&p.id));
            row
        })
    });
    let mut rows: Vec<usize> = drawn.iter().map(|&c| inst.candidates[c]).collect();
    rows.sort_unstable();
    let drawn_rows = rows.into_iter().map(|i| {
        let mut row = inst.pool.output_fields(i);
        row.push(salt.pseudonym(&inst.pool.people[i].id));
        row
    });
    let rows: Vec<Vec<String>> = already.chain(drawn_rows).collect();
    headers.push(PSEUDONYM_COLUMN.into());
    csv_bytes(&headers, rows.into_iter())
}

/// The column of the pseudonyms in the private outputs.
pub const PSEUDONYM_COLUMN: &str = "pseudonym";

/// remaining.csv: the people who can be called from the reserve list, in its order — the
/// list without housemates of anyone on the panel —, each with their rank on the public list
/// first, then the same columns as selected.csv.
pub fn remaining_csv(inst: &Instance, reserve: &[usize], drawn: &[usize], salt: &Salt) -> Vec<u8> {
    let homes: HashSet<&str> = drawn
        .iter()
        .filter_map(|&c| inst.pool.people[inst.candidates[c]].address.as_deref())
        .collect();
    let mut headers = vec!["reserve_rank".to_string()];
    headers.extend(inst.pool.output_headers());
    headers.push(PSEUDONYM_COLUMN.into());
    let rows = reserve.iter().enumerate().filter_map(|(rank, &c)| {
        let p = &inst.pool.people[inst.candidates[c]];
        if p.address.as_deref().is_some_and(|a| homes.contains(a)) {
            return None;
        }
        let mut row = vec![(rank + 1).to_string()];
        row.extend(inst.pool.output_fields(inst.candidates[c]));
        row.push(salt.pseudonym(&p.id));
        Some(row)
    });
    csv_bytes(&headers, rows)
}

/// probabilities.csv: id, selection probability (the lottery chance, tickets/m, 6 decimals),
/// the number of the m lottery panels that name the person, the algorithm's exact
/// probability (9 decimals, when known: the lottery rounds it), and the pseudonym;
/// candidates in people.csv order.
pub fn probabilities_csv(
    inst: &Instance,
    tickets: &[u32],
    m: u32,
    exact: Option<&[f64]>,
    salt: &Salt,
) -> Vec<u8> {
    let mut headers = vec![
        inst.pool.headers[inst.pool.output_columns[0]].clone(),
        "probability".to_string(),
        "panels".to_string(),
    ];
    if exact.is_some() {
        headers.push(EXACT_COLUMN.to_string());
    }
    headers.push(PSEUDONYM_COLUMN.to_string());
    let rows = (0..inst.n_candidates()).map(|c| {
        let id = &inst.pool.people[inst.candidates[c]].id;
        let mut row = vec![id.clone(), chance(tickets[c], m), tickets[c].to_string()];
        if let Some(e) = exact {
            row.push(exact_text(e[c]));
        }
        row.push(salt.pseudonym(id));
        row
    });
    csv_bytes(&headers, rows)
}

/// The column of the algorithm's exact probability in probabilities.csv.
pub const EXACT_COLUMN: &str = "exact_probability";

/// An exact probability as probabilities.csv writes it (9 decimals, never "-0").
fn exact_text(p: f64) -> String {
    format!("{:.9}", p.max(0.0))
}

/// receipts.csv, for a mail merge: each volunteer's id, pseudonym and receipt (the JSON text
/// they keep and give to `verify --receipt`).
pub fn receipts_csv(receipts: &[(String, Receipt)]) -> Vec<u8> {
    let headers = ["id", PSEUDONYM_COLUMN, "receipt"].map(String::from);
    let rows = receipts.iter().map(|(id, r)| {
        let text = String::from_utf8(to_file_bytes(r)).expect("JSON is UTF-8");
        vec![
            id.clone(),
            r.opening.pseudonym.clone(),
            text.trim_end().to_string(),
        ]
    });
    csv_bytes(&headers, rows)
}

/// seat_reserves.csv: for each panel member (in selected.csv's order), one row per reserve
/// who can take their seat ([`seat_reserves()`]), best first — `choice` 1, 2, ... —, with the
/// reserve's rank on the reserve list; a member nobody can replace has one row with the
/// reserve columns empty.
pub fn seat_reserves_csv(
    inst: &Instance,
    seats: &[SeatReserves],
    reserve: &[usize],
    salt: &Salt,
) -> Vec<u8> {
    let headers = [
        "member_id",
        "member_pseudonym",
        "choice",
        "reserve_rank",
        "reserve_id",
        "reserve_pseudonym",
    ]
    .map(String::from);
    let id = |c: usize| inst.pool.people[inst.candidates[c]].id.clone();
    let rows = seats.iter().flat_map(|s| {
        let member = [id(s.member), salt.pseudonym(&id(s.member))];
        let listed: Vec<Vec<String>> = if s.reserves.is_empty() {
            vec![member
                .iter()
                .cloned()
                .chain(["", "", "", ""].map(String::from))
                .collect()]
        } else {
            s.reserves
                .iter()
                .enumerate()
                .map(|(choice, &r)| {
                    let rank = reserve.iter().position(|&x| x == r).map_or(0, |p| p + 1);
                    member
                        .iter()
                        .cloned()
                        .chain([
                            (choice + 1).to_string(),
                            rank.to_string(),
                            id(r),
                            salt.pseudonym(&id(r)),
                        ])
                        .collect()
                })
                .collect()
        };
        listed
    });
    csv_bytes(&headers, rows)
}

/// quotas.csv: the quota table — per feature value its range, the volunteers in the pool,
/// the seats on the panel and, if features.csv gives it, the population share (counts and
/// shares only: it may be published).
pub fn quotas_csv(lines: &[QuotaLine]) -> Vec<u8> {
    let headers = [
        "feature",
        "value",
        "min",
        "max",
        "pool",
        "panel",
        "population",
    ]
    .map(String::from);
    let rows = lines.iter().map(|l| {
        vec![
            l.feature.clone(),
            l.value.clone(),
            l.min.to_string(),
            l.max.to_string(),
            l.in_pool.to_string(),
            l.on_panel.map(|s| s.to_string()).unwrap_or_default(),
            l.population
                .map(|p| p.get().to_string())
                .unwrap_or_default(),
        ]
    });
    csv_bytes(&headers, rows)
}

/// A lottery chance as probabilities.csv writes it.
fn chance(tickets: u32, m: u32) -> String {
    format!("{:.6}", f64::from(tickets) / f64::from(m))
}

/// Checks the content of a private output file against the audit record: the pseudonyms
/// it lists and, with the inputs and the salt, every byte (rebuilt from the inputs).
pub fn check_output(
    name: &str,
    bytes: &[u8],
    record: &AuditRecord,
    extra: &Extra,
) -> Result<(), Said> {
    let c = &record.commitment;
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader.headers().map_err(plain)?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| said!("output-no-column", column = name))
    };
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<std::result::Result<_, _>>()
        .map_err(plain)?;
    // Written when the draw knew the algorithm's exact probabilities; not in the record, so
    // its values are checked to be probabilities and the rest of the file byte for byte.
    let exact_column = headers.iter().position(|h| h == EXACT_COLUMN);
    let pseudonyms: Vec<&str> = {
        let p = column(PSEUDONYM_COLUMN)?;
        rows.iter().map(|r| r.get(p).unwrap_or("")).collect()
    };
    let stays: Vec<&str> = c
        .volunteers
        .iter()
        .filter(|v| v.status == Status::AlreadySelected)
        .map(|v| v.pseudonym.as_str())
        .collect();
    match name {
        "selected.csv" => {
            let mut listed: Vec<&str> = pseudonyms.clone();
            listed.sort_unstable();
            let mut expected: Vec<&str> = stays
                .iter()
                .copied()
                .chain(record.panel.iter().map(String::as_str))
                .collect();
            expected.sort_unstable();
            if listed != expected {
                return Err(said!("output-not-the-panel"));
            }
        }
        "remaining.csv" => {
            let rank = column("reserve_rank")?;
            let mut last = 0;
            for (r, who) in rows.iter().zip(&pseudonyms) {
                let n: usize = r.get(rank).and_then(|t| t.parse().ok()).unwrap_or(0);
                if n <= last
                    || record.reserve.get(n.wrapping_sub(1)).map(String::as_str) != Some(*who)
                {
                    return Err(said!("output-rank-differs", rank = n, who = who));
                }
                last = n;
            }
        }
        "probabilities.csv" => {
            let (p, t) = (column("probability")?, column("panels")?);
            let mut listed = HashSet::new();
            for (r, who) in rows.iter().zip(&pseudonyms) {
                if let Some(x) = exact_column {
                    let value = r.get(x).and_then(|v| v.parse::<f64>().ok());
                    if !value.is_some_and(|v| (0.0..=1.0).contains(&v)) {
                        return Err(said!("output-not-a-probability", who = who));
                    }
                }
                let v = c
                    .candidates()
                    .find(|v| v.pseudonym == *who)
                    .ok_or_else(|| said!("output-not-a-candidate", who = who))?;
                let tickets = v.tickets.unwrap_or(0);
                if r.get(t) != Some(tickets.to_string().as_str())
                    || r.get(p) != Some(chance(tickets, c.tickets).as_str())
                    || !listed.insert(*who)
                {
                    return Err(said!(
                        "output-row-differs",
                        who = who,
                        count = tickets,
                        tickets = c.tickets
                    ));
                }
            }
            if listed.len() != c.candidates().count() {
                return Err(said!("output-not-every-candidate"));
            }
        }
        _ => return Err(said!("output-not-a-draw-file")),
    }
    if let (Some((_, inst)), Some(salt)) = (extra.inputs, extra.salt) {
        let by_name = crate::protocol::commitment::candidates_by_pseudonym(inst, salt);
        let to_candidates = |names: &[String]| -> Option<Vec<usize>> {
            names.iter().map(|n| by_name.get(n).copied()).collect()
        };
        let (Some(mut drawn), Some(reserve)) =
            (to_candidates(&record.panel), to_candidates(&record.reserve))
        else {
            return Err(said!("output-unknown-people"));
        };
        drawn.sort_unstable();
        let tickets: Vec<u32> = {
            let mut t = vec![0; inst.n_candidates()];
            for v in c.candidates() {
                if let Some(&x) = by_name.get(&v.pseudonym) {
                    t[x] = v.tickets.unwrap_or(0);
                }
            }
            t
        };
        let rebuilt = match name {
            "selected.csv" => selected_csv(inst, &drawn, salt),
            "remaining.csv" => remaining_csv(inst, &reserve, &drawn, salt),
            _ => {
                let exact: Option<Vec<f64>> = exact_column.map(|x| {
                    let by_pseudonym: std::collections::HashMap<&str, f64> = rows
                        .iter()
                        .zip(&pseudonyms)
                        .map(|(r, who)| {
                            (*who, r.get(x).and_then(|v| v.parse().ok()).unwrap_or(0.0))
                        })
                        .collect();
                    (0..inst.n_candidates())
                        .map(|i| {
                            let id = &inst.pool.people[inst.candidates[i]].id;
                            by_pseudonym
                                .get(salt.pseudonym(id).as_str())
                                .copied()
                                .unwrap_or(0.0)
                        })
                        .collect()
                });
                probabilities_csv(inst, &tickets, c.tickets, exact.as_deref(), salt)
            }
        };
        if rebuilt != bytes {
            return Err(said!("output-not-rebuilt"));
        }
    }
    Ok(())
}

/// One line of the quota table printed after a draw or a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaLine {
    /// Feature name.
    pub feature: String,
    /// Value name.
    pub value: String,
    /// Quota minimum.
    pub min: u32,
    /// Quota maximum.
    pub max: u32,
    /// Volunteers in the pool with this value (candidates plus already selected).
    pub in_pool: u32,
    /// Seats this value has on the panel, when a panel was drawn.
    pub on_panel: Option<u32>,
    /// The value's share of the population, when features.csv gives it.
    pub population: Option<Share>,
}

/// The quota table: per value its bounds, pool count and, with a panel, its seats.
pub fn quota_table(inst: &Instance, drawn: Option<&[usize]>) -> Vec<QuotaLine> {
    let (pool, already) = inst.value_counts();
    let mut seats = already.clone();
    if let Some(d) = drawn {
        for &c in d {
            for &v in inst.values_of(c) {
                seats[v] += 1;
            }
        }
    }
    inst.quotas
        .values
        .iter()
        .enumerate()
        .map(|(v, q)| QuotaLine {
            feature: inst.quotas.features[q.feature].name.clone(),
            value: q.name.clone(),
            min: q.min,
            max: q.max,
            in_pool: pool[v] + already[v],
            on_panel: drawn.map(|_| seats[v]),
            population: q.population,
        })
        .collect()
}
