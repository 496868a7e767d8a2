//! The WSE upload files, one per employer, in the layout of the upload schema.

use std::collections::BTreeMap;

use crate::field::Field;
use crate::model::Request;
use crate::schema::{ColumnFormat, UploadColumn, UploadSchema};
use crate::values::date::format_be;
use crate::values::number::format_comma;

/// The file name of an employer's upload.
pub fn file_name(kbo: &str) -> String {
    format!("wse-vov_{kbo}.csv")
}

fn date_cell(date: Option<chrono::NaiveDate>, format: &ColumnFormat) -> String {
    match (date, format) {
        (None, _) => String::new(),
        (Some(d), ColumnFormat::Date(pattern)) => d.format(pattern).to_string(),
        (Some(d), _) => format_be(d),
    }
}

fn number_cell(value: Option<rust_decimal::Decimal>, format: &ColumnFormat) -> String {
    match (value, format) {
        (None, _) => String::new(),
        (Some(v), ColumnFormat::Number { decimal_char }) => format_comma(v).replace(',', decimal_char),
        (Some(v), _) => format_comma(v),
    }
}

/// One cell of the upload: the normalised value of the column's source field.
pub fn cell(request: &Request, column: &UploadColumn) -> String {
    let format = &column.format;
    match column.source {
        Field::WerkgeverKbo => request.kbo.as_str().to_string(),
        Field::WerkgeverNaam => request.werkgever_naam.clone().unwrap_or_default(),
        Field::VestigingPostcode => request.postcode.map(|p| p.to_string()).unwrap_or_default(),
        Field::WerknemerInsz => request.insz.as_str().to_string(),
        Field::WerknemerNaam => request.naam.clone(),
        Field::WerknemerVoornaam => request.voornaam.clone(),
        Field::OdbNummer => request.odb.as_str().to_string(),
        Field::OpleidingTitel => request.titel.clone().unwrap_or_default(),
        Field::Opleidingstype => request
            .opleidingstype
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        Field::Contract => request.contract.map(|c| c.as_str().to_string()).unwrap_or_default(),
        Field::Eenheid => request.eenheid.as_str().to_string(),
        Field::Aantal => number_cell(Some(request.aantal), format),
        // R207: after a late enrolment WSE wants the enrolment date as start.
        Field::Startdatum => date_cell(Some(request.reference_start()), format),
        Field::Einddatum => date_cell(Some(request.einddatum), format),
        Field::Inschrijvingsdatum => date_cell(request.inschrijvingsdatum, format),
        Field::Indiensttreding => date_cell(request.indiensttreding, format),
        Field::TewerkstellingPct => number_cell(request.twp, format),
        Field::VastUurrooster => match request.vast_uurrooster {
            Some(true) => "ja".into(),
            Some(false) => "nee".into(),
            None => String::new(),
        },
        Field::ContactEmail => request.email.clone().unwrap_or_default(),
        Field::Iban => request.iban.clone().unwrap_or_default(),
    }
}

/// The bytes of one employer's upload.
pub fn render<'a>(
    requests: impl IntoIterator<Item = &'a Request>,
    schema: &UploadSchema,
) -> Result<Vec<u8>, csv::Error> {
    let dialect = &schema.dialect;
    let terminator = match dialect.line_terminator.as_str() {
        "\r\n" => csv::Terminator::CRLF,
        "\r" => csv::Terminator::Any(b'\r'),
        _ => csv::Terminator::Any(b'\n'),
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(dialect.delimiter)
        .quote(dialect.quote)
        .terminator(terminator)
        .from_writer(Vec::new());
    if dialect.header {
        writer.write_record(schema.columns.iter().map(|c| c.name.as_str()))?;
    }
    for request in requests {
        writer.write_record(schema.columns.iter().map(|c| cell(request, c)))?;
    }
    writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// The accepted requests grouped per employer (KBO order), each group in input order.
pub fn per_employer<'a>(accepted: impl IntoIterator<Item = &'a Request>) -> BTreeMap<String, Vec<&'a Request>> {
    let mut groups: BTreeMap<String, Vec<&Request>> = BTreeMap::new();
    for request in accepted {
        groups
            .entry(request.kbo.as_str().to_string())
            .or_default()
            .push(request);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{date, request};
    use rust_decimal::Decimal;

    #[test]
    fn builtin_layout_with_late_enrolment_and_decimal_comma() {
        let mut r = request();
        r.aantal = Decimal::new(365, 1);
        r.inschrijvingsdatum = Some(date(2026, 10, 15));
        r.email = Some("hr@acme.be".into());
        let bytes = render([&r], &UploadSchema::builtin()).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "ondernemingsnummer;insz;naam;voornaam;odb_nummer;startdatum;einddatum;eenheid;aantal;indiensttreding;email\r\n\
             0403170701;85073003328;Peeters;An;ODB-Z00291;15/10/2026;30/06/2027;uren;36,5;;hr@acme.be\r\n"
        );
    }

    #[test]
    fn a_field_holding_the_delimiter_is_quoted() {
        let mut r = request();
        r.naam = "Peeters; De Smet".into();
        let text = String::from_utf8(render([&r], &UploadSchema::builtin()).unwrap()).unwrap();
        assert!(text.contains(";\"Peeters; De Smet\";"));
    }
}
