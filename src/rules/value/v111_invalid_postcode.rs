//! V111 invalid-postcode: the establishment's postcode is given but is not
//! a Belgian postcode.
//!
//! The check is [`crate::values::postcode::parse_postcode`]; the typer
//! ([`super::type_row`]) raises V111 on `vestiging_postcode` when it fails.

use crate::rules::{Explanation, Rule, Text};

/// V111 invalid-postcode: 4 digits, 1000-9999.
pub const V111: Rule = Rule {
    code: crate::code::Code::V111,
    name: "invalid-postcode",
    severity: "error",
    summary: Text {
        nl: "Postcode van de vestigingseenheid ingevuld maar geen Belgische postcode (4 cijfers, 1000-9999).",
        fr: "Code postal de l'unité d'établissement rempli mais pas un code postal belge (4 chiffres, 1000-9999).",
        en: "Establishment postcode given but not a Belgian postcode (4 digits, 1000-9999).",
    },
    explanation: Explanation {
        what: Text {
            nl: "Postcode vestigingseenheid moet een Belgische postcode van 4 cijfers zijn (eventueel met 'B-' ervoor).",
            fr: "Le code postal de l'unité d'établissement doit être un code postal belge de 4 chiffres (éventuellement précédé de 'B-').",
            en: "vestiging_postcode must be a 4-digit Belgian postcode (optionally with 'B-' in front).",
        },
        why: Text {
            nl: "De postcode beslist of de vestigingseenheid in het Vlaamse Gewest ligt (R217); een onleesbare postcode laat dat niet toe.",
            fr: "Le code postal détermine si l'unité d'établissement se trouve en Région flamande (R217); un code postal illisible ne le permet pas.",
            en: "The postcode decides whether the establishment is in the Flemish Region (R217); an unreadable postcode does not allow that.",
        },
        source: Text {
            nl: "Sociaal secretariaat Dienstbetoon, 'Vlaams opleidingsverlof', vestigingseenheid in het Vlaamse Gewest; bpost, lijst van de postcodes",
            fr: "secrétariat social Dienstbetoon, « Vlaams opleidingsverlof », unité d'établissement en Région flamande; bpost, liste des codes postaux",
            en: "Dienstbetoon social secretariat, 'Vlaams opleidingsverlof', establishment unit in the Flemish Region; bpost, list of postcodes",
        },
        fix: Text {
            nl: "Vul de postcode van de vestigingseenheid in, of laat het veld leeg.",
            fr: "Indiquez le code postal de l'unité d'établissement, ou laissez le champ vide.",
            en: "Fill in the postcode of the establishment unit, or leave the field empty.",
        },
        example: Text {
            nl: "'B-9000' wordt 9000; '900' en 'Gent' worden geweigerd.",
            fr: "'B-9000' devient 9000; '900' et 'Gent' sont refusés.",
            en: "'B-9000' becomes 9000; '900' and 'Gent' are refused.",
        },
    },
};

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::model::Cell;
    use crate::rules::value::test_support::{cell_codes, codes, NONE};

    fn postcode(text: &str) -> Vec<&'static str> {
        codes(&[(Field::VestigingPostcode, text)])
    }

    #[test]
    fn four_digits_from_1000_to_9999() {
        assert_eq!(postcode("0999"), vec!["V111"]);
        assert_eq!(postcode("1000"), NONE);
        assert_eq!(postcode("9999"), NONE);
        assert_eq!(postcode("999"), vec!["V111"], "3 digits");
        assert_eq!(postcode("10000"), vec!["V111"], "5 digits");
        assert_eq!(postcode(""), NONE, "optional");
    }

    #[test]
    fn a_country_prefix_is_allowed_a_name_is_not() {
        for text in ["B-9000", "B9000", "BE-9000", "BE 9000"] {
            assert_eq!(postcode(text), NONE, "{text}");
        }
        assert_eq!(postcode("Gent"), vec!["V111"]);
        assert_eq!(postcode("NL-9000"), vec!["V111"]);
    }

    #[test]
    fn a_spreadsheet_number() {
        assert_eq!(cell_codes(&[(Field::VestigingPostcode, Cell::Number(9000.0))]), NONE);
        assert_eq!(
            cell_codes(&[(Field::VestigingPostcode, Cell::Number(900.0))]),
            vec!["V111"]
        );
    }
}
