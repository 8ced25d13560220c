//! A progress display on stderr for long solves, shown only when stderr is a terminal: a
//! spinner while there is nothing to count, a bar of the volunteer groups whose chance is
//! fixed during the LEXIMIN stages, then a count of the panels found while the chances are
//! written as a lottery — never a full bar while work goes on.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use kleroterion::select::Progress;
use std::cell::RefCell;
use std::io::IsTerminal;

thread_local! {
    /// Who else follows the solve on this thread (the app's page), and may cancel it.
    static WATCHER: RefCell<Option<Box<dyn Progress>>> = const { RefCell::new(None) };
}

/// Runs `f` with `watcher` told every update that a [`Bar`] on this thread gets.
pub fn watched<R>(watcher: Box<dyn Progress>, f: impl FnOnce() -> R) -> R {
    WATCHER.with(|w| *w.borrow_mut() = Some(watcher));
    let result = f();
    WATCHER.with(|w| w.borrow_mut().take());
    result
}

fn tell(f: impl FnOnce(&mut dyn Progress)) {
    WATCHER.with(|w| {
        if let Some(w) = w.borrow_mut().as_mut() {
            f(w.as_mut());
        }
    });
}

#[derive(PartialEq)]
enum Phase {
    Starting,
    Stages,
    Panels,
}

pub struct Bar {
    bar: Option<ProgressBar>,
    phase: Phase,
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .expect("valid template")
        .progress_chars("=> ")
}

impl Bar {
    pub fn new(quiet: bool, algorithm: &str) -> Bar {
        if quiet || !std::io::stderr().is_terminal() {
            return Bar {
                bar: None,
                phase: Phase::Starting,
            };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(style("{spinner} {prefix} {msg} ({elapsed})"));
        bar.set_prefix(algorithm.to_uppercase());
        bar.set_message(words!("cli-progress-setting-up"));
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        Bar {
            bar: Some(bar),
            phase: Phase::Starting,
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn update(&mut self, stage: usize, fixed: usize, groups: usize, panels: usize) {
        tell(|w| w.update(stage, fixed, groups, panels));
        let Some(b) = &self.bar else { return };
        if groups == 0 || self.phase == Phase::Panels {
            return;
        }
        if self.phase == Phase::Starting {
            let fixed = words!("cli-progress-groups-fixed");
            b.set_style(style(&format!(
                "{{spinner}} {{prefix}} [{{bar:24}}] {{pos}}/{{len}} {fixed}, {{msg}} ({{elapsed}})"
            )));
            self.phase = Phase::Stages;
        }
        b.set_length(groups as u64);
        b.set_position(fixed.min(groups.saturating_sub(1)) as u64);
        b.set_message(words!("cli-progress-stage", stage = stage, panels = panels));
    }

    fn decomposing(&mut self, stages: usize, panels: usize) {
        tell(|w| w.decomposing(stages, panels));
        let Some(b) = &self.bar else { return };
        if self.phase != Phase::Panels {
            b.set_style(style("{spinner} {prefix} {msg} ({elapsed})"));
            b.unset_length();
            self.phase = Phase::Panels;
        }
        b.set_message(words!(
            "cli-progress-decomposing",
            stages = stages,
            panels = panels
        ));
    }

    fn cancelled(&self) -> bool {
        WATCHER.with(|w| w.borrow().as_ref().is_some_and(|w| w.cancelled()))
    }
}
