//! The one run the app holds: the input files the organiser dropped (saved in the app's
//! temporary folder under their own names, so that messages name them as the CLI would), the
//! folders the steps write to, and the long job in progress.

use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The files a step reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    People,
    Features,
    Settings,
    /// Verify: the audit record, the observer record and a volunteer's receipt.
    Audit,
    Observer,
    Receipt,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::People,
        Role::Features,
        Role::Settings,
        Role::Audit,
        Role::Observer,
        Role::Receipt,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Role::People => "people",
            Role::Features => "features",
            Role::Settings => "settings",
            Role::Audit => "audit",
            Role::Observer => "observer",
            Role::Receipt => "receipt",
        }
    }

    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// One dropped file: where it is saved (relative to the app's folder) and, for a workbook,
/// the sheet chosen (read as `FILE:SHEET`, as on the command line).
#[derive(Clone, Debug)]
pub struct Dropped {
    pub file: String,
    pub sheet: Option<String>,
}

impl Dropped {
    /// The path a command is given.
    pub fn path(&self) -> PathBuf {
        match &self.sheet {
            Some(s) => PathBuf::from(format!("{}:{s}", self.file)),
            None => PathBuf::from(&self.file),
        }
    }
}

/// What the page follows of a long step.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Status {
    /// `idle`, `running`, `done`, `failed` or `cancelled`.
    pub state: &'static str,
    /// The step: `prepare`.
    pub step: &'static str,
    pub stage: usize,
    pub fixed: usize,
    pub groups: usize,
    pub panels: usize,
    /// `stages` while chances are fixed, `panels` while they are written as a lottery.
    pub phase: &'static str,
    pub seconds: u64,
    /// The outcome, once done.
    pub result: Option<serde_json::Value>,
}

/// A job's cancel switch, shared with the solve's progress sink.
#[derive(Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn set(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

#[derive(Default)]
pub struct Session {
    files: Vec<(Role, Dropped)>,
    /// Folders handed out so far (each step that writes gets a new one: nothing is replaced).
    folders: usize,
    /// The prepared run's folder, once prepare has succeeded.
    pub prepared: Option<PathBuf>,
    /// The drawn run's folder, once the draw has succeeded.
    pub drawn: Option<PathBuf>,
    /// The running job's cancel switch.
    pub job: Option<Cancel>,
}

/// A file name safe to write in the app's folder: the last path component, without leading
/// dots or characters that mean something to a shell or a file system.
pub fn safe_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_control() || ":*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.').trim();
    if cleaned.is_empty() {
        "file".to_string()
    } else {
        cleaned.chars().take(120).collect()
    }
}

impl Session {
    pub fn get(&self, role: Role) -> Option<&Dropped> {
        self.files.iter().find(|(r, _)| *r == role).map(|(_, d)| d)
    }

    /// Saves `bytes` dropped for `role` under their own name (else prefixed with the role,
    /// when another file already has that name), replacing the role's earlier file.
    pub fn drop_file(&mut self, role: Role, name: &str, bytes: &[u8]) -> std::io::Result<&Dropped> {
        if let Some(old) = self.get(role) {
            let _ = std::fs::remove_file(&old.file);
        }
        self.files.retain(|(r, _)| *r != role);
        let mut file = safe_name(name);
        let taken = |f: &str| {
            self.files.iter().any(|(_, d)| d.file == f)
                || f.starts_with("step-")
                || Path::new(f).is_dir()
        };
        if taken(&file) {
            file = format!("{}-{file}", role.name());
        }
        std::fs::write(&file, bytes)?;
        self.files.push((role, Dropped { file, sheet: None }));
        Ok(&self.files.last().expect("just pushed").1)
    }

    pub fn choose_sheet(&mut self, role: Role, sheet: Option<String>) -> Option<&Dropped> {
        let d = self.files.iter_mut().find(|(r, _)| *r == role)?;
        d.1.sheet = sheet;
        Some(&d.1)
    }

    pub fn forget(&mut self, role: Role) {
        if let Some(old) = self.get(role) {
            let _ = std::fs::remove_file(&old.file);
        }
        self.files.retain(|(r, _)| *r != role);
    }

    /// A new folder for a step's outputs (`step-3-draw`), not yet created.
    pub fn folder(&mut self, step: &str) -> PathBuf {
        self.folders += 1;
        PathBuf::from(format!("step-{}-{step}", self.folders))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_in_the_folder() {
        assert_eq!(safe_name("people.csv"), "people.csv");
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("C:\\Users\\me\\pool.xlsx"), "pool.xlsx");
        assert_eq!(safe_name(".hidden"), "hidden");
        assert_eq!(safe_name("a:b*c.csv"), "a_b_c.csv");
        assert_eq!(safe_name(""), "file");
        assert_eq!(safe_name(".."), "file");
    }
}
