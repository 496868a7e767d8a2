//! Hostile, huge and unusual inputs through the real binary: fake, encrypted,
//! truncated and empty workbooks; CSV with huge cells, huge headers, NUL bytes,
//! mixed line ends, a BOM in the middle and broken UTF-8. Every case ends in a
//! clear code with exit 1 or 2: never a panic (exit 101), never a lost row.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;
use rust_xlsxwriter::Workbook;
use serde_json::Value;

/// Exit code of a Rust panic; must never be seen.
const PANIC: i32 = 101;

/// `check --format json` on one input (`--as-of` fixed by [`check`]).
fn check_json(input: &Path) -> (i32, Value, Output) {
    let output = check([input])
        .args(["--format", "json", "--lang", "en"])
        .output()
        .expect("run");
    let code = output.status.code().expect("exit code");
    assert_ne!(code, PANIC, "panic: {}", stderr_text(&output));
    let json = stdout_json(&output);
    (code, json, output)
}

/// `prepare --format json` on one input into `dir/out`.
fn prepare_json(dir: &Path, input: &Path) -> (i32, Value, PathBuf) {
    let out = dir.join("out");
    let output = prepare(&out, [input])
        .args(["--format", "json", "--lang", "en"])
        .output()
        .expect("run");
    let code = output.status.code().expect("exit code");
    assert_ne!(code, PANIC, "panic: {}", stderr_text(&output));
    (code, stdout_json(&output), out)
}

/// A fatal run: exit 2, `fatal.code`, `fatal.file` naming the input, nothing written.
fn assert_fatal_for(input: &Path, code: &str) -> Value {
    let dir = input.parent().expect("in a dir");
    let out = dir.join("out-fatal");
    let output = prepare(&out, [input])
        .args(["--format", "json", "--lang", "en"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2), "stderr: {}", stderr_text(&output));
    let json = stdout_json(&output);
    let fatal = &json["fatal"];
    assert_eq!(fatal["code"], code, "{json}");
    assert_eq!(fatal["file"], input.to_str().expect("UTF-8 path"), "{json}");
    assert!(fatal["message"].as_str().is_some_and(|m| !m.is_empty()), "{json}");
    assert!(
        stderr_text(&output).contains(input.file_name().and_then(|n| n.to_str()).unwrap_or("?")),
        "stderr names the file: {}",
        stderr_text(&output)
    );
    assert_nothing_written(&out);
    fatal.clone()
}

/// `(line, codes)` of the report rows, and the summary invariant
/// `rows == accepted + rejected`.
fn lines_and_codes(json: &Value) -> Vec<(u64, Vec<String>)> {
    assert_eq!(
        summary(json, "rows"),
        summary(json, "accepted") + summary(json, "rejected"),
        "{}",
        json["summary"]
    );
    report_rows(json)
}

/// A real one-row workbook, written with rust_xlsxwriter.
fn real_xlsx(path: &Path) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, name) in HEADER.split(';').enumerate() {
        sheet.write_string(0, col as u16, name).expect("header cell");
    }
    for (row, data) in [Row::nth(1), Row::nth(2), Row::nth(3)].iter().enumerate() {
        for (col, value) in data.cells().iter().enumerate() {
            sheet
                .write_string(row as u32 + 1, col as u16, *value)
                .expect("data cell");
        }
    }
    workbook.save(path).expect("save workbook");
}

/// An OLE compound file that holds an `EncryptedPackage` stream, as Office
/// writes a password-protected .xlsx: header with the magic, then directory
/// entries (names in UTF-16LE). Enough for any reader to see what it is.
fn encrypted_xlsx_lookalike() -> Vec<u8> {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(0x18, 0);
    bytes.extend_from_slice(&[0x3E, 0x00, 0x03, 0x00, 0xFE, 0xFF, 0x09, 0x00]);
    bytes.resize(512, 0);
    for name in ["Root Entry", "EncryptionInfo", "EncryptedPackage", "\u{6}DataSpaces"] {
        let mut entry: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let len = (entry.len() + 2) as u16;
        entry.resize(64, 0);
        entry.extend_from_slice(&len.to_le_bytes());
        entry.resize(128, 0);
        bytes.extend(entry);
    }
    bytes.resize(4096, 0);
    bytes
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82";

// ------------------------------------------------------------ workbooks

#[test]
fn encrypted_xlsx_is_f001_saying_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "wachtwoord.xlsx", encrypted_xlsx_lookalike());
    let fatal = assert_fatal_for(&input, "F001");
    assert!(
        fatal["message"].as_str().unwrap_or_default().contains("encrypted"),
        "{fatal}"
    );
}

#[test]
fn ole_magic_alone_named_xlsx_is_f001() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend(b"not really anything".iter());
    let input = write(dir.path(), "ole.xlsx", bytes);
    assert_fatal_for(&input, "F001");
}

#[test]
fn truncated_xlsx_is_f001() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("heel.xlsx");
    real_xlsx(&whole);
    // The real workbook is fine ...
    let (code, json, _) = check_json(&whole);
    assert_eq!(code, 0, "{json}");
    assert_eq!(summary(&json, "rows"), 3);
    // ... cut in half it is F001.
    let bytes = std::fs::read(&whole).unwrap();
    let input = write(dir.path(), "half.xlsx", &bytes[..bytes.len() / 2]);
    assert_fatal_for(&input, "F001");
    // So is one without its last byte (the end of the zip directory).
    let input = write(dir.path(), "minus-one.xlsx", &bytes[..bytes.len() - 1]);
    assert_fatal_for(&input, "F001");
}

#[test]
fn zero_byte_workbooks_are_f001() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["leeg.xlsx", "leeg.xls", "leeg.ods", "leeg.xlsb", "leeg.xlsm"] {
        let input = write(dir.path(), name, b"");
        assert_fatal_for(&input, "F001");
    }
}

#[test]
fn png_named_as_a_workbook_is_f001() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["foto.xlsx", "foto.xls", "foto.xlsb", "foto.ods"] {
        let input = write(dir.path(), name, PNG);
        assert_fatal_for(&input, "F001");
    }
}

#[test]
fn text_named_as_a_workbook_is_f001() {
    let dir = tempfile::tempdir().unwrap();
    let text = csv_text(&[Row::new()]);
    for name in ["tekst.xlsx", "tekst.xls", "tekst.xlsb", "tekst.ods"] {
        let input = write(dir.path(), name, &text);
        let fatal = assert_fatal_for(&input, "F001");
        assert!(fatal["help"].as_str().is_some_and(|h| !h.is_empty()), "{fatal}");
    }
}

// ------------------------------------------------------------------ CSV

#[test]
fn a_cell_over_a_spreadsheets_limit_is_f005_and_never_held_whole() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        // One character over a spreadsheet's 32,767: F005, the cell cut.
        Row {
            naam: "N".repeat(32_768),
            ..Row::nth(1)
        },
        // A 1 MB number: a record over 1 MiB, F005, not a crash of the decimal parser.
        Row {
            aantal: "9".repeat(1 << 20),
            ..Row::nth(2)
        },
        Row::nth(3),
        // At the limit: a name too long (V112), read whole.
        Row {
            naam: "M".repeat(32_767),
            ..Row::nth(4)
        },
    ];
    let input = write_rows(dir.path(), "groot.csv", &rows);
    let (code, json, out) = prepare_json(dir.path(), &input);
    assert_eq!(code, 1, "{}", json["summary"]);
    assert_eq!(summary(&json, "rows"), 4);
    assert_eq!(summary(&json, "accepted"), 1);
    let rejected = lines_and_codes(&json);
    assert_eq!(
        rejected,
        vec![
            (2, vec!["F005".to_string()]),
            (3, vec!["F005".to_string()]),
            (5, vec!["V112".to_string()])
        ]
    );
    let text = json.to_string();
    assert!(
        text.contains("32767") || text.contains("32,767") || text.contains("32.767"),
        "{text:.2000}"
    );
    // rejected.csv keeps the cells cut at the limit, never more.
    let names = column(&read_csv(&out.join("rejected.csv")), "werknemer_naam");
    assert_eq!(names.len(), 3);
    assert_eq!(names[0].chars().count(), 32_767);
    let report = std::fs::metadata(out.join("report.json")).unwrap().len();
    assert!(report < 64 * 1024, "report.json is {report} bytes");
}

/// The hostile files of issue 22: huge cells and lines, zeros, an endless
/// standard input, a FIFO. Each ends quickly with a clear code, prints a
/// small report and stays far under 1 GiB.
#[test]
fn a_forty_megabyte_cell_is_f005_with_small_reports_and_little_memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = csv_text(&[Row::nth(1)]);
    let huge = Row {
        naam: "N".repeat(40 << 20),
        ..Row::nth(2)
    };
    text.push_str(&huge.line(';'));
    text.push('\n');
    text.push_str(&Row::nth(3).line(';'));
    text.push('\n');
    let input = write(dir.path(), "veertig.csv", text);
    let out = dir.path().join("out");
    let output = prepare(&out, [&input]).args(["--lang", "en", "-v"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr_text(&output));
    assert!(
        output.stdout.len() < 64 * 1024,
        "stdout is {} bytes",
        output.stdout.len()
    );
    let json = read_json(&out.join("report.json"));
    assert_eq!(lines_and_codes(&json), vec![(3, vec!["F005".to_string()])]);
    for name in ["report.json", "report.html"] {
        let len = std::fs::metadata(out.join(name)).unwrap().len();
        assert!(len < 256 * 1024, "{name} is {len} bytes");
    }
    // The run's own peak, as its log says (`peak_memory_kib`).
    let log = stderr_text(&output);
    let peak: u64 = log
        .split("peak_memory_kib=")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(peak < 256 * 1024, "peak {peak} KiB:\n{log}");
}

#[test]
fn zeros_and_an_endless_standard_input_end_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    // Ten megabytes of zeros: no header, a short message (not the zeros echoed).
    let zeros = write(dir.path(), "nullen.csv", vec![0u8; 10 << 20]);
    let output = check([&zeros])
        .args(["--format", "json", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
    assert!(
        output.stdout.len() < 4096 && output.stderr.len() < 4096,
        "{}",
        stderr_text(&output)
    );
    // A 5 GB sparse file: the same, read no further than its first line.
    let sparse = dir.path().join("leeg-maar-groot.csv");
    std::fs::File::create(&sparse).unwrap().set_len(5 << 30).unwrap();
    let started = std::time::Instant::now();
    let output = check([&sparse]).args(["--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
    assert!(started.elapsed().as_secs() < 20);
    // `check - < /dev/zero`: ends, with F001, within seconds.
    let mut child = bin_std()
        .args(["check", "-", "--format", "json", "--lang", "en"])
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed().as_secs() > 30 {
            let _ = child.kill();
            panic!("check - < /dev/zero still runs after 30 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let output = child.wait_with_output().unwrap();
    assert_eq!(status.code(), Some(2), "{}", stderr_text(&output));
    let json = stdout_json(&output);
    assert_eq!(json["fatal"]["code"], "F001", "{json}");
    assert!(json["fatal"]["message"].as_str().unwrap().contains("MiB"), "{json}");
}

#[test]
fn a_fifo_named_as_a_workbook_or_a_csv_never_hangs() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["pijp.xlsx", "pijp.csv"] {
        let fifo = dir.path().join(name);
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let mut child = bin_std()
            .args(["check", "--format", "json", "--lang", "en", "--as-of", AS_OF])
            .arg(&fifo)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed().as_secs() > 20 {
                let _ = child.kill();
                panic!("{name}: still waiting after 20 s");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        let output = child.wait_with_output().unwrap();
        assert_eq!(status.code(), Some(2), "{name}: {}", stderr_text(&output));
        let json = stdout_json(&output);
        assert!(json["fatal"]["code"].as_str().unwrap().starts_with('F'), "{json}");
    }
}

#[test]
fn an_f003_message_cuts_the_headers_it_echoes() {
    let dir = tempfile::tempdir().unwrap();
    let long = "H".repeat(100_000);
    let header: Vec<String> = (0..200).map(|i| format!("kolom{i}{long}")).collect();
    let input = write(dir.path(), "koppen.csv", format!("{}\n1;2;3\n", header.join(";")));
    let output = check([&input])
        .args(["--format", "json", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
    let json = stdout_json(&output);
    assert!(output.stdout.len() < 8 * 1024, "{} bytes", output.stdout.len());
    assert!(output.stderr.len() < 16 * 1024, "{} bytes", output.stderr.len());
    assert!(
        json["fatal"]["code"] == "F003" || json["fatal"]["code"] == "F001",
        "{json}"
    );
}

#[test]
fn a_header_with_ten_thousand_columns_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let canonical: Vec<&str> = HEADER.split(';').collect();
    let extra = 10_000 - canonical.len();
    let mut header: Vec<String> = canonical.iter().map(|s| s.to_string()).collect();
    header.extend((0..extra).map(|i| format!("extra_{i}")));
    let mut text = header.join(";");
    text.push('\n');
    let filler = vec!["x"; extra].join(";");
    for (i, row) in [
        Row::nth(1),
        Row {
            kbo: "0403170702".into(),
            ..Row::nth(2)
        },
        Row::nth(3),
    ]
    .iter()
    .enumerate()
    {
        text.push_str(&row.line(';'));
        text.push(';');
        text.push_str(&filler);
        text.push('\n');
        if i == 0 {
            // A record of the wrong width in between: F005, not a lost file.
            text.push_str(&row.line(';'));
            text.push('\n');
        }
    }
    let input = write(dir.path(), "breed.csv", text);
    let (code, json, out) = prepare_json(dir.path(), &input);
    assert_eq!(code, 1, "{}", json["summary"]);
    assert_eq!(summary(&json, "rows"), 4);
    assert_eq!(summary(&json, "accepted"), 2);
    assert_eq!(
        lines_and_codes(&json),
        vec![(3, vec!["F005".to_string()]), (4, vec!["V101".to_string()])]
    );
    assert_eq!(json["inputs"][0]["rows"], 4);
    // rejected.csv keeps the unknown columns of the rejected rows.
    let rejected = read_csv(&out.join("rejected.csv"));
    assert!(rejected[0].len() >= 10_000, "{} columns", rejected[0].len());
}

#[test]
fn nul_bytes_in_cells_reject_only_their_row() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        Row::nth(1),
        Row {
            naam: "Jans\0sens".into(),
            ..Row::nth(2)
        },
        Row {
            kbo: format!("{KBO_A}\0"),
            ..Row::nth(3)
        },
        Row::nth(4),
    ];
    let input = write_rows(dir.path(), "nul.csv", &rows);
    let (code, json, out) = prepare_json(dir.path(), &input);
    assert_eq!(code, 1, "{}", json["summary"]);
    assert_eq!(summary(&json, "rows"), 4);
    assert_eq!(
        lines_and_codes(&json),
        vec![(3, vec!["F005".to_string()]), (4, vec!["F005".to_string()])]
    );
    let message = json["rows"][0]["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains("NUL") && message.contains("werknemer_naam"),
        "{message}"
    );
    // No NUL reaches an upload.
    let upload = std::fs::read(upload_path(&out, KBO_A)).unwrap();
    assert!(!upload.contains(&0), "NUL in the upload");
    assert_eq!(upload_lines(&upload_path(&out, KBO_A)).len(), 2);
}

#[test]
fn mixed_line_ends_lose_no_row() {
    let dir = tempfile::tempdir().unwrap();
    // LF, CRLF, a lone CR (old Mac) and a record that is rejected, in one file.
    let bad = Row {
        insz: bad_insz(&Row::nth(4).insz),
        ..Row::nth(4)
    };
    let text = format!(
        "{HEADER}\r\n{}\n{}\r\n{}\r{}\r\n{}",
        Row::nth(1).line(';'),
        Row::nth(2).line(';'),
        Row::nth(3).line(';'),
        bad.line(';'),
        Row::nth(5).line(';'),
    );
    let input = write(dir.path(), "regeleinden.csv", text);
    let (code, json, out) = prepare_json(dir.path(), &input);
    assert_eq!(code, 1, "{}", json["summary"]);
    assert_eq!(summary(&json, "rows"), 5);
    assert_eq!(summary(&json, "accepted"), 4);
    assert_eq!(lines_and_codes(&json), vec![(5, vec!["V102".to_string()])]);
    let uploaded = column(&read_csv(&upload_path(&out, KBO_A)), "naam");
    assert_eq!(uploaded, ["Naam1", "Naam2", "Naam3", "Naam5"]);
}

#[test]
fn a_lone_cr_inside_a_record_rejects_both_halves_clearly() {
    let dir = tempfile::tempdir().unwrap();
    // A CR in the middle of a record splits it: both halves are F005 with
    // their own line, nothing is silently glued or dropped.
    let line = Row::nth(2).line(';');
    let (left, right) = line.split_at(line.find("Naam2").unwrap());
    let text = format!(
        "{HEADER}\n{}\n{left}\r{right}\n{}\n",
        Row::nth(1).line(';'),
        Row::nth(3).line(';')
    );
    let input = write(dir.path(), "cr.csv", text);
    let (code, json, _) = check_json(&input);
    assert_eq!(code, 1);
    assert_eq!(summary(&json, "rows"), 4);
    assert_eq!(
        lines_and_codes(&json),
        vec![(3, vec!["F005".to_string()]), (4, vec!["F005".to_string()])]
    );
    assert_eq!(lines_with_status(&json, "rejected"), vec![3, 4]);
}

#[test]
fn a_bom_before_the_third_record_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let bad = Row {
        odb: "ODB-12".into(),
        ..Row::nth(4)
    };
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(format!("{HEADER}\n{}\n{}\n", Row::nth(1).line(';'), Row::nth(2).line(';')).bytes());
    bytes.extend(b"\xEF\xBB\xBF");
    bytes.extend(format!("{}\n{}\n", Row::nth(3).line(';'), bad.line(';')).bytes());
    let input = write(dir.path(), "bom.csv", bytes);
    let (code, json, out) = prepare_json(dir.path(), &input);
    assert_eq!(code, 1, "{}", json["summary"]);
    assert_eq!(summary(&json, "rows"), 4);
    assert_eq!(lines_and_codes(&json), vec![(5, vec!["V103".to_string()])]);
    let kbos = column(&read_csv(&upload_path(&out, KBO_A)), "ondernemingsnummer");
    assert_eq!(kbos, [KBO_A, KBO_A, KBO_A]);
}

#[test]
fn invalid_utf8_after_utf8_accents_is_f002_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = format!(
        "{HEADER}\n{}\n{}\n",
        Row {
            naam: "Müller".into(),
            ..Row::nth(1)
        }
        .line(';'),
        Row::nth(2).line(';')
    )
    .into_bytes();
    // Line 4: a Windows-1252 é (byte E9) after a UTF-8 ü on line 2.
    let line = Row {
        naam: "Andr#".into(),
        ..Row::nth(3)
    }
    .line(';')
    .replace('#', "\u{E9}");
    let (encoded, _, _) = encoding_rs::WINDOWS_1252.encode(&line);
    bytes.extend_from_slice(&encoded);
    bytes.push(b'\n');
    let input = write(dir.path(), "gemengd.csv", bytes);
    let fatal = assert_fatal_for(&input, "F002");
    let message = fatal["message"].as_str().unwrap_or_default();
    assert!(message.contains("line 4"), "{message}");
}

#[test]
fn binary_garbage_named_csv_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    // PNG bytes, random-ish bytes and a lone NUL, each named .csv.
    let mut noise: Vec<u8> = (0u32..20_000)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    noise.extend(PNG);
    for (name, bytes) in [("png.csv", PNG.to_vec()), ("noise.csv", noise), ("nul.csv", vec![0u8])] {
        let input = write(dir.path(), name, bytes);
        let output = check([&input]).args(["--format", "json"]).output().expect("run");
        let code = output.status.code().expect("exit code");
        assert_eq!(code, 2, "{name}: {}", stderr_text(&output));
        let json = stdout_json(&output);
        assert!(
            json["fatal"]["code"].as_str().is_some_and(|c| c.starts_with('F')),
            "{json}"
        );
    }
}

/// A valid row with its own employee for every `i` below 20,000, so that no
/// two are duplicates (X301) or one employee's (X302, X304).
fn distinct_row(i: u32) -> Row {
    Row {
        insz: insz(60 + i / 1000, 1 + i / 100 % 12, 1 + i % 28, i % 1000, false),
        naam: format!("Naam{i}"),
        voornaam: format!("Voornaam{i}"),
        ..Row::default()
    }
}

#[test]
fn many_rows_with_every_kind_of_trouble_are_all_accounted_for() {
    // 2,000 data lines mixing good rows, bad values, wrong widths, NULs,
    // unclosed quotes and blank lines: summary.rows counts every non-blank
    // line, and every rejected one is listed with its line.
    let dir = tempfile::tempdir().unwrap();
    let mut text = format!("{HEADER}\n");
    let mut expected_rejected = Vec::new();
    let mut data_rows = 0;
    for i in 0..2_000u32 {
        let line = i as u64 + 2;
        let row = distinct_row(i);
        let (record, rejected) = match i % 7 {
            0 => (row.line(';'), false),
            1 => (
                Row {
                    aantal: "veertig".into(),
                    ..row
                }
                .line(';'),
                true,
            ),
            2 => (format!("{};extra", row.line(';')), true),
            3 => (
                Row {
                    naam: "a\0b".into(),
                    ..row
                }
                .line(';'),
                true,
            ),
            4 => (
                Row {
                    naam: "\"open".into(),
                    ..row
                }
                .line(';'),
                true,
            ),
            5 => (";;;;;;;;".to_string(), false),
            _ => (row.line(';'), false),
        };
        if i % 7 != 5 {
            data_rows += 1;
        }
        if rejected {
            expected_rejected.push(line);
        }
        text.push_str(&record);
        text.push_str(if i % 2 == 0 { "\n" } else { "\r\n" });
    }
    let input = write(dir.path(), "alles.csv", text);
    let (code, json, _) = check_json(&input);
    assert_eq!(code, 1);
    assert_eq!(summary(&json, "rows"), data_rows);
    assert_eq!(summary(&json, "rejected"), expected_rejected.len() as u64);
    assert_eq!(lines_with_status(&json, "rejected"), expected_rejected);
    lines_and_codes(&json);
}

/// `rejected.csv`'s header is the client's text too, and two unknown columns
/// of one name both stay; fed back, the anti-formula `'` comes off again.
#[test]
fn rejected_csv_neutralises_headers_keeps_twin_columns_and_reads_back_clean() {
    let dir = tempfile::tempdir().unwrap();
    let bad = Row {
        insz: bad_insz(&Row::nth(1).insz),
        ..Row::nth(1)
    };
    let text = format!(
        "{HEADER};=HYPERLINK(\"http://x\");Opmerking;Opmerking\n{};a;eerste;tweede\n",
        bad.line(';')
    );
    let input = write(dir.path(), "export.csv", text);
    let out = dir.path().join("out");
    let output = prepare(&out, [&input]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr_text(&output));
    let rejected = read_text(&out.join("rejected.csv"));
    let header = rejected
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(header.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{header}");
    assert!(header.contains(";Opmerking;Opmerking (2);"), "{header}");
    assert!(rejected.contains(";eerste;tweede;"), "{rejected}");

    // Fixed and fed back: the header reads as the client's, not doubled.
    let fixed = rejected.replace(&bad.insz, &Row::nth(1).insz);
    let fixed = write(dir.path(), "fixed.csv", fixed);
    let again = dir.path().join("again");
    let output = prepare(&again, [&fixed]).args(["--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let notes = stdout_json(&output)["notes"].to_string();
    // The note quotes the name in '...': the name itself starts with `=`, not `'=`.
    assert!(
        notes.contains("kolom '=HYPERLINK") && !notes.contains("kolom ''=HYPERLINK"),
        "{notes}"
    );
}

/// A cell that rejected.csv neutralised (`'-5`, `'@x`) reads back as the
/// original when fed back: written again, it gets one `'`, not two.
#[test]
fn a_fed_back_neutralised_cell_reads_as_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let header = format!("{HEADER};opmerking;bron;codes;meldingen");
    let row = Row {
        insz: bad_insz(&Row::nth(3).insz),
        ..Row::nth(3)
    };
    let text = format!("{header}\n{};'-5 uren;payroll.csv:9;V102;V102: x\n", row.line(';'));
    let input = write(dir.path(), "rejected_fixed.csv", text);
    let out = dir.path().join("out");
    let output = prepare(&out, [&input]).args(["--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr_text(&output));
    let rejected = read_text(&out.join("rejected.csv"));
    assert!(rejected.contains(";'-5 uren;payroll.csv:9;"), "{rejected}");
    assert!(!rejected.contains("''-5"), "{rejected}");
}

/// Text the government portal must get as it is, or not at all (V112), and
/// quantities no enrolment holds (V110): rejected, never uploaded, no panic.
#[test]
fn formulas_line_breaks_huge_names_and_absurd_quantities_never_reach_an_upload() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "x".repeat(10_000_000);
    let rows = [
        Row {
            naam: "=HYPERLINK(\"\"http://x\"\")".into(),
            ..Row::nth(1)
        },
        Row {
            naam: "+Peeters".into(),
            ..Row::nth(2)
        },
        Row {
            naam: "-Peeters".into(),
            ..Row::nth(3)
        },
        Row {
            voornaam: "@An".into(),
            ..Row::nth(4)
        },
        Row {
            voornaam: "\"An\nMarie\"".into(),
            ..Row::nth(5)
        },
        Row {
            naam: huge,
            ..Row::nth(6)
        },
        Row {
            aantal: "91060765719".into(),
            ..Row::nth(7)
        },
        Row {
            aantal: "9999999999999999999999999999".into(),
            eenheid: "examens".into(),
            ..Row::nth(8)
        },
        Row {
            aantal: "1.200".into(),
            ..Row::nth(9)
        },
        Row::nth(10),
    ];
    let input = write_rows(dir.path(), "vijandig.csv", &rows);
    let out = dir.path().join("out");
    let output = prepare(&out, [&input]).args(["--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr_text(&output));
    let json = stdout_json(&output);
    assert_eq!(summary(&json, "rows"), 10);
    assert_eq!(summary(&json, "accepted"), 1);
    let codes = lines_and_codes(&json);
    // The 10 MB name is over a spreadsheet's limit: F005 (issue 22).
    let expected = ["V112", "V112", "V112", "V112", "V112", "F005", "V110", "V110", "V110"];
    for ((_, found), want) in codes.iter().zip(expected) {
        assert_eq!(found, &vec![want.to_string()], "{codes:?}");
    }
    let upload = read_text(&out.join(format!("wse-vov_{KBO_A}.csv")));
    assert_eq!(upload.lines().count(), 2, "the header and the one good row");
    // The report quotes at most 60 characters of the 10 MB name.
    assert!(std::fs::metadata(out.join("report.json")).unwrap().len() < 100_000);
}

/// A quoted field whose closing quote is missing, over two lines: one
/// broken record (one row, one F005 naming both lines), and the next
/// record read as it should.
#[test]
fn a_broken_multi_line_record_is_one_row_with_the_right_message() {
    let dir = tempfile::tempdir().unwrap();
    let good = Row::nth(1).line(';');
    let broken = Row {
        naam: "\"Pee".into(),
        ..Row::nth(2)
    };
    let mut broken_line = broken.line(';');
    let cut = broken_line.find("\"Pee").unwrap() + 4;
    broken_line.insert(cut, '\n');
    let text = format!("{HEADER}\n{good}\n{broken_line};extra\n{}\n", Row::nth(3).line(';'));
    let input = write(dir.path(), "gebroken.csv", text);
    let (code, json, _) = check_json(&input);
    assert_eq!(code, 1);
    assert_eq!(summary(&json, "rows"), 3, "the broken record counts once");
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["line"], 3);
    let message = rows[0]["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("3-4"), "{message}");
}

#[test]
fn an_unusable_temporary_directory_is_named_as_the_cause_and_nothing_is_written() {
    // The spool (every row read, kept until the outputs are written) lives in
    // TMPDIR: when it cannot be made there, the run says so, not that the
    // input is unreadable.
    let dir = tempfile::tempdir().unwrap();
    let input = write_rows(dir.path(), "export.csv", &[Row::nth(1)]);
    let out = dir.path().join("out");
    let missing = dir.path().join("no-such-tmp");
    let output = prepare(&out, [&input])
        .env("TMPDIR", &missing)
        .args(["--lang", "en", "--no-ledger", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
    let fatal = &stdout_json(&output)["fatal"];
    assert_eq!(fatal["code"], "F001");
    let file = fatal["file"].as_str().unwrap_or_default();
    assert!(
        file.contains("temporary directory") && file.contains("no-such-tmp"),
        "{fatal}"
    );
    assert!(
        fatal["message"]
            .as_str()
            .unwrap_or_default()
            .contains("keeps the rows read"),
        "{fatal}"
    );
    assert!(fatal["help"].as_str().unwrap_or_default().contains("TMPDIR"), "{fatal}");
    assert!(!out.join("rejected.csv").exists());
}

/// A workbook on standard input (`check - < aanvragen.xlsx`) or a workbook
/// named `.csv`: refused at once with F001 saying it is a workbook, never
/// its bytes reported as a header. A zip archive is read from its end,
/// which a pipe does not have.
#[test]
fn a_workbook_on_standard_input_or_named_csv_is_f001_saying_it_is_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("aanvragen.xlsx");
    real_xlsx(&xlsx);
    for (lang, needle) in [
        ("en", "this is a workbook (xlsx, ods or xls), not text (CSV)"),
        ("nl", "dit is een werkmap (xlsx, ods of xls), geen tekst (CSV)"),
        ("fr", "ceci est un classeur (xlsx, ods ou xls), pas du texte (CSV)"),
    ] {
        let output = bin_std()
            .args(["check", "-", "--format", "json", "--lang", lang])
            .stdin(std::fs::File::open(&xlsx).unwrap())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
        let json = stdout_json(&output);
        assert_eq!(json["fatal"]["code"], "F001", "{json}");
        assert_eq!(json["fatal"]["file"], "stdin", "{json}");
        let message = json["fatal"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(needle), "{lang}: {message}");
    }
    // The same bytes named .csv, and an old .xls (an OLE container) named .csv.
    let named_csv = write(dir.path(), "aanvragen.csv", std::fs::read(&xlsx).unwrap());
    let (code, json, _) = check_json(&named_csv);
    assert_eq!(code, 2);
    assert_eq!(json["fatal"]["code"], "F001", "{json}");
    assert!(json["fatal"]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("this is a workbook"));
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    let ole = write(dir.path(), "oud.csv", ole);
    let (code, json, _) = check_json(&ole);
    assert_eq!(code, 2);
    assert!(json["fatal"]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("this is a workbook"));
}

/// The bound of CONTRACT v3, measured from outside: 1 GiB.
const GIB_KIB: i64 = 1 << 20;

/// Runs `cmd` (spawned here) to its end and gives its exit code and its peak
/// resident memory in KiB, as the kernel counted it for this child alone
/// (`wait4`'s `ru_maxrss`), whatever other tests run beside it.
fn run_measured(mut cmd: std::process::Command, limit_secs: u64) -> (Option<i32>, i64) {
    let child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let started = std::time::Instant::now();
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is this test's own child, not waited for elsewhere
        // (`child` is never waited on); `status` and `usage` outlive the call.
        let got = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        assert!(got >= 0, "wait4: {}", std::io::Error::last_os_error());
        if got == pid {
            break;
        }
        if started.elapsed().as_secs() > limit_secs {
            // SAFETY: a signal to this test's own child, not yet reaped.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("still running after {limit_secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    drop(child);
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    (code, usage.ru_maxrss)
}

/// Memory stays under 1 GiB on a 300 MB cell: the record is F005 and only
/// its first MiB is held; the other rows are read.
#[test]
fn a_300_mb_cell_keeps_memory_under_one_gib() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("driehonderd.csv");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
    file.write_all(csv_text(&[Row::nth(1)]).as_bytes()).unwrap();
    let huge = Row {
        naam: "\u{1}".to_string(),
        ..Row::nth(2)
    };
    let line = huge.line(';');
    let (before, after) = line.split_once('\u{1}').unwrap();
    file.write_all(before.as_bytes()).unwrap();
    let chunk = vec![b'N'; 1 << 20];
    for _ in 0..300 {
        file.write_all(&chunk).unwrap();
    }
    file.write_all(after.as_bytes()).unwrap();
    file.write_all(b"\n").unwrap();
    file.write_all(Row::nth(3).line(';').as_bytes()).unwrap();
    file.write_all(b"\n").unwrap();
    file.flush().unwrap();
    drop(file);
    let mut cmd = bin_std();
    cmd.args(["check", "--as-of", AS_OF, "--format", "json", "--lang", "en"])
        .arg(&input);
    let (code, peak_kib) = run_measured(cmd, 60);
    assert_eq!(code, Some(1), "the huge record is F005, the run goes on");
    assert!(peak_kib < GIB_KIB, "peak {peak_kib} KiB");
    // Far under, in fact: the record is cut at 1 MiB.
    assert!(peak_kib < 256 * 1024, "peak {peak_kib} KiB");
}

/// Memory stays under 1 GiB on a header followed by an endless stream of
/// zeros on standard input, written by another process: the tool stops by
/// its own bound (a line running on past 1 GiB is F001).
#[test]
fn an_endless_standard_input_after_a_header_keeps_memory_under_one_gib() {
    let mut writer = std::process::Command::new("sh")
        .args(["-c", &format!("printf '%s\\n' '{HEADER}'; exec cat /dev/zero")])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stream = writer.stdout.take().unwrap();
    let mut cmd = bin_std();
    cmd.args(["check", "-", "--as-of", AS_OF, "--format", "json", "--lang", "en"])
        .stdin(stream);
    let (code, peak_kib) = run_measured(cmd, 120);
    let _ = writer.kill();
    let _ = writer.wait();
    assert_eq!(code, Some(2), "F001: the line runs on without end");
    assert!(peak_kib < GIB_KIB, "peak {peak_kib} KiB");
    assert!(peak_kib < 256 * 1024, "peak {peak_kib} KiB");
}
