//! X307 changed-after-prepare: the request's key is in the ledger with other
//! content.

use crate::field::Field;
use crate::lang::{trf, Lang};
use crate::ledger::{KnownRequest, LedgerView};
use crate::model::Severity;
use crate::rules::{Explanation, Rule, Text};
use crate::state::{EmployeeIndex, Entry, Findings, LedgerMatch};
use crate::values::date::format_be;
use crate::values::number::format_comma;

/// The rule X307: its code, name, severity and texts in every language.
pub const X307: Rule = Rule {
    code: crate::code::Code::X307,
    name: "changed-after-prepare",
    severity: "warning / error",
    summary: Text {
        nl: "Een eerdere run bereidde deze aanvraag voor met andere data, eenheid of aantal.",
        fr: "Une exécution précédente a préparé cette demande avec d'autres dates, une autre unité ou une autre quantité.",
        en: "An earlier run prepared this request with other dates, unit or quantity.",
    },
    explanation: Explanation {
        what: Text {
            nl: "De sleutel (KBO, INSZ, ODB-nummer, referentiestart) staat in het register, maar einddatum, eenheid of aantal verschillen. Staat de oude versie nog op 'prepared' (niet bekend als opgeladen): waarschuwing; de nieuwe versie gaat in de upload en vervangt de oude in het register, en de melding noemt het oude uploadbestand, dat niet meer opgeladen mag worden. Is ze al ingediend ('submitted' of een WSE-status): fout, de rij wordt geweigerd.",
            fr: "La clé (KBO, INSZ, numéro ODB, début de référence) figure dans le registre, mais la date de fin, l'unité ou la quantité diffèrent. Si l'ancienne version est encore 'prepared' (pas connue comme chargée): avertissement; la nouvelle version va dans le fichier de chargement (upload) et remplace l'ancienne dans le registre, et le message nomme l'ancien fichier de chargement, qui ne peut plus être chargé. Si elle a déjà été introduite ('submitted' ou un statut WSE): erreur, la ligne est refusée.",
            en: "The key (KBO, INSZ, ODB number, reference start) is in the ledger, but the end date, unit or quantity differ. If the old version is still 'prepared' (not known to be uploaded): warning; the new version goes into the upload and replaces the old one in the ledger, and the message names the old upload file, which must not be uploaded any more. If it was submitted ('submitted' or a WSE status): error, the row is rejected.",
        },
        why: Text {
            nl: "'Een werkgever kan een al ingediende terugbetalingsaanvraag niet meer aanpassen.' Meer uren worden verrekend op basis van het aanwezigheidsattest van de opleidingsverstrekker; andere wijzigingen lopen via het departement, met het dossiernummer.",
            fr: "'Un employeur ne peut plus modifier une demande de remboursement déjà introduite.' Les heures supplémentaires sont régularisées sur la base de l'attestation de présence de l'opérateur de formation; les autres modifications passent par le département, avec le numéro de dossier.",
            en: "'An employer can no longer change a reimbursement request already submitted.' More hours are settled from the training provider's attendance certificate; other changes go through the department, with the dossier number.",
        },
        source: Text {
            nl: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever' ('Een werkgever kan een al ingediende terugbetalingsaanvraag niet meer aanpassen'); het register van vov-bulk (docs/ledger.md)",
            fr: "vlaanderen.be, « Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever » (« Een werkgever kan een al ingediende terugbetalingsaanvraag niet meer aanpassen »); le registre de vov-bulk (docs/ledger.md)",
            en: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever' ('Een werkgever kan een al ingediende terugbetalingsaanvraag niet meer aanpassen'); the vov-bulk ledger (docs/ledger.md)",
        },
        fix: Text {
            nl: "Nog niet opgeladen: laad enkel de nieuwe upload op, niet het oude bestand. Al ingediend: dien niets opnieuw in; meer uren komen via het aanwezigheidsattest, een andere wijziging vraagt u aan bij het departement met het dossiernummer.",
            fr: "Pas encore chargé: chargez uniquement le nouveau fichier de chargement, pas l'ancien fichier. Déjà introduite: n'introduisez rien à nouveau; les heures supplémentaires passent par l'attestation de présence, et toute autre modification se demande au département, avec le numéro de dossier.",
            en: "Not uploaded yet: upload only the new upload, not the old file. Already submitted: submit nothing again; more hours come through the attendance certificate, ask the department for any other change, with the dossier number.",
        },
        example: Text {
            nl: "Run 3 zette ODB-Z00291, start 01/10/2026, 40 uren klaar; de export zegt nu 48 uren. Nog 'prepared': waarschuwing, de nieuwe rij met 48 uren gaat in de upload. Al 'submitted': fout, de rij wordt geweigerd.",
            fr: "L'exécution 3 a préparé ODB-Z00291, début 01/10/2026, 40 heures; l'export indique maintenant 48 heures. Encore 'prepared': avertissement, la nouvelle ligne avec 48 heures va dans le fichier de chargement. Déjà 'submitted': erreur, la ligne est refusée.",
            en: "Run 3 prepared ODB-Z00291, start 01/10/2026, 40 hours; the export now says 48 hours. Still 'prepared': warning, the new row with 48 hours goes into the upload. Already 'submitted': error, the row is rejected.",
        },
    },
};

/// What differs between the row and the ledger's version, in words: 'een
/// andere einddatum (toen 30/06/2027, nu 31/05/2027)', 'een ander aantal
/// (toen 40 uren)'. The row's own quantity is not kept in the index: the
/// earlier one is named, the row shows the new one.
fn what_changed(entry: &Entry, known: &KnownRequest, lang: Lang) -> String {
    let quantity = format!("{} {}", format_comma(known.aantal), known.eenheid.as_str());
    let (was, now) = (format_be(known.einddatum), format_be(entry.einddatum));
    let end_changed = entry.einddatum != known.einddatum;
    if entry.eenheid != known.eenheid {
        let unit = entry.eenheid.as_str();
        let changed = trf!(lang,
            nl: "een andere eenheid (toen {quantity}, nu in {unit})",
            fr: "une autre unité (alors {quantity}, maintenant en {unit})",
            en: "another unit (then {quantity}, now in {unit})");
        if !end_changed {
            return changed;
        }
        trf!(lang,
            nl: "{changed} en een andere einddatum (toen {was}, nu {now})",
            fr: "{changed} et une autre date de fin (alors le {was}, maintenant le {now})",
            en: "{changed} and another end date (then {was}, now {now})")
    } else if end_changed {
        trf!(lang,
            nl: "een andere einddatum (toen {was} voor {quantity}, nu {now})",
            fr: "une autre date de fin (alors le {was} pour {quantity}, maintenant le {now})",
            en: "another end date (then {was} for {quantity}, now {now})")
    } else {
        trf!(lang,
            nl: "een ander aantal (toen {quantity})",
            fr: "une autre quantité (alors {quantity})",
            en: "another quantity (then {quantity})")
    }
}

/// Flags the rows whose key the ledger holds with other content, when no
/// other error rejects them (X301 has run). Returns how many were flagged.
pub fn check(index: &EmployeeIndex, findings: &mut Findings, view: &LedgerView, lang: Lang) -> usize {
    let mut flagged = 0;
    let matching = super::rows_matching(index, view, LedgerMatch::Changed, |entry, i| {
        findings.has_error(entry, i)
    });
    for (i, entry, known, upload) in matching {
        let changed = what_changed(entry, known, lang);
        let status = known.status.as_str();
        let diagnostic = if known.status.is_submitted() {
            let message = match known.dossier.as_deref() {
                Some(dossier) => trf!(
                    lang,
                    nl: "al ingediend (status {status}, dossier {dossier}) met {changed}: een ingediende aanvraag kan niet meer gewijzigd worden",
                    fr: "déjà introduite (statut {status}, dossier {dossier}) avec {changed}: une demande introduite ne peut plus être modifiée",
                    en: "already submitted (status {status}, dossier {dossier}) with {changed}: a submitted request cannot be changed",
                ),
                None => trf!(
                    lang,
                    nl: "al ingediend (status {status}) met {changed}: een ingediende aanvraag kan niet meer gewijzigd worden",
                    fr: "déjà introduite (statut {status}) avec {changed}: une demande introduite ne peut plus être modifiée",
                    en: "already submitted (status {status}) with {changed}: a submitted request cannot be changed",
                ),
            };
            X307.diagnostic(Severity::Error, Some(Field::Aantal), None, message, lang)
        } else {
            X307.diagnostic(
                Severity::Warning,
                Some(Field::Aantal),
                None,
                trf!(
                    lang,
                    nl: "eerder voorbereid in {upload} met {changed}: deze versie vervangt ze; laad dat oude bestand niet meer op",
                    fr: "préparée plus tôt dans {upload} avec {changed}: cette version la remplace; ne chargez plus cet ancien fichier",
                    en: "prepared earlier in {upload} with {changed}: this version replaces it; do not upload that old file any more",
                ),
                lang,
            )
        };
        findings.push(i, diagnostic);
        flagged += 1;
    }
    flagged
}
