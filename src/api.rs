//! The library's front door: a batch of inputs (files, or records a payroll
//! package holds in memory), its options in one builder with the command
//! line's defaults, and the results through a [`Sink`] the caller
//! implements, or written as the command line writes them.
//!
//! ```
//! use std::ops::ControlFlow;
//! use vov_bulk::api::{BatchBuilder, Record, Records, RowResult, Sink};
//!
//! struct Print;
//! impl Sink for Print {
//!     fn row(&mut self, row: RowResult<'_>) -> ControlFlow<()> {
//!         println!("{}:{} {:?} {}", row.input, row.line, row.status, row.diagnostics.len());
//!         ControlFlow::Continue(())
//!     }
//! }
//!
//! let header = ["werkgever_kbo", "werknemer_insz", "werknemer_naam", "werknemer_voornaam",
//!               "odb_nummer", "aantal", "startdatum", "einddatum"];
//! let records = Records::new("payroll", header.iter().map(|h| h.to_string()).collect(), vec![
//!     Record::new(1, ["0403170701", "85073003328", "Peeters", "An", "ODB-0002141", "40",
//!                     "01/10/2026", "30/06/2027"]),
//! ]);
//! let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
//! let summary = BatchBuilder::new(as_of).records(records).check(&mut Print)?;
//! assert_eq!(summary.accepted, 1);
//! # Ok::<(), vov_bulk::error::Error>(())
//! ```

use std::ops::ControlFlow;
use std::path::Path;

use chrono::NaiveDate;

use crate::assemble::{assemble, Flow};
use crate::error::Error;
use crate::lang::{tr, Lang};
use crate::ledger::LedgerView;
use crate::model::{Cell, Diagnostic, RawRow, Request, Source, Status};
use crate::reader::{HeaderMap, InputInfo, ReadOptions, RowSource, TextEncoding};
use crate::rules::file::Fatal;
use crate::rules::Context;
use crate::schema::{InputSchema, UploadSchema};
use crate::validate::{validate_inputs, Batch, Input, ValidateOptions};

/// One record a caller holds: its line (or row number) in the caller's own
/// source, and its cells in the order of the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Where the record is in the caller's source; messages and `bron` name it.
    pub line: u64,
    /// The cells, in the order of [`Records`]' header; missing cells are empty.
    pub cells: Vec<String>,
}

impl Record {
    /// A record of `cells` at `line`.
    pub fn new<S: Into<String>>(line: u64, cells: impl IntoIterator<Item = S>) -> Record {
        Record {
            line,
            cells: cells.into_iter().map(Into::into).collect(),
        }
    }
}

/// Records from memory, with the header that names their columns (the same
/// names and aliases a CSV header may use; see the input schema).
pub struct Records {
    name: String,
    header: Vec<String>,
    records: Box<dyn Iterator<Item = Record> + Send>,
}

impl Records {
    /// Records named `name` (in messages and in `bron`, as a file would be).
    pub fn new<I>(name: impl Into<String>, header: Vec<String>, records: I) -> Records
    where
        I: IntoIterator<Item = Record>,
        I::IntoIter: Send + 'static,
    {
        Records {
            name: name.into(),
            header,
            records: Box::new(records.into_iter()),
        }
    }
}

/// [`Records`] as a row source of the batch at position `input`.
struct RecordRows {
    name: String,
    input: usize,
    map: HeaderMap,
    records: Box<dyn Iterator<Item = Record> + Send>,
    rows: usize,
}

impl RowSource for RecordRows {
    fn next_row(&mut self) -> Option<Result<RawRow, Fatal>> {
        loop {
            let record = self.records.next()?;
            // Blank records are skipped and not counted, as in a file.
            if record.cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            self.rows += 1;
            let source = Source {
                input: self.input,
                line: record.line,
            };
            let text_len = record.cells.iter().map(String::len).sum();
            let cells = record.cells.iter().map(|c| Cell::Text(c));
            return Some(Ok(self.map.row_with_capacity(cells, text_len, source)));
        }
    }

    fn info(&self) -> InputInfo {
        InputInfo {
            path: self.name.clone(),
            sheet: None,
            encoding: None,
            delimiter: None,
            rows: self.rows,
            headers: self.map.headers.clone(),
            extra_columns: self.map.extra_names.clone(),
            columns: self.map.targets.clone(),
            header_line: 1,
            skipped_rows: 0,
            notes: Vec::new(),
        }
    }

    fn header_map(&self) -> &HeaderMap {
        &self.map
    }
}

/// One row's result, complete (batch rules included), handed to a [`Sink`]
/// in input order.
#[derive(Debug)]
pub struct RowResult<'a> {
    /// The input's name (a file's path, or the name given to [`Records`]).
    pub input: &'a str,
    /// The row's line (or the record's line as given).
    pub line: u64,
    /// Where a row of a fed-back `rejected.csv` first came from.
    pub origin: Option<&'a str>,
    /// Accepted (goes into an upload), rejected, or already prepared by an
    /// earlier run (the ledger).
    pub status: Status,
    /// The typed request, when every field typed.
    pub request: Option<&'a Request>,
    /// Errors first, then warnings, then infos, in the batch's language;
    /// INSZ and IBAN numbers in messages are masked.
    pub diagnostics: &'a [Diagnostic],
}

/// Where a batch's rows go: implemented by the caller.
pub trait Sink {
    /// One row; [`ControlFlow::Break`] stops the rows (the summary still
    /// counts every row of the batch).
    fn row(&mut self, row: RowResult<'_>) -> ControlFlow<()>;
}

/// What a batch came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Rows in all inputs (blank ones not counted).
    pub rows: usize,
    /// Rows that go into an upload.
    pub accepted: usize,
    /// Rows that go into `rejected.csv`.
    pub rejected: usize,
    /// Rows an earlier run prepared (X306).
    pub already_prepared: usize,
    /// Accepted rows with a warning.
    pub with_warnings: usize,
}

impl Summary {
    fn of(batch: &Batch) -> Summary {
        let tally = &batch.tally;
        Summary {
            rows: tally.rows,
            accepted: tally.accepted,
            rejected: tally.rejected,
            already_prepared: tally.already_prepared,
            with_warnings: tally.with_warnings,
        }
    }
}

/// An input given to the builder.
enum Given {
    File(String),
    Records(Records),
}

/// A batch's inputs and options, with the command line's defaults: R206
/// warns 14 days ahead, messages in Dutch, warnings accepted, modules not
/// merged, all cores, the built-in input and upload layouts, no ledger.
pub struct BatchBuilder {
    as_of: NaiveDate,
    warn_days: u32,
    lang: Lang,
    strict: bool,
    merge_modules: bool,
    jobs: Option<usize>,
    read: ReadOptions,
    input_schema: InputSchema,
    upload_schema: UploadSchema,
    ledger: Option<std::sync::Arc<LedgerView>>,
    skip_unreadable: bool,
    inputs: Vec<Given>,
}

impl BatchBuilder {
    /// A batch submitted on `as_of` (the date the deadline rules assume).
    pub fn new(as_of: NaiveDate) -> BatchBuilder {
        BatchBuilder {
            as_of,
            warn_days: Context::DEFAULT_WARN_DAYS,
            lang: Lang::default(),
            strict: false,
            merge_modules: false,
            jobs: None,
            read: ReadOptions::default(),
            input_schema: InputSchema::builtin(),
            upload_schema: UploadSchema::builtin(),
            ledger: None,
            skip_unreadable: false,
            inputs: Vec::new(),
        }
    }

    /// Adds a CSV or spreadsheet file (or `-`, standard input).
    pub fn file(mut self, path: impl AsRef<Path>) -> BatchBuilder {
        self.inputs.push(Given::File(path.as_ref().display().to_string()));
        self
    }

    /// Adds records held in memory.
    pub fn records(mut self, records: Records) -> BatchBuilder {
        self.inputs.push(Given::Records(records));
        self
    }

    /// R206's horizon in days, counting the as-of day itself (default 14).
    pub fn warn_days(mut self, days: u32) -> BatchBuilder {
        self.warn_days = days;
        self
    }

    /// The language of messages (default Dutch).
    pub fn lang(mut self, lang: Lang) -> BatchBuilder {
        self.lang = lang;
        self.read.lang = lang;
        self
    }

    /// Reject rows with a warning too (`--strict`).
    pub fn strict(mut self, strict: bool) -> BatchBuilder {
        self.strict = strict;
        self
    }

    /// Merge module rows of one enrolment into one request (X305, `--merge-modules`).
    pub fn merge_modules(mut self, merge: bool) -> BatchBuilder {
        self.merge_modules = merge;
        self
    }

    /// Worker threads (default: all cores).
    pub fn jobs(mut self, jobs: usize) -> BatchBuilder {
        self.jobs = Some(jobs.max(1));
        self
    }

    /// The CSV field delimiter, instead of detecting it.
    pub fn delimiter(mut self, delimiter: char) -> BatchBuilder {
        self.read.delimiter = Some(delimiter);
        self
    }

    /// The CSV text encoding, instead of detecting it.
    pub fn encoding(mut self, encoding: TextEncoding) -> BatchBuilder {
        self.read.encoding = Some(encoding);
        self
    }

    /// The spreadsheet sheet to read (default: the first visible one).
    pub fn sheet(mut self, sheet: impl Into<String>) -> BatchBuilder {
        self.read.sheet = Some(sheet.into());
        self
    }

    /// Reads every visible sheet of a workbook that has the required columns,
    /// each as an input (`--all-sheets`; default: only the first visible one).
    pub fn all_sheets(mut self, all: bool) -> BatchBuilder {
        self.read.all_sheets = all;
        self
    }

    /// The header is line / spreadsheet row `row` (1-based, `--header-row`);
    /// default: detected (the first row that maps the required fields).
    pub fn header_row(mut self, row: u64) -> BatchBuilder {
        self.read.header_row = Some(row.max(1));
        self
    }

    /// A column header `header` maps to `field`, on top of the input
    /// schema's aliases (`--map FIELD=HEADER`; give the input schema first:
    /// [`BatchBuilder::input_schema`] replaces the whole layout). A header
    /// without letters or digits, or that is another field's canonical name,
    /// is ignored.
    pub fn map(mut self, field: crate::field::Field, header: &str) -> BatchBuilder {
        self.input_schema.add_alias(field, header);
        self
    }

    /// A file that is fatal on its own when opened (F001-F004, F006, F007) is
    /// left out with a note instead of failing the batch (`--skip-unreadable`;
    /// default: off).
    pub fn skip_unreadable(mut self, skip: bool) -> BatchBuilder {
        self.skip_unreadable = skip;
        self
    }

    /// The input layout (default: the built-in one).
    pub fn input_schema(mut self, schema: InputSchema) -> BatchBuilder {
        self.input_schema = schema;
        self
    }

    /// The upload layout (default: the built-in one).
    pub fn upload_schema(mut self, schema: UploadSchema) -> BatchBuilder {
        self.upload_schema = schema;
        self
    }

    /// What earlier runs prepared (X306, X307): see
    /// [`crate::ledger::Ledger::view`].
    pub fn ledger(mut self, view: LedgerView) -> BatchBuilder {
        self.ledger = Some(std::sync::Arc::new(view));
        self
    }

    fn validate(self) -> Result<(Batch, UploadSchema), Error> {
        let options = ValidateOptions {
            context: Context {
                as_of: self.as_of,
                warn_days: self.warn_days,
                lang: self.lang,
            },
            strict: self.strict,
            merge_modules: self.merge_modules,
            jobs: self.jobs,
            read: self.read,
            ledger: self.ledger,
            digest_inputs: false,
            skip_unreadable: self.skip_unreadable,
        };
        if self.inputs.is_empty() {
            return Err(Error::Usage(
                tr!(self.lang,
                    nl: "geen invoer: geef een bestand of records",
                    fr: "aucune entrée: donnez un fichier ou des enregistrements",
                    en: "no input: give a file or records",
                )
                .into(),
            ));
        }
        let mut inputs = Vec::with_capacity(self.inputs.len());
        for (input, given) in self.inputs.into_iter().enumerate() {
            inputs.push(match given {
                Given::File(path) => Input::Path(path),
                Given::Records(records) => {
                    let map = HeaderMap::new(records.header, &self.input_schema, &records.name, self.lang)?;
                    Input::Rows(Box::new(RecordRows {
                        name: records.name,
                        input,
                        map,
                        records: records.records,
                        rows: 0,
                    }))
                }
            });
        }
        let batch = validate_inputs(inputs, &self.input_schema, &options, &mut |_, _| {})?;
        Ok((batch, self.upload_schema))
    }

    /// Checks every row and hands each, complete, in input order, to `sink`.
    /// Nothing is written. A fatal problem (an unreadable file, a missing
    /// column) is an error, and no row reaches the sink.
    pub fn check(self, sink: &mut dyn Sink) -> Result<Summary, Error> {
        let (batch, _) = self.validate()?;
        let names: Vec<&str> = batch.inputs.iter().map(|i| i.path.as_str()).collect();
        assemble(&batch, false, &mut |row| {
            let result = RowResult {
                input: names.get(row.source().input).copied().unwrap_or_default(),
                line: row.source().line,
                origin: row.raw.origin(),
                status: row.status(),
                request: row.request.as_deref(),
                diagnostics: &row.diagnostics,
            };
            Ok(match sink.row(result) {
                ControlFlow::Continue(()) => Flow::Continue,
                ControlFlow::Break(()) => Flow::Stop,
            })
        })?;
        Ok(Summary::of(&batch))
    }

    /// Checks every row and writes what `vov-bulk prepare --no-ledger`
    /// writes into `out`: one upload per employer, `rejected.csv` and
    /// `report.json`, published as a whole. `replace`: `out` may hold an
    /// earlier run's outputs, which are replaced.
    pub fn prepare(self, out: &Path, replace: bool) -> Result<Summary, Error> {
        let lang = self.lang;
        let as_of = self.as_of;
        let (batch, upload_schema) = self.validate()?;
        let mut report = crate::writer::report::build(&batch, as_of);
        crate::pipeline::write_outputs(&batch, &mut report, out, &upload_schema, replace, lang)?;
        Ok(Summary::of(&batch))
    }
}

/// One upload file's bytes for `requests` in the layout of `schema` (the
/// header and one line per request, in the dialect's delimiter, quoting and
/// line ends), exactly as `prepare` writes them: for a caller that writes
/// the files itself, e.g. from the typed requests its [`Sink`] received.
/// `UploadSchema::builtin()` is the WSE-loket's layout.
///
/// # Errors
///
/// Only when the CSV writer fails on a value (it writes into memory).
pub fn upload_bytes<'a>(
    requests: impl IntoIterator<Item = &'a Request>,
    schema: &UploadSchema,
) -> std::io::Result<Vec<u8>> {
    crate::writer::upload::render(requests, schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: [&str; 8] = [
        "werkgever_kbo",
        "werknemer_insz",
        "werknemer_naam",
        "werknemer_voornaam",
        "odb_nummer",
        "aantal",
        "startdatum",
        "einddatum",
    ];

    fn row(insz: &str) -> [String; 8] {
        [
            "0403170701",
            insz,
            "Peeters",
            "An",
            "ODB-0002141",
            "40",
            "01/10/2026",
            "30/06/2027",
        ]
        .map(String::from)
    }

    fn records(rows: Vec<Record>) -> Records {
        Records::new("hook", HEADER.map(String::from).to_vec(), rows)
    }

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[derive(Default)]
    struct Collect(Vec<(String, u64, Status, Vec<crate::code::Code>, bool)>);

    impl Sink for Collect {
        fn row(&mut self, row: RowResult<'_>) -> ControlFlow<()> {
            let codes = row.diagnostics.iter().map(|d| d.code).collect();
            self.0.push((
                row.input.to_string(),
                row.line,
                row.status,
                codes,
                row.request.is_some(),
            ));
            ControlFlow::Continue(())
        }
    }

    #[test]
    fn upload_bytes_are_the_header_and_one_line_per_request() {
        let request = crate::rules::test_support::request();
        let bytes = upload_bytes([&request, &request], &UploadSchema::builtin()).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = text.split_terminator("\r\n").collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[0].starts_with("ondernemingsnummer;insz;"), "{text}");
        assert!(
            lines[1].starts_with("0403170701;85073003328;Peeters;An;ODB-Z00291;01/09/2026;"),
            "{text}"
        );
        assert_eq!(lines[1], lines[2]);
    }

    #[test]
    fn records_from_memory_are_checked_like_a_file_batch_rules_included() {
        let mut sink = Collect::default();
        let summary = BatchBuilder::new(as_of())
            .lang(Lang::En)
            .jobs(1)
            .records(records(vec![
                Record::new(10, row("85073003328")),
                Record::new(11, ["", "", ""]),
                Record::new(12, row("85073003329")),
                Record::new(13, row("85073003328")),
            ]))
            .check(&mut sink)
            .unwrap();
        assert_eq!(
            sink.0,
            vec![
                ("hook".to_string(), 10, Status::Accepted, vec![], true),
                (
                    "hook".to_string(),
                    12,
                    Status::Rejected,
                    vec![crate::code::Code::V102],
                    false
                ),
                (
                    "hook".to_string(),
                    13,
                    Status::Rejected,
                    vec![crate::code::Code::X301],
                    true
                ),
            ]
        );
        assert_eq!(
            summary,
            Summary {
                rows: 3,
                accepted: 1,
                rejected: 2,
                already_prepared: 0,
                with_warnings: 0
            }
        );
    }

    #[test]
    fn a_sink_may_stop_early_and_a_header_without_a_required_field_is_fatal() {
        struct First(usize);
        impl Sink for First {
            fn row(&mut self, _: RowResult<'_>) -> ControlFlow<()> {
                self.0 += 1;
                ControlFlow::Break(())
            }
        }
        let mut first = First(0);
        let rows = (1..=5).map(|line| Record::new(line, row("85073003328"))).collect();
        let summary = BatchBuilder::new(as_of())
            .records(records(rows))
            .check(&mut first)
            .unwrap();
        assert_eq!((first.0, summary.rows), (1, 5));
        let without_kbo = Records::new(
            "hook",
            HEADER[1..].iter().map(|h| h.to_string()).collect(),
            vec![Record::new(1, row("85073003328"))],
        );
        let err = BatchBuilder::new(as_of())
            .records(without_kbo)
            .check(&mut Collect::default())
            .unwrap_err();
        assert_eq!(err.code(), "F003");
        assert!(BatchBuilder::new(as_of()).check(&mut Collect::default()).is_err());
    }

    #[test]
    fn prepare_writes_the_uploads_of_records_from_memory() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let summary = BatchBuilder::new(as_of())
            .records(records(vec![Record::new(1, row("85073003328"))]))
            .prepare(&out, false)
            .unwrap();
        assert_eq!(summary.accepted, 1);
        let upload = std::fs::read_to_string(out.join("wse-vov_0403170701.csv")).unwrap();
        assert!(upload.contains("85073003328"), "{upload}");
        let rejected = std::fs::read_to_string(out.join("rejected.csv")).unwrap();
        assert_eq!(rejected.lines().count(), 1, "{rejected}");
    }
}
