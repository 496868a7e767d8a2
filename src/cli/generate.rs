//! What the command line says about itself: the examples of `--help`, shell
//! completions, the manual page, and the checks of `template -o`.

use std::io::Write;
use std::path::Path;

use super::{eprint_masked, help, EXIT_FATAL, EXIT_OK};
use crate::lang::{tr, trf, Lang};

/// The examples under `vov-bulk --help` (the runs a new user needs first)
/// and under the help of `check` and `prepare`.
pub(super) fn examples(command: &str, lang: Lang) -> Option<&'static str> {
    Some(match command {
        "vov-bulk" => tr!(lang,
            nl: "\
Voorbeelden:
  vov-bulk check exports/payroll-november.csv
  vov-bulk prepare --out uploads/2026-11 exports/payroll-november.csv
  vov-bulk prepare --out uploads/2026-11 clients/     (een map: elk .csv- .xlsx- ... bestand erin)
  vov-bulk check --format json --no-ledger export.csv > report.json
  vov-bulk agenda --days 14
  vov-bulk completions bash > ~/.local/share/bash-completion/completions/vov-bulk
  vov-bulk man > vov-bulk.1",
            fr: "\
Exemples:
  vov-bulk check exports/payroll-november.csv
  vov-bulk prepare --out uploads/2026-11 exports/payroll-november.csv
  vov-bulk prepare --out uploads/2026-11 clients/     (un dossier: chaque fichier .csv .xlsx ... qu'il contient)
  vov-bulk check --format json --no-ledger export.csv > report.json
  vov-bulk agenda --days 14
  vov-bulk completions bash > ~/.local/share/bash-completion/completions/vov-bulk
  vov-bulk man > vov-bulk.1",
            en: "\
Examples:
  vov-bulk check exports/payroll-november.csv
  vov-bulk prepare --out uploads/2026-11 exports/payroll-november.csv
  vov-bulk prepare --out uploads/2026-11 clients/     (a folder: every .csv .xlsx ... file in it)
  vov-bulk check --format json --no-ledger export.csv > report.json
  vov-bulk agenda --days 14
  vov-bulk completions bash > ~/.local/share/bash-completion/completions/vov-bulk
  vov-bulk man > vov-bulk.1",
        ),
        "check" => tr!(lang,
            nl: "\
Voorbeelden:
  vov-bulk check exports/payroll-november.csv
  vov-bulk check clients/                       (een map: elk .csv- .xlsx- ... bestand erin)
  vov-bulk check --as-of 01/12/2026 clients/acme.xlsx
  vov-bulk check --format json --no-ledger export.csv > report.json
  payroll-export | vov-bulk check -",
            fr: "\
Exemples:
  vov-bulk check exports/payroll-november.csv
  vov-bulk check clients/                       (un dossier: chaque fichier .csv .xlsx ... qu'il contient)
  vov-bulk check --as-of 01/12/2026 clients/acme.xlsx
  vov-bulk check --format json --no-ledger export.csv > report.json
  payroll-export | vov-bulk check -",
            en: "\
Examples:
  vov-bulk check exports/payroll-november.csv
  vov-bulk check clients/                       (a folder: every .csv .xlsx ... file in it)
  vov-bulk check --as-of 01/12/2026 clients/acme.xlsx
  vov-bulk check --format json --no-ledger export.csv > report.json
  payroll-export | vov-bulk check -",
        ),
        "prepare" => tr!(lang,
            nl: "\
Voorbeelden:
  vov-bulk prepare --out uploads/2026-11 exports/payroll-november.csv
  vov-bulk prepare --out uploads/2026-11 clients/     (een map: elk .csv- .xlsx- ... bestand erin)
  vov-bulk prepare -q --format json --out uploads/2026-11 --replace exports/   (een nachtelijke taak)",
            fr: "\
Exemples:
  vov-bulk prepare --out uploads/2026-11 exports/payroll-november.csv
  vov-bulk prepare --out uploads/2026-11 clients/     (un dossier: chaque fichier .csv .xlsx ... qu'il contient)
  vov-bulk prepare -q --format json --out uploads/2026-11 --replace exports/   (une tâche de nuit)",
            en: "\
Examples:
  vov-bulk prepare --out uploads/2026-11 exports/payroll-november.csv
  vov-bulk prepare --out uploads/2026-11 clients/     (a folder: every .csv .xlsx ... file in it)
  vov-bulk prepare -q --format json --out uploads/2026-11 --replace exports/   (a nightly job)",
        ),
        _ => return None,
    })
}

/// `vov-bulk completions SHELL`: the completion script on stdout, its
/// descriptions in `lang`.
pub(super) fn completions(shell: clap_complete::Shell, lang: Lang) -> i32 {
    let mut command = help::command(lang, "vov-bulk");
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "vov-bulk", &mut script);
    write_stdout(&script)
}

/// `vov-bulk man`: the manual page as roff on stdout, its texts in `lang`
/// (the section names, such as NAME and SYNOPSIS, are clap_mangen's English).
pub(super) fn man(lang: Lang) -> i32 {
    let mut page = Vec::new();
    match clap_mangen::Man::new(help::command(lang, "vov-bulk")).render(&mut page) {
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
        eprint_masked(&trf!(lang,
            nl: "vov-bulk: {shown}: het bestand bestaat al; geef --force om het te overschrijven\n",
            fr: "vov-bulk: {shown}: le fichier existe déjà; donnez --force pour l'écraser\n",
            en: "vov-bulk: {shown}: the file already exists; give --force to overwrite it\n",
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
        Some(trf!(lang,
            nl: "waarschuwing: {shown} krijgt een rekenblad (--xlsx) maar eindigt niet op .xlsx",
            fr: "avertissement: {shown} reçoit une feuille de calcul (--xlsx) mais ne se termine pas par .xlsx",
            en: "warning: {shown} gets a spreadsheet (--xlsx) but does not end in .xlsx",
        ))
    } else if !xlsx && !matches!(extension.as_str(), "csv" | "txt") {
        Some(trf!(lang,
            nl: "waarschuwing: {shown} krijgt een CSV-bestand maar eindigt niet op .csv (geef --xlsx voor een rekenblad)",
            fr: "avertissement: {shown} reçoit un fichier CSV mais ne se termine pas par .csv (donnez --xlsx pour une feuille de calcul)",
            en: "warning: {shown} gets a CSV file but does not end in .csv (give --xlsx for a spreadsheet)",
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
        let french = extension_warning(Path::new("t.csv"), true, Lang::Fr).unwrap_or_default();
        assert_eq!(
            french,
            "avertissement: t.csv reçoit une feuille de calcul (--xlsx) mais ne se termine pas par .xlsx"
        );
    }

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        // clap's own checks of the definition (conflicts, requires, names).
        super::super::Cli::command().debug_assert();
    }

    #[test]
    fn the_examples_speak_the_chosen_language() {
        for (lang, heading) in [
            (Lang::Nl, "Voorbeelden:"),
            (Lang::Fr, "Exemples:"),
            (Lang::En, "Examples:"),
        ] {
            for command in ["vov-bulk", "check", "prepare"] {
                let examples = examples(command, lang).unwrap_or_default();
                assert!(examples.starts_with(heading), "{lang} {command}: {examples}");
            }
        }
        assert_eq!(examples("rules", Lang::Fr), None);
    }
}
