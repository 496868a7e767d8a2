//! R rules on one typed request (apart from the submission window, which is
//! in `deadline.rs`).

use rust_decimal::Decimal;

use crate::calendar::{school_year, school_year_name};
use crate::field::Field;
use crate::model::{Diagnostic, Request, Severity};
use crate::regulation::{is_evc, is_exam_commission, MINIMUM_HOURS, MINIMUM_STUDY_POINTS, VOV_FIRST_DAY};
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::date::format_be;
use crate::values::{TrainingType, Unit};

pub const R201: Rule = Rule {
    code: crate::code::Code::R201,
    name: "end-before-start",
    severity: "error",
    summary: Text {
        nl: "De einddatum ligt vóór de startdatum.",
        en: "The einddatum is before the startdatum.",
    },
    explanation: Explanation {
        what: Text {
            nl: "einddatum is vroeger dan startdatum.",
            en: "einddatum is earlier than startdatum.",
        },
        why: Text {
            nl: "Meestal zijn de twee datums omgewisseld of is een jaartal fout; WSE weigert zo'n aanvraag.",
            en: "Usually the two dates are swapped or a year is wrong; WSE refuses such a request.",
        },
        source: "001_1f5b18419eea068f.txt (start- en einddatum van het inschrijvingsattest)",
        fix: Text {
            nl: "Neem beide datums over van het inschrijvingsattest.",
            en: "Copy both dates from the enrolment certificate.",
        },
        example: Text {
            nl: "startdatum 01/09/2026, einddatum 30/06/2026: R201 (bedoeld was 30/06/2027).",
            en: "startdatum 01/09/2026, einddatum 30/06/2026: R201 (30/06/2027 was meant).",
        },
    },
};

pub const R202: Rule = Rule {
    code: crate::code::Code::R202,
    name: "before-vov",
    severity: "error",
    summary: Text {
        nl: "Referentiestart vóór 1 september 2019: dan geldt het oude betaald educatief verlof.",
        en: "Reference start before 1 September 2019: the old betaald educatief verlof applies.",
    },
    explanation: Explanation {
        what: Text {
            nl: "De referentiestart (startdatum, of de latere inschrijvingsdatum) ligt vóór 1 september 2019.",
            en: "The reference start (startdatum, or the later inschrijvingsdatum) is before 1 September 2019.",
        },
        why: Text {
            nl: "Sinds 1 september 2019 is het betaald educatief verlof (BEV) in Vlaanderen hervormd tot Vlaams opleidingsverlof; opleidingen die vroeger startten, vallen onder BEV en horen niet in het WSE-loket voor VOV.",
            en: "Since 1 September 2019 the betaald educatief verlof (BEV) in Flanders was reformed into VOV; trainings that started earlier fall under BEV and do not belong in the WSE-loket for VOV.",
        },
        source: "004_83b721da382c7edc.txt; 003_3c4063dd767c45eb.txt; 000_371699ddb1b3decc.txt",
        fix: Text {
            nl: "Controleer de startdatum; is ze juist, dan is dit geen VOV-aanvraag.",
            en: "Check the startdatum; if it is right, this is not a VOV request.",
        },
        example: Text {
            nl: "Start 31/08/2019: R202; start 01/09/2019: geen R202.",
            en: "Start 31/08/2019: R202; start 01/09/2019: no R202.",
        },
    },
};

pub const R203: Rule = Rule {
    code: crate::code::Code::R203,
    name: "below-minimum",
    severity: "warning",
    summary: Text {
        nl: "Minder dan 32 uren of lestijden, of minder dan 3 studiepunten.",
        en: "Fewer than 32 hours or lesson periods, or fewer than 3 study points.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Het aantal ligt onder het minimum: 32 uren, 32 lestijden of 3 studiepunten. Niet voor de examencommissie (ODB-1001623), EVC-trajecten of mentoropleidingen.",
            en: "The quantity is below the minimum: 32 hours, 32 lesson periods or 3 study points. Not for the exam commission (ODB-1001623), EVC trajectories or mentor trainings.",
        },
        why: Text {
            nl: "'Ook voor opleidingen die minder dan 32 uren duren, kunt u een terugbetalingsaanvraag indienen'; WSE houdt ze 'ingediend' en ze tellen mee als andere aanvragen van dezelfde werknemer samen 32 uren halen. Daarom een waarschuwing, geen fout. Mentoropleidingen geven recht met minder dan 32 uren (publiek gegeven).",
            en: "'Also for trainings of fewer than 32 hours you can submit a request'; WSE keeps them 'submitted' and they count when other requests of the same employee reach 32 hours together. Hence a warning, not an error. Mentor trainings give VOV with fewer than 32 hours (public fact).",
        },
        source: "001_1f5b18419eea068f.txt ('Minder dan 32 uren'); 003_3c4063dd767c45eb.txt",
        fix: Text {
            nl: "Dien in binnen de termijn; controleer of er andere opleidingen van dezelfde werknemer in hetzelfde schooljaar zijn.",
            en: "Submit within the deadline; check for other trainings of the same employee in the same school year.",
        },
        example: Text {
            nl: "24 uren: R203; 32 uren: niets; 2,5 studiepunten: R203; 3 studiepunten: niets.",
            en: "24 hours: R203; 32 hours: nothing; 2.5 study points: R203; 3 study points: nothing.",
        },
    },
};

pub const R207: Rule = Rule {
    code: crate::code::Code::R207,
    name: "late-enrolment",
    severity: "info",
    summary: Text {
        nl: "Inschrijving na de start: de termijn telt vanaf de inschrijvingsdatum, die ook de startdatum van de upload wordt.",
        en: "Enrolment after the start: the deadline counts from the enrolment date, which also becomes the upload's startdatum.",
    },
    explanation: Explanation {
        what: Text {
            nl: "De inschrijvingsdatum valt na de startdatum. De termijn (R204, R205) telt dan vanaf de inschrijvingsdatum en vov-bulk schrijft die als startdatum in de upload.",
            en: "The inschrijvingsdatum is after the startdatum. The deadline (R204, R205) then counts from the enrolment date, and vov-bulk writes it as the startdatum of the upload.",
        },
        why: Text {
            nl: "'In geval van laattijdige inschrijving ... U geeft als startdatum de inschrijvingsdatum in, zoals die vermeld staat op het inschrijvingsattest.'",
            en: "'In case of late enrolment ... you give the enrolment date as the startdatum, as stated on the enrolment certificate.'",
        },
        source: "001_1f5b18419eea068f.txt ('Laattijdige inschrijving')",
        fix: Text {
            nl: "Niets te doen; controleer enkel dat de inschrijvingsdatum op het attest staat.",
            en: "Nothing to do; only check that the enrolment date is on the certificate.",
        },
        example: Text {
            nl: "Start 01/09/2026, inschrijving 15/10/2026: upload met startdatum 15/10/2026, laatste dag 14/01/2027.",
            en: "Start 01/09/2026, enrolled 15/10/2026: upload with startdatum 15/10/2026, last day 14/01/2027.",
        },
    },
};

pub const R215: Rule = Rule {
    code: crate::code::Code::R215,
    name: "spans-school-years",
    severity: "warning",
    summary: Text {
        nl: "Start en einde vallen in verschillende schooljaren.",
        en: "Start and end fall in different school years.",
    },
    explanation: Explanation {
        what: Text {
            nl: "De referentiestart en de einddatum liggen in verschillende schooljaren (een schooljaar loopt van 1 september tot 31 augustus).",
            en: "The reference start and the einddatum fall in different school years (a school year runs from 1 September to 31 August).",
        },
        why: Text {
            nl: "Het recht op VOV (125 uren x TWP / 100) geldt per schooljaar; WSE boekt de aanvraag op het schooljaar van de referentiestart. Een opleiding over twee schooljaren vraagt meestal twee aanvragen, één per schooljaar en inschrijvingsattest.",
            en: "The VOV entitlement (125 hours x TWP / 100) is per school year; WSE books the request on the school year of its reference start. A training over two school years usually needs two requests, one per school year and enrolment certificate.",
        },
        source: "003_3c4063dd767c45eb.txt and 004_83b721da382c7edc.txt (per schooljaar)",
        fix: Text {
            nl: "Splits de aanvraag per schooljaar volgens de inschrijvingsattesten, of controleer de einddatum.",
            en: "Split the request per school year following the enrolment certificates, or check the einddatum.",
        },
        example: Text {
            nl: "Start 01/09/2026, einde 31/08/2027: één schooljaar; einde 01/09/2027: R215.",
            en: "Start 01/09/2026, end 31/08/2027: one school year; end 01/09/2027: R215.",
        },
    },
};

pub const R219: Rule = Rule {
    code: crate::code::Code::R219,
    name: "hire-after-end",
    severity: "error",
    summary: Text {
        nl: "Indiensttreding na de einddatum: de opleiding was voorbij vóór de tewerkstelling begon.",
        en: "Hire date after the einddatum: the training ended before the employment began.",
    },
    explanation: Explanation {
        what: Text { nl: "indiensttreding ligt na einddatum.", en: "indiensttreding is after einddatum." },
        why: Text {
            nl: "VOV is verlof van het werk om een opleiding te volgen; wie nog niet in dienst was, nam geen verlof bij deze werkgever.",
            en: "VOV is leave from work to follow a training; someone not yet employed took no leave from this employer.",
        },
        source: "003_3c4063dd767c45eb.txt (recht voor werknemers in dienst); 001_1f5b18419eea068f.txt ('Pas aangeworven werknemers')",
        fix: Text {
            nl: "Controleer de indiensttreding en de einddatum; is alles juist, dien dan niet in.",
            en: "Check the hire date and the einddatum; if both are right, do not submit.",
        },
        example: Text {
            nl: "Einddatum 30/06/2026, indiensttreding 01/07/2026: R219; indiensttreding 30/06/2026: geen R219.",
            en: "einddatum 30/06/2026, hired 01/07/2026: R219; hired 30/06/2026: no R219.",
        },
    },
};

/// The minimum quantity for the unit, when one applies.
pub fn minimum_for(request: &Request) -> Option<Decimal> {
    if is_exam_commission(request) || is_evc(request) || request.opleidingstype == Some(TrainingType::Mentor) {
        return None;
    }
    match request.eenheid {
        Unit::Uren | Unit::Lestijden => Some(Decimal::from(MINIMUM_HOURS)),
        Unit::Studiepunten => Some(Decimal::from(MINIMUM_STUDY_POINTS)),
        Unit::Examens => None,
    }
}

pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    if request.einddatum < request.startdatum {
        out.push(Diagnostic {
            code: R201.code,
            severity: Severity::Error,
            field: Some(Field::Einddatum),
            value: Some(format_be(request.einddatum)),
            message: lang.pick_fmt(
                format_args!(
                    "einddatum {} ligt vóór startdatum {}",
                    format_be(request.einddatum),
                    format_be(request.startdatum)
                ),
                format_args!(
                    "einddatum {} is before startdatum {}",
                    format_be(request.einddatum),
                    format_be(request.startdatum)
                ),
            ),
            help: R201.explanation.fix.get(lang).into(),
        });
    }
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
    if let Some(minimum) = minimum_for(request) {
        if request.aantal < minimum {
            out.push(Diagnostic {
                code: R203.code,
                severity: Severity::Warning,
                field: Some(Field::Aantal),
                value: Some(request.aantal.to_string()),
                message: lang.pick_fmt(
                    format_args!(
                        "{} {} is minder dan het minimum van {} {}; telt enkel mee als andere aanvragen samen 32 uren halen",
                        request.aantal,
                        request.eenheid.as_str(),
                        minimum,
                        request.eenheid.as_str()
                    ),
                    format_args!(
                        "{} {} is below the minimum of {} {}; counts only if other requests bring it to 32 hours",
                        request.aantal,
                        request.eenheid.as_str(),
                        minimum,
                        request.eenheid.as_str()
                    ),
                ),
                help: R203.explanation.fix.get(lang).into(),
            });
        }
    }
    if let Some(enrolled) = request.inschrijvingsdatum.filter(|d| *d > request.startdatum) {
        out.push(Diagnostic {
            code: R207.code,
            severity: Severity::Info,
            field: Some(Field::Inschrijvingsdatum),
            value: Some(format_be(enrolled)),
            message: lang.pick_fmt(
                format_args!(
                    "late inschrijving: de termijn telt vanaf {0} en de upload krijgt startdatum {0}",
                    format_be(enrolled)
                ),
                format_args!(
                    "late enrolment: the deadline counts from {0} and the upload gets startdatum {0}",
                    format_be(enrolled)
                ),
            ),
            help: R207.explanation.fix.get(lang).into(),
        });
    }
    let (first_year, last_year) = (school_year(reference), school_year(request.einddatum));
    if last_year > first_year {
        out.push(Diagnostic {
            code: R215.code,
            severity: Severity::Warning,
            field: Some(Field::Einddatum),
            value: Some(format_be(request.einddatum)),
            message: lang.pick_fmt(
                format_args!(
                    "loopt over schooljaren heen ({} tot {}): WSE boekt de aanvraag op schooljaar {}",
                    school_year_name(first_year),
                    school_year_name(last_year),
                    school_year_name(first_year)
                ),
                format_args!(
                    "spans school years ({} to {}): WSE books the request on school year {}",
                    school_year_name(first_year),
                    school_year_name(last_year),
                    school_year_name(first_year)
                ),
            ),
            help: R215.explanation.fix.get(lang).into(),
        });
    }
    if let Some(hired) = request.indiensttreding.filter(|d| *d > request.einddatum) {
        out.push(Diagnostic {
            code: R219.code,
            severity: Severity::Error,
            field: Some(Field::Indiensttreding),
            value: Some(format_be(hired)),
            message: lang.pick_fmt(
                format_args!(
                    "indiensttreding {} ligt na einddatum {}",
                    format_be(hired),
                    format_be(request.einddatum)
                ),
                format_args!(
                    "hire date {} is after einddatum {}",
                    format_be(hired),
                    format_be(request.einddatum)
                ),
            ),
            help: R219.explanation.fix.get(lang).into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{codes, date, request};
    use rust_decimal::Decimal;

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
    fn r202_boundary_on_1_september_2019() {
        let mut r = request();
        r.einddatum = date(2020, 6, 30);
        r.startdatum = date(2019, 8, 31);
        assert_eq!(run(&r), vec!["R202", "R215"]);
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
        assert_eq!(run(&r), vec!["R207"]);
    }

    #[test]
    fn r203_boundaries_per_unit() {
        let mut r = request();
        for (unit, below, at) in [
            (Unit::Uren, Decimal::new(3199, 2), Decimal::from(32)),
            (Unit::Lestijden, Decimal::from(31), Decimal::from(32)),
            (Unit::Studiepunten, Decimal::new(29, 1), Decimal::from(3)),
        ] {
            r.eenheid = unit;
            r.aantal = below;
            assert_eq!(run(&r), vec!["R203"], "{unit:?} {below}");
            r.aantal = at;
            assert!(run(&r).is_empty(), "{unit:?} {at}");
            r.aantal = at + Decimal::new(1, 2);
            assert!(run(&r).is_empty());
        }
    }

    #[test]
    fn r203_not_for_exam_commission_evc_or_mentor() {
        let mut r = request();
        r.aantal = Decimal::from(8);
        r.odb = crate::values::Odb::parse("ODB-1001623").unwrap();
        assert!(run(&r).is_empty());
        let mut r = request();
        r.aantal = Decimal::from(16);
        r.titel = Some("EVC-traject zorgkundige".into());
        assert!(run(&r).is_empty());
        r.titel = Some("Revcalc".into());
        assert_eq!(run(&r), vec!["R203"]);
        r.opleidingstype = Some(TrainingType::Mentor);
        assert!(run(&r).is_empty());
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
}
