//! R213 exam-commission: ODB-1001623 (exam commission): 8 hours per exam, one exam day or the school year; a new request every school year.

use crate::calendar::{school_year, school_year_first_day, school_year_last_day, school_year_name};
use crate::field::Field;
use crate::lang::{tr, trf};
use crate::model::{Diagnostic, Request, Severity};
use crate::regulation::is_exam_commission;
use crate::rules::training::diagnostic;
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::date::format_be;
use crate::values::number::format_comma;
use crate::values::odb::SPECIAL_EXAM_COMMISSION;
use crate::values::Unit;

/// The rule R213: its code, name, severity and texts in every language.
pub const R213: Rule = Rule {
    code: crate::code::Code::R213,
    name: "exam-commission",
    severity: "error / info",
    summary: Text {
        nl: "ODB-1001623 (examencommissie): 8 uren per examen, één examendag of het schooljaar; elk schooljaar een nieuwe aanvraag.",
        fr: "ODB-1001623 (jury d'examen): 8 heures par examen, un jour d'examen ou l'année scolaire; une nouvelle demande chaque année scolaire.",
        en: "ODB-1001623 (exam commission): 8 hours per exam, one exam day or the school year; a new request every school year.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Voor ODB-1001623: met eenheid examens een geheel aantal examens; met eenheid uren een veelvoud van 8; een andere eenheid is een fout. Datums: ofwel één examendag (start = einde), ofwel de schooljaarvorm (start = inschrijvingsdatum of 1 september, einde = 31 augustus van hetzelfde schooljaar; zonder inschrijvingsdatum wordt een latere start als inschrijvingsdatum van het eerste schooljaar gelezen). Een geldige rij krijgt een info: elk schooljaar is een nieuwe aanvraag nodig.",
            fr: "Pour ODB-1001623: avec l'unité examens, un nombre entier d'examens; avec l'unité uren, un multiple de 8; une autre unité est une erreur. Dates: soit un jour d'examen (début = fin), soit la forme année scolaire (début = date d'inscription ou 1er septembre, fin = 31 août de la même année scolaire; sans date d'inscription, un début plus tardif est lu comme la date d'inscription de la première année scolaire). Une ligne valable reçoit une info: une nouvelle demande est nécessaire chaque année scolaire.",
            en: "For ODB-1001623: with eenheid examens a whole number of exams; with eenheid uren a multiple of 8; another unit is an error. Dates: either one exam day (start = end) or the school-year form (start = enrolment date or 1 September, end = 31 August of the same school year; without an inschrijvingsdatum a later start is read as the first school year's enrolment date). A valid row gets an info: a new request is needed every school year.",
        },
        why: Text {
            nl: "'Per examen dient de werkgever een terugbetalingsaanvraag voor 8 uur in, met als referentie ODB-1001623' en 'moet jaarlijks een nieuwe VOV-aanvraag ingediend worden'. De bron toont beide datumvormen (per examendag en per schooljaar: 'Voor het eerste schooljaar voer je als startdatum de inschrijvingsdatum in en 31/8 als einddatum. Voor alle volgende schooljaren geef je als startdatum 1/9/x t.e.m. 31/8/x+1 in'); beide worden daarom aanvaard, iets anders niet. Zonder kolom inschrijvingsdatum kan het bestand de eerste vorm niet tonen: een start na 1 september met einde 31 augustus wordt dan als die eerste vorm gelezen (een ten onrechte geweigerde aanvraag is voorgoed verloren).",
            fr: "'Par examen, l'employeur introduit une demande de remboursement de 8 heures, avec comme référence ODB-1001623' et 'une nouvelle demande VOV doit être introduite chaque année'. La source montre les deux formes de dates (par jour d'examen et par année scolaire: 'pour la première année scolaire, indiquez la date d'inscription comme date de début et le 31/8 comme date de fin; pour toutes les années scolaires suivantes, indiquez du 1/9/x au 31/8/x+1'); les deux sont donc acceptées, rien d'autre. Sans colonne date d'inscription, le fichier ne peut pas montrer la première forme: un début après le 1er septembre avec une fin au 31 août est alors lu comme cette première forme (une demande refusée à tort est perdue pour de bon).",
            en: "'Per exam the employer submits a request for 8 hours, with reference ODB-1001623' and 'a new VOV request must be submitted every year'. The source shows both date forms (per exam day and per school year: 'for the first school year enter the enrolment date as start and 31/8 as end; for every later school year 1/9/x to 31/8/x+1'); both are therefore accepted, nothing else. Without an inschrijvingsdatum column the file cannot show the first form: a start after 1 September with end 31 August is then read as that first form (a wrongly rejected request is lost for good).",
        },
        source: Text {
            nl: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', rubrieken Examencommissie en Stap 3 (ODB-1001623); Sociaal secretariaat Dienstbetoon, 'Vlaams opleidingsverlof' ('8u VOV per examen')",
            fr: "vlaanderen.be, « Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever », rubriques Examencommissie et Stap 3 (ODB-1001623); secrétariat social Dienstbetoon, « Vlaams opleidingsverlof » (« 8u VOV per examen »)",
            en: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', sections Examencommissie and Stap 3 (ODB-1001623); Dienstbetoon social secretariat, 'Vlaams opleidingsverlof' ('8u VOV per examen')",
        },
        fix: Text {
            nl: "Geef het aantal examens (eenheid examens) of 8 uren per examen; zet de datums op de examendag, of van 1 september (of de inschrijving) tot 31 augustus.",
            fr: "Indiquez le nombre d'examens (unité examens) ou 8 heures par examen; mettez les dates sur le jour d'examen, ou du 1er septembre (ou de l'inscription) au 31 août.",
            en: "Give the number of exams (eenheid examens) or 8 hours per exam; set the dates to the exam day, or from 1 September (or the enrolment) to 31 August.",
        },
        example: Text {
            nl: "3 examens op 14/11/2026 (start = einde): 24 VOV-uren. 01/09/2026 tot 31/08/2027: in orde. Inschrijving 15/10/2026, 15/10/2026 tot 31/08/2027: in orde (ook zonder kolom inschrijvingsdatum). 20 uren: fout (geen veelvoud van 8). 01/09/2026 tot 30/06/2027: fout.",
            fr: "3 examens le 14/11/2026 (début = fin): 24 heures VOV. Du 01/09/2026 au 31/08/2027: en ordre. Inscription le 15/10/2026, du 15/10/2026 au 31/08/2027: en ordre (même sans colonne « date d'inscription »). 20 heures: erreur (pas un multiple de 8). Du 01/09/2026 au 30/06/2027: erreur.",
            en: "3 exams on 14/11/2026 (start = end): 24 VOV hours. 01/09/2026 to 31/08/2027: fine. Enrolled 15/10/2026, 15/10/2026 to 31/08/2027: fine (also without an inschrijvingsdatum column). 20 uren: error (not a multiple of 8). 01/09/2026 to 30/06/2027: error.",
        },
    },
};

/// The school-year form of exam commission dates: end on 31 August of the
/// start's school year, start on 1 September or, the first school year, on
/// the enrolment date (001: 'Voor het eerste schooljaar voer je als
/// startdatum de inschrijvingsdatum in en 31/8 als einddatum'). Without an
/// `inschrijvingsdatum` column a later start is taken as that enrolment
/// date (RULES.md rev 2): the file cannot show it, and rejecting the source's
/// own form would lose the request.
fn is_school_year_form(request: &Request) -> bool {
    let year = school_year(request.startdatum);
    let ends_right = Some(request.einddatum) == school_year_last_day(year);
    let starts_right = match request.inschrijvingsdatum {
        Some(enrolled) => Some(request.startdatum) == school_year_first_day(year) || request.startdatum == enrolled,
        // Any start of the school year: 1 September or the (unseen) enrolment.
        None => true,
    };
    ends_right && starts_right
}

/// R213 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    if !is_exam_commission(request) {
        return;
    }
    let lang = ctx.lang;
    let quantity = format_comma(request.aantal);
    let quantity_problem = match request.eenheid {
        Unit::Examens if !request.aantal.fract().is_zero() => Some(trf!(lang,
            nl: "{quantity} examens is geen geheel aantal",
            fr: "{quantity} examens n'est pas un nombre entier",
            en: "{quantity} exams is not a whole number",
        )),
        Unit::Uren if !(request.aantal % crate::regulation::figures_of(request).constants.hours_per_exam).is_zero() => {
            Some(trf!(lang,
                nl: "{quantity} uren is geen veelvoud van 8 (8 uren per examen)",
                fr: "{quantity} heures n'est pas un multiple de 8 (8 heures par examen)",
                en: "{quantity} hours is not a multiple of 8 (8 hours per exam)",
            ))
        }
        Unit::Lestijden => Some(
            tr!(lang,
                nl: "de examencommissie telt in examens of uren, niet in lestijden",
                fr: "le jury d'examen compte en examens ou en heures, pas en périodes de cours",
                en: "the exam commission counts in exams or hours, not in lesson periods",
            )
            .to_string(),
        ),
        // Study points are R209's error.
        _ => None,
    };
    let mut valid = request.eenheid != Unit::Studiepunten;
    if let Some(problem) = quantity_problem {
        valid = false;
        out.push(diagnostic(
            &R213,
            Severity::Error,
            Some(Field::Aantal),
            Some(quantity.clone()),
            problem,
            ctx,
        ));
    }
    let one_day = request.startdatum == request.einddatum;
    if !one_day && !is_school_year_form(request) {
        valid = false;
        let year = school_year(request.startdatum);
        out.push(diagnostic(
            &R213,
            Severity::Error,
            Some(Field::Einddatum),
            Some(format_be(request.einddatum)),
            trf!(lang,
                nl: "examencommissie: start {} en einde {} zijn geen examendag (start = einde) en geen schooljaar (1/9/{year} of de inschrijvingsdatum tot 31/08/{})",
                fr: "jury d'examen: le début {} et la fin {} ne sont ni un jour d'examen (début = fin) ni l'année scolaire (1/9/{year} ou la date d'inscription jusqu'au 31/08/{})",
                en: "exam commission: start {} and end {} are neither one exam day (start = end) nor the school year (1/9/{year} or the enrolment date to 31/08/{})",
                format_be(request.startdatum),
                format_be(request.einddatum),
                year + 1,
            ),
            ctx,
        ));
    }
    if valid {
        let hours = match request.eenheid {
            Unit::Examens => request.aantal * crate::regulation::figures_of(request).constants.hours_per_exam,
            _ => request.aantal,
        };
        let year = school_year(request.reference_start());
        let next = school_year_name(year + 1);
        out.push(diagnostic(
            &R213,
            Severity::Info,
            Some(Field::OdbNummer),
            Some(SPECIAL_EXAM_COMMISSION.into()),
            trf!(lang,
                nl: "examencommissie: {} VOV-uren (8 per examen); voor schooljaar {next} is een nieuwe aanvraag nodig",
                fr: "jury d'examen: {} heures VOV (8 par examen); pour l'année scolaire {next}, une nouvelle demande est nécessaire",
                en: "exam commission: {} VOV hours (8 per exam); school year {next} needs a new request",
                format_comma(hours),
            ),
            ctx,
        ));
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;
    use crate::rules::test_support::{self, date, exam_commission, french_messages};
    fn severities(r: &Request) -> Vec<(&'static str, Severity)> {
        test_support::severities_at_start(r, check)
    }

    #[test]
    fn r213_quantities() {
        let mut r = exam_commission();
        assert_eq!(severities(&r), vec![("R213", Severity::Info)]);
        r.aantal = Decimal::new(25, 1);
        assert_eq!(severities(&r), vec![("R213", Severity::Error)]);
        r.eenheid = Unit::Uren;
        for (hours, ok) in [(15, false), (16, true), (17, false)] {
            r.aantal = Decimal::from(hours);
            assert_eq!(
                severities(&r),
                vec![("R213", if ok { Severity::Info } else { Severity::Error })],
                "{hours}"
            );
        }
        r.eenheid = Unit::Lestijden;
        assert_eq!(severities(&r), vec![("R213", Severity::Error)]);
    }

    #[test]
    fn r213_date_forms() {
        let mut r = exam_commission();
        // School-year form: 1 September to 31 August, day before / of / after.
        r.startdatum = date(2026, 9, 1);
        r.einddatum = date(2027, 8, 31);
        assert_eq!(severities(&r), vec![("R213", Severity::Info)]);
        r.einddatum = date(2027, 8, 30);
        assert_eq!(severities(&r), vec![("R213", Severity::Error)]);
        r.einddatum = date(2027, 9, 1);
        assert_eq!(severities(&r), vec![("R213", Severity::Error)]);
        // Starting on the enrolment date.
        r.startdatum = date(2026, 10, 5);
        r.inschrijvingsdatum = Some(date(2026, 10, 5));
        r.einddatum = date(2027, 8, 31);
        assert_eq!(severities(&r), vec![("R213", Severity::Info)]);
        r.inschrijvingsdatum = Some(date(2026, 10, 4));
        assert_eq!(severities(&r), vec![("R213", Severity::Error)]);
        // One exam day.
        r.inschrijvingsdatum = None;
        r.startdatum = date(2027, 1, 15);
        r.einddatum = date(2027, 1, 15);
        assert_eq!(severities(&r), vec![("R213", Severity::Info)]);
        r.einddatum = date(2027, 1, 16);
        assert_eq!(severities(&r), vec![("R213", Severity::Error)]);
    }

    #[test]
    fn the_first_year_form_without_an_enrolment_date_column() {
        // 001: 'Voor het eerste schooljaar voer je als startdatum de inschrijvingsdatum in en 31/8 als einddatum'.
        let mut r = exam_commission();
        r.inschrijvingsdatum = None;
        r.startdatum = date(2026, 10, 5);
        r.einddatum = date(2027, 8, 30);
        assert_eq!(severities(&r), vec![("R213", Severity::Error)]);
        r.einddatum = date(2027, 8, 31);
        assert_eq!(severities(&r), vec![("R213", Severity::Info)]);
        r.einddatum = date(2027, 9, 1);
        assert_eq!(severities(&r), vec![("R213", Severity::Error)]);
        // The last day of the school year as start is still that school year.
        r.startdatum = date(2027, 8, 31);
        r.einddatum = date(2027, 8, 31);
        assert_eq!(severities(&r), vec![("R213", Severity::Info)]);
    }

    #[test]
    fn in_french_16_hours_is_an_info_and_17_not_a_multiple_of_8() {
        let mut r = exam_commission();
        r.eenheid = Unit::Uren;
        r.aantal = Decimal::from(16);
        assert_eq!(
            french_messages(&r, check),
            vec!["jury d'examen: 16 heures VOV (8 par examen); pour l'année scolaire 2027-2028, une nouvelle demande est nécessaire"]
        );
        r.aantal = Decimal::from(17);
        assert_eq!(
            french_messages(&r, check),
            vec!["17 heures n'est pas un multiple de 8 (8 heures par examen)"]
        );
        r.eenheid = Unit::Examens;
        r.aantal = Decimal::new(25, 1);
        assert_eq!(
            french_messages(&r, check),
            vec!["2,5 examens n'est pas un nombre entier"]
        );
        r.eenheid = Unit::Lestijden;
        assert_eq!(
            french_messages(&r, check),
            vec!["le jury d'examen compte en examens ou en heures, pas en périodes de cours"]
        );
    }

    #[test]
    fn in_french_a_day_past_the_school_year_is_neither_form() {
        let mut r = exam_commission();
        r.startdatum = date(2026, 9, 1);
        r.einddatum = date(2027, 8, 31);
        assert!(french_messages(&r, check)[0].starts_with("jury d'examen: 24 heures VOV"));
        r.einddatum = date(2027, 9, 1);
        assert_eq!(
            french_messages(&r, check),
            vec![
                "jury d'examen: le début 01/09/2026 et la fin 01/09/2027 ne sont ni un jour d'examen (début = fin) ni \
                 l'année scolaire (1/9/2026 ou la date d'inscription jusqu'au 31/08/2027)"
            ]
        );
    }
}
