//! CSV from a file or standard input, streamed line by line.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};

use crate::lang::{tr, trf, Lang};
use crate::model::{Cell, RawRow, Source};
use crate::reader::header::HeaderMap;
use crate::reader::record::{parse_record, sniff_delimiter, split_record, Parsed, Record, Split, MAX_RECORD_LINES};
use crate::reader::{
    cell_too_long, cut_chars, finish_skipped_notes, note_skipped_row, nul_reason, required_mapped, title_rows_note,
    total_or_remark, InputInfo, RowSource, TextEncoding, HEADER_SEARCH_ROWS,
};
use crate::rules::file::{self, Fatal};
use crate::schema::InputSchema;

/// How bytes become text for the rest of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decoding {
    /// UTF-8 given, or announced by a BOM: anything else is F002.
    Utf8Strict,
    /// No BOM, no `--encoding`: UTF-8 while the bytes are UTF-8, and
    /// Windows-1252 from the first line that is not (while every earlier
    /// line was plain ASCII, both read the same).
    Auto {
        seen_non_ascii: bool,
    },
    Windows1252,
}

struct LineReader {
    inner: Box<dyn BufRead + Send>,
    decoding: Decoding,
    /// UTF-16 is transcoded to UTF-8 before it gets here; a replacement
    /// character then marks bytes that were not valid UTF-16.
    transcoded_from_utf16: bool,
    line_no: u64,
    buf: Vec<u8>,
    file: String,
    lang: Lang,
    /// Whether the last line read was longer than [`MAX_RECORD_BYTES`] (only
    /// its first bytes were kept).
    overlong: bool,
}

impl LineReader {
    /// Reads the next line into `text` (cleared first; a reused buffer) and
    /// gives its line number.
    fn next_line(&mut self, text: &mut String) -> Option<Result<u64, Fatal>> {
        text.clear();
        self.buf.clear();
        self.overlong = false;
        match read_line_bytes(&mut *self.inner, &mut self.buf, MAX_RECORD_BYTES, MAX_LINE_RUN) {
            Ok(LineRead::End) => return None,
            Ok(LineRead::Whole) => {}
            Ok(LineRead::Overlong) => {
                self.overlong = true;
                cut_to_whole_characters(&mut self.buf);
            }
            Ok(LineRead::Endless) => {
                let (line, mib) = (self.line_no + 1, MAX_LINE_RUN >> 20);
                return Some(Err(file::unreadable(
                    &self.file,
                    &trf!(self.lang,
                        nl: "regel {line} loopt meer dan {mib} MiB door zonder regeleinde: dit is geen tekstbestand (CSV)",
                        fr: "la ligne {line} continue sur plus de {mib} Mio sans fin de ligne: ce n'est pas un fichier texte (CSV)",
                        en: "line {line} runs on for more than {mib} MiB without a line end: this is not a text (CSV) file",
                    ),
                    self.lang,
                )));
            }
            Err(e) => return Some(Err(file::unreadable_os(&self.file, &e, self.lang))),
        }
        self.line_no += 1;
        // A UTF-8 BOM at the start of a later line (files joined with `cat`,
        // an export appended to another) is no content: without this it
        // would stick to the first cell and make e.g. a valid KBO invalid.
        if self.buf.starts_with(UTF8_BOM) {
            self.buf.drain(..UTF8_BOM.len());
        }
        let line_no = self.line_no;
        match self.decoding {
            Decoding::Windows1252 => text.push_str(&encoding_rs::WINDOWS_1252.decode_without_bom_handling(&self.buf).0),
            Decoding::Utf8Strict => match std::str::from_utf8(&self.buf) {
                Ok(s) if self.transcoded_from_utf16 && s.contains('\u{FFFD}') => {
                    return Some(Err(file::undecodable(&self.file, line_no, "UTF-16", self.lang)))
                }
                Ok(s) => text.push_str(s),
                Err(_) => return Some(Err(file::undecodable(&self.file, line_no, "UTF-8", self.lang))),
            },
            Decoding::Auto { seen_non_ascii } => match std::str::from_utf8(&self.buf) {
                Ok(s) => {
                    if !seen_non_ascii && !s.is_ascii() {
                        self.decoding = Decoding::Auto { seen_non_ascii: true };
                    }
                    text.push_str(s);
                }
                Err(_) if !seen_non_ascii => {
                    tracing::debug!(file = %self.file, line = line_no, "not UTF-8: reading as Windows-1252");
                    self.decoding = Decoding::Windows1252;
                    text.push_str(&encoding_rs::WINDOWS_1252.decode_without_bom_handling(&self.buf).0);
                }
                Err(_) => {
                    return Some(Err(file::undecodable(
                        &self.file,
                        line_no,
                        tr!(self.lang,
                            nl: "UTF-8 (eerdere regels waren UTF-8)",
                            fr: "UTF-8 (les lignes précédentes étaient en UTF-8)",
                            en: "UTF-8 (earlier lines were UTF-8)",
                        ),
                        self.lang,
                    )))
                }
            },
        };
        Some(Ok(line_no))
    }

    fn encoding_name(&self) -> &'static str {
        match (self.transcoded_from_utf16, self.decoding) {
            (true, _) => "utf-16",
            (false, Decoding::Windows1252) => "windows-1252",
            (false, _) => "utf-8",
        }
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The longest record held, in bytes (CONTRACT v3): a longer line or record
/// is malformed (F005), and only its first this many bytes are kept.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// The longest cell, in characters: a spreadsheet's own limit. A longer one
/// makes its record malformed (F005).
pub const MAX_CELL_CHARS: usize = 32_767;

/// How far an overlong line is read on to find its end before the input is
/// taken to be no text at all (`/dev/zero`, a disk image): then the run stops
/// with F001 instead of reading on without end.
const MAX_LINE_RUN: u64 = 1 << 30;

/// How a physical line was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineRead {
    /// The end of the input: no line.
    End,
    /// A whole line, in the buffer.
    Whole,
    /// A line longer than the limit: its first bytes are in the buffer, the
    /// rest was read past (not kept) to the line end.
    Overlong,
    /// A line that ran on past [`MAX_LINE_RUN`] bytes without a line end.
    Endless,
}

/// Reads one physical line into `buf`, without its line end, keeping at
/// most `limit` bytes of it. A line ends at `\n`, `\r\n` or a lone `\r`
/// (old Mac exports, and what the `csv` crate and spreadsheet programs also
/// take as a line end), so a stray `\r` never glues two records together.
fn read_line_bytes(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
    max_run: u64,
) -> std::io::Result<LineRead> {
    let mut read_any = false;
    let mut overlong = false;
    let mut run: u64 = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(match (read_any, overlong) {
                (false, _) => LineRead::End,
                (true, false) => LineRead::Whole,
                (true, true) => LineRead::Overlong,
            });
        }
        read_any = true;
        let found = memchr::memchr2(b'\n', b'\r', available);
        let part = found.unwrap_or(available.len());
        let room = limit.saturating_sub(buf.len());
        if part > room {
            overlong = true;
        }
        buf.extend_from_slice(available.get(..part.min(room)).unwrap_or_default());
        run += part as u64;
        match found {
            Some(i) => {
                let ends_with_cr = available.get(i) == Some(&b'\r');
                reader.consume(i + 1);
                if ends_with_cr {
                    // `\r\n` is one line end, even when the `\n` is in the next buffer.
                    let next_is_lf = loop {
                        match reader.fill_buf() {
                            Ok(next) => break next.first() == Some(&b'\n'),
                            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                            Err(e) => return Err(e),
                        }
                    };
                    if next_is_lf {
                        reader.consume(1);
                    }
                }
                return Ok(if overlong { LineRead::Overlong } else { LineRead::Whole });
            }
            None => {
                reader.consume(part);
                if run > max_run {
                    return Ok(LineRead::Endless);
                }
            }
        }
    }
}

/// The first `bytes` of a line cut short, up to a whole character.
fn cut_to_whole_characters(buf: &mut Vec<u8>) {
    if let Err(e) = std::str::from_utf8(buf) {
        if e.error_len().is_none() {
            buf.truncate(e.valid_up_to());
        }
    }
}

/// The largest line buffer kept for reuse.
const SPARE_LINE_CAPACITY: usize = 64 * 1024;

/// The rows of one CSV input.
pub struct CsvRows {
    lines: LineReader,
    pending: VecDeque<(u64, String)>,
    /// Line buffers of records already split, for the next lines to reuse.
    spare_lines: Vec<String>,
    record: Record,
    eof: bool,
    delimiter: char,
    map: HeaderMap,
    input: usize,
    path: String,
    rows: usize,
    lang: Lang,
    header_line: u64,
    /// Total and remark rows skipped so far.
    skipped: usize,
    notes: Vec<String>,
    /// The pending lines that were cut at [`MAX_RECORD_BYTES`].
    overlong_lines: Vec<u64>,
}

/// How a CSV input is opened: `--delimiter`, `--encoding`, `--header-row`
/// (each `None`: detected).
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvOpen {
    /// The delimiter; `None` takes Excel's `sep=` line, else sniffs the header.
    pub delimiter: Option<char>,
    /// The text encoding; `None` detects it.
    pub encoding: Option<TextEncoding>,
    /// The header's 1-based line; `None` detects it.
    pub header_row: Option<u64>,
}

/// The delimiter an Excel `sep=;` line names (`sep=,`, `"sep=;"`, `sep=;;;;`
/// after a round trip through a spreadsheet); `None` for any other line.
fn excel_sep_line(line: &str) -> Option<char> {
    let line = line.trim().trim_matches('"');
    let rest = line.get(..4).filter(|p| p.eq_ignore_ascii_case("sep="))?;
    let sep = line[rest.len()..].chars().next()?;
    let tail = &line[rest.len() + sep.len_utf8()..];
    let tail_ok = tail.chars().all(|c| c == sep || c == '"' || c.is_whitespace());
    (tail_ok && matches!(sep, ';' | ',' | '\t' | '|')).then_some(sep)
}

impl CsvRows {
    /// Starts reading CSV from `reader` with the header detected and the
    /// delimiter and encoding sniffed: see [`CsvRows::open_with`].
    pub fn open(
        reader: Box<dyn Read + Send>,
        path: &str,
        input: usize,
        schema: &InputSchema,
        delimiter: Option<char>,
        encoding: Option<TextEncoding>,
        lang: Lang,
    ) -> Result<CsvRows, Fatal> {
        let how = CsvOpen {
            delimiter,
            encoding,
            header_row: None,
        };
        CsvRows::open_with(reader, path, input, schema, &how, lang)
    }

    /// Starts reading CSV from `reader` (named `path` in messages): chooses the
    /// decoding (`encoding`, else a BOM, else UTF-16 by its zero bytes, else
    /// UTF-8 falling back to Windows-1252), finds the header (line
    /// `header_row`, else the first of the first [`HEADER_SEARCH_ROWS`]
    /// non-blank lines that maps every required field, skipping title lines
    /// and Excel's `sep=;` first line, which also gives the delimiter), sniffs
    /// the delimiter unless one is given, and maps the header. Fails with F001
    /// when the input cannot be read or the header's quoting is broken, F002
    /// when the lines up to the header do not decode, F006 when there is no
    /// header, and F003/F004 as [`HeaderMap::new`] (for the line that maps the
    /// most required fields when none maps them all).
    pub fn open_with(
        reader: Box<dyn Read + Send>,
        path: &str,
        input: usize,
        schema: &InputSchema,
        how: &CsvOpen,
        lang: Lang,
    ) -> Result<CsvRows, Fatal> {
        let CsvOpen {
            delimiter,
            encoding,
            header_row,
        } = *how;
        let mut buffered = BufReader::with_capacity(64 * 1024, reader);
        let head = match buffered.fill_buf() {
            Ok(head) => head.get(..4.min(head.len())).unwrap_or_default().to_vec(),
            Err(e) => return Err(file::unreadable_os(path, &e, lang)),
        };
        if let Some(reason) = workbook_not_text(&head, lang) {
            return Err(file::unreadable(path, reason, lang));
        }
        let (decoding, utf16, skip_bom) = choose_decoding(&head, encoding);
        let inner: Box<dyn BufRead + Send> = match utf16 {
            Some(enc) => Box::new(BufReader::with_capacity(
                64 * 1024,
                encoding_rs_io::DecodeReaderBytesBuilder::new()
                    .encoding(Some(enc))
                    .bom_override(true)
                    .build(buffered),
            )),
            None => {
                if skip_bom {
                    buffered.consume(3);
                }
                Box::new(buffered)
            }
        };
        let mut lines = LineReader {
            inner,
            decoding,
            transcoded_from_utf16: utf16.is_some(),
            line_no: 0,
            buf: Vec::with_capacity(1024),
            file: path.to_string(),
            lang,
            overlong: false,
        };
        // The header: the line `--header-row` names, else the first line that
        // maps every required field; title lines above it are skipped.
        let required = schema.required_fields().count();
        let mut excel_sep = None;
        let mut first_content_line = None;
        // The lines looked at so far: (line number, text, required fields mapped).
        let mut candidates: Vec<(u64, String, usize)> = Vec::new();
        let mut text = String::new();
        let found = loop {
            match lines.next_line(&mut text) {
                None => break None,
                Some(Err(e)) => return Err(e),
                Some(Ok(no)) if lines.overlong => {
                    // No header is a megabyte long: this is no export (a
                    // file of zeros, a binary file).
                    let mib = MAX_RECORD_BYTES >> 20;
                    return Err(file::unreadable(
                        path,
                        &trf!(lang,
                            nl: "regel {no} is langer dan {mib} MiB, vóór een kopregel: dit is geen export (CSV)",
                            fr: "la ligne {no} dépasse {mib} Mio, avant une ligne d'en-tête: ce n'est pas un export (CSV)",
                            en: "line {no} is longer than {mib} MiB, before any header: this is not an export (CSV)",
                        ),
                        lang,
                    ));
                }
                Some(Ok(_)) if is_blank_line(&text) => continue,
                Some(Ok(no)) => {
                    let line = text.strip_prefix('\u{FEFF}').unwrap_or(&text).to_string();
                    // Excel's "sep=;" first line names the delimiter; it is no header.
                    if first_content_line.is_none() && excel_sep.is_none() {
                        if let Some(sep) = excel_sep_line(&line) {
                            excel_sep = Some(sep);
                            continue;
                        }
                    }
                    first_content_line.get_or_insert(no);
                    match header_row {
                        Some(wanted) if no < wanted => continue,
                        Some(_) => break Some((no, line)),
                        None => {}
                    }
                    let d = delimiter.or(excel_sep).unwrap_or_else(|| sniff_delimiter(&line));
                    let mapped = match parse_record(&[line.as_str()], d) {
                        Parsed::Record { fields, .. } => required_mapped(fields.iter().map(|f| f.trim()), schema),
                        _ => 0,
                    };
                    if mapped == required {
                        break Some((no, line));
                    }
                    candidates.push((no, line, mapped));
                    if candidates.len() >= HEADER_SEARCH_ROWS {
                        break None;
                    }
                }
            }
        };
        let (header_line_no, header_text) = match found {
            Some(found) => found,
            // No line maps them all: the one that maps the most (the first of
            // those) is taken as the header, for F003 to say what it lacks.
            None => match candidates
                .iter()
                .enumerate()
                .max_by_key(|(i, c)| (c.2, std::cmp::Reverse(*i)))
            {
                Some((i, _)) => {
                    let (no, line, _) = candidates.swap_remove(i);
                    (no, line)
                }
                None => return Err(file::no_data(path, false, lang)),
            },
        };
        let delimiter = delimiter.or(excel_sep).unwrap_or_else(|| sniff_delimiter(&header_text));
        let headers = match parse_record(&[header_text.as_str()], delimiter) {
            Parsed::Record { fields, .. } => fields.into_iter().map(|h| h.trim().to_string()).collect(),
            _ => {
                return Err(file::unreadable(
                    path,
                    &trf!(lang,
                        nl: "de kopregel (regel {header_line_no}) heeft kapotte aanhalingstekens",
                        fr: "la ligne d'en-tête (ligne {header_line_no}) a des guillemets cassés",
                        en: "the header (line {header_line_no}) has broken quoting",
                    ),
                    lang,
                ))
            }
        };
        let mut notes = Vec::new();
        if first_content_line.is_some_and(|first| first < header_line_no) {
            notes.push(title_rows_note(path, header_line_no, lang));
        }
        let map = HeaderMap::new(headers, schema, path, lang)?;
        Ok(CsvRows {
            lines,
            pending: VecDeque::new(),
            spare_lines: Vec::new(),
            record: Record::default(),
            eof: false,
            delimiter,
            map,
            input,
            path: path.to_string(),
            rows: 0,
            lang,
            header_line: header_line_no,
            skipped: 0,
            notes,
            overlong_lines: Vec::new(),
        })
    }

    fn pull_line(&mut self) -> Result<bool, Fatal> {
        if self.eof {
            return Ok(false);
        }
        let mut text = self.spare_lines.pop().unwrap_or_default();
        match self.lines.next_line(&mut text) {
            None => {
                self.eof = true;
                Ok(false)
            }
            Some(Err(e)) => Err(e),
            Some(Ok(line_no)) => {
                if self.lines.overlong {
                    self.overlong_lines.push(line_no);
                }
                self.pending.push_back((line_no, text));
                Ok(true)
            }
        }
    }

    /// Drops the first `count` pending lines, keeping their buffers (but not
    /// the buffer of a freak long line, which would stay allocated for the
    /// rest of the run).
    fn consume_lines(&mut self, count: usize) {
        for _ in 0..count {
            match self.pending.pop_front() {
                Some((_, text)) if text.capacity() <= SPARE_LINE_CAPACITY => self.spare_lines.push(text),
                Some(_) => {}
                None => break,
            }
        }
    }

    /// A record whose quote never closed: its first line, and the lines
    /// after it that cannot be records of their own (the rest of the broken
    /// field: a line that alone has the header's number of fields, or is
    /// blank, is the next record). So one broken multi-line record is one
    /// rejected row, not one per line with a wrong message.
    fn unclosed_quote_record(&mut self) -> RawRow {
        let width = self.map.width();
        let mut lines = 1;
        while let Some((_, text)) = self.pending.get(lines) {
            if is_blank_line(text) {
                break;
            }
            let alone = split_record(
                |i| if i == 0 { Some(text.as_str()) } else { None },
                self.delimiter,
                &mut self.record,
            );
            if matches!(alone, Split::Record { lines: 1 }) && self.record.len() == width {
                break;
            }
            lines += 1;
        }
        let first = self.pending.front().map_or(0, |(n, _)| *n);
        let last = self.pending.get(lines - 1).map_or(first, |(n, _)| *n);
        let mut reason = file::unclosed_quote(self.lang);
        if last > first {
            reason.push_str(&trf!(self.lang,
                nl: " (regels {first}-{last} vormen samen dit ene onleesbare record)",
                fr: " (les lignes {first}-{last} forment ensemble cet unique enregistrement illisible)",
                en: " (lines {first}-{last} make up this one unreadable record)",
            ));
        }
        self.malformed(lines, reason)
    }

    fn malformed(&mut self, consumed: usize, reason: String) -> RawRow {
        let mut taken: Vec<(u64, String)> = Vec::with_capacity(consumed);
        for _ in 0..consumed {
            if let Some(line) = self.pending.pop_front() {
                taken.push(line);
            }
        }
        let line_no = taken.first().map(|(n, _)| *n).unwrap_or(self.lines.line_no);
        // Keep what the user wrote, split naively, so rejected.csv shows it.
        let text = taken.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n");
        let cells = text.split(self.delimiter).map(Cell::Text);
        let mut row = self.map.row_with_capacity(
            cells,
            text.len(),
            Source {
                input: self.input,
                line: line_no,
            },
        );
        row.malformed = Some(reason);
        row
    }
}

/// The F005 reason of a record over [`MAX_RECORD_BYTES`].
fn record_too_long(lang: Lang) -> String {
    let mib = MAX_RECORD_BYTES >> 20;
    trf!(lang,
        nl: "het record is langer dan {mib} MiB; alleen het begin ervan is gelezen",
        fr: "l'enregistrement dépasse {mib} Mio; seul son début a été lu",
        en: "the record is longer than {mib} MiB; only its start was read",
    )
}

/// Why an input read as text is refused when its first bytes are those of a
/// workbook: a zip archive (xlsx, xlsm, xlsb, ods) or an OLE container
/// (xls). A workbook is read from a file with its own extension, never from
/// standard input: a zip archive is read from its end, which a pipe does not
/// have, and taking it as text would only report its bytes as a header.
fn workbook_not_text(head: &[u8], lang: Lang) -> Option<&'static str> {
    let zip = head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06");
    let ole = head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    (zip || ole).then_some(tr!(lang,
        nl: "dit is een werkmap (xlsx, ods of xls), geen tekst (CSV); een werkmap wordt gelezen uit een bestand met \
             de extensie van zijn soort (.xlsx, .ods, .xls), niet via standaardinvoer",
        fr: "ceci est un classeur (xlsx, ods ou xls), pas du texte (CSV); un classeur se lit depuis un fichier \
             portant l'extension de son type (.xlsx, .ods, .xls), pas depuis l'entrée standard",
        en: "this is a workbook (xlsx, ods or xls), not text (CSV); a workbook is read from a file with the \
             extension of its kind (.xlsx, .ods, .xls), not from standard input",
    ))
}

/// A line with no content: only whitespace, delimiters and quotes (Excel
/// writes `;;;;` for an empty row).
fn is_blank_line(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || matches!(c, ';' | ',' | '|' | '"' | '\u{FEFF}'))
}

fn choose_decoding(
    head: &[u8],
    given: Option<TextEncoding>,
) -> (Decoding, Option<&'static encoding_rs::Encoding>, bool) {
    let utf8_bom = head.starts_with(&[0xEF, 0xBB, 0xBF]);
    let le_bom = head.starts_with(&[0xFF, 0xFE]);
    let be_bom = head.starts_with(&[0xFE, 0xFF]);
    match given {
        Some(TextEncoding::Utf8) => (Decoding::Utf8Strict, None, utf8_bom),
        Some(TextEncoding::Windows1252) => (Decoding::Windows1252, None, false),
        Some(TextEncoding::Utf16) => {
            let enc = if be_bom {
                encoding_rs::UTF_16BE
            } else {
                encoding_rs::UTF_16LE
            };
            (Decoding::Utf8Strict, Some(enc), false)
        }
        None if utf8_bom => (Decoding::Utf8Strict, None, true),
        None if le_bom => (Decoding::Utf8Strict, Some(encoding_rs::UTF_16LE), false),
        None if be_bom => (Decoding::Utf8Strict, Some(encoding_rs::UTF_16BE), false),
        // UTF-16 without a BOM still shows itself by its zero bytes around ASCII.
        None => match head {
            [a, 0, b, 0, ..] if *a != 0 && *b != 0 => (Decoding::Utf8Strict, Some(encoding_rs::UTF_16LE), false),
            [0, a, 0, b, ..] if *a != 0 && *b != 0 => (Decoding::Utf8Strict, Some(encoding_rs::UTF_16BE), false),
            _ => (Decoding::Auto { seen_non_ascii: false }, None, false),
        },
    }
}

impl RowSource for CsvRows {
    fn next_row(&mut self) -> Option<Result<RawRow, Fatal>> {
        loop {
            if self.pending.is_empty() {
                match self.pull_line() {
                    Ok(true) => {}
                    Ok(false) => return None,
                    Err(e) => return Some(Err(e)),
                }
            }
            if let Some(&(first, _)) = self.pending.front() {
                if self.overlong_lines.contains(&first) {
                    self.overlong_lines.retain(|n| *n != first);
                    self.rows += 1;
                    let reason = record_too_long(self.lang);
                    return Some(Ok(self.malformed(1, reason)));
                }
            }
            let pending = &self.pending;
            let parsed = split_record(
                |i| pending.get(i).map(|(_, t)| t.as_str()),
                self.delimiter,
                &mut self.record,
            );
            match parsed {
                Split::Record { lines } => {
                    let width = self.record.len();
                    if lines > 1 && width != self.map.width() {
                        // A quote that should have closed on its own line ran
                        // on to a later quote: the record broke on its first line.
                        self.rows += 1;
                        return Some(Ok(self.unclosed_quote_record()));
                    }
                    let &(line_no, _) = self.pending.front()?;
                    let too_long = self.record.fields().position(crate::reader::is_overlong_cell);
                    if let Some(column) = too_long {
                        // A cell over a spreadsheet's limit: the record is
                        // malformed, its cells cut to that limit.
                        let header = self.map.headers.get(column).cloned().unwrap_or_default();
                        let reason = cell_too_long(&header, &(column + 1).to_string(), self.lang);
                        let source = Source {
                            input: self.input,
                            line: line_no,
                        };
                        let mut row = self.map.row_with_capacity(
                            self.record.fields().map(|f| Cell::Text(cut_chars(f, MAX_CELL_CHARS))),
                            MAX_RECORD_BYTES.min(self.record.text_len()),
                            source,
                        );
                        row.malformed = Some(reason);
                        self.consume_lines(lines);
                        self.rows += 1;
                        return Some(Ok(row));
                    }
                    // One search of the record's lines instead of one per cell.
                    let any_nul = self.pending.iter().take(lines).any(|(_, text)| text.contains('\0'));
                    self.consume_lines(lines);
                    if self.record.fields().all(|f| f.trim().is_empty()) {
                        continue;
                    }
                    let source = Source {
                        input: self.input,
                        line: line_no,
                    };
                    if width == self.map.width() && !any_nul {
                        let probe = self.map.row_with_capacity(
                            self.record.fields().map(Cell::Text),
                            self.record.text_len(),
                            source,
                        );
                        if let Some(label) = total_or_remark(&probe, self.record.fields()) {
                            self.skipped += 1;
                            note_skipped_row(&mut self.notes, self.skipped, &self.path, line_no, &label, self.lang);
                            continue;
                        }
                        self.rows += 1;
                        return Some(Ok(probe));
                    }
                    self.rows += 1;
                    let nul = any_nul
                        .then(|| nul_reason(self.record.fields(), &self.map.headers, self.lang))
                        .flatten();
                    let mut row = self.map.row_with_capacity(
                        self.record.fields().map(Cell::Text),
                        self.record.text_len(),
                        source,
                    );
                    if width != self.map.width() {
                        row.malformed = Some(file::wrong_field_count(self.map.width(), width, self.lang));
                    } else if let Some(reason) = nul {
                        row.malformed = Some(reason);
                    }
                    return Some(Ok(row));
                }
                Split::TextAfterQuote { lines } => {
                    self.rows += 1;
                    if lines > 1 {
                        // The "closing" quote belongs to a later line: the
                        // quote on the first line never closed there.
                        return Some(Ok(self.unclosed_quote_record()));
                    }
                    let reason = tr!(self.lang,
                        nl: "tekst na een sluitend aanhalingsteken (\")",
                        fr: "texte après un guillemet fermant (\")",
                        en: "text after a closing quote (\")",
                    )
                    .to_string();
                    return Some(Ok(self.malformed(1, reason)));
                }
                Split::NeedMore => {
                    // The open quoted field can only close at a quote, so a
                    // line without one is taken on without parsing the whole
                    // record again (which made a stray quote cost up to
                    // MAX_RECORD_LINES parses of up to MAX_RECORD_LINES lines).
                    let mut reparse = false;
                    let mut held: usize = self.pending.iter().map(|(_, t)| t.len()).sum();
                    while self.pending.len() < MAX_RECORD_LINES {
                        match self.pull_line() {
                            Ok(true) => {
                                held += self.pending.back().map_or(0, |(_, t)| t.len());
                                if held > MAX_RECORD_BYTES || !self.overlong_lines.is_empty() {
                                    // A record over 1 MiB is not held whole:
                                    // malformed, up to the line that made it so.
                                    let taken = self.pending.len();
                                    let last = self.pending.back().map_or(0, |(n, _)| *n);
                                    self.overlong_lines.retain(|n| *n > last);
                                    self.rows += 1;
                                    let reason = record_too_long(self.lang);
                                    return Some(Ok(self.malformed(taken, reason)));
                                }
                                if self.pending.back().is_some_and(|(_, text)| text.contains('"')) {
                                    reparse = true;
                                    break;
                                }
                            }
                            Ok(false) => break,
                            Err(e) => return Some(Err(e)),
                        }
                    }
                    if reparse {
                        continue;
                    }
                    // An unclosed quote: give up on this record (its first
                    // line and the fragments after it), and read on from the
                    // next line that is a record.
                    self.rows += 1;
                    return Some(Ok(self.unclosed_quote_record()));
                }
            }
        }
    }

    fn info(&self) -> InputInfo {
        InputInfo {
            path: self.path.clone(),
            sheet: None,
            encoding: Some(self.lines.encoding_name().to_string()),
            delimiter: Some(self.delimiter),
            rows: self.rows,
            headers: self.map.headers.clone(),
            extra_columns: self.map.extra_names.clone(),
            columns: self.map.targets.clone(),
            header_line: self.header_line,
            skipped_rows: self.skipped,
            notes: {
                let mut notes = self.notes.clone();
                finish_skipped_notes(&mut notes, self.skipped, &self.path, self.lang);
                notes
            },
        }
    }

    fn header_map(&self) -> &HeaderMap {
        &self.map
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Field;

    const HEADER: &str =
        "werkgever_kbo;werknemer_insz;werknemer_naam;werknemer_voornaam;odb_nummer;aantal;startdatum;einddatum";
    const ROW_A: &str = "0403170701;85073003328;Peeters;An;ODB-0002141;40;01/10/2026;30/06/2027";
    const ROW_B: &str = "0403170701;90021412303;Janssens;Jan;ODB-0002141;40;01/10/2026;30/06/2027";
    const ROW_C: &str = "0202239951;85073003328;Peeters;An;ODB-Z00291;40;01/10/2026;30/06/2027";

    /// Every row of `bytes` read as CSV: (line, first cell, malformed reason).
    fn rows(bytes: Vec<u8>) -> Vec<(u64, String, Option<String>)> {
        let schema = InputSchema::builtin();
        let mut source = CsvRows::open(
            Box::new(std::io::Cursor::new(bytes)),
            "t.csv",
            0,
            &schema,
            None,
            None,
            Lang::En,
        )
        .expect("opens");
        let mut out = Vec::new();
        while let Some(row) = source.next_row() {
            let row = row.expect("no fatal");
            let first = row.cell(Field::ALL[0]).display();
            out.push((row.source.line, first, row.malformed));
        }
        out
    }

    fn lines(bytes: &[u8], capacity: usize) -> Vec<Vec<u8>> {
        let mut reader = BufReader::with_capacity(capacity, bytes);
        let mut out = Vec::new();
        let mut buf = Vec::new();
        while read_line_bytes(&mut reader, &mut buf, MAX_RECORD_BYTES, MAX_LINE_RUN).expect("in memory")
            != LineRead::End
        {
            out.push(std::mem::take(&mut buf));
        }
        out
    }

    #[test]
    fn a_line_over_the_limit_keeps_only_its_start_and_reads_on_to_its_end() {
        let mut text = vec![b'x'; 100];
        text.extend_from_slice(b"\nnext\n");
        let mut reader = BufReader::with_capacity(16, text.as_slice());
        let mut buf = Vec::new();
        assert_eq!(
            read_line_bytes(&mut reader, &mut buf, 10, 1000).unwrap(),
            LineRead::Overlong
        );
        assert_eq!(buf, vec![b'x'; 10]);
        buf.clear();
        assert_eq!(
            read_line_bytes(&mut reader, &mut buf, 10, 1000).unwrap(),
            LineRead::Whole
        );
        assert_eq!(buf, b"next");
        let mut endless = std::io::repeat(0);
        let mut reader = BufReader::with_capacity(4096, &mut endless);
        buf.clear();
        assert_eq!(
            read_line_bytes(&mut reader, &mut buf, 10, 1 << 20).unwrap(),
            LineRead::Endless
        );
        assert_eq!(buf.len(), 10);
    }

    #[test]
    fn excel_sep_lines_name_the_delimiter() {
        assert_eq!(excel_sep_line("sep=;"), Some(';'));
        assert_eq!(excel_sep_line("SEP=,"), Some(','));
        assert_eq!(excel_sep_line("\"sep=;\";;;"), Some(';'));
        assert_eq!(excel_sep_line("sep=;;;;"), Some(';'));
        assert_eq!(excel_sep_line("sep=x"), None);
        assert_eq!(excel_sep_line("separator;KBO"), None);
        assert_eq!(excel_sep_line(HEADER), None);
    }

    #[test]
    fn the_header_is_found_below_title_lines_and_a_sep_line() {
        let text = format!("sep=;\nOverzicht november;;\n\n{HEADER}\n{ROW_A}\nTotaal;;;;;40;;\n{ROW_B}\n");
        let schema = InputSchema::builtin();
        let mut source = CsvRows::open(
            Box::new(std::io::Cursor::new(text.into_bytes())),
            "t.csv",
            0,
            &schema,
            None,
            None,
            Lang::En,
        )
        .expect("opens");
        let mut lines = Vec::new();
        while let Some(row) = source.next_row() {
            lines.push(row.expect("no fatal").source.line);
        }
        // The total line (6) is skipped, not a row.
        assert_eq!(lines, vec![5, 7]);
        let info = source.info();
        assert_eq!((info.header_line, info.rows, info.skipped_rows), (4, 2, 1));
        assert_eq!(info.delimiter, Some(';'));
        assert!(info
            .notes
            .iter()
            .any(|n| n.contains("t.csv:6: total or remark row skipped ('Totaal'")));
    }

    #[test]
    fn the_notes_on_title_lines_and_skipped_rows_are_in_french() {
        let text = format!("Overzicht november;;\n{HEADER}\n{ROW_A}\nTotaal;;;;;40;;\n");
        let schema = InputSchema::builtin();
        let mut source = CsvRows::open(
            Box::new(std::io::Cursor::new(text.into_bytes())),
            "t.csv",
            0,
            &schema,
            None,
            None,
            Lang::Fr,
        )
        .expect("opens");
        while let Some(row) = source.next_row() {
            row.expect("no fatal");
        }
        let notes = source.info().notes;
        assert_eq!(
            notes.first().map(String::as_str),
            Some("t.csv: ligne d'en-tête trouvée à la ligne 2; les lignes au-dessus (titre) sont ignorées")
        );
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with("t.csv:4: ligne de total ou de remarque ignorée ('Totaal'")),
            "{notes:?}"
        );
    }

    #[test]
    fn header_row_given_takes_that_line() {
        let text = format!("{HEADER}\n{ROW_A}\n");
        let schema = InputSchema::builtin();
        let how = CsvOpen {
            header_row: Some(2),
            ..CsvOpen::default()
        };
        let open = |how: &CsvOpen| {
            CsvRows::open_with(
                Box::new(std::io::Cursor::new(text.clone().into_bytes())),
                "t.csv",
                0,
                &schema,
                how,
                Lang::En,
            )
        };
        assert_eq!(open(&how).err().map(|f| f.code.as_str()), Some("F003"));
        let how = CsvOpen {
            header_row: Some(9),
            ..CsvOpen::default()
        };
        assert_eq!(open(&how).err().map(|f| f.code.as_str()), Some("F006"));
    }

    #[test]
    fn lf_crlf_and_lone_cr_all_end_a_line_whatever_the_buffer_size() {
        let text = b"a\nb\r\nc\rd\r\re\r";
        let expected: Vec<Vec<u8>> = ["a", "b", "c", "d", "", "e"]
            .iter()
            .map(|s| s.as_bytes().to_vec())
            .collect();
        // Capacity 1 puts the `\n` of `\r\n` in a buffer of its own.
        for capacity in [1, 2, 3, 64 * 1024] {
            assert_eq!(lines(text, capacity), expected, "capacity {capacity}");
        }
        assert_eq!(lines(b"", 8), Vec::<Vec<u8>>::new());
        assert_eq!(lines(b"no end", 8), vec![b"no end".to_vec()]);
    }

    #[test]
    fn a_lone_cr_between_records_does_not_glue_them_together() {
        let text = format!("{HEADER}\n{ROW_A}\r\n{ROW_B}\r{ROW_C}\n");
        let got = rows(text.into_bytes());
        assert_eq!(
            got,
            vec![
                (2, "0403170701".to_string(), None),
                (3, "0403170701".to_string(), None),
                (4, "0202239951".to_string(), None),
            ]
        );
    }

    #[test]
    fn old_mac_line_ends_are_read() {
        let text = format!("{HEADER}\r{ROW_A}\r{ROW_B}\r");
        let got = rows(text.into_bytes());
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|(_, _, malformed)| malformed.is_none()), "{got:?}");
    }

    #[test]
    fn a_bom_in_the_middle_of_the_file_is_dropped() {
        let mut bytes = format!("{HEADER}\n{ROW_A}\n").into_bytes();
        bytes.extend_from_slice(UTF8_BOM);
        bytes.extend_from_slice(format!("{ROW_C}\n").as_bytes());
        let got = rows(bytes);
        assert_eq!(got[1], (3, "0202239951".to_string(), None));
    }

    #[test]
    fn a_mid_file_bom_does_not_block_windows_1252_later() {
        // The BOM is no sign of UTF-8 content, so a later Windows-1252 line is still read.
        let mut bytes = format!("{HEADER}\n").into_bytes();
        bytes.extend_from_slice(UTF8_BOM);
        bytes.extend_from_slice(format!("{ROW_A}\n").as_bytes());
        bytes.extend_from_slice(b"0403170701;90021412303;M\xFCller;Jan;ODB-0002141;40;01/10/2026;30/06/2027\n");
        let got = rows(bytes);
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|(_, _, malformed)| malformed.is_none()), "{got:?}");
    }

    #[test]
    fn a_quoted_field_over_quote_less_lines_closes_or_loses_only_its_first_line() {
        // Closes after 150 lines without quotes: one record of 151 lines.
        let mut text = format!("{HEADER}\n0403170701;85073003328;\"Peeters");
        for _ in 0..150 {
            text.push_str("\nmore text");
        }
        text.push_str(&format!("\";An;ODB-0002141;40;01/10/2026;30/06/2027\n{ROW_B}\n"));
        let got = rows(text.into_bytes());
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!((got[0].0, &got[0].2), (2, &None));
        assert_eq!((got[1].0, &got[1].2), (153, &None));

        // Never closes within MAX_RECORD_LINES: only its first line is lost;
        // the quote-less lines after it are rows of their own.
        let mut text = format!("{HEADER}\n{}\n", ROW_A.replace("Peeters", "\"Peeters"));
        for _ in 0..(MAX_RECORD_LINES + 50) {
            text.push_str(ROW_B);
            text.push('\n');
        }
        let got = rows(text.into_bytes());
        assert_eq!(got.len(), MAX_RECORD_LINES + 51);
        assert!(
            got[0].2.as_deref().is_some_and(|r| r.contains("never closed")),
            "{:?}",
            got[0]
        );
        assert!(got[1..].iter().all(|(_, _, malformed)| malformed.is_none()));
        assert_eq!(got.last().map(|r| r.0), Some(MAX_RECORD_LINES as u64 + 52));
    }

    #[test]
    fn a_nul_in_a_cell_rejects_the_record_naming_the_column() {
        let text = format!(
            "{HEADER}\n{ROW_A}\n0403170701;90021412303;Jans\0sens;Jan;ODB-0002141;40;01/10/2026;30/06/2027\n{ROW_C}\n"
        );
        let got = rows(text.into_bytes());
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].2, None);
        let reason = got[1].2.clone().unwrap_or_default();
        assert!(reason.contains("NUL") && reason.contains("werknemer_naam"), "{reason}");
        assert_eq!(got[2].2, None);
    }
}
