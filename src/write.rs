//! Writing results: every file goes to a temporary file in the output folder first and is
//! renamed into place only when all of them are written, so an error leaves no partial output.
//! Existing results are kept unless `--force`; an input file is never overwritten.

use crate::Failure;
use kleroterion::OutputFile;
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct Outputs {
    dir: PathBuf,
    force: bool,
    inputs: Vec<PathBuf>,
    files: Vec<(String, Vec<u8>)>,
    private: Vec<String>,
    /// The files this command writes; with --force, earlier ones not written again go.
    own: Vec<String>,
    /// Earlier files this command replaces even without --force: the quota report of the
    /// failed run whose relaxed quotas this run reads.
    stale: Vec<String>,
}

/// The quotas with the cheapest relaxation, written only when the quotas cannot be met.
const RELAXED: &str = "features.relaxed.csv";
/// The report written beside them.
const QUOTA_REPORT: &str = crate::QUOTA_REPORT;

fn input_would_be_overwritten(path: &Path) -> Failure {
    Failure {
        code: 2,
        message: words!("cli-input-overwritten", path = path.display()),
    }
}

fn failure(message: String) -> Failure {
    Failure { code: 1, message }
}

impl Outputs {
    pub fn new(dir: &Path, force: bool, inputs: Vec<PathBuf>) -> Outputs {
        Outputs {
            dir: dir.to_path_buf(),
            force,
            inputs,
            files: Vec::new(),
            private: vec!["private.json".to_string()],
            own: Vec::new(),
            stale: Vec::new(),
        }
    }

    /// Refuses a folder that already holds any of `names` (without --force) and any output
    /// path that is one of the inputs.
    pub fn check_destination(&mut self, names: &[&str]) -> Result<(), Failure> {
        self.own = names.iter().map(|n| n.to_string()).collect();
        let rerun = names.contains(&RELAXED) && self.is_input(&self.dir.join(RELAXED));
        for name in names {
            let path = self.dir.join(name);
            if self.is_input(&path) {
                if *name == RELAXED {
                    // Rerunning as the relaxation message says: the relaxed quotas are now an
                    // input, kept (never replaced or removed) unless this run is infeasible.
                    self.own.retain(|n| n != RELAXED);
                    continue;
                }
                return Err(input_would_be_overwritten(&path));
            }
            if rerun && *name == QUOTA_REPORT {
                // It explained the quotas this run has replaced by their relaxation.
                self.stale.push(QUOTA_REPORT.to_string());
                continue;
            }
            if path.exists() && !self.force {
                return Err(Failure {
                    code: 2,
                    message: words!("cli-already-exists", path = path.display()),
                });
            }
        }
        self.check_writable()
    }

    fn is_input(&self, path: &Path) -> bool {
        let canonical = path.canonicalize().ok();
        canonical.is_some()
            && self
                .inputs
                .iter()
                .any(|i| i.canonicalize().ok() == canonical)
    }

    /// Fails now, before any computation, when the folder (or the nearest folder above it
    /// that exists, where it will be created) cannot be written to. Creates nothing.
    fn check_writable(&self) -> Result<(), Failure> {
        let existing = self
            .dir
            .ancestors()
            .find(|a| a.as_os_str().is_empty() || a.exists())
            .map(|a| {
                if a.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    a
                }
            })
            .unwrap_or(Path::new("."));
        tempfile::tempfile_in(existing)
            .map(drop)
            .map_err(|e| Failure {
                code: 2,
                message: words!("cli-cannot-write-in", dir = existing.display(), why = e),
            })
    }

    pub fn add(&mut self, name: &str, bytes: Vec<u8>) {
        self.files.push((name.to_string(), bytes));
    }

    /// Adds a file readable by its owner only.
    pub fn add_private(&mut self, name: &str, bytes: Vec<u8>) {
        self.private.push(name.to_string());
        self.files.push((name.to_string(), bytes));
    }

    /// Writes only the added files and removes nothing, even with --force: for a run that
    /// failed (its relaxation), whose earlier results, perhaps already published, stay.
    pub fn remove_nothing(&mut self) {
        self.own.clear();
        self.stale.clear();
    }

    /// Adds a file the library made; private ones stay readable by their owner only.
    pub fn add_file(&mut self, file: OutputFile) {
        if file.private {
            self.private.push(file.name.to_string());
        }
        self.files.push((file.name.to_string(), file.bytes));
    }

    /// Writes every added file: all to temporary files, then all renamed.
    pub fn commit(&mut self) -> Result<(), Failure> {
        if let Some((name, _)) = self
            .files
            .iter()
            .find(|(n, _)| self.is_input(&self.dir.join(n)))
        {
            return Err(input_would_be_overwritten(&self.dir.join(name)));
        }
        crate::interrupt::writing();
        let mut temps = Vec::new();
        for (name, bytes) in &self.files {
            // A name may lie in a subfolder (publish/audit.json).
            let path = self.dir.join(name);
            let folder = path.parent().unwrap_or(&self.dir).to_path_buf();
            let file_name = path.file_name().map(|f| f.to_string_lossy().into_owned());
            std::fs::create_dir_all(&folder).map_err(|e| {
                failure(words!(
                    "cli-could-not-create",
                    path = folder.display(),
                    why = e
                ))
            })?;
            let mut tmp = tempfile::Builder::new()
                .prefix(&format!(".{}.", file_name.unwrap_or_default()))
                .tempfile_in(&folder)
                .map_err(|e| {
                    failure(words!(
                        "cli-could-not-write-in",
                        dir = folder.display(),
                        why = e
                    ))
                })?;
            crate::interrupt::track(tmp.path().to_path_buf());
            tmp.write_all(bytes)
                .and_then(|_| readable(tmp.as_file(), self.private.contains(name)))
                .and_then(|_| tmp.as_file().sync_all())
                .map_err(|e| failure(words!("cli-could-not-write", path = name, why = e)))?;
            temps.push((tmp, path));
        }
        crate::interrupt::renaming();
        for (tmp, path) in temps {
            tmp.persist(&path).map_err(|e| {
                failure(words!(
                    "cli-could-not-write",
                    path = path.display(),
                    why = e
                ))
            })?;
        }
        // An earlier run's files that this run does not write again would be mistaken for
        // its own (a stale features.relaxed.csv or private.json): with --force they go, and
        // the stale ones always.
        let gone = if self.force { &self.own } else { &self.stale };
        for name in gone {
            let path = self.dir.join(name);
            if !self.files.iter().any(|(n, _)| n == name) && path.is_file() {
                std::fs::remove_file(&path).map_err(|e| {
                    failure(words!(
                        "cli-could-not-remove",
                        path = path.display(),
                        why = e
                    ))
                })?;
            }
        }
        self.files.clear();
        crate::interrupt::finished();
        Ok(())
    }
}

/// Results are readable by everyone (temporary files start private); private files stay
/// readable by their owner only.
#[cfg(unix)]
fn readable(file: &std::fs::File, private: bool) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = if private { 0o600 } else { 0o644 };
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn readable(_file: &std::fs::File, _private: bool) -> std::io::Result<()> {
    Ok(())
}
