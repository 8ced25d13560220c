//! Tests of the selection core that reach past the public API: the panel search against
//! enumeration and microlp, LEXIMIN, MAXIMIN and NASH against brute force and the shared
//! references.

// The helpers the integration tests use, shared rather than copied (`kleroterion::` resolves
// here through `extern crate self` in lib.rs).
#[path = "../../tests/common/mod.rs"]
mod common;
mod diversimax;
mod goldilocks;
mod leximin;
mod maxentropy;
mod panel_search;
#[path = "../../tests/common/pools.rs"]
mod pools;
mod robustness;
mod rounding;
mod uniform;
