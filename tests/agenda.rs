//! `agenda` and the `ledger` commands, run as the real binary: what a clerk
//! or a nightly job sees after `prepare`, `ledger submitted` and
//! `ledger import`. Every test has its own temporary folder and names its own
//! ledger there with `--ledger`, and every `agenda` gets an explicit
//! `--as-of`, so no test depends on today's date or on another test.
//!
//! Dates used throughout (R204: the day before the same day of the month,
//! three months after the start): start 01/10/2026 → last day 31/12/2026,
//! start 15/10/2026 → 14/01/2027, start 01/11/2026 → 31/01/2027. All of them
//! are accepted without diagnostics by `prepare --as-of 2026-11-22`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;
use serde_json::Value;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A temporary folder and the ledger path in it.
struct Setup {
    dir: tempfile::TempDir,
    ledger: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let ledger = dir.path().join("ledger.sqlite");
    Setup { dir, ledger }
}

impl Setup {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `vov-bulk <args> --ledger <this ledger>`.
    fn run(&self, args: &[&str]) -> Output {
        run_on(&self.ledger, args)
    }

    /// `prepare` of `input` into the folder `out` (relative to the setup);
    /// the run must accept every row. Returns the output folder.
    fn prepare(&self, out: &str, input: &Path) -> PathBuf {
        let out = self.path(out);
        let output = prepare(&out, [input])
            .arg("--ledger")
            .arg(&self.ledger)
            .args(["--format", "json"])
            .output()
            .expect("run vov-bulk prepare");
        assert_eq!(output.status.code(), Some(0), "prepare: {}", stderr_text(&output));
        let report = stdout_json(&output);
        assert_eq!(report["summary"]["rejected"], 0, "{report}");
        out
    }

    /// `agenda --as-of <as_of> --format json <extra>`: its exit code and JSON.
    fn agenda(&self, as_of: &str, extra: &[&str]) -> (i32, Value) {
        let mut args = vec!["agenda", "--as-of", as_of, "--format", "json"];
        args.extend_from_slice(extra);
        let output = self.run(&args);
        let code = output.status.code().expect("an exit code");
        assert!(code == 0 || code == 1, "agenda exit {code}: {}", stderr_text(&output));
        (code, stdout_json(&output))
    }

    /// `ledger list --format json <extra>`, which must succeed.
    fn list(&self, extra: &[&str]) -> Vec<Value> {
        let mut args = vec!["ledger", "list", "--format", "json"];
        args.extend_from_slice(extra);
        let output = self.run(&args);
        assert_eq!(output.status.code(), Some(0), "ledger list: {}", stderr_text(&output));
        stdout_json(&output)
            .as_array()
            .expect("ledger list gives an array")
            .clone()
    }
}

/// `vov-bulk <args> --ledger <ledger>` (clap takes the option after the
/// positional arguments of every subcommand).
fn run_on(ledger: &Path, args: &[&str]) -> Output {
    bin()
        .args(args)
        .arg("--ledger")
        .arg(ledger)
        .output()
        .expect("run vov-bulk")
}

/// A default row of [`Row::nth`] for another employer and start date.
fn row(n: u32, kbo: &str, start: &str) -> Row {
    Row {
        kbo: kbo.into(),
        start: start.into(),
        ..Row::nth(n)
    }
}

/// An input row with the two optional columns these tests need: the
/// employer's name (the agenda shows it) and the hire date (a later hire
/// date moves the last day: R216).
struct Input {
    row: Row,
    werkgever: &'static str,
    hired: &'static str,
}

fn input(row: Row, werkgever: &'static str) -> Input {
    Input {
        row,
        werkgever,
        hired: "",
    }
}

/// Writes a payroll export with [`HEADER`] plus `werkgever_naam` and
/// `indiensttreding`.
fn write_export(dir: &Path, name: &str, rows: &[Input]) -> PathBuf {
    let mut text = format!("{HEADER};werkgever_naam;indiensttreding\n");
    for r in rows {
        text.push_str(&format!("{};{};{}\n", r.row.line(';'), r.werkgever, r.hired));
    }
    write(dir, name, text)
}

/// The INSZ as every report shows it: `yymmdd-xxx-xx`.
fn masked(insz: &str) -> String {
    format!("{}-xxx-xx", &insz[..6])
}

/// The agenda/list key of a request: `KBO yymmdd-xxx-xx ODB start(ISO)`.
fn key(row: &Row) -> String {
    format!("{} {} {} {}", row.kbo, masked(&row.insz), row.odb, iso(&row.start))
}

/// `dd/mm/yyyy` → `yyyy-mm-dd`.
fn iso(be: &str) -> String {
    let parts: Vec<&str> = be.split('/').collect();
    format!("{}-{}-{}", parts[2], parts[1], parts[0])
}

/// Fails when any of the national numbers stands in `text` in full.
fn assert_no_full_insz(text: &str, rows: &[&Row]) {
    for r in rows {
        assert!(!text.contains(&r.insz), "full INSZ {} printed:\n{text}", r.insz);
    }
}

/// The requests of an agenda's employer, by KBO.
fn requests_of<'a>(agenda: &'a Value, kbo: &str) -> &'a Vec<Value> {
    agenda["employers"]
        .as_array()
        .expect("employers")
        .iter()
        .find(|e| e["kbo"] == kbo)
        .unwrap_or_else(|| panic!("no employer {kbo} in {agenda}"))["requests"]
        .as_array()
        .expect("requests")
}

/// Every request key of an agenda, in its order.
fn agenda_keys(agenda: &Value) -> Vec<String> {
    agenda["employers"]
        .as_array()
        .expect("employers")
        .iter()
        .flat_map(|e| e["requests"].as_array().expect("requests"))
        .map(|r| r["key"].as_str().expect("key").to_string())
        .collect()
}

/// A WSE-loket dossier overview as the loket exports it: Dutch headers,
/// `;`, CRLF, full national numbers, dates `dd/mm/yyyy`.
const OVERVIEW_HEADER: &str =
    "Dossiernummer;Ondernemingsnummer;INSZ;Naam;Voornaam;ODB-nummer;Startdatum;Einddatum;Status;Berekend;Reden";

/// One overview line for the request of `row`.
fn dossier_line(dossier: &str, row: &Row, status: &str, berekend: &str, reden: &str) -> String {
    format!(
        "{dossier};{};{};{};{};{};{};{};{status};{berekend};{reden}\r\n",
        row.kbo, row.insz, row.naam, row.voornaam, row.odb, row.start, row.end
    )
}

fn write_overview(dir: &Path, name: &str, lines: &[String]) -> PathBuf {
    write(dir, name, format!("{OVERVIEW_HEADER}\r\n{}", lines.concat()))
}

/// A SQLite file made by hand (not by vov-bulk), with `setup` run on it.
fn sqlite_file(path: &Path, setup: &str) {
    let conn = rusqlite::Connection::open(path).expect("create a SQLite file");
    conn.execute_batch(setup).expect("set the file up");
}

/// What `ledger.rs`'s `APPLICATION_ID` is: "VOVB", which marks a file as a
/// vov-bulk ledger.
const LEDGER_APPLICATION_ID: i64 = 0x564F_5642;

/// The `(UID, DTSTART)` of every VEVENT of an iCalendar text, lines unfolded.
fn events(ics: &str) -> Vec<(String, String)> {
    let unfolded = ics.replace("\r\n ", "").replace("\r\n\t", "");
    let mut found = Vec::new();
    let (mut uid, mut start) = (None, None);
    for line in unfolded.split("\r\n") {
        if line == "BEGIN:VEVENT" {
            (uid, start) = (None, None);
        } else if let Some(v) = line.strip_prefix("UID:") {
            uid = Some(v.to_string());
        } else if let Some(v) = line.strip_prefix("DTSTART;VALUE=DATE:") {
            start = Some(v.to_string());
        } else if line == "END:VEVENT" {
            found.push((uid.take().expect("a UID"), start.take().expect("an all-day DTSTART")));
        }
    }
    found
}

// ---------------------------------------------------------------------------
// 1. agenda after prepare
// ---------------------------------------------------------------------------

#[test]
fn agenda_lists_prepared_requests_by_last_day_and_exits_on_the_deadline_boundaries() {
    let s = setup();
    // Input order is deliberately not the order of the last days, and the
    // employer whose KBO sorts first (B) has the later first deadline, so
    // both orderings are the agenda's own.
    let a_jan31 = row(1, KBO_A, "01/11/2026");
    let a_dec31 = row(2, KBO_A, "01/10/2026");
    let b_jan14 = row(3, KBO_B, "15/10/2026");
    let a_jan14 = row(4, KBO_A, "15/10/2026");
    let export = write_export(
        s.dir.path(),
        "export.csv",
        &[
            input(a_jan31.clone(), "Acme NV"),
            input(a_dec31.clone(), "Acme NV"),
            input(b_jan14.clone(), "Bouw BV"),
            input(a_jan14.clone(), "Acme NV"),
        ],
    );
    let out = s.prepare("out", &export);
    let all = [&a_jan31, &a_dec31, &b_jan14, &a_jan14];

    let output = s.run(&["agenda", "--as-of", "2026-11-22", "--format", "json"]);
    // 31/12/2026 is 39 days away: nothing due within the default 14 days.
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    assert_no_full_insz(&stdout_text(&output), &all);
    let agenda = stdout_json(&output);
    assert_eq!(agenda["as_of"], "2026-11-22");
    let employers = agenda["employers"].as_array().expect("employers");
    let kbos: Vec<&str> = employers.iter().map(|e| e["kbo"].as_str().unwrap()).collect();
    assert_eq!(kbos, [KBO_A, KBO_B], "the employer with the earliest last day first");
    assert_eq!(employers[0]["name"], "Acme NV");
    assert_eq!(employers[1]["name"], "Bouw BV");

    let a = requests_of(&agenda, KBO_A);
    let last_days: Vec<&str> = a.iter().map(|r| r["last_day"].as_str().unwrap()).collect();
    assert_eq!(last_days, ["2026-12-31", "2027-01-14", "2027-01-31"], "by last day");
    let days_left: Vec<i64> = a.iter().map(|r| r["days_left"].as_i64().unwrap()).collect();
    assert_eq!(days_left, [39, 53, 70]);
    let first = &a[0];
    assert_eq!(first["key"], key(&a_dec31));
    assert_eq!(first["employee"], masked(&a_dec31.insz));
    assert!(first["employee"].as_str().unwrap().ends_with("-xxx-xx"));
    assert_eq!(first["odb_nummer"], "ODB-0002141");
    assert_eq!(first["startdatum"], "2026-10-01");
    assert_eq!(first["status"], "prepared");
    assert_eq!(
        (&first["overdue"], &first["due_soon"]),
        (&Value::Bool(false), &Value::Bool(false))
    );
    // The upload named is the file `prepare` wrote, wherever the path is printed from.
    let upload = PathBuf::from(first["upload"].as_str().unwrap());
    assert_eq!(
        std::fs::canonicalize(&upload).expect("the upload named exists"),
        std::fs::canonicalize(upload_path(&out, KBO_A)).unwrap()
    );
    let b = requests_of(&agenda, KBO_B);
    assert_eq!(b.len(), 1);
    assert_eq!(
        (&b[0]["key"], &b[0]["last_day"]),
        (&Value::from(key(&b_jan14)), &Value::from("2027-01-14"))
    );

    // The human agenda masks too.
    let human = s.run(&["agenda", "--as-of", "2026-11-22"]);
    assert_eq!(human.status.code(), Some(0));
    assert!(
        stdout_text(&human).contains(&masked(&a_dec31.insz)),
        "{}",
        stdout_text(&human)
    );
    assert_no_full_insz(&stdout_text(&human), &all);

    // --days N counts the as-of day itself: the last day (31/12) is due when
    // it is N-1 days ahead, not when it is N days ahead.
    for (days, due_day, calm_day) in [("14", "2026-12-18", "2026-12-17"), ("5", "2026-12-27", "2026-12-26")] {
        let (code, due) = s.agenda(due_day, &["--days", days]);
        assert_eq!(code, 1, "--days {days} --as-of {due_day}: {due}");
        let r = &requests_of(&due, KBO_A)[0];
        assert_eq!(r["days_left"].as_i64(), Some(days.parse::<i64>().unwrap() - 1));
        assert_eq!(
            (&r["due_soon"], &r["overdue"]),
            (&Value::Bool(true), &Value::Bool(false))
        );
        let (code, calm) = s.agenda(calm_day, &["--days", days]);
        assert_eq!(code, 0, "--days {days} --as-of {calm_day}: {calm}");
        assert_eq!(requests_of(&calm, KBO_A)[0]["due_soon"], false);
    }
    // Without --days the horizon is 14.
    assert_eq!(s.agenda("2026-12-18", &[]).0, 1);
    assert_eq!(s.agenda("2026-12-17", &[]).0, 0);

    // The day after the last day: overdue, exit 1 even though --days 1 puts
    // nothing else within the horizon (the next last day, 14/01, is 13 days on).
    let (code, late) = s.agenda("2027-01-01", &["--days", "1"]);
    assert_eq!(code, 1, "{late}");
    let a = requests_of(&late, KBO_A);
    assert_eq!(a[0]["key"], key(&a_dec31));
    assert_eq!(a[0]["days_left"], -1);
    assert_eq!(
        (&a[0]["overdue"], &a[0]["due_soon"]),
        (&Value::Bool(true), &Value::Bool(false))
    );
    assert!(
        a[1..].iter().all(|r| r["overdue"] == false && r["due_soon"] == false),
        "{late}"
    );
    let human = s.run(&["agenda", "--as-of", "2027-01-01", "--days", "1"]);
    assert_eq!(human.status.code(), Some(1));
    assert!(stdout_text(&human).contains("TE LAAT"), "{}", stdout_text(&human));

    // --kbo takes any spelling of the number and shows that employer only.
    let (code, only_b) = s.agenda("2026-11-22", &["--kbo", "BE 0202.239.951"]);
    assert_eq!(code, 0);
    assert_eq!(agenda_keys(&only_b), [key(&b_jan14)]);
}

// ---------------------------------------------------------------------------
// 2. agenda after ledger submitted
// ---------------------------------------------------------------------------

#[test]
fn submitted_requests_leave_the_agenda() {
    let s = setup();
    // Two runs: one clerk uploads the first run's folder, the second run's
    // file stays to do for a while.
    let urgent = [row(1, KBO_A, "01/10/2026"), row(2, KBO_A, "01/10/2026")];
    let later = row(3, KBO_B, "01/11/2026");
    let out1 = s.prepare("run1", &write_rows(s.dir.path(), "export1.csv", &urgent));
    let out2 = s.prepare(
        "run2",
        &write_rows(s.dir.path(), "export2.csv", std::slice::from_ref(&later)),
    );

    // On 20/12 the first run's requests (last day 31/12) are due.
    let (code, before) = s.agenda("2026-12-20", &[]);
    assert_eq!(code, 1, "{before}");
    assert_eq!(agenda_keys(&before).len(), 3);

    let output = s.run(&["ledger", "submitted", "--format", "json", out1.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let report = stdout_json(&output);
    assert_eq!(report["marked"], 2, "{report}");
    assert_no_full_insz(&stdout_text(&output), &[&urgent[0], &urgent[1]]);

    // Nothing due any more: exit 0, only the second run's request is left.
    let (code, after) = s.agenda("2026-12-20", &[]);
    assert_eq!(code, 0, "{after}");
    assert_eq!(agenda_keys(&after), [key(&later)]);

    // Marking the upload file itself (not its folder) empties the agenda.
    let file = upload_path(&out2, KBO_B);
    let output = s.run(&["ledger", "submitted", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let (code, empty) = s.agenda("2026-12-20", &[]);
    assert_eq!(code, 0);
    assert_eq!(empty["employers"], Value::Array(vec![]), "{empty}");
    let statuses: Vec<Value> = s.list(&[]).iter().map(|r| r["status"].clone()).collect();
    assert_eq!(statuses, ["submitted", "submitted", "submitted"]);
}

// ---------------------------------------------------------------------------
// 3. agenda --ics
// ---------------------------------------------------------------------------

#[test]
fn ics_has_one_all_day_event_per_employer_and_last_day_and_is_reproducible() {
    let s = setup();
    // Two of Acme's requests share a last day (one event), one has another;
    // Bouw has one on the same day as Acme (an event of its own). The long
    // name with accents makes lines fold, across multi-byte characters.
    let acme = "Bouwonderneming Éénhoorn & Zonen, Société Générale de Construction NV";
    let rows = [
        row(1, KBO_A, "01/10/2026"),
        row(2, KBO_A, "01/10/2026"),
        row(3, KBO_A, "01/11/2026"),
        row(4, KBO_B, "01/10/2026"),
    ];
    let export = write_export(
        s.dir.path(),
        "export.csv",
        &[
            input(rows[0].clone(), acme),
            input(rows[1].clone(), acme),
            input(rows[2].clone(), acme),
            input(rows[3].clone(), "Bouw BV"),
        ],
    );
    s.prepare("out", &export);

    let ics = s.path("agenda.ics");
    let output = s.run(&[
        "agenda",
        "--as-of",
        "2026-11-22",
        "--format",
        "json",
        "--ics",
        ics.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let agenda = stdout_json(&output);
    let bytes = std::fs::read(&ics).expect("the calendar file is written");
    let text = read_text(&ics);

    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(text.ends_with("END:VCALENDAR\r\n"), "{text}");
    assert!(text.contains("\r\nVERSION:2.0\r\n"), "{text}");
    // CRLF only: no bare LF or CR once every CRLF is taken out.
    let without_crlf = text.replace("\r\n", "");
    assert!(!without_crlf.contains('\n') && !without_crlf.contains('\r'), "{text:?}");
    // RFC 5545 3.1: lines of at most 75 octets (without the CRLF).
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let refs: Vec<&Row> = rows.iter().collect();
    assert_no_full_insz(&text, &refs);
    assert_no_full_insz(&text.replace("\r\n ", ""), &refs);
    assert!(text.replace("\r\n ", "").contains(&masked(&rows[0].insz)), "{text}");

    // One event per (employer, last day), on the agenda's last days.
    let mut expected: Vec<(String, String)> = Vec::new();
    for e in agenda["employers"].as_array().unwrap() {
        let kbo = e["kbo"].as_str().unwrap();
        for r in e["requests"].as_array().unwrap() {
            let day = r["last_day"].as_str().unwrap().replace('-', "");
            if !expected.iter().any(|(k, d)| k == kbo && *d == day) {
                expected.push((kbo.to_string(), day));
            }
        }
    }
    expected.sort();
    let day = |kbo: &str, d: &str| (kbo.to_string(), d.to_string());
    // Sorted as the tuples sort: KBO_B (0202...) before KBO_A (0403...).
    assert_eq!(
        expected,
        [day(KBO_B, "20261231"), day(KBO_A, "20261231"), day(KBO_A, "20270131")]
    );
    let mut found: Vec<(String, String)> = events(&text)
        .into_iter()
        .map(|(uid, start)| {
            let kbo = [KBO_A, KBO_B]
                .into_iter()
                .find(|k| uid.contains(k))
                .unwrap_or_else(|| panic!("UID {uid} names no employer"));
            (kbo.to_string(), start)
        })
        .collect();
    found.sort();
    assert_eq!(found, expected, "{text}");
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 3);

    // Deterministic: the same ledger and as-of give the same bytes, also
    // when written again over the file and to another one.
    let again = s.run(&["agenda", "--as-of", "2026-11-22", "--ics", ics.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr_text(&again));
    assert_eq!(std::fs::read(&ics).unwrap(), bytes, "rewritten with other bytes");
    let other = s.path("other.ics");
    let third = s.run(&["agenda", "--as-of", "2026-11-22", "--ics", other.to_str().unwrap()]);
    assert_eq!(third.status.code(), Some(0));
    assert_eq!(std::fs::read(&other).unwrap(), bytes);
}

// ---------------------------------------------------------------------------
// 4. ledger import
// ---------------------------------------------------------------------------

#[test]
fn an_imported_overview_sets_statuses_and_the_agenda_says_what_to_do_about_refusals() {
    let s = setup();
    let approved = row(1, KBO_A, "01/10/2026");
    // Hired after the start: the last day counts from the hire date
    // (31/01/2027 instead of 31/12/2026), so a lateness refusal is the
    // R216 case: mail the dossier number with proof of the hire date.
    let new_hire = row(2, KBO_A, "01/10/2026");
    let refused = row(3, KBO_A, "15/10/2026");
    let untouched = row(4, KBO_A, "01/11/2026");
    let never_prepared = row(9, KBO_A, "01/09/2026");
    let export = write_export(
        s.dir.path(),
        "export.csv",
        &[
            input(approved.clone(), "Acme NV"),
            Input {
                row: new_hire.clone(),
                werkgever: "Acme NV",
                hired: "01/11/2026",
            },
            input(refused.clone(), "Acme NV"),
            input(untouched.clone(), "Acme NV"),
        ],
    );
    s.prepare("out", &export);
    let list = s.list(&[]);
    let hire_row = list.iter().find(|r| r["key"] == key(&new_hire)).expect("the new hire");
    assert_eq!(hire_row["last_day"], "2027-01-31", "the hire date moved the last day");

    let overview = write_overview(
        s.dir.path(),
        "overzicht.csv",
        &[
            dossier_line("VG-VOV-0001", &approved, "Goedgekeurd", "852,00", ""),
            dossier_line("VG-VOV-0002", &new_hire, "Geweigerd", "", "Laattijdige aanvraag"),
            dossier_line(
                "VG-VOV-0003",
                &refused,
                "Geweigerd",
                "",
                "Aanvraag laattijdig ingediend",
            ),
            dossier_line("VG-VOV-0009", &never_prepared, "Ingediend", "", ""),
        ],
    );
    let output = s.run(&["ledger", "import", "--format", "json", overview.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let everyone = [&approved, &new_hire, &refused, &untouched, &never_prepared];
    assert_no_full_insz(&stdout_text(&output), &everyone);
    let report = stdout_json(&output);
    assert_eq!(report["dossiers"], 4, "{report}");
    assert_eq!(report["matched"], 3, "{report}");
    let changed: Vec<(&str, &str, &str)> = report["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["dossier"].as_str().unwrap(),
                c["from"].as_str().unwrap(),
                c["to"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        changed,
        [
            ("VG-VOV-0001", "prepared", "goedgekeurd"),
            ("VG-VOV-0002", "prepared", "geweigerd"),
            ("VG-VOV-0003", "prepared", "geweigerd"),
        ]
    );
    let unmatched = report["unmatched"].as_array().unwrap();
    assert_eq!(unmatched.len(), 1, "{report}");
    assert_eq!(unmatched[0]["dossier"], "VG-VOV-0009");
    assert_eq!(unmatched[0]["employee"], masked(&never_prepared.insz));
    assert_eq!(unmatched[0]["status"], "ingediend");
    assert!(
        unmatched[0]["place"].as_str().unwrap().ends_with("overzicht.csv:5"),
        "{}",
        unmatched[0]["place"]
    );
    assert_eq!(report["unreadable"], Value::Array(vec![]));

    // The ledger holds the statuses and dossier numbers; a dossier that
    // matches nothing adds no request.
    let list = s.list(&[]);
    assert_eq!(list.len(), 4, "{list:?}");
    let of = |r: &Row| list.iter().find(|l| l["key"] == key(r)).expect("listed").clone();
    assert_eq!(
        (of(&approved)["status"].clone(), of(&approved)["dossier"].clone()),
        ("goedgekeurd".into(), "VG-VOV-0001".into())
    );
    assert_eq!(
        (of(&new_hire)["status"].clone(), of(&new_hire)["dossier"].clone()),
        ("geweigerd".into(), "VG-VOV-0002".into())
    );
    assert_eq!(of(&new_hire)["reason"], "Laattijdige aanvraag");
    assert_eq!(
        (of(&refused)["status"].clone(), of(&refused)["dossier"].clone()),
        ("geweigerd".into(), "VG-VOV-0003".into())
    );
    assert_eq!(
        (of(&untouched)["status"].clone(), of(&untouched)["dossier"].clone()),
        ("prepared".into(), Value::Null)
    );

    // The agenda: only the untouched request is still to upload (not due
    // yet); the two refusals are actions, each with its advice, and they
    // need an answer: exit 1 (CONTRACT v3); the approved one is gone.
    let output = s.run(&["agenda", "--as-of", "2026-11-22", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr_text(&output));
    assert_no_full_insz(&stdout_text(&output), &everyone);
    let agenda = stdout_json(&output);
    assert_eq!(agenda_keys(&agenda), [key(&untouched)]);
    let actions = agenda["actions"].as_array().unwrap();
    assert_eq!(actions.len(), 2, "{agenda}");
    let action = |dossier: &str| {
        actions
            .iter()
            .find(|a| a["dossier"] == dossier)
            .unwrap_or_else(|| panic!("no action for {dossier} in {agenda}"))
    };
    assert!(actions.iter().all(|a| a["dossier"] != "VG-VOV-0001"));
    let hire = action("VG-VOV-0002");
    assert_eq!(hire["kind"], "hire_date_proof");
    assert_eq!(hire["status"], "geweigerd");
    assert_eq!(hire["key"], key(&new_hire));
    assert_eq!(hire["employee"], masked(&new_hire.insz));
    assert_eq!(hire["name"], "Acme NV");
    assert_eq!(
        hire["employee_name"],
        format!("{} {}", new_hire.naam, new_hire.voornaam)
    );
    // A refusal is answered within a month of the decision, counted from the import.
    assert!(hire["answer_by"].is_string(), "{hire}");
    assert!(
        hire["when"].as_str().unwrap().starts_with("Antwoord uiterlijk op "),
        "{hire}"
    );
    let what = hire["what"].as_str().unwrap();
    assert!(
        what.contains("VG-VOV-0002") && what.contains("vlaamsopleidingsverlof@vlaanderen.be"),
        "{what}"
    );
    let month = action("VG-VOV-0003");
    assert_eq!(month["kind"], "proof_within_a_month");
    assert_eq!(month["reason"], "Aanvraag laattijdig ingediend");
    let what = month["what"].as_str().unwrap();
    assert!(
        what.contains("VG-VOV-0003") && what.contains("binnen de maand"),
        "{what}"
    );

    // The human agenda shows the actions too, masked.
    let human = s.run(&["agenda", "--as-of", "2026-11-22"]);
    let text = stdout_text(&human);
    assert!(text.contains("VG-VOV-0002") && text.contains("VG-VOV-0003"), "{text}");
    assert_no_full_insz(&text, &everyone);
}

#[test]
fn an_unknown_status_word_stops_the_import_and_changes_nothing() {
    let s = setup();
    let rows = [row(1, KBO_A, "01/10/2026"), row(2, KBO_A, "01/10/2026")];
    s.prepare("out", &write_rows(s.dir.path(), "export.csv", &rows));
    let before = s.run(&["ledger", "list", "--format", "json"]);
    assert_eq!(before.status.code(), Some(0));

    // Line 2 is fine; line 3's status is no WSE status: the whole file is
    // refused, line 2 included (one transaction).
    let overview = write_overview(
        s.dir.path(),
        "overzicht.csv",
        &[
            dossier_line("VG-VOV-0001", &rows[0], "Goedgekeurd", "", ""),
            dossier_line("VG-VOV-0002", &rows[1], "In behandeling", "", ""),
        ],
    );
    let place = format!("{}:3", overview.display());
    let output = s.run(&["ledger", "import", "--format", "json", overview.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
    let message = stderr_text(&output);
    assert!(message.contains(&place), "names {place}: {message}");
    assert!(message.contains("In behandeling"), "{message}");
    assert!(
        stdout_text(&output).trim().is_empty(),
        "no report: {}",
        stdout_text(&output)
    );
    assert_no_full_insz(&message, &[&rows[0], &rows[1]]);

    let after = s.run(&["ledger", "list", "--format", "json"]);
    assert_eq!(after.status.code(), Some(0));
    assert_eq!(stdout_text(&after), stdout_text(&before), "the ledger changed");
}

// ---------------------------------------------------------------------------
// 5. ledger list
// ---------------------------------------------------------------------------

#[test]
fn ledger_list_filters_by_status_and_employer_and_masks_in_human_output() {
    let s = setup();
    let a1 = row(1, KBO_A, "01/10/2026");
    let a2 = row(2, KBO_A, "15/10/2026");
    let b = row(3, KBO_B, "01/10/2026");
    let out = s.prepare(
        "out",
        &write_rows(s.dir.path(), "export.csv", &[a1.clone(), a2.clone(), b.clone()]),
    );
    // Employer B's upload went to the WSE-loket; A's did not yet.
    let upload_b = upload_path(&out, KBO_B);
    let output = s.run(&["ledger", "submitted", upload_b.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));

    let keys = |listed: &[Value]| -> Vec<String> {
        let mut k: Vec<String> = listed.iter().map(|r| r["key"].as_str().unwrap().to_string()).collect();
        k.sort();
        k
    };
    let mut a_keys = vec![key(&a1), key(&a2)];
    a_keys.sort();
    let prepared_a = s.list(&["--status", "prepared", "--kbo", KBO_A]);
    assert_eq!(keys(&prepared_a), a_keys);
    assert!(prepared_a
        .iter()
        .all(|r| r["status"] == "prepared" && r["kbo"] == KBO_A));
    assert_eq!(keys(&s.list(&["--status", "submitted"])), [key(&b)]);
    assert!(s.list(&["--status", "prepared", "--kbo", KBO_B]).is_empty());
    assert_eq!(s.list(&[]).len(), 3);
    // Any spelling of the KBO number.
    assert_eq!(keys(&s.list(&["--kbo", "BE 0403.170.701"])), a_keys);

    // Human output: a table with the masked numbers, never the full ones.
    let human = s.run(&["ledger", "list"]);
    assert_eq!(human.status.code(), Some(0));
    let text = stdout_text(&human);
    assert!(!text.trim().is_empty());
    for r in [&a1, &a2, &b] {
        assert!(text.contains(&masked(&r.insz)), "{text}");
    }
    assert_no_full_insz(&text, &[&a1, &a2, &b]);
    let filtered = s.run(&["ledger", "list", "--status", "prepared", "--kbo", KBO_A]);
    let text = stdout_text(&filtered);
    assert!(
        text.contains(&masked(&a1.insz)) && !text.contains(&masked(&b.insz)),
        "{text}"
    );

    // A status that does not exist is a usage error.
    let wrong = s.run(&["ledger", "list", "--status", "approved"]);
    assert_eq!(wrong.status.code(), Some(2));
}

// ---------------------------------------------------------------------------
// 6. ledgers this vov-bulk cannot use
// ---------------------------------------------------------------------------

#[test]
fn a_ledger_of_a_newer_schema_is_refused_by_the_reading_commands_and_left_as_it_is() {
    let s = setup();
    // As a later vov-bulk would leave it: our application id, a schema
    // version this build does not know.
    sqlite_file(
        &s.ledger,
        &format!(
            "PRAGMA application_id = {LEDGER_APPLICATION_ID}; CREATE TABLE runs (id INTEGER PRIMARY KEY); \
             PRAGMA user_version = 99;"
        ),
    );
    let bytes = std::fs::read(&s.ledger).unwrap();
    for args in [
        &["agenda", "--as-of", "2026-11-22"][..],
        &["agenda", "--as-of", "2026-11-22", "--format", "json"][..],
        &["ledger", "list"][..],
        &["ledger", "list", "--format", "json"][..],
    ] {
        let output = s.run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stdout_text(&output));
        let message = stderr_text(&output);
        // error.rs TooNew: "written by a newer vov-bulk (schema 99, ...)".
        let lower = message.to_lowercase();
        assert!(
            lower.contains("newer") || lower.contains("nieuwere"),
            "{args:?}: {message}"
        );
        assert!(message.contains("99"), "{args:?}: {message}");
        assert_eq!(std::fs::read(&s.ledger).unwrap(), bytes, "{args:?} changed the ledger");
    }
}

#[test]
fn a_database_that_is_no_ledger_is_refused_and_left_as_it_is() {
    let s = setup();
    let db = s.path("other.sqlite");
    sqlite_file(&db, "CREATE TABLE foo (x TEXT); INSERT INTO foo VALUES ('keep me');");
    let bytes = std::fs::read(&db).unwrap();
    let overview = write_overview(
        s.dir.path(),
        "overzicht.csv",
        &[dossier_line("VG-VOV-0001", &Row::nth(1), "Goedgekeurd", "", "")],
    );
    for args in [
        &["agenda", "--as-of", "2026-11-22", "--format", "json"][..],
        &["ledger", "list", "--format", "json"][..],
        &["ledger", "import", overview.to_str().unwrap()][..],
    ] {
        let output = run_on(&db, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stdout_text(&output));
        assert!(
            stderr_text(&output).contains("is geen vov-bulk-register"),
            "{args:?}: {}",
            stderr_text(&output)
        );
        assert_eq!(std::fs::read(&db).unwrap(), bytes, "{args:?} changed the database");
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let kept: String = conn.query_row("SELECT x FROM foo", [], |r| r.get(0)).unwrap();
    assert_eq!(kept, "keep me");
}

// ---------------------------------------------------------------------------
// 7. no ledger yet
// ---------------------------------------------------------------------------

#[test]
fn agenda_and_list_without_a_ledger_are_empty_and_create_nothing() {
    let s = setup();
    // In a folder that does not exist either: reading creates neither.
    let folder = s.path("nieuw");
    let ledger = folder.join("ledger.sqlite");
    let output = run_on(&ledger, &["agenda", "--as-of", "2026-11-22", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let agenda = stdout_json(&output);
    assert_eq!(agenda["as_of"], "2026-11-22");
    assert_eq!(agenda["employers"], Value::Array(vec![]));
    assert_eq!(agenda["actions"], Value::Array(vec![]));
    let human = run_on(&ledger, &["agenda", "--as-of", "2026-11-22"]);
    assert_eq!(human.status.code(), Some(0));
    let list = run_on(&ledger, &["ledger", "list", "--format", "json"]);
    assert_eq!(list.status.code(), Some(0), "{}", stderr_text(&list));
    assert_eq!(stdout_json(&list), Value::Array(vec![]));
    assert!(!ledger.exists(), "the ledger was created");
    assert!(!folder.exists(), "its folder was created");
    // Nor in an existing folder (no -wal, -shm or lock file either).
    let here = s.path("ledger.sqlite");
    let output = run_on(&here, &["agenda", "--as-of", "2026-11-22"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(files_in(s.dir.path()).is_empty(), "{:?}", files_in(s.dir.path()));
}

// ---------------------------------------------------------------------------
// Regressions: bugs that these tests found in the committed code (each test
// failed there; the working tree fixes them)
// ---------------------------------------------------------------------------

/// Was: without a ledger file the agenda said `"days": 14` and "binnen 14
/// dagen" whatever --days asked (`Agenda::empty` ignored the option).
#[test]
fn agenda_without_a_ledger_reports_the_days_asked_for() {
    let s = setup();
    let output = s.run(&["agenda", "--as-of", "2026-11-22", "--days", "3", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout_json(&output)["days"], 3);
    let human = s.run(&["agenda", "--as-of", "2026-11-22", "--days", "3"]);
    assert!(
        stdout_text(&human).contains("binnen 3 dagen"),
        "{}",
        stdout_text(&human)
    );
}

/// Was: an INSZ standing in another column was echoed whole: in the
/// unknown-status error (stderr) and in `unreadable[].problem` for a KBO
/// column (CONTRACT.md: never a full INSZ, "wherever it stands").
#[test]
fn ledger_import_never_prints_a_full_insz_from_a_misplaced_column() {
    let s = setup();
    let r = Row::nth(1);
    // Columns shifted by the export: the INSZ is where the status should be.
    let shifted = write(
        s.dir.path(),
        "shifted.csv",
        format!(
            "Dossiernummer;Ondernemingsnummer;ODB-nummer;Startdatum;Status\r\nVG-VOV-1;{};{};{};{}\r\n",
            r.kbo, r.odb, r.start, r.insz
        ),
    );
    let output = s.run(&["ledger", "import", shifted.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let all = stdout_text(&output) + &stderr_text(&output);
    assert_no_full_insz(&all, &[&r]);
    // KBO and INSZ swapped: the row is reported as unreadable.
    let swapped = write(
        s.dir.path(),
        "swapped.csv",
        format!(
            "Dossiernummer;Ondernemingsnummer;INSZ;ODB-nummer;Startdatum;Status\r\nVG-VOV-1;{};{};{};{};Ingediend\r\n",
            r.insz, r.kbo, r.odb, r.start
        ),
    );
    let output = s.run(&["ledger", "import", "--format", "json", swapped.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    assert_eq!(stdout_json(&output)["unreadable"].as_array().map(Vec::len), Some(1));
    let all = stdout_text(&output) + &stderr_text(&output);
    assert_no_full_insz(&all, &[&r]);
}

/// Was: `Ledger::open` switched the file to WAL (`PRAGMA journal_mode`)
/// before migrate's version check refused it: exit 2, yet the file changed.
#[test]
fn a_writing_command_leaves_a_newer_ledger_as_it_is() {
    let s = setup();
    sqlite_file(
        &s.ledger,
        &format!(
            "PRAGMA application_id = {LEDGER_APPLICATION_ID}; CREATE TABLE runs (id INTEGER PRIMARY KEY); \
             PRAGMA user_version = 99;"
        ),
    );
    let bytes = std::fs::read(&s.ledger).unwrap();
    let overview = write_overview(
        s.dir.path(),
        "overzicht.csv",
        &[dossier_line("VG-VOV-0001", &Row::nth(1), "Goedgekeurd", "", "")],
    );
    let output = s.run(&["ledger", "import", overview.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_text(&output).contains("nieuwere vov-bulk"),
        "{}",
        stderr_text(&output)
    );
    assert_eq!(
        std::fs::read(&s.ledger).unwrap(),
        bytes,
        "exit 2 on an unusable ledger writes nothing"
    );
    let export = write_rows(s.dir.path(), "export.csv", &[Row::nth(1)]);
    let out = s.path("out");
    let output = prepare(&out, [&export])
        .arg("--ledger")
        .arg(&s.ledger)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
    assert_eq!(
        std::fs::read(&s.ledger).unwrap(),
        bytes,
        "prepare changed the newer ledger"
    );
    assert_nothing_written(&out);
}

/// Was: the `icalendar` crate (0.17.17, `fold_line`) stops folding once at
/// most 75 octets remain, so a last continuation of exactly 75 octets came
/// out as a 76-octet line (its leading space plus 75). This pure-ASCII
/// employer name makes the SUMMARY exactly 150 octets: 75 + a 75-octet rest.
#[test]
fn an_ics_line_of_exactly_two_times_75_octets_is_folded_within_the_limit() {
    let s = setup();
    let name = "Algemene Bouwonderneming Van den Broeck en Zonen NV - Afdeling Renovaties Oost-Brabant";
    let export = write_export(s.dir.path(), "export.csv", &[input(Row::nth(1), name)]);
    s.prepare("out", &export);
    let ics = s.path("agenda.ics");
    let output = s.run(&["agenda", "--as-of", "2026-11-22", "--ics", ics.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let text = read_text(&ics);
    let summary = text
        .replace("\r\n ", "")
        .split("\r\n")
        .find(|l| l.starts_with("SUMMARY:"))
        .map(str::len);
    // If the summary's wording changes, adjust the name to keep it at 150.
    assert_eq!(summary, Some(150), "the case this test is about");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
}

// ---------------------------------------------------------------------------
// French
// ---------------------------------------------------------------------------

#[test]
fn the_agenda_its_calendar_and_the_list_speak_french() {
    let s = setup();
    let dec31 = row(1, KBO_A, "01/10/2026");
    let export = write_export(s.dir.path(), "export.csv", &[input(dec31.clone(), "Acme NV")]);
    s.prepare("out", &export);

    let human = s.run(&["agenda", "--as-of", "2026-12-20", "--lang", "fr"]);
    assert_eq!(human.status.code(), Some(1), "{}", stderr_text(&human));
    let text = stdout_text(&human);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "Agenda au 20/12/2026: demandes préparées qui doivent encore être introduites au guichet WSE (WSE-loket) (bientôt: dernier jour dans les 14 jours).",
            "",
            &format!("Acme NV ({KBO_A}): 1 demande"),
            "  dernier jour  jours  nom              travailleur    numéro ODB      début                      fichier de chargement",
        ],
        "{text}"
    );
    assert!(
        lines[4].starts_with(&format!(
            "  31/12/2026       11  Naam1 Voornaam1  {}  ODB-0002141     01/10/2026  bientôt        ",
            masked(&dec31.insz)
        )),
        "{text}"
    );

    let ics = s.path("agenda.ics");
    let output = s.run(&[
        "agenda",
        "--as-of",
        "2026-12-20",
        "--lang",
        "fr",
        "--ics",
        ics.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr_text(&output));
    let calendar = read_text(&ics).replace("\r\n ", "");
    for line in [
        "X-WR-CALNAME:Agenda VOV".to_string(),
        format!("SUMMARY:VOV: introduire 1 demande de Acme NV ({KBO_A}) (dernier jour)"),
        "DESCRIPTION:Dernier jour pour introduire ces demandes dans le guichet WSE (WSE-loket): 31/12/2026."
            .to_string(),
        format!(
            "- Naam1 Voornaam1 ({}) ODB-0002141 début 01/10/2026: ",
            masked(&dec31.insz)
        ),
    ] {
        assert!(calendar.contains(&line), "{line} not in\n{calendar}");
    }
    assert!(
        calendar.contains("Ensuite: vov-bulk ledger submitted <fichier>."),
        "{calendar}"
    );

    let list = s.run(&["ledger", "list", "--lang", "fr"]);
    assert_eq!(list.status.code(), Some(0), "{}", stderr_text(&list));
    let text = stdout_text(&list);
    assert!(text.starts_with("1 demande (version actuelle):\n  BCE/KBO "), "{text}");
    assert!(text.contains(" dernier jour  statut "), "{text}");
}

// ---------------------------------------------------------------------------
// 7. issue 23: views that name people, answer refusals, read the portal's
//    language and say what was filtered
// ---------------------------------------------------------------------------

/// A dossier overview as the WSE-loket exports it for a French-speaking
/// user: French headers, French status words.
const OVERVIEW_HEADER_FR: &str =
    "Numéro de dossier;Numéro d'entreprise;NISS;Nom;Prénom;Numéro ODB;Date de début;Date de fin;Statut;Montant;Motif du refus";

#[test]
fn a_french_overview_with_approuve_refuse_and_two_date_forms_is_read() {
    let s = setup();
    let approved = row(1, KBO_A, "01/10/2026");
    let refused = row(2, KBO_A, "15/10/2026");
    let paid = row(3, KBO_A, "01/11/2026");
    let export = write_export(
        s.dir.path(),
        "export.csv",
        &[
            input(approved.clone(), "Société Générale NV"),
            input(refused.clone(), "Société Générale NV"),
            input(paid.clone(), "Société Générale NV"),
        ],
    );
    s.prepare("out", &export);
    // dd/mm/yyyy, yyyy-mm-dd with a midnight time, dd-mm-yyyy: the portal's forms.
    let line = |dossier: &str, r: &Row, start: String, status: &str, reason: &str| {
        format!(
            "{dossier};{};{};{};{};{};{start};{};{status};;{reason}\r\n",
            r.kbo, r.insz, r.naam, r.voornaam, r.odb, r.end
        )
    };
    let text = format!(
        "{OVERVIEW_HEADER_FR}\r\n{}{}{}",
        line("VG-VOV-0101", &approved, approved.start.clone(), "Approuvé", ""),
        line(
            "VG-VOV-0102",
            &refused,
            format!("{} 00:00:00", iso(&refused.start)),
            "Refusé",
            "Demande introduite tardivement"
        ),
        line(
            "VG-VOV-0103",
            &paid,
            paid.start.replace('/', "-"),
            "PARTIELLEMENT PAYÉ",
            ""
        ),
    );
    let overview = write(s.dir.path(), "apercu.csv", text);
    let output = s.run(&[
        "ledger",
        "import",
        "--lang",
        "fr",
        "--format",
        "json",
        overview.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let report = stdout_json(&output);
    assert_eq!(
        (report["dossiers"].clone(), report["matched"].clone()),
        (3.into(), 3.into()),
        "{report}"
    );
    assert_eq!(report["unreadable"], Value::Array(vec![]), "{report}");
    let list = s.list(&[]);
    let status_of = |r: &Row| list.iter().find(|l| l["key"] == key(r)).expect("listed")["status"].clone();
    assert_eq!(status_of(&approved), "goedgekeurd");
    assert_eq!(status_of(&refused), "geweigerd");
    assert_eq!(status_of(&paid), "deels_uitbetaald");

    // The refusal needs an answer: the French agenda says by when, names the
    // employee, and exits 1.
    let human = s.run(&["agenda", "--as-of", "2026-11-22", "--lang", "fr"]);
    assert_eq!(human.status.code(), Some(1), "{}", stderr_text(&human));
    let text = stdout_text(&human);
    assert!(text.contains("Dossiers qui demandent une réponse (1):"), "{text}");
    assert!(
        text.contains(&format!(
            "VG-VOV-0102  Société Générale NV ({KBO_A})  {} {} {}",
            refused.naam,
            refused.voornaam,
            masked(&refused.insz)
        )),
        "{text}"
    );
    assert!(text.contains("Répondez au plus tard le "), "{text}");
    assert_no_full_insz(&text, &[&approved, &refused, &paid]);
}

#[test]
fn an_unknown_status_word_names_the_line_the_word_and_the_accepted_words_without_the_ledger_help() {
    let s = setup();
    let r = row(1, KBO_A, "01/10/2026");
    s.prepare("out", &write_rows(s.dir.path(), "export.csv", std::slice::from_ref(&r)));
    let overview = write_overview(
        s.dir.path(),
        "overzicht.csv",
        &[dossier_line("VG-VOV-0001", &r, "En traitement", "", "")],
    );
    let output = s.run(&["ledger", "import", overview.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
    let message = stderr_text(&output);
    assert!(message.contains(&format!("{}:2", overview.display())), "{message}");
    assert!(message.contains("'En traitement'"), "{message}");
    assert!(message.contains("Goedgekeurd / Approuvé / Approved"), "{message}");
    assert!(
        !message.contains("VOV_LEDGER"),
        "no help about the ledger's path: {message}"
    );

    // A ledger that is no ledger still gets it.
    let other = s.path("other.sqlite");
    sqlite_file(&other, "CREATE TABLE t (x INTEGER);");
    let output = run_on(&other, &["ledger", "list"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_text(&output).contains("VOV_LEDGER"), "{}", stderr_text(&output));
}

#[test]
fn a_refused_dossier_alone_makes_the_agenda_exit_1() {
    let s = setup();
    let refused = row(1, KBO_A, "01/11/2026");
    let later = row(2, KBO_A, "01/11/2026");
    s.prepare(
        "out",
        &write_rows(s.dir.path(), "export.csv", &[refused.clone(), later.clone()]),
    );
    // 01/11/2026 starts: last day 31/01/2027, far from 22/11/2026.
    let (code, agenda) = s.agenda("2026-11-22", &[]);
    assert_eq!(code, 0, "nothing due yet: {agenda}");
    let overview = write_overview(
        s.dir.path(),
        "overzicht.csv",
        &[dossier_line("VG-VOV-0007", &refused, "Onontvankelijk", "", "")],
    );
    let output = s.run(&["ledger", "import", overview.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let (code, agenda) = s.agenda("2026-11-22", &[]);
    assert_eq!(code, 1, "a dossier that needs an answer: {agenda}");
    let action = &agenda["actions"][0];
    assert_eq!(action["employee"], masked(&refused.insz));
    assert_eq!(
        action["employee_name"],
        format!("{} {}", refused.naam, refused.voornaam)
    );
    // The sources give no term for an inadmissible dossier.
    assert_eq!(action["answer_by"], Value::Null);
    assert!(
        action["when"].as_str().unwrap().contains("zo snel mogelijk"),
        "{action}"
    );
    let request = &agenda["employers"][0]["requests"][0];
    assert_eq!(request["employee"], masked(&later.insz));
    assert_eq!(request["name"], format!("{} {}", later.naam, later.voornaam));
    let human = stdout_text(&s.run(&["agenda", "--as-of", "2026-11-22"]));
    assert!(human.contains(&format!("{} {}", later.naam, later.voornaam)), "{human}");
}

#[test]
fn ledger_list_status_prepared_lists_the_prepared_requests_and_an_empty_filter_says_what_it_filtered() {
    let s = setup();
    let rows: Vec<Row> = (1..=13).map(|n| row(n, KBO_A, "01/10/2026")).collect();
    s.prepare("out", &write_rows(s.dir.path(), "export.csv", &rows));
    let prepared = s.list(&["--status", "prepared"]);
    assert_eq!(prepared.len(), 13);
    assert!(prepared
        .iter()
        .all(|r| r["status"] == "prepared" && r["name"].is_string()));
    let human = stdout_text(&s.run(&["ledger", "list", "--status", "prepared"]));
    assert!(human.starts_with("13 aanvragen (huidige versie):"), "{human}");
    assert!(human.contains("Naam13 Voornaam13"), "{human}");

    let none = s.run(&["ledger", "list", "--status", "submitted"]);
    assert_eq!(none.status.code(), Some(0));
    assert_eq!(
        stdout_text(&none),
        "Geen aanvraag met status opgeladen (submitted); 13 aanvragen in het register.\n"
    );
    let none = s.run(&["ledger", "list", "--status", "prepared", "--kbo", KBO_B, "--lang", "en"]);
    assert_eq!(
        stdout_text(&none),
        format!("No request with status prepared of employer {KBO_B}; 13 requests in the ledger.\n")
    );
}
