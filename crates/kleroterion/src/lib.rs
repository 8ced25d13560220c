//! kleroterion — fair, verifiable sortition for citizens' assemblies.
//!
//! From a pool of volunteers and quotas ([`input`]), validated together into an [`Instance`],
//! draw a panel that meets every quota: with the Sortition Foundation's greedy LEGACY
//! algorithm or, fairer, from a LEXIMIN, MAXIMIN or NASH distribution over panels
//! ([`select`]), rounded to a [`lottery`] of equally likely tickets. The audit [`protocol`]
//! commits to the lottery before the seed exists and lets anyone check the draw afterwards.
//! Randomness comes only from a seed text, so every draw can be repeated and checked.
//!
//! The library never prints and never exits; errors are [`Error`] values. The [`workflow`]
//! is the whole path in a few calls — what the `kleroterion` binary itself uses:
//!
//! ```
//! use kleroterion::{Algorithm, Backend, FileNames, InputBytes, Inputs, Plan, Salt, Silent};
//!
//! // Six volunteers, two seats, one of each gender.
//! let bytes = InputBytes {
//!     people: b"id,gender\n1,f\n2,f\n3,f\n4,m\n5,m\n6,m\n".to_vec(),
//!     features: b"feature,value,min,max\ngender,f,1,1\ngender,m,1,1\n".to_vec(),
//!     ..Default::default()
//! };
//! let inputs = Inputs::from_bytes(bytes, &FileNames::default(), 2)?;
//! kleroterion::check(&inputs, Backend::Pure)?;
//! let plan = Plan {
//!     algorithm: Algorithm::Leximin,
//!     backend: Backend::Pure,
//!     tickets: kleroterion::lottery::DEFAULT_TICKETS,
//! };
//! let salt = Salt::random();
//! let drawn = kleroterion::practice(&inputs, &plan, &salt, "3 1 4 1 5", None, &mut Silent)?;
//! assert_eq!(drawn.drawn.len(), 2);
//! assert!(!drawn.committed);
//! // The private files for the organiser, and the audit record to publish, ready to write.
//! let names: Vec<&str> = drawn.files.iter().map(|f| f.name).collect();
//! assert_eq!(
//!     names,
//!     ["selected.csv", "remaining.csv", "probabilities.csv", "observer.json", "receipts.csv",
//!      "seat_reserves.csv", "publish/quotas.csv", "results.xlsx", "publish/audit.json"]
//! );
//! // Anyone can check the record.
//! let audit = &drawn.files[8].bytes;
//! let checks = kleroterion::verify(audit, &Default::default());
//! assert!(checks.iter().all(|c| !c.outcome.is_failure()));
//! # Ok::<(), kleroterion::Error>(())
//! ```

#![forbid(unsafe_code)]

pub mod error;
pub mod input;
pub mod lottery;
pub mod protocol;
pub mod report;
pub mod results;
pub mod select;
pub(crate) mod solve;
pub mod workflow;

pub use error::{Error, Problem, Result};
pub use input::{Algorithm, FileNames, InputBytes, InputFiles, Instance, Settings};
pub use protocol::draw::{Plan, Round};
pub use protocol::verify::{Check, Extra, Outcome};
pub use select::{Progress, Silent};
pub use solve::Backend;
pub use workflow::{
    check, draw, practice, prepare, verify, CheckReport, Drawn, Inputs, OutputFile, Prepared, Salt,
};

#[cfg(test)]
extern crate self as kleroterion;
#[cfg(test)]
mod tests;
