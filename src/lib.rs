//! vov-bulk turns payroll exports and spreadsheets of Belgian social
//! secretariats into bulk upload files for the WSE-loket, where employers
//! claim back Vlaams opleidingsverlof (VOV).
//!
//! The flow runs one way, and reads every input once:
//!
//! 1. [`reader`] turns CSV or spreadsheet rows into [`model::RawRow`]s that
//!    keep their source position;
//! 2. [`validate`] types every row ([`rules::value`]) and applies the
//!    request rules in parallel, keeping each row in a temporary spool and a
//!    compact index of the typed requests in memory, then runs the batch
//!    rules over all inputs;
//! 3. [`assemble`] completes every row with the batch rules' findings, and
//!    [`writer`] emits the per-employer uploads, `rejected.csv` and the JSON
//!    report, published as a whole ([`pipeline`]).
//!
//! A payroll package calls it through [`api`]: records from memory or files,
//! the options in one builder, the results through a [`api::Sink`]:
//!
//! ```
//! use std::ops::ControlFlow;
//! use vov_bulk::api::{BatchBuilder, Record, Records, RowResult, Sink};
//!
//! struct Count(usize);
//! impl Sink for Count {
//!     fn row(&mut self, row: RowResult<'_>) -> ControlFlow<()> {
//!         self.0 += row.diagnostics.len();
//!         ControlFlow::Continue(())
//!     }
//! }
//! let header = ["werkgever_kbo", "werknemer_insz", "werknemer_naam", "werknemer_voornaam",
//!               "odb_nummer", "aantal", "startdatum", "einddatum"].map(String::from).to_vec();
//! let records = Records::new("hook", header, vec![Record::new(1, ["0403170701", "85073003328",
//!     "Peeters", "An", "ODB-0002141", "40", "01/10/2026", "30/06/2027"])]);
//! let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
//! let summary = BatchBuilder::new(as_of).records(records).check(&mut Count(0))?;
//! assert_eq!((summary.rows, summary.accepted), (1, 1));
//! # Ok::<(), vov_bulk::error::Error>(())
//! ```
//!
//! The command line (`cli`, the terminal report, progress) is behind the
//! default feature `cli`; a library user builds without it
//! (`default-features = false`).

#![warn(missing_docs)]
// Without the command line some of the crate's own helpers (the recorder
// thread, folder expansion, the template) have no caller left.
#![cfg_attr(not(feature = "cli"), allow(dead_code))]

pub mod api;
pub(crate) mod assemble;
pub mod calendar;
#[cfg(feature = "cli")]
pub mod cli;
pub mod code;
pub(crate) mod codec;
pub mod error;
#[cfg(test)]
mod every_text;
pub mod field;
pub(crate) mod figures;
#[cfg(feature = "cli")]
pub(crate) mod human;
pub(crate) mod inputs;
pub mod lang;
pub mod ledger;
pub(crate) mod memory;
pub mod model;
pub(crate) mod os_error;
pub(crate) mod pipeline;
#[cfg(feature = "cli")]
pub(crate) mod progress;
pub mod reader;
pub(crate) mod record;
pub mod regulation;
pub mod relations;
pub mod rules;
pub mod schema;
pub(crate) mod spool;
pub(crate) mod state;
pub(crate) mod template;
pub mod validate;
pub mod values;
pub(crate) mod view;
pub(crate) mod writer;
