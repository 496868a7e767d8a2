//! R215 spans-school-years: Start and end fall in different school years.

use crate::calendar::{school_year, school_year_name};
use crate::field::Field;
use crate::model::{Diagnostic, Request, Severity};
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::date::format_be;

/// The rule R215: its code, name, severity and texts in every language.
pub const R215: Rule = Rule {
    code: crate::code::Code::R215,
    name: "spans-school-years",
    severity: "warning",
    summary: Text {
        nl: "Start en einde vallen in verschillende schooljaren.",
        fr: "",
        en: "Start and end fall in different school years.",
    },
    explanation: Explanation {
        what: Text {
            nl: "De referentiestart en de einddatum liggen in verschillende schooljaren (een schooljaar loopt van 1 september tot 31 augustus).",
            fr: "",
            en: "The reference start and the einddatum fall in different school years (a school year runs from 1 September to 31 August).",
        },
        why: Text {
            nl: "Het recht op VOV (125 uren x TWP / 100) geldt per schooljaar ('Iedere voltijdse werknemer heeft per schooljaar recht op maximum 125 uren VOV'), en een inschrijvingsattest geldt voor één schooljaar. Deze tool telt de uren van de aanvraag bij het schooljaar van de referentiestart; hoe WSE een aanvraag over twee schooljaren boekt, toont geen bron. Een opleiding over twee schooljaren vraagt daarom meestal twee aanvragen, één per schooljaar en inschrijvingsattest.",
            fr: "",
            en: "The VOV entitlement (125 hours x TWP / 100) is per school year ('Iedere voltijdse werknemer heeft per schooljaar recht op maximum 125 uren VOV'), and an enrolment certificate covers one school year. This tool counts the request's hours in the school year of its reference start; how WSE books a request over two school years, no source shows. A training over two school years therefore usually needs two requests, one per school year and enrolment certificate.",
        },
        source: "Sociaal secretariaat Dienstbetoon, Vlaams opleidingsverlof (003_3c4063dd767c45eb.txt: 'per schooljaar recht op maximum 125 uren VOV'); Premies en voordelen: Betaald Educatief Verlof / Vlaams opleidingsverlof, versie januari 2020 (004_83b721da382c7edc.txt: 'Elke voltijdse werknemer heeft per schooljaar recht op maximum 125 uren VOV')",
        fix: Text {
            nl: "Splits de aanvraag per schooljaar volgens de inschrijvingsattesten, of controleer de einddatum.",
            fr: "",
            en: "Split the request per school year following the enrolment certificates, or check the einddatum.",
        },
        example: Text {
            nl: "Start 01/09/2026, einde 31/08/2027: één schooljaar; einde 01/09/2027: R215.",
            fr: "",
            en: "Start 01/09/2026, end 31/08/2027: one school year; end 01/09/2027: R215.",
        },
    },
};

/// R215 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    let reference = request.reference_start();
    let (first_year, last_year) = (school_year(reference), school_year(request.einddatum));
    if last_year > first_year {
        out.push(Diagnostic {
            code: R215.code,
            severity: Severity::Warning,
            field: Some(Field::Einddatum),
            value: Some(format_be(request.einddatum)),
            message: lang.pick_fmt(
                format_args!(
                    "loopt over schooljaren heen ({} tot {}): de uren tellen voor schooljaar {}",
                    school_year_name(first_year),
                    school_year_name(last_year),
                    school_year_name(first_year)
                ),
                format_args!(
                    "spans school years ({} to {}): the hours count for school year {}",
                    school_year_name(first_year),
                    school_year_name(last_year),
                    school_year_name(first_year)
                ),
            ),
            help: R215.explanation.fix.get(lang).into(),
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
    fn r215_school_year_edges() {
        let mut r = request();
        r.startdatum = date(2026, 9, 1);
        r.einddatum = date(2027, 8, 31);
        assert!(run(&r).is_empty());
        r.einddatum = date(2027, 9, 1);
        assert_eq!(run(&r), vec!["R215"]);
        r.startdatum = date(2026, 8, 31);
        r.einddatum = date(2026, 8, 31);
        assert!(run(&r).is_empty());
        r.einddatum = date(2026, 9, 1);
        assert_eq!(run(&r), vec!["R215"]);
    }
}
