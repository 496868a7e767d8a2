//! The byte format of the spool ([`crate::spool`]): little-endian integers,
//! LEB128 lengths, UTF-8 strings. A leaf module below `model`: it knows no
//! type of the pipeline, so that `model` can encode its private parts with it
//! without importing the spool.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rust_decimal::Decimal;

use crate::lang::{trf, Lang};

/// The spool held bytes this build did not write: a bug, or a temporary file
/// changed by someone else while the run was going on. The detail (which
/// value) is for whoever fixes it and stays English; [`Damaged::message`]
/// puts it in a sentence in the chosen language, `Display` in English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Damaged(pub &'static str);

impl Damaged {
    /// The sentence in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let detail = self.0;
        trf!(lang,
            nl: "het tijdelijke bestand met de gelezen rijen is beschadigd ({detail})",
            fr: "le fichier temporaire qui garde les lignes lues est endommagé ({detail})",
            en: "the temporary file that keeps the rows read is damaged ({detail})",
        )
    }
}

impl std::fmt::Display for Damaged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// Appends values to a row's bytes.
pub struct Encoder<'a>(pub &'a mut Vec<u8>);

impl Encoder<'_> {
    pub fn u8(&mut self, value: u8) {
        self.0.push(value);
    }

    pub fn bool(&mut self, value: bool) {
        self.0.push(u8::from(value));
    }

    /// LEB128: most lengths and positions take one or two bytes.
    pub fn varint(&mut self, mut value: u64) {
        loop {
            let low = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                self.0.push(low);
                return;
            }
            self.0.push(low | 0x80);
        }
    }

    pub fn f64(&mut self, value: f64) {
        self.0.extend_from_slice(&value.to_bits().to_le_bytes());
    }

    pub fn i32(&mut self, value: i32) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    pub fn str(&mut self, value: &str) {
        self.varint(value.len() as u64);
        self.0.extend_from_slice(value.as_bytes());
    }

    pub fn opt_str(&mut self, value: Option<&str>) {
        match value {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }

    pub fn decimal(&mut self, value: Decimal) {
        self.0.extend_from_slice(&value.serialize());
    }

    pub fn opt_decimal(&mut self, value: Option<Decimal>) {
        match value {
            None => self.u8(0),
            Some(d) => {
                self.u8(1);
                self.decimal(d);
            }
        }
    }

    pub fn date(&mut self, value: NaiveDate) {
        self.i32(chrono::Datelike::num_days_from_ce(&value));
    }

    pub fn opt_date(&mut self, value: Option<NaiveDate>) {
        match value {
            None => self.u8(0),
            Some(d) => {
                self.u8(1);
                self.date(d);
            }
        }
    }

    pub fn date_time(&mut self, value: NaiveDateTime) {
        use chrono::Timelike;
        self.date(value.date());
        self.varint(u64::from(value.time().num_seconds_from_midnight()));
        self.varint(u64::from(value.time().nanosecond()));
    }
}

/// Reads values back in the order they were appended.
pub struct Decoder<'a> {
    bytes: &'a [u8],
}

impl<'a> Decoder<'a> {
    pub fn new(bytes: &'a [u8]) -> Decoder<'a> {
        Decoder { bytes }
    }

    /// Whether every byte was read.
    pub fn is_done(&self) -> bool {
        self.bytes.is_empty()
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Damaged> {
        if n > self.bytes.len() {
            return Err(Damaged("a value runs past the end of its row"));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    pub fn u8(&mut self) -> Result<u8, Damaged> {
        Ok(self.take(1)?[0])
    }

    pub fn bool(&mut self) -> Result<bool, Damaged> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Damaged("a flag is neither 0 nor 1")),
        }
    }

    pub fn varint(&mut self) -> Result<u64, Damaged> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(Damaged("a number is too long"))
    }

    pub fn usize(&mut self) -> Result<usize, Damaged> {
        usize::try_from(self.varint()?).map_err(|_| Damaged("a length does not fit"))
    }

    pub fn u32(&mut self) -> Result<u32, Damaged> {
        u32::try_from(self.varint()?).map_err(|_| Damaged("a position does not fit"))
    }

    pub fn f64(&mut self) -> Result<f64, Damaged> {
        let bytes = self.take(8)?;
        let mut array = [0u8; 8];
        array.copy_from_slice(bytes);
        Ok(f64::from_bits(u64::from_le_bytes(array)))
    }

    pub fn i32(&mut self) -> Result<i32, Damaged> {
        let bytes = self.take(4)?;
        let mut array = [0u8; 4];
        array.copy_from_slice(bytes);
        Ok(i32::from_le_bytes(array))
    }

    pub fn str(&mut self) -> Result<&'a str, Damaged> {
        let len = self.usize()?;
        std::str::from_utf8(self.take(len)?).map_err(|_| Damaged("a text is not UTF-8"))
    }

    pub fn string(&mut self) -> Result<String, Damaged> {
        self.str().map(str::to_string)
    }

    pub fn opt_string(&mut self) -> Result<Option<String>, Damaged> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.string().map(Some),
            _ => Err(Damaged("an optional text has no valid tag")),
        }
    }

    pub fn decimal(&mut self) -> Result<Decimal, Damaged> {
        let bytes = self.take(16)?;
        let mut array = [0u8; 16];
        array.copy_from_slice(bytes);
        Ok(Decimal::deserialize(array))
    }

    pub fn opt_decimal(&mut self) -> Result<Option<Decimal>, Damaged> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.decimal().map(Some),
            _ => Err(Damaged("an optional number has no valid tag")),
        }
    }

    pub fn date(&mut self) -> Result<NaiveDate, Damaged> {
        NaiveDate::from_num_days_from_ce_opt(self.i32()?).ok_or(Damaged("a date is out of range"))
    }

    pub fn opt_date(&mut self) -> Result<Option<NaiveDate>, Damaged> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.date().map(Some),
            _ => Err(Damaged("an optional date has no valid tag")),
        }
    }

    pub fn date_time(&mut self) -> Result<NaiveDateTime, Damaged> {
        let date = self.date()?;
        let seconds = self.u32()?;
        let nanos = self.u32()?;
        let time =
            NaiveTime::from_num_seconds_from_midnight_opt(seconds, nanos).ok_or(Damaged("a time is out of range"))?;
        Ok(date.and_time(time))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damage_is_told_in_the_chosen_language() {
        let damaged = Damaged("a row has bytes left over");
        assert_eq!(
            damaged.message(Lang::Fr),
            "le fichier temporaire qui garde les lignes lues est endommagé (a row has bytes left over)"
        );
        assert_eq!(
            damaged.to_string(),
            "the temporary file that keeps the rows read is damaged (a row has bytes left over)"
        );
    }

    #[test]
    fn every_value_reads_back_as_written() {
        let mut bytes = Vec::new();
        let mut enc = Encoder(&mut bytes);
        let date = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
        let stamp = date.and_hms_nano_opt(23, 59, 59, 999).unwrap();
        enc.varint(0);
        enc.varint(u64::MAX);
        enc.varint(300);
        enc.str("Peeters Ł");
        enc.opt_str(None);
        enc.opt_str(Some(""));
        enc.decimal(Decimal::new(9375, 2));
        enc.opt_decimal(None);
        enc.date(date);
        enc.opt_date(Some(date));
        enc.date_time(stamp);
        enc.f64(-0.5);
        enc.bool(true);
        let mut dec = Decoder::new(&bytes);
        assert_eq!(dec.varint(), Ok(0));
        assert_eq!(dec.varint(), Ok(u64::MAX));
        assert_eq!(dec.varint(), Ok(300));
        assert_eq!(dec.str(), Ok("Peeters Ł"));
        assert_eq!(dec.opt_string(), Ok(None));
        assert_eq!(dec.opt_string(), Ok(Some(String::new())));
        assert_eq!(dec.decimal(), Ok(Decimal::new(9375, 2)));
        assert_eq!(dec.opt_decimal(), Ok(None));
        assert_eq!(dec.date(), Ok(date));
        assert_eq!(dec.opt_date(), Ok(Some(date)));
        assert_eq!(dec.date_time(), Ok(stamp));
        assert_eq!(dec.f64(), Ok(-0.5));
        assert_eq!(dec.bool(), Ok(true));
        assert!(dec.is_done());
    }

    #[test]
    fn cut_or_garbled_bytes_are_refused_not_read_past() {
        let mut bytes = Vec::new();
        Encoder(&mut bytes).str("Peeters");
        for cut in 0..bytes.len() {
            assert!(Decoder::new(&bytes[..cut]).str().is_err());
        }
        assert!(Decoder::new(&[0xff; 11]).varint().is_err());
        assert!(Decoder::new(&[2]).bool().is_err());
        assert!(Decoder::new(&[2, 0xc3, 0x28]).str().is_err());
    }
}
