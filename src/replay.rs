//! The second read: the writers need the cells (for `rejected.csv` and the
//! human report) and the typed requests (for the uploads), which the batch
//! does not keep. Reading the inputs again costs less memory than keeping
//! them, and gives the same rows: the reader is deterministic.

use rayon::prelude::*;

use crate::error::Error;
use crate::model::{RawRow, Request, Status};
use crate::rules::file::Fatal;
use crate::rules::value;
use crate::state::RowState;
use crate::validate::{read_in_background, reopen, thread_pool, Batch};

/// One row met again.
pub struct Replayed<'a> {
    pub index: usize,
    pub state: &'a RowState,
    pub raw: RawRow,
    /// The typed request of an accepted row, when asked for.
    pub request: Option<Request>,
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

/// Reads every input again and hands each row, in input order, to `visit`.
/// With `requests`, accepted rows come with their typed request (typed in
/// parallel, a chunk at a time).
pub fn replay(
    batch: &Batch,
    requests: bool,
    visit: &mut dyn FnMut(Replayed<'_>) -> Result<Flow, Error>,
) -> Result<(), Error> {
    let options = &batch.options;
    let lang = options.context.lang;
    let pool = thread_pool(options.jobs)?;
    let mut index = 0;
    for (input, rereadable) in batch.rereadable.iter().enumerate() {
        let path = batch.inputs.get(input).map(|i| i.path.as_str()).unwrap_or("?");
        let source = reopen(rereadable, input, &batch.schema, &options.read)?;
        let mut stopped = false;
        read_in_background(source, |raws| {
            let first = index;
            let states = batch
                .rows
                .get(first..first + raws.len())
                .ok_or_else(|| changed(path, lang))?;
            if raws.iter().zip(states).any(|(raw, state)| raw.source != state.source) {
                return Err(changed(path, lang));
            }
            let typed: Vec<Option<Request>> = if requests {
                pool.install(|| {
                    raws.par_iter()
                        .zip(states)
                        .map(|(raw, state)| match batch.status(state) {
                            Status::Accepted => value::type_row(raw, &batch.schema, lang).0,
                            Status::Rejected => None,
                        })
                        .collect()
                })
            } else {
                Vec::new()
            };
            let mut typed = typed.into_iter();
            for (raw, state) in raws.into_iter().zip(states) {
                let request = typed.next().flatten();
                // An accepted row must type again; if it does not, the file
                // changed, and skipping it would lose the row silently.
                if requests && request.is_none() && batch.status(state) == Status::Accepted {
                    return Err(changed(path, lang));
                }
                let flow = visit(Replayed {
                    index,
                    state,
                    raw,
                    request,
                })?;
                index += 1;
                if flow == Flow::Stop {
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
    if index != batch.rows.len() {
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
        replay(&batch, true, &mut |row| {
            seen.push((row.index, row.raw.source.line, row.request.is_some()));
            Ok(Flow::Continue)
        })
        .unwrap();
        assert_eq!(
            seen,
            vec![(0, 2, true), (1, 4, false)],
            "only accepted rows are typed again"
        );
    }

    #[test]
    fn an_accepted_row_that_no_longer_types_stops_the_run() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, format!("{HEADER}{ROW}")).unwrap();
        let batch = validate(&[path.display().to_string()], &InputSchema::builtin(), &options()).unwrap();
        // Same lines, but the KBO no longer checks out.
        std::fs::write(&path, format!("{HEADER}{}", ROW.replace("0403170701", "0403170702"))).unwrap();
        let err = replay(&batch, true, &mut |_| Ok(Flow::Continue)).unwrap_err();
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
