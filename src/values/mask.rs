//! The one masking step for personal data in text that people or logs read.
//!
//! National numbers (INSZ) and bank accounts (IBAN) are personal data. Only
//! the uploads and `rejected.*` hold them whole; everything else the tool
//! writes (reports, messages, notes, logs, fatal errors, ledger listings)
//! passes [`mask_personal`] on its way out, through [`MaskingWriter`] or
//! directly, whatever column, header or message the number came from. The
//! masking happens at those outlets, not where a message is made, so that a
//! new message cannot forget it.

use std::borrow::Cow;
use std::io::Write;

use super::iban::parse_iban;
use super::insz::{mask_raw, Insz};

/// Characters that may stand between the digit groups of a written INSZ
/// (`85.07.30-033.28`, `850730 033 28`, `850730/033-28`).
fn is_insz_separator(b: u8) -> bool {
    matches!(b, b'.' | b'-' | b' ' | b'/')
}

/// Masks every valid INSZ and IBAN in `text`: an INSZ shows its first 6
/// digits (`850730-xxx-xx`), an IBAN its first 4 characters (`BE68-xxxx`).
/// Text without one is returned as it is, unallocated.
pub fn mask_personal(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    // Everything before `copied` is in `out` (when `out` exists).
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        let starts_word = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
        let found = if b.is_ascii_digit() && starts_word {
            insz_at(text, at)
        } else if b.is_ascii_uppercase() && starts_word {
            iban_at(text, at)
        } else {
            None
        };
        match found {
            Some((end, masked)) => {
                let buffer = out.get_or_insert_with(|| String::with_capacity(text.len()));
                buffer.push_str(&text[copied..at]);
                buffer.push_str(&masked);
                copied = end;
                at = end;
            }
            None if b.is_ascii_alphanumeric() => {
                // Skip the rest of a digit or letter run: a match starts a word.
                at += 1;
                while at < bytes.len() && bytes[at].is_ascii_alphanumeric() {
                    at += 1;
                }
            }
            None => at += 1,
        }
    }
    match out {
        Some(mut buffer) => {
            buffer.push_str(&text[copied..]);
            Cow::Owned(buffer)
        }
        None => Cow::Borrowed(text),
    }
}

/// A valid INSZ starting at `start` (a digit that begins a word): digit
/// groups with single separators between them; any run of whole groups
/// that holds 11 digits and passes the check counts, so that a number
/// written beside another (`0403170701 85073003328`) is found too.
/// Gives the end of the match and its masked form.
fn insz_at(text: &str, start: usize) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    // The groups: (start, end) of each run of digits, on the stack: this
    // runs at every number in every report line (dates, line numbers).
    let mut group_store = [(0usize, 0usize); 17];
    let mut count = 0;
    let mut digits_seen = 0;
    let mut at = start;
    loop {
        let group_start = at;
        while at < bytes.len() && bytes[at].is_ascii_digit() {
            at += 1;
        }
        group_store[count] = (group_start, at);
        count += 1;
        digits_seen += at - group_start;
        if count == group_store.len() {
            break;
        }
        if at + 1 < bytes.len() && is_insz_separator(bytes[at]) && bytes[at + 1].is_ascii_digit() {
            at += 1;
        } else {
            break;
        }
    }
    let groups = &group_store[..count];
    // Fewer than 11 digits in all (a date, a line number): no INSZ.
    if digits_seen < 11 {
        return None;
    }
    // A letter right after the digits makes it a word, not a number (`123ABC`).
    let last_end = groups.last().map_or(start, |g| g.1);
    if last_end < bytes.len() && bytes[last_end].is_ascii_alphabetic() {
        return None;
    }
    for first in 0..groups.len() {
        let mut digits = String::with_capacity(11);
        for group in &groups[first..] {
            digits.push_str(&text[group.0..group.1]);
            if digits.len() > 11 {
                break;
            }
            if digits.len() == 11 {
                if Insz::parse(&digits).is_ok() {
                    let masked = mask_raw(&digits);
                    if first == 0 {
                        return Some((group.1, masked));
                    }
                    // The number starts inside the run: keep the groups before it.
                    let kept = &text[start..groups[first].0];
                    return Some((group.1, format!("{kept}{masked}")));
                }
                break;
            }
        }
    }
    None
}

/// A valid IBAN starting at `start` (an upper-case letter that begins a
/// word): two letters, two digits, then letters and digits, in groups of
/// four separated by single spaces or not. Gives the end and the masked form.
fn iban_at(text: &str, start: usize) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    let head = bytes.get(start..start + 4)?;
    if !(head[0].is_ascii_uppercase()
        && head[1].is_ascii_uppercase()
        && head[2].is_ascii_digit()
        && head[3].is_ascii_digit())
    {
        return None;
    }
    // The longest run of alphanumerics and single spaces, at most 34 characters
    // without the spaces; then the longest prefix of it that is a valid IBAN.
    let mut ends = Vec::new();
    let mut at = start;
    let mut count = 0;
    while at < bytes.len() && count < 34 {
        if bytes[at].is_ascii_alphanumeric() {
            at += 1;
            count += 1;
            if at == bytes.len() || !bytes[at].is_ascii_alphanumeric() {
                ends.push(at);
            }
        } else if bytes[at] == b' ' && at + 1 < bytes.len() && bytes[at + 1].is_ascii_alphanumeric() {
            at += 1;
        } else {
            break;
        }
    }
    if at < bytes.len() && bytes[at].is_ascii_alphanumeric() {
        // Part of a longer word: no IBAN ends inside it.
        ends.retain(|e| *e < at);
    }
    for end in ends.into_iter().rev() {
        let candidate = &text[start..end];
        if parse_iban(candidate).is_ok() {
            return Some((end, format!("{}-xxxx", &text[start..start + 4])));
        }
    }
    None
}

/// A writer that masks personal data in what passes through it, a line at
/// a time (a number never spans lines: JSON escapes its line breaks, and
/// messages and log lines end with one).
pub struct MaskingWriter<W: Write> {
    inner: W,
    line: Vec<u8>,
}

impl<W: Write> MaskingWriter<W> {
    /// Masks what is written before it reaches `inner`. A line is passed on
    /// once its line end is written; a last line without one waits for
    /// [`MaskingWriter::into_inner`] (a `flush` keeps it back).
    pub fn new(inner: W) -> MaskingWriter<W> {
        MaskingWriter {
            inner,
            line: Vec::with_capacity(1024),
        }
    }

    fn pass_line(&mut self) -> std::io::Result<()> {
        match std::str::from_utf8(&self.line) {
            Ok(text) => match mask_personal(text) {
                Cow::Borrowed(_) => self.inner.write_all(&self.line)?,
                Cow::Owned(masked) => self.inner.write_all(masked.as_bytes())?,
            },
            // Not UTF-8 (never from this tool): masked as far as it reads.
            Err(_) => {
                let lossy = String::from_utf8_lossy(&self.line).into_owned();
                self.inner.write_all(mask_personal(&lossy).as_bytes())?;
            }
        }
        self.line.clear();
        Ok(())
    }

    /// Writes what is held and gives the inner writer back.
    pub fn into_inner(mut self) -> std::io::Result<W> {
        self.pass_line()?;
        self.inner.flush()?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for MaskingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut rest = buf;
        while let Some(newline) = memchr::memchr(b'\n', rest) {
            self.line.extend_from_slice(&rest[..=newline]);
            self.pass_line()?;
            rest = &rest[newline + 1..];
        }
        self.line.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        // A partial line is held back: a number could continue in the next write.
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INSZ: &str = "85073003328";
    const IBAN: &str = "BE68539007547034";

    #[test]
    fn an_insz_is_masked_in_every_written_form() {
        for written in [
            "85073003328",
            "85.07.30-033.28",
            "850730 033 28",
            "850730-033-28",
            "850730/033.28",
        ] {
            let text = format!("naam 'Peeters {written}' is geen naam");
            let masked = mask_personal(&text);
            assert_eq!(masked, "naam 'Peeters 850730-xxx-xx' is geen naam", "{written}");
        }
    }

    #[test]
    fn an_insz_beside_other_numbers_is_found_and_others_stay() {
        assert_eq!(mask_personal(&format!("0403170701 {INSZ}")), "0403170701 850730-xxx-xx");
        assert_eq!(mask_personal(&format!("{INSZ};0403170701")), "850730-xxx-xx;0403170701");
        // Not an INSZ: a wrong check, 12 digits, part of a word, a KBO, a date.
        for kept in [
            "85073003329",
            "850730033281",
            "X85073003328",
            "85073003328X",
            "0403170701",
            "30/07/1985",
        ] {
            assert_eq!(mask_personal(kept), kept);
        }
        assert!(matches!(mask_personal("niets hier 123"), Cow::Borrowed(_)));
    }

    #[test]
    fn an_iban_is_masked_with_or_without_spaces() {
        assert_eq!(mask_personal(&format!("rekening {IBAN}.")), "rekening BE68-xxxx.");
        assert_eq!(mask_personal("BE68 5390 0754 7034 is fout"), "BE68-xxxx is fout");
        assert_eq!(
            mask_personal("BE68539007547035"),
            "BE68539007547035",
            "a wrong check stays"
        );
        assert_eq!(mask_personal("ODB-Z00291 BE"), "ODB-Z00291 BE");
    }

    #[test]
    fn the_writer_masks_across_writes_and_lines() {
        let mut writer = MaskingWriter::new(Vec::new());
        writer.write_all(b"{\"name\": \"850730").unwrap();
        writer.write_all(b"03328\"}\nBE685390").unwrap();
        writer.write_all(b"07547034\n").unwrap();
        let out = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        assert_eq!(out, "{\"name\": \"850730-xxx-xx\"}\nBE68-xxxx\n");
    }

    #[test]
    fn masking_never_panics_on_odd_text() {
        for text in [
            "",
            "1",
            "12.",
            "1.2.3.4.5.6.7.8.9.0.1.2.3.4.5.6.7.8.9",
            "BE",
            "BE6",
            "é85073003328é",
            "BE68 ",
        ] {
            let _ = mask_personal(text);
        }
        assert_eq!(mask_personal("é85073003328é"), "é850730-xxx-xxé");
    }
}
