//! `report.html`: one self-contained page for people (a clerk, an employer
//! client): the batch summary with a chart of the rows by status per
//! employer, and per employer the counts, hours, estimated reimbursement,
//! the requests by last day to submit on a 90-day timeline, and the rejected
//! rows with what to fix.
//!
//! No script, no network: inline CSS and SVG only, with a print style for
//! A4. The template is `maud`'s, checked at compile time and escaping every
//! value. Every text taken from the input passes [`mask_personal`] (INSZ
//! columns [`mask_raw`], which masks invalid numbers too), and the page
//! passes the masking writer once more on its way to disk.
//!
//! The page stays small for any batch: the rows are seen one at a time
//! ([`HtmlReport::visit`]) and only the first [`ROWS_PER_EMPLOYER`] per
//! employer and [`ROWS_IN_ALL`] in all are kept (the requests due first, the
//! rejected rows in input order); the rest are counted and named.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use tempfile::TempPath;

use crate::field::Field;
use crate::figures::two_decimals;
use crate::lang::{count, tr, trf, Lang};
use crate::model::Severity;
use crate::validate::Batch;
use crate::values::insz::mask_raw;
use crate::values::mask::{escape_controls, mask_personal, Keep, MaskingWriter};
use crate::values::odb::Odb;
use crate::writer::report::{provisional_footnote, rates_note, regulation_line, what_wse_pays, PROVISIONAL_MARK};
use crate::writer::report::{EmployerSummary, Report};
use crate::writer::temp_file;

use crate::view::Verdict;
pub use crate::view::{Brief, Warned};

/// The page's file name in `--out`.
pub const FILE_NAME: &str = "report.html";

/// Requests (and rejected rows) listed per employer at most.
pub const ROWS_PER_EMPLOYER: usize = 200;

/// Requests (and rejected rows) listed in the whole page at most.
pub const ROWS_IN_ALL: usize = 1000;

/// Employers with a section of their own at most (the most urgent first).
pub const EMPLOYER_SECTIONS: usize = 200;

/// Employers in the summary chart at most (those with the most rows).
const CHART_EMPLOYERS: usize = 25;

/// Days the timeline shows from the as-of date.
const HORIZON_DAYS: usize = 90;

/// The most of one text from the input the page shows, in characters: the
/// page stays small whatever the input (a cell of 32,767 characters, a
/// malformed record of a megabyte).
const PAGE_TEXT_CHARS: usize = 1_000;

/// A text for the page: personal numbers masked (wherever they stand),
/// control characters escaped, cut to [`PAGE_TEXT_CHARS`] characters.
fn masked(text: &str) -> String {
    let text = text.trim();
    let head = match text.char_indices().nth(PAGE_TEXT_CHARS * 2) {
        Some((at, _)) => &text[..at],
        None => text,
    };
    let shown = escape_controls(&mask_personal(head), Keep::VALUE).into_owned();
    match shown.char_indices().nth(PAGE_TEXT_CHARS) {
        Some((at, _)) => format!("{}…", &shown[..at]),
        None if head.len() < text.len() => format!("{shown}…"),
        None => shown,
    }
}

impl Brief {
    /// The brief of a row with an upload line or a rejected row: the
    /// values as the upload has them where the row typed (`ODB-Z00291`,
    /// not `odb z00291`; the INSZ masked from its 11 digits), else as
    /// written.
    pub fn of(batch: &Batch, row: &Verdict) -> Brief {
        let raw = &row.raw;
        let request = row.request.as_deref();
        let (naam, voornaam, insz, odb) = match request {
            Some(r) => (
                r.naam.trim().to_string(),
                r.voornaam.trim().to_string(),
                r.insz.masked(),
                r.odb.as_str().to_string(),
            ),
            None => {
                let odb = raw.cell(Field::OdbNummer).text();
                (
                    raw.cell(Field::WerknemerNaam).text().trim().to_string(),
                    raw.cell(Field::WerknemerVoornaam).text().trim().to_string(),
                    mask_raw(&raw.cell(Field::WerknemerInsz).text()),
                    Odb::parse(&odb)
                        .map(|o| o.as_str().to_string())
                        .unwrap_or_else(|_| odb.to_string()),
                )
            }
        };
        let mut employee = [voornaam, naam]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if !insz.is_empty() {
            if !employee.is_empty() {
                employee.push_str(" · ");
            }
            employee.push_str(&insz);
        }
        let rejected = row.status() == crate::model::Status::Rejected;
        Brief {
            employer: row.employer,
            kbo_written: match row.employer {
                Some(_) => None,
                None => row.kbo_raw.as_deref().map(masked),
            },
            employee: masked(&employee),
            odb: masked(&odb),
            origin: masked(&crate::writer::report::origin_of(raw, &batch.inputs)),
            last_day: request.map(crate::regulation::last_day_of),
            start: request.map(|r| r.reference_start()),
            hours: request.map(crate::regulation::vov_hours),
            problems: if rejected {
                row.diagnostics
                    .iter()
                    .map(|d| (d.severity, d.code.as_str(), masked(&d.message)))
                    .collect()
            } else {
                Vec::new()
            },
            warnings: if rejected {
                Vec::new()
            } else {
                row.diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Warning)
                    .map(|d| Warned {
                        code: d.code.as_str(),
                        message: masked(&d.message),
                        help: d.help.clone(),
                    })
                    .collect()
            },
        }
    }
}

/// A listed request's place: its last day to submit, then its arrival.
type Key = (NaiveDate, u64);

/// What the page knows of one employer.
#[derive(Debug, Default)]
struct Plan {
    /// Its newly uploaded requests, and how they fall.
    requests: usize,
    overdue: usize,
    due_soon: usize,
    /// Requests per day of the horizon (day 0 is the as-of date).
    by_day: Vec<u32>,
    /// Keys of its requests kept in [`HtmlReport::kept`].
    kept: BTreeSet<Key>,
    /// Its uploaded requests with a warning, and the keys of those kept in
    /// [`HtmlReport::warned`].
    warned: usize,
    warned_kept: BTreeSet<Key>,
    rejected: usize,
    rejected_rows: Vec<Brief>,
}

/// Collects what `report.html` shows as the rows stream by, within bounded memory.
#[derive(Debug)]
pub struct HtmlReport {
    as_of: NaiveDate,
    warn_days: u32,
    lang: Lang,
    /// `None`: rows without a valid KBO.
    plans: BTreeMap<Option<u64>, Plan>,
    /// The requests listed, by last day and arrival, over all employers.
    kept: BTreeMap<Key, Brief>,
    /// The requests with a warning listed, likewise.
    warned: BTreeMap<Key, Brief>,
    seen: u64,
    rejected_kept: usize,
}

/// How a last day stands on the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Due {
    Overdue,
    /// Within `--warn-days` (as R206 counts them).
    Soon,
    Later,
}

impl Due {
    /// The class of a request's table row: marked only when it is urgent.
    fn class(self) -> Option<&'static str> {
        match self {
            Due::Overdue => Some("overdue"),
            Due::Soon => Some("soon"),
            Due::Later => None,
        }
    }
}

impl HtmlReport {
    /// An empty collector for the batch's as-of date, `--warn-days` and language.
    pub fn new(batch: &Batch) -> HtmlReport {
        let context = &batch.options.context;
        HtmlReport::with(context.as_of, context.warn_days, context.lang)
    }

    fn with(as_of: NaiveDate, warn_days: u32, lang: Lang) -> HtmlReport {
        HtmlReport {
            as_of,
            warn_days,
            lang,
            plans: BTreeMap::new(),
            kept: BTreeMap::new(),
            warned: BTreeMap::new(),
            seen: 0,
            rejected_kept: 0,
        }
    }

    fn due(&self, last_day: NaiveDate) -> Due {
        let days_left = (last_day - self.as_of).num_days();
        if days_left < 0 {
            Due::Overdue
        } else if days_left < i64::from(self.warn_days) {
            Due::Soon
        } else {
            Due::Later
        }
    }

    fn plan(&mut self, employer: Option<u64>) -> &mut Plan {
        self.plans.entry(employer).or_insert_with(|| Plan {
            by_day: vec![0; HORIZON_DAYS + 1],
            ..Plan::default()
        })
    }

    /// A request that goes into an upload (in input order).
    pub fn uploaded(&mut self, brief: Brief) {
        self.seen += 1;
        let seq = self.seen;
        let employer = brief.employer;
        let warned = !brief.warnings.is_empty();
        if warned {
            self.plan(employer).warned += 1;
        }
        let Some(last_day) = brief.last_day else {
            self.plan(employer).requests += 1;
            if warned {
                keep(
                    &mut self.warned,
                    &mut self.plans,
                    |p| &mut p.warned_kept,
                    (NaiveDate::MAX, seq),
                    brief,
                );
            }
            return;
        };
        let due = self.due(last_day);
        let as_of = self.as_of;
        let plan = self.plan(employer);
        plan.requests += 1;
        match due {
            Due::Overdue => plan.overdue += 1,
            Due::Soon => plan.due_soon += 1,
            Due::Later => {}
        }
        if let Ok(day) = usize::try_from((last_day - as_of).num_days()) {
            if let Some(slot) = plan.by_day.get_mut(day) {
                *slot += 1;
            }
        }
        let key = (last_day, seq);
        if warned {
            keep(
                &mut self.warned,
                &mut self.plans,
                |p| &mut p.warned_kept,
                key,
                brief.clone(),
            );
        }
        keep(&mut self.kept, &mut self.plans, |p| &mut p.kept, key, brief);
    }

    /// A rejected row (in input order).
    pub fn rejected(&mut self, brief: Brief) {
        let keep_more = self.rejected_kept < ROWS_IN_ALL;
        let plan = self.plan(brief.employer);
        plan.rejected += 1;
        if keep_more && plan.rejected_rows.len() < ROWS_PER_EMPLOYER {
            plan.rejected_rows.push(brief);
            self.rejected_kept += 1;
        }
    }

    /// The page, masked, in a temporary file in `dir`.
    pub fn write(&self, report: &Report<'_>, dir: &Path) -> std::io::Result<TempPath> {
        let page = self.render(report).into_string();
        let mut temp = temp_file(dir)?;
        {
            let mut out = MaskingWriter::new(std::io::BufWriter::new(temp.as_file_mut()));
            out.write_all(page.as_bytes())?;
            out.into_inner()?.flush()?;
        }
        Ok(temp.into_temp_path())
    }

    /// The whole page.
    pub fn render(&self, report: &Report<'_>) -> Markup {
        let t = Texts::new(self.lang);
        let summary = &report.summary;
        let employers: BTreeMap<&str, &EmployerSummary> =
            summary.employers.iter().map(|e| (e.kbo.as_str(), e)).collect();
        // The most urgent employers first: the earliest last day of a new
        // request, then those with none, then rows without a valid KBO.
        let mut order: Vec<Option<u64>> = self.plans.keys().copied().collect();
        for e in &summary.employers {
            if let Ok(kbo) = e.kbo.parse::<u64>() {
                if !self.plans.contains_key(&Some(kbo)) {
                    order.push(Some(kbo));
                }
            }
        }
        order.sort_by_key(|key| {
            let first = key.and_then(|k| {
                let kbo = format!("{k:010}");
                employers.get(kbo.as_str()).and_then(|e| e.first_last_day.clone())
            });
            (key.is_none(), first.is_none(), first, *key)
        });
        order.dedup();
        let hidden_sections = order.len().saturating_sub(EMPLOYER_SECTIONS);
        let lang = self.lang;
        html! {
            (DOCTYPE)
            html lang=(self.lang.to_string()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (t.title) " " (report.as_of) }
                    style { (PreEscaped(CSS)) }
                }
                body {
                    header {
                        h1 { (t.title) }
                        p.meta {
                            (t.as_of) " " (date(&report.as_of)) " · "
                            (report.tool.name) " " (report.tool.version)
                        }
                        p.meta.regulation { (masked(&regulation_line(&report.regulation, lang))) "." }
                    }
                    section.summary {
                        h2 { (t.summary) }
                        table.figures {
                            tbody {
                                tr { th { (t.rows) } td.num { (summary.rows) } }
                                tr.ok { th { (t.accepted) } td.num { (summary.accepted) } }
                                tr.bad { th { (t.rejected) } td.num { (summary.rejected) } }
                                tr { th { (t.already_prepared) } td.num { (summary.already_prepared) } }
                                tr { th { (t.with_warnings) } td.num { (summary.with_warnings) } }
                                tr { th { (t.vov_hours) } td.num { (self.lang.decimal(&summary.total.vov_hours)) } }
                                tr { th { (t.capped_hours) } td.num { (self.lang.decimal(&summary.total.capped_hours)) } }
                                tr {
                                    th { (t.reimbursement) }
                                    td.num {
                                        "EUR " (lang.decimal(&summary.total.estimated_reimbursement_eur))
                                        (provisional_mark(summary.total.estimate_provisional, &t))
                                    }
                                }
                            }
                        }
                        @if summary.total.estimate_provisional {
                            p.note.provisional { (provisional_footnote(lang)) "." }
                        }
                        p.note {
                            @if let Some(rates) = rates_note(&report.regulation, lang) { (rates) ". " }
                            (t.what_wse_pays()) "."
                        }
                        @if !report.inputs.is_empty() {
                            h3 { (t.inputs) }
                            ul.inputs {
                                @for input in &report.inputs {
                                    li {
                                        (masked(&input.path))
                                        @if let Some(sheet) = &input.sheet { " (" (masked(sheet)) ")" }
                                        " · " (t.rows_counted(input.rows))
                                    }
                                }
                            }
                        }
                        h3 { (t.chart_title) }
                        (self.chart(&summary.employers, &t))
                        @if !report.codes.is_empty() {
                            h3 { (t.codes) }
                            table.codes {
                                thead { tr { th { (t.code) } th { (t.rows) } th { (t.what_to_fix) } } }
                                tbody {
                                    @for (code, info) in &report.codes {
                                        tr class=(severity_class(&info.severity)) {
                                            td { b { (code) } br; small { (info.name) } }
                                            td.num { (summary.by_code.get(code).copied().unwrap_or(0)) }
                                            td { (info.help) }
                                        }
                                    }
                                }
                            }
                        }
                        @if !report.notes.is_empty() {
                            h3 { (t.notes) }
                            ul.notes {
                                @for note in report.notes.iter().take(50) { li { (masked(&note.message)) } }
                                @if report.notes.len() > 50 {
                                    li { (t.more_notes(report.notes.len() - 50)) }
                                }
                            }
                        }
                    }
                    @for key in order.iter().take(EMPLOYER_SECTIONS) {
                        (self.employer_section(*key, &employers, &t))
                    }
                    @if hidden_sections > 0 {
                        p.more { (t.more_employers(hidden_sections)) }
                    }
                    footer { p { (t.footer) } }
                }
            }
        }
    }

    fn employer_section(&self, key: Option<u64>, employers: &BTreeMap<&str, &EmployerSummary>, t: &Texts) -> Markup {
        let kbo = key.map(|k| format!("{k:010}"));
        let summary = kbo.as_deref().and_then(|k| employers.get(k)).copied();
        let empty = Plan::default();
        let plan = self.plans.get(&key).unwrap_or(&empty);
        let requests: Vec<&Brief> = plan.kept.iter().filter_map(|k| self.kept.get(k)).collect();
        let warned: Vec<&Brief> = plan.warned_kept.iter().filter_map(|k| self.warned.get(k)).collect();
        let lang = self.lang;
        html! {
            section.employer {
                h2 {
                    @match (&kbo, summary.and_then(|s| s.name.as_deref())) {
                        (Some(kbo), Some(name)) => { (masked(name)) " " span.kbo { (t.kbo) " " (format_kbo(kbo)) } },
                        (Some(kbo), None) => { (t.kbo) " " (format_kbo(kbo)) },
                        (None, _) => { (t.no_valid_kbo) },
                    }
                }
                @if let Some(s) = summary {
                    table.figures {
                        tbody {
                            tr.ok { th { (t.accepted) } td.num { (s.accepted) } }
                            tr.bad { th { (t.rejected) } td.num { (s.rejected) } }
                            tr { th { (t.already_prepared) } td.num { (s.already_prepared) } }
                            tr { th { (t.vov_hours) } td.num { (lang.decimal(&s.vov_hours)) } }
                            tr { th { (t.capped_hours) } td.num { (lang.decimal(&s.capped_hours)) } }
                            tr {
                                th { (t.reimbursement) }
                                td.num { "EUR " (lang.decimal(&s.estimated_reimbursement_eur)) (provisional_mark(s.estimate_provisional, t)) }
                            }
                        }
                    }
                    @if s.estimate_provisional {
                        p.note.provisional { (provisional_footnote(lang)) "." }
                    }
                }
                @if plan.warned > 0 {
                    h3 { (t.warned_title) " (" (plan.warned) ")" }
                    table.rows.warned {
                        thead {
                            tr {
                                th { (t.last_day) } th { (t.origin) } th { (t.employee) }
                                th { (t.odb) } th { (t.warning) }
                            }
                        }
                        tbody {
                            @for brief in &warned {
                                @let due = brief.last_day.map(|d| self.due(d));
                                tr class=[due.and_then(Due::class)] {
                                    td.date { (brief.last_day.map(format_date).unwrap_or_default()) }
                                    td.origin { (brief.origin) }
                                    td { (brief.employee) }
                                    td.odb { (brief.odb) }
                                    td {
                                        ul.problems {
                                            @for warning in &brief.warnings {
                                                li.warning {
                                                    b { (warning.code) } " " (warning.message)
                                                    br;
                                                    span.fix { i { (t.to_check) } " " (masked(&warning.help)) }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if plan.warned > warned.len() {
                        p.more { (t.more_notes(plan.warned - warned.len())) }
                    }
                }
                @if plan.requests > 0 {
                    h3 { (t.requests) }
                    p {
                        @if plan.overdue > 0 { span.badge.overdue { (t.overdue_count(plan.overdue)) } " " }
                        @if plan.due_soon > 0 { span.badge.soon { (t.soon_count(plan.due_soon, self.warn_days)) } " " }
                    }
                    (self.timeline(plan, t))
                    table.rows {
                        thead {
                            tr {
                                th { (t.last_day) } th { (t.days_left) } th { (t.employee) }
                                th { (t.odb) } th { (t.start) } th.num { (t.hours) }
                            }
                        }
                        tbody {
                            @for brief in &requests {
                                @let due = brief.last_day.map(|d| self.due(d));
                                tr class=[due.and_then(Due::class)] {
                                    td { (brief.last_day.map(format_date).unwrap_or_default()) }
                                    td.num { (brief.last_day.map(|d| (d - self.as_of).num_days().to_string()).unwrap_or_default()) }
                                    td { (brief.employee) }
                                    td { (brief.odb) }
                                    td { (brief.start.map(format_date).unwrap_or_default()) }
                                    td.num { (brief.hours.map(|h| lang.decimal(&two_decimals(h))).unwrap_or_default()) }
                                }
                            }
                        }
                    }
                    @if plan.requests > requests.len() {
                        p.more { (t.more_requests(plan.requests - requests.len(), kbo.as_deref())) }
                    }
                }
                @if plan.rejected > 0 {
                    h3 { (t.rejected_rows) }
                    table.rows.rejected {
                        thead { tr { th { (t.origin) } th { (t.employee) } th { (t.what_to_fix) } } }
                        tbody {
                            @for brief in &plan.rejected_rows {
                                tr {
                                    td { (brief.origin) }
                                    td {
                                        (brief.employee)
                                        @if let Some(kbo) = &brief.kbo_written { br; small { (t.kbo) " " (kbo) } }
                                    }
                                    td {
                                        ul.problems {
                                            @for (severity, code, message) in &brief.problems {
                                                li class=(severity.as_str()) { b { (code) } " " (message) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if plan.rejected > plan.rejected_rows.len() {
                        p.more { (t.more_rejected(plan.rejected - plan.rejected_rows.len())) }
                    }
                }
            }
        }
    }

    /// The next 90 days: a bar per day with requests due that day, the
    /// overdue ones in a box of their own on the left.
    fn timeline(&self, plan: &Plan, t: &Texts) -> Markup {
        // The overdue box, then a gap wide enough that its label ('trop
        // tard') and the first date's never meet: that date starts at LEFT.
        const BOX: usize = 64;
        const LEFT: usize = 96;
        const DAY: usize = 7;
        const HEIGHT: usize = 60;
        let width = LEFT + DAY * (HORIZON_DAYS + 1) + 40;
        let peak = plan.by_day.iter().copied().max().unwrap_or(0).max(1) as usize;
        let ticks = [0usize, 30, 60, 90];
        let warn = usize::try_from(self.warn_days)
            .unwrap_or(usize::MAX)
            .min(HORIZON_DAYS + 1);
        html! {
            svg.timeline xmlns="http://www.w3.org/2000/svg" width=(width) height=(HEIGHT + 30)
                viewBox=(format!("0 0 {width} {}", HEIGHT + 30)) role="img" {
                title { (t.timeline_title) }
                rect x="0" y="0" width=(BOX) height=(HEIGHT) fill=(if plan.overdue > 0 { "#c62828" } else { "#eeeeee" }) {}
                text x=(BOX / 2) y=(HEIGHT / 2 + 5) text-anchor="middle" font-size="14"
                    fill=(if plan.overdue > 0 { "#ffffff" } else { "#555555" }) { (plan.overdue) }
                text x=(BOX / 2) y=(HEIGHT + 14) text-anchor="middle" font-size="10" fill="#333333" { (t.overdue) }
                rect x=(LEFT) y="0" width=(DAY * warn) height=(HEIGHT) fill="#fff3e0" {}
                line x1=(LEFT) y1=(HEIGHT) x2=(LEFT + DAY * (HORIZON_DAYS + 1)) y2=(HEIGHT) stroke="#999999" {}
                @for (day, count) in plan.by_day.iter().enumerate() {
                    @if *count > 0 {
                        @let h = (*count as usize * (HEIGHT - 4) / peak).max(3);
                        rect x=(LEFT + day * DAY + 1) y=(HEIGHT - h) width=(DAY - 2) height=(h)
                            fill=(if day < warn { "#ef6c00" } else { "#1565c0" }) {
                            title { (format_date(self.as_of + chrono::Days::new(day as u64))) ": " (count) }
                        }
                    }
                }
                @for tick in ticks {
                    line x1=(LEFT + tick * DAY + DAY / 2) y1=(HEIGHT) x2=(LEFT + tick * DAY + DAY / 2) y2=(HEIGHT + 4) stroke="#999999" {}
                    text x=(if tick == 0 { LEFT } else { LEFT + tick * DAY + DAY / 2 }) y=(HEIGHT + 16)
                        text-anchor=(if tick == 0 { "start" } else { "middle" }) font-size="10" fill="#333333" {
                        (format_date(self.as_of + chrono::Days::new(tick as u64)))
                    }
                }
            }
        }
    }

    /// Rows by status per employer: one stacked bar each, the employers
    /// with the most rows.
    fn chart(&self, employers: &[EmployerSummary], t: &Texts) -> Markup {
        const LABEL: usize = 260;
        const BAR: usize = 420;
        const ROW: usize = 22;
        let mut shown: Vec<&EmployerSummary> = employers.iter().collect();
        shown.sort_by_key(|e| std::cmp::Reverse(e.accepted + e.rejected + e.already_prepared));
        let hidden = shown.len().saturating_sub(CHART_EMPLOYERS);
        shown.truncate(CHART_EMPLOYERS);
        let peak = shown
            .iter()
            .map(|e| e.accepted + e.rejected + e.already_prepared)
            .max()
            .unwrap_or(0)
            .max(1);
        let width = LABEL + BAR + 60;
        let height = ROW * shown.len() + 30;
        let scale = |n: usize| n * BAR / peak;
        html! {
            svg.chart xmlns="http://www.w3.org/2000/svg" width=(width) height=(height)
                viewBox=(format!("0 0 {width} {height}")) role="img" {
                title { (t.chart_title) }
                @for (i, e) in shown.iter().enumerate() {
                    @let y = i * ROW;
                    @let label = match &e.name { Some(name) => format!("{} ({})", shorten(&masked(name), 28), e.kbo), None => e.kbo.clone() };
                    text x=(LABEL - 6) y=(y + 15) text-anchor="end" font-size="11" fill="#222222" { (label) }
                    rect x=(LABEL) y=(y + 3) width=(scale(e.accepted)) height=(ROW - 6) fill="#2e7d32" {}
                    rect x=(LABEL + scale(e.accepted)) y=(y + 3) width=(scale(e.already_prepared)) height=(ROW - 6) fill="#9e9e9e" {}
                    rect x=(LABEL + scale(e.accepted + e.already_prepared)) y=(y + 3) width=(scale(e.rejected)) height=(ROW - 6) fill="#c62828" {}
                    text x=(LABEL + scale(e.accepted + e.already_prepared + e.rejected) + 4) y=(y + 15) font-size="11" fill="#222222" {
                        (e.accepted + e.already_prepared + e.rejected)
                    }
                }
                @let legend = ROW * shown.len() + 12;
                rect x=(LABEL) y=(legend) width="10" height="10" fill="#2e7d32" {}
                text x=(LABEL + 14) y=(legend + 9) font-size="11" { (t.accepted) }
                rect x=(LABEL + 120) y=(legend) width="10" height="10" fill="#9e9e9e" {}
                text x=(LABEL + 134) y=(legend + 9) font-size="11" { (t.already_prepared) }
                rect x=(LABEL + 290) y=(legend) width="10" height="10" fill="#c62828" {}
                text x=(LABEL + 304) y=(legend + 9) font-size="11" { (t.rejected) }
            }
            @if hidden > 0 { p.more { (t.more_employers(hidden)) } }
        }
    }
}

/// Keeps `brief` under `key` in `kept` and in its employer's `mine`, within
/// [`ROWS_PER_EMPLOYER`] per employer and [`ROWS_IN_ALL`] in all: the
/// earliest keys stay.
fn keep(
    kept: &mut BTreeMap<Key, Brief>,
    plans: &mut BTreeMap<Option<u64>, Plan>,
    mine: fn(&mut Plan) -> &mut BTreeSet<Key>,
    key: Key,
    brief: Brief,
) {
    let Some(plan) = plans.get_mut(&brief.employer) else {
        return;
    };
    let set = mine(plan);
    set.insert(key);
    let dropped = if set.len() > ROWS_PER_EMPLOYER {
        set.pop_last()
    } else {
        None
    };
    if dropped != Some(key) {
        kept.insert(key, brief);
    }
    if let Some(dropped) = dropped {
        kept.remove(&dropped);
    }
    if kept.len() > ROWS_IN_ALL {
        if let Some((last, brief)) = kept.pop_last() {
            if let Some(plan) = plans.get_mut(&brief.employer) {
                mine(plan).remove(&last);
            }
        }
    }
}

/// The mark of an estimate that uses a provisional school year's figure,
/// with the footnote as its tooltip; nothing for a confirmed one.
fn provisional_mark(provisional: bool, t: &Texts) -> Markup {
    html! {
        @if provisional {
            sup.provisional title=(t.provisional) { (PROVISIONAL_MARK) }
        }
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
        short.push('…');
        short
    }
}

fn severity_class(severity: &str) -> &'static str {
    if severity.contains("error") {
        "error"
    } else if severity.contains("warning") {
        "warning"
    } else {
        "info"
    }
}

fn format_date(date: NaiveDate) -> String {
    crate::values::date::format_be(date)
}

/// An ISO date of the report as dd/mm/yyyy.
fn date(iso: &str) -> String {
    iso.parse::<NaiveDate>()
        .map(format_date)
        .unwrap_or_else(|_| iso.to_string())
}

/// `0403170701` as `0403.170.701`.
fn format_kbo(kbo: &str) -> String {
    match (kbo.get(..4), kbo.get(4..7), kbo.get(7..)) {
        (Some(a), Some(b), Some(c)) if kbo.len() == 10 => format!("{a}.{b}.{c}"),
        _ => kbo.to_string(),
    }
}

/// The page's fixed texts in one language.
struct Texts {
    lang: Lang,
    title: &'static str,
    as_of: &'static str,
    summary: &'static str,
    rows: &'static str,
    accepted: &'static str,
    rejected: &'static str,
    already_prepared: &'static str,
    with_warnings: &'static str,
    vov_hours: &'static str,
    capped_hours: &'static str,
    reimbursement: &'static str,
    inputs: &'static str,
    chart_title: &'static str,
    codes: &'static str,
    code: &'static str,
    what_to_fix: &'static str,
    notes: &'static str,
    no_valid_kbo: &'static str,
    requests: &'static str,
    last_day: &'static str,
    days_left: &'static str,
    employee: &'static str,
    odb: &'static str,
    start: &'static str,
    hours: &'static str,
    rejected_rows: &'static str,
    warned_title: &'static str,
    warning: &'static str,
    to_check: &'static str,
    origin: &'static str,
    overdue: &'static str,
    timeline_title: &'static str,
    footer: &'static str,
    kbo: &'static str,
    provisional: &'static str,
}

impl Texts {
    fn new(lang: Lang) -> Texts {
        Texts {
            lang,
            title: tr!(lang, nl: "VOV-rapport", fr: "Rapport VOV", en: "VOV report"),
            as_of: tr!(lang, nl: "Toestand op", fr: "Situation au", en: "As of"),
            summary: tr!(lang, nl: "Overzicht van de batch", fr: "Aperçu du lot", en: "Batch summary"),
            rows: tr!(lang, nl: "Rijen", fr: "Lignes", en: "Rows"),
            accepted: tr!(lang, nl: "Aanvaard", fr: "Acceptées", en: "Accepted"),
            rejected: tr!(lang, nl: "Geweigerd", fr: "Refusées", en: "Rejected"),
            already_prepared: tr!(lang, nl: "Al voorbereid", fr: "Déjà préparées", en: "Already prepared"),
            with_warnings: tr!(lang,
                nl: "Aanvaard met waarschuwing",
                fr: "Acceptées avec avertissement",
                en: "Accepted with warnings"),
            vov_hours: tr!(lang, nl: "VOV-uren", fr: "Heures VOV", en: "VOV hours"),
            capped_hours: tr!(lang, nl: "Begrensde uren", fr: "Heures plafonnées", en: "Capped hours"),
            reimbursement: tr!(lang,
                nl: "Geraamde terugbetaling",
                fr: "Remboursement estimé",
                en: "Estimated reimbursement"),
            inputs: tr!(lang, nl: "Invoer", fr: "Entrées", en: "Inputs"),
            chart_title: tr!(lang,
                nl: "Rijen per werkgever en status",
                fr: "Lignes par employeur et par statut",
                en: "Rows by status per employer"),
            codes: tr!(lang, nl: "Meldingen per code", fr: "Messages par code", en: "Findings by code"),
            code: tr!(lang, nl: "Code", fr: "Code", en: "Code"),
            what_to_fix: tr!(lang, nl: "Wat te verbeteren", fr: "Comment corriger", en: "What to fix"),
            notes: tr!(lang, nl: "Opmerkingen", fr: "Remarques", en: "Notes"),
            no_valid_kbo: tr!(lang,
                nl: "Rijen zonder geldig ondernemingsnummer",
                fr: "Lignes sans numéro d'entreprise (BCE/KBO) valide",
                en: "Rows without a valid KBO"),
            requests: tr!(lang,
                nl: "Aanvragen per laatste indieningsdag",
                fr: "Demandes par dernier jour pour introduire",
                en: "Requests by last day to submit"),
            last_day: tr!(lang, nl: "Laatste dag", fr: "Dernier jour", en: "Last day"),
            days_left: tr!(lang, nl: "Dagen", fr: "Jours restants", en: "Days left"),
            employee: tr!(lang, nl: "Werknemer", fr: "Travailleur", en: "Employee"),
            odb: tr!(lang, nl: "ODB-nummer", fr: "Numéro ODB", en: "ODB number"),
            start: tr!(lang, nl: "Start", fr: "Début", en: "Start"),
            hours: tr!(lang, nl: "Uren", fr: "Heures", en: "Hours"),
            rejected_rows: tr!(lang, nl: "Geweigerde rijen", fr: "Lignes refusées", en: "Rejected rows"),
            warned_title: tr!(lang,
                nl: "Aanvaard met waarschuwing: controleer vóór het indienen",
                fr: "Acceptées avec avertissement\u{a0}: à vérifier avant l'introduction",
                en: "Accepted with a warning: check before uploading"),
            warning: tr!(lang,
                nl: "Waarschuwing en wat te controleren",
                fr: "Avertissement et ce qu'il faut vérifier",
                en: "Warning and what to check"),
            to_check: tr!(lang, nl: "Controleer:", fr: "À vérifier\u{a0}:", en: "Check:"),
            origin: tr!(lang, nl: "Bron", fr: "Source", en: "Origin"),
            overdue: tr!(lang, nl: "te laat", fr: "trop tard", en: "overdue"),
            timeline_title: tr!(lang,
                nl: "Laatste indieningsdagen in de komende 90 dagen",
                fr: "Derniers jours pour introduire dans les 90 prochains jours",
                en: "Last days to submit in the next 90 days"),
            footer: tr!(lang,
                nl: "INSZ- en rekeningnummers zijn gemaskeerd. rejected.xlsx en rejected.csv bevatten de volledige rijen om te verbeteren.",
                fr: "Les numéros NISS/INSZ et de compte sont masqués. rejected.xlsx et rejected.csv contiennent les lignes complètes à corriger.",
                en: "National numbers and bank accounts are masked. rejected.xlsx and rejected.csv hold the full rows to correct."),
            kbo: tr!(lang, nl: "KBO", fr: "BCE/KBO", en: "KBO"),
            provisional: tr!(lang,
                nl: "voorlopige raming: het bedrag per uur van een schooljaar is nog niet gepubliceerd",
                fr: "estimation provisoire: le montant horaire d'une année scolaire n'est pas encore publié",
                en: "provisional estimate: a school year's EUR per hour is not yet published"),
        }
    }

    /// `1 rij`, `1.234 rijen`; `0 ligne`.
    fn rows_counted(&self, n: usize) -> String {
        count!(self.lang, n, nl: ("rij", "rijen"), fr: ("ligne", "lignes"), en: ("row", "rows"))
    }

    /// Why the estimate is only one, as a sentence.
    fn what_wse_pays(&self) -> String {
        let text = what_wse_pays(self.lang);
        let mut chars = text.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }

    fn overdue_count(&self, n: usize) -> String {
        trf!(self.lang, nl: "{n} te laat", fr: "{n} trop tard", en: "{n} overdue")
    }

    fn soon_count(&self, n: usize, days: u32) -> String {
        trf!(self.lang,
            nl: "{n} binnen {days} dagen",
            fr: "{n} dans les {days} jours",
            en: "{n} due within {days} days")
    }

    fn more_requests(&self, n: usize, kbo: Option<&str>) -> String {
        let file = kbo.map(crate::writer::upload::file_name).unwrap_or_default();
        trf!(self.lang, nl: "en nog {n}, zie {file}", fr: "et encore {n}, voir {file}", en: "and {n} more, see {file}")
    }

    fn more_rejected(&self, n: usize) -> String {
        trf!(self.lang,
            nl: "en nog {n}, zie rejected.xlsx",
            fr: "et encore {n}, voir rejected.xlsx",
            en: "and {n} more, see rejected.xlsx")
    }

    fn more_employers(&self, n: usize) -> String {
        trf!(self.lang,
            nl: "en nog {n} werkgevers, zie report.json",
            fr: "et encore {n} employeurs, voir report.json",
            en: "and {n} more employers, see report.json")
    }

    fn more_notes(&self, n: usize) -> String {
        trf!(self.lang,
            nl: "en nog {n}, zie report.json",
            fr: "et encore {n}, voir report.json",
            en: "and {n} more, see report.json")
    }
}

const CSS: &str = r#"
:root { color-scheme: light; }
body { font-family: "Segoe UI", Arial, Helvetica, sans-serif; font-size: 14px; color: #222; margin: 24px auto; max-width: 1100px; padding: 0 16px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 28px 0 8px; border-bottom: 2px solid #1565c0; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.meta, .note, footer { color: #555; }
sup.provisional { color: #ef6c00; font-weight: 600; }
.kbo { color: #555; font-weight: normal; font-size: 15px; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
thead th { background: #f0f0f0; }
table.figures th { background: #fafafa; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.ok td { color: #1b5e20; }
tr.bad td { color: #b71c1c; }
tr.error td:first-child { border-left: 4px solid #c62828; }
tr.warning td:first-child { border-left: 4px solid #ef6c00; }
tr.info td:first-child { border-left: 4px solid #90a4ae; }
table.rows { width: 100%; font-size: 13px; }
tr.overdue td { background: #ffebee; }
tr.overdue td:first-child { border-left: 4px solid #c62828; font-weight: 600; }
tr.soon td { background: #fff3e0; }
tr.soon td:first-child { border-left: 4px solid #ef6c00; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
.badge.overdue { background: #c62828; color: #fff; }
.badge.soon { background: #ef6c00; color: #fff; }
ul.problems { margin: 0; padding-left: 16px; }
ul.problems li.error b { color: #c62828; }
ul.problems li.warning b { color: #ef6c00; }
ul.problems .fix { color: #444; font-size: 12px; }
td.origin { overflow-wrap: anywhere; }
td.odb, td.date { white-space: nowrap; }
p.more { font-style: italic; color: #555; }
svg { display: block; max-width: 100%; height: auto; margin: 6px 0; font-family: Arial, Helvetica, sans-serif; }
section.employer { break-inside: auto; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  section.employer { break-before: page; }
  thead { display: table-header-group; }
  tr, svg { break-inside: avoid; }
  tr.overdue td, tr.soon td, thead th, .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;
    use rust_decimal::Decimal;

    fn brief(employer: u64, last_day: NaiveDate) -> Brief {
        Brief {
            employer: Some(employer),
            kbo_written: None,
            employee: String::new(),
            odb: String::new(),
            origin: String::new(),
            last_day: Some(last_day),
            start: None,
            hours: None,
            problems: Vec::new(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn requests_kept_are_bounded_per_employer_and_in_all_and_the_earliest_stay() {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut page = HtmlReport::with(as_of, 14, Lang::En);
        for n in 0..2_000u64 {
            let employer = n % 7;
            // Last days in a scrambled order, some overdue.
            let offset = (n * 7_919 % 200) as i64 - 10;
            page.uploaded(brief(employer, as_of + chrono::Duration::days(offset)));
        }
        assert_eq!(page.kept.len(), ROWS_IN_ALL);
        let mut listed = 0;
        for plan in page.plans.values() {
            assert!(plan.kept.len() <= ROWS_PER_EMPLOYER);
            assert!(plan.kept.iter().all(|k| page.kept.contains_key(k)));
            listed += plan.kept.len();
            // Beyond the 90 days of the timeline a request is only counted.
            assert!(plan.by_day.iter().map(|&c| c as usize).sum::<usize>() + plan.overdue < plan.requests);
        }
        assert_eq!(listed, ROWS_IN_ALL, "each kept request belongs to its employer");
        let earliest = as_of - chrono::Duration::days(10);
        assert_eq!(page.kept.keys().next().map(|k| k.0), Some(earliest));
    }

    #[test]
    fn the_page_speaks_french() {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut page = HtmlReport::with(as_of, 14, Lang::Fr);
        let mut soon = brief(403_170_701, as_of + chrono::Duration::days(3));
        soon.hours = Some(Decimal::new(4_750, 2));
        page.uploaded(soon);
        page.uploaded(brief(403_170_701, as_of - chrono::Duration::days(1)));
        page.rejected(Brief {
            employer: None,
            kbo_written: Some("0403170702".to_string()),
            problems: vec![(Severity::Error, "V104", "numéro invalide".to_string())],
            ..brief(0, as_of)
        });
        let names = crate::state::NameBook::default();
        let html = page.render(&crate::writer::report::sample(&names)).into_string();
        assert!(html.contains("<html lang=\"fr\">"), "{html}");
        for label in [
            "<title>Rapport VOV 2026-11-22</title>",
            "Situation au 22/11/2026",
            "<h2>Aperçu du lot</h2>",
            "<th>Acceptées avec avertissement</th>",
            "<th>Heures VOV</th><td class=\"num\">7234,50</td>",
            "<th>Remboursement estimé</th><td class=\"num\">EUR 106375,40<sup class=\"provisional\" title=\"estimation provisoire: le montant horaire d'une année scolaire n'est pas encore publié\">*</sup></td>",
            "Réglementation: tableau intégré (édition 2026-12-07); provisoire dans ce lot: 2026-2027",
            "Estimation par heure plafonnée: 2025-2026: EUR 14,91; 2026-2027: EUR 14,91 (provisoire). Le WSE ne paie que les heures",
            "<p class=\"note provisional\">* estimation au montant horaire provisoire",
            "<h3>Demandes par dernier jour pour introduire</h3>",
            "1 trop tard",
            "1 dans les 14 jours",
            "<th>Jours restants</th><th>Travailleur</th><th>Numéro ODB</th><th>Début</th>",
            "47,50",
            "Acme NV <span class=\"kbo\">BCE/KBO 0403.170.701</span>",
            "<h2>Lignes sans numéro d'entreprise (BCE/KBO) valide</h2>",
            "<h3>Lignes refusées</h3>",
            "<small>BCE/KBO 0403170702</small>",
            "<th>Comment corriger</th>",
            "Les numéros NISS/INSZ et de compte sont masqués.",
        ] {
            assert!(html.contains(label), "{label} not in\n{html}");
        }
        // Acme NV's estimate uses only confirmed years: no mark.
        assert!(html.contains("<td class=\"num\">EUR 87969,00</td>"), "{html}");
        for dutch in ["Geweigerd", "Rijen", "Werknemer", ">KBO ", "Raming", "voorlopig"] {
            assert!(!html.contains(dutch), "{dutch} in\n{html}");
        }
    }

    #[test]
    fn accepted_rows_with_a_warning_are_listed_the_most_urgent_first_with_what_to_check() {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        for (lang, heading, check) in [
            (
                Lang::Nl,
                "Aanvaard met waarschuwing: controleer vóór het indienen (2)",
                "<i>Controleer:</i>",
            ),
            (
                Lang::Fr,
                "Acceptées avec avertissement\u{a0}: à vérifier avant l'introduction (2)",
                "<i>À vérifier\u{a0}:</i>",
            ),
        ] {
            let mut page = HtmlReport::with(as_of, 14, lang);
            let warned = |days: i64, line: u32, code: &'static str| Brief {
                origin: format!("payroll.csv:{line}"),
                odb: "ODB-Z00291".to_string(),
                warnings: vec![Warned {
                    code,
                    message: format!("message of {code}"),
                    help: std::borrow::Cow::Borrowed("help of the rule"),
                }],
                ..brief(403_170_701, as_of + chrono::Duration::days(days))
            };
            page.uploaded(warned(40, 3, "X302"));
            page.uploaded(brief(403_170_701, as_of + chrono::Duration::days(5)));
            page.uploaded(warned(10, 7, "R208"));
            let names = crate::state::NameBook::default();
            let html = page.render(&crate::writer::report::sample(&names)).into_string();
            assert!(
                html.contains(&format!("<h3>{heading}</h3>")),
                "{heading} not in\n{html}"
            );
            let section = &html[html
                .find("<table class=\"rows warned\">")
                .expect("the warned rows' table")..];
            let section = &section[..section.find("</table>").unwrap()];
            // The most urgent first; the row without a warning is not listed.
            let r208 = section.find("payroll.csv:7").expect("line 7");
            let x302 = section.find("payroll.csv:3").expect("line 3");
            assert!(r208 < x302, "{section}");
            assert_eq!(section.matches("<tr").count(), 3, "a header and two rows: {section}");
            for text in [
                "<b>R208</b> message of R208",
                check,
                "help of the rule",
                "<td class=\"odb\">ODB-Z00291</td>",
            ] {
                assert!(section.contains(text), "{text} not in\n{section}");
            }
        }
    }

    #[test]
    fn the_timelines_overdue_label_and_first_date_do_not_meet() {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut page = HtmlReport::with(as_of, 14, Lang::Fr);
        page.uploaded(brief(403_170_701, as_of - chrono::Duration::days(3)));
        let plan = &page.plans[&Some(403_170_701)];
        let svg = page.timeline(plan, &Texts::new(Lang::Fr)).into_string();
        // 'trop tard' centred under the box, '22/11/2026' starting after a gap.
        assert!(
            svg.contains("text-anchor=\"middle\" font-size=\"10\" fill=\"#333333\">trop tard</text>"),
            "{svg}"
        );
        let first = svg.find(">22/11/2026<").expect("the first date");
        let tag = &svg[svg[..first].rfind("<text").unwrap()..first];
        assert!(
            tag.contains("x=\"96\"") && tag.contains("text-anchor=\"start\""),
            "{tag}"
        );
        // 'trop tard' at 10 px is under 50 px wide: centred at 32, it ends before 96.
    }

    #[test]
    fn rejected_rows_are_bounded_per_employer() {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut page = HtmlReport::with(as_of, 14, Lang::En);
        for _ in 0..(ROWS_PER_EMPLOYER + 5) {
            page.rejected(brief(1, as_of));
        }
        let plan = &page.plans[&Some(1)];
        assert_eq!(plan.rejected, ROWS_PER_EMPLOYER + 5);
        assert_eq!(plan.rejected_rows.len(), ROWS_PER_EMPLOYER);
    }
}
