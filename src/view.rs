//! The row view: what the writers consume of a checked row, defined below
//! them (as ripgrep's `Sink` is below its printers). [`crate::assemble`]
//! makes each [`Verdict`] from the spool and the batch rules' findings, and
//! fills its [`Output`] on a worker thread; the writers (`writer::*`) read a
//! verdict and say what they make of it ([`Brief`] for `report.html`,
//! [`SheetRow`] for `rejected.xlsx`) without knowing the pipeline. The
//! writers keep the code that fills these types; only the types live here.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::ledger::PreparedRequest;
use crate::model::{Diagnostic, RawRow, Request, Severity, Source, Status};
use crate::state::Standing;

/// One row met again, with its final diagnostics.
pub struct Verdict {
    pub raw: RawRow,
    /// The typed request, when every field typed (boxed: verdicts move by
    /// the million, and the request is dropped once its line is made).
    pub request: Option<Box<Request>>,
    /// Errors first, then warnings, then infos; by code within each.
    pub diagnostics: Vec<Diagnostic>,
    pub standing: Standing,
    /// The employer's KBO when valid; else the KBO cell as written, if any.
    pub employer: Option<u64>,
    pub kbo_raw: Option<Box<str>>,
    /// The row's entry in the JSON report, rendered (on a worker thread)
    /// when the replay was asked for it and the row has a diagnostic.
    pub report_entry: Option<Vec<u8>>,
    /// What the writers made of the row on a worker thread (see `assemble::assemble_with`).
    pub output: Output,
}

/// A row's line in an output file, made on a worker thread so that the
/// thread writing the files only appends bytes.
#[derive(Debug, Default)]
pub enum Output {
    #[default]
    None,
    /// A line of the upload of employer `kbo`, and what the ledger keeps of
    /// its request (when a ledger records the run).
    Upload {
        kbo: String,
        line: Vec<u8>,
        record: Option<Box<PreparedRequest>>,
        /// What `report.html` shows of it.
        brief: Option<Box<Brief>>,
    },
    /// A rejected row: its record of `rejected.csv`, its row of
    /// `rejected.xlsx`, and what `report.html` shows of it.
    Rejected {
        /// The record of `rejected.csv`, line end included.
        csv: Vec<u8>,
        /// The row of `rejected.xlsx`.
        sheet: Box<SheetRow>,
        /// What `report.html` shows of it.
        brief: Box<Brief>,
    },
}

impl Verdict {
    pub fn source(&self) -> Source {
        self.raw.source
    }

    pub fn status(&self) -> Status {
        self.standing.status
    }

    /// The employer as the report names it.
    pub fn kbo_display(&self) -> Option<String> {
        crate::state::kbo_display(self.employer, self.kbo_raw.as_deref())
    }
}

/// What the page needs of one row: made on a worker thread while the row's
/// cells and request are still there, every text masked.
#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    /// The employer's KBO when valid.
    pub employer: Option<u64>,
    /// The KBO cell as written, for a row whose KBO is not valid.
    pub kbo_written: Option<String>,
    /// Name, first name and masked INSZ.
    pub employee: String,
    /// The ODB number as written.
    pub odb: String,
    /// `bron`: the payroll export's line.
    pub origin: String,
    /// The last day to submit, when the row's dates typed.
    pub last_day: Option<NaiveDate>,
    /// The (reference) start of the training, when typed.
    pub start: Option<NaiveDate>,
    /// The row's VOV hours, when typed.
    pub hours: Option<Decimal>,
    /// Of a rejected row: each diagnostic's severity, code and message.
    pub problems: Vec<(Severity, &'static str, String)>,
    /// Of an accepted row: each warning, with what to check.
    pub warnings: Vec<Warned>,
}

/// A warning of an accepted row: its code, its message (masked) and what
/// to check before uploading (the rule's help).
#[derive(Debug, Clone, PartialEq)]
pub struct Warned {
    /// The rule's code.
    pub code: &'static str,
    /// The message, masked.
    pub message: String,
    /// What to check: the rule's help.
    pub help: std::borrow::Cow<'static, str>,
}

/// One cell of a rejected row as the workbook writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum SheetCell {
    /// Nothing written.
    Empty,
    /// A text cell, exactly as read (never a formula).
    Text(String),
    /// A number cell of a spreadsheet input.
    Number(f64),
    /// A date: a date cell of a spreadsheet, or text that reads as a date.
    Date(NaiveDate),
}

/// A cell a diagnostic names: its column, the worst severity among the
/// diagnostics naming it, and their messages.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// The 0-based column.
    pub column: u16,
    /// The worst severity of the diagnostics naming the cell.
    pub severity: Severity,
    /// `CODE: message` of each diagnostic naming the cell, one a line.
    pub note: String,
}

/// A rejected row made ready for the workbook on a worker thread, so that
/// the thread writing the file only appends cells.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    /// Every column: the canonical fields, the extra columns, `bron`,
    /// `codes` and `meldingen` (as in `rejected.csv`).
    pub cells: Vec<SheetCell>,
    /// The cells diagnostics name.
    pub marks: Vec<Mark>,
    /// The row's worst severity, which fills its `codes` cell.
    pub worst: Option<Severity>,
}
