//! Ctrl-C: before the results are written, the run stops at once, removes its temporary files
//! and says "interrupted, nothing written"; while they are being renamed into place (a few
//! milliseconds), it lets that finish, so a folder never holds half of a result.

use std::path::PathBuf;
use std::sync::Mutex;

struct State {
    committing: bool,
    interrupted: bool,
    temps: Vec<PathBuf>,
}

static STATE: Mutex<State> = Mutex::new(State {
    committing: false,
    interrupted: false,
    temps: Vec::new(),
});

/// Exit code after Ctrl-C (128 + SIGINT, as shells report it).
pub const INTERRUPTED: i32 = 130;

fn state() -> std::sync::MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Installs the handler (once, at start).
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        let mut s = state();
        s.interrupted = true;
        if s.committing {
            return;
        }
        for t in s.temps.drain(..) {
            let _ = std::fs::remove_file(t);
        }
        eprintln!("{}", crate::console::words("cli-interrupted", &[]));
        std::process::exit(INTERRUPTED);
    });
}

/// The results are about to be written; `temp` files are tracked until [`finished`].
pub fn writing() {
    state().committing = false;
}

/// A temporary file to remove if the run is interrupted before it is renamed.
pub fn track(temp: PathBuf) {
    state().temps.push(temp);
}

/// The renaming starts: an interruption now waits for it to end.
pub fn renaming() {
    state().committing = true;
}

/// Every file is in place; if Ctrl-C came meanwhile, stop now (the results are complete).
pub fn finished() {
    let mut s = state();
    s.committing = false;
    s.temps.clear();
    if s.interrupted {
        eprintln!(
            "{}",
            crate::console::words("cli-interrupted-after-writing", &[])
        );
        std::process::exit(INTERRUPTED);
    }
}
