//! X308 shared-initiative: in the school years of the shared-initiative
//! right, an employee with requests of at least two ODB numbers on both
//! initiatives (the employer's and their own) has the personal maximum for
//! each side. The split itself is made where the cap is counted
//! (`crate::state::EmployeeIndex::year_totals`), so X302 and the report's
//! capped hours apply it; this rule tells the rows so.

use std::sync::Arc;

use crate::calendar::school_year_name;
use crate::field::Field;
use crate::lang::{trf, Lang};
use crate::model::Severity;
use crate::rules::{Explanation, Rule, Text};
use crate::state::{EmployeeIndex, Finding, Findings};
use crate::values::insz::mask_raw;
use crate::values::number::format_comma;

use super::otherwise_accepted_in;

/// The rule X308: its code, name, severity and texts in every language.
pub const X308: Rule = Rule {
    code: crate::code::Code::X308,
    name: "shared-initiative",
    severity: "info",
    summary: Text {
        nl: "Opleidingen op initiatief van werkgever én werknemer: het plafond geldt voor elke kant apart.",
        fr: "Formations à l'initiative de l'employeur et du travailleur: le plafond annuel s'applique séparément à chaque côté.",
        en: "Trainings on the employer's and on the employee's initiative: the cap applies to each side separately.",
    },
    explanation: Explanation {
        what: Text {
            nl: "In de schooljaren van het gedeelde initiatief (volgens de schooljaartabel: 2021-2022 en later) krijgt een werknemer met minstens twee aanvragen voor verschillende ODB-nummers, minstens één op initiatief van de werkgever (initiatief = werkgever) en één op eigen initiatief (werknemer of leeg), een persoonlijk maximum van 125 x TWP / 100 voor elke kant: X302 en de begrensde uren in het rapport rekenen elke kant apart, en X302 staat enkel op de rijen van de kant die boven haar plafond gaat. Deze info staat op al hun aanvragen van dat schooljaar.",
            fr: "Pendant les années scolaires de l'initiative partagée (selon le tableau des années scolaires: 2021-2022 et après), un travailleur avec au moins deux demandes pour des numéros ODB différents, dont au moins une à l'initiative de l'employeur (initiative = werkgever) et une à sa propre initiative (werknemer ou vide), a un maximum personnel de 125 x TWP / 100 pour chaque côté: X302 et les heures plafonnées du rapport comptent chaque côté séparément, et X302 ne figure que sur les lignes du côté qui dépasse son plafond. Cette info figure sur toutes ses demandes de cette année scolaire.",
            en: "In the school years of the shared-initiative right (by the school-year table: 2021-2022 and later) an employee with at least two requests for different ODB numbers, at least one on the employer's initiative (initiatief = werkgever) and one on their own (werknemer or empty), has a personal maximum of 125 x TWP / 100 for each side: X302 and the report's capped hours count each side separately, and X302 is only on the rows of the side that goes over its cap. This info is on all their requests of that school year.",
        },
        why: Text {
            nl: "Een werknemer kan naast de 125 uren (x TWP) voor opleidingen op eigen initiatief nog eens zoveel uren opnemen voor opleidingen op initiatief van de werkgever. De regeling liep vanaf 2021-2022, liep door in 2024-2025 ('au maximum 250 heures ... au cours de l'année scolaire 2024-2025'; 'dans la demande de remboursement, l'initiateur doit être mentionné') en werd in 2025-2026 verlengd en structureel gemaakt. Of een opleiding op initiatief van de werkgever gevolgd wordt, staat niet op het inschrijvingsattest: het bestand moet het zeggen (kolom initiatief); zonder die kolom telt alles als eigen initiatief en geldt één plafond.",
            fr: "Un travailleur peut prendre, en plus des 125 heures (x TWP) pour des formations à sa propre initiative, autant d'heures pour des formations à l'initiative de l'employeur. Le régime court depuis 2021-2022, a continué en 2024-2025 ('au maximum 250 heures ... au cours de l'année scolaire 2024-2025'; 'dans la demande de remboursement, l'initiateur doit être mentionné') et a été prolongé et rendu structurel en 2025-2026. Qu'une formation soit suivie à l'initiative de l'employeur ne figure pas sur l'attestation d'inscription: le fichier doit l'indiquer (colonne « initiative »); sans cette colonne, tout compte comme propre initiative et un seul plafond s'applique.",
            en: "An employee can take, besides the 125 hours (x TWP) for trainings on their own initiative, as many hours again for trainings on the employer's initiative. The right ran from 2021-2022, went on in 2024-2025 ('au maximum 250 heures ... au cours de l'année scolaire 2024-2025'; 'dans la demande de remboursement, l'initiateur doit être mentionné') and was extended and made structural in 2025-2026. Whether a training is on the employer's initiative is not on the enrolment certificate: the file must say it (column initiatief); without that column everything counts as the employee's own and one cap applies.",
        },
        source: Text {
            nl: "vlaanderen.be, 'Hoeveel uren VOV mag een werknemer opnemen'; Prato, 7 juni 2023; Easypay, gedeeld initiatiefrecht (2024-2025); forumforthefuture (2024-2025); Easypay, september 2025, en Securex ('devient permanente'); de schooljaartabel van `vov-bulk regulation`",
            fr: "vlaanderen.be, « Hoeveel uren VOV mag een werknemer opnemen »; Prato, 7 juin 2023; Easypay, droit d'initiative commun (2024-2025); forumforthefuture (2024-2025); Easypay, septembre 2025, et Securex (« devient permanente »); le tableau des années scolaires de `vov-bulk regulation`",
            en: "vlaanderen.be, 'Hoeveel uren VOV mag een werknemer opnemen'; Prato, 7 June 2023; Easypay, shared right of initiative (2024-2025); forumforthefuture (2024-2025); Easypay, September 2025, and Securex ('devient permanente'); the school-year table of `vov-bulk regulation`",
        },
        fix: Text {
            nl: "Niets te doen; controleer enkel dat de kolom initiatief klopt: het plafond hangt ervan af.",
            fr: "Rien à faire; vérifiez seulement que la colonne « initiative » est correcte: le plafond annuel en dépend.",
            en: "Nothing to do; only check that the initiatief column is right: the cap depends on it.",
        },
        example: Text {
            nl: "Schooljaar 2024-2025, TWP 100: 100 uren voor ODB-Z00291 (werknemer) en 100 uren voor ODB-0002141 (werkgever): X308, elke kant onder 125, geen X302. 130 uren op eigen initiatief en 10 op initiatief van de werkgever: X302 enkel op de rij op eigen initiatief. In 2020-2021 (geen gedeeld initiatief) 100 + 100: 200 boven 125, X302 op elke rij.",
            fr: "Année scolaire 2024-2025, TWP 100: 100 heures pour ODB-Z00291 (werknemer) et 100 heures pour ODB-0002141 (werkgever): X308, chaque côté sous 125, pas de X302. 130 heures à sa propre initiative et 10 à l'initiative de l'employeur: X302 seulement sur la ligne à sa propre initiative. En 2020-2021 (pas d'initiative partagée) 100 + 100: 200 au-dessus de 125, X302 sur chaque ligne.",
            en: "School year 2024-2025, TWP 100: 100 hours for ODB-Z00291 (werknemer) and 100 hours for ODB-0002141 (werkgever): X308, each side below 125, no X302. 130 hours on the employee's initiative and 10 on the employer's: X302 only on the employee-initiative row. In 2020-2021 (no shared initiative) 100 + 100: 200 above 125, X302 on every row.",
        },
    },
};

/// X308 on one employee's school year (`group`, entry indices in input
/// order), over the rows no error rejects (yet): one shared info naming
/// each side's hours and cap. `members` is scratch space.
pub(super) fn check_group(
    index: &EmployeeIndex,
    group: &[u32],
    members: &mut Vec<u32>,
    findings: &mut Findings,
    lang: Lang,
) {
    otherwise_accepted_in(index, findings, group, members);
    let Some(first) = members.first().map(|i| index.entry(*i)) else {
        return;
    };
    let totals = index.year_totals(group, members);
    if !totals.shared {
        return;
    }
    let [own, employer] = totals.parts;
    let (own_hours, employer_hours, cap) = (
        format_comma(own.hours),
        format_comma(employer.hours),
        format_comma(own.cap),
    );
    let who = mask_raw(&format!("{:011}", first.insz));
    let year = school_year_name(first.school_year());
    let finding = Arc::new(Finding::from(X308.diagnostic(
        Severity::Info,
        Some(Field::Initiatief),
        None,
        trf!(lang,
            nl: "gedeeld initiatief in schooljaar {year}: werknemer {who} heeft een plafond van {cap} uren voor elke kant: {own_hours} op eigen initiatief, {employer_hours} op initiatief van de werkgever",
            fr: "initiative partagée pendant l'année scolaire {year}: le travailleur {who} a un plafond annuel de {cap} heures pour chaque côté: {own_hours} à sa propre initiative, {employer_hours} à l'initiative de l'employeur",
            en: "shared initiative in school year {year}: employee {who} has a cap of {cap} hours for each side: {own_hours} on their own initiative, {employer_hours} on the employer's",
        ),
        lang,
    )));
    for &member in members.iter() {
        findings.push_shared(member, Arc::clone(&finding));
    }
}

/// The school years of `regulation` with whether the shared-initiative
/// right holds in each, and their sources, for `explain`.
pub fn year_figures(regulation: &crate::regulation::Regulation, lang: Lang) -> String {
    crate::rules::figures_by_year(regulation, lang, |year, lang| {
        let cap = format_comma(year.constants.full_time_hours);
        if year.shared_initiative {
            trf!(lang,
                nl: "gedeeld initiatief: {cap} uren x TWP / 100 voor elke kant",
                fr: "initiative partagée: {cap} heures x TWP / 100 pour chaque côté",
                en: "shared initiative: {cap} hours x TWP / 100 for each side",
            )
        } else {
            trf!(lang,
                nl: "geen gedeeld initiatief: één plafond van {cap} uren x TWP / 100",
                fr: "pas d'initiative partagée: un seul plafond de {cap} heures x TWP / 100",
                en: "no shared initiative: one cap of {cap} hours x TWP / 100",
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::batch::test_rows::{decimal, Rows};
    use crate::rules::test_support::{date, request};
    use crate::state::EmployeeYears;
    use crate::values::{Initiative, Odb};

    /// One employee's two requests of `hours` each, started on `start`.
    fn rows(start: chrono::NaiveDate, second_odb: &str, second: Option<Initiative>, hours: i64) -> Rows {
        let mut a = request();
        a.startdatum = start;
        a.einddatum = start;
        a.aantal = decimal(hours, 0);
        let mut b = a.clone();
        b.odb = Odb::parse(second_odb).unwrap();
        b.initiatief = second;
        let mut rows = Rows::default();
        rows.plain(2, a).plain(3, b);
        rows
    }

    fn run(rows: &Rows) -> Vec<Vec<&'static str>> {
        let years: EmployeeYears = rows.index.by_employee_year();
        let mut findings = Findings::default();
        let mut members = Vec::new();
        for group in years.groups() {
            crate::rules::batch::x302_over_yearly_cap::check_group(&rows.index, group, &mut members, &mut findings);
            check_group(&rows.index, group, &mut members, &mut findings, Lang::En);
        }
        rows.codes(&findings)
    }

    #[test]
    fn each_side_has_its_own_cap_in_the_years_of_the_right() {
        let employer = Some(Initiative::Werkgever);
        // 2024-2025 (rev 3): 100 + 100 on two sides: each below 125.
        assert_eq!(
            run(&rows(date(2024, 10, 3), "ODB-0002141", employer, 100)),
            vec![vec!["X308"], vec!["X308"]]
        );
        // Each side over: 126 + 126.
        assert_eq!(
            run(&rows(date(2024, 10, 3), "ODB-0002141", employer, 126)),
            vec![vec!["X302", "X308"], vec!["X302", "X308"]]
        );
        // 2020-2021: no shared right; 200 above one cap, X302 on every row.
        assert_eq!(
            run(&rows(date(2020, 10, 3), "ODB-0002141", employer, 100)),
            vec![vec!["X302"], vec!["X302"]]
        );
    }

    /// One employee's rows in the school year of `start`: `own` hours on
    /// their own initiative (ODB-Z00291), then `employer` hours on the
    /// employer's (ODB-0002141), then `more_own` hours on their own again
    /// (ODB-Z00777) when given.
    fn sides(start: chrono::NaiveDate, own: i64, employer: i64, more_own: Option<i64>) -> Rows {
        let mut a = request();
        a.startdatum = start;
        a.einddatum = start;
        a.aantal = decimal(own, 0);
        let mut b = a.clone();
        b.odb = Odb::parse("ODB-0002141").unwrap();
        b.initiatief = Some(Initiative::Werkgever);
        b.aantal = decimal(employer, 0);
        let mut rows = Rows::default();
        rows.plain(2, a.clone()).plain(3, b);
        if let Some(hours) = more_own {
            let mut c = a;
            c.odb = Odb::parse("ODB-Z00777").unwrap();
            c.aantal = decimal(hours, 0);
            rows.plain(4, c);
        }
        rows
    }

    #[test]
    fn x302_only_on_the_side_over_its_cap() {
        // 130 on their own initiative, 10 on the employer's.
        for start in [date(2024, 10, 3), date(2025, 10, 3), date(2026, 10, 3)] {
            assert_eq!(
                run(&sides(start, 130, 10, None)),
                vec![vec!["X302", "X308"], vec!["X308"]],
                "{start}"
            );
        }
        // 10 on their own (twice) and 130 on the employer's: only the employer's row.
        assert_eq!(
            run(&sides(date(2024, 10, 3), 10, 130, Some(10))),
            vec![vec!["X308"], vec!["X302", "X308"], vec!["X308"]]
        );
        // 100 + 25 own and 10 employer's: 125 reached, not exceeded; 126 is over.
        assert_eq!(
            run(&sides(date(2025, 10, 3), 100, 10, Some(25))),
            vec![vec!["X308"], vec!["X308"], vec!["X308"]]
        );
        assert_eq!(
            run(&sides(date(2025, 10, 3), 100, 10, Some(26))),
            vec![vec!["X302", "X308"], vec!["X308"], vec!["X302", "X308"]]
        );
        // Without the shared right (2020-2021): 130 + 10 over one cap, every row.
        assert_eq!(
            run(&sides(date(2020, 10, 3), 130, 10, None)),
            vec![vec!["X302"], vec!["X302"]]
        );
    }

    #[test]
    fn the_first_school_year_of_the_right_and_the_years_after_the_table() {
        let employer = Some(Initiative::Werkgever);
        // 2021-2022 starts on 1 September 2021.
        assert_eq!(
            run(&rows(date(2021, 8, 31), "ODB-0002141", employer, 100)),
            vec![vec!["X302"], vec!["X302"]]
        );
        assert_eq!(
            run(&rows(date(2021, 9, 1), "ODB-0002141", employer, 100)),
            vec![vec!["X308"], vec!["X308"]]
        );
        // It goes on through 2024-2025, 2025-2026, the provisional 2026-2027
        // and the years after the table.
        for start in [
            date(2024, 8, 31),
            date(2024, 9, 1),
            date(2025, 9, 1),
            date(2026, 9, 1),
            date(2030, 9, 1),
        ] {
            assert_eq!(
                run(&rows(start, "ODB-0002141", employer, 100)),
                vec![vec!["X308"], vec!["X308"]],
                "{start}"
            );
        }
    }

    #[test]
    fn one_side_only_or_one_odb_number_is_no_shared_initiative() {
        // Both on the employee's initiative.
        assert_eq!(
            run(&rows(date(2022, 10, 3), "ODB-0002141", None, 100)),
            vec![vec!["X302"], vec!["X302"]]
        );
        // Both sides, but one ODB number.
        assert_eq!(
            run(&rows(date(2022, 10, 3), "ODB-Z00291", Some(Initiative::Werkgever), 100)),
            vec![vec!["X302"], vec!["X302"]]
        );
    }

    #[test]
    fn the_report_caps_each_side() {
        let rows = rows(date(2024, 10, 3), "ODB-0002141", Some(Initiative::Werkgever), 130);
        let figures = crate::figures::compute(&rows.index, &rows.index.by_employee_year(), |_| true);
        assert_eq!(figures.total.vov_hours, decimal(260, 0));
        assert_eq!(figures.total.capped_hours, decimal(250, 0));
    }

    #[test]
    fn in_french_each_side_and_its_cap() {
        let rows = rows(date(2022, 10, 3), "ODB-0002141", Some(Initiative::Werkgever), 100);
        let years: EmployeeYears = rows.index.by_employee_year();
        let mut findings = Findings::default();
        let mut members = Vec::new();
        for group in years.groups() {
            check_group(&rows.index, group, &mut members, &mut findings, Lang::Fr);
        }
        assert_eq!(
            rows.first_message(&findings),
            "initiative partagée pendant l'année scolaire 2022-2023: le travailleur 850730-xxx-xx a un plafond annuel \
             de 125 heures pour chaque côté: 100 à sa propre initiative, 100 à l'initiative de l'employeur"
        );
    }
}
