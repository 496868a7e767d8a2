//! `rejected.xlsx`: the rows of `rejected.csv` as a workbook a clerk can
//! correct in Excel and feed back as input. Identifier columns are text
//! (leading zeros stay), dates are date cells, and each cell a diagnostic
//! names is filled (red: error, amber: warning) with the messages as its
//! note.
//!
//! The sheet is written in the writer's constant-memory mode: each row goes
//! to a temporary file in the (owner-only) staging folder as soon as the
//! next one starts. Notes are the exception: the writer keeps them until the
//! workbook is saved, so only the first [`NOTE_LIMIT`] are made; beyond that
//! the cells are still filled and the `meldingen` column holds every message.

use std::io::BufWriter;
use std::path::Path;

use chrono::Datelike;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatBorder, Note, Workbook, Worksheet, XlsxError,
};
use tempfile::TempPath;

use crate::field::Field;
use crate::lang::{tr, Lang};
use crate::model::{Cell, Severity};
use crate::validate::Batch;
use crate::writer::temp_file;

use crate::view::Verdict;
pub use crate::view::{Mark, SheetCell, SheetRow};

/// The workbook's file name in `--out`.
pub const FILE_NAME: &str = "rejected.xlsx";

/// Cells with a note at most: the writer holds every note in memory until
/// the workbook is saved, at about 7 KB each with its drawing. Measured on
/// 1,000,000 synthetic rows (49,000 rejected): 10,000 notes took the peak
/// from 145 to 213 MiB, 1,000 leave it at 145 MiB. A clerk reads the
/// first rows' notes; every message is in the `meldingen` column anyway.
pub const NOTE_LIMIT: usize = 1_000;

/// Excel's limit on the characters of a cell (UTF-16 units).
const CELL_LIMIT: usize = 32_767;

/// A note's text must leave room for the author prefix Excel may add.
const NOTE_TEXT_LIMIT: usize = CELL_LIMIT - 54;

/// No column is made wider than this (characters), however long its text.
const MAX_WIDTH: usize = 60;

/// Excel's rows and columns: a sheet holds the header and 1,048,575 rows,
/// and 16,384 columns. Rows and columns beyond are left out of the workbook
/// (rejected.csv holds them all) rather than failing the run.
const ROWS: u32 = 1_048_576;
const COLUMNS: usize = 16_384;

/// How the values of a canonical column are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Identifiers: text formatted as text, so that Excel keeps leading
    /// zeros when a clerk edits the cell.
    Identifier,
    Date,
    Plain,
}

fn kind_of(field: Field) -> Kind {
    match field {
        Field::WerkgeverKbo | Field::WerknemerInsz | Field::OdbNummer | Field::VestigingPostcode | Field::Iban => {
            Kind::Identifier
        }
        Field::Startdatum | Field::Einddatum | Field::Inschrijvingsdatum | Field::Indiensttreding => Kind::Date,
        _ => Kind::Plain,
    }
}

/// The column kinds of the whole sheet: fields, extras, then the three
/// annotation columns.
fn kind_of_column(column: usize) -> Kind {
    Field::ALL.get(column).map_or(Kind::Plain, |f| kind_of(*f))
}

/// The fields that name the request's employer, employee and training: the
/// first columns of the sheet, before `codes` and `meldingen`.
const IDENTIFYING: [Field; 6] = [
    Field::WerkgeverKbo,
    Field::WerkgeverNaam,
    Field::WerknemerInsz,
    Field::WerknemerNaam,
    Field::WerknemerVoornaam,
    Field::OdbNummer,
];

/// The order of the sheet's columns, as indices into [`SheetRow::cells`]
/// (which follow `rejected.csv`: the fields, the extras, `bron`, `codes`,
/// `meldingen`). For a clerk: the identifying fields, then `codes` and
/// `meldingen`, the other fields, the extra columns and `bron`; at the end
/// the optional fields that no input has a column for (empty in every row).
fn layout(batch: &Batch, extras: usize) -> Vec<usize> {
    let mapped = |field: Field| {
        Field::REQUIRED.contains(&field)
            || batch
                .inputs
                .iter()
                .any(|i| i.columns.contains(&crate::reader::header::Target::Field(field)))
    };
    let bron = Field::COUNT + extras;
    let (codes, meldingen) = (bron + 1, bron + 2);
    let mut order: Vec<usize> = IDENTIFYING.iter().filter(|f| mapped(**f)).map(|f| f.index()).collect();
    order.extend([codes, meldingen]);
    order.extend(
        Field::ALL
            .iter()
            .filter(|f| !IDENTIFYING.contains(f) && mapped(**f))
            .map(|f| f.index()),
    );
    order.extend(Field::COUNT..bron);
    order.push(bron);
    order.extend(Field::ALL.iter().filter(|f| !mapped(**f)).map(|f| f.index()));
    order
}

/// Cuts `text` to at most `limit` UTF-16 units (Excel's measure), at a
/// character boundary.
fn within(text: &str, limit: usize) -> std::borrow::Cow<'_, str> {
    // Most cells are far below the limit in bytes already.
    if text.len() <= limit {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut units = 0;
    for (at, c) in text.char_indices() {
        units += c.len_utf16();
        if units > limit {
            return std::borrow::Cow::Owned(text[..at].to_string());
        }
    }
    std::borrow::Cow::Borrowed(text)
}

fn sheet_cell(cell: Cell<'_>, kind: Kind) -> SheetCell {
    match (cell, kind) {
        (Cell::Empty, _) => SheetCell::Empty,
        (Cell::DateTime(dt), Kind::Date) if dt.time() == chrono::NaiveTime::MIN => SheetCell::Date(dt.date()),
        (Cell::Text(text), Kind::Date) => match crate::values::date::parse_date(text.trim()) {
            Ok(date) => SheetCell::Date(date),
            Err(_) => SheetCell::Text(text.to_string()),
        },
        // An identifier typed as a number in a spreadsheet is written as its
        // digits, as rejected.csv does.
        (Cell::Number(n), Kind::Date | Kind::Plain) => SheetCell::Number(n),
        (Cell::Text(text), _) => SheetCell::Text(text.to_string()),
        (other, _) => SheetCell::Text(other.display()),
    }
}

impl SheetRow {
    /// A rejected row's cells (on a worker thread): its original cells, the
    /// extra columns of all inputs (`extras`, see
    /// [`crate::writer::rejected::extra_columns`]), `bron`, the codes and the
    /// messages; and the cells its diagnostics name.
    pub fn render(batch: &Batch, extras: &[String], row: &Verdict) -> SheetRow {
        let raw = &row.raw;
        let input_extras = batch
            .inputs
            .get(row.source().input)
            .map(|i| i.extra_columns.as_slice())
            .unwrap_or_default();
        let mut cells: Vec<SheetCell> = Field::ALL
            .iter()
            .map(|f| sheet_cell(raw.cell(*f), kind_of(*f)))
            .collect();
        for name in extras {
            let cell = input_extras
                .iter()
                .position(|n| n == name)
                .map_or(SheetCell::Empty, |i| sheet_cell(raw.extra(i), Kind::Plain));
            cells.push(cell);
        }
        cells.push(SheetCell::Text(crate::writer::report::origin_of(raw, &batch.inputs)));
        let mut codes: Vec<crate::code::Code> = Vec::new();
        for d in &row.diagnostics {
            if !codes.contains(&d.code) {
                codes.push(d.code);
            }
        }
        cells.push(SheetCell::Text(
            codes.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" "),
        ));
        let meldingen = row
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect::<Vec<_>>()
            .join(" | ");
        cells.push(SheetCell::Text(meldingen));
        let mut marks: Vec<Mark> = Vec::new();
        for d in &row.diagnostics {
            if d.severity == Severity::Info {
                continue;
            }
            let Some(field) = d.field else { continue };
            let Ok(column) = u16::try_from(field.index()) else {
                continue;
            };
            let line = format!("{}: {}", d.code, d.message);
            match marks.iter_mut().find(|m| m.column == column) {
                Some(mark) => {
                    mark.severity = mark.severity.max(d.severity);
                    mark.note.push('\n');
                    mark.note.push_str(&line);
                }
                None => marks.push(Mark {
                    column,
                    severity: d.severity,
                    note: line,
                }),
            }
        }
        let worst = row.diagnostics.iter().map(|d| d.severity).max();
        SheetRow { cells, marks, worst }
    }
}

/// The formats of one kind of cell: plain, filled red, filled amber.
struct Formats {
    plain: Format,
    error: Format,
    warning: Format,
}

impl Formats {
    fn new(base: Format) -> Formats {
        Formats {
            error: base
                .clone()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
            warning: base
                .clone()
                .set_background_color(Color::RGB(0xFFEB9C))
                .set_font_color(Color::RGB(0x9C5700)),
            plain: base,
        }
    }

    fn pick(&self, severity: Option<Severity>) -> &Format {
        match severity {
            Some(Severity::Error) => &self.error,
            Some(Severity::Warning) => &self.warning,
            _ => &self.plain,
        }
    }
}

fn xlsx_error(e: XlsxError) -> std::io::Error {
    match e {
        XlsxError::IoError(e) => e,
        other => std::io::Error::other(other),
    }
}

/// `rejected.xlsx` as the rejected rows stream by (call [`RejectedBook::push`]
/// in input order).
pub struct RejectedBook {
    workbook: Workbook,
    sheet: Worksheet,
    dir: std::path::PathBuf,
    identifier: Formats,
    date: Formats,
    plain: Formats,
    /// The sheet's columns, each as its index in [`SheetRow::cells`]
    /// ([`layout`]).
    order: Vec<usize>,
    /// Widest text seen per column of the sheet, in characters.
    widths: Vec<usize>,
    rows: u32,
    /// Rows beyond Excel's last row, left out.
    left_out: usize,
    notes: usize,
    author: &'static str,
}

impl RejectedBook {
    /// Starts the workbook in `dir` (the staging folder, which also takes
    /// the writer's temporary sheet data): the header row, frozen.
    pub fn new(dir: &Path, batch: &Batch, lang: Lang) -> std::io::Result<RejectedBook> {
        let mut workbook = Workbook::new();
        workbook.set_tempdir(dir).map_err(xlsx_error)?;
        // The file's bytes depend on the batch only, not on the clock.
        let as_of = batch.options.context.as_of;
        if let Ok(created) = ExcelDateTime::from_ymd(
            u16::try_from(as_of.year()).unwrap_or(2026),
            u8::try_from(as_of.month()).unwrap_or(1),
            u8::try_from(as_of.day()).unwrap_or(1),
        ) {
            workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
        }
        let mut sheet = workbook.new_worksheet_with_constant_memory().map_err(xlsx_error)?;
        sheet
            .set_name(tr!(lang, nl: "Geweigerd", fr: "Refusées", en: "Rejected"))
            .map_err(xlsx_error)?;
        let header_format = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xD9D9D9))
            .set_border_bottom(FormatBorder::Thin);
        let extras = crate::writer::rejected::extra_columns(batch);
        // Each column's header in the language, with the name rejected.csv
        // gives it as the header's note (both read back as the column).
        let header: Vec<(String, Option<&str>)> = Field::ALL
            .iter()
            .map(|f| (f.header(lang), Some(f.name())))
            .chain(extras.iter().map(|name| (name.clone(), None)))
            .chain(
                crate::schema::ANNOTATION_COLUMNS
                    .iter()
                    .zip(crate::schema::ANNOTATION_LABELS)
                    .map(|(name, label)| (crate::field::capitalised(label.get(lang)), Some(*name))),
            )
            .collect();
        let order = layout(batch, extras.len());
        let mut widths = Vec::with_capacity(order.len().min(COLUMNS));
        for (column, at) in order.iter().enumerate().take(COLUMNS) {
            let column = u16::try_from(column).map_err(|_| std::io::Error::other("too many columns"))?;
            let Some((text, name)) = header.get(*at) else { continue };
            sheet
                .write_string_with_format(0, column, within(text, CELL_LIMIT), &header_format)
                .map_err(xlsx_error)?;
            if let Some(name) = name.filter(|name| *name != text.as_str()) {
                let note = Note::new(name)
                    .set_author("vov-bulk")
                    .add_author_prefix(false)
                    .set_width(160)
                    .set_height(30);
                sheet.insert_note(0, column, &note).map_err(xlsx_error)?;
            }
            // Room for the autofilter's button.
            widths.push(text.chars().count() + 3);
        }
        sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        // Printed: landscape, one page wide, the header on every page.
        sheet.set_landscape();
        sheet.set_paper_size(9);
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(0, 0).map_err(xlsx_error)?;
        Ok(RejectedBook {
            order,
            workbook,
            sheet,
            dir: dir.to_path_buf(),
            identifier: Formats::new(Format::new().set_num_format("@")),
            date: Formats::new(Format::new().set_num_format("dd/mm/yyyy")),
            plain: Formats::new(Format::new()),
            widths,
            rows: 0,
            left_out: 0,
            notes: 0,
            author: "vov-bulk",
        })
    }

    /// Adds one row made by [`SheetRow::render`].
    pub fn push(&mut self, row: &SheetRow) -> std::io::Result<()> {
        let line = self.rows + 1;
        if line >= ROWS {
            self.left_out += 1;
            return Ok(());
        }
        let last = row.cells.len().saturating_sub(1);
        let codes_column = last.saturating_sub(1);
        for (at, column) in self.order.iter().copied().enumerate().take(COLUMNS) {
            let Ok(col) = u16::try_from(at) else { break };
            let Some(cell) = row.cells.get(column) else { continue };
            let mark = row.marks.iter().find(|m| usize::from(m.column) == column);
            let severity = if column == codes_column {
                row.worst
            } else {
                mark.map(|m| m.severity)
            };
            let formats = match kind_of_column(column) {
                Kind::Identifier => &self.identifier,
                Kind::Date => &self.date,
                Kind::Plain => &self.plain,
            };
            let format = formats.pick(severity);
            let width = match cell {
                SheetCell::Empty => {
                    if severity.is_some() {
                        self.sheet.write_blank(line, col, format).map_err(xlsx_error)?;
                    }
                    0
                }
                SheetCell::Text(text) => {
                    let text = within(text, CELL_LIMIT);
                    self.sheet
                        .write_string_with_format(line, col, text.as_ref(), format)
                        .map_err(xlsx_error)?;
                    text.chars().count()
                }
                SheetCell::Number(n) => {
                    self.sheet
                        .write_number_with_format(line, col, *n, format)
                        .map_err(xlsx_error)?;
                    format!("{n}").len()
                }
                SheetCell::Date(date) => {
                    let excel = ExcelDateTime::from_ymd(
                        u16::try_from(date.year()).unwrap_or(1900),
                        u8::try_from(date.month()).unwrap_or(1),
                        u8::try_from(date.day()).unwrap_or(1),
                    );
                    match excel {
                        Ok(excel) => {
                            self.sheet
                                .write_datetime_with_format(line, col, &excel, format)
                                .map_err(xlsx_error)?;
                        }
                        // Before 1900 or after 9999: Excel has no date cell for it.
                        Err(_) => {
                            self.sheet
                                .write_string_with_format(line, col, crate::values::date::format_be(*date), format)
                                .map_err(xlsx_error)?;
                        }
                    }
                    10
                }
            };
            if let Some(slot) = self.widths.get_mut(at) {
                *slot = (*slot).max(width.min(MAX_WIDTH));
            }
            if let Some(mark) = mark {
                if self.notes < NOTE_LIMIT {
                    let note = Note::new(within(&mark.note, NOTE_TEXT_LIMIT))
                        .set_author(self.author)
                        .add_author_prefix(false)
                        .set_width(320)
                        .set_height(120);
                    self.sheet.insert_note(line, col, &note).map_err(xlsx_error)?;
                    self.notes += 1;
                }
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Sets the autofilter and the column widths and saves the workbook to
    /// a temporary file in the staging folder; gives it back with its
    /// number of rows.
    pub fn finish(mut self) -> std::io::Result<(TempPath, usize)> {
        if self.left_out > 0 {
            tracing::warn!(
                rows = self.left_out,
                "rejected.xlsx: rows beyond Excel's last row left out (rejected.csv holds them)"
            );
        }
        let last_column = u16::try_from(self.widths.len().saturating_sub(1)).unwrap_or(u16::MAX);
        self.sheet
            .autofilter(0, 0, self.rows, last_column)
            .map_err(xlsx_error)?;
        for (column, width) in self.widths.iter().enumerate() {
            let Ok(column) = u16::try_from(column) else { break };
            // Excel's widths count characters of the default font, plus padding.
            self.sheet
                .set_column_width(column, (*width as f64) + 1.0)
                .map_err(xlsx_error)?;
        }
        self.workbook.push_worksheet(self.sheet);
        let mut temp = temp_file(&self.dir)?;
        {
            let mut out = BufWriter::with_capacity(256 * 1024, temp.as_file_mut());
            self.workbook.save_to_writer(&mut out).map_err(xlsx_error)?;
            std::io::Write::flush(&mut out)?;
        }
        Ok((temp.into_temp_path(), self.rows as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn text_is_cut_at_a_character_boundary_in_utf16_units() {
        assert_eq!(within("abc", 3), "abc");
        assert_eq!(within("abcd", 3), "abc");
        // é is one UTF-16 unit but two bytes; 😀 is two units.
        assert_eq!(within("éé", 3), "éé");
        assert_eq!(within("a😀b", 2), "a");
        assert_eq!(within("a😀b", 3), "a😀");
    }

    #[test]
    fn dates_become_date_cells_only_when_they_read_as_dates() {
        assert_eq!(
            sheet_cell(Cell::Text("01/10/2026"), Kind::Date),
            SheetCell::Date(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap())
        );
        assert_eq!(
            sheet_cell(Cell::Text("31/02/2026"), Kind::Date),
            SheetCell::Text("31/02/2026".into())
        );
        assert_eq!(
            sheet_cell(Cell::Text("0403170701"), Kind::Identifier),
            SheetCell::Text("0403170701".into())
        );
        assert_eq!(
            sheet_cell(Cell::Number(403170701.0), Kind::Identifier),
            SheetCell::Text("403170701".into())
        );
        assert_eq!(sheet_cell(Cell::Number(36.5), Kind::Plain), SheetCell::Number(36.5));
        assert_eq!(
            sheet_cell(Cell::Text("=1+1"), Kind::Plain),
            SheetCell::Text("=1+1".into())
        );
    }
}
