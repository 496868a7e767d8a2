//! The command line. `main.rs` only calls [`main`].

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::human::{self, Collector};
use crate::inputs;
use crate::lang::{tr, trf, Lang};
use crate::ledger::{Ledger, LedgerView, NewRun, RunCounts, RunInput};
use crate::pipeline;
use crate::pipeline::Deliveries;
use crate::progress::Progress;
use crate::reader::{self, ReadOptions, TextEncoding};
use crate::record::{record_on_a_thread, RequestSink};
use crate::rules::{self, Context};
use crate::schema::{InputSchema, UploadSchema};
use crate::template;
use crate::validate::ValidateOptions;
use crate::validate::{self, Note};
use crate::writer::publish::OutDir;
use crate::writer::report;

mod generate;
mod help;
mod ledger;
mod regulation;
mod usage;

pub(crate) const EXIT_OK: i32 = 0;
pub(crate) const EXIT_REJECTED: i32 = 1;
pub(crate) const EXIT_FATAL: i32 = 2;

// The help texts of the commands and arguments below are in `help.rs`, in
// the three languages; these definitions give names, types and relations.
#[derive(Debug, Parser)]
#[command(name = "vov-bulk", version)]
pub(crate) struct Cli {
    #[arg(long, global = true, env = "VOV_LANG", default_value = "nl")]
    pub(crate) lang: Lang,
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,
    #[arg(long, global = true, env = "VOV_REGULATION", value_name = "FILE")]
    pub(crate) regulation: Option<PathBuf>,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    Check(ValidateArgs),
    Prepare {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long)]
        replace: bool,
        #[arg(long, requires = "replace")]
        discard_unsubmitted: bool,
        #[command(flatten)]
        args: ValidateArgs,
    },
    Agenda(ledger::AgendaArgs),
    Ledger {
        #[command(subcommand)]
        command: ledger::LedgerCommand,
    },
    Rules,
    Explain {
        code: String,
    },
    Schema {
        #[arg(value_enum)]
        name: SchemaName,
    },
    Regulation(regulation::RegulationArgs),
    Template {
        #[arg(long)]
        xlsx: bool,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long, requires = "output")]
        force: bool,
    },
    Completions {
        shell: clap_complete::Shell,
    },
    Man,
}

impl Command {
    /// The format its output is asked in: a fatal error found before the
    /// command runs (a bad regulation table) is then a JSON report too.
    fn format(&self) -> Format {
        match self {
            Command::Check(args) | Command::Prepare { args, .. } => args.format,
            Command::Agenda(args) => args.format,
            Command::Regulation(args) => args.format,
            _ => Format::Human,
        }
    }
}

/// The built-in schemas `vov-bulk schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaName {
    /// `schemas/input.schema.json`.
    Input,
    /// `schemas/wse-upload.schema.json`.
    Upload,
    /// `schemas/dossiers.schema.json`.
    Dossiers,
}

impl SchemaName {
    /// The embedded file's text, as `schemas/` holds it.
    pub(crate) fn text(self) -> &'static str {
        match self {
            SchemaName::Input => crate::schema::BUILTIN_INPUT_SCHEMA,
            SchemaName::Upload => crate::schema::BUILTIN_UPLOAD_SCHEMA,
            SchemaName::Dossiers => crate::ledger::dossier_schema::BUILTIN_DOSSIER_SCHEMA,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    #[arg(required = true, value_name = "INPUT")]
    pub(crate) inputs: Vec<String>,
    #[arg(long, value_name = "DATE", value_parser = as_of_parser())]
    pub(crate) as_of: Option<NaiveDate>,
    #[arg(long, value_name = "NAME", conflicts_with = "all_sheets")]
    pub(crate) sheet: Option<String>,
    #[arg(long)]
    pub(crate) all_sheets: bool,
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) header_row: Option<u64>,
    #[arg(long = "map", value_name = "FIELD=HEADER", value_parser = map_parser())]
    pub(crate) maps: Vec<(crate::field::Field, String)>,
    #[arg(long)]
    pub(crate) skip_unreadable: bool,
    #[arg(long, value_name = "C", value_parser = reader::parse_delimiter)]
    pub(crate) delimiter: Option<char>,
    #[arg(long, value_name = "E")]
    pub(crate) encoding: Option<TextEncoding>,
    #[arg(long, value_name = "FILE")]
    pub(crate) input_schema: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    pub(crate) output_schema: Option<PathBuf>,
    #[arg(long)]
    pub(crate) strict: bool,
    #[arg(long, value_name = "N", default_value_t = Context::DEFAULT_WARN_DAYS)]
    pub(crate) warn_days: u32,
    #[arg(long)]
    pub(crate) merge_modules: bool,
    #[arg(long, value_name = "FILE")]
    pub(crate) report: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub(crate) format: Format,
    #[arg(long, value_name = "N", default_value_t = human::SHOWN_PER_CODE, conflicts_with = "all")]
    pub(crate) max_per_code: usize,
    #[arg(long)]
    pub(crate) all: bool,
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub(crate) jobs: Option<u16>,
    #[arg(long)]
    pub(crate) no_progress: bool,
    #[command(flatten)]
    pub(crate) ledger: LedgerArgs,
}

/// Which ledger a command uses.
#[derive(Debug, Clone, Args)]
pub(crate) struct LedgerArgs {
    #[arg(long, value_name = "FILE", conflicts_with = "no_ledger")]
    pub(crate) ledger: Option<PathBuf>,
    #[arg(long)]
    pub(crate) no_ledger: bool,
}

impl LedgerArgs {
    /// The ledger's path, or `None` with `--no-ledger`.
    pub(crate) fn path(&self) -> Result<Option<PathBuf>, Error> {
        if self.no_ledger {
            return Ok(None);
        }
        match &self.ledger {
            Some(path) => Ok(Some(path.clone())),
            None => Ok(Some(crate::ledger::Ledger::default_path()?)),
        }
    }
}

/// `--map FIELD=HEADER`: a canonical field and a header with letters or digits.
pub(crate) fn parse_map(s: &str, lang: Lang) -> Result<(crate::field::Field, String), String> {
    let (field, header) = s.split_once('=').ok_or_else(|| {
        trf!(lang,
            nl: "'{s}' is geen FIELD=HEADER (bv. odb_nummer=\"Code opleiding\")",
            fr: "'{s}' n'est pas FIELD=HEADER (p. ex. odb_nummer=\"Code opleiding\")",
            en: "'{s}' is not FIELD=HEADER (e.g. odb_nummer=\"Code opleiding\")",
        )
    })?;
    let field_name = field.trim();
    // A canonical name, or a documented alias of one (`begindatum=Van`).
    let field = crate::field::Field::from_name(field_name)
        .or_else(|| crate::schema::InputSchema::builtin().field_for_header(field_name))
        .ok_or_else(|| {
            let all = crate::field::Field::ALL.map(crate::field::Field::name).join(", ");
            trf!(lang,
                nl: "'{field_name}' is geen canoniek veld; gebruik een van: {all}",
                fr: "'{field_name}' n'est pas un champ canonique; utilisez l'un de: {all}",
                en: "'{field_name}' is not a canonical field; use one of: {all}",
            )
        })?;
    if crate::schema::header_key(header).is_empty() {
        return Err(trf!(lang,
            nl: "de kolomkop in '{s}' heeft geen letters of cijfers",
            fr: "l'en-tête de colonne dans '{s}' n'a ni lettres ni chiffres",
            en: "the header in '{s}' has no letters or digits",
        ));
    }
    Ok((field, header.trim().to_string()))
}

/// `YYYY-MM-DD` or the Belgian `dd/mm/yyyy`.
pub(crate) fn parse_as_of(s: &str, lang: Lang) -> Result<NaiveDate, String> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .map_err(|_| {
            trf!(lang,
                nl: "'{s}' is geen datum in de vorm JJJJ-MM-DD of dd/mm/jjjj",
                fr: "'{s}' n'est pas une date de la forme AAAA-MM-JJ ou jj/mm/aaaa",
                en: "'{s}' is not a date in the form YYYY-MM-DD or dd/mm/yyyy",
            )
        })
}

/// The parser of `--as-of` the definitions name; `help.rs` gives each run
/// the one of its language.
fn as_of_parser() -> impl Fn(&str) -> Result<NaiveDate, String> + Clone + Send + Sync + 'static {
    |s: &str| parse_as_of(s, Lang::En)
}

/// As [`as_of_parser`], for `--map`.
fn map_parser() -> impl Fn(&str) -> Result<(crate::field::Field, String), String> + Clone + Send + Sync + 'static {
    |s: &str| parse_map(s, Lang::En)
}

/// `--delimiter`: as [`reader::parse_delimiter`] reads it, refused in `lang`.
pub(crate) fn parse_delimiter(s: &str, lang: Lang) -> Result<char, String> {
    reader::parse_delimiter(s).map_err(|_| {
        trf!(lang,
            nl: "niet-ondersteund scheidingsteken '{s}': gebruik ; , | of tab",
            fr: "séparateur non pris en charge '{s}': utilisez ; , | ou tab",
            en: "unsupported delimiter '{s}': use ; , | or tab",
        )
    })
}

/// `--encoding`: as [`TextEncoding`] reads it, refused in `lang`.
pub(crate) fn parse_encoding(s: &str, lang: Lang) -> Result<TextEncoding, String> {
    s.parse().map_err(|_: String| {
        // As `TextEncoding` names the value it refuses.
        let given = s.trim().to_ascii_lowercase().replace('_', "-");
        trf!(lang,
            nl: "onbekende codering '{given}': gebruik utf-8, utf-16 of windows-1252",
            fr: "encodage inconnu '{given}': utilisez utf-8, utf-16 ou windows-1252",
            en: "unknown encoding '{given}': use utf-8, utf-16 or windows-1252",
        )
    })
}

/// Today in Europe/Brussels: the WSE-loket's own day, whatever the server's time zone.
pub(crate) fn today_in_brussels() -> NaiveDate {
    date_in_brussels(chrono::Utc::now())
}

/// The calendar day in Brussels at the instant `now`.
pub(crate) fn date_in_brussels(now: chrono::DateTime<chrono::Utc>) -> NaiveDate {
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
    let ansi = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let keep = crate::values::mask::Keep {
        layout: true,
        colour: ansi,
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        // Log lines pass the masking step too: a path or a value may hold an
        // INSZ or a control character.
        .with_writer(move || crate::values::mask::MaskingWriter::keeping(std::io::stderr(), keep))
        .with_ansi(ansi)
        .with_target(false)
        .without_time()
        .try_init();
}

/// The last panic's message (`None` when it carried no text) and place,
/// kept by the panic hook for [`main`]'s last guard (the default hook would
/// print it unmasked).
static PANIC: std::sync::Mutex<Option<(Option<String>, String)>> = std::sync::Mutex::new(None);

/// Runs the command line and returns the exit code. A panic anywhere (a bug:
/// no input may cause one) ends in exit 2 with a clear message, and with
/// `--format json` a JSON `fatal` whose code is `internal`, never in Rust's
/// exit 101 without JSON.
pub fn main() -> i32 {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned());
        // The last one: a panic caught and handled on purpose (inside
        // calamine, say) must not stand for a later one that is a bug.
        if let Ok(mut last) = PANIC.lock() {
            *last = Some((message, place));
        }
    }));
    match std::panic::catch_unwind(run) {
        Ok(code) => code,
        Err(_) => internal_error(),
    }
}

/// The last guard's report of a panic, in the language the command line
/// asks for (it may not have been parsed yet).
fn internal_error() -> i32 {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = help::language_before_parsing(&args);
    let (message, place) = PANIC.lock().ok().and_then(|p| p.clone()).unwrap_or_default();
    let message = message
        .unwrap_or_else(|| tr!(lang, nl: "onbekende panic", fr: "panique inconnue", en: "unknown panic").to_string());
    let message = trf!(lang,
        nl: "interne fout: {message}{place}",
        fr: "erreur interne: {message}{place}",
        en: "internal error: {message}{place}",
    );
    let help = tr!(lang,
        nl: "Dit is een fout in vov-bulk, niet in uw bestand. Meld ze met de opdrachtregel en deze boodschap \
             (niet het invoerbestand: dat bevat persoonsgegevens). Er werd niets geschreven.",
        fr: "C'est une erreur de vov-bulk, pas de votre fichier. Signalez-la avec la ligne de commande et ce message \
             (pas le fichier d'entrée: il contient des données personnelles). Rien n'a été écrit.",
        en: "This is a bug in vov-bulk, not in your file. Please report it with the command line and \
             this message (not the input file: it holds personal data). Nothing was written.",
    )
    .to_string();
    eprint_masked(&format!("vov-bulk: {message}\n  {help}\n"));
    let json =
        args.windows(2).any(|w| w[0] == "--format" && w[1] == "json") || args.iter().any(|a| a == "--format=json");
    if json {
        let body = report::FatalReport {
            report_version: report::REPORT_VERSION,
            tool: report::TOOL,
            as_of: today_in_brussels().to_string(),
            fatal: report::FatalBody {
                code: "internal",
                file: String::new(),
                message,
                help,
            },
        };
        print_stdout(&report::to_json(&body));
    }
    EXIT_FATAL
}

fn run() -> i32 {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = help::language_before_parsing(&args);
    // As clap names the program in usage lines: the file name it was run as.
    let bin_name = args
        .first()
        .and_then(|program| std::path::Path::new(program).file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "vov-bulk".to_string());
    let mut command = help::command(lang, &bin_name);
    let parsed = command
        .try_get_matches_from_mut(&args)
        .and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return usage::report(&e, lang),
    };
    init_logging(cli.quiet, cli.verbose);
    let lang = cli.lang;
    if let Err(error) = regulation::install_given(cli.regulation.as_deref(), &cli.command) {
        return report_fatal(&error, cli.command.format(), today_in_brussels(), lang);
    }
    match cli.command {
        Command::Check(args) => run_validation(args, None, Replacing::default(), lang, cli.quiet),
        Command::Prepare {
            out,
            replace,
            discard_unsubmitted,
            args,
        } => {
            let replacing = Replacing {
                replace,
                discard_unsubmitted,
            };
            run_validation(args, Some(out), replacing, lang, cli.quiet)
        }
        Command::Agenda(args) => ledger::run_agenda(args, lang, cli.quiet),
        Command::Ledger { command } => ledger::run_ledger(command, lang, cli.quiet),
        Command::Rules => {
            print_stdout(&rules_table(lang));
            EXIT_OK
        }
        Command::Regulation(args) => regulation::run(&args, lang),
        Command::Explain { code } => match rules::find(&code) {
            Some(rule) => {
                print_stdout(&explain(rule, lang));
                EXIT_OK
            }
            None => {
                let close = rules::closest(&code);
                let hint = if close.is_empty() {
                    tr!(lang,
                        nl: "zie 'vov-bulk rules' voor alle codes",
                        fr: "voir 'vov-bulk rules' pour tous les codes",
                        en: "see 'vov-bulk rules' for every code",
                    )
                    .to_string()
                } else {
                    let close = close.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ");
                    trf!(lang, nl: "bedoelt u {close}?", fr: "vouliez-vous dire {close}?", en: "did you mean {close}?")
                };
                eprint_masked(&trf!(lang,
                    nl: "vov-bulk: onbekende regel '{code}'; {hint}\n",
                    fr: "vov-bulk: règle inconnue '{code}'; {hint}\n",
                    en: "vov-bulk: unknown rule '{code}'; {hint}\n",
                ));
                EXIT_FATAL
            }
        },
        Command::Template { xlsx, output, force } => run_template(xlsx, output, force, lang, cli.quiet),
        Command::Completions { shell } => generate::completions(shell, lang),
        Command::Man => generate::man(lang),
        Command::Schema { name } => {
            // Printed as embedded, byte for byte: the schema holds no personal data
            // and a copy must be the file itself.
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(name.text().as_bytes());
            let _ = stdout.flush();
            EXIT_OK
        }
    }
}

/// What the masking step keeps of a text for a terminal: its layout, and
/// its colour codes when that terminal shows the tool's colours (the values
/// in such a text were escaped where it was made, see [`crate::human`]).
fn kept_for(terminal: bool) -> crate::values::mask::Keep {
    crate::values::mask::Keep {
        layout: true,
        colour: terminal && std::env::var_os("NO_COLOR").is_none(),
    }
}

/// As [`print_stdout`], for standard error.
pub(crate) fn eprint_masked(text: &str) {
    let text = crate::values::mask::for_outlet(text, kept_for(std::io::stderr().is_terminal()));
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// Everything the command line prints passes the masking step
/// ([`crate::values::mask`]): no INSZ or IBAN reaches a terminal or a log,
/// and no control character but line breaks, tabs and the tool's colours.
pub(crate) fn print_stdout(text: &str) {
    let text = crate::values::mask::for_outlet(text, kept_for(std::io::stdout().is_terminal()));
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

fn run_template(xlsx: bool, output: Option<PathBuf>, force: bool, lang: Lang, quiet: bool) -> i32 {
    let bytes = if xlsx {
        match template::xlsx() {
            Ok(b) => b,
            Err(e) => {
                eprint_masked(&trf!(lang,
                    nl: "vov-bulk: kan het rekenblad niet maken: {e}\n",
                    fr: "vov-bulk: impossible de créer la feuille de calcul: {e}\n",
                    en: "vov-bulk: cannot make the spreadsheet: {e}\n",
                ));
                return EXIT_FATAL;
            }
        }
    } else {
        template::csv()
    };
    match output {
        Some(path) => {
            if let Some(refused) = generate::template_target(&path, xlsx, force, lang, quiet) {
                return refused;
            }
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
                    eprint_masked(&format!("vov-bulk: {}\n", crate::error::cannot_write(&path, &e, lang)));
                    EXIT_FATAL
                }
            }
        }
        None if xlsx && std::io::stdout().is_terminal() => {
            eprint_masked(&format!(
                "vov-bulk: {}\n",
                tr!(lang,
                    nl: "een .xlsx-bestand hoort niet in de terminal: geef -o FILE.xlsx",
                    fr: "un fichier .xlsx n'a pas sa place dans le terminal: donnez -o FILE.xlsx",
                    en: "an .xlsx file does not belong in the terminal: give -o FILE.xlsx",
                )
            ));
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
    let line = error.line(lang);
    let code = match rules::find(error.code()) {
        Some(rule) => format!("{} {}", rule.code, rule.name),
        None => error.code().to_string(),
    };
    let mut diagnostic = miette::MietteDiagnostic::new(line.clone()).with_code(code);
    if let Some(help) = &help {
        diagnostic = diagnostic.with_help(help.clone());
    }
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut rendered = String::new();
    if human::handler(colour)
        .render_report(&mut rendered, &diagnostic)
        .is_err()
    {
        rendered = format!("vov-bulk: [{}] {line}\n", error.code());
    }
    eprint_masked(&rendered);
    if format == Format::Json {
        let body = report::FatalReport {
            report_version: report::REPORT_VERSION,
            tool: report::TOOL,
            as_of: as_of.to_string(),
            fatal: report::FatalBody {
                code: error.code(),
                file: error.file().unwrap_or_default(),
                message: error.message(lang),
                help: help.unwrap_or_default(),
            },
        };
        print_stdout(&report::to_json(&body));
    }
    EXIT_FATAL
}

/// How `prepare` may treat an `--out` that holds an earlier run's outputs.
#[derive(Debug, Clone, Copy, Default)]
struct Replacing {
    /// `--replace`.
    replace: bool,
    /// `--discard-unsubmitted`.
    discard_unsubmitted: bool,
}

fn run_validation(args: ValidateArgs, out: Option<PathBuf>, replacing: Replacing, lang: Lang, quiet: bool) -> i32 {
    let as_of = args.as_of.unwrap_or_else(today_in_brussels);
    let format = args.format;
    match validate_and_write(&args, out.as_deref(), replacing, as_of, lang, quiet) {
        Ok(code) => code,
        Err(error) => report_fatal(&error, format, as_of, lang),
    }
}

/// The ledger as `validate_and_write` needs it: opened for writing (with
/// its lock) when the run writes outputs, read only for `check`; the runs
/// left pending resolved, and the requests of a replaced folder named.
struct OpenedLedger {
    path: Option<PathBuf>,
    ledger: Option<(Ledger, crate::ledger::WriterLock)>,
    view: Option<LedgerView>,
    notes: Vec<String>,
    undetermined_runs: usize,
    replaced: crate::record::Replaced,
}

fn open_ledger(
    args: &ValidateArgs,
    out_dir: Option<&OutDir>,
    replacing: Replacing,
    lang: Lang,
) -> Result<OpenedLedger, Error> {
    let ledger_path = args.ledger.path()?;
    let mut ledger_notes = Vec::new();
    // Pending runs whose folders tell nothing (for the report).
    let mut undetermined_runs = 0;
    let mut replaced = crate::record::Replaced {
        dir: out_dir.as_ref().map(|o| o.target().to_path_buf()).unwrap_or_default(),
        runs: Vec::new(),
        discard: replacing.discard_unsubmitted,
    };
    let (ledger, view) = match (&ledger_path, out_dir) {
        (None, _) => (None, None),
        (Some(path), Some(out_dir)) => {
            let (mut ledger, lock) = Ledger::open_for_writing(path)?;
            let judge = |dir: &std::path::Path, token: &str| out_dir.publication(dir, token);
            for resolved in ledger.resolve_pending(true, &judge)? {
                if resolved.publication == crate::ledger::Publication::Unknown {
                    undetermined_runs += 1;
                }
                ledger_notes.push(resolved_note(&resolved, lang));
            }
            // The requests of the folder being replaced that are still only
            // prepared are prepared again by this run (their uploads go).
            if let Some(previous) = out_dir.previous.as_ref().filter(|_| replacing.replace) {
                replaced.runs.extend(ledger.run_with_token(&previous.token)?);
            }
            let view = ledger.view()?.replacing(replaced.runs.clone());
            (Some((ledger, lock)), Some(view))
        }
        (Some(path), None) => match Ledger::open_read_only(path)? {
            Some(mut ledger) => {
                let resolved = ledger.resolve_pending(false, &crate::writer::publish::publication)?;
                undetermined_runs = resolved
                    .iter()
                    .filter(|r| r.publication == crate::ledger::Publication::Unknown)
                    .count();
                (None, Some(ledger.view()?))
            }
            None => (None, Some(LedgerView::empty(path.clone()))),
        },
    };
    Ok(OpenedLedger {
        path: ledger_path,
        ledger,
        view,
        notes: ledger_notes,
        undetermined_runs,
        replaced,
    })
}

/// The input and upload schemas of the run: the built-in ones, or the
/// files given, with `--map`'s aliases added.
fn schemas(args: &ValidateArgs, lang: Lang) -> Result<(InputSchema, UploadSchema), Error> {
    let mut input_schema = match &args.input_schema {
        Some(path) => InputSchema::load(path)?,
        None => InputSchema::builtin(),
    };
    for (field, header) in &args.maps {
        if !input_schema.add_alias(*field, header) {
            return Err(Error::Usage(trf!(lang,
                nl: "--map {field}={header}: '{header}' is de naam van een ander canoniek veld",
                fr: "--map {field}={header}: '{header}' est le nom d'un autre champ canonique",
                en: "--map {field}={header}: '{header}' is the name of another canonical field",
            )));
        }
    }
    let upload_schema = match &args.output_schema {
        Some(path) => UploadSchema::load(path)?,
        None => UploadSchema::builtin(),
    };
    Ok((input_schema, upload_schema))
}

fn validate_and_write(
    args: &ValidateArgs,
    out: Option<&std::path::Path>,
    replacing: Replacing,
    as_of: NaiveDate,
    lang: Lang,
    quiet: bool,
) -> Result<i32, Error> {
    let started_at = chrono::Utc::now();
    // `--out` first: a folder in use or holding another run's outputs stops
    // the run before anything is read.
    let out_dir = match out {
        Some(dir) => Some(OutDir::open(dir, replacing.replace, lang)?),
        None => None,
    };
    if let Some(out_dir) = out_dir.as_ref().filter(|_| replacing.replace) {
        refuse_inputs_inside(&args.inputs, out_dir.target())?;
    }
    let OpenedLedger {
        path: ledger_path,
        mut ledger,
        view,
        notes: ledger_notes,
        undetermined_runs,
        replaced,
    } = open_ledger(args, out_dir.as_ref(), replacing, lang)?;
    let (input_schema, upload_schema) = schemas(args, lang)?;
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
            header_row: args.header_row,
            all_sheets: args.all_sheets,
            lang,
        },
        ledger: view.map(std::sync::Arc::new),
        // The ledger records each input's size and SHA-256 with the run.
        digest_inputs: ledger.is_some(),
        skip_unreadable: args.skip_unreadable,
    };
    let started = std::time::Instant::now();
    let expanded = inputs::expand(&args.inputs, lang)?;
    let mut progress = Progress::new(!args.no_progress && !quiet, lang);
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
        peak_memory_kib = crate::memory::peak_kib(),
        "validated"
    );
    let mut report = report::build(&batch, as_of);
    if let Some(block) = report.ledger.as_mut() {
        block.undetermined_runs = undetermined_runs;
    }
    tracing::info!(elapsed_ms = started.elapsed().as_millis() as u64, "report built");
    let notes = out_dir.iter().flat_map(|o| o.notes.iter().cloned()).chain(ledger_notes);
    report.notes.extend(notes.map(|message| Note { input: None, message }));
    if let Some(previous) = out_dir.as_ref().and_then(|o| o.previous.as_ref()) {
        let run = previous.run.map(|r| format!(" {r}")).unwrap_or_default();
        let (dir, when) = (
            out.map(|o| o.display().to_string()).unwrap_or_default(),
            &previous.as_of,
        );
        report.notes.push(Note {
            input: None,
            message: trf!(lang,
                nl: "{dir}: de uitvoer van run{run} (as-of {when}) wordt als geheel vervangen (--replace)",
                fr: "{dir}: les fichiers de l'exécution{run} (as-of {when}) sont remplacés en bloc (--replace)",
                en: "{dir}: the outputs of run{run} (as-of {when}) are replaced as a whole (--replace)",
            ),
        });
    }
    let new_run = match (&ledger, &out_dir) {
        (Some(_), Some(out_dir)) => Some(NewRun {
            started_at: started_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            as_of,
            tool_version: report::TOOL.version.to_string(),
            out_dir: out_dir.target().to_path_buf(),
            token: out_dir.token().to_string(),
            inputs: hashed_inputs(&batch, lang)?,
        }),
        _ => None,
    };
    for skipped in &expanded.skipped {
        report.notes.push(Note {
            input: None,
            message: trf!(lang,
                nl: "{skipped}: overgeslagen (geen ondersteund invoerbestand)",
                fr: "{skipped}: ignoré (pas un fichier d'entrée pris en charge)",
                en: "{skipped}: skipped (not a supported input file)",
            ),
        });
    }
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut human = (args.format == Format::Human).then(|| {
        let max = (!args.all).then_some(args.max_per_code);
        Collector::new(&batch, lang, colour, max, out_dir.is_some())
    });
    progress.phase(tr!(lang, nl: "schrijven", fr: "écriture", en: "writing"));
    let ledger_shown = ledger_path.as_ref().map(|p| p.display().to_string());
    let report_back = args.format == Format::Json;
    let counts = |report: &report::Report<'_>, delivered: &pipeline::Delivered| RunCounts {
        rows: report.summary.rows as u64,
        accepted: report.summary.accepted as u64,
        rejected: report.summary.rejected as u64,
        already_prepared: report.summary.already_prepared as u64,
        new_requests: delivered.recorded as u64,
    };
    let mut released = 0;
    let (delivered, published) = match (&mut ledger, out_dir, new_run) {
        (Some((ledger, _lock)), Some(out_dir), Some(new_run)) => {
            // The ledger records the upload lines on a thread of its own
            // while the outputs are written, and commits them just before
            // the outputs are swapped in.
            record_on_a_thread(ledger, &new_run, replaced, |recorder| -> Result<_, Error> {
                let delivered = pipeline::deliver(
                    &batch,
                    &mut report,
                    Deliveries {
                        out: Some((&out_dir, &upload_schema)),
                        human: human.as_mut().map(|h| h as &mut dyn crate::pipeline::RowObserver),
                        report_file: args.report.as_deref(),
                        report_back,
                        recorder: Some(&mut *recorder),
                    },
                    lang,
                );
                progress.finish();
                let mut delivered = delivered?;
                let counts = counts(&report, &delivered);
                let files = std::mem::take(&mut delivered.files);
                let run = Some(recorder.run_id());
                let dir = out_dir.target().to_path_buf();
                let published = pipeline::publish(out_dir, files, as_of, ledger_shown, run, || {
                    match recorder.commit(counts)? {
                        crate::record::Committed::Pending { run, releases } => {
                            released = releases;
                            Ok(Some(run))
                        }
                        crate::record::Committed::Refused(unwritten) => {
                            Err(crate::writer::publish::OutDirError::unsubmitted(dir, &unwritten).into())
                        }
                    }
                });
                Ok((delivered, Some(published)))
            })??
        }
        (_, out_dir, _) => {
            let delivered = pipeline::deliver(
                &batch,
                &mut report,
                Deliveries {
                    out: out_dir.as_ref().map(|dir| (dir, &upload_schema)),
                    human: human.as_mut().map(|h| h as &mut dyn crate::pipeline::RowObserver),
                    report_file: args.report.as_deref(),
                    report_back,
                    recorder: None,
                },
                lang,
            );
            progress.finish();
            let mut delivered = delivered?;
            let files = std::mem::take(&mut delivered.files);
            let published = out_dir.map(|out_dir| pipeline::publish(out_dir, files, as_of, None, None, || Ok(None)));
            (delivered, published)
        }
    };
    if let Some(published) = published {
        match &mut ledger {
            Some((ledger, _lock)) => pipeline::finish_run(ledger, published)?,
            None => published.result?,
        }
        crate::writer::publish::kill_point("marked");
    }
    if released > 0 {
        let dir = out.map(|o| o.display().to_string()).unwrap_or_default();
        let requests = crate::lang::count!(lang, released,
            nl: ("voorbereide aanvraag", "voorbereide aanvragen"),
            fr: ("demande préparée", "demandes préparées"),
            en: ("prepared request", "prepared requests"));
        report.notes.push(Note {
            input: None,
            message: trf!(lang,
                nl: "{dir}: {requests} van de vervangen uploads vrijgegeven in het register (--discard-unsubmitted); een latere run bereidt ze opnieuw voor",
                fr: "{dir}: {requests} des fichiers de chargement remplacés libérées dans le registre (--discard-unsubmitted); une exécution ultérieure les préparera à nouveau",
                en: "{dir}: {requests} of the replaced uploads released in the ledger (--discard-unsubmitted); a later run prepares them again",
            ),
        });
    }
    // Let the next writer in before the reports go to stdout: a reader of
    // stdout that is slow (or a pipe nobody drains yet) must not hold up the
    // nightly job waiting for the ledger.
    drop(ledger);
    let json = delivered.report_back;
    tracing::info!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        peak_memory_kib = crate::memory::peak_kib(),
        "written"
    );
    match (human, json) {
        // `-q`: nothing on stdout but the JSON report when it is asked for (cron mails stdout).
        (Some(_), _) if quiet => {}
        (Some(human), _) => print_stdout(&human.finish(&report)),
        (None, Some(mut json)) => {
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = std::io::copy(&mut json, &mut std::io::stdout().lock());
        }
        (None, None) => {}
    }
    // A file left out with --skip-unreadable is exit 1, like a rejected row.
    Ok(if report.summary.rejected > 0 || !batch.skipped_inputs.is_empty() {
        EXIT_REJECTED
    } else {
        EXIT_OK
    })
}

fn resolved_note(resolved: &crate::ledger::ResolvedRun, lang: Lang) -> String {
    let (run, dir) = (resolved.run, resolved.out_dir.display());
    match resolved.publication {
        crate::ledger::Publication::Published => trf!(lang,
            nl: "register: run {run} werd onderbroken na het publiceren in {dir}; als gepubliceerd genoteerd",
            fr: "registre: l'exécution {run} a été interrompue après la publication dans {dir}; notée comme publiée",
            en: "ledger: run {run} was interrupted after publishing into {dir}; recorded as published",
        ),
        crate::ledger::Publication::NotPublished => trf!(lang,
            nl: "register: run {run} werd onderbroken vóór het publiceren in {dir}; zijn aanvragen tellen niet",
            fr: "registre: l'exécution {run} a été interrompue avant la publication dans {dir}; ses demandes ne comptent pas",
            en: "ledger: run {run} was interrupted before publishing into {dir}; its requests do not count",
        ),
        crate::ledger::Publication::Unknown => trf!(lang,
            nl: "register: run {run} werd onderbroken en niets toont of zijn uitvoer in {dir} terechtkwam (map verplaatst of elders?); zijn aanvragen blijven voorbereid (prepared) en worden niet opnieuw opgeladen. Deze melding komt terug bij elke run tot u één ding doet: zet de map terug op {dir} (de volgende run noteert de run dan als gepubliceerd), of is die uitvoer verloren, geef ze vrij met `vov-bulk ledger release {dir}` (de volgende run bereidt ze dan opnieuw voor)",
            fr: "registre: l'exécution {run} a été interrompue et rien ne montre si ses fichiers sont arrivés dans {dir} (dossier déplacé ou ailleurs?); ses demandes restent préparées (prepared) et ne sont pas chargées à nouveau. Cette remarque revient à chaque exécution jusqu'à ce que vous fassiez une chose: remettez le dossier à {dir} (l'exécution suivante la note alors comme publiée), ou si ces fichiers sont perdus, libérez-les avec `vov-bulk ledger release {dir}` (l'exécution suivante les prépare alors à nouveau)",
            en: "ledger: run {run} was interrupted and nothing tells whether its outputs reached {dir} (folder moved, or elsewhere?); its requests stay prepared and are not uploaded again. This note comes back on every run until you do one thing: put the folder back at {dir} (the next run then records the run as published), or, if those outputs are lost, release them with `vov-bulk ledger release {dir}` (the next run then prepares them again)",
        ),
    }
}

/// `--replace` refuses an input inside `--out`: the folder it is read from
/// would be replaced by the run's own result (the corrected `rejected.xlsx`
/// swapped for a new one, the uploads of the earlier run gone).
fn refuse_inputs_inside(inputs: &[String], out: &std::path::Path) -> Result<(), Error> {
    for input in inputs.iter().filter(|i| i.as_str() != "-") {
        let path = std::path::Path::new(input);
        let real = std::fs::canonicalize(path).or_else(|_| std::path::absolute(path));
        if real.is_ok_and(|real| real.starts_with(out)) {
            return Err(crate::writer::publish::OutDirError::InputInside {
                dir: out.to_path_buf(),
                input: input.clone(),
            }
            .into());
        }
    }
    Ok(())
}

/// Each input's path, size and SHA-256, for the ledger's record of the run,
/// as hashed while it was read (standard input included).
fn hashed_inputs(batch: &validate::Batch, lang: Lang) -> Result<Vec<RunInput>, Error> {
    batch
        .inputs
        .iter()
        .zip(&batch.digests)
        .map(|(info, digest)| match digest {
            Some(digest) => Ok(RunInput {
                path: info.path.clone(),
                size: digest.size,
                sha256: digest.sha256.clone(),
            }),
            None => {
                let path = &info.path;
                Err(Error::Internal(trf!(lang,
                    nl: "{path}: de invoer werd niet gehasht tijdens het lezen",
                    fr: "{path}: l'entrée n'a pas été hachée pendant sa lecture",
                    en: "{path}: the input was not hashed while it was read",
                )))
            }
        })
        .collect()
}

/// `vov-bulk rules`.
pub(crate) fn rules_table(lang: Lang) -> String {
    let mut out = String::new();
    let all = rules::all();
    let name_width = all.iter().map(|r| r.name.len()).max().unwrap_or(10);
    let severity_width = all
        .iter()
        .map(|r| r.severity_in(lang).chars().count())
        .max()
        .unwrap_or(8);
    out.push_str(&format!(
        "{:<5} {:<name_width$} {:<severity_width$} {}\n",
        "code",
        tr!(lang, nl: "naam", fr: "nom", en: "name"),
        tr!(lang, nl: "ernst", fr: "gravité", en: "severity"),
        tr!(lang, nl: "regel", fr: "règle", en: "rule")
    ));
    for rule in all {
        out.push_str(&format!(
            "{:<5} {:<name_width$} {:<severity_width$} {}\n",
            rule.code,
            rule.name,
            rule.severity_in(lang),
            rule.summary.get(lang)
        ));
    }
    out
}

/// `vov-bulk explain CODE`.
pub(crate) fn explain(rule: &rules::Rule, lang: Lang) -> String {
    let e = &rule.explanation;
    let heads: [&str; 6] = [
        tr!(lang, nl: "Wat", fr: "Quoi", en: "What"),
        tr!(lang, nl: "Waarom", fr: "Pourquoi", en: "Why"),
        tr!(lang, nl: "Bronnen", fr: "Sources", en: "Sources"),
        tr!(lang, nl: "Oplossen", fr: "Comment corriger", en: "How to fix"),
        tr!(lang, nl: "Voorbeeld", fr: "Exemple", en: "Example"),
        tr!(lang, nl: "Ernst", fr: "Gravité", en: "Severity"),
    ];
    format!(
        "{} {} ({})\n{}\n\n{}: {}\n\n{}: {}\n\n{}: {}\n\n{}: {}\n\n{}: {}\n\n{}: {}\n",
        rule.code,
        rule.name,
        rule.severity_in(lang),
        rule.summary.get(lang),
        heads[5],
        rule.severity_in(lang),
        heads[0],
        e.what.get(lang),
        heads[1],
        e.why.get(lang),
        heads[2],
        e.source.get(lang),
        heads[3],
        e.fix.get(lang),
        heads[4],
        e.example.get(lang)
    ) + &figures_section(rule, lang)
}

/// For a rule that reads figures of the school-year table: each year's
/// figures and sources in the table in force, after the explanation.
fn figures_section(rule: &rules::Rule, lang: Lang) -> String {
    match rules::year_figures(rule.code, crate::regulation::in_force(), lang) {
        Some(block) => format!(
            "\n{}: {block}\n",
            tr!(lang, nl: "Cijfers", fr: "Chiffres", en: "Figures")
        ),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_takes_a_canonical_field_or_a_documented_alias() {
        use crate::field::Field;
        assert_eq!(
            parse_map("begindatum=Van", Lang::Nl),
            Ok((Field::Startdatum, "Van".to_string()))
        );
        assert_eq!(
            parse_map("startdatum=Van", Lang::Nl),
            Ok((Field::Startdatum, "Van".to_string()))
        );
        assert_eq!(
            parse_map("Date de début = Du", Lang::Fr),
            Ok((Field::Startdatum, "Du".to_string()))
        );
        assert!(parse_map("nope=Van", Lang::En).is_err());
    }
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
    fn as_of_is_an_iso_or_a_belgian_date() {
        assert_eq!(parse_as_of("2026-11-22", Lang::Nl), Ok(date(2026, 11, 22)));
        assert_eq!(parse_as_of("22/11/2026", Lang::Nl), Ok(date(2026, 11, 22)));
        assert!(parse_as_of("11/22/2026", Lang::Nl).is_err());
        assert_eq!(
            parse_as_of("2026-02-30", Lang::Fr),
            Err("'2026-02-30' n'est pas une date de la forme AAAA-MM-JJ ou jj/mm/aaaa".to_string())
        );
    }
}
