//! The reader end to end, through the real binary: encodings, delimiters,
//! header aliases, standard input, spreadsheets, broken files and broken
//! records.

mod common;

use std::path::Path;

use common::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use serde_json::Value;

// ---------------------------------------------------------------- helpers

/// Two accepted rows with accented names.
fn accented_rows() -> Vec<Row> {
    vec![
        Row {
            naam: "Müller".into(),
            voornaam: "Désirée".into(),
            ..Row::nth(1)
        },
        Row {
            naam: "Çelik".into(),
            voornaam: "Zoë".into(),
            ..Row::nth(2)
        },
    ]
}

/// Runs prepare on one input into `dir/out`; returns the exit code and the out dir.
fn prepare_one(dir: &Path, input: &Path, extra: &[&str]) -> (i32, std::path::PathBuf) {
    let out = dir.join("out");
    let output = prepare(&out, [input]).args(extra).output().expect("run");
    (output.status.code().expect("exit code"), out)
}

/// The (naam, voornaam) pairs of an upload.
fn names_in_upload(path: &Path) -> Vec<(String, String)> {
    let records = read_csv(path);
    column(&records, "naam")
        .into_iter()
        .zip(column(&records, "voornaam"))
        .collect()
}

fn expected_accented_names() -> Vec<(String, String)> {
    vec![
        ("Müller".to_string(), "Désirée".to_string()),
        ("Çelik".to_string(), "Zoë".to_string()),
    ]
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable, "test text fits Windows-1252");
    bytes.into_owned()
}

/// A fatal run: exit 2, the code on stderr, nothing in `out`.
fn assert_fatal(output: &std::process::Output, code: &str, out: &Path) {
    assert_eq!(output.status.code(), Some(2), "stderr: {}", stderr_text(output));
    assert!(
        stderr_text(output).contains(code),
        "stderr should name {code}: {}",
        stderr_text(output)
    );
    assert_nothing_written(out);
}

/// The fatal JSON object of a `--format json` run.
fn fatal_json(output: &std::process::Output) -> Value {
    let json = stdout_json(output);
    assert!(json["fatal"].is_object(), "no fatal object: {json}");
    json["fatal"].clone()
}

#[test]
fn helper_numbers_are_the_known_valid_ones() {
    assert_eq!(kbo(4_031_707), KBO_A);
    assert_eq!(kbo(2_022_399), KBO_B);
    assert_eq!(insz(85, 7, 30, 33, false), INSZ_A);
    assert_eq!(insz(90, 2, 14, 123, false), INSZ_B);
    assert_eq!(insz(1, 1, 1, 123, true), INSZ_C);
    assert_ne!(bad_insz(INSZ_A), INSZ_A);
}

// ---------------------------------------------------------------- encodings

#[test]
fn utf8_with_bom_keeps_accents_and_drops_the_bom() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(csv_text(&accented_rows()).into_bytes());
    let input = write(dir.path(), "bom.csv", bytes);
    let (code, out) = prepare_one(dir.path(), &input, &[]);
    assert_eq!(code, 0);
    assert_eq!(names_in_upload(&upload_path(&out, KBO_A)), expected_accented_names());
}

#[test]
fn utf8_without_bom_keeps_accents() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_rows(dir.path(), "plain.csv", &accented_rows());
    let (code, out) = prepare_one(dir.path(), &input, &[]);
    assert_eq!(code, 0);
    assert_eq!(names_in_upload(&upload_path(&out, KBO_A)), expected_accented_names());
}

#[test]
fn windows_1252_is_detected_and_written_as_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = windows_1252(&csv_text(&accented_rows()).replace('\n', "\r\n"));
    assert!(std::str::from_utf8(&bytes).is_err(), "the input really is not UTF-8");
    let input = write(dir.path(), "ansi.csv", bytes);
    let (code, out) = prepare_one(dir.path(), &input, &[]);
    assert_eq!(code, 0);
    let upload = upload_path(&out, KBO_A);
    assert_eq!(names_in_upload(&upload), expected_accented_names());
    let raw = std::fs::read(&upload).unwrap();
    assert!(
        raw.windows("Désirée".len()).any(|w| w == "Désirée".as_bytes()),
        "UTF-8 bytes of Désirée in the upload"
    );
}

#[test]
fn utf16_le_with_bom_tab_delimited_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = csv_text(&accented_rows()).replace(';', "\t").replace('\n', "\r\n");
    let input = write(dir.path(), "unicode.txt", utf16(&text, false));
    let (code, out) = prepare_one(dir.path(), &input, &[]);
    assert_eq!(code, 0);
    assert_eq!(names_in_upload(&upload_path(&out, KBO_A)), expected_accented_names());
}

#[test]
fn utf16_be_with_bom_tab_delimited_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = csv_text(&accented_rows()).replace(';', "\t").replace('\n', "\r\n");
    let input = write(dir.path(), "unicode-be.txt", utf16(&text, true));
    let (code, out) = prepare_one(dir.path(), &input, &[]);
    assert_eq!(code, 0);
    assert_eq!(names_in_upload(&upload_path(&out, KBO_A)), expected_accented_names());
}

#[test]
fn encoding_option_overrides_detection() {
    // UTF-8 bytes read as Windows-1252 on request: é (C3 A9) becomes Ã©.
    let dir = tempfile::tempdir().unwrap();
    let input = write_rows(dir.path(), "utf8.csv", &accented_rows());
    let (code, out) = prepare_one(dir.path(), &input, &["--encoding", "windows-1252"]);
    assert_eq!(code, 0);
    let names = names_in_upload(&upload_path(&out, KBO_A));
    assert_eq!(names[0].1, "DÃ©sirÃ©e");
}

#[test]
fn encoding_option_windows_1252_reads_windows_1252() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "ansi.csv", windows_1252(&csv_text(&accented_rows())));
    let (code, out) = prepare_one(dir.path(), &input, &["--encoding", "windows-1252"]);
    assert_eq!(code, 0);
    assert_eq!(names_in_upload(&upload_path(&out, KBO_A)), expected_accented_names());
}

#[test]
fn windows_1252_accents_in_the_header_still_map() {
    let dir = tempfile::tempdir().unwrap();
    let header = "Numéro d'entreprise;NISS;Nom;Prénom;Numéro ODB;Unité;Nombre d'heures;Date de début;Date de fin";
    let text = format!(
        "{header}\r\n{}\r\n",
        Row {
            eenheid: "heures".into(),
            ..accented_rows()[0].clone()
        }
        .line(';')
    );
    let input = write(dir.path(), "fr.csv", windows_1252(&text));
    let (code, out) = prepare_one(dir.path(), &input, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        names_in_upload(&upload_path(&out, KBO_A))[0],
        expected_accented_names()[0]
    );
}

#[test]
fn forced_utf8_on_windows_1252_bytes_is_f002_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    // Line 2 is plain ASCII, line 3 holds the first non-UTF-8 byte.
    let rows = vec![
        Row::nth(1),
        Row {
            voornaam: "Désirée".into(),
            ..Row::nth(2)
        },
    ];
    let input = write(dir.path(), "ansi.csv", windows_1252(&csv_text(&rows)));
    let out = dir.path().join("out");
    let output = prepare(&out, [&input])
        .args(["--encoding", "utf-8", "--lang", "en"])
        .output()
        .unwrap();
    assert_fatal(&output, "F002", &out);
    let stderr = flat(&stderr_text(&output));
    assert!(stderr.contains("ansi.csv"), "{stderr}");
    assert!(stderr.contains("line 3"), "{stderr}");

    let output = check([&input])
        .args(["--encoding", "utf-8", "--lang", "en", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let fatal = fatal_json(&output);
    assert_eq!(fatal["code"], "F002");
    assert!(fatal["file"].as_str().unwrap().contains("ansi.csv"), "{fatal}");
    assert!(fatal["message"].as_str().unwrap().contains("line 3"), "{fatal}");
}

// ---------------------------------------------------------------- delimiters

#[test]
fn delimiter_is_sniffed_for_semicolon_comma_tab_and_pipe() {
    for (delimiter, name) in [
        (';', "semi.csv"),
        (',', "comma.csv"),
        ('\t', "tab.tsv"),
        ('|', "pipe.txt"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let rows = [Row::nth(1), Row::nth(2), Row::nth(3)];
        let mut text = HEADER.replace(';', &delimiter.to_string());
        for row in &rows {
            text.push('\n');
            text.push_str(&row.line(delimiter));
        }
        let input = write(dir.path(), name, text);
        let (code, out) = prepare_one(dir.path(), &input, &[]);
        assert_eq!(code, 0, "delimiter {delimiter:?}");
        let report = report(&out);
        assert_eq!(summary(&report, "accepted"), 3, "delimiter {delimiter:?}");
        let lines = upload_lines(&upload_path(&out, KBO_A));
        assert_eq!(lines.len(), 3, "delimiter {delimiter:?}");
        assert!(lines[0].starts_with(&format!("{KBO_A};{};Naam1;Voornaam1;", rows[0].insz)));
    }
}

#[test]
fn delimiter_option_overrides_sniffing() {
    // A pipe file whose header holds more commas than pipes: sniffing
    // alone would pick the comma.
    let dir = tempfile::tempdir().unwrap();
    let header = format!(
        "{}|opmerking, intern, niet, voor, WSE, a, b, c, d, e, f, g, h",
        HEADER.replace(';', "|")
    );
    let text = format!("{header}\n{}|x\n{}|y\n", Row::nth(1).line('|'), Row::nth(2).line('|'));
    let input = write(dir.path(), "pipes.csv", text);

    assert!(header.matches(',').count() > header.matches('|').count());
    let sniffed = check([&input]).output().unwrap();
    assert_eq!(sniffed.status.code(), Some(2), "sniffing picks ',' and maps no column");

    let (code, out) = prepare_one(dir.path(), &input, &["--delimiter", "|"]);
    assert_eq!(code, 0);
    assert_eq!(upload_lines(&upload_path(&out, KBO_A)).len(), 2);
}

// ---------------------------------------------------------------- header aliases

#[test]
fn dutch_french_and_english_headers_map_to_the_canonical_fields() {
    let headers = [
        // Dutch, with case, dots and dashes.
        "Ondernemingsnummer;Rijksregisternummer;Achternaam;Voornaam;ODB-nummer;Eenheid;Aantal uren;Begindatum;Einde",
        "KBO-NUMMER;I.N.S.Z.;Familienaam;voornaam werknemer;odb_nummer;eenheid;UREN;Startdatum opleiding;Einddatum",
        // French, with accents, apostrophes and missing accents.
        "Numéro d'entreprise;NISS;Nom;Prénom;Numéro ODB;Unité;Nombre d'heures;Date de début;Date de fin",
        "NUMERO D'ENTREPRISE;N.I.S.S.;Nom de famille;prenom;numero odb;unite;Heures;date de debut;Fin",
        "BCE;Numéro NISS;nom;Prénom;ODB;Unité;Nombre;Début;Date de fin",
        // English.
        "Enterprise number;National number;Last name;First name;ODB number;Unit;Quantity;Start date;End date",
        "Company_Number;SSIN;Surname;Given name;Training number;unit;Hours;start-date;end date",
    ];
    for header in headers {
        let dir = tempfile::tempdir().unwrap();
        let rows = [Row::nth(1), Row::nth(2)];
        let text = format!("{header}\n{}\n{}\n", rows[0].line(';'), rows[1].line(';'));
        let input = write(dir.path(), "aliases.csv", text);
        let output = check([&input]).args(["--format", "json"]).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "header {header:?}: {}",
            stderr_text(&output)
        );
        let report = stdout_json(&output);
        assert_eq!(summary(&report, "accepted"), 2, "header {header:?}");
        assert_eq!(
            report["notes"].as_array().map_or(0, Vec::len),
            0,
            "no unknown column: {header:?}"
        );
    }
}

#[test]
fn aliased_columns_reach_the_right_upload_columns() {
    let dir = tempfile::tempdir().unwrap();
    // Columns in another order than the canonical one, with French aliases.
    let text = "Prénom;Nom;Date de fin;Date de début;Nombre d'heures;Numéro ODB;NISS;Numéro d'entreprise\n\
                Désirée;Müller;30/06/2027;01/10/2026;40;odb-0002141;85.07.30-033.28;BE 0403.170.701\n";
    let input = write(dir.path(), "fr.csv", text);
    let (code, out) = prepare_one(dir.path(), &input, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        upload_lines(&upload_path(&out, KBO_A)),
        vec![format!(
            "{KBO_A};{INSZ_A};Müller;Désirée;ODB-0002141;01/10/2026;30/06/2027;uren;40;;;"
        )]
    );
}

// ---------------------------------------------------------------- stdin

#[test]
fn stdin_dash_is_read_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let rows = [
        Row::nth(1),
        Row {
            kbo: "0403170702".into(),
            ..Row::nth(2)
        },
    ];
    let output = prepare(&out, ["-"]).write_stdin(csv_text(&rows)).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr_text(&output));
    assert_eq!(upload_lines(&upload_path(&out, KBO_A)).len(), 1);
    let rejected = read_csv(&out.join("rejected.csv"));
    assert_eq!(column(&rejected, "bron"), vec!["stdin:3"]);
    assert_eq!(column(&rejected, "codes"), vec!["V101"]);
}

// ---------------------------------------------------------------- spreadsheets

/// The canonical header in row 1 of a worksheet.
fn write_header(sheet: &mut Worksheet) {
    for (col, name) in HEADER.split(';').enumerate() {
        sheet.write_string(0, col as u16, name).unwrap();
    }
}

/// One data row with real date cells, numbers where a spreadsheet has them.
fn write_sheet_row(sheet: &mut Worksheet, row: u32, kbo: f64, insz: &str, naam: &str, aantal: f64, odb: &str) {
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet.write_number(row, 0, kbo).unwrap();
    sheet.write_string(row, 1, insz).unwrap();
    sheet.write_string(row, 2, naam).unwrap();
    sheet.write_string(row, 3, "An").unwrap();
    sheet.write_string(row, 4, odb).unwrap();
    sheet.write_string(row, 5, "uren").unwrap();
    sheet.write_number(row, 6, aantal).unwrap();
    sheet
        .write_datetime_with_format(row, 7, ExcelDateTime::from_ymd(2026, 10, 1).unwrap(), &date)
        .unwrap();
    sheet
        .write_datetime_with_format(row, 8, ExcelDateTime::from_ymd(2027, 6, 30).unwrap(), &date)
        .unwrap();
}

/// Rows 2 and 4 accepted (40 and 36.5 hours, KBO as a number without its
/// leading zero), row 3 and 5 blank, row 6 rejected (bad ODB).
fn payroll_workbook(path: &Path) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Loon").unwrap();
    write_header(sheet);
    write_sheet_row(sheet, 1, 403_170_701.0, INSZ_A, "Peeters", 40.0, "ODB-0002141");
    // Row 3 (index 2): left blank; row 5 (index 4): whitespace only.
    write_sheet_row(sheet, 3, 403_170_701.0, INSZ_B, "Janssens", 36.5, "ODB-0002141");
    sheet.write_string(4, 2, "   ").unwrap();
    write_sheet_row(sheet, 5, 403_170_701.0, INSZ_C, "Maes", 40.0, "ODB-12");
    workbook.save(path).unwrap();
}

#[test]
fn xlsx_with_date_cells_numbers_and_a_numeric_kbo() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("loon.xlsx");
    payroll_workbook(&input);
    let (code, out) = prepare_one(dir.path(), &input, &[]);
    assert_eq!(code, 1, "one row is rejected");
    assert_eq!(
        upload_lines(&upload_path(&out, KBO_A)),
        vec![
            format!("{KBO_A};{INSZ_A};Peeters;An;ODB-0002141;01/10/2026;30/06/2027;uren;40;;;"),
            format!("{KBO_A};{INSZ_B};Janssens;An;ODB-0002141;01/10/2026;30/06/2027;uren;36,5;;;"),
        ]
    );
}

#[test]
fn xlsx_blank_rows_are_skipped_and_lines_are_spreadsheet_rows() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("loon.xlsx");
    payroll_workbook(&input);
    let (_, out) = prepare_one(dir.path(), &input, &[]);
    let report = report(&out);
    assert_eq!(report["inputs"][0]["rows"], 3, "blank rows are not counted");
    assert_eq!(report["inputs"][0]["sheet"], "Loon");
    assert_eq!(summary(&report, "rows"), 3);
    assert_eq!(summary(&report, "accepted"), 2);
    assert_eq!(summary(&report, "rejected"), 1);
    assert_eq!(report_rows(&report), vec![(6, vec!["V103".to_string()])]);
    let rejected = read_csv(&out.join("rejected.csv"));
    assert_eq!(column(&rejected, "bron"), vec![format!("{}:6", input.display())]);
}

/// A first sheet that is hidden (other employer) and a visible second one.
fn two_sheet_workbook(path: &Path) {
    let mut workbook = Workbook::new();
    let mut hidden = Worksheet::new();
    hidden.set_name("Archief").unwrap();
    write_header(&mut hidden);
    write_sheet_row(&mut hidden, 1, 202_239_951.0, INSZ_A, "Oud", 40.0, "ODB-0002141");
    write_sheet_row(&mut hidden, 2, 202_239_951.0, INSZ_B, "Ouder", 40.0, "ODB-0002141");
    hidden.set_hidden(true);
    let mut visible = Worksheet::new();
    visible.set_name("November").unwrap();
    write_header(&mut visible);
    write_sheet_row(&mut visible, 1, 403_170_701.0, INSZ_A, "Nieuw", 40.0, "ODB-0002141");
    visible.set_active(true);
    workbook.push_worksheet(hidden);
    workbook.push_worksheet(visible);
    workbook.save(path).unwrap();
}

#[test]
fn xlsx_default_sheet_is_the_first_visible_one() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("twee.xlsx");
    two_sheet_workbook(&input);
    let (code, out) = prepare_one(dir.path(), &input, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        files_in(&out),
        vec![
            "rejected.csv",
            "rejected.xlsx",
            "report.html",
            "report.json",
            "wse-vov_0403170701.csv"
        ]
    );
    assert_eq!(report(&out)["inputs"][0]["sheet"], "November");
}

#[test]
fn xlsx_sheet_option_chooses_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("twee.xlsx");
    two_sheet_workbook(&input);
    let (code, out) = prepare_one(dir.path(), &input, &["--sheet", "Archief"]);
    assert_eq!(code, 0);
    assert_eq!(
        files_in(&out),
        vec![
            "rejected.csv",
            "rejected.xlsx",
            "report.html",
            "report.json",
            "wse-vov_0202239951.csv"
        ]
    );
    let lines = upload_lines(&upload_path(&out, KBO_B));
    assert_eq!(lines.len(), 2);
    assert!(lines[0].contains(";Oud;"));
}

#[test]
fn xlsx_unknown_sheet_is_f007_listing_the_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("twee.xlsx");
    two_sheet_workbook(&input);
    let out = dir.path().join("out");
    let output = prepare(&out, [&input]).args(["--sheet", "Nope"]).output().unwrap();
    assert_fatal(&output, "F007", &out);
    let stderr = flat(&stderr_text(&output));
    for name in ["Nope", "Archief", "November"] {
        assert!(stderr.contains(name), "stderr names {name}: {stderr}");
    }

    let output = check([&input])
        .args(["--sheet", "Nope", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let fatal = fatal_json(&output);
    assert_eq!(fatal["code"], "F007");
    let message = fatal["message"].as_str().unwrap();
    assert!(message.contains("Archief") && message.contains("November"), "{message}");
}

// ---------------------------------------------------------------- broken files

/// Runs prepare on `input` and checks a fatal `code` with nothing written;
/// returns stderr (flattened) and the JSON fatal object of a check run.
fn fatal_case(dir: &Path, input: &Path, code: &str) -> (String, Value) {
    let out = dir.join("out");
    let output = prepare(&out, [input]).args(["--lang", "en"]).output().unwrap();
    assert_fatal(&output, code, &out);
    let stderr = flat(&stderr_text(&output));
    let json = check([input])
        .args(["--lang", "en", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(2));
    let fatal = fatal_json(&json);
    assert_eq!(fatal["code"], code, "{fatal}");
    (stderr, fatal)
}

#[test]
fn zero_byte_csv_is_f006() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "leeg.csv", b"");
    fatal_case(dir.path(), &input, "F006");
}

#[test]
fn header_only_csv_is_f006() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "kop.csv", format!("{HEADER}\r\n\r\n;;;;;;;;\r\n"));
    fatal_case(dir.path(), &input, "F006");
}

#[test]
fn text_file_named_xlsx_is_f001_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "export.xlsx", csv_text(&[Row::new()]));
    let (stderr, fatal) = fatal_case(dir.path(), &input, "F001");
    assert!(stderr.contains("export.xlsx"), "{stderr}");
    assert!(fatal["file"].as_str().unwrap().contains("export.xlsx"), "{fatal}");
}

#[test]
fn missing_file_is_f001() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bestaat-niet.csv");
    let (stderr, _) = fatal_case(dir.path(), &input, "F001");
    assert!(stderr.contains("bestaat-niet.csv"), "{stderr}");
}

#[test]
fn unsupported_extension_is_f001() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "loonfiche.pdf", csv_text(&[Row::new()]));
    let (stderr, _) = fatal_case(dir.path(), &input, "F001");
    assert!(stderr.contains("loonfiche.pdf"), "{stderr}");
}

#[test]
fn missing_required_column_is_f003_listing_the_headers_found() {
    let dir = tempfile::tempdir().unwrap();
    let header = HEADER.replace("odb_nummer", "Opleidingscode");
    let input = write(
        dir.path(),
        "geen-odb.csv",
        format!("{header}\n{}\n", Row::new().line(';')),
    );
    let (_, fatal) = fatal_case(dir.path(), &input, "F003");
    let message = fatal["message"].as_str().unwrap();
    assert!(message.contains("odb_nummer"), "names the missing field: {message}");
    for found in ["werkgever_kbo", "Opleidingscode", "einddatum"] {
        assert!(message.contains(found), "lists header {found}: {message}");
    }
}

#[test]
fn a_good_file_and_a_fatal_one_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let good = write_rows(dir.path(), "goed.csv", &[Row::new()]);
    let header = HEADER.replace("aantal", "hoeveel");
    let bad = write(
        dir.path(),
        "slecht.csv",
        format!("{header}\n{}\n", Row::nth(2).line(';')),
    );
    let out = dir.path().join("out");
    let output = prepare(&out, [&good, &bad]).output().unwrap();
    assert_fatal(&output, "F003", &out);
}

#[test]
fn two_headers_for_one_field_is_f004() {
    let dir = tempfile::tempdir().unwrap();
    let header = format!("{HEADER};Ondernemingsnummer");
    let input = write(
        dir.path(),
        "dubbel.csv",
        format!("{header}\n{};{KBO_A}\n", Row::new().line(';')),
    );
    let (_, fatal) = fatal_case(dir.path(), &input, "F004");
    let message = fatal["message"].as_str().unwrap();
    assert!(
        message.contains("werkgever_kbo") && message.contains("Ondernemingsnummer"),
        "{message}"
    );
}

// ---------------------------------------------------------------- broken records

#[test]
fn malformed_records_are_f005_on_their_own_line_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let good = |n| Row::nth(n).line(';');
    let lines = [
        HEADER.to_string(),
        good(1),                                              // line 2
        format!("{};extra", good(2)),                         // line 3: one field too many
        good(3),                                              // line 4
        good(4).replace(";Naam4;", ";\"Naam4\"x;"),           // line 5: text after a closing quote
        good(5),                                              // line 6
        good(6).replace(";Naam6;", ";\"Naam6 zonder einde;"), // line 7: unclosed quote
        good(7),                                              // line 8
        good(8),                                              // line 9
    ];
    let input = write(dir.path(), "kapot.csv", lines.join("\n") + "\n");
    let (code, out) = prepare_one(dir.path(), &input, &[]);
    assert_eq!(code, 1);
    let report = report(&out);
    assert_eq!(summary(&report, "rows"), 8);
    assert_eq!(summary(&report, "accepted"), 5);
    assert_eq!(summary(&report, "rejected"), 3);
    assert_eq!(
        summary(&report, "rows"),
        summary(&report, "accepted") + summary(&report, "rejected")
    );
    let f005 = vec!["F005".to_string()];
    assert_eq!(
        report_rows(&report),
        vec![(3, f005.clone()), (5, f005.clone()), (7, f005)]
    );
    assert_eq!(upload_lines(&upload_path(&out, KBO_A)).len(), 5);
    let rejected = read_csv(&out.join("rejected.csv"));
    let bron: Vec<String> = [3, 5, 7].iter().map(|l| format!("{}:{l}", input.display())).collect();
    assert_eq!(column(&rejected, "bron"), bron);
}

#[test]
fn unclosed_quote_before_a_quoted_field_loses_only_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        HEADER.to_string(),
        Row::nth(1).line(';').replace(";Naam1;", ";\"Naam1 zonder einde;"), // line 2: unclosed quote
        Row::nth(2).line(';'),                                              // line 3
        Row::nth(3).line(';').replace(";Naam3;", ";\"Naam3\";"),            // line 4: properly quoted
        Row::nth(4).line(';'),                                              // line 5
    ];
    let input = write(dir.path(), "quote.csv", lines.join("\n") + "\n");
    let (code, out) = prepare_one(dir.path(), &input, &[]);
    assert_eq!(code, 1);
    let report = report(&out);
    assert_eq!(summary(&report, "rows"), 4, "every data line is a row");
    assert_eq!(summary(&report, "accepted"), 3, "lines 3, 4 and 5 are fine");
    assert_eq!(report_rows(&report), vec![(2, vec!["F005".to_string()])]);
}

#[test]
fn multi_line_quoted_field_keeps_later_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        HEADER.to_string(),
        Row::nth(1).line(';').replace(";Naam1;", ";\"Naam1\nDe Smet\njr.\";"), // lines 2-4
        Row::nth(2).line(';'),                                                 // line 5
        Row::nth(3).line(';').replace("ODB-0002141", "ODB-12"),                // line 6: V103
        String::new(),                                                         // line 7: blank
        Row::nth(4).line(';').replace(KBO_A, "0403170702"),                    // line 8: V101
    ];
    let input = write(dir.path(), "meerregelig.csv", lines.join("\n") + "\n");
    let (code, out) = prepare_one(dir.path(), &input, &[]);
    assert_eq!(code, 1);
    let report = report(&out);
    assert_eq!(summary(&report, "rows"), 4);
    // A line break in a name is no name (V112, RULES rev 2); the lines after
    // the multi-line record keep their numbers.
    assert_eq!(
        report_rows(&report),
        vec![
            (2, vec!["V112".to_string()]),
            (6, vec!["V103".to_string()]),
            (8, vec!["V101".to_string()])
        ]
    );
    // rejected.csv keeps the multi-line cell whole, to be corrected.
    let rejected = read_csv(&out.join("rejected.csv"));
    assert_eq!(column(&rejected, "werknemer_naam")[0], "Naam1\nDe Smet\njr.");
}

#[test]
fn xlsx_header_below_blank_rows_keeps_spreadsheet_row_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("laag.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    // Rows 1-2 empty, header in row 3, data in rows 4 and 6 (5 blank).
    for (col, name) in HEADER.split(';').enumerate() {
        sheet.write_string(2, col as u16, name).unwrap();
    }
    write_sheet_row(sheet, 3, 403_170_701.0, INSZ_A, "Peeters", 40.0, "ODB-0002141");
    write_sheet_row(sheet, 5, 403_170_701.0, INSZ_B, "Janssens", 40.0, "ODB-12");
    workbook.save(&input).unwrap();
    let (code, out) = prepare_one(dir.path(), &input, &[]);
    assert_eq!(code, 1);
    let report = report(&out);
    assert_eq!(summary(&report, "rows"), 2);
    assert_eq!(report_rows(&report), vec![(6, vec!["V103".to_string()])]);
}

/// An input whose header sits on line 3, below two `blank` lines; line 5 is rejected.
fn header_on_line_3(dir: &Path, blank: &str) -> std::path::PathBuf {
    let bad = Row {
        odb: "ODB-12".into(),
        ..Row::nth(2)
    };
    let text = format!(
        "{blank}\n{blank}\n{HEADER}\n{}\n{}\n",
        Row::nth(1).line(';'),
        bad.line(';')
    );
    write(dir, "laag.csv", text)
}

#[test]
fn csv_empty_lines_before_the_header_keep_physical_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let input = header_on_line_3(dir.path(), "");
    let (code, out) = prepare_one(dir.path(), &input, &[]);
    assert_eq!(code, 1);
    assert_eq!(report_rows(&report(&out)), vec![(5, vec!["V103".to_string()])]);
}

#[test]
fn csv_rows_of_empty_cells_before_the_header_are_skipped() {
    // What Excel's "CSV (;)" writes for empty rows above a header on row 3.
    let dir = tempfile::tempdir().unwrap();
    let input = header_on_line_3(dir.path(), ";;;;;;;;");
    let (code, out) = prepare_one(dir.path(), &input, &[]);
    assert_eq!(code, 1);
    assert_eq!(report_rows(&report(&out)), vec![(5, vec!["V103".to_string()])]);
}

#[test]
fn xlsx_date_time_cells_at_midnight_are_dates_other_times_are_v104() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("tijd.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    write_header(sheet);
    write_sheet_row(sheet, 1, 403_170_701.0, INSZ_A, "Peeters", 40.0, "ODB-0002141");
    write_sheet_row(sheet, 2, 403_170_701.0, INSZ_B, "Janssens", 40.0, "ODB-0002141");
    let datetime = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    let midnight = ExcelDateTime::from_ymd(2026, 10, 1).unwrap().and_hms(0, 0, 0).unwrap();
    let afternoon = ExcelDateTime::from_ymd(2026, 10, 1)
        .unwrap()
        .and_hms(14, 30, 0)
        .unwrap();
    sheet.write_datetime_with_format(1, 7, midnight, &datetime).unwrap();
    sheet.write_datetime_with_format(2, 7, afternoon, &datetime).unwrap();
    workbook.save(&input).unwrap();
    let (code, out) = prepare_one(dir.path(), &input, &[]);
    assert_eq!(code, 1);
    let report = report(&out);
    assert_eq!(report_rows(&report), vec![(3, vec!["V104".to_string()])]);
    assert_eq!(
        column(&read_csv(&upload_path(&out, KBO_A)), "startdatum"),
        vec!["01/10/2026"]
    );
}
