//! The regulation as data (CONTRACT v3): `vov-bulk regulation`, a user's
//! table through `--regulation` / `VOV_REGULATION` that changes the run's
//! figures, and a broken table that stops the run before anything is read
//! or written.

mod common;

use std::path::{Path, PathBuf};

use common::{bin, Row};
use serde_json::Value;

const BUILT_IN: &str = include_str!("../regulation/school-years.toml");

fn stdout(cmd: &mut assert_cmd::Command) -> (String, i32) {
    let output = cmd.output().expect("runs");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

/// The built-in table with `from` replaced by `to`, written to `dir`.
fn edited_table(dir: &Path, from: &str, to: &str) -> PathBuf {
    assert!(BUILT_IN.contains(from), "the table holds {from:?}");
    let path = dir.join("vov-regulation.toml");
    std::fs::write(&path, BUILT_IN.replacen(from, to, 1)).expect("written");
    path
}

/// One row of 40 hours starting on `start` (dd/mm/yyyy), ending on `end`.
fn row(start: &str, end: &str) -> Row {
    let mut row = Row::new();
    row.aantal = "40".into();
    row.start = start.into();
    row.end = end.into();
    row
}

/// The day the tests of 2025-2026 submit on: within three months of a start
/// on 1 October 2025.
const AS_OF_2025: &str = "2025-11-01";

/// `check --as-of AS_OF_2025 <inputs>`.
fn check<I: AsRef<std::ffi::OsStr>>(inputs: impl IntoIterator<Item = I>) -> assert_cmd::Command {
    let mut cmd = bin();
    cmd.args(["check", "--as-of", AS_OF_2025]).args(inputs);
    cmd
}

/// `prepare --as-of AS_OF_2025 --out <out> <inputs>`.
fn prepare<I: AsRef<std::ffi::OsStr>>(out: &Path, inputs: impl IntoIterator<Item = I>) -> assert_cmd::Command {
    let mut cmd = bin();
    cmd.args(["prepare", "--as-of", AS_OF_2025, "--out"])
        .arg(out)
        .args(inputs);
    cmd
}

fn input(dir: &Path, rows: &[Row]) -> PathBuf {
    common::write(dir, "export.csv", common::csv_text(rows))
}

#[test]
fn the_template_is_the_shipped_file_byte_for_byte() {
    let (text, code) = stdout(bin().args(["regulation", "--template"]));
    assert_eq!(code, 0);
    assert_eq!(text, BUILT_IN);
}

#[test]
fn the_table_is_shown_with_its_status_and_sources_in_three_languages() {
    let (nl, code) = stdout(bin().args(["regulation"]));
    assert_eq!(code, 0);
    for year in ["2019-2020", "2024-2025", "2025-2026  bevestigd", "2026-2027  voorlopig"] {
        assert!(nl.contains(year), "{year} in {nl}");
    }
    assert!(
        nl.contains("14,91") && nl.contains("21,30") && nl.contains("Acerta"),
        "{nl}"
    );
    let (fr, _) = stdout(bin().args(["regulation", "--lang", "fr", "--year", "2026-2027"]));
    assert!(
        fr.contains("2026-2027  provisoire") && fr.contains("TWP minimum (R208)"),
        "{fr}"
    );
    assert!(!fr.contains("2025-2026  confirmé"), "one year only: {fr}");
    let (en, _) = stdout(bin().args(["regulation", "--lang", "en", "--year", "2024"]));
    assert!(
        en.contains("2024-2025  confirmed") && en.contains("EUR per approved hour"),
        "{en}"
    );
}

#[test]
fn the_json_table_is_a_list_of_school_years() {
    let (text, code) = stdout(bin().args(["regulation", "--format", "json"]));
    assert_eq!(code, 0);
    let list: Value = serde_json::from_str(&text).expect("JSON");
    let years = list.as_array().expect("a list");
    assert_eq!(years.len(), 8);
    let year_2025 = &years[6];
    assert_eq!(year_2025["school_year"], "2025-2026");
    assert_eq!(year_2025["eur_per_hour"], "14.91");
    assert_eq!(year_2025["minimum_twp"], "80");
    assert_eq!(year_2025["minimum_weekly_hours"], "28");
    assert_eq!(years[7]["status"], "provisional");
    assert_eq!(years[5]["eur_per_hour"], "21.30");
    assert_eq!(years[5]["shared_initiative"], true);
}

#[test]
fn a_year_that_is_not_one_is_refused() {
    let output = bin()
        .args(["regulation", "--year", "2018-2019"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("2019-2020"));
}

#[test]
fn a_users_table_changes_the_figures_of_the_run() {
    let dir = tempfile::tempdir().expect("a folder");
    let export = input(dir.path(), &[row("01/10/2025", "30/06/2026")]);
    let estimate = |report: &Value| report["summary"]["employers"][0]["estimated_reimbursement_eur"].clone();
    let (built_in, _) = stdout(check([&export]).args(["--format", "json"]));
    let built_in: Value = serde_json::from_str(&built_in).expect("JSON");
    assert_eq!(estimate(&built_in), "596.40", "40 h x EUR 14.91");

    // The rate of 2025-2026 as a secretariat would correct it.
    let table = edited_table(dir.path(), "eur_per_hour = \"14.91\"", "eur_per_hour = \"15.00\"");
    let (by_flag, code) = stdout(check([&export]).args(["--format", "json", "--regulation"]).arg(&table));
    assert_eq!(code, 0, "{by_flag}");
    let by_flag: Value = serde_json::from_str(&by_flag).expect("JSON");
    assert_eq!(estimate(&by_flag), "600.00");
    let (by_env, _) = stdout(
        check([&export])
            .args(["--format", "json"])
            .env("VOV_REGULATION", &table),
    );
    let by_env: Value = serde_json::from_str(&by_env).expect("JSON");
    assert_eq!(estimate(&by_env), "600.00");
    // `regulation` shows the table in force.
    let (shown, _) = stdout(
        bin()
            .args(["regulation", "--year", "2025-2026", "--regulation"])
            .arg(&table),
    );
    assert!(
        shown.contains("15,00") && shown.contains("vov-regulation.toml"),
        "{shown}"
    );
}

#[test]
fn a_broken_table_stops_the_run_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("a folder");
    let export = input(dir.path(), &[row("01/10/2025", "30/06/2026")]);
    let table = edited_table(dir.path(), "minimum_twp = \"80\"", "minimum_twp = \"800\"");
    let line = BUILT_IN[..BUILT_IN.find("minimum_twp = \"80\"").expect("there")]
        .lines()
        .count()
        + 1;
    let out = dir.path().join("out");
    let output = prepare(&out, [&export])
        .args(["--format", "json", "--lang", "en", "--regulation"])
        .arg(&table)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(!out.exists(), "nothing written");
    let report: Value = serde_json::from_slice(&output.stdout).expect("a fatal JSON report");
    assert_eq!(report["fatal"]["code"], "regulation");
    assert_eq!(report["fatal"]["file"], table.display().to_string());
    assert_eq!(
        report["fatal"]["message"],
        format!("line {line}: minimum_twp = 800 is out of range: expected from 0 to 100")
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("vov-regulation.toml: line"), "{stderr}");

    // A missing file, and a gap in the years, the same way; the ledger untouched.
    let ledger = dir.path().join("ledger.sqlite");
    let missing = prepare(&out, [&export])
        .args(["--regulation", "nope.toml", "--ledger"])
        .arg(&ledger)
        .output()
        .expect("runs");
    assert_eq!(missing.status.code(), Some(2));
    assert!(!out.exists() && !ledger.exists());
    let gap = edited_table(dir.path(), "year = \"2022-2023\"", "year = \"2023-2024\"");
    let refused = check([&export]).env("VOV_REGULATION", &gap).output().expect("runs");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("2022-2023"));
}

#[test]
fn commands_that_use_no_figures_ignore_a_broken_table() {
    let dir = tempfile::tempdir().expect("a folder");
    let table = edited_table(dir.path(), "status = \"provisional\"", "status = \"misschien\"");
    let output = bin()
        .args(["rules"])
        .env("VOV_REGULATION", &table)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let explained = bin()
        .args(["explain", "R208"])
        .env("VOV_REGULATION", &table)
        .output()
        .expect("runs");
    assert_eq!(
        explained.status.code(),
        Some(2),
        "explain shows figures: it reads the table"
    );
}

#[test]
fn explain_names_each_years_figures_and_sources() {
    for code in ["R208", "R222", "R223", "X302", "X303", "X308"] {
        for (lang, heading, provisional) in [
            ("nl", "Cijfers: Per schooljaar", "voorlopig"),
            ("fr", "Chiffres: Par année scolaire", "provisoire"),
            ("en", "Figures: By school year", "provisional"),
        ] {
            let (text, code_) = stdout(bin().args(["explain", code, "--lang", lang]));
            assert_eq!(code_, 0);
            assert!(text.contains(heading), "{code} {lang}: {text}");
            assert!(
                text.contains("2025-2026") && text.contains(provisional),
                "{code} {lang}: {text}"
            );
        }
    }
    let (r208, _) = stdout(bin().args(["explain", "R208", "--lang", "en"]));
    assert!(
        r208.contains("2024-2025: 50%") && r208.contains("2025-2026: 80%"),
        "{r208}"
    );
    assert!(r208.contains("Flemish Government, 25 April 2025"), "{r208}");
    // A rule that reads no figure of the table has no such block.
    let (r204, _) = stdout(bin().args(["explain", "R201", "--lang", "en"]));
    assert!(!r204.contains("By school year"), "{r204}");

    // The table in force: a user's confirmed 2026-2027 at 70 %.
    let dir = tempfile::tempdir().expect("a folder");
    let text = BUILT_IN.replacen(
        "year = \"2026-2027\"\nstatus = \"provisional\"",
        "year = \"2026-2027\"\nstatus = \"confirmed\"",
        1,
    );
    let at = text.find("year = \"2026-2027\"").expect("there");
    let (head, tail) = text.split_at(at);
    let table = dir.path().join("mine.toml");
    std::fs::write(
        &table,
        format!(
            "{head}{}",
            tail.replacen("minimum_twp = \"80\"", "minimum_twp = \"70\"", 1)
        ),
    )
    .expect("written");
    let (mine, code) = stdout(
        bin()
            .args(["explain", "R208", "--lang", "en", "--regulation"])
            .arg(&table),
    );
    assert_eq!(code, 0);
    assert!(mine.contains("2026-2027: 70%") && mine.contains("mine.toml"), "{mine}");
}
