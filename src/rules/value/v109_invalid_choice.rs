//! V109 invalid-choice: a field with fixed values holds something else.
//!
//! The words are [`crate::values::choice`]'s; what a spreadsheet cell may
//! hold as yes/no is decided here (`parse_yes_no_cell`). The typer
//! ([`super::type_row`]) raises V109 on `eenheid`, `opleidingstype`,
//! `contract`, `initiatief`, `vast_uurrooster` and `overgangsmaatregel`.

use crate::model::Cell;
use crate::rules::{Explanation, Rule, Text};
use crate::values::choice::{self, ChoiceError};

/// V109 invalid-choice: eenheid, opleidingstype, contract, vast_uurrooster or
/// overgangsmaatregel holds something else.
pub const V109: Rule = Rule {
    code: crate::code::Code::V109,
    name: "invalid-choice",
    severity: "error",
    summary: Text {
        nl: "Een veld met vaste waarden (eenheid, opleidingstype, contract, vast uurrooster, overgangsmaatregel) heeft een andere waarde.",
        fr: "Un champ à valeurs fixes (unité, type de formation, type de contrat, horaire fixe, mesure transitoire) contient une autre valeur.",
        en: "A field with fixed values (eenheid, opleidingstype, contract, vast_uurrooster, overgangsmaatregel) holds something else.",
    },
    explanation: Explanation {
        what: Text {
            nl: "eenheid: uren, lestijden, studiepunten, examens; opleidingstype: standaard, hbo5, evc, mentor; contract: diplomacontract, creditcontract, examencontract; vast uurrooster, overgangsmaatregel: ja/nee. Franse en Engelse woorden worden ook aanvaard.",
            fr: "Unité: uren, lestijden, studiepunten, examens; type de formation: standaard, hbo5, evc, mentor; type de contrat: diplomacontract, creditcontract, examencontract; horaire fixe, mesure transitoire: ja/nee. Les mots français et anglais sont aussi acceptés.",
            en: "eenheid: uren, lestijden, studiepunten, examens; opleidingstype: standaard, hbo5, evc, mentor; contract: diplomacontract, creditcontract, examencontract; vast_uurrooster, overgangsmaatregel: ja/nee. French and English words are accepted too.",
        },
        why: Text {
            nl: "Deze waarden bepalen welke VOV-regels gelden (uren per studiepunt, examens, EVC).",
            fr: "Ces valeurs déterminent quelles règles du VOV s'appliquent (heures par crédit d'études, examens, EVC).",
            en: "These values decide which VOV rules apply (hours per study point, exams, EVC).",
        },
        source: Text {
            nl: "de handleiding van vov-bulk (docs/GUIDE.md), rubriek Invoer (de velden en hun waarden)",
            fr: "le manuel de vov-bulk (docs/GUIDE.md), rubrique Entrée (Input: les champs et leurs valeurs)",
            en: "the vov-bulk manual (docs/GUIDE.md), section Input (the fields and their values)",
        },
        fix: Text {
            nl: "Gebruik een van de opgesomde waarden.",
            fr: "Utilisez une des valeurs énumérées.",
            en: "Use one of the values listed.",
        },
        example: Text {
            nl: "eenheid 'heures' wordt uren; eenheid 'dagen' wordt geweigerd.",
            fr: "Unité 'heures' devient uren; unité 'dagen' est refusé.",
            en: "eenheid 'heures' becomes uren; eenheid 'dagen' is refused.",
        },
    },
};

/// The yes/no of a non-blank cell: a boolean cell, the numbers 1 and 0, or
/// a word [`choice::parse_yes_no`] knows.
pub(super) fn parse_yes_no_cell(cell: Cell<'_>) -> Result<bool, ChoiceError> {
    match cell {
        Cell::Bool(b) => Ok(b),
        Cell::Number(1.0) => Ok(true),
        Cell::Number(0.0) => Ok(false),
        other => choice::parse_yes_no(&other.text()),
    }
}

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::model::Cell;
    use crate::rules::value::test_support::{cell_codes, codes, typed_cells, NONE};

    #[test]
    fn units_in_dutch_french_and_english() {
        for unit in [
            "uren",
            "heures",
            "hours",
            "lestijden",
            "studiepunten",
            "ECTS",
            "examens",
            "exams",
        ] {
            assert_eq!(codes(&[(Field::Eenheid, unit)]), NONE, "{unit}");
        }
        assert_eq!(codes(&[(Field::Eenheid, "dagen")]), vec!["V109"]);
    }

    #[test]
    fn training_types_and_contracts() {
        for kind in ["standaard", "hbo5", "evc", "mentor", "VAE"] {
            assert_eq!(codes(&[(Field::Opleidingstype, kind)]), NONE, "{kind}");
        }
        assert_eq!(codes(&[(Field::Opleidingstype, "cursus")]), vec!["V109"]);
        for contract in ["diplomacontract", "creditcontract", "examencontract"] {
            assert_eq!(codes(&[(Field::Contract, contract)]), NONE, "{contract}");
        }
        assert_eq!(codes(&[(Field::Contract, "arbeidscontract")]), vec!["V109"]);
    }

    #[test]
    fn yes_no_words_and_cells() {
        for (text, yes) in [("ja", true), ("nee", false), ("oui", true), ("x", true), ("0", false)] {
            let (request, found) = typed_cells(&[(Field::VastUurrooster, Cell::Text(text))]);
            assert!(found.is_empty(), "{text}: {found:?}");
            assert_eq!(request.and_then(|r| r.vast_uurrooster), Some(yes), "{text}");
        }
        assert_eq!(codes(&[(Field::VastUurrooster, "misschien")]), vec!["V109"]);
        assert_eq!(cell_codes(&[(Field::VastUurrooster, Cell::Bool(false))]), NONE);
        assert_eq!(cell_codes(&[(Field::VastUurrooster, Cell::Number(1.0))]), NONE);
        assert_eq!(cell_codes(&[(Field::VastUurrooster, Cell::Number(0.0))]), NONE);
        assert_eq!(cell_codes(&[(Field::VastUurrooster, Cell::Number(2.0))]), vec!["V109"]);
        assert_eq!(cell_codes(&[(Field::VastUurrooster, Cell::Number(0.5))]), vec!["V109"]);
    }

    #[test]
    fn the_transitional_measure_is_yes_or_no() {
        for (text, yes) in [
            ("ja", true),
            ("oui", true),
            ("yes", true),
            ("1", true),
            ("nee", false),
            ("non", false),
            ("no", false),
            ("0", false),
        ] {
            let (request, found) = typed_cells(&[(Field::Overgangsmaatregel, Cell::Text(text))]);
            assert!(found.is_empty(), "{text}: {found:?}");
            assert_eq!(request.and_then(|r| r.overgangsmaatregel), Some(yes), "{text}");
        }
        let (request, _) = typed_cells(&[(Field::Overgangsmaatregel, Cell::Text(""))]);
        assert_eq!(request.map(|r| r.overgangsmaatregel), Some(None), "not given");
        assert_eq!(codes(&[(Field::Overgangsmaatregel, "misschien")]), vec!["V109"]);
        assert_eq!(cell_codes(&[(Field::Overgangsmaatregel, Cell::Bool(true))]), NONE);
        assert_eq!(
            cell_codes(&[(Field::Overgangsmaatregel, Cell::Number(2.0))]),
            vec!["V109"]
        );
    }
}
