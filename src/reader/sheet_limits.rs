//! Bounds on what a workbook may make calamine allocate, checked before
//! calamine reads it (issue 11, item 4).
//!
//! calamine sizes its memory by what a file declares, not by how many bytes
//! it has: a sheet becomes a grid from its first to its last cell (a 2 KB
//! `.xlsx` with one cell at XFD1048576 asked for 512 GiB), the repeated rows
//! of an `.ods` are expanded (1 KB with a million repeated rows took 1.4 GiB),
//! zip parts are unpacked (a 0.6 MB zip bomb took 1.1 GiB), and an `.xls`
//! reserves room for the rows its DIMENSIONS record declares (4 billion rows:
//! the allocation fails and the process aborts, which no `catch_unwind`
//! stops). So before calamine reads a workbook, what it would allocate is
//! worked out from the file's structure, and a file beyond the limits below
//! is refused: F001 "too large", with the advice to save the sheet as CSV,
//! which is read as a stream.
//!
//! What is checked, per format:
//! - **Zip-based** (xlsx, xlsm, xlsb, ods): the number of parts (read from the
//!   end of the central directory before the zip crate reads the directory),
//!   then for every part its declared unpacked size, the sum of them and the
//!   compression ratio. The zip crate stops reading a part at its declared
//!   size, so the declared sizes bound what can be unpacked. Parts that
//!   calamine loads whole when it opens the workbook (styles, workbook,
//!   relationships, theme, shared strings) are counted: elements, strings.
//! - **xlsx, xlsm, xlsb**: the sheet's declared dimension (`<dimension>`,
//!   BrtWsDim), then, while calamine streams the sheet's cells one by one,
//!   their number, the grid they span and the memory they take with their
//!   text ([`CellGuard`]): a far cell is refused when it arrives, before the
//!   grid is built.
//! - **ods**: calamine reads every sheet of `content.xml` when it opens the
//!   workbook. `content.xml` is scanned first, with a small streaming
//!   tokenizer and no tree, for what calamine would expand: rows and columns
//!   repeated, the grid each sheet spans, the text copied into every repeated
//!   cell (`text:s` runs of spaces included).
//! - **xls**: calamine reads the whole file and every sheet when it opens the
//!   workbook. The OLE container is walked first the way calamine walks it:
//!   a chain of sectors that loops is refused as corrupt (calamine would
//!   follow it without end, growing), and so is a file that ends before its
//!   own structure does (calamine would panic, or read a cut stream). Then
//!   the BIFF records: DIMENSIONS, the position of every cell, the shared
//!   strings every cell copies, inline strings, formulas.
//!
//! Not checked exactly: the text calamine makes of an `.xls` formula is
//! estimated at 64 bytes per byte of formula tokens plus 128 (a reference to a
//! defined name is 5 bytes and becomes at most 255 characters); decoded text
//! is counted at 3 bytes per character of the file (UTF-8 of any UTF-16 or
//! code-page character). The memory of calamine's other structures (styles,
//! sheet lists, relationships) is estimated at 320 bytes per XML element or
//! binary record, above what they measure (about 300 bytes per `<xf/>`).

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use crate::lang::{tr, trf, Lang};

const MIB: u64 = 1 << 20;

/// The most cells (rows × columns) a sheet may span, as declared or as its
/// cells reach. calamine keeps a sheet as that grid at 32 bytes a cell, so
/// 10 million cells are 320 MB before any text; that is 500,000 rows of 20
/// columns, five times the 100,000-row workbook of the README (2 million
/// cells, 200 MiB for the whole run). Dense sheets meet [`MEMORY_LIMIT`]
/// first; this limit is what refuses a far cell or a huge declared range.
pub const MAX_SHEET_CELLS: u64 = 10_000_000;

/// The most memory calamine may need for a workbook, as estimated from the
/// file: the grid of the sheet read (of every sheet for .xls and .ods), the
/// list of cells calamine builds it from, the text of the cells, the shared
/// strings and the other structures of the open workbook. The estimates err
/// high (measured, whole runs of `check`): the 100,000-row .xlsx of 20
/// columns is estimated at 218 MiB and peaks at 190 MiB; 220,000 such rows at
/// 490 MiB (380 MiB); an .ods of 210,000 rows at 627 MiB (560 MiB). So the
/// whole process stays well under 1 GiB, the rest of the pipeline included.
pub const MEMORY_LIMIT: u64 = 640 * MIB;

/// The most a single zip part may unpack to (but `.ods` `content.xml`, whose
/// scan counts what calamine holds of it). calamine streams a sheet's XML
/// but holds one XML event whole, and the cells' memory is counted apart from
/// it: a part of whitespace, one text of the whole part, must fit beside a
/// sheet at [`MEMORY_LIMIT`] under 1 GiB. A 100,000-row sheet of 20 columns
/// is 57 MB of XML: 128 MiB is about 220,000 such rows, about where
/// [`MEMORY_LIMIT`] stops them too.
pub const MAX_PART_BYTES: u64 = 128 * MIB;

/// The most all zip parts together may unpack to.
pub const MAX_PARTS_BYTES: u64 = 1024 * MIB;

/// The most a part that calamine loads whole when it opens a workbook
/// (styles, workbook, relationships, theme) may unpack to. These are a few
/// kilobytes to a few megabytes in real workbooks.
pub const MAX_EAGER_PART_BYTES: u64 = 32 * MIB;

/// The highest compression ratio (unpacked : packed) of a part of more than
/// [`RATIO_FLOOR_BYTES`]: sheet XML packs 5 to 20 times (the 100,000-row
/// sheet: 8.4; an .ods `content.xml`, all markup: 33), a run of one byte
/// over a thousand times (a zip bomb).
pub const MAX_RATIO: u64 = 100;

/// Parts smaller than this are not held to [`MAX_RATIO`] (small XML of
/// repeated markup packs well and costs nothing).
pub const RATIO_FLOOR_BYTES: u64 = 8 * MIB;

/// The most parts a zip workbook may have. A workbook has 10 to 30, a few
/// hundred with many sheets and images; the zip crate keeps about 200 bytes
/// for each entry of the central directory, whatever the entry.
pub const MAX_ZIP_ENTRIES: u64 = 10_000;

/// The largest `.xls` file: calamine reads the whole file into memory, and
/// then the workbook stream again. BIFF8 has at most 65,536 rows of 256
/// columns a sheet; real .xls exports are a few megabytes.
pub const MAX_XLS_FILE_BYTES: u64 = 128 * MIB;

/// The longest XML tag the `.ods` scan reads (a cell's start tag with its
/// attributes); calamine's XML reader would hold it whole as well.
pub const MAX_TAG_BYTES: u64 = MIB;

/// Excel's sheet bounds: calamine caps an `.ods` sheet at these.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// Bytes of one cell of calamine's grid (`Data`), of one entry of the list of
/// cells it builds the grid from (`Cell<Data>`: position and value), and of
/// one formula of an `.ods`/`.xls` sheet's formula grid (`String`).
const GRID_CELL: u64 = std::mem::size_of::<calamine::Data>() as u64;
const LISTED_CELL: u64 = std::mem::size_of::<calamine::Cell<calamine::Data>>() as u64;
const FORMULA_CELL: u64 = std::mem::size_of::<String>() as u64;
/// What a heap string costs beyond its bytes (allocator rounding).
const STRING_OVERHEAD: u64 = 16;
/// What calamine keeps per element of a part it loads whole, estimated.
const ELEMENT_BYTES: u64 = 320;

/// The spreadsheet formats, as calamine opens them (by extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML: `.xlsx`, `.xlsm`, `.xlam`.
    Xlsx,
    /// Excel's binary workbook: `.xlsb`.
    Xlsb,
    /// Excel 97-2003 (BIFF8 in an OLE container): `.xls`, `.xla`.
    Xls,
    /// OpenDocument spreadsheet: `.ods`.
    Ods,
}

impl Format {
    /// The format calamine reads a file as, by its extension (any case).
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" | "xlam" => Some(Format::Xlsx),
            "xlsb" => Some(Format::Xlsb),
            "xls" | "xla" => Some(Format::Xls),
            "ods" => Some(Format::Ods),
            _ => None,
        }
    }
}

/// Why a workbook is not handed to calamine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Reading it would take more memory than the limits allow.
    TooLarge(TooLarge),
    /// Its structure would make calamine loop without end or misread.
    Corrupt(Corrupt),
}

impl From<TooLarge> for Refusal {
    fn from(t: TooLarge) -> Refusal {
        Refusal::TooLarge(t)
    }
}

impl From<Corrupt> for Refusal {
    fn from(c: Corrupt) -> Refusal {
        Refusal::Corrupt(c)
    }
}

/// A limit a workbook goes beyond.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TooLarge {
    /// The sheet's declared dimension spans more than [`MAX_SHEET_CELLS`].
    Declared {
        /// The sheet's name, when known.
        sheet: Option<String>,
        /// The number of rows declared.
        rows: u64,
        /// The number of columns declared.
        columns: u64,
    },
    /// The sheet's cells span more than [`MAX_SHEET_CELLS`].
    Spanned {
        /// The sheet's name, when known.
        sheet: Option<String>,
        /// The number of rows from the first cell to the last.
        rows: u64,
        /// The number of columns from the first cell to the last.
        columns: u64,
    },
    /// The sheet lists more than [`MAX_SHEET_CELLS`] cells.
    Cells {
        /// The sheet's name, when known.
        sheet: Option<String>,
    },
    /// Reading the workbook would take more than [`MEMORY_LIMIT`].
    Memory {
        /// The estimated memory, in bytes.
        bytes: u64,
    },
    /// A part unpacks to more than `limit`.
    Part {
        /// The part's name in the zip archive.
        name: String,
        /// What it declares it unpacks to, in bytes.
        bytes: u64,
        /// The limit for a part of its kind, in bytes.
        limit: u64,
    },
    /// All parts together unpack to more than [`MAX_PARTS_BYTES`].
    Parts {
        /// What all parts together declare they unpack to, in bytes.
        bytes: u64,
    },
    /// A part packs more than [`MAX_RATIO`] times.
    Ratio {
        /// The part's name in the zip archive.
        name: String,
        /// What it declares it unpacks to, in bytes.
        bytes: u64,
        /// Its packed size, in bytes.
        packed: u64,
    },
    /// More than [`MAX_ZIP_ENTRIES`] parts.
    Entries {
        /// The number of parts the zip archive declares.
        count: u64,
    },
    /// An `.xls` file of more than [`MAX_XLS_FILE_BYTES`].
    File {
        /// The file's size, in bytes.
        bytes: u64,
    },
    /// A tag longer than [`MAX_TAG_BYTES`] in a part.
    Tag {
        /// The name of the part holding the tag.
        part: String,
    },
}

/// A structure that would make calamine loop without end or misread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Corrupt {
    /// The file ends at `len` bytes, but its structure needs byte `needed`.
    Truncated {
        /// How far the structure reaches, in bytes from the start of the file.
        needed: u64,
        /// The file's length, in bytes.
        len: u64,
    },
    /// A chain of sectors of the OLE container comes back on itself (with a
    /// length to read that calamine would never reach: it would loop, growing).
    Loop {
        /// Which chain loops (e.g. `mini stream`), for the message.
        chain: &'static str,
    },
}

/// Bytes as MiB: whole above 10 MiB, else one decimal (`0,6` in Dutch and French).
fn mib(bytes: u64, lang: Lang) -> String {
    if bytes >= 10 * MIB {
        format!("{} MiB", lang.grouped(bytes / MIB))
    } else {
        let tenths = (bytes * 10 + MIB / 2) / MIB;
        format!("{} MiB", lang.decimal(&format!("{}.{}", tenths / 10, tenths % 10)))
    }
}

fn sheet_label(sheet: &Option<String>, lang: Lang) -> String {
    match sheet {
        Some(name) => trf!(lang,
            nl: "blad '{name}' te groot",
            fr: "feuille '{name}' trop grande",
            en: "sheet '{name}' too large",
        ),
        None => tr!(lang, nl: "blad te groot", fr: "feuille trop grande", en: "sheet too large").to_string(),
    }
}

impl TooLarge {
    /// What goes after "cannot read the file: ".
    pub fn message(&self, lang: Lang) -> String {
        let cells = lang.grouped(MAX_SHEET_CELLS);
        match self {
            TooLarge::Declared { sheet, rows, columns } => {
                let what = sheet_label(sheet, lang);
                let (r, c) = (lang.grouped(*rows), lang.grouped(*columns));
                trf!(lang,
                    nl: "{what}: {r} rijen × {c} kolommen gedeclareerd (grens {cells} cellen, rijen × kolommen; \
                         is de inhoud kleiner, dan reikt het gebruikte bereik van het blad verder: verwijder de lege \
                         rijen en kolommen na de gegevens)",
                    fr: "{what}: {r} lignes × {c} colonnes déclarées (limite {cells} cellules, lignes × colonnes; \
                         si le contenu est plus petit, la plage utilisée de la feuille s'étend plus loin: supprimez \
                         les lignes et colonnes vides après les données)",
                    en: "{what}: {r} rows × {c} columns declared (limit {cells} cells, rows × columns; if the data \
                         is smaller, the sheet's used range reaches further: delete the empty rows and columns after \
                         the data)",
                )
            }
            TooLarge::Spanned { sheet, rows, columns } => {
                let what = sheet_label(sheet, lang);
                let (r, c) = (lang.grouped(*rows), lang.grouped(*columns));
                trf!(lang,
                    nl: "{what}: de cellen beslaan {r} rijen × {c} kolommen (grens {cells} cellen)",
                    fr: "{what}: les cellules couvrent {r} lignes × {c} colonnes (limite {cells} cellules)",
                    en: "{what}: its cells span {r} rows × {c} columns (limit {cells} cells)",
                )
            }
            TooLarge::Cells { sheet } => {
                let what = sheet_label(sheet, lang);
                trf!(lang,
                    nl: "{what}: meer dan {cells} cellen",
                    fr: "{what}: plus de {cells} cellules",
                    en: "{what}: more than {cells} cells",
                )
            }
            TooLarge::Memory { bytes } => {
                let (b, l) = (mib(*bytes, lang), mib(MEMORY_LIMIT, lang));
                trf!(lang,
                    nl: "werkmap te groot: inlezen zou ongeveer {b} geheugen vragen (grens {l})",
                    fr: "classeur trop grand: sa lecture demanderait environ {b} de mémoire (limite {l})",
                    en: "workbook too large: reading it would take about {b} of memory (limit {l})",
                )
            }
            TooLarge::Part { name, bytes, limit } => {
                let (b, l) = (mib(*bytes, lang), mib(*limit, lang));
                trf!(lang,
                    nl: "werkmapdeel {name} pakt uit tot {b} (grens {l})",
                    fr: "la partie {name} du classeur se décompresse en {b} (limite {l})",
                    en: "workbook part {name} unpacks to {b} (limit {l})",
                )
            }
            TooLarge::Parts { bytes } => {
                let (b, l) = (mib(*bytes, lang), mib(MAX_PARTS_BYTES, lang));
                trf!(lang,
                    nl: "de delen van de werkmap pakken samen uit tot {b} (grens {l})",
                    fr: "les parties du classeur se décompressent ensemble en {b} (limite {l})",
                    en: "the workbook's parts unpack to {b} in all (limit {l})",
                )
            }
            TooLarge::Ratio { name, bytes, packed } => {
                let (b, p) = (mib(*bytes, lang), mib(*packed, lang));
                let ratio = lang.grouped(bytes / (*packed).max(1));
                let floor = mib(RATIO_FLOOR_BYTES, lang);
                trf!(lang,
                    nl: "werkmapdeel {name} pakt uit tot {b} uit {p}, {ratio}:1 (grens {MAX_RATIO}:1 voor delen \
                         boven {floor}): een zipbom?",
                    fr: "la partie {name} du classeur se décompresse en {b} à partir de {p}, {ratio}:1 (limite \
                         {MAX_RATIO}:1 pour les parties de plus de {floor}): une bombe zip?",
                    en: "workbook part {name} unpacks to {b} from {p}, {ratio}:1 (limit {MAX_RATIO}:1 for parts \
                         above {floor}): a zip bomb?",
                )
            }
            TooLarge::Entries { count } => {
                let (n, l) = (lang.grouped(*count), lang.grouped(MAX_ZIP_ENTRIES));
                trf!(lang,
                    nl: "de werkmap telt {n} delen (grens {l})",
                    fr: "le classeur compte {n} parties (limite {l})",
                    en: "the workbook has {n} parts (limit {l})",
                )
            }
            TooLarge::File { bytes } => {
                let (b, l) = (mib(*bytes, lang), mib(MAX_XLS_FILE_BYTES, lang));
                trf!(lang,
                    nl: ".xls-bestand van {b} (grens {l})",
                    fr: "fichier .xls de {b} (limite {l})",
                    en: ".xls file of {b} (limit {l})",
                )
            }
            TooLarge::Tag { part } => {
                let l = mib(MAX_TAG_BYTES, lang);
                trf!(lang,
                    nl: "werkmapdeel {part} bevat een tag van meer dan {l}",
                    fr: "la partie {part} du classeur contient une balise de plus de {l}",
                    en: "workbook part {part} holds a tag of more than {l}",
                )
            }
        }
    }
}

impl Corrupt {
    /// What goes after "cannot read the file: ".
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Corrupt::Truncated { needed, len } => {
                let (n, l) = (lang.grouped(*needed), lang.grouped(*len));
                trf!(lang,
                    nl: "beschadigde werkmap: het bestand is afgekapt (het houdt op na {l} bytes, maar zijn \
                         structuur loopt tot byte {n}); onvolledig gekopieerd of gedownload?",
                    fr: "classeur endommagé: le fichier est tronqué (il s'arrête après {l} octets, mais sa \
                         structure va jusqu'à l'octet {n}); copié ou téléchargé de manière incomplète?",
                    en: "corrupt workbook: the file is truncated (it ends after {l} bytes, but its structure reaches \
                         byte {n}); copied or downloaded incompletely?",
                )
            }
            Corrupt::Loop { chain } => trf!(lang,
                nl: "beschadigde werkmap: een sectorketen ({chain}) van de OLE-container loopt in een kring",
                fr: "classeur endommagé: une chaîne de secteurs ({chain}) du conteneur OLE tourne en boucle",
                en: "corrupt workbook: a chain of sectors ({chain}) of the OLE container loops",
            ),
        }
    }
}

impl Refusal {
    /// What goes after "cannot read the file: ", in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Refusal::TooLarge(t) => t.message(lang),
            Refusal::Corrupt(c) => c.message(lang),
        }
    }
}

/// What is known once a workbook passed [`before_open`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Opened {
    /// Memory calamine holds once the workbook is open, estimated (shared
    /// strings, styles, sheet lists); the cells of the sheet read come on top.
    pub open_bytes: u64,
    /// An .xls whose structure reaches past the end of the file, though not
    /// where calamine would fail: `(byte needed, file length)`. If calamine
    /// fails on it after all, that is the cause to name.
    pub truncated: Option<(u64, u64)>,
}

impl Opened {
    /// What to say when calamine fails on a file the checks let through.
    pub fn truncation(&self) -> Option<Corrupt> {
        self.truncated.map(|(needed, len)| Corrupt::Truncated { needed, len })
    }
}

/// Checks a workbook before calamine opens it. I/O errors and structures this
/// check cannot follow are left to calamine, which reports them (F001): what
/// is refused here is only what calamine would read *successfully* into too
/// much memory, or loop on.
pub fn before_open(path: &Path, format: Format) -> Result<Opened, Refusal> {
    let Ok(mut file) = File::open(path) else {
        return Ok(Opened::default());
    };
    let Ok(len) = file.metadata().map(|m| m.len()) else {
        return Ok(Opened::default());
    };
    let mut magic = [0u8; 4];
    let read = file.read(&mut magic).unwrap_or(0);
    match format {
        Format::Xls => {
            if len > MAX_XLS_FILE_BYTES {
                return Err(TooLarge::File { bytes: len }.into());
            }
            xls::check(file, len)
        }
        Format::Xlsx | Format::Xlsb | Format::Ods => {
            if read < 4 || magic != *b"PK\x03\x04" && magic != *b"PK\x05\x06" {
                // Not a zip archive: calamine says so.
                return Ok(Opened::default());
            }
            zipped::check(file, len, format)
        }
    }
}

/// Watches the cells of an xlsx/xlsb sheet as calamine streams them, before
/// they become a grid.
#[derive(Debug)]
pub struct CellGuard {
    sheet: String,
    open_bytes: u64,
    cells: u64,
    text: u64,
    span: Option<((u32, u32), (u32, u32))>,
}

impl CellGuard {
    /// A guard for the sheet named `sheet` (named in refusals), counting on
    /// top of the memory `opened` estimated for the open workbook.
    pub fn new(sheet: &str, opened: Opened) -> CellGuard {
        CellGuard {
            sheet: sheet.to_string(),
            open_bytes: opened.open_bytes,
            cells: 0,
            text: 0,
            span: None,
        }
    }

    /// The declared dimension, `(first row, first column)` to `(last row,
    /// last column)`, 0-based.
    pub fn declared(&self, start: (u32, u32), end: (u32, u32)) -> Result<(), TooLarge> {
        let rows = u64::from(end.0.abs_diff(start.0)) + 1;
        let columns = u64::from(end.1.abs_diff(start.1)) + 1;
        if rows.saturating_mul(columns) > MAX_SHEET_CELLS {
            return Err(TooLarge::Declared {
                sheet: Some(self.sheet.clone()),
                rows,
                columns,
            });
        }
        Ok(())
    }

    /// One more (non-empty) cell at `(row, column)` holding `text` heap bytes.
    pub fn push(&mut self, row: u32, column: u32, text: usize) -> Result<(), TooLarge> {
        self.cells += 1;
        if self.cells > MAX_SHEET_CELLS {
            return Err(TooLarge::Cells {
                sheet: Some(self.sheet.clone()),
            });
        }
        if text > 0 {
            self.text += text as u64 + STRING_OVERHEAD;
        }
        let ((r0, c0), (r1, c1)) = self.span.unwrap_or(((row, column), (row, column)));
        let span = ((r0.min(row), c0.min(column)), (r1.max(row), c1.max(column)));
        self.span = Some(span);
        let rows = u64::from(span.1 .0 - span.0 .0) + 1;
        let columns = u64::from(span.1 .1 - span.0 .1) + 1;
        let grid = rows.saturating_mul(columns);
        if grid > MAX_SHEET_CELLS {
            return Err(TooLarge::Spanned {
                sheet: Some(self.sheet.clone()),
                rows,
                columns,
            });
        }
        let bytes = self.bytes_for(grid);
        if bytes > MEMORY_LIMIT {
            return Err(TooLarge::Memory { bytes });
        }
        Ok(())
    }

    /// The memory estimate for a grid of `grid` cells: the open workbook, the
    /// list of cells (doubling as it grows), the grid built from it, the text.
    fn bytes_for(&self, grid: u64) -> u64 {
        self.open_bytes
            .saturating_add(2 * self.cells * LISTED_CELL)
            .saturating_add(grid.saturating_mul(GRID_CELL))
            .saturating_add(self.text)
    }

    /// The first and the last row and column of the cells so far.
    pub fn span(&self) -> Option<((u32, u32), (u32, u32))> {
        self.span
    }

    /// The memory estimate so far.
    pub fn bytes(&self) -> u64 {
        let grid = self.span.map_or(0, |((r0, c0), (r1, c1))| {
            (u64::from(r1 - r0) + 1).saturating_mul(u64::from(c1 - c0) + 1)
        });
        self.bytes_for(grid)
    }
}

/// Little-endian readers that never panic.
fn le16(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn le64(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(8)?)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(s);
    Some(u64::from_le_bytes(a))
}

/// Reads `into.len()` bytes at most, stopping at the end of the input.
fn read_full(r: &mut impl Read, into: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < into.len() {
        match r.read(&mut into[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

mod zipped {
    //! Zip-based workbooks: the central directory, the parts loaded whole.

    use super::*;

    /// Signatures of the end of central directory records.
    const EOCD: &[u8; 4] = b"PK\x05\x06";
    const EOCD64_LOCATOR: &[u8; 4] = b"PK\x06\x07";
    const EOCD64: &[u8; 4] = b"PK\x06\x06";

    /// The number of entries the end of central directory declares (the
    /// highest, if several records could be it), read from the last 64 KiB
    /// of the file; `None` when there is none (the zip crate will say so).
    pub(super) fn declared_entries(file: &mut File, len: u64) -> io::Result<Option<u64>> {
        let tail_len = len.min(22 + 0xFFFF + 20);
        file.seek(SeekFrom::Start(len - tail_len))?;
        let mut tail = vec![0u8; tail_len as usize];
        let got = read_full(file, &mut tail)?;
        tail.truncate(got);
        let mut consistent = None::<u64>;
        let mut any = None::<u64>;
        for at in (0..tail.len().saturating_sub(21)).rev() {
            if tail.get(at..at + 4) != Some(EOCD.as_slice()) {
                continue;
            }
            let Some(entries) = le16(&tail, at + 10) else { continue };
            let mut count = u64::from(entries);
            let zip64 = entries == 0xFFFF
                || le32(&tail, at + 12) == Some(0xFFFF_FFFF)
                || le32(&tail, at + 16) == Some(0xFFFF_FFFF);
            if zip64 && at >= 20 && tail.get(at - 20..at - 16) == Some(EOCD64_LOCATOR.as_slice()) {
                if let Some(offset) = le64(&tail, at - 20 + 8) {
                    let mut record = [0u8; 56];
                    if offset < len && file.seek(SeekFrom::Start(offset)).is_ok() {
                        let got = read_full(file, &mut record)?;
                        if got == 56 && record[..4] == *EOCD64 {
                            count = count.max(le64(&record, 32).unwrap_or(0));
                        }
                    }
                }
            }
            let comment = le16(&tail, at + 20).map(usize::from);
            if comment.is_some_and(|c| at + 22 + c == tail.len()) {
                consistent = Some(consistent.map_or(count, |c: u64| c.max(count)));
            }
            any = Some(any.map_or(count, |c: u64| c.max(count)));
        }
        Ok(consistent.or(any))
    }

    /// What a part is to calamine.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Role {
        /// Loaded whole when the workbook is opened (xml).
        EagerXml,
        /// Loaded whole when the workbook is opened (binary records of .xlsb).
        EagerBin,
        /// The shared strings of an .xlsx.
        SharedStringsXml,
        /// The shared strings of an .xlsb.
        SharedStringsBin,
        /// The content of an .ods (every sheet).
        OdsContent,
        /// Streamed (a sheet) or never read (images, printer settings, ...).
        Other,
    }

    fn role(name: &str, format: Format, office_document: Option<&str>) -> Role {
        let lower = name.to_ascii_lowercase();
        let base = lower.rsplit('/').next().unwrap_or(&lower);
        match format {
            Format::Ods => {
                if lower == "content.xml" {
                    Role::OdsContent
                } else {
                    Role::Other
                }
            }
            _ => {
                let is_bin = base.ends_with(".bin");
                if base == "sharedstrings.xml" {
                    Role::SharedStringsXml
                } else if base == "sharedstrings.bin" {
                    Role::SharedStringsBin
                } else if base.ends_with(".rels")
                    || matches!(base, "styles.xml" | "workbook.xml" | "theme1.xml")
                    || office_document.is_some_and(|d| d.eq_ignore_ascii_case(&lower))
                {
                    Role::EagerXml
                } else if matches!(base, "styles.bin" | "workbook.bin") {
                    Role::EagerBin
                } else if is_bin && format == Format::Xlsb && !lower.contains("worksheets/") && base != "vbaproject.bin"
                {
                    // Other records of an .xlsb that calamine might load (not
                    // printer settings or macros): held to the same limit.
                    Role::EagerBin
                } else {
                    Role::Other
                }
            }
        }
    }

    pub(super) fn check(mut file: File, len: u64, format: Format) -> Result<Opened, Refusal> {
        if let Ok(Some(count)) = declared_entries(&mut file, len) {
            if count > MAX_ZIP_ENTRIES {
                return Err(TooLarge::Entries { count }.into());
            }
        }
        if file.seek(SeekFrom::Start(0)).is_err() {
            return Ok(Opened::default());
        }
        let Ok(mut archive) = zip::ZipArchive::new(BufReader::new(file)) else {
            return Ok(Opened::default());
        };
        // The package relationships name the workbook part (xl/workbook.xml
        // unless a tool chose otherwise); calamine loads it whole.
        let office_document = if format == Format::Xlsx {
            office_document(&mut archive)
        } else {
            None
        };
        let mut parts = Vec::with_capacity(archive.len());
        let mut total = 0u64;
        for index in 0..archive.len() {
            let Ok(entry) = archive.by_index_raw(index) else {
                continue;
            };
            let Ok(name) = entry.name().map(|n| n.into_owned()) else {
                continue;
            };
            let (size, packed) = (entry.size(), entry.compressed_size());
            let role = role(&name, format, office_document.as_deref());
            let limit = match role {
                Role::EagerXml | Role::EagerBin => MAX_EAGER_PART_BYTES,
                // Scanned whole below, the largest XML event included: held
                // to the total only (a 100,000-row .ods is 200 MB of XML).
                Role::OdsContent => MAX_PARTS_BYTES,
                _ => MAX_PART_BYTES,
            };
            if size > limit {
                return Err(TooLarge::Part {
                    name,
                    bytes: size,
                    limit,
                }
                .into());
            }
            if size > RATIO_FLOOR_BYTES && size > packed.saturating_mul(MAX_RATIO) {
                return Err(TooLarge::Ratio {
                    name,
                    bytes: size,
                    packed,
                }
                .into());
            }
            total = total.saturating_add(size);
            if total > MAX_PARTS_BYTES {
                return Err(TooLarge::Parts { bytes: total }.into());
            }
            parts.push((index, name, size, role));
        }
        let mut opened = Opened::default();
        for (index, name, size, role) in parts {
            if role == Role::Other {
                continue;
            }
            let Ok(entry) = archive.by_index(index) else { continue };
            // Parts read whole: their structures, their text, and calamine's
            // XML buffer, which may hold the largest event (twice, as it grows).
            let bytes = match role {
                Role::EagerXml => count_xml(entry, Count::Elements).saturating_mul(ELEMENT_BYTES) + 2 * size,
                Role::SharedStringsXml => {
                    count_xml(entry, Count::SharedStrings).saturating_mul(FORMULA_CELL + STRING_OVERHEAD) + 3 * size
                }
                Role::EagerBin => count_records(entry).saturating_mul(ELEMENT_BYTES) + 2 * size,
                Role::SharedStringsBin => {
                    count_records(entry).saturating_mul(FORMULA_CELL + STRING_OVERHEAD) + size.saturating_mul(3)
                }
                Role::OdsContent => ods::estimate(entry, &name)?,
                Role::Other => 0,
            };
            opened.open_bytes = opened.open_bytes.saturating_add(bytes);
            if opened.open_bytes > MEMORY_LIMIT {
                return Err(TooLarge::Memory {
                    bytes: opened.open_bytes,
                }
                .into());
            }
        }
        Ok(opened)
    }

    /// The target of the package relationship of type officeDocument, as a
    /// path in the archive.
    fn office_document<R: Read + Seek>(archive: &mut zip::ZipArchive<R>) -> Option<String> {
        let entry = archive.by_name("_rels/.rels").ok()?;
        if entry.size() > MAX_EAGER_PART_BYTES {
            return None;
        }
        let mut xml = xml::Scanner::new(entry, "_rels/.rels");
        loop {
            match xml.next().ok()? {
                xml::Event::Eof => return None,
                xml::Event::Start { .. } if xml.name() == b"Relationship" => {
                    let mut target = None;
                    let mut is_document = false;
                    for (key, value) in xml.attributes() {
                        match key {
                            b"Type" => is_document = value.ends_with(b"/officeDocument"),
                            b"Target" => target = Some(String::from_utf8_lossy(value).into_owned()),
                            _ => {}
                        }
                    }
                    if is_document {
                        return target.map(|t| t.trim_start_matches('/').to_string());
                    }
                }
                _ => {}
            }
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Count {
        /// Every start tag.
        Elements,
        /// `<si>` elements (shared strings).
        SharedStrings,
    }

    /// Counts elements of an XML part, streaming (`<` followed by a name).
    fn count_xml(mut r: impl Read, what: Count) -> u64 {
        let mut buf = vec![0u8; 64 * 1024];
        // The last bytes of the previous chunk, for a tag cut in two.
        let mut carry: Vec<u8> = Vec::new();
        let mut count = 0u64;
        loop {
            let n = match r.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            };
            let mut window = std::mem::take(&mut carry);
            window.extend_from_slice(&buf[..n]);
            let keep = 3.min(window.len());
            let scan_to = window.len() - keep;
            for at in memchr::memchr_iter(b'<', &window[..scan_to]) {
                let next = window.get(at + 1).copied().unwrap_or(b' ');
                match what {
                    Count::Elements => {
                        if next.is_ascii_alphabetic() || next == b'_' || next == b':' {
                            count += 1;
                        }
                    }
                    Count::SharedStrings => {
                        let after = window.get(at + 3).copied().unwrap_or(b' ');
                        if window.get(at + 1..at + 3) == Some(b"si".as_slice())
                            && (after == b'>' || after == b'/' || after.is_ascii_whitespace())
                        {
                            count += 1;
                        }
                    }
                }
            }
            carry = window[scan_to..].to_vec();
        }
        count
    }

    /// Counts the records of a binary part of an .xlsb (BIFF12: a type of one
    /// or two bytes and a length of one to four, both 7 bits a byte).
    fn count_records(r: impl Read) -> u64 {
        let mut r = BufReader::new(r);
        let mut count = 0u64;
        let mut byte = [0u8; 1];
        let mut next = |r: &mut BufReader<_>| -> Option<u8> {
            match read_full(r, &mut byte) {
                Ok(1) => Some(byte[0]),
                _ => None,
            }
        };
        // Record type.
        while let Some(b) = next(&mut r) {
            if b & 0x80 != 0 && next(&mut r).is_none() {
                break;
            }
            // Record length.
            let mut len = 0u64;
            let mut ok = false;
            for shift in 0..4 {
                let Some(b) = next(&mut r) else { break };
                len |= u64::from(b & 0x7F) << (7 * shift);
                if b & 0x80 == 0 {
                    ok = true;
                    break;
                }
            }
            count += 1;
            if !ok || io::copy(&mut (&mut r).take(len), &mut io::sink()).map_or(true, |n| n < len) {
                break;
            }
        }
        count
    }
}

mod xml {
    //! A streaming XML tokenizer for the checks: tags and the length of the
    //! text between them, nothing kept but the current tag.

    use super::*;

    const CHUNK: usize = 64 * 1024;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub(super) enum Event {
        /// A start tag; `empty` for `<a/>`. [`Scanner::name`] and
        /// [`Scanner::attributes`] read it.
        Start {
            empty: bool,
        },
        /// An end tag ([`Scanner::name`]).
        End,
        /// This many bytes of text (entities count as written, CDATA as text).
        Text(u64),
        Eof,
    }

    pub(super) struct Scanner<R: Read> {
        src: R,
        buf: Vec<u8>,
        pos: usize,
        eof: bool,
        tag: Vec<u8>,
        part: String,
        /// The text run being read (consecutive `Text` events), and the
        /// largest run, tag, comment or CDATA section so far: what an XML
        /// reader that buffers one event holds at once.
        run: u64,
        largest: u64,
    }

    impl<R: Read> Scanner<R> {
        pub(super) fn new(src: R, part: &str) -> Scanner<R> {
            Scanner {
                src,
                buf: Vec::with_capacity(CHUNK + 16),
                pos: 0,
                eof: false,
                tag: Vec::new(),
                part: part.to_string(),
                run: 0,
                largest: 0,
            }
        }

        /// The largest event so far, in bytes.
        pub(super) fn largest(&self) -> u64 {
            self.largest
        }

        fn event_of(&mut self, bytes: u64) {
            self.largest = self.largest.max(bytes);
        }

        /// Reads more input after what is left; false at the end.
        fn fill(&mut self) -> bool {
            if self.eof {
                return false;
            }
            if self.pos > 0 {
                self.buf.drain(..self.pos);
                self.pos = 0;
            }
            let old = self.buf.len();
            self.buf.resize(old + CHUNK, 0);
            let n = loop {
                match self.src.read(&mut self.buf[old..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    // A read error ends the scan; calamine meets it too.
                    Err(_) => break 0,
                }
            };
            self.buf.truncate(old + n);
            if n == 0 {
                self.eof = true;
            }
            n > 0
        }

        /// Skips past `end`, the first `start` bytes being the opening
        /// (`<!--`); returns the bytes skipped.
        fn skip_past(&mut self, start: usize, end: &[u8]) -> u64 {
            self.pos += start;
            let mut skipped = 0u64;
            loop {
                let rest = &self.buf[self.pos..];
                if let Some(at) = memchr::memmem::find(rest, end) {
                    self.pos += at + end.len();
                    return skipped + at as u64;
                }
                // Keep a possible partial `end` at the end of the window.
                let keep = (end.len() - 1).min(rest.len());
                let drop = rest.len() - keep;
                self.pos += drop;
                skipped += drop as u64;
                if !self.fill() {
                    self.pos = self.buf.len();
                    return skipped;
                }
            }
        }

        pub(super) fn next(&mut self) -> Result<Event, TooLarge> {
            loop {
                if self.pos >= self.buf.len() && !self.fill() {
                    return Ok(Event::Eof);
                }
                if self.buf[self.pos] != b'<' {
                    let rest = &self.buf[self.pos..];
                    let n = memchr::memchr(b'<', rest).unwrap_or(rest.len());
                    self.pos += n;
                    self.run += n as u64;
                    self.event_of(self.run);
                    return Ok(Event::Text(n as u64));
                }
                self.run = 0;
                while self.buf.len() - self.pos < 9 && self.fill() {}
                let rest = &self.buf[self.pos..];
                if rest.starts_with(b"<!--") {
                    let n = self.skip_past(4, b"-->");
                    self.event_of(n);
                    continue;
                }
                if rest.starts_with(b"<![CDATA[") {
                    let n = self.skip_past(9, b"]]>");
                    self.event_of(n);
                    return Ok(Event::Text(n));
                }
                if rest.starts_with(b"<?") {
                    let n = self.skip_past(2, b"?>");
                    self.event_of(n);
                    continue;
                }
                if rest.starts_with(b"<!") {
                    let n = self.skip_past(2, b">");
                    self.event_of(n);
                    continue;
                }
                self.pos += 1;
                self.tag.clear();
                let mut quote: Option<u8> = None;
                loop {
                    if self.pos >= self.buf.len() && !self.fill() {
                        // The part ends inside a tag: calamine fails on it.
                        return Ok(Event::Eof);
                    }
                    let rest = &self.buf[self.pos..];
                    let stop = match quote {
                        None => memchr::memchr3(b'>', b'"', b'\'', rest),
                        Some(q) => memchr::memchr(q, rest),
                    };
                    let Some(at) = stop else {
                        self.tag.extend_from_slice(rest);
                        self.pos = self.buf.len();
                        if self.tag.len() as u64 > MAX_TAG_BYTES {
                            return Err(TooLarge::Tag {
                                part: self.part.clone(),
                            });
                        }
                        continue;
                    };
                    let c = rest[at];
                    self.tag.extend_from_slice(&rest[..at]);
                    self.pos += at + 1;
                    if self.tag.len() as u64 > MAX_TAG_BYTES {
                        return Err(TooLarge::Tag {
                            part: self.part.clone(),
                        });
                    }
                    match quote {
                        Some(_) => {
                            self.tag.push(c);
                            quote = None;
                        }
                        None if c == b'>' => break,
                        None => {
                            self.tag.push(c);
                            quote = Some(c);
                        }
                    }
                }
                self.event_of(self.tag.len() as u64);
                if self.tag.first() == Some(&b'/') {
                    return Ok(Event::End);
                }
                let empty = self.tag.last() == Some(&b'/');
                if empty {
                    self.tag.pop();
                }
                return Ok(Event::Start { empty });
            }
        }

        /// The name of the last tag.
        pub(super) fn name(&self) -> &[u8] {
            let tag = self.tag.strip_prefix(b"/").unwrap_or(&self.tag);
            let end = tag
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'/')
                .unwrap_or(tag.len());
            &tag[..end]
        }

        /// The attributes of the last start tag, raw (entities not decoded).
        pub(super) fn attributes(&self) -> Attributes<'_> {
            let name_len = self.name().len();
            Attributes {
                rest: self.tag.get(name_len..).unwrap_or_default(),
            }
        }
    }

    pub(super) struct Attributes<'a> {
        rest: &'a [u8],
    }

    impl<'a> Iterator for Attributes<'a> {
        type Item = (&'a [u8], &'a [u8]);

        fn next(&mut self) -> Option<Self::Item> {
            let rest = self.rest;
            let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
            let rest = &rest[start..];
            let eq = rest.iter().position(|b| *b == b'=')?;
            let key = rest[..eq].trim_ascii_end();
            let after = rest[eq + 1..].trim_ascii_start();
            let quote = *after.first()?;
            if quote != b'"' && quote != b'\'' {
                self.rest = &[];
                return None;
            }
            let body = &after[1..];
            let close = body.iter().position(|b| *b == quote)?;
            self.rest = &body[close + 1..];
            Some((key, &body[..close]))
        }
    }

    /// An attribute value as a number (calamine parses these, and fails on
    /// what is not one: then 1 is as good as any).
    pub(super) fn number(value: &[u8]) -> u64 {
        let text = std::str::from_utf8(value).unwrap_or("").trim();
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return 1;
        }
        text.parse::<u64>().unwrap_or(u64::MAX)
    }
}

mod ods {
    //! What calamine builds of an .ods `content.xml` when it opens the
    //! workbook (`parse_content`, `read_table`, `read_row`, `get_range`).

    use super::xml::{number, Event, Scanner};
    use super::*;

    /// One sheet (`table:table`) as calamine will expand it.
    #[derive(Debug, Default)]
    struct Table {
        name: String,
        /// Rows so far (repeats counted, capped as calamine caps them).
        rows: u64,
        /// Cells calamine lists before it builds the grid (one row element's
        /// cells, repeated columns expanded, trailing empty ones not).
        listed: u64,
        /// Text of the listed cells.
        listed_text: u64,
        /// Rows of the grid: from the first row with a value to the last.
        first_row: Option<u64>,
        last_row: u64,
        first_column: u64,
        last_column: u64,
        /// Text of the grid (each row's text times its repeats).
        grid_text: u64,
    }

    impl Table {
        fn grid(&self) -> (u64, u64) {
            match self.first_row {
                Some(first) => (self.last_row - first, self.last_column + 1 - self.first_column),
                None => (0, 0),
            }
        }
    }

    /// The row being read.
    #[derive(Debug, Default)]
    struct Row {
        repeats: u64,
        /// Stored cells (positions up to the last cell with a value).
        width: u64,
        /// Empty cells that are stored only if a cell with a value follows.
        pending_empty: u64,
        first_value: Option<u64>,
        last_value: u64,
        text: u64,
    }

    /// The cell being read (inside its element).
    #[derive(Debug, Default)]
    struct Cell {
        repeats: u64,
        has_value: bool,
        text: u64,
        depth: u32,
    }

    /// Attributes that give a cell a value or a formula in calamine's eyes.
    fn gives_value(key: &[u8]) -> bool {
        matches!(
            key,
            b"office:value-type"
                | b"office:value"
                | b"office:string-value"
                | b"office:date-value"
                | b"office:time-value"
                | b"office:boolean-value"
                | b"table:formula"
                | b"calcext:value-type"
        )
    }

    fn start_cell<R: Read>(xml: &Scanner<R>) -> Cell {
        let mut cell = Cell {
            repeats: 1,
            ..Cell::default()
        };
        for (key, value) in xml.attributes() {
            match key {
                b"table:number-columns-repeated" => cell.repeats = number(value),
                _ if gives_value(key) => {
                    cell.has_value = true;
                    if matches!(
                        key,
                        b"office:string-value" | b"office:date-value" | b"office:time-value" | b"table:formula"
                    ) {
                        cell.text = cell.text.saturating_add(value.len() as u64 + STRING_OVERHEAD);
                    }
                }
                _ => {}
            }
        }
        cell
    }

    /// A cell element ends: its columns join the row as calamine adds them.
    fn end_cell(row: &mut Row, cell: &Cell) {
        let stored = row.width;
        let empty = row.pending_empty.min(MAX_COLUMNS.saturating_sub(stored));
        row.pending_empty = 0;
        let stored = stored + empty;
        let repeats = cell.repeats.min(MAX_COLUMNS.saturating_sub(stored));
        if cell.has_value {
            row.width = stored + repeats;
            if repeats > 0 {
                row.first_value.get_or_insert(stored);
                row.last_value = stored + repeats - 1;
                // Every repeated column copies the value and the formula.
                row.text = row
                    .text
                    .saturating_add(repeats.saturating_mul(cell.text.saturating_add(STRING_OVERHEAD)));
            }
        } else {
            row.width = stored;
            row.pending_empty = repeats;
        }
    }

    /// A row element ends.
    fn end_row(table: &mut Table, row: &Row) {
        table.listed = table.listed.saturating_add(row.width);
        table.listed_text = table.listed_text.saturating_add(row.text);
        let start = table.rows;
        table.rows += row.repeats;
        if let Some(first) = row.first_value {
            if table.first_row.is_none() {
                table.first_row = Some(start);
                table.first_column = first;
                table.last_column = row.last_value;
            }
            table.first_column = table.first_column.min(first);
            table.last_column = table.last_column.max(row.last_value);
            // A row kept once at least, even when the cap left it no repeat.
            table.last_row = table.rows.max(start + 1);
            table.grid_text = table
                .grid_text
                .saturating_add(row.text.saturating_mul(row.repeats.max(1)));
        }
    }

    /// What calamine holds for `content.xml`, estimated; refuses a sheet
    /// beyond [`MAX_SHEET_CELLS`] or a workbook beyond [`MEMORY_LIMIT`].
    pub(super) fn estimate(r: impl Read, part: &str) -> Result<u64, Refusal> {
        let mut xml = Scanner::new(r, part);
        let cell_bytes = GRID_CELL + FORMULA_CELL;
        // Kept: the grids of the sheets read so far. Peak: the most a sheet
        // needs while it is built on top of the kept ones. Copy: the sheet
        // calamine hands out is a copy of its grid.
        let (mut kept, mut peak, mut copy) = (0u64, 0u64, 0u64);
        // Elements outside the sheets (styles, names): small structures.
        let mut other = 0u64;
        let mut table: Option<Table> = None;
        let mut row: Option<Row> = None;
        let mut cell: Option<Cell> = None;
        loop {
            let event = xml.next()?;
            if let Some(c) = cell.as_mut() {
                // Inside a cell: everything is its content.
                match event {
                    Event::Start { empty } => {
                        let name = xml.name();
                        if name == b"text:s" {
                            let spaces = xml
                                .attributes()
                                .find(|(k, _)| *k == b"text:c")
                                .map_or(1, |(_, v)| number(v));
                            c.text = c.text.saturating_add(spaces);
                        }
                        // A paragraph, tab or line break adds a character.
                        c.text = c.text.saturating_add(1);
                        if !empty {
                            c.depth += 1;
                        }
                        continue;
                    }
                    Event::End if c.depth > 0 => {
                        c.depth -= 1;
                        continue;
                    }
                    Event::Text(n) => {
                        c.text = c.text.saturating_add(n);
                        continue;
                    }
                    Event::End | Event::Eof => {
                        if let (Some(r), Some(c)) = (row.as_mut(), cell.take()) {
                            end_cell(r, &c);
                        }
                        if event == Event::Eof {
                            break;
                        }
                        continue;
                    }
                }
            }
            match event {
                Event::Eof => break,
                Event::Text(_) => {}
                Event::Start { empty } => {
                    let name = xml.name();
                    if table.is_none() {
                        if name == b"table:table" {
                            let sheet = xml.attributes().find(|(k, _)| *k == b"table:name");
                            // calamine reads only named tables.
                            if let Some((_, v)) = sheet {
                                table = Some(Table {
                                    name: String::from_utf8_lossy(v).into_owned(),
                                    ..Table::default()
                                });
                            }
                        } else {
                            other = other.saturating_add(ELEMENT_BYTES);
                        }
                        continue;
                    }
                    let Some(t) = table.as_mut() else { continue };
                    if name == b"table:table-row" && row.is_none() {
                        let repeats = xml
                            .attributes()
                            .find(|(k, _)| *k == b"table:number-rows-repeated")
                            .map_or(1, |(_, v)| number(v));
                        let repeats = repeats.min(MAX_ROWS.saturating_sub(t.rows));
                        let r = Row {
                            repeats,
                            ..Row::default()
                        };
                        if empty {
                            end_row(t, &r);
                        } else {
                            row = Some(r);
                        }
                    } else if (name == b"table:table-cell" || name == b"table:covered-table-cell") && row.is_some() {
                        let c = start_cell(&xml);
                        if empty {
                            if let Some(r) = row.as_mut() {
                                end_cell(r, &c);
                            }
                        } else {
                            cell = Some(c);
                        }
                    }
                }
                Event::End => {
                    let name = xml.name();
                    if name == b"table:table-row" {
                        if let (Some(t), Some(r)) = (table.as_mut(), row.take()) {
                            end_row(t, &r);
                        }
                    } else if name == b"table:table" {
                        if let Some(t) = table.take() {
                            let (rows, columns) = t.grid();
                            let grid = rows.saturating_mul(columns);
                            if grid > MAX_SHEET_CELLS {
                                return Err(TooLarge::Spanned {
                                    sheet: Some(t.name),
                                    rows,
                                    columns,
                                }
                                .into());
                            }
                            let grid_bytes = grid.saturating_mul(cell_bytes).saturating_add(t.grid_text);
                            let listed_bytes = t.listed.saturating_mul(cell_bytes).saturating_add(t.listed_text);
                            peak = peak.max(kept.saturating_add(listed_bytes).saturating_add(grid_bytes));
                            kept = kept.saturating_add(grid_bytes);
                            copy = copy.max(grid.saturating_mul(GRID_CELL).saturating_add(t.grid_text));
                            let bytes = peak
                                .max(kept.saturating_add(copy))
                                .saturating_add(other)
                                .saturating_add(2 * xml.largest());
                            if bytes > MEMORY_LIMIT {
                                return Err(TooLarge::Memory { bytes }.into());
                            }
                        }
                        row = None;
                    }
                }
            }
        }
        let bytes = peak
            .max(kept.saturating_add(copy))
            .saturating_add(other)
            .saturating_add(2 * xml.largest());
        if bytes > MEMORY_LIMIT {
            return Err(TooLarge::Memory { bytes }.into());
        }
        Ok(bytes)
    }
}

mod xls {
    //! An `.xls`: the OLE (CFB) container walked as calamine's `cfb.rs` walks
    //! it, then the BIFF records as `xls.rs` reads them.

    use super::*;

    const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
    const DIFSECT: u32 = 0xFFFF_FFFC;
    const RESERVED: u32 = 0xFFFF_FFFA;
    const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// calamine's `Sectors`: the file after its header, read front to back
    /// into a buffer that keeps what it was extended to (zeros past the end).
    struct Sectors<'a> {
        file: &'a [u8],
        /// Where sector 0 starts in the file.
        base: usize,
        size: usize,
        max_id: u64,
        /// How far the buffer was extended (calamine's `data.len()`).
        extended: usize,
        /// The furthest byte a sector read needed past the end of the file.
        short: Option<u64>,
    }

    impl Sectors<'_> {
        /// Sector `id` as calamine's `get` returns it; `Err` where calamine
        /// errors or panics.
        fn get(&mut self, id: u32) -> Result<Vec<u8>, Stop> {
            if u64::from(id) > self.max_id {
                return Err(Stop::Calamine);
            }
            let start = id as usize * self.size;
            let end = start + self.size;
            let available = self.file.len().saturating_sub(self.base);
            if end > self.extended {
                let had = self.extended;
                self.extended = end;
                if available < end {
                    let needed = (self.base + end) as u64;
                    self.short = Some(self.short.map_or(needed, |n| n.max(needed)));
                    // calamine returns what it could read; it panics when
                    // the sector starts past that.
                    let read_to = available.max(had);
                    if start > read_to {
                        return Err(Stop::Truncated {
                            needed: (self.base + end) as u64,
                        });
                    }
                    return Ok(self.bytes(start, read_to));
                }
            }
            Ok(self.bytes(start, end))
        }

        /// Bytes `start..end` after the header, zeros past the file's end.
        fn bytes(&self, start: usize, end: usize) -> Vec<u8> {
            let mut out = vec![0u8; end - start];
            let from = self.base + start;
            if from < self.file.len() {
                let to = (self.base + end).min(self.file.len());
                out[..to - from].copy_from_slice(&self.file[from..to]);
            }
            out
        }

        /// calamine's `get_chain`: sectors from `id` along `fat` until the
        /// end of the chain or `len` bytes.
        fn chain(&mut self, mut id: u32, fat: &[u32], len: u64, what: &'static str) -> Result<Vec<u8>, Stop> {
            let mut out = Vec::new();
            let mut steps = 0u64;
            while id != ENDOFCHAIN {
                steps += 1;
                if steps > self.max_id + 2 {
                    return Err(Stop::Refuse(Corrupt::Loop { chain: what }.into()));
                }
                let sector = self.get(id)?;
                let room = len.saturating_sub(out.len() as u64) as usize;
                out.extend_from_slice(&sector[..sector.len().min(room)]);
                if out.len() as u64 >= len {
                    break;
                }
                // calamine indexes the FAT: past its end it panics.
                id = *fat.get(id as usize).ok_or(Stop::Calamine)?;
            }
            Ok(out)
        }
    }

    /// Why the walk stops.
    enum Stop {
        /// calamine fails here too (an error, or a panic it is guarded
        /// against): nothing more is allocated, calamine reports it.
        Calamine,
        /// The file ends before a sector calamine reads.
        Truncated {
            needed: u64,
        },
        Refuse(Refusal),
    }

    fn u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
        bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
    }

    pub(super) fn check(mut file: File, len: u64) -> Result<Opened, Refusal> {
        let mut bytes = Vec::with_capacity(len as usize);
        if file.seek(SeekFrom::Start(0)).is_err() || file.read_to_end(&mut bytes).is_err() {
            return Ok(Opened::default());
        }
        let mut short = None;
        match walk(&bytes, &mut short) {
            Ok(opened) => Ok(Opened {
                truncated: short.map(|needed| (needed, bytes.len() as u64)),
                ..opened
            }),
            // Where calamine fails on a file that ends before its structure
            // does, saying so is clearer than calamine's message.
            Err(Stop::Calamine) => match short {
                Some(needed) => Err(Corrupt::Truncated {
                    needed,
                    len: bytes.len() as u64,
                }
                .into()),
                None => Ok(Opened::default()),
            },
            Err(Stop::Truncated { needed }) => Err(Corrupt::Truncated {
                needed,
                len: bytes.len() as u64,
            }
            .into()),
            Err(Stop::Refuse(r)) => Err(r),
        }
    }

    /// The stream calamine parses ("Workbook", else "Book"), then the BIFF.
    fn walk(file: &[u8], short: &mut Option<u64>) -> Result<Opened, Stop> {
        if file.len() < 8 || file[..8] != MAGIC {
            return Err(Stop::Calamine);
        }
        if file.len() < 512 {
            *short = Some(512);
            return Err(Stop::Calamine);
        }
        let version = le16(file, 26).ok_or(Stop::Calamine)?;
        let size: usize = match le16(file, 30) {
            Some(0x0009) => 512,
            Some(0x000C) => 4096,
            _ => return Err(Stop::Calamine),
        };
        if le16(file, 32) != Some(6) {
            return Err(Stop::Calamine);
        }
        if file.len() < size {
            *short = Some(size as u64);
            return Err(Stop::Calamine);
        }
        let max_id = (file.len() / size) as u64;
        let mut sectors = Sectors {
            file,
            base: size,
            size,
            max_id,
            extended: 0,
            short: None,
        };
        let result = walk_sectors(file, &mut sectors, version, size);
        *short = sectors.short;
        result
    }

    fn walk_sectors(file: &[u8], sectors: &mut Sectors<'_>, version: u16, size: usize) -> Result<Opened, Stop> {
        let max_id = sectors.max_id;
        let dir_start = le32(file, 48).ok_or(Stop::Calamine)?;
        let mini_fat_start = le32(file, 60).ok_or(Stop::Calamine)?;
        let mini_fat_len = u64::from(le32(file, 64).ok_or(Stop::Calamine)?);
        let mut difat_id = le32(file, 68).ok_or(Stop::Calamine)?;
        let mut difat: Vec<u32> = u32s(&file[76..512]).collect();
        let mut difat_sectors = 0u64;
        while difat_id < RESERVED {
            difat_sectors += 1;
            if difat_sectors > max_id + 1 {
                return Err(Stop::Calamine);
            }
            difat.extend(u32s(&sectors.get(difat_id)?));
            difat_id = difat.pop().ok_or(Stop::Calamine)?;
        }
        let mut fat = Vec::new();
        for id in difat.into_iter().filter(|id| *id < DIFSECT) {
            fat.extend(u32s(&sectors.get(id)?));
        }
        let dirs = sectors.chain(dir_start, &fat, u64::MAX, "directory")?;
        let directories: Vec<(String, u32, u64)> = dirs
            .chunks_exact(128)
            .map(|entry| {
                let units: Vec<u16> = entry[..64]
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect();
                let mut name = String::from_utf16_lossy(&units);
                if let Some(nul) = name.bytes().position(|b| b == 0) {
                    name.truncate(nul);
                }
                let start = le32(entry, 116).unwrap_or(0);
                let len = if size == 512 {
                    u64::from(le32(entry, 120).unwrap_or(0))
                } else {
                    le64(entry, 120).unwrap_or(0)
                };
                (name, start, len)
            })
            .collect();
        let Some(root) = directories.first() else {
            return Err(Stop::Calamine);
        };
        if version != 3 && root.1 == ENDOFCHAIN {
            return Err(Stop::Calamine);
        }
        let file_len = file.len() as u64;
        let (mini_fat, mini_stream) = if mini_fat_len > 0 {
            let mini_stream = sectors.chain(root.1, &fat, root.2, "mini stream")?;
            let mini_fat_bytes = mini_fat_len.saturating_mul(size as u64);
            let mini_fat: Vec<u32> = u32s(&sectors.chain(mini_fat_start, &fat, mini_fat_bytes, "mini FAT")?).collect();
            (mini_fat, mini_stream)
        } else {
            (Vec::new(), Vec::new())
        };
        let mut stream = None;
        for wanted in ["Workbook", "Book"] {
            let Some((_, start, len)) = directories.iter().find(|d| d.0.eq_ignore_ascii_case(wanted)) else {
                continue;
            };
            let found = if *len < 4096 {
                mini_chain(&mini_stream, &mini_fat, *start, *len)
            } else {
                sectors.chain(*start, &fat, *len, "workbook stream")
            };
            match found {
                Ok(s) => {
                    // Shorter than declared because the file ends early:
                    // calamine would read a cut stream (or none at all).
                    if (s.len() as u64) < *len {
                        if let Some(needed) = sectors.short {
                            return Err(Stop::Truncated { needed });
                        }
                    }
                    stream = Some(s);
                    break;
                }
                Err(Stop::Calamine) => continue,
                Err(other) => return Err(other),
            }
        }
        let stream = stream.ok_or(Stop::Calamine)?;
        let mut opened = biff::estimate(&stream).map_err(Stop::Refuse)?;
        // The file read into memory, and the stream copied out of it.
        opened.open_bytes = opened
            .open_bytes
            .saturating_add(file_len)
            .saturating_add(stream.len() as u64)
            .saturating_add(mini_stream.len() as u64);
        if opened.open_bytes > MEMORY_LIMIT {
            return Err(Stop::Refuse(
                TooLarge::Memory {
                    bytes: opened.open_bytes,
                }
                .into(),
            ));
        }
        Ok(opened)
    }

    /// A stream of the mini stream (64-byte sectors). calamine would read
    /// past the mini stream from wherever the file was left: that is refused
    /// as corrupt rather than followed.
    fn mini_chain(mini: &[u8], mini_fat: &[u32], mut id: u32, len: u64) -> Result<Vec<u8>, Stop> {
        let mut out = Vec::new();
        let mut steps = 0usize;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > mini.len() / 64 + 2 {
                return Err(Stop::Refuse(Corrupt::Loop { chain: "mini stream" }.into()));
            }
            let start = id as usize * 64;
            let Some(sector) = mini.get(start..start + 64) else {
                return Err(Stop::Truncated {
                    needed: (start + 64) as u64,
                });
            };
            let room = len.saturating_sub(out.len() as u64) as usize;
            out.extend_from_slice(&sector[..64.min(room)]);
            if out.len() as u64 >= len {
                break;
            }
            id = *mini_fat.get(id as usize).ok_or(Stop::Calamine)?;
        }
        Ok(out)
    }

    mod biff {
        //! The BIFF records of the workbook stream.

        use super::super::*;

        /// A record with its CONTINUE records, as calamine's `RecordIter`
        /// joins them.
        struct Record<'a> {
            typ: u16,
            data: &'a [u8],
            cont: Vec<&'a [u8]>,
        }

        impl<'a> Record<'a> {
            fn continue_record(&mut self) -> bool {
                if self.cont.is_empty() {
                    false
                } else {
                    self.data = self.cont.remove(0);
                    true
                }
            }

            /// calamine's `Record::skip`; `None` where it fails.
            fn skip(&mut self, mut len: usize) -> Option<()> {
                while len > 0 {
                    if self.data.is_empty() && !self.continue_record() {
                        return None;
                    }
                    let l = len.min(self.data.len());
                    self.data = &self.data[l..];
                    len -= l;
                }
                Some(())
            }
        }

        /// Records from the start of `stream`; stops at the first record
        /// calamine fails on.
        struct Records<'a> {
            stream: &'a [u8],
        }

        impl<'a> Iterator for Records<'a> {
            type Item = Record<'a>;

            fn next(&mut self) -> Option<Record<'a>> {
                let typ = le16(self.stream, 0)?;
                let len = usize::from(le16(self.stream, 2)?);
                let data = self.stream.get(4..4 + len)?;
                self.stream = &self.stream[4 + len..];
                let mut cont = Vec::new();
                if self.stream.len() > 4 && le16(self.stream, 0) == Some(0x003C) {
                    while self.stream.len() > 4 && le16(self.stream, 0) == Some(0x003C) {
                        let len = usize::from(le16(self.stream, 2)?);
                        cont.push(self.stream.get(4..4 + len)?);
                        self.stream = &self.stream[4 + len..];
                    }
                }
                Some(Record { typ, data, cont })
            }
        }

        /// The characters of every string of the SST, as calamine's
        /// `parse_sst` reads them (until it would fail).
        fn shared_strings(record: &mut Record<'_>) -> Vec<u16> {
            let mut out = Vec::new();
            let Some(rest) = record.data.get(8..) else { return out };
            record.data = rest;
            while !record.data.is_empty() || record.continue_record() {
                if record.data.is_empty() {
                    out.push(0);
                    continue;
                }
                let (Some(cch), Some(&flags)) = (le16(record.data, 0), record.data.get(2)) else {
                    break;
                };
                record.data = &record.data[3..];
                let mut runs = 0usize;
                let mut ext = 0usize;
                if flags & 0x8 != 0 {
                    let Some(n) = le16(record.data, 0) else { break };
                    runs = usize::from(n);
                    record.data = &record.data[2..];
                }
                if flags & 0x4 != 0 {
                    let Some(n) = le32(record.data, 0) else { break };
                    ext = n as i32 as usize;
                    record.data = &record.data[4..];
                }
                let mut high_byte = flags & 0x1 != 0;
                let mut left = usize::from(cch);
                let mut ok = true;
                while left > 0 {
                    let width = if high_byte { 2 } else { 1 };
                    let take = left.min(record.data.len() / width);
                    record.data = &record.data[take * width..];
                    left -= take;
                    if left > 0 {
                        if record.continue_record() && !record.data.is_empty() {
                            high_byte = record.data[0] & 0x1 != 0;
                            record.data = &record.data[1..];
                        } else {
                            ok = false;
                            break;
                        }
                    }
                }
                if !ok {
                    break;
                }
                out.push(cch);
                if record.skip(runs * 4).is_none() || record.skip(ext).is_none() {
                    break;
                }
            }
            out
        }

        /// A BoundSheet8's name (for messages): ShortXLUnicodeString at 6.
        fn sheet_name(data: &[u8]) -> String {
            let (Some(&cch), Some(&flags)) = (data.get(6), data.get(7)) else {
                return String::new();
            };
            let chars = data.get(8..).unwrap_or_default();
            if flags & 1 != 0 {
                let units: Vec<u16> = chars
                    .chunks_exact(2)
                    .take(usize::from(cch))
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16_lossy(&units)
            } else {
                chars.iter().take(usize::from(cch)).map(|b| char::from(*b)).collect()
            }
        }

        /// One sheet as calamine builds it.
        #[derive(Debug, Default)]
        struct Sheet {
            /// Capacity reserved for the list of cells (DIMENSIONS).
            reserved: u64,
            cells: u64,
            text: u64,
            span: Span,
            formulas: u64,
            formula_text: u64,
            formula_span: Span,
        }

        /// The first and last (row, column) of a sheet's cells.
        type Span = Option<((u64, u64), (u64, u64))>;

        fn widen(span: &mut Span, row: u64, column: u64) {
            let ((r0, c0), (r1, c1)) = span.unwrap_or(((row, column), (row, column)));
            *span = Some(((r0.min(row), c0.min(column)), (r1.max(row), c1.max(column))));
        }

        fn extent(span: &Span) -> (u64, u64) {
            match span {
                Some(((r0, c0), (r1, c1))) => (r1 - r0 + 1, c1 - c0 + 1),
                None => (0, 0),
            }
        }

        /// Text calamine decodes from `cch` characters.
        fn text_of(cch: u64) -> u64 {
            cch * 3 + STRING_OVERHEAD
        }

        pub(super) fn estimate(stream: &[u8]) -> Result<Opened, Refusal> {
            let mut sheets: Vec<(usize, String)> = Vec::new();
            let mut strings: Vec<u16> = Vec::new();
            let mut other = 0u64;
            for mut record in (Records { stream }) {
                match record.typ {
                    0x002F if le16(record.data, 0).is_some_and(|v| v != 0) => return Ok(Opened::default()),
                    0x0085 => {
                        let Some(pos) = le32(record.data, 0) else {
                            return Ok(Opened::default());
                        };
                        sheets.push((pos as usize, sheet_name(record.data)));
                    }
                    0x00FC => strings = shared_strings(&mut record),
                    // Lbl: a defined name and its formula as text.
                    0x0018 => other = other.saturating_add(record.data.len() as u64 * 64 + 128),
                    0x000A => break,
                    _ => other = other.saturating_add(ELEMENT_BYTES),
                }
            }
            let sst_bytes: u64 = strings.iter().map(|cch| FORMULA_CELL + text_of(u64::from(*cch))).sum();
            let (mut kept, mut peak, mut copy) = (0u64, 0u64, 0u64);
            for (pos, name) in sheets {
                let Some(sheet_stream) = stream.get(pos..) else { break };
                let sheet = read_sheet(sheet_stream, &strings, &name)?;
                let (rows, columns) = extent(&sheet.span);
                let grid = rows.saturating_mul(columns);
                if grid > MAX_SHEET_CELLS {
                    return Err(TooLarge::Spanned {
                        sheet: Some(name),
                        rows,
                        columns,
                    }
                    .into());
                }
                let (f_rows, f_columns) = extent(&sheet.formula_span);
                let formula_grid = f_rows.saturating_mul(f_columns);
                let listed = sheet
                    .reserved
                    .max(sheet.cells.saturating_mul(2))
                    .saturating_mul(LISTED_CELL)
                    + sheet.formulas.saturating_mul(2 * (8 + FORMULA_CELL));
                let grid_bytes = grid.saturating_mul(GRID_CELL).saturating_add(sheet.text)
                    + formula_grid
                        .saturating_mul(FORMULA_CELL)
                        .saturating_add(sheet.formula_text);
                peak = peak.max(kept.saturating_add(listed).saturating_add(grid_bytes));
                kept = kept.saturating_add(grid_bytes);
                copy = copy.max(grid.saturating_mul(GRID_CELL).saturating_add(sheet.text));
                let bytes = sst_bytes + other + peak.max(kept.saturating_add(copy));
                if bytes > MEMORY_LIMIT {
                    return Err(TooLarge::Memory { bytes }.into());
                }
            }
            Ok(Opened {
                open_bytes: sst_bytes + other + peak.max(kept.saturating_add(copy)),
                truncated: None,
            })
        }

        fn read_sheet(stream: &[u8], strings: &[u16], name: &str) -> Result<Sheet, Refusal> {
            let mut sheet = Sheet::default();
            let mut seen_bof = false;
            let mut depth = 0usize;
            let mut formula_at = (0u64, 0u64);
            for record in (Records { stream }) {
                let data = record.data;
                if depth > 0 {
                    match record.typ {
                        0x0809 => depth += 1,
                        0x000A => depth -= 1,
                        _ => {}
                    }
                    continue;
                }
                let at = || -> Option<(u64, u64)> { Some((u64::from(le16(data, 0)?), u64::from(le16(data, 2)?))) };
                let cell = |sheet: &mut Sheet, (row, column): (u64, u64), text: u64| -> Result<(), Refusal> {
                    sheet.cells += 1;
                    sheet.text = sheet.text.saturating_add(text);
                    widen(&mut sheet.span, row, column);
                    if sheet.cells > MAX_SHEET_CELLS {
                        return Err(TooLarge::Cells {
                            sheet: Some(name.to_string()),
                        }
                        .into());
                    }
                    Ok(())
                };
                match record.typ {
                    0x0809 => {
                        if seen_bof {
                            depth += 1;
                        } else {
                            seen_bof = true;
                        }
                    }
                    0x0200 => {
                        let (first_row, last_row, mut first_column, last_column) = match data.len() {
                            10 => (
                                u32::from(le16(data, 0).unwrap_or(0)),
                                u32::from(le16(data, 2).unwrap_or(0)),
                                u32::from(le16(data, 4).unwrap_or(0)),
                                u32::from(le16(data, 6).unwrap_or(0)),
                            ),
                            14 | 16 => (
                                le32(data, 0).unwrap_or(0),
                                le32(data, 4).unwrap_or(0),
                                u32::from(le16(data, 8).unwrap_or(0)),
                                u32::from(le16(data, 10).unwrap_or(0)),
                            ),
                            _ => break,
                        };
                        if 0xFF < first_column || last_column < first_column {
                            first_column = 0;
                        }
                        let (start, end) = if 1 <= last_row && 1 <= last_column {
                            ((first_row, first_column), (last_row - 1, last_column - 1))
                        } else {
                            ((first_row, first_column), (first_row, first_column))
                        };
                        // As calamine counts them (wrapping, as in a release build).
                        let rows = u64::from(end.0.wrapping_sub(start.0).wrapping_add(1));
                        let columns = u64::from(end.1.wrapping_sub(start.1).wrapping_add(1));
                        if rows.saturating_mul(columns) > MAX_SHEET_CELLS {
                            return Err(TooLarge::Declared {
                                sheet: Some(name.to_string()),
                                rows,
                                columns,
                            }
                            .into());
                        }
                        sheet.reserved = sheet.reserved.max(sheet.cells + rows * columns);
                    }
                    // Number, RK, BoolErr.
                    0x0203 | 0x027E | 0x0205 => {
                        if let Some(pos) = at() {
                            cell(&mut sheet, pos, 0)?;
                        }
                    }
                    // Label, RString: an inline string.
                    0x0204 | 0x00D6 => {
                        if let Some(pos) = at() {
                            let cch = u64::from(le16(data, 6).unwrap_or(0));
                            cell(&mut sheet, pos, text_of(cch))?;
                        }
                    }
                    // LabelSst: a copy of a shared string.
                    0x00FD => {
                        if let (Some(pos), Some(index)) = (at(), le32(data, 6)) {
                            if let Some(cch) = strings.get(index as usize) {
                                cell(&mut sheet, pos, text_of(u64::from(*cch)))?;
                            }
                        }
                    }
                    // MulRk: numbers in a run of columns.
                    0x00BD => {
                        if let Some((row, first)) = at() {
                            let count = (data.len().saturating_sub(6) / 6) as u64;
                            for column in first..first + count {
                                cell(&mut sheet, (row, column), 0)?;
                            }
                        }
                    }
                    // String: the text value of the formula before it.
                    0x0207 => {
                        let cch = u64::from(le16(data, 0).unwrap_or(0));
                        cell(&mut sheet, formula_at, text_of(cch))?;
                    }
                    // Formula: maybe a value, always a formula text.
                    0x0006 => {
                        if let Some(pos) = at() {
                            formula_at = pos;
                            cell(&mut sheet, pos, 0)?;
                            sheet.formulas += 1;
                            let tokens = data.len().saturating_sub(20) as u64;
                            sheet.formula_text = sheet.formula_text.saturating_add(tokens * 64 + 128);
                            widen(&mut sheet.formula_span, pos.0, pos.1);
                        }
                    }
                    0x000A => break,
                    _ => {}
                }
            }
            Ok(sheet)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_columns_read_as_people_write_them() {
        assert_eq!(Lang::En.grouped(1_048_576), "1,048,576");
        assert_eq!(Lang::Nl.grouped(1_048_576), "1.048.576");
        assert_eq!(Lang::En.grouped(100), "100");
        assert_eq!(mib(600 * MIB, Lang::En), "600 MiB");
        assert_eq!(mib(MIB / 2, Lang::Nl), "0,5 MiB");
        // French groups with a narrow no-break space and writes a decimal comma.
        assert_eq!(Lang::Fr.grouped(1_048_576), "1\u{202f}048\u{202f}576");
        assert_eq!(mib(MIB / 2, Lang::Fr), "0,5 MiB");
        assert_eq!(mib(MIB / 2, Lang::En), "0.5 MiB");
    }

    #[test]
    fn the_guard_refuses_a_far_cell_as_it_arrives() {
        let mut guard = CellGuard::new("Blad1", Opened::default());
        guard.declared((0, 0), (1, 8)).expect("a small declared range");
        for column in 0..9 {
            guard.push(0, column, 10).expect("a header cell");
        }
        // Positions at the end of u32 do not overflow the arithmetic.
        let mut edge = CellGuard::new("Blad1", Opened::default());
        edge.push(0, 0, 0).expect("A1");
        assert!(matches!(
            edge.push(u32::MAX, u32::MAX, 0),
            Err(TooLarge::Spanned { .. })
        ));
        assert!(edge.bytes() > MEMORY_LIMIT);
        let err = guard.push(1_048_575, 16_383, 1).expect_err("a far cell");
        assert_eq!(
            err,
            TooLarge::Spanned {
                sheet: Some("Blad1".into()),
                rows: 1_048_576,
                columns: 16_384
            }
        );
        assert!(
            err.message(Lang::En).contains("1,048,576 rows × 16,384 columns"),
            "{}",
            err.message(Lang::En)
        );
        let declared = guard.declared((0, 0), (1_048_575, 16_383)).expect_err("declared");
        assert!(declared.message(Lang::Nl).contains("gedeclareerd"));
        assert_eq!(
            err.message(Lang::Fr),
            "feuille 'Blad1' trop grande: les cellules couvrent 1\u{202f}048\u{202f}576 lignes × 16\u{202f}384 \
             colonnes (limite 10\u{202f}000\u{202f}000 cellules)"
        );
        assert!(declared.message(Lang::Fr).contains("colonnes déclarées"));
    }

    #[test]
    fn the_guard_counts_memory_with_text() {
        let mut guard = CellGuard::new("Blad1", Opened::default());
        // One column of long texts: few cells, much memory.
        let mut refused = None;
        for row in 0..1_000_000u32 {
            if let Err(e) = guard.push(row, 0, 4096) {
                refused = Some((row, e));
                break;
            }
        }
        let (row, err) = refused.expect("refused on memory");
        assert!(matches!(err, TooLarge::Memory { .. }), "{err:?}");
        assert!(row > 100_000 && row < 200_000, "{row}");
    }

    #[test]
    fn xml_scanner_reads_tags_attributes_text_and_skips_the_rest() {
        let text = br#"<?xml version="1.0"?><!-- a <comment> 'x --><a b="1>2" c='q"'><![CDATA[<x>]]>hi<b/></a>"#;
        let mut xml = xml::Scanner::new(&text[..], "t.xml");
        assert_eq!(xml.next(), Ok(xml::Event::Start { empty: false }));
        assert_eq!(xml.name(), b"a");
        let attributes: Vec<_> = xml.attributes().collect();
        assert_eq!(attributes, vec![(&b"b"[..], &b"1>2"[..]), (&b"c"[..], &b"q\""[..])]);
        assert_eq!(xml.next(), Ok(xml::Event::Text(3)));
        assert_eq!(xml.next(), Ok(xml::Event::Text(2)));
        assert_eq!(xml.next(), Ok(xml::Event::Start { empty: true }));
        assert_eq!(xml.name(), b"b");
        assert_eq!(xml.next(), Ok(xml::Event::End));
        assert_eq!(xml.name(), b"a");
        assert_eq!(xml.next(), Ok(xml::Event::Eof));
    }

    #[test]
    fn xml_scanner_refuses_an_endless_tag_without_holding_it() {
        let mut text = b"<a b=\"".to_vec();
        text.resize(3 << 20, b'x');
        let mut xml = xml::Scanner::new(&text[..], "content.xml");
        assert_eq!(
            xml.next(),
            Err(TooLarge::Tag {
                part: "content.xml".into()
            })
        );
    }

    fn content(body: &str) -> String {
        format!(
            "<office:document-content><office:body><office:spreadsheet><table:table table:name=\"Blad1\">{body}\
             </table:table></office:spreadsheet></office:body></office:document-content>"
        )
    }

    const CELL: &str = "<table:table-cell office:value-type=\"string\"><text:p>abc</text:p></table:table-cell>";

    #[test]
    fn ods_estimate_follows_repeats() {
        // Two rows of three cells: small.
        let two = content(&format!("<table:table-row>{CELL}{CELL}{CELL}</table:table-row>").repeat(2));
        let small = ods::estimate(two.as_bytes(), "content.xml").expect("small");
        assert!(small < 10_000, "{small}");
        // An empty row repeated a million times between two rows: the grid
        // spans them all.
        let gap = content(&format!(
            "<table:table-row>{CELL}</table:table-row><table:table-row table:number-rows-repeated=\"1000000\">\
             <table:table-cell table:number-columns-repeated=\"9\"/></table:table-row>\
             <table:table-row><table:table-cell table:number-columns-repeated=\"8\"/>{CELL}</table:table-row>"
        ));
        assert!(matches!(
            ods::estimate(gap.as_bytes(), "content.xml"),
            Err(Refusal::TooLarge(TooLarge::Memory { .. }))
        ));
        // A row of text repeated: text copied into every row.
        let text = "x".repeat(1000);
        let repeated = content(&format!(
            "<table:table-row table:number-rows-repeated=\"500000\"><table:table-cell \
             office:value-type=\"string\"><text:p>{text}</text:p></table:table-cell></table:table-row>"
        ));
        assert!(matches!(
            ods::estimate(repeated.as_bytes(), "content.xml"),
            Err(Refusal::TooLarge(TooLarge::Memory { .. }))
        ));
        // A billion spaces in one cell (text:s).
        let spaces = content(
            "<table:table-row><table:table-cell office:value-type=\"string\"><text:p><text:s \
             text:c=\"1000000000\"/></text:p></table:table-cell></table:table-row>",
        );
        assert!(matches!(
            ods::estimate(spaces.as_bytes(), "content.xml"),
            Err(Refusal::TooLarge(TooLarge::Memory { .. }))
        ));
        // Columns repeated far: the grid's width.
        let wide = content(&format!(
            "<table:table-row>{CELL}<table:table-cell table:number-columns-repeated=\"16000\"/>{CELL}</table:table-row>\
             <table:table-row table:number-rows-repeated=\"1000\"><table:table-cell/></table:table-row>\
             <table:table-row>{CELL}</table:table-row>"
        ));
        assert!(matches!(
            ods::estimate(wide.as_bytes(), "content.xml"),
            Err(Refusal::TooLarge(TooLarge::Spanned {
                rows: 1002,
                columns: 16002,
                ..
            }))
        ));
    }
}
