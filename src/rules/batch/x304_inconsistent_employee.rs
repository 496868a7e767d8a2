//! X304 inconsistent-employee: the same INSZ with different names, or
//! different TWPs, in one school year.
//!
//! Every typed row counts, rejected or not. The cap (X302,
//! [`super::x302_over_yearly_cap`]) takes the lowest of the TWPs this rule
//! warns about.

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::calendar::school_year_name;
use crate::field::Field;
use crate::lang::{tr, trf, Lang};
use crate::model::Severity;
use crate::rules::{Explanation, Rule, Text};
use crate::state::{EmployeeIndex, EmployeeYears, Finding, Findings};
use crate::values::insz::mask_raw;
use crate::values::number::format_comma;

use super::list_rows;

/// X304: the rule, its texts and its explanation.
pub const X304: Rule = Rule {
    code: crate::code::Code::X304,
    name: "inconsistent-employee",
    severity: "warning",
    summary: Text {
        nl: "Hetzelfde INSZ met verschillende namen of verschillende TWP in één schooljaar.",
        fr: "Le même INSZ avec des noms différents ou des TWP différents pendant une année scolaire.",
        en: "The same INSZ with different names, or different TWP, in one school year.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Rijen met hetzelfde INSZ in hetzelfde schooljaar hebben een andere naam of voornaam (hoofdletters, accenten en spaties tellen niet), een andere TWP bij dezelfde werkgever, of een andere totaal tewerkstellingspercentage. Verschillende TWP's bij verschillende werkgevers zijn normaal (deeltijds bij twee werkgevers) en worden niet gemeld.",
            fr: "Des lignes avec le même INSZ pendant la même année scolaire ont un autre nom ou prénom (majuscules, accents et espaces ne comptent pas), un autre TWP chez le même employeur, ou un autre taux d'occupation total. Des TWP différents chez des employeurs différents sont normaux (temps partiel chez deux employeurs) et ne sont pas signalés.",
            en: "Rows with the same INSZ in the same school year have another last or first name (case, accents and spaces do not count), another TWP at the same employer, or another tewerkstelling_totaal_pct. Different TWPs at different employers are normal (part time at two employers) and are not reported.",
        },
        why: Text {
            nl: "Meestal een tikfout in het INSZ (twee werknemers op één nummer) of in de naam; WSE controleert INSZ en naam tegen het rijksregister. Bij verschillende TWP's rekent het plafond (X302) met de laagste.",
            fr: "Le plus souvent une faute de frappe dans l'INSZ (deux travailleurs sur un même numéro) ou dans le nom; WSE contrôle l'INSZ et le nom par rapport au registre national. Avec des TWP différents, le plafond annuel (X302) prend le plus bas.",
            en: "Usually a typo in the INSZ (two employees on one number) or in the name; WSE checks INSZ and name against the national register. With different TWPs the cap (X302) uses the lowest.",
        },
        source: Text {
            nl: "de regelcatalogus van vov-bulk (`vov-bulk rules`: het TWP per werkgever, het totaal over alle werkgevers); vlaanderen.be, 'Berekening tewerkstellingspercentage'; Sociaal secretariaat Dienstbetoon, 'Vlaams opleidingsverlof', rubriek TWP",
            fr: "le catalogue des règles de vov-bulk (`vov-bulk rules`: le taux d'occupation par employeur, le total sur tous les employeurs); vlaanderen.be, « Berekening tewerkstellingspercentage »; secrétariat social Dienstbetoon, « Vlaams opleidingsverlof », rubrique TWP",
            en: "the vov-bulk rule catalogue (`vov-bulk rules`: the TWP per employer, the total over all employers); vlaanderen.be, 'Berekening tewerkstellingspercentage'; Dienstbetoon social secretariat, 'Vlaams opleidingsverlof', section TWP",
        },
        fix: Text {
            nl: "Controleer INSZ, naam en TWP van deze werknemer in de loonadministratie.",
            fr: "Vérifiez l'INSZ, le nom et le TWP de ce travailleur dans l'administration salariale.",
            en: "Check this employee's INSZ, name and TWP in the payroll records.",
        },
        example: Text {
            nl: "850730-xxx-xx als 'Peeters An' en als 'Peters An' in 2026-2027: X304 op beide rijen.",
            fr: "850730-xxx-xx comme 'Peeters An' et comme 'Peters An' en 2026-2027: X304 sur les deux lignes.",
            en: "850730-xxx-xx as 'Peeters An' and as 'Peters An' in 2026-2027: X304 on both rows.",
        },
    },
};

/// X304 over every employee and school year of the index (see
/// `check_group`).
pub fn check(index: &EmployeeIndex, years: &EmployeeYears, findings: &mut Findings, lang: Lang) {
    for group in years.groups() {
        check_group(index, group, findings, lang);
    }
}

/// X304 on one employee's school year (`members`, entry indices in input
/// order): one finding, shared by every row, when their names or TWPs differ.
pub(super) fn check_group(index: &EmployeeIndex, members: &[u32], findings: &mut Findings, lang: Lang) {
    // Most employees have one name, one TWP per employer and one total:
    // tell that without lists. TWPs at different employers are normal (rev 2).
    let mut name = None;
    let mut twp_at: Vec<(u64, Decimal)> = Vec::new();
    let mut total = None;
    let uniform = members.iter().map(|i| index.entry(*i)).all(|e| {
        let same_name = *name.get_or_insert(e.name) == e.name;
        let same_twp = index
            .twp(e)
            .is_none_or(|t| match twp_at.iter().find(|(kbo, _)| *kbo == e.kbo) {
                Some((_, first)) => *first == t,
                None => {
                    twp_at.push((e.kbo, t));
                    true
                }
            });
        let same_total = index.twp_totaal(e).is_none_or(|t| *total.get_or_insert(t) == t);
        same_name && same_twp && same_total
    });
    if uniform {
        return;
    }
    let mut name_ids: Vec<u32> = Vec::new();
    // Per employer, its TWPs in input order.
    let mut twps: Vec<(u64, Vec<Decimal>)> = Vec::new();
    let mut totals: Vec<Decimal> = Vec::new();
    for entry in members.iter().map(|i| index.entry(*i)) {
        if !name_ids.contains(&entry.name) {
            name_ids.push(entry.name);
        }
        if let Some(twp) = index.twp(entry) {
            match twps.iter_mut().find(|(kbo, _)| *kbo == entry.kbo) {
                Some((_, seen)) if !seen.contains(&twp) => seen.push(twp),
                Some(_) => {}
                None => twps.push((entry.kbo, vec![twp])),
            }
        }
        if let Some(total) = index.twp_totaal(entry) {
            if !totals.contains(&total) {
                totals.push(total);
            }
        }
    }
    let mut problems = Vec::new();
    if name_ids.len() > 1 {
        let shown: Vec<String> = name_ids
            .iter()
            .map(|id| format!("'{}'", index.names.shown(*id)))
            .collect();
        let list = list_rows(&shown, lang);
        problems.push(trf!(lang, nl: "namen {list}", fr: "noms {list}", en: "names {list}"));
    }
    for (kbo, seen) in twps.iter().filter(|(_, seen)| seen.len() > 1) {
        let list = list_rows(&seen.iter().map(|t| format_comma(*t)).collect::<Vec<_>>(), lang);
        problems.push(trf!(lang,
            nl: "TWP {list} bij werkgever {kbo:010} (het totaal rekent met de laagste)",
            fr: "TWP {list} chez l'employeur {kbo:010} (le total prend le plus bas)",
            en: "TWP {list} at employer {kbo:010} (the total uses the lowest)",
        ));
    }
    if totals.len() > 1 {
        let list = list_rows(&totals.iter().map(|t| format_comma(*t)).collect::<Vec<_>>(), lang);
        problems.push(trf!(lang,
            nl: "totaal tewerkstellingspercentage {list} (R208 en het plafond rekenen met de laagste)",
            fr: "taux d'occupation total {list} (R208 et le plafond annuel prennent le plus bas)",
            en: "tewerkstelling_totaal_pct {list} (R208 and the cap use the lowest)",
        ));
    }
    let Some(first) = members.first().map(|i| index.entry(*i)) else {
        return;
    };
    if problems.is_empty() {
        return;
    }
    let who = mask_raw(&format!("{:011}", first.insz));
    let year = school_year_name(first.school_year());
    let problems = problems.join(tr!(lang, nl: " en ", fr: " et ", en: " and "));
    let finding = Arc::new(Finding::from(X304.diagnostic(
        Severity::Warning,
        Some(Field::WerknemerInsz),
        Some(who.clone()),
        trf!(lang,
            nl: "INSZ {who} heeft in schooljaar {year} verschillende gegevens: {problems}",
            fr: "INSZ {who} a des données différentes pendant l'année scolaire {year}: {problems}",
            en: "INSZ {who} has different data in school year {year}: {problems}",
        ),
        lang,
    )));
    for &member in members {
        findings.push_shared(member, Arc::clone(&finding));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::batch::test_rows::{decimal, Rows};
    use crate::rules::test_support::request;

    fn inconsistent(rows: &Rows) -> Findings {
        let mut findings = Findings::default();
        check(&rows.index, &rows.index.by_employee_year(), &mut findings, Lang::En);
        findings
    }

    #[test]
    fn x304_names_compare_without_case_accents_and_spaces() {
        let a = request();
        let mut b = request();
        b.odb = crate::values::Odb::parse("ODB-0002141").unwrap();
        b.naam = " PEETERS ".into();
        let mut rows = Rows::default();
        rows.plain(2, a.clone()).plain(3, b.clone());
        assert_eq!(rows.codes(&inconsistent(&rows)), vec![Vec::<&str>::new(), vec![]]);
        b.naam = "Peters".into();
        let mut rows = Rows::default();
        rows.plain(2, a.clone()).plain(3, b.clone());
        let findings = inconsistent(&rows);
        assert_eq!(rows.codes(&findings), vec![vec!["X304"], vec!["X304"]]);
        let message = rows.first_message(&findings);
        assert!(message.contains("'Peters An'"));
        assert!(!message.contains("85073003328"), "INSZ is masked");
        b.naam = a.naam.clone();
        b.twp = Some(decimal(80, 0));
        let mut c = a.clone();
        c.twp = Some(decimal(100, 0));
        let mut rows = Rows::default();
        rows.plain(2, c.clone()).plain(3, b.clone());
        assert_eq!(rows.codes(&inconsistent(&rows)), vec![vec!["X304"], vec!["X304"]]);
        // A row without TWP first: the two TWPs after it still differ.
        let mut none = a.clone();
        none.twp = None;
        let mut rows = Rows::default();
        rows.plain(2, none.clone()).plain(3, c.clone()).plain(4, b);
        assert_eq!(
            rows.codes(&inconsistent(&rows)),
            vec![vec!["X304"], vec!["X304"], vec!["X304"]]
        );
        // A missing TWP is no difference.
        let mut rows = Rows::default();
        rows.plain(2, none).plain(3, c);
        assert_eq!(rows.codes(&inconsistent(&rows)), vec![Vec::<&str>::new(), vec![]]);
    }

    #[test]
    fn different_twps_at_different_employers_are_normal_the_same_employer_or_total_is_not() {
        let row = |kbo: &str, odb: &str, twp: i64, total: Option<i64>| {
            let mut r = request();
            r.kbo = crate::values::Kbo::parse(kbo).unwrap();
            r.odb = crate::values::Odb::parse(odb).unwrap();
            r.twp = Some(decimal(twp, 0));
            r.twp_totaal = total.map(|t| decimal(t, 0));
            r
        };
        // 40% at A, 35% at B: two employers, nothing to say.
        let mut rows = Rows::default();
        rows.plain(2, row("0403170701", "ODB-Z00291", 40, None))
            .plain(3, row("0202239951", "ODB-0002141", 35, None));
        assert_eq!(rows.codes(&inconsistent(&rows)), vec![Vec::<&str>::new(), vec![]]);
        // 40% and 35% at the same employer: one of them is wrong.
        let mut rows = Rows::default();
        rows.plain(2, row("0403170701", "ODB-Z00291", 40, None))
            .plain(3, row("0403170701", "ODB-0002141", 35, None));
        let findings = inconsistent(&rows);
        assert_eq!(rows.codes(&findings), vec![vec!["X304"], vec!["X304"]]);
        assert!(
            rows.first_message(&findings).contains("at employer 0403170701"),
            "{}",
            rows.first_message(&findings)
        );
        // The same total on both rows is fine; two totals are not.
        let mut rows = Rows::default();
        rows.plain(2, row("0403170701", "ODB-Z00291", 40, Some(75)))
            .plain(3, row("0202239951", "ODB-0002141", 35, Some(75)));
        assert_eq!(rows.codes(&inconsistent(&rows)), vec![Vec::<&str>::new(), vec![]]);
        let mut rows = Rows::default();
        rows.plain(2, row("0403170701", "ODB-Z00291", 40, Some(75)))
            .plain(3, row("0202239951", "ODB-0002141", 35, Some(80)));
        let findings = inconsistent(&rows);
        assert_eq!(rows.codes(&findings), vec![vec!["X304"], vec!["X304"]]);
        assert!(
            rows.first_message(&findings).contains("tewerkstelling_totaal_pct"),
            "{}",
            rows.first_message(&findings)
        );
    }

    #[test]
    fn in_french_two_names_and_two_twps_at_one_employer() {
        let mut a = request();
        a.twp = Some(decimal(80, 0));
        let mut b = request();
        b.odb = crate::values::Odb::parse("ODB-0002141").unwrap();
        b.naam = "Peters".into();
        b.twp = Some(decimal(100, 0));
        let mut rows = Rows::default();
        rows.plain(2, a).plain(3, b);
        let mut findings = Findings::default();
        check(&rows.index, &rows.index.by_employee_year(), &mut findings, Lang::Fr);
        assert_eq!(
            rows.first_message(&findings),
            "INSZ 850730-xxx-xx a des données différentes pendant l'année scolaire 2026-2027: noms 'Peeters An', \
             'Peters An' et TWP 80, 100 chez l'employeur 0403170701 (le total prend le plus bas)"
        );
    }
}
