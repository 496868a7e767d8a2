//! Issue 14, items 1 and 2: headers as real exports write them, and
//! spreadsheets and CSVs as clients make them. Each test runs the binary on
//! real files (Windows-1252 CSVs, workbooks written with rust_xlsxwriter),
//! with its own ledger (see `common::bin`) and output folder.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use rust_xlsxwriter::{Format, Formula, Workbook};
use serde_json::Value;

/// `text` in Windows-1252, as a Belgian payroll package writes it.
fn cp1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable, "{text}");
    bytes.into_owned()
}

fn notes(report: &Value) -> Vec<String> {
    report["notes"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|n| n["message"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn run_json(cmd: &mut assert_cmd::Command) -> (Option<i32>, Value, String) {
    let output = cmd.args(["--format", "json", "--lang", "en"]).output().expect("run");
    let stderr = stderr_text(&output);
    (output.status.code(), stdout_json(&output), stderr)
}

const ROW: &str = "0403170701;85073003328;Peeters;An;ODB-0002141;40;01/10/2026;30/06/2027";

/// A Dutch payroll export as Excel saves it: `sep=;`, a title line, the
/// header with payroll words, a Windows-1252 name, a total line.
fn dutch_export(dir: &Path) -> PathBuf {
    let text = format!(
        "sep=;\r\nOverzicht VOV-aanvragen november 2026;;;;;;;;;\r\n;;;;;;;;;\r\n\
         Ondernemingsnummer;Rijksregisternummer;Naam;Voornaam;Code opleiding;Aantal uren;Begindatum;Einddatum;Datum in dienst;E-mail contactpersoon\r\n\
         {ROW};01/09/2026;hr@acme.be\r\n\
         0403170701;90021412303;Müller;Zoë;ODB-0002141;36,5;01/10/2026;30/06/2027;;hr@acme.be\r\n\
         Totaal;;;;;76,5;;;;\r\n"
    );
    write(dir, "loon-export.csv", cp1252(&text))
}

#[test]
fn a_windows_1252_payroll_export_with_sep_line_title_and_total_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = dutch_export(dir.path());
    let (code, json, stderr) = run_json(prepare(&out, [&input]).arg("--no-ledger"));
    assert_eq!(code, Some(0), "{stderr}\n{json}");
    // The total line is neither a row nor rejected: 2 rows, 2 accepted.
    assert_eq!(json["summary"]["rows"], 2, "{json}");
    assert_eq!(json["summary"]["accepted"], 2);
    assert_eq!(json["inputs"][0]["header_line"], 4);
    assert_eq!(json["inputs"][0]["skipped_rows"], 1);
    assert_eq!(json["inputs"][0]["delimiter"], ";");
    assert_eq!(json["inputs"][0]["encoding"], "windows-1252");
    let notes = notes(&json);
    assert!(
        notes
            .iter()
            .any(|n| n.contains(":7: total or remark row skipped ('Totaal'")),
        "{notes:?}"
    );
    assert!(notes.iter().any(|n| n.contains("header found on line 4")), "{notes:?}");
    // 'Datum in dienst' and 'E-mail contactpersoon' are read, not ignored.
    let upload = read_csv(&upload_path(&out, KBO_A));
    assert_eq!(column(&upload, "indiensttreding"), ["01/09/2026", ""]);
    assert_eq!(column(&upload, "email"), ["hr@acme.be", "hr@acme.be"]);
    assert_eq!(column(&upload, "naam"), ["Peeters", "Müller"]);
}

#[test]
fn header_row_forces_the_header_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = dutch_export(dir.path());
    let (code, json, _) = run_json(check([&input]).args(["--no-ledger", "--header-row", "4"]));
    assert_eq!(code, Some(0), "{json}");
    assert_eq!(json["summary"]["rows"], 2);
    // Line 2 is the title: as the header, every required field is missing.
    let (code, json, _) = run_json(check([&input]).args(["--no-ledger", "--header-row", "2"]));
    assert_eq!(code, Some(2));
    assert_eq!(json["fatal"]["code"], "F003", "{json}");
}

#[test]
fn a_french_export_is_read_by_the_builtin_schema() {
    let dir = tempfile::tempdir().unwrap();
    let text = "N° BCE;NISS;Nom;Prénom;Code formation;Nombre d'heures;Date de début;Date de fin;date d'entrée en service;Taux d'occupation\r\n\
                0403.170.701;85.07.30-033.28;Dupré;Hélène;ODB-0002141;40;01/10/2026;30/06/2027;01/09/2026;100\r\n";
    let input = write(dir.path(), "export-fr.csv", cp1252(text));
    let (code, json, stderr) = run_json(check([&input]).arg("--no-ledger"));
    assert_eq!(code, Some(0), "{stderr}\n{json}");
    assert_eq!(json["summary"]["accepted"], 1);
    // No column was ignored.
    assert!(notes(&json).iter().all(|n| !n.contains("unknown")), "{json}");
}

#[test]
fn map_adds_a_header_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("KBO;INSZ;Naam;Voornaam;Cursus-ID;Aantal uren;Start;Einde\n{ROW}\n");
    let input = write(dir.path(), "map.csv", text);
    let (code, json, _) = run_json(check([&input]).arg("--no-ledger"));
    assert_eq!(code, Some(2));
    assert_eq!(json["fatal"]["code"], "F003");
    let (code, json, stderr) = run_json(check([&input]).args(["--no-ledger", "--map", "odb_nummer=Cursus-ID"]));
    assert_eq!(code, Some(0), "{stderr}\n{json}");
    assert_eq!(json["summary"]["accepted"], 1);
    // A documented alias names its field too (`odb`, `begindatum`).
    let (code, json, stderr) = run_json(check([&input]).args(["--no-ledger", "--map", "odb=Cursus-ID"]));
    assert_eq!(code, Some(0), "{stderr}\n{json}");
    assert_eq!(json["summary"]["accepted"], 1);
    let moved = write(
        dir.path(),
        "van.csv",
        format!("KBO;INSZ;Naam;Voornaam;ODB;Aantal uren;Van;Einde\n{ROW}\n"),
    );
    let (code, json, stderr) = run_json(check([&moved]).args(["--no-ledger", "--map", "begindatum=Van"]));
    assert_eq!(code, Some(0), "{stderr}\n{json}");
    // A name that is neither a field nor an alias is a usage error.
    let output = check([&input])
        .args(["--no-ledger", "--map", "cursus=Cursus-ID"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_text(&output).contains("is geen canoniek veld"),
        "{}",
        stderr_text(&output)
    );
}

#[test]
fn an_input_schema_adds_to_the_builtin_one_unless_it_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("KBO;INSZ;Naam;Voornaam;Cursus-ID;Aantal uren;Start;Einde;Postcode\n{ROW};1000\n");
    let input = write(dir.path(), "schema.csv", text);
    let one_alias = write(
        dir.path(),
        "een-alias.schema.json",
        r#"{"fields": [{"name": "odb_nummer", "aliases": ["Cursus-ID"]}]}"#,
    );
    let (code, json, stderr) = run_json(check([&input]).arg("--no-ledger").arg("--input-schema").arg(&one_alias));
    // Added: the built-in aliases still hold, so the Brussels postcode is read (R217).
    assert_eq!(code, Some(1), "{stderr}\n{json}");
    assert_eq!(json["summary"]["by_code"]["R217"], 1, "{json}");
    let replacing = write(
        dir.path(),
        "vervangt.schema.json",
        r#"{"replace": true, "fields": [{"name": "odb_nummer", "aliases": ["Cursus-ID"]}]}"#,
    );
    let (code, json, _) = run_json(check([&input]).arg("--no-ledger").arg("--input-schema").arg(&replacing));
    assert_eq!(code, Some(2));
    assert!(
        json["fatal"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("field 'werkgever_kbo' is missing"),
        "{json}"
    );
}

#[test]
fn schema_prints_the_embedded_schemas() {
    for (name, file) in [
        ("input", "input.schema.json"),
        ("upload", "wse-upload.schema.json"),
        ("dossiers", "dossiers.schema.json"),
    ] {
        let output = bin().args(["schema", name]).output().unwrap();
        assert_eq!(output.status.code(), Some(0));
        let expected = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas").join(file)).unwrap();
        assert_eq!(output.stdout, expected, "{name}");
        let _: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    }
    assert_eq!(bin().args(["schema", "nope"]).output().unwrap().status.code(), Some(2));
}

#[test]
fn an_ignored_column_note_names_the_closest_field() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("KBO;INSZ;Naam;Voornaam;ODB;Aantal uren;Start;Einde;Indienstreding;Opmerking\n{ROW};;\n");
    let input = write(dir.path(), "typo.csv", text);
    let output = check([&input])
        .args(["--no-ledger", "--format", "json"])
        .output()
        .unwrap();
    let json = stdout_json(&output);
    let notes = notes(&json);
    assert!(
        notes
            .iter()
            .any(|n| n.contains("'Indienstreding'") && n.contains("bedoelt u indiensttreding?")),
        "{notes:?}"
    );
    // A far-fetched guess is not made.
    assert!(
        notes
            .iter()
            .any(|n| n.contains("'Opmerking'") && !n.contains("bedoelt")),
        "{notes:?}"
    );
}

/// A client's workbook: a merged title, a blank row, the header on row 3, a
/// TWP column formatted as a percentage, a total row with a formula; a
/// second sheet for another employer; a sheet of codes; a hidden sheet.
fn client_workbook(dir: &Path) -> PathBuf {
    let mut book = Workbook::new();
    let header = [
        "Ondernemingsnummer",
        "INSZ",
        "Naam",
        "Voornaam",
        "ODB-nummer",
        "Aantal uren",
        "Startdatum",
        "Einddatum",
        "TWP",
    ];
    let percent = Format::new().set_num_format("0%");
    let title = Format::new().set_bold();
    let sheet = book.add_worksheet().set_name("Acme").unwrap();
    sheet
        .merge_range(0, 0, 0, 8, "VOV-aanvragen Acme, november 2026", &title)
        .unwrap();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    let rows = [
        [
            KBO_A,
            INSZ_A,
            "Peeters",
            "An",
            "ODB-0002141",
            "40",
            "01/10/2026",
            "30/06/2027",
        ],
        [
            KBO_A,
            INSZ_B,
            "Janssens",
            "Jan",
            "ODB-0002141",
            "36",
            "01/10/2026",
            "30/06/2027",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        let r = 3 + r as u32;
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r, c as u16, *v).unwrap();
        }
        sheet.write_number_with_format(r, 8, 0.8, &percent).unwrap();
    }
    sheet.write_string(5, 0, "Totaal").unwrap();
    sheet
        .write_formula(5, 5, Formula::new("=SUM(F4:F5)").set_result("76"))
        .unwrap();
    let second = book.add_worksheet().set_name("Brasserie").unwrap();
    for (c, h) in header.iter().enumerate() {
        second.write_string(0, c as u16, *h).unwrap();
    }
    let row = [
        KBO_B,
        INSZ_C,
        "Maes",
        "Lotte",
        "ODB-0002141",
        "20",
        "01/10/2026",
        "30/06/2027",
    ];
    for (c, v) in row.iter().enumerate() {
        second.write_string(1, c as u16, *v).unwrap();
    }
    second.write_number_with_format(1, 8, 0.75, &percent).unwrap();
    let codes = book.add_worksheet().set_name("Codes").unwrap();
    codes.write_string(0, 0, "Eenheid").unwrap();
    codes.write_string(1, 0, "uren").unwrap();
    let hidden = book.add_worksheet().set_name("Oud").unwrap();
    for (c, h) in header.iter().enumerate() {
        hidden.write_string(0, c as u16, *h).unwrap();
    }
    hidden.write_string(1, 0, KBO_A).unwrap();
    hidden.set_hidden(true);
    let path = dir.join("klant.xlsx");
    book.save(&path).unwrap();
    path
}

#[test]
fn a_client_workbook_with_title_total_and_percentages_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = client_workbook(dir.path());
    let (code, json, stderr) = run_json(prepare(&out, [&input]).arg("--no-ledger"));
    // 80 % is 80, not 0,8 (which R208 rejects): both rows accepted.
    assert_eq!(code, Some(0), "{stderr}\n{json}");
    assert_eq!(json["summary"]["rows"], 2, "{json}");
    assert_eq!(json["summary"]["rejected"], 0);
    assert_eq!(json["inputs"][0]["sheet"], "Acme");
    assert_eq!(json["inputs"][0]["header_line"], 3);
    assert_eq!(json["inputs"][0]["skipped_rows"], 1);
    let notes = notes(&json);
    assert!(
        notes
            .iter()
            .any(|n| n.contains("[Acme]:6: total or remark row skipped")),
        "{notes:?}"
    );
    assert_eq!(upload_lines(&upload_path(&out, KBO_A)).len(), 2);
}

#[test]
fn all_sheets_reads_every_visible_sheet_with_requests() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = client_workbook(dir.path());
    // With the ledger (`common::bin` gives each run a fresh one): every sheet
    // is recorded as an input of the run.
    let (code, json, stderr) = run_json(prepare(&out, [&input]).arg("--all-sheets"));
    assert_eq!(code, Some(0), "{stderr}\n{json}");
    let sheets: Vec<&str> = json["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["sheet"].as_str())
        .collect();
    // The codes sheet has no request columns; the hidden sheet is not read.
    assert_eq!(sheets, ["Acme", "Brasserie"]);
    assert_eq!(json["summary"]["rows"], 3);
    assert_eq!(json["summary"]["accepted"], 3);
    assert!(
        notes(&json).iter().any(|n| n.contains("sheet 'Codes' not read")),
        "{json}"
    );
    assert_eq!(upload_lines(&upload_path(&out, KBO_B)).len(), 1);
    // A row's origin names its line in its sheet's input.
    let output = check([&input])
        .args(["--no-ledger", "--all-sheets", "--sheet", "Acme"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "--sheet and --all-sheets conflict");
}

#[test]
fn skip_unreadable_leaves_out_a_broken_file_and_reads_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("in");
    std::fs::create_dir(&folder).unwrap();
    write_rows(&folder, "a-goed.csv", &[Row::new()]);
    write(&folder, "b-kapot.xlsx", b"this is not a workbook");
    write(&folder, "c-geen-kolommen.csv", "Naam;Voornaam\nPeeters;An\n");
    let (code, json, _) = run_json(check([&folder]).arg("--no-ledger"));
    assert_eq!(code, Some(2));
    assert_eq!(json["fatal"]["code"], "F001");
    let out = dir.path().join("out");
    let (code, json, stderr) = run_json(prepare(&out, [&folder]).args(["--no-ledger", "--skip-unreadable"]));
    assert_eq!(code, Some(1), "{stderr}\n{json}");
    assert_eq!(json["summary"]["rows"], 1);
    assert_eq!(json["summary"]["accepted"], 1);
    assert_eq!(json["summary"]["rejected"], 0);
    let notes = notes(&json);
    assert!(
        notes
            .iter()
            .any(|n| n.contains("b-kapot.xlsx: skipped (--skip-unreadable): [F001]")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("c-geen-kolommen.csv: skipped (--skip-unreadable): [F003]")),
        "{notes:?}"
    );
    assert_eq!(upload_lines(&upload_path(&out, KBO_A)).len(), 1);
}
