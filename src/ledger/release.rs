//! `ledger release DIR|FILE...`: the upload files named were thrown away (or
//! deleted by mistake) before they were uploaded, so the requests in them
//! that are still only `prepared` become `released`, and the next run that
//! reads them prepares them again instead of answering X306. A submitted
//! request is never released: it reached the WSE-loket.
//!
//! An upload file or folder that still exists is read (its rows matched by
//! key and content, like `ledger submitted`); one that is gone is found by
//! what the ledger recorded: the run's output folder and the upload's name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, TransactionBehavior};
use serde::Serialize;

use super::codec;
use super::error::{sql, LedgerError};
use super::status::RequestStatus;
use super::store::Ledger;
use super::submitted::{self, SubmittedReport, UnmatchedRow, UploadRow};
use super::table;
use crate::lang::{count, tr, trf, Lang};
use crate::schema::header_key;
use crate::values::date::format_be;

/// What `ledger release` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReleaseReport {
    /// The upload files read.
    pub files: Vec<String>,
    /// The folders or files that no longer exist, found by the ledger's record.
    pub recorded: Vec<String>,
    /// Requests released now.
    pub released: u64,
    /// Requests that were released already.
    pub already_released: u64,
    /// Requests that were submitted (or have a WSE status): never released.
    pub submitted: u64,
    /// Rows that match no request of a published run.
    pub not_found: Vec<UnmatchedRow>,
    /// Runs killed after they recorded their requests whose folder told
    /// nothing (moved, renamed): released as a whole, they are settled as
    /// published, so that the reports' note of them stops.
    pub settled_runs: u64,
}

impl ReleaseReport {
    /// Whether some request asked for could not be released (submitted).
    pub fn kept_some(&self) -> bool {
        self.submitted > 0
    }
}

/// Releases the still-prepared requests of these upload files (a folder:
/// its `wse-vov_*.csv` files, and every request its run recorded there).
/// One transaction: on an error nothing changes. The caller holds
/// [`Ledger::lock_writers`].
pub fn release(ledger: &mut Ledger, paths: &[PathBuf], at: DateTime<Utc>) -> Result<ReleaseReport, LedgerError> {
    ledger.writable()?;
    let ledger_path = ledger.path.clone();
    let mut report = ReleaseReport::default();
    let (present, gone): (Vec<PathBuf>, Vec<PathBuf>) = paths.iter().cloned().partition(|p| p.exists());
    // Files that are there: read their rows.
    let mut rows: Vec<(String, UploadRow)> = Vec::new();
    let readable: Vec<PathBuf> = present
        .iter()
        .filter(|p| !p.is_dir() || has_uploads(p))
        .cloned()
        .collect();
    if !readable.is_empty() {
        let files = submitted::expand(&readable, &ledger_path)?;
        let wanted: Vec<String> = submitted::COLUMNS.iter().map(|c| header_key(c)).collect();
        let is_header = |cells: &[String]| {
            let keys: Vec<String> = cells.iter().map(|c| header_key(c)).collect();
            wanted.iter().all(|w| keys.contains(w))
        };
        let mut read = SubmittedReport::default();
        for file in &files {
            let t = table::read(file, &ledger_path, &is_header, &submitted::COLUMNS.join(";"))?;
            read.files.push(t.file.clone());
            submitted::read_rows(&t, &wanted, &mut rows, &mut read);
        }
        report.files = read.files;
        report.not_found = read.not_found;
    }
    // Folders (there or not) and files that are gone: the ledger's record.
    let mut recorded: Vec<(PathBuf, Option<String>)> = Vec::new();
    for path in paths {
        if path.is_dir() {
            recorded.push((real(path), None));
        } else if gone.contains(path) {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let is_upload = name
                .as_deref()
                .is_some_and(|n| n.to_ascii_lowercase().starts_with("wse-vov_"));
            match (is_upload, path.parent()) {
                (true, Some(parent)) => recorded.push((real(parent), name)),
                _ => recorded.push((real(path), None)),
            }
            report.recorded.push(path.display().to_string());
        }
    }
    let visible = ledger.visible();
    let (on_u, on_v) = (visible.on("u"), visible.on("v"));
    let current = super::stored::is_current(&on_v);
    let path = ledger_path.as_path();
    let tx = ledger
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sql(path))?;
    // Each request once, whichever way it was found.
    let mut found: BTreeMap<i64, String> = BTreeMap::new();
    {
        let mut by_content = tx
            .prepare(&format!(
                "SELECT r.id, r.status FROM requests r JOIN runs u ON u.id = r.run_id \
                 WHERE r.kbo = ?1 AND r.insz = ?2 AND r.odb = ?3 AND r.reference_start = ?4 \
                 AND r.einddatum = ?5 AND r.eenheid = ?6 AND r.aantal = ?7 AND {on_u} AND {current} \
                 ORDER BY r.run_id DESC, r.id DESC LIMIT 1"
            ))
            .map_err(sql(path))?;
        for (place, row) in rows {
            let hit = row.find_in(&mut by_content).map_err(sql(path))?;
            match hit {
                Some((id, status)) => {
                    found.insert(id, status);
                }
                None => report.not_found.push(UnmatchedRow {
                    place,
                    kbo: row.key.kbo_text(),
                    employee: row.key.insz_masked(),
                    odb_nummer: row.key.odb.to_string(),
                    startdatum: format_be(row.key.reference_start),
                    problem: None,
                }),
            }
        }
        let mut by_record = tx
            .prepare(&format!(
                "SELECT r.id, r.status FROM requests r JOIN runs u ON u.id = r.run_id \
                 WHERE u.out_dir = ?1 AND (?2 IS NULL OR lower(r.upload_file) = lower(?2)) AND {on_u} AND {current}"
            ))
            .map_err(sql(path))?;
        for (dir, file) in &recorded {
            let hits = by_record
                .query_map(params![codec::path_value(dir), file], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(sql(path))?;
            for hit in hits {
                let (id, status): (i64, String) = hit.map_err(sql(path))?;
                found.insert(id, status);
            }
        }
    }
    let at = at.to_rfc3339_opts(SecondsFormat::Secs, true);
    {
        let mut mark = tx
            .prepare("UPDATE requests SET status = 'released', status_at = ?2 WHERE id = ?1 AND status = 'prepared'")
            .map_err(sql(path))?;
        let mut history = tx
            .prepare(
                "INSERT INTO status_history (request_id, at, status, by) VALUES (?1, ?2, 'released', 'ledger release')",
            )
            .map_err(sql(path))?;
        for (id, status) in &found {
            match RequestStatus::parse(status) {
                Some(RequestStatus::Prepared) => {
                    mark.execute(params![id, at]).map_err(sql(path))?;
                    history.execute(params![id, at]).map_err(sql(path))?;
                    report.released += 1;
                }
                Some(RequestStatus::Released) => report.already_released += 1,
                _ => report.submitted += 1,
            }
        }
        // A folder released as a whole settles the pending runs that
        // published into it: the writer's `resolve_pending` could not tell
        // whether they did (else it had settled them), and the clerk now
        // says their outputs are gone. Their requests were released above.
        let mut settle = tx
            .prepare("UPDATE runs SET state = 'published', resolved_at = ?2 WHERE state = 'pending' AND out_dir = ?1")
            .map_err(sql(path))?;
        for (dir, _) in recorded.iter().filter(|(_, file)| file.is_none()) {
            let settled = settle.execute(params![codec::path_value(dir), at]).map_err(sql(path))?;
            report.settled_runs += settled as u64;
        }
    }
    tx.commit().map_err(sql(path))?;
    Ok(report)
}

/// Whether a folder holds upload files to read.
fn has_uploads(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let name = e.file_name().to_string_lossy().to_lowercase();
            name.starts_with("wse-vov_") && name.ends_with(".csv")
        })
    })
}

/// A path as runs record their `--out`: absolute, through symlinks when it exists.
fn real(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The report for people.
pub fn render_human(report: &ReleaseReport, lang: Lang) -> String {
    let (released, already, submitted) = (report.released, report.already_released, report.submitted);
    let files = report.files.len() + report.recorded.len();
    let files = count!(lang, files,
        nl: ("uploadbestand of map", "uploadbestanden of mappen"),
        fr: ("fichier de chargement ou dossier", "fichiers de chargement ou dossiers"),
        en: ("upload file or folder", "upload files or folders"));
    let not_found = report.not_found.len();
    let mut out = trf!(lang,
        nl: "{files}. Nu vrijgegeven: {released}; al vrijgegeven: {already}; ingediend en dus niet vrijgegeven: {submitted}; niet gevonden in het register: {not_found}.\n",
        fr: "{files}. Libérées maintenant: {released}; déjà libérées: {already}; introduites et donc pas libérées: {submitted}; introuvables dans le registre: {not_found}.\n",
        en: "{files}. Released now: {released}; released already: {already}; submitted, so not released: {submitted}; not found in the ledger: {not_found}.\n");
    if report.released > 0 {
        out.push_str(tr!(lang,
            nl: "De volgende run die deze aanvragen leest, bereidt ze opnieuw voor.\n",
            fr: "La prochaine exécution qui lit ces demandes les prépare à nouveau.\n",
            en: "The next run that reads these requests prepares them again.\n"));
    }
    if report.settled_runs > 0 {
        let runs = report.settled_runs;
        out.push_str(&trf!(lang,
            nl: "Onderbroken runs die in deze map publiceerden en waarvan niets toonde of ze klaar waren: {runs}; nu afgesloten (de melding erover in de rapporten verdwijnt).\n",
            fr: "Exécutions interrompues qui publiaient dans ce dossier et dont rien ne montrait si elles avaient abouti: {runs}; maintenant clôturées (la remarque à leur sujet dans les rapports disparaît).\n",
            en: "Interrupted runs that published into this folder and of which nothing told whether they finished: {runs}; now settled (the reports' note about them stops).\n"));
    }
    if report.submitted > 0 {
        out.push_str(tr!(lang,
            nl: "Een ingediende aanvraag wordt nooit vrijgegeven: ze is al bij het WSE-loket (X307 weigert een gewijzigde versie).\n",
            fr: "Une demande introduite n'est jamais libérée: elle est déjà au guichet WSE (X307 refuse une version modifiée).\n",
            en: "A submitted request is never released: it already reached the WSE-loket (X307 refuses a changed version).\n"));
    }
    for r in &report.not_found {
        out.push_str(&format!(
            "  {}  {} {} {} {}\n",
            r.place, r.kbo, r.employee, r.odb_nummer, r.startdatum
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::test_support::*;

    #[test]
    fn a_folder_thrown_away_is_released_and_a_submitted_request_is_kept() {
        let (dir, mut ledger) = ledger();
        let gone = out(&dir, "gone");
        let a = request(ACME, JAN, date(2026, 9, 1), 40);
        let b = request(ACME, JAN + 1, date(2026, 9, 1), 40);
        published_run(&mut ledger, &gone, &[a.clone(), b.clone()]);
        ledger
            .conn
            .execute(
                "UPDATE requests SET status = 'submitted' WHERE insz = ?1",
                [b.key.insz.cast_signed()],
            )
            .unwrap();
        let report = release(&mut ledger, std::slice::from_ref(&gone), Utc::now()).unwrap();
        assert_eq!((report.released, report.submitted, report.already_released), (1, 1, 0));
        assert!(report.kept_some());
        let view = ledger.view().unwrap();
        assert!(view.get(&a.key).is_none(), "released: prepared again next run");
        assert_eq!(view.get(&b.key).unwrap().status, RequestStatus::Submitted);
        // Again: nothing new.
        let again = release(&mut ledger, &[gone], Utc::now()).unwrap();
        assert_eq!((again.released, again.already_released), (0, 1));
        let human = render_human(&again, Lang::Fr);
        assert!(human.contains("déjà libérées: 1"), "{human}");
        assert_eq!(
            count(&ledger, "SELECT count(*) FROM status_history WHERE status = 'released'"),
            1
        );
    }
}
