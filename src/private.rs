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
}

/// The absolute path of an input, or of a file this run is about to write (stays.csv).
fn absolute(p: &Path) -> Result<PathBuf, Failure> {
    p.canonicalize()
        .or_else(|_| std::path::absolute(p))
        .map_err(|e| usage(format!("could not read {}: {e}", p.display())))
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
        })
    }

    pub fn to_json(&self) -> String {
        let path = |p: &Path| p.display().to_string();
        let v = json!({
            "note": "PRIVATE: do not publish. The salt lets volunteers and auditors check pseudonyms.",
            "salt": self.salt.as_hex(),
            "people": path(&self.people),
            "features": path(&self.features),
            "settings": self.settings.as_deref().map(path),
            "already_selected": self.already_selected.as_deref().map(path),
            "leave_out": self.leave_out.as_deref().map(path),
            "panel_size": self.panel_size,
        });
        format!("{}\n", serde_json::to_string_pretty(&v).expect("JSON"))
    }

    pub fn read(path: &Path) -> Result<Private, Failure> {
        let bytes = std::fs::read(path).map_err(|e| {
            usage(format!(
                "could not read {} ({e}); `draw --commitment` needs the private.json that `prepare` wrote beside the commitment",
                path.display()
            ))
        })?;
        let v: Value = serde_json::from_slice(&bytes)
            .map_err(|_| usage(format!("{} is not JSON", path.display())))?;
        let text = |k: &str| v[k].as_str().map(PathBuf::from);
        Ok(Private {
            salt: Salt::from_hex(v["salt"].as_str().unwrap_or(""))?,
            people: text("people").ok_or_else(|| usage("private.json names no people file"))?,
            features: text("features")
                .ok_or_else(|| usage("private.json names no features file"))?,
            settings: text("settings"),
            already_selected: text("already_selected"),
            leave_out: text("leave_out"),
            panel_size: v["panel_size"].as_u64().unwrap_or(0) as usize,
        })
    }

    pub fn input_args(&self, solver: &str, quiet: bool) -> InputArgs {
        InputArgs {
            people: self.people.clone(),
            features: self.features.clone(),
            settings: self.settings.clone(),
            panel_size: self.panel_size,
            already_selected: self.already_selected.clone(),
            leave_out: self.leave_out.clone(),
            replacing: None,
            dropouts: None,
            solver: solver.to_string(),
            quiet,
        }
    }
}

/// Reads a salt from private.json or from a file holding its 64 hex digits.
pub fn read_salt(path: &Path) -> Result<Salt, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| usage(format!("could not read {}: {e}", path.display())))?;
    let hex = match serde_json::from_str::<Value>(&text) {
        Ok(v) => v["salt"].as_str().unwrap_or("").to_string(),
        Err(_) => text.trim().to_string(),
    };
    Ok(Salt::from_hex(&hex)?)
}
