//! Hostile workbooks under a memory limit (issue 11, items 3 and 4): a 2 KB
//! .xlsx whose one far cell made calamine ask for 512 GiB, .ods files whose
//! repeated rows expand to millions of cells, a zip bomb, .xls files that
//! declare 4 billion rows, reach column 65,536, loop in their container or end
//! early. Each runs the real binary in a child whose address space is limited
//! with `setrlimit` (RLIMIT_AS, 1.5 GiB): it must end in exit 2 with F001 and
//! the right message, never in a crash (a panic's exit 101, an abort's
//! signal), while a normal 20,000-row workbook still passes under the same
//! limit. The files are built here: the zip-based ones with the `zip` crate,
//! the .xls ones with a small BIFF8 writer in an OLE container (the repository
//! has no .xls fixture).

mod common;

use std::io::{Cursor, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;
use rust_xlsxwriter::Workbook;
use serde_json::Value;
use zip::write::SimpleFileOptions;

/// Exit code of a Rust panic; must never be seen.
const PANIC: i32 = 101;

/// The address space a child may use (RLIMIT_AS): 1.5 GiB. The tool must stay
/// under 1 GiB of memory for any spreadsheet; address space is a little more
/// than memory (thread stacks, the allocator's reservations).
const ADDRESS_SPACE: u64 = 1536 << 20;

/// `vov-bulk check --format json --lang en <input>` in a child limited to
/// [`ADDRESS_SPACE`]: its exit code (never a signal, never a panic), its JSON.
fn check_limited(input: &Path) -> (i32, Value, Output) {
    let mut cmd = bin_std();
    cmd.args(["check", "--as-of", AS_OF, "--format", "json", "--lang", "en"])
        .arg(input);
    // SAFETY: the hook runs in the child between fork and exec; it calls only
    // setrlimit, which is async-signal-safe, and allocates nothing.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: ADDRESS_SPACE,
                rlim_max: ADDRESS_SPACE,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    let output = cmd.output().expect("run vov-bulk");
    let Some(code) = output.status.code() else {
        panic!(
            "{}: killed by a signal ({:?}), stderr: {}",
            input.display(),
            output.status,
            stderr_text(&output)
        );
    };
    assert_ne!(code, PANIC, "{}: panic: {}", input.display(), stderr_text(&output));
    let json = stdout_json(&output);
    (code, json, output)
}

/// A refused input: exit 2, F001 naming the file, a message holding every
/// one of `needles`; the fatal object.
fn assert_f001(input: &Path, needles: &[&str]) -> Value {
    let (code, json, output) = check_limited(input);
    assert_eq!(code, 2, "{}: {json}\n{}", input.display(), stderr_text(&output));
    let fatal = &json["fatal"];
    assert_eq!(fatal["code"], "F001", "{json}");
    assert_eq!(fatal["file"], input.to_str().expect("UTF-8 path"), "{json}");
    let message = fatal["message"].as_str().unwrap_or_default();
    for needle in needles {
        assert!(
            message.contains(needle),
            "{}: '{needle}' not in: {message}",
            input.display()
        );
    }
    fatal.clone()
}

/// A workbook refused as too large: F001, the message, and the advice to
/// give the sheet as CSV.
fn assert_too_large(input: &Path, needles: &[&str]) {
    let fatal = assert_f001(input, needles);
    let help = fatal["help"].as_str().unwrap_or_default();
    assert!(
        help.contains("save the sheet as CSV (UTF-8)") || help.contains("Save the sheet as CSV (UTF-8)"),
        "{fatal}"
    );
    assert!(help.contains("read as a stream"), "{fatal}");
}

/// An input that is read: no fatal, `rows` rows.
fn assert_read(input: &Path, rows: u64) {
    let (code, json, output) = check_limited(input);
    assert!(
        code == 0 || code == 1,
        "{}: exit {code}: {json}\n{}",
        input.display(),
        stderr_text(&output)
    );
    assert!(json.get("fatal").is_none(), "{json}");
    assert_eq!(summary(&json, "rows"), rows, "{}", json["summary"]);
}

fn header() -> Vec<&'static str> {
    HEADER.split(';').collect()
}

// ------------------------------------------------------------------ xlsx

/// A column's letters (0 is `A`).
fn column_name(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        n -= 1;
        letters.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII")
}

/// A `<row>` of inline strings (row 0-based).
fn xlsx_row(row: usize, cells: &[&str]) -> String {
    let mut xml = format!("<row r=\"{}\">", row + 1);
    for (column, value) in cells.iter().enumerate() {
        xml.push_str(&format!(
            "<c r=\"{}{}\" t=\"inlineStr\"><is><t>{value}</t></is></c>",
            column_name(column),
            row + 1
        ));
    }
    xml.push_str("</row>");
    xml
}

const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;

/// The parts of a one-sheet .xlsx but for the sheet.
fn xlsx_frame() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ]
}

/// Writes a one-sheet .xlsx by hand: `dimension` declared, the header row,
/// one valid row, then `more` (XML rows).
fn write_xlsx(path: &Path, dimension: &str, more: &str) {
    let row = Row::new();
    let sheet = format!(
        "{SHEET_START}<dimension ref=\"{dimension}\"/><sheetData>{}{}{more}</sheetData></worksheet>",
        xlsx_row(0, &header()),
        xlsx_row(1, &row.cells())
    );
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    for (name, text) in xlsx_frame() {
        zip.start_file(name, SimpleFileOptions::default()).expect("part");
        zip.write_all(text.as_bytes()).expect("write");
    }
    zip.start_file("xl/worksheets/sheet1.xml", SimpleFileOptions::default())
        .expect("sheet");
    zip.write_all(sheet.as_bytes()).expect("write");
    zip.finish().expect("finish");
}

const FAR_CELL: &str = r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#;

#[test]
fn the_hand_made_xlsx_is_read_when_it_holds_nothing_hostile() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("gewoon.xlsx");
    write_xlsx(&input, "A1:I2", "");
    assert_read(&input, 1);
}

#[test]
fn a_2_kb_xlsx_declaring_a_far_cell_is_refused_before_it_is_loaded() {
    // Before: calamine built a grid to XFD1048576, 17 billion cells (512 GiB).
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("ver.xlsx");
    write_xlsx(&input, "A1:XFD1048576", FAR_CELL);
    assert!(std::fs::metadata(&input).unwrap().len() < 4096);
    assert_too_large(
        &input,
        &[
            "sheet 'Blad1' too large",
            "1,048,576 rows × 16,384 columns declared",
            "limit 10,000,000 cells",
        ],
    );
}

#[test]
fn a_far_cell_behind_a_small_declared_dimension_is_refused_when_it_arrives() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("gelogen.xlsx");
    write_xlsx(&input, "A1:I2", FAR_CELL);
    assert_too_large(
        &input,
        &[
            "sheet 'Blad1' too large",
            "its cells span 1,048,576 rows × 16,384 columns",
        ],
    );
}

/// CRC-32 (IEEE) of `bytes`, continuing from `crc`.
fn crc32(mut crc: u32, bytes: &[u8]) -> u32 {
    crc = !crc;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// CRC-32 of `a` followed by `len_b` bytes whose CRC-32 is `crc_b` (zlib's
/// `crc32_combine`): the CRC of 600 MB without running over them.
fn crc32_combine(crc_a: u32, crc_b: u32, mut len_b: u64) -> u32 {
    fn times(matrix: &[u32; 32], mut vector: u32) -> u32 {
        let mut sum = 0;
        let mut i = 0;
        while vector != 0 {
            if vector & 1 != 0 {
                sum ^= matrix[i];
            }
            vector >>= 1;
            i += 1;
        }
        sum
    }
    fn square(matrix: &[u32; 32]) -> [u32; 32] {
        let mut out = [0u32; 32];
        for (n, row) in out.iter_mut().enumerate() {
            *row = times(matrix, matrix[n]);
        }
        out
    }
    if len_b == 0 {
        return crc_a;
    }
    // The operator for one zero bit, then two, then four.
    let mut odd = [0u32; 32];
    odd[0] = 0xEDB8_8320;
    for (n, row) in odd.iter_mut().enumerate().skip(1) {
        *row = 1 << (n - 1);
    }
    let mut even = square(&odd);
    odd = square(&even);
    let mut crc = crc_a;
    loop {
        even = square(&odd);
        if len_b & 1 != 0 {
            crc = times(&even, crc);
        }
        len_b >>= 1;
        if len_b == 0 {
            break;
        }
        odd = square(&even);
        if len_b & 1 != 0 {
            crc = times(&odd, crc);
        }
        len_b >>= 1;
        if len_b == 0 {
            break;
        }
    }
    crc ^ crc_b
}

/// Bits written least significant first, as deflate packs them.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    count: u32,
}

impl Bits {
    fn put(&mut self, value: u32, count: u32) {
        self.acc |= u64::from(value) << self.count;
        self.count += count;
        while self.count >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.count -= 8;
        }
    }

    /// A Huffman code, sent most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        let reversed = code.reverse_bits() >> (32 - len);
        self.put(reversed, len);
    }

    /// A literal byte in the fixed Huffman code.
    fn literal(&mut self, byte: u8) {
        if byte < 144 {
            self.code(0x30 + u32::from(byte), 8);
        } else {
            self.code(0x190 + u32::from(byte) - 144, 9);
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// A zip bomb part: `prefix`, then `1 + 258 × copies` spaces, then `suffix`,
/// deflated by hand in one fixed-Huffman block (each run of 258 spaces is a
/// copy of the byte before: 13 bits), as `(deflated, size, crc)`. Deflating
/// 600 MB with the zip crate takes half a minute in a debug build.
fn bomb_part(prefix: &[u8], copies: u64, suffix: &[u8]) -> (Vec<u8>, u64, u32) {
    let mut bits = Bits {
        out: Vec::with_capacity((copies * 13 / 8) as usize + 1024),
        acc: 0,
        count: 0,
    };
    bits.put(1, 1); // last block
    bits.put(1, 2); // fixed Huffman codes
    for byte in prefix {
        bits.literal(*byte);
    }
    bits.literal(b' ');
    for _ in 0..copies {
        bits.code(0xC5, 8); // length 258 (code 285)
        bits.code(0, 5); // distance 1
    }
    for byte in suffix {
        bits.literal(*byte);
    }
    bits.code(0, 7); // end of block (256)
    let spaces = 1 + 258 * copies;
    let mib = vec![b' '; 1 << 20];
    let crc_mib = crc32(0, &mib);
    let mut crc_spaces = crc32(0, &mib[..(spaces % (1 << 20)) as usize]);
    for _ in 0..spaces >> 20 {
        crc_spaces = crc32_combine(crc_spaces, crc_mib, 1 << 20);
    }
    let crc = crc32_combine(crc32(0, prefix), crc_spaces, spaces);
    let crc = crc32_combine(crc, crc32(0, suffix), suffix.len() as u64);
    let size = prefix.len() as u64 + spaces + suffix.len() as u64;
    (bits.finish(), size, crc)
}

/// A zip archive of one deflated entry given as raw bytes (local header,
/// data, central directory, end record).
fn one_entry_zip(name: &str, deflated: &[u8], size: u64, crc: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let header = |out: &mut Vec<u8>, central: bool| {
        out.extend(if central { 0x0201_4b50u32 } else { 0x0403_4b50 }.to_le_bytes());
        if central {
            out.extend(20u16.to_le_bytes());
        }
        out.extend(20u16.to_le_bytes()); // version needed
        out.extend(0u16.to_le_bytes()); // flags
        out.extend(8u16.to_le_bytes()); // deflate
        out.extend(0u16.to_le_bytes()); // time
        out.extend(0x21u16.to_le_bytes()); // 1980-01-01
        out.extend(crc.to_le_bytes());
        out.extend((deflated.len() as u32).to_le_bytes());
        out.extend((size as u32).to_le_bytes());
        out.extend((name.len() as u16).to_le_bytes());
        out.extend(0u16.to_le_bytes()); // extra
        if central {
            out.extend([0u8; 10]); // comment, disk, attributes
            out.extend(0u32.to_le_bytes()); // local header at 0
        }
        out.extend(name.as_bytes());
    };
    header(&mut out, false);
    out.extend(deflated);
    let central = out.len() as u32;
    header(&mut out, true);
    let central_len = out.len() as u32 - central;
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend(1u16.to_le_bytes());
    out.extend(1u16.to_le_bytes());
    out.extend(central_len.to_le_bytes());
    out.extend(central.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// An .xlsx whose sheet is a valid sheet followed by `copies × 258` spaces
/// (whitespace between rows is valid XML), deflated `258 × 8 / 13` times.
fn write_bomb(path: &Path, copies: u64) {
    let row = Row::new();
    let prefix = format!(
        "{SHEET_START}<sheetData>{}{}",
        xlsx_row(0, &header()),
        xlsx_row(1, &row.cells())
    );
    let (deflated, size, crc) = bomb_part(prefix.as_bytes(), copies, b"</sheetData></worksheet>");
    let bomb = one_entry_zip("xl/worksheets/sheet1.xml", &deflated, size, crc);
    let mut source = zip::ZipArchive::new(Cursor::new(bomb)).expect("the bomb is a zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    for (name, text) in xlsx_frame() {
        zip.start_file(name, SimpleFileOptions::default()).expect("part");
        zip.write_all(text.as_bytes()).expect("write");
    }
    zip.raw_copy_file(source.by_index_raw(0).expect("entry"))
        .expect("copy the deflated sheet");
    zip.finish().expect("finish");
}

#[test]
fn the_deflate_and_crc_of_the_bomb_writer_are_right() {
    // A small "bomb" that unpacks to 2,581 spaces is a valid workbook.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("klein.xlsx");
    write_bomb(&input, 10);
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&input).unwrap()).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut sheet)
        .expect("inflates with a good CRC");
    assert!(sheet.contains(&" ".repeat(2581)) && sheet.ends_with("</sheetData></worksheet>"));
    let mib = vec![b' '; 3 << 20];
    assert_eq!(
        crc32_combine(crc32(0, &mib[..1 << 20]), crc32(0, &mib[..2 << 20]), 2 << 20),
        crc32(0, &mib)
    );
    assert_read(&input, 1);
}

#[test]
fn a_zip_bomb_is_refused_by_the_size_its_part_declares() {
    // 600 MiB of spaces in a 4 MB file. Before: 1.1 GiB, all of it one XML
    // text event that calamine buffered whole.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bom.xlsx");
    write_bomb(&input, (600 << 20) / 258);
    assert!(std::fs::metadata(&input).unwrap().len() < 5 << 20);
    assert_too_large(
        &input,
        &["workbook part xl/worksheets/sheet1.xml unpacks to 600 MiB (limit 128 MiB)"],
    );
}

#[test]
fn a_smaller_zip_bomb_is_refused_by_its_compression_ratio() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bommetje.xlsx");
    write_bomb(&input, (64 << 20) / 258);
    assert_too_large(
        &input,
        &[
            "workbook part xl/worksheets/sheet1.xml unpacks to 64 MiB from 0.4 MiB, 158:1",
            "(limit 100:1 for parts above 8.0 MiB)",
            "a zip bomb?",
        ],
    );
}

#[test]
fn a_normal_20000_row_xlsx_is_read_under_the_same_limit() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("normaal.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (column, name) in header().iter().enumerate() {
        sheet.write_string(0, column as u16, *name).unwrap();
    }
    for n in 0..20_000u32 {
        let row = Row::nth(n);
        for (column, value) in row.cells().iter().enumerate() {
            sheet.write_string(n + 1, column as u16, *value).unwrap();
        }
    }
    workbook.save(&input).unwrap();
    assert_read(&input, 20_000);
}

// ------------------------------------------------------------------- ods

/// Writes an .ods by hand whose only sheet holds `rows` (table rows).
fn write_ods(path: &Path, rows: &str) {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Blad1">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    zip.start_file(
        "mimetype",
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored),
    )
    .expect("mimetype");
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .expect("write");
    zip.start_file("content.xml", SimpleFileOptions::default())
        .expect("content");
    zip.write_all(content.as_bytes()).expect("write");
    zip.start_file("META-INF/manifest.xml", SimpleFileOptions::default())
        .expect("manifest");
    zip.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#,
    )
    .expect("write");
    zip.finish().expect("finish");
}

fn ods_cells(cells: &[&str]) -> String {
    cells
        .iter()
        .map(|c| format!("<table:table-cell office:value-type=\"string\"><text:p>{c}</text:p></table:table-cell>"))
        .collect()
}

fn ods_row(cells: &[&str]) -> String {
    format!("<table:table-row>{}</table:table-row>", ods_cells(cells))
}

#[test]
fn the_hand_made_ods_is_read_when_it_holds_nothing_hostile() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("gewoon.ods");
    write_ods(&input, &(ods_row(&header()) + &ods_row(&Row::new().cells())));
    assert_read(&input, 1);
}

#[test]
fn an_ods_with_a_million_repeated_rows_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let row = Row::new();
    // A data row repeated a million times: 9 million cells, each a copy of
    // its text. Before: 1.4 GiB (and a million rows to check).
    let input = dir.path().join("herhaald.ods");
    write_ods(
        &input,
        &format!(
            "{}<table:table-row table:number-rows-repeated=\"1000000\">{}</table:table-row>",
            ods_row(&header()),
            ods_cells(&row.cells())
        ),
    );
    assert!(std::fs::metadata(&input).unwrap().len() < 2048);
    assert_too_large(
        &input,
        &["workbook too large: reading it would take about", "(limit 640 MiB)"],
    );
    // A million empty rows between the header and a row: calamine expands
    // them into the grid. Before: 0.8 GiB for one row.
    let input = dir.path().join("gat.ods");
    write_ods(
        &input,
        &format!(
            "{}<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell \
             table:number-columns-repeated=\"9\"/></table:table-row>{}",
            ods_row(&header()),
            ods_row(&row.cells())
        ),
    );
    assert_too_large(&input, &["workbook too large: reading it would take about"]);
    // Columns repeated to the sheet's edge on a thousand rows.
    let input = dir.path().join("breed.ods");
    write_ods(
        &input,
        &format!(
            "{}<table:table-row table:number-rows-repeated=\"1000\"><table:table-cell \
             table:number-columns-repeated=\"16375\" office:value-type=\"float\" office:value=\"1\"/>\
             </table:table-row>",
            ods_row(&header()),
        ),
    );
    assert_too_large(
        &input,
        &["sheet 'Blad1' too large: its cells span 1,001 rows × 16,375 columns"],
    );
}

// ------------------------------------------------------------------- xls

fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend(typ.to_le_bytes());
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
}

/// A BIFF8 workbook stream: one sheet `Blad1` with `cells` (row, column,
/// text, all as shared strings) and a DIMENSIONS record of `(first row, last
/// row + 1, first column, last column + 1)`.
fn biff8(cells: &[(u16, u16, &str)], dimensions: (u32, u32, u16, u16)) -> Vec<u8> {
    let mut strings: Vec<&str> = Vec::new();
    for (_, _, text) in cells {
        if !strings.contains(text) {
            strings.push(text);
        }
    }
    let bof = |dt: u8| [0x00, 0x06, dt, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    let mut stream = Vec::new();
    record(&mut stream, 0x0809, &bof(0x05));
    record(&mut stream, 0x0042, &1200u16.to_le_bytes());
    let boundsheet_at = stream.len();
    let mut boundsheet = vec![0u8; 4];
    boundsheet.extend([0, 0, 5, 0]);
    boundsheet.extend(b"Blad1");
    record(&mut stream, 0x0085, &boundsheet);
    let mut sst = Vec::new();
    sst.extend((cells.len() as u32).to_le_bytes());
    sst.extend((strings.len() as u32).to_le_bytes());
    for text in &strings {
        sst.extend((text.len() as u16).to_le_bytes());
        sst.push(0);
        sst.extend(text.as_bytes());
    }
    record(&mut stream, 0x00FC, &sst);
    record(&mut stream, 0x000A, &[]);
    let sheet_at = stream.len() as u32;
    stream[boundsheet_at + 4..boundsheet_at + 8].copy_from_slice(&sheet_at.to_le_bytes());
    record(&mut stream, 0x0809, &bof(0x10));
    let mut dims = Vec::new();
    dims.extend(dimensions.0.to_le_bytes());
    dims.extend(dimensions.1.to_le_bytes());
    dims.extend(dimensions.2.to_le_bytes());
    dims.extend(dimensions.3.to_le_bytes());
    dims.extend([0, 0]);
    record(&mut stream, 0x0200, &dims);
    for (row, column, text) in cells {
        let index = strings.iter().position(|s| s == text).unwrap_or(0) as u32;
        let mut label = Vec::new();
        label.extend(row.to_le_bytes());
        label.extend(column.to_le_bytes());
        label.extend([0, 0]);
        label.extend(index.to_le_bytes());
        record(&mut stream, 0x00FD, &label);
    }
    record(&mut stream, 0x000A, &[]);
    stream
}

/// An OLE compound file (version 3, 512-byte sectors): sector 0 the FAT,
/// sector 1 the directory, then `stream` (at least 4096 bytes, so in the
/// FAT's sectors) named `name`. `directory_loops` makes the directory's
/// chain point back at itself.
fn ole(name: &str, stream: &[u8], directory_loops: bool) -> Vec<u8> {
    let mut stream = stream.to_vec();
    stream.resize(stream.len().max(4096).div_ceil(512) * 512, 0);
    let sectors = stream.len() / 512;
    assert!(sectors + 2 <= 128, "one FAT sector");
    let mut out = vec![0u8; 512];
    out[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    out[24..26].copy_from_slice(&0x003Eu16.to_le_bytes());
    out[26..28].copy_from_slice(&3u16.to_le_bytes());
    out[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    out[30..32].copy_from_slice(&9u16.to_le_bytes());
    out[32..34].copy_from_slice(&6u16.to_le_bytes());
    out[44..48].copy_from_slice(&1u32.to_le_bytes()); // FAT sectors
    out[48..52].copy_from_slice(&1u32.to_le_bytes()); // directory at sector 1
    out[56..60].copy_from_slice(&4096u32.to_le_bytes());
    out[60..64].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no mini FAT
    out[68..72].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no DIFAT sectors
    for i in 0..109 {
        let id: u32 = if i == 0 { 0 } else { 0xFFFF_FFFF };
        out[76 + 4 * i..80 + 4 * i].copy_from_slice(&id.to_le_bytes());
    }
    let mut fat = vec![0xFFFF_FFFFu32; 128];
    fat[0] = 0xFFFF_FFFD;
    fat[1] = if directory_loops { 1 } else { 0xFFFF_FFFE };
    for i in 0..sectors {
        fat[2 + i] = if i + 1 == sectors { 0xFFFF_FFFE } else { (3 + i) as u32 };
    }
    for id in fat {
        out.extend(id.to_le_bytes());
    }
    let entry = |name: &str, kind: u8, child: u32, start: u32, size: u32| {
        let mut e = vec![0u8; 128];
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        e[..utf16.len()].copy_from_slice(&utf16);
        e[64..66].copy_from_slice(&((utf16.len() + 2) as u16).to_le_bytes());
        e[66] = kind;
        e[67] = 1;
        e[68..80].copy_from_slice(&[0xFF; 12]);
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        e
    };
    out.extend(entry("Root Entry", 5, 1, 0xFFFF_FFFE, 0));
    out.extend(entry(name, 2, 0xFFFF_FFFF, 2, stream.len() as u32));
    out.extend(vec![0u8; 256]);
    out.extend(&stream);
    out
}

/// The header row and one valid row as xls cells.
fn xls_cells(row: &Row) -> Vec<(u16, u16, String)> {
    let mut cells = Vec::new();
    for (column, name) in header().iter().enumerate() {
        cells.push((0, column as u16, name.to_string()));
    }
    for (column, value) in row.cells().iter().enumerate() {
        cells.push((1, column as u16, value.to_string()));
    }
    cells
}

fn write_xls(dir: &Path, name: &str, extra: &[(u16, u16, &str)], dimensions: (u32, u32, u16, u16)) -> PathBuf {
    let row = Row::new();
    let owned = xls_cells(&row);
    let mut cells: Vec<(u16, u16, &str)> = owned.iter().map(|(r, c, t)| (*r, *c, t.as_str())).collect();
    cells.extend_from_slice(extra);
    write(dir, name, ole("Workbook", &biff8(&cells, dimensions), false))
}

#[test]
fn the_hand_made_xls_is_read_when_it_holds_nothing_hostile() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_xls(dir.path(), "gewoon.xls", &[], (0, 2, 0, 9));
    assert_read(&input, 1);
}

#[test]
fn an_xls_declaring_four_billion_rows_is_refused() {
    // Before: calamine reserved room for them and the process aborted.
    let dir = tempfile::tempdir().unwrap();
    let input = write_xls(dir.path(), "rijen.xls", &[], (0, 0xFFFF_FFF0, 0, 256));
    assert_too_large(
        &input,
        &["sheet 'Blad1' too large: 4,294,967,280 rows × 256 columns declared"],
    );
}

#[test]
fn xls_cells_reaching_far_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // The last row and column of BIFF8. Before: 1.1 GiB.
    let input = write_xls(dir.path(), "ver.xls", &[(65_535, 255, "x")], (0, 2, 0, 9));
    assert_too_large(&input, &["its cells span 65,536 rows × 256 columns"]);
    // Column 65,536, which BIFF8 does not have. Before: the process aborted.
    let input = write_xls(dir.path(), "breed.xls", &[(65_535, 65_535, "x")], (0, 2, 0, 9));
    assert_too_large(&input, &["its cells span 65,536 rows × 65,536 columns"]);
}

#[test]
fn an_xls_whose_directory_chain_loops_is_refused_as_corrupt() {
    // calamine follows the chain without end, growing, until memory runs out.
    let dir = tempfile::tempdir().unwrap();
    let owned = xls_cells(&Row::new());
    let cells: Vec<(u16, u16, &str)> = owned.iter().map(|(r, c, t)| (*r, *c, t.as_str())).collect();
    let input = write(
        dir.path(),
        "kring.xls",
        ole("Workbook", &biff8(&cells, (0, 2, 0, 9)), true),
    );
    let fatal = assert_f001(&input, &["corrupt workbook", "loops"]);
    assert!(
        fatal["help"].as_str().unwrap_or_default().contains("save it again"),
        "{fatal}"
    );
}

#[test]
fn a_truncated_xls_is_f001_naming_the_cause_never_a_panic_nor_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let owned = xls_cells(&Row::new());
    let cells: Vec<(u16, u16, &str)> = owned.iter().map(|(r, c, t)| (*r, *c, t.as_str())).collect();
    let biff = biff8(&cells, (0, 2, 0, 9));
    let whole = ole("Workbook", &biff, false);
    // The workbook stream starts at byte 1536 (header, FAT, directory).
    let data_end = 1536 + biff.len();
    let mut cuts = vec![8, 100, 511, 512, 700, 1024, 1100, 1300, 1536, 1540];
    cuts.extend((1600..data_end).step_by(97));
    cuts.push(data_end - 1);
    for cut in cuts {
        let input = write(dir.path(), &format!("afgekapt-{cut}.xls"), &whole[..cut]);
        let fatal = assert_f001(&input, &[]);
        let message = fatal["message"].as_str().unwrap_or_default();
        assert!(!message.contains("encrypted"), "cut at {cut}: {message}");
        assert!(
            message.contains("truncated") || message.contains("damaged"),
            "cut at {cut}: {message}"
        );
    }
}

#[test]
fn an_xls_that_is_really_encrypted_is_still_called_encrypted() {
    // Office stores a password-protected workbook as an OLE container with an
    // EncryptedPackage stream; named .xls, it has no Workbook stream.
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "geheim.xls", ole("EncryptedPackage", &[0u8; 4096], false));
    assert_f001(&input, &["encrypted or password-protected"]);
}

/// Found by the `sheet_xls` fuzz target (2026-12-01): an .xls on which
/// calamine 0.38 panics (`xls.rs:633`, a slice index far beyond its
/// buffer). The reader's guard turns it into F001, "corrupt workbook".
#[test]
fn an_xls_that_panics_calamine_is_a_corrupt_workbook() {
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/broken/calamine-panic.xls");
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("calamine-panic.xls");
    std::fs::copy(&input, &copy).unwrap();
    assert_f001(&copy, &[]);
}

// ------------------------------------------------- a cell over 32,767 characters

/// A text of 40,000 characters, over a spreadsheet's 32,767: what a program
/// (not Excel, which refuses it) can write into any workbook.
fn long_text() -> String {
    "N".repeat(40_000)
}

/// The data rows of the workbooks below (sheet rows 2 to 4): the second with
/// a 40,000-character name.
fn rows_with_a_long_name() -> [Row; 3] {
    [
        Row::new(),
        Row {
            naam: long_text(),
            ..Row::nth(2)
        },
        Row::nth(3),
    ]
}

/// A workbook with [`rows_with_a_long_name`]: the row of the long name
/// (sheet row 3) is F005 naming the column, the two others are read and
/// accepted; nothing echoes the long text.
fn assert_long_cell_row_rejected(input: &Path) {
    let (code, json, output) = check_limited(input);
    assert_eq!(code, 1, "{}: {json:.2000}\n{}", input.display(), stderr_text(&output));
    assert!(json.get("fatal").is_none(), "{json:.2000}");
    assert_eq!(summary(&json, "rows"), 3, "{}", json["summary"]);
    assert_eq!(summary(&json, "accepted"), 2, "{}", json["summary"]);
    assert_eq!(
        report_rows(&json),
        vec![(3, vec!["F005".to_string()])],
        "{}",
        input.display()
    );
    let text = json.to_string();
    assert!(
        text.contains("the cell in column C ('werknemer_naam') is longer than 32767 characters"),
        "{}: {text:.3000}",
        input.display()
    );
    assert!(
        !text.contains(&"N".repeat(1000)),
        "{}: the long text echoed",
        input.display()
    );
    assert!(
        output.stdout.len() < 64 * 1024,
        "{}: {} bytes",
        input.display(),
        output.stdout.len()
    );
}

/// An .xlsx written by rust_xlsxwriter (shared strings), the long name put
/// in its shared strings afterwards (rust_xlsxwriter refuses a cell over
/// Excel's limit).
fn write_xlsx_with_shared_long_cell(path: &Path) {
    const PLACEHOLDER: &str = "LANGE-NAAM-HIER";
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (column, name) in header().iter().enumerate() {
        sheet.write_string(0, column as u16, *name).unwrap();
    }
    for (n, row) in rows_with_a_long_name().iter().enumerate() {
        for (column, value) in row.cells().iter().enumerate() {
            let value = if value.len() > 1000 { PLACEHOLDER } else { value };
            sheet.write_string(n as u32 + 1, column as u16, value).unwrap();
        }
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    let mut replaced = false;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut part = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut part).unwrap();
        if name == "xl/sharedStrings.xml" {
            let text = String::from_utf8(part).unwrap();
            assert!(text.contains(PLACEHOLDER), "{text}");
            part = text.replace(PLACEHOLDER, &long_text()).into_bytes();
            replaced = true;
        }
        zip.start_file(name, SimpleFileOptions::default()).unwrap();
        zip.write_all(&part).unwrap();
    }
    zip.finish().unwrap();
    assert!(replaced, "rust_xlsxwriter wrote no shared strings");
}

#[test]
fn a_cell_over_32767_characters_in_an_xlsx_or_xlsm_is_f005_for_its_row() {
    let dir = tempfile::tempdir().unwrap();
    // Shared strings (as Excel and rust_xlsxwriter write text).
    let shared = dir.path().join("lang.xlsx");
    write_xlsx_with_shared_long_cell(&shared);
    assert_long_cell_row_rejected(&shared);
    // The same workbook as .xlsm (read as Office Open XML too).
    let xlsm = dir.path().join("lang.xlsm");
    std::fs::copy(&shared, &xlsm).unwrap();
    assert_long_cell_row_rejected(&xlsm);
    // Inline strings, written by hand.
    let [_, long, third] = rows_with_a_long_name();
    let inline = dir.path().join("inline.xlsx");
    write_xlsx(
        &inline,
        "A1:I4",
        &(xlsx_row(2, &long.cells()) + &xlsx_row(3, &third.cells())),
    );
    assert_long_cell_row_rejected(&inline);
}

#[test]
fn a_cell_over_32767_characters_in_an_ods_is_f005_for_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("lang.ods");
    let rows: String = rows_with_a_long_name()
        .iter()
        .map(|row| ods_row(&row.cells()))
        .collect();
    write_ods(&input, &(ods_row(&header()) + &rows));
    assert_long_cell_row_rejected(&input);
}

#[test]
fn a_cell_over_32767_characters_in_an_xls_is_f005_for_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let [_, long, third] = rows_with_a_long_name();
    let mut extra: Vec<(u16, u16, &str)> = Vec::new();
    for (row, cells) in [(2u16, long.cells()), (3, third.cells())] {
        for (column, value) in cells.iter().enumerate() {
            extra.push((row, column as u16, value));
        }
    }
    let input = write_xls(dir.path(), "lang.xls", &extra, (0, 4, 0, 9));
    assert_long_cell_row_rejected(&input);
}
