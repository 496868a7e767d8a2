//! What can go wrong with the ledger. Every message names the file concerned
//! and says what to do: these errors end a run (exit 2) and are read by
//! people who did not write the code.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

/// A ledger that cannot be used, or an input of `ledger import` /
/// `ledger submitted` that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// SQLite could not open the file.
    #[error(
        "cannot open the ledger {}: {source}; check the path and that you may read and write it, or choose another ledger with --ledger or VOV_LEDGER",
        path.display()
    )]
    Open {
        /// The ledger file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// A file next to the ledger (the ledger itself, its folder, its lock
    /// file) or an input file could not be created, read or changed.
    #[error(
        "{}: {source}; check that the folder exists and that you may write it, or choose another ledger with --ledger or VOV_LEDGER",
        path.display()
    )]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Neither `VOV_LEDGER` nor a user data directory gives a place for the ledger.
    #[error(
        "no place for the ledger: this system names no user data directory (is HOME set?); give one with --ledger FILE or VOV_LEDGER"
    )]
    NoDataDir,
    /// The file is not a vov-bulk ledger.
    #[error(
        "{} is not a vov-bulk ledger (another database or another kind of file): give the ledger with --ledger or VOV_LEDGER, or a path where none exists yet to start one",
        path.display()
    )]
    NotALedger {
        /// The file.
        path: PathBuf,
    },
    /// A newer vov-bulk wrote the ledger with a schema this one does not know.
    #[error(
        "the ledger {} was written by a newer vov-bulk (schema {found}, this one knows {supported}): upgrade vov-bulk",
        path.display()
    )]
    TooNew {
        /// The ledger file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest schema version this build knows.
        supported: i64,
    },
    /// A reading command met a ledger of an older schema; only a writing
    /// command upgrades it.
    #[error(
        "the ledger {} has schema {found} and this vov-bulk uses schema {current}; this command only reads: run `vov-bulk ledger import`, `vov-bulk ledger submitted` or `vov-bulk prepare` once to upgrade it",
        path.display()
    )]
    NeedsUpgrade {
        /// The ledger file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The schema version this build writes.
        current: i64,
    },
    /// Another process held the ledger longer than the wait allows.
    #[error(
        "the ledger {} is busy: another vov-bulk run holds it longer than the wait (VOV_LEDGER_WAIT_SECS, default 30 s); retry later, or see which vov-bulk run holds it (its lock file is {}.lock)",
        path.display(),
        path.display()
    )]
    Busy {
        /// The ledger file.
        path: PathBuf,
    },
    /// Any other SQLite failure.
    #[error("the ledger {}: {source}; {}", path.display(), sql_hint(source))]
    Sql {
        /// The ledger file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// A stored value that vov-bulk never writes.
    #[error(
        "the ledger {} holds {detail}: it was changed outside vov-bulk; restore it from a backup",
        path.display()
    )]
    Corrupt {
        /// The ledger file.
        path: PathBuf,
        /// Which row and value.
        detail: String,
    },
    /// A write on a ledger opened with [`crate::ledger::Ledger::open_read_only`].
    #[error(
        "the ledger {} was opened for reading only; this command cannot change it (use `vov-bulk ledger ...` or `prepare`)",
        path.display()
    )]
    ReadOnly {
        /// The ledger file.
        path: PathBuf,
    },
    /// A run to be marked is no longer pending (another process resolved it).
    #[error(
        "run {run} in the ledger {} is {state}, not pending: another vov-bulk process resolved it while this run was writing (do several processes use this ledger without its lock?); run this command again",
        path.display()
    )]
    RunNotPending {
        /// The ledger file.
        path: PathBuf,
        /// The run.
        run: i64,
        /// Its state in the ledger (`published`, `abandoned`, or `missing`).
        state: String,
    },
    /// An input of `ledger import` or `ledger submitted` that cannot be used.
    #[error("{place}: {problem}; nothing was changed in the ledger {}", ledger.display())]
    Input {
        /// `file` or `file:line`.
        place: String,
        /// What is wrong and what to do.
        problem: String,
        /// The ledger that was left as it was.
        ledger: PathBuf,
    },
    /// A dossier overview schema (`--schema FILE`) that cannot be used.
    #[error(
        "dossier schema {}: {problem}; fix it (`vov-bulk schema dossiers` prints the built-in one to start from)",
        path.display()
    )]
    Schema {
        /// The schema file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
}

impl LedgerError {
    /// The file the error is about, where one is: the ledger, or the file
    /// that could not be used. `None` when the message itself names the place
    /// (an input's `file:line`) or there is no file.
    pub fn path(&self) -> Option<&Path> {
        match self {
            LedgerError::Open { path, .. }
            | LedgerError::Io { path, .. }
            | LedgerError::NotALedger { path }
            | LedgerError::TooNew { path, .. }
            | LedgerError::NeedsUpgrade { path, .. }
            | LedgerError::Busy { path }
            | LedgerError::Sql { path, .. }
            | LedgerError::Corrupt { path, .. }
            | LedgerError::ReadOnly { path }
            | LedgerError::RunNotPending { path, .. }
            | LedgerError::Schema { path, .. } => Some(path),
            LedgerError::NoDataDir | LedgerError::Input { .. } => None,
        }
    }
}

/// What to do about an SQLite failure, by its kind.
fn sql_hint(e: &rusqlite::Error) -> &'static str {
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => "free disk space and run again",
        Some(ErrorCode::ReadOnly) | Some(ErrorCode::PermissionDenied) => {
            "check that you may write the ledger file and its folder (SQLite adds -wal and -shm files next to it)"
        }
        Some(ErrorCode::DatabaseCorrupt) => "the file is damaged: restore it from a backup",
        Some(ErrorCode::SystemIoFailure) | Some(ErrorCode::CannotOpen) => {
            "check the disk or network share the ledger is on, then run again"
        }
        _ => "run again; if it persists, restore the ledger from a backup and report the message",
    }
}

/// Maps an SQLite error on `path` to the variant that says what to do.
pub(crate) fn sql(path: &Path) -> impl Fn(rusqlite::Error) -> LedgerError + '_ {
    move |source| match source.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => LedgerError::Busy {
            path: path.to_path_buf(),
        },
        Some(ErrorCode::NotADatabase) => LedgerError::NotALedger {
            path: path.to_path_buf(),
        },
        _ => LedgerError::Sql {
            path: path.to_path_buf(),
            source,
        },
    }
}

/// Maps an I/O error on `path` to [`LedgerError::Io`].
pub(crate) fn io(path: &Path) -> impl Fn(std::io::Error) -> LedgerError + '_ {
    move |source| LedgerError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A stored value that does not read back.
pub(crate) fn corrupt(path: &Path, detail: impl Into<String>) -> LedgerError {
    LedgerError::Corrupt {
        path: path.to_path_buf(),
        detail: detail.into(),
    }
}
