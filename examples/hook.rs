//! A payroll package's export hook: the records it is about to export, held
//! in memory, checked by the vov-bulk library before anything is written,
//! with one line per record saying what the WSE-loket would make of it.
//!
//! ```sh
//! cargo run --example hook
//! ```
//!
//! Prints one line per record (`line 4: rejected` and the messages), then
//! the counts; exits 1 when a record is rejected, as `vov-bulk check` does.

use std::ops::ControlFlow;
use std::process::ExitCode;

use vov_bulk::api::{BatchBuilder, Record, Records, RowResult, Sink};
use vov_bulk::lang::Lang;
use vov_bulk::model::Status;

/// The hook's answer per record: printed here; a payroll package would mark
/// the record in its own screen instead.
struct PrintPerRecord;

impl Sink for PrintPerRecord {
    fn row(&mut self, row: RowResult<'_>) -> ControlFlow<()> {
        let status = match row.status {
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::AlreadyPrepared => "already prepared",
        };
        println!("line {}: {status}", row.line);
        for diagnostic in row.diagnostics {
            println!(
                "  {} {}: {}",
                diagnostic.code,
                diagnostic.severity.as_str(),
                diagnostic.message
            );
        }
        ControlFlow::Continue(())
    }
}

fn main() -> ExitCode {
    // What the payroll package holds: its own column names (aliases the
    // built-in input schema knows), one record per training request.
    let header = [
        "KBO",
        "INSZ",
        "Naam",
        "Voornaam",
        "ODB-nummer",
        "Eenheid",
        "Aantal",
        "Startdatum",
        "Einddatum",
    ]
    .map(String::from)
    .to_vec();
    let records = vec![
        Record::new(
            1,
            [
                "0403170701",
                "85073003328",
                "Peeters",
                "An",
                "ODB-0002141",
                "uren",
                "40",
                "01/10/2026",
                "30/06/2027",
            ],
        ),
        // A typo in the national number's check digits.
        Record::new(
            2,
            [
                "0403170701",
                "85073003329",
                "Janssens",
                "Bart",
                "ODB-0002141",
                "uren",
                "40",
                "01/10/2026",
                "30/06/2027",
            ],
        ),
        // The first request again: prepared once, not twice.
        Record::new(
            3,
            [
                "0403170701",
                "85073003328",
                "Peeters",
                "An",
                "ODB-0002141",
                "uren",
                "40",
                "01/10/2026",
                "30/06/2027",
            ],
        ),
        // Below the minimum of 32 hours: still submittable, with a warning.
        Record::new(
            4,
            [
                "0403170701",
                "90020112305",
                "Claes",
                "Eva",
                "ODB-Z00291",
                "uren",
                "20",
                "15/10/2026",
                "15/12/2026",
            ],
        ),
    ];
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
    let batch = BatchBuilder::new(as_of)
        .lang(Lang::En)
        .records(Records::new("payroll-hook", header, records));
    match batch.check(&mut PrintPerRecord) {
        Ok(summary) => {
            println!(
                "{} records: {} accepted ({} with a warning), {} rejected",
                summary.rows, summary.accepted, summary.with_warnings, summary.rejected
            );
            if summary.rejected > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(error) => {
            eprintln!("hook: {error}");
            ExitCode::from(2)
        }
    }
}
