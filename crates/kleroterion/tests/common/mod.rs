//! Helpers shared by the library's integration tests.
#![allow(dead_code)]

use kleroterion::{InputFiles, Instance};
use std::path::PathBuf;

/// The example in data/ (300 volunteers), loaded for a panel of 24.
pub fn example() -> kleroterion::Inputs {
    let dir = root().join("data");
    let files = InputFiles {
        people: dir.join("people.csv"),
        features: dir.join("features.csv"),
        settings: Some(dir.join("settings.toml")),
        already_selected: None,
        leave_out: None,
    };
    kleroterion::Inputs::load(&files, 24).unwrap()
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared` beside the checkout, or `None` (and a note) when this clone has none.
pub fn shared() -> Option<PathBuf> {
    let p = root().join("../shared");
    if p.join("instances").is_dir() {
        Some(p)
    } else {
        eprintln!("note: ../shared is not here; skipping the tests on the shared instances");
        None
    }
}

/// The shared instances with their panel sizes (from their names).
pub fn shared_instances() -> Vec<(String, PathBuf, usize)> {
    let Some(s) = shared() else { return Vec::new() };
    let mut out: Vec<(String, PathBuf, usize)> = std::fs::read_dir(s.join("instances"))
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            let k = name.rsplit('-').next().unwrap().parse().unwrap();
            (name, path, k)
        })
        .collect();
    out.sort();
    out
}

/// Loads a folder holding people.csv and features.csv (and settings.toml if present).
pub fn load_dir(dir: &std::path::Path, k: usize) -> Instance {
    let settings = dir.join("settings.toml");
    let files = InputFiles {
        people: dir.join("people.csv"),
        features: dir.join("features.csv"),
        settings: settings.exists().then_some(settings),
        already_selected: None,
        leave_out: None,
    };
    Instance::load(&files, k).unwrap().0
}

/// Loads an instance from strings.
pub fn from_text(
    people: &str,
    features: &str,
    settings: Option<&str>,
    k: usize,
) -> kleroterion::Result<Instance> {
    let bytes = kleroterion::input::instance::InputBytes {
        people: people.as_bytes().to_vec(),
        features: features.as_bytes().to_vec(),
        settings: settings.map(|s| s.as_bytes().to_vec()),
        already_selected: None,
        leave_out: None,
    };
    let names = kleroterion::input::FileNames::default();
    Instance::from_bytes(&bytes, &names, k)
}

/// A small deterministic pseudo-random generator for building test pools and weights.
pub struct Lcg(pub u64);
impl Lcg {
    /// A number in `0..n`.
    pub fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }

    /// A number in [0, 1).
    pub fn unit(&mut self) -> f64 {
        self.next(1 << 30) as f64 / (1u64 << 30) as f64
    }
}
