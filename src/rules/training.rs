//! R rules about the kind of training: credit rates (R209), EVC (R210), the
//! special ODB numbers (R211, R212, R213, R218) and the exam contract (R214).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::{school_year, school_year_name};
use crate::field::Field;
use crate::model::{Diagnostic, Request, Severity};
use crate::regulation::{hours_per_study_point, is_evc, is_exam_commission};
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::date::format_be;
use crate::values::number::format_comma;
use crate::values::odb::{SPECIAL_CREDIT, SPECIAL_EXAM_COMMISSION, SPECIAL_POP};
use crate::values::{Contract, Unit};

pub const R209: Rule = Rule {
    code: crate::code::Code::R209,
    name: "hbo5-rate",
    severity: "info / error",
    summary: Text {
        nl: "Studiepunten tellen 4 VOV-uren (HBO5 6 tot en met 2021-2022); niet voor examencommissie of EVC.",
        en: "Study points count 4 VOV hours (HBO5 6 up to 2021-2022); not for the exam commission or EVC.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Bij eenheid studiepunten meldt een info het aantal VOV-uren per studiepunt dat gebruikt wordt: 4, of 6 voor HBO5-opleidingen (opleidingstype hbo5) tot en met schooljaar 2021-2022 (het schooljaar van de referentiestart). Studiepunten bij een opleiding die niet op studiepunten steunt (examencommissie ODB-1001623, EVC) zijn een fout.",
            en: "With eenheid studiepunten an info gives the VOV hours per study point used: 4, or 6 for HBO5 trainings (opleidingstype hbo5) up to and including school year 2021-2022 (the school year of the reference start). Study points for a training that is not credit-based (exam commission ODB-1001623, EVC) are an error.",
        },
        why: Text {
            nl: "'Opleidingen gebaseerd op studiepunten: 4u VOV per studiepunt (uitzondering: HBO5-opleidingen: 6u VOV per studiepunt tem schooljaar 2021-2022)'. Examens bij de examencommissie tellen per examen (R213), EVC-trajecten per traject (R210).",
            en: "'Credit-based trainings: 4 hours of VOV per study point (exception: HBO5 trainings: 6 hours per study point up to school year 2021-2022)'. Exams at the exam commission count per exam (R213), EVC trajectories per trajectory (R210).",
        },
        source: "003_3c4063dd767c45eb.txt (Aantal uren VOV); 004_83b721da382c7edc.txt",
        fix: Text {
            nl: "Bij een fout: geef de examencommissie in examens of uren (R213) en een EVC-traject als 16 uren (R210).",
            en: "On an error: give the exam commission in examens or uren (R213) and an EVC trajectory as 16 uren (R210).",
        },
        example: Text {
            nl: "HBO5, 10 studiepunten, start 01/09/2021: 60 VOV-uren; start 01/09/2022: 40 VOV-uren.",
            en: "HBO5, 10 study points, start 01/09/2021: 60 VOV hours; start 01/09/2022: 40 VOV hours.",
        },
    },
};

pub const R210: Rule = Rule {
    code: crate::code::Code::R210,
    name: "evc-hours",
    severity: "error",
    summary: Text {
        nl: "Een EVC-traject telt precies 16 uren.",
        en: "An EVC trajectory counts exactly 16 hours.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Voor een EVC-traject (opleidingstype evc, of het woord EVC in de titel) moet de aanvraag 16 uren zijn.",
            en: "For an EVC trajectory (opleidingstype evc, or the word EVC in the title) the request must be 16 uren.",
        },
        why: Text {
            nl: "'Trajecten van elders verworven competenties (EVC) hebben elk een eigen ODB-nummer. U geeft 16 uur in voor de aanvraag van één traject.' Alle EVC-trajecten hebben 'EVC' in de titel in de opleidingsdatabank.",
            en: "'Trajectories for the recognition of prior learning (EVC) each have their own ODB number. You enter 16 hours for the request of one trajectory.' All EVC trajectories have 'EVC' in their title in the opleidingsdatabank.",
        },
        source: "001_1f5b18419eea068f.txt (EVC)",
        fix: Text {
            nl: "Zet eenheid op uren en aantal op 16.",
            en: "Set eenheid to uren and aantal to 16.",
        },
        example: Text {
            nl: "'EVC zorgkundige', 20 uren: R210; 16 uren: in orde.",
            en: "'EVC zorgkundige', 20 uren: R210; 16 uren: fine.",
        },
    },
};

pub const R211: Rule = Rule {
    code: crate::code::Code::R211,
    name: "pop-attachments",
    severity: "info",
    summary: Text {
        nl: "ODB-P00001 (POP): laad na het indienen het attest loopbaanbegeleiding en het inschrijvingsattest op.",
        en: "ODB-P00001 (POP): after submitting, upload the career-guidance certificate and the enrolment certificate.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Een aanvraag met ODB-P00001, voor een loopbaangerichte opleiding uit een persoonlijk ontwikkelplan (POP).",
            en: "A request with ODB-P00001, for a career-oriented training from a personal development plan (POP).",
        },
        why: Text {
            nl: "Zulke opleidingen hebben soms geen eigen ODB-nummer. 'De werkgever laadt dan de attesten op in de terugbetalingsaanvraag, nadat hij ze indiende': het attest van de loopbaanbegeleiding én het inschrijvingsattest.",
            en: "Such trainings sometimes have no ODB number of their own. 'The employer then uploads the certificates to the request after submitting it': the career-guidance certificate and the enrolment certificate.",
        },
        source: "001_1f5b18419eea068f.txt (ODB-P00001)",
        fix: Text {
            nl: "Na de bulkupload: open het dossier in het WSE-loket en voeg beide attesten toe.",
            en: "After the bulk upload: open the dossier in the WSE-loket and add both certificates.",
        },
        example: Text {
            nl: "ODB-P00001, 40 uren: aanvaard met een R211-herinnering.",
            en: "ODB-P00001, 40 uren: accepted with an R211 reminder.",
        },
    },
};

pub const R212: Rule = Rule {
    code: crate::code::Code::R212,
    name: "credit-contract-attachments",
    severity: "info",
    summary: Text {
        nl: "ODB-P00004 (creditcontract): laad na het indienen het inschrijvingsattest op.",
        en: "ODB-P00004 (credit contract): after submitting, upload the enrolment certificate.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Een aanvraag met ODB-P00004, voor een creditcontract in het Vlaamse hoger onderwijs.",
            en: "A request with ODB-P00004, for a credit contract in Flemish higher education.",
        },
        why: Text {
            nl: "'Creditcontracten Vlaams hoger onderwijs vraagt u aan met ODB-P00004. Vervolgens laadt u het inschrijvingsattest voor het creditcontract op in de aanvraag, nadat u die hebt ingediend.'",
            en: "'Credit contracts in Flemish higher education are requested with ODB-P00004. Then upload the enrolment certificate for the credit contract to the request after submitting it.'",
        },
        source: "001_1f5b18419eea068f.txt (ODB-P00004)",
        fix: Text {
            nl: "Na de bulkupload: voeg het inschrijvingsattest toe aan het dossier in het WSE-loket.",
            en: "After the bulk upload: add the enrolment certificate to the dossier in the WSE-loket.",
        },
        example: Text {
            nl: "ODB-P00004, 27 studiepunten: aanvaard met een R212-herinnering (en R209: 108 VOV-uren).",
            en: "ODB-P00004, 27 study points: accepted with an R212 reminder (and R209: 108 VOV hours).",
        },
    },
};

pub const R213: Rule = Rule {
    code: crate::code::Code::R213,
    name: "exam-commission",
    severity: "error / info",
    summary: Text {
        nl: "ODB-1001623 (examencommissie): 8 uren per examen, één examendag of het schooljaar; elk schooljaar een nieuwe aanvraag.",
        en: "ODB-1001623 (exam commission): 8 hours per exam, one exam day or the school year; a new request every school year.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Voor ODB-1001623: met eenheid examens een geheel aantal examens; met eenheid uren een veelvoud van 8; een andere eenheid is een fout. Datums: ofwel één examendag (start = einde), ofwel de schooljaarvorm (start = inschrijvingsdatum of 1 september, einde = 31 augustus van hetzelfde schooljaar). Een geldige rij krijgt een info: elk schooljaar is een nieuwe aanvraag nodig.",
            en: "For ODB-1001623: with eenheid examens a whole number of exams; with eenheid uren a multiple of 8; another unit is an error. Dates: either one exam day (start = end) or the school-year form (start = enrolment date or 1 September, end = 31 August of the same school year). A valid row gets an info: a new request is needed every school year.",
        },
        why: Text {
            nl: "'Per examen dient de werkgever een terugbetalingsaanvraag voor 8 uur in, met als referentie ODB-1001623' en 'moet jaarlijks een nieuwe VOV-aanvraag ingediend worden'. De bron toont beide datumvormen (per examendag en per schooljaar); beide worden daarom aanvaard, iets anders niet.",
            en: "'Per exam the employer submits a request for 8 hours, with reference ODB-1001623' and 'a new VOV request must be submitted every year'. The source shows both date forms (per exam day and per school year); both are therefore accepted, nothing else.",
        },
        source: "001_1f5b18419eea068f.txt (Examencommissie); 003_3c4063dd767c45eb.txt (8u VOV per examen)",
        fix: Text {
            nl: "Geef het aantal examens (eenheid examens) of 8 uren per examen; zet de datums op de examendag, of van 1 september (of de inschrijving) tot 31 augustus.",
            en: "Give the number of exams (eenheid examens) or 8 hours per exam; set the dates to the exam day, or from 1 September (or the enrolment) to 31 August.",
        },
        example: Text {
            nl: "3 examens op 14/11/2026 (start = einde): 24 VOV-uren. 01/09/2026 tot 31/08/2027: in orde. 20 uren: fout (geen veelvoud van 8). 01/09/2026 tot 30/06/2027: fout.",
            en: "3 exams on 14/11/2026 (start = end): 24 VOV hours. 01/09/2026 to 31/08/2027: fine. 20 uren: error (not a multiple of 8). 01/09/2026 to 30/06/2027: error.",
        },
    },
};

pub const R214: Rule = Rule {
    code: crate::code::Code::R214,
    name: "exam-contract",
    severity: "error",
    summary: Text {
        nl: "Examencontract in het hoger onderwijs: geen recht op VOV.",
        en: "Exam contract in higher education: no right to VOV.",
    },
    explanation: Explanation {
        what: Text {
            nl: "contract = examencontract.",
            en: "contract = examencontract.",
        },
        why: Text {
            nl: "'Uitzondering: opleiding volgen via een examencontract = geen recht op VOV' (publiek gegeven: enkel diploma- en creditcontracten geven recht).",
            en: "'Exception: following a training through an exam contract = no right to VOV' (public fact: only diploma and credit contracts give VOV).",
        },
        source: "003_3c4063dd767c45eb.txt; public fact",
        fix: Text {
            nl: "Dien niet in; is het eigenlijk een credit- of diplomacontract, verbeter dan het contract.",
            en: "Do not submit; if it is in fact a credit or diploma contract, correct the contract.",
        },
        example: Text {
            nl: "contract 'examencontract': R214; 'creditcontract': geen R214.",
            en: "contract 'examencontract': R214; 'creditcontract': no R214.",
        },
    },
};

pub const R218: Rule = Rule {
    code: crate::code::Code::R218,
    name: "module-of-special",
    severity: "error",
    summary: Text {
        nl: "Een modulenummer achter ODB-P00001, ODB-P00004 of ODB-1001623.",
        en: "A module suffix on ODB-P00001, ODB-P00004 or ODB-1001623.",
    },
    explanation: Explanation {
        what: Text {
            nl: "De bijzondere nummers ODB-P00001, ODB-P00004 en ODB-1001623 krijgen geen modulenummer (-001).",
            en: "The special numbers ODB-P00001, ODB-P00004 and ODB-1001623 take no module suffix (-001).",
        },
        why: Text {
            nl: "Het zijn vaste referenties van het WSE-loket, geen opleidingen met modules; met een suffix vindt WSE ze niet.",
            en: "They are fixed references of the WSE-loket, not trainings with modules; with a suffix WSE does not find them.",
        },
        source: "001_1f5b18419eea068f.txt (bijzondere ODB-nummers)",
        fix: Text {
            nl: "Laat het modulenummer weg: ODB-1001623.",
            en: "Leave out the module suffix: ODB-1001623.",
        },
        example: Text {
            nl: "ODB-1001623-001: R218; ODB-1001623: in orde.",
            en: "ODB-1001623-001: R218; ODB-1001623: fine.",
        },
    },
};

/// The school-year form of exam commission dates: start on 1 September or
/// the enrolment date, end on 31 August of the same school year.
fn is_school_year_form(request: &Request) -> bool {
    let year = school_year(request.startdatum);
    let first = NaiveDate::from_ymd_opt(year, 9, 1);
    let last = NaiveDate::from_ymd_opt(year + 1, 8, 31);
    let starts_right = Some(request.startdatum) == first || Some(request.startdatum) == request.inschrijvingsdatum;
    starts_right && Some(request.einddatum) == last
}

fn diagnostic(
    rule: &Rule,
    severity: Severity,
    field: Option<Field>,
    value: Option<String>,
    message: String,
    ctx: &Context,
) -> Diagnostic {
    rule.diagnostic(severity, field, value, message, ctx.lang)
}

pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    let exam_commission = is_exam_commission(request);
    let evc = is_evc(request);
    let quantity = format_comma(request.aantal);

    if request.eenheid == Unit::Studiepunten {
        if exam_commission || evc {
            let what = if exam_commission {
                lang.pick("de examencommissie", "the exam commission")
            } else {
                "EVC"
            };
            out.push(diagnostic(
                &R209,
                Severity::Error,
                Some(Field::Eenheid),
                Some("studiepunten".into()),
                lang.pick_fmt(
                    format_args!("studiepunten passen niet bij {what}: die telt niet in studiepunten"),
                    format_args!("study points do not fit {what}: it does not count in study points"),
                ),
                ctx,
            ));
        } else {
            let rate = hours_per_study_point(request);
            let hours = format_comma(request.aantal * Decimal::from(rate));
            let year = school_year_name(school_year(request.reference_start()));
            out.push(diagnostic(
                &R209,
                Severity::Info,
                Some(Field::Aantal),
                Some(quantity.clone()),
                lang.pick_fmt(
                    format_args!("{quantity} studiepunten × {rate} uren = {hours} VOV-uren (schooljaar {year})"),
                    format_args!("{quantity} study points × {rate} hours = {hours} VOV hours (school year {year})"),
                ),
                ctx,
            ));
        }
    }

    if evc
        && request.eenheid != Unit::Studiepunten
        && !(request.eenheid == Unit::Uren && request.aantal == Decimal::from(crate::regulation::HOURS_PER_EVC))
    {
        out.push(diagnostic(
            &R210,
            Severity::Error,
            Some(Field::Aantal),
            Some(quantity.clone()),
            lang.pick_fmt(
                format_args!(
                    "een EVC-traject is precies 16 uren, niet {quantity} {}",
                    request.eenheid.as_str()
                ),
                format_args!(
                    "an EVC trajectory is exactly 16 hours, not {quantity} {}",
                    request.eenheid.as_str()
                ),
            ),
            ctx,
        ));
    }

    if request.odb.module().is_some() && request.odb.is_special() {
        out.push(diagnostic(
            &R218,
            Severity::Error,
            Some(Field::OdbNummer),
            Some(request.odb.as_str().to_string()),
            lang.pick_fmt(
                format_args!(
                    "{} krijgt geen modulenummer; gebruik {}",
                    request.odb.as_str(),
                    request.odb.base()
                ),
                format_args!(
                    "{} takes no module suffix; use {}",
                    request.odb.as_str(),
                    request.odb.base()
                ),
            ),
            ctx,
        ));
    }

    match request.odb.base() {
        SPECIAL_POP => out.push(diagnostic(
            &R211,
            Severity::Info,
            Some(Field::OdbNummer),
            Some(SPECIAL_POP.into()),
            lang.pick(
                "POP-opleiding: laad na het indienen het attest van de loopbaanbegeleiding en het inschrijvingsattest op in het dossier".into(),
                "POP training: after submitting, upload the career-guidance certificate and the enrolment certificate to the dossier".into(),
            ),
            ctx,
        )),
        SPECIAL_CREDIT => out.push(diagnostic(
            &R212,
            Severity::Info,
            Some(Field::OdbNummer),
            Some(SPECIAL_CREDIT.into()),
            lang.pick(
                "creditcontract: laad na het indienen het inschrijvingsattest voor het creditcontract op in het dossier".into(),
                "credit contract: after submitting, upload the enrolment certificate for the credit contract to the dossier".into(),
            ),
            ctx,
        )),
        _ => {}
    }

    if exam_commission {
        check_exam_commission(request, ctx, out);
    }

    if request.contract == Some(Contract::Examencontract) {
        out.push(diagnostic(
            &R214,
            Severity::Error,
            Some(Field::Contract),
            Some("examencontract".into()),
            lang.pick(
                "een examencontract in het hoger onderwijs geeft geen recht op VOV".into(),
                "an exam contract in higher education gives no right to VOV".into(),
            ),
            ctx,
        ));
    }
}

fn check_exam_commission(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    let quantity = format_comma(request.aantal);
    let quantity_problem = match request.eenheid {
        Unit::Examens if !request.aantal.fract().is_zero() => Some(lang.pick_fmt(
            format_args!("{quantity} examens is geen geheel aantal"),
            format_args!("{quantity} exams is not a whole number"),
        )),
        Unit::Uren if !(request.aantal % Decimal::from(crate::regulation::HOURS_PER_EXAM)).is_zero() => {
            Some(lang.pick_fmt(
                format_args!("{quantity} uren is geen veelvoud van 8 (8 uren per examen)"),
                format_args!("{quantity} hours is not a multiple of 8 (8 hours per exam)"),
            ))
        }
        Unit::Lestijden => Some(lang.pick(
            "de examencommissie telt in examens of uren, niet in lestijden".to_string(),
            "the exam commission counts in exams or hours, not in lesson periods".to_string(),
        )),
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
            lang.pick_fmt(
                format_args!(
                    "examencommissie: start {} en einde {} zijn geen examendag (start = einde) en geen schooljaar (1/9/{year} of de inschrijvingsdatum tot 31/08/{})",
                    format_be(request.startdatum),
                    format_be(request.einddatum),
                    year + 1
                ),
                format_args!(
                    "exam commission: start {} and end {} are neither one exam day (start = end) nor the school year (1/9/{year} or the enrolment date to 31/08/{})",
                    format_be(request.startdatum),
                    format_be(request.einddatum),
                    year + 1
                ),
            ),
            ctx,
        ));
    }
    if valid {
        let hours = match request.eenheid {
            Unit::Examens => request.aantal * Decimal::from(crate::regulation::HOURS_PER_EXAM),
            _ => request.aantal,
        };
        let year = school_year(request.reference_start());
        let next = school_year_name(year + 1);
        out.push(diagnostic(
            &R213,
            Severity::Info,
            Some(Field::OdbNummer),
            Some(SPECIAL_EXAM_COMMISSION.into()),
            lang.pick_fmt(
                format_args!(
                    "examencommissie: {} VOV-uren (8 per examen); voor schooljaar {next} is een nieuwe aanvraag nodig",
                    format_comma(hours)
                ),
                format_args!(
                    "exam commission: {} VOV hours (8 per exam); school year {next} needs a new request",
                    format_comma(hours)
                ),
            ),
            ctx,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{codes, date, request};
    use crate::values::{Odb, TrainingType};

    fn run(r: &Request) -> Vec<&'static str> {
        codes(r, r.reference_start(), check)
    }

    fn severities(r: &Request) -> Vec<(&'static str, Severity)> {
        let mut out = Vec::new();
        check(r, &Context::for_tests(r.reference_start()), &mut out);
        out.into_iter().map(|d| (d.code.as_str(), d.severity)).collect()
    }

    fn exam_commission() -> Request {
        let mut r = request();
        r.odb = Odb::parse("ODB-1001623").unwrap();
        r.eenheid = Unit::Examens;
        r.aantal = Decimal::from(3);
        r.startdatum = date(2026, 11, 14);
        r.einddatum = date(2026, 11, 14);
        r
    }

    #[test]
    fn r209_rate_turns_on_1_september_2022_for_hbo5() {
        let mut r = request();
        r.eenheid = Unit::Studiepunten;
        r.aantal = Decimal::from(10);
        r.opleidingstype = Some(TrainingType::Hbo5);
        r.startdatum = date(2022, 8, 31);
        assert_eq!(hours_per_study_point(&r), 6);
        r.startdatum = date(2022, 9, 1);
        assert_eq!(hours_per_study_point(&r), 4);
        r.startdatum = date(2022, 9, 2);
        assert_eq!(hours_per_study_point(&r), 4);
        r.opleidingstype = None;
        r.startdatum = date(2021, 9, 1);
        assert_eq!(hours_per_study_point(&r), 4);
        assert_eq!(severities(&r), vec![("R209", Severity::Info)]);
    }

    #[test]
    fn r209_study_points_for_exam_commission_or_evc_are_an_error() {
        let mut r = exam_commission();
        r.eenheid = Unit::Studiepunten;
        assert_eq!(severities(&r)[0], ("R209", Severity::Error));
        let mut r = request();
        r.opleidingstype = Some(TrainingType::Evc);
        r.eenheid = Unit::Studiepunten;
        assert_eq!(severities(&r), vec![("R209", Severity::Error)]);
    }

    #[test]
    fn r210_evc_is_exactly_16_hours() {
        let mut r = request();
        r.titel = Some("EVC-traject zorgkundige".into());
        for (hours, expected) in [(15, vec!["R210"]), (16, vec![]), (17, vec!["R210"])] {
            r.aantal = Decimal::from(hours);
            assert_eq!(run(&r), expected, "{hours}");
        }
        r.aantal = Decimal::from(16);
        r.eenheid = Unit::Lestijden;
        assert_eq!(run(&r), vec!["R210"]);
    }

    #[test]
    fn r211_r212_reminders_and_r218_module_suffix() {
        let mut r = request();
        r.odb = Odb::parse("ODB-P00001").unwrap();
        assert_eq!(severities(&r), vec![("R211", Severity::Info)]);
        r.odb = Odb::parse("ODB-P00004").unwrap();
        assert_eq!(severities(&r), vec![("R212", Severity::Info)]);
        r.odb = Odb::parse("ODB-P00004-001").unwrap();
        assert_eq!(run(&r), vec!["R218", "R212"]);
        r.odb = Odb::parse("ODB-Z00291-001").unwrap();
        assert!(run(&r).is_empty());
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
    fn r214_exam_contract() {
        let mut r = request();
        r.contract = Some(Contract::Examencontract);
        assert_eq!(run(&r), vec!["R214"]);
        r.contract = Some(Contract::Creditcontract);
        assert!(run(&r).is_empty());
    }
}
