//! Splitting decoded text lines into CSV records.
//!
//! The `csv` crate is lenient by design: an unclosed quote swallows the rest
//! of the file into one field. A payroll export with one broken row must lose
//! that row only, so this parser works on physical lines and can give up on a
//! record at its first line and start again on the next.

/// The longest a quoted field may run over lines before the record is taken
/// to be broken (an unclosed quote), so one stray quote cannot swallow the
/// rest of a file.
pub const MAX_RECORD_LINES: usize = 200;

/// What [`parse_record`] made of the lines at hand: a record, a need for
/// more lines, or a broken record.
#[derive(Debug, PartialEq, Eq)]
pub enum Parsed {
    /// A whole record, built from the first `lines` physical lines.
    Record {
        /// The record's fields, unquoted.
        fields: Vec<String>,
        /// How many physical lines the record took.
        lines: usize,
    },
    /// A quoted field is still open at the end of the lines given.
    NeedMore,
    /// Text follows a closing quote on the `lines`-th physical line: the
    /// record is broken up to the end of that line.
    TextAfterQuote {
        /// The physical line (1-based, from the record's first) with the
        /// stray text.
        lines: usize,
    },
}

/// As [`Parsed`], with the fields left in a [`Record`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// A whole record, now in the [`Record`] given.
    Record {
        /// How many physical lines the record took.
        lines: usize,
    },
    /// A quoted field is still open at the end of the lines given.
    NeedMore,
    /// Text follows a closing quote: the record is broken up to the end of
    /// that line.
    TextAfterQuote {
        /// The physical line (1-based, from the record's first) with the
        /// stray text.
        lines: usize,
    },
}

/// The fields of one record, unquoted, in one reused buffer: the reader
/// splits a million records without allocating per field.
#[derive(Debug, Default)]
pub struct Record {
    text: String,
    ends: Vec<usize>,
}

impl Record {
    /// The number of fields in the record.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the record has no fields at all (nothing split into it yet).
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The record's fields, in order.
    pub fn fields(&self) -> impl Iterator<Item = &str> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .map(|(start, end)| self.text.get(start..end).unwrap_or_default())
    }

    /// The length of all fields together (a row's text buffer is sized to it).
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    fn end_field(&mut self) {
        self.ends.push(self.text.len());
    }
}

/// Parses one record from the start of `lines` (each without its line end).
pub fn parse_record<S: AsRef<str>>(lines: &[S], delimiter: char) -> Parsed {
    let mut record = Record::default();
    match split_record(|i| lines.get(i).map(AsRef::as_ref), delimiter, &mut record) {
        Split::Record { lines } => Parsed::Record {
            fields: record.fields().map(String::from).collect(),
            lines,
        },
        Split::NeedMore => Parsed::NeedMore,
        Split::TextAfterQuote { lines } => Parsed::TextAfterQuote { lines },
    }
}

/// Splits one record from the start of the lines `line_at(0)`, `line_at(1)`,
/// ... (each without its line end) into `record`.
pub fn split_record<'l>(line_at: impl Fn(usize) -> Option<&'l str>, delimiter: char, record: &mut Record) -> Split {
    record.clear();
    let mut line_index = 0;
    let Some(first) = line_at(0) else {
        return Split::NeedMore;
    };
    // Most records hold no quote at all: split them without the state machine.
    if !first.contains('"') {
        record.text.reserve(first.len());
        for field in first.split(delimiter) {
            record.text.push_str(field);
            record.end_field();
        }
        return Split::Record { lines: 1 };
    }
    let mut chars = first.chars().peekable();
    let mut at_field_start = true;
    let mut in_quotes = false;
    loop {
        let Some(c) = chars.next() else {
            if in_quotes {
                line_index += 1;
                match line_at(line_index) {
                    Some(next) => {
                        record.text.push('\n');
                        chars = next.chars().peekable();
                        continue;
                    }
                    None => return Split::NeedMore,
                }
            }
            record.end_field();
            return Split::Record { lines: line_index + 1 };
        };
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    record.text.push('"');
                } else {
                    in_quotes = false;
                    match chars.peek() {
                        None => {}
                        Some(&next) if next == delimiter => {}
                        Some(_) => return Split::TextAfterQuote { lines: line_index + 1 },
                    }
                }
            } else {
                record.text.push(c);
            }
            continue;
        }
        if c == delimiter {
            record.end_field();
            at_field_start = true;
            continue;
        }
        if c == '"' && at_field_start {
            in_quotes = true;
            at_field_start = false;
            continue;
        }
        at_field_start = false;
        record.text.push(c);
    }
}

/// Counts `candidate` outside quotes in one line (for delimiter sniffing).
pub fn count_outside_quotes(line: &str, candidate: char) -> usize {
    let mut in_quotes = false;
    let mut count = 0;
    for c in line.chars() {
        if c == '"' {
            in_quotes = !in_quotes;
        } else if c == candidate && !in_quotes {
            count += 1;
        }
    }
    count
}

/// The delimiter a header line uses, among `;` `,` tab `|`: the one that
/// occurs most often outside quotes; on a tie the earlier in that list (`;`
/// is what Excel writes on Belgian Windows).
pub fn sniff_delimiter(header_line: &str) -> char {
    let mut best = (';', 0);
    for candidate in [';', ',', '\t', '|'] {
        let count = count_outside_quotes(header_line, candidate);
        if count > best.1 {
            best = (candidate, count);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(lines: &[&str]) -> Parsed {
        parse_record(lines, ';')
    }

    fn fields(v: &[&str], lines: usize) -> Parsed {
        Parsed::Record {
            fields: v.iter().map(|s| s.to_string()).collect(),
            lines,
        }
    }

    #[test]
    fn plain_and_quoted_fields() {
        assert_eq!(record(&["a;b;c"]), fields(&["a", "b", "c"], 1));
        assert_eq!(record(&["\"a;1\";\"b\"\"x\";"]), fields(&["a;1", "b\"x", ""], 1));
        assert_eq!(record(&[""]), fields(&[""], 1));
        assert_eq!(record(&["5\" scherm;x"]), fields(&["5\" scherm", "x"], 1));
    }

    #[test]
    fn quoted_field_over_lines() {
        assert_eq!(record(&["a;\"b", "c\";d", "e"]), fields(&["a", "b\nc", "d"], 2));
        assert_eq!(record(&["a;\"b"]), Parsed::NeedMore);
    }

    #[test]
    fn text_after_closing_quote_is_malformed() {
        assert_eq!(record(&["a;\"b\"c;d"]), Parsed::TextAfterQuote { lines: 1 });
        assert_eq!(record(&["a;\"b", "x\"c;d"]), Parsed::TextAfterQuote { lines: 2 });
    }

    #[test]
    fn sniffing_prefers_the_most_frequent_then_semicolon() {
        assert_eq!(sniff_delimiter("a;b;c"), ';');
        assert_eq!(sniff_delimiter("a,b,c"), ',');
        assert_eq!(sniff_delimiter("a\tb\tc"), '\t');
        assert_eq!(sniff_delimiter("a|b|c"), '|');
        assert_eq!(sniff_delimiter("\"a,b\";c"), ';');
        assert_eq!(sniff_delimiter("abc"), ';');
        assert_eq!(sniff_delimiter("a;b,c"), ';');
    }
}
