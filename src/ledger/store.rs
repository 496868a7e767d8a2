//! Opening the ledger file: where it lives, who may read it, how long to
//! wait for other processes, and its schema.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::error::{io, sql, LedgerError};
use super::lock::WriterLock;
use super::migrate;

/// How long to wait for another process by default: long enough for another
/// run's commit of a large batch, short enough for a clerk at a terminal.
const DEFAULT_WAIT: Duration = Duration::from_secs(30);

/// Longest wait `VOV_LEDGER_WAIT_SECS` may ask for (a day): a larger value is
/// a typo, and `Duration` arithmetic must not overflow.
const MAX_WAIT_SECS: f64 = 86_400.0;

/// The ledger: one SQLite file that remembers, across runs, every request
/// that `prepare` put in an upload, and what became of it.
pub struct Ledger {
    pub(super) conn: Connection,
    pub(super) path: PathBuf,
    pub(super) read_only: bool,
    pub(super) wait: Duration,
    /// Pending runs that the last read-only [`Ledger::resolve_pending`]
    /// found published: the view shows their requests.
    pub(super) assumed_published: BTreeSet<i64>,
    /// Those of them that it found published (not those whose folders tell
    /// nothing): what they release is seen released (see `Visible`).
    pub(super) read_published: BTreeSet<i64>,
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ledger")
            .field("path", &self.path)
            .field("read_only", &self.read_only)
            .finish()
    }
}

/// The wait from `VOV_LEDGER_WAIT_SECS` (seconds, fractions allowed), else
/// 30 s; a value that is not a number of seconds falls back to the default
/// rather than to no waiting at all.
pub(crate) fn wait_from_env() -> Duration {
    std::env::var("VOV_LEDGER_WAIT_SECS")
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(|s| Duration::from_secs_f64(s.min(MAX_WAIT_SECS)))
        .unwrap_or(DEFAULT_WAIT)
}

impl Ledger {
    /// Opens the ledger at `path`, creating it (and its folders) when it does
    /// not exist, and brings its schema up to date.
    ///
    /// A new file is created readable by its owner only (it holds national
    /// numbers): 0600 on unix whatever the umask, in folders created 0700.
    /// The database runs in WAL mode with `synchronous=FULL` (a recorded run
    /// must survive a power cut) and foreign keys on, and waits up to
    /// `VOV_LEDGER_WAIT_SECS` (default 30 s) for another process.
    pub fn open(path: &Path) -> Result<Ledger, LedgerError> {
        let wait = wait_from_env();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            create_private_dirs(parent)?;
        }
        let created = create_private_file(path)?;
        check_plain_file(path)?;
        // Not SQLITE_OPEN_CREATE: the file exists now with the right mode, and
        // if it vanished SQLite must not recreate it with the default one.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(|source| open_error(path, source))?;
        conn.busy_timeout(wait).map_err(sql(path))?;
        // Before anything writes: never turn someone else's database, or a
        // ledger of a newer vov-bulk, into WAL.
        migrate::check_is_ledger(&conn, path)?;
        let found = migrate::version(&conn, path)?;
        let supported = migrate::current_version();
        if found > supported {
            return Err(LedgerError::TooNew {
                path: path.to_path_buf(),
                found,
                supported,
            });
        }
        // 16 KiB pages (SQLite's default is 4 KiB), which only a new file
        // takes: a large run's inserts balance a quarter as many b-tree
        // pages (measured: a million requests recorded 10-15% faster).
        // 64 MiB of page cache (SQLite's default is 2 MiB): a large run adds
        // its requests to the key index all over the tree, and with the
        // default cache every such insert read and spilled pages.
        conn.execute_batch(
            "PRAGMA page_size = 16384; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; \
             PRAGMA cache_size = -65536;",
        )
        .map_err(sql(path))?;
        // A file system without shared memory keeps its rollback journal;
        // the ledger stays correct, only readers then wait for writers.
        let _mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(sql(path))?;
        migrate::migrate(&mut conn, path)?;
        if created {
            // SQLite gives -wal and -shm the main file's mode; made explicit
            // here for the files this call created. An existing ledger keeps
            // what its owner chose (a group-shared ledger stays shared).
            restrict_companions(path)?;
        }
        Ok(Ledger {
            conn,
            path: path.to_path_buf(),
            read_only: false,
            wait,
            assumed_published: BTreeSet::new(),
            read_published: BTreeSet::new(),
        })
    }

    /// Opens the ledger for reading only (`check`, `agenda`, `ledger list`):
    /// it never creates or changes the file. `Ok(None)` when there is no
    /// ledger yet (no file, an empty one, or one without tables).
    ///
    /// A ledger of an older schema is refused with
    /// [`LedgerError::NeedsUpgrade`] rather than read with queries written
    /// for the current one: any writing command upgrades it first.
    /// (SQLite may still create the `-shm` index file next to a WAL ledger to
    /// read it, with the ledger's own mode.)
    pub fn open_read_only(path: &Path) -> Result<Option<Ledger>, LedgerError> {
        match std::fs::metadata(path) {
            Ok(meta) if meta.len() == 0 => return Ok(None),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io(path)(e)),
        }
        let wait = wait_from_env();
        let conn = match open_reader(path, wait) {
            Err(ReaderError::LeftByACrash(_)) => {
                recover_after_a_crash(path, wait)?;
                open_reader(path, wait).map_err(ReaderError::into_ledger_error)?
            }
            opened => opened.map_err(ReaderError::into_ledger_error)?,
        };
        let found = migrate::version(&conn, path)?;
        let current = migrate::current_version();
        if found > current {
            return Err(LedgerError::TooNew {
                path: path.to_path_buf(),
                found,
                supported: current,
            });
        }
        if found == 0 {
            return Ok(None);
        }
        if found < current {
            return Err(LedgerError::NeedsUpgrade {
                path: path.to_path_buf(),
                found,
                current,
            });
        }
        Ok(Some(Ledger {
            conn,
            path: path.to_path_buf(),
            read_only: true,
            wait,
            assumed_published: BTreeSet::new(),
            read_published: BTreeSet::new(),
        }))
    }

    /// The ledger file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether this ledger was opened with [`Ledger::open_read_only`].
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Changes how long this ledger waits for other processes (SQLite's busy
    /// timeout and [`Ledger::lock_writers`]), overriding `VOV_LEDGER_WAIT_SECS`.
    pub fn set_wait(&mut self, wait: Duration) -> Result<(), LedgerError> {
        self.conn.busy_timeout(wait).map_err(sql(&self.path))?;
        self.wait = wait;
        Ok(())
    }

    /// The default location: `VOV_LEDGER` when set and not empty, else
    /// `vov-bulk/ledger.sqlite` in the user's data directory
    /// (`$XDG_DATA_HOME`, `~/Library/Application Support`, `%APPDATA%`).
    pub fn default_path() -> Result<PathBuf, LedgerError> {
        if let Some(p) = std::env::var_os("VOV_LEDGER").filter(|p| !p.is_empty()) {
            return Ok(PathBuf::from(p));
        }
        dirs::data_dir()
            .map(|d| d.join("vov-bulk").join("ledger.sqlite"))
            .ok_or(LedgerError::NoDataDir)
    }

    /// Fails on a read-only ledger: every writing method calls this first.
    pub(super) fn writable(&self) -> Result<(), LedgerError> {
        if self.read_only {
            Err(LedgerError::ReadOnly {
                path: self.path.clone(),
            })
        } else {
            Ok(())
        }
    }
}

/// An open failure: a file that is not a database says so.
/// Why [`open_reader`] failed: a writer killed mid-transaction is told apart,
/// because a reader alone cannot finish what it left.
enum ReaderError {
    LeftByACrash(LedgerError),
    Other(LedgerError),
}

impl ReaderError {
    fn into_ledger_error(self) -> LedgerError {
        match self {
            ReaderError::LeftByACrash(e) | ReaderError::Other(e) => e,
        }
    }
}

/// A read-only connection to the ledger, checked to be one (its first query
/// is what meets a crashed writer's leftovers).
fn open_reader(path: &Path, wait: Duration) -> Result<Connection, ReaderError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|source| {
        if left_by_a_crash(&source) {
            ReaderError::LeftByACrash(open_error(path, source))
        } else {
            ReaderError::Other(open_error(path, source))
        }
    })?;
    conn.busy_timeout(wait).map_err(|e| ReaderError::Other(sql(path)(e)))?;
    match migrate::check_is_ledger_sql(&conn) {
        Ok(found) => migrate::judge_is_ledger(found, path).map_err(ReaderError::Other)?,
        Err(source) if left_by_a_crash(&source) => return Err(ReaderError::LeftByACrash(sql(path)(source))),
        Err(source) => return Err(ReaderError::Other(sql(path)(source))),
    }
    Ok(conn)
}

/// SQLite's answers when a read-only connection meets what a writer killed
/// mid-transaction left: a hot rollback journal to roll back, or a
/// write-ahead log whose index must be rebuilt. Both need write access once.
fn left_by_a_crash(error: &rusqlite::Error) -> bool {
    matches!(
        error,
        rusqlite::Error::SqliteFailure(e, _)
            if matches!(
                e.extended_code,
                rusqlite::ffi::SQLITE_READONLY_ROLLBACK
                    | rusqlite::ffi::SQLITE_READONLY_RECOVERY
                    | rusqlite::ffi::SQLITE_READONLY_CANTINIT
            )
    )
}

impl Ledger {
    /// Opens (or creates) the ledger for a writing command, the writers'
    /// lock taken first: creating the file, switching it to WAL and
    /// migrating its schema then happen one process at a time (two runs
    /// that start a new ledger at once would otherwise race for it).
    pub fn open_for_writing(path: &Path) -> Result<(Ledger, WriterLock), LedgerError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            create_private_dirs(parent)?;
        }
        // The lock is on the file, so it must exist (created owner-only).
        create_private_file(path)?;
        check_plain_file(path)?;
        let lock = super::lock::acquire(path, wait_from_env())?;
        let ledger = Ledger::open(path)?;
        Ok((ledger, lock))
    }

    /// Takes the writers' lock on the ledger file, waiting as long as this
    /// ledger waits for SQLite (`VOV_LEDGER_WAIT_SECS`, default 30 s), then
    /// [`LedgerError::Busy`].
    ///
    /// Held by `prepare` from before it reads the ledger until it marked its
    /// run published, and by the `ledger` commands that write.
    pub fn lock_writers(&self) -> Result<WriterLock, LedgerError> {
        super::lock::acquire(&self.path, self.wait)
    }
}

/// Lets SQLite undo what a killed writer left (roll back its hot journal,
/// rebuild the write-ahead log's index) through one read-write connection
/// that only reads: the ledger then holds exactly its last committed state,
/// as it did before the killed transaction began, and nothing else changes.
/// Taken under the writers' lock, so that no live writer is mistaken for a
/// dead one.
fn recover_after_a_crash(path: &Path, wait: Duration) -> Result<(), LedgerError> {
    let _lock = super::lock::acquire(path, wait)?;
    // Not SQLITE_OPEN_CREATE: the file exists, and must not be recreated.
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|source| open_error(path, source))?;
    conn.busy_timeout(wait).map_err(sql(path))?;
    migrate::check_is_ledger_sql(&conn).map_err(sql(path))?;
    Ok(())
}

fn open_error(path: &Path, source: rusqlite::Error) -> LedgerError {
    match source.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => LedgerError::NotALedger {
            path: path.to_path_buf(),
        },
        _ => LedgerError::Open {
            path: path.to_path_buf(),
            source,
        },
    }
}

/// Creates the ledger's folder and missing parents, owner-only on unix.
pub(crate) fn create_private_dirs(dir: &Path) -> Result<(), LedgerError> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(io(dir))
}

/// Creates an empty ledger file readable by its owner only; `false` when it
/// already exists (or another process created it a moment ago). An empty
/// plain file that is there already (`touch ledger.sqlite`, a file a tool
/// made ready) is about to receive national numbers: it is made owner-only
/// too, and counts as created.
pub(super) fn create_private_file(path: &Path) -> Result<bool, LedgerError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(file) => {
            set_owner_only(&file, path)?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() && meta.len() == 0 => {
                let file = std::fs::OpenOptions::new().write(true).open(path).map_err(io(path))?;
                set_owner_only(&file, path)?;
                Ok(true)
            }
            _ => Ok(false),
        },
        Err(e) => Err(io(path)(e)),
    }
}

/// Refuses a ledger path that is not a plain file (after symlinks): SQLite
/// would open `/dev/null` as an empty database and create
/// `/dev/null-journal` beside it.
pub(crate) fn check_plain_file(path: &Path) -> Result<(), LedgerError> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => Ok(()),
        Ok(_) => Err(LedgerError::NotAFile {
            path: path.to_path_buf(),
        }),
        Err(e) => Err(io(path)(e)),
    }
}

/// Sets 0600 on an open file whatever the umask made of it (a umask such as
/// 0277 would otherwise leave the owner unable to write).
fn set_owner_only(file: &std::fs::File, path: &Path) -> Result<(), LedgerError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(io(path))?;
    }
    #[cfg(not(unix))]
    let _ = (file, path);
    Ok(())
}

/// Sets 0600 on the `-wal` and `-shm` files of a ledger, where they exist.
fn restrict_companions(path: &Path) -> Result<(), LedgerError> {
    #[cfg(unix)]
    for suffix in ["-wal", "-shm"] {
        use std::os::unix::fs::PermissionsExt;
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let companion = PathBuf::from(name);
        match std::fs::set_permissions(&companion, std::fs::Permissions::from_mode(0o600)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&companion)(e)),
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::test_support::*;

    fn user_version(path: &Path) -> i64 {
        Connection::open(path)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_new_ledger_has_the_newest_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a").join("b").join("ledger.sqlite");
        let ledger = Ledger::open(&path).unwrap();
        assert_eq!(ledger.path(), path);
        let mode: String = ledger.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = ledger.conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
        let sync: i64 = ledger.conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
        assert_eq!(sync, 2, "FULL");
        let page: i64 = ledger.conn.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
        assert_eq!(page, 16384);
        drop(ledger);
        assert_eq!(user_version(&path), migrate::current_version());
        // Opening again changes nothing.
        Ledger::open(&path).unwrap();
        assert_eq!(user_version(&path), migrate::current_version());
    }

    #[cfg(unix)]
    #[test]
    fn a_new_ledger_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new").join("ledger.sqlite");
        let ledger = Ledger::open(&path).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir.path().join("new")), 0o700);
        for suffix in ["-wal", "-shm"] {
            let companion = PathBuf::from(format!("{}{suffix}", path.display()));
            if companion.exists() {
                assert_eq!(mode(&companion), 0o600, "{suffix}");
            }
        }
        let lock = ledger.lock_writers().unwrap();
        assert_eq!(mode(lock.path()), 0o600);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.sqlite");
        drop(Ledger::open(&path).unwrap());
        Connection::open(&path)
            .unwrap()
            .execute_batch("PRAGMA user_version = 99")
            .unwrap();
        for result in [
            Ledger::open(&path).map(|_| ()),
            Ledger::open_read_only(&path).map(|_| ()),
        ] {
            match result {
                Err(LedgerError::TooNew {
                    found: 99, supported, ..
                }) => {
                    assert_eq!(supported, migrate::current_version())
                }
                other => panic!("{other:?}"),
            }
        }
        let message = Ledger::open(&path).unwrap_err().to_string();
        assert!(
            message.contains("upgrade vov-bulk") && message.contains("ledger.sqlite"),
            "{message}"
        );
        // Refused before anything is written (not even switched to WAL).
        let newer = dir.path().join("newer.sqlite");
        Connection::open(&newer)
            .unwrap()
            .execute_batch(&format!(
                "PRAGMA application_id = {}; CREATE TABLE runs (id INTEGER PRIMARY KEY); PRAGMA user_version = 99;",
                migrate::APPLICATION_ID
            ))
            .unwrap();
        let bytes = std::fs::read(&newer).unwrap();
        assert!(matches!(Ledger::open(&newer), Err(LedgerError::TooNew { .. })));
        assert_eq!(std::fs::read(&newer).unwrap(), bytes);
    }

    #[test]
    fn an_older_file_migrates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.sqlite");
        // Version 0: an empty database, as a killed first open leaves it.
        Connection::open(&path)
            .unwrap()
            .execute_batch("PRAGMA user_version = 0")
            .unwrap();
        assert!(Ledger::open_read_only(&path).unwrap().is_none());
        let mut ledger = Ledger::open(&path).unwrap();
        let run = published_run(
            &mut ledger,
            &dir.path().join("out"),
            &[request(ACME, JAN, date(2026, 9, 1), 40)],
        );
        // A later step applies on top of the data, in order, once.
        let step3 = migrate::Step::Sql("ALTER TABLE runs ADD COLUMN note TEXT");
        let steps = [migrate::MIGRATIONS[0], migrate::MIGRATIONS[1], step3];
        migrate::migrate_with(&mut ledger.conn, &path, &steps).unwrap();
        migrate::migrate_with(&mut ledger.conn, &path, &steps).unwrap();
        assert_eq!(migrate::version(&ledger.conn, &path).unwrap(), 3);
        let note: Option<String> = ledger
            .conn
            .query_row("SELECT note FROM runs WHERE id = ?1", [run], |r| r.get(0))
            .unwrap();
        assert_eq!(note, None);
        assert_eq!(ledger.view().unwrap().len(), 1);
    }

    #[test]
    fn a_failed_step_leaves_a_new_ledger_as_it_was_not_half_made() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.sqlite");
        let mut conn = Connection::open(&path).unwrap();
        // The first steps succeed, the last fails, as a kill between two
        // steps would stop them: none of them stays.
        let broken = migrate::Step::Sql("THIS IS NOT SQL");
        let steps = [migrate::MIGRATIONS[0], migrate::MIGRATIONS[1], broken];
        assert!(migrate::migrate_with(&mut conn, &path, &steps).is_err());
        assert_eq!(migrate::version(&conn, &path).unwrap(), 0);
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(tables, 0);
        migrate::migrate(&mut conn, &path).unwrap();
        assert_eq!(migrate::version(&conn, &path).unwrap(), migrate::current_version());
    }

    #[test]
    fn a_ledger_of_schema_1_migrates_and_takes_released() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.sqlite");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrate::migrate_with(&mut conn, &path, &migrate::MIGRATIONS[..1]).unwrap();
            assert!(conn
                .execute_batch(
                    "INSERT INTO runs (started_at, as_of, tool_version, out_dir, token, state) \
                     VALUES ('x', 0, 't', '/o', 't', 'published'); \
                     INSERT INTO requests (run_id, kbo, insz, odb, reference_start, startdatum, einddatum, eenheid, \
                     aantal, vov_hours, naam, voornaam, upload_file, origin, last_day, status) \
                     VALUES (1, 1, 1, 1, 1, 1, 1, 'uren', '1', '1', 'n', 'v', 'f', 'o', 1, 'released')"
                )
                .is_err());
        }
        let ledger = Ledger::open(&path).unwrap();
        assert_eq!(user_version(&path), 2);
        ledger
            .conn
            .execute_batch(
                "INSERT INTO runs (started_at, as_of, tool_version, out_dir, token, state) \
                 VALUES ('x', 0, 't', '/o', 't', 'published'); \
                 INSERT INTO requests (run_id, kbo, insz, odb, reference_start, startdatum, einddatum, eenheid, \
                 aantal, vov_hours, naam, voornaam, upload_file, origin, last_day, status) \
                 VALUES (1, 1, 1, 1, 1, 1, 1, 'uren', '1', '1', 'n', 'v', 'f', 'o', 1, 'released')",
            )
            .unwrap();
        // Still checked: a word vov-bulk never writes is refused.
        assert!(ledger.conn.execute("UPDATE requests SET status = 'weg'", []).is_err());
        let ok: String = ledger
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
        // Another connection reads the new definition too.
        let other = Connection::open(&path).unwrap();
        other.execute("UPDATE requests SET status = 'released'", []).unwrap();
    }

    #[test]
    fn a_ledger_with_tables_and_no_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.sqlite");
        drop(Ledger::open(&path).unwrap());
        Connection::open(&path)
            .unwrap()
            .execute_batch("PRAGMA user_version = 0")
            .unwrap();
        assert!(matches!(Ledger::open(&path), Err(LedgerError::NoSchemaVersion { .. })));
        assert!(matches!(
            Ledger::open_read_only(&path),
            Err(LedgerError::NoSchemaVersion { .. })
        ));
    }

    #[test]
    fn read_only_never_creates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing.sqlite");
        assert!(Ledger::open_read_only(&path).unwrap().is_none());
        assert!(!path.exists());
        std::fs::write(&path, b"").unwrap();
        assert!(Ledger::open_read_only(&path).unwrap().is_none());
        std::fs::remove_file(&path).unwrap();
        drop(Ledger::open(&path).unwrap());
        let mut reader = Ledger::open_read_only(&path).unwrap().unwrap();
        assert!(reader.is_read_only());
        assert!(reader.view().unwrap().is_empty());
        assert!(matches!(
            reader.begin_run(&new_run(dir.path(), "t")),
            Err(LedgerError::ReadOnly { .. })
        ));
    }

    #[test]
    fn other_files_are_not_ledgers() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "this is not a database, just some text that is long enough").unwrap();
        assert!(
            matches!(Ledger::open(&text), Err(LedgerError::NotALedger { .. })),
            "text"
        );
        assert!(matches!(
            Ledger::open_read_only(&text),
            Err(LedgerError::NotALedger { .. })
        ));
        let other = dir.path().join("other.sqlite");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        assert!(matches!(Ledger::open(&other), Err(LedgerError::NotALedger { .. })));
        // Untouched: still not in WAL mode.
        let mode: String = Connection::open(&other)
            .unwrap()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "delete");
    }

    #[test]
    fn the_default_path_is_in_the_data_dir() {
        // VOV_LEDGER is not touched here (tests share the environment).
        if std::env::var_os("VOV_LEDGER").is_none() {
            if let Some(data) = dirs::data_dir() {
                assert_eq!(
                    Ledger::default_path().unwrap(),
                    data.join("vov-bulk").join("ledger.sqlite")
                );
            }
        }
    }
}

#[cfg(test)]
mod after_a_crash {
    use super::*;

    /// A copy of a ledger taken while a writer is in the middle of a
    /// transaction in rollback-journal mode: what a writer killed at that
    /// moment leaves behind (a hot journal, no process holding a lock).
    fn ledger_with_a_hot_journal(dir: &Path) -> PathBuf {
        let live = dir.join("live.sqlite");
        drop(Ledger::open(&live).unwrap());
        let conn = Connection::open(&live).unwrap();
        let _: String = conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
            .unwrap();
        conn.execute_batch(
            "PRAGMA cache_size = 1; BEGIN; CREATE TABLE filler(x); \
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) \
             INSERT INTO filler SELECT randomblob(500) FROM n;",
        )
        .unwrap();
        let journal = dir.join("live.sqlite-journal");
        assert!(journal.exists(), "the transaction spilled into the file");
        let copy = dir.join("ledger.sqlite");
        std::fs::copy(&live, &copy).unwrap();
        std::fs::copy(&journal, dir.join("ledger.sqlite-journal")).unwrap();
        drop(conn);
        copy
    }

    #[test]
    fn a_reader_finds_the_last_committed_ledger_after_a_writer_was_killed() {
        let dir = tempfile::tempdir().unwrap();
        let path = ledger_with_a_hot_journal(dir.path());
        let ledger = Ledger::open_read_only(&path).unwrap().expect("a ledger");
        let filler: i64 = ledger
            .conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'filler'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(filler, 0, "the killed transaction is rolled back");
    }
}
