//! R215 spans-school-years: Start and end fall in different school years.

use crate::calendar::{school_year, school_year_name};
use crate::field::Field;
use crate::lang::trf;
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
        fr: "Le début et la fin tombent dans des années scolaires différentes.",
        en: "Start and end fall in different school years.",
    },
    explanation: Explanation {
        what: Text {
            nl: "De referentiestart en de einddatum liggen in verschillende schooljaren (een schooljaar loopt van 1 september tot 31 augustus).",
            fr: "Le début de référence et la date de fin tombent dans des années scolaires différentes (une année scolaire va du 1er septembre au 31 août).",
            en: "The reference start and the einddatum fall in different school years (a school year runs from 1 September to 31 August).",
        },
        why: Text {
            nl: "Het recht op VOV (125 uren x TWP / 100) geldt per schooljaar ('Iedere voltijdse werknemer heeft per schooljaar recht op maximum 125 uren VOV'), en een inschrijvingsattest geldt voor één schooljaar. Deze tool telt de uren van de aanvraag bij het schooljaar van de referentiestart; hoe WSE een aanvraag over twee schooljaren boekt, toont geen bron. Een opleiding over twee schooljaren vraagt daarom meestal twee aanvragen, één per schooljaar en inschrijvingsattest.",
            fr: "Le droit au VOV (125 heures x TWP / 100) vaut par année scolaire ('Iedere voltijdse werknemer heeft per schooljaar recht op maximum 125 uren VOV'), et une attestation d'inscription vaut pour une seule année scolaire. Cet outil compte les heures de la demande dans l'année scolaire de son début de référence; comment WSE enregistre une demande sur deux années scolaires, aucune source ne le montre. Une formation sur deux années scolaires nécessite donc généralement deux demandes, une par année scolaire et par attestation d'inscription.",
            en: "The VOV entitlement (125 hours x TWP / 100) is per school year ('Iedere voltijdse werknemer heeft per schooljaar recht op maximum 125 uren VOV'), and an enrolment certificate covers one school year. This tool counts the request's hours in the school year of its reference start; how WSE books a request over two school years, no source shows. A training over two school years therefore usually needs two requests, one per school year and enrolment certificate.",
        },
        source: Text {
            nl: "Sociaal secretariaat Dienstbetoon, 'Vlaams opleidingsverlof' ('per schooljaar recht op maximum 125 uren VOV'); 'Premies en voordelen: Betaald Educatief Verlof / Vlaams opleidingsverlof', versie januari 2020 ('Elke voltijdse werknemer heeft per schooljaar recht op maximum 125 uren VOV')",
            fr: "secrétariat social Dienstbetoon, « Vlaams opleidingsverlof » (« per schooljaar recht op maximum 125 uren VOV »); « Premies en voordelen: Betaald Educatief Verlof / Vlaams opleidingsverlof », version de janvier 2020 (« Elke voltijdse werknemer heeft per schooljaar recht op maximum 125 uren VOV »)",
            en: "Dienstbetoon social secretariat, 'Vlaams opleidingsverlof' ('per schooljaar recht op maximum 125 uren VOV'); 'Premies en voordelen: Betaald Educatief Verlof / Vlaams opleidingsverlof', January 2020 edition ('Elke voltijdse werknemer heeft per schooljaar recht op maximum 125 uren VOV')",
        },
        fix: Text {
            nl: "Splits de aanvraag per schooljaar volgens de inschrijvingsattesten, of controleer de einddatum.",
            fr: "Scindez la demande par année scolaire selon les attestations d'inscription, ou vérifiez la date de fin.",
            en: "Split the request per school year following the enrolment certificates, or check the einddatum.",
        },
        example: Text {
            nl: "Start 01/09/2026, einde 31/08/2027: één schooljaar; einde 01/09/2027: R215.",
            fr: "Début 01/09/2026, fin 31/08/2027: une seule année scolaire; fin 01/09/2027: R215.",
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
        let (first, last) = (school_year_name(first_year), school_year_name(last_year));
        out.push(Diagnostic {
            code: R215.code,
            severity: Severity::Warning,
            field: Some(Field::Einddatum),
            value: Some(format_be(request.einddatum)),
            message: trf!(
                lang,
                nl: "loopt over schooljaren heen ({first} tot {last}): de uren tellen voor schooljaar {first}",
                fr: "s'étend sur plusieurs années scolaires ({first} à {last}): les heures comptent pour l'année scolaire {first}",
                en: "spans school years ({first} to {last}): the hours count for school year {first}",
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

    #[test]
    fn r215_in_french() {
        let mut r = request();
        r.einddatum = date(2027, 9, 1);
        let found = crate::rules::test_support::diagnostics_in(&r, r.reference_start(), crate::lang::Lang::Fr, check);
        assert_eq!(
            found[0].message,
            "s'étend sur plusieurs années scolaires (2026-2027 à 2027-2028): les heures comptent pour l'année scolaire 2026-2027"
        );
        assert!(found[0].help.starts_with("Scindez la demande"), "{}", found[0].help);
    }
}
