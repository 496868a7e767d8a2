//! V108 invalid-iban: an account number is given but is not a valid IBAN.
//!
//! The check is [`crate::values::iban::parse_iban`]; the typer
//! ([`super::type_row`]) raises V108 on `iban` when it fails, showing only
//! the first four characters.

use crate::rules::{Explanation, Rule, Text};

/// V108 invalid-iban: ISO 13616 mod 97, and for BE the national check.
pub const V108: Rule = Rule {
    code: crate::code::Code::V108,
    name: "invalid-iban",
    severity: "error",
    summary: Text {
        nl: "IBAN ingevuld maar ongeldig (ISO 13616 mod 97; Belgische IBAN ook de nationale controle).",
        fr: "IBAN rempli mais non valable (ISO 13616 mod 97; pour un IBAN belge, aussi le contrôle national).",
        en: "IBAN given but invalid (ISO 13616 mod 97; Belgian IBANs also the national check).",
    },
    explanation: Explanation {
        what: Text {
            nl: "Het rekeningnummer moet een geldige IBAN zijn: landcode, twee controlecijfers, de juiste lengte en mod 97 = 1; voor BE ook de Belgische controle op de laatste twee cijfers.",
            fr: "Le numéro de compte doit être un IBAN valable: code pays, deux chiffres de contrôle, la bonne longueur et mod 97 = 1; pour BE, aussi le contrôle belge sur les deux derniers chiffres.",
            en: "The account must be a valid IBAN: country code, two check digits, the right length and mod 97 = 1; for BE also the Belgian check on the last two digits.",
        },
        why: Text {
            nl: "De terugbetaling wordt op deze rekening gestort.",
            fr: "Le remboursement est versé sur ce compte.",
            en: "The reimbursement is paid into this account.",
        },
        source: Text {
            nl: "ISO 13616 (de opbouw van een IBAN en zijn controlegetal)",
            fr: "ISO 13616 (la structure d'un IBAN et sa clé de contrôle)",
            en: "ISO 13616 (the structure of an IBAN and its check digits)",
        },
        fix: Text {
            nl: "Neem het rekeningnummer over van een bankdocument of laat het veld leeg.",
            fr: "Reprenez le numéro de compte d'un document bancaire ou laissez le champ vide.",
            en: "Copy the account number from a bank document or leave the field empty.",
        },
        example: Text {
            nl: "BE68 5390 0754 7034 is geldig; BE68 5390 0754 7035 niet.",
            fr: "BE68 5390 0754 7034 est valable; BE68 5390 0754 7035 ne l'est pas.",
            en: "BE68 5390 0754 7034 is valid; BE68 5390 0754 7035 is not.",
        },
    },
};

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::rules::value::test_support::{codes, diagnostics, NONE};

    fn iban(text: &str) -> Vec<&'static str> {
        codes(&[(Field::Iban, text)])
    }

    #[test]
    fn the_check_digits_and_the_length() {
        assert_eq!(iban("BE68 5390 0754 7034"), NONE);
        assert_eq!(iban("BE68539007547034"), NONE);
        assert_eq!(iban(""), NONE, "optional");
        assert_eq!(iban("BE68 5390 0754 7035"), vec!["V108"], "one off");
        assert_eq!(iban("BE68 5390 0754 703"), vec!["V108"], "15 characters");
        assert_eq!(iban("BE68 5390 0754 70340"), vec!["V108"], "17 characters");
        assert_eq!(iban("5390 0754 7034"), vec!["V108"], "no country code");
    }

    #[test]
    fn the_account_is_shown_cut() {
        let found = diagnostics(&[(Field::Iban, "BE68 5390 0754 7035")]);
        assert_eq!(found[0].value.as_deref(), Some("BE68…"));
    }
}
