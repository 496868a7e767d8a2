//! The figures of the report: VOV hours per row, capped hours per employee
//! and school year, and the estimated reimbursement, all in exact decimals.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::model::Request;
use crate::rules::request::is_evc;
use crate::rules::training::hours_per_study_point;
use crate::state::{EmployeeIndex, EmployeeYears, Entry};
use crate::values::Unit;

/// EUR per approved VOV hour (001, 003).
pub fn hourly_rate() -> Decimal {
    Decimal::new(2130, 2)
}

/// The school year a date falls in (1 September to 31 August), as its first calendar year.
pub fn school_year(date: NaiveDate) -> i32 {
    if date.month() >= 9 {
        date.year()
    } else {
        date.year() - 1
    }
}

pub fn school_year_name(first_year: i32) -> String {
    format!("{}-{}", first_year, first_year + 1)
}

/// VOV hours of one request: uren and lestijden as given, studiepunten x 4
/// (x 6 for HBO5 up to school year 2021-2022), examens x 8, EVC 16.
/// Sums and products here saturate instead of overflowing: V110 bounds every
/// quantity (2000 hours, 120 study points, 40 exams), so no real batch comes
/// near `Decimal::MAX`, and a bug must not become a panic.
pub fn vov_hours(request: &Request) -> Decimal {
    if is_evc(request) {
        return Decimal::from(16);
    }
    match request.eenheid {
        Unit::Uren | Unit::Lestijden => request.aantal,
        Unit::Examens => request.aantal.saturating_mul(Decimal::from(8)),
        Unit::Studiepunten => request
            .aantal
            .saturating_mul(Decimal::from(hours_per_study_point(request))),
    }
}

/// 125 x TWP / 100 hours a school year (TWP 100 when not given).
pub fn yearly_cap(twp: Option<Decimal>) -> Decimal {
    Decimal::from(125).saturating_mul(twp.unwrap_or(Decimal::from(100))) / Decimal::from(100)
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmployerFigures {
    pub vov_hours: Decimal,
    pub capped_hours: Decimal,
    pub estimated_reimbursement: Decimal,
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
    let mut members: Vec<&Entry> = Vec::new();
    for group in years.groups() {
        members.clear();
        members.extend(group.iter().filter(|i| accepted(**i)).map(|i| index.entry(*i)));
        let Some(first) = members.first() else { continue };
        let lowest_twp = members.iter().filter_map(|e| index.twp(e)).min();
        let mut left = yearly_cap(lowest_twp);
        let mut employee = EmployeeFigures {
            insz: first.insz,
            school_year: first.school_year(),
            name: first.name,
            vov_hours: Decimal::ZERO,
            capped_hours: Decimal::ZERO,
        };
        for entry in members.iter() {
            let hours = index.hours(entry);
            let granted = hours.min(left).max(Decimal::ZERO);
            left -= granted;
            figures.per_employer.entry(entry.kbo).or_default().book(hours, granted);
            figures.total.book(hours, granted);
            employee.vov_hours = employee.vov_hours.saturating_add(hours);
            employee.capped_hours = employee.capped_hours.saturating_add(granted);
        }
        figures.per_employee.push(employee);
    }
    // Exact decimal arithmetic: the rate times the sum is the sum of the
    // rate times each row's hours, for one multiplication per employer.
    for employer in figures.per_employer.values_mut() {
        employer.estimated_reimbursement = employer.capped_hours.saturating_mul(hourly_rate());
    }
    figures.total.estimated_reimbursement = figures.total.capped_hours.saturating_mul(hourly_rate());
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
    pub fn estimated_reimbursement(&self) -> Decimal {
        self.capped_hours.saturating_mul(hourly_rate())
    }
}

impl EmployerFigures {
    fn book(&mut self, hours: Decimal, granted: Decimal) {
        self.vov_hours = self.vov_hours.saturating_add(hours);
        self.capped_hours = self.capped_hours.saturating_add(granted);
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
    use crate::rules::test_support::{date, request};

    #[test]
    fn school_year_turns_on_1_september() {
        assert_eq!(school_year(date(2022, 8, 31)), 2021);
        assert_eq!(school_year(date(2022, 9, 1)), 2022);
        assert_eq!(school_year_name(2022), "2022-2023");
    }

    #[test]
    fn hours_per_unit_and_hbo5_rate() {
        use crate::values::TrainingType;
        let mut r = request();
        r.aantal = Decimal::from(10);
        r.eenheid = Unit::Studiepunten;
        assert_eq!(vov_hours(&r), Decimal::from(40));
        r.opleidingstype = Some(TrainingType::Hbo5);
        r.startdatum = date(2022, 8, 31);
        r.einddatum = date(2023, 6, 30);
        assert_eq!(vov_hours(&r), Decimal::from(60));
        r.startdatum = date(2022, 9, 1);
        assert_eq!(vov_hours(&r), Decimal::from(40));
        r.eenheid = Unit::Examens;
        r.aantal = Decimal::from(3);
        assert_eq!(vov_hours(&r), Decimal::from(24));
    }

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
        assert_eq!(two_decimals(acme.estimated_reimbursement), "1996.88");
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
}
