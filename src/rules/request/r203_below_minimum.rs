//! R203 below-minimum: Fewer than 32 hours or lesson periods, or fewer than 3 study points.

use rust_decimal::Decimal;

use crate::field::Field;
use crate::lang::trf;
use crate::model::{Diagnostic, Request, Severity};
use crate::regulation::{figures_of, is_evc, is_exam_commission};
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::{TrainingType, Unit};

/// The rule R203: its code, name, severity and texts in every language.
pub const R203: Rule = Rule {
    code: crate::code::Code::R203,
    name: "below-minimum",
    severity: "warning",
    summary: Text {
        nl: "Minder dan 32 uren of lestijden, of minder dan 3 studiepunten.",
        fr: "Moins de 32 heures ou périodes de cours, ou moins de 3 crédits d'études.",
        en: "Fewer than 32 hours or lesson periods, or fewer than 3 study points.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Het aantal ligt onder het minimum: 32 uren, 32 lestijden of 3 studiepunten. Niet voor de examencommissie (ODB-1001623), EVC-trajecten of mentoropleidingen.",
            fr: "La quantité est inférieure au minimum: 32 heures, 32 périodes de cours ou 3 crédits d'études. Pas pour le jury d'examen (ODB-1001623), les trajets de reconnaissance des compétences acquises (EVC) ni les formations de mentor.",
            en: "The quantity is below the minimum: 32 hours, 32 lesson periods or 3 study points. Not for the exam commission (ODB-1001623), EVC trajectories or mentor trainings.",
        },
        why: Text {
            nl: "'Ook voor opleidingen die minder dan 32 uren duren, kunt u een terugbetalingsaanvraag indienen'; WSE houdt ze 'ingediend' en ze tellen mee als andere aanvragen van dezelfde werknemer samen 32 uren halen. Daarom een waarschuwing, geen fout. Mentoropleidingen geven recht met minder dan 32 uren (publiek gegeven).",
            fr: "'Même pour des formations de moins de 32 heures, vous pouvez introduire une demande de remboursement'; WSE les garde 'introduites' et elles comptent lorsque d'autres demandes du même travailleur atteignent ensemble 32 heures. D'où un avertissement, pas une erreur. Les formations de mentor donnent droit au VOV avec moins de 32 heures (donnée publique).",
            en: "'Also for trainings of fewer than 32 hours you can submit a request'; WSE keeps them 'submitted' and they count when other requests of the same employee reach 32 hours together. Hence a warning, not an error. Mentor trainings give VOV with fewer than 32 hours.",
        },
        source: Text {
            nl: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', rubriek 'Minder dan 32 uren'; Sociaal secretariaat Dienstbetoon, 'Vlaams opleidingsverlof'",
            fr: "vlaanderen.be, « Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever », rubrique « Minder dan 32 uren »; secrétariat social Dienstbetoon, « Vlaams opleidingsverlof »",
            en: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', section 'Minder dan 32 uren'; Dienstbetoon social secretariat, 'Vlaams opleidingsverlof'",
        },
        fix: Text {
            nl: "Dien in binnen de termijn; controleer of er andere opleidingen van dezelfde werknemer in hetzelfde schooljaar zijn.",
            fr: "Introduisez la demande dans le délai; vérifiez s'il y a d'autres formations du même travailleur dans la même année scolaire.",
            en: "Submit within the deadline; check for other trainings of the same employee in the same school year.",
        },
        example: Text {
            nl: "24 uren: R203; 32 uren: niets; 2,5 studiepunten: R203; 3 studiepunten: niets.",
            fr: "24 heures: R203; 32 heures: rien; 2,5 crédits d'études: R203; 3 crédits d'études: rien.",
            en: "24 hours: R203; 32 hours: nothing; 2.5 study points: R203; 3 study points: nothing.",
        },
    },
};

/// The minimum quantity for the unit, when one applies.
pub fn minimum_for(request: &Request) -> Option<Decimal> {
    if is_exam_commission(request) || is_evc(request) || request.opleidingstype == Some(TrainingType::Mentor) {
        return None;
    }
    match request.eenheid {
        Unit::Uren | Unit::Lestijden => Some(figures_of(request).constants.minimum_hours),
        Unit::Studiepunten => Some(figures_of(request).constants.minimum_study_points),
        Unit::Examens => None,
    }
}

/// R203 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    if let Some(minimum) = minimum_for(request) {
        if request.aantal < minimum {
            let (aantal, unit) = (request.aantal, request.eenheid.words(lang));
            out.push(Diagnostic {
                code: R203.code,
                severity: Severity::Warning,
                field: Some(Field::Aantal),
                value: Some(request.aantal.to_string()),
                message: trf!(
                    lang,
                    nl: "{aantal} {unit} is minder dan het minimum van {minimum} {unit}; telt enkel mee als andere aanvragen samen 32 uren halen",
                    fr: "{aantal} {unit} est inférieur au minimum de {minimum} {unit}; ne compte que si d'autres demandes atteignent ensemble 32 heures",
                    en: "{aantal} {unit} is below the minimum of {minimum} {unit}; counts only if other requests bring it to 32 hours",
                ),
                help: R203.explanation.fix.get(lang).into(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{codes, request};
    use rust_decimal::Decimal;

    fn run(r: &Request) -> Vec<&'static str> {
        codes(r, r.reference_start(), check)
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
    fn r203_in_french() {
        let mut r = request();
        r.aantal = Decimal::from(24);
        let found = crate::rules::test_support::diagnostics_in(&r, r.reference_start(), crate::lang::Lang::Fr, check);
        assert_eq!(
            found[0].message,
            "24 heures est inférieur au minimum de 32 heures; ne compte que si d'autres demandes atteignent ensemble 32 heures"
        );
        assert!(
            found[0].help.starts_with("Introduisez la demande dans le délai"),
            "{}",
            found[0].help
        );
    }
}
