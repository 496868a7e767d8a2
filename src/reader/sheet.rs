//! Spreadsheets (xlsx, xlsm, xls, xlsb, ods) through calamine.
//!
//! calamine loads one whole sheet at a time; the rows are then handed out
//! one by one like CSV records.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Range, Reader, SheetType, SheetVisible};

use crate::lang::Lang;
use crate::model::{Cell, RawRow, Source};
use crate::reader::header::HeaderMap;
use crate::reader::{nul_reason, InputInfo, RowSource};
use crate::rules::file::{self, Fatal};
use crate::schema::InputSchema;

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
}

/// The names of the sheets of a workbook, in order (for F007 and `--sheet`).
pub fn sheet_names(path: &Path, display: &str, lang: Lang) -> Result<Vec<String>, Fatal> {
    let workbook = open_workbook_auto(path).map_err(|e| workbook_error(display, &e.to_string(), lang))?;
    Ok(workbook.sheet_names())
}

fn workbook_error(display: &str, reason: &str, lang: Lang) -> Fatal {
    let lower = reason.to_ascii_lowercase();
    let hint = if lower.contains("password") || lower.contains("encrypt") || lower.contains("cfb") {
        lang.pick(
            " (versleuteld of met wachtwoord?)",
            " (encrypted or password-protected?)",
        )
    } else {
        lang.pick(
            " (beschadigd, of een tekstbestand met een rekenblad-extensie?)",
            " (corrupt, or a text file with a spreadsheet extension?)",
        )
    };
    file::unreadable(display, &format!("{reason}{hint}"), lang)
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
    use std::io::Read;
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if !matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "ods") {
        return None;
    }
    let mut head = Vec::with_capacity(64 * 1024);
    std::fs::File::open(path)
        .ok()?
        .take(64 * 1024)
        .read_to_end(&mut head)
        .ok()?;
    if !head.starts_with(&OLE_MAGIC) {
        return None;
    }
    // Directory entry names are UTF-16LE.
    let encrypted: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let is_encrypted = head.windows(encrypted.len()).any(|w| w == encrypted.as_slice());
    Some(if is_encrypted {
        lang.pick(
            "de werkmap is versleuteld (met een wachtwoord beveiligd)".to_string(),
            "the workbook is encrypted (password-protected)".to_string(),
        )
    } else {
        lang.pick_fmt(
            format_args!("dit is geen .{ext}-bestand maar een OLE-container: een versleutelde werkmap, of een oud .xls-bestand met een andere extensie"),
            format_args!("this is not a .{ext} file but an OLE container: an encrypted workbook, or an old .xls file with another extension"),
        )
    })
}

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
    pub fn open(
        path: &Path,
        display: &str,
        input: usize,
        schema: &InputSchema,
        wanted_sheet: Option<&str>,
        lang: Lang,
    ) -> Result<SheetRows, Fatal> {
        if let Some(reason) = ole_instead_of_zip(path, lang) {
            return Err(file::unreadable(display, &reason, lang));
        }
        let mut workbook = open_workbook_auto(path).map_err(|e| workbook_error(display, &e.to_string(), lang))?;
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
        let range = workbook
            .worksheet_range(&sheet)
            .map_err(|e| workbook_error(display, &e.to_string(), lang))?;
        let first_row_number = range.start().map(|(row, _)| u64::from(row) + 1).unwrap_or(1);
        // Leading blank columns are part of the sheet as the user sees it, so
        // the header is taken over the whole used range.
        let mut header_index = None;
        for (i, row) in range.rows().enumerate() {
            if row.iter().any(|c| !convert(c).is_blank()) {
                header_index = Some(i);
                break;
            }
        }
        let Some(header_index) = header_index else {
            return Err(file::no_data(display, false, lang));
        };
        let headers: Vec<String> = range
            .rows()
            .nth(header_index)
            .map(|row| row.iter().map(|c| convert(c).display().trim().to_string()).collect())
            .unwrap_or_default();
        // Trailing empty header cells are formatting, not columns.
        let mut headers = headers;
        while headers.last().is_some_and(|h| h.is_empty()) {
            headers.pop();
        }
        let map = HeaderMap::new(headers, schema, display, lang)?;
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
        })
    }
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
            self.rows += 1;
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
            let nul = nul_reason(texts.iter().copied(), &self.map.headers, self.lang);
            let text_len = texts.iter().map(|t| t.len()).sum();
            let mut row = self.map.row_with_capacity(cells.iter().copied(), text_len, source);
            row.malformed = nul;
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
        // An .xls is an OLE container by nature: left to calamine.
        assert_eq!(ole_instead_of_zip(&dir.path().join("oud.xls"), Lang::En), None);
    }
}
