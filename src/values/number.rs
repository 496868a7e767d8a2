//! Numbers (V105) and range checks (V110).
//!
//! Quantities and TWP arrive as text with a decimal comma (`93,75`, Belgian
//! spreadsheets) or point (`93.75`, exports), or as spreadsheet floats. Thousands
//! separators are refused: `1.234` vs `1,234` cannot be told apart reliably, and
//! no VOV quantity needs them. Values are kept as [`Decimal`] so that `36,5` stays
//! exactly 36.5 through every computation.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::lang::{tr, trf, Lang};

/// Why a text or float is not a usable number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    /// Nothing (or only whitespace) was given.
    Empty,
    /// A minus sign: quantities and percentages are never negative.
    Negative,
    /// More than one separator, or digit groups split by spaces or apostrophes.
    ThousandsSeparator,
    /// Too many digits to hold exactly.
    TooLarge,
    /// Not a number in any accepted form (letters, exponents, NaN, ...).
    Unrecognised,
}

/// Minus signs: ASCII and the typographic one some spreadsheets produce.
fn is_minus(c: char) -> bool {
    matches!(c, '-' | '\u{2212}' | '\u{2012}' | '\u{2013}')
}

/// Characters used to group thousands (`1 234`, `1'234`, `1 234` with a no-break space).
fn is_group_char(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\'' | '\u{2019}')
}

/// Parses a non-negative decimal number with a decimal comma or point.
///
/// Accepts an optional leading `+`, at most one separator, digits on either side
/// (`5`, `5,5`, `,5`, `5.`). Returns the normalised value (`40,00` → `40`).
pub fn parse_decimal(s: &str) -> Result<Decimal, NumberError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(NumberError::Empty);
    }
    let (negative, body) = match s.chars().next() {
        Some('+') => (false, s.get(1..).unwrap_or("")),
        Some(c) if is_minus(c) => (true, s.get(c.len_utf8()..).unwrap_or("")),
        _ => (false, s),
    };
    let value = parse_unsigned(body)?;
    if negative && !value.is_zero() {
        return Err(NumberError::Negative);
    }
    Ok(value.normalize())
}

/// The digits-and-one-separator part of a number.
fn parse_unsigned(body: &str) -> Result<Decimal, NumberError> {
    let mut int_part = String::new();
    let mut frac_part = String::new();
    let mut separators = 0usize;
    let mut grouped = false;
    for c in body.chars() {
        match c {
            '0'..='9' if separators == 0 => int_part.push(c),
            '0'..='9' => frac_part.push(c),
            ',' | '.' => separators += 1,
            c if is_group_char(c) => grouped = true,
            _ => return Err(NumberError::Unrecognised),
        }
    }
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(NumberError::Unrecognised);
    }
    if grouped || separators > 1 {
        return Err(NumberError::ThousandsSeparator);
    }
    decimal_from_parts(&int_part, &frac_part)
}

/// Significant digits a [`Decimal`] always holds exactly (its mantissa has 96 bits).
const MAX_DIGITS: usize = 28;

/// Builds a decimal from ASCII digit strings before and after the point.
///
/// Refuses what would not fit exactly instead of letting `Decimal::from_str`
/// round it; this also keeps long inputs away from that parser, which recurses
/// per digit and overflows the stack on thousands of digits.
fn decimal_from_parts(int_part: &str, frac_part: &str) -> Result<Decimal, NumberError> {
    let int_part = int_part.trim_start_matches('0');
    let frac_part = frac_part.trim_end_matches('0');
    if int_part.len() + frac_part.len() > MAX_DIGITS {
        return Err(NumberError::TooLarge);
    }
    let int_part = if int_part.is_empty() { "0" } else { int_part };
    let text = if frac_part.is_empty() {
        int_part.to_string()
    } else {
        format!("{int_part}.{frac_part}")
    };
    Decimal::from_str(&text).map_err(|_| NumberError::TooLarge)
}

/// Parses a percentage: an optional trailing `%` (spaces before it allowed), then
/// [`parse_decimal`]. `75 %`, `75%` and `75` are all 75.
pub fn parse_percentage(s: &str) -> Result<Decimal, NumberError> {
    let t = s.trim();
    parse_decimal(t.strip_suffix('%').unwrap_or(t))
}

/// Converts a spreadsheet number cell to a decimal without binary float noise:
/// the shortest text that round-trips (`36.5`, not `36.49999…`) is what the
/// user typed, so that text is parsed.
pub fn from_float(f: f64) -> Result<Decimal, NumberError> {
    if !f.is_finite() {
        return Err(NumberError::Unrecognised);
    }
    if f < 0.0 {
        return Err(NumberError::Negative);
    }
    if f == 0.0 {
        // Also covers -0.0, which would otherwise keep its sign.
        return Ok(Decimal::ZERO);
    }
    // Rust prints finite floats without exponent: digits, maybe a point, digits.
    let text = format!("{f}");
    let (int_part, frac_part) = text.split_once('.').unwrap_or((&text, ""));
    decimal_from_parts(int_part, frac_part).map(|d| d.normalize())
}

/// Formats a decimal for people and for the upload: normalised, decimal comma,
/// no exponent, no thousands separators (`40`, `36,5`, `93,75`).
pub fn format_comma(d: Decimal) -> String {
    let n = d.normalize();
    let n = if n.is_zero() { Decimal::ZERO } else { n };
    n.to_string().replace('.', ",")
}

impl NumberError {
    /// Short sentence for the user: what is wrong and what is expected.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            NumberError::Empty => tr!(lang, nl: "getal ontbreekt", fr: "le nombre manque", en: "the number is missing"),
            NumberError::Negative => tr!(lang,
                nl: "negatief getal; verwacht wordt 0 of meer",
                fr: "nombre négatif; 0 ou plus est attendu",
                en: "negative number; expected 0 or more",
            ),
            NumberError::ThousandsSeparator => tr!(lang,
                nl: "getal met scheidingsteken voor duizendtallen of met meer dan één komma/punt; verwacht een getal zoals 93,75",
                fr: "nombre avec un séparateur de milliers ou plus d'une virgule/d'un point; attendu un nombre comme 93,75",
                en: "number with a thousands separator or more than one comma/point; expected a number like 93.75",
            ),
            NumberError::TooLarge => tr!(lang,
                nl: "getal met te veel cijfers; verwacht een gewoon aantal zoals 93,75",
                fr: "nombre avec trop de chiffres; attendu une quantité ordinaire comme 93,75",
                en: "number with too many digits; expected an ordinary amount like 93.75",
            ),
            NumberError::Unrecognised => tr!(lang,
                nl: "geen geldig getal; verwacht cijfers met eventueel een decimale komma of punt, zoals 93,75",
                fr: "nombre non valable; attendu des chiffres avec éventuellement une virgule ou un point décimal, comme 93,75",
                en: "not a valid number; expected digits with an optional decimal comma or point, like 93.75",
            ),
        }
        .to_string()
    }

    /// One sentence on how to fix it.
    pub fn help(&self, lang: Lang) -> String {
        match self {
            NumberError::Empty => tr!(lang,
                nl: "Vul het getal in, bv. 40 of 36,5.",
                fr: "Indiquez le nombre, p. ex. 40 ou 36,5.",
                en: "Fill in the number, e.g. 40 or 36.5.",
            ),
            NumberError::Negative => tr!(lang,
                nl: "Laat het minteken weg; een correctie dient u niet in via een negatieve aanvraag.",
                fr: "Supprimez le signe moins; une correction ne s'introduit pas par une demande négative.",
                en: "Remove the minus sign; corrections are not submitted as negative requests.",
            ),
            NumberError::ThousandsSeparator => tr!(lang,
                nl: "Schrijf het getal zonder punten of spaties tussen de duizendtallen, met hoogstens één decimale komma, bv. 1234,5.",
                fr: "Écrivez le nombre sans points ni espaces entre les milliers, avec au plus une virgule décimale, p. ex. 1234,5.",
                en: "Write the number without dots or spaces between thousands and with at most one decimal separator, e.g. 1234.5.",
            ),
            NumberError::TooLarge => tr!(lang,
                nl: "Controleer of de juiste kolom of cel gebruikt is.",
                fr: "Vérifiez que la bonne colonne ou cellule a été utilisée.",
                en: "Check that the right column or cell was used.",
            ),
            NumberError::Unrecognised => tr!(lang,
                nl: "Schrijf alleen het getal, zonder eenheid of tekst, bv. 36,5.",
                fr: "Écrivez uniquement le nombre, sans unité ni texte, p. ex. 36,5.",
                en: "Write only the number, without unit or text, e.g. 36.5.",
            ),
        }
        .to_string()
    }
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for NumberError {}

/// A typed value outside the range the VOV rules allow (V110).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RangeError {
    /// TWP below 0 or above 100.
    TwpOutOfRange,
    /// Average hours a week below 0 or above the 168 hours of a week.
    HoursAWeekOutOfRange,
    /// A quantity of zero (or less): nothing to reimburse.
    ZeroQuantity,
    /// A date before 2000-01-01 or after 2100-12-31: almost surely a typo.
    DateOutOfRange,
    /// A hire date before 1900-01-01 or after 2100-12-31. Hire dates reach
    /// further back than training dates: long-serving employees.
    HireDateOutOfRange,
    /// More than one enrolment can hold in this unit (see `Unit::max_quantity`).
    QuantityTooLarge {
        /// The unit's name (`uren`, `lestijden`, `studiepunten`, `examens`).
        unit: &'static str,
        /// The most one enrolment holds in that unit.
        max: u32,
    },
    /// `1.200`: a decimal point or a thousands separator? Belgian
    /// spreadsheets read 1200, a decimal point 1,2: neither is guessed.
    AmbiguousThousands {
        /// The value read with a decimal point (`1.2`).
        as_decimal: Decimal,
        /// The value read with a thousands separator (`1200`).
        as_thousands: Decimal,
    },
}

/// A quantity written with a dot and exactly three digits after it
/// (`1.200`), which reads as 1,2 or as 1200 (RULES.md rev 2, V110).
pub fn check_ambiguous_thousands(text: &str) -> Result<(), RangeError> {
    let text = text.trim();
    let Some((whole, decimals)) = text.split_once('.') else {
        return Ok(());
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(whole) && whole.len() <= 3 && decimals.len() == 3 && digits(decimals)) {
        return Ok(());
    }
    match (parse_decimal(text), parse_decimal(&format!("{whole}{decimals}"))) {
        (Ok(as_decimal), Ok(as_thousands)) => Err(RangeError::AmbiguousThousands {
            as_decimal,
            as_thousands,
        }),
        _ => Ok(()),
    }
}

/// TWP (employment percentage) must lie in 0..=100.
pub fn check_twp(d: Decimal) -> Result<(), RangeError> {
    if d >= Decimal::ZERO && d <= Decimal::ONE_HUNDRED {
        Ok(())
    } else {
        Err(RangeError::TwpOutOfRange)
    }
}

/// The hours in a week: the most an average weekly working time can be.
pub const HOURS_IN_A_WEEK: u32 = 168;

/// Average weekly working hours (`uren_per_week`) must lie in 0..=168.
pub fn check_hours_a_week(d: Decimal) -> Result<(), RangeError> {
    if d >= Decimal::ZERO && d <= Decimal::from(HOURS_IN_A_WEEK) {
        Ok(())
    } else {
        Err(RangeError::HoursAWeekOutOfRange)
    }
}

/// A quantity (hours, periods, credits, exams) must be more than zero.
pub fn check_quantity(d: Decimal) -> Result<(), RangeError> {
    if d > Decimal::ZERO {
        Ok(())
    } else {
        Err(RangeError::ZeroQuantity)
    }
}

/// V110 for a hire date: 1900-01-01 to 2100-12-31.
pub fn check_hire_date_range(d: NaiveDate) -> Result<(), RangeError> {
    let first = NaiveDate::from_ymd_opt(1900, 1, 1);
    let last = NaiveDate::from_ymd_opt(2100, 12, 31);
    match (first, last) {
        (Some(first), Some(last)) if d >= first && d <= last => Ok(()),
        _ => Err(RangeError::HireDateOutOfRange),
    }
}

/// Dates must lie in 2000-01-01..=2100-12-31; outside that a year is mistyped.
/// V110 for the start, end and enrolment dates; fails with
/// [`RangeError::DateOutOfRange`].
pub fn check_date_range(d: NaiveDate) -> Result<(), RangeError> {
    let lo = NaiveDate::from_ymd_opt(2000, 1, 1);
    let hi = NaiveDate::from_ymd_opt(2100, 12, 31);
    match (lo, hi) {
        (Some(lo), Some(hi)) if d >= lo && d <= hi => Ok(()),
        _ => Err(RangeError::DateOutOfRange),
    }
}

impl RangeError {
    /// Short sentence for the user: what is wrong and what is expected.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            RangeError::TwpOutOfRange => tr!(lang,
                nl: "tewerkstellingspercentage moet tussen 0 en 100 liggen",
                fr: "le taux d'occupation doit être compris entre 0 et 100",
                en: "the employment percentage must be between 0 and 100",
            ),
            RangeError::HoursAWeekOutOfRange => tr!(lang,
                nl: "het gemiddeld aantal uren per week moet tussen 0 en 168 liggen",
                fr: "la durée hebdomadaire moyenne doit être comprise entre 0 et 168 heures",
                en: "the average hours a week must be between 0 and 168",
            ),
            RangeError::ZeroQuantity => tr!(lang,
                nl: "aantal is 0; verwacht wordt meer dan 0",
                fr: "la quantité est 0; plus de 0 est attendu",
                en: "the quantity is 0; expected more than 0",
            ),
            RangeError::DateOutOfRange => tr!(lang,
                nl: "datum ligt buiten 2000-2100",
                fr: "la date se situe en dehors de 2000-2100",
                en: "the date lies outside 2000-2100",
            ),
            RangeError::HireDateOutOfRange => tr!(lang,
                nl: "datum ligt buiten 1900-2100",
                fr: "la date se situe en dehors de 1900-2100",
                en: "the date lies outside 1900-2100",
            ),
            RangeError::QuantityTooLarge { unit, max } => {
                return trf!(lang,
                    nl: "meer dan één inschrijving kan bevatten: ten hoogste {max} {unit}",
                    fr: "plus que ne peut contenir une seule inscription: au plus {max} {unit}",
                    en: "more than one enrolment can hold: at most {max} {unit}",
                )
            }
            RangeError::AmbiguousThousands {
                as_decimal,
                as_thousands,
            } => {
                let (a, b) = (format_comma(*as_decimal), format_comma(*as_thousands));
                return trf!(lang,
                    nl: "dubbelzinnig: {a} (punt als decimaalteken) of {b} (punt als duizendtal)?",
                    fr: "ambigu: {a} (point décimal) ou {b} (séparateur de milliers)?",
                    en: "ambiguous: {a} (a decimal point) or {b} (a thousands separator)?",
                );
            }
        }
        .to_string()
    }

    /// One sentence on how to fix it.
    pub fn help(&self, lang: Lang) -> String {
        match self {
            RangeError::TwpOutOfRange => tr!(lang,
                nl: "Vul het percentage in als getal van 0 tot 100, bv. 80 voor 4/5 (niet 0,8).",
                fr: "Indiquez le pourcentage comme un nombre de 0 à 100, p. ex. 80 pour un 4/5 (pas 0,8).",
                en: "Fill in the percentage as a number from 0 to 100, e.g. 80 for 4/5 (not 0.8).",
            ),
            RangeError::HoursAWeekOutOfRange => tr!(lang,
                nl: "Vul de gemiddelde wekelijkse arbeidsduur over alle werkgevers in (de som van de Q's in de DmfA), bv. 30,4.",
                fr: "Indiquez la durée hebdomadaire moyenne de travail chez tous les employeurs (la somme des Q de la DmfA), p. ex. 30,4.",
                en: "Fill in the average weekly working hours over all employers (the sum of the Q's in the DmfA), e.g. 30.4.",
            ),
            RangeError::ZeroQuantity => tr!(lang,
                nl: "Vul het aantal uren, lestijden, studiepunten of examens van het inschrijvingsattest in, of laat de rij weg.",
                fr: "Indiquez le nombre d'heures, de périodes, de crédits ou d'examens de l'attestation d'inscription, ou supprimez la ligne.",
                en: "Fill in the hours, periods, credits or exams from the enrolment certificate, or drop the row.",
            ),
            RangeError::DateOutOfRange | RangeError::HireDateOutOfRange => tr!(lang,
                nl: "Controleer het jaartal; waarschijnlijk is het verkeerd getypt.",
                fr: "Vérifiez l'année; elle a probablement été mal tapée.",
                en: "Check the year; it was probably mistyped.",
            ),
            RangeError::QuantityTooLarge { .. } => tr!(lang,
                nl: "Vul het aantal van één inschrijvingsattest in (geen totaal); controleer de eenheid.",
                fr: "Indiquez la quantité d'une seule attestation d'inscription (pas un total); vérifiez l'unité.",
                en: "Fill in the quantity of one enrolment certificate (not a total); check the unit.",
            ),
            RangeError::AmbiguousThousands { .. } => tr!(lang,
                nl: "Schrijf het aantal zonder scheidingsteken voor duizendtallen (1200) of met een decimale komma (1,2).",
                fr: "Écrivez la quantité sans séparateur de milliers (1200) ou avec une virgule décimale (1,2).",
                en: "Write the quantity without a thousands separator (1200) or with a decimal comma (1,2).",
            ),
        }
        .to_string()
    }
}

impl fmt::Display for RangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for RangeError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(parse_decimal("40"), Ok(dec("40")));
        assert_eq!(parse_decimal("93,75"), Ok(dec("93.75")));
        assert_eq!(parse_decimal("93.75"), Ok(dec("93.75")));
        assert_eq!(parse_decimal("  36,5  "), Ok(dec("36.5")));
        assert_eq!(parse_decimal("+12"), Ok(dec("12")));
        assert_eq!(parse_decimal("0"), Ok(Decimal::ZERO));
        assert_eq!(parse_decimal("007"), Ok(dec("7")));
        assert_eq!(parse_decimal(",5"), Ok(dec("0.5")));
        assert_eq!(parse_decimal("5."), Ok(dec("5")));
        assert_eq!(parse_decimal("1.234"), Ok(dec("1.234")));
        assert_eq!(parse_decimal("1,234"), Ok(dec("1.234")));
    }

    #[test]
    fn results_are_normalised() {
        assert_eq!(parse_decimal("40,00").map(|d| d.to_string()), Ok("40".into()));
        assert_eq!(parse_decimal("36,50").map(|d| d.to_string()), Ok("36.5".into()));
        assert_eq!(parse_decimal("0,000").map(|d| d.to_string()), Ok("0".into()));
        assert_eq!(parse_decimal("100").map(|d| d.to_string()), Ok("100".into()));
    }

    #[test]
    fn negatives() {
        assert_eq!(parse_decimal("-1"), Err(NumberError::Negative));
        assert_eq!(parse_decimal("-0,5"), Err(NumberError::Negative));
        assert_eq!(parse_decimal("\u{2212}3"), Err(NumberError::Negative));
        assert_eq!(parse_decimal("-0").map(|d| d.to_string()), Ok("0".into()));
        assert_eq!(parse_decimal("-abc"), Err(NumberError::Unrecognised));
        assert_eq!(parse_decimal("-"), Err(NumberError::Unrecognised));
        assert_eq!(parse_decimal("--1"), Err(NumberError::Unrecognised));
    }

    #[test]
    fn thousands_separators() {
        for s in [
            "1.234,5",
            "1,234.5",
            "1 234",
            "1.234.567",
            "1,234,567",
            "1'234",
            "1\u{a0}234",
        ] {
            assert_eq!(parse_decimal(s), Err(NumberError::ThousandsSeparator), "{s:?}");
        }
        assert_eq!(parse_decimal(",,"), Err(NumberError::Unrecognised));
    }

    #[test]
    fn garbage() {
        assert_eq!(parse_decimal(""), Err(NumberError::Empty));
        assert_eq!(parse_decimal("   "), Err(NumberError::Empty));
        for s in [
            "abc", "1e3", "1E3", "1.5e2", "12u", "12 uur", "NaN", "inf", "+", ".", ",", "++1", "1+", "12%", "\u{0}",
            "1\u{0}", "٣", "１２", "🙂", "0x10", "½",
        ] {
            assert_eq!(parse_decimal(s), Err(NumberError::Unrecognised), "{s:?}");
        }
    }

    #[test]
    fn very_long_inputs() {
        assert_eq!(parse_decimal(&"9".repeat(100_000)), Err(NumberError::TooLarge));
        assert_eq!(parse_decimal(&"9".repeat(29)), Err(NumberError::TooLarge));
        assert!(parse_decimal(&"9".repeat(28)).is_ok());
        // Leading zeros do not count towards size.
        assert_eq!(parse_decimal(&format!("{}1", "0".repeat(10_000))), Ok(Decimal::ONE));
        // Long fractions must not reach the recursive parser of the crate.
        assert_eq!(
            parse_decimal(&format!("0,{}", "3".repeat(10_000))),
            Err(NumberError::TooLarge)
        );
        assert_eq!(parse_decimal(&format!("1,5{}", "0".repeat(10_000))), Ok(dec("1.5")));
        // 28 significant digits fit exactly; 29 do not.
        assert_eq!(
            parse_decimal("12345678901234.12345678901234").map(|d| d.to_string()),
            Ok("12345678901234.12345678901234".to_string())
        );
        assert_eq!(
            parse_decimal("12345678901234.123456789012345"),
            Err(NumberError::TooLarge)
        );
        assert_eq!(parse_decimal(&"x".repeat(100_000)), Err(NumberError::Unrecognised));
    }

    #[test]
    fn percentages() {
        assert_eq!(parse_percentage("75%"), Ok(dec("75")));
        assert_eq!(parse_percentage("75 %"), Ok(dec("75")));
        assert_eq!(parse_percentage(" 80,5% "), Ok(dec("80.5")));
        assert_eq!(parse_percentage("100"), Ok(dec("100")));
        assert_eq!(parse_percentage("%"), Err(NumberError::Empty));
        assert_eq!(parse_percentage("75%%"), Err(NumberError::Unrecognised));
        assert_eq!(parse_percentage("-5%"), Err(NumberError::Negative));
        assert_eq!(parse_percentage(""), Err(NumberError::Empty));
    }

    #[test]
    fn floats() {
        assert_eq!(from_float(36.5), Ok(dec("36.5")));
        assert_eq!(from_float(40.0).map(|d| d.to_string()), Ok("40".into()));
        assert_eq!(from_float(93.75), Ok(dec("93.75")));
        assert_eq!(from_float(0.1 + 0.2), Ok(dec("0.30000000000000004")));
        assert_eq!(from_float(0.0), Ok(Decimal::ZERO));
        assert_eq!(from_float(-0.0).map(|d| d.to_string()), Ok("0".into()));
        assert_eq!(from_float(-1.0), Err(NumberError::Negative));
        assert_eq!(from_float(f64::NAN), Err(NumberError::Unrecognised));
        assert_eq!(from_float(f64::INFINITY), Err(NumberError::Unrecognised));
        assert_eq!(from_float(f64::NEG_INFINITY), Err(NumberError::Unrecognised));
        assert_eq!(from_float(1e300), Err(NumberError::TooLarge));
        assert_eq!(from_float(f64::MAX), Err(NumberError::TooLarge));
        // Tiny values cannot be held exactly.
        assert_eq!(from_float(1e-300), Err(NumberError::TooLarge));
        assert_eq!(from_float(f64::MIN_POSITIVE), Err(NumberError::TooLarge));
        assert_eq!(from_float(1e-5), Ok(dec("0.00001")));
        assert_eq!(from_float(123456789.25), Ok(dec("123456789.25")));
    }

    #[test]
    fn formatting() {
        assert_eq!(format_comma(dec("40")), "40");
        assert_eq!(format_comma(dec("40.00")), "40");
        assert_eq!(format_comma(dec("36.5")), "36,5");
        assert_eq!(format_comma(dec("93.75")), "93,75");
        assert_eq!(format_comma(dec("1234567.5")), "1234567,5");
        assert_eq!(format_comma(dec("0.0001")), "0,0001");
        assert_eq!(format_comma(dec("-0.0")), "0");
        assert_eq!(format_comma(Decimal::new(125, 0) * dec("0.75")), "93,75");
        // Round trip.
        for s in ["40", "36,5", "93,75", "0,001"] {
            assert_eq!(parse_decimal(s).map(format_comma), Ok(s.to_string()));
        }
    }

    #[test]
    fn twp_range() {
        assert_eq!(check_twp(dec("0")), Ok(()));
        assert_eq!(check_twp(dec("50")), Ok(()));
        assert_eq!(check_twp(dec("100")), Ok(()));
        assert_eq!(check_twp(dec("100.0")), Ok(()));
        assert_eq!(check_twp(dec("100.01")), Err(RangeError::TwpOutOfRange));
        assert_eq!(check_twp(dec("-0.01")), Err(RangeError::TwpOutOfRange));
        assert_eq!(check_twp(dec("150")), Err(RangeError::TwpOutOfRange));
    }

    #[test]
    fn quantity_range() {
        assert_eq!(check_quantity(dec("0")), Err(RangeError::ZeroQuantity));
        assert_eq!(check_quantity(dec("0.000")), Err(RangeError::ZeroQuantity));
        assert_eq!(check_quantity(dec("-1")), Err(RangeError::ZeroQuantity));
        assert_eq!(check_quantity(dec("0.01")), Ok(()));
        assert_eq!(check_quantity(dec("32")), Ok(()));
    }

    #[test]
    fn date_range() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        assert_eq!(check_date_range(d(1999, 12, 31)), Err(RangeError::DateOutOfRange));
        assert_eq!(
            check_hire_date_range(d(1899, 12, 31)),
            Err(RangeError::HireDateOutOfRange)
        );
        assert_eq!(check_hire_date_range(d(1900, 1, 1)), Ok(()));
        assert_eq!(check_hire_date_range(d(1985, 3, 1)), Ok(()));
        assert_eq!(check_hire_date_range(d(2100, 12, 31)), Ok(()));
        assert_eq!(
            check_hire_date_range(d(2101, 1, 1)),
            Err(RangeError::HireDateOutOfRange)
        );
        assert_eq!(check_date_range(d(2000, 1, 1)), Ok(()));
        assert_eq!(check_date_range(d(2025, 9, 1)), Ok(()));
        assert_eq!(check_date_range(d(2100, 12, 31)), Ok(()));
        assert_eq!(check_date_range(d(2101, 1, 1)), Err(RangeError::DateOutOfRange));
        assert_eq!(check_date_range(NaiveDate::MIN), Err(RangeError::DateOutOfRange));
        assert_eq!(check_date_range(NaiveDate::MAX), Err(RangeError::DateOutOfRange));
    }

    #[test]
    fn messages_and_help() {
        let errs = [
            NumberError::Empty,
            NumberError::Negative,
            NumberError::ThousandsSeparator,
            NumberError::TooLarge,
            NumberError::Unrecognised,
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
        let errs = [
            RangeError::TwpOutOfRange,
            RangeError::ZeroQuantity,
            RangeError::DateOutOfRange,
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
            RangeError::QuantityTooLarge {
                unit: "uren",
                max: 2000
            }
            .message(Lang::Fr),
            "plus que ne peut contenir une seule inscription: au plus 2000 uren"
        );
        let ambiguous = check_ambiguous_thousands("1.200").err();
        assert_eq!(
            ambiguous.map(|e| e.message(Lang::Fr)).as_deref(),
            Some("ambigu: 1,2 (point décimal) ou 1200 (séparateur de milliers)?")
        );
    }
}
