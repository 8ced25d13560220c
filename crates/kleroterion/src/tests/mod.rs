//! Tests of the selection core that reach past the public API: the panel search against
//! enumeration and microlp, LEXIMIN, MAXIMIN and NASH against brute force and the shared
//! references.

mod common;
mod leximin;
mod panel_search;
