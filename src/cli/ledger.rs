//! `vov-bulk agenda` and `vov-bulk ledger ...`: what the ledger remembers.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::{parse_as_of, print_stdout, today_in_brussels, Format, LedgerArgs, EXIT_FATAL, EXIT_OK, EXIT_REJECTED};
use crate::error::Error;
use crate::lang::Lang;
use crate::ledger::{self, Ledger, RequestStatus};

#[derive(Debug, Args)]
pub(crate) struct AgendaArgs {
    /// The day the agenda counts from (default: today in Europe/Brussels).
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub(crate) as_of: Option<NaiveDate>,
    /// Mark the requests whose last day to submit is within N days, counting the as-of day itself.
    #[arg(long, value_name = "N", default_value_t = 14)]
    pub(crate) days: u32,
    /// Only this employer (KBO number).
    #[arg(long, value_name = "KBO")]
    pub(crate) kbo: Option<String>,
    /// What goes to stdout: the human agenda or JSON.
    #[arg(long, value_enum, default_value = "human")]
    pub(crate) format: Format,
    /// Also write an iCalendar file: one all-day event per employer and last day.
    #[arg(long, value_name = "FILE")]
    pub(crate) ics: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) ledger: LedgerArgs,
}

#[derive(Debug, Subcommand)]
pub(crate) enum LedgerCommand {
    /// Read WSE-loket dossier overviews (CSV) into the ledger: statuses and dossier numbers.
    Import {
        /// Dossier overview files (CSV).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Another layout of the overview (Frictionless Table Schema with aliases; built-in: `vov-bulk schema dossiers`).
        #[arg(long, value_name = "FILE")]
        schema: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        #[command(flatten)]
        ledger: LedgerArgs,
    },
    /// Record that these upload files (or every upload in these folders) were uploaded to the WSE-loket.
    Submitted {
        #[arg(required = true, value_name = "DIR|FILE")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        #[command(flatten)]
        ledger: LedgerArgs,
    },
    /// The requests in the ledger (their current version).
    List {
        /// Only requests with this status (prepared, submitted, ingediend, goedgekeurd, geweigerd, ...).
        #[arg(long, value_name = "S", value_parser = parse_status)]
        status: Option<RequestStatus>,
        /// Only this employer (KBO number).
        #[arg(long, value_name = "KBO")]
        kbo: Option<String>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        #[command(flatten)]
        ledger: LedgerArgs,
    },
}

fn parse_status(s: &str) -> Result<RequestStatus, String> {
    RequestStatus::parse(s).ok_or_else(|| {
        format!("'{s}' is not a status: prepared, submitted, ingediend, goedgekeurd, deels_uitbetaald, uitgevoerd, geweigerd, onontvankelijk, stopgezet, geannuleerd")
    })
}

/// The ledger a reading command uses; `None` when it does not exist yet.
fn open_for_reading(args: &LedgerArgs) -> Result<Option<Ledger>, Error> {
    let Some(path) = args.path()? else {
        return Err(Error::Usage(
            "--no-ledger: this command reads the ledger; name one with --ledger".into(),
        ));
    };
    let Some(mut ledger) = Ledger::open_read_only(&path)? else {
        return Ok(None);
    };
    ledger.resolve_pending(false, &crate::writer::publish::published_by)?;
    Ok(Some(ledger))
}

/// The ledger a writing command uses, locked against other writers.
fn open_for_writing(args: &LedgerArgs) -> Result<(Ledger, ledger::WriterLock), Error> {
    let Some(path) = args.path()? else {
        return Err(Error::Usage(
            "--no-ledger: this command writes the ledger; name one with --ledger".into(),
        ));
    };
    let (mut ledger, lock) = Ledger::open_for_writing(&path)?;
    ledger.resolve_pending(true, &crate::writer::publish::published_by)?;
    Ok((ledger, lock))
}

fn fail(error: Error, lang: Lang) -> i32 {
    let help = error.help(lang).map(|h| format!("\n  {h}")).unwrap_or_default();
    let file = error.file().map(|f| format!("{f}: ")).unwrap_or_default();
    super::eprint_masked(&format!("vov-bulk: {file}{}{help}\n", error.message()));
    EXIT_FATAL
}

fn json_text(value: &impl serde::Serialize) -> String {
    crate::writer::report::to_json(value)
}

pub(crate) fn run_agenda(args: AgendaArgs, lang: Lang, quiet: bool) -> i32 {
    match agenda(&args, lang, quiet) {
        Ok(code) => code,
        Err(error) => fail(error, lang),
    }
}

fn agenda(args: &AgendaArgs, lang: Lang, quiet: bool) -> Result<i32, Error> {
    let as_of = args.as_of.unwrap_or_else(today_in_brussels);
    let options = ledger::agenda::AgendaOptions {
        as_of,
        days: args.days,
        kbo: args.kbo.clone(),
    };
    let agenda = match open_for_reading(&args.ledger)? {
        Some(ledger) => ledger::agenda::agenda(&ledger, &options, lang)?,
        None => ledger::agenda::Agenda::none(&options),
    };
    if let Some(path) = &args.ics {
        // Names in the calendar come from the input: masked like any output.
        let text = crate::values::mask::mask_personal(&ledger::ics::write_ics(&agenda, lang)).into_owned();
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("agenda.ics");
        let mut staged = crate::writer::Staged::new(&dir);
        staged
            .add(name, text.as_bytes())
            .and_then(|_| staged.commit())
            .map_err(|source| Error::Output {
                path: path.clone(),
                source,
            })?;
    }
    match args.format {
        Format::Json => print_stdout(&json_text(&agenda)),
        Format::Human if !quiet => print_stdout(&ledger::agenda::render_human(&agenda, lang)),
        Format::Human => {}
    }
    Ok(if ledger::agenda::has_urgent(&agenda) {
        EXIT_REJECTED
    } else {
        EXIT_OK
    })
}

pub(crate) fn run_ledger(command: LedgerCommand, lang: Lang, quiet: bool) -> i32 {
    match ledger_command(command, lang, quiet) {
        Ok(code) => code,
        Err(error) => fail(error, lang),
    }
}

fn ledger_command(command: LedgerCommand, lang: Lang, quiet: bool) -> Result<i32, Error> {
    let now = chrono::Utc::now();
    match command {
        LedgerCommand::Import {
            files,
            schema,
            format,
            ledger: args,
        } => {
            let (mut ledger, _lock) = open_for_writing(&args)?;
            let report = ledger::import::import(&mut ledger, &files, schema.as_deref(), now)?;
            match format {
                Format::Json => print_stdout(&json_text(&report)),
                Format::Human if !quiet => print_stdout(&ledger::import::render_human(&report, lang)),
                Format::Human => {}
            }
            Ok(EXIT_OK)
        }
        LedgerCommand::Submitted {
            paths,
            format,
            ledger: args,
        } => {
            let (mut ledger, _lock) = open_for_writing(&args)?;
            let report = ledger::submitted::mark_submitted(&mut ledger, &paths, now)?;
            match format {
                Format::Json => print_stdout(&json_text(&report)),
                Format::Human if !quiet => print_stdout(&ledger::submitted::render_human(&report, lang)),
                Format::Human => {}
            }
            Ok(EXIT_OK)
        }
        LedgerCommand::List {
            status,
            kbo,
            format,
            ledger: args,
        } => {
            let filter = ledger::agenda::ListFilter { status, kbo };
            let listed = match open_for_reading(&args)? {
                Some(ledger) => ledger::agenda::list(&ledger, &filter)?,
                None => Vec::new(),
            };
            match format {
                Format::Json => print_stdout(&json_text(&listed)),
                Format::Human if !quiet => print_stdout(&ledger::agenda::render_list_human(&listed, lang)),
                Format::Human => {}
            }
            Ok(EXIT_OK)
        }
    }
}
