//! The selection algorithms. LEGACY draws a panel directly; LEXIMIN, MAXIMIN and NASH compute
//! a [`Distribution`] over panels from which one panel is drawn.

pub mod legacy;
pub mod distribution;
pub mod leximin;

pub use distribution::Distribution;
