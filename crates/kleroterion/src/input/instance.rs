//! A validated selection task: the pool, the quotas, the panel size and anyone already selected,
//! reduced to the candidates who may still be drawn and the seats and quota ranges left to fill.

use crate::error::{Error, Problem, Result};
use crate::input::panel_check::{Rules, Tally};
use crate::input::people::{People, Person};
use crate::input::quotas::{Quotas, ValueId};
use crate::input::settings::Settings;
use crate::input::sheet::{same_name, shown, Sheet};
use crate::select::polytope::WalkRevision;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The files a selection reads. Only `people` and `features` are required.
#[derive(Debug, Clone, Default)]
pub struct InputFiles {
    /// The volunteers (people.csv).
    pub people: PathBuf,
    /// The quotas (features.csv).
    pub features: PathBuf,
    /// settings.toml; without it every setting takes its default.
    pub settings: Option<PathBuf>,
    /// People already on the panel, for a replacement round: ids of people in people.csv (the
    /// Sortition Foundation's layout, id and address columns, will do).
    pub already_selected: Option<PathBuf>,
    /// People to leave out of the pool with their housemates (dropouts of an earlier round,
    /// or people who may not serve), by id.
    pub leave_out: Option<PathBuf>,
}

/// The bytes of every input file, kept so that outputs and records can hash them.
#[derive(Debug, Clone, Default)]
pub struct InputBytes {
    /// people.csv.
    pub people: Vec<u8>,
    /// features.csv.
    pub features: Vec<u8>,
    /// settings.toml, if given.
    pub settings: Option<Vec<u8>>,
    /// The already-selected file, if given.
    pub already_selected: Option<Vec<u8>>,
    /// The leave-out file, if given.
    pub leave_out: Option<Vec<u8>>,
}

/// The names the input files go by in messages (as the user named them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileNames {
    /// The volunteers.
    pub people: String,
    /// The quotas.
    pub features: String,
    /// The settings.
    pub settings: String,
    /// The already-selected people.
    pub already_selected: String,
    /// The people left out.
    pub leave_out: String,
}

impl Default for FileNames {
    /// The Sortition Foundation's usual names.
    fn default() -> Self {
        FileNames {
            people: "people.csv".into(),
            features: "features.csv".into(),
            settings: "settings.toml".into(),
            already_selected: "already_selected.csv".into(),
            leave_out: "leave_out.csv".into(),
        }
    }
}

impl FileNames {
    /// The names of `files` as given.
    pub fn of(files: &InputFiles) -> FileNames {
        let name = |p: Option<&Path>| p.map(display_name).unwrap_or_default();
        FileNames {
            people: display_name(&files.people),
            features: display_name(&files.features),
            settings: name(files.settings.as_deref()),
            already_selected: name(files.already_selected.as_deref()),
            leave_out: name(files.leave_out.as_deref()),
        }
    }
}

/// Reads a file, naming it in the error.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(file_of(path)).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// The file a path names: a workbook's path without its sheet (`pool.xlsx:Respondents` is
/// `pool.xlsx`) unless a file of the whole name exists.
pub fn file_of(path: &Path) -> std::path::PathBuf {
    if path.exists() {
        return path.to_path_buf();
    }
    let name = path.to_string_lossy();
    match crate::input::workbook::split_sheet(&name) {
        Some((file, _)) => std::path::PathBuf::from(file),
        None => path.to_path_buf(),
    }
}

fn display_name(path: &Path) -> String {
    path.display().to_string()
}

/// The people of an already-selected file, as people.csv has them. The file may hold only the
/// id column (and the address columns), as the Sortition Foundation's does: features are
/// looked up in people.csv by id. An id that is not in people.csv, or a feature value that
/// differs from people.csv's, is a problem naming both rows.
fn already_in_pool(
    file: &str,
    bytes: &[u8],
    pool: &People,
    quotas: &Quotas,
    settings: &Settings,
) -> std::result::Result<People, Vec<Problem>> {
    let sheet = Sheet::parse(file, bytes)?;
    let id_col = sheet
        .column(&[&settings.id_column], "what-stays-id")
        .map_err(|p| vec![p])?;
    let by_id: HashMap<&str, &Person> = pool.people.iter().map(|p| (p.id.as_str(), p)).collect();
    let feature_cols: Vec<(usize, usize)> = quotas
        .features
        .iter()
        .enumerate()
        .filter_map(|(f, feature)| {
            let c = sheet
                .headers
                .iter()
                .position(|h| same_name(h, &feature.name))?;
            Some((f, c))
        })
        .collect();
    let mut problems = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut people = Vec::new();
    for row in &sheet.rows {
        let id = row.fields[id_col].as_str();
        let at = |p: Problem| {
            p.at_row(row.number)
                .in_column(sheet.headers[id_col].clone())
        };
        if let Some(first) = seen.insert(id, row.number) {
            problems.push(at(Problem::said(
                file,
                "problem-stays-again",
                &[("id", &shown(id)), ("first", &first)],
            )));
            continue;
        }
        let Some(&person) = by_id.get(id) else {
            problems.push(at(Problem::said(
                file,
                "problem-stays-not-in-pool",
                &[("id", &shown(id)), ("pool", &pool.file)],
            )));
            continue;
        };
        for &(f, c) in &feature_cols {
            let text = row.fields[c].as_str();
            let theirs = person.values[f];
            if quotas.find_value(f, text) != Some(theirs) {
                problems.push(
                    Problem::said(
                        file,
                        "problem-stays-disagrees",
                        &[
                            ("feature", &quotas.features[f].name),
                            ("text", &shown(text)),
                            ("theirs", &quotas.values[theirs].name),
                            ("pool", &pool.file),
                            ("row", &person.row),
                        ],
                    )
                    .at_row(row.number)
                    .in_column(sheet.headers[c].clone()),
                );
            }
        }
        people.push(person.clone());
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(People {
        file: file.to_string(),
        headers: pool.headers.clone(),
        people,
        output_columns: pool.output_columns.clone(),
        separator: sheet.separator,
        skipped: Vec::new(),
    })
}

/// A validated selection task.
#[derive(Debug, Clone)]
pub struct Instance {
    /// The quotas.
    pub quotas: Quotas,
    /// The settings in force.
    pub settings: Settings,
    /// The number of seats on the panel, including already-selected people.
    pub panel_size: usize,
    /// Everyone in people.csv.
    pub pool: People,
    /// People already on the panel (replacement round), or none.
    pub already: Option<People>,
    /// Indices into `pool.people` of the volunteers who may still be drawn: everyone except
    /// already-selected people and their housemates. Positions in this list are the
    /// "candidate indices" used by the selection algorithms.
    pub candidates: Vec<usize>,
    /// Seats left to fill.
    pub seats: usize,
    /// Per feature value, the (min, max) number of candidates still to select.
    pub bounds: Vec<(u32, u32)>,
    /// Groups of candidate indices that share an address (two or more people each).
    pub households: Vec<Vec<usize>>,
    /// Quotas that simple sums already show cannot be met (minimums adding up to more than
    /// the seats, maximums to fewer, a minimum above the volunteers who have the value).
    pub quota_conflicts: Vec<Problem>,
    /// Which revision of the quota polytope's walk finds the panels: the newest for a new
    /// draw, the one a record names when it is solved again.
    pub walk: WalkRevision,
}

impl Instance {
    /// Reads and validates the input files. All problems found are reported together.
    pub fn load(files: &InputFiles, panel_size: usize) -> Result<(Instance, InputBytes)> {
        let bytes = InputBytes {
            people: read_file(&files.people)?,
            features: read_file(&files.features)?,
            settings: files.settings.as_deref().map(read_file).transpose()?,
            already_selected: files
                .already_selected
                .as_deref()
                .map(read_file)
                .transpose()?,
            leave_out: files.leave_out.as_deref().map(read_file).transpose()?,
        };
        let names = FileNames::of(files);
        let instance = Instance::from_bytes(&bytes, &names, panel_size)?;
        Ok((instance, bytes))
    }

    /// Parses and validates inputs given as bytes; `names` are the file names used in messages.
    pub fn from_bytes(
        bytes: &InputBytes,
        names: &FileNames,
        panel_size: usize,
    ) -> Result<Instance> {
        let mut problems = Vec::new();
        let settings = match &bytes.settings {
            None => Settings::default(),
            Some(b) => match std::str::from_utf8(b) {
                Ok(text) => Settings::parse(&names.settings, text.trim_start_matches('\u{feff}'))
                    .unwrap_or_else(|p| {
                        problems.extend(p);
                        Settings::default()
                    }),
                Err(_) => {
                    problems.push(Problem::said(
                        &names.settings,
                        "problem-settings-not-utf8",
                        &[],
                    ));
                    Settings::default()
                }
            },
        };
        // People are read with the settings (id column, address columns): with broken settings,
        // reading them would only add misleading problems.
        if !problems.is_empty() {
            return Err(Error::Input(problems));
        }
        let quotas =
            Sheet::parse(&names.features, &bytes.features).and_then(|t| Quotas::from_table(&t));
        let quotas = match quotas {
            Ok(q) => q,
            Err(p) => {
                problems.extend(p);
                return Err(Error::Input(problems));
            }
        };
        let read_people = |file: &str, b: &[u8]| {
            Sheet::parse(file, b).and_then(|t| People::from_table(&t, &quotas, &settings))
        };
        let pool = match read_people(&names.people, &bytes.people) {
            Ok(p) => p,
            Err(p) => {
                problems.extend(p);
                return Err(Error::Input(problems));
            }
        };
        let left_out = match &bytes.leave_out {
            None => Vec::new(),
            Some(b) => match already_in_pool(&names.leave_out, b, &pool, &quotas, &settings) {
                Ok(p) => p.people,
                Err(p) => return Err(Error::Input(p)),
            },
        };
        let already = match &bytes.already_selected {
            None => None,
            Some(b) => match already_in_pool(&names.already_selected, b, &pool, &quotas, &settings)
            {
                Ok(a) => Some(a),
                Err(p) => return Err(Error::Input(p)),
            },
        };
        Instance::new(quotas, settings, pool, already, &left_out, panel_size)
    }

    /// Validates the panel size and quotas against the pool and builds the instance.
    pub fn new(
        quotas: Quotas,
        settings: Settings,
        pool: People,
        already: Option<People>,
        left_out: &[Person],
        panel_size: usize,
    ) -> Result<Instance> {
        let mut problems = Vec::new();
        let cli = "panel size";
        let already_people = already.as_ref().map(|a| a.people.as_slice()).unwrap_or(&[]);
        // Nobody already on the panel or left out is drawn, nor anyone living with them.
        let taken_ids: HashMap<&str, ()> = already_people
            .iter()
            .chain(left_out)
            .map(|p| (p.id.as_str(), ()))
            .collect();
        let taken_addresses: HashMap<&str, ()> = already_people
            .iter()
            .chain(left_out)
            .filter_map(|p| p.address.as_deref().map(|a| (a, ())))
            .collect();
        for p in left_out {
            if already_people.iter().any(|a| a.id == p.id) {
                problems.push(Problem::said(
                    already.as_ref().map(|a| a.file.as_str()).unwrap_or(cli),
                    "problem-stays-and-left-out",
                    &[("id", &p.id)],
                ));
            }
        }
        let candidates: Vec<usize> = (0..pool.people.len())
            .filter(|&i| {
                let p = &pool.people[i];
                !taken_ids.contains_key(p.id.as_str())
                    && !p
                        .address
                        .as_deref()
                        .is_some_and(|a| taken_addresses.contains_key(a))
            })
            .collect();
        if panel_size == 0 {
            problems.push(Problem::said(cli, "problem-panel-size-zero", &[]));
        }
        if panel_size > candidates.len() + already_people.len() {
            problems.push(Problem::said(
                cli,
                "problem-too-few-volunteers",
                &[
                    ("seats", &panel_size),
                    ("volunteers", &(candidates.len() + already_people.len())),
                ],
            ));
        }
        if already_people.len() > panel_size {
            problems.push(Problem::said(
                already.as_ref().map(|a| a.file.as_str()).unwrap_or(cli),
                "problem-stays-above-seats",
                &[("stays", &already_people.len()), ("seats", &panel_size)],
            ));
        }
        let n_values = quotas.values.len();
        let mut pool_count = vec![0u32; n_values];
        for &c in &candidates {
            for &v in &pool.people[c].values {
                pool_count[v] += 1;
            }
        }
        let mut already_count = vec![0u32; n_values];
        for p in already_people {
            for &v in &p.values {
                already_count[v] += 1;
            }
        }
        // Quotas the simple sums show cannot be met: not an input error but infeasibility,
        // which `select::ensure_feasible` reports with the cheapest relaxation.
        let mut conflicts = Vec::new();
        let qfile = quotas.file_name.clone();
        for f in &quotas.features {
            let first = &quotas.values[f.values.start];
            let min_sum: u32 = f.values.clone().map(|v| quotas.values[v].min).sum();
            let max_sum: u32 = f.values.clone().map(|v| quotas.values[v].max).sum();
            if panel_size > 0 && min_sum as usize > panel_size {
                conflicts.push(
                    Problem::said(
                        &qfile,
                        "problem-minimums-above-seats",
                        &[
                            ("feature", &f.name),
                            ("sum", &min_sum),
                            ("seats", &panel_size),
                        ],
                    )
                    .at_row(first.row)
                    .in_column("min"),
                );
            }
            if (max_sum as usize) < panel_size {
                conflicts.push(
                    Problem::said(
                        &qfile,
                        "problem-maximums-below-seats",
                        &[
                            ("feature", &f.name),
                            ("sum", &max_sum),
                            ("seats", &panel_size),
                        ],
                    )
                    .at_row(first.row)
                    .in_column("max"),
                );
            }
        }
        for (v, q) in quotas.values.iter().enumerate() {
            let available = pool_count[v] + already_count[v];
            let fname = &quotas.features[q.feature].name;
            if q.min > available {
                conflicts.push(
                    Problem::said(
                        &qfile,
                        "problem-min-above-pool",
                        &[
                            ("feature", fname),
                            ("value", &q.name),
                            ("min", &q.min),
                            ("available", &available),
                        ],
                    )
                    .at_row(q.row)
                    .in_column("min"),
                );
            }
            if already_count[v] > q.max {
                problems.push(Problem::said(
                    already.as_ref().map(|a| a.file.as_str()).unwrap_or(""),
                    "problem-stays-above-max",
                    &[
                        ("stays", &already_count[v]),
                        ("feature", fname),
                        ("value", &q.name),
                        ("max", &q.max),
                    ],
                ));
            }
        }
        if !problems.is_empty() {
            return Err(Error::Input(problems));
        }
        let bounds = quotas
            .values
            .iter()
            .enumerate()
            .map(|(v, q)| {
                (
                    q.min.saturating_sub(already_count[v]),
                    q.max - already_count[v],
                )
            })
            .collect();
        let mut by_address: HashMap<&str, Vec<usize>> = HashMap::new();
        for (c, &i) in candidates.iter().enumerate() {
            if let Some(a) = pool.people[i].address.as_deref() {
                by_address.entry(a).or_default().push(c);
            }
        }
        let mut households: Vec<Vec<usize>> =
            by_address.into_values().filter(|h| h.len() > 1).collect();
        households.sort();
        Ok(Instance {
            quotas,
            settings,
            seats: panel_size - already_people.len(),
            panel_size,
            candidates,
            bounds,
            households,
            pool,
            already,
            quota_conflicts: conflicts,
            walk: WalkRevision::default(),
        })
    }

    /// The feature values of candidate `c`.
    pub fn values_of(&self, c: usize) -> &[ValueId] {
        &self.pool.people[self.candidates[c]].values
    }

    /// The number of candidates.
    pub fn n_candidates(&self) -> usize {
        self.candidates.len()
    }

    /// For each feature value: how many candidates have it, and how many already-selected
    /// people have it.
    pub fn value_counts(&self) -> (Vec<u32>, Vec<u32>) {
        let mut pool = vec![0u32; self.quotas.values.len()];
        for c in 0..self.n_candidates() {
            for &v in self.values_of(c) {
                pool[v] += 1;
            }
        }
        let mut already = vec![0u32; self.quotas.values.len()];
        for p in self.already.iter().flat_map(|a| &a.people) {
            for &v in &p.values {
                already[v] += 1;
            }
        }
        (pool, already)
    }

    /// Checks a set of candidates (the seats drawn in this round) against the panel size,
    /// every quota (counting already-selected people) and the household rule. Returns a
    /// sentence per violation; empty when the panel is valid.
    pub fn violations(&self, drawn: &[usize]) -> Vec<String> {
        let mut sorted = drawn.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let mut tally = Tally::new(self.quotas.values.len());
        for &c in &sorted {
            tally.add(self.values_of(c), 1);
        }
        tally.places = drawn.len();
        tally.shared_households = self
            .households
            .iter()
            .filter(|h| h.iter().filter(|c| sorted.binary_search(c).is_ok()).count() > 1)
            .count();
        self.broken_rules(&tally)
    }

    /// The rules a tally of this round's seats breaks (see [`Rules::broken`]): the seats left,
    /// and the quota ranges left once already-selected people are counted.
    pub fn broken_rules(&self, tally: &Tally) -> Vec<String> {
        let name = |v: usize| {
            let q = &self.quotas.values[v];
            format!("{} '{}'", self.quotas.features[q.feature].name, q.name)
        };
        Rules {
            seats: self.seats,
            bounds: &self.bounds,
            name: &name,
        }
        .broken(tally)
    }
}
