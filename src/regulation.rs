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

/// How the last day to submit is counted in a school year (R204).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// Three months after the reference start, strictly (001: 'Die deadline
    /// wordt strikt toegepast').
    ThreeMonths,
    /// A fixed last day for reference starts up to and including
    /// `for_starts_until`; three months for later ones.
    FixedUntil {
        /// The last day to submit.
        last_day: NaiveDate,
        /// The last reference start it applies to.
        for_starts_until: NaiveDate,
    },
}

/// Which rows X303 may combine to reach the 32-hour minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Combining {
    /// Only rows of the same ODB base number (modules of one training).
    SameTraining,
    /// All of the employee's enrolments of the school year.
    AllEnrolments,
}

/// The month whose TWP decides the right to VOV and the cap (R208, X302).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceMonth {
    /// September of the school year (004: 'we kijken naar de maand september
    /// van het opleidingsjaar').
    September,
    /// March before the school year (001: 'in maart, voorafgaand aan het schooljaar').
    MarchBefore,
}

/// The figures of one school year (RULES.md rev 2, 'Figures that depend on
/// the school year').
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchoolYearFigures {
    /// The school year, by its first calendar year (2021 is 2021-2022).
    pub first_year: i32,
    /// How its last day to submit is counted (R204).
    pub deadline: Deadline,
    /// Which rows X303 combines.
    pub combining: Combining,
    /// Whether the shared-initiative right applies (X308).
    pub shared_initiative: bool,
    /// The TWP's reference month (R208's explanation; the file cannot show it).
    pub twp_reference: ReferenceMonth,
    /// Where these figures come from.
    pub source: &'static str,
}

const fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("a date of the school-year table does not exist"),
    }
}

/// The school years of VOV, in order; the last line holds for every later
/// year. No rule holds one of these figures as a literal.
pub static SCHOOL_YEARS: &[SchoolYearFigures] = &[
    SchoolYearFigures {
        first_year: 2019,
        deadline: Deadline::FixedUntil {
            last_day: day(2020, 10, 31),
            for_starts_until: day(2020, 8, 1),
        },
        combining: Combining::SameTraining,
        shared_initiative: false,
        twp_reference: ReferenceMonth::September,
        source: "vlaanderen.be, procedure voor werkgevers: 'kunnen nog ingediend worden t.e.m. 31 oktober 2020' \
                 (trainings started up to 1 August 2020); combining 'bij eenzelfde opleidingsverstrekker', which \
                 the file cannot show, taken as the same ODB base number",
    },
    SchoolYearFigures {
        first_year: 2020,
        deadline: Deadline::ThreeMonths,
        combining: Combining::SameTraining,
        shared_initiative: false,
        twp_reference: ReferenceMonth::September,
        source: "vlaanderen.be, procedure voor werkgevers; Premies en voordelen: Vlaams opleidingsverlof \
                 (004_83b721da382c7edc.txt)",
    },
    SchoolYearFigures {
        first_year: 2021,
        deadline: Deadline::FixedUntil {
            last_day: day(2022, 11, 30),
            for_starts_until: day(2022, 8, 31),
        },
        combining: Combining::AllEnrolments,
        shared_initiative: true,
        twp_reference: ReferenceMonth::September,
        source: "secretariats' notes (Liantis, 17 November 2022: strict only from 2022-2023, earlier requests \
                 until 30 November 2022); vlaanderen.be, 'Hoeveel uren VOV mag een werknemer opnemen' (shared initiative)",
    },
    SchoolYearFigures {
        first_year: 2022,
        deadline: Deadline::ThreeMonths,
        combining: Combining::AllEnrolments,
        shared_initiative: true,
        twp_reference: ReferenceMonth::September,
        source: "vlaanderen.be, Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever \
                 (001_1f5b18419eea068f.txt: 'strikt toegepast', example of 26 September 2022)",
    },
    SchoolYearFigures {
        first_year: 2023,
        deadline: Deadline::ThreeMonths,
        combining: Combining::AllEnrolments,
        shared_initiative: true,
        twp_reference: ReferenceMonth::MarchBefore,
        source: "vlaanderen.be, Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever \
                 (001_1f5b18419eea068f.txt: 'in maart, voorafgaand aan het schooljaar'); Prato, 7 June 2023 (shared initiative)",
    },
    SchoolYearFigures {
        first_year: 2024,
        deadline: Deadline::ThreeMonths,
        combining: Combining::AllEnrolments,
        shared_initiative: false,
        twp_reference: ReferenceMonth::MarchBefore,
        source: "vlaanderen.be, Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever \
                 (001_1f5b18419eea068f.txt); the shared initiative was not renewed in the sources found",
    },
];

/// The figures of the school year starting in `first_year`: the table's
/// line, the last line for later years, the first for earlier ones (R202
/// rejects those before anything is counted).
pub fn school_year_figures(first_year: i32) -> &'static SchoolYearFigures {
    let at = SCHOOL_YEARS.partition_point(|line| line.first_year <= first_year);
    // A table of one line or more: index 0 when first_year precedes it.
    &SCHOOL_YEARS[at.saturating_sub(1)]
}

/// The last day to submit a request with this reference start (R204): three
/// months after it, or the school year's fixed last day where the table
/// gives one.
pub fn last_day_to_submit(reference: NaiveDate) -> NaiveDate {
    fixed_last_day(reference).unwrap_or_else(|| three_months_after(reference))
}

/// The school year's fixed last day to submit, where the table gives one
/// for this reference start.
pub fn fixed_last_day(reference: NaiveDate) -> Option<NaiveDate> {
    let year = school_year(reference);
    let figures = school_year_figures(year);
    match figures.deadline {
        Deadline::FixedUntil {
            last_day,
            for_starts_until,
        } if figures.first_year == year && reference <= for_starts_until => Some(last_day),
        _ => None,
    }
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
    fn the_fixed_last_days_of_2019_2020_and_2021_2022() {
        // 2019-2020: up to a start on 1 August 2020, until 31 October 2020.
        assert_eq!(last_day_to_submit(date(2019, 9, 1)), date(2020, 10, 31));
        assert_eq!(last_day_to_submit(date(2020, 7, 31)), date(2020, 10, 31));
        assert_eq!(last_day_to_submit(date(2020, 8, 1)), date(2020, 10, 31));
        assert_eq!(last_day_to_submit(date(2020, 8, 2)), date(2020, 11, 1));
        // 2020-2021: three months.
        assert_eq!(last_day_to_submit(date(2020, 9, 1)), date(2020, 11, 30));
        // 2021-2022: every start until 30 November 2022.
        assert_eq!(last_day_to_submit(date(2021, 8, 31)), date(2021, 11, 30));
        assert_eq!(last_day_to_submit(date(2021, 9, 1)), date(2022, 11, 30));
        assert_eq!(last_day_to_submit(date(2022, 8, 31)), date(2022, 11, 30));
        // Before VOV (R202's): three months, not the first year's fixed day.
        assert_eq!(last_day_to_submit(date(2019, 8, 31)), date(2019, 11, 30));
        assert_eq!(fixed_last_day(date(2019, 8, 31)), None);
        // 2022-2023: strict again.
        assert_eq!(last_day_to_submit(date(2022, 9, 1)), date(2022, 11, 30));
        assert_eq!(last_day_to_submit(date(2022, 9, 26)), date(2022, 12, 25));
    }

    #[test]
    fn the_table_covers_every_year_in_order() {
        assert!(SCHOOL_YEARS
            .windows(2)
            .all(|pair| pair[0].first_year + 1 == pair[1].first_year));
        assert_eq!(school_year_figures(2019).first_year, 2019);
        assert_eq!(school_year_figures(2023).twp_reference, ReferenceMonth::MarchBefore);
        assert_eq!(school_year_figures(2040).first_year, 2024);
        assert_eq!(school_year_figures(2010).first_year, 2019);
        assert!(school_year_figures(2022).shared_initiative && !school_year_figures(2024).shared_initiative);
        assert_eq!(school_year_figures(2020).combining, Combining::SameTraining);
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
