//! Dates (V104): text dates in Belgian or ISO order, and spreadsheet serial numbers.
//!
//! Day and month are never guessed: `dd/mm/yyyy` is the Belgian order and a text
//! that only makes sense as `mm/dd/yyyy` is refused rather than swapped. Payroll
//! exports often write date-times; a midnight time is accepted as the date itself.

use std::fmt;

use chrono::{Datelike, Days, NaiveDate};

use crate::lang::{tr, Lang};

/// Why a text or number is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Nothing (or only whitespace) was given.
    Empty,
    /// A date with a time of day other than midnight.
    NotMidnight,
    /// The year has two digits; the century must not be guessed.
    TwoDigitYear,
    /// The month is above 12 while the day is not: the text looks like `mm/dd/yyyy`.
    MonthFirst,
    /// Well-formed, but the day does not exist (`31/02/2023`, month 13, day 0).
    NoSuchDay,
    /// Not a date in any accepted form.
    Unrecognised,
}

/// Highest serial number a spreadsheet can hold as a date (9999-12-31).
const MAX_SERIAL: f64 = 2_958_465.0;

/// Fractions of a day below this (about 0.9 ms) are float noise, not a time:
/// spreadsheets store times with millisecond resolution at best.
const SERIAL_EPSILON: f64 = 1e-8;

/// Parses a date written as `dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`
/// or `yyyy-mm-dd` (1 or 2 digits for day and month), optionally followed by a
/// midnight time after a space or `T` (`00:00`, `00:00:00`, `00:00:00.000`).
pub fn parse_date(s: &str) -> Result<NaiveDate, DateError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    // The date ends at the first space or `T`; whatever follows must be a time.
    let split = s
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || c == 'T' || c == 't');
    let (date_part, time_part) = match split {
        Some((i, c)) => (
            s.get(..i).unwrap_or(""),
            Some(s.get(i + c.len_utf8()..).unwrap_or("").trim()),
        ),
        None => (s, None),
    };
    let date = parse_date_only(date_part)?;
    if let Some(time) = time_part {
        check_midnight(time)?;
    }
    Ok(date)
}

/// The date without a time: three groups of ASCII digits joined by one kind of separator.
fn parse_date_only(s: &str) -> Result<NaiveDate, DateError> {
    let sep = s.chars().find(|c| !c.is_ascii_digit()).ok_or(DateError::Unrecognised)?;
    if !matches!(sep, '/' | '-' | '.') {
        return Err(DateError::Unrecognised);
    }
    let mut parts = s.split(sep);
    let (a, b, c) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(a), Some(b), Some(c), None) => (a, b, c),
        _ => return Err(DateError::Unrecognised),
    };
    let all_digits = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    if !(all_digits(a) && all_digits(b) && all_digits(c)) {
        return Err(DateError::Unrecognised);
    }
    // Year first (ISO); the order yyyy-dd-mm is not used anywhere, so this is unambiguous.
    if a.len() == 4 && b.len() <= 2 && c.len() <= 2 {
        return build(num(a)?, num(b)?, num(c)?);
    }
    if a.len() > 2 || b.len() > 2 {
        return Err(DateError::Unrecognised);
    }
    let (day, month) = (num(a)?, num(b)?);
    match c.len() {
        4 => {
            if month > 12 && (1..=12).contains(&day) && month <= 31 {
                return Err(DateError::MonthFirst);
            }
            build(num(c)?, month, day)
        }
        1 | 2 => Err(DateError::TwoDigitYear),
        _ => Err(DateError::Unrecognised),
    }
}

/// A number of at most 4 ASCII digits.
fn num(s: &str) -> Result<u32, DateError> {
    s.parse::<u32>().map_err(|_| DateError::Unrecognised)
}

fn build(year: u32, month: u32, day: u32) -> Result<NaiveDate, DateError> {
    let year = i32::try_from(year).map_err(|_| DateError::Unrecognised)?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::NoSuchDay)
}

/// Accepts `hh:mm`, `hh:mm:ss` or `hh:mm:ss.fff` (optionally ending in `Z`) when it
/// is midnight; another well-formed time is `NotMidnight`, anything else `Unrecognised`.
fn check_midnight(t: &str) -> Result<(), DateError> {
    let t = t.strip_suffix(['Z', 'z']).unwrap_or(t);
    let (hms, frac) = match t.split_once(['.', ',']) {
        Some((hms, frac)) => (hms, Some(frac)),
        None => (t, None),
    };
    let mut fields = hms.split(':');
    let (h, m, sec) = match (fields.next(), fields.next(), fields.next(), fields.next()) {
        (Some(h), Some(m), sec, None) => (h, m, sec),
        _ => return Err(DateError::Unrecognised),
    };
    let digits =
        |p: &str, min: usize, max: usize| (min..=max).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit());
    let well_formed = digits(h, 1, 2)
        && digits(m, 2, 2)
        && sec.is_none_or(|s| digits(s, 2, 2))
        && frac.is_none_or(|f| sec.is_some() && digits(f, 1, 9));
    if !well_formed {
        return Err(DateError::Unrecognised);
    }
    let zero = |p: &str| p.chars().all(|c| c == '0');
    if zero(h) && zero(m) && sec.is_none_or(zero) && frac.is_none_or(zero) {
        Ok(())
    } else {
        Err(DateError::NotMidnight)
    }
}

/// Converts a spreadsheet date serial number (1900 date system) to a date.
///
/// Serial 1 is 1900-01-01. Excel (and Lotus before it) counts a 29 February 1900
/// that never existed as serial 60, so from serial 61 on the date is
/// 1899-12-30 plus the serial; serial 60 itself is `NoSuchDay`. A fraction is a
/// time of day and must be zero.
pub fn from_serial(serial: f64) -> Result<NaiveDate, DateError> {
    if !serial.is_finite() || serial < 0.0 {
        return Err(DateError::Unrecognised);
    }
    let whole = serial.round();
    if (serial - whole).abs() > SERIAL_EPSILON {
        return Err(DateError::NotMidnight);
    }
    if !(1.0..=MAX_SERIAL).contains(&whole) {
        return Err(DateError::Unrecognised);
    }
    // In range 1..=MAX_SERIAL, so the cast is exact.
    let days = whole as u64;
    let (epoch, offset) = match days {
        60 => return Err(DateError::NoSuchDay),
        1..=59 => (NaiveDate::from_ymd_opt(1899, 12, 31), days),
        _ => (NaiveDate::from_ymd_opt(1899, 12, 30), days),
    };
    epoch
        .and_then(|e| e.checked_add_days(Days::new(offset)))
        .ok_or(DateError::Unrecognised)
}

/// Formats a date the Belgian way: `dd/mm/yyyy`.
pub fn format_be(d: NaiveDate) -> String {
    let year = d.year();
    // Every upload line has several dates: the common case without `format!`.
    if let Ok(year @ 0..=9999) = u32::try_from(year) {
        let mut text = String::with_capacity(10);
        let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
        text.extend([
            digit(d.day() / 10),
            digit(d.day()),
            '/',
            digit(d.month() / 10),
            digit(d.month()),
            '/',
        ]);
        text.extend([digit(year / 1000), digit(year / 100), digit(year / 10), digit(year)]);
        return text;
    }
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), year)
}

/// Formats a date with a strftime pattern from an upload schema, or `None`
/// when the pattern asks for something a date does not have (a time of day
/// `%H`, a time zone `%z`, ...) or is not a pattern at all. Unlike
/// `d.format(pattern).to_string()`, which panics on such a pattern, this
/// never panics.
pub fn format_with(d: NaiveDate, pattern: &str) -> Option<String> {
    use chrono::format::{Item, StrftimeItems};
    // The built-in layout's pattern, without parsing it for every cell.
    if pattern == "%d/%m/%Y" {
        return Some(format_be(d));
    }
    use std::fmt::Write;
    if StrftimeItems::new(pattern).any(|item| matches!(item, Item::Error)) {
        return None;
    }
    let mut out = String::new();
    write!(out, "{}", d.format(pattern)).ok()?;
    Some(out)
}

/// Whether [`format_with`] can write dates with `pattern`: an upload
/// schema's date pattern is checked before anything is written.
pub fn is_date_pattern(pattern: &str) -> bool {
    let sample = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
    format_with(sample, pattern).is_some()
}

impl DateError {
    /// Short sentence for the user: what is wrong and what is expected.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            DateError::Empty => tr!(lang, nl: "datum ontbreekt", fr: "la date manque", en: "the date is missing"),
            DateError::NotMidnight => tr!(lang,
                nl: "datum met een tijdstip; verwacht wordt een datum zonder uur (00:00 mag)",
                fr: "date avec une heure; une date sans heure est attendue (00:00 est permis)",
                en: "a date with a time of day; expected a date only (00:00 is allowed)",
            ),
            DateError::TwoDigitYear => tr!(lang,
                nl: "jaartal met 2 cijfers; schrijf het jaar met 4 cijfers (dd/mm/jjjj)",
                fr: "année à 2 chiffres; écrivez l'année avec 4 chiffres (jj/mm/aaaa)",
                en: "two-digit year; write the year with 4 digits (dd/mm/yyyy)",
            ),
            DateError::MonthFirst => tr!(lang,
                nl: "de maand lijkt eerst te staan (mm/dd/jjjj); de Belgische volgorde is dd/mm/jjjj",
                fr: "le mois semble venir en premier (mm/jj/aaaa); l'ordre belge est jj/mm/aaaa",
                en: "the month seems to come first (mm/dd/yyyy); the Belgian order is dd/mm/yyyy",
            ),
            DateError::NoSuchDay => tr!(lang,
                nl: "deze datum bestaat niet (bv. 31/02 of maand 13)",
                fr: "cette date n'existe pas (p. ex. 31/02 ou mois 13)",
                en: "this date does not exist (e.g. 31/02 or month 13)",
            ),
            DateError::Unrecognised => tr!(lang,
                nl: "geen geldige datum; verwacht dd/mm/jjjj of jjjj-mm-dd",
                fr: "date non valable; attendu jj/mm/aaaa ou aaaa-mm-jj",
                en: "not a valid date; expected dd/mm/yyyy or yyyy-mm-dd",
            ),
        }
        .to_string()
    }

    /// One sentence on how to fix it.
    pub fn help(&self, lang: Lang) -> String {
        match self {
            DateError::Empty => tr!(lang,
                nl: "Vul de datum in als dd/mm/jjjj, bv. 01/09/2025.",
                fr: "Indiquez la date sous la forme jj/mm/aaaa, p. ex. 01/09/2025.",
                en: "Fill in the date as dd/mm/yyyy, e.g. 01/09/2025.",
            ),
            DateError::NotMidnight => tr!(lang,
                nl: "Laat het uur weg of zet de cel op het datumformaat, bv. 01/09/2025.",
                fr: "Supprimez l'heure ou mettez la cellule au format date, p. ex. 01/09/2025.",
                en: "Remove the time or format the cell as a date, e.g. 01/09/2025.",
            ),
            DateError::TwoDigitYear => tr!(lang,
                nl: "Schrijf het volledige jaartal, bv. 01/09/2025 in plaats van 01/09/25.",
                fr: "Écrivez l'année complète, p. ex. 01/09/2025 au lieu de 01/09/25.",
                en: "Write the full year, e.g. 01/09/2025 instead of 01/09/25.",
            ),
            DateError::MonthFirst => tr!(lang,
                nl: "Zet de dag vóór de maand, bv. 13/01/2025 voor 13 januari 2025.",
                fr: "Mettez le jour avant le mois, p. ex. 13/01/2025 pour le 13 janvier 2025.",
                en: "Put the day before the month, e.g. 13/01/2025 for 13 January 2025.",
            ),
            DateError::NoSuchDay => tr!(lang,
                nl: "Controleer dag en maand tegen het inschrijvingsattest.",
                fr: "Vérifiez le jour et le mois sur l'attestation d'inscription.",
                en: "Check day and month against the enrolment certificate.",
            ),
            DateError::Unrecognised => tr!(lang,
                nl: "Schrijf de datum als dd/mm/jjjj (bv. 01/09/2025) of jjjj-mm-dd (bv. 2025-09-01).",
                fr: "Écrivez la date sous la forme jj/mm/aaaa (p. ex. 01/09/2025) ou aaaa-mm-jj (p. ex. 2025-09-01).",
                en: "Write the date as dd/mm/yyyy (e.g. 01/09/2025) or yyyy-mm-dd (e.g. 2025-09-01).",
            ),
        }
        .to_string()
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for DateError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn belgian_forms() {
        let d = ymd(2023, 9, 1);
        for s in [
            "01/09/2023",
            "1/9/2023",
            "01/9/2023",
            "1/09/2023",
            "01-09-2023",
            "1-9-2023",
            "01.09.2023",
            "1.9.2023",
            "  01/09/2023  ",
        ] {
            assert_eq!(parse_date(s), Ok(d), "{s:?}");
        }
        assert_eq!(parse_date("13/01/2025"), Ok(ymd(2025, 1, 13)));
        assert_eq!(parse_date("31/12/2099"), Ok(ymd(2099, 12, 31)));
        assert_eq!(parse_date("29/02/2024"), Ok(ymd(2024, 2, 29)));
    }

    #[test]
    fn iso_forms() {
        let d = ymd(2023, 9, 1);
        for s in ["2023-09-01", "2023-9-1", "2023/09/01", "2023.09.01"] {
            assert_eq!(parse_date(s), Ok(d), "{s:?}");
        }
        assert_eq!(parse_date("2023-02-30"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("2023-13-01"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("2023-001-01"), Err(DateError::Unrecognised));
    }

    #[test]
    fn midnight_times() {
        let d = ymd(2023, 9, 1);
        for s in [
            "01/09/2023 00:00",
            "01/09/2023 00:00:00",
            "01/09/2023 0:00",
            "01/09/2023   00:00:00",
            "2023-09-01T00:00:00",
            "2023-09-01T00:00:00.000",
            "2023-09-01T00:00:00Z",
            "2023-09-01 00:00:00.0",
            "2023-09-01t00:00",
        ] {
            assert_eq!(parse_date(s), Ok(d), "{s:?}");
        }
    }

    #[test]
    fn other_times() {
        for s in [
            "01/09/2023 08:30",
            "01/09/2023 00:00:01",
            "01/09/2023 12:00:00",
            "2023-09-01T00:00:00.001",
            "2023-09-01T23:59",
        ] {
            assert_eq!(parse_date(s), Err(DateError::NotMidnight), "{s:?}");
        }
        for s in [
            "01/09/2023 midnight",
            "01/09/2023 00",
            "01/09/2023 00:0",
            "01/09/2023 00:00:00:00",
            "01/09/2023 00:00.000",
            "01/09/2023 00:00:00 AM",
            "2023-09-01T",
            "01/09/2023 ::",
        ] {
            assert_eq!(parse_date(s), Err(DateError::Unrecognised), "{s:?}");
        }
        // A trailing space after the date is trimmed away, so it is just the date.
        assert_eq!(parse_date("2023-09-01 "), Ok(ymd(2023, 9, 1)));
    }

    #[test]
    fn two_digit_years() {
        for s in ["01/09/23", "1/9/23", "01-09-23", "01.09.23", "01/09/3"] {
            assert_eq!(parse_date(s), Err(DateError::TwoDigitYear), "{s:?}");
        }
    }

    #[test]
    fn month_first() {
        assert_eq!(parse_date("09/13/2023"), Err(DateError::MonthFirst));
        assert_eq!(parse_date("12/31/2023"), Err(DateError::MonthFirst));
        assert_eq!(parse_date("1/31/2023"), Err(DateError::MonthFirst));
        // Ambiguous cases are read as dd/mm, never swapped.
        assert_eq!(parse_date("09/12/2023"), Ok(ymd(2023, 12, 9)));
        // Both above 12: no month-first reading either.
        assert_eq!(parse_date("13/13/2023"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("01/32/2023"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("00/13/2023"), Err(DateError::NoSuchDay));
    }

    #[test]
    fn no_such_day() {
        assert_eq!(parse_date("31/02/2023"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("29/02/2023"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("31/04/2023"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("00/01/2023"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("01/00/2023"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("32/01/2023"), Err(DateError::NoSuchDay));
    }

    #[test]
    fn garbage() {
        assert_eq!(parse_date(""), Err(DateError::Empty));
        assert_eq!(parse_date("   "), Err(DateError::Empty));
        for s in [
            "abc",
            "20230901",
            "01/09",
            "01/09/2023/01",
            "01/09-2023",
            "01//2023",
            "/09/2023",
            "01/09/20234",
            "01/09/202",
            "001/09/2023",
            "2023-09-01-",
            "1 september 2023",
            "01 09 2023",
            "０１/０９/２０２３",
            "01/09/2023\u{0}",
            "\u{0}",
            "🙂/🙂/🙂",
            "01/09/99999999999999999999",
            "99999999999999999999-01-01",
            "-01-09-2023",
            "+2023-09-01",
            "T00:00",
        ] {
            assert_eq!(parse_date(s), Err(DateError::Unrecognised), "{s:?}");
        }
        assert_eq!(parse_date(&"1".repeat(100_000)), Err(DateError::Unrecognised));
        assert_eq!(parse_date(&"1/".repeat(100_000)), Err(DateError::Unrecognised));
        assert_eq!(
            parse_date(&format!("01/09/2023 {}", "0".repeat(100_000))),
            Err(DateError::Unrecognised)
        );
    }

    #[test]
    fn serials() {
        assert_eq!(from_serial(1.0), Ok(ymd(1900, 1, 1)));
        assert_eq!(from_serial(59.0), Ok(ymd(1900, 2, 28)));
        assert_eq!(from_serial(60.0), Err(DateError::NoSuchDay));
        assert_eq!(from_serial(61.0), Ok(ymd(1900, 3, 1)));
        assert_eq!(from_serial(36526.0), Ok(ymd(2000, 1, 1)));
        assert_eq!(from_serial(45170.0), Ok(ymd(2023, 9, 1)));
        assert_eq!(from_serial(2_958_465.0), Ok(ymd(9999, 12, 31)));
        // Float noise well below a millisecond is not a time.
        assert_eq!(from_serial(45170.0 + 1e-10), Ok(ymd(2023, 9, 1)));
        assert_eq!(from_serial(45170.0 - 1e-10), Ok(ymd(2023, 9, 1)));
    }

    #[test]
    fn bad_serials() {
        assert_eq!(from_serial(45170.5), Err(DateError::NotMidnight));
        assert_eq!(from_serial(45170.0 + 1.0 / 86400.0), Err(DateError::NotMidnight));
        assert_eq!(from_serial(f64::NAN), Err(DateError::Unrecognised));
        assert_eq!(from_serial(f64::INFINITY), Err(DateError::Unrecognised));
        assert_eq!(from_serial(f64::NEG_INFINITY), Err(DateError::Unrecognised));
        assert_eq!(from_serial(-1.0), Err(DateError::Unrecognised));
        assert_eq!(from_serial(0.0), Err(DateError::Unrecognised));
        assert_eq!(from_serial(2_958_466.0), Err(DateError::Unrecognised));
        assert_eq!(from_serial(f64::MAX), Err(DateError::Unrecognised));
        assert_eq!(from_serial(1e300), Err(DateError::Unrecognised));
    }

    #[test]
    fn formatting() {
        assert_eq!(format_be(ymd(2023, 9, 1)), "01/09/2023");
        assert_eq!(format_be(ymd(2099, 12, 31)), "31/12/2099");
        assert_eq!(format_be(ymd(999, 1, 2)), "02/01/0999");
        // Round trip.
        let d = ymd(2024, 2, 29);
        assert_eq!(parse_date(&format_be(d)), Ok(d));
    }

    #[test]
    fn messages_and_help() {
        let errs = [
            DateError::Empty,
            DateError::NotMidnight,
            DateError::TwoDigitYear,
            DateError::MonthFirst,
            DateError::NoSuchDay,
            DateError::Unrecognised,
        ];
        for e in errs {
            for lang in [Lang::Nl, Lang::En] {
                assert!(!e.message(lang).is_empty());
                assert!(!e.help(lang).is_empty());
            }
            assert_ne!(e.message(Lang::Nl), e.message(Lang::En));
            assert_eq!(e.to_string(), e.message(Lang::En));
            assert!(!e.help(Lang::Fr).is_empty());
            assert_ne!(e.message(Lang::Fr), e.message(Lang::Nl));
            assert_ne!(e.message(Lang::Fr), e.message(Lang::En));
        }
        assert!(DateError::TwoDigitYear.message(Lang::En).contains("4 digits"));
        assert!(DateError::MonthFirst.message(Lang::Nl).contains("dd/mm/jjjj"));
        assert_eq!(
            DateError::MonthFirst.message(Lang::Fr),
            "le mois semble venir en premier (mm/jj/aaaa); l'ordre belge est jj/mm/aaaa"
        );
        assert!(DateError::TwoDigitYear.help(Lang::Fr).contains("au lieu de 01/09/25"));
    }

    #[test]
    fn format_with_never_panics_on_a_pattern_for_times_or_zones() {
        let d = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap_or_default();
        assert_eq!(format_with(d, "%d/%m/%Y").as_deref(), Some("05/10/2026"));
        // The shortcut for the built-in pattern writes what chrono writes.
        for day in (0..40_000).step_by(97) {
            let date = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(day);
            assert_eq!(format_with(date, "%d/%m/%Y"), Some(date.format("%d/%m/%Y").to_string()));
        }
        assert_eq!(format_with(d, "%Y-%m-%d").as_deref(), Some("2026-10-05"));
        assert_eq!(format_with(d, "%e %B %Y").as_deref(), Some(" 5 October 2026"));
        assert_eq!(format_with(d, "").as_deref(), Some(""));
        // `d.format(p).to_string()` panics on each of these.
        for pattern in ["%d/%m/%Y %H:%M", "%z", "%Y-%m-%dT%H:%M:%S%:z", "%s", "%Z", "%%%"] {
            assert_eq!(format_with(d, pattern), None, "{pattern}");
            assert!(!is_date_pattern(pattern), "{pattern}");
        }
        assert!(is_date_pattern("%d.%m.%Y"));
    }
}
