//! The audit protocol (docs/AUDIT.md): canonical forms and hashes ([`canonical`]), the seeded
//! generator ([`rng`]), seed sources with one text per outcome ([`seed`]), the sealed
//! commitment published before the seed ([`commitment`]), the draw from it ([`draw`]), the
//! records ([`records`]) and the checks anyone can run on them ([`verify`]); records of
//! version 1 still verify ([`v1`]).

pub mod canonical;
pub mod commitment;
pub mod draw;
pub mod records;
pub mod replacement;
pub mod rng;
pub mod seed;
pub mod v1;
pub mod verify;
