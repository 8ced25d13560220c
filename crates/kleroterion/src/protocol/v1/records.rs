//! Version-1 records (docs/AUDIT.md, appendix A) as typed values, kept so that records made
//! before version 2 still verify. Read strictly, like version 2.

use crate::protocol::canonical::{canonical_json, sha256_hex};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// `format` of a commitment.
pub const COMMITMENT_FORMAT: &str = "kleroterion-commitment/1";
/// `format` of an audit record.
pub const AUDIT_FORMAT: &str = "kleroterion-audit/1";

/// The tool that made a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    /// Always `kleroterion`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// The hashes of one input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileHash {
    /// SHA-256 of the bytes.
    pub sha256: String,
    /// SHA-256 of the canonical content (§5), `null` where it could not be read.
    pub canonical_sha256: Option<String>,
}

/// The hashes of the input files (`null` for an optional file not given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputHashes {
    /// people.csv.
    pub people: FileHash,
    /// features.csv.
    pub features: FileHash,
    /// settings.toml.
    pub settings: Option<FileHash>,
    /// The already-selected file.
    pub already_selected: Option<FileHash>,
    /// The leave-out file (absent from records made before it existed, and when not given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leave_out: Option<FileHash>,
}

impl InputHashes {
    /// The names of the files whose hashes differ from `other`'s.
    pub fn differences(&self, other: &InputHashes) -> Vec<&'static str> {
        let mut out = Vec::new();
        let sha = |f: &Option<FileHash>| f.as_ref().map(|f| f.sha256.clone());
        if self.people.sha256 != other.people.sha256 {
            out.push("people");
        }
        if self.features.sha256 != other.features.sha256 {
            out.push("features");
        }
        if sha(&self.settings) != sha(&other.settings) {
            out.push("settings");
        }
        if sha(&self.already_selected) != sha(&other.already_selected) {
            out.push("already_selected");
        }
        if sha(&self.leave_out) != sha(&other.leave_out) {
            out.push("leave_out");
        }
        out
    }
}

/// One quota as committed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    /// The feature, as spelled in the quota file.
    pub feature: String,
    /// The value.
    pub value: String,
    /// The minimum number of seats (already-selected people included).
    pub min: u32,
    /// The maximum number of seats.
    pub max: u32,
}

/// Whether a volunteer may be drawn or already sits on the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// In the lottery.
    Candidate,
    /// On the panel from an earlier round.
    AlreadySelected,
}

/// One volunteer as committed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Volunteer {
    /// The salted pseudonym.
    pub pseudonym: String,
    /// The feature values, one per committed feature.
    pub values: Vec<String>,
    /// The salted household tag, when the household rule applies to them.
    pub household: Option<String>,
    /// Candidate or already selected.
    pub status: Status,
    /// Tickets naming them (`null` for LEGACY, which has no lottery).
    pub tickets: Option<u32>,
}

/// The commitment (docs/AUDIT.md §3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    /// [`COMMITMENT_FORMAT`].
    pub format: String,
    /// The tool and version that made it.
    pub tool: Tool,
    /// The algorithm's name (`Algorithm::name`).
    pub algorithm: String,
    /// The solver's tuning and the route it took, for information.
    pub parameters: Map<String, Value>,
    /// The solvers and their versions.
    pub solver: String,
    /// The input files' hashes.
    pub inputs: InputHashes,
    /// Seats on the panel, already-selected people included.
    pub panel_size: u32,
    /// Seats this draw fills.
    pub seats_to_draw: u32,
    /// The features, in the order of each volunteer's values.
    pub features: Vec<String>,
    /// Every quota.
    pub quotas: Vec<Quota>,
    /// Whether at most one person per household may sit on the panel.
    pub household_rule: bool,
    /// How pseudonyms are made, in words.
    pub pseudonyms: String,
    /// Every volunteer.
    pub volunteers: Vec<Volunteer>,
    /// m, the number of tickets (0 for LEGACY).
    pub tickets: u32,
    /// The panel of each ticket, as sorted pseudonyms (empty for LEGACY).
    pub panels: Vec<Vec<String>>,
    /// How the seed will be produced.
    pub seed_procedure: String,
    /// SHA-256 of the canonical commitment without this field.
    pub commitment_hash: String,
}

/// The audit record (docs/AUDIT.md §6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditRecord {
    /// [`AUDIT_FORMAT`].
    pub format: String,
    /// The commitment drawn from.
    pub commitment: Commitment,
    /// Whether the commitment was published before the seed.
    pub committed_in_advance: bool,
    /// The seed text.
    pub seed: String,
    /// The generator's key, hex.
    pub key: String,
    /// The ticket drawn (0 for LEGACY).
    pub ticket: u32,
    /// The drawn pseudonyms, sorted.
    pub panel: Vec<String>,
    /// The reserve list, in order.
    pub reserve: Vec<String>,
    /// SHA-256 of each output file, by file name.
    pub outputs: BTreeMap<String, String>,
    /// SHA-256 of the canonical record without this field.
    pub audit_hash: String,
}

/// SHA-256 of a version-1 record's canonical JSON without its field `field` (how version-1
/// records hash themselves: no domain tag).
pub fn hash_without<T: Serialize>(record: &T, field: &str) -> String {
    let mut v =
        serde_json::to_value(record).expect("records hold only strings, integers and booleans");
    if let Some(o) = v.as_object_mut() {
        o.remove(field);
    }
    sha256_hex(canonical_json(&v).as_bytes())
}

impl Commitment {
    /// The volunteers in the lottery.
    pub fn candidates(&self) -> impl Iterator<Item = &Volunteer> {
        self.volunteers
            .iter()
            .filter(|v| v.status == Status::Candidate)
    }
}
