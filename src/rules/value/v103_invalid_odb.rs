//! V103 invalid-odb: the training's number in the opleidingsdatabank is not
//! written as one.
//!
//! The check is [`crate::values::Odb::parse`]; the typer ([`super::type_row`])
//! raises V103 on `odb_nummer` when it fails.

use crate::rules::{Explanation, Rule, Text};

/// V103 invalid-odb: ODB- then 7 digits or a letter and 5 digits, optionally -001.
pub const V103: Rule = Rule {
    code: crate::code::Code::V103,
    name: "invalid-odb",
    severity: "error",
    summary: Text {
        nl: "ODB-nummer ongeldig: ODB- gevolgd door 7 cijfers of een letter en 5 cijfers, eventueel -001.",
        fr: "Numéro ODB non valable: ODB- suivi de 7 chiffres ou d'une lettre et 5 chiffres, éventuellement -001.",
        en: "Invalid ODB number: ODB- then 7 digits or a letter and 5 digits, optionally -001.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Het registratienummer uit de opleidingsdatabank, genormaliseerd (hoofdletters, geen spaties, streepje na ODB): ODB-1001623, ODB-Z00291, ODB-Z00291-001, ODB-P00001.",
            fr: "Le numéro d'enregistrement de la banque de données des formations (opleidingsdatabank), normalisé (majuscules, sans espaces, tiret après ODB): ODB-1001623, ODB-Z00291, ODB-Z00291-001, ODB-P00001.",
            en: "The registration number from the opleidingsdatabank, normalised (upper case, no spaces, hyphen after ODB): ODB-1001623, ODB-Z00291, ODB-Z00291-001, ODB-P00001.",
        },
        why: Text {
            nl: "Enkel opleidingen die in de opleidingsdatabank geregistreerd zijn geven recht op VOV; WSE zoekt de opleiding op via dit nummer.",
            fr: "Seules les formations enregistrées dans la banque de données des formations donnent droit au congé-formation flamand (VOV); WSE recherche la formation par ce numéro.",
            en: "Only trainings registered in the opleidingsdatabank give VOV; WSE looks the training up by this number.",
        },
        source: Text {
            nl: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', rubrieken ODB-nummers en bijzondere nummers; Sociaal secretariaat Dienstbetoon, 'Vlaams opleidingsverlof'",
            fr: "vlaanderen.be, « Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever », rubriques numéros ODB et numéros spéciaux; secrétariat social Dienstbetoon, « Vlaams opleidingsverlof »",
            en: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', sections ODB numbers and special numbers; Dienstbetoon social secretariat, 'Vlaams opleidingsverlof'",
        },
        fix: Text {
            nl: "Neem het nummer over van het inschrijvingsattest of uit de opleidingsdatabank. Of het nummer bestaat, kan vov-bulk niet nagaan.",
            fr: "Reprenez le numéro de l'attestation d'inscription ou de la banque de données des formations. vov-bulk ne peut pas vérifier si le numéro existe.",
            en: "Copy the number from the enrolment certificate or the opleidingsdatabank. Whether the number exists cannot be checked by vov-bulk.",
        },
        example: Text {
            nl: "'odb z00291' wordt ODB-Z00291; 'ODB-123' is ongeldig.",
            fr: "'odb z00291' devient ODB-Z00291; 'ODB-123' n'est pas valable.",
            en: "'odb z00291' becomes ODB-Z00291; 'ODB-123' is invalid.",
        },
    },
};

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::rules::value::test_support::{codes, NONE};

    fn odb(text: &str) -> Vec<&'static str> {
        codes(&[(Field::OdbNummer, text)])
    }

    #[test]
    fn seven_digits_or_a_letter_and_five_digits() {
        assert_eq!(odb("ODB-1001623"), NONE);
        assert_eq!(odb("odb z00291"), NONE);
        assert_eq!(odb("ODB-P00001"), NONE);
        assert_eq!(odb("ODB-100162"), vec!["V103"], "6 digits");
        assert_eq!(odb("ODB-10016230"), vec!["V103"], "8 digits");
        assert_eq!(odb("ODB-Z0029"), vec!["V103"], "a letter and 4 digits");
        assert_eq!(odb("ODB-Z002910"), vec!["V103"], "a letter and 6 digits");
        assert_eq!(odb("ODB-123"), vec!["V103"]);
        assert_eq!(odb("1001623"), vec!["V103"], "no ODB prefix");
    }

    #[test]
    fn a_module_has_three_digits() {
        assert_eq!(odb("ODB-Z00291-001"), NONE);
        assert_eq!(odb("ODB-Z00291-01"), vec!["V103"]);
        assert_eq!(odb("ODB-Z00291-0001"), vec!["V103"]);
    }
}
