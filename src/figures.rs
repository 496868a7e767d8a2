//! The figures of the report: VOV hours per row, capped hours per employee
//! and school year, and the estimated reimbursement, all in exact decimals.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::model::Request;
use crate::rules::request::is_evc;
use crate::values::{TrainingType, Unit};

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
        Unit::Studiepunten => {
            let hbo5_old_rate =
                request.opleidingstype == Some(TrainingType::Hbo5) && school_year(request.reference_start()) <= 2021;
            request.aantal * Decimal::from(if hbo5_old_rate { 6 } else { 4 })
        }
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

#[derive(Default)]
struct EmployeeYear {
    hours: Decimal,
    lowest_twp: Option<Decimal>,
}

/// Sums the accepted requests per employer. The cap applies per employee and
/// school year within one employer, at the lowest TWP given for them there.
#[derive(Default)]
pub struct FigureBook {
    years: BTreeMap<(String, String, i32), EmployeeYear>,
}

impl FigureBook {
    pub fn add(&mut self, request: &Request) {
        let key = (
            request.kbo.as_str().to_string(),
            request.insz.as_str().to_string(),
            school_year(request.reference_start()),
        );
        let entry = self.years.entry(key).or_default();
        entry.hours += vov_hours(request);
        if let Some(twp) = request.twp {
            entry.lowest_twp = Some(entry.lowest_twp.map_or(twp, |low| low.min(twp)));
        }
    }

    pub fn per_employer(&self) -> BTreeMap<String, EmployerFigures> {
        let mut out: BTreeMap<String, EmployerFigures> = BTreeMap::new();
        for ((kbo, _, _), year) in &self.years {
            let figures = out.entry(kbo.clone()).or_default();
            let capped = year.hours.min(yearly_cap(year.lowest_twp));
            figures.vov_hours += year.hours;
            figures.capped_hours += capped;
            figures.estimated_reimbursement += capped * hourly_rate();
        }
        out
    }
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

    #[test]
    fn cap_uses_the_lowest_twp_and_money_is_exact() {
        let mut book = FigureBook::default();
        let mut a = request();
        a.aantal = Decimal::from(80);
        a.twp = Some(Decimal::from(80));
        let mut b = a.clone();
        b.twp = Some(Decimal::from(75));
        book.add(&a);
        book.add(&b);
        let figures = book.per_employer();
        let acme = &figures[a.kbo.as_str()];
        assert_eq!(acme.vov_hours, Decimal::from(160));
        assert_eq!(two_decimals(acme.capped_hours), "93.75");
        assert_eq!(two_decimals(acme.estimated_reimbursement), "1996.88");
    }
}
