//! Whole request rows as stored, for the commands that show or match them
//! (`agenda`, `ledger list`, `ledger import`, `ledger submitted`); the hot
//! path of a run uses [`super::view`] instead.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row};
use rust_decimal::Decimal;

use super::codec;
use super::error::{corrupt, sql, LedgerError};
use super::key::RequestKey;
use super::runs::Visible;
use super::status::RequestStatus;
use crate::values::Unit;

/// One request version with everything the ledger keeps of it.
#[derive(Debug, Clone)]
pub(crate) struct StoredRequest {
    pub id: i64,
    pub run: i64,
    pub key: RequestKey,
    pub startdatum: NaiveDate,
    pub einddatum: NaiveDate,
    pub eenheid: Unit,
    pub aantal: Decimal,
    pub vov_hours: Decimal,
    pub naam: String,
    pub voornaam: String,
    pub werkgever_naam: Option<String>,
    pub upload_file: String,
    pub origin: String,
    pub last_day: NaiveDate,
    pub status: RequestStatus,
    pub dossier: Option<String>,
    pub reason: Option<String>,
    /// When the status was set: for a request still `prepared` by its run,
    /// the run's start (the column is NULL then).
    pub status_at: String,
    /// The run's output folder.
    pub out_dir: PathBuf,
}

impl StoredRequest {
    /// The upload file with its run's folder.
    pub fn upload_path(&self) -> PathBuf {
        self.out_dir.join(&self.upload_file)
    }
}

/// The columns [`read`] reads, with the status as `visible` sees it.
fn columns(visible: &Visible) -> String {
    format!(
        "r.id, r.run_id, r.kbo, r.insz, r.odb, r.reference_start, r.startdatum, r.einddatum, \
         r.eenheid, r.aantal, r.vov_hours, r.naam, r.voornaam, r.werkgever_naam, r.upload_file, r.origin, r.last_day, \
         {}, r.dossier, r.reason, coalesce(r.status_at, u.started_at), u.out_dir",
        visible.status("r")
    )
}

/// SQL: no later visible version of `r`'s key exists (so `r` is current).
pub(crate) fn is_current(visible_v: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM requests n JOIN runs v ON v.id = n.run_id \
         WHERE n.kbo = r.kbo AND n.insz = r.insz AND n.odb = r.odb AND n.reference_start = r.reference_start \
         AND {visible_v} AND (n.run_id > r.run_id OR (n.run_id = r.run_id AND n.id > r.id)))"
    )
}

/// The current versions with one of `statuses` (all when empty), of one
/// employer (its KBO as a number) or all, ordered by employer, last day and
/// key (the INTEGER columns sort as their texts would).
pub(crate) fn current(
    conn: &Connection,
    path: &Path,
    visible: &Visible,
    statuses: &[RequestStatus],
    kbo: Option<u64>,
) -> Result<Vec<StoredRequest>, LedgerError> {
    let mut conditions = vec![visible.on("u"), is_current(&visible.on("v"))];
    if !statuses.is_empty() {
        // Our own fixed words, so they can stand in the SQL.
        let words: Vec<String> = statuses.iter().map(|s| format!("'{}'", s.as_str())).collect();
        conditions.push(format!("{} IN ({})", visible.status("r"), words.join(", ")));
    }
    if kbo.is_some() {
        conditions.push("r.kbo = ?1".to_string());
    }
    let text = format!(
        "SELECT {} FROM requests r JOIN runs u ON u.id = r.run_id WHERE {} \
         ORDER BY r.kbo, r.last_day, r.insz, r.odb, r.reference_start",
        columns(visible),
        conditions.join(" AND ")
    );
    let mut stmt = conn.prepare(&text).map_err(sql(path))?;
    let mut rows = match kbo {
        Some(k) => stmt.query([k.cast_signed()]),
        None => stmt.query([]),
    }
    .map_err(sql(path))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(sql(path))? {
        out.push(read(row, path)?);
    }
    Ok(out)
}

/// The current version of one key, if a visible run prepared it.
pub(crate) fn current_of(
    conn: &Connection,
    path: &Path,
    visible: &Visible,
    key: &RequestKey,
) -> Result<Option<StoredRequest>, LedgerError> {
    let text = format!(
        "SELECT {} FROM requests r JOIN runs u ON u.id = r.run_id \
         WHERE r.kbo = ?1 AND r.insz = ?2 AND r.odb = ?3 AND r.reference_start = ?4 AND {} \
         ORDER BY r.run_id DESC, r.id DESC LIMIT 1",
        columns(visible),
        visible.on("u")
    );
    let mut stmt = conn.prepare_cached(&text).map_err(sql(path))?;
    let found = stmt
        .query_row(key.stored(), |row| Ok(read(row, path)))
        .optional()
        .map_err(sql(path))?;
    found.transpose()
}

/// The employer's name as its latest visible request gives it.
pub(crate) fn employer_name(
    conn: &Connection,
    path: &Path,
    visible: &Visible,
    kbo: u64,
) -> Result<Option<String>, LedgerError> {
    let text = format!(
        "SELECT r.werkgever_naam FROM requests r JOIN runs u ON u.id = r.run_id \
         WHERE r.kbo = ?1 AND trim(coalesce(r.werkgever_naam, '')) <> '' AND {} \
         ORDER BY r.run_id DESC, r.id DESC LIMIT 1",
        visible.on("u")
    );
    let mut stmt = conn.prepare_cached(&text).map_err(sql(path))?;
    stmt.query_row([kbo.cast_signed()], |r| r.get(0))
        .optional()
        .map_err(sql(path))
}

fn read(row: &Row<'_>, path: &Path) -> Result<StoredRequest, LedgerError> {
    let id: i64 = row.get(0).map_err(sql(path))?;
    let bad = |what: &str| corrupt(path, super::error::unreadable_in_request(id, what));
    let value = |i: usize| row.get_ref(i).map_err(sql(path));
    let date = |i: usize, what: &str| codec::date_from(value(i)?).ok_or_else(|| bad(what));
    let decimal =
        |i: usize, what: &str| codec::parse_decimal(value(i)?.as_bytes().unwrap_or_default()).ok_or_else(|| bad(what));
    let text = |i: usize| -> Result<String, LedgerError> { row.get(i).map_err(sql(path)) };
    let opt = |i: usize| -> Result<Option<String>, LedgerError> { row.get(i).map_err(sql(path)) };
    Ok(StoredRequest {
        id,
        run: row.get(1).map_err(sql(path))?,
        key: RequestKey::from_stored(value(2)?, value(3)?, value(4)?, value(5)?).ok_or_else(|| bad("key"))?,
        startdatum: date(6, "startdatum")?,
        einddatum: date(7, "einddatum")?,
        eenheid: Unit::parse(&text(8)?).map_err(|_| bad("eenheid"))?,
        aantal: decimal(9, "aantal")?,
        vov_hours: decimal(10, "vov_hours")?,
        naam: text(11)?,
        voornaam: text(12)?,
        werkgever_naam: opt(13)?,
        upload_file: text(14)?,
        origin: text(15)?,
        last_day: date(16, "last_day")?,
        status: RequestStatus::parse(&text(17)?).ok_or_else(|| bad("status"))?,
        dossier: opt(18)?,
        reason: opt(19)?,
        status_at: text(20)?,
        out_dir: codec::path_from(row.get_ref(21).map_err(sql(path))?).ok_or_else(|| bad("run out_dir"))?,
    })
}
