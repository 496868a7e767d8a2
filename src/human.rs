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
use crate::lang::{count, tr, trf, Lang};
use crate::model::{Diagnostic, RawRow, Severity};
use crate::reader::header::Target;
use crate::reader::InputInfo;
use crate::rules::value::shown_value;
use crate::validate::Batch;
use crate::values::mask::{escape_controls, mask_personal, Keep};
use crate::writer::report::{
    provisional_footnote, rates_note, regulation_line, what_wse_pays, Report, PROVISIONAL_MARK,
};

/// How many diagnostics of one code are shown in full by default
/// (`--max-per-code`).
pub const SHOWN_PER_CODE: usize = 3;

/// The widest stretch of a record shown around the spot.
const SNIPPET_WIDTH: usize = 100;

/// One record as a single line of source code, numbered as in its file.
#[derive(Debug)]
struct RecordSnippet {
    name: String,
    text: String,
    line: usize,
    /// The 0-based index of the column the finding is about (0 for the
    /// record as a whole): miette shows it as `line:column`, a column
    /// number rather than a character count, for CSV and spreadsheets alike.
    column: usize,
}

impl SourceCode for RecordSnippet {
    fn read_span<'a>(
        &'a self,
        _span: &SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, miette::MietteError> {
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            self.text.as_bytes(),
            SourceSpan::new(0.into(), self.text.len()),
            self.line.saturating_sub(1),
            self.column,
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
        // Masked cell by cell before the line is cut to a window: a cut
        // through a number would leave digits no outlet can recognise.
        let cell = mask_personal(&cell);
        let cell = escape_controls(&cell, Keep::VALUE);
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

/// The label of the marked cell: the user's column header, its letter (or
/// sheet cell), the canonical field in brackets when the header differs,
/// and the cell's value (masked as everywhere) or `(leeg)`. A finding about
/// the row as a whole gets no cell label.
fn cell_label(raw: &RawRow, input: &InputInfo, d: &Diagnostic, lang: Lang) -> String {
    let Some(field) = d.field else {
        return tr!(lang, nl: "dit record", fr: "cet enregistrement", en: "this record").to_string();
    };
    // A batch finding carries no value: the cell's own is shown.
    let value = match &d.value {
        Some(value) if !value.is_empty() => value.clone(),
        _ => cell_text(raw, Target::Field(field)),
    };
    let value = value.replace(['\n', '\r', '\t'], " ");
    let value = escape_controls(&value, Keep::VALUE);
    let shown = if value.trim().is_empty() {
        tr!(lang, nl: " (leeg)", fr: " (vide)", en: " (empty)").to_string()
    } else {
        format!(" = {value}")
    };
    let Some(col) = input.columns.iter().position(|t| *t == Target::Field(field)) else {
        return format!("{field}{shown}");
    };
    let letters = column_letters(col);
    let place = match &input.sheet {
        Some(sheet) => format!("{}!{letters}{}", escape_controls(sheet, Keep::VALUE), raw.source.line),
        None => letters,
    };
    let header = input.headers.get(col).map(|h| h.trim()).unwrap_or_default();
    let header = crate::values::mask::quoted(header);
    let header = header.as_str();
    let column = tr!(lang, nl: "kolom", fr: "colonne", en: "column");
    if header.is_empty() || header == field.name() {
        format!("{column} '{}' ({place}){shown}", field.name())
    } else {
        format!("{column} '{header}' ({place}) [{field}]{shown}")
    }
}

fn render_one(
    handler: &GraphicalReportHandler,
    raw: &RawRow,
    input: &InputInfo,
    d: &Diagnostic,
    with_help: bool,
    lang: Lang,
) -> String {
    let (text, span, _) = record_line(raw, input, d.field);
    let line = raw.source.line;
    let field_column = d
        .field
        .and_then(|f| input.columns.iter().position(|t| *t == Target::Field(f)));
    let severity = match d.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    let label = cell_label(raw, input, d, lang);
    let (offset, len) = match span {
        Some((offset, len)) => (offset, len.max(1)),
        None => (0, text.len().max(1)),
    };
    let offset = offset.min(text.len());
    let len = len
        .min(text.len().saturating_sub(offset))
        .max(if text.is_empty() { 0 } else { 1 });
    // Everything from the input is escaped before the renderer adds its
    // colours: the outlet then lets the colours through, and only them.
    let mut diagnostic = MietteDiagnostic::new(escape_controls(&d.message, Keep::VALUE).into_owned())
        .with_code(match Some(crate::rules::rule(d.code)) {
            Some(rule) => format!("{} {}", d.code, rule.name),
            None => d.code.to_string(),
        })
        .with_severity(severity)
        .with_label(LabeledSpan::at(offset..offset + len, label));
    if with_help {
        diagnostic = diagnostic.with_help(escape_controls(&d.help, Keep::TEXT).into_owned());
    }
    let rendered = Rendered {
        diagnostic,
        snippet: RecordSnippet {
            name: escape_controls(&input.path, Keep::VALUE).into_owned(),
            text,
            line: line as usize,
            column: field_column.unwrap_or(0),
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
    Labels {
        rows: tr!(lang, nl: "rijen", fr: "lignes", en: "rows"),
        accepted: tr!(lang, nl: "aanvaard", fr: "acceptées", en: "accepted"),
        rejected: tr!(lang, nl: "geweigerd", fr: "refusées", en: "rejected"),
        already_prepared: tr!(lang, nl: "al voorbereid", fr: "déjà préparées", en: "already prepared"),
        with_warnings: tr!(lang, nl: "met waarschuwing", fr: "avec avertissement", en: "with warnings"),
        last_day: tr!(lang, nl: "eerste deadline", fr: "première échéance", en: "first deadline"),
        code: tr!(lang, nl: "code", fr: "code", en: "code"),
        severity: tr!(lang, nl: "ernst", fr: "gravité", en: "severity"),
        name: tr!(lang, nl: "regel", fr: "règle", en: "rule"),
        employer: tr!(lang, nl: "werkgever (KBO)", fr: "employeur (BCE/KBO)", en: "employer (KBO)"),
        vov_hours: tr!(lang, nl: "VOV-uren", fr: "heures VOV", en: "VOV hours"),
        capped: tr!(lang, nl: "begrensd", fr: "plafonnées", en: "capped"),
        estimate: tr!(lang, nl: "raming EUR", fr: "estimation EUR", en: "estimate EUR"),
    }
}

/// How urgent a finding is, most urgent first: errors, then warnings, then
/// infos; within each, the earliest last day to submit (a row without one
/// last), then the input and line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Urgency {
    severity: std::cmp::Reverse<Severity>,
    /// `(false, day)` for a row with a last day, `(true, MIN)` without.
    last_day: (bool, chrono::NaiveDate),
    input: usize,
    line: u64,
}

impl Urgency {
    pub(crate) fn new(severity: Severity, last_day: Option<chrono::NaiveDate>, input: usize, line: u64) -> Urgency {
        Urgency {
            severity: std::cmp::Reverse(severity),
            last_day: match last_day {
                Some(day) => (false, day),
                None => (true, chrono::NaiveDate::MIN),
            },
            input,
            line,
        }
    }
}

/// One finding kept to be shown, with its row.
struct Example {
    raw: RawRow,
    diagnostic: Diagnostic,
}

/// Keeps the `max` most urgent of what it is offered (every one with
/// `None`), as `(urgency, item)`, in no order; `item` is made only when kept.
pub(crate) fn keep_most_urgent<T>(
    kept: &mut Vec<(Urgency, T)>,
    max: Option<usize>,
    urgency: Urgency,
    item: impl FnOnce() -> T,
) {
    match max {
        Some(0) => {}
        Some(max) if kept.len() >= max => {
            let worst = kept
                .iter()
                .enumerate()
                .max_by_key(|(_, (u, _))| *u)
                .map(|(i, (u, _))| (i, *u));
            if let Some((i, worst)) = worst {
                if urgency < worst {
                    kept[i] = (urgency, item());
                }
            }
        }
        _ => kept.push((urgency, item())),
    }
}

/// The human report, built while the rows are read again: per code the
/// `max_per_code` most urgent findings (errors first, then by last day to
/// submit) are kept with their rows and shown at the end; the rest are
/// counted.
pub struct Collector<'b> {
    batch: &'b Batch,
    handler: GraphicalReportHandler,
    lang: Lang,
    /// Examples per code; `None`: every finding (`--all`).
    max_per_code: Option<usize>,
    /// Whether the run writes files (`prepare`), for the hint after a code
    /// whose findings are not all shown.
    writes_files: bool,
    totals: BTreeMap<crate::code::Code, usize>,
    severities: BTreeMap<crate::code::Code, BTreeSet<Severity>>,
    kept: BTreeMap<crate::code::Code, Vec<(Urgency, Example)>>,
    /// Findings not yet met; at zero the replay may stop.
    pending: usize,
}

impl<'b> Collector<'b> {
    /// A collector showing `max_per_code` findings per code (`None`: all);
    /// `writes_files` for `prepare`, whose files hold every row.
    pub fn new(
        batch: &'b Batch,
        lang: Lang,
        colour: bool,
        max_per_code: Option<usize>,
        writes_files: bool,
    ) -> Collector<'b> {
        let totals = batch.tally.diagnostics_by_code.clone();
        let severities = batch.tally.severities.clone();
        let pending = totals.values().sum();
        Collector {
            batch,
            handler: handler(colour),
            lang,
            max_per_code,
            writes_files,
            totals,
            severities,
            kept: BTreeMap::new(),
            pending,
        }
    }

    /// The whole human report.
    pub fn finish(self, report: &Report<'_>) -> String {
        let lang = self.lang;
        let mut out = String::new();
        // Codes in the order of their most urgent finding.
        let mut groups: Vec<(crate::code::Code, Vec<(Urgency, Example)>)> = self.kept.into_iter().collect();
        for (_, examples) in &mut groups {
            examples.sort_by_key(|(u, _)| *u);
        }
        groups.sort_by_key(|(code, examples)| (examples.first().map(|(u, _)| *u), *code));
        for (code, examples) in &groups {
            // A code's help once: the examples after the first that say the
            // same (two findings of one row, or of two rows) leave it out.
            let mut helped: BTreeSet<&str> = BTreeSet::new();
            for (_, example) in examples {
                if let Some(input) = self.batch.inputs.get(example.raw.source.input) {
                    let help = helped.insert(&example.diagnostic.help);
                    out.push_str(&render_one(
                        &self.handler,
                        &example.raw,
                        input,
                        &example.diagnostic,
                        help,
                        lang,
                    ));
                    out.push('\n');
                }
            }
            let count = self.totals.get(code).copied().unwrap_or_default();
            if count > examples.len() {
                let more = count - examples.len();
                let where_shown = if self.writes_files {
                    tr!(lang,
                        nl: "alle rijen staan in report.json; geweigerde rijen in rejected.csv en rejected.xlsx; --all toont ze hier",
                        fr: "toutes les lignes sont dans report.json; les lignes refusées dans rejected.csv et rejected.xlsx; --all les affiche ici",
                        en: "every row is in report.json; rejected rows in rejected.csv and rejected.xlsx; --all shows them here")
                } else {
                    tr!(lang,
                        nl: "--all toont ze allemaal; prepare schrijft ze in report.json en rejected.csv, check schrijft niets tenzij --report",
                        fr: "--all les affiche toutes; prepare les écrit dans report.json et rejected.csv, check n'écrit rien sauf avec --report",
                        en: "--all shows them all; prepare writes them to report.json and rejected.csv, check writes nothing unless --report")
                };
                let _ = writeln!(
                    out,
                    "{}\n",
                    trf!(lang,
                        nl: "… en nog {more} × {code} ({where_shown})",
                        fr: "… et encore {more} × {code} ({where_shown})",
                        en: "… and {more} more × {code} ({where_shown})")
                );
            }
        }
        // The notes and the summary hold no colour of the tool's: every
        // control character in them (a file name's, a name's) is escaped
        // here, whatever the terminal.
        let tail = render_tail(String::new(), report, &self.severities, lang);
        out.push_str(&escape_controls(&tail, Keep::TEXT));
        out
    }
}

fn render_tail(
    mut out: String,
    report: &Report<'_>,
    severities: &BTreeMap<crate::code::Code, BTreeSet<Severity>>,
    lang: Lang,
) -> String {
    for note in &report.notes {
        let _ = writeln!(
            out,
            "{} {}",
            tr!(lang, nl: "opmerking:", fr: "remarque:", en: "note:"),
            note.message
        );
    }
    if !report.notes.is_empty() {
        out.push('\n');
    }
    out.push_str(&summary(report, severities, lang));
    out
}

fn severity_word(severity: Severity, lang: Lang) -> &'static str {
    severity.word(lang)
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
            Some(sheet) => format!("{} [{sheet}] ({})", i.path, rows_counted(i.rows, lang)),
            None => format!("{} ({})", i.path, rows_counted(i.rows, lang)),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(
        out,
        "{} {} ({}: {})",
        tr!(lang, nl: "Samenvatting", fr: "Résumé", en: "Summary"),
        report.as_of,
        tr!(lang, nl: "invoer", fr: "entrées", en: "inputs"),
        inputs
    );
    let _ = writeln!(out, "{}", regulation_line(&report.regulation, lang));
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
            let code = code.to_string();
            let _ = writeln!(out, "  {code:<6} {severity:<18} {count:>7}  {name}");
        }
    }
    if !s.employers.is_empty() {
        out.push('\n');
        let header = [
            l.employer,
            l.accepted,
            l.rejected,
            l.already_prepared,
            l.last_day,
            l.vov_hours,
            l.capped,
            l.estimate,
        ];
        // A provisional estimate ends in `*`; the others in a space, so
        // that the figures stay aligned, when any is provisional.
        let any_provisional = s.total.estimate_provisional || s.employers.iter().any(|e| e.estimate_provisional);
        let estimate = |amount: &str, provisional: bool| match (any_provisional, provisional) {
            (false, _) => lang.decimal(amount),
            (true, true) => format!("{}{PROVISIONAL_MARK}", lang.decimal(amount)),
            (true, false) => format!("{} ", lang.decimal(amount)),
        };
        // Each column wider than its label where the label is the wider
        // (the French labels are longer than the widths the figures need):
        // two labels of several words never run together.
        let mut widths = [16, 9, 10, 16, 15, 10, 10, 12];
        for (width, label) in widths.iter_mut().zip(header) {
            *width = (*width).max(label.chars().count() + 1);
        }
        employer_line(&mut out, header.map(str::to_string), &widths);
        for e in &s.employers {
            let first_last_day = e
                .first_last_day
                .as_deref()
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .map(crate::values::date::format_be)
                .unwrap_or_else(|| "-".to_string());
            employer_line(
                &mut out,
                [
                    e.kbo.clone(),
                    e.accepted.to_string(),
                    e.rejected.to_string(),
                    e.already_prepared.to_string(),
                    first_last_day,
                    lang.decimal(&e.vov_hours),
                    lang.decimal(&e.capped_hours),
                    estimate(&e.estimated_reimbursement_eur, e.estimate_provisional),
                ],
                &widths,
            );
            if let Some(name) = &e.name {
                let _ = writeln!(out, "    {name}");
            }
        }
        employer_line(
            &mut out,
            [
                tr!(lang, nl: "totaal", fr: "total général", en: "total").to_string(),
                s.accepted.to_string(),
                s.rejected.to_string(),
                s.already_prepared.to_string(),
                String::new(),
                lang.decimal(&s.total.vov_hours),
                lang.decimal(&s.total.capped_hours),
                estimate(&s.total.estimated_reimbursement_eur, s.total.estimate_provisional),
            ],
            &widths,
        );
        if any_provisional {
            let _ = writeln!(out, "  {}", provisional_footnote(lang));
        }
        if let Some(rates) = rates_note(&report.regulation, lang) {
            let _ = writeln!(out, "  {rates}");
        }
        let _ = writeln!(out, "  ({})", what_wse_pays(lang));
    }
    if let Some(written) = written_lines(report, lang) {
        out.push('\n');
        out.push_str(&written);
    }
    out
}

/// One line of the employer table: the employer left-aligned, the figures
/// right-aligned, each in its column's width.
fn employer_line(out: &mut String, cells: [String; 8], widths: &[usize; 8]) {
    out.push_str("  ");
    for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
        let _ = match i {
            0 => write!(out, "{cell:<width$}"),
            _ => write!(out, " {cell:>width$}"),
        };
    }
    out.push('\n');
}

fn rows_counted(n: usize, lang: Lang) -> String {
    count!(lang, n, nl: ("rij", "rijen"), fr: ("ligne", "lignes"), en: ("row", "rows"))
}

/// What `prepare` wrote, one line per kind of file: the uploads (how many,
/// their pattern, how many requests), the rejected rows (CSV and workbook),
/// the reports. `None` when nothing was written into a folder (`check`).
pub(crate) fn written_lines(report: &Report<'_>, lang: Lang) -> Option<String> {
    let rejected = report.rejected_file.as_ref()?;
    let folder = std::path::Path::new(&rejected.path)
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {folder}:",
        tr!(lang, nl: "Geschreven in", fr: "Écrit dans", en: "Written to")
    );
    let requests: usize = report.outputs.iter().map(|o| o.rows).sum();
    let files = report.outputs.len();
    let uploads = count!(lang, files,
        nl: ("upload", "uploads"),
        fr: ("fichier de chargement", "fichiers de chargement"),
        en: ("upload", "uploads"));
    let requests = count!(lang, requests,
        nl: ("aanvraag", "aanvragen"),
        fr: ("demande", "demandes"),
        en: ("request", "requests"));
    let _ = writeln!(out, "  {uploads} (wse-vov_*.csv, {requests})");
    let rows = rows_counted(rejected.rows, lang);
    let _ = writeln!(
        out,
        "  {} ({rows})",
        tr!(lang,
            nl: "rejected.csv en rejected.xlsx",
            fr: "rejected.csv et rejected.xlsx",
            en: "rejected.csv and rejected.xlsx")
    );
    let _ = writeln!(
        out,
        "  {}, {}",
        crate::writer::report::FILE_NAME,
        crate::writer::html::FILE_NAME
    );
    Some(out)
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
        let last_day = row.request.as_deref().map(crate::regulation::last_day_of);
        let source = &row.raw.source;
        for d in &row.diagnostics {
            self.pending = self.pending.saturating_sub(1);
            let urgency = Urgency::new(d.severity, last_day, source.input, source.line);
            let kept = self.kept.entry(d.code).or_default();
            // The row is copied only when the finding is kept.
            keep_most_urgent(kept, self.max_per_code, urgency, || Example {
                raw: row.raw.clone(),
                diagnostic: d.clone(),
            });
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
    fn examples_are_kept_by_urgency_errors_first_then_by_last_day() {
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 12, d);
        let mut kept = Vec::new();
        let offered = [
            (Severity::Info, day(1), 2, "info"),
            (Severity::Warning, day(20), 3, "warning late"),
            (Severity::Error, None, 4, "error without a day"),
            (Severity::Warning, day(5), 5, "warning soon"),
            (Severity::Error, day(9), 6, "error"),
        ];
        for (severity, last_day, line, name) in offered {
            keep_most_urgent(&mut kept, Some(3), Urgency::new(severity, last_day, 0, line), || name);
        }
        kept.sort_by_key(|(u, _)| *u);
        let names: Vec<_> = kept.iter().map(|(_, n)| *n).collect();
        assert_eq!(names, ["error", "error without a day", "warning soon"]);
        // Every one with --all; none with --max-per-code 0.
        let mut all = Vec::new();
        let mut none = Vec::new();
        for (severity, last_day, line, name) in offered {
            keep_most_urgent(&mut all, None, Urgency::new(severity, last_day, 0, line), || name);
            keep_most_urgent(&mut none, Some(0), Urgency::new(severity, last_day, 0, line), || name);
        }
        assert_eq!(all.len(), 5);
        assert!(none.is_empty());
        // Same severity and day: the input order.
        assert!(Urgency::new(Severity::Error, day(9), 0, 3) < Urgency::new(Severity::Error, day(9), 0, 4));
    }

    #[test]
    fn counts_use_the_thousands_separator_and_the_plural() {
        assert_eq!(rows_counted(1, Lang::Nl), "1 rij");
        assert_eq!(rows_counted(1234, Lang::Nl), "1.234 rijen");
        assert_eq!(rows_counted(1234, Lang::En), "1,234 rows");
        // French: a narrow no-break space between thousands, the singular for zero.
        assert_eq!(rows_counted(1234, Lang::Fr), "1\u{202f}234 lignes");
        assert_eq!(rows_counted(0, Lang::Fr), "0 ligne");
        assert_eq!(rows_counted(1_000_000, Lang::Fr), "1\u{202f}000\u{202f}000 lignes");
    }

    #[test]
    fn the_summary_speaks_french_with_its_columns_aligned() {
        let names = crate::state::NameBook::default();
        let report = crate::writer::report::sample(&names);
        let severities = BTreeMap::from([
            (crate::code::Code::R206, BTreeSet::from([Severity::Warning])),
            (crate::code::Code::X301, BTreeSet::from([Severity::Error])),
        ]);
        let text = render_tail(String::new(), &report, &severities, Lang::Fr);
        let expected = "\
remarque: une remarque

Résumé 2026-11-22 (entrées: payroll.csv (1\u{202f}234 lignes))
Réglementation: tableau intégré (édition 2026-12-07); provisoire dans ce lot: 2026-2027 (montants et seuils reportés jusqu'à la publication de la réglementation de cette année)
  lignes                  1234
  acceptées               1200
  refusées                  30
  déjà préparées             4
  avec avertissement        12

  code   gravité             lignes  règle
  R206   avertissement           12  deadline-near
  X301   erreur                  30  duplicate-request

  employeur (BCE/KBO)   acceptées   refusées   déjà préparées  première échéance  heures VOV  plafonnées  estimation EUR
  0403170701                 1000         30                0         31/12/2026     6000,00     5900,00       87969,00\u{20}
    Acme NV
  0202239951                  200          0                0         31/12/2026     1234,50     1234,50       18406,40*
  total général              1200         30                4                        7234,50     7134,50      106375,40*
  * estimation au montant horaire provisoire d'une année scolaire dont la réglementation n'est pas encore publiée: elle peut encore changer
  Estimation par heure plafonnée: 2025-2026: EUR 14,91; 2026-2027: EUR 14,91 (provisoire)
  (le WSE ne paie que les heures également déclarées dans la DmfA et attestées par l'opérateur de formation)

Écrit dans /tmp/out:
  2 fichiers de chargement (wse-vov_*.csv, 1\u{202f}200 demandes)
  rejected.csv et rejected.xlsx (30 lignes)
  report.json, report.html
";
        assert_eq!(text, expected, "\n{text}");
    }

    #[test]
    fn the_regulation_line_names_the_table_and_the_provisional_years_in_each_language() {
        use crate::regulation::{Origin, Regulation, BUILT_IN_TEXT};
        use crate::writer::report::RegulationBlock;
        // 2018-2019, before VOV began (R202), has no figures to name.
        let built_in = RegulationBlock::of(Regulation::built_in(), [2018, 2024, 2025, 2026]);
        assert_eq!(
            regulation_line(&built_in, Lang::Nl),
            "Regelgeving: ingebouwde tabel (editie 2026-12-07); voorlopig in deze batch: 2026-2027 \
             (bedragen en drempels overgenomen tot de regelgeving van dat jaar gepubliceerd is)"
        );
        assert_eq!(
            regulation_line(&built_in, Lang::Fr),
            "Réglementation: tableau intégré (édition 2026-12-07); provisoire dans ce lot: 2026-2027 \
             (montants et seuils reportés jusqu'à la publication de la réglementation de cette année)"
        );
        assert_eq!(
            rates_note(&built_in, Lang::Nl).as_deref(),
            Some(
                "Raming per begrensd uur: 2024-2025: EUR 21,30; 2025-2026: EUR 14,91; 2026-2027: EUR 14,91 (voorlopig)"
            )
        );
        assert_eq!(
            rates_note(&built_in, Lang::Fr).as_deref(),
            Some("Estimation par heure plafonnée: 2024-2025: EUR 21,30; 2025-2026: EUR 14,91; 2026-2027: EUR 14,91 (provisoire)")
        );
        assert_eq!(
            rates_note(&built_in, Lang::En).as_deref(),
            Some("Estimate per capped hour: 2024-2025: EUR 21.30; 2025-2026: EUR 14.91; 2026-2027: EUR 14.91 (provisional)")
        );
        // A user's table, without an edition, and a batch of confirmed years only.
        let text = BUILT_IN_TEXT.replace("edition = \"2026-12-07\"", "");
        let own = Regulation::parse(&text, Origin::File("/srv/vov/regelgeving.toml".to_string())).unwrap();
        let own = RegulationBlock::of(&own, [2024]);
        assert_eq!(
            regulation_line(&own, Lang::Nl),
            "Regelgeving: tabel uit /srv/vov/regelgeving.toml; geen voorlopig schooljaar in deze batch"
        );
        assert_eq!(
            regulation_line(&own, Lang::Fr),
            "Réglementation: tableau du fichier /srv/vov/regelgeving.toml; aucune année scolaire provisoire dans ce lot"
        );
        assert_eq!(
            regulation_line(&own, Lang::En),
            "Regulation: table from /srv/vov/regelgeving.toml; no provisional school year in this batch"
        );
        // No typed request: no rate to name.
        assert_eq!(
            rates_note(&RegulationBlock::of(&Regulation::built_in().clone(), []), Lang::Nl),
            None
        );
    }

    #[test]
    fn french_counts_no_upload_in_the_singular() {
        let names = crate::state::NameBook::default();
        let mut empty = crate::writer::report::sample(&names);
        empty.outputs.clear();
        let written = written_lines(&empty, Lang::Fr).unwrap_or_default();
        assert!(
            written.contains("0 fichier de chargement (wse-vov_*.csv, 0 demande)"),
            "{written}"
        );
        assert_eq!(severity_word(Severity::Error, Lang::Fr), "erreur");
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
