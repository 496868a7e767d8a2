//! The validator: types every row and applies the R rules in parallel, then
//! the batch (X) rules over all inputs together.

use rayon::prelude::*;

use crate::model::{Outcome, RawRow, Severity, Status};
use crate::reader::{self, InputInfo, ReadOptions};
use crate::rules::file::{self, Fatal};
use crate::rules::{self, batch, value, Context};
use crate::schema::InputSchema;

/// How many rows are validated in one parallel step. Big enough to keep
/// every core busy, small enough that reading and validating interleave.
const CHUNK_ROWS: usize = 8192;

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
}

/// Every row of the batch after validation, in input order.
#[derive(Debug)]
pub struct Batch {
    pub inputs: Vec<InputInfo>,
    pub outcomes: Vec<Outcome>,
    pub notes: Vec<Note>,
    pub strict: bool,
    /// Module rows merged by `--merge-modules` (X305).
    pub merges: Vec<batch::Merge>,
}

impl Batch {
    pub fn status(&self, outcome: &Outcome) -> Status {
        outcome.status(self.strict)
    }

    pub fn rejected_count(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|o| self.status(o) == Status::Rejected)
            .count()
    }

    pub fn input_names(&self) -> Vec<String> {
        self.inputs.iter().map(|i| i.path.clone()).collect()
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

fn thread_pool(jobs: Option<usize>) -> Result<rayon::ThreadPool, Fatal> {
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

/// Reads and validates every input. A fatal problem in any input stops the
/// whole batch: nothing is half-done.
pub fn validate(paths: &[String], schema: &InputSchema, options: &ValidateOptions) -> Result<Batch, Fatal> {
    let pool = thread_pool(options.jobs)?;
    let ctx = &options.context;
    let lang = ctx.lang;
    let mut inputs = Vec::with_capacity(paths.len());
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut notes = Vec::new();
    let stdin_uses = paths.iter().filter(|p| p.as_str() == "-").count();
    if stdin_uses > 1 {
        return Err(Fatal {
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
        });
    }
    for (index, path) in paths.iter().enumerate() {
        let mut source = reader::open(path, index, schema, &options.read)?;
        let mut chunk: Vec<RawRow> = Vec::with_capacity(CHUNK_ROWS);
        loop {
            let next = source.next_row();
            let done = next.is_none();
            if let Some(row) = next {
                chunk.push(row?);
            }
            if chunk.len() >= CHUNK_ROWS || (done && !chunk.is_empty()) {
                let rows = std::mem::take(&mut chunk);
                let validated: Vec<Outcome> =
                    pool.install(|| rows.into_par_iter().map(|raw| validate_row(raw, schema, ctx)).collect());
                outcomes.extend(validated);
            }
            if done {
                break;
            }
        }
        let info = source.info();
        if info.rows == 0 {
            return Err(file::no_data(&info.path, true, lang));
        }
        for extra in &info.extra_columns {
            notes.push(Note {
                input: Some(index),
                message: lang.pick(
                    format!(
                        "{}: kolom '{extra}' is onbekend en wordt genegeerd (ze blijft wel in rejected.csv)",
                        info.path
                    ),
                    format!(
                        "{}: column '{extra}' is unknown and ignored (it is kept in rejected.csv)",
                        info.path
                    ),
                ),
            });
        }
        tracing::info!(input = %info.path, rows = info.rows, "read");
        inputs.push(info);
    }
    let names: Vec<String> = inputs.iter().map(|i| i.path.clone()).collect();
    // The order matters: a duplicate is rejected before it can count
    // towards the minimum or the cap, and X305 sees the final statuses.
    batch::duplicates(&mut outcomes, &names, lang);
    batch::combined_minimum(&mut outcomes, &names, lang);
    batch::yearly_cap_rule(&mut outcomes, lang);
    batch::inconsistent_employee(&mut outcomes, lang);
    let merges = batch::modules(&mut outcomes, &names, options.strict, options.merge_modules, lang);
    for outcome in &mut outcomes {
        // Errors first, then warnings, then infos; by code within each.
        outcome
            .diagnostics
            .sort_by(|a, b| b.severity.cmp(&a.severity).then(a.code.cmp(b.code)));
    }
    Ok(Batch {
        inputs,
        outcomes,
        notes,
        strict: options.strict,
        merges,
    })
}

/// Whether any diagnostic of `severity` is present (for summaries).
pub fn count_with(batch: &Batch, severity: Severity) -> usize {
    batch.outcomes.iter().filter(|o| o.has(severity)).count()
}
