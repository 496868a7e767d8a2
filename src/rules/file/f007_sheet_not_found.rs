//! F007 sheet-not-found: --sheet names no sheet of the workbook.
//!
//! Fatal: the run stops (exit 2) and nothing is written.

use crate::lang::{trf, Lang};
use crate::rules::file::Fatal;
use crate::rules::{Explanation, Rule, Text};

/// F007 sheet-not-found.
pub const F007: Rule = Rule {
    code: crate::code::Code::F007,
    name: "sheet-not-found",
    severity: "fatal",
    summary: Text {
        nl: "--sheet noemt geen bestaand blad; de melding somt de bladen op.",
        fr: "--sheet ne désigne aucune feuille existante; le message énumère les feuilles.",
        en: "--sheet names no sheet; the message lists the sheets.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Het blad uit --sheet bestaat niet in de werkmap (zonder --sheet wordt het eerste zichtbare blad gelezen).",
            fr: "La feuille indiquée avec --sheet n'existe pas dans le classeur (sans --sheet, la première feuille visible est lue).",
            en: "The sheet given with --sheet does not exist in the workbook (without --sheet the first visible sheet is read).",
        },
        why: Text {
            nl: "Een ander blad lezen dan gevraagd zou verkeerde aanvragen opleveren.",
            fr: "Lire une autre feuille que celle demandée produirait de mauvaises demandes.",
            en: "Reading another sheet than asked would produce the wrong requests.",
        },
        source: Text {
            nl: "de handleiding van vov-bulk (docs/GUIDE.md), optie --sheet",
            fr: "le manuel de vov-bulk (docs/GUIDE.md), option --sheet",
            en: "the vov-bulk manual (docs/GUIDE.md), option --sheet",
        },
        fix: Text {
            nl: "Gebruik een van de opgesomde bladnamen.",
            fr: "Utilisez un des noms de feuille énumérés.",
            en: "Use one of the sheet names listed.",
        },
        example: Text {
            nl: "--sheet November op een werkmap met 'Blad1' en 'Nov': F007 met 'Blad1, Nov'.",
            fr: "--sheet November sur un classeur avec 'Blad1' et 'Nov': F007 avec 'Blad1, Nov'.",
            en: "--sheet November on a workbook with 'Blad1' and 'Nov': F007 listing 'Blad1, Nov'.",
        },
    },
};

/// F007: `file` has no sheet `wanted`; the message lists `sheets`.
pub fn sheet_not_found(file: &str, wanted: &str, sheets: &[String], lang: Lang) -> Fatal {
    let list = sheets.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", ");
    Fatal {
        code: F007.code,
        file: file.to_string(),
        message: trf!(
            lang,
            nl: "blad '{wanted}' bestaat niet; bladen: {list}",
            fr: "la feuille '{wanted}' n'existe pas; feuilles: {list}",
            en: "no sheet '{wanted}'; sheets: {list}",
        ),
        help: F007.explanation.fix.get(lang).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;

    #[test]
    fn lists_the_sheets_in_both_languages() {
        let sheets = vec!["Blad1".to_string(), "Nov".to_string()];
        let nl = sheet_not_found("acme.xlsx", "November", &sheets, Lang::Nl);
        assert_eq!(nl.code, Code::F007);
        assert_eq!(nl.file, "acme.xlsx");
        assert_eq!(nl.message, "blad 'November' bestaat niet; bladen: 'Blad1', 'Nov'");
        assert_eq!(nl.help, "Gebruik een van de opgesomde bladnamen.");

        let en = sheet_not_found("acme.xlsx", "November", &sheets, Lang::En);
        assert_eq!(en.message, "no sheet 'November'; sheets: 'Blad1', 'Nov'");
        assert_eq!(en.help, "Use one of the sheet names listed.");
    }

    #[test]
    fn lists_the_sheets_in_french() {
        let sheets = vec!["Blad1".to_string(), "Nov".to_string()];
        let fr = sheet_not_found("acme.xlsx", "November", &sheets, Lang::Fr);
        assert_eq!(
            fr.message,
            "la feuille 'November' n'existe pas; feuilles: 'Blad1', 'Nov'"
        );
        assert_eq!(fr.help, "Utilisez un des noms de feuille énumérés.");
    }
}
