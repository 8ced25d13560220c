//! A progress bar on stderr for long solves, shown only when stderr is a terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use kleroterion::select::Progress;
use std::io::IsTerminal;

pub struct Bar {
    bar: Option<ProgressBar>,
}

impl Bar {
    pub fn new(quiet: bool, algorithm: &str) -> Bar {
        if quiet || !std::io::stderr().is_terminal() {
            return Bar { bar: None };
        }
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {prefix} [{bar:30}] {pos}/{len} fixed, {msg} ({elapsed})",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        bar.set_prefix(algorithm.to_uppercase());
        Bar { bar: Some(bar) }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn update(&mut self, stage: usize, fixed: usize, groups: usize, panels: usize) {
        if let Some(b) = &self.bar {
            b.set_length(groups as u64);
            b.set_position(fixed as u64);
            b.set_message(format!("stage {stage}, {panels} panels"));
        }
    }
}
