//! `ledger list`: the current version of every request, INSZ masked.

use serde::Serialize;

use super::codec;
use super::error::LedgerError;
use super::status::RequestStatus;
use super::store::Ledger;
use super::stored::{self, StoredRequest};
use crate::lang::{count, tr, trf, Lang};
use crate::values::date::format_be;
use crate::values::number::format_comma;
use crate::values::Kbo;

/// Which requests `ledger list` shows.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Only this status.
    pub status: Option<RequestStatus>,
    /// Only this employer (any spelling of its KBO number).
    pub kbo: Option<String>,
}

/// One request as `ledger list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ListedRequest {
    /// The key, INSZ masked (`0403170701 850730-xxx-xx ODB-Z00291 2026-09-01`).
    pub key: String,
    /// The employer's KBO.
    pub kbo: String,
    /// The employer's name, when the input gave one.
    pub employer: Option<String>,
    /// The employee's INSZ, masked.
    pub employee: String,
    /// The employee's name and first name (`Peeters An`).
    pub name: String,
    /// The employee's last name.
    pub naam: String,
    /// The employee's first name.
    pub voornaam: String,
    /// The ODB number.
    pub odb_nummer: String,
    /// The upload's startdatum (ISO): the reference start.
    pub startdatum: String,
    /// The einddatum (ISO).
    pub einddatum: String,
    /// The unit.
    pub eenheid: String,
    /// The quantity.
    pub aantal: String,
    /// The VOV hours.
    pub vov_hours: String,
    /// The last day to submit (ISO).
    pub last_day: String,
    /// Where it stands.
    pub status: RequestStatus,
    /// The WSE dossier number, once known.
    pub dossier: Option<String>,
    /// The WSE's reason, when the overview gave one.
    pub reason: Option<String>,
    /// When the status was set (RFC 3339).
    pub status_at: String,
    /// The run that prepared this version.
    pub run: i64,
    /// The upload file it is in.
    pub upload: String,
    /// Where its row came from.
    pub origin: String,
}

/// What a `--kbo` filter asks for: `Ok(None)` for every employer,
/// `Ok(Some(n))` for the KBO number `n` as the ledger stores it (from any
/// spelling; text that is not a KBO number is taken as its digits, and then
/// matches nothing), `Err(())` for text without a number (nothing matches).
pub(crate) fn kbo_filter(s: Option<&str>) -> Result<Option<u64>, ()> {
    let Some(s) = s else {
        return Ok(None);
    };
    let number = match Kbo::parse(s) {
        Ok(k) => k.as_str().parse().ok(),
        Err(_) => s.chars().filter(char::is_ascii_digit).collect::<String>().parse().ok(),
    };
    number.map(Some).ok_or(())
}

impl From<&StoredRequest> for ListedRequest {
    fn from(r: &StoredRequest) -> ListedRequest {
        ListedRequest {
            key: r.key.label(),
            kbo: r.key.kbo_text(),
            employer: r.werkgever_naam.clone(),
            employee: r.key.insz_masked(),
            name: employee_name(&r.naam, &r.voornaam),
            naam: r.naam.clone(),
            voornaam: r.voornaam.clone(),
            odb_nummer: r.key.odb.to_string(),
            startdatum: codec::date_text(r.startdatum),
            einddatum: codec::date_text(r.einddatum),
            eenheid: r.eenheid.as_str().to_string(),
            aantal: codec::decimal_text(r.aantal),
            vov_hours: codec::decimal_text(r.vov_hours),
            last_day: codec::date_text(r.last_day),
            status: r.status,
            dossier: r.dossier.clone(),
            reason: r.reason.clone(),
            status_at: r.status_at.clone(),
            run: r.run,
            upload: r.upload_path().display().to_string(),
            origin: r.origin.clone(),
        }
    }
}

/// The current version of every request that passes `filter`, by employer,
/// last day and key.
pub fn list(ledger: &Ledger, filter: &ListFilter) -> Result<Vec<ListedRequest>, LedgerError> {
    let statuses: Vec<RequestStatus> = filter.status.into_iter().collect();
    let Ok(kbo) = kbo_filter(filter.kbo.as_deref()) else {
        return Ok(Vec::new());
    };
    let rows = stored::current(&ledger.conn, &ledger.path, &ledger.visible(), &statuses, kbo)?;
    Ok(rows.iter().map(ListedRequest::from).collect())
}

/// How many requests the ledger holds (their current versions), whatever
/// their status or employer: what an empty filtered list is set against.
pub fn count_all(ledger: &Ledger) -> Result<usize, LedgerError> {
    Ok(stored::current(&ledger.conn, &ledger.path, &ledger.visible(), &[], None)?.len())
}

/// What an empty list says: that the ledger holds nothing, or what was
/// filtered and how many requests the ledger holds ('Geen aanvraag met status
/// prepared; 13 aanvragen in het register.').
pub fn render_nothing_found(filter: &ListFilter, in_ledger: usize, lang: Lang) -> String {
    let filtered = filter.status.is_some() || filter.kbo.is_some();
    if in_ledger == 0 || !filtered {
        return render_list_human(&[], lang);
    }
    let total = count!(lang, in_ledger,
        nl: ("aanvraag", "aanvragen"),
        fr: ("demande", "demandes"),
        en: ("request", "requests"));
    let kbo = filter.kbo.as_deref().map(str::trim).unwrap_or_default();
    // The status in the language, with the word `--status` takes.
    let status = filter.status.map(|s| match s.words(lang) {
        words if words == s.as_str() => words.to_string(),
        words => format!("{words} ({})", s.as_str()),
    });
    match status {
        Some(status) if filter.kbo.is_some() => trf!(lang,
            nl: "Geen aanvraag met status {status} van werkgever {kbo}; {total} in het register.\n",
            fr: "Aucune demande au statut {status} de l'employeur {kbo}; {total} dans le registre.\n",
            en: "No request with status {status} of employer {kbo}; {total} in the ledger.\n"),
        Some(status) => trf!(lang,
            nl: "Geen aanvraag met status {status}; {total} in het register.\n",
            fr: "Aucune demande au statut {status}; {total} dans le registre.\n",
            en: "No request with status {status}; {total} in the ledger.\n"),
        None => trf!(lang,
            nl: "Geen aanvraag van werkgever {kbo}; {total} in het register.\n",
            fr: "Aucune demande de l'employeur {kbo}; {total} dans le registre.\n",
            en: "No request of employer {kbo}; {total} in the ledger.\n"),
    }
}

/// The list for people: one line per request.
pub fn render_list_human(list: &[ListedRequest], lang: Lang) -> String {
    if list.is_empty() {
        return tr!(lang,
            nl: "Geen aanvragen in het register.\n",
            fr: "Aucune demande dans le registre.\n",
            en: "No requests in the ledger.\n")
        .to_string();
    }
    let requests = count!(lang, list.len(),
        nl: ("aanvraag", "aanvragen"),
        fr: ("demande", "demandes"),
        en: ("request", "requests"));
    let mut out = trf!(lang,
        nl: "{requests} (huidige versie):\n",
        fr: "{requests} (version actuelle):\n",
        en: "{requests} (current version):\n");
    let last_day = tr!(lang, nl: "laatste dag", fr: "dernier jour", en: "last day");
    // The column is as wide as a date, or as its label where that is wider.
    let last_day_width = last_day.chars().count().max(10);
    let quantities: Vec<String> = list
        .iter()
        .map(|r| {
            let aantal = rust_decimal::Decimal::from_str_exact(&r.aantal)
                .map(format_comma)
                .unwrap_or_else(|_| r.aantal.clone());
            match crate::values::choice::Unit::parse(&r.eenheid) {
                Ok(unit) => format!("{aantal} {}", unit.words(lang)),
                Err(_) => format!("{aantal} {}", r.eenheid),
            }
        })
        .collect();
    let quantity_header = tr!(lang, nl: "aantal", fr: "quantité", en: "quantity");
    let quantity_width = quantities
        .iter()
        .chain([&quantity_header.to_string()])
        .map(|q| q.chars().count())
        .max()
        .unwrap_or(8);
    let status_header = tr!(lang, nl: "status", fr: "statut", en: "status");
    let status_width = list
        .iter()
        .map(|r| r.status.words(lang).chars().count())
        .chain([status_header.chars().count(), 16])
        .max()
        .unwrap_or(16);
    let name_header = tr!(lang, nl: "naam", fr: "nom", en: "name");
    let name_width = list
        .iter()
        .map(|r| r.name.chars().count())
        .chain([name_header.chars().count()])
        .max()
        .unwrap_or(0);
    out.push_str(&format!(
        "  {:<10}  {:<13}  {:<name_width$}  {:<14}  {:<10}  {:<10}  {:>quantity_width$}  {:<last_day_width$}  {:<status_width$}  {}\n",
        tr!(lang, nl: "KBO", fr: "BCE/KBO", en: "KBO"),
        tr!(lang, nl: "INSZ", fr: "NISS/INSZ", en: "INSZ"),
        name_header,
        "ODB",
        tr!(lang, nl: "start", fr: "début", en: "start"),
        tr!(lang, nl: "einde", fr: "fin", en: "end"),
        quantity_header,
        last_day,
        status_header,
        tr!(lang, nl: "dossier / bestand", fr: "dossier / fichier", en: "dossier / file"),
    ));
    for (r, quantity) in list.iter().zip(&quantities) {
        let be = |iso: &str| {
            crate::values::date::parse_date(iso)
                .map(format_be)
                .unwrap_or_else(|_| iso.to_string())
        };
        let where_ = r.dossier.clone().unwrap_or_else(|| r.upload.clone());
        out.push_str(&format!(
            "  {:<10}  {:<13}  {:<name_width$}  {:<14}  {:<10}  {:<10}  {:>quantity_width$}  {:<last_day_width$}  {:<status_width$}  {}\n",
            r.kbo,
            r.employee,
            r.name,
            r.odb_nummer,
            be(&r.startdatum),
            be(&r.einddatum),
            quantity,
            be(&r.last_day),
            r.status.words(lang),
            where_,
        ));
    }
    out
}

/// An employee as the agenda and the list name them: name, then first name
/// (`Peeters An`), as the ledger holds them.
pub(crate) fn employee_name(naam: &str, voornaam: &str) -> String {
    [naam.trim(), voornaam.trim()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::test_support::*;

    #[test]
    fn lists_current_versions_with_filters_and_masks() {
        let (dir, mut ledger) = ledger();
        let start = date(2026, 9, 1);
        published_run(
            &mut ledger,
            &out(&dir, "o1"),
            &[request(ACME, JAN, start, 40), request(ACME, JAN + 1, start, 40)],
        );
        published_run(
            &mut ledger,
            &out(&dir, "o2"),
            &[request(ACME, JAN, start, 60), request(4_031_708, JAN, start, 8)],
        );
        ledger
            .conn
            .execute("UPDATE requests SET status = 'submitted' WHERE aantal = '8'", [])
            .unwrap();
        let all = list(&ledger, &ListFilter::default()).unwrap();
        assert_eq!(all.len(), 3);
        let jan = all
            .iter()
            .find(|r| r.key.contains("850730-xxx-xx") && r.kbo == kbo(ACME) && r.aantal == "60");
        assert!(jan.is_some(), "{all:?}");
        assert!(all.iter().all(|r| r.aantal != "40" || r.employee == "850730-xxx-xx"));
        let filtered = ListFilter {
            status: Some(RequestStatus::Submitted),
            kbo: None,
        };
        assert_eq!(list(&ledger, &filtered).unwrap().len(), 1);
        let acme = ListFilter {
            status: None,
            kbo: Some("BE 0403.170.701".into()),
        };
        assert_eq!(list(&ledger, &acme).unwrap().len(), 2);
        for nothing in ["0403170702", "acme", ""] {
            let other = ListFilter {
                status: None,
                kbo: Some(nothing.into()),
            };
            assert!(list(&ledger, &other).unwrap().is_empty(), "{nothing}");
        }
        // Not yet changed: the status time is the run's start.
        assert!(all.iter().all(|r| r.status_at == "2026-11-02T08:00:00Z"), "{all:?}");
        // Leading zeros come back.
        assert!(
            all.iter().all(|r| r.kbo.len() == 10 && r.kbo.starts_with('0')),
            "{all:?}"
        );
        assert!(all[0].key.starts_with(&kbo(ACME)), "{}", all[0].key);
        let text = serde_json::to_string(&all).unwrap() + &render_list_human(&all, Lang::Nl);
        assert!(!text.contains(&insz(JAN)) && !text.contains(&insz(JAN + 1)), "{text}");
        assert!(render_list_human(&[], Lang::En).contains("No requests"));
    }

    #[test]
    fn the_list_speaks_french() {
        let (dir, mut ledger) = ledger();
        published_run(
            &mut ledger,
            &out(&dir, "o"),
            &[request(ACME, JAN, date(2026, 9, 1), 40)],
        );
        let all = list(&ledger, &ListFilter::default()).unwrap();
        let text = render_list_human(&all, Lang::Fr);
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("1 demande (version actuelle):"));
        assert_eq!(
            lines.next(),
            Some("  BCE/KBO     NISS/INSZ      nom          ODB             début       fin          quantité  dernier jour  statut            dossier / fichier")
        );
        let row = lines.next().unwrap_or_default();
        assert!(
            row.starts_with("  0403170701  850730-xxx-xx  Peeters Jan  ODB-Z00291      01/09/2026  30/06/2027  40 heures  30/11/2026    préparée          "),
            "{text}"
        );
        assert_eq!(render_list_human(&[], Lang::Fr), "Aucune demande dans le registre.\n");
        let submitted = ListFilter {
            status: Some(RequestStatus::Submitted),
            kbo: None,
        };
        assert!(list(&ledger, &submitted).unwrap().is_empty());
        assert_eq!(
            render_nothing_found(&submitted, count_all(&ledger).unwrap(), Lang::Fr),
            "Aucune demande au statut chargée (submitted); 1 demande dans le registre.\n"
        );
    }

    /// '140 u', '9 sp' and 'submitted' were shown to every clerk: the unit
    /// and the status are words of the clerk's language.
    #[test]
    fn units_and_statuses_are_words_of_the_language() {
        let (dir, mut ledger) = ledger();
        published_run(
            &mut ledger,
            &out(&dir, "o"),
            &[request(ACME, JAN, date(2026, 9, 1), 140)],
        );
        ledger
            .conn
            .execute("UPDATE requests SET status = 'submitted'", [])
            .unwrap();
        let all = list(&ledger, &ListFilter::default()).unwrap();
        for (lang, words) in [
            (Lang::Nl, ["140 uren", "opgeladen"]),
            (Lang::Fr, ["140 heures", "chargée"]),
            (Lang::En, ["140 hours", "submitted"]),
        ] {
            let text = render_list_human(&all, lang);
            for word in words {
                assert!(text.contains(&format!("  {word}  ")), "{word} not in\n{text}");
            }
            assert!(!text.contains(" u "), "{text}");
            if lang != Lang::En {
                assert!(!text.contains("submitted"), "{text}");
            }
        }
    }
}
