//! What the command line says about itself: the examples of `--help`, shell
//! completions, the manual page, and the checks of `template -o`.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;

use super::{eprint_masked, Cli, EXIT_FATAL, EXIT_OK};
use crate::lang::Lang;

/// The examples under `vov-bulk --help`: the runs a new user needs first.
pub(super) const EXAMPLES: &str = "\
Examples:
  vov-bulk check exports/payroll-november.csv
  vov-bulk prepare --out uploads/2026-11 exports/payroll-november.csv
  vov-bulk prepare --out uploads/2026-11 clients/     (a folder: every .csv .xlsx ... file in it)
  vov-bulk check --format json --no-ledger export.csv > report.json
  vov-bulk agenda --days 14
  vov-bulk completions bash > ~/.local/share/bash-completion/completions/vov-bulk
  vov-bulk man > vov-bulk.1";

/// The examples under `vov-bulk check --help`.
pub(super) const CHECK_EXAMPLES: &str = "\
Examples:
  vov-bulk check exports/payroll-november.csv
  vov-bulk check clients/                       (a folder: every .csv .xlsx ... file in it)
  vov-bulk check --as-of 01/12/2026 clients/acme.xlsx
  vov-bulk check --format json --no-ledger export.csv > report.json
  payroll-export | vov-bulk check -";

/// The examples under `vov-bulk prepare --help`.
pub(super) const PREPARE_EXAMPLES: &str = "\
Examples:
  vov-bulk prepare --out uploads/2026-11 exports/payroll-november.csv
  vov-bulk prepare --out uploads/2026-11 clients/     (a folder: every .csv .xlsx ... file in it)
  vov-bulk prepare -q --format json --out uploads/2026-11 --replace exports/   (a nightly job)";

/// `vov-bulk completions SHELL`: the completion script on stdout.
pub(super) fn completions(shell: clap_complete::Shell) -> i32 {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "vov-bulk", &mut script);
    write_stdout(&script)
}

/// `vov-bulk man`: the manual page as roff on stdout.
pub(super) fn man() -> i32 {
    let mut page = Vec::new();
    match clap_mangen::Man::new(Cli::command()).render(&mut page) {
        Ok(()) => write_stdout(&page),
        // Rendering writes into memory: it cannot fail but for a bug.
        Err(e) => {
            eprint_masked(&format!("vov-bulk: man: {e}\n"));
            EXIT_FATAL
        }
    }
}

fn write_stdout(bytes: &[u8]) -> i32 {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = stdout.write_all(bytes);
    let _ = stdout.flush();
    EXIT_OK
}

/// Checks `template -o PATH` before anything is written: `Some(exit code)`
/// when it is refused (an existing file without `--force`), and a warning
/// (unless `quiet`) when the extension does not fit the format, as the file
/// would then open in the wrong program or not at all.
pub(super) fn template_target(path: &Path, xlsx: bool, force: bool, lang: Lang, quiet: bool) -> Option<i32> {
    let shown = path.display();
    // `symlink_metadata`: a dangling link is an existing name too.
    if !force && std::fs::symlink_metadata(path).is_ok() {
        eprint_masked(&lang.pick_fmt(
            format_args!("vov-bulk: {shown}: het bestand bestaat al; geef --force om het te overschrijven\n"),
            format_args!("vov-bulk: {shown}: the file already exists; give --force to overwrite it\n"),
        ));
        return Some(EXIT_FATAL);
    }
    if !quiet {
        if let Some(warning) = extension_warning(path, xlsx, lang) {
            eprint_masked(&format!("vov-bulk: {warning}\n"));
        }
    }
    None
}

/// Why `path`'s extension does not fit the template's format, if it does not.
fn extension_warning(path: &Path, xlsx: bool, lang: Lang) -> Option<String> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let shown = path.display();
    if xlsx && extension != "xlsx" {
        Some(lang.pick_fmt(
            format_args!("waarschuwing: {shown} krijgt een rekenblad (--xlsx) maar eindigt niet op .xlsx"),
            format_args!("warning: {shown} gets a spreadsheet (--xlsx) but does not end in .xlsx"),
        ))
    } else if !xlsx && !matches!(extension.as_str(), "csv" | "txt") {
        Some(lang.pick_fmt(
            format_args!(
                "waarschuwing: {shown} krijgt een CSV-bestand maar eindigt niet op .csv (geef --xlsx voor een rekenblad)"
            ),
            format_args!("warning: {shown} gets a CSV file but does not end in .csv (give --xlsx for a spreadsheet)"),
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_must_fit_the_format() {
        assert_eq!(extension_warning(Path::new("t.csv"), false, Lang::En), None);
        assert_eq!(extension_warning(Path::new("T.CSV"), false, Lang::En), None);
        assert_eq!(extension_warning(Path::new("t.xlsx"), true, Lang::En), None);
        let csv_as_xlsx = extension_warning(Path::new("t.xlsx"), false, Lang::En).unwrap_or_default();
        assert!(csv_as_xlsx.contains("--xlsx"), "{csv_as_xlsx}");
        let xlsx_as_csv = extension_warning(Path::new("t.csv"), true, Lang::Nl).unwrap_or_default();
        assert!(xlsx_as_csv.contains(".xlsx"), "{xlsx_as_csv}");
        assert!(extension_warning(Path::new("template"), true, Lang::En).is_some());
    }

    #[test]
    fn the_command_line_is_consistent() {
        // clap's own checks of the definition (conflicts, requires, names).
        Cli::command().debug_assert();
    }
}
