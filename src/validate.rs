//! The validator: types every row and applies the R rules in parallel, then
//! the batch (X) rules over all inputs together.
//!
//! Only a compact index of the typed requests and the report's counts are
//! kept (see [`crate::state`]); the writers read the inputs a second time
//! through [`crate::replay`]. Standard input, which cannot be read twice, is
//! copied to a temporary file while it is read.

use std::io::{Read, Write};

use rayon::prelude::*;

use crate::figures::{self, Figures};
use crate::ledger::{LedgerView, RequestKey};
use crate::model::{Outcome, RawRow, Request, Severity, Source, Status};
use crate::reader::{self, csv_input::CsvRows, InputInfo, ReadOptions, RowSource};
use crate::rules::batch::{self, Merge};
use crate::rules::file::{self, Fatal};
use crate::rules::ledger::X307;
use crate::rules::request::R203;
use crate::rules::{self, value, Context};
use crate::schema::InputSchema;
use crate::state::{
    codes_of, employer_of, EmployeeIndex, LedgerMatch, NameBook, PositionMap, PreparedEntry, RowFindings, Standing,
    Tally,
};

/// How many rows are validated in one parallel step. Big enough to keep
/// every core busy, small enough that reading and validating interleave.
pub const CHUNK_ROWS: usize = 2048;

/// A note about the batch that is not about one row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Note {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<usize>,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct ValidateOptions {
    pub context: Context,
    pub strict: bool,
    /// Merge module rows of one enrolment into one request (X305).
    pub merge_modules: bool,
    /// Worker threads; `None` is all cores.
    pub jobs: Option<usize>,
    pub read: ReadOptions,
    /// What earlier runs prepared (X306, X307); `None` without a ledger.
    pub ledger: Option<std::sync::Arc<crate::ledger::LedgerView>>,
}

/// Where an input can be read again.
#[derive(Debug)]
pub enum Rereadable {
    /// A file, with its size and modification time at the first read.
    Path(String, Option<Fingerprint>),
    /// Standard input, as copied to a temporary file during the first read.
    StdinCopy(tempfile::TempPath),
}

/// A validated batch: what the report's summary needs, and what the second
/// read needs to give every row its final diagnostics (see `replay`).
#[derive(Debug)]
pub struct Batch {
    pub inputs: Vec<InputInfo>,
    pub notes: Vec<Note>,
    pub strict: bool,
    /// The report's counts, final (batch rules included).
    pub tally: Tally,
    /// The figures of the accepted rows.
    pub figures: Figures,
    /// Module rows merged by `--merge-modules` (X305).
    pub merges: Vec<Merge>,
    /// What the batch (X) rules found, on the rows they touch.
    pub findings: PositionMap<Source, RowFindings>,
    /// Per employer: the name its rows give first, and the earliest last day
    /// to submit among its accepted rows.
    pub employers: std::collections::BTreeMap<u64, EmployerInfo>,
    /// Rows that X307 flagged (their key was prepared with other content).
    pub ledger_changed: usize,
    pub names: NameBook,
    pub(crate) rereadable: Vec<Rereadable>,
    pub(crate) schema: InputSchema,
    pub(crate) options: ValidateOptions,
}

/// What the report says of an employer besides its counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmployerInfo {
    pub name: Option<String>,
    pub first_last_day: Option<chrono::NaiveDate>,
}

impl Batch {
    /// Rows in all inputs.
    pub fn rows(&self) -> usize {
        self.tally.rows
    }
}

/// Validates one raw row (F005, V and R rules).
pub fn validate_row(raw: RawRow, schema: &InputSchema, ctx: &Context) -> Outcome {
    if let Some(reason) = &raw.malformed {
        let diagnostic = file::malformed_record(reason, ctx.lang);
        return Outcome {
            raw,
            request: None,
            diagnostics: vec![diagnostic],
        };
    }
    let (request, mut diagnostics) = value::type_row(&raw, schema, ctx.lang);
    if let Some(request) = &request {
        diagnostics.extend(rules::check_request(request, ctx));
    }
    Outcome {
        raw,
        request,
        diagnostics,
    }
}

pub(crate) fn thread_pool(jobs: Option<usize>) -> Result<rayon::ThreadPool, Fatal> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(jobs) = jobs {
        builder = builder.num_threads(jobs.max(1));
    }
    builder.build().map_err(|e| Fatal {
        code: "F001",
        file: "--jobs".into(),
        message: format!("cannot start worker threads: {e}"),
        help: "Try a smaller --jobs.".into(),
    })
}

/// The next rows of `source`, up to `CHUNK_ROWS` of them; `None` at its end.
pub(crate) fn next_chunk(source: &mut dyn RowSource) -> Result<Option<Vec<RawRow>>, Fatal> {
    let mut chunk = Vec::with_capacity(CHUNK_ROWS);
    while chunk.len() < CHUNK_ROWS {
        match source.next_row() {
            Some(row) => chunk.push(row?),
            None => break,
        }
    }
    Ok((!chunk.is_empty()).then_some(chunk))
}

/// Runs the three stages of a read as a pipeline, each on its own thread:
/// reading `source` a chunk at a time, `work` on each chunk (in parallel on
/// `pool`), and `consume` on each result in input order (on the calling
/// thread). While one chunk is consumed (written), the next is worked on and
/// the one after that is read. `consume` returns `false` to stop early.
/// Gives the source back (for its `info`).
pub(crate) fn pipeline<T: Send, E: From<Fatal>>(
    source: Box<dyn RowSource>,
    pool: &rayon::ThreadPool,
    work: impl Fn(Vec<RawRow>) -> T + Sync,
    mut consume: impl FnMut(T) -> Result<bool, E>,
) -> Result<Box<dyn RowSource>, E> {
    std::thread::scope(|scope| {
        // Two chunks in flight between stages: enough to keep each busy, little memory.
        let (read_sender, read_receiver) = std::sync::mpsc::sync_channel::<Result<Vec<RawRow>, Fatal>>(2);
        let (work_sender, work_receiver) = std::sync::mpsc::sync_channel::<Result<T, Fatal>>(2);
        let reader = scope.spawn(move || {
            let mut source = source;
            let mut busy = std::time::Duration::ZERO;
            loop {
                let started = std::time::Instant::now();
                let next = next_chunk(&mut *source);
                busy += started.elapsed();
                let last = !matches!(next, Ok(Some(_)));
                let sent = match next {
                    Ok(None) => true,
                    Ok(Some(chunk)) => read_sender.send(Ok(chunk)).is_ok(),
                    Err(fatal) => read_sender.send(Err(fatal)).is_ok(),
                };
                if last || !sent {
                    break;
                }
            }
            tracing::debug!(busy_ms = busy.as_millis() as u64, "pipeline: reading");
            source
        });
        let work = &work;
        let worker = scope.spawn(move || {
            let mut busy = std::time::Duration::ZERO;
            for item in read_receiver.iter() {
                let started = std::time::Instant::now();
                let result = item.map(|chunk| pool.install(|| work(chunk)));
                busy += started.elapsed();
                if work_sender.send(result).is_err() {
                    break;
                }
            }
            tracing::debug!(busy_ms = busy.as_millis() as u64, "pipeline: working");
        });
        let mut outcome = Ok(());
        let mut busy = std::time::Duration::ZERO;
        for item in work_receiver.iter() {
            let started = std::time::Instant::now();
            let consumed = item.map_err(E::from).and_then(&mut consume);
            busy += started.elapsed();
            match consumed {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    outcome = Err(e);
                    break;
                }
            }
        }
        tracing::debug!(busy_ms = busy.as_millis() as u64, "pipeline: consuming");
        // Stops the stages that wait to hand over what nobody will take.
        drop(work_receiver);
        if let Err(panic) = worker.join() {
            std::panic::resume_unwind(panic);
        }
        let source = match reader.join() {
            Ok(source) => source,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        outcome.map(|()| source)
    })
}

/// Copies what is read to a file, so standard input can be read again.
struct Tee<R> {
    inner: R,
    copy: std::fs::File,
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        // A full temporary directory is not an unreadable input: say which.
        self.copy.write_all(&buf[..n]).map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!(
                    "the temporary copy of standard input in {} failed: {e}",
                    std::env::temp_dir().display()
                ),
            )
        })?;
        Ok(n)
    }
}

fn stdin_more_than_once(lang: crate::lang::Lang) -> Fatal {
    Fatal {
        code: "F001",
        file: "stdin".into(),
        message: lang
            .pick(
                "'-' (standaardinvoer) staat er meer dan eens",
                "'-' (standard input) is given more than once",
            )
            .into(),
        help: lang
            .pick(
                "Geef standaardinvoer maar één keer op.",
                "Give standard input only once.",
            )
            .into(),
    }
}

/// Opens standard input for the first read, copying it to a temporary file.
fn open_stdin(
    index: usize,
    schema: &InputSchema,
    read: &ReadOptions,
) -> Result<(Box<dyn RowSource>, Rereadable), Fatal> {
    let lang = read.lang;
    let spool = tempfile::Builder::new()
        .prefix("vov-bulk-stdin-")
        .tempfile()
        .map_err(|e| file::unreadable("stdin", &format!("cannot make a temporary copy: {e}"), lang))?;
    let (file, path) = spool.into_parts();
    let tee = Tee {
        inner: std::io::stdin(),
        copy: file,
    };
    let rows = CsvRows::open(
        Box::new(tee),
        "stdin",
        index,
        schema,
        read.delimiter,
        read.encoding,
        lang,
    )?;
    Ok((Box::new(rows), Rereadable::StdinCopy(path)))
}

/// A file's size and modification time: if they differ at the second read,
/// the file changed in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

pub(crate) fn fingerprint(path: &str) -> Option<Fingerprint> {
    let meta = std::fs::metadata(path).ok()?;
    Some(Fingerprint {
        len: meta.len(),
        modified: meta.modified().ok(),
    })
}

/// Opens an input for the second read (by the writers).
pub(crate) fn reopen(
    rereadable: &Rereadable,
    index: usize,
    schema: &InputSchema,
    read: &ReadOptions,
) -> Result<Box<dyn RowSource>, Fatal> {
    match rereadable {
        Rereadable::Path(path, _) => reader::open(path, index, schema, read),
        Rereadable::StdinCopy(copy) => {
            let file = std::fs::File::open(copy).map_err(|e| file::unreadable("stdin", &e.to_string(), read.lang))?;
            let rows = CsvRows::open(
                Box::new(file),
                "stdin",
                index,
                schema,
                read.delimiter,
                read.encoding,
                read.lang,
            )?;
            Ok(Box::new(rows))
        }
    }
}

/// Notes about the unknown columns of an input: one per column, or one for
/// all of them when there are many (a 10,000-column export).
fn unknown_column_notes(info: &InputInfo, index: usize, lang: crate::lang::Lang) -> Vec<Note> {
    const ONE_BY_ONE: usize = 10;
    let path = &info.path;
    if info.extra_columns.len() > ONE_BY_ONE {
        let first = info
            .extra_columns
            .iter()
            .take(3)
            .map(|c| format!("'{c}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let count = info.extra_columns.len();
        return vec![Note {
            input: Some(index),
            message: lang.pick_fmt(
                format_args!("{path}: {count} kolommen zijn onbekend en worden genegeerd ({first}, …); ze blijven wel in rejected.csv"),
                format_args!("{path}: {count} columns are unknown and ignored ({first}, …); they are kept in rejected.csv"),
            ),
        }];
    }
    info.extra_columns
        .iter()
        .map(|extra| Note {
            input: Some(index),
            message: lang.pick_fmt(
                format_args!("{path}: kolom '{extra}' is onbekend en wordt genegeerd (ze blijft wel in rejected.csv)"),
                format_args!("{path}: column '{extra}' is unknown and ignored (it is kept in rejected.csv)"),
            ),
        })
        .collect()
}

/// What the first read keeps of a row, made on a worker thread (which also
/// frees the row's cells and request, so the consuming thread does not).
struct FirstRead {
    standing: Standing,
    employer: Option<u64>,
    employer_name: Option<String>,
    codes: Vec<(&'static str, Severity)>,
    entry: Option<PreparedEntry>,
}

/// How a typed request stands against the ledger: its key and content
/// (end date, unit, quantity) compared with what an earlier run prepared.
pub fn ledger_match(request: &Request, view: Option<&LedgerView>) -> LedgerMatch {
    let Some(view) = view else {
        return LedgerMatch::None;
    };
    if view.is_empty() {
        return LedgerMatch::None;
    }
    let Some(key) = RequestKey::new(
        request.kbo.as_str(),
        request.insz.as_str(),
        request.odb.as_str(),
        request.reference_start(),
    ) else {
        return LedgerMatch::None;
    };
    match view.get(&key) {
        None => LedgerMatch::None,
        Some(known)
            if known.einddatum == request.einddatum
                && known.eenheid == request.eenheid
                && known.aantal == request.aantal =>
        {
            LedgerMatch::Same
        }
        Some(_) => LedgerMatch::Changed,
    }
}

fn first_read(
    raw: RawRow,
    schema: &InputSchema,
    ctx: &Context,
    strict: bool,
    ledger: Option<&LedgerView>,
) -> FirstRead {
    let outcome = validate_row(raw, schema, ctx);
    let standing = Standing::of(outcome.request.is_some(), &outcome.diagnostics, strict);
    let employer = employer_of(&outcome).0;
    let codes = codes_of(&outcome.diagnostics);
    let source = outcome.raw.source;
    let diagnostics = outcome.diagnostics;
    let mut employer_name = None;
    let entry = outcome.request.map(|mut request| {
        employer_name = request.werkgever_naam.take();
        let matched = ledger_match(&request, ledger);
        PreparedEntry::with_ledger(source, request, &diagnostics, matched)
    });
    FirstRead {
        standing,
        employer,
        employer_name,
        codes,
        entry,
    }
}

/// Reads and validates every input. A fatal problem in any input stops the
/// whole batch: nothing is half-done.
pub fn validate(paths: &[String], schema: &InputSchema, options: &ValidateOptions) -> Result<Batch, Fatal> {
    validate_with_progress(paths, schema, options, &mut |_, _| {})
}

/// As [`validate`], calling `progress(input, rows read so far in it)` after
/// every chunk.
pub fn validate_with_progress(
    paths: &[String],
    schema: &InputSchema,
    options: &ValidateOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Batch, Fatal> {
    let pool = thread_pool(options.jobs)?;
    let ctx = &options.context;
    let lang = ctx.lang;
    let strict = options.strict;
    if paths.iter().filter(|p| p.as_str() == "-").count() > 1 {
        return Err(stdin_more_than_once(lang));
    }
    let mut inputs = Vec::with_capacity(paths.len());
    let mut rereadable = Vec::with_capacity(paths.len());
    let mut index = EmployeeIndex::default();
    let mut tally = Tally::default();
    let mut notes = Vec::new();
    let mut employers: std::collections::BTreeMap<u64, EmployerInfo> = std::collections::BTreeMap::new();
    for (input, path) in paths.iter().enumerate() {
        let source = if path == "-" {
            let (source, copy) = open_stdin(input, schema, &options.read)?;
            rereadable.push(copy);
            source
        } else {
            let source = reader::open(path, input, schema, &options.read)?;
            rereadable.push(Rereadable::Path(path.clone(), fingerprint(path)));
            source
        };
        let mut read_in_input = 0;
        let work = |chunk: Vec<RawRow>| -> Vec<FirstRead> {
            chunk
                .into_par_iter()
                .map(|raw| first_read(raw, schema, ctx, strict, options.ledger.as_deref()))
                .collect()
        };
        let source = pipeline(source, &pool, work, |read| {
            read_in_input += read.len();
            for row in read {
                tally.add_row(row.standing, &row.codes, row.employer);
                if let (Some(kbo), Some(name)) = (row.employer, row.employer_name) {
                    let info = employers.entry(kbo).or_default();
                    if info.name.is_none() && !name.trim().is_empty() {
                        info.name = Some(name);
                    }
                }
                if let Some(entry) = row.entry {
                    index.add_prepared(entry);
                }
            }
            progress(input, read_in_input);
            Ok::<bool, Fatal>(true)
        })?;
        let info = source.info();
        if info.rows == 0 {
            return Err(file::no_data(&info.path, true, lang));
        }
        notes.extend(unknown_column_notes(&info, input, lang));
        tracing::info!(input = %info.path, rows = info.rows, "read");
        inputs.push(info);
    }
    let input_names: Vec<String> = inputs.iter().map(|i| i.path.clone()).collect();
    let started = std::time::Instant::now();
    // The batch phase is serial but for its sorts, which run on the pool.
    let years = pool.install(|| index.by_employee_year());
    tracing::debug!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "batch: index sorted by employee and school year"
    );
    let ledger = options.ledger.as_deref();
    let (findings, merges) = pool.install(|| {
        batch::run_all(
            &index,
            &years,
            &input_names,
            strict,
            options.merge_modules,
            ledger,
            lang,
        )
    });
    let mut ledger_changed = 0;
    for (i, found) in &findings.by_entry {
        let entry = index.entry(*i);
        let before = entry.flags.first_standing(strict);
        tally.restand(before, findings.standing(entry, *i, strict), Some(entry.kbo));
        tally.add_codes(&codes_of(&found.diagnostics));
        if found.drops_r203 {
            tally.remove_code(R203.code);
        }
        if found.drops_deadline {
            // The codes X306 stopped, as the first read counted them.
            for code in entry.flags.stopped_codes() {
                tally.remove_code(code);
            }
        }
        if found.diagnostics.iter().any(|d| d.code == X307.code) {
            ledger_changed += 1;
        }
    }
    for (i, entry) in index.entries() {
        if findings.standing(entry, i, strict).status == Status::Accepted {
            let info = employers.entry(entry.kbo).or_default();
            info.first_last_day = Some(info.first_last_day.map_or(entry.last_day, |d| d.min(entry.last_day)));
        }
    }
    tracing::debug!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "batch: rules X301-X305 run"
    );
    let figures = figures::compute(&index, &years, |i| {
        findings.standing(index.entry(i), i, strict).status == Status::Accepted
    });
    tracing::debug!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "batch: figures per employee"
    );
    drop(years);
    let findings: PositionMap<Source, RowFindings> = findings
        .by_entry
        .into_iter()
        .map(|(i, found)| (index.entry(i).source, found))
        .collect();
    Ok(Batch {
        inputs,
        notes,
        strict,
        tally,
        figures,
        merges,
        findings,
        employers,
        ledger_changed,
        names: index.names,
        rereadable,
        schema: schema.clone(),
        options: options.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CSV source of `rows` data rows.
    fn source(rows: usize) -> Box<dyn RowSource> {
        let header: Vec<&str> = crate::field::Field::ALL.iter().map(|f| f.name()).collect();
        let mut text = header.join(";") + "\n";
        let empty = ";".repeat(header.len() - 1);
        for i in 0..rows {
            text.push_str(&format!("{i}{empty}\n"));
        }
        let rows = CsvRows::open(
            Box::new(std::io::Cursor::new(text.into_bytes())),
            "t.csv",
            0,
            &InputSchema::builtin(),
            None,
            None,
            crate::lang::Lang::En,
        )
        .unwrap();
        Box::new(rows)
    }

    fn pool() -> rayon::ThreadPool {
        thread_pool(Some(2)).unwrap()
    }

    #[test]
    fn a_full_temporary_directory_is_named_as_the_cause() {
        let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
            return; // Not on this system.
        };
        let mut tee = Tee {
            inner: std::io::Cursor::new(b"a;b\n".to_vec()),
            copy: full,
        };
        let mut buf = [0u8; 16];
        let err = tee.read(&mut buf).unwrap_err();
        assert!(err.to_string().contains("temporary copy of standard input"), "{err}");
    }

    #[test]
    fn the_pipeline_gives_every_chunk_in_order() {
        let mut lines = Vec::new();
        let source = pipeline::<_, Fatal>(
            source(3 * CHUNK_ROWS + 5),
            &pool(),
            |chunk| chunk.iter().map(|r| r.source.line).collect::<Vec<_>>(),
            |chunk| {
                lines.extend(chunk);
                Ok(true)
            },
        )
        .unwrap();
        assert_eq!(source.info().rows, 3 * CHUNK_ROWS + 5);
        assert_eq!(lines, (2..3 * CHUNK_ROWS as u64 + 7).collect::<Vec<_>>());
    }

    #[test]
    fn the_pipeline_stops_early_and_passes_errors_on_without_hanging() {
        let mut chunks = 0;
        pipeline::<_, Fatal>(
            source(10 * CHUNK_ROWS),
            &pool(),
            |chunk| chunk.len(),
            |_| {
                chunks += 1;
                Ok(false)
            },
        )
        .unwrap();
        assert_eq!(chunks, 1);
        let failed = pipeline(
            source(10 * CHUNK_ROWS),
            &pool(),
            |chunk| chunk.len(),
            |_| Err(file::unreadable("t.csv", "stop", crate::lang::Lang::En)),
        );
        assert!(failed.is_err());
    }
}
