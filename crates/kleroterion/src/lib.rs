//! kleroterion — fair, verifiable sortition for citizens' assemblies.
//!
//! From a pool of volunteers ([`pool`]) and quotas ([`quota`]), validated together into an
//! [`instance::Instance`], draw a panel that meets every quota: with the Sortition Foundation's
//! greedy LEGACY algorithm ([`select::legacy`]) or, fairer, from a LEXIMIN, MAXIMIN or NASH
//! distribution over panels ([`select`]). Randomness comes only from a seed text through
//! [`rng::SeededRng`], so every draw can be repeated and checked.
//!
//! The library never prints and never exits; errors are [`error::Error`] values.

pub mod audit;
pub mod canonical;
pub mod dense;
pub mod drawing;
pub mod error;
pub mod helper;
pub mod instance;
pub mod lottery;
pub mod lp;
pub mod output;
pub mod panel_ilp;
pub mod panel_search;
pub mod pool;
pub mod quota;
pub mod relax;
pub mod rng;
pub mod select;
pub mod settings;
pub mod simplex;
pub mod solver;
pub mod table;
pub mod types;
pub mod verify;

pub use error::{Error, Problem, Result};
pub use instance::{InputFiles, Instance};
pub use settings::{Algorithm, Settings};
