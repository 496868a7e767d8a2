//! Arbitrary cells (text, numbers, booleans, date cells, or plausible values
//! of the field) → RawRow → validate_row at an arbitrary as-of date → and for
//! every row that typed, the upload in the built-in layout and in a layout
//! with ISO dates and `,`. Nothing may panic, and the upload must read back
//! as one record per request with the row's KBO and INSZ.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

use vov_bulk::field::Field;
use vov_bulk::lang::Lang;
use vov_bulk::model::{Cell, Source};
use vov_bulk::reader::header::HeaderMap;
use vov_bulk::rules::Context;
use vov_bulk::schema::{InputSchema, UploadSchema, BUILTIN_UPLOAD_SCHEMA};
use vov_bulk::validate::validate_row;
use vov_bulk::api::upload_bytes as render;

#[derive(Debug, Arbitrary)]
enum FuzzCell {
    /// One of a few plausible values of the field (index into [`plausible`]).
    Plausible(u8),
    Text(String),
    Number(f64),
    Bool(bool),
    /// Seconds since 1970 of a spreadsheet date(-time) cell.
    DateTime(i64),
    Empty,
}

#[derive(Debug, Arbitrary)]
struct Input {
    cells: Vec<FuzzCell>,
    /// Days after 2019-01-01 of the as-of date.
    as_of_days: u16,
    dutch: bool,
}

/// A few plausible values per field, so that fuzzed rows get past the V rules
/// and exercise the R rules and the writer.
fn plausible(field: Field) -> &'static [&'static str] {
    match field {
        Field::WerkgeverKbo => &["0403170701", "BE 0202.239.951", "403170701", "1000000097"],
        Field::WerkgeverNaam => &["Acme NV", "Brasserie Bière", ""],
        Field::VestigingPostcode => &["9000", "1000", "B-2000", "4000", ""],
        Field::WerknemerInsz => &["85073003328", "90.02.14-123.03", "01010112301", "85472003392"],
        Field::WerknemerNaam => &["Peeters", "Müller", "Jan; \"de\" Smet"],
        Field::WerknemerVoornaam => &["An", "Zoë", "=cmd"],
        Field::OdbNummer => &[
            "ODB-0002141",
            "odb z00291-001",
            "ODB-P00001",
            "ODB-P00004",
            "ODB-1001623",
            "ODB-Z00291-002",
        ],
        Field::OpleidingTitel => &["Excel", "EVC-traject", ""],
        Field::Opleidingstype => &["standaard", "hbo5", "evc", "mentor", ""],
        Field::Contract => &["diplomacontract", "creditcontract", "examencontract", ""],
        Field::Eenheid => &["uren", "lestijden", "studiepunten", "examens", ""],
        Field::Aantal => &["40", "36,5", "16", "3", "8", "125.25", "0,5"],
        Field::Startdatum | Field::Einddatum | Field::Inschrijvingsdatum | Field::Indiensttreding => &[
            "01/09/2019",
            "31/08/2023",
            "30/11/2023",
            "01/10/2026",
            "2026-11-14",
            "30/06/2027",
            "31/08/2027",
            "29/02/2024",
            "01/09/2021 00:00:00",
            "",
        ],
        Field::TewerkstellingPct | Field::TewerkstellingTotaalPct => &["100", "50", "49,99", "75 %", ""],
        Field::UrenPerWeek => &["38", "27,99", "28", "168", "168,01", ""],
        Field::Initiatief => &["werknemer", "werkgever", "employeur", ""],
        Field::Overgangsmaatregel => &["ja", "nee", "mesure", ""],
        Field::VastUurrooster => &["ja", "nee", "oui", ""],
        Field::ContactEmail => &["hr@acme.be", "jan@café.be", ""],
        Field::Iban => &["BE68539007547034", "be68 5390 0754 7034", ""],
    }
}

fn cell(field: Field, fuzz: &FuzzCell) -> Cell<'_> {
    match fuzz {
        FuzzCell::Plausible(i) => {
            let values = plausible(field);
            Cell::Text(values[usize::from(*i) % values.len()])
        }
        FuzzCell::Text(s) => Cell::Text(s),
        FuzzCell::Number(n) => Cell::Number(*n),
        FuzzCell::Bool(b) => Cell::Bool(*b),
        FuzzCell::DateTime(secs) => Cell::DateTime(
            chrono::DateTime::from_timestamp(*secs, 0)
                .map(|d| d.naive_utc())
                .unwrap_or_default(),
        ),
        FuzzCell::Empty => Cell::Empty,
    }
}

/// The input schema, the canonical header map and the two upload layouts,
/// built once: parsing them is not what is being fuzzed.
struct Fixed {
    schema: InputSchema,
    map: HeaderMap,
    uploads: [(UploadSchema, u8); 2],
}

static FIXED: OnceLock<Fixed> = OnceLock::new();

fn fixed() -> &'static Fixed {
    FIXED.get_or_init(|| {
        let schema = InputSchema::builtin();
        let headers: Vec<String> = Field::ALL.iter().map(|f| f.name().to_string()).collect();
        let map = HeaderMap::new(headers, &schema, "fuzz.csv", Lang::En).expect("canonical headers map");
        let iso = UploadSchema::parse(
            &BUILTIN_UPLOAD_SCHEMA.replace("%d/%m/%Y", "%Y-%m-%d"),
            "iso.schema.json",
            r#"{"delimiter": ",", "lineTerminator": "\n"}"#,
            "iso.dialect.json",
        )
        .expect("the ISO variant of the built-in schema is valid");
        Fixed {
            schema,
            map,
            uploads: [(UploadSchema::builtin(), b';'), (iso, b',')],
        }
    })
}

fuzz_target!(|input: Input| {
    let Fixed { schema, map, uploads } = fixed();
    let lang = if input.dutch { Lang::Nl } else { Lang::En };
    let ctx = Context {
        as_of: chrono::NaiveDate::from_ymd_opt(2019, 1, 1).expect("a date")
            + chrono::Days::new(u64::from(input.as_of_days % 4000)),
        warn_days: 14,
        lang,
    };
    // Missing cells are plausible values; extra cells are ignored by the map.
    let cells = Field::ALL
        .iter()
        .enumerate()
        .map(|(i, &field)| match input.cells.get(i) {
            Some(fuzz) => cell(field, fuzz),
            None => {
                let values = plausible(field);
                Cell::Text(values[i % values.len()])
            }
        });
    let row = map.row(cells, Source { input: 0, line: 2 });
    let outcome = validate_row(row, schema, &ctx);
    for d in &outcome.diagnostics {
        assert!(!d.message.is_empty() && !d.help.is_empty(), "{d:?}");
    }
    let Some(request) = &outcome.request else {
        return;
    };
    for (upload, delimiter) in uploads {
        let bytes = render([request], upload).expect("writing into memory cannot fail");
        let records: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
            .delimiter(*delimiter)
            .has_headers(false)
            .from_reader(bytes.as_slice())
            .records()
            .collect::<Result<_, _>>()
            .expect("the upload is valid CSV");
        assert_eq!(records.len(), 2, "header and one record");
        assert_eq!(records[0].len(), upload.columns.len());
        assert_eq!(records[1].len(), upload.columns.len());
        assert_eq!(&records[1][0], request.kbo.as_str());
        assert_eq!(&records[1][1], request.insz.as_str());
    }
});
