//! A second thread for the simplex's pivots: [`with_helper`] starts it for the length of a
//! solve, and [`Helper::join`] runs one closure on it while the caller runs another.
//!
//! A pivot of the stage LP on b-600-60 takes about 60 µs, and two thirds of it are two
//! independent pieces of work. A thread pool's join (rayon's) hands work over through a
//! sleeping worker, which takes about as long to wake as the half it would run: measured on
//! b-600-60, no faster than one thread. The helper here waits for work by spinning instead
//! (yielding the processor after a while, so that it does not starve other threads when
//! there are more threads than processors), and lives only while a solve runs.
//!
//! When the processors are busy with other work, a spinning pair of threads is worse than
//! one: each waits for the other to be scheduled. A solve therefore stops using its helper
//! ([`Helper::is_struggling`]) once the helper has several times not even started its half
//! by the time the caller finished the other.
//!
//! Nothing here decides what is computed: the caller splits its work so that every number
//! comes out the same whichever thread computes it.

use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU32, AtomicU8, Ordering};
use std::sync::{Mutex, OnceLock};

/// A job for the helper, its borrows erased (see the safety argument in [`Helper::join`]).
type Job = Box<dyn FnOnce() + Send + 'static>;

/// Nothing posted (or the last job's result taken).
const IDLE: u8 = 0;
/// A job waits in the slot.
const POSTED: u8 = 1;
/// The helper is running the job.
const RUNNING: u8 = 2;
/// The helper finished the job.
const DONE: u8 = 3;
/// The job panicked on the helper.
const PANICKED: u8 = 4;
/// The helper must return.
const QUIT: u8 = 5;

/// Spins before a waiting thread starts yielding the processor between checks. Measured on
/// b-600-60 (whole LEXIMIN, idle machine): 2,000 → 10.5 s, 20,000 → 9.9 s (each yield is a
/// call into the kernel, which the caller made whenever the helper's share ran long).
const SPINS_BEFORE_YIELDING: u32 = 20_000;

/// Joins in which the helper had not started its half when the caller finished its own,
/// after which the helper is no help ([`Helper::is_struggling`]).
const LATE_LIMIT: u32 = 16;

/// The helper thread's side: a slot for one job and the state of the exchange.
pub struct Helper {
    job: Mutex<Option<Job>>,
    state: AtomicU8,
    /// Joins in which the helper started late.
    late: AtomicU32,
}

/// Whether the machine has a second processor for a helper (asked once).
pub fn second_processor() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2))
}

/// Runs `f` with a helper thread, which ends when `f` returns (or panics).
pub fn with_helper<R>(f: impl FnOnce(&Helper) -> R) -> R {
    let helper = Helper {
        job: Mutex::new(None),
        state: AtomicU8::new(IDLE),
        late: AtomicU32::new(0),
    };
    std::thread::scope(|scope| {
        scope.spawn(|| helper.serve());
        let out = catch_unwind(AssertUnwindSafe(|| f(&helper)));
        helper.state.store(QUIT, Ordering::Release);
        out.unwrap_or_else(|panic| resume_unwind(panic))
    })
}

/// Waits until `done` holds, spinning, then yielding the processor between checks.
fn wait_until(mut done: impl FnMut() -> bool) {
    let mut spins = 0u32;
    while !done() {
        if spins < SPINS_BEFORE_YIELDING {
            spins += 1;
            std::hint::spin_loop();
        } else {
            std::thread::yield_now();
        }
    }
}

impl Helper {
    /// The helper thread's loop: run each posted job until told to quit.
    fn serve(&self) {
        loop {
            let mut state = IDLE;
            wait_until(|| {
                state = self.state.load(Ordering::Acquire);
                state == POSTED || state == QUIT
            });
            if state == QUIT {
                return;
            }
            self.state.store(RUNNING, Ordering::Release);
            let job = self
                .job
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take()
                .expect("a posted job is in the slot");
            let finished = if catch_unwind(AssertUnwindSafe(job)).is_ok() {
                DONE
            } else {
                PANICKED
            };
            self.state.store(finished, Ordering::Release);
        }
    }

    /// Whether the helper has too often started its half late: the processors are busy, and
    /// the caller had better go on alone ([`Self::retire`]).
    pub fn is_struggling(&self) -> bool {
        self.late.load(Ordering::Relaxed) >= LATE_LIMIT
    }

    /// Ends the helper thread early; [`Self::join`] must not be called afterwards.
    pub fn retire(&self) {
        self.state.store(QUIT, Ordering::Release);
    }

    /// Runs `on_helper` on the helper thread and `here` on this one, and returns both
    /// results once both are done. A panic in either is raised here, after both have ended.
    pub fn join<A: Send, B>(
        &self,
        on_helper: impl FnOnce() -> A + Send,
        here: impl FnOnce() -> B,
    ) -> (A, B) {
        let mut from_helper: Option<A> = None;
        let slot = &mut from_helper;
        let job: Box<dyn FnOnce() + Send + '_> = Box::new(move || *slot = Some(on_helper()));
        // SAFETY: the job borrows from this call (the closure `on_helper` and the slot for
        // its result), so it must not run or exist after this call ends. It does not: the
        // helper takes the job, runs it and drops it before it sets DONE or PANICKED, and
        // this call waits for that below before it returns or raises a panic (`here` runs
        // under `catch_unwind`). The lifetime is only erased to pass the job through the
        // slot; its type is otherwise unchanged.
        let job: Job = unsafe { std::mem::transmute::<Box<dyn FnOnce() + Send + '_>, Job>(job) };
        *self.job.lock().unwrap_or_else(|e| e.into_inner()) = Some(job);
        self.state.store(POSTED, Ordering::Release);
        let mine = catch_unwind(AssertUnwindSafe(here));
        if self.state.load(Ordering::Acquire) == POSTED {
            self.late.fetch_add(1, Ordering::Relaxed);
        }
        let mut state = IDLE;
        wait_until(|| {
            state = self.state.load(Ordering::Acquire);
            state == DONE || state == PANICKED
        });
        self.state.store(IDLE, Ordering::Release);
        let mine = mine.unwrap_or_else(|panic| resume_unwind(panic));
        if state == PANICKED {
            panic!("a job on the simplex's helper thread panicked");
        }
        (from_helper.expect("the helper ran the job"), mine)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Many joins on borrowed data, each half writing its own part of one buffer.
    #[test]
    fn joins_split_borrowed_work() {
        let mut data = vec![0u64; 1000];
        let total = with_helper(|helper| {
            let mut total = 0;
            for round in 1..=200u64 {
                let (low, high) = data.split_at_mut(500);
                let (a, b) = helper.join(
                    || {
                        low.iter_mut().for_each(|x| *x += round);
                        low.iter().sum::<u64>()
                    },
                    || {
                        high.iter_mut().for_each(|x| *x += 2 * round);
                        high.iter().sum::<u64>()
                    },
                );
                total = a + b;
            }
            total
        });
        let rounds: u64 = (1..=200).sum();
        assert!(data[..500].iter().all(|&x| x == rounds));
        assert!(data[500..].iter().all(|&x| x == 2 * rounds));
        assert_eq!(total, 500 * rounds + 500 * 2 * rounds);
    }

    /// A panic on either side reaches the caller, after both sides have ended.
    #[test]
    fn panics_reach_the_caller() {
        let on_helper = catch_unwind(|| {
            with_helper(|h| h.join(|| panic!("helper side"), || 1));
        });
        assert!(on_helper.is_err());
        let here = catch_unwind(|| {
            with_helper(|h| h.join(|| 1, || panic!("caller side")));
        });
        assert!(here.is_err());
        // The helper still serves after a job panicked.
        let after = with_helper(|h| {
            let _ = catch_unwind(AssertUnwindSafe(|| h.join(|| panic!("once"), || 0)));
            h.join(|| 2, || 3)
        });
        assert_eq!(after, (2, 3));
    }
}
