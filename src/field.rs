//! The canonical input fields. Every input layout is mapped onto these names
//! (through the input schema's aliases) before anything is typed.

use std::fmt;

use crate::lang::{Lang, Text};

/// One column of the canonical input, onto which every input layout is mapped;
/// [`Field::name`] gives its column name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// `werkgever_kbo`: the employer's company number (KBO).
    WerkgeverKbo,
    /// `werkgever_naam`: the employer's name.
    WerkgeverNaam,
    /// `vestiging_postcode`: the postcode of the employer's establishment unit.
    VestigingPostcode,
    /// `werknemer_insz`: the employee's INSZ (national register or BIS number).
    WerknemerInsz,
    /// `werknemer_naam`: the employee's surname.
    WerknemerNaam,
    /// `werknemer_voornaam`: the employee's first name.
    WerknemerVoornaam,
    /// `odb_nummer`: the training's number in the training database (ODB).
    OdbNummer,
    /// `opleiding_titel`: the training's title.
    OpleidingTitel,
    /// `opleidingstype`: the kind of training (standaard, hbo5, evc or mentor).
    Opleidingstype,
    /// `contract`: the higher-education contract (diploma, credit or exam contract).
    Contract,
    /// `eenheid`: the unit of `aantal` (uren, lestijden, studiepunten or examens).
    Eenheid,
    /// `aantal`: the number of hours, lesson periods, credits or exams.
    Aantal,
    /// `startdatum`: the training's start date, from the enrolment certificate.
    Startdatum,
    /// `einddatum`: the training's end date, from the enrolment certificate.
    Einddatum,
    /// `inschrijvingsdatum`: the enrolment date, from the enrolment certificate.
    Inschrijvingsdatum,
    /// `indiensttreding`: the date the employee joined this employer.
    Indiensttreding,
    /// `tewerkstelling_pct`: the employment percentage (TWP, 0-100) at this employer.
    TewerkstellingPct,
    /// `tewerkstelling_totaal_pct`: the employee's total TWP over all
    /// employers in the reference month (DmfA), 0-100 (contract v2).
    TewerkstellingTotaalPct,
    /// `uren_per_week`: the employee's average weekly working hours over all
    /// employers (DmfA 'Q' summed), 0-168 (contract v3, R222).
    UrenPerWeek,
    /// `initiatief`: on whose initiative the training is followed (werknemer
    /// or werkgever; contract v2, X308).
    Initiatief,
    /// `overgangsmaatregel`: the clerk knows that the 2025-2026 transitional
    /// measure applies (ja/nee; contract v3, R208).
    Overgangsmaatregel,
    /// `vast_uurrooster`: whether the employee works a fixed timetable (ja/nee).
    VastUurrooster,
    /// `contact_email`: the e-mail address for contact about the request.
    ContactEmail,
    /// `iban`: the account (IBAN) the training leave is refunded to.
    Iban,
}

impl Field {
    /// All fields in canonical column order (the order of `template` and `rejected.csv`).
    pub const ALL: [Field; 24] = [
        Field::WerkgeverKbo,
        Field::WerkgeverNaam,
        Field::VestigingPostcode,
        Field::WerknemerInsz,
        Field::WerknemerNaam,
        Field::WerknemerVoornaam,
        Field::OdbNummer,
        Field::OpleidingTitel,
        Field::Opleidingstype,
        Field::Contract,
        Field::Eenheid,
        Field::Aantal,
        Field::Startdatum,
        Field::Einddatum,
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
    ];

    /// The number of fields (24): the length of every per-field array.
    pub const COUNT: usize = Self::ALL.len();

    /// The fields a request cannot do without, whatever the input schema says.
    pub const REQUIRED: [Field; 8] = [
        Field::WerkgeverKbo,
        Field::WerknemerInsz,
        Field::WerknemerNaam,
        Field::WerknemerVoornaam,
        Field::OdbNummer,
        Field::Aantal,
        Field::Startdatum,
        Field::Einddatum,
    ];

    /// The field's canonical column name (`werkgever_kbo`, …), as in the
    /// template, `rejected.csv` and the input schema.
    pub fn name(self) -> &'static str {
        match self {
            Field::WerkgeverKbo => "werkgever_kbo",
            Field::WerkgeverNaam => "werkgever_naam",
            Field::VestigingPostcode => "vestiging_postcode",
            Field::WerknemerInsz => "werknemer_insz",
            Field::WerknemerNaam => "werknemer_naam",
            Field::WerknemerVoornaam => "werknemer_voornaam",
            Field::OdbNummer => "odb_nummer",
            Field::OpleidingTitel => "opleiding_titel",
            Field::Opleidingstype => "opleidingstype",
            Field::Contract => "contract",
            Field::Eenheid => "eenheid",
            Field::Aantal => "aantal",
            Field::Startdatum => "startdatum",
            Field::Einddatum => "einddatum",
            Field::Inschrijvingsdatum => "inschrijvingsdatum",
            Field::Indiensttreding => "indiensttreding",
            Field::TewerkstellingPct => "tewerkstelling_pct",
            Field::TewerkstellingTotaalPct => "tewerkstelling_totaal_pct",
            Field::UrenPerWeek => "uren_per_week",
            Field::Initiatief => "initiatief",
            Field::Overgangsmaatregel => "overgangsmaatregel",
            Field::VastUurrooster => "vast_uurrooster",
            Field::ContactEmail => "contact_email",
            Field::Iban => "iban",
        }
    }

    /// The field whose canonical column name is `name` exactly (no aliases:
    /// those are the input schema's); `None` for any other name.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The field's position in [`Field::ALL`], for indexing per-field arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether the value is personal data that must be masked outside `rejected.csv`.
    pub fn is_personal(self) -> bool {
        matches!(self, Field::WerknemerInsz | Field::Iban)
    }
}

/// What a field is called for people, in each language: the header of its
/// column in `rejected.xlsx`, and its name inside a sentence of a message,
/// help text or explanation (`Vérifiez la date de début`, not `la
/// startdatum`). Lower case as a sentence takes it; a header starts it with
/// a capital ([`Field::header`]). Each label is an alias of its field in the
/// built-in input schema, so a workbook with these headers reads back.
const LABELS: [Text; Field::COUNT] = [
    Text {
        nl: "ondernemingsnummer",
        fr: "numéro d'entreprise",
        en: "company number",
    },
    Text {
        nl: "naam werkgever",
        fr: "nom de l'employeur",
        en: "employer name",
    },
    Text {
        nl: "postcode vestigingseenheid",
        fr: "code postal de l'unité d'établissement",
        en: "establishment unit postcode",
    },
    Text {
        nl: "INSZ werknemer",
        fr: "NISS travailleur",
        en: "employee INSZ",
    },
    Text {
        nl: "naam werknemer",
        fr: "nom du travailleur",
        en: "employee last name",
    },
    Text {
        nl: "voornaam werknemer",
        fr: "prénom du travailleur",
        en: "employee first name",
    },
    Text {
        nl: "ODB-nummer",
        fr: "numéro ODB",
        en: "ODB number",
    },
    Text {
        nl: "titel opleiding",
        fr: "intitulé de la formation",
        en: "training title",
    },
    Text {
        nl: "type opleiding",
        fr: "type de formation",
        en: "training type",
    },
    Text {
        nl: "type contract",
        fr: "type de contrat",
        en: "contract type",
    },
    Text {
        nl: "eenheid",
        fr: "unité",
        en: "unit",
    },
    Text {
        nl: "aantal",
        fr: "nombre",
        en: "quantity",
    },
    Text {
        nl: "startdatum",
        fr: "date de début",
        en: "start date",
    },
    Text {
        nl: "einddatum",
        fr: "date de fin",
        en: "end date",
    },
    Text {
        nl: "inschrijvingsdatum",
        fr: "date d'inscription",
        en: "enrolment date",
    },
    Text {
        nl: "datum indiensttreding",
        fr: "date d'entrée en service",
        en: "hire date",
    },
    Text {
        nl: "tewerkstellingspercentage",
        fr: "taux d'occupation",
        en: "employment percentage",
    },
    Text {
        nl: "totaal tewerkstellingspercentage",
        fr: "taux d'occupation total",
        en: "total employment percentage",
    },
    Text {
        nl: "uren per week",
        fr: "heures par semaine",
        en: "weekly hours",
    },
    Text {
        nl: "initiatief",
        fr: "initiative",
        en: "initiative",
    },
    Text {
        nl: "overgangsmaatregel",
        fr: "mesure transitoire",
        en: "transitional measure",
    },
    Text {
        nl: "vast uurrooster",
        fr: "horaire fixe",
        en: "fixed schedule",
    },
    Text {
        nl: "e-mailadres contactpersoon",
        fr: "e-mail de contact",
        en: "contact e-mail",
    },
    Text {
        nl: "rekeningnummer (IBAN)",
        fr: "numéro de compte (IBAN)",
        en: "account number (IBAN)",
    },
];

impl Field {
    /// The field's label in `lang`, as a sentence takes it (`date de début`,
    /// `INSZ werknemer`): see [`LABELS`].
    pub fn label(self, lang: Lang) -> &'static str {
        LABELS[self.index()].get(lang)
    }

    /// The field's label in all three languages.
    pub fn labels(self) -> Text {
        LABELS[self.index()]
    }

    /// The label as a column header: its first letter a capital (`Date de
    /// début`, `INSZ werknemer`).
    pub fn header(self, lang: Lang) -> String {
        capitalised(self.label(lang))
    }
}

/// `text` with its first letter a capital.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_indices_follow_canonical_order() {
        for (i, field) in Field::ALL.into_iter().enumerate() {
            assert_eq!(field.index(), i);
            assert_eq!(Field::from_name(field.name()), Some(field));
        }
        assert_eq!(Field::from_name("nope"), None);
    }

    #[test]
    fn every_field_has_a_label_in_each_language_that_is_not_its_dutch_name_in_french() {
        for field in Field::ALL {
            let labels = field.labels();
            for lang in Lang::ALL {
                assert!(!field.label(lang).trim().is_empty(), "{field} {lang}");
            }
            assert_ne!(labels.fr, labels.nl, "{field}: French label is the Dutch one");
            assert_ne!(labels.fr, field.name(), "{field}");
        }
        assert_eq!(Field::WerknemerInsz.header(Lang::Fr), "NISS travailleur");
        assert_eq!(Field::Startdatum.header(Lang::Fr), "Date de début");
    }
}
