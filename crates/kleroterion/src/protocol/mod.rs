//! The audit protocol (docs/AUDIT.md): canonical forms and hashes ([`canonical`]), the seeded
//! generator ([`rng`]), the commitment published before the seed ([`commitment`]), the draw
//! from it ([`draw`]) and the checks anyone can run on the record ([`verify`]).

pub mod canonical;
pub mod commitment;
pub mod draw;
pub mod records;
pub mod rng;
pub mod verify;
