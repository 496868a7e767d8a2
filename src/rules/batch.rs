//! X rules: across the rows of the whole batch (all inputs together).

use std::collections::BTreeMap;

use rayon::slice::ParallelSliceMut;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::school_year_name;
use crate::field::Field;
use crate::lang::Lang;
use crate::model::{Diagnostic, Severity, Source, Status};
use crate::regulation::yearly_cap;
use crate::rules::{Explanation, Rule, Text};
use crate::state::{CapExcess, EmployeeIndex, EmployeeYears, Entry, Finding, Findings};
use crate::values::date::format_be;
use crate::values::insz::mask_raw;
use crate::values::number::format_comma;

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

pub const X302: Rule = Rule {
    code: crate::code::Code::X302,
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
    code: crate::code::Code::X303,
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
    code: crate::code::Code::X304,
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
    code: crate::code::Code::X305,
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
        text.push_str(&lang.pick_fmt(
            format_args!(" en nog {}", rows.len() - SHOWN),
            format_args!(" and {} more", rows.len() - SHOWN),
        ));
    }
    text
}

/// The batch rules over the whole index, in the order they must run: a
/// duplicate is rejected before it can count towards the minimum or the
/// cap, and X305 sees the final statuses.
pub fn run_all(
    index: &EmployeeIndex,
    years: &EmployeeYears,
    input_names: &[String],
    strict: bool,
    merge_modules: bool,
    ledger: Option<&crate::ledger::LedgerView>,
    lang: Lang,
) -> (Findings, Vec<Merge>) {
    let mut findings = Findings::default();
    duplicates(index, &mut findings, input_names, lang);
    if let Some(view) = ledger {
        crate::rules::ledger::x306_already_prepared::check(index, &mut findings, view, lang);
        crate::rules::ledger::x307_changed_after_prepare::check(index, &mut findings, view, lang);
    }
    // One walk over the groups for the three rules: a group's entries are
    // fetched from memory once (the groups are not in input order, so each
    // walk was a million scattered reads). Each rule looks at one group
    // only, so running them group by group gives what running them rule by
    // rule gave.
    let mut members = Vec::new();
    for group in years.groups() {
        combined_minimum_in(index, group, &mut members, &mut findings, input_names, lang);
        yearly_cap_in(index, group, &mut members, &mut findings);
        inconsistent_employee_in(index, group, &mut findings, lang);
    }
    let mut merges = modules(index, &mut findings, input_names, strict, merge_modules, lang);
    if let Some(view) = ledger {
        merges = crate::rules::ledger::merged_requests(index, &mut findings, view, merges, lang);
    }
    (findings, merges)
}

/// Whether no error rejects the entry (yet): the requests that the cap and
/// the minimum count.
fn otherwise_accepted(index: &EmployeeIndex, findings: &Findings, entry: u32) -> bool {
    !findings.has_error(index.entry(entry), entry)
}

/// The members of `group` that no error rejects (yet), into `members`.
fn otherwise_accepted_in(index: &EmployeeIndex, findings: &Findings, group: &[u32], members: &mut Vec<u32>) {
    members.clear();
    members.extend(
        group
            .iter()
            .copied()
            .filter(|i| otherwise_accepted(index, findings, *i)),
    );
}

/// X301: marks every later occurrence of the same request.
pub fn duplicates(index: &EmployeeIndex, findings: &mut Findings, input_names: &[String], lang: Lang) {
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

/// X303: a row below the minimum whose employee reaches 32 VOV hours in the
/// school year with the other accepted rows loses R203 and gets X303.
pub fn combined_minimum(
    index: &EmployeeIndex,
    years: &EmployeeYears,
    findings: &mut Findings,
    input_names: &[String],
    lang: Lang,
) {
    let mut members = Vec::new();
    for group in years.groups() {
        combined_minimum_in(index, group, &mut members, findings, input_names, lang);
    }
}

fn combined_minimum_in(
    index: &EmployeeIndex,
    group: &[u32],
    members: &mut Vec<u32>,
    findings: &mut Findings,
    input_names: &[String],
    lang: Lang,
) {
    if group.len() < 2 {
        return;
    }
    otherwise_accepted_in(index, findings, group, members);
    if members.len() < 2 {
        return;
    }
    let minimum = Decimal::from(crate::regulation::MINIMUM_HOURS);
    let total: Decimal = members
        .iter()
        .fold(Decimal::ZERO, |sum, i| sum.saturating_add(index.hours(index.entry(*i))));
    if total < minimum {
        return;
    }
    let year = school_year_name(index.entry(members[0]).school_year());
    for &member in members.iter() {
        if !findings.has_r203(index.entry(member), member) {
            continue;
        }
        let others: Vec<String> = members
            .iter()
            .filter(|i| **i != member)
            .map(|i| bron(index.entry(*i).source, input_names))
            .collect();
        let others = list_rows(&others, lang);
        let total = format_comma(total);
        findings.drop_r203(member);
        findings.push(
            member,
            X303.diagnostic(Severity::Info, Some(Field::Aantal), None, lang.pick_fmt(
                    format_args!("onder het minimum, maar in schooljaar {year} komt deze werknemer samen met {others} aan {total} VOV-uren: telt mee"),
                    format_args!("below the minimum, but in school year {year} this employee reaches {total} VOV hours together with {others}: it counts"),
                ), lang),
        );
    }
}

/// X302: the rows of an employee and school year above the yearly cap.
/// (Its message is rendered per row at assembly: see [`cap_diagnostic`].)
pub fn yearly_cap_rule(index: &EmployeeIndex, years: &EmployeeYears, findings: &mut Findings) {
    let mut members = Vec::new();
    for group in years.groups() {
        yearly_cap_in(index, group, &mut members, findings);
    }
}

fn yearly_cap_in(index: &EmployeeIndex, group: &[u32], members: &mut Vec<u32>, findings: &mut Findings) {
    otherwise_accepted_in(index, findings, group, members);
    let mut total = Decimal::ZERO;
    let mut twp: Option<Decimal> = None;
    for entry in members.iter().map(|i| index.entry(*i)) {
        total = total.saturating_add(index.hours(entry));
        if let Some(t) = index.twp(entry) {
            twp = Some(twp.map_or(t, |low| low.min(t)));
        }
    }
    let cap = yearly_cap(twp);
    let Some(first) = members.first().map(|i| index.entry(*i)) else {
        return;
    };
    if total <= cap {
        return;
    }
    let finding = std::sync::Arc::new(Finding::Cap(CapExcess {
        insz: first.insz,
        school_year: first.school_year(),
        total,
        cap,
        twp: twp.unwrap_or(Decimal::from(100)),
    }));
    for &member in members.iter() {
        findings.push_shared(member, std::sync::Arc::clone(&finding));
    }
}

/// X302's severity.
pub const CAP_SEVERITY: Severity = Severity::Warning;

/// X302's diagnostic on a row of a group above the cap.
pub fn cap_diagnostic(excess: &CapExcess, lang: Lang) -> Diagnostic {
    let twp_text = format_comma(excess.twp);
    let (total, cap, year) = (
        format_comma(excess.total),
        format_comma(excess.cap),
        school_year_name(excess.school_year),
    );
    let who = mask_raw(&format!("{:011}", excess.insz));
    X302.diagnostic(CAP_SEVERITY, Some(Field::Aantal), None, lang.pick_fmt(
            format_args!("werknemer {who} heeft {total} VOV-uren in schooljaar {year}, meer dan het plafond van {cap} (125 x TWP {twp_text} / 100): terugbetaling stopt bij {cap}"),
            format_args!("employee {who} has {total} VOV hours in school year {year}, above the cap of {cap} (125 x TWP {twp_text} / 100): reimbursement stops at {cap}"),
        ), lang)
}

/// X304: the same INSZ with different names or TWPs in one school year.
/// Every typed row counts, rejected or not.
pub fn inconsistent_employee(index: &EmployeeIndex, years: &EmployeeYears, findings: &mut Findings, lang: Lang) {
    for group in years.groups() {
        inconsistent_employee_in(index, group, findings, lang);
    }
}

fn inconsistent_employee_in(index: &EmployeeIndex, members: &[u32], findings: &mut Findings, lang: Lang) {
    // Most employees have one name and one TWP: tell that without lists.
    let mut name = None;
    let mut twp = None;
    let uniform = members.iter().map(|i| index.entry(*i)).all(|e| {
        let same_name = *name.get_or_insert(e.name) == e.name;
        let same_twp = index.twp(e).is_none_or(|t| *twp.get_or_insert(t) == t);
        same_name && same_twp
    });
    if uniform {
        return;
    }
    let mut name_ids: Vec<u32> = Vec::new();
    let mut twps: Vec<Decimal> = Vec::new();
    for entry in members.iter().map(|i| index.entry(*i)) {
        if !name_ids.contains(&entry.name) {
            name_ids.push(entry.name);
        }
        if let Some(twp) = index.twp(entry) {
            if !twps.contains(&twp) {
                twps.push(twp);
            }
        }
    }
    let mut problems = Vec::new();
    if name_ids.len() > 1 {
        let shown: Vec<String> = name_ids
            .iter()
            .map(|id| format!("'{}'", index.names.shown(*id)))
            .collect();
        let list = list_rows(&shown, lang);
        problems.push(lang.pick_fmt(format_args!("namen {list}"), format_args!("names {list}")));
    }
    if twps.len() > 1 {
        let list = list_rows(&twps.iter().map(|t| format_comma(*t)).collect::<Vec<_>>(), lang);
        problems.push(lang.pick_fmt(
            format_args!("TWP {list} (het plafond rekent met de laagste)"),
            format_args!("TWP {list} (the cap uses the lowest)"),
        ));
    }
    let Some(first) = members.first().map(|i| index.entry(*i)) else {
        return;
    };
    if problems.is_empty() {
        return;
    }
    let who = mask_raw(&format!("{:011}", first.insz));
    let year = school_year_name(first.school_year());
    let problems = problems.join(lang.pick(" en ", " and "));
    let finding = std::sync::Arc::new(Finding::from(X304.diagnostic(
        Severity::Warning,
        Some(Field::WerknemerInsz),
        Some(who.clone()),
        lang.pick_fmt(
            format_args!("INSZ {who} heeft in schooljaar {year} verschillende gegevens: {problems}"),
            format_args!("INSZ {who} has different data in school year {year}: {problems}"),
        ),
        lang,
    )));
    for &member in members {
        findings.push_shared(member, std::sync::Arc::clone(&finding));
    }
}

/// Module rows merged into one request by `--merge-modules`: the first
/// member's request, with these values, takes the place of them all.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    /// The rows merged, in input order.
    pub members: Vec<Source>,
    /// The base ODB number (without module suffix).
    pub odb: String,
    /// The first module's start (its reference start).
    pub startdatum: NaiveDate,
    /// The last module's end.
    pub einddatum: NaiveDate,
    pub aantal: Decimal,
}

fn plan_merge(index: &EmployeeIndex, members: &[u32]) -> Option<Merge> {
    let entries: Vec<&Entry> = members.iter().map(|i| index.entry(*i)).collect();
    let first = entries.first()?;
    if entries.iter().any(|e| e.eenheid != first.eenheid) {
        return None;
    }
    // Every member has a module ODB number, so the index kept its quantity.
    let aantal = members
        .iter()
        .map(|i| index.module_aantal(*i))
        .try_fold(Decimal::ZERO, |sum, a| a.and_then(|a| sum.checked_add(a)))?;
    Some(Merge {
        members: entries.iter().map(|e| e.source).collect(),
        odb: index.odbs.base(first.odb).to_string(),
        startdatum: entries.iter().map(|e| e.reference_start).min()?,
        einddatum: entries.iter().map(|e| e.einddatum).max()?,
        aantal,
    })
}

/// X305: module rows of one training; merged when `merge` is set. Only rows
/// that are accepted take part (call this after every other rule).
pub fn modules(
    index: &EmployeeIndex,
    findings: &mut Findings,
    input_names: &[String],
    strict: bool,
    merge: bool,
    lang: Lang,
) -> Vec<Merge> {
    let mut groups: BTreeMap<(u64, u64, &str), Vec<u32>> = BTreeMap::new();
    for (i, entry) in index.entries() {
        if !index.odbs.has_module(entry.odb) || findings.standing(entry, i, strict).status != Status::Accepted {
            continue;
        }
        let key = (entry.kbo, entry.insz, index.odbs.base(entry.odb));
        groups.entry(key).or_default().push(i);
    }
    let mut merges = Vec::new();
    for ((_, _, base), members) in groups {
        let mut distinct: Vec<u32> = members.iter().map(|i| index.entry(*i).odb).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 2 {
            continue;
        }
        let listed: Vec<String> = members
            .iter()
            .map(|i| {
                let entry = index.entry(*i);
                format!("{} ({})", index.odbs.text(entry.odb), bron(entry.source, input_names))
            })
            .collect();
        let plan = if merge { plan_merge(index, &members) } else { None };
        let unit = index.entry(members[0]).eenheid.as_str();
        let list = list_rows(&listed, lang);
        let message = match (&plan, merge) {
            (Some(m), _) => lang.pick_fmt(
                format_args!(
                    "modules {list} samengevoegd tot één aanvraag {base}, {} tot {}, {} {unit}",
                    format_be(m.startdatum),
                    format_be(m.einddatum),
                    format_comma(m.aantal)
                ),
                format_args!(
                    "modules {list} merged into one request {base}, {} to {}, {} {unit}",
                    format_be(m.startdatum),
                    format_be(m.einddatum),
                    format_comma(m.aantal)
                ),
            ),
            (None, true) => lang.pick_fmt(
                format_args!("modules {list} van {base} niet samengevoegd: ze hebben een verschillende eenheid"),
                format_args!("modules {list} of {base} not merged: their units differ"),
            ),
            (None, false) => lang.pick_fmt(
                format_args!("modules {list} van één opleiding: staan ze op één inschrijvingsattest, dan verwacht WSE één aanvraag met {base} (--merge-modules)"),
                format_args!("modules {list} of one training: if they are on one enrolment certificate, WSE expects one request with {base} (--merge-modules)"),
            ),
        };
        for &member in &members {
            let value = Some(index.odbs.text(index.entry(member).odb).to_string());
            let diagnostic = X305.diagnostic(Severity::Info, Some(Field::OdbNummer), value, message.clone(), lang);
            findings.push(member, diagnostic);
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
    use crate::model::{Diagnostic, Request};
    use crate::rules::request::R203;
    use crate::rules::test_support::{date, request};

    /// Rows as the first read leaves them: the index of the typed ones and
    /// each row's own diagnostics.
    #[derive(Default)]
    struct Rows {
        index: EmployeeIndex,
        own: Vec<(Source, Vec<Diagnostic>)>,
    }

    impl Rows {
        fn add(&mut self, line: u64, r: Option<Request>, diagnostics: Vec<Diagnostic>) -> &mut Self {
            let source = Source { input: 0, line };
            if let Some(r) = &r {
                self.index.add(source, r, &diagnostics);
            }
            self.own.push((source, diagnostics));
            self
        }

        fn plain(&mut self, line: u64, r: Request) -> &mut Self {
            self.add(line, Some(r), vec![])
        }

        /// A row with the R rules applied as of 1 October 2026.
        fn checked(&mut self, line: u64, r: Request) -> &mut Self {
            let diagnostics = crate::rules::check_request(&r, &crate::rules::Context::for_tests(date(2026, 10, 1)));
            self.add(line, Some(r), diagnostics)
        }

        /// Each row's final diagnostics: its own (less a replaced R203) and the findings.
        fn finals(&self, findings: &Findings) -> Vec<Vec<Diagnostic>> {
            self.own
                .iter()
                .map(|(source, own)| {
                    let entry = (0..self.index.entry_count()).find(|i| self.index.entry(*i).source == *source);
                    let found = entry
                        .and_then(|i| findings.by_entry.get(&i))
                        .cloned()
                        .unwrap_or_default();
                    own.iter()
                        .filter(|d| !(found.drops_r203 && d.code == R203.code))
                        .cloned()
                        .chain(found.diagnostics.iter().map(|d| d.to_diagnostic(Lang::En)))
                        .collect()
                })
                .collect()
        }

        fn codes(&self, findings: &Findings) -> Vec<Vec<&'static str>> {
            self.finals(findings)
                .iter()
                .map(|ds| ds.iter().map(|d| d.code.as_str()).collect())
                .collect()
        }

        fn first_message(&self, findings: &Findings) -> String {
            self.finals(findings)[0][0].message.clone()
        }
    }

    fn decimal(n: i64, scale: u32) -> Decimal {
        Decimal::new(n, scale)
    }

    fn minimum(rows: &Rows) -> Findings {
        let mut findings = Findings::default();
        let order = rows.index.by_employee_year();
        combined_minimum(&rows.index, &order, &mut findings, &["a.csv".to_string()], Lang::En);
        findings
    }

    fn cap(rows: &Rows) -> Findings {
        let mut findings = Findings::default();
        yearly_cap_rule(&rows.index, &rows.index.by_employee_year(), &mut findings);
        findings
    }

    fn inconsistent(rows: &Rows) -> Findings {
        let mut findings = Findings::default();
        inconsistent_employee(&rows.index, &rows.index.by_employee_year(), &mut findings, Lang::En);
        findings
    }

    fn module_rule(rows: &Rows, merge: bool) -> (Findings, Vec<Merge>) {
        let mut findings = Findings::default();
        let merges = modules(
            &rows.index,
            &mut findings,
            &["a.csv".to_string()],
            false,
            merge,
            Lang::En,
        );
        (findings, merges)
    }

    #[test]
    fn x303_combined_minimum_at_31_99_and_32_hours() {
        let mut a = request();
        a.aantal = decimal(20, 0);
        let mut b = request();
        b.odb = crate::values::Odb::parse("ODB-0002141").unwrap();
        b.aantal = decimal(1199, 2);
        let mut rows = Rows::default();
        rows.checked(2, a.clone()).checked(3, b.clone());
        assert_eq!(rows.codes(&minimum(&rows)), vec![vec!["R203"], vec!["R203"]]);
        b.aantal = decimal(12, 0);
        let mut rows = Rows::default();
        rows.checked(2, a.clone()).checked(3, b.clone());
        let findings = minimum(&rows);
        assert_eq!(rows.codes(&findings), vec![vec!["X303"], vec!["X303"]]);
        assert!(rows.first_message(&findings).contains("a.csv:3"));
        // Another school year does not combine.
        b.startdatum = date(2026, 8, 31);
        b.einddatum = date(2026, 8, 31);
        let mut rows = Rows::default();
        rows.checked(2, a).checked(3, b);
        assert_eq!(rows.codes(&minimum(&rows)), vec![vec!["R203"], vec!["R203"]]);
    }

    #[test]
    fn x303_ignores_rejected_rows() {
        let mut a = request();
        a.aantal = decimal(20, 0);
        let mut b = request();
        b.odb = crate::values::Odb::parse("ODB-0002141").unwrap();
        b.aantal = decimal(20, 0);
        b.contract = Some(crate::values::Contract::Examencontract);
        let mut rows = Rows::default();
        rows.checked(2, a).checked(3, b);
        assert_eq!(rows.codes(&minimum(&rows))[0], vec!["R203"]);
    }

    #[test]
    fn x302_cap_at_exactly_and_above_125_x_twp() {
        let mut a = request();
        a.twp = Some(decimal(75, 0));
        a.aantal = decimal(60, 0);
        let mut b = a.clone();
        b.odb = crate::values::Odb::parse("ODB-0002141").unwrap();
        b.aantal = decimal(3375, 2);
        // 60 + 33.75 = 93.75: exactly the cap.
        let mut rows = Rows::default();
        rows.plain(2, a.clone()).plain(3, b.clone());
        assert_eq!(rows.codes(&cap(&rows)), vec![Vec::<&str>::new(), vec![]]);
        b.aantal = decimal(3376, 2);
        let mut rows = Rows::default();
        rows.plain(2, a.clone()).plain(3, b.clone());
        let findings = cap(&rows);
        assert_eq!(rows.codes(&findings), vec![vec!["X302"], vec!["X302"]]);
        let message = rows.first_message(&findings);
        assert!(message.contains("93.75") || message.contains("93,75"));
        assert!(!message.contains("85073003328"), "INSZ is masked");
        // The lowest TWP applies.
        b.aantal = decimal(10, 0);
        b.twp = Some(decimal(50, 0));
        let mut rows = Rows::default();
        rows.plain(2, a).plain(3, b);
        assert_eq!(rows.codes(&cap(&rows)), vec![vec!["X302"], vec!["X302"]]);
    }

    #[test]
    fn x304_names_compare_without_case_accents_and_spaces() {
        let a = request();
        let mut b = request();
        b.odb = crate::values::Odb::parse("ODB-0002141").unwrap();
        b.naam = " PEETERS ".into();
        let mut rows = Rows::default();
        rows.plain(2, a.clone()).plain(3, b.clone());
        assert_eq!(rows.codes(&inconsistent(&rows)), vec![Vec::<&str>::new(), vec![]]);
        b.naam = "Peters".into();
        let mut rows = Rows::default();
        rows.plain(2, a.clone()).plain(3, b.clone());
        let findings = inconsistent(&rows);
        assert_eq!(rows.codes(&findings), vec![vec!["X304"], vec!["X304"]]);
        let message = rows.first_message(&findings);
        assert!(message.contains("'Peters An'"));
        assert!(!message.contains("85073003328"), "INSZ is masked");
        b.naam = a.naam.clone();
        b.twp = Some(decimal(80, 0));
        let mut c = a.clone();
        c.twp = Some(decimal(100, 0));
        let mut rows = Rows::default();
        rows.plain(2, c.clone()).plain(3, b.clone());
        assert_eq!(rows.codes(&inconsistent(&rows)), vec![vec!["X304"], vec!["X304"]]);
        // A row without TWP first: the two TWPs after it still differ.
        let mut none = a.clone();
        none.twp = None;
        let mut rows = Rows::default();
        rows.plain(2, none.clone()).plain(3, c.clone()).plain(4, b);
        assert_eq!(
            rows.codes(&inconsistent(&rows)),
            vec![vec!["X304"], vec!["X304"], vec!["X304"]]
        );
        // A missing TWP is no difference.
        let mut rows = Rows::default();
        rows.plain(2, none).plain(3, c);
        assert_eq!(rows.codes(&inconsistent(&rows)), vec![Vec::<&str>::new(), vec![]]);
    }

    #[test]
    fn x305_modules_and_merge() {
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
        let mut rows = Rows::default();
        rows.plain(2, m1.clone()).plain(3, m2.clone());
        let (findings, merges) = module_rule(&rows, false);
        assert!(merges.is_empty());
        assert_eq!(rows.codes(&findings), vec![vec!["X305"], vec!["X305"]]);
        let (_, merges) = module_rule(&rows, true);
        assert_eq!(
            merges,
            vec![Merge {
                members: vec![Source { input: 0, line: 2 }, Source { input: 0, line: 3 }],
                odb: "ODB-Z00291".into(),
                startdatum: date(2026, 9, 1),
                einddatum: date(2027, 6, 30),
                aantal: decimal(100, 0),
            }]
        );
        // A rejected module does not take part.
        let mut rows = Rows::default();
        let error = Diagnostic {
            code: crate::code::Code::R204,
            severity: Severity::Error,
            field: None,
            value: None,
            message: String::new(),
            help: "".into(),
        };
        rows.plain(2, m1.clone()).add(3, Some(m2.clone()), vec![error]);
        assert!(module_rule(&rows, true).1.is_empty());
        // Different units are not merged; one module alone is no group.
        m2.eenheid = crate::values::Unit::Lestijden;
        let mut rows = Rows::default();
        rows.plain(2, m1.clone()).plain(3, m2);
        assert!(module_rule(&rows, true).1.is_empty());
        let mut rows = Rows::default();
        rows.plain(2, m1);
        let (findings, _) = module_rule(&rows, true);
        assert!(findings.by_entry.is_empty());
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
        let mut findings = Findings::default();
        duplicates(&rows.index, &mut findings, &["a.csv".to_string()], Lang::En);
        assert_eq!(
            rows.codes(&findings),
            vec![vec![], vec!["X301"], vec![], vec![], vec!["X301"]]
        );
        assert!(rows.finals(&findings)[1][0].message.contains("a.csv:2"));
    }

    #[test]
    fn a_duplicate_does_not_count_towards_the_minimum() {
        let mut a = request();
        a.aantal = decimal(20, 0);
        let mut rows = Rows::default();
        rows.checked(2, a.clone()).checked(3, a);
        let order = rows.index.by_employee_year();
        let (findings, _) = run_all(
            &rows.index,
            &order,
            &["a.csv".to_string()],
            false,
            false,
            None,
            Lang::En,
        );
        assert_eq!(rows.codes(&findings), vec![vec!["R203"], vec!["R203", "X301"]]);
    }
}
