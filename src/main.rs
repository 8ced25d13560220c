//! The `kleroterion` command: a thin shell around the library that parses arguments, shows
//! progress, writes files atomically and maps errors to exit codes.

mod progress;
mod write;

use clap::{Args, Parser, Subcommand, ValueEnum};
use kleroterion::output::{probabilities_csv, quota_table, remaining_csv, selected_csv, QuotaLine};
use kleroterion::relax::apply_changes;
use kleroterion::rng::SeededRng;
use kleroterion::select::{self, ensure_feasible};
use kleroterion::solver::Backend;
use kleroterion::{Algorithm, Error, InputFiles, Instance};
use std::path::PathBuf;
use std::process::ExitCode;

/// Draws citizens' assembly panels that meet every quota and give every volunteer as equal a
/// chance as the quotas allow.
#[derive(Parser)]
#[command(name = "kleroterion", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the input files: print each quota with the volunteers who could fill it, and
    /// whether a panel that meets every quota exists (exit 0 if it does, 3 if not).
    Check(InputArgs),
    /// Draw a panel and write selected.csv and remaining.csv (and, for the fair algorithms,
    /// probabilities.csv) into the output folder.
    Draw(DrawArgs),
}

#[derive(Args)]
struct InputArgs {
    /// The volunteers: one row per person, an id column and one column per feature.
    #[arg(long, value_name = "FILE")]
    people: PathBuf,
    /// The quotas: columns feature,value,min,max (or category,name,min,max).
    #[arg(long, value_name = "FILE")]
    features: PathBuf,
    /// settings.toml (id column, columns to keep, household check, algorithm, seed).
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    /// The number of seats on the panel.
    #[arg(long, value_name = "K")]
    panel_size: usize,
    /// People already on the panel (same columns as the people file): they count towards the
    /// quotas and the seats, their housemates are left out, and only the rest is drawn.
    #[arg(long, value_name = "FILE")]
    already_selected: Option<PathBuf>,
    /// Solvers: 'pure' (built in, the default) or 'highs' (needs a build with --features highs).
    #[arg(long, default_value = "pure")]
    solver: String,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum AlgorithmArg {
    Legacy,
    Leximin,
    Maximin,
    Nash,
}

#[derive(Args)]
struct DrawArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The seed text, e.g. the numbers of a public lottery. The same inputs and seed always
    /// give the same panel. Without it, settings' random_number_seed is used if not 0.
    #[arg(long, value_name = "TEXT")]
    seed: Option<String>,
    /// The selection algorithm (default: settings' selection_algorithm, else leximin).
    #[arg(long, value_enum)]
    algorithm: Option<AlgorithmArg>,
    /// The folder to write the results to (created if needed).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Replace results already in the output folder.
    #[arg(long)]
    force: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(a) => check(a),
        Command::Draw(a) => draw(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("error: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

/// A failure with its exit code: 2 bad input, 3 infeasible quotas, 1 anything else.
struct Failure {
    code: u8,
    message: String,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        let code = match &e {
            Error::Input(_) | Error::Io { .. } | Error::Usage(_) => 2,
            Error::Infeasible(_) => 3,
            Error::LegacyGaveUp { .. } | Error::Solver { .. } => 1,
        };
        let mut message = e.to_string();
        if let Error::Infeasible(why) = &e {
            if let Some(changes) = &why.relaxation {
                message.push_str("\nThe smallest change to the quotas that allows a panel:");
                for c in changes {
                    message.push_str(&format!("\n  {c}"));
                }
            }
        }
        Failure { code, message }
    }
}

fn usage(message: impl Into<String>) -> Failure {
    Failure {
        code: 2,
        message: message.into(),
    }
}

fn load(a: &InputArgs) -> Result<(Instance, Backend), Failure> {
    let files = InputFiles {
        people: a.people.clone(),
        features: a.features.clone(),
        settings: a.settings.clone(),
        already_selected: a.already_selected.clone(),
    };
    let backend = Backend::from_name(&a.solver)?;
    let (inst, _) = Instance::load(&files, a.panel_size)?;
    Ok((inst, backend))
}

fn print_table(lines: &[QuotaLine]) {
    let fw = lines
        .iter()
        .map(|l| l.feature.len())
        .max()
        .unwrap_or(7)
        .max(7);
    let vw = lines
        .iter()
        .map(|l| l.value.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let panel = lines.first().is_some_and(|l| l.on_panel.is_some());
    print!(
        "{:fw$}  {:vw$}  {:>4}  {:>4}  {:>6}",
        "feature", "value", "min", "max", "pool"
    );
    println!("{}", if panel { "   panel" } else { "" });
    for l in lines {
        print!(
            "{:fw$}  {:vw$}  {:>4}  {:>4}  {:>6}",
            l.feature, l.value, l.min, l.max, l.in_pool
        );
        match l.on_panel {
            Some(n) => println!("  {n:>6}"),
            None => println!(),
        }
    }
}

fn check(a: InputArgs) -> Result<(), Failure> {
    let (inst, backend) = load(&a)?;
    print_table(&quota_table(&inst, None));
    ensure_feasible(&inst, backend)?;
    println!(
        "A panel of {} that meets every quota exists ({} volunteers can be drawn).",
        inst.panel_size,
        inst.n_candidates()
    );
    Ok(())
}

fn draw(a: DrawArgs) -> Result<(), Failure> {
    let inputs = [
        Some(a.input.people.clone()),
        Some(a.input.features.clone()),
        a.input.settings.clone(),
        a.input.already_selected.clone(),
    ];
    let mut out = write::Outputs::new(&a.out, a.force, inputs.iter().flatten().cloned().collect());
    out.check_destination(&[
        "selected.csv",
        "remaining.csv",
        "probabilities.csv",
        "features.relaxed.csv",
    ])?;
    let (inst, backend) = load(&a.input)?;
    let seed = match (&a.seed, inst.settings.random_number_seed) {
        (Some(s), _) => s.clone(),
        (None, n) if n != 0 => n.to_string(),
        (None, _) => {
            return Err(usage(
                "a seed is needed: give --seed TEXT (for example the numbers of a public lottery draw), or set random_number_seed in the settings",
            ))
        }
    };
    let algorithm = match a.algorithm {
        Some(AlgorithmArg::Legacy) => Algorithm::Legacy,
        Some(AlgorithmArg::Leximin) => Algorithm::Leximin,
        Some(AlgorithmArg::Maximin) => Algorithm::Maximin,
        Some(AlgorithmArg::Nash) => Algorithm::Nash,
        None => inst.settings.selection_algorithm,
    };
    let mut rng = SeededRng::practice(&seed);
    let mut bar = progress::Bar::new(a.input.quiet, algorithm.name());
    let result = select::draw(&inst, algorithm, &mut rng, backend, &mut bar);
    bar.finish();
    let result = match result {
        Err(Error::Infeasible(why)) => {
            if let Some(changes) = &why.relaxation {
                let relaxed = apply_changes(&inst.quotas, changes);
                out.add("features.relaxed.csv", relaxed.to_csv().into_bytes());
                out.commit()?;
                eprintln!(
                    "Wrote {} — review it and rerun with --features pointing to it.",
                    a.out.join("features.relaxed.csv").display()
                );
            }
            return Err(Error::Infeasible(why).into());
        }
        other => other?,
    };
    let problems = inst.violations(&result.drawn);
    if !problems.is_empty() {
        return Err(Failure {
            code: 1,
            message: format!(
                "internal error: the drawn panel breaks the rules: {}",
                problems.join("; ")
            ),
        });
    }
    out.add("selected.csv", selected_csv(&inst, &result.drawn));
    out.add("remaining.csv", remaining_csv(&inst, &result.drawn));
    if let Some(d) = &result.distribution {
        out.add("probabilities.csv", probabilities_csv(&inst, d));
    }
    out.commit()?;
    print_table(&quota_table(&inst, Some(&result.drawn)));
    println!(
        "Drew {} of {} seats with {} and seed {:?}; results in {}.",
        result.drawn.len(),
        inst.panel_size,
        algorithm.name().to_uppercase(),
        seed,
        a.out.display()
    );
    Ok(())
}
