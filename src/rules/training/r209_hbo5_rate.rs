//! R209 hbo5-rate: Study points count 4 VOV hours (HBO5 6 up to 2021-2022); not for the exam commission or EVC.

use crate::calendar::{school_year, school_year_name};
use crate::field::Field;
use crate::lang::{tr, trf};
use crate::model::{Diagnostic, Request, Severity};
use crate::regulation::{hours_per_study_point, is_evc, is_exam_commission};
use crate::rules::training::diagnostic;
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::number::format_comma;
use crate::values::Unit;

/// The rule R209: its code, name, severity and texts in every language.
pub const R209: Rule = Rule {
    code: crate::code::Code::R209,
    name: "hbo5-rate",
    severity: "info / error",
    summary: Text {
        nl: "Studiepunten tellen 4 VOV-uren (HBO5 6 tot en met 2021-2022); niet voor examencommissie of EVC.",
        fr: "Les crédits d'études comptent 4 heures VOV (HBO5: 6 jusqu'en 2021-2022); pas pour le jury d'examen ni l'EVC.",
        en: "Study points count 4 VOV hours (HBO5 6 up to 2021-2022); not for the exam commission or EVC.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Bij eenheid studiepunten meldt een info het aantal VOV-uren per studiepunt dat gebruikt wordt: 4, of 6 voor HBO5-opleidingen (opleidingstype hbo5, of graduaat: zo heten HBO5-opleidingen sinds 2019) tot en met schooljaar 2021-2022 (het schooljaar van de referentiestart). Studiepunten bij een opleiding die niet op studiepunten steunt (examencommissie ODB-1001623, EVC) zijn een fout.",
            fr: "Avec l'unité studiepunten, une info indique le nombre d'heures VOV par crédit d'études utilisé: 4, ou 6 pour les formations HBO5 (type de formation hbo5, ou graduaat: le nom des formations HBO5 depuis 2019) jusqu'à l'année scolaire 2021-2022 incluse (l'année scolaire du début de référence). Des crédits d'études pour une formation qui ne repose pas sur des crédits d'études (jury d'examen ODB-1001623, EVC) sont une erreur.",
            en: "With eenheid studiepunten an info gives the VOV hours per study point used: 4, or 6 for HBO5 trainings (opleidingstype hbo5, or graduaat: HBO5 trainings' name since 2019) up to and including school year 2021-2022 (the school year of the reference start). Study points for a training that is not credit-based (exam commission ODB-1001623, EVC) are an error.",
        },
        why: Text {
            nl: "'Opleidingen gebaseerd op studiepunten: 4u VOV per studiepunt (uitzondering: HBO5-opleidingen: 6u VOV per studiepunt tem schooljaar 2021-2022)'. Examens bij de examencommissie tellen per examen (R213), EVC-trajecten per traject (R210).",
            fr: "'Formations basées sur des crédits d'études: 4 h de VOV par crédit d'études (exception: formations HBO5: 6 h de VOV par crédit d'études jusqu'à l'année scolaire 2021-2022 incluse)'. Les examens devant le jury d'examen comptent par examen (R213), les trajets EVC par trajet (R210).",
            en: "'Credit-based trainings: 4 hours of VOV per study point (exception: HBO5 trainings: 6 hours per study point up to school year 2021-2022)'. Exams at the exam commission count per exam (R213), EVC trajectories per trajectory (R210).",
        },
        source: Text {
            nl: "Sociaal secretariaat Dienstbetoon, 'Vlaams opleidingsverlof', rubriek Duur ('HBO5-opleidingen: 6u VOV per studiepunt tem schooljaar 2021-2022'); 'Premies en voordelen: Betaald Educatief Verlof / Vlaams opleidingsverlof', versie januari 2020; graduaat = HBO5: Onderwijs Vlaanderen, 'Graduaatsopleidingen'",
            fr: "secrétariat social Dienstbetoon, « Vlaams opleidingsverlof », rubrique Duur (« HBO5-opleidingen: 6u VOV per studiepunt tem schooljaar 2021-2022 »); « Premies en voordelen: Betaald Educatief Verlof / Vlaams opleidingsverlof », version de janvier 2020; graduat = HBO5: Onderwijs Vlaanderen, « Graduaatsopleidingen »",
            en: "Dienstbetoon social secretariat, 'Vlaams opleidingsverlof', section Duur ('HBO5-opleidingen: 6u VOV per studiepunt tem schooljaar 2021-2022'); 'Premies en voordelen: Betaald Educatief Verlof / Vlaams opleidingsverlof', January 2020 edition; graduaat = HBO5: Onderwijs Vlaanderen, 'Graduaatsopleidingen'",
        },
        fix: Text {
            nl: "Bij een fout: geef de examencommissie in examens of uren (R213) en een EVC-traject als 16 uren (R210).",
            fr: "En cas d'erreur: indiquez le jury d'examen en examens ou en uren (R213) et un trajet EVC comme 16 uren (R210).",
            en: "On an error: give the exam commission in examens or uren (R213) and an EVC trajectory as 16 uren (R210).",
        },
        example: Text {
            nl: "HBO5, 10 studiepunten, start 01/09/2021: 60 VOV-uren; start 01/09/2022: 40 VOV-uren.",
            fr: "HBO5, 10 crédits d'études, début 01/09/2021: 60 heures VOV; début 01/09/2022: 40 heures VOV.",
            en: "HBO5, 10 study points, start 01/09/2021: 60 VOV hours; start 01/09/2022: 40 VOV hours.",
        },
    },
};

/// R209 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    let exam_commission = is_exam_commission(request);
    let evc = is_evc(request);
    let quantity = format_comma(request.aantal);
    if request.eenheid == Unit::Studiepunten {
        if exam_commission || evc {
            let what = if exam_commission {
                tr!(lang, nl: "de examencommissie", fr: "le jury d'examen", en: "the exam commission")
            } else {
                tr!(lang, nl: "EVC", fr: "l'EVC", en: "EVC")
            };
            out.push(diagnostic(
                &R209,
                Severity::Error,
                Some(Field::Eenheid),
                Some("studiepunten".into()),
                trf!(lang,
                    nl: "studiepunten passen niet bij {what}: die telt niet in studiepunten",
                    fr: "les crédits d'études ne conviennent pas pour {what}: ce type de formation ne compte pas en crédits d'études",
                    en: "study points do not fit {what}: it does not count in study points",
                ),
                ctx,
            ));
        } else {
            let rate = hours_per_study_point(request);
            let hours = format_comma(request.aantal * rate);
            let year = school_year_name(school_year(request.reference_start()));
            out.push(diagnostic(
                &R209,
                Severity::Info,
                Some(Field::Aantal),
                Some(quantity.clone()),
                trf!(lang,
                    nl: "{quantity} studiepunten × {rate} uren = {hours} VOV-uren (schooljaar {year})",
                    fr: "{quantity} crédits d'études × {rate} heures = {hours} heures VOV (année scolaire {year})",
                    en: "{quantity} study points × {rate} hours = {hours} VOV hours (school year {year})",
                ),
                ctx,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;
    use crate::rules::test_support::{self, date, exam_commission, french_messages, request};
    use crate::values::TrainingType;
    fn severities(r: &Request) -> Vec<(&'static str, Severity)> {
        test_support::severities_at_start(r, check)
    }

    #[test]
    fn r209_rate_turns_on_1_september_2022_for_hbo5() {
        let mut r = request();
        r.eenheid = Unit::Studiepunten;
        r.aantal = Decimal::from(10);
        r.opleidingstype = Some(TrainingType::Hbo5);
        r.startdatum = date(2022, 8, 31);
        assert_eq!(hours_per_study_point(&r), Decimal::from(6));
        r.startdatum = date(2022, 9, 1);
        assert_eq!(hours_per_study_point(&r), Decimal::from(4));
        r.startdatum = date(2022, 9, 2);
        assert_eq!(hours_per_study_point(&r), Decimal::from(4));
        r.opleidingstype = None;
        r.startdatum = date(2021, 9, 1);
        assert_eq!(hours_per_study_point(&r), Decimal::from(4));
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
    fn in_french_the_hbo5_rate_on_the_last_day_of_2021_2022_and_the_errors() {
        let mut r = request();
        r.eenheid = Unit::Studiepunten;
        r.aantal = Decimal::from(10);
        r.opleidingstype = Some(TrainingType::Hbo5);
        r.startdatum = date(2022, 8, 31);
        assert_eq!(
            french_messages(&r, check),
            vec!["10 crédits d'études × 6 heures = 60 heures VOV (année scolaire 2021-2022)"]
        );
        r.startdatum = date(2022, 9, 1);
        assert_eq!(
            french_messages(&r, check),
            vec!["10 crédits d'études × 4 heures = 40 heures VOV (année scolaire 2022-2023)"]
        );
        let mut r = exam_commission();
        r.eenheid = Unit::Studiepunten;
        assert!(
            french_messages(&r, check)[0].starts_with("les crédits d'études ne conviennent pas pour le jury d'examen:")
        );
        let mut r = request();
        r.opleidingstype = Some(TrainingType::Evc);
        r.eenheid = Unit::Studiepunten;
        assert!(french_messages(&r, check)[0].starts_with("les crédits d'études ne conviennent pas pour l'EVC:"));
    }
}
