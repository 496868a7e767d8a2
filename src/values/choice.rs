//! Fields with a fixed set of values (V109): `eenheid`, `opleidingstype`,
//! `contract`, `initiatief`, `vast_uurrooster` and `overgangsmaatregel`.
//!
//! Inputs come from Dutch, French and English speaking clients and from payroll
//! packages with their own codes, so matching ignores case, accents, spaces and
//! punctuation, and accepts the usual words of all three languages. The canonical
//! form is always the Dutch word the WSE upload uses.

use std::fmt;
use std::str::FromStr;

use crate::lang::{trf, Lang};

/// A value outside the accepted set. Lists what would have been accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceError {
    /// The canonical (Dutch) words.
    pub accepted: &'static [&'static str],
    /// A few of the French and English alternatives, to show in the message.
    pub aliases: &'static [&'static str],
}

/// Folds a Latin-1 accented letter to its base letter; other characters unchanged.
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

/// Matching key: lower-case, accents folded, without spaces, dots, dashes,
/// underscores and apostrophes (`Contrat d'examen` → `contratdexamen`).
fn normalise(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(fold_accent)
        .filter(|&c| {
            !(c.is_whitespace()
                || matches!(
                    c,
                    '.' | '-'
                        | '_'
                        | '\''
                        | '\u{2018}'
                        | '\u{2019}'
                        | '`'
                        | '\u{2010}'
                        | '\u{2011}'
                        | '\u{2013}'
                        | '\u{2014}'
                ))
        })
        .collect()
}

/// Unit of the quantity (`eenheid`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    /// Clock hours.
    Uren,
    /// Lesson periods (lestijden), usually 50 minutes.
    Lestijden,
    /// Study points / ECTS credits.
    Studiepunten,
    /// Exams (exam commission, R213).
    Examens,
}

impl Unit {
    /// Canonical words, in the order they are listed to users.
    pub const ACCEPTED: &'static [&'static str] = &["uren", "lestijden", "studiepunten", "examens"];
    const ALIASES: &'static [&'static str] = &["heures", "hours", "périodes", "crédits", "credits", "exams"];

    /// Parses a unit. An empty cell is the caller's business (it defaults to `uren`).
    pub fn parse(s: &str) -> Result<Unit, ChoiceError> {
        match normalise(s).as_str() {
            "uren" | "uur" | "u" | "h" | "hr" | "hrs" | "hours" | "hour" | "heures" | "heure" => Ok(Unit::Uren),
            "lestijden" | "lestijd" | "lesuren" | "lesuur" | "lessonperiods" | "lessonperiod" | "periods"
            | "period" | "periodes" | "periode" => Ok(Unit::Lestijden),
            "studiepunten" | "studiepunt" | "sp" | "credits" | "credit" | "ects" | "points" | "studypoints" => {
                Ok(Unit::Studiepunten)
            }
            "examens" | "examen" | "exams" | "exam" => Ok(Unit::Examens),
            _ => Err(ChoiceError {
                accepted: Self::ACCEPTED,
                aliases: Self::ALIASES,
            }),
        }
    }

    /// The most that one enrolment can hold in this unit (V110, RULES.md
    /// rev 2): more is a typo or a total, and would overflow the figures.
    pub fn max_quantity(&self) -> u32 {
        match self {
            Unit::Uren | Unit::Lestijden => 2000,
            Unit::Studiepunten => 120,
            Unit::Examens => 40,
        }
    }

    /// The unit as a sentence in `lang` names it after a number (`16 heures`,
    /// `3 crédits d'études`): the canonical Dutch word is for the files only.
    pub fn words(&self, lang: crate::lang::Lang) -> &'static str {
        match self {
            Unit::Uren => crate::lang::tr!(lang, nl: "uren", fr: "heures", en: "hours"),
            Unit::Lestijden => crate::lang::tr!(lang, nl: "lestijden", fr: "périodes de cours", en: "lesson periods"),
            Unit::Studiepunten => crate::lang::tr!(lang, nl: "studiepunten", fr: "crédits d'études", en: "credits"),
            Unit::Examens => crate::lang::tr!(lang, nl: "examens", fr: "examens", en: "exams"),
        }
    }

    /// The canonical Dutch word.
    pub fn as_str(&self) -> &'static str {
        match self {
            Unit::Uren => "uren",
            Unit::Lestijden => "lestijden",
            Unit::Studiepunten => "studiepunten",
            Unit::Examens => "examens",
        }
    }
}

/// Kind of training (`opleidingstype`); drives R203, R209 and R210.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TrainingType {
    /// An ordinary training.
    Standaard,
    /// HBO5 (hoger beroepsonderwijs), with its own study-point rate (R209);
    /// `graduaat`, its name since 2019, is the same type (RULES.md rev 2).
    Hbo5,
    /// EVC: recognition of prior learning (R210).
    Evc,
    /// Mentor training (R203).
    Mentor,
}

impl TrainingType {
    /// Canonical words, in the order they are listed to users.
    pub const ACCEPTED: &'static [&'static str] = &["standaard", "hbo5", "evc", "mentor"];
    const ALIASES: &'static [&'static str] = &["graduaat", "standard", "normal", "rpl", "vae", "tuteur"];

    /// Parses a training type.
    pub fn parse(s: &str) -> Result<TrainingType, ChoiceError> {
        match normalise(s).as_str() {
            "standaard" | "standard" | "gewoon" | "normal" | "normaal" => Ok(TrainingType::Standaard),
            "hbo5" | "hbo" | "graduaat" | "graduaatsopleiding" => Ok(TrainingType::Hbo5),
            "evc" | "rpl" | "vae" => Ok(TrainingType::Evc),
            "mentor" | "mentoropleiding" | "tuteur" => Ok(TrainingType::Mentor),
            _ => Err(ChoiceError {
                accepted: Self::ACCEPTED,
                aliases: Self::ALIASES,
            }),
        }
    }

    /// The canonical Dutch word.
    pub fn as_str(&self) -> &'static str {
        match self {
            TrainingType::Standaard => "standaard",
            TrainingType::Hbo5 => "hbo5",
            TrainingType::Evc => "evc",
            TrainingType::Mentor => "mentor",
        }
    }
}

/// Higher-education contract type (`contract`); an exam contract gives no VOV (R214).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Contract {
    /// Enrolled for a degree.
    Diplomacontract,
    /// Enrolled for separate course units (R212).
    Creditcontract,
    /// Enrolled for exams only (R214).
    Examencontract,
}

impl Contract {
    /// Canonical words, in the order they are listed to users.
    pub const ACCEPTED: &'static [&'static str] = &["diplomacontract", "creditcontract", "examencontract"];
    const ALIASES: &'static [&'static str] = &[
        "diploma contract",
        "credit contract",
        "exam contract",
        "contrat de diplôme",
        "contrat de crédits",
        "contrat d'examen",
    ];

    /// Parses a contract type.
    pub fn parse(s: &str) -> Result<Contract, ChoiceError> {
        match normalise(s).as_str() {
            "diplomacontract" | "diploma" | "contratdediplome" => Ok(Contract::Diplomacontract),
            "creditcontract" | "credit" | "credits" | "creditscontract" | "contratdecredits" | "contratdecredit" => {
                Ok(Contract::Creditcontract)
            }
            "examencontract" | "examcontract" | "contratdexamen" => Ok(Contract::Examencontract),
            _ => Err(ChoiceError {
                accepted: Self::ACCEPTED,
                aliases: Self::ALIASES,
            }),
        }
    }

    /// The canonical Dutch word.
    pub fn as_str(&self) -> &'static str {
        match self {
            Contract::Diplomacontract => "diplomacontract",
            Contract::Creditcontract => "creditcontract",
            Contract::Examencontract => "examencontract",
        }
    }
}

/// On whose initiative a training is followed (`initiatief`): it decides on
/// which side of the shared-initiative cap a request counts (X308).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Initiative {
    /// The employee's own choice (also when the column is empty).
    Werknemer,
    /// The employer's initiative.
    Werkgever,
}

impl Initiative {
    /// Canonical words, in the order they are listed to users.
    pub const ACCEPTED: &'static [&'static str] = &["werknemer", "werkgever"];
    const ALIASES: &'static [&'static str] = &["employee", "employer", "travailleur", "employeur"];

    /// Parses an initiative.
    pub fn parse(s: &str) -> Result<Initiative, ChoiceError> {
        match normalise(s).as_str() {
            "werknemer" | "employee" | "travailleur" | "salarie" | "werknemersinitiatief" => Ok(Initiative::Werknemer),
            "werkgever" | "employer" | "employeur" | "werkgeversinitiatief" => Ok(Initiative::Werkgever),
            _ => Err(ChoiceError {
                accepted: Self::ACCEPTED,
                aliases: Self::ALIASES,
            }),
        }
    }

    /// The canonical Dutch word.
    pub fn as_str(&self) -> &'static str {
        match self {
            Initiative::Werknemer => "werknemer",
            Initiative::Werkgever => "werkgever",
        }
    }
}

/// Canonical words for yes/no fields (`vast_uurrooster`, `overgangsmaatregel`).
pub const YES_NO_ACCEPTED: &[&str] = &["ja", "nee"];
const YES_NO_ALIASES: &[&str] = &["yes", "no", "oui", "non", "1", "0", "x"];

/// Parses a yes/no cell: ja/nee, j/n, yes/no, y/n, oui/non, 1/0, true/false,
/// waar/onwaar, vrai/faux, and `x` (a ticked box) for yes.
pub fn parse_yes_no(s: &str) -> Result<bool, ChoiceError> {
    let err = ChoiceError {
        accepted: YES_NO_ACCEPTED,
        aliases: YES_NO_ALIASES,
    };
    // Digits are matched as written: normalising would turn `-1` into `1`.
    let trimmed = s.trim();
    if trimmed.chars().any(|c| c.is_ascii_digit()) {
        return match trimmed {
            "1" => Ok(true),
            "0" => Ok(false),
            _ => Err(err),
        };
    }
    match normalise(trimmed).as_str() {
        "ja" | "j" | "yes" | "y" | "oui" | "o" | "true" | "waar" | "vrai" | "x" => Ok(true),
        "nee" | "n" | "no" | "non" | "false" | "onwaar" | "faux" => Ok(false),
        _ => Err(err),
    }
}

macro_rules! choice_traits {
    ($($ty:ty),*) => {$(
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = ChoiceError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <$ty>::parse(s)
            }
        }
    )*};
}

choice_traits!(Unit, TrainingType, Contract);

impl ChoiceError {
    /// Short sentence for the user: what is wrong and what is accepted.
    pub fn message(&self, lang: Lang) -> String {
        let accepted = self.accepted.join(", ");
        let aliases = self.aliases.join(", ");
        trf!(lang,
            nl: "onbekende waarde; aanvaard: {accepted} (ook Frans en Engels: {aliases}, …)",
            fr: "valeur inconnue; valeurs acceptées: {accepted} (aussi en français et en anglais: {aliases}, …)",
            en: "unknown value; accepted: {accepted} (also French and English: {aliases}, …)",
        )
    }

    /// One sentence on how to fix it.
    pub fn help(&self, lang: Lang) -> String {
        let first = self.accepted.first().copied().unwrap_or("");
        trf!(lang,
            nl: "Kies een van de aanvaarde waarden, bv. {first}; hoofdletters, accenten en spaties maken niet uit.",
            fr: "Choisissez une des valeurs acceptées, p. ex. {first}; majuscules, accents et espaces n'ont pas d'importance.",
            en: "Use one of the accepted values, e.g. {first}; case, accents and spaces do not matter.",
        )
    }
}

impl fmt::Display for ChoiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ChoiceError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation() {
        assert_eq!(normalise("  Contrat d'Examen "), "contratdexamen");
        assert_eq!(normalise("PÉRIODES"), "periodes");
        assert_eq!(normalise("HBO-5"), "hbo5");
        assert_eq!(normalise("lesson_periods."), "lessonperiods");
        assert_eq!(normalise("Contrat d\u{2019}examen"), "contratdexamen");
        assert_eq!(normalise("ÀÉÎÕÜÇÑÝ"), "aeioucny");
    }

    #[test]
    fn units() {
        let cases: &[(&[&str], Unit)] = &[
            (
                &[
                    "uren", "Uren", "UUR", "u", "h", "H", "hours", "hour", "heures", "Heure", " uren ",
                ],
                Unit::Uren,
            ),
            (
                &[
                    "lestijden",
                    "lestijd",
                    "lesuren",
                    "lesson periods",
                    "Lesson-Periods",
                    "periods",
                    "périodes",
                    "periodes",
                    "PÉRIODES",
                ],
                Unit::Lestijden,
            ),
            (
                &[
                    "studiepunten",
                    "studiepunt",
                    "SP",
                    "credits",
                    "credit",
                    "ECTS",
                    "crédits",
                    "points",
                    "studie punten",
                ],
                Unit::Studiepunten,
            ),
            (&["examens", "examen", "exams", "exam", "Examens"], Unit::Examens),
        ];
        for (inputs, expected) in cases {
            for s in *inputs {
                assert_eq!(Unit::parse(s), Ok(*expected), "{s:?}");
            }
        }
    }

    #[test]
    fn canonical_round_trip() {
        for u in [Unit::Uren, Unit::Lestijden, Unit::Studiepunten, Unit::Examens] {
            assert_eq!(Unit::parse(u.as_str()), Ok(u));
            assert_eq!(u.to_string().parse::<Unit>(), Ok(u));
            assert!(Unit::ACCEPTED.contains(&u.as_str()));
        }
        for t in [
            TrainingType::Standaard,
            TrainingType::Hbo5,
            TrainingType::Evc,
            TrainingType::Mentor,
        ] {
            assert_eq!(TrainingType::parse(t.as_str()), Ok(t));
            assert_eq!(t.to_string().parse::<TrainingType>(), Ok(t));
            assert!(TrainingType::ACCEPTED.contains(&t.as_str()));
        }
        for c in [
            Contract::Diplomacontract,
            Contract::Creditcontract,
            Contract::Examencontract,
        ] {
            assert_eq!(Contract::parse(c.as_str()), Ok(c));
            assert_eq!(c.to_string().parse::<Contract>(), Ok(c));
            assert!(Contract::ACCEPTED.contains(&c.as_str()));
        }
    }

    #[test]
    fn initiatives() {
        for (s, initiative) in [
            ("werkgever", Initiative::Werkgever),
            ("Werkgever", Initiative::Werkgever),
            ("employeur", Initiative::Werkgever),
            ("werknemer", Initiative::Werknemer),
            ("employee", Initiative::Werknemer),
        ] {
            assert_eq!(Initiative::parse(s), Ok(initiative), "{s:?}");
        }
        assert!(Initiative::parse("samen").is_err());
    }

    #[test]
    fn training_types() {
        for s in ["standaard", "Standard", "gewoon", "normal", "NORMAAL"] {
            assert_eq!(TrainingType::parse(s), Ok(TrainingType::Standaard), "{s:?}");
        }
        for s in [
            "hbo5",
            "HBO 5",
            "hbo-5",
            "hbo",
            "HBO5",
            "graduaat",
            "Graduaat",
            "graduaatsopleiding",
        ] {
            assert_eq!(TrainingType::parse(s), Ok(TrainingType::Hbo5), "{s:?}");
        }
        for s in ["evc", "EVC", "rpl", "VAE"] {
            assert_eq!(TrainingType::parse(s), Ok(TrainingType::Evc), "{s:?}");
        }
        for s in ["mentor", "Mentoropleiding", "tuteur", "mentor opleiding"] {
            assert_eq!(TrainingType::parse(s), Ok(TrainingType::Mentor), "{s:?}");
        }
        assert!(TrainingType::parse("hbo4").is_err());
        assert!(TrainingType::parse("bachelor").is_err());
    }

    #[test]
    fn contracts() {
        for s in [
            "diplomacontract",
            "Diploma contract",
            "diploma",
            "contrat de diplôme",
            "Contrat de diplome",
        ] {
            assert_eq!(Contract::parse(s), Ok(Contract::Diplomacontract), "{s:?}");
        }
        for s in [
            "creditcontract",
            "credit contract",
            "credit",
            "contrat de crédits",
            "contrat de crédit",
            "Credit-contract",
        ] {
            assert_eq!(Contract::parse(s), Ok(Contract::Creditcontract), "{s:?}");
        }
        for s in [
            "examencontract",
            "exam contract",
            "examen contract",
            "contrat d'examen",
            "Contrat d’examen",
        ] {
            assert_eq!(Contract::parse(s), Ok(Contract::Examencontract), "{s:?}");
        }
        assert!(Contract::parse("examen").is_err());
        assert!(Contract::parse("contract").is_err());
    }

    #[test]
    fn yes_no() {
        for s in [
            "ja", "JA", "j", "yes", "Y", "oui", "1", " 1 ", "true", "TRUE", "waar", "vrai", "x", "X", "Oui.",
        ] {
            assert_eq!(parse_yes_no(s), Ok(true), "{s:?}");
        }
        for s in ["nee", "n", "no", "N", "non", "0", "false", "onwaar", "faux", " Nee "] {
            assert_eq!(parse_yes_no(s), Ok(false), "{s:?}");
        }
        for s in ["", "maybe", "2", "ja/nee", "-1", "+1", "1.0", "0-", "10", "1 0", "ja1"] {
            assert!(parse_yes_no(s).is_err(), "{s:?}");
        }
    }

    #[test]
    fn garbage() {
        let too_long = "uren".repeat(100_000);
        let inputs = ["", "   ", "\u{0}", "u\u{0}", "🙂", "ΩΣ", "uren uren", too_long.as_str()];
        for s in inputs {
            assert!(Unit::parse(s).is_err(), "{s:?}");
            assert!(TrainingType::parse(s).is_err(), "{s:?}");
            assert!(Contract::parse(s).is_err(), "{s:?}");
            assert!(parse_yes_no(s).is_err(), "{s:?}");
        }
    }

    #[test]
    fn error_lists_accepted() {
        let e = Unit::parse("liters");
        assert_eq!(e.as_ref().map_err(|e| e.accepted), Err(Unit::ACCEPTED));
        let msg = e.map_err(|e| e.message(Lang::Nl)).err().unwrap_or_default();
        assert!(msg.starts_with(
            "onbekende waarde; aanvaard: uren, lestijden, studiepunten, examens (ook Frans en Engels: heures, hours"
        ));
        let e = parse_yes_no("misschien").err();
        assert_eq!(e.as_ref().map(|e| e.accepted), Some(YES_NO_ACCEPTED));
        let en = e.map(|e| e.message(Lang::En)).unwrap_or_default();
        assert!(en.contains("ja, nee"));
        assert!(en.contains("yes"));
    }

    #[test]
    fn messages_and_help() {
        for e in [
            Unit::parse("?").err(),
            TrainingType::parse("?").err(),
            Contract::parse("?").err(),
            parse_yes_no("?").err(),
        ]
        .into_iter()
        .flatten()
        {
            for lang in [Lang::Nl, Lang::En] {
                assert!(!e.message(lang).is_empty());
                assert!(!e.help(lang).is_empty());
            }
            assert_ne!(e.message(Lang::Nl), e.message(Lang::En));
            assert_eq!(e.to_string(), e.message(Lang::En));
            assert!(!e.message(Lang::En).contains('?'));
            assert!(!e.help(Lang::Fr).is_empty());
            assert_ne!(e.message(Lang::Fr), e.message(Lang::Nl));
            assert_ne!(e.message(Lang::Fr), e.message(Lang::En));
        }
        let unit = Unit::parse("litres")
            .err()
            .map(|e| e.message(Lang::Fr))
            .unwrap_or_default();
        assert!(unit.starts_with(
            "valeur inconnue; valeurs acceptées: uren, lestijden, studiepunten, examens (aussi en français et en anglais: heures, hours"
        ));
        let help = parse_yes_no("peut-être")
            .err()
            .map(|e| e.help(Lang::Fr))
            .unwrap_or_default();
        assert!(
            help.starts_with("Choisissez une des valeurs acceptées, p. ex. ja;"),
            "{help}"
        );
    }
}
