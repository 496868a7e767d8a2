//! X305 modules-of-one-training: accepted rows of one employee and employer
//! in one school year whose ODB numbers share the base number and differ
//! only in the module suffix, or a base number beside one of its modules
//! (RULES.md rev 2); with `--merge-modules`, the plan to merge modules into
//! one request ([`Merge`]), never across school years.
//!
//! Runs last among the batch rules ([`super::run_all`]): only rows that are
//! accepted take part, so it needs every other rule's findings.

use std::collections::{BTreeMap, HashSet};

use rust_decimal::Decimal;

use crate::field::Field;
use crate::lang::{trf, Lang};
use crate::model::{Severity, Status};
use crate::rules::{Explanation, Rule, Text};
use crate::state::{EmployeeIndex, Entry, Findings};
use crate::values::date::format_be;
use crate::values::number::format_comma;

use super::{bron, list_rows};

/// X305: the rule, its texts and its explanation.
pub const X305: Rule = Rule {
    code: crate::code::Code::X305,
    name: "modules-of-one-training",
    severity: "info",
    summary: Text {
        nl: "Modules van één opleiding (zelfde basisnummer): één aanvraag verwacht als ze op één attest staan.",
        fr: "Modules d'une même formation (même numéro de base): une seule demande attendue s'ils figurent sur une seule attestation.",
        en: "Modules of one training (same base number): one request expected if they are on one certificate.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Twee of meer aanvaarde rijen van dezelfde werknemer en werkgever in hetzelfde schooljaar (van de referentiestart) met ODB-nummers die hetzelfde basisnummer hebben en enkel in het modulenummer verschillen (ODB-Z00291-001, ODB-Z00291-002). Ook het basisnummer naast een van zijn modules (ODB-Z00291 en ODB-Z00291-002) wordt gemeld. Met --merge-modules worden modules samengevoegd tot één aanvraag met het basisnummer, de start van de eerste module, het einde van de laatste en de som van de aantallen (enkel bij dezelfde eenheid), nooit over schooljaren heen; het rapport noemt de samengevoegde rijen. Een basisnummer met een module wordt niet samengevoegd.",
            fr: "Deux lignes acceptées ou plus du même travailleur et du même employeur pendant la même année scolaire (du début de référence) dont les numéros ODB ont le même numéro de base et ne diffèrent que par le numéro de module (ODB-Z00291-001, ODB-Z00291-002). Le numéro de base à côté d'un de ses modules (ODB-Z00291 et ODB-Z00291-002) est aussi signalé. Avec --merge-modules, les modules sont fusionnés en une seule demande avec le numéro de base, le début du premier module, la fin du dernier et la somme des quantités (seulement avec la même unité), jamais par-delà les années scolaires; le rapport cite les lignes fusionnées. Un numéro de base avec un module n'est pas fusionné.",
            en: "Two or more accepted rows of the same employee and employer in the same school year (of the reference start) whose ODB numbers share the base number and differ only in the module suffix (ODB-Z00291-001, ODB-Z00291-002). The base number beside one of its modules (ODB-Z00291 and ODB-Z00291-002) is flagged too. With --merge-modules modules are merged into one request with the base number, the first module's start, the last module's end and the quantities summed (only with the same unit), never across school years; the report names the merged rows. A base number with a module is not merged.",
        },
        why: Text {
            nl: "Staan de modules op één inschrijvingsattest, dan vraagt de bron één aanvraag met het basisnummer, de startdatum van de eerste en de einddatum van de laatste module; voor één module het nummer van die module. Het recht geldt per schooljaar, dus een aanvraag over twee schooljaren heen zou uren van het ene jaar op het andere boeken: modules van verschillende schooljaren blijven aparte aanvragen. Het basisnummer staat al voor de hele opleiding: een module ernaast is ofwel dubbel (zelfde attest), ofwel een aparte inschrijving; samentellen zou ze in het eerste geval twee keer tellen, dus beslist de gebruiker.",
            fr: "Si les modules figurent sur une seule attestation d'inscription, la source demande une seule demande avec le numéro de base, la date de début du premier et la date de fin du dernier module; pour un seul module, le numéro de ce module. Le droit vaut par année scolaire: une demande à cheval sur deux années scolaires imputerait des heures d'une année sur l'autre, donc les modules d'années scolaires différentes restent des demandes séparées. Le numéro de base représente déjà toute la formation: un module à côté est soit saisi en double (même attestation), soit une inscription séparée; les additionner le compterait deux fois dans le premier cas, c'est donc à l'utilisateur de décider.",
            en: "When the modules are on one enrolment certificate, the source asks for one request with the base number, the first module's start and the last module's end; for one module, that module's number. The right is per school year, so a request over two school years would book hours of one year on the other: modules of different school years stay separate requests. The base number already stands for the whole training: a module beside it is either entered twice (same certificate) or a separate enrolment; adding them up would count it twice in the first case, so the user decides.",
        },
        source: Text {
            nl: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever' ('Bestaat de opleiding uit verschillende modules, die op één inschrijvingsattest staan en tot dezelfde opleiding behoren? Dan geeft u bij de terugbetalingsaanvraag het ODB-nummer van de opleiding in (vb. ODB-Z00291, zonder het achtervoegsel -001)' en 'U noteert daarbij de startdatum van de eerste module en de einddatum van de laatste module'); Sociaal secretariaat Dienstbetoon, 'Vlaams opleidingsverlof' ('per schooljaar recht op maximum 125 uren VOV')",
            fr: "vlaanderen.be, « Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever » (« Bestaat de opleiding uit verschillende modules, die op één inschrijvingsattest staan en tot dezelfde opleiding behoren? Dan geeft u bij de terugbetalingsaanvraag het ODB-nummer van de opleiding in (vb. ODB-Z00291, zonder het achtervoegsel -001) » et « U noteert daarbij de startdatum van de eerste module en de einddatum van de laatste module »); secrétariat social Dienstbetoon, « Vlaams opleidingsverlof » (« per schooljaar recht op maximum 125 uren VOV »)",
            en: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever' ('Bestaat de opleiding uit verschillende modules, die op één inschrijvingsattest staan en tot dezelfde opleiding behoren? Dan geeft u bij de terugbetalingsaanvraag het ODB-nummer van de opleiding in (vb. ODB-Z00291, zonder het achtervoegsel -001)' and 'U noteert daarbij de startdatum van de eerste module en de einddatum van de laatste module'); Dienstbetoon social secretariat, 'Vlaams opleidingsverlof' ('per schooljaar recht op maximum 125 uren VOV')",
        },
        fix: Text {
            nl: "Modules op één attest: gebruik --merge-modules of voeg ze zelf samen. Aparte attesten: niets te doen. Basisnummer met een module: staat de module op het attest van het basisnummer, verwijder dan de modulerij; anders niets te doen.",
            fr: "Modules sur une seule attestation: utilisez --merge-modules ou fusionnez-les vous-même. Attestations séparées: rien à faire. Numéro de base avec un module: si le module figure sur l'attestation du numéro de base, supprimez la ligne du module; sinon rien à faire.",
            en: "Modules on one certificate: use --merge-modules or merge them yourself. Separate certificates: nothing to do. Base number with a module: when the module is on the base number's certificate, remove the module row; else nothing to do.",
        },
        example: Text {
            nl: "ODB-Z00291-001 (01/09/2026-31/12/2026, 40 uren) en ODB-Z00291-002 (05/01/2027-30/06/2027, 60 uren) worden met --merge-modules ODB-Z00291, 01/09/2026-30/06/2027, 100 uren. Start ODB-Z00291-002 op 01/09/2027 (schooljaar 2027-2028), dan geen X305 en geen samenvoeging.",
            fr: "ODB-Z00291-001 (01/09/2026-31/12/2026, 40 uren) et ODB-Z00291-002 (05/01/2027-30/06/2027, 60 uren) deviennent avec --merge-modules ODB-Z00291, 01/09/2026-30/06/2027, 100 uren. Si ODB-Z00291-002 commence le 01/09/2027 (année scolaire 2027-2028): pas de X305 ni de fusion.",
            en: "ODB-Z00291-001 (01/09/2026-31/12/2026, 40 uren) and ODB-Z00291-002 (05/01/2027-30/06/2027, 60 uren) become with --merge-modules ODB-Z00291, 01/09/2026-30/06/2027, 100 uren. When ODB-Z00291-002 starts on 01/09/2027 (school year 2027-2028): no X305 and no merge.",
        },
    },
};

pub use crate::state::Merge;

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

/// X305: rows of one training; merged when `merge` is set. Only rows that
/// are accepted take part (call this after every other rule).
///
/// The rows are grouped by employer, employee, ODB base number and school
/// year of the reference start: the entitlement is per school year, so rows
/// of two school years are never one group and never merged (RULES.md rev
/// 2). A group counts when it has two rows or more with at least two
/// distinct full ODB numbers; the base number without a suffix is one of
/// them (ODB-Z00291 beside ODB-Z00291-002 is flagged). Such a group is not
/// merged: the base number already stands for the whole training, so the
/// module is either on its certificate (a double entry, and adding up the
/// quantities would count it twice) or on its own; the user must look.
pub fn check(
    index: &EmployeeIndex,
    findings: &mut Findings,
    input_names: &[String],
    strict: bool,
    merge: bool,
    lang: Lang,
) -> Vec<Merge> {
    // Only the bases that have a module in the batch can form a group: the
    // rows of other trainings (most of a batch) are not collected.
    let with_modules: HashSet<&str> = index
        .entries()
        .filter(|(_, e)| index.odbs.has_module(e.odb))
        .map(|(_, e)| index.odbs.base(e.odb))
        .collect();
    if with_modules.is_empty() {
        return Vec::new();
    }
    let mut groups: BTreeMap<(u64, u64, &str, i32), Vec<u32>> = BTreeMap::new();
    for (i, entry) in index.entries() {
        let base = index.odbs.base(entry.odb);
        if !with_modules.contains(base) || findings.standing(entry, i, strict).status != Status::Accepted {
            continue;
        }
        let key = (entry.kbo, entry.insz, base, entry.school_year());
        groups.entry(key).or_default().push(i);
    }
    let mut merges = Vec::new();
    for ((_, _, base, _), members) in groups {
        let mut distinct: Vec<u32> = members.iter().map(|i| index.entry(*i).odb).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 2 {
            continue;
        }
        let with_base = distinct.iter().any(|odb| !index.odbs.has_module(*odb));
        let listed: Vec<String> = members
            .iter()
            .map(|i| {
                let entry = index.entry(*i);
                format!("{} ({})", index.odbs.text(entry.odb), bron(entry.source, input_names))
            })
            .collect();
        let plan = if merge && !with_base {
            plan_merge(index, &members)
        } else {
            None
        };
        let unit = index.entry(members[0]).eenheid.words(lang);
        let list = list_rows(&listed, lang);
        let message = match (&plan, merge, with_base) {
            (Some(m), _, _) => trf!(lang,
                nl: "modules {list} samengevoegd tot één aanvraag {base}, {} tot {}, {} {unit}",
                fr: "modules {list} fusionnés en une seule demande {base}, du {} au {}, {} {unit}",
                en: "modules {list} merged into one request {base}, {} to {}, {} {unit}",
                format_be(m.startdatum),
                format_be(m.einddatum),
                format_comma(m.aantal),
            ),
            (None, _, true) => trf!(lang,
                nl: "{list}: het basisnummer {base} staat al voor de hele opleiding; staat de module op hetzelfde inschrijvingsattest, dan is ze dubbel ingevoerd, anders is ze een aparte aanvraag (niet samengevoegd)",
                fr: "{list}: le numéro de base {base} représente déjà toute la formation; si le module figure sur la même attestation d'inscription, il est saisi en double, sinon c'est une demande séparée (pas de fusion)",
                en: "{list}: the base number {base} already stands for the whole training; if the module is on the same enrolment certificate it is entered twice, else it is a separate request (not merged)",
            ),
            (None, true, false) => trf!(lang,
                nl: "modules {list} van {base} niet samengevoegd: ze hebben een verschillende eenheid",
                fr: "modules {list} de {base} non fusionnés: leurs unités diffèrent",
                en: "modules {list} of {base} not merged: their units differ",
            ),
            (None, false, false) => trf!(lang,
                nl: "modules {list} van één opleiding: staan ze op één inschrijvingsattest, dan verwacht WSE één aanvraag met {base} (--merge-modules)",
                fr: "modules {list} d'une même formation: s'ils figurent sur une seule attestation d'inscription, WSE attend une seule demande avec {base} (--merge-modules)",
                en: "modules {list} of one training: if they are on one enrolment certificate, WSE expects one request with {base} (--merge-modules)",
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
    use crate::model::Diagnostic;
    use crate::model::Source;
    use crate::rules::batch::test_rows::{decimal, names, Rows};
    use crate::rules::test_support::{date, request};

    fn module_rule(rows: &Rows, merge: bool) -> (Findings, Vec<Merge>) {
        let mut findings = Findings::default();
        let merges = check(&rows.index, &mut findings, &names(), false, merge, Lang::En);
        (findings, merges)
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
    fn a_base_number_with_one_of_its_modules_is_flagged_and_not_merged() {
        let mut base = request();
        base.odb = crate::values::Odb::parse("ODB-Z00291").unwrap();
        let mut module = request();
        module.odb = crate::values::Odb::parse("ODB-Z00291-002").unwrap();
        module.startdatum = date(2027, 1, 5);
        let mut rows = Rows::default();
        rows.plain(2, base.clone()).plain(3, module.clone());
        let (findings, merges) = module_rule(&rows, true);
        assert_eq!(rows.codes(&findings), vec![vec!["X305"], vec!["X305"]]);
        assert!(merges.is_empty());
        let message = rows.first_message(&findings);
        assert!(
            message.contains("ODB-Z00291 (a.csv:2)") && message.contains("not merged"),
            "{message}"
        );
        // The base number twice and no module: one distinct number, no group.
        let mut rows = Rows::default();
        rows.plain(2, base.clone()).plain(3, base.clone());
        assert!(module_rule(&rows, true).0.by_entry.is_empty());
        // The base number and two modules: all three flagged, nothing merged.
        let mut first = module.clone();
        first.odb = crate::values::Odb::parse("ODB-Z00291-001").unwrap();
        let mut rows = Rows::default();
        rows.plain(2, base).plain(3, first).plain(4, module);
        let (findings, merges) = module_rule(&rows, true);
        assert_eq!(rows.codes(&findings), vec![vec!["X305"], vec!["X305"], vec!["X305"]]);
        assert!(merges.is_empty());
    }

    #[test]
    fn modules_are_grouped_and_merged_per_school_year_only() {
        let module = |odb: &str, start: chrono::NaiveDate, end: chrono::NaiveDate| {
            let mut r = request();
            r.odb = crate::values::Odb::parse(odb).unwrap();
            r.startdatum = start;
            r.einddatum = end;
            r.aantal = decimal(40, 0);
            r
        };
        // -001 ends in 2026-2027 (31 August 2027), -002 starts in 2027-2028
        // (1 September 2027): no group across the school years.
        let mut rows = Rows::default();
        rows.plain(2, module("ODB-Z00291-001", date(2026, 9, 1), date(2027, 8, 31)))
            .plain(3, module("ODB-Z00291-002", date(2027, 9, 1), date(2028, 6, 30)));
        let (findings, merges) = module_rule(&rows, true);
        assert!(findings.by_entry.is_empty());
        assert!(merges.is_empty());
        // -002 on 31 August 2027: the same school year, X305 and merged.
        let mut rows = Rows::default();
        rows.plain(2, module("ODB-Z00291-001", date(2026, 9, 1), date(2027, 6, 30)))
            .plain(3, module("ODB-Z00291-002", date(2027, 8, 31), date(2027, 8, 31)));
        let (findings, merges) = module_rule(&rows, true);
        assert_eq!(rows.codes(&findings), vec![vec!["X305"], vec!["X305"]]);
        assert_eq!(merges.len(), 1);
        assert_eq!(
            (merges[0].startdatum, merges[0].einddatum),
            (date(2026, 9, 1), date(2027, 8, 31))
        );
        // Both modules in each of two school years: one group and one merge
        // per school year, each of its own year's rows.
        let mut rows = Rows::default();
        rows.plain(2, module("ODB-Z00291-001", date(2026, 9, 1), date(2026, 12, 31)))
            .plain(3, module("ODB-Z00291-001", date(2027, 9, 1), date(2027, 12, 31)))
            .plain(4, module("ODB-Z00291-002", date(2027, 1, 5), date(2027, 6, 30)))
            .plain(5, module("ODB-Z00291-002", date(2028, 1, 5), date(2028, 6, 30)));
        let (findings, merges) = module_rule(&rows, true);
        assert_eq!(rows.codes(&findings), vec![vec!["X305"]; 4]);
        let line = |l| Source { input: 0, line: l };
        assert_eq!(
            merges.iter().map(|m| m.members.clone()).collect::<Vec<_>>(),
            vec![vec![line(2), line(4)], vec![line(3), line(5)]]
        );
        assert_eq!(merges[1].startdatum, date(2027, 9, 1));
        assert_eq!(merges[1].aantal, decimal(80, 0));
        let message = rows.first_message(&findings);
        assert!(message.contains("a.csv:4") && !message.contains("a.csv:3"), "{message}");
    }

    #[test]
    fn in_french_two_modules_merged_or_not() {
        let mut m1 = request();
        m1.odb = crate::values::Odb::parse("ODB-Z00291-001").unwrap();
        m1.einddatum = date(2026, 12, 31);
        m1.aantal = decimal(40, 0);
        let mut m2 = m1.clone();
        m2.odb = crate::values::Odb::parse("ODB-Z00291-002").unwrap();
        m2.startdatum = date(2027, 1, 5);
        m2.einddatum = date(2027, 6, 30);
        m2.aantal = decimal(60, 0);
        let mut rows = Rows::default();
        rows.plain(2, m1).plain(3, m2);
        let message = |merge| {
            let mut findings = Findings::default();
            check(&rows.index, &mut findings, &names(), false, merge, Lang::Fr);
            rows.first_message(&findings)
        };
        assert_eq!(
            message(true),
            "modules ODB-Z00291-001 (a.csv:2), ODB-Z00291-002 (a.csv:3) fusionnés en une seule demande ODB-Z00291, \
             du 01/09/2026 au 30/06/2027, 100 heures"
        );
        assert_eq!(
            message(false),
            "modules ODB-Z00291-001 (a.csv:2), ODB-Z00291-002 (a.csv:3) d'une même formation: s'ils figurent sur une \
             seule attestation d'inscription, WSE attend une seule demande avec ODB-Z00291 (--merge-modules)"
        );
    }
}
