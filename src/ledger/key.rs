//! The key of a request in the ledger: employer, employee, training and
//! reference start. Two rows with the same key are the same reimbursement
//! request to the WSE-loket, whatever else they say.

use std::fmt;

use chrono::NaiveDate;
use rusqlite::types::ValueRef;

use super::codec;
use crate::values::insz::mask_raw;
use crate::values::{Insz, Kbo, Odb};

/// A normalised ODB number packed into a `u64`, so that a million keys fit in
/// memory without a string each.
///
/// Layout: bit 40 the shape (0: seven digits, 1: a letter and five digits),
/// bits 12-39 the number (the letter counts as `index * 100_000`), bits 0-11
/// the module suffix plus one (0: none). Only [`OdbCode::of`] makes one (and
/// the ledger's reader, which checks it), so every value decodes. The ledger
/// stores the packed number as an INTEGER: it is below 2^41, so a positive
/// `i64`, and the numbers sort as the texts do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OdbCode(u64);

const LETTER_SHAPE: u64 = 1 << 40;
const NUMBER_SHIFT: u32 = 12;
const NUMBER_MASK: u64 = (1 << 28) - 1;
const MODULE_MASK: u64 = (1 << 12) - 1;

impl OdbCode {
    /// Packs an ODB number, in any spelling [`Odb::parse`] accepts
    /// (`odb z00291-001` as well as `ODB-Z00291-001`); `None` when it is not one.
    pub fn of(s: &str) -> Option<OdbCode> {
        OdbCode::of_normalised(s.as_bytes()).or_else(|| {
            let odb = Odb::parse(s).ok()?;
            OdbCode::of_normalised(odb.as_str().as_bytes())
        })
    }

    /// The packed number, for hashing.
    pub(crate) fn bits(self) -> u64 {
        self.0
    }

    /// The form [`Odb`] normalises to: `ODB-` and 7 digits or a capital letter
    /// and 5 digits, then optionally `-` and 3 digits.
    fn of_normalised(b: &[u8]) -> Option<OdbCode> {
        let rest = b.strip_prefix(b"ODB-")?;
        let (number, module) = match rest.iter().position(|&c| c == b'-') {
            Some(i) => (rest.get(..i)?, rest.get(i + 1..)),
            None => (rest, None),
        };
        let (shape, value) = match number.first()? {
            c if c.is_ascii_digit() && number.len() == 7 => (0, codec::digits(number)?),
            c if c.is_ascii_uppercase() && number.len() == 6 => (
                LETTER_SHAPE,
                u64::from(c - b'A') * 100_000 + codec::digits(number.get(1..)?)?,
            ),
            _ => return None,
        };
        let module = match module {
            Some(m) if m.len() == 3 => codec::digits(m)? + 1,
            Some(_) => return None,
            None => 0,
        };
        Some(OdbCode(shape | (value << NUMBER_SHIFT) | module))
    }
}

impl OdbCode {
    /// As the ledger stores it: the packed number.
    pub(crate) fn stored(self) -> i64 {
        // Below 2^41 (see the layout), so never negative.
        self.0.cast_signed()
    }

    /// Reads a stored one: `None` unless it is a value [`OdbCode::of`] makes.
    pub(crate) fn from_stored(v: i64) -> Option<OdbCode> {
        let bits = u64::try_from(v).ok()?;
        if bits & !(LETTER_SHAPE | (NUMBER_MASK << NUMBER_SHIFT) | MODULE_MASK) != 0 {
            return None;
        }
        let number = (bits >> NUMBER_SHIFT) & NUMBER_MASK;
        let limit = if bits & LETTER_SHAPE == 0 {
            10_000_000
        } else {
            26 * 100_000
        };
        (number < limit && bits & MODULE_MASK <= 1000).then_some(OdbCode(bits))
    }
}

impl fmt::Display for OdbCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let number = (self.0 >> NUMBER_SHIFT) & NUMBER_MASK;
        if self.0 & LETTER_SHAPE == 0 {
            write!(f, "ODB-{number:07}")?;
        } else {
            let letter = char::from(b'A' + u8::try_from(number / 100_000).unwrap_or(0));
            write!(f, "ODB-{letter}{:05}", number % 100_000)?;
        }
        match self.0 & MODULE_MASK {
            0 => Ok(()),
            m => write!(f, "-{:03}", m - 1),
        }
    }
}

/// A request key: KBO (10 digits), INSZ (11 digits), ODB number normalised,
/// reference start (= the upload's startdatum).
///
/// `Debug` masks the INSZ, like [`Insz`]'s, so that a key in a log line does
/// not leak it.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestKey {
    /// The employer's enterprise number as a number (`0403170701` is 403170701).
    pub kbo: u64,
    /// The employee's national number as a number. Personal data.
    pub insz: u64,
    /// The training's ODB number.
    pub odb: OdbCode,
    /// The reference start: the upload's startdatum (R207).
    pub reference_start: NaiveDate,
}

impl RequestKey {
    /// Builds a key from the texts, checking and normalising each one as the
    /// value parsers do; `None` when one of them is not valid.
    pub fn new(kbo: &str, insz: &str, odb: &str, reference_start: NaiveDate) -> Option<RequestKey> {
        Some(RequestKey {
            kbo: Kbo::parse(kbo).ok()?.as_str().parse().ok()?,
            insz: Insz::parse(insz).ok()?.as_str().parse().ok()?,
            odb: OdbCode::of(odb)?,
            reference_start,
        })
    }

    /// The ledger's key columns (`kbo`, `insz`, `odb`, `reference_start`):
    /// INTEGERs, see [`codec`].
    pub(crate) fn stored(&self) -> [i64; 4] {
        [
            // Lossless both ways (a valid key has at most 11 digits anyway).
            self.kbo.cast_signed(),
            self.insz.cast_signed(),
            self.odb.stored(),
            codec::date_days(self.reference_start),
        ]
    }

    /// From the ledger's key columns (see [`RequestKey::stored`]); the
    /// numbers are taken as they are, without the checksums (they were
    /// checked when the request was prepared). `None` when one is not an
    /// INTEGER or not a value the ledger writes.
    pub(crate) fn from_stored(
        kbo: ValueRef<'_>,
        insz: ValueRef<'_>,
        odb: ValueRef<'_>,
        start: ValueRef<'_>,
    ) -> Option<RequestKey> {
        let int = |v: ValueRef<'_>| match v {
            ValueRef::Integer(n) => Some(n),
            _ => None,
        };
        Some(RequestKey {
            kbo: int(kbo)?.cast_unsigned(),
            insz: int(insz)?.cast_unsigned(),
            odb: OdbCode::from_stored(int(odb)?)?,
            reference_start: codec::date_from(start)?,
        })
    }

    /// The 10 digits of the enterprise number.
    pub fn kbo_text(&self) -> String {
        format!("{:010}", self.kbo)
    }

    /// The 11 digits of the national number. Personal data: only for the
    /// ledger's own columns and the uploads.
    pub fn insz_text(&self) -> String {
        format!("{:011}", self.insz)
    }

    /// The national number as people may see it (`850730-xxx-xx`).
    pub fn insz_masked(&self) -> String {
        mask_raw(&self.insz_text())
    }

    /// A short label without the full INSZ, for reports and the agenda:
    /// `0403170701 850730-xxx-xx ODB-Z00291 2026-09-01`.
    pub fn label(&self) -> String {
        format!(
            "{} {} {} {}",
            self.kbo_text(),
            self.insz_masked(),
            self.odb,
            codec::date_text(self.reference_start)
        )
    }
}

impl fmt::Debug for RequestKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestKey")
            .field("kbo", &self.kbo_text())
            .field("insz", &self.insz_masked())
            .field("odb", &self.odb.to_string())
            .field("reference_start", &self.reference_start)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odb_codes_round_trip() {
        for s in [
            "ODB-1001623",
            "ODB-0000000",
            "ODB-9999999",
            "ODB-Z00291",
            "ODB-Z00291-001",
            "ODB-P00001",
            "ODB-P00004",
            "ODB-A00000",
            "ODB-Z99999-999",
            "ODB-1234567-000",
        ] {
            let code = OdbCode::of(s).unwrap();
            assert_eq!(code.to_string(), s);
            assert_eq!(OdbCode::of(&code.to_string()), Some(code));
            assert!((0..1 << 41).contains(&code.stored()));
            assert_eq!(OdbCode::from_stored(code.stored()), Some(code));
        }
    }

    #[test]
    fn odb_codes_normalise_and_differ() {
        assert_eq!(OdbCode::of("odb z00291 - 001"), OdbCode::of("ODB-Z00291-001"));
        assert_eq!(
            OdbCode::of("ODBZ00291").map(|c| c.to_string()).as_deref(),
            Some("ODB-Z00291")
        );
        let all: Vec<OdbCode> = [
            "ODB-Z00291",
            "ODB-Z00291-000",
            "ODB-Z00291-001",
            "ODB-2600291",
            "ODB-A00291",
        ]
        .iter()
        .map(|s| OdbCode::of(s).unwrap())
        .collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
        for bad in [
            "",
            "ODB-",
            "ODB-123",
            "1001623",
            "ODB-Z0029",
            "ODB-1001623-01",
            "ODB-ÄÄ",
        ] {
            assert_eq!(OdbCode::of(bad), None, "{bad}");
        }
    }

    #[test]
    fn keys_check_and_mask() {
        let start = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        let key = RequestKey::new("BE 0403.170.701", "85.07.30-033.28", "odb-z00291", start).unwrap();
        assert_eq!(key.kbo_text(), "0403170701");
        assert_eq!(key.insz_text(), "85073003328");
        assert_eq!(key.label(), "0403170701 850730-xxx-xx ODB-Z00291 2026-09-01");
        let debug = format!("{key:?}");
        assert!(!debug.contains("85073003328"), "{debug}");
        assert!(RequestKey::new("0403170702", "85073003328", "ODB-Z00291", start).is_none());
        assert!(RequestKey::new("0403170701", "85073003329", "ODB-Z00291", start).is_none());
        assert!(RequestKey::new("0403170701", "85073003328", "Z00291", start).is_none());
        let [k, i, o, d] = key.stored();
        assert_eq!((k, i, d), (403_170_701, 85_073_003_328, 20_697));
        let int = ValueRef::Integer;
        assert_eq!(
            RequestKey::from_stored(int(k), int(i), int(o), int(d)),
            Some(key.clone())
        );
        assert_eq!(
            RequestKey::from_stored(ValueRef::Text(b"0403170701"), int(i), int(o), int(d)),
            None
        );
        assert_eq!(RequestKey::from_stored(int(k), int(i), int(-1), int(d)), None);
        assert_eq!(RequestKey::from_stored(int(k), int(i), int(o), ValueRef::Null), None);
    }

    #[test]
    fn stored_odb_codes_are_checked_and_sort_as_their_texts() {
        for bad in [
            -1,
            1 << 41,
            1 << 45,
            (10_000_000 << 12),
            (1 << 40) | (2_600_000 << 12),
            1001,
        ] {
            assert_eq!(OdbCode::from_stored(bad), None, "{bad}");
        }
        let texts = [
            "ODB-0000000",
            "ODB-1001623",
            "ODB-1001623-000",
            "ODB-1001623-999",
            "ODB-9999999",
            "ODB-A00000",
            "ODB-P00004",
            "ODB-Z00291",
            "ODB-Z00291-001",
            "ODB-Z99999-999",
        ];
        let stored: Vec<i64> = texts.iter().map(|t| OdbCode::of(t).unwrap().stored()).collect();
        assert!(stored.windows(2).all(|w| w[0] < w[1]), "{stored:?}");
    }
}
