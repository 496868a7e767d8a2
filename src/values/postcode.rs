//! Belgian postcode of the establishment unit (`vestiging_postcode`), used by R217:
//! VOV needs an establishment unit in the Flemish Region.

use std::fmt;

use crate::lang::{tr, Lang};

/// Why a text is not a Belgian postcode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostcodeError {
    /// Nothing (or only whitespace) was given.
    Empty,
    /// Not exactly 4 digits (after an optional `B-`/`BE-` prefix).
    BadFormat,
    /// 4 digits, but below 1000: no Belgian postcode starts with 0.
    OutOfRange,
}

/// Parses a Belgian postcode: 4 digits, 1000..=9999, optionally written with a
/// country prefix (`B-9000`, `B9000`, `BE-9000`, `BE 9000`).
pub fn parse_postcode(s: &str) -> Result<u16, PostcodeError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(PostcodeError::Empty);
    }
    let upper = t.to_ascii_uppercase();
    // Country prefix `BE` or `B`, then optionally a hyphen, spaces allowed around it.
    let rest = match ["BE", "B"].iter().find_map(|p| upper.strip_prefix(p)) {
        Some(after) => {
            let after = after.trim_start();
            after.strip_prefix('-').unwrap_or(after).trim_start()
        }
        None => upper.as_str(),
    };
    if rest.len() != 4 || !rest.chars().all(|c| c.is_ascii_digit()) {
        return Err(PostcodeError::BadFormat);
    }
    let pc: u16 = rest.parse().map_err(|_| PostcodeError::BadFormat)?;
    if pc < 1000 {
        return Err(PostcodeError::OutOfRange);
    }
    Ok(pc)
}

/// True for postcodes in the Flemish Region: 1500-3999 and 8000-9999.
/// Brussels (1000-1299) and Wallonia (1300-1499, 4000-7999) are outside.
pub fn is_flemish_region(pc: u16) -> bool {
    (1500..=3999).contains(&pc) || (8000..=9999).contains(&pc)
}

impl PostcodeError {
    /// Short sentence for the user: what is wrong and what is expected.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            PostcodeError::Empty => tr!(lang,
                nl: "postcode ontbreekt",
                fr: "le code postal manque",
                en: "the postcode is missing",
            ),
            PostcodeError::BadFormat => tr!(lang,
                nl: "postcode moet uit 4 cijfers bestaan",
                fr: "le code postal doit compter 4 chiffres",
                en: "a postcode has 4 digits",
            ),
            PostcodeError::OutOfRange => tr!(lang,
                nl: "Belgische postcodes liggen tussen 1000 en 9999",
                fr: "les codes postaux belges sont compris entre 1000 et 9999",
                en: "Belgian postcodes lie between 1000 and 9999",
            ),
        }
        .to_string()
    }

    /// One sentence on how to fix it.
    pub fn help(&self, lang: Lang) -> String {
        tr!(lang,
            nl: "Vul de Belgische postcode van de vestigingseenheid in, bv. 9000, of laat de kolom leeg.",
            fr: "Indiquez le code postal belge de l'unité d'établissement, p. ex. 9000, ou laissez la colonne vide.",
            en: "Fill in the Belgian postcode of the establishment unit, e.g. 9000, or leave the column empty.",
        )
        .to_string()
    }
}

impl fmt::Display for PostcodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for PostcodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid() {
        assert_eq!(parse_postcode("9000"), Ok(9000));
        assert_eq!(parse_postcode(" 2000 "), Ok(2000));
        assert_eq!(parse_postcode("1000"), Ok(1000));
        assert_eq!(parse_postcode("9999"), Ok(9999));
        for s in [
            "B-9000", "B9000", "BE-9000", "BE9000", "be-9000", "b 9000", "BE 9000", "B - 9000",
        ] {
            assert_eq!(parse_postcode(s), Ok(9000), "{s:?}");
        }
    }

    #[test]
    fn invalid() {
        assert_eq!(parse_postcode(""), Err(PostcodeError::Empty));
        assert_eq!(parse_postcode("  "), Err(PostcodeError::Empty));
        assert_eq!(parse_postcode("0999"), Err(PostcodeError::OutOfRange));
        assert_eq!(parse_postcode("0000"), Err(PostcodeError::OutOfRange));
        for s in [
            "999",
            "10000",
            "90 00",
            "9000.0",
            "NL-9000",
            "F-59000",
            "B--9000",
            "BE",
            "B",
            "9000 Gent",
            "abcd",
            "９０００",
            "٩٠٠٠",
            "\u{0}9000",
            "🙂",
            "-9000",
            "+9000",
        ] {
            assert_eq!(parse_postcode(s), Err(PostcodeError::BadFormat), "{s:?}");
        }
        assert_eq!(parse_postcode(&"9".repeat(100_000)), Err(PostcodeError::BadFormat));
    }

    #[test]
    fn regions() {
        for (pc, flemish) in [
            (1000, false),
            (1299, false),
            (1300, false),
            (1499, false),
            (1500, true),
            (2000, true),
            (3999, true),
            (4000, false),
            (7999, false),
            (8000, true),
            (9000, true),
            (9999, true),
            (0, false),
            (999, false),
            (10000, false),
            (u16::MAX, false),
        ] {
            assert_eq!(is_flemish_region(pc), flemish, "{pc}");
        }
    }

    #[test]
    fn messages_and_help() {
        for e in [
            PostcodeError::Empty,
            PostcodeError::BadFormat,
            PostcodeError::OutOfRange,
        ] {
            for lang in [Lang::Nl, Lang::En] {
                assert!(!e.message(lang).is_empty());
                assert!(!e.help(lang).is_empty());
            }
            assert_ne!(e.message(Lang::Nl), e.message(Lang::En));
            assert_eq!(e.to_string(), e.message(Lang::En));
            assert!(!e.help(Lang::Fr).is_empty());
            assert_ne!(e.message(Lang::Fr), e.message(Lang::Nl));
            assert_ne!(e.message(Lang::Fr), e.message(Lang::En));
        }
        assert_eq!(
            PostcodeError::OutOfRange.message(Lang::Fr),
            "les codes postaux belges sont compris entre 1000 et 9999"
        );
    }
}
