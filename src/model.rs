//! The data that flows through the pipeline: raw rows with their source
//! position, typed requests, and diagnostics.

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::field::Field;
use crate::values::{Contract, Insz, Kbo, Odb, TrainingType, Unit};

/// Where a row came from: the index of its input in the batch and the line
/// (CSV: the line where the record starts, header = 1) or the row number the
/// spreadsheet shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Source {
    pub input: usize,
    pub line: u64,
}

/// One cell as read. CSV gives text only; spreadsheets also give numbers and
/// date cells, which the typed parsers use without a round trip through text.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A date cell (or date-time cell) of a spreadsheet.
    DateTime(chrono::NaiveDateTime),
    Bool(bool),
}

impl Cell {
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// As [`Cell::display`], borrowing text cells instead of copying them
    /// (typing reads every cell of every row).
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(t) => Cow::Borrowed(t),
            other => Cow::Owned(other.display()),
        }
    }

    /// The cell as text, the way a user sees it: numbers without float
    /// noise, dates as dd/mm/yyyy.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => format!("{n}"),
            Cell::DateTime(dt) => {
                if dt.time() == chrono::NaiveTime::MIN {
                    dt.format("%d/%m/%Y").to_string()
                } else {
                    dt.format("%d/%m/%Y %H:%M:%S").to_string()
                }
            }
            Cell::Bool(b) => if *b { "ja" } else { "nee" }.to_string(),
        }
    }
}

/// A record as the reader produced it: the cells of the canonical fields
/// (by `Field::index`), the cells of unknown extra columns, or the reason it
/// could not be read as a row at all (F005).
#[derive(Debug, Clone)]
pub struct RawRow {
    pub source: Source,
    pub fields: Vec<Cell>,
    pub extras: Vec<Cell>,
    pub malformed: Option<String>,
}

impl RawRow {
    pub fn cell(&self, field: Field) -> &Cell {
        self.fields.get(field.index()).unwrap_or(&Cell::Empty)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding on one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub field: Option<Field>,
    /// The offending value as the user may see it (personal data masked).
    pub value: Option<String>,
    pub message: String,
    /// How to fix it; mostly the rule's own text, so borrowed, not copied per row.
    pub help: Cow<'static, str>,
}

/// A request whose fields all typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub kbo: Kbo,
    pub werkgever_naam: Option<String>,
    pub postcode: Option<u16>,
    pub insz: Insz,
    pub naam: String,
    pub voornaam: String,
    pub odb: Odb,
    pub titel: Option<String>,
    pub opleidingstype: Option<TrainingType>,
    pub contract: Option<Contract>,
    pub eenheid: Unit,
    pub aantal: Decimal,
    pub startdatum: NaiveDate,
    pub einddatum: NaiveDate,
    pub inschrijvingsdatum: Option<NaiveDate>,
    pub indiensttreding: Option<NaiveDate>,
    pub twp: Option<Decimal>,
    pub vast_uurrooster: Option<bool>,
    pub email: Option<String>,
    pub iban: Option<String>,
}

impl Request {
    /// The date the deadline counts from: the startdatum, or the
    /// inschrijvingsdatum when that is later (late enrolment, R207).
    pub fn reference_start(&self) -> NaiveDate {
        match self.inschrijvingsdatum {
            Some(enrolled) if enrolled > self.startdatum => enrolled,
            _ => self.startdatum,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Accepted,
    Rejected,
}

/// A row after validation.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub raw: RawRow,
    pub request: Option<Request>,
    pub diagnostics: Vec<Diagnostic>,
}
