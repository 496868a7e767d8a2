//! The validator: reads every input once, types every row and applies the
//! R rules in parallel, then the batch (X) rules over all inputs together.
//!
//! Each row is kept in the [`crate::spool`] as it was checked, and only a
//! compact index of the typed requests and the report's counts stay in
//! memory (see [`crate::state`]); [`crate::assemble`] then completes the
//! rows with the batch rules' findings and renders the outputs, without
//! reading or checking any input again.

use rayon::prelude::*;

use crate::figures::{self, Figures};
use crate::lang::{tr, trf, Lang};
use crate::ledger::{LedgerView, RequestKey};
use crate::model::{Outcome, RawRow, Request, Severity, Status};
use crate::reader::digest::{DigestHandle, InputDigest};
use crate::reader::{self, InputInfo, ReadOptions, RowSource};
use crate::rules::batch::{self, Merge};
use crate::rules::file::{self, Fatal};
use crate::rules::ledger::X307;
use crate::rules::request::R203;
use crate::rules::{self, value, Context};
use crate::schema::InputSchema;
use crate::spool::{self, Spool, SpoolWriter, SpooledRow};
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
    /// The input the note is about (its position in the batch); `None` for
    /// the batch as a whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<usize>,
    /// The note, in the batch's language.
    pub message: String,
}

/// How a batch is validated: the rules' context, `--strict`,
/// `--merge-modules`, the worker threads, how inputs are read, and the ledger.
#[derive(Debug, Clone)]
pub struct ValidateOptions {
    /// What the rules assume: the as-of date, the R206 horizon and the language.
    pub context: Context,
    /// `--strict`: reject rows with warnings too, not only rows with errors.
    pub strict: bool,
    /// Merge module rows of one enrolment into one request (X305).
    pub merge_modules: bool,
    /// Worker threads; `None` is all cores.
    pub jobs: Option<usize>,
    /// How the inputs are read: delimiter, encoding, sheet.
    pub read: ReadOptions,
    /// What earlier runs prepared (X306, X307); `None` without a ledger.
    pub ledger: Option<std::sync::Arc<crate::ledger::LedgerView>>,
    /// Hash every input while it is read (size and SHA-256, for the
    /// ledger's record of a run): [`Batch::digests`].
    pub digest_inputs: bool,
    /// `--skip-unreadable`: a file that is fatal on its own when it is
    /// opened (F001-F004, F006, F007) is left out with a note
    /// ([`Batch::skipped_inputs`]) instead of stopping the batch.
    pub skip_unreadable: bool,
}

/// A validated batch: what the report's summary needs, and every row as it
/// was checked, in the spool, for [`crate::assemble`] to complete.
#[derive(Debug)]
pub struct Batch {
    /// What was read from each input, in the batch's order.
    pub inputs: Vec<InputInfo>,
    /// Notes on the batch that concern no single row (unknown columns).
    pub notes: Vec<Note>,
    /// Whether the batch ran with `--strict` (warnings rejected rows).
    pub strict: bool,
    /// The report's counts, final (batch rules included).
    pub tally: Tally,
    /// The figures of the accepted rows.
    pub figures: Figures,
    /// Module rows merged by `--merge-modules` (X305).
    pub merges: Vec<Merge>,
    /// What the batch (X) rules found, on the rows they touch.
    /// What the batch (X) rules found, by the index entry of the rows they
    /// touch (shared among the rows of a group).
    pub findings: PositionMap<u32, RowFindings>,
    /// Per employer: the name its rows give first, and the earliest last day
    /// to submit among its accepted rows.
    pub employers: std::collections::BTreeMap<u64, EmployerInfo>,
    /// Rows that X307 flagged (their key was prepared with other content).
    pub ledger_changed: usize,
    /// The employees' names, each distinct name once, that the figures and
    /// X304 refer to.
    pub names: NameBook,
    /// Per input, its size and SHA-256 when [`ValidateOptions::digest_inputs`].
    pub digests: Vec<Option<InputDigest>>,
    /// The files left out by [`ValidateOptions::skip_unreadable`], each with
    /// the fatal problem that would have stopped the batch.
    pub skipped_inputs: Vec<Fatal>,
    /// Every row as the read checked it, in input order.
    pub(crate) spool: Spool,
    pub(crate) options: ValidateOptions,
}

/// What the report says of an employer besides its counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmployerInfo {
    /// The employer's name as its rows first give it; `None` when none of
    /// them gives one.
    pub name: Option<String>,
    /// The earliest last day to submit among the employer's accepted rows;
    /// `None` when it has none.
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
    validate_row_with_headers(raw, schema, ctx, &[])
}

/// As [`validate_row`], naming the user's column headers (by
/// [`crate::field::Field::index`], see [`field_headers`]) where a message needs them.
pub fn validate_row_with_headers(raw: RawRow, schema: &InputSchema, ctx: &Context, headers: &[String]) -> Outcome {
    if let Some(reason) = &raw.malformed {
        let diagnostic = file::malformed_record(reason, ctx.lang);
        return Outcome {
            raw,
            request: None,
            diagnostics: vec![diagnostic],
        };
    }
    let (request, mut diagnostics) = value::type_row_with_headers(&raw, schema, ctx.lang, headers);
    if let Some(request) = &request {
        diagnostics.extend(rules::check_request(request, ctx));
    }
    Outcome {
        raw,
        request,
        diagnostics,
    }
}

pub(crate) fn thread_pool(jobs: Option<usize>, lang: Lang) -> Result<rayon::ThreadPool, Fatal> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(jobs) = jobs {
        builder = builder.num_threads(jobs.max(1));
    }
    builder.build().map_err(|e| Fatal {
        code: crate::code::Code::F001,
        file: "--jobs".into(),
        message: trf!(lang,
            nl: "kan geen werkthreads starten: {e}",
            fr: "impossible de démarrer les threads de travail: {e}",
            en: "cannot start worker threads: {e}",
        ),
        help: tr!(lang,
            nl: "Probeer een kleinere --jobs.",
            fr: "Essayez un --jobs plus petit.",
            en: "Try a smaller --jobs.",
        )
        .into(),
    })
}

/// Where a [`pipeline`] takes its chunks from.
pub(crate) trait ChunkSource: Send {
    type Chunk: Send;
    /// The next chunk; `None` at the end.
    fn next_chunk(&mut self) -> Result<Option<Self::Chunk>, Fatal>;
}

/// An input, `CHUNK_ROWS` rows at a time.
impl ChunkSource for Box<dyn RowSource> {
    type Chunk = Vec<RawRow>;

    fn next_chunk(&mut self) -> Result<Option<Vec<RawRow>>, Fatal> {
        let mut chunk = Vec::with_capacity(CHUNK_ROWS);
        while chunk.len() < CHUNK_ROWS {
            match self.next_row() {
                Some(row) => chunk.push(row?),
                None => break,
            }
        }
        Ok((!chunk.is_empty()).then_some(chunk))
    }
}

/// Runs the three stages of a pass as a pipeline, each on its own thread:
/// taking chunks from `source`, `work` on each chunk (in parallel on
/// `pool`), and `consume` on each result in order (on the calling thread).
/// While one chunk is consumed (written), the next is worked on and the one
/// after that is read. `consume` returns `false` to stop early. Gives the
/// source back (for an input's `info`).
pub(crate) fn pipeline<S: ChunkSource, T: Send, E: From<Fatal>>(
    source: S,
    pool: &rayon::ThreadPool,
    work: impl Fn(S::Chunk) -> T + Sync,
    mut consume: impl FnMut(T) -> Result<bool, E>,
) -> Result<S, E> {
    std::thread::scope(|scope| {
        // Two chunks in flight between stages: enough to keep each busy, little memory.
        let (read_sender, read_receiver) = std::sync::mpsc::sync_channel::<Result<S::Chunk, Fatal>>(2);
        let (work_sender, work_receiver) = std::sync::mpsc::sync_channel::<Result<T, Fatal>>(2);
        let reader = scope.spawn(move || {
            let mut source = source;
            let mut busy = std::time::Duration::ZERO;
            loop {
                let started = std::time::Instant::now();
                let next = source.next_chunk();
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

fn stdin_more_than_once(lang: Lang) -> Fatal {
    Fatal {
        code: crate::code::Code::F001,
        file: "stdin".into(),
        message: tr!(lang,
            nl: "'-' (standaardinvoer) staat er meer dan eens",
            fr: "'-' (entrée standard) est indiqué plus d'une fois",
            en: "'-' (standard input) is given more than once",
        )
        .into(),
        help: tr!(lang,
            nl: "Geef standaardinvoer maar één keer op.",
            fr: "N'indiquez l'entrée standard qu'une seule fois.",
            en: "Give standard input only once.",
        )
        .into(),
    }
}

/// The spool could not be written or read: a full or unwritable temporary
/// directory, named as the cause (not the input).
pub(crate) fn spool_failed(error: &std::io::Error, lang: Lang) -> Fatal {
    spool_failed_for(&crate::os_error::reason(error, lang), lang)
}

/// As [`spool_failed`], for a reason already in `lang` (a damaged row).
pub(crate) fn spool_failed_for(error: &str, lang: Lang) -> Fatal {
    let dir = std::env::temp_dir();
    let dir = dir.display();
    Fatal {
        code: crate::code::Code::F001,
        file: trf!(lang,
            nl: "tijdelijke map {dir}",
            fr: "dossier temporaire {dir}",
            en: "temporary directory {dir}",
        ),
        message: trf!(lang,
            nl: "het tijdelijke bestand met de gelezen rijen faalde: {error}",
            fr: "le fichier temporaire qui conserve les lignes lues a échoué: {error}",
            en: "the temporary file that keeps the rows read failed: {error}",
        ),
        help: tr!(lang,
            nl: "Maak plaats vrij in de tijdelijke map, of wijs met TMPDIR een andere aan (nodig: ongeveer 2,5 keer de grootte van de invoer).",
            fr: "Libérez de l'espace dans le dossier temporaire, ou désignez-en un autre avec TMPDIR (il faut environ 2,5 fois la taille de l'entrée).",
            en: "Free space in the temporary directory, or point TMPDIR at another one (it needs about 2.5 times the size of the input).",
        )
        .into(),
    }
}

/// Notes about the unknown columns of an input: one per column (naming the
/// canonical field it most likely means, when one is close and the input has
/// no column for it yet), or one for all of them when there are many (a
/// 10,000-column export).
fn unknown_column_notes(info: &InputInfo, index: usize, schema: &InputSchema, lang: Lang) -> Vec<Note> {
    const ONE_BY_ONE: usize = 10;
    /// How close a header must be to a field's name or alias to be named in
    /// the note: stricter than F003's 0.5, since here the run goes on and a
    /// far-fetched guess ('Opmerking' for 'opleiding') only confuses.
    const CLOSE: f64 = 0.7;
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
            message: trf!(lang,
                nl: "{path}: {count} kolommen zijn onbekend en worden genegeerd ({first}, …); ze blijven wel in rejected.csv",
                fr: "{path}: {count} colonnes sont inconnues et ignorées ({first}, …); elles restent dans rejected.csv",
                en: "{path}: {count} columns are unknown and ignored ({first}, …); they are kept in rejected.csv",
            ),
        }];
    }
    let mapped: Vec<crate::field::Field> = info
        .columns
        .iter()
        .filter_map(|t| match t {
            reader::header::Target::Field(f) => Some(*f),
            _ => None,
        })
        .collect();
    info.extra_columns
        .iter()
        .map(|extra| {
            let near = schema
                .closest_field(extra, |f| !mapped.contains(&f))
                .filter(|(_, score)| *score >= CLOSE)
                .map(|(field, _)| field);
            let message = match near {
                Some(field) => trf!(lang,
                    nl: "{path}: kolom '{extra}' is onbekend en wordt genegeerd (ze blijft wel in rejected.csv); bedoelt u {field}? (--map {field}=\"{extra}\")",
                    fr: "{path}: la colonne '{extra}' est inconnue et ignorée (elle reste dans rejected.csv); vouliez-vous dire {field}? (--map {field}=\"{extra}\")",
                    en: "{path}: column '{extra}' is unknown and ignored (it is kept in rejected.csv); did you mean {field}? (--map {field}=\"{extra}\")",
                ),
                None => trf!(lang,
                    nl: "{path}: kolom '{extra}' is onbekend en wordt genegeerd (ze blijft wel in rejected.csv)",
                    fr: "{path}: la colonne '{extra}' est inconnue et ignorée (elle reste dans rejected.csv)",
                    en: "{path}: column '{extra}' is unknown and ignored (it is kept in rejected.csv)",
                ),
            };
            Note {
                input: Some(index),
                message,
            }
        })
        .collect()
}

/// The note on a file left out by `--skip-unreadable`.
fn skipped_input_note(fatal: &Fatal, lang: Lang) -> Note {
    let (file, code, message) = (&fatal.file, fatal.code, &fatal.message);
    Note {
        input: None,
        message: crate::values::mask::mask_personal(&trf!(lang,
            nl: "{file}: overgeslagen (--skip-unreadable): [{code}] {message}",
            fr: "{file}: ignoré (--skip-unreadable): [{code}] {message}",
            en: "{file}: skipped (--skip-unreadable): [{code}] {message}",
        ))
        .into_owned(),
    }
}

/// The note on a sheet that `--all-sheets` leaves out (no request columns,
/// or no rows).
fn sheet_left_out_note(fatal: &Fatal, sheet: &str, lang: Lang) -> Note {
    let (file, code) = (&fatal.file, fatal.code);
    Note {
        input: None,
        message: trf!(lang,
            nl: "{file}: blad '{sheet}' niet gelezen ({code}: geen aanvragen op dit blad)",
            fr: "{file}: feuille '{sheet}' non lue ({code}: pas de demandes sur cette feuille)",
            en: "{file}: sheet '{sheet}' not read ({code}: no requests on this sheet)",
        ),
    }
}

/// An input's digest: computed while it is read, or (a sheet of a workbook
/// read with `--all-sheets`) already known.
enum DigestSlot {
    Reading(DigestHandle),
    Done(InputDigest),
}

impl DigestSlot {
    fn finish(self) -> InputDigest {
        match self {
            DigestSlot::Reading(handle) => handle.finish(),
            DigestSlot::Done(digest) => digest,
        }
    }
}

/// What is still to be read: an input as given, or one sheet of a workbook
/// read with `--all-sheets` (the workbook hashed once, for all its sheets).
enum Pending {
    Given(Input),
    Sheet {
        path: String,
        sheet: String,
        digest: Option<InputDigest>,
        /// The last sheet of its workbook: if no sheet was read, the
        /// workbook's first problem stands for it.
        last: bool,
    },
}

/// What the first read keeps of a row, made on a worker thread (which also
/// frees the row's cells and request, so the consuming thread does not).
struct FirstRead {
    standing: Standing,
    employer: Option<u64>,
    employer_name: Option<String>,
    codes: Vec<(crate::code::Code, Severity)>,
    entry: Option<PreparedEntry>,
    /// The row as the spool keeps it.
    spooled: Vec<u8>,
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

/// Each field's column header as the input writes it, by
/// [`crate::field::Field::index`]; empty for a field without a column.
pub fn field_headers(map: &reader::HeaderMap) -> Vec<String> {
    let mut headers = vec![String::new(); crate::field::Field::COUNT];
    for (header, target) in map.headers.iter().zip(&map.targets) {
        if let reader::header::Target::Field(field) = target {
            if let Some(slot) = headers.get_mut(field.index()) {
                *slot = header.trim().to_string();
            }
        }
    }
    headers
}

fn first_read(
    raw: RawRow,
    schema: &InputSchema,
    ctx: &Context,
    strict: bool,
    ledger: Option<&LedgerView>,
    headers: &[String],
) -> FirstRead {
    let outcome = validate_row_with_headers(raw, schema, ctx, headers);
    let standing = Standing::of(outcome.request.is_some(), &outcome.diagnostics, strict);
    let (employer, kbo_raw) = employer_of(&outcome);
    let codes = codes_of(&outcome.diagnostics);
    let kept = SpooledRow {
        outcome,
        employer,
        kbo_raw,
    };
    let mut spooled = Vec::with_capacity(512);
    spool::encode(&kept, ctx.lang, &mut spooled);
    let outcome = kept.outcome;
    let source = outcome.raw.source;
    let diagnostics = outcome.diagnostics;
    // A row that did not type still names its employer (whose only row it
    // may be): the name as written, unless a finding is about that cell.
    let mut employer_name = None;
    if outcome.request.is_none()
        && !diagnostics
            .iter()
            .any(|d| d.field == Some(crate::field::Field::WerkgeverNaam))
    {
        let written = outcome.raw.cell(crate::field::Field::WerkgeverNaam).text();
        let written = written.trim();
        if !written.is_empty() {
            employer_name = Some(written.to_string());
        }
    }
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
        spooled,
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
    let inputs = paths.iter().map(|p| Input::Path(p.clone())).collect();
    validate_inputs(inputs, schema, options, progress)
}

/// One input of a batch: a file (or `-`, standard input) or rows a caller
/// holds in memory (see [`crate::api::Records`]).
pub enum Input {
    /// A CSV or spreadsheet file, or `-` for standard input.
    Path(String),
    /// Rows from any source; its `info().path` names it in messages and `bron`.
    Rows(Box<dyn RowSource>),
}

/// As [`validate_with_progress`], for inputs of any kind. A source given as
/// [`Input::Rows`] is not hashed ([`Batch::digests`] holds `None` for it).
pub fn validate_inputs(
    sources: Vec<Input>,
    schema: &InputSchema,
    options: &ValidateOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Batch, Fatal> {
    let pool = thread_pool(options.jobs, options.context.lang)?;
    let ctx = &options.context;
    let lang = ctx.lang;
    let strict = options.strict;
    let stdin_inputs = sources
        .iter()
        .filter(|input| matches!(input, Input::Path(p) if p.as_str() == "-"))
        .count();
    if stdin_inputs > 1 {
        return Err(stdin_more_than_once(lang));
    }
    let mut inputs = Vec::with_capacity(sources.len());
    let mut digests = Vec::with_capacity(sources.len());
    let mut spool = SpoolWriter::new().map_err(|e| spool_failed(&e, lang))?;
    let mut index = EmployeeIndex::default();
    let mut tally = Tally::default();
    let mut notes = Vec::new();
    let mut employers: std::collections::BTreeMap<u64, EmployerInfo> = std::collections::BTreeMap::new();
    let mut skipped_inputs: Vec<Fatal> = Vec::new();
    // Per workbook read with --all-sheets: the sheets read, and the first
    // problem of a sheet left out.
    let mut sheets_read = 0usize;
    let mut sheet_problem: Option<Fatal> = None;
    let mut queue: std::collections::VecDeque<Pending> = sources.into_iter().map(Pending::Given).collect();
    // A file that is fatal on its own: skipped with --skip-unreadable, else the end of the batch.
    let fail = |fatal: Fatal, skipped: &mut Vec<Fatal>, notes: &mut Vec<Note>| -> Result<(), Fatal> {
        if options.skip_unreadable {
            tracing::warn!(file = %fatal.file, code = %fatal.code, "input skipped");
            notes.push(skipped_input_note(&fatal, lang));
            skipped.push(fatal);
            Ok(())
        } else {
            Err(fatal)
        }
    };
    while let Some(pending) = queue.pop_front() {
        let input = inputs.len();
        let mut sheet_of: Option<(String, bool)> = None;
        let opened = match pending {
            Pending::Given(Input::Path(path))
                if options.read.all_sheets && reader::input_kind(&path) == Some(reader::InputKind::Spreadsheet) =>
            {
                let display = reader::display_name(&path);
                let listed =
                    reader::sheet::visible_sheets(std::path::Path::new(&path), &display, lang).and_then(|sheets| {
                        let digest = match options.digest_inputs {
                            true => {
                                let handle = DigestHandle::default();
                                let file =
                                    std::fs::File::open(&path).map_err(|e| file::unreadable_os(&display, &e, lang))?;
                                handle
                                    .hash_all(file)
                                    .map_err(|e| file::unreadable_os(&display, &e, lang))?;
                                Some(handle.finish())
                            }
                            false => None,
                        };
                        Ok((sheets, digest))
                    });
                match listed {
                    Ok((sheets, _)) if sheets.is_empty() => {
                        fail(file::no_data(&display, false, lang), &mut skipped_inputs, &mut notes)?;
                    }
                    Ok((sheets, digest)) => {
                        let count = sheets.len();
                        for (i, sheet) in sheets.into_iter().enumerate().rev() {
                            queue.push_front(Pending::Sheet {
                                path: path.clone(),
                                sheet,
                                digest: digest.clone(),
                                last: i + 1 == count,
                            });
                        }
                        sheets_read = 0;
                        sheet_problem = None;
                    }
                    Err(fatal) => fail(fatal, &mut skipped_inputs, &mut notes)?,
                }
                continue;
            }
            Pending::Given(Input::Path(path)) => {
                let digest = options.digest_inputs.then(DigestHandle::default);
                reader::open_with_digest(&path, input, schema, &options.read, digest.as_ref())
                    .map(|source| (source, digest.map(DigestSlot::Reading)))
            }
            Pending::Given(Input::Rows(source)) => Ok((source, None)),
            Pending::Sheet {
                path,
                sheet,
                digest,
                last,
            } => {
                sheet_of = Some((sheet.clone(), last));
                reader::open_sheet(&path, &sheet, input, schema, &options.read)
                    .map(|source| (source, digest.map(DigestSlot::Done)))
            }
        };
        let (source, digest) = match opened {
            Ok(opened) => opened,
            Err(fatal) => {
                match sheet_of {
                    // A sheet without the request columns (a pivot, a list of
                    // codes) is not an input; noted, not fatal.
                    Some((sheet, last)) => {
                        notes.push(sheet_left_out_note(&fatal, &sheet, lang));
                        sheet_problem.get_or_insert(fatal);
                        if last && sheets_read == 0 {
                            if let Some(problem) = sheet_problem.take() {
                                fail(problem, &mut skipped_inputs, &mut notes)?;
                            }
                        }
                    }
                    None => fail(fatal, &mut skipped_inputs, &mut notes)?,
                }
                continue;
            }
        };
        let mut read_in_input = 0;
        let headers = field_headers(source.header_map());
        let headers = headers.as_slice();
        let work = |chunk: Vec<RawRow>| -> Vec<FirstRead> {
            chunk
                .into_par_iter()
                .map(|raw| first_read(raw, schema, ctx, strict, options.ledger.as_deref(), headers))
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
                let entry = row.entry.map(|entry| {
                    let at = index.entry_count();
                    index.add_prepared(entry);
                    at
                });
                spool.push(entry, &row.spooled).map_err(|e| spool_failed(&e, lang))?;
            }
            progress(input, read_in_input);
            Ok::<bool, Fatal>(true)
        })?;
        let info = source.info();
        if info.rows == 0 {
            // Nothing of it was counted or kept, so it can be left out whole.
            let fatal = file::no_data(&info.path, true, lang);
            notes.extend(info.notes.iter().map(|message| Note {
                input: None,
                message: message.clone(),
            }));
            match sheet_of {
                Some((sheet, last)) => {
                    notes.push(sheet_left_out_note(&fatal, &sheet, lang));
                    sheet_problem.get_or_insert(fatal);
                    if last && sheets_read == 0 {
                        if let Some(problem) = sheet_problem.take() {
                            fail(problem, &mut skipped_inputs, &mut notes)?;
                        }
                    }
                }
                None => fail(fatal, &mut skipped_inputs, &mut notes)?,
            }
            continue;
        }
        if sheet_of.is_some() {
            sheets_read += 1;
        }
        digests.push(digest.map(DigestSlot::finish));
        notes.extend(info.notes.iter().map(|message| Note {
            input: Some(input),
            message: message.clone(),
        }));
        notes.extend(unknown_column_notes(&info, input, schema, lang));
        let (rss_kib, peak_kib) = crate::memory::resident_kib();
        tracing::info!(input = %info.path, rows = info.rows, rss_kib, peak_kib, "read");
        inputs.push(info);
    }
    if inputs.is_empty() {
        if let Some(first) = skipped_inputs.first() {
            // Every file was left out: there is no batch to report on.
            return Err(first.clone());
        }
    }
    let input_names: Vec<String> = inputs.iter().map(|i| i.path.clone()).collect();
    let started = std::time::Instant::now();
    // The batch phase is serial but for its sorts, which run on the pool.
    let years = pool.install(|| index.by_employee_year());
    tracing::debug!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        rss_kib = crate::memory::resident_kib().0,
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
        // A code the row's own rules gave it too is one row's code, counted once.
        tally.add_codes_again(
            &found
                .diagnostics
                .iter()
                .map(|d| (d.code(), d.severity()))
                .collect::<Vec<_>>(),
            |code| entry.flags.has_own(code),
        );
        if found.drops_r203 {
            tally.remove_code(R203.code);
        }
        if found.drops_deadline {
            // The codes X306 stopped, as the first read counted them.
            for code in entry.flags.stopped_codes() {
                tally.remove_code(code);
            }
        }
        if found.diagnostics.iter().any(|d| d.code() == X307.code) {
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
        rss_kib = crate::memory::resident_kib().0,
        "batch: rules X301-X305 run"
    );
    let figures = figures::compute(&index, &years, |i| {
        findings.standing(index.entry(i), i, strict).status == Status::Accepted
    });
    tracing::debug!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        rss_kib = crate::memory::resident_kib().0,
        "batch: figures per employee"
    );
    drop(years);
    Ok(Batch {
        inputs,
        notes,
        strict,
        tally,
        figures,
        merges,
        findings: findings.by_entry,
        employers,
        ledger_changed,
        names: index.names,
        digests,
        skipped_inputs,
        spool: spool.finish().map_err(|e| spool_failed(&e, lang))?,
        options: options.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::csv_input::CsvRows;

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
        thread_pool(Some(2), Lang::En).unwrap()
    }

    #[test]
    fn the_notes_on_columns_inputs_and_sheets_are_in_french() {
        let text = "werkgever_kbo;werknemer_insz;werknemer_naam;werknemer_voornaam;odb_nummer;aantal;startdatum;\
                    einddatum;vestiging_postkode;Opmerking\n";
        let schema = InputSchema::builtin();
        let rows = CsvRows::open(
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            "t.csv",
            0,
            &schema,
            None,
            None,
            Lang::Fr,
        )
        .unwrap();
        let notes: Vec<String> = unknown_column_notes(&rows.info(), 0, &schema, Lang::Fr)
            .into_iter()
            .map(|note| note.message)
            .collect();
        assert_eq!(
            notes,
            vec![
                "t.csv: la colonne 'vestiging_postkode' est inconnue et ignorée (elle reste dans rejected.csv); \
                 vouliez-vous dire vestiging_postcode? (--map vestiging_postcode=\"vestiging_postkode\")",
                "t.csv: la colonne 'Opmerking' est inconnue et ignorée (elle reste dans rejected.csv)",
            ]
        );
        let fatal = file::no_data("map.xlsx", false, Lang::Fr);
        assert_eq!(
            sheet_left_out_note(&fatal, "Blad2", Lang::Fr).message,
            format!(
                "map.xlsx: feuille 'Blad2' non lue ({}: pas de demandes sur cette feuille)",
                fatal.code
            )
        );
        assert!(skipped_input_note(&fatal, Lang::Fr)
            .message
            .starts_with("map.xlsx: ignoré (--skip-unreadable): ["));
        assert_eq!(
            stdin_more_than_once(Lang::Fr).message,
            "'-' (entrée standard) est indiqué plus d'une fois"
        );
        assert!(spool_failed_for("disque plein", Lang::Fr)
            .file
            .starts_with("dossier temporaire "));
    }

    #[test]
    fn the_pipeline_gives_every_chunk_in_order() {
        let mut lines = Vec::new();
        let source = pipeline::<_, _, Fatal>(
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
        pipeline::<_, _, Fatal>(
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
