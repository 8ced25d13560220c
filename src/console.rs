//! What a command says: printed to the terminal, or — when the app runs the command for a
//! page — kept for the page instead, so that the page shows the same sentences.

use std::cell::RefCell;

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
    match (line, stream) {
        (Some(l), Stream::Out) => println!("{l}"),
        (Some(l), Stream::Err) => eprintln!("{l}"),
        (None, _) => {}
    }
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
