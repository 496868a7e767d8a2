//! The ledger: one SQLite file that remembers, across runs, every request
//! that `prepare` put in an upload (its key, content, run, upload file,
//! origin and last day to submit) and what became of it (`submitted`, then
//! the WSE-loket's dossier status).
//!
//! Requests are versioned: a run that prepares a key again adds a new row,
//! and only rows of runs marked `published` count; the current version of a
//! key is the one of the latest published run. A run records its requests as
//! `pending` before it swaps its outputs in and is marked `published` after,
//! so a run killed at any point records nothing that is not in place
//! ([`Ledger::resolve_pending`]).
//!
//! Layers, each using only those listed before it: [`error`], `codec` (the
//! stored forms: keys and dates as INTEGERs, decimals as TEXT), [`key`], [`status`]; [`lock`] (the writers' lock); the store (`store`:
//! open, where, who may read; `migrate`); `runs` (recording, resolving) and
//! [`view`] (the lookups of X306/X307); `stored` (whole rows), `table` (the
//! CSV files the commands read) and [`dossier_schema`]; then the commands
//! [`submitted`], [`release`], [`import`], [`list`], [`agenda`] and [`ics`].
//!
//! Nothing here prints: the commands return reports (serde `Serialize`, and
//! a `render_human` each) for the command line to show.

pub mod agenda;
mod codec;
pub mod dossier_schema;
pub mod error;
pub mod ics;
pub mod import;
pub mod key;
pub mod list;
pub mod lock;
mod migrate;
pub mod release;
mod runs;
pub mod status;
mod store;
mod stored;
pub mod submitted;
mod table;
pub mod view;

pub use dossier_schema::BUILTIN_DOSSIER_SCHEMA;
pub use error::LedgerError;
pub use key::{OdbCode, RequestKey};
pub use lock::WriterLock;
pub use runs::{NewRun, PreparedRequest, Publication, ResolvedRun, RunCounts, RunInput, RunRecorder, UnwrittenRequest};
pub use status::RequestStatus;
pub use store::Ledger;
pub use view::{KnownRequest, LedgerView, RunInfo};

#[cfg(test)]
pub(crate) mod test_support;
