//! Writes a generated pool (people.csv, features.csv, settings.toml) into a folder, for timing
//! the binary on pools harder than the examples:
//!
//! ```text
//! cargo run --release --example make_pool -- DIR PEOPLE SEATS FEATURES [tight=N] [households=SHARE] [seed=S]
//! ```
//!
//! e.g. `... -- /tmp/pool 10000 200 7 households=0.3`; then
//! `kleroterion practice --people /tmp/pool/people.csv --features /tmp/pool/features.csv
//! --settings /tmp/pool/settings.toml --panel-size 200 ...`.

#[path = "../crates/kleroterion/tests/common/pools.rs"]
mod pools;

use pools::PoolSpec;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: make_pool DIR PEOPLE SEATS FEATURES [tight=N] [households=SHARE] [seed=S]";
    if args.len() < 4 {
        eprintln!("{usage}");
        return ExitCode::from(2);
    }
    let number = |s: &str| s.parse::<usize>().ok();
    let (Some(people), Some(seats), Some(features)) =
        (number(&args[1]), number(&args[2]), number(&args[3]))
    else {
        eprintln!("PEOPLE, SEATS and FEATURES must be whole numbers\n{usage}");
        return ExitCode::from(2);
    };
    let mut spec = PoolSpec::new(people, seats, features, 1);
    for option in &args[4..] {
        let parsed = match option.split_once('=') {
            Some(("tight", v)) => v.parse().map(|t| spec.tight = t).is_ok(),
            Some(("households", v)) => v.parse().map(|h| spec.household_share = h).is_ok(),
            Some(("seed", v)) => v.parse().map(|s| spec.seed = s).is_ok(),
            _ => false,
        };
        if !parsed {
            eprintln!("cannot read option {option:?}\n{usage}");
            return ExitCode::from(2);
        }
    }
    let dir = std::path::Path::new(&args[0]);
    if let Err(e) = spec.build().write_to(dir) {
        eprintln!("cannot write {}: {e}", dir.display());
        return ExitCode::from(1);
    }
    println!("{} written to {}", spec.name(), dir.display());
    ExitCode::SUCCESS
}
