//! The whole job for library callers: validate a batch (first read), then
//! write the uploads, `rejected.csv` and `rejected.xlsx`, the JSON report,
//! `report.html` and the human report while the inputs are read a second
//! time.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::assemble::{assemble, assemble_with, Flow, Output, Verdict};
use crate::error::Error;
use crate::lang::{trf, Lang};
use crate::ledger::{Ledger, PreparedRequest, RequestKey};
use crate::model::{Request, Source, Status};
use crate::record::RequestSink;
use crate::rules::batch::Merge;
use crate::schema::UploadSchema;
use crate::validate::Batch;
use crate::writer::html::{Brief, HtmlReport};
use crate::writer::publish::{Marker, OutDir};
use crate::writer::rejected::RejectedWriter;
use crate::writer::rejected_xlsx::{RejectedBook, SheetRow};
use crate::writer::report::{self, OutputFile, RejectedFile, Report, ReportWriter};
use crate::writer::upload::{self, UploadFiles};
use crate::writer::Staged;
use tempfile::NamedTempFile;

fn output_error(path: &Path, source: impl Into<std::io::Error>) -> Error {
    Error::Output {
        path: path.to_path_buf(),
        source: source.into(),
    }
}

/// Looks at every row as it is delivered, and may stop the rows early
/// when nothing else is written (the terminal report of `check` once it has
/// shown enough).
pub trait RowObserver {
    /// One complete row, in input order.
    fn visit(&mut self, row: &Verdict);
    /// Whether more rows are wanted.
    fn wants_more(&self) -> bool;
}

/// Where [`deliver`] delivers.
#[derive(Default)]
pub struct Deliveries<'a> {
    /// `prepare`: the (locked) output folder and the upload layout. The
    /// outputs go into its staging folder; [`publish`] swaps them in.
    pub out: Option<(&'a OutDir, &'a UploadSchema)>,
    /// The human report, when one is wanted.
    pub human: Option<&'a mut dyn RowObserver>,
    /// Also write the JSON report to this file (`--report`).
    pub report_file: Option<&'a Path>,
    /// Also hand the JSON report back, in a temporary file (for standard
    /// output, which must get all of it or none).
    pub report_back: bool,
    /// Records every uploaded request in the ledger (still uncommitted).
    pub recorder: Option<&'a mut dyn RequestSink>,
}

/// A JSON report being written to a temporary file.
struct ReportSink<F: std::io::Write> {
    writer: ReportWriter<F>,
    target: PathBuf,
    /// The target's file name, which the temporary file takes on commit.
    name: String,
}

fn report_sink(
    target: PathBuf,
    dir: &Path,
    report: &Report<'_>,
    lang: Lang,
) -> Result<ReportSink<NamedTempFile>, Error> {
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| {
            Error::Usage(trf!(lang,
                nl: "--report {}: geen bestandsnaam",
                fr: "--report {}: pas un nom de fichier",
                en: "--report {}: not a file name",
                target.display(),
            ))
        })?
        .to_string();
    std::fs::create_dir_all(dir).map_err(|e| output_error(dir, e))?;
    let temp = crate::writer::temp_file(dir).map_err(|e| output_error(&target, e))?;
    let writer = ReportWriter::start(report, temp).map_err(|e| output_error(&target, e))?;
    Ok(ReportSink { writer, target, name })
}

/// The directory a file goes in.
fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// What [`deliver`] wrote into the staging folder of `--out`.
#[derive(Debug, Default)]
pub struct Delivered {
    /// The JSON report for standard output, rewound (`report_back`).
    pub report_back: Option<std::fs::File>,
    /// The names of the files written into the staging folder.
    pub files: Vec<String>,
    /// Requests recorded in the ledger (the upload lines).
    pub recorded: usize,
}

/// Reads the inputs again and writes what `deliveries` asks for: the
/// per-employer uploads, `rejected.csv`, `rejected.xlsx`, `report.json` and
/// `report.html` into the staging
/// folder of `--out` (published as a whole by [`publish`]), the `--report`
/// file, the human report's diagnostics, and the ledger's new requests.
/// Fills the report's `outputs`, `rejected_file` and notes.
pub fn deliver(
    batch: &Batch,
    report: &mut Report<'_>,
    deliveries: Deliveries<'_>,
    lang: Lang,
) -> Result<Delivered, Error> {
    let Deliveries {
        out,
        mut human,
        report_file,
        report_back,
        mut recorder,
    } = deliveries;
    let mut delivered = Delivered::default();
    if out.is_none() && report_file.is_none() && !report_back {
        // Only the human report: it can stop once it has shown enough.
        if let Some(human) = human {
            if human.wants_more() {
                assemble(batch, false, &mut |row| {
                    human.visit(&row);
                    Ok(if human.wants_more() { Flow::Continue } else { Flow::Stop })
                })?;
            }
        }
        return Ok(delivered);
    }
    if let (Some(recorder), Some(block)) = (recorder.as_deref(), report.ledger.as_mut()) {
        block.run = Some(recorder.run_id());
    }
    let mut files = None;
    // The report in the output directory, and the `--report` file.
    let (mut out_report, mut file_report) = (None, None);
    if let Some((out_dir, upload_schema)) = out {
        let staging = out_dir.staging();
        let rejected_path = out_dir.shown().join(crate::writer::rejected::FILE_NAME);
        let rejected = RejectedWriter::new(staging, batch).map_err(|e| output_error(&rejected_path, e))?;
        let book_path = out_dir.shown().join(crate::writer::rejected_xlsx::FILE_NAME);
        let book = RejectedBook::new(staging, batch, lang).map_err(|e| output_error(&book_path, e))?;
        files = Some(Files {
            out_dir,
            uploads: UploadFiles::new(staging, upload_schema),
            rejected,
            rejected_path,
            book,
            book_path,
            page: HtmlReport::new(batch),
        });
        out_report = Some(report_sink(
            out_dir.shown().join(report::FILE_NAME),
            staging,
            report,
            lang,
        )?);
    }
    if let Some(path) = report_file {
        file_report = Some(report_sink(path.to_path_buf(), &parent_dir(path), report, lang)?);
    }
    let mut back = None;
    if report_back {
        let spool = tempfile::tempfile().map_err(|e| output_error(Path::new("stdout"), e))?;
        back = Some(ReportWriter::start(report, spool).map_err(|e| output_error(Path::new("stdout"), e))?);
    }
    let (merged_at, merged_away) = merge_plan(&batch.merges);
    let upload_schema = out.map(|(_, schema)| schema);
    let extras = crate::writer::rejected::extra_columns(batch);
    let record = recorder.is_some();
    // On a worker thread: the row's output line, then drop what the
    // consuming thread does not need (it frees nothing it did not keep).
    let prepare = |row: &mut Verdict| -> Result<(), Error> {
        if let (Some(schema), Some((out_dir, _))) = (upload_schema, out) {
            let source = row.source();
            let target = out_dir.target();
            let origin = if record {
                Some(report::origin_of(&row.raw, &batch.inputs))
            } else {
                None
            };
            row.output = match (row.status(), row.request.as_mut()) {
                (Status::Rejected, _) => Output::Rejected {
                    csv: RejectedWriter::render(batch, &extras, row).map_err(|e| output_error(target, e))?,
                    sheet: Box::new(SheetRow::render(batch, &extras, row)),
                    brief: Box::new(Brief::of(batch, row)),
                },
                (Status::AlreadyPrepared, _) => Output::None,
                (Status::Accepted, _) if merged_away.contains(&source) => Output::None,
                (Status::Accepted, Some(request)) => {
                    if let Some(merge) = merged_at.get(&source) {
                        apply_merge(request, merge);
                    }
                    let kbo = request.kbo.as_str().to_string();
                    let ledger_request = origin
                        .and_then(|origin| ledger_request(request, upload::file_name(&kbo), origin).map(Box::new));
                    let line = upload::render_line(request, schema).map_err(|e| output_error(target, e))?;
                    Output::Upload {
                        line,
                        kbo,
                        record: ledger_request,
                        brief: Some(Box::new(Brief::of(batch, row))),
                    }
                }
                // An accepted row always typed.
                (Status::Accepted, None) => Output::None,
            };
        }
        row.request = None;
        if row.diagnostics.is_empty() {
            // Only the human report looks at cells, of rows with a diagnostic.
            row.raw.clear_cells();
        }
        Ok(())
    };
    let mut recorded = 0;
    assemble_with(batch, true, &prepare, &mut |mut row| {
        if let Some(human) = human.as_deref_mut() {
            human.visit(&row);
        }
        if let Some(entry) = &row.report_entry {
            for sink in out_report.iter_mut().chain(file_report.iter_mut()) {
                sink.writer.row(entry).map_err(|e| output_error(&sink.target, e))?;
            }
            if let Some(back) = &mut back {
                back.row(entry).map_err(|e| output_error(Path::new("stdout"), e))?;
            }
        }
        let Some(files) = &mut files else {
            return Ok(Flow::Continue);
        };
        match std::mem::take(&mut row.output) {
            Output::None => {}
            Output::Upload {
                kbo,
                line,
                record,
                brief,
            } => {
                files
                    .uploads
                    .push(&kbo, &line)
                    .map_err(|e| output_error(files.out_dir.target(), e))?;
                if let (Some(recorder), Some(request)) = (recorder.as_deref_mut(), record) {
                    recorder.add(*request)?;
                    recorded += 1;
                }
                if let Some(brief) = brief {
                    files.page.uploaded(*brief);
                }
            }
            Output::Rejected { csv, sheet, brief } => {
                files
                    .rejected
                    .push(&csv)
                    .map_err(|e| output_error(&files.rejected_path, e))?;
                files.book.push(&sheet).map_err(|e| output_error(&files.book_path, e))?;
                files.page.rejected(*brief);
            }
        }
        Ok(Flow::Continue)
    })?;
    delivered.recorded = recorded;
    // Before the reports' tails: what publishing the run releases (decided
    // in the recording transaction, or the run refused).
    if let Some(recorder) = recorder.as_deref_mut() {
        let released = recorder.settle()?;
        if let Some(block) = report.ledger.as_mut() {
            block.released = released;
        }
    }
    if let Some(block) = report.ledger.as_ref() {
        if recorder.is_some() && block.new != recorded {
            // `new` was counted by the first read.
            tracing::warn!(
                announced = block.new,
                recorded,
                "ledger: requests recorded differ from the report"
            );
        }
    }
    if let Some(Files {
        out_dir,
        uploads,
        rejected,
        rejected_path,
        book,
        book_path,
        page,
    }) = files
    {
        let staging = out_dir.staging();
        let mut out_files = Staged::new(staging);
        for finished in uploads.finish().map_err(|e| output_error(out_dir.target(), e))? {
            let name = upload::file_name(&finished.kbo);
            out_files.add_path(finished.path, &name);
            report.outputs.push(OutputFile {
                path: out_dir.shown().join(&name).display().to_string(),
                kbo: finished.kbo,
                rows: finished.rows,
            });
            delivered.files.push(name);
        }
        let (rejected_temp, rows) = rejected.finish().map_err(|e| output_error(&rejected_path, e))?;
        out_files.add_path(rejected_temp, crate::writer::rejected::FILE_NAME);
        delivered.files.push(crate::writer::rejected::FILE_NAME.to_string());
        report.rejected_file = Some(RejectedFile {
            path: rejected_path.display().to_string(),
            rows,
        });
        let (book_temp, _) = book.finish().map_err(|e| output_error(&book_path, e))?;
        out_files.add_path(book_temp, crate::writer::rejected_xlsx::FILE_NAME);
        delivered
            .files
            .push(crate::writer::rejected_xlsx::FILE_NAME.to_string());
        if let Some(sink) = out_report {
            let temp = sink.writer.finish(report).map_err(|e| output_error(&sink.target, e))?;
            out_files.add_path(temp.into_temp_path(), &sink.name);
            delivered.files.push(sink.name);
        }
        // After the JSON report's tail: the page shows the report as finished.
        let page_path = out_dir.shown().join(crate::writer::html::FILE_NAME);
        let page_temp = page.write(report, staging).map_err(|e| output_error(&page_path, e))?;
        out_files.add_path(page_temp, crate::writer::html::FILE_NAME);
        delivered.files.push(crate::writer::html::FILE_NAME.to_string());
        // Inside the private staging folder: renamed now, made durable
        // and published as a whole by `publish`.
        out_files.place().map_err(|e| output_error(out_dir.target(), e))?;
    }
    if let Some(sink) = file_report {
        let target = sink.target;
        let temp = sink.writer.finish(report).map_err(|e| output_error(&target, e))?;
        let mut own = Staged::new(&parent_dir(&target));
        own.add_path(temp.into_temp_path(), &sink.name);
        own.commit().map_err(|e| output_error(&target, e))?;
    }
    if let Some(back) = back {
        use std::io::Seek;
        let mut file = back.finish(report).map_err(|e| output_error(Path::new("stdout"), e))?;
        file.rewind().map_err(|e| output_error(Path::new("stdout"), e))?;
        delivered.report_back = Some(file);
    }
    Ok(delivered)
}

/// The output files of `--out` while the rows stream by.
struct Files<'a> {
    out_dir: &'a OutDir,
    uploads: UploadFiles<'a>,
    rejected: RejectedWriter,
    rejected_path: PathBuf,
    book: RejectedBook,
    book_path: PathBuf,
    page: HtmlReport,
}

/// What the ledger keeps of an uploaded request.
fn ledger_request(request: &Request, upload_file: String, origin: String) -> Option<PreparedRequest> {
    let key = RequestKey::new(
        request.kbo.as_str(),
        request.insz.as_str(),
        request.odb.as_str(),
        request.reference_start(),
    )?;
    Some(PreparedRequest {
        key,
        startdatum: request.reference_start(),
        einddatum: request.einddatum,
        eenheid: request.eenheid,
        aantal: request.aantal,
        vov_hours: crate::regulation::vov_hours(request),
        naam: request.naam.clone(),
        voornaam: request.voornaam.clone(),
        werkgever_naam: request.werkgever_naam.clone(),
        upload_file,
        origin,
        last_day: crate::regulation::last_day_of(request),
    })
}

/// What [`publish`] did: its result, and the ledger run it committed (as
/// pending) before the swap, if any.
#[derive(Debug)]
pub struct Published {
    pub result: Result<(), Error>,
    pub committed_run: Option<i64>,
}

/// Publishes what [`deliver`] staged: the marker naming the run, the
/// ledger's run committed as pending, then the folder swapped in as
/// `--out`; [`finish_run`] then marks the run published. A crash at any
/// point leaves nothing recorded and the previous outputs; or a pending run
/// whose outputs are not in place (the next writer marks it abandoned); or
/// a pending run whose outputs are in place (the next writer marks it
/// published): never requests recorded without their files, nor files
/// published without their requests.
///
/// `run` is the ledger's number for the run (for the marker), and `commit`
/// commits its requests as pending, giving that number back (`None`
/// without a ledger).
pub fn publish(
    out: OutDir,
    files: Vec<String>,
    as_of: chrono::NaiveDate,
    ledger_path: Option<String>,
    run: Option<i64>,
    commit: impl FnOnce() -> Result<Option<i64>, Error>,
) -> Published {
    let marker = Marker {
        tool: report::TOOL.name.to_string(),
        version: report::TOOL.version.to_string(),
        token: out.token().to_string(),
        run,
        ledger: ledger_path,
        as_of: as_of.to_string(),
        files,
    };
    let mut committed_run = None;
    let result = out.publish(&marker, || {
        committed_run = commit()?;
        Ok::<(), Error>(())
    });
    Published { result, committed_run }
}

/// Marks the published run so in the ledger, or abandons it when the swap
/// failed after the ledger committed it.
pub fn finish_run(ledger: &mut Ledger, published: Published) -> Result<(), Error> {
    match (published.result, published.committed_run) {
        (Ok(()), Some(run)) => Ok(ledger.mark_published(run)?),
        (Ok(()), None) => Ok(()),
        (Err(e), Some(run)) => {
            // The folder was not swapped in: the run's requests must not count.
            let _ = ledger.mark_abandoned(run);
            Err(e)
        }
        (Err(e), None) => Err(e),
    }
}

/// Writes the per-employer uploads, `rejected.csv` and `report.json` into
/// `out_dir`, all or nothing, and fills the report's `outputs`. Without a
/// ledger; `--out` must not hold another run's outputs unless `replace`.
pub fn write_outputs(
    batch: &Batch,
    report: &mut Report<'_>,
    out_dir: &Path,
    upload_schema: &UploadSchema,
    replace: bool,
    lang: Lang,
) -> Result<(), Error> {
    let out = OutDir::open(out_dir, replace, lang)?;
    let deliveries = Deliveries {
        out: Some((&out, upload_schema)),
        ..Deliveries::default()
    };
    let delivered = deliver(batch, report, deliveries, lang)?;
    publish(out, delivered.files, batch.options.context.as_of, None, None, || {
        Ok(None)
    })
    .result
}

/// Which row carries each merged request, and which rows it replaces.
fn merge_plan(merges: &[Merge]) -> (HashMap<Source, &Merge>, HashSet<Source>) {
    let mut merged_at = HashMap::new();
    let mut merged_away = HashSet::new();
    for merge in merges {
        if let Some((first, rest)) = merge.members.split_first() {
            merged_at.insert(*first, merge);
            merged_away.extend(rest.iter().copied());
        }
    }
    (merged_at, merged_away)
}

fn apply_merge(request: &mut crate::model::Request, merge: &Merge) {
    if let Ok(odb) = crate::values::Odb::parse(&merge.odb) {
        request.odb = odb;
    }
    request.startdatum = merge.startdatum;
    request.inschrijvingsdatum = None;
    request.einddatum = merge.einddatum;
    request.aantal = merge.aantal;
}
