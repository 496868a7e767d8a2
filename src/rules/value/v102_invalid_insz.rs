//! V102 invalid-insz: the employee's national number (INSZ) is not a valid one.
//!
//! The check is [`crate::values::Insz::parse`]; the typer ([`super::type_row`])
//! raises V102 on `werknemer_insz` when it fails, showing the number masked.

use crate::rules::{Explanation, Rule, Text};

/// V102 invalid-insz: 11 digits, month 00-12 (BIS 20-32/40-52), mod-97 check.
pub const V102: Rule = Rule {
    code: crate::code::Code::V102,
    name: "invalid-insz",
    severity: "error",
    summary: Text {
        nl: "INSZ ongeldig: 11 cijfers, maand 00-12 (BIS 20-32/40-52), controlegetal mod 97.",
        en: "Invalid INSZ: 11 digits, month 00-12 (BIS 20-32/40-52), mod-97 check.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Rijksregister- of BIS-nummer: 11 cijfers na het weglaten van spaties, punten en streepjes; controle = 97 - (eerste 9 cijfers mod 97), of met een 2 ervoor voor wie geboren is vanaf 2000; maanddeel 00-12, of 20-32 / 40-52 voor BIS-nummers.",
            en: "National or BIS number: 11 digits after removing spaces, dots and dashes; check = 97 - (first 9 digits mod 97), or with a 2 in front for people born in 2000 or later; month part 00-12, or 20-32 / 40-52 for BIS numbers.",
        },
        why: Text {
            nl: "De aanvraag hoort bij één werknemer; WSE controleert het INSZ tegen de DmfA-aangifte.",
            en: "The request belongs to one employee; WSE checks the INSZ against the DmfA declaration.",
        },
        source: "Rijksregister numbering (public fact)",
        fix: Text {
            nl: "Neem het INSZ over van de identiteitskaart of uit de loonadministratie; een getal in Excel verliest soms de voorloopnul.",
            en: "Copy the INSZ from the identity card or the payroll records; a number in Excel sometimes loses its leading zero.",
        },
        example: Text {
            nl: "85.07.30-033.28 is geldig (controle 97 - 850730033 mod 97 = 28).",
            en: "85.07.30-033.28 is valid (check 97 - 850730033 mod 97 = 28).",
        },
    },
};

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::model::Cell;
    use crate::rules::value::test_support::{cell_codes, codes, diagnostics, NONE};

    fn insz(text: &str) -> Vec<&'static str> {
        codes(&[(Field::WerknemerInsz, text)])
    }

    #[test]
    fn written_forms_and_the_check_digits() {
        assert_eq!(insz("85073003328"), NONE);
        assert_eq!(insz("85.07.30-033.28"), NONE);
        assert_eq!(insz("85073003329"), vec!["V102"]);
        assert_eq!(insz("8507300332"), vec!["V102"], "10 digits");
        assert_eq!(insz("850730033280"), vec!["V102"], "12 digits");
        // Born in 2005: the check counts with a 2 in front.
        assert_eq!(insz("05010100113"), NONE);
        assert_eq!(insz("05010100114"), vec!["V102"]);
    }

    #[test]
    fn month_part_at_the_edges_of_each_range() {
        assert_eq!(insz("85123003363"), NONE, "month 12");
        assert_eq!(insz("85133003363"), vec!["V102"], "month 13");
        assert_eq!(insz("85203003322"), NONE, "BIS month 20");
        assert_eq!(insz("85323003309"), NONE, "BIS month 32");
        assert_eq!(insz("85333003309"), vec!["V102"], "month 33");
        assert_eq!(insz("85403003365"), NONE, "BIS month 40");
        assert_eq!(insz("85523003352"), NONE, "BIS month 52");
        assert_eq!(insz("85533003352"), vec!["V102"], "month 53");
    }

    #[test]
    fn a_spreadsheet_number_gets_its_leading_zero_back() {
        assert_eq!(cell_codes(&[(Field::WerknemerInsz, Cell::Number(5010100113.0))]), NONE);
    }

    #[test]
    fn the_number_is_shown_masked() {
        let found = diagnostics(&[(Field::WerknemerInsz, "85073003329")]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].value.as_deref(), Some("850730-xxx-xx"));
        assert!(!found[0].message.contains("85073003329"), "{}", found[0].message);
    }
}
