//! How often a single LEGACY attempt succeeds, and how long it takes:
//! `cargo run --release --example legacy_rate -- ../shared/instances/b-600-60 60`.
use kleroterion::protocol::rng::SeededRng;
use kleroterion::select::legacy;
use kleroterion::{InputFiles, Instance};
use std::path::PathBuf;
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(&a[1]);
    let files = InputFiles {
        people: dir.join("people.csv"),
        features: dir.join("features.csv"),
        ..Default::default()
    };
    let (inst, _) = Instance::load(&files, a[2].parse().unwrap()).unwrap();
    let mut rng = SeededRng::practice("rate");
    let t = std::time::Instant::now();
    let mut ok = 0;
    for _ in 0..2000 {
        if legacy::draw(&inst, &mut rng, 1).is_ok() {
            ok += 1;
        }
    }
    println!(
        "{ok}/2000 single attempts succeed, {:?} per attempt",
        t.elapsed() / 2000
    );
}
