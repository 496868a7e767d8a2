//! ODB-nummer (V103): the training's registration number in the opleidingsdatabank.
//!
//! Two number shapes exist: `ODB-` and 7 digits (`ODB-1001623`) or `ODB-`, a letter
//! and 5 digits (`ODB-Z00291`); either may carry a 3-digit module suffix
//! (`ODB-Z00291-001`). Spreadsheets hold them in any case and spacing, so parsing
//! normalises before checking.

use std::fmt;
use std::str::FromStr;

use crate::lang::{tr, Lang};

/// Career-oriented training from a personal development plan (R211).
pub const SPECIAL_POP: &str = "ODB-P00001";
/// Credit contract in higher education (R212).
pub const SPECIAL_CREDIT: &str = "ODB-P00004";
/// Examencommissie secundair onderwijs (R213).
pub const SPECIAL_EXAM_COMMISSION: &str = "ODB-1001623";

/// A valid, normalised ODB number such as `ODB-Z00291-001`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Odb {
    /// The whole normalised number, module suffix included.
    full: String,
    /// Length in bytes of the base part (`ODB-1001623` or `ODB-Z00291`); all ASCII.
    base_len: usize,
}

/// Why a text is not an ODB number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OdbError {
    /// Nothing (or only whitespace) was given.
    Empty,
    /// The text does not start with `ODB`.
    MissingPrefix,
    /// After `ODB-` there is neither 7 digits nor a letter and 5 digits.
    BadNumber,
    /// The part after the second hyphen is not 3 digits.
    BadModule,
}

/// Hyphen look-alikes that word processors and PDFs substitute for `-`.
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
    )
}

/// `1001623` or `Z00291`.
fn is_valid_number(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() => s.len() == 7 && s.chars().all(|c| c.is_ascii_digit()),
        Some(c) if c.is_ascii_uppercase() => s.len() == 6 && chars.all(|c| c.is_ascii_digit()),
        _ => false,
    }
}

impl Odb {
    /// Parses and normalises an ODB number.
    pub fn parse(s: &str) -> Result<Odb, OdbError> {
        let mut compact = String::with_capacity(s.len());
        for c in s.chars().filter(|c| !c.is_whitespace()) {
            if is_dash(c) {
                compact.push('-');
            } else {
                compact.extend(c.to_uppercase());
            }
        }
        if compact.is_empty() {
            return Err(OdbError::Empty);
        }
        let after_prefix = compact.strip_prefix("ODB").ok_or(OdbError::MissingPrefix)?;
        let rest = after_prefix.strip_prefix('-').unwrap_or(after_prefix);
        let (number, module) = match rest.split_once('-') {
            Some((number, module)) => (number, Some(module)),
            None => (rest, None),
        };
        if !is_valid_number(number) {
            return Err(OdbError::BadNumber);
        }
        let mut full = String::with_capacity(8 + number.len());
        full.push_str("ODB-");
        full.push_str(number);
        let base_len = full.len();
        if let Some(module) = module {
            if module.len() != 3 || !module.chars().all(|c| c.is_ascii_digit()) {
                return Err(OdbError::BadModule);
            }
            full.push('-');
            full.push_str(module);
        }
        Ok(Odb { full, base_len })
    }

    /// Suggests the number with the `ODB-` prefix added, for input that lacks it
    /// (`1001623` → `ODB-1001623`); `None` when adding the prefix does not help.
    pub fn suggest_prefixed(s: &str) -> Option<Odb> {
        match Odb::parse(s) {
            Err(OdbError::MissingPrefix) => Odb::parse(&format!("ODB-{}", s.trim())).ok(),
            _ => None,
        }
    }

    /// The normalised number, module suffix included.
    pub fn as_str(&self) -> &str {
        &self.full
    }

    /// The number without its module suffix, e.g. `ODB-Z00291`.
    pub fn base(&self) -> &str {
        self.full.get(..self.base_len).unwrap_or(&self.full)
    }

    /// The 3-digit module suffix, if any (`001` for `ODB-Z00291-001`).
    pub fn module(&self) -> Option<&str> {
        self.full.get(self.base_len..)?.strip_prefix('-')
    }

    /// True for the numbers with rules of their own (R211-R213), module or not.
    pub fn is_special(&self) -> bool {
        matches!(self.base(), SPECIAL_POP | SPECIAL_CREDIT | SPECIAL_EXAM_COMMISSION)
    }
}

impl fmt::Display for Odb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.full)
    }
}

impl FromStr for Odb {
    type Err = OdbError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Odb::parse(s)
    }
}

impl AsRef<str> for Odb {
    fn as_ref(&self) -> &str {
        &self.full
    }
}

impl OdbError {
    /// Short sentence for the user: what is wrong and what is expected.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            OdbError::Empty => tr!(lang,
                nl: "ODB-nummer ontbreekt",
                fr: "le numéro ODB manque",
                en: "the ODB number is missing",
            ),
            OdbError::MissingPrefix => tr!(lang,
                nl: "ODB-nummer moet met ODB- beginnen",
                fr: "le numéro ODB doit commencer par ODB-",
                en: "an ODB number starts with ODB-",
            ),
            OdbError::BadNumber => tr!(lang,
                nl: "ODB-nummer moet na ODB- 7 cijfers of een letter en 5 cijfers hebben",
                fr: "le numéro ODB doit compter, après ODB-, 7 chiffres ou une lettre et 5 chiffres",
                en: "an ODB number has 7 digits, or a letter and 5 digits, after ODB-",
            ),
            OdbError::BadModule => tr!(lang,
                nl: "de modulecode na het ODB-nummer moet 3 cijfers zijn",
                fr: "le code de module après le numéro ODB doit compter 3 chiffres",
                en: "the module suffix after the ODB number must be 3 digits",
            ),
        }
        .to_string()
    }

    /// One sentence on how to fix it.
    pub fn help(&self, lang: Lang) -> String {
        match self {
            OdbError::Empty => tr!(lang,
                nl: "Vul het ODB-nummer van het inschrijvingsattest of uit de opleidingsdatabank in, bv. ODB-Z00291.",
                fr: "Indiquez le numéro ODB de l'attestation d'inscription ou de la banque de données des formations, p. ex. ODB-Z00291.",
                en: "Fill in the ODB number from the enrolment certificate or the training database, e.g. ODB-Z00291.",
            ),
            OdbError::MissingPrefix => tr!(lang,
                nl: "Zet ODB- voor het nummer, bv. ODB-1001623 in plaats van 1001623.",
                fr: "Mettez ODB- devant le numéro, p. ex. ODB-1001623 au lieu de 1001623.",
                en: "Put ODB- in front of the number, e.g. ODB-1001623 instead of 1001623.",
            ),
            OdbError::BadNumber => tr!(lang,
                nl: "Neem het nummer exact over uit de opleidingsdatabank, bv. ODB-1001623 of ODB-Z00291.",
                fr: "Recopiez le numéro exactement depuis la banque de données des formations, p. ex. ODB-1001623 ou ODB-Z00291.",
                en: "Copy the number exactly from the training database, e.g. ODB-1001623 or ODB-Z00291.",
            ),
            OdbError::BadModule => tr!(lang,
                nl: "Schrijf de module als 3 cijfers na een streepje, bv. ODB-Z00291-001, of laat ze weg.",
                fr: "Écrivez le module en 3 chiffres après un tiret, p. ex. ODB-Z00291-001, ou omettez-le.",
                en: "Write the module as 3 digits after a hyphen, e.g. ODB-Z00291-001, or leave it out.",
            ),
        }
        .to_string()
    }
}

impl fmt::Display for OdbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for OdbError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> Result<String, OdbError> {
        Odb::parse(s).map(|o| o.to_string())
    }

    #[test]
    fn valid_forms() {
        for s in [
            "ODB-1001623",
            "ODB-0002141",
            "ODB-Z00291",
            "ODB-Z00291-001",
            "ODB-P00001",
            "ODB-A99999-999",
            "ODB-1234567-000",
        ] {
            assert_eq!(norm(s), Ok(s.to_string()), "{s}");
        }
    }

    #[test]
    fn normalisation() {
        assert_eq!(norm("odb z00291"), Ok("ODB-Z00291".into()));
        assert_eq!(norm("ODBZ00291-001"), Ok("ODB-Z00291-001".into()));
        assert_eq!(norm("  odb-1001623  "), Ok("ODB-1001623".into()));
        assert_eq!(norm("ODB - Z 00291 - 001"), Ok("ODB-Z00291-001".into()));
        assert_eq!(norm("Odb1001623"), Ok("ODB-1001623".into()));
        assert_eq!(norm("ODB\u{2013}Z00291"), Ok("ODB-Z00291".into()));
        assert_eq!(norm("ODB-z00291\t"), Ok("ODB-Z00291".into()));
        assert_eq!(norm("ODB\u{a0}Z00291"), Ok("ODB-Z00291".into()));
    }

    #[test]
    fn invalid_forms() {
        assert_eq!(norm("ODB-123"), Err(OdbError::BadNumber));
        assert_eq!(norm("ODB-Z0029"), Err(OdbError::BadNumber));
        assert_eq!(norm("ODB-Z002911"), Err(OdbError::BadNumber));
        assert_eq!(norm("ODB-10016231"), Err(OdbError::BadNumber));
        assert_eq!(norm("ODB-ZZ0291"), Err(OdbError::BadNumber));
        assert_eq!(norm("ODB-"), Err(OdbError::BadNumber));
        assert_eq!(norm("ODB"), Err(OdbError::BadNumber));
        assert_eq!(norm("ODB--1001623"), Err(OdbError::BadNumber));
        assert_eq!(norm("ODB-1001623-01"), Err(OdbError::BadModule));
        assert_eq!(norm("ODB-1001623-0001"), Err(OdbError::BadModule));
        assert_eq!(norm("ODB-1001623-"), Err(OdbError::BadModule));
        assert_eq!(norm("ODB-1001623-00A"), Err(OdbError::BadModule));
        assert_eq!(norm("ODB-1001623-001-002"), Err(OdbError::BadModule));
        assert_eq!(norm("1001623"), Err(OdbError::MissingPrefix));
        assert_eq!(norm("Z00291"), Err(OdbError::MissingPrefix));
        assert_eq!(norm("OD-1001623"), Err(OdbError::MissingPrefix));
    }

    #[test]
    fn garbage_never_panics() {
        assert_eq!(norm(""), Err(OdbError::Empty));
        assert_eq!(norm("   "), Err(OdbError::Empty));
        assert_eq!(norm("\u{0}"), Err(OdbError::MissingPrefix));
        assert_eq!(norm("ODB-\u{0}001623"), Err(OdbError::BadNumber));
        assert_eq!(norm("ODB-Ä00291"), Err(OdbError::BadNumber));
        assert_eq!(norm("ODB-١٠٠١٦٢٣"), Err(OdbError::BadNumber));
        assert_eq!(norm("ödb-1001623"), Err(OdbError::MissingPrefix));
        assert_eq!(norm("🙂"), Err(OdbError::MissingPrefix));
        assert_eq!(norm(&"ODB-".repeat(10_000)), Err(OdbError::BadNumber));
        assert_eq!(
            norm(&format!("ODB-1001623-{}", "1".repeat(10_000))),
            Err(OdbError::BadModule)
        );
        // `ß` upper-cases to `SS`; still no panic.
        assert_eq!(norm("ODB-ß0029"), Err(OdbError::BadNumber));
    }

    #[test]
    fn base_and_module() {
        let o = Odb::parse("ODB-Z00291-001");
        assert_eq!(o.as_ref().map(Odb::base), Ok("ODB-Z00291"));
        assert_eq!(o.as_ref().map(Odb::module), Ok(Some("001")));
        let o = Odb::parse("ODB-1001623");
        assert_eq!(o.as_ref().map(Odb::base), Ok("ODB-1001623"));
        assert_eq!(o.as_ref().map(Odb::module), Ok(None));
        let o = Odb::parse("odb1234567-042");
        assert_eq!(o.as_ref().map(Odb::base), Ok("ODB-1234567"));
        assert_eq!(o.as_ref().map(Odb::module), Ok(Some("042")));
        assert_eq!(o.as_ref().map(Odb::as_str), Ok("ODB-1234567-042"));
    }

    #[test]
    fn specials() {
        let special = |s: &str| Odb::parse(s).map(|o| o.is_special());
        assert_eq!(special(SPECIAL_POP), Ok(true));
        assert_eq!(special(SPECIAL_CREDIT), Ok(true));
        assert_eq!(special(SPECIAL_EXAM_COMMISSION), Ok(true));
        assert_eq!(special("odb p00001"), Ok(true));
        // With a module suffix it is still the special number (R218 flags the suffix).
        assert_eq!(special("ODB-P00004-001"), Ok(true));
        assert_eq!(special("ODB-P00002"), Ok(false));
        assert_eq!(special("ODB-1001624"), Ok(false));
        assert_eq!(special("ODB-Z00291"), Ok(false));
    }

    #[test]
    fn suggestion_for_missing_prefix() {
        assert_eq!(
            Odb::suggest_prefixed("1001623").map(|o| o.to_string()),
            Some("ODB-1001623".to_string())
        );
        assert_eq!(
            Odb::suggest_prefixed(" z00291-001 ").map(|o| o.to_string()),
            Some("ODB-Z00291-001".to_string())
        );
        assert_eq!(Odb::suggest_prefixed("12"), None);
        assert_eq!(Odb::suggest_prefixed("ODB-1001623"), None);
        assert_eq!(Odb::suggest_prefixed(""), None);
    }

    #[test]
    fn messages_and_help() {
        let errs = [
            OdbError::Empty,
            OdbError::MissingPrefix,
            OdbError::BadNumber,
            OdbError::BadModule,
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
            OdbError::MissingPrefix.message(Lang::Fr),
            "le numéro ODB doit commencer par ODB-"
        );
        assert!(OdbError::MissingPrefix.help(Lang::En).contains("ODB-1001623"));
    }
}
