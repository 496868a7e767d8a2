//! The writers' lock: `prepare` reads the ledger, validates, writes its
//! outputs and only then records its run. SQLite's own locking covers each
//! transaction, not that whole span, so writers take turns on a lock held on
//! the database file itself: whatever path reached the file (a symlink, a
//! hard link, a relative path, another spelling), the lock is the same.
//! Readers (`check`, `agenda`, `ledger list`) never take it.
//!
//! On Linux it is an open-file-description lock (`F_OFD_SETLK`) on one byte
//! of the page SQLite reserves for its own locks and never fills, outside the
//! bytes SQLite locks: it never blocks SQLite, it is not dropped when SQLite
//! closes a descriptor of the same file, and on a network file system it
//! becomes a lock of the server's, seen by every machine. Other unix systems
//! take `flock` on the file (independent of SQLite's `fcntl` locks there);
//! Windows, whose locks are mandatory, a lock file beside the ledger.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::error::{io, LedgerError};

/// How often a waiting writer tries the lock again.
const POLL: Duration = Duration::from_millis(100);

/// The byte locked: in the lock-byte page of SQLite (offset 1 GiB, never
/// holding data), past SQLite's own 512 lock bytes.
#[cfg(target_os = "linux")]
const LOCK_BYTE: i64 = 0x4000_0000 + 4096;

/// The exclusive writers' lock on a ledger; released when dropped (or when
/// the process ends, however it ends).
#[derive(Debug)]
pub struct WriterLock {
    file: File,
    path: PathBuf,
}

impl WriterLock {
    /// The file locked: the ledger itself (on Windows, `<ledger>.lock`).
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for WriterLock {
    fn drop(&mut self) {
        // Closing the file releases the lock as well; this only makes it prompt.
        let _ = unlock(&self.file);
    }
}

/// Takes the writers' lock of the ledger at `ledger` (which exists), waiting
/// up to `wait`.
pub(crate) fn acquire(ledger: &Path, wait: Duration) -> Result<WriterLock, LedgerError> {
    let path = lock_path(ledger);
    let file = open_lock_file(&path)?;
    let deadline = Instant::now() + wait;
    loop {
        if try_lock(&file).map_err(io(&path))? {
            return Ok(WriterLock { file, path });
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

#[cfg(unix)]
fn lock_path(ledger: &Path) -> PathBuf {
    ledger.to_path_buf()
}

#[cfg(not(unix))]
fn lock_path(ledger: &Path) -> PathBuf {
    let mut name = ledger.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

#[cfg(unix)]
fn open_lock_file(path: &Path) -> Result<File, LedgerError> {
    // The ledger itself, never created here (SQLite's file, its mode).
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .map_err(io(path))
}

#[cfg(not(unix))]
fn open_lock_file(path: &Path) -> Result<File, LedgerError> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(io(path))
}

/// `Ok(false)` when another holds the lock.
#[cfg(target_os = "linux")]
fn try_lock(file: &File) -> std::io::Result<bool> {
    ofd(file, libc::F_WRLCK as libc::c_short)
}

#[cfg(target_os = "linux")]
fn unlock(file: &File) -> std::io::Result<bool> {
    ofd(file, libc::F_UNLCK as libc::c_short)
}

#[cfg(target_os = "linux")]
fn ofd(file: &File, kind: libc::c_short) -> std::io::Result<bool> {
    use std::os::unix::io::AsRawFd;
    // SAFETY: a zeroed `flock` is a valid value of the plain C struct.
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = kind;
    lock.l_whence = libc::SEEK_SET as libc::c_short;
    lock.l_start = LOCK_BYTE;
    lock.l_len = 1;
    lock.l_pid = 0;
    // SAFETY: the descriptor is open for the call and `lock` outlives it.
    let done = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_OFD_SETLK, &lock) };
    if done == 0 {
        return Ok(true);
    }
    let error = std::io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::EAGAIN) | Some(libc::EACCES) => Ok(false),
        _ => Err(error),
    }
}

#[cfg(not(target_os = "linux"))]
fn try_lock(file: &File) -> std::io::Result<bool> {
    match file.try_lock() {
        Ok(()) => Ok(true),
        Err(std::fs::TryLockError::WouldBlock) => Ok(false),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn unlock(file: &File) -> std::io::Result<bool> {
    file.unlock().map(|()| true)
}
