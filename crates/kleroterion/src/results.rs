//! The files a draw produces, built in memory (the binary writes them atomically).

use crate::input::instance::Instance;

fn csv_bytes(headers: &[String], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(headers).expect("writing to memory");
    for r in rows {
        w.write_record(&r).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// selected.csv: already-selected people first (in their file's order), then the drawn
/// candidates in people.csv order; columns: id, kept columns, address columns, features.
pub fn selected_csv(inst: &Instance, drawn: &[usize]) -> Vec<u8> {
    let headers = inst.pool.output_headers();
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
            map.iter()
                .map(|m| m.map(|i| p.fields[i].clone()).unwrap_or_default())
                .collect::<Vec<String>>()
        })
    });
    let mut rows: Vec<usize> = drawn.iter().map(|&c| inst.candidates[c]).collect();
    rows.sort_unstable();
    let drawn_rows = rows.into_iter().map(|i| inst.pool.output_fields(i));
    csv_bytes(&headers, already.chain(drawn_rows))
}

/// remaining.csv: the reserve list in order, with its rank first, then the same columns as
/// selected.csv.
pub fn remaining_csv(inst: &Instance, reserve: &[usize]) -> Vec<u8> {
    let mut headers = vec!["reserve_rank".to_string()];
    headers.extend(inst.pool.output_headers());
    let rows = reserve.iter().enumerate().map(|(rank, &c)| {
        let mut row = vec![(rank + 1).to_string()];
        row.extend(inst.pool.output_fields(inst.candidates[c]));
        row
    });
    csv_bytes(&headers, rows)
}

/// probabilities.csv: id, selection probability (the lottery chance, tickets/m, 6 decimals),
/// and the number of the m lottery panels that name the person; candidates in people.csv
/// order.
pub fn probabilities_csv(inst: &Instance, tickets: &[u32], m: u32) -> Vec<u8> {
    let headers = vec![
        inst.pool.headers[inst.pool.output_columns[0]].clone(),
        "probability".to_string(),
        "panels".to_string(),
    ];
    let rows = (0..inst.n_candidates()).map(|c| {
        vec![
            inst.pool.people[inst.candidates[c]].id.clone(),
            format!("{:.6}", tickets[c] as f64 / m as f64),
            tickets[c].to_string(),
        ]
    });
    csv_bytes(&headers, rows)
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
        })
        .collect()
}
