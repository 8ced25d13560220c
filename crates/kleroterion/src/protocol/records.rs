//! The protocol's records (docs/AUDIT.md §4–§7) as typed values, field by field: the
//! commitment published before the seed, the audit record published with the panel, and the
//! private openings (observer record, receipts). Reading is strict — unknown fields, missing
//! fields and non-integers where the spec says integer are refused — and a record reads only
//! if it is in canonical form. Records hash themselves with a domain tag per kind, so a
//! practice commitment can never pass for a committed one.

use crate::error::CommitmentProblem;
use crate::protocol::canonical::{canonical_json, sha256_hex};
use crate::protocol::seed::SeedSource;

pub use crate::input::people::SkippedRow;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

pub use crate::protocol::v1::records::{FileHash, InputHashes, Quota, Status, Tool};

/// `format` of a commitment.
pub const COMMITMENT_FORMAT: &str = "kleroterion-commitment/2";
/// `format` of an audit record.
pub const AUDIT_FORMAT: &str = "kleroterion-audit/2";
/// `format` of an observer record.
pub const OBSERVER_FORMAT: &str = "kleroterion-observer/2";
/// `format` of a volunteer's receipt.
pub const RECEIPT_FORMAT: &str = "kleroterion-receipt/2";
/// Domain tag of the hash of a commitment published before its seed.
pub const COMMITMENT_TAG: &str = "kleroterion/commitment/v2";
/// Domain tag of the hash of a practice draw's commitment (never published in advance).
pub const PRACTICE_COMMITMENT_TAG: &str = "kleroterion/practice-commitment/v2";
/// Domain tag of the hash of an audit record.
pub const AUDIT_TAG: &str = "kleroterion/audit/v2";

/// One volunteer as committed: no personal data, only a seal over it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Volunteer {
    /// The salted pseudonym.
    pub pseudonym: String,
    /// SHA-256 binding the pseudonym to their feature values and household tag (§4); their
    /// [`Opening`] shows what it seals.
    pub seal: String,
    /// Candidate or already selected.
    pub status: Status,
    /// Tickets naming them (`null` for LEGACY, which has no lottery).
    pub tickets: Option<u32>,
}

/// The commitment (docs/AUDIT.md §4).
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
    /// Rows of the people file read as people (volunteers, already-selected people, people
    /// left out and their housemates).
    pub pool_size: u32,
    /// Rows of the people file read over with a warning (blank, a copy of an earlier row, no
    /// id), as the Sortition Foundation's library reads over them. Absent from the records
    /// of the versions before rows were read over (2026-12-02): read as none, and kept
    /// absent so that such a record keeps its canonical bytes and its hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped_rows: Option<Vec<SkippedRow>>,
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
    /// How pseudonyms and seals are made, in words.
    pub pseudonyms: String,
    /// Every volunteer.
    pub volunteers: Vec<Volunteer>,
    /// m, the number of tickets (0 for LEGACY).
    pub tickets: u32,
    /// The panel of each ticket, as sorted pseudonyms (empty for LEGACY).
    pub panels: Vec<Vec<String>>,
    /// For each panel, its seats per quota (in `quotas` order), already-selected people
    /// included: anyone can check every panel against the quotas.
    pub panel_counts: Vec<Vec<u32>>,
    /// How the seed will be produced.
    pub seed_source: SeedSource,
    /// The earlier round this one replaces dropouts of, or `null`; the outer `None` when the
    /// field is absent, as in the records of the versions before replacement rounds
    /// (kept absent, like `skipped_rows`). Read it through [`Commitment::replaced`].
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub replaces: Option<Option<Replaces>>,
    /// SHA-256 of the canonical commitment without this field, under its domain tag.
    pub commitment_hash: String,
}

/// A field that may be absent or `null`: present (even as `null`) is `Some`.
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

impl Commitment {
    /// The rows read over (none in a record from before they were recorded).
    pub fn skipped(&self) -> &[SkippedRow] {
        self.skipped_rows.as_deref().unwrap_or_default()
    }

    /// The earlier round this one replaces, if any.
    pub fn replaced(&self) -> Option<&Replaces> {
        self.replaces.as_ref().and_then(Option::as_ref)
    }
}

/// The earlier round a replacement round continues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replaces {
    /// The earlier round's `audit_hash`.
    pub audit_hash: String,
    /// The pseudonyms of the earlier panel's members who dropped out, sorted.
    pub dropouts: Vec<String>,
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
    /// The seed text, in its source's canonical form.
    pub seed: String,
    /// The generator's key, hex.
    pub key: String,
    /// The ticket drawn (0 for LEGACY).
    pub ticket: u32,
    /// The drawn pseudonyms, sorted.
    pub panel: Vec<String>,
    /// The drawn panel's seats per quota, already-selected people included.
    pub panel_counts: Vec<u32>,
    /// The reserve list, in order.
    pub reserve: Vec<String>,
    /// SHA-256 of each private output file, by plain file name.
    pub outputs: BTreeMap<String, String>,
    /// SHA-256 of the canonical record without this field, under [`AUDIT_TAG`].
    pub audit_hash: String,
}

/// What a volunteer's seal hides: shown to an observer (all of them) or to the volunteer
/// (their own, in a receipt).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opening {
    /// The pseudonym.
    pub pseudonym: String,
    /// The random nonce of the seal, 64 hex digits.
    pub nonce: String,
    /// The feature values, one per committed feature.
    pub values: Vec<String>,
    /// The household tag, when the household rule applies to them.
    pub household: Option<String>,
}

/// The observer record (observer.json): every volunteer's opening, for an independent
/// observer who may see personal data under the data-protection terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObserverRecord {
    /// [`OBSERVER_FORMAT`].
    pub format: String,
    /// The commitment they open.
    pub commitment_hash: String,
    /// The openings, in the commitment's volunteer order.
    pub openings: Vec<Opening>,
}

/// A volunteer's receipt: their own opening, for `verify --receipt`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    /// [`RECEIPT_FORMAT`].
    pub format: String,
    /// The commitment it belongs to.
    pub commitment_hash: String,
    /// Their opening.
    pub opening: Opening,
}

/// A record's canonical JSON, `\n`-terminated: the bytes written to disk.
pub fn to_file_bytes<T: Serialize>(record: &T) -> Vec<u8> {
    format!("{}\n", canonical_json(&to_value(record))).into_bytes()
}

/// SHA-256 of `tag`, a zero byte and the canonical JSON of `record` without its field
/// `field`: how version-2 records hash themselves.
pub fn tagged_hash<T: Serialize>(tag: &str, record: &T, field: &str) -> String {
    let mut v = to_value(record);
    if let Some(o) = v.as_object_mut() {
        o.remove(field);
    }
    let mut bytes = tag.as_bytes().to_vec();
    bytes.push(0);
    bytes.extend(canonical_json(&v).as_bytes());
    sha256_hex(&bytes)
}

fn to_value<T: Serialize>(record: &T) -> Value {
    serde_json::to_value(record).expect("records hold only strings, integers and booleans")
}

/// Why a record's bytes do not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadProblem {
    /// Not JSON, or JSON of another shape (the text says where).
    Shape(String),
    /// JSON of the right shape, but not its canonical form.
    NotCanonical,
}

/// Reads a record strictly: the right shape, and the canonical bytes (with or without the
/// final `\n`).
pub fn read_strict<T: Serialize + for<'de> Deserialize<'de>>(
    bytes: &[u8],
) -> Result<T, ReadProblem> {
    let record: T = serde_json::from_slice(bytes).map_err(|e| ReadProblem::Shape(e.to_string()))?;
    let canonical = to_file_bytes(&record);
    if bytes != &canonical[..] && bytes != &canonical[..canonical.len() - 1] {
        return Err(ReadProblem::NotCanonical);
    }
    Ok(record)
}

impl Commitment {
    /// The commitment's hash under the tag of a published (`committed`) or practice
    /// commitment.
    pub fn hash(&self, committed: bool) -> String {
        let tag = if committed {
            COMMITMENT_TAG
        } else {
            PRACTICE_COMMITMENT_TAG
        };
        tagged_hash(tag, self, "commitment_hash")
    }

    /// Reads a published commitment.json: canonical, of this format, and hashing to its
    /// `commitment_hash` under the published commitments' tag.
    pub fn read(bytes: &[u8]) -> Result<Commitment, CommitmentProblem> {
        let c: Commitment = read_strict(bytes).map_err(|p| match p {
            ReadProblem::Shape(_) => CommitmentProblem::NotJson,
            ReadProblem::NotCanonical => CommitmentProblem::NotCanonical,
        })?;
        if c.format != COMMITMENT_FORMAT {
            return Err(CommitmentProblem::NotJson);
        }
        if c.commitment_hash != c.hash(true) {
            return Err(CommitmentProblem::HashMismatch);
        }
        Ok(c)
    }

    /// The volunteers in the lottery.
    pub fn candidates(&self) -> impl Iterator<Item = &Volunteer> {
        self.volunteers
            .iter()
            .filter(|v| v.status == Status::Candidate)
    }
}

impl AuditRecord {
    /// The record's own hash.
    pub fn hash(&self) -> String {
        tagged_hash(AUDIT_TAG, self, "audit_hash")
    }
}
