//! The WSE upload files, one per employer, in the layout of the upload schema.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::TempPath;

use crate::field::Field;
use crate::model::Request;
use crate::schema::{ColumnFormat, UploadColumn, UploadSchema};
use crate::values::date::format_be;
use crate::values::number::format_comma;
use crate::writer::{csv_writer, temp_file};

/// The file name of an employer's upload.
pub fn file_name(kbo: &str) -> String {
    format!("wse-vov_{kbo}.csv")
}

fn date_cell(date: Option<chrono::NaiveDate>, format: &ColumnFormat) -> String {
    match (date, format) {
        (None, _) => String::new(),
        // The schema's pattern was checked when it was loaded; the fallback
        // only keeps a writer that was handed an unchecked one from panicking.
        (Some(d), ColumnFormat::Date(pattern)) => {
            crate::values::date::format_with(d, pattern).unwrap_or_else(|| format_be(d))
        }
        (Some(d), _) => format_be(d),
    }
}

fn number_cell(value: Option<rust_decimal::Decimal>, format: &ColumnFormat) -> String {
    match (value, format) {
        (None, _) => String::new(),
        (Some(v), ColumnFormat::Number { decimal_char }) => format_comma(v).replace(',', decimal_char),
        (Some(v), _) => format_comma(v),
    }
}

/// One cell of the upload: the normalised value of the column's source field
/// (borrowed where it is the request's own text: a line is made per row).
pub fn cell<'r>(request: &'r Request, column: &UploadColumn) -> Cow<'r, str> {
    fn text(value: &Option<String>) -> Cow<'_, str> {
        Cow::Borrowed(value.as_deref().unwrap_or_default())
    }
    let format = &column.format;
    match column.source {
        Field::WerkgeverKbo => request.kbo.as_str().into(),
        Field::WerkgeverNaam => text(&request.werkgever_naam),
        Field::VestigingPostcode => request.postcode.map(|p| p.to_string()).unwrap_or_default().into(),
        Field::WerknemerInsz => request.insz.as_str().into(),
        Field::WerknemerNaam => request.naam.as_str().into(),
        Field::WerknemerVoornaam => request.voornaam.as_str().into(),
        Field::OdbNummer => request.odb.as_str().into(),
        Field::OpleidingTitel => text(&request.titel),
        Field::Opleidingstype => request.opleidingstype.map(|t| t.as_str()).unwrap_or_default().into(),
        Field::Contract => request.contract.map(|c| c.as_str()).unwrap_or_default().into(),
        Field::Eenheid => request.eenheid.as_str().into(),
        Field::Aantal => number_cell(Some(request.aantal), format).into(),
        // R207: after a late enrolment WSE wants the enrolment date as start.
        Field::Startdatum => date_cell(Some(request.reference_start()), format).into(),
        Field::Einddatum => date_cell(Some(request.einddatum), format).into(),
        Field::Inschrijvingsdatum => date_cell(request.inschrijvingsdatum, format).into(),
        Field::Indiensttreding => date_cell(request.indiensttreding, format).into(),
        Field::TewerkstellingPct => number_cell(request.twp, format).into(),
        Field::TewerkstellingTotaalPct => number_cell(request.twp_totaal, format).into(),
        Field::UrenPerWeek => number_cell(request.uren_per_week, format).into(),
        Field::Initiatief => request.initiatief.map_or("", |i| i.as_str()).into(),
        Field::Overgangsmaatregel => yes_no_cell(request.overgangsmaatregel),
        Field::VastUurrooster => yes_no_cell(request.vast_uurrooster),
        Field::ContactEmail => text(&request.email),
        Field::Iban => text(&request.iban),
    }
}

/// A yes/no field as the upload writes it: `ja`, `nee` or empty.
fn yes_no_cell(value: Option<bool>) -> Cow<'static, str> {
    match value {
        Some(true) => "ja".into(),
        Some(false) => "nee".into(),
        None => "".into(),
    }
}

fn new_writer(schema: &UploadSchema) -> csv::Writer<Vec<u8>> {
    let d = &schema.dialect;
    csv_writer(Vec::new(), d.delimiter, d.quote, &d.line_terminator)
}

/// The header line of an upload (empty when the dialect has none).
fn header_bytes(schema: &UploadSchema) -> std::io::Result<Vec<u8>> {
    let mut writer = new_writer(schema);
    if schema.dialect.header {
        writer.write_record(schema.columns.iter().map(|c| c.name.as_str()))?;
    }
    writer.into_inner().map_err(|e| e.into_error())
}

/// A whole upload file's bytes: the header and one line per request (the
/// library's [`crate::api::upload_bytes`]; `prepare` writes the lines as the
/// rows stream by instead).
pub fn render<'a>(requests: impl IntoIterator<Item = &'a Request>, schema: &UploadSchema) -> std::io::Result<Vec<u8>> {
    let mut bytes = header_bytes(schema)?;
    for request in requests {
        bytes.extend_from_slice(&render_line(request, schema)?);
    }
    Ok(bytes)
}

/// One request's line of an upload, line end included (made on a worker
/// thread; [`UploadFiles::push`] only appends it).
pub fn render_line(request: &Request, schema: &UploadSchema) -> std::io::Result<Vec<u8>> {
    let mut writer = new_writer(schema);
    for column in &schema.columns {
        writer.write_field(cell(request, column).as_bytes())?;
    }
    // An empty record after the fields ends the line.
    writer.write_record(std::iter::empty::<&[u8]>())?;
    writer.into_inner().map_err(|e| e.into_error())
}

/// Per employer, at most this much is buffered before it is appended to the file.
const BUFFER_BYTES: usize = 64 * 1024;

/// All employers together buffer at most this much: with thousands of
/// employers, per-employer buffers alone would not bound memory.
const TOTAL_BUFFER_BYTES: usize = 8 * 1024 * 1024;

/// An upload being written: its temporary file and what is not yet in it.
struct Pending {
    path: TempPath,
    buffer: Vec<u8>,
    rows: usize,
}

impl Pending {
    fn flush(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let mut file = std::fs::OpenOptions::new().append(true).open(&self.path)?;
        file.write_all(&self.buffer)?;
        self.buffer = Vec::new();
        Ok(())
    }
}

/// A finished upload, still under its temporary name.
pub struct Finished {
    pub kbo: String,
    pub path: TempPath,
    pub rows: usize,
}

/// The uploads of a batch, one per employer, written as the rows stream by.
pub struct UploadFiles<'s> {
    dir: PathBuf,
    schema: &'s UploadSchema,
    files: BTreeMap<String, Pending>,
    buffered: usize,
}

impl<'s> UploadFiles<'s> {
    pub fn new(dir: &Path, schema: &'s UploadSchema) -> UploadFiles<'s> {
        UploadFiles {
            dir: dir.to_path_buf(),
            schema,
            files: BTreeMap::new(),
            buffered: 0,
        }
    }

    /// Adds a line made by [`render_line`] to the upload of employer `kbo`
    /// (call in input order).
    pub fn push(&mut self, kbo: &str, line: &[u8]) -> std::io::Result<()> {
        if !self.files.contains_key(kbo) {
            let path = temp_file(&self.dir)?.into_temp_path();
            let buffer = header_bytes(self.schema)?;
            self.buffered += buffer.len();
            self.files.insert(kbo.to_string(), Pending { path, buffer, rows: 0 });
        }
        let Some(pending) = self.files.get_mut(kbo) else {
            return Ok(());
        };
        pending.buffer.extend_from_slice(line);
        pending.rows += 1;
        self.buffered += line.len();
        if pending.buffer.len() >= BUFFER_BYTES {
            self.buffered -= pending.buffer.len();
            pending.flush()?;
        }
        if self.buffered >= TOTAL_BUFFER_BYTES {
            for pending in self.files.values_mut() {
                pending.flush()?;
            }
            self.buffered = 0;
        }
        Ok(())
    }

    /// Flushes every upload and hands them over, by KBO.
    pub fn finish(self) -> std::io::Result<Vec<Finished>> {
        let mut done = Vec::with_capacity(self.files.len());
        for (kbo, mut pending) in self.files {
            pending.flush()?;
            done.push(Finished {
                kbo,
                path: pending.path,
                rows: pending.rows,
            });
        }
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{date, request};
    use rust_decimal::Decimal;

    #[test]
    fn builtin_layout_with_late_enrolment_and_decimal_comma() {
        let mut r = request();
        r.aantal = Decimal::new(365, 1);
        r.inschrijvingsdatum = Some(date(2026, 10, 15));
        r.email = Some("hr@acme.be".into());
        let bytes = render([&r], &UploadSchema::builtin()).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "ondernemingsnummer;insz;naam;voornaam;odb_nummer;startdatum;einddatum;eenheid;aantal;indiensttreding;email;initiatief\r\n\
             0403170701;85073003328;Peeters;An;ODB-Z00291;15/10/2026;30/06/2027;uren;36,5;;hr@acme.be;\r\n"
        );
    }

    #[test]
    fn the_initiative_is_the_last_column() {
        let mut r = request();
        r.initiatief = Some(crate::values::Initiative::Werkgever);
        let text = String::from_utf8(render([&r], &UploadSchema::builtin()).unwrap()).unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert!(lines[0].ends_with(";email;initiatief"), "{text}");
        assert!(lines[1].ends_with(";werkgever"), "{text}");
        r.initiatief = Some(crate::values::Initiative::Werknemer);
        let text = String::from_utf8(render([&r], &UploadSchema::builtin()).unwrap()).unwrap();
        assert!(text.ends_with(";werknemer\r\n"), "{text}");
    }

    #[test]
    fn a_field_holding_the_delimiter_is_quoted() {
        let mut r = request();
        r.naam = "Peeters; De Smet".into();
        let text = String::from_utf8(render([&r], &UploadSchema::builtin()).unwrap()).unwrap();
        assert!(text.contains(";\"Peeters; De Smet\";"));
    }
}
