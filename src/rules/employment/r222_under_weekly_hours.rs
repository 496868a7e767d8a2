//! R222 under-weekly-hours: in a school year with a minimum of working hours
//! a week (the regulation table: 28 in 2025-2026), `uren_per_week` given and
//! below it (RULES.md rev 3). An error in a confirmed year, a warning in a
//! provisional one; nothing when the field is absent.

use crate::calendar::school_year_name;
use crate::field::Field;
use crate::lang::{tr, trf, Lang};
use crate::model::{Diagnostic, Request, Severity};
use crate::regulation::{figures_of, Regulation};
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::number::format_comma;

/// The rule R222: its code, name, severity and texts in every language.
pub const R222: Rule = Rule {
    code: crate::code::Code::R222,
    name: "under-weekly-hours",
    severity: "error / warning",
    summary: Text {
        nl: "Uren per week onder het minimum aantal uren per week van het schooljaar (schooljaartabel): geen recht op VOV.",
        fr: "Les heures par semaine inférieures au minimum d'heures par semaine de l'année scolaire (tableau des années scolaires): pas de droit au VOV.",
        en: "uren_per_week below the school year's minimum hours a week (school-year table): no right to VOV.",
    },
    explanation: Explanation {
        what: Text {
            nl: "In een schooljaar waarvoor de regelgevingstabel een minimum aantal uren per week geeft (zie de cijfers per schooljaar) en uren per week ingevuld is (de gemiddelde wekelijkse arbeidsduur van de werknemer over alle werkgevers, de som van de 'Q' in de DmfA) en lager is dan dat minimum: een fout in een bevestigd schooljaar, een waarschuwing in een voorlopig schooljaar. Niets als het veld leeg is of het schooljaar geen minimum heeft.",
            fr: "Pendant une année scolaire pour laquelle le tableau de réglementation donne un minimum d'heures par semaine (voir les chiffres par année scolaire), si le champ heures par semaine est rempli (la durée hebdomadaire moyenne de travail du travailleur chez tous les employeurs, la somme des 'Q' de la DmfA) et inférieur à ce minimum: une erreur pendant une année scolaire confirmée, un avertissement pendant une année scolaire provisoire. Rien si le champ est vide ou si l'année scolaire n'a pas de minimum.",
            en: "In a school year for which the regulation table gives a minimum of hours a week (see the figures by school year), when uren_per_week is given (the employee's average weekly working hours over all employers, the DmfA 'Q' summed) and below that minimum: an error in a confirmed school year, a warning in a provisional one. Nothing when the field is empty or the school year has no minimum.",
        },
        why: Text {
            nl: "Voor schooljaar 2025-2026 zijn werknemers die gemiddeld minder dan 28 uur per week werken uitgesloten ('werknemers die minstens een tewerkstellingsgraad hebben van 80% en minstens 28 uur per week werken', Vlaamse Regering, 25 april 2025). Gekozen: zonder uren per week geen melding, want een TWP van minstens 80% van een voltijdse week van 35 uren of meer geeft al 28 uren (R208 kijkt naar de TWP). In een voorlopig schooljaar is het cijfer overgenomen tot de regeling bekend is: de tool weigert geen rij op dat cijfer alleen.",
            fr: "Pour l'année scolaire 2025-2026, les travailleurs qui travaillent en moyenne moins de 28 heures par semaine sont exclus ('les travailleurs qui sont employés à moins de 80 % ou qui travaillent moins de 28 heures par semaine en moyenne sont exclus', arrêté de 2025 modifiant l'article 22 de l'arrêté du 21 décembre 2018). Choix fait: sans heures par semaine, pas de signalement, car un TWP d'au moins 80% d'une semaine à temps plein de 35 heures ou plus donne déjà 28 heures (R208 examine le TWP). Pendant une année scolaire provisoire, le chiffre est repris jusqu'à la publication de la réglementation: l'outil ne refuse aucune ligne sur ce seul chiffre.",
            en: "For school year 2025-2026 workers who work less than 28 hours a week on average are excluded ('werknemers die minstens een tewerkstellingsgraad hebben van 80% en minstens 28 uur per week werken', Flemish Government, 25 April 2025). Choice made: no finding without uren_per_week, since a TWP of at least 80% of a full-time week of 35 hours or more already gives 28 hours (R208 looks at the TWP). In a provisional school year the figure is carried over until the regulation is published: the tool rejects no row on that figure alone.",
        },
        source: Text {
            nl: "Vlaamse Regering, persbericht van 25 april 2025; het besluit van 2025 tot wijziging van artikel 22 van het besluit van 21 december 2018 ('qui travaillent moins de 28 heures par semaine en moyenne sont exclus'); de schooljaartabel van `vov-bulk regulation` (minimum_weekly_hours, status)",
            fr: "Gouvernement flamand, communiqué de presse du 25 avril 2025; l'arrêté de 2025 modifiant l'article 22 de l'arrêté du 21 décembre 2018 (« qui travaillent moins de 28 heures par semaine en moyenne sont exclus »); le tableau des années scolaires de `vov-bulk regulation` (minimum_weekly_hours, status)",
            en: "Flemish Government, press release of 25 April 2025; the order of 2025 amending article 22 of the order of 21 December 2018 ('qui travaillent moins de 28 heures par semaine en moyenne sont exclus'); the school-year table of `vov-bulk regulation` (minimum_weekly_hours, status)",
        },
        fix: Text {
            nl: "Fout (bevestigd schooljaar): niet indienen, of verbeter uren per week volgens de DmfA (de som van de gemiddelde wekelijkse arbeidsduur bij alle werkgevers). Waarschuwing (voorlopig schooljaar): dien enkel in als de regeling van dat schooljaar de werknemer toelaat.",
            fr: "Erreur (année scolaire confirmée): n'introduisez pas la demande, ou corrigez les heures par semaine selon la DmfA (la somme de la durée hebdomadaire moyenne de travail chez tous les employeurs). Avertissement (année scolaire provisoire): n'introduisez la demande que si la réglementation de cette année scolaire admet le travailleur.",
            en: "Error (confirmed school year): do not submit, or correct uren_per_week from the DmfA (the average weekly working hours at all employers, summed). Warning (provisional school year): submit only if that school year's regulation admits the employee.",
        },
        example: Text {
            nl: "2025-2026 (minimum 28): uren per week 27,99: fout; 28: niets; 28,01: niets; leeg: niets. 2026-2027 (voorlopig, 28): 27,99: waarschuwing. 2024-2025 (geen minimum): 10: niets.",
            fr: "2025-2026 (minimum 28): heures par semaine 27,99: erreur; 28: rien; 28,01: rien; vide: rien. 2026-2027 (provisoire, 28): 27,99: avertissement. 2024-2025 (pas de minimum): 10: rien.",
            en: "2025-2026 (minimum 28): uren_per_week 27.99: error; 28: nothing; 28.01: nothing; empty: nothing. 2026-2027 (provisional, 28): 27.99: warning. 2024-2025 (no minimum): 10: nothing.",
        },
    },
};

/// R222 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(hours) = request.uren_per_week else {
        return;
    };
    let figures = figures_of(request);
    let Some(minimum) = figures.minimum_weekly_hours else {
        return;
    };
    if hours >= minimum {
        return;
    }
    let lang = ctx.lang;
    let (shown, minimum, year) = (
        format_comma(hours),
        format_comma(minimum),
        school_year_name(figures.first_year),
    );
    let (severity, message) = if figures.is_provisional() {
        (
            Severity::Warning,
            trf!(lang,
                nl: "de werknemer werkt gemiddeld {shown} uren per week, minder dan het minimum van {minimum} uren in schooljaar {year} (voorlopig: overgenomen tot de regeling van dat schooljaar bekend is); dien enkel in als de regeling de werknemer toelaat",
                fr: "le travailleur travaille en moyenne {shown} heures par semaine, moins que le minimum de {minimum} heures de l'année scolaire {year} (provisoire: repris jusqu'à la publication de la réglementation de cette année scolaire); n'introduisez la demande que si la réglementation admet le travailleur",
                en: "the employee works {shown} hours a week on average, below the minimum of {minimum} hours in school year {year} (provisional: carried over until that school year's regulation is published); submit only if the regulation admits the employee",
            ),
        )
    } else {
        (
            Severity::Error,
            trf!(lang,
                nl: "de werknemer werkt gemiddeld {shown} uren per week, minder dan het minimum van {minimum} uren in schooljaar {year}: geen recht op VOV",
                fr: "le travailleur travaille en moyenne {shown} heures par semaine, moins que le minimum de {minimum} heures de l'année scolaire {year}: pas de droit au VOV",
                en: "the employee works {shown} hours a week on average, below the minimum of {minimum} hours in school year {year}: no right to VOV",
            ),
        )
    };
    out.push(R222.diagnostic(severity, Some(Field::UrenPerWeek), Some(shown), message, lang));
}

/// The school years of `regulation` with the minimum hours a week R222
/// applies in each, and their sources, for `explain`.
pub fn year_figures(regulation: &Regulation, lang: Lang) -> String {
    crate::rules::figures_by_year(regulation, lang, |year, lang| match year.minimum_weekly_hours {
        Some(minimum) => {
            let minimum = format_comma(minimum);
            trf!(lang,
                nl: "{minimum} uren per week",
                fr: "{minimum} heures par semaine",
                en: "{minimum} hours a week",
            )
        }
        None => tr!(lang,
            nl: "geen minimum per week",
            fr: "pas de minimum par semaine",
            en: "no weekly minimum",
        )
        .to_string(),
    })
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;
    use crate::rules::test_support::{date, request_in, severities_at_start};

    fn run(first_year: i32, hours: Option<Decimal>) -> Vec<(&'static str, Severity)> {
        let mut r = request_in(first_year);
        r.uren_per_week = hours;
        severities_at_start(&r, check)
    }

    fn hours(hundredths: i64) -> Option<Decimal> {
        Some(Decimal::new(hundredths, 2))
    }

    #[test]
    fn in_2025_2026_27_99_28_and_28_01() {
        assert_eq!(run(2025, hours(2799)), vec![("R222", Severity::Error)]);
        assert!(run(2025, hours(2800)).is_empty());
        assert!(run(2025, hours(2801)).is_empty());
        assert_eq!(run(2025, hours(0)), vec![("R222", Severity::Error)]);
    }

    #[test]
    fn not_raised_when_the_field_is_absent() {
        for first_year in [2024, 2025, 2026] {
            assert!(run(first_year, None).is_empty(), "{first_year}");
        }
    }

    #[test]
    fn a_warning_in_the_provisional_2026_2027_and_after() {
        assert_eq!(run(2026, hours(2799)), vec![("R222", Severity::Warning)]);
        assert!(run(2026, hours(2800)).is_empty());
        assert_eq!(run(2031, hours(2000)), vec![("R222", Severity::Warning)]);
    }

    #[test]
    fn nothing_before_2025_2026() {
        assert!(run(2024, hours(1000)).is_empty());
        // 31 August 2025 is still 2024-2025; 1 September 2025 is 2025-2026.
        let mut r = request_in(2025);
        r.uren_per_week = hours(2000);
        r.startdatum = date(2025, 8, 31);
        assert!(severities_at_start(&r, check).is_empty());
        r.startdatum = date(2025, 9, 1);
        assert_eq!(severities_at_start(&r, check), vec![("R222", Severity::Error)]);
    }

    #[test]
    fn the_messages_in_each_language() {
        let mut r = request_in(2025);
        r.uren_per_week = hours(2799);
        let fr = crate::rules::test_support::french_messages(&r, check);
        assert_eq!(
            fr,
            vec![
                "le travailleur travaille en moyenne 27,99 heures par semaine, moins que le minimum de 28 heures de \
                 l'année scolaire 2025-2026: pas de droit au VOV"
            ]
        );
        let mut r = request_in(2026);
        r.uren_per_week = hours(2799);
        let en = crate::rules::test_support::diagnostics_in(&r, r.startdatum, Lang::En, check);
        assert!(
            en[0].message.contains("28 hours in school year 2026-2027 (provisional"),
            "{}",
            en[0].message
        );
        assert_eq!(en[0].field, Some(Field::UrenPerWeek));
    }

    #[test]
    fn the_figures_by_year() {
        let text = year_figures(Regulation::built_in(), Lang::En);
        assert!(text.contains("2024-2025: no weekly minimum\n"), "{text}");
        assert!(text.contains("2025-2026: 28 hours a week\n"), "{text}");
        assert!(text.contains("2026-2027: 28 hours a week (provisional)"), "{text}");
    }
}
