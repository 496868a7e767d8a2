//! The X rules: across the rows of the whole batch (all inputs together),
//! over the index of the typed requests (`crate::state::EmployeeIndex`).
//! One file per rule, each with its code, texts, check, messages and tests:
//!
//! - X301 duplicate-request: [`x301_duplicate_request`]
//! - X302 over-yearly-cap: [`x302_over_yearly_cap`] (the cap, and where
//!   else it is applied, is described there)
//! - X303 combined-minimum: [`x303_combined_minimum`] (replaces R203, see
//!   [`crate::relations::REPLACEMENTS`])
//! - X304 inconsistent-employee: [`x304_inconsistent_employee`]
//! - X305 modules-of-one-training: [`x305_modules_of_one_training`]
//! - X308 shared-initiative: [`x308_shared_initiative`] (the cap per side)
//!
//! X306 and X307 (the ledger of earlier runs) are in [`crate::rules::ledger`];
//! [`run_all`] runs them in their place among these.

pub mod x301_duplicate_request;
pub mod x302_over_yearly_cap;
pub mod x303_combined_minimum;
pub mod x304_inconsistent_employee;
pub mod x305_modules_of_one_training;
pub mod x308_shared_initiative;

pub use x301_duplicate_request::X301;
pub use x302_over_yearly_cap::X302;
pub use x303_combined_minimum::X303;
pub use x304_inconsistent_employee::X304;
pub use x305_modules_of_one_training::{Merge, X305};
pub use x308_shared_initiative::X308;

use crate::lang::{trf, Lang};
use crate::model::{Diagnostic, Source};
use crate::state::{EmployeeIndex, EmployeeYears, Finding, Findings};

/// The batch rules over the whole index, in the order they must run:
///
/// 1. X301 first: a duplicate is rejected before it can count towards the
///    minimum (X303) or the cap (X302).
/// 2. X306 and X307 (with a ledger): an already prepared request has its
///    deadline rules stopped before the rows are counted.
/// 3. X303, X302 and X304 per employee and school year: they count the rows
///    that no error rejects (yet), so after 1 and 2.
/// 4. X305 last: it merges only rows that are accepted, so it must see the
///    final statuses; the ledger then checks the merged requests.
pub fn run_all(
    index: &EmployeeIndex,
    years: &EmployeeYears,
    input_names: &[String],
    strict: bool,
    merge_modules: bool,
    ledger: Option<&crate::ledger::LedgerView>,
    lang: Lang,
) -> (Findings, Vec<Merge>) {
    let mut findings = Findings::default();
    // R208's total TWP rejects before X301 picks the kept copy among the
    // rows without an error, and before anything is counted.
    for group in years.groups() {
        crate::rules::employment::r208_low_employment::check_group(index, group, &mut findings, lang);
    }
    x301_duplicate_request::check(index, &mut findings, input_names, lang);
    if let Some(view) = ledger {
        crate::rules::ledger::x306_already_prepared::check(index, &mut findings, view, lang);
        crate::rules::ledger::x307_changed_after_prepare::check(index, &mut findings, view, lang);
    }
    // One walk over the groups for the three rules: a group's entries are
    // fetched from memory once (the groups are not in input order, so each
    // walk was a million scattered reads). Each rule looks at one group
    // only, so running them group by group gives what running them rule by
    // rule gave.
    let mut members = Vec::new();
    for group in years.groups() {
        x303_combined_minimum::check_group(index, group, &mut members, &mut findings, input_names, lang);
        x302_over_yearly_cap::check_group(index, group, &mut members, &mut findings);
        x308_shared_initiative::check_group(index, group, &mut members, &mut findings, lang);
        x304_inconsistent_employee::check_group(index, group, &mut findings, lang);
    }
    let mut merges =
        x305_modules_of_one_training::check(index, &mut findings, input_names, strict, merge_modules, lang);
    if let Some(view) = ledger {
        merges = crate::rules::ledger::merged_requests(index, &mut findings, view, merges, lang);
    }
    (findings, merges)
}

/// A batch rule's finding as the row's diagnostic, in `lang`: most are
/// rendered when found; X302's is rendered here, per row, at assembly
/// ([`x302_over_yearly_cap::cap_diagnostic`]).
pub fn diagnostic(finding: &Finding, lang: Lang) -> Diagnostic {
    match finding {
        Finding::Diagnostic(d) => d.clone(),
        Finding::Cap(excess) => x302_over_yearly_cap::cap_diagnostic(excess, lang),
    }
}

/// A row as the batch rules name it: `input:line`.
fn bron(source: Source, input_names: &[String]) -> String {
    format!(
        "{}:{}",
        input_names.get(source.input).map(String::as_str).unwrap_or("?"),
        source.line
    )
}

/// Names a list (of rows, names, values), at most a handful.
fn list_rows(rows: &[String], lang: Lang) -> String {
    const SHOWN: usize = 5;
    let mut text = rows.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if rows.len() > SHOWN {
        text.push_str(&trf!(lang,
            nl: " en nog {}",
            fr: " et encore {}",
            en: " and {} more",
            rows.len() - SHOWN,
        ));
    }
    text
}

/// Whether no error rejects the entry (yet): the requests that the cap and
/// the minimum count.
fn otherwise_accepted(index: &EmployeeIndex, findings: &Findings, entry: u32) -> bool {
    !findings.has_error(index.entry(entry), entry)
}

/// The members of `group` that no error rejects (yet), into `members`.
fn otherwise_accepted_in(index: &EmployeeIndex, findings: &Findings, group: &[u32], members: &mut Vec<u32>) {
    members.clear();
    members.extend(
        group
            .iter()
            .copied()
            .filter(|i| otherwise_accepted(index, findings, *i)),
    );
}

/// What the batch rules' tests share: rows as the first read leaves them.
#[cfg(test)]
pub(crate) mod test_rows {
    use rust_decimal::Decimal;

    use crate::code::Code;
    use crate::lang::Lang;
    use crate::model::{Diagnostic, Request, Source};
    use crate::state::{EmployeeIndex, Findings};

    /// Rows as the first read leaves them: the index of the typed ones and
    /// each row's own diagnostics.
    #[derive(Default)]
    pub struct Rows {
        pub index: EmployeeIndex,
        own: Vec<(Source, Vec<Diagnostic>)>,
    }

    impl Rows {
        pub fn add(&mut self, line: u64, r: Option<Request>, diagnostics: Vec<Diagnostic>) -> &mut Self {
            let source = Source { input: 0, line };
            if let Some(r) = &r {
                self.index.add(source, r, &diagnostics);
            }
            self.own.push((source, diagnostics));
            self
        }

        pub fn plain(&mut self, line: u64, r: Request) -> &mut Self {
            self.add(line, Some(r), vec![])
        }

        /// A row with the R rules applied as of 1 October 2026.
        pub fn checked(&mut self, line: u64, r: Request) -> &mut Self {
            let as_of = crate::rules::test_support::date(2026, 10, 1);
            let diagnostics = crate::rules::check_request(&r, &crate::rules::Context::for_tests(as_of));
            self.add(line, Some(r), diagnostics)
        }

        /// A row with the R rules applied as of its reference start (for
        /// rows of any school year: no deadline rule rejects them).
        pub fn checked_at_start(&mut self, line: u64, r: Request) -> &mut Self {
            let as_of = r.reference_start();
            let diagnostics = crate::rules::check_request(&r, &crate::rules::Context::for_tests(as_of));
            self.add(line, Some(r), diagnostics)
        }

        /// Each row's final diagnostics: its own (less a replaced R203) and the findings.
        pub fn finals(&self, findings: &Findings) -> Vec<Vec<Diagnostic>> {
            self.own
                .iter()
                .map(|(source, own)| {
                    let entry = (0..self.index.entry_count()).find(|i| self.index.entry(*i).source == *source);
                    let found = entry
                        .and_then(|i| findings.by_entry.get(&i))
                        .cloned()
                        .unwrap_or_default();
                    own.iter()
                        .filter(|d| !(found.drops_r203 && d.code == Code::R203))
                        .cloned()
                        .chain(found.diagnostics.iter().map(|d| super::diagnostic(d, Lang::En)))
                        .collect()
                })
                .collect()
        }

        pub fn codes(&self, findings: &Findings) -> Vec<Vec<&'static str>> {
            self.finals(findings)
                .iter()
                .map(|ds| ds.iter().map(|d| d.code.as_str()).collect())
                .collect()
        }

        pub fn first_message(&self, findings: &Findings) -> String {
            self.finals(findings)[0][0].message.clone()
        }
    }

    pub fn decimal(n: i64, scale: u32) -> Decimal {
        Decimal::new(n, scale)
    }

    pub fn names() -> Vec<String> {
        vec!["a.csv".to_string()]
    }
}

#[cfg(test)]
mod tests {
    use super::test_rows::{decimal, names, Rows};
    use super::*;
    use crate::rules::test_support::request;

    #[test]
    fn a_duplicate_does_not_count_towards_the_minimum() {
        let mut a = request();
        a.aantal = decimal(20, 0);
        let mut rows = Rows::default();
        rows.checked(2, a.clone()).checked(3, a);
        let order = rows.index.by_employee_year();
        let (findings, _) = run_all(&rows.index, &order, &names(), false, false, None, Lang::En);
        assert_eq!(rows.codes(&findings), vec![vec!["R203"], vec!["R203", "X301"]]);
    }

    #[test]
    fn in_french_a_list_of_five_names_all_and_of_seven_the_rest_counted() {
        let rows: Vec<String> = (1..=7).map(|n| format!("a.csv:{n}")).collect();
        assert_eq!(
            list_rows(&rows[..5], Lang::Fr),
            "a.csv:1, a.csv:2, a.csv:3, a.csv:4, a.csv:5"
        );
        assert_eq!(
            list_rows(&rows, Lang::Fr),
            "a.csv:1, a.csv:2, a.csv:3, a.csv:4, a.csv:5 et encore 2"
        );
        assert!(list_rows(&rows, Lang::Nl).ends_with(" en nog 2"));
    }
}
