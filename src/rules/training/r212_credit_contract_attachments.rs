//! R212 credit-contract-attachments: ODB-P00004 (credit contract): after submitting, upload the enrolment certificate.

use crate::field::Field;
use crate::lang::tr;
use crate::model::{Diagnostic, Request, Severity};
use crate::rules::training::diagnostic;
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::odb::SPECIAL_CREDIT;

/// The rule R212: its code, name, severity and texts in every language.
pub const R212: Rule = Rule {
    code: crate::code::Code::R212,
    name: "credit-contract-attachments",
    severity: "info",
    summary: Text {
        nl: "ODB-P00004 (creditcontract): laad na het indienen het inschrijvingsattest op.",
        fr: "ODB-P00004 (contrat de crédits): après l'introduction, chargez l'attestation d'inscription.",
        en: "ODB-P00004 (credit contract): after submitting, upload the enrolment certificate.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Een aanvraag met ODB-P00004, voor een creditcontract in het Vlaamse hoger onderwijs.",
            fr: "Une demande avec ODB-P00004, pour un contrat de crédits dans l'enseignement supérieur flamand.",
            en: "A request with ODB-P00004, for a credit contract in Flemish higher education.",
        },
        why: Text {
            nl: "'Creditcontracten Vlaams hoger onderwijs vraagt u aan met ODB-P00004. Vervolgens laadt u het inschrijvingsattest voor het creditcontract op in de aanvraag, nadat u die hebt ingediend.'",
            fr: "'Les contrats de crédits de l'enseignement supérieur flamand se demandent avec ODB-P00004. Vous chargez ensuite l'attestation d'inscription pour le contrat de crédits dans la demande, après l'avoir introduite.'",
            en: "'Credit contracts in Flemish higher education are requested with ODB-P00004. Then upload the enrolment certificate for the credit contract to the request after submitting it.'",
        },
        source: Text {
            nl: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', bijzonder nummer ODB-P00004",
            fr: "vlaanderen.be, « Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever », numéro spécial ODB-P00004",
            en: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', special number ODB-P00004",
        },
        fix: Text {
            nl: "Na de bulkupload: voeg het inschrijvingsattest toe aan het dossier in het WSE-loket.",
            fr: "Après le chargement groupé: ajoutez l'attestation d'inscription au dossier dans le guichet WSE (WSE-loket).",
            en: "After the bulk upload: add the enrolment certificate to the dossier in the WSE-loket.",
        },
        example: Text {
            nl: "ODB-P00004, 27 studiepunten: aanvaard met een R212-herinnering (en R209: 108 VOV-uren).",
            fr: "ODB-P00004, 27 crédits d'études: acceptée avec un rappel R212 (et R209: 108 heures VOV).",
            en: "ODB-P00004, 27 study points: accepted with an R212 reminder (and R209: 108 VOV hours).",
        },
    },
};

/// R212 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    if request.odb.base() == SPECIAL_CREDIT {
        out.push(diagnostic(
            &R212,
            Severity::Info,
            Some(Field::OdbNummer),
            Some(SPECIAL_CREDIT.into()),
            tr!(lang,
                nl: "creditcontract: laad na het indienen het inschrijvingsattest voor het creditcontract op in het dossier",
                fr: "contrat de crédits: après l'introduction, chargez l'attestation d'inscription pour le contrat de crédits dans le dossier",
                en: "credit contract: after submitting, upload the enrolment certificate for the credit contract to the dossier",
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
    fn a_reminder_for_the_credit_contract_number_with_or_without_a_module() {
        assert_eq!(at("ODB-P00004"), vec!["R212"]);
        // The module suffix is R218's error; the reminder still holds for the base.
        assert_eq!(at("ODB-P00004-001"), vec!["R212"]);
        assert!(at("ODB-P00001").is_empty());
        assert!(at("ODB-P00005").is_empty());
    }

    #[test]
    fn in_french_the_credit_contract_reminder() {
        let r = request_with_odb("ODB-P00004");
        assert_eq!(
            french_messages(&r, check),
            vec![
                "contrat de crédits: après l'introduction, chargez l'attestation d'inscription pour le contrat de \
                  crédits dans le dossier"
            ]
        );
    }
}
