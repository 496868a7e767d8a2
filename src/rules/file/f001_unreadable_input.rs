//! F001 unreadable-input: the input file is missing, unreadable, encrypted, corrupt, or not CSV/XLSX/XLS/XLSB/ODS.
//!
//! Fatal: the run stops (exit 2) and nothing is written.

use crate::lang::{trf, Lang};
use crate::rules::file::Fatal;
use crate::rules::{Explanation, Rule, Text};

/// F001 unreadable-input.
pub const F001: Rule = Rule {
    code: crate::code::Code::F001,
    name: "unreadable-input",
    severity: "fatal",
    summary: Text {
        nl: "Bestand ontbreekt, is onleesbaar, versleuteld, beschadigd of geen CSV/XLSX/XLS/XLSB/ODS.",
        fr: "Fichier absent, illisible, chiffré, endommagé ou pas au format CSV/XLSX/XLS/XLSB/ODS.",
        en: "File missing, unreadable, encrypted, corrupt, or not CSV/XLSX/XLS/XLSB/ODS.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Het invoerbestand kan niet geopend of niet als CSV of rekenblad gelezen worden.",
            fr: "Le fichier d'entrée ne peut pas être ouvert, ou ne peut pas être lu comme CSV ou comme tableur.",
            en: "The input file cannot be opened, or cannot be read as CSV or as a spreadsheet.",
        },
        why: Text {
            nl: "Zonder leesbaar bestand kan geen enkele aanvraag gecontroleerd worden; een half gelezen batch zou aanvragen stilzwijgend overslaan.",
            fr: "Sans fichier lisible, aucune demande ne peut être contrôlée; un lot lu à moitié sauterait des demandes sans le signaler.",
            en: "Without a readable file no request can be checked; a half-read batch would silently skip requests.",
        },
        source: Text {
            nl: "de handleiding van vov-bulk (README), rubriek Exitcodes",
            fr: "le manuel de vov-bulk (README), rubrique Codes de sortie (Exit codes)",
            en: "the vov-bulk manual (README), section Exit codes",
        },
        fix: Text {
            nl: "Controleer pad en rechten. Sla een rekenblad op als .xlsx zonder wachtwoord; een 'xls' dat eigenlijk tekst is, hernoemt u naar .csv.",
            fr: "Vérifiez le chemin et les droits d'accès. Enregistrez un tableur au format .xlsx sans mot de passe; renommez en .csv un 'xls' qui est en réalité du texte.",
            en: "Check the path and permissions. Save a spreadsheet as .xlsx without a password; rename an 'xls' that is really text to .csv.",
        },
        example: Text {
            nl: "vov-bulk check klanten/acme.xlsx met een wachtwoord op de werkmap: F001, exit 2, er wordt niets geschreven.",
            fr: "vov-bulk check clients/acme.xlsx sur un classeur protégé par un mot de passe: F001, exit 2, rien n'est écrit.",
            en: "vov-bulk check clients/acme.xlsx on a password-protected workbook: F001, exit 2, nothing is written.",
        },
    },
};

/// F001: `file` cannot be opened or read as CSV or a spreadsheet, for
/// `reason` (an I/O error, a refused workbook).
pub fn unreadable(file: &str, reason: &str, lang: Lang) -> Fatal {
    Fatal {
        code: F001.code,
        file: file.to_string(),
        message: trf!(
            lang,
            nl: "kan het bestand niet lezen: {reason}",
            fr: "impossible de lire le fichier: {reason}",
            en: "cannot read the file: {reason}",
        ),
        help: F001.explanation.fix.get(lang).to_string(),
    }
}

/// F001 for an error of the operating system: its reason in `lang`
/// (`het bestand of de map bestaat niet (os error 2)`), not the system's
/// English text.
pub fn unreadable_os(file: &str, error: &std::io::Error, lang: Lang) -> Fatal {
    unreadable(file, &crate::os_error::reason(error, lang), lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;

    #[test]
    fn names_the_file_and_the_reason_in_both_languages() {
        let nl = unreadable("klanten/acme.xlsx", "versleuteld", Lang::Nl);
        assert_eq!(nl.code, Code::F001);
        assert_eq!(nl.file, "klanten/acme.xlsx");
        assert_eq!(nl.message, "kan het bestand niet lezen: versleuteld");
        assert_eq!(nl.help, F001.explanation.fix.nl);
        assert!(nl.help.contains(".xlsx zonder wachtwoord"));
        assert_eq!(
            nl.to_string(),
            "F001: klanten/acme.xlsx: kan het bestand niet lezen: versleuteld"
        );

        let en = unreadable("clients/acme.xlsx", "encrypted", Lang::En);
        assert_eq!(en.file, "clients/acme.xlsx");
        assert_eq!(en.message, "cannot read the file: encrypted");
        assert_eq!(en.help, F001.explanation.fix.en);
        assert!(en.help.contains("Check the path and permissions"));
    }

    #[test]
    fn names_the_file_and_the_reason_in_french() {
        let fr = unreadable("clients/acme.xlsx", "chiffré", Lang::Fr);
        assert_eq!(fr.message, "impossible de lire le fichier: chiffré");
        assert_eq!(fr.help, F001.explanation.fix.fr);
        assert!(fr.help.starts_with("Vérifiez le chemin et les droits d'accès."));
        assert_eq!(
            fr.to_string(),
            "F001: clients/acme.xlsx: impossible de lire le fichier: chiffré"
        );
    }
}
