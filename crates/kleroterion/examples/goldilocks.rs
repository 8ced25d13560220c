//! GOLDILOCKS beside LEXIMIN on a pool: times, routes, the smallest and largest chance and
//! the objective; with `manipulate N`, how much a volunteer can raise their own chance by
//! misreporting one feature (after Flanigan, Liang, Procaccia & Wang, AAAI 2024), for N
//! volunteers drawn with a fixed seed, every other value of every feature tried:
//! `cargo run --release --example goldilocks -- ../shared/instances/a-250-30 30 [manipulate 20]`.
use kleroterion::select::distribution::{Distribution, Spread};
use kleroterion::select::goldilocks::reachable;
use kleroterion::{Algorithm, Backend, FileNames, InputBytes, Inputs, Instance, Silent};
use std::path::PathBuf;
use std::time::Instant;

const ALGORITHMS: [Algorithm; 2] = [Algorithm::Leximin, Algorithm::Goldilocks];

fn solve(inst: &Instance, algorithm: Algorithm) -> Option<Distribution> {
    kleroterion::select::distribution(inst, algorithm, Backend::Pure, &mut Silent).ok()
}

fn instance(people: &str, features: &[u8], k: usize) -> Option<Instance> {
    let bytes = InputBytes {
        people: people.as_bytes().to_vec(),
        features: features.to_vec(),
        ..Default::default()
    };
    Inputs::from_bytes(bytes, &FileNames::default(), k)
        .ok()
        .map(|i| i.instance)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(&args[1]);
    let k: usize = args[2].parse().unwrap();
    let people = std::fs::read_to_string(dir.join("people.csv")).unwrap();
    let features = std::fs::read(dir.join("features.csv")).unwrap();
    let inst = instance(&people, &features, k).unwrap();
    let (n, seats) = (inst.n_candidates(), inst.seats);
    let mut honest = Vec::new();
    for algorithm in ALGORITHMS {
        let t = Instant::now();
        let d = solve(&inst, algorithm).unwrap();
        let time = t.elapsed();
        let s = Spread::of(&d, &reachable(&d));
        println!(
            "{}: {:?} in {time:.2?} by {}, {} panels; smallest {:.5}, largest {:.5}, objective {:.4}",
            dir.display(),
            algorithm,
            d.method.name(),
            d.panels.len(),
            s.least,
            s.most,
            s.objective(n, seats, 1.0)
        );
        honest.push(d);
    }
    let Some(count) = args
        .iter()
        .position(|a| a == "manipulate")
        .map(|i| args[i + 1].parse::<usize>().unwrap())
    else {
        return;
    };
    // The volunteers, by a fixed multiplicative sequence over the rows.
    let lines: Vec<&str> = people.lines().collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let rows: Vec<usize> = (0..count)
        .map(|i| 1 + (i * 7919 + 13) % (lines.len() - 1))
        .collect();
    let mut gains = vec![Vec::new(); ALGORITHMS.len()];
    let t = Instant::now();
    for &row in &rows {
        let cells: Vec<&str> = lines[row].split(',').collect();
        let candidate = row - 1;
        let mut best = vec![0.0f64; ALGORITHMS.len()];
        for feature in &inst.quotas.features {
            let column = header.iter().position(|h| *h == feature.name).unwrap();
            for value in feature.values.clone() {
                let name = inst.quotas.values[value].name.as_str();
                if name == cells[column] {
                    continue;
                }
                let mut lied = cells.clone();
                lied[column] = name;
                let mut text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                text[row] = lied.join(",");
                let Some(other) = instance(&(text.join("\n") + "\n"), &features, k) else {
                    continue;
                };
                for (a, &algorithm) in ALGORITHMS.iter().enumerate() {
                    let Some(d) = solve(&other, algorithm) else {
                        continue;
                    };
                    let gain = d.candidate_probability(candidate)
                        - honest[a].candidate_probability(candidate);
                    best[a] = best[a].max(gain);
                }
            }
        }
        for (a, g) in best.into_iter().enumerate() {
            gains[a].push(g);
        }
    }
    for (a, algorithm) in ALGORITHMS.iter().enumerate() {
        let g = &gains[a];
        let mean = g.iter().sum::<f64>() / g.len() as f64;
        let most = g.iter().copied().fold(0.0, f64::max);
        println!(
            "{algorithm:?}: of {} volunteers, the best misreport of one feature raises a chance by {most:.5} at most, {mean:.5} on average (equal chance {:.5}); {:.0?} in all",
            g.len(),
            seats as f64 / n as f64,
            t.elapsed()
        );
    }
}
