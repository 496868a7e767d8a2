//! R208 low-employment: the right to VOV needs a total TWP of at least 50
//! over all employers; at most 50 at one employer with a fixed schedule,
//! only hours that overlap working time count.
//!
//! Two checks: on the batch, per employee and school year over all their
//! rows that typed ([`check_group`]: the total, RULES.md rev 2), and on one
//! request (the fixed schedule at its employer, [`check`]).

use std::sync::Arc;

use crate::calendar::school_year_name;
use crate::field::Field;
use crate::lang::{count, tr, trf, Lang};
use crate::model::{Diagnostic, Request, Severity};
use crate::regulation::{figures_of, school_year_figures, ReferenceMonth};
use crate::rules::{Context, Explanation, Rule, Text};
use crate::state::{EmployeeIndex, Finding, Findings, TotalTwp};
use crate::values::insz::mask_raw;
use crate::values::number::format_comma;

/// The rule R208: its code, name, severity and texts in every language.
pub const R208: Rule = Rule {
    code: crate::code::Code::R208,
    name: "low-employment",
    severity: "error / warning",
    summary: Text {
        nl: "Totale TWP over alle werkgevers onder 50: geen recht op VOV; hoogstens 50 bij één werkgever met een vast uurrooster: enkel samenvallende uren.",
        fr: "Taux d'occupation (TWP) total chez tous les employeurs inférieur à 50: pas de droit au VOV; au plus 50 chez un employeur avec un horaire fixe: seules les heures qui coïncident comptent.",
        en: "Total TWP over all employers below 50: no right to VOV; at most 50 at one employer on a fixed schedule: only overlapping hours.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Per werknemer en schooljaar, over al zijn rijen: is er een tewerkstelling_totaal_pct, dan telt de laagste; onder 50 is een fout op elke rij. Zonder totaal telt de som van de TWP's van zijn werkgevers in de batch (per werkgever de laagste, hoogstens 100); onder 50 is een waarschuwing op elke rij: de werknemer kan nog elders werken, wat het bestand niet toont. Zonder enige TWP wordt niets gemeld. Per rij: tewerkstelling_pct bij deze werkgever hoogstens 50 met vast_uurrooster = ja is een waarschuwing.",
            fr: "Par travailleur et année scolaire, sur toutes ses lignes: si un tewerkstelling_totaal_pct est indiqué, le plus bas compte; en dessous de 50, c'est une erreur sur chaque ligne. Sans total, c'est la somme des TWP de ses employeurs dans le lot qui compte (pour chaque employeur le plus bas, au plus 100); en dessous de 50, c'est un avertissement sur chaque ligne: le travailleur peut encore travailler ailleurs, ce que le fichier ne montre pas. Sans aucun TWP, rien n'est signalé. Par ligne: un tewerkstelling_pct d'au plus 50 chez cet employeur avec vast_uurrooster = ja est un avertissement.",
            en: "Per employee and school year, over all their rows: when a tewerkstelling_totaal_pct is given, the lowest counts; below 50 is an error on every row. Without a total, the sum of their employers' TWPs in the batch counts (each employer's lowest, at most 100); below 50 is a warning on every row: the employee may work elsewhere too, which the file cannot show. Without any TWP nothing is reported. Per row: tewerkstelling_pct at this employer at most 50 with vast_uurrooster = ja is a warning.",
        },
        why: Text {
            nl: "VOV vraagt een tewerkstelling van minstens 50%, en 'de dienst telt daarvoor alle tewerkstellingslijnen van alle werkgevers samen': een werknemer met 40% bij klant A en 35% bij klant B heeft recht. De referentiemaand is september van het schooljaar tot en met 2022-2023 (004: 'we kijken naar de maand september van het opleidingsjaar') en maart vóór het schooljaar vanaf 2023-2024 (001: 'in maart, voorafgaand aan het schooljaar'); wie dan onder 50% zat, wordt beoordeeld op de maand waarin de eerste opleiding start. Die maand en de lijnen bij andere werkgevers staan in de DmfA: vov-bulk ziet ze niet en neemt de TWP van het bestand als die van de referentiemaand. Daarom enkel een waarschuwing zonder totaal: een ten onrechte geweigerde aanvraag is voorgoed verloren, een ten onrechte ingediende wordt enkel door WSE geweigerd. Met een vast uurrooster bij één werkgever aan 50% of minder geeft enkel samenvallende tijd recht op VOV.",
            fr: "Le VOV exige un taux d'occupation d'au moins 50%, et 'de dienst telt daarvoor alle tewerkstellingslijnen van alle werkgevers samen' (le service additionne pour cela toutes les lignes d'occupation de tous les employeurs): un travailleur occupé à 40% chez le client A et à 35% chez le client B y a droit. Le mois de référence est septembre de l'année scolaire jusqu'en 2022-2023 (004: 'we kijken naar de maand september van het opleidingsjaar', nous regardons le mois de septembre de l'année de formation) et mars avant l'année scolaire à partir de 2023-2024 (001: 'in maart, voorafgaand aan het schooljaar', en mars, avant l'année scolaire); celui qui était alors en dessous de 50% est jugé sur le mois où commence la première formation. Ce mois et les lignes chez d'autres employeurs figurent dans la DmfA: vov-bulk ne les voit pas et prend le TWP du fichier comme celui du mois de référence. D'où un simple avertissement sans total: une demande refusée à tort est perdue pour de bon, une demande introduite à tort est seulement refusée par WSE. Avec un horaire fixe chez un employeur à 50% ou moins, seul le temps qui coïncide donne droit au VOV.",
            en: "VOV needs employment of at least 50%, and 'de dienst telt daarvoor alle tewerkstellingslijnen van alle werkgevers samen': an employee at 40% with client A and 35% with client B is entitled. The reference month is September of the school year up to 2022-2023 (004: 'we kijken naar de maand september van het opleidingsjaar') and March before the school year from 2023-2024 (001: 'in maart, voorafgaand aan het schooljaar'); someone below 50% then is judged on the month the first training starts. That month and the lines at other employers are in the DmfA: vov-bulk cannot see them and takes the file's TWP as the reference month's. Hence only a warning without a total: a wrongly rejected request is lost for good, a wrongly submitted one is only refused by WSE. On a fixed schedule at one employer at 50% or less only overlapping time gives VOV.",
        },
        source: "vlaanderen.be, Berekening tewerkstellingspercentage ('alle tewerkstellingslijnen van alle werkgevers samen', public fact); vlaanderen.be, Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever (001_1f5b18419eea068f.txt: 'in maart, voorafgaand aan het schooljaar'); Premies en voordelen: Vlaams opleidingsverlof, versie januari 2020 (004_83b721da382c7edc.txt: september van het opleidingsjaar); Sociaal secretariaat Dienstbetoon, Vlaams opleidingsverlof (003_3c4063dd767c45eb.txt: exact 50% met een vast uurrooster); vlaanderen.be, Inplannen ('bij één werkgever 50% of minder én met een vast uurrooster')",
        fix: Text {
            nl: "Fout: niet indienen, of verbeter tewerkstelling_totaal_pct volgens de DmfA van de referentiemaand. Waarschuwing zonder totaal: ga na of de werknemer elders werkt en vul tewerkstelling_totaal_pct in; dien enkel in als het totaal 50% haalt. Vast uurrooster: vraag enkel de uren aan die met de arbeidstijd samenvallen.",
            fr: "Erreur: n'introduisez pas la demande, ou corrigez tewerkstelling_totaal_pct selon la DmfA du mois de référence. Avertissement sans total: vérifiez si le travailleur travaille ailleurs et remplissez tewerkstelling_totaal_pct; n'introduisez la demande que si le total atteint 50%. Horaire fixe: ne demandez que les heures qui coïncident avec le temps de travail.",
            en: "Error: do not submit, or correct tewerkstelling_totaal_pct from the DmfA of the reference month. Warning without a total: find out whether the employee works elsewhere and fill in tewerkstelling_totaal_pct; submit only if the total reaches 50%. Fixed schedule: claim only the hours that overlap working time.",
        },
        example: Text {
            nl: "40% bij werkgever A en 35% bij B: totaal 75, niets. 30% + 19,99%: waarschuwing (49,99); 30% + 20%: niets. tewerkstelling_totaal_pct 49,99: fout; 50: niets. 50% bij A met vast uurrooster ja: waarschuwing.",
            fr: "40% chez l'employeur A et 35% chez B: total 75, rien. 30% + 19,99%: avertissement (49,99); 30% + 20%: rien. tewerkstelling_totaal_pct 49,99: erreur; 50: rien. 50% chez A avec horaire fixe ja: avertissement.",
            en: "40% at employer A and 35% at B: total 75, nothing. 30% + 19.99%: warning (49.99); 30% + 20%: nothing. tewerkstelling_totaal_pct 49.99: error; 50: nothing. 50% at A with fixed schedule ja: warning.",
        },
    },
};

/// R208 on one request: at most 50 at this employer on a fixed schedule.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    let Some(twp) = request.twp else {
        return;
    };
    if twp <= figures_of(request).constants.base_minimum_twp && request.vast_uurrooster == Some(true) {
        let shown = format_comma(twp);
        out.push(R208.diagnostic(
            Severity::Warning,
            Some(Field::TewerkstellingPct),
            Some(shown.clone()),
            trf!(lang,
                nl: "{shown}% bij deze werkgever met een vast uurrooster: enkel uren waarin lessen of examens samenvallen met de arbeidstijd geven VOV",
                fr: "{shown}% chez cet employeur avec un horaire fixe: seules les heures où des cours ou des examens coïncident avec le temps de travail donnent droit au VOV",
                en: "{shown}% at this employer on a fixed schedule: only hours where lessons or exams overlap working time give VOV",
            ),
            lang,
        ));
    }
}

/// R208 on one employee's school year (`group`: every row of it that typed):
/// their total TWP below 50, an error when it is given, a warning when it is
/// only the sum of their employers in the batch. One finding shared by the rows.
pub(crate) fn check_group(index: &EmployeeIndex, group: &[u32], findings: &mut Findings, lang: Lang) {
    let Some(first) = group.first().map(|i| index.entry(*i)) else {
        return;
    };
    let minimum = school_year_figures(first.school_year()).minimum_twp;
    let who = mask_raw(&format!("{:011}", first.insz));
    let year = school_year_name(first.school_year());
    let month = match school_year_figures(first.school_year()).twp_reference {
        ReferenceMonth::September => tr!(lang,
            nl: "september van het schooljaar",
            fr: "septembre de l'année scolaire",
            en: "September of the school year",
        ),
        ReferenceMonth::MarchBefore => tr!(lang,
            nl: "maart vóór het schooljaar",
            fr: "mars avant l'année scolaire",
            en: "March before the school year",
        ),
    };
    let diagnostic = match index.total_twp(group) {
        TotalTwp::Given(total) if total < minimum => {
            let shown = format_comma(total);
            R208.diagnostic(
                Severity::Error,
                Some(Field::TewerkstellingTotaalPct),
                Some(shown.clone()),
                trf!(lang,
                    nl: "werknemer {who} is in schooljaar {year} in totaal {shown}% tewerkgesteld, minder dan 50%: geen recht op VOV (referentiemaand: {month})",
                    fr: "le travailleur {who} est occupé au total à {shown}% pendant l'année scolaire {year}, moins de 50%: pas de droit au VOV (mois de référence: {month})",
                    en: "employee {who} is employed {shown}% in total in school year {year}, below 50%: no right to VOV (reference month: {month})",
                ),
                lang,
            )
        }
        TotalTwp::Summed { total, employers } if total < minimum => {
            let shown = format_comma(total);
            let employers = count!(lang, i64::try_from(employers).unwrap_or(i64::MAX),
                nl: ("werkgever", "werkgevers"),
                fr: ("employeur", "employeurs"),
                en: ("employer", "employers"),
            );
            R208.diagnostic(
                Severity::Warning,
                Some(Field::TewerkstellingPct),
                Some(shown.clone()),
                trf!(lang,
                    nl: "werknemer {who} is in schooljaar {year} bij {employers} in deze batch samen {shown}% tewerkgesteld, minder dan 50%: dien enkel in als het totaal over alle werkgevers 50% haalt (vul tewerkstelling_totaal_pct in)",
                    fr: "le travailleur {who} est occupé en tout à {shown}% chez {employers} de ce lot pendant l'année scolaire {year}, moins de 50%: n'introduisez la demande que si le total chez tous les employeurs atteint 50% (remplissez tewerkstelling_totaal_pct)",
                    en: "employee {who} is employed {shown}% in total at {employers} of this batch in school year {year}, below 50%: submit only if the total over all employers reaches 50% (fill in tewerkstelling_totaal_pct)",
                ),
                lang,
            )
        }
        _ => return,
    };
    let finding = Arc::new(Finding::Diagnostic(diagnostic));
    for &member in group {
        findings.push_shared(member, Arc::clone(&finding));
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;
    use crate::rules::batch::test_rows::Rows;
    use crate::rules::test_support::{self, date, request};
    use crate::values::Kbo;

    fn run(r: &Request) -> Vec<(&'static str, Severity)> {
        test_support::severities(r, date(2026, 10, 1), check)
    }

    #[test]
    fn a_fixed_schedule_at_this_employer_at_most_50() {
        let mut r = request();
        r.vast_uurrooster = Some(true);
        r.twp = Some(Decimal::new(4999, 2));
        assert_eq!(run(&r), vec![("R208", Severity::Warning)]);
        r.twp = Some(Decimal::from(50));
        assert_eq!(run(&r), vec![("R208", Severity::Warning)]);
        r.twp = Some(Decimal::new(5001, 2));
        assert!(run(&r).is_empty());
        r.twp = Some(Decimal::from(50));
        r.vast_uurrooster = Some(false);
        assert!(run(&r).is_empty());
        r.vast_uurrooster = None;
        assert!(run(&r).is_empty());
        r.twp = None;
        r.vast_uurrooster = Some(true);
        assert!(run(&r).is_empty());
    }

    /// One employee at two employers with these TWPs (and totals), one row each.
    fn two_employers(
        first: (Option<Decimal>, Option<Decimal>),
        second: (Option<Decimal>, Option<Decimal>),
    ) -> Vec<Vec<(&'static str, Severity)>> {
        let mut a = request();
        (a.twp, a.twp_totaal) = first;
        let mut b = request();
        b.kbo = Kbo::parse("0202239951").unwrap();
        (b.twp, b.twp_totaal) = second;
        let mut rows = Rows::default();
        rows.plain(2, a).plain(3, b);
        let years = rows.index.by_employee_year();
        let mut findings = Findings::default();
        for group in years.groups() {
            check_group(&rows.index, group, &mut findings, Lang::En);
        }
        rows.finals(&findings)
            .iter()
            .map(|ds| ds.iter().map(|d| (d.code.as_str(), d.severity)).collect())
            .collect()
    }

    fn pct(hundredths: i64) -> Option<Decimal> {
        Some(Decimal::new(hundredths, 2))
    }

    #[test]
    fn the_total_over_two_employers_49_99_50_and_50_01() {
        let warning = vec![("R208", Severity::Warning)];
        // 40 + 35: entitled, though each employer alone is below 50.
        assert_eq!(
            two_employers((pct(4000), None), (pct(3500), None)),
            vec![vec![], vec![]]
        );
        assert_eq!(
            two_employers((pct(3000), None), (pct(1999), None)),
            vec![warning.clone(), warning.clone()]
        );
        assert_eq!(
            two_employers((pct(3000), None), (pct(2000), None)),
            vec![vec![], vec![]]
        );
        assert_eq!(
            two_employers((pct(3000), None), (pct(2001), None)),
            vec![vec![], vec![]]
        );
    }

    #[test]
    fn a_given_total_decides_49_99_50_and_50_01() {
        let error = vec![("R208", Severity::Error)];
        assert_eq!(
            two_employers((pct(3000), pct(4999)), (pct(2000), None)),
            vec![error.clone(), error.clone()]
        );
        assert_eq!(
            two_employers((pct(3000), pct(5000)), (pct(1000), None)),
            vec![vec![], vec![]]
        );
        assert_eq!(
            two_employers((pct(3000), pct(5001)), (None, None)),
            vec![vec![], vec![]]
        );
        // The lowest total given counts.
        assert_eq!(
            two_employers((None, pct(8000)), (None, pct(4000))),
            vec![error.clone(), error]
        );
    }

    #[test]
    fn no_twp_at_all_says_nothing() {
        assert_eq!(two_employers((None, None), (None, None)), vec![vec![], vec![]]);
    }

    /// The messages of R208 on one employee's rows (one per employer with
    /// these TWPs), in French.
    fn group_messages_in_french(twps: &[(&str, Option<Decimal>, Option<Decimal>)]) -> Vec<String> {
        let mut rows = Rows::default();
        for (line, (kbo, twp, total)) in (2..).zip(twps) {
            let mut r = request();
            r.kbo = Kbo::parse(kbo).unwrap();
            (r.twp, r.twp_totaal) = (*twp, *total);
            rows.plain(line, r);
        }
        let years = rows.index.by_employee_year();
        let mut findings = Findings::default();
        for group in years.groups() {
            check_group(&rows.index, group, &mut findings, Lang::Fr);
        }
        rows.finals(&findings)
            .into_iter()
            .flatten()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn in_french_one_employer_is_singular_and_two_plural() {
        let one = group_messages_in_french(&[("0403170701", pct(4999), None)]);
        assert_eq!(
            one[0],
            "le travailleur 850730-xxx-xx est occupé en tout à 49,99% chez 1 employeur de ce lot pendant l'année \
             scolaire 2026-2027, moins de 50%: n'introduisez la demande que si le total chez tous les employeurs \
             atteint 50% (remplissez tewerkstelling_totaal_pct)"
        );
        let two = group_messages_in_french(&[("0403170701", pct(3000), None), ("0202239951", pct(1999), None)]);
        assert!(two[0].contains("à 49,99% chez 2 employeurs de ce lot"), "{}", two[0]);
        assert!(group_messages_in_french(&[("0403170701", pct(5000), None)]).is_empty());
        let given = group_messages_in_french(&[("0403170701", pct(3000), pct(4999))]);
        assert!(
            given[0].ends_with("moins de 50%: pas de droit au VOV (mois de référence: mars avant l'année scolaire)"),
            "{}",
            given[0]
        );
    }

    #[test]
    fn in_french_a_fixed_schedule_at_50() {
        let mut r = request();
        r.vast_uurrooster = Some(true);
        r.twp = Some(Decimal::from(50));
        let ctx = Context {
            lang: Lang::Fr,
            ..Context::for_tests(date(2026, 10, 1))
        };
        let mut out = Vec::new();
        check(&r, &ctx, &mut out);
        assert_eq!(
            out[0].message,
            "50% chez cet employeur avec un horaire fixe: seules les heures où des cours ou des examens coïncident \
             avec le temps de travail donnent droit au VOV"
        );
        assert!(out[0].help.starts_with("Erreur: n'introduisez pas"), "{}", out[0].help);
    }
}
