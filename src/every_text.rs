//! The test that reads every user-facing text in Dutch, French and English
//! and fails on a missing or untranslated one: the rules' texts through the
//! registry, every other text through what `tr!`, `trf!` and `count!`
//! register (`crate::lang::Registered`).

use std::collections::BTreeMap;

use crate::lang::{Registered, Text};

/// Words and names that French writes as Dutch or English does: a text
/// equal to another language's is accepted only when it is one of these
/// (or when all three languages agree, as for a code or a number format).
const SAME_IN_FRENCH: &[&str] = &[
    // The heading of `explain`'s source line.
    "Source", "Sources",  // The severity of the F rules ("fataal" in Dutch).
    "fatal",    // The heading of the options in `--help`.
    "Options:", // The unit examens after a number, a French word as well.
    "examens",
];

/// Where a text stands, for the failure message.
struct Found {
    place: String,
    text: Text,
}

fn every_text() -> Vec<Found> {
    let mut found = Vec::new();
    for rule in crate::rules::REGISTRY {
        let e = &rule.explanation;
        for (part, text) in [
            ("summary", rule.summary),
            ("what", e.what),
            ("why", e.why),
            ("source", e.source),
            ("fix", e.fix),
            ("example", e.example),
        ] {
            found.push(Found {
                place: format!("{} {part}", rule.code.as_str()),
                text,
            });
        }
    }
    for registered in inventory::iter::<Registered> {
        found.push(Found {
            place: format!("{}:{}", registered.file, registered.line),
            text: registered.text,
        });
    }
    found
}

/// The `{…}` placeholders of a text, counted: each language must carry
/// the same values.
fn placeholders(text: &str) -> BTreeMap<String, usize> {
    let mut found = BTreeMap::new();
    let mut rest = text.replace("{{", "").replace("}}", "");
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        *found.entry(rest[open..open + close + 1].to_string()).or_insert(0) += 1;
        rest = rest[open + close + 1..].to_string();
    }
    found
}

fn problems_of(text: &Text) -> Vec<String> {
    let mut problems = Vec::new();
    for (lang, value) in [("nl", text.nl), ("fr", text.fr), ("en", text.en)] {
        if value.trim().is_empty() {
            problems.push(format!("no {lang} text"));
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    let all_agree = text.nl == text.fr && text.fr == text.en;
    if !all_agree && !SAME_IN_FRENCH.contains(&text.fr) {
        if text.fr == text.en {
            problems.push("the fr text is the en text: not translated".into());
        } else if text.fr == text.nl {
            problems.push("the fr text is the nl text: not translated".into());
        }
    }
    let nl = placeholders(text.nl);
    if placeholders(text.fr) != nl || placeholders(text.en) != nl {
        problems.push("the languages carry different {placeholders}".into());
    }
    problems
}

#[test]
fn every_text_exists_in_three_languages() {
    let found = every_text();
    // Guards the guard: registration is link-time magic, and a build that
    // registered nothing would pass every check below.
    assert!(
        found.len() > 700,
        "only {} texts found: is registration broken?",
        found.len()
    );
    let failures: Vec<String> = found
        .iter()
        .flat_map(|f| {
            problems_of(&f.text).into_iter().map(move |p| {
                format!(
                    "{}: {p}\n  nl: {}\n  fr: {}\n  en: {}",
                    f.place, f.text.nl, f.text.fr, f.text.en
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} texts are not in three languages:\n{}",
        failures.len(),
        found.len(),
        failures.join("\n")
    );
}

#[test]
fn the_checks_catch_what_they_are_for() {
    let missing = Text {
        nl: "rij",
        fr: "",
        en: "row",
    };
    assert_eq!(problems_of(&missing), vec!["no fr text"]);
    let copied = Text {
        nl: "rij",
        fr: "row",
        en: "row",
    };
    assert_eq!(problems_of(&copied), vec!["the fr text is the en text: not translated"]);
    let dutch = Text {
        nl: "rij",
        fr: "rij",
        en: "row",
    };
    assert_eq!(problems_of(&dutch), vec!["the fr text is the nl text: not translated"]);
    let lost_value = Text {
        nl: "{n} rijen",
        fr: "lignes",
        en: "{n} rows",
    };
    assert_eq!(
        problems_of(&lost_value),
        vec!["the languages carry different {placeholders}"]
    );
    let neutral = Text {
        nl: "KBO",
        fr: "KBO",
        en: "KBO",
    };
    assert!(problems_of(&neutral).is_empty());
    let good = Text {
        nl: "{n} rijen",
        fr: "{n} lignes",
        en: "{n} rows",
    };
    assert!(problems_of(&good).is_empty());
}

/// A French text of the rules names a field by its French label (`la date
/// de début`), never by its canonical Dutch name (`la startdatum`,
/// `tewerkstelling_totaal_pct`); quotations of the sources (« … ») stay as
/// the source wrote them.
#[test]
fn french_rule_texts_name_fields_by_their_french_labels() {
    let mut failures = Vec::new();
    let mut texts: Vec<(String, &str)> = Vec::new();
    for rule in crate::rules::REGISTRY {
        let e = &rule.explanation;
        for (part, text) in [
            ("summary", rule.summary),
            ("what", e.what),
            ("why", e.why),
            ("fix", e.fix),
            ("example", e.example),
        ] {
            texts.push((format!("{} {part}", rule.code.as_str()), text.fr));
        }
    }
    for registered in inventory::iter::<Registered> {
        if registered.file.starts_with("src/rules/") {
            texts.push((format!("{}:{}", registered.file, registered.line), registered.text.fr));
        }
    }
    for (place, text) in texts {
        // Leave out what stands between « and », the sources' own words,
        // and between backticks, what a user types (`--map odb_nummer=…`).
        let mut plain = String::new();
        let mut depth = 0;
        let mut typed = false;
        for c in text.chars() {
            match c {
                '«' => depth += 1,
                '»' => depth -= 1,
                '`' => typed = !typed,
                _ if depth == 0 && !typed => plain.push(c),
                _ => {}
            }
        }
        let words: Vec<&str> = plain.split(|c: char| !(c.is_alphanumeric() || c == '_')).collect();
        for field in crate::field::Field::ALL {
            let name = field.name();
            let dutch_only = name.contains('_') || name.ends_with("datum") || name == "indiensttreding";
            if dutch_only && words.contains(&name) {
                failures.push(format!("{place}: {name} in {text}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
