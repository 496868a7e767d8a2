//! IBAN (V108): ISO 13616 structure and mod-97 check, plus the Belgian national check.
//!
//! The mod-97 remainder is computed digit by digit so that no big integers are
//! needed: 34 characters expand to up to 68 digits, far beyond `u128`.

use std::fmt;

use crate::lang::{tr, trf, Lang};

/// IBAN lengths of the countries an employee in Flanders is likely to bank in
/// (EU/EEA and neighbours, from the SWIFT IBAN registry). Other countries are
/// only held to the general 15..=34 range.
const COUNTRY_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AT", 20),
    ("BE", 16),
    ("BG", 22),
    ("CH", 21),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("EE", 20),
    ("ES", 24),
    ("FI", 18),
    ("FR", 27),
    ("GB", 22),
    ("GI", 23),
    ("GR", 27),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IS", 26),
    ("IT", 27),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MT", 31),
    ("NL", 18),
    ("NO", 15),
    ("PL", 28),
    ("PT", 25),
    ("RO", 24),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("VA", 22),
];

/// Shortest and longest IBAN of any country.
const MIN_LEN: usize = 15;
const MAX_LEN: usize = 34;

/// Why a text is not a valid IBAN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IbanError {
    /// Nothing (or only whitespace) was given.
    Empty,
    /// Not 2 letters, 2 digits and letters/digits, or outside 15-34 characters.
    BadFormat,
    /// The length does not match the country's IBAN length.
    WrongLength {
        /// Two-letter country code, e.g. `BE`.
        country: String,
        /// The IBAN length for that country.
        expected: usize,
        /// The number of characters found (without spaces).
        found: usize,
    },
    /// The ISO 13616 mod-97 check fails: a typo.
    Checksum,
    /// A `BE` IBAN whose embedded Belgian account number does not check out.
    BelgianCheck,
}

/// The expected length for a known country code.
pub(crate) fn country_length(country: &str) -> Option<usize> {
    COUNTRY_LENGTHS
        .iter()
        .find(|(code, _)| *code == country)
        .map(|&(_, len)| len)
}

/// ISO 13616 remainder: the first 4 characters moved to the end, letters as
/// 10..=35, the resulting digit string taken mod 97. `None` on other characters.
fn iban_mod97(iban: &str) -> Option<u32> {
    let head = iban.get(..4)?;
    let tail = iban.get(4..)?;
    let mut r: u32 = 0;
    for c in tail.chars().chain(head.chars()) {
        let v = c.to_digit(36)?;
        r = if v < 10 { (r * 10 + v) % 97 } else { (r * 100 + v) % 97 };
    }
    Some(r)
}

/// Checks an IBAN and returns its compact form: no spaces or dashes, upper-case
/// (`be68 5390 0754 7034` → `BE68539007547034`). A leading `IBAN` word is dropped.
pub fn parse_iban(s: &str) -> Result<String, IbanError> {
    let mut compact = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| !c.is_whitespace() && c != '-') {
        compact.extend(c.to_uppercase());
    }
    if compact.is_empty() {
        return Err(IbanError::Empty);
    }
    // `IB` is no country code, so `IBAN BE68…` can only mean the word.
    if compact.starts_with("IBAN") {
        compact.drain(..4);
    }
    let well_formed = compact.chars().all(|c| c.is_ascii_alphanumeric())
        && compact
            .get(..2)
            .is_some_and(|cc| cc.chars().all(|c| c.is_ascii_uppercase()))
        && compact
            .get(2..4)
            .is_some_and(|cd| cd.chars().all(|c| c.is_ascii_digit()));
    if !well_formed {
        return Err(IbanError::BadFormat);
    }
    let country = compact.get(..2).unwrap_or("");
    let found = compact.len();
    match country_length(country) {
        Some(expected) if expected != found => {
            return Err(IbanError::WrongLength {
                country: country.to_string(),
                expected,
                found,
            })
        }
        None if !(MIN_LEN..=MAX_LEN).contains(&found) => return Err(IbanError::BadFormat),
        _ => {}
    }
    if iban_mod97(&compact) != Some(1) {
        return Err(IbanError::Checksum);
    }
    if country == "BE" && !belgian_check(compact.get(4..).unwrap_or("")) {
        return Err(IbanError::BelgianCheck);
    }
    Ok(compact)
}

/// Belgian account number (12 digits): the last 2 digits equal the first 10
/// mod 97, where a remainder of 0 is written 97.
fn belgian_check(bban: &str) -> bool {
    if bban.len() != 12 || !bban.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let first10 = bban.get(..10).and_then(|s| s.parse::<u64>().ok());
    let check = bban.get(10..).and_then(|s| s.parse::<u64>().ok());
    match (first10, check) {
        (Some(n), Some(c)) => {
            let r = n % 97;
            c == if r == 0 { 97 } else { r }
        }
        _ => false,
    }
}

impl IbanError {
    /// Short sentence for the user: what is wrong and what is expected.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            IbanError::Empty => tr!(lang, nl: "IBAN ontbreekt", fr: "l'IBAN manque", en: "the IBAN is missing").to_string(),
            IbanError::BadFormat => tr!(lang,
                nl: "geen IBAN: verwacht 2 letters (land), 2 controlecijfers en dan letters en cijfers, 15 tot 34 tekens in totaal",
                fr: "pas un IBAN: attendu 2 lettres (pays), 2 chiffres de contrôle, puis des lettres et des chiffres, 15 à 34 caractères au total",
                en: "not an IBAN: expected 2 letters (country), 2 check digits, then letters and digits, 15 to 34 characters in all",
            )
            .to_string(),
            IbanError::WrongLength {
                country,
                expected,
                found,
            } => trf!(lang,
                nl: "een IBAN uit {country} heeft {expected} tekens, gevonden: {found}",
                fr: "un IBAN de {country} compte {expected} caractères, trouvé: {found}",
                en: "an IBAN from {country} has {expected} characters; found {found}",
            ),
            IbanError::Checksum => tr!(lang,
                nl: "IBAN klopt niet: de controlecijfers passen niet bij het rekeningnummer",
                fr: "l'IBAN n'est pas correct: les chiffres de contrôle ne correspondent pas au numéro de compte",
                en: "the IBAN does not check out: its check digits do not match the account number",
            )
            .to_string(),
            IbanError::BelgianCheck => tr!(lang,
                nl: "Belgisch rekeningnummer klopt niet: de laatste 2 cijfers passen niet bij de eerste 10",
                fr: "le numéro de compte belge n'est pas correct: les 2 derniers chiffres ne correspondent pas aux 10 premiers",
                en: "the Belgian account number does not check out: its last 2 digits do not match the first 10",
            )
            .to_string(),
        }
    }

    /// One sentence on how to fix it.
    pub fn help(&self, lang: Lang) -> String {
        match self {
            IbanError::Empty => tr!(lang,
                nl: "Vul het IBAN in, bv. BE68 5390 0754 7034, of laat de kolom leeg.",
                fr: "Indiquez l'IBAN, p. ex. BE68 5390 0754 7034, ou laissez la colonne vide.",
                en: "Fill in the IBAN, e.g. BE68 5390 0754 7034, or leave the column empty.",
            ),
            IbanError::BadFormat | IbanError::WrongLength { .. } => tr!(lang,
                nl: "Schrijf het volledige IBAN, met landcode, bv. BE68 5390 0754 7034.",
                fr: "Écrivez l'IBAN complet, avec le code pays, p. ex. BE68 5390 0754 7034.",
                en: "Write the full IBAN, with country code, e.g. BE68 5390 0754 7034.",
            ),
            IbanError::Checksum | IbanError::BelgianCheck => tr!(lang,
                nl: "Neem het IBAN opnieuw over van een bankafschrift; er is wellicht een tikfout.",
                fr: "Recopiez l'IBAN depuis un extrait de compte; il y a probablement une faute de frappe.",
                en: "Copy the IBAN again from a bank statement; there is probably a typo.",
            ),
        }
        .to_string()
    }
}

impl fmt::Display for IbanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for IbanError {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a valid IBAN from a country code and BBAN by computing the check digits.
    fn make_iban(country: &str, bban: &str) -> String {
        let r = iban_mod97(&format!("{country}00{bban}")).unwrap_or(0);
        format!("{country}{:02}{bban}", 98 - r)
    }

    #[test]
    fn known_valid() {
        for s in [
            "BE68539007547034",
            "NL91ABNA0417164300",
            "DE89370400440532013000",
            "FR1420041010050500013M02606",
            "LU280019400644750000",
            "GB82WEST12345698765432",
            "NO9386011117947",
        ] {
            assert_eq!(parse_iban(s), Ok(s.to_string()), "{s}");
        }
    }

    #[test]
    fn normalisation() {
        for s in [
            "BE68 5390 0754 7034",
            "be68539007547034",
            "  BE68-5390-0754-7034 ",
            "IBAN BE68 5390 0754 7034",
            "iban: BE68539007547034",
            "BE68\u{a0}5390\u{a0}0754\u{a0}7034",
        ] {
            let expected = if s.contains(':') {
                Err(IbanError::BadFormat)
            } else {
                Ok("BE68539007547034".to_string())
            };
            assert_eq!(parse_iban(s), expected, "{s:?}");
        }
    }

    #[test]
    fn computed_vectors() {
        // Belgian: 10 digits + (mod 97, 0 → 97).
        for first10 in ["0000000097", "1234567890", "0630123456", "9999999999"] {
            let n: u64 = first10.parse().unwrap_or(0);
            let c = match n % 97 {
                0 => 97,
                r => r,
            };
            let iban = make_iban("BE", &format!("{first10}{c:02}"));
            assert_eq!(parse_iban(&iban), Ok(iban.clone()), "{iban}");
        }
        // An unknown country within 15..=34.
        let iban = make_iban("XK", "1212012345678906");
        assert_eq!(parse_iban(&iban), Ok(iban.clone()));
        let iban = make_iban("ZZ", &"1".repeat(30));
        assert_eq!(parse_iban(&iban).map(|s| s.len()), Ok(34));
    }

    #[test]
    fn checksum_errors() {
        assert_eq!(parse_iban("BE68539007547035"), Err(IbanError::Checksum));
        assert_eq!(parse_iban("BE69539007547034"), Err(IbanError::Checksum));
        assert_eq!(parse_iban("BE86539007547034"), Err(IbanError::Checksum));
        assert_eq!(parse_iban("NL91ABNA0417164301"), Err(IbanError::Checksum));
        assert_eq!(parse_iban("GB82WEST12345698765433"), Err(IbanError::Checksum));
    }

    #[test]
    fn belgian_national_check() {
        // Mod-97 correct, national check wrong (5390075470 mod 97 = 34, not 35).
        let iban = make_iban("BE", "539007547035");
        assert_eq!(parse_iban(&iban), Err(IbanError::BelgianCheck));
        // A remainder of 0 must be written 97, not 00.
        let iban = make_iban("BE", "000000009700");
        assert_eq!(parse_iban(&iban), Err(IbanError::BelgianCheck));
        let iban = make_iban("BE", "000000009797");
        assert!(parse_iban(&iban).is_ok());
        // Letters in a Belgian BBAN can pass mod 97 but not the national check.
        let iban = make_iban("BE", "53900754703A");
        assert_eq!(parse_iban(&iban), Err(IbanError::BelgianCheck));
    }

    #[test]
    fn length_errors() {
        assert_eq!(
            parse_iban("BE6853900754703"),
            Err(IbanError::WrongLength {
                country: "BE".into(),
                expected: 16,
                found: 15
            })
        );
        assert_eq!(
            parse_iban("NL91ABNA04171643000"),
            Err(IbanError::WrongLength {
                country: "NL".into(),
                expected: 18,
                found: 19
            })
        );
        assert!(matches!(
            parse_iban("FR14200410100505000"),
            Err(IbanError::WrongLength { expected: 27, .. })
        ));
        assert!(matches!(
            parse_iban("DE8937040044053201300"),
            Err(IbanError::WrongLength { expected: 22, .. })
        ));
        assert!(matches!(
            parse_iban("LU28001940064475000"),
            Err(IbanError::WrongLength { expected: 20, .. })
        ));
        // Unknown country outside 15..=34.
        assert_eq!(parse_iban("ZZ12345"), Err(IbanError::BadFormat));
        assert_eq!(
            parse_iban(&format!("ZZ12{}", "1".repeat(31))),
            Err(IbanError::BadFormat)
        );
    }

    #[test]
    fn garbage() {
        assert_eq!(parse_iban(""), Err(IbanError::Empty));
        assert_eq!(parse_iban("   "), Err(IbanError::Empty));
        assert_eq!(parse_iban("--"), Err(IbanError::Empty));
        for s in [
            "B",
            "BE",
            "BE6",
            "12BE539007547034",
            "BEXX539007547034",
            "BE68.5390.0754.7034",
            "BE68539007547034\u{0}",
            "BÉ68539007547034",
            "BE68５３９００７５４７０３４",
            "🙂",
            "IBAN",
        ] {
            assert_eq!(parse_iban(s), Err(IbanError::BadFormat), "{s:?}");
        }
        assert!(matches!(
            parse_iban(&format!("BE68{}", "1".repeat(100_000))),
            Err(IbanError::WrongLength { .. })
        ));
        assert_eq!(parse_iban(&"x".repeat(100_000)), Err(IbanError::BadFormat));
        // `ß` upper-cases to `SS`: must not panic.
        assert_eq!(parse_iban("ß"), Err(IbanError::BadFormat));
    }

    #[test]
    fn messages_and_help() {
        let errs = [
            IbanError::Empty,
            IbanError::BadFormat,
            IbanError::WrongLength {
                country: "BE".into(),
                expected: 16,
                found: 15,
            },
            IbanError::Checksum,
            IbanError::BelgianCheck,
        ];
        for e in errs {
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
            IbanError::WrongLength {
                country: "BE".into(),
                expected: 16,
                found: 15
            }
            .message(Lang::Fr),
            "un IBAN de BE compte 16 caractères, trouvé: 15"
        );
        assert_eq!(
            IbanError::WrongLength {
                country: "BE".into(),
                expected: 16,
                found: 15
            }
            .message(Lang::En),
            "an IBAN from BE has 16 characters; found 15"
        );
    }
}
