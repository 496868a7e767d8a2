//! Typed values: one parser per kind of field, each returning either the
//! normalised value or an error that can describe itself in Dutch and English.
//!
//! The parsers never panic, whatever the input; the V rules in
//! `crate::rules::value` turn their errors into diagnostics.

pub mod choice;
pub mod date;
pub mod email;
pub mod iban;
pub mod insz;
pub mod kbo;
pub mod mask;
pub mod number;
pub mod odb;
pub mod postcode;

pub use choice::{Contract, Initiative, TrainingType, Unit};
pub use insz::Insz;
pub use kbo::Kbo;
pub use odb::Odb;

/// Cells starting with these characters are taken for formulas by
/// spreadsheet programs: the writers neutralise them
/// (`writer::neutralise_formula`), the reader takes that off again
/// (`reader::header::unneutralise`).
pub(crate) const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
