//! V112 invalid-text: a name or title that cannot go to the government
//! portal as it is (RULES.md rev 2).
//!
//! The whole check is here ([`check`]); the typer ([`super::type_row`])
//! runs it on every text field it trims.

use crate::field::Field;
use crate::lang::{tr, trf, Lang};
use crate::rules::{Explanation, Rule, Text};

/// V112 invalid-text: a control character, a formula start or too long.
pub const V112: Rule = Rule {
    code: crate::code::Code::V112,
    name: "invalid-text",
    severity: "error",
    summary: Text {
        nl: "Een naam, voornaam, werkgeversnaam of titel met een regeleinde of ander stuurteken, die begint met =, +, - of @, of die te lang is.",
        fr: "Un nom, prénom, nom d'employeur ou titre qui contient un saut de ligne ou un autre caractère de contrôle, qui commence par =, +, - ou @, ou qui est trop long.",
        en: "A name, first name, employer name or title holding a line break or other control character, starting with =, +, - or @, or too long.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Naam werknemer, voornaam werknemer, naam werkgever en titel opleiding: geen regeleinde, tab of ander stuurteken; niet beginnend met =, +, - of @ (een formule, geen naam); ten hoogste 100 tekens (titel: 250). Spaties vooraan en achteraan tellen niet.",
            fr: "Nom du travailleur, prénom du travailleur, nom de l'employeur et intitulé de la formation: pas de saut de ligne, de tabulation ni d'autre caractère de contrôle; ne commence pas par =, +, - ou @ (une formule, pas un nom); au plus 100 caractères (titre: 250). Les espaces au début et à la fin ne comptent pas.",
            en: "werknemer_naam, werknemer_voornaam, werkgever_naam and opleiding_titel: no line break, tab or other control character; not starting with =, +, - or @ (a formula, not a name); at most 100 characters (title: 250). Leading and trailing spaces do not count.",
        },
        why: Text {
            nl: "De upload gaat naar een overheidsportaal: het krijgt de naam zoals ze is, of niet. Een naam die met = begint, wordt in een rekenblad een formule; een regeleinde breekt de bulkupload; 10 MB 'naam' is een fout in de export.",
            fr: "Le fichier de chargement (upload) va vers un portail public: il reçoit le nom tel quel, ou pas du tout. Un nom qui commence par = devient une formule dans un tableur; un saut de ligne casse le chargement groupé; un 'nom' de 10 Mo est une erreur dans l'export.",
            en: "The upload goes to a government portal: it gets the name as it is, or not at all. A name starting with = becomes a formula in a spreadsheet; a line break breaks the bulk upload; a 10 MB 'name' is an error in the export.",
        },
        source: Text {
            nl: "de regelcatalogus van vov-bulk (`vov-bulk rules`); de WSE-uploadbestanden (tekst zonder stuurtekens)",
            fr: "le catalogue des règles de vov-bulk (`vov-bulk rules`); les fichiers d'envoi WSE (texte sans caractères de contrôle)",
            en: "the vov-bulk rule catalogue (`vov-bulk rules`); the WSE upload files (text without control characters)",
        },
        fix: Text {
            nl: "Neem de naam over zoals op de identiteitskaart (de titel zoals op het inschrijvingsattest), zonder formules of regeleinden.",
            fr: "Reprenez le nom tel qu'il figure sur la carte d'identité (le titre tel qu'il figure sur l'attestation d'inscription), sans formules ni sauts de ligne.",
            en: "Copy the name as on the identity card (the title as on the enrolment certificate), without formulas or line breaks.",
        },
        example: Text {
            nl: "Naam werknemer '=HYPERLINK(\"http://x\")': V112; voornaam werknemer 'An<regeleinde>Marie': V112; naam werknemer 'Van den Broeck': goed.",
            fr: "Nom du travailleur '=HYPERLINK(\"http://x\")': V112; prénom du travailleur 'An<saut de ligne>Marie': V112; nom du travailleur 'Van den Broeck': correct.",
            en: "werknemer_naam '=HYPERLINK(\"http://x\")': V112; werknemer_voornaam 'An<line break>Marie': V112; werknemer_naam 'Van den Broeck': fine.",
        },
    },
};

/// Why a text cannot go into the upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    /// A line break, tab or other control character.
    ControlCharacter,
    /// Starts with `=`, `+`, `-` or `@`: a formula in a spreadsheet.
    FormulaStart(char),
    /// Longer than the field allows.
    TooLong {
        /// The length found, in characters.
        length: usize,
        /// The most the field allows ([`max_length`]).
        max: usize,
    },
}

impl TextProblem {
    /// Short sentence for the user: what is wrong.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            TextProblem::ControlCharacter => tr!(
                lang,
                nl: "bevat een regeleinde, tab of ander stuurteken",
                fr: "contient un saut de ligne, une tabulation ou un autre caractère de contrôle",
                en: "holds a line break, tab or other control character",
            )
            .to_string(),
            TextProblem::FormulaStart(c) => trf!(
                lang,
                nl: "begint met '{c}': een formule, geen naam",
                fr: "commence par '{c}': une formule, pas un nom",
                en: "starts with '{c}': a formula, not a name",
            ),
            TextProblem::TooLong { length, max } => trf!(
                lang,
                nl: "is {length} tekens lang; ten hoogste {max}",
                fr: "compte {length} caractères; au plus {max}",
                en: "is {length} characters long; at most {max}",
            ),
        }
    }

    /// How to fix it: V112's fix.
    pub fn help(&self, lang: Lang) -> String {
        V112.explanation.fix.get(lang).to_string()
    }
}

/// The longest name, first name or employer name, in characters (RULES.md
/// rev 2, V112: the tool's own bound, no regulation sets one).
pub const NAME_MAX_CHARS: usize = 100;

/// The longest training title, in characters (RULES.md rev 2, V112).
pub const TITLE_MAX_CHARS: usize = 250;

/// The fields V112 applies to, with their longest allowed length.
pub fn max_length(field: Field) -> Option<usize> {
    match field {
        Field::WerknemerNaam | Field::WerknemerVoornaam | Field::WerkgeverNaam => Some(NAME_MAX_CHARS),
        Field::OpleidingTitel => Some(TITLE_MAX_CHARS),
        _ => None,
    }
}

/// Checks a trimmed text of a field that V112 applies to.
pub fn check(field: Field, text: &str) -> Result<(), TextProblem> {
    let Some(max) = max_length(field) else {
        return Ok(());
    };
    if text.chars().any(char::is_control) {
        return Err(TextProblem::ControlCharacter);
    }
    if let Some(first) = text.chars().next().filter(|c| matches!(c, '=' | '+' | '-' | '@')) {
        return Err(TextProblem::FormulaStart(first));
    }
    let length = text.chars().count();
    if length > max {
        return Err(TextProblem::TooLong { length, max });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::value::test_support::{codes, diagnostics, NONE};

    #[test]
    fn names_at_their_limits() {
        let name = Field::WerknemerNaam;
        assert_eq!(check(name, "Van den Broeck"), Ok(()));
        assert_eq!(check(name, &"a".repeat(100)), Ok(()));
        assert_eq!(
            check(name, &"a".repeat(101)),
            Err(TextProblem::TooLong { length: 101, max: 100 })
        );
        assert_eq!(check(Field::OpleidingTitel, &"é".repeat(250)), Ok(()));
        assert!(check(Field::OpleidingTitel, &"é".repeat(251)).is_err());
        for start in ['=', '+', '-', '@'] {
            assert_eq!(check(name, &format!("{start}x")), Err(TextProblem::FormulaStart(start)));
        }
        assert_eq!(check(name, "Jean-Pierre"), Ok(()), "a dash inside is a name");
        for control in ["An\nMarie", "An\rMarie", "An\tMarie", "An\u{0}"] {
            assert_eq!(
                check(Field::WerknemerVoornaam, control),
                Err(TextProblem::ControlCharacter)
            );
        }
        // Other fields are not V112's.
        assert_eq!(check(Field::OdbNummer, "=x"), Ok(()));
    }

    #[test]
    fn every_text_field_at_its_limit_and_just_above() {
        for (field, max) in [
            (Field::WerknemerNaam, 100),
            (Field::WerknemerVoornaam, 100),
            (Field::WerkgeverNaam, 100),
            (Field::OpleidingTitel, 250),
        ] {
            assert_eq!(max_length(field), Some(max));
            let at_limit = "ä".repeat(max);
            assert_eq!(codes(&[(field, &at_limit)]), NONE, "{field} {max}");
            let above = "ä".repeat(max + 1);
            let found = diagnostics(&[(field, &above)]);
            assert_eq!(found.len(), 1, "{field}");
            assert_eq!(found[0].code, "V112");
            assert_eq!(found[0].field, Some(field));
            let tail = format!("is {} characters long; at most {max}", max + 1);
            assert!(found[0].message.ends_with(&tail), "{}", found[0].message);
            // Leading and trailing spaces do not count.
            let padded = format!("  {at_limit}  ");
            assert_eq!(codes(&[(field, &padded)]), NONE, "{field} padded");
        }
    }

    #[test]
    fn a_formula_or_a_line_break_in_a_row() {
        assert_eq!(
            codes(&[(Field::WerknemerNaam, "=HYPERLINK(\"http://x\")")]),
            vec!["V112"]
        );
        assert_eq!(codes(&[(Field::WerknemerVoornaam, "An\nMarie")]), vec!["V112"]);
        assert_eq!(codes(&[(Field::WerknemerNaam, "Van den Broeck")]), NONE);
        assert_eq!(codes(&[(Field::OpleidingTitel, "- Boekhouding")]), vec!["V112"]);
    }

    #[test]
    fn the_three_problems_in_french() {
        use crate::rules::value::test_support::diagnostics_in;
        assert_eq!(
            TextProblem::ControlCharacter.message(Lang::Fr),
            "contient un saut de ligne, une tabulation ou un autre caractère de contrôle"
        );
        assert_eq!(
            TextProblem::FormulaStart('=').message(Lang::Fr),
            "commence par '=': une formule, pas un nom"
        );
        let found = diagnostics_in(&[(Field::WerknemerNaam, &"a".repeat(101))], Lang::Fr);
        assert!(
            found[0].message.ends_with(": compte 101 caractères; au plus 100"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].help, V112.explanation.fix.fr);
        assert!(found[0].help.starts_with("Reprenez le nom"), "{}", found[0].help);
    }
}
