//! The JSON report (`report_version` 1), as the contract shows it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use std::io::Write as _;

use serde::Serialize;

use crate::figures::{two_decimals, FigureBook};
use crate::model::{Diagnostic, Severity, Status};
use crate::reader::InputInfo;
use crate::rules::file::Fatal;
use crate::validate::{Batch, Note};

pub const REPORT_VERSION: u32 = 1;
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
    pub accepted: usize,
    pub rejected: usize,
    pub vov_hours: String,
    pub capped_hours: String,
    pub estimated_reimbursement_eur: String,
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
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary<'a> {
    pub rows: usize,
    pub accepted: usize,
    pub rejected: usize,
    /// Accepted rows that carry at least one warning.
    pub with_warnings: usize,
    /// Per code: the number of rows with that code.
    pub by_code: BTreeMap<&'static str, usize>,
    pub employers: Vec<EmployerSummary>,
    pub total: Totals,
    /// Per employee and school year, over the accepted rows.
    pub employees: Employees<'a>,
}

/// The per-employee figures, formatted only while they are written (one
/// entry per employee and school year: hundreds of thousands in a big batch).
#[derive(Debug, Clone)]
pub struct Employees<'a> {
    pub figures: BTreeMap<(u64, i32), (u32, crate::figures::EmployerFigures)>,
    pub names: &'a crate::state::NameBook,
}

impl Employees<'_> {
    pub fn len(&self) -> usize {
        self.figures.len()
    }

    pub fn is_empty(&self) -> bool {
        self.figures.is_empty()
    }

    /// The entries as the report writes them.
    pub fn iter(&self) -> impl Iterator<Item = EmployeeSummary> + '_ {
        self.figures.iter().map(|((insz, year), (name, f))| EmployeeSummary {
            employee: crate::values::insz::mask_raw(&format!("{insz:011}")),
            name: self.names.shown(*name).to_string(),
            school_year: crate::figures::school_year_name(*year),
            vov_hours: two_decimals(f.vov_hours),
            capped_hours: two_decimals(f.capped_hours),
            estimated_reimbursement_eur: two_decimals(f.estimated_reimbursement),
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
                s.serialize_field("code", d.code)?;
                s.serialize_field("severity", &d.severity)?;
                s.serialize_field("field", &d.field.map(|f| f.name()))?;
                s.serialize_field("message", &d.message)?;
                s.serialize_field("help", &*d.help)?;
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
    pub status: Status,
    pub kbo: Option<String>,
    /// VOV hours of the row, when its fields typed.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "hours_two_decimals")]
    pub vov_hours: Option<rust_decimal::Decimal>,
    pub diagnostics: Diagnostics<'a>,
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

#[derive(Debug, Clone, Serialize)]
pub struct Report<'a> {
    pub report_version: u32,
    pub tool: Tool,
    pub as_of: String,
    pub inputs: Vec<InputInfo>,
    pub summary: Summary<'a>,
    pub rows: Vec<ReportRow<'a>>,
    pub outputs: Vec<OutputFile>,
    #[serde(skip_serializing_if = "Option::is_none")]
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

pub fn fatal_report(fatal: &Fatal, as_of: NaiveDate) -> FatalReport {
    FatalReport {
        report_version: REPORT_VERSION,
        tool: TOOL,
        as_of: as_of.to_string(),
        fatal: FatalBody {
            code: fatal.code,
            file: fatal.file.clone(),
            message: fatal.message.clone(),
            help: fatal.help.clone(),
        },
    }
}

/// Builds the report of a validated batch; `outputs` and `rejected_file`
/// are filled in by `prepare`.
pub fn build(batch: &Batch, as_of: NaiveDate) -> Report<'_> {
    let mut by_code: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut employers: BTreeMap<u64, (usize, usize)> = BTreeMap::new();
    let mut book = FigureBook::default();
    let mut rows = Vec::new();
    let (mut accepted, mut rejected, mut with_warnings) = (0, 0, 0);
    for state in &batch.rows {
        let status = batch.status(state);
        match status {
            Status::Accepted => accepted += 1,
            Status::Rejected => rejected += 1,
        }
        if status == Status::Accepted && state.has(Severity::Warning) {
            with_warnings += 1;
        }
        let mut codes_seen: Vec<&str> = Vec::new();
        for d in &state.diagnostics {
            if !codes_seen.contains(&d.code) {
                codes_seen.push(d.code);
                *by_code.entry(d.code).or_default() += 1;
            }
        }
        if let Some(kbo) = state.employer {
            let entry = employers.entry(kbo).or_default();
            match status {
                Status::Accepted => entry.0 += 1,
                Status::Rejected => entry.1 += 1,
            }
        }
        if status == Status::Accepted {
            if let Some(facts) = &state.facts {
                book.add(facts);
            }
        }
        if !state.diagnostics.is_empty() {
            rows.push(ReportRow {
                input: state.source.input,
                line: state.source.line,
                status,
                kbo: state.kbo_display(),
                vov_hours: state.facts.as_ref().map(|f| f.hours),
                diagnostics: Diagnostics(&state.diagnostics),
            });
        }
    }
    let figures = book.compute();
    let total = &figures.total;
    let employers: Vec<EmployerSummary> = employers
        .into_iter()
        .map(|(kbo, (accepted, rejected))| {
            let f = figures.per_employer.get(&kbo).cloned().unwrap_or_default();
            EmployerSummary {
                kbo: format!("{kbo:010}"),
                accepted,
                rejected,
                vov_hours: two_decimals(f.vov_hours),
                capped_hours: two_decimals(f.capped_hours),
                estimated_reimbursement_eur: two_decimals(f.estimated_reimbursement),
            }
        })
        .collect();
    Report {
        report_version: REPORT_VERSION,
        tool: TOOL,
        as_of: as_of.to_string(),
        inputs: batch.inputs.clone(),
        summary: Summary {
            rows: batch.rows.len(),
            accepted,
            rejected,
            with_warnings,
            by_code,
            employers,
            total: Totals {
                vov_hours: two_decimals(total.vov_hours),
                capped_hours: two_decimals(total.capped_hours),
                estimated_reimbursement_eur: two_decimals(total.estimated_reimbursement),
            },
            employees: Employees {
                figures: figures.per_employee,
                names: &batch.names,
            },
        },
        rows,
        outputs: Vec::new(),
        rejected_file: None,
        notes: batch.notes.clone(),
    }
}

pub fn to_json(value: &impl Serialize) -> String {
    // Serialising these plain structs cannot fail; an empty object keeps stdout valid JSON if it ever did.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

/// Writes `value` as pretty JSON and a line end, without building it in memory first.
pub fn write_json(value: &impl Serialize, out: impl std::io::Write) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(256 * 1024, out);
    serde_json::to_writer_pretty(&mut out, value).map_err(std::io::Error::other)?;
    out.write_all(b"\n")?;
    out.flush()
}
