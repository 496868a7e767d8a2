//! Reading the small CSV files the ledger commands take: WSE-loket dossier
//! overviews and vov-bulk's own upload files. Overviews come from a browser
//! export or from Excel, so the text may be UTF-8 with or without BOM,
//! UTF-16 or Windows-1252, the delimiter `;`, `,` or tab, and title lines
//! or Excel's `sep=;` may come before the header.

use std::path::Path;

use encoding_rs::{Encoding, WINDOWS_1252};

use super::error::LedgerError;
use crate::lang::{trf, Localized};

/// How many records may come before the header (titles, export notes).
const HEADER_SEARCH: usize = 20;

/// One data record of a table.
#[derive(Debug, Clone)]
pub(crate) struct TableRow {
    /// The line where the record starts (the first line of the file is 1).
    pub line: u64,
    /// The cells, trimmed.
    pub cells: Vec<String>,
}

/// A table read from a file: its header and the non-blank records after it.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// The file as given.
    pub file: String,
    /// The header cells.
    pub header: Vec<String>,
    /// The records after the header.
    pub rows: Vec<TableRow>,
}

impl Table {
    /// `file:line`, for messages.
    pub fn place(&self, line: u64) -> String {
        format!("{}:{line}", self.file)
    }
}

/// Reads `path` as a table whose header is the first of the first records
/// that `is_header` accepts; `expected` describes that header for the
/// message when none is found. `ledger` is named in errors (it stays as it was).
pub(crate) fn read(
    path: &Path,
    ledger: &Path,
    is_header: &dyn Fn(&[String]) -> bool,
    expected: &str,
) -> Result<Table, LedgerError> {
    let file = path.display().to_string();
    let fail = |place: String, problem: Localized| LedgerError::Input {
        place,
        problem,
        ledger: ledger.to_path_buf(),
    };
    let bytes = std::fs::read(path).map_err(|e| {
        fail(
            file.clone(),
            Localized::new(|lang| {
                let reason = crate::os_error::reason(&e, lang);
                trf!(lang,
                    nl: "kan het niet lezen ({reason}); controleer het pad",
                    fr: "impossible de le lire ({reason}); vérifiez le chemin",
                    en: "cannot read it ({reason}); check the path",
                )
            }),
        )
    })?;
    let text = decode(&bytes);
    let delimiter = delimiter_of(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut lines = LineCounter::default();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| lines.line_at(&text, p.byte())).unwrap_or(0);
            fail(
                format!("{file}:{line}"),
                Localized::new(|lang| {
                    trf!(lang,
                        nl: "niet leesbaar als CSV ({e}); bewaar het opnieuw als CSV",
                        fr: "illisible en CSV ({e}); enregistrez-le à nouveau en CSV",
                        en: "not readable as CSV ({e}); save it again as CSV",
                    )
                }),
            )
        })?;
        let line = record.position().map(|p| lines.line_at(&text, p.byte())).unwrap_or(0);
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        match header {
            Some(_) => rows.push(TableRow { line, cells }),
            None if is_header(&cells) => header = Some(cells),
            None if n >= HEADER_SEARCH => break,
            None => {}
        }
    }
    let header = header.ok_or_else(|| {
        fail(
            file.clone(),
            Localized::new(|lang| {
                trf!(lang,
                    nl: "geen kopregel gevonden in de eerste {HEADER_SEARCH} regels; verwacht: de kolommen {expected}",
                    fr: "aucune ligne d'en-tête trouvée dans les {HEADER_SEARCH} premières lignes; attendu: les colonnes {expected}",
                    en: "no header line found in its first {HEADER_SEARCH} lines; expected the columns {expected}",
                )
            }),
        )
    })?;
    Ok(Table { file, header, rows })
}

/// A cell as a message may echo it: a text with 11 or more digits may hold a
/// national number (an export with shifted columns puts it anywhere), so it
/// is shown masked.
pub(crate) fn shown(cell: &str) -> String {
    if cell.chars().filter(char::is_ascii_digit).count() >= 11 {
        crate::values::insz::mask_raw(cell)
    } else {
        // Personal numbers masked wherever they stand, control characters
        // escaped, at most 60 characters.
        crate::values::mask::quoted(cell)
    }
}

/// Line numbers from the byte offsets of records. The csv crate's own line
/// count lags behind after CRLF line ends, and its offset then points at the
/// `\n` that ends the line before the record; a record never starts with one.
#[derive(Default)]
struct LineCounter {
    byte: usize,
    line: u64,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, byte: u64) -> u64 {
        let byte = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
        let bytes = text.as_bytes();
        if byte < self.byte {
            *self = LineCounter::default();
        }
        let newlines = bytes
            .get(self.byte..byte)
            .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
        self.line += newlines as u64;
        self.byte = byte;
        let at_terminator = u64::from(bytes.get(byte) == Some(&b'\n'));
        self.line + 1 + at_terminator
    }
}

/// The text of a file: by its BOM, else UTF-8 when it is valid, else
/// Windows-1252 (what Excel on Windows writes as "CSV").
fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes.get(bom..).unwrap_or_default());
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// The delimiter: Excel's `sep=X` first line when there is one, else the
/// candidate that occurs most often (outside quotes) on one of the first
/// lines: the header has the most cells.
fn delimiter_of(text: &str) -> u8 {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty()).peekable();
    if let Some(first) = lines.peek() {
        let first = first.trim();
        if first.len() == 5 && first.get(..4).is_some_and(|s| s.eq_ignore_ascii_case("sep=")) {
            if let Some(&d @ (b';' | b',' | b'\t' | b'|')) = first.as_bytes().get(4) {
                return d;
            }
        }
    }
    let candidates = [b';', b',', b'\t'];
    let mut best = [0usize; 3];
    for line in lines.take(HEADER_SEARCH) {
        let mut counts = [0usize; 3];
        let mut quoted = false;
        for b in line.bytes() {
            if b == b'"' {
                quoted = !quoted;
            } else if !quoted {
                if let Some(i) = candidates.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
        }
        for i in 0..3 {
            best[i] = best[i].max(counts[i]);
        }
    }
    // Ties go to `;`, the Belgian default.
    let mut pick = 0;
    for i in 1..3 {
        if best[i] > best[pick] {
            pick = i;
        }
    }
    candidates[pick]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_may_hold_a_national_number_are_masked() {
        assert_eq!(shown("85.07.30-033.28"), "850730-xxx-xx");
        assert_eq!(shown("85073003328"), "850730-xxx-xx");
        assert_eq!(shown("0403.170.701"), "0403.170.701");
        assert_eq!(shown("Geweigerd"), "Geweigerd");
    }

    #[test]
    fn encodings() {
        assert_eq!(decode(b"\xEF\xBB\xBFa;b"), "a;b");
        assert_eq!(decode("Numéro".as_bytes()), "Numéro");
        assert_eq!(decode(b"Num\xE9ro"), "Numéro");
        assert_eq!(decode(b"\xFF\xFEa\x00;\x00b\x00"), "a;b");
    }

    #[test]
    fn delimiters() {
        assert_eq!(delimiter_of("a;b;c\n1;2;3"), b';');
        assert_eq!(delimiter_of("Overzicht\n\na,b,c\n1,2,3"), b',');
        assert_eq!(delimiter_of("a\tb\tc"), b'\t');
        assert_eq!(delimiter_of("sep=,\na;b"), b',');
        assert_eq!(delimiter_of("\"x;y\",b,c"), b',');
        assert_eq!(delimiter_of("plain"), b';');
    }

    #[test]
    fn header_after_titles_and_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, "sep=;\r\nDossiers\r\nA;B\r\n1;\"2\n2\"\r\n\r\n;\r\n3;4\r\n").unwrap();
        let t = read(
            &path,
            Path::new("l"),
            &|c| c.first().map(String::as_str) == Some("A"),
            "A, B",
        )
        .unwrap();
        assert_eq!(t.header, ["A", "B"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!((t.rows[0].line, t.rows[0].cells[1].as_str()), (4, "2\n2"));
        assert_eq!(t.rows[1].line, 8);
        std::fs::write(&path, "A;B\n1;2\n\n3;4").unwrap();
        let t = read(
            &path,
            Path::new("l"),
            &|c| c.first().map(String::as_str) == Some("A"),
            "A, B",
        )
        .unwrap();
        let lines: Vec<u64> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 4]);
        let err = read(&path, Path::new("l"), &|_| false, "X, Y").unwrap_err();
        assert!(err.to_string().contains("expected the columns X, Y"), "{err}");
    }
}
