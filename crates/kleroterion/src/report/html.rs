//! The report page: semantic HTML with inline CSS (a print stylesheet for A4) and SVG.

use super::format::{percent, tenths, whole};
use super::language::Language;
use super::messages::{Arg, Messages};
use super::svg::{chances_chart, shares_chart, Legend, ShareRow};
use super::{CheckState, ReportFacts, Stage, SMALLEST_SHOWN};
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
.small{font-size:.85rem;color:#4a5568}
.wide{overflow-x:auto}.wide td{white-space:nowrap;text-align:left}
.checks{table-layout:fixed}.checks th:first-child{width:32%}.checks th:nth-child(2){width:14%}
.checks th:last-child,.checks td:last-child{text-align:left;white-space:normal;overflow-wrap:anywhere;font-size:.85rem}
tr.failed td{color:#9b2c2c;font-weight:600}
.internal-banner{background:#9b2c2c;color:#fff;font-weight:700;text-align:center;padding:.4rem}
@page{size:A4;margin:16mm 14mm}
@media print{body{background:#fff}main{max-width:none;padding:0}h2{break-after:avoid}
section,table,.chart{break-inside:avoid}pre{white-space:pre-wrap}
.internal-banner{position:fixed;top:0;left:0;right:0}body:has(.internal-banner) main{padding-top:2.2rem}}
";

/// The report page in `language`.
pub fn html(facts: &ReportFacts, language: Language) -> String {
    let page = Page {
        m: Messages::new(language),
        language,
        facts,
    };
    let mut out = String::new();
    page.head(&mut out);
    page.summary(&mut out);
    page.relaxation(&mut out);
    if facts.stage == Stage::Verification {
        page.verification(&mut out);
    }
    page.representation(&mut out);
    page.fairness(&mut out);
    page.intersections(&mut out);
    page.draw(&mut out);
    page.counts(&mut out);
    page.internal(&mut out);
    let footer = if facts.internal.is_some() {
        "footer-internal"
    } else {
        "footer"
    };
    let footer = page
        .m
        .with(footer, &[("version", Arg::Text(env!("CARGO_PKG_VERSION")))]);
    let _ = write!(
        out,
        "<footer><p>{}</p></footer>\n</main>\n</body>\n</html>\n",
        escape(&footer)
    );
    out
}

/// The page being written: its messages, language and facts.
struct Page<'a> {
    m: Messages,
    language: Language,
    facts: &'a ReportFacts,
}

impl Page<'_> {
    /// A message, escaped for HTML.
    fn t(&self, id: &str) -> String {
        escape(&self.m.get(id))
    }

    /// A whole number in the page's language.
    fn num(&self, x: usize) -> String {
        whole(x as u64, self.language)
    }

    /// A counted sentence (`count` chooses the plural form, `n` shows it), escaped.
    fn counted(&self, id: &str, count: usize) -> String {
        escape(&self.m.with(
            id,
            &[
                ("count", Arg::Count(count as u64)),
                ("n", Arg::Text(&self.num(count))),
            ],
        ))
    }

    fn head(&self, out: &mut String) {
        let title = self.m.get("report-title");
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
             <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
            self.language.code(),
            escape(self.facts.title.as_deref().unwrap_or(&title)),
        );
        if self.facts.internal.is_some() {
            // Repeated at the top of every printed page (position: fixed).
            let _ = writeln!(
                out,
                "<div class=\"internal-banner\" role=\"note\">{}</div>",
                self.t("internal-banner")
            );
        }
        let _ = writeln!(out, "<main>\n<header>\n<h1>{}</h1>", escape(&title));
        if let Some(name) = &self.facts.title {
            let _ = writeln!(out, "<p class=\"subtitle\">{}</p>", escape(name));
        }
        out.push_str("</header>\n");
    }

    fn summary(&self, out: &mut String) {
        let f = self.facts;
        let _ = write!(
            out,
            "<section id=\"summary\">\n<h2>{}</h2>\n<dl>\n\
             <dt>{}</dt><dd data-key=\"candidates\">{}</dd>\n\
             <dt>{}</dt><dd data-key=\"seats\">{}</dd>\n",
            self.t("summary-heading"),
            self.t("summary-pool"),
            self.num(f.candidates),
            self.t("summary-seats"),
            self.num(f.panel_size),
        );
        if let Some(algorithm) = &f.algorithm {
            let method = format!("method-{}", algorithm.to_ascii_lowercase());
            let _ = writeln!(
                out,
                "<dt>{}</dt><dd>{}</dd>",
                self.t("summary-method"),
                self.t(&method)
            );
        }
        let _ = write!(
            out,
            "<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd>kleroterion {}</dd>\n</dl>\n",
            self.t("summary-date"),
            escape(&f.date.in_words(self.language)),
            self.t("summary-tool"),
            env!("CARGO_PKG_VERSION"),
        );
        let (class, notice) = match (f.stage, &f.commitment) {
            (Stage::Check, _) | (_, None) => ("notice", "stage-check"),
            (Stage::Commitment, _) => ("notice", "stage-commitment"),
            (_, Some(c)) if c.in_advance => ("notice", "summary-committed"),
            _ => ("notice practice", "summary-practice"),
        };
        let _ = write!(
            out,
            "<p class=\"{class}\">{}</p>\n</section>\n",
            self.t(notice)
        );
    }

    /// Infeasible quotas: why, and the cheapest change as a before/after table.
    fn relaxation(&self, out: &mut String) {
        let Some(why) = &self.facts.infeasible else {
            return;
        };
        let _ = write!(
            out,
            "<section id=\"relaxation\">\n<h2>{}</h2>\n<p class=\"notice practice\" lang=\"en\">{}</p>\n",
            self.t("relaxation-heading"),
            escape(&why.reason)
        );
        match &why.relaxation {
            Some(changes) => {
                let _ = write!(
                    out,
                    "<p>{}</p>\n<table class=\"changes\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
                    self.t("relaxation-intro"),
                    self.t("column-feature"),
                    self.t("column-value"),
                    self.t("column-bound"),
                    self.t("column-now"),
                    self.t("column-proposed"),
                );
                for c in changes {
                    let bound = match c.bound {
                        crate::error::Bound::Minimum => "bound-min",
                        crate::error::Bound::Maximum => "bound-max",
                    };
                    let _ = writeln!(
                        out,
                        "<tr><td>{}</td><td>{}</td><td>{}</td><td data-from=\"{}\">{}</td><td data-to=\"{}\">{}</td></tr>",
                        escape(&c.feature),
                        escape(&c.value),
                        self.t(bound),
                        c.from,
                        self.num(c.from as usize),
                        c.to,
                        self.num(c.to as usize),
                    );
                }
                out.push_str("</tbody>\n</table>\n");
            }
            None => {
                let _ = writeln!(out, "<p>{}</p>", self.t("relaxation-none"));
            }
        }
        out.push_str("</section>\n");
    }

    fn verification(&self, out: &mut String) {
        let checks = &self.facts.checks;
        let count = |s: CheckState| checks.iter().filter(|c| c.state == s).count();
        let (failed, skipped) = (count(CheckState::Failed), count(CheckState::Skipped));
        let _ = writeln!(
            out,
            "<section id=\"verification\">\n<h2>{}</h2>",
            self.t("verification-heading")
        );
        let headline = if failed > 0 {
            format!(
                "<p class=\"notice practice\" data-failed=\"{failed}\">{}</p>",
                self.counted("verification-failed", failed)
            )
        } else {
            format!(
                "<p class=\"notice\" data-failed=\"0\">{}</p>",
                self.counted("verification-passed", count(CheckState::Passed))
            )
        };
        out.push_str(&headline);
        out.push('\n');
        if skipped > 0 {
            let _ = writeln!(
                out,
                "<p>{}</p>",
                self.counted("verification-skipped", skipped)
            );
        }
        let _ = write!(
            out,
            "<table class=\"checks\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            self.t("column-check"),
            self.t("column-result"),
            self.t("column-detail"),
        );
        for c in checks {
            let (class, word) = match c.state {
                CheckState::Passed => ("passed", "check-passed"),
                CheckState::Failed => ("failed", "check-failed"),
                CheckState::Skipped => ("skipped", "check-skipped"),
            };
            let _ = writeln!(
                out,
                "<tr class=\"{class}\"><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&self.t(c.name)),
                self.t(word),
                escape(&c.detail.sentence(self.language))
            );
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }

    /// The intersections of two features: pool, the lottery's expected seats and the drawn
    /// panel's, each with its share; cells of fewer than [`SMALLEST_SHOWN`] people are
    /// not detailed in the public report.
    fn intersections(&self, out: &mut String) {
        let f = self.facts;
        let Some(first) = f.intersections.first() else {
            return;
        };
        let expected = first.cells.iter().any(|c| c.expected.is_some());
        let panel = first.cells.iter().any(|c| c.panel.is_some());
        let legacy = first.cells.iter().any(|c| c.legacy.is_some());
        let smallest = whole(u64::from(SMALLEST_SHOWN), self.language);
        let _ = write!(
            out,
            "<section id=\"intersections\">\n<h2>{}</h2>\n<p>{}</p>\n",
            self.t("intersections-heading"),
            escape(
                &self
                    .m
                    .with("intersections-intro", &[("smallest", Arg::Text(&smallest))])
            )
        );
        let pool_total: u32 = first.cells.iter().map(|c| c.pool).sum();
        let seats = f.seats_drawn.max(1) as f64;
        for x in &f.intersections {
            let (a, b) = &x.features;
            let _ = write!(
                out,
                "<h3>{} × {}</h3>\n<table data-intersection=\"{}×{}\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th>",
                escape(a),
                escape(b),
                escape(a),
                escape(b),
                escape(a),
                escape(b),
                self.t("column-pool"),
            );
            if expected {
                let _ = write!(out, "<th>{}</th>", self.t("column-expected"));
            }
            if legacy {
                let _ = write!(out, "<th>{}</th>", self.t("column-legacy-expected"));
            }
            for x in &f.compared {
                let name = x.algorithm.to_uppercase();
                let said = self.m.with(
                    "column-compared-expected",
                    &[("algorithm", Arg::Text(&name))],
                );
                let _ = write!(out, "<th>{}</th>", escape(&said));
            }
            if panel {
                let _ = write!(out, "<th>{}</th>", self.t("column-panel"));
            }
            out.push_str("</tr></thead>\n<tbody>\n");
            for c in &x.cells {
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td>{}</td>",
                    escape(&c.values.0),
                    escape(&c.values.1)
                );
                let columns = 1
                    + usize::from(expected)
                    + usize::from(legacy)
                    + f.compared.len()
                    + usize::from(panel);
                if c.pool < SMALLEST_SHOWN && f.internal.is_none() {
                    let few = self
                        .m
                        .with("intersections-few", &[("smallest", Arg::Text(&smallest))]);
                    let _ = writeln!(
                        out,
                        "<td colspan=\"{columns}\" class=\"few\">{}</td></tr>",
                        escape(&few)
                    );
                    continue;
                }
                let pool_share = f64::from(c.pool) / f64::from(pool_total.max(1));
                let _ = write!(
                    out,
                    "<td data-pool=\"{}\">{} ({})</td>",
                    c.pool,
                    whole(u64::from(c.pool), self.language),
                    escape(&percent(pool_share, 1, self.language))
                );
                if let Some(e) = c.expected {
                    let _ = write!(
                        out,
                        "<td data-expected=\"{e:.4}\">{} ({})</td>",
                        tenths(e, self.language),
                        escape(&percent(e / seats, 1, self.language))
                    );
                }
                if let Some(e) = c.legacy {
                    let _ = write!(
                        out,
                        "<td data-legacy=\"{e:.4}\">{} ({})</td>",
                        tenths(e, self.language),
                        escape(&percent(e / seats, 1, self.language))
                    );
                }
                for (x, e) in f.compared.iter().zip(&c.compared) {
                    let _ = write!(
                        out,
                        "<td data-compared=\"{}\" data-expected=\"{e:.4}\">{} ({})</td>",
                        escape(&x.algorithm),
                        tenths(*e, self.language),
                        escape(&percent(e / seats, 1, self.language))
                    );
                }
                if let Some(p) = c.panel {
                    let _ = write!(
                        out,
                        "<td data-seats=\"{p}\">{} ({})</td>",
                        whole(u64::from(p), self.language),
                        escape(&percent(f64::from(p) / seats, 1, self.language))
                    );
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n</table>\n");
        }
        out.push_str("</section>\n");
    }

    fn representation(&self, out: &mut String) {
        let f = self.facts;
        let pool_known = f.quotas.iter().all(|q| q.in_pool.is_some());
        let panel_known = f.quotas.iter().any(|q| q.on_panel.is_some());
        let population_known = f.quotas.iter().any(|q| q.population.is_some());
        let _ = write!(
            out,
            "<section id=\"representation\">\n<h2>{}</h2>\n<p>{}</p>\n",
            self.t("representation-heading"),
            self.t("representation-intro")
        );
        let seats = f.panel_size.max(1) as f64;
        let mut features: Vec<&str> = Vec::new();
        for q in &f.quotas {
            if !features.contains(&q.feature.as_str()) {
                features.push(&q.feature);
            }
        }
        for feature in features {
            let lines: Vec<_> = f.quotas.iter().filter(|q| q.feature == feature).collect();
            let pool_total: u32 = lines.iter().filter_map(|q| q.in_pool).sum();
            let share = |x: u32| f64::from(x) / f64::from(pool_total.max(1));
            let _ = write!(
                out,
                "<h3>{}</h3>\n<table data-feature=\"{}\">\n<thead><tr><th>{}</th><th>{}</th>",
                escape(feature),
                escape(feature),
                self.t("column-value"),
                self.t("column-quota"),
            );
            if pool_known {
                let _ = write!(out, "<th>{}</th>", self.t("column-pool"));
            }
            if panel_known {
                let _ = write!(out, "<th>{}</th>", self.t("column-panel"));
            }
            if population_known {
                let _ = write!(out, "<th>{}</th>", self.t("column-population"));
            }
            out.push_str("</tr></thead>\n<tbody>\n");
            for q in &lines {
                let range = if q.min == q.max {
                    self.m.with(
                        "quota-exact",
                        &[("n", Arg::Text(&self.num(q.min as usize)))],
                    )
                } else {
                    self.m.with(
                        "quota-range",
                        &[
                            ("min", Arg::Text(&self.num(q.min as usize))),
                            ("max", Arg::Text(&self.num(q.max as usize))),
                        ],
                    )
                };
                let _ = write!(
                    out,
                    "<tr data-value=\"{}\"><td>{}</td><td>{}</td>",
                    escape(&q.value),
                    escape(&q.value),
                    escape(&range),
                );
                if let (true, Some(n)) = (pool_known, q.in_pool) {
                    let _ = write!(
                        out,
                        "<td data-pool=\"{n}\">{} ({})</td>",
                        self.num(n as usize),
                        escape(&percent(share(n), 1, self.language)),
                    );
                }
                if panel_known {
                    let seats = q.on_panel.unwrap_or(0);
                    let _ = write!(
                        out,
                        "<td data-seats=\"{seats}\">{}</td>",
                        self.num(seats as usize)
                    );
                }
                if population_known {
                    let shown = q
                        .population
                        .map(|p| percent(p, 1, self.language))
                        .unwrap_or_default();
                    let _ = write!(out, "<td>{}</td>", escape(&shown));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n</table>\n");
            let rows: Vec<ShareRow> = lines
                .iter()
                .map(|q| ShareRow {
                    label: &q.value,
                    quota: (f64::from(q.min) / seats, f64::from(q.max) / seats),
                    pool: q.in_pool.filter(|_| pool_known).map(share),
                    panel: q.on_panel.map(|s| f64::from(s) / seats),
                    population: q.population,
                })
                .collect();
            let legend = Legend {
                quota: &self.m.get("legend-quota"),
                pool: &self.m.get("legend-pool"),
                panel: &self.m.get("legend-panel"),
                population: &self.m.get("legend-population"),
            };
            out.push_str(&shares_chart(&rows, &legend, &|p| {
                percent(p, 0, self.language)
            }));
            out.push('\n');
        }
        out.push_str("</section>\n");
    }

    fn fairness(&self, out: &mut String) {
        let f = self.facts;
        if f.stage == Stage::Check {
            return;
        }
        let _ = write!(
            out,
            "<section id=\"fairness\">\n<h2>{}</h2>\n",
            self.t("fairness-heading")
        );
        match &f.tickets {
            Some((tickets, m_tickets)) if !tickets.is_empty() && *m_tickets > 0 => {
                let total = f64::from(*m_tickets);
                let chance = |x: u32| f64::from(x) / total;
                let smallest = tickets.iter().copied().min().unwrap_or(0);
                let largest = tickets.iter().copied().max().unwrap_or(0);
                let equal = f.seats_drawn as f64 / tickets.len() as f64;
                let below = tickets
                    .iter()
                    .filter(|&&x| chance(x) < equal - 0.5 / total)
                    .count();
                let precise = |p: f64| percent(p, 2, self.language);
                let _ = write!(
                    out,
                    "<p>{}</p>\n<dl>\n<dt>{}</dt><dd data-key=\"smallest\">{}</dd>\n\
                     <dt>{}</dt><dd data-key=\"largest\">{}</dd>\n<dt>{}</dt><dd data-key=\"equal\">{}</dd>\n\
                     <dt>{}</dt><dd data-key=\"below-equal\">{}</dd>\n</dl>\n",
                    self.t("fairness-intro"),
                    self.t("fairness-smallest"),
                    escape(&precise(chance(smallest))),
                    self.t("fairness-largest"),
                    escape(&precise(chance(largest))),
                    self.t("fairness-equal"),
                    escape(&precise(equal)),
                    self.t("fairness-below-equal"),
                    self.num(below),
                );
                if let Some(r) = f.rounding {
                    let _ = writeln!(
                        out,
                        "<p data-key=\"rounding\">{}</p>",
                        escape(&self.m.with(
                            "fairness-rounding",
                            &[
                                ("moved", Arg::Text(&percent(r, 3, self.language))),
                                ("tickets", Arg::Text(&self.num(*m_tickets as usize))),
                            ],
                        ))
                    );
                }
                if let Some(b) = &f.beside_leximin {
                    let name = f.algorithm.as_deref().unwrap_or("").to_uppercase();
                    let _ = write!(
                        out,
                        "<h3>{}</h3>\n<p>{}</p>\n<table class=\"beside-leximin\">\n\
                         <thead><tr><th></th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n\
                         <tr><th>{}</th><td data-key=\"exact-smallest\">{}</td><td data-key=\"exact-largest\">{}</td></tr>\n\
                         <tr><th>LEXIMIN</th><td data-key=\"leximin-smallest\">{}</td><td data-key=\"leximin-largest\">{}</td></tr>\n\
                         </tbody>\n</table>\n",
                        self.t("beside-leximin-heading"),
                        self.t("beside-leximin-intro"),
                        self.t("fairness-smallest"),
                        self.t("fairness-largest"),
                        escape(&name),
                        escape(&precise(b.algorithm.least)),
                        escape(&precise(b.algorithm.most)),
                        escape(&precise(b.leximin.least)),
                        escape(&precise(b.leximin.most)),
                    );
                }
                let _ = writeln!(out, "<h3>{}</h3>", self.t("fairness-chart"));
                out.push_str(&chances_chart(
                    &chance_bars(tickets, total),
                    equal,
                    &precise,
                ));
                out.push('\n');
                if let Some(l) = &f.legacy {
                    let draws = self.num(l.draws as usize);
                    let _ = write!(
                        out,
                        "<h3>{}</h3>\n<p>{}</p>\n<dl>\n<dt>{}</dt><dd data-key=\"legacy-smallest\">{} ± {}</dd>\n\
                         <dt>{}</dt><dd data-key=\"legacy-largest\">{}</dd>\n</dl>\n",
                        self.t("legacy-heading"),
                        escape(&self.m.with("legacy-intro", &[("draws", Arg::Text(&draws))])),
                        self.t("fairness-smallest"),
                        escape(&precise(l.smallest)),
                        escape(&precise(l.margin)),
                        self.t("fairness-largest"),
                        escape(&precise(l.largest)),
                    );
                }
                for x in &f.compared {
                    let name = x.algorithm.to_uppercase();
                    let said =
                        |id: &str| escape(&self.m.with(id, &[("algorithm", Arg::Text(&name))]));
                    let _ = write!(
                        out,
                        "<h3>{}</h3>\n<p>{}</p>\n<dl data-compared=\"{}\">\n<dt>{}</dt><dd data-key=\"compared-smallest\">{}</dd>\n\
                         <dt>{}</dt><dd data-key=\"compared-largest\">{}</dd>\n</dl>\n",
                        said("compared-heading"),
                        said("compared-intro"),
                        escape(&x.algorithm),
                        self.t("fairness-smallest"),
                        escape(&precise(x.smallest)),
                        self.t("fairness-largest"),
                        escape(&precise(x.largest)),
                    );
                }
            }
            _ => {
                let _ = writeln!(out, "<p>{}</p>", self.t("fairness-none"));
            }
        }
        out.push_str("</section>\n");
    }

    fn draw(&self, out: &mut String) {
        let f = self.facts;
        let Some(c) = &f.commitment else {
            return;
        };
        let _ = write!(
            out,
            "<section id=\"draw\">\n<h2>{}</h2>\n<dl>\n<dt>{}</dt><dd><code data-key=\"commitment\">{}</code></dd>\n\
             <dt>{}</dt><dd>{}</dd>\n",
            self.t("draw-heading"),
            self.t("draw-commitment"),
            escape(&c.hash),
            self.t("draw-seed-source"),
            escape(&match &c.seed_source {
                Some(source) => seed_source(&self.m, source),
                None => self.t("seed-version-1"),
            }),
        );
        let Some(d) = &f.draw else {
            out.push_str("</dl>\n</section>\n");
            return;
        };
        let _ = writeln!(
            out,
            "<dt>{}</dt><dd><code data-key=\"seed\">{}</code></dd>",
            self.t("draw-seed"),
            escape(&d.seed)
        );
        if let Some((_, tickets)) = f.tickets.as_ref().filter(|_| d.ticket > 0) {
            let of = self.m.with(
                "draw-ticket-of",
                &[
                    ("ticket", Arg::Text(&self.num(d.ticket as usize))),
                    ("tickets", Arg::Text(&self.num(*tickets as usize))),
                ],
            );
            let _ = writeln!(
                out,
                "<dt>{}</dt><dd data-key=\"ticket\">{}</dd>",
                self.t("draw-ticket"),
                escape(&of)
            );
        }
        let hash = escape(&c.hash);
        let _ = write!(
            out,
            "</dl>\n<h3>{}</h3>\n<p>{}</p>\n<pre><code>kleroterion verify audit.json --published {hash}\n\
             python3 verify_audit.py audit.json --published {hash}</code></pre>\n<p>{}</p>\n\
             <pre><code>kleroterion verify audit.json --receipt my-receipt.json</code></pre>\n</section>\n",
            self.t("verify-heading"),
            self.t("verify-intro"),
            self.t("verify-receipt"),
        );
    }

    /// Reserves, people on no panel, rows left out: a counted sentence each, where they apply.
    fn counts(&self, out: &mut String) {
        let f = self.facts;
        let sections = [
            ("reserves", f.draw.as_ref().map(|d| d.reserves)),
            ("no-panel", f.in_no_panel.filter(|&n| n > 0)),
            ("skipped", Some(f.skipped_rows).filter(|&n| n > 0)),
        ];
        for (id, count) in sections {
            let Some(count) = count else {
                continue;
            };
            let _ = write!(
                out,
                "<section id=\"{id}\">\n<h2>{}</h2>\n<p data-count=\"{count}\">{}</p>\n</section>\n",
                self.t(&format!("{id}-heading")),
                self.counted(&format!("{id}-text"), count)
            );
        }
    }

    /// The organiser's copy only: the panel and the per-seat reserves, with names.
    fn internal(&self, out: &mut String) {
        let Some(internal) = &self.facts.internal else {
            return;
        };
        let _ = writeln!(out, "<section id=\"internal\">");
        for (heading, rows) in [
            ("internal-heading", &internal.panel),
            ("internal-seats-heading", &internal.seat_reserves),
        ] {
            let _ = write!(
                out,
                "<h2>{}</h2>\n<div class=\"wide\"><table>\n",
                self.t(heading)
            );
            for (i, row) in rows.iter().enumerate() {
                let cell = if i == 0 { "th" } else { "td" };
                out.push_str("<tr>");
                for field in row {
                    let _ = write!(out, "<{cell}>{}</{cell}>", escape(field));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</table></div>\n");
        }
        out.push_str("</section>\n");
    }
}

/// The seed source in the messages' language.
pub fn seed_source(m: &Messages, source: &SeedSource) -> String {
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
