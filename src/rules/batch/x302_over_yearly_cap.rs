//! X302 over-yearly-cap: an employee's VOV hours in one school year above
//! their personal maximum, 125 x TWP / 100 at their total TWP over all
//! employers (per initiative under X308).
//!
//! Where the cap lives, for a reader who must change it:
//!
//! - The figures: [`crate::regulation::yearly_cap`] (125 x TWP / 100,
//!   the table's `constants.full_time_hours`,
//!   [`crate::regulation::FULL_TIME_TWP`]), with their sources.
//! - The one computation of an employee's hours in a school year against
//!   that cap: `crate::state::EmployeeIndex::year_totals` (the hours added
//!   in input order, the total TWP over all employers, the cap; per
//!   initiative under X308).
//! - Where it is applied: here, the X302 finding (`check_group`, over the
//!   rows no error rejects when the batch rules run); and the report's
//!   capped hours and estimated reimbursement (`crate::figures::compute`,
//!   over the rows finally accepted: with `--strict` a warning, X302's own
//!   included, rejects a row). Both call `year_totals`; neither computes the
//!   cap itself.
//! - The finding is kept as its figures (`crate::state::CapExcess` in
//!   `crate::state::Finding::Cap`, shared by the rows of the group) and
//!   rendered per row at assembly by [`cap_diagnostic`] (through
//!   [`super::diagnostic`]).
//! - The TWPs X304 warns about are the ones this cap takes the lowest of.

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::calendar::school_year_name;
use crate::field::Field;
use crate::lang::{tr, trf, Lang};
use crate::model::{Diagnostic, Severity};
use crate::regulation::FULL_TIME_TWP;
use crate::rules::{Explanation, Rule, Text};
use crate::state::{CapExcess, CapSide, EmployeeIndex, EmployeeYears, Finding, Findings};
use crate::values::insz::mask_raw;
use crate::values::number::format_comma;

use super::otherwise_accepted_in;

/// X302: the rule, its texts and its explanation.
pub const X302: Rule = Rule {
    code: crate::code::Code::X302,
    name: "over-yearly-cap",
    severity: "warning",
    summary: Text {
        nl: "De VOV-uren van een werknemer in een schooljaar gaan boven 125 x TWP / 100.",
        fr: "Les heures VOV d'un travailleur pendant une année scolaire dépassent 125 x TWP / 100.",
        en: "An employee's VOV hours in one school year exceed 125 x TWP / 100.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Per werknemer (INSZ) en schooljaar worden de VOV-uren van de aanvaarde rijen opgeteld (na de omrekening van studiepunten, examens en EVC). Boven 125 x TWP / 100 (125 voltijds; TWP 75 geeft 93,75) krijgt elke rij van die werknemer en dat schooljaar deze waarschuwing. De TWP is de totale over alle werkgevers: de laagste totaal tewerkstellingspercentage die gegeven is, anders de som van de laagste TWP per werkgever in de batch (hoogstens 100), anders 100. In de schooljaren van het gedeelde initiatief (X308; volgens de schooljaartabel 2021-2022 en later) geldt het plafond voor elke kant apart, en staat X302 enkel op de rijen van de kant die boven haar plafond gaat. Het rapport toont de begrensde uren.",
            fr: "Par travailleur (INSZ) et année scolaire, les heures VOV des lignes acceptées sont additionnées (après conversion des crédits d'études, des examens et de l'EVC). Au-delà de 125 x TWP / 100 (125 à temps plein; un TWP de 75 donne 93,75), chaque ligne de ce travailleur et de cette année scolaire reçoit cet avertissement. Le TWP est le total chez tous les employeurs: le taux d'occupation total le plus bas indiqué, sinon la somme du TWP le plus bas de chaque employeur dans le lot (au plus 100), sinon 100. Pendant les années scolaires de l'initiative partagée (X308; selon le tableau des années scolaires, 2021-2022 et après), le plafond annuel s'applique séparément à chaque côté, et X302 ne figure que sur les lignes du côté qui dépasse son plafond. Le rapport montre les heures plafonnées.",
            en: "Per employee (INSZ) and school year the VOV hours of the accepted rows are added up (after converting study points, exams and EVC). Above 125 x TWP / 100 (125 full-time; TWP 75 gives 93.75) every row of that employee and year gets this warning. The TWP is the total over all employers: the lowest tewerkstelling_totaal_pct given, else the sum of each employer's lowest TWP in the batch (at most 100), else 100. In the school years of the shared initiative (X308; by the school-year table 2021-2022 and later) the cap applies to each side separately, and X302 is only on the rows of the side that goes over its cap. The report shows the capped hours.",
        },
        why: Text {
            nl: "'Iedere voltijdse werknemer heeft per schooljaar recht op maximum 125 uren VOV'; bij deeltijds werk wordt dat maximum herberekend met het tewerkstellingspercentage. Uren boven het plafond worden niet terugbetaald.",
            fr: "'Chaque travailleur à temps plein a droit à maximum 125 heures de VOV par année scolaire'; en cas de travail à temps partiel, ce maximum est recalculé avec le taux d'occupation. Les heures au-delà du plafond annuel ne sont pas remboursées.",
            en: "'Every full-time employee has a right to at most 125 hours of VOV per school year'; for part-time work that maximum is recomputed with the employment percentage. Hours above the cap are not reimbursed.",
        },
        source: Text {
            nl: "Sociaal secretariaat Dienstbetoon, 'Vlaams opleidingsverlof' ('Iedere voltijdse werknemer heeft per schooljaar recht op maximum 125 uren VOV'); 'Premies en voordelen: Betaald Educatief Verlof / Vlaams opleidingsverlof', versie januari 2020 ('TWP in september (DmfA) = 75%: u hebt recht op 93,75 uren VOV'); vlaanderen.be, 'Berekening tewerkstellingspercentage' (alle werkgevers samen); het gedeelde initiatief per schooljaar: de schooljaartabel van `vov-bulk regulation` (shared_initiative)",
            fr: "secrétariat social Dienstbetoon, « Vlaams opleidingsverlof » (« Iedere voltijdse werknemer heeft per schooljaar recht op maximum 125 uren VOV »); « Premies en voordelen: Betaald Educatief Verlof / Vlaams opleidingsverlof », version de janvier 2020 (« TWP in september (DmfA) = 75%: u hebt recht op 93,75 uren VOV »); vlaanderen.be, « Berekening tewerkstellingspercentage » (tous les employeurs ensemble); l'initiative partagée par année scolaire: le tableau des années scolaires de `vov-bulk regulation` (shared_initiative)",
            en: "Dienstbetoon social secretariat, 'Vlaams opleidingsverlof' ('Iedere voltijdse werknemer heeft per schooljaar recht op maximum 125 uren VOV'); 'Premies en voordelen: Betaald Educatief Verlof / Vlaams opleidingsverlof', January 2020 edition ('TWP in september (DmfA) = 75%: u hebt recht op 93,75 uren VOV'); vlaanderen.be, 'Berekening tewerkstellingspercentage' (all employers together); the shared initiative by school year: the school-year table of `vov-bulk regulation` (shared_initiative)",
        },
        fix: Text {
            nl: "Dien in (de aanvragen zijn geldig), maar reken enkel op de begrensde uren; controleer de TWP.",
            fr: "Introduisez les demandes (elles sont valables), mais ne comptez que sur les heures plafonnées; vérifiez le TWP.",
            en: "Submit (the requests are valid), but count only on the capped hours; check the TWP.",
        },
        example: Text {
            nl: "TWP 75, twee opleidingen van 60 uren in 2026-2027: 120 > 93,75, X302 op beide rijen; begrensd 93,75 uren. 50% bij werkgever A en 50% bij B, 80 uren bij elk: totaal 100, plafond 125, 160 > 125: X302 (vroeger rekende de laagste rij: 62,5). Gedeeld initiatief in 2024-2025: 130 uren op eigen initiatief en 10 op initiatief van de werkgever: X302 enkel op de rij op eigen initiatief.",
            fr: "TWP 75, deux formations de 60 heures en 2026-2027: 120 > 93,75, X302 sur les deux lignes; plafonné à 93,75 heures. 50% chez l'employeur A et 50% chez B, 80 heures chez chacun: total 100, plafond 125, 160 > 125: X302 (auparavant, la ligne la plus basse comptait: 62,5). Initiative partagée en 2024-2025: 130 heures à sa propre initiative et 10 à l'initiative de l'employeur: X302 seulement sur la ligne à sa propre initiative.",
            en: "TWP 75, two trainings of 60 hours in 2026-2027: 120 > 93.75, X302 on both rows; capped 93.75 hours. 50% at employer A and 50% at B, 80 hours at each: total 100, cap 125, 160 > 125: X302 (the lowest row used to count: 62.5). Shared initiative in 2024-2025: 130 hours on the employee's initiative and 10 on the employer's: X302 only on the employee-initiative row.",
        },
    },
};

/// X302's severity (kept in the finding: see `CapExcess::severity`).
pub const CAP_SEVERITY: Severity = Severity::Warning;

/// X302 over every employee and school year of the index (see
/// `check_group`).
pub fn check(index: &EmployeeIndex, years: &EmployeeYears, findings: &mut Findings) {
    let mut members = Vec::new();
    for group in years.groups() {
        check_group(index, group, &mut members, findings);
    }
}

/// X302 on one employee's school year (`group`, entry indices in input
/// order): when the rows no error rejects (yet) go above the cap together,
/// each of them gets one shared finding. `members` is scratch space. The
/// message is rendered per row at assembly: see [`cap_diagnostic`].
pub(super) fn check_group(index: &EmployeeIndex, group: &[u32], members: &mut Vec<u32>, findings: &mut Findings) {
    otherwise_accepted_in(index, findings, group, members);
    let Some(first) = members.first().map(|i| index.entry(*i)) else {
        return;
    };
    let totals = index.year_totals(group, members);
    for (at, part) in totals.used_parts().enumerate() {
        if part.hours <= part.cap {
            continue;
        }
        let finding = Arc::new(Finding::Cap(CapExcess {
            insz: first.insz,
            school_year: first.school_year(),
            severity: CAP_SEVERITY,
            year: *part,
            twp: totals.twp,
        }));
        for &member in members.iter().filter(|i| totals.part(index.entry(**i)) == at) {
            findings.push_shared(member, Arc::clone(&finding));
        }
    }
}

/// X302's diagnostic on a row of a group above the cap.
pub fn cap_diagnostic(excess: &CapExcess, lang: Lang) -> Diagnostic {
    let twp = excess.twp.value().unwrap_or(Decimal::from(FULL_TIME_TWP));
    let twp_text = format_comma(twp);
    let side = match excess.year.side {
        CapSide::Whole => "",
        CapSide::Employee => tr!(lang,
            nl: " op eigen initiatief (X308)",
            fr: " à sa propre initiative (X308)",
            en: " on their own initiative (X308)",
        ),
        CapSide::Employer => tr!(lang,
            nl: " op initiatief van de werkgever (X308)",
            fr: " à l'initiative de l'employeur (X308)",
            en: " on the employer's initiative (X308)",
        ),
    };
    let (total, cap, year) = (
        format_comma(excess.year.hours),
        format_comma(excess.year.cap),
        school_year_name(excess.school_year),
    );
    let who = mask_raw(&format!("{:011}", excess.insz));
    let message = trf!(lang,
        nl: "werknemer {who} heeft {total} VOV-uren{side} in schooljaar {year}, meer dan het plafond van {cap} (125 x TWP {twp_text} / 100): terugbetaling stopt bij {cap}",
        fr: "le travailleur {who} a {total} heures VOV{side} pendant l'année scolaire {year}, plus que le plafond annuel de {cap} (125 x TWP {twp_text} / 100): le remboursement s'arrête à {cap}",
        en: "employee {who} has {total} VOV hours{side} in school year {year}, above the cap of {cap} (125 x TWP {twp_text} / 100): reimbursement stops at {cap}",
    );
    X302.diagnostic(excess.severity, Some(Field::Aantal), None, message, lang)
}

/// The school years of `regulation` with the cap X302 applies in each (one
/// cap, or one for each side under X308), and their sources, for `explain`.
pub fn year_figures(regulation: &crate::regulation::Regulation, lang: Lang) -> String {
    crate::rules::figures_by_year(regulation, lang, |year, lang| {
        let cap = format_comma(year.constants.full_time_hours);
        let both = format_comma(year.constants.full_time_hours.saturating_mul(Decimal::TWO));
        if year.shared_initiative {
            trf!(lang,
                nl: "{cap} uren x TWP / 100 voor elke kant van het gedeelde initiatief (samen {both} voltijds)",
                fr: "{cap} heures x TWP / 100 pour chaque côté de l'initiative partagée (ensemble {both} à temps plein)",
                en: "{cap} hours x TWP / 100 for each side of the shared initiative ({both} together at full time)",
            )
        } else {
            trf!(lang,
                nl: "{cap} uren x TWP / 100",
                fr: "{cap} heures x TWP / 100",
                en: "{cap} hours x TWP / 100",
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::batch::test_rows::{decimal, Rows};
    use crate::rules::test_support::request;

    fn cap(rows: &Rows) -> Findings {
        let mut findings = Findings::default();
        check(&rows.index, &rows.index.by_employee_year(), &mut findings);
        findings
    }

    /// Two rows of one employee and school year at `twp`: 60 hours and `second`.
    fn two_rows(twp: Option<Decimal>, first: Decimal, second: Decimal) -> Rows {
        let mut a = request();
        a.twp = twp;
        a.aantal = first;
        let mut b = a.clone();
        b.odb = crate::values::Odb::parse("ODB-0002141").unwrap();
        b.aantal = second;
        let mut rows = Rows::default();
        rows.plain(2, a).plain(3, b);
        rows
    }

    #[test]
    fn x302_cap_at_exactly_and_above_125_x_twp() {
        let mut a = request();
        a.twp = Some(decimal(75, 0));
        a.aantal = decimal(60, 0);
        let mut b = a.clone();
        b.odb = crate::values::Odb::parse("ODB-0002141").unwrap();
        b.aantal = decimal(3375, 2);
        // 60 + 33.75 = 93.75: exactly the cap.
        let mut rows = Rows::default();
        rows.plain(2, a.clone()).plain(3, b.clone());
        assert_eq!(rows.codes(&cap(&rows)), vec![Vec::<&str>::new(), vec![]]);
        b.aantal = decimal(3376, 2);
        let mut rows = Rows::default();
        rows.plain(2, a.clone()).plain(3, b.clone());
        let findings = cap(&rows);
        assert_eq!(rows.codes(&findings), vec![vec!["X302"], vec!["X302"]]);
        let message = rows.first_message(&findings);
        assert!(message.contains("93.75") || message.contains("93,75"));
        assert!(!message.contains("85073003328"), "INSZ is masked");
        // The lowest TWP at one employer applies.
        b.aantal = decimal(10, 0);
        b.twp = Some(decimal(50, 0));
        let mut rows = Rows::default();
        rows.plain(2, a).plain(3, b);
        assert_eq!(rows.codes(&cap(&rows)), vec![vec!["X302"], vec!["X302"]]);
    }

    #[test]
    fn the_cap_counts_the_total_twp_over_two_employers() {
        // 50% at each of two employers: total 100, cap 125 (the lowest row gave 62.5).
        let at = |kbo: &str, hours: i64, total: Option<Decimal>| {
            let mut r = request();
            r.kbo = crate::values::Kbo::parse(kbo).unwrap();
            r.odb = crate::values::Odb::parse(if kbo == "0403170701" {
                "ODB-Z00291"
            } else {
                "ODB-0002141"
            })
            .unwrap();
            r.twp = Some(decimal(50, 0));
            r.twp_totaal = total;
            r.aantal = decimal(hours, 0);
            r
        };
        let mut rows = Rows::default();
        rows.plain(2, at("0403170701", 60, None))
            .plain(3, at("0202239951", 65, None));
        assert_eq!(
            rows.codes(&cap(&rows)),
            vec![Vec::<&str>::new(), vec![]],
            "125 at 50 + 50"
        );
        let mut rows = Rows::default();
        rows.plain(2, at("0403170701", 60, None))
            .plain(3, at("0202239951", 66, None));
        assert_eq!(
            rows.codes(&cap(&rows)),
            vec![vec!["X302"], vec!["X302"]],
            "126 at 50 + 50"
        );
        // A total given wins over the sum: 75 gives 93.75.
        let mut rows = Rows::default();
        rows.plain(2, at("0403170701", 60, Some(decimal(75, 0))))
            .plain(3, at("0202239951", 34, None));
        let findings = cap(&rows);
        assert_eq!(
            rows.codes(&findings),
            vec![vec!["X302"], vec!["X302"]],
            "94 at a total of 75"
        );
        assert!(
            rows.first_message(&findings).contains("93,75"),
            "{}",
            rows.first_message(&findings)
        );
    }

    #[test]
    fn full_time_cap_125_reached_is_no_finding_and_125_01_is() {
        let none: Vec<Vec<&str>> = vec![vec![], vec![]];
        for twp in [None, Some(decimal(100, 0))] {
            let rows = two_rows(twp, decimal(60, 0), decimal(65, 0));
            assert_eq!(rows.codes(&cap(&rows)), none, "125 at TWP {twp:?}");
            let rows = two_rows(twp, decimal(60, 0), decimal(6501, 2));
            let findings = cap(&rows);
            assert_eq!(
                rows.codes(&findings),
                vec![vec!["X302"], vec!["X302"]],
                "125.01 at TWP {twp:?}"
            );
            let message = rows.first_message(&findings);
            assert!(message.contains("has 125,01 VOV hours"), "{message}");
            assert!(message.contains("cap of 125 (125 x TWP 100 / 100)"), "{message}");
        }
    }

    #[test]
    fn part_time_cap_93_75_reached_is_no_finding_and_93_76_is() {
        let twp = Some(decimal(75, 0));
        let rows = two_rows(twp, decimal(60, 0), decimal(3375, 2));
        assert!(cap(&rows).by_entry.is_empty());
        let rows = two_rows(twp, decimal(60, 0), decimal(3376, 2));
        let findings = cap(&rows);
        assert_eq!(rows.codes(&findings), vec![vec!["X302"], vec!["X302"]]);
        let message = rows.first_message(&findings);
        assert!(message.contains("has 93,76 VOV hours"), "{message}");
        assert!(message.contains("cap of 93,75 (125 x TWP 75 / 100)"), "{message}");
        assert!(message.contains("reimbursement stops at 93,75"), "{message}");
    }

    #[test]
    fn one_finding_is_shared_by_the_rows_of_the_group() {
        let rows = two_rows(None, decimal(100, 0), decimal(100, 0));
        let findings = cap(&rows);
        let shared: Vec<&Arc<Finding>> = findings.by_entry.values().map(|f| &f.diagnostics[0]).collect();
        assert_eq!(shared.len(), 2);
        assert!(Arc::ptr_eq(shared[0], shared[1]));
        assert_eq!(shared[0].code(), X302.code);
        assert_eq!(shared[0].severity(), CAP_SEVERITY);
    }

    #[test]
    fn the_cap_of_the_finding_is_the_one_the_report_grants() {
        // X302 and the report's capped hours share one computation: the
        // finding's cap is what the figures grant at most.
        let rows = two_rows(Some(decimal(75, 0)), decimal(60, 0), decimal(60, 0));
        let findings = cap(&rows);
        let Some(Finding::Cap(excess)) = findings.by_entry.values().next().map(|f| &*f.diagnostics[0]) else {
            panic!("X302 expected");
        };
        let figures = crate::figures::compute(&rows.index, &rows.index.by_employee_year(), |_| true);
        assert_eq!(figures.per_employee[0].capped_hours, excess.year.cap);
        assert_eq!(figures.per_employee[0].vov_hours, excess.year.hours);
    }

    /// X302's message on the first row of `rows`, in `lang`.
    fn cap_message(rows: &Rows, lang: Lang) -> String {
        let findings = cap(rows);
        let Some(Finding::Cap(excess)) = findings.by_entry.get(&0).map(|f| &*f.diagnostics[0]) else {
            panic!("X302 expected");
        };
        cap_diagnostic(excess, lang).message
    }

    #[test]
    fn in_french_93_76_hours_at_twp_75_are_above_the_cap() {
        let rows = two_rows(Some(decimal(75, 0)), decimal(60, 0), decimal(3375, 2));
        assert!(cap(&rows).by_entry.is_empty());
        let rows = two_rows(Some(decimal(75, 0)), decimal(60, 0), decimal(3376, 2));
        assert_eq!(
            cap_message(&rows, Lang::Fr),
            "le travailleur 850730-xxx-xx a 93,76 heures VOV pendant l'année scolaire 2026-2027, plus que le plafond \
             annuel de 93,75 (125 x TWP 75 / 100): le remboursement s'arrête à 93,75"
        );
    }

    #[test]
    fn in_french_each_side_of_the_shared_initiative_is_named() {
        let mut own = request();
        own.startdatum = crate::rules::test_support::date(2022, 10, 3);
        own.einddatum = own.startdatum;
        own.aantal = decimal(126, 0);
        let mut employer = own.clone();
        employer.odb = crate::values::Odb::parse("ODB-0002141").unwrap();
        employer.initiatief = Some(crate::values::Initiative::Werkgever);
        let mut rows = Rows::default();
        rows.plain(2, own).plain(3, employer);
        let message = cap_message(&rows, Lang::Fr);
        assert!(
            message.contains("a 126 heures VOV à sa propre initiative (X308) pendant l'année scolaire 2022-2023"),
            "{message}"
        );
        assert_eq!(
            cap_message(&rows, Lang::Nl),
            "werknemer 850730-xxx-xx heeft 126 VOV-uren op eigen initiatief (X308) in schooljaar 2022-2023, meer dan \
             het plafond van 125 (125 x TWP 100 / 100): terugbetaling stopt bij 125"
        );
    }
}
