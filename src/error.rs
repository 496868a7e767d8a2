//! Errors that stop a run (exit 2).

use std::path::PathBuf;

use crate::lang::Lang;
use crate::rules::file::Fatal;
use crate::schema::SchemaError;

/// An error that stops a run (exit status 2). The terminal shows it with its
/// file and help; the JSON report carries it as `fatal`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An F rule: the input cannot be read as a batch.
    #[error(transparent)]
    Input(#[from] Fatal),
    /// An input or upload schema file cannot be read or does not describe a
    /// usable schema.
    #[error("{0}")]
    Schema(#[from] SchemaError),
    /// An output (an upload, `rejected.csv`, the report, an `.ics` agenda)
    /// cannot be written.
    #[error("{path}: {source}")]
    Output {
        /// The file or folder that could not be written.
        path: PathBuf,
        /// The I/O error that stopped the write.
        source: std::io::Error,
    },
    /// The library or the command line was used wrongly (no input, a
    /// `--report` that is no file name, `--no-ledger` for a ledger command), or
    /// the ledger's recording thread stopped early; the text says which.
    #[error("{0}")]
    Usage(String),
    /// `--out` is in use, or holds another run's outputs without `--replace`.
    #[error(transparent)]
    OutDir(#[from] crate::writer::publish::OutDirError),
    /// The ledger cannot be opened, read or written.
    #[error(transparent)]
    Ledger(#[from] crate::ledger::LedgerError),
    /// A state the code should never reach: a bug, reported rather than
    /// papered over with a default.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// The code for the JSON report's `fatal.code`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Input(f) => f.code.as_str(),
            Error::Schema(_) => "schema",
            Error::Output { .. } => "output",
            Error::Usage(_) => "usage",
            Error::OutDir(_) => "out",
            Error::Ledger(_) => "ledger",
            Error::Internal(_) => "internal",
        }
    }

    /// The file the error is about (input, schema, output, `--out` folder or
    /// ledger), shown before the message and in the report's `fatal.file`;
    /// `None` for usage and internal errors, and for ledger errors without a path.
    pub fn file(&self) -> Option<String> {
        match self {
            Error::Input(f) => Some(f.file.clone()),
            Error::Schema(s) => Some(s.origin.clone()),
            Error::Output { path, .. } => Some(path.display().to_string()),
            Error::Usage(_) => None,
            Error::OutDir(e) => Some(e.path().display().to_string()),
            Error::Ledger(e) => e.path().map(|p| p.display().to_string()),
            Error::Internal(_) => None,
        }
    }

    /// The error's message without the file, as shown on the terminal and in
    /// the report's `fatal.message`.
    pub fn message(&self) -> String {
        match self {
            Error::Input(f) => f.message.clone(),
            Error::Schema(s) => s.problem.clone(),
            Error::Output { source, .. } => source.to_string(),
            Error::Usage(m) => m.clone(),
            Error::OutDir(e) => e.to_string(),
            Error::Ledger(e) => e.to_string(),
            Error::Internal(m) => format!("internal error: {m}"),
        }
    }

    /// What the user can do about the error, in `lang` (the report's
    /// `fatal.help`); every kind of error has one today.
    pub fn help(&self, lang: Lang) -> Option<String> {
        let text = match self {
            Error::Input(f) => return Some(f.help.clone()),
            Error::Schema(_) => lang.pick_nl_en(
                "Verbeter het schemabestand (Frictionless Table Schema JSON; de ingebouwde staan in schemas/).",
                "Fix the schema file (Frictionless Table Schema JSON; see schemas/ for the built-in ones).",
            ),
            Error::Output { .. } => lang.pick_nl_en(
                "Controleer of de uitvoermap schrijfbaar is en er vrije ruimte is.",
                "Check that the output directory is writable and has free space.",
            ),
            Error::Usage(_) => lang.pick_nl_en("Zie vov-bulk --help.", "See vov-bulk --help."),
            Error::OutDir(e) => return Some(e.help(lang)),
            Error::Ledger(_) => lang.pick_nl_en(
                "Controleer het pad van het register (--ledger, VOV_LEDGER) en of geen andere run het vasthoudt; --no-ledger werkt zonder.",
                "Check the ledger's path (--ledger, VOV_LEDGER) and that no other run holds it; --no-ledger works without one.",
            ),
            Error::Internal(_) => lang.pick_nl_en(
                "Dit is een fout in vov-bulk: meld ze met de opdracht die ze gaf.",
                "This is a bug in vov-bulk: please report it with the command that gave it.",
            ),
        };
        Some(text.to_string())
    }
}
