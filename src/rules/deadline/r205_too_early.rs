//! R205 too-early: more than three months before the reference start.
//!
//! Stops R206 on the same row ([`crate::relations`]).

use crate::calendar::earliest_day_to_submit;
use crate::lang::trf;
use crate::model::{Diagnostic, Request, Severity};
use crate::rules::deadline::reference_field;
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::date::format_be;

/// The rule R205: its code, name, severity and texts in every language.
pub const R205: Rule = Rule {
    code: crate::code::Code::R205,
    name: "too-early",
    severity: "error",
    summary: Text {
        nl: "Meer dan drie maanden vóór de start: WSE aanvaardt de aanvraag nog niet.",
        fr: "Plus de trois mois avant le début: WSE n'accepte pas encore la demande.",
        en: "More than three months before the start: WSE does not accept the request yet.",
    },
    explanation: Explanation {
        what: Text {
            nl: "De indieningsdatum ligt vóór de referentiestart min drie maanden (zelfde dag van de maand, begrensd op het einde van de maand).",
            fr: "La date d'introduction tombe avant le début de référence moins trois mois (même jour du mois, limité à la fin du mois).",
            en: "The submission date is before the reference start minus three months (same day-of-month, clamped to the month's end).",
        },
        why: Text {
            nl: "Een aanvraag kan ingediend worden 'binnen een termijn van drie maanden vóór en drie maanden na de start van de opleiding'.",
            fr: "Une demande peut être introduite 'dans un délai de trois mois avant et trois mois après le début de la formation'.",
            en: "A request can be submitted 'within three months before and three months after the start of the training'.",
        },
        source: Text {
            nl: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', rubriek Termijn",
            fr: "vlaanderen.be, « Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever », rubrique Termijn (délai)",
            en: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', section Termijn (deadline)",
        },
        fix: Text {
            nl: "Dien later in: de melding noemt de eerste dag waarop het kan. Houd de rij bij voor een volgende batch.",
            fr: "Introduisez la demande plus tard: le message indique le premier jour où c'est possible. Gardez la ligne pour un lot suivant.",
            en: "Submit later: the message names the first day it can be done. Keep the row for a later batch.",
        },
        example: Text {
            nl: "Start 31/05/2027: ten vroegste 28/02/2027. Met --as-of 2027-02-27: R205; op 28/02/2027 niet meer.",
            fr: "Début 31/05/2027: au plus tôt le 28/02/2027. Avec --as-of 2027-02-27: R205; le 28/02/2027, plus de R205.",
            en: "Start 31/05/2027: at the earliest 28/02/2027. With --as-of 2027-02-27: R205; on 28/02/2027 no longer.",
        },
    },
};

/// R205 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    let reference = request.reference_start();
    let field = reference_field(request);
    let earliest = earliest_day_to_submit(reference);
    if ctx.as_of < earliest {
        out.push(Diagnostic {
            code: R205.code,
            severity: Severity::Error,
            field: Some(field),
            value: Some(format_be(reference)),
            message: trf!(lang,
                nl: "te vroeg: indienen kan ten vroegste vanaf {} (3 maanden vóór {})",
                fr: "trop tôt: la demande peut être introduite au plus tôt à partir du {} (3 mois avant le {})",
                en: "too early: the request can be submitted from {} (3 months before {})",
                format_be(earliest),
                format_be(reference),
            ),
            help: R205.explanation.fix.get(lang).into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::rules::test_support::{codes, date, request};

    #[test]
    fn day_before_day_of_and_day_after_the_earliest_day() {
        // Start 31/05/2027: at the earliest 28/02/2027 (clamped to the month's end).
        let mut r = request();
        r.startdatum = date(2027, 5, 31);
        r.einddatum = date(2027, 6, 30);
        assert_eq!(codes(&r, date(2027, 2, 27), check), vec!["R205"]);
        assert!(codes(&r, date(2027, 2, 28), check).is_empty());
        assert!(codes(&r, date(2027, 3, 1), check).is_empty());
    }

    #[test]
    fn in_french_the_message_names_the_first_day() {
        let mut r = request();
        r.startdatum = date(2027, 5, 31);
        r.einddatum = date(2027, 6, 30);
        let ctx = Context {
            lang: Lang::Fr,
            ..Context::for_tests(date(2027, 2, 27))
        };
        let mut out = Vec::new();
        check(&r, &ctx, &mut out);
        assert_eq!(
            out[0].message,
            "trop tôt: la demande peut être introduite au plus tôt à partir du 28/02/2027 (3 mois avant le 31/05/2027)"
        );
        assert!(
            out[0].help.starts_with("Introduisez la demande plus tard"),
            "{}",
            out[0].help
        );
    }
}
