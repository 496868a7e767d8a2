//! Helpers shared by the integration tests: the binary with a fixed
//! `--as-of`, valid test numbers, input rows, and reading the outputs back.
//!
//! Every validating run goes through [`prepare`] or [`check`], which always
//! pass `--as-of 2026-11-22` so that no test depends on today's date.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The submission date every test assumes.
pub const AS_OF: &str = "2026-11-22";

/// The canonical input header (`;`-separated), the columns of [`Row`].
pub const HEADER: &str =
    "werkgever_kbo;werknemer_insz;werknemer_naam;werknemer_voornaam;odb_nummer;eenheid;aantal;startdatum;einddatum";

/// The header line of the built-in WSE upload layout.
pub const UPLOAD_HEADER: &str =
    "ondernemingsnummer;insz;naam;voornaam;odb_nummer;startdatum;einddatum;eenheid;aantal;indiensttreding;email;initiatief";

/// Valid enterprise numbers.
pub const KBO_A: &str = "0403170701";
pub const KBO_B: &str = "0202239951";

/// Valid national numbers (the third one is of someone born in 2001).
pub const INSZ_A: &str = "85073003328";
pub const INSZ_B: &str = "90021412303";
pub const INSZ_C: &str = "01010112301";

/// A ledger file of its own for one command, in a folder that lives as long
/// as the test process: no test touches the user's data directory, and runs
/// that do not name a ledger do not see each other's.
pub fn fresh_ledger() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static ROOT: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let root = ROOT.get_or_init(|| tempfile::tempdir().expect("a temporary folder for ledgers"));
    root.path()
        .join(format!("ledger-{}.sqlite", NEXT.fetch_add(1, Ordering::SeqCst)))
}

/// The binary, with a clean environment for the settings it reads and a
/// fresh ledger (`VOV_LEDGER`; a test's own `--ledger` overrides it).
pub fn bin() -> Command {
    let mut cmd = Command::cargo_bin("vov-bulk").expect("the vov-bulk binary is built");
    cmd.env_remove("VOV_LANG")
        .env_remove("VOV_LOG")
        .env("NO_COLOR", "1")
        .env("VOV_LEDGER", fresh_ledger())
        .env("XDG_DATA_HOME", fresh_ledger().with_extension("data"));
    cmd
}

/// As [`bin`], a `std::process::Command` (for children that a test spawns,
/// kills or runs side by side).
pub fn bin_std() -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("vov-bulk"));
    cmd.env_remove("VOV_LANG")
        .env_remove("VOV_LOG")
        .env("NO_COLOR", "1")
        .env("VOV_LEDGER", fresh_ledger())
        .env("XDG_DATA_HOME", fresh_ledger().with_extension("data"));
    cmd
}

/// `vov-bulk check --as-of 2026-11-22 <inputs>`.
pub fn check<I, S>(inputs: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut cmd = bin();
    cmd.args(["check", "--as-of", AS_OF]).args(inputs);
    cmd
}

/// `vov-bulk prepare --as-of 2026-11-22 --out <out> <inputs>`.
pub fn prepare<I, S>(out: &Path, inputs: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut cmd = bin();
    cmd.args(["prepare", "--as-of", AS_OF, "--out"]).arg(out).args(inputs);
    cmd
}

/// Check digits `97 - (n mod 97)`, two digits.
fn check_digits(n: u64) -> String {
    format!("{:02}", 97 - n % 97)
}

/// A valid KBO number from its first 8 digits (the first must be 0 or 1).
pub fn kbo(first8: u64) -> String {
    assert!(first8 < 20_000_000, "a KBO number starts with 0 or 1");
    format!("{first8:08}{}", check_digits(first8))
}

/// A valid INSZ for a birth date (yy, mm, dd) and a 3-digit sequence number;
/// `born_2000s` selects the check of people born in 2000 or later.
pub fn insz(yy: u32, mm: u32, dd: u32, seq: u32, born_2000s: bool) -> String {
    let first9 = u64::from(yy) * 10_000_000 + u64::from(mm) * 100_000 + u64::from(dd) * 1_000 + u64::from(seq);
    let check_on = if born_2000s { 2_000_000_000 + first9 } else { first9 };
    format!("{first9:09}{}", check_digits(check_on))
}

/// The INSZ with a wrong check (the right one plus one, modulo 97, never equal).
pub fn bad_insz(valid: &str) -> String {
    let (first9, check) = valid.split_at(9);
    let check: u32 = check.parse().expect("two digits");
    let wrong = if check >= 97 { 1 } else { check + 1 };
    format!("{first9}{wrong:02}")
}

/// One input row in the canonical columns of [`HEADER`]; the default is a
/// row that is accepted with no diagnostic at all under `--as-of 2026-11-22`.
#[derive(Debug, Clone)]
pub struct Row {
    pub kbo: String,
    pub insz: String,
    pub naam: String,
    pub voornaam: String,
    pub odb: String,
    pub eenheid: String,
    pub aantal: String,
    pub start: String,
    pub end: String,
}

impl Default for Row {
    fn default() -> Row {
        Row {
            kbo: KBO_A.into(),
            insz: INSZ_A.into(),
            naam: "Peeters".into(),
            voornaam: "An".into(),
            odb: "ODB-0002141".into(),
            eenheid: "uren".into(),
            aantal: "40".into(),
            start: "01/10/2026".into(),
            end: "30/06/2027".into(),
        }
    }
}

impl Row {
    pub fn new() -> Row {
        Row::default()
    }

    /// The cells in [`HEADER`] order.
    pub fn cells(&self) -> [&str; 9] {
        [
            &self.kbo,
            &self.insz,
            &self.naam,
            &self.voornaam,
            &self.odb,
            &self.eenheid,
            &self.aantal,
            &self.start,
            &self.end,
        ]
    }

    pub fn line(&self, delimiter: char) -> String {
        self.cells().join(&delimiter.to_string())
    }

    /// A valid row that differs from every other `n` (distinct employee), so
    /// that no two such rows are duplicates (X301).
    pub fn nth(n: u32) -> Row {
        Row {
            insz: insz(80 + n / 300 % 20, 1 + n / 28 % 12, 1 + n % 28, 1 + n % 997, false),
            naam: format!("Naam{n}"),
            voornaam: format!("Voornaam{n}"),
            ..Row::default()
        }
    }
}

/// A `;` CSV text (LF line ends) with [`HEADER`] and the given rows.
pub fn csv_text(rows: &[Row]) -> String {
    let mut text = String::from(HEADER);
    text.push('\n');
    for row in rows {
        text.push_str(&row.line(';'));
        text.push('\n');
    }
    text
}

/// Writes `bytes` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write test input");
    path
}

/// Writes a CSV of the given rows to `dir/name`.
pub fn write_rows(dir: &Path, name: &str, rows: &[Row]) -> PathBuf {
    write(dir, name, csv_text(rows))
}

/// The marker a run leaves in `--out` (which run wrote it).
pub const MARKER: &str = ".vov-bulk-run.json";

/// The names in a directory, sorted, but for the run's marker ([`MARKER`]);
/// empty when it does not exist.
pub fn files_in(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .map(|e| e.expect("dir entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != MARKER)
        .collect();
    names.sort();
    names
}

/// A fatal run writes nothing: the output directory is absent or empty.
pub fn assert_nothing_written(dir: &Path) {
    let names = files_in(dir);
    assert!(
        names.is_empty(),
        "{} should be absent or empty, holds {names:?}",
        dir.display()
    );
}

pub fn read_text(path: &Path) -> String {
    String::from_utf8(std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display())))
        .unwrap_or_else(|e| panic!("{} is not UTF-8: {e}", path.display()))
}

pub fn read_json(path: &Path) -> Value {
    serde_json::from_str(&read_text(path)).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// The report.json of an output directory.
pub fn report(out: &Path) -> Value {
    read_json(&out.join("report.json"))
}

/// Parses stdout of a `--format json` run as exactly one JSON value.
pub fn stdout_json(output: &std::process::Output) -> Value {
    let text = String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("stdout is not one JSON value ({e}):\n{text}"))
}

pub fn stdout_text(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr_text(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Text with the box drawing of the human renderer removed and whitespace
/// collapsed, so that a message wrapped over lines can be searched.
pub fn flat(text: &str) -> String {
    text.replace(['│', '×', '╭', '╰', '─', '·', '┬'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses `;`-separated CSV bytes (a leading UTF-8 BOM is dropped) into
/// records, the header included.
pub fn parse_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_string).collect())
        .collect()
}

/// The records of a CSV output file, header first.
pub fn read_csv(path: &Path) -> Vec<Vec<String>> {
    parse_csv(&std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display())))
}

/// The column `name` of records whose first record is the header.
pub fn column(records: &[Vec<String>], name: &str) -> Vec<String> {
    let index = records[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {:?}", records[0]));
    records[1..].iter().map(|r| r[index].clone()).collect()
}

/// `(line, [codes])` of every row of a report, in report order.
pub fn report_rows(report: &Value) -> Vec<(u64, Vec<String>)> {
    report["rows"]
        .as_array()
        .expect("rows is an array")
        .iter()
        .map(|r| {
            let codes = r["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .map(|d| d["code"].as_str().expect("code").to_string())
                .collect();
            (r["line"].as_u64().expect("line"), codes)
        })
        .collect()
}

/// Lines of rows with `status` in a report.
pub fn lines_with_status(report: &Value, status: &str) -> Vec<u64> {
    report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["status"] == status)
        .map(|r| r["line"].as_u64().expect("line"))
        .collect()
}

/// `summary.<key>` as a number.
pub fn summary(report: &Value, key: &str) -> u64 {
    report["summary"][key]
        .as_u64()
        .unwrap_or_else(|| panic!("summary.{key} is not a number in {report}"))
}

/// The data lines of an upload (header excluded), each without its CRLF.
pub fn upload_lines(path: &Path) -> Vec<String> {
    let text = read_text(path);
    let mut lines: Vec<String> = text.split("\r\n").map(str::to_string).collect();
    assert_eq!(lines.pop().as_deref(), Some(""), "{} ends with CRLF", path.display());
    assert_eq!(lines.first().map(String::as_str), Some(UPLOAD_HEADER));
    lines.remove(0);
    lines
}

/// The upload file of an employer in an output directory.
pub fn upload_path(out: &Path, kbo: &str) -> PathBuf {
    out.join(format!("wse-vov_{kbo}.csv"))
}
