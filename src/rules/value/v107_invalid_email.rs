//! V107 invalid-email: a contact e-mail address is given but not plausible.
//!
//! The check is [`crate::values::email::parse_email`]; the typer
//! ([`super::type_row`]) raises V107 on `contact_email` when it fails.

use crate::rules::{Explanation, Rule, Text};

/// V107 invalid-email: contact e-mail given but not a plausible address.
pub const V107: Rule = Rule {
    code: crate::code::Code::V107,
    name: "invalid-email",
    severity: "error",
    summary: Text {
        nl: "E-mailadres ingevuld maar niet plausibel.",
        fr: "Adresse e-mail remplie mais pas plausible.",
        en: "Contact e-mail given but not a plausible address.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Het contactadres heeft één @, een deel ervoor zonder spaties en een domein met een punt.",
            fr: "L'adresse de contact contient un seul @, une partie avant celui-ci sans espaces et un domaine avec un point.",
            en: "The contact address has one @, a part before it without spaces and a domain with a dot.",
        },
        why: Text {
            nl: "WSE mailt vragen en beslissingen naar dit adres; een fout adres betekent gemiste weigeringen.",
            fr: "WSE envoie ses questions et ses décisions à cette adresse; une adresse erronée signifie des refus qui passent inaperçus.",
            en: "WSE mails questions and decisions to this address; a wrong address means missed refusals.",
        },
        source: Text {
            nl: "de regelcatalogus van vov-bulk (`vov-bulk rules`); RFC 5322 (de vorm van een e-mailadres)",
            fr: "le catalogue des règles de vov-bulk (`vov-bulk rules`); RFC 5322 (la forme d'une adresse e-mail)",
            en: "the vov-bulk rule catalogue (`vov-bulk rules`); RFC 5322 (the form of an e-mail address)",
        },
        fix: Text {
            nl: "Verbeter het adres of laat het veld leeg.",
            fr: "Corrigez l'adresse ou laissez le champ vide.",
            en: "Correct the address or leave the field empty.",
        },
        example: Text {
            nl: "'hr@acme.be' is goed; 'hr@acme' en 'hr acme@be' niet.",
            fr: "'hr@acme.be' est correcte; 'hr@acme' et 'hr acme@be' ne le sont pas.",
            en: "'hr@acme.be' is fine; 'hr@acme' and 'hr acme@be' are not.",
        },
    },
};

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::rules::value::test_support::{codes, NONE};
    use crate::values::email::MAX_LEN;

    fn email(text: &str) -> Vec<&'static str> {
        codes(&[(Field::ContactEmail, text)])
    }

    #[test]
    fn one_at_a_local_part_and_a_domain_with_a_dot() {
        assert_eq!(email("hr@acme.be"), NONE);
        assert_eq!(email(" HR@Acme.BE "), NONE);
        assert_eq!(email(""), NONE, "optional");
        for text in [
            "hr@acme",
            "hr acme@be",
            "hr.acme.be",
            "hr@@acme.be",
            "@acme.be",
            "hr@acme.b",
            "hr@acme.12",
        ] {
            assert_eq!(email(text), vec!["V107"], "{text}");
        }
    }

    #[test]
    fn the_longest_address() {
        let domain = "@acme.be";
        let at_limit = format!("{}{domain}", "a".repeat(MAX_LEN - domain.len()));
        assert_eq!(at_limit.chars().count(), 254);
        assert_eq!(email(&at_limit), NONE);
        let above = format!("a{at_limit}");
        assert_eq!(email(&above), vec!["V107"]);
    }
}
