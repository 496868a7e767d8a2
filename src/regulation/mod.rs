//! The regulation as data: the figures that depend on the school year
//! (RULES.md rev 3, 'Figures that depend on the school year' and
//! 'Constant'), read from one editable file, and what they make of one
//! request: its VOV hours and its last day to submit. Rules, the report's
//! figures and the ledger read them here; no rule holds one as a literal.
//!
//! The built-in table is `regulation/school-years.toml`, embedded in the
//! binary; a secretariat replaces it with its own copy (`--regulation FILE`,
//! `VOV_REGULATION`) the day a change is published. One table is in force
//! per process, like a logger: the command line installs the user's table
//! before any input is read ([`install`]); without one, [`in_force`] is the
//! built-in table.
//!
//! Sources are named in the data file, each year with its own; the seeds
//! cited as 001, 003 and 004 are vlaanderen.be's 'Aanvraag Vlaams
//! opleidingsverlof en terugbetaling voor werkgever' and two summaries of
//! the regulation.

mod parse;
mod table;
mod words;

use std::path::Path;
use std::sync::OnceLock;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::{school_year, three_months_after};
use crate::lang::{trf, Localized};
use crate::model::Request;
use crate::values::odb::SPECIAL_EXAM_COMMISSION;
use crate::values::{TrainingType, Unit};

pub use parse::{RegulationError, FIRST_SCHOOL_YEAR};
pub use table::{Combining, Constants, Deadline, Origin, ReferenceMonth, Regulation, SchoolYear, YearStatus};
pub use words::{euro, figure};

/// The built-in table's text: `regulation/school-years.toml`.
pub const BUILT_IN_TEXT: &str = include_str!("../../regulation/school-years.toml");

/// A regulation file larger than this is not a table of school years (the
/// built-in one is about 10 KB); refused before it is read whole.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The TWP of a full-time employee, and the TWP assumed when none is known.
pub const FULL_TIME_TWP: u32 = 100;

/// The first day of VOV: school year 2019-2020 replaced betaald educatief
/// verlof (BEV) from 1 September 2019 (003, 004); every table starts there.
pub const VOV_FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(FIRST_SCHOOL_YEAR, 9, 1) {
    Some(day) => day,
    None => panic!("1 September 2019 is a date"),
};

static BUILT_IN: OnceLock<Regulation> = OnceLock::new();
static IN_FORCE: OnceLock<Regulation> = OnceLock::new();

impl Regulation {
    /// The table shipped inside the binary.
    pub fn built_in() -> &'static Regulation {
        BUILT_IN.get_or_init(|| match parse::parse(BUILT_IN_TEXT, Origin::BuiltIn) {
            Ok(table) => table,
            // The embedded file is part of the build, and
            // `the_built_in_table_reads_and_matches_the_catalogue` reads it:
            // a broken one cannot ship.
            Err(error) => panic!("the built-in regulation table does not read: {error}"),
        })
    }

    /// Reads and checks a table from `text`; `origin` names it.
    pub fn parse(text: &str, origin: Origin) -> Result<Regulation, RegulationError> {
        parse::parse(text, origin)
    }

    /// Reads and checks the table in the file at `path` (as given by the
    /// user, who sees it in errors and reports).
    pub fn load(path: &Path) -> Result<Regulation, RegulationError> {
        let file = path.display().to_string();
        let unreadable = |error: std::io::Error| RegulationError {
            file: file.clone(),
            line: None,
            problem: Localized::new(|lang| {
                let reason = crate::os_error::reason(&error, lang);
                trf!(lang,
                    nl: "kan de regelgevingstabel niet lezen: {reason}",
                    fr: "impossible de lire le tableau de réglementation: {reason}",
                    en: "cannot read the regulation table: {reason}",
                )
            }),
        };
        let metadata = std::fs::metadata(path).map_err(&unreadable)?;
        if !metadata.is_file() || metadata.len() > MAX_FILE_BYTES {
            return Err(RegulationError {
                file: file.clone(),
                line: None,
                problem: Localized::new(|lang| {
                    trf!(lang,
                        nl: "is geen regelgevingstabel: verwacht een tekstbestand (TOML) van hoogstens 1 MiB, zoals `vov-bulk regulation --template` het schrijft",
                        fr: "n'est pas un tableau de réglementation: attendu un fichier texte (TOML) d'au plus 1 Mio, comme l'écrit `vov-bulk regulation --template`",
                        en: "is not a regulation table: expected a text file (TOML) of at most 1 MiB, as `vov-bulk regulation --template` writes it",
                    )
                }),
            });
        }
        let bytes = std::fs::read(path).map_err(&unreadable)?;
        let text = String::from_utf8(bytes).map_err(|_| RegulationError {
            file: file.clone(),
            line: None,
            problem: Localized::new(|lang| {
                trf!(lang,
                    nl: "is geen UTF-8-tekst: bewaar de tabel als UTF-8",
                    fr: "n'est pas du texte UTF-8: enregistrez le tableau en UTF-8",
                    en: "is not UTF-8 text: save the table as UTF-8",
                )
            }),
        })?;
        parse::parse(&text, Origin::File(file))
    }
}

/// Makes `table` the table in force for the rest of the process. Call it
/// once, before the first batch; it fails when a table is in force already
/// (installed, or the built-in one already read), and that one stays.
pub fn install(table: Regulation) -> Result<(), AlreadyInForce> {
    IN_FORCE.set(table).map_err(|_| AlreadyInForce)
}

/// [`install`] came after a table was in force: one table per process, so
/// that no request of a batch is judged by another table than the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a regulation table is in force already: install one before the first batch")]
pub struct AlreadyInForce;

/// The table in force: the installed one, else the built-in one.
pub fn in_force() -> &'static Regulation {
    IN_FORCE.get_or_init(|| Regulation::built_in().clone())
}

/// The figures of the school year starting in `first_year`, in the table in force.
pub fn school_year_figures(first_year: i32) -> &'static SchoolYear {
    in_force().year(first_year)
}

/// The figures of the school year of a request: that of its reference start.
pub fn figures_of(request: &Request) -> &'static SchoolYear {
    school_year_figures(school_year(request.reference_start()))
}

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

/// The VOV hours per study point for a request in its school year: the
/// HBO5 figure for an HBO5 training (6 up to 2021-2022, 4 afterwards), else
/// the general one.
pub fn hours_per_study_point(request: &Request) -> Decimal {
    let constants = &figures_of(request).constants;
    if request.opleidingstype == Some(TrainingType::Hbo5) {
        constants.hbo5_hours_per_study_point
    } else {
        constants.hours_per_study_point
    }
}

/// VOV hours of one request: uren and lestijden as given, studiepunten x 4
/// (x 6 for HBO5 up to school year 2021-2022), examens x 8, EVC 16: the
/// figures of its school year. Products saturate instead of overflowing:
/// V110 bounds every quantity (2000 hours, 120 study points, 40 exams), so
/// no real batch comes near `Decimal::MAX`, and a bug must not become a panic.
pub fn vov_hours(request: &Request) -> Decimal {
    let constants = &figures_of(request).constants;
    if is_evc(request) {
        return constants.hours_per_evc;
    }
    match request.eenheid {
        Unit::Uren | Unit::Lestijden => request.aantal,
        Unit::Examens => request.aantal.saturating_mul(constants.hours_per_exam),
        Unit::Studiepunten => request.aantal.saturating_mul(hours_per_study_point(request)),
    }
}

/// The personal maximum of VOV hours in the school year starting in
/// `first_year`: 125 x TWP / 100, with TWP 100 when it is not known.
pub fn yearly_cap(first_year: i32, twp: Option<Decimal>) -> Decimal {
    let twp = twp.unwrap_or(Decimal::from(FULL_TIME_TWP));
    let full_time = school_year_figures(first_year).constants.full_time_hours;
    full_time.saturating_mul(twp) / Decimal::from(FULL_TIME_TWP)
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
mod tests;
