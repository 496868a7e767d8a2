//! R206 deadline-near: the last day to submit is within `--warn-days` days.

use crate::lang::{count, trf};
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
        fr: "Le dernier jour pour introduire tombe dans les --warn-days jours (par défaut 14).",
        en: "The last day to submit is within --warn-days days (default 14).",
    },
    explanation: Explanation {
        what: Text {
            nl: "De laatste dag om in te dienen (R204, of R216 bij een nieuwe werknemer) valt binnen --warn-days dagen na de indieningsdatum, die dag zelf meegeteld.",
            fr: "Le dernier jour pour introduire (R204, ou R216 pour un nouveau travailleur) tombe dans les --warn-days jours qui suivent la date d'introduction, ce jour-là compris.",
            en: "The last day to submit (R204, or R216 for a new hire) is within --warn-days days of the submission date, counting that day itself.",
        },
        why: Text {
            nl: "De termijn wordt strikt toegepast; een nachtelijke job moet deze aanvragen eerst laten indienen.",
            fr: "Le délai est appliqué strictement; une tâche de nuit doit d'abord faire introduire ces demandes.",
            en: "The deadline is applied strictly; a nightly job must get these submitted first.",
        },
        source: Text {
            nl: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', rubriek Termijn",
            fr: "vlaanderen.be, « Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever », rubrique Termijn (délai)",
            en: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', section Termijn (deadline)",
        },
        fix: Text {
            nl: "Laad de upload van deze werkgever vandaag nog op in het WSE-loket.",
            fr: "Chargez aujourd'hui encore le fichier de chargement (upload) de cet employeur dans le guichet WSE (WSE-loket).",
            en: "Upload this employer's file to the WSE-loket today.",
        },
        example: Text {
            nl: "Laatste dag 25/12/2022, --warn-days 14: waarschuwing vanaf --as-of 2022-12-12 (25 - 12 + 1 = 14 dagen), niet op 11/12.",
            fr: "Dernier jour 25/12/2022, --warn-days 14: avertissement à partir de --as-of 2022-12-12 (25 - 12 + 1 = 14 jours), pas le 11/12.",
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
        let last = format_be(last_day);
        let left = count!(lang, days_counted, nl: ("dag", "dagen"), fr: ("jour", "jours"), en: ("day", "days"));
        out.push(Diagnostic {
            code: R206.code,
            severity: Severity::Warning,
            field: Some(field),
            value: Some(format_be(reference)),
            message: trf!(lang,
                nl: "termijn bijna voorbij: laatste dag om in te dienen is {last} (nog {left}, vandaag meegeteld)",
                fr: "délai bientôt écoulé: le dernier jour pour introduire est le {last} (encore {left}, aujourd'hui compris)",
                en: "deadline near: the last day to submit is {last} ({left} left, today included)",
            ),
            help: R206.explanation.fix.get(lang).into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
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

    #[test]
    fn in_french_the_last_day_leaves_1_jour_and_the_day_before_2_jours() {
        let mut r = request();
        r.startdatum = date(2022, 9, 26);
        let message = |as_of| {
            let ctx = Context {
                lang: Lang::Fr,
                ..Context::for_tests(as_of)
            };
            let mut out = Vec::new();
            check(&r, &ctx, &mut out);
            out.remove(0).message
        };
        assert_eq!(
            message(date(2022, 12, 25)),
            "délai bientôt écoulé: le dernier jour pour introduire est le 25/12/2022 (encore 1 jour, aujourd'hui compris)"
        );
        assert!(
            message(date(2022, 12, 24)).contains("(encore 2 jours, aujourd'hui compris)"),
            "{}",
            message(date(2022, 12, 24))
        );
    }
}
