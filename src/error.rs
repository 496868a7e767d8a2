//! Errors that stop a run (exit 2).

use std::path::PathBuf;

use crate::lang::Lang;
use crate::rules::file::Fatal;
use crate::schema::SchemaError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An F rule: the input cannot be read as a batch.
    #[error(transparent)]
    Input(#[from] Fatal),
    #[error("{0}")]
    Schema(#[from] SchemaError),
    #[error("{path}: {source}")]
    Output { path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// The code for the JSON report's `fatal.code`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Input(f) => f.code,
            Error::Schema(_) => "schema",
            Error::Output { .. } => "output",
            Error::Usage(_) => "usage",
        }
    }

    pub fn file(&self) -> Option<String> {
        match self {
            Error::Input(f) => Some(f.file.clone()),
            Error::Schema(s) => Some(s.origin.clone()),
            Error::Output { path, .. } => Some(path.display().to_string()),
            Error::Usage(_) => None,
        }
    }

    pub fn message(&self) -> String {
        match self {
            Error::Input(f) => f.message.clone(),
            Error::Schema(s) => s.problem.clone(),
            Error::Output { source, .. } => source.to_string(),
            Error::Usage(m) => m.clone(),
        }
    }

    pub fn help(&self, lang: Lang) -> Option<String> {
        let text = match self {
            Error::Input(f) => return Some(f.help.clone()),
            Error::Schema(_) => lang.pick(
                "Verbeter het schemabestand (Frictionless Table Schema JSON; de ingebouwde staan in schemas/).",
                "Fix the schema file (Frictionless Table Schema JSON; see schemas/ for the built-in ones).",
            ),
            Error::Output { .. } => lang.pick(
                "Controleer of de uitvoermap schrijfbaar is en er vrije ruimte is.",
                "Check that the output directory is writable and has free space.",
            ),
            Error::Usage(_) => lang.pick("Zie vov-bulk --help.", "See vov-bulk --help."),
        };
        Some(text.to_string())
    }
}
