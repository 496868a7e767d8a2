//! R220 hire-in-future: the employee is hired after the submission date
//! (RULES.md rev 2).

use crate::field::Field;
use crate::lang::trf;
use crate::model::{Diagnostic, Request, Severity};
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::date::format_be;

/// The rule R220: its code, name, severity and texts in every language.
pub const R220: Rule = Rule {
    code: crate::code::Code::R220,
    name: "hire-in-future",
    severity: "error",
    summary: Text {
        nl: "Indiensttreding na de indieningsdatum: een werkgever dient enkel in voor zijn eigen werknemers.",
        fr: "Entrée en service après la date d'introduction: un employeur n'introduit de demande que pour ses propres travailleurs.",
        en: "Hire date after the submission date: an employer files only for its own employees.",
    },
    explanation: Explanation {
        what: Text {
            nl: "indiensttreding ligt na de indieningsdatum (--as-of). Op de dag van de indiensttreding zelf kan het wel.",
            fr: "La date d'entrée en service est postérieure à la date d'introduction (--as-of). Le jour même de l'entrée en service, c'est possible.",
            en: "indiensttreding is after the submission date (--as-of). On the hire date itself it is fine.",
        },
        why: Text {
            nl: "De werkgever vraagt de terugbetaling aan voor het opleidingsverlof van zijn werknemer; wie nog niet in dienst is, is dat niet. Een nieuwe werknemer heeft drie maanden vanaf de indiensttreding om de aanvraag in te dienen (R216), dus wachten kost niets.",
            fr: "L'employeur demande le remboursement du congé-formation de son travailleur; une personne qui n'est pas encore en service n'est pas son travailleur. Pour un nouveau travailleur, il y a trois mois à partir de l'entrée en service pour introduire la demande (R216): attendre ne coûte donc rien.",
            en: "The employer claims the reimbursement of its employee's training leave; someone not yet hired is not its employee. A new hire gives three months from the hire date to submit (R216), so waiting costs nothing.",
        },
        source: Text {
            nl: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever' ('Voor nieuwe werknemers moet u binnen de termijn van drie maanden na indiensttreding een terugbetalingsaanvraag indienen'); de regelcatalogus van vov-bulk (`vov-bulk rules`)",
            fr: "vlaanderen.be, « Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever » (« Voor nieuwe werknemers moet u binnen de termijn van drie maanden na indiensttreding een terugbetalingsaanvraag indienen »); le catalogue des règles de vov-bulk (`vov-bulk rules`)",
            en: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever' ('Voor nieuwe werknemers moet u binnen de termijn van drie maanden na indiensttreding een terugbetalingsaanvraag indienen'); the vov-bulk rule catalogue (`vov-bulk rules`)",
        },
        fix: Text {
            nl: "Controleer de indiensttreding; is ze juist, dien dan in op of na die dag (binnen drie maanden, R216).",
            fr: "Vérifiez la date d'entrée en service; si elle est correcte, introduisez la demande ce jour-là ou plus tard (dans les trois mois, R216).",
            en: "Check the hire date; if it is right, submit on or after that day (within three months, R216).",
        },
        example: Text {
            nl: "--as-of 2026-11-22: indiensttreding 23/11/2026: R220; indiensttreding 22/11/2026: geen R220.",
            fr: "--as-of 2026-11-22: date d'entrée en service 23/11/2026: R220; date d'entrée en service 22/11/2026: pas de R220.",
            en: "--as-of 2026-11-22: hired 23/11/2026: R220; hired 22/11/2026: no R220.",
        },
    },
};

/// R220 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(hired) = request.indiensttreding else {
        return;
    };
    if hired <= ctx.as_of {
        return;
    }
    let lang = ctx.lang;
    let (shown, as_of) = (format_be(hired), format_be(ctx.as_of));
    out.push(R220.diagnostic(
        Severity::Error,
        Some(Field::Indiensttreding),
        Some(shown.clone()),
        trf!(
            lang,
            nl: "indiensttreding {shown} ligt na de indieningsdatum {as_of}: de werknemer is nog niet in dienst",
            fr: "entrée en service {shown} après la date d'introduction {as_of}: le travailleur n'est pas encore en service",
            en: "hire date {shown} is after the submission date {as_of}: the employee is not hired yet",
        ),
        lang,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{codes, date, request};

    #[test]
    fn r220_the_day_before_of_and_after_the_submission_date() {
        let as_of = date(2026, 11, 22);
        let mut r = request();
        assert!(codes(&r, as_of, check).is_empty(), "no hire date: no R220");
        r.indiensttreding = Some(date(2026, 11, 21));
        assert!(codes(&r, as_of, check).is_empty());
        r.indiensttreding = Some(as_of);
        assert!(codes(&r, as_of, check).is_empty(), "hired today: may file today");
        r.indiensttreding = Some(date(2026, 11, 23));
        assert_eq!(codes(&r, as_of, check), vec!["R220"]);
    }

    #[test]
    fn r220_in_french() {
        let mut r = request();
        r.indiensttreding = Some(date(2026, 11, 23));
        let found = crate::rules::test_support::diagnostics_in(&r, date(2026, 11, 22), crate::lang::Lang::Fr, check);
        assert_eq!(
            found[0].message,
            "entrée en service 23/11/2026 après la date d'introduction 22/11/2026: le travailleur n'est pas encore en service"
        );
        assert_eq!(found[0].help, R220.explanation.fix.fr);
    }
}
