//! V110 out-of-range: a value that reads but lies outside what a request can
//! hold: TWP outside 0-100, hours a week above 168, a quantity of zero or above one enrolment, an
//! ambiguous quantity (`1.200`), a date before 2000 or after 2100.
//!
//! The limits are [`crate::values::number`]'s and [`Unit::max_quantity`];
//! which limit applies to which field is decided here.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::field::Field;
use crate::rules::{Explanation, Rule, Text};
use crate::values::number::{self, RangeError};
use crate::values::Unit;

/// V110 out-of-range: TWP, quantity or date outside what a request can hold.
pub const V110: Rule = Rule {
    code: crate::code::Code::V110,
    name: "out-of-range",
    severity: "error",
    summary: Text {
        nl: "Waarde buiten bereik: TWP buiten 0-100, meer dan 168 uren per week, aantal nul of meer dan één inschrijving bevat, dubbelzinnig aantal (1.200), datum vóór 2000 of na 2100.",
        fr: "Valeur hors limites: TWP en dehors de 0-100, plus de 168 heures par semaine, quantité nulle ou supérieure à ce que contient une inscription, quantité ambiguë (1.200), date avant 2000 ou après 2100.",
        en: "Out of range: TWP outside 0-100, more than 168 hours a week, quantity zero or more than one enrolment holds, an ambiguous quantity (1.200), a date before 2000 or after 2100.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Tewerkstellingspercentage tussen 0 en 100; gemiddeld aantal uren per week (uren per week) tussen 0 en 168; aantal niet nul en ten hoogste wat één inschrijving kan bevatten: 2000 uren of lestijden, 120 studiepunten, 40 examens; een aantal met een punt en precies drie cijfers erna (1.200) is dubbelzinnig: Belgische rekenbladen lezen 1200, een decimaal punt 1,2, en geen van beide wordt geraden; datums van de opleiding tussen 1/1/2000 en 31/12/2100; een indiensttreding tussen 1/1/1900 en 31/12/2100 (wie lang in dienst is, trad vóór 2000 in dienst: gekozen om de regel 'vóór 2000' enkel op opleidingsdatums toe te passen).",
            fr: "Taux d'occupation (TWP) entre 0 et 100; durée hebdomadaire moyenne (heures par semaine) entre 0 et 168 heures; quantité non nulle et au plus ce qu'une inscription peut contenir: 2000 heures ou périodes de cours, 120 crédits d'études, 40 examens; une quantité avec un point et exactement trois chiffres après celui-ci (1.200) est ambiguë: les tableurs belges lisent 1200, un point décimal lit 1,2, et aucune des deux lectures n'est devinée; dates de la formation entre le 1/1/2000 et le 31/12/2100; une entrée en service entre le 1/1/1900 et le 31/12/2100 (les travailleurs de longue date sont entrés en service avant 2000: choix fait pour n'appliquer la règle 'avant 2000' qu'aux dates de la formation).",
            en: "Employment percentage between 0 and 100; average hours a week (uren_per_week) between 0 and 168; quantity not zero and at most what one enrolment can hold: 2000 hours or lesson periods, 120 study points, 40 exams; a quantity with a dot and exactly three digits after it (1.200) is ambiguous: Belgian spreadsheets read 1200, a decimal point 1.2, and neither is guessed; training dates between 1/1/2000 and 31/12/2100; a hire date between 1/1/1900 and 31/12/2100 (long-serving employees were hired before 2000: the choice made is to apply 'before 2000' to training dates only).",
        },
        why: Text {
            nl: "Zulke waarden zijn tikfouten of totalen (een jaartal 1922 in plaats van 2022, 800 in plaats van 80, 91.060.765.719 uren), en een verkeerd geraden 1.200 kost of kopieert duizend uren.",
            fr: "De telles valeurs sont des fautes de frappe ou des totaux (une année 1922 au lieu de 2022, 800 au lieu de 80, 91.060.765.719 heures), et un 1.200 mal deviné fait perdre ou ajoute mille heures.",
            en: "Such values are typos or totals (a year 1922 instead of 2022, 800 instead of 80, 91,060,765,719 hours), and a wrong guess at 1.200 loses or invents a thousand hours.",
        },
        source: Text {
            nl: "de handleiding van vov-bulk (docs/GUIDE.md), rubriek Invoer (de grenzen van de getallen); de regelcatalogus van vov-bulk (`vov-bulk rules`)",
            fr: "le manuel de vov-bulk (docs/GUIDE.md), rubrique Entrée (Input: les bornes des nombres); le catalogue des règles de vov-bulk (`vov-bulk rules`)",
            en: "the vov-bulk manual (docs/GUIDE.md), section Input (the bounds of the numbers); the vov-bulk rule catalogue (`vov-bulk rules`)",
        },
        fix: Text {
            nl: "Verbeter de waarde volgens het inschrijvingsattest of de loonadministratie; schrijf aantallen zonder scheidingsteken voor duizendtallen.",
            fr: "Corrigez la valeur d'après l'attestation d'inscription ou l'administration des salaires; écrivez les quantités sans séparateur de milliers.",
            en: "Correct the value from the enrolment certificate or the payroll records; write quantities without a thousands separator.",
        },
        example: Text {
            nl: "TWP 120: V110; aantal 0: V110; 2001 uren of 41 examens: V110; aantal 1.200: V110 (1,2 of 1200?); startdatum 26/09/1922: V110.",
            fr: "TWP 120: V110; quantité 0: V110; 2001 heures ou 41 examens: V110; quantité 1.200: V110 (1,2 ou 1200?); date de début 26/09/1922: V110.",
            en: "TWP 120: V110; quantity 0: V110; 2001 hours or 41 exams: V110; quantity 1.200: V110 (1.2 or 1200?); startdatum 26/09/1922: V110.",
        },
    },
};

/// The range of a date `field`: 1900-2100 for the hire date (long-serving
/// employees), 2000-2100 for the dates of the training.
pub(super) fn check_date(field: Field, d: NaiveDate) -> Result<(), RangeError> {
    match field {
        Field::Indiensttreding => number::check_hire_date_range(d),
        _ => number::check_date_range(d),
    }
}

/// The range of a number: 0-100 for the TWP (`percentage`), more than zero
/// for a quantity.
pub(super) fn check_number(value: Decimal, percentage: bool) -> Result<(), RangeError> {
    if percentage {
        number::check_twp(value)
    } else {
        number::check_quantity(value)
    }
}

/// The range of the average hours a week (`uren_per_week`): 0-168.
pub(super) fn check_hours_a_week(value: Decimal) -> Result<(), RangeError> {
    number::check_hours_a_week(value)
}

/// A quantity above what one enrolment holds in its unit: a typo or a total.
pub(super) fn check_quantity_for_unit(aantal: Decimal, unit: Unit) -> Result<(), RangeError> {
    if aantal > Decimal::from(unit.max_quantity()) {
        Err(RangeError::QuantityTooLarge {
            unit: unit.as_str(),
            max: unit.max_quantity(),
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::rules::value::test_support::{codes, diagnostics, NONE};

    /// The codes of a row with this quantity and unit (else a valid row).
    fn quantity_codes(aantal: &str, eenheid: &str) -> Vec<&'static str> {
        codes(&[(Field::Eenheid, eenheid), (Field::Aantal, aantal)])
    }

    #[test]
    fn quantities_are_bounded_per_unit_at_the_limit_and_just_above() {
        for (unit, max) in [
            ("uren", "2000"),
            ("lestijden", "2000"),
            ("studiepunten", "120"),
            ("examens", "40"),
        ] {
            assert!(quantity_codes(max, unit).is_empty(), "{max} {unit}");
            let above = format!("{max},5");
            assert_eq!(quantity_codes(&above, unit), vec!["V110"], "{above} {unit}");
        }
        // The overflow that once panicked the figures.
        assert_eq!(quantity_codes("9999999999999999999999999999", "examens"), vec!["V110"]);
    }

    #[test]
    fn quantities_just_inside_and_just_outside_each_limit() {
        for (unit, inside, outside) in [
            ("uren", "2000", "2000,01"),
            ("lestijden", "2000", "2000,01"),
            ("studiepunten", "120", "121"),
            ("examens", "40", "41"),
        ] {
            assert_eq!(quantity_codes(inside, unit), NONE, "{inside} {unit}");
            assert_eq!(quantity_codes(outside, unit), vec!["V110"], "{outside} {unit}");
        }
        assert_eq!(quantity_codes("0,01", "uren"), NONE);
        assert_eq!(quantity_codes("0", "uren"), vec!["V110"]);
        assert_eq!(quantity_codes("0,00", "examens"), vec!["V110"]);
        // Without eenheid the unit is uren.
        assert_eq!(quantity_codes("2000", ""), NONE);
        assert_eq!(quantity_codes("2000,01", ""), vec!["V110"]);
    }

    #[test]
    fn the_message_names_the_unit_and_its_limit() {
        let found = diagnostics(&[(Field::Eenheid, "examens"), (Field::Aantal, "41")]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, Some(Field::Aantal));
        assert_eq!(
            found[0].message,
            "aantal '41': more than one enrolment can hold: at most 40 examens"
        );
    }

    #[test]
    fn a_dot_and_three_digits_is_ambiguous_and_named_both_ways() {
        assert_eq!(quantity_codes("1.200", "uren"), vec!["V110"]);
        assert_eq!(quantity_codes("1,200", "uren"), NONE, "a decimal comma is clear");
        assert_eq!(quantity_codes("12.5", "uren"), NONE);
        assert_eq!(quantity_codes("1.2", "uren"), NONE);
        assert_eq!(quantity_codes("1.20", "uren"), NONE, "two digits after the dot");
        assert_eq!(quantity_codes("1.2000", "uren"), NONE, "four digits after the dot");
        let found = diagnostics(&[(Field::Aantal, "1.200")]);
        let v110 = found.iter().find(|d| d.code == "V110").expect("V110");
        assert!(
            v110.message.contains("1.2") && v110.message.contains("1200"),
            "{}",
            v110.message
        );
    }

    #[test]
    fn the_ambiguous_quantity_names_the_users_column() {
        use crate::field::Field;
        use crate::lang::Lang;
        use crate::rules::value::{test_support, type_row_with_headers};
        use crate::schema::InputSchema;
        let mut raw = test_support::row(test_support::VALID);
        raw.set(Field::Aantal, crate::model::Cell::Text("1.200"));
        let mut headers = vec![String::new(); Field::COUNT];
        headers[Field::Aantal.index()] = "Aantal uren VOV".to_string();
        for (lang, column) in [
            (Lang::Nl, "(kolom 'Aantal uren VOV')"),
            (Lang::En, "(column 'Aantal uren VOV')"),
        ] {
            let (_, found) = type_row_with_headers(&raw, &InputSchema::builtin(), lang, &headers);
            let v110 = found
                .iter()
                .find(|d| d.code == "V110")
                .map(|d| d.message.clone())
                .unwrap_or_default();
            assert!(v110.contains(column), "{v110}");
            assert!(v110.contains("1,2") && v110.contains("1200"), "both readings: {v110}");
        }
        // Without a known header the message is as before.
        let (_, found) = type_row_with_headers(&raw, &InputSchema::builtin(), Lang::En, &[]);
        assert!(found.iter().all(|d| !d.message.contains("column")), "{found:?}");
    }

    #[test]
    fn twp_from_0_to_100() {
        let twp = |text: &str| codes(&[(Field::TewerkstellingPct, text)]);
        assert_eq!(twp("0"), NONE);
        assert_eq!(twp("100"), NONE);
        assert_eq!(twp("100 %"), NONE);
        assert_eq!(twp("100,01"), vec!["V110"]);
        assert_eq!(twp("100.01"), vec!["V110"]);
        assert_eq!(twp("120"), vec!["V110"]);
    }

    #[test]
    fn hours_a_week_from_0_to_168() {
        use crate::model::Cell;
        use crate::rules::value::test_support::{cell_codes, typed_cells};
        use rust_decimal::Decimal;
        let hours = |text: &str| codes(&[(Field::UrenPerWeek, text)]);
        assert_eq!(hours("0"), NONE);
        assert_eq!(hours("27,99"), NONE);
        assert_eq!(hours("28"), NONE);
        assert_eq!(hours("38.5"), NONE);
        assert_eq!(hours("168"), NONE);
        assert_eq!(hours("168,01"), vec!["V110"]);
        assert_eq!(hours("200"), vec!["V110"]);
        assert_eq!(cell_codes(&[(Field::UrenPerWeek, Cell::Number(168.5))]), vec!["V110"]);
        let typed = |cell: Cell<'_>| {
            typed_cells(&[(Field::UrenPerWeek, cell)])
                .0
                .and_then(|r| r.uren_per_week)
        };
        assert_eq!(typed(Cell::Text("27,99")), Some(Decimal::new(2799, 2)));
        assert_eq!(typed(Cell::Text("27.99")), Some(Decimal::new(2799, 2)));
        assert_eq!(typed(Cell::Number(27.99)), Some(Decimal::new(2799, 2)));
        assert_eq!(typed(Cell::Text("")), None, "not given");
        let found = diagnostics(&[(Field::UrenPerWeek, "169")]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, Some(Field::UrenPerWeek));
        assert_eq!(
            found[0].message,
            "uren_per_week '169': the average hours a week must be between 0 and 168"
        );
    }

    #[test]
    fn training_dates_from_2000_to_2100() {
        for field in [Field::Startdatum, Field::Einddatum, Field::Inschrijvingsdatum] {
            let date = |text: &str| codes(&[(field, text)]);
            assert_eq!(date("31/12/1999"), vec!["V110"], "{field}");
            assert_eq!(date("01/01/2000"), NONE, "{field}");
            assert_eq!(date("31/12/2100"), NONE, "{field}");
            assert_eq!(date("01/01/2101"), vec!["V110"], "{field}");
            assert_eq!(date("26/09/1922"), vec!["V110"], "{field}");
        }
    }

    #[test]
    fn hire_dates_from_1900_to_2100() {
        let hire = |text: &str| codes(&[(Field::Indiensttreding, text)]);
        assert_eq!(hire("31/12/1899"), vec!["V110"]);
        assert_eq!(hire("01/01/1900"), NONE);
        assert_eq!(hire("31/12/1999"), NONE, "hired before 2000: fine");
        assert_eq!(hire("31/12/2100"), NONE);
        assert_eq!(hire("01/01/2101"), vec!["V110"]);
    }
}
