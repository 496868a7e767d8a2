//! The figures of the report: VOV hours per row, capped hours per employee
//! and school year, and the estimated reimbursement, all in exact decimals.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::model::Request;
use crate::rules::request::is_evc;
use crate::rules::training::hours_per_study_point;
use crate::state::Facts;
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
pub fn vov_hours(request: &Request) -> Decimal {
    if is_evc(request) {
        return Decimal::from(16);
    }
    match request.eenheid {
        Unit::Uren | Unit::Lestijden => request.aantal,
        Unit::Examens => request.aantal * Decimal::from(8),
        Unit::Studiepunten => request.aantal * Decimal::from(hours_per_study_point(request)),
    }
}

/// 125 x TWP / 100 hours a school year (TWP 100 when not given).
pub fn yearly_cap(twp: Option<Decimal>) -> Decimal {
    Decimal::from(125) * twp.unwrap_or(Decimal::from(100)) / Decimal::from(100)
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmployerFigures {
    pub vov_hours: Decimal,
    pub capped_hours: Decimal,
    pub estimated_reimbursement: Decimal,
}

struct BookedRow {
    kbo: u64,
    name: u32,
    employee_year: (u64, i32),
    hours: Decimal,
    twp: Option<Decimal>,
}

/// The accepted requests, for the figures. The cap applies per employee and
/// school year (at the lowest TWP given for them); when one employee's rows
/// go over it, the capped hours are granted to the rows in input order, so
/// the split over employers is deterministic.
#[derive(Default)]
pub struct FigureBook {
    rows: Vec<BookedRow>,
}

impl FigureBook {
    /// Adds an accepted request (call in input order).
    pub fn add(&mut self, facts: &Facts) {
        self.rows.push(BookedRow {
            kbo: facts.kbo,
            name: facts.name,
            employee_year: facts.employee_year(),
            hours: facts.hours,
            twp: facts.twp,
        });
    }

    /// The figures per employer and per employee and school year.
    pub fn compute(&self) -> Figures {
        let mut lowest_twp: BTreeMap<&(u64, i32), Option<Decimal>> = BTreeMap::new();
        for row in &self.rows {
            let entry = lowest_twp.entry(&row.employee_year).or_insert(None);
            if let Some(twp) = row.twp {
                *entry = Some(entry.map_or(twp, |low| low.min(twp)));
            }
        }
        let mut remaining: BTreeMap<&(u64, i32), Decimal> = lowest_twp
            .into_iter()
            .map(|(key, twp)| (key, yearly_cap(twp)))
            .collect();
        let mut figures = Figures::default();
        for row in &self.rows {
            let left = remaining.entry(&row.employee_year).or_default();
            let granted = row.hours.min(*left).max(Decimal::ZERO);
            *left -= granted;
            figures
                .per_employer
                .entry(row.kbo)
                .or_default()
                .book(row.hours, granted);
            let employee = figures
                .per_employee
                .entry(row.employee_year)
                .or_insert_with(|| (row.name, EmployerFigures::default()));
            employee.1.book(row.hours, granted);
            figures.total.book(row.hours, granted);
        }
        figures
    }

    pub fn per_employer(&self) -> BTreeMap<u64, EmployerFigures> {
        self.compute().per_employer
    }
}

impl EmployerFigures {
    fn book(&mut self, hours: Decimal, granted: Decimal) {
        self.vov_hours += hours;
        self.capped_hours += granted;
        self.estimated_reimbursement += granted * hourly_rate();
    }
}

/// Every figure of a batch.
#[derive(Debug, Default)]
pub struct Figures {
    /// Per employer (KBO as a number).
    pub per_employer: BTreeMap<u64, EmployerFigures>,
    /// Per (INSZ, school year): the name first seen (in the batch's
    /// `NameBook`) and the figures.
    pub per_employee: BTreeMap<(u64, i32), (u32, EmployerFigures)>,
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

    fn facts(r: &Request) -> Facts {
        let outcome = crate::model::Outcome {
            raw: crate::model::RawRow {
                source: crate::model::Source { input: 0, line: 2 },
                fields: vec![],
                extras: vec![],
                malformed: None,
            },
            request: Some(r.clone()),
            diagnostics: vec![],
        };
        crate::state::RowState::from_outcome(&outcome, &mut crate::state::NameBook::default())
            .facts
            .expect("typed")
    }

    #[test]
    fn cap_uses_the_lowest_twp_and_money_is_exact() {
        let mut book = FigureBook::default();
        let mut a = request();
        a.aantal = Decimal::from(80);
        a.twp = Some(Decimal::from(80));
        let mut b = a.clone();
        b.twp = Some(Decimal::from(75));
        book.add(&facts(&a));
        book.add(&facts(&b));
        let figures = book.per_employer();
        let acme = &figures[&403170701];
        assert_eq!(acme.vov_hours, Decimal::from(160));
        assert_eq!(two_decimals(acme.capped_hours), "93.75");
        assert_eq!(two_decimals(acme.estimated_reimbursement), "1996.88");
    }

    #[test]
    fn cap_is_per_employee_and_granted_in_input_order_across_employers() {
        let mut book = FigureBook::default();
        let mut first = request();
        first.aantal = Decimal::from(100);
        let mut second = first.clone();
        second.kbo = crate::values::Kbo::parse("0202239951").unwrap();
        book.add(&facts(&first));
        book.add(&facts(&second));
        // Another school year has its own cap.
        let mut next_year = first.clone();
        next_year.startdatum = date(2027, 9, 1);
        next_year.einddatum = date(2028, 6, 30);
        book.add(&facts(&next_year));
        let figures = book.per_employer();
        assert_eq!(figures[&403170701].capped_hours, Decimal::from(200));
        assert_eq!(figures[&202239951].capped_hours, Decimal::from(25));
        assert_eq!(figures[&202239951].vov_hours, Decimal::from(100));
    }
}
