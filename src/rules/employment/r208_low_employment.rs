//! R208 low-employment: the right to VOV needs a total TWP over all
//! employers of at least the school year's minimum (the regulation table:
//! 50, 80 in 2025-2026); at most the base minimum (50) at one employer with
//! a fixed schedule, only hours that overlap working time count.
//!
//! Two checks: on the batch, per employee and school year over all their
//! rows that typed ([`check_group`]: the total, RULES.md rev 2 and rev 3,
//! with the provisional year's and the transitional measure's exceptions
//! per row), and on one request (the fixed schedule at its employer, [`check`]).

use std::sync::Arc;

use crate::calendar::school_year_name;
use crate::field::Field;
use crate::lang::{count, tr, trf, Lang};
use crate::model::{Diagnostic, Request, Severity};
use crate::regulation::{figures_of, school_year_figures, Regulation};
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
        nl: "Totale TWP over alle werkgevers onder het minimum van het schooljaar (schooljaartabel): geen recht op VOV; hoogstens 50% bij één werkgever met een vast uurrooster: enkel samenvallende uren.",
        fr: "Taux d'occupation (TWP) total chez tous les employeurs inférieur au minimum de l'année scolaire (tableau des années scolaires): pas de droit au VOV; au plus 50% chez un employeur avec un horaire fixe: seules les heures qui coïncident comptent.",
        en: "Total TWP over all employers below the school year's minimum (school-year table): no right to VOV; at most 50% at one employer on a fixed schedule: only overlapping hours.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Het minimum is de minimale TWP van het schooljaar in de regelgevingstabel (zie de cijfers per schooljaar). Per werknemer en schooljaar, over al zijn rijen: is er een totaal tewerkstellingspercentage, dan telt de laagste; onder het minimum is een fout op elke rij. Twee uitzonderingen geven een waarschuwing in de plaats: in een voorlopig schooljaar een totaal van minstens het basisminimum (base_minimum_twp van de tabel, 50%) maar onder het hogere minimum van het jaar; en een rij met overgangsmaatregel = ja waarvan het totaal minstens het basisminimum is (per rij: de andere rijen van dezelfde werknemer zonder die vermelding houden de fout). Zonder totaal telt de som van de TWP's van zijn werkgevers in de batch (per werkgever de laagste, hoogstens 100); onder het minimum is een waarschuwing op elke rij: de werknemer kan nog elders werken, wat het bestand niet toont. Zonder enige TWP wordt niets gemeld. Per rij: tewerkstellingspercentage bij deze werkgever hoogstens het basisminimum (50%) met vast uurrooster = ja is een waarschuwing.",
            fr: "Le minimum est le TWP minimal de l'année scolaire dans le tableau de réglementation (voir les chiffres par année scolaire). Par travailleur et année scolaire, sur toutes ses lignes: si un taux d'occupation total est indiqué, le plus bas compte; en dessous du minimum, c'est une erreur sur chaque ligne. Deux exceptions donnent un avertissement à la place: pendant une année scolaire provisoire, un total d'au moins le minimum de base (base_minimum_twp du tableau, 50%) mais inférieur au minimum plus élevé de l'année; et une ligne avec mesure transitoire = ja dont le total atteint au moins le minimum de base (par ligne: les autres lignes du même travailleur sans cette mention gardent l'erreur). Sans total, c'est la somme des TWP de ses employeurs dans le lot qui compte (le plus bas par employeur, au plus 100); en dessous du minimum, c'est un avertissement sur chaque ligne: le travailleur peut encore travailler ailleurs, ce que le fichier ne montre pas. Sans aucun TWP, rien n'est signalé. Par ligne: un taux d'occupation chez cet employeur d'au plus le minimum de base (50%) avec horaire fixe = ja donne un avertissement.",
            en: "The minimum is the school year's minimum TWP in the regulation table (see the figures by school year). Per employee and school year, over all their rows: when a tewerkstelling_totaal_pct is given, the lowest counts; below the minimum is an error on each row. Two exceptions give a warning instead: in a provisional school year, a total of at least the base minimum (the table's base_minimum_twp, 50%) but below the year's higher minimum; and a row with overgangsmaatregel = ja whose total is at least the base minimum (per row: the employee's other rows without it keep the error). Without a total, the sum of the TWPs of their employers in the batch counts (each employer's lowest, at most 100); below the minimum is a warning on each row: the employee may work elsewhere too, which the file cannot show. Without any TWP nothing is raised. Per row: tewerkstelling_pct at this employer at most the base minimum (50%) with vast_uurrooster = ja is a warning.",
        },
        why: Text {
            nl: "VOV vraagt een tewerkstelling van minstens het minimum van het schooljaar: 50% (003, 004), en in 2025-2026 80% samen met 28 uren per week (R222; Vlaamse Regering, 25 april 2025: 'werknemers die minstens een tewerkstellingsgraad hebben van 80% en minstens 28 uur per week werken'). 'De dienst telt daarvoor alle tewerkstellingslijnen van alle werkgevers samen': een werknemer met 40% bij klant A en 45% bij klant B haalt 85%. De referentiemaand is september van het schooljaar tot en met 2022-2023 (004: 'we kijken naar de maand september van het opleidingsjaar') en maart vóór het schooljaar vanaf 2023-2024 (001: 'in maart, voorafgaand aan het schooljaar'); wie dan onder het minimum zat, wordt beoordeeld op de maand waarin de eerste opleiding start. Die maand en de lijnen bij andere werkgevers staan in de DmfA: vov-bulk ziet ze niet en neemt de TWP van het bestand als die van de referentiemaand. Daarom enkel een waarschuwing zonder totaal: een ten onrechte geweigerde aanvraag is voorgoed verloren, een ten onrechte ingediende wordt enkel door WSE geweigerd. Om dezelfde reden weigert de tool in een voorlopig schooljaar (cijfers overgenomen tot de regeling van dat jaar bekend is) geen rij boven het basisminimum van het decreet op het overgenomen cijfer alleen. Sociale secretariaten vermelden voor 2025-2026 een overgangsmaatregel voor werknemers tussen 50% en 80%, zonder details in de gevonden bronnen: de klerk die weet dat ze geldt, zet overgangsmaatregel = ja op de rij. Met een vast uurrooster bij één werkgever aan 50% of minder geeft enkel samenvallende tijd recht op VOV.",
            fr: "Le VOV exige un taux d'occupation d'au moins le minimum de l'année scolaire: 50% (003, 004), et en 2025-2026 80% avec 28 heures par semaine (R222; Gouvernement flamand, 25 avril 2025: 'werknemers die minstens een tewerkstellingsgraad hebben van 80% en minstens 28 uur per week werken'). 'De dienst telt daarvoor alle tewerkstellingslijnen van alle werkgevers samen' (le service additionne pour cela toutes les lignes d'occupation de tous les employeurs): un travailleur occupé à 40% chez le client A et à 45% chez le client B atteint 85%. Le mois de référence est septembre de l'année scolaire jusqu'en 2022-2023 (004: 'we kijken naar de maand september van het opleidingsjaar', nous regardons le mois de septembre de l'année de formation) et mars avant l'année scolaire à partir de 2023-2024 (001: 'in maart, voorafgaand aan het schooljaar', en mars, avant l'année scolaire); celui qui était alors en dessous du minimum est jugé sur le mois où commence la première formation. Ce mois et les lignes chez d'autres employeurs figurent dans la DmfA: vov-bulk ne les voit pas et prend le TWP du fichier comme celui du mois de référence. D'où un simple avertissement sans total: une demande refusée à tort est perdue pour de bon, une demande introduite à tort est seulement refusée par WSE. Pour la même raison, pendant une année scolaire provisoire (chiffres repris jusqu'à la publication de la réglementation de cette année), l'outil ne refuse aucune ligne au-dessus du minimum de base du décret sur le seul chiffre repris. Des secrétariats sociaux mentionnent pour 2025-2026 une mesure transitoire pour les travailleurs entre 50% et 80%, sans détails dans les sources trouvées: le gestionnaire qui sait qu'elle s'applique indique mesure transitoire = ja sur la ligne. Avec un horaire fixe chez un employeur à 50% ou moins, seul le temps qui coïncide donne droit au VOV.",
            en: "VOV needs employment of at least the school year's minimum: 50% (003, 004), and in 2025-2026 80% together with 28 hours a week (R222; Flemish Government, 25 April 2025: 'werknemers die minstens een tewerkstellingsgraad hebben van 80% en minstens 28 uur per week werken'). 'De dienst telt daarvoor alle tewerkstellingslijnen van alle werkgevers samen': an employee at 40% with client A and 45% with client B reaches 85%. The reference month is September of the school year up to 2022-2023 (004: 'we kijken naar de maand september van het opleidingsjaar') and March before the school year from 2023-2024 (001: 'in maart, voorafgaand aan het schooljaar'); someone below the minimum then is judged on the month the first training starts. That month and the lines at other employers are in the DmfA: vov-bulk cannot see them and takes the file's TWP as the reference month's. Hence only a warning without a total: a wrongly rejected request is lost for good, a wrongly submitted one is only refused by WSE. For the same reason, in a provisional school year (figures carried over until that year's regulation is published) the tool rejects no row above the decree's base minimum on the carried-over figure alone. Secretariats mention a transitional measure for workers between 50% and 80% in 2025-2026, without details in the sources found: the clerk who knows it applies marks the row with overgangsmaatregel = ja. On a fixed schedule at one employer at 50% or less only overlapping time gives VOV.",
        },
        source: Text {
            nl: "vlaanderen.be, 'Berekening tewerkstellingspercentage' ('alle tewerkstellingslijnen van alle werkgevers samen'); vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever' ('in maart, voorafgaand aan het schooljaar'); 'Premies en voordelen: Betaald Educatief Verlof / Vlaams opleidingsverlof', versie januari 2020 (september van het opleidingsjaar); Sociaal secretariaat Dienstbetoon, 'Vlaams opleidingsverlof' (precies 50% met een vast uurrooster); vlaanderen.be, 'Inplannen' ('bij één werkgever 50% of minder én met een vast uurrooster'); Vlaamse Regering, persbericht van 25 april 2025, en het besluit van 2025 tot wijziging van artikel 22 van het besluit van 21 december 2018 (80% in 2025-2026); de schooljaartabel van `vov-bulk regulation` (minimum_twp, base_minimum_twp, status)",
            fr: "vlaanderen.be, « Berekening tewerkstellingspercentage » (« alle tewerkstellingslijnen van alle werkgevers samen »); vlaanderen.be, « Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever » (« in maart, voorafgaand aan het schooljaar »); « Premies en voordelen: Betaald Educatief Verlof / Vlaams opleidingsverlof », version de janvier 2020 (septembre de l'année de formation); secrétariat social Dienstbetoon, « Vlaams opleidingsverlof » (exactement 50% avec un horaire fixe); vlaanderen.be, « Inplannen » (« bij één werkgever 50% of minder én met een vast uurrooster »); Gouvernement flamand, communiqué de presse du 25 avril 2025, et l'arrêté de 2025 modifiant l'article 22 de l'arrêté du 21 décembre 2018 (80% en 2025-2026); le tableau des années scolaires de `vov-bulk regulation` (minimum_twp, base_minimum_twp, status)",
            en: "vlaanderen.be, 'Berekening tewerkstellingspercentage' ('alle tewerkstellingslijnen van alle werkgevers samen'); vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever' ('in maart, voorafgaand aan het schooljaar'); 'Premies en voordelen: Betaald Educatief Verlof / Vlaams opleidingsverlof', January 2020 edition (September of the training year); Dienstbetoon social secretariat, 'Vlaams opleidingsverlof' (exactly 50% with a fixed schedule); vlaanderen.be, 'Inplannen' ('bij één werkgever 50% of minder én met een vast uurrooster'); Flemish Government, press release of 25 April 2025, and the order of 2025 amending article 22 of the order of 21 December 2018 (80% in 2025-2026); the school-year table of `vov-bulk regulation` (minimum_twp, base_minimum_twp, status)",
        },
        fix: Text {
            nl: "Hangt af van de melding. Fout (totaal onder het minimum van een bevestigd schooljaar): niet indienen, of verbeter het totale tewerkstellingspercentage volgens de DmfA van de referentiemaand. Waarschuwing in een voorlopig schooljaar of met overgangsmaatregel (totaal minstens 50%): dien enkel in als de regeling van dat schooljaar of de overgangsmaatregel de werknemer toelaat. Waarschuwing zonder totaal: ga na of de werknemer elders werkt en vul het totale tewerkstellingspercentage in; dien enkel in als het totaal het minimum van het schooljaar haalt. Waarschuwing vast uurrooster: vraag enkel de uren aan die met de arbeidstijd samenvallen.",
            fr: "Selon le message. Erreur (total inférieur au minimum d'une année scolaire confirmée): n'introduisez pas la demande, ou corrigez le taux d'occupation total selon la DmfA du mois de référence. Avertissement pendant une année scolaire provisoire ou avec la mesure transitoire (total d'au moins 50%): n'introduisez la demande que si la réglementation de cette année scolaire ou la mesure transitoire admet le travailleur. Avertissement sans total: vérifiez si le travailleur travaille ailleurs et remplissez le taux d'occupation total; n'introduisez la demande que si le total atteint le minimum de l'année scolaire. Avertissement horaire fixe: ne demandez que les heures qui coïncident avec le temps de travail.",
            en: "Depends on the finding. Error (a total below the minimum of a confirmed school year): do not submit, or correct tewerkstelling_totaal_pct from the DmfA of the reference month. Warning in a provisional school year or with the transitional measure (total at least 50%): submit only if that school year's regulation or the transitional measure admits the employee. Warning without a total: find out whether the employee works elsewhere and fill in tewerkstelling_totaal_pct; submit only if the total reaches the school year's minimum. Warning on a fixed schedule: claim only the hours that overlap working time.",
        },
        example: Text {
            nl: "2024-2025 (minimum 50%): 40% bij werkgever A en 35% bij B: totaal 75, niets; 30% + 19,99%: waarschuwing (49,99); totaal tewerkstellingspercentage 49,99: fout; 50: niets. 2025-2026 (minimum 80%): totaal 79,99: fout; 80: niets; 60 met overgangsmaatregel ja: waarschuwing; 49,99 met overgangsmaatregel ja: fout. 2026-2027 (voorlopig, 80%): totaal 79,99: waarschuwing; 49,99: fout. 50% bij A met vast uurrooster ja: waarschuwing.",
            fr: "2024-2025 (minimum 50%): 40% chez l'employeur A et 35% chez B: total 75, rien; 30% + 19,99%: avertissement (49,99); taux d'occupation total 49,99: erreur; 50: rien. 2025-2026 (minimum 80%): total 79,99: erreur; 80: rien; 60 avec mesure transitoire ja: avertissement; 49,99 avec mesure transitoire ja: erreur. 2026-2027 (provisoire, 80%): total 79,99: avertissement; 49,99: erreur. 50% chez A avec horaire fixe ja: avertissement.",
            en: "2024-2025 (minimum 50%): 40% at employer A and 35% at B: total 75, nothing; 30% + 19.99%: warning (49.99); tewerkstelling_totaal_pct 49.99: error; 50: nothing. 2025-2026 (minimum 80%): total 79.99: error; 80: nothing; 60 with overgangsmaatregel ja: warning; 49.99 with overgangsmaatregel ja: error. 2026-2027 (provisional, 80%): total 79.99: warning; 49.99: error. 50% at A with fixed schedule ja: warning.",
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

/// Why a given total below the year's minimum is only a warning on a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leniency {
    /// A confirmed year, no transitional measure: an error.
    None,
    /// A provisional year, the total at least the base minimum.
    Provisional,
    /// `overgangsmaatregel` = ja on the row, the total at least the base minimum.
    Transitional,
}

/// R208 on one employee's school year (`group`: every row of it that typed):
/// their total TWP below the school year's minimum, an error when it is
/// given (a warning on the rows the provisional year or the transitional
/// measure excuse), a warning when it is only the sum of their employers in
/// the batch. Findings shared by the rows they concern.
pub(crate) fn check_group(index: &EmployeeIndex, group: &[u32], findings: &mut Findings, lang: Lang) {
    let Some(first) = group.first().map(|i| index.entry(*i)) else {
        return;
    };
    let figures = school_year_figures(first.school_year());
    let (minimum, base) = (figures.minimum_twp, figures.constants.base_minimum_twp);
    let provisional_marker = if figures.is_provisional() {
        tr!(lang, nl: " (voorlopig)", fr: " (provisoire)", en: " (provisional)")
    } else {
        ""
    };
    let minimum_shown = format!("{}%{provisional_marker}", format_comma(minimum));
    let who = mask_raw(&format!("{:011}", first.insz));
    let year = school_year_name(first.school_year());
    let month = figures.twp_reference.describe(lang);
    match index.total_twp(group) {
        TotalTwp::Given(total) if total < minimum => {
            let shown = format_comma(total);
            let base_shown = format_comma(base);
            let leniency = |transitional: bool| {
                if total < base {
                    Leniency::None
                } else if figures.is_provisional() {
                    Leniency::Provisional
                } else if transitional {
                    Leniency::Transitional
                } else {
                    Leniency::None
                }
            };
            let mut made: [Option<Arc<Finding>>; 3] = [None, None, None];
            for &member in group {
                let how = leniency(index.entry(member).transitional);
                let slot = &mut made[how as usize];
                let finding = slot.get_or_insert_with(|| {
                    let (severity, message) = match how {
                        // In a provisional year only the base minimum rejects.
                        Leniency::None if figures.is_provisional() => (
                            Severity::Error,
                            trf!(lang,
                                nl: "werknemer {who} is in schooljaar {year} in totaal {shown}% tewerkgesteld, minder dan het basisminimum van {base_shown}% (minimum van het schooljaar: {minimum_shown}): geen recht op VOV (referentiemaand: {month})",
                                fr: "le travailleur {who} est occupé au total à {shown}% pendant l'année scolaire {year}, moins que le minimum de base de {base_shown}% (minimum de l'année scolaire: {minimum_shown}): pas de droit au VOV (mois de référence: {month})",
                                en: "employee {who} is employed {shown}% in total in school year {year}, below the base minimum of {base_shown}% (the school year's minimum: {minimum_shown}): no right to VOV (reference month: {month})",
                            ),
                        ),
                        Leniency::None => (
                            Severity::Error,
                            trf!(lang,
                                nl: "werknemer {who} is in schooljaar {year} in totaal {shown}% tewerkgesteld, minder dan het minimum van {minimum_shown}: geen recht op VOV (referentiemaand: {month})",
                                fr: "le travailleur {who} est occupé au total à {shown}% pendant l'année scolaire {year}, moins que le minimum de {minimum_shown}: pas de droit au VOV (mois de référence: {month})",
                                en: "employee {who} is employed {shown}% in total in school year {year}, below the minimum of {minimum_shown}: no right to VOV (reference month: {month})",
                            ),
                        ),
                        Leniency::Provisional => (
                            Severity::Warning,
                            trf!(lang,
                                nl: "werknemer {who} is in schooljaar {year} in totaal {shown}% tewerkgesteld, minder dan het minimum van {minimum_shown}: dat cijfer is overgenomen tot de regeling van dat schooljaar bekend is, en het basisminimum van {base_shown}% is gehaald; dien enkel in als de regeling de werknemer toelaat (referentiemaand: {month})",
                                fr: "le travailleur {who} est occupé au total à {shown}% pendant l'année scolaire {year}, moins que le minimum de {minimum_shown}: ce chiffre est repris jusqu'à la publication de la réglementation de cette année scolaire, et le minimum de base de {base_shown}% est atteint; n'introduisez la demande que si la réglementation admet le travailleur (mois de référence: {month})",
                                en: "employee {who} is employed {shown}% in total in school year {year}, below the minimum of {minimum_shown}: that figure is carried over until the school year's regulation is published, and the base minimum of {base_shown}% is reached; submit only if the regulation admits the employee (reference month: {month})",
                            ),
                        ),
                        Leniency::Transitional => (
                            Severity::Warning,
                            trf!(lang,
                                nl: "werknemer {who} is in schooljaar {year} in totaal {shown}% tewerkgesteld, minder dan het minimum van {minimum_shown}, maar de rij vermeldt de overgangsmaatregel (overgangsmaatregel = ja) en het basisminimum van {base_shown}% is gehaald: dien enkel in als de overgangsmaatregel voor deze werknemer geldt (referentiemaand: {month})",
                                fr: "le travailleur {who} est occupé au total à {shown}% pendant l'année scolaire {year}, moins que le minimum de {minimum_shown}, mais la ligne mentionne la mesure transitoire (« mesure transitoire » = ja) et le minimum de base de {base_shown}% est atteint: n'introduisez la demande que si la mesure transitoire s'applique à ce travailleur (mois de référence: {month})",
                                en: "employee {who} is employed {shown}% in total in school year {year}, below the minimum of {minimum_shown}, but the row names the transitional measure (overgangsmaatregel = ja) and the base minimum of {base_shown}% is reached: submit only if the transitional measure applies to this employee (reference month: {month})",
                            ),
                        ),
                    };
                    Arc::new(Finding::Diagnostic(R208.diagnostic(
                        severity,
                        Some(Field::TewerkstellingTotaalPct),
                        Some(shown.clone()),
                        message,
                        lang,
                    )))
                });
                findings.push_shared(member, Arc::clone(finding));
            }
        }
        TotalTwp::Summed { total, employers } if total < minimum => {
            let shown = format_comma(total);
            let employers = count!(lang, i64::try_from(employers).unwrap_or(i64::MAX),
                nl: ("werkgever", "werkgevers"),
                fr: ("employeur", "employeurs"),
                en: ("employer", "employers"),
            );
            let diagnostic = R208.diagnostic(
                Severity::Warning,
                Some(Field::TewerkstellingPct),
                Some(shown.clone()),
                trf!(lang,
                    nl: "werknemer {who} is in schooljaar {year} bij {employers} in deze batch samen {shown}% tewerkgesteld, minder dan het minimum van {minimum_shown}: dien enkel in als het totaal over alle werkgevers het minimum haalt (vul het totale tewerkstellingspercentage in)",
                    fr: "le travailleur {who} est occupé en tout à {shown}% chez {employers} de ce lot pendant l'année scolaire {year}, moins que le minimum de {minimum_shown}: n'introduisez la demande que si le total chez tous les employeurs atteint le minimum (remplissez le taux d'occupation total)",
                    en: "employee {who} is employed {shown}% in total at {employers} of this batch in school year {year}, below the minimum of {minimum_shown}: submit only if the total over all employers reaches the minimum (fill in tewerkstelling_totaal_pct)",
                ),
                lang,
            );
            let finding = Arc::new(Finding::Diagnostic(diagnostic));
            for &member in group {
                findings.push_shared(member, Arc::clone(&finding));
            }
        }
        _ => {}
    }
}

/// The school years of `regulation` with the minimum TWP R208 applies in
/// each, and their sources, for `explain`.
pub fn year_figures(regulation: &Regulation, lang: Lang) -> String {
    crate::rules::figures_by_year(regulation, lang, |year, lang| {
        let minimum = format_comma(year.minimum_twp);
        let base = year.constants.base_minimum_twp;
        if year.is_provisional() && year.minimum_twp > base {
            let base = format_comma(base);
            trf!(lang,
                nl: "{minimum}%, vanaf {base}% een waarschuwing",
                fr: "{minimum}%, à partir de {base}% un avertissement",
                en: "{minimum}%, from {base}% a warning",
            )
        } else {
            format!("{minimum}%")
        }
    })
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;
    use crate::rules::batch::test_rows::Rows;
    use crate::rules::test_support::{self, date, request, request_in};
    use crate::values::Kbo;

    fn run(r: &Request) -> Vec<(&'static str, Severity)> {
        test_support::severities(r, date(2026, 10, 1), check)
    }

    #[test]
    fn a_fixed_schedule_at_this_employer_at_most_50() {
        for first_year in [2024, 2025, 2026] {
            let mut r = request_in(first_year);
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
    }

    /// One row of a test: its employer, TWP, total TWP and overgangsmaatregel.
    type Row<'a> = (&'a str, Option<Decimal>, Option<Decimal>, Option<bool>);

    /// One employee's rows, one per (employer, TWP, total, overgangsmaatregel),
    /// in the school year starting in `first_year`: the codes and severities
    /// R208 gives each row, and the messages in `lang`.
    fn group(first_year: i32, rows_of: &[Row<'_>], lang: Lang) -> Vec<Vec<(&'static str, Severity, String)>> {
        let mut rows = Rows::default();
        for (line, (kbo, twp, total, transitional)) in (2..).zip(rows_of) {
            let mut r = request_in(first_year);
            r.kbo = Kbo::parse(kbo).unwrap();
            (r.twp, r.twp_totaal, r.overgangsmaatregel) = (*twp, *total, *transitional);
            rows.plain(line, r);
        }
        let years = rows.index.by_employee_year();
        let mut findings = Findings::default();
        for group in years.groups() {
            check_group(&rows.index, group, &mut findings, lang);
        }
        rows.finals(&findings)
            .into_iter()
            .map(|ds| {
                ds.into_iter()
                    .map(|d| (d.code.as_str(), d.severity, d.message))
                    .collect()
            })
            .collect()
    }

    fn severities(rows: Vec<Vec<(&'static str, Severity, String)>>) -> Vec<Vec<(&'static str, Severity)>> {
        rows.into_iter()
            .map(|ds| ds.into_iter().map(|(c, s, _)| (c, s)).collect())
            .collect()
    }

    /// One employee at two employers with these TWPs (and totals), one row
    /// each, in the school year starting in `first_year`.
    fn two_employers(
        first_year: i32,
        first: (Option<Decimal>, Option<Decimal>),
        second: (Option<Decimal>, Option<Decimal>),
    ) -> Vec<Vec<(&'static str, Severity)>> {
        severities(group(
            first_year,
            &[
                ("0403170701", first.0, first.1, None),
                ("0202239951", second.0, second.1, None),
            ],
            Lang::En,
        ))
    }

    /// One row with this total TWP (and overgangsmaatregel), in the school
    /// year starting in `first_year`.
    fn total(first_year: i32, hundredths: i64, transitional: Option<bool>) -> Vec<(&'static str, Severity)> {
        severities(group(
            first_year,
            &[("0403170701", None, pct(hundredths), transitional)],
            Lang::En,
        ))
        .pop()
        .unwrap()
    }

    fn pct(hundredths: i64) -> Option<Decimal> {
        Some(Decimal::new(hundredths, 2))
    }

    const ERROR: (&str, Severity) = ("R208", Severity::Error);
    const WARNING: (&str, Severity) = ("R208", Severity::Warning);

    #[test]
    fn the_total_over_two_employers_49_99_50_and_50_01_in_2024_2025() {
        let warning = vec![WARNING];
        // 40 + 35: entitled, though each employer alone is below 50.
        assert_eq!(
            two_employers(2024, (pct(4000), None), (pct(3500), None)),
            vec![vec![], vec![]]
        );
        assert_eq!(
            two_employers(2024, (pct(3000), None), (pct(1999), None)),
            vec![warning.clone(), warning.clone()]
        );
        assert_eq!(
            two_employers(2024, (pct(3000), None), (pct(2000), None)),
            vec![vec![], vec![]]
        );
        assert_eq!(
            two_employers(2024, (pct(3000), None), (pct(2001), None)),
            vec![vec![], vec![]]
        );
    }

    #[test]
    fn a_summed_total_below_80_is_a_warning_from_2025_2026() {
        // 40 + 35 = 75: enough in 2024-2025, below 80 in 2025-2026 and 2026-2027.
        for first_year in [2025, 2026] {
            assert_eq!(
                two_employers(first_year, (pct(4000), None), (pct(3999), None)),
                vec![vec![WARNING], vec![WARNING]],
                "{first_year}"
            );
            assert_eq!(
                two_employers(first_year, (pct(4000), None), (pct(4000), None)),
                vec![vec![], vec![]],
                "{first_year}"
            );
        }
    }

    #[test]
    fn a_given_total_decides_49_99_50_and_50_01_in_2024_2025() {
        let error = vec![ERROR];
        assert_eq!(
            two_employers(2024, (pct(3000), pct(4999)), (pct(2000), None)),
            vec![error.clone(), error.clone()]
        );
        assert_eq!(
            two_employers(2024, (pct(3000), pct(5000)), (pct(1000), None)),
            vec![vec![], vec![]]
        );
        assert_eq!(
            two_employers(2024, (pct(3000), pct(5001)), (None, None)),
            vec![vec![], vec![]]
        );
        // The lowest total given counts.
        assert_eq!(
            two_employers(2024, (None, pct(8000)), (None, pct(4000))),
            vec![error.clone(), error]
        );
    }

    #[test]
    fn in_2025_2026_the_minimum_is_80_79_99_80_and_80_01() {
        assert_eq!(total(2025, 7999, None), vec![ERROR]);
        assert_eq!(total(2025, 8000, None), vec![]);
        assert_eq!(total(2025, 8001, None), vec![]);
        // Still 2024-2025 on 31 August 2025: 79.99 is enough.
        let mut rows = Rows::default();
        let mut r = request();
        r.startdatum = date(2025, 8, 31);
        r.twp_totaal = pct(7999);
        rows.plain(2, r);
        let years = rows.index.by_employee_year();
        let mut findings = Findings::default();
        for group in years.groups() {
            check_group(&rows.index, group, &mut findings, Lang::En);
        }
        assert_eq!(rows.codes(&findings), vec![Vec::<&str>::new()]);
    }

    #[test]
    fn in_the_provisional_2026_2027_above_the_base_minimum_is_a_warning() {
        assert_eq!(total(2026, 7999, None), vec![WARNING]);
        assert_eq!(total(2026, 5000, None), vec![WARNING]);
        assert_eq!(total(2026, 4999, None), vec![ERROR]);
        assert_eq!(total(2026, 8000, None), vec![]);
        // Years after the table are provisional too.
        assert_eq!(total(2030, 7999, None), vec![WARNING]);
    }

    #[test]
    fn the_transitional_measure_per_row_from_the_base_minimum() {
        assert_eq!(total(2025, 6000, Some(true)), vec![WARNING]);
        assert_eq!(total(2025, 5000, Some(true)), vec![WARNING]);
        assert_eq!(total(2025, 4999, Some(true)), vec![ERROR]);
        assert_eq!(total(2025, 6000, Some(false)), vec![ERROR]);
        // Per row: the employee's other row without it keeps the error.
        assert_eq!(
            severities(group(
                2025,
                &[
                    ("0403170701", None, pct(6000), Some(true)),
                    ("0202239951", None, None, None),
                    ("0403170701", None, None, Some(true)),
                ],
                Lang::En,
            )),
            vec![vec![WARNING], vec![ERROR], vec![WARNING]]
        );
        // 2024-2025: 49.99 with the measure is still an error (below 50).
        assert_eq!(total(2024, 4999, Some(true)), vec![ERROR]);
    }

    #[test]
    fn no_twp_at_all_says_nothing() {
        assert_eq!(two_employers(2025, (None, None), (None, None)), vec![vec![], vec![]]);
    }

    #[test]
    fn the_messages_name_the_year_s_minimum() {
        let message = |first_year: i32, hundredths: i64, transitional: Option<bool>, lang: Lang| {
            group(first_year, &[("0403170701", None, pct(hundredths), transitional)], lang)[0][0]
                .2
                .clone()
        };
        assert_eq!(
            message(2025, 7999, None, Lang::En),
            "employee 850730-xxx-xx is employed 79,99% in total in school year 2025-2026, below the minimum of 80%: \
             no right to VOV (reference month: March before the school year)"
        );
        assert_eq!(
            message(2026, 7999, None, Lang::En),
            "employee 850730-xxx-xx is employed 79,99% in total in school year 2026-2027, below the minimum of 80% \
             (provisional): that figure is carried over until the school year's regulation is published, and the base \
             minimum of 50% is reached; submit only if the regulation admits the employee (reference month: March \
             before the school year)"
        );
        let transitional = message(2025, 6000, Some(true), Lang::Nl);
        assert!(
            transitional.contains(
                "60% tewerkgesteld, minder dan het minimum van 80%, maar de rij vermeldt de overgangsmaatregel"
            ),
            "{transitional}"
        );
        assert_eq!(
            message(2026, 4999, None, Lang::En),
            "employee 850730-xxx-xx is employed 49,99% in total in school year 2026-2027, below the base minimum of \
             50% (the school year's minimum: 80% (provisional)): no right to VOV (reference month: March before the \
             school year)"
        );
        let error = message(2024, 4999, None, Lang::Nl);
        assert!(
            error.contains("minder dan het minimum van 50%: geen recht op VOV"),
            "{error}"
        );
    }

    /// The messages of R208 on one employee's rows (one per employer with
    /// these TWPs), in French, in 2024-2025.
    fn group_messages_in_french(twps: &[(&str, Option<Decimal>, Option<Decimal>)]) -> Vec<String> {
        let rows: Vec<_> = twps
            .iter()
            .map(|(kbo, twp, total)| (*kbo, *twp, *total, None))
            .collect();
        group(2024, &rows, Lang::Fr)
            .into_iter()
            .flatten()
            .map(|(_, _, message)| message)
            .collect()
    }

    #[test]
    fn in_french_one_employer_is_singular_and_two_plural() {
        let one = group_messages_in_french(&[("0403170701", pct(4999), None)]);
        assert_eq!(
            one[0],
            "le travailleur 850730-xxx-xx est occupé en tout à 49,99% chez 1 employeur de ce lot pendant l'année \
             scolaire 2024-2025, moins que le minimum de 50%: n'introduisez la demande que si le total chez tous les \
             employeurs atteint le minimum (remplissez le taux d'occupation total)"
        );
        let two = group_messages_in_french(&[("0403170701", pct(3000), None), ("0202239951", pct(1999), None)]);
        assert!(two[0].contains("à 49,99% chez 2 employeurs de ce lot"), "{}", two[0]);
        assert!(group_messages_in_french(&[("0403170701", pct(5000), None)]).is_empty());
        let given = group_messages_in_french(&[("0403170701", pct(3000), pct(4999))]);
        assert!(
            given[0].ends_with(
                "moins que le minimum de 50%: pas de droit au VOV (mois de référence: mars avant l'année scolaire)"
            ),
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
        assert!(out[0].help.starts_with("Selon le message. Erreur"), "{}", out[0].help);
        assert!(out[0].help.contains("Avertissement horaire fixe"), "{}", out[0].help);
    }

    #[test]
    fn the_figures_by_year_name_each_minimum_and_the_provisional_year() {
        let text = year_figures(Regulation::built_in(), Lang::En);
        assert!(text.contains("2024-2025: 50%\n"), "{text}");
        assert!(text.contains("2025-2026: 80%\n"), "{text}");
        assert!(
            text.contains("2026-2027: 80%, from 50% a warning (provisional)"),
            "{text}"
        );
        assert!(text.contains("Flemish Government, 25 April 2025"), "{text}");
        let fr = year_figures(Regulation::built_in(), Lang::Fr);
        assert!(
            fr.contains("2026-2027: 80%, à partir de 50% un avertissement (provisoire)"),
            "{fr}"
        );
    }
}
