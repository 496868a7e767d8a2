//! The whole job for library callers: validate a batch (first read), then
//! write the uploads, `rejected.csv`, the report and the human report while
//! the inputs are read a second time.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::human::Collector;
use crate::lang::Lang;
use crate::model::Status;
use crate::replay::{replay, Flow};
use crate::rules::batch::Merge;
use crate::schema::{InputSchema, UploadSchema};
use crate::validate::{self, Batch, Note, ValidateOptions};
use crate::writer::rejected::RejectedWriter;
use crate::writer::report::{self, OutputFile, RejectedFile, Report};
use crate::writer::upload::{self, UploadFiles};
use crate::writer::Staged;

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
pub struct Deliveries<'a, 'b> {
    /// `prepare`: the output directory and the upload layout.
    pub out: Option<(&'a Path, &'a UploadSchema)>,
    /// The human report, when one is wanted.
    pub human: Option<&'a mut Collector<'b>>,
}

/// Reads the inputs again and writes what `deliveries` asks for: the
/// per-employer uploads, `rejected.csv` and `report.json` into the output
/// directory (all or nothing: every file is staged and renamed into place
/// at the end), and the human report's diagnostics. Fills the report's
/// `outputs`, `rejected_file` and notes.
pub fn deliver(
    batch: &Batch,
    report: &mut Report<'_>,
    deliveries: Deliveries<'_, '_>,
    lang: Lang,
) -> Result<(), Error> {
    let Deliveries { out, mut human } = deliveries;
    let Some((out_dir, upload_schema)) = out else {
        if let Some(human) = human {
            if human.wants_more() {
                replay(batch, false, &mut |row| {
                    human.visit(row.state, &row.raw);
                    Ok(if human.wants_more() { Flow::Continue } else { Flow::Stop })
                })?;
            }
        }
        return Ok(());
    };
    std::fs::create_dir_all(out_dir).map_err(|e| output_error(out_dir, e))?;
    let mut uploads = UploadFiles::new(out_dir, upload_schema);
    let rejected_path = out_dir.join(crate::writer::rejected::FILE_NAME);
    let mut rejected = RejectedWriter::new(out_dir, batch).map_err(|e| output_error(&rejected_path, e))?;
    let (merged_at, merged_away) = merge_plan(&batch.merges);
    replay(batch, true, &mut |row| {
        if let Some(human) = human.as_deref_mut() {
            human.visit(row.state, &row.raw);
        }
        match batch.status(row.state) {
            Status::Rejected => rejected
                .push(batch, row.state, &row.raw)
                .map_err(|e| output_error(&rejected_path, e))?,
            Status::Accepted if merged_away.contains(&row.index) => {}
            Status::Accepted => {
                // `replay` guarantees a request for every accepted row.
                if let Some(mut request) = row.request {
                    if let Some(merge) = merged_at.get(&row.index) {
                        apply_merge(&mut request, merge);
                    }
                    uploads.push(&request).map_err(|e| output_error(out_dir, e))?;
                }
            }
        }
        Ok(Flow::Continue)
    })?;
    let mut staged = Staged::new(out_dir);
    let mut written_names = Vec::new();
    for finished in uploads.finish().map_err(|e| output_error(out_dir, e))? {
        let name = upload::file_name(&finished.kbo);
        let path = staged.add_path(finished.path, &name);
        report.outputs.push(OutputFile {
            path: path.display().to_string(),
            kbo: finished.kbo,
            rows: finished.rows,
        });
        written_names.push(name);
    }
    let (rejected_temp, rows) = rejected.finish().map_err(|e| output_error(&rejected_path, e))?;
    staged.add_path(rejected_temp, crate::writer::rejected::FILE_NAME);
    report.rejected_file = Some(RejectedFile {
        path: rejected_path.display().to_string(),
        rows,
    });
    for stale in stale_uploads(out_dir, &written_names) {
        let path = stale.display();
        report.notes.push(Note {
            input: None,
            message: lang.pick(
                format!("{path} is van een eerdere run: deze batch heeft geen aanvaarde rij voor die werkgever; verwijder het vóór het opladen"),
                format!("{path} is from an earlier run: this batch has no accepted row for that employer; remove it before uploading"),
            ),
        });
    }
    let report_path = out_dir.join(report::FILE_NAME);
    staged
        .add_with(report::FILE_NAME, |file| report::write_json(report, file))
        .map_err(|e| output_error(&report_path, e))?;
    staged.commit().map_err(|e| output_error(out_dir, e))
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
        human: None,
    };
    deliver(batch, report, deliveries, lang)
}

/// Which row carries each merged request, and which rows it replaces.
fn merge_plan(merges: &[Merge]) -> (HashMap<usize, &Merge>, HashSet<usize>) {
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

/// Writes the JSON report to `path` atomically.
pub fn write_report_file(report: &Report<'_>, path: &Path) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::Usage(format!("--report {}: not a file name", path.display())))?;
    std::fs::create_dir_all(&dir).map_err(|e| output_error(&dir, e))?;
    let mut staged = Staged::new(&dir);
    staged
        .add_with(name, |file| report::write_json(report, file))
        .map_err(|e| output_error(path, e))?;
    staged.commit().map_err(|e| output_error(path, e))
}
