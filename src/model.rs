//! The data that flows through the pipeline: raw rows with their source
//! position, typed requests, and diagnostics.

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::codec::{Damaged, Decoder, Encoder};
use crate::field::Field;
use crate::values::{Contract, Initiative, Insz, Kbo, Odb, TrainingType, Unit};

/// Where a row came from: the index of its input in the batch and the line
/// (CSV: the line where the record starts, header = 1) or the row number the
/// spreadsheet shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Source {
    /// The position of the row's input among the batch's inputs (0-based).
    pub input: usize,
    /// The CSV line where the record starts (the header is line 1), or the
    /// spreadsheet's row number.
    pub line: u64,
}

/// One cell as read, borrowed from its row. CSV gives text only;
/// spreadsheets also give numbers and date cells, which the typed parsers use
/// without a round trip through text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// No value: an empty CSV field or an empty spreadsheet cell.
    Empty,
    /// Text as read (CSV fields and text cells), not yet trimmed.
    Text(&'a str),
    /// A numeric spreadsheet cell.
    Number(f64),
    /// A date cell (or date-time cell) of a spreadsheet.
    DateTime(chrono::NaiveDateTime),
    /// A boolean spreadsheet cell (shown as `ja`/`nee`).
    Bool(bool),
}

impl<'a> Cell<'a> {
    /// Whether the cell holds nothing: empty, or text of whitespace only
    /// (a number, date or boolean is never blank).
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// As [`Cell::display`], borrowing text cells instead of copying them
    /// (typing reads every cell of every row).
    pub fn text(&self) -> Cow<'a, str> {
        match *self {
            Cell::Text(t) => Cow::Borrowed(t),
            other => Cow::Owned(other.display()),
        }
    }

    /// The cell as the text of an identifier (KBO, INSZ, ODB number): a
    /// whole number as its digits (an INSZ with its leading zeros, as a
    /// spreadsheet drops them from a number cell), any other cell as
    /// [`Cell::text`].
    pub fn identifier_text(&self, field: Field) -> Cow<'a, str> {
        match (field, *self) {
            (Field::WerknemerInsz, Cell::Number(n)) if n.fract() == 0.0 && (0.0..1e11).contains(&n) => {
                format!("{:011}", n as u64).into()
            }
            (_, Cell::Number(n)) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", n as i64).into(),
            _ => self.text(),
        }
    }

    /// The cell as text, the way a user sees it: numbers without float
    /// noise, dates as dd/mm/yyyy.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.to_string(),
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

/// Where a cell of a [`RawRow`] is: text cells are ranges of the row's one
/// text buffer, so a row costs one allocation, not one per cell.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    Empty,
    Text { start: u32, end: u32 },
    Number(f64),
    DateTime(chrono::NaiveDateTime),
    Bool(bool),
}

/// A record as the reader produced it: the cells of the canonical fields
/// (by `Field::index`), the cells of unknown extra columns, or the reason it
/// could not be read as a row at all (F005).
#[derive(Debug, Clone)]
pub struct RawRow {
    /// Where the row came from (input and line), for messages and `bron`.
    pub source: Source,
    text: String,
    /// Boxed: rows move from the reader to the workers to the writers, and
    /// a 100-byte row moves faster than a 400-byte one.
    fields: Box<[Slot; Field::COUNT]>,
    extras: Vec<Slot>,
    /// The `bron` cell of a row read from a fed-back `rejected.csv`: where
    /// the row first came from (the payroll export's line).
    origin: Slot,
    /// Why the record could not be read as a row (broken quotes, a wrong
    /// number of fields, a NUL byte), for F005; `None` for a readable row.
    pub malformed: Option<String>,
}

impl RawRow {
    /// A row with every cell empty, `extras` extra columns, and room for
    /// `text_capacity` bytes of cell text.
    pub fn new(source: Source, extras: usize, text_capacity: usize) -> RawRow {
        RawRow {
            source,
            text: String::with_capacity(text_capacity),
            fields: Box::new([Slot::Empty; Field::COUNT]),
            extras: vec![Slot::Empty; extras],
            origin: Slot::Empty,
            malformed: None,
        }
    }

    /// Where the row first came from, when it was read from a fed-back
    /// `rejected.csv` (its `bron` cell); `None` for a row read first-hand.
    pub fn origin(&self) -> Option<&str> {
        match self.resolve(self.origin) {
            Cell::Text(t) if !t.trim().is_empty() => Some(t.trim()),
            _ => None,
        }
    }

    /// Keeps the `bron` cell of a fed-back `rejected.csv` (see [`RawRow::origin`]).
    pub fn set_origin(&mut self, cell: Cell<'_>) {
        self.origin = self.store(cell);
    }

    /// The cell of canonical field `field` (empty when the input has no
    /// column for it).
    pub fn cell(&self, field: Field) -> Cell<'_> {
        self.fields
            .get(field.index())
            .map_or(Cell::Empty, |slot| self.resolve(*slot))
    }

    /// The cell of the `index`-th extra column (empty beyond the row's).
    pub fn extra(&self, index: usize) -> Cell<'_> {
        self.extras.get(index).map_or(Cell::Empty, |slot| self.resolve(*slot))
    }

    /// Sets the cell of canonical field `field`, copying text into the
    /// row's buffer.
    pub fn set(&mut self, field: Field, cell: Cell<'_>) {
        let slot = self.store(cell);
        if let Some(target) = self.fields.get_mut(field.index()) {
            *target = slot;
        }
    }

    /// Sets the `index`-th extra column; ignored beyond the row's extras.
    pub fn set_extra(&mut self, index: usize, cell: Cell<'_>) {
        if index < self.extras.len() {
            let slot = self.store(cell);
            self.extras[index] = slot;
        }
    }

    /// Frees the cells once a row's outputs are rendered (the row itself
    /// may still travel on with its diagnostics).
    pub fn clear_cells(&mut self) {
        self.text = String::new();
        *self.fields = [Slot::Empty; Field::COUNT];
        self.extras = Vec::new();
        self.origin = Slot::Empty;
    }

    /// Appends the row to `enc` for the spool (see [`crate::spool`]).
    pub(crate) fn encode(&self, enc: &mut Encoder<'_>) {
        enc.varint(self.source.input as u64);
        enc.varint(self.source.line);
        enc.str(&self.text);
        for slot in self.fields.iter() {
            encode_slot(*slot, enc);
        }
        enc.varint(self.extras.len() as u64);
        for slot in &self.extras {
            encode_slot(*slot, enc);
        }
        encode_slot(self.origin, enc);
        enc.opt_str(self.malformed.as_deref());
    }

    /// A row as [`RawRow::encode`] wrote it.
    pub(crate) fn decode(dec: &mut Decoder<'_>) -> Result<RawRow, Damaged> {
        let source = Source {
            input: dec.usize()?,
            line: dec.varint()?,
        };
        let text = dec.string()?;
        let mut fields = Box::new([Slot::Empty; Field::COUNT]);
        for slot in fields.iter_mut() {
            *slot = decode_slot(dec, text.len())?;
        }
        let extras = (0..dec.usize()?)
            .map(|_| decode_slot(dec, text.len()))
            .collect::<Result<Vec<_>, _>>()?;
        let origin = decode_slot(dec, text.len())?;
        let malformed = dec.opt_string()?;
        Ok(RawRow {
            source,
            text,
            fields,
            extras,
            origin,
            malformed,
        })
    }

    fn store(&mut self, cell: Cell<'_>) -> Slot {
        match cell {
            Cell::Empty => Slot::Empty,
            Cell::Text(t) => {
                // Cell text beyond 4 GiB cannot come from a line reader that
                // caps records; keep such a cell empty rather than wrap.
                let start = self.text.len();
                let Ok(start32) = u32::try_from(start) else {
                    return Slot::Empty;
                };
                let Ok(end32) = u32::try_from(start + t.len()) else {
                    return Slot::Empty;
                };
                self.text.push_str(t);
                Slot::Text {
                    start: start32,
                    end: end32,
                }
            }
            Cell::Number(n) => Slot::Number(n),
            Cell::DateTime(dt) => Slot::DateTime(dt),
            Cell::Bool(b) => Slot::Bool(b),
        }
    }

    fn resolve(&self, slot: Slot) -> Cell<'_> {
        match slot {
            Slot::Empty => Cell::Empty,
            Slot::Text { start, end } => Cell::Text(self.text.get(start as usize..end as usize).unwrap_or_default()),
            Slot::Number(n) => Cell::Number(n),
            Slot::DateTime(dt) => Cell::DateTime(dt),
            Slot::Bool(b) => Cell::Bool(b),
        }
    }
}

fn encode_slot(slot: Slot, enc: &mut Encoder<'_>) {
    match slot {
        Slot::Empty => enc.u8(0),
        Slot::Text { start, end } => {
            enc.u8(1);
            enc.varint(u64::from(start));
            enc.varint(u64::from(end));
        }
        Slot::Number(n) => {
            enc.u8(2);
            enc.f64(n);
        }
        Slot::DateTime(dt) => {
            enc.u8(3);
            enc.date_time(dt);
        }
        Slot::Bool(b) => {
            enc.u8(4);
            enc.bool(b);
        }
    }
}

/// A slot as [`encode_slot`] wrote it; a text range must lie within the
/// row's text (`text_len` bytes), so that no cell is read out of bounds.
fn decode_slot(dec: &mut Decoder<'_>, text_len: usize) -> Result<Slot, Damaged> {
    Ok(match dec.u8()? {
        0 => Slot::Empty,
        1 => {
            let (start, end) = (dec.u32()?, dec.u32()?);
            if start > end || end as usize > text_len {
                return Err(Damaged("a cell lies outside its row's text"));
            }
            Slot::Text { start, end }
        }
        2 => Slot::Number(dec.f64()?),
        3 => Slot::DateTime(dec.date_time()?),
        4 => Slot::Bool(dec.bool()?),
        _ => return Err(Damaged("a cell has no valid kind")),
    })
}

/// How much a finding weighs on its row, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// For information only: the row's status does not change.
    Info,
    /// Worth a look: the row is still accepted, unless `--strict` is on.
    Warning,
    /// The row is rejected and goes to `rejected.csv`.
    Error,
}

impl Severity {
    /// The severity as a lower-case word (`info`, `warning`, `error`), as the
    /// JSON report writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The severity as people read it in `lang`: `fout`, `erreur`, `error`.
    pub fn word(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            Severity::Error => crate::lang::tr!(lang, nl: "fout", fr: "erreur", en: "error"),
            Severity::Warning => crate::lang::tr!(lang, nl: "waarschuwing", fr: "avertissement", en: "warning"),
            Severity::Info => "info",
        }
    }
}

/// One finding on one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The code of the rule that found it (`V101`, `R203`, `F005`, …).
    pub code: crate::code::Code,
    /// How much the finding weighs on the row.
    pub severity: Severity,
    /// The field the finding is about; `None` when it concerns the row as
    /// a whole (an unreadable record, a rule over several fields).
    pub field: Option<Field>,
    /// The offending value as the user may see it (personal data masked).
    pub value: Option<String>,
    /// What is wrong, in the batch's language.
    pub message: String,
    /// How to fix it; mostly the rule's own text, so borrowed, not copied per row.
    pub help: Cow<'static, str>,
}

/// A request whose fields all typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The employer's company number (KBO).
    pub kbo: Kbo,
    /// The employer's name, trimmed; `None` when not given.
    pub werkgever_naam: Option<String>,
    /// The postcode of the establishment unit (1000-9999); `None` when not given.
    pub postcode: Option<u16>,
    /// The employee's INSZ (national register or BIS number).
    pub insz: Insz,
    /// The employee's surname, trimmed.
    pub naam: String,
    /// The employee's first name, trimmed.
    pub voornaam: String,
    /// The training's number in the training database (ODB).
    pub odb: Odb,
    /// The training's title, trimmed; `None` when not given.
    pub titel: Option<String>,
    /// The kind of training; `None` when not given.
    pub opleidingstype: Option<TrainingType>,
    /// The higher-education contract; `None` when not given.
    pub contract: Option<Contract>,
    /// The unit of `aantal` (hours when the input leaves it empty).
    pub eenheid: Unit,
    /// The number of units the request claims: not zero, and at most what one
    /// enrolment can hold in its unit.
    pub aantal: Decimal,
    /// The training's start date, from the enrolment certificate.
    pub startdatum: NaiveDate,
    /// The training's end date, from the enrolment certificate.
    pub einddatum: NaiveDate,
    /// The enrolment date; `None` when not given.
    pub inschrijvingsdatum: Option<NaiveDate>,
    /// The date the employee joined this employer; `None` when not given.
    pub indiensttreding: Option<NaiveDate>,
    /// The employment percentage (TWP, 0-100) at this employer; `None` when not given.
    pub twp: Option<Decimal>,
    /// The employee's total TWP over all employers (0-100); `None` when not given.
    pub twp_totaal: Option<Decimal>,
    /// The employee's average weekly working hours over all employers (DmfA
    /// 'Q' summed, 0-168); `None` when not given.
    pub uren_per_week: Option<Decimal>,
    /// On whose initiative the training is followed; `None` when not given
    /// (counted as the employee's, X308).
    pub initiatief: Option<Initiative>,
    /// Whether the clerk marked the 2025-2026 transitional measure as
    /// applying (R208); `None` when not given.
    pub overgangsmaatregel: Option<bool>,
    /// Whether the employee works a fixed timetable; `None` when not given.
    pub vast_uurrooster: Option<bool>,
    /// The contact e-mail address (trimmed, domain lower-cased); `None` when
    /// not given.
    pub email: Option<String>,
    /// The refund account's IBAN in compact form (`BE68539007547034`); `None`
    /// when not given.
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

/// What becomes of a row after validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The request goes into its employer's upload (warnings included,
    /// unless `--strict`).
    Accepted,
    /// The row goes to `rejected.csv`: a field did not type, a finding is an
    /// error, or `--strict` is on and a finding is a warning.
    Rejected,
    /// An earlier run prepared this very request (X306, the ledger): it is
    /// neither uploaded again nor rejected.
    AlreadyPrepared,
}

impl Status {
    /// The status as the JSON report writes it (`accepted`, `rejected`,
    /// `already_prepared`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::AlreadyPrepared => "already_prepared",
        }
    }
}

/// A row after validation.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The row as read.
    pub raw: RawRow,
    /// The typed request; `None` when a field did not type.
    pub request: Option<Request>,
    /// Every finding on the row.
    pub diagnostics: Vec<Diagnostic>,
}

/// Typed requests for the tests of every layer above the model (the
/// regulation's, the rules', the writers').
#[cfg(test)]
pub(crate) mod test_support {
    use super::Request;
    use crate::values::{Insz, Kbo, Odb, Unit};
    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date")
    }

    /// A valid request: 120 hours from 1 September 2026 to 30 June 2027.
    pub fn request() -> Request {
        Request {
            kbo: Kbo::parse("0403170701").expect("test KBO"),
            werkgever_naam: Some("Acme".into()),
            postcode: Some(9000),
            insz: Insz::parse("85073003328").expect("test INSZ"),
            naam: "Peeters".into(),
            voornaam: "An".into(),
            odb: Odb::parse("ODB-Z00291").expect("test ODB"),
            titel: Some("Boekhouding".into()),
            opleidingstype: None,
            contract: None,
            eenheid: Unit::Uren,
            aantal: Decimal::from(120),
            startdatum: date(2026, 9, 1),
            einddatum: date(2027, 6, 30),
            inschrijvingsdatum: None,
            indiensttreding: None,
            twp: None,
            twp_totaal: None,
            uren_per_week: None,
            initiatief: None,
            overgangsmaatregel: None,
            vast_uurrooster: None,
            email: None,
            iban: None,
        }
    }

    /// The valid [`request`] moved to the school year starting in
    /// `first_year`: 120 hours from 1 September to 30 June.
    pub fn request_in(first_year: i32) -> Request {
        let mut r = request();
        r.startdatum = date(first_year, 9, 1);
        r.einddatum = date(first_year + 1, 6, 30);
        r
    }
}
