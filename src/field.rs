//! The canonical input fields. Every input layout is mapped onto these names
//! (through the input schema's aliases) before anything is typed.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    WerkgeverKbo,
    WerkgeverNaam,
    VestigingPostcode,
    WerknemerInsz,
    WerknemerNaam,
    WerknemerVoornaam,
    OdbNummer,
    OpleidingTitel,
    Opleidingstype,
    Contract,
    Eenheid,
    Aantal,
    Startdatum,
    Einddatum,
    Inschrijvingsdatum,
    Indiensttreding,
    TewerkstellingPct,
    VastUurrooster,
    ContactEmail,
    Iban,
}

impl Field {
    /// All fields in canonical column order (the order of `template` and `rejected.csv`).
    pub const ALL: [Field; 20] = [
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
        Field::VastUurrooster,
        Field::ContactEmail,
        Field::Iban,
    ];

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
            Field::VastUurrooster => "vast_uurrooster",
            Field::ContactEmail => "contact_email",
            Field::Iban => "iban",
        }
    }

    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether the value is personal data that must be masked outside `rejected.csv`.
    pub fn is_personal(self) -> bool {
        matches!(self, Field::WerknemerInsz | Field::Iban)
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
}
