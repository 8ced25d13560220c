//! Progress reports of long solves, in units a person recognises.

/// What a long solve reports as it goes.
pub trait Progress {
    /// Called after every pricing round: the stage (from 1), groups fixed so far, all groups,
    /// and panels found so far.
    fn update(&mut self, _stage: usize, _fixed: usize, _types: usize, _panels: usize) {}

    /// Called as the probabilities are written as a distribution over panels, after the
    /// stages (how many there were) are done: the panels found so far.
    fn decomposing(&mut self, _stages: usize, _panels: usize) {}

    /// Whether whoever watches has asked the solve to stop; checked after every update,
    /// and the solve then ends with [`Error::Cancelled`](crate::Error::Cancelled).
    fn cancelled(&self) -> bool {
        false
    }
}

/// A progress sink that ignores everything.
pub struct Silent;
impl Progress for Silent {}
