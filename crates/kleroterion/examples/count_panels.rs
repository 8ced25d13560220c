//! The exact number of panels that meet a pool's quotas (and household rule), its cost, and
//! one panel drawn uniformly: `cargo run --release --example count_panels -- DIR K`.
use kleroterion::select::uniform::PanelCount;
use kleroterion::{InputFiles, Instance};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(&args[1]);
    let k: usize = args[2].parse().unwrap();
    let settings = dir.join("settings.toml");
    let files = InputFiles {
        people: dir.join("people.csv"),
        features: dir.join("features.csv"),
        settings: settings.exists().then_some(settings),
        ..Default::default()
    };
    let (inst, _) = Instance::load(&files, k).unwrap();
    let t = Instant::now();
    match PanelCount::of(&inst) {
        Ok(count) => {
            let counted = t.elapsed();
            let t = Instant::now();
            let mut rng = kleroterion::protocol::rng::SeededRng::practice("count_panels");
            let drawn = count.sample(&mut rng).map(|(_, m)| m.len());
            println!(
                "{}: {} panels ({} digits), {} states, counted in {counted:.2?}, one drawn in {:.2?} ({drawn:?} seats)",
                dir.display(),
                count.panels,
                count.panels.to_string().len(),
                count.states,
                t.elapsed()
            );
        }
        Err(e) => println!("{}: {e} ({:.2?})", dir.display(), t.elapsed()),
    }
}
