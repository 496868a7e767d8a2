//! R208 low-employment: TWP below 50: no right to VOV; exactly 50 with a fixed schedule: only overlapping hours.

use rust_decimal::Decimal;

use crate::field::Field;
use crate::model::{Diagnostic, Request, Severity};
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::number::format_comma;

/// The rule R208: its code, name, severity and texts in every language.
pub const R208: Rule = Rule {
    code: crate::code::Code::R208,
    name: "low-employment",
    severity: "error / warning",
    summary: Text {
        nl: "TWP onder 50: geen recht op VOV; precies 50 met een vast uurrooster: enkel samenvallende uren.",
        en: "TWP below 50: no right to VOV; exactly 50 with a fixed schedule: only overlapping hours.",
    },
    explanation: Explanation {
        what: Text {
            nl: "tewerkstelling_pct onder 50 is een fout. Precies 50 met vast_uurrooster = ja is een waarschuwing. Zonder TWP wordt niets gemeld.",
            en: "tewerkstelling_pct below 50 is an error. Exactly 50 with vast_uurrooster = ja is a warning. Without a TWP nothing is reported.",
        },
        why: Text {
            nl: "VOV vraagt een tewerkstelling van minstens 50% in de privésector in het Vlaams Gewest. 'Werknemer werkt exact 50% met een vast uurrooster, dan heeft hij/zij enkel recht op VOV als er lesuren/examens samenvallen met de arbeidstijd.' De bronnen verschillen over de referentiemaand: 003 zegt september, 004 september van het opleidingsjaar of, wie dan onder 50% zat, de maand waarin de eerste opleiding start. Gekozen: vov-bulk neemt de TWP van het bestand als de TWP van die referentiemaand; welke maand dat is, staat in de DmfA en valt niet uit het bestand af te leiden.",
            en: "VOV needs employment of at least 50% in the private sector in the Flemish Region. 'An employee working exactly 50% on a fixed schedule only has a right to VOV where lessons or exams overlap working time.' The sources differ on the reference month: 003 says September, 004 September of the training year or, for someone below 50% then, the month the first training starts. Choice made: vov-bulk takes the file's TWP as the TWP of that reference month; which month that is lies in the DmfA and cannot be told from the file.",
        },
        source: "003_3c4063dd767c45eb.txt (voorwaarden, ref=september); 004_83b721da382c7edc.txt (referentiemaand)",
        fix: Text {
            nl: "Onder 50%: niet indienen (controleer de TWP van de referentiemaand in de DmfA). Bij 50% met vast uurrooster: vraag enkel de uren aan die met de arbeidstijd samenvallen.",
            en: "Below 50%: do not submit (check the TWP of the reference month in the DmfA). At 50% with a fixed schedule: claim only the hours that overlap working time.",
        },
        example: Text {
            nl: "TWP 49,99: R208 fout; TWP 50 met vast uurrooster ja: R208 waarschuwing; TWP 50 zonder vast uurrooster of TWP 50,01: niets.",
            en: "TWP 49.99: R208 error; TWP 50 with fixed schedule ja: R208 warning; TWP 50 without a fixed schedule or TWP 50.01: nothing.",
        },
    },
};

/// R208 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    if let Some(twp) = request.twp {
        let fifty = Decimal::from(crate::regulation::MINIMUM_TWP);
        let shown = format_comma(twp);
        if twp < fifty {
            out.push(Diagnostic {
                code: R208.code,
                severity: Severity::Error,
                field: Some(Field::TewerkstellingPct),
                value: Some(shown.clone()),
                message: lang.pick_fmt(
                    format_args!("tewerkstelling {shown}% is minder dan 50%: geen recht op VOV"),
                    format_args!("employment {shown}% is below 50%: no right to VOV"),
                ),
                help: R208.explanation.fix.get(lang).into(),
            });
        } else if twp == fifty && request.vast_uurrooster == Some(true) {
            out.push(Diagnostic {
                code: R208.code,
                severity: Severity::Warning,
                field: Some(Field::TewerkstellingPct),
                value: Some(shown),
                message: lang.pick(
                    "precies 50% met een vast uurrooster: enkel uren waarin lessen of examens samenvallen met de arbeidstijd geven VOV".to_string(),
                    "exactly 50% on a fixed schedule: only hours where lessons or exams overlap working time give VOV".to_string(),
                ),
                help: R208.explanation.fix.get(lang).into(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{date, request};
    fn run(r: &Request) -> Vec<(&'static str, Severity)> {
        let mut out = Vec::new();
        check(r, &Context::for_tests(date(2026, 10, 1)), &mut out);
        out.into_iter().map(|d| (d.code.as_str(), d.severity)).collect()
    }

    #[test]
    fn r208_twp_boundaries() {
        let mut r = request();
        r.vast_uurrooster = Some(true);
        r.twp = Some(Decimal::new(4999, 2));
        assert_eq!(run(&r), vec![("R208", Severity::Error)]);
        r.twp = Some(Decimal::from(50));
        assert_eq!(run(&r), vec![("R208", Severity::Warning)]);
        r.twp = Some(Decimal::new(5001, 2));
        assert!(run(&r).is_empty());
        r.twp = Some(Decimal::from(50));
        r.vast_uurrooster = Some(false);
        assert!(run(&r).is_empty());
        r.vast_uurrooster = None;
        assert!(run(&r).is_empty());
        r.twp = None;
        assert!(run(&r).is_empty());
    }
}
