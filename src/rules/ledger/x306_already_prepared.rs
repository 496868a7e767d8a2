//! X306 already-prepared: the request is in the ledger with the same content.

use crate::lang::{trf, Lang};
use crate::ledger::LedgerView;
use crate::model::Severity;
use crate::rules::{Explanation, Rule, Text};
use crate::state::{EmployeeIndex, Findings, LedgerMatch};
use crate::values::date::format_be;

/// The rule X306: its code, name, severity and texts in every language.
pub const X306: Rule = Rule {
    code: crate::code::Code::X306,
    name: "already-prepared",
    severity: "info",
    summary: Text {
        nl: "Deze aanvraag zit al, met dezelfde inhoud, in een upload van een eerdere run: ze wordt niet opnieuw opgeladen.",
        fr: "Cette demande se trouve déjà, avec le même contenu, dans un fichier de chargement (upload) d'une exécution précédente: elle n'est pas chargée à nouveau.",
        en: "This request is already, with the same content, in an upload of an earlier run: it is not uploaded again.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Het register (de ledger, een SQLite-bestand) onthoudt elke aanvraag die prepare in een uploadbestand zette: sleutel (KBO, INSZ, ODB-nummer, referentiestart) en inhoud (data, eenheid, aantal). Een rij waarvan de aanvraag er met dezelfde inhoud in staat, krijgt deze info en de status already_prepared: ze komt in geen upload en niet in rejected.csv. De termijnregels R204, R205 en R206 vallen dan weg: de aanvraag werd op tijd voorbereid, en `vov-bulk agenda` volgt haar laatste dag op. Andere fouten blijven gelden.",
            fr: "Le registre (le ledger, un fichier SQLite) retient chaque demande que prepare a placée dans un fichier de chargement (upload): sa clé (KBO, INSZ, numéro ODB, début de référence) et son contenu (dates, unité, quantité). Une ligne dont la demande s'y trouve avec le même contenu reçoit cette info et le statut already_prepared: elle ne va dans aucun fichier de chargement ni dans rejected.csv. Les règles de délai R204, R205 et R206 tombent alors: la demande a été préparée à temps, et `vov-bulk agenda` suit son dernier jour pour introduire. Les autres erreurs restent valables.",
            en: "The ledger (an SQLite file) remembers every request that prepare put in an upload file: its key (KBO, INSZ, ODB number, reference start) and content (dates, unit, quantity). A row whose request is in it with the same content gets this info and the status already_prepared: it goes into no upload and not into rejected.csv. The deadline rules R204, R205 and R206 are then dropped: the request was prepared in time, and `vov-bulk agenda` follows its last day. Other errors still apply.",
        },
        why: Text {
            nl: "'Een werkgever kan een al ingediende terugbetalingsaanvraag niet meer aanpassen': een tweede upload van dezelfde aanvraag wordt geweigerd of, erger, dubbel behandeld. Nachtelijke runs op een groeiende export en teruggevoerde rejected.csv-bestanden zien dezelfde rijen telkens opnieuw.",
            fr: "'Un employeur ne peut plus modifier une demande de remboursement déjà introduite': un deuxième chargement de la même demande est refusé ou, pire, traité deux fois. Les exécutions de nuit sur un export qui grandit et les fichiers rejected.csv fournis à nouveau rencontrent sans cesse les mêmes lignes.",
            en: "'An employer can no longer change a reimbursement request already submitted': a second upload of the same request is refused or, worse, handled twice. Nightly runs on a growing export and fed-back rejected.csv files meet the same rows again and again.",
        },
        source: Text {
            nl: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever' ('Een werkgever kan een al ingediende terugbetalingsaanvraag niet meer aanpassen'); het register van vov-bulk (docs/ledger.md)",
            fr: "vlaanderen.be, « Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever » (« Een werkgever kan een al ingediende terugbetalingsaanvraag niet meer aanpassen »); le registre de vov-bulk (docs/ledger.md)",
            en: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever' ('Een werkgever kan een al ingediende terugbetalingsaanvraag niet meer aanpassen'); the vov-bulk ledger (docs/ledger.md)",
        },
        fix: Text {
            nl: "Niets te doen: de aanvraag staat al in de genoemde upload. Is die nog niet opgeladen, laad ze dan op en meld het met `vov-bulk ledger submitted`.",
            fr: "Rien à faire: la demande se trouve déjà dans le fichier de chargement nommé. S'il n'a pas encore été chargé, chargez-le et signalez-le avec `vov-bulk ledger submitted`.",
            en: "Nothing to do: the request is already in the upload named. If that was not uploaded yet, upload it and record it with `vov-bulk ledger submitted`.",
        },
        example: Text {
            nl: "Run 3 op 2026-11-02 zette 0403170701 / 850730-xxx-xx / ODB-Z00291 / start 01/10/2026, 40 uren in out/wse-vov_0403170701.csv; de nachtelijke run van 2026-12-02 ziet dezelfde rij: X306, status already_prepared, geen R204 ook al verstreek de termijn op 31/12/2026 niet.",
            fr: "L'exécution 3 du 2026-11-02 a placé 0403170701 / 850730-xxx-xx / ODB-Z00291 / début 01/10/2026, 40 heures dans out/wse-vov_0403170701.csv; l'exécution de nuit du 2026-12-02 rencontre la même ligne: X306, statut already_prepared, et pas de R204.",
            en: "Run 3 on 2026-11-02 put 0403170701 / 850730-xxx-xx / ODB-Z00291 / start 01/10/2026, 40 hours in out/wse-vov_0403170701.csv; the nightly run of 2026-12-02 meets the same row: X306, status already_prepared, and no R204.",
        },
    },
};

/// Marks the rows whose request the ledger holds with the same content, when
/// no error rejects them (X301 has run): X306, and their deadline rules stop.
pub fn check(index: &EmployeeIndex, findings: &mut Findings, view: &LedgerView, lang: Lang) {
    let matching = super::rows_matching(index, view, LedgerMatch::Same, |entry, i| {
        findings.has_unstoppable_error(entry, i)
    });
    for (i, entry, known, upload) in matching {
        let status = known.status.as_str();
        let (run, when) = match view.run(known.run) {
            Some(run) => (run.id, run.started_at.get(..10).unwrap_or(&run.started_at).to_string()),
            None => (known.run, String::new()),
        };
        let start = format_be(entry.reference_start);
        let message = trf!(
            lang,
            nl: "al voorbereid door run {run} van {when} in {upload} (start {start}); status in het register: {status}; niet opnieuw opgeladen (is dat bestand verloren en niet opgeladen: `vov-bulk ledger release {upload}`)",
            fr: "déjà préparée par l'exécution {run} du {when} dans {upload} (début {start}); statut dans le registre: {status}; pas chargée à nouveau (si ce fichier est perdu et pas chargé: `vov-bulk ledger release {upload}`)",
            en: "already prepared by run {run} of {when} in {upload} (start {start}); status in the ledger: {status}; not uploaded again (if that file is lost and was not uploaded: `vov-bulk ledger release {upload}`)",
        );
        findings.push(i, X306.diagnostic(Severity::Info, None, None, message, lang));
        findings.drop_deadline(i);
    }
}
