//! A seeded generator of volunteer pools built the way real ones are, but harder: skewed
//! self-selection, correlated features, tight quotas (min = max on some features) and
//! households sharing an address. Used by the robustness tests, the benchmarks and
//! `cargo run --release --example make_pool` (which writes the files for timing the binary).
//! The same spec and seed give the same files on every machine.
#![allow(dead_code)]

use std::fmt::Write as _;

/// What to build.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolSpec {
    /// Volunteers in the pool.
    pub people: usize,
    /// Seats on the panel.
    pub seats: usize,
    /// Features with quotas.
    pub features: usize,
    /// Values per feature: feature `f` has `values.0 + f % (values.1 - values.0 + 1)`.
    pub values: (usize, usize),
    /// How far volunteering differs from the population: 0 is none, 1 is strong (the most
    /// eager value volunteers about e² ≈ 7 times as often as the least).
    pub skew: f64,
    /// How strongly a volunteer's values go together (0: independent, 1: all from one latent
    /// trait), which makes some intersections rare.
    pub correlation: f64,
    /// Features (the last ones) whose quotas are exact: min = max.
    pub tight: usize,
    /// Share of volunteers who live with another volunteer.
    pub household_share: f64,
    /// The largest household (2 or more); sizes are drawn from 2 up to it.
    pub household_max: usize,
    /// The seed.
    pub seed: u64,
}

impl PoolSpec {
    /// A pool of `people` and `seats` with `features` features of 2 to 6 values, moderate skew
    /// and correlation, no tight quotas and no households.
    pub fn new(people: usize, seats: usize, features: usize, seed: u64) -> PoolSpec {
        PoolSpec {
            people,
            seats,
            features,
            values: (2, 6),
            skew: 0.6,
            correlation: 0.3,
            tight: 0,
            household_share: 0.0,
            household_max: 3,
            seed,
        }
    }

    /// With `tight` exact features.
    pub fn tight(mut self, tight: usize) -> PoolSpec {
        self.tight = tight;
        self
    }

    /// With a share of volunteers in households.
    pub fn households(mut self, share: f64) -> PoolSpec {
        self.household_share = share;
        self
    }

    /// A short name, e.g. `2000-100-f10-t3-h30-s1`.
    pub fn name(&self) -> String {
        format!(
            "{}-{}-f{}-t{}-h{}-s{}",
            self.people,
            self.seats,
            self.features,
            self.tight,
            (self.household_share * 100.0).round(),
            self.seed
        )
    }

    /// Builds the pool's files.
    pub fn build(&self) -> Pool {
        let mut rng = SplitMix(self.seed ^ 0x6B6C_6572_6F74_6572);
        let n_values: Vec<usize> = (0..self.features)
            .map(|f| self.values.0 + f % (self.values.1 - self.values.0 + 1))
            .collect();
        // Population shares, and how eager each value is to volunteer.
        let population: Vec<Vec<f64>> = n_values
            .iter()
            .map(|&m| normalised((0..m).map(|_| 0.3 + rng.unit()).collect()))
            .collect();
        let eagerness: Vec<Vec<f64>> = n_values
            .iter()
            .map(|&m| {
                (0..m)
                    .map(|_| (self.skew * (2.0 * rng.unit() - 1.0)).exp())
                    .collect()
            })
            .collect();
        let volunteering: Vec<Vec<f64>> = population
            .iter()
            .zip(&eagerness)
            .map(|(p, e)| normalised(p.iter().zip(e).map(|(a, b)| a * b).collect()))
            .collect();
        // Households: consecutive volunteers share an address and their first feature.
        let mut household_of = vec![None; self.people];
        let mut in_households = 0;
        let mut h = 0;
        let target = (self.household_share * self.people as f64).round() as usize;
        let mut next = 0;
        while in_households + 2 <= target && next + 2 <= self.people {
            let size = 2 + rng.below((self.household_max.max(2) - 1) as u64) as usize;
            let size = size
                .min(target - in_households)
                .min(self.people - next)
                .max(2);
            for slot in household_of.iter_mut().skip(next).take(size) {
                *slot = Some(h);
            }
            h += 1;
            next += size;
            in_households += size;
        }
        let mut values = vec![vec![0usize; self.features]; self.people];
        for i in 0..self.people {
            let latent = rng.unit();
            for f in 0..self.features {
                let u = if rng.unit() < self.correlation {
                    latent
                } else {
                    rng.unit()
                };
                values[i][f] = quantile(&volunteering[f], u);
            }
            if let (Some(hh), true) = (household_of[i], i > 0) {
                if household_of[i - 1] == Some(hh) && self.features > 0 {
                    values[i][0] = values[i - 1][0];
                }
            }
        }
        // Shuffle the rows so households are not adjacent in the file.
        let mut order: Vec<usize> = (0..self.people).collect();
        for i in (1..order.len()).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            order.swap(i, j);
        }
        let mut people = String::from("id");
        for f in 0..self.features {
            write!(people, ",{}", feature_name(f)).unwrap();
        }
        people.push_str(",address,postcode\n");
        for (row, &i) in order.iter().enumerate() {
            write!(people, "p{:05}", row + 1).unwrap();
            for (f, &v) in values[i].iter().enumerate() {
                write!(people, ",{}", value_name(f, v)).unwrap();
            }
            match household_of[i] {
                Some(hh) => writeln!(people, ",{} Shared Road,HH{hh:05}", hh + 1).unwrap(),
                None => writeln!(people, ",{} Own Street,PS{i:05}", i + 1).unwrap(),
            }
        }
        // Quotas: floor and ceiling of seats × population share, or an exact apportionment
        // for the tight features; never more than the pool holds.
        let mut features = String::from("feature,value,min,max\n");
        for f in 0..self.features {
            let mut in_pool = vec![0usize; n_values[f]];
            for v in &values {
                in_pool[v[f]] += 1;
            }
            let exact = f >= self.features - self.tight.min(self.features);
            let seats: Vec<f64> = population[f]
                .iter()
                .map(|s| s * self.seats as f64)
                .collect();
            let ranges: Vec<(usize, usize)> = if exact {
                apportion(&seats, &in_pool, self.seats)
                    .into_iter()
                    .map(|s| (s, s))
                    .collect()
            } else {
                seats
                    .iter()
                    .zip(&in_pool)
                    .map(|(&s, &p)| ((s.floor() as usize).min(p), (s.ceil() as usize).min(p)))
                    .collect()
            };
            for (v, (lo, hi)) in ranges.into_iter().enumerate() {
                writeln!(
                    features,
                    "{},{},{lo},{hi}",
                    feature_name(f),
                    value_name(f, v)
                )
                .unwrap();
            }
        }
        let settings = if self.household_share > 0.0 {
            "id_column = \"id\"\ncheck_same_address = true\n\
             check_same_address_columns = [\"address\", \"postcode\"]\n"
        } else {
            "id_column = \"id\"\ncheck_same_address = false\n"
        };
        Pool {
            people,
            features,
            settings: settings.to_string(),
            seats: self.seats,
        }
    }
}

/// A generated pool's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pool {
    /// people.csv
    pub people: String,
    /// features.csv
    pub features: String,
    /// settings.toml
    pub settings: String,
    /// The panel size.
    pub seats: usize,
}

impl Pool {
    /// Writes people.csv, features.csv and settings.toml into `dir`.
    pub fn write_to(&self, dir: &std::path::Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("people.csv"), &self.people)?;
        std::fs::write(dir.join("features.csv"), &self.features)?;
        std::fs::write(dir.join("settings.toml"), &self.settings)
    }
}

fn feature_name(f: usize) -> String {
    format!("feature{}", f + 1)
}

fn value_name(f: usize, v: usize) -> String {
    format!("f{}v{}", f + 1, v + 1)
}

fn normalised(w: Vec<f64>) -> Vec<f64> {
    let s: f64 = w.iter().sum();
    w.into_iter().map(|x| x / s).collect()
}

/// The value whose cumulative share first exceeds `u`.
fn quantile(shares: &[f64], u: f64) -> usize {
    let mut acc = 0.0;
    for (v, s) in shares.iter().enumerate() {
        acc += s;
        if u < acc {
            return v;
        }
    }
    shares.len() - 1
}

/// Largest-remainder apportionment of `total` seats by `ideal`, each capped at `cap`; the
/// capped seats go to the values with room, largest ideal first.
fn apportion(ideal: &[f64], cap: &[usize], total: usize) -> Vec<usize> {
    let mut seats: Vec<usize> = ideal
        .iter()
        .zip(cap)
        .map(|(&s, &c)| (s.floor() as usize).min(c))
        .collect();
    let mut order: Vec<usize> = (0..ideal.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = ideal[a] - ideal[a].floor();
        let rb = ideal[b] - ideal[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    let mut given: usize = seats.iter().sum();
    'fill: while given < total {
        let before = given;
        for &v in &order {
            if given == total {
                break 'fill;
            }
            if seats[v] < cap[v] {
                seats[v] += 1;
                given += 1;
            }
        }
        if given == before {
            break;
        }
    }
    seats
}

/// SplitMix64: a small, well-mixed generator, so that the pools do not depend on any crate.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}
