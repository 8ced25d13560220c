//! The audit protocol: test vectors (shared with tools/verify_audit.py and docs/AUDIT.md),
//! prepare → draw → verify, a suite of forged records (each resealed, so that only its meaning
//! is wrong), no personal data in public records, receipts, and the golden records.
mod common;
#[path = "common/pools.rs"]
mod pools;

use kleroterion::protocol::canonical::canonical_json;
use kleroterion::protocol::commitment::{draw_key, draw_ticket, DRAW_TAG};
use kleroterion::protocol::records::{
    tagged_hash, Commitment, AUDIT_TAG, COMMITMENT_TAG, PRACTICE_COMMITMENT_TAG,
};
use kleroterion::protocol::rng::{derive_key, SeededRng, PRACTICE_DRAW_TAG};
use kleroterion::protocol::seed::SeedSource;
use kleroterion::protocol::verify::{verify, Check, Extra, Outcome};
use kleroterion::workflow::{self, Drawn, Inputs};
use kleroterion::{Algorithm, Backend, InputFiles, Plan, Round, Salt, Silent};
use serde_json::{json, Value};
use std::num::NonZeroU32;
use std::path::Path;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn test_vectors_of_audit_md() {
    let key = derive_key(PRACTICE_DRAW_TAG, &[b"3 1 4 1 5"]);
    assert_eq!(
        hex(&key),
        "f129fa1ee5e07d69dce5c03fa45eab48bf5cf56e035bbee82a35bc6ba8767ab6"
    );
    let mut g = SeededRng::from_key(key);
    assert_eq!(
        [g.next_u64(), g.next_u64(), g.next_u64()],
        [
            8915428840658532841,
            3600656821025368818,
            12712274948640796542
        ]
    );
    assert_eq!(SeededRng::from_key(key).below(1000) + 1, 842);
    let key = derive_key(
        PRACTICE_DRAW_TAG,
        &[b"2026-12-05 lottery: 4 11 23 35 41 49"],
    );
    assert_eq!(
        hex(&key),
        "f31fe4bdf5be6305f41ac917571f21b9df5c51ef1117a4694f4e551aa460ed17"
    );
    assert_eq!(SeededRng::from_key(key).below(1000) + 1, 66);
    // Version 2: a committed draw, one vector per seed source (docs/AUDIT.md §9).
    let zeros = "0".repeat(64);
    assert_eq!(DRAW_TAG, "kleroterion/draw/v2");
    let cases = [
        ("dice:8", "3,1,4,1,5,2,6,3", "3 1 4 1 5 2 6 3"),
        (
            "lottery:EuroMillions main numbers,2026-12-05,5,50",
            "41 4 23 11 35",
            "4 11 23 35 41",
        ),
        ("custom:the town crier's words", "Oyez oyez", "Oyez oyez"),
    ];
    let mut tickets = Vec::new();
    for (source, typed, canonical) in cases {
        let s = SeedSource::parse(source, 1000).unwrap();
        assert_eq!(s.canonical_seed(typed).unwrap(), canonical);
        let key = draw_key(&zeros, true, canonical);
        assert_eq!(
            key,
            derive_key(DRAW_TAG, &[zeros.as_bytes(), canonical.as_bytes()])
        );
        tickets.push((hex(&key), SeededRng::from_key(key).below(1000) + 1));
    }
    assert_eq!(
        tickets,
        [
            (
                "94ae9bfe598e37f57f05f0d7d8c7c20f8c89543f796a110f04075f85e069297c".to_string(),
                109
            ),
            (
                "3cb1543d88dfefed8a2bd5f9cab5bff984b1679ced6f84e6b4213b796cafba3b".to_string(),
                22
            ),
            (
                "5b9991c7d6a20c8c82a1159743d229d40ece68c463378d8a0b753804d5036051".to_string(),
                941
            )
        ]
    );
}

/// data/ as inputs.
fn example() -> Inputs {
    common::example()
}

fn plan(algorithm: Algorithm, m: u32) -> Plan {
    Plan {
        algorithm,
        backend: Backend::Pure,
        tickets: NonZeroU32::new(m).unwrap(),
    }
}

/// A committed draw on data/ with a fixed salt: the commitment hash, and the draw.
fn committed(algorithm: Algorithm, seed: &str) -> (Inputs, Salt, String, Drawn) {
    let inputs = example();
    let salt = Salt::from_hex(&"ab".repeat(32)).unwrap();
    let source = SeedSource::parse("dice:8", 1000).unwrap();
    let prepared = workflow::prepare(
        &inputs,
        &plan(algorithm, 1000),
        &salt,
        &Round {
            seed_source: &source,
            replaces: None,
        },
        &mut Silent,
    )
    .unwrap();
    let drawn = workflow::draw(&inputs, &prepared.commitment.bytes, &salt, seed, None).unwrap();
    (inputs, salt, prepared.commitment_hash, drawn)
}

fn file<'a>(d: &'a Drawn, name: &str) -> &'a [u8] {
    &d.files.iter().find(|f| f.name == name).unwrap().bytes
}

/// Writes the draw's files into a fresh folder (as the binary does).
fn written(d: &Drawn) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in &d.files {
        let path = dir.path().join(f.name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &f.bytes).unwrap();
    }
    dir
}

/// The independent verifier's verdict on `record` (placed in a publish/ folder beside the
/// outputs of `outputs`): its exit code and the check it names on failure.
fn python(record: &[u8], outputs: &Path, extra: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(outputs).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_file() {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
    }
    std::fs::create_dir_all(dir.path().join("publish")).unwrap();
    let path = dir.path().join("publish/audit.json");
    std::fs::write(&path, record).unwrap();
    let o = std::process::Command::new("python3")
        .arg(common::root().join("tools/verify_audit.py"))
        .arg(&path)
        .args(extra)
        .output()
        .expect("python3 runs");
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let named = out
        .lines()
        .find_map(|l| l.strip_prefix("verification failed: "))
        .unwrap_or("")
        .to_string();
    (o.status.code().unwrap_or(-1), named)
}

fn failed(checks: &[Check]) -> Option<&'static str> {
    checks
        .iter()
        .find(|c| c.outcome.is_failure())
        .map(|c| c.name)
}

fn passed(checks: &[Check], name: &str) -> bool {
    checks
        .iter()
        .any(|c| c.name == name && matches!(c.outcome, Outcome::Passed(_)))
}

/// Forges a record whose commitment was edited: resealed, then drawn again from the new key
/// as a forger would (who can also reorder the panels until the one they want comes up).
fn forge(mut v: Value) -> Vec<u8> {
    let committed = v["committed_in_advance"].as_bool().unwrap();
    let tag = if committed {
        COMMITMENT_TAG
    } else {
        PRACTICE_COMMITMENT_TAG
    };
    let ch = tagged_hash(tag, &v["commitment"], "commitment_hash");
    v["commitment"]["commitment_hash"] = json!(ch);
    let c: Commitment = serde_json::from_value(v["commitment"].clone()).unwrap();
    let seed = v["seed"].as_str().unwrap().to_string();
    if c.tickets > 0 {
        let t = draw_ticket(&c, &seed, committed).unwrap();
        v["ticket"] = json!(t.ticket);
        v["panel"] = json!(t.panel);
        v["panel_counts"] = json!(c.panel_counts[t.ticket as usize - 1]);
        v["reserve"] = json!(t.reserve);
    }
    reseal(v)
}

/// Reseals an edited record: the commitment hash (under the tag its `committed_in_advance`
/// says) and the audit hash are recomputed, as a forger would.
fn reseal(mut v: Value) -> Vec<u8> {
    let committed = v["committed_in_advance"].as_bool().unwrap();
    let tag = if committed {
        COMMITMENT_TAG
    } else {
        PRACTICE_COMMITMENT_TAG
    };
    let ch = tagged_hash(tag, &v["commitment"], "commitment_hash");
    v["commitment"]["commitment_hash"] = json!(ch);
    let seed = v["seed"].as_str().unwrap().to_string();
    v["key"] = json!(hex(&draw_key(&ch, committed, &seed)));
    v["audit_hash"] = json!(tagged_hash(AUDIT_TAG, &v, "audit_hash"));
    format!("{}\n", canonical_json(&v)).into_bytes()
}

/// Everything an auditor can be given.
struct Given<'a> {
    inputs: &'a Inputs,
    salt: &'a Salt,
    dir: &'a Path,
    published: &'a str,
    observer: &'a [u8],
}

impl Given<'_> {
    fn extra(&self) -> Extra<'_> {
        Extra {
            outputs_dir: Some(self.dir),
            inputs: Some((&self.inputs.bytes, &self.inputs.instance)),
            salt: Some(self.salt),
            published: Some(self.published),
            observer: Some(self.observer),
            ..Default::default()
        }
    }
}

#[test]
fn an_honest_committed_draw_passes_every_check() {
    let (inputs, salt, hash, drawn) = committed(Algorithm::Leximin, "3 1 4 1 5 2 6 3");
    assert_eq!(drawn.seed, "3 1 4 1 5 2 6 3");
    let dir = written(&drawn);
    let record = file(&drawn, workflow::AUDIT_FILE);
    let observer = file(&drawn, "observer.json");
    let given = Given {
        inputs: &inputs,
        salt: &salt,
        dir: dir.path(),
        published: &hash,
        observer,
    };
    let mut extra = given.extra();
    extra.resolve = true;
    let checks = verify(record, &extra);
    assert_eq!(failed(&checks), None, "{checks:#?}");
    for name in [
        "check-published-hash",
        "check-seed-source",
        "check-reserve-list",
        "check-panels-meet-quotas",
        "check-output-files",
        "check-observer",
        "check-committed-facts",
        "check-re-solve",
    ] {
        assert!(passed(&checks, name), "{name}: {checks:#?}");
    }
    // The same seed typed another way is the same draw; another seed another ticket.
    let (_, _, _, again) = committed(Algorithm::Leximin, "31415263");
    assert_eq!((again.ticket, &again.drawn), (drawn.ticket, &drawn.drawn));
    let (_, _, _, other) = committed(Algorithm::Leximin, "3 1 4 1 5 2 6 4");
    assert_ne!(other.ticket, drawn.ticket);
}

/// Every forgery of issue 16, resealed, fails the check that names it.
#[test]
fn forged_records_are_rejected_with_the_check_named() {
    let (inputs, salt, hash, drawn) = committed(Algorithm::Leximin, "3 1 4 1 5 2 6 3");
    let dir = written(&drawn);
    let record = file(&drawn, workflow::AUDIT_FILE);
    let observer = file(&drawn, "observer.json");
    let given = Given {
        inputs: &inputs,
        salt: &salt,
        dir: dir.path(),
        published: &hash,
        observer,
    };
    let honest: Value = serde_json::from_slice(record).unwrap();
    let observer_path = dir.path().join("observer.json");
    let py_extra = [
        "--published",
        &hash,
        "--observer",
        observer_path.to_str().unwrap(),
    ];
    assert_eq!(python(record, dir.path(), &py_extra), (0, String::new()));
    // Each forgery also fails the independent verifier, given the published hash and the
    // observer record (it does not read the input files).
    let both = |bytes: Vec<u8>, extra: &Extra| {
        let (code, named) = python(&bytes, dir.path(), &py_extra);
        assert_eq!(code, 4, "verify_audit.py accepted a forgery ({named})");
        failed(&verify(&bytes, extra))
    };
    let forged = |edit: &dyn Fn(&mut Value), extra: &Extra| {
        let mut v = honest.clone();
        edit(&mut v);
        both(forge(v), extra)
    };
    // An edit of the draw itself, the commitment left as it was.
    let redrawn = |edit: &dyn Fn(&mut Value), extra: &Extra| {
        let mut v = honest.clone();
        edit(&mut v);
        both(reseal(v), extra)
    };
    let all = given.extra();
    // Without the output folder and observer record: the forged draw's ticket differs and
    // its commitment hash too, so those would fail first and hide the check under test.
    let no_published = Extra {
        published: None,
        outputs_dir: None,
        observer: None,
        ..given.extra()
    };
    let with_observer = Extra {
        published: None,
        outputs_dir: None,
        ..given.extra()
    };
    let public_only = Extra {
        outputs_dir: Some(dir.path()),
        ..Default::default()
    };
    // Quotas widened to 0..panel size.
    let widen = |v: &mut Value| {
        for q in v["commitment"]["quotas"].as_array_mut().unwrap() {
            q["min"] = json!(0);
            q["max"] = json!(24);
        }
    };
    assert_eq!(forged(&widen, &no_published), Some("check-committed-facts"));
    // Resealing changes the commitment hash, which is not the published one.
    assert_eq!(forged(&widen, &all), Some("check-published-hash"));
    // A volunteer hidden as a row "read over".
    let hidden = |v: &mut Value| {
        v["commitment"]["skipped_rows"] = json!([{"row": 7, "reason": "no id"}]);
    };
    assert_eq!(
        forged(&hidden, &no_published),
        Some("check-committed-facts")
    );
    // The household rule switched off.
    let rule_off = |v: &mut Value| v["commitment"]["household_rule"] = json!(false);
    assert_eq!(
        forged(&rule_off, &no_published),
        Some("check-committed-facts")
    );
    // A volunteer's values changed: their seal is another one.
    let reseal_one = |v: &mut Value| {
        v["commitment"]["volunteers"][3]["seal"] = json!("00".repeat(32));
    };
    assert_eq!(forged(&reseal_one, &with_observer), Some("check-observer"));
    assert_eq!(
        forged(&reseal_one, &no_published),
        Some("check-committed-facts")
    );
    // The output list with selected.csv dropped, or naming a path outside the folder.
    let dropped = |v: &mut Value| {
        v["outputs"].as_object_mut().unwrap().remove("selected.csv");
    };
    assert_eq!(forged(&dropped, &public_only), Some("check-output-files"));
    let escape = |v: &mut Value| {
        let h = v["outputs"]["selected.csv"].clone();
        v["outputs"].as_object_mut().unwrap().remove("selected.csv");
        v["outputs"]["../../../../etc/passwd"] = h;
    };
    assert_eq!(forged(&escape, &public_only), Some("check-output-files"));
    // A LEGACY-style ticket on a lottery record, a cut reserve list.
    let cut = |v: &mut Value| {
        v["reserve"].as_array_mut().unwrap().pop();
    };
    assert_eq!(redrawn(&cut, &public_only), Some("check-reserve-list"));
    let ticket = |v: &mut Value| {
        let t = v["ticket"].as_u64().unwrap();
        v["ticket"] = json!(t % 1000 + 1);
    };
    assert_eq!(redrawn(&ticket, &public_only), Some("check-key-ticket"));
    // A seed written another way than its source's one form; too few dice for the tickets.
    let spelled = |v: &mut Value| v["seed"] = json!("31415263");
    assert_eq!(redrawn(&spelled, &public_only), Some("check-seed-source"));
    let few = |v: &mut Value| {
        v["commitment"]["seed_source"]["dice"] = json!(3);
        v["seed"] = json!("3 1 4");
    };
    assert_eq!(forged(&few, &public_only), Some("check-seed-source"));
    // A practice record relabelled as committed.
    let practice = workflow::practice(
        &inputs,
        &plan(Algorithm::Leximin, 1000),
        &salt,
        "example 1",
        None,
        &mut Silent,
    )
    .unwrap();
    let mut relabelled: Value =
        serde_json::from_slice(file(&practice, workflow::AUDIT_FILE)).unwrap();
    relabelled["committed_in_advance"] = json!(true);
    assert_eq!(
        both(forge(relabelled.clone()), &all),
        Some("check-published-hash")
    );
    // Without resealing, the practice commitment's own tag gives it away.
    relabelled["audit_hash"] = json!(tagged_hash(AUDIT_TAG, &relabelled, "audit_hash"));
    let unsealed = format!("{}\n", canonical_json(&relabelled));
    assert_eq!(
        both(unsealed.into_bytes(), &public_only),
        Some("check-commitment-hash")
    );
}

/// Forged private outputs (their hashes updated in the record) and a favoured volunteer.
#[test]
fn forged_outputs_and_lotteries_are_rejected() {
    let (inputs, salt, hash, drawn) = committed(Algorithm::Leximin, "3 1 4 1 5 2 6 3");
    let dir = written(&drawn);
    let record = file(&drawn, workflow::AUDIT_FILE);
    let honest: Value = serde_json::from_slice(record).unwrap();
    let public_only = Extra {
        outputs_dir: Some(dir.path()),
        ..Default::default()
    };
    // selected.csv with one person swapped for a reserve, its hash updated in the record.
    let selected = String::from_utf8(file(&drawn, "selected.csv").to_vec()).unwrap();
    let remaining = String::from_utf8(file(&drawn, "remaining.csv").to_vec()).unwrap();
    let reserve_row = remaining.lines().nth(1).unwrap();
    let reserve_row = reserve_row.split_once(',').unwrap().1;
    let mut lines: Vec<&str> = selected.lines().collect();
    lines[1] = reserve_row;
    let swapped = lines.join("\n") + "\n";
    let edited = |name: &str, bytes: &[u8]| {
        let d = written(&drawn);
        std::fs::write(d.path().join(name), bytes).unwrap();
        let mut v = honest.clone();
        v["outputs"][name] = json!(kleroterion::protocol::canonical::sha256_hex(bytes));
        (d, reseal(v))
    };
    let (d, forged) = edited("selected.csv", swapped.as_bytes());
    let extra = Extra {
        outputs_dir: Some(d.path()),
        ..Default::default()
    };
    assert_eq!(failed(&verify(&forged, &extra)), Some("check-output-files"));
    assert_eq!(
        python(&forged, d.path(), &[]),
        (4, "output selected.csv".into())
    );
    // probabilities.csv with one probability edited.
    let probabilities = String::from_utf8(file(&drawn, "probabilities.csv").to_vec()).unwrap();
    let mut lines: Vec<String> = probabilities.lines().map(String::from).collect();
    let mut cells: Vec<String> = lines[1].split(',').map(String::from).collect();
    cells[1] = "0.999000".into();
    lines[1] = cells.join(",");
    let (d, forged) = edited("probabilities.csv", (lines.join("\n") + "\n").as_bytes());
    let extra = Extra {
        outputs_dir: Some(d.path()),
        ..Default::default()
    };
    assert_eq!(failed(&verify(&forged, &extra)), Some("check-output-files"));
    assert_eq!(
        python(&forged, d.path(), &[]),
        (4, "output probabilities.csv".into())
    );
    // A favoured volunteer: ticket 2's panel copied over ticket 1's (quotas still met,
    // ticket counts made consistent, the tolerance set to 1): only --resolve sees it.
    let mut v = honest.clone();
    {
        let c = &mut v["commitment"];
        let (p2, n2) = (c["panels"][1].clone(), c["panel_counts"][1].clone());
        let p1 = c["panels"][0].clone();
        c["panels"][0] = p2.clone();
        c["panel_counts"][0] = n2;
        c["parameters"]["max_deviation"]["numerator"] = json!(1_000_000_000u64);
        for vol in c["volunteers"].as_array_mut().unwrap() {
            let who = vol["pseudonym"].clone();
            let t = vol["tickets"].as_u64().unwrap();
            let lost = p1.as_array().unwrap().contains(&who) as u64;
            let won = p2.as_array().unwrap().contains(&who) as u64;
            vol["tickets"] = json!(t - lost + won);
        }
    }
    let forged = forge(v);
    let checks = verify(&forged, &public_only);
    assert!(
        !matches!(failed(&checks), Some(name) if name != "check-output-files"),
        "{checks:#?}"
    );
    let resolve = Extra {
        inputs: Some((&inputs.bytes, &inputs.instance)),
        salt: Some(&salt),
        resolve: true,
        ..Default::default()
    };
    assert_eq!(failed(&verify(&forged, &resolve)), Some("check-re-solve"));
    // The independent verifier cannot re-solve; the published hash gives the forgery away.
    assert_eq!(
        python(&forged, dir.path(), &["--published", &hash]),
        (4, "published hash".into())
    );
}

/// Any single changed byte of the public record fails a check.
#[test]
fn single_byte_flips_of_public_files_are_caught() {
    let (_, _, _, drawn) = committed(Algorithm::Leximin, "3 1 4 1 5 2 6 3");
    let raw = file(&drawn, workflow::AUDIT_FILE);
    for pos in (0..raw.len() - 1).step_by(raw.len() / 300 + 1) {
        for flip in [0x01u8, 0x20, 0x80] {
            let mut t = raw.to_vec();
            t[pos] ^= flip;
            assert!(
                failed(&verify(&t, &Extra::default())).is_some(),
                "flipping {flip:#x} at byte {pos} went unnoticed"
            );
        }
    }
    let outputs = written(&drawn);
    for pos in (0..raw.len() - 1).step_by(raw.len() / 25 + 1) {
        let mut t = raw.to_vec();
        t[pos] ^= 0x01;
        assert_eq!(python(&t, outputs.path(), &[]).0, 4, "byte {pos}");
    }
    let mut doubled = raw.to_vec();
    doubled.push(b'\n');
    assert_eq!(python(&doubled, outputs.path(), &[]).0, 4);
    assert_eq!(
        failed(&verify(&doubled, &Extra::default())),
        Some("check-record-format")
    );
    let inputs = example();
    let salt = Salt::from_hex(&"ab".repeat(32)).unwrap();
    let source = SeedSource::parse("dice:8", 1000).unwrap();
    let prepared = workflow::prepare(
        &inputs,
        &plan(Algorithm::Leximin, 1000),
        &salt,
        &Round {
            seed_source: &source,
            replaces: None,
        },
        &mut Silent,
    )
    .unwrap();
    let craw = &prepared.commitment.bytes;
    for pos in (0..craw.len() - 1).step_by(craw.len() / 200 + 1) {
        let mut t = craw.to_vec();
        t[pos] ^= 0x01;
        assert!(
            workflow::draw(&inputs, &t, &salt, "3 1 4 1 5 2 6 3", None).is_err(),
            "changing commitment byte {pos} went unnoticed"
        );
    }
}

/// The public record holds no per-person values, ids, names, emails or addresses, on a pool
/// where most profiles are unique; a receipt shows one volunteer their own entry only.
#[test]
fn public_records_hold_no_personal_data_and_receipts_are_personal() {
    let pool = pools::PoolSpec::new(400, 30, 7, 5).build();
    let dir = tempfile::tempdir().unwrap();
    pool.write_to(dir.path()).unwrap();
    let files = InputFiles {
        people: dir.path().join("people.csv"),
        features: dir.path().join("features.csv"),
        settings: Some(dir.path().join("settings.toml")),
        already_selected: None,
        leave_out: None,
    };
    let inputs = Inputs::load(&files, pool.seats).unwrap();
    let salt = Salt::random();
    let drawn = workflow::practice(
        &inputs,
        &plan(Algorithm::Leximin, 100),
        &salt,
        "1",
        None,
        &mut Silent,
    )
    .unwrap();
    let text = String::from_utf8(file(&drawn, workflow::AUDIT_FILE).to_vec()).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    for vol in v["commitment"]["volunteers"].as_array().unwrap() {
        let keys: Vec<&String> = vol.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["pseudonym", "seal", "status", "tickets"]);
    }
    let inst = &inputs.instance;
    let mut profiles = std::collections::HashMap::new();
    for p in &inst.pool.people {
        *profiles.entry(&p.values).or_insert(0) += 1;
        assert!(!text.contains(&format!("\"{}\"", p.id)), "id {}", p.id);
        for (h, f) in inst.pool.headers.iter().zip(&p.fields) {
            let per_person = !inst.quotas.features.iter().any(|x| &x.name == h);
            if per_person && f.len() > 3 {
                assert!(
                    !text.contains(f.as_str()),
                    "{h} '{f}' is in the public record"
                );
            }
        }
    }
    let unique = profiles.values().filter(|&&n| n == 1).count();
    assert!(
        unique > 100,
        "only {unique} unique profiles: the test pool is too easy"
    );
    assert!(!text.contains(salt.as_hex()));
    // A receipt: the volunteer's own values, chance and outcome; another's pseudonym in it
    // does not open their seal.
    let receipts = String::from_utf8(file(&drawn, "receipts.csv").to_vec()).unwrap();
    let mut r = csv::Reader::from_reader(receipts.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let (mine, theirs) = (&rows[0], &rows[1]);
    let extra = Extra {
        receipt: Some(mine[2].as_bytes()),
        ..Default::default()
    };
    let record = file(&drawn, workflow::AUDIT_FILE);
    let checks = verify(record, &extra);
    let shown = checks.iter().find(|c| c.name == "check-receipt").unwrap();
    let Outcome::Passed(said) = &shown.outcome else {
        panic!("{shown:?}")
    };
    let said = said.to_string();
    assert!(
        said.starts_with(&mine[1]) && !said.contains(&theirs[1]),
        "{said}"
    );
    let stolen = mine[2].replace(&mine[1], &theirs[1]);
    let extra = Extra {
        receipt: Some(stolen.as_bytes()),
        ..Default::default()
    };
    assert_eq!(failed(&verify(record, &extra)), Some("check-receipt"));
}

#[test]
fn committed_legacy_draw_is_verified_by_re_running_it() {
    let (inputs, salt, _, drawn) = committed(Algorithm::Legacy, "6 6 6 1 2 3 4 5");
    let record = file(&drawn, workflow::AUDIT_FILE);
    let extra = Extra {
        inputs: Some((&inputs.bytes, &inputs.instance)),
        salt: Some(&salt),
        observer: Some(file(&drawn, "observer.json")),
        ..Default::default()
    };
    let checks = verify(record, &extra);
    assert_eq!(failed(&checks), None, "{checks:#?}");
    assert!(passed(&checks, "check-legacy-rerun") && passed(&checks, "check-observer"));
    // Another seed's panel, its reserve list cut, a ticket: each caught.
    let (_, _, _, other) = committed(Algorithm::Legacy, "6 6 6 1 2 3 4 6");
    let mut v: Value = serde_json::from_slice(record).unwrap();
    let o: Value = serde_json::from_slice(file(&other, workflow::AUDIT_FILE)).unwrap();
    v["panel"] = o["panel"].clone();
    v["panel_counts"] = o["panel_counts"].clone();
    assert_eq!(
        failed(&verify(&reseal(v), &extra)),
        Some("check-legacy-rerun")
    );
    let mut v: Value = serde_json::from_slice(record).unwrap();
    v["reserve"].as_array_mut().unwrap().truncate(10);
    assert_eq!(
        failed(&verify(&reseal(v), &extra)),
        Some("check-reserve-list")
    );
    let mut v: Value = serde_json::from_slice(record).unwrap();
    v["ticket"] = json!(7);
    assert_eq!(
        failed(&verify(&reseal(v), &extra)),
        Some("check-key-ticket")
    );
}

#[test]
fn golden_audit_records_still_verify() {
    for (name, record) in [
        ("committed", "audit.json"),
        ("practice", "audit.json"),
        ("v2-committed", "publish/audit.json"),
        ("v2-practice", "publish/audit.json"),
        // The version-2 records of the versions before replacement rounds (v2.0) and before
        // rows read over (v2.1), as those versions wrote them: fields added since are absent.
        ("v2.0-committed", "publish/audit.json"),
        ("v2.0-practice", "publish/audit.json"),
        ("v2.1-committed", "publish/audit.json"),
        ("v2.1-practice", "publish/audit.json"),
    ] {
        let dir = common::root().join("audits").join(name);
        let bytes = std::fs::read(dir.join(record)).unwrap();
        let inputs = example();
        let private: Value =
            serde_json::from_slice(&std::fs::read(dir.join("private.json")).unwrap()).unwrap();
        let salt = Salt::from_hex(private["salt"].as_str().unwrap()).unwrap();
        let observer = std::fs::read(dir.join("observer.json")).ok();
        let published = std::fs::read_to_string(dir.join("published.txt")).ok();
        let extra = Extra {
            outputs_dir: Some(&dir),
            inputs: Some((&inputs.bytes, &inputs.instance)),
            salt: Some(&salt),
            observer: observer.as_deref(),
            published: published.as_deref(),
            ..Default::default()
        };
        let checks = verify(&bytes, &extra);
        assert_eq!(failed(&checks), None, "{name}: {checks:#?}");
        let skipped: Vec<&str> = checks
            .iter()
            .filter(|c| matches!(c.outcome, Outcome::Skipped(_)))
            .map(|c| c.name)
            .collect();
        let allowed: &[&str] = if name.starts_with("v2") && name.ends_with("-practice") {
            &["check-published-hash", "check-receipt"]
        } else {
            &["check-receipt"]
        };
        assert!(
            skipped.iter().all(|s| allowed.contains(s)),
            "{name}: {checks:#?}"
        );
    }
}

/// Records are read strictly: a float where the spec says integer, an unknown field or a
/// missing one fails "record format", even resealed.
#[test]
fn records_are_read_strictly() {
    let dir = common::root().join("audits/v2-committed/publish");
    let text = std::fs::read_to_string(dir.join("audit.json")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    let ticket = v["ticket"].as_u64().unwrap();
    let float = text.replace(
        &format!("\"ticket\":{ticket}}}"),
        &format!("\"ticket\":{ticket}.0}}"),
    );
    assert!(float != text, "the ticket was not found");
    assert_eq!(
        failed(&verify(float.as_bytes(), &Extra::default())),
        Some("check-record-format")
    );
    v["extra"] = json!(1);
    assert_eq!(
        failed(&verify(&reseal(v.clone()), &Extra::default())),
        Some("check-record-format")
    );
    v.as_object_mut().unwrap().remove("extra");
    v.as_object_mut().unwrap().remove("reserve");
    assert_eq!(
        failed(&verify(&reseal(v), &Extra::default())),
        Some("check-record-format")
    );
    let bad_utf8 = [
        &text.as_bytes()[..20],
        &[0xff, 0xfe],
        &text.as_bytes()[20..],
    ]
    .concat();
    assert_eq!(
        failed(&verify(&bad_utf8, &Extra::default())),
        Some("check-record-format")
    );
    // The independent verifier: exit 4 naming the check, never a traceback.
    let outputs = common::root().join("audits/v2-committed");
    let doubled = format!("{text}\n");
    for bytes in [float.as_bytes(), &bad_utf8, doubled.as_bytes()] {
        assert_eq!(python(bytes, &outputs, &[]), (4, "record format".into()));
    }
}

/// A committed draw seeded by a recorded drand mainnet round (1337): the beacon is checked
/// offline by `verify`; the independent verifier checks its form and says it did not check
/// the signature; a forged signature fails "seed source".
#[test]
fn a_draw_seeded_by_a_drand_round_is_verified_from_recorded_beacon_data() {
    let previous = "80d95247ddf1bb3acf5738497a5f10406be283144603f63d714bb1a44ff6b93285ae2697fffeb50c68862bd9fbecd4b204b1798d2686b4ac5d573615031d9d67e6168bde9a7adf1161430a498ca701a25c216aee3e38ffd5290369034fa050a2";
    let signature = "945b08dcb30e24da281ccf14a646f0630ceec515af5c5895e18cc1b19edd65d156b71c776a369af3487f1bc6af1062500b059e01095cc0eedce91713977d7735cac675554edfa0d0481bb991ed93d333d08286192c05bf6b65d20f23a37fc7bb";
    let inputs = example();
    let salt = Salt::from_hex(&"cd".repeat(32)).unwrap();
    let source = SeedSource::Drand { round: 1337 };
    let prepared = workflow::prepare(
        &inputs,
        &plan(Algorithm::Leximin, 1000),
        &salt,
        &Round {
            seed_source: &source,
            replaces: None,
        },
        &mut Silent,
    )
    .unwrap();
    let seed = format!("1337 {previous} {signature}");
    let forged_seed = seed.replace("945b08dc", "945b08dd");
    assert!(workflow::draw(
        &inputs,
        &prepared.commitment.bytes,
        &salt,
        &forged_seed,
        None
    )
    .is_err());
    let drawn = workflow::draw(&inputs, &prepared.commitment.bytes, &salt, &seed, None).unwrap();
    let dir = written(&drawn);
    let record = file(&drawn, workflow::AUDIT_FILE);
    let checks = verify(record, &Extra::default());
    assert_eq!(failed(&checks), None, "{checks:#?}");
    assert!(passed(&checks, "check-seed-source"));
    let (code, _) = python(
        record,
        dir.path(),
        &["--published", &prepared.commitment_hash],
    );
    assert_eq!(code, 0);
    let mut v: Value = serde_json::from_slice(record).unwrap();
    v["seed"] = json!(forged_seed);
    assert_eq!(
        failed(&verify(&reseal(v), &Extra::default())),
        Some("check-seed-source")
    );
}

/// A version-1 record cannot be used to smuggle in a forgery: with the inputs and the salt its
/// committed content is compared with the files too (quotas widened, a volunteer's values
/// changed, each resealed and redrawn the version-1 way).
#[test]
fn forged_version_1_records_are_rejected() {
    use kleroterion::protocol::v1;
    let dir = common::root().join("audits/committed");
    let honest: Value =
        serde_json::from_slice(&std::fs::read(dir.join("audit.json")).unwrap()).unwrap();
    let private: Value =
        serde_json::from_slice(&std::fs::read(dir.join("private.json")).unwrap()).unwrap();
    let salt = Salt::from_hex(private["salt"].as_str().unwrap()).unwrap();
    let inputs = example();
    let extra = Extra {
        inputs: Some((&inputs.bytes, &inputs.instance)),
        salt: Some(&salt),
        ..Default::default()
    };
    let forge_v1 = |edit: &dyn Fn(&mut Value)| {
        let mut v = honest.clone();
        edit(&mut v);
        let h = v1::records::hash_without(&v["commitment"], "commitment_hash");
        v["commitment"]["commitment_hash"] = json!(h);
        let c: v1::records::Commitment = serde_json::from_value(v["commitment"].clone()).unwrap();
        let seed = v["seed"].as_str().unwrap().to_string();
        let key = v1::verify::draw_key(Some(&h), &seed);
        let mut rng = SeededRng::from_key(key);
        let ticket = rng.below(u64::from(c.tickets)) as usize + 1;
        let panel = c.panels[ticket - 1].clone();
        v["key"] = json!(hex(&key));
        v["ticket"] = json!(ticket);
        v["reserve"] = json!(v1::verify::reserve(&c, &panel, &mut rng));
        v["panel"] = json!(panel);
        v["audit_hash"] = json!(v1::records::hash_without(&v, "audit_hash"));
        format!("{}\n", canonical_json(&v)).into_bytes()
    };
    // The resealing itself is sound: an unchanged record still verifies.
    assert_eq!(failed(&verify(&forge_v1(&|_| {}), &extra)), None);
    let widen = |v: &mut Value| {
        for q in v["commitment"]["quotas"].as_array_mut().unwrap() {
            q["min"] = json!(0);
            q["max"] = json!(24);
        }
    };
    assert_eq!(
        failed(&verify(&forge_v1(&widen), &extra)),
        Some("check-committed-facts")
    );
    // A household tag removed (no panel breaks a rule for it; only the files tell).
    let household = |v: &mut Value| {
        let vols = v["commitment"]["volunteers"].as_array_mut().unwrap();
        let one = vols.iter_mut().find(|x| !x["household"].is_null()).unwrap();
        one["household"] = Value::Null;
    };
    assert_eq!(
        failed(&verify(&forge_v1(&household), &extra)),
        Some("check-committed-facts")
    );
    // A volunteer's values changed: a panel may break its quotas, or only the files tell.
    let values = |v: &mut Value| {
        let vals = &mut v["commitment"]["volunteers"][0]["values"];
        let first = vals[0].as_str().unwrap().to_string();
        vals[0] = json!(if first == "female" { "male" } else { "female" });
    };
    assert!(failed(&verify(&forge_v1(&values), &extra)).is_some());
    let published = Extra {
        published: Some(honest["commitment"]["commitment_hash"].as_str().unwrap()),
        ..Default::default()
    };
    assert_eq!(
        failed(&verify(&forge_v1(&widen), &published)),
        Some("check-published-hash")
    );
    // A favoured volunteer: 50 panels replaced by one that seats them, the ticket counts made
    // consistent and max_deviation set to 1 — the re-solve does not trust the record's value.
    let favour = |v: &mut Value| {
        let c = &mut v["commitment"];
        let who = c["panels"][0][0].clone();
        let theirs = c["panels"][0].clone();
        let panels = c["panels"].as_array_mut().unwrap();
        for p in panels.iter_mut().skip(1).take(50) {
            *p = theirs.clone();
        }
        let mut count = std::collections::HashMap::new();
        for p in c["panels"].as_array().unwrap() {
            for x in p.as_array().unwrap() {
                *count.entry(x.as_str().unwrap().to_string()).or_insert(0u32) += 1;
            }
        }
        for vol in c["volunteers"].as_array_mut().unwrap() {
            if vol["status"] == "candidate" {
                vol["tickets"] = json!(count.get(vol["pseudonym"].as_str().unwrap()).unwrap_or(&0));
            }
        }
        c["parameters"]["max_deviation"]["numerator"] = json!(1_000_000_000u64);
        assert!(count[who.as_str().unwrap()] > 50);
    };
    let resolve = Extra {
        resolve: true,
        ..extra
    };
    assert_eq!(
        failed(&verify(&forge_v1(&favour), &resolve)),
        Some("check-re-solve")
    );
}
