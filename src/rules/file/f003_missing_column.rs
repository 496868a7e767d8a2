//! F003 missing-column: a required field has no column after header aliasing.
//!
//! Fatal: the run stops (exit 2) and nothing is written.

use crate::lang::{trf, Lang};
use crate::rules::file::Fatal;
use crate::rules::{Explanation, Rule, Text};

/// F003 missing-column.
pub const F003: Rule = Rule {
    code: crate::code::Code::F003,
    name: "missing-column",
    severity: "fatal",
    summary: Text {
        nl: "Een verplicht veld heeft geen kolom, ook niet via een alias.",
        fr: "Un champ obligatoire n'a pas de colonne, même via un alias.",
        en: "A required field has no column after header aliasing.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Na het koppelen van de kolomkoppen aan de canonieke velden (hoofdletters, accenten, spaties en leestekens tellen niet) ontbreekt een verplicht veld: ondernemingsnummer, INSZ werknemer, naam werknemer, voornaam werknemer, ODB-nummer, aantal, startdatum of einddatum.",
            fr: "Après la mise en correspondance des en-têtes de colonne avec les champs canoniques (majuscules, accents, espaces et ponctuation ne comptent pas), il manque un champ obligatoire: numéro d'entreprise, NISS travailleur, nom du travailleur, prénom du travailleur, numéro ODB, nombre, date de début ou date de fin.",
            en: "After mapping the headers to the canonical fields (ignoring case, accents, spaces and punctuation) a required field is missing: werkgever_kbo, werknemer_insz, werknemer_naam, werknemer_voornaam, odb_nummer, aantal, startdatum or einddatum.",
        },
        why: Text {
            nl: "Zonder die velden kan het WSE-loket geen terugbetalingsaanvraag aanmaken; elke rij zou afgewezen worden.",
            fr: "Sans ces champs, le guichet WSE (WSE-loket) ne peut pas créer de demande de remboursement; chaque ligne serait refusée.",
            en: "Without these fields the WSE-loket cannot create a reimbursement request; every row would be rejected.",
        },
        source: Text {
            nl: "de handleiding van vov-bulk (docs/GUIDE.md), rubriek Invoer (de velden en hun aliassen); het invoerschema (`vov-bulk schema input`)",
            fr: "le manuel de vov-bulk (docs/GUIDE.md), rubrique Entrée (Input: les champs et leurs alias); le schéma d'entrée (`vov-bulk schema input`)",
            en: "the vov-bulk manual (docs/GUIDE.md), section Input (the fields and their aliases); the input schema (`vov-bulk schema input`)",
        },
        fix: Text {
            nl: "Koppel uw eigen kolomkop aan het veld met --map FIELD=HEADER (bv. `--map odb_nummer=\"Opleidingscode\"`), hernoem de kolom naar de canonieke naam of een alias (zie 'vov-bulk template'), of geef een eigen schema met --input-schema.",
            fr: "Associez votre propre en-tête au champ avec --map FIELD=HEADER (p. ex. `--map odb_nummer=\"Opleidingscode\"`), renommez la colonne avec le nom canonique ou un alias (voir 'vov-bulk template'), ou indiquez votre propre schéma avec --input-schema.",
            en: "Map your own header to the field with --map FIELD=HEADER (e.g. `--map odb_nummer=\"Opleidingscode\"`), rename the column to the canonical name or an alias (see 'vov-bulk template'), or give your own schema with --input-schema.",
        },
        example: Text {
            nl: "Een export met kolom 'Opleidingscode' in plaats van 'ODB-nummer': F003 noemt ODB-nummer, de gevonden kolommen en de dichtste alias.",
            fr: "Un export avec une colonne 'Opleidingscode' au lieu de 'ODB-nummer': F003 nomme le numéro ODB, les colonnes trouvées et l'alias le plus proche.",
            en: "An export with a column 'Opleidingscode' instead of 'ODB-nummer': F003 names odb_nummer, the headers found and the closest alias.",
        },
    },
};

/// The most headers an F003 message lists.
const HEADERS_SHOWN: usize = 30;

/// F003: required fields of `file` have no column. `missing` holds each
/// field's name and the closest header or alias ("did you mean");
/// `headers` are the headers found, echoed as written (the outlets mask
/// any INSZ or IBAN among them, [`crate::values::mask`]).
pub fn missing_columns(file: &str, missing: &[(String, Option<String>)], headers: &[String], lang: Lang) -> Fatal {
    let list = missing
        .iter()
        .map(
            |(field, closest)| match closest.as_deref().map(crate::values::mask::quoted) {
                Some(c) => trf!(
                    lang,
                    nl: "{field} (bedoelt u '{c}'?)",
                    fr: "{field} (vouliez-vous dire '{c}'?)",
                    en: "{field} (did you mean '{c}'?)",
                ),
                None => field.clone(),
            },
        )
        .collect::<Vec<_>>()
        .join(", ");
    // Each header cut to 60 characters, and the first 30 of them: a file of
    // zeros or a 10,000-column header makes a message of a few lines.
    let mut found = headers
        .iter()
        .take(HEADERS_SHOWN)
        .map(|h| format!("'{}'", crate::values::mask::quoted(h)))
        .collect::<Vec<_>>()
        .join(", ");
    if headers.len() > HEADERS_SHOWN {
        let more = headers.len() - HEADERS_SHOWN;
        found.push_str(&trf!(lang,
            nl: " en nog {more}",
            fr: " et encore {more}",
            en: " and {more} more",
        ));
    }
    Fatal {
        code: F003.code,
        file: file.to_string(),
        message: trf!(
            lang,
            nl: "verplichte kolom ontbreekt: {list}; gevonden kolommen: {found}",
            fr: "colonne obligatoire manquante: {list}; colonnes trouvées: {found}",
            en: "required column missing: {list}; headers found: {found}",
        ),
        help: F003.explanation.fix.get(lang).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;
    use crate::values::mask::mask_personal;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|h| h.to_string()).collect()
    }

    #[test]
    fn names_the_field_the_closest_header_and_the_headers_found() {
        let missing = vec![
            ("odb_nummer".to_string(), Some("Opleidingscode".to_string())),
            ("aantal".to_string(), None),
        ];
        let found = headers(&["KBO", "Opleidingscode"]);
        let nl = missing_columns("payroll.csv", &missing, &found, Lang::Nl);
        assert_eq!(nl.code, Code::F003);
        assert_eq!(nl.file, "payroll.csv");
        assert_eq!(
            nl.message,
            "verplichte kolom ontbreekt: odb_nummer (bedoelt u 'Opleidingscode'?), aantal; \
             gevonden kolommen: 'KBO', 'Opleidingscode'"
        );
        assert_eq!(nl.help, F003.explanation.fix.nl);
        assert!(nl.help.contains("hernoem de kolom") && nl.help.contains("--map FIELD=HEADER"));

        let en = missing_columns("payroll.csv", &missing, &found, Lang::En);
        assert_eq!(
            en.message,
            "required column missing: odb_nummer (did you mean 'Opleidingscode'?), aantal; \
             headers found: 'KBO', 'Opleidingscode'"
        );
        assert_eq!(en.help, F003.explanation.fix.en);
        assert!(en.help.contains("rename the column"));
    }

    #[test]
    fn an_insz_as_a_header_is_echoed_masked_and_cut() {
        // An export whose first data row became the header: the message
        // quotes each header as a value (masked, escaped, cut to 60
        // characters), and the outlets mask again whatever else it holds.
        let missing = vec![("werknemer_insz".to_string(), None)];
        let found = headers(&["0403170701", "85073003328"]);
        for lang in Lang::ALL {
            let fatal = missing_columns("payroll.csv", &missing, &found, lang);
            assert!(!fatal.message.contains("85073003328"), "{}", fatal.message);
            let printed = mask_personal(&fatal.to_string()).into_owned();
            assert!(!printed.contains("85073003328"), "{printed}");
            assert!(printed.contains("'850730-xxx-xx'"), "{printed}");
            assert!(printed.contains("'0403170701'"), "{printed}");
        }
        let many: Vec<String> = (0..100).map(|i| format!("kolom{i}{}", "x".repeat(10_000))).collect();
        let fatal = missing_columns("payroll.csv", &missing, &many, Lang::En);
        assert!(fatal.message.len() < 3_000, "{}", fatal.message.len());
        assert!(fatal.message.ends_with("and 70 more"), "{}", fatal.message);
    }

    #[test]
    fn names_the_field_and_the_closest_header_in_french() {
        let missing = vec![
            ("odb_nummer".to_string(), Some("Opleidingscode".to_string())),
            ("aantal".to_string(), None),
        ];
        let fr = missing_columns("payroll.csv", &missing, &headers(&["KBO", "Opleidingscode"]), Lang::Fr);
        assert_eq!(
            fr.message,
            "colonne obligatoire manquante: odb_nummer (vouliez-vous dire 'Opleidingscode'?), aantal; \
             colonnes trouvées: 'KBO', 'Opleidingscode'"
        );
        assert_eq!(fr.help, F003.explanation.fix.fr);
        assert!(fr
            .help
            .starts_with("Associez votre propre en-tête au champ avec --map FIELD=HEADER"));
    }
}
