//! The report's charts, drawn as inline SVG (no script, no fonts or images to fetch).

use super::html::escape;

/// One bar group of a representation chart: a value's quota range, pool share and panel
/// share, all as fractions.
pub struct ShareRow<'a> {
    /// The value's name.
    pub label: &'a str,
    /// The quota range as shares of the seats.
    pub quota: (f64, f64),
    /// The share of the pool with this value, when known.
    pub pool: Option<f64>,
    /// The share of the panel with this value, once drawn.
    pub panel: Option<f64>,
    /// The value's share of the population, when given.
    pub population: Option<f64>,
}

/// The labels of a chart's legend.
pub struct Legend<'a> {
    /// The quota band.
    pub quota: &'a str,
    /// The pool marker.
    pub pool: &'a str,
    /// The panel bar.
    pub panel: &'a str,
    /// The population marker.
    pub population: &'a str,
}

const WIDTH: f64 = 640.0;
const LABEL: f64 = 150.0;
const ROW: f64 = 30.0;

/// Coordinates as SVG writes them: one decimal, no trailing zeros.
fn n(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// Percent gridlines' step for a scale reaching `top`.
fn grid_step(top: f64) -> f64 {
    if top > 0.5 {
        0.2
    } else if top > 0.2 {
        0.1
    } else {
        0.05
    }
}

/// A horizontal bar chart of one feature: per value a grey band over its quota range, a bar
/// for its share of the panel and a black tick at its share of the pool. `percent` writes an
/// axis label.
pub fn shares_chart(rows: &[ShareRow], legend: &Legend, percent: &dyn Fn(f64) -> String) -> String {
    let top = rows
        .iter()
        .flat_map(|r| {
            [Some(r.quota.1), r.pool, r.panel, r.population]
                .into_iter()
                .flatten()
        })
        .fold(0.0f64, f64::max)
        .clamp(0.05, 1.0);
    let step = grid_step(top);
    let top = ((top / step).ceil() * step).min(1.0);
    let plot = WIDTH - LABEL - 20.0;
    let x = |f: f64| LABEL + plot * f / top;
    let second_line = rows.iter().any(|r| r.population.is_some());
    let height = ROW * rows.len() as f64 + if second_line { 78.0 } else { 56.0 };
    let mut s = format!(
        r#"<svg class="chart" viewBox="0 0 {} {}" role="img" xmlns="http://www.w3.org/2000/svg">"#,
        n(WIDTH),
        n(height)
    );
    let axis = ROW * rows.len() as f64 + 8.0;
    let mut g = 0.0;
    while g <= top + 1e-9 {
        s.push_str(&format!(
            r##"<line x1="{0}" y1="4" x2="{0}" y2="{1}" stroke="#ddd"/><text x="{0}" y="{2}" class="axis" text-anchor="middle">{3}</text>"##,
            n(x(g)),
            n(axis),
            n(axis + 14.0),
            escape(&percent(g))
        ));
        g += step;
    }
    for (i, r) in rows.iter().enumerate() {
        let y = 8.0 + ROW * i as f64;
        s.push_str(&format!(
            r#"<text x="{}" y="{}" class="label" text-anchor="end">{}</text>"#,
            n(LABEL - 8.0),
            n(y + 15.0),
            escape(r.label)
        ));
        s.push_str(&format!(
            r##"<rect x="{}" y="{}" width="{}" height="22" fill="#d9dde3"/>"##,
            n(x(r.quota.0)),
            n(y),
            n((x(r.quota.1) - x(r.quota.0)).max(2.0))
        ));
        if let Some(panel) = r.panel {
            s.push_str(&format!(
                r##"<rect x="{}" y="{}" width="{}" height="12" fill="#2b6cb0"/>"##,
                n(LABEL),
                n(y + 5.0),
                n(x(panel) - LABEL)
            ));
        }
        if let Some(p) = r.population {
            // A diamond on the bar's line.
            let (cx, cy) = (x(p), y + 11.0);
            s.push_str(&format!(
                r##"<path d="M{} {}l6 6l-6 6l-6 -6z" fill="#dd6b20" stroke="#fff"/>"##,
                n(cx),
                n(cy - 6.0)
            ));
        }
        if let Some(pool) = r.pool {
            s.push_str(&format!(
                r##"<rect x="{}" y="{}" width="3" height="26" fill="#111"/>"##,
                n(x(pool) - 1.5),
                n(y - 2.0)
            ));
        }
    }
    // The legend: a marker and its label per item; the population's on a second line.
    let ly = n(axis + 34.0);
    let mut item = |marker: String, text_x: f64, text_y: &str, label: &str| {
        s.push_str(&format!(
            r#"{marker}<text x="{}" y="{text_y}" class="axis">{}</text>"#,
            n(text_x),
            escape(label)
        ));
    };
    let swatch = |x: f64, fill: &str| {
        format!(
            r#"<rect x="{}" y="{}" width="18" height="10" fill="{fill}"/>"#,
            n(x),
            n(axis + 25.0)
        )
    };
    item(swatch(LABEL, "#d9dde3"), LABEL + 24.0, &ly, legend.quota);
    if rows.iter().any(|r| r.panel.is_some()) {
        item(
            swatch(LABEL + 160.0, "#2b6cb0"),
            LABEL + 184.0,
            &ly,
            legend.panel,
        );
    }
    if rows.iter().any(|r| r.pool.is_some()) {
        let tick = format!(
            r##"<rect x="{}" y="{}" width="3" height="14" fill="#111"/>"##,
            n(LABEL + 320.0),
            n(axis + 23.0)
        );
        item(tick, LABEL + 330.0, &ly, legend.pool);
    }
    if second_line {
        let diamond = format!(
            r##"<path d="M{} {}l6 6l-6 6l-6 -6z" fill="#dd6b20"/>"##,
            n(LABEL + 9.0),
            n(axis + 46.0)
        );
        item(diamond, LABEL + 24.0, &n(axis + 56.0), legend.population);
    }
    s.push_str("</svg>");
    s
}

/// A column chart of how many volunteers had each chance: `bars` as (chance, count), in
/// increasing chance; a dashed line marks the equal chance.
pub fn chances_chart(bars: &[(f64, usize)], equal: f64, percent: &dyn Fn(f64) -> String) -> String {
    let (w, h, left, bottom) = (WIDTH, 240.0, 50.0, 200.0);
    let lo = bars.first().map_or(0.0, |b| b.0).min(equal);
    let hi = bars.last().map_or(1.0, |b| b.0).max(equal);
    let span = (hi - lo).max(1e-9);
    let plot = w - left - 30.0;
    let x = |p: f64| left + 10.0 + (plot - 20.0) * (p - lo) / span;
    let most = bars.iter().map(|b| b.1).max().unwrap_or(1).max(1) as f64;
    let y = |c: f64| bottom - 170.0 * c / most;
    let bar = (plot / (bars.len().max(1) as f64 * 1.6)).clamp(2.0, 40.0);
    let mut s = format!(
        r#"<svg class="chart" viewBox="0 0 {} {}" role="img" xmlns="http://www.w3.org/2000/svg">"#,
        n(w),
        n(h)
    );
    s.push_str(&format!(
        r##"<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#888"/>"##,
        n(left),
        n(bottom),
        n(w - 20.0)
    ));
    s.push_str(&format!(
        r##"<text x="{}" y="{}" class="axis" text-anchor="end">{}</text><text x="{}" y="{}" class="axis" text-anchor="end">0</text>"##,
        n(left - 4.0),
        n(y(most) + 4.0),
        most,
        n(left - 4.0),
        n(bottom + 4.0)
    ));
    for &(p, count) in bars {
        s.push_str(&format!(
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#2b6cb0"><title>{}: {}</title></rect>"##,
            n(x(p) - bar / 2.0),
            n(y(count as f64)),
            n(bar),
            n(bottom - y(count as f64)),
            escape(&percent(p)),
            count
        ));
    }
    s.push_str(&format!(
        r##"<line x1="{0}" y1="20" x2="{0}" y2="{1}" stroke="#c53030" stroke-dasharray="5 4" stroke-width="2"/>"##,
        n(x(equal)),
        n(bottom)
    ));
    for p in [lo, hi] {
        s.push_str(&format!(
            r#"<text x="{}" y="{}" class="axis" text-anchor="middle">{}</text>"#,
            n(x(p)),
            n(bottom + 18.0),
            escape(&percent(p))
        ));
    }
    s.push_str("</svg>");
    s
}
