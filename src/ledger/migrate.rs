//! The ledger's schema and its migrations.
//!
//! `PRAGMA user_version` holds the number of migration steps applied. The
//! pending steps run in one IMMEDIATE transaction that re-reads the version
//! first, so two processes opening a new ledger at once apply them once, and
//! a kill leaves the ledger at its old version or the newest.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use super::error::{sql, LedgerError};

/// `PRAGMA application_id` of a ledger ("VOVB"): tells a ledger from any
/// other SQLite database a user might point `--ledger` at.
pub(crate) const APPLICATION_ID: i64 = 0x564F_5642;

/// Migration 1: the runs, their inputs, the versioned requests with their
/// status history, and the imported dossiers.
///
/// Requests are versions: a run that prepares a key again adds a row, and
/// only the status columns of a row ever change. A run's requests have
/// consecutive ids from `runs.first_request` (one transaction inserts them),
/// which finds them without an index on `run_id` that every insert would
/// pay. Only rows of `published` runs count; the current version of a key is
/// the one of the latest such run.
///
/// The key columns (`kbo`, `insz`, `odb`, `reference_start`, and the same in
/// `dossiers`) and every date are INTEGERs (see `codec`): a KBO or INSZ as
/// its number (shown again with its leading zeros), an ODB number as its
/// packed `OdbCode`, a date as its days since 1970-01-01. Quantities are
/// normalised decimal TEXT; times (`started_at`, `status_at`, `at`) are RFC
/// 3339 UTC TEXT.
///
/// `status_history` holds the status *changes* only: a request's first
/// entry, `prepared` at its run's `started_at` by `prepare`, is implied by
/// its run and not written (recording a run writes one row per request, not
/// two). Likewise `requests.status_at` is NULL until the status first
/// changes: the time of `prepared` is the run's `started_at`. Whoever shows a
/// request's history puts that entry first; the `request_history` view does
/// (`ORDER BY request_id, seq`: the implied entry has `seq` 0, the changes
/// their `status_history` rowid, in the order they were written).
///
/// `requests.status` is checked with `=` ... `OR`, not `IN (...)`: SQLite
/// builds a constant list of more than two values into a temporary b-tree
/// each time a statement runs, which was once per recorded request.
const MIGRATION_1: &str = "
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    as_of INTEGER NOT NULL,
    tool_version TEXT NOT NULL,
    out_dir TEXT NOT NULL,
    token TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'published', 'abandoned')),
    rows INTEGER,
    accepted INTEGER,
    rejected INTEGER,
    already_prepared INTEGER,
    new_requests INTEGER,
    first_request INTEGER,
    resolved_at TEXT
);
CREATE TABLE run_inputs (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    position INTEGER NOT NULL,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (run_id, position)
);
CREATE TABLE requests (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs (id),
    kbo INTEGER NOT NULL,
    insz INTEGER NOT NULL,
    odb INTEGER NOT NULL,
    reference_start INTEGER NOT NULL,
    startdatum INTEGER NOT NULL,
    einddatum INTEGER NOT NULL,
    eenheid TEXT NOT NULL,
    aantal TEXT NOT NULL,
    vov_hours TEXT NOT NULL,
    naam TEXT NOT NULL,
    voornaam TEXT NOT NULL,
    werkgever_naam TEXT,
    upload_file TEXT NOT NULL,
    origin TEXT NOT NULL,
    last_day INTEGER NOT NULL,
    status TEXT NOT NULL CONSTRAINT status_word CHECK (status = 'prepared' OR status = 'submitted' OR status = 'ingediend'
        OR status = 'goedgekeurd' OR status = 'deels_uitbetaald' OR status = 'uitgevoerd' OR status = 'geweigerd'
        OR status = 'onontvankelijk' OR status = 'stopgezet' OR status = 'geannuleerd'),
    dossier TEXT,
    reason TEXT,
    status_at TEXT
);
CREATE INDEX requests_by_key ON requests (kbo, insz, odb, reference_start);
CREATE TABLE status_history (
    request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    status TEXT NOT NULL,
    dossier TEXT,
    reason TEXT,
    by TEXT NOT NULL
);
CREATE INDEX status_history_by_request ON status_history (request_id);
CREATE VIEW request_history (request_id, seq, at, status, dossier, reason, by) AS
    SELECT r.id, 0, u.started_at, 'prepared', NULL, NULL, 'prepare' FROM requests r JOIN runs u ON u.id = r.run_id
    UNION ALL
    SELECT request_id, rowid, at, status, dossier, reason, by FROM status_history;
CREATE TABLE dossiers (
    dossier TEXT PRIMARY KEY,
    kbo INTEGER NOT NULL,
    insz INTEGER NOT NULL,
    odb INTEGER NOT NULL,
    startdatum INTEGER NOT NULL,
    einddatum INTEGER,
    status TEXT NOT NULL,
    berekend TEXT,
    reason TEXT,
    source TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    request_id INTEGER REFERENCES requests (id) ON DELETE SET NULL
);
CREATE INDEX dossiers_by_key ON dossiers (kbo, insz, odb, startdatum);
CREATE INDEX dossiers_by_request ON dossiers (request_id);
";

/// Migration 2 (v3): the status `released`, and the requests that a run
/// releases when it is published (`prepare --replace --discard-unsubmitted`):
/// recorded with the pending run, applied in the step that marks it
/// published, dropped when it is abandoned.
const MIGRATION_2: &str = "
CREATE TABLE run_releases (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    PRIMARY KEY (run_id, request_id)
) WITHOUT ROWID;
";

/// One step of the schema.
#[derive(Clone, Copy)]
pub(crate) enum Step {
    /// Statements to run.
    Sql(&'static str),
    /// Statements, then a change that SQL alone cannot make.
    SqlThen(&'static str, fn(&Connection) -> rusqlite::Result<()>),
}

/// Every migration step, oldest first; step `i` brings the schema to version `i + 1`.
pub(crate) const MIGRATIONS: &[Step] = &[Step::Sql(MIGRATION_1), Step::SqlThen(MIGRATION_2, allow_released)];

/// Adds `released` to the words `requests.status` may hold. SQLite cannot
/// alter a CHECK constraint, and rebuilding the table would cascade into the
/// history; widening a CHECK changes no stored row, so SQLite's documented
/// way applies: rewrite the table's definition and bump the schema cookie,
/// so that every connection reads the new definition.
fn allow_released(conn: &Connection) -> rusqlite::Result<()> {
    let old: String = conn.query_row(
        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'requests'",
        [],
        |r| r.get(0),
    )?;
    if old.contains("'released'") {
        return Ok(());
    }
    let last = "OR status = 'geannuleerd')";
    let new = old.replacen(last, "OR status = 'geannuleerd' OR status = 'released')", 1);
    if new == old {
        return Err(rusqlite::Error::InvalidQuery);
    }
    let cookie: i64 = conn.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
    conn.execute_batch("PRAGMA writable_schema = ON")?;
    let updated = conn.execute(
        "UPDATE sqlite_schema SET sql = ?1 WHERE type = 'table' AND name = 'requests'",
        [&new],
    );
    // Our own integer.
    let bumped = conn.execute_batch(&format!("PRAGMA schema_version = {}", cookie + 1));
    conn.execute_batch("PRAGMA writable_schema = OFF")?;
    updated?;
    bumped
}

/// The schema version this build writes.
pub(crate) fn current_version() -> i64 {
    i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX)
}

/// The schema version of an open ledger.
pub(crate) fn version(conn: &Connection, path: &Path) -> Result<i64, LedgerError> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sql(path))
}

/// Refuses a file that is some other database: one with another application
/// id, or one with tables but neither our id nor a schema version.
pub(crate) fn check_is_ledger(conn: &Connection, path: &Path) -> Result<(), LedgerError> {
    judge_is_ledger(check_is_ledger_sql(conn).map_err(sql(path))?, path)
}

/// The application id and the number of schema objects, read in one
/// statement, so one snapshot: another process may be creating the ledger
/// right now, and two reads could see its id missing and its tables present.
pub(crate) fn check_is_ledger_sql(conn: &Connection) -> Result<(i64, i64, i64), rusqlite::Error> {
    conn.query_row(
        "SELECT (SELECT application_id FROM pragma_application_id()), (SELECT count(*) FROM sqlite_master), \
         (SELECT user_version FROM pragma_user_version())",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// Whether what [`check_is_ledger_sql`] read is a ledger, or an empty
/// database that may become one.
pub(crate) fn judge_is_ledger((app, tables, version): (i64, i64, i64), path: &Path) -> Result<(), LedgerError> {
    // Tables without a version cannot come from a killed first open (the
    // first step sets both in one transaction): someone made or changed
    // the file by hand, and reading it as empty would hide its requests.
    if app == APPLICATION_ID && version == 0 && tables > 0 {
        return Err(LedgerError::NoSchemaVersion {
            path: path.to_path_buf(),
        });
    }
    if app == APPLICATION_ID {
        return Ok(());
    }
    if app != 0 || tables > 0 {
        return Err(LedgerError::NotALedger {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// Brings the ledger to the newest schema; [`LedgerError::TooNew`] when a
/// newer vov-bulk wrote it.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), LedgerError> {
    migrate_with(conn, path, MIGRATIONS)
}

/// [`migrate`] over a given list of steps (tests add steps to it).
pub(crate) fn migrate_with(conn: &mut Connection, path: &Path, steps: &[Step]) -> Result<(), LedgerError> {
    let newest = i64::try_from(steps.len()).unwrap_or(i64::MAX);
    let found = version(conn, path)?;
    if found > newest {
        return Err(LedgerError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: newest,
        });
    }
    if found == newest {
        return Ok(());
    }
    // Every pending step in one transaction: a run killed while it creates
    // or upgrades the ledger leaves it as it was or at the newest version,
    // never half-way (a new ledger left at version 1 would make every
    // read-only command refuse it as needing an upgrade).
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sql(path))?;
    // Another process may have applied them while this one waited.
    let now: i64 = tx
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sql(path))?;
    if now >= newest {
        return Ok(());
    }
    check_is_ledger(&tx, path)?;
    for (done, step) in steps.iter().enumerate() {
        let target = i64::try_from(done + 1).unwrap_or(i64::MAX);
        if now >= target {
            continue;
        }
        match step {
            Step::Sql(text) => tx.execute_batch(text).map_err(sql(path))?,
            Step::SqlThen(text, then) => {
                tx.execute_batch(text).map_err(sql(path))?;
                then(&tx).map_err(sql(path))?;
            }
        }
    }
    // PRAGMA takes no parameters; both values are our own integers.
    tx.execute_batch(&format!(
        "PRAGMA user_version = {newest}; PRAGMA application_id = {APPLICATION_ID};"
    ))
    .map_err(sql(path))?;
    tx.commit().map_err(sql(path))?;
    Ok(())
}
