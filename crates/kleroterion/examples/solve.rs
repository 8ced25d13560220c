//! Solves LEXIMIN on a shared instance and prints the largest gap to the reference:
//! `cargo run --release --example solve -- ../shared/instances/a-250-30 30`. With
//! `--features highs`, `SOLVER=highs` runs it on HiGHS; `ALL=1` prints every progress update;
//! `ROUTE=cg` runs column generation alone (no quota polytope); `POLY_ONLY=1` stops after the
//! quota polytope, whether it decomposed or not; `COMPARE=1` runs both routes and prints the
//! largest difference between them. The folder's settings.toml is read when it has one (the
//! household rule of a generated pool).
use kleroterion::select::leximin::{leximin_with, Depth, Route, StageLp};
use kleroterion::select::polytope::leximin_on_polytope;
use kleroterion::select::Progress;
use kleroterion::Backend;
use kleroterion::{InputFiles, Instance};
use std::path::PathBuf;

struct Print(std::time::Instant);
impl Progress for Print {
    fn update(&mut self, stage: usize, fixed: usize, groups: usize, panels: usize) {
        if std::env::var("ALL").is_ok() || panels.is_multiple_of(50) {
            let t = self.0.elapsed();
            eprintln!("{t:?} stage {stage} fixed {fixed}/{groups} panels {panels}");
        }
    }
    fn decomposing(&mut self, stages: usize, panels: usize) {
        if std::env::var("ALL").is_ok() || panels.is_multiple_of(50) {
            let t = self.0.elapsed();
            eprintln!("{t:?} walk after {stages} stages: {panels} panels");
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(&args[1]);
    let k: usize = args[2].parse().unwrap();
    let files = InputFiles {
        people: dir.join("people.csv"),
        features: dir.join("features.csv"),
        settings: Some(dir.join("settings.toml")).filter(|s| s.exists()),
        ..Default::default()
    };
    let (inst, _) = Instance::load(&files, k).unwrap();
    let t = std::time::Instant::now();
    let backend = match std::env::var("SOLVER").as_deref() {
        #[cfg(feature = "highs")]
        Ok("highs") => Backend::Highs,
        _ => Backend::Pure,
    };
    let route = match std::env::var("ROUTE").as_deref() {
        Ok("cg") => Route::ColumnGeneration(StageLp::Simplex),
        _ => {
            let on_polytope = leximin_on_polytope(&inst, &mut Print(std::time::Instant::now()));
            let how = match &on_polytope {
                Ok(Some(d)) => format!("{} panels", d.panels.len()),
                Ok(None) => "no decomposition".into(),
                Err(e) => e.to_string(),
            };
            println!("quota polytope: {how} after {:?}", t.elapsed());
            if std::env::var("POLY_ONLY").is_ok() {
                return;
            }
            if let (Ok(_), Ok(Some(p))) = (std::env::var("COMPARE"), &on_polytope) {
                let cg = Route::ColumnGeneration(StageLp::Simplex);
                let d = leximin_with(&inst, Depth::Leximin, backend, cg, &mut Print(t)).unwrap();
                let gap = (0..inst.n_candidates())
                    .map(|c| (d.candidate_probability(c) - p.candidate_probability(c)).abs())
                    .fold(0.0, f64::max);
                println!(
                    "largest gap between the routes {gap:e} after {:?}",
                    t.elapsed()
                );
                return;
            }
            Route::Polytope
        }
    };
    let d = leximin_with(
        &inst,
        Depth::Leximin,
        backend,
        route,
        &mut Print(std::time::Instant::now()),
    )
    .unwrap();
    println!("{:?} panels {}", t.elapsed(), d.panels.len());
    let name = dir.file_name().unwrap().to_str().unwrap();
    let reference = dir.join(format!("../../reference/{name}.leximin.csv"));
    if let Ok(text) = std::fs::read_to_string(reference) {
        let mut worst: f64 = 0.0;
        for line in text.lines().skip(1) {
            let (id, p) = line.split_once(',').unwrap();
            let c = inst
                .candidates
                .iter()
                .position(|&i| inst.pool.people[i].id == id)
                .unwrap();
            let r = p.parse::<f64>().unwrap();
            let got = d.candidate_probability(c);
            if (got - r).abs() > 1e-5 {
                eprintln!(
                    "{id}: type {} reference {r} got {got}",
                    d.groups.of_candidate[c]
                );
            }
            worst = worst.max((got - r).abs());
        }
        println!("max gap to reference {worst:e}");
    }
}
