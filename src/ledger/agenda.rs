//! `agenda`: what must still reach the WSE-loket, per employer, by last day
//! to submit; and the dossiers the WSE-loket refused or found inadmissible,
//! with what the employer can do.

use std::collections::{BTreeMap, HashMap};

use chrono::{Months, NaiveDate};
use serde::Serialize;

use super::codec::{self, serialize_date};
use super::error::LedgerError;
use super::status::RequestStatus;
use super::store::Ledger;
use super::stored::{self, StoredRequest};
use crate::lang::{count, tr, trf, Lang};
use crate::regulation::last_day_to_submit;
use crate::values::date::format_be;

use super::list::employee_name;
pub use super::list::{list, render_list_human, ListFilter, ListedRequest};

/// The `--days` horizon when none is given (as R206's `--warn-days`).
pub const DEFAULT_DAYS: u32 = 14;

/// What the agenda covers.
#[derive(Debug, Clone)]
pub struct AgendaOptions {
    /// The day it counts from.
    pub as_of: NaiveDate,
    /// A request is due soon when its last day is within this many days,
    /// counting the as-of day itself (as R206).
    pub days: u32,
    /// Only this employer (any spelling of its KBO number).
    pub kbo: Option<String>,
}

/// The agenda (CONTRACT.md's agenda JSON).
#[derive(Debug, Clone, Serialize)]
pub struct Agenda {
    /// The day it counts from.
    #[serde(serialize_with = "serialize_date")]
    pub as_of: NaiveDate,
    /// The due-soon horizon in days.
    pub days: u32,
    /// Employers with prepared requests, the most urgent first.
    pub employers: Vec<AgendaEmployer>,
    /// Dossiers that need the employer's action.
    pub actions: Vec<AgendaAction>,
}

/// One employer's prepared requests.
#[derive(Debug, Clone, Serialize)]
pub struct AgendaEmployer {
    /// Its KBO (10 digits).
    pub kbo: String,
    /// Its name as its latest request gives it.
    pub name: Option<String>,
    /// Its prepared requests by last day to submit.
    pub requests: Vec<AgendaRequest>,
}

/// A prepared request still to upload.
#[derive(Debug, Clone, Serialize)]
pub struct AgendaRequest {
    /// The key, INSZ masked (`0403170701 850730-xxx-xx ODB-Z00291 2026-09-01`).
    pub key: String,
    /// The employee's INSZ, masked.
    pub employee: String,
    /// The employee's name and first name, as the ledger holds them
    /// (`Peeters An`).
    pub name: String,
    /// The ODB number.
    pub odb_nummer: String,
    /// The upload's startdatum (the reference start).
    #[serde(serialize_with = "serialize_date")]
    pub startdatum: NaiveDate,
    /// The last day to submit.
    #[serde(serialize_with = "serialize_date")]
    pub last_day: NaiveDate,
    /// Its status (`prepared`).
    pub status: RequestStatus,
    /// Days from the as-of date to the last day; negative when overdue.
    pub days_left: i64,
    /// The upload file it is in.
    pub upload: String,
    /// The last day has passed.
    pub overdue: bool,
    /// The last day is within `days` days, the as-of day included.
    pub due_soon: bool,
}

/// What the employer can do about a dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// A lateness refusal of a request whose deadline came from the hire
    /// date: mail the dossier number with proof of the hire date (R216).
    HireDateProof,
    /// Refused: proof may be uploaded within a month of the decision.
    ProofWithinAMonth,
    /// Inadmissible: read the reason; the request cannot be changed.
    NotAdmissible,
}

/// A dossier that needs the employer's action.
#[derive(Debug, Clone, Serialize)]
pub struct AgendaAction {
    /// The employer's KBO.
    pub kbo: String,
    /// The employer's name.
    pub name: Option<String>,
    /// The request's key, INSZ masked.
    pub key: String,
    /// The employee's INSZ, masked.
    pub employee: String,
    /// The employee's name and first name, as the ledger holds them
    /// (`name` is the employer's here).
    pub employee_name: String,
    /// The ODB number.
    pub odb_nummer: String,
    /// The upload's startdatum.
    #[serde(serialize_with = "serialize_date")]
    pub startdatum: NaiveDate,
    /// `geweigerd` or `onontvankelijk`.
    pub status: RequestStatus,
    /// The dossier number.
    pub dossier: Option<String>,
    /// The reason the overview gave.
    pub reason: Option<String>,
    /// When the status was imported (not the decision's date, which the
    /// overview does not give).
    pub status_at: String,
    /// The last day to answer: a refusal one month after the decision,
    /// counted from the day the status was imported (the decision came on
    /// or before it); `null` for an inadmissible dossier, which the sources
    /// give no term: answer as soon as possible.
    #[serde(serialize_with = "serialize_opt_date")]
    pub answer_by: Option<NaiveDate>,
    /// Days from the as-of date to `answer_by`; negative when it passed.
    pub days_left: Option<i64>,
    /// By when to answer, in the agenda's language.
    pub when: String,
    /// Which advice applies.
    pub kind: ActionKind,
    /// What to do, in the agenda's language.
    pub what: String,
    /// Where the advice comes from.
    pub source: &'static str,
}

impl Agenda {
    /// An agenda with nothing in it for these options (no ledger yet): it
    /// still reports the `days` asked for.
    pub fn none(opts: &AgendaOptions) -> Agenda {
        Agenda {
            days: opts.days,
            ..Agenda::empty(opts.as_of)
        }
    }

    /// An agenda with nothing in it (no ledger yet), with the default
    /// horizon; [`Agenda::none`] keeps the one asked for.
    pub fn empty(as_of: NaiveDate) -> Agenda {
        Agenda {
            as_of,
            days: DEFAULT_DAYS,
            employers: Vec::new(),
            actions: Vec::new(),
        }
    }
}

/// Whether anything is overdue or due soon, or a dossier needs an answer
/// (`agenda` exits 1 then: CONTRACT v3).
pub fn has_urgent(agenda: &Agenda) -> bool {
    !agenda.actions.is_empty()
        || agenda
            .employers
            .iter()
            .flat_map(|e| &e.requests)
            .any(|r| r.overdue || r.due_soon)
}

fn serialize_opt_date<S: serde::Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => serialize_date(d, s),
        None => s.serialize_none(),
    }
}

/// Builds the agenda from the current versions of the ledger's requests.
pub fn agenda(ledger: &Ledger, opts: &AgendaOptions, lang: Lang) -> Result<Agenda, LedgerError> {
    let Ok(kbo) = super::list::kbo_filter(opts.kbo.as_deref()) else {
        return Ok(Agenda::none(opts));
    };
    let visible = ledger.visible();
    let (conn, path) = (&ledger.conn, ledger.path.as_path());
    let prepared = stored::current(conn, path, &visible, &[RequestStatus::Prepared], kbo)?;
    let refused = stored::current(
        conn,
        path,
        &visible,
        &[RequestStatus::Geweigerd, RequestStatus::Onontvankelijk],
        kbo,
    )?;
    let mut names: HashMap<u64, Option<String>> = HashMap::new();
    let mut name_of = |kbo: u64| -> Result<Option<String>, LedgerError> {
        if let Some(n) = names.get(&kbo) {
            return Ok(n.clone());
        }
        let n = stored::employer_name(conn, path, &visible, kbo)?;
        names.insert(kbo, n.clone());
        Ok(n)
    };
    // By number, which orders as the 10-digit texts do.
    let mut by_kbo: BTreeMap<u64, Vec<AgendaRequest>> = BTreeMap::new();
    for r in &prepared {
        by_kbo.entry(r.key.kbo).or_default().push(agenda_request(r, opts));
    }
    let mut employers = Vec::with_capacity(by_kbo.len());
    for (kbo, mut requests) in by_kbo {
        requests.sort_by(|a, b| (a.last_day, &a.key).cmp(&(b.last_day, &b.key)));
        employers.push(AgendaEmployer {
            name: name_of(kbo)?,
            kbo: format!("{kbo:010}"),
            requests,
        });
    }
    employers.sort_by(|a, b| {
        let first = |e: &AgendaEmployer| e.requests.first().map(|r| r.last_day);
        (first(a), &a.kbo).cmp(&(first(b), &b.kbo))
    });
    let mut actions = Vec::with_capacity(refused.len());
    for r in &refused {
        actions.push(action(r, name_of(r.key.kbo)?, opts.as_of, lang));
    }
    Ok(Agenda {
        as_of: opts.as_of,
        days: opts.days,
        employers,
        actions,
    })
}

fn agenda_request(r: &StoredRequest, opts: &AgendaOptions) -> AgendaRequest {
    let days_left = (r.last_day - opts.as_of).num_days();
    AgendaRequest {
        key: r.key.label(),
        employee: r.key.insz_masked(),
        name: employee_name(&r.naam, &r.voornaam),
        odb_nummer: r.key.odb.to_string(),
        startdatum: r.key.reference_start,
        last_day: r.last_day,
        status: r.status,
        days_left,
        upload: r.upload_path().display().to_string(),
        overdue: days_left < 0,
        due_soon: days_left >= 0 && days_left < i64::from(opts.days),
    }
}

/// Whether a WSE reason speaks of lateness ('laattijdig', 'laattijdigheid', 'te laat').
fn speaks_of_lateness(reason: &str) -> bool {
    let r = reason.to_lowercase();
    r.contains("laattijdig") || r.contains("te laat")
}

/// By when a dossier must be answered. A refusal: 'binnen de maand na
/// beslissing' (seed 001, status 'Geweigerd'); the overview gives no
/// decision date, so the month is counted from the day the status was
/// imported, on or after the decision: the real last day may be earlier.
/// An inadmissible dossier: the sources give no term, so as soon as possible.
fn answer_by(r: &StoredRequest) -> Option<NaiveDate> {
    if r.status != RequestStatus::Geweigerd {
        return None;
    }
    let imported = r
        .status_at
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())?;
    imported.checked_add_months(Months::new(1))
}

fn when_text(answer_by: Option<NaiveDate>, as_of: NaiveDate, lang: Lang) -> String {
    let Some(by) = answer_by else {
        return tr!(lang,
            nl: "Antwoord zo snel mogelijk (de WSE-bronnen geven geen termijn).",
            fr: "Répondez dès que possible (les sources du WSE ne donnent pas de délai).",
            en: "Answer as soon as possible (the WSE sources give no term).")
        .to_string();
    };
    let by_text = format_be(by);
    let imported = format_be(by.checked_sub_months(Months::new(1)).unwrap_or(by));
    if by < as_of {
        trf!(lang,
            nl: "De termijn van een maand na de beslissing (ten laatste op {imported}, de dag waarop het overzicht werd ingelezen) liep af, uiterlijk op {by_text}: antwoord meteen.",
            fr: "Le délai d'un mois après la décision (prise au plus tard le {imported}, le jour où l'aperçu a été importé) a expiré, au plus tard le {by_text}: répondez immédiatement.",
            en: "The term of one month after the decision (taken on {imported} at the latest, the day the overview was imported) ended on {by_text} at the latest: answer at once.")
    } else {
        trf!(lang,
            nl: "Antwoord uiterlijk op {by_text}: binnen de maand na de beslissing, die ten laatste op {imported} viel (de dag waarop het overzicht werd ingelezen).",
            fr: "Répondez au plus tard le {by_text}: dans le mois qui suit la décision, prise au plus tard le {imported} (le jour où l'aperçu a été importé).",
            en: "Answer by {by_text} at the latest: within one month of the decision, taken on {imported} at the latest (the day the overview was imported).")
    }
}

fn action(r: &StoredRequest, name: Option<String>, as_of: NaiveDate, lang: Lang) -> AgendaAction {
    // The prepared last day is later than the start's own deadline only when
    // the hire date moved it (R216): a new hire.
    let new_hire = r.last_day > last_day_to_submit(r.key.reference_start);
    let late = r.reason.as_deref().is_some_and(speaks_of_lateness);
    let dossier = r.dossier.as_deref().unwrap_or("VG-VOV-...");
    let (kind, what, source) = if late && new_hire {
        (
            ActionKind::HireDateProof,
            trf!(lang,
                nl: "Weigering wegens laattijdigheid voor een pas aangeworven werknemer: stuur een e-mail met het dossiernummer {dossier} naar vlaamsopleidingsverlof@vlaanderen.be en voeg in het WSE-loket een bewijs van de indiensttredingsdatum toe aan het dossier, zodat de aanvraag onderzocht kan worden.",
                fr: "Refus pour introduction tardive (nouveau travailleur): envoyez un e-mail avec le numéro de dossier {dossier} à vlaamsopleidingsverlof@vlaanderen.be et ajoutez au dossier, dans le guichet WSE (WSE-loket), une preuve de la date d'entrée en service, afin que la demande puisse être examinée.",
                en: "Refused as late for a newly hired employee: e-mail the dossier number {dossier} to vlaamsopleidingsverlof@vlaanderen.be and add proof of the hire date to the dossier in the WSE-loket, so that the request can be examined."),
            "001_1f5b18419eea068f.txt ('Pas aangeworven werknemers'); RULES.md R216",
        )
    } else if r.status == RequestStatus::Geweigerd {
        (
            ActionKind::ProofWithinAMonth,
            trf!(lang,
                nl: "Geweigerd: meent u dat de weigering onterecht is, dan kunt u binnen de maand na de beslissing een document met bewijs opladen in het dossier {dossier} in het WSE-loket; een dossierbehandelaar onderzoekt de aanvraag dan. De reden van weigering staat in het WSE-loket.",
                fr: "Refusée: si vous estimez que le refus est injustifié, vous pouvez charger un document justificatif dans le dossier {dossier} du guichet WSE (WSE-loket) dans le mois qui suit la décision; un gestionnaire de dossier examine alors la demande. Le motif du refus figure dans le guichet WSE.",
                en: "Refused: if you believe the refusal is wrong, you can upload a document with proof to dossier {dossier} in the WSE-loket within one month of the decision; a case handler then examines the request. The reason for the refusal is shown in the WSE-loket."),
            "001_1f5b18419eea068f.txt (status 'Geweigerd': 'binnen de maand na beslissing een document met bewijs opladen')",
        )
    } else {
        (
            ActionKind::NotAdmissible,
            trf!(lang,
                nl: "Onontvankelijk: het dossier {dossier} voldoet niet aan de indieningsvoorwaarden. Lees de reden in het WSE-loket. Een ingediende aanvraag kan niet meer aangepast worden; meent u dat dit onterecht is, neem dan contact op met de dienst opleidingsverlof en vermeld het dossiernummer.",
                fr: "Irrecevable: le dossier {dossier} ne remplit pas les conditions d'introduction. Lisez le motif dans le guichet WSE (WSE-loket). Une demande introduite ne peut plus être modifiée; si vous estimez que c'est injustifié, contactez le service du congé-formation et mentionnez le numéro de dossier.",
                en: "Inadmissible: dossier {dossier} does not meet the conditions for submission. Read the reason in the WSE-loket. A submitted request cannot be changed; if you believe this is wrong, contact the training leave department and give the dossier number."),
            "001_1f5b18419eea068f.txt (status 'Onontvankelijk'; 'Een werkgever kan een al ingediende terugbetalingsaanvraag niet meer aanpassen'); RULES.md X307",
        )
    };
    let by = answer_by(r);
    AgendaAction {
        kbo: r.key.kbo_text(),
        name,
        key: r.key.label(),
        employee: r.key.insz_masked(),
        employee_name: employee_name(&r.naam, &r.voornaam),
        answer_by: by,
        days_left: by.map(|d| (d - as_of).num_days()),
        when: when_text(by, as_of, lang),
        odb_nummer: r.key.odb.to_string(),
        startdatum: r.key.reference_start,
        status: r.status,
        dossier: r.dossier.clone(),
        reason: r.reason.clone(),
        status_at: r.status_at.clone(),
        kind,
        what,
        source,
    }
}

/// The employer as a heading: `Acme NV (0403170701)` or the KBO alone.
pub(crate) fn employer_label(kbo: &str, name: Option<&str>) -> String {
    match name {
        Some(n) => format!("{n} ({kbo})"),
        None => kbo.to_string(),
    }
}

/// The agenda for people: per employer a table by last day, overdue and
/// due-soon requests marked, then the dossiers to act on.
pub fn render_human(agenda: &Agenda, lang: Lang) -> String {
    let as_of = format_be(agenda.as_of);
    let days = agenda.days;
    let mut out = trf!(lang,
        nl: "Agenda op {as_of}: voorbereide aanvragen die nog naar het WSE-loket moeten (binnenkort: laatste dag binnen {days} dagen).\n",
        fr: "Agenda au {as_of}: demandes préparées qui doivent encore être introduites au guichet WSE (WSE-loket) (bientôt: dernier jour dans les {days} jours).\n",
        en: "Agenda as of {as_of}: prepared requests still to upload to the WSE-loket (due soon: last day within {days} days).\n");
    if agenda.employers.is_empty() {
        out.push_str(tr!(lang,
            nl: "Geen voorbereide aanvragen meer in te dienen.\n",
            fr: "Plus aucune demande préparée à introduire.\n",
            en: "No prepared requests left to submit.\n"));
    }
    let last_day = tr!(lang, nl: "laatste dag", fr: "dernier jour", en: "last day");
    // The column is as wide as a date, or as its label where that is wider.
    let last_day_width = last_day.chars().count().max(11);
    for e in &agenda.employers {
        out.push('\n');
        let employer = employer_label(&e.kbo, e.name.as_deref());
        let requests = count!(lang, e.requests.len(),
            nl: ("aanvraag", "aanvragen"),
            fr: ("demande", "demandes"),
            en: ("request", "requests"));
        out.push_str(&format!("{employer}: {requests}\n"));
        let name_header = tr!(lang, nl: "naam", fr: "nom", en: "name");
        let name_width = e
            .requests
            .iter()
            .map(|r| r.name.chars().count())
            .chain([name_header.chars().count()])
            .max()
            .unwrap_or(0);
        out.push_str(&format!(
            "  {:<last_day_width$} {:>6}  {:<name_width$}  {:<13}  {:<14}  {:<10}  {:<13}  {}\n",
            last_day,
            tr!(lang, nl: "dagen", fr: "jours", en: "days"),
            name_header,
            tr!(lang, nl: "werknemer", fr: "travailleur", en: "employee"),
            tr!(lang, nl: "ODB-nummer", fr: "numéro ODB", en: "ODB number"),
            tr!(lang, nl: "start", fr: "début", en: "start"),
            "",
            tr!(lang, nl: "uploadbestand", fr: "fichier de chargement", en: "upload file"),
        ));
        for r in &e.requests {
            let flag = if r.overdue {
                tr!(lang, nl: "TE LAAT", fr: "TROP TARD", en: "OVERDUE")
            } else if r.due_soon {
                tr!(lang, nl: "binnenkort", fr: "bientôt", en: "due soon")
            } else {
                ""
            };
            out.push_str(&format!(
                "  {:<last_day_width$} {:>6}  {:<name_width$}  {:<13}  {:<14}  {:<10}  {:<13}  {}\n",
                format_be(r.last_day),
                r.days_left,
                r.name,
                r.employee,
                r.odb_nummer,
                format_be(r.startdatum),
                flag,
                r.upload
            ));
        }
    }
    if !agenda.actions.is_empty() {
        out.push('\n');
        let actions = agenda.actions.len();
        out.push_str(&trf!(lang,
            nl: "Dossiers die een antwoord vragen ({actions}):\n",
            fr: "Dossiers qui demandent une réponse ({actions}):\n",
            en: "Dossiers that need an answer ({actions}):\n"));
        for a in &agenda.actions {
            let reason = a
                .reason
                .as_deref()
                .filter(|r| !r.trim().is_empty())
                .map(|r| format!(": {r}"))
                .unwrap_or_default();
            let dossier = a.dossier.clone().unwrap_or_else(|| {
                tr!(lang, nl: "(zonder dossiernummer)", fr: "(sans numéro de dossier)", en: "(no dossier number)")
                    .to_string()
            });
            out.push_str(&format!(
                "  {dossier}  {}  {} {} {} {}  {}{reason}\n    {}\n    -> {}\n",
                employer_label(&a.kbo, a.name.as_deref()),
                a.employee_name,
                a.employee,
                a.odb_nummer,
                format_be(a.startdatum),
                a.status.words(lang),
                a.when,
                a.what
            ));
        }
    }
    out
}

/// ISO date text, for the calendar module.
pub(crate) fn iso(d: NaiveDate) -> String {
    codec::date_text(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::test_support::*;
    use crate::ledger::PreparedRequest;

    fn due(kbo8: u64, insz9: u64, last_day: NaiveDate) -> PreparedRequest {
        let mut r = request(kbo8, insz9, date(2026, 9, 1), 40);
        r.last_day = last_day;
        r
    }

    fn options(as_of: NaiveDate) -> AgendaOptions {
        AgendaOptions {
            as_of,
            days: 14,
            kbo: None,
        }
    }

    #[test]
    fn requests_are_ordered_and_flagged_around_the_boundaries() {
        let (dir, mut ledger) = ledger();
        let as_of = date(2026, 11, 22);
        let other = 4_031_708;
        published_run(
            &mut ledger,
            &out(&dir, "out"),
            &[
                due(ACME, JAN, date(2026, 12, 6)),       // as_of + 14: not due soon
                due(ACME, JAN + 1, date(2026, 12, 5)),   // as_of + 13: the last day due soon
                due(ACME, JAN + 2, as_of),               // due today
                due(other, JAN + 3, date(2026, 11, 21)), // yesterday: overdue
                due(other, JAN + 4, date(2026, 11, 23)), // tomorrow
                due(ACME, JAN + 5, date(2026, 11, 30)),
            ],
        );
        ledger
            .conn
            .execute(
                "UPDATE requests SET status = 'submitted' WHERE insz = ?1",
                [insz(JAN + 5).parse::<i64>().unwrap()],
            )
            .unwrap();
        let agenda = agenda(&ledger, &options(as_of), Lang::En).unwrap();
        assert!(has_urgent(&agenda));
        let kbos: Vec<&str> = agenda.employers.iter().map(|e| e.kbo.as_str()).collect();
        assert_eq!(
            kbos,
            [kbo(other), kbo(ACME)],
            "the one with the earliest last day first"
        );
        let flags = |e: usize| -> Vec<(i64, bool, bool)> {
            agenda.employers[e]
                .requests
                .iter()
                .map(|r| (r.days_left, r.overdue, r.due_soon))
                .collect()
        };
        assert_eq!(flags(0), [(-1, true, false), (1, false, true)]);
        assert_eq!(flags(1), [(0, false, true), (13, false, true), (14, false, false)]);
        assert_eq!(agenda.employers[1].name.as_deref(), Some("Acme NV"));
        let r = &agenda.employers[1].requests[0];
        assert_eq!(r.key, format!("{} 850730-xxx-xx ODB-Z00291 2026-09-01", kbo(ACME)));
        assert_eq!(
            r.upload,
            out(&dir, "out")
                .join(format!("wse-vov_{}.csv", kbo(ACME)))
                .display()
                .to_string()
        );

        let json = serde_json::to_value(&agenda).unwrap();
        assert_eq!(json["as_of"], "2026-11-22");
        let first = &json["employers"][0]["requests"][0];
        for field in [
            "key",
            "employee",
            "name",
            "odb_nummer",
            "startdatum",
            "last_day",
            "status",
            "days_left",
            "upload",
        ] {
            assert!(!first[field].is_null(), "{field}");
        }
        assert_eq!(first["last_day"], "2026-11-21");
        assert_eq!(first["status"], "prepared");
        assert_eq!(first["name"], "Peeters Jan");
        assert_eq!(first["employee"], "850730-xxx-xx");
        assert!(json["actions"].as_array().unwrap().is_empty());
        let text = json.to_string() + &render_human(&agenda, Lang::En) + &render_human(&agenda, Lang::Nl);
        for n in 0..6 {
            assert!(!text.contains(&insz(JAN + n)), "{text}");
        }
        assert!(text.contains("OVERDUE") && text.contains("TE LAAT") && text.contains("due soon"));

        // Nothing due within 0 days; one employer only.
        let calm = agenda_for(&ledger, date(2026, 11, 1), 0, None);
        assert!(!has_urgent(&calm));
        let acme = agenda_for(&ledger, as_of, 14, Some("0403.170.701"));
        assert_eq!(acme.employers.len(), 1);
        assert!(!has_urgent(&Agenda::empty(as_of)));
        let none = Agenda::none(&AgendaOptions {
            as_of,
            days: 7,
            kbo: None,
        });
        assert_eq!((none.days, none.employers.len()), (7, 0));
    }

    /// An agenda on 22/11/2026 with one employer's two requests (one overdue,
    /// one due soon) and one refused dossier.
    fn french_sample() -> Agenda {
        let as_of = date(2026, 11, 22);
        let due_on = |last_day: NaiveDate, overdue: bool| AgendaRequest {
            key: "0403170701 850730-xxx-xx ODB-Z00291 2026-09-01".into(),
            employee: "850730-xxx-xx".into(),
            name: "Peeters Jan".into(),
            odb_nummer: "ODB-Z00291".into(),
            startdatum: date(2026, 9, 1),
            last_day,
            status: RequestStatus::Prepared,
            days_left: (last_day - as_of).num_days(),
            upload: "out/wse-vov_0403170701.csv".into(),
            overdue,
            due_soon: !overdue,
        };
        let employer = AgendaEmployer {
            kbo: "0403170701".into(),
            name: Some("Société Générale NV".into()),
            requests: vec![due_on(date(2026, 11, 21), true), due_on(date(2026, 11, 30), false)],
        };
        let prepared = request(ACME, JAN, date(2026, 9, 1), 40);
        let refused = StoredRequest {
            id: 1,
            run: 1,
            key: prepared.key,
            startdatum: prepared.startdatum,
            einddatum: prepared.einddatum,
            eenheid: prepared.eenheid,
            aantal: prepared.aantal,
            vov_hours: prepared.vov_hours,
            naam: prepared.naam,
            voornaam: prepared.voornaam,
            werkgever_naam: prepared.werkgever_naam,
            upload_file: prepared.upload_file,
            origin: prepared.origin,
            last_day: prepared.last_day,
            status: RequestStatus::Geweigerd,
            dossier: Some("VG-VOV-2".into()),
            reason: Some("Laattijdige aanvraag".into()),
            status_at: "2026-11-20T08:00:00Z".into(),
            out_dir: "out".into(),
        };
        Agenda {
            as_of,
            days: 14,
            employers: vec![employer],
            actions: vec![action(&refused, Some("Société Générale NV".into()), as_of, Lang::Fr)],
        }
    }

    #[test]
    fn the_agenda_speaks_french() {
        let text = render_human(&french_sample(), Lang::Fr);
        let expected = "\
Agenda au 22/11/2026: demandes préparées qui doivent encore être introduites au guichet WSE (WSE-loket) (bientôt: dernier jour dans les 14 jours).

Société Générale NV (0403170701): 2 demandes
  dernier jour  jours  nom          travailleur    numéro ODB      début                      fichier de chargement
  21/11/2026       -1  Peeters Jan  850730-xxx-xx  ODB-Z00291      01/09/2026  TROP TARD      out/wse-vov_0403170701.csv
  30/11/2026        8  Peeters Jan  850730-xxx-xx  ODB-Z00291      01/09/2026  bientôt        out/wse-vov_0403170701.csv

Dossiers qui demandent une réponse (1):
  VG-VOV-2  Société Générale NV (0403170701)  Peeters Jan 850730-xxx-xx ODB-Z00291 01/09/2026  refusée: Laattijdige aanvraag
    Répondez au plus tard le 20/12/2026: dans le mois qui suit la décision, prise au plus tard le 20/11/2026 (le jour où l'aperçu a été importé).
    -> Refusée: si vous estimez que le refus est injustifié, vous pouvez charger un document justificatif dans le dossier VG-VOV-2 du guichet WSE (WSE-loket) dans le mois qui suit la décision; un gestionnaire de dossier examine alors la demande. Le motif du refus figure dans le guichet WSE.
";
        assert_eq!(text, expected, "\n{text}");
        let empty = render_human(&Agenda::empty(date(2026, 11, 22)), Lang::Fr);
        assert!(
            empty.ends_with("Plus aucune demande préparée à introduire.\n"),
            "{empty}"
        );
    }

    fn agenda_for(ledger: &Ledger, as_of: NaiveDate, days: u32, kbo: Option<&str>) -> Agenda {
        let opts = AgendaOptions {
            as_of,
            days,
            kbo: kbo.map(String::from),
        };
        agenda(ledger, &opts, Lang::Nl).unwrap()
    }

    #[test]
    fn refusals_say_what_to_do() {
        let (dir, mut ledger) = ledger();
        let start = date(2026, 9, 1);
        let normal = last_day_to_submit(start);
        let mut hired = due(ACME, JAN, date(2027, 1, 14));
        hired.key.reference_start = start;
        published_run(
            &mut ledger,
            &out(&dir, "out"),
            &[
                hired,
                due(ACME, JAN + 1, normal),
                due(ACME, JAN + 2, normal),
                due(ACME, JAN + 3, normal),
            ],
        );
        let set = |n: u64, status: &str, dossier: &str, reason: &str| {
            let employee: i64 = insz(JAN + n).parse().unwrap();
            ledger
                .conn
                .execute(
                    "UPDATE requests SET status = ?1, dossier = ?2, reason = ?3 WHERE insz = ?4",
                    rusqlite::params![status, dossier, reason, employee],
                )
                .unwrap();
        };
        set(0, "geweigerd", "VG-VOV-1", "Laattijdige aanvraag");
        set(1, "geweigerd", "VG-VOV-2", "Laattijdige aanvraag");
        set(2, "onontvankelijk", "VG-VOV-3", "");
        set(3, "goedgekeurd", "VG-VOV-4", "");
        let agenda = agenda(&ledger, &options(date(2026, 11, 22)), Lang::En).unwrap();
        assert!(agenda.employers.is_empty());
        // Nothing due, but dossiers that need an answer: exit 1 (CONTRACT v3).
        assert!(has_urgent(&agenda));
        for a in &agenda.actions {
            assert_eq!(a.employee_name, "Peeters Jan", "{a:?}");
            match a.status {
                // The run started on 02/11/2026 and the status came with it here.
                RequestStatus::Geweigerd => {
                    assert_eq!(a.answer_by, Some(date(2026, 12, 2)), "{a:?}");
                    assert_eq!(a.days_left, Some(10));
                    assert!(a.when.contains("02/12/2026"), "{}", a.when);
                }
                _ => {
                    assert_eq!((a.answer_by, a.days_left), (None, None));
                    assert!(a.when.contains("as soon as possible"), "{}", a.when);
                }
            }
        }
        let kinds: Vec<(&str, ActionKind)> = agenda
            .actions
            .iter()
            .map(|a| (a.dossier.as_deref().unwrap(), a.kind))
            .collect();
        assert_eq!(kinds.len(), 3);
        assert!(kinds.contains(&("VG-VOV-1", ActionKind::HireDateProof)));
        assert!(kinds.contains(&("VG-VOV-2", ActionKind::ProofWithinAMonth)));
        assert!(kinds.contains(&("VG-VOV-3", ActionKind::NotAdmissible)));
        let hire = agenda
            .actions
            .iter()
            .find(|a| a.kind == ActionKind::HireDateProof)
            .unwrap();
        assert!(hire.what.contains("VG-VOV-1") && hire.what.contains("vlaamsopleidingsverlof@vlaanderen.be"));
        let month = agenda
            .actions
            .iter()
            .find(|a| a.kind == ActionKind::ProofWithinAMonth)
            .unwrap();
        assert!(
            month.what.contains("within one month of the decision"),
            "{}",
            month.what
        );
        let json = serde_json::to_value(&agenda).unwrap();
        assert_eq!(json["actions"][0]["kind"].as_str().map(|k| k.contains('_')), Some(true));
        let dutch = super::agenda(&ledger, &options(date(2026, 11, 22)), Lang::Nl).unwrap();
        let text = render_human(&dutch, Lang::Nl);
        assert!(text.contains("binnen de maand na de beslissing"), "{text}");
        assert!(
            text.contains("onontvankelijk\n"),
            "an empty reason is not shown: {text}"
        );
    }
}
