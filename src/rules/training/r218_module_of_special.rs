//! R218 module-of-special: A module suffix on ODB-P00001, ODB-P00004 or ODB-1001623.

use crate::field::Field;
use crate::lang::trf;
use crate::model::{Diagnostic, Request, Severity};
use crate::rules::training::diagnostic;
use crate::rules::{Context, Explanation, Rule, Text};

/// The rule R218: its code, name, severity and texts in every language.
pub const R218: Rule = Rule {
    code: crate::code::Code::R218,
    name: "module-of-special",
    severity: "error",
    summary: Text {
        nl: "Een modulenummer achter ODB-P00001, ODB-P00004 of ODB-1001623.",
        fr: "Un numéro de module derrière ODB-P00001, ODB-P00004 ou ODB-1001623.",
        en: "A module suffix on ODB-P00001, ODB-P00004 or ODB-1001623.",
    },
    explanation: Explanation {
        what: Text {
            nl: "De bijzondere nummers ODB-P00001, ODB-P00004 en ODB-1001623 krijgen geen modulenummer (-001).",
            fr: "Les numéros spéciaux ODB-P00001, ODB-P00004 et ODB-1001623 ne prennent pas de numéro de module (-001).",
            en: "The special numbers ODB-P00001, ODB-P00004 and ODB-1001623 take no module suffix (-001).",
        },
        why: Text {
            nl: "De bron noemt ze als vaste referenties voor een soort aanvraag ('vraagt u aan met ODB-P00001', 'met ODB-P00004', 'met ODB-1001623'), niet als opleidingen met modules; een modulenummer erop is dus geen nummer dat de bron kent. Wat het WSE-loket met zo'n nummer doet, toont geen bron: liever nu verbeteren dan een aanvraag indienen die niet meer aan te passen is.",
            fr: "La source les cite comme références fixes pour un type de demande ('vraagt u aan met ODB-P00001', 'met ODB-P00004', 'met ODB-1001623'), pas comme des formations avec modules; avec un numéro de module, ce sont donc des numéros que la source ne connaît pas. Ce que le guichet WSE (WSE-loket) fait d'un tel numéro, aucune source ne le montre: mieux vaut corriger maintenant qu'introduire une demande qui ne peut plus être modifiée.",
            en: "The source names them as fixed references for a kind of request ('vraagt u aan met ODB-P00001', 'met ODB-P00004', 'met ODB-1001623'), not as trainings with modules; with a module suffix they are a number the source does not know. What the WSE-loket does with such a number, no source shows: better to correct it now than to submit a request that can no longer be changed.",
        },
        source: Text {
            nl: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', rubriek Stap 3 (POP, creditcontracten, examencommissie)",
            fr: "vlaanderen.be, « Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever », rubrique Stap 3 (POP, contrats de crédits, jury d'examen)",
            en: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', section Stap 3 (POP, credit contracts, exam commission)",
        },
        fix: Text {
            nl: "Laat het modulenummer weg: ODB-1001623.",
            fr: "Supprimez le numéro de module: ODB-1001623.",
            en: "Leave out the module suffix: ODB-1001623.",
        },
        example: Text {
            nl: "ODB-1001623-001: R218; ODB-1001623: in orde.",
            fr: "ODB-1001623-001: R218; ODB-1001623: en ordre.",
            en: "ODB-1001623-001: R218; ODB-1001623: fine.",
        },
    },
};

/// R218 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    if request.odb.module().is_some() && request.odb.is_special() {
        out.push(diagnostic(
            &R218,
            Severity::Error,
            Some(Field::OdbNummer),
            Some(request.odb.as_str().to_string()),
            trf!(lang,
                nl: "{} krijgt geen modulenummer; gebruik {}",
                fr: "{} ne prend pas de numéro de module; utilisez {}",
                en: "{} takes no module suffix; use {}",
                request.odb.as_str(),
                request.odb.base(),
            ),
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
    fn a_module_suffix_on_a_special_number_only() {
        assert_eq!(at("ODB-P00001-001"), vec!["R218"]);
        assert_eq!(at("ODB-P00004-001"), vec!["R218"]);
        assert_eq!(at("ODB-1001623-001"), vec!["R218"]);
        assert!(at("ODB-P00004").is_empty());
        assert!(at("ODB-Z00291-001").is_empty());
    }

    #[test]
    fn in_french_a_module_of_the_exam_commission() {
        let r = request_with_odb("ODB-1001623-001");
        assert_eq!(
            french_messages(&r, check),
            vec!["ODB-1001623-001 ne prend pas de numéro de module; utilisez ODB-1001623"]
        );
    }
}
