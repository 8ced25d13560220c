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

/// The canonical JSON text of `v`: object keys sorted here by their bytes, whatever order the
/// map keeps them in.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(k, out);
                out.push(':');
                write_canonical(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::String(s) => write_string(s, out),
        // null, booleans and integers have one JSON spelling each; records hold no floats.
        other => out.push_str(&other.to_string()),
    }
}

/// A JSON string escaping only `"`, `\` and control characters (as `\n`-style escapes where
/// JSON has them, `\u00xx` otherwise), everything else as UTF-8.
fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
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
mod canonical_writer {
    use super::*;

    /// The explicit writer gives serde_json's compact text (sorted keys) on values with every
    /// kind of string escape, so the spec's Python one-liner and ours agree.
    #[test]
    fn matches_the_compact_sorted_form() {
        let v = serde_json::json!({
            "z": [1, -2, null, true, false],
            "a": {"b\u{1}": "q\"uote\\ \n\r\t\u{8}\u{c}\u{1f} é ☃ \u{7f}", "a": {}},
            "m": [],
            "é": 18446744073709551615u64,
        });
        assert_eq!(canonical_json(&v), serde_json::to_string(&v).unwrap());
        assert!(canonical_json(&v).starts_with("{\"a\":{\"a\":{},\"b\\u0001\""));
    }
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
