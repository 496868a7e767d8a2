//! V104 invalid-date: a date field holds no date in an accepted form.
//!
//! The text forms are [`crate::values::date::parse_date`]'s; what a
//! spreadsheet cell may hold is decided here (`parse_cell`). A date that
//! reads but lies out of range is V110's.

use chrono::{NaiveDate, NaiveTime};

use crate::model::Cell;
use crate::rules::{Explanation, Rule, Text};
use crate::values::date::{self, DateError};

/// V104 invalid-date: dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd.
pub const V104: Rule = Rule {
    code: crate::code::Code::V104,
    name: "invalid-date",
    severity: "error",
    summary: Text {
        nl: "Datum ongeldig: dd/mm/jjjj, d/m/jjjj, dd-mm-jjjj, dd.mm.jjjj of jjjj-mm-dd.",
        fr: "Date non valable: jj/mm/aaaa, j/m/aaaa, jj-mm-aaaa, jj.mm.aaaa ou aaaa-mm-jj.",
        en: "Invalid date: dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Aanvaard: dd/mm/jjjj, d/m/jjjj, dd-mm-jjjj, dd.mm.jjjj, ISO jjjj-mm-dd, echte datumcellen en datumgetallen in rekenbladen, eventueel gevolgd door middernacht (00:00). Tweecijferige jaren en mm/dd/jjjj niet.",
            fr: "Acceptés: jj/mm/aaaa, j/m/aaaa, jj-mm-aaaa, jj.mm.aaaa, ISO aaaa-mm-jj, les vraies cellules de date et les numéros de série de date dans les tableurs, éventuellement suivis de minuit (00:00). Pas les années à deux chiffres ni mm/jj/aaaa.",
            en: "Accepted: dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, ISO yyyy-mm-dd, real date cells and date serial numbers in spreadsheets, optionally followed by midnight (00:00). Two-digit years and mm/dd/yyyy are not.",
        },
        why: Text {
            nl: "Termijnen worden op de dag berekend; 01/13 of 13/01 raden zou een aanvraag stilzwijgend te laat of te vroeg maken.",
            fr: "Les délais sont calculés au jour près; deviner 01/13 ou 13/01 rendrait une demande trop tardive ou trop précoce sans que rien ne le signale.",
            en: "Deadlines are computed to the day; guessing 01/13 versus 13/01 would silently make a request late or early.",
        },
        source: Text {
            nl: "de handleiding van vov-bulk (docs/GUIDE.md), rubriek Invoer (datums); de regelcatalogus van vov-bulk (`vov-bulk rules`)",
            fr: "le manuel de vov-bulk (docs/GUIDE.md), rubrique Entrée (Input: dates); le catalogue des règles de vov-bulk (`vov-bulk rules`)",
            en: "the vov-bulk manual (docs/GUIDE.md), section Input (dates); the vov-bulk rule catalogue (`vov-bulk rules`)",
        },
        fix: Text {
            nl: "Schrijf de datum als dd/mm/jjjj, zoals op het inschrijvingsattest.",
            fr: "Écrivez la date au format jj/mm/aaaa, comme sur l'attestation d'inscription.",
            en: "Write the date as dd/mm/yyyy, as on the enrolment certificate.",
        },
        example: Text {
            nl: "'26/09/2022' en '2022-09-26 00:00:00' zijn 26 september 2022; '09/26/2022' en '26/09/22' worden geweigerd.",
            fr: "'26/09/2022' et '2022-09-26 00:00:00' sont le 26 septembre 2022; '09/26/2022' et '26/09/22' sont refusés.",
            en: "'26/09/2022' and '2022-09-26 00:00:00' are 26 September 2022; '09/26/2022' and '26/09/22' are refused.",
        },
    },
};

/// The date of a non-blank cell: a date cell at midnight, a date serial
/// number, or a text in one of the accepted forms.
pub(super) fn parse_cell(cell: Cell<'_>) -> Result<NaiveDate, DateError> {
    match cell {
        Cell::DateTime(dt) if dt.time() == NaiveTime::MIN => Ok(dt.date()),
        Cell::DateTime(_) => Err(DateError::NotMidnight),
        Cell::Number(serial) => date::from_serial(serial),
        other => date::parse_date(&other.text()),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime};

    use crate::field::Field;
    use crate::model::Cell;
    use crate::rules::value::test_support::{cell_codes, codes, NONE};

    fn start(text: &str) -> Vec<&'static str> {
        codes(&[(Field::Startdatum, text)])
    }

    #[test]
    fn accepted_text_forms() {
        for text in [
            "01/10/2026",
            "1/10/2026",
            "01-10-2026",
            "01.10.2026",
            "2026-10-01",
            "2026-10-01 00:00:00",
        ] {
            assert_eq!(start(text), NONE, "{text}");
        }
    }

    #[test]
    fn refused_text_forms() {
        for text in [
            "09/26/2026",
            "01/10/26",
            "31/02/2026",
            "00/10/2026",
            "01/13/2026",
            "1 oktober 2026",
        ] {
            assert_eq!(start(text), vec!["V104"], "{text}");
        }
        assert_eq!(start("2026-10-01 00:00:01"), vec!["V104"], "not midnight");
    }

    #[test]
    fn the_last_day_of_february() {
        assert_eq!(start("29/02/2028"), NONE, "a leap year");
        assert_eq!(start("29/02/2026"), vec!["V104"]);
        assert_eq!(start("28/02/2026"), NONE);
    }

    #[test]
    fn spreadsheet_cells() {
        let day = NaiveDate::from_ymd_opt(2026, 10, 1).expect("test date");
        let midnight = day.and_time(NaiveTime::MIN);
        let second = day.and_hms_opt(0, 0, 1).expect("test time");
        assert_eq!(cell_codes(&[(Field::Startdatum, Cell::DateTime(midnight))]), NONE);
        assert_eq!(cell_codes(&[(Field::Startdatum, Cell::DateTime(second))]), vec!["V104"]);
        assert_eq!(
            cell_codes(&[(Field::Startdatum, Cell::Number(46296.0))]),
            NONE,
            "2026-10-01"
        );
        assert_eq!(
            cell_codes(&[(Field::Startdatum, Cell::Number(46296.5))]),
            vec!["V104"],
            "noon"
        );
    }
}
