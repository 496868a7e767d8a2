//! The ledger rules (X306, X307): a row against what earlier runs prepared.
//! They run last among the batch rules, after X301 (a duplicate within the
//! batch is a duplicate first) and before the cap and the minimum (a request
//! that X307 rejects is not submitted, so it does not count).

pub mod x306_already_prepared;
pub mod x307_changed_after_prepare;

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
    merges: Vec<crate::rules::batch::Merge>,
    lang: crate::lang::Lang,
) -> Vec<crate::rules::batch::Merge> {
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
        let (diagnostic, upload_it) = if same {
            let message = lang.pick_fmt(
                format_args!("de samengevoegde aanvraag {} werd al voorbereid in {upload}; status in het register: {status}; niet opnieuw opgeladen", merge.odb),
                format_args!("the merged request {} was already prepared in {upload}; status in the ledger: {status}; not uploaded again", merge.odb),
            );
            (X306.diagnostic(Severity::Info, None, None, message, lang), false)
        } else if known.status.is_submitted() {
            let message = lang.pick_fmt(
                format_args!("de samengevoegde aanvraag {} werd al ingediend (status {status}) met andere inhoud: een ingediende aanvraag kan niet meer gewijzigd worden", merge.odb),
                format_args!("the merged request {} was already submitted (status {status}) with other content: a submitted request cannot be changed", merge.odb),
            );
            (X307.diagnostic(Severity::Error, None, None, message, lang), false)
        } else {
            let message = lang.pick_fmt(
                format_args!("de samengevoegde aanvraag {} werd eerder anders voorbereid in {upload}: deze versie vervangt ze; laad dat oude bestand niet meer op", merge.odb),
                format_args!("the merged request {} was prepared earlier with other content in {upload}: this version replaces it; do not upload that old file any more", merge.odb),
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
        std::fs::write(
            &input,
            format!("{HEADER}0403170701;85073003328;Peeters;Jan;ODB-Z00291;uren;{aantal};01/10/2026;30/06/2027\n"),
        )
        .unwrap();
        let options = ValidateOptions {
            context: Context::for_tests(as_of),
            strict: false,
            merge_modules: false,
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
}
