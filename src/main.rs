//! The `kleroterion` command: a thin shell around the library that parses arguments, shows
//! progress, writes files atomically and maps errors to exit codes.

#[macro_use]
mod console;
mod app;
mod help;
mod interrupt;
mod pdf;
mod private;
mod progress;
mod write;

use clap::builder::PossibleValuesParser;
use clap::{Args, Parser, Subcommand};
use console::{say_in as say, speak, words};
use kleroterion::lottery::DEFAULT_TICKETS;
use kleroterion::protocol::seed::SeedSource;
use kleroterion::report::Language;
use kleroterion::results::QuotaLine;
use kleroterion::workflow::{
    relaxed_quotas, AUDIT_FILE, COMMITMENT_FILE, COMMITMENT_REPORT, PUBLISH_DIR, QUOTAS_FILE,
    REPORT_FILE, SEAT_RESERVES_FILE, WORKBOOK_FILE,
};
use kleroterion::{Algorithm, Backend, Error, Extra, InputFiles, Inputs, Instance, Plan, Salt};
use std::num::NonZeroU32;
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
    Check(CheckArgs),
    /// Compute the lottery and write DIR/publish/commitment.json, whose hash you publish
    /// before the seed exists, and DIR/private.json (the salt behind the pseudonyms: keep it
    /// private).
    Prepare(PrepareArgs),
    /// Draw a panel: from a published commitment (--commitment), or in one step as a practice
    /// draw. Writes the private selected.csv, remaining.csv (the reserve list in order),
    /// probabilities.csv, observer.json and receipts.csv into the output folder, and the
    /// audit record to publish into its publish/ folder.
    Draw(DrawArgs),
    /// Check an audit record: its hashes, seed → ticket → panel, the quotas of every panel,
    /// the published probabilities; with the input files and salt, that they match too.
    Verify(VerifyArgs),
    /// Open the whole workflow in your browser: a page served by this program on your own
    /// machine (127.0.0.1 only); nothing is uploaded anywhere. Ends when its last tab is
    /// closed, or on Ctrl-C.
    App(app::AppArgs),
}

#[derive(Args, Clone)]
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
    /// People already on the panel, who must be in the people file too: the id column at
    /// least (features are taken from the people file and, if given, must agree). They count
    /// towards the quotas and the seats, their housemates are left out, and only the rest is
    /// drawn.
    #[arg(long, value_name = "FILE")]
    already_selected: Option<PathBuf>,
    /// People to leave out of the pool with their housemates, by id (e.g. the dropouts of a
    /// replacement round): they must be in the people file, and are never drawn.
    #[arg(long, value_name = "FILE")]
    leave_out: Option<PathBuf>,
    /// A replacement round: the folder of the earlier round (its publish/audit.json,
    /// selected.csv and private.json). Its panel minus the --dropouts keeps its seats, the
    /// dropouts are left out with their housemates, and the commitment names that round.
    #[arg(long, value_name = "DIR", requires = "dropouts", conflicts_with_all = ["already_selected", "leave_out"])]
    replacing: Option<PathBuf>,
    /// The people of the earlier panel who dropped out, by id (with --replacing).
    #[arg(long, value_name = "FILE", requires = "replacing")]
    dropouts: Option<PathBuf>,
    /// Solvers: 'pure' (built in, the default) or 'highs' (needs a build with --features highs).
    #[arg(long, default_value = "pure")]
    solver: String,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
}

/// The algorithms' names, as the library spells them.
fn algorithm_names() -> PossibleValuesParser {
    PossibleValuesParser::new(Algorithm::ALL.map(Algorithm::name))
}

#[derive(Args)]
struct PrepareArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The selection algorithm (default: settings' selection_algorithm, else leximin).
    #[arg(long, value_parser = algorithm_names())]
    algorithm: Option<String>,
    /// The number of lottery tickets (equally likely panels).
    #[arg(long, value_name = "M", default_value_t = DEFAULT_TICKETS)]
    tickets: NonZeroU32,
    /// How the seed will be produced: `dice` (six-sided dice, as many as the tickets need),
    /// `dice:N` or `dice:NdS` (N dice of S sides), `lottery:NAME,YYYY-MM-DD,K,N` (the K
    /// numbers from 1 to N of a public lottery draw), `drand:ROUND` (a future round of the
    /// drand mainnet beacon, its signature checked by verify), or `custom:TEXT` (free text:
    /// weaker, verifiers flag it).
    #[arg(
        long,
        value_name = "SOURCE",
        required_unless_present = "seed_procedure"
    )]
    seed_source: Option<String>,
    /// The same as --seed-source custom:TEXT.
    #[arg(long, value_name = "TEXT", conflicts_with = "seed_source")]
    seed_procedure: Option<String>,
    /// The folder to write publish/commitment.json and private.json to (created if needed).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Replace files already in the output folder.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    report: ReportArgs,
}

#[derive(Args)]
struct DrawArgs {
    /// A commitment made by `prepare` and published before the seed; the private.json that
    /// prepare wrote (beside it or in the folder above) says where the input files are,
    /// relative to itself. Input files given again (--people, ...) are used instead and must
    /// hash to the committed values.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["panel_size", "replacing", "algorithm", "tickets"])]
    commitment: Option<PathBuf>,
    /// The volunteers (practice draw; or the committed file, found elsewhere).
    #[arg(long, value_name = "FILE", required_unless_present = "commitment")]
    people: Option<PathBuf>,
    /// The quotas (practice draw; or the committed file, found elsewhere).
    #[arg(long, value_name = "FILE", required_unless_present = "commitment")]
    features: Option<PathBuf>,
    /// settings.toml (practice draw).
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    /// The number of seats (practice draw).
    #[arg(long, value_name = "K", required_unless_present = "commitment")]
    panel_size: Option<usize>,
    /// People already on the panel (practice draw; see `check --help`).
    #[arg(long, value_name = "FILE")]
    already_selected: Option<PathBuf>,
    /// People to leave out with their housemates (practice draw; see `check --help`).
    #[arg(long, value_name = "FILE")]
    leave_out: Option<PathBuf>,
    /// A replacement round from the earlier round's folder (practice draw; see `check --help`).
    #[arg(long, value_name = "DIR", requires = "dropouts", conflicts_with_all = ["already_selected", "leave_out"])]
    replacing: Option<PathBuf>,
    /// The dropouts of the earlier panel, by id (with --replacing).
    #[arg(long, value_name = "FILE", requires = "replacing")]
    dropouts: Option<PathBuf>,
    /// The selection algorithm (practice draw; default: settings' selection_algorithm, else
    /// leximin).
    #[arg(long, value_parser = algorithm_names())]
    algorithm: Option<String>,
    /// The number of lottery tickets (practice draw).
    #[arg(long, value_name = "M")]
    tickets: Option<NonZeroU32>,
    /// The seed, in the form the commitment's seed source requires (e.g. the dice faces in
    /// the order thrown, "3 1 4 1 5 2 6 3"). The same inputs and seed always give the same
    /// panel. Without it, settings' random_number_seed is used if not 0.
    #[arg(long, value_name = "TEXT")]
    seed: Option<String>,
    /// The folder to write the results to (created if needed).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Replace results already in the output folder.
    #[arg(long)]
    force: bool,
    /// Solvers: 'pure' (built in, the default) or 'highs'.
    #[arg(long, default_value = "pure")]
    solver: String,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
    #[command(flatten)]
    report: ReportArgs,
    /// Also write report-internal.html: the report with the panel's names, for the
    /// organiser's own copy (never to publish; marked as such on every page).
    #[arg(long)]
    internal: bool,
}

/// How the selection report is written.
#[derive(Args, Clone, Default)]
struct ReportArgs {
    /// The report's language: en, fr or es (default: settings' language, else the system's,
    /// else English).
    #[arg(long, value_name = "LANG", value_parser = language_code)]
    lang: Option<Language>,
    /// The assembly's name or question, at the top of the report (default: settings'
    /// assembly_title).
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// Also print the report to PDF (A4) beside it, through a local Chromium or Chrome.
    #[arg(long)]
    pdf: bool,
    /// Algorithms to set beside this one in the report (prepare and draw), comma-separated:
    /// `legacy` (the Sortition Foundation's LEGACY method, estimated from 1000 draws),
    /// `leximin`, `maximin`, `nash`, `goldilocks`, `diversimax` (their exact chances); each
    /// adds its smallest and largest chance and its seats in every intersection.
    #[arg(long, value_name = "METHODS", value_delimiter = ',',
          value_parser = ["legacy", "leximin", "maximin", "nash", "goldilocks", "diversimax"])]
    compare: Vec<String>,
}

/// The draws behind `--compare legacy`'s estimate.
const LEGACY_COMPARISON_DRAWS: u32 = 1000;

/// The report's facts with the algorithms `--compare` names beside this one.
fn compared(
    mut facts: kleroterion::report::ReportFacts,
    inst: &Instance,
    args: &ReportArgs,
    quiet: bool,
    backend: Backend,
) -> Result<kleroterion::report::ReportFacts, Error> {
    if facts.tickets.is_none() {
        return Ok(facts);
    }
    for name in &args.compare {
        let Some(algorithm) = Algorithm::from_name(name).filter(|a| *a != Algorithm::Legacy) else {
            continue;
        };
        if !quiet {
            say_err!(
                "{}",
                words!("cli-computing-compared", algorithm = name.to_uppercase())
            );
        }
        let (found, chance) = kleroterion::report::ComparedFacts::compute(
            inst,
            algorithm,
            backend,
            &mut kleroterion::Silent,
        )?;
        kleroterion::report::add_compared(&mut facts.intersections, inst, &chance);
        facts.compared.push(found);
    }
    if args.compare.iter().any(|c| c == "legacy") {
        if !quiet {
            say_err!(
                "{}",
                words!("cli-estimating-legacy", draws = LEGACY_COMPARISON_DRAWS)
            );
        }
        // A fixed seed: the same pool gives the same comparison on every run and machine.
        facts.legacy = kleroterion::report::LegacyFacts::estimate(
            inst,
            LEGACY_COMPARISON_DRAWS,
            "report comparison",
        );
        if let Some(legacy) = &facts.legacy {
            let chance = legacy.chance.clone();
            kleroterion::report::add_comparison(&mut facts.intersections, inst, &chance);
        }
        if facts.legacy.is_none() {
            say_err!("{}", words("cli-legacy-stuck", &[]));
        }
    }
    Ok(facts)
}

/// Says where a report page was written, and prints it to PDF with `--pdf`.
fn report_written(lang: Language, args: &ReportArgs, path: &std::path::Path) {
    let shown = path.display().to_string();
    say_out!("{}", say(lang, "cli-report-written", &[("path", &shown)]));
    print_pdf(args, path);
}

/// With `--pdf`, prints the written report `html` to the same name with .pdf; a missing
/// browser is a warning (the report itself is written).
fn print_pdf(args: &ReportArgs, html: &std::path::Path) {
    if !args.pdf {
        return;
    }
    let pdf = html.with_extension("pdf");
    match pdf::print(html, &pdf) {
        Ok(()) => say_out!(
            "{}",
            say(
                language(args, None),
                "cli-report-printed",
                &[("path", &pdf.display().to_string())]
            )
        ),
        Err(e) => say_err!("{}", words!("cli-no-pdf", why = e)),
    }
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Also write the quota check as a report page to FILE (HTML).
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    #[command(flatten)]
    text: ReportArgs,
}

#[derive(Args)]
struct VerifyArgs {
    /// The audit record (publish/audit.json).
    audit: PathBuf,
    /// The commitment hash the organiser published before the seed: the record must be that
    /// commitment's.
    #[arg(long, value_name = "HASH")]
    published: Option<String>,
    /// The folder with the draw's private outputs (selected.csv, ...), to check them against
    /// the record (default: the folder above publish/, or beside a version-1 record).
    #[arg(long, value_name = "DIR")]
    outputs: Option<PathBuf>,
    /// The observer record (observer.json): checks every panel's counts and households.
    #[arg(long, value_name = "FILE")]
    observer: Option<PathBuf>,
    /// A volunteer's receipt: checks their own entry.
    #[arg(long, value_name = "FILE")]
    receipt: Option<PathBuf>,
    /// For a replacement round: the earlier round's audit record, to check the chain.
    #[arg(long, value_name = "FILE")]
    earlier: Option<PathBuf>,
    /// The volunteers, to check that they are the committed file.
    #[arg(long, value_name = "FILE", requires = "features")]
    people: Option<PathBuf>,
    /// The quotas, to check that they are the committed file.
    #[arg(long, value_name = "FILE", requires = "people")]
    features: Option<PathBuf>,
    /// settings.toml, if the draw used one.
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    /// The already-selected file, if the draw used one.
    #[arg(long, value_name = "FILE")]
    already_selected: Option<PathBuf>,
    /// The leave-out file, if the draw used one.
    #[arg(long, value_name = "FILE")]
    leave_out: Option<PathBuf>,
    /// The private salt: private.json from `prepare` (or a file holding its 64 hex digits).
    #[arg(long, value_name = "FILE")]
    salt: Option<PathBuf>,
    /// Re-run the algorithm and require the identical lottery (every ticket count).
    #[arg(long, requires = "salt")]
    resolve: bool,
    /// Solvers for --resolve.
    #[arg(long, default_value = "pure")]
    solver: String,
    /// Also write the verification as a report page to FILE (HTML): what the record states
    /// and every check's outcome.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    #[command(flatten)]
    text: ReportArgs,
}

fn main() -> ExitCode {
    let cli = {
        use clap::{CommandFactory, FromArgMatches};
        let cmd = help::translated(Cli::command(), help::asked_language());
        Cli::from_arg_matches(&cmd.get_matches()).unwrap_or_else(|e| e.exit())
    };
    if let Command::App(a) = cli.command {
        // The app ends on Ctrl-C itself, removing its temporary folder.
        return match app::run(a) {
            Ok(()) => ExitCode::SUCCESS,
            Err(failure) => {
                eprintln!("{} {}", words("cli-error", &[]), failure.message);
                ExitCode::from(failure.code)
            }
        };
    }
    interrupt::install();
    let result = match cli.command {
        Command::Check(a) => check(a),
        Command::Prepare(a) => prepare(a).map(drop),
        Command::Draw(a) => draw(a).map(drop),
        Command::Verify(a) => verify(a, &mut |_| {}),
        Command::App(_) => unreachable!("handled above"),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let lang = console::spoken();
            eprintln!("{} {}", say(lang, "cli-error", &[]), failure.message);
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
        Failure::of(&e)
    }
}

impl Failure {
    /// The failure an error ends a command with, said in the command's language.
    fn of(e: &Error) -> Failure {
        let code = match e {
            Error::Infeasible(_) => 3,
            Error::LegacyGaveUp { .. }
            | Error::OutOfTime { .. }
            | Error::Solver { .. }
            | Error::NoDistribution
            | Error::PanelBreaksRules(_)
            | Error::Workbook(_)
            | Error::Cancelled => 1,
            _ => 2,
        };
        let lang = console::spoken();
        let mut message = e.in_language(lang);
        if let Error::LegacyGaveUp { .. } = e {
            message.push_str(" (--algorithm leximin)");
        }
        if let Error::Infeasible(why) = e {
            if let Some(changes) = &why.relaxation {
                message.push('\n');
                message.push_str(&say(lang, "cli-smallest-change", &[]));
                for c in changes {
                    message.push_str(&format!("\n  {}", c.in_language(lang)));
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

/// A replacement round's bookkeeping: what the commitment states, the stays file to write,
/// and the earlier round's salt (the pseudonyms must be the same).
struct Replacing {
    replacement: kleroterion::protocol::replacement::Replacement,
    salt: Salt,
}

/// The output folder's file of the people who stay in a replacement round.
const STAYS: &str = "stays.csv";

fn load(a: &InputArgs) -> Result<(Inputs, Backend, Option<Replacing>), Failure> {
    let files = InputFiles {
        people: a.people.clone(),
        features: a.features.clone(),
        settings: a.settings.clone(),
        already_selected: a.already_selected.clone(),
        leave_out: a.leave_out.clone(),
    };
    let backend = Backend::from_name(&a.solver)?;
    let (inputs, replacing) = match (&a.replacing, &a.dropouts) {
        (Some(dir), Some(dropouts)) => {
            let record_path = dir.join(AUDIT_FILE);
            let record = read_bytes(&record_path)?;
            let earlier = kleroterion::protocol::replacement::read_earlier(
                &record_path.display().to_string(),
                &record,
            )?;
            let salt = private::read_salt(&dir.join("private.json"))?;
            let selected_path = dir.join("selected.csv");
            let mut names = kleroterion::FileNames::of(&files);
            let settings = match &a.settings {
                Some(p) => Some(read_bytes(p)?),
                None => None,
            };
            // The id column as the settings name it (their problems are reported in full
            // when the inputs are read below).
            let id_column = settings
                .as_deref()
                .and_then(|b| std::str::from_utf8(b).ok())
                .and_then(|t| {
                    kleroterion::Settings::parse(&names.settings, t.trim_start_matches('\u{feff}'))
                        .ok()
                })
                .unwrap_or_default()
                .id_column;
            let replacement = kleroterion::protocol::replacement::plan(
                &earlier,
                (
                    &selected_path.display().to_string(),
                    &read_bytes(&selected_path)?,
                ),
                (&dropouts.display().to_string(), &read_bytes(dropouts)?),
                &salt,
                &id_column,
            )?;
            names.already_selected = words!("cli-minus-dropouts", file = selected_path.display());
            names.leave_out = dropouts.display().to_string();
            let bytes = kleroterion::InputBytes {
                people: read_bytes(&a.people)?,
                features: read_bytes(&a.features)?,
                settings,
                already_selected: Some(replacement.stays_csv.clone()),
                leave_out: Some(read_bytes(dropouts)?),
            };
            let inputs = Inputs::from_bytes(bytes, &names, a.panel_size)?;
            (inputs, Some(Replacing { replacement, salt }))
        }
        _ => (Inputs::load(&files, a.panel_size)?, None),
    };
    let inst = &inputs.instance;
    for (file, separator) in [
        (&inst.pool.file, inst.pool.separator),
        (&inst.quotas.file_name, inst.quotas.separator),
    ] {
        use kleroterion::input::{sheet::Separator, workbook};
        match separator {
            Separator::Comma => {}
            Separator::Workbook => match workbook::split_sheet(file) {
                Some((_, sheet)) => say_err!(
                    "{}",
                    words("cli-read-from-sheet", &[("file", file), ("sheet", sheet)])
                ),
                None => say_err!("{}", words("cli-read-first-sheet", &[("file", file)])),
            },
            other => {
                let separator = words(&format!("what-separator-{}", other.name()), &[]);
                let args = [("file", file.as_str()), ("separator", &separator)];
                say_err!("{}", words("cli-read-as", &args));
            }
        }
    }
    let skipped = &inputs.instance.pool.skipped;
    if !skipped.is_empty() {
        let rows: Vec<String> = skipped
            .iter()
            .take(12)
            .map(|s| {
                let reason = s.said().sentence(console::spoken());
                words!("cli-row-reason", row = s.row, reason = reason)
            })
            .collect();
        let more = and_more(skipped.len() - rows.len());
        say_err!(
            "{}",
            words!(
                "cli-rows-read-over",
                file = inputs.instance.pool.file,
                count = skipped.len(),
                rows = rows.join(", "),
                more = more
            )
        );
    }
    if let Some(theirs) = &inputs.instance.settings.solver_backend {
        say_err!(
            "{}",
            words!("cli-sf-solver-backend", theirs = format!("{theirs:?}"))
        );
    }
    Ok((inputs, backend, replacing))
}

fn algorithm(arg: Option<String>, inst: &Instance) -> Algorithm {
    arg.as_deref()
        .and_then(Algorithm::from_name)
        .unwrap_or(inst.settings.selection_algorithm)
}

/// Every file the run reads, which it must never overwrite (the earlier round's too).
fn input_paths(a: &InputArgs) -> Vec<PathBuf> {
    let earlier = a
        .replacing
        .iter()
        .flat_map(|d| ["selected.csv", "private.json", AUDIT_FILE].map(|f| d.join(f)));
    [
        Some(a.people.clone()),
        Some(a.features.clone()),
        a.settings.clone(),
        a.already_selected.clone(),
        a.leave_out.clone(),
        a.dropouts.clone(),
    ]
    .into_iter()
    .flatten()
    .chain(earlier)
    .collect()
}

fn print_table(lines: &[QuotaLine]) {
    let head = |id: &str| words(&format!("cli-table-{id}"), &[]);
    let (feature, value, min, max, pool, panel) = (
        head("feature"),
        head("value"),
        head("min"),
        head("max"),
        head("pool"),
        head("panel"),
    );
    let width = |texts: &mut dyn Iterator<Item = usize>, header: &str| {
        texts.max().unwrap_or(0).max(header.chars().count())
    };
    let fw = width(
        &mut lines.iter().map(|l| l.feature.chars().count()),
        &feature,
    );
    let vw = width(&mut lines.iter().map(|l| l.value.chars().count()), &value);
    let (nw, xw, pw) = (
        min.chars().count().max(4),
        max.chars().count().max(4),
        pool.chars().count().max(6),
    );
    let panel_w = panel.chars().count().max(6);
    let shows_panel = lines.first().is_some_and(|l| l.on_panel.is_some());
    let panel_head = match shows_panel {
        true => format!("  {panel:>panel_w$}"),
        false => String::new(),
    };
    say_out!("{feature:fw$}  {value:vw$}  {min:>nw$}  {max:>xw$}  {pool:>pw$}{panel_head}");
    for l in lines {
        let on_panel = l
            .on_panel
            .map(|n| format!("  {n:>panel_w$}"))
            .unwrap_or_default();
        say_out!(
            "{:fw$}  {:vw$}  {:>nw$}  {:>xw$}  {:>pw$}{on_panel}",
            l.feature,
            l.value,
            l.min,
            l.max,
            l.in_pool
        );
    }
}

/// The inputs read and checked together, and the check's report page when asked for.
struct Checked {
    inputs: Inputs,
    result: Result<kleroterion::CheckReport, Error>,
    page: Option<Vec<u8>>,
}

/// Reads the inputs and decides whether a panel meeting the quotas exists; with `page`, the
/// report page too (for infeasible quotas, with the cheapest change that would do).
fn checked(a: &CheckArgs, page: bool) -> Result<Checked, Failure> {
    speak(language(&a.text, None));
    let (inputs, backend, _) = load(&a.input)?;
    let result = kleroterion::check(&inputs, backend);
    let page = page.then(|| {
        let mut facts = kleroterion::report::ReportFacts::of_check(&inputs.instance);
        if let Err(Error::Infeasible(why)) = &result {
            facts.infeasible = Some((**why).clone());
        }
        report_page(facts, Some(&inputs.instance.settings), &a.text)
    });
    Ok(Checked {
        inputs,
        result,
        page,
    })
}

fn check(a: CheckArgs) -> Result<(), Failure> {
    let Checked {
        inputs,
        result,
        page,
    } = checked(&a, a.report.is_some())?;
    print_table(&kleroterion::results::quota_table(&inputs.instance, None));
    let lang = language(&a.text, Some(&inputs.instance.settings));
    if let (Some(path), Some(page)) = (&a.report, page) {
        write_report(path, page, input_paths(&a.input))?;
        report_written(lang, &a.text, path);
    }
    let report = result?;
    say_out!(
        "{}",
        say(
            lang,
            "cli-check-feasible",
            &[
                ("seats", &inputs.instance.panel_size.to_string()),
                ("candidates", &report.candidates.to_string()),
            ]
        )
    );
    Ok(())
}

/// On infeasible quotas, writes into the output folder the quota report (why no panel meets
/// them and, when one exists, the smallest change as a before/after table) and the relaxed
/// quota file, then returns the failure.
fn infeasible(
    e: Error,
    inputs: &Inputs,
    out: &mut write::Outputs,
    dir: &std::path::Path,
    text: &ReportArgs,
) -> Failure {
    if let Error::Infeasible(why) = &e {
        let mut facts = kleroterion::report::ReportFacts::of_check(&inputs.instance);
        facts.infeasible = Some((**why).clone());
        out.remove_nothing();
        out.add(
            QUOTA_REPORT,
            report_page(facts, Some(&inputs.instance.settings), text),
        );
        let relaxed = relaxed_quotas(inputs, why);
        let wrote_relaxed = relaxed.is_some();
        if let Some(file) = relaxed {
            out.add_file(file);
        }
        if let Err(f) = out.commit() {
            return f;
        }
        let lang = language(text, Some(&inputs.instance.settings));
        report_written(lang, text, &dir.join(QUOTA_REPORT));
        if wrote_relaxed {
            let path = dir.join("features.relaxed.csv");
            say_err!("{}", words!("cli-wrote-relaxed", path = path.display()));
        }
    }
    e.into()
}

/// Returns the commitment hash to publish.
fn prepare(a: PrepareArgs) -> Result<String, Failure> {
    speak(language(&a.report, None));
    let mut out = write::Outputs::new(&a.out, a.force, input_paths(&a.input));
    out.check_destination(&[
        COMMITMENT_FILE,
        COMMITMENT_REPORT,
        "private.json",
        STAYS,
        "features.relaxed.csv",
        QUOTA_REPORT,
    ])?;
    let source = match (&a.seed_source, &a.seed_procedure) {
        (Some(s), _) => SeedSource::parse(s, a.tickets.get())
            .map_err(|e| usage(e.said().sentence(console::spoken())))?,
        (None, Some(text)) => SeedSource::Custom {
            procedure: text.clone(),
        },
        (None, None) => unreachable!("clap requires one of them"),
    };
    if let SeedSource::Drand { round } = source {
        // A round already produced could be chosen knowing its randomness.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let due = kleroterion::protocol::seed::drand_round_time(round);
        if due <= now {
            let soon = (now + 3600 - kleroterion::protocol::seed::DRAND_MAINNET_GENESIS) / 30 + 1;
            let minutes = (now - due) / 60;
            return Err(usage(words!(
                "cli-drand-past",
                round = round,
                minutes = minutes,
                soon = soon
            )));
        }
    }
    let (inputs, backend, replacing) = load(&a.input)?;
    let algorithm = algorithm(a.algorithm, &inputs.instance);
    let salt = replacing
        .as_ref()
        .map_or_else(Salt::random, |r| r.salt.clone());
    let mut bar = progress::Bar::new(a.input.quiet, algorithm.name());
    let plan = Plan {
        algorithm,
        backend,
        tickets: a.tickets,
    };
    let round = kleroterion::Round {
        seed_source: &source,
        replaces: replacing.as_ref().map(|r| &r.replacement.replaces),
    };
    let result = kleroterion::prepare(&inputs, &plan, &salt, &round, &mut bar);
    bar.finish();
    let prepared = result.map_err(|e| infeasible(e, &inputs, &mut out, &a.out, &a.report))?;
    warn_in_no_panel(&inputs.instance, &prepared.in_no_panel);
    let input = recorded_inputs(&a.input, &a.out, &replacing, &mut out);
    let mut private = private::Private::new(&input, &salt)?;
    private.exact = prepared.exact.clone();
    out.add_file(prepared.commitment);
    out.add(
        COMMITMENT_REPORT,
        report_page(
            compared(
                prepared.report.clone(),
                &inputs.instance,
                &a.report,
                a.input.quiet,
                backend,
            )?,
            Some(&inputs.instance.settings),
            &a.report,
        ),
    );
    out.add("private.json", private.to_json(&a.out).into_bytes());
    out.commit()?;
    let lang = language(&a.report, Some(&inputs.instance.settings));
    let path = |name: &str| a.out.join(name).display().to_string();
    say_out!(
        "{}",
        say(
            lang,
            "cli-commitment-written",
            &[("path", &path(COMMITMENT_FILE))]
        )
    );
    say_out!("{}", say(lang, "cli-publish-hash", &[]));
    say_out!("{}", prepared.commitment_hash);
    let source_text = source.said().sentence(lang);
    say_out!(
        "{}",
        say(lang, "cli-seed-will-be", &[("source", &source_text)])
    );
    if !source.is_structured() {
        say_out!("{}", say(lang, "cli-free-text-weaker", &[]));
    }
    say_out!(
        "{}",
        say(lang, "cli-keep-private", &[("path", &path("private.json"))])
    );
    Ok(prepared.commitment_hash)
}

/// Names the volunteers whom no panel meeting the quotas can include.
fn warn_in_no_panel(inst: &Instance, candidates: &[usize]) {
    if candidates.is_empty() {
        return;
    }
    let ids: Vec<&str> = candidates
        .iter()
        .take(12)
        .map(|&c| inst.pool.people[inst.candidates[c]].id.as_str())
        .collect();
    let more = and_more(candidates.len() - ids.len());
    say_err!(
        "{}",
        words!(
            "cli-no-feasible-panel",
            count = candidates.len(),
            ids = ids.join(", "),
            more = more
        )
    );
}

/// ", and 3 more" after a shortened list, or nothing.
fn and_more(n: usize) -> String {
    match n {
        0 => String::new(),
        n => format!(" {}", words!("cli-and-more", count = n)),
    }
}

fn seed_text(seed: &Option<String>, settings_seed: u64) -> Result<String, Failure> {
    match (seed, settings_seed) {
        (Some(s), _) => Ok(s.clone()),
        (None, n) if n != 0 => Ok(n.to_string()),
        (None, _) => Err(usage(words("cli-seed-needed", &[]))),
    }
}

/// A language code for `--lang`.
fn language_code(tag: &str) -> Result<Language, String> {
    Language::from_tag(tag).ok_or_else(|| {
        format!("{tag:?} has no catalogue: use en (English), fr (French) or es (Spanish)")
    })
}

/// A selection report in the language and with the title asked for (else the settings').
fn report_page(
    mut facts: kleroterion::report::ReportFacts,
    settings: Option<&kleroterion::Settings>,
    args: &ReportArgs,
) -> Vec<u8> {
    facts.title = args
        .title
        .clone()
        .or_else(|| settings.and_then(|s| s.assembly_title.clone()));
    kleroterion::report::html(&facts, language(args, settings)).into_bytes()
}

/// The language of the reports and of what the binary says: `--lang`, else the settings',
/// else the system's, else English.
fn language(args: &ReportArgs, settings: Option<&kleroterion::Settings>) -> Language {
    args.lang
        .or_else(|| settings.and_then(|s| s.language()))
        .unwrap_or_else(Language::from_environment)
}

/// Writes one report page to `path` atomically, refusing to replace an input or an existing
/// file.
fn write_report(
    path: &std::path::Path,
    page: Vec<u8>,
    inputs: Vec<PathBuf>,
) -> Result<(), Failure> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| usage(words!("cli-not-a-file-name", path = path.display())))?;
    let mut out = write::Outputs::new(&dir, false, inputs);
    out.check_destination(&[name])?;
    out.add(name, page);
    out.commit()
}

/// The organiser's copy of the report, with names (`draw --internal`).
const INTERNAL_REPORT: &str = "report-internal.html";
/// The report a prepare or draw writes when no panel meets the quotas.
const QUOTA_REPORT: &str = "quota-report.html";

/// `draw --pdf`: the report printed to A4.
const REPORT_PDF: &str = "publish/report.pdf";

const DRAW_OUTPUTS: [&str; 16] = [
    "selected.csv",
    "remaining.csv",
    "probabilities.csv",
    "observer.json",
    "receipts.csv",
    SEAT_RESERVES_FILE,
    QUOTAS_FILE,
    REPORT_FILE,
    REPORT_PDF,
    INTERNAL_REPORT,
    WORKBOOK_FILE,
    AUDIT_FILE,
    "private.json",
    STAYS,
    "features.relaxed.csv",
    QUOTA_REPORT,
];

/// The inputs as private.json records them: for a replacement round, the stays file (added to
/// the outputs here) and the dropouts as the already-selected and leave-out files, so that a
/// draw from the commitment reads the same files.
fn recorded_inputs(
    input: &InputArgs,
    dir: &std::path::Path,
    replacing: &Option<Replacing>,
    out: &mut write::Outputs,
) -> InputArgs {
    let mut recorded = input.clone();
    if let Some(r) = replacing {
        out.add_private(STAYS, r.replacement.stays_csv.clone());
        recorded.already_selected = Some(dir.join(STAYS));
        recorded.leave_out = input.dropouts.clone();
        recorded.replacing = None;
        recorded.dropouts = None;
    }
    recorded
}

/// The files of a committed draw: no private.json, and prepare's (perhaps in the same
/// folder) is never removed.
fn committed_outputs() -> Vec<&'static str> {
    DRAW_OUTPUTS
        .into_iter()
        .filter(|n| *n != "private.json" && *n != STAYS)
        .collect()
}

/// prepare's private.json for a commitment: beside it, or in the folder above its publish/.
fn private_beside(commitment: &std::path::Path) -> PathBuf {
    let beside = commitment.with_file_name("private.json");
    match commitment.parent().and_then(|p| p.parent()) {
        Some(above) if !beside.exists() => above.join("private.json"),
        _ => beside,
    }
}

/// Returns the ticket drawn and the lottery's tickets.
fn draw(a: DrawArgs) -> Result<(u32, u32), Failure> {
    speak(language(&a.report, None));
    let (inputs, drawn, salt, input, replacing, backend) = match &a.commitment {
        Some(path) => {
            let commitment = read_bytes(path)?;
            let private_path = private_beside(path);
            let private = private::Private::read(&private_path)?;
            let given = private::Given {
                people: a.people.clone(),
                features: a.features.clone(),
                settings: a.settings.clone(),
                already_selected: a.already_selected.clone(),
                leave_out: a.leave_out.clone(),
            };
            let input = private.input_args(&given, &a.solver, a.quiet);
            let recorded = [
                ("--people", Some(&input.people)),
                ("--features", Some(&input.features)),
                ("--settings", input.settings.as_ref()),
                ("--already-selected", input.already_selected.as_ref()),
                ("--leave-out", input.leave_out.as_ref()),
            ];
            for (flag, path) in recorded {
                if let Some(p) = path.filter(|p| !kleroterion::input::instance::file_of(p).exists())
                {
                    return Err(usage(words!(
                        "cli-input-moved",
                        private = private_path.display(),
                        input = p.display(),
                        flag = flag
                    )));
                }
            }
            write::Outputs::new(&a.out, a.force, input_paths(&input))
                .check_destination(&committed_outputs())?;
            let (inputs, backend, _) = load(&input)?;
            let seed = seed_text(&a.seed, 0)?;
            let drawn = kleroterion::draw(
                &inputs,
                &commitment,
                &private.salt,
                &seed,
                private.exact.as_deref(),
            )?;
            (inputs, drawn, private.salt, input, None, backend)
        }
        None => {
            let input = InputArgs {
                people: a.people.clone().expect("required by clap"),
                features: a.features.clone().expect("required by clap"),
                settings: a.settings.clone(),
                panel_size: a.panel_size.expect("required by clap"),
                already_selected: a.already_selected.clone(),
                leave_out: a.leave_out.clone(),
                replacing: a.replacing.clone(),
                dropouts: a.dropouts.clone(),
                solver: a.solver.clone(),
                quiet: a.quiet,
            };
            let mut out = write::Outputs::new(&a.out, a.force, input_paths(&input));
            out.check_destination(&DRAW_OUTPUTS)?;
            let (inputs, backend, replacing) = load(&input)?;
            let seed = seed_text(&a.seed, inputs.instance.settings.random_number_seed)?;
            let algorithm = algorithm(a.algorithm, &inputs.instance);
            let salt = replacing
                .as_ref()
                .map_or_else(Salt::random, |r| r.salt.clone());
            let mut bar = progress::Bar::new(a.quiet, algorithm.name());
            let plan = Plan {
                algorithm,
                backend,
                tickets: a.tickets.unwrap_or(DEFAULT_TICKETS),
            };
            let replaces = replacing.as_ref().map(|r| &r.replacement.replaces);
            let result = kleroterion::practice(&inputs, &plan, &salt, &seed, replaces, &mut bar);
            bar.finish();
            let drawn = result.map_err(|e| infeasible(e, &inputs, &mut out, &a.out, &a.report))?;
            (inputs, drawn, salt, input, replacing, backend)
        }
    };
    warn_in_no_panel(&inputs.instance, &drawn.in_no_panel);
    let mut out = write::Outputs::new(&a.out, a.force, input_paths(&input));
    if drawn.committed {
        out.check_destination(&committed_outputs())?;
    } else {
        out.check_destination(&DRAW_OUTPUTS)?;
    }
    for file in &drawn.files {
        out.add_file(file.clone());
    }
    let settings = Some(&inputs.instance.settings);
    let facts = compared(
        drawn.report.clone(),
        &inputs.instance,
        &a.report,
        a.quiet,
        backend,
    )?;
    if a.internal {
        let internal = kleroterion::report::ReportFacts {
            internal: drawn.internal_report().internal,
            ..facts.clone()
        };
        out.add_private(INTERNAL_REPORT, report_page(internal, settings, &a.report));
    }
    out.add(REPORT_FILE, report_page(facts, settings, &a.report));
    if !drawn.committed {
        let recorded = recorded_inputs(&input, &a.out, &replacing, &mut out);
        out.add(
            "private.json",
            private::Private::new(&recorded, &salt)?
                .to_json(&a.out)
                .into_bytes(),
        );
    }
    out.commit()?;
    print_pdf(&a.report, &a.out.join(REPORT_FILE));
    print_table(&drawn.quotas);
    let lang = language(&a.report, Some(&inputs.instance.settings));
    let how = say(
        lang,
        if drawn.committed {
            "cli-drew-committed"
        } else {
            "cli-drew-practice"
        },
        &[],
    );
    let ticket = if drawn.ticket > 0 {
        say(
            lang,
            "cli-drew-ticket",
            &[
                ("ticket", &drawn.ticket.to_string()),
                ("tickets", &drawn.tickets.to_string()),
            ],
        )
    } else {
        String::new()
    };
    let dir = a.out.display().to_string();
    say_out!(
        "{}",
        say(
            lang,
            "cli-drew",
            &[
                ("drawn", &drawn.drawn.len().to_string()),
                ("seats", &inputs.instance.panel_size.to_string()),
                ("algorithm", &drawn.algorithm.to_uppercase()),
                ("seed", &format!("{:?}", drawn.seed)),
                ("how", &how),
                ("ticket", &ticket),
                ("dir", &dir),
            ]
        )
    );
    if let Some(count) = &drawn.panel_count {
        say_out!("{}", say(lang, "cli-uniform-count", &[("count", count)]));
    }
    say_out!(
        "{}",
        say(
            lang,
            "cli-publish-audit",
            &[
                ("audit", &a.out.join(AUDIT_FILE).display().to_string()),
                ("dir", &dir)
            ]
        )
    );
    Ok((drawn.ticket, drawn.tickets))
}

fn read_bytes(path: &std::path::Path) -> Result<Vec<u8>, Failure> {
    Ok(kleroterion::input::instance::read_file(path)?)
}

/// Checks the record, telling `on_check` each check's outcome as it is printed.
fn verify(a: VerifyArgs, on_check: &mut dyn FnMut(&kleroterion::Check)) -> Result<(), Failure> {
    speak(language(&a.text, None));
    let record = read_bytes(&a.audit)?;
    let backend = Backend::from_name(&a.solver)?;
    let salt = match &a.salt {
        Some(p) => Some(private::read_salt(p)?),
        None => None,
    };
    let loaded = match (&a.people, &a.features) {
        (Some(people), Some(features)) => {
            let k = kleroterion::workflow::committed_panel_size(&record)
                .ok_or_else(|| usage(words("cli-record-without-panel-size", &[])))?;
            let files = InputFiles {
                people: people.clone(),
                features: features.clone(),
                settings: a.settings.clone(),
                already_selected: a.already_selected.clone(),
                leave_out: a.leave_out.clone(),
            };
            Some(Inputs::load(&files, k)?)
        }
        _ => None,
    };
    let record_dir = match a.audit.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir = a.outputs.clone().unwrap_or_else(|| {
        let named_publish = record_dir
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n == PUBLISH_DIR))
            .unwrap_or(false);
        if named_publish {
            record_dir.join("..")
        } else {
            record_dir.clone()
        }
    });
    let observer = a.observer.as_deref().map(read_bytes).transpose()?;
    let receipt = a.receipt.as_deref().map(read_bytes).transpose()?;
    let earlier = a.earlier.as_deref().map(read_bytes).transpose()?;
    let extra = Extra {
        outputs_dir: Some(&dir),
        inputs: loaded.as_ref().map(|i| (&i.bytes, &i.instance)),
        salt: salt.as_ref(),
        resolve: a.resolve,
        backend,
        published: a.published.as_deref(),
        observer: observer.as_deref(),
        receipt: receipt.as_deref(),
        earlier: earlier.as_deref(),
    };
    let lang = language(&a.text, loaded.as_ref().map(|i| &i.instance.settings));
    if let Some(hash) = kleroterion::workflow::commitment_hash_of(&record) {
        say_out!("{}", say(lang, "cli-checking", &[("hash", &hash)]));
    }
    let checks = kleroterion::verify(&record, &extra);
    let mut first_failure = None;
    for c in &checks {
        let mark = match &c.outcome {
            kleroterion::Outcome::Passed(_) => "cli-mark-passed",
            kleroterion::Outcome::Failed(_) => "cli-mark-failed",
            kleroterion::Outcome::Skipped(_) => "cli-mark-skipped",
        };
        let (name, text) = (c.title(lang), c.outcome.text().sentence(lang));
        let mark = format!("{:4}", say(lang, mark, &[]));
        let line = [("mark", mark.as_str()), ("name", &name), ("text", &text)];
        say_out!("{}", say(lang, "cli-check-line", &line));
        on_check(c);
        if c.outcome.is_failure() && first_failure.is_none() {
            first_failure = Some(name);
        }
    }
    if let Some(path) = &a.report {
        match kleroterion::workflow::verification_report(&record, &checks) {
            Some(facts) => {
                let settings = loaded.as_ref().map(|i| &i.instance.settings);
                let inputs: Vec<PathBuf> = [Some(&a.audit), a.people.as_ref(), a.features.as_ref()]
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect();
                write_report(path, report_page(facts, settings, &a.text), inputs)?;
                report_written(lang, &a.text, path);
            }
            None => say_err!("{}", words!("cli-no-report", path = a.audit.display())),
        }
    }
    match first_failure {
        None => {
            say_out!("{}", say(lang, "cli-verifies", &[]));
            Ok(())
        }
        Some(name) => Err(Failure {
            code: 4,
            message: say(lang, "cli-verification-failed", &[("check", &name)]),
        }),
    }
}
