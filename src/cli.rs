//! The command line. `main.rs` only calls [`main`].

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::human::{self, Collector};
use crate::inputs;
use crate::lang::Lang;
use crate::pipeline;
use crate::pipeline::Deliveries;
use crate::progress::Progress;
use crate::reader::{self, ReadOptions, TextEncoding};
use crate::rules::{self, Context};
use crate::schema::{InputSchema, UploadSchema};
use crate::template;
use crate::validate::ValidateOptions;
use crate::validate::{self, Note};
use crate::writer::report;

pub const EXIT_OK: i32 = 0;
pub const EXIT_REJECTED: i32 = 1;
pub const EXIT_FATAL: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "vov-bulk",
    version,
    about = "Turns payroll exports and spreadsheets into WSE-loket bulk uploads for Vlaams opleidingsverlof (VOV).",
    long_about = "Turns payroll exports and spreadsheets into WSE-loket bulk uploads for Vlaams opleidingsverlof (VOV): \
one upload per employer, rejected.csv with every row that cannot be submitted and why, and a JSON report.\n\n\
Exit codes: 0 every row accepted; 1 at least one row rejected (accepted rows were written); 2 usage error or fatal input problem (nothing written)."
)]
pub struct Cli {
    /// Language of messages: nl or en.
    #[arg(long, global = true, env = "VOV_LANG", default_value = "nl")]
    pub lang: Lang,
    /// Only errors on stderr.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// More log output on stderr (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate; print the human report; write no files unless --report.
    Check(ValidateArgs),
    /// Validate and write the upload files, rejected.csv and report.json.
    Prepare {
        /// Directory for the upload files, rejected.csv and report.json (created when missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[command(flatten)]
        args: ValidateArgs,
    },
    /// Every rule: code, name, severity, one line.
    Rules,
    /// One rule in full: what, why, source, how to fix, an example.
    Explain {
        /// A rule code (R204) or name (deadline-passed).
        code: String,
    },
    /// An empty input file with the canonical headers.
    Template {
        /// Write a spreadsheet (.xlsx) instead of CSV.
        #[arg(long)]
        xlsx: bool,
        /// Where to write it (default: standard output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Input files (.csv .txt .tsv .xlsx .xlsm .xls .xlsb .ods), or - for CSV on standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Submission date assumed by the deadline rules (default: today in Europe/Brussels).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_as_of)]
    pub as_of: Option<NaiveDate>,
    /// Spreadsheet sheet to read (default: the first visible one).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// CSV delimiter: ; , | or tab (default: sniffed from the header).
    #[arg(long, value_name = "C", value_parser = reader::parse_delimiter)]
    pub delimiter: Option<char>,
    /// CSV encoding: utf-8, utf-16 or windows-1252 (default: detected).
    #[arg(long, value_name = "E")]
    pub encoding: Option<TextEncoding>,
    /// Replace the built-in input schema (Frictionless Table Schema with aliases).
    #[arg(long, value_name = "FILE")]
    pub input_schema: Option<PathBuf>,
    /// Replace the built-in upload schema (its dialect: FILE's *.dialect.json beside it, if any).
    #[arg(long, value_name = "FILE")]
    pub output_schema: Option<PathBuf>,
    /// Warnings reject a row too.
    #[arg(long)]
    pub strict: bool,
    /// R206 horizon in days, counting the as-of day itself.
    #[arg(long, value_name = "N", default_value_t = Context::DEFAULT_WARN_DAYS)]
    pub warn_days: u32,
    /// Merge module rows of one enrolment (X305).
    #[arg(long)]
    pub merge_modules: bool,
    /// Also write the JSON report to FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// What goes to stdout: the human report or the JSON report.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// No progress bar (it is never shown when stderr is not a terminal).
    #[arg(long)]
    pub no_progress: bool,
}

fn parse_as_of(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| format!("'{s}' is not a date in the form YYYY-MM-DD"))
}

/// Today in Europe/Brussels: the WSE-loket's own day, whatever the server's time zone.
pub fn today_in_brussels() -> NaiveDate {
    date_in_brussels(chrono::Utc::now())
}

/// The calendar day in Brussels at the instant `now`.
pub fn date_in_brussels(now: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    now.with_timezone(&chrono_tz::Europe::Brussels).date_naive()
}

fn init_logging(quiet: bool, verbose: u8) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, _) => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("VOV_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none())
        .with_target(false)
        .without_time()
        .try_init();
}

/// Runs the command line and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => EXIT_OK,
                _ => EXIT_FATAL,
            };
        }
    };
    init_logging(cli.quiet, cli.verbose);
    let lang = cli.lang;
    match cli.command {
        Command::Check(args) => run_validation(args, None, lang, cli.quiet),
        Command::Prepare { out, args } => run_validation(args, Some(out), lang, cli.quiet),
        Command::Rules => {
            print_stdout(&rules_table(lang));
            EXIT_OK
        }
        Command::Explain { code } => match rules::find(&code) {
            Some(rule) => {
                print_stdout(&explain(rule, lang));
                EXIT_OK
            }
            None => {
                let close = rules::closest(&code);
                let hint = if close.is_empty() {
                    lang.pick(
                        "zie 'vov-bulk rules' voor alle codes".to_string(),
                        "see 'vov-bulk rules' for every code".to_string(),
                    )
                } else {
                    lang.pick_fmt(
                        format_args!("bedoelt u {}?", close.join(", ")),
                        format_args!("did you mean {}?", close.join(", ")),
                    )
                };
                eprintln!(
                    "vov-bulk: {} '{code}'; {hint}",
                    lang.pick("onbekende regel", "unknown rule")
                );
                EXIT_FATAL
            }
        },
        Command::Template { xlsx, output } => run_template(xlsx, output, lang),
    }
}

fn print_stdout(text: &str) {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

fn run_template(xlsx: bool, output: Option<PathBuf>, lang: Lang) -> i32 {
    let bytes = if xlsx {
        match template::xlsx() {
            Ok(b) => b,
            Err(e) => {
                eprintln!("vov-bulk: {e}");
                return EXIT_FATAL;
            }
        }
    } else {
        template::csv()
    };
    match output {
        Some(path) => {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("."));
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("template");
            let mut staged = crate::writer::Staged::new(&dir);
            match staged.add(name, &bytes).and_then(|_| staged.commit()) {
                Ok(()) => EXIT_OK,
                Err(e) => {
                    eprintln!("vov-bulk: {}: {e}", path.display());
                    EXIT_FATAL
                }
            }
        }
        None if xlsx && std::io::stdout().is_terminal() => {
            eprintln!(
                "vov-bulk: {}",
                lang.pick(
                    "een .xlsx-bestand hoort niet in de terminal: geef -o FILE.xlsx",
                    "an .xlsx file does not belong in the terminal: give -o FILE.xlsx"
                )
            );
            EXIT_FATAL
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(&bytes);
            let _ = stdout.flush();
            EXIT_OK
        }
    }
}

fn report_fatal(error: &Error, format: Format, as_of: NaiveDate, lang: Lang) -> i32 {
    let help = error.help(lang);
    let file = error.file().map(|f| format!("{f}: ")).unwrap_or_default();
    let code = match rules::find(error.code()) {
        Some(rule) => format!("{} {}", rule.code, rule.name),
        None => error.code().to_string(),
    };
    let mut diagnostic = miette::MietteDiagnostic::new(format!("{file}{}", error.message())).with_code(code);
    if let Some(help) = &help {
        diagnostic = diagnostic.with_help(help.clone());
    }
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut rendered = String::new();
    if human::handler(colour)
        .render_report(&mut rendered, &diagnostic)
        .is_err()
    {
        rendered = format!("vov-bulk: [{}] {file}{}\n", error.code(), error.message());
    }
    eprint!("{rendered}");
    if format == Format::Json {
        let body = report::FatalReport {
            report_version: report::REPORT_VERSION,
            tool: report::TOOL,
            as_of: as_of.to_string(),
            fatal: report::FatalBody {
                code: error.code(),
                file: error.file().unwrap_or_default(),
                message: error.message(),
                help: help.unwrap_or_default(),
            },
        };
        print_stdout(&report::to_json(&body));
    }
    EXIT_FATAL
}

fn run_validation(args: ValidateArgs, out: Option<PathBuf>, lang: Lang, quiet: bool) -> i32 {
    let as_of = args.as_of.unwrap_or_else(today_in_brussels);
    let format = args.format;
    match validate_and_write(&args, out.as_deref(), as_of, lang, quiet) {
        Ok(code) => code,
        Err(error) => report_fatal(&error, format, as_of, lang),
    }
}

fn validate_and_write(
    args: &ValidateArgs,
    out: Option<&std::path::Path>,
    as_of: NaiveDate,
    lang: Lang,
    quiet: bool,
) -> Result<i32, Error> {
    let input_schema = match &args.input_schema {
        Some(path) => InputSchema::load(path)?,
        None => InputSchema::builtin(),
    };
    let upload_schema = match &args.output_schema {
        Some(path) => UploadSchema::load(path)?,
        None => UploadSchema::builtin(),
    };
    let options = ValidateOptions {
        context: Context {
            as_of,
            warn_days: args.warn_days,
            lang,
        },
        strict: args.strict,
        merge_modules: args.merge_modules,
        jobs: args.jobs.map(usize::from),
        read: ReadOptions {
            delimiter: args.delimiter,
            encoding: args.encoding,
            sheet: args.sheet.clone(),
            lang,
        },
    };
    let started = std::time::Instant::now();
    let expanded = inputs::expand(&args.inputs, lang)?;
    let mut progress = Progress::new(!args.no_progress && !quiet);
    let batch = validate::validate_with_progress(&expanded.paths, &input_schema, &options, &mut |input, rows| {
        let name = expanded
            .paths
            .get(input)
            .map(|p| reader::display_name(p))
            .unwrap_or_default();
        progress.read(input, &name, rows);
    });
    let batch = match batch {
        Ok(batch) => batch,
        Err(e) => {
            progress.finish();
            return Err(e.into());
        }
    };
    tracing::info!(
        rows = batch.rows(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "validated"
    );
    let mut report = report::build(&batch, as_of);
    tracing::info!(elapsed_ms = started.elapsed().as_millis() as u64, "report built");
    for skipped in &expanded.skipped {
        report.notes.push(Note {
            input: None,
            message: lang.pick_fmt(
                format_args!("{skipped}: overgeslagen (geen ondersteund invoerbestand)"),
                format_args!("{skipped}: skipped (not a supported input file)"),
            ),
        });
    }
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut human = (args.format == Format::Human).then(|| Collector::new(&batch, lang, colour));
    progress.phase(lang.pick("schrijven", "writing"));
    let delivered = pipeline::deliver(
        &batch,
        &mut report,
        Deliveries {
            out: out.map(|dir| (dir, &upload_schema)),
            human: human.as_mut(),
            report_file: args.report.as_deref(),
            report_back: args.format == Format::Json,
        },
        lang,
    );
    progress.finish();
    let json = delivered?;
    tracing::info!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        peak_memory_kib = peak_memory_kib(),
        "written"
    );
    match (human, json) {
        (Some(human), _) => print_stdout(&human.finish(&report)),
        (None, Some(mut json)) => {
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = std::io::copy(&mut json, &mut std::io::stdout().lock());
        }
        (None, None) => {}
    }
    Ok(if report.summary.rejected > 0 {
        EXIT_REJECTED
    } else {
        EXIT_OK
    })
}

/// The process's peak resident memory so far, where the system tells it
/// (Linux); for the `-v` log.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// `vov-bulk rules`.
pub fn rules_table(lang: Lang) -> String {
    let mut out = String::new();
    let all = rules::all();
    let name_width = all.iter().map(|r| r.name.len()).max().unwrap_or(10);
    let severity_width = all.iter().map(|r| r.severity.len()).max().unwrap_or(8);
    out.push_str(&format!(
        "{:<5} {:<name_width$} {:<severity_width$} {}\n",
        "code",
        lang.pick("naam", "name"),
        lang.pick("ernst", "severity"),
        lang.pick("regel", "rule")
    ));
    for rule in all {
        out.push_str(&format!(
            "{:<5} {:<name_width$} {:<severity_width$} {}\n",
            rule.code,
            rule.name,
            rule.severity,
            rule.summary.get(lang)
        ));
    }
    out
}

/// `vov-bulk explain CODE`.
pub fn explain(rule: &rules::Rule, lang: Lang) -> String {
    let e = &rule.explanation;
    let heads: [&str; 6] = match lang {
        Lang::Nl => ["Wat", "Waarom", "Bron", "Oplossen", "Voorbeeld", "Ernst"],
        Lang::En => ["What", "Why", "Source", "How to fix", "Example", "Severity"],
    };
    format!(
        "{} {} ({})\n{}\n\n{}: {}\n\n{}: {}\n\n{}: {}\n\n{}: {}\n\n{}: {}\n\n{}: {}\n",
        rule.code,
        rule.name,
        rule.severity,
        rule.summary.get(lang),
        heads[5],
        rule.severity,
        heads[0],
        e.what.get(lang),
        heads[1],
        e.why.get(lang),
        heads[2],
        e.source,
        heads[3],
        e.fix.get(lang),
        heads[4],
        e.example.get(lang)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_as_of_default_is_the_day_in_brussels_not_utc() {
        // Winter: UTC+1. 22:59 UTC is still the same day, 23:00 UTC the next.
        assert_eq!(date_in_brussels(utc(2026, 11, 21, 22, 59)), date(2026, 11, 21));
        assert_eq!(date_in_brussels(utc(2026, 11, 21, 23, 0)), date(2026, 11, 22));
        // Summer: UTC+2. A deadline night at the end of June.
        assert_eq!(date_in_brussels(utc(2026, 6, 30, 21, 59)), date(2026, 6, 30));
        assert_eq!(date_in_brussels(utc(2026, 6, 30, 22, 0)), date(2026, 7, 1));
    }

    #[test]
    fn as_of_must_be_an_iso_date() {
        assert_eq!(parse_as_of("2026-11-22"), Ok(date(2026, 11, 22)));
        assert!(parse_as_of("22/11/2026").is_err());
        assert!(parse_as_of("2026-02-30").is_err());
    }
}
