//! The writers' lock: `prepare` reads the ledger, validates, writes its
//! outputs and only then records its run. SQLite's own locking covers each
//! transaction, not that whole span, so two writers take turns on a lock file
//! next to the ledger. Readers (`check`, `agenda`, `ledger list`) never take it.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::error::{io, LedgerError};
use super::store::Ledger;

/// How often a waiting writer tries the lock again.
const POLL: Duration = Duration::from_millis(100);

/// The exclusive writers' lock on a ledger; released when dropped (or when
/// the process ends, however it ends).
#[derive(Debug)]
pub struct WriterLock {
    file: File,
    path: PathBuf,
}

impl WriterLock {
    /// The lock file (`<ledger>.lock`).
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for WriterLock {
    fn drop(&mut self) {
        // Closing the file releases the lock as well; this only makes it prompt.
        let _ = self.file.unlock();
    }
}

impl Ledger {
    /// Opens (or creates) the ledger for a writing command, the writers'
    /// lock taken first: creating the file, switching it to WAL and
    /// migrating its schema then happen one process at a time (two runs
    /// that start a new ledger at once would otherwise race for it).
    pub fn open_for_writing(path: &Path) -> Result<(Ledger, WriterLock), LedgerError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            super::store::create_private_dirs(parent)?;
        }
        let lock = acquire(path, super::store::wait_from_env())?;
        let ledger = Ledger::open(path)?;
        Ok((ledger, lock))
    }

    /// Takes the writers' lock (`<ledger path>.lock`, created owner-only),
    /// waiting as long as this ledger waits for SQLite (`VOV_LEDGER_WAIT_SECS`,
    /// default 30 s), then [`LedgerError::Busy`].
    ///
    /// Held by `prepare` from before it reads the ledger until it marked its
    /// run published, and by `ledger import` and `ledger submitted`. The lock
    /// belongs to the open file, so one process must not take it twice.
    pub fn lock_writers(&self) -> Result<WriterLock, LedgerError> {
        acquire(&self.path, self.wait)
    }
}

/// Takes the writers' lock of the ledger at `ledger`, waiting up to `wait`.
pub(super) fn acquire(ledger: &Path, wait: Duration) -> Result<WriterLock, LedgerError> {
    let mut name = ledger.as_os_str().to_owned();
    name.push(".lock");
    let path = PathBuf::from(name);
    let file = open_lock_file(&path)?;
    let deadline = Instant::now() + wait;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(WriterLock { file, path }),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => return Err(io(&path)(e)),
        }
        let now = Instant::now();
        if now >= deadline {
            return Err(LedgerError::Busy {
                path: ledger.to_path_buf(),
            });
        }
        std::thread::sleep(POLL.min(deadline - now));
    }
}

fn open_lock_file(path: &Path) -> Result<File, LedgerError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map_err(io(path))
}
