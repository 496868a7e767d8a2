//! R211 pop-attachments: ODB-P00001 (POP): after submitting, upload the career-guidance certificate and the enrolment certificate.

use crate::field::Field;
use crate::lang::tr;
use crate::model::{Diagnostic, Request, Severity};
use crate::rules::training::diagnostic;
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::odb::SPECIAL_POP;

/// The rule R211: its code, name, severity and texts in every language.
pub const R211: Rule = Rule {
    code: crate::code::Code::R211,
    name: "pop-attachments",
    severity: "info",
    summary: Text {
        nl: "ODB-P00001 (POP): laad na het indienen het attest loopbaanbegeleiding en het inschrijvingsattest op.",
        fr: "ODB-P00001 (POP): après l'introduction, chargez l'attestation d'accompagnement de carrière et l'attestation d'inscription.",
        en: "ODB-P00001 (POP): after submitting, upload the career-guidance certificate and the enrolment certificate.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Een aanvraag met ODB-P00001, voor een loopbaangerichte opleiding uit een persoonlijk ontwikkelplan (POP).",
            fr: "Une demande avec ODB-P00001, pour une formation orientée carrière issue d'un plan de développement personnel (POP).",
            en: "A request with ODB-P00001, for a career-oriented training from a personal development plan (POP).",
        },
        why: Text {
            nl: "Zulke opleidingen hebben soms geen eigen ODB-nummer. 'De werkgever laadt dan de attesten op in de terugbetalingsaanvraag, nadat hij ze indiende': het attest van de loopbaanbegeleiding én het inschrijvingsattest.",
            fr: "Ces formations n'ont parfois pas de numéro ODB propre. 'L'employeur charge alors les attestations dans la demande de remboursement, après l'avoir introduite': l'attestation d'accompagnement de carrière et l'attestation d'inscription.",
            en: "Such trainings sometimes have no ODB number of their own. 'The employer then uploads the certificates to the request after submitting it': the career-guidance certificate and the enrolment certificate.",
        },
        source: Text {
            nl: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', bijzonder nummer ODB-P00001",
            fr: "vlaanderen.be, « Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever », numéro spécial ODB-P00001",
            en: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', special number ODB-P00001",
        },
        fix: Text {
            nl: "Na de bulkupload: open het dossier in het WSE-loket en voeg beide attesten toe.",
            fr: "Après le chargement groupé: ouvrez le dossier dans le guichet WSE (WSE-loket) et ajoutez les deux attestations.",
            en: "After the bulk upload: open the dossier in the WSE-loket and add both certificates.",
        },
        example: Text {
            nl: "ODB-P00001, 40 uren: aanvaard met een R211-herinnering.",
            fr: "ODB-P00001, 40 uren: acceptée avec un rappel R211.",
            en: "ODB-P00001, 40 uren: accepted with an R211 reminder.",
        },
    },
};

/// R211 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    if request.odb.base() == SPECIAL_POP {
        out.push(diagnostic(
            &R211,
            Severity::Info,
            Some(Field::OdbNummer),
            Some(SPECIAL_POP.into()),
            tr!(lang,
                nl: "POP-opleiding: laad na het indienen het attest van de loopbaanbegeleiding en het inschrijvingsattest op in het dossier",
                fr: "formation POP: après l'introduction, chargez l'attestation d'accompagnement de carrière et l'attestation d'inscription dans le dossier",
                en: "POP training: after submitting, upload the career-guidance certificate and the enrolment certificate to the dossier",
            )
            .into(),
            ctx,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{self, french_messages, request_with_odb};

    fn at(odb: &str) -> Vec<&'static str> {
        test_support::codes_for_odb(odb, check)
    }

    #[test]
    fn a_reminder_for_the_pop_number_only() {
        assert_eq!(at("ODB-P00001"), vec!["R211"]);
        assert!(at("ODB-P00004").is_empty());
        assert!(at("ODB-P00002").is_empty());
        assert!(at("ODB-Z00291").is_empty());
    }

    #[test]
    fn in_french_the_pop_reminder() {
        let r = request_with_odb("ODB-P00001");
        assert_eq!(
            french_messages(&r, check),
            vec![
                "formation POP: après l'introduction, chargez l'attestation d'accompagnement de carrière et \
                  l'attestation d'inscription dans le dossier"
            ]
        );
    }
}
