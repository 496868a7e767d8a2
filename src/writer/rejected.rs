//! `rejected.csv`: every rejected row with its original cells, ready to be
//! corrected and fed back as input unchanged.

use crate::field::Field;
use crate::model::{Outcome, Status};
use crate::validate::Batch;
use crate::writer::neutralise_formula;

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

/// `file:line` of a row.
pub fn bron(batch: &Batch, outcome: &Outcome) -> String {
    let source = outcome.source();
    let name = batch.inputs.get(source.input).map(|i| i.path.as_str()).unwrap_or("?");
    format!("{name}:{}", source.line)
}

/// The rejected rows as CSV: `;`-separated, CRLF, UTF-8 with a BOM so that
/// Excel opens accents right; the reader takes the BOM back off.
pub fn render(batch: &Batch) -> Result<(Vec<u8>, usize), csv::Error> {
    let extras = extra_columns(batch);
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut out);
    let header: Vec<&str> = Field::ALL
        .iter()
        .map(|f| f.name())
        .chain(extras.iter().map(String::as_str))
        .chain(["bron", "codes", "meldingen"])
        .collect();
    writer.write_record(&header)?;
    let mut count = 0;
    for outcome in batch.outcomes.iter().filter(|o| batch.status(o) == Status::Rejected) {
        count += 1;
        let input_extras = batch
            .inputs
            .get(outcome.source().input)
            .map(|i| i.extra_columns.as_slice())
            .unwrap_or_default();
        let mut record: Vec<String> = Field::ALL
            .iter()
            .map(|f| neutralise_formula(&outcome.raw.cell(*f).display()).into_owned())
            .collect();
        for name in &extras {
            let cell = input_extras
                .iter()
                .position(|n| n == name)
                .and_then(|i| outcome.raw.extras.get(i))
                .map(|c| neutralise_formula(&c.display()).into_owned())
                .unwrap_or_default();
            record.push(cell);
        }
        record.push(neutralise_formula(&bron(batch, outcome)).into_owned());
        let mut codes: Vec<&str> = Vec::new();
        for d in &outcome.diagnostics {
            if !codes.contains(&d.code) {
                codes.push(d.code);
            }
        }
        record.push(codes.join(" "));
        let meldingen = outcome
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect::<Vec<_>>()
            .join(" | ");
        record.push(neutralise_formula(&meldingen).into_owned());
        writer.write_record(&record)?;
    }
    writer.flush()?;
    drop(writer);
    Ok((out, count))
}
