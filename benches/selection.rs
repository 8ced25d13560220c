//! Criterion benchmarks of the selection core on the shared instances (skipped without
//! `../shared`): LEGACY draws and LEXIMIN end to end; and LEXIMIN on generated hard pools
//! (`KLEROTERION_BENCH_LARGE=1` adds the 10,000-person one, over a minute a run).

#[path = "../crates/kleroterion/tests/common/pools.rs"]
mod pools;

use criterion::{criterion_group, criterion_main, Criterion};
use kleroterion::protocol::rng::SeededRng;
use kleroterion::select::legacy;
use kleroterion::select::leximin::{leximin, leximin_with, Depth, Route, StageLp};
use kleroterion::select::Silent;
use kleroterion::Backend;
use kleroterion::{InputFiles, Instance};
use std::path::PathBuf;
use std::time::Duration;

fn instance(name: &str, k: usize) -> Option<Instance> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/instances")
        .join(name);
    if !dir.is_dir() {
        eprintln!("note: {} not found; skipping", dir.display());
        return None;
    }
    let files = InputFiles {
        people: dir.join("people.csv"),
        features: dir.join("features.csv"),
        ..Default::default()
    };
    Some(Instance::load(&files, k).expect("valid shared instance").0)
}

fn legacy_draws(c: &mut Criterion) {
    let Some(inst) = instance("b-600-60", 60) else {
        return;
    };
    let mut rng = SeededRng::practice("bench");
    c.bench_function("legacy draw b-600-60", |b| {
        b.iter(|| legacy::draw(&inst, &mut rng, 10_000).expect("LEGACY succeeds on b"))
    });
}

/// LEXIMIN as `draw` runs it (on the quota polytope) on all four shared pools, and by
/// column generation alone (the route the polytope falls back on) on the smallest.
fn leximin_end_to_end(c: &mut Criterion) {
    let mut g = c.benchmark_group("leximin");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    let pools = [
        ("a-250-30", 30),
        ("b-600-60", 60),
        ("c-1200-100", 100),
        ("d-2500-170", 170),
    ];
    for (name, k) in pools {
        let Some(inst) = instance(name, k) else {
            continue;
        };
        g.bench_function(name, |b| {
            b.iter(|| leximin(&inst, Depth::Leximin, Backend::Pure, &mut Silent).unwrap())
        });
    }
    if let Some(inst) = instance("a-250-30", 30) {
        let route = Route::ColumnGeneration(StageLp::Simplex);
        g.bench_function("a-250-30, column generation", |b| {
            b.iter(|| {
                leximin_with(&inst, Depth::Leximin, Backend::Pure, route, &mut Silent).unwrap()
            })
        });
    }
    g.finish();
}

/// GOLDILOCKS (γ = 1) as `draw` runs it (LEXIMIN first, then the quota polytope's optimum
/// and its walk) on the shared pools.
fn goldilocks_end_to_end(c: &mut Criterion) {
    let mut g = c.benchmark_group("goldilocks");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    for (name, k) in [
        ("a-250-30", 30),
        ("b-600-60", 60),
        ("c-1200-100", 100),
        ("d-2500-170", 170),
    ] {
        let Some(inst) = instance(name, k) else {
            continue;
        };
        g.bench_function(name, |b| {
            b.iter(|| {
                kleroterion::select::goldilocks::goldilocks(&inst, 1.0, Backend::Pure, &mut Silent)
                    .unwrap()
            })
        });
    }
    g.finish();
}

/// LEXIMIN as `draw` runs it on pools from the generator (seed 1).
fn leximin_generated(c: &mut Criterion) {
    let mut g = c.benchmark_group("leximin generated");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    let mut specs = vec![
        pools::PoolSpec::new(400, 40, 6, 1),
        pools::PoolSpec::new(600, 50, 6, 1).households(0.3),
        pools::PoolSpec::new(300, 30, 6, 1).tight(2),
    ];
    if std::env::var_os("KLEROTERION_BENCH_LARGE").is_some() {
        specs.push(pools::PoolSpec::new(10_000, 200, 7, 1));
    }
    for spec in specs {
        let pool = spec.build();
        let dir = std::env::temp_dir().join(format!("kleroterion-bench-{}", spec.name()));
        pool.write_to(&dir).expect("temporary folder writable");
        let files = InputFiles {
            people: dir.join("people.csv"),
            features: dir.join("features.csv"),
            settings: Some(dir.join("settings.toml")),
            ..Default::default()
        };
        let inst = Instance::load(&files, pool.seats)
            .expect("generated files are valid")
            .0;
        g.bench_function(spec.name(), |b| {
            b.iter(|| leximin(&inst, Depth::Leximin, Backend::Pure, &mut Silent))
        });
    }
    g.finish();
}

/// What a draw adds for organisers on d-2500-170: the report page, the per-seat reserves and
/// the workbook (the draw itself, about 4 s, runs once outside the measurement).
fn report_files(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/instances/d-2500-170");
    if !dir.is_dir() {
        eprintln!("note: {} not found; skipping", dir.display());
        return;
    }
    let files = InputFiles {
        people: dir.join("people.csv"),
        features: dir.join("features.csv"),
        ..Default::default()
    };
    let inputs = kleroterion::Inputs::load(&files, 170).expect("valid shared instance");
    let plan = kleroterion::Plan {
        algorithm: kleroterion::Algorithm::Leximin,
        backend: Backend::Pure,
        tickets: kleroterion::lottery::DEFAULT_TICKETS,
    };
    let salt = kleroterion::Salt::random();
    let drawn = kleroterion::practice(&inputs, &plan, &salt, "bench", None, &mut Silent).unwrap();
    let inst = &inputs.instance;
    let mut g = c.benchmark_group("report d-2500-170");
    g.bench_function("report.html", |b| {
        b.iter(|| kleroterion::report::html(&drawn.report, kleroterion::report::Language::French))
    });
    g.bench_function("per-seat reserves", |b| {
        b.iter(|| kleroterion::results::seat_reserves(inst, &drawn.drawn, &drawn.reserve))
    });
    let csv = |name: &str| {
        drawn
            .files
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.bytes.clone())
            .unwrap()
    };
    let (selected, remaining) = (csv("selected.csv"), csv("remaining.csv"));
    g.bench_function("results.xlsx", |b| {
        b.iter(|| {
            kleroterion::results::results_xlsx(&[
                kleroterion::results::SheetCsv {
                    name: "Panel",
                    csv: &selected,
                    numeric: &[],
                },
                kleroterion::results::SheetCsv {
                    name: "Reserves",
                    csv: &remaining,
                    numeric: &["reserve_rank"],
                },
            ])
            .unwrap()
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    legacy_draws,
    leximin_end_to_end,
    goldilocks_end_to_end,
    leximin_generated,
    report_files
);
criterion_main!(benches);
