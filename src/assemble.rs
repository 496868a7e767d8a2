//! The outputs' side of the one read: after the batch rules, every row
//! comes back from the spool as the read checked it, gets the batch rules'
//! findings (a duplicate rejected, R203 replaced, the deadline rules stopped
//! for an already prepared request, the cap's warning added) and goes, in
//! input order, to the writers. Nothing is read from the inputs again and no
//! rule runs again.

use rayon::prelude::*;

use crate::error::Error;

use crate::rules::file::Fatal;
use crate::rules::request::R203;
use crate::spool::{self, SpoolReader, SpooledRow};
use crate::state::{codes_of, Standing, Tally};
use crate::validate::{pipeline, spool_failed, spool_failed_for, thread_pool, Batch, ChunkSource, CHUNK_ROWS};
use crate::writer::report::ReportRow;

pub use crate::view::{Output, Verdict};

/// Whether the replay should go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

/// Gives a row the batch's findings.
fn judge(batch: &Batch, entry: Option<u32>, row: SpooledRow, render: bool) -> Verdict {
    let SpooledRow {
        outcome,
        employer,
        kbo_raw,
    } = row;
    let mut diagnostics = outcome.diagnostics;
    if let Some(found) = entry.and_then(|entry| batch.findings.get(&entry)) {
        if found.drops_r203 {
            diagnostics.retain(|d| d.code != R203.code);
        }
        if found.drops_deadline {
            let stopped = crate::relations::stopped_by(crate::code::Code::X306);
            diagnostics.retain(|d| !stopped.contains(&d.code));
        }
        let lang = batch.options.context.lang;
        diagnostics.extend(
            found
                .diagnostics
                .iter()
                .map(|d| crate::rules::batch::diagnostic(d, lang)),
        );
    }
    diagnostics.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.code.cmp(&b.code)));
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

/// The spool, `CHUNK_ROWS` rows at a time.
struct SpoolChunks {
    reader: SpoolReader,
    lang: crate::lang::Lang,
}

impl ChunkSource for SpoolChunks {
    type Chunk = spool::Chunk;

    fn next_chunk(&mut self) -> Result<Option<spool::Chunk>, Fatal> {
        self.reader
            .next_chunk(CHUNK_ROWS)
            .map_err(|e| spool_failed(&e, self.lang))
    }
}

/// Hands each row of the batch, complete, in input order, to `visit`;
/// with `render`, rows come with their report entry.
pub fn assemble(
    batch: &Batch,
    render: bool,
    visit: &mut dyn FnMut(Verdict) -> Result<Flow, Error>,
) -> Result<(), Error> {
    assemble_with(batch, render, &|_| Ok(()), visit)
}

/// As [`assemble`], with `prepare` run on each row on a worker thread before
/// `visit` gets it (to render its output lines, say).
pub fn assemble_with(
    batch: &Batch,
    render: bool,
    prepare: &(dyn Fn(&mut Verdict) -> Result<(), Error> + Sync),
    visit: &mut dyn FnMut(Verdict) -> Result<Flow, Error>,
) -> Result<(), Error> {
    let options = &batch.options;
    let lang = options.context.lang;
    let pool = thread_pool(options.jobs, lang)?;
    let reader = batch.spool.read().map_err(|e| spool_failed(&e, lang))?;
    let mut counted = Tally::default();
    let mut stopped = false;
    // An indexed collect writes each verdict into its place; collecting
    // into a `Result<Vec<_>>` gathered pieces in a list and copied them.
    let work = |chunk: spool::Chunk| -> Vec<Result<Verdict, Error>> {
        let rows: Vec<(Option<u32>, &[u8])> = chunk.rows().collect();
        rows.into_par_iter()
            .map(|(entry, bytes)| {
                let row = spool::decode(bytes, lang).map_err(|e| spool_failed_for(&e.message(lang), lang))?;
                let mut verdict = judge(batch, entry, row, render);
                prepare(&mut verdict)?;
                Ok(verdict)
            })
            .collect()
    };
    pipeline(SpoolChunks { reader, lang }, &pool, work, |verdicts| {
        // A failed row fails the whole run: the rows before it in its
        // chunk may still be visited, as nothing is kept of a failed run.
        for verdict in verdicts {
            let verdict = verdict?;
            if cfg!(debug_assertions) {
                counted.add_row(verdict.standing, &codes_of(&verdict.diagnostics), verdict.employer);
            }
            if visit(verdict)? == Flow::Stop {
                stopped = true;
                return Ok(false);
            }
        }
        Ok::<bool, Error>(true)
    })?;
    if cfg!(debug_assertions) && !stopped {
        // The counts in the report's head, written before its rows, were
        // predicted from the index and the findings: they must be these.
        let predicted = &batch.tally;
        debug_assert_eq!(
            (
                counted.rows,
                counted.accepted,
                counted.already_prepared,
                counted.with_warnings,
                &counted.rows_by_code,
                &counted.employers
            ),
            (
                predicted.rows,
                predicted.accepted,
                predicted.already_prepared,
                predicted.with_warnings,
                &predicted.rows_by_code,
                &predicted.employers
            )
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;
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
            digest_inputs: false,
            skip_unreadable: false,
        }
    }

    #[test]
    fn the_rows_come_back_in_order_with_their_requests_and_findings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(
            &path,
            format!("{HEADER}{ROW}\n{}{ROW}", ROW.replace("85073003328", "85073003329")),
        )
        .unwrap();
        let batch = validate(&[path.display().to_string()], &InputSchema::builtin(), &options()).unwrap();
        let mut seen = Vec::new();
        assemble(&batch, false, &mut |row| {
            let codes: Vec<&str> = row.diagnostics.iter().map(|d| d.code.as_str()).collect();
            seen.push((row.raw.source.line, row.status(), codes, row.request.is_some()));
            Ok(Flow::Continue)
        })
        .unwrap();
        assert_eq!(
            seen,
            vec![
                (2, Status::Accepted, vec![], true),
                (4, Status::Rejected, vec!["V102"], false),
                // The batch rule's finding, added to the row as it was read.
                (5, Status::Rejected, vec!["X301"], true),
            ]
        );
    }

    #[test]
    fn the_input_is_read_once_whatever_becomes_of_it_afterwards() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, format!("{HEADER}{ROW}")).unwrap();
        let batch = validate(&[path.display().to_string()], &InputSchema::builtin(), &options()).unwrap();
        std::fs::remove_file(&path).unwrap();
        for _ in 0..2 {
            let mut rows = 0;
            assemble(&batch, true, &mut |row| {
                assert_eq!(row.status(), Status::Accepted);
                assert_eq!(
                    row.raw.cell(crate::field::Field::WerknemerNaam),
                    crate::model::Cell::Text("Peeters")
                );
                rows += 1;
                Ok(Flow::Continue)
            })
            .unwrap();
            assert_eq!(rows, 1);
        }
    }

    #[test]
    fn a_stop_ends_the_rows_early() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        let rows: String = (0..3 * CHUNK_ROWS).map(|_| ROW).collect();
        std::fs::write(&path, format!("{HEADER}{rows}")).unwrap();
        let batch = validate(&[path.display().to_string()], &InputSchema::builtin(), &options()).unwrap();
        let mut seen = 0;
        assemble(&batch, false, &mut |_| {
            seen += 1;
            Ok(if seen == 10 { Flow::Stop } else { Flow::Continue })
        })
        .unwrap();
        assert_eq!(seen, 10);
    }
}
