//! `vov-bulk agenda` and `vov-bulk ledger ...`: what the ledger remembers.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::{print_stdout, today_in_brussels, Format, LedgerArgs, EXIT_FATAL, EXIT_OK, EXIT_REJECTED};
use crate::error::Error;
use crate::lang::{tr, trf, Lang};
use crate::ledger::{self, Ledger, RequestStatus};

// The help texts are in `help.rs`, in the three languages.
#[derive(Debug, Args)]
pub(crate) struct AgendaArgs {
    #[arg(long, value_name = "DATE", value_parser = super::as_of_parser())]
    pub(crate) as_of: Option<NaiveDate>,
    #[arg(long, value_name = "N", default_value_t = 14)]
    pub(crate) days: u32,
    #[arg(long, value_name = "KBO")]
    pub(crate) kbo: Option<String>,
    #[arg(long, value_enum, default_value = "human")]
    pub(crate) format: Format,
    #[arg(long, value_name = "FILE")]
    pub(crate) ics: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) ledger: LedgerArgs,
}

#[derive(Debug, Subcommand)]
pub(crate) enum LedgerCommand {
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[arg(long, value_name = "FILE")]
        schema: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        #[command(flatten)]
        ledger: LedgerArgs,
    },
    Submitted {
        #[arg(required = true, value_name = "DIR|FILE")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        #[command(flatten)]
        ledger: LedgerArgs,
    },
    Release {
        #[arg(required = true, value_name = "DIR|FILE")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        #[command(flatten)]
        ledger: LedgerArgs,
    },
    List {
        #[arg(long, value_name = "S", value_parser = |s: &str| parse_status(s, Lang::En))]
        status: Option<RequestStatus>,
        #[arg(long, value_name = "KBO")]
        kbo: Option<String>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        #[command(flatten)]
        ledger: LedgerArgs,
    },
}

/// `--status`: a status of the ledger, refused in `lang`.
pub(super) fn parse_status(s: &str, lang: Lang) -> Result<RequestStatus, String> {
    RequestStatus::parse(s).ok_or_else(|| {
        trf!(lang,
            nl: "'{s}' is geen status: prepared, submitted, released, ingediend, goedgekeurd, deels_uitbetaald, uitgevoerd, geweigerd, onontvankelijk, stopgezet, geannuleerd",
            fr: "'{s}' n'est pas un statut: prepared, submitted, released, ingediend, goedgekeurd, deels_uitbetaald, uitgevoerd, geweigerd, onontvankelijk, stopgezet, geannuleerd",
            en: "'{s}' is not a status: prepared, submitted, released, ingediend, goedgekeurd, deels_uitbetaald, uitgevoerd, geweigerd, onontvankelijk, stopgezet, geannuleerd",
        )
    })
}

/// The ledger a reading command uses; `None` when it does not exist yet.
fn open_for_reading(args: &LedgerArgs, lang: Lang) -> Result<Option<Ledger>, Error> {
    let Some(path) = args.path()? else {
        return Err(Error::Usage(
            tr!(lang,
                nl: "--no-ledger: deze opdracht leest het register; geef er een met --ledger",
                fr: "--no-ledger: cette commande lit le registre; indiquez-en un avec --ledger",
                en: "--no-ledger: this command reads the ledger; name one with --ledger",
            )
            .into(),
        ));
    };
    let Some(mut ledger) = Ledger::open_read_only(&path)? else {
        return Ok(None);
    };
    ledger.resolve_pending(false, &crate::writer::publish::publication)?;
    Ok(Some(ledger))
}

/// The ledger a writing command uses, locked against other writers.
fn open_for_writing(args: &LedgerArgs, lang: Lang) -> Result<(Ledger, ledger::WriterLock), Error> {
    let Some(path) = args.path()? else {
        return Err(Error::Usage(
            tr!(lang,
                nl: "--no-ledger: deze opdracht schrijft het register; geef er een met --ledger",
                fr: "--no-ledger: cette commande écrit le registre; indiquez-en un avec --ledger",
                en: "--no-ledger: this command writes the ledger; name one with --ledger",
            )
            .into(),
        ));
    };
    let (mut ledger, lock) = Ledger::open_for_writing(&path)?;
    ledger.resolve_pending(true, &crate::writer::publish::publication)?;
    Ok((ledger, lock))
}

fn fail(error: Error, lang: Lang) -> i32 {
    let help = error.help(lang).map(|h| format!("\n  {h}")).unwrap_or_default();
    super::eprint_masked(&format!("vov-bulk: {}{help}\n", error.line(lang)));
    EXIT_FATAL
}

fn json_text(value: &impl serde::Serialize) -> String {
    crate::writer::report::to_json(value)
}

/// A ledger command's report: JSON, or for people unless `-q`.
fn print_report<R: serde::Serialize>(report: &R, format: Format, quiet: bool, human: impl FnOnce(&R) -> String) {
    match format {
        Format::Json => print_stdout(&json_text(report)),
        Format::Human if !quiet => print_stdout(&human(report)),
        Format::Human => {}
    }
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
    let agenda = match open_for_reading(&args.ledger, lang)? {
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
            let (mut ledger, _lock) = open_for_writing(&args, lang)?;
            let report = ledger::import::import(&mut ledger, &files, schema.as_deref(), now)?;
            print_report(&report, format, quiet, |r| ledger::import::render_human(r, lang));
            Ok(EXIT_OK)
        }
        LedgerCommand::Submitted {
            paths,
            format,
            ledger: args,
        } => {
            let (mut ledger, _lock) = open_for_writing(&args, lang)?;
            let report = ledger::submitted::mark_submitted(&mut ledger, &paths, now)?;
            print_report(&report, format, quiet, |r| ledger::submitted::render_human(r, lang));
            Ok(EXIT_OK)
        }
        LedgerCommand::Release {
            paths,
            format,
            ledger: args,
        } => {
            let (mut ledger, _lock) = open_for_writing(&args, lang)?;
            let report = ledger::release::release(&mut ledger, &paths, now)?;
            print_report(&report, format, quiet, |r| ledger::release::render_human(r, lang));
            // A submitted request asked for is kept: said, and exit 1.
            Ok(if report.kept_some() { EXIT_REJECTED } else { EXIT_OK })
        }
        LedgerCommand::List {
            status,
            kbo,
            format,
            ledger: args,
        } => {
            let filter = ledger::agenda::ListFilter { status, kbo };
            let opened = open_for_reading(&args, lang)?;
            let listed = match &opened {
                Some(ledger) => ledger::agenda::list(ledger, &filter)?,
                None => Vec::new(),
            };
            match format {
                Format::Json => print_stdout(&json_text(&listed)),
                Format::Human if quiet => {}
                Format::Human if listed.is_empty() => {
                    // Say what was filtered, and how many the ledger holds.
                    let in_ledger = match &opened {
                        Some(ledger) => ledger::list::count_all(ledger)?,
                        None => 0,
                    };
                    print_stdout(&ledger::list::render_nothing_found(&filter, in_ledger, lang));
                }
                Format::Human => print_stdout(&ledger::agenda::render_list_human(&listed, lang)),
            }
            Ok(EXIT_OK)
        }
    }
}
