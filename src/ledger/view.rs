//! What X306/X307 need of the ledger, loaded once per run so that checking a
//! row costs no SQL: the current version of every key.
//!
//! A million requests must load in well under a second and stay near 100
//! bytes each. A `HashMap` would take 100-200 bytes per entry depending on
//! where its power-of-two growth lands, so the view is a chained hash table
//! of its own: the entries in one vector sized from a count, each with the
//! index of the next entry of its bucket (in what would be padding), and one
//! `u32` per bucket for its first entry (about one entry per bucket).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::codec;
use super::error::{corrupt, sql, LedgerError};
use super::key::{OdbCode, RequestKey};
use super::status::RequestStatus;
use super::store::Ledger;
use crate::lang::tr;
use crate::values::Unit;

/// What X306/X307 need of the current version of a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownRequest {
    /// The request version's row id.
    pub id: i64,
    /// The run that prepared it.
    pub run: i64,
    /// Its einddatum.
    pub einddatum: NaiveDate,
    /// Its unit.
    pub eenheid: Unit,
    /// Its quantity.
    pub aantal: Decimal,
    /// Where it stands.
    pub status: RequestStatus,
    /// The WSE dossier number, once an overview gave one.
    pub dossier: Option<String>,
}

/// A run whose requests the view holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunInfo {
    /// The run's number.
    pub id: i64,
    /// When it started (RFC 3339 UTC).
    pub started_at: String,
    /// Its as-of date.
    pub as_of: NaiveDate,
    /// Its output folder.
    pub out_dir: PathBuf,
}

/// One key, with the index of the next key of its bucket. Stored field by
/// field so that the link fits in what would otherwise be padding (32
/// bytes), and apart from the versions so that walking a chain touches a
/// third of the memory.
struct Entry {
    kbo: u64,
    insz: u64,
    odb: OdbCode,
    reference_start: NaiveDate,
    /// The next entry of the same bucket, or [`NONE`].
    next: u32,
}

impl Entry {
    fn is(&self, key: &RequestKey) -> bool {
        self.insz == key.insz
            && self.kbo == key.kbo
            && self.odb == key.odb
            && self.reference_start == key.reference_start
    }
}

/// The end of a chain.
const NONE: u32 = u32::MAX;

/// The current version of every key of the published runs, for lookups
/// without SQL.
pub struct LedgerView {
    entries: Vec<Entry>,
    /// The current version of `entries[i]`'s key.
    known: Vec<KnownRequest>,
    /// Each bucket's first entry, or [`NONE`].
    heads: Vec<u32>,
    /// Right shift from a key's hash to its bucket.
    shift: u32,
    runs: HashMap<i64, RunInfo>,
    /// Runs whose folder this run replaces (`--replace`): their requests
    /// still only `prepared` are not known, so the run writes them again.
    replaced: Vec<i64>,
    /// The ledger file it was read from.
    pub path: PathBuf,
}

impl std::fmt::Debug for LedgerView {
    /// A summary: a million entries (with national numbers) have no place in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LedgerView")
            .field("path", &self.path)
            .field("requests", &self.entries.len())
            .field("runs", &self.runs.len())
            .finish()
    }
}

/// A 64-bit mix of a key whose top bits pick the bucket.
fn hash(key: &RequestKey) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    // Any injective number of the date will do; the sign bit's wrap is harmless.
    let date = u64::from(key.reference_start.num_days_from_ce() as u32);
    let mut h = key.kbo.wrapping_mul(K);
    for part in [key.insz, key.odb.bits(), date] {
        h = (h.rotate_left(27) ^ part).wrapping_mul(K);
    }
    h ^ (h >> 31)
}

impl LedgerView {
    /// A view of no requests (no ledger, or a new one).
    pub fn empty(path: impl Into<PathBuf>) -> LedgerView {
        LedgerView::with_capacity(0, HashMap::new(), path.into())
    }

    /// An empty view with room for about `n` keys: between n/2 and n buckets
    /// (at least 2), so chains hold one or two entries.
    fn with_capacity(n: usize, runs: HashMap<i64, RunInfo>, path: PathBuf) -> LedgerView {
        let bits = n.max(2).next_power_of_two().trailing_zeros();
        LedgerView {
            entries: Vec::with_capacity(n),
            known: Vec::with_capacity(n),
            heads: vec![NONE; 1 << bits],
            shift: u64::BITS - bits,
            runs,
            replaced: Vec::new(),
            path,
        }
    }

    /// This view for a run that replaces the folder of the runs `replaced`:
    /// their requests that are still only `prepared` are as if unknown (no
    /// X306 or X307), so that the run prepares them again into the new
    /// folder instead of leaving them to uploads it throws away.
    pub fn replacing(mut self, replaced: Vec<i64>) -> LedgerView {
        self.replaced = replaced;
        self
    }

    fn bucket(&self, key: &RequestKey) -> usize {
        usize::try_from(hash(key) >> self.shift).unwrap_or(0)
    }

    /// Adds a version; of two versions of one key the one of the later run
    /// (then the later row) stays. `false` when the view is full (4 billion keys).
    fn insert(&mut self, key: RequestKey, known: KnownRequest) -> bool {
        let b = self.bucket(&key);
        let mut i = self.heads.get(b).copied().unwrap_or(NONE);
        while let Some(e) = self.entries.get(i as usize) {
            if e.is(&key) {
                if let Some(old) = self.known.get_mut(i as usize) {
                    if (known.run, known.id) > (old.run, old.id) {
                        *old = known;
                    }
                }
                return true;
            }
            i = e.next;
        }
        let Ok(at) = u32::try_from(self.entries.len()) else {
            return false;
        };
        if at == NONE {
            return false;
        }
        let Some(head) = self.heads.get_mut(b) else {
            return false;
        };
        self.entries.push(Entry {
            kbo: key.kbo,
            insz: key.insz,
            odb: key.odb,
            reference_start: key.reference_start,
            next: *head,
        });
        self.known.push(known);
        *head = at;
        true
    }

    /// The current version of a key, if a published run prepared it and
    /// it still stands: a `released` request, or a `prepared` one of a
    /// folder being replaced, is to be prepared again.
    pub fn get(&self, key: &RequestKey) -> Option<&KnownRequest> {
        let mut i = *self.heads.get(self.bucket(key))?;
        while let Some(e) = self.entries.get(i as usize) {
            if e.is(key) {
                return self.known.get(i as usize).filter(|k| self.stands(k));
            }
            i = e.next;
        }
        None
    }

    fn stands(&self, known: &KnownRequest) -> bool {
        match known.status {
            RequestStatus::Released => false,
            RequestStatus::Prepared => !self.replaced.contains(&known.run),
            _ => true,
        }
    }

    /// A run of the view's requests.
    pub fn run(&self, id: i64) -> Option<&RunInfo> {
        self.runs.get(&id)
    }

    /// How many keys the view holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The upload file a request version is in: its run's output folder and
    /// `wse-vov_<kbo>.csv`.
    pub fn upload_file(&self, known: &KnownRequest, kbo: &str) -> PathBuf {
        let name = format!("wse-vov_{kbo}.csv");
        match self.runs.get(&known.run) {
            Some(run) => run.out_dir.join(name),
            None => PathBuf::from(name),
        }
    }

    /// Bytes the view holds in memory (for the performance test and `-v` logs).
    pub fn memory_bytes(&self) -> usize {
        let dossiers: usize = self
            .known
            .iter()
            .filter_map(|k| k.dossier.as_ref().map(String::capacity))
            .sum();
        self.entries.capacity() * std::mem::size_of::<Entry>()
            + self.known.capacity() * std::mem::size_of::<KnownRequest>()
            + self.heads.capacity() * 4
            + dossiers
    }
}

impl Ledger {
    /// Loads the current version of every key of the published runs (and of
    /// the pending runs the last read-only [`Ledger::resolve_pending`] found
    /// published).
    pub fn view(&self) -> Result<LedgerView, LedgerError> {
        let path = self.path.as_path();
        // One read transaction: the runs and their requests from one snapshot.
        let tx = self.conn.unchecked_transaction().map_err(sql(path))?;
        let mut runs = HashMap::new();
        {
            let sql_text = format!(
                "SELECT r.id, r.started_at, r.as_of, r.out_dir FROM runs r WHERE {}",
                self.visible().on("r")
            );
            let mut stmt = tx.prepare(&sql_text).map_err(sql(path))?;
            let mut rows = stmt.query([]).map_err(sql(path))?;
            while let Some(row) = rows.next().map_err(sql(path))? {
                let id: i64 = row.get(0).map_err(sql(path))?;
                let bad = |what: &str| corrupt(path, super::error::unreadable_in_run(id, what));
                let as_of = codec::date_from(row.get_ref(2).map_err(sql(path))?).ok_or_else(|| bad("as_of"))?;
                let out_dir = codec::path_from(row.get_ref(3).map_err(sql(path))?).ok_or_else(|| bad("out_dir"))?;
                let started_at: String = row.get(1).map_err(sql(path))?;
                runs.insert(
                    id,
                    RunInfo {
                        id,
                        started_at,
                        as_of,
                        out_dir,
                    },
                );
            }
        }
        let count: i64 = tx
            .query_row("SELECT count(*) FROM requests", [], |r| r.get(0))
            .map_err(sql(path))?;
        let visible: HashSet<i64> = runs.keys().copied().collect();
        let status = self.visible().status("r");
        let mut view = LedgerView::with_capacity(usize::try_from(count).unwrap_or(0), runs, path.to_path_buf());
        // Reading the rows and building the table take about as long each for
        // a large ledger: a second thread builds while this one reads.
        std::thread::scope(|scope| {
            let (batches, received) = std::sync::mpsc::sync_channel::<Vec<(RequestKey, KnownRequest)>>(4);
            let builder = scope.spawn(move || {
                for batch in received {
                    for (key, known) in batch {
                        if !view.insert(key, known) {
                            return None;
                        }
                    }
                }
                Some(view)
            });
            let read = read_requests(&tx, path, &visible, &status, &batches);
            drop(batches);
            let built = match builder.join() {
                Ok(built) => built,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            read?;
            built.ok_or_else(|| {
                corrupt(
                    path,
                    crate::lang::Localized::new(|lang| {
                        tr!(lang,
                            nl: "meer dan 4 miljard aanvragen",
                            fr: "plus de 4 milliards de demandes",
                            en: "more than 4 billion requests",
                        )
                        .to_string()
                    }),
                )
            })
        })
    }
}

/// How many rows go to the builder at once.
const BATCH: usize = 4096;

/// Reads the requests of the `visible` runs and sends them on in batches;
/// stops early when the builder has stopped. `status` is the SQL of a
/// request's status as the view sees it (see `Visible::status`).
fn read_requests(
    conn: &rusqlite::Connection,
    path: &Path,
    visible: &HashSet<i64>,
    status: &str,
    batches: &std::sync::mpsc::SyncSender<Vec<(RequestKey, KnownRequest)>>,
) -> Result<(), LedgerError> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT r.id, r.run_id, r.kbo, r.insz, r.odb, r.reference_start, r.einddatum, r.eenheid, r.aantal, \
             {status}, r.dossier FROM requests r ORDER BY r.id"
        ))
        .map_err(sql(path))?;
    let mut rows = stmt.query([]).map_err(sql(path))?;
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(row) = rows.next().map_err(sql(path))? {
        let run: i64 = row.get(1).map_err(sql(path))?;
        if !visible.contains(&run) {
            continue;
        }
        let id: i64 = row.get(0).map_err(sql(path))?;
        let value = |i: usize| row.get_ref(i).map_err(sql(path));
        let text = |i: usize| -> Result<&[u8], LedgerError> { Ok(value(i)?.as_bytes().unwrap_or_default()) };
        let bad = |what: &str| corrupt(path, super::error::unreadable_in_request(id, what));
        let key = RequestKey::from_stored(value(2)?, value(3)?, value(4)?, value(5)?).ok_or_else(|| bad("key"))?;
        let known = KnownRequest {
            id,
            run,
            einddatum: codec::date_from(value(6)?).ok_or_else(|| bad("einddatum"))?,
            eenheid: codec::parse_unit(text(7)?).ok_or_else(|| bad("eenheid"))?,
            aantal: codec::parse_decimal(text(8)?).ok_or_else(|| bad("aantal"))?,
            status: std::str::from_utf8(text(9)?)
                .ok()
                .and_then(RequestStatus::parse)
                .ok_or_else(|| bad("status"))?,
            dossier: row.get(10).map_err(sql(path))?,
        };
        batch.push((key, known));
        if batch.len() == BATCH
            && batches
                .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                .is_err()
        {
            return Ok(());
        }
    }
    if !batch.is_empty() {
        // A builder that stopped has its own error to report.
        let _ = batches.send(batch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(i: u64) -> RequestKey {
        RequestKey {
            kbo: 403_170_701 + (i % 7),
            insz: 85_073_003_328 + i,
            odb: OdbCode::of("ODB-Z00291").unwrap(),
            reference_start: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
        }
    }

    fn known(i: u64, run: i64, id: i64) -> KnownRequest {
        KnownRequest {
            id,
            run,
            einddatum: NaiveDate::from_ymd_opt(2027, 6, 30).unwrap(),
            eenheid: Unit::Uren,
            aantal: Decimal::from(i),
            status: RequestStatus::Prepared,
            dossier: None,
        }
    }

    #[test]
    fn entries_are_small() {
        assert_eq!(std::mem::size_of::<Entry>(), 32);
        assert!(
            std::mem::size_of::<KnownRequest>() <= 64,
            "{}",
            std::mem::size_of::<KnownRequest>()
        );
    }

    #[test]
    fn finds_every_key_and_keeps_the_latest_version() {
        for n in [0u64, 1, 2, 3, 17, 1000] {
            let mut view = LedgerView::with_capacity(n as usize, HashMap::new(), PathBuf::new());
            // Every third key again in a later run, every ninth once more in
            // that run, and every fifth in an earlier run after the fact.
            let mut versions: Vec<(u64, i64, i64)> = (0..n).map(|i| (i, 2, i as i64)).collect();
            versions.extend((0..n).step_by(3).map(|i| (i, 3, 10_000 + i as i64)));
            versions.extend((0..n).step_by(9).map(|i| (i, 3, 20_000 + i as i64)));
            versions.extend((0..n).step_by(5).map(|i| (i, 1, 30_000 + i as i64)));
            for (i, run, id) in versions {
                assert!(view.insert(key(i), known(i, run, id)));
            }
            assert_eq!(view.len(), n as usize);
            for i in 0..n {
                let found = view.get(&key(i)).unwrap();
                let expected = if i % 9 == 0 {
                    20_000 + i as i64
                } else if i % 3 == 0 {
                    10_000 + i as i64
                } else {
                    i as i64
                };
                assert_eq!(found.id, expected, "n={n} i={i}");
            }
            assert!(view.get(&key(n + 1)).is_none());
        }
        let empty = LedgerView::empty("x");
        assert!(empty.is_empty() && empty.get(&key(1)).is_none());
    }
}
