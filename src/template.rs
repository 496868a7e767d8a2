//! `vov-bulk template`: an empty input file with the canonical headers.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::field::Field;

/// The CSV template: the canonical headers, `;`-separated, UTF-8 with BOM
/// (so Excel on Belgian Windows opens it with the right delimiter and accents).
pub fn csv() -> Vec<u8> {
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    out.extend_from_slice(Field::ALL.map(Field::name).join(";").as_bytes());
    out.extend_from_slice(b"\r\n");
    out
}

/// The spreadsheet template: headers in bold, identifier columns formatted
/// as text (so Excel keeps leading zeros of KBO and INSZ numbers), date
/// columns as dd/mm/yyyy dates.
pub fn xlsx() -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("VOV")?;
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (col, field) in Field::ALL.iter().enumerate() {
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, col, field.name(), &bold)?;
        sheet.set_column_width(col, (field.name().len() + 4) as f64)?;
        match field {
            Field::WerkgeverKbo | Field::WerknemerInsz | Field::OdbNummer | Field::VestigingPostcode | Field::Iban => {
                sheet.set_column_format(col, &text)?;
            }
            Field::Startdatum | Field::Einddatum | Field::Inschrijvingsdatum | Field::Indiensttreding => {
                sheet.set_column_format(col, &date)?;
            }
            _ => {}
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}
