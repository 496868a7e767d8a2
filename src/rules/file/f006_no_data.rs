//! F006 no-data: no header, or a header and no data rows.
//!
//! Fatal: the run stops (exit 2) and nothing is written.

use crate::lang::{tr, Lang};
use crate::rules::file::Fatal;
use crate::rules::{Explanation, Rule, Text};

/// F006 no-data.
pub const F006: Rule = Rule {
    code: crate::code::Code::F006,
    name: "no-data",
    severity: "fatal",
    summary: Text {
        nl: "Geen kopregel, of een kopregel zonder gegevensrijen.",
        fr: "Pas de ligne d'en-tête, ou une ligne d'en-tête sans lignes de données.",
        en: "No header, or a header and no data rows.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Het bestand of blad is leeg, of bevat enkel een kopregel (lege rijen tellen niet).",
            fr: "Le fichier ou la feuille est vide, ou ne contient qu'une ligne d'en-tête (les lignes vides ne comptent pas).",
            en: "The file or sheet is empty, or holds only a header (blank rows do not count).",
        },
        why: Text {
            nl: "Een lege export wijst meestal op een mislukte export of het verkeerde blad; in een nachtelijke job moet dat opvallen.",
            fr: "Un export vide indique généralement un export raté ou la mauvaise feuille; dans une tâche de nuit, cela doit se remarquer.",
            en: "An empty export usually means a failed export or the wrong sheet; in a nightly job that must stand out.",
        },
        source: Text {
            nl: "de handleiding van vov-bulk (README), rubriek Exitcodes",
            fr: "le manuel de vov-bulk (README), rubrique Codes de sortie (Exit codes)",
            en: "the vov-bulk manual (README), section Exit codes",
        },
        fix: Text {
            nl: "Exporteer opnieuw, of kies het juiste blad met --sheet.",
            fr: "Exportez à nouveau, ou choisissez la bonne feuille avec --sheet.",
            en: "Export again, or pick the right sheet with --sheet.",
        },
        example: Text {
            nl: "Een werkmap waarvan het eerste blad enkel koppen heeft: F006; de gegevens staan op 'Blad2', dus --sheet Blad2.",
            fr: "Un classeur dont la première feuille n'a que des en-têtes: F006; les données sont sur 'Blad2', donc --sheet Blad2.",
            en: "A workbook whose first sheet has only headers: F006; the data is on 'Blad2', so --sheet Blad2.",
        },
    },
};

/// F006: `file` has no header (`header_seen` false) or a header and no
/// data rows (`header_seen` true).
pub fn no_data(file: &str, header_seen: bool, lang: Lang) -> Fatal {
    Fatal {
        code: F006.code,
        file: file.to_string(),
        message: match header_seen {
            true => tr!(
                lang,
                nl: "een kopregel maar geen gegevensrijen",
                fr: "une ligne d'en-tête mais pas de lignes de données",
                en: "a header but no data rows",
            )
            .to_string(),
            false => tr!(
                lang,
                nl: "het bestand is leeg: geen kopregel",
                fr: "le fichier est vide: pas de ligne d'en-tête",
                en: "the file is empty: no header",
            )
            .to_string(),
        },
        help: F006.explanation.fix.get(lang).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;

    #[test]
    fn an_empty_file() {
        let nl = no_data("leeg.csv", false, Lang::Nl);
        assert_eq!(nl.code, Code::F006);
        assert_eq!(nl.file, "leeg.csv");
        assert_eq!(nl.message, "het bestand is leeg: geen kopregel");
        assert_eq!(nl.help, "Exporteer opnieuw, of kies het juiste blad met --sheet.");
        let en = no_data("empty.csv", false, Lang::En);
        assert_eq!(en.message, "the file is empty: no header");
        assert_eq!(en.help, "Export again, or pick the right sheet with --sheet.");
    }

    #[test]
    fn a_header_and_no_rows() {
        let nl = no_data("acme.xlsx", true, Lang::Nl);
        assert_eq!(nl.file, "acme.xlsx");
        assert_eq!(nl.message, "een kopregel maar geen gegevensrijen");
        let en = no_data("acme.xlsx", true, Lang::En);
        assert_eq!(en.message, "a header but no data rows");
        assert_eq!(en.to_string(), "F006: acme.xlsx: a header but no data rows");
    }

    #[test]
    fn both_cases_in_french() {
        let fr = no_data("vide.csv", false, Lang::Fr);
        assert_eq!(fr.message, "le fichier est vide: pas de ligne d'en-tête");
        assert_eq!(
            fr.help,
            "Exportez à nouveau, ou choisissez la bonne feuille avec --sheet."
        );
        let fr = no_data("acme.xlsx", true, Lang::Fr);
        assert_eq!(fr.message, "une ligne d'en-tête mais pas de lignes de données");
        assert_eq!(
            fr.to_string(),
            "F006: acme.xlsx: une ligne d'en-tête mais pas de lignes de données"
        );
    }
}
