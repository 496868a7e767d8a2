//! Errors that stop a run (exit 2), and the sentence that wraps an error of
//! the operating system in the chosen language.

use std::path::PathBuf;

use crate::lang::{tr, trf, Lang};
pub(crate) use crate::os_error::cannot_write;
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
    #[error("{}", cannot_write(path, source, Lang::En))]
    Output {
        /// The file or folder that could not be written.
        path: PathBuf,
        /// The I/O error that stopped the write.
        source: std::io::Error,
    },
    /// The library or the command line was used wrongly (no input, a
    /// `--report` that is no file name, `--no-ledger` for a ledger command);
    /// the text says which.
    #[error("{0}")]
    Usage(String),
    /// `--out` is in use, or holds another run's outputs without `--replace`.
    #[error(transparent)]
    OutDir(#[from] crate::writer::publish::OutDirError),
    /// The ledger cannot be opened, read or written.
    #[error(transparent)]
    Ledger(#[from] crate::ledger::LedgerError),
    /// The regulation table given (`--regulation`, `VOV_REGULATION`)
    /// cannot be read or fails a check.
    #[error(transparent)]
    Regulation(#[from] crate::regulation::RegulationError),
    /// A state the code should never reach (the ledger's recording thread
    /// stopped early, say): a bug, reported rather than papered over with a
    /// default. Its detail is for the developers and stays English.
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
            Error::Regulation(_) => "regulation",
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
            Error::Regulation(e) => Some(e.file.clone()),
            Error::Internal(_) => None,
        }
    }

    /// The error's message in `lang`, as the report's `fatal.message` holds
    /// it. Most messages leave the file to [`Error::file`]; those that wrap
    /// an error of the operating system name it themselves (see
    /// [`Error::line`]).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::Input(f) => f.message.clone(),
            Error::Schema(s) => s.problem.text(lang),
            Error::Output { path, source } => cannot_write(path, source, lang),
            Error::Usage(m) => m.clone(),
            Error::OutDir(e) => e.message(lang),
            Error::Ledger(e) => e.message(lang),
            Error::Regulation(e) => e.message(lang),
            Error::Internal(m) => {
                trf!(lang, nl: "interne fout: {m}", fr: "erreur interne: {m}", en: "internal error: {m}")
            }
        }
    }

    /// The line the terminal shows: the file, then the message, unless the
    /// message names the file itself (an error of the operating system).
    pub fn line(&self, lang: Lang) -> String {
        let message = self.message(lang);
        match self.file() {
            Some(_) if self.names_its_file() => message,
            Some(file) => format!("{file}: {message}"),
            None => message,
        }
    }

    /// Whether [`Error::message`] names the file: the sentences that wrap
    /// an error of the operating system do.
    fn names_its_file(&self) -> bool {
        match self {
            Error::Output { .. } => true,
            Error::OutDir(e) => e.names_its_file(),
            Error::Ledger(e) => e.names_its_file(),
            Error::Input(_) | Error::Schema(_) | Error::Usage(_) | Error::Regulation(_) | Error::Internal(_) => false,
        }
    }

    /// What the user can do about the error, in `lang` (the report's
    /// `fatal.help`); every kind of error has one today.
    pub fn help(&self, lang: Lang) -> Option<String> {
        let text = match self {
            Error::Input(f) => return Some(f.help.clone()),
            Error::Schema(_) => tr!(lang,
                nl: "Verbeter het schemabestand (Frictionless Table Schema JSON; de ingebouwde staan in schemas/).",
                fr: "Corrigez le fichier de schéma (Frictionless Table Schema JSON; les schémas intégrés sont dans schemas/).",
                en: "Fix the schema file (Frictionless Table Schema JSON; see schemas/ for the built-in ones).",
            ),
            Error::Output { .. } => tr!(lang,
                nl: "Controleer of de uitvoermap schrijfbaar is en er vrije ruimte is.",
                fr: "Vérifiez que le dossier de sortie est accessible en écriture et qu'il reste de l'espace libre.",
                en: "Check that the output directory is writable and has free space.",
            ),
            Error::Usage(_) => {
                tr!(lang, nl: "Zie vov-bulk --help.", fr: "Voir vov-bulk --help.", en: "See vov-bulk --help.")
            }
            Error::OutDir(e) => return Some(e.help(lang)),
            Error::Ledger(e) => return e.help(lang).map(String::from),
            Error::Regulation(_) => tr!(lang,
                nl: "Verbeter de tabel (vertrek van `vov-bulk regulation --template`), of laat --regulation en VOV_REGULATION weg om de ingebouwde tabel te gebruiken. Er werd niets gelezen of geschreven.",
                fr: "Corrigez le tableau (partez de `vov-bulk regulation --template`), ou omettez --regulation et VOV_REGULATION pour utiliser le tableau intégré. Rien n'a été lu ni écrit.",
                en: "Fix the table (start from `vov-bulk regulation --template`), or leave out --regulation and VOV_REGULATION to use the built-in table. Nothing was read or written.",
            ),
            Error::Internal(_) => tr!(lang,
                nl: "Dit is een fout in vov-bulk: meld ze met de opdracht die ze gaf.",
                fr: "C'est une erreur de vov-bulk: signalez-la avec la commande qui l'a produite.",
                en: "This is a bug in vov-bulk: please report it with the command that gave it.",
            ),
        };
        Some(text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::os_error::cannot_use;
    use std::io::Error as IoError;
    use std::path::Path;

    #[test]
    fn an_os_error_is_a_sentence_naming_the_file_with_the_number_kept() {
        let exists = IoError::from_raw_os_error(17);
        let path = Path::new("out/x.csv");
        assert_eq!(
            cannot_write(path, &exists, Lang::Nl),
            "Kan 'out/x.csv' niet schrijven: het bestaat al (os error 17)"
        );
        assert_eq!(
            cannot_write(path, &exists, Lang::Fr),
            "Impossible d'écrire 'out/x.csv': il existe déjà (os error 17)"
        );
        assert_eq!(
            cannot_write(path, &exists, Lang::En),
            "Cannot write 'out/x.csv': it already exists (os error 17)"
        );
        let full = IoError::from_raw_os_error(28);
        assert_eq!(
            crate::os_error::reason(&full, Lang::Fr),
            "le disque est plein (os error 28)"
        );
        let missing = IoError::from_raw_os_error(2);
        assert_eq!(
            cannot_use(Path::new("out"), &missing, Lang::Fr),
            "Impossible d'utiliser 'out': le fichier ou le dossier n'existe pas (os error 2)"
        );
    }

    #[test]
    fn the_terminal_line_names_the_file_once() {
        let output = Error::Output {
            path: PathBuf::from("out/report.json"),
            source: IoError::from_raw_os_error(13),
        };
        assert_eq!(
            output.line(Lang::Fr),
            "Impossible d'écrire 'out/report.json': accès refusé (os error 13)"
        );
        assert_eq!(output.file().as_deref(), Some("out/report.json"));
        let internal = Error::Internal("x".into());
        assert_eq!(internal.line(Lang::Fr), "erreur interne: x");
        assert_eq!(internal.line(Lang::En), internal.to_string());
        assert_eq!(
            Error::Usage("u".into()).help(Lang::Fr).as_deref(),
            Some("Voir vov-bulk --help.")
        );
    }
}
