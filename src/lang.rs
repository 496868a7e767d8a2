//! Language of user-facing texts. Dutch is the default: the WSE-loket, the
//! secretariats and the source documents all speak Dutch. French serves the
//! Brussels and Walloon secretariats that file for Flemish establishment
//! units; English serves developers and logs read abroad.
//!
//! Every text is written in the three languages where it is used, through
//! [`Text`] (the rules' texts) or the macros `tr!` (a fixed text), `trf!`
//! (a text with values) and `count!` (a number with its noun). A missing
//! language does not compile; the macros also register each text so that
//! one test (`every_text_exists_in_three_languages`) can read them all and
//! fail on an empty or untranslated one.

use std::fmt;
use std::str::FromStr;

/// The language of messages, help and reports: Dutch unless asked otherwise
/// (`--lang` or `VOV_LANG`, parsed from `nl`, `fr`, `en` and a few spellings
/// of each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// Dutch, the default.
    #[default]
    Nl,
    /// French.
    Fr,
    /// English.
    En,
}

/// A text in the three languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    /// Dutch.
    pub nl: &'static str,
    /// French.
    pub fr: &'static str,
    /// English.
    pub en: &'static str,
}

impl Text {
    /// The text in `lang`.
    pub const fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Nl => self.nl,
            Lang::Fr => self.fr,
            Lang::En => self.en,
        }
    }
}

/// A text made in all three languages, for a problem found where the
/// language is not known (deep in the ledger) and shown later in the
/// user's: `Localized::new(|lang| trf!(lang, nl: …, fr: …, en: …))`.
/// `Display` writes the English, as the error types' `Display` do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Localized {
    /// Dutch.
    pub nl: String,
    /// French.
    pub fr: String,
    /// English.
    pub en: String,
}

impl Localized {
    /// The text `make` writes in each language.
    pub fn new(make: impl Fn(Lang) -> String) -> Localized {
        Localized {
            nl: make(Lang::Nl),
            fr: make(Lang::Fr),
            en: make(Lang::En),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

impl fmt::Display for Localized {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// A noun in its singular and plural, in the three languages: what
/// [`Lang::count`] puts after a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Noun {
    /// Singular.
    pub one: Text,
    /// Plural.
    pub many: Text,
}

impl Lang {
    /// Every language, in the order the catalogue lists them.
    pub const ALL: [Lang; 3] = [Lang::Nl, Lang::Fr, Lang::En];

    /// A count with its noun in the right number, the number with the
    /// language's thousands separator (`1.234 rijen`). Dutch and English take
    /// the singular for one only (`1 dag`, `0 dagen`, `2 days`); French
    /// also for zero (`0 jour`, `1 jour`, `2 jours`), as French grammar
    /// has it.
    pub fn count(self, n: i64, noun: &Noun) -> String {
        let singular = match self {
            Lang::Nl | Lang::En => n == 1 || n == -1,
            Lang::Fr => (-1..=1).contains(&n),
        };
        let word = if singular {
            noun.one.get(self)
        } else {
            noun.many.get(self)
        };
        let sign = if n < 0 { "-" } else { "" };
        format!("{sign}{} {word}", self.grouped(n.unsigned_abs()))
    }

    /// A decimal number written with a point (`475.00`, as the reports
    /// hold it) in the decimal separator of the language: `475,00` in
    /// Dutch and French, `475.00` in English.
    pub fn decimal(self, number: &str) -> String {
        match self {
            Lang::Nl | Lang::Fr => number.replace('.', ","),
            Lang::En => number.to_string(),
        }
    }

    /// The separator of thousands: a point in Dutch (`1.200`), a narrow
    /// no-break space in French (`1 200`), a comma in English (`1,200`).
    pub fn thousands_separator(self) -> &'static str {
        match self {
            Lang::Nl => ".",
            Lang::Fr => "\u{202f}",
            Lang::En => ",",
        }
    }

    /// `n` with the thousands separator of the language: `1.234.567` in
    /// Dutch, `1 234 567` (narrow no-break spaces) in French, `1,234,567` in
    /// English.
    pub fn grouped(self, n: u64) -> String {
        let separator = self.thousands_separator();
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(separator);
            }
            out.push(c);
        }
        out
    }
}

/// Where a text was written: what the macros register for the test that
/// reads every text (only in test builds).
#[cfg(test)]
#[derive(Debug)]
pub(crate) struct Registered {
    pub(crate) text: Text,
    pub(crate) file: &'static str,
    pub(crate) line: u32,
}

#[cfg(test)]
inventory::collect!(Registered);

/// A fixed text in the three languages: `tr!(lang, nl: "…", fr: "…", en: "…")`,
/// a `&'static str`.
macro_rules! tr {
    ($lang:expr, nl: $nl:literal, fr: $fr:literal, en: $en:literal $(,)?) => {{
        #[cfg(test)]
        inventory::submit! {
            $crate::lang::Registered {
                text: $crate::lang::Text { nl: $nl, fr: $fr, en: $en },
                file: file!(),
                line: line!(),
            }
        }
        match $lang {
            $crate::lang::Lang::Nl => $nl,
            $crate::lang::Lang::Fr => $fr,
            $crate::lang::Lang::En => $en,
        }
    }};
}
pub(crate) use tr;

/// A text with values in the three languages, formatted in the chosen one
/// only (messages are built for every finding of every row):
/// `trf!(lang, nl: "{n} rijen", fr: "{n} lignes", en: "{n} rows")`, or with
/// arguments after the texts as `format!` takes them. A `String`.
macro_rules! trf {
    ($lang:expr, nl: $nl:literal, fr: $fr:literal, en: $en:literal $(, $arg:expr)* $(,)?) => {{
        #[cfg(test)]
        inventory::submit! {
            $crate::lang::Registered {
                text: $crate::lang::Text { nl: $nl, fr: $fr, en: $en },
                file: file!(),
                line: line!(),
            }
        }
        match $lang {
            $crate::lang::Lang::Nl => format!($nl $(, $arg)*),
            $crate::lang::Lang::Fr => format!($fr $(, $arg)*),
            $crate::lang::Lang::En => format!($en $(, $arg)*),
        }
    }};
}
pub(crate) use trf;

/// A number with its noun in the right number and language:
/// `count!(lang, n, nl: ("dag", "dagen"), fr: ("jour", "jours"), en: ("day", "days"))`.
/// A `String`; see [`Lang::count`] for the grammar.
macro_rules! count {
    ($lang:expr, $n:expr, nl: ($nl1:literal, $nln:literal), fr: ($fr1:literal, $frn:literal), en: ($en1:literal, $enn:literal) $(,)?) => {{
        #[cfg(test)]
        inventory::submit! {
            $crate::lang::Registered {
                text: $crate::lang::Text { nl: $nl1, fr: $fr1, en: $en1 },
                file: file!(),
                line: line!(),
            }
        }
        #[cfg(test)]
        inventory::submit! {
            $crate::lang::Registered {
                text: $crate::lang::Text { nl: $nln, fr: $frn, en: $enn },
                file: file!(),
                line: line!(),
            }
        }
        $lang.count(
            ($n) as i64,
            &$crate::lang::Noun {
                one: $crate::lang::Text {
                    nl: $nl1,
                    fr: $fr1,
                    en: $en1,
                },
                many: $crate::lang::Text {
                    nl: $nln,
                    fr: $frn,
                    en: $enn,
                },
            },
        )
    }};
}
pub(crate) use count;

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "nl" | "nl-be" | "nl_be" | "dutch" | "nederlands" => Ok(Lang::Nl),
            "fr" | "fr-be" | "fr_be" | "french" | "francais" | "français" | "frans" => Ok(Lang::Fr),
            "en" | "en-gb" | "en_gb" | "en-us" | "english" => Ok(Lang::En),
            other => Err(format!(
                "onbekende taal / langue inconnue / unknown language '{other}': nl, fr, en"
            )),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::Nl => "nl",
            Lang::Fr => "fr",
            Lang::En => "en",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAYS: Noun = Noun {
        one: Text {
            nl: "dag",
            fr: "jour",
            en: "day",
        },
        many: Text {
            nl: "dagen",
            fr: "jours",
            en: "days",
        },
    };

    #[test]
    fn counts_take_the_number_each_language_takes() {
        assert_eq!(Lang::Nl.count(1, &DAYS), "1 dag");
        assert_eq!(Lang::Nl.count(2, &DAYS), "2 dagen");
        assert_eq!(Lang::Nl.count(0, &DAYS), "0 dagen");
        assert_eq!(Lang::En.count(1, &DAYS), "1 day");
        assert_eq!(Lang::En.count(0, &DAYS), "0 days");
        assert_eq!(Lang::En.count(14, &DAYS), "14 days");
        // French: the singular for zero and one.
        assert_eq!(Lang::Fr.count(0, &DAYS), "0 jour");
        assert_eq!(Lang::Fr.count(1, &DAYS), "1 jour");
        assert_eq!(Lang::Fr.count(2, &DAYS), "2 jours");
        assert_eq!(Lang::Fr.count(-1, &DAYS), "-1 jour");
        assert_eq!(Lang::Fr.count(-2, &DAYS), "-2 jours");
        // The number in the language's notation.
        assert_eq!(Lang::Nl.count(1234, &DAYS), "1.234 dagen");
        assert_eq!(Lang::En.count(-1234, &DAYS), "-1,234 days");
        assert_eq!(Lang::Fr.count(1_000_000, &DAYS), "1\u{202f}000\u{202f}000 jours");
        assert_eq!(Lang::Nl.count(i64::MIN, &DAYS), "-9.223.372.036.854.775.808 dagen");
    }

    #[test]
    fn the_macros_pick_the_language_and_format_only_it() {
        for (lang, want) in [(Lang::Nl, "3 rijen"), (Lang::Fr, "3 lignes"), (Lang::En, "3 rows")] {
            let n = 3;
            assert_eq!(trf!(lang, nl: "{n} rijen", fr: "{n} lignes", en: "{n} rows"), want);
            assert_eq!(trf!(lang, nl: "{} rijen", fr: "{} lignes", en: "{} rows", n), want);
        }
        assert_eq!(tr!(Lang::Fr, nl: "rij", fr: "ligne", en: "row"), "ligne");
        assert_eq!(
            count!(Lang::Fr, 0, nl: ("rij", "rijen"), fr: ("ligne", "lignes"), en: ("row", "rows")),
            "0 ligne"
        );
    }

    #[test]
    fn decimals_take_the_separator_of_the_language() {
        assert_eq!(Lang::Nl.decimal("475.00"), "475,00");
        assert_eq!(Lang::Fr.decimal("475.00"), "475,00");
        assert_eq!(Lang::En.decimal("475.00"), "475.00");
        assert_eq!(Lang::Nl.decimal("62"), "62");
    }

    #[test]
    fn every_spelling_of_the_three_languages_is_read() {
        for (spelling, lang) in [
            ("nl", Lang::Nl),
            ("NL-BE", Lang::Nl),
            ("fr", Lang::Fr),
            ("fr_BE", Lang::Fr),
            ("français", Lang::Fr),
            ("en", Lang::En),
        ] {
            assert_eq!(spelling.parse::<Lang>(), Ok(lang), "{spelling}");
        }
        assert!("de".parse::<Lang>().is_err());
        for lang in Lang::ALL {
            assert_eq!(lang.to_string().parse::<Lang>(), Ok(lang));
        }
    }
}
