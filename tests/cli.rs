//! End-to-end tests of the `kleroterion` binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary, in English whatever the machine's locale (the tests read what it says).
fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kleroterion"));
    c.env("LC_ALL", "C")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    c
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn draw_args<'a>(
    people: &'a str,
    features: &'a str,
    out: &'a str,
    extra: &[&'a str],
) -> Vec<&'a str> {
    let mut v = vec![
        "draw",
        "--people",
        people,
        "--features",
        features,
        "--panel-size",
        "24",
        "--out",
        out,
        "--quiet",
    ];
    v.extend_from_slice(extra);
    v
}

/// A result file without its pseudonym column (the last one), which depends on the salt, a
/// fresh random one for every practice draw.
fn without_pseudonyms(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.lines().next().unwrap().ends_with(",pseudonym"),
        "{text}"
    );
    text.lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\n")
        .collect()
}

/// The ids of remaining.csv (after its reserve_rank column), in reserve order.
fn reserve_ids(csv_text: &str) -> Vec<String> {
    csv_text
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().to_string())
        .collect()
}

fn ids(csv_text: &str) -> Vec<String> {
    csv_text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect()
}

/// Reads a draw's selected.csv and checks it against the quotas and the household rule.
fn check_selected(dir: &Path, size: usize) -> Vec<String> {
    let selected = std::fs::read_to_string(dir.join("selected.csv")).unwrap();
    let mut lines = selected.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), size);
    let features = std::fs::read_to_string(data("features.csv")).unwrap();
    for q in features.lines().skip(1) {
        let f: Vec<&str> = q.split(',').collect();
        let col = header.iter().position(|h| *h == f[0]).unwrap();
        let n = rows.iter().filter(|r| r[col] == f[1]).count();
        let (lo, hi): (usize, usize) = (f[2].parse().unwrap(), f[3].parse().unwrap());
        assert!(
            lo <= n && n <= hi,
            "{} {}: {n} not in {lo}..={hi}",
            f[0],
            f[1]
        );
    }
    let (a, p) = (
        header.iter().position(|h| *h == "address").unwrap(),
        header.iter().position(|h| *h == "postcode").unwrap(),
    );
    let mut homes: Vec<String> = rows
        .iter()
        .map(|r| format!("{}|{}", r[a].to_lowercase(), r[p].to_lowercase()))
        .collect();
    homes.sort();
    homes.dedup();
    assert_eq!(homes.len(), size, "two people from one household");
    rows.iter().map(|r| r[0].to_string()).collect()
}

#[test]
fn readme_draw_works_and_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let p = data("people.csv");
    let f = data("features.csv");
    let s = data("settings.toml");
    let (p, f, s) = (
        p.to_str().unwrap(),
        f.to_str().unwrap(),
        s.to_str().unwrap(),
    );
    for out in [&a, &b] {
        let o = run(&draw_args(
            p,
            f,
            out.to_str().unwrap(),
            &["--settings", s, "--seed", "example 1"],
        ));
        assert!(o.status.success(), "{}", text(&o));
        assert!(text(&o).contains("Drew 24 of 24 seats with LEXIMIN"));
    }
    let panel = check_selected(&a, 24);
    for name in ["selected.csv", "remaining.csv", "probabilities.csv"] {
        assert_eq!(
            without_pseudonyms(&a.join(name)),
            without_pseudonyms(&b.join(name)),
            "{name}"
        );
    }
    let remaining = reserve_ids(&std::fs::read_to_string(a.join("remaining.csv")).unwrap());
    assert!(panel.iter().all(|id| !remaining.contains(id)));
    let probs = std::fs::read_to_string(a.join("probabilities.csv")).unwrap();
    let sum: f64 = probs
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().parse::<f64>().unwrap())
        .sum();
    assert!((sum - 24.0).abs() < 1e-3, "probabilities sum to {sum}");
}

#[test]
fn legacy_golden_panel_and_seeds_differ() {
    let tmp = tempfile::tempdir().unwrap();
    let draw = |seed: &str, dir: &str| {
        let out = tmp.path().join(dir);
        let o = run(&draw_args(
            data("people.csv").to_str().unwrap(),
            data("features.csv").to_str().unwrap(),
            out.to_str().unwrap(),
            &[
                "--settings",
                data("settings.toml").to_str().unwrap(),
                "--seed",
                seed,
                "--algorithm",
                "legacy",
            ],
        ));
        assert!(o.status.success(), "{}", text(&o));
        check_selected(&out, 24)
    };
    let a = draw("golden", "a");
    assert_ne!(a, draw("other", "b"));
    assert!(!tmp.path().join("a/probabilities.csv").exists());
    let golden = "v001 v020 v027 v040 v071 v083 v085 v090 v110 v148 v152 v158 v163 v189 v196 v205 v227 v253 v272 v273 v277 v281 v289 v291";
    assert_eq!(a.join(" "), golden);
}

#[test]
fn existing_results_are_kept_unless_forced_and_inputs_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let args = |extra: &[&str]| {
        let mut v: Vec<String> = [
            "draw",
            "--people",
            data("people.csv").to_str().unwrap(),
            "--features",
            data("features.csv").to_str().unwrap(),
            "--panel-size",
            "24",
            "--seed",
            "1",
            "--algorithm",
            "legacy",
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        v.extend(extra.iter().map(|s| s.to_string()));
        bin().args(v).output().unwrap()
    };
    assert!(args(&[]).status.success());
    let o = args(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("already exists") && text(&o).contains("--force"),
        "{}",
        text(&o)
    );
    assert!(args(&["--force"]).status.success());
    // An input named like an output in the output folder is never replaced, even with --force.
    let people = tmp.path().join("selected.csv");
    std::fs::copy(data("people.csv"), &people).unwrap();
    let before = std::fs::read(&people).unwrap();
    let o = run(&[
        "draw",
        "--people",
        people.to_str().unwrap(),
        "--features",
        data("features.csv").to_str().unwrap(),
        "--panel-size",
        "24",
        "--seed",
        "1",
        "--out",
        tmp.path().to_str().unwrap(),
        "--force",
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("is an input file"));
    assert_eq!(std::fs::read(&people).unwrap(), before);
}

#[test]
fn bad_input_exits_2_names_the_place_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let features = tmp.path().join("features.csv");
    std::fs::write(
        &features,
        "feature,value,min,max\ngender,female,12,13\ngender,male,eleven,12\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = run(&draw_args(
        data("people.csv").to_str().unwrap(),
        features.to_str().unwrap(),
        out.to_str().unwrap(),
        &["--seed", "1"],
    ));
    assert_eq!(o.status.code(), Some(2));
    let t = text(&o);
    assert!(
        t.contains("features.csv, row 3, column 'min': gender/male: the min is not a whole number ('eleven')"),
        "{t}"
    );
    assert!(t.contains("there is no column") || !t.contains("panicked"));
    assert!(!out.exists(), "no output on error");
    // A missing seed is also a clear error without output.
    let o = run(&draw_args(
        data("people.csv").to_str().unwrap(),
        data("features.csv").to_str().unwrap(),
        out.to_str().unwrap(),
        &[],
    ));
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("a seed is needed"));
    assert!(!out.exists());
}

#[test]
fn bom_and_crlf_give_the_same_panel_and_latin1_is_rejected() {
    let tmp = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(data("people.csv")).unwrap();
    let windows = tmp.path().join("people-windows.csv");
    std::fs::write(
        &windows,
        format!("\u{feff}{}\r\n\r\n", original.replace('\n', "\r\n")),
    )
    .unwrap();
    let draw = |people: &Path, dir: &str| {
        let out = tmp.path().join(dir);
        let o = run(&draw_args(
            people.to_str().unwrap(),
            data("features.csv").to_str().unwrap(),
            out.to_str().unwrap(),
            &["--seed", "7", "--algorithm", "legacy"],
        ));
        assert!(o.status.success(), "{}", text(&o));
        without_pseudonyms(&out.join("selected.csv"))
    };
    assert_eq!(draw(&data("people.csv"), "a"), draw(&windows, "b"));
    let latin1 = tmp.path().join("people-latin1.csv");
    let mut bytes = original.into_bytes();
    let at = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    let at = at + bytes[at..].iter().position(|&b| b == b'\n').unwrap() + 3; // row 3
    bytes.insert(at, 0xe9);
    std::fs::write(&latin1, bytes).unwrap();
    let out = tmp.path().join("c");
    let o = run(&draw_args(
        latin1.to_str().unwrap(),
        data("features.csv").to_str().unwrap(),
        out.to_str().unwrap(),
        &["--seed", "7"],
    ));
    assert_eq!(o.status.code(), Some(2));
    let t = text(&o);
    assert!(
        t.contains("people-latin1.csv, row 3: the file is not UTF-8") && t.contains("CSV UTF-8"),
        "{t}"
    );
    assert!(!out.exists());
}

#[test]
fn infeasible_quotas_exit_3_with_a_relaxation_that_works() {
    let tmp = tempfile::tempdir().unwrap();
    // Everyone under 30 rents, but the quotas want at least 10 owners and 5 young among 12
    // seats with at most 2 renters: impossible. Relaxing fixes it.
    let people = tmp.path().join("people.csv");
    let mut rows = String::from("id,age,housing\n");
    for i in 0..30 {
        let (age, housing) = if i < 10 {
            ("young", "renter")
        } else {
            ("old", "owner")
        };
        rows.push_str(&format!("p{i},{age},{housing}\n"));
    }
    std::fs::write(&people, rows).unwrap();
    let features = tmp.path().join("features.csv");
    std::fs::write(&features, "feature,value,min,max\nage,young,5,12\nage,old,0,12\nhousing,renter,0,2\nhousing,owner,10,12\n").unwrap();
    let out = tmp.path().join("out");
    let base = |f: &Path, cmd: &str| {
        let mut c = bin();
        c.args([
            cmd,
            "--people",
            people.to_str().unwrap(),
            "--features",
            f.to_str().unwrap(),
            "--panel-size",
            "12",
            "--quiet",
        ]);
        c
    };
    let page = tmp.path().join("check.html");
    let o = base(&features, "check")
        .args(["--report", page.to_str().unwrap(), "--lang", "fr"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    // The report says so, with the change as a before/after table.
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("Les quotas ne peuvent pas tous être respectés"),
        "{html}"
    );
    assert!(
        (html.contains(
            "<td>young</td><td>minimum</td><td data-from=\"5\">5</td><td data-to=\"2\">"
        ) || html.contains(
            "<td>renter</td><td>maximum</td><td data-from=\"2\">2</td><td data-to=\"5\">"
        )),
        "{html}"
    );
    let o = base(&features, "draw")
        .args(["--seed", "1", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    let t = text(&o);
    assert!(
        t.contains("age young: minimum 5 → 2") || t.contains("housing renter: maximum 2 → 5"),
        "{t}"
    );
    assert!(!out.join("selected.csv").exists());
    // The failed draw's report: why, and the change as a before/after table.
    let html = std::fs::read_to_string(out.join("quota-report.html")).unwrap();
    assert!(html.contains("id=\"relaxation\""), "{html}");
    assert!(
        html.contains("<td>young</td><td>minimum</td>")
            || html.contains("<td>renter</td><td>maximum</td>"),
        "{html}"
    );
    let relaxed = out.join("features.relaxed.csv");
    let o = base(&relaxed, "check").output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // The rerun exactly as the message says, into the same folder: the relaxed quotas are an
    // input now, kept as they are beside the new results.
    let before = std::fs::read(&relaxed).unwrap();
    let o = base(&relaxed, "draw")
        .args(["--seed", "1", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(out.join("selected.csv").exists());
    assert_eq!(std::fs::read(&relaxed).unwrap(), before);
    // The failed run's report explained the quotas this run no longer uses: it is gone.
    assert!(!out.join("quota-report.html").exists());
}

#[test]
fn replacement_round_keeps_the_already_selected_and_the_quotas() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("first");
    let settings = data("settings.toml");
    let common = ["--settings", settings.to_str().unwrap()];
    let p = data("people.csv");
    let f = data("features.csv");
    let mut args = draw_args(
        p.to_str().unwrap(),
        f.to_str().unwrap(),
        first.to_str().unwrap(),
        &common,
    );
    args.extend(["--seed", "round 1", "--algorithm", "legacy"]);
    assert!(run(&args).status.success());
    // Two of the 24 drop out: keep 22, draw two replacements.
    let selected = std::fs::read_to_string(first.join("selected.csv")).unwrap();
    let kept: Vec<&str> = selected.lines().take(23).collect();
    let already = tmp.path().join("already.csv");
    std::fs::write(&already, kept.join("\n")).unwrap();
    let dropped: Vec<String> = ids(&selected)[22..].to_vec();
    let second = tmp.path().join("second");
    let mut args = draw_args(
        p.to_str().unwrap(),
        f.to_str().unwrap(),
        second.to_str().unwrap(),
        &common,
    );
    args.extend([
        "--seed",
        "round 2",
        "--already-selected",
        already.to_str().unwrap(),
    ]);
    let o = run(&args);
    assert!(o.status.success(), "{}", text(&o));
    let panel = check_selected(&second, 24);
    assert_eq!(
        panel[..22],
        ids(&selected)[..22],
        "the 22 who stay come first"
    );
    assert!(panel[22..].iter().all(|id| !panel[..22].contains(id)));
    let remaining = reserve_ids(&std::fs::read_to_string(second.join("remaining.csv")).unwrap());
    assert!(
        panel.iter().all(|id| !remaining.contains(id)),
        "no panel member is left in remaining.csv"
    );
    assert!(dropped
        .iter()
        .all(|id| remaining.contains(id) || panel.contains(id)));
}

#[test]
fn check_reports_the_quotas_and_feasibility() {
    let o = run(&[
        "check",
        "--people",
        data("people.csv").to_str().unwrap(),
        "--features",
        data("features.csv").to_str().unwrap(),
        "--settings",
        data("settings.toml").to_str().unwrap(),
        "--panel-size",
        "24",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let t = text(&o);
    assert!(
        t.contains("gender     female        12    13     163"),
        "{t}"
    );
    assert!(t.contains("A panel of 24 that meets every quota exists"));
}

#[test]
fn volunteers_on_no_feasible_panel_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let people = tmp.path().join("people.csv");
    std::fs::write(&people, "id,g,a\np1,f,y\np2,f,y\np3,m,o\np4,f,y\n").unwrap();
    let features = tmp.path().join("features.csv");
    std::fs::write(
        &features,
        "feature,value,min,max\ng,f,2,2\ng,m,0,1\na,y,0,2\na,o,0,1\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = run(&[
        "draw",
        "--people",
        people.to_str().unwrap(),
        "--features",
        features.to_str().unwrap(),
        "--panel-size",
        "2",
        "--seed",
        "1",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("warning: 1 volunteer(s) can be on no panel that meets the quotas, so their chance is 0: p3"), "{}", text(&o));
    let probs = std::fs::read_to_string(out.join("probabilities.csv")).unwrap();
    assert!(probs.contains("p3,0.000000,0"), "{probs}");
}

#[test]
fn zero_tickets_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("results");
    let (people, features) = (data("people.csv"), data("features.csv"));
    let o = run(&draw_args(
        people.to_str().unwrap(),
        features.to_str().unwrap(),
        out.to_str().unwrap(),
        &["--seed", "1", "--tickets", "0"],
    ));
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--tickets"), "{}", text(&o));
    assert!(!out.exists());
}

/// Runs a practice LEGACY draw of 24 on `people` (with data/'s quotas) into `out`.
fn draw_people(people: &Path, out: &Path) -> Output {
    run(&draw_args(
        people.to_str().unwrap(),
        data("features.csv").to_str().unwrap(),
        out.to_str().unwrap(),
        &["--seed", "7", "--algorithm", "legacy"],
    ))
}

#[test]
fn broken_rows_and_quotes_exit_2_at_their_row_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(data("people.csv")).unwrap();
    let lines: Vec<&str> = original.lines().collect();
    let write = |name: &str, lines: &[String]| {
        let p = tmp.path().join(name);
        std::fs::write(&p, lines.join("\n") + "\n").unwrap();
        p
    };
    let mut rows: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    // A stray unclosed quote near the end: the last rows would vanish into one cell.
    let n = rows.len();
    rows[n - 3] = rows[n - 3].replacen(',', ",\"", 1);
    let quote = write("quote.csv", &rows);
    let out = tmp.path().join("out");
    let o = draw_people(&quote, &out);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains(&format!("quote.csv, row {}: a quote", n - 2)),
        "{}",
        text(&o)
    );
    assert!(!out.exists());
    // A row with one cell too few.
    let mut rows: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let cut = rows[5].rfind(',').unwrap();
    rows[5].truncate(cut);
    let short = write("short.csv", &rows);
    let o = draw_people(&short, &out);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let fields = lines[0].split(',').count();
    assert!(
        text(&o).contains(&format!(
            "short.csv, row 6: the row has {} fields but the header has {fields}",
            fields - 1
        )),
        "{}",
        text(&o)
    );
    assert!(!out.exists());
}

#[test]
fn semicolon_tab_and_utf16_exports_give_the_same_panel() {
    let tmp = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(data("people.csv")).unwrap();
    assert!(!original.contains(';') && !original.contains('"'));
    let reference = {
        let o = draw_people(&data("people.csv"), &tmp.path().join("ref"));
        assert!(o.status.success(), "{}", text(&o));
        without_pseudonyms(&tmp.path().join("ref/selected.csv"))
    };
    let semicolon = tmp.path().join("semicolon.csv");
    std::fs::write(&semicolon, original.replace(',', ";")).unwrap();
    let tab = tmp.path().join("tab.csv");
    std::fs::write(&tab, format!("sep=\t\n{}", original.replace(',', "\t"))).unwrap();
    let utf16 = tmp.path().join("utf16.txt");
    let mut bytes = vec![0xFF, 0xFE];
    for u in original.replace(',', "\t").encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(&utf16, bytes).unwrap();
    for (i, p) in [semicolon, tab, utf16].iter().enumerate() {
        let out = tmp.path().join(format!("o{i}"));
        let o = draw_people(p, &out);
        assert!(o.status.success(), "{}: {}", p.display(), text(&o));
        let said = if i == 0 {
            "semicolon-separated"
        } else {
            "tab-separated"
        };
        assert!(text(&o).contains(said), "{}", text(&o));
        assert_eq!(without_pseudonyms(&out.join("selected.csv")), reference);
    }
}

#[test]
fn one_problem_on_many_rows_is_one_short_line() {
    let tmp = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(data("people.csv")).unwrap();
    let header: Vec<&str> = original.lines().next().unwrap().split(',').collect();
    let g = header.iter().position(|h| *h == "gender").unwrap();
    // Every "male" spelt "Male " with a zero-width space, and one 10 MB cell.
    let mut rows: Vec<String> = Vec::new();
    for (i, line) in original.lines().enumerate() {
        let mut cells: Vec<String> = line.split(',').map(String::from).collect();
        if i > 0 && cells[g] == "male" {
            cells[g] = "ma\u{200b}le".into();
        }
        if i == 3 {
            cells[1] = "x".repeat(10_000_000);
        }
        rows.push(cells.join(","));
    }
    let people = tmp.path().join("people.csv");
    std::fs::write(&people, rows.join("\n")).unwrap();
    let out = tmp.path().join("out");
    let o = draw_people(&people, &out);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let t = text(&o);
    assert!(t.len() < 2_000, "{} bytes of messages", t.len());
    let line = t
        .lines()
        .find(|l| l.contains("is not a value of gender"))
        .unwrap();
    assert!(
        line.contains("'ma\\u{200b}le'") && line.contains(" rows: "),
        "{line}"
    );
    assert_eq!(t.matches("is not a value of gender").count(), 1, "{t}");
    assert!(!out.exists());
}

#[test]
fn maximums_too_small_for_the_seats_exit_3_with_a_relaxation() {
    let tmp = tempfile::tempdir().unwrap();
    let features = std::fs::read_to_string(data("features.csv")).unwrap();
    // Cut every gender maximum to 10: 20 seats at most for a panel of 24.
    let cut: Vec<String> = features
        .lines()
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            if c[0] == "gender" {
                format!("{},{},{},10", c[0], c[1], c[2].min("10"))
            } else {
                l.to_string()
            }
        })
        .collect();
    let f = tmp.path().join("features.csv");
    std::fs::write(&f, cut.join("\n") + "\n").unwrap();
    let out = tmp.path().join("out");
    let o = run(&draw_args(
        data("people.csv").to_str().unwrap(),
        f.to_str().unwrap(),
        out.to_str().unwrap(),
        &["--seed", "1"],
    ));
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(
        text(&o).contains("the maximums of gender add up to"),
        "{}",
        text(&o)
    );
    assert!(!out.join("selected.csv").exists());
    assert!(out.join("features.relaxed.csv").exists(), "{}", text(&o));
}

#[test]
fn a_sortition_foundation_settings_file_loads_with_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let settings = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sf/settings.toml");
    let out = tmp.path().join("out");
    let people = data("people.csv");
    let features = data("features.csv");
    let mut args = draw_args(
        people.to_str().unwrap(),
        features.to_str().unwrap(),
        out.to_str().unwrap(),
        &["--seed", "example 1", "--settings"],
    );
    args.push(settings.to_str().unwrap());
    let o = run(&args);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("solver_backend = \"highspy\""),
        "{}",
        text(&o)
    );
    // Same settings as data/settings.toml otherwise: the README's golden panel.
    let ids = ids(&std::fs::read_to_string(out.join("selected.csv")).unwrap());
    assert_eq!(ids[..3], ["v001", "v005", "v013"]);
}

#[test]
fn force_clears_an_earlier_runs_own_files_and_an_unwritable_out_fails_first() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    // An earlier infeasible run left its relaxation; a later one must not leave it beside
    // new results. Other files in the folder are not ours and stay.
    std::fs::write(out.join("features.relaxed.csv"), "stale").unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let people = data("people.csv");
    let features = data("features.csv");
    let o = run(&draw_args(
        people.to_str().unwrap(),
        features.to_str().unwrap(),
        out.to_str().unwrap(),
        &["--seed", "1", "--force"],
    ));
    assert!(o.status.success(), "{}", text(&o));
    assert!(!out.join("features.relaxed.csv").exists());
    assert!(out.join("notes.txt").exists() && out.join("selected.csv").exists());
    // A folder that cannot be written is refused before any computation (here: under a
    // regular file, which no permission lets anyone write into).
    let blocker = tmp.path().join("a-file");
    std::fs::write(&blocker, "").unwrap();
    let target = blocker.join("results");
    let o = run(&draw_args(
        people.to_str().unwrap(),
        features.to_str().unwrap(),
        target.to_str().unwrap(),
        &["--seed", "1"],
    ));
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("cannot write in"), "{}", text(&o));
}

#[test]
fn already_selected_in_the_sortition_foundation_layout_and_its_mistakes() {
    let tmp = tempfile::tempdir().unwrap();
    let people = data("people.csv");
    let original = std::fs::read_to_string(&people).unwrap();
    let header: Vec<&str> = original.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let rows: Vec<Vec<&str>> = original
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    // SF's layout: only the id and the address columns.
    let stay = tmp.path().join("stay.csv");
    let mut layout = String::from("id,address,postcode\n");
    for r in &rows[..2] {
        layout.push_str(&format!(
            "{},{},{}\n",
            r[0],
            r[col("address")],
            r[col("postcode")]
        ));
    }
    std::fs::write(&stay, &layout).unwrap();
    let out = tmp.path().join("out");
    let features = data("features.csv");
    let mut args = draw_args(
        people.to_str().unwrap(),
        features.to_str().unwrap(),
        out.to_str().unwrap(),
        &["--seed", "1", "--settings"],
    );
    let settings = data("settings.toml");
    args.push(settings.to_str().unwrap());
    args.push("--already-selected");
    args.push(stay.to_str().unwrap());
    let o = run(&args);
    assert!(o.status.success(), "{}", text(&o));
    let selected = ids(&std::fs::read_to_string(out.join("selected.csv")).unwrap());
    assert_eq!(selected[..2], [rows[0][0], rows[1][0]]);
    assert_eq!(selected.len(), 24);
    // An id that is not in people.csv, and a gender that disagrees with people.csv.
    let g = col("gender");
    let other = if rows[2][g] == "male" {
        "female"
    } else {
        "male"
    };
    std::fs::write(
        &stay,
        format!("id,gender\nnobody,male\n{},{other}\n", rows[2][0]),
    )
    .unwrap();
    let out2 = tmp.path().join("out2");
    let mut args2 = args.clone();
    let at = args2
        .iter()
        .position(|a| *a == out.to_str().unwrap())
        .unwrap();
    let out2s = out2.to_str().unwrap().to_string();
    args2[at] = &out2s;
    let o = run(&args2);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let t = text(&o);
    assert!(
        t.contains("stay.csv, row 2, column 'id': the id 'nobody' is not in"),
        "{t}"
    );
    assert!(
        t.contains(&format!(
            "stay.csv, row 3, column 'gender': gender is '{other}' here but '{}' in",
            rows[2][g]
        )),
        "{t}"
    );
    assert!(!out2.exists());
}

#[test]
fn a_replacement_round_with_dropouts_left_out_never_draws_them() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("first");
    let settings = data("settings.toml");
    let (p, f) = (data("people.csv"), data("features.csv"));
    let (p, f, s) = (
        p.to_str().unwrap(),
        f.to_str().unwrap(),
        settings.to_str().unwrap(),
    );
    let mut args = draw_args(p, f, first.to_str().unwrap(), &["--settings", s]);
    args.extend(["--seed", "round 1"]);
    assert!(run(&args).status.success());
    let selected = ids(&std::fs::read_to_string(first.join("selected.csv")).unwrap());
    let stay = tmp.path().join("stay.csv");
    std::fs::write(&stay, format!("id\n{}\n", selected[..21].join("\n"))).unwrap();
    let dropouts = tmp.path().join("dropouts.csv");
    std::fs::write(&dropouts, format!("id\n{}\n", selected[21..].join("\n"))).unwrap();
    for seed in ["a", "b", "c", "d"] {
        let out = tmp.path().join(format!("second-{seed}"));
        let mut args = draw_args(p, f, out.to_str().unwrap(), &["--settings", s]);
        args.extend([
            "--seed",
            seed,
            "--already-selected",
            stay.to_str().unwrap(),
            "--leave-out",
            dropouts.to_str().unwrap(),
        ]);
        let o = run(&args);
        assert!(o.status.success(), "{}", text(&o));
        let panel = check_selected(&out, 24);
        assert_eq!(panel[..21], selected[..21]);
        let remaining = reserve_ids(&std::fs::read_to_string(out.join("remaining.csv")).unwrap());
        let chances = std::fs::read_to_string(out.join("probabilities.csv")).unwrap();
        for d in &selected[21..] {
            assert!(!panel.contains(d), "dropout {d} drawn again (seed {seed})");
            assert!(!remaining.contains(d), "dropout {d} among the reserves");
            assert!(
                !chances.lines().any(|l| l.starts_with(&format!("{d},"))),
                "{d} has a chance"
            );
        }
    }
}

#[test]
fn a_failed_forced_rerun_keeps_the_earlier_commitment() {
    let tmp = tempfile::tempdir().unwrap();
    let prep = tmp.path().join("prep");
    std::fs::create_dir_all(prep.join("publish")).unwrap();
    std::fs::write(prep.join("publish/commitment.json"), "published earlier").unwrap();
    std::fs::write(prep.join("private.json"), "its salt").unwrap();
    let features = std::fs::read_to_string(data("features.csv")).unwrap();
    let f = tmp.path().join("features.csv");
    std::fs::write(
        &f,
        features
            .replace("gender,female,12,13", "gender,female,12,12")
            .replace("gender,male,11,12", "gender,male,5,5"),
    )
    .unwrap();
    let o = bin()
        .args([
            "prepare",
            "--people",
            data("people.csv").to_str().unwrap(),
            "--features",
        ])
        .arg(&f)
        .args([
            "--panel-size",
            "24",
            "--seed-source",
            "dice",
            "--force",
            "--quiet",
            "--out",
        ])
        .arg(&prep)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert_eq!(
        std::fs::read_to_string(prep.join("publish/commitment.json")).unwrap(),
        "published earlier"
    );
    assert_eq!(
        std::fs::read_to_string(prep.join("private.json")).unwrap(),
        "its salt"
    );
}

/// The organiser's committed path through the binary: prepare with dice, publish the hash,
/// draw into the same folder, and verify with the published hash, the observer record and
/// one volunteer's receipt; a wrong published hash or a mistyped seed exits 4 and 2.
#[test]
fn committed_draw_with_dice_verifies_with_the_published_hash_and_a_receipt() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("assembly");
    let inputs = [
        "--people",
        data("people.csv").to_str().unwrap().to_string().leak(),
        "--features",
        data("features.csv").to_str().unwrap().to_string().leak(),
        "--settings",
        data("settings.toml").to_str().unwrap().to_string().leak(),
        "--panel-size",
        "24",
    ];
    let o = bin()
        .arg("prepare")
        .args(inputs)
        .args(["--seed-source", "dice:8", "--quiet", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let said = text(&o);
    assert!(said.contains("8 dice of 6 sides"), "{said}");
    let hash = said
        .lines()
        .find(|l| l.len() == 64 && l.bytes().all(|b| b.is_ascii_hexdigit()))
        .unwrap()
        .to_string();
    let commitment = dir.join("publish/commitment.json");
    let draw = |seed: &str| {
        bin()
            .args(["draw", "--quiet", "--seed", seed, "--commitment"])
            .arg(&commitment)
            .arg("--out")
            .arg(&dir)
            .output()
            .unwrap()
    };
    let o = draw("3 1 4 1 5 2 6");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("8 faces from 1 to 6"), "{}", text(&o));
    assert!(!dir.join("publish/audit.json").exists());
    let o = draw("3-1-4-1-5-2-6-3");
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("\"3 1 4 1 5 2 6 3\""), "{}", text(&o));
    // Nothing private in the folder to publish.
    let mut published: Vec<String> = std::fs::read_dir(dir.join("publish"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    published.sort();
    assert_eq!(
        published,
        [
            "audit.json",
            "commitment-report.html",
            "commitment.json",
            "quotas.csv",
            "report.html"
        ]
    );
    let receipts = std::fs::read_to_string(dir.join("receipts.csv")).unwrap();
    let receipt = csv_cell(&receipts, 1, 2);
    let receipt_file = tmp.path().join("my-receipt.json");
    std::fs::write(&receipt_file, receipt).unwrap();
    let verify = |published: &str| {
        bin()
            .arg("verify")
            .arg(dir.join("publish/audit.json"))
            .args(&inputs[..6])
            .arg("--salt")
            .arg(dir.join("private.json"))
            .arg("--observer")
            .arg(dir.join("observer.json"))
            .arg("--receipt")
            .arg(&receipt_file)
            .args(["--published", published, "--resolve"])
            .output()
            .unwrap()
    };
    let o = verify(&hash);
    let said = text(&o);
    assert!(o.status.success(), "{said}");
    assert!(
        said.starts_with(&format!("Checking the draw from commitment {hash}")),
        "{said}"
    );
    for line in [
        "ok   published hash",
        "ok   observer record",
        "ok   receipt",
        "ok   committed facts",
        "ok   re-solve",
        "ok   output files",
    ] {
        assert!(said.contains(line), "{line}: {said}");
    }
    assert!(!said.contains("skip"), "{said}");
    let o = verify(&"0".repeat(64));
    assert_eq!(o.status.code(), Some(4), "{}", text(&o));
    assert!(text(&o).contains("verification failed: published hash"));
}

/// The cell at (row, column) of a CSV text, row 0 being the first after the header.
fn csv_cell(text: &str, row: usize, column: usize) -> String {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    r.records().nth(row).unwrap().unwrap()[column].to_string()
}

/// A replacement round chained to the first: prepared from the earlier folder and the
/// dropouts, drawn from its commitment; the stays keep their seats, nobody from the first
/// panel is drawn or on the reserve list, and both verifiers check the chain.
#[test]
fn a_chained_replacement_round_never_redraws_the_first_panel() {
    let tmp = tempfile::tempdir().unwrap();
    let (first, second) = (tmp.path().join("first"), tmp.path().join("second"));
    let o = run(&draw_args(
        data("people.csv").to_str().unwrap(),
        data("features.csv").to_str().unwrap(),
        first.to_str().unwrap(),
        &[
            "--settings",
            data("settings.toml").to_str().unwrap(),
            "--seed",
            "example 1",
        ],
    ));
    assert!(o.status.success(), "{}", text(&o));
    let panel = ids(&std::fs::read_to_string(first.join("selected.csv")).unwrap());
    let dropouts = tmp.path().join("dropouts.csv");
    std::fs::write(&dropouts, format!("id\n{}\n{}\n", panel[0], panel[5])).unwrap();
    let o = bin()
        .args([
            "prepare",
            "--quiet",
            "--panel-size",
            "24",
            "--seed-source",
            "dice:8",
        ])
        .arg("--people")
        .arg(data("people.csv"))
        .arg("--features")
        .arg(data("features.csv"))
        .arg("--settings")
        .arg(data("settings.toml"))
        .arg("--replacing")
        .arg(&first)
        .arg("--dropouts")
        .arg(&dropouts)
        .arg("--out")
        .arg(&second)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let o = bin()
        .args([
            "draw",
            "--quiet",
            "--seed",
            "1 2 3 4 5 6 1 2",
            "--commitment",
        ])
        .arg(second.join("publish/commitment.json"))
        .arg("--out")
        .arg(&second)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let now = check_selected(&second, 24);
    let stays: Vec<&String> = panel
        .iter()
        .filter(|p| **p != panel[0] && **p != panel[5])
        .collect();
    assert!(stays.iter().all(|p| now.contains(p)));
    assert!(!now.contains(&panel[0]) && !now.contains(&panel[5]));
    let reserve = reserve_ids(&std::fs::read_to_string(second.join("remaining.csv")).unwrap());
    assert!(
        panel.iter().all(|p| !reserve.contains(p)),
        "someone of the first panel is a reserve"
    );
    let record = second.join("publish/audit.json");
    let earlier = first.join("publish/audit.json");
    let o = bin()
        .arg("verify")
        .arg(&record)
        .arg("--earlier")
        .arg(&earlier)
        .args(["--people", data("people.csv").to_str().unwrap()])
        .args(["--features", data("features.csv").to_str().unwrap()])
        .args(["--settings", data("settings.toml").to_str().unwrap()])
        .arg("--already-selected")
        .arg(second.join("stays.csv"))
        .arg("--leave-out")
        .arg(&dropouts)
        .arg("--salt")
        .arg(second.join("private.json"))
        .output()
        .unwrap();
    let said = text(&o);
    assert!(o.status.success(), "{said}");
    assert!(
        said.contains("ok   replacement round: 22 stay") && said.contains("ok   committed facts"),
        "{said}"
    );
    let python = |earlier: &Path| {
        Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/verify_audit.py"))
            .arg(&record)
            .arg("--earlier")
            .arg(earlier)
            .output()
            .unwrap()
    };
    let o = python(&earlier);
    assert!(o.status.success(), "{}", text(&o));
    // Chained to another round, both verifiers refuse it.
    let other = Path::new(env!("CARGO_MANIFEST_DIR")).join("audits/v2-practice/publish/audit.json");
    let o = bin()
        .arg("verify")
        .arg(&record)
        .arg("--earlier")
        .arg(&other)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(4));
    assert!(
        text(&o).contains("verification failed: replacement round"),
        "{}",
        text(&o)
    );
    let o = python(&other);
    assert_eq!(o.status.code(), Some(4));
    assert!(
        text(&o).contains("verification failed: replacement round"),
        "{}",
        text(&o)
    );
}

/// A drand round already produced could be chosen knowing its randomness: prepare refuses it
/// before any work, naming a round in the future.
#[test]
fn prepare_refuses_a_drand_round_of_the_past() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("draw");
    let o = bin()
        .args([
            "prepare",
            "--quiet",
            "--panel-size",
            "24",
            "--seed-source",
            "drand:1337",
        ])
        .arg("--people")
        .arg(data("people.csv"))
        .arg("--features")
        .arg(data("features.csv"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("drand round 1337 was produced"),
        "{}",
        text(&o)
    );
    assert!(!out.exists());
}

/// A prepared folder keeps working when moved with its inputs (private.json holds paths
/// relative to itself); when the inputs are elsewhere, the draw says which one to give again,
/// takes it, and names a file that changed after prepare.
#[test]
fn a_prepared_folder_keeps_working_when_moved() {
    let tmp = tempfile::tempdir().unwrap();
    let (before, after) = (tmp.path().join("before"), tmp.path().join("after"));
    std::fs::create_dir_all(before.join("data")).unwrap();
    for f in ["people.csv", "features.csv", "settings.toml"] {
        std::fs::copy(data(f), before.join("data").join(f)).unwrap();
    }
    let o = bin()
        .current_dir(&before)
        .args([
            "prepare",
            "--quiet",
            "--panel-size",
            "24",
            "--seed-source",
            "dice:8",
        ])
        .args([
            "--people",
            "data/people.csv",
            "--features",
            "data/features.csv",
        ])
        .args(["--settings", "data/settings.toml", "--out", "prep"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    std::fs::rename(&before, &after).unwrap();
    let draw = |extra: &[&str], out: &str| {
        bin()
            .current_dir(tmp.path())
            .args(["draw", "--quiet", "--seed", "6 5 4 3 2 1 6 5"])
            .args([
                "--commitment",
                "after/prep/publish/commitment.json",
                "--out",
                out,
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let o = draw(&[], "after/prep");
    assert!(o.status.success(), "{}", text(&o));
    // The inputs moved elsewhere: named, then given again.
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::rename(after.join("data"), &elsewhere).unwrap();
    let o = draw(&[], "out2");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("give the committed file with --people"),
        "{}",
        text(&o)
    );
    assert!(!tmp.path().join("out2").exists());
    let given = [
        "--people",
        "elsewhere/people.csv",
        "--features",
        "elsewhere/features.csv",
        "--settings",
        "elsewhere/settings.toml",
    ];
    let o = draw(&given, "out2");
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        std::fs::read(tmp.path().join("out2/selected.csv")).unwrap(),
        std::fs::read(after.join("prep/selected.csv")).unwrap()
    );
    let mut features = std::fs::read_to_string(elsewhere.join("features.csv")).unwrap();
    features = features.replacen(",12,", ",11,", 1);
    std::fs::write(elsewhere.join("features.csv"), features).unwrap();
    let o = draw(&given, "out3");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("features changed after the commitment was made"),
        "{}",
        text(&o)
    );
}

/// Ctrl-C during a long computation: exit 130, "interrupted, nothing written", and nothing
/// in the output folder (not even a temporary file).
#[cfg(unix)]
#[test]
fn ctrl_c_says_interrupted_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    // A pool LEXIMIN needs many seconds for: 4,000 volunteers, 9 features of 3 values.
    let mut people = String::from("id");
    for f in 0..9 {
        people.push_str(&format!(",f{f}"));
    }
    people.push('\n');
    let mut x: u64 = 12345;
    let mut counts = [[0u32; 3]; 9];
    for i in 0..4000 {
        people.push_str(&format!("p{i}"));
        for c in counts.iter_mut() {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let v = ((x >> 33) % 3) as usize;
            c[v] += 1;
            people.push_str(&format!(",v{v}"));
        }
        people.push('\n');
    }
    let mut features = String::from("feature,value,min,max\n");
    for (f, c) in counts.iter().enumerate() {
        for (v, n) in c.iter().enumerate() {
            let share = f64::from(*n) / 4000.0 * 150.0;
            features.push_str(&format!(
                "f{f},v{v},{},{}\n",
                (share - 2.0).floor(),
                (share + 2.0).ceil()
            ));
        }
    }
    std::fs::write(tmp.path().join("people.csv"), people).unwrap();
    std::fs::write(tmp.path().join("features.csv"), features).unwrap();
    let out = tmp.path().join("results");
    let mut child = bin()
        .current_dir(tmp.path())
        .args([
            "draw",
            "--people",
            "people.csv",
            "--features",
            "features.csv",
        ])
        .args([
            "--panel-size",
            "150",
            "--seed",
            "1",
            "--quiet",
            "--out",
            "results",
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(800));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the draw ended before Ctrl-C"
    );
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(130), "{}", text(&o));
    assert!(
        text(&o).contains("interrupted, nothing written"),
        "{}",
        text(&o)
    );
    assert!(!out.exists());
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(left.len(), 2, "only the inputs remain");
}

/// A workbook named with its sheet draws the same panel as the CSV export, and the output says
/// which sheet was read.
#[test]
fn a_workbook_sheet_draws_like_its_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let table = std::fs::read_to_string(data("people.csv")).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().set_name("Read me").unwrap();
    let ws = book.add_worksheet().set_name("Volunteers").unwrap();
    for (r, line) in table.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            ws.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    let xlsx = tmp.path().join("pool.xlsx");
    book.save(&xlsx).unwrap();
    let sheet = format!("{}:Volunteers", xlsx.display());
    let out = tmp.path().join("from-xlsx");
    let o = run(&draw_args(
        &sheet,
        data("features.csv").to_str().unwrap(),
        out.to_str().unwrap(),
        &[
            "--settings",
            data("settings.toml").to_str().unwrap(),
            "--seed",
            "example 1",
        ],
    ));
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("was read from the sheet 'Volunteers'"),
        "{}",
        text(&o)
    );
    assert_eq!(check_selected(&out, 24)[..3], ["v001", "v005", "v013"]);
}

/// Rows the Sortition Foundation's library reads over with a warning — a blank row, an exact
/// copy, a row without an id — are read over here too, named in the warning and listed in the
/// audit record, so nobody is lost silently.
#[test]
fn rows_read_over_are_named_and_recorded() {
    let tmp = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(data("people.csv")).unwrap();
    let lines: Vec<&str> = original.lines().collect();
    let mut people = lines.clone();
    people.insert(11, ",,,,,,,,,,");
    people.insert(20, lines[4]);
    let no_id = lines[6].split_once(',').unwrap().1;
    let no_id = format!(",{no_id}");
    people.insert(30, &no_id);
    let file = tmp.path().join("people.csv");
    std::fs::write(&file, people.join("\n") + "\n").unwrap();
    let out = tmp.path().join("out");
    let o = run(&draw_args(
        file.to_str().unwrap(),
        data("features.csv").to_str().unwrap(),
        out.to_str().unwrap(),
        &[
            "--settings",
            data("settings.toml").to_str().unwrap(),
            "--seed",
            "example 1",
        ],
    ));
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("3 row(s) read over, as the Sortition Foundation's library reads them over: row 12 (blank), row 21 (a copy of row 5), row 31 (no id)"),
        "{}",
        text(&o)
    );
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("publish/audit.json")).unwrap()).unwrap();
    assert_eq!(
        record["commitment"]["skipped_rows"],
        serde_json::json!([
            {"row": 12, "reason": "blank"},
            {"row": 21, "reason": "a copy of row 5"},
            {"row": 31, "reason": "no id"}
        ])
    );
}

/// The Sortition Foundation's quota files as they come — the current layout with flex columns
/// (`feature,value,min,max,min_flex,max_flex`, CRLF) and the older `category,name,min,max` —
/// load unchanged and draw the panel of data/features.csv.
#[test]
fn sortition_foundation_quota_layouts_load_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sf");
    let mut panels = Vec::new();
    for (i, f) in [
        data("features.csv"),
        fixtures.join("features-flex.csv"),
        fixtures.join("categories-old.csv"),
    ]
    .iter()
    .enumerate()
    {
        let out = tmp.path().join(format!("o{i}"));
        let o = run(&draw_args(
            data("people.csv").to_str().unwrap(),
            f.to_str().unwrap(),
            out.to_str().unwrap(),
            &[
                "--settings",
                data("settings.toml").to_str().unwrap(),
                "--seed",
                "example 1",
            ],
        ));
        assert!(o.status.success(), "{}: {}", f.display(), text(&o));
        panels.push(check_selected(&out, 24));
    }
    assert_eq!(panels[0], panels[1]);
    assert_eq!(panels[0], panels[2]);
}

#[test]
fn reports_from_check_draw_and_verify_in_the_language_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let (people, features, settings) = (
        data("people.csv"),
        data("features.csv"),
        data("settings.toml"),
    );
    let (people, features, settings) = (
        people.to_str().unwrap(),
        features.to_str().unwrap(),
        settings.to_str().unwrap(),
    );
    let check_page = tmp.path().join("check.html");
    let o = run(&[
        "check",
        "--people",
        people,
        "--features",
        features,
        "--settings",
        settings,
        "--panel-size",
        "24",
        "--report",
        check_page.to_str().unwrap(),
        "--lang",
        "es",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let page = std::fs::read_to_string(&check_page).unwrap();
    assert!(page.contains("<html lang=\"es\">") && page.contains("Comprobación de cuotas"));
    // The report is never written over an existing file.
    let o = run(&[
        "check",
        "--people",
        people,
        "--features",
        features,
        "--panel-size",
        "24",
        "--report",
        check_page.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("already exists"), "{}", text(&o));
    // A language without a catalogue is refused, naming the ones there are.
    let o = run(&[
        "check",
        "--people",
        people,
        "--features",
        features,
        "--panel-size",
        "24",
        "--lang",
        "de",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("fr (French)"), "{}", text(&o));

    let out = tmp.path().join("draw");
    let out_s = out.to_str().unwrap();
    let o = run(&draw_args(
        people,
        features,
        out_s,
        &[
            "--settings",
            settings,
            "--seed",
            "example 1",
            "--lang",
            "fr",
            "--title",
            "Assemblée",
            "--internal",
        ],
    ));
    assert!(o.status.success(), "{}", text(&o));
    let public = std::fs::read_to_string(out.join("publish/report.html")).unwrap();
    assert!(public.contains("<html lang=\"fr\">") && public.contains("Assemblée"));
    let internal = std::fs::read_to_string(out.join("report-internal.html")).unwrap();
    assert!(internal.contains("COPIE INTERNE"));
    let first_name = |csv: &str| {
        csv.lines()
            .nth(1)
            .unwrap()
            .split(',')
            .nth(1)
            .unwrap()
            .to_string()
    };
    let selected = std::fs::read_to_string(out.join("selected.csv")).unwrap();
    let name = first_name(&selected);
    assert!(internal.contains(&name) && !public.contains(&name));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out.join("report-internal.html"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the internal copy is private");
    }

    // What the binary says follows --lang too.
    assert!(
        text(&o).contains("24 des 24 sièges tirés avec LEXIMIN"),
        "{}",
        text(&o)
    );
    let o = run(&[
        "verify",
        out.join("publish/audit.json").to_str().unwrap(),
        "--lang",
        "es",
    ]);
    assert!(
        text(&o).contains("El registro está verificado."),
        "{}",
        text(&o)
    );
    let verify_page = tmp.path().join("verify.html");
    let o = run(&[
        "verify",
        out.join("publish/audit.json").to_str().unwrap(),
        "--report",
        verify_page.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let page = std::fs::read_to_string(&verify_page).unwrap();
    assert!(page.contains("<section id=\"verification\">") && page.contains("data-failed=\"0\""));
}

/// `check` on these files with a panel of 24, in `lang`.
fn check_in(lang: &str, people: &Path, features: &Path, settings: Option<&Path>) -> Output {
    let mut args = vec![
        "check".to_string(),
        "--people".into(),
        people.display().to_string(),
        "--features".into(),
        features.display().to_string(),
        "--panel-size".into(),
        "24".into(),
        "--lang".into(),
        lang.into(),
    ];
    if let Some(s) = settings {
        args.extend(["--settings".into(), s.display().to_string()]);
    }
    bin().args(&args).output().expect("runs")
}

/// Fails unless the output says each of `expected`.
fn assert_says(o: &Output, expected: &[&str]) {
    let t = text(o);
    for e in expected {
        assert!(t.contains(e), "{e}\nnot in\n{t}");
    }
}

/// Input problems in the language asked for: the place (row, column), the sentence and the
/// hint from the catalogues; several problems of one kind listed once with their rows.
#[test]
fn input_problems_are_said_in_french_and_spanish() {
    let tmp = tempfile::tempdir().unwrap();
    let features = tmp.path().join("features.csv");
    std::fs::write(
        &features,
        "feature,value,min,max\ngender,female,12,13\ngender,male,eleven,12\nage,16-29,7,5\n",
    )
    .unwrap();
    let people = tmp.path().join("people.csv");
    let text_of = std::fs::read_to_string(data("people.csv")).unwrap();
    let mut lines: Vec<String> = text_of.lines().map(str::to_string).collect();
    for row in [3, 5] {
        lines[row - 1] = lines[row - 1].replace(",female,", ",femme,");
    }
    std::fs::write(&people, lines.join("\n") + "\n").unwrap();
    let check = |lang: &str, f: &Path| check_in(lang, &people, f, None);
    let o = check("fr", &features);
    assert_eq!(o.status.code(), Some(2));
    assert_says(
        &o,
        &[
        "erreur : 2 problèmes dans les fichiers d'entrée :",
        "features.csv, ligne 3, colonne « min » : gender/male: le min n'est pas un nombre entier (« eleven »). Écrivez un nombre entier de sièges, 0 ou plus.",
        "features.csv, ligne 4, colonne « min » : age/16-29: le minimum (7) est plus grand que le maximum (5). Échangez-les ou corrigez l'un des deux.",
        ],
    );
    // Quotas corrected: the volunteers' problems, two rows of one kind in one line.
    let good = data("features.csv");
    let o = check("es", &good);
    assert_eq!(o.status.code(), Some(2));
    assert_says(
        &o,
        &[
            "error: 1 problema en los archivos de entrada:",
            "people.csv, columna «gender»: «femme» no es un valor de gender en el archivo de cuotas (en 2 filas: 3, 5) Use uno de estos: female, male; o añádalo al archivo de cuotas, o corrija las filas.",
        ],
    );
    // Quotas no panel meets: the reason, the conflict and the cheapest change, in French.
    let tight = tmp.path().join("tight.csv");
    std::fs::write(
        &tight,
        "feature,value,min,max\ngender,female,20,20\ngender,male,20,20\n",
    )
    .unwrap();
    let o = check_in("fr", &data("people.csv"), &tight, None);
    assert_eq!(o.status.code(), Some(3));
    assert_says(
        &o,
        &[
        "erreur : aucune assemblée ne respecte les quotas : les quotas ne peuvent pas tous être respectés à la fois avec ces volontaires ; changer 1 borne rendrait une assemblée possible",
        "tight.csv, ligne 2, colonne « min » : les minimums de gender font 40 au total, plus que les 24 sièges.",
        "Le plus petit changement des quotas qui permet une assemblée :\n  gender male : minimum 20 → 4",
        ],
    );
    // A settings file: the line, the key, the closest key and the type in words.
    let settings = tmp.path().join("settings.toml");
    std::fs::write(
        &settings,
        "id_column = \"id\"\nselection_algoritm = \"nash\"\ncheck_same_address = \"yes\"\n",
    )
    .unwrap();
    let o = check_in("fr", &data("people.csv"), &good, Some(&settings));
    assert_says(
        &o,
        &[
        "settings.toml, ligne 2 : il n'y a pas de paramètre « selection_algoritm ». Vouliez-vous dire « selection_algorithm » ?",
        "settings.toml, ligne 3 : check_same_address doit être true ou false (sans guillemets), trouvé \"yes\".",
        ],
    );
    // English stays as it was.
    let o = check("en", &good);
    assert!(
        text(&o).contains("'femme' is not a value of gender in the quota file (in 2 rows: 3, 5)")
    );
}

/// The verifier's findings in the language asked for: each check's name and what it found,
/// and the failure that ends a forged record's verification.
#[test]
fn verification_is_said_in_french_and_spanish() {
    let record =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("audits/v2-committed/publish/audit.json");
    let verify = |lang: &str, extra: &[&str]| {
        let mut args = vec!["verify", record.to_str().unwrap(), "--lang", lang];
        args.extend(extra);
        run(&args)
    };
    let o = verify("fr", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_says(
        &o,
        &[
            "ok   format du registre : kleroterion-audit/2",
            "ok   source de la graine : 8 dés à 6 faces, lancés en public, faces dans l'ordre du lancer",
            "ok   billet → panel : 24 personnes",
            "ok   les panels respectent les quotas : 1000 panels vérifiés",
            "omis reçu : le reçu d'un volontaire vérifie sa propre inscription",
            "Le registre est vérifié.",
        ],
    );
    let o = verify("es", &["--published", "0000"]);
    assert_eq!(o.status.code(), Some(4), "{}", text(&o));
    assert_says(
        &o,
        &[
            "ok   huella del registro: 23a5ce7b",
            "FALLO huella publicada: el compromiso del registro es 28a62e07",
            "no el publicado, 0000",
            "error: la verificación falló: huella publicada",
        ],
    );
    // No line is left in English or as a message id.
    for o in [verify("fr", &[]), verify("es", &["--published", "0000"])] {
        let t = text(&o);
        for english in [
            "record format",
            "tickets",
            "people",
            "check-",
            "verify-",
            "cli-",
        ] {
            assert!(!t.contains(english), "{english} in\n{t}");
        }
    }
}

/// A version-1 golden record gets its verification report too: every check passed, and the
/// panel's seats per value are those of the draw's selected.csv.
#[test]
fn a_version_1_record_gets_a_verification_report() {
    let tmp = tempfile::tempdir().unwrap();
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("audits/committed");
    let page = tmp.path().join("v1.html");
    let o = run(&[
        "verify",
        golden.join("audit.json").to_str().unwrap(),
        "--report",
        page.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("data-failed=\"0\""), "{html}");
    assert!(html.contains("a version-1 record"), "{html}");
    let selected = std::fs::read_to_string(golden.join("selected.csv")).unwrap();
    let mut lines = selected.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let gender = header.iter().position(|h| *h == "gender").unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    for value in ["female", "male"] {
        let seats = rows.iter().filter(|r| r[gender] == value).count();
        let row = format!("<tr data-value=\"{value}\">");
        let at = html.find(&row).unwrap();
        let end = html[at..].find("</tr>").unwrap();
        assert!(seats > 0);
        assert!(
            html[at..at + end].contains(&format!("data-seats=\"{seats}\"")),
            "{value}: {seats}"
        );
    }
}

/// `lottery_rounding = "within-one-ticket"`: the record states the rounding, its largest
/// deviation is below herding's on the same pool, and `verify --resolve` computes the
/// identical lottery from the committed settings.
#[test]
fn a_lottery_within_one_ticket_is_recorded_and_re_solved() {
    let tmp = tempfile::tempdir().unwrap();
    let settings = tmp.path().join("settings.toml");
    let ours = std::fs::read_to_string(data("settings.toml")).unwrap();
    std::fs::write(
        &settings,
        format!("{ours}\nlottery_rounding = \"within-one-ticket\"\n"),
    )
    .unwrap();
    let (p, f) = (data("people.csv"), data("features.csv"));
    let deviation = |out: &Path, settings: &Path| {
        let o = run(&draw_args(
            p.to_str().unwrap(),
            f.to_str().unwrap(),
            out.to_str().unwrap(),
            &["--settings", settings.to_str().unwrap(), "--seed", "7"],
        ));
        assert!(o.status.success(), "{}", text(&o));
        let record: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("publish/audit.json")).unwrap())
                .unwrap();
        let parameters = &record["commitment"]["parameters"];
        let d = &parameters["max_deviation"];
        let value = d["numerator"].as_f64().unwrap() / d["denominator"].as_f64().unwrap();
        (value, parameters["rounding"].clone())
    };
    let repaired_out = tmp.path().join("within");
    let (repaired, rounding) = deviation(&repaired_out, &settings);
    let (herded, none) = deviation(&tmp.path().join("herded"), &data("settings.toml"));
    assert_eq!(rounding, "within-one-ticket");
    assert!(none.is_null(), "{none}");
    assert!(
        repaired < herded && repaired < 1e-3,
        "{repaired} against {herded}"
    );
    let o = run(&[
        "verify",
        repaired_out.join("publish/audit.json").to_str().unwrap(),
        "--people",
        p.to_str().unwrap(),
        "--features",
        f.to_str().unwrap(),
        "--settings",
        settings.to_str().unwrap(),
        "--salt",
        repaired_out.join("private.json").to_str().unwrap(),
        "--resolve",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("ok   re-solve: the identical lottery"),
        "{}",
        text(&o)
    );
}

/// GOLDILOCKS from the settings, with its γ: recorded, re-solved identically by `verify
/// --resolve`, and its exact chances shown beside LEXIMIN's in the report; a larger γ
/// raises the smallest chance.
#[test]
fn goldilocks_is_recorded_re_solved_and_reported_beside_leximin() {
    let tmp = tempfile::tempdir().unwrap();
    let ours = std::fs::read_to_string(data("settings.toml")).unwrap();
    let (p, f) = (data("people.csv"), data("features.csv"));
    let smallest = |gamma: &str| {
        let settings = tmp.path().join(format!("settings-{gamma}.toml"));
        std::fs::write(
            &settings,
            format!(
                "{}\ngoldilocks_gamma = {gamma}\n",
                ours.replace("\"leximin\"", "\"goldilocks\"")
            ),
        )
        .unwrap();
        let out = tmp.path().join(format!("out-{gamma}"));
        let o = run(&draw_args(
            p.to_str().unwrap(),
            f.to_str().unwrap(),
            out.to_str().unwrap(),
            &["--settings", settings.to_str().unwrap(), "--seed", "7"],
        ));
        assert!(o.status.success(), "{}", text(&o));
        assert!(text(&o).contains("with GOLDILOCKS"), "{}", text(&o));
        let record: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("publish/audit.json")).unwrap())
                .unwrap();
        assert_eq!(record["commitment"]["algorithm"], "goldilocks");
        let parameters = &record["commitment"]["parameters"];
        assert_eq!(parameters["route"], "quota polytope");
        // The walk's revision, which verify --resolve below re-solves with.
        assert_eq!(parameters["walk"], 2);
        let stated: f64 = parameters["goldilocks_gamma"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(stated, gamma.parse::<f64>().unwrap());
        let report = std::fs::read_to_string(out.join("publish/report.html")).unwrap();
        let cell = |key: &str| -> f64 {
            let at = report.find(&format!("data-key=\"{key}\">")).expect(key);
            let rest = &report[at..];
            let value = &rest[rest.find('>').unwrap() + 1..rest.find('%').unwrap()];
            value.parse().unwrap()
        };
        // The largest chance well below LEXIMIN's.
        assert!(
            cell("exact-largest") < cell("leximin-largest") - 1.0,
            "{report}"
        );
        (settings, out, cell("exact-smallest"))
    };
    let (settings, out, at_one) = smallest("1");
    let (_, _, at_ten) = smallest("10");
    assert!(at_ten > at_one, "γ 10 gives {at_ten} %, γ 1 {at_one} %");
    let o = run(&[
        "verify",
        out.join("publish/audit.json").to_str().unwrap(),
        "--people",
        p.to_str().unwrap(),
        "--features",
        f.to_str().unwrap(),
        "--settings",
        settings.to_str().unwrap(),
        "--salt",
        out.join("private.json").to_str().unwrap(),
        "--resolve",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("ok   re-solve: the identical lottery"),
        "{}",
        text(&o)
    );
}

/// A Sortition Foundation settings file asking for diversimax is accepted: one panel
/// composition on every ticket (the seed picks the members within each type, so chances are
/// not only 0 or 1), its spread and bound recorded, and `verify --resolve` re-derives it.
#[test]
fn diversimax_settings_draw_one_composition_and_re_solve() {
    let tmp = tempfile::tempdir().unwrap();
    let ours = std::fs::read_to_string(data("settings.toml")).unwrap();
    let settings = tmp.path().join("settings.toml");
    std::fs::write(&settings, ours.replace("\"leximin\"", "\"diversimax\"")).unwrap();
    let (p, f) = (data("people.csv"), data("features.csv"));
    let out = tmp.path().join("out");
    let o = run(&draw_args(
        p.to_str().unwrap(),
        f.to_str().unwrap(),
        out.to_str().unwrap(),
        &["--settings", settings.to_str().unwrap(), "--seed", "7"],
    ));
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("with DIVERSIMAX"), "{}", text(&o));
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("publish/audit.json")).unwrap()).unwrap();
    let c = &record["commitment"];
    assert_eq!(c["algorithm"], "diversimax");
    let number = |key: &str| -> f64 { c["parameters"][key].as_str().unwrap().parse().unwrap() };
    assert!(number("diversimax_bound") <= number("diversimax_spread"));
    assert!(number("diversimax_combinations") >= 5.0);
    // Every ticket's panel has the same feature profile counts.
    let values: std::collections::HashMap<&str, &serde_json::Value> = c["volunteers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["pseudonym"].as_str().unwrap(), &v["values"]))
        .collect();
    let profile = |panel: &serde_json::Value| {
        let mut p: Vec<String> = panel
            .as_array()
            .unwrap()
            .iter()
            .map(|who| values[who.as_str().unwrap()].to_string())
            .collect();
        p.sort();
        p
    };
    let panels = c["panels"].as_array().unwrap();
    assert!(panels.iter().all(|q| profile(q) == profile(&panels[0])));
    let chances = std::fs::read_to_string(out.join("probabilities.csv")).unwrap();
    assert!(
        chances.lines().skip(1).any(|l| {
            let p: f64 = l.split(',').nth(1).unwrap().parse().unwrap();
            p > 0.0 && p < 1.0
        }),
        "{chances}"
    );
    let o = run(&[
        "verify",
        out.join("publish/audit.json").to_str().unwrap(),
        "--people",
        p.to_str().unwrap(),
        "--features",
        f.to_str().unwrap(),
        "--settings",
        settings.to_str().unwrap(),
        "--salt",
        out.join("private.json").to_str().unwrap(),
        "--resolve",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("ok   re-solve: the identical lottery"),
        "{}",
        text(&o)
    );
}

/// UNIFORM on a pool small enough to count: the record states the exact number of panels
/// (checked here by summing over every way to fill the seats from the eight profiles), both
/// verifiers pass and `kleroterion verify` re-runs the draw from the seed; on data/, whose
/// count is out of reach, it stops with a clear message and writes nothing.
#[test]
fn uniform_states_the_exact_panel_count_and_is_re_run() {
    let tmp = tempfile::tempdir().unwrap();
    let mut people = String::from("id,a,b,c\n");
    for i in 0..60u32 {
        let bit = |k: u32| {
            if (i * 7 + i / 5 + k * 3).is_multiple_of(k + 2) {
                "y"
            } else {
                "n"
            }
        };
        people.push_str(&format!("p{i},{},{},{}\n", bit(0), bit(1), bit(2)));
    }
    let quotas = [
        ("a", 10, 14, 10, 14),
        ("b", 6, 16, 8, 18),
        ("c", 5, 9, 15, 19),
    ];
    let mut features = String::from("feature,value,min,max\n");
    for (f, ylo, yhi, nlo, nhi) in quotas {
        features.push_str(&format!("{f},y,{ylo},{yhi}\n{f},n,{nlo},{nhi}\n"));
    }
    let (p, f, s) = (
        tmp.path().join("people.csv"),
        tmp.path().join("features.csv"),
        tmp.path().join("settings.toml"),
    );
    std::fs::write(&p, &people).unwrap();
    std::fs::write(&f, &features).unwrap();
    std::fs::write(&s, "selection_algorithm = \"uniform\"\n").unwrap();
    // The count by brute force over the profiles' seats.
    let mut size = [0u64; 8];
    for line in people.lines().skip(1) {
        let v: Vec<&str> = line.split(',').collect();
        let t = (0..3).fold(0, |t, k| t * 2 + usize::from(v[1 + k] == "y"));
        size[t] += 1;
    }
    let choose =
        |n: u64, k: u64| (0..k).fold(1u128, |c, i| c * u128::from(n - i) / u128::from(i + 1));
    fn walk(t: usize, left: u64, x: &mut [u64; 8], size: &[u64; 8], f: &mut dyn FnMut(&[u64; 8])) {
        if t == 8 {
            if left == 0 {
                f(x);
            }
            return;
        }
        for c in 0..=left.min(size[t]) {
            x[t] = c;
            walk(t + 1, left - c, x, size, f);
        }
    }
    let mut expected = 0u128;
    walk(0, 24, &mut [0; 8], &size, &mut |x| {
        let ok = quotas
            .iter()
            .enumerate()
            .all(|(k, &(_, ylo, yhi, nlo, nhi))| {
                let yes: u64 = (0..8).filter(|t| t >> (2 - k) & 1 == 1).map(|t| x[t]).sum();
                (ylo..=yhi).contains(&yes) && (nlo..=nhi).contains(&(24 - yes))
            });
        if ok {
            expected += (0..8).map(|t| choose(size[t], x[t])).product::<u128>();
        }
    });
    assert!(expected > 1000, "{expected}");
    let out = tmp.path().join("out");
    let o = run(&draw_args(
        p.to_str().unwrap(),
        f.to_str().unwrap(),
        out.to_str().unwrap(),
        &["--settings", s.to_str().unwrap(), "--seed", "7"],
    ));
    assert!(o.status.success(), "{}", text(&o));
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("publish/audit.json")).unwrap()).unwrap();
    let c = &record["commitment"];
    assert_eq!(c["algorithm"], "uniform");
    assert_eq!(c["parameters"]["panel_count"], expected.to_string());
    assert_eq!(c["tickets"], 0);
    let o = run(&[
        "verify",
        out.join("publish/audit.json").to_str().unwrap(),
        "--people",
        p.to_str().unwrap(),
        "--features",
        f.to_str().unwrap(),
        "--settings",
        s.to_str().unwrap(),
        "--salt",
        out.join("private.json").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("ok   uniform draw re-run: the seed gives the same panel"),
        "{}",
        text(&o)
    );
    let o = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/verify_audit.py"))
        .arg(out.join("publish/audit.json"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    // data/: out of reach, nothing written.
    let none = tmp.path().join("none");
    let settings = tmp.path().join("data-settings.toml");
    let ours = std::fs::read_to_string(data("settings.toml")).unwrap();
    std::fs::write(&settings, ours.replace("\"leximin\"", "\"uniform\"")).unwrap();
    let (dp, df) = (data("people.csv"), data("features.csv"));
    let o = run(&draw_args(
        dp.to_str().unwrap(),
        df.to_str().unwrap(),
        none.to_str().unwrap(),
        &["--settings", settings.to_str().unwrap(), "--seed", "7"],
    ));
    assert!(!o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("counting the panels exactly is out of reach"),
        "{}",
        text(&o)
    );
    assert!(!none.exists());
}
