//! The selection report: complete catalogues, the numbers of the draw, and no personal data.
mod common;

use kleroterion::lottery::DEFAULT_TICKETS;
use kleroterion::report::{html, message_ids, Cell, Intersection, Language};
use kleroterion::{Algorithm, Backend, Inputs, Plan, Salt, Silent};
use std::collections::BTreeSet;

fn example() -> Inputs {
    common::example()
}

fn draw(algorithm: Algorithm) -> (Inputs, kleroterion::Drawn) {
    let inputs = example();
    let plan = Plan {
        algorithm,
        backend: Backend::Pure,
        tickets: DEFAULT_TICKETS,
    };
    let drawn = kleroterion::practice(&inputs, &plan, &Salt::random(), "report", None, &mut Silent)
        .unwrap();
    (inputs, drawn)
}

#[test]
fn every_catalogue_has_every_message() {
    let english: BTreeSet<String> = message_ids(Language::English).into_iter().collect();
    assert!(english.len() > 40);
    for language in Language::ALL {
        let ids = message_ids(language);
        let set: BTreeSet<String> = ids.iter().cloned().collect();
        assert_eq!(set.len(), ids.len(), "{language}: a message defined twice");
        let missing: Vec<_> = english.difference(&set).collect();
        let extra: Vec<_> = set.difference(&english).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{language}: missing {missing:?}, not in English {extra:?}"
        );
    }
}

/// Every message id the library and the binary name in their source (a `said!`, a check's
/// name, a `what-` description, a binary message) is in the catalogues: a missing one would
/// be shown to the user as its id.
#[test]
fn every_message_the_code_names_is_in_the_catalogues() {
    let english: BTreeSet<String> = message_ids(Language::English).into_iter().collect();
    let root = common::root();
    let mut named = BTreeSet::new();
    let mut files = vec![root.join("crates/kleroterion/src"), root.join("src")];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, _) in text.match_indices('"') {
            let rest = &text[i + 1..];
            let Some(end) = rest.find('"') else { break };
            let word = &rest[..end];
            let prefixes = [
                "verify-",
                "check-",
                "what-",
                "error-",
                "output-",
                "cli-",
                "seed-source-",
            ];
            let is_id = prefixes.iter().any(|p| word.starts_with(p))
                && word.len() > 8
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if is_id && !word.ends_with('-') {
                named.insert(word.to_string());
            }
        }
    }
    assert!(named.len() > 150, "{}", named.len());
    let missing: Vec<&String> = named.difference(&english).collect();
    assert!(missing.is_empty(), "not in the catalogues: {missing:?}");
}

#[test]
fn the_report_shows_the_draw_in_each_language_with_every_message_translated() {
    let (inputs, drawn) = draw(Algorithm::Leximin);
    let inst = &inputs.instance;
    let ids = message_ids(Language::English);
    let mut pages = Vec::new();
    for language in Language::ALL {
        let page = html(&drawn.report, language);
        assert!(page.contains(&format!("<html lang=\"{}\">", language.code())));
        // A message missing from a catalogue would show as its id.
        for id in &ids {
            assert!(
                !page.contains(&format!(">{id}<")),
                "{language}: {id} untranslated"
            );
        }
        // The seats per value are the panel's.
        for (v, q) in inst.quotas.values.iter().enumerate() {
            let seats = drawn
                .drawn
                .iter()
                .filter(|&&c| inst.values_of(c).contains(&v))
                .count();
            let row = format!("<tr data-value=\"{}\">", q.name);
            let at = page
                .find(&row)
                .unwrap_or_else(|| panic!("no row for {}", q.name));
            let cell = format!("data-seats=\"{seats}\"");
            let end = page[at..].find("</tr>").unwrap() + at;
            assert!(page[at..end].contains(&cell), "{language}: {}", q.name);
        }
        for section in ["summary", "representation", "fairness", "draw", "reserves"] {
            assert!(page.contains(&format!("<section id=\"{section}\">")));
        }
        assert!(page.contains(&drawn.report.commitment.as_ref().unwrap().hash));
        pages.push(page);
    }
    assert!(pages[1].contains("Rapport de tirage au sort") && pages[1].contains("6,00\u{a0}%"));
    assert!(pages[2].contains("Informe del sorteo"));
    assert!(pages[0].contains("Selection report") && pages[0].contains("6.00%"));
}

#[test]
fn the_public_report_holds_no_personal_data() {
    for algorithm in [Algorithm::Leximin, Algorithm::Legacy] {
        let (inputs, drawn) = draw(algorithm);
        let pool = &inputs.instance.pool;
        let personal: Vec<usize> = [
            "id",
            "first_name",
            "last_name",
            "email",
            "address",
            "postcode",
        ]
        .iter()
        .map(|h| pool.headers.iter().position(|x| x == h).unwrap())
        .collect();
        for language in Language::ALL {
            let page = html(&drawn.report, language);
            for person in &pool.people {
                for &column in &personal {
                    let field = person.fields[column].trim();
                    assert!(
                        field.is_empty() || !page.contains(field),
                        "{language}: the report shows {field:?} from people.csv"
                    );
                }
            }
        }
    }
}

#[test]
fn a_legacy_report_says_it_has_no_chances_and_titles_are_escaped() {
    let (_, drawn) = draw(Algorithm::Legacy);
    let mut facts = drawn.report.clone();
    facts.title = Some("<script>alert(1)</script> & co".into());
    let page = html(&facts, Language::English);
    assert!(page.contains("computes no chances"));
    assert!(!page.contains("<script>"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
    assert!(!page.contains("data-key=\"ticket\""));
}

/// The cells of one sheet of results.xlsx, as text (numbers without a decimal point).
fn sheet_cells(xlsx: &[u8], name: &str) -> Vec<Vec<String>> {
    use calamine::{Data, Reader};
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(xlsx.to_vec())).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Float(f) => {
                        assert_eq!(f.fract(), 0.0);
                        format!("{}", *f as i64)
                    }
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => panic!("{name}: unexpected cell {other:?}"),
                })
                .collect()
        })
        .collect()
}

#[test]
fn results_xlsx_holds_the_csv_files_with_counts_as_numbers() {
    let (_, drawn) = draw(Algorithm::Leximin);
    let file = |name: &str| &drawn.files.iter().find(|f| f.name == name).unwrap().bytes;
    let xlsx = file("results.xlsx");
    for (sheet, csv_name) in [
        ("Panel", "selected.csv"),
        ("Reserves", "remaining.csv"),
        ("Seat reserves", "seat_reserves.csv"),
        ("Quotas", "publish/quotas.csv"),
    ] {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&file(csv_name)[..]);
        let expected: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        assert!(expected.len() > 1, "{csv_name} has rows");
        assert_eq!(sheet_cells(xlsx, sheet), expected, "{sheet}");
    }
}

/// Fails when a message id shows on the page (a message missing from its catalogue).
fn assert_translated(page: &str) {
    for id in message_ids(Language::English) {
        assert!(!page.contains(&format!(">{id}<")), "{id} untranslated");
    }
}

#[test]
fn each_step_writes_the_sections_that_apply() {
    let inputs = example();
    let check = html(
        &kleroterion::report::ReportFacts::of_check(&inputs.instance),
        Language::English,
    );
    assert_translated(&check);
    assert!(check.contains("<section id=\"representation\">"));
    assert!(check.contains("Quota check"));
    for absent in ["fairness", "draw", "reserves", "verification"] {
        assert!(
            !check.contains(&format!("<section id=\"{absent}\">")),
            "{absent}"
        );
    }
    // The pool's counts, no panel column before a draw.
    assert!(check.contains("data-pool=\"163\"") && !check.contains("data-seats"));

    let plan = Plan {
        algorithm: Algorithm::Leximin,
        backend: Backend::Pure,
        tickets: DEFAULT_TICKETS,
    };
    let source = kleroterion::protocol::seed::SeedSource::Dice { dice: 8, sides: 6 };
    let round = kleroterion::Round {
        seed_source: &source,
        replaces: None,
    };
    let salt = Salt::random();
    let prepared = kleroterion::prepare(&inputs, &plan, &salt, &round, &mut Silent).unwrap();
    let before = html(&prepared.report, Language::French);
    assert_translated(&before);
    // The rounding is known where the lottery was computed: here, not from a record.
    let rounding = prepared.report.rounding.unwrap();
    assert!(rounding > 0.0 && rounding < 24.0 / 1000.0, "{rounding}");
    assert!(before.contains("data-key=\"rounding\""));
    assert!(before.contains("La loterie est fixée"));
    assert!(before.contains(&prepared.commitment_hash));
    assert!(before.contains("<section id=\"fairness\">") && before.contains("6,00\u{a0}%"));
    assert!(!before.contains("data-key=\"seed\"") && !before.contains("<section id=\"reserves\">"));

    let drawn = kleroterion::draw(
        &inputs,
        &prepared.commitment.bytes,
        &salt,
        "3 1 4 1 5 2 6 3",
        None,
    )
    .unwrap();
    let record = &drawn
        .files
        .iter()
        .find(|f| f.name == "publish/audit.json")
        .unwrap()
        .bytes;
    let checks = kleroterion::verify(record, &Default::default());
    let facts = kleroterion::workflow::verification_report(record, &checks).unwrap();
    let verified = html(&facts, Language::Spanish);
    assert_translated(&verified);
    assert!(verified.contains("<section id=\"verification\">"));
    assert!(verified.contains("data-failed=\"0\""));
    assert!(!verified.contains("data-key=\"rounding\""));
    assert!(verified.contains("Sorteo comprometido"));
    // The record alone has no pool counts; the panel's seats are the drawn ones.
    assert!(!verified.contains("data-pool="));
    assert_eq!(
        verified.matches("data-seats=").count(),
        inputs.instance.quotas.values.len()
    );

    // A forged record: another ticket. The page says the checks failed.
    let text = String::from_utf8(record.clone()).unwrap();
    let ticket = format!("\"ticket\":{}", drawn.ticket);
    assert!(text.contains(&ticket));
    let forged = text.replace(&ticket, &format!("\"ticket\":{}", drawn.ticket % 1000 + 1));
    let checks = kleroterion::verify(forged.as_bytes(), &Default::default());
    assert!(checks.iter().any(|c| c.outcome.is_failure()));
    let facts = kleroterion::workflow::verification_report(forged.as_bytes(), &checks).unwrap();
    let page = html(&facts, Language::English);
    assert!(!page.contains("data-failed=\"0\"") && page.contains("FAILED"));
}

#[test]
fn only_the_internal_copy_names_the_panel() {
    let (inputs, drawn) = draw(Algorithm::Leximin);
    let public = html(&drawn.report, Language::English);
    let internal = html(&drawn.internal_report(), Language::English);
    assert!(internal.contains("INTERNAL COPY") && !public.contains("INTERNAL COPY"));
    // The per-seat reserves, with their ids, in the internal copy only.
    assert!(
        internal.contains("Reserves for each seat") && !public.contains("Reserves for each seat")
    );
    assert!(internal.contains("<th>member_id</th><th>member_pseudonym</th><th>choice</th>"));
    let inst = &inputs.instance;
    for &c in &drawn.drawn {
        let person = &inst.pool.people[inst.candidates[c]];
        assert!(internal.contains(&format!("<td>{}</td>", person.id)));
        assert!(!public.contains(&person.id));
    }
}

#[test]
fn the_legacy_comparison_shows_legacy_below_leximins_smallest_chance() {
    let (inputs, drawn) = draw(Algorithm::Leximin);
    let legacy =
        kleroterion::report::LegacyFacts::estimate(&inputs.instance, 1000, "test").unwrap();
    assert_eq!(legacy.draws, 1000);
    let (tickets, m) = drawn.report.tickets.clone().unwrap();
    let leximin_smallest = f64::from(*tickets.iter().min().unwrap()) / f64::from(m);
    // LEXIMIN maximises the smallest chance: LEGACY's, even at the top of its margin, is not
    // above it (with the lottery's rounding, 1/m).
    assert!(
        legacy.smallest + legacy.margin <= leximin_smallest + 1.0 / f64::from(m),
        "{legacy:?} against {leximin_smallest}"
    );
    assert!(legacy.margin > 0.0 && legacy.largest > legacy.smallest);
    let facts = kleroterion::report::ReportFacts {
        legacy: Some(legacy),
        ..drawn.report.clone()
    };
    let page = html(&facts, Language::French);
    assert!(page.contains("Comparaison avec la méthode LEGACY"));
    assert!(page.contains("data-key=\"legacy-smallest\""));
    // The same seed gives the same estimate.
    assert_eq!(
        kleroterion::report::LegacyFacts::estimate(&inputs.instance, 1000, "test"),
        facts.legacy
    );
}

#[test]
fn population_shares_from_features_csv_show_in_the_report() {
    let people = "id,g\n1,f\n2,f\n3,f\n4,m\n5,m\n6,m\n7,m\n";
    let features = "feature,value,min,max,population\ng,f,1,2,51%\ng,m,1,2,\"0,49\"\n";
    let inst = common::from_text(people, features, None, 3).unwrap();
    let shares: Vec<f64> = inst
        .quotas
        .values
        .iter()
        .map(|v| v.population.unwrap().get())
        .collect();
    assert_eq!(shares, [0.51, 0.49]);
    let page = html(
        &kleroterion::report::ReportFacts::of_check(&inst),
        Language::English,
    );
    assert!(page.contains("<th>Population</th>") && page.contains("<td>51.0%</td>"));
    assert!(page.contains("share of the population"));
    let lines = kleroterion::results::quota_table(&inst, None);
    let csv = String::from_utf8(kleroterion::results::quotas_csv(&lines)).unwrap();
    assert!(
        csv.starts_with("feature,value,min,max,pool,panel,population\ng,f,1,2,3,,0.51\n"),
        "{csv}"
    );

    // Not a share, and shares that do not add up: each named, with the fix.
    let bad = "feature,value,min,max,population\ng,f,1,2,1.5\ng,m,1,2,0.49\n";
    let e = common::from_text(people, bad, None, 3)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("row 2") && e.contains("'1.5' is not a share"),
        "{e}"
    );
    let partial = "feature,value,min,max,population\ng,f,1,2,0.3\ng,m,1,2,0.4\n";
    let e = common::from_text(people, partial, None, 3)
        .unwrap_err()
        .to_string();
    assert!(e.contains("add up to 70.0%"), "{e}");
}

/// The intersections of two features: every cell's pool, expected seats and panel seats are
/// those counted from the volunteers, the tickets and the drawn panel; a cell of fewer than
/// five volunteers is not detailed in the public report.
#[test]
fn intersections_count_the_pool_the_lottery_and_the_panel() {
    let (inputs, drawn) = draw(Algorithm::Leximin);
    let inst = &inputs.instance;
    let facts = &drawn.report;
    assert!(!facts.intersections.is_empty());
    let (tickets, m) = facts.tickets.clone().unwrap();
    // The candidates with a cell's two values.
    let members = |x: &Intersection, cell: &Cell| -> Vec<usize> {
        let at = |name: &str| inst.quotas.features.iter().position(|f| f.name == name);
        let (f, g) = (at(&x.features.0).unwrap(), at(&x.features.1).unwrap());
        let value = |c: usize, h: usize| &inst.quotas.values[inst.values_of(c)[h]].name;
        (0..inst.n_candidates())
            .filter(|&c| *value(c, f) == cell.values.0 && *value(c, g) == cell.values.1)
            .collect()
    };
    for x in &facts.intersections {
        for cell in &x.cells {
            let members = members(x, cell);
            assert_eq!(cell.pool as usize, members.len());
            let expected: f64 = members
                .iter()
                .map(|&c| f64::from(tickets[c]) / f64::from(m))
                .sum();
            assert!((cell.expected.unwrap() - expected).abs() < 1e-9);
            let seats = members.iter().filter(|c| drawn.drawn.contains(c)).count();
            assert_eq!(cell.panel.unwrap() as usize, seats);
        }
        let panel: u32 = x.cells.iter().map(|c| c.panel.unwrap()).sum();
        assert_eq!(panel as usize, drawn.drawn.len());
    }
    // With LEGACY's estimate (`--compare legacy`): each cell's LEGACY seats are its
    // members' estimated chances added up, shown beside the lottery's.
    let legacy = kleroterion::report::LegacyFacts::estimate(inst, 200, "intersections").unwrap();
    let mut compared = facts.clone();
    kleroterion::report::add_comparison(&mut compared.intersections, inst, &legacy.chance);
    let x = &compared.intersections[0];
    let cell = &x.cells[0];
    let expected: f64 = members(x, cell).iter().map(|&c| legacy.chance[c]).sum();
    assert!((cell.legacy.unwrap() - expected).abs() < 1e-9);
    let total: f64 = x.cells.iter().map(|c| c.legacy.unwrap()).sum();
    assert!((total - inst.seats as f64).abs() < 1e-6, "{total}");
    assert!(html(&compared, Language::French).contains("LEGACY en moyenne"));
    // With NASH and GOLDILOCKS beside (`--compare nash,goldilocks`): each cell's seats are
    // its members' exact chances added up, in the order compared, and the fairness section
    // states each one's smallest and largest chance.
    for algorithm in [Algorithm::Nash, Algorithm::Goldilocks] {
        let (found, chance) = kleroterion::report::ComparedFacts::compute(
            inst,
            algorithm,
            kleroterion::Backend::Pure,
            &mut kleroterion::Silent,
        )
        .unwrap();
        kleroterion::report::add_compared(&mut compared.intersections, inst, &chance);
        assert!(
            found.smallest <= found.largest && found.smallest > 0.0,
            "{found:?}"
        );
        compared.compared.push(found);
    }
    for x in &compared.intersections {
        for (k, _) in compared.compared.iter().enumerate() {
            let total: f64 = x.cells.iter().map(|c| c.compared[k]).sum();
            assert!((total - inst.seats as f64).abs() < 1e-6, "{total}");
        }
    }
    let page = html(&compared, Language::English);
    assert!(page.contains("GOLDILOCKS on average") && page.contains("<dl data-compared=\"nash\">"));
    let goldilocks = &compared.compared[1];
    assert!(goldilocks.largest < 0.15, "{goldilocks:?}");
    // A small cell: not detailed in public, detailed in the organiser's copy.
    let mut small = facts.clone();
    small.intersections[0].cells[0].pool = 3;
    let public = html(&small, Language::English);
    assert!(public.contains("fewer than 5 volunteers"));
    assert!(!public.contains("data-pool=\"3\""));
    let internal = html(&drawn.internal_report(), Language::English);
    assert!(internal.contains("id=\"intersections\""));
}
