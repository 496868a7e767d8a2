//! The submission window: R204 (deadline passed), R205 (too early), R206
//! (deadline near) and R216 (new hire), and the date arithmetic they share.

use crate::calendar::earliest_day_to_submit;
use crate::regulation::{last_day_of, last_day_to_submit};

use crate::field::Field;
use crate::model::{Diagnostic, Request, Severity};
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::date::format_be;

pub static RULES: &[Rule] = &[R204, R205, R206, R216];

fn reference_field(request: &Request) -> Field {
    if request.reference_start() != request.startdatum {
        Field::Inschrijvingsdatum
    } else {
        Field::Startdatum
    }
}

pub const R204: Rule = Rule {
    code: crate::code::Code::R204,
    name: "deadline-passed",
    severity: "error",
    summary: Text {
        nl: "De termijn van drie maanden na de (referentie)start is verstreken.",
        en: "The three-month deadline after the (reference) start has passed.",
    },
    explanation: Explanation {
        what: Text {
            nl: "De indieningsdatum (--as-of, standaard vandaag in Brussel) valt na de laatste dag om in te dienen. Die laatste dag is de dag vóór dezelfde dag van de maand, drie maanden na de referentiestart; bestaat die dag niet in die maand, dan de laatste dag van die maand. De referentiestart is de startdatum, of de inschrijvingsdatum als die later is (R207). Bij een nieuwe werknemer telt ook de termijn vanaf de indiensttreding (R216).",
            en: "The submission date (--as-of, default today in Brussels) is after the last day to submit. That last day is the day before the same day-of-month three months after the reference start; when that day does not exist in that month, the last day of that month. The reference start is the startdatum, or the inschrijvingsdatum when that is later (R207). For a new hire the deadline from the hire date also counts (R216).",
        },
        why: Text {
            nl: "'Die deadline wordt strikt toegepast': een te late aanvraag wordt geweigerd wegens laattijdigheid. Gekozen: het voorbeeld van de bron (start 26 september 2022, indienen tot en met 25 december 2022) vastgelegd als 'dag ervoor'; voor maanden zonder die dag de laatste dag van de maand.",
            en: "'The deadline is applied strictly': a late request is refused for lateness. Choice made: the source's example (start 26 September 2022, submit up to and including 25 December 2022) fixed as 'the day before'; for months without that day, the month's last day.",
        },
        source: "001_1f5b18419eea068f.txt (Termijn: 'strikt toegepast'; 'Laattijdige inschrijving'); 000_371699ddb1b3decc.txt",
        fix: Text {
            nl: "Niet meer in te dienen via de bulkupload. Controleer of de startdatum klopt met het inschrijvingsattest, of bij een late inschrijving de inschrijvingsdatum, of bij een nieuwe werknemer de indiensttreding ingevuld is.",
            en: "Can no longer be submitted through the bulk upload. Check the startdatum against the enrolment certificate, or fill in the inschrijvingsdatum (late enrolment) or the indiensttreding (new hire).",
        },
        example: Text {
            nl: "Start 26/09/2022: laatste dag 25/12/2022. Met --as-of 2022-12-26: R204. Start 30/11/2023: laatste dag 29/02/2024.",
            en: "Start 26/09/2022: last day 25/12/2022. With --as-of 2022-12-26: R204. Start 30/11/2023: last day 29/02/2024.",
        },
    },
};

pub const R205: Rule = Rule {
    code: crate::code::Code::R205,
    name: "too-early",
    severity: "error",
    summary: Text {
        nl: "Meer dan drie maanden vóór de start: WSE aanvaardt de aanvraag nog niet.",
        en: "More than three months before the start: WSE does not accept the request yet.",
    },
    explanation: Explanation {
        what: Text {
            nl: "De indieningsdatum ligt vóór de referentiestart min drie maanden (zelfde dag van de maand, begrensd op het einde van de maand).",
            en: "The submission date is before the reference start minus three months (same day-of-month, clamped to the month's end).",
        },
        why: Text {
            nl: "Een aanvraag kan ingediend worden 'binnen een termijn van drie maanden vóór en drie maanden na de start van de opleiding'.",
            en: "A request can be submitted 'within three months before and three months after the start of the training'.",
        },
        source: "001_1f5b18419eea068f.txt (Termijn)",
        fix: Text {
            nl: "Dien later in: de melding noemt de eerste dag waarop het kan. Houd de rij bij voor een volgende batch.",
            en: "Submit later: the message names the first day it can be done. Keep the row for a later batch.",
        },
        example: Text {
            nl: "Start 31/05/2027: ten vroegste 28/02/2027. Met --as-of 2027-02-27: R205; op 28/02/2027 niet meer.",
            en: "Start 31/05/2027: at the earliest 28/02/2027. With --as-of 2027-02-27: R205; on 28/02/2027 no longer.",
        },
    },
};

pub const R206: Rule = Rule {
    code: crate::code::Code::R206,
    name: "deadline-near",
    severity: "warning",
    summary: Text {
        nl: "De laatste dag om in te dienen valt binnen --warn-days dagen (standaard 14).",
        en: "The last day to submit is within --warn-days days (default 14).",
    },
    explanation: Explanation {
        what: Text {
            nl: "De laatste dag om in te dienen (R204, of R216 bij een nieuwe werknemer) valt binnen --warn-days dagen na de indieningsdatum, die dag zelf meegeteld.",
            en: "The last day to submit (R204, or R216 for a new hire) is within --warn-days days of the submission date, counting that day itself.",
        },
        why: Text {
            nl: "De termijn wordt strikt toegepast; een nachtelijke job moet deze aanvragen eerst laten indienen.",
            en: "The deadline is applied strictly; a nightly job must get these submitted first.",
        },
        source: "001_1f5b18419eea068f.txt (Termijn)",
        fix: Text {
            nl: "Laad de upload van deze werkgever vandaag nog op in het WSE-loket.",
            en: "Upload this employer's file to the WSE-loket today.",
        },
        example: Text {
            nl: "Laatste dag 25/12/2022, --warn-days 14: waarschuwing vanaf --as-of 2022-12-12 (25 - 12 + 1 = 14 dagen), niet op 11/12.",
            en: "Last day 25/12/2022, --warn-days 14: warning from --as-of 2022-12-12 (25 - 12 + 1 = 14 days), not on 11/12.",
        },
    },
};

pub const R216: Rule = Rule {
    code: crate::code::Code::R216,
    name: "new-hire-deadline",
    severity: "warning",
    summary: Text {
        nl: "Enkel de termijn vanaf de indiensttreding houdt de aanvraag tijdig.",
        en: "Only the deadline counted from the hire date keeps the request in time.",
    },
    explanation: Explanation {
        what: Text {
            nl: "De indiensttreding is later dan de referentiestart. De termijn wordt dan ook vanaf de indiensttreding berekend en de latere van de twee geldt. Als enkel die tweede termijn de aanvraag tijdig houdt, volgt deze waarschuwing.",
            en: "The hire date is later than the reference start. The deadline is then also computed from the hire date and the later of the two applies. When only that second deadline keeps the request in time, this warning follows.",
        },
        why: Text {
            nl: "'Voor nieuwe werknemers moet u binnen de termijn van drie maanden na indiensttreding een terugbetalingsaanvraag indienen.' U geeft als startdatum toch de start van de opleiding in; WSE kan een weigeringsmail wegens laattijdigheid sturen.",
            en: "'For new employees you must submit a request within three months after the hire date.' The startdatum is still the start of the training; WSE may send a refusal for lateness.",
        },
        source: "001_1f5b18419eea068f.txt ('Pas aangeworven werknemers')",
        fix: Text {
            nl: "Dien in. Krijgt u een weigering wegens laattijdigheid, mail dan het dossiernummer (VG-VOV-...) naar vlaamsopleidingsverlof@vlaanderen.be en voeg in het WSE-loket een bewijs van de indiensttreding toe.",
            en: "Submit. If a refusal for lateness follows, mail the dossier number (VG-VOV-...) to vlaamsopleidingsverlof@vlaanderen.be and add proof of the hire date to the dossier in the WSE-loket.",
        },
        example: Text {
            nl: "Start 01/09/2026, indiensttreding 01/11/2026, --as-of 2026-12-15: de termijn vanaf de start liep tot 30/11/2026, die vanaf de indiensttreding loopt tot 31/01/2027: R216.",
            en: "Start 01/09/2026, hired 01/11/2026, --as-of 2026-12-15: the deadline from the start ran to 30/11/2026, the one from the hire date runs to 31/01/2027: R216.",
        },
    },
};

/// R204, R205, R206 and R216 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    let reference = request.reference_start();
    let field = reference_field(request);
    let by_reference = last_day_to_submit(reference);
    let last_day = last_day_of(request);

    if ctx.as_of > last_day {
        let late = (ctx.as_of - last_day).num_days();
        out.push(Diagnostic {
            code: R204.code,
            severity: Severity::Error,
            field: Some(field),
            value: Some(format_be(reference)),
            message: lang.pick_fmt(
                format_args!(
                    "te laat: de laatste dag om in te dienen was {} (3 maanden na {}); {} dag(en) te laat",
                    format_be(last_day),
                    format_be(reference),
                    late
                ),
                format_args!(
                    "too late: the last day to submit was {} (3 months after {}); {} day(s) late",
                    format_be(last_day),
                    format_be(reference),
                    late
                ),
            ),
            help: R204.explanation.fix.get(lang).into(),
        });
        return;
    }

    let earliest = earliest_day_to_submit(reference);
    if ctx.as_of < earliest {
        out.push(Diagnostic {
            code: R205.code,
            severity: Severity::Error,
            field: Some(field),
            value: Some(format_be(reference)),
            message: lang.pick_fmt(
                format_args!(
                    "te vroeg: indienen kan ten vroegste vanaf {} (3 maanden vóór {})",
                    format_be(earliest),
                    format_be(reference)
                ),
                format_args!(
                    "too early: the request can be submitted from {} (3 months before {})",
                    format_be(earliest),
                    format_be(reference)
                ),
            ),
            help: R205.explanation.fix.get(lang).into(),
        });
        return;
    }

    if ctx.as_of > by_reference {
        if let Some(hired) = request.indiensttreding {
            out.push(Diagnostic {
                code: R216.code,
                severity: Severity::Warning,
                field: Some(Field::Indiensttreding),
                value: Some(format_be(hired)),
                message: lang.pick_fmt(
                    format_args!(
                        "enkel tijdig dankzij de indiensttreding: termijn vanaf de start liep tot {}, vanaf de indiensttreding ({}) loopt ze tot {}",
                        format_be(by_reference),
                        format_be(hired),
                        format_be(last_day)
                    ),
                    format_args!(
                        "in time only thanks to the hire date: the deadline from the start ran to {}, from the hire date ({}) it runs to {}",
                        format_be(by_reference),
                        format_be(hired),
                        format_be(last_day)
                    ),
                ),
                help: R216.explanation.fix.get(lang).into(),
            });
        }
    }

    let days_left = (last_day - ctx.as_of).num_days();
    if days_left < i64::from(ctx.warn_days) {
        let days_counted = days_left + 1;
        out.push(Diagnostic {
            code: R206.code,
            severity: Severity::Warning,
            field: Some(field),
            value: Some(format_be(reference)),
            message: lang.pick_fmt(
                format_args!(
                    "termijn bijna voorbij: laatste dag om in te dienen is {} (nog {} dag(en), vandaag meegeteld)",
                    format_be(last_day),
                    days_counted
                ),
                format_args!(
                    "deadline near: the last day to submit is {} ({} day(s) left, today included)",
                    format_be(last_day),
                    days_counted
                ),
            ),
            help: R206.explanation.fix.get(lang).into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{codes, date, request};
    use chrono::NaiveDate;

    #[test]
    fn last_day_follows_the_source_examples() {
        assert_eq!(last_day_to_submit(date(2022, 9, 26)), date(2022, 12, 25));
        assert_eq!(last_day_to_submit(date(2023, 8, 31)), date(2023, 11, 30));
        assert_eq!(last_day_to_submit(date(2023, 11, 30)), date(2024, 2, 29));
        assert_eq!(last_day_to_submit(date(2022, 11, 30)), date(2023, 2, 28));
        assert_eq!(last_day_to_submit(date(2023, 11, 29)), date(2024, 2, 28));
        assert_eq!(last_day_to_submit(date(2022, 10, 1)), date(2022, 12, 31));
        assert_eq!(last_day_to_submit(date(2022, 12, 31)), date(2023, 3, 30));
    }

    #[test]
    fn earliest_day_is_three_months_before_clamped() {
        assert_eq!(earliest_day_to_submit(date(2027, 5, 31)), date(2027, 2, 28));
        assert_eq!(earliest_day_to_submit(date(2022, 9, 26)), date(2022, 6, 26));
    }

    fn run(start: NaiveDate, as_of: NaiveDate) -> Vec<&'static str> {
        let mut r = request();
        r.startdatum = start;
        r.einddatum = date(2030, 6, 30);
        codes(&r, as_of, check)
    }

    #[test]
    fn r204_day_before_day_of_day_after_the_last_day() {
        let start = date(2022, 9, 26);
        assert!(!run(start, date(2022, 12, 24)).contains(&"R204"));
        assert!(!run(start, date(2022, 12, 25)).contains(&"R204"));
        assert_eq!(run(start, date(2022, 12, 26)), vec!["R204"]);
    }

    #[test]
    fn r204_counts_from_the_later_enrolment_date() {
        let mut r = request();
        r.startdatum = date(2022, 9, 1);
        r.inschrijvingsdatum = Some(date(2022, 9, 26));
        r.einddatum = date(2023, 6, 30);
        let ctx_codes = |as_of| codes(&r, as_of, check);
        assert!(!ctx_codes(date(2022, 12, 25)).contains(&"R204"));
        assert_eq!(ctx_codes(date(2022, 12, 26)), vec!["R204"]);
    }

    #[test]
    fn r205_day_before_day_of_day_after_the_earliest_day() {
        let start = date(2027, 5, 31);
        assert_eq!(run(start, date(2027, 2, 27)), vec!["R205"]);
        assert!(run(start, date(2027, 2, 28)).is_empty());
        assert!(run(start, date(2027, 3, 1)).is_empty());
    }

    #[test]
    fn r206_window_counts_the_as_of_day_itself() {
        // Last day 25/12/2022; 14 days counting the as-of day start on 12/12.
        let start = date(2022, 9, 26);
        assert!(run(start, date(2022, 12, 11)).is_empty());
        assert_eq!(run(start, date(2022, 12, 12)), vec!["R206"]);
        assert_eq!(run(start, date(2022, 12, 13)), vec!["R206"]);
        assert_eq!(run(start, date(2022, 12, 25)), vec!["R206"]);
    }

    #[test]
    fn r206_respects_warn_days() {
        let mut r = request();
        r.startdatum = date(2022, 9, 26);
        let mut ctx = Context::for_tests(date(2022, 12, 20));
        ctx.warn_days = 5;
        let mut out = Vec::new();
        check(&r, &ctx, &mut out);
        assert_eq!(out.len(), 0, "6 days left with --warn-days 5");
        ctx.as_of = date(2022, 12, 21);
        check(&r, &ctx, &mut out);
        assert_eq!(out.iter().map(|d| d.code).collect::<Vec<_>>(), vec!["R206"]);
        ctx.warn_days = 0;
        out.clear();
        check(&r, &ctx, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn r216_hire_date_deadline_day_before_day_of_day_after() {
        let mut r = request();
        r.startdatum = date(2026, 9, 1);
        r.einddatum = date(2027, 6, 30);
        r.indiensttreding = Some(date(2026, 11, 1));
        let at = |as_of| codes(&r, as_of, check);
        // From the start: last day 30/11/2026. From the hire date: 31/01/2027.
        assert!(at(date(2026, 11, 30)).is_empty());
        assert_eq!(at(date(2026, 12, 1)), vec!["R216"]);
        assert_eq!(at(date(2027, 1, 31)), vec!["R216", "R206"]);
        assert_eq!(at(date(2027, 2, 1)), vec!["R204"]);
    }

    #[test]
    fn r216_not_raised_for_a_hire_date_before_the_start() {
        let mut r = request();
        r.startdatum = date(2026, 9, 1);
        r.indiensttreding = Some(date(2020, 1, 1));
        assert_eq!(codes(&r, date(2026, 12, 1), check), vec!["R204"]);
    }
}
