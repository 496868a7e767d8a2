//! V105 invalid-number: a quantity, employment percentage or hours a week is no plain,
//! non-negative number.
//!
//! The text forms are [`crate::values::number`]'s; which parser a cell goes
//! to is decided here (`parse_cell`). A number that reads but lies out of
//! range is V110's.

use rust_decimal::Decimal;

use crate::model::Cell;
use crate::rules::{Explanation, Rule, Text};
use crate::values::number::{self, NumberError};

/// V105 invalid-number: decimal comma or point, no thousands separators, not negative.
pub const V105: Rule = Rule {
    code: crate::code::Code::V105,
    name: "invalid-number",
    severity: "error",
    summary: Text {
        nl: "Getal ongeldig: decimale komma of punt, geen duizendtallen, niet negatief.",
        fr: "Nombre non valable: virgule ou point décimal, pas de séparateur de milliers, pas négatif.",
        en: "Invalid number: decimal comma or point, no thousands separators, not negative.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Aantal, tewerkstellingspercentage en uren per week: een getal met decimale komma of punt (93,75 of 93.75), zonder scheidingstekens voor duizendtallen, niet negatief.",
            fr: "Quantité, taux d'occupation (TWP) et heures par semaine: un nombre avec une virgule ou un point décimal (93,75 ou 93.75), sans séparateur de milliers, non négatif.",
            en: "Quantity, employment percentage and hours a week: a number with a decimal comma or point (93,75 or 93.75), without thousands separators, not negative.",
        },
        why: Text {
            nl: "'1.234' kan 1234 of 1,234 zijn; vov-bulk gokt niet bij bedragen die geld opleveren.",
            fr: "'1.234' peut valoir 1234 ou 1,234; vov-bulk ne devine pas des quantités qui deviennent de l'argent.",
            en: "'1.234' can be 1234 or 1.234; vov-bulk does not guess amounts that turn into money.",
        },
        source: Text {
            nl: "de handleiding van vov-bulk (docs/GUIDE.md), rubriek Invoer (getallen); de regelcatalogus van vov-bulk (`vov-bulk rules`)",
            fr: "le manuel de vov-bulk (docs/GUIDE.md), rubrique Entrée (Input: nombres); le catalogue des règles de vov-bulk (`vov-bulk rules`)",
            en: "the vov-bulk manual (docs/GUIDE.md), section Input (numbers); the vov-bulk rule catalogue (`vov-bulk rules`)",
        },
        fix: Text {
            nl: "Schrijf het getal zonder duizendtallen, bv. 120 of 36,5.",
            fr: "Écrivez le nombre sans séparateur de milliers, p. ex. 120 ou 36,5.",
            en: "Write the number without thousands separators, e.g. 120 or 36,5.",
        },
        example: Text {
            nl: "'36,5' en '36.5' zijn 36,5; '1.234,5' en '-4' worden geweigerd.",
            fr: "'36,5' et '36.5' valent 36,5; '1.234,5' et '-4' sont refusés.",
            en: "'36,5' and '36.5' are 36.5; '1.234,5' and '-4' are refused.",
        },
    },
};

/// The number of a non-blank cell: a spreadsheet number as typed, else the
/// text as a percentage (`75 %`, with `percentage`) or a plain number.
pub(super) fn parse_cell(cell: Cell<'_>, percentage: bool) -> Result<Decimal, NumberError> {
    match cell {
        Cell::Number(n) => number::from_float(n),
        other if percentage => number::parse_percentage(&other.text()),
        other => number::parse_decimal(&other.text()),
    }
}

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::model::Cell;
    use crate::rules::value::test_support::{cell_codes, codes, NONE};

    fn aantal(text: &str) -> Vec<&'static str> {
        codes(&[(Field::Aantal, text)])
    }

    fn twp(text: &str) -> Vec<&'static str> {
        codes(&[(Field::TewerkstellingPct, text)])
    }

    #[test]
    fn a_decimal_comma_or_point() {
        assert_eq!(aantal("36,5"), NONE);
        assert_eq!(aantal("36.5"), NONE);
        assert_eq!(aantal(" 40,00 "), NONE);
        assert_eq!(aantal("+12"), NONE);
    }

    #[test]
    fn thousands_separators_signs_and_words_are_refused() {
        for text in [
            "1.234,5", "1,234.5", "1 234", "1'234", "-4", "-0,01", "12 uur", "1e3", "NaN",
        ] {
            assert_eq!(aantal(text), vec!["V105"], "{text}");
        }
    }

    #[test]
    fn a_percentage_may_end_in_a_percent_sign() {
        assert_eq!(twp("80 %"), NONE);
        assert_eq!(twp("93,75%"), NONE);
        assert_eq!(twp("-1"), vec!["V105"], "negative: V105 before any range");
        assert_eq!(aantal("80 %"), vec!["V105"], "a quantity has no percent sign");
    }

    #[test]
    fn hours_a_week_are_a_plain_number() {
        let hours = |text: &str| codes(&[(Field::UrenPerWeek, text)]);
        assert_eq!(hours("38"), NONE);
        assert_eq!(hours("27,99"), NONE);
        for text in ["-1", "-0,01", "38 uur", "30 %", "1.234,5", "veel"] {
            assert_eq!(hours(text), vec!["V105"], "{text}");
        }
        assert_eq!(cell_codes(&[(Field::UrenPerWeek, Cell::Number(-0.5))]), vec!["V105"]);
    }

    #[test]
    fn spreadsheet_numbers() {
        assert_eq!(cell_codes(&[(Field::Aantal, Cell::Number(36.5))]), NONE);
        assert_eq!(cell_codes(&[(Field::Aantal, Cell::Number(-0.5))]), vec!["V105"]);
        assert_eq!(cell_codes(&[(Field::Aantal, Cell::Number(f64::NAN))]), vec!["V105"]);
    }
}
