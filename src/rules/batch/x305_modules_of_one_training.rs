//! X305 modules-of-one-training: accepted rows of one employee and employer
//! whose ODB numbers differ only in the module suffix; with
//! `--merge-modules`, the plan to merge them into one request ([`Merge`]).
//!
//! Runs last among the batch rules ([`super::run_all`]): only rows that are
//! accepted take part, so it needs every other rule's findings.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::field::Field;
use crate::lang::Lang;
use crate::model::{Severity, Source, Status};
use crate::rules::{Explanation, Rule, Text};
use crate::state::{EmployeeIndex, Entry, Findings};
use crate::values::date::format_be;
use crate::values::number::format_comma;

use super::{bron, list_rows};

/// X305: the rule, its texts and its explanation.
pub const X305: Rule = Rule {
    code: crate::code::Code::X305,
    name: "modules-of-one-training",
    severity: "info",
    summary: Text {
        nl: "Modules van één opleiding (zelfde basisnummer): één aanvraag verwacht als ze op één attest staan.",
        en: "Modules of one training (same base number): one request expected if they are on one certificate.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Twee of meer aanvaarde rijen van dezelfde werknemer en werkgever met ODB-nummers die enkel in het modulenummer verschillen (ODB-Z00291-001, ODB-Z00291-002). Met --merge-modules worden ze samengevoegd tot één aanvraag met het basisnummer, de start van de eerste module, het einde van de laatste en de som van de aantallen (enkel bij dezelfde eenheid); het rapport noemt de samengevoegde rijen.",
            en: "Two or more accepted rows of the same employee and employer whose ODB numbers differ only in the module suffix (ODB-Z00291-001, ODB-Z00291-002). With --merge-modules they are merged into one request with the base number, the first module's start, the last module's end and the quantities summed (only with the same unit); the report names the merged rows.",
        },
        why: Text {
            nl: "Staan de modules op één inschrijvingsattest, dan verwacht WSE één aanvraag met het basisnummer.",
            en: "When the modules are on one enrolment certificate, WSE expects one request with the base number.",
        },
        source: "001_1f5b18419eea068f.txt (modules en ODB-nummers)",
        fix: Text {
            nl: "Staan ze op één attest: gebruik --merge-modules of voeg ze zelf samen. Aparte attesten: niets te doen.",
            en: "On one certificate: use --merge-modules or merge them yourself. Separate certificates: nothing to do.",
        },
        example: Text {
            nl: "ODB-Z00291-001 (01/09/2026-31/12/2026, 40 uren) en ODB-Z00291-002 (05/01/2027-30/06/2027, 60 uren) worden met --merge-modules ODB-Z00291, 01/09/2026-30/06/2027, 100 uren.",
            en: "ODB-Z00291-001 (01/09/2026-31/12/2026, 40 uren) and ODB-Z00291-002 (05/01/2027-30/06/2027, 60 uren) become with --merge-modules ODB-Z00291, 01/09/2026-30/06/2027, 100 uren.",
        },
    },
};

/// Module rows merged into one request by `--merge-modules`: the first
/// member's request, with these values, takes the place of them all.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    /// The rows merged, in input order.
    pub members: Vec<Source>,
    /// The base ODB number (without module suffix).
    pub odb: String,
    /// The first module's start (its reference start).
    pub startdatum: NaiveDate,
    /// The last module's end.
    pub einddatum: NaiveDate,
    /// The quantities of the modules summed (they share one unit).
    pub aantal: Decimal,
}

fn plan_merge(index: &EmployeeIndex, members: &[u32]) -> Option<Merge> {
    let entries: Vec<&Entry> = members.iter().map(|i| index.entry(*i)).collect();
    let first = entries.first()?;
    if entries.iter().any(|e| e.eenheid != first.eenheid) {
        return None;
    }
    // Every member has a module ODB number, so the index kept its quantity.
    let aantal = members
        .iter()
        .map(|i| index.module_aantal(*i))
        .try_fold(Decimal::ZERO, |sum, a| a.and_then(|a| sum.checked_add(a)))?;
    Some(Merge {
        members: entries.iter().map(|e| e.source).collect(),
        odb: index.odbs.base(first.odb).to_string(),
        startdatum: entries.iter().map(|e| e.reference_start).min()?,
        einddatum: entries.iter().map(|e| e.einddatum).max()?,
        aantal,
    })
}

/// X305: module rows of one training; merged when `merge` is set. Only rows
/// that are accepted take part (call this after every other rule).
pub fn check(
    index: &EmployeeIndex,
    findings: &mut Findings,
    input_names: &[String],
    strict: bool,
    merge: bool,
    lang: Lang,
) -> Vec<Merge> {
    let mut groups: BTreeMap<(u64, u64, &str), Vec<u32>> = BTreeMap::new();
    for (i, entry) in index.entries() {
        if !index.odbs.has_module(entry.odb) || findings.standing(entry, i, strict).status != Status::Accepted {
            continue;
        }
        let key = (entry.kbo, entry.insz, index.odbs.base(entry.odb));
        groups.entry(key).or_default().push(i);
    }
    let mut merges = Vec::new();
    for ((_, _, base), members) in groups {
        let mut distinct: Vec<u32> = members.iter().map(|i| index.entry(*i).odb).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 2 {
            continue;
        }
        let listed: Vec<String> = members
            .iter()
            .map(|i| {
                let entry = index.entry(*i);
                format!("{} ({})", index.odbs.text(entry.odb), bron(entry.source, input_names))
            })
            .collect();
        let plan = if merge { plan_merge(index, &members) } else { None };
        let unit = index.entry(members[0]).eenheid.as_str();
        let list = list_rows(&listed, lang);
        let message = match (&plan, merge) {
            (Some(m), _) => lang.pick_fmt(
                format_args!(
                    "modules {list} samengevoegd tot één aanvraag {base}, {} tot {}, {} {unit}",
                    format_be(m.startdatum),
                    format_be(m.einddatum),
                    format_comma(m.aantal)
                ),
                format_args!(
                    "modules {list} merged into one request {base}, {} to {}, {} {unit}",
                    format_be(m.startdatum),
                    format_be(m.einddatum),
                    format_comma(m.aantal)
                ),
            ),
            (None, true) => lang.pick_fmt(
                format_args!("modules {list} van {base} niet samengevoegd: ze hebben een verschillende eenheid"),
                format_args!("modules {list} of {base} not merged: their units differ"),
            ),
            (None, false) => lang.pick_fmt(
                format_args!("modules {list} van één opleiding: staan ze op één inschrijvingsattest, dan verwacht WSE één aanvraag met {base} (--merge-modules)"),
                format_args!("modules {list} of one training: if they are on one enrolment certificate, WSE expects one request with {base} (--merge-modules)"),
            ),
        };
        for &member in &members {
            let value = Some(index.odbs.text(index.entry(member).odb).to_string());
            let diagnostic = X305.diagnostic(Severity::Info, Some(Field::OdbNummer), value, message.clone(), lang);
            findings.push(member, diagnostic);
        }
        if let Some(plan) = plan {
            merges.push(plan);
        }
    }
    merges.sort_by_key(|m| m.members.first().copied());
    merges
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Diagnostic;
    use crate::rules::batch::test_rows::{decimal, names, Rows};
    use crate::rules::test_support::{date, request};

    fn module_rule(rows: &Rows, merge: bool) -> (Findings, Vec<Merge>) {
        let mut findings = Findings::default();
        let merges = check(&rows.index, &mut findings, &names(), false, merge, Lang::En);
        (findings, merges)
    }

    #[test]
    fn x305_modules_and_merge() {
        let mut m1 = request();
        m1.odb = crate::values::Odb::parse("ODB-Z00291-001").unwrap();
        m1.startdatum = date(2026, 9, 1);
        m1.einddatum = date(2026, 12, 31);
        m1.aantal = decimal(40, 0);
        let mut m2 = m1.clone();
        m2.odb = crate::values::Odb::parse("ODB-Z00291-002").unwrap();
        m2.startdatum = date(2027, 1, 5);
        m2.einddatum = date(2027, 6, 30);
        m2.aantal = decimal(60, 0);
        let mut rows = Rows::default();
        rows.plain(2, m1.clone()).plain(3, m2.clone());
        let (findings, merges) = module_rule(&rows, false);
        assert!(merges.is_empty());
        assert_eq!(rows.codes(&findings), vec![vec!["X305"], vec!["X305"]]);
        let (_, merges) = module_rule(&rows, true);
        assert_eq!(
            merges,
            vec![Merge {
                members: vec![Source { input: 0, line: 2 }, Source { input: 0, line: 3 }],
                odb: "ODB-Z00291".into(),
                startdatum: date(2026, 9, 1),
                einddatum: date(2027, 6, 30),
                aantal: decimal(100, 0),
            }]
        );
        // A rejected module does not take part.
        let mut rows = Rows::default();
        let error = Diagnostic {
            code: crate::code::Code::R204,
            severity: Severity::Error,
            field: None,
            value: None,
            message: String::new(),
            help: "".into(),
        };
        rows.plain(2, m1.clone()).add(3, Some(m2.clone()), vec![error]);
        assert!(module_rule(&rows, true).1.is_empty());
        // Different units are not merged; one module alone is no group.
        m2.eenheid = crate::values::Unit::Lestijden;
        let mut rows = Rows::default();
        rows.plain(2, m1.clone()).plain(3, m2);
        assert!(module_rule(&rows, true).1.is_empty());
        let mut rows = Rows::default();
        rows.plain(2, m1);
        let (findings, _) = module_rule(&rows, true);
        assert!(findings.by_entry.is_empty());
    }

    #[test]
    fn a_base_number_with_one_module_is_no_group_and_two_modules_are() {
        let mut base = request();
        base.odb = crate::values::Odb::parse("ODB-Z00291").unwrap();
        let mut module = request();
        module.odb = crate::values::Odb::parse("ODB-Z00291-001").unwrap();
        module.startdatum = date(2027, 1, 5);
        // The base number and one of its modules: only rows with a module
        // suffix are grouped, so no X305 (RULES.md rev 2 changes this; it
        // comes with the behaviour commits).
        let mut rows = Rows::default();
        rows.plain(2, base.clone()).plain(3, module.clone());
        let (findings, merges) = module_rule(&rows, true);
        assert!(findings.by_entry.is_empty());
        assert!(merges.is_empty());
        // Two modules of the same base: X305 on both, merged with the base number.
        let mut second = module.clone();
        second.odb = crate::values::Odb::parse("ODB-Z00291-002").unwrap();
        let mut rows = Rows::default();
        rows.plain(2, base).plain(3, module).plain(4, second);
        let (findings, merges) = module_rule(&rows, true);
        assert_eq!(rows.codes(&findings), vec![vec![], vec!["X305"], vec!["X305"]]);
        assert_eq!(merges.len(), 1);
        assert_eq!(merges[0].odb, "ODB-Z00291");
        assert_eq!(merges[0].aantal, decimal(240, 0));
    }
}
