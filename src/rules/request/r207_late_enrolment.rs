//! R207 late-enrolment: Enrolment after the start: the deadline counts from the enrolment date, which also becomes the upload's startdatum.

use crate::field::Field;
use crate::lang::trf;
use crate::model::{Diagnostic, Request, Severity};
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::date::format_be;

/// The rule R207: its code, name, severity and texts in every language.
pub const R207: Rule = Rule {
    code: crate::code::Code::R207,
    name: "late-enrolment",
    severity: "info",
    summary: Text {
        nl: "Inschrijving na de start: de termijn telt vanaf de inschrijvingsdatum, die ook de startdatum van de upload wordt.",
        fr: "Inscription après le début: le délai compte à partir de la date d'inscription, qui devient aussi la date de début du fichier de chargement (upload).",
        en: "Enrolment after the start: the deadline counts from the enrolment date, which also becomes the upload's startdatum.",
    },
    explanation: Explanation {
        what: Text {
            nl: "De inschrijvingsdatum valt na de startdatum. De termijn (R204, R205) telt dan vanaf de inschrijvingsdatum en vov-bulk schrijft die als startdatum in de upload.",
            fr: "La date d'inscription est postérieure à la date de début. Le délai (R204, R205) compte alors à partir de la date d'inscription, et vov-bulk l'écrit comme date de début dans le fichier de chargement (upload).",
            en: "The inschrijvingsdatum is after the startdatum. The deadline (R204, R205) then counts from the enrolment date, and vov-bulk writes it as the startdatum of the upload.",
        },
        why: Text {
            nl: "'In geval van laattijdige inschrijving ... U geeft als startdatum de inschrijvingsdatum in, zoals die vermeld staat op het inschrijvingsattest.'",
            fr: "'En cas d'inscription tardive ... vous indiquez comme date de début la date d'inscription, telle qu'elle figure sur l'attestation d'inscription.'",
            en: "'In case of late enrolment ... you give the enrolment date as the startdatum, as stated on the enrolment certificate.'",
        },
        source: Text {
            nl: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', rubriek 'Laattijdige inschrijving'",
            fr: "vlaanderen.be, « Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever », rubrique « Laattijdige inschrijving » (inscription tardive)",
            en: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', section 'Laattijdige inschrijving' (late enrolment)",
        },
        fix: Text {
            nl: "Niets te doen; controleer enkel dat de inschrijvingsdatum op het attest staat.",
            fr: "Rien à faire; vérifiez seulement que la date d'inscription figure sur l'attestation.",
            en: "Nothing to do; only check that the enrolment date is on the certificate.",
        },
        example: Text {
            nl: "Start 01/09/2026, inschrijving 15/10/2026: upload met startdatum 15/10/2026, laatste dag 14/01/2027.",
            fr: "Début 01/09/2026, inscription 15/10/2026: fichier de chargement avec date de début 15/10/2026, dernier jour pour introduire 14/01/2027.",
            en: "Start 01/09/2026, enrolled 15/10/2026: upload with startdatum 15/10/2026, last day 14/01/2027.",
        },
    },
};

/// R207 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    if let Some(enrolled) = request.inschrijvingsdatum.filter(|d| *d > request.startdatum) {
        let enrolled = format_be(enrolled);
        out.push(Diagnostic {
            code: R207.code,
            severity: Severity::Info,
            field: Some(Field::Inschrijvingsdatum),
            value: Some(enrolled.clone()),
            message: trf!(
                lang,
                nl: "late inschrijving: de termijn telt vanaf {enrolled} en de upload krijgt startdatum {enrolled}",
                fr: "inscription tardive: le délai compte à partir du {enrolled} et le fichier de chargement reçoit la date de début {enrolled}",
                en: "late enrolment: the deadline counts from {enrolled} and the upload gets startdatum {enrolled}",
            ),
            help: R207.explanation.fix.get(lang).into(),
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
    fn r207_only_when_enrolment_is_after_start() {
        let mut r = request();
        r.startdatum = date(2026, 9, 1);
        r.inschrijvingsdatum = Some(date(2026, 8, 31));
        assert!(run(&r).is_empty());
        r.inschrijvingsdatum = Some(date(2026, 9, 1));
        assert!(run(&r).is_empty());
        r.inschrijvingsdatum = Some(date(2026, 9, 2));
        assert_eq!(run(&r), vec!["R207"]);
        assert_eq!(r.reference_start(), date(2026, 9, 2));
    }

    #[test]
    fn r207_in_french() {
        let mut r = request();
        r.inschrijvingsdatum = Some(date(2026, 10, 15));
        let found = crate::rules::test_support::diagnostics_in(&r, r.reference_start(), crate::lang::Lang::Fr, check);
        assert_eq!(
            found[0].message,
            "inscription tardive: le délai compte à partir du 15/10/2026 et le fichier de chargement reçoit la date de début 15/10/2026"
        );
        assert!(found[0].help.starts_with("Rien à faire"), "{}", found[0].help);
    }
}
