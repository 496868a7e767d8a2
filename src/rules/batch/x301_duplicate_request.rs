//! X301 duplicate-request: the same request (KBO, INSZ, ODB number,
//! reference start) more than once in the batch.
//!
//! Runs first among the batch rules ([`super::run_all`]): a duplicate is an
//! error, so the minimum (X303) and the cap (X302) no longer count it.

use rayon::slice::ParallelSliceMut;

use crate::lang::Lang;
use crate::model::Severity;
use crate::rules::{Explanation, Rule, Text};
use crate::state::{EmployeeIndex, Findings};
use crate::values::date::format_be;

use super::bron;

/// X301: the rule, its texts and its explanation.
pub const X301: Rule = Rule {
    code: crate::code::Code::X301,
    name: "duplicate-request",
    severity: "error",
    summary: Text {
        nl: "Dezelfde aanvraag (KBO, INSZ, ODB-nummer, referentiestart) staat er meer dan eens in.",
        en: "The same request (KBO, INSZ, ODB number, reference start) appears more than once.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Over alle invoerbestanden samen: een rij met dezelfde werkgever, werknemer, ODB-nummer en referentiestart als een eerdere rij. De eerste blijft, de latere worden geweigerd en noemen de behouden rij (bestand en regel). Elke rij die getypeerd kon worden telt mee, ook als ze om een andere reden geweigerd wordt.",
            en: "Across all inputs together: a row with the same employer, employee, ODB number and reference start as an earlier row. The first is kept; later ones are rejected and name the kept row (file and line). Every row that typed counts, even one rejected for another reason.",
        },
        why: Text {
            nl: "Een dubbele aanvraag wordt door WSE geweigerd of, erger, twee keer behandeld; dubbels ontstaan vaak wanneer een export en een klantbestand elkaar overlappen.",
            en: "A duplicate request is refused by WSE or, worse, handled twice; duplicates often arise when an export and a client's spreadsheet overlap.",
        },
        source: "001_1f5b18419eea068f.txt (één aanvraag per opleiding en werknemer)",
        fix: Text {
            nl: "Verwijder de dubbele rij, of verbeter ze als het om een andere opleiding of start gaat.",
            en: "Remove the duplicate row, or correct it when it is another training or start.",
        },
        example: Text {
            nl: "payroll.csv:7 en acme.xlsx:3 met dezelfde KBO, INSZ, ODB-1001623 en start 01/09/2026: acme.xlsx:3 krijgt X301 'zelfde aanvraag als payroll.csv:7'.",
            en: "payroll.csv:7 and acme.xlsx:3 with the same KBO, INSZ, ODB-1001623 and start 01/09/2026: acme.xlsx:3 gets X301 'same request as payroll.csv:7'.",
        },
    },
};

/// X301: marks every later occurrence of the same request; the first is
/// kept. Every typed row counts, rejected for another reason or not.
pub fn check(index: &EmployeeIndex, findings: &mut Findings, input_names: &[String], lang: Lang) {
    let key = |i: &u32| {
        let e = index.entry(*i);
        (e.kbo, e.insz, e.odb, e.reference_start)
    };
    // Sorting by key and then input order puts each request's first row
    // first. The keys are not kept beside the indices: 4 bytes per request
    // instead of 32, for a sort that takes a tenth of a second per million.
    let mut order: Vec<u32> = (0..index.entry_count()).collect();
    order.par_sort_unstable_by_key(|i| (key(i), *i));
    for same in order.chunk_by(|a, b| key(a) == key(b)) {
        let Some((kept, later)) = same.split_first() else {
            continue;
        };
        if later.is_empty() {
            continue;
        }
        let kept_at = bron(index.entry(*kept).source, input_names);
        for &duplicate in later {
            let entry = index.entry(duplicate);
            let reference = format_be(entry.reference_start);
            let (kbo, odb) = (entry.kbo_text(), index.odbs.text(entry.odb));
            findings.push(
                duplicate,
                X301.diagnostic(Severity::Error, None, None, lang.pick_fmt(
                        format_args!("zelfde aanvraag als {kept_at} (KBO {kbo}, {odb}, start {reference}); die rij blijft behouden"),
                        format_args!("same request as {kept_at} (KBO {kbo}, {odb}, start {reference}); that row is kept"),
                    ), lang),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::batch::test_rows::{names, Rows};
    use crate::rules::test_support::{date, request};

    fn duplicates(rows: &Rows) -> Findings {
        let mut findings = Findings::default();
        check(&rows.index, &mut findings, &names(), Lang::En);
        findings
    }

    #[test]
    fn later_duplicates_name_the_first_row() {
        let mut other_start = request();
        other_start.startdatum = date(2026, 9, 2);
        let mut late_enrolment_same_reference = request();
        late_enrolment_same_reference.startdatum = date(2026, 8, 15);
        late_enrolment_same_reference.inschrijvingsdatum = Some(request().startdatum);
        let mut rows = Rows::default();
        rows.plain(2, request())
            .plain(3, request())
            .add(4, None, vec![])
            .plain(5, other_start)
            .plain(6, late_enrolment_same_reference);
        let findings = duplicates(&rows);
        assert_eq!(
            rows.codes(&findings),
            vec![vec![], vec!["X301"], vec![], vec![], vec!["X301"]]
        );
        assert!(rows.finals(&findings)[1][0].message.contains("a.csv:2"));
    }

    #[test]
    fn the_same_key_is_a_duplicate_and_one_field_of_the_key_different_is_not() {
        // The same key: X301 on the second, even with other dates or quantity
        // (they are not part of the key).
        let mut same_key = request();
        same_key.einddatum = date(2027, 5, 31);
        same_key.aantal = rust_decimal::Decimal::from(40);
        let mut rows = Rows::default();
        rows.plain(2, request()).plain(3, same_key);
        assert_eq!(rows.codes(&duplicates(&rows)), vec![vec![], vec!["X301"]]);
        // One field of the key different: KBO, INSZ, ODB number, reference start.
        let mut other_kbo = request();
        other_kbo.kbo = crate::values::Kbo::parse("0202239951").unwrap();
        let mut other_insz = request();
        other_insz.insz = crate::values::Insz::parse("00011300133").unwrap();
        let mut other_odb = request();
        other_odb.odb = crate::values::Odb::parse("ODB-0002141").unwrap();
        let mut next_day = request();
        next_day.startdatum = date(2026, 9, 2);
        for other in [other_kbo, other_insz, other_odb, next_day] {
            let mut rows = Rows::default();
            rows.plain(2, request()).plain(3, other);
            assert_eq!(rows.codes(&duplicates(&rows)), vec![Vec::<&str>::new(), vec![]]);
        }
    }
}
