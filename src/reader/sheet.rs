//! Spreadsheets (xlsx, xlsm, xls, xlsb, ods) through calamine.
//!
//! calamine loads one whole sheet at a time; the rows are then handed out
//! one by one like CSV records.
//!
//! Two guards stand around calamine. Before it opens a workbook,
//! [`sheet_limits::before_open`] checks what the file declares (dimensions,
//! repeated rows, unpacked sizes) against limits that keep memory bounded;
//! xlsx and xlsb sheets are then read through calamine's cell streams with a
//! [`CellGuard`], so that a far cell is refused before the grid is built. And
//! every call into calamine runs under `catch_unwind`: a panic inside it (a
//! truncated .xls can index past a buffer) becomes F001 "corrupt workbook"
//! naming the file. The panic hook is left alone: the command line's hook
//! (`cli::main`) records the message silently for its last guard, and
//! swapping a process-wide hook around one call would race with other
//! threads; used as a library, the default hook prints one line to stderr.
//!
//! A text cell longer than a spreadsheet allows (32,767 characters: a
//! workbook written by a program, not by Excel) makes its row malformed
//! (F005), as in a CSV: the grid keeps only its first 32,767 characters.
//! calamine holds the whole text while it reads (a shared string, an inline
//! string, an .ods paragraph), within the limits [`sheet_limits`] checked
//! before: no part unpacks to more than 128 MiB and the text of every cell is
//! counted in the memory estimate. A streamed shared string is copied into
//! the grid only as far as the limit.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use calamine::{
    open_workbook, open_workbook_auto, Data, DataRef, Ods, Range, Reader, SheetType, SheetVisible, Sheets, Xls, Xlsb,
    Xlsx,
};

use crate::lang::{tr, trf, Lang};
use crate::model::{Cell, RawRow, Source};
use crate::reader::csv_input::MAX_CELL_CHARS;
use crate::reader::header::HeaderMap;
use crate::reader::sheet_limits::{self, CellGuard, Format, Opened, Refusal};
use crate::reader::{
    cell_too_long, cut_chars, finish_skipped_notes, is_overlong_cell, note_skipped_row, nul_reason, required_mapped,
    title_rows_note, total_or_remark, InputInfo, RowSource, HEADER_SEARCH_ROWS,
};
use crate::rules::file::{self, Fatal};
use crate::schema::InputSchema;

/// The rows of one sheet of a workbook, loaded whole by calamine and handed
/// out one by one below the header.
pub struct SheetRows {
    range: Range<Data>,
    /// Spreadsheet row number (1-based, as shown) of `range`'s first row.
    first_row_number: u64,
    next_index: usize,
    map: HeaderMap,
    input: usize,
    path: String,
    sheet: String,
    rows: usize,
    lang: Lang,
    header_line: u64,
    /// Total and remark rows skipped so far.
    skipped: usize,
    notes: Vec<String>,
    /// The rows (indices in `range`) with a cell longer than a spreadsheet
    /// allows, each with the first such cell's column (index in `range`).
    overlong: BTreeMap<usize, usize>,
}

type Workbook = Sheets<BufReader<File>>;

/// The names of the sheets of a workbook, in order (for F007 and `--sheet`).
pub fn sheet_names(path: &Path, display: &str, lang: Lang) -> Result<Vec<String>, Fatal> {
    let (format, opened) = checked(path, display, lang)?;
    guarded(display, opened, lang, || {
        let workbook = open_as(path, format).map_err(|e| workbook_error(display, path, opened, &e, lang))?;
        Ok(workbook.sheet_names())
    })
}

/// The checks before calamine opens a workbook: its format and what it
/// holds once open (see [`sheet_limits`]). They run at each of the two reads
/// of an input, like calamine.
fn checked(path: &Path, display: &str, lang: Lang) -> Result<(Option<Format>, Opened), Fatal> {
    if let Some(reason) = ole_instead_of_zip(path, lang) {
        return Err(file::unreadable(display, &reason, lang));
    }
    let format = Format::of(path);
    let opened = match format {
        Some(format) => sheet_limits::before_open(path, format).map_err(|r| refused(display, &r, lang))?,
        None => Opened::default(),
    };
    let file = display;
    tracing::debug!(
        input = file,
        open_estimate_mib = opened.open_bytes >> 20,
        "workbook checked before calamine opens it"
    );
    Ok((format, opened))
}

/// Opens a workbook as the format its extension names (in any case; calamine's
/// own choice matches lower-case extensions only).
fn open_as(path: &Path, format: Option<Format>) -> Result<Workbook, calamine::Error> {
    Ok(match format {
        Some(Format::Xlsx) => Sheets::Xlsx(open_workbook::<Xlsx<_>, _>(path).map_err(calamine::Error::Xlsx)?),
        Some(Format::Xlsb) => Sheets::Xlsb(open_workbook::<Xlsb<_>, _>(path).map_err(calamine::Error::Xlsb)?),
        Some(Format::Xls) => Sheets::Xls(open_workbook::<Xls<_>, _>(path).map_err(calamine::Error::Xls)?),
        Some(Format::Ods) => Sheets::Ods(open_workbook::<Ods<_>, _>(path).map_err(calamine::Error::Ods)?),
        None => open_workbook_auto(path)?,
    })
}

/// Runs calamine's part of a read: a panic inside it becomes F001 "corrupt
/// workbook" naming the file (and its truncation, when the checks saw one),
/// not the end of the run.
fn guarded<T>(display: &str, opened: Opened, lang: Lang, work: impl FnOnce() -> Result<T, Fatal>) -> Result<T, Fatal> {
    match panic::catch_unwind(AssertUnwindSafe(work)) {
        Ok(result) => result,
        Err(_) => Err(match opened.truncation() {
            Some(truncation) => refused(display, &Refusal::Corrupt(truncation), lang),
            None => Fatal {
                help: resave_help(lang).to_string(),
                ..file::unreadable(
                    display,
                    tr!(lang,
                        nl: "beschadigde werkmap: de lezer stopte op misvormde gegevens (een beschadigd of afgekapt \
                             bestand?)",
                        fr: "classeur endommagé: le lecteur s'est arrêté sur des données malformées (un fichier \
                             endommagé ou tronqué?)",
                        en: "corrupt workbook: the reader stopped on malformed data (a damaged or truncated file?)",
                    ),
                    lang,
                )
            },
        }),
    }
}

fn resave_help(lang: Lang) -> &'static str {
    tr!(lang,
        nl: "Open de werkmap in Excel of LibreOffice en sla ze opnieuw op (of als CSV UTF-8); komt ze van elders, vraag \
             ze dan opnieuw op.",
        fr: "Ouvrez le classeur dans Excel ou LibreOffice et enregistrez-le à nouveau (ou en CSV UTF-8); s'il vient \
             d'ailleurs, redemandez-le.",
        en: "Open the workbook in Excel or LibreOffice and save it again (or as CSV UTF-8); if it came from elsewhere, \
             ask for it again.",
    )
}

/// F001 for a workbook refused before calamine reads it.
fn refused(display: &str, refusal: &Refusal, lang: Lang) -> Fatal {
    let help = match refusal {
        Refusal::TooLarge(_) => tr!(lang,
            nl: "Sla het blad op als CSV (UTF-8) en geef dat bestand; CSV wordt als stroom gelezen.",
            fr: "Enregistrez la feuille en CSV (UTF-8) et donnez ce fichier; un CSV est lu en flux.",
            en: "Save the sheet as CSV (UTF-8) and give that file; CSV is read as a stream.",
        ),
        Refusal::Corrupt(_) => resave_help(lang),
    };
    Fatal {
        help: help.to_string(),
        ..file::unreadable(display, &refusal.message(lang), lang)
    }
}

/// F001 for an error calamine reports, with a hint at its real cause: a
/// workbook is called encrypted only when it is (calamine found a password,
/// or the OLE container holds an `EncryptedPackage`), not because its
/// container could not be read.
fn workbook_error(display: &str, path: &Path, opened: Opened, error: &calamine::Error, lang: Lang) -> Fatal {
    use calamine::{Error, OdsError, XlsError, XlsbError, XlsxError};
    if let Some(truncation) = opened.truncation() {
        return refused(display, &Refusal::Corrupt(truncation), lang);
    }
    let reason = error.to_string();
    let password = matches!(
        error,
        Error::Xls(XlsError::Password)
            | Error::Xlsx(XlsxError::Password)
            | Error::Xlsb(XlsbError::Password)
            | Error::Ods(OdsError::Password)
    );
    let zip = matches!(
        error,
        Error::Xlsx(XlsxError::Zip(_)) | Error::Xlsb(XlsbError::Zip(_)) | Error::Ods(OdsError::Zip(_))
    );
    let head = Head::of(path);
    let (hint, help) = if password || head.encrypted {
        (
            tr!(lang,
                nl: " (versleuteld of met wachtwoord beveiligd)",
                fr: " (chiffré ou protégé par un mot de passe)",
                en: " (encrypted or password-protected)",
            ),
            None,
        )
    } else if matches!(error, Error::Xls(_)) && head.ole {
        if reason.contains("Cannot find") {
            (
                tr!(lang,
                    nl: " (een OLE-bestand zonder werkmap: een ander Office-document, of een beschadigd .xls-bestand?)",
                    fr: " (un fichier OLE sans classeur: un autre document Office, ou un fichier .xls endommagé?)",
                    en: " (an OLE file without a workbook: another Office document, or a damaged .xls file?)",
                ),
                Some(resave_help(lang)),
            )
        } else {
            (
                tr!(lang,
                    nl: " (een beschadigd of afgekapt .xls-bestand)",
                    fr: " (un fichier .xls endommagé ou tronqué)",
                    en: " (a damaged or truncated .xls file)",
                ),
                Some(resave_help(lang)),
            )
        }
    } else if zip && head.zip {
        (
            tr!(lang,
                nl: " (een beschadigde of afgekapte werkmap)",
                fr: " (un classeur endommagé ou tronqué)",
                en: " (a damaged or truncated workbook)",
            ),
            Some(resave_help(lang)),
        )
    } else {
        (
            tr!(lang,
                nl: " (beschadigd, of een tekstbestand met een rekenblad-extensie?)",
                fr: " (endommagé, ou un fichier texte avec une extension de tableur?)",
                en: " (corrupt, or a text file with a spreadsheet extension?)",
            ),
            None,
        )
    };
    let fatal = file::unreadable(display, &format!("{reason}{hint}"), lang);
    match help {
        Some(help) => Fatal {
            help: help.to_string(),
            ..fatal
        },
        None => fatal,
    }
}

/// What the first bytes of a file say it is.
#[derive(Debug, Default)]
struct Head {
    /// An OLE compound file (CFB).
    ole: bool,
    /// An OLE compound file holding an `EncryptedPackage` stream.
    encrypted: bool,
    /// A zip archive.
    zip: bool,
}

impl Head {
    fn of(path: &Path) -> Head {
        use std::io::Read;
        let mut head = Vec::with_capacity(64 * 1024);
        let read = File::open(path).and_then(|f| f.take(64 * 1024).read_to_end(&mut head));
        if read.is_err() {
            return Head::default();
        }
        let ole = head.starts_with(&OLE_MAGIC);
        // Directory entry names are UTF-16LE.
        let encrypted_name: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
        Head {
            ole,
            encrypted: ole
                && head
                    .windows(encrypted_name.len())
                    .any(|w| w == encrypted_name.as_slice()),
            zip: head.starts_with(b"PK"),
        }
    }
}

/// The first bytes of an OLE compound file (CFB): old `.xls` workbooks, and
/// also every password-protected `.xlsx`/`.xlsm`/`.xlsb`, which Office stores
/// as an `EncryptedPackage` stream inside such a container.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// For a zip-based workbook extension (xlsx, xlsm, xlsb, ods) whose file is
/// really an OLE container, what it most likely is; `None` otherwise. Without
/// this, calamine's zip reader only says "invalid Zip archive", which does not
/// tell the user that the workbook is password-protected.
fn ole_instead_of_zip(path: &Path, lang: Lang) -> Option<String> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if !matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "ods") {
        return None;
    }
    let head = Head::of(path);
    if !head.ole {
        return None;
    }
    Some(if head.encrypted {
        tr!(lang,
            nl: "de werkmap is versleuteld (met een wachtwoord beveiligd)",
            fr: "le classeur est chiffré (protégé par un mot de passe)",
            en: "the workbook is encrypted (password-protected)",
        )
        .to_string()
    } else {
        trf!(lang,
            nl: "dit is geen .{ext}-bestand maar een OLE-container: een versleutelde werkmap, of een oud .xls-bestand met een andere extensie",
            fr: "ceci n'est pas un fichier .{ext} mais un conteneur OLE: un classeur chiffré, ou un ancien fichier .xls avec une autre extension",
            en: "this is not a .{ext} file but an OLE container: an encrypted workbook, or an old .xls file with another extension",
        )
    })
}

/// Why calamine's part of a read failed.
enum Failure {
    Calamine(calamine::Error),
    Refused(Refusal),
}

/// The text bytes a streamed cell's value holds (or will, once copied out of
/// the shared strings).
fn text_bytes(data: &DataRef<'_>) -> usize {
    match data {
        DataRef::SharedString(s) => s.len(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.len(),
        _ => 0,
    }
}

/// A sheet's cells as a grid, with the positions (absolute, as calamine
/// numbers them) of the cells that were longer than a spreadsheet allows:
/// those hold their first [`MAX_CELL_CHARS`] characters only.
struct Grid {
    range: Range<Data>,
    overlong: Vec<(u32, u32)>,
}

/// A value cut to [`MAX_CELL_CHARS`] characters when it is text longer than
/// that; whether it was.
fn cut_overlong(value: Data) -> (Data, bool) {
    let cut = |text: String| -> Option<String> {
        is_overlong_cell(&text).then(|| cut_chars(&text, MAX_CELL_CHARS).to_string())
    };
    match value {
        Data::String(s) if is_overlong_cell(&s) => (Data::String(cut(s).unwrap_or_default()), true),
        Data::DateTimeIso(s) if is_overlong_cell(&s) => (Data::DateTimeIso(cut(s).unwrap_or_default()), true),
        Data::DurationIso(s) if is_overlong_cell(&s) => (Data::DurationIso(cut(s).unwrap_or_default()), true),
        other => (other, false),
    }
}

/// A streamed cell's value as a grid value, text cut to [`MAX_CELL_CHARS`]
/// characters: a shared string too long is copied only as far as that.
fn grid_value(value: &DataRef<'_>) -> (Data, bool) {
    match value {
        DataRef::SharedString(s) if is_overlong_cell(s) => {
            (Data::String(cut_chars(s, MAX_CELL_CHARS).to_string()), true)
        }
        other => cut_overlong(Data::from(other.clone())),
    }
}

/// Cuts the text cells of a sheet read whole (xls, ods) that are longer than
/// a spreadsheet allows, noting where they stand.
fn cut_grid(mut range: Range<Data>) -> Grid {
    let start = range.start().unwrap_or((0, 0));
    let found: Vec<(u32, u32)> = range
        .used_cells()
        .filter(|(_, _, value)| match value {
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => is_overlong_cell(s),
            _ => false,
        })
        .map(|(row, column, _)| (start.0 + row as u32, start.1 + column as u32))
        .collect();
    for &position in &found {
        if let Some(value) = range.get_value(position).cloned() {
            // The whole text was calamine's; the grid keeps its start only.
            range.set_value(position, cut_overlong(value).0);
        }
    }
    Grid { range, overlong: found }
}

/// Streams a sheet's cells past the guard, keeping those with a value (as
/// calamine's own `worksheet_range` does); then the grid.
fn stream<'a, E>(
    mut next: impl FnMut() -> Result<Option<(calamine::Cell<DataRef<'a>>, bool)>, E>,
    guard: &mut CellGuard,
) -> Result<Grid, Failure>
where
    calamine::Error: From<E>,
{
    let mut cells = Vec::new();
    while let Some((cell, percent)) = next().map_err(|e| Failure::Calamine(e.into()))? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (row, column) = cell.get_position();
        guard
            .push(row, column, text_bytes(cell.get_value()))
            .map_err(|t| Failure::Refused(t.into()))?;
        cells.push((cell, percent));
    }
    tracing::debug!(
        estimate_mib = guard.bytes() >> 20,
        cells = cells.len(),
        "sheet streamed within the limits"
    );
    // The grid, filled from the list: shared strings are copied only now,
    // as calamine does, rather than held twice.
    let Some((start, end)) = guard.span() else {
        return Ok(Grid {
            range: Range::empty(),
            overlong: Vec::new(),
        });
    };
    let mut range = Range::new(start, end);
    let mut overlong = Vec::new();
    for (cell, percent) in cells {
        let (value, cut) = grid_value(cell.get_value());
        if cut {
            overlong.push(cell.get_position());
        }
        let value = if percent { as_percent(value) } else { value };
        range.set_value(cell.get_position(), value);
    }
    Ok(Grid { range, overlong })
}

/// The sheet's cells as a grid. xlsx and xlsb are streamed cell by cell past
/// a [`CellGuard`] (what calamine's `worksheet_range` does, with the checks
/// added); xls and ods sheets were read when the workbook was opened, within
/// the limits checked before.
fn read_range(workbook: &mut Workbook, sheet: &str, opened: Opened) -> Result<Grid, Failure> {
    let mut guard = CellGuard::new(sheet, opened);
    let refused = |t: sheet_limits::TooLarge| Failure::Refused(t.into());
    match workbook {
        Sheets::Xlsx(xlsx) => {
            let mut reader = match xlsx.worksheet_cells_reader(sheet) {
                Ok(reader) => reader,
                Err(calamine::XlsxError::NotAWorksheet(_)) => {
                    return Ok(Grid {
                        range: Range::empty(),
                        overlong: Vec::new(),
                    })
                }
                Err(e) => return Err(Failure::Calamine(e.into())),
            };
            let declared = reader.dimensions();
            guard.declared(declared.start, declared.end).map_err(refused)?;
            // Which styles show a number as a percentage: a cell of one holds
            // 0.8 where the clerk sees and means 80 %.
            let percent_styles: Vec<bool> = reader
                .styles()
                .iter()
                .map(|style| {
                    style
                        .number_format
                        .as_ref()
                        .is_some_and(|f| is_percent_format(&f.format_code))
                })
                .collect();
            stream(
                || {
                    reader.next_cell_with_style_id().map(|next| {
                        next.map(|(cell, style)| {
                            let percent = percent_styles.get(style).copied().unwrap_or(false);
                            (cell, percent)
                        })
                    })
                },
                &mut guard,
            )
        }
        Sheets::Xlsb(xlsb) => {
            let mut reader = xlsb
                .worksheet_cells_reader(sheet)
                .map_err(|e| Failure::Calamine(e.into()))?;
            let declared = reader.dimensions();
            guard.declared(declared.start, declared.end).map_err(refused)?;
            // calamine does not give the number format of .xlsb cells: a
            // percentage cell is read as the number it holds (see docs/GUIDE.md).
            stream(
                || reader.next_cell().map(|next| next.map(|cell| (cell, false))),
                &mut guard,
            )
        }
        other => other.worksheet_range(sheet).map(cut_grid).map_err(Failure::Calamine),
    }
}

/// Whether an Excel number format shows numbers as percentages: a `%`
/// outside quotes, escapes and brackets (`0%`, `0.00%`, `#,##0.0 %`; not
/// `"%"` as literal text).
pub fn is_percent_format(code: &str) -> bool {
    let mut in_quotes = false;
    let mut in_brackets = false;
    let mut escaped = false;
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if !in_quotes => escaped = true,
            '"' => in_quotes = !in_quotes,
            '[' if !in_quotes => in_brackets = true,
            ']' if !in_quotes => in_brackets = false,
            '%' if !in_quotes && !in_brackets => return true,
            _ => {}
        }
    }
    false
}

/// A number in a percentage cell as the clerk reads it: 0.8 shown as 80 % is
/// 80. Scaled in decimal, so 0.07 becomes 7 and not 7.000000000000001.
fn as_percent(value: Data) -> Data {
    use rust_decimal::prelude::ToPrimitive;
    use std::str::FromStr;
    let scaled = |f: f64| -> Option<f64> {
        let decimal = rust_decimal::Decimal::from_str(&f.to_string()).ok()?;
        decimal
            .checked_mul(rust_decimal::Decimal::ONE_HUNDRED)?
            .normalize()
            .to_f64()
    };
    match value {
        Data::Float(f) => scaled(f).map_or(Data::Float(f), Data::Float),
        Data::Int(i) => i.checked_mul(100).map_or(Data::Int(i), Data::Int),
        other => other,
    }
}

/// A calamine cell as a [`Cell`]: integers and floats as numbers, date cells
/// as date-times (a date calamine cannot convert stays a number), ISO dates
/// and durations as text, error cells as their name (`#Div0`, `#NA`, …).
pub fn convert(data: &Data) -> Cell<'_> {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => match dt.as_datetime() {
            Some(value) => Cell::DateTime(value),
            None => Cell::Number(dt.as_f64()),
        },
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s),
        Data::Error(e) => Cell::Text(error_text(e)),
    }
}

/// A column's letters as a spreadsheet shows them (0 is `A`, 26 is `AA`).
fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        n -= 1;
        letters.push(char::from(b'A' + (n % 26) as u8));
        n /= 26;
    }
    letters.iter().rev().collect()
}

/// How an error cell reads (as its variant's name, as `{:?}` writes it).
fn error_text(error: &calamine::CellErrorType) -> &'static str {
    use calamine::CellErrorType as E;
    match error {
        E::Div0 => "#Div0",
        E::NA => "#NA",
        E::Name => "#Name",
        E::Null => "#Null",
        E::Num => "#Num",
        E::Ref => "#Ref",
        E::Value => "#Value",
        E::GettingData => "#GettingData",
    }
}

impl SheetRows {
    /// Opens the sheet `wanted_sheet` with the header detected: see
    /// [`SheetRows::open_with`].
    pub fn open(
        path: &Path,
        display: &str,
        input: usize,
        schema: &InputSchema,
        wanted_sheet: Option<&str>,
        lang: Lang,
    ) -> Result<SheetRows, Fatal> {
        SheetRows::open_with(path, display, input, schema, wanted_sheet, None, lang)
    }

    /// Opens the sheet `wanted_sheet` of the workbook at `path` (matched exactly,
    /// else without case; by default the first visible worksheet), finds its
    /// header (row `header_row` as the spreadsheet numbers it, else the first
    /// of the first [`HEADER_SEARCH_ROWS`] non-blank rows that maps every
    /// required field: title rows, a merged title, a two-level header above
    /// it are skipped) and maps it. Fails with F001 when the workbook is
    /// refused by the size checks, cannot be read or is corrupt, F007 when the
    /// sheet does not exist, F006 when it holds no header, and F003/F004 as
    /// [`HeaderMap::new`] (for the row that maps the most required fields when
    /// none maps them all).
    pub fn open_with(
        path: &Path,
        display: &str,
        input: usize,
        schema: &InputSchema,
        wanted_sheet: Option<&str>,
        header_row: Option<u64>,
        lang: Lang,
    ) -> Result<SheetRows, Fatal> {
        let (format, opened) = checked(path, display, lang)?;
        let (sheet, grid) = guarded(display, opened, lang, || {
            let mut workbook = open_as(path, format).map_err(|e| workbook_error(display, path, opened, &e, lang))?;
            let metadata = workbook.sheets_metadata().to_vec();
            let names: Vec<String> = metadata.iter().map(|s| s.name.clone()).collect();
            let sheet = match wanted_sheet {
                Some(wanted) => names
                    .iter()
                    .find(|n| n.as_str() == wanted)
                    .or_else(|| names.iter().find(|n| n.trim().eq_ignore_ascii_case(wanted.trim())))
                    .cloned()
                    .ok_or_else(|| file::sheet_not_found(display, wanted, &names, lang))?,
                None => metadata
                    .iter()
                    .find(|s| s.visible == SheetVisible::Visible && s.typ == SheetType::WorkSheet)
                    .or_else(|| metadata.iter().find(|s| s.typ == SheetType::WorkSheet))
                    .map(|s| s.name.clone())
                    .ok_or_else(|| file::no_data(display, false, lang))?,
            };
            let grid = read_range(&mut workbook, &sheet, opened).map_err(|failure| match failure {
                Failure::Calamine(e) => workbook_error(display, path, opened, &e, lang),
                Failure::Refused(r) => refused(display, &r, lang),
            })?;
            Ok((sheet, grid))
        })?;
        let Grid { range, overlong } = grid;
        let first_row_number = range.start().map(|(row, _)| u64::from(row) + 1).unwrap_or(1);
        let start = range.start().unwrap_or((0, 0));
        let mut overlong_rows = BTreeMap::new();
        for (row, column) in overlong {
            let (row, column) = ((row - start.0) as usize, (column - start.1) as usize);
            let first = overlong_rows.entry(row).or_insert(column);
            *first = (*first).min(column);
        }
        let required = schema.required_fields().count();
        // Leading blank columns are part of the sheet as the user sees it, so
        // the header is taken over the whole used range.
        let row_texts =
            |row: &[Data]| -> Vec<String> { row.iter().map(|c| convert(c).display().trim().to_string()).collect() };
        let mut first_content = None;
        let mut header_index = None;
        // The rows looked at: (index, required fields mapped).
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        for (i, row) in range.rows().enumerate() {
            if !row.iter().any(|c| !convert(c).is_blank()) {
                continue;
            }
            first_content.get_or_insert(i);
            let number = first_row_number + i as u64;
            match header_row {
                Some(wanted) if number < wanted => continue,
                Some(_) => {
                    header_index = Some(i);
                    break;
                }
                None => {}
            }
            let mapped = required_mapped(row_texts(row).iter().map(String::as_str), schema);
            if mapped == required {
                header_index = Some(i);
                break;
            }
            candidates.push((i, mapped));
            if candidates.len() >= HEADER_SEARCH_ROWS {
                break;
            }
        }
        // No row maps them all: the one that maps the most (the first of
        // those) is taken, for F003 to say what it lacks.
        let header_index = header_index.or_else(|| {
            candidates
                .iter()
                .enumerate()
                .max_by_key(|(n, c)| (c.1, std::cmp::Reverse(*n)))
                .map(|(_, c)| c.0)
        });
        let Some(header_index) = header_index else {
            return Err(file::no_data(display, false, lang));
        };
        let headers: Vec<String> = range.rows().nth(header_index).map(row_texts).unwrap_or_default();
        // Trailing empty header cells are formatting, not columns.
        let mut headers = headers;
        while headers.last().is_some_and(|h| h.is_empty()) {
            headers.pop();
        }
        let map = HeaderMap::new(headers, schema, display, lang)?;
        let header_line = first_row_number + header_index as u64;
        let mut notes = Vec::new();
        if first_content.is_some_and(|first| first < header_index) {
            notes.push(title_rows_note(&format!("{display} [{sheet}]"), header_line, lang));
        }
        Ok(SheetRows {
            range,
            first_row_number,
            next_index: header_index + 1,
            map,
            input,
            path: display.to_string(),
            sheet,
            rows: 0,
            lang,
            header_line,
            skipped: 0,
            notes,
            overlong: overlong_rows,
        })
    }
}

/// The visible worksheets of the workbook at `path`, in order
/// (`--all-sheets`). Fails with F001 as [`SheetRows::open`].
pub fn visible_sheets(path: &Path, display: &str, lang: Lang) -> Result<Vec<String>, Fatal> {
    let (format, opened) = checked(path, display, lang)?;
    guarded(display, opened, lang, || {
        let workbook = open_as(path, format).map_err(|e| workbook_error(display, path, opened, &e, lang))?;
        Ok(workbook
            .sheets_metadata()
            .iter()
            .filter(|s| s.visible == SheetVisible::Visible && s.typ == SheetType::WorkSheet)
            .map(|s| s.name.clone())
            .collect())
    })
}

impl RowSource for SheetRows {
    fn next_row(&mut self) -> Option<Result<RawRow, Fatal>> {
        loop {
            let index = self.next_index;
            let (height, width) = self.range.get_size();
            if index >= height {
                return None;
            }
            self.next_index += 1;
            // Indexed access: calamine's row iterator would make `nth` walk
            // from the top on every row.
            let cells: Vec<Cell> = (0..width)
                .map(|col| self.range.get((index, col)).map(convert).unwrap_or(Cell::Empty))
                .collect();
            if cells.iter().all(Cell::is_blank) {
                continue;
            }
            let source = Source {
                input: self.input,
                line: self.first_row_number + index as u64,
            };
            let texts: Vec<&str> = cells
                .iter()
                .map(|c| match c {
                    Cell::Text(t) => *t,
                    _ => "",
                })
                .collect();
            // A cell longer than a spreadsheet allows (held cut): the row
            // is malformed, as in a CSV.
            let too_long = self.overlong.get(&index).map(|&column| {
                let header = self.map.headers.get(column).map_or("", String::as_str);
                let start = self.range.start().map_or(0, |(_, c)| c as usize);
                cell_too_long(header, &column_letters(start + column), self.lang)
            });
            let malformed = too_long.or_else(|| nul_reason(texts.iter().copied(), &self.map.headers, self.lang));
            let text_len = texts.iter().map(|t| t.len()).sum();
            let mut row = self.map.row_with_capacity(cells.iter().copied(), text_len, source);
            row.malformed = malformed;
            if let Some(label) = total_or_remark(&row, texts.iter().copied()) {
                self.skipped += 1;
                let name = format!("{} [{}]", self.path, self.sheet);
                note_skipped_row(&mut self.notes, self.skipped, &name, source.line, &label, self.lang);
                continue;
            }
            self.rows += 1;
            return Some(Ok(row));
        }
    }

    fn info(&self) -> InputInfo {
        InputInfo {
            path: self.path.clone(),
            sheet: Some(self.sheet.clone()),
            encoding: None,
            delimiter: None,
            rows: self.rows,
            headers: self.map.headers.clone(),
            extra_columns: self.map.extra_names.clone(),
            columns: self.map.targets.clone(),
            header_line: self.header_line,
            skipped_rows: self.skipped,
            notes: {
                let mut notes = self.notes.clone();
                let name = format!("{} [{}]", self.path, self.sheet);
                finish_skipped_notes(&mut notes, self.skipped, &name, self.lang);
                notes
            },
        }
    }

    fn header_map(&self) -> &HeaderMap {
        &self.map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_cfb(with_encrypted_package: bool) -> Vec<u8> {
        let mut bytes = OLE_MAGIC.to_vec();
        bytes.resize(512, 0);
        let names: &[&str] = if with_encrypted_package {
            &["Root Entry", "EncryptionInfo", "EncryptedPackage"]
        } else {
            &["Root Entry", "Workbook"]
        };
        for name in names {
            let mut entry: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
            entry.resize(128, 0);
            bytes.extend(entry);
        }
        bytes
    }

    #[test]
    fn text_over_a_spreadsheets_limit_is_cut_and_noted_with_its_column() {
        let long = "é".repeat(MAX_CELL_CHARS + 1);
        let (cut, was) = cut_overlong(Data::String(long.clone()));
        assert!(was);
        assert_eq!(cut, Data::String("é".repeat(MAX_CELL_CHARS)));
        let (cut, was) = cut_overlong(Data::DateTimeIso(long.clone()));
        assert!(was && matches!(cut, Data::DateTimeIso(ref s) if s.chars().count() == MAX_CELL_CHARS));
        let at_limit = Data::String("x".repeat(MAX_CELL_CHARS));
        assert_eq!(cut_overlong(at_limit.clone()), (at_limit, false));
        assert_eq!(
            grid_value(&DataRef::SharedString(&long)).0,
            Data::String("é".repeat(MAX_CELL_CHARS))
        );
        // A sheet read whole (xls, ods) starting at B2: positions as calamine numbers them.
        let mut range = Range::new((1, 1), (2, 3));
        range.set_value((1, 1), Data::String("kort".into()));
        range.set_value((2, 3), Data::String(long));
        let grid = cut_grid(range);
        assert_eq!(grid.overlong, vec![(2, 3)]);
        assert!(matches!(grid.range.get_value((2, 3)), Some(Data::String(s)) if s.chars().count() == MAX_CELL_CHARS));
        assert_eq!(
            [0, 2, 25, 26, 27, 16_383].map(column_letters),
            ["A", "C", "Z", "AA", "AB", "XFD"].map(String::from)
        );
    }

    #[test]
    fn percent_formats_are_recognised_and_scaled_in_decimal() {
        for code in ["0%", "0.00%", "#,##0.0 %", "0%;[Red]-0%"] {
            assert!(is_percent_format(code), "{code}");
        }
        for code in ["General", "0.00", "\"%\"0", "0\\%", "dd/mm/yyyy", "[$%-813]0"] {
            assert!(!is_percent_format(code), "{code}");
        }
        assert_eq!(as_percent(Data::Float(0.8)), Data::Float(80.0));
        assert_eq!(as_percent(Data::Float(0.07)), Data::Float(7.0));
        assert_eq!(as_percent(Data::Float(0.333)), Data::Float(33.3));
        assert_eq!(as_percent(Data::Int(1)), Data::Int(100));
        assert_eq!(as_percent(Data::String("80%".into())), Data::String("80%".into()));
    }

    #[test]
    fn an_encrypted_xlsx_is_f001_saying_encrypted() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("geheim.xlsx");
        std::fs::write(&path, fake_cfb(true)).expect("write");
        let err = SheetRows::open(&path, "geheim.xlsx", 0, &InputSchema::builtin(), None, Lang::En)
            .err()
            .expect("fatal");
        assert_eq!(err.code, "F001");
        assert_eq!(err.file, "geheim.xlsx");
        assert!(
            err.message.contains("encrypted (password-protected)"),
            "{}",
            err.message
        );
        let err = SheetRows::open(&path, "geheim.xlsx", 0, &InputSchema::builtin(), None, Lang::Fr)
            .err()
            .expect("fatal");
        assert!(
            err.message
                .contains("le classeur est chiffré (protégé par un mot de passe)"),
            "{}",
            err.message
        );
    }

    #[test]
    fn an_xls_renamed_to_xlsx_is_f001_saying_what_it_may_be() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("oud.xlsx");
        std::fs::write(&path, fake_cfb(false)).expect("write");
        let err = SheetRows::open(&path, "oud.xlsx", 0, &InputSchema::builtin(), None, Lang::Nl)
            .err()
            .expect("fatal");
        assert_eq!(err.code, "F001");
        assert!(err.message.contains("OLE-container"), "{}", err.message);
        let err = SheetRows::open(&path, "oud.xlsx", 0, &InputSchema::builtin(), None, Lang::Fr)
            .err()
            .expect("fatal");
        assert!(
            err.message.contains(
                "ceci n'est pas un fichier .xlsx mais un conteneur OLE: un classeur chiffré, ou un ancien fichier .xls"
            ),
            "{}",
            err.message
        );
        // An .xls is an OLE container by nature: left to calamine.
        assert_eq!(ole_instead_of_zip(&dir.path().join("oud.xls"), Lang::En), None);
    }
}
