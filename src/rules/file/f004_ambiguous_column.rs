//! F004 ambiguous-column: two headers map to the same field.
//!
//! Fatal: the run stops (exit 2) and nothing is written.

use crate::lang::{trf, Lang};
use crate::rules::file::Fatal;
use crate::rules::{Explanation, Rule, Text};

/// F004 ambiguous-column.
pub const F004: Rule = Rule {
    code: crate::code::Code::F004,
    name: "ambiguous-column",
    severity: "fatal",
    summary: Text {
        nl: "Twee kolomkoppen verwijzen naar hetzelfde veld.",
        fr: "Deux en-têtes de colonne renvoient au même champ.",
        en: "Two headers map to the same field.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Twee kolommen worden na het koppelen hetzelfde canonieke veld, bv. 'Naam' en 'Achternaam'.",
            fr: "Deux colonnes deviennent, après la mise en correspondance, le même champ canonique, p. ex. 'Naam' et 'Achternaam'.",
            en: "Two columns map to the same canonical field, e.g. 'Naam' and 'Achternaam'.",
        },
        why: Text {
            nl: "Welke van de twee de juiste waarde heeft, valt niet te raden.",
            fr: "Impossible de deviner laquelle des deux contient la bonne valeur.",
            en: "Which of the two holds the right value cannot be guessed.",
        },
        source: Text {
            nl: "de handleiding van vov-bulk (docs/GUIDE.md), rubriek Invoer (de velden en hun aliassen)",
            fr: "le manuel de vov-bulk (docs/GUIDE.md), rubrique Entrée (Input: les champs et leurs alias)",
            en: "the vov-bulk manual (docs/GUIDE.md), section Input (the fields and their aliases)",
        },
        fix: Text {
            nl: "Verwijder of hernoem een van de twee kolommen.",
            fr: "Supprimez ou renommez une des deux colonnes.",
            en: "Remove or rename one of the two columns.",
        },
        example: Text {
            nl: "Kolommen 'KBO' en 'Ondernemingsnummer' in één bestand: F004 noemt beide.",
            fr: "Les colonnes 'KBO' et 'Ondernemingsnummer' dans un même fichier: F004 nomme les deux.",
            en: "Columns 'KBO' and 'Ondernemingsnummer' in one file: F004 names both.",
        },
    },
};

/// F004: the columns `first` and `second` of `file` both map to `field`.
pub fn ambiguous_column(file: &str, field: &str, first: &str, second: &str, lang: Lang) -> Fatal {
    Fatal {
        code: F004.code,
        file: file.to_string(),
        message: trf!(
            lang,
            nl: "de kolommen '{first}' en '{second}' verwijzen allebei naar {field}",
            fr: "les colonnes '{first}' et '{second}' renvoient toutes deux à {field}",
            en: "the columns '{first}' and '{second}' both map to {field}",
        ),
        help: F004.explanation.fix.get(lang).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;

    #[test]
    fn names_both_columns_and_the_field_in_both_languages() {
        let nl = ambiguous_column("payroll.csv", "werkgever_kbo", "KBO", "Ondernemingsnummer", Lang::Nl);
        assert_eq!(nl.code, Code::F004);
        assert_eq!(nl.file, "payroll.csv");
        assert_eq!(
            nl.message,
            "de kolommen 'KBO' en 'Ondernemingsnummer' verwijzen allebei naar werkgever_kbo"
        );
        assert_eq!(nl.help, "Verwijder of hernoem een van de twee kolommen.");

        let en = ambiguous_column("payroll.csv", "werkgever_kbo", "KBO", "Ondernemingsnummer", Lang::En);
        assert_eq!(
            en.message,
            "the columns 'KBO' and 'Ondernemingsnummer' both map to werkgever_kbo"
        );
        assert_eq!(en.help, "Remove or rename one of the two columns.");
    }

    #[test]
    fn names_both_columns_and_the_field_in_french() {
        let fr = ambiguous_column("payroll.csv", "werkgever_kbo", "KBO", "Ondernemingsnummer", Lang::Fr);
        assert_eq!(
            fr.message,
            "les colonnes 'KBO' et 'Ondernemingsnummer' renvoient toutes deux à werkgever_kbo"
        );
        assert_eq!(fr.help, "Supprimez ou renommez une des deux colonnes.");
    }
}
