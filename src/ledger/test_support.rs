//! Ledgers and requests for the ledger's unit tests (always in a temporary
//! folder, never the user's data directory).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use tempfile::TempDir;

use super::{Ledger, NewRun, PreparedRequest, RequestKey, RunCounts};
use crate::values::Unit;

pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A new ledger in a new temporary folder.
pub(crate) fn ledger() -> (TempDir, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open(&dir.path().join("ledger.sqlite")).unwrap();
    (dir, ledger)
}

/// A valid KBO number with these first 8 digits (`0403170701` for 4031707).
pub(crate) fn kbo(first8: u64) -> String {
    format!("{first8:08}{:02}", 97 - first8 % 97)
}

/// A valid national number (born before 2000) for a 9-digit base.
pub(crate) fn insz(base9: u64) -> String {
    format!("{base9:09}{:02}", 97 - base9 % 97)
}

/// Employer 0403170701 (4031707), employee 85073003328 (850730033).
pub(crate) const ACME: u64 = 4_031_707;
pub(crate) const JAN: u64 = 850_730_033;

/// A request of `kbo8`/`insz9` for ODB-Z00291 starting `start`, 40 hours.
pub(crate) fn request(kbo8: u64, insz9: u64, start: NaiveDate, aantal: i64) -> PreparedRequest {
    let key = RequestKey::new(&kbo(kbo8), &insz(insz9), "ODB-Z00291", start).unwrap();
    PreparedRequest {
        key,
        startdatum: start,
        einddatum: date(2027, 6, 30),
        eenheid: Unit::Uren,
        aantal: Decimal::from(aantal),
        vov_hours: Decimal::from(aantal),
        naam: "Peeters".into(),
        voornaam: "Jan".into(),
        werkgever_naam: Some("Acme NV".into()),
        upload_file: format!("wse-vov_{}.csv", kbo(kbo8)),
        origin: "payroll.csv:2".into(),
        last_day: crate::regulation::last_day_to_submit(start),
    }
}

pub(crate) fn new_run(out_dir: &Path, token: &str) -> NewRun {
    NewRun {
        started_at: "2026-11-02T08:00:00Z".into(),
        as_of: date(2026, 11, 2),
        tool_version: "test".into(),
        out_dir: out_dir.to_path_buf(),
        token: token.into(),
        inputs: vec![super::RunInput {
            path: "payroll.csv".into(),
            size: 10,
            sha256: "00".into(),
        }],
    }
}

/// Records a run of `requests` and leaves it pending; returns its id.
pub(crate) fn pending_run(ledger: &mut Ledger, out_dir: &Path, token: &str, requests: &[PreparedRequest]) -> i64 {
    let mut recorder = ledger.begin_run(&new_run(out_dir, token)).unwrap();
    for r in requests {
        recorder.add(r).unwrap();
    }
    let n = requests.len() as u64;
    recorder
        .commit(RunCounts {
            rows: n,
            accepted: n,
            new_requests: n,
            ..RunCounts::default()
        })
        .unwrap()
}

/// Records and publishes a run; returns its id.
pub(crate) fn published_run(ledger: &mut Ledger, out_dir: &Path, requests: &[PreparedRequest]) -> i64 {
    let run = pending_run(ledger, out_dir, "token", requests);
    ledger.mark_published(run).unwrap();
    run
}

/// One integer from the ledger's database.
pub(crate) fn count(ledger: &Ledger, sql: &str) -> i64 {
    ledger.conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// An out folder path (need not exist).
pub(crate) fn out(dir: &TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}
