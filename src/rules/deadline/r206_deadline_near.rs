//! R206 deadline-near: the last day to submit is within `--warn-days` days.

use crate::model::{Diagnostic, Request, Severity};
use crate::regulation::last_day_of;
use crate::rules::deadline::reference_field;
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::date::format_be;

/// The rule R206: its code, name, severity and texts in every language.
pub const R206: Rule = Rule {
    code: crate::code::Code::R206,
    name: "deadline-near",
    severity: "warning",
    summary: Text {
        nl: "De laatste dag om in te dienen valt binnen --warn-days dagen (standaard 14).",
        fr: "",
        en: "The last day to submit is within --warn-days days (default 14).",
    },
    explanation: Explanation {
        what: Text {
            nl: "De laatste dag om in te dienen (R204, of R216 bij een nieuwe werknemer) valt binnen --warn-days dagen na de indieningsdatum, die dag zelf meegeteld.",
            fr: "",
            en: "The last day to submit (R204, or R216 for a new hire) is within --warn-days days of the submission date, counting that day itself.",
        },
        why: Text {
            nl: "De termijn wordt strikt toegepast; een nachtelijke job moet deze aanvragen eerst laten indienen.",
            fr: "",
            en: "The deadline is applied strictly; a nightly job must get these submitted first.",
        },
        source: "vlaanderen.be, Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever (001_1f5b18419eea068f.txt, Termijn)",
        fix: Text {
            nl: "Laad de upload van deze werkgever vandaag nog op in het WSE-loket.",
            fr: "",
            en: "Upload this employer's file to the WSE-loket today.",
        },
        example: Text {
            nl: "Laatste dag 25/12/2022, --warn-days 14: waarschuwing vanaf --as-of 2022-12-12 (25 - 12 + 1 = 14 dagen), niet op 11/12.",
            fr: "",
            en: "Last day 25/12/2022, --warn-days 14: warning from --as-of 2022-12-12 (25 - 12 + 1 = 14 days), not on 11/12.",
        },
    },
};

/// R206 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    let reference = request.reference_start();
    let field = reference_field(request);
    let last_day = last_day_of(request);
    let days_left = (last_day - ctx.as_of).num_days();
    if days_left < i64::from(ctx.warn_days) {
        let days_counted = days_left + 1;
        out.push(Diagnostic {
            code: R206.code,
            severity: Severity::Warning,
            field: Some(field),
            value: Some(format_be(reference)),
            message: lang.pick_fmt(
                format_args!(
                    "termijn bijna voorbij: laatste dag om in te dienen is {} (nog {}, vandaag meegeteld)",
                    format_be(last_day),
                    lang.count_nl_en(days_counted, ("dag", "dagen"), ("day", "days"))
                ),
                format_args!(
                    "deadline near: the last day to submit is {} ({} left, today included)",
                    format_be(last_day),
                    lang.count_nl_en(days_counted, ("dag", "dagen"), ("day", "days"))
                ),
            ),
            help: R206.explanation.fix.get(lang).into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{codes, date, request};

    #[test]
    fn the_window_counts_the_as_of_day_itself() {
        // Last day 25/12/2022; 14 days counting the as-of day start on 12/12.
        let mut r = request();
        r.startdatum = date(2022, 9, 26);
        assert!(codes(&r, date(2022, 12, 11), check).is_empty());
        assert_eq!(codes(&r, date(2022, 12, 12), check), vec!["R206"]);
        assert_eq!(codes(&r, date(2022, 12, 13), check), vec!["R206"]);
        assert_eq!(codes(&r, date(2022, 12, 25), check), vec!["R206"]);
    }

    #[test]
    fn respects_warn_days() {
        let mut r = request();
        r.startdatum = date(2022, 9, 26);
        let mut ctx = Context::for_tests(date(2022, 12, 20));
        ctx.warn_days = 5;
        let mut out = Vec::new();
        check(&r, &ctx, &mut out);
        assert!(out.is_empty(), "6 days left with --warn-days 5");
        ctx.as_of = date(2022, 12, 21);
        check(&r, &ctx, &mut out);
        assert_eq!(out.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), vec!["R206"]);
        ctx.warn_days = 0;
        out.clear();
        check(&r, &ctx, &mut out);
        assert!(out.is_empty());
    }
}
