//! The ledger rules (X306, X307): a row against what earlier runs prepared.
//! They run last among the batch rules, after X301 (a duplicate within the
//! batch is a duplicate first) and before the cap and the minimum (a request
//! that X307 rejects is not submitted, so it does not count).

pub mod x306_already_prepared;
pub mod x307_changed_after_prepare;

use crate::lang::trf;
use crate::ledger::{LedgerView, OdbCode, RequestKey};
use crate::state::{EmployeeIndex, Entry};

pub use x306_already_prepared::X306;
pub use x307_changed_after_prepare::X307;

/// The indexed rows that stand `wanted` against the ledger and that
/// `blocked` does not rule out, each with the ledger's current version of
/// its request and that version's upload file: what X306 and X307 both walk.
pub(crate) fn rows_matching<'a>(
    index: &'a EmployeeIndex,
    view: &'a LedgerView,
    wanted: crate::state::LedgerMatch,
    blocked: impl Fn(&Entry, u32) -> bool,
) -> Vec<(u32, &'a Entry, &'a crate::ledger::KnownRequest, String)> {
    index
        .entries()
        .filter_map(|(i, entry)| {
            if entry.flags.ledger != wanted || blocked(entry, i) {
                return None;
            }
            let known = view.get(&key_of(index, entry)?)?;
            let upload = view.upload_file(known, &entry.kbo_text()).display().to_string();
            Some((i, entry, known, upload))
        })
        .collect()
}

/// The ledger key of an indexed request.
pub fn key_of(index: &EmployeeIndex, entry: &Entry) -> Option<RequestKey> {
    Some(RequestKey {
        kbo: entry.kbo,
        insz: entry.insz,
        odb: OdbCode::of(index.odbs.text(entry.odb))?,
        reference_start: entry.reference_start,
    })
}

/// The merged requests of `--merge-modules` against the ledger: a merge
/// that an earlier run prepared as such is already prepared (X306 on each of
/// its rows, and it is not uploaded again); one prepared with other content
/// gets X307 on each row. Returns the merges still to upload.
pub fn merged_requests(
    index: &EmployeeIndex,
    findings: &mut crate::state::Findings,
    view: &LedgerView,
    merges: Vec<crate::state::Merge>,
    lang: crate::lang::Lang,
) -> Vec<crate::state::Merge> {
    use crate::model::Severity;
    if merges.is_empty() {
        return merges;
    }
    let wanted: std::collections::HashSet<crate::model::Source> =
        merges.iter().flat_map(|m| m.members.iter().copied()).collect();
    let at: std::collections::HashMap<crate::model::Source, u32> = index
        .entries()
        .filter(|(_, e)| wanted.contains(&e.source))
        .map(|(i, e)| (e.source, i))
        .collect();
    let mut kept = Vec::with_capacity(merges.len());
    for merge in merges {
        let members: Vec<u32> = merge.members.iter().filter_map(|s| at.get(s).copied()).collect();
        let Some(first) = members.first().map(|i| index.entry(*i)) else {
            kept.push(merge);
            continue;
        };
        let key = OdbCode::of(&merge.odb).map(|odb| RequestKey {
            kbo: first.kbo,
            insz: first.insz,
            odb,
            reference_start: merge.startdatum,
        });
        let Some(known) = key.as_ref().and_then(|k| view.get(k)) else {
            kept.push(merge);
            continue;
        };
        let same = known.einddatum == merge.einddatum && known.eenheid == first.eenheid && known.aantal == merge.aantal;
        let upload = view.upload_file(known, &first.kbo_text()).display().to_string();
        let status = known.status.as_str();
        let odb = &merge.odb;
        let (diagnostic, upload_it) = if same {
            let message = trf!(
                lang,
                nl: "de samengevoegde aanvraag {odb} werd al voorbereid in {upload}; status in het register: {status}; niet opnieuw opgeladen",
                fr: "la demande fusionnée {odb} a déjà été préparée dans {upload}; statut dans le registre: {status}; pas chargée à nouveau",
                en: "the merged request {odb} was already prepared in {upload}; status in the ledger: {status}; not uploaded again",
            );
            (X306.diagnostic(Severity::Info, None, None, message, lang), false)
        } else if known.status.is_submitted() {
            let message = trf!(
                lang,
                nl: "de samengevoegde aanvraag {odb} werd al ingediend (status {status}) met andere inhoud: een ingediende aanvraag kan niet meer gewijzigd worden",
                fr: "la demande fusionnée {odb} a déjà été introduite (statut {status}) avec un autre contenu: une demande introduite ne peut plus être modifiée",
                en: "the merged request {odb} was already submitted (status {status}) with other content: a submitted request cannot be changed",
            );
            (X307.diagnostic(Severity::Error, None, None, message, lang), false)
        } else {
            let message = trf!(
                lang,
                nl: "de samengevoegde aanvraag {odb} werd eerder anders voorbereid in {upload}: deze versie vervangt ze; laad dat oude bestand niet meer op",
                fr: "la demande fusionnée {odb} a été préparée plus tôt avec un autre contenu dans {upload}: cette version la remplace; ne chargez plus cet ancien fichier",
                en: "the merged request {odb} was prepared earlier with other content in {upload}: this version replaces it; do not upload that old file any more",
            );
            (X307.diagnostic(Severity::Warning, None, None, message, lang), true)
        };
        let diagnostic = std::sync::Arc::new(crate::state::Finding::from(diagnostic));
        for &member in &members {
            findings.push_shared(member, std::sync::Arc::clone(&diagnostic));
            if same {
                findings.drop_deadline(member);
            }
        }
        if upload_it {
            kept.push(merge);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    //! X306 and X307 at their boundaries: the last day to submit (the day
    //! before, of and after) and the content (the same, or half an hour more;
    //! prepared, or submitted).

    use std::sync::Arc;

    use chrono::NaiveDate;

    use crate::lang::Lang;
    use crate::ledger::test_support::{date, ledger, out, published_run, request, ACME, JAN};
    use crate::reader::ReadOptions;
    use crate::rules::Context;
    use crate::schema::InputSchema;
    use crate::validate::{validate, Batch, ValidateOptions};

    const HEADER: &str =
        "werkgever_kbo;werknemer_insz;werknemer_naam;werknemer_voornaam;odb_nummer;eenheid;aantal;startdatum;einddatum\n";

    /// The row the ledger's test request stands for (start 01/10/2026, last
    /// day to submit 31/12/2026), with `aantal` hours.
    fn batch_with(aantal: &str, as_of: NaiveDate, submitted: bool) -> Batch {
        let row = format!("0403170701;85073003328;Peeters;Jan;ODB-Z00291;uren;{aantal};01/10/2026;30/06/2027\n");
        batch_of(&row, as_of, submitted, Lang::En, false)
    }

    /// `rows` (without the header) against a ledger that holds the test
    /// request (submitted when `submitted`), the messages in `lang`.
    fn batch_of(rows: &str, as_of: NaiveDate, submitted: bool, lang: Lang, merge_modules: bool) -> Batch {
        let (dir, mut ledger) = ledger();
        let run_out = out(&dir, "run1");
        published_run(&mut ledger, &run_out, &[request(ACME, JAN, date(2026, 10, 1), 40)]);
        if submitted {
            std::fs::create_dir_all(&run_out).unwrap();
            let upload = run_out.join("wse-vov_0403170701.csv");
            std::fs::write(
                &upload,
                "ondernemingsnummer;insz;naam;voornaam;odb_nummer;startdatum;einddatum;eenheid;aantal;indiensttreding;email\r\n\
                 0403170701;85073003328;Peeters;Jan;ODB-Z00291;01/10/2026;30/06/2027;uren;40;;\r\n",
            )
            .unwrap();
            let report = crate::ledger::submitted::mark_submitted(&mut ledger, &[upload], chrono::Utc::now()).unwrap();
            assert_eq!(report.marked, 1, "{report:?}");
        }
        let view = ledger.view().unwrap();
        let input = dir.path().join("export.csv");
        std::fs::write(&input, format!("{HEADER}{rows}")).unwrap();
        let options = ValidateOptions {
            context: Context::for_tests(as_of).with_lang(lang),
            strict: false,
            merge_modules,
            jobs: Some(1),
            read: ReadOptions::default(),
            ledger: Some(Arc::new(view)),
            digest_inputs: false,
            skip_unreadable: false,
        };
        validate(&[input.display().to_string()], &InputSchema::builtin(), &options).unwrap()
    }

    fn codes(batch: &Batch) -> Vec<&'static str> {
        batch.tally.rows_by_code.keys().map(|c| c.as_str()).collect()
    }

    #[test]
    fn x306_keeps_a_prepared_row_out_of_the_upload_before_on_and_after_its_last_day() {
        // The day before the last day: R206 (deadline near) is stopped too.
        let before = batch_with("40", date(2026, 12, 30), false);
        assert_eq!(codes(&before), vec!["X306"]);
        assert_eq!((before.tally.accepted, before.tally.already_prepared), (0, 1));
        let on = batch_with("40", date(2026, 12, 31), false);
        assert_eq!(codes(&on), vec!["X306"]);
        // The day after: R204 would reject it; the request was prepared in time.
        let after = batch_with("40", date(2027, 1, 1), false);
        assert_eq!(codes(&after), vec!["X306"]);
        assert_eq!((after.tally.rejected, after.tally.already_prepared), (0, 1));
        // A quantity written otherwise is the same content.
        assert_eq!(codes(&batch_with("40,00", date(2026, 11, 22), false)), vec!["X306"]);
    }

    #[test]
    fn x307_warns_for_a_prepared_and_rejects_a_submitted_request_with_other_content() {
        let prepared = batch_with("40,5", date(2026, 11, 22), false);
        assert_eq!(codes(&prepared), vec!["X307"]);
        assert_eq!((prepared.tally.accepted, prepared.ledger_changed), (1, 1));
        let submitted = batch_with("40,5", date(2026, 11, 22), true);
        assert_eq!(codes(&submitted), vec!["X307"]);
        assert_eq!((submitted.tally.rejected, submitted.tally.accepted), (1, 0));
        // The same content after submission is already prepared, not changed.
        let same = batch_with("40", date(2026, 11, 22), true);
        assert_eq!(codes(&same), vec!["X306"]);
    }

    #[test]
    fn x307_after_the_last_day_still_gets_r204() {
        // Other content is a new request: the deadline applies to it.
        let late = batch_with("41", date(2027, 1, 1), false);
        assert_eq!(codes(&late), vec!["R204"]);
        assert_eq!(late.tally.rejected, 1);
    }

    /// Every message the batch rules gave, in no particular order.
    fn messages(batch: &Batch) -> Vec<String> {
        batch
            .findings
            .values()
            .flat_map(|found| found.diagnostics.iter())
            .filter_map(|finding| match finding.as_ref() {
                crate::state::Finding::Diagnostic(d) => Some(d.message.clone()),
                crate::state::Finding::Cap(_) => None,
            })
            .collect()
    }

    #[test]
    fn x306_and_x307_in_french() {
        let row = "0403170701;85073003328;Peeters;Jan;ODB-Z00291;uren;{aantal};01/10/2026;30/06/2027\n";
        let same = batch_of(
            &row.replace("{aantal}", "40"),
            date(2026, 11, 22),
            false,
            Lang::Fr,
            false,
        );
        let found = messages(&same);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("déjà préparée par l'exécution "), "{}", found[0]);
        assert!(
            found[0].contains("(début 01/10/2026); statut dans le registre: prepared; pas chargée à nouveau"),
            "{}",
            found[0]
        );

        let changed = batch_of(
            &row.replace("{aantal}", "40,5"),
            date(2026, 11, 22),
            false,
            Lang::Fr,
            false,
        );
        let found = messages(&changed);
        assert!(found[0].starts_with("préparée plus tôt dans "), "{}", found[0]);
        assert!(
            found[0].ends_with(
                " avec une autre quantité (alors 40 uren): cette version la remplace; ne chargez plus cet ancien fichier"
            ),
            "{}",
            found[0]
        );

        let submitted = batch_of(
            &row.replace("{aantal}", "40,5"),
            date(2026, 11, 22),
            true,
            Lang::Fr,
            false,
        );
        assert_eq!(
            messages(&submitted),
            vec![
                "déjà introduite (statut submitted) avec une autre quantité (alors 40 uren): \
                 une demande introduite ne peut plus être modifiée"
            ]
        );
    }

    #[test]
    fn x307_names_what_changed_in_words_and_no_missing_dossier() {
        let row = "0403170701;85073003328;Peeters;Jan;ODB-Z00291;{unit};40;01/10/2026;{end}\n";
        let end = batch_of(
            &row.replace("{unit}", "uren").replace("{end}", "31/05/2027"),
            date(2026, 11, 22),
            false,
            Lang::Nl,
            false,
        );
        let found = messages(&end);
        assert!(
            found[0].contains(" met een andere einddatum (toen 30/06/2027 voor 40 uren, nu 31/05/2027): "),
            "{found:?}"
        );
        let unit = batch_of(
            &row.replace("{unit}", "lestijden").replace("{end}", "30/06/2027"),
            date(2026, 11, 22),
            true,
            Lang::En,
            false,
        );
        let found = messages(&unit);
        assert_eq!(
            found,
            vec![
                "already submitted (status submitted) with another unit (then 40 uren, now in lestijden): \
                 a submitted request cannot be changed"
            ]
        );
        for m in found.iter().chain(messages(&end).iter()) {
            assert!(!m.contains("dossier -"), "{m}");
            assert!(!m.contains("einde/aantal") && !m.contains("end/quantity"), "{m}");
        }
    }

    #[test]
    fn a_merged_request_already_prepared_in_french() {
        // Two modules that --merge-modules makes into the ledger's request:
        // ODB-Z00291 from 01/10/2026 to 30/06/2027, 40 hours.
        let rows = "0403170701;85073003328;Peeters;Jan;ODB-Z00291-001;uren;20;01/10/2026;31/01/2027\n\
                    0403170701;85073003328;Peeters;Jan;ODB-Z00291-002;uren;20;01/02/2027;30/06/2027\n";
        let batch = batch_of(rows, date(2026, 11, 22), false, Lang::Fr, true);
        let found = messages(&batch);
        assert!(!found.is_empty(), "{:?}", codes(&batch));
        let merged: Vec<&String> = found
            .iter()
            .filter(|m| m.starts_with("la demande fusionnée "))
            .collect();
        assert!(!merged.is_empty(), "{found:?}");
        assert!(
            merged[0].starts_with("la demande fusionnée ODB-Z00291 a déjà été préparée dans "),
            "{}",
            merged[0]
        );
        assert!(
            merged[0].ends_with("; statut dans le registre: prepared; pas chargée à nouveau"),
            "{}",
            merged[0]
        );
    }
}
