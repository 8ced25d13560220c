//! What a command says: printed to the terminal, or — when the app runs the command for a
//! page — kept for the page instead, so that the page shows the same sentences.

use kleroterion::report::{Arg, Language, Messages};
use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where a line goes on a terminal: the results (stdout) or notes and warnings (stderr).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stream {
    Out,
    Err,
}

thread_local! {
    /// The lines of the command running on this thread, when they are kept.
    static KEPT: RefCell<Option<Vec<(Stream, String)>>> = const { RefCell::new(None) };
}

/// The language the running command speaks in, as an index of [`Language::ALL`]: one for the
/// whole process, so that the Ctrl-C handler's thread says its line in it too.
static SPOKEN: AtomicUsize = AtomicUsize::new(0);

/// Says what follows in `language` (each command sets it first).
pub fn speak(language: Language) {
    let i = Language::ALL
        .iter()
        .position(|&l| l == language)
        .unwrap_or(0);
    SPOKEN.store(i, Ordering::Relaxed);
}

/// The language the running command speaks in.
pub fn spoken() -> Language {
    Language::ALL[SPOKEN.load(Ordering::Relaxed).min(Language::ALL.len() - 1)]
}

thread_local! {
    /// The catalogues, parsed once per thread (the progress bar speaks many times a second).
    static CATALOGUES: Vec<Messages> = Language::ALL.iter().map(|&l| Messages::new(l)).collect();
}

/// The binary's message `id` of `language`'s catalogue, with text arguments.
pub fn say_in(language: Language, id: &str, args: &[(&str, &str)]) -> String {
    let args: Vec<(&str, Arg)> = args.iter().map(|&(k, v)| (k, Arg::Text(v))).collect();
    let i = Language::ALL
        .iter()
        .position(|&l| l == language)
        .unwrap_or(0);
    CATALOGUES.with(|c| c[i].with(id, &args))
}

/// The message `id` in the running command's language.
pub fn words(id: &str, args: &[(&str, &str)]) -> String {
    say_in(spoken(), id, args)
}

/// Prints `line` to stdout, or keeps it.
pub fn out(line: String) {
    say(Stream::Out, line);
}

/// Prints `line` to stderr, or keeps it.
pub fn err(line: String) {
    say(Stream::Err, line);
}

fn say(stream: Stream, line: String) {
    let line = KEPT.with(|k| match k.borrow_mut().as_mut() {
        Some(kept) => {
            kept.push((stream, line));
            None
        }
        None => Some(line),
    });
    // A closed pipe (`kleroterion check … | head`) is not an error of the command: the
    // lines nobody reads are dropped, and the command goes on to write its files.
    use std::io::Write;
    let _ = match (line, stream) {
        (Some(l), Stream::Out) => writeln!(std::io::stdout().lock(), "{l}"),
        (Some(l), Stream::Err) => writeln!(std::io::stderr().lock(), "{l}"),
        (None, _) => Ok(()),
    };
}

/// Runs `f`, keeping what it says on this thread rather than printing it.
pub fn kept<R>(f: impl FnOnce() -> R) -> (R, Vec<(Stream, String)>) {
    KEPT.with(|k| *k.borrow_mut() = Some(Vec::new()));
    let result = f();
    let lines = KEPT.with(|k| k.borrow_mut().take()).unwrap_or_default();
    (result, lines)
}

/// `println!` through the console.
macro_rules! say_out {
    ($($t:tt)*) => { $crate::console::out(format!($($t)*)) };
}

/// `eprintln!` through the console.
macro_rules! say_err {
    ($($t:tt)*) => { $crate::console::err(format!($($t)*)) };
}

/// `words!("id", key = value, …)`: the message `id` in the running command's language, each
/// value as text.
macro_rules! words {
    ($id:expr $(, $key:ident = $value:expr)* $(,)?) => {
        $crate::console::words($id, &[$((stringify!($key), $value.to_string().as_str())),*])
    };
}
