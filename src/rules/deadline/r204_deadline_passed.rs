//! R204 deadline-passed: the three-month deadline after the reference start has passed.
//!
//! Stops R205 and R206 on the same row ([`crate::relations`]).

use crate::calendar::{school_year, school_year_name};
use crate::lang::{count, trf};
use crate::model::{Diagnostic, Request, Severity};
use crate::regulation::{fixed_last_day, last_day_of};
use crate::rules::deadline::reference_field;
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::date::format_be;

/// The rule R204: its code, name, severity and texts in every language.
pub const R204: Rule = Rule {
    code: crate::code::Code::R204,
    name: "deadline-passed",
    severity: "error",
    summary: Text {
        nl: "De termijn van drie maanden na de (referentie)start is verstreken.",
        fr: "Le délai de trois mois après le début (de référence) est dépassé.",
        en: "The three-month deadline after the (reference) start has passed.",
    },
    explanation: Explanation {
        what: Text {
            nl: "De indieningsdatum (--as-of, standaard vandaag in Brussel) valt na de laatste dag om in te dienen. Die laatste dag is de dag vóór dezelfde dag van de maand, drie maanden na de referentiestart; bestaat die dag niet in die maand, dan de laatste dag van die maand. De referentiestart is de startdatum, of de inschrijvingsdatum als die later is (R207). Bij een nieuwe werknemer telt ook de termijn vanaf de indiensttreding (R216). Twee schooljaren hadden een vaste laatste dag (de schooljaartabel van de regelcatalogus): in 2019-2020 31 oktober 2020 voor opleidingen gestart tot en met 1 augustus 2020, in 2021-2022 30 november 2022 voor elke start.",
            fr: "La date d'introduction (--as-of, par défaut aujourd'hui à Bruxelles) tombe après le dernier jour pour introduire. Ce dernier jour est la veille du même jour du mois, trois mois après le début de référence; si ce jour n'existe pas dans ce mois, c'est le dernier jour de ce mois. Le début de référence est la date de début, ou la date d'inscription si elle est postérieure (R207). Pour un nouveau travailleur, le délai compté à partir de l'entrée en service compte aussi (R216). Deux années scolaires avaient un dernier jour fixe (le tableau des années scolaires du catalogue des règles): en 2019-2020 le 31 octobre 2020 pour les formations commencées jusqu'au 1er août 2020 inclus, en 2021-2022 le 30 novembre 2022 pour tout début.",
            en: "The submission date (--as-of, default today in Brussels) is after the last day to submit. That last day is the day before the same day-of-month three months after the reference start; when that day does not exist in that month, the last day of that month. The reference start is the startdatum, or the inschrijvingsdatum when that is later (R207). For a new hire the deadline from the hire date also counts (R216). Two school years had a fixed last day (the school-year table of the rule catalogue): in 2019-2020 31 October 2020 for trainings started up to 1 August 2020, in 2021-2022 30 November 2022 for every start.",
        },
        why: Text {
            nl: "'Die deadline wordt strikt toegepast': een te late aanvraag wordt geweigerd wegens laattijdigheid. Gekozen: het voorbeeld van de bron (start 26 september 2022, indienen tot en met 25 december 2022) vastgelegd als 'dag ervoor'; voor maanden zonder die dag de laatste dag van de maand.",
            fr: "'Ce délai est appliqué strictement': une demande introduite trop tard est refusée pour cause de tardiveté. Choix fait: l'exemple de la source (début le 26 septembre 2022, introduction jusqu'au 25 décembre 2022 inclus) retenu comme 'la veille'; pour les mois sans ce jour, le dernier jour du mois.",
            en: "'The deadline is applied strictly': a late request is refused for lateness. Choice made: the source's example (start 26 September 2022, submit up to and including 25 December 2022) fixed as 'the day before'; for months without that day, the month's last day.",
        },
        source: Text {
            nl: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', rubriek Termijn ('Die deadline wordt strikt toegepast') en 'Laattijdige inschrijving'; vlaanderen.be, procedure voor werkgevers ('kunnen nog ingediend worden t.e.m. 31 oktober 2020'); Liantis, 17 november 2022 (2021-2022: tot 30 november 2022)",
            fr: "vlaanderen.be, « Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever », rubrique Termijn (« Die deadline wordt strikt toegepast ») et « Laattijdige inschrijving »; vlaanderen.be, procédure pour les employeurs (procedure voor werkgevers) (« kunnen nog ingediend worden t.e.m. 31 oktober 2020 »); Liantis, 17 novembre 2022 (2021-2022: jusqu'au 30 novembre 2022)",
            en: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', section Termijn ('Die deadline wordt strikt toegepast') and 'Laattijdige inschrijving'; vlaanderen.be, procedure for employers (procedure voor werkgevers) ('kunnen nog ingediend worden t.e.m. 31 oktober 2020'); Liantis, 17 November 2022 (2021-2022: until 30 November 2022)",
        },
        fix: Text {
            nl: "Niet meer in te dienen via de bulkupload. Controleer of de startdatum klopt met het inschrijvingsattest, of bij een late inschrijving de inschrijvingsdatum, of bij een nieuwe werknemer de indiensttreding ingevuld is.",
            fr: "Ne peut plus être introduite via le chargement groupé. Vérifiez que la date de début correspond à l'attestation d'inscription, ou, en cas d'inscription tardive, que la date d'inscription est remplie, ou, pour un nouveau travailleur, que la date d'entrée en service est remplie.",
            en: "Can no longer be submitted through the bulk upload. Check the startdatum against the enrolment certificate, or fill in the inschrijvingsdatum (late enrolment) or the indiensttreding (new hire).",
        },
        example: Text {
            nl: "Start 26/09/2022: laatste dag 25/12/2022. Met --as-of 2022-12-26: R204. Start 30/11/2023: laatste dag 29/02/2024.",
            fr: "Début 26/09/2022: dernier jour 25/12/2022. Avec --as-of 2022-12-26: R204. Début 30/11/2023: dernier jour 29/02/2024.",
            en: "Start 26/09/2022: last day 25/12/2022. With --as-of 2022-12-26: R204. Start 30/11/2023: last day 29/02/2024.",
        },
    },
};

/// R204 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    let reference = request.reference_start();
    let field = reference_field(request);
    let last_day = last_day_of(request);
    if ctx.as_of > last_day {
        let late = (ctx.as_of - last_day).num_days();
        let basis = match fixed_last_day(reference) {
            Some(fixed) if fixed == last_day => {
                let year = school_year_name(school_year(reference));
                trf!(lang,
                    nl: "de vaste laatste dag van schooljaar {year}",
                    fr: "le dernier jour fixe de l'année scolaire {year}",
                    en: "the fixed last day of school year {year}",
                )
            }
            _ => {
                let start = format_be(reference);
                trf!(lang,
                    nl: "3 maanden na {start}",
                    fr: "3 mois après le {start}",
                    en: "3 months after {start}",
                )
            }
        };
        let last = format_be(last_day);
        let late = count!(lang, late, nl: ("dag", "dagen"), fr: ("jour", "jours"), en: ("day", "days"));
        out.push(Diagnostic {
            code: R204.code,
            severity: Severity::Error,
            field: Some(field),
            value: Some(format_be(reference)),
            message: trf!(lang,
                nl: "te laat: de laatste dag om in te dienen was {last} ({basis}); {late} te laat",
                fr: "trop tard: le dernier jour pour introduire était le {last} ({basis}); {late} trop tard",
                en: "too late: the last day to submit was {last} ({basis}); {late} late",
            ),
            help: R204.explanation.fix.get(lang).into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::rules::test_support::{codes, date, request};

    #[test]
    fn day_before_day_of_and_day_after_the_last_day() {
        // Start 26/09/2022: last day 25/12/2022 (001's example).
        let mut r = request();
        r.startdatum = date(2022, 9, 26);
        assert!(codes(&r, date(2022, 12, 24), check).is_empty());
        assert!(codes(&r, date(2022, 12, 25), check).is_empty());
        assert_eq!(codes(&r, date(2022, 12, 26), check), vec!["R204"]);
    }

    #[test]
    fn counts_from_the_later_enrolment_date() {
        let mut r = request();
        r.startdatum = date(2022, 9, 1);
        r.inschrijvingsdatum = Some(date(2022, 9, 26));
        r.einddatum = date(2023, 6, 30);
        assert!(codes(&r, date(2022, 12, 25), check).is_empty());
        assert_eq!(codes(&r, date(2022, 12, 26), check), vec!["R204"]);
    }

    #[test]
    fn the_fixed_last_day_of_2021_2022_day_before_of_and_after() {
        let mut r = request();
        r.startdatum = date(2021, 9, 15);
        r.einddatum = date(2022, 6, 30);
        assert!(codes(&r, date(2022, 11, 29), check).is_empty());
        assert!(codes(&r, date(2022, 11, 30), check).is_empty());
        let mut out = Vec::new();
        check(&r, &Context::for_tests(date(2022, 12, 1)), &mut out);
        assert_eq!(out.len(), 1);
        assert!(
            out[0]
                .message
                .contains("30/11/2022 (the fixed last day of school year 2021-2022)"),
            "{}",
            out[0].message
        );
    }

    #[test]
    fn the_fixed_last_day_of_2019_2020_holds_for_starts_up_to_1_august_2020() {
        let mut r = request();
        r.startdatum = date(2020, 8, 1);
        r.einddatum = date(2020, 8, 31);
        assert!(codes(&r, date(2020, 10, 31), check).is_empty());
        assert_eq!(codes(&r, date(2020, 11, 1), check), vec!["R204"]);
        r.startdatum = date(2020, 8, 2);
        assert!(codes(&r, date(2020, 11, 1), check).is_empty());
        assert_eq!(codes(&r, date(2020, 11, 2), check), vec!["R204"]);
    }

    #[test]
    fn a_new_hire_counts_from_the_hire_date() {
        let mut r = request();
        r.startdatum = date(2026, 9, 1);
        r.indiensttreding = Some(date(2026, 11, 1));
        // From the hire date: last day 31/01/2027.
        assert!(codes(&r, date(2027, 1, 31), check).is_empty());
        assert_eq!(codes(&r, date(2027, 2, 1), check), vec!["R204"]);
    }

    fn messages_in_french(r: &Request, as_of: chrono::NaiveDate) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let ctx = Context {
            lang: Lang::Fr,
            ..Context::for_tests(as_of)
        };
        check(r, &ctx, &mut out);
        out.into_iter().map(|d| (d.message, d.help.into_owned())).collect()
    }

    #[test]
    fn in_french_one_day_late_is_singular_and_two_days_plural() {
        let mut r = request();
        r.startdatum = date(2022, 9, 26);
        assert!(messages_in_french(&r, date(2022, 12, 25)).is_empty());
        let one = messages_in_french(&r, date(2022, 12, 26));
        assert_eq!(
            one[0].0,
            "trop tard: le dernier jour pour introduire était le 25/12/2022 (3 mois après le 26/09/2022); 1 jour trop tard"
        );
        assert!(one[0].1.starts_with("Ne peut plus être introduite"), "{}", one[0].1);
        let two = messages_in_french(&r, date(2022, 12, 27));
        assert!(two[0].0.ends_with("; 2 jours trop tard"), "{}", two[0].0);
    }

    #[test]
    fn in_french_the_fixed_last_day_names_the_school_year() {
        let mut r = request();
        r.startdatum = date(2021, 9, 15);
        r.einddatum = date(2022, 6, 30);
        let messages = messages_in_french(&r, date(2022, 12, 1));
        assert!(
            messages[0]
                .0
                .contains("30/11/2022 (le dernier jour fixe de l'année scolaire 2021-2022); 1 jour trop tard"),
            "{}",
            messages[0].0
        );
    }
}
