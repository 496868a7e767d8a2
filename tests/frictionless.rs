//! Conformance of the upload files with their published schema, checked by an
//! independent Table Schema implementation: the Python `frictionless` package
//! (v5) validates every `wse-vov_*.csv` that `prepare` writes against
//! `schemas/wse-upload.schema.json` and `schemas/wse-upload.dialect.json`.
//!
//! Negative controls prove the check can fail: an upload with an ISO date, and
//! one with `,` as delimiter, must both be refused.
//!
//! Without `frictionless` the test is skipped with a message, except under CI
//! (the `CI` variable set), where it fails: `.ci/run` installs the package.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use serde_json::Value;

/// Validates each file given after the schema and dialect paths; prints one
/// JSON object per file: `{"path", "valid", "errors": [{"type", "field", "row", "message"}]}`.
const VALIDATE_PY: &str = r#"
import json, os, sys
from frictionless import Dialect, Resource, Schema

# Loaded as dicts: frictionless treats a descriptor path outside the data's
# base path as unsafe.
with open(sys.argv[1], encoding="utf-8") as f:
    schema = Schema.from_descriptor(json.load(f))
with open(sys.argv[2], encoding="utf-8") as f:
    dialect = Dialect.from_descriptor(json.load(f))
for path in sys.argv[3:]:
    resource = Resource(
        path=os.path.basename(path),
        basepath=os.path.dirname(path),
        schema=schema,
        dialect=dialect,
        format="csv",
        encoding="utf-8",
    )
    report = resource.validate()
    errors = [
        {
            "type": e.type,
            "field": getattr(e, "field_name", None),
            "row": getattr(e, "row_number", None),
            "message": e.message,
        }
        for task in report.tasks
        for e in task.errors
    ] + [{"type": e.type, "field": None, "row": None, "message": e.message} for e in report.errors]
    print(json.dumps({"path": path, "valid": report.valid, "errors": errors}))
"#;

fn schemas_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas")
}

/// Whether `python3 -c 'import frictionless'` works. Under CI a missing
/// package is a failure; elsewhere the caller skips.
fn frictionless_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import frictionless"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but the Python package 'frictionless' is not importable: \
             .ci/run must install it (python3 -m pip install 'frictionless>=5,<6')"
        );
        eprintln!(
            "SKIPPED: the Python package 'frictionless' is not installed; \
             install it with: python3 -m pip install 'frictionless>=5,<6'"
        );
    }
    ok
}

/// Runs frictionless on `files` with the built-in upload schema and dialect.
fn validate(files: &[PathBuf]) -> Vec<Value> {
    let schemas = schemas_dir();
    validate_with(
        &schemas.join("wse-upload.schema.json"),
        &schemas.join("wse-upload.dialect.json"),
        files,
    )
}

/// Runs frictionless on `files` with the given schema and dialect.
fn validate_with(schema: &Path, dialect: &Path, files: &[PathBuf]) -> Vec<Value> {
    let output = Command::new("python3")
        .args(["-c", VALIDATE_PY])
        .arg(schema)
        .arg(dialect)
        .args(files)
        .output()
        .expect("run python3");
    assert!(
        output.status.success(),
        "the frictionless script failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert_eq!(results.len(), files.len(), "one result per file");
    results
}

/// The upload files `prepare` writes for the sample payroll export.
fn sample_uploads(out: &Path) -> Vec<PathBuf> {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/payroll-november.csv");
    let output = prepare(out, [&fixture]).output().expect("run prepare");
    // The sample has deliberate defects: exit 1, the accepted rows written.
    assert_eq!(output.status.code(), Some(1), "{}", stderr_text(&output));
    let uploads: Vec<PathBuf> = files_in(out)
        .into_iter()
        .filter(|n| n.starts_with("wse-vov_") && n.ends_with(".csv"))
        .map(|n| out.join(n))
        .collect();
    assert!(uploads.len() >= 2, "uploads written: {uploads:?}");
    uploads
}

#[test]
fn every_upload_of_the_sample_conforms_to_the_published_schema() {
    if !frictionless_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let uploads = sample_uploads(&out);
    for result in validate(&uploads) {
        assert_eq!(result["valid"], true, "frictionless refuses an upload: {result:#}");
        assert_eq!(result["errors"], serde_json::json!([]), "{result:#}");
    }

    // Negative control 1: an ISO date in a dd/mm/yyyy column must fail.
    let good = std::fs::read_to_string(&uploads[0]).unwrap();
    let mut lines: Vec<String> = good.split("\r\n").map(str::to_string).collect();
    let mut cells: Vec<String> = lines[1].split(';').map(str::to_string).collect();
    let start = lines[0]
        .split(';')
        .position(|h| h == "startdatum")
        .expect("startdatum column");
    let (d, m, y) = (&cells[start][0..2], &cells[start][3..5], &cells[start][6..10]);
    cells[start] = format!("{y}-{m}-{d}");
    lines[1] = cells.join(";");
    let bad_date = write(dir.path(), "bad-date.csv", lines.join("\r\n"));

    // Negative control 2: the same records with `,` as delimiter must fail:
    // the dialect is really applied, not guessed.
    let commas = write(dir.path(), "commas.csv", good.replace(';', ","));

    let results = validate(&[bad_date, commas]);
    assert_eq!(results[0]["valid"], false, "an ISO date passed: {:#}", results[0]);
    let errors = results[0]["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["type"] == "type-error" && e["field"] == "startdatum" && e["row"] == 2),
        "expected a type-error on startdatum, row 2: {errors:#?}"
    );
    assert_eq!(results[1]["valid"], false, "a `,` file passed: {:#}", results[1]);
}

#[test]
fn uploads_in_the_example_v2_layout_conform_to_that_schema() {
    if !frictionless_available() {
        return;
    }
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/schemas");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = prepare(&out, [fixtures.join("french-export.csv")])
        .arg("--input-schema")
        .arg(fixtures.join("french-export.input.schema.json"))
        .arg("--output-schema")
        .arg(fixtures.join("wse-upload-v2.schema.json"))
        .output()
        .expect("run prepare");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let uploads: Vec<PathBuf> = files_in(&out)
        .into_iter()
        .filter(|n| n.starts_with("wse-vov_"))
        .map(|n| out.join(n))
        .collect();
    assert_eq!(uploads.len(), 2);
    let results = validate_with(
        &fixtures.join("wse-upload-v2.schema.json"),
        &fixtures.join("wse-upload-v2.dialect.json"),
        &uploads,
    );
    for result in &results {
        assert_eq!(result["valid"], true, "{result:#}");
    }
    // And the v2 files do not pass as the built-in layout.
    for result in validate(&uploads) {
        assert_eq!(result["valid"], false, "{result:#}");
    }
}
