//! R201 end-before-start: The einddatum is before the startdatum.

use crate::field::Field;
use crate::lang::trf;
use crate::model::{Diagnostic, Request, Severity};
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::date::format_be;

/// The rule R201: its code, name, severity and texts in every language.
pub const R201: Rule = Rule {
    code: crate::code::Code::R201,
    name: "end-before-start",
    severity: "error",
    summary: Text {
        nl: "De einddatum ligt vóór de startdatum.",
        fr: "La date de fin précède la date de début.",
        en: "The einddatum is before the startdatum.",
    },
    explanation: Explanation {
        what: Text {
            nl: "einddatum is vroeger dan startdatum.",
            fr: "La date de fin est antérieure à la date de début.",
            en: "einddatum is earlier than startdatum.",
        },
        why: Text {
            nl: "Meestal zijn de twee datums omgewisseld of is een jaartal fout; WSE weigert zo'n aanvraag.",
            fr: "Le plus souvent, les deux dates sont inversées ou une année est erronée; WSE refuse une telle demande.",
            en: "Usually the two dates are swapped or a year is wrong; WSE refuses such a request.",
        },
        source: Text {
            nl: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', start- en einddatum van het inschrijvingsattest",
            fr: "vlaanderen.be, « Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever », dates de début et de fin de l'attestation d'inscription",
            en: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', start and end date of the enrolment certificate",
        },
        fix: Text {
            nl: "Neem beide datums over van het inschrijvingsattest.",
            fr: "Reprenez les deux dates de l'attestation d'inscription.",
            en: "Copy both dates from the enrolment certificate.",
        },
        example: Text {
            nl: "startdatum 01/09/2026, einddatum 30/06/2026: R201 (bedoeld was 30/06/2027).",
            fr: "Date de début 01/09/2026, date de fin 30/06/2026: R201 (il fallait 30/06/2027).",
            en: "startdatum 01/09/2026, einddatum 30/06/2026: R201 (30/06/2027 was meant).",
        },
    },
};

/// R201 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    if request.einddatum < request.startdatum {
        let (end, start) = (format_be(request.einddatum), format_be(request.startdatum));
        out.push(Diagnostic {
            code: R201.code,
            severity: Severity::Error,
            field: Some(Field::Einddatum),
            value: Some(end.clone()),
            message: trf!(
                lang,
                nl: "einddatum {end} ligt vóór startdatum {start}",
                fr: "la date de fin {end} précède la date de début {start}",
                en: "einddatum {end} is before startdatum {start}",
            ),
            help: R201.explanation.fix.get(lang).into(),
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
    fn r201_day_before_day_of_day_after() {
        let mut r = request();
        r.startdatum = date(2026, 9, 1);
        r.einddatum = date(2026, 8, 31);
        assert_eq!(run(&r), vec!["R201"]);
        r.einddatum = date(2026, 9, 1);
        assert!(run(&r).is_empty());
        r.einddatum = date(2026, 9, 2);
        assert!(run(&r).is_empty());
    }

    #[test]
    fn r201_in_french() {
        let mut r = request();
        r.einddatum = date(2026, 6, 30);
        let found = crate::rules::test_support::diagnostics_in(&r, r.reference_start(), crate::lang::Lang::Fr, check);
        assert_eq!(
            found[0].message,
            "la date de fin 30/06/2026 précède la date de début 01/09/2026"
        );
        assert_eq!(found[0].help, "Reprenez les deux dates de l'attestation d'inscription.");
    }
}
