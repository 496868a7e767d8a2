//! X rules: across the rows of the whole batch (all inputs together).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::field::Field;
use crate::figures::{school_year_name, yearly_cap};
use crate::lang::Lang;
use crate::model::{Diagnostic, Severity, Source, Status};
use crate::rules::request::R203;
use crate::rules::{Explanation, Rule, Text};
use crate::state::{Facts, NameBook, RowState};
use crate::values::date::format_be;
use crate::values::insz::mask_raw;
use crate::values::number::format_comma;

pub static RULES: &[Rule] = &[X301, X302, X303, X304, X305];

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

pub const X302: Rule = Rule {
    code: "X302",
    name: "over-yearly-cap",
    severity: "warning",
    summary: Text {
        nl: "De VOV-uren van een werknemer in een schooljaar gaan boven 125 x TWP / 100.",
        en: "An employee's VOV hours in one school year exceed 125 x TWP / 100.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Per werknemer (INSZ) en schooljaar worden de VOV-uren van de aanvaarde rijen opgeteld (na de omrekening van studiepunten, examens en EVC). Boven 125 x TWP / 100 (125 voltijds; TWP 75 geeft 93,75) krijgt elke rij van die werknemer en dat schooljaar deze waarschuwing. Bij verschillende TWP's geldt de laagste. Het rapport toont de begrensde uren.",
            en: "Per employee (INSZ) and school year the VOV hours of the accepted rows are added up (after converting study points, exams and EVC). Above 125 x TWP / 100 (125 full-time; TWP 75 gives 93.75) every row of that employee and year gets this warning. With different TWPs the lowest applies. The report shows the capped hours.",
        },
        why: Text {
            nl: "'Iedere voltijdse werknemer heeft per schooljaar recht op maximum 125 uren VOV'; bij deeltijds werk wordt dat maximum herberekend met het tewerkstellingspercentage. Uren boven het plafond worden niet terugbetaald.",
            en: "'Every full-time employee has a right to at most 125 hours of VOV per school year'; for part-time work that maximum is recomputed with the employment percentage. Hours above the cap are not reimbursed.",
        },
        source: "003_3c4063dd767c45eb.txt (125 uren); 004_83b721da382c7edc.txt (TWP 75% = 93,75 uren)",
        fix: Text {
            nl: "Dien in (de aanvragen zijn geldig), maar reken enkel op de begrensde uren; controleer de TWP.",
            en: "Submit (the requests are valid), but count only on the capped hours; check the TWP.",
        },
        example: Text {
            nl: "TWP 75, twee opleidingen van 60 uren in 2026-2027: 120 > 93,75, X302 op beide rijen; begrensd 93,75 uren.",
            en: "TWP 75, two trainings of 60 hours in 2026-2027: 120 > 93.75, X302 on both rows; capped 93.75 hours.",
        },
    },
};

pub const X303: Rule = Rule {
    code: "X303",
    name: "combined-minimum",
    severity: "info",
    summary: Text {
        nl: "Onder het minimum, maar samen met andere aanvragen haalt de werknemer 32 uren: R203 vervalt.",
        en: "Below the minimum, but with other requests the employee reaches 32 hours: R203 is dropped.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Een rij met R203 (onder 32 uren/lestijden of 3 studiepunten) waarvan de werknemer in hetzelfde schooljaar met de andere aanvaarde rijen van de batch aan 32 VOV-uren komt: R203 wordt weggelaten en deze info noemt de rijen die samen tellen.",
            en: "A row with R203 (below 32 hours/lesson periods or 3 study points) whose employee reaches 32 VOV hours in the same school year with the other accepted rows of the batch: R203 is dropped and this info names the rows combined.",
        },
        why: Text {
            nl: "'Als die bijgeteld kan worden bij een andere aanvraag waardoor u voor die samen aan 32 uren komt, is er mogelijk recht wel op opleidingsverlof.' Geweigerde rijen tellen niet mee: ze worden niet ingediend.",
            en: "'If it can be added to another request so that together they reach 32 hours, there may be a right to training leave after all.' Rejected rows do not count: they will not be submitted.",
        },
        source: "001_1f5b18419eea068f.txt ('Minder dan 32 uren'); 003_3c4063dd767c45eb.txt",
        fix: Text {
            nl: "Niets te doen; dien alle genoemde aanvragen in.",
            en: "Nothing to do; submit all the requests named.",
        },
        example: Text {
            nl: "20 uren en 12 uren voor dezelfde werknemer in 2026-2027: samen 32, X303 in plaats van R203 op beide.",
            en: "20 hours and 12 hours for the same employee in 2026-2027: 32 together, X303 instead of R203 on both.",
        },
    },
};

pub const X304: Rule = Rule {
    code: "X304",
    name: "inconsistent-employee",
    severity: "warning",
    summary: Text {
        nl: "Hetzelfde INSZ met verschillende namen of verschillende TWP in één schooljaar.",
        en: "The same INSZ with different names, or different TWP, in one school year.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Rijen met hetzelfde INSZ in hetzelfde schooljaar hebben een andere naam of voornaam (hoofdletters, accenten en spaties tellen niet), of een andere TWP.",
            en: "Rows with the same INSZ in the same school year have another last or first name (case, accents and spaces do not count), or another TWP.",
        },
        why: Text {
            nl: "Meestal een tikfout in het INSZ (twee werknemers op één nummer) of in de naam; WSE controleert INSZ en naam tegen het rijksregister. Bij verschillende TWP's rekent het plafond (X302) met de laagste.",
            en: "Usually a typo in the INSZ (two employees on one number) or in the name; WSE checks INSZ and name against the national register. With different TWPs the cap (X302) uses the lowest.",
        },
        source: "RULES.md (order of evaluation: the lowest TWP applies to the cap); 003_3c4063dd767c45eb.txt (TWP)",
        fix: Text {
            nl: "Controleer INSZ, naam en TWP van deze werknemer in de loonadministratie.",
            en: "Check this employee's INSZ, name and TWP in the payroll records.",
        },
        example: Text {
            nl: "850730-xxx-xx als 'Peeters An' en als 'Peters An' in 2026-2027: X304 op beide rijen.",
            en: "850730-xxx-xx as 'Peeters An' and as 'Peters An' in 2026-2027: X304 on both rows.",
        },
    },
};

pub const X305: Rule = Rule {
    code: "X305",
    name: "modules-of-one-training",
    severity: "info",
    summary: Text {
        nl: "Modules van één opleiding (zelfde basisnummer): één aanvraag verwacht als ze op één attest staan.",
        en: "Modules of one training (same base number): one request expected if they are on one certificate.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Twee of meer aanvaarde rijen van dezelfde werknemer en werkgever met ODB-nummers die enkel in het modulenummer verschillen (ODB-Z00291-001, ODB-Z00291-002). Met --merge-modules worden ze samengevoegd tot één aanvraag met het basisnummer, de start van de eerste module, het einde van de laatste en de som van de aantallen (enkel bij dezelfde eenheid); het rapport noemt de samengevoegde rijen.",
            en: "Two or more accepted rows of the same employee and employer whose ODB numbers differ only in the module suffix (ODB-Z00291-001, ODB-Z00291-002). With --merge-modules they are merged into one request with the base number, the first module's start, the last module's end and the quantities summed (only with the same unit); the report names the merged rows.",
        },
        why: Text {
            nl: "Staan de modules op één inschrijvingsattest, dan verwacht WSE één aanvraag met het basisnummer.",
            en: "When the modules are on one enrolment certificate, WSE expects one request with the base number.",
        },
        source: "001_1f5b18419eea068f.txt (modules en ODB-nummers)",
        fix: Text {
            nl: "Staan ze op één attest: gebruik --merge-modules of voeg ze zelf samen. Aparte attesten: niets te doen.",
            en: "On one certificate: use --merge-modules or merge them yourself. Separate certificates: nothing to do.",
        },
        example: Text {
            nl: "ODB-Z00291-001 (01/09/2026-31/12/2026, 40 uren) en ODB-Z00291-002 (05/01/2027-30/06/2027, 60 uren) worden met --merge-modules ODB-Z00291, 01/09/2026-30/06/2027, 100 uren.",
            en: "ODB-Z00291-001 (01/09/2026-31/12/2026, 40 uren) and ODB-Z00291-002 (05/01/2027-30/06/2027, 60 uren) become with --merge-modules ODB-Z00291, 01/09/2026-30/06/2027, 100 uren.",
        },
    },
};

fn bron(source: Source, input_names: &[String]) -> String {
    format!(
        "{}:{}",
        input_names.get(source.input).map(String::as_str).unwrap_or("?"),
        source.line
    )
}

/// Names a list (of rows, names, values), at most a handful.
fn list_rows(rows: &[String], lang: Lang) -> String {
    const SHOWN: usize = 5;
    let mut text = rows.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if rows.len() > SHOWN {
        text.push_str(&lang.pick(
            format!(" en nog {}", rows.len() - SHOWN),
            format!(" and {} more", rows.len() - SHOWN),
        ));
    }
    text
}

/// A request that no error rejects: the ones the cap and the minimum count.
fn otherwise_accepted(row: &RowState) -> Option<&Facts> {
    row.facts.as_ref().filter(|_| !row.has(Severity::Error))
}

/// The rows (by index) of each employee and school year, over `rows` for
/// which `include` holds.
fn by_employee_year(
    rows: &[RowState],
    include: impl Fn(&RowState) -> Option<&Facts>,
) -> BTreeMap<(u64, i32), Vec<usize>> {
    let mut groups: BTreeMap<(u64, i32), Vec<usize>> = BTreeMap::new();
    for (index, row) in rows.iter().enumerate() {
        if let Some(facts) = include(row) {
            groups.entry(facts.employee_year()).or_default().push(index);
        }
    }
    groups
}

fn facts_of(rows: &[RowState], index: usize) -> Option<&Facts> {
    rows.get(index).and_then(|r| r.facts.as_ref())
}

/// X301: marks every later occurrence of the same request.
pub fn duplicates(rows: &mut [RowState], input_names: &[String], lang: Lang) {
    let mut first_seen: HashMap<(u64, u64, &str, NaiveDate), Source> = HashMap::new();
    let mut found: Vec<(usize, Source)> = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let Some(facts) = &row.facts else { continue };
        let key = (facts.kbo, facts.insz, &*facts.odb, facts.reference_start);
        match first_seen.get(&key) {
            None => {
                first_seen.insert(key, row.source);
            }
            Some(kept) => found.push((index, *kept)),
        }
    }
    drop(first_seen);
    for (index, kept) in found {
        let row = &mut rows[index];
        let Some(facts) = &row.facts else { continue };
        let kept_at = bron(kept, input_names);
        let reference = format_be(facts.reference_start);
        let (kbo, odb) = (facts.kbo_text(), facts.odb.to_string());
        row.diagnostics.push(Diagnostic {
            code: X301.code,
            severity: Severity::Error,
            field: None,
            value: None,
            message: lang.pick(
                format!("zelfde aanvraag als {kept_at} (KBO {kbo}, {odb}, start {reference}); die rij blijft behouden"),
                format!("same request as {kept_at} (KBO {kbo}, {odb}, start {reference}); that row is kept"),
            ),
            help: X301.explanation.fix.get(lang).into(),
        });
    }
}

/// X303: a row below the minimum whose employee reaches 32 VOV hours in the
/// school year with the other accepted rows loses R203 and gets X303.
pub fn combined_minimum(rows: &mut [RowState], input_names: &[String], lang: Lang) {
    let groups = by_employee_year(rows, otherwise_accepted);
    let minimum = Decimal::from(32);
    for ((_, year), members) in groups {
        if members.len() < 2 {
            continue;
        }
        let total: Decimal = members.iter().filter_map(|i| facts_of(rows, *i)).map(|f| f.hours).sum();
        if total < minimum {
            continue;
        }
        for &index in &members {
            if !rows[index].diagnostics.iter().any(|d| d.code == R203.code) {
                continue;
            }
            let others: Vec<String> = members
                .iter()
                .filter(|i| **i != index)
                .map(|i| bron(rows[*i].source, input_names))
                .collect();
            let row = &mut rows[index];
            row.diagnostics.retain(|d| d.code != R203.code);
            let others = list_rows(&others, lang);
            let total = format_comma(total);
            let year = school_year_name(year);
            row.diagnostics.push(Diagnostic {
                code: X303.code,
                severity: Severity::Info,
                field: Some(Field::Aantal),
                value: None,
                message: lang.pick(
                    format!("onder het minimum, maar in schooljaar {year} komt deze werknemer samen met {others} aan {total} VOV-uren: telt mee"),
                    format!("below the minimum, but in school year {year} this employee reaches {total} VOV hours together with {others}: it counts"),
                ),
                help: X303.explanation.fix.get(lang).into(),
            });
        }
    }
}

/// X302: the rows of an employee and school year above the yearly cap.
pub fn yearly_cap_rule(rows: &mut [RowState], lang: Lang) {
    let groups = by_employee_year(rows, otherwise_accepted);
    for ((insz, year), members) in groups {
        let mut total = Decimal::ZERO;
        let mut twp: Option<Decimal> = None;
        for facts in members.iter().filter_map(|i| facts_of(rows, *i)) {
            total += facts.hours;
            if let Some(t) = facts.twp {
                twp = Some(twp.map_or(t, |low| low.min(t)));
            }
        }
        let cap = yearly_cap(twp);
        if total <= cap {
            continue;
        }
        let twp_text = format_comma(twp.unwrap_or(Decimal::from(100)));
        let (total, cap, year) = (format_comma(total), format_comma(cap), school_year_name(year));
        let who = mask_raw(&format!("{insz:011}"));
        for index in members {
            rows[index].diagnostics.push(Diagnostic {
                code: X302.code,
                severity: Severity::Warning,
                field: Some(Field::Aantal),
                value: None,
                message: lang.pick(
                    format!("werknemer {who} heeft {total} VOV-uren in schooljaar {year}, meer dan het plafond van {cap} (125 x TWP {twp_text} / 100): terugbetaling stopt bij {cap}"),
                    format!("employee {who} has {total} VOV hours in school year {year}, above the cap of {cap} (125 x TWP {twp_text} / 100): reimbursement stops at {cap}"),
                ),
                help: X302.explanation.fix.get(lang).into(),
            });
        }
    }
}

/// X304: the same INSZ with different names or TWPs in one school year.
pub fn inconsistent_employee(rows: &mut [RowState], names: &NameBook, lang: Lang) {
    let groups = by_employee_year(rows, |r| r.facts.as_ref());
    for ((insz, year), members) in groups {
        let mut name_ids: Vec<u32> = Vec::new();
        let mut twps: Vec<Decimal> = Vec::new();
        for facts in members.iter().filter_map(|i| facts_of(rows, *i)) {
            if !name_ids.contains(&facts.name) {
                name_ids.push(facts.name);
            }
            if let Some(twp) = facts.twp {
                if !twps.contains(&twp) {
                    twps.push(twp);
                }
            }
        }
        let mut problems = Vec::new();
        if name_ids.len() > 1 {
            let shown: Vec<String> = name_ids.iter().map(|id| format!("'{}'", names.shown(*id))).collect();
            let list = list_rows(&shown, lang);
            problems.push(lang.pick(format!("namen {list}"), format!("names {list}")));
        }
        if twps.len() > 1 {
            let list = list_rows(&twps.iter().map(|t| format_comma(*t)).collect::<Vec<_>>(), lang);
            problems.push(lang.pick(
                format!("TWP {list} (het plafond rekent met de laagste)"),
                format!("TWP {list} (the cap uses the lowest)"),
            ));
        }
        if problems.is_empty() {
            continue;
        }
        let who = mask_raw(&format!("{insz:011}"));
        let (year, problems) = (school_year_name(year), problems.join(lang.pick(" en ", " and ")));
        for index in members {
            rows[index].diagnostics.push(Diagnostic {
                code: X304.code,
                severity: Severity::Warning,
                field: Some(Field::WerknemerInsz),
                value: Some(who.clone()),
                message: lang.pick(
                    format!("INSZ {who} heeft in schooljaar {year} verschillende gegevens: {problems}"),
                    format!("INSZ {who} has different data in school year {year}: {problems}"),
                ),
                help: X304.explanation.fix.get(lang).into(),
            });
        }
    }
}

/// Module rows merged into one request by `--merge-modules`: the first
/// member's request, with these values, takes the place of them all.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    /// Indices into the batch's rows, in input order.
    pub members: Vec<usize>,
    /// The base ODB number (without module suffix).
    pub odb: String,
    /// The first module's start (its reference start).
    pub startdatum: NaiveDate,
    /// The last module's end.
    pub einddatum: NaiveDate,
    pub aantal: Decimal,
}

fn plan_merge(members: &[usize], rows: &[RowState]) -> Option<Merge> {
    let facts: Vec<&Facts> = members.iter().filter_map(|i| facts_of(rows, *i)).collect();
    let first = facts.first()?;
    if facts.iter().any(|f| f.eenheid != first.eenheid) {
        return None;
    }
    Some(Merge {
        members: members.to_vec(),
        odb: first.odb_base().to_string(),
        startdatum: facts.iter().map(|f| f.reference_start).min()?,
        einddatum: facts.iter().map(|f| f.einddatum).max()?,
        aantal: facts.iter().map(|f| f.aantal).sum(),
    })
}

/// X305: module rows of one training; merged when `merge` is set. Only rows
/// that are accepted take part (call this after every other rule).
pub fn modules(rows: &mut [RowState], input_names: &[String], strict: bool, merge: bool, lang: Lang) -> Vec<Merge> {
    let mut groups: BTreeMap<(u64, u64, String), Vec<usize>> = BTreeMap::new();
    for (index, row) in rows.iter().enumerate() {
        if row.status(strict) != Status::Accepted {
            continue;
        }
        if let Some(facts) = row.facts.as_ref().filter(|f| f.has_module()) {
            let key = (facts.kbo, facts.insz, facts.odb_base().to_string());
            groups.entry(key).or_default().push(index);
        }
    }
    let mut merges = Vec::new();
    for ((_, _, base), members) in groups {
        let mut distinct: Vec<&str> = members
            .iter()
            .filter_map(|i| facts_of(rows, *i))
            .map(|f| &*f.odb)
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 2 {
            continue;
        }
        let listed: Vec<String> = members
            .iter()
            .map(|i| {
                let odb = facts_of(rows, *i).map(|f| f.odb.to_string()).unwrap_or_default();
                format!("{odb} ({})", bron(rows[*i].source, input_names))
            })
            .collect();
        let plan = if merge { plan_merge(&members, rows) } else { None };
        let unit = facts_of(rows, members[0]).map(|f| f.eenheid.as_str()).unwrap_or("");
        let list = list_rows(&listed, lang);
        let message = match (&plan, merge) {
            (Some(m), _) => lang.pick(
                format!(
                    "modules {list} samengevoegd tot één aanvraag {base}, {} tot {}, {} {unit}",
                    format_be(m.startdatum),
                    format_be(m.einddatum),
                    format_comma(m.aantal)
                ),
                format!(
                    "modules {list} merged into one request {base}, {} to {}, {} {unit}",
                    format_be(m.startdatum),
                    format_be(m.einddatum),
                    format_comma(m.aantal)
                ),
            ),
            (None, true) => lang.pick(
                format!("modules {list} van {base} niet samengevoegd: ze hebben een verschillende eenheid"),
                format!("modules {list} of {base} not merged: their units differ"),
            ),
            (None, false) => lang.pick(
                format!("modules {list} van één opleiding: staan ze op één inschrijvingsattest, dan verwacht WSE één aanvraag met {base} (--merge-modules)"),
                format!("modules {list} of one training: if they are on one enrolment certificate, WSE expects one request with {base} (--merge-modules)"),
            ),
        };
        for &index in &members {
            let value = facts_of(rows, index).map(|f| f.odb.to_string());
            rows[index].diagnostics.push(Diagnostic {
                code: X305.code,
                severity: Severity::Info,
                field: Some(Field::OdbNummer),
                value,
                message: message.clone(),
                help: X305.explanation.fix.get(lang).into(),
            });
        }
        if let Some(plan) = plan {
            merges.push(plan);
        }
    }
    merges.sort_by_key(|m| m.members.first().copied());
    merges
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Field;
    use crate::model::{Cell, Outcome, RawRow, Request};
    use crate::rules::test_support::{date, request};

    fn row(line: u64, r: Option<Request>, names: &mut NameBook) -> RowState {
        row_with(line, r, vec![], names)
    }

    fn row_with(line: u64, r: Option<Request>, diagnostics: Vec<Diagnostic>, names: &mut NameBook) -> RowState {
        let outcome = Outcome {
            raw: RawRow {
                source: Source { input: 0, line },
                fields: vec![Cell::Empty; Field::COUNT],
                extras: vec![],
                malformed: None,
            },
            request: r,
            diagnostics,
        };
        RowState::from_outcome(&outcome, names)
    }

    /// A row with the R rules applied as of 1 October 2026.
    fn checked(r: Request, line: u64, names: &mut NameBook) -> RowState {
        let diagnostics = crate::rules::check_request(&r, &crate::rules::Context::for_tests(date(2026, 10, 1)));
        row_with(line, Some(r), diagnostics, names)
    }

    fn codes_of(rows: &[RowState]) -> Vec<Vec<&'static str>> {
        rows.iter()
            .map(|o| o.diagnostics.iter().map(|d| d.code).collect())
            .collect()
    }

    fn decimal(n: i64, scale: u32) -> Decimal {
        Decimal::new(n, scale)
    }

    #[test]
    fn x303_combined_minimum_at_31_99_and_32_hours() {
        let names = vec!["a.csv".to_string()];
        let mut book = NameBook::default();
        let mut a = request();
        a.aantal = decimal(20, 0);
        let mut b = request();
        b.odb = crate::values::Odb::parse("ODB-0002141").unwrap();
        b.aantal = decimal(1199, 2);
        let mut rows = vec![checked(a.clone(), 2, &mut book), checked(b.clone(), 3, &mut book)];
        combined_minimum(&mut rows, &names, Lang::En);
        assert_eq!(codes_of(&rows), vec![vec!["R203"], vec!["R203"]]);
        b.aantal = decimal(12, 0);
        let mut rows = vec![checked(a.clone(), 2, &mut book), checked(b.clone(), 3, &mut book)];
        combined_minimum(&mut rows, &names, Lang::En);
        assert_eq!(codes_of(&rows), vec![vec!["X303"], vec!["X303"]]);
        assert!(rows[0].diagnostics[0].message.contains("a.csv:3"));
        // Another school year does not combine.
        b.startdatum = date(2026, 8, 31);
        b.einddatum = date(2026, 8, 31);
        let mut rows = vec![checked(a, 2, &mut book), checked(b, 3, &mut book)];
        combined_minimum(&mut rows, &names, Lang::En);
        assert_eq!(codes_of(&rows), vec![vec!["R203"], vec!["R203"]]);
    }

    #[test]
    fn x303_ignores_rejected_rows() {
        let names = vec!["a.csv".to_string()];
        let mut book = NameBook::default();
        let mut a = request();
        a.aantal = decimal(20, 0);
        let mut b = request();
        b.odb = crate::values::Odb::parse("ODB-0002141").unwrap();
        b.aantal = decimal(20, 0);
        b.contract = Some(crate::values::Contract::Examencontract);
        let mut rows = vec![checked(a, 2, &mut book), checked(b, 3, &mut book)];
        combined_minimum(&mut rows, &names, Lang::En);
        assert_eq!(codes_of(&rows)[0], vec!["R203"]);
    }

    #[test]
    fn x302_cap_at_exactly_and_above_125_x_twp() {
        let mut book = NameBook::default();
        let mut a = request();
        a.twp = Some(decimal(75, 0));
        a.aantal = decimal(60, 0);
        let mut b = a.clone();
        b.odb = crate::values::Odb::parse("ODB-0002141").unwrap();
        b.aantal = decimal(3375, 2);
        // 60 + 33.75 = 93.75: exactly the cap.
        let mut rows = vec![row(2, Some(a.clone()), &mut book), row(3, Some(b.clone()), &mut book)];
        yearly_cap_rule(&mut rows, Lang::En);
        assert_eq!(codes_of(&rows), vec![Vec::<&str>::new(), vec![]]);
        b.aantal = decimal(3376, 2);
        let mut rows = vec![row(2, Some(a.clone()), &mut book), row(3, Some(b.clone()), &mut book)];
        yearly_cap_rule(&mut rows, Lang::En);
        assert_eq!(codes_of(&rows), vec![vec!["X302"], vec!["X302"]]);
        assert!(rows[0].diagnostics[0].message.contains("93.75") || rows[0].diagnostics[0].message.contains("93,75"));
        assert!(
            !rows[0].diagnostics[0].message.contains("85073003328"),
            "INSZ is masked"
        );
        // The lowest TWP applies.
        b.aantal = decimal(10, 0);
        b.twp = Some(decimal(50, 0));
        let mut rows = vec![row(2, Some(a), &mut book), row(3, Some(b), &mut book)];
        yearly_cap_rule(&mut rows, Lang::En);
        assert_eq!(codes_of(&rows), vec![vec!["X302"], vec!["X302"]]);
    }

    #[test]
    fn x304_names_compare_without_case_accents_and_spaces() {
        let mut book = NameBook::default();
        let a = request();
        let mut b = request();
        b.odb = crate::values::Odb::parse("ODB-0002141").unwrap();
        b.naam = " PEETERS ".into();
        let mut rows = vec![row(2, Some(a.clone()), &mut book), row(3, Some(b.clone()), &mut book)];
        inconsistent_employee(&mut rows, &book, Lang::En);
        assert_eq!(codes_of(&rows), vec![Vec::<&str>::new(), vec![]]);
        b.naam = "Peters".into();
        let mut rows = vec![row(2, Some(a.clone()), &mut book), row(3, Some(b.clone()), &mut book)];
        inconsistent_employee(&mut rows, &book, Lang::En);
        assert_eq!(codes_of(&rows), vec![vec!["X304"], vec!["X304"]]);
        assert!(rows[0].diagnostics[0].message.contains("'Peters An'"));
        assert!(
            !rows[0].diagnostics[0].message.contains("85073003328"),
            "INSZ is masked"
        );
        b.naam = a.naam.clone();
        b.twp = Some(decimal(80, 0));
        let mut c = a.clone();
        c.twp = Some(decimal(100, 0));
        let mut rows = vec![row(2, Some(c), &mut book), row(3, Some(b), &mut book)];
        inconsistent_employee(&mut rows, &book, Lang::En);
        assert_eq!(codes_of(&rows), vec![vec!["X304"], vec!["X304"]]);
    }

    #[test]
    fn x305_modules_and_merge() {
        let names = vec!["a.csv".to_string()];
        let mut book = NameBook::default();
        let mut m1 = request();
        m1.odb = crate::values::Odb::parse("ODB-Z00291-001").unwrap();
        m1.startdatum = date(2026, 9, 1);
        m1.einddatum = date(2026, 12, 31);
        m1.aantal = decimal(40, 0);
        let mut m2 = m1.clone();
        m2.odb = crate::values::Odb::parse("ODB-Z00291-002").unwrap();
        m2.startdatum = date(2027, 1, 5);
        m2.einddatum = date(2027, 6, 30);
        m2.aantal = decimal(60, 0);
        let mut rows = vec![row(2, Some(m1.clone()), &mut book), row(3, Some(m2.clone()), &mut book)];
        assert!(modules(&mut rows, &names, false, false, Lang::En).is_empty());
        assert_eq!(codes_of(&rows), vec![vec!["X305"], vec!["X305"]]);
        let mut rows = vec![row(2, Some(m1.clone()), &mut book), row(3, Some(m2.clone()), &mut book)];
        let merges = modules(&mut rows, &names, false, true, Lang::En);
        assert_eq!(
            merges,
            vec![Merge {
                members: vec![0, 1],
                odb: "ODB-Z00291".into(),
                startdatum: date(2026, 9, 1),
                einddatum: date(2027, 6, 30),
                aantal: decimal(100, 0),
            }]
        );
        // Different units are not merged; one module alone is no group.
        m2.eenheid = crate::values::Unit::Lestijden;
        let mut rows = vec![row(2, Some(m1.clone()), &mut book), row(3, Some(m2), &mut book)];
        assert!(modules(&mut rows, &names, false, true, Lang::En).is_empty());
        let mut rows = vec![row(2, Some(m1), &mut book)];
        modules(&mut rows, &names, false, true, Lang::En);
        assert!(rows[0].diagnostics.is_empty());
    }

    #[test]
    fn later_duplicates_name_the_first_row() {
        let names = vec!["a.csv".to_string()];
        let mut book = NameBook::default();
        let mut other_start = request();
        other_start.startdatum = date(2026, 9, 2);
        let mut late_enrolment_same_reference = request();
        late_enrolment_same_reference.startdatum = date(2026, 8, 15);
        late_enrolment_same_reference.inschrijvingsdatum = Some(request().startdatum);
        let mut rows = vec![
            row(2, Some(request()), &mut book),
            row(3, Some(request()), &mut book),
            row(4, None, &mut book),
            row(5, Some(other_start), &mut book),
            row(6, Some(late_enrolment_same_reference), &mut book),
        ];
        duplicates(&mut rows, &names, Lang::En);
        assert_eq!(
            codes_of(&rows),
            vec![vec![], vec!["X301"], vec![], vec![], vec!["X301"]]
        );
        assert!(rows[1].diagnostics[0].message.contains("a.csv:2"));
    }
}
