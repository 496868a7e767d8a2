//! R218 module-of-special: A module suffix on ODB-P00001, ODB-P00004 or ODB-1001623.

use crate::field::Field;
use crate::model::{Diagnostic, Request, Severity};
use crate::rules::training::diagnostic;
use crate::rules::{Context, Explanation, Rule, Text};

/// The rule R218: its code, name, severity and texts in every language.
pub const R218: Rule = Rule {
    code: crate::code::Code::R218,
    name: "module-of-special",
    severity: "error",
    summary: Text {
        nl: "Een modulenummer achter ODB-P00001, ODB-P00004 of ODB-1001623.",
        en: "A module suffix on ODB-P00001, ODB-P00004 or ODB-1001623.",
    },
    explanation: Explanation {
        what: Text {
            nl: "De bijzondere nummers ODB-P00001, ODB-P00004 en ODB-1001623 krijgen geen modulenummer (-001).",
            en: "The special numbers ODB-P00001, ODB-P00004 and ODB-1001623 take no module suffix (-001).",
        },
        why: Text {
            nl: "Het zijn vaste referenties van het WSE-loket, geen opleidingen met modules; met een suffix vindt WSE ze niet.",
            en: "They are fixed references of the WSE-loket, not trainings with modules; with a suffix WSE does not find them.",
        },
        source: "001_1f5b18419eea068f.txt (bijzondere ODB-nummers)",
        fix: Text {
            nl: "Laat het modulenummer weg: ODB-1001623.",
            en: "Leave out the module suffix: ODB-1001623.",
        },
        example: Text {
            nl: "ODB-1001623-001: R218; ODB-1001623: in orde.",
            en: "ODB-1001623-001: R218; ODB-1001623: fine.",
        },
    },
};

/// R218 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    if request.odb.module().is_some() && request.odb.is_special() {
        out.push(diagnostic(
            &R218,
            Severity::Error,
            Some(Field::OdbNummer),
            Some(request.odb.as_str().to_string()),
            lang.pick_fmt(
                format_args!(
                    "{} krijgt geen modulenummer; gebruik {}",
                    request.odb.as_str(),
                    request.odb.base()
                ),
                format_args!(
                    "{} takes no module suffix; use {}",
                    request.odb.as_str(),
                    request.odb.base()
                ),
            ),
            ctx,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{codes, request};
    use crate::values::Odb;

    fn at(odb: &str) -> Vec<&'static str> {
        let mut r = request();
        r.odb = Odb::parse(odb).unwrap();
        codes(&r, r.reference_start(), check)
    }

    #[test]
    fn a_module_suffix_on_a_special_number_only() {
        assert_eq!(at("ODB-P00001-001"), vec!["R218"]);
        assert_eq!(at("ODB-P00004-001"), vec!["R218"]);
        assert_eq!(at("ODB-1001623-001"), vec!["R218"]);
        assert!(at("ODB-P00004").is_empty());
        assert!(at("ODB-Z00291-001").is_empty());
    }
}
