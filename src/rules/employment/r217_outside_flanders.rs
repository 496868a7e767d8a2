//! R217 outside-flanders: The establishment unit is not in the Flemish Region.

use crate::field::Field;
use crate::lang::{tr, trf};
use crate::model::{Diagnostic, Request, Severity};
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::postcode::is_flemish_region;

/// The rule R217: its code, name, severity and texts in every language.
pub const R217: Rule = Rule {
    code: crate::code::Code::R217,
    name: "outside-flanders",
    severity: "error",
    summary: Text {
        nl: "De vestigingseenheid ligt niet in het Vlaamse Gewest.",
        fr: "L'unité d'établissement n'est pas située en Région flamande.",
        en: "The establishment unit is not in the Flemish Region.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Postcode vestigingseenheid ingevuld en niet Vlaams. Vlaamse postcodes: 1500-3999 en 8000-9999. Brussel (1000-1299) en Wallonië (1300-1499, 4000-7999) vallen erbuiten.",
            fr: "Code postal de l'unité d'établissement rempli et non flamand. Codes postaux flamands: 1500-3999 et 8000-9999. Bruxelles (1000-1299) et la Wallonie (1300-1499, 4000-7999) sont en dehors.",
            en: "vestiging_postcode given and not Flemish. Flemish postcodes: 1500-3999 and 8000-9999. Brussels (1000-1299) and Wallonia (1300-1499, 4000-7999) are outside.",
        },
        why: Text {
            nl: "'Vlaams gewest: de vestigingseenheid van de werkgever, zoals ingegeven in DMFA, ligt in het Vlaams Gewest.' Het gaat om de vestiging waar de werknemer tewerkgesteld is, niet om de maatschappelijke zetel.",
            fr: "'Région flamande: l'unité d'établissement de l'employeur, telle que déclarée dans la DmfA, est située en Région flamande.' Il s'agit de l'établissement où le travailleur est occupé, pas du siège social.",
            en: "'Flemish Region: the employer's establishment unit, as declared in the DmfA, is in the Flemish Region.' It is the establishment where the employee works, not the registered office.",
        },
        source: Text {
            nl: "Sociaal secretariaat Dienstbetoon, 'Vlaams opleidingsverlof', rubriek Voorwaarden (vestigingseenheid in het Vlaamse Gewest); bpost, lijst van de postcodes",
            fr: "secrétariat social Dienstbetoon, « Vlaams opleidingsverlof », rubrique Voorwaarden (unité d'établissement en Région flamande); bpost, liste des codes postaux",
            en: "Dienstbetoon social secretariat, 'Vlaams opleidingsverlof', section Voorwaarden (establishment unit in the Flemish Region); bpost, list of postcodes",
        },
        fix: Text {
            nl: "Controleer de postcode van de vestigingseenheid in de DmfA; ligt ze in Brussel of Wallonië, dan geldt VOV niet.",
            fr: "Vérifiez le code postal de l'unité d'établissement dans la DmfA; s'il est à Bruxelles ou en Wallonie, le VOV ne s'applique pas.",
            en: "Check the establishment's postcode in the DmfA; in Brussels or Wallonia VOV does not apply.",
        },
        example: Text {
            nl: "1299: R217; 1300: R217; 1499: R217; 1500: in orde; 3999: in orde; 4000: R217; 7999: R217; 8000: in orde.",
            fr: "1299: R217; 1300: R217; 1499: R217; 1500: en ordre; 3999: en ordre; 4000: R217; 7999: R217; 8000: en ordre.",
            en: "1299: R217; 1300: R217; 1499: R217; 1500: fine; 3999: fine; 4000: R217; 7999: R217; 8000: fine.",
        },
    },
};

/// R217 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    if let Some(postcode) = request.postcode.filter(|p| !is_flemish_region(*p)) {
        let region = if (1000..=1299).contains(&postcode) {
            tr!(lang,
                nl: "het Brussels Hoofdstedelijk Gewest",
                fr: "la Région de Bruxelles-Capitale",
                en: "the Brussels-Capital Region",
            )
        } else {
            tr!(lang,
                nl: "het Waals Gewest",
                fr: "la Région wallonne",
                en: "the Walloon Region",
            )
        };
        out.push(Diagnostic {
            code: R217.code,
            severity: Severity::Error,
            field: Some(Field::VestigingPostcode),
            value: Some(postcode.to_string()),
            message: trf!(lang,
                nl: "postcode {postcode} ligt in {region}: VOV vraagt een vestigingseenheid in het Vlaamse Gewest",
                fr: "le code postal {postcode} est situé dans {region}: le VOV exige une unité d'établissement en Région flamande",
                en: "postcode {postcode} is in {region}: VOV needs an establishment unit in the Flemish Region",
            ),
            help: R217.explanation.fix.get(lang).into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{self, date, request};
    fn run(r: &Request) -> Vec<(&'static str, Severity)> {
        test_support::severities(r, date(2026, 10, 1), check)
    }

    #[test]
    fn r217_postcode_boundaries() {
        let mut r = request();
        for (postcode, outside) in [
            (1000, true),
            (1299, true),
            (1300, true),
            (1499, true),
            (1500, false),
            (3999, false),
            (4000, true),
            (7999, true),
            (8000, false),
            (9999, false),
        ] {
            r.postcode = Some(postcode);
            assert_eq!(!run(&r).is_empty(), outside, "{postcode}");
        }
        r.postcode = None;
        assert!(run(&r).is_empty());
    }

    #[test]
    fn in_french_1299_is_brussels_and_1300_wallonia() {
        let mut r = request();
        let message = |r: &Request| {
            let ctx = Context {
                lang: crate::lang::Lang::Fr,
                ..Context::for_tests(date(2026, 10, 1))
            };
            let mut out = Vec::new();
            check(r, &ctx, &mut out);
            out.remove(0).message
        };
        r.postcode = Some(1299);
        assert_eq!(
            message(&r),
            "le code postal 1299 est situé dans la Région de Bruxelles-Capitale: le VOV exige une unité d'établissement en Région flamande"
        );
        r.postcode = Some(1300);
        assert!(message(&r).contains("dans la Région wallonne"), "{}", message(&r));
    }
}
