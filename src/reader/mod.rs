//! The reader: turns CSV or spreadsheet rows into raw rows that keep their
//! source position. Nothing is typed here; that is the validator's job.

pub mod csv_input;
pub mod digest;
pub mod header;
pub mod record;
pub mod sheet;
pub mod sheet_limits;

use std::path::Path;
use std::str::FromStr;

use serde::Serialize;

use crate::lang::{count, tr, trf, Lang};
use crate::model::RawRow;
use crate::rules::file::{self, Fatal};
use crate::schema::InputSchema;

pub use header::HeaderMap;

/// Text encodings `--encoding` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 (a BOM, if any, is skipped).
    Utf8,
    /// UTF-16, big-endian when its BOM says so, else little-endian.
    Utf16,
    /// Windows-1252, the "ANSI" code page of Western European Windows.
    Windows1252,
}

impl FromStr for TextEncoding {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Ok(TextEncoding::Utf8),
            "utf-16" | "utf16" | "utf-16le" | "utf-16be" | "unicode" => Ok(TextEncoding::Utf16),
            "windows-1252" | "cp1252" | "win1252" | "latin1" | "latin-1" | "iso-8859-1" | "ansi" => {
                Ok(TextEncoding::Windows1252)
            }
            other => Err(format!("unknown encoding '{other}': use utf-8, utf-16 or windows-1252")),
        }
    }
}

/// Parses `--delimiter`: one of `;` `,` `|`, or tab (as a tab character, `\t` or `tab`).
pub fn parse_delimiter(s: &str) -> Result<char, String> {
    match s {
        ";" | "," | "|" | "\t" => s.chars().next().ok_or_else(|| "empty delimiter".to_string()),
        "\\t" | "tab" | "TAB" => Ok('\t'),
        "semicolon" => Ok(';'),
        "comma" => Ok(','),
        "pipe" => Ok('|'),
        other => Err(format!("unsupported delimiter '{other}': use ; , | or tab")),
    }
}

/// What the batch knows about one input once it has been read.
#[derive(Debug, Clone, Serialize)]
pub struct InputInfo {
    /// The input's name in messages and `bron`: its path, `stdin` for `-`, or
    /// the name given to in-memory records.
    pub path: String,
    /// The sheet read, for a spreadsheet; `None` for CSV.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The text encoding the CSV was read in (`utf-8`, `utf-16` or
    /// `windows-1252`); `None` for a spreadsheet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// The CSV delimiter used, given or sniffed from the header; `None` for a
    /// spreadsheet.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "serialize_delimiter")]
    pub delimiter: Option<char>,
    /// The number of data rows read (blank rows are not counted).
    pub rows: usize,
    /// The header cells, as read.
    #[serde(skip)]
    pub headers: Vec<String>,
    /// The unknown columns, by the names they get in `rejected.csv` (see
    /// [`HeaderMap::extra_names`]).
    #[serde(skip)]
    pub extra_columns: Vec<String>,
    /// What each column of the input holds, in the input's own order.
    #[serde(skip)]
    pub columns: Vec<header::Target>,
    /// The line (CSV) or spreadsheet row number of the header: 1 unless
    /// title rows stand above it, or `--header-row` said otherwise.
    #[serde(skip_serializing_if = "is_first_line")]
    pub header_line: u64,
    /// Total and remark rows left out (not counted in `rows`), each with a
    /// note: [`total_or_remark`].
    #[serde(skip_serializing_if = "is_zero")]
    pub skipped_rows: usize,
    /// Notes of the reader in the batch's language: title rows above the
    /// header, total and remark rows skipped, percentage cells.
    #[serde(skip)]
    pub notes: Vec<String>,
}

fn is_first_line(line: &u64) -> bool {
    *line <= 1
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// How many non-blank rows at the top of an input are searched for the
/// header (title rows, a logo's caption, a two-level header above it).
pub const HEADER_SEARCH_ROWS: usize = 20;

/// How many notes one input gives about skipped rows before it gives their
/// count only (a workbook with a subtotal under every employer).
const SKIPPED_ROW_NOTES: usize = 10;

/// Words that make a row without identifiers or dates a total row.
const TOTAL_WORDS: &[&str] = &[
    "totaal",
    "totalen",
    "total",
    "totals",
    "totaux",
    "subtotaal",
    "subtotal",
    "soustotal",
    "som",
    "somme",
    "sum",
    "tot",
];
/// First words that make such a row a remark.
const REMARK_WORDS: &[&str] = &[
    "opmerking",
    "opmerkingen",
    "opm",
    "remarque",
    "remarques",
    "remark",
    "remarks",
    "note",
    "notes",
    "nota",
    "nb",
    "let",
    "attention",
];

/// Whether a row read is a total or a remark row, not a request: its
/// identifiers (KBO, INSZ, ODB number) and dates are all blank (or text
/// without a digit, such as the label itself), and one of
/// its cells (`texts`, every cell of the record) holds a total word
/// ("Totaal", "Total", "Somme"), starts with a remark word ("Opmerking",
/// "Remarque") or is a formula (`=SUM(H2:H9)` as text). Returns the label
/// that gave it away, for the note.
pub fn total_or_remark<'t>(row: &RawRow, texts: impl IntoIterator<Item = &'t str>) -> Option<String> {
    use crate::field::Field;
    let keys = [
        Field::WerkgeverKbo,
        Field::WerknemerInsz,
        Field::OdbNummer,
        Field::Startdatum,
        Field::Einddatum,
    ];
    // A key cell holds no value when it is blank or text without a digit:
    // the label itself often stands in the first column, the KBO's.
    let holds_value = |field: Field| match row.cell(field) {
        crate::model::Cell::Text(text) => text.chars().any(|c| c.is_ascii_digit()),
        other => !other.is_blank(),
    };
    if keys.iter().any(|f| holds_value(*f)) || row.malformed.is_some() {
        return None;
    }
    for text in texts {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase().replace('-', ""))
            .collect();
        let total = words.iter().any(|w| TOTAL_WORDS.contains(&w.as_str()));
        let remark = words.first().is_some_and(|w| REMARK_WORDS.contains(&w.as_str()));
        if total || remark || text.starts_with('=') {
            let label: String = text.chars().take(40).collect();
            return Some(if label.len() < text.len() {
                format!("{label}…")
            } else {
                label
            });
        }
    }
    None
}

/// Keeps the note on one skipped total or remark row (`line` of the input
/// `path`), or, past [`SKIPPED_ROW_NOTES`], only counts it; see
/// [`finish_skipped_notes`].
pub fn note_skipped_row(notes: &mut Vec<String>, skipped: usize, path: &str, line: u64, label: &str, lang: Lang) {
    if skipped <= SKIPPED_ROW_NOTES {
        notes.push(trf!(lang,
            nl: "{path}:{line}: totaal- of opmerkingsrij overgeslagen ('{label}': geen KBO, INSZ, ODB-nummer of datums); niet geteld als rij",
            fr: "{path}:{line}: ligne de total ou de remarque ignorée ('{label}': pas de KBO, INSZ, numéro ODB ni dates); pas comptée comme ligne",
            en: "{path}:{line}: total or remark row skipped ('{label}': no KBO, INSZ, ODB number or dates); not counted as a row",
        ));
    }
}

/// The note that closes the skipped-row notes of an input when there were
/// more than [`SKIPPED_ROW_NOTES`].
pub fn finish_skipped_notes(notes: &mut Vec<String>, skipped: usize, path: &str, lang: Lang) {
    if skipped > SKIPPED_ROW_NOTES {
        let more = skipped - SKIPPED_ROW_NOTES;
        // Dutch and English keep one form for every number, as they always
        // did; French puts one row in the singular.
        let more_rows = count!(lang, more,
            nl: ("totaal- of opmerkingsrijen", "totaal- of opmerkingsrijen"),
            fr: ("ligne de total ou de remarque ignorée", "lignes de total ou de remarque ignorées"),
            en: ("more total or remark rows", "more total or remark rows"),
        );
        notes.push(trf!(lang,
            nl: "{path}: nog {more_rows} overgeslagen ({skipped} in totaal)",
            fr: "{path}: encore {more_rows} ({skipped} au total)",
            en: "{path}: {more_rows} skipped ({skipped} in all)",
        ));
    }
}

/// The note on title rows above a header found lower down.
pub fn title_rows_note(path: &str, header_line: u64, lang: Lang) -> String {
    trf!(lang,
        nl: "{path}: kopregel gevonden op regel {header_line}; de regels erboven (titel) zijn overgeslagen",
        fr: "{path}: ligne d'en-tête trouvée à la ligne {header_line}; les lignes au-dessus (titre) sont ignorées",
        en: "{path}: header found on line {header_line}; the lines above it (a title) are skipped",
    )
}

/// How many of the fields `schema` requires the header cells `cells` map
/// (each field once): a header row maps them all.
pub fn required_mapped<'c>(cells: impl IntoIterator<Item = &'c str>, schema: &InputSchema) -> usize {
    let mut found: Vec<crate::field::Field> = Vec::new();
    for cell in cells {
        if let Some(field) = schema.field_for_header(cell) {
            if schema.is_required(field) && !found.contains(&field) {
                found.push(field);
            }
        }
    }
    found.len()
}

fn serialize_delimiter<S: serde::Serializer>(d: &Option<char>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(c) => s.serialize_str(&c.to_string()),
        None => s.serialize_none(),
    }
}

/// Why a record must be rejected (F005) for a NUL character in a cell, naming
/// the column (its header); `None` when no cell holds one. A NUL is never
/// content: it means binary data, a corrupt export or a wrongly detected
/// encoding, and it must not reach an upload file. The cells stay as read, so
/// `rejected.csv` shows them.
pub fn nul_reason<'a>(cells: impl IntoIterator<Item = &'a str>, headers: &[String], lang: Lang) -> Option<String> {
    let column = cells.into_iter().position(|cell| cell.contains('\0'))?;
    let header = headers
        .get(column)
        .map(|h| h.trim())
        .filter(|h| !h.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| format!("{}", column + 1));
    Some(trf!(lang,
        nl: "NUL-teken (U+0000) in kolom '{header}' (binaire gegevens of een beschadigde export?)",
        fr: "caractère NUL (U+0000) dans la colonne '{header}' (données binaires ou export endommagé?)",
        en: "NUL character (U+0000) in column '{header}' (binary data or a corrupt export?)",
    ))
}

/// The first `max` characters of `text` (all of it when shorter).
pub(crate) fn cut_chars(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

/// Whether `text` is longer than [`csv_input::MAX_CELL_CHARS`] characters
/// (counted only when its bytes could be).
pub(crate) fn is_overlong_cell(text: &str) -> bool {
    text.len() > csv_input::MAX_CELL_CHARS && text.chars().count() > csv_input::MAX_CELL_CHARS
}

/// The F005 reason of a cell over [`csv_input::MAX_CELL_CHARS`] characters,
/// in the column `column` (its number in a CSV, its letters in a sheet)
/// headed `header`.
pub(crate) fn cell_too_long(header: &str, column: &str, lang: Lang) -> String {
    let header = crate::values::mask::quoted(header.trim());
    let (n, max) = (column, csv_input::MAX_CELL_CHARS);
    trf!(lang,
        nl: "de cel in kolom {n} ('{header}') is langer dan {max} tekens, de grens van een rekenblad",
        fr: "la cellule de la colonne {n} ('{header}') dépasse {max} caractères, la limite d'une feuille de calcul",
        en: "the cell in column {n} ('{header}') is longer than {max} characters, a spreadsheet's limit",
    )
}

/// A stream of rows from one input.
pub trait RowSource: Send {
    /// The next row; `None` at the end of the input, an error (an F rule) when
    /// the input cannot be read further.
    fn next_row(&mut self) -> Option<Result<RawRow, Fatal>>;
    /// What is known about the input so far (its rows counted up to now).
    fn info(&self) -> InputInfo;
    /// How the input's header maps onto the canonical fields.
    fn header_map(&self) -> &HeaderMap;
}

/// How inputs are read (`--delimiter`, `--encoding`, `--sheet`); the default
/// detects all three.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// `--delimiter`: the CSV delimiter; `None` sniffs it from the header.
    pub delimiter: Option<char>,
    /// `--encoding`: the CSV's text encoding; `None` follows a BOM, else reads
    /// UTF-8 and falls back to Windows-1252 at the first line that is not.
    pub encoding: Option<TextEncoding>,
    /// `--sheet`: the spreadsheet's sheet to read; `None` reads the first visible worksheet.
    pub sheet: Option<String>,
    /// `--header-row`: the 1-based line (CSV) or spreadsheet row holding the
    /// header; `None` detects it (the first of the first
    /// [`HEADER_SEARCH_ROWS`] non-blank rows that maps every required field).
    pub header_row: Option<u64>,
    /// `--all-sheets`: every visible worksheet of a workbook is an input of
    /// the batch (those without the required columns are left out with a
    /// note); `sheet` is then not used.
    pub all_sheets: bool,
    /// The language of the messages the reader writes.
    pub lang: Lang,
}

/// The two ways an input is read, chosen by its file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Delimited text (`.csv`, `.txt`, `.tsv`, or standard input).
    Csv,
    /// A workbook (`.xlsx`, `.xlsm`, `.xls`, `.xlsb`, `.ods`).
    Spreadsheet,
}

/// The extensions of inputs read as CSV (compared without case).
pub const CSV_EXTENSIONS: &[&str] = &["csv", "txt", "tsv"];
/// The extensions of inputs read as spreadsheets (compared without case).
pub const SPREADSHEET_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods"];

/// The kind of input a path names, by its extension.
pub fn input_kind(path: &str) -> Option<InputKind> {
    if path == "-" {
        return Some(InputKind::Csv);
    }
    let ext = Path::new(path).extension()?.to_str()?.to_ascii_lowercase();
    if CSV_EXTENSIONS.contains(&ext.as_str()) {
        Some(InputKind::Csv)
    } else if SPREADSHEET_EXTENSIONS.contains(&ext.as_str()) {
        Some(InputKind::Spreadsheet)
    } else {
        None
    }
}

/// Opens a file to read without waiting for a writer: a FIFO that nobody
/// writes to reads as empty (F006) instead of making the tool wait for ever.
/// The reads after the open wait for data as on any pipe.
fn open_without_waiting(path: &str) -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        use std::os::unix::io::AsRawFd;
        let file = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(path)?;
        let fd = file.as_raw_fd();
        // SAFETY: `fd` is the open descriptor of `file`, alive for both calls;
        // F_GETFL and F_SETFL only read and set its status flags.
        let cleared = unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFL);
            flags >= 0 && libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) == 0
        };
        if !cleared {
            return Err(std::io::Error::last_os_error());
        }
        Ok(file)
    }
    #[cfg(not(unix))]
    {
        std::fs::File::open(path)
    }
}

/// The name an input goes by in messages and in `bron`.
pub fn display_name(path: &str) -> String {
    if path == "-" {
        "stdin".to_string()
    } else {
        path.to_string()
    }
}

/// Opens one input: reads its header and maps it (F001-F004, F006, F007 are
/// found here); the rows follow from the returned source.
pub fn open(
    path: &str,
    input: usize,
    schema: &InputSchema,
    options: &ReadOptions,
) -> Result<Box<dyn RowSource>, Fatal> {
    open_with_digest(path, input, schema, options, None)
}

/// As [`open`], hashing the input's bytes into `digest` as they are read
/// (a spreadsheet, which calamine reads by itself, is hashed here).
pub fn open_with_digest(
    path: &str,
    input: usize,
    schema: &InputSchema,
    options: &ReadOptions,
    digest: Option<&digest::DigestHandle>,
) -> Result<Box<dyn RowSource>, Fatal> {
    let lang = options.lang;
    let display = display_name(path);
    let Some(kind) = input_kind(path) else {
        return Err(file::unreadable(
            &display,
            &trf!(lang,
                nl: "onbekend bestandstype; aanvaard: {}, {}",
                fr: "type de fichier non pris en charge; acceptés: {}, {}",
                en: "unsupported file type; accepted: {}, {}",
                CSV_EXTENSIONS.join(", "),
                SPREADSHEET_EXTENSIONS.join(", "),
            ),
            lang,
        ));
    };
    if path != "-" {
        let meta = std::fs::metadata(path).map_err(|e| file::unreadable_os(&display, &e, lang))?;
        if kind == InputKind::Spreadsheet && !meta.is_dir() && !meta.is_file() {
            // A FIFO, a socket or a device: a workbook is read from a file
            // (a zip archive is read from its end), and opening one would wait
            // for a writer or read without end.
            return Err(file::unreadable(
                &display,
                tr!(lang,
                    nl: "dit is geen gewoon bestand (een pipe of een apparaat); een rekenblad wordt uit een bestand gelezen",
                    fr: "ceci n'est pas un fichier ordinaire (un tube ou un périphérique); une feuille de calcul se lit depuis un fichier",
                    en: "this is not a regular file (a pipe or a device); a spreadsheet is read from a file",
                ),
                lang,
            ));
        }
        if meta.is_dir() {
            return Err(file::unreadable(
                &display,
                tr!(lang,
                    nl: "dit is een map, geen bestand",
                    fr: "ceci est un dossier, pas un fichier",
                    en: "this is a directory, not a file",
                ),
                lang,
            ));
        }
    }
    match kind {
        InputKind::Csv => {
            let mut reader: Box<dyn std::io::Read + Send> = if path == "-" {
                Box::new(std::io::stdin())
            } else {
                Box::new(open_without_waiting(path).map_err(|e| file::unreadable_os(&display, &e, lang))?)
            };
            if let Some(digest) = digest {
                reader = Box::new(digest::Hashing::new(reader, digest.clone()));
            }
            let rows = csv_input::CsvRows::open_with(
                reader,
                &display,
                input,
                schema,
                &csv_input::CsvOpen {
                    delimiter: options.delimiter,
                    encoding: options.encoding,
                    header_row: options.header_row,
                },
                lang,
            )?;
            Ok(Box::new(rows))
        }
        InputKind::Spreadsheet => {
            if let Some(digest) = digest {
                let file = std::fs::File::open(path).map_err(|e| file::unreadable_os(&display, &e, lang))?;
                digest
                    .hash_all(file)
                    .map_err(|e| file::unreadable_os(&display, &e, lang))?;
            }
            let rows = sheet::SheetRows::open_with(
                Path::new(path),
                &display,
                input,
                schema,
                options.sheet.as_deref(),
                options.header_row,
                lang,
            )?;
            Ok(Box::new(rows))
        }
    }
}

/// Opens the sheet `sheet` of the workbook at `path` (for `--all-sheets`),
/// as [`open`] does for the default sheet; the file is hashed by the caller.
pub fn open_sheet(
    path: &str,
    sheet: &str,
    input: usize,
    schema: &InputSchema,
    options: &ReadOptions,
) -> Result<Box<dyn RowSource>, Fatal> {
    let display = display_name(path);
    let rows = sheet::SheetRows::open_with(
        Path::new(path),
        &display,
        input,
        schema,
        Some(sheet),
        options.header_row,
        options.lang,
    )?;
    Ok(Box::new(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_reason_names_the_first_column_with_a_nul() {
        let headers = vec!["KBO".to_string(), " ".to_string(), "Naam".to_string()];
        assert_eq!(nul_reason(["a", "b", "c"], &headers, Lang::En), None);
        let reason = nul_reason(["a", "b", "c\0"], &headers, Lang::En).unwrap_or_default();
        assert!(reason.contains("'Naam'"), "{reason}");
        // A blank header is named by its column number.
        let reason = nul_reason(["a", "\0", "c\0"], &headers, Lang::Nl).unwrap_or_default();
        assert!(reason.contains("'2'") && reason.contains("NUL"), "{reason}");
        // More cells than headers: still named, no panic.
        let reason = nul_reason(["", "", "", "\0"], &headers, Lang::En).unwrap_or_default();
        assert!(reason.contains("'4'"), "{reason}");
        let reason = nul_reason(["a", "b", "c\0"], &headers, Lang::Fr).unwrap_or_default();
        assert_eq!(
            reason,
            "caractère NUL (U+0000) dans la colonne 'Naam' (données binaires ou export endommagé?)"
        );
    }

    #[test]
    fn header_and_skipped_row_notes_speak_french() {
        assert_eq!(
            title_rows_note("aanvragen.xlsx [Blad1]", 3, Lang::Fr),
            "aanvragen.xlsx [Blad1]: ligne d'en-tête trouvée à la ligne 3; les lignes au-dessus (titre) sont ignorées"
        );
        let mut notes = Vec::new();
        note_skipped_row(&mut notes, 1, "a.csv", 7, "Totaal", Lang::Fr);
        assert_eq!(
            notes,
            vec![
                "a.csv:7: ligne de total ou de remarque ignorée ('Totaal': pas de KBO, INSZ, numéro ODB ni dates); \
                 pas comptée comme ligne"
            ]
        );
        // Past the first notes, one closing note counts the rest, in the
        // number each language takes.
        for (lang, skipped, want) in [
            (
                Lang::Fr,
                SKIPPED_ROW_NOTES + 1,
                "a.csv: encore 1 ligne de total ou de remarque ignorée (11 au total)",
            ),
            (
                Lang::Fr,
                SKIPPED_ROW_NOTES + 2,
                "a.csv: encore 2 lignes de total ou de remarque ignorées (12 au total)",
            ),
            (
                Lang::Nl,
                SKIPPED_ROW_NOTES + 1,
                "a.csv: nog 1 totaal- of opmerkingsrijen overgeslagen (11 in totaal)",
            ),
            (
                Lang::En,
                SKIPPED_ROW_NOTES + 2,
                "a.csv: 2 more total or remark rows skipped (12 in all)",
            ),
        ] {
            let mut notes = Vec::new();
            finish_skipped_notes(&mut notes, skipped, "a.csv", lang);
            assert_eq!(notes, vec![want.to_string()]);
        }
        let mut notes = Vec::new();
        finish_skipped_notes(&mut notes, SKIPPED_ROW_NOTES, "a.csv", Lang::Fr);
        assert!(notes.is_empty());
    }

    #[test]
    fn a_directory_or_an_unknown_type_is_refused_in_french() {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = ReadOptions {
            lang: Lang::Fr,
            ..ReadOptions::default()
        };
        let schema = InputSchema::builtin();
        let folder = dir.path().join("export.csv");
        std::fs::create_dir(&folder).expect("folder");
        let err = open(&folder.display().to_string(), 0, &schema, &options)
            .err()
            .expect("refused");
        assert!(
            err.message.contains("ceci est un dossier, pas un fichier"),
            "{}",
            err.message
        );
        let err = open("aanvragen.pdf", 0, &schema, &options).err().expect("refused");
        assert!(
            err.message
                .contains("type de fichier non pris en charge; acceptés: csv, txt, tsv, xlsx"),
            "{}",
            err.message
        );
    }
}
