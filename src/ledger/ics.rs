//! `agenda --ics FILE`: the agenda as an iCalendar file, one all-day event
//! per employer and last day to submit, for the calendar of whoever uploads.
//!
//! The output is reproducible: UIDs come from the employer and the day, and
//! DTSTAMP from the as-of date, so a nightly run that finds nothing new writes
//! the same bytes and a calendar subscription updates events in place.

use chrono::{Days, NaiveDate, TimeZone, Utc};
use icalendar::{Calendar, Component, Event, EventLike, Property};

use super::agenda::{employer_label, iso, Agenda, AgendaEmployer, AgendaRequest};
use crate::lang::{count, tr, trf, Lang};
use crate::values::date::format_be;

/// The iCalendar text (CRLF line ends, lines folded at 75 octets). National
/// numbers appear masked only.
pub fn write_ics(agenda: &Agenda, lang: Lang) -> String {
    let mut calendar = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", "-//vov-bulk//agenda//NL"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
        (
            "X-WR-CALNAME",
            tr!(lang, nl: "VOV-agenda", fr: "Agenda VOV", en: "VOV agenda"),
        ),
    ] {
        calendar.append_property(Property::new(key, value));
    }
    let stamp = Utc.from_utc_datetime(&agenda.as_of.and_hms_opt(0, 0, 0).unwrap_or_default());
    for employer in &agenda.employers {
        for day in employer.requests.chunk_by(|a, b| a.last_day == b.last_day) {
            if let Some(first) = day.first() {
                calendar.push(event(employer, first.last_day, day, stamp, lang));
            }
        }
    }
    refold(&calendar.to_string())
}

/// RFC 5545 line length: at most 75 octets per line, without the CRLF.
const LINE_OCTETS: usize = 75;

/// Folds the content lines again: the `icalendar` crate counts characters
/// where it should count bytes, so a line with accents (an employer's name)
/// came out longer than 75 octets. Each line is cut on character boundaries
/// into a first part of at most 75 octets and continuations of a space and
/// at most 74.
fn refold(text: &str) -> String {
    let unfolded = text.replace("\r\n ", "");
    let mut out = String::with_capacity(text.len() + text.len() / 64);
    for line in unfolded.split_terminator("\r\n") {
        // Each whole line passes the masking step, before it is folded
        // again (a fold must not split a number out of its sight).
        let line = crate::values::mask::for_outlet(line, crate::values::mask::Keep::VALUE);
        let mut rest: &str = &line;
        let mut limit = LINE_OCTETS;
        loop {
            if rest.len() <= limit {
                out.push_str(rest);
                out.push_str("\r\n");
                break;
            }
            let mut cut = limit;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            let (head, tail) = rest.split_at(cut);
            out.push_str(head);
            out.push_str("\r\n ");
            rest = tail;
            limit = LINE_OCTETS - 1;
        }
    }
    out
}

fn event(
    employer: &AgendaEmployer,
    last_day: NaiveDate,
    requests: &[AgendaRequest],
    stamp: chrono::DateTime<Utc>,
    lang: Lang,
) -> Event {
    let who = employer_label(&employer.kbo, employer.name.as_deref());
    let n = count!(lang, requests.len(),
        nl: ("aanvraag", "aanvragen"),
        fr: ("demande", "demandes"),
        en: ("request", "requests"));
    let summary = trf!(lang,
        nl: "VOV: {n} van {who} indienen (laatste dag)",
        fr: "VOV: introduire {n} de {who} (dernier jour)",
        en: "VOV: submit {n} of {who} (last day)");
    let day = format_be(last_day);
    let mut description = trf!(lang,
        nl: "Laatste dag om deze aanvragen in het WSE-loket in te dienen: {day}.\n",
        fr: "Dernier jour pour introduire ces demandes dans le guichet WSE (WSE-loket): {day}.\n",
        en: "Last day to submit these requests in the WSE-loket: {day}.\n");
    for r in requests {
        let (name, employee, odb, start, upload) =
            (&r.name, &r.employee, &r.odb_nummer, format_be(r.startdatum), &r.upload);
        description.push_str(&trf!(lang,
            nl: "- {name} ({employee}) {odb} start {start}: {upload}\n",
            fr: "- {name} ({employee}) {odb} début {start}: {upload}\n",
            en: "- {name} ({employee}) {odb} start {start}: {upload}\n"));
    }
    description.push_str(tr!(lang,
        nl: "Daarna: vov-bulk ledger submitted <bestand>.",
        fr: "Ensuite: vov-bulk ledger submitted <fichier>.",
        en: "Afterwards: vov-bulk ledger submitted <file>."));
    let uid = format!("vov-bulk-{}-{}@vov-bulk", employer.kbo, iso(last_day).replace('-', ""));
    Event::new()
        .uid(&uid)
        .timestamp(stamp)
        .starts(last_day)
        .ends(last_day.checked_add_days(Days::new(1)).unwrap_or(last_day))
        .summary(&summary)
        .description(&description)
        .add_property("TRANSP", "TRANSPARENT")
        .done()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::agenda::{agenda, AgendaOptions};
    use crate::ledger::test_support::*;

    #[test]
    fn folding_counts_octets_and_keeps_characters_whole() {
        let long = format!("SUMMARY:{}\r\n", "Éénhoorn & Société Générale ".repeat(6));
        let folded = refold(&long);
        for line in folded.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert_eq!(folded.replace("\r\n ", ""), long);
        assert_eq!(refold("A:b\r\n"), "A:b\r\n");
    }

    #[test]
    fn the_calendar_speaks_french() {
        let (dir, mut ledger) = ledger();
        let mut requests = Vec::new();
        for n in 0..2 {
            let mut r = request(ACME, JAN + n, date(2026, 9, 1), 40);
            r.last_day = date(2026, 11, 30);
            requests.push(r);
        }
        published_run(&mut ledger, &out(&dir, "out"), &requests);
        let opts = AgendaOptions {
            as_of: date(2026, 11, 22),
            days: 14,
            kbo: None,
        };
        let agenda = agenda(&ledger, &opts, Lang::Fr).unwrap();
        let unfolded = icalendar::parser::unfold(&write_ics(&agenda, Lang::Fr));
        let acme = kbo(ACME);
        for line in [
            "X-WR-CALNAME:Agenda VOV".to_string(),
            format!("SUMMARY:VOV: introduire 2 demandes de Acme NV ({acme}) (dernier jour)"),
            r"DESCRIPTION:Dernier jour pour introduire ces demandes dans le guichet WSE (WSE-loket): 30/11/2026.\n- Peeters Jan (850730-xxx-xx) ODB-Z00291 début 01/09/2026: ".to_string(),
            r"Ensuite: vov-bulk ledger submitted <fichier>.".to_string(),
        ] {
            assert!(unfolded.contains(&line), "{line} not in\n{unfolded}");
        }
    }

    #[test]
    fn one_folded_crlf_event_per_employer_and_day() {
        let (dir, mut ledger) = ledger();
        let mut requests = Vec::new();
        for n in 0..3 {
            let mut r = request(ACME, JAN + n, date(2026, 9, 1), 40);
            r.last_day = if n < 2 { date(2026, 11, 30) } else { date(2026, 12, 15) };
            r.werkgever_naam = Some("Bouwonderneming Éénhoorn & Zonen, Société Générale de Construction NV".into());
            requests.push(r);
        }
        published_run(
            &mut ledger,
            &out(&dir, "a-rather-long-output-folder-name-for-folding"),
            &requests,
        );
        let opts = AgendaOptions {
            as_of: date(2026, 11, 22),
            days: 14,
            kbo: None,
        };
        let agenda = agenda(&ledger, &opts, Lang::Nl).unwrap();
        let text = write_ics(&agenda, Lang::Nl);
        assert_eq!(text, write_ics(&agenda, Lang::Nl), "reproducible");
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
        assert!(text.contains("\r\nVERSION:2.0\r\n") && text.contains("\r\nPRODID:-//vov-bulk//agenda//NL\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n') || !text.split("\r\n").any(|l| l.contains('\n')));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 2);
        assert!(text.contains(&format!("UID:vov-bulk-{}-20261130@vov-bulk", kbo(ACME))));
        assert!(text.contains("DTSTART;VALUE=DATE:20261130\r\n"));
        assert!(text.contains("DTEND;VALUE=DATE:20261201\r\n"));
        assert!(text.contains("DTSTAMP:20261122T000000Z\r\n"));
        for n in 0..3 {
            assert!(!text.contains(&insz(JAN + n)));
        }
        let unfolded = icalendar::parser::unfold(&text);
        assert!(!unfolded.contains(&insz(JAN)));
        let parsed = icalendar::parser::read_calendar(&unfolded).unwrap();
        assert_eq!(parsed.components.iter().filter(|c| c.name == "VEVENT").count(), 2);
        let summary = parsed.components[0]
            .properties
            .iter()
            .find(|p| p.name == "SUMMARY")
            .map(|p| p.val.to_string())
            .unwrap();
        assert!(
            summary.contains("2 aanvragen") && summary.contains(&kbo(ACME)),
            "{summary}"
        );
        assert!(unfolded.contains("850730-xxx-xx"));
    }
}
