//! F002 undecodable-text: CSV bytes are not valid in the detected or given encoding.
//!
//! Fatal: the run stops (exit 2) and nothing is written.

use crate::lang::{trf, Lang};
use crate::rules::file::Fatal;
use crate::rules::{Explanation, Rule, Text};

/// F002 undecodable-text.
pub const F002: Rule = Rule {
    code: crate::code::Code::F002,
    name: "undecodable-text",
    severity: "fatal",
    summary: Text {
        nl: "CSV-bytes zijn niet geldig in de herkende of opgegeven tekenset.",
        fr: "Les octets du CSV ne sont pas valables dans l'encodage détecté ou indiqué.",
        en: "CSV bytes are not valid in the detected or given encoding.",
    },
    explanation: Explanation {
        what: Text {
            nl: "De tekst van een CSV-bestand kan niet gedecodeerd worden. Herkend worden UTF-8 (met of zonder BOM), UTF-16 LE/BE met BOM (Excel 'Unicode-tekst') en anders Windows-1252 (Excel 'CSV (;)' op een Belgische Windows).",
            fr: "Le texte d'un fichier CSV ne peut pas être décodé. Sont détectés UTF-8 (avec ou sans BOM), UTF-16 LE/BE avec BOM (Excel 'Texte Unicode') et sinon Windows-1252 (Excel 'CSV (;)' sur un Windows belge).",
            en: "The text of a CSV file cannot be decoded. Detected are UTF-8 (with or without BOM), UTF-16 LE/BE with BOM (Excel 'Unicode text') and otherwise Windows-1252 (Excel 'CSV (;)' on Belgian Windows).",
        },
        why: Text {
            nl: "Een verkeerd gedecodeerde naam (Ã© in plaats van é) komt zo in de upload terecht; liever stoppen dan raden.",
            fr: "Un nom mal décodé (Ã© au lieu de é) se retrouverait tel quel dans le fichier de chargement (upload); mieux vaut s'arrêter que deviner.",
            en: "A wrongly decoded name (Ã© instead of é) would end up in the upload; better to stop than to guess.",
        },
        source: Text {
            nl: "de handleiding van vov-bulk (docs/GUIDE.md), optie --encoding",
            fr: "le manuel de vov-bulk (docs/GUIDE.md), option --encoding",
            en: "the vov-bulk manual (docs/GUIDE.md), option --encoding",
        },
        fix: Text {
            nl: "Geef de tekenset op met --encoding utf-8, utf-16 of windows-1252, of sla het bestand opnieuw op als 'CSV UTF-8'.",
            fr: "Indiquez l'encodage avec --encoding utf-8, utf-16 ou windows-1252, ou enregistrez à nouveau le fichier en 'CSV UTF-8'.",
            en: "Give the encoding with --encoding utf-8, utf-16 or windows-1252, or save the file again as 'CSV UTF-8'.",
        },
        example: Text {
            nl: "Een bestand met --encoding utf-8 dat op regel 40 de Windows-1252-byte E9 (é) bevat: F002 met bestand en regel.",
            fr: "Un fichier lu avec --encoding utf-8 qui contient l'octet Windows-1252 E9 (é) à la ligne 40: F002 avec le fichier et la ligne.",
            en: "A file given --encoding utf-8 that holds the Windows-1252 byte E9 (é) on line 40: F002 naming the file and line.",
        },
    },
};

/// F002: line `line` of `file` is not valid text in `encoding`.
pub fn undecodable(file: &str, line: u64, encoding: &str, lang: Lang) -> Fatal {
    Fatal {
        code: F002.code,
        file: file.to_string(),
        message: trf!(
            lang,
            nl: "regel {line} is geen geldige {encoding}-tekst",
            fr: "la ligne {line} n'est pas du texte {encoding} valable",
            en: "line {line} is not valid {encoding} text",
        ),
        help: F002.explanation.fix.get(lang).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;

    #[test]
    fn names_the_file_line_and_encoding_in_both_languages() {
        let nl = undecodable("payroll.csv", 40, "UTF-8", Lang::Nl);
        assert_eq!(nl.code, Code::F002);
        assert_eq!(nl.file, "payroll.csv");
        assert_eq!(nl.message, "regel 40 is geen geldige UTF-8-tekst");
        assert_eq!(nl.help, F002.explanation.fix.nl);
        assert!(nl.help.contains("--encoding"));

        let en = undecodable("payroll.csv", 40, "UTF-16", Lang::En);
        assert_eq!(en.message, "line 40 is not valid UTF-16 text");
        assert_eq!(en.help, F002.explanation.fix.en);
        assert!(en.help.contains("--encoding"));
        assert_eq!(en.to_string(), "F002: payroll.csv: line 40 is not valid UTF-16 text");
    }

    #[test]
    fn names_the_line_and_encoding_in_french() {
        let fr = undecodable("payroll.csv", 40, "UTF-8", Lang::Fr);
        assert_eq!(fr.message, "la ligne 40 n'est pas du texte UTF-8 valable");
        assert_eq!(fr.help, F002.explanation.fix.fr);
        assert!(fr.help.starts_with("Indiquez l'encodage avec --encoding"));
    }
}
