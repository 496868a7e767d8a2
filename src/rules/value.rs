//! V rules: typing each field of a row. Every field that fails gets its own
//! diagnostic; a request is built only when all of them typed.

use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;

use crate::field::Field;
use crate::lang::Lang;
use crate::model::{Cell, Diagnostic, RawRow, Request, Severity};
use crate::rules::{Explanation, Rule, Text};
use crate::schema::InputSchema;
use crate::values::{choice, date, email, iban, insz, number, postcode, Contract, Insz, Kbo, Odb, TrainingType, Unit};

pub use crate::rules::v112_invalid_text::V112;

macro_rules! value_rule {
    ($id:ident, $code:expr, $name:literal, $sum_nl:literal, $sum_en:literal,
     what: ($what_nl:literal, $what_en:literal), why: ($why_nl:literal, $why_en:literal),
     source: $source:literal, fix: ($fix_nl:literal, $fix_en:literal), example: ($ex_nl:literal, $ex_en:literal)) => {
        pub const $id: Rule = Rule {
            code: $code,
            name: $name,
            severity: "error",
            summary: Text {
                nl: $sum_nl,
                en: $sum_en,
            },
            explanation: Explanation {
                what: Text {
                    nl: $what_nl,
                    en: $what_en,
                },
                why: Text {
                    nl: $why_nl,
                    en: $why_en,
                },
                source: $source,
                fix: Text {
                    nl: $fix_nl,
                    en: $fix_en,
                },
                example: Text {
                    nl: $ex_nl,
                    en: $ex_en,
                },
            },
        };
    };
}

value_rule!(V101, crate::code::Code::V101, "invalid-kbo",
    "Ondernemingsnummer (KBO) ongeldig: 10 cijfers, begint met 0 of 1, controlegetal mod 97.",
    "Invalid enterprise number (KBO): 10 digits, first 0 or 1, mod-97 check.",
    what: ("Na het weglaten van 'BE', spaties, punten en streepjes: 10 cijfers (9 cijfers krijgen een voorloopnul), eerste cijfer 0 of 1, en 97 - (eerste 8 cijfers mod 97) gelijk aan de laatste 2.",
           "After removing 'BE', spaces, dots and dashes: 10 digits (9 digits get a leading 0), first digit 0 or 1, and 97 - (first 8 digits mod 97) equals the last 2."),
    why: ("Het WSE-loket koppelt de aanvraag aan de werkgever via het ondernemingsnummer; een tikfout levert een aanvraag voor de verkeerde werkgever of een geweigerde upload.",
          "The WSE-loket links the request to the employer by the enterprise number; a typo gives a request for the wrong employer or a refused upload."),
    source: "KBO numbering (public fact); 000_371699ddb1b3decc.txt (bulk per werkgever)",
    fix: ("Neem het nummer over uit de KBO (kbopub) of de loonadministratie.", "Copy the number from the KBO register or the payroll records."),
    example: ("'BE 0403.170.701' wordt 0403170701 (geldig); '0403170702' faalt op het controlegetal.", "'BE 0403.170.701' becomes 0403170701 (valid); '0403170702' fails the check digits."));

value_rule!(V102, crate::code::Code::V102, "invalid-insz",
    "INSZ ongeldig: 11 cijfers, maand 00-12 (BIS 20-32/40-52), controlegetal mod 97.",
    "Invalid INSZ: 11 digits, month 00-12 (BIS 20-32/40-52), mod-97 check.",
    what: ("Rijksregister- of BIS-nummer: 11 cijfers na het weglaten van spaties, punten en streepjes; controle = 97 - (eerste 9 cijfers mod 97), of met een 2 ervoor voor wie geboren is vanaf 2000; maanddeel 00-12, of 20-32 / 40-52 voor BIS-nummers.",
           "National or BIS number: 11 digits after removing spaces, dots and dashes; check = 97 - (first 9 digits mod 97), or with a 2 in front for people born in 2000 or later; month part 00-12, or 20-32 / 40-52 for BIS numbers."),
    why: ("De aanvraag hoort bij één werknemer; WSE controleert het INSZ tegen de DmfA-aangifte.", "The request belongs to one employee; WSE checks the INSZ against the DmfA declaration."),
    source: "Rijksregister numbering (public fact)",
    fix: ("Neem het INSZ over van de identiteitskaart of uit de loonadministratie; een getal in Excel verliest soms de voorloopnul.", "Copy the INSZ from the identity card or the payroll records; a number in Excel sometimes loses its leading zero."),
    example: ("85.07.30-033.28 is geldig (controle 97 - 850730033 mod 97 = 28).", "85.07.30-033.28 is valid (check 97 - 850730033 mod 97 = 28)."));

value_rule!(V103, crate::code::Code::V103, "invalid-odb",
    "ODB-nummer ongeldig: ODB- gevolgd door 7 cijfers of een letter en 5 cijfers, eventueel -001.",
    "Invalid ODB number: ODB- then 7 digits or a letter and 5 digits, optionally -001.",
    what: ("Het registratienummer uit de opleidingsdatabank, genormaliseerd (hoofdletters, geen spaties, streepje na ODB): ODB-1001623, ODB-Z00291, ODB-Z00291-001, ODB-P00001.",
           "The registration number from the opleidingsdatabank, normalised (upper case, no spaces, hyphen after ODB): ODB-1001623, ODB-Z00291, ODB-Z00291-001, ODB-P00001."),
    why: ("Enkel opleidingen die in de opleidingsdatabank geregistreerd zijn geven recht op VOV; WSE zoekt de opleiding op via dit nummer.", "Only trainings registered in the opleidingsdatabank give VOV; WSE looks the training up by this number."),
    source: "001_1f5b18419eea068f.txt (ODB-nummers, bijzondere nummers); 003_3c4063dd767c45eb.txt",
    fix: ("Neem het nummer over van het inschrijvingsattest of uit de opleidingsdatabank. Of het nummer bestaat, kan vov-bulk niet nagaan.", "Copy the number from the enrolment certificate or the opleidingsdatabank. Whether the number exists cannot be checked by vov-bulk."),
    example: ("'odb z00291' wordt ODB-Z00291; 'ODB-123' is ongeldig.", "'odb z00291' becomes ODB-Z00291; 'ODB-123' is invalid."));

value_rule!(V104, crate::code::Code::V104, "invalid-date",
    "Datum ongeldig: dd/mm/jjjj, d/m/jjjj, dd-mm-jjjj, dd.mm.jjjj of jjjj-mm-dd.",
    "Invalid date: dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd.",
    what: ("Aanvaard: dd/mm/jjjj, d/m/jjjj, dd-mm-jjjj, dd.mm.jjjj, ISO jjjj-mm-dd, echte datumcellen en datumgetallen in rekenbladen, eventueel gevolgd door middernacht (00:00). Tweecijferige jaren en mm/dd/jjjj niet.",
           "Accepted: dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, ISO yyyy-mm-dd, real date cells and date serial numbers in spreadsheets, optionally followed by midnight (00:00). Two-digit years and mm/dd/yyyy are not."),
    why: ("Termijnen worden op de dag berekend; 01/13 of 13/01 raden zou een aanvraag stilzwijgend te laat of te vroeg maken.", "Deadlines are computed to the day; guessing 01/13 versus 13/01 would silently make a request late or early."),
    source: "vov-bulk contract (RULES.md V104)",
    fix: ("Schrijf de datum als dd/mm/jjjj, zoals op het inschrijvingsattest.", "Write the date as dd/mm/yyyy, as on the enrolment certificate."),
    example: ("'26/09/2022' en '2022-09-26 00:00:00' zijn 26 september 2022; '09/26/2022' en '26/09/22' worden geweigerd.", "'26/09/2022' and '2022-09-26 00:00:00' are 26 September 2022; '09/26/2022' and '26/09/22' are refused."));

value_rule!(V105, crate::code::Code::V105, "invalid-number",
    "Getal ongeldig: decimale komma of punt, geen duizendtallen, niet negatief.",
    "Invalid number: decimal comma or point, no thousands separators, not negative.",
    what: ("Aantal en tewerkstellingspercentage: een getal met decimale komma of punt (93,75 of 93.75), zonder scheidingstekens voor duizendtallen, niet negatief.",
           "Quantity and employment percentage: a number with a decimal comma or point (93,75 or 93.75), without thousands separators, not negative."),
    why: ("'1.234' kan 1234 of 1,234 zijn; vov-bulk gokt niet bij bedragen die geld opleveren.", "'1.234' can be 1234 or 1.234; vov-bulk does not guess amounts that turn into money."),
    source: "vov-bulk contract (RULES.md V105)",
    fix: ("Schrijf het getal zonder duizendtallen, bv. 120 of 36,5.", "Write the number without thousands separators, e.g. 120 or 36,5."),
    example: ("'36,5' en '36.5' zijn 36,5; '1.234,5' en '-4' worden geweigerd.", "'36,5' and '36.5' are 36.5; '1.234,5' and '-4' are refused."));

value_rule!(V106, crate::code::Code::V106, "missing-value",
    "Een verplicht veld is leeg in deze rij.",
    "A required field is empty in this row.",
    what: ("Een verplicht veld (werkgever_kbo, werknemer_insz, werknemer_naam, werknemer_voornaam, odb_nummer, aantal, startdatum, einddatum, of wat het invoerschema verplicht maakt) is leeg.",
           "A required field (werkgever_kbo, werknemer_insz, werknemer_naam, werknemer_voornaam, odb_nummer, aantal, startdatum, einddatum, or what the input schema makes required) is empty."),
    why: ("Het WSE-loket weigert een aanvraag zonder deze gegevens.", "The WSE-loket refuses a request without these data."),
    source: "vov-bulk contract (CONTRACT.md, input fields); 001_1f5b18419eea068f.txt (gegevens van de aanvraag)",
    fix: ("Vul de waarde in rejected.csv in en lever de rij opnieuw aan.", "Fill in the value in rejected.csv and feed the row back."),
    example: ("Een rij zonder einddatum: V106 op einddatum.", "A row without einddatum: V106 on einddatum."));

value_rule!(V107, crate::code::Code::V107, "invalid-email",
    "E-mailadres ingevuld maar niet plausibel.",
    "Contact e-mail given but not a plausible address.",
    what: ("Het contactadres heeft één @, een deel ervoor zonder spaties en een domein met een punt.", "The contact address has one @, a part before it without spaces and a domain with a dot."),
    why: ("WSE mailt vragen en beslissingen naar dit adres; een fout adres betekent gemiste weigeringen.", "WSE mails questions and decisions to this address; a wrong address means missed refusals."),
    source: "vov-bulk contract (RULES.md V107)",
    fix: ("Verbeter het adres of laat het veld leeg.", "Correct the address or leave the field empty."),
    example: ("'hr@acme.be' is goed; 'hr@acme' en 'hr acme@be' niet.", "'hr@acme.be' is fine; 'hr@acme' and 'hr acme@be' are not."));

value_rule!(V108, crate::code::Code::V108, "invalid-iban",
    "IBAN ingevuld maar ongeldig (ISO 13616 mod 97; Belgische IBAN ook de nationale controle).",
    "IBAN given but invalid (ISO 13616 mod 97; Belgian IBANs also the national check).",
    what: ("Het rekeningnummer moet een geldige IBAN zijn: landcode, twee controlecijfers, de juiste lengte en mod 97 = 1; voor BE ook de Belgische controle op de laatste twee cijfers.",
           "The account must be a valid IBAN: country code, two check digits, the right length and mod 97 = 1; for BE also the Belgian check on the last two digits."),
    why: ("De terugbetaling wordt op deze rekening gestort.", "The reimbursement is paid into this account."),
    source: "ISO 13616 (public fact)",
    fix: ("Neem het rekeningnummer over van een bankdocument of laat het veld leeg.", "Copy the account number from a bank document or leave the field empty."),
    example: ("BE68 5390 0754 7034 is geldig; BE68 5390 0754 7035 niet.", "BE68 5390 0754 7034 is valid; BE68 5390 0754 7035 is not."));

value_rule!(V109, crate::code::Code::V109, "invalid-choice",
    "Een veld met vaste waarden (eenheid, opleidingstype, contract, vast_uurrooster) heeft een andere waarde.",
    "A field with fixed values (eenheid, opleidingstype, contract, vast_uurrooster) holds something else.",
    what: ("eenheid: uren, lestijden, studiepunten, examens; opleidingstype: standaard, hbo5, evc, mentor; contract: diplomacontract, creditcontract, examencontract; vast_uurrooster: ja/nee. Franse en Engelse woorden worden ook aanvaard.",
           "eenheid: uren, lestijden, studiepunten, examens; opleidingstype: standaard, hbo5, evc, mentor; contract: diplomacontract, creditcontract, examencontract; vast_uurrooster: ja/nee. French and English words are accepted too."),
    why: ("Deze waarden bepalen welke VOV-regels gelden (uren per studiepunt, examens, EVC).", "These values decide which VOV rules apply (hours per study point, exams, EVC)."),
    source: "vov-bulk contract (CONTRACT.md, input fields)",
    fix: ("Gebruik een van de opgesomde waarden.", "Use one of the values listed."),
    example: ("eenheid 'heures' wordt uren; eenheid 'dagen' wordt geweigerd.", "eenheid 'heures' becomes uren; eenheid 'dagen' is refused."));

value_rule!(V110, crate::code::Code::V110, "out-of-range",
    "Waarde buiten bereik: TWP buiten 0-100, aantal nul of meer dan één inschrijving bevat, dubbelzinnig aantal (1.200), datum vóór 2000 of na 2100.",
    "Out of range: TWP outside 0-100, quantity zero or more than one enrolment holds, an ambiguous quantity (1.200), a date before 2000 or after 2100.",
    what: ("Tewerkstellingspercentage tussen 0 en 100; aantal niet nul en ten hoogste wat één inschrijving kan bevatten: 2000 uren of lestijden, 120 studiepunten, 40 examens (RULES.md rev 2); een aantal met een punt en precies drie cijfers erna (1.200) is dubbelzinnig: Belgische rekenbladen lezen 1200, een decimaal punt 1,2, en geen van beide wordt geraden; datums van de opleiding tussen 1/1/2000 en 31/12/2100; een indiensttreding tussen 1/1/1900 en 31/12/2100 (wie lang in dienst is, trad vóór 2000 in dienst: gekozen om de regel 'vóór 2000' enkel op opleidingsdatums toe te passen).", "Employment percentage between 0 and 100; quantity not zero and at most what one enrolment can hold: 2000 hours or lesson periods, 120 study points, 40 exams (RULES.md rev 2); a quantity with a dot and exactly three digits after it (1.200) is ambiguous: Belgian spreadsheets read 1200, a decimal point 1.2, and neither is guessed; training dates between 1/1/2000 and 31/12/2100; a hire date between 1/1/1900 and 31/12/2100 (long-serving employees were hired before 2000: the choice made is to apply 'before 2000' to training dates only)."),
    why: ("Zulke waarden zijn tikfouten of totalen (een jaartal 1922 in plaats van 2022, 800 in plaats van 80, 91.060.765.719 uren), en een verkeerd geraden 1.200 kost of kopieert duizend uren.", "Such values are typos or totals (a year 1922 instead of 2022, 800 instead of 80, 91,060,765,719 hours), and a wrong guess at 1.200 loses or invents a thousand hours."),
    source: "vov-bulk contract (RULES.md V110, rev 2)",
    fix: ("Verbeter de waarde volgens het inschrijvingsattest of de loonadministratie; schrijf aantallen zonder scheidingsteken voor duizendtallen.", "Correct the value from the enrolment certificate or the payroll records; write quantities without a thousands separator."),
    example: ("TWP 120: V110; aantal 0: V110; 2001 uren of 41 examens: V110; aantal 1.200: V110 (1,2 of 1200?); startdatum 26/09/1922: V110.", "TWP 120: V110; quantity 0: V110; 2001 hours or 41 exams: V110; quantity 1.200: V110 (1.2 or 1200?); startdatum 26/09/1922: V110."));

value_rule!(V111, crate::code::Code::V111, "invalid-postcode",
    "Postcode van de vestigingseenheid ingevuld maar geen Belgische postcode (4 cijfers, 1000-9999).",
    "Establishment postcode given but not a Belgian postcode (4 digits, 1000-9999).",
    what: ("vestiging_postcode moet een Belgische postcode van 4 cijfers zijn (eventueel met 'B-' ervoor).", "vestiging_postcode must be a 4-digit Belgian postcode (optionally with 'B-' in front)."),
    why: ("De postcode beslist of de vestigingseenheid in het Vlaamse Gewest ligt (R217); een onleesbare postcode laat dat niet toe.", "The postcode decides whether the establishment is in the Flemish Region (R217); an unreadable postcode does not allow that."),
    source: "003_3c4063dd767c45eb.txt (vestigingseenheid in het Vlaamse Gewest); bpost postcodes (public fact)",
    fix: ("Vul de postcode van de vestigingseenheid in, of laat het veld leeg.", "Fill in the postcode of the establishment unit, or leave the field empty."),
    example: ("'B-9000' wordt 9000; '900' en 'Gent' worden geweigerd.", "'B-9000' becomes 9000; '900' and 'Gent' are refused."));

/// What every value error can say about itself.
trait ValueProblem {
    fn message(&self, lang: Lang) -> String;
    fn help(&self, lang: Lang) -> String;
}

macro_rules! value_problem {
    ($($t:ty),*) => {$(
        impl ValueProblem for $t {
            fn message(&self, lang: Lang) -> String { <$t>::message(self, lang) }
            fn help(&self, lang: Lang) -> String { <$t>::help(self, lang) }
        }
    )*};
}

value_problem!(
    crate::rules::v112_invalid_text::TextProblem,
    crate::values::kbo::KboError,
    crate::values::insz::InszError,
    crate::values::odb::OdbError,
    date::DateError,
    number::NumberError,
    number::RangeError,
    email::EmailError,
    iban::IbanError,
    choice::ChoiceError,
    postcode::PostcodeError
);

/// Values longer than this are cut in messages (a megabyte cell would
/// otherwise be repeated in every report).
const SHOWN_CHARS: usize = 60;

/// How a value may be shown outside `rejected.csv`: personal data masked,
/// long values cut.
pub fn shown_value(field: Field, raw: &str) -> String {
    let shown = masked_value(field, raw);
    if shown.chars().count() > SHOWN_CHARS {
        let cut: String = shown.chars().take(SHOWN_CHARS).collect();
        format!("{cut}…")
    } else {
        shown
    }
}

fn masked_value(field: Field, raw: &str) -> String {
    match field {
        Field::WerknemerInsz => insz::mask_raw(raw),
        Field::Iban => {
            let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
            let head: String = compact.chars().take(4).collect();
            if compact.chars().count() > 4 {
                format!("{head}…")
            } else {
                head
            }
        }
        _ => raw.to_string(),
    }
}

struct Typer<'a> {
    raw: &'a RawRow,
    schema: &'a InputSchema,
    lang: Lang,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Typer<'a> {
    fn fail(&mut self, rule: &Rule, field: Field, raw: &str, problem: &dyn ValueProblem) {
        let shown = shown_value(field, raw.trim());
        let lang = self.lang;
        self.diagnostics.push(Diagnostic {
            code: rule.code,
            severity: Severity::Error,
            field: Some(field),
            value: Some(shown.clone()),
            message: format!("{field} '{shown}': {}", problem.message(lang)),
            help: problem.help(lang).into(),
        });
    }

    fn missing(&mut self, field: Field) {
        let lang = self.lang;
        self.diagnostics.push(Diagnostic {
            code: V106.code,
            severity: Severity::Error,
            field: Some(field),
            value: None,
            message: lang.pick_fmt(
                format_args!("{field} is leeg maar verplicht"),
                format_args!("{field} is empty but required"),
            ),
            help: V106.explanation.fix.get(lang).into(),
        });
    }

    /// The cell of a field, or None when blank; V106 when blank and required.
    fn present(&mut self, field: Field) -> Option<Cell<'a>> {
        let cell = self.raw.cell(field);
        if cell.is_blank() {
            if Field::REQUIRED.contains(&field) || self.schema.is_required(field) {
                self.missing(field);
            }
            return None;
        }
        Some(cell)
    }

    fn text(&mut self, field: Field) -> Option<String> {
        let cell = self.present(field)?;
        let text = cell.text();
        let text = text.trim();
        match crate::rules::v112_invalid_text::check(field, text) {
            Ok(()) => Some(text.to_string()),
            Err(problem) => {
                self.fail(&V112, field, text, &problem);
                None
            }
        }
    }

    fn parsed<T, E: ValueProblem>(
        &mut self,
        rule: &Rule,
        field: Field,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        let cell = self.present(field)?;
        let text = cell_text_for_identifier(field, cell);
        match parse(text.trim()) {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(rule, field, &text, &e);
                None
            }
        }
    }

    fn date(&mut self, field: Field) -> Option<NaiveDate> {
        let cell = self.present(field)?;
        let parsed = match cell {
            Cell::DateTime(dt) if dt.time() == NaiveTime::MIN => Ok(dt.date()),
            Cell::DateTime(_) => Err(date::DateError::NotMidnight),
            Cell::Number(serial) => date::from_serial(serial),
            other => date::parse_date(&other.text()),
        };
        let range = |d| match field {
            Field::Indiensttreding => number::check_hire_date_range(d),
            _ => number::check_date_range(d),
        };
        match parsed {
            Ok(d) => match range(d) {
                Ok(()) => Some(d),
                Err(e) => {
                    self.fail(&V110, field, &cell.display(), &e);
                    None
                }
            },
            Err(e) => {
                self.fail(&V104, field, &cell.display(), &e);
                None
            }
        }
    }

    fn decimal(&mut self, field: Field, percentage: bool) -> Option<Decimal> {
        let cell = self.present(field)?;
        let parsed = match cell {
            Cell::Number(n) => number::from_float(n),
            other if percentage => number::parse_percentage(&other.text()),
            other => number::parse_decimal(&other.text()),
        };
        let value = match parsed {
            Ok(v) => v,
            Err(e) => {
                self.fail(&V105, field, &cell.display(), &e);
                return None;
            }
        };
        let range = if percentage {
            number::check_twp(value)
        } else {
            number::check_quantity(value)
        };
        match range {
            Ok(()) => Some(value),
            Err(e) => {
                self.fail(&V110, field, &cell.display(), &e);
                None
            }
        }
    }

    fn yes_no(&mut self, field: Field) -> Option<Option<bool>> {
        let Some(cell) = self.present(field) else {
            return Some(None);
        };
        let parsed = match cell {
            Cell::Bool(b) => Ok(b),
            Cell::Number(1.0) => Ok(true),
            Cell::Number(0.0) => Ok(false),
            other => choice::parse_yes_no(&other.text()),
        };
        match parsed {
            Ok(b) => Some(Some(b)),
            Err(e) => {
                self.fail(&V109, field, &cell.display(), &e);
                None
            }
        }
    }
}

/// A spreadsheet number in an identifier field: integral numbers without a
/// decimal part, and an INSZ padded back to the 11 digits Excel drops the
/// leading zero of.
pub(crate) fn cell_text_for_identifier<'a>(field: Field, cell: Cell<'a>) -> std::borrow::Cow<'a, str> {
    match (field, cell) {
        (Field::WerknemerInsz, Cell::Number(n)) if n.fract() == 0.0 && (0.0..1e11).contains(&n) => {
            format!("{:011}", n as u64).into()
        }
        (_, Cell::Number(n)) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", n as i64).into(),
        _ => cell.text(),
    }
}

/// Types one row: the request when every field typed, and a V diagnostic
/// for every field that did not.
pub fn type_row(raw: &RawRow, schema: &InputSchema, lang: Lang) -> (Option<Request>, Vec<Diagnostic>) {
    let mut t = Typer {
        raw,
        schema,
        lang,
        diagnostics: Vec::new(),
    };
    let kbo = t.parsed(&V101, Field::WerkgeverKbo, Kbo::parse);
    let werkgever_naam = t.text(Field::WerkgeverNaam);
    let postcode = t.parsed(&V111, Field::VestigingPostcode, postcode::parse_postcode);
    let insz = t.parsed(&V102, Field::WerknemerInsz, Insz::parse);
    let naam = t.text(Field::WerknemerNaam);
    let voornaam = t.text(Field::WerknemerVoornaam);
    let odb = t.parsed(&V103, Field::OdbNummer, Odb::parse);
    let titel = t.text(Field::OpleidingTitel);
    let opleidingstype_cell = !raw.cell(Field::Opleidingstype).is_blank();
    let opleidingstype = t.parsed(&V109, Field::Opleidingstype, TrainingType::parse);
    let contract_cell = !raw.cell(Field::Contract).is_blank();
    let contract = t.parsed(&V109, Field::Contract, Contract::parse);
    let eenheid = if raw.cell(Field::Eenheid).is_blank() {
        t.present(Field::Eenheid);
        Some(Unit::Uren)
    } else {
        t.parsed(&V109, Field::Eenheid, Unit::parse)
    };
    let aantal_text = raw.cell(Field::Aantal);
    let aantal = match aantal_text {
        // A text cell `1.200` reads two ways: neither is guessed (V110).
        Cell::Text(text) => match number::check_ambiguous_thousands(text) {
            Ok(()) => t.decimal(Field::Aantal, false),
            Err(e) => {
                t.fail(&V110, Field::Aantal, text, &e);
                None
            }
        },
        _ => t.decimal(Field::Aantal, false),
    };
    // More than one enrolment holds in its unit: a typo or a total (V110).
    let aantal = match (aantal, eenheid) {
        (Some(a), Some(unit)) if a > Decimal::from(unit.max_quantity()) => {
            let e = number::RangeError::QuantityTooLarge {
                unit: unit.as_str(),
                max: unit.max_quantity(),
            };
            t.fail(&V110, Field::Aantal, &aantal_text.display(), &e);
            None
        }
        (a, _) => a,
    };
    let startdatum = t.date(Field::Startdatum);
    let einddatum = t.date(Field::Einddatum);
    let inschrijvingsdatum_cell = !raw.cell(Field::Inschrijvingsdatum).is_blank();
    let inschrijvingsdatum = t.date(Field::Inschrijvingsdatum);
    let indiensttreding_cell = !raw.cell(Field::Indiensttreding).is_blank();
    let indiensttreding = t.date(Field::Indiensttreding);
    let twp_cell = !raw.cell(Field::TewerkstellingPct).is_blank();
    let twp = t.decimal(Field::TewerkstellingPct, true);
    let vast_uurrooster = t.yes_no(Field::VastUurrooster);
    let email_cell = !raw.cell(Field::ContactEmail).is_blank();
    let email = t.parsed(&V107, Field::ContactEmail, email::parse_email);
    let iban_cell = !raw.cell(Field::Iban).is_blank();
    let iban = t.parsed(&V108, Field::Iban, iban::parse_iban);
    let postcode_cell = !raw.cell(Field::VestigingPostcode).is_blank();

    let diagnostics = t.diagnostics;
    if !diagnostics.is_empty() {
        return (None, diagnostics);
    }
    // An optional field that was filled in but did not type has a diagnostic
    // above, so from here on every `None` of a filled-in cell is impossible.
    let all_typed = (!opleidingstype_cell || opleidingstype.is_some())
        && (!contract_cell || contract.is_some())
        && (!inschrijvingsdatum_cell || inschrijvingsdatum.is_some())
        && (!indiensttreding_cell || indiensttreding.is_some())
        && (!twp_cell || twp.is_some())
        && (!email_cell || email.is_some())
        && (!iban_cell || iban.is_some())
        && (!postcode_cell || postcode.is_some());
    let request = match (
        kbo,
        insz,
        naam,
        voornaam,
        odb,
        eenheid,
        aantal,
        startdatum,
        einddatum,
        vast_uurrooster,
    ) {
        (
            Some(kbo),
            Some(insz),
            Some(naam),
            Some(voornaam),
            Some(odb),
            Some(eenheid),
            Some(aantal),
            Some(startdatum),
            Some(einddatum),
            Some(vast_uurrooster),
        ) if all_typed => Some(Request {
            kbo,
            werkgever_naam,
            postcode,
            insz,
            naam,
            voornaam,
            odb,
            titel,
            opleidingstype,
            contract,
            eenheid,
            aantal,
            startdatum,
            einddatum,
            inschrijvingsdatum,
            indiensttreding,
            twp,
            vast_uurrooster,
            email,
            iban,
        }),
        _ => None,
    };
    (request, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes of a row with this quantity and unit (else a valid row).
    fn quantity_codes(aantal: &str, eenheid: &str) -> Vec<&'static str> {
        let schema = InputSchema::builtin();
        let mut raw = RawRow::new(Source { input: 0, line: 2 }, 0, 0);
        for (field, value) in [
            (Field::WerkgeverKbo, "0403170701"),
            (Field::WerknemerInsz, "85073003328"),
            (Field::WerknemerNaam, "Peeters"),
            (Field::WerknemerVoornaam, "An"),
            (Field::OdbNummer, "ODB-1001623"),
            (Field::Eenheid, eenheid),
            (Field::Aantal, aantal),
            (Field::Startdatum, "01/10/2026"),
            (Field::Einddatum, "01/10/2026"),
        ] {
            raw.set(field, Cell::Text(value));
        }
        type_row(&raw, &schema, Lang::En)
            .1
            .iter()
            .map(|d| d.code.as_str())
            .collect()
    }

    #[test]
    fn quantities_are_bounded_per_unit_at_the_limit_and_just_above() {
        for (unit, max) in [
            ("uren", "2000"),
            ("lestijden", "2000"),
            ("studiepunten", "120"),
            ("examens", "40"),
        ] {
            assert!(quantity_codes(max, unit).is_empty(), "{max} {unit}");
            let above = format!("{max},5");
            assert_eq!(quantity_codes(&above, unit), vec!["V110"], "{above} {unit}");
        }
        // The overflow that once panicked the figures.
        assert_eq!(quantity_codes("9999999999999999999999999999", "examens"), vec!["V110"]);
    }

    #[test]
    fn a_dot_and_three_digits_is_ambiguous_and_named_both_ways() {
        assert_eq!(quantity_codes("1.200", "uren"), vec!["V110"]);
        assert_eq!(
            quantity_codes("1,200", "uren"),
            Vec::<&str>::new(),
            "a decimal comma is clear"
        );
        assert_eq!(quantity_codes("12.5", "uren"), Vec::<&str>::new());
        assert_eq!(quantity_codes("1.2", "uren"), Vec::<&str>::new());
        let schema = InputSchema::builtin();
        let mut raw = RawRow::new(Source { input: 0, line: 2 }, 0, 0);
        raw.set(Field::Aantal, Cell::Text("1.200"));
        let (_, diagnostics) = type_row(&raw, &schema, Lang::En);
        let v110 = diagnostics.iter().find(|d| d.code == "V110").expect("V110");
        assert!(
            v110.message.contains("1.2") && v110.message.contains("1200"),
            "{}",
            v110.message
        );
    }
    use crate::model::Source;

    fn row(cells: &[(Field, &str)]) -> RawRow {
        let mut row = RawRow::new(Source { input: 0, line: 2 }, 0, 0);
        for (field, text) in cells {
            row.set(*field, Cell::Text(text));
        }
        row
    }

    const VALID: &[(Field, &str)] = &[
        (Field::WerkgeverKbo, "0403.170.701"),
        (Field::WerknemerInsz, "85.07.30-033.28"),
        (Field::WerknemerNaam, "Peeters"),
        (Field::WerknemerVoornaam, "An"),
        (Field::OdbNummer, "odb z00291"),
        (Field::Aantal, "36,5"),
        (Field::Startdatum, "01/10/2026"),
        (Field::Einddatum, "2027-06-30 00:00:00"),
    ];

    #[test]
    fn a_valid_row_types_with_its_defaults() {
        let (request, diagnostics) = type_row(&row(VALID), &InputSchema::builtin(), Lang::En);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let request = request.unwrap();
        assert_eq!(request.kbo.as_str(), "0403170701");
        assert_eq!(request.odb.as_str(), "ODB-Z00291");
        assert_eq!(request.eenheid, Unit::Uren);
        assert_eq!(request.aantal, Decimal::new(365, 1));
    }

    #[test]
    fn every_failing_field_gets_its_own_diagnostic() {
        let mut cells = VALID.to_vec();
        cells.retain(|(f, _)| *f != Field::WerknemerNaam);
        cells.push((Field::WerkgeverKbo, "0403170702"));
        cells.push((Field::Startdatum, "09/26/2026"));
        cells.push((Field::Indiensttreding, "01/03/1985"));
        let (request, diagnostics) = type_row(&row(&cells), &InputSchema::builtin(), Lang::En);
        assert!(request.is_none());
        let codes: Vec<(&str, Option<Field>)> = diagnostics.iter().map(|d| (d.code.as_str(), d.field)).collect();
        assert_eq!(
            codes,
            vec![
                ("V101", Some(Field::WerkgeverKbo)),
                ("V106", Some(Field::WerknemerNaam)),
                ("V104", Some(Field::Startdatum)),
            ],
            "a hire date in 1985 is fine"
        );
    }

    #[test]
    fn shown_values_are_masked_and_cut() {
        assert_eq!(shown_value(Field::WerknemerInsz, "85073003328"), "850730-xxx-xx");
        assert_eq!(shown_value(Field::Iban, "BE68 5390 0754 7034"), "BE68…");
        let long = shown_value(Field::Aantal, &"9".repeat(1_000_000));
        assert_eq!(long.chars().count(), SHOWN_CHARS + 1);
    }
}
