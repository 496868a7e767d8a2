//! R221 exams-elsewhere: the unit `examens` on a training other than the
//! exam commission (RULES.md rev 2).

use crate::field::Field;
use crate::lang::trf;
use crate::model::{Diagnostic, Request, Severity};
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::odb::SPECIAL_EXAM_COMMISSION;
use crate::values::Unit;

/// The rule R221: its code, name, severity and texts in every language.
pub const R221: Rule = Rule {
    code: crate::code::Code::R221,
    name: "exams-elsewhere",
    severity: "error",
    summary: Text {
        nl: "Eenheid examens bij een opleiding die niet de examencommissie (ODB-1001623) is.",
        fr: "Unité examens pour une formation autre que le jury d'examen (ODB-1001623).",
        en: "Unit examens on a training other than the exam commission (ODB-1001623).",
    },
    explanation: Explanation {
        what: Text {
            nl: "eenheid = examens, terwijl het basisnummer van het ODB-nummer niet ODB-1001623 is. (Een modulesuffix op ODB-1001623 zelf is R218.)",
            fr: "Unité = examens, alors que le numéro de base du numéro ODB n'est pas ODB-1001623. (Un numéro de module sur ODB-1001623 lui-même relève de R218.)",
            en: "eenheid = examens while the ODB number's base is not ODB-1001623. (A module suffix on ODB-1001623 itself is R218's.)",
        },
        why: Text {
            nl: "Enkel examens bij de examencommissie tellen per examen, 8 uren VOV elk. Andere opleidingen geven uren, lestijden of studiepunten; een aantal examens zou er een verkeerd aantal VOV-uren geven.",
            fr: "Seuls les examens devant le jury d'examen comptent par examen, 8 heures VOV chacun. Les autres formations se comptent en heures, périodes de cours ou crédits d'études; un nombre d'examens leur donnerait un nombre erroné d'heures VOV.",
            en: "Only exams at the exam commission count per exam, 8 VOV hours each. Other trainings give hours, lesson periods or study points; a number of exams would give them a wrong number of VOV hours.",
        },
        source: Text {
            nl: "Sociaal secretariaat Dienstbetoon, 'Vlaams opleidingsverlof' ('Het afleggen van examens bij de examencommissie: 8u VOV per examen'); vlaanderen.be, 'Betaald Educatief Verlof en Vlaams opleidingsverlof' ('8 uren VOV per examen'); de regelcatalogus van vov-bulk (`vov-bulk rules`)",
            fr: "secrétariat social Dienstbetoon, « Vlaams opleidingsverlof » (« Het afleggen van examens bij de examencommissie: 8u VOV per examen »); vlaanderen.be, « Betaald Educatief Verlof en Vlaams opleidingsverlof » (« 8 uren VOV per examen »); le catalogue des règles de vov-bulk (`vov-bulk rules`)",
            en: "Dienstbetoon social secretariat, 'Vlaams opleidingsverlof' ('Het afleggen van examens bij de examencommissie: 8u VOV per examen'); vlaanderen.be, 'Betaald Educatief Verlof en Vlaams opleidingsverlof' ('8 uren VOV per examen'); the vov-bulk rule catalogue (`vov-bulk rules`)",
        },
        fix: Text {
            nl: "Geef de eenheid van het inschrijvingsattest (uren, lestijden of studiepunten), of het ODB-nummer ODB-1001623 als het om de examencommissie gaat.",
            fr: "Indiquez l'unité de l'attestation d'inscription (uren, lestijden ou studiepunten), ou le numéro ODB ODB-1001623 s'il s'agit du jury d'examen.",
            en: "Give the unit of the enrolment certificate (uren, lestijden or studiepunten), or the ODB number ODB-1001623 for the exam commission.",
        },
        example: Text {
            nl: "ODB-Z00291 met 2 examens: R221; ODB-1001623 met 2 examens: goed (16 VOV-uren).",
            fr: "ODB-Z00291 avec 2 examens: R221; ODB-1001623 avec 2 examens: en ordre (16 heures VOV).",
            en: "ODB-Z00291 with 2 examens: R221; ODB-1001623 with 2 examens: fine (16 VOV hours).",
        },
    },
};

/// R221 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    if request.eenheid != Unit::Examens || request.odb.base() == SPECIAL_EXAM_COMMISSION {
        return;
    }
    let lang = ctx.lang;
    let odb = request.odb.as_str();
    out.push(R221.diagnostic(
        Severity::Error,
        Some(Field::Eenheid),
        Some(Unit::Examens.as_str().to_string()),
        trf!(lang,
            nl: "eenheid examens bij {odb}: enkel de examencommissie ({SPECIAL_EXAM_COMMISSION}) telt per examen",
            fr: "unité examens pour {odb}: seul le jury d'examen ({SPECIAL_EXAM_COMMISSION}) compte par examen",
            en: "unit examens on {odb}: only the exam commission ({SPECIAL_EXAM_COMMISSION}) counts per exam",
        ),
        lang,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::french_messages;
    use crate::rules::test_support::{codes, date, request};
    use crate::values::Odb;

    #[test]
    fn r221_only_for_exams_outside_the_exam_commission() {
        let as_of = date(2026, 11, 22);
        let mut r = request();
        r.eenheid = Unit::Examens;
        r.aantal = 2.into();
        assert_eq!(codes(&r, as_of, check), vec!["R221"]);
        r.odb = Odb::parse("ODB-1001623").unwrap();
        assert!(codes(&r, as_of, check).is_empty());
        // A module of the exam commission is R218's, not R221's.
        r.odb = Odb::parse("ODB-1001623-001").unwrap();
        assert!(codes(&r, as_of, check).is_empty());
        r.odb = Odb::parse("ODB-Z00291").unwrap();
        r.eenheid = Unit::Uren;
        assert!(codes(&r, as_of, check).is_empty());
    }

    #[test]
    fn in_french_exams_outside_the_exam_commission() {
        let mut r = request();
        r.eenheid = Unit::Examens;
        r.aantal = 2.into();
        assert_eq!(
            french_messages(&r, check),
            vec!["unité examens pour ODB-Z00291: seul le jury d'examen (ODB-1001623) compte par examen"]
        );
        r.odb = Odb::parse("ODB-1001623").unwrap();
        assert!(french_messages(&r, check).is_empty());
    }
}
