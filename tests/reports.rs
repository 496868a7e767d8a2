//! The outputs people look at: `rejected.xlsx` (read back with calamine, its
//! fills and notes checked in the workbook's XML, corrected and fed back) and
//! `report.html` (structure, escaping, masking, limits).

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::*;

const SCRIPT: &str = "<script>alert(1)</script>";

/// Line 2 accepted (its employer's name a script); 3 a bad INSZ and a date
/// that does not exist (its name a script); 4 a bad KBO with a formula in an
/// extra column; 5 negative hours; 6 and 7 the same request (the second
/// rejected, X301) due within --warn-days (R206, a warning on startdatum).
fn reports_input(dir: &Path) -> (PathBuf, Vec<String>) {
    let header = format!("{HEADER};werkgever_naam;vestiging_postcode;Opmerking");
    let line3 = Row {
        insz: bad_insz(&Row::nth(3).insz),
        start: "31/02/2027".into(),
        naam: SCRIPT.into(),
        ..Row::nth(3)
    };
    let line4 = Row {
        kbo: "0403170702".into(),
        ..Row::nth(4)
    };
    let line5 = Row {
        aantal: "-5".into(),
        ..Row::nth(5)
    };
    let soon = Row {
        start: "01/09/2026".into(),
        end: "30/11/2026".into(),
        ..Row::nth(6)
    };
    let text = format!(
        "{header}\n{};{SCRIPT};9000;\n{};Acme NV;9000;\n{};Acme NV;9000;=1+1\n{};Acme NV;9000;\n{};Acme NV;9000;\n{};Acme NV;9000;\n",
        Row::nth(2).line(';'),
        line3.line(';'),
        line4.line(';'),
        line5.line(';'),
        soon.line(';'),
        soon.line(';'),
    );
    let inszs = [Row::nth(2).insz, line3.insz, line4.insz, line5.insz, soon.insz];
    (write(dir, "klant.csv", text), inszs.to_vec())
}

fn sheet_rows(path: &Path) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = book.sheet_names().first().cloned().expect("a sheet");
    let range = book.worksheet_range(&name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn part(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut entry = zip.by_name(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut text = String::new();
    entry.read_to_string(&mut text).unwrap();
    text
}

/// `A1`-style reference of a 0-based row and column.
fn cell_ref(row: usize, column: usize) -> String {
    let mut letters = String::new();
    let mut n = column + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.insert(0, (b'A' + rem as u8) as char);
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// The fill colour (`FFRRGGBB`) of a cell, through its style's fill, or `None`.
fn fill_of(book: &Path, reference: &str) -> Option<String> {
    let sheet = part(book, "xl/worksheets/sheet1.xml");
    let styles = part(book, "xl/styles.xml");
    let at = sheet.find(&format!("<c r=\"{reference}\""))?;
    let cell = &sheet[at..at + sheet[at..].find('>')?];
    let style: usize = cell.split(" s=\"").nth(1)?.split('"').next()?.parse().ok()?;
    let xfs = styles.split("<cellXfs").nth(1)?.split("</cellXfs>").next()?;
    let xf = xfs.split("<xf ").nth(style + 1)?;
    let fill: usize = xf.split("fillId=\"").nth(1)?.split('"').next()?.parse().ok()?;
    let fills = styles.split("<fills").nth(1)?.split("</fills>").next()?;
    let fill = fills.split("<fill>").nth(fill + 1)?;
    Some(fill.split("rgb=\"").nth(1)?.split('"').next()?.to_string())
}

/// The text of the note on a cell (`A1`), or `None`.
fn note_on(book: &Path, reference: &str) -> Option<String> {
    let comments = part(book, "xl/comments1.xml");
    let at = comments.find(&format!("<comment ref=\"{reference}\""))?;
    let comment = comments[at..].split("</comment>").next()?;
    // The text of each run: what stands before each `</t>`, after its `<t…>`.
    let pieces: Vec<&str> = comment.split("</t>").collect();
    Some(
        pieces[..pieces.len() - 1]
            .iter()
            .filter_map(|p| p.rsplit_once('>').map(|(_, text)| text))
            .collect(),
    )
}

/// The sheet's header as `rejected.csv` names the columns: each header
/// cell's note (the canonical name) where it has one, else its text.
fn canonical_header(book: &Path, header: &[Data]) -> Vec<String> {
    header
        .iter()
        .enumerate()
        .map(|(c, cell)| note_on(book, &cell_ref(0, c)).unwrap_or_else(|| cell.to_string()))
        .collect()
}

/// The column whose header names the canonical column `name`, by its label
/// or by its note.
fn canonical_column(book: &Path, header: &[Data], name: &str) -> usize {
    canonical_header(book, header)
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

fn column_of(header: &[Data], name: &str) -> usize {
    header
        .iter()
        .position(|c| matches!(c, Data::String(s) if s == name))
        .unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn rejected_xlsx_holds_the_rows_of_rejected_csv_with_types_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _) = reports_input(dir.path());
    let out = dir.path().join("out");
    prepare(&out, [&input]).assert().code(1);
    let csv = read_csv(&out.join("rejected.csv"));
    let rows = sheet_rows(&out.join("rejected.xlsx"));
    assert_eq!(rows.len(), csv.len(), "the same rows");
    let book = out.join("rejected.xlsx");
    let header = canonical_header(&book, &rows[0]);
    let mut sorted = header.clone();
    sorted.sort();
    let mut want = csv[0].clone();
    want.sort();
    assert_eq!(sorted, want, "the same columns, in another order");
    for (sheet_row, csv_row) in rows.iter().zip(&csv).skip(1) {
        for (cell, name) in sheet_row.iter().zip(&header) {
            let text = &csv_row[csv[0].iter().position(|h| h == name).unwrap()];
            let plain = text.strip_prefix('\'').unwrap_or(text);
            match cell {
                Data::String(s) => assert_eq!(s, plain, "{name}"),
                Data::Empty => assert_eq!(plain, "", "{name}"),
                Data::DateTime(d) => {
                    let date = d.as_datetime().expect("a date").date();
                    assert_eq!(date.format("%d/%m/%Y").to_string(), plain, "{name}");
                }
                other => panic!("{name}: {other:?} where rejected.csv has {text:?}"),
            }
        }
    }
    let kbo = column_of(&rows[0], "Ondernemingsnummer");
    let insz = column_of(&rows[0], "INSZ werknemer");
    let start = column_of(&rows[0], "Startdatum");
    let remark = column_of(&rows[0], "Opmerking");
    let bron = column_of(&rows[0], "Bron");
    for row in &rows[1..] {
        // Identifiers stay text with their leading zero.
        assert!(
            matches!(&row[kbo], Data::String(s) if s.starts_with('0')),
            "{:?}",
            row[kbo]
        );
        assert!(matches!(&row[insz], Data::String(_)), "{:?}", row[insz]);
    }
    let by_line = |line: u32| {
        rows.iter()
            .find(|r| r[bron].to_string() == format!("{}:{line}", input.display()))
            .unwrap_or_else(|| panic!("line {line} in rejected.xlsx"))
    };
    assert_eq!(by_line(3)[start], Data::String("31/02/2027".into()), "not a date: text");
    assert!(matches!(by_line(5)[start], Data::DateTime(_)), "a date cell");
    // A formula-like cell is a string, never a formula, and without the `'`.
    assert_eq!(by_line(4)[remark], Data::String("=1+1".into()));
    let sheet = part(&out.join("rejected.xlsx"), "xl/worksheets/sheet1.xml");
    assert!(!sheet.contains("<f>"), "no formulas");
    assert!(sheet.contains("state=\"frozen\""), "header frozen");
    assert!(sheet.contains("<autoFilter ref=\"A1:"), "autofilter");
    assert!(sheet.contains("<col "), "column widths");
}

#[test]
fn rejected_xlsx_fills_the_diagnosed_cells_and_notes_the_messages() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _) = reports_input(dir.path());
    let out = dir.path().join("out");
    prepare(&out, [&input]).assert().code(1);
    let book = out.join("rejected.xlsx");
    let rows = sheet_rows(&book);
    let bron = canonical_column(&book, &rows[0], "bron");
    let index = |line: u32| {
        rows.iter()
            .position(|r| r[bron].to_string() == format!("{}:{line}", input.display()))
            .unwrap_or_else(|| panic!("line {line}"))
    };
    let insz = canonical_column(&book, &rows[0], "werknemer_insz");
    let start = canonical_column(&book, &rows[0], "startdatum");
    let naam = canonical_column(&book, &rows[0], "werknemer_naam");
    const RED: &str = "FFFFC7CE";
    const AMBER: &str = "FFFFEB9C";
    assert_eq!(fill_of(&book, &cell_ref(index(3), insz)).as_deref(), Some(RED), "V102");
    assert_eq!(fill_of(&book, &cell_ref(index(3), start)).as_deref(), Some(RED), "V104");
    assert_eq!(
        fill_of(&book, &cell_ref(index(3), naam)),
        None,
        "a cell without a diagnostic"
    );
    assert_eq!(
        fill_of(&book, &cell_ref(index(7), start)).as_deref(),
        Some(AMBER),
        "R206 on the duplicate"
    );
    let comments = part(&book, "xl/comments1.xml");
    let note = |reference: String| {
        let at = comments
            .find(&format!("<comment ref=\"{reference}\""))
            .unwrap_or_else(|| panic!("a note on {reference}: {comments}"));
        comments[at..].split("</comment>").next().unwrap().to_string()
    };
    assert!(note(cell_ref(index(3), insz)).contains("V102"));
    assert!(note(cell_ref(index(3), start)).contains("V104"));
    assert!(note(cell_ref(index(7), start)).contains("R206"));
    assert!(!comments.contains(&format!("<comment ref=\"{}\"", cell_ref(index(3), naam))));
}

#[test]
fn rejected_xlsx_fed_back_unchanged_reads_like_rejected_csv() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _) = reports_input(dir.path());
    let out = dir.path().join("out");
    prepare(&out, [&input]).assert().code(1);
    let from_csv = dir.path().join("from-csv");
    let from_xlsx = dir.path().join("from-xlsx");
    prepare(&from_csv, [out.join("rejected.csv")]).assert().code(1);
    prepare(&from_xlsx, [out.join("rejected.xlsx")]).assert().code(1);
    let (a, b) = (report(&from_csv), report(&from_xlsx));
    for key in ["rows", "accepted", "rejected"] {
        assert_eq!(summary(&a, key), summary(&b, key), "{key}");
    }
    let origins = |r: &serde_json::Value| -> Vec<(String, Vec<String>)> {
        r["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                let codes = row["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d["code"].as_str().unwrap().to_string())
                    .collect();
                (row["origin"].as_str().unwrap().to_string(), codes)
            })
            .collect()
    };
    assert_eq!(origins(&a), origins(&b));
    for (origin, _) in origins(&b) {
        assert!(origin.starts_with(&input.display().to_string()), "bron kept: {origin}");
    }
    // Only the columns vov-bulk adds are annotations, not unknown columns.
    assert!(!b["notes"].to_string().contains("'bron'"), "{}", b["notes"]);
}

#[test]
fn a_corrected_rejected_xlsx_is_accepted_with_its_origin_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _) = reports_input(dir.path());
    let out = dir.path().join("out");
    prepare(&out, [&input]).assert().code(1);
    let rows = sheet_rows(&out.join("rejected.xlsx"));
    let header = &rows[0];
    let bron = column_of(header, "Bron");
    let insz = column_of(header, "INSZ werknemer");
    let start = column_of(header, "Startdatum");
    let line3 = format!("{}:3", input.display());

    // What a clerk does in Excel: a correct INSZ (typed as text) and a real
    // date in the row of line 3; the other rows left as they are.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let text = rust_xlsxwriter::Format::new().set_num_format("@");
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (r, row) in rows.iter().enumerate() {
        let fixing = row[bron].to_string() == line3;
        for (c, cell) in row.iter().enumerate() {
            let (r, c16) = (r as u32, c as u16);
            match cell {
                _ if fixing && c == insz => {
                    sheet.write_string_with_format(r, c16, Row::nth(3).insz, &text).unwrap();
                }
                _ if fixing && c == start => {
                    let day = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 10, 1).unwrap();
                    sheet.write_datetime_with_format(r, c16, &day, &date).unwrap();
                }
                Data::String(s) => {
                    sheet.write_string(r, c16, s).unwrap();
                }
                Data::DateTime(d) => {
                    let day = rust_xlsxwriter::ExcelDateTime::from_serial_datetime(d.as_f64()).unwrap();
                    sheet.write_datetime_with_format(r, c16, &day, &date).unwrap();
                }
                Data::Float(f) => {
                    sheet.write_number(r, c16, *f).unwrap();
                }
                _ => {}
            }
        }
    }
    let corrected = dir.path().join("verbeterd.xlsx");
    book.save(&corrected).unwrap();

    let again = dir.path().join("again");
    let output = prepare(&again, [&corrected]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr_text(&output));
    let report = report(&again);
    // Line 3 corrected, and line 7, a duplicate only beside line 6.
    assert_eq!(summary(&report, "accepted"), 2, "{report}");
    let uploaded = read_text(&upload_path(&again, KBO_A));
    assert!(uploaded.contains(&format!(";{};", Row::nth(3).insz)), "{uploaded}");
    assert!(uploaded.contains(";01/10/2026;"), "{uploaded}");
    let name = input.display();
    let accepted: Vec<&serde_json::Value> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "accepted")
        .collect();
    assert_eq!(accepted.len(), 1, "line 7 keeps its R206");
    assert_eq!(accepted[0]["origin"], format!("{name}:7"), "bron kept");
    // The rows still rejected keep the payroll export's lines as their origin.
    let still = sheet_rows(&again.join("rejected.xlsx"));
    let bron = column_of(&still[0], "Bron");
    let origins: Vec<String> = still[1..].iter().map(|r| r[bron].to_string()).collect();
    assert_eq!(origins, vec![format!("{name}:4"), format!("{name}:5")]);
}

/// The header row's texts.
fn header_texts(rows: &[Vec<Data>]) -> Vec<String> {
    rows[0].iter().map(|c| c.to_string()).collect()
}

#[test]
fn rejected_xlsx_puts_codes_and_messages_after_the_identifying_columns_and_empty_ones_last() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _) = reports_input(dir.path());
    let out = dir.path().join("out");
    prepare(&out, [&input]).assert().code(1);
    let book = out.join("rejected.xlsx");
    let rows = sheet_rows(&book);
    let header = header_texts(&rows);
    assert_eq!(
        header[..8],
        [
            "Ondernemingsnummer",
            "Naam werkgever",
            "INSZ werknemer",
            "Naam werknemer",
            "Voornaam werknemer",
            "ODB-nummer",
            "Codes",
            "Meldingen"
        ],
        "{header:?}"
    );
    // The optional fields the input has no column for come last, and are
    // empty in every row; the columns before them are the input's.
    let first_empty = header
        .iter()
        .position(|h| h == "Titel opleiding")
        .expect("an unmapped field");
    assert!(header[..first_empty].contains(&"Opmerking".to_string()), "{header:?}");
    assert!(header[..first_empty].contains(&"Bron".to_string()), "{header:?}");
    assert!(header[..first_empty].contains(&"Postcode vestigingseenheid".to_string()));
    for row in &rows[1..] {
        assert!(row.len() <= first_empty || row[first_empty..].iter().all(|c| *c == Data::Empty));
    }
    // Each header cell keeps its canonical name as its note.
    assert_eq!(note_on(&book, "C1").as_deref(), Some("werknemer_insz"));
    assert_eq!(note_on(&book, "H1").as_deref(), Some("meldingen"));
}

#[test]
fn rejected_xlsx_prints_landscape_one_page_wide_with_the_header_on_each_page() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _) = reports_input(dir.path());
    let out = dir.path().join("out");
    prepare(&out, [&input]).assert().code(1);
    let book = out.join("rejected.xlsx");
    let sheet = part(&book, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("orientation=\"landscape\""), "landscape");
    assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"), "fit to pages");
    assert!(
        sheet.contains("fitToHeight=\"0\""),
        "one page wide, as many long as needed"
    );
    let workbook = part(&book, "xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles") && workbook.contains("$1:$1"),
        "the header row repeated: {workbook}"
    );
}

#[test]
fn rejected_xlsx_speaks_french_in_its_headers_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _) = reports_input(dir.path());
    let out = dir.path().join("out");
    prepare(&out, [&input]).args(["--lang", "fr"]).assert().code(1);
    let book = out.join("rejected.xlsx");
    let rows = sheet_rows(&book);
    let header = header_texts(&rows);
    for label in [
        "Numéro d'entreprise",
        "NISS travailleur",
        "Nom du travailleur",
        "Date de début",
        "Messages",
        "Codes",
    ] {
        assert!(header.contains(&label.to_string()), "{label} not in {header:?}");
    }
    for name in ["werknemer_insz", "startdatum", "meldingen", "bron"] {
        assert!(!header.contains(&name.to_string()), "{name} as a header");
    }
    let insz = column_of(&rows[0], "NISS travailleur");
    assert_eq!(note_on(&book, &cell_ref(0, insz)).as_deref(), Some("werknemer_insz"));
    // Fed back as it is, it reads as rejected.csv does.
    let (from_csv, from_xlsx) = (dir.path().join("from-csv"), dir.path().join("from-xlsx"));
    prepare(&from_csv, [out.join("rejected.csv")])
        .args(["--lang", "fr"])
        .assert()
        .code(1);
    prepare(&from_xlsx, [&book]).args(["--lang", "fr"]).assert().code(1);
    let (a, b) = (report(&from_csv), report(&from_xlsx));
    for key in ["rows", "accepted", "rejected"] {
        assert_eq!(summary(&a, key), summary(&b, key), "{key}");
    }
    assert!(!b["notes"].to_string().contains("Messages"), "{}", b["notes"]);
    // rejected.csv keeps the canonical columns whatever the language.
    let csv = read_csv(&out.join("rejected.csv"));
    assert_eq!(csv[0][0], "werkgever_kbo");
    assert_eq!(csv[0].last().unwrap(), "meldingen");
}

/// `text` with the cell `reference` of a sheet's XML set to `cell` (the
/// whole `<c …>…</c>` element): what a spreadsheet program does to one cell.
fn with_cell(sheet: &str, reference: &str, cell: &str) -> String {
    let start = sheet
        .find(&format!("<c r=\"{reference}\""))
        .unwrap_or_else(|| panic!("no cell {reference}"));
    let open_end = start + sheet[start..].find('>').unwrap();
    let end = if sheet[..open_end].ends_with('/') {
        open_end + 1
    } else {
        open_end + sheet[open_end..].find("</c>").unwrap() + "</c>".len()
    };
    format!("{}{cell}{}", &sheet[..start], &sheet[end..])
}

/// The cell's style attribute (` s="3"`), kept when a cell is edited.
fn style_of(sheet: &str, reference: &str) -> String {
    let start = sheet.find(&format!("<c r=\"{reference}\"")).unwrap();
    let tag = &sheet[start..start + sheet[start..].find('>').unwrap()];
    tag.split(" s=\"")
        .nth(1)
        .map(|s| format!(" s=\"{}\"", s.split('"').next().unwrap()))
        .unwrap_or_default()
}

#[test]
fn rejected_xlsx_edited_in_place_is_accepted_with_its_notes_and_layout_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _) = reports_input(dir.path());
    let out = dir.path().join("out");
    prepare(&out, [&input]).args(["--lang", "fr"]).assert().code(1);
    let book = out.join("rejected.xlsx");
    let rows = sheet_rows(&book);
    let bron = column_of(&rows[0], "Ligne d'origine");
    let insz = column_of(&rows[0], "NISS travailleur");
    let start = column_of(&rows[0], "Date de début");
    let line3 = format!("{}:3", input.display());
    let r = rows.iter().position(|row| row[bron].to_string() == line3).unwrap();

    // The workbook as it is, with two cells of line 3 typed over: the INSZ as
    // text and the start date as a date (1 October 2026, serial 46296).
    let mut sheet = part(&book, "xl/worksheets/sheet1.xml");
    let (insz_ref, start_ref) = (cell_ref(r, insz), cell_ref(r, start));
    let insz_cell = format!(
        "<c r=\"{insz_ref}\"{} t=\"inlineStr\"><is><t>{}</t></is></c>",
        style_of(&sheet, &insz_ref),
        Row::nth(3).insz
    );
    sheet = with_cell(&sheet, &insz_ref, &insz_cell);
    let start_cell = format!("<c r=\"{start_ref}\"{}><v>46296</v></c>", style_of(&sheet, &start_ref));
    sheet = with_cell(&sheet, &start_ref, &start_cell);
    let edited = dir.path().join("corrigé.xlsx");
    {
        use std::io::Write;
        let mut from = zip::ZipArchive::new(std::fs::File::open(&book).unwrap()).unwrap();
        let mut to = zip::ZipWriter::new(std::fs::File::create(&edited).unwrap());
        for i in 0..from.len() {
            let mut entry = from.by_index(i).unwrap();
            let name = entry.name().unwrap().to_string();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                bytes = sheet.clone().into_bytes();
            }
            to.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            to.write_all(&bytes).unwrap();
        }
        to.finish().unwrap();
    }
    let edited_rows = sheet_rows(&edited);
    assert_eq!(edited_rows[r][insz], Data::String(Row::nth(3).insz));

    let again = dir.path().join("again");
    let output = prepare(&again, [&edited]).args(["--lang", "fr"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr_text(&output));
    let report = report(&again);
    assert_eq!(
        summary(&report, "accepted"),
        2,
        "line 3 corrected, line 7 alone now: {report}"
    );
    let uploaded = read_text(&upload_path(&again, KBO_A));
    assert!(uploaded.contains(&format!(";{};", Row::nth(3).insz)), "{uploaded}");
    assert!(uploaded.contains(";01/10/2026;"), "{uploaded}");
    let origins: Vec<String> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["origin"].as_str().unwrap().to_string())
        .collect();
    assert!(
        origins.iter().all(|o| o.starts_with(&input.display().to_string())),
        "{origins:?}"
    );
    // Nothing of the workbook's own columns is taken for a client's column.
    assert!(!report["notes"].to_string().contains("NISS"), "{}", report["notes"]);
}

#[test]
fn report_html_is_one_self_contained_page_with_every_input_text_escaped_and_masked() {
    let dir = tempfile::tempdir().unwrap();
    let (input, inszs) = reports_input(dir.path());
    let out = dir.path().join("out");
    prepare(&out, [&input]).assert().code(1);
    let page = read_text(&out.join("report.html"));
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", &page[..40]);
    assert!(page.contains("<html lang=\"nl\">"));
    assert!(page.contains("<style>") && page.contains("@page") && page.contains("@media print"));
    assert!(page.contains("<svg"), "inline charts");
    // Nothing to fetch and nothing to run.
    for absent in ["<script", "src=", "href=", "url(", "@import", "<link"] {
        assert!(!page.contains(absent), "{absent} in the page");
    }
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the name shown as text"
    );
    for number in &inszs {
        assert!(!page.contains(number.as_str()), "{number} in the page");
    }
    assert!(page.contains("-xxx-xx"), "INSZ shown masked");
    // Per employer: its name, KBO, figures, requests and rejected rows.
    assert!(
        page.contains("<h2>&lt;script&gt;alert(1)&lt;/script&gt; <span class=\"kbo\">"),
        "the employer's name as its heading"
    );
    assert!(page.contains("KBO 0403.170.701"));
    assert!(page.contains("Geraamde terugbetaling"));
    assert!(page.contains("Aanvragen per laatste indieningsdag"));
    assert!(page.contains("Geweigerde rijen"));
    assert!(
        page.contains("Rijen zonder geldig ondernemingsnummer"),
        "line 4's bad KBO"
    );
    assert!(page.contains("class=\"soon\""), "R206: due within --warn-days");
    assert!(page.contains("V102") && page.contains("V104") && page.contains("X301"));
    assert!(
        page.contains("Raming per begrensd uur: 2026-2027: EUR 14,91 (voorlopig)"),
        "the year's rate in Dutch notation"
    );
    assert!(
        page.contains("Regelgeving: ingebouwde tabel (editie "),
        "the table used"
    );
    assert!(page.contains("voorlopig in deze batch: 2026-2027"));
    assert!(
        page.contains("<sup class=\"provisional\""),
        "the provisional estimate marked"
    );
}

#[test]
fn report_html_speaks_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _) = reports_input(dir.path());
    let out = dir.path().join("out");
    prepare(&out, [&input]).args(["--lang", "en"]).assert().code(1);
    let page = read_text(&out.join("report.html"));
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("Rejected rows") && page.contains("Estimated reimbursement"));
    assert!(page.contains("2026-2027: EUR 14.91 (provisional)"));
    assert!(page.contains("Regulation: built-in table"));
    assert!(!page.contains("Geweigerde rijen"));
}

#[test]
fn report_html_and_rejected_xlsx_speak_french() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _) = reports_input(dir.path());
    let out = dir.path().join("out");
    prepare(&out, [&input]).args(["--lang", "fr"]).assert().code(1);
    let page = read_text(&out.join("report.html"));
    assert!(page.contains("<html lang=\"fr\">"));
    for label in [
        "<h1>Rapport VOV</h1>",
        "Remboursement estimé",
        "Demandes par dernier jour pour introduire",
        "Lignes refusées",
        "Lignes sans numéro d'entreprise (BCE/KBO) valide",
        "BCE/KBO 0403.170.701",
        "2026-2027: EUR 14,91 (provisoire)",
        "Réglementation: tableau intégré",
    ] {
        assert!(page.contains(label), "{label} not in the page");
    }
    assert!(!page.contains("Geweigerde rijen") && !page.contains("Rejected rows"));
    let book: Xlsx<_> = open_workbook(out.join("rejected.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["Refusées"]);
}

#[test]
fn report_html_limits_its_tables_and_names_what_it_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows: Vec<Row> = (0..210).map(Row::nth).collect();
    rows.extend((210..460).map(|n| Row {
        aantal: "-5".into(),
        ..Row::nth(n)
    }));
    let input = write_rows(dir.path(), "groot.csv", &rows);
    let out = dir.path().join("out");
    prepare(&out, [&input]).args(["--lang", "en"]).assert().code(1);
    let page = read_text(&out.join("report.html"));
    assert!(
        page.contains("and 10 more, see wse-vov_0403170701.csv"),
        "requests cut at 200"
    );
    assert!(
        page.contains("and 50 more, see rejected.xlsx"),
        "rejected rows cut at 200"
    );
    assert!(page.len() < 400_000, "a small page: {} bytes", page.len());
    // Every rejected row is still in the workbook.
    assert_eq!(sheet_rows(&out.join("rejected.xlsx")).len(), 251);
}

/// Rows in three school years at two employers, under `--as-of 2026-06-15`:
/// Acme's in 2024-2025 (still in time by its hire date, R216) and
/// 2025-2026, confirmed; Beta's in the provisional 2026-2027; and a third
/// employer's row at 40 % on a fixed schedule with 40 % in total, which gets
/// R208 twice (its own row and the employee's school year) and is rejected.
fn three_years_input(dir: &Path) -> PathBuf {
    let third = kbo(1_234_567);
    let header = format!("{HEADER};indiensttreding;tewerkstelling_pct;tewerkstelling_totaal_pct;vast_uurrooster");
    let row = |kbo: &str, n: u32, start: &str, end: &str, extra: &str| {
        let row = Row {
            kbo: kbo.to_string(),
            start: start.into(),
            end: end.into(),
            ..Row::nth(n)
        };
        format!("{};{extra}\n", row.line(';'))
    };
    let text = [
        header + "\n",
        row(KBO_A, 2, "15/05/2025", "31/12/2026", "01/04/2026;;;"),
        row(KBO_A, 3, "01/05/2026", "30/06/2026", ";;;"),
        row(KBO_B, 4, "01/09/2026", "30/06/2027", ";;;"),
        row(&third, 5, "01/05/2026", "30/06/2026", ";40;40;ja"),
    ]
    .concat();
    write(dir, "drie-jaren.csv", text)
}

#[test]
fn report_json_names_the_table_the_provisional_years_and_the_provisional_estimates() {
    let dir = tempfile::tempdir().unwrap();
    let input = three_years_input(dir.path());
    let out = dir.path().join("out");
    bin()
        .args(["prepare", "--as-of", "2026-06-15", "--out"])
        .arg(&out)
        .arg(&input)
        .assert()
        .code(1);
    let report = report(&out);
    assert_eq!(report["report_version"], 3);
    let regulation = &report["regulation"];
    assert_eq!(regulation["source"], "built-in");
    assert_eq!(regulation["sha256"].as_str().map(str::len), Some(64), "{regulation}");
    assert!(regulation["edition"].is_string(), "{regulation}");
    assert_eq!(regulation["provisional_years"], serde_json::json!(["2026-2027"]));
    assert_eq!(
        regulation["school_years"],
        serde_json::json!([
            {"school_year": "2024-2025", "eur_per_hour": "21.30", "provisional": false},
            {"school_year": "2025-2026", "eur_per_hour": "14.91", "provisional": false},
            {"school_year": "2026-2027", "eur_per_hour": "14.91", "provisional": true},
        ])
    );
    let summary = &report["summary"];
    let employers = summary["employers"].as_array().unwrap();
    let employer = |kbo: &str| {
        employers
            .iter()
            .find(|e| e["kbo"] == kbo)
            .unwrap_or_else(|| panic!("{kbo}"))
    };
    // 40 hours at EUR 21.30 and 40 at EUR 14.91.
    assert_eq!(employer(KBO_A)["estimated_reimbursement_eur"], "1448.40");
    assert_eq!(employer(KBO_A)["estimate_provisional"], false);
    assert_eq!(employer(KBO_B)["estimated_reimbursement_eur"], "596.40");
    assert_eq!(employer(KBO_B)["estimate_provisional"], true);
    assert_eq!(employer(&kbo(1_234_567))["estimate_provisional"], false);
    assert_eq!(summary["total"]["estimated_reimbursement_eur"], "2044.80");
    assert_eq!(summary["total"]["estimate_provisional"], true);
    // by_code counts rows: line 5 has R208 twice.
    let line5 = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["line"] == 5)
        .expect("line 5 in rows");
    let r208 = line5["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "R208")
        .count();
    assert_eq!(r208, 2, "{line5}");
    assert_eq!(summary["by_code"]["R208"], 1, "{summary}");
    assert_eq!(summary["rejected"], 1);
    let rows = summary["rows"].as_u64().unwrap();
    let parts = ["accepted", "rejected", "already_prepared"].map(|k| summary[k].as_u64().unwrap());
    assert_eq!(rows, parts.iter().sum::<u64>());
    // The page marks Beta's estimate and the total, and names the rates.
    let page = read_text(&out.join("report.html"));
    assert!(
        page.contains(
            "Raming per begrensd uur: 2024-2025: EUR 21,30; 2025-2026: EUR 14,91; 2026-2027: EUR 14,91 (voorlopig)"
        ),
        "{page}"
    );
    assert_eq!(
        page.matches("<sup class=\"provisional\"").count(),
        2,
        "Beta and the total"
    );
}

#[test]
fn the_human_report_names_the_table_and_marks_the_provisional_estimates() {
    let dir = tempfile::tempdir().unwrap();
    let input = three_years_input(dir.path());
    for (lang, line, rates, footnote) in [
        (
            "nl",
            "Regelgeving: ingebouwde tabel (editie ",
            "Raming per begrensd uur: 2024-2025: EUR 21,30; 2025-2026: EUR 14,91; 2026-2027: EUR 14,91 (voorlopig)",
            "* raming met het voorlopige bedrag per uur",
        ),
        (
            "fr",
            "Réglementation: tableau intégré (édition ",
            "Estimation par heure plafonnée: 2024-2025: EUR 21,30; 2025-2026: EUR 14,91; 2026-2027: EUR 14,91 (provisoire)",
            "* estimation au montant horaire provisoire",
        ),
    ] {
        let output = bin()
            .args(["check", "--as-of", "2026-06-15", "--lang", lang])
            .arg(&input)
            .output()
            .unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains(line), "{lang}: {text}");
        assert!(text.contains("2026-2027 ("), "{lang}: the provisional year named: {text}");
        assert!(text.contains(rates), "{lang}: {text}");
        assert!(text.contains(footnote), "{lang}: {text}");
        let marked: Vec<&str> = text.lines().filter(|l| l.trim_end().ends_with('*')).collect();
        assert_eq!(marked.len(), 2, "{lang}: Beta and the total: {text}");
        assert!(marked[0].contains(KBO_B) && marked[0].contains("596,40*"), "{lang}: {text}");
    }
}

/// The bundled sample at Acme: line 4 (R203) and line 3 (X302) are accepted
/// with a warning; Bouw BV's rows without one. report.html lists them per
/// employer, the earliest last day first, with the origin, the warning and
/// what to check, and shows the values as the upload has them.
#[test]
fn report_html_lists_the_accepted_rows_with_a_warning_and_the_uploads_values() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/payroll-november.csv");
    let out = dir.path().join("out");
    prepare(&out, [&sample]).arg("--no-ledger").assert().code(1);
    let page = read_text(&out.join("report.html"));
    let acme = &page[page.find("<h2>Acme NV").expect("Acme's section")..];
    let warned = &acme[acme
        .find("<h3>Aanvaard met waarschuwing: controleer vóór het indienen (2)</h3>")
        .expect("Acme's warned rows")..];
    let warned = &warned[..warned.find("</table>").unwrap()];
    let line4 = warned.find("payroll-november.csv:4</td>").expect("line 4, R203");
    let line3 = warned.find("payroll-november.csv:3</td>").expect("line 3, X302");
    assert!(line4 < line3, "04/01/2027 before 14/01/2027: {warned}");
    for text in [
        "<b>R203</b> 24 uren is minder dan het minimum van 32 uren",
        "<b>X302</b> werknemer 900214-xxx-xx heeft 120 VOV-uren",
        "<i>Controleer:</i> Dien in (de aanvragen zijn geldig)",
        // The upload's ODB number, not the cell's `odb z00291`.
        "<td class=\"odb\">ODB-Z00291</td>",
        "Jan Janssens · 900214-xxx-xx",
    ] {
        assert!(warned.contains(text), "{text} not in\n{warned}");
    }
    assert!(!warned.contains("R207"), "an info is no warning: {warned}");
    let bouw = &page[page.find("<h2>Bouw BV").expect("Bouw's section")..page.find("<h2>Acme NV").unwrap()];
    // On 22/11 line 9 is still in time from its start: no R216, nothing to check.
    assert!(!bouw.contains("rows warned"), "{bouw}");
    assert!(!page.contains("odb z00291"), "the raw ODB number nowhere");
    assert!(
        page.contains("ODB-Z00291</td><td>15/10/2026</td>"),
        "the request too, with its R207 start"
    );
}

/// An employer whose only row fails (a date that does not exist: the row
/// never types) keeps the name its row gives, in report.json, the human
/// report and report.html.
#[test]
fn an_employer_keeps_its_name_when_its_only_row_fails() {
    let dir = tempfile::tempdir().unwrap();
    let third = kbo(1_234_567);
    let text = format!(
        "werkgever_kbo;werkgever_naam;werknemer_insz;werknemer_naam;werknemer_voornaam;odb_nummer;eenheid;aantal;startdatum;einddatum\n\
         {third};Derde BV;{INSZ_A};Peeters;An;odb 1234567;uren;40;31/02/2027;30/06/2027\n"
    );
    let input = write(dir.path(), "derde.csv", text);
    let out = dir.path().join("out");
    let output = prepare(&out, [&input]).arg("--no-ledger").assert().code(1);
    let human = String::from_utf8_lossy(&output.get_output().stderr).into_owned()
        + &String::from_utf8_lossy(&output.get_output().stdout);
    assert!(
        human.contains(&format!("{third}  ")) && human.contains("\n    Derde BV\n"),
        "{human}"
    );
    let report = report(&out);
    let employers = report["summary"]["employers"].as_array().unwrap();
    assert_eq!(employers.len(), 1, "{employers:?}");
    assert_eq!(employers[0]["name"], "Derde BV", "{employers:?}");
    assert_eq!(employers[0]["rejected"], 1);
    let page = read_text(&out.join("report.html"));
    assert!(page.contains("<h2>Derde BV <span class=\"kbo\">"), "the section named");
    assert!(page.contains("Derde BV (0123456749)"), "the chart's label");
}
