//! Writers: the per-employer uploads, `rejected.csv` and `rejected.xlsx`,
//! the JSON report and `report.html`.
//! Every file is first written in full to a temporary file in the output
//! directory and only then renamed into place, all together at the end.

pub mod html;
pub mod publish;
pub mod rejected;
pub mod rejected_xlsx;
pub mod report;
pub mod upload;

use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::{NamedTempFile, TempPath};

/// A new temporary file in `dir` that becomes an output file: created
/// owner-only, then given the mode an ordinary new file gets here (what the
/// umask allows, never more), since it is renamed into place as it is.
pub fn temp_file(dir: &Path) -> std::io::Result<NamedTempFile> {
    let temp = tempfile::Builder::new()
        .prefix(".vov-bulk-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = umask_file_mode(dir);
        if mode != 0o600 {
            temp.as_file().set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
    }
    Ok(temp)
}

/// The mode of a new file under the process's umask (`0o666 & !umask`),
/// learnt once from a probe file: reading the umask with `umask(2)` would
/// change it for a moment under the other threads.
#[cfg(unix)]
fn umask_file_mode(dir: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    static MODE: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *MODE.get_or_init(|| {
        let probe = dir.join(format!(".vov-bulk-umask-{}", std::process::id()));
        let mode = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&probe)
            .and_then(|f| f.metadata())
            .map_or(0o600, |m| m.permissions().mode() & 0o666);
        let _ = std::fs::remove_file(&probe);
        mode
    })
}

/// Files written completely but not yet in place.
pub struct Staged {
    dir: PathBuf,
    files: Vec<(TempPath, PathBuf)>,
}

impl Staged {
    pub fn new(dir: &Path) -> Staged {
        Staged {
            dir: dir.to_path_buf(),
            files: Vec::new(),
        }
    }

    /// Writes `bytes` to a temporary file that becomes `name` on commit.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
        let mut temp = temp_file(&self.dir)?;
        temp.write_all(bytes)?;
        let target = self.dir.join(name);
        self.files.push((temp.into_temp_path(), target.clone()));
        Ok(target)
    }

    /// Takes a finished temporary file (in the same directory) that becomes `name` on commit.
    pub fn add_path(&mut self, temp: TempPath, name: &str) -> PathBuf {
        let target = self.dir.join(name);
        self.files.push((temp, target.clone()));
        target
    }

    /// Renames every staged file into place without making it durable: for
    /// files in a private staging folder that is made durable and published
    /// as a whole (see [`publish`]).
    pub fn place(self) -> std::io::Result<()> {
        for (temp, target) in self.files {
            temp.persist(&target).map_err(|e| e.error)?;
        }
        Ok(())
    }

    /// Makes every staged file durable, then renames them into place, so a
    /// crash leaves either the old files or complete new ones. Dropping
    /// `Staged` without committing removes the temporary files.
    /// A target that is a device or a pipe (`--report /dev/null`,
    /// `--ics /dev/stdout`, a FIFO) is written into, never renamed over:
    /// run as root, a rename would replace `/dev/null` with a plain file.
    pub fn commit(self) -> std::io::Result<()> {
        flush_to_disk(&self.dir, self.files.iter().map(|(temp, _)| temp.as_ref()))?;
        for (temp, target) in self.files {
            if is_special_file(&target) {
                let mut from = std::fs::File::open(&temp)?;
                let mut to = std::fs::OpenOptions::new().write(true).open(&target)?;
                std::io::copy(&mut from, &mut to)?;
                to.flush()?;
                continue;
            }
            temp.persist(&target).map_err(|e| e.error)?;
        }
        Ok(())
    }
}

/// Whether `path` exists and is neither a regular file nor a folder (a
/// character or block device, a FIFO, a socket), following symbolic links.
fn is_special_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|meta| !meta.is_file() && !meta.is_dir())
}

#[cfg(test)]
mod special_file_tests {
    use super::*;

    #[test]
    fn a_device_is_written_into_and_stays_a_device() {
        let dev_null = Path::new("/dev/null");
        if !dev_null.exists() {
            return;
        }
        assert!(is_special_file(dev_null));
        let mut staged = Staged::new(Path::new("/dev"));
        // Staging in /dev needs root; elsewhere the temporary file cannot be made: nothing to test.
        if staged.add("null", b"a report").is_err() {
            return;
        }
        staged.commit().unwrap();
        let meta = std::fs::metadata(dev_null).unwrap();
        assert!(!meta.is_file(), "/dev/null was replaced by a plain file");
    }

    #[test]
    fn a_plain_file_is_replaced_as_a_whole() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("report.json"), b"old").unwrap();
        assert!(!is_special_file(&dir.path().join("report.json")));
        let mut staged = Staged::new(dir.path());
        staged.add("report.json", b"new").unwrap();
        staged.commit().unwrap();
        assert_eq!(std::fs::read(dir.path().join("report.json")).unwrap(), b"new");
    }
}

/// Flushes the staged files to disk: on Linux one `syncfs` for the whole
/// file system (hundreds of upload files would otherwise cost hundreds of
/// `fsync`s, seconds on a slow disk), elsewhere each file.
pub(crate) fn flush_to_disk<'a>(dir: &Path, files: impl Iterator<Item = &'a Path>) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let _ = files;
        let handle = std::fs::File::open(dir)?;
        // SAFETY: syncfs only reads the descriptor, which `handle` keeps open for the call.
        if unsafe { libc::syncfs(handle.as_raw_fd()) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
        for file in files {
            std::fs::File::open(file)?.sync_all()?;
        }
        Ok(())
    }
}

/// A CSV writer with the given dialect; fields are quoted only where needed.
pub fn csv_writer<W: std::io::Write>(out: W, delimiter: u8, quote: u8, line_terminator: &str) -> csv::Writer<W> {
    let terminator = match line_terminator {
        "\r\n" => csv::Terminator::CRLF,
        other => csv::Terminator::Any(other.bytes().next().unwrap_or(b'\n')),
    };
    csv::WriterBuilder::new()
        .delimiter(delimiter)
        .quote(quote)
        .terminator(terminator)
        // Mostly one record per writer (a line rendered on a worker thread):
        // the default 8 KiB buffer would cost more than the record.
        .buffer_capacity(1024)
        .from_writer(out)
}

/// Neutralises a cell against formula injection by a leading apostrophe,
/// which spreadsheet programs show as text and do not evaluate.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(crate::values::FORMULA_TRIGGERS) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_triggers_are_neutralised() {
        for bad in ["=1+1", "+32", "-5", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise_formula(bad), format!("'{bad}"));
        }
        assert_eq!(neutralise_formula("Peeters"), "Peeters");
        assert_eq!(neutralise_formula(""), "");
    }

    #[test]
    fn records_are_quoted_only_where_needed() {
        let mut writer = csv_writer(Vec::new(), b';', b'"', "\r\n");
        writer.write_record(["a", "b;c", "d\"e", "f\ng", ""]).unwrap();
        assert_eq!(writer.into_inner().unwrap(), b"a;\"b;c\";\"d\"\"e\";\"f\ng\";\r\n");
        let mut writer = csv_writer(Vec::new(), b';', b'"', "\n");
        writer.write_record([""]).unwrap();
        assert_eq!(writer.into_inner().unwrap(), b"\"\"\n");
    }

    #[test]
    fn staged_files_appear_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let mut staged = Staged::new(dir.path());
        let target = staged.add("a.csv", b"x").unwrap();
        assert!(!target.exists());
        staged.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"x");
        let mut dropped = Staged::new(dir.path());
        dropped.add("b.csv", b"y").unwrap();
        drop(dropped);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.csv")]);
    }
}
