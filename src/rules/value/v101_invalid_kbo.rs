//! V101 invalid-kbo: the employer's enterprise number (KBO) is not a valid one.
//!
//! The check is [`crate::values::Kbo::parse`]; the typer ([`super::type_row`])
//! raises V101 on `werkgever_kbo` when it fails.

use crate::rules::{Explanation, Rule, Text};

/// V101 invalid-kbo: 10 digits, first 0 or 1, mod-97 check.
pub const V101: Rule = Rule {
    code: crate::code::Code::V101,
    name: "invalid-kbo",
    severity: "error",
    summary: Text {
        nl: "Ondernemingsnummer (KBO) ongeldig: 10 cijfers, begint met 0 of 1, controlegetal mod 97.",
        fr: "Numéro d'entreprise (BCE/KBO) non valable: 10 chiffres, commence par 0 ou 1, chiffres de contrôle mod 97.",
        en: "Invalid enterprise number (KBO): 10 digits, first 0 or 1, mod-97 check.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Na het weglaten van 'BE', spaties, punten en streepjes: 10 cijfers (9 cijfers krijgen een voorloopnul), eerste cijfer 0 of 1, en 97 - (eerste 8 cijfers mod 97) gelijk aan de laatste 2.",
            fr: "Après suppression de 'BE', des espaces, des points et des tirets: 10 chiffres (9 chiffres reçoivent un 0 initial), premier chiffre 0 ou 1, et 97 - (8 premiers chiffres mod 97) égal aux 2 derniers.",
            en: "After removing 'BE', spaces, dots and dashes: 10 digits (9 digits get a leading 0), first digit 0 or 1, and 97 - (first 8 digits mod 97) equals the last 2.",
        },
        why: Text {
            nl: "Het WSE-loket koppelt de aanvraag aan de werkgever via het ondernemingsnummer; een tikfout levert een aanvraag voor de verkeerde werkgever of een geweigerde upload.",
            fr: "Le guichet WSE (WSE-loket) relie la demande à l'employeur par le numéro d'entreprise; une faute de frappe donne une demande pour le mauvais employeur ou un fichier de chargement (upload) refusé.",
            en: "The WSE-loket links the request to the employer by the enterprise number; a typo gives a request for the wrong employer or a refused upload.",
        },
        source: Text {
            nl: "KBO, opbouw van het ondernemingsnummer (controle modulo 97); vlaanderen.be, 'Procedure terugbetalingsaanvraag Vlaams opleidingsverlof' (bulk per werkgever)",
            fr: "BCE, structure du numéro d'entreprise (contrôle modulo 97); vlaanderen.be, « Procedure terugbetalingsaanvraag Vlaams opleidingsverlof » (envoi groupé par employeur)",
            en: "KBO, structure of the company number (modulo-97 check); vlaanderen.be, 'Procedure terugbetalingsaanvraag Vlaams opleidingsverlof' (bulk per employer)",
        },
        fix: Text {
            nl: "Neem het nummer over uit de KBO (kbopub) of de loonadministratie.",
            fr: "Reprenez le numéro de la BCE/KBO (kbopub) ou de l'administration des salaires.",
            en: "Copy the number from the KBO register or the payroll records.",
        },
        example: Text {
            nl: "'BE 0403.170.701' wordt 0403170701 (geldig); '0403170702' faalt op het controlegetal.",
            fr: "'BE 0403.170.701' devient 0403170701 (valable); '0403170702' échoue sur les chiffres de contrôle.",
            en: "'BE 0403.170.701' becomes 0403170701 (valid); '0403170702' fails the check digits.",
        },
    },
};

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::model::Cell;
    use crate::rules::value::test_support::{cell_codes, codes, NONE};

    fn kbo(text: &str) -> Vec<&'static str> {
        codes(&[(Field::WerkgeverKbo, text)])
    }

    #[test]
    fn written_forms_and_the_check_digits() {
        assert_eq!(kbo("0403170701"), NONE);
        assert_eq!(kbo("BE 0403.170.701"), NONE);
        assert_eq!(kbo("be0403-170-701"), NONE);
        assert_eq!(kbo("0403170702"), vec!["V101"], "one off in the check digits");
        assert_eq!(kbo("0403170700"), vec!["V101"]);
        assert_eq!(kbo("0403I70701"), vec!["V101"], "a letter");
    }

    #[test]
    fn nine_or_ten_digits_first_digit_zero_or_one() {
        assert_eq!(kbo("403170701"), NONE, "9 digits get a leading 0");
        assert_eq!(kbo("40317070"), vec!["V101"], "8 digits");
        assert_eq!(kbo("04031707010"), vec!["V101"], "11 digits");
        assert_eq!(kbo("2403170701"), vec!["V101"], "first digit 2");
    }

    #[test]
    fn a_spreadsheet_number_that_lost_its_leading_zero() {
        assert_eq!(cell_codes(&[(Field::WerkgeverKbo, Cell::Number(403170701.0))]), NONE);
        assert_eq!(
            cell_codes(&[(Field::WerkgeverKbo, Cell::Number(403170702.0))]),
            vec!["V101"]
        );
    }
}
