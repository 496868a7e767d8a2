//! The second read: the writers need the cells (for `rejected.csv` and the
//! human report), the typed requests (for the uploads) and every row's
//! diagnostics (for the report), none of which the batch keeps. Each row is
//! validated again (the reader and the rules are deterministic) and given
//! the batch rules' findings; the counts must come out as the first read
//! predicted, or the input changed in between.

use rayon::prelude::*;

use crate::error::Error;
use crate::model::{Diagnostic, RawRow, Request, Source, Status};
use crate::rules::file::Fatal;
use crate::rules::ledger::X306_STOPS;
use crate::rules::request::R203;
use crate::state::{codes_of, employer_of, Standing, Tally};
use crate::validate::{fingerprint, pipeline, reopen, thread_pool, validate_row, Batch, Rereadable};
use crate::writer::report::ReportRow;

/// One row met again, with its final diagnostics.
pub struct Verdict {
    pub raw: RawRow,
    /// The typed request, when every field typed (boxed: verdicts move by
    /// the million, and the request is dropped once its line is made).
    pub request: Option<Box<Request>>,
    /// Errors first, then warnings, then infos; by code within each.
    pub diagnostics: Vec<Diagnostic>,
    pub standing: Standing,
    /// The employer's KBO when valid; else the KBO cell as written, if any.
    pub employer: Option<u64>,
    pub kbo_raw: Option<Box<str>>,
    /// The row's entry in the JSON report, rendered (on a worker thread)
    /// when the replay was asked for it and the row has a diagnostic.
    pub report_entry: Option<Vec<u8>>,
    /// What the writers made of the row on a worker thread (see [`replay_with`]).
    pub output: Output,
}

/// A row's line in an output file, made on a worker thread so that the
/// thread writing the files only appends bytes.
#[derive(Debug, Default)]
pub enum Output {
    #[default]
    None,
    /// A line of the upload of employer `kbo`, and what the ledger keeps of
    /// its request (when a ledger records the run).
    Upload {
        kbo: String,
        line: Vec<u8>,
        record: Option<Box<crate::ledger::PreparedRequest>>,
    },
    /// A record of `rejected.csv`.
    Rejected(Vec<u8>),
}

impl Verdict {
    pub fn source(&self) -> Source {
        self.raw.source
    }

    pub fn status(&self) -> Status {
        self.standing.status
    }

    /// The employer as the report names it.
    pub fn kbo_display(&self) -> Option<String> {
        crate::state::kbo_display(self.employer, self.kbo_raw.as_deref())
    }
}

/// Whether the replay should go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

fn changed(path: &str, lang: crate::lang::Lang) -> Error {
    Error::Input(Fatal {
        code: "F001",
        file: path.to_string(),
        message: lang
            .pick(
                "het bestand veranderde terwijl het gelezen werd",
                "the file changed while it was being read",
            )
            .into(),
        help: lang
            .pick(
                "Wacht tot de export klaar is en start opnieuw.",
                "Wait until the export has finished and run again.",
            )
            .into(),
    })
}

/// Validates a row again and gives it the batch's findings.
fn judge(batch: &Batch, raw: RawRow, render: bool) -> Verdict {
    let outcome = validate_row(raw, &batch.schema, &batch.options.context);
    let (employer, kbo_raw) = employer_of(&outcome);
    let mut diagnostics = outcome.diagnostics;
    if let Some(found) = batch.findings.get(&outcome.raw.source) {
        if found.drops_r203 {
            diagnostics.retain(|d| d.code != R203.code);
        }
        if found.drops_deadline {
            diagnostics.retain(|d| !X306_STOPS.contains(&d.code));
        }
        diagnostics.extend(found.diagnostics.iter().cloned());
    }
    diagnostics.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.code.cmp(b.code)));
    let standing = Standing::of(outcome.request.is_some(), &diagnostics, batch.strict);
    let mut verdict = Verdict {
        raw: outcome.raw,
        request: outcome.request.map(Box::new),
        diagnostics,
        standing,
        employer,
        kbo_raw,
        report_entry: None,
        output: Output::None,
    };
    if render {
        verdict.report_entry = ReportRow::of(&verdict, &batch.inputs).map(|row| row.render());
    }
    verdict
}

/// Reads every input again and hands each row, in input order, to `visit`;
/// with `render`, rows come with their report entry. A run that is not
/// stopped must count what the first read counted.
pub fn replay(batch: &Batch, render: bool, visit: &mut dyn FnMut(Verdict) -> Result<Flow, Error>) -> Result<(), Error> {
    replay_with(batch, render, &|_| Ok(()), visit)
}

/// As [`replay`], with `prepare` run on each row on a worker thread before
/// `visit` gets it (to render its output lines, say).
pub fn replay_with(
    batch: &Batch,
    render: bool,
    prepare: &(dyn Fn(&mut Verdict) -> Result<(), Error> + Sync),
    visit: &mut dyn FnMut(Verdict) -> Result<Flow, Error>,
) -> Result<(), Error> {
    let options = &batch.options;
    let lang = options.context.lang;
    let pool = thread_pool(options.jobs)?;
    let mut counted = Tally::default();
    for (input, rereadable) in batch.rereadable.iter().enumerate() {
        let path = batch.inputs.get(input).map(|i| i.path.as_str()).unwrap_or("?");
        if let Rereadable::Path(file, Some(first)) = rereadable {
            if fingerprint(file) != Some(*first) {
                return Err(changed(path, lang));
            }
        }
        let source = reopen(rereadable, input, &batch.schema, &options.read)?;
        let mut stopped = false;
        // An indexed collect writes each verdict into its place; collecting
        // into a `Result<Vec<_>>` gathered pieces in a list and copied them.
        let work = |raws: Vec<RawRow>| -> Vec<Result<Verdict, Error>> {
            raws.into_par_iter()
                .map(|raw| {
                    let mut verdict = judge(batch, raw, render);
                    prepare(&mut verdict)?;
                    Ok(verdict)
                })
                .collect()
        };
        pipeline(source, &pool, work, |verdicts| {
            // A failed row fails the whole run: the rows before it in its
            // chunk may still be visited, as nothing is kept of a failed run.
            for verdict in verdicts {
                let verdict = verdict?;
                if verdict.source().input != input {
                    return Err(changed(path, lang));
                }
                counted.add_row(verdict.standing, &codes_of(&verdict.diagnostics), verdict.employer);
                if visit(verdict)? == Flow::Stop {
                    stopped = true;
                    return Ok(false);
                }
            }
            Ok(true)
        })?;
        if stopped {
            return Ok(());
        }
    }
    let predicted = &batch.tally;
    let same = counted.rows == predicted.rows
        && counted.accepted == predicted.accepted
        && counted.already_prepared == predicted.already_prepared
        && counted.with_warnings == predicted.with_warnings
        && counted.rows_by_code == predicted.rows_by_code
        && counted.employers == predicted.employers;
    if !same {
        tracing::debug!(?counted, ?predicted, "the second read counted differently");
        let path = batch.inputs.last().map(|i| i.path.as_str()).unwrap_or("?");
        return Err(changed(path, lang));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::ReadOptions;
    use crate::rules::Context;
    use crate::schema::InputSchema;
    use crate::validate::{validate, ValidateOptions};

    const HEADER: &str =
        "werkgever_kbo;werknemer_insz;werknemer_naam;werknemer_voornaam;odb_nummer;aantal;startdatum;einddatum\n";
    const ROW: &str = "0403170701;85073003328;Peeters;An;ODB-0002141;40;01/10/2026;30/06/2027\n";

    fn options() -> ValidateOptions {
        ValidateOptions {
            context: Context::for_tests(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()),
            strict: false,
            merge_modules: false,
            jobs: Some(1),
            read: ReadOptions::default(),
            ledger: None,
        }
    }

    #[test]
    fn the_second_read_gives_the_rows_of_the_first_with_their_requests() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(
            &path,
            format!("{HEADER}{ROW}\n{}", ROW.replace("85073003328", "85073003329")),
        )
        .unwrap();
        let batch = validate(&[path.display().to_string()], &InputSchema::builtin(), &options()).unwrap();
        let mut seen = Vec::new();
        replay(&batch, false, &mut |row| {
            seen.push((row.raw.source.line, row.status(), row.diagnostics.len()));
            Ok(Flow::Continue)
        })
        .unwrap();
        assert_eq!(seen, vec![(2, Status::Accepted, 0), (4, Status::Rejected, 1)]);
    }

    #[test]
    fn an_accepted_row_that_no_longer_types_stops_the_run() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, format!("{HEADER}{ROW}")).unwrap();
        let batch = validate(&[path.display().to_string()], &InputSchema::builtin(), &options()).unwrap();
        // Same lines, but the KBO no longer checks out.
        std::fs::write(&path, format!("{HEADER}{}", ROW.replace("0403170701", "0403170702"))).unwrap();
        let err = replay(&batch, false, &mut |_| Ok(Flow::Continue)).unwrap_err();
        assert!(err.to_string().contains("changed"), "{err}");
    }

    #[test]
    fn a_file_that_changed_between_the_reads_stops_the_run() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, format!("{HEADER}{ROW}{ROW}")).unwrap();
        let batch = validate(&[path.display().to_string()], &InputSchema::builtin(), &options()).unwrap();
        std::fs::write(&path, format!("{HEADER}{ROW}")).unwrap();
        let err = replay(&batch, false, &mut |_| Ok(Flow::Continue)).unwrap_err();
        assert!(err.to_string().contains("changed"), "{err}");
    }
}
