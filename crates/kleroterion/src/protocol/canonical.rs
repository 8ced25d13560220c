//! Canonical forms and hashes for the audit protocol (specified byte by byte in docs/AUDIT.md).
//!
//! Canonical JSON: objects with keys sorted by their bytes (all keys are ASCII), no white
//! space, strings in UTF-8 escaping only `"`, `\` and control characters, integers only (no
//! floats anywhere). This is RFC 8785 for the values we use, and what Python's
//! `json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)` writes.

use crate::input::sheet::Sheet;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The canonical JSON text of `v`.
pub fn canonical_json(v: &Value) -> String {
    // serde_json's map is ordered by key (no `preserve_order` feature), and its compact
    // writer escapes exactly as the canonical form requires.
    serde_json::to_string(v).expect("JSON values always serialise")
}

/// SHA-256 (hex) of the canonical JSON of object `v` without its field `field`: how a record
/// hashes itself.
pub fn self_hash(v: &Value, field: &str) -> String {
    let mut v = v.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove(field);
    }
    sha256_hex(canonical_json(&v).as_bytes())
}

/// The canonical form of a CSV file's content: the table as read (BOM dropped, fields
/// trimmed, blank rows dropped), written back with commas, `\n` line ends, and quotes only
/// where needed. Two exports of the same sheet (CRLF or not, BOM or not) hash the same.
pub fn canonical_csv(file: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    let t = Sheet::parse(file, bytes).ok()?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(&t.headers).ok()?;
    for r in &t.rows {
        w.write_record(&r.fields).ok()?;
    }
    w.into_inner().ok()
}

/// The canonical form of a settings file: its text with a BOM and CR characters removed and
/// trailing white space trimmed, plus one `\n`.
pub fn canonical_text(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let mut t = text.trim_start_matches('\u{feff}').replace('\r', "");
    t.truncate(t.trim_end().len());
    t.push('\n');
    t.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_and_has_no_spaces() {
        let v = serde_json::json!({"b": 1, "a": [true, null, "é\n\"x\""], "A": {"z": 0, "c": -3}});
        assert_eq!(
            canonical_json(&v),
            r#"{"A":{"c":-3,"z":0},"a":[true,null,"é\n\"x\""],"b":1}"#
        );
    }

    #[test]
    fn canonical_csv_ignores_bom_crlf_and_spaces() {
        let a = canonical_csv("a", b"\xEF\xBB\xBFid, x \r\n1,\"a,b\"\r\n\r\n").unwrap();
        let b = canonical_csv("b", b"id,x\n1 ,\"a,b\"\n").unwrap();
        assert_eq!(a, b);
        assert_eq!(a, b"id,x\n1,\"a,b\"\n");
    }
}
