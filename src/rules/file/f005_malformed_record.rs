//! F005 malformed-record: a record cannot be read as a row (wrong field count, broken quoting).
//!
//! An error on one record, not fatal: the rest of the file is still read.

use crate::lang::{tr, trf, Lang};
use crate::model::{Diagnostic, Severity};
use crate::rules::{Explanation, Rule, Text};

/// F005 malformed-record.
pub const F005: Rule = Rule {
    code: crate::code::Code::F005,
    name: "malformed-record",
    severity: "error",
    summary: Text {
        nl: "Een record is geen leesbare rij (verkeerd aantal velden, kapotte aanhalingstekens).",
        fr: "Un enregistrement n'est pas une ligne lisible (mauvais nombre de champs, guillemets cassés).",
        en: "A record cannot be read as a row (wrong field count, broken quoting).",
    },
    explanation: Explanation {
        what: Text {
            nl: "Een CSV-record heeft een ander aantal velden dan de kopregel, of aanhalingstekens die niet kloppen (tekst na een sluitend aanhalingsteken, een aanhalingsteken dat niet sluit).",
            fr: "Un enregistrement CSV a un autre nombre de champs que la ligne d'en-tête, ou des guillemets qui ne concordent pas (du texte après un guillemet fermant, un guillemet qui ne se ferme pas).",
            en: "A CSV record has another number of fields than the header, or quotes that do not add up (text after a closing quote, a quote that never closes).",
        },
        why: Text {
            nl: "Als velden verschoven zijn, komt de naam in het INSZ-veld; zo'n rij mag niet ingediend worden. De rest van het bestand wordt wel gelezen.",
            fr: "Quand des champs sont décalés, le nom se retrouve dans le champ INSZ; une telle ligne ne peut pas être introduite. Le reste du fichier est bien lu.",
            en: "When fields are shifted, the name lands in the INSZ field; such a row must not be submitted. The rest of the file is still read.",
        },
        source: Text {
            nl: "de handleiding van vov-bulk (docs/GUIDE.md), rubriek Invoer; RFC 4180 (het CSV-formaat)",
            fr: "le manuel de vov-bulk (docs/GUIDE.md), rubrique Entrée (Input); RFC 4180 (le format CSV)",
            en: "the vov-bulk manual (docs/GUIDE.md), section Input; RFC 4180 (the CSV format)",
        },
        fix: Text {
            nl: "Open rejected.csv, herstel de rij (vaak een ; in een naam zonder aanhalingstekens) en lever ze opnieuw aan.",
            fr: "Ouvrez rejected.csv, corrigez la ligne (souvent un ; dans un nom sans guillemets) et fournissez-la à nouveau.",
            en: "Open rejected.csv, repair the row (often a ; in a name without quotes) and feed it back.",
        },
        example: Text {
            nl: "Regel 12 'Janssens;Jan;Peeters;...' met één veld te veel: F005 op payroll.csv:12, de andere rijen gaan door.",
            fr: "Ligne 12 'Janssens;Jan;Peeters;...' avec un champ de trop: F005 sur payroll.csv:12, les autres lignes continuent.",
            en: "Line 12 'Janssens;Jan;Peeters;...' with one field too many: F005 at payroll.csv:12, the other rows go on.",
        },
    },
};

/// F005 on one record: `reason` says why it is not a row
/// ([`wrong_field_count`], [`unclosed_quote`]).
pub fn malformed_record(reason: &str, lang: Lang) -> Diagnostic {
    Diagnostic {
        code: F005.code,
        severity: Severity::Error,
        field: None,
        value: None,
        message: trf!(
            lang,
            nl: "onleesbaar record: {reason}",
            fr: "enregistrement illisible: {reason}",
            en: "unreadable record: {reason}",
        ),
        help: F005.explanation.fix.get(lang).into(),
    }
}

/// The F005 reason for a record of `found` fields where the header has
/// `expected`.
pub fn wrong_field_count(expected: usize, found: usize, lang: Lang) -> String {
    trf!(
        lang,
        nl: "{found} velden in plaats van {expected} (zoals de kopregel)",
        fr: "{found} champs au lieu de {expected} (comme la ligne d'en-tête)",
        en: "{found} fields instead of {expected} (as in the header)",
    )
}

/// The F005 reason for a quote that never closes.
pub fn unclosed_quote(lang: Lang) -> String {
    tr!(
        lang,
        nl: "een aanhalingsteken (\") dat niet gesloten wordt",
        fr: "un guillemet (\") qui n'est jamais fermé",
        en: "a quote (\") that is never closed",
    )
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;

    #[test]
    fn a_record_with_one_field_too_many() {
        let nl = malformed_record(&wrong_field_count(8, 9, Lang::Nl), Lang::Nl);
        assert_eq!(nl.code, Code::F005);
        assert_eq!(nl.severity, Severity::Error);
        assert_eq!(nl.field, None);
        assert_eq!(nl.value, None);
        assert_eq!(
            nl.message,
            "onleesbaar record: 9 velden in plaats van 8 (zoals de kopregel)"
        );
        assert_eq!(nl.help, F005.explanation.fix.nl);
        assert!(nl.help.contains("rejected.csv"));

        let en = malformed_record(&wrong_field_count(8, 9, Lang::En), Lang::En);
        assert_eq!(
            en.message,
            "unreadable record: 9 fields instead of 8 (as in the header)"
        );
        assert_eq!(en.help, F005.explanation.fix.en);
        assert!(en.help.contains("rejected.csv"));
    }

    #[test]
    fn a_quote_that_never_closes() {
        let nl = malformed_record(&unclosed_quote(Lang::Nl), Lang::Nl);
        assert_eq!(
            nl.message,
            "onleesbaar record: een aanhalingsteken (\") dat niet gesloten wordt"
        );
        let en = malformed_record(&unclosed_quote(Lang::En), Lang::En);
        assert_eq!(en.message, "unreadable record: a quote (\") that is never closed");
    }

    #[test]
    fn both_reasons_in_french() {
        let fr = malformed_record(&wrong_field_count(8, 9, Lang::Fr), Lang::Fr);
        assert_eq!(
            fr.message,
            "enregistrement illisible: 9 champs au lieu de 8 (comme la ligne d'en-tête)"
        );
        assert_eq!(fr.help, F005.explanation.fix.fr);
        assert!(fr.help.starts_with("Ouvrez rejected.csv"));
        let fr = malformed_record(&unclosed_quote(Lang::Fr), Lang::Fr);
        assert_eq!(
            fr.message,
            "enregistrement illisible: un guillemet (\") qui n'est jamais fermé"
        );
    }
}
