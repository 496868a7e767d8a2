//! vov-bulk turns payroll exports and spreadsheets of Belgian social
//! secretariats into bulk upload files for the WSE-loket, where employers
//! claim back Vlaams opleidingsverlof (VOV).
//!
//! The flow runs one way:
//!
//! 1. [`reader`] turns CSV or spreadsheet rows into [`model::RawRow`]s that
//!    keep their source position;
//! 2. [`validate`] types every row ([`rules::value`]) and applies the
//!    request rules in parallel, then the batch rules over all inputs;
//! 3. [`writer`] emits the per-employer uploads, `rejected.csv` and the
//!    JSON report; [`human`] renders the report for people.
//!
//! [`pipeline`] strings these together for library callers:
//!
//! ```no_run
//! use vov_bulk::{pipeline, rules::Context, schema::{InputSchema, UploadSchema}, validate::ValidateOptions};
//! let options = ValidateOptions {
//!     context: Context { as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(), warn_days: 14, lang: Default::default() },
//!     strict: false,
//!     merge_modules: false,
//!     jobs: None,
//!     read: Default::default(),
//!     ledger: None,
//!     digest_inputs: false,
//! };
//! let batch = pipeline::check(&["payroll.csv".to_string()], &InputSchema::builtin(), &options)?;
//! let mut report = vov_bulk::writer::report::build(&batch, options.context.as_of);
//! let replace = false;
//! pipeline::write_outputs(&batch, &mut report, std::path::Path::new("out"), &UploadSchema::builtin(), replace, Default::default())?;
//! # Ok::<(), vov_bulk::error::Error>(())
//! ```

pub mod assemble;
pub mod cli;
pub mod error;
pub mod field;
pub mod figures;
pub mod human;
pub mod inputs;
pub mod lang;
pub mod ledger;
pub mod memory;
pub mod model;
pub mod pipeline;
pub mod progress;
pub mod reader;
pub mod record;
pub mod rules;
pub mod schema;
pub mod spool;
pub mod state;
pub mod template;
pub mod validate;
pub mod values;
pub mod writer;
