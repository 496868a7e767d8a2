//! Custom layouts: `--input-schema` maps an export the built-in schema does
//! not know (a French payroll export), `--output-schema` writes another
//! upload layout (`fixtures/schemas/wse-upload-v2.*`), and a broken schema
//! file stops the run with exit 2, naming the file and the problem.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/schemas")
        .join(name)
}

fn french_export() -> PathBuf {
    fixture("french-export.csv")
}

fn french_schema() -> PathBuf {
    fixture("french-export.input.schema.json")
}

fn v2_schema() -> PathBuf {
    fixture("wse-upload-v2.schema.json")
}

/// The fatal object of a `--format json` run that must exit 2 and write nothing.
fn fatal(out: &Path, args: &[&std::ffi::OsStr]) -> Value {
    let output = prepare(out, [french_export()])
        .args(args)
        .args(["--format", "json", "--lang", "en"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2), "stderr: {}", stderr_text(&output));
    assert_nothing_written(out);
    let json = stdout_json(&output);
    assert!(json["fatal"].is_object(), "{json}");
    json["fatal"].clone()
}

// ------------------------------------------------------------ input schema

#[test]
fn the_builtin_schema_reads_the_french_export_by_its_aliases() {
    // Issue 14: 'N° BCE', 'NISS', 'Code formation' ... are built-in aliases now.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = prepare(&out, [french_export()]).output().expect("run");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let report = report(&out);
    assert_eq!(summary(&report, "accepted"), 3);
}

#[test]
fn without_the_french_aliases_f003_names_the_closest_headers() {
    // A replacing schema that knows none of the French headers.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let schema = write(
        dir.path(),
        "canoniek.schema.json",
        r#"{"replace": true, "fields": [{"name": "werkgever_kbo", "constraints": {"required": true}},
            {"name": "werknemer_insz", "constraints": {"required": true}},
            {"name": "odb_nummer", "constraints": {"required": true}},
            {"name": "aantal", "constraints": {"required": true}},
            {"name": "startdatum", "constraints": {"required": true}},
            {"name": "einddatum", "constraints": {"required": true}}]}"#,
    );
    let fatal = fatal(&out, &["--input-schema".as_ref(), schema.as_os_str()]);
    assert_eq!(fatal["code"], "F003", "{fatal}");
    assert_eq!(fatal["file"], french_export().to_str().unwrap());
    let message = fatal["message"].as_str().unwrap();
    assert!(
        message.contains("werkgever_kbo") && message.contains("odb_nummer"),
        "{message}"
    );
    assert!(
        message.contains("'N° BCE'") && message.contains("'Code formation'"),
        "{message}"
    );
}

#[test]
fn input_schema_maps_the_french_export() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = prepare(&out, [french_export()])
        .arg("--input-schema")
        .arg(french_schema())
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let report = report(&out);
    assert_eq!(summary(&report, "rows"), 3);
    assert_eq!(summary(&report, "accepted"), 3);
    assert_eq!(report["inputs"][0]["encoding"], "windows-1252");
    // The built-in upload layout, filled from the French columns.
    let a = read_csv(&upload_path(&out, KBO_A));
    assert_eq!(a[0].join(";"), UPLOAD_HEADER);
    assert_eq!(
        a[1],
        [
            KBO_A,
            INSZ_A,
            "Dupré",
            "Hélène",
            "ODB-0002141",
            "01/10/2026",
            "30/06/2027",
            "uren",
            "40",
            "",
            "rh@acme.be",
            ""
        ]
    );
    assert_eq!(
        a[2],
        [
            KBO_A,
            INSZ_B,
            "Lefèvre",
            "François",
            "ODB-Z00291",
            "05/10/2026",
            "15/06/2027",
            "uren",
            "36,5",
            "",
            "rh@acme.be",
            ""
        ]
    );
    let b = read_csv(&upload_path(&out, KBO_B));
    assert_eq!(column(&b, "eenheid"), ["lestijden"]);
    assert_eq!(column(&b, "naam"), ["Müller"]);
}

#[test]
fn a_custom_input_schema_adds_to_the_builtin_aliases_or_replaces_them() {
    let dir = tempfile::tempdir().unwrap();
    let dutch = "KBO;INSZ;Naam;Voornaam;ODB;Eenheid;Aantal uren;Start;Einde";
    let text = csv_text(&[Row::new()]).replacen(HEADER, dutch, 1);
    let input = write(dir.path(), "nl.csv", text);
    // Added (the default): the Dutch aliases of the built-in schema still hold ...
    let output = check([&input])
        .arg("--input-schema")
        .arg(french_schema())
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    // ... replaced ("replace": true): they are unknown to the French schema ...
    let mut replacing: Value = serde_json::from_slice(&std::fs::read(french_schema()).unwrap()).unwrap();
    replacing["replace"] = Value::Bool(true);
    let replacing = write(dir.path(), "fr-vervangt.schema.json", replacing.to_string());
    let output = check([&input])
        .arg("--input-schema")
        .arg(&replacing)
        .args(["--format", "json"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout_json(&output)["fatal"]["code"], "F003");
    // ... but a canonical field name is always its own alias.
    let input = write_rows(dir.path(), "canoniek.csv", &[Row::new()]);
    let output = check([&input])
        .arg("--input-schema")
        .arg(&replacing)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
}

// ----------------------------------------------------------- output schema

#[test]
fn output_schema_writes_the_v2_layout() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = prepare(&out, [french_export()])
        .arg("--input-schema")
        .arg(french_schema())
        .arg("--output-schema")
        .arg(v2_schema())
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let text = read_text(&upload_path(&out, KBO_A));
    // The v2 dialect: `,` and LF, no CR anywhere; no BOM.
    assert!(!text.contains('\r') && !text.starts_with('\u{feff}'), "{text:?}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "insz,kbo,odb,familienaam,voornaam,begin,einde,aantal,eenheid,tewerkstelling_pct,email"
    );
    // ISO dates, decimal point, columns in the v2 order.
    assert_eq!(
        lines[1],
        format!("{INSZ_A},{KBO_A},ODB-0002141,Dupré,Hélène,2026-10-01,2027-06-30,40,uren,100,rh@acme.be")
    );
    assert_eq!(
        lines[2],
        format!("{INSZ_B},{KBO_A},ODB-Z00291,Lefèvre,François,2026-10-05,2027-06-15,36.5,uren,80,rh@acme.be")
    );
    assert_eq!(lines.len(), 3);
    assert!(text.ends_with('\n'));
}

#[test]
fn output_schema_without_a_dialect_beside_it_uses_the_builtin_dialect() {
    let dir = tempfile::tempdir().unwrap();
    let schema = write(dir.path(), "alleen.schema.json", std::fs::read(v2_schema()).unwrap());
    let out = dir.path().join("out");
    let output = prepare(&out, [french_export()])
        .arg("--input-schema")
        .arg(french_schema())
        .arg("--output-schema")
        .arg(&schema)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let text = read_text(&upload_path(&out, KBO_A));
    assert!(text.starts_with("insz;kbo;odb;"), "{text}");
    assert!(text.contains(";2026-10-01;") && text.contains("\r\n"), "{text}");
}

// ------------------------------------------------------- invalid schemas

/// A broken `--input-schema`: exit 2, `fatal.code` "schema", `fatal.file`
/// the schema, and the message says what is wrong.
fn assert_bad_input_schema(name: &str, text: &str, problem: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let schema = write(dir.path(), name, text);
    let fatal = fatal(
        &dir.path().join("out"),
        &["--input-schema".as_ref(), schema.as_os_str()],
    );
    assert_eq!(fatal["code"], "schema", "{fatal}");
    assert_eq!(fatal["file"], schema.to_str().unwrap(), "{fatal}");
    let message = fatal["message"].as_str().unwrap();
    for part in problem {
        assert!(message.contains(part), "{name}: '{part}' not in: {message}");
    }
    assert!(fatal["help"].as_str().is_some_and(|h| !h.is_empty()), "{fatal}");
}

/// The French schema with one change made to its JSON.
fn french_schema_with(change: impl FnOnce(&mut Value)) -> String {
    let mut json: Value = serde_json::from_str(&read_text(&french_schema())).unwrap();
    change(&mut json);
    serde_json::to_string_pretty(&json).unwrap()
}

#[test]
fn an_input_schema_that_is_not_json_is_refused() {
    assert_bad_input_schema("kapot.schema.json", "{\"fields\": [", &["not a valid Table Schema"]);
    assert_bad_input_schema(
        "tekst.schema.json",
        "werkgever_kbo;werknemer_insz",
        &["not a valid Table Schema"],
    );
    assert_bad_input_schema("leeg.schema.json", "", &["not a valid Table Schema"]);
}

#[test]
fn an_input_schema_field_that_is_not_canonical_is_refused() {
    let text = french_schema_with(|j| j["fields"][3]["name"] = "niss".into());
    assert_bad_input_schema(
        "fr.schema.json",
        &text,
        &["'niss'", "not a canonical field", "werknemer_insz"],
    );
}

#[test]
fn an_alias_given_to_two_fields_is_refused() {
    let text = french_schema_with(|j| j["fields"][4]["aliases"].as_array_mut().unwrap().push("Prénom".into()));
    assert_bad_input_schema(
        "fr.schema.json",
        &text,
        &["'Prénom'", "werknemer_naam", "werknemer_voornaam"],
    );
    // Matching ignores case and accents, so this is the same alias too.
    let text = french_schema_with(|j| j["fields"][0]["aliases"].as_array_mut().unwrap().push("NOM".into()));
    assert_bad_input_schema("fr.schema.json", &text, &["'Nom'", "werkgever_kbo", "werknemer_naam"]);
}

#[test]
fn an_input_schema_without_a_field_a_request_needs_is_refused() {
    // Only a replacing schema must declare them: an added one keeps the built-in fields.
    let text = french_schema_with(|j| {
        j["replace"] = true.into();
        j["fields"].as_array_mut().unwrap().retain(|f| f["name"] != "einddatum")
    });
    assert_bad_input_schema("fr.schema.json", &text, &["'einddatum'", "missing"]);
}

#[test]
fn an_input_schema_declaring_a_field_twice_is_refused() {
    let text = french_schema_with(|j| {
        let copy = j["fields"][0].clone();
        j["fields"].as_array_mut().unwrap().push(copy)
    });
    assert_bad_input_schema("fr.schema.json", &text, &["'werkgever_kbo'", "twice"]);
}

#[test]
fn a_missing_schema_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("bestaat-niet.schema.json");
    let fatal = fatal(
        &dir.path().join("out"),
        &["--input-schema".as_ref(), missing.as_os_str()],
    );
    assert_eq!(fatal["code"], "schema");
    assert_eq!(fatal["file"], missing.to_str().unwrap());
}

/// A broken `--output-schema` (with its dialect beside it): exit 2, code
/// "schema", `fatal.file` the file at fault.
fn assert_bad_output_schema(schema_text: &str, dialect_text: Option<&str>, at_fault: &str, problem: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let schema = write(dir.path(), "upload.schema.json", schema_text);
    if let Some(dialect) = dialect_text {
        write(dir.path(), "upload.dialect.json", dialect);
    }
    let fatal = fatal(
        &dir.path().join("out"),
        &[
            "--input-schema".as_ref(),
            french_schema().as_os_str(),
            "--output-schema".as_ref(),
            schema.as_os_str(),
        ],
    );
    assert_eq!(fatal["code"], "schema", "{fatal}");
    assert_eq!(fatal["file"], dir.path().join(at_fault).to_str().unwrap(), "{fatal}");
    let message = fatal["message"].as_str().unwrap();
    for part in problem {
        assert!(message.contains(part), "'{part}' not in: {message}");
    }
}

fn v2_with(change: impl FnOnce(&mut Value)) -> String {
    let mut json: Value = serde_json::from_str(&read_text(&v2_schema())).unwrap();
    change(&mut json);
    serde_json::to_string_pretty(&json).unwrap()
}

#[test]
fn a_bad_dialect_delimiter_is_refused_naming_the_dialect_file() {
    let v2 = read_text(&v2_schema());
    let dialect =
        read_text(&fixture("wse-upload-v2.dialect.json")).replace("\"delimiter\": \",\"", "\"delimiter\": \";;\"");
    assert!(dialect.contains(";;"));
    assert_bad_output_schema(&v2, Some(&dialect), "upload.dialect.json", &["delimiter", "';;'"]);
    assert_bad_output_schema(
        &v2,
        Some("{\"delimiter\": \"→\"}"),
        "upload.dialect.json",
        &["delimiter"],
    );
    assert_bad_output_schema(
        &v2,
        Some("not json"),
        "upload.dialect.json",
        &["not a valid CSV dialect"],
    );
}

#[test]
fn a_bad_output_schema_is_refused_naming_the_schema_file() {
    let text = v2_with(|j| j["fields"][0]["source"] = "rijksregisternummer".into());
    assert_bad_output_schema(
        &text,
        None,
        "upload.schema.json",
        &["'rijksregisternummer'", "not a canonical field"],
    );
    let text = v2_with(|j| j["fields"][5]["type"] = "datetime".into());
    assert_bad_output_schema(&text, None, "upload.schema.json", &["'begin'", "'datetime'"]);
    let text = v2_with(|j| j["fields"] = serde_json::json!([]));
    assert_bad_output_schema(&text, None, "upload.schema.json", &["no fields"]);
    assert_bad_output_schema("[1, 2", None, "upload.schema.json", &["not a valid Table Schema"]);
}

/// An upload date format with a time of day or a time zone cannot be written
/// for a date (chrono's `to_string` would panic on it while writing): the
/// schema is refused when it is loaded, before anything is read.
#[test]
fn an_output_date_format_with_a_time_of_day_is_refused() {
    for format in ["%d/%m/%Y %H:%M", "%Y-%m-%d%z"] {
        let text = v2_with(|j| j["fields"][5]["format"] = format.into());
        assert_bad_output_schema(&text, None, "upload.schema.json", &["'begin'", format]);
    }
}
