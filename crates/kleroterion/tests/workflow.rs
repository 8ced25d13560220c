//! The library's facade as a linking tool uses it: load → check → prepare → draw → verify,
//! and the golden LEXIMIN panel the README promises on every machine.
mod common;

use kleroterion::lottery::DEFAULT_TICKETS;
use kleroterion::protocol::seed::SeedSource;
use kleroterion::workflow::{committed_panel_size, AUDIT_FILE};
use kleroterion::{Algorithm, Backend, Error, Extra, Inputs, Plan, Round, Salt, Silent};

fn example() -> Inputs {
    common::example()
}

fn plan(algorithm: Algorithm) -> Plan {
    Plan {
        algorithm,
        backend: Backend::Pure,
        tickets: DEFAULT_TICKETS,
    }
}

fn ids(inputs: &Inputs, candidates: &[usize]) -> Vec<String> {
    let inst = &inputs.instance;
    candidates
        .iter()
        .map(|&c| inst.pool.people[inst.candidates[c]].id.clone())
        .collect()
}

/// The README's draw (`--seed "example 1"` on data/) gives this panel on every machine and
/// in every later version: a practice draw is keyed by the seed alone, the salt only names
/// people in the record.
#[test]
fn the_readme_draw_gives_the_golden_panel() {
    let inputs = example();
    let expected = [
        "v001", "v005", "v013", "v038", "v041", "v088", "v110", "v121", "v125", "v151", "v152",
        "v162", "v171", "v176", "v183", "v202", "v207", "v226", "v236", "v257", "v264", "v266",
        "v270", "v296",
    ];
    for salt in [Salt::random(), Salt::random()] {
        let drawn = kleroterion::practice(
            &inputs,
            &plan(Algorithm::Leximin),
            &salt,
            "example 1",
            None,
            &mut Silent,
        )
        .unwrap();
        assert_eq!((drawn.ticket, drawn.tickets), (240, 1000));
        assert_eq!(ids(&inputs, &drawn.drawn), expected);
        assert_eq!(
            inputs.instance.violations(&drawn.drawn),
            Vec::<String>::new()
        );
        assert_eq!(ids(&inputs, &drawn.reserve)[..3], ["v295", "v007", "v234"]);
    }
}

/// The committed path through the facade: the commitment, a draw from it with the salt,
/// the record verified with the output files, the inputs and the salt, nothing skipped.
#[test]
fn committed_draw_through_the_facade_verifies_in_full() {
    let inputs = example();
    let salt = Salt::from_hex(&"5a".repeat(32)).unwrap();
    let report = kleroterion::check(&inputs, Backend::Pure).unwrap();
    assert_eq!(report.candidates, inputs.instance.n_candidates());
    let prepared = kleroterion::prepare(
        &inputs,
        &plan(Algorithm::Leximin),
        &salt,
        &Round {
            seed_source: &SeedSource::parse("dice:8", 1000).unwrap(),
            replaces: None,
        },
        &mut Silent,
    )
    .unwrap();
    assert_eq!(prepared.commitment.name, "publish/commitment.json");
    let seed = "6 2 5 1 1 4 3 2";
    let drawn = kleroterion::draw(
        &inputs,
        &prepared.commitment.bytes,
        &salt,
        seed,
        prepared.exact.as_deref(),
    )
    .unwrap();
    assert!(drawn.committed);
    let again = kleroterion::draw(
        &inputs,
        &prepared.commitment.bytes,
        &salt,
        seed,
        prepared.exact.as_deref(),
    )
    .unwrap();
    assert_eq!(drawn.files, again.files);
    // probabilities.csv has the algorithm's exact probability beside the lottery's, which
    // rounds it (by less than the rounding bound of the lottery).
    let probabilities = &drawn
        .files
        .iter()
        .find(|f| f.name == "probabilities.csv")
        .unwrap()
        .bytes;
    let mut reader = csv::Reader::from_reader(&probabilities[..]);
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "id",
            "probability",
            "panels",
            "exact_probability",
            "pseudonym"
        ]
    );
    for r in reader.records() {
        let r = r.unwrap();
        let (lottery, exact): (f64, f64) = (r[1].parse().unwrap(), r[3].parse().unwrap());
        assert!((lottery - exact).abs() < 0.01, "{r:?}");
    }
    let without =
        kleroterion::draw(&inputs, &prepared.commitment.bytes, &salt, seed, None).unwrap();
    let plain = &without
        .files
        .iter()
        .find(|f| f.name == "probabilities.csv")
        .unwrap()
        .bytes;
    assert!(String::from_utf8_lossy(plain).starts_with("id,probability,panels,pseudonym\n"));
    let dir = tempfile::tempdir().unwrap();
    for f in &drawn.files {
        let path = dir.path().join(f.name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &f.bytes).unwrap();
        // Only the record may be published; everything else is private.
        assert_eq!(f.private, !f.name.starts_with("publish/"), "{}", f.name);
    }
    let file = |name: &str| &drawn.files.iter().find(|f| f.name == name).unwrap().bytes;
    let record = file(AUDIT_FILE);
    assert_eq!(committed_panel_size(record), Some(24));
    let receipts = String::from_utf8(file("receipts.csv").clone()).unwrap();
    let receipt = csv::Reader::from_reader(receipts.as_bytes())
        .records()
        .next()
        .unwrap()
        .unwrap()[2]
        .to_string();
    let extra = Extra {
        outputs_dir: Some(dir.path()),
        inputs: Some((&inputs.bytes, &inputs.instance)),
        salt: Some(&salt),
        published: Some(&prepared.commitment_hash),
        observer: Some(file("observer.json")),
        receipt: Some(receipt.as_bytes()),
        ..Default::default()
    };
    let checks = kleroterion::verify(record, &extra);
    for c in &checks {
        assert!(
            matches!(c.outcome, kleroterion::Outcome::Passed(_)),
            "{c:?}"
        );
    }
}

/// A draw refuses input files that are not the committed ones, naming which changed.
#[test]
fn draw_names_the_input_that_changed_after_prepare() {
    let inputs = example();
    let salt = Salt::random();
    let prepared = kleroterion::prepare(
        &inputs,
        &plan(Algorithm::Legacy),
        &salt,
        &Round {
            seed_source: &SeedSource::parse("dice", 1000).unwrap(),
            replaces: None,
        },
        &mut Silent,
    )
    .unwrap();
    let mut changed = inputs.clone();
    changed.bytes.features.extend_from_slice(b"\n");
    match kleroterion::draw(&changed, &prepared.commitment.bytes, &salt, "1", None) {
        Err(Error::InputsChanged { files }) => assert_eq!(files, ["features"]),
        other => panic!("{other:?}"),
    }
    let mut edited = prepared.commitment.bytes.clone();
    edited[20] ^= 1;
    assert!(matches!(
        kleroterion::draw(&inputs, &edited, &salt, "1", None),
        Err(Error::Commitment(_))
    ));
}

/// A progress sink that asks the solve to stop once it has seen `after` updates, or once
/// the panels are being found (`in_walk`).
struct StopAfter {
    after: usize,
    seen: usize,
    in_walk: bool,
    walking: bool,
}

impl kleroterion::Progress for StopAfter {
    fn update(&mut self, _stage: usize, _fixed: usize, _types: usize, _panels: usize) {
        self.seen += 1;
    }
    fn decomposing(&mut self, _stages: usize, _panels: usize) {
        self.walking = true;
    }
    fn cancelled(&self) -> bool {
        self.seen >= self.after || (self.in_walk && self.walking)
    }
}

fn stop_after(after: usize, in_walk: bool) -> StopAfter {
    StopAfter {
        after,
        seen: 0,
        in_walk,
        walking: false,
    }
}

/// A watcher that asks to stop (the app's Cancel) ends LEXIMIN and NASH with
/// `Error::Cancelled`, after the update that asked, and writes nothing; one that never asks
/// changes nothing.
#[test]
fn a_solve_asked_to_stop_ends_cancelled() {
    let inputs = example();
    let salt = Salt::from_hex(&"5a".repeat(32)).unwrap();
    for algorithm in [Algorithm::Leximin, Algorithm::Nash] {
        let mut stop = stop_after(2, false);
        let result = kleroterion::practice(&inputs, &plan(algorithm), &salt, "1", None, &mut stop);
        assert!(matches!(result, Err(Error::Cancelled)), "{algorithm:?}");
        assert_eq!(stop.seen, 2, "{algorithm:?} stops at the update that asked");
    }
    // Asked while the panels are found (the walk), LEXIMIN stops too.
    let mut stop = stop_after(usize::MAX, true);
    let result = kleroterion::practice(
        &inputs,
        &plan(Algorithm::Leximin),
        &salt,
        "1",
        None,
        &mut stop,
    );
    assert!(matches!(result, Err(Error::Cancelled)) && stop.walking);
    let mut never = stop_after(usize::MAX, false);
    let drawn = kleroterion::practice(
        &inputs,
        &plan(Algorithm::Leximin),
        &salt,
        "example 1",
        None,
        &mut never,
    )
    .unwrap();
    assert_eq!(drawn.ticket, 240);
}
