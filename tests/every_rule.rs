//! Every rule of the catalogue fires on the fixtures, with its severity, and
//! the accepted/rejected split follows from the severities.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

const AS_OF: &str = "2026-11-22";

fn vov(args: &[&str]) -> Output {
    let ledger = tempfile::tempdir().expect("a folder for the ledger");
    Command::cargo_bin("vov-bulk")
        .expect("binary")
        .env("VOV_LEDGER", ledger.path().join("ledger.sqlite"))
        .args(args)
        .output()
        .expect("run vov-bulk")
}

fn json_report(args: &[&str]) -> (Value, i32) {
    let output = vov(args);
    let report = serde_json::from_slice(&output.stdout).expect("stdout is one JSON object");
    (report, output.status.code().unwrap_or(-1))
}

/// `prepare --as-of AS_OF --format json --out OUT_DIR` followed by `rest`.
fn prepare_json<'a>(out_dir: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["prepare", "--as-of", AS_OF, "--format", "json", "--out", out_dir];
    args.extend_from_slice(rest);
    args
}

/// (code, severity) pairs the every-rule fixture must produce.
const EXPECTED: &[(&str, &str)] = &[
    ("F005", "error"),
    ("V101", "error"),
    ("V102", "error"),
    ("V103", "error"),
    ("V104", "error"),
    ("V105", "error"),
    ("V106", "error"),
    ("V107", "error"),
    ("V108", "error"),
    ("V109", "error"),
    ("V110", "error"),
    ("V111", "error"),
    ("V112", "error"),
    ("R201", "error"),
    ("R202", "error"),
    ("R203", "warning"),
    ("R204", "error"),
    ("R205", "error"),
    ("R206", "warning"),
    ("R207", "info"),
    ("R208", "error"),
    ("R208", "warning"),
    ("R209", "info"),
    ("R209", "error"),
    ("R210", "error"),
    ("R211", "info"),
    ("R212", "info"),
    ("R213", "info"),
    ("R213", "error"),
    ("R214", "error"),
    ("R215", "warning"),
    ("R216", "warning"),
    ("R217", "error"),
    ("R218", "error"),
    ("R219", "error"),
    ("R220", "error"),
    ("R221", "error"),
    ("R222", "error"),
    ("R222", "warning"),
    ("R223", "warning"),
    ("X301", "error"),
    ("X301", "warning"),
    ("X302", "warning"),
    ("X303", "info"),
    ("X304", "warning"),
    ("X305", "info"),
    ("X308", "info"),
];

#[test]
fn every_row_level_code_fires_with_its_severity() {
    let (report, code) = json_report(&["check", "--as-of", AS_OF, "--format", "json", "fixtures/every-rule.csv"]);
    assert_eq!(code, 1);
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for row in report["rows"].as_array().expect("rows") {
        for d in row["diagnostics"].as_array().expect("diagnostics") {
            seen.insert((
                d["code"].as_str().unwrap().into(),
                d["severity"].as_str().unwrap().into(),
            ));
        }
    }
    for (code, severity) in EXPECTED {
        assert!(
            seen.contains(&(code.to_string(), severity.to_string())),
            "{code} as {severity} not found; seen {seen:?}"
        );
    }
}

#[test]
fn status_follows_from_the_severities() {
    let (report, _) = json_report(&["check", "--as-of", AS_OF, "--format", "json", "fixtures/every-rule.csv"]);
    let summary = &report["summary"];
    let mut rejected_with_error = 0;
    for row in report["rows"].as_array().expect("rows") {
        let has_error = row["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["severity"] == "error");
        let expected = if has_error { "rejected" } else { "accepted" };
        assert_eq!(row["status"], expected, "line {}", row["line"]);
        if has_error {
            rejected_with_error += 1;
        }
    }
    assert_eq!(summary["rejected"].as_u64(), Some(rejected_with_error));
    assert_eq!(
        summary["rows"].as_u64(),
        Some(summary["accepted"].as_u64().unwrap() + summary["rejected"].as_u64().unwrap())
    );
}

#[test]
fn strict_also_rejects_the_rows_with_warnings() {
    let (report, code) = json_report(&[
        "check",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--strict",
        "fixtures/every-rule.csv",
    ]);
    assert_eq!(code, 1);
    for row in report["rows"].as_array().expect("rows") {
        let severities: Vec<&str> = row["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["severity"].as_str().unwrap())
            .collect();
        let rejected = severities.contains(&"error") || severities.contains(&"warning");
        assert_eq!(
            row["status"],
            if rejected { "rejected" } else { "accepted" },
            "line {}",
            row["line"]
        );
    }
}

/// Codes of `../shared/RULES.md` (revision 3) that no check implements yet, with the issue
/// that brings each. Each issue empties its part; a code leaves this list in the commit that
/// registers its check, and none is registered before.
const NOT_YET_IMPLEMENTED: &[(&str, &str)] = &[];

fn not_yet_implemented(code: &str) -> bool {
    NOT_YET_IMPLEMENTED.iter().any(|(c, _)| *c == code)
}

#[test]
fn codes_not_yet_implemented_are_catalogued_and_not_registered() {
    let listing = String::from_utf8(vov(&["rules"]).stdout).unwrap();
    let catalogue = std::fs::read_to_string("../shared/RULES.md").ok();
    for (code, issue) in NOT_YET_IMPLEMENTED {
        assert!(
            !listing.lines().any(|l| l.starts_with(code)),
            "{code} is registered: take it off NOT_YET_IMPLEMENTED ({issue})"
        );
        if let Some(catalogue) = &catalogue {
            assert!(
                catalogue.contains(&format!("| {code} |")),
                "{code} is not in ../shared/RULES.md: drop it from NOT_YET_IMPLEMENTED"
            );
        }
    }
}

#[test]
fn every_catalogue_code_is_known_to_rules_and_explain() {
    let output = vov(&["rules"]);
    let listing = String::from_utf8(output.stdout).unwrap();
    let catalogue = std::fs::read_to_string("../shared/RULES.md").ok();
    let mut codes: BTreeSet<String> = EXPECTED.iter().map(|(c, _)| c.to_string()).collect();
    codes.extend(["F001", "F002", "F003", "F004", "F006", "F007"].map(String::from));
    if let Some(catalogue) = catalogue {
        // Every code in the catalogue's tables, where the catalogue is beside the project.
        for line in catalogue.lines().filter(|l| l.starts_with("| ")) {
            let cell = line.trim_start_matches("| ").split(' ').next().unwrap_or("");
            if cell.len() == 4
                && cell[1..].chars().all(|c| c.is_ascii_digit())
                && "FVRX".contains(&cell[..1])
                && !not_yet_implemented(cell)
            {
                codes.insert(cell.to_string());
            }
        }
    }
    for code in &codes {
        assert!(
            listing.lines().any(|l| l.starts_with(code.as_str())),
            "{code} missing from `vov-bulk rules`"
        );
        for lang in ["nl", "en"] {
            let explained = vov(&["explain", code, "--lang", lang]);
            assert_eq!(explained.status.code(), Some(0), "explain {code} --lang {lang}");
            let text = String::from_utf8(explained.stdout).unwrap();
            assert!(text.len() > 300, "explain {code} --lang {lang} is too short: {text}");
        }
    }
}

#[test]
fn merge_modules_writes_one_request_for_the_modules() {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("out");
    let (plain, _) = json_report(&prepare_json(out_dir.to_str().unwrap(), &["fixtures/every-rule.csv"]));
    let plain_upload = std::fs::read_to_string(out_dir.join("wse-vov_0403170701.csv")).unwrap();
    assert!(plain_upload.contains(";ODB-Z00777-001;") && plain_upload.contains(";ODB-Z00777-002;"));

    let merged_dir = out.path().join("merged");
    let (merged, _) = json_report(&prepare_json(
        merged_dir.to_str().unwrap(),
        &["--merge-modules", "fixtures/every-rule.csv"],
    ));
    let upload = std::fs::read_to_string(merged_dir.join("wse-vov_0403170701.csv")).unwrap();
    assert!(!upload.contains("ODB-Z00777-00"));
    let merged_line = upload
        .lines()
        .find(|l| l.contains(";ODB-Z00777;"))
        .expect("merged request");
    assert!(
        merged_line.contains(";01/10/2026;30/06/2027;uren;100;"),
        "{merged_line}"
    );
    // Rows are still counted one by one; the upload holds one record fewer.
    assert_eq!(plain["summary"], merged["summary"]);
    let records = |r: &Value| {
        r["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["kbo"] == "0403170701")
            .and_then(|o| o["rows"].as_u64())
            .unwrap()
    };
    assert_eq!(records(&merged) + 1, records(&plain));
}

fn fatal(args: &[&str]) -> (String, String) {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("out");
    let output = vov(&prepare_json(out_dir.to_str().unwrap(), args));
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    assert!(!out_dir.exists(), "a fatal error must write nothing");
    let report: Value = serde_json::from_slice(&output.stdout).expect("fatal JSON");
    (
        report["fatal"]["code"].as_str().unwrap().to_string(),
        report["fatal"]["message"].as_str().unwrap().to_string(),
    )
}

#[test]
fn every_fatal_code_on_its_broken_fixture() {
    let mut codes: BTreeMap<&str, String> = BTreeMap::new();
    let (code, message) = fatal(&["fixtures/broken/not-a-workbook.xlsx"]);
    assert_eq!(code, "F001");
    codes.insert("F001", message);
    let (code, message) = fatal(&["--encoding", "utf-8", "fixtures/broken/windows-1252.csv"]);
    assert_eq!(code, "F002");
    assert!(message.contains('2'), "names the line: {message}");
    codes.insert("F002", message);
    let (code, message) = fatal(&["fixtures/broken/missing-column.csv"]);
    assert_eq!(code, "F003");
    assert!(
        message.contains("odb_nummer") && message.contains("'Opleidingscode'"),
        "{message}"
    );
    codes.insert("F003", message);
    let (code, message) = fatal(&["fixtures/broken/ambiguous-column.csv"]);
    assert_eq!(code, "F004");
    codes.insert("F004", message);
    let (code, message) = fatal(&["fixtures/broken/header-only.csv"]);
    assert_eq!(code, "F006");
    codes.insert("F006", message);
    let dir = tempfile::tempdir().unwrap();
    let workbook = dir.path().join("template.xlsx");
    let made = vov(&["template", "--xlsx", "-o", workbook.to_str().unwrap()]);
    assert_eq!(made.status.code(), Some(0));
    let (code, message) = fatal(&["--sheet", "Nope", workbook.to_str().unwrap()]);
    assert_eq!(code, "F007");
    assert!(message.contains("'VOV'"), "lists the sheets: {message}");
    codes.insert("F007", message);
    assert_eq!(codes.len(), 6);
}

#[test]
fn windows_1252_fixture_reads_without_override() {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("out");
    let output = vov(&[
        "prepare",
        "--as-of",
        AS_OF,
        "--out",
        out_dir.to_str().unwrap(),
        "fixtures/broken/windows-1252.csv",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let upload = std::fs::read_to_string(out_dir.join("wse-vov_0403170701.csv")).unwrap();
    assert!(upload.contains(";Müller;André;"), "{upload}");
}
