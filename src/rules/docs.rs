//! The rule pages, generated from the registry as ruff generates its rule
//! documentation: `docs/rules.md` (English), `docs/rules.nl.md` and
//! `docs/rules.fr.md` hold every code with its name, severity, summary,
//! explanation, sources, fix, example and, for the rules that read the
//! school-year table, the built-in table's figures. A test fails when a
//! page is stale; `VOV_UPDATE_DOCS=1 cargo test --lib rules::docs` writes
//! them again.

use std::fmt::Write as _;

use crate::lang::{tr, Lang};
use crate::regulation::Regulation;

use super::{year_figures, Rule, REGISTRY};

/// The file of the rule pages in `lang`, relative to the crate's root.
pub fn page_path(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "docs/rules.nl.md",
        Lang::Fr => "docs/rules.fr.md",
        Lang::En => "docs/rules.md",
    }
}

/// Every rule of the registry as one Markdown page in `lang`, with the
/// figures of the built-in school-year table.
pub fn markdown(lang: Lang) -> String {
    let mut out = String::new();
    let title = tr!(lang, nl: "Regels van vov-bulk", fr: "Règles de vov-bulk", en: "vov-bulk rules");
    let intro = tr!(lang,
        nl: "Gegenereerd uit het register van de regels (src/rules/): niet met de hand aanpassen. `vov-bulk rules` toont dezelfde lijst, `vov-bulk explain CODE` één regel.",
        fr: "Généré à partir du registre des règles (src/rules/): ne pas modifier à la main. `vov-bulk rules` affiche la même liste, `vov-bulk explain CODE` une règle.",
        en: "Generated from the rule registry (src/rules/): do not edit by hand. `vov-bulk rules` shows the same list, `vov-bulk explain CODE` one rule.",
    );
    let _ = writeln!(out, "# {title}\n\n{intro}\n");
    let (code, name, severity, summary) = (
        tr!(lang, nl: "code", fr: "code", en: "code"),
        tr!(lang, nl: "naam", fr: "nom", en: "name"),
        tr!(lang, nl: "ernst", fr: "gravité", en: "severity"),
        tr!(lang, nl: "in één zin", fr: "en une phrase", en: "in one line"),
    );
    let _ = writeln!(out, "| {code} | {name} | {severity} | {summary} |\n|---|---|---|---|");
    for rule in REGISTRY {
        let _ = writeln!(
            out,
            "| [{}](#{}) | {} | {} | {} |",
            rule.code,
            rule.code.as_str().to_ascii_lowercase(),
            rule.name,
            rule.severity_in(lang),
            rule.summary.get(lang).replace('|', "\\|")
        );
    }
    for rule in REGISTRY {
        out.push('\n');
        out.push_str(&section(rule, lang));
    }
    out
}

/// One rule's section.
fn section(rule: &Rule, lang: Lang) -> String {
    let e = &rule.explanation;
    let heads = [
        (
            tr!(lang, nl: "Ernst", fr: "Gravité", en: "Severity"),
            rule.severity_in(lang),
        ),
        (
            tr!(lang, nl: "Wat", fr: "Quoi", en: "What"),
            e.what.get(lang).to_string(),
        ),
        (
            tr!(lang, nl: "Waarom", fr: "Pourquoi", en: "Why"),
            e.why.get(lang).to_string(),
        ),
        (
            tr!(lang, nl: "Bronnen", fr: "Sources", en: "Sources"),
            e.source.get(lang).to_string(),
        ),
        (
            tr!(lang, nl: "Oplossen", fr: "Comment corriger", en: "How to fix"),
            e.fix.get(lang).to_string(),
        ),
        (
            tr!(lang, nl: "Voorbeeld", fr: "Exemple", en: "Example"),
            e.example.get(lang).to_string(),
        ),
    ];
    let mut out = format!("## {}\n\n**{}** — {}\n", rule.code, rule.name, rule.summary.get(lang));
    for (head, text) in heads {
        let _ = write!(out, "\n**{head}.** {text}\n");
    }
    if let Some(figures) = year_figures(rule.code, Regulation::built_in(), lang) {
        let head = tr!(lang, nl: "Cijfers", fr: "Chiffres", en: "Figures");
        let _ = write!(out, "\n**{head}.**\n\n```\n{figures}\n```\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_pages_are_up_to_date() {
        let root = env!("CARGO_MANIFEST_DIR");
        let update = std::env::var_os("VOV_UPDATE_DOCS").is_some();
        let mut stale = Vec::new();
        for lang in [Lang::En, Lang::Nl, Lang::Fr] {
            let path = std::path::Path::new(root).join(page_path(lang));
            let fresh = markdown(lang);
            if update {
                std::fs::write(&path, &fresh).expect("docs/ is writable");
                continue;
            }
            let stored = std::fs::read_to_string(&path).unwrap_or_default();
            if stored != fresh {
                stale.push(page_path(lang));
            }
        }
        assert!(
            stale.is_empty(),
            "{stale:?} do not match the registry: run `VOV_UPDATE_DOCS=1 cargo test --lib rules::docs` and commit them"
        );
    }

    #[test]
    fn every_rule_has_its_section_and_no_internal_reference() {
        let page = markdown(Lang::En);
        for rule in REGISTRY {
            assert!(page.contains(&format!("\n## {}\n", rule.code)), "{}", rule.code);
        }
        for internal in ["../shared", "RULES.md", "seeds/"] {
            assert!(!page.contains(internal), "the page cites {internal}");
        }
    }
}
