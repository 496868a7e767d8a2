//! Nothing raw reaches a terminal (CONTRACT v3): the control characters of
//! cell values, file names, dossier numbers and reasons are shown escaped
//! (`\u{1b}`) on the terminal, in logs and in reports; `ledger import`
//! refuses a dossier number that is not `VG-VOV-` and digits.

mod common;

use std::path::Path;
use std::process::Output;

use common::*;

/// Clears the screen, retitles the window and turns the text red.
const EVIL: &str = "Evil\x1b[2J\x1b]0;pwned\x07\x1b[31m";

/// The control characters of [`EVIL`] and a few more a terminal acts on.
fn raw_control(text: &str) -> Option<char> {
    text.chars()
        .find(|c| (c.is_control() && !matches!(c, '\n' | '\t')) || matches!(c, '\u{202e}' | '\u{9b}'))
}

fn assert_nothing_raw(what: &str, text: &str) {
    if let Some(c) = raw_control(text) {
        panic!("{what} holds a raw {c:?}:\n{text:?}");
    }
}

fn outputs(output: &Output) -> [(String, String); 2] {
    [
        ("stdout".to_string(), stdout_text(output)),
        ("stderr".to_string(), stderr_text(output)),
    ]
}

const OVERVIEW_HEADER: &str =
    "Dossiernummer;Ondernemingsnummer;INSZ;Naam;Voornaam;ODB-nummer;Startdatum;Einddatum;Status;Berekend;Reden";

fn overview_line(dossier: &str, row: &Row, status: &str, reden: &str) -> String {
    format!(
        "{dossier};{};{};{};{};{};{};{};{status};;{reden}\r\n",
        row.kbo, row.insz, row.naam, row.voornaam, row.odb, row.start, row.end
    )
}

fn run(ledger: &Path, args: &[&str], lang: &str) -> Output {
    bin()
        .env("VOV_LANG", lang)
        .args(args)
        .arg("--ledger")
        .arg(ledger)
        .output()
        .unwrap()
}

#[test]
fn an_evil_name_value_and_file_name_are_shown_escaped_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let mut named = Row::nth(1);
    named.naam = EVIL.to_string();
    // A value a message quotes, and a header the report echoes.
    let mut quoted = Row::nth(2);
    quoted.aantal = format!("40{EVIL}");
    quoted.voornaam = "An\u{202e}gnp.exe\u{9b}2J".to_string();
    let mut text = format!("{HEADER};opmerking{EVIL}\n");
    for row in [&named, &quoted] {
        text.push_str(&row.line(';'));
        text.push_str(&format!(";{EVIL}\n"));
    }
    let input = write(dir.path(), &format!("export{EVIL}.csv"), text);
    let ledger = dir.path().join("ledger.sqlite");
    for lang in ["nl", "fr", "en"] {
        let checked = check([&input]).env("VOV_LANG", lang).arg("-vv").output().unwrap();
        for (what, text) in outputs(&checked) {
            assert_nothing_raw(&format!("check {lang} {what}"), &text);
        }
        let stdout = stdout_text(&checked);
        assert!(stdout.contains("\\u{1b}[2J"), "the escape is shown, escaped:\n{stdout}");
        let json = check([&input])
            .env("VOV_LANG", lang)
            .args(["--format", "json"])
            .output()
            .unwrap();
        for (what, text) in outputs(&json) {
            assert_nothing_raw(&format!("check --format json {lang} {what}"), &text);
        }
    }
    let out = dir.path().join("out");
    let prepared = prepare(&out, [&input])
        .arg("--ledger")
        .arg(&ledger)
        .arg("-v")
        .output()
        .unwrap();
    for (what, text) in outputs(&prepared) {
        assert_nothing_raw(&format!("prepare {what}"), &text);
    }
    for name in ["report.json", "report.html"] {
        let path = out.join(name);
        assert_nothing_raw(name, &read_text(&path));
    }
    let html = read_text(&out.join("report.html"));
    assert!(html.contains("\\u{1b}"), "report.html shows the escape");
    for args in [
        &["ledger", "list"][..],
        &["ledger", "list", "--format", "json"],
        &["agenda", "--as-of", "2026-12-20"],
        &["agenda", "--as-of", "2026-12-20", "--format", "json"],
    ] {
        let output = run(&ledger, args, "nl");
        for (what, text) in outputs(&output) {
            assert_nothing_raw(&format!("{args:?} {what}"), &text);
        }
    }
}

#[test]
fn a_fatal_error_on_an_evil_file_name_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), &format!("leeg{EVIL}.csv"), "");
    for format in ["human", "json"] {
        let output = check([&input]).args(["--format", format]).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
        for (what, text) in outputs(&output) {
            assert_nothing_raw(&format!("{format} {what}"), &text);
        }
    }
    let missing = dir.path().join(format!("weg{EVIL}.csv"));
    let output = check([&missing]).output().unwrap();
    for (what, text) in outputs(&output) {
        assert_nothing_raw(&format!("missing file {what}"), &text);
    }
}

#[test]
fn ledger_import_refuses_a_dossier_number_that_is_not_vg_vov_and_digits() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite");
    let row = Row::nth(1);
    let input = write_rows(dir.path(), "export.csv", std::slice::from_ref(&row));
    let out = dir.path().join("out");
    let prepared = prepare(&out, [&input]).arg("--ledger").arg(&ledger).output().unwrap();
    assert_eq!(prepared.status.code(), Some(0), "{}", stderr_text(&prepared));
    for bad in [
        "VG-VOV-0001\x1b[2J",
        "VG-VOV-",
        "vg-vov-0001",
        "VG-VOV-12a",
        "VG-VOV-0001 2",
    ] {
        let overview = write(
            dir.path(),
            "overzicht.csv",
            format!("{OVERVIEW_HEADER}\r\n{}", overview_line(bad, &row, "Goedgekeurd", "")),
        );
        for lang in ["nl", "fr", "en"] {
            let output = run(&ledger, &["ledger", "import", overview.to_str().unwrap()], lang);
            assert_eq!(
                output.status.code(),
                Some(2),
                "{bad:?} {lang}: {}",
                stdout_text(&output)
            );
            let stderr = stderr_text(&output);
            assert_nothing_raw("import stderr", &stderr);
            assert!(
                stderr.contains("overzicht.csv") && stderr.contains('2'),
                "names the line: {stderr}"
            );
            assert!(stderr.contains("VG-VOV-"), "says what a dossier number is: {stderr}");
        }
    }
    // Nothing was stored: the request has no dossier.
    let listed = run(&ledger, &["ledger", "list", "--format", "json"], "nl");
    let list: serde_json::Value = stdout_json(&listed);
    assert!(
        list.as_array().unwrap().iter().all(|r| r["dossier"].is_null()),
        "{list}"
    );
    // A good number with an evil reason: stored, shown escaped.
    let overview = write(
        dir.path(),
        "overzicht.csv",
        format!(
            "{OVERVIEW_HEADER}\r\n{}",
            overview_line("VG-VOV-000123", &row, "Geweigerd", EVIL)
        ),
    );
    let output = run(&ledger, &["ledger", "import", overview.to_str().unwrap()], "nl");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    for args in [
        &["ledger", "list"][..],
        &["ledger", "list", "--format", "json"],
        &["agenda", "--as-of", "2026-12-20"],
        &["agenda", "--as-of", "2026-12-20", "--format", "json"],
    ] {
        let output = run(&ledger, args, "nl");
        for (what, text) in outputs(&output) {
            assert_nothing_raw(&format!("{args:?} {what}"), &text);
        }
    }
    let listed = stdout_text(&run(&ledger, &["ledger", "list"], "nl"));
    assert!(listed.contains("VG-VOV-000123"), "{listed}");
}
