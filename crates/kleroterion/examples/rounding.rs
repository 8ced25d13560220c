//! The lottery's rounding on a pool: the largest deviation of a volunteer's chance from their
//! LEXIMIN probability with herding and with the within-one-ticket repair, and their times:
//! `cargo run --release --example rounding -- ../shared/instances/a-250-30 30 [TICKETS]`.
use kleroterion::lottery::Lottery;
use kleroterion::{Algorithm, Backend, InputFiles, Instance, Silent};
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(&args[1]);
    let k: usize = args[2].parse().unwrap();
    let m = NonZeroU32::new(args.get(3).map_or(1000, |t| t.parse().unwrap())).unwrap();
    let files = InputFiles {
        people: dir.join("people.csv"),
        features: dir.join("features.csv"),
        ..Default::default()
    };
    let (inst, _) = Instance::load(&files, k).unwrap();
    let dist =
        kleroterion::select::distribution(&inst, Algorithm::Leximin, Backend::Pure, &mut Silent)
            .unwrap();
    let n = inst.n_candidates();
    let t = Instant::now();
    let herded = Lottery::round(&dist, n, m);
    let herd_time = t.elapsed();
    let t = Instant::now();
    let repaired = Lottery::round_within_one(&inst, &dist, m);
    let repair_time = t.elapsed();
    for p in &repaired.panels {
        assert!(inst.violations(p).is_empty());
    }
    println!(
        "{}: {} types, {} compositions; herding {:.3e} ({:?}), within one {:.5e} ({:?}), 1/m = {:.2e}",
        dir.display(),
        dist.groups.len(),
        dist.panels.len(),
        herded.max_deviation,
        herd_time,
        repaired.max_deviation,
        repair_time,
        1.0 / f64::from(m.get())
    );
}
