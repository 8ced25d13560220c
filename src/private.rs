//! private.json: what `prepare` keeps for the draw and must not publish — the salt behind the
//! pseudonyms and where the input files are.

use crate::{usage, Failure, InputArgs};
use kleroterion::protocol::commitment::Salt;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

pub struct Private {
    pub salt: Salt,
    people: PathBuf,
    features: PathBuf,
    settings: Option<PathBuf>,
    already_selected: Option<PathBuf>,
    leave_out: Option<PathBuf>,
    panel_size: usize,
    /// The algorithm's exact probability of each candidate, kept by `prepare` for the draw's
    /// probabilities.csv (not in the commitment).
    pub exact: Option<Vec<f64>>,
}

/// The absolute path of an input, or of a file this run is about to write (stays.csv).
fn absolute(p: &Path) -> Result<PathBuf, Failure> {
    p.canonicalize()
        .or_else(|_| std::path::absolute(p))
        .map_err(|e| usage(words!("cli-could-not-read", path = p.display(), why = e)))
}

impl Private {
    pub fn new(input: &InputArgs, salt: &Salt) -> Result<Private, Failure> {
        Ok(Private {
            salt: salt.clone(),
            people: absolute(&input.people)?,
            features: absolute(&input.features)?,
            settings: input.settings.as_deref().map(absolute).transpose()?,
            already_selected: input
                .already_selected
                .as_deref()
                .map(absolute)
                .transpose()?,
            leave_out: input.leave_out.as_deref().map(absolute).transpose()?,
            panel_size: input.panel_size,
            exact: None,
        })
    }

    /// private.json's text for the folder `dir` it is written into: the input paths relative
    /// to that folder, so that the folder keeps working when moved together with its inputs
    /// (or the inputs are given again to `draw --commitment`, checked by their hashes).
    pub fn to_json(&self, dir: &Path) -> String {
        let base = real_folder(dir);
        let path = |p: &Path| relative_to(p, &base).display().to_string();
        let v = json!({
            "note": "PRIVATE: do not publish. The salt lets volunteers and auditors check pseudonyms.",
            "salt": self.salt.as_hex(),
            "people": path(&self.people),
            "features": path(&self.features),
            "settings": self.settings.as_deref().map(path),
            "already_selected": self.already_selected.as_deref().map(path),
            "leave_out": self.leave_out.as_deref().map(path),
            "panel_size": self.panel_size,
            "exact_probabilities": self.exact,
        });
        format!("{}\n", serde_json::to_string_pretty(&v).expect("JSON"))
    }

    /// Reads private.json; relative input paths are taken from its folder.
    pub fn read(path: &Path) -> Result<Private, Failure> {
        let bytes = std::fs::read(path).map_err(|e| {
            usage(words!(
                "cli-private-unreadable",
                path = path.display(),
                why = e
            ))
        })?;
        let v: Value = serde_json::from_slice(&bytes)
            .map_err(|_| usage(words!("cli-not-json", path = path.display())))?;
        let folder = path.parent().unwrap_or(Path::new("."));
        let text = |k: &str| v[k].as_str().map(|p| folder.join(p));
        Ok(Private {
            salt: Salt::from_hex(v["salt"].as_str().unwrap_or(""))?,
            people: text("people")
                .ok_or_else(|| usage(words!("cli-private-no-file", file = "people")))?,
            features: text("features")
                .ok_or_else(|| usage(words!("cli-private-no-file", file = "features")))?,
            settings: text("settings"),
            already_selected: text("already_selected"),
            leave_out: text("leave_out"),
            panel_size: v["panel_size"].as_u64().unwrap_or(0) as usize,
            // Absent from private.json files written before it was kept.
            exact: v["exact_probabilities"]
                .as_array()
                .and_then(|a| a.iter().map(Value::as_f64).collect()),
        })
    }

    /// The inputs of the prepared draw; a file given again (`given`) replaces the one
    /// recorded, and the draw checks it against the committed hash.
    pub fn input_args(&self, given: &Given, solver: &str, quiet: bool) -> InputArgs {
        let pick = |g: &Option<PathBuf>, recorded: &Option<PathBuf>| g.clone().or(recorded.clone());
        InputArgs {
            people: given.people.clone().unwrap_or(self.people.clone()),
            features: given.features.clone().unwrap_or(self.features.clone()),
            settings: pick(&given.settings, &self.settings),
            panel_size: self.panel_size,
            already_selected: pick(&given.already_selected, &self.already_selected),
            leave_out: pick(&given.leave_out, &self.leave_out),
            replacing: None,
            dropouts: None,
            solver: solver.to_string(),
            quiet,
        }
    }
}

/// Input files given again to `draw --commitment`, where the prepared folder's own paths no
/// longer lead to them.
pub struct Given {
    pub people: Option<PathBuf>,
    pub features: Option<PathBuf>,
    pub settings: Option<PathBuf>,
    pub already_selected: Option<PathBuf>,
    pub leave_out: Option<PathBuf>,
}

/// `dir` with its existing part resolved (symbolic links, `..`), the rest appended: the folder
/// private.json will be in, which may not exist yet.
fn real_folder(dir: &Path) -> PathBuf {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut existing = dir.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut real = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    real.extend(rest.iter().rev());
    real
}

/// `path` relative to the folder `base` (both absolute), through `..` where needed.
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let (p, b): (Vec<_>, Vec<_>) = (path.components().collect(), base.components().collect());
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return path.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    out.extend(&p[common..]);
    out
}

/// Reads a salt from private.json or from a file holding its 64 hex digits.
pub fn read_salt(path: &Path) -> Result<Salt, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| usage(words!("cli-could-not-read", path = path.display(), why = e)))?;
    let hex = match serde_json::from_str::<Value>(&text) {
        Ok(v) => v["salt"].as_str().unwrap_or("").to_string(),
        Err(_) => text.trim().to_string(),
    };
    Ok(Salt::from_hex(&hex)?)
}
