//! The typed table of the regulation: one [`SchoolYear`] per school year,
//! with its figures, status and sources, as [`super::parse`] reads them from
//! the data file (RULES.md rev 3, 'Figures that depend on the school year').

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::calendar::school_year_name;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Combining {
    /// Only rows of the same ODB base number (modules of one training).
    SameTraining,
    /// All of the employee's enrolments of the school year.
    AllEnrolments,
    /// Some combinations were removed and the sources do not say which
    /// (2025-2026): R203 stays, X303 only names the rows that would combine.
    Uncertain,
}

/// The month whose TWP decides the right to VOV and the cap (R208, X302).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceMonth {
    /// September of the school year (004: 'we kijken naar de maand september
    /// van het opleidingsjaar').
    September,
    /// March before the school year (001: 'in maart, voorafgaand aan het schooljaar').
    MarchBefore,
}

/// Whether the sources give a school year's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum YearStatus {
    /// The sources give the figures for that year.
    Confirmed,
    /// Carried over until the year's regulation is published: no row is
    /// rejected on a figure the year changed, and estimates say so.
    Provisional,
}

/// The figures that hold in every school year unless a year gives its own
/// (RULES.md, 'Constant (all years)').
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Constants {
    /// VOV hours per school year at full time: 125 (003; 004: TWP 75 gives 93.75).
    pub full_time_hours: Decimal,
    /// The minimum of a training in hours or lesson periods: 32 (001, 003).
    pub minimum_hours: Decimal,
    /// The minimum of a credit-based training in study points: 3 (003).
    pub minimum_study_points: Decimal,
    /// VOV hours per study point: 4 (003, 004).
    pub hours_per_study_point: Decimal,
    /// VOV hours per HBO5 study point: 6 up to 2021-2022, 4 afterwards (004).
    pub hbo5_hours_per_study_point: Decimal,
    /// VOV hours per exam at the exam commission: 8 (001, 003).
    pub hours_per_exam: Decimal,
    /// VOV hours of one EVC trajectory: 16 (001).
    pub hours_per_evc: Decimal,
    /// The decree's own minimum TWP, which a provisional year never goes
    /// below (R208): 50 (003, 004).
    pub base_minimum_twp: Decimal,
}

/// The figures of one school year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolYear {
    /// The school year, by its first calendar year (2025 is 2025-2026).
    pub first_year: i32,
    /// Confirmed or provisional.
    pub status: YearStatus,
    /// How its last day to submit is counted (R204).
    pub deadline: Deadline,
    /// Which rows X303 combines.
    pub combining: Combining,
    /// Whether the shared-initiative right applies (X302, X308).
    pub shared_initiative: bool,
    /// The TWP's reference month (R208's explanation; the file cannot show it).
    pub twp_reference: ReferenceMonth,
    /// The minimum total TWP over all employers (R208): 50, 80 in 2025-2026.
    pub minimum_twp: Decimal,
    /// The minimum average working hours a week (R222); `None`: no minimum.
    pub minimum_weekly_hours: Option<Decimal>,
    /// EUR reimbursed per approved VOV hour: 21.30, 14.91 in 2025-2026.
    pub eur_per_hour: Decimal,
    /// Whether activities excluded by name give no VOV (R223).
    pub excluded_activities: bool,
    /// The constants in force that year.
    pub constants: Constants,
    /// Where the figures come from.
    pub sources: Vec<String>,
    /// The line of the data file where the year's section starts.
    pub line: usize,
}

impl SchoolYear {
    /// Its name: `2025-2026`.
    pub fn name(&self) -> String {
        school_year_name(self.first_year)
    }

    /// Whether its figures are carried over, not confirmed.
    pub fn is_provisional(&self) -> bool {
        self.status == YearStatus::Provisional
    }
}

/// Where the table in force comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The table shipped inside the binary.
    BuiltIn,
    /// A user's file (`--regulation FILE`, `VOV_REGULATION`), by its path as given.
    File(String),
}

impl Origin {
    /// As reports name it: `built-in`, or the file's path.
    pub fn as_str(&self) -> &str {
        match self {
            Origin::BuiltIn => "built-in",
            Origin::File(path) => path,
        }
    }
}

/// The regulation's figures for every school year, as one file gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Regulation {
    pub(super) origin: Origin,
    pub(super) edition: Option<String>,
    pub(super) sha256: String,
    pub(super) text: String,
    /// In order, consecutive, from 2019-2020 (checked when parsed).
    pub(super) years: Vec<SchoolYear>,
    /// The figures of every year after the last line: the last line's,
    /// carried over and so provisional whatever the last line's status.
    pub(super) beyond_last: SchoolYear,
}

impl Regulation {
    /// Where the table comes from.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The edition the file names (`edition = "2026-12-07"`), if any.
    pub fn edition(&self) -> Option<&str> {
        self.edition.as_deref()
    }

    /// The SHA-256 of the file's bytes, hexadecimal: which table a report used.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The file's text, as `regulation --template` prints it.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Every school year of the table, in order.
    pub fn years(&self) -> &[SchoolYear] {
        &self.years
    }

    /// The figures of the school year starting in `first_year`: its line;
    /// for a later year than the table's last, the last line's figures
    /// carried over, provisional; for an earlier one the first line (R202
    /// rejects those before anything is counted).
    pub fn year(&self, first_year: i32) -> &SchoolYear {
        if first_year >= self.beyond_last.first_year {
            return &self.beyond_last;
        }
        let at = self.years.partition_point(|line| line.first_year <= first_year);
        // The parser refuses a table without a school year, so index 0 exists.
        &self.years[at.saturating_sub(1)]
    }

    /// The line of the year named `name` (`2025-2026`), when the table has it.
    pub fn find(&self, name: &str) -> Option<&SchoolYear> {
        self.years.iter().find(|line| line.name() == name.trim())
    }

    /// Whether the school year starting in `first_year` is provisional (a
    /// later year than the table's last always is).
    pub fn is_provisional(&self, first_year: i32) -> bool {
        self.year(first_year).is_provisional()
    }
}
