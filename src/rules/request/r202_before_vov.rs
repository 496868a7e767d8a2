//! R202 before-vov: Reference start before 1 September 2019: the old betaald educatief verlof applies.

use crate::field::Field;
use crate::lang::trf;
use crate::model::{Diagnostic, Request, Severity};
use crate::regulation::VOV_FIRST_DAY;
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::date::format_be;

/// The rule R202: its code, name, severity and texts in every language.
pub const R202: Rule = Rule {
    code: crate::code::Code::R202,
    name: "before-vov",
    severity: "error",
    summary: Text {
        nl: "Referentiestart vóór 1 september 2019: dan geldt het oude betaald educatief verlof.",
        fr: "Début de référence avant le 1er septembre 2019: c'est l'ancien congé-éducation payé (betaald educatief verlof) qui s'applique.",
        en: "Reference start before 1 September 2019: the old betaald educatief verlof applies.",
    },
    explanation: Explanation {
        what: Text {
            nl: "De referentiestart (startdatum, of de latere inschrijvingsdatum) ligt vóór 1 september 2019.",
            fr: "Le début de référence (la date de début, ou la date d'inscription si elle est postérieure) est antérieur au 1er septembre 2019.",
            en: "The reference start (startdatum, or the later inschrijvingsdatum) is before 1 September 2019.",
        },
        why: Text {
            nl: "Sinds 1 september 2019 is het betaald educatief verlof (BEV) in Vlaanderen hervormd tot Vlaams opleidingsverlof; opleidingen die vroeger startten, vallen onder BEV en horen niet in het WSE-loket voor VOV. Uitzondering: een BEV-opleiding die ook voor VOV erkend is, kon de cursist laten overstappen naar VOV ('kan je als cursist kiezen of je het betaald educatief verlof verderzet of overstapt naar Vlaams opleidingsverlof'); dan geldt VOV pas vanaf schooljaar 2019-2020, met het inschrijvingsattest van dat schooljaar.",
            fr: "Depuis le 1er septembre 2019, le congé-éducation payé (betaald educatief verlof, BEV) a été réformé en Flandre en congé-formation flamand (VOV); les formations qui ont commencé plus tôt relèvent du BEV et n'ont pas leur place dans le guichet WSE (WSE-loket) pour le VOV. Exception: une formation BEV également agréée pour le VOV pouvait permettre au participant de passer au VOV ('kan je als cursist kiezen of je het betaald educatief verlof verderzet of overstapt naar Vlaams opleidingsverlof'); le VOV ne s'applique alors qu'à partir de l'année scolaire 2019-2020, avec l'attestation d'inscription de cette année scolaire.",
            en: "Since 1 September 2019 the betaald educatief verlof (BEV) in Flanders was reformed into VOV; trainings that started earlier fall under BEV and do not belong in the WSE-loket for VOV. Exception: a BEV training also recognised for VOV could switch to VOV at the trainee's choice ('kan je als cursist kiezen of je het betaald educatief verlof verderzet of overstapt naar Vlaams opleidingsverlof'); VOV then applies from school year 2019-2020 on, with that school year's enrolment certificate.",
        },
        source: Text {
            nl: "'Premies en voordelen: Betaald Educatief Verlof / Vlaams opleidingsverlof', versie januari 2020 ('Start je opleiding vóór 1 september 2019? Dan geldt de regelgeving van het betaald educatief verlof nog', en 'Betaald educatief verlof: overstappen naar VOV'); vlaanderen.be, 'Vlaams opleidingsverlof: terugbetaling aan de werkgever'",
            fr: "« Premies en voordelen: Betaald Educatief Verlof / Vlaams opleidingsverlof », version de janvier 2020 (« Start je opleiding vóór 1 september 2019? Dan geldt de regelgeving van het betaald educatief verlof nog », et « Betaald educatief verlof: overstappen naar VOV »); vlaanderen.be, « Vlaams opleidingsverlof: terugbetaling aan de werkgever »",
            en: "'Premies en voordelen: Betaald Educatief Verlof / Vlaams opleidingsverlof', January 2020 edition ('Start je opleiding vóór 1 september 2019? Dan geldt de regelgeving van het betaald educatief verlof nog', and 'Betaald educatief verlof: overstappen naar VOV'); vlaanderen.be, 'Vlaams opleidingsverlof: terugbetaling aan de werkgever'",
        },
        fix: Text {
            nl: "Controleer de startdatum; is ze juist, dan is dit geen VOV-aanvraag. Stapte de cursist over van BEV naar VOV, vraag dan per schooljaar vanaf 2019-2020 aan met de startdatum van het inschrijvingsattest van dat schooljaar.",
            fr: "Vérifiez la date de début; si elle est correcte, ce n'est pas une demande VOV. Si le participant est passé du BEV au VOV, introduisez une demande par année scolaire à partir de 2019-2020, avec la date de début de l'attestation d'inscription de cette année scolaire.",
            en: "Check the startdatum; if it is right, this is not a VOV request. If the trainee switched from BEV to VOV, request per school year from 2019-2020 on, with the start on that school year's enrolment certificate.",
        },
        example: Text {
            nl: "Start 31/08/2019: R202; start 01/09/2019: geen R202.",
            fr: "Début 31/08/2019: R202; début 01/09/2019: pas de R202.",
            en: "Start 31/08/2019: R202; start 01/09/2019: no R202.",
        },
    },
};

/// R202 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    let reference = request.reference_start();
    if reference < VOV_FIRST_DAY {
        let start = format_be(reference);
        out.push(Diagnostic {
            code: R202.code,
            severity: Severity::Error,
            field: Some(Field::Startdatum),
            value: Some(start.clone()),
            message: trf!(
                lang,
                nl: "start {start} ligt vóór 01/09/2019: betaald educatief verlof, geen VOV",
                fr: "début {start} avant le 01/09/2019: congé-éducation payé (betaald educatief verlof), pas de VOV",
                en: "start {start} is before 01/09/2019: betaald educatief verlof, not VOV",
            ),
            help: R202.explanation.fix.get(lang).into(),
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
    fn r202_boundary_on_1_september_2019() {
        let mut r = request();
        r.einddatum = date(2020, 6, 30);
        r.startdatum = date(2019, 8, 31);
        assert_eq!(run(&r), vec!["R202"]);
        r.startdatum = date(2019, 9, 1);
        assert!(run(&r).is_empty());
        r.startdatum = date(2019, 9, 2);
        assert!(run(&r).is_empty());
    }

    #[test]
    fn r202_uses_the_later_enrolment_date() {
        let mut r = request();
        r.startdatum = date(2019, 8, 1);
        r.inschrijvingsdatum = Some(date(2019, 9, 1));
        r.einddatum = date(2020, 6, 30);
        assert!(run(&r).is_empty());
    }

    #[test]
    fn r202_in_french() {
        let mut r = request();
        r.startdatum = date(2019, 8, 31);
        r.einddatum = date(2020, 6, 30);
        let found = crate::rules::test_support::diagnostics_in(&r, r.reference_start(), crate::lang::Lang::Fr, check);
        assert_eq!(
            found[0].message,
            "début 31/08/2019 avant le 01/09/2019: congé-éducation payé (betaald educatief verlof), pas de VOV"
        );
        assert_eq!(found[0].help, R202.explanation.fix.fr);
        assert!(
            found[0].help.starts_with("Vérifiez la date de début"),
            "{}",
            found[0].help
        );
    }
}
