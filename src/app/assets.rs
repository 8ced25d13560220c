//! The page, its script and its style, compiled into the binary (no build step, nothing
//! fetched from elsewhere).

pub const INDEX: &str = include_str!("assets/index.html");
pub const SCRIPT: &str = include_str!("assets/app.js");
pub const STYLE: &str = include_str!("assets/app.css");
