//! Snapshots of what users read, per rule (the `insta` crate): for every
//! code a small fixture `fixtures/rules/<CODE>.csv` (or `.xlsx`), whose
//! diagnostics in the JSON report and whose human report are snapshots, and
//! `explain` for every code in every language.
//!
//! After an intended change of a message or an explanation:
//!
//! ```text
//! INSTA_UPDATE=always cargo test --test rule_snapshots   # or: cargo insta review
//! ```
//!
//! then read the diff of `tests/snapshots/` before committing it.
//!
//! X306 and X307 need a ledger: `fixtures/rules/<CODE>.prepared.csv` is
//! prepared into a fresh ledger first, then the fixture is checked against it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::bin;
use serde_json::Value;

const AS_OF: &str = "2026-11-22";

/// Extra options a fixture needs to raise its code.
fn options_for(code: &str) -> &'static [&'static str] {
    match code {
        // The file is Windows-1252; read as UTF-8 it cannot be decoded.
        "F002" => &["--encoding", "utf-8"],
        "F007" => &["--sheet", "Nope"],
        // The merge is part of what X305 says (never across school years).
        "X305" => &["--merge-modules"],
        _ => &[],
    }
}

/// The submission date a fixture is checked on: AS_OF, but for X303, whose
/// boundary lies between the school years 2020-2021 (only one training's
/// rows combine) and 2021-2022 (all enrolments): on 15 September 2021 rows
/// of both are still in time.
fn as_of_for(code: &str) -> &'static str {
    match code {
        "X303" => "2021-09-15",
        _ => AS_OF,
    }
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every fixture of `fixtures/rules/` but the prepared ones, with its code.
fn fixtures() -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = std::fs::read_dir(manifest_dir().join("fixtures/rules"))
        .expect("fixtures/rules")
        .map(|entry| entry.expect("an entry").file_name().to_string_lossy().into_owned())
        .filter(|name| !name.contains(".prepared."))
        .map(|name| (name[..4].to_string(), format!("fixtures/rules/{name}")))
        .collect();
    found.sort();
    found
}

/// Runs vov-bulk in the project folder (relative paths keep the snapshots
/// free of temporary paths) with its own ledger in `ledger_dir`.
fn run(ledger_dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(manifest_dir())
        .env("VOV_LEDGER", ledger_dir.join("ledger.sqlite"))
        .args(args)
        .output()
        .expect("run vov-bulk")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

/// The rows of a JSON report as a reader would list them.
fn rows_listing(report: &Value) -> String {
    let mut out = String::new();
    for row in report["rows"].as_array().expect("rows") {
        out.push_str(&format!(
            "line {} {}\n",
            row["line"],
            row["status"].as_str().unwrap_or("?")
        ));
        for d in row["diagnostics"].as_array().expect("diagnostics") {
            out.push_str(&format!(
                "  {} {} {}={}: {}\n",
                d["code"].as_str().unwrap_or("?"),
                d["severity"].as_str().unwrap_or("?"),
                d["field"].as_str().unwrap_or("-"),
                d["value"].as_str().unwrap_or("-"),
                d["message"].as_str().unwrap_or("?"),
            ));
        }
    }
    out
}

/// The ledger a fixture is checked against: empty, or holding what its
/// `.prepared.csv` prepared.
fn ledger_for(code: &str) -> tempfile::TempDir {
    let ledger = tempfile::tempdir().expect("a folder for the ledger");
    let prepared = format!("fixtures/rules/{code}.prepared.csv");
    if manifest_dir().join(&prepared).exists() {
        let out = ledger.path().join("out");
        let output = run(
            ledger.path(),
            &[
                "prepare",
                "--as-of",
                AS_OF,
                "--out",
                out.to_str().expect("UTF-8 path"),
                &prepared,
            ],
        );
        assert_eq!(
            output.status.code(),
            Some(0),
            "preparing {prepared}: {}",
            text(&output.stderr)
        );
    }
    ledger
}

#[test]
fn every_fixture_raises_its_code_and_reads_as_the_snapshots_say() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 40, "a fixture per code: {fixtures:?}");
    for (code, path) in fixtures {
        let mut args = vec!["check", "--as-of", as_of_for(&code), "--no-progress"];
        args.extend_from_slice(options_for(&code));
        args.push(&path);

        // The earlier run's date is today's: it is redacted (ISO form, UTC,
        // as the ledger stamps a run; taken before and after, for midnight).
        let day = || chrono::Utc::now().format("%Y-%m-%d").to_string();
        let day_before = day();
        let ledger = ledger_for(&code);
        let mut json_args = args.clone();
        json_args.extend(["--format", "json"]);
        let json = run(ledger.path(), &json_args);
        let report: Value = serde_json::from_slice(&json.stdout).unwrap_or_else(|e| panic!("{path}: JSON: {e}"));
        let listing = match report.get("fatal") {
            Some(fatal) => {
                assert_eq!(fatal["code"], code.as_str(), "{path}");
                serde_json::to_string_pretty(fatal).expect("JSON")
            }
            None => {
                assert!(
                    report["summary"]["by_code"].get(&code).is_some(),
                    "{path} does not raise {code}: {}",
                    rows_listing(&report)
                );
                rows_listing(&report)
            }
        };
        // The earlier run's upload file is named by its path in the temporary folder.
        let tmp = ledger.path().display().to_string();
        let redact = |text: &str| {
            text.replace(&tmp, "<TMP>")
                .replace(&day_before, "<RUN DATE>")
                .replace(&day(), "<RUN DATE>")
        };
        insta::assert_snapshot!(format!("{code}_json"), redact(&listing));

        let human = run(ledger.path(), &args);
        // A fatal problem is reported on standard error, the rest on standard output.
        let shown = if human.status.code() == Some(2) {
            text(&human.stderr)
        } else {
            text(&human.stdout)
        };
        insta::assert_snapshot!(format!("{code}_human"), redact(&shown));
    }
}

#[test]
fn explain_every_code_in_every_language() {
    let ledger = tempfile::tempdir().expect("a folder for the ledger");
    let listing = text(&run(ledger.path(), &["rules"]).stdout);
    let is_code = |word: &&str| word.len() == 4 && word[1..].bytes().all(|b| b.is_ascii_digit());
    let codes: Vec<&str> = listing
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(is_code)
        .collect();
    assert!(codes.len() >= 47, "{listing}");
    for code in codes {
        for lang in ["nl", "fr", "en"] {
            let output = run(ledger.path(), &["explain", code, "--lang", lang]);
            assert_eq!(output.status.code(), Some(0), "explain {code} --lang {lang}");
            insta::assert_snapshot!(format!("explain_{code}_{lang}"), text(&output.stdout));
        }
    }
}

#[test]
fn rules_lists_every_code_in_every_language() {
    let ledger = tempfile::tempdir().expect("a folder for the ledger");
    for lang in ["nl", "fr", "en"] {
        insta::assert_snapshot!(
            format!("rules_{lang}"),
            text(&run(ledger.path(), &["rules", "--lang", lang]).stdout)
        );
    }
}

#[test]
fn the_language_comes_from_the_option_or_vov_lang_and_is_dutch_by_default() {
    let ledger = tempfile::tempdir().expect("a folder for the ledger");
    let explain = |args: &[&str], lang: Option<&str>| {
        let mut command = bin();
        command
            .current_dir(manifest_dir())
            .env("VOV_LEDGER", ledger.path().join("ledger.sqlite"));
        command.env_remove("VOV_LANG");
        if let Some(lang) = lang {
            command.env("VOV_LANG", lang);
        }
        text(&command.args(args).output().expect("run vov-bulk").stdout)
    };
    let dutch = explain(&["explain", "R204"], None);
    assert_eq!(dutch, explain(&["explain", "R204", "--lang", "nl"], None));
    insta::assert_snapshot!("explain_R204_nl", dutch);
    let english = explain(&["explain", "R204", "--lang", "en"], None);
    assert_eq!(english, explain(&["explain", "R204"], Some("en")));
    insta::assert_snapshot!("explain_R204_en", english);
    let french = explain(&["explain", "R204", "--lang", "fr"], None);
    assert_eq!(french, explain(&["explain", "R204"], Some("fr")));
    insta::assert_snapshot!("explain_R204_fr", french);
}
