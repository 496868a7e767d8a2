//! X rules: across the rows of the whole batch (all inputs together).

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::lang::Lang;
use crate::model::{Diagnostic, Outcome, Severity, Source};
use crate::rules::{Explanation, Rule, Text};
use crate::values::date::format_be;

pub static RULES: &[Rule] = &[X301];

pub const X301: Rule = Rule {
    code: "X301",
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

/// X301: marks every later occurrence of the same request.
pub fn duplicates(outcomes: &mut [Outcome], input_names: &[String], lang: Lang) {
    let mut first_seen: HashMap<(String, String, String, NaiveDate), Source> = HashMap::new();
    for outcome in outcomes.iter_mut() {
        let Some(request) = &outcome.request else { continue };
        let key = (
            request.kbo.as_str().to_string(),
            request.insz.as_str().to_string(),
            request.odb.as_str().to_string(),
            request.reference_start(),
        );
        match first_seen.get(&key) {
            None => {
                first_seen.insert(key, outcome.raw.source);
            }
            Some(kept) => {
                let kept_at = format!(
                    "{}:{}",
                    input_names.get(kept.input).map(String::as_str).unwrap_or("?"),
                    kept.line
                );
                let reference = format_be(request.reference_start());
                outcome.diagnostics.push(Diagnostic {
                    code: X301.code,
                    severity: Severity::Error,
                    field: None,
                    value: None,
                    message: lang.pick(
                        format!(
                            "zelfde aanvraag als {kept_at} (KBO {}, {}, start {reference}); die rij blijft behouden",
                            request.kbo,
                            request.odb.as_str()
                        ),
                        format!(
                            "same request as {kept_at} (KBO {}, {}, start {reference}); that row is kept",
                            request.kbo,
                            request.odb.as_str()
                        ),
                    ),
                    help: X301.explanation.fix.get(lang).to_string(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Field;
    use crate::model::{Cell, RawRow};
    use crate::rules::test_support::{date, request};

    fn outcome(line: u64, r: Option<crate::model::Request>) -> Outcome {
        Outcome {
            raw: RawRow {
                source: Source { input: 0, line },
                fields: vec![Cell::Empty; Field::COUNT],
                extras: vec![],
                malformed: None,
            },
            request: r,
            diagnostics: vec![],
        }
    }

    #[test]
    fn later_duplicates_name_the_first_row() {
        let names = vec!["a.csv".to_string()];
        let mut other_start = request();
        other_start.startdatum = date(2026, 9, 2);
        let mut late_enrolment_same_reference = request();
        late_enrolment_same_reference.startdatum = date(2026, 8, 15);
        late_enrolment_same_reference.inschrijvingsdatum = Some(request().startdatum);
        let mut rows = vec![
            outcome(2, Some(request())),
            outcome(3, Some(request())),
            outcome(4, None),
            outcome(5, Some(other_start)),
            outcome(6, Some(late_enrolment_same_reference)),
        ];
        duplicates(&mut rows, &names, Lang::En);
        let codes: Vec<Vec<&str>> = rows
            .iter()
            .map(|o| o.diagnostics.iter().map(|d| d.code).collect())
            .collect();
        assert_eq!(codes, vec![vec![], vec!["X301"], vec![], vec![], vec!["X301"]]);
        assert!(rows[1].diagnostics[0].message.contains("a.csv:2"));
    }
}
