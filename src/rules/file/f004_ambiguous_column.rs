//! F004 ambiguous-column: two headers map to the same field.
//!
//! Fatal: the run stops (exit 2) and nothing is written.

use crate::lang::Lang;
use crate::rules::file::Fatal;
use crate::rules::{Explanation, Rule, Text};

/// F004 ambiguous-column.
pub const F004: Rule = Rule {
    code: crate::code::Code::F004,
    name: "ambiguous-column",
    severity: "fatal",
    summary: Text {
        nl: "Twee kolomkoppen verwijzen naar hetzelfde veld.",
        fr: "",
        en: "Two headers map to the same field.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Twee kolommen worden na het koppelen hetzelfde canonieke veld, bv. 'Naam' en 'Achternaam'.",
            fr: "",
            en: "Two columns map to the same canonical field, e.g. 'Naam' and 'Achternaam'.",
        },
        why: Text {
            nl: "Welke van de twee de juiste waarde heeft, valt niet te raden.",
            fr: "",
            en: "Which of the two holds the right value cannot be guessed.",
        },
        source: "vov-bulk contract (CONTRACT.md, input fields)",
        fix: Text {
            nl: "Verwijder of hernoem een van de twee kolommen.",
            fr: "",
            en: "Remove or rename one of the two columns.",
        },
        example: Text {
            nl: "Kolommen 'KBO' en 'Ondernemingsnummer' in één bestand: F004 noemt beide.",
            fr: "",
            en: "Columns 'KBO' and 'Ondernemingsnummer' in one file: F004 names both.",
        },
    },
};

/// F004: the columns `first` and `second` of `file` both map to `field`.
pub fn ambiguous_column(file: &str, field: &str, first: &str, second: &str, lang: Lang) -> Fatal {
    Fatal {
        code: F004.code,
        file: file.to_string(),
        message: lang.pick_fmt(
            format_args!("de kolommen '{first}' en '{second}' verwijzen allebei naar {field}"),
            format_args!("the columns '{first}' and '{second}' both map to {field}"),
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
}
