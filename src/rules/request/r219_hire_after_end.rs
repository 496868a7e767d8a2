//! R219 hire-after-end: Hire date after the einddatum: the training ended before the employment began.

use crate::field::Field;
use crate::lang::trf;
use crate::model::{Diagnostic, Request, Severity};
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::date::format_be;

/// The rule R219: its code, name, severity and texts in every language.
pub const R219: Rule = Rule {
    code: crate::code::Code::R219,
    name: "hire-after-end",
    severity: "error",
    summary: Text {
        nl: "Indiensttreding na de einddatum: de opleiding was voorbij vóór de tewerkstelling begon.",
        fr: "Entrée en service après la date de fin: la formation était terminée avant le début de l'emploi.",
        en: "Hire date after the einddatum: the training ended before the employment began.",
    },
    explanation: Explanation {
        what: Text { nl: "De datum van indiensttreding ligt na de einddatum.", fr: "La date d'entrée en service est postérieure à la date de fin.", en: "indiensttreding is after einddatum." },
        why: Text {
            nl: "VOV is verlof van het werk om een opleiding te volgen; wie nog niet in dienst was, nam geen verlof bij deze werkgever.",
            fr: "Le VOV est un congé du travail pour suivre une formation; une personne qui n'était pas encore en service n'a pas pris de congé chez cet employeur.",
            en: "VOV is leave from work to follow a training; someone not yet employed took no leave from this employer.",
        },
        source: Text {
            nl: "Sociaal secretariaat Dienstbetoon, 'Vlaams opleidingsverlof' ('Uw werknemer komt in aanmerking voor Vlaams opleidingsverlof (VOV) als hij/zij ... tewerkgesteld is in de privésector': VOV is verlof uit een arbeidsovereenkomst); vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', rubriek 'Pas aangeworven werknemers' (de termijn van een nieuwe werknemer telt vanaf de indiensttreding, niet vanaf de opleiding ervoor)",
            fr: "secrétariat social Dienstbetoon, « Vlaams opleidingsverlof » (« Uw werknemer komt in aanmerking voor Vlaams opleidingsverlof (VOV) als hij/zij ... tewerkgesteld is in de privésector »: le VOV est un congé lié à un contrat de travail); vlaanderen.be, « Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever », rubrique « Pas aangeworven werknemers » (le délai d'un nouveau travailleur court à partir de l'entrée en service, pas de la formation qui la précède)",
            en: "Dienstbetoon social secretariat, 'Vlaams opleidingsverlof' ('Uw werknemer komt in aanmerking voor Vlaams opleidingsverlof (VOV) als hij/zij ... tewerkgesteld is in de privésector': VOV is leave from an employment contract); vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', section 'Pas aangeworven werknemers' (the deadline of a new hire counts from the hire date, not the training before it)",
        },
        fix: Text {
            nl: "Controleer de indiensttreding en de einddatum; is alles juist, dien dan niet in.",
            fr: "Vérifiez la date d'entrée en service et la date de fin; si les deux sont correctes, n'introduisez pas la demande.",
            en: "Check the hire date and the einddatum; if both are right, do not submit.",
        },
        example: Text {
            nl: "Einddatum 30/06/2026, indiensttreding 01/07/2026: R219; indiensttreding 30/06/2026: geen R219.",
            fr: "Date de fin 30/06/2026, entrée en service 01/07/2026: R219; entrée en service 30/06/2026: pas de R219.",
            en: "einddatum 30/06/2026, hired 01/07/2026: R219; hired 30/06/2026: no R219.",
        },
    },
};

/// R219 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    if let Some(hired) = request.indiensttreding.filter(|d| *d > request.einddatum) {
        let (hired, end) = (format_be(hired), format_be(request.einddatum));
        out.push(Diagnostic {
            code: R219.code,
            severity: Severity::Error,
            field: Some(Field::Indiensttreding),
            value: Some(hired.clone()),
            message: trf!(
                lang,
                nl: "indiensttreding {hired} ligt na einddatum {end}",
                fr: "entrée en service {hired} après la date de fin {end}",
                en: "hire date {hired} is after einddatum {end}",
            ),
            help: R219.explanation.fix.get(lang).into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{codes, date, request};

    fn run(r: &Request) -> Vec<&'static str> {
        codes(r, r.reference_start(), check)
    }

    #[test]
    fn r219_day_before_day_of_day_after_the_end() {
        let mut r = request();
        r.einddatum = date(2027, 6, 30);
        r.indiensttreding = Some(date(2027, 6, 29));
        assert!(run(&r).is_empty());
        r.indiensttreding = Some(date(2027, 6, 30));
        assert!(run(&r).is_empty());
        r.indiensttreding = Some(date(2027, 7, 1));
        assert_eq!(run(&r), vec!["R219"]);
    }

    #[test]
    fn r219_in_french() {
        let mut r = request();
        r.indiensttreding = Some(date(2027, 7, 1));
        let found = crate::rules::test_support::diagnostics_in(&r, r.reference_start(), crate::lang::Lang::Fr, check);
        assert_eq!(
            found[0].message,
            "entrée en service 01/07/2027 après la date de fin 30/06/2027"
        );
        assert!(
            found[0].help.starts_with("Vérifiez la date d'entrée en service"),
            "{}",
            found[0].help
        );
    }
}
