//! V106 missing-value: a required field is empty.
//!
//! Which fields are required (`is_required`) and the diagnostic for a
//! blank one (`diagnostic`) are this rule's; the typer
//! ([`super::type_row`]) asks for both on every blank cell.

use crate::field::Field;
use crate::lang::{trf, Lang};
use crate::model::{Diagnostic, Severity};
use crate::rules::{Explanation, Rule, Text};
use crate::schema::InputSchema;

/// V106 missing-value: a required field is empty in this row.
pub const V106: Rule = Rule {
    code: crate::code::Code::V106,
    name: "missing-value",
    severity: "error",
    summary: Text {
        nl: "Een verplicht veld is leeg in deze rij.",
        fr: "Un champ obligatoire est vide dans cette ligne.",
        en: "A required field is empty in this row.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Een verplicht veld (ondernemingsnummer, INSZ werknemer, naam werknemer, voornaam werknemer, ODB-nummer, aantal, startdatum, einddatum, of wat het invoerschema verplicht maakt) is leeg.",
            fr: "Un champ obligatoire (numéro d'entreprise, NISS travailleur, nom du travailleur, prénom du travailleur, numéro ODB, nombre, date de début, date de fin, ou ce que le schéma d'entrée rend obligatoire) est vide.",
            en: "A required field (werkgever_kbo, werknemer_insz, werknemer_naam, werknemer_voornaam, odb_nummer, aantal, startdatum, einddatum, or what the input schema makes required) is empty.",
        },
        why: Text {
            nl: "Het WSE-loket weigert een aanvraag zonder deze gegevens.",
            fr: "Le guichet WSE (WSE-loket) refuse une demande sans ces données.",
            en: "The WSE-loket refuses a request without these data.",
        },
        source: Text {
            nl: "de handleiding van vov-bulk (docs/GUIDE.md), rubriek Invoer (verplichte velden); vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', rubriek gegevens van de aanvraag",
            fr: "le manuel de vov-bulk (docs/GUIDE.md), rubrique Entrée (Input: champs obligatoires); vlaanderen.be, « Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever », rubrique données de la demande",
            en: "the vov-bulk manual (docs/GUIDE.md), section Input (required fields); vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', section data of the request",
        },
        fix: Text {
            nl: "Vul de waarde in rejected.csv in en lever de rij opnieuw aan.",
            fr: "Complétez la valeur dans rejected.csv et fournissez la ligne à nouveau.",
            en: "Fill in the value in rejected.csv and feed the row back.",
        },
        example: Text {
            nl: "Een rij zonder einddatum: V106 op einddatum.",
            fr: "Une ligne sans date de fin: V106 sur la date de fin.",
            en: "A row without einddatum: V106 on einddatum.",
        },
    },
};

/// Whether a blank `field` is V106: the fields of [`Field::REQUIRED`], and
/// those the input schema makes required.
pub(super) fn is_required(field: Field, schema: &InputSchema) -> bool {
    Field::REQUIRED.contains(&field) || schema.is_required(field)
}

/// V106 on a blank required `field`.
pub(super) fn diagnostic(field: Field, lang: Lang) -> Diagnostic {
    Diagnostic {
        code: V106.code,
        severity: Severity::Error,
        field: Some(field),
        value: None,
        message: trf!(
            lang,
            nl: "{field} is leeg maar verplicht",
            fr: "{field} est vide mais obligatoire",
            en: "{field} is empty but required",
        ),
        help: V106.explanation.fix.get(lang).into(),
    }
}

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::rules::value::test_support::{codes, diagnostics, NONE};

    #[test]
    fn every_required_field_blank_or_only_spaces() {
        for field in Field::REQUIRED {
            for blank in ["", "   "] {
                let found = diagnostics(&[(field, blank)]);
                let codes: Vec<(&str, Option<crate::field::Field>)> =
                    found.iter().map(|d| (d.code.as_str(), d.field)).collect();
                assert_eq!(codes, vec![("V106", Some(field))], "{field} {blank:?}");
                assert_eq!(found[0].value, None);
            }
        }
    }

    #[test]
    fn optional_fields_may_stay_blank() {
        for field in [
            Field::WerkgeverNaam,
            Field::VestigingPostcode,
            Field::OpleidingTitel,
            Field::Opleidingstype,
            Field::Contract,
            Field::Eenheid,
            Field::Inschrijvingsdatum,
            Field::Indiensttreding,
            Field::TewerkstellingPct,
            Field::TewerkstellingTotaalPct,
            Field::UrenPerWeek,
            Field::Initiatief,
            Field::Overgangsmaatregel,
            Field::VastUurrooster,
            Field::ContactEmail,
            Field::Iban,
        ] {
            assert_eq!(codes(&[(field, "")]), NONE, "{field}");
        }
    }

    #[test]
    fn the_message_names_the_field() {
        let found = diagnostics(&[(Field::Einddatum, "")]);
        assert_eq!(found[0].message, "einddatum is empty but required");
        assert_eq!(found[0].help, super::V106.explanation.fix.en);
        let nl = super::diagnostic(Field::Einddatum, crate::lang::Lang::Nl);
        assert_eq!(nl.message, "einddatum is leeg maar verplicht");
    }

    #[test]
    fn the_message_and_help_in_french() {
        use crate::lang::Lang;
        use crate::rules::value::test_support::diagnostics_in;
        let found = diagnostics_in(&[(Field::Einddatum, "")], Lang::Fr);
        assert_eq!(found[0].message, "einddatum est vide mais obligatoire");
        assert_eq!(
            found[0].help,
            "Complétez la valeur dans rejected.csv et fournissez la ligne à nouveau."
        );
    }
}
