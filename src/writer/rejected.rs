//! `rejected.csv`: every rejected row with its original cells, ready to be
//! corrected and fed back as input unchanged.

use std::io::{BufWriter, Write};
use std::path::Path;

use tempfile::TempPath;

use crate::field::Field;
use crate::model::RawRow;
use crate::validate::Batch;
use crate::view::Verdict;
use crate::writer::{csv_writer, neutralise_formula, temp_file};

pub const FILE_NAME: &str = "rejected.csv";

/// The extra (unknown) columns of all inputs, by name, in order of first appearance.
pub fn extra_columns(batch: &Batch) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for input in &batch.inputs {
        for name in &input.extra_columns {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    names
}

/// `rejected.csv` as the rejected rows stream by: `;`-separated, CRLF,
/// UTF-8 with a BOM so that Excel opens accents right (the reader takes the
/// BOM back off).
pub struct RejectedWriter {
    file: BufWriter<tempfile::NamedTempFile>,
    rows: usize,
}

/// One record of `rejected.csv` as bytes, line end included.
fn record_bytes<I, T>(record: I) -> std::io::Result<Vec<u8>>
where
    I: IntoIterator<Item = T>,
    T: AsRef<[u8]>,
{
    let mut writer = csv_writer(Vec::new(), b';', b'"', "\r\n");
    writer.write_record(record)?;
    writer.into_inner().map_err(|e| e.into_error())
}

impl RejectedWriter {
    pub fn new(dir: &Path, batch: &Batch) -> std::io::Result<RejectedWriter> {
        let mut file = BufWriter::with_capacity(256 * 1024, temp_file(dir)?);
        file.write_all(b"\xEF\xBB\xBF")?;
        let extras = extra_columns(batch);
        // Header cells are the client's text too (`=HYPERLINK(...)` as a column name).
        let header = Field::ALL
            .iter()
            .map(|f| std::borrow::Cow::Borrowed(f.name()))
            .chain(extras.iter().map(|name| neutralise_formula(name)))
            .chain(["bron", "codes", "meldingen"].map(std::borrow::Cow::Borrowed))
            .map(|cell| cell.into_owned());
        file.write_all(&record_bytes(header)?)?;
        Ok(RejectedWriter { file, rows: 0 })
    }

    /// A rejected row's record (on a worker thread): its original cells, the
    /// extra columns of all inputs (`extras`, see [`extra_columns`]), `bron`,
    /// the codes and the messages.
    pub fn render(batch: &Batch, extras: &[String], row: &Verdict) -> std::io::Result<Vec<u8>> {
        let raw: &RawRow = &row.raw;
        let input_extras = batch
            .inputs
            .get(row.source().input)
            .map(|i| i.extra_columns.as_slice())
            .unwrap_or_default();
        let mut record: Vec<String> = Field::ALL
            .iter()
            .map(|f| neutralise_formula(&raw.cell(*f).display()).into_owned())
            .collect();
        for name in extras {
            let cell = input_extras
                .iter()
                .position(|n| n == name)
                .map(|i| neutralise_formula(&raw.extra(i).display()).into_owned())
                .unwrap_or_default();
            record.push(cell);
        }
        // The origin stays the payroll export's line however often the row is fed back.
        let origin = crate::writer::report::origin_of(raw, &batch.inputs);
        record.push(neutralise_formula(&origin).into_owned());
        let mut codes: Vec<crate::code::Code> = Vec::new();
        for d in &row.diagnostics {
            if !codes.contains(&d.code) {
                codes.push(d.code);
            }
        }
        record.push(codes.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" "));
        let meldingen = row
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect::<Vec<_>>()
            .join(" | ");
        record.push(neutralise_formula(&meldingen).into_owned());
        record_bytes(&record)
    }

    /// Adds one record made by [`RejectedWriter::render`] (call in input order).
    pub fn push(&mut self, record: &[u8]) -> std::io::Result<()> {
        self.rows += 1;
        self.file.write_all(record)
    }

    /// The finished file and its number of rows.
    pub fn finish(self) -> std::io::Result<(TempPath, usize)> {
        let file = self.file.into_inner().map_err(|e| e.into_error())?;
        Ok((file.into_temp_path(), self.rows))
    }
}
