//! The ledger rules (X306, X307): a row against what earlier runs prepared.
//! They run last among the batch rules, after X301 (a duplicate within the
//! batch is a duplicate first) and before the cap and the minimum (a request
//! that X307 rejects is not submitted, so it does not count).

pub mod x306_already_prepared;
pub mod x307_changed_after_prepare;

use crate::ledger::{LedgerView, OdbCode, RequestKey};
use crate::state::{EmployeeIndex, Entry};

pub use x306_already_prepared::{X306, X306_STOPS};
pub use x307_changed_after_prepare::X307;

use crate::rules::Rule;

pub static RULES: &[Rule] = &[X306, X307];

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
        for &member in &members {
            findings.push(member, diagnostic.clone());
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
