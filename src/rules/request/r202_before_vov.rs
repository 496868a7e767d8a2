//! R202 before-vov: Reference start before 1 September 2019: the old betaald educatief verlof applies.

use crate::field::Field;
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
        fr: "",
        en: "Reference start before 1 September 2019: the old betaald educatief verlof applies.",
    },
    explanation: Explanation {
        what: Text {
            nl: "De referentiestart (startdatum, of de latere inschrijvingsdatum) ligt vóór 1 september 2019.",
            fr: "",
            en: "The reference start (startdatum, or the later inschrijvingsdatum) is before 1 September 2019.",
        },
        why: Text {
            nl: "Sinds 1 september 2019 is het betaald educatief verlof (BEV) in Vlaanderen hervormd tot Vlaams opleidingsverlof; opleidingen die vroeger startten, vallen onder BEV en horen niet in het WSE-loket voor VOV. Uitzondering: een BEV-opleiding die ook voor VOV erkend is, kon de cursist laten overstappen naar VOV ('kan je als cursist kiezen of je het betaald educatief verlof verderzet of overstapt naar Vlaams opleidingsverlof'); dan geldt VOV pas vanaf schooljaar 2019-2020, met het inschrijvingsattest van dat schooljaar.",
            fr: "",
            en: "Since 1 September 2019 the betaald educatief verlof (BEV) in Flanders was reformed into VOV; trainings that started earlier fall under BEV and do not belong in the WSE-loket for VOV. Exception: a BEV training also recognised for VOV could switch to VOV at the trainee's choice ('kan je als cursist kiezen of je het betaald educatief verlof verderzet of overstapt naar Vlaams opleidingsverlof'); VOV then applies from school year 2019-2020 on, with that school year's enrolment certificate.",
        },
        source: "Premies en voordelen: Betaald Educatief Verlof / Vlaams opleidingsverlof, versie januari 2020 (004_83b721da382c7edc.txt: 'Start je opleiding vóór 1 september 2019? Dan geldt de regelgeving van het betaald educatief verlof nog', and Betaald educatief verlof: overstappen naar VOV); Vlaams opleidingsverlof: terugbetaling aan de werkgever (000_371699ddb1b3decc.txt)",
        fix: Text {
            nl: "Controleer de startdatum; is ze juist, dan is dit geen VOV-aanvraag. Stapte de cursist over van BEV naar VOV, vraag dan per schooljaar vanaf 2019-2020 aan met de startdatum van het inschrijvingsattest van dat schooljaar.",
            fr: "",
            en: "Check the startdatum; if it is right, this is not a VOV request. If the trainee switched from BEV to VOV, request per school year from 2019-2020 on, with the start on that school year's enrolment certificate.",
        },
        example: Text {
            nl: "Start 31/08/2019: R202; start 01/09/2019: geen R202.",
            fr: "",
            en: "Start 31/08/2019: R202; start 01/09/2019: no R202.",
        },
    },
};

/// R202 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    let reference = request.reference_start();
    if reference < VOV_FIRST_DAY {
        out.push(Diagnostic {
            code: R202.code,
            severity: Severity::Error,
            field: Some(Field::Startdatum),
            value: Some(format_be(reference)),
            message: lang.pick_fmt(
                format_args!(
                    "start {} ligt vóór 01/09/2019: betaald educatief verlof, geen VOV",
                    format_be(reference)
                ),
                format_args!(
                    "start {} is before 01/09/2019: betaald educatief verlof, not VOV",
                    format_be(reference)
                ),
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
}
