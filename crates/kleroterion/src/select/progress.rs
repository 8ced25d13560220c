//! Progress reports of long solves, in units a person recognises.

/// What a long solve reports as it goes.
pub trait Progress {
    /// Called after every pricing round: the stage (from 1), groups fixed so far, all groups,
    /// and panels found so far.
    fn update(&mut self, _stage: usize, _fixed: usize, _types: usize, _panels: usize) {}
}

/// A progress sink that ignores everything.
pub struct Silent;
impl Progress for Silent {}
