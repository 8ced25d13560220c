//! Criterion benchmarks of the selection core on the shared instances (skipped without
//! `../shared`): LEGACY draws, the pricing ILP, LEXIMIN end to end.

use criterion::{criterion_group, criterion_main, Criterion};
use kleroterion::panel_ilp::{add_panel_rows, best_panel, count_program, quota_ranges};
use kleroterion::rng::SeededRng;
use kleroterion::select::legacy;
use kleroterion::select::leximin::{leximin, leximin_with, Depth, Route, Silent, StageLp};
use kleroterion::solver::Backend;
use kleroterion::types::Types;
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

fn pricing_ilp(c: &mut Criterion) {
    let Some(inst) = instance("c-1200-100", 100) else {
        return;
    };
    let types = Types::of(&inst);
    // Weights on every type (as at central duals), and on one type in five (as at the
    // simplex's vertex duals, where most types weigh nothing).
    let spread: Vec<f64> = (0..types.len())
        .map(|t| ((t * 7919) % 101) as f64 / 101.0)
        .collect();
    let sparse: Vec<f64> = spread
        .iter()
        .enumerate()
        .map(|(t, &w)| if t % 5 == 0 { w } else { 0.0 })
        .collect();
    let mut g = c.benchmark_group("pricing ILP c-1200-100");
    g.sample_size(20);
    for (name, weights) in [("spread", &spread), ("sparse", &sparse)] {
        g.bench_function(format!("panel search, {name} weights"), |b| {
            b.iter(|| {
                best_panel(&inst, &types, weights, None, Backend::Pure)
                    .unwrap()
                    .unwrap()
            })
        });
    }
    // The same program on microlp, for comparison (spread weights only: on sparse ones a
    // single solve can take minutes).
    let mut program = count_program(&types, &spread);
    add_panel_rows(&mut program, &inst, &types, &quota_ranges(&inst));
    g.bench_function("microlp, spread weights", |b| {
        b.iter(|| program.solve(Backend::Pure).unwrap())
    });
    g.finish();
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

criterion_group!(benches, legacy_draws, pricing_ilp, leximin_end_to_end);
criterion_main!(benches);
