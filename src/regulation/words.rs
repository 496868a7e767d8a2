//! The table's words in the user's language: what `vov-bulk regulation`,
//! `explain` and the reports say about a school year's figures.

use rust_decimal::Decimal;

use super::table::{Combining, Deadline, ReferenceMonth, SchoolYear, YearStatus};
use crate::lang::{tr, trf, Lang};

impl YearStatus {
    /// `bevestigd` / `voorlopig`, `confirmé` / `provisoire`.
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            YearStatus::Confirmed => tr!(lang, nl: "bevestigd", fr: "confirmé", en: "confirmed"),
            YearStatus::Provisional => tr!(lang, nl: "voorlopig", fr: "provisoire", en: "provisional"),
        }
    }

    /// As JSON and the data file write it.
    pub fn as_str(self) -> &'static str {
        match self {
            YearStatus::Confirmed => "confirmed",
            YearStatus::Provisional => "provisional",
        }
    }
}

impl Combining {
    /// As JSON and the data file write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Combining::SameTraining => "same_training",
            Combining::AllEnrolments => "all_enrolments",
            Combining::Uncertain => "uncertain",
        }
    }

    /// What it means for X303, in a few words.
    pub fn describe(self, lang: Lang) -> &'static str {
        match self {
            Combining::SameTraining => tr!(lang,
                nl: "enkel rijen met hetzelfde ODB-basisnummer",
                fr: "seulement les lignes avec le même numéro de base ODB",
                en: "only rows of the same ODB base number",
            ),
            Combining::AllEnrolments => tr!(lang,
                nl: "alle inschrijvingen van het schooljaar",
                fr: "toutes les inscriptions de l'année scolaire",
                en: "all enrolments of the school year",
            ),
            Combining::Uncertain => tr!(lang,
                nl: "onzeker: sommige combinaties zijn afgeschaft; R203 blijft, X303 noemt de rijen",
                fr: "incertain: certaines combinaisons sont supprimées; R203 reste, X303 cite les lignes",
                en: "uncertain: some combinations were removed; R203 stays, X303 names the rows",
            ),
        }
    }
}

impl ReferenceMonth {
    /// As JSON and the data file write it.
    pub fn as_str(self) -> &'static str {
        match self {
            ReferenceMonth::September => "september",
            ReferenceMonth::MarchBefore => "march_before",
        }
    }

    /// `maart vóór het schooljaar`.
    pub fn describe(self, lang: Lang) -> &'static str {
        match self {
            ReferenceMonth::September => tr!(lang,
                nl: "september van het schooljaar",
                fr: "septembre de l'année scolaire",
                en: "September of the school year",
            ),
            ReferenceMonth::MarchBefore => tr!(lang,
                nl: "maart vóór het schooljaar",
                fr: "mars avant l'année scolaire",
                en: "March before the school year",
            ),
        }
    }
}

impl Deadline {
    /// How the last day is counted, in a sentence.
    pub fn describe(self, lang: Lang) -> String {
        match self {
            Deadline::ThreeMonths => tr!(lang,
                nl: "drie maanden na de start (strikt)",
                fr: "trois mois après le début (strict)",
                en: "three months after the start (strict)",
            )
            .to_string(),
            Deadline::FixedUntil {
                last_day,
                for_starts_until,
            } => {
                let (last, until) = (last_day.format("%d/%m/%Y"), for_starts_until.format("%d/%m/%Y"));
                trf!(lang,
                    nl: "tot {last} voor een start tot {until}; daarna drie maanden na de start",
                    fr: "jusqu'au {last} pour un début jusqu'au {until}; ensuite trois mois après le début",
                    en: "until {last} for a start up to {until}; later three months after the start",
                )
            }
        }
    }
}

impl SchoolYear {
    /// `2025-2026` or `2026-2027 (voorlopig)`.
    pub fn name_with_status(&self, lang: Lang) -> String {
        match self.status {
            YearStatus::Confirmed => self.name(),
            YearStatus::Provisional => format!("{} ({})", self.name(), self.status.word(lang)),
        }
    }
}

/// A figure in the language's notation: `14,91`, `14.91`; amounts with two
/// decimals.
pub fn figure(value: Decimal, lang: Lang) -> String {
    lang.decimal(&value.normalize().to_string())
}

/// EUR with two decimals in the language's notation: `14,91`.
pub fn euro(value: Decimal, lang: Lang) -> String {
    lang.decimal(&format!("{:.2}", value.round_dp(2)))
}
