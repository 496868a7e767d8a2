//! The whole job for library callers: validate a batch (first read), then
//! write the uploads, `rejected.csv`, the report and the human report while
//! the inputs are read a second time.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::human::Collector;
use crate::lang::Lang;
use crate::model::{Source, Status};
use crate::replay::{replay, replay_with, Flow, Output, Verdict};
use crate::rules::batch::Merge;
use crate::schema::{InputSchema, UploadSchema};
use crate::validate::{self, Batch, Note, ValidateOptions};
use crate::writer::rejected::RejectedWriter;
use crate::writer::report::{self, OutputFile, RejectedFile, Report, ReportWriter};
use crate::writer::upload::{self, UploadFiles};
use crate::writer::Staged;
use tempfile::NamedTempFile;

/// Validates every input as one batch; its report is
/// [`report::build`]`(&batch, as_of)`.
pub fn check(paths: &[String], schema: &InputSchema, options: &ValidateOptions) -> Result<Batch, Error> {
    Ok(validate::validate(paths, schema, options)?)
}

fn output_error(path: &Path, source: impl Into<std::io::Error>) -> Error {
    Error::Output {
        path: path.to_path_buf(),
        source: source.into(),
    }
}

/// Where the second read delivers.
#[derive(Default)]
pub struct Deliveries<'a, 'b> {
    /// `prepare`: the output directory and the upload layout.
    pub out: Option<(&'a Path, &'a UploadSchema)>,
    /// The human report, when one is wanted.
    pub human: Option<&'a mut Collector<'b>>,
    /// Also write the JSON report to this file (`--report`).
    pub report_file: Option<&'a Path>,
    /// Also hand the JSON report back, in a temporary file (for standard
    /// output, which must get all of it or none).
    pub report_back: bool,
}

/// A JSON report being written to a temporary file.
struct ReportSink<F: std::io::Write> {
    writer: ReportWriter<F>,
    target: PathBuf,
    /// The target's file name, which the temporary file takes on commit.
    name: String,
}

fn report_sink(target: PathBuf, report: &Report<'_>) -> Result<ReportSink<NamedTempFile>, Error> {
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::Usage(format!("--report {}: not a file name", target.display())))?
        .to_string();
    let dir = parent_dir(&target);
    std::fs::create_dir_all(&dir).map_err(|e| output_error(&dir, e))?;
    let temp = crate::writer::temp_file(&dir).map_err(|e| output_error(&target, e))?;
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

/// Reads the inputs again and writes what `deliveries` asks for: the
/// per-employer uploads, `rejected.csv` and `report.json` into the output
/// directory (all or nothing: every file is staged and renamed into place
/// at the end), the `--report` file, and the human report's diagnostics.
/// Fills the report's `outputs`, `rejected_file` and notes. With
/// `report_back`, returns the JSON report in a temporary file, rewound.
pub fn deliver(
    batch: &Batch,
    report: &mut Report<'_>,
    deliveries: Deliveries<'_, '_>,
    lang: Lang,
) -> Result<Option<std::fs::File>, Error> {
    let Deliveries {
        out,
        mut human,
        report_file,
        report_back,
    } = deliveries;
    if out.is_none() && report_file.is_none() && !report_back {
        // Only the human report: it can stop once it has shown enough.
        if let Some(human) = human {
            if human.wants_more() {
                replay(batch, false, &mut |row| {
                    human.visit(&row);
                    Ok(if human.wants_more() { Flow::Continue } else { Flow::Stop })
                })?;
            }
        }
        return Ok(None);
    }
    let mut files = None;
    // The report in the output directory, and the `--report` file.
    let (mut out_report, mut file_report) = (None, None);
    if let Some((out_dir, upload_schema)) = out {
        std::fs::create_dir_all(out_dir).map_err(|e| output_error(out_dir, e))?;
        let rejected_path = out_dir.join(crate::writer::rejected::FILE_NAME);
        let rejected = RejectedWriter::new(out_dir, batch).map_err(|e| output_error(&rejected_path, e))?;
        files = Some((
            out_dir,
            UploadFiles::new(out_dir, upload_schema),
            rejected,
            rejected_path,
        ));
        out_report = Some(report_sink(out_dir.join(report::FILE_NAME), report)?);
    }
    if let Some(path) = report_file {
        file_report = Some(report_sink(path.to_path_buf(), report)?);
    }
    let mut back = None;
    if report_back {
        let spool = tempfile::tempfile().map_err(|e| output_error(Path::new("stdout"), e))?;
        back = Some(ReportWriter::start(report, spool).map_err(|e| output_error(Path::new("stdout"), e))?);
    }
    let (merged_at, merged_away) = merge_plan(&batch.merges);
    let upload_schema = out.map(|(_, schema)| schema);
    let extras = crate::writer::rejected::extra_columns(batch);
    // On a worker thread: the row's output line, then drop what the
    // consuming thread does not need (it frees nothing it did not keep).
    let prepare = |row: &mut Verdict| -> Result<(), Error> {
        if let (Some(schema), Some((out_dir, _))) = (upload_schema, out) {
            let source = row.source();
            row.output = match (row.status(), row.request.as_mut()) {
                (Status::Rejected, _) => {
                    Output::Rejected(RejectedWriter::render(batch, &extras, row).map_err(|e| output_error(out_dir, e))?)
                }
                (Status::Accepted, _) if merged_away.contains(&source) => Output::None,
                (Status::Accepted, Some(request)) => {
                    if let Some(merge) = merged_at.get(&source) {
                        apply_merge(request, merge);
                    }
                    Output::Upload {
                        kbo: request.kbo.as_str().to_string(),
                        line: upload::render_line(request, schema).map_err(|e| output_error(out_dir, e))?,
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
    replay_with(batch, true, &prepare, &mut |row| {
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
        let Some((out_dir, uploads, rejected, rejected_path)) = &mut files else {
            return Ok(Flow::Continue);
        };
        match &row.output {
            Output::None => {}
            Output::Upload { kbo, line } => uploads.push(kbo, line).map_err(|e| output_error(out_dir, e))?,
            Output::Rejected(record) => rejected.push(record).map_err(|e| output_error(rejected_path, e))?,
        }
        Ok(Flow::Continue)
    })?;
    let mut staged = None;
    if let Some((out_dir, uploads, rejected, rejected_path)) = files {
        let mut out_files = Staged::new(out_dir);
        let mut written_names = Vec::new();
        for finished in uploads.finish().map_err(|e| output_error(out_dir, e))? {
            let name = upload::file_name(&finished.kbo);
            let path = out_files.add_path(finished.path, &name);
            report.outputs.push(OutputFile {
                path: path.display().to_string(),
                kbo: finished.kbo,
                rows: finished.rows,
            });
            written_names.push(name);
        }
        let (rejected_temp, rows) = rejected.finish().map_err(|e| output_error(&rejected_path, e))?;
        out_files.add_path(rejected_temp, crate::writer::rejected::FILE_NAME);
        report.rejected_file = Some(RejectedFile {
            path: rejected_path.display().to_string(),
            rows,
        });
        for stale in stale_uploads(out_dir, &written_names) {
            let path = stale.display();
            report.notes.push(Note {
                input: None,
                message: lang.pick_fmt(
                    format_args!("{path} is van een eerdere run: deze batch heeft geen aanvaarde rij voor die werkgever; verwijder het vóór het opladen"),
                    format_args!("{path} is from an earlier run: this batch has no accepted row for that employer; remove it before uploading"),
                ),
            });
        }
        staged = Some(out_files);
    }
    if let (Some(mut out_files), Some((out_dir, _)), Some(sink)) = (staged, out, out_report) {
        let temp = sink.writer.finish(report).map_err(|e| output_error(&sink.target, e))?;
        out_files.add_path(temp.into_temp_path(), &sink.name);
        out_files.commit().map_err(|e| output_error(out_dir, e))?;
    }
    if let Some(sink) = file_report {
        let target = sink.target;
        let temp = sink.writer.finish(report).map_err(|e| output_error(&target, e))?;
        let mut own = Staged::new(&parent_dir(&target));
        own.add_path(temp.into_temp_path(), &sink.name);
        own.commit().map_err(|e| output_error(&target, e))?;
    }
    match back {
        Some(back) => {
            use std::io::Seek;
            let mut file = back.finish(report).map_err(|e| output_error(Path::new("stdout"), e))?;
            file.rewind().map_err(|e| output_error(Path::new("stdout"), e))?;
            Ok(Some(file))
        }
        None => Ok(None),
    }
}

/// Writes the per-employer uploads, `rejected.csv` and `report.json` into
/// `out_dir`, all or nothing, and fills the report's `outputs`.
pub fn write_outputs(
    batch: &Batch,
    report: &mut Report<'_>,
    out_dir: &Path,
    upload_schema: &UploadSchema,
    lang: Lang,
) -> Result<(), Error> {
    let deliveries = Deliveries {
        out: Some((out_dir, upload_schema)),
        ..Deliveries::default()
    };
    deliver(batch, report, deliveries, lang).map(|_| ())
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

/// Upload files in `out_dir` that this run did not write.
fn stale_uploads(out_dir: &Path, written: &[String]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(out_dir) else {
        return Vec::new();
    };
    let mut stale: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.starts_with("wse-vov_") && n.ends_with(".csv") && !written.contains(n))
        .map(|n| out_dir.join(n))
        .collect();
    stale.sort();
    stale
}
