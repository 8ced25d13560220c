//! kleroterion — fair, verifiable sortition for citizens' assemblies.
//!
//! From a pool of volunteers and quotas ([`input`]), validated together into an [`Instance`],
//! draw a panel that meets every quota: with the Sortition Foundation's greedy LEGACY
//! algorithm or, fairer, from a LEXIMIN, MAXIMIN or NASH distribution over panels
//! ([`select`]), rounded to a [`lottery`] of equally likely tickets. The audit [`protocol`]
//! commits to the lottery before the seed exists and lets anyone check the draw afterwards.
//! Randomness comes only from a seed text, so every draw can be repeated and checked.
//!
//! The library never prints and never exits; errors are [`Error`] values.

#![forbid(unsafe_code)]

pub mod error;
pub mod input;
pub mod lottery;
pub mod protocol;
pub mod results;
pub mod select;
pub(crate) mod solve;

pub use error::{Error, Problem, Result};
pub use input::{Algorithm, InputBytes, InputFiles, Instance, Settings};
pub use solve::Backend;

#[cfg(test)]
mod tests;
