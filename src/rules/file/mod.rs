//! F rules: whether a file and a record can be read at all.
//!
//! One file per rule: F001 (unreadable input), F002 (undecodable text),
//! F003 (missing column), F004 (ambiguous column), F005 (malformed record),
//! F006 (no data) and F007 (sheet not found). All but F005 are fatal: they
//! stop the whole run as a [`Fatal`]; F005 rejects one record as a
//! [`crate::model::Diagnostic`] and the rest of the file is still read.
//! Messages echo what was read (headers, sheet names) as written; the
//! outlets mask any INSZ or IBAN in them ([`crate::values::mask`]).

pub mod f001_unreadable_input;
pub mod f002_undecodable_text;
pub mod f003_missing_column;
pub mod f004_ambiguous_column;
pub mod f005_malformed_record;
pub mod f006_no_data;
pub mod f007_sheet_not_found;

pub use f001_unreadable_input::{unreadable, unreadable_os, F001};
pub use f002_undecodable_text::{undecodable, F002};
pub use f003_missing_column::{missing_columns, F003};
pub use f004_ambiguous_column::{ambiguous_column, F004};
pub use f005_malformed_record::{malformed_record, unclosed_quote, wrong_field_count, F005};
pub use f006_no_data::{no_data, F006};
pub use f007_sheet_not_found::{sheet_not_found, F007};

/// A problem that stops the whole run (exit 2, nothing written).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {file}: {message}")]
pub struct Fatal {
    /// The rule that stopped the run: F001, F002, F003, F004, F006 or F007.
    pub code: crate::code::Code,
    /// The file as the user named it.
    pub file: String,
    /// What is wrong, in the language of the run.
    pub message: String,
    /// What to do about it, in the language of the run (usually the rule's fix).
    pub help: String,
}
