//! X303 combined-minimum: a row below the minimum (R203) whose employee
//! reaches 32 VOV hours in the school year together with their other
//! accepted rows of the batch.
//!
//! Replaces R203 on the rows it names: that relation is data, in
//! [`crate::rules::relations::REPLACEMENTS`] (X303 replaces R203). The check
//! marks the replacement with `Findings::drop_r203`; the tally
//! ([`crate::validate`]) and the outputs (`crate::assemble`) then leave the
//! row's R203 out. The minimum is [`crate::regulation::MINIMUM_HOURS`].

use rust_decimal::Decimal;

use crate::calendar::school_year_name;
use crate::field::Field;
use crate::lang::Lang;
use crate::model::Severity;
use crate::rules::{Explanation, Rule, Text};
use crate::state::{EmployeeIndex, EmployeeYears, Findings};
use crate::values::number::format_comma;

use super::{bron, list_rows, otherwise_accepted_in};

/// X303: the rule, its texts and its explanation.
pub const X303: Rule = Rule {
    code: crate::code::Code::X303,
    name: "combined-minimum",
    severity: "info",
    summary: Text {
        nl: "Onder het minimum, maar samen met andere aanvragen haalt de werknemer 32 uren: R203 vervalt.",
        en: "Below the minimum, but with other requests the employee reaches 32 hours: R203 is dropped.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Een rij met R203 (onder 32 uren/lestijden of 3 studiepunten) waarvan de werknemer in hetzelfde schooljaar met de andere aanvaarde rijen van de batch aan 32 VOV-uren komt: R203 wordt weggelaten en deze info noemt de rijen die samen tellen.",
            en: "A row with R203 (below 32 hours/lesson periods or 3 study points) whose employee reaches 32 VOV hours in the same school year with the other accepted rows of the batch: R203 is dropped and this info names the rows combined.",
        },
        why: Text {
            nl: "'Als die bijgeteld kan worden bij een andere aanvraag waardoor u voor die samen aan 32 uren komt, is er mogelijk recht wel op opleidingsverlof.' Geweigerde rijen tellen niet mee: ze worden niet ingediend.",
            en: "'If it can be added to another request so that together they reach 32 hours, there may be a right to training leave after all.' Rejected rows do not count: they will not be submitted.",
        },
        source: "001_1f5b18419eea068f.txt ('Minder dan 32 uren'); 003_3c4063dd767c45eb.txt",
        fix: Text {
            nl: "Niets te doen; dien alle genoemde aanvragen in.",
            en: "Nothing to do; submit all the requests named.",
        },
        example: Text {
            nl: "20 uren en 12 uren voor dezelfde werknemer in 2026-2027: samen 32, X303 in plaats van R203 op beide.",
            en: "20 hours and 12 hours for the same employee in 2026-2027: 32 together, X303 instead of R203 on both.",
        },
    },
};

/// X303 over every employee and school year of the index (see
/// `check_group`).
pub fn check(
    index: &EmployeeIndex,
    years: &EmployeeYears,
    findings: &mut Findings,
    input_names: &[String],
    lang: Lang,
) {
    let mut members = Vec::new();
    for group in years.groups() {
        check_group(index, group, &mut members, findings, input_names, lang);
    }
}

/// X303 on one employee's school year (`group`, entry indices in input
/// order): when the rows no error rejects (yet) reach the minimum together,
/// each of them with R203 loses it and gets X303. `members` is scratch space.
pub(super) fn check_group(
    index: &EmployeeIndex,
    group: &[u32],
    members: &mut Vec<u32>,
    findings: &mut Findings,
    input_names: &[String],
    lang: Lang,
) {
    if group.len() < 2 {
        return;
    }
    otherwise_accepted_in(index, findings, group, members);
    if members.len() < 2 {
        return;
    }
    let minimum = Decimal::from(crate::regulation::MINIMUM_HOURS);
    let total: Decimal = members
        .iter()
        .fold(Decimal::ZERO, |sum, i| sum.saturating_add(index.hours(index.entry(*i))));
    if total < minimum {
        return;
    }
    let year = school_year_name(index.entry(members[0]).school_year());
    for &member in members.iter() {
        if !findings.has_r203(index.entry(member), member) {
            continue;
        }
        let others: Vec<String> = members
            .iter()
            .filter(|i| **i != member)
            .map(|i| bron(index.entry(*i).source, input_names))
            .collect();
        let others = list_rows(&others, lang);
        let total = format_comma(total);
        findings.drop_r203(member);
        findings.push(
            member,
            X303.diagnostic(Severity::Info, Some(Field::Aantal), None, lang.pick_fmt(
                    format_args!("onder het minimum, maar in schooljaar {year} komt deze werknemer samen met {others} aan {total} VOV-uren: telt mee"),
                    format_args!("below the minimum, but in school year {year} this employee reaches {total} VOV hours together with {others}: it counts"),
                ), lang),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;
    use crate::rules::batch::test_rows::{decimal, names, Rows};
    use crate::rules::relations::REPLACEMENTS;
    use crate::rules::test_support::{date, request};

    fn minimum(rows: &Rows) -> Findings {
        let mut findings = Findings::default();
        let order = rows.index.by_employee_year();
        check(&rows.index, &order, &mut findings, &names(), Lang::En);
        findings
    }

    #[test]
    fn x303_combined_minimum_at_31_99_and_32_hours() {
        let mut a = request();
        a.aantal = decimal(20, 0);
        let mut b = request();
        b.odb = crate::values::Odb::parse("ODB-0002141").unwrap();
        b.aantal = decimal(1199, 2);
        let mut rows = Rows::default();
        rows.checked(2, a.clone()).checked(3, b.clone());
        assert_eq!(rows.codes(&minimum(&rows)), vec![vec!["R203"], vec!["R203"]]);
        b.aantal = decimal(12, 0);
        let mut rows = Rows::default();
        rows.checked(2, a.clone()).checked(3, b.clone());
        let findings = minimum(&rows);
        assert_eq!(rows.codes(&findings), vec![vec!["X303"], vec!["X303"]]);
        assert!(rows.first_message(&findings).contains("a.csv:3"));
        // Another school year does not combine.
        b.startdatum = date(2026, 8, 31);
        b.einddatum = date(2026, 8, 31);
        let mut rows = Rows::default();
        rows.checked(2, a).checked(3, b);
        assert_eq!(rows.codes(&minimum(&rows)), vec![vec!["R203"], vec!["R203"]]);
    }

    #[test]
    fn a_row_of_31_99_hours_and_one_of_0_do_not_combine_but_32_alone_needs_no_combining() {
        // 31.99 + 0 = 31.99: below the minimum together, R203 stays on both.
        let mut a = request();
        a.aantal = decimal(3199, 2);
        let mut zero = request();
        zero.odb = crate::values::Odb::parse("ODB-0002141").unwrap();
        zero.aantal = decimal(0, 0);
        let mut rows = Rows::default();
        rows.checked(2, a.clone()).checked(3, zero.clone());
        let codes = rows.codes(&minimum(&rows));
        assert!(
            codes.iter().all(|c| c.contains(&"R203") && !c.contains(&"X303")),
            "{codes:?}"
        );
        // 32 + 0 = 32: the row of 0 reaches the minimum together with the other.
        a.aantal = decimal(32, 0);
        let mut rows = Rows::default();
        rows.checked(2, a).checked(3, zero);
        let codes = rows.codes(&minimum(&rows));
        assert!(!codes[0].contains(&"R203") && !codes[0].contains(&"X303"), "{codes:?}");
        assert!(codes[1].contains(&"X303") && !codes[1].contains(&"R203"), "{codes:?}");
    }

    #[test]
    fn x303_ignores_rejected_rows() {
        let mut a = request();
        a.aantal = decimal(20, 0);
        let mut b = request();
        b.odb = crate::values::Odb::parse("ODB-0002141").unwrap();
        b.aantal = decimal(20, 0);
        b.contract = Some(crate::values::Contract::Examencontract);
        let mut rows = Rows::default();
        rows.checked(2, a).checked(3, b);
        assert_eq!(rows.codes(&minimum(&rows))[0], vec!["R203"]);
    }

    #[test]
    fn the_replacement_this_check_applies_is_the_one_relations_states() {
        assert!(REPLACEMENTS
            .iter()
            .any(|r| r.rule == X303.code && r.replaces == Code::R203));
    }
}
