//! INSZ / rijksregisternummer (V102): the employee's national number or BIS number.
//!
//! The number is personal data: [`Insz`] has no `Display` and its `Debug` is masked,
//! so it cannot slip into logs or messages by accident. Use [`Insz::as_str`] where
//! the full number is really needed (the upload file) and [`Insz::masked`] or
//! [`mask_raw`] everywhere a human reads it.

use std::fmt;
use std::str::FromStr;

use crate::lang::{tr, trf, Lang};

/// A valid national (or BIS) number: always exactly 11 ASCII digits.
/// Kept inline (no allocation: every row has one).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Insz([u8; 11]);

/// Why a text is not a national number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InszError {
    /// Nothing (or only whitespace) was given.
    Empty,
    /// Something other than digits remains after removing separators.
    NotDigits,
    /// The number of digits found (not 11).
    WrongLength(usize),
    /// The month part (digits 3-4) is not 00-12, 20-32 or 40-52.
    Month(u8),
    /// The last two digits match neither the pre-2000 nor the 2000+ check.
    Checksum,
}

/// Separators people put inside national numbers (`85.07.30-033.28`, `850730 033 28`).
/// The same separators as the masking step finds ([`super::mask`]): whitespace,
/// dots, slashes, dashes, the Unicode dashes U+2010 to U+2015 and the minus U+2212.
fn is_separator(c: char) -> bool {
    is_number_separator(c)
}

/// Characters that may stand between the digit groups of a written INSZ or
/// IBAN: the separators the INSZ parser accepts.
pub(crate) fn is_number_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '.' | '/' | '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

/// Masked form shown to humans: the birth date part and a fixed tail.
const MASK_TAIL: &str = "-xxx-xx";

/// `n mod 97` for a string of ASCII digits, computed digit by digit; `prefix`
/// is a number placed in front (2 for people born in 2000 or later).
fn mod97(prefix: u64, digits: &str) -> Option<u64> {
    let mut r = prefix % 97;
    for c in digits.chars() {
        r = (r * 10 + u64::from(c.to_digit(10)?)) % 97;
    }
    Some(r)
}

impl Insz {
    /// Parses and normalises a national number to its 11-digit form.
    pub fn parse(s: &str) -> Result<Insz, InszError> {
        let trimmed = s.trim();
        if trimmed.is_empty() {
            return Err(InszError::Empty);
        }
        // Mostly plain digits already: used as they are, not collected char by char.
        let digits: std::borrow::Cow<'_, str> = if trimmed.bytes().all(|b| b.is_ascii_digit()) {
            trimmed.into()
        } else {
            trimmed.chars().filter(|&c| !is_separator(c)).collect::<String>().into()
        };
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(InszError::NotDigits);
        }
        if digits.len() != 11 {
            return Err(InszError::WrongLength(digits.len()));
        }
        let month = digits
            .get(2..4)
            .and_then(|m| m.parse::<u8>().ok())
            .ok_or(InszError::NotDigits)?;
        if !matches!(month, 0..=12 | 20..=32 | 40..=52) {
            return Err(InszError::Month(month));
        }
        let first9 = digits.get(..9).ok_or(InszError::WrongLength(digits.len()))?;
        let check = digits
            .get(9..)
            .and_then(|c| c.parse::<u64>().ok())
            .ok_or(InszError::NotDigits)?;
        // Born before 2000: the 9 digits as they are; born 2000 or later: a 2 in front.
        let before_2000 = mod97(0, first9).map(|r| 97 - r);
        let from_2000 = mod97(2, first9).map(|r| 97 - r);
        if before_2000 == Some(check) || from_2000 == Some(check) {
            let mut eleven = [b'0'; 11];
            eleven.copy_from_slice(digits.as_bytes());
            Ok(Insz(eleven))
        } else {
            Err(InszError::Checksum)
        }
    }

    /// The 11 digits. Personal data: only for output that needs the full number.
    pub fn as_str(&self) -> &str {
        // ASCII digits only (see `parse`), so always UTF-8.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The first 6 digits followed by `-xxx-xx`, e.g. `850730-xxx-xx`.
    pub fn masked(&self) -> String {
        mask_raw(self.as_str())
    }
}

impl fmt::Debug for Insz {
    /// Masked, so that `{:?}` in a log line does not leak the number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Insz").field(&self.masked()).finish()
    }
}

impl FromStr for Insz {
    type Err = InszError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Insz::parse(s)
    }
}

/// Masks any raw text that was meant to be a national number, valid or not, so
/// that it can be shown in a message: the first 6 digits found, then `-xxx-xx`;
/// `xxx` when fewer than 6 digits are present; empty for empty (or blank) input.
/// Nothing but those first digits (at most a birth date) is ever revealed.
pub fn mask_raw(s: &str) -> String {
    if s.trim().is_empty() {
        return String::new();
    }
    // Ten digits that make a valid INSZ with a 0 in front lost that zero in a
    // spreadsheet: masked from the completed number (`050707-xxx-xx`).
    let digits: String = s.chars().filter(char::is_ascii_digit).take(12).collect();
    if digits.len() == 10 {
        let completed = format!("0{digits}");
        if Insz::parse(&completed).is_ok() {
            return format!("{}{MASK_TAIL}", &completed[..6]);
        }
    }
    let head: String = digits.chars().take(6).collect();
    if head.len() < 6 {
        "xxx".to_string()
    } else {
        format!("{head}{MASK_TAIL}")
    }
}

impl InszError {
    /// Short sentence for the user: what is wrong and what is expected.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            InszError::Empty => tr!(lang,
                nl: "INSZ-nummer (rijksregisternummer) ontbreekt",
                fr: "le numéro NISS/INSZ (numéro de registre national) manque",
                en: "the national number (INSZ) is missing",
            )
            .to_string(),
            InszError::NotDigits => tr!(lang,
                nl: "INSZ-nummer mag alleen cijfers bevatten (na weglaten van spaties, punten en streepjes)",
                fr: "le numéro NISS/INSZ ne peut contenir que des chiffres (après suppression des espaces, points et tirets)",
                en: "a national number may only hold digits (after removing spaces, dots and dashes)",
            )
            .to_string(),
            InszError::WrongLength(n) => trf!(lang,
                nl: "INSZ-nummer moet 11 cijfers hebben, gevonden: {n}",
                fr: "le numéro NISS/INSZ doit compter 11 chiffres, trouvé: {n}",
                en: "a national number has 11 digits; found {n}",
            ),
            InszError::Month(m) => trf!(lang,
                nl: "INSZ-nummer: de maand (cijfers 3-4) moet 00-12 zijn, of 20-32 of 40-52 voor een BIS-nummer, gevonden: {m:02}",
                fr: "numéro NISS/INSZ: le mois (chiffres 3-4) doit être 00-12, ou 20-32 ou 40-52 pour un numéro BIS, trouvé: {m:02}",
                en: "national number: the month (digits 3-4) must be 00-12, or 20-32 or 40-52 for a BIS number; found {m:02}",
            ),
            InszError::Checksum => tr!(lang,
                nl: "INSZ-nummer klopt niet: de laatste 2 cijfers (controlegetal) passen niet bij de eerste 9",
                fr: "le numéro NISS/INSZ n'est pas correct: les 2 derniers chiffres (nombre de contrôle) ne correspondent pas aux 9 premiers",
                en: "the national number does not check out: its last 2 digits (check digits) do not match the first 9",
            )
            .to_string(),
        }
    }

    /// One sentence on how to fix it.
    pub fn help(&self, lang: Lang) -> String {
        match self {
            InszError::Empty => tr!(lang,
                nl: "Vul het rijksregisternummer (of BIS-nummer) van de werknemer in, zoals op de identiteitskaart.",
                fr: "Indiquez le numéro de registre national (ou numéro BIS) du travailleur, comme sur la carte d'identité.",
                en: "Fill in the employee's national number (or BIS number), as on the identity card.",
            ),
            InszError::NotDigits | InszError::WrongLength(_) => tr!(lang,
                nl: "Schrijf het rijksregisternummer als 11 cijfers, bv. jj.mm.dd-xxx.cc.",
                fr: "Écrivez le numéro de registre national en 11 chiffres, p. ex. aa.mm.jj-xxx.cc.",
                en: "Write the national number as 11 digits, e.g. yy.mm.dd-xxx.cc.",
            ),
            InszError::Month(_) | InszError::Checksum => tr!(lang,
                nl: "Neem het rijksregisternummer opnieuw over van de identiteitskaart of uit de loonadministratie; er is wellicht een tikfout.",
                fr: "Recopiez le numéro de registre national depuis la carte d'identité ou l'administration salariale; il y a probablement une faute de frappe.",
                en: "Copy the national number again from the identity card or the payroll records; there is probably a typo.",
            ),
        }
        .to_string()
    }
}

impl fmt::Display for InszError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for InszError {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Valid 11 digits for someone born before 2000.
    fn pre2000(first9: &str) -> String {
        let n: u64 = first9.parse().unwrap_or(0);
        format!("{first9}{:02}", 97 - n % 97)
    }

    /// Valid 11 digits for someone born in 2000 or later.
    fn post2000(first9: &str) -> String {
        let n: u64 = first9.parse().unwrap_or(0);
        format!("{first9}{:02}", 97 - (2_000_000_000 + n) % 97)
    }

    fn ok(s: &str) -> Option<String> {
        Insz::parse(s).ok().map(|i| i.as_str().to_string())
    }

    #[test]
    fn valid_before_2000() {
        let n = pre2000("850730033");
        assert_eq!(ok(&n), Some(n.clone()));
        let n = pre2000("991231999");
        assert_eq!(ok(&n), Some(n.clone()));
        let n = pre2000("000101001");
        assert_eq!(ok(&n), Some(n.clone()));
    }

    #[test]
    fn valid_from_2000() {
        let n = post2000("050312123");
        assert_eq!(ok(&n), Some(n.clone()));
        let n = post2000("000101001");
        assert_eq!(ok(&n), Some(n.clone()));
        // The two checks differ, so a post-2000 number fails the pre-2000 formula.
        assert_ne!(post2000("050312123"), pre2000("050312123"));
    }

    #[test]
    fn bis_numbers() {
        for first9 in ["852130033", "854130033", "852030033", "853230033", "855230033"] {
            let n = pre2000(first9);
            assert_eq!(ok(&n), Some(n.clone()), "{first9}");
            let n = post2000(first9);
            assert_eq!(ok(&n), Some(n.clone()), "{first9}");
        }
    }

    #[test]
    fn month_boundaries() {
        for (first9, month) in [
            ("851330033", 13),
            ("851930033", 19),
            ("853330033", 33),
            ("853930033", 39),
            ("855330033", 53),
            ("859930033", 99),
        ] {
            assert_eq!(Insz::parse(&pre2000(first9)), Err(InszError::Month(month)), "{first9}");
        }
        for first9 in ["850030033", "851230033", "852030033", "854030033"] {
            assert!(Insz::parse(&pre2000(first9)).is_ok(), "{first9}");
        }
    }

    #[test]
    fn separators_removed() {
        let n = pre2000("850730033");
        let dotted = format!("{}.{}.{}-{}.{}", &n[0..2], &n[2..4], &n[4..6], &n[6..9], &n[9..11]);
        assert_eq!(ok(&dotted), Some(n.clone()));
        let spaced = format!(" {} {} {} ", &n[0..6], &n[6..9], &n[9..11]);
        assert_eq!(ok(&spaced), Some(n.clone()));
        let slashed = format!("{}/{}", &n[0..6], &n[6..11]);
        assert_eq!(ok(&slashed), Some(n.clone()));
    }

    #[test]
    fn checksum_error() {
        let n = pre2000("850730033");
        let last: u32 = n[9..].parse().unwrap_or(0);
        let bad = format!("{}{:02}", &n[..9], (last + 1) % 100);
        // Make sure the altered check does not happen to be the 2000+ check.
        if bad != post2000("850730033") {
            assert_eq!(Insz::parse(&bad), Err(InszError::Checksum));
        }
        assert_eq!(Insz::parse("00000000000"), Err(InszError::Checksum));
    }

    #[test]
    fn errors_on_garbage() {
        assert_eq!(Insz::parse(""), Err(InszError::Empty));
        assert_eq!(Insz::parse("   "), Err(InszError::Empty));
        assert_eq!(Insz::parse("abc"), Err(InszError::NotDigits));
        assert_eq!(Insz::parse("8507300\u{0}3328"), Err(InszError::NotDigits));
        assert_eq!(Insz::parse("85073003328é"), Err(InszError::NotDigits));
        assert_eq!(Insz::parse("١٢٣٤٥٦٧٨٩٠١"), Err(InszError::NotDigits));
        assert_eq!(Insz::parse("8507300332"), Err(InszError::WrongLength(10)));
        assert_eq!(Insz::parse("850730033281"), Err(InszError::WrongLength(12)));
        assert_eq!(Insz::parse("..--"), Err(InszError::WrongLength(0)));
        let long = "8".repeat(50_000);
        assert_eq!(Insz::parse(&long), Err(InszError::WrongLength(50_000)));
        assert_eq!(Insz::parse(&"🙂".repeat(1000)), Err(InszError::NotDigits));
    }

    #[test]
    fn masking() {
        let n = pre2000("850730033");
        let insz = Insz::parse(&n);
        assert_eq!(insz.as_ref().map(Insz::masked), Ok("850730-xxx-xx".to_string()));
        let debug = format!("{:?}", insz);
        assert!(debug.contains("850730-xxx-xx"));
        assert!(!debug.contains(&n));
    }

    #[test]
    fn mask_raw_cases() {
        assert_eq!(mask_raw(""), "");
        assert_eq!(mask_raw("   "), "");
        assert_eq!(mask_raw("12345"), "xxx");
        assert_eq!(mask_raw("abc"), "xxx");
        assert_eq!(mask_raw("123456"), "123456-xxx-xx");
        assert_eq!(mask_raw("85.07.30-033.28"), "850730-xxx-xx");
        assert_eq!(mask_raw("8507300332899999"), "850730-xxx-xx");
        assert_eq!(mask_raw("x8y5z0730"), "850730-xxx-xx");
        assert_eq!(mask_raw("\u{0}12\u{0}3456"), "123456-xxx-xx");
        assert_eq!(mask_raw("١٢٣٤٥٦٧٨٩٠١"), "xxx");
        assert_eq!(mask_raw(&"9".repeat(100_000)), "999999-xxx-xx");
    }

    #[test]
    fn messages_and_help() {
        let errs = [
            InszError::Empty,
            InszError::NotDigits,
            InszError::WrongLength(10),
            InszError::Month(13),
            InszError::Checksum,
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
            InszError::WrongLength(10).message(Lang::Fr),
            "le numéro NISS/INSZ doit compter 11 chiffres, trouvé: 10"
        );
        assert!(InszError::Month(5).message(Lang::Fr).contains("trouvé: 05"));
        assert!(InszError::Month(5).message(Lang::En).contains("05"));
        assert!(InszError::WrongLength(10).message(Lang::Nl).contains("gevonden: 10"));
    }
}
