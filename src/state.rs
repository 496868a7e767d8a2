//! What the batch keeps of each row between reading and writing: the row's
//! source, its diagnostics and the few typed facts the batch rules and the
//! figures need. The cells and the typed request are not kept; the writers
//! read the inputs a second time (see `replay`). That keeps memory to under
//! two hundred bytes a row, whatever the width of the input.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::field::Field;
use crate::figures::{school_year, vov_hours};
use crate::model::{Diagnostic, Outcome, Severity, Source, Status};
use crate::rules::value::cell_text_for_identifier;
use crate::values::{Kbo, Unit};

/// The typed facts of a request that the batch rules and figures use.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// KBO and INSZ as numbers: 10 and 11 digits fit a u64.
    pub kbo: u64,
    pub insz: u64,
    /// The normalised ODB number, module suffix included.
    pub odb: Box<str>,
    /// Length of the ODB number without its module suffix.
    pub odb_base_len: u8,
    pub reference_start: NaiveDate,
    pub einddatum: NaiveDate,
    pub eenheid: Unit,
    pub aantal: Decimal,
    /// VOV hours after R209/R210/R213 (see `figures::vov_hours`).
    pub hours: Decimal,
    pub twp: Option<Decimal>,
    /// Index into the batch's [`NameBook`].
    pub name: u32,
}

impl Facts {
    pub fn odb_base(&self) -> &str {
        self.odb.get(..usize::from(self.odb_base_len)).unwrap_or(&self.odb)
    }

    pub fn has_module(&self) -> bool {
        self.odb.len() > usize::from(self.odb_base_len)
    }

    pub fn school_year(&self) -> i32 {
        school_year(self.reference_start)
    }

    /// One employee in one school year: the unit of the cap and the minimum.
    pub fn employee_year(&self) -> (u64, i32) {
        (self.insz, self.school_year())
    }

    pub fn kbo_text(&self) -> String {
        format!("{:010}", self.kbo)
    }

    pub fn insz_text(&self) -> String {
        format!("{:011}", self.insz)
    }
}

/// Names of employees, each distinct name once. Names compare without case,
/// accents, punctuation or extra spaces (X304).
#[derive(Debug, Default)]
pub struct NameBook {
    by_key: HashMap<String, u32>,
    shown: Vec<String>,
}

impl NameBook {
    pub fn key(naam: &str, voornaam: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        format!("{naam} {voornaam}")
            .nfd()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn intern(&mut self, naam: &str, voornaam: &str) -> u32 {
        let key = Self::key(naam, voornaam);
        if let Some(id) = self.by_key.get(&key) {
            return *id;
        }
        let id = u32::try_from(self.shown.len()).unwrap_or(u32::MAX);
        self.shown.push(format!("{naam} {voornaam}"));
        self.by_key.insert(key, id);
        id
    }

    /// The name as first written.
    pub fn shown(&self, id: u32) -> &str {
        self.shown.get(id as usize).map(String::as_str).unwrap_or("")
    }
}

/// One row as the batch keeps it.
#[derive(Debug, Clone)]
pub struct RowState {
    pub source: Source,
    pub facts: Option<Facts>,
    /// The employer's KBO when valid, also for rows whose other fields failed.
    pub employer: Option<u64>,
    /// The KBO cell as written when it is not a valid number (for the report).
    pub kbo_raw: Option<Box<str>>,
    pub diagnostics: Vec<Diagnostic>,
}

impl RowState {
    pub fn from_outcome(outcome: &Outcome, names: &mut NameBook) -> RowState {
        let facts = outcome.request.as_ref().map(|r| Facts {
            kbo: r.kbo.as_str().parse().unwrap_or(0),
            insz: r.insz.as_str().parse().unwrap_or(0),
            odb: r.odb.as_str().into(),
            odb_base_len: u8::try_from(r.odb.base().len()).unwrap_or(u8::MAX),
            reference_start: r.reference_start(),
            einddatum: r.einddatum,
            eenheid: r.eenheid,
            aantal: r.aantal,
            hours: vov_hours(r),
            twp: r.twp,
            name: names.intern(&r.naam, &r.voornaam),
        });
        let (employer, kbo_raw) = match &facts {
            Some(f) => (Some(f.kbo), None),
            None => {
                let raw = cell_text_for_identifier(Field::WerkgeverKbo, outcome.raw.cell(Field::WerkgeverKbo));
                let raw = raw.trim();
                match Kbo::parse(raw) {
                    Ok(kbo) => (kbo.as_str().parse().ok(), None),
                    Err(_) => (None, (!raw.is_empty()).then(|| raw.into())),
                }
            }
        };
        RowState {
            source: outcome.raw.source,
            facts,
            employer,
            kbo_raw,
            diagnostics: outcome.diagnostics.clone(),
        }
    }

    pub fn has(&self, severity: Severity) -> bool {
        self.diagnostics.iter().any(|d| d.severity == severity)
    }

    pub fn status(&self, strict: bool) -> Status {
        let rejected = self
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error || (strict && d.severity == Severity::Warning));
        if rejected || self.facts.is_none() {
            Status::Rejected
        } else {
            Status::Accepted
        }
    }

    /// The employer as the report names it.
    pub fn kbo_display(&self) -> Option<String> {
        match (self.employer, &self.kbo_raw) {
            (Some(kbo), _) => Some(format!("{kbo:010}")),
            (None, Some(raw)) => Some(raw.to_string()),
            (None, None) => None,
        }
    }
}
