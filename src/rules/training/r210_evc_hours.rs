//! R210 evc-hours: An EVC trajectory counts exactly 16 hours.

use crate::field::Field;
use crate::lang::trf;
use crate::model::{Diagnostic, Request, Severity};
use crate::regulation::is_evc;
use crate::rules::training::diagnostic;
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::number::format_comma;
use crate::values::Unit;

/// The rule R210: its code, name, severity and texts in every language.
pub const R210: Rule = Rule {
    code: crate::code::Code::R210,
    name: "evc-hours",
    severity: "error",
    summary: Text {
        nl: "Een EVC-traject telt precies 16 uren.",
        fr: "Un trajet EVC compte exactement 16 heures.",
        en: "An EVC trajectory counts exactly 16 hours.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Voor een EVC-traject (opleidingstype evc, of het woord EVC in de titel) moet de aanvraag 16 uren zijn.",
            fr: "Pour un trajet EVC (type de formation evc, ou le mot EVC dans le titre), la demande doit être de 16 heures.",
            en: "For an EVC trajectory (opleidingstype evc, or the word EVC in the title) the request must be 16 uren.",
        },
        why: Text {
            nl: "'Trajecten van elders verworven competenties (EVC) hebben elk een eigen ODB-nummer. U geeft 16 uur in voor de aanvraag van één traject.' Alle EVC-trajecten hebben 'EVC' in de titel in de opleidingsdatabank.",
            fr: "'Les trajets de reconnaissance des compétences acquises (EVC) ont chacun leur propre numéro ODB. Vous indiquez 16 heures pour la demande d'un trajet.' Tous les trajets EVC ont 'EVC' dans leur titre dans la banque de données des formations (opleidingsdatabank).",
            en: "'Trajectories for the recognition of prior learning (EVC) each have their own ODB number. You enter 16 hours for the request of one trajectory.' All EVC trajectories have 'EVC' in their title in the opleidingsdatabank.",
        },
        source: Text {
            nl: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', rubriek EVC",
            fr: "vlaanderen.be, « Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever », rubrique EVC (reconnaissance des compétences acquises)",
            en: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', section EVC (recognition of prior learning)",
        },
        fix: Text {
            nl: "Zet eenheid op uren en aantal op 16.",
            fr: "Mettez l'unité sur uren et le nombre sur 16.",
            en: "Set eenheid to uren and aantal to 16.",
        },
        example: Text {
            nl: "'EVC zorgkundige', 20 uren: R210; 16 uren: in orde.",
            fr: "'EVC zorgkundige', 20 uren: R210; 16 uren: en ordre.",
            en: "'EVC zorgkundige', 20 uren: R210; 16 uren: fine.",
        },
    },
};

/// R210 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    let evc = is_evc(request);
    let quantity = format_comma(request.aantal);
    if evc
        && request.eenheid != Unit::Studiepunten
        && !(request.eenheid == Unit::Uren
            && request.aantal == crate::regulation::figures_of(request).constants.hours_per_evc)
    {
        out.push(diagnostic(
            &R210,
            Severity::Error,
            Some(Field::Aantal),
            Some(quantity.clone()),
            trf!(lang,
                nl: "een EVC-traject is precies 16 uren, niet {quantity} {}",
                fr: "un trajet EVC compte exactement 16 heures, pas {quantity} {}",
                en: "an EVC trajectory is exactly 16 hours, not {quantity} {}",
                request.eenheid.words(lang),
            ),
            ctx,
        ));
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;
    use crate::rules::test_support::french_messages;
    use crate::rules::test_support::{codes, request};

    fn run(r: &Request) -> Vec<&'static str> {
        codes(r, r.reference_start(), check)
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
    fn in_french_17_hours_of_evc() {
        let mut r = request();
        r.titel = Some("EVC-traject zorgkundige".into());
        r.aantal = Decimal::from(17);
        assert_eq!(
            french_messages(&r, check),
            vec!["un trajet EVC compte exactement 16 heures, pas 17 heures"]
        );
        r.aantal = Decimal::from(16);
        assert!(french_messages(&r, check).is_empty());
    }
}
