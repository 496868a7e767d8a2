//! R214 exam-contract: Exam contract in higher education: no right to VOV.

use crate::field::Field;
use crate::lang::tr;
use crate::model::{Diagnostic, Request, Severity};
use crate::rules::training::diagnostic;
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::Contract;

/// The rule R214: its code, name, severity and texts in every language.
pub const R214: Rule = Rule {
    code: crate::code::Code::R214,
    name: "exam-contract",
    severity: "error",
    summary: Text {
        nl: "Examencontract in het hoger onderwijs: geen recht op VOV.",
        fr: "Contrat d'examen dans l'enseignement supérieur: pas de droit au VOV.",
        en: "Exam contract in higher education: no right to VOV.",
    },
    explanation: Explanation {
        what: Text {
            nl: "contract = examencontract.",
            fr: "Type de contrat = examencontract (contrat d'examen).",
            en: "contract = examencontract.",
        },
        why: Text {
            nl: "'Uitzondering: opleiding volgen via een examencontract = geen recht op VOV' (publiek gegeven: enkel diploma- en creditcontracten geven recht).",
            fr: "'Exception: suivre une formation via un contrat d'examen = pas de droit au VOV' (donnée publique: seuls les contrats de diplôme et de crédits donnent droit au VOV).",
            en: "'Exception: following a training through an exam contract = no right to VOV' (only diploma and credit contracts give VOV).",
        },
        source: Text {
            nl: "Sociaal secretariaat Dienstbetoon, 'Vlaams opleidingsverlof'; de regeling van de examencontracten in het hoger onderwijs (Codex Hoger Onderwijs)",
            fr: "secrétariat social Dienstbetoon, « Vlaams opleidingsverlof »; le régime des contrats d'examen dans l'enseignement supérieur (Codex Hoger Onderwijs)",
            en: "Dienstbetoon social secretariat, 'Vlaams opleidingsverlof'; the exam contracts of higher education (Codex Hoger Onderwijs)",
        },
        fix: Text {
            nl: "Dien niet in; is het eigenlijk een credit- of diplomacontract, verbeter dan het contract.",
            fr: "N'introduisez pas la demande; s'il s'agit en fait d'un contrat de crédits ou de diplôme, corrigez le contrat.",
            en: "Do not submit; if it is in fact a credit or diploma contract, correct the contract.",
        },
        example: Text {
            nl: "contract 'examencontract': R214; 'creditcontract': geen R214.",
            fr: "Type de contrat 'examencontract': R214; 'creditcontract': pas de R214.",
            en: "contract 'examencontract': R214; 'creditcontract': no R214.",
        },
    },
};

/// R214 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    if request.contract == Some(Contract::Examencontract) {
        out.push(diagnostic(
            &R214,
            Severity::Error,
            Some(Field::Contract),
            Some("examencontract".into()),
            tr!(lang,
                nl: "een examencontract in het hoger onderwijs geeft geen recht op VOV",
                fr: "un contrat d'examen dans l'enseignement supérieur ne donne pas droit au VOV",
                en: "an exam contract in higher education gives no right to VOV",
            )
            .into(),
            ctx,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::french_messages;
    use crate::rules::test_support::{codes, request};

    fn run(r: &Request) -> Vec<&'static str> {
        codes(r, r.reference_start(), check)
    }

    #[test]
    fn r214_exam_contract() {
        let mut r = request();
        r.contract = Some(Contract::Examencontract);
        assert_eq!(run(&r), vec!["R214"]);
        r.contract = Some(Contract::Creditcontract);
        assert!(run(&r).is_empty());
    }

    #[test]
    fn in_french_an_exam_contract() {
        let mut r = request();
        r.contract = Some(Contract::Examencontract);
        assert_eq!(
            french_messages(&r, check),
            vec!["un contrat d'examen dans l'enseignement supérieur ne donne pas droit au VOV"]
        );
        r.contract = Some(Contract::Creditcontract);
        assert!(french_messages(&r, check).is_empty());
    }
}
