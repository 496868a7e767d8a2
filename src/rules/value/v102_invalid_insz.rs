//! V102 invalid-insz: the employee's national number (INSZ) is not a valid one.
//!
//! The check is [`crate::values::Insz::parse`]; the typer ([`super::type_row`])
//! raises V102 on `werknemer_insz` when it fails, showing the number masked.
//! Two kinds of damage done by Excel are named here (issue 14): a number
//! turned into scientific notation (its digits are lost: an error of its
//! own), and a leading zero dropped from a CSV's text (restored, with an info,
//! as a spreadsheet's number cell gets it back in [`Cell::identifier_text`]).

use crate::lang::{tr, trf, Lang};
use crate::model::Cell;
use crate::rules::{Explanation, Rule, Text};
use crate::values::Insz;

/// V102 invalid-insz: 11 digits, month 00-12 (BIS 20-32/40-52), mod-97 check.
pub const V102: Rule = Rule {
    code: crate::code::Code::V102,
    name: "invalid-insz",
    severity: "error / info",
    summary: Text {
        nl: "INSZ ongeldig: 11 cijfers, maand 00-12 (BIS 20-32/40-52), controlegetal mod 97.",
        fr: "Numéro NISS/INSZ non valable: 11 chiffres, mois 00-12 (BIS 20-32/40-52), chiffres de contrôle mod 97.",
        en: "Invalid INSZ: 11 digits, month 00-12 (BIS 20-32/40-52), mod-97 check.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Rijksregister- of BIS-nummer: 11 cijfers na het weglaten van spaties, punten en streepjes; controle = 97 - (eerste 9 cijfers mod 97), of met een 2 ervoor voor wie geboren is vanaf 2000; maanddeel 00-12, of 20-32 / 40-52 voor BIS-nummers. Een getal in wetenschappelijke notatie (7,90819E+10), of een rekenbladgetal dat op 000 eindigt en niet klopt, heeft Excel veranderd: de cijfers zijn verloren, een fout met een eigen melding. Info (geen fout): 10 cijfers die met een 0 ervoor een geldig INSZ zijn, zijn een INSZ waarvan Excel de voorloopnul liet vallen; die nul wordt teruggezet, zoals bij een getal in een rekenblad. Dit is een info onder V102 en geen eigen code: het gaat om dezelfde waarde en dezelfde controle, en de regelcatalogus van vov-bulk kent zulke gemengde regels (R209, R213).",
            fr: "Numéro de registre national ou numéro BIS: 11 chiffres après suppression des espaces, des points et des tirets; contrôle = 97 - (9 premiers chiffres mod 97), ou avec un 2 devant pour les personnes nées à partir de 2000; partie mois 00-12, ou 20-32 / 40-52 pour les numéros BIS. Un nombre en notation scientifique (7,90819E+10), ou un nombre de tableur qui se termine par 000 et ne passe pas le contrôle, a été modifié par Excel: les chiffres sont perdus, une erreur avec son propre message. Info (pas une erreur): 10 chiffres qui, précédés d'un 0, forment un NISS/INSZ valable sont un NISS/INSZ dont Excel a supprimé le zéro initial; ce zéro est rétabli, comme pour un nombre dans un tableur. C'est une info sous V102 et non un code à part: il s'agit de la même valeur et du même contrôle, et le catalogue des règles de vov-bulk connaît de telles règles mixtes (R209, R213).",
            en: "National or BIS number: 11 digits after removing spaces, dots and dashes; check = 97 - (first 9 digits mod 97), or with a 2 in front for people born in 2000 or later; month part 00-12, or 20-32 / 40-52 for BIS numbers. A number in scientific notation (7.90819E+10), or a spreadsheet number that ends in 000 and fails the check, was changed by Excel: its digits are lost, an error with a message of its own. Info (not an error): 10 digits that form a valid INSZ with a 0 in front are an INSZ whose leading zero Excel dropped; the zero is restored, as for a number in a spreadsheet. This is an info under V102, not a code of its own: it is the same value and the same check, and the vov-bulk rule catalogue has such mixed rules (R209, R213).",
        },
        why: Text {
            nl: "De aanvraag hoort bij één werknemer; WSE controleert het INSZ tegen de DmfA-aangifte.",
            fr: "La demande appartient à un seul travailleur; WSE contrôle le NISS/INSZ par rapport à la déclaration DmfA.",
            en: "The request belongs to one employee; WSE checks the INSZ against the DmfA declaration.",
        },
        source: Text {
            nl: "Rijksregister, opbouw van het rijksregisternummer en het bisnummer (controlegetal modulo 97)",
            fr: "Registre national, structure du numéro de registre national et du numéro bis (chiffre de contrôle modulo 97)",
            en: "National Register, structure of the national register number and the BIS number (modulo-97 check digits)",
        },
        fix: Text {
            nl: "Neem het INSZ over van de identiteitskaart of uit de loonadministratie; een getal in Excel verliest soms de voorloopnul.",
            fr: "Reprenez le NISS/INSZ de la carte d'identité ou de l'administration des salaires; dans Excel, un nombre perd parfois son zéro initial.",
            en: "Copy the INSZ from the identity card or the payroll records; a number in Excel sometimes loses its leading zero.",
        },
        example: Text {
            nl: "85.07.30-033.28 is geldig (controle 97 - 850730033 mod 97 = 28).",
            fr: "85.07.30-033.28 est valable (contrôle 97 - 850730033 mod 97 = 28).",
            en: "85.07.30-033.28 is valid (check 97 - 850730033 mod 97 = 28).",
        },
    },
};

/// A value Excel has visibly damaged: digits lost to scientific notation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExcelDamaged;

impl ExcelDamaged {
    /// What happened, for the message.
    pub fn message(&self, lang: Lang) -> String {
        tr!(
            lang,
            nl: "Excel heeft dit getal veranderd (wetenschappelijke notatie, cijfers verloren); zet de kolom als tekst en exporteer opnieuw",
            fr: "Excel a modifié ce nombre (notation scientifique, chiffres perdus); mettez la colonne au format texte et exportez à nouveau",
            en: "Excel changed this number (scientific notation, digits lost); format the column as text and export again",
        )
        .to_string()
    }

    /// How to fix it.
    pub fn help(&self, lang: Lang) -> String {
        tr!(
            lang,
            nl: "Zet in Excel de INSZ-kolom op Tekst (Celeigenschappen > Getal > Tekst), neem de nummers opnieuw over uit de loonadministratie en exporteer opnieuw: de verloren cijfers zijn niet terug te rekenen.",
            fr: "Dans Excel, mettez la colonne INSZ au format Texte (Format de cellule > Nombre > Texte), reprenez à nouveau les numéros de l'administration des salaires et exportez à nouveau: les chiffres perdus ne peuvent pas être recalculés.",
            en: "In Excel, format the INSZ column as Text (Format Cells > Number > Text), copy the numbers again from the payroll records and export again: the lost digits cannot be worked out.",
        )
        .to_string()
    }
}

/// Whether `cell` is an INSZ that Excel damaged beyond repair: text in
/// scientific notation (`7,90819E+10`, `7.90819E+10`, `7.9E10`), or a
/// spreadsheet number that fails the check and ends in three zeros (the
/// same notation read back as a number: a valid INSZ never ends in 00, its
/// check digits run from 01 to 97).
pub fn excel_damaged(cell: Cell<'_>) -> Option<ExcelDamaged> {
    match cell {
        Cell::Text(text) => is_scientific(text.trim()).then_some(ExcelDamaged),
        Cell::Number(n) if n.fract() == 0.0 && n >= 1e9 => {
            let digits = cell.identifier_text(crate::field::Field::WerknemerInsz);
            (digits.ends_with("000") && Insz::parse(&digits).is_err()).then_some(ExcelDamaged)
        }
        _ => None,
    }
}

/// `d[.,ddd]E[+-]dd`: how Excel shows (and saves to CSV) a long number.
fn is_scientific(text: &str) -> bool {
    let Some((mantissa, exponent)) = text.split_once(['e', 'E']) else {
        return false;
    };
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let (whole, fraction) = mantissa.split_once(['.', ',']).unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    !whole.is_empty() && digits(whole) && digits(fraction) && !exponent.is_empty() && digits(exponent)
}

/// The INSZ of a text of 10 digits whose 0-prefixed form passes the check:
/// a number whose leading zero Excel dropped before the CSV was saved.
/// `None` for anything else (a text with separators was typed by a person,
/// who may have dropped any digit, not only the first).
pub fn leading_zero_restored(cell: Cell<'_>) -> Option<Insz> {
    let Cell::Text(text) = cell else { return None };
    let text = text.trim();
    if text.len() != 10 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Insz::parse(&format!("0{text}")).ok()
}

/// The info's message, with the number shown masked.
pub fn restored_message(shown: &str, lang: Lang) -> String {
    trf!(
        lang,
        nl: "INSZ werknemer '{shown}': voorloopnul teruggezet (10 cijfers in het bestand; met een 0 ervoor klopt het controlegetal)",
        fr: "NISS travailleur '{shown}': zéro initial rétabli (10 chiffres dans le fichier; avec un 0 devant, les chiffres de contrôle concordent)",
        en: "werknemer_insz '{shown}': leading zero restored (10 digits in the file; with a 0 in front the check digits match)",
    )
}

/// The info's help.
pub fn restored_help(lang: Lang) -> String {
    tr!(
        lang,
        nl: "Niets te doen voor deze run; zet in Excel de INSZ-kolom op Tekst, zodat de nul niet meer wegvalt.",
        fr: "Rien à faire pour cette exécution; dans Excel, mettez la colonne INSZ au format Texte, pour que le zéro ne disparaisse plus.",
        en: "Nothing to do for this run; format the INSZ column in Excel as Text so that the zero is no longer dropped.",
    )
    .to_string()
}

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::model::Cell;
    use crate::model::Severity;
    use crate::rules::value::test_support::{cell_codes, codes, diagnostics, typed_cells, NONE};

    fn insz(text: &str) -> Vec<&'static str> {
        codes(&[(Field::WerknemerInsz, text)])
    }

    #[test]
    fn written_forms_and_the_check_digits() {
        assert_eq!(insz("85073003328"), NONE);
        assert_eq!(insz("85.07.30-033.28"), NONE);
        assert_eq!(insz("85073003329"), vec!["V102"]);
        assert_eq!(insz("8507300332"), vec!["V102"], "10 digits");
        assert_eq!(insz("850730033280"), vec!["V102"], "12 digits");
        // Born in 2005: the check counts with a 2 in front.
        assert_eq!(insz("05010100113"), NONE);
        assert_eq!(insz("05010100114"), vec!["V102"]);
    }

    #[test]
    fn month_part_at_the_edges_of_each_range() {
        assert_eq!(insz("85123003363"), NONE, "month 12");
        assert_eq!(insz("85133003363"), vec!["V102"], "month 13");
        assert_eq!(insz("85203003322"), NONE, "BIS month 20");
        assert_eq!(insz("85323003309"), NONE, "BIS month 32");
        assert_eq!(insz("85333003309"), vec!["V102"], "month 33");
        assert_eq!(insz("85403003365"), NONE, "BIS month 40");
        assert_eq!(insz("85523003352"), NONE, "BIS month 52");
        assert_eq!(insz("85533003352"), vec!["V102"], "month 53");
    }

    #[test]
    fn a_spreadsheet_number_gets_its_leading_zero_back() {
        assert_eq!(cell_codes(&[(Field::WerknemerInsz, Cell::Number(5010100113.0))]), NONE);
    }

    #[test]
    fn scientific_notation_is_named_as_excel_damage() {
        for text in ["7,90819E+10", "7.90819E+10", "7.9e10", "8E+10"] {
            let found = diagnostics(&[(Field::WerknemerInsz, text)]);
            assert_eq!(found.len(), 1, "{text}");
            assert_eq!(found[0].code, "V102");
            assert!(
                found[0].message.contains("Excel changed this number"),
                "{}",
                found[0].message
            );
            assert!(
                found[0].message.contains("format the column as text"),
                "{}",
                found[0].message
            );
            let shown = found[0].value.as_deref().unwrap_or_default();
            assert!(
                shown == "790819-xxx-xx" || shown == "xxx",
                "{text}: masked as any INSZ: {shown}"
            );
        }
        // The same number read back into a spreadsheet as a number.
        let found = typed_cells(&[(Field::WerknemerInsz, Cell::Number(79081900000.0))]).1;
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("Excel changed this number"),
            "{}",
            found[0].message
        );
        assert!(!found[0].message.contains("79081900000"), "{}", found[0].message);
        // Not scientific: a plain wrong number keeps the plain message.
        for text in ["85073003329", "E10", "7,9E", "7,9E+", "1.2.3E4"] {
            let found = diagnostics(&[(Field::WerknemerInsz, text)]);
            assert!(!found[0].message.contains("Excel"), "{text}: {}", found[0].message);
        }
    }

    #[test]
    fn ten_digits_get_their_leading_zero_back_with_an_info() {
        let (request, found) = typed_cells(&[(Field::WerknemerInsz, Cell::Text("5010100113"))]);
        assert_eq!(
            request.map(|r| r.insz.as_str().to_string()).as_deref(),
            Some("05010100113")
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, "V102");
        assert_eq!(found[0].severity, Severity::Info);
        assert_eq!(found[0].value.as_deref(), Some("050101-xxx-xx"));
        assert!(
            found[0].message.contains("leading zero restored"),
            "{}",
            found[0].message
        );
        assert!(!found[0].message.contains("5010100113"), "{}", found[0].message);
        // Ten digits that do not pass with a 0 in front stay an error; so do
        // ten digits written with separators.
        assert_eq!(insz("8507300332"), vec!["V102"]);
        let (request, found) = typed_cells(&[(Field::WerknemerInsz, Cell::Text("5.01.01-001.13"))]);
        assert!(request.is_none());
        assert_eq!(found[0].severity, Severity::Error);
    }

    #[test]
    fn the_number_is_shown_masked() {
        let found = diagnostics(&[(Field::WerknemerInsz, "85073003329")]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].value.as_deref(), Some("850730-xxx-xx"));
        assert!(!found[0].message.contains("85073003329"), "{}", found[0].message);
    }

    #[test]
    fn excel_damage_and_the_restored_zero_in_french() {
        use crate::lang::Lang;
        use crate::rules::value::test_support::{diagnostics_in, typed_cells_in};
        let found = diagnostics_in(&[(Field::WerknemerInsz, "7,90819E+10")], Lang::Fr);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .ends_with(": Excel a modifié ce nombre (notation scientifique, chiffres perdus); mettez la colonne au format texte et exportez à nouveau"),
            "{}",
            found[0].message
        );
        assert!(
            found[0]
                .help
                .starts_with("Dans Excel, mettez la colonne INSZ au format Texte"),
            "{}",
            found[0].help
        );

        let (_, found) = typed_cells_in(&[(Field::WerknemerInsz, Cell::Text("5010100113"))], Lang::Fr);
        assert_eq!(found[0].severity, Severity::Info);
        assert_eq!(
            found[0].message,
            "NISS travailleur '050101-xxx-xx': zéro initial rétabli (10 chiffres dans le fichier; avec un 0 devant, les chiffres de contrôle concordent)"
        );
        assert!(
            found[0].help.starts_with("Rien à faire pour cette exécution"),
            "{}",
            found[0].help
        );
    }
}
