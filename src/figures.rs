//! The figures of the report: VOV hours per row, capped hours per employee
//! and school year, and the estimated reimbursement at each school year's
//! EUR per approved hour (marked provisional where a year is), all in exact
//! decimals.
//!
//! The cap is not computed here: each employee's school year is counted by
//! [`EmployeeIndex::year_totals`], the computation X302 also uses (see
//! `rules::batch::x302_over_yearly_cap` for every place the cap applies).

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use crate::regulation::school_year_figures;
use crate::state::{EmployeeIndex, EmployeeYears};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmployerFigures {
    pub vov_hours: Decimal,
    pub capped_hours: Decimal,
    /// The capped hours of each school year at that year's EUR per hour.
    pub estimated_reimbursement: Decimal,
    /// Some of the capped hours fall in a provisional school year, whose
    /// EUR per hour is carried over, not confirmed.
    pub estimate_provisional: bool,
}

/// The figures of the accepted requests. `order` groups the index by
/// employee and school year (see [`EmployeeIndex::by_employee_year`]). The
/// cap applies per employee and school year (at the lowest TWP given for
/// them); when one employee's rows go over it, the capped hours are granted
/// to the rows in input order, so the split over employers is deterministic.
pub fn compute(index: &EmployeeIndex, years: &EmployeeYears, accepted: impl Fn(u32) -> bool) -> Figures {
    // Hundreds of thousands of employees in a big batch: room for exactly
    // that many, not the double a growing Vec may take.
    let mut figures = Figures {
        per_employee: Vec::with_capacity(years.group_count()),
        ..Figures::default()
    };
    let mut members: Vec<u32> = Vec::new();
    for group in years.groups() {
        if let Some(typed) = group.first() {
            figures.school_years.insert(index.entry(*typed).school_year());
        }
        members.clear();
        members.extend(group.iter().copied().filter(|i| accepted(*i)));
        let Some(first) = members.first().map(|i| index.entry(*i)) else {
            continue;
        };
        let totals = index.year_totals(group, &members);
        let year = school_year_figures(first.school_year());
        let rate = Rate {
            eur_per_hour: year.eur_per_hour,
            provisional: year.is_provisional(),
        };
        // Each part of the year (two under X308) has its own cap left.
        let mut left = totals.parts.map(|part| part.cap);
        let mut employee = EmployeeFigures {
            insz: first.insz,
            school_year: first.school_year(),
            name: first.name,
            vov_hours: totals
                .used_parts()
                .fold(Decimal::ZERO, |sum, part| sum.saturating_add(part.hours)),
            capped_hours: Decimal::ZERO,
        };
        for entry in members.iter().map(|i| index.entry(*i)) {
            let hours = index.hours(entry);
            let left = &mut left[totals.part(entry)];
            let granted = hours.min(*left).max(Decimal::ZERO);
            *left -= granted;
            figures
                .per_employer
                .entry(entry.kbo)
                .or_default()
                .book(hours, granted, rate);
            figures.total.book(hours, granted, rate);
            employee.capped_hours = employee.capped_hours.saturating_add(granted);
        }
        figures.per_employee.push(employee);
    }
    figures
}

/// The figures of one employee in one school year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmployeeFigures {
    pub insz: u64,
    /// As its first calendar year.
    pub school_year: i32,
    /// The name first seen, in the batch's `NameBook`.
    pub name: u32,
    pub vov_hours: Decimal,
    pub capped_hours: Decimal,
}

impl EmployeeFigures {
    /// The capped hours at the school year's EUR per hour.
    pub fn estimated_reimbursement(&self) -> Decimal {
        let rate = school_year_figures(self.school_year).eur_per_hour;
        self.capped_hours.saturating_mul(rate)
    }

    /// Whether the school year's EUR per hour is provisional.
    pub fn estimate_provisional(&self) -> bool {
        school_year_figures(self.school_year).is_provisional()
    }
}

/// A school year's EUR per approved hour, and whether it is provisional.
#[derive(Debug, Clone, Copy)]
struct Rate {
    eur_per_hour: Decimal,
    provisional: bool,
}

impl EmployerFigures {
    /// Exact decimals: the sum of each row's granted hours at its year's
    /// rate is the estimate, whatever the years of the employer's rows.
    fn book(&mut self, hours: Decimal, granted: Decimal, rate: Rate) {
        self.vov_hours = self.vov_hours.saturating_add(hours);
        self.capped_hours = self.capped_hours.saturating_add(granted);
        let amount = granted.saturating_mul(rate.eur_per_hour);
        self.estimated_reimbursement = self.estimated_reimbursement.saturating_add(amount);
        self.estimate_provisional |= rate.provisional && !granted.is_zero();
    }
}

/// Every figure of a batch.
#[derive(Debug, Default)]
pub struct Figures {
    /// Per employer (KBO as a number).
    pub per_employer: BTreeMap<u64, EmployerFigures>,
    /// Per employee and school year, in that order.
    pub per_employee: Vec<EmployeeFigures>,
    pub total: EmployerFigures,
    /// The school years of every request of the batch that typed (accepted
    /// or not), by their first calendar year: those the report names, with
    /// their EUR per hour and whether they are provisional.
    pub school_years: BTreeSet<i32>,
}

/// Two decimals, as the report writes figures.
pub fn two_decimals(value: Decimal) -> String {
    // Half away from zero, as amounts in euro are rounded on paper.
    let rounded = value.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    format!("{rounded:.2}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Request;
    use crate::rules::test_support::{date, request};

    fn figures_of(requests: &[&Request]) -> Figures {
        let mut index = crate::state::EmployeeIndex::default();
        for (line, r) in requests.iter().enumerate() {
            let source = crate::model::Source {
                input: 0,
                line: line as u64 + 2,
            };
            index.add(source, r, &[]);
        }
        compute(&index, &index.by_employee_year(), |_| true)
    }

    #[test]
    fn cap_uses_the_lowest_twp_and_money_is_exact() {
        let mut a = request();
        a.aantal = Decimal::from(80);
        a.twp = Some(Decimal::from(80));
        let mut b = a.clone();
        b.twp = Some(Decimal::from(75));
        let figures = figures_of(&[&a, &b]).per_employer;
        let acme = &figures[&403170701];
        assert_eq!(acme.vov_hours, Decimal::from(160));
        assert_eq!(two_decimals(acme.capped_hours), "93.75");
        // The test request is in 2026-2027: EUR 14.91 carried over, provisional.
        assert_eq!(two_decimals(acme.estimated_reimbursement), "1397.81");
        assert!(acme.estimate_provisional);
        // In 2024-2025, EUR 21.30 and confirmed.
        let (mut c, mut d) = (a.clone(), b.clone());
        for r in [&mut c, &mut d] {
            r.startdatum = date(2024, 10, 1);
            r.einddatum = date(2025, 6, 30);
        }
        let earlier = figures_of(&[&c, &d]);
        let acme = &earlier.per_employer[&403170701];
        assert_eq!(two_decimals(acme.estimated_reimbursement), "1996.88");
        assert!(!acme.estimate_provisional);
        assert_eq!(earlier.school_years, BTreeSet::from([2024]));
    }

    #[test]
    fn cap_is_per_employee_and_granted_in_input_order_across_employers() {
        let mut first = request();
        first.aantal = Decimal::from(100);
        let mut second = first.clone();
        second.kbo = crate::values::Kbo::parse("0202239951").unwrap();
        // Another school year has its own cap.
        let mut next_year = first.clone();
        next_year.startdatum = date(2027, 9, 1);
        next_year.einddatum = date(2028, 6, 30);
        let figures = figures_of(&[&first, &second, &next_year]).per_employer;
        assert_eq!(figures[&403170701].capped_hours, Decimal::from(200));
        assert_eq!(figures[&202239951].capped_hours, Decimal::from(25));
        assert_eq!(figures[&202239951].vov_hours, Decimal::from(100));
    }

    /// One row of `hours` hours starting on `start`.
    fn row_starting(start: chrono::NaiveDate, hours: i64) -> Request {
        let mut r = request();
        r.aantal = Decimal::from(hours);
        r.startdatum = start;
        r.einddatum = start + chrono::Days::new(100);
        r
    }

    #[test]
    fn each_school_year_has_its_own_rate_from_1_september_2025() {
        // 31 August 2025 is in 2024-2025 (EUR 21.30), 1 September 2025 in
        // 2025-2026 (EUR 14.91), 1 September 2026 in the provisional 2026-2027.
        let day_before = figures_of(&[&row_starting(date(2025, 8, 31), 40)]).total;
        assert_eq!(two_decimals(day_before.estimated_reimbursement), "852.00");
        assert!(!day_before.estimate_provisional);
        let day_of = figures_of(&[&row_starting(date(2025, 9, 1), 40)]).total;
        assert_eq!(two_decimals(day_of.estimated_reimbursement), "596.40");
        assert!(!day_of.estimate_provisional);
        let provisional = figures_of(&[&row_starting(date(2026, 9, 1), 40)]).total;
        assert_eq!(two_decimals(provisional.estimated_reimbursement), "596.40");
        assert!(provisional.estimate_provisional);
        // Two years at one employer: each at its own rate.
        let mut other = row_starting(date(2025, 9, 1), 10);
        other.odb = crate::values::Odb::parse("ODB-1000002").unwrap();
        let both = figures_of(&[&row_starting(date(2024, 9, 2), 10), &other]).per_employer;
        assert_eq!(two_decimals(both[&403170701].estimated_reimbursement), "362.10");
    }
}
