//! V rules: typing each field of a row. Every field that fails gets its own
//! diagnostic; a request is built only when all of them typed.
//!
//! One file per rule (as ruff does): its code, name, severity, texts, the
//! part of the check that is its own, and its boundary tests. This module
//! types a row field by field ([`type_row`]) and turns each value error into
//! the diagnostic of its rule; the parsers themselves are [`crate::values`].

pub mod v101_invalid_kbo;
pub mod v102_invalid_insz;
pub mod v103_invalid_odb;
pub mod v104_invalid_date;
pub mod v105_invalid_number;
pub mod v106_missing_value;
pub mod v107_invalid_email;
pub mod v108_invalid_iban;
pub mod v109_invalid_choice;
pub mod v110_out_of_range;
pub mod v111_invalid_postcode;
pub mod v112_invalid_text;

pub use v101_invalid_kbo::V101;
pub use v102_invalid_insz::V102;
pub use v103_invalid_odb::V103;
pub use v104_invalid_date::V104;
pub use v105_invalid_number::V105;
pub use v106_missing_value::V106;
pub use v107_invalid_email::V107;
pub use v108_invalid_iban::V108;
pub use v109_invalid_choice::V109;
pub use v110_out_of_range::V110;
pub use v111_invalid_postcode::V111;
pub use v112_invalid_text::V112;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::field::Field;
use crate::lang::{trf, Lang};
use crate::model::{Cell, Diagnostic, RawRow, Request, Severity};
use crate::rules::Rule;
use crate::schema::InputSchema;
use crate::values::{
    choice, date, email, iban, insz, number, postcode, Contract, Initiative, Insz, Kbo, Odb, TrainingType, Unit,
};

/// What every value error can say about itself.
trait ValueProblem {
    fn message(&self, lang: Lang) -> String;
    fn help(&self, lang: Lang) -> String;
}

macro_rules! value_problem {
    ($($t:ty),*) => {$(
        impl ValueProblem for $t {
            fn message(&self, lang: Lang) -> String { <$t>::message(self, lang) }
            fn help(&self, lang: Lang) -> String { <$t>::help(self, lang) }
        }
    )*};
}

value_problem!(
    v112_invalid_text::TextProblem,
    crate::values::kbo::KboError,
    crate::values::insz::InszError,
    crate::values::odb::OdbError,
    date::DateError,
    number::NumberError,
    number::RangeError,
    v102_invalid_insz::ExcelDamaged,
    email::EmailError,
    iban::IbanError,
    choice::ChoiceError,
    postcode::PostcodeError
);

/// How a value may be shown outside `rejected.csv`: personal data masked
/// (by value, wherever it stands in the cell), control characters escaped,
/// long values cut to their first [`SHOWN_CHARS`] characters.
pub fn shown_value(field: Field, raw: &str) -> String {
    match field {
        Field::WerknemerInsz => insz::mask_raw(raw),
        Field::Iban => {
            let compact: String = raw.chars().filter(|c| !c.is_whitespace()).take(5).collect();
            let head: String = compact.chars().take(4).collect();
            let head = crate::values::mask::shown(&head);
            if compact.chars().count() > 4 {
                format!("{head}…")
            } else {
                head
            }
        }
        _ => crate::values::mask::quoted(raw),
    }
}

/// Types the fields of one row, collecting a diagnostic for every field that fails.
struct Typer<'a> {
    raw: &'a RawRow,
    schema: &'a InputSchema,
    lang: Lang,
    /// The column header of each field as the input writes it (by
    /// [`Field::index`]; empty or missing when unknown), for the messages
    /// that must name the user's column.
    headers: &'a [String],
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Typer<'a> {
    /// The diagnostic of `rule` for the value `raw` of `field`, saying `problem`.
    fn fail(&mut self, rule: &Rule, field: Field, raw: &str, problem: &dyn ValueProblem) {
        self.fail_in(rule, field, raw, problem, "");
    }

    /// As [`Typer::fail`], the message naming `column` (see [`Typer::column`]).
    fn fail_in(&mut self, rule: &Rule, field: Field, raw: &str, problem: &dyn ValueProblem, column: &str) {
        let shown = shown_value(field, raw.trim());
        let lang = self.lang;
        self.diagnostics.push(Diagnostic {
            code: rule.code,
            severity: Severity::Error,
            field: Some(field),
            value: Some(shown.clone()),
            message: format!("{field} '{shown}'{column}: {}", problem.message(lang)),
            help: problem.help(lang).into(),
        });
    }

    /// ` (kolom 'Uren')`: the field's column as the user's file names it, or
    /// nothing when it is unknown or the canonical name itself.
    fn column(&self, field: Field) -> String {
        match self.headers.get(field.index()).map(|h| h.trim()) {
            // The canonical name as header says nothing the message does not.
            Some(header) if !header.is_empty() && !header.eq_ignore_ascii_case(field.name()) => trf!(
                self.lang,
                nl: " (kolom '{header}')",
                fr: " (colonne '{header}')",
                en: " (column '{header}')",
            ),
            _ => String::new(),
        }
    }

    /// The INSZ: V102 as for any identifier, but Excel's damage named
    /// (scientific notation) and a dropped leading zero restored with an info.
    fn insz(&mut self) -> Option<Insz> {
        let cell = self.raw.cell(Field::WerknemerInsz);
        if let Some(damage) = v102_invalid_insz::excel_damaged(cell) {
            self.fail(&V102, Field::WerknemerInsz, &cell.display(), &damage);
            return None;
        }
        if let Some(insz) = v102_invalid_insz::leading_zero_restored(cell) {
            let shown = insz.masked();
            self.diagnostics.push(Diagnostic {
                code: V102.code,
                severity: Severity::Info,
                field: Some(Field::WerknemerInsz),
                value: Some(shown.clone()),
                message: v102_invalid_insz::restored_message(&shown, self.lang),
                help: v102_invalid_insz::restored_help(self.lang).into(),
            });
            return Some(insz);
        }
        self.parsed(&V102, Field::WerknemerInsz, Insz::parse)
    }

    /// The cell of a field, or None when blank; V106 when blank and required.
    fn present(&mut self, field: Field) -> Option<Cell<'a>> {
        let cell = self.raw.cell(field);
        if cell.is_blank() {
            if v106_missing_value::is_required(field, self.schema) {
                self.diagnostics.push(v106_missing_value::diagnostic(field, self.lang));
            }
            return None;
        }
        Some(cell)
    }

    /// A text field, trimmed; V112 when it cannot go into the upload as it is.
    fn text(&mut self, field: Field) -> Option<String> {
        let cell = self.present(field)?;
        let text = cell.text();
        let text = text.trim();
        match v112_invalid_text::check(field, text) {
            Ok(()) => Some(text.to_string()),
            Err(problem) => {
                self.fail(&V112, field, text, &problem);
                None
            }
        }
    }

    /// A field typed by `parse`; `rule`'s diagnostic when it fails.
    fn parsed<T, E: ValueProblem>(
        &mut self,
        rule: &Rule,
        field: Field,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        let cell = self.present(field)?;
        let text = cell.identifier_text(field);
        match parse(text.trim()) {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(rule, field, &text, &e);
                None
            }
        }
    }

    /// A date field: V104 when it is no date, V110 when it is out of range.
    fn date(&mut self, field: Field) -> Option<NaiveDate> {
        let cell = self.present(field)?;
        match v104_invalid_date::parse_cell(cell) {
            Ok(d) => match v110_out_of_range::check_date(field, d) {
                Ok(()) => Some(d),
                Err(e) => {
                    self.fail(&V110, field, &cell.display(), &e);
                    None
                }
            },
            Err(e) => {
                self.fail(&V104, field, &cell.display(), &e);
                None
            }
        }
    }

    /// A quantity or (with `percentage`) the TWP: V105 when it is no number,
    /// V110 when it is out of range.
    fn decimal(&mut self, field: Field, percentage: bool) -> Option<Decimal> {
        let cell = self.present(field)?;
        let value = match v105_invalid_number::parse_cell(cell, percentage) {
            Ok(v) => v,
            Err(e) => {
                self.fail(&V105, field, &cell.display(), &e);
                return None;
            }
        };
        match v110_out_of_range::check_number(value, percentage) {
            Ok(()) => Some(value),
            Err(e) => {
                self.fail(&V110, field, &cell.display(), &e);
                None
            }
        }
    }

    /// The average hours a week (`uren_per_week`): V105 when it is no
    /// number, V110 when it is above the 168 hours of a week.
    fn hours_a_week(&mut self, field: Field) -> Option<Decimal> {
        let cell = self.present(field)?;
        let value = match v105_invalid_number::parse_cell(cell, false) {
            Ok(v) => v,
            Err(e) => {
                self.fail(&V105, field, &cell.display(), &e);
                return None;
            }
        };
        match v110_out_of_range::check_hours_a_week(value) {
            Ok(()) => Some(value),
            Err(e) => {
                self.fail(&V110, field, &cell.display(), &e);
                None
            }
        }
    }

    /// A yes/no field: `Some(None)` when blank, V109 when it is neither.
    fn yes_no(&mut self, field: Field) -> Option<Option<bool>> {
        let Some(cell) = self.present(field) else {
            return Some(None);
        };
        match v109_invalid_choice::parse_yes_no_cell(cell) {
            Ok(b) => Some(Some(b)),
            Err(e) => {
                self.fail(&V109, field, &cell.display(), &e);
                None
            }
        }
    }
}

/// Types one row: the request when every field typed, and a V diagnostic
/// for every field that did not.
pub fn type_row(raw: &RawRow, schema: &InputSchema, lang: Lang) -> (Option<Request>, Vec<Diagnostic>) {
    type_row_with_headers(raw, schema, lang, &[])
}

/// As [`type_row`], naming the user's column headers (`headers`, by
/// [`Field::index`]) where a message needs them (the ambiguous `1.200`).
pub fn type_row_with_headers(
    raw: &RawRow,
    schema: &InputSchema,
    lang: Lang,
    headers: &[String],
) -> (Option<Request>, Vec<Diagnostic>) {
    let mut t = Typer {
        raw,
        schema,
        lang,
        headers,
        diagnostics: Vec::new(),
    };
    let kbo = t.parsed(&V101, Field::WerkgeverKbo, Kbo::parse);
    let werkgever_naam = t.text(Field::WerkgeverNaam);
    let postcode = t.parsed(&V111, Field::VestigingPostcode, postcode::parse_postcode);
    let insz = t.insz();
    let naam = t.text(Field::WerknemerNaam);
    let voornaam = t.text(Field::WerknemerVoornaam);
    let odb = t.parsed(&V103, Field::OdbNummer, Odb::parse);
    let titel = t.text(Field::OpleidingTitel);
    let opleidingstype_cell = !raw.cell(Field::Opleidingstype).is_blank();
    let opleidingstype = t.parsed(&V109, Field::Opleidingstype, TrainingType::parse);
    let contract_cell = !raw.cell(Field::Contract).is_blank();
    let contract = t.parsed(&V109, Field::Contract, Contract::parse);
    let eenheid = if raw.cell(Field::Eenheid).is_blank() {
        t.present(Field::Eenheid);
        Some(Unit::Uren)
    } else {
        t.parsed(&V109, Field::Eenheid, Unit::parse)
    };
    let aantal_text = raw.cell(Field::Aantal);
    let aantal = match aantal_text {
        // A text cell `1.200` reads two ways: neither is guessed (V110).
        // The message names the user's column: in a sheet with several
        // number columns, `aantal` alone does not say which one to fix.
        Cell::Text(text) => match number::check_ambiguous_thousands(text) {
            Ok(()) => t.decimal(Field::Aantal, false),
            Err(e) => {
                let column = t.column(Field::Aantal);
                t.fail_in(&V110, Field::Aantal, text, &e, &column);
                None
            }
        },
        _ => t.decimal(Field::Aantal, false),
    };
    // More than one enrolment holds in its unit: a typo or a total (V110).
    let aantal = match (aantal, eenheid) {
        (Some(a), Some(unit)) => match v110_out_of_range::check_quantity_for_unit(a, unit) {
            Ok(()) => Some(a),
            Err(e) => {
                t.fail(&V110, Field::Aantal, &aantal_text.display(), &e);
                None
            }
        },
        (a, _) => a,
    };
    let startdatum = t.date(Field::Startdatum);
    let einddatum = t.date(Field::Einddatum);
    let inschrijvingsdatum_cell = !raw.cell(Field::Inschrijvingsdatum).is_blank();
    let inschrijvingsdatum = t.date(Field::Inschrijvingsdatum);
    let indiensttreding_cell = !raw.cell(Field::Indiensttreding).is_blank();
    let indiensttreding = t.date(Field::Indiensttreding);
    let twp_cell = !raw.cell(Field::TewerkstellingPct).is_blank();
    let twp = t.decimal(Field::TewerkstellingPct, true);
    let twp_totaal_cell = !raw.cell(Field::TewerkstellingTotaalPct).is_blank();
    let twp_totaal = t.decimal(Field::TewerkstellingTotaalPct, true);
    let uren_per_week_cell = !raw.cell(Field::UrenPerWeek).is_blank();
    let uren_per_week = t.hours_a_week(Field::UrenPerWeek);
    let initiatief_cell = !raw.cell(Field::Initiatief).is_blank();
    let initiatief = t.parsed(&V109, Field::Initiatief, Initiative::parse);
    let overgangsmaatregel = t.yes_no(Field::Overgangsmaatregel);
    let vast_uurrooster = t.yes_no(Field::VastUurrooster);
    let email_cell = !raw.cell(Field::ContactEmail).is_blank();
    let email = t.parsed(&V107, Field::ContactEmail, email::parse_email);
    let iban_cell = !raw.cell(Field::Iban).is_blank();
    let iban = t.parsed(&V108, Field::Iban, iban::parse_iban);
    let postcode_cell = !raw.cell(Field::VestigingPostcode).is_blank();

    let diagnostics = t.diagnostics;
    // An info (a restored leading zero) does not stop the request.
    if diagnostics.iter().any(|d| d.severity != Severity::Info) {
        return (None, diagnostics);
    }
    // An optional field that was filled in but did not type has a diagnostic
    // above, so from here on every `None` of a filled-in cell is impossible.
    let all_typed = (!opleidingstype_cell || opleidingstype.is_some())
        && (!contract_cell || contract.is_some())
        && (!inschrijvingsdatum_cell || inschrijvingsdatum.is_some())
        && (!indiensttreding_cell || indiensttreding.is_some())
        && (!twp_cell || twp.is_some())
        && (!twp_totaal_cell || twp_totaal.is_some())
        && (!uren_per_week_cell || uren_per_week.is_some())
        && (!initiatief_cell || initiatief.is_some())
        && (!email_cell || email.is_some())
        && (!iban_cell || iban.is_some())
        && (!postcode_cell || postcode.is_some());
    let request = match (
        kbo,
        insz,
        naam,
        voornaam,
        odb,
        eenheid,
        aantal,
        startdatum,
        einddatum,
        overgangsmaatregel,
        vast_uurrooster,
    ) {
        (
            Some(kbo),
            Some(insz),
            Some(naam),
            Some(voornaam),
            Some(odb),
            Some(eenheid),
            Some(aantal),
            Some(startdatum),
            Some(einddatum),
            Some(overgangsmaatregel),
            Some(vast_uurrooster),
        ) if all_typed => Some(Request {
            kbo,
            werkgever_naam,
            postcode,
            insz,
            naam,
            voornaam,
            odb,
            titel,
            opleidingstype,
            contract,
            eenheid,
            aantal,
            startdatum,
            einddatum,
            inschrijvingsdatum,
            indiensttreding,
            twp,
            twp_totaal,
            uren_per_week,
            initiatief,
            overgangsmaatregel,
            vast_uurrooster,
            email,
            iban,
        }),
        _ => None,
    };
    (request, diagnostics)
}

/// Rows for the tests of the V rules: a valid row, changed field by field.
#[cfg(test)]
mod test_support {
    use super::*;
    use crate::model::Source;

    /// A row that types without a diagnostic.
    pub const VALID: &[(Field, &str)] = &[
        (Field::WerkgeverKbo, "0403.170.701"),
        (Field::WerknemerInsz, "85.07.30-033.28"),
        (Field::WerknemerNaam, "Peeters"),
        (Field::WerknemerVoornaam, "An"),
        (Field::OdbNummer, "odb z00291"),
        (Field::Aantal, "36,5"),
        (Field::Startdatum, "01/10/2026"),
        (Field::Einddatum, "2027-06-30 00:00:00"),
    ];

    /// A row of text cells.
    pub fn row(cells: &[(Field, &str)]) -> RawRow {
        let mut row = RawRow::new(Source { input: 0, line: 2 }, 0, 0);
        for (field, text) in cells {
            row.set(*field, Cell::Text(text));
        }
        row
    }

    /// The valid row with `cells` set over it (an empty text blanks a field), typed.
    pub fn typed_cells(cells: &[(Field, Cell<'_>)]) -> (Option<Request>, Vec<Diagnostic>) {
        typed_cells_in(cells, Lang::En)
    }

    /// As [`typed_cells`], the messages in `lang`.
    pub fn typed_cells_in(cells: &[(Field, Cell<'_>)], lang: Lang) -> (Option<Request>, Vec<Diagnostic>) {
        let mut raw = row(VALID);
        for (field, cell) in cells {
            raw.set(*field, *cell);
        }
        type_row(&raw, &InputSchema::builtin(), lang)
    }

    /// The diagnostics of the valid row with these texts set over it, the
    /// messages in `lang`.
    pub fn diagnostics_in(cells: &[(Field, &str)], lang: Lang) -> Vec<Diagnostic> {
        let cells: Vec<(Field, Cell<'_>)> = cells.iter().map(|(f, t)| (*f, Cell::Text(t))).collect();
        typed_cells_in(&cells, lang).1
    }

    /// The diagnostics of the valid row with these texts set over it.
    pub fn diagnostics(cells: &[(Field, &str)]) -> Vec<Diagnostic> {
        let cells: Vec<(Field, Cell<'_>)> = cells.iter().map(|(f, t)| (*f, Cell::Text(t))).collect();
        typed_cells(&cells).1
    }

    /// The codes of the valid row with these texts set over it.
    pub fn codes(cells: &[(Field, &str)]) -> Vec<&'static str> {
        diagnostics(cells).iter().map(|d| d.code.as_str()).collect()
    }

    /// The codes of the valid row with these cells set over it.
    pub fn cell_codes(cells: &[(Field, Cell<'_>)]) -> Vec<&'static str> {
        typed_cells(cells).1.iter().map(|d| d.code.as_str()).collect()
    }

    /// No diagnostic.
    pub const NONE: Vec<&'static str> = Vec::new();
}

#[cfg(test)]
mod tests {
    use super::test_support::{row, VALID};
    use super::*;

    #[test]
    fn a_valid_row_types_with_its_defaults() {
        let (request, diagnostics) = type_row(&row(VALID), &InputSchema::builtin(), Lang::En);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let request = request.unwrap();
        assert_eq!(request.kbo.as_str(), "0403170701");
        assert_eq!(request.odb.as_str(), "ODB-Z00291");
        assert_eq!(request.eenheid, Unit::Uren);
        assert_eq!(request.aantal, Decimal::new(365, 1));
    }

    #[test]
    fn every_failing_field_gets_its_own_diagnostic() {
        let mut cells = VALID.to_vec();
        cells.retain(|(f, _)| *f != Field::WerknemerNaam);
        cells.push((Field::WerkgeverKbo, "0403170702"));
        cells.push((Field::Startdatum, "09/26/2026"));
        cells.push((Field::Indiensttreding, "01/03/1985"));
        let (request, diagnostics) = type_row(&row(&cells), &InputSchema::builtin(), Lang::En);
        assert!(request.is_none());
        let codes: Vec<(&str, Option<Field>)> = diagnostics.iter().map(|d| (d.code.as_str(), d.field)).collect();
        assert_eq!(
            codes,
            vec![
                ("V101", Some(Field::WerkgeverKbo)),
                ("V106", Some(Field::WerknemerNaam)),
                ("V104", Some(Field::Startdatum)),
            ],
            "a hire date in 1985 is fine"
        );
    }

    #[test]
    fn shown_values_are_masked_and_cut() {
        assert_eq!(shown_value(Field::WerknemerInsz, "85073003328"), "850730-xxx-xx");
        assert_eq!(shown_value(Field::Iban, "BE68 5390 0754 7034"), "BE68…");
        let long = shown_value(Field::Aantal, &"9".repeat(1_000_000));
        assert_eq!(long.chars().count(), crate::values::mask::QUOTED_CHARS + 1);
    }

    #[test]
    fn the_users_column_is_named_in_french() {
        use crate::field::Field;
        let mut raw = row(VALID);
        raw.set(Field::Aantal, Cell::Text("1.200"));
        let mut headers = vec![String::new(); Field::COUNT];
        headers[Field::Aantal.index()] = "Aantal uren VOV".to_string();
        let (_, found) = type_row_with_headers(&raw, &InputSchema::builtin(), Lang::Fr, &headers);
        let v110 = found.iter().find(|d| d.code == "V110").expect("V110");
        assert!(
            v110.message.starts_with("aantal '1.200' (colonne 'Aantal uren VOV'): "),
            "{}",
            v110.message
        );
    }

    /// The v3 fields read from their aliases in Dutch, French and English,
    /// as a CSV with those headers, and typed.
    #[test]
    fn the_v3_fields_type_from_their_aliases_in_three_languages() {
        use crate::reader::csv_input::CsvRows;
        use crate::reader::RowSource;
        for (hours, measure, yes) in [
            ("Gemiddelde wekelijkse arbeidsduur", "overgangsmaatregel", "ja"),
            ("Uren per week", "Overgangsmaatregel", "nee"),
            ("Heures par semaine", "Mesure transitoire", "oui"),
            ("Durée hebdomadaire", "mesure transitoire", "non"),
            ("Weekly hours", "Transitional measure", "yes"),
            ("Q", "transitional measure", "no"),
        ] {
            let text = format!(
                "ondernemingsnummer;insz;naam;voornaam;odb;aantal;startdatum;einddatum;{hours};{measure}\n\
                 0403170701;85073003328;Peeters;An;ODB-Z00291;40;01/10/2026;30/06/2027;27,99;{yes}\n"
            );
            let schema = InputSchema::builtin();
            let mut rows = CsvRows::open(
                Box::new(std::io::Cursor::new(text.into_bytes())),
                "t.csv",
                0,
                &schema,
                None,
                None,
                Lang::En,
            )
            .unwrap();
            let raw = rows.next_row().expect("a row").expect("readable");
            let (request, found) = type_row(&raw, &schema, Lang::En);
            assert!(found.is_empty(), "{hours}/{measure}: {found:?}");
            let request = request.expect("typed");
            assert_eq!(request.uren_per_week, Some(Decimal::new(2799, 2)), "{hours}");
            let expected = matches!(yes, "ja" | "oui" | "yes");
            assert_eq!(request.overgangsmaatregel, Some(expected), "{measure} {yes}");
        }
    }
}
