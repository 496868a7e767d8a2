//! `ledger submitted DIR|FILE...`: the user uploaded these files to the
//! WSE-loket, so their requests are `submitted` (and X307 refuses to change
//! them from now on).

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use super::codec;
use super::error::{sql, LedgerError};
use super::key::RequestKey;
use super::status::RequestStatus;
use super::store::Ledger;
use super::table::{self, shown, Table};
use crate::lang::{count, tr, trf, Lang, Localized};
use crate::schema::header_key;
use crate::values::date::{format_be, parse_date};
use crate::values::insz::mask_raw;
use crate::values::number::parse_decimal;
use crate::values::Unit;

/// The upload columns a row is matched on; found by name, so an upload
/// written with another `--output-schema` works when it keeps these names.
pub(super) const COLUMNS: [&str; 7] = [
    "ondernemingsnummer",
    "insz",
    "odb_nummer",
    "startdatum",
    "einddatum",
    "eenheid",
    "aantal",
];

/// What `ledger submitted` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SubmittedReport {
    /// The upload files read.
    pub files: Vec<String>,
    /// Their request rows.
    pub rows: u64,
    /// Requests marked `submitted` now.
    pub marked: u64,
    /// Rows whose request was already `submitted` or had a WSE status.
    pub already_submitted: u64,
    /// Rows that match no request of a published run.
    pub not_found: Vec<UnmatchedRow>,
}

/// An upload row that matches no request in the ledger.
#[derive(Debug, Clone, Serialize)]
pub struct UnmatchedRow {
    /// `file:line`.
    pub place: String,
    /// The KBO as the row has it.
    pub kbo: String,
    /// The INSZ, masked.
    pub employee: String,
    /// The ODB number as the row has it.
    pub odb_nummer: String,
    /// The startdatum as the row has it.
    pub startdatum: String,
    /// Why it could not even be looked up, when it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<UnreadableCell>,
}

/// The cell of an upload row that did not read, the first one met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnreadableCell {
    /// `startdatum` is not a date.
    Startdatum,
    /// The key's numbers: `ondernemingsnummer`, `insz` or `odb_nummer`.
    Key,
    /// `einddatum` is not a date.
    Einddatum,
    /// `eenheid` is not a unit.
    Eenheid,
    /// `aantal` is not a number.
    Aantal,
}

impl UnreadableCell {
    /// What did not read, in `lang`.
    pub fn text(self, lang: Lang) -> String {
        let column = match self {
            UnreadableCell::Key => {
                return tr!(lang,
                    nl: "ondernemingsnummer, insz of odb_nummer niet leesbaar",
                    fr: "ondernemingsnummer, insz ou odb_nummer illisible",
                    en: "ondernemingsnummer, insz or odb_nummer not readable")
                .to_string()
            }
            UnreadableCell::Startdatum => "startdatum",
            UnreadableCell::Einddatum => "einddatum",
            UnreadableCell::Eenheid => "eenheid",
            UnreadableCell::Aantal => "aantal",
        };
        trf!(lang, nl: "{column} niet leesbaar", fr: "{column} illisible", en: "{column} not readable")
    }
}

/// In the JSON report the problem stays the English text it has always been,
/// whatever the language of the human report.
impl Serialize for UnreadableCell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text(Lang::En))
    }
}

/// A row that reads as a request.
pub(super) struct UploadRow {
    pub(super) key: RequestKey,
    pub(super) einddatum: NaiveDate,
    pub(super) eenheid: Unit,
    pub(super) aantal: Decimal,
}

impl UploadRow {
    /// The request version this row is, by key and content: `find` selects
    /// `(id, status)` where the key is `?1`-`?4`, the einddatum `?5`, the
    /// unit `?6` and the quantity `?7` (`ledger submitted` and `ledger
    /// release` match an upload's rows the same way).
    pub(super) fn find_in(&self, find: &mut rusqlite::Statement<'_>) -> rusqlite::Result<Option<(i64, String)>> {
        let [kbo, insz, odb, start] = self.key.stored();
        find.query_row(
            params![
                kbo,
                insz,
                odb,
                start,
                codec::date_days(self.einddatum),
                self.eenheid.as_str(),
                codec::decimal_text(self.aantal),
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
    }
}

/// Marks the requests of these upload files (a folder: every `wse-vov_*.csv`
/// directly in it) as `submitted`. A row matches a request version of a
/// published run by its key and its content (einddatum, eenheid, aantal);
/// only a `prepared` one changes (a WSE status is kept). One transaction for
/// all files: on an error nothing is marked. The caller holds
/// [`Ledger::lock_writers`].
pub fn mark_submitted(
    ledger: &mut Ledger,
    paths: &[PathBuf],
    at: DateTime<Utc>,
) -> Result<SubmittedReport, LedgerError> {
    ledger.writable()?;
    let ledger_path = ledger.path.clone();
    let files = expand(paths, &ledger_path)?;
    let wanted: Vec<String> = COLUMNS.iter().map(|c| header_key(c)).collect();
    let is_header = |cells: &[String]| {
        let keys: Vec<String> = cells.iter().map(|c| header_key(c)).collect();
        wanted.iter().all(|w| keys.contains(w))
    };
    let mut report = SubmittedReport::default();
    let mut rows = Vec::new();
    for file in &files {
        let t = table::read(file, &ledger_path, &is_header, &COLUMNS.join(";"))?;
        report.files.push(t.file.clone());
        read_rows(&t, &wanted, &mut rows, &mut report);
    }
    let at = at.to_rfc3339_opts(SecondsFormat::Secs, true);
    let visible = ledger.visible().on("u");
    let path = ledger_path.as_path();
    let tx = ledger
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sql(path))?;
    {
        let mut find = tx
            .prepare(&format!(
                "SELECT r.id, r.status FROM requests r JOIN runs u ON u.id = r.run_id \
                 WHERE r.kbo = ?1 AND r.insz = ?2 AND r.odb = ?3 AND r.reference_start = ?4 \
                 AND r.einddatum = ?5 AND r.eenheid = ?6 AND r.aantal = ?7 AND {visible} \
                 ORDER BY r.run_id DESC, r.id DESC LIMIT 1"
            ))
            .map_err(sql(path))?;
        let mut mark = tx
            .prepare("UPDATE requests SET status = 'submitted', status_at = ?2 WHERE id = ?1")
            .map_err(sql(path))?;
        let mut history = tx
            .prepare(
                "INSERT INTO status_history (request_id, at, status, by) VALUES (?1, ?2, 'submitted', 'ledger submitted')",
            )
            .map_err(sql(path))?;
        for (place, row) in rows {
            let found = row.find_in(&mut find).map_err(sql(path))?;
            match found {
                // A released request that was uploaded after all is submitted too.
                Some((id, status))
                    if status == RequestStatus::Prepared.as_str() || status == RequestStatus::Released.as_str() =>
                {
                    mark.execute(params![id, at]).map_err(sql(path))?;
                    history.execute(params![id, at]).map_err(sql(path))?;
                    report.marked += 1;
                }
                Some(_) => report.already_submitted += 1,
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
    }
    tx.commit().map_err(sql(path))?;
    Ok(report)
}

/// The files named: a folder stands for its `wse-vov_*.csv` files (not those
/// of subfolders), in name order.
pub(super) fn expand(paths: &[PathBuf], ledger: &Path) -> Result<Vec<PathBuf>, LedgerError> {
    let mut files = Vec::new();
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let fail = |problem: Localized| LedgerError::Input {
            place: path.display().to_string(),
            problem,
            ledger: ledger.to_path_buf(),
        };
        let entries = std::fs::read_dir(path).map_err(|e| fail(cannot_read_folder(&e)))?;
        let mut found = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| fail(cannot_read_folder(&e)))?;
            let name = entry.file_name().to_string_lossy().to_lowercase();
            if name.starts_with("wse-vov_") && name.ends_with(".csv") && entry.path().is_file() {
                found.push(entry.path());
            }
        }
        if found.is_empty() {
            return Err(fail(Localized::new(|lang| {
                tr!(lang,
                    nl: "bevat geen uploadbestanden (wse-vov_*.csv); geef de map die prepare schreef (--out) of de bestanden",
                    fr: "ne contient aucun fichier de chargement (wse-vov_*.csv); indiquez le dossier que prepare a écrit (--out) ou les fichiers",
                    en: "holds no upload files (wse-vov_*.csv); name the folder that prepare wrote (--out) or the files",
                )
                .to_string()
            })));
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

/// Reads the rows of one upload file; a row that does not read as a
/// request goes to `not_found` with the reason.
pub(super) fn read_rows(
    t: &Table,
    wanted: &[String],
    rows: &mut Vec<(String, UploadRow)>,
    report: &mut SubmittedReport,
) {
    let keys: Vec<String> = t.header.iter().map(|h| header_key(h)).collect();
    let at: Vec<Option<usize>> = wanted.iter().map(|w| keys.iter().position(|k| k == w)).collect();
    for row in &t.rows {
        report.rows += 1;
        let cell = |i: usize| {
            at.get(i)
                .copied()
                .flatten()
                .and_then(|c| row.cells.get(c))
                .map(String::as_str)
                .unwrap_or("")
        };
        let parsed = (|| {
            let start = parse_date(cell(3)).map_err(|_| UnreadableCell::Startdatum)?;
            let key = RequestKey::new(cell(0), cell(1), cell(2), start).ok_or(UnreadableCell::Key)?;
            Ok::<_, UnreadableCell>(UploadRow {
                key,
                einddatum: parse_date(cell(4)).map_err(|_| UnreadableCell::Einddatum)?,
                eenheid: Unit::parse(cell(5)).map_err(|_| UnreadableCell::Eenheid)?,
                aantal: parse_decimal(cell(6)).map_err(|_| UnreadableCell::Aantal)?,
            })
        })();
        match parsed {
            Ok(r) => rows.push((t.place(row.line), r)),
            Err(what) => report.not_found.push(UnmatchedRow {
                place: t.place(row.line),
                kbo: shown(cell(0)),
                employee: mask_raw(cell(1)),
                odb_nummer: shown(cell(2)),
                startdatum: shown(cell(3)),
                problem: Some(what),
            }),
        }
    }
}

/// The report for people.
pub fn render_human(report: &SubmittedReport, lang: Lang) -> String {
    let (files, rows, marked) = (report.files.len(), report.rows, report.marked);
    let (already, not_found) = (report.already_submitted, report.not_found.len());
    let files = count!(lang, files,
        nl: ("uploadbestand", "uploadbestanden"),
        fr: ("fichier de chargement", "fichiers de chargement"),
        en: ("upload file", "upload files"));
    let rows = count!(lang, rows, nl: ("rij", "rijen"), fr: ("ligne", "lignes"), en: ("row", "rows"));
    // Each figure after its label: no verb or adjective to agree with it.
    let mut out = trf!(lang,
        nl: "{files}, {rows}. Nu als ingediend genoteerd: {marked}; al ingediend: {already}; niet gevonden in het register: {not_found}.\n",
        fr: "{files}, {rows}. Notées maintenant comme introduites: {marked}; déjà introduites: {already}; introuvables dans le registre: {not_found}.\n",
        en: "{files}, {rows}. Now recorded as submitted: {marked}; already submitted: {already}; not found in the ledger: {not_found}.\n");
    if !report.not_found.is_empty() {
        out.push_str(tr!(lang,
            nl: "Niet gevonden (niet door een gepubliceerde run voorbereid, of met andere inhoud):\n",
            fr: "Introuvables (pas préparées par une exécution publiée, ou avec un autre contenu):\n",
            en: "Not found (not prepared by a published run, or with other content):\n"));
        for r in &report.not_found {
            let problem = r.problem.map(|p| format!("  ({})", p.text(lang))).unwrap_or_default();
            out.push_str(&format!(
                "  {}  {} {} {} {}{problem}\n",
                r.place, r.kbo, r.employee, r.odb_nummer, r.startdatum
            ));
        }
    }
    out
}

/// Why a folder given to `ledger submitted` cannot be listed.
fn cannot_read_folder(error: &std::io::Error) -> Localized {
    Localized::new(|lang| {
        let reason = crate::os_error::reason(error, lang);
        trf!(lang,
            nl: "kan de map niet lezen ({reason})",
            fr: "impossible de lire le dossier ({reason})",
            en: "cannot read the folder ({reason})",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::test_support::*;

    const HEADER: &str =
        "ondernemingsnummer;insz;naam;voornaam;odb_nummer;startdatum;einddatum;eenheid;aantal;indiensttreding;email";

    fn line(kbo8: u64, insz9: u64, start: &str, aantal: &str) -> String {
        format!(
            "{};{};Peeters;Jan;ODB-Z00291;{start};30/06/2027;uren;{aantal};;\r\n",
            kbo(kbo8),
            insz(insz9)
        )
    }

    #[test]
    fn marks_the_requests_of_an_upload_folder() {
        let (dir, mut ledger) = ledger();
        let out_dir = out(&dir, "out");
        std::fs::create_dir_all(out_dir.join("sub")).unwrap();
        let a = request(ACME, JAN, date(2026, 9, 1), 40);
        let mut b = request(ACME, JAN + 1, date(2026, 9, 1), 0);
        b.aantal = Decimal::new(9375, 2);
        let c = request(ACME, JAN + 2, date(2026, 9, 1), 40);
        published_run(&mut ledger, &out_dir, &[a.clone(), b.clone(), c.clone()]);
        // c got a WSE status already: kept.
        ledger
            .conn
            .execute(
                "UPDATE requests SET status = 'goedgekeurd' WHERE insz = ?1",
                [c.key.insz.cast_signed()],
            )
            .unwrap();
        let text = format!(
            "{HEADER}\r\n{}{}{}{}",
            line(ACME, JAN, "01/09/2026", "40"),
            line(ACME, JAN + 1, "01/09/2026", "93,75"),
            line(ACME, JAN + 2, "01/09/2026", "40"),
            // Other content than prepared: not this request.
            line(ACME, JAN + 3, "01/09/2026", "41"),
        );
        std::fs::write(out_dir.join("wse-vov_0403170701.csv"), &text).unwrap();
        std::fs::write(out_dir.join("sub").join("wse-vov_0403170701.csv"), &text).unwrap();
        std::fs::write(out_dir.join("rejected.csv"), "x").unwrap();
        let at = chrono::Utc::now();
        let report = mark_submitted(&mut ledger, std::slice::from_ref(&out_dir), at).unwrap();
        assert_eq!(report.files.len(), 1);
        assert_eq!((report.rows, report.marked, report.already_submitted), (4, 2, 1));
        assert_eq!(report.not_found.len(), 1);
        let missing = &report.not_found[0];
        assert!(missing.place.ends_with("wse-vov_0403170701.csv:5"), "{}", missing.place);
        assert_eq!(missing.employee, "850730-xxx-xx");
        let json = serde_json::to_string(&report).unwrap();
        assert!(!json.contains(&insz(JAN + 3)), "{json}");
        let view = ledger.view().unwrap();
        assert_eq!(view.get(&a.key).unwrap().status, RequestStatus::Submitted);
        assert_eq!(view.get(&b.key).unwrap().status, RequestStatus::Submitted);
        assert_eq!(view.get(&c.key).unwrap().status, RequestStatus::Goedgekeurd);
        assert_eq!(
            count(
                &ledger,
                "SELECT count(*) FROM status_history WHERE by = 'ledger submitted'"
            ),
            2
        );

        // The history: the implied `prepared` entry of the run, then this.
        let mut stmt = ledger
            .conn
            .prepare(
                "SELECT h.at, h.status, h.by FROM request_history h JOIN requests r ON r.id = h.request_id \
                 WHERE r.insz = ?1 ORDER BY h.request_id, h.seq",
            )
            .unwrap();
        let history: Vec<(String, String, String)> = stmt
            .query_map([a.key.insz.cast_signed()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        drop(stmt);
        let at_text = at.to_rfc3339_opts(SecondsFormat::Secs, true);
        let entry = |at: &str, status: &str, by: &str| (at.to_string(), status.to_string(), by.to_string());
        assert_eq!(
            history,
            [
                entry("2026-11-02T08:00:00Z", "prepared", "prepare"),
                entry(&at_text, "submitted", "ledger submitted")
            ]
        );

        // Again: nothing new.
        let file = out_dir.join("wse-vov_0403170701.csv");
        let again = mark_submitted(&mut ledger, &[file], at).unwrap();
        assert_eq!((again.marked, again.already_submitted), (0, 3));
        let human = render_human(&again, Lang::En);
        assert!(
            human.contains("Now recorded as submitted: 0") && human.contains("850730-xxx-xx"),
            "{human}"
        );
    }

    #[test]
    fn a_folder_without_uploads_is_an_error_and_changes_nothing() {
        let (dir, mut ledger) = ledger();
        let empty = out(&dir, "empty");
        std::fs::create_dir_all(&empty).unwrap();
        let err = mark_submitted(&mut ledger, &[empty], chrono::Utc::now()).unwrap_err();
        assert!(matches!(err, LedgerError::Input { .. }));
        assert!(err.to_string().contains("wse-vov_*.csv"), "{err}");
        let bad = out(&dir, "wse-vov_x.csv");
        std::fs::write(&bad, "a;b\r\n1;2\r\n").unwrap();
        let err = mark_submitted(&mut ledger, &[bad], chrono::Utc::now()).unwrap_err();
        assert!(err.to_string().contains("no header line"), "{err}");
    }

    #[test]
    fn unreadable_rows_are_reported() {
        let (dir, mut ledger) = ledger();
        let file = out(&dir, "wse-vov_0403170701.csv");
        std::fs::write(&file, format!("{HEADER}\r\n{}", line(ACME, JAN, "31/02/2026", "40"))).unwrap();
        let report = mark_submitted(&mut ledger, &[file], chrono::Utc::now()).unwrap();
        assert_eq!(report.not_found.len(), 1);
        assert_eq!(report.not_found[0].problem, Some(UnreadableCell::Startdatum));
        assert_eq!(
            serde_json::to_value(&report.not_found[0]).unwrap()["problem"],
            "startdatum not readable"
        );
    }

    #[test]
    fn the_report_speaks_french() {
        let unmatched = |place: &str, problem| UnmatchedRow {
            place: place.into(),
            kbo: "0403170701".into(),
            employee: "850730-xxx-xx".into(),
            odb_nummer: "ODB-Z00291".into(),
            startdatum: "31/02/2026".into(),
            problem,
        };
        let report = SubmittedReport {
            files: vec!["wse-vov_0403170701.csv".into()],
            rows: 3,
            marked: 1,
            already_submitted: 0,
            not_found: vec![
                unmatched("wse-vov_0403170701.csv:3", Some(UnreadableCell::Startdatum)),
                unmatched("wse-vov_0403170701.csv:4", None),
            ],
        };
        assert_eq!(
            render_human(&report, Lang::Fr),
            "1 fichier de chargement, 3 lignes. Notées maintenant comme introduites: 1; déjà introduites: 0; introuvables dans le registre: 2.\n\
             Introuvables (pas préparées par une exécution publiée, ou avec un autre contenu):\n  \
             wse-vov_0403170701.csv:3  0403170701 850730-xxx-xx ODB-Z00291 31/02/2026  (startdatum illisible)\n  \
             wse-vov_0403170701.csv:4  0403170701 850730-xxx-xx ODB-Z00291 31/02/2026\n"
        );
        assert_eq!(
            UnreadableCell::Key.text(Lang::Fr),
            "ondernemingsnummer, insz ou odb_nummer illisible"
        );
    }
}
