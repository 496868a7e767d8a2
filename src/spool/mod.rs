//! What the one read keeps of each row until the batch rules have run.
//!
//! The batch rules need every row before any output can be written (a later
//! duplicate, a yearly cap), and the outputs need every row's cells, request
//! and diagnostics, which do not fit in memory for a large batch. So each
//! row, once read, typed and checked, is written here in a compact binary
//! form, in input order, to an unnamed temporary file (gone when the process
//! ends, however it ends). After the batch rules, [`crate::assemble`] reads
//! it back, adds the batch findings and renders the outputs: the input is
//! read once, and standard input needs no copy of itself.

use std::io::{BufReader, BufWriter, Read, Seek, Write};

use crate::codec::{Damaged, Decoder, Encoder};

use crate::field::Field;
use crate::lang::Lang;
use crate::model::{Diagnostic, Outcome, RawRow, Request, Severity};
use crate::values::{Contract, Initiative, Insz, Kbo, Odb, TrainingType, Unit};

/// A row as the spool keeps it: its outcome, and its employer as the
/// counts found it (so that nothing is parsed again).
pub struct SpooledRow {
    pub outcome: Outcome,
    pub employer: Option<u64>,
    pub kbo_raw: Option<Box<str>>,
}

/// Appends `row` to `out` (a row's bytes; [`SpoolWriter::push`] frames
/// them); `lang` is the run's language, as for [`decode`].
pub fn encode(row: &SpooledRow, lang: Lang, out: &mut Vec<u8>) {
    let mut enc = Encoder(out);
    row.outcome.raw.encode(&mut enc);
    match &row.outcome.request {
        None => enc.u8(0),
        Some(request) => {
            enc.u8(1);
            encode_request(request, &mut enc);
        }
    }
    enc.varint(row.outcome.diagnostics.len() as u64);
    for diagnostic in &row.outcome.diagnostics {
        encode_diagnostic(diagnostic, lang, &mut enc);
    }
    match row.employer {
        None => enc.u8(0),
        Some(kbo) => {
            enc.u8(1);
            enc.varint(kbo);
        }
    }
    enc.opt_str(row.kbo_raw.as_deref());
}

/// A row as [`encode`] wrote it; `lang` is the run's language (a
/// diagnostic's help is the rule's own text in it, kept by reference).
pub fn decode(bytes: &[u8], lang: Lang) -> Result<SpooledRow, Damaged> {
    let mut dec = Decoder::new(bytes);
    let raw = RawRow::decode(&mut dec)?;
    let request = match dec.u8()? {
        0 => None,
        1 => Some(decode_request(&mut dec)?),
        _ => return Err(Damaged("a request has no valid tag")),
    };
    let count = dec.usize()?;
    let mut diagnostics = Vec::with_capacity(count.min(64));
    for _ in 0..count {
        diagnostics.push(decode_diagnostic(&mut dec, lang)?);
    }
    let employer = match dec.u8()? {
        0 => None,
        1 => Some(dec.varint()?),
        _ => return Err(Damaged("an employer has no valid tag")),
    };
    let kbo_raw = dec.opt_string()?.map(String::into_boxed_str);
    if !dec.is_done() {
        return Err(Damaged("a row has bytes left over"));
    }
    Ok(SpooledRow {
        outcome: Outcome {
            raw,
            request,
            diagnostics,
        },
        employer,
        kbo_raw,
    })
}

fn encode_request(request: &Request, enc: &mut Encoder<'_>) {
    enc.str(request.kbo.as_str());
    enc.opt_str(request.werkgever_naam.as_deref());
    match request.postcode {
        None => enc.u8(0),
        Some(postcode) => {
            enc.u8(1);
            enc.varint(u64::from(postcode));
        }
    }
    enc.str(request.insz.as_str());
    enc.str(&request.naam);
    enc.str(&request.voornaam);
    enc.str(request.odb.as_str());
    enc.opt_str(request.titel.as_deref());
    enc.u8(match request.opleidingstype {
        None => 0,
        Some(TrainingType::Standaard) => 1,
        Some(TrainingType::Hbo5) => 2,
        Some(TrainingType::Evc) => 3,
        Some(TrainingType::Mentor) => 4,
    });
    enc.u8(match request.contract {
        None => 0,
        Some(Contract::Diplomacontract) => 1,
        Some(Contract::Creditcontract) => 2,
        Some(Contract::Examencontract) => 3,
    });
    enc.u8(match request.eenheid {
        Unit::Uren => 0,
        Unit::Lestijden => 1,
        Unit::Studiepunten => 2,
        Unit::Examens => 3,
    });
    enc.decimal(request.aantal);
    enc.date(request.startdatum);
    enc.date(request.einddatum);
    enc.opt_date(request.inschrijvingsdatum);
    enc.opt_date(request.indiensttreding);
    enc.opt_decimal(request.twp);
    enc.opt_decimal(request.twp_totaal);
    enc.opt_decimal(request.uren_per_week);
    enc.u8(match request.initiatief {
        None => 0,
        Some(Initiative::Werknemer) => 1,
        Some(Initiative::Werkgever) => 2,
    });
    enc.u8(yes_no_tag(request.overgangsmaatregel));
    enc.u8(yes_no_tag(request.vast_uurrooster));
    enc.opt_str(request.email.as_deref());
    enc.opt_str(request.iban.as_deref());
}

/// The tag of a yes/no field: 0 not given, 1 no, 2 yes.
fn yes_no_tag(value: Option<bool>) -> u8 {
    match value {
        None => 0,
        Some(false) => 1,
        Some(true) => 2,
    }
}

/// The yes/no field of a [`yes_no_tag`]; `None` for a tag it never writes.
fn yes_no_from_tag(tag: u8) -> Option<Option<bool>> {
    match tag {
        0 => Some(None),
        1 => Some(Some(false)),
        2 => Some(Some(true)),
        _ => None,
    }
}

fn decode_request(dec: &mut Decoder<'_>) -> Result<Request, Damaged> {
    let kbo = Kbo::parse(dec.str()?).map_err(|_| Damaged("a kept KBO number no longer checks out"))?;
    let werkgever_naam = dec.opt_string()?;
    let postcode = match dec.u8()? {
        0 => None,
        1 => Some(u16::try_from(dec.varint()?).map_err(|_| Damaged("a postcode is out of range"))?),
        _ => return Err(Damaged("a postcode has no valid tag")),
    };
    let insz = Insz::parse(dec.str()?).map_err(|_| Damaged("a kept INSZ number no longer checks out"))?;
    let naam = dec.string()?;
    let voornaam = dec.string()?;
    let odb = Odb::parse(dec.str()?).map_err(|_| Damaged("a kept ODB number no longer checks out"))?;
    let titel = dec.opt_string()?;
    let opleidingstype = match dec.u8()? {
        0 => None,
        1 => Some(TrainingType::Standaard),
        2 => Some(TrainingType::Hbo5),
        3 => Some(TrainingType::Evc),
        4 => Some(TrainingType::Mentor),
        _ => return Err(Damaged("a training type has no valid tag")),
    };
    let contract = match dec.u8()? {
        0 => None,
        1 => Some(Contract::Diplomacontract),
        2 => Some(Contract::Creditcontract),
        3 => Some(Contract::Examencontract),
        _ => return Err(Damaged("a contract has no valid tag")),
    };
    let eenheid = match dec.u8()? {
        0 => Unit::Uren,
        1 => Unit::Lestijden,
        2 => Unit::Studiepunten,
        3 => Unit::Examens,
        _ => return Err(Damaged("a unit has no valid tag")),
    };
    let aantal = dec.decimal()?;
    let startdatum = dec.date()?;
    let einddatum = dec.date()?;
    let inschrijvingsdatum = dec.opt_date()?;
    let indiensttreding = dec.opt_date()?;
    let twp = dec.opt_decimal()?;
    let twp_totaal = dec.opt_decimal()?;
    let uren_per_week = dec.opt_decimal()?;
    let initiatief = match dec.u8()? {
        0 => None,
        1 => Some(Initiative::Werknemer),
        2 => Some(Initiative::Werkgever),
        _ => return Err(Damaged("an initiative has no valid tag")),
    };
    let overgangsmaatregel =
        yes_no_from_tag(dec.u8()?).ok_or(Damaged("a transitional-measure flag has no valid tag"))?;
    let vast_uurrooster = yes_no_from_tag(dec.u8()?).ok_or(Damaged("a schedule flag has no valid tag"))?;
    let email = dec.opt_string()?;
    let iban = dec.opt_string()?;
    Ok(Request {
        kbo,
        werkgever_naam,
        postcode,
        insz,
        naam,
        voornaam,
        odb,
        titel,
        opleidingstype,
        contract,
        eenheid,
        aantal,
        startdatum,
        einddatum,
        inschrijvingsdatum,
        indiensttreding,
        twp,
        twp_totaal,
        uren_per_week,
        initiatief,
        overgangsmaatregel,
        vast_uurrooster,
        email,
        iban,
    })
}

/// The help is mostly the rule's own fix (tag 0, kept by reference), else
/// its own text (tag 1).
fn encode_diagnostic(diagnostic: &Diagnostic, lang: Lang, enc: &mut Encoder<'_>) {
    // The code's place in `Code::ALL`: one byte instead of its text.
    let code_at = crate::code::Code::ALL.iter().position(|c| *c == diagnostic.code);
    enc.u8(code_at.and_then(|at| u8::try_from(at).ok()).unwrap_or(u8::MAX));
    enc.u8(match diagnostic.severity {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    });
    match diagnostic.field {
        None => enc.u8(u8::MAX),
        Some(field) => enc.u8(u8::try_from(field.index()).unwrap_or(u8::MAX)),
    }
    enc.opt_str(diagnostic.value.as_deref());
    enc.str(&diagnostic.message);
    match &diagnostic.help {
        help if crate::rules::rule_fix(diagnostic.code, lang) == &**help => enc.u8(0),
        help => {
            enc.u8(1);
            enc.str(help);
        }
    }
}

fn decode_diagnostic(dec: &mut Decoder<'_>, lang: Lang) -> Result<Diagnostic, Damaged> {
    let code = *crate::code::Code::ALL
        .get(usize::from(dec.u8()?))
        .ok_or(Damaged("a diagnostic has an unknown code"))?;
    let severity = match dec.u8()? {
        0 => Severity::Info,
        1 => Severity::Warning,
        2 => Severity::Error,
        _ => return Err(Damaged("a severity has no valid tag")),
    };
    let field = match dec.u8()? {
        u8::MAX => None,
        index => Some(
            *Field::ALL
                .get(usize::from(index))
                .ok_or(Damaged("a field is out of range"))?,
        ),
    };
    let value = dec.opt_string()?;
    let message = dec.string()?;
    let help = match dec.u8()? {
        0 => std::borrow::Cow::Borrowed(crate::rules::rule_fix(code, lang)),
        1 => std::borrow::Cow::Owned(dec.string()?),
        _ => return Err(Damaged("a help has no valid tag")),
    };
    Ok(Diagnostic {
        code,
        severity,
        field,
        value,
        message,
        help,
    })
}

/// Where the rows of a read are written, each framed by its length and
/// tagged with its entry in the batch's index (so that the batch rules'
/// findings are found by entry, without a map by position).
pub struct SpoolWriter {
    out: BufWriter<std::fs::File>,
    rows: u64,
    bytes: u64,
}

impl SpoolWriter {
    /// A new spool in the temporary directory (`TMPDIR`), readable by this
    /// process only and removed by the system when it ends.
    pub fn new() -> std::io::Result<SpoolWriter> {
        Ok(SpoolWriter {
            out: BufWriter::with_capacity(1 << 20, tempfile::tempfile()?),
            rows: 0,
            bytes: 0,
        })
    }

    /// Appends a row; `entry`: its index entry, when it typed.
    pub fn push(&mut self, entry: Option<u32>, row: &[u8]) -> std::io::Result<()> {
        let len = u32::try_from(row.len())
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidInput, "a row of more than 4 GiB"))?;
        let tag = match entry {
            None => 0,
            Some(entry) => entry
                .checked_add(1)
                .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "more than 4 billion rows"))?,
        };
        self.out.write_all(&len.to_le_bytes())?;
        self.out.write_all(&tag.to_le_bytes())?;
        self.out.write_all(row)?;
        self.rows += 1;
        self.bytes += 8 + row.len() as u64;
        Ok(())
    }

    pub fn finish(self) -> std::io::Result<Spool> {
        tracing::debug!(rows = self.rows, bytes = self.bytes, "spool written");
        let file = self.out.into_inner().map_err(|e| e.into_error())?;
        Ok(Spool { file, rows: self.rows })
    }
}

/// The rows of a finished read.
#[derive(Debug)]
pub struct Spool {
    file: std::fs::File,
    rows: u64,
}

impl Spool {
    /// Reads the rows from the first, in input order.
    pub fn read(&self) -> std::io::Result<SpoolReader> {
        let mut file = self.file.try_clone()?;
        file.rewind()?;
        Ok(SpoolReader {
            inner: BufReader::with_capacity(1 << 20, file),
            left: self.rows,
        })
    }
}

/// A chunk of rows read back: their bytes, one after the other.
#[derive(Debug, Default)]
pub struct Chunk {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    entries: Vec<Option<u32>>,
}

impl Chunk {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Each row's index entry and bytes, in order.
    pub fn rows(&self) -> impl Iterator<Item = (Option<u32>, &[u8])> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .zip(self.entries.iter().copied())
            .map(|((start, end), entry)| (entry, self.bytes.get(start..end).unwrap_or_default()))
    }
}

/// Reads a spool back, a chunk at a time.
pub struct SpoolReader {
    inner: BufReader<std::fs::File>,
    left: u64,
}

impl SpoolReader {
    /// The next `max` rows at most; `None` after the last.
    pub fn next_chunk(&mut self, max: usize) -> std::io::Result<Option<Chunk>> {
        let mut chunk = Chunk::default();
        while chunk.len() < max && self.left > 0 {
            let mut head = [0u8; 8];
            self.inner.read_exact(&mut head)?;
            let [a, b, c, d, e, f, g, h] = head;
            let len = u32::from_le_bytes([a, b, c, d]) as usize;
            let entry = u32::from_le_bytes([e, f, g, h]).checked_sub(1);
            let start = chunk.bytes.len();
            chunk.bytes.resize(start + len, 0);
            self.inner
                .read_exact(chunk.bytes.get_mut(start..).unwrap_or_default())?;
            chunk.ends.push(start + len);
            chunk.entries.push(entry);
            self.left -= 1;
        }
        Ok((!chunk.is_empty()).then_some(chunk))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cell, Source};

    fn row() -> SpooledRow {
        let mut raw = RawRow::new(Source { input: 1, line: 7 }, 2, 64);
        raw.set(Field::WerknemerNaam, Cell::Text("Peeters"));
        raw.set(Field::Aantal, Cell::Number(40.5));
        raw.set(
            Field::Startdatum,
            Cell::DateTime(
                chrono::NaiveDate::from_ymd_opt(2026, 9, 1)
                    .unwrap()
                    .and_hms_opt(0, 0, 0)
                    .unwrap(),
            ),
        );
        raw.set(Field::VastUurrooster, Cell::Bool(true));
        raw.set(Field::UrenPerWeek, Cell::Number(27.99));
        raw.set(Field::Overgangsmaatregel, Cell::Text("oui"));
        raw.set_extra(1, Cell::Text("=HYPERLINK(\"x\")"));
        raw.set_origin(Cell::Text("export.csv:12"));
        let mut request = crate::rules::test_support::request();
        request.twp = Some(rust_decimal::Decimal::new(9375, 2));
        request.uren_per_week = Some(rust_decimal::Decimal::new(2799, 2));
        request.initiatief = Some(Initiative::Werkgever);
        request.overgangsmaatregel = Some(true);
        request.vast_uurrooster = Some(false);
        request.inschrijvingsdatum = request.startdatum.succ_opt();
        request.opleidingstype = Some(TrainingType::Hbo5);
        request.iban = Some("BE68539007547034".into());
        let lang = Lang::En;
        let diagnostics = vec![
            crate::rules::request::R203.diagnostic(Severity::Warning, Some(Field::Aantal), None, "few".into(), lang),
            Diagnostic {
                code: crate::code::Code::V105,
                severity: Severity::Error,
                field: Some(Field::Aantal),
                value: Some("1,2,3".into()),
                message: "not a number".into(),
                help: "own help".to_string().into(),
            },
        ];
        SpooledRow {
            outcome: Outcome {
                raw,
                request: Some(request),
                diagnostics,
            },
            employer: Some(403170701),
            kbo_raw: Some("04031".into()),
        }
    }

    #[test]
    fn a_row_reads_back_whole() {
        let row = row();
        let mut bytes = Vec::new();
        encode(&row, Lang::En, &mut bytes);
        let back = decode(&bytes, Lang::En).unwrap();
        assert_eq!(back.outcome.request, row.outcome.request);
        assert_eq!(back.outcome.diagnostics, row.outcome.diagnostics);
        assert!(matches!(
            back.outcome.diagnostics[0].help,
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(back.employer, row.employer);
        assert_eq!(back.kbo_raw, row.kbo_raw);
        let (a, b) = (&back.outcome.raw, &row.outcome.raw);
        assert_eq!(a.source, b.source);
        for field in Field::ALL {
            assert_eq!(a.cell(field), b.cell(field), "{field:?}");
        }
        assert_eq!(a.extra(1), b.extra(1));
        assert_eq!(a.origin(), Some("export.csv:12"));
    }

    #[test]
    fn a_damaged_row_is_an_error_never_a_panic() {
        let mut bytes = Vec::new();
        encode(&row(), Lang::En, &mut bytes);
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut], Lang::En).is_err(), "cut at {cut}");
        }
        for at in 0..bytes.len() {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0xa5;
            let _ = decode(&flipped, Lang::En);
        }
    }

    #[test]
    fn rows_come_back_in_order_and_in_chunks() {
        let mut writer = SpoolWriter::new().unwrap();
        for n in 0..10u8 {
            let entry = (n % 2 == 0).then_some(u32::from(n));
            writer.push(entry, &vec![n; usize::from(n)]).unwrap();
        }
        let spool = writer.finish().unwrap();
        assert_eq!(spool.rows, 10);
        for _ in 0..2 {
            let mut reader = spool.read().unwrap();
            let mut seen = Vec::new();
            while let Some(chunk) = reader.next_chunk(3).unwrap() {
                assert!(chunk.len() <= 3);
                seen.extend(chunk.rows().map(|(entry, bytes)| (entry, bytes.to_vec())));
            }
            let written: Vec<_> = (0..10u8)
                .map(|n| ((n % 2 == 0).then_some(u32::from(n)), vec![n; usize::from(n)]))
                .collect();
            assert_eq!(seen, written);
        }
    }
}
