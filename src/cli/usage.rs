//! What the command line says when it cannot be parsed (exit 2), or when it
//! asks for help or the version (exit 0).
//!
//! clap writes its errors in English. In English they stay clap's, byte for
//! byte; in Dutch and French the common kinds are told here from the error's
//! context, with clap's usage line under a heading in the language. What
//! stays clap's English: the rarer kinds (a value without `=`, a wrong number
//! of values, a subcommand that conflicts, I/O errors while printing), and
//! clap's own tips that are not "did you mean" (such as how to pass a value
//! that starts with `-`).

use std::io::IsTerminal;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use super::{EXIT_FATAL, EXIT_OK};
use crate::lang::{tr, trf, Lang};

/// Prints `error` as `lang` has it and returns the exit code: 0 for help
/// and the version, 2 for a usage error.
pub(super) fn report(error: &clap::Error, lang: Lang) -> i32 {
    let code = match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => EXIT_OK,
        _ => EXIT_FATAL,
    };
    let told = match lang {
        Lang::En => None,
        Lang::Nl | Lang::Fr => tell(error, lang),
    };
    match told {
        // A value typed on the command line may be a national number.
        Some(text) => super::eprint_masked(&text),
        // Help and the version are already in the language (help.rs),
        // and clap prints them on stdout.
        None if code == EXIT_OK => {
            let _ = error.print();
        }
        // The rest is clap's English, masked like every other message.
        None => {
            let rendered = error.render();
            let text = match colour() {
                true => rendered.ansi().to_string(),
                false => rendered.to_string(),
            };
            super::eprint_masked(&text);
        }
    }
    code
}

/// Whether standard error takes colours: a terminal, and no `NO_COLOR`.
fn colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// The error in `lang`, or `None` when it is not one told here.
fn tell(error: &clap::Error, lang: Lang) -> Option<String> {
    let what = sentence(error, lang)?;
    let colour = colour();
    let style = clap::builder::styling::Styles::default().get_error().to_owned();
    let (on, off) = if colour {
        (style.render().to_string(), style.render_reset().to_string())
    } else {
        (String::new(), String::new())
    };
    let label = tr!(lang, nl: "fout:", fr: "erreur:", en: "error:");
    let mut text = format!("{on}{label}{off} {what}\n");
    if let Some(suggestion) = suggestion(error, lang) {
        text.push_str(&format!("\n  {suggestion}\n"));
    }
    if let Some(ContextValue::StyledStrs(tips)) = error.get(ContextKind::Suggested) {
        let label = tr!(lang, nl: "tip:", fr: "astuce:", en: "tip:");
        for tip in tips {
            text.push_str(&format!("\n  {label} {tip}\n"));
        }
    }
    if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let line = usage.strip_prefix("Usage: ").unwrap_or(&usage);
        let heading = tr!(lang, nl: "Gebruik:", fr: "Utilisation:", en: "Usage:");
        text.push_str(&format!("\n{heading} {line}\n"));
    }
    text.push_str(&format!(
        "\n{}\n",
        tr!(lang,
            nl: "Meer informatie met '--help'.",
            fr: "Plus d'informations avec '--help'.",
            en: "For more information, try '--help'.",
        )
    ));
    Some(text)
}

/// The first line: what is wrong, from the error's context.
fn sentence(error: &clap::Error, lang: Lang) -> Option<String> {
    let arg = text(error, ContextKind::InvalidArg);
    let value = text(error, ContextKind::InvalidValue);
    Some(match error.kind() {
        ErrorKind::UnknownArgument => {
            let arg = arg?;
            trf!(lang, nl: "onverwacht argument '{arg}'", fr: "argument inattendu '{arg}'", en: "unexpected argument '{arg}' found")
        }
        ErrorKind::InvalidSubcommand => {
            let command = text(error, ContextKind::InvalidSubcommand)?;
            trf!(lang, nl: "onbekende opdracht '{command}'", fr: "commande inconnue '{command}'", en: "unrecognized subcommand '{command}'")
        }
        ErrorKind::InvalidValue if value.as_deref() == Some("") => {
            let arg = arg?;
            trf!(lang,
                nl: "'{arg}' vraagt een waarde, maar er werd geen gegeven",
                fr: "'{arg}' demande une valeur, mais aucune n'a été donnée",
                en: "a value is required for '{arg}' but none was supplied",
            )
        }
        ErrorKind::InvalidValue => {
            let (arg, value) = (arg?, value?);
            let mut line = trf!(lang,
                nl: "ongeldige waarde '{value}' voor '{arg}'",
                fr: "valeur invalide '{value}' pour '{arg}'",
                en: "invalid value '{value}' for '{arg}'",
            );
            if let Some(values) = list(error, ContextKind::ValidValue) {
                line.push_str(&trf!(lang,
                    nl: "\n  [mogelijke waarden: {values}]",
                    fr: "\n  [valeurs possibles: {values}]",
                    en: "\n  [possible values: {values}]",
                ));
            }
            line
        }
        ErrorKind::ValueValidation => {
            let (arg, value) = (arg?, value?);
            // The reason is our value parser's, in the language (help.rs),
            // or what the type's own parser says.
            let reason = std::error::Error::source(error).map(ToString::to_string);
            match reason {
                Some(reason) => trf!(lang,
                    nl: "ongeldige waarde '{value}' voor '{arg}': {reason}",
                    fr: "valeur invalide '{value}' pour '{arg}': {reason}",
                    en: "invalid value '{value}' for '{arg}': {reason}",
                ),
                None => trf!(lang,
                    nl: "ongeldige waarde '{value}' voor '{arg}'",
                    fr: "valeur invalide '{value}' pour '{arg}'",
                    en: "invalid value '{value}' for '{arg}'",
                ),
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = match error.get(ContextKind::InvalidArg)? {
                ContextValue::Strings(missing) => missing.join("\n  "),
                _ => return None,
            };
            trf!(lang,
                nl: "deze verplichte argumenten ontbreken:\n  {missing}",
                fr: "ces arguments obligatoires manquent:\n  {missing}",
                en: "the following required arguments were not provided:\n  {missing}",
            )
        }
        ErrorKind::MissingSubcommand => {
            let command = text(error, ContextKind::InvalidSubcommand)?;
            let mut line = trf!(lang,
                nl: "'{command}' vraagt een opdracht, maar er werd geen gegeven",
                fr: "'{command}' demande une commande, mais aucune n'a été donnée",
                en: "'{command}' requires a subcommand but one was not provided",
            );
            if let Some(commands) = list(error, ContextKind::ValidSubcommand) {
                line.push_str(&trf!(lang,
                    nl: "\n  [opdrachten: {commands}]",
                    fr: "\n  [commandes: {commands}]",
                    en: "\n  [subcommands: {commands}]",
                ));
            }
            line
        }
        ErrorKind::ArgumentConflict => {
            let arg = arg?;
            match error.get(ContextKind::PriorArg) {
                Some(ContextValue::String(prior)) if *prior == arg => trf!(lang,
                    nl: "het argument '{arg}' mag maar één keer gegeven worden",
                    fr: "l'argument '{arg}' ne peut être donné qu'une fois",
                    en: "the argument '{arg}' cannot be used multiple times",
                ),
                Some(ContextValue::String(prior)) => trf!(lang,
                    nl: "het argument '{arg}' kan niet samen met '{prior}' gebruikt worden",
                    fr: "l'argument '{arg}' ne peut pas être utilisé avec '{prior}'",
                    en: "the argument '{arg}' cannot be used with '{prior}'",
                ),
                Some(ContextValue::Strings(prior)) => {
                    let prior = prior.join("', '");
                    trf!(lang,
                        nl: "het argument '{arg}' kan niet samen met '{prior}' gebruikt worden",
                        fr: "l'argument '{arg}' ne peut pas être utilisé avec '{prior}'",
                        en: "the argument '{arg}' cannot be used with '{prior}'",
                    )
                }
                _ => trf!(lang,
                    nl: "het argument '{arg}' kan niet samen met een ander gegeven argument gebruikt worden",
                    fr: "l'argument '{arg}' ne peut pas être utilisé avec un autre argument donné",
                    en: "the argument '{arg}' cannot be used with one or more of the other specified arguments",
                ),
            }
        }
        ErrorKind::TooManyValues => {
            let (arg, value) = (arg?, value?);
            trf!(lang,
                nl: "onverwachte waarde '{value}' voor '{arg}'; er werd geen meer verwacht",
                fr: "valeur inattendue '{value}' pour '{arg}'; aucune autre n'était attendue",
                en: "unexpected value '{value}' for '{arg}' found; no more were expected",
            )
        }
        ErrorKind::InvalidUtf8 => tr!(lang,
            nl: "een argument is geen geldige UTF-8",
            fr: "un argument n'est pas de l'UTF-8 valide",
            en: "invalid UTF-8 was detected in one or more arguments",
        )
        .to_string(),
        _ => return None,
    })
}

/// "Did you mean": the similar command, argument or value clap found.
fn suggestion(error: &clap::Error, lang: Lang) -> Option<String> {
    let similar = [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .find_map(|kind| match error.get(kind)? {
        ContextValue::String(one) => Some(format!("'{one}'")),
        ContextValue::Strings(many) if !many.is_empty() => {
            let or = tr!(lang, nl: " of ", fr: " ou ", en: " or ");
            Some(many.iter().map(|m| format!("'{m}'")).collect::<Vec<_>>().join(or))
        }
        _ => None,
    })?;
    Some(trf!(lang, nl: "bedoelt u {similar}?", fr: "vouliez-vous dire {similar}?", en: "did you mean {similar}?"))
}

/// A context value that is one text.
fn text(error: &clap::Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(text) => Some(text.clone()),
        _ => None,
    }
}

/// A context value that is a list, as "a, b, c"; `None` when empty.
fn list(error: &clap::Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::Strings(values) if !values.is_empty() => Some(values.join(", ")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(lang: Lang, args: &[&str]) -> clap::Error {
        let mut line = vec!["vov-bulk"];
        line.extend_from_slice(args);
        match super::super::help::command(lang, "vov-bulk").try_get_matches_from_mut(line) {
            Ok(_) => panic!("{args:?} parsed"),
            Err(e) => e,
        }
    }

    fn told(lang: Lang, args: &[&str]) -> String {
        tell(&error_of(lang, args), lang).unwrap_or_default()
    }

    #[test]
    fn an_unknown_argument_is_told_with_a_suggestion_and_the_usage() {
        let french = told(Lang::Fr, &["check", "--forma", "json", "x.csv"]);
        assert!(french.starts_with("erreur: argument inattendu '--forma'\n"), "{french}");
        assert!(french.contains("vouliez-vous dire '--format'?"), "{french}");
        assert!(french.contains("\nUtilisation: vov-bulk check"), "{french}");
        assert!(french.ends_with("Plus d'informations avec '--help'.\n"), "{french}");
        let dutch = told(Lang::Nl, &["--bogus"]);
        assert!(dutch.starts_with("fout: onverwacht argument '--bogus'\n"), "{dutch}");
        assert!(dutch.contains("\nGebruik: vov-bulk"), "{dutch}");
    }

    #[test]
    fn the_common_kinds_are_told_in_french() {
        let cases: [(&[&str], &str); 8] = [
            (&["check"], "erreur: ces arguments obligatoires manquent:\n  <INPUT>..."),
            (
                &["check", "--format", "xml", "x.csv"],
                "erreur: valeur invalide 'xml' pour '--format <FORMAT>'\n  [valeurs possibles: human, json]",
            ),
            (
                &["-q"],
                "erreur: 'vov-bulk' demande une commande, mais aucune n'a été donnée\n  [commandes: check,",
            ),
            (&["chekc"], "erreur: commande inconnue 'chekc'"),
            (
                &["check", "--sheet", "a", "--all-sheets", "x.csv"],
                "erreur: l'argument '--sheet <NAME>' ne peut pas être utilisé avec '--all-sheets'",
            ),
            (
                &["check", "--strict", "--strict", "x.csv"],
                "erreur: l'argument '--strict' ne peut être donné qu'une fois",
            ),
            (
                &["check", "--as-of", "2026-13-01", "x.csv"],
                "erreur: valeur invalide '2026-13-01' pour '--as-of <DATE>': '2026-13-01' n'est pas une date",
            ),
            (
                &["check", "--jobs", "0", "x.csv"],
                "erreur: valeur invalide '0' pour '--jobs <N>': 0 est trop petit: au moins 1",
            ),
        ];
        for (args, start) in cases {
            let french = told(Lang::Fr, args);
            assert!(french.starts_with(start), "{args:?}:\n{french}");
        }
        let empty = told(Lang::Fr, &["check", "--as-of"]);
        assert!(
            empty.starts_with("erreur: '--as-of <DATE>' demande une valeur"),
            "{empty}"
        );
    }

    #[test]
    fn help_and_version_are_not_errors() {
        for args in [&["--help"][..], &["-V"][..]] {
            let e = error_of(Lang::Fr, args);
            assert!(tell(&e, Lang::Fr).is_none(), "{args:?}");
            assert!(matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion));
        }
    }
}
