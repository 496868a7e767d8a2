//! Which rule stops or replaces another, as data beside the rules rather
//! than as early returns inside them: a rule's check looks at its own
//! condition only, and what one finding means for another is read here.
//! It sits below both the rules and the batch state (it needs only the
//! codes and the diagnostics), so neither imports the other through it.

use crate::code::Code;
use crate::model::Diagnostic;

/// On a row where `rule` is raised, the `stops` are not raised.
#[derive(Debug, Clone, Copy)]
pub struct Stop {
    /// The rule whose finding stops the others.
    pub rule: Code,
    /// The rules it stops on the same row.
    pub stops: &'static [Code],
    /// Why, for a reader of the code and of `explain`.
    pub why: &'static str,
}

/// A batch rule that, where it applies, takes the place of a request rule.
#[derive(Debug, Clone, Copy)]
pub struct Replacement {
    /// The batch rule.
    pub rule: Code,
    /// The request rule it replaces on the rows it names.
    pub replaces: Code,
    /// Why.
    pub why: &'static str,
}

/// Every stop, by the stopping rule's code.
pub static STOPS: &[Stop] = &[
    Stop {
        rule: Code::R204,
        stops: &[Code::R205, Code::R206],
        why: "past its last day a request can no longer be submitted: 'too early' and 'deadline near' say nothing more",
    },
    Stop {
        rule: Code::R205,
        stops: &[Code::R206],
        why: "before its first day a request cannot be submitted yet: a near deadline (a large --warn-days) would contradict it",
    },
    Stop {
        rule: Code::X306,
        stops: &[Code::R204, Code::R205, Code::R206],
        why: "an earlier run prepared the request in time and `agenda` follows its last day: without this a nightly run on a \
              growing export would reject last month's rows as too late every night",
    },
];

/// Every replacement.
pub static REPLACEMENTS: &[Replacement] = &[Replacement {
    rule: Code::X303,
    replaces: Code::R203,
    why: "a row below the minimum whose employee reaches 32 hours in the school year with other rows is submittable: \
          WSE combines them (001, 'Minder dan 32 uren')",
}];

/// The rules `rule` stops, none when it stops none.
pub fn stopped_by(rule: Code) -> &'static [Code] {
    STOPS
        .iter()
        .find(|stop| stop.rule == rule)
        .map_or(&[], |stop| stop.stops)
}

/// Removes from one row's findings those that another of them stops.
pub fn apply_stops(diagnostics: &mut Vec<Diagnostic>) {
    let stopped: Vec<Code> = diagnostics.iter().flat_map(|d| stopped_by(d.code)).copied().collect();
    if !stopped.is_empty() {
        diagnostics.retain(|d| !stopped.contains(&d.code));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{date, request};
    use crate::rules::{check_request, Context};

    fn deadline_codes(ctx: &Context) -> Vec<&'static str> {
        let mut r = request();
        r.startdatum = date(2022, 9, 26);
        r.einddatum = date(2023, 6, 30);
        check_request(&r, ctx)
            .into_iter()
            .map(|d| d.code.as_str())
            .filter(|c| ["R204", "R205", "R206", "R216"].contains(c))
            .collect()
    }

    #[test]
    fn r204_stops_r206_from_the_day_after_the_last_day() {
        assert_eq!(deadline_codes(&Context::for_tests(date(2022, 12, 25))), vec!["R206"]);
        assert_eq!(deadline_codes(&Context::for_tests(date(2022, 12, 26))), vec!["R204"]);
    }

    #[test]
    fn r205_stops_r206_under_a_large_warn_days() {
        let mut ctx = Context::for_tests(date(2022, 6, 25));
        ctx.warn_days = 400;
        assert_eq!(deadline_codes(&ctx), vec!["R205"]);
        ctx.as_of = date(2022, 6, 26);
        assert_eq!(deadline_codes(&ctx), vec!["R206"]);
    }

    #[test]
    fn every_related_code_is_a_rule_and_nothing_stops_itself() {
        for stop in STOPS {
            assert!(!stop.stops.contains(&stop.rule), "{}", stop.rule);
            assert!(!stop.why.is_empty());
        }
        assert_eq!(stopped_by(Code::X306), &[Code::R204, Code::R205, Code::R206]);
        assert!(stopped_by(Code::R201).is_empty());
        assert!(REPLACEMENTS.iter().all(|r| r.rule != r.replaces));
    }
}
