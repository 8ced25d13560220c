//! The audit protocol: test vectors (shared with tools/verify_audit.py and docs/AUDIT.md),
//! prepare → draw → verify, tamper detection, and no personal data in public records.
mod common;

use kleroterion::input::instance::InputBytes;
use kleroterion::protocol::records::to_file_bytes;

fn canonical_text<T: serde::Serialize>(record: &T) -> String {
    String::from_utf8(to_file_bytes(record)).unwrap()
}
use kleroterion::protocol::commitment::{audit_record, Salt, DRAW_TAG};
use kleroterion::protocol::draw::{self as drawing, Plan};
use kleroterion::protocol::rng::{derive_key, SeededRng, PRACTICE_DRAW_TAG};
use kleroterion::protocol::verify::{verify, Extra, Outcome};
use kleroterion::select::Silent;
use kleroterion::Backend;
use kleroterion::{Algorithm, InputFiles, Instance};
use std::num::NonZeroU32;

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
    let zeros = "0".repeat(64);
    let key = derive_key(DRAW_TAG, &[zeros.as_bytes(), b"3 1 4 1 5"]);
    assert_eq!(
        hex(&key),
        "31b0f4b9d4de2a0f45103036ea148838ec7aede173e85935f65ad33d9f73e026"
    );
    assert_eq!(SeededRng::from_key(key).next_u64(), 6711968871895845863);
    assert_eq!(SeededRng::from_key(key).below(1000) + 1, 864);
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn example() -> (Instance, InputBytes) {
    let d = common::root().join("data");
    let files = InputFiles {
        people: d.join("people.csv"),
        features: d.join("features.csv"),
        settings: Some(d.join("settings.toml")),
        already_selected: None,
        leave_out: None,
    };
    Instance::load(&files, 24).unwrap()
}

/// Verifies `text` with the inputs and salt: no check fails and `check` passes.
fn assert_passes(text: &str, bytes: &InputBytes, inst: &Instance, salt: &Salt, check: &str) {
    let extra = Extra {
        inputs: Some((bytes, inst)),
        salt: Some(salt),
        ..Default::default()
    };
    let checks = verify(text.as_bytes(), &extra);
    assert_eq!(failed(&checks), None, "{checks:#?}");
    assert!(checks
        .iter()
        .any(|c| c.name == check && matches!(c.outcome, Outcome::Passed(_))));
}

fn failed(checks: &[kleroterion::protocol::verify::Check]) -> Option<&'static str> {
    checks
        .iter()
        .find(|c| matches!(c.outcome, Outcome::Failed(_)))
        .map(|c| c.name)
}

#[test]
fn prepare_draw_verify_round_trip_and_tampering() {
    let (inst, bytes) = example();
    let salt = Salt::from_hex(&"ab".repeat(32)).unwrap();
    let plan = Plan {
        algorithm: Algorithm::Leximin,
        backend: Backend::Pure,
        tickets: NonZeroU32::new(1000).unwrap(),
    };
    let c = drawing::prepare(
        &inst,
        &bytes,
        &plan,
        &salt,
        "dice at the town hall",
        &mut Silent,
    )
    .unwrap()
    .commitment;
    let commitment_text = canonical_text(&c);
    let c = drawing::read_commitment(commitment_text.as_bytes()).unwrap();
    let a = drawing::draw_from(&inst, &c, &salt, "6 2 5", true).unwrap();
    let b = drawing::draw_from(&inst, &c, &salt, "6 2 5", true).unwrap();
    assert_eq!(
        (a.ticket.ticket, &a.drawn, &a.reserve),
        (b.ticket.ticket, &b.drawn, &b.reserve)
    );
    assert_eq!(inst.violations(&a.drawn), Vec::<String>::new());
    let other = drawing::draw_from(&inst, &c, &salt, "6 2 6", true).unwrap();
    assert_ne!(a.ticket.ticket, other.ticket.ticket);
    let record = audit_record(&c, true, "6 2 5", &a.ticket, &[]);
    let text = canonical_text(&record);
    assert_passes(&text, &bytes, &inst, &salt, "pseudonyms");

    // Any single changed byte of the record fails a check, at many positions.
    let raw = text.as_bytes();
    for pos in (0..raw.len() - 1).step_by(raw.len() / 400 + 1) {
        let mut t = raw.to_vec();
        t[pos] = if t[pos] == b'1' { b'2' } else { b'1' };
        let checks = verify(&t, &Extra::default());
        assert!(
            failed(&checks).is_some(),
            "changing byte {pos} went unnoticed"
        );
    }
    // A changed byte of commitment.json is refused before any draw.
    let craw = commitment_text.as_bytes();
    for pos in (0..craw.len() - 1).step_by(craw.len() / 200 + 1) {
        let mut t = craw.to_vec();
        t[pos] = if t[pos] == b'a' { b'b' } else { b'a' };
        assert!(
            drawing::read_commitment(&t).is_err(),
            "changing commitment byte {pos} went unnoticed"
        );
    }
    // A changed byte of an input file fails the input check, naming it.
    for pos in [10, bytes.people.len() / 2, bytes.people.len() - 2] {
        let mut changed = bytes.clone();
        changed.people[pos] ^= 0x01;
        let extra = Extra {
            inputs: Some((&changed, &inst)),
            ..Default::default()
        };
        assert_eq!(
            failed(&verify(text.as_bytes(), &extra)),
            Some("input files")
        );
    }
}

#[test]
fn public_records_hold_no_personal_data() {
    let (inst, bytes) = example();
    let salt = Salt::random();
    let plan = Plan {
        algorithm: Algorithm::Leximin,
        backend: Backend::Pure,
        tickets: NonZeroU32::new(100).unwrap(),
    };
    let out = drawing::practice(&inst, &bytes, &plan, "1", &salt, &mut Silent).unwrap();
    let text = canonical_text(&audit_record(&out.commitment, false, "1", &out.ticket, &[]));
    for p in &inst.pool.people {
        for (h, f) in inst.pool.headers.iter().zip(&p.fields) {
            if [
                "id",
                "first_name",
                "last_name",
                "email",
                "address",
                "postcode",
            ]
            .contains(&h.as_str())
            {
                assert!(
                    !text.contains(&format!("\"{f}\"")),
                    "{h} '{f}' appears in the public record"
                );
            }
        }
    }
    assert!(!text.contains(salt.as_hex()));
    assert!(text.contains("\"committed_in_advance\":false"));
}

#[test]
fn committed_legacy_draw_is_verified_by_re_running_it() {
    let (inst, bytes) = example();
    let salt = Salt::from_hex(&"cd".repeat(32)).unwrap();
    let plan = Plan {
        algorithm: Algorithm::Legacy,
        backend: Backend::Pure,
        tickets: NonZeroU32::new(1).unwrap(),
    };
    let c = drawing::prepare(&inst, &bytes, &plan, &salt, "dice", &mut Silent)
        .unwrap()
        .commitment;
    let out = drawing::draw_from(&inst, &c, &salt, "42", true).unwrap();
    assert_eq!(inst.violations(&out.drawn), Vec::<String>::new());
    let text = canonical_text(&audit_record(&c, true, "42", &out.ticket, &[]));
    assert_passes(&text, &bytes, &inst, &salt, "LEGACY re-run");
    let extra = Extra {
        inputs: Some((&bytes, &inst)),
        salt: Some(&salt),
        ..Default::default()
    };
    // Another seed's panel in the record is caught by the re-run.
    let other = drawing::draw_from(&inst, &c, &salt, "43", true).unwrap();
    let forged = canonical_text(&audit_record(&c, true, "42", &other.ticket, &[]));
    assert!(failed(&verify(forged.as_bytes(), &extra)).is_some());
}

#[test]
fn golden_audit_records_still_verify() {
    for name in ["committed", "practice"] {
        let dir = common::root().join("audits").join(name);
        let record = std::fs::read(dir.join("audit.json")).unwrap();
        let (inst, bytes) = example();
        let salt_text: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("private.json")).unwrap()).unwrap();
        let salt = Salt::from_hex(salt_text["salt"].as_str().unwrap()).unwrap();
        let extra = Extra {
            outputs_dir: Some(&dir),
            inputs: Some((&bytes, &inst)),
            salt: Some(&salt),
            ..Default::default()
        };
        let checks = verify(&record, &extra);
        assert_eq!(failed(&checks), None, "{name}: {checks:#?}");
        assert!(
            checks
                .iter()
                .all(|c| !matches!(c.outcome, Outcome::Skipped(_))),
            "{name}: {checks:#?}"
        );
    }
}

/// Records are read strictly: a float where the spec says integer, an unknown field or a
/// missing one fails "record format", even resealed.
#[test]
fn records_are_read_strictly() {
    let dir = common::root().join("audits/committed");
    let text = std::fs::read_to_string(dir.join("audit.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let ticket = v["ticket"].as_u64().unwrap();
    let float = text.replace(
        &format!("\"ticket\":{ticket}}}"),
        &format!("\"ticket\":{ticket}.0}}"),
    );
    assert!(float != text, "the ticket was not found");
    assert_eq!(
        failed(&verify(float.as_bytes(), &Extra::default())),
        Some("record format")
    );
    v["extra"] = serde_json::json!(1);
    let unknown = serde_json::to_string(&v).unwrap();
    assert_eq!(
        failed(&verify(unknown.as_bytes(), &Extra::default())),
        Some("record format")
    );
    v.as_object_mut().unwrap().remove("extra");
    v.as_object_mut().unwrap().remove("reserve");
    let missing = serde_json::to_string(&v).unwrap();
    assert_eq!(
        failed(&verify(missing.as_bytes(), &Extra::default())),
        Some("record format")
    );
}
