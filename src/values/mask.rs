//! The one masking step for personal data in text that people or logs read.
//!
//! National numbers (INSZ) and bank accounts (IBAN) are personal data. Only
//! the uploads and `rejected.*` hold them whole; everything else the tool
//! writes (reports, messages, notes, logs, fatal errors, ledger listings)
//! passes [`mask_personal`] on its way out, through [`MaskingWriter`] or
//! directly, whatever column, header or message the number came from. The
//! masking happens at those outlets, not where a message is made, so that a
//! new message cannot forget it.
//!
//! Masking is by value, not by place or form: a number is recognised
//! wherever it stands and however it is written.
//!
//! - An **INSZ candidate** is a run of whole digit groups, each group a
//!   maximal run of ASCII digits, with one to three separators between two
//!   groups (whitespace, `.`, `/`, `-`, the Unicode dashes U+2010 to U+2015
//!   and the minus U+2212, the separators the INSZ parser accepts; and the
//!   escapes `\t`, `\n`, `\u2013`, `\u{1b}` that JSON and the control
//!   escaping below write in their place), the groups split only where
//!   people split an INSZ (after its 2nd, 4th, 6th or 9th digit:
//!   `85.07.30-033.28`, `850730 033 28`, `850730/03328`) or in thousands as
//!   a spreadsheet formats a number (`91.060.765.719`, `5,070,712,345`,
//!   a comma counting as a separator between digits here), or in blocks
//!   read out like a long number (`8507 3003 328`, `850 730 033 28`: one
//!   and the same separator between them, and not inside a longer list of
//!   numbers joined by that separator). When its digits total 11 and pass
//!   the INSZ check it is masked. Ten digits not starting with 0, in one
//!   group, in thousands, or split where an INSZ splits once its leading
//!   zero is put back (`50707-123-45`, `5.07.07-123.45`), that pass the
//!   check with that `0` are a number whose zero a spreadsheet dropped: it
//!   is masked from the completed 11 digits, `5070712345` as
//!   `050707-xxx-xx`. A date (8 digits, or a date range split at its years),
//!   an amount (`850 730 033,28`), a line number or a KBO number written as
//!   such (`0403.170.701`, `0403170701`) is no candidate. A longer run of
//!   digits (12 or more in one group) is one only where it reads one way:
//!   an INSZ glued to a KBO number, an 8-digit date or another INSZ, before
//!   or after it (`850730033280403170701`), or to what an ellipsis left of
//!   a number in a snippet cut from a long line (`…7070185073003328`); the
//!   INSZ in it is masked, the rest kept. Any other long run (a reference, an INSZ glued to digits
//!   that could be anything) is left as it is.
//! - An **IBAN candidate** is two letters (any case) and then letters and
//!   digits, with one to three separators (the same ones) between any two,
//!   on one line, whose first letters and digits make a well-formed IBAN:
//!   two check digits, the country's length (for a country not listed: the
//!   whole run, 15 to 34), and the ISO 13616 mod-97 check. The two letters
//!   start a word, or are capitals (`IBANBE68…`). It shows its first four
//!   characters (`BE68-xxxx`).
//!
//! The same outlets show control characters escaped ([`escape_controls`]):
//! a cell value, a file name or a dossier number never reaches a terminal
//! raw.

use std::borrow::Cow;
use std::io::Write;

use super::insz::{is_number_separator, Insz};

/// The length in bytes of a separator written at `at`: a separator
/// character, or an escape that stands for one (`\t`, `\u2013`, `\u{a0}`).
fn separator_at(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    let c = rest.chars().next()?;
    if is_number_separator(c) {
        return Some(c.len_utf8());
    }
    if c == ',' {
        // A thousands separator (`91,060,765,719`): between digits only.
        let digit_after = text.as_bytes().get(at + 1).is_some_and(u8::is_ascii_digit);
        let digit_before = at > 0 && text.as_bytes()[at - 1].is_ascii_digit();
        return (digit_before && digit_after).then_some(1);
    }
    if c != '\\' {
        return None;
    }
    let bytes = rest.as_bytes();
    match bytes.get(1)? {
        b't' | b'n' | b'r' | b'f' | b'b' => Some(2),
        b'u' if bytes.get(2) == Some(&b'{') => {
            let close = bytes.iter().take(12).position(|b| *b == b'}')?;
            bytes[3..close]
                .iter()
                .all(u8::is_ascii_hexdigit)
                .then_some(close + 1)
                .filter(|_| close > 3)
        }
        b'u' => (bytes.len() >= 6 && bytes[2..6].iter().all(u8::is_ascii_hexdigit)).then_some(6),
        _ => None,
    }
}

/// Whether the separator at `at` ends a line (a line break, or JSON's
/// `\n` or `\r` for one).
fn is_line_end(text: &str, at: usize) -> bool {
    let rest = text.as_bytes().get(at..).unwrap_or_default();
    matches!(rest.first(), Some(b'\n' | b'\r')) || rest.starts_with(b"\\n") || rest.starts_with(b"\\r")
}

/// The gap of one to three separators at `at`: its end, when a character
/// accepted by `next` follows it. `lines`: whether a line end may be one of
/// them (for an INSZ, whose grouping is strict; an IBAN never runs over
/// lines, where the columns of a table would join into one).
fn gap_at(text: &str, at: usize, lines: bool, next: impl Fn(u8) -> bool) -> Option<usize> {
    let mut end = at;
    for _ in 0..3 {
        if !lines && is_line_end(text, end) {
            return None;
        }
        match separator_at(text, end) {
            Some(len) => {
                end += len;
                if text.as_bytes().get(end).is_some_and(|b| next(*b)) {
                    return Some(end);
                }
            }
            None => return None,
        }
    }
    None
}

/// Masks every INSZ and IBAN in `text` (see the module's description): an
/// INSZ shows its first 6 digits (`850730-xxx-xx`), an IBAN its first 4
/// characters (`BE68-xxxx`). Text without one is returned as it is,
/// unallocated.
pub fn mask_personal(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    // Everything before `copied` is in `out` (when `out` exists).
    let mut copied = 0;
    let mut at = 0;
    let mut groups: Vec<(usize, usize)> = Vec::new();
    while at < bytes.len() {
        let b = bytes[at];
        if b.is_ascii_alphabetic() {
            if let Some((end, masked)) = iban_at(text, at) {
                let buffer = out.get_or_insert_with(|| String::with_capacity(text.len()));
                buffer.push_str(&text[copied..at]);
                buffer.push_str(&masked);
                copied = end;
                at = end;
            } else {
                at += 1;
            }
        } else if b.is_ascii_digit() {
            let chain_end = digit_chain(text, at, &mut groups);
            for (start, end, masked) in insz_matches(text, &groups) {
                let buffer = out.get_or_insert_with(|| String::with_capacity(text.len()));
                buffer.push_str(&text[copied..start]);
                buffer.push_str(&masked);
                copied = end;
            }
            at = chain_end;
        } else {
            at += 1;
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

/// The digit groups of the chain that starts at `start` (a digit), into
/// `groups`; gives the chain's end.
fn digit_chain(text: &str, start: usize, groups: &mut Vec<(usize, usize)>) -> usize {
    let bytes = text.as_bytes();
    groups.clear();
    let mut at = start;
    loop {
        let group_start = at;
        while at < bytes.len() && bytes[at].is_ascii_digit() {
            at += 1;
        }
        groups.push((group_start, at));
        match gap_at(text, at, true, |b| b.is_ascii_digit()) {
            Some(next) => at = next,
            None => return at,
        }
    }
}

/// Where people split a written INSZ: `yy.mm.dd-sss.cc`, `yymmdd sss cc`,
/// `yymmdd/ssscc`; a group boundary anywhere else (a date's year) is no INSZ.
const INSZ_BREAKS: [usize; 4] = [2, 4, 6, 9];

/// The INSZ in a chain of digit groups, left to right, each as its start,
/// end and masked form: windows of whole groups of 11 digits, split where
/// people split an INSZ, that pass the check; or one group of 10 digits
/// (the form a spreadsheet number takes when it drops the leading zero:
/// never split, never starting with another 0) that passes it with a `0`
/// in front. Eleven digits are preferred over ten.
fn insz_matches(text: &str, groups: &[(usize, usize)]) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    let mut first = 0;
    while first < groups.len() {
        let first_len = groups[first].1 - groups[first].0;
        if first_len > 11 {
            found.extend(glued_insz(text, groups[first]));
            first += 1;
            continue;
        }
        let mut digits = String::with_capacity(12);
        let mut best: Option<(usize, String)> = None;
        let mut insz_split = true;
        // Ten digits split where an INSZ is split once its lost leading
        // zero is put back (`50707-123-45`, `5.07.07-123.45`).
        let mut lost_zero_split = true;
        let mut thousands = (1..=3).contains(&first_len);
        for (last, group) in groups.iter().enumerate().skip(first) {
            if last > first {
                // Split where people split an INSZ, or in thousands (a
                // number formatted by a spreadsheet: `91.060.765.719`); not
                // as a date is (`30/06/2026`).
                insz_split &= INSZ_BREAKS.contains(&digits.len());
                lost_zero_split &= INSZ_BREAKS.contains(&(digits.len() + 1));
                thousands &= group.1 - group.0 == 3;
                if !insz_split && !thousands && !lost_zero_split {
                    break;
                }
            }
            digits.push_str(&text[group.0..group.1]);
            if digits.len() > 11 {
                break;
            }
            if digits.len() == 11 && (insz_split || thousands) && Insz::parse(&digits).is_ok() {
                best = Some((last, digits.clone()));
            } else if digits.len() == 10 && (last == first || thousands || lost_zero_split) && !digits.starts_with('0')
            {
                let completed = format!("0{digits}");
                if Insz::parse(&completed).is_ok() {
                    best = Some((last, completed));
                }
            }
        }
        if best.is_none() {
            best = in_blocks(text, groups, first);
        }
        match best {
            Some((last, eleven)) => {
                found.push((groups[first].0, groups[last].1, masked_insz(&eleven)));
                first = last + 1;
            }
            None => first += 1,
        }
    }
    found
}

/// Blocks of equal length and a shorter last one, as long numbers are
/// written to be read out (`8507 3003 328`, `850 730 033 28`).
const INSZ_BLOCKS: [&[usize]; 2] = [&[4, 4, 3], &[3, 3, 3, 2]];

/// An INSZ written in blocks ([`INSZ_BLOCKS`]) at group `first`: the last
/// group and the 11 digits. The blocks are joined by one and the same
/// separator, and they are not part of a longer series of such blocks
/// (`04 0317 0701 8507 3003 328`, `1200 8507 3003 328 4410`), where which
/// digits would be the INSZ cannot be told.
fn in_blocks(text: &str, groups: &[(usize, usize)], first: usize) -> Option<(usize, String)> {
    let gap = |i: usize| -> Option<&str> { Some(&text[groups.get(i)?.1..groups.get(i + 1)?.0]) };
    for blocks in INSZ_BLOCKS {
        let last = first + blocks.len() - 1;
        let Some(window) = groups.get(first..=last) else {
            continue;
        };
        if !window.iter().zip(blocks.iter()).all(|(g, len)| g.1 - g.0 == *len) {
            continue;
        }
        let separator = gap(first)?;
        if (first..last).any(|i| gap(i) != Some(separator)) {
            continue;
        }
        // A neighbour as wide as a block, joined by the same separator and
        // not the end of something else (a date's year: `01/10/2026 8507
        // 3003 328`), makes the blocks part of a longer series.
        let width = blocks[0];
        let in_series = |neighbour: usize, joined: Option<usize>, far: Option<usize>| {
            joined.and_then(gap) == Some(separator)
                && groups[neighbour].1 - groups[neighbour].0 == width
                && far.and_then(gap).is_none_or(|g| g == separator)
        };
        let before = first
            .checked_sub(1)
            .is_some_and(|n| in_series(n, Some(n), n.checked_sub(1)));
        let after = last + 1 < groups.len() && in_series(last + 1, Some(last), Some(last + 1));
        if before || after {
            continue;
        }
        let digits: String = window.iter().map(|g| &text[g.0..g.1]).collect();
        if Insz::parse(&digits).is_ok() {
            return Some((last, digits));
        }
    }
    None
}

/// The INSZ glued without a separator to another number in one run of
/// digits (`group`), where the run reads only one way: an INSZ and, before
/// or after it, a KBO number, a date (`20250901`, `01092025`) or another
/// INSZ, each valid. Any other long run (a reference, a checksum's digits,
/// an INSZ glued to a number that could be anything) is left as it is.
fn glued_insz(text: &str, group: (usize, usize)) -> Vec<(usize, usize, String)> {
    let run = &text[group.0..group.1];
    let is_insz = |d: &str| d.len() == 11 && Insz::parse(d).is_ok();
    let is_other = |d: &str| is_insz(d) || is_kbo(d) || is_date8(d);
    // A run cut short by an ellipsis (a snippet of a long line): the digits
    // on that side are what is left of another number.
    let cut_before = text[..group.0].ends_with('…');
    let cut_after = text[group.1..].starts_with('…');
    // Readings: where the INSZ stand in the run.
    let mut readings: Vec<Vec<usize>> = Vec::new();
    if run.len() > 11 {
        let (head, tail) = run.split_at(11);
        if is_insz(head) && !cut_before && (is_other(tail) || cut_after) {
            readings.push(if is_insz(tail) { vec![0, 11] } else { vec![0] });
        }
        let (head, tail) = run.split_at(run.len() - 11);
        if is_insz(tail) && !cut_after && (is_other(head) || cut_before) && !(is_insz(head) && run.len() == 22) {
            readings.push(vec![run.len() - 11]);
        }
    }
    match readings.as_slice() {
        [one] => one
            .iter()
            .map(|&at| {
                let eleven = &run[at..at + 11];
                (group.0 + at, group.0 + at + 11, masked_insz(eleven))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A KBO number: 10 digits, starting with 0 or 1, that pass its check (or
/// 9 that do with the leading 0 a spreadsheet dropped).
fn is_kbo(digits: &str) -> bool {
    matches!(digits.len(), 9 | 10) && super::kbo::Kbo::parse(digits).is_ok()
}

/// A date of 8 digits, `yyyymmdd` or `ddmmyyyy`, from 1900 to 2099.
fn is_date8(digits: &str) -> bool {
    let number = |range: std::ops::Range<usize>| digits.get(range).and_then(|d| d.parse::<u32>().ok());
    let date = |y: Option<u32>, m: Option<u32>, d: Option<u32>| match (y, m, d) {
        (Some(y), Some(m), Some(d)) if (1900..2100).contains(&y) => {
            chrono::NaiveDate::from_ymd_opt(y as i32, m, d).is_some()
        }
        _ => false,
    };
    digits.len() == 8
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (date(number(0..4), number(4..6), number(6..8)) || date(number(4..8), number(2..4), number(0..2)))
}

/// `850730-xxx-xx` for the 11 digits of a valid INSZ.
fn masked_insz(eleven: &str) -> String {
    format!("{}-xxx-xx", &eleven[..6])
}

/// Known IBAN lengths (see [`super::iban`]); others are held to 15..=34.
fn iban_length(country: &[u8; 2]) -> Option<usize> {
    super::iban::country_length(std::str::from_utf8(country).unwrap_or(""))
}

/// An IBAN starting at `start` (an ASCII letter): two letters, two digits,
/// then letters and digits, with gaps of separators between any two. Gives
/// its end and masked form.
fn iban_at(text: &str, start: usize) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    // A country code inside a word (`csv`) is none, but for one written in
    // capitals after other letters (`IBANBE68…`, `postcodeBE68…`).
    if start > 0 && bytes[start - 1].is_ascii_alphabetic() {
        let capitals = bytes
            .get(start..start + 2)
            .is_some_and(|cc| cc.iter().all(u8::is_ascii_uppercase));
        if !capitals {
            return None;
        }
    }
    // The letters and digits in order (upper case), with the end of each.
    let mut compact = [0u8; 34];
    let mut ends = [0usize; 34];
    let mut count = 0;
    let mut at = start;
    while count < 34 {
        let Some(&b) = bytes.get(at) else { break };
        if !b.is_ascii_alphanumeric() {
            match gap_at(text, at, false, |b| b.is_ascii_alphanumeric()) {
                Some(next) if count >= 2 => at = next,
                _ => break,
            }
            continue;
        }
        let wanted = match count {
            0 | 1 => b.is_ascii_alphabetic(),
            2 | 3 => b.is_ascii_digit(),
            _ => true,
        };
        if !wanted {
            return None;
        }
        compact[count] = b.to_ascii_uppercase();
        at += 1;
        ends[count] = at;
        count += 1;
    }
    if count < 15 {
        return None;
    }
    let country = [compact[0], compact[1]];
    let lengths: Vec<usize> = match iban_length(&country) {
        Some(len) if len <= count => vec![len],
        Some(_) => return None,
        // A country not listed: the whole run, at the end of a word.
        None if !bytes.get(ends[count - 1]).is_some_and(u8::is_ascii_alphanumeric) => vec![count],
        None => return None,
    };
    for len in lengths {
        if iban_mod97(&compact[..len]) == 1 {
            let head = std::str::from_utf8(&compact[..4]).unwrap_or("");
            return Some((ends[len - 1], format!("{head}-xxxx")));
        }
    }
    None
}

/// ISO 13616: the first four moved to the end, letters as 10..=35, mod 97.
fn iban_mod97(compact: &[u8]) -> u32 {
    let mut r = 0u32;
    for &b in compact[4..].iter().chain(&compact[..4]) {
        r = match b {
            b'0'..=b'9' => (r * 10 + u32::from(b - b'0')) % 97,
            _ => (r * 100 + u32::from(b - b'A') + 10) % 97,
        };
    }
    r
}

/// Whether a character is shown escaped: control characters (C0, DEL, C1)
/// and the invisible marks that reorder or hide text (bidirectional
/// overrides and isolates, zero-width characters).
fn is_escaped(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// What [`escape_controls`] lets through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Keep {
    /// Line breaks and tabs: the layout of the tool's own text. Off for a
    /// value (a cell, a name), where a line break is shown escaped too.
    pub layout: bool,
    /// Colour codes (`ESC [ 1;31 m`): the tool's own, on a terminal that
    /// shows colours, once every value in the text was escaped.
    pub colour: bool,
}

impl Keep {
    /// A value: nothing kept.
    pub const VALUE: Keep = Keep {
        layout: false,
        colour: false,
    };
    /// A text of the tool's: its line breaks kept.
    pub const TEXT: Keep = Keep {
        layout: true,
        colour: false,
    };
}

/// Control characters shown escaped, as `\u{1b}`: nothing raw reaches a
/// terminal, a log or a report. Text without one is returned as it is.
pub fn escape_controls(text: &str, keep: Keep) -> Cow<'_, str> {
    let needs = |c: char| is_escaped(c) && !(keep.layout && matches!(c, '\n' | '\t'));
    if !text.chars().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if keep.colour && c == '\u{1b}' {
            if let Some(len) = colour_code(rest) {
                out.push_str(&rest[..len]);
                rest = &rest[len..];
                continue;
            }
        }
        if needs(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// The length of a colour code (SGR: `ESC [`, digits and `;`, `m`) at the
/// start of `text`.
fn colour_code(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.get(1) != Some(&b'[') {
        return None;
    }
    let params = bytes[2..]
        .iter()
        .take(32)
        .take_while(|b| b.is_ascii_digit() || **b == b';')
        .count();
    (bytes.get(2 + params) == Some(&b'm')).then_some(3 + params)
}

/// A value (a cell, a header, a name, a file name) as people may see it:
/// personal numbers masked, control characters escaped, line breaks included.
pub fn shown(value: &str) -> String {
    escape_controls(&mask_personal(value), Keep::VALUE).into_owned()
}

/// The most of a value a message quotes, in characters.
pub const QUOTED_CHARS: usize = 60;

/// A value quoted in a message: as [`shown`], cut to its first
/// [`QUOTED_CHARS`] characters with an ellipsis. Masked before it is cut,
/// so that a cut never leaves part of a number unmasked; only the first
/// part of a huge value is read.
pub fn quoted(value: &str) -> String {
    // A number is at most a few dozen characters: what lies beyond the
    // first few hundred cannot change the first 60 shown.
    let head = match value.char_indices().nth(QUOTED_CHARS * 8) {
        Some((at, _)) => &value[..at],
        None => value,
    };
    let shown = shown(head);
    let mut chars = shown.char_indices();
    match chars.nth(QUOTED_CHARS) {
        Some((at, _)) => format!("{}…", &shown[..at]),
        None if head.len() < value.len() => format!("{shown}…"),
        None => shown,
    }
}

/// Masks and escapes a text of the tool's for an outlet: personal numbers
/// masked, control characters escaped but for what `keep` keeps.
pub fn for_outlet(text: &str, keep: Keep) -> Cow<'_, str> {
    match mask_personal(text) {
        Cow::Borrowed(text) => escape_controls(text, keep),
        Cow::Owned(masked) => Cow::Owned(escape_controls(&masked, keep).into_owned()),
    }
}

/// A writer that masks personal data and escapes control characters in
/// what passes through it, a line at a time (a number never spans lines:
/// JSON escapes its line breaks, and messages and log lines end with one).
pub struct MaskingWriter<W: Write> {
    inner: W,
    line: Vec<u8>,
    keep: Keep,
}

impl<W: Write> MaskingWriter<W> {
    /// Masks what is written before it reaches `inner`. A line is passed on
    /// once its line end is written; a last line without one waits for
    /// [`MaskingWriter::into_inner`] (a `flush` keeps it back).
    pub fn new(inner: W) -> MaskingWriter<W> {
        MaskingWriter::keeping(inner, Keep::TEXT)
    }

    /// As [`MaskingWriter::new`], keeping what `keep` says (colour codes on
    /// a terminal that shows them).
    pub fn keeping(inner: W, keep: Keep) -> MaskingWriter<W> {
        MaskingWriter {
            inner,
            line: Vec::with_capacity(1024),
            keep: Keep { layout: true, ..keep },
        }
    }

    fn pass_line(&mut self) -> std::io::Result<()> {
        let lossy;
        let text = match std::str::from_utf8(&self.line) {
            Ok(text) => text,
            // Not UTF-8 (never from this tool): masked as far as it reads.
            Err(_) => {
                lossy = String::from_utf8_lossy(&self.line).into_owned();
                &lossy
            }
        };
        match for_outlet(text, self.keep) {
            Cow::Borrowed(text) => self.inner.write_all(text.as_bytes())?,
            Cow::Owned(masked) => self.inner.write_all(masked.as_bytes())?,
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
        for kept in ["85073003329", "850730033281", "0403170701", "30/07/1985"] {
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
    fn an_insz_is_masked_however_it_is_written() {
        for written in [
            "850730\u{2013}033\u{2013}28",
            "850730\u{2212}033\u{2212}28",
            "850730\u{2010}033\u{2015}28",
            "85 07 30 - 033 - 28",
            "850730\u{a0}033\u{a0}28",
            "850730\t033\t28",
            "850730\\u{9}033\\u{9}28",
            "85.073.003.328",
            "85,073,003,328",
            "85\u{202f}073\u{202f}003\u{202f}328",
            "X85073003328",
            "nr85073003328x",
        ] {
            let text = format!("Peeters {written} <");
            let masked = mask_personal(&text);
            assert!(masked.contains("850730-xxx-xx"), "{written:?}: {masked}");
            let digits: String = masked.chars().filter(char::is_ascii_digit).collect();
            assert!(!digits.contains(INSZ), "{written:?}: {masked}");
        }
    }

    #[test]
    fn an_insz_that_lost_its_leading_zero_is_masked_from_the_completed_digits() {
        // 050707 123 xx: born 2005, its leading zero dropped by a spreadsheet.
        let (_, ten) = lost_zero_insz();
        let ten = ten.as_str();
        let thousands = format!("{}.{}.{}.{}", &ten[..1], &ten[1..4], &ten[4..7], &ten[7..]);
        let commas = thousands.replace('.', ",");
        for text in [
            ten.to_string(),
            format!("aantal {ten}.0 uren"),
            format!("{ten} Peeters"),
            thousands,
            commas,
        ] {
            let masked = mask_personal(&text);
            assert!(masked.contains("050707-xxx-xx"), "{text}: {masked}");
            assert!(!masked.contains(ten), "{masked}");
        }
        assert_eq!(crate::values::insz::mask_raw(ten), "050707-xxx-xx");
    }

    /// The 11 digits of a valid INSZ of someone born on 7 July 2005 (serial
    /// 123), and its 10 digits once a spreadsheet dropped the leading zero.
    fn lost_zero_insz() -> (String, String) {
        let n: u64 = 50_707_123;
        let eleven = format!("0{n}{:02}", 97 - (2_000_000_000 + n) % 97);
        assert!(Insz::parse(&eleven).is_ok());
        let ten = eleven[1..].to_string();
        (eleven, ten)
    }

    #[test]
    fn an_insz_written_in_blocks_is_masked_but_not_in_a_list_or_as_an_amount() {
        for written in [
            "8507 3003 328",
            "8507.3003.328",
            "850 730 033 28",
            "850-730-033-28",
            "Peeters 8507 3003 328 - 01/09/2025",
            "01/10/2026 8507 3003 328",
            "8507 3003 328 01/10/2026",
            "ODB-0002141 8507 3003 328",
            "40 8507 3003 328",
            "850 730 033 28 40",
        ] {
            let masked = mask_personal(written);
            assert!(masked.contains("850730-xxx-xx"), "{written}: {masked}");
            assert!(!masked.contains("3003"), "{written}: {masked}");
        }
        for kept in [
            // An amount with its cents, as people write one (the same digits).
            "850 730 033,28",
            "850.730.033,28",
            // The same blocks in a longer series of blocks.
            "x.csv 04 0317 0701 8507 3003 328",
            "1200 8507 3003 328",
            "8507 3003 328 4410",
            "120 850 730 033 28",
            // Other blocks: card-like groups of four, a wrong check.
            "8507 3003 3281 2345",
            "8507 3003 329",
        ] {
            assert_eq!(mask_personal(kept), kept);
        }
    }

    #[test]
    fn a_lost_zero_insz_split_where_an_insz_splits_is_masked_from_the_completed_digits() {
        let (_, ten) = lost_zero_insz();
        for written in [
            format!("{}-{}-{}", &ten[..5], &ten[5..8], &ten[8..]),
            format!("{} {} {}", &ten[..5], &ten[5..8], &ten[8..]),
            format!(
                "{}.{}.{}-{}.{}",
                &ten[..1],
                &ten[1..3],
                &ten[3..5],
                &ten[5..8],
                &ten[8..]
            ),
            format!("{}/{}", &ten[..8], &ten[8..]),
        ] {
            let text = format!("Peeters {written} <");
            let masked = mask_personal(&text);
            assert_eq!(masked, "Peeters 050707-xxx-xx <", "{written}");
        }
        // Split elsewhere (not where an INSZ splits), or a KBO that lost its
        // zero (nine digits): left as written.
        for kept in [
            format!("{}-{}-{}", &ten[..6], &ten[6..8], &ten[8..]),
            format!("{} {}", &ten[..4], &ten[4..]),
            "403.170.701".to_string(),
            "5.07.2007".to_string(),
        ] {
            assert_eq!(mask_personal(&kept), kept);
        }
    }

    #[test]
    fn an_insz_glued_to_a_kbo_a_date_or_an_insz_is_masked_where_the_run_reads_one_way() {
        for (written, want) in [
            ("850730033280403170701", "850730-xxx-xx0403170701"),
            ("040317070185073003328", "0403170701850730-xxx-xx"),
            ("2025090185073003328", "20250901850730-xxx-xx"),
            ("8507300332801092025", "850730-xxx-xx01092025"),
            ("8507300332885073003328", "850730-xxx-xx850730-xxx-xx"),
            // A KBO that lost its zero; a snippet cut in the KBO or the date.
            ("40317070185073003328", "403170701850730-xxx-xx"),
            ("…7070185073003328", "…70701850730-xxx-xx"),
            ("85073003328202509…", "850730-xxx-xx202509…"),
        ] {
            assert_eq!(
                mask_personal(&format!("id {written};")),
                format!("id {want};"),
                "{written}"
            );
        }
        for kept in [
            // An INSZ and digits that are no other number: which digits
            // belong to it cannot be told.
            "85073003328123",
            "8507300332899999999",
            "123485073003328",
            // A KBO, a date and a 12-digit reference glued: no INSZ in them.
            "040317070120250901",
            "850730033281",
            // The INSZ on the cut side: not whole, nothing to tell.
            "…85073003328123",
        ] {
            assert_eq!(mask_personal(kept), kept);
        }
    }

    #[test]
    fn dates_amounts_and_other_numbers_are_not_mangled() {
        for kept in [
            "2025-09-01",
            "01/09/2025 - 30/06/2026",
            "01.09.2025",
            "1.234.567,89",
            "EUR 14,91 per uur",
            "lijn 1048576",
            "0403.170.701",
            "BE 0403.170.701",
            "VG-VOV-000123",
            "12345678901234567890",
            "2026-01-15T10:30:00Z",
            "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "BE68539007547035",
        ] {
            assert_eq!(mask_personal(kept), kept);
        }
    }

    #[test]
    fn table_columns_over_lines_make_no_iban() {
        let table = "  0202239951  800104-xxx-xx  ODB-0002141  submitted  /tmp/out/wse-vov_0202239951.csv\n  0403170701  810203-xxx-xx  ODB-0002141";
        assert_eq!(mask_personal(table), table);
        assert_eq!(
            mask_personal("x.csv 04 0317 0701 8507 3003 328"),
            "x.csv 04 0317 0701 8507 3003 328"
        );
    }

    #[test]
    fn an_iban_is_masked_in_any_case_with_dashes_dots_and_double_spaces() {
        for (written, head) in [
            ("be44-5855-6294-0645", "BE44"),
            ("BE68  5390 0754 7034", "BE68"),
            ("BE68-5390-0754-7034", "BE68"),
            ("BE68.5390.0754.7034", "BE68"),
            ("be68 5390 0754 7034", "BE68"),
            ("BE68\u{2013}5390\u{2013}0754\u{2013}7034", "BE68"),
            ("NL91ABNA0417164300", "NL91"),
            ("nl91 abna 0417 1643 00", "NL91"),
            ("DE89 3704 0044 0532 0130 00", "DE89"),
            ("BE68539007547034postcode", "BE68"),
        ] {
            let text = format!("x {written} y");
            let masked = mask_personal(&text);
            let rest = written.strip_suffix("postcode").map_or("", |_| "postcode");
            assert_eq!(masked, format!("x {head}-xxxx{rest} y"), "{written}");
        }
    }

    #[test]
    fn control_characters_are_escaped_and_colour_codes_kept_only_when_asked() {
        let evil = "Evil\u{1b}[2J\u{1b}]0;pwned\u{7}\u{1b}[31m";
        assert_eq!(
            escape_controls(evil, Keep::TEXT),
            "Evil\\u{1b}[2J\\u{1b}]0;pwned\\u{7}\\u{1b}[31m"
        );
        let colour = Keep {
            layout: true,
            colour: true,
        };
        assert_eq!(
            escape_controls(evil, colour),
            "Evil\\u{1b}[2J\\u{1b}]0;pwned\\u{7}\u{1b}[31m"
        );
        assert_eq!(escape_controls("a\nb\tc\rd", Keep::TEXT), "a\nb\tc\\u{d}d");
        assert_eq!(
            escape_controls("a\nb\u{9b}c\u{202e}", Keep::VALUE),
            "a\\u{a}b\\u{9b}c\\u{202e}"
        );
        assert!(matches!(escape_controls("gewoon", Keep::VALUE), Cow::Borrowed(_)));
    }

    #[test]
    fn a_quoted_value_is_masked_escaped_and_cut_to_sixty_characters() {
        assert_eq!(quoted("kort"), "kort");
        let long = format!("{}{INSZ}", "a".repeat(55));
        let q = quoted(&long);
        assert_eq!(
            q,
            format!("{}850730-xxx-xx", "a".repeat(55))
                .chars()
                .take(60)
                .collect::<String>()
                + "…"
        );
        assert!(!q.contains("8507300"));
        assert_eq!(quoted(&"x".repeat(40_000_000)).chars().count(), 61);
        assert_eq!(quoted("a\u{1b}b"), "a\\u{1b}b");
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
