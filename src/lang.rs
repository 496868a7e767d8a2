//! Language of user-facing texts. Dutch is the default: the WSE-loket, the
//! secretariats and the source documents all speak Dutch.

use std::fmt;
use std::str::FromStr;

/// The language of messages, help and reports: Dutch unless asked otherwise
/// (\`--lang\`, parsed from \`nl\`/\`en\` and a few spellings of each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// Dutch, the default.
    #[default]
    Nl,
    /// English.
    En,
}

impl Lang {
    /// Picks the text for this language from a Dutch/English pair.
    pub fn pick<T>(self, nl: T, en: T) -> T {
        match self {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }

    /// As [`Lang::pick`] for formatted texts: only the chosen language's text
    /// is formatted (messages are built for every finding of every row, and
    /// formatting both languages doubled that work).
    pub fn pick_fmt(self, nl: fmt::Arguments<'_>, en: fmt::Arguments<'_>) -> String {
        match self {
            Lang::Nl => fmt::format(nl),
            Lang::En => fmt::format(en),
        }
    }

    /// A count with its noun in the right number: `1 dag`, `2 dagen`,
    /// `0 dagen`; `1 day`, `2 days`. `nl` and `en` are (singular, plural).
    pub fn count(self, n: i64, nl: (&str, &str), en: (&str, &str)) -> String {
        let (one, many) = self.pick(nl, en);
        let noun = if n == 1 || n == -1 { one } else { many };
        format!("{n} {noun}")
    }

    /// A decimal number written with a point (`475.00`, as the reports
    /// hold it) in the decimal separator of the language: `475,00` in
    /// Dutch, `475.00` in English.
    pub fn decimal(self, number: &str) -> String {
        match self {
            Lang::Nl => number.replace('.', ","),
            Lang::En => number.to_string(),
        }
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "nl" | "nl-be" | "nl_be" | "dutch" | "nederlands" => Ok(Lang::Nl),
            "en" | "en-gb" | "en_gb" | "en-us" | "english" => Ok(Lang::En),
            other => Err(format!("unknown language '{other}': use nl or en")),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_the_singular_only_for_one() {
        let days = (("dag", "dagen"), ("day", "days"));
        assert_eq!(Lang::Nl.count(1, days.0, days.1), "1 dag");
        assert_eq!(Lang::Nl.count(2, days.0, days.1), "2 dagen");
        assert_eq!(Lang::Nl.count(0, days.0, days.1), "0 dagen");
        assert_eq!(Lang::En.count(1, days.0, days.1), "1 day");
        assert_eq!(Lang::En.count(14, days.0, days.1), "14 days");
        assert_eq!(Lang::Nl.count(1, ("rij", "rijen"), ("row", "rows")), "1 rij");
        assert_eq!(Lang::En.count(3, ("rij", "rijen"), ("row", "rows")), "3 rows");
    }

    #[test]
    fn decimals_take_the_separator_of_the_language() {
        assert_eq!(Lang::Nl.decimal("475.00"), "475,00");
        assert_eq!(Lang::En.decimal("475.00"), "475.00");
        assert_eq!(Lang::Nl.decimal("62"), "62");
    }
}
