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
