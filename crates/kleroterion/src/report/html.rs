//! The report page: semantic HTML with inline CSS (a print stylesheet for A4) and SVG.

use super::format::{percent, whole};
use super::language::Language;
use super::messages::{Arg, Messages};
use super::svg::{chances_chart, shares_chart, Legend, ShareRow};
use super::ReportFacts;
use crate::protocol::seed::SeedSource;
use std::fmt::Write;

/// Text made safe for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
:root{color-scheme:light;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5;color:#1a202c}
body{margin:0;background:#f7f8fa}
main{max-width:52rem;margin:0 auto;padding:1rem 1.25rem 3rem;background:#fff}
h1{font-size:1.7rem;margin:.5rem 0 0}
.subtitle{font-size:1.15rem;margin:.2rem 0 1rem;color:#4a5568}
h2{font-size:1.3rem;border-bottom:2px solid #2b6cb0;padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1.05rem;margin:1.2rem 0 .3rem}
dl{display:grid;grid-template-columns:minmax(9rem,max-content) 1fr;gap:.25rem 1rem;margin:0}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;margin:.3rem 0;font-variant-numeric:tabular-nums}
th,td{padding:.25rem .5rem;border-bottom:1px solid #e2e8f0;text-align:right}
th:first-child,td:first-child{text-align:left}
td:not(:first-child){white-space:nowrap}
.notice{padding:.6rem .8rem;border-left:4px solid #2b6cb0;background:#ebf4ff}
.notice.practice{border-color:#c05621;background:#fffaf0}
.chart{width:100%;height:auto;max-width:40rem;display:block;margin:.4rem 0}
.chart text{font-size:12px;fill:#2d3748}
pre{background:#f1f3f5;padding:.6rem;overflow-x:auto;font-size:.85rem;white-space:pre-wrap;overflow-wrap:anywhere}
code{font-family:ui-monospace,Menlo,Consolas,monospace}
footer{margin-top:2.5rem;font-size:.85rem;color:#4a5568}
@media (max-width:36rem){dl{grid-template-columns:1fr}dd{margin-bottom:.4rem}table{font-size:.9rem}th,td{padding:.25rem .3rem}}
@page{size:A4;margin:16mm 14mm}
@media print{body{background:#fff}main{max-width:none;padding:0}h2{break-after:avoid}
section,table,.chart{break-inside:avoid}pre{white-space:pre-wrap}}
";

/// The report page in `language`.
pub fn html(facts: &ReportFacts, language: Language) -> String {
    let m = Messages::new(language);
    let t = |id: &str| escape(&m.get(id));
    let num = |x: usize| whole(x as u64, language);
    let pct = |p: f64| percent(p, 1, language);
    let mut page = String::new();
    let title = m.get("report-title");
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<header>\n<h1>{}</h1>\n",
        language.code(),
        escape(facts.title.as_deref().unwrap_or(&title)),
        escape(&title)
    );
    if let Some(name) = &facts.title {
        let _ = writeln!(page, "<p class=\"subtitle\">{}</p>", escape(name));
    }
    page.push_str("</header>\n");

    // Summary.
    let method = format!("method-{}", facts.algorithm.to_ascii_lowercase());
    let _ = write!(
        page,
        "<section id=\"summary\">\n<h2>{}</h2>\n<dl>\n\
         <dt>{}</dt><dd data-key=\"candidates\">{}</dd>\n\
         <dt>{}</dt><dd data-key=\"seats\">{}</dd>\n\
         <dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd>kleroterion {}</dd>\n</dl>\n",
        t("summary-heading"),
        t("summary-pool"),
        num(facts.candidates),
        t("summary-seats"),
        num(facts.panel_size),
        t("summary-method"),
        t(&method),
        t("summary-date"),
        escape(&facts.date.in_words(language)),
        t("summary-tool"),
        env!("CARGO_PKG_VERSION"),
    );
    let (class, notice) = if facts.committed {
        ("notice", "summary-committed")
    } else {
        ("notice practice", "summary-practice")
    };
    let _ = write!(page, "<p class=\"{class}\">{}</p>\n</section>\n", t(notice));

    // Representation, one table and chart per feature.
    let _ = write!(
        page,
        "<section id=\"representation\">\n<h2>{}</h2>\n<p>{}</p>\n",
        t("representation-heading"),
        t("representation-intro")
    );
    let seats = facts.panel_size.max(1) as f64;
    let mut features: Vec<&str> = Vec::new();
    for q in &facts.quotas {
        if !features.contains(&q.feature.as_str()) {
            features.push(&q.feature);
        }
    }
    for feature in features {
        let lines: Vec<_> = facts
            .quotas
            .iter()
            .filter(|q| q.feature == feature)
            .collect();
        let pool_total: u32 = lines.iter().map(|q| q.in_pool).sum();
        let share = |x: u32| f64::from(x) / f64::from(pool_total.max(1));
        let _ = write!(
            page,
            "<h3>{}</h3>\n<table data-feature=\"{}\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            escape(feature),
            escape(feature),
            t("column-value"),
            t("column-quota"),
            t("column-pool"),
            t("column-panel"),
        );
        for q in &lines {
            let range = m.with(
                "quota-range",
                &[
                    ("min", Arg::Text(&num(q.min as usize))),
                    ("max", Arg::Text(&num(q.max as usize))),
                ],
            );
            let panel = q.on_panel.unwrap_or(0);
            let _ = writeln!(
                page,
                "<tr data-value=\"{}\"><td>{}</td><td>{}</td><td>{} ({})</td><td data-seats=\"{panel}\">{}</td></tr>",
                escape(&q.value),
                escape(&q.value),
                escape(&range),
                num(q.in_pool as usize),
                escape(&pct(share(q.in_pool))),
                num(panel as usize),
            );
        }
        page.push_str("</tbody>\n</table>\n");
        let rows: Vec<ShareRow> = lines
            .iter()
            .map(|q| ShareRow {
                label: &q.value,
                quota: (f64::from(q.min) / seats, f64::from(q.max) / seats),
                pool: share(q.in_pool),
                panel: f64::from(q.on_panel.unwrap_or(0)) / seats,
            })
            .collect();
        let legend = Legend {
            quota: &m.get("legend-quota"),
            pool: &m.get("legend-pool"),
            panel: &m.get("legend-panel"),
        };
        page.push_str(&shares_chart(&rows, &legend, &|p| percent(p, 0, language)));
        page.push('\n');
    }
    page.push_str("</section>\n");

    // Fairness.
    let _ = write!(
        page,
        "<section id=\"fairness\">\n<h2>{}</h2>\n",
        t("fairness-heading")
    );
    match &facts.tickets {
        Some((tickets, m_tickets)) if !tickets.is_empty() && *m_tickets > 0 => {
            let total = f64::from(*m_tickets);
            let chance = |x: u32| f64::from(x) / total;
            let smallest = tickets.iter().copied().min().unwrap_or(0);
            let largest = tickets.iter().copied().max().unwrap_or(0);
            let equal = facts.seats_drawn as f64 / tickets.len() as f64;
            let below = tickets
                .iter()
                .filter(|&&x| chance(x) < equal - 0.5 / total)
                .count();
            let precise = |p: f64| percent(p, 2, language);
            let _ = write!(
                page,
                "<p>{}</p>\n<dl>\n<dt>{}</dt><dd data-key=\"smallest\">{}</dd>\n\
                 <dt>{}</dt><dd data-key=\"largest\">{}</dd>\n<dt>{}</dt><dd data-key=\"equal\">{}</dd>\n\
                 <dt>{}</dt><dd data-key=\"below-equal\">{}</dd>\n</dl>\n<h3>{}</h3>\n",
                t("fairness-intro"),
                t("fairness-smallest"),
                escape(&precise(chance(smallest))),
                t("fairness-largest"),
                escape(&precise(chance(largest))),
                t("fairness-equal"),
                escape(&precise(equal)),
                t("fairness-below-equal"),
                num(below),
                t("fairness-chart"),
            );
            page.push_str(&chances_chart(
                &chance_bars(tickets, total),
                equal,
                &precise,
            ));
            page.push('\n');
        }
        _ => {
            let _ = writeln!(page, "<p>{}</p>", t("fairness-none"));
        }
    }
    page.push_str("</section>\n");

    // The draw, and how to check it.
    let _ = write!(
        page,
        "<section id=\"draw\">\n<h2>{}</h2>\n<dl>\n<dt>{}</dt><dd><code data-key=\"commitment\">{}</code></dd>\n\
         <dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd><code data-key=\"seed\">{}</code></dd>\n",
        t("draw-heading"),
        t("draw-commitment"),
        escape(&facts.commitment_hash),
        t("draw-seed-source"),
        escape(&seed_source(&m, &facts.seed_source)),
        t("draw-seed"),
        escape(&facts.seed),
    );
    if let Some((_, tickets)) = facts.tickets.as_ref().filter(|_| facts.ticket > 0) {
        let of = m.with(
            "draw-ticket-of",
            &[
                ("ticket", Arg::Text(&num(facts.ticket as usize))),
                ("tickets", Arg::Text(&num(*tickets as usize))),
            ],
        );
        let _ = writeln!(
            page,
            "<dt>{}</dt><dd data-key=\"ticket\">{}</dd>",
            t("draw-ticket"),
            escape(&of)
        );
    }
    let hash = escape(&facts.commitment_hash);
    let _ = write!(
        page,
        "</dl>\n<h3>{}</h3>\n<p>{}</p>\n<pre><code>kleroterion verify audit.json --published {hash}\n\
         python3 verify_audit.py audit.json --published {hash}</code></pre>\n<p>{}</p>\n\
         <pre><code>kleroterion verify audit.json --receipt my-receipt.json</code></pre>\n</section>\n",
        t("verify-heading"),
        t("verify-intro"),
        t("verify-receipt"),
    );

    // Reserves, and who could not be drawn.
    let counted = |page: &mut String, id: &str, heading: &str, text: &str, count: usize| {
        let sentence = m.with(
            text,
            &[
                ("count", Arg::Count(count as u64)),
                ("n", Arg::Text(&num(count))),
            ],
        );
        let _ = write!(
            page,
            "<section id=\"{id}\">\n<h2>{}</h2>\n<p data-count=\"{count}\">{}</p>\n</section>\n",
            t(heading),
            escape(&sentence)
        );
    };
    counted(
        &mut page,
        "reserves",
        "reserves-heading",
        "reserves-text",
        facts.reserves,
    );
    if facts.in_no_panel > 0 {
        counted(
            &mut page,
            "no-panel",
            "no-panel-heading",
            "no-panel-text",
            facts.in_no_panel,
        );
    }
    if facts.skipped_rows > 0 {
        counted(
            &mut page,
            "skipped",
            "skipped-heading",
            "skipped-text",
            facts.skipped_rows,
        );
    }
    let footer = m.with(
        "footer",
        &[("version", Arg::Text(env!("CARGO_PKG_VERSION")))],
    );
    let _ = write!(
        page,
        "<footer><p>{}</p></footer>\n</main>\n</body>\n</html>\n",
        escape(&footer)
    );
    page
}

/// The seed source in the report's language.
fn seed_source(m: &Messages, source: &SeedSource) -> String {
    match source {
        SeedSource::Dice { dice, sides } => m.with(
            "seed-dice",
            &[
                ("dice", Arg::Text(&dice.to_string())),
                ("sides", Arg::Text(&sides.to_string())),
            ],
        ),
        SeedSource::Lottery { name, date, .. } => m.with(
            "seed-lottery",
            &[("name", Arg::Text(name)), ("date", Arg::Text(date))],
        ),
        SeedSource::Drand { round } => {
            m.with("seed-drand", &[("round", Arg::Text(&round.to_string()))])
        }
        SeedSource::Custom { procedure } => {
            m.with("seed-custom", &[("procedure", Arg::Text(procedure))])
        }
    }
}

/// The chart's columns: each distinct chance with its count, or 30 equal bins between the
/// smallest and the largest when there are more than 40 distinct chances.
fn chance_bars(tickets: &[u32], total: f64) -> Vec<(f64, usize)> {
    let mut sorted = tickets.to_vec();
    sorted.sort_unstable();
    let mut distinct: Vec<(u32, usize)> = Vec::new();
    for x in sorted {
        match distinct.last_mut() {
            Some((v, c)) if *v == x => *c += 1,
            _ => distinct.push((x, 1)),
        }
    }
    if distinct.len() <= 40 {
        return distinct
            .into_iter()
            .map(|(x, c)| (f64::from(x) / total, c))
            .collect();
    }
    let (lo, hi) = (distinct[0].0, distinct[distinct.len() - 1].0);
    let width = f64::from(hi - lo) / 30.0;
    let mut bins = vec![0usize; 30];
    for (x, c) in distinct {
        let b = ((f64::from(x - lo) / width) as usize).min(29);
        bins[b] += c;
    }
    bins.into_iter()
        .enumerate()
        .filter(|&(_, c)| c > 0)
        .map(|(b, c)| ((f64::from(lo) + (b as f64 + 0.5) * width) / total, c))
        .collect()
}
