//! The human report: every problem row with its exact spot (file:line, the
//! column, the value, INSZ masked), what is wrong and how to fix it, rendered
//! by miette; a few per code, then how many more; then a summary table.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteSpanContents, SourceCode, SourceSpan,
    SpanContents,
};

use crate::assemble::Verdict;
use crate::field::Field;
use crate::lang::Lang;
use crate::model::{Diagnostic, RawRow, Severity};
use crate::reader::header::Target;
use crate::reader::InputInfo;
use crate::rules::value::shown_value;
use crate::validate::Batch;
use crate::writer::report::Report;

/// How many diagnostics of one code are shown in full.
pub const SHOWN_PER_CODE: usize = 3;

/// The widest stretch of a record shown around the spot.
const SNIPPET_WIDTH: usize = 100;

/// One record as a single line of source code, numbered as in its file.
#[derive(Debug)]
struct RecordSnippet {
    name: String,
    text: String,
    line: usize,
    /// Characters cut off the front of the record by the window.
    column_shift: usize,
    /// A spreadsheet's column index, which says more than a character count.
    sheet_column: Option<usize>,
}

impl SourceCode for RecordSnippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, miette::MietteError> {
        let column = match self.sheet_column {
            Some(col) => col,
            None => self.column_shift + self.text.get(..span.offset()).map_or(0, |s| s.chars().count()),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            self.text.as_bytes(),
            SourceSpan::new(0.into(), self.text.len()),
            self.line.saturating_sub(1),
            column,
            1,
        )))
    }
}

#[derive(Debug)]
struct Rendered {
    diagnostic: MietteDiagnostic,
    snippet: RecordSnippet,
}

impl std::fmt::Display for Rendered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.diagnostic, f)
    }
}

impl std::error::Error for Rendered {}

impl miette::Diagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diagnostic.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.diagnostic.severity
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diagnostic.help()
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.snippet)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.diagnostic.labels()
    }
}

/// Spreadsheet column letters of a 0-based column index (0 → A, 26 → AA).
pub fn column_letters(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'A' + (index % 26) as u8));
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.iter().rev().collect()
}

/// Whether a cell holds what may be a national number: 11 digits once
/// separators are taken out. Shown masked wherever it stands, since in a
/// malformed record it may have shifted out of its column.
fn looks_like_insz(text: &str) -> bool {
    let mut digits = 0;
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits += 1;
        } else if !matches!(c, ' ' | '.' | '-' | '/') {
            return false;
        }
    }
    digits == 11
}

fn cell_text(raw: &RawRow, target: Target) -> String {
    let text = raw_cell_text(raw, target);
    if looks_like_insz(&text) && target != Target::Field(Field::WerknemerInsz) {
        shown_value(Field::WerknemerInsz, &text)
    } else {
        text
    }
}

fn raw_cell_text(raw: &RawRow, target: Target) -> String {
    match target {
        Target::Field(field) => {
            let text = raw.cell(field).display();
            if field.is_personal() && !text.trim().is_empty() {
                shown_value(field, &text)
            } else {
                text
            }
        }
        Target::Extra(i) => raw.extra(i).display(),
        Target::Origin => raw.origin().unwrap_or_default().to_string(),
        Target::Annotation => String::new(),
    }
}

/// The record as the user wrote it (personal data masked), with the byte
/// range of `field` in it, cut to a window around that field when long.
fn record_line(raw: &RawRow, input: &InputInfo, field: Option<Field>) -> (String, Option<(usize, usize)>, usize) {
    let separator = match input.delimiter {
        Some('\t') => "→".to_string(),
        Some(d) => d.to_string(),
        None => " | ".to_string(),
    };
    let mut text = String::new();
    let mut span = None;
    for (i, target) in input.columns.iter().enumerate() {
        if i > 0 {
            text.push_str(&separator);
        }
        let cell = cell_text(raw, *target).replace(['\n', '\r', '\t'], " ");
        let start = text.len();
        text.push_str(&cell);
        if field.is_some() && *target == Target::Field(field.unwrap_or(Field::WerkgeverKbo)) {
            span = Some((start, text.len() - start));
        }
    }
    window(text, span)
}

/// Cuts `text` to about `SNIPPET_WIDTH` characters around `span`; also
/// returns how many characters were cut off the front.
fn window(text: String, span: Option<(usize, usize)>) -> (String, Option<(usize, usize)>, usize) {
    if text.chars().count() <= SNIPPET_WIDTH {
        return (text, span, 0);
    }
    let (span_start, span_len) = span.unwrap_or((0, 0));
    let mut start = span_start.saturating_sub(SNIPPET_WIDTH / 3);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + SNIPPET_WIDTH).max(span_start + span_len).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let prefix = if start > 0 { "…" } else { "" };
    let suffix = if end < text.len() { "…" } else { "" };
    let cut = format!("{prefix}{}{suffix}", &text[start..end]);
    let span = span.map(|(s, l)| (s - start + prefix.len(), l));
    let shift = text[..start].chars().count().saturating_sub(prefix.chars().count());
    (cut, span, shift)
}

fn render_one(handler: &GraphicalReportHandler, raw: &RawRow, input: &InputInfo, d: &Diagnostic, lang: Lang) -> String {
    let (text, span, column_shift) = record_line(raw, input, d.field);
    let line = raw.source.line;
    let field_column = d
        .field
        .and_then(|f| input.columns.iter().position(|t| *t == Target::Field(f)));
    let cell_ref = match (&input.sheet, field_column) {
        (Some(sheet), Some(col)) => format!(" ({sheet}!{}{line})", column_letters(col)),
        _ => String::new(),
    };
    let severity = match d.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    let label = match (d.field, &d.value) {
        (Some(field), Some(value)) if !value.is_empty() => format!("{field} = {value}{cell_ref}"),
        (Some(field), _) => lang.pick_fmt(
            format_args!("{field} (leeg){cell_ref}"),
            format_args!("{field} (empty){cell_ref}"),
        ),
        (None, _) => lang.pick("dit record".to_string(), "this record".to_string()),
    };
    let (offset, len) = match span {
        Some((offset, len)) => (offset, len.max(1)),
        None => (0, text.len().max(1)),
    };
    let offset = offset.min(text.len());
    let len = len
        .min(text.len().saturating_sub(offset))
        .max(if text.is_empty() { 0 } else { 1 });
    let diagnostic = MietteDiagnostic::new(d.message.clone())
        .with_code(match Some(crate::rules::rule(d.code)) {
            Some(rule) => format!("{} {}", d.code, rule.name),
            None => d.code.to_string(),
        })
        .with_severity(severity)
        .with_help(d.help.clone())
        .with_label(LabeledSpan::at(offset..offset + len, label));
    let rendered = Rendered {
        diagnostic,
        snippet: RecordSnippet {
            name: input.path.clone(),
            text,
            line: line as usize,
            column_shift,
            sheet_column: input.sheet.as_ref().and(field_column),
        },
    };
    let mut out = String::new();
    if handler.render_report(&mut out, &rendered).is_err() {
        let _ = writeln!(out, "{}:{line}: {} [{}]", rendered.snippet.name, d.message, d.code);
    }
    out
}

/// A handler for the terminal (colours) or for files and pipes (none).
pub fn handler(colour: bool) -> GraphicalReportHandler {
    let theme = if colour {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(110)
        .with_links(false)
}

struct Labels {
    rows: &'static str,
    accepted: &'static str,
    rejected: &'static str,
    already_prepared: &'static str,
    with_warnings: &'static str,
    last_day: &'static str,
    code: &'static str,
    severity: &'static str,
    name: &'static str,
    employer: &'static str,
    vov_hours: &'static str,
    capped: &'static str,
    estimate: &'static str,
}

fn labels(lang: Lang) -> Labels {
    match lang {
        Lang::Nl => Labels {
            rows: "rijen",
            accepted: "aanvaard",
            rejected: "geweigerd",
            already_prepared: "al voorbereid",
            with_warnings: "met waarschuwing",
            last_day: "eerste deadline",
            code: "code",
            severity: "ernst",
            name: "regel",
            employer: "werkgever (KBO)",
            vov_hours: "VOV-uren",
            capped: "begrensd",
            estimate: "raming EUR",
        },
        Lang::En => Labels {
            rows: "rows",
            accepted: "accepted",
            rejected: "rejected",
            already_prepared: "already prepared",
            with_warnings: "with warnings",
            last_day: "first deadline",
            code: "code",
            severity: "severity",
            name: "rule",
            employer: "employer (KBO)",
            vov_hours: "VOV hours",
            capped: "capped",
            estimate: "estimate EUR",
        },
    }
}

/// The human report, built while the rows are read again: each diagnostic
/// is shown with its record until a code has been shown `SHOWN_PER_CODE`
/// times; the rest are counted.
pub struct Collector<'b> {
    batch: &'b Batch,
    handler: GraphicalReportHandler,
    lang: Lang,
    totals: BTreeMap<crate::code::Code, usize>,
    severities: BTreeMap<crate::code::Code, BTreeSet<Severity>>,
    seen: BTreeMap<crate::code::Code, usize>,
    /// Diagnostics still to be shown; at zero the replay may stop.
    pending: usize,
    out: String,
}

impl<'b> Collector<'b> {
    pub fn new(batch: &'b Batch, lang: Lang, colour: bool) -> Collector<'b> {
        let totals = batch.tally.diagnostics_by_code.clone();
        let severities = batch.tally.severities.clone();
        let pending = totals.values().map(|n| (*n).min(SHOWN_PER_CODE)).sum();
        Collector {
            batch,
            handler: handler(colour),
            lang,
            totals,
            severities,
            seen: BTreeMap::new(),
            pending,
            out: String::new(),
        }
    }

    /// The whole human report.
    pub fn finish(self, report: &Report<'_>) -> String {
        let lang = self.lang;
        let mut out = self.out;
        let mut any_more = false;
        for (code, count) in &self.totals {
            if *count > SHOWN_PER_CODE {
                any_more = true;
                let more = count - SHOWN_PER_CODE;
                let _ = writeln!(
                    out,
                    "{}",
                    lang.pick_fmt(
                        format_args!(
                            "… en nog {more} × {code} (alle rijen staan in report.json; geweigerde rijen in rejected.csv)"
                        ),
                        format_args!("… and {more} more × {code} (every row is in report.json; rejected rows in rejected.csv)"),
                    )
                );
            }
        }
        if any_more {
            out.push('\n');
        }
        render_tail(out, report, &self.severities, lang)
    }
}

fn render_tail(
    mut out: String,
    report: &Report<'_>,
    severities: &BTreeMap<crate::code::Code, BTreeSet<Severity>>,
    lang: Lang,
) -> String {
    for note in &report.notes {
        let _ = writeln!(out, "{} {}", lang.pick("opmerking:", "note:"), note.message);
    }
    if !report.notes.is_empty() {
        out.push('\n');
    }
    out.push_str(&summary(report, severities, lang));
    out
}

fn severity_word(severity: Severity, lang: Lang) -> &'static str {
    match severity {
        Severity::Error => lang.pick("fout", "error"),
        Severity::Warning => lang.pick("waarschuwing", "warning"),
        Severity::Info => "info",
    }
}

/// The summary table: counts, per code, per employer, files written.
pub fn summary(
    report: &Report<'_>,
    severities: &BTreeMap<crate::code::Code, BTreeSet<Severity>>,
    lang: Lang,
) -> String {
    let l = labels(lang);
    let s = &report.summary;
    let mut out = String::new();
    let inputs = report
        .inputs
        .iter()
        .map(|i| match &i.sheet {
            Some(sheet) => format!("{} [{sheet}] ({} {})", i.path, i.rows, l.rows),
            None => format!("{} ({} {})", i.path, i.rows, l.rows),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(
        out,
        "{} {} ({}: {})",
        lang.pick("Samenvatting", "Summary"),
        report.as_of,
        lang.pick("invoer", "inputs"),
        inputs
    );
    let width = [l.rows, l.accepted, l.rejected, l.with_warnings]
        .iter()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(8);
    for (label, value) in [
        (l.rows, s.rows),
        (l.accepted, s.accepted),
        (l.rejected, s.rejected),
        (l.already_prepared, s.already_prepared),
        (l.with_warnings, s.with_warnings),
    ] {
        let _ = writeln!(out, "  {label:<width$}  {value:>8}");
    }
    if !s.by_code.is_empty() {
        out.push('\n');
        let _ = writeln!(out, "  {:<6} {:<18} {:>7}  {}", l.code, l.severity, l.rows, l.name);
        for (code, count) in &s.by_code {
            let name = crate::rules::rule(*code).name;
            let severity = severities
                .get(code)
                .map(|set| {
                    set.iter()
                        .rev()
                        .map(|sev| severity_word(*sev, lang))
                        .collect::<Vec<_>>()
                        .join("/")
                })
                .unwrap_or_default();
            let _ = writeln!(out, "  {code:<6} {severity:<18} {count:>7}  {name}");
        }
    }
    if !s.employers.is_empty() {
        out.push('\n');
        let _ = writeln!(
            out,
            "  {:<16} {:>9} {:>10} {:>16} {:>15} {:>10} {:>10} {:>12}",
            l.employer, l.accepted, l.rejected, l.already_prepared, l.last_day, l.vov_hours, l.capped, l.estimate
        );
        for e in &s.employers {
            let first_last_day = e
                .first_last_day
                .as_deref()
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .map(crate::values::date::format_be)
                .unwrap_or_else(|| "-".to_string());
            let _ = writeln!(
                out,
                "  {:<16} {:>9} {:>10} {:>16} {:>15} {:>10} {:>10} {:>12}",
                e.kbo,
                e.accepted,
                e.rejected,
                e.already_prepared,
                first_last_day,
                e.vov_hours,
                e.capped_hours,
                e.estimated_reimbursement_eur
            );
            if let Some(name) = &e.name {
                let _ = writeln!(out, "    {name}");
            }
        }
        let _ = writeln!(
            out,
            "  {:<16} {:>9} {:>10} {:>16} {:>15} {:>10} {:>10} {:>12}",
            lang.pick("totaal", "total"),
            s.accepted,
            s.rejected,
            s.already_prepared,
            "",
            s.total.vov_hours,
            s.total.capped_hours,
            s.total.estimated_reimbursement_eur
        );
        let _ = writeln!(
            out,
            "  {}",
            lang.pick(
                "(raming: 21,30 EUR per begrensd uur; WSE betaalt enkel uren die ook in de DmfA staan en door de opleider geattesteerd zijn)",
                "(estimate: EUR 21.30 per capped hour; WSE pays only hours also declared in DmfA and attested by the training provider)"
            )
        );
    }
    if !report.outputs.is_empty() || report.rejected_file.is_some() {
        out.push('\n');
        let _ = writeln!(out, "{}", lang.pick("Geschreven:", "Written:"));
        for o in &report.outputs {
            let _ = writeln!(out, "  {} ({} {})", o.path, o.rows, l.rows);
        }
        if let Some(r) = &report.rejected_file {
            let _ = writeln!(out, "  {} ({} {})", r.path, r.rows, l.rows);
        }
    }
    out
}

impl crate::pipeline::RowObserver for Collector<'_> {
    /// Whether the rows still to come can add anything.
    fn wants_more(&self) -> bool {
        self.pending > 0
    }

    fn visit(&mut self, row: &Verdict) {
        if row.diagnostics.is_empty() || self.pending == 0 {
            return;
        }
        let Some(input) = self.batch.inputs.get(row.source().input) else {
            return;
        };
        let raw = &row.raw;
        for d in &row.diagnostics {
            let count = self.seen.entry(d.code).or_default();
            *count += 1;
            if *count <= SHOWN_PER_CODE {
                self.out.push_str(&render_one(&self.handler, raw, input, d, self.lang));
                self.out.push('\n');
                self.pending = self.pending.saturating_sub(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_numbers_are_recognised_in_any_column() {
        assert!(looks_like_insz("85.07.30-033.28"));
        assert!(looks_like_insz("85073003328"));
        assert!(!looks_like_insz("0403170701"));
        assert!(!looks_like_insz("BE68539007547034"));
        assert!(!looks_like_insz("Peeters"));
    }

    #[test]
    fn column_letters_like_a_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn window_keeps_the_span_on_char_boundaries() {
        let text = "é".repeat(200);
        let (cut, span, shift) = window(text, Some((300, 2)));
        let (start, len) = span.unwrap();
        // The column shown is the column in the uncut record.
        assert_eq!(shift + cut[..start].chars().count(), 150);
        assert_eq!(&cut[start..start + len], "é");
    }
}
