//! The rules of the catalogue (`../shared/RULES.md`), one file per rule
//! as ruff lays them out: `src/rules/<family>/<code>_<name>.rs` holds the
//! rule's code, name, severity, explanation, check, messages in every
//! language and boundary tests (e.g. [`deadline::r204_deadline_passed`]).
//!
//! This module holds the two tables that tie them together: the
//! [`REGISTRY`] of every rule, and the checks of the R rules run on each
//! typed request; [`crate::relations`] says which rule stops or replaces another.

pub mod batch;
pub mod deadline;
pub mod docs;
pub mod employment;
pub mod file;
pub mod ledger;

pub mod request;
pub mod training;
pub mod value;

use chrono::NaiveDate;

use crate::code::Code;
use crate::field::Field;
use crate::lang::Lang;
use crate::model::{Diagnostic, Request, Severity};

/// What the rules need besides the request itself.
#[derive(Debug, Clone)]
pub struct Context {
    /// The submission date the deadline rules assume.
    pub as_of: NaiveDate,
    /// R206 horizon in days, counting the as-of day itself.
    pub warn_days: u32,
    /// The language of messages and help.
    pub lang: Lang,
}

impl Context {
    /// R206's horizon when `--warn-days` is not given: two weeks.
    pub const DEFAULT_WARN_DAYS: u32 = 14;

    #[cfg(test)]
    /// A context for unit tests: English, the default horizon.
    pub fn for_tests(as_of: NaiveDate) -> Context {
        Context {
            as_of,
            warn_days: Self::DEFAULT_WARN_DAYS,
            lang: Lang::En,
        }
    }

    #[cfg(test)]
    /// This context in `lang`: the tests of the messages in each language.
    pub fn with_lang(self, lang: Lang) -> Context {
        Context { lang, ..self }
    }
}

/// The check of a rule (or, until it is split, of a family) on one typed request.
pub type RequestCheck = fn(&Request, &Context, &mut Vec<Diagnostic>);

/// Every R rule's check. Each looks at its own condition only; what one
/// finding means for another is [`crate::relations`]'s.
static REQUEST_CHECKS: &[RequestCheck] = &[
    request::r201_end_before_start::check,
    request::r202_before_vov::check,
    request::r203_below_minimum::check,
    deadline::r204_deadline_passed::check,
    deadline::r205_too_early::check,
    deadline::r206_deadline_near::check,
    request::r207_late_enrolment::check,
    employment::r208_low_employment::check,
    training::r209_hbo5_rate::check,
    training::r210_evc_hours::check,
    training::r211_pop_attachments::check,
    training::r212_credit_contract_attachments::check,
    training::r213_exam_commission::check,
    training::r214_exam_contract::check,
    request::r215_spans_school_years::check,
    deadline::r216_new_hire_deadline::check,
    employment::r217_outside_flanders::check,
    training::r218_module_of_special::check,
    request::r219_hire_after_end::check,
    request::r220_hire_in_future::check,
    training::r221_exams_elsewhere::check,
    employment::r222_under_weekly_hours::check,
    training::r223_excluded_activity::check,
];

/// Every R rule on one typed request, the stopped ones removed, in code order.
pub fn check_request(request: &Request, ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for check in REQUEST_CHECKS {
        check(request, ctx, &mut out);
    }
    crate::relations::apply_stops(&mut out);
    out.sort_by_key(|d| d.code);
    out
}

pub use crate::lang::Text;

/// What `vov-bulk explain` prints about a rule.
#[derive(Debug, Clone, Copy)]
pub struct Explanation {
    /// What the rule checks, exactly.
    pub what: Text,
    /// Why: the regulation behind it, and the choices made where a source is unclear.
    pub why: Text,
    /// The sources, each cited by its public title (a page's title and
    /// publisher, an order, a standard), in the language of the reader;
    /// quotations stay in the words of the source.
    pub source: Text,
    /// How to fix a row it finds.
    pub fix: Text,
    /// A worked example, with the dates or figures at its boundary.
    pub example: Text,
}

/// One rule of the catalogue (`vov-bulk rules`, docs/rules.md).
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Its stable code.
    pub code: crate::code::Code,
    /// Its kebab-case name, for people (`deadline-passed`).
    pub name: &'static str,
    /// As the catalogue states it, e.g. `error` or `error / warning`.
    pub severity: &'static str,
    /// One line, as `vov-bulk rules` lists it.
    pub summary: Text,
    /// What `vov-bulk explain` prints.
    pub explanation: Explanation,
}

impl Rule {
    /// The catalogue's severity (`error / warning`, `fatal`) in `lang`, as
    /// `rules` and `explain` show it: `fout / waarschuwing`, `fataal`.
    pub fn severity_in(&self, lang: Lang) -> String {
        self.severity
            .split(" / ")
            .map(|word| match word {
                "error" => Severity::Error.word(lang),
                "warning" => Severity::Warning.word(lang),
                "info" => Severity::Info.word(lang),
                // A finding of an F rule stops the run: no row gets it.
                "fatal" => crate::lang::tr!(lang, nl: "fataal", fr: "fatal", en: "fatal"),
                // The catalogue names no other severity (tested below);
                // shown as written rather than hidden.
                other => other,
            })
            .collect::<Vec<_>>()
            .join(" / ")
    }

    /// A finding of this rule, with the rule's own fix as its help.
    pub fn diagnostic(
        &self,
        severity: Severity,
        field: Option<Field>,
        value: Option<String>,
        message: String,
        lang: Lang,
    ) -> Diagnostic {
        Diagnostic {
            code: self.code,
            severity,
            field,
            value,
            message,
            help: self.explanation.fix.get(lang).into(),
        }
    }
}

/// The registry: every rule of the catalogue, in the order of its code
/// (a test checks it against [`Code::ALL`]).
pub static REGISTRY: &[&Rule] = &[
    &file::F001,
    &file::F002,
    &file::F003,
    &file::F004,
    &file::F005,
    &file::F006,
    &file::F007,
    &request::R201,
    &request::R202,
    &request::R203,
    &deadline::R204,
    &deadline::R205,
    &deadline::R206,
    &request::R207,
    &employment::R208,
    &training::R209,
    &training::R210,
    &training::R211,
    &training::R212,
    &training::R213,
    &training::R214,
    &request::R215,
    &deadline::R216,
    &employment::R217,
    &training::R218,
    &request::R219,
    &request::R220,
    &training::R221,
    &employment::R222,
    &training::R223,
    &value::V101,
    &value::V102,
    &value::V103,
    &value::V104,
    &value::V105,
    &value::V106,
    &value::V107,
    &value::V108,
    &value::V109,
    &value::V110,
    &value::V111,
    &value::V112,
    &batch::X301,
    &batch::X302,
    &batch::X303,
    &batch::X304,
    &batch::X305,
    &ledger::X306,
    &ledger::X307,
    &batch::X308,
];

/// Every rule, in code order.
pub fn all() -> Vec<&'static Rule> {
    REGISTRY.to_vec()
}

/// The rule of `code`. The registry holds exactly one rule per [`Code`],
/// in the same order (`every_code_has_one_rule`), so this cannot miss.
pub fn rule(code: Code) -> &'static Rule {
    let at = Code::ALL.iter().position(|c| *c == code).unwrap_or(usize::MAX);
    match REGISTRY.get(at) {
        Some(rule) if rule.code == code => rule,
        // Unreachable while `every_code_has_one_rule` passes.
        _ => unreachable!("code {code} has no rule in the registry"),
    }
}

/// The fix of the rule `code` in `lang`: the help most diagnostics carry.
pub fn rule_fix(code: Code, lang: Lang) -> &'static str {
    rule(code).explanation.fix.get(lang)
}

/// What `explain` adds for a rule that reads figures of the school-year
/// table (R208, R222, R223, X302, X303, X308): each school year of
/// `regulation` with the figure(s) the rule reads, a provisional year said
/// so, and the sources of the years where the figure is set. `None` for a
/// rule that reads no such figure.
pub fn year_figures(code: Code, regulation: &crate::regulation::Regulation, lang: Lang) -> Option<String> {
    Some(match code {
        Code::R208 => employment::r208_low_employment::year_figures(regulation, lang),
        Code::R222 => employment::r222_under_weekly_hours::year_figures(regulation, lang),
        Code::R223 => training::r223_excluded_activity::year_figures(regulation, lang),
        Code::X302 => batch::x302_over_yearly_cap::year_figures(regulation, lang),
        Code::X303 => batch::x303_combined_minimum::year_figures(regulation, lang),
        Code::X308 => batch::x308_shared_initiative::year_figures(regulation, lang),
        _ => return None,
    })
}

/// The block of [`year_figures`]: one line per school year of `regulation`
/// with `figure` of that year (`(provisional)` after a provisional one), a
/// line for the years after the table, then the sources of the first year
/// and of every year whose figure or status differs from the year before
/// (where the figure is set), and where to read all of a year's sources.
pub(crate) fn figures_by_year(
    regulation: &crate::regulation::Regulation,
    lang: Lang,
    figure: impl Fn(&crate::regulation::SchoolYear, Lang) -> String,
) -> String {
    use crate::lang::{tr, trf};
    use crate::regulation::Origin;
    use std::fmt::Write as _;

    let table = match regulation.origin() {
        Origin::BuiltIn => tr!(lang,
            nl: "de ingebouwde tabel",
            fr: "le tableau intégré",
            en: "the built-in table",
        )
        .to_string(),
        Origin::File(path) => trf!(lang,
            nl: "de tabel {path}",
            fr: "le tableau {path}",
            en: "the table {path}",
        ),
    };
    let provisional = tr!(lang, nl: " (voorlopig)", fr: " (provisoire)", en: " (provisional)");
    let mut out = trf!(lang,
        nl: "Per schooljaar ({table}):",
        fr: "Par année scolaire ({table}):",
        en: "By school year ({table}):",
    );
    let mut sourced: Vec<&crate::regulation::SchoolYear> = Vec::new();
    let mut before: Option<(String, bool)> = None;
    for year in regulation.years() {
        let shown = figure(year, lang);
        let marker = if year.is_provisional() { provisional } else { "" };
        let _ = write!(out, "\n  {}: {shown}{marker}", year.name());
        let now = (shown, year.is_provisional());
        if before.as_ref() != Some(&now) {
            sourced.push(year);
        }
        before = Some(now);
    }
    if let Some(last) = regulation.years().last() {
        let last = last.name();
        out.push('\n');
        out.push_str(&trf!(lang,
            nl: "  later: zoals {last}, voorlopig",
            fr: "  ensuite: comme {last}, provisoire",
            en: "  later years: as {last}, provisional",
        ));
    }
    out.push('\n');
    out.push_str(tr!(lang,
        nl: "Bronnen (van de schooljaren waarin het cijfer ingaat):",
        fr: "Sources (des années scolaires où le chiffre prend effet):",
        en: "Sources (of the school years in which the figure takes effect):",
    ));
    for year in sourced {
        let _ = write!(out, "\n  {}: {}", year.name(), year.sources.join("; "));
    }
    out.push('\n');
    out.push_str(tr!(lang,
        nl: "Alle cijfers en bronnen van een schooljaar: vov-bulk regulation --year JJJJ-JJJJ",
        fr: "Tous les chiffres et sources d'une année scolaire: vov-bulk regulation --year AAAA-AAAA",
        en: "All figures and sources of a school year: vov-bulk regulation --year YYYY-YYYY",
    ));
    out
}

/// The rule whose code (any case) or name is `text`.
pub fn find(text: &str) -> Option<&'static Rule> {
    let wanted = text.trim().to_ascii_uppercase();
    match Code::parse(&wanted) {
        Some(code) => Some(rule(code)),
        None => all().into_iter().find(|r| r.name.eq_ignore_ascii_case(text.trim())),
    }
}

/// Codes close to an unknown one, for "did you mean".
pub fn closest(code: &str) -> Vec<Code> {
    let wanted = code.trim().to_ascii_uppercase();
    let mut scored: Vec<(usize, Code)> = all()
        .into_iter()
        .map(|r| {
            let by_code = strsim::levenshtein(&wanted, r.code.as_str());
            let by_name = strsim::levenshtein(&wanted.to_ascii_lowercase(), r.name);
            (by_code.min(by_name), r.code)
        })
        .collect();
    scored.sort();
    scored
        .into_iter()
        .filter(|(d, _)| *d <= 2)
        .take(3)
        .map(|(_, c)| c)
        .collect()
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::Context;
    use crate::model::{Diagnostic, Request};
    use chrono::NaiveDate;

    pub use crate::model::test_support::{date, request, request_in};

    /// The codes one check gives on `request` with the submission date `as_of`.
    pub fn codes(
        request: &Request,
        as_of: NaiveDate,
        check: impl Fn(&Request, &Context, &mut Vec<Diagnostic>),
    ) -> Vec<&'static str> {
        let mut out = Vec::new();
        check(request, &Context::for_tests(as_of), &mut out);
        out.into_iter().map(|d| d.code.as_str()).collect()
    }

    /// The diagnostics one check gives on `request` with the submission
    /// date `as_of`, its messages in `lang`.
    pub fn diagnostics_in(
        request: &Request,
        as_of: NaiveDate,
        lang: crate::lang::Lang,
        check: impl Fn(&Request, &Context, &mut Vec<Diagnostic>),
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        check(request, &Context::for_tests(as_of).with_lang(lang), &mut out);
        out
    }

    /// The messages `check` gives on `request` in French, submitted on its
    /// reference start.
    pub fn french_messages(request: &Request, check: impl Fn(&Request, &Context, &mut Vec<Diagnostic>)) -> Vec<String> {
        diagnostics_in(request, request.reference_start(), crate::lang::Lang::Fr, check)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    /// The codes and severities one check gives on `request` with the submission date `as_of`.
    pub fn severities(
        request: &Request,
        as_of: NaiveDate,
        check: impl Fn(&Request, &Context, &mut Vec<Diagnostic>),
    ) -> Vec<(&'static str, crate::model::Severity)> {
        let mut out = Vec::new();
        check(request, &Context::for_tests(as_of), &mut out);
        out.into_iter().map(|d| (d.code.as_str(), d.severity)).collect()
    }

    /// The codes one check gives on the valid [`request`] with ODB number
    /// `odb`, submitted on its reference start.
    pub fn codes_for_odb(odb: &str, check: impl Fn(&Request, &Context, &mut Vec<Diagnostic>)) -> Vec<&'static str> {
        let r = request_with_odb(odb);
        codes(&r, r.reference_start(), check)
    }

    /// The valid [`request`] with ODB number `odb`.
    pub fn request_with_odb(odb: &str) -> Request {
        let mut r = request();
        r.odb = crate::values::Odb::parse(odb).expect("test ODB");
        r
    }

    /// Three exams before the exam commission (ODB-1001623) on 14/11/2026.
    pub fn exam_commission() -> Request {
        let mut r = request_with_odb("ODB-1001623");
        r.eenheid = crate::values::Unit::Examens;
        r.aantal = rust_decimal::Decimal::from(3);
        r.startdatum = date(2026, 11, 14);
        r.einddatum = date(2026, 11, 14);
        r
    }

    /// The codes and severities one check gives on `request`, submitted on
    /// its reference start.
    pub fn severities_at_start(
        request: &Request,
        check: impl Fn(&Request, &Context, &mut Vec<Diagnostic>),
    ) -> Vec<(&'static str, crate::model::Severity)> {
        severities(request, request.reference_start(), check)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_severity_of_the_catalogue_is_shown_in_each_language() {
        for rule in all() {
            for word in rule.severity.split(" / ") {
                assert!(
                    ["error", "warning", "info", "fatal"].contains(&word),
                    "{}: {word}",
                    rule.code
                );
            }
        }
        let r208 = find("R208").map(|r| r.severity_in(Lang::Fr));
        assert_eq!(r208.as_deref(), Some("erreur / avertissement"));
        let f001 = find("F001").map(|r| r.severity_in(Lang::Nl));
        assert_eq!(f001.as_deref(), Some("fataal"));
    }

    #[test]
    fn codes_are_unique_and_texts_are_filled_in() {
        let rules = all();
        for pair in rules.windows(2) {
            assert_ne!(pair[0].code, pair[1].code);
        }
        for rule in rules {
            for text in [
                rule.summary,
                rule.explanation.what,
                rule.explanation.why,
                rule.explanation.fix,
                rule.explanation.example,
            ] {
                assert!(!text.nl.trim().is_empty(), "{} has an empty Dutch text", rule.code);
                assert!(!text.en.trim().is_empty(), "{} has an empty English text", rule.code);
            }
            for lang in crate::lang::Lang::ALL {
                let source = rule.explanation.source.get(lang);
                assert!(!source.trim().is_empty(), "{} names no source", rule.code);
                // Cited by their public titles, never by an internal file or revision.
                for internal in [
                    ".txt",
                    "RULES.md",
                    "CONTRACT.md",
                    "rev 2",
                    "rev 3",
                    "public fact",
                    "seeds/",
                    "schemas/",
                ] {
                    assert!(
                        !source.contains(internal),
                        "{} {lang}: {internal} in {source}",
                        rule.code
                    );
                }
            }
        }
    }

    #[test]
    fn every_code_has_one_rule() {
        let rules = all();
        assert_eq!(
            rules.len(),
            Code::ALL.len(),
            "a rule without a code or a code without a rule"
        );
        for code in Code::ALL {
            assert_eq!(rules.iter().filter(|r| r.code == *code).count(), 1, "{code}");
            assert_eq!(rule(*code).code, *code);
        }
    }

    #[test]
    fn lookup_by_code_or_name_and_suggestions() {
        assert_eq!(find("r204").map(|r| r.code), Some(Code::R204));
        assert_eq!(find("deadline-passed").map(|r| r.code), Some(Code::R204));
        assert!(find("R999").is_none());
        assert!(closest("R2O4").contains(&Code::R204));
    }
}
