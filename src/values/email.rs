//! Contact e-mail (V107): a plausibility check, not RFC 5322.
//!
//! The address is only passed on to WSE; the goal is to catch typos and
//! pasted garbage (`jan.peeters@telenet`, `jan peeters@x.be`, two addresses in one
//! cell), not to decide deliverability. Internationalised domains are allowed.

use std::fmt;

use crate::lang::{tr, Lang};

/// Longest address accepted, in characters (the SMTP path limit).
pub const MAX_LEN: usize = 254;

/// Why a text is not a plausible e-mail address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailError {
    /// Nothing (or only whitespace) was given.
    Empty,
    /// Longer than [`MAX_LEN`] characters.
    TooLong,
    /// A space (or other whitespace) inside the address.
    Whitespace,
    /// A control character (NUL, tab already counts as whitespace, ...).
    ControlCharacter,
    /// No `@` at all.
    MissingAt,
    /// More than one `@` (often two addresses in one cell).
    TooManyAt,
    /// Nothing before the `@`.
    EmptyLocalPart,
    /// The part after `@` is not a domain like `example.be`.
    BadDomain,
}

/// Checks that `s` is a plausible e-mail address and returns it trimmed, with the
/// domain lower-cased (the local part is kept as written: it may be case-sensitive).
pub fn parse_email(s: &str) -> Result<String, EmailError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(EmailError::Empty);
    }
    if s.chars().count() > MAX_LEN {
        return Err(EmailError::TooLong);
    }
    if s.chars().any(char::is_whitespace) {
        return Err(EmailError::Whitespace);
    }
    if s.chars().any(char::is_control) {
        return Err(EmailError::ControlCharacter);
    }
    let (local, domain) = s.split_once('@').ok_or(EmailError::MissingAt)?;
    if domain.contains('@') {
        return Err(EmailError::TooManyAt);
    }
    if local.is_empty() {
        return Err(EmailError::EmptyLocalPart);
    }
    if !is_plausible_domain(domain) {
        return Err(EmailError::BadDomain);
    }
    let mut email = String::with_capacity(s.len());
    email.push_str(local);
    email.push('@');
    if domain.is_ascii() {
        email.extend(domain.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        email.push_str(&domain.to_lowercase());
    }
    Ok(email)
}

/// At least two labels of letters, digits and inner hyphens; a top-level domain
/// of at least 2 characters that is not all digits.
fn is_plausible_domain(domain: &str) -> bool {
    let mut labels = 0;
    let mut tld = "";
    for label in domain.split('.') {
        let ok = !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-');
        if !ok {
            return false;
        }
        labels += 1;
        tld = label;
    }
    labels >= 2 && tld.chars().count() >= 2 && !tld.chars().all(|c| c.is_ascii_digit())
}

impl EmailError {
    /// Short sentence for the user: what is wrong and what is expected.
    pub fn message(&self, lang: Lang) -> String {
        let what = match self {
            EmailError::Empty => tr!(lang,
                nl: "e-mailadres ontbreekt",
                fr: "l'adresse e-mail manque",
                en: "the e-mail address is missing",
            ),
            EmailError::TooLong => tr!(lang,
                nl: "e-mailadres is langer dan 254 tekens",
                fr: "l'adresse e-mail dépasse 254 caractères",
                en: "the e-mail address is longer than 254 characters",
            ),
            EmailError::Whitespace => tr!(lang,
                nl: "e-mailadres bevat een spatie",
                fr: "l'adresse e-mail contient un espace",
                en: "the e-mail address contains a space",
            ),
            EmailError::ControlCharacter => tr!(lang,
                nl: "e-mailadres bevat een onzichtbaar stuurteken",
                fr: "l'adresse e-mail contient un caractère de contrôle invisible",
                en: "the e-mail address contains an invisible control character",
            ),
            EmailError::MissingAt => tr!(lang,
                nl: "e-mailadres zonder @",
                fr: "adresse e-mail sans @",
                en: "the e-mail address has no @",
            ),
            EmailError::TooManyAt => tr!(lang,
                nl: "e-mailadres met meer dan één @ (twee adressen in één cel?)",
                fr: "adresse e-mail avec plus d'un @ (deux adresses dans une cellule?)",
                en: "the e-mail address has more than one @ (two addresses in one cell?)",
            ),
            EmailError::EmptyLocalPart => tr!(lang,
                nl: "e-mailadres zonder naam vóór de @",
                fr: "adresse e-mail sans nom avant le @",
                en: "the e-mail address has no name before the @",
            ),
            EmailError::BadDomain => tr!(lang,
                nl: "het domein na de @ is ongeldig",
                fr: "le domaine après le @ n'est pas valable",
                en: "the domain after the @ is not valid",
            ),
        };
        let expected = tr!(lang,
            nl: "verwacht een adres zoals naam@voorbeeld.be",
            fr: "attendu une adresse comme nom@exemple.be",
            en: "expected an address like name@example.be",
        );
        format!("{what}; {expected}")
    }

    /// One sentence on how to fix it.
    pub fn help(&self, lang: Lang) -> String {
        match self {
            EmailError::Empty => tr!(lang,
                nl: "Vul één e-mailadres in of laat de kolom leeg.",
                fr: "Indiquez une seule adresse e-mail ou laissez la colonne vide.",
                en: "Fill in one e-mail address or leave the column empty.",
            ),
            EmailError::TooManyAt => tr!(lang,
                nl: "Vul precies één e-mailadres in per rij.",
                fr: "Indiquez exactement une adresse e-mail par ligne.",
                en: "Fill in exactly one e-mail address per row.",
            ),
            EmailError::Whitespace | EmailError::ControlCharacter => tr!(lang,
                nl: "Verwijder spaties en andere tekens die niet in het adres horen (bv. een naam ervoor).",
                fr: "Supprimez les espaces et les autres caractères qui n'appartiennent pas à l'adresse (p. ex. un nom devant).",
                en: "Remove spaces and other characters that do not belong in the address (e.g. a name in front).",
            ),
            _ => tr!(lang,
                nl: "Controleer het adres op tikfouten, bv. een ontbrekende @ of domeinextensie (.be, .com).",
                fr: "Vérifiez l'adresse pour des fautes de frappe, p. ex. un @ ou une extension de domaine (.be, .com) manquant.",
                en: "Check the address for typos, e.g. a missing @ or domain ending (.be, .com).",
            ),
        }
        .to_string()
    }
}

impl fmt::Display for EmailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for EmailError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_addresses() {
        for s in [
            "jan.peeters@telenet.be",
            "a@b.co",
            "first.last+vov@sub.example.com",
            "x_y-z@my-company.be",
            "o'neil@example.ie",
            "jan@café.be",
            "jos@xn--caf-dma.be",
            "jan@123.example.be",
        ] {
            assert_eq!(parse_email(s), Ok(s.to_string()), "{s:?}");
        }
    }

    #[test]
    fn trimmed_and_domain_lowercased() {
        assert_eq!(
            parse_email("  Jan.Peeters@Telenet.BE \t"),
            Ok("Jan.Peeters@telenet.be".to_string())
        );
        assert_eq!(parse_email("x@CAFÉ.BE"), Ok("x@café.be".to_string()));
    }

    #[test]
    fn invalid_addresses() {
        assert_eq!(parse_email(""), Err(EmailError::Empty));
        assert_eq!(parse_email("   "), Err(EmailError::Empty));
        assert_eq!(parse_email("jan.peeters"), Err(EmailError::MissingAt));
        assert_eq!(parse_email("a@b@c.be"), Err(EmailError::TooManyAt));
        assert_eq!(parse_email("a@b.be;c@d.be"), Err(EmailError::TooManyAt));
        assert_eq!(parse_email("@example.be"), Err(EmailError::EmptyLocalPart));
        assert_eq!(parse_email("jan peeters@x.be"), Err(EmailError::Whitespace));
        assert_eq!(parse_email("jan@x .be"), Err(EmailError::Whitespace));
        assert_eq!(parse_email("Jan <jan@x.be>"), Err(EmailError::Whitespace));
        assert_eq!(parse_email("jan@x\u{a0}.be"), Err(EmailError::Whitespace));
        assert_eq!(parse_email("jan\u{0}@x.be"), Err(EmailError::ControlCharacter));
        for s in [
            "jan@telenet",
            "jan@",
            "jan@.be",
            "jan@telenet.",
            "jan@telenet..be",
            "jan@telenet.b",
            "jan@-telenet.be",
            "jan@telenet-.be",
            "jan@tele_net.be",
            "jan@1.2.3.4",
            "jan@[127.0.0.1]",
            "jan@x.be,",
            "jan@x.b🙂",
        ] {
            assert_eq!(parse_email(s), Err(EmailError::BadDomain), "{s:?}");
        }
    }

    #[test]
    fn length_limit() {
        let domain = "@example.be"; // 11 characters
        let ok = format!("{}{domain}", "a".repeat(MAX_LEN - 11));
        assert_eq!(parse_email(&ok).map(|s| s.len()), Ok(MAX_LEN));
        let too_long = format!("{}{domain}", "a".repeat(MAX_LEN - 10));
        assert_eq!(parse_email(&too_long), Err(EmailError::TooLong));
        assert_eq!(parse_email(&"a".repeat(100_000)), Err(EmailError::TooLong));
        // Counted in characters, not bytes.
        let multibyte = format!("{}{domain}", "é".repeat(MAX_LEN - 11));
        assert!(parse_email(&multibyte).is_ok());
    }

    #[test]
    fn messages_and_help() {
        let errs = [
            EmailError::Empty,
            EmailError::TooLong,
            EmailError::Whitespace,
            EmailError::ControlCharacter,
            EmailError::MissingAt,
            EmailError::TooManyAt,
            EmailError::EmptyLocalPart,
            EmailError::BadDomain,
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
            EmailError::MissingAt.message(Lang::Fr),
            "adresse e-mail sans @; attendu une adresse comme nom@exemple.be"
        );
    }
}
