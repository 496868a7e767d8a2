//! How values are written to and read from the ledger's columns.
//!
//! The key columns and the dates are INTEGERs: a KBO or INSZ as its number
//! (the leading zeros come back when it is shown: `{:010}`, `{:011}`), an
//! ODB number as its packed [`super::key::OdbCode`], a date as its days since
//! 1970-01-01. Integers make the key index about 40% smaller than texts and
//! its comparisons cheap, and a million requests are recorded and loaded
//! without formatting or parsing a key or a date. Decimals stay TEXT in a
//! normalised form (`93.75`), so that they stay exact and equal quantities
//! are equal texts; loading a million requests parses each of them, so the
//! readers take the fast path for the exact form vov-bulk writes and fall
//! back to the general parsers.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use rusqlite::types::{Value, ValueRef};
use rust_decimal::Decimal;

use crate::values::Unit;

/// 1970-01-01 in days from the common era (chrono's `num_days_from_ce`).
const UNIX_EPOCH_FROM_CE: i64 = 719_163;

/// A date as stored: its days since 1970-01-01 (negative before).
pub(crate) fn date_days(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) - UNIX_EPOCH_FROM_CE
}

/// Reads a stored date (see [`date_days`]); `None` for a value that is not
/// an INTEGER or out of chrono's range.
pub(crate) fn date_from(v: ValueRef<'_>) -> Option<NaiveDate> {
    match v {
        ValueRef::Integer(days) => {
            NaiveDate::from_num_days_from_ce_opt(i32::try_from(days.checked_add(UNIX_EPOCH_FROM_CE)?).ok()?)
        }
        _ => None,
    }
}

/// A date as reports show it: ISO `yyyy-mm-dd`.
pub(crate) fn date_text(d: NaiveDate) -> String {
    let mut s = String::with_capacity(10);
    push_date(&mut s, d);
    s
}

/// Appends a date as [`date_text`] writes it, without the formatting machinery.
pub(crate) fn push_date(buf: &mut String, d: NaiveDate) {
    match u32::try_from(d.year()) {
        Ok(year @ 0..=9999) => {
            push_padded(buf, u64::from(year), 4);
            buf.push('-');
            push_padded(buf, u64::from(d.month()), 2);
            buf.push('-');
            push_padded(buf, u64::from(d.day()), 2);
        }
        // Outside four-digit years chrono's own form is unambiguous and reads back.
        _ => buf.push_str(&d.to_string()),
    }
}

/// Appends `n` in decimal, left-padded with zeros to `width` digits.
pub(crate) fn push_padded(buf: &mut String, n: u64, width: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = n;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for _ in (digits.len() - start)..width {
        buf.push('0');
    }
    buf.extend(digits[start..].iter().map(|&c| char::from(c)));
}

/// Serialises a date as ISO text (chrono's serde support is not enabled).
pub(crate) fn serialize_date<S: serde::Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&date_text(*d))
}

/// A decimal as stored: normalised, point, no exponent (`120`, `93.75`), so
/// that equal quantities are equal texts (`ledger submitted` compares them in SQL).
pub(crate) fn decimal_text(d: Decimal) -> String {
    let mut s = String::with_capacity(8);
    push_decimal(&mut s, d);
    s
}

/// Appends a decimal as stored (see [`decimal_text`]), without an allocation.
pub(crate) fn push_decimal(buf: &mut String, d: Decimal) {
    let n = d.normalize();
    let mantissa = n.mantissa();
    let scale = n.scale() as usize;
    if mantissa < 0 {
        buf.push('-');
    }
    let mut digits = [0u8; 40];
    let mut start = digits.len();
    let mut rest = mantissa.unsigned_abs();
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let text = &digits[start..];
    let int_len = text.len().saturating_sub(scale);
    if int_len == 0 {
        buf.push('0');
    } else {
        buf.extend(text[..int_len].iter().map(|&c| char::from(c)));
    }
    if scale > 0 {
        buf.push('.');
        for _ in text.len()..scale {
            buf.push('0');
        }
        buf.extend(text[int_len..].iter().map(|&c| char::from(c)));
    }
}

/// Reads a stored decimal.
pub(crate) fn parse_decimal(b: &[u8]) -> Option<Decimal> {
    if !b.is_empty() && b.len() <= 18 && b.iter().all(u8::is_ascii_digit) {
        return digits(b).and_then(|n| i64::try_from(n).ok()).map(Decimal::from);
    }
    Decimal::from_str(std::str::from_utf8(b).ok()?).ok()
}

/// A path as stored: its text, or on unix its raw bytes when it is not
/// UTF-8, so that the path read back is the very folder a run wrote (a
/// pending run is resolved by looking there).
pub(crate) fn path_value(p: &Path) -> Value {
    match p.to_str() {
        Some(s) => Value::Text(s.to_string()),
        #[cfg(unix)]
        None => Value::Blob(std::os::unix::ffi::OsStrExt::as_bytes(p.as_os_str()).to_vec()),
        #[cfg(not(unix))]
        None => Value::Text(p.to_string_lossy().into_owned()),
    }
}

/// Reads a stored path (see [`path_value`]).
pub(crate) fn path_from(v: ValueRef<'_>) -> Option<PathBuf> {
    match v {
        ValueRef::Text(b) => Some(PathBuf::from(std::str::from_utf8(b).ok()?)),
        #[cfg(unix)]
        ValueRef::Blob(b) => Some(PathBuf::from(
            <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(b),
        )),
        _ => None,
    }
}

/// Reads a stored unit: the canonical word, matched without the general
/// parser (which normalises, and so allocates, for every call).
pub(crate) fn parse_unit(b: &[u8]) -> Option<Unit> {
    match b {
        b"uren" => Some(Unit::Uren),
        b"lestijden" => Some(Unit::Lestijden),
        b"studiepunten" => Some(Unit::Studiepunten),
        b"examens" => Some(Unit::Examens),
        other => Unit::parse(std::str::from_utf8(other).ok()?).ok(),
    }
}

/// ASCII digits as a number; `None` for anything else or more than 19 digits.
pub(crate) fn digits(b: &[u8]) -> Option<u64> {
    if b.is_empty() || b.len() > 19 {
        return None;
    }
    let mut n: u64 = 0;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u64::from(c - b'0');
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for (y, m, d) in [(2026, 9, 1), (1999, 12, 31), (2024, 2, 29), (1, 1, 1), (12345, 1, 1)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(date_from(ValueRef::Integer(date_days(date))), Some(date));
        }
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        assert_eq!(date_days(epoch), 0);
        assert_eq!(date_days(NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()), 20_697);
        assert_eq!(date_days(NaiveDate::from_ymd_opt(1969, 12, 31).unwrap()), -1);
        assert_eq!(date_from(ValueRef::Integer(i64::MAX)), None);
        assert_eq!(date_from(ValueRef::Integer(i64::from(i32::MAX))), None);
        assert_eq!(date_from(ValueRef::Text(b"2026-09-01")), None);
        assert_eq!(date_from(ValueRef::Null), None);
        assert_eq!(date_text(NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()), "2026-09-01");
        assert_eq!(date_text(NaiveDate::from_ymd_opt(12, 3, 4).unwrap()), "0012-03-04");
        let mut s = String::new();
        push_padded(&mut s, 403_170_701, 10);
        push_padded(&mut s, 0, 2);
        push_padded(&mut s, 123, 2);
        assert_eq!(s, "040317070100123");
    }

    #[test]
    fn decimals_round_trip() {
        for text in ["120", "93.75", "0.5", "0", "36.5"] {
            let d = Decimal::from_str(text).unwrap();
            assert_eq!(decimal_text(d), text);
            assert_eq!(parse_decimal(text.as_bytes()), Some(d));
        }
        assert_eq!(decimal_text(Decimal::from_str("120.00").unwrap()), "120");
        assert_eq!(decimal_text(Decimal::from_str("-0.0").unwrap()), "0");
        for text in [
            "0.05",
            "1000",
            "0.001",
            "12345.6789",
            "79228162514264337593543950335",
            "-2.5",
            "1e-10",
        ] {
            let d = Decimal::from_str(text)
                .or_else(|_| Decimal::from_scientific(text))
                .unwrap();
            assert_eq!(decimal_text(d), d.normalize().to_string(), "{text}");
        }
        assert_eq!(parse_decimal(b"x"), None);
        assert_eq!(
            parse_decimal(b"99999999999999999999999"),
            Decimal::from_str("99999999999999999999999").ok()
        );
    }

    #[test]
    fn digit_runs() {
        assert_eq!(digits(b"0403170701"), Some(403_170_701));
        assert_eq!(digits(b""), None);
        assert_eq!(digits(b"12a"), None);
        assert_eq!(digits(b"99999999999999999999"), None);
    }
}
