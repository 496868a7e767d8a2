//! Golden files: the outputs of `prepare` on `fixtures/payroll-november.csv`
//! compared byte for byte with binary snapshots (`insta`) in
//! `tests/snapshots/golden__*`.
//!
//! After an intended change of the output:
//!
//! ```text
//! INSTA_UPDATE=always cargo test --test golden   # or: cargo insta review
//! ```
//!
//! then read the diff of `tests/snapshots/` before committing it: a golden
//! file is only worth something if a human checked it against the contract.
//!
//! The run happens in a temporary directory holding a copy of the fixture,
//! with relative paths (`fixtures/payroll-november.csv`, `--out out`), so
//! that the paths inside report.json and rejected.csv are stable. Should the
//! temporary directory's path ever appear in an output, it is replaced by
//! `<TMP>` before comparing.
//!
//! This file also checks the shape of the JSON report against the contract.

mod common;

use std::path::Path;

use common::*;
use serde_json::{Map, Value};

const FIXTURE: &str = "fixtures/payroll-november.csv";

/// The files `prepare` writes for the fixture, all compared.
const GOLDEN_FILES: [&str; 4] = [
    "wse-vov_0403170701.csv",
    "wse-vov_0202239951.csv",
    "rejected.csv",
    "report.json",
];

/// Runs prepare on a copy of the fixture in a fresh temporary directory;
/// returns the guard and the exit code.
fn run_fixture(extra: &[&str]) -> (tempfile::TempDir, i32) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("fixtures")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE),
        dir.path().join(FIXTURE),
    )
    .unwrap();
    let output = bin()
        .current_dir(dir.path())
        .args(["prepare", "--as-of", AS_OF, "--lang", "nl", "--out", "out", FIXTURE])
        // A ledger of its own, by a relative path, so that the report's bytes are stable.
        .args(["--ledger", "ledger.sqlite"])
        .args(extra)
        .output()
        .unwrap();
    (dir, output.status.code().expect("exit code"))
}

/// An output file with the temporary directory's path replaced.
fn normalised(dir: &Path, name: &str) -> Vec<u8> {
    let bytes = std::fs::read(dir.join("out").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    match String::from_utf8(bytes) {
        Ok(text) => text.replace(&dir.display().to_string(), "<TMP>").into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

#[test]
fn fixture_outputs_match_the_golden_files() {
    let (dir, code) = run_fixture(&[]);
    assert_eq!(code, 1, "the fixture has rejected rows");
    assert_eq!(
        files_in(&dir.path().join("out")),
        vec![
            "rejected.csv",
            "rejected.xlsx",
            "report.html",
            "report.json",
            "wse-vov_0202239951.csv",
            "wse-vov_0403170701.csv"
        ]
    );
    for name in GOLDEN_FILES {
        let actual = normalised(dir.path(), name);
        // Binary snapshots keep the bytes (CRLF, no BOM) that the contract fixes.
        insta::assert_binary_snapshot!(name, actual);
    }
}

// ---------------------------------------------------------------- report shape

/// Keys the contract requires at one level, and the extensions this
/// version adds beside them (anything else is an unreviewed change).
fn assert_keys(what: &str, value: &Value, required: &[&str], extensions: &[&str]) -> Map<String, Value> {
    let object = value
        .as_object()
        .unwrap_or_else(|| panic!("{what} is an object: {value}"));
    for key in required {
        assert!(object.contains_key(*key), "{what} has {key}: {value}");
    }
    for key in object.keys() {
        assert!(
            required.contains(&key.as_str()) || extensions.contains(&key.as_str()),
            "{what} has an unexpected key {key:?}"
        );
    }
    object.clone()
}

/// A decimal figure: a string with exactly two decimals.
fn assert_two_decimals(what: &str, value: &Value) {
    let text = value.as_str().unwrap_or_else(|| panic!("{what} is a string: {value}"));
    let (whole, decimals) = text
        .split_once('.')
        .unwrap_or_else(|| panic!("{what} has a decimal point: {text}"));
    assert!(
        !whole.is_empty() && whole.chars().all(|c| c.is_ascii_digit()),
        "{what}: {text}"
    );
    assert!(
        decimals.len() == 2 && decimals.chars().all(|c| c.is_ascii_digit()),
        "{what}: {text}"
    );
}

fn assert_report_shape(report: &Value) {
    let top = assert_keys(
        "report",
        report,
        &[
            "report_version",
            "tool",
            "as_of",
            "regulation",
            "inputs",
            "summary",
            "codes",
            "rows",
            "outputs",
        ],
        &["rejected_file", "notes", "ledger"],
    );
    assert_eq!(top["report_version"], 3);
    let regulation = assert_keys(
        "regulation",
        &top["regulation"],
        &["source", "sha256", "provisional_years", "school_years"],
        &["edition"],
    );
    assert!(regulation["source"].is_string());
    let sha256 = regulation["sha256"].as_str().expect("sha256 is a string");
    assert!(
        sha256.len() == 64 && sha256.chars().all(|c| c.is_ascii_hexdigit()),
        "{sha256}"
    );
    let provisional: Vec<&str> = regulation["provisional_years"]
        .as_array()
        .expect("provisional_years is an array")
        .iter()
        .map(|y| y.as_str().expect("a school year"))
        .collect();
    let mut sorted = provisional.clone();
    sorted.sort_unstable();
    assert_eq!(provisional, sorted, "in order");
    for year in regulation["school_years"].as_array().expect("school_years is an array") {
        let year = assert_keys(
            "regulation.school_years[]",
            year,
            &["school_year", "eur_per_hour", "provisional"],
            &[],
        );
        assert_two_decimals("regulation.school_years[].eur_per_hour", &year["eur_per_hour"]);
        assert_eq!(
            year["provisional"].as_bool().expect("provisional is a boolean"),
            provisional.contains(&year["school_year"].as_str().unwrap_or_default())
        );
    }
    if let Some(ledger) = top.get("ledger") {
        let ledger = assert_keys(
            "ledger",
            ledger,
            &[
                "path",
                "run",
                "new",
                "already_prepared",
                "changed",
                "released",
                "undetermined_runs",
            ],
            &[],
        );
        assert!(ledger["path"].is_string() && ledger["new"].is_u64() && ledger["changed"].is_u64());
        assert!(ledger["released"].is_u64() && ledger["undetermined_runs"].is_u64());
        assert!(ledger["run"].is_i64() || ledger["run"].is_null());
    }
    for (code, info) in top["codes"].as_object().expect("codes is an object") {
        let info = assert_keys(&format!("codes.{code}"), info, &["name", "severity", "help"], &[]);
        assert!(info["help"].as_str().is_some_and(|h| !h.is_empty()), "{code}");
    }
    assert_eq!(top["as_of"], AS_OF);
    let tool = assert_keys("tool", &top["tool"], &["name", "version"], &[]);
    assert_eq!(tool["name"], "vov-bulk");
    assert!(tool["version"].is_string());

    let inputs = top["inputs"].as_array().expect("inputs is an array");
    assert!(!inputs.is_empty());
    for input in inputs {
        let input = assert_keys(
            "inputs[]",
            input,
            &["path", "rows"],
            &["sheet", "encoding", "delimiter"],
        );
        assert!(input["path"].is_string() && input["rows"].is_u64());
    }

    let summary = assert_keys(
        "summary",
        &top["summary"],
        &[
            "rows",
            "accepted",
            "rejected",
            "already_prepared",
            "with_warnings",
            "by_code",
            "employers",
        ],
        &["total", "employees"],
    );
    let rows = summary["rows"].as_u64().unwrap();
    assert_eq!(
        rows,
        summary["accepted"].as_u64().unwrap()
            + summary["rejected"].as_u64().unwrap()
            + summary["already_prepared"].as_u64().unwrap()
    );
    assert_eq!(rows, inputs.iter().map(|i| i["rows"].as_u64().unwrap()).sum::<u64>());
    assert!(summary["with_warnings"].is_u64());
    for (code, count) in summary["by_code"].as_object().expect("by_code is an object") {
        assert!(
            code.len() == 4 && count.as_u64().unwrap() > 0,
            "by_code {code}: {count}"
        );
    }
    for employer in summary["employers"].as_array().expect("employers is an array") {
        let employer = assert_keys(
            "employers[]",
            employer,
            &[
                "kbo",
                "name",
                "accepted",
                "rejected",
                "already_prepared",
                "first_last_day",
                "vov_hours",
                "capped_hours",
                "estimated_reimbursement_eur",
                "estimate_provisional",
            ],
            &[],
        );
        assert!(employer["estimate_provisional"].is_boolean());
        assert!(employer["name"].is_string() || employer["name"].is_null());
        assert!(employer["first_last_day"].is_string() || employer["first_last_day"].is_null());
        let kbo = employer["kbo"].as_str().unwrap();
        assert!(kbo.len() == 10 && kbo.chars().all(|c| c.is_ascii_digit()), "{kbo}");
        assert!(employer["accepted"].is_u64() && employer["rejected"].is_u64());
        for key in ["vov_hours", "capped_hours", "estimated_reimbursement_eur"] {
            assert_two_decimals(&format!("employers[].{key}"), &employer[key]);
        }
    }
    if let Some(total) = summary.get("total") {
        let total = assert_keys(
            "summary.total",
            total,
            &[
                "vov_hours",
                "capped_hours",
                "estimated_reimbursement_eur",
                "estimate_provisional",
            ],
            &[],
        );
        assert!(total["estimate_provisional"].is_boolean());
        for (key, value) in total.iter().filter(|(key, _)| *key != "estimate_provisional") {
            assert_two_decimals(&format!("summary.total.{key}"), value);
        }
    }

    if let Some(employees) = summary.get("employees") {
        for employee in employees.as_array().expect("employees is an array") {
            let employee = assert_keys(
                "summary.employees[]",
                employee,
                &["employee", "vov_hours", "capped_hours", "estimated_reimbursement_eur"],
                &["name", "school_year"],
            );
            let masked = employee["employee"].as_str().expect("employee is a string");
            assert!(masked.ends_with("-xxx-xx"), "the INSZ is masked: {masked}");
            for key in ["vov_hours", "capped_hours", "estimated_reimbursement_eur"] {
                assert_two_decimals(&format!("summary.employees[].{key}"), &employee[key]);
            }
        }
    }

    let mut previous = None;
    for row in top["rows"].as_array().expect("rows is an array") {
        let row = assert_keys(
            "rows[]",
            row,
            &["input", "line", "origin", "status", "kbo", "diagnostics"],
            &["vov_hours", "last_day"],
        );
        assert!(row["origin"].is_string());
        if let Some(hours) = row.get("vov_hours") {
            assert_two_decimals("rows[].vov_hours", hours);
        }
        let position = (row["input"].as_u64().unwrap(), row["line"].as_u64().unwrap());
        assert!((position.0 as usize) < inputs.len(), "input indexes inputs");
        assert!(previous < Some(position), "rows in input order");
        previous = Some(position);
        assert!(["accepted", "rejected", "already_prepared"].contains(&row["status"].as_str().unwrap()));
        assert!(row["kbo"].is_string() || row["kbo"].is_null());
        let diagnostics = row["diagnostics"].as_array().expect("diagnostics is an array");
        assert!(!diagnostics.is_empty(), "only rows with a diagnostic are listed");
        for d in diagnostics {
            let d = assert_keys("diagnostics[]", d, &["code", "severity", "field", "message"], &[]);
            assert!(["error", "warning", "info"].contains(&d["severity"].as_str().unwrap()));
            assert!(d["field"].is_string() || d["field"].is_null());
            assert!(d["message"].is_string());
            // The help is given once per code.
            assert!(top["codes"][d["code"].as_str().unwrap()]["help"].is_string());
        }
    }

    for output in top["outputs"].as_array().expect("outputs is an array") {
        let output = assert_keys("outputs[]", output, &["path", "kbo", "rows"], &[]);
        assert!(output["path"].is_string() && output["kbo"].is_string() && output["rows"].is_u64());
    }
    if let Some(rejected) = top.get("rejected_file") {
        assert_keys("rejected_file", rejected, &["path", "rows"], &[]);
    }
    if let Some(notes) = top.get("notes") {
        for note in notes.as_array().expect("notes is an array") {
            assert_keys("notes[]", note, &["message"], &["input"]);
        }
    }
}

#[test]
fn report_has_the_contract_keys_at_every_level() {
    let (dir, _) = run_fixture(&[]);
    let report = read_json(&dir.path().join("out").join("report.json"));
    assert_report_shape(&report);
    assert_eq!(report["outputs"].as_array().unwrap().len(), 2);
    assert!(!report["rows"].as_array().unwrap().is_empty());
}

#[test]
fn check_json_report_has_the_same_shape_and_no_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    let output = check([&input])
        .current_dir(dir.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report = stdout_json(&output);
    assert_report_shape(&report);
    assert_eq!(report["outputs"], Value::Array(Vec::new()));
}

#[test]
fn fatal_json_has_the_contract_keys() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "leeg.csv", b"");
    let output = check([&input]).args(["--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let report = stdout_json(&output);
    let top = assert_keys(
        "fatal report",
        &report,
        &["report_version", "fatal"],
        &["tool", "as_of"],
    );
    assert_eq!(top["report_version"], 3);
    let fatal = assert_keys("fatal", &top["fatal"], &["code", "message"], &["file", "help"]);
    assert_eq!(fatal["code"], "F006");
}

#[test]
fn figures_add_up_over_employers() {
    let (dir, _) = run_fixture(&[]);
    let report = read_json(&dir.path().join("out").join("report.json"));
    let summary = &report["summary"];
    let employers = summary["employers"].as_array().unwrap();
    let sum = |key: &str| -> u64 { employers.iter().map(|e| e[key].as_u64().unwrap()).sum() };
    assert_eq!(sum("accepted"), summary["accepted"].as_u64().unwrap());
    assert_eq!(sum("rejected"), summary["rejected"].as_u64().unwrap());
    let cents_of = |value: &Value| -> i64 { value.as_str().unwrap().replace('.', "").parse().unwrap() };
    // Each school year's EUR per hour, as the report names them.
    let rates: std::collections::BTreeMap<&str, i64> = report["regulation"]["school_years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| (y["school_year"].as_str().unwrap(), cents_of(&y["eur_per_hour"])))
        .collect();
    // Capped hours x the rate, to the cent (rounded half away from zero).
    let assert_estimate = |what: &str, figures: &Value, rate: i64| {
        let exact = cents_of(&figures["capped_hours"]) * rate;
        let estimate = cents_of(&figures["estimated_reimbursement_eur"]) * 100;
        assert!((estimate - exact).abs() <= 50, "{what}: {figures} at {rate}");
    };
    for employee in summary["employees"].as_array().unwrap() {
        let rate = rates[employee["school_year"].as_str().unwrap()];
        assert_estimate("employee", employee, rate);
    }
    let one_rate = rates.values().min() == rates.values().max();
    for employer in employers {
        assert!(cents_of(&employer["capped_hours"]) <= cents_of(&employer["vov_hours"]));
        if let (true, Some(rate)) = (one_rate, rates.values().next()) {
            assert_estimate("employer", employer, *rate);
        }
    }
}
