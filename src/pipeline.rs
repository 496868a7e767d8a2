//! The whole job for library callers: validate a batch, then write the
//! uploads, `rejected.csv` and the report.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::lang::Lang;
use crate::model::{Request, Status};
use crate::schema::{InputSchema, UploadSchema};
use crate::validate::{self, Batch, Note, ValidateOptions};
use crate::writer::report::{self, OutputFile, RejectedFile, Report};
use crate::writer::{rejected, upload, Staged};

/// Validates every input as one batch and builds its report.
pub fn check(paths: &[String], schema: &InputSchema, options: &ValidateOptions) -> Result<(Batch, Report), Error> {
    let batch = validate::validate(paths, schema, options)?;
    let report = report::build(&batch, options.context.as_of);
    Ok((batch, report))
}

fn output_error(path: &Path, source: impl Into<std::io::Error>) -> Error {
    Error::Output {
        path: path.to_path_buf(),
        source: source.into(),
    }
}

/// Writes the per-employer uploads, `rejected.csv` and `report.json` into
/// `out_dir`, all or nothing, and fills the report's `outputs`.
pub fn write_outputs(
    batch: &Batch,
    report: &mut Report,
    out_dir: &Path,
    upload_schema: &UploadSchema,
    lang: Lang,
) -> Result<(), Error> {
    std::fs::create_dir_all(out_dir).map_err(|e| output_error(out_dir, e))?;
    let mut staged = Staged::new(out_dir);
    let accepted = upload_requests(batch);
    let mut written_names = Vec::new();
    for (kbo, requests) in upload::per_employer(accepted) {
        let name = upload::file_name(&kbo);
        let bytes = upload::render(requests.iter().copied(), upload_schema)
            .map_err(|e| output_error(&out_dir.join(&name), std::io::Error::other(e)))?;
        staged
            .add(&name, &bytes)
            .map_err(|e| output_error(&out_dir.join(&name), e))?;
        report.outputs.push(OutputFile {
            path: out_dir.join(&name).display().to_string(),
            kbo,
            rows: requests.len(),
        });
        written_names.push(name);
    }
    let rejected_path = out_dir.join(rejected::FILE_NAME);
    let (bytes, rows) = rejected::render(batch).map_err(|e| output_error(&rejected_path, std::io::Error::other(e)))?;
    staged
        .add(rejected::FILE_NAME, &bytes)
        .map_err(|e| output_error(&rejected_path, e))?;
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
        .add(report::FILE_NAME, report::to_json(report).as_bytes())
        .map_err(|e| output_error(&report_path, e))?;
    staged.commit().map_err(|e| output_error(out_dir, e))
}

/// The requests that go into the uploads, in input order: every accepted
/// row's request, except that merged module rows give one merged request in
/// the place of the first of them.
pub fn upload_requests(batch: &Batch) -> Vec<&Request> {
    let mut merged_at: HashMap<usize, &Request> = HashMap::new();
    let mut merged_away: HashSet<usize> = HashSet::new();
    for merge in &batch.merges {
        if let Some((first, rest)) = merge.members.split_first() {
            merged_at.insert(*first, &merge.request);
            merged_away.extend(rest.iter().copied());
        }
    }
    batch
        .outcomes
        .iter()
        .enumerate()
        .filter(|(_, o)| batch.status(o) == Status::Accepted)
        .filter(|(i, _)| !merged_away.contains(i))
        .filter_map(|(i, o)| merged_at.get(&i).copied().or(o.request.as_ref()))
        .collect()
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
pub fn write_report_file(report: &Report, path: &Path) -> Result<(), Error> {
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
        .add(name, report::to_json(report).as_bytes())
        .map_err(|e| output_error(path, e))?;
    staged.commit().map_err(|e| output_error(path, e))
}
