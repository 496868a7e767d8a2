//! The figures of the regulation in one place, each with its source
//! (`../shared/RULES.md`, 'Figures that depend on the school year' and
//! 'Constant'), and what they make of one request: its VOV hours and its
//! last day to submit. Rules, the report's figures and the ledger read them
//! here; no rule holds one as a literal.
//!
//! Sources are the seeds in `../shared/seeds/` (Dutch), cited by title and
//! file name: 001 is vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en
//! terugbetaling voor werkgever' (001_1f5b18419eea068f.txt); 003 and 004 are
//! the regulation's summaries 003_3c4063dd767c45eb.txt and
//! 004_83b721da382c7edc.txt.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::{school_year, three_months_after};
use crate::model::Request;
use crate::values::odb::SPECIAL_EXAM_COMMISSION;
use crate::values::{TrainingType, Unit};

/// EUR reimbursed per approved VOV hour: 21.30, a flat rate (001, 003).
pub const HOURLY_RATE: Decimal = Decimal::from_parts(2130, 0, 0, false, 2);

/// VOV hours a full-time employee may take per school year: 'Iedere voltijdse
/// werknemer heeft per schooljaar recht op maximum 125 uren VOV' (003); part
/// time gets 125 x TWP / 100 (004: TWP 75 gives 93.75).
pub const FULL_TIME_HOURS_PER_YEAR: u32 = 125;

/// The TWP of a full-time employee, and the TWP assumed when none is known.
pub const FULL_TIME_TWP: u32 = 100;

/// The lowest total TWP that gives a right to VOV: 50 % (003, 004).
pub const MINIMUM_TWP: u32 = 50;

/// The minimum of a training in hours or lesson periods: 32 (001, 'Minder
/// dan 32 uren'; 003).
pub const MINIMUM_HOURS: u32 = 32;

/// The minimum of a credit-based training: 3 study points (003).
pub const MINIMUM_STUDY_POINTS: u32 = 3;

/// VOV hours per study point (003, 004).
pub const HOURS_PER_STUDY_POINT: u32 = 4;

/// VOV hours per study point of an HBO5 training up to and including
/// [`HBO5_HIGHER_RATE_LAST_YEAR`] (004).
pub const HBO5_HOURS_PER_STUDY_POINT: u32 = 6;

/// The last school year (by its first calendar year: 2021-2022) in which
/// HBO5 study points count [`HBO5_HOURS_PER_STUDY_POINT`] (004).
pub const HBO5_HIGHER_RATE_LAST_YEAR: i32 = 2021;

/// VOV hours per exam at the exam commission (ODB-1001623): 8 (001, 003).
pub const HOURS_PER_EXAM: u32 = 8;

/// VOV hours of one EVC trajectory: 16 (001).
pub const HOURS_PER_EVC: u32 = 16;

/// The first day of VOV: school year 2019-2020 replaced betaald educatief
/// verlof (BEV) from 1 September 2019 (003, 004).
pub const VOV_FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(2019, 9, 1) {
    Some(day) => day,
    None => panic!("1 September 2019 is a date"),
};

/// Whether a request is for an EVC trajectory: by its type, or by the word
/// EVC in its title (all EVC trajectories carry it in the opleidingsdatabank, 001).
pub fn is_evc(request: &Request) -> bool {
    request.opleidingstype == Some(TrainingType::Evc)
        || request.titel.as_deref().is_some_and(|t| {
            // Most titles do not hold the letters at all: no need to split them.
            t.as_bytes().windows(3).any(|w| w.eq_ignore_ascii_case(b"evc"))
                && t.split(|c: char| !c.is_alphanumeric())
                    .any(|word| word.eq_ignore_ascii_case("evc"))
        })
}

/// Whether a request is for the exam commission of secondary education
/// (ODB-1001623, with or without a module suffix).
pub fn is_exam_commission(request: &Request) -> bool {
    request.odb.base() == SPECIAL_EXAM_COMMISSION
}

/// The VOV hours per study point for a request: 6 for HBO5 up to school year
/// 2021-2022, else 4.
pub fn hours_per_study_point(request: &Request) -> u32 {
    let hbo5 = request.opleidingstype == Some(TrainingType::Hbo5);
    if hbo5 && school_year(request.reference_start()) <= HBO5_HIGHER_RATE_LAST_YEAR {
        HBO5_HOURS_PER_STUDY_POINT
    } else {
        HOURS_PER_STUDY_POINT
    }
}

/// VOV hours of one request: uren and lestijden as given, studiepunten x 4
/// (x 6 for HBO5 up to school year 2021-2022), examens x 8, EVC 16.
/// Products saturate instead of overflowing: V110 bounds every quantity
/// (2000 hours, 120 study points, 40 exams), so no real batch comes near
/// `Decimal::MAX`, and a bug must not become a panic.
pub fn vov_hours(request: &Request) -> Decimal {
    if is_evc(request) {
        return Decimal::from(HOURS_PER_EVC);
    }
    match request.eenheid {
        Unit::Uren | Unit::Lestijden => request.aantal,
        Unit::Examens => request.aantal.saturating_mul(Decimal::from(HOURS_PER_EXAM)),
        Unit::Studiepunten => request
            .aantal
            .saturating_mul(Decimal::from(hours_per_study_point(request))),
    }
}

/// The personal maximum of VOV hours in a school year: 125 x TWP / 100, with
/// TWP 100 when it is not known.
pub fn yearly_cap(twp: Option<Decimal>) -> Decimal {
    let twp = twp.unwrap_or(Decimal::from(FULL_TIME_TWP));
    Decimal::from(FULL_TIME_HOURS_PER_YEAR).saturating_mul(twp) / Decimal::from(FULL_TIME_TWP)
}

/// The last day to submit a request with this reference start (R204).
pub fn last_day_to_submit(reference: NaiveDate) -> NaiveDate {
    three_months_after(reference)
}

/// The last day to submit a request: counted from its reference start
/// (R204) or, for a new hire, from the hire date when that is later (R216).
pub fn last_day_of(request: &Request) -> NaiveDate {
    let by_reference = last_day_to_submit(request.reference_start());
    let by_hire = request
        .indiensttreding
        .filter(|hired| *hired > request.reference_start())
        .map(last_day_to_submit);
    by_hire.map_or(by_reference, |h| h.max(by_reference))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{date, request};

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

    #[test]
    fn evc_is_a_word_of_the_title_or_the_type() {
        let mut r = request();
        r.titel = Some("Traject EVC Lasser".into());
        assert!(is_evc(&r));
        r.titel = Some("Levcursus".into());
        assert!(!is_evc(&r));
        assert_eq!(vov_hours(&r), r.aantal);
    }

    #[test]
    fn the_last_day_follows_the_source_examples() {
        assert_eq!(last_day_to_submit(date(2022, 9, 26)), date(2022, 12, 25));
        assert_eq!(last_day_to_submit(date(2023, 8, 31)), date(2023, 11, 30));
        assert_eq!(last_day_to_submit(date(2023, 11, 30)), date(2024, 2, 29));
        assert_eq!(last_day_to_submit(date(2022, 11, 30)), date(2023, 2, 28));
        assert_eq!(last_day_to_submit(date(2023, 11, 29)), date(2024, 2, 28));
        assert_eq!(last_day_to_submit(date(2022, 10, 1)), date(2022, 12, 31));
        assert_eq!(last_day_to_submit(date(2022, 12, 31)), date(2023, 3, 30));
    }

    #[test]
    fn a_new_hire_takes_the_later_of_the_two_last_days() {
        let mut r = request();
        r.startdatum = date(2026, 9, 1);
        assert_eq!(last_day_of(&r), date(2026, 11, 30));
        r.indiensttreding = Some(date(2026, 11, 1));
        assert_eq!(last_day_of(&r), date(2027, 1, 31));
        r.indiensttreding = Some(date(2026, 8, 1));
        assert_eq!(last_day_of(&r), date(2026, 11, 30));
    }

    #[test]
    fn the_cap_is_125_for_full_time_and_93_75_at_75() {
        assert_eq!(yearly_cap(None), Decimal::from(125));
        assert_eq!(yearly_cap(Some(Decimal::from(75))), Decimal::new(9375, 2));
        assert_eq!(HOURLY_RATE.to_string(), "21.30");
    }
}
