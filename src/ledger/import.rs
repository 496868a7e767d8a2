//! `ledger import FILE...`: the WSE-loket's dossier overviews, read into the
//! ledger. Each dossier is matched to the current version of the request
//! with its key; the request takes the dossier's status, number and reason.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{params, Connection, TransactionBehavior};
use serde::{Serialize, Serializer};

use super::codec;
use super::dossier_schema::{Columns, DossierField, DossierSchema};
use super::error::{sql, LedgerError};
use super::key::RequestKey;
use super::runs::Visible;
use super::status::RequestStatus;
use super::store::Ledger;
use super::stored;
use super::table::{self, shown, Table, TableRow};
use crate::lang::{count, tr, trf, Lang, Localized};
use crate::values::date::{format_be, parse_date};
use crate::values::insz::mask_raw;
use crate::values::{Insz, Kbo};

/// What `ledger import` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    /// The overview files read.
    pub files: Vec<String>,
    /// Dossier rows read.
    pub dossiers: u64,
    /// Dossiers that matched a request.
    pub matched: u64,
    /// Requests whose status changed.
    pub changed: Vec<StatusChange>,
    /// Dossiers that match no request: submitted by hand or by someone else.
    pub unmatched: Vec<UnmatchedDossier>,
    /// Rows whose key could not be read; they were not matched.
    pub unreadable: Vec<UnreadableDossier>,
    /// Requests that have two dossier numbers (submitted twice).
    pub double: Vec<DoubleDossier>,
    /// `submitted` requests of the employers in these overviews that no
    /// dossier in the ledger matches (yet).
    pub submitted_without_dossier: Vec<WaitingRequest>,
}

/// A request whose status an overview changed.
#[derive(Debug, Clone, Serialize)]
pub struct StatusChange {
    /// The dossier number.
    pub dossier: String,
    /// The request's key, INSZ masked.
    pub key: String,
    /// The status before.
    pub from: RequestStatus,
    /// The status now.
    pub to: RequestStatus,
}

/// A dossier that matches no request of the ledger.
#[derive(Debug, Clone, Serialize)]
pub struct UnmatchedDossier {
    /// `file:line`.
    pub place: String,
    /// The dossier number.
    pub dossier: String,
    /// The employer's KBO.
    pub kbo: String,
    /// The INSZ, masked.
    pub employee: String,
    /// The ODB number.
    pub odb_nummer: String,
    /// The startdatum (ISO).
    pub startdatum: String,
    /// Its WSE status.
    pub status: RequestStatus,
}

/// A dossier row whose key could not be read.
#[derive(Debug, Clone, Serialize)]
pub struct UnreadableDossier {
    /// `file:line`.
    pub place: String,
    /// The dossier number, when given.
    pub dossier: String,
    /// What could not be read.
    pub problem: DossierProblem,
}

/// Why a dossier row's key could not be read; the cell's value shown as the
/// human report shows it (INSZ masked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DossierProblem {
    /// The dossier number is empty.
    NoNumber,
    /// `ondernemingsnummer` is not a KBO number.
    Kbo(String),
    /// `insz` is not a national number.
    Insz(String),
    /// `startdatum` is not a date.
    Startdatum(String),
    /// `odb_nummer` is not an ODB number.
    Odb(String),
}

impl DossierProblem {
    /// The problem in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            DossierProblem::NoNumber => {
                tr!(lang, nl: "geen dossiernummer", fr: "pas de numéro de dossier", en: "no dossier number").to_string()
            }
            DossierProblem::Kbo(value) => trf!(lang,
                nl: "ondernemingsnummer '{value}' is geen KBO-nummer",
                fr: "ondernemingsnummer '{value}' n'est pas un numéro d'entreprise (BCE/KBO)",
                en: "ondernemingsnummer '{value}' is not a KBO number"),
            DossierProblem::Insz(value) => trf!(lang,
                nl: "insz '{value}' is geen INSZ-nummer",
                fr: "insz '{value}' n'est pas un numéro NISS/INSZ",
                en: "insz '{value}' is not a national number"),
            DossierProblem::Startdatum(value) => trf!(lang,
                nl: "startdatum '{value}' is geen datum",
                fr: "startdatum '{value}' n'est pas une date",
                en: "startdatum '{value}' is not a date"),
            DossierProblem::Odb(value) => trf!(lang,
                nl: "odb_nummer '{value}' is geen ODB-nummer",
                fr: "odb_nummer '{value}' n'est pas un numéro ODB",
                en: "odb_nummer '{value}' is not an ODB number"),
        }
    }
}

/// In the JSON report the problem stays the English text it has always been,
/// whatever the language of the human report.
impl Serialize for DossierProblem {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text(Lang::En))
    }
}

/// A request that two dossiers match.
#[derive(Debug, Clone, Serialize)]
pub struct DoubleDossier {
    /// The request's key, INSZ masked.
    pub key: String,
    /// The dossier number it had.
    pub earlier: String,
    /// The dossier number that now also matched it (and that it now carries).
    pub now: String,
}

/// A submitted request without a dossier.
#[derive(Debug, Clone, Serialize)]
pub struct WaitingRequest {
    /// The request's key, INSZ masked.
    pub key: String,
    /// The upload file it was in.
    pub upload: String,
    /// When it was recorded as submitted.
    pub submitted_at: String,
}

/// A dossier row that reads.
struct Dossier {
    place: String,
    number: String,
    key: RequestKey,
    einddatum: Option<NaiveDate>,
    status: RequestStatus,
    berekend: Option<String>,
    reason: Option<String>,
}

/// Reads the overviews `files` (layout: the built-in dossier schema, plus or
/// instead of `schema`) into the ledger in one transaction; on an error
/// nothing changes. Every dossier is stored; one that matches the current
/// version of a request by its key (KBO, INSZ, ODB number, startdatum) sets
/// that request's status, dossier number and reason, with a history row when
/// one of them changed. The caller holds [`Ledger::lock_writers`].
pub fn import(
    ledger: &mut Ledger,
    files: &[PathBuf],
    schema: Option<&Path>,
    at: DateTime<Utc>,
) -> Result<ImportReport, LedgerError> {
    ledger.writable()?;
    let ledger_path = ledger.path.clone();
    let schema = DossierSchema::load(schema)?;
    let is_header = |cells: &[String]| schema.missing(&schema.columns(cells)).is_empty();
    let mut report = ImportReport::default();
    let mut dossiers = Vec::new();
    for file in files {
        let t = table::read(file, &ledger_path, &is_header, &schema.required_names())?;
        report.files.push(t.file.clone());
        let columns = schema.columns(&t.header);
        for row in &t.rows {
            report.dossiers += 1;
            match read_dossier(&t, &columns, row, &ledger_path)? {
                Ok(d) => dossiers.push((t.file.clone(), d)),
                Err(unreadable) => report.unreadable.push(unreadable),
            }
        }
    }
    let at = at.to_rfc3339_opts(SecondsFormat::Secs, true);
    let visible = ledger.visible();
    let path = ledger_path.as_path();
    let tx = ledger
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sql(path))?;
    let mut employers = BTreeSet::new();
    for (file, d) in &dossiers {
        employers.insert(d.key.kbo);
        apply(&tx, path, &visible, file, d, &at, &mut report)?;
    }
    for &kbo in &employers {
        for r in stored::current(&tx, path, &visible, &[RequestStatus::Submitted], Some(kbo))? {
            if !has_dossier(&tx, path, &r.key)? {
                report.submitted_without_dossier.push(WaitingRequest {
                    key: r.key.label(),
                    upload: r.upload_path().display().to_string(),
                    submitted_at: r.status_at.clone(),
                });
            }
        }
    }
    tx.commit().map_err(sql(path))?;
    Ok(report)
}

/// Matches one dossier, updates its request and stores the dossier.
fn apply(
    conn: &Connection,
    path: &Path,
    visible: &Visible,
    file: &str,
    d: &Dossier,
    at: &str,
    report: &mut ImportReport,
) -> Result<(), LedgerError> {
    let request = stored::current_of(conn, path, visible, &d.key)?;
    match &request {
        Some(r) => {
            report.matched += 1;
            if let Some(earlier) = r.dossier.as_deref().filter(|e| *e != d.number) {
                report.double.push(DoubleDossier {
                    key: d.key.label(),
                    earlier: earlier.to_string(),
                    now: d.number.clone(),
                });
            }
            let same = r.status == d.status && r.dossier.as_deref() == Some(&d.number) && r.reason == d.reason;
            if !same {
                conn.prepare_cached(
                    "UPDATE requests SET status = ?2, dossier = ?3, reason = ?4, status_at = ?5 WHERE id = ?1",
                )
                .and_then(|mut s| s.execute(params![r.id, d.status.as_str(), d.number, d.reason, at]))
                .map_err(sql(path))?;
                conn.prepare_cached(
                    "INSERT INTO status_history (request_id, at, status, dossier, reason, by) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .and_then(|mut s| {
                    s.execute(params![
                        r.id,
                        at,
                        d.status.as_str(),
                        d.number,
                        d.reason,
                        format!("ledger import {file}")
                    ])
                })
                .map_err(sql(path))?;
            }
            if r.status != d.status {
                report.changed.push(StatusChange {
                    dossier: d.number.clone(),
                    key: d.key.label(),
                    from: r.status,
                    to: d.status,
                });
            }
        }
        None => report.unmatched.push(UnmatchedDossier {
            place: d.place.clone(),
            dossier: d.number.clone(),
            kbo: d.key.kbo_text(),
            employee: d.key.insz_masked(),
            odb_nummer: d.key.odb.to_string(),
            startdatum: codec::date_text(d.key.reference_start),
            status: d.status,
        }),
    }
    conn.prepare_cached(
        "INSERT INTO dossiers (dossier, kbo, insz, odb, startdatum, einddatum, status, berekend, reason, source, \
         imported_at, request_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) \
         ON CONFLICT (dossier) DO UPDATE SET kbo = excluded.kbo, insz = excluded.insz, odb = excluded.odb, \
         startdatum = excluded.startdatum, einddatum = excluded.einddatum, status = excluded.status, \
         berekend = excluded.berekend, reason = excluded.reason, source = excluded.source, \
         imported_at = excluded.imported_at, request_id = excluded.request_id",
    )
    .and_then(|mut s| {
        let [kbo, insz, odb, start] = d.key.stored();
        s.execute(params![
            d.number,
            kbo,
            insz,
            odb,
            start,
            d.einddatum.map(codec::date_days),
            d.status.as_str(),
            d.berekend,
            d.reason,
            d.place,
            at,
            request.as_ref().map(|r| r.id),
        ])
    })
    .map_err(sql(path))?;
    Ok(())
}

fn has_dossier(conn: &Connection, path: &Path, key: &RequestKey) -> Result<bool, LedgerError> {
    conn.prepare_cached("SELECT count(*) FROM dossiers WHERE kbo = ?1 AND insz = ?2 AND odb = ?3 AND startdatum = ?4")
        .and_then(|mut s| s.query_row(key.stored(), |r| r.get::<_, i64>(0)))
        .map(|n| n > 0)
        .map_err(sql(path))
}

/// One dossier row: `Err` for an unknown status word (the layout is not what
/// it seems: the whole import stops), `Ok(Err)` for a key that does not read
/// (that row is reported and left out).
fn read_dossier(
    t: &Table,
    columns: &Columns,
    row: &TableRow,
    ledger: &Path,
) -> Result<Result<Dossier, UnreadableDossier>, LedgerError> {
    let cell = |f: DossierField| {
        columns
            .get(&f)
            .and_then(|&i| row.cells.get(i))
            .map(String::as_str)
            .unwrap_or("")
    };
    let optional = |f: DossierField| Some(cell(f).to_string()).filter(|s| !s.is_empty());
    let place = t.place(row.line);
    let word = cell(DossierField::Status);
    let status = RequestStatus::from_wse(word).ok_or_else(|| LedgerError::Input {
        place: place.clone(),
        problem: {
            let (word, known) = (shown(word), RequestStatus::WSE_WORDS);
            Localized::new(|lang| {
                trf!(lang,
                    nl: "'{word}' is geen dossierstatus die deze vov-bulk kent ({known}); controleer of de statuskolom de status van het dossier is, of wijs ze aan met --schema",
                    fr: "'{word}' n'est pas un statut de dossier que ce vov-bulk connaît ({known}); vérifiez que la colonne de statut est celle du statut du dossier, ou désignez-la avec --schema",
                    en: "'{word}' is not a dossier status this vov-bulk knows ({known}); check that the status column is the dossier's status, or map it with --schema",
                )
            })
        },
        ledger: ledger.to_path_buf(),
    })?;
    let written = cell(DossierField::Dossiernummer).trim();
    if !written.is_empty() && !is_dossier_number(written) {
        // Not a number the WSE-loket gives: the import stops before it is
        // stored (it would be shown in every listing and agenda after).
        let value = shown(written);
        return Err(LedgerError::Input {
            place: place.clone(),
            problem: Localized::new(move |lang| {
                trf!(lang,
                    nl: "'{value}' is geen dossiernummer van het WSE-loket (VG-VOV- en cijfers, bv. VG-VOV-000123); controleer of de kolom dossiernummer het nummer van het dossier is",
                    fr: "'{value}' n'est pas un numéro de dossier du guichet WSE (WSE-loket) (VG-VOV- et des chiffres, p. ex. VG-VOV-000123); vérifiez que la colonne dossiernummer est le numéro du dossier",
                    en: "'{value}' is not a WSE-loket dossier number (VG-VOV- and digits, e.g. VG-VOV-000123); check that the dossiernummer column is the dossier's number",
                )
            }),
            ledger: ledger.to_path_buf(),
        });
    }
    let number = written.to_string();
    let unreadable = |problem: DossierProblem| {
        Ok(Err(UnreadableDossier {
            place: place.clone(),
            dossier: number.clone(),
            problem,
        }))
    };
    if number.is_empty() {
        return unreadable(DossierProblem::NoNumber);
    }
    let (kbo, insz, odb) = (
        cell(DossierField::Ondernemingsnummer),
        cell(DossierField::Insz),
        cell(DossierField::OdbNummer),
    );
    if Kbo::parse(kbo).is_err() {
        return unreadable(DossierProblem::Kbo(shown(kbo)));
    }
    if Insz::parse(insz).is_err() {
        return unreadable(DossierProblem::Insz(mask_raw(insz)));
    }
    let start_text = cell(DossierField::Startdatum);
    let Ok(start) = parse_date(start_text) else {
        return unreadable(DossierProblem::Startdatum(shown(start_text)));
    };
    let Some(key) = RequestKey::new(kbo, insz, odb, start) else {
        return unreadable(DossierProblem::Odb(shown(odb)));
    };
    Ok(Ok(Dossier {
        place,
        number,
        key,
        einddatum: parse_date(cell(DossierField::Einddatum)).ok(),
        status,
        berekend: optional(DossierField::Berekend),
        reason: optional(DossierField::Reden),
    }))
}

/// A dossier number as the WSE-loket gives it: `VG-VOV-` and digits (at
/// most 20, as no real one comes near).
pub(crate) fn is_dossier_number(text: &str) -> bool {
    text.strip_prefix("VG-VOV-")
        .is_some_and(|digits| (1..=20).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// A request key for people: its ISO start date as `dd/mm/yyyy`, like every
/// other date of the report (the JSON keeps the key as it is).
fn key_be(key: &str) -> String {
    match key.rsplit_once(' ') {
        Some((head, date)) => match parse_date(date) {
            Ok(d) => format!("{head} {}", format_be(d)),
            Err(_) => key.to_string(),
        },
        None => key.to_string(),
    }
}

/// An RFC 3339 time for people: its day as `dd/mm/yyyy`.
fn day_be(at: &str) -> String {
    at.get(..10)
        .and_then(|d| parse_date(d).ok())
        .map(format_be)
        .unwrap_or_else(|| at.to_string())
}

/// The report for people; every date as `dd/mm/yyyy`.
pub fn render_human(report: &ImportReport, lang: Lang) -> String {
    let (files, dossiers, matched) = (report.files.len(), report.dossiers, report.matched);
    let (changed, unmatched) = (report.changed.len(), report.unmatched.len());
    let files = count!(lang, files,
        nl: ("overzicht", "overzichten"),
        fr: ("aperçu", "aperçus"),
        en: ("overview", "overviews"));
    let dossiers = count!(lang, dossiers,
        nl: ("dossier", "dossiers"),
        fr: ("dossier", "dossiers"),
        en: ("dossier", "dossiers"));
    // Each figure after its label: no verb or adjective to agree with it.
    let mut out = trf!(lang,
        nl: "{files}, {dossiers}. Gekoppeld aan een aanvraag: {matched}; met een nieuwe status: {changed}; zonder aanvraag in het register: {unmatched}.\n",
        fr: "{files}, {dossiers}. Liés à une demande: {matched}; avec un nouveau statut: {changed}; sans demande dans le registre: {unmatched}.\n",
        en: "{files}, {dossiers}. Matched to a request: {matched}; with a new status: {changed}; without a request in the ledger: {unmatched}.\n");
    if !report.changed.is_empty() {
        out.push_str(tr!(lang, nl: "Nieuwe status:\n", fr: "Nouveau statut:\n", en: "New status:\n"));
        for c in &report.changed {
            out.push_str(&format!(
                "  {}  {}  {} -> {}\n",
                c.dossier,
                key_be(&c.key),
                c.from,
                c.to
            ));
        }
    }
    if !report.unmatched.is_empty() {
        out.push_str(tr!(lang,
            nl: "Dossiers zonder voorbereide aanvraag (met de hand of door iemand anders ingediend):\n",
            fr: "Dossiers sans demande préparée (introduits à la main ou par quelqu'un d'autre):\n",
            en: "Dossiers that match no prepared request (submitted by hand or by someone else):\n"));
        for u in &report.unmatched {
            let start = parse_date(&u.startdatum)
                .map(format_be)
                .unwrap_or_else(|_| u.startdatum.clone());
            out.push_str(&format!(
                "  {}  {} {} {} {}  {}  ({})\n",
                u.dossier, u.kbo, u.employee, u.odb_nummer, start, u.status, u.place
            ));
        }
    }
    if !report.double.is_empty() {
        out.push_str(tr!(lang,
            nl: "Aanvragen met twee dossiers (dubbel ingediend?):\n",
            fr: "Demandes avec deux dossiers (introduites deux fois?):\n",
            en: "Requests with two dossiers (submitted twice?):\n"));
        for d in &report.double {
            out.push_str(&format!("  {}  {} / {}\n", key_be(&d.key), d.earlier, d.now));
        }
    }
    if !report.unreadable.is_empty() {
        out.push_str(tr!(lang, nl: "Niet gelezen rijen:\n", fr: "Lignes non lues:\n", en: "Rows not read:\n"));
        for u in &report.unreadable {
            out.push_str(&format!("  {}  {}  {}\n", u.place, u.dossier, u.problem.text(lang)));
        }
    }
    if !report.submitted_without_dossier.is_empty() {
        out.push_str(tr!(lang,
            nl: "Ingediende aanvragen van deze werkgevers zonder dossier (nog niet in het overzicht?):\n",
            fr: "Demandes introduites de ces employeurs sans dossier (pas encore dans l'aperçu?):\n",
            en: "Submitted requests of these employers without a dossier (not in the overview yet?):\n"));
        for w in &report.submitted_without_dossier {
            out.push_str(&format!(
                "  {}  {}  ({})\n",
                key_be(&w.key),
                w.upload,
                day_be(&w.submitted_at)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::test_support::*;

    const HEADER: &str =
        "Dossiernummer;Ondernemingsnummer;INSZ;Naam;Voornaam;ODB-nummer;Startdatum;Einddatum;Status;Berekend;Reden";

    fn row(dossier: &str, kbo8: u64, insz9: u64, status: &str, reason: &str) -> String {
        format!(
            "{dossier};{};{};Peeters;Jan;ODB-Z00291;01/09/2026;30/06/2027;{status};852,00;{reason}\r\n",
            kbo(kbo8),
            insz(insz9)
        )
    }

    fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn statuses_are_matched_and_unmatched_dossiers_reported() {
        let (dir, mut ledger) = ledger();
        let start = date(2026, 9, 1);
        let a = request(ACME, JAN, start, 40);
        let b = request(ACME, JAN + 1, start, 40);
        let waiting = request(ACME, JAN + 2, start, 40);
        published_run(&mut ledger, &out(&dir, "out"), &[a.clone(), b.clone(), waiting.clone()]);
        ledger
            .conn
            .execute(
                "UPDATE requests SET status = 'submitted' WHERE insz = ?1",
                [waiting.key.insz.cast_signed()],
            )
            .unwrap();
        let file = write(
            &dir,
            "overzicht.csv",
            &format!(
                "Overzicht dossiers Vlaams opleidingsverlof\r\n\r\n{HEADER}\r\n{}{}{}{}",
                row("VG-VOV-0001", ACME, JAN, "Goedgekeurd", ""),
                row("VG-VOV-0002", ACME, JAN + 1, "Geweigerd", "Laattijdige indiening"),
                row("VG-VOV-0003", ACME, JAN + 5, "Ingediend", ""),
                row("VG-VOV-0004", ACME, JAN, "Ingediend", "").replace(&kbo(ACME), "0403170702"),
            ),
        );
        let at = chrono::Utc::now();
        let report = import(&mut ledger, std::slice::from_ref(&file), None, at).unwrap();
        assert_eq!((report.dossiers, report.matched), (4, 2));
        assert_eq!(report.changed.len(), 2);
        assert_eq!(
            (report.changed[0].from, report.changed[0].to),
            (RequestStatus::Prepared, RequestStatus::Goedgekeurd)
        );
        assert_eq!(report.unmatched.len(), 1);
        let u = &report.unmatched[0];
        assert_eq!(
            (u.dossier.as_str(), u.employee.as_str()),
            ("VG-VOV-0003", "850730-xxx-xx")
        );
        assert!(u.place.ends_with("overzicht.csv:6"), "{}", u.place);
        assert_eq!(report.unreadable.len(), 1, "{:?}", report.unreadable);
        assert!(report.unreadable[0]
            .problem
            .text(Lang::En)
            .contains("ondernemingsnummer"));
        assert_eq!(report.submitted_without_dossier.len(), 1);
        assert_eq!(report.submitted_without_dossier[0].key, waiting.key.label());

        let view = ledger.view().unwrap();
        let known = view.get(&b.key).unwrap();
        assert_eq!(
            (known.status, known.dossier.as_deref()),
            (RequestStatus::Geweigerd, Some("VG-VOV-0002"))
        );
        let reason: Option<String> = ledger
            .conn
            .query_row("SELECT reason FROM requests WHERE dossier = 'VG-VOV-0002'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(reason.as_deref(), Some("Laattijdige indiening"));
        assert_eq!(count(&ledger, "SELECT count(*) FROM dossiers"), 3);
        assert_eq!(
            count(&ledger, "SELECT count(*) FROM dossiers WHERE request_id IS NULL"),
            1
        );
        let history = "SELECT count(*) FROM status_history WHERE by LIKE 'ledger import %'";
        assert_eq!(count(&ledger, history), 2);
        let text = serde_json::to_string(&report).unwrap() + &render_human(&report, Lang::Nl);
        for n in [JAN, JAN + 1, JAN + 2, JAN + 5] {
            assert!(!text.contains(&insz(n)), "{text}");
        }

        // The same overview again: nothing changes, no history.
        let again = import(&mut ledger, &[file], None, at).unwrap();
        assert_eq!((again.matched, again.changed.len()), (2, 0));
        assert_eq!(count(&ledger, history), 2);
        assert_eq!(count(&ledger, "SELECT count(*) FROM dossiers"), 3);
    }

    #[test]
    fn an_unknown_status_stops_the_import() {
        let (dir, mut ledger) = ledger();
        published_run(
            &mut ledger,
            &out(&dir, "out"),
            &[request(ACME, JAN, date(2026, 9, 1), 40)],
        );
        let file = write(
            &dir,
            "o.csv",
            &format!(
                "{HEADER}\r\n{}{}",
                row("VG-VOV-1", ACME, JAN, "Goedgekeurd", ""),
                row("VG-VOV-2", ACME, JAN, "In behandeling", "")
            ),
        );
        let err = import(&mut ledger, &[file], None, chrono::Utc::now()).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("o.csv:3") && message.contains("'In behandeling'"),
            "{message}"
        );
        assert!(
            message.contains("Deels uitbetaald") && message.contains("nothing was changed"),
            "{message}"
        );
        assert_eq!(count(&ledger, "SELECT count(*) FROM dossiers"), 0);
        assert_eq!(
            count(&ledger, "SELECT count(*) FROM requests WHERE status = 'prepared'"),
            1
        );
    }

    #[test]
    fn comma_separated_with_bom_windows_words_and_french_headers() {
        let (dir, mut ledger) = ledger();
        let r = request(ACME, JAN, date(2026, 9, 1), 40);
        published_run(&mut ledger, &out(&dir, "out"), std::slice::from_ref(&r));
        let text = format!(
            "\u{feff}Numéro de dossier,BCE,NISS,ODB,Date de début,Statut\r\nVG-VOV-9,{},{},odb z00291,2026-09-01,deels uitbetaald\r\n",
            kbo(ACME),
            insz(JAN)
        );
        let file = write(&dir, "fr.csv", &text);
        let report = import(&mut ledger, &[file], None, chrono::Utc::now()).unwrap();
        assert_eq!(report.matched, 1);
        assert_eq!(
            ledger.view().unwrap().get(&r.key).unwrap().status,
            RequestStatus::DeelsUitbetaald
        );
        // Windows-1252 bytes.
        let mut bytes = b"Dossiernummer;Ondernemingsnummer;INSZ;ODB-nummer;Startdatum;Status;Reden\r\n".to_vec();
        bytes.extend(
            format!(
                "VG-VOV-9;{};{};ODB-Z00291;01/09/2026;Geweigerd;Te laat ingediend: ",
                kbo(ACME),
                insz(JAN)
            )
            .bytes(),
        );
        bytes.extend(b"d\xE9lai\r\n");
        let path = dir.path().join("cp1252.csv");
        std::fs::write(&path, bytes).unwrap();
        let report = import(&mut ledger, &[path], None, chrono::Utc::now()).unwrap();
        assert_eq!(report.changed.len(), 1);
        let reason: String = ledger
            .conn
            .query_row("SELECT reason FROM requests WHERE dossier = 'VG-VOV-9'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(reason, "Te laat ingediend: délai");
    }

    #[test]
    fn a_national_number_in_another_column_is_never_echoed() {
        let (dir, mut ledger) = ledger();
        let header = "Dossiernummer;Ondernemingsnummer;INSZ;ODB-nummer;Startdatum;Status\r\n";
        let swapped = format!(
            "VG-VOV-1;{};{};ODB-Z00291;01/09/2026;Ingediend\r\n",
            insz(JAN),
            kbo(ACME)
        );
        let file = write(&dir, "swapped.csv", &format!("{header}{swapped}"));
        let report = import(&mut ledger, &[file], None, chrono::Utc::now()).unwrap();
        assert_eq!(report.unreadable.len(), 1);
        let text = serde_json::to_string(&report).unwrap() + &render_human(&report, Lang::En);
        assert!(!text.contains(&insz(JAN)), "{text}");
        let as_status = format!(
            "VG-VOV-1;{};{};ODB-Z00291;01/09/2026;{}\r\n",
            kbo(ACME),
            insz(JAN),
            insz(JAN)
        );
        let file = write(&dir, "shifted.csv", &format!("{header}{as_status}"));
        let err = import(&mut ledger, &[file], None, chrono::Utc::now())
            .unwrap_err()
            .to_string();
        assert!(err.contains("850730-xxx-xx") && !err.contains(&insz(JAN)), "{err}");
    }

    #[test]
    fn a_second_dossier_for_one_request_is_reported() {
        let (dir, mut ledger) = ledger();
        published_run(
            &mut ledger,
            &out(&dir, "out"),
            &[request(ACME, JAN, date(2026, 9, 1), 40)],
        );
        let file = write(
            &dir,
            "o.csv",
            &format!(
                "{HEADER}\r\n{}{}",
                row("VG-VOV-1", ACME, JAN, "Ingediend", ""),
                row("VG-VOV-2", ACME, JAN, "Ingediend", "")
            ),
        );
        let report = import(&mut ledger, &[file], None, chrono::Utc::now()).unwrap();
        assert_eq!(report.double.len(), 1);
        assert_eq!(
            (report.double[0].earlier.as_str(), report.double[0].now.as_str()),
            ("VG-VOV-1", "VG-VOV-2")
        );
    }

    #[test]
    fn the_report_speaks_french() {
        let report = ImportReport {
            files: vec!["overzicht.csv".into()],
            dossiers: 2,
            unreadable: vec![
                UnreadableDossier {
                    place: "overzicht.csv:4".into(),
                    dossier: "VG-VOV-0004".into(),
                    problem: DossierProblem::Kbo("0403170702".into()),
                },
                UnreadableDossier {
                    place: "overzicht.csv:5".into(),
                    dossier: String::new(),
                    problem: DossierProblem::NoNumber,
                },
            ],
            ..ImportReport::default()
        };
        let text = render_human(&report, Lang::Fr);
        assert_eq!(
            text,
            "1 aperçu, 2 dossiers. Liés à une demande: 0; avec un nouveau statut: 0; sans demande dans le registre: 0.\n\
             Lignes non lues:\n  \
             overzicht.csv:4  VG-VOV-0004  ondernemingsnummer '0403170702' n'est pas un numéro d'entreprise (BCE/KBO)\n  \
             overzicht.csv:5    pas de numéro de dossier\n"
        );
        let changed = ImportReport {
            files: vec!["apercu.csv".into()],
            dossiers: 1,
            matched: 1,
            changed: vec![StatusChange {
                dossier: "VG-VOV-0001".into(),
                key: "0403170701 850730-xxx-xx ODB-Z00291 2026-09-01".into(),
                from: RequestStatus::Submitted,
                to: RequestStatus::Goedgekeurd,
            }],
            submitted_without_dossier: vec![WaitingRequest {
                key: "0403170701 900214-xxx-xx ODB-Z00291 2026-10-15".into(),
                upload: "out/wse-vov_0403170701.csv".into(),
                submitted_at: "2026-11-03T09:12:00Z".into(),
            }],
            ..ImportReport::default()
        };
        let text = render_human(&changed, Lang::Fr);
        assert!(
            text.contains("  VG-VOV-0001  0403170701 850730-xxx-xx ODB-Z00291 01/09/2026  submitted -> goedgekeurd\n"),
            "one date form: {text}"
        );
        assert!(
            text.contains(
                "  0403170701 900214-xxx-xx ODB-Z00291 15/10/2026  out/wse-vov_0403170701.csv  (03/11/2026)\n"
            ),
            "{text}"
        );
        // The JSON keeps its English problem whatever the language.
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["unreadable"][1]["problem"], "no dossier number");
    }
}
