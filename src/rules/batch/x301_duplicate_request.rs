//! X301 duplicate-request: the same request (KBO, INSZ, ODB number,
//! reference start) more than once among the rows without an error of
//! their own (RULES.md rev 2).
//!
//! Runs first among the batch rules ([`super::run_all`]): a duplicate is an
//! error, so the minimum (X303) and the cap (X302) no longer count it.
//!
//! Which rows take part: those whose own diagnostics (F, V, R) hold no
//! error. Rows with an F or V error are not in the index at all; an R error
//! is `RowFlags::error`. A row that matches the ledger and whose deadline
//! error X306 will stop (`RowFlags::stopped_error`) is not an error row: it
//! takes part. So a rejected copy never blocks its corrected row, which is
//! the one that will be submitted.
//!
//! The exam commission (ODB-1001623) on one exam day: a second request on
//! the same day is a warning, not an error, because the source asks for one
//! 8-hour request per exam, and two exams on one day are two requests.

use rayon::slice::ParallelSliceMut;

use crate::lang::{trf, Lang};
use crate::model::Severity;
use crate::rules::{Explanation, Rule, Text};
use crate::state::{EmployeeIndex, Entry, Findings};
use crate::values::date::format_be;
use crate::values::odb::SPECIAL_EXAM_COMMISSION;

use super::bron;

/// X301: the rule, its texts and its explanation.
pub const X301: Rule = Rule {
    code: crate::code::Code::X301,
    name: "duplicate-request",
    severity: "error / warning",
    summary: Text {
        nl: "Dezelfde aanvraag (KBO, INSZ, ODB-nummer, referentiestart) staat er meer dan eens in bij de rijen zonder fout.",
        fr: "La même demande (KBO, INSZ, numéro ODB, début de référence) figure plus d'une fois parmi les lignes sans erreur.",
        en: "The same request (KBO, INSZ, ODB number, reference start) appears more than once among the rows without an error.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Over alle invoerbestanden samen, onder de rijen zonder eigen F-, V- of R-fout: een rij met dezelfde werkgever, werknemer, ODB-nummer en referentiestart als een eerdere rij. De eerste blijft, de latere worden geweigerd (fout) en noemen de behouden rij (bestand en regel). Een rij die om een eigen fout geweigerd wordt, telt niet mee: een geweigerde kopie blokkeert haar verbeterde rij niet. Een rij waarvan X306 de termijnfout opheft (al voorbereid in het register) telt wel mee. Uitzondering: ODB-1001623 (examencommissie) op één examendag (start = einde): een tweede aanvraag op dezelfde dag is een waarschuwing, geen fout.",
            fr: "Sur tous les fichiers d'entrée ensemble, parmi les lignes sans erreur F, V ou R propre: une ligne avec le même employeur, le même travailleur, le même numéro ODB et le même début de référence qu'une ligne précédente. La première est gardée, les suivantes sont refusées (erreur) et citent la ligne gardée (fichier et ligne). Une ligne refusée pour une erreur propre ne compte pas: une copie refusée ne bloque pas sa ligne corrigée. Une ligne dont X306 lève l'erreur de délai (déjà préparée dans le registre) compte bien. Exception: ODB-1001623 (jury d'examen) sur un seul jour d'examen (début = fin): une deuxième demande le même jour est un avertissement, pas une erreur.",
            en: "Across all inputs together, among the rows without an F, V or R error of their own: a row with the same employer, employee, ODB number and reference start as an earlier row. The first is kept; later ones are rejected (error) and name the kept row (file and line). A row rejected for an error of its own does not count: a rejected copy does not block its corrected row. A row whose deadline error X306 stops (already prepared in the ledger) does count. Exception: ODB-1001623 (exam commission) on one exam day (start = end): a second request on the same day is a warning, not an error.",
        },
        why: Text {
            nl: "Het inschrijvingsattest is de basis van één terugbetalingsaanvraag, en een ingediende aanvraag kan niet meer aangepast worden: een tweede exemplaar van dezelfde aanvraag hoort niet in de upload. Wat WSE met een tweede exemplaar doet, staat in geen van de bronnen (daarom een fout, niet een gok). Een rij met een eigen fout wordt niet ingediend; telde ze mee, dan werd ook de verbeterde rij geweigerd en werd niets ingediend. Bij de examencommissie vraagt de bron één aanvraag van 8 uur per examen met de examendatum als start en einde: twee examens op één dag zijn dus twee aanvragen (of één met eenheid examens), geen dubbel.",
            fr: "L'attestation d'inscription est la base d'une seule demande de remboursement, et une demande introduite ne peut plus être modifiée: un deuxième exemplaire de la même demande n'a pas sa place dans le fichier de chargement (upload). Ce que WSE fait d'un deuxième exemplaire ne figure dans aucune des sources (d'où une erreur, pas une supposition). Une ligne avec une erreur propre n'est pas introduite; si elle comptait, sa ligne corrigée serait aussi refusée et rien ne serait introduit. Pour le jury d'examen, la source demande une demande de 8 heures par examen avec la date d'examen comme début et fin: deux examens le même jour sont donc deux demandes (ou une seule avec l'unité examens), pas un doublon.",
            en: "The enrolment certificate is the basis of one reimbursement request, and a submitted request cannot be changed: a second copy of the same request does not belong in the upload. What WSE does with a second copy is in none of the sources (hence an error, not a guess). A row with an error of its own is not submitted; if it counted, its corrected row would be rejected too and nothing would be submitted. For the exam commission the source asks for one 8-hour request per exam with the exam date as start and end: two exams on one day are two requests (or one with unit examens), not a duplicate.",
        },
        source: Text {
            nl: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever' ('Per examen dient de werkgever een terugbetalingsaanvraag voor 8 uur in, met als referentie ODB-1001623. Als startdatum en einddatum geeft hij de datum van het examen in'; 'Het inschrijvingsattest dat u van uw werknemer ontvangt, is de basis voor het indienen van de terugbetalingsaanvraag'; 'Een werkgever kan een al ingediende terugbetalingsaanvraag niet meer aanpassen'); geen bron zegt hoe WSE een tweede exemplaar van een aanvraag behandelt: vov-bulk houdt het eerste en weigert de andere",
            fr: "vlaanderen.be, « Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever » (« Per examen dient de werkgever een terugbetalingsaanvraag voor 8 uur in, met als referentie ODB-1001623. Als startdatum en einddatum geeft hij de datum van het examen in »; « Het inschrijvingsattest dat u van uw werknemer ontvangt, is de basis voor het indienen van de terugbetalingsaanvraag »; « Een werkgever kan een al ingediende terugbetalingsaanvraag niet meer aanpassen »); aucune source ne dit comment WSE traite un second exemplaire d'une demande: vov-bulk garde le premier et refuse les autres",
            en: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever' ('Per examen dient de werkgever een terugbetalingsaanvraag voor 8 uur in, met als referentie ODB-1001623. Als startdatum en einddatum geeft hij de datum van het examen in'; 'Het inschrijvingsattest dat u van uw werknemer ontvangt, is de basis voor het indienen van de terugbetalingsaanvraag'; 'Een werkgever kan een al ingediende terugbetalingsaanvraag niet meer aanpassen'); no source says how WSE treats a second copy of a request, so vov-bulk keeps the first and rejects the others",
        },
        fix: Text {
            nl: "Verwijder de dubbele rij, of verbeter ze als het om een andere opleiding of start gaat. Examencommissie: controleer dat het echt twee examens zijn en geen dubbele invoer; twee examens op één dag mogen ook als één aanvraag met eenheid examens en aantal 2.",
            fr: "Supprimez la ligne en double, ou corrigez-la s'il s'agit d'une autre formation ou d'un autre début. Jury d'examen: vérifiez qu'il s'agit vraiment de deux examens et non d'une double saisie; deux examens le même jour peuvent aussi former une seule demande avec l'unité examens et le nombre 2.",
            en: "Remove the duplicate row, or correct it when it is another training or start. Exam commission: check that these are really two exams and not a double entry; two exams on one day may also be one request with unit examens and quantity 2.",
        },
        example: Text {
            nl: "payroll.csv:7 en acme.xlsx:3 met dezelfde KBO, INSZ, ODB-Z00291 en start 01/10/2026: acme.xlsx:3 krijgt X301 (fout) 'zelfde aanvraag als payroll.csv:7'. Heeft payroll.csv:7 zelf een fout (bv. R201, einde voor start) en is acme.xlsx:3 de verbeterde rij, dan blijft acme.xlsx:3 zonder X301. Twee rijen ODB-1001623 met start en einde 14/11/2026: de tweede krijgt X301 als waarschuwing.",
            fr: "payroll.csv:7 et acme.xlsx:3 avec le même KBO, le même INSZ, ODB-Z00291 et le début 01/10/2026: acme.xlsx:3 reçoit X301 (erreur) 'même demande que payroll.csv:7'. Si payroll.csv:7 a lui-même une erreur (p. ex. R201, fin avant le début) et qu'acme.xlsx:3 est la ligne corrigée, acme.xlsx:3 reste sans X301. Deux lignes ODB-1001623 avec début et fin le 14/11/2026: la deuxième reçoit X301 comme avertissement.",
            en: "payroll.csv:7 and acme.xlsx:3 with the same KBO, INSZ, ODB-Z00291 and start 01/10/2026: acme.xlsx:3 gets X301 (error) 'same request as payroll.csv:7'. When payroll.csv:7 has an error of its own (e.g. R201, end before start) and acme.xlsx:3 is the corrected row, acme.xlsx:3 gets no X301. Two rows ODB-1001623 with start and end 14/11/2026: the second gets X301 as a warning.",
        },
    },
};

/// Whether the row takes part in X301: no F, V or R error of its own (a row
/// with an F or V error is not in the index). A deadline error that X306
/// will stop (`stopped_error`) does not count: X306 runs after X301, and
/// the row is then already prepared, not rejected.
fn takes_part(entry: &Entry) -> bool {
    !entry.flags.error
}

/// An exam-commission request for one exam day (start = end): the form the
/// source asks for, one 8-hour request per exam.
fn one_exam_day(index: &EmployeeIndex, entry: &Entry) -> bool {
    index.odbs.text(entry.odb) == SPECIAL_EXAM_COMMISSION && entry.reference_start == entry.einddatum
}

/// X301: marks every later occurrence of the same request among the rows
/// that take part ([`takes_part`]); the first is kept. A later one-day
/// exam-commission request beside a kept one-day request gets a warning,
/// every other later occurrence an error.
pub fn check(index: &EmployeeIndex, findings: &mut Findings, input_names: &[String], lang: Lang) {
    let key = |i: &u32| {
        let e = index.entry(*i);
        (e.kbo, e.insz, e.odb, e.reference_start)
    };
    // Sorting by key and then input order puts each request's first row
    // first. The keys are not kept beside the indices: 4 bytes per request
    // instead of 32, for a sort that takes a tenth of a second per million.
    let mut order: Vec<u32> = index.entries().filter(|(_, e)| takes_part(e)).map(|(i, _)| i).collect();
    order.par_sort_unstable_by_key(|i| (key(i), *i));
    for same in order.chunk_by(|a, b| key(a) == key(b)) {
        let Some((kept, later)) = same.split_first() else {
            continue;
        };
        if later.is_empty() {
            continue;
        }
        let kept_entry = index.entry(*kept);
        let kept_at = bron(kept_entry.source, input_names);
        let kept_one_day = one_exam_day(index, kept_entry);
        for &duplicate in later {
            let entry = index.entry(duplicate);
            let reference = format_be(entry.reference_start);
            let (kbo, odb) = (entry.kbo_text(), index.odbs.text(entry.odb));
            let diagnostic = if kept_one_day && one_exam_day(index, entry) {
                let message = trf!(lang,
                    nl: "nog een aanvraag {odb} op dezelfde examendag {reference} als {kept_at}: twee examens op één dag zijn twee aanvragen van 8 uur (of één met eenheid examens); controleer dat het geen dubbele invoer is",
                    fr: "encore une demande {odb} le même jour d'examen {reference} que {kept_at}: deux examens le même jour sont deux demandes de 8 heures (ou une seule avec l'unité examens); vérifiez qu'il ne s'agit pas d'une double saisie",
                    en: "another request {odb} on the same exam day {reference} as {kept_at}: two exams on one day are two 8-hour requests (or one with unit examens); check that this is not a double entry",
                );
                X301.diagnostic(Severity::Warning, None, None, message, lang)
            } else {
                let message = trf!(lang,
                    nl: "zelfde aanvraag als {kept_at} (KBO {kbo}, {odb}, start {reference}); die rij blijft behouden",
                    fr: "même demande que {kept_at} (KBO {kbo}, {odb}, début {reference}); cette ligne-là est gardée",
                    en: "same request as {kept_at} (KBO {kbo}, {odb}, start {reference}); that row is kept",
                );
                X301.diagnostic(Severity::Error, None, None, message, lang)
            };
            findings.push(duplicate, diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::batch::test_rows::{names, Rows};
    use crate::rules::test_support::{date, request};

    fn duplicates(rows: &Rows) -> Findings {
        let mut findings = Findings::default();
        check(&rows.index, &mut findings, &names(), Lang::En);
        findings
    }

    #[test]
    fn later_duplicates_name_the_first_row() {
        let mut other_start = request();
        other_start.startdatum = date(2026, 9, 2);
        let mut late_enrolment_same_reference = request();
        late_enrolment_same_reference.startdatum = date(2026, 8, 15);
        late_enrolment_same_reference.inschrijvingsdatum = Some(request().startdatum);
        let mut rows = Rows::default();
        rows.plain(2, request())
            .plain(3, request())
            .add(4, None, vec![])
            .plain(5, other_start)
            .plain(6, late_enrolment_same_reference);
        let findings = duplicates(&rows);
        assert_eq!(
            rows.codes(&findings),
            vec![vec![], vec!["X301"], vec![], vec![], vec!["X301"]]
        );
        assert!(rows.finals(&findings)[1][0].message.contains("a.csv:2"));
    }

    fn exam(start: chrono::NaiveDate, end: chrono::NaiveDate) -> crate::model::Request {
        let mut r = request();
        r.odb = crate::values::Odb::parse("ODB-1001623").unwrap();
        r.eenheid = crate::values::Unit::Examens;
        r.aantal = rust_decimal::Decimal::ONE;
        r.startdatum = start;
        r.einddatum = end;
        r
    }

    fn severities(rows: &Rows, findings: &Findings) -> Vec<Vec<(&'static str, Severity)>> {
        rows.finals(findings)
            .iter()
            .map(|ds| ds.iter().map(|d| (d.code.as_str(), d.severity)).collect())
            .collect()
    }

    #[test]
    fn a_rejected_copy_does_not_block_its_corrected_row() {
        // Row 2 ends before it starts (R201, an error of its own); row 3 is
        // the corrected row with the same key: it is kept, no X301.
        let mut wrong = request();
        wrong.einddatum = date(2026, 8, 31);
        let mut rows = Rows::default();
        rows.checked(2, wrong).checked(3, request());
        let findings = duplicates(&rows);
        assert_eq!(rows.codes(&findings), vec![vec!["R201"], vec![]]);
        // A third copy after the corrected row is a duplicate of the corrected one.
        let mut wrong = request();
        wrong.einddatum = date(2026, 8, 31);
        let mut rows = Rows::default();
        rows.checked(2, wrong).checked(3, request()).checked(4, request());
        let findings = duplicates(&rows);
        assert_eq!(rows.codes(&findings), vec![vec!["R201"], vec![], vec!["X301"]]);
        assert!(rows.finals(&findings)[2][0].message.contains("a.csv:3"));
    }

    #[test]
    fn two_valid_copies_the_second_is_rejected_naming_the_first() {
        let mut rows = Rows::default();
        rows.checked(2, request()).checked(3, request());
        let findings = duplicates(&rows);
        assert_eq!(
            severities(&rows, &findings),
            vec![vec![], vec![("X301", Severity::Error)]]
        );
        assert!(rows.finals(&findings)[1][0].message.contains("same request as a.csv:2"));
    }

    #[test]
    fn a_row_whose_deadline_error_x306_stops_takes_part() {
        // Matching the ledger with the same content, its R204 is stopped by
        // X306: it is not an error row, so it is the one kept.
        let r204 = crate::model::Diagnostic {
            code: crate::code::Code::R204,
            severity: Severity::Error,
            field: None,
            value: None,
            message: String::new(),
            help: "".into(),
        };
        let mut index = EmployeeIndex::default();
        let source = |line| crate::model::Source { input: 0, line };
        index.add_prepared(crate::state::PreparedEntry::with_ledger(
            source(2),
            request(),
            &[r204],
            crate::state::LedgerMatch::Same,
        ));
        index.add_prepared(crate::state::PreparedEntry::new(source(3), request(), &[]));
        let mut findings = Findings::default();
        check(&index, &mut findings, &names(), Lang::En);
        assert!(!findings.by_entry.contains_key(&0));
        assert_eq!(findings.by_entry[&1].diagnostics[0].code(), crate::code::Code::X301);
    }

    #[test]
    fn exam_commission_same_exam_day_is_a_warning() {
        let day = date(2026, 11, 14);
        let mut rows = Rows::default();
        rows.checked(2, exam(day, day))
            .checked(3, exam(day, day))
            .checked(4, exam(day, day));
        let findings = duplicates(&rows);
        assert_eq!(
            severities(&rows, &findings)
                .iter()
                .map(|ds| ds.iter().filter(|(c, _)| *c == "X301").copied().collect::<Vec<_>>())
                .collect::<Vec<_>>(),
            vec![
                vec![],
                vec![("X301", Severity::Warning)],
                vec![("X301", Severity::Warning)]
            ]
        );
        let finals = rows.finals(&findings);
        let message = &finals[1]
            .iter()
            .find(|d| d.code == crate::code::Code::X301)
            .unwrap()
            .message;
        assert!(
            message.contains("two exams on one day") && message.contains("a.csv:2"),
            "{message}"
        );
        // The next day: another request, no X301.
        let mut rows = Rows::default();
        rows.plain(2, exam(day, day))
            .plain(3, exam(date(2026, 11, 15), date(2026, 11, 15)));
        assert!(duplicates(&rows).by_entry.is_empty());
    }

    #[test]
    fn exam_commission_school_year_form_twice_is_an_error() {
        let (start, end) = (date(2026, 9, 1), date(2027, 8, 31));
        let mut rows = Rows::default();
        rows.plain(2, exam(start, end)).plain(3, exam(start, end));
        let findings = duplicates(&rows);
        assert_eq!(
            severities(&rows, &findings),
            vec![vec![], vec![("X301", Severity::Error)]]
        );
        // A one-day request on the first day of a school-year request with
        // the same start is a double entry, not a second exam: an error.
        let mut rows = Rows::default();
        rows.plain(2, exam(start, end)).plain(3, exam(start, start));
        let findings = duplicates(&rows);
        assert_eq!(
            severities(&rows, &findings),
            vec![vec![], vec![("X301", Severity::Error)]]
        );
    }

    #[test]
    fn the_same_key_is_a_duplicate_and_one_field_of_the_key_different_is_not() {
        // The same key: X301 on the second, even with other dates or quantity
        // (they are not part of the key).
        let mut same_key = request();
        same_key.einddatum = date(2027, 5, 31);
        same_key.aantal = rust_decimal::Decimal::from(40);
        let mut rows = Rows::default();
        rows.plain(2, request()).plain(3, same_key);
        assert_eq!(rows.codes(&duplicates(&rows)), vec![vec![], vec!["X301"]]);
        // One field of the key different: KBO, INSZ, ODB number, reference start.
        let mut other_kbo = request();
        other_kbo.kbo = crate::values::Kbo::parse("0202239951").unwrap();
        let mut other_insz = request();
        other_insz.insz = crate::values::Insz::parse("00011300133").unwrap();
        let mut other_odb = request();
        other_odb.odb = crate::values::Odb::parse("ODB-0002141").unwrap();
        let mut next_day = request();
        next_day.startdatum = date(2026, 9, 2);
        for other in [other_kbo, other_insz, other_odb, next_day] {
            let mut rows = Rows::default();
            rows.plain(2, request()).plain(3, other);
            assert_eq!(rows.codes(&duplicates(&rows)), vec![Vec::<&str>::new(), vec![]]);
        }
    }

    #[test]
    fn in_french_the_second_copy_names_the_first_and_a_second_exam_is_a_warning() {
        let mut rows = Rows::default();
        rows.checked(2, request()).checked(3, request());
        let mut findings = Findings::default();
        check(&rows.index, &mut findings, &names(), Lang::Fr);
        assert_eq!(
            rows.finals(&findings)[1][0].message,
            "même demande que a.csv:2 (KBO 0403170701, ODB-Z00291, début 01/09/2026); cette ligne-là est gardée"
        );
        let day = date(2026, 11, 14);
        let mut rows = Rows::default();
        rows.plain(2, exam(day, day)).plain(3, exam(day, day));
        let mut findings = Findings::default();
        check(&rows.index, &mut findings, &names(), Lang::Fr);
        assert_eq!(
            rows.finals(&findings)[1][0].message,
            "encore une demande ODB-1001623 le même jour d'examen 14/11/2026 que a.csv:2: deux examens le même jour \
             sont deux demandes de 8 heures (ou une seule avec l'unité examens); vérifiez qu'il ne s'agit pas d'une \
             double saisie"
        );
    }
}
