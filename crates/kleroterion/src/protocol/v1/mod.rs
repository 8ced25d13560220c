//! Version 1 of the protocol (docs/AUDIT.md, appendix A), kept only so that records made with
//! it still verify: version 1 published every volunteer's feature values, so nothing new is
//! ever written in it.

pub mod records;
pub mod verify;
