//! The JSON report (`report_version` 3), as the contract shows it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use std::io::Write as _;

use serde::Serialize;

use crate::figures::two_decimals;
use crate::lang::{tr, trf, Lang};
use crate::model::{Diagnostic, Status};
use crate::reader::InputInfo;
use crate::validate::{Batch, Note};
use crate::values::mask::MaskingWriter;
use crate::view::Verdict;

pub const REPORT_VERSION: u32 = 3;
pub const FILE_NAME: &str = "report.json";

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

pub const TOOL: Tool = Tool {
    name: "vov-bulk",
    version: env!("CARGO_PKG_VERSION"),
};

#[derive(Debug, Clone, Serialize)]
pub struct EmployerSummary {
    pub kbo: String,
    /// The employer's name as its rows first give it (`werkgever_naam`).
    pub name: Option<String>,
    pub accepted: usize,
    pub rejected: usize,
    pub already_prepared: usize,
    /// The earliest last day to submit among the newly accepted rows.
    pub first_last_day: Option<String>,
    pub vov_hours: String,
    pub capped_hours: String,
    pub estimated_reimbursement_eur: String,
    /// Some of its estimated hours fall in a provisional school year, whose
    /// EUR per hour is carried over, not confirmed.
    pub estimate_provisional: bool,
}

/// Figures of one employee in one school year (INSZ masked).
#[derive(Debug, Clone, Serialize)]
pub struct EmployeeSummary {
    pub employee: String,
    pub name: String,
    pub school_year: String,
    pub vov_hours: String,
    pub capped_hours: String,
    pub estimated_reimbursement_eur: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub vov_hours: String,
    pub capped_hours: String,
    pub estimated_reimbursement_eur: String,
    /// Some of the estimated hours fall in a provisional school year.
    pub estimate_provisional: bool,
}

/// The report's `regulation` block (v3): which table of school-year figures
/// the run used, and which school years of the batch are provisional in it.
#[derive(Debug, Clone, Serialize)]
pub struct RegulationBlock {
    /// `built-in`, or the path of the user's file as given.
    pub source: String,
    /// The SHA-256 of the table's text.
    pub sha256: String,
    /// The edition the table names, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edition: Option<String>,
    /// The school years of the batch's typed requests that are provisional
    /// in the table, in order (`2026-2027`).
    pub provisional_years: Vec<String>,
    /// The school years of the batch's typed requests (from 2019-2020), in
    /// order, with the EUR per hour each estimate uses.
    pub school_years: Vec<YearRate>,
}

/// One school year of the batch and its EUR per approved hour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearRate {
    /// `2025-2026`.
    pub school_year: String,
    /// Two decimals: `14.91`.
    pub eur_per_hour: String,
    /// Whether the year's figures are carried over, not confirmed.
    pub provisional: bool,
}

impl RegulationBlock {
    /// The block for `table` and the school years (by first calendar year) of
    /// a batch; a year before VOV began (R202 rejects its rows) has no figures.
    pub fn of(table: &crate::regulation::Regulation, years: impl IntoIterator<Item = i32>) -> RegulationBlock {
        let school_years: Vec<YearRate> = years
            .into_iter()
            .filter(|first_year| *first_year >= crate::regulation::FIRST_SCHOOL_YEAR)
            .map(|first_year| {
                let year = table.year(first_year);
                YearRate {
                    school_year: crate::calendar::school_year_name(first_year),
                    eur_per_hour: two_decimals(year.eur_per_hour),
                    provisional: year.is_provisional(),
                }
            })
            .collect();
        RegulationBlock {
            source: table.origin().as_str().to_string(),
            sha256: table.sha256().to_string(),
            edition: table.edition().map(str::to_string),
            provisional_years: school_years
                .iter()
                .filter(|y| y.provisional)
                .map(|y| y.school_year.clone())
                .collect(),
            school_years,
        }
    }

    /// Whether the table is the one built into the binary.
    pub fn is_built_in(&self) -> bool {
        self.source == crate::regulation::Origin::BuiltIn.as_str()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary<'a> {
    pub rows: usize,
    pub accepted: usize,
    pub rejected: usize,
    /// Rows whose request an earlier run prepared (X306): `rows = accepted +
    /// rejected + already_prepared`.
    pub already_prepared: usize,
    /// Accepted rows that carry at least one warning.
    pub with_warnings: usize,
    /// Per code: the number of rows with that code.
    pub by_code: BTreeMap<crate::code::Code, usize>,
    pub employers: Vec<EmployerSummary>,
    pub total: Totals,
    /// Per employee and school year, over the accepted rows.
    pub employees: Employees<'a>,
}

/// The per-employee figures, formatted only while they are written (one
/// entry per employee and school year: hundreds of thousands in a big batch).
#[derive(Debug, Clone)]
pub struct Employees<'a> {
    pub figures: &'a [crate::figures::EmployeeFigures],
    pub names: &'a crate::state::NameBook,
}

impl Employees<'_> {
    /// The entries as the report writes them.
    pub fn iter(&self) -> impl Iterator<Item = EmployeeSummary> + '_ {
        self.figures.iter().map(|f| EmployeeSummary {
            employee: crate::values::insz::mask_raw(&format!("{:011}", f.insz)),
            name: self.names.shown(f.name).to_string(),
            school_year: crate::calendar::school_year_name(f.school_year),
            vov_hours: two_decimals(f.vov_hours),
            capped_hours: two_decimals(f.capped_hours),
            estimated_reimbursement_eur: two_decimals(f.estimated_reimbursement()),
        })
    }
}

impl Serialize for Employees<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

fn hours_two_decimals<S: serde::Serializer>(hours: &Option<rust_decimal::Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match hours {
        Some(h) => s.serialize_str(&two_decimals(*h)),
        None => s.serialize_none(),
    }
}

/// A row's diagnostics as the report writes them, borrowed from the batch
/// (a report of a million rows would otherwise copy every message).
#[derive(Debug, Clone, Copy)]
pub struct Diagnostics<'a>(pub &'a [Diagnostic]);

impl Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeSeq, SerializeStruct};
        struct One<'b>(&'b Diagnostic);
        impl Serialize for One<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let d = self.0;
                let mut s = serializer.serialize_struct("Diagnostic", 5)?;
                s.serialize_field("code", &d.code)?;
                s.serialize_field("severity", &d.severity)?;
                s.serialize_field("field", &d.field.map(|f| f.name()))?;
                s.serialize_field("message", &d.message)?;
                s.end()
            }
        }
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for d in self.0 {
            seq.serialize_element(&One(d))?;
        }
        seq.end()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportRow<'a> {
    pub input: usize,
    pub line: u64,
    /// The `bron` of a row read from a fed-back `rejected.csv`, else `path:line`.
    pub origin: String,
    pub status: Status,
    pub kbo: Option<String>,
    /// The last day to submit the row's request (R204/R216), ISO date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_day: Option<NaiveDate>,
    /// VOV hours of the row, when its fields typed.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "hours_two_decimals")]
    pub vov_hours: Option<rust_decimal::Decimal>,
    pub diagnostics: Diagnostics<'a>,
}

impl ReportRow<'_> {
    /// The report's entry for a row with at least one diagnostic.
    pub fn of<'v>(verdict: &'v Verdict, inputs: &[InputInfo]) -> Option<ReportRow<'v>> {
        if verdict.diagnostics.is_empty() {
            return None;
        }
        Some(ReportRow {
            input: verdict.source().input,
            line: verdict.source().line,
            origin: origin_of(&verdict.raw, inputs),
            status: verdict.status(),
            kbo: verdict.kbo_display(),
            last_day: verdict.request.as_deref().map(crate::regulation::last_day_of),
            vov_hours: verdict.request.as_deref().map(crate::regulation::vov_hours),
            diagnostics: Diagnostics(&verdict.diagnostics),
        })
    }

    /// The entry as it stands in the report's `rows` array: one line of
    /// compact JSON. A large batch has hundreds of thousands of entries;
    /// pretty-printed they were a quarter whitespace, and one line per row
    /// keeps the file easy to grep.
    pub fn render(&self) -> Vec<u8> {
        let mut line = Vec::with_capacity(512);
        // Plain structs of strings and numbers: serialising cannot fail.
        let _ = serde_json::to_writer(&mut line, self);
        line
    }
}

/// Where a row first came from: the `bron` it kept when read from a fed-back
/// `rejected.csv`, else its own `path:line`.
pub fn origin_of(raw: &crate::model::RawRow, inputs: &[InputInfo]) -> String {
    match raw.origin() {
        Some(origin) => origin.to_string(),
        None => {
            let name = inputs.get(raw.source.input).map(|i| i.path.as_str()).unwrap_or("?");
            format!("{name}:{}", raw.source.line)
        }
    }
}

/// What marks an estimate that uses a provisional school year's figure.
pub const PROVISIONAL_MARK: char = '*';

/// Which table of school-year figures the run used, and which school years
/// of the batch are provisional in it: one line, for every report.
pub fn regulation_line(block: &RegulationBlock, lang: Lang) -> String {
    let edition = match &block.edition {
        Some(edition) => trf!(lang, nl: " (editie {edition})", fr: " (édition {edition})", en: " (edition {edition})"),
        None => String::new(),
    };
    let table = if block.is_built_in() {
        trf!(lang,
            nl: "ingebouwde tabel{edition}",
            fr: "tableau intégré{edition}",
            en: "built-in table{edition}")
    } else {
        let path = &block.source;
        trf!(lang,
            nl: "tabel uit {path}{edition}",
            fr: "tableau du fichier {path}{edition}",
            en: "table from {path}{edition}")
    };
    if block.provisional_years.is_empty() {
        trf!(lang,
            nl: "Regelgeving: {table}; geen voorlopig schooljaar in deze batch",
            fr: "Réglementation: {table}; aucune année scolaire provisoire dans ce lot",
            en: "Regulation: {table}; no provisional school year in this batch")
    } else {
        let years = block.provisional_years.join(", ");
        trf!(lang,
            nl: "Regelgeving: {table}; voorlopig in deze batch: {years} (bedragen en drempels overgenomen tot de regelgeving van dat jaar gepubliceerd is)",
            fr: "Réglementation: {table}; provisoire dans ce lot: {years} (montants et seuils reportés jusqu'à la publication de la réglementation de cette année)",
            en: "Regulation: {table}; provisional in this batch: {years} (amounts and thresholds carried over until that year's regulation is published)")
    }
}

/// The EUR per hour of each school year of the batch, the provisional ones
/// marked: `Raming per begrensd uur: 2025-2026: EUR 14,91; 2026-2027: EUR
/// 14,91 (voorlopig)`. `None` for a batch without a typed request.
pub fn rates_note(block: &RegulationBlock, lang: Lang) -> Option<String> {
    if block.school_years.is_empty() {
        return None;
    }
    let provisional = tr!(lang, nl: "voorlopig", fr: "provisoire", en: "provisional");
    let rates = block
        .school_years
        .iter()
        .map(|year| {
            let rate = lang.decimal(&year.eur_per_hour);
            if year.provisional {
                format!("{}: EUR {rate} ({provisional})", year.school_year)
            } else {
                format!("{}: EUR {rate}", year.school_year)
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    Some(trf!(lang,
        nl: "Raming per begrensd uur: {rates}",
        fr: "Estimation par heure plafonnée: {rates}",
        en: "Estimate per capped hour: {rates}"))
}

/// The footnote of an estimate marked [`PROVISIONAL_MARK`].
pub fn provisional_footnote(lang: Lang) -> String {
    trf!(lang,
        nl: "{PROVISIONAL_MARK} raming met het voorlopige bedrag per uur van een schooljaar waarvan de regelgeving nog niet gepubliceerd is: ze kan nog wijzigen",
        fr: "{PROVISIONAL_MARK} estimation au montant horaire provisoire d'une année scolaire dont la réglementation n'est pas encore publiée: elle peut encore changer",
        en: "{PROVISIONAL_MARK} estimate at the provisional EUR per hour of a school year whose regulation is not yet published: it may still change")
}

/// Why the estimate is only one.
pub fn what_wse_pays(lang: Lang) -> &'static str {
    tr!(lang,
        nl: "WSE betaalt enkel uren die ook in de DmfA staan en door de opleider geattesteerd zijn",
        fr: "le WSE ne paie que les heures également déclarées dans la DmfA et attestées par l'opérateur de formation",
        en: "WSE pays only hours also declared in DmfA and attested by the training provider")
}

/// The report's `ledger` block: what this run found in, and adds to, the ledger.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerBlock {
    pub path: String,
    /// The run's number in the ledger (`prepare`); `None` for `check`, which
    /// records nothing.
    pub run: Option<i64>,
    /// Requests this run records (the upload lines).
    pub new: usize,
    pub already_prepared: usize,
    /// Rows whose key an earlier run prepared with other content (X307).
    pub changed: usize,
    /// (v3) Prepared requests of the replaced folder that this run releases
    /// when it is published (`--discard-unsubmitted`): a later run prepares
    /// them again.
    pub released: usize,
    /// (v3) Runs killed after they recorded their requests whose folders
    /// tell nothing of whether they were published (moved, renamed, on
    /// another machine): their requests stay `prepared` until their folder
    /// is back in place or they are released (`ledger release DIR`).
    pub undetermined_runs: usize,
}

/// One code's entry in the report's `codes`: its help given once, not per row.
#[derive(Debug, Clone, Serialize)]
pub struct CodeInfo {
    pub name: &'static str,
    /// The severities it had in this batch (`error`, or `error / warning`).
    pub severity: String,
    pub help: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutputFile {
    pub path: String,
    pub kbo: String,
    pub rows: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RejectedFile {
    pub path: String,
    pub rows: usize,
}

/// The report without its `rows`, which are too many to hold: they are
/// written as the second read meets them (see [`ReportWriter`]).
#[derive(Debug, Clone)]
pub struct Report<'a> {
    pub report_version: u32,
    pub tool: Tool,
    pub as_of: String,
    /// The table of school-year figures the run used (v3).
    pub regulation: RegulationBlock,
    pub inputs: Vec<InputInfo>,
    pub ledger: Option<LedgerBlock>,
    pub summary: Summary<'a>,
    pub codes: BTreeMap<crate::code::Code, CodeInfo>,
    // `rows` is streamed between `summary` and `outputs` by `ReportWriter`.
    pub outputs: Vec<OutputFile>,
    pub rejected_file: Option<RejectedFile>,
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FatalBody {
    pub code: &'static str,
    pub file: String,
    pub message: String,
    pub help: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FatalReport {
    pub report_version: u32,
    pub tool: Tool,
    pub as_of: String,
    pub fatal: FatalBody,
}

/// Builds the report of a validated batch; `outputs` and `rejected_file`
/// are filled in by `prepare`, the rows are streamed by [`ReportWriter`].
pub fn build(batch: &Batch, as_of: NaiveDate) -> Report<'_> {
    let tally = &batch.tally;
    let figures = &batch.figures;
    let total = &figures.total;
    let lang = batch.options.context.lang;
    let employers: Vec<EmployerSummary> = tally
        .employers
        .iter()
        .map(|(kbo, counts)| {
            let f = figures.per_employer.get(kbo).cloned().unwrap_or_default();
            let info = batch.employers.get(kbo).cloned().unwrap_or_default();
            EmployerSummary {
                kbo: format!("{kbo:010}"),
                name: info.name,
                accepted: counts.accepted,
                rejected: counts.rejected,
                already_prepared: counts.already_prepared,
                first_last_day: info.first_last_day.map(|d| d.to_string()),
                vov_hours: two_decimals(f.vov_hours),
                capped_hours: two_decimals(f.capped_hours),
                estimated_reimbursement_eur: two_decimals(f.estimated_reimbursement),
                estimate_provisional: f.estimate_provisional,
            }
        })
        .collect();
    Report {
        report_version: REPORT_VERSION,
        tool: TOOL,
        as_of: as_of.to_string(),
        regulation: RegulationBlock::of(crate::regulation::in_force(), figures.school_years.iter().copied()),
        inputs: batch.inputs.clone(),
        ledger: batch.options.ledger.as_ref().map(|view| LedgerBlock {
            path: view.path.display().to_string(),
            run: None,
            // Each accepted row is one upload line, but merged modules share one.
            new: tally.accepted.saturating_sub(
                batch
                    .merges
                    .iter()
                    .map(|m| m.members.len().saturating_sub(1))
                    .sum::<usize>(),
            ),
            already_prepared: tally.already_prepared,
            changed: batch.ledger_changed,
            released: 0,
            undetermined_runs: 0,
        }),
        codes: tally
            .severities
            .iter()
            .filter(|(code, _)| tally.rows_by_code.contains_key(*code))
            .map(|(code, severities)| {
                let rule = crate::rules::rule(*code);
                let severity = severities
                    .iter()
                    .rev()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" / ");
                (
                    rule.code,
                    CodeInfo {
                        name: rule.name,
                        severity,
                        help: rule.explanation.fix.get(lang),
                    },
                )
            })
            .collect(),
        summary: Summary {
            rows: tally.rows,
            accepted: tally.accepted,
            rejected: tally.rejected,
            already_prepared: tally.already_prepared,
            with_warnings: tally.with_warnings,
            by_code: tally.rows_by_code.clone(),
            employers,
            total: Totals {
                vov_hours: two_decimals(total.vov_hours),
                capped_hours: two_decimals(total.capped_hours),
                estimated_reimbursement_eur: two_decimals(total.estimated_reimbursement),
                estimate_provisional: total.estimate_provisional,
            },
            employees: Employees {
                figures: &figures.per_employee,
                names: &batch.names,
            },
        },
        outputs: Vec::new(),
        rejected_file: None,
        notes: batch.notes.clone(),
    }
}

/// The fields before `rows`.
#[derive(Serialize)]
struct Head<'r, 'a> {
    report_version: u32,
    tool: &'r Tool,
    as_of: &'r str,
    regulation: &'r RegulationBlock,
    inputs: &'r [InputInfo],
    summary: &'r Summary<'a>,
    codes: &'r BTreeMap<crate::code::Code, CodeInfo>,
}

/// The fields after `rows`. The `ledger` block is one of them: what the run
/// releases is decided once every request is recorded, after the rows.
#[derive(Serialize)]
struct Tail<'r> {
    #[serde(skip_serializing_if = "Option::is_none")]
    ledger: Option<&'r LedgerBlock>,
    outputs: &'r [OutputFile],
    #[serde(skip_serializing_if = "Option::is_none")]
    rejected_file: Option<&'r RejectedFile>,
    notes: &'r [Note],
}

/// How a pretty-printed JSON object ends.
const CLOSE: &[u8] = b"\n}";

/// Writes everything but the last `CLOSE.len()` bytes, which it holds.
struct HoldBack<W: std::io::Write> {
    inner: W,
    held: Vec<u8>,
}

impl<W: std::io::Write> std::io::Write for HoldBack<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let keep = CLOSE.len();
        if buf.len() >= keep {
            self.inner.write_all(&self.held)?;
            self.held.clear();
            let (pass, hold) = buf.split_at(buf.len() - keep);
            self.inner.write_all(pass)?;
            self.held.extend_from_slice(hold);
        } else {
            self.held.extend_from_slice(buf);
            let excess = self.held.len().saturating_sub(keep);
            self.inner.write_all(&self.held[..excess])?;
            self.held.drain(..excess);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes a report whose rows come one at a time: the head (known after the
/// first read), then each row, then the tail (known at the end). The bytes
/// are those of the whole report pretty-printed at once, except that each
/// entry of `rows` is one line of compact JSON.
pub struct ReportWriter<W: std::io::Write> {
    /// Every byte of the report passes the masking step on its way out.
    out: MaskingWriter<std::io::BufWriter<W>>,
    rows: usize,
}

impl<W: std::io::Write> ReportWriter<W> {
    pub fn start(report: &Report<'_>, out: W) -> std::io::Result<ReportWriter<W>> {
        let mut out = MaskingWriter::new(std::io::BufWriter::with_capacity(256 * 1024, out));
        let head = Head {
            report_version: report.report_version,
            tool: &report.tool,
            as_of: &report.as_of,
            regulation: &report.regulation,
            inputs: &report.inputs,
            summary: &report.summary,
            codes: &report.codes,
        };
        // Streamed: the summary lists every employee, a hundred megabytes
        // of JSON in a big batch. The object is reopened by holding back
        // its closing "\n}".
        let mut open = HoldBack {
            inner: &mut out,
            held: Vec::with_capacity(CLOSE.len()),
        };
        serde_json::to_writer_pretty(&mut open, &head).map_err(std::io::Error::other)?;
        if open.held != CLOSE {
            return Err(std::io::Error::other("the report's head did not end its object"));
        }
        out.write_all(b",\n  \"rows\": [")?;
        Ok(ReportWriter { out, rows: 0 })
    }

    /// Adds one entry of `rows`, as made by [`ReportRow::render`].
    pub fn row(&mut self, rendered: &[u8]) -> std::io::Result<()> {
        self.out
            .write_all(if self.rows == 0 { b"\n    " } else { b",\n    " })?;
        self.out.write_all(rendered)?;
        self.rows += 1;
        Ok(())
    }

    /// Closes `rows` and writes the rest of the report; gives the writer back.
    pub fn finish(mut self, report: &Report<'_>) -> std::io::Result<W> {
        self.out.write_all(if self.rows == 0 { b"]" } else { b"\n  ]" })?;
        let tail = Tail {
            ledger: report.ledger.as_ref(),
            outputs: &report.outputs,
            rejected_file: report.rejected_file.as_ref(),
            notes: &report.notes,
        };
        let json = serde_json::to_vec_pretty(&tail).map_err(std::io::Error::other)?;
        // Continue the object: drop the tail's opening "{".
        let rest = json.strip_prefix(b"{").unwrap_or(&json);
        self.out.write_all(b",")?;
        self.out.write_all(rest)?;
        self.out.write_all(b"\n")?;
        self.out.into_inner()?.into_inner().map_err(|e| e.into_error())
    }
}

/// A small report as `prepare` makes it, for the tests of what renders it
/// (the human summary, `report.html`): two employers, two codes, a note, an
/// input of 1,234 rows, two uploads and `rejected.csv` in `/tmp/out`; the
/// built-in table, rows in 2025-2026 and the provisional 2026-2027, of
/// which only the second employer's estimate uses the provisional year.
#[cfg(test)]
pub(crate) fn sample(names: &crate::state::NameBook) -> Report<'_> {
    use crate::code::Code;
    let employer =
        |kbo: &str, name: Option<&str>, accepted, rejected, hours: &str, capped: &str, eur: &str, provisional: bool| {
            EmployerSummary {
                kbo: kbo.to_string(),
                name: name.map(str::to_string),
                accepted,
                rejected,
                already_prepared: 0,
                first_last_day: Some("2026-12-31".to_string()),
                vov_hours: hours.to_string(),
                capped_hours: capped.to_string(),
                estimated_reimbursement_eur: eur.to_string(),
                estimate_provisional: provisional,
            }
        };
    Report {
        report_version: REPORT_VERSION,
        tool: TOOL,
        as_of: "2026-11-22".to_string(),
        regulation: RegulationBlock::of(crate::regulation::Regulation::built_in(), [2025, 2026]),
        inputs: vec![InputInfo {
            path: "payroll.csv".to_string(),
            sheet: None,
            encoding: Some("utf-8".to_string()),
            delimiter: Some(';'),
            rows: 1234,
            headers: Vec::new(),
            extra_columns: Vec::new(),
            columns: Vec::new(),
            header_line: 1,
            skipped_rows: 0,
            notes: Vec::new(),
        }],
        ledger: None,
        summary: Summary {
            rows: 1234,
            accepted: 1200,
            rejected: 30,
            already_prepared: 4,
            with_warnings: 12,
            by_code: BTreeMap::from([(Code::R206, 12), (Code::X301, 30)]),
            employers: vec![
                employer(
                    "0403170701",
                    Some("Acme NV"),
                    1000,
                    30,
                    "6000.00",
                    "5900.00",
                    "87969.00",
                    false,
                ),
                employer("0202239951", None, 200, 0, "1234.50", "1234.50", "18406.40", true),
            ],
            total: Totals {
                vov_hours: "7234.50".to_string(),
                capped_hours: "7134.50".to_string(),
                estimated_reimbursement_eur: "106375.40".to_string(),
                estimate_provisional: true,
            },
            employees: Employees { figures: &[], names },
        },
        codes: BTreeMap::new(),
        outputs: vec![
            OutputFile {
                path: "/tmp/out/wse-vov_0403170701.csv".to_string(),
                kbo: "0403170701".to_string(),
                rows: 1000,
            },
            OutputFile {
                path: "/tmp/out/wse-vov_0202239951.csv".to_string(),
                kbo: "0202239951".to_string(),
                rows: 200,
            },
        ],
        rejected_file: Some(RejectedFile {
            path: "/tmp/out/rejected.csv".to_string(),
            rows: 30,
        }),
        notes: vec![Note {
            input: None,
            message: "une remarque".to_string(),
        }],
    }
}

pub fn to_json(value: &impl Serialize) -> String {
    // Serialising these plain structs cannot fail; an empty object keeps stdout valid JSON if it ever did.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hold_back_keeps_the_last_two_bytes_whatever_the_pieces() {
        let text = b"{\n  \"a\": 1\n}";
        for piece in 1..=text.len() {
            let mut out = Vec::new();
            let mut hold = HoldBack {
                inner: &mut out,
                held: Vec::new(),
            };
            for chunk in text.chunks(piece) {
                hold.write_all(chunk).unwrap();
            }
            assert_eq!(hold.held, CLOSE, "pieces of {piece}");
            assert_eq!(out, &text[..text.len() - 2], "pieces of {piece}");
        }
    }

    #[test]
    fn a_row_is_one_line_of_compact_json() {
        let diagnostics = vec![crate::model::Diagnostic {
            code: crate::code::Code::R206,
            severity: crate::model::Severity::Warning,
            field: Some(crate::field::Field::Startdatum),
            value: None,
            message: "termijn \"bijna\" voorbij\nregel 2".to_string(),
            help: "Laad op.".into(),
        }];
        let row = ReportRow {
            input: 0,
            line: 3,
            origin: "a.csv:3".to_string(),
            status: crate::model::Status::Accepted,
            kbo: Some("0403170701".to_string()),
            last_day: None,
            vov_hours: None,
            diagnostics: Diagnostics(&diagnostics),
        };
        let rendered = String::from_utf8(row.render()).unwrap();
        assert!(!rendered.contains('\n'), "{rendered}");
        let back: serde_json::Value = serde_json::from_str(&rendered).unwrap();
        assert_eq!(back["line"], 3);
        assert_eq!(back["diagnostics"][0]["message"], "termijn \"bijna\" voorbij\nregel 2");
    }
}
