//! KBO-nummer / ondernemingsnummer (V101): the employer's enterprise number.
//!
//! Payroll exports write it in many shapes (`BE 0403.170.701`, `0403-170-701`,
//! `403170701`); the WSE upload wants the bare 10 digits, so parsing both checks
//! and normalises.

use std::fmt;
use std::str::FromStr;

use crate::lang::{tr, trf, Lang};

/// A valid enterprise number: always exactly 10 ASCII digits, first digit 0 or 1,
/// mod-97 check passed.
/// Kept inline (no allocation: every row has one).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Kbo([u8; 10]);

/// Why a text is not an enterprise number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KboError {
    /// Nothing (or only whitespace) was given.
    Empty,
    /// Something other than digits remains after removing `BE` and separators.
    NotDigits,
    /// The number of digits found (neither 9 nor 10).
    WrongLength(usize),
    /// The first of the 10 digits is not 0 or 1.
    FirstDigit(char),
    /// The last two digits do not match `97 - (first 8 digits mod 97)`.
    Checksum,
}

/// Separators people put inside enterprise numbers; removing them loses nothing.
/// Unicode dashes are included because word processors turn `-` into `–`.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | '/' | '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
        )
}

/// The two check digits for the first 8 digits of an enterprise number.
/// `None` when `first8` holds anything but ASCII digits.
fn check_digits(first8: &str) -> Option<u64> {
    let mut n: u64 = 0;
    for c in first8.chars() {
        // `to_digit(10)` accepts only ASCII 0-9.
        let d = c.to_digit(10)?;
        n = (n * 10 + u64::from(d)) % 97;
    }
    Some(97 - n)
}

impl Kbo {
    /// Parses and normalises an enterprise number to its 10-digit form.
    pub fn parse(s: &str) -> Result<Kbo, KboError> {
        let trimmed = s.trim();
        if trimmed.is_empty() {
            return Err(KboError::Empty);
        }
        // Strip a VAT-style country prefix (`BE`, `be`, `Be`, ...).
        let rest = match (trimmed.get(..2), trimmed.get(2..)) {
            (Some(prefix), Some(rest)) if prefix.eq_ignore_ascii_case("BE") => rest,
            _ => trimmed,
        };
        // Mostly plain digits already: used as they are, not collected char by char.
        let digits: std::borrow::Cow<'_, str> = if rest.bytes().all(|b| b.is_ascii_digit()) {
            rest.into()
        } else {
            rest.chars().filter(|&c| !is_separator(c)).collect::<String>().into()
        };
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(KboError::NotDigits);
        }
        let mut ten = [b'0'; 10];
        match digits.len() {
            9 => ten[1..].copy_from_slice(digits.as_bytes()),
            10 => ten.copy_from_slice(digits.as_bytes()),
            n => return Err(KboError::WrongLength(n)),
        }
        let digits = Kbo(ten);
        let digits = digits.as_str();
        let first = digits.chars().next().unwrap_or('?');
        if first != '0' && first != '1' {
            return Err(KboError::FirstDigit(first));
        }
        let expected = digits.get(..8).and_then(check_digits);
        let actual = digits.get(8..).and_then(|t| t.parse::<u64>().ok());
        match (expected, actual) {
            (Some(e), Some(a)) if e == a => Ok(Kbo(ten)),
            _ => Err(KboError::Checksum),
        }
    }

    /// The 10 digits.
    pub fn as_str(&self) -> &str {
        // ASCII digits only (see `parse`), so always UTF-8.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Debug for Kbo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Kbo").field(&self.as_str()).finish()
    }
}

impl fmt::Display for Kbo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kbo {
    type Err = KboError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kbo::parse(s)
    }
}

impl AsRef<str> for Kbo {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl KboError {
    /// Short sentence for the user: what is wrong and what is expected.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            KboError::Empty => tr!(lang,
                nl: "KBO-nummer ontbreekt",
                fr: "le numéro d'entreprise (BCE/KBO) manque",
                en: "the enterprise number is missing",
            )
            .to_string(),
            KboError::NotDigits => tr!(lang,
                nl: "KBO-nummer mag alleen cijfers bevatten (na weglaten van BE, spaties, punten en streepjes)",
                fr: "le numéro d'entreprise (BCE/KBO) ne peut contenir que des chiffres (après suppression de BE, des espaces, points et tirets)",
                en: "an enterprise number may only hold digits (after removing BE, spaces, dots and dashes)",
            )
            .to_string(),
            KboError::WrongLength(n) => trf!(lang,
                nl: "KBO-nummer moet 10 cijfers hebben (9 cijfers krijgen een voorloopnul), gevonden: {n}",
                fr: "le numéro d'entreprise (BCE/KBO) doit compter 10 chiffres (9 chiffres reçoivent un 0 initial), trouvé: {n}",
                en: "an enterprise number has 10 digits (9 digits get a leading 0); found {n}",
            ),
            KboError::FirstDigit(c) => trf!(lang,
                nl: "KBO-nummer moet met 0 of 1 beginnen, gevonden: {c}",
                fr: "le numéro d'entreprise (BCE/KBO) doit commencer par 0 ou 1, trouvé: {c}",
                en: "an enterprise number starts with 0 or 1; found {c}",
            ),
            KboError::Checksum => tr!(lang,
                nl: "KBO-nummer klopt niet: de laatste 2 cijfers (controlegetal) passen niet bij de eerste 8",
                fr: "le numéro d'entreprise (BCE/KBO) n'est pas correct: les 2 derniers chiffres (nombre de contrôle) ne correspondent pas aux 8 premiers",
                en: "the enterprise number does not check out: its last 2 digits (check digits) do not match the first 8",
            )
            .to_string(),
        }
    }

    /// One sentence on how to fix it.
    pub fn help(&self, lang: Lang) -> String {
        match self {
            KboError::Empty => tr!(lang,
                nl: "Vul het ondernemingsnummer van de werkgever in, bv. 0403.170.701.",
                fr: "Indiquez le numéro d'entreprise de l'employeur, p. ex. 0403.170.701.",
                en: "Fill in the employer's enterprise number, e.g. 0403.170.701.",
            ),
            KboError::NotDigits | KboError::WrongLength(_) => tr!(lang,
                nl: "Schrijf het ondernemingsnummer als 10 cijfers, bv. 0403170701 of BE 0403.170.701.",
                fr: "Écrivez le numéro d'entreprise en 10 chiffres, p. ex. 0403170701 ou BE 0403.170.701.",
                en: "Write the enterprise number as 10 digits, e.g. 0403170701 or BE 0403.170.701.",
            ),
            KboError::FirstDigit(_) | KboError::Checksum => tr!(lang,
                nl: "Kopieer het ondernemingsnummer opnieuw uit de KBO (kbopub.economie.fgov.be); er is wellicht een tikfout.",
                fr: "Recopiez le numéro d'entreprise depuis la BCE (kbopub.economie.fgov.be); il y a probablement une faute de frappe.",
                en: "Copy the enterprise number again from the KBO (kbopub.economie.fgov.be); there is probably a typo.",
            ),
        }
        .to_string()
    }
}

impl fmt::Display for KboError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for KboError {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a valid 10-digit number from its first 8 digits.
    fn with_check(first8: &str) -> String {
        let n: u64 = first8.parse().unwrap_or(0);
        format!("{first8}{:02}", 97 - n % 97)
    }

    #[test]
    fn known_valid_number() {
        // 04031707 mod 97 = 96, 97 - 96 = 01.
        assert_eq!(with_check("04031707"), "0403170701");
        let k = Kbo::parse("0403170701");
        assert_eq!(k.as_ref().map(Kbo::as_str), Ok("0403170701"));
    }

    #[test]
    fn normalises_prefix_and_separators() {
        for s in [
            "BE 0403.170.701",
            "BE0403170701",
            "be0403170701",
            "Be 0403-170-701",
            "  0403 170 701  ",
            "0403/170/701",
            "0403.170.701",
            "BE 0403\u{2013}170\u{2013}701",
            "0403\u{a0}170\u{a0}701",
            "bE403170701",
        ] {
            assert_eq!(
                Kbo::parse(s).map(|k| k.to_string()),
                Ok("0403170701".to_string()),
                "input {s:?}"
            );
        }
    }

    #[test]
    fn nine_digits_get_leading_zero() {
        assert_eq!(
            Kbo::parse("403170701").map(|k| k.to_string()),
            Ok("0403170701".to_string())
        );
        assert_eq!(
            Kbo::parse("403.170.701").map(|k| k.to_string()),
            Ok("0403170701".to_string())
        );
    }

    #[test]
    fn computed_numbers_with_first_digit_one() {
        for first8 in ["10000000", "12345678", "19999999", "00000001", "08765432"] {
            let full = with_check(first8);
            assert_eq!(full.len(), 10);
            assert_eq!(Kbo::parse(&full).map(|k| k.to_string()), Ok(full.clone()));
        }
    }

    #[test]
    fn check_digits_97_when_divisible() {
        // 97 * 10000 = 970000 -> first8 "00970000" mod 97 == 0 -> check 97.
        let full = with_check("00970000");
        assert!(full.ends_with("97"));
        assert!(Kbo::parse(&full).is_ok());
    }

    #[test]
    fn checksum_errors() {
        assert_eq!(Kbo::parse("0403170702"), Err(KboError::Checksum));
        assert_eq!(Kbo::parse("0403170700"), Err(KboError::Checksum));
        assert_eq!(Kbo::parse("0403170710"), Err(KboError::Checksum));
        assert_eq!(Kbo::parse("0000000000"), Err(KboError::Checksum));
    }

    #[test]
    fn first_digit_errors() {
        let full = with_check("24031707");
        assert_eq!(Kbo::parse(&full), Err(KboError::FirstDigit('2')));
        assert_eq!(Kbo::parse("9999999999"), Err(KboError::FirstDigit('9')));
    }

    #[test]
    fn length_errors() {
        assert_eq!(Kbo::parse("40317070"), Err(KboError::WrongLength(8)));
        assert_eq!(Kbo::parse("04031707011"), Err(KboError::WrongLength(11)));
        assert_eq!(Kbo::parse("1"), Err(KboError::WrongLength(1)));
        assert_eq!(Kbo::parse("BE"), Err(KboError::WrongLength(0)));
        assert_eq!(Kbo::parse("..."), Err(KboError::WrongLength(0)));
        let long = "1".repeat(10_000);
        assert_eq!(Kbo::parse(&long), Err(KboError::WrongLength(10_000)));
    }

    #[test]
    fn empty_and_garbage() {
        assert_eq!(Kbo::parse(""), Err(KboError::Empty));
        assert_eq!(Kbo::parse("   "), Err(KboError::Empty));
        assert_eq!(Kbo::parse("\t\n"), Err(KboError::Empty));
        assert_eq!(Kbo::parse("abc"), Err(KboError::NotDigits));
        assert_eq!(Kbo::parse("NL0403170701"), Err(KboError::NotDigits));
        assert_eq!(Kbo::parse("0403170701B01"), Err(KboError::NotDigits));
        assert_eq!(Kbo::parse("0403\u{0}170701"), Err(KboError::NotDigits));
        // Arabic-Indic digits are digits, but not the ones we accept.
        assert_eq!(Kbo::parse("٠٤٠٣١٧٠٧٠١"), Err(KboError::NotDigits));
        assert_eq!(Kbo::parse("é"), Err(KboError::NotDigits));
        assert_eq!(Kbo::parse("🙂🙂"), Err(KboError::NotDigits));
        assert_eq!(Kbo::parse("B"), Err(KboError::NotDigits));
        assert_eq!(Kbo::parse(&"x".repeat(100_000)), Err(KboError::NotDigits));
        // A multi-byte char at the prefix position must not panic.
        assert_eq!(Kbo::parse("é0403170701"), Err(KboError::NotDigits));
        assert_eq!(Kbo::parse("Bé"), Err(KboError::NotDigits));
    }

    #[test]
    fn from_str_and_ordering() {
        let a: Result<Kbo, _> = "0403170701".parse();
        assert!(a.is_ok());
        let b = Kbo::parse(&with_check("10000000"));
        assert!(matches!((a, b), (Ok(a), Ok(b)) if a < b));
    }

    #[test]
    fn messages_and_help() {
        let errs = [
            KboError::Empty,
            KboError::NotDigits,
            KboError::WrongLength(8),
            KboError::FirstDigit('2'),
            KboError::Checksum,
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
            KboError::FirstDigit('2').message(Lang::Fr),
            "le numéro d'entreprise (BCE/KBO) doit commencer par 0 ou 1, trouvé: 2"
        );
        assert_eq!(
            KboError::WrongLength(8).message(Lang::Nl),
            "KBO-nummer moet 10 cijfers hebben (9 cijfers krijgen een voorloopnul), gevonden: 8"
        );
        assert_eq!(
            KboError::WrongLength(8).message(Lang::En),
            "an enterprise number has 10 digits (9 digits get a leading 0); found 8"
        );
        let boxed: Box<dyn std::error::Error> = Box::new(KboError::Checksum);
        assert!(!boxed.to_string().is_empty());
    }
}
