//! Recording a run: its requests go in as `pending` in one transaction
//! before `prepare` swaps its outputs in, and the run is marked `published`
//! after. A process killed in between leaves a pending run that the next
//! writer resolves by looking at the output folder.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, Statement, TransactionBehavior};
use rust_decimal::Decimal;

use super::codec;
use super::error::{sql, LedgerError};
use super::key::RequestKey;
use super::store::Ledger;
use crate::values::Unit;

/// A run to record.
#[derive(Debug, Clone)]
pub struct NewRun {
    /// When the run started, RFC 3339 UTC.
    pub started_at: String,
    /// The run's as-of date.
    pub as_of: NaiveDate,
    /// The vov-bulk version.
    pub tool_version: String,
    /// The `--out` folder the run publishes into.
    pub out_dir: PathBuf,
    /// The run's token, as its output marker holds it.
    pub token: String,
    /// What the run read.
    pub inputs: Vec<RunInput>,
}

/// One input file of a run.
#[derive(Debug, Clone)]
pub struct RunInput {
    /// As given on the command line.
    pub path: String,
    /// In bytes.
    pub size: u64,
    /// SHA-256, lower-case hex.
    pub sha256: String,
}

/// One request as a run put it in an upload.
#[derive(Debug, Clone)]
pub struct PreparedRequest {
    /// Its key.
    pub key: RequestKey,
    /// The upload's startdatum.
    pub startdatum: NaiveDate,
    /// The upload's einddatum.
    pub einddatum: NaiveDate,
    /// The unit.
    pub eenheid: Unit,
    /// The quantity in that unit.
    pub aantal: Decimal,
    /// The VOV hours it stands for.
    pub vov_hours: Decimal,
    /// The employee's last name.
    pub naam: String,
    /// The employee's first name.
    pub voornaam: String,
    /// The employer's name, when the input gave one.
    pub werkgever_naam: Option<String>,
    /// The upload file it is in (as the run names it, e.g. `wse-vov_0403170701.csv`).
    pub upload_file: String,
    /// Where the row came from (`file:line`, or the `bron` of a fed-back row).
    pub origin: String,
    /// The last day to submit it.
    pub last_day: NaiveDate,
}

/// The figures of a run, kept with it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunCounts {
    /// Rows read.
    pub rows: u64,
    /// Rows accepted.
    pub accepted: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// Rows already prepared by an earlier run (X306).
    pub already_prepared: u64,
    /// Requests recorded by this run.
    pub new_requests: u64,
}

/// Whether a pending run's outputs were swapped in, as its folders tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publication {
    /// Its marker is in its folder, or its staging folder holds what the
    /// swap put there: its requests count.
    Published,
    /// Its staging folder still holds its own outputs: it never swapped,
    /// and its requests never reached a folder.
    NotPublished,
    /// Nothing tells (the folder was moved, renamed, or is on another
    /// machine): its requests count as prepared, and the run stays pending
    /// until a run finds out.
    Unknown,
}

/// A pending run that [`Ledger::resolve_pending`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedRun {
    /// The run.
    pub run: i64,
    /// Its output folder.
    pub out_dir: PathBuf,
    /// What its folders told.
    pub publication: Publication,
}

/// A prepared, not submitted request of a replaced folder that a run does
/// not write again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnwrittenRequest {
    /// The request version's row id.
    pub id: i64,
    /// Its employer's KBO, ten digits.
    pub kbo: String,
    /// Its employer's name, when the input gave one.
    pub werkgever_naam: Option<String>,
}

/// A run being recorded: one open IMMEDIATE transaction. Dropped without
/// [`RunRecorder::commit`], it records nothing.
///
/// The transaction is begun and ended by hand rather than with rusqlite's
/// `Transaction`, so that the insert statement can be held here, prepared
/// once, instead of being looked up in the statement cache per request.
pub struct RunRecorder<'l> {
    conn: &'l Connection,
    insert: Statement<'l>,
    /// Still to be committed or rolled back.
    open: bool,
    path: &'l Path,
    run_id: i64,
    added: u64,
    /// The id of the run's first request (the others follow it).
    first_request: Option<i64>,
    /// The decimal texts of one request, reused: no allocation per request.
    scratch: String,
}

/// `status_at` stays NULL: the time of `prepared` is the run's `started_at`.
const INSERT_REQUEST: &str = "INSERT INTO requests (run_id, kbo, insz, odb, reference_start, startdatum, einddatum, \
     eenheid, aantal, vov_hours, naam, voornaam, werkgever_naam, upload_file, origin, last_day, status) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 'prepared')";

impl RunRecorder<'_> {
    /// The run's number in the ledger.
    pub fn run_id(&self) -> i64 {
        self.run_id
    }

    /// How many requests were added so far.
    pub fn added(&self) -> u64 {
        self.added
    }

    /// Adds a request as `prepared`. No history row is written: a request's
    /// first entry, `prepared` at its run's `started_at`, is implied by its
    /// run (see the `request_history` view).
    pub fn add(&mut self, r: &PreparedRequest) -> Result<(), LedgerError> {
        let b = &mut self.scratch;
        b.clear();
        codec::push_decimal(b, r.aantal);
        let aantal_end = b.len();
        codec::push_decimal(b, r.vov_hours);
        let (aantal, vov_hours) = b.split_at(aantal_end);
        let [kbo, insz, odb, reference_start] = r.key.stored();
        self.insert
            .execute(params![
                self.run_id,
                kbo,
                insz,
                odb,
                reference_start,
                codec::date_days(r.startdatum),
                codec::date_days(r.einddatum),
                r.eenheid.as_str(),
                aantal,
                vov_hours,
                r.naam,
                r.voornaam,
                r.werkgever_naam,
                r.upload_file,
                r.origin,
                codec::date_days(r.last_day),
            ])
            .map_err(sql(self.path))?;
        if self.first_request.is_none() {
            self.first_request = Some(self.conn.last_insert_rowid());
        }
        self.added += 1;
        Ok(())
    }

    /// The requests that the ledger knows as `prepared` (not submitted, and
    /// not superseded) in the runs `replaced` and that this run has not
    /// recorded again: what replacing their folder would throw away.
    pub fn unwritten(&self, replaced: &[i64]) -> Result<Vec<UnwrittenRequest>, LedgerError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT r.id, r.kbo, r.werkgever_naam FROM requests r \
                 WHERE r.id >= coalesce((SELECT first_request FROM runs WHERE id = ?1), 9223372036854775807) \
                 AND r.run_id = ?1 AND r.status = 'prepared' \
                 AND NOT EXISTS (SELECT 1 FROM requests n JOIN runs v ON v.id = n.run_id \
                 WHERE n.kbo = r.kbo AND n.insz = r.insz AND n.odb = r.odb AND n.reference_start = r.reference_start \
                 AND (v.state = 'published' OR n.run_id = ?2) \
                 AND (n.run_id > r.run_id OR (n.run_id = r.run_id AND n.id > r.id))) \
                 ORDER BY r.id",
            )
            .map_err(sql(self.path))?;
        let mut found = Vec::new();
        for &run in replaced {
            let rows = stmt
                .query_map(params![run, self.run_id], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get_ref(1)?.as_i64()?,
                        r.get::<_, Option<String>>(2)?,
                    ))
                })
                .map_err(sql(self.path))?;
            for row in rows {
                let (id, kbo, werkgever_naam) = row.map_err(sql(self.path))?;
                found.push(UnwrittenRequest {
                    id,
                    kbo: format!("{kbo:010}"),
                    werkgever_naam,
                });
            }
        }
        Ok(found)
    }

    /// Records that publishing this run releases these requests: they
    /// become `released` in the step that marks the run published (also
    /// when a later run finds it published after a kill), and stay as they
    /// are when the run is abandoned.
    pub fn release_when_published(&mut self, requests: &[UnwrittenRequest]) -> Result<(), LedgerError> {
        let mut stmt = self
            .conn
            .prepare("INSERT OR IGNORE INTO run_releases (run_id, request_id) VALUES (?1, ?2)")
            .map_err(sql(self.path))?;
        for r in requests {
            stmt.execute(params![self.run_id, r.id]).map_err(sql(self.path))?;
        }
        Ok(())
    }

    /// Stores the run's figures and commits: the run and its requests are
    /// durable, still `pending` until [`Ledger::mark_published`].
    pub fn commit(mut self, counts: RunCounts) -> Result<i64, LedgerError> {
        let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        self.conn
            .execute(
                "UPDATE runs SET rows = ?1, accepted = ?2, rejected = ?3, already_prepared = ?4, new_requests = ?5, \
                 first_request = ?6 WHERE id = ?7",
                params![
                    n(counts.rows),
                    n(counts.accepted),
                    n(counts.rejected),
                    n(counts.already_prepared),
                    n(counts.new_requests),
                    self.first_request,
                    self.run_id
                ],
            )
            .map_err(sql(self.path))?;
        self.conn.execute_batch("COMMIT").map_err(sql(self.path))?;
        self.open = false;
        Ok(self.run_id)
    }
}

impl Drop for RunRecorder<'_> {
    fn drop(&mut self) {
        if self.open {
            // Nothing to report to: the run was given up, and a failed
            // rollback leaves SQLite to roll back when the connection closes.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// Now, as the ledger writes times.
pub(crate) fn now_text() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Ledger {
    /// Starts recording a run: one IMMEDIATE transaction that inserts the run
    /// as `pending`, then each request ([`RunRecorder::add`]);
    /// [`RunRecorder::commit`] makes them durable.
    pub fn begin_run(&mut self, run: &NewRun) -> Result<RunRecorder<'_>, LedgerError> {
        self.writable()?;
        let path = self.path.as_path();
        let conn = &self.conn;
        let insert = conn.prepare(INSERT_REQUEST).map_err(sql(path))?;
        conn.execute_batch("BEGIN IMMEDIATE").map_err(sql(path))?;
        // From here on, dropping the recorder (on any error) rolls back.
        let mut recorder = RunRecorder {
            conn,
            insert,
            open: true,
            path,
            run_id: 0,
            added: 0,
            first_request: None,
            scratch: String::with_capacity(64),
        };
        conn.execute(
            "INSERT INTO runs (started_at, as_of, tool_version, out_dir, token, state) \
             VALUES (?1, ?2, ?3, ?4, ?5, 'pending')",
            params![
                run.started_at,
                codec::date_days(run.as_of),
                run.tool_version,
                codec::path_value(&run.out_dir),
                run.token
            ],
        )
        .map_err(sql(path))?;
        recorder.run_id = conn.last_insert_rowid();
        for (position, input) in run.inputs.iter().enumerate() {
            conn.execute(
                "INSERT INTO run_inputs (run_id, position, path, size, sha256) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    recorder.run_id,
                    i64::try_from(position).unwrap_or(i64::MAX),
                    input.path,
                    i64::try_from(input.size).unwrap_or(i64::MAX),
                    input.sha256
                ],
            )
            .map_err(sql(path))?;
        }
        Ok(recorder)
    }

    /// Marks a pending run published: its requests count from now on.
    /// Marking a published run again is harmless.
    pub fn mark_published(&mut self, run: i64) -> Result<(), LedgerError> {
        self.resolve_run(run, true)
    }

    /// Marks a pending run abandoned and deletes its requests: its outputs
    /// never got in place. Abandoning an abandoned run again is harmless.
    pub fn mark_abandoned(&mut self, run: i64) -> Result<(), LedgerError> {
        self.resolve_run(run, false)
    }

    fn resolve_run(&mut self, run: i64, published: bool) -> Result<(), LedgerError> {
        self.writable()?;
        let path = self.path.as_path();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql(path))?;
        let state: Option<String> = tx
            .query_row("SELECT state FROM runs WHERE id = ?1", [run], |r| r.get(0))
            .optional()
            .map_err(sql(path))?;
        let target = if published { "published" } else { "abandoned" };
        match state.as_deref() {
            Some("pending") => {}
            Some(s) if s == target => return Ok(()),
            other => {
                return Err(LedgerError::RunNotPending {
                    path: path.to_path_buf(),
                    run,
                    state: other.unwrap_or("missing").to_string(),
                })
            }
        }
        tx.execute(
            "UPDATE runs SET state = ?1, resolved_at = ?2 WHERE id = ?3",
            params![target, now_text(), run],
        )
        .map_err(sql(path))?;
        if published {
            // What the run released when it replaced a folder
            // (`--discard-unsubmitted`), in this same step.
            let now = now_text();
            tx.execute(
                "INSERT INTO status_history (request_id, at, status, by) \
                 SELECT r.id, ?2, 'released', 'prepare --discard-unsubmitted' FROM run_releases x \
                 JOIN requests r ON r.id = x.request_id WHERE x.run_id = ?1 AND r.status = 'prepared'",
                params![run, now],
            )
            .map_err(sql(path))?;
            tx.execute(
                "UPDATE requests SET status = 'released', status_at = ?2 WHERE status = 'prepared' \
                 AND id IN (SELECT request_id FROM run_releases WHERE run_id = ?1)",
                params![run, now],
            )
            .map_err(sql(path))?;
        } else {
            tx.execute("DELETE FROM run_releases WHERE run_id = ?1", [run])
                .map_err(sql(path))?;
            // A run with no first request recorded has none to delete.
            tx.execute(
                "DELETE FROM requests WHERE id >= (SELECT first_request FROM runs WHERE id = ?1) AND run_id = ?1",
                [run],
            )
            .map_err(sql(path))?;
        }
        tx.commit().map_err(sql(path))?;
        self.assumed_published.remove(&run);
        self.read_published.remove(&run);
        Ok(())
    }

    /// Finds the pending runs that a killed process left, and tells with
    /// `judge(out_dir, token)` whether each one's outputs were swapped in
    /// (the caller looks for its marker in that folder and for its staging
    /// folder beside it).
    ///
    /// A writer (holding [`Ledger::lock_writers`], so no pending run is still
    /// live) passes `write = true`: a run known published or not published is
    /// marked so for good. A reader passes `false`: nothing is written.
    /// Nothing is guessed: a run whose folders tell nothing
    /// ([`Publication::Unknown`]) stays pending, and [`Ledger::view`] shows
    /// its requests as prepared (never lost, never uploaded twice), as it
    /// does those of the runs a reader found published.
    /// Returns what was found, for a note to the user.
    pub fn resolve_pending(
        &mut self,
        write: bool,
        judge: &dyn Fn(&Path, &str) -> Publication,
    ) -> Result<Vec<ResolvedRun>, LedgerError> {
        if write {
            self.writable()?;
        }
        let pending = {
            let path = self.path.as_path();
            let mut stmt = self
                .conn
                .prepare("SELECT id, out_dir, token FROM runs WHERE state = 'pending' ORDER BY id")
                .map_err(sql(path))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        codec::path_from(r.get_ref(1)?),
                        r.get::<_, String>(2)?,
                    ))
                })
                .map_err(sql(path))?;
            let mut pending = Vec::new();
            for row in rows {
                let (id, dir, token) = row.map_err(sql(path))?;
                let dir =
                    dir.ok_or_else(|| super::error::corrupt(path, super::error::unreadable_in_run(id, "out_dir")))?;
                pending.push((id, dir, token));
            }
            pending
        };
        self.assumed_published.clear();
        self.read_published.clear();
        let mut resolved = Vec::with_capacity(pending.len());
        for (run, out_dir, token) in pending {
            let publication = judge(&out_dir, &token);
            match (write, publication) {
                (true, Publication::Published) => self.resolve_run(run, true)?,
                (true, Publication::NotPublished) => self.resolve_run(run, false)?,
                (_, Publication::Unknown) => {
                    self.assumed_published.insert(run);
                }
                (false, Publication::Published) => {
                    // Published: what it releases is released for this
                    // reader too (its uploads went with the swap).
                    self.assumed_published.insert(run);
                    self.read_published.insert(run);
                }
                (false, Publication::NotPublished) => {}
            }
            resolved.push(ResolvedRun {
                run,
                out_dir,
                publication,
            });
        }
        Ok(resolved)
    }

    /// The run (not abandoned) whose outputs carry `token` in their marker.
    pub fn run_with_token(&self, token: &str) -> Result<Option<i64>, LedgerError> {
        self.conn
            .query_row(
                "SELECT id FROM runs WHERE token = ?1 AND state != 'abandoned' ORDER BY id DESC LIMIT 1",
                [token],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql(&self.path))
    }

    /// Which runs' requests count: see [`Visible`].
    pub(crate) fn visible(&self) -> Visible {
        Visible {
            assumed: self.assumed_published.iter().copied().collect(),
            releasing: self.read_published.iter().copied().collect(),
        }
    }
}

/// The runs whose requests count: published ones, and the pending ones
/// taken as published (their ids): those a read-only
/// [`Ledger::resolve_pending`] found published, and those whose folders
/// tell nothing.
#[derive(Debug, Clone, Default)]
pub(crate) struct Visible {
    assumed: Vec<i64>,
    /// The pending runs a reader found published: the requests they release
    /// when marked published (`--discard-unsubmitted`) are seen `released`
    /// already, as their uploads are gone. Not those of a run whose folders
    /// tell nothing: its release waits, and the requests stay `prepared`.
    releasing: Vec<i64>,
}

/// Our own integers, so formatting them into the SQL is safe.
fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
}

impl Visible {
    /// The SQL condition on `runs` aliased `alias`.
    pub(crate) fn on(&self, alias: &str) -> String {
        if self.assumed.is_empty() {
            format!("{alias}.state = 'published'")
        } else {
            format!(
                "({alias}.state = 'published' OR {alias}.id IN ({}))",
                id_list(&self.assumed)
            )
        }
    }

    /// The SQL value of the status of the request aliased `alias` as seen
    /// here: `released` for a `prepared` request that a pending run found
    /// published releases.
    pub(crate) fn status(&self, alias: &str) -> String {
        if self.releasing.is_empty() {
            format!("{alias}.status")
        } else {
            format!(
                "(CASE WHEN {alias}.status = 'prepared' AND EXISTS (SELECT 1 FROM run_releases x \
                 WHERE x.request_id = {alias}.id AND x.run_id IN ({})) THEN 'released' ELSE {alias}.status END)",
                id_list(&self.releasing)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::test_support::*;
    use crate::ledger::RequestStatus;

    #[test]
    fn a_later_published_run_supersedes_and_pending_or_abandoned_runs_do_not_count() {
        let (dir, mut ledger) = ledger();
        let start = date(2026, 9, 1);
        let first = request(ACME, JAN, start, 40);
        let run1 = published_run(&mut ledger, &out(&dir, "out1"), std::slice::from_ref(&first));
        let view = ledger.view().unwrap();
        let known = view.get(&first.key).unwrap();
        assert_eq!((known.run, known.aantal), (run1, Decimal::from(40)));
        assert_eq!(view.run(run1).unwrap().out_dir, out(&dir, "out1"));
        assert_eq!(
            view.upload_file(known, "0403170701"),
            out(&dir, "out1").join("wse-vov_0403170701.csv")
        );

        let run2 = published_run(&mut ledger, &out(&dir, "out2"), &[request(ACME, JAN, start, 60)]);
        let pending = pending_run(&mut ledger, &out(&dir, "out3"), "t3", &[request(ACME, JAN, start, 80)]);
        let abandoned = pending_run(&mut ledger, &out(&dir, "out4"), "t4", &[request(ACME, JAN, start, 90)]);
        ledger.mark_abandoned(abandoned).unwrap();
        let view = ledger.view().unwrap();
        assert_eq!(view.len(), 1);
        let known = view.get(&first.key).unwrap();
        assert_eq!((known.run, known.aantal), (run2, Decimal::from(60)));
        assert!(view.run(pending).is_none());
        // The old version is still there, unchanged.
        assert_eq!(count(&ledger, "SELECT count(*) FROM requests WHERE aantal = '40'"), 1);
        // The abandoned run's requests are gone, and with them their history.
        assert_eq!(
            count(
                &ledger,
                &format!("SELECT count(*) FROM requests WHERE run_id = {abandoned}")
            ),
            0
        );
        assert_eq!(count(&ledger, "SELECT count(*) FROM request_history"), 3);
        // Preparing writes no history rows: the first entry is the run's.
        assert_eq!(count(&ledger, "SELECT count(*) FROM status_history"), 0);
        // Resolving again is harmless; the other way round is refused.
        ledger.mark_abandoned(abandoned).unwrap();
        ledger.mark_published(run2).unwrap();
        assert!(matches!(
            ledger.mark_published(abandoned),
            Err(LedgerError::RunNotPending { .. })
        ));
        assert!(matches!(
            ledger.mark_abandoned(run2),
            Err(LedgerError::RunNotPending { .. })
        ));
        assert!(matches!(
            ledger.mark_published(999),
            Err(LedgerError::RunNotPending { .. })
        ));
    }

    #[test]
    fn a_dropped_recorder_records_nothing() {
        let (dir, mut ledger) = ledger();
        {
            let mut recorder = ledger.begin_run(&new_run(&out(&dir, "o"), "t")).unwrap();
            recorder.add(&request(ACME, JAN, date(2026, 9, 1), 40)).unwrap();
            assert_eq!(recorder.added(), 1);
        }
        assert_eq!(count(&ledger, "SELECT count(*) FROM runs"), 0);
        assert_eq!(count(&ledger, "SELECT count(*) FROM requests"), 0);
    }

    #[test]
    fn pending_runs_are_resolved_by_their_outputs() {
        let (dir, mut ledger) = ledger();
        let kept = request(ACME, JAN, date(2026, 9, 1), 40);
        let lost = request(ACME, JAN + 1, date(2026, 9, 1), 40);
        let done = pending_run(&mut ledger, &out(&dir, "done"), "in-place", std::slice::from_ref(&kept));
        let killed = pending_run(
            &mut ledger,
            &out(&dir, "killed"),
            "never-swapped",
            std::slice::from_ref(&lost),
        );
        let in_place = |_: &Path, token: &str| {
            if token == "in-place" {
                Publication::Published
            } else {
                Publication::NotPublished
            }
        };

        // A reader writes nothing but sees the published one.
        let path = ledger.path().to_path_buf();
        let mut reader = Ledger::open_read_only(&path).unwrap().unwrap();
        assert!(reader.view().unwrap().is_empty());
        let found = reader.resolve_pending(false, &in_place).unwrap();
        assert_eq!(found.len(), 2);
        let view = reader.view().unwrap();
        assert!(view.get(&kept.key).is_some() && view.get(&lost.key).is_none());
        assert_eq!(count(&ledger, "SELECT count(*) FROM runs WHERE state = 'pending'"), 2);

        // A writer settles them.
        let resolved = ledger.resolve_pending(true, &in_place).unwrap();
        assert_eq!(
            resolved,
            vec![
                ResolvedRun {
                    run: done,
                    out_dir: out(&dir, "done"),
                    publication: Publication::Published
                },
                ResolvedRun {
                    run: killed,
                    out_dir: out(&dir, "killed"),
                    publication: Publication::NotPublished
                },
            ]
        );
        let state = |run: i64| -> String {
            ledger
                .conn
                .query_row("SELECT state FROM runs WHERE id = ?1", [run], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(state(done), "published");
        assert_eq!(state(killed), "abandoned");
        assert_eq!(count(&ledger, "SELECT count(*) FROM requests"), 1);
        assert!(ledger.resolve_pending(true, &in_place).unwrap().is_empty());
        let view = ledger.view().unwrap();
        assert!(view.get(&kept.key).is_some() && view.get(&lost.key).is_none());
        assert!(matches!(
            reader.resolve_pending(true, &in_place),
            Err(LedgerError::ReadOnly { .. })
        ));
    }

    /// Keys for the volume tests: distinct, not checksummed (the recorder
    /// stores what it is given).
    fn bulk(i: u64) -> PreparedRequest {
        let mut r = request(ACME, JAN, date(2026, 9, 1), 40);
        r.key.insz = 85_000_000_000 + i;
        r.key.kbo = 403_170_701 + (i % 50) * 97;
        r.aantal = Decimal::new(9375 + (i % 7) as i64, 2);
        r
    }

    fn record_bulk(ledger: &mut Ledger, dir: &Path, n: u64) -> i64 {
        let mut recorder = ledger.begin_run(&new_run(dir, "bulk")).unwrap();
        for i in 0..n {
            recorder.add(&bulk(i)).unwrap();
        }
        let run = recorder
            .commit(RunCounts {
                rows: n + 5,
                accepted: n,
                rejected: 5,
                already_prepared: 0,
                new_requests: n,
            })
            .unwrap();
        ledger.mark_published(run).unwrap();
        run
    }

    #[test]
    fn twenty_thousand_requests_in_one_run() {
        let (dir, mut ledger) = ledger();
        let n = 20_000;
        let run = record_bulk(&mut ledger, &out(&dir, "o"), n);
        assert_eq!(count(&ledger, "SELECT count(*) FROM requests") as u64, n);
        assert_eq!(count(&ledger, "SELECT count(*) FROM status_history"), 0);
        assert_eq!(
            count(&ledger, "SELECT count(*) FROM request_history WHERE by = 'prepare'") as u64,
            n
        );
        assert_eq!(
            count(&ledger, &format!("SELECT new_requests FROM runs WHERE id = {run}")) as u64,
            n
        );
        assert_eq!(
            count(&ledger, &format!("SELECT rows FROM runs WHERE id = {run}")) as u64,
            n + 5
        );
        assert_eq!(count(&ledger, "SELECT count(*) FROM run_inputs"), 1);
        let view = ledger.view().unwrap();
        assert_eq!(view.len() as u64, n);
        for i in (0..n).step_by(997) {
            let r = bulk(i);
            assert_eq!(view.get(&r.key).map(|k| k.aantal), Some(r.aantal));
        }
    }

    /// `cargo test --release --lib ledger::runs::tests::a_million -- --ignored --nocapture`
    ///
    /// Into a new ledger in two orders, then (as `scripts/bench.sh` does) in
    /// random order into a ledger that already holds a million other requests.
    #[test]
    #[ignore]
    fn a_million_requests_timed() {
        let n = 1_000_000u64;
        let clustered: Vec<PreparedRequest> = (0..n).map(bulk).collect();
        let mut shuffled = clustered.clone();
        shuffled.sort_by_key(|r| r.key.insz.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut earlier = shuffled.clone();
        for r in &mut earlier {
            r.key.insz += 5_000_000_000;
        }
        for (order, requests, base) in [
            ("clustered by employer", &clustered, None),
            ("in random order", &shuffled, None),
            ("in random order into a ledger of 1,000,000", &shuffled, Some(&earlier)),
        ] {
            let (dir, mut ledger) = ledger();
            if let Some(base) = base {
                record(&mut ledger, &out(&dir, "base"), base);
                // A new process: nothing of the base run in the page cache.
                drop(ledger);
                ledger = Ledger::open(&dir.path().join("ledger.sqlite")).unwrap();
            }
            let started = std::time::Instant::now();
            let mut recorder = ledger.begin_run(&new_run(&out(&dir, "o"), "bulk")).unwrap();
            for r in requests {
                recorder.add(r).unwrap();
            }
            let added = started.elapsed();
            let run = recorder.commit(RunCounts::default()).unwrap();
            let committed = started.elapsed();
            ledger.mark_published(run).unwrap();
            let recorded = started.elapsed();
            let started = std::time::Instant::now();
            let view = ledger.view().unwrap();
            let loaded = started.elapsed();
            let total = n * if base.is_some() { 2 } else { 1 };
            assert_eq!(view.len() as u64, total);
            let started = std::time::Instant::now();
            let found = requests.iter().filter(|r| view.get(&r.key).is_some()).count() as u64;
            let looked_up = started.elapsed();
            assert_eq!(found, n);
            let file = std::fs::metadata(ledger.path()).unwrap().len();
            eprintln!(
                "1,000,000 requests {order}: add {added:?}, +commit {committed:?}, +publish {recorded:?}; \
                 view {loaded:?} ({} bytes/request in memory); 1,000,000 lookups {looked_up:?}; file {} MiB",
                view.memory_bytes() / total as usize,
                file / (1 << 20)
            );
        }
    }

    /// Records and publishes `requests` as one run.
    fn record(ledger: &mut Ledger, dir: &Path, requests: &[PreparedRequest]) {
        let mut recorder = ledger.begin_run(&new_run(dir, "base")).unwrap();
        for r in requests {
            recorder.add(r).unwrap();
        }
        let run = recorder.commit(RunCounts::default()).unwrap();
        ledger.mark_published(run).unwrap();
    }

    #[test]
    fn two_processes_write_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.sqlite");
        drop(Ledger::open(&path).unwrap());
        let writers: Vec<_> = (0..2u64)
            .map(|w| {
                let path = path.clone();
                let out_dir = dir.path().join(format!("out{w}"));
                std::thread::spawn(move || {
                    let mut ledger = Ledger::open(&path).unwrap();
                    for run in 0..5u64 {
                        let requests: Vec<PreparedRequest> =
                            (0..200).map(|i| bulk(w * 1_000_000 + run * 1000 + i)).collect();
                        let id = pending_run(&mut ledger, &out_dir, "t", &requests);
                        ledger.mark_published(id).unwrap();
                        // A reader in between sees whole runs only.
                        assert_eq!(ledger.view().unwrap().len() % 200, 0);
                    }
                })
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        let ledger = Ledger::open(&path).unwrap();
        assert_eq!(ledger.view().unwrap().len(), 2000);
        assert_eq!(
            count(&ledger, "SELECT count(*) FROM runs WHERE state = 'published'"),
            10
        );
    }

    #[test]
    fn releases_take_effect_with_the_publish_and_never_without_it() {
        let (dir, mut ledger) = ledger();
        let a = request(ACME, JAN, date(2026, 9, 1), 40);
        let b = request(ACME, JAN + 1, date(2026, 9, 1), 40);
        let old = published_run(&mut ledger, &out(&dir, "uit"), &[a.clone(), b.clone()]);
        for publish in [false, true] {
            // A run that writes `a` again into the same folder, not `b`.
            let mut recorder = ledger.begin_run(&new_run(&out(&dir, "uit"), "t")).unwrap();
            recorder.add(&a).unwrap();
            let unwritten = recorder.unwritten(&[old]).unwrap();
            assert_eq!(unwritten.len(), 1);
            assert_eq!(unwritten[0].kbo, "0403170701");
            recorder.release_when_published(&unwritten).unwrap();
            let run = recorder.commit(RunCounts::default()).unwrap();
            // Pending: nothing released yet.
            assert_eq!(
                ledger.view().unwrap().get(&b.key).unwrap().status,
                RequestStatus::Prepared
            );
            if publish {
                ledger.mark_published(run).unwrap();
            } else {
                ledger.mark_abandoned(run).unwrap();
            }
        }
        let view = ledger.view().unwrap();
        assert!(view.get(&b.key).is_none(), "released");
        assert_eq!(view.get(&a.key).unwrap().status, RequestStatus::Prepared);
        assert_eq!(
            count(&ledger, "SELECT count(*) FROM status_history WHERE status = 'released'"),
            1
        );
        // A replacing view does not know the folder's prepared requests.
        let view = ledger.view().unwrap();
        let run_a = view.get(&a.key).unwrap().run;
        assert!(view.replacing(vec![run_a]).get(&a.key).is_none());
    }

    /// Found by the kill tests: a `--discard-unsubmitted` run killed after
    /// its swap, before it was marked published. Its releases are seen by a
    /// reader that finds it published (`ledger list`, `agenda`, `check`:
    /// the requests' uploads went with the swap), not when nothing tells.
    #[test]
    fn a_pending_runs_releases_are_seen_by_a_reader_that_finds_it_published() {
        let (dir, mut ledger) = ledger();
        let a = request(ACME, JAN, date(2026, 9, 1), 40);
        let b = request(ACME, JAN + 1, date(2026, 9, 1), 40);
        let old = published_run(&mut ledger, &out(&dir, "uit"), &[a.clone(), b.clone()]);
        let mut recorder = ledger.begin_run(&new_run(&out(&dir, "uit"), "t")).unwrap();
        recorder.add(&a).unwrap();
        let unwritten = recorder.unwritten(&[old]).unwrap();
        recorder.release_when_published(&unwritten).unwrap();
        recorder.commit(RunCounts::default()).unwrap();
        let path = ledger.path().to_path_buf();
        let mut reader = Ledger::open_read_only(&path).unwrap().unwrap();
        let statuses = |reader: &Ledger| -> Vec<(String, RequestStatus)> {
            crate::ledger::list::list(reader, &crate::ledger::list::ListFilter::default())
                .unwrap()
                .into_iter()
                .map(|r| (r.key, r.status))
                .collect()
        };
        for (publication, b_seen) in [
            (Publication::Published, RequestStatus::Released),
            (Publication::Unknown, RequestStatus::Prepared),
        ] {
            reader.resolve_pending(false, &|_: &Path, _: &str| publication).unwrap();
            let view = reader.view().unwrap();
            assert_eq!(view.get(&a.key).unwrap().status, RequestStatus::Prepared);
            let listed = statuses(&reader);
            assert_eq!(listed.len(), 2, "{listed:?}");
            assert!(listed.iter().any(|(_, s)| *s == b_seen), "{publication:?}: {listed:?}");
            let prepared_only = crate::ledger::list::list(
                &reader,
                &crate::ledger::list::ListFilter {
                    status: Some(RequestStatus::Prepared),
                    kbo: None,
                },
            )
            .unwrap();
            match b_seen {
                RequestStatus::Released => {
                    assert!(view.get(&b.key).is_none(), "released: prepared again");
                    assert_eq!(prepared_only.len(), 1);
                }
                _ => {
                    assert_eq!(view.get(&b.key).unwrap().status, RequestStatus::Prepared);
                    assert_eq!(prepared_only.len(), 2);
                }
            }
        }
        // Nothing was written: the writer releases them when it marks the run.
        assert_eq!(
            count(&ledger, "SELECT count(*) FROM requests WHERE status = 'released'"),
            0
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_writer_lock_is_the_files_whatever_path_reached_it() {
        let (dir, ledger) = ledger();
        let link = dir.path().join("link.sqlite");
        std::os::unix::fs::symlink(ledger.path(), &link).unwrap();
        let hard = dir.path().join("hard.sqlite");
        std::fs::hard_link(ledger.path(), &hard).unwrap();
        let held = ledger.lock_writers().unwrap();
        for other in [link, hard] {
            let err = acquire_for_test(&other).unwrap_err();
            assert!(matches!(err, LedgerError::Busy { .. }), "{other:?}: {err}");
        }
        drop(held);
        acquire_for_test(&dir.path().join("link.sqlite")).unwrap();
        // No lock file named after a path.
        assert!(!dir.path().join("ledger.sqlite.lock").exists());
    }

    fn acquire_for_test(path: &Path) -> Result<crate::ledger::WriterLock, LedgerError> {
        crate::ledger::lock::acquire(path, std::time::Duration::from_millis(150))
    }

    #[test]
    fn the_writer_lock_waits_then_fails_clearly() {
        let (_dir, mut ledger) = ledger();
        ledger.set_wait(std::time::Duration::from_millis(250)).unwrap();
        let held = ledger.lock_writers().unwrap();
        let started = std::time::Instant::now();
        let err = ledger.lock_writers().unwrap_err();
        assert!(started.elapsed() >= std::time::Duration::from_millis(200));
        assert!(matches!(err, LedgerError::Busy { .. }));
        let message = err.to_string();
        assert!(
            message.contains("retry later") && message.contains("ledger.sqlite"),
            "{message}"
        );
        drop(held);
        ledger.lock_writers().unwrap();
    }
}
