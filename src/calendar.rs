//! The date arithmetic of the regulation: school years and the three-month
//! submission window. Below the rules, so that rules, figures, the ledger
//! and the writers all count days the same way without importing a rule.

use chrono::{Datelike, Days, Months, NaiveDate};

/// How many months before and after the reference start a request can be
/// submitted ('binnen een termijn van drie maanden vóór en drie maanden na de
/// start van de opleiding', vlaanderen.be, Aanvraag Vlaams opleidingsverlof
/// en terugbetaling voor werkgever, 001_1f5b18419eea068f.txt, Termijn).
pub const MONTHS_TO_SUBMIT: u32 = 3;

/// The school year a date falls in (1 September to 31 August), named by
/// its first calendar year: 15/10/2026 and 31/08/2027 are both in 2026.
pub fn school_year(date: NaiveDate) -> i32 {
    if date.month() >= 9 {
        date.year()
    } else {
        date.year() - 1
    }
}

/// The name of the school year starting in `first_year`: `2026-2027`.
pub fn school_year_name(first_year: i32) -> String {
    format!("{}-{}", first_year, first_year + 1)
}

/// The first day of the school year starting in `first_year` (1 September).
pub fn school_year_first_day(first_year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(first_year, 9, 1)
}

/// The last day of the school year starting in `first_year` (31 August).
pub fn school_year_last_day(first_year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(first_year + 1, 8, 31)
}

/// The same day-of-month `months` months later (or earlier), clamped to the
/// last day of the target month (31/05 minus three months is 28/02).
pub fn add_months_clamped(date: NaiveDate, months: i32) -> NaiveDate {
    let shifted = if months >= 0 {
        date.checked_add_months(Months::new(months.unsigned_abs()))
    } else {
        date.checked_sub_months(Months::new(months.unsigned_abs()))
    };
    // chrono clamps to the month's end itself; it fails only at the ends of
    // its range (years beyond 260,000), which V110 keeps every date far from.
    shifted.unwrap_or(date)
}

/// Three months after a reference start: the day before the same
/// day-of-month three months later; when that day does not exist in that
/// month, the last day of that month (26/09/2022 → 25/12/2022, 31/08/2023 →
/// 30/11/2023, 30/11/2023 → 29/02/2024).
pub fn three_months_after(reference: NaiveDate) -> NaiveDate {
    let later = add_months_clamped(reference, MONTHS_TO_SUBMIT as i32);
    if later.day() == reference.day() {
        later.checked_sub_days(Days::new(1)).unwrap_or(later)
    } else {
        // Clamped: the day does not exist there, so the month's last day is the limit.
        later
    }
}

/// The first day WSE accepts a request: three months before the reference
/// start, same day-of-month, clamped to the month's end.
pub fn earliest_day_to_submit(reference: NaiveDate) -> NaiveDate {
    add_months_clamped(reference, -(MONTHS_TO_SUBMIT as i32))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date")
    }

    #[test]
    fn school_years_turn_on_the_first_of_september() {
        assert_eq!(school_year(date(2026, 8, 31)), 2025);
        assert_eq!(school_year(date(2026, 9, 1)), 2026);
        assert_eq!(school_year(date(2027, 8, 31)), 2026);
        assert_eq!(school_year_name(2026), "2026-2027");
    }

    #[test]
    fn three_months_follow_the_source_examples() {
        assert_eq!(three_months_after(date(2022, 9, 26)), date(2022, 12, 25));
        assert_eq!(three_months_after(date(2023, 8, 31)), date(2023, 11, 30));
        assert_eq!(three_months_after(date(2023, 11, 30)), date(2024, 2, 29));
        assert_eq!(earliest_day_to_submit(date(2027, 5, 31)), date(2027, 2, 28));
    }
}
