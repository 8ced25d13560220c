//! Reading the inputs: spreadsheet-like tables ([`sheet`], CSV or a [`workbook`]), the volunteers ([`people`]), the
//! quotas ([`quotas`]) and the settings ([`settings`]), validated together into an
//! [`Instance`]; and the [`groups`] of interchangeable volunteers the fair algorithms solve over.

pub mod groups;
pub mod instance;
pub mod panel_check;
pub mod people;
pub mod quotas;
pub mod settings;
pub mod sheet;
pub mod workbook;

pub use instance::{FileNames, InputBytes, InputFiles, Instance};
pub use settings::{Algorithm, Rounding, Settings};
