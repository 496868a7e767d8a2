//! One end-to-end run per school year being filed now (RULES.md rev 3):
//! 2024-2025 (the old figures, the shared initiative still in force),
//! 2025-2026 (80 %, 28 hours a week, EUR 14.91, excluded activities) and
//! the provisional 2026-2027 (the same figures carried over: warnings, not
//! errors, and a provisional estimate). Each runs the real binary on a CSV
//! with the columns of contract v3.

mod common;

use std::path::Path;

use common::{bin, insz, KBO_A};
use serde_json::Value;

const HEADER: &str = "werkgever_kbo;werknemer_insz;werknemer_naam;werknemer_voornaam;odb_nummer;opleiding_titel;\
eenheid;aantal;startdatum;einddatum;tewerkstelling_totaal_pct;uren_per_week;overgangsmaatregel;initiatief";

/// One request of employee `seq` of the school year starting in `year`:
/// `hours` hours from 1 October, with the optional cells given.
struct Request<'a> {
    seq: u32,
    odb: &'a str,
    title: &'a str,
    hours: &'a str,
    total_twp: &'a str,
    weekly_hours: &'a str,
    transitional: &'a str,
    initiative: &'a str,
}

impl Default for Request<'_> {
    fn default() -> Self {
        Request {
            seq: 1,
            odb: "ODB-0002141",
            title: "Boekhouding",
            hours: "40",
            total_twp: "",
            weekly_hours: "",
            transitional: "",
            initiative: "",
        }
    }
}

fn line(year: i32, r: &Request<'_>) -> String {
    let person = insz(80, 1, 1, r.seq, false);
    [
        KBO_A,
        &person,
        "Peeters",
        &format!("Nr{}", r.seq),
        r.odb,
        r.title,
        "uren",
        r.hours,
        &format!("01/10/{year}"),
        &format!("30/06/{}", year + 1),
        r.total_twp,
        r.weekly_hours,
        r.transitional,
        r.initiative,
    ]
    .join(";")
}

/// `prepare --format json` of these requests of the school year starting in
/// `year`, submitted on 1 November of that year; the report and the upload.
fn prepare_year(dir: &Path, year: i32, requests: &[Request<'_>]) -> (Value, String) {
    let mut text = format!("{HEADER}\n");
    for r in requests {
        text.push_str(&line(year, r));
        text.push('\n');
    }
    let input = common::write(dir, &format!("export-{year}.csv"), text);
    let out = dir.join(format!("out-{year}"));
    let output = bin()
        .args([
            "prepare",
            "--format",
            "json",
            "--as-of",
            &format!("{year}-11-01"),
            "--out",
        ])
        .arg(&out)
        .arg(&input)
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("the JSON report");
    let upload = std::fs::read_to_string(out.join(format!("wse-vov_{KBO_A}.csv"))).unwrap_or_default();
    (report, upload)
}

/// The (code, severity) pairs of the row at `line` (the header is line 1).
fn findings(report: &Value, line: u64) -> Vec<(String, String)> {
    report["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|row| row["line"] == line)
        .flat_map(|row| row["diagnostics"].as_array().cloned().unwrap_or_default())
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["severity"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn status(report: &Value, line: u64) -> String {
    report["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|row| row["line"] == line)
        .map_or("accepted".to_string(), |row| {
            row["status"].as_str().unwrap_or("").to_string()
        })
}

fn has(report: &Value, line: u64, code: &str, severity: &str) -> bool {
    findings(report, line).contains(&(code.to_string(), severity.to_string()))
}

fn codes(report: &Value, line: u64) -> Vec<String> {
    findings(report, line).into_iter().map(|(code, _)| code).collect()
}

#[test]
fn school_year_2024_2025_keeps_50_percent_21_30_and_the_shared_initiative() {
    let dir = tempfile::tempdir().expect("a folder");
    let (report, upload) = prepare_year(
        dir.path(),
        2024,
        &[
            Request {
                seq: 1,
                total_twp: "60",
                ..Request::default()
            },
            Request {
                seq: 2,
                hours: "100",
                initiative: "werknemer",
                ..Request::default()
            },
            Request {
                seq: 2,
                odb: "ODB-Z00291",
                hours: "100",
                initiative: "werkgever",
                ..Request::default()
            },
            Request {
                seq: 3,
                title: "Lunch & Learn",
                ..Request::default()
            },
            Request {
                seq: 4,
                total_twp: "100",
                weekly_hours: "20",
                ..Request::default()
            },
        ],
    );
    assert_eq!(report["report_version"], 3);
    assert!(
        codes(&report, 2).is_empty(),
        "60 % is enough in 2024-2025: {:?}",
        findings(&report, 2)
    );
    // 100 + 100 hours on two initiatives: 125 each, no X302 (rev 3).
    assert!(has(&report, 3, "X308", "info") && !codes(&report, 3).contains(&"X302".to_string()));
    assert!(
        !codes(&report, 4).contains(&"X302".to_string()),
        "{:?}",
        findings(&report, 4)
    );
    assert!(codes(&report, 5).is_empty(), "no excluded activity before 2025-2026");
    assert!(codes(&report, 6).is_empty(), "no weekly minimum before 2025-2026");
    assert_eq!(report["summary"]["accepted"], 5);
    let employer = &report["summary"]["employers"][0];
    // 40 + 200 + 40 + 40 hours at EUR 21.30.
    assert_eq!(employer["estimated_reimbursement_eur"], "6816.00");
    assert_eq!(employer["estimate_provisional"], false);
    assert_eq!(report["regulation"]["source"], "built-in");
    assert_eq!(report["regulation"]["provisional_years"], serde_json::json!([]));
    assert!(
        upload.lines().next().is_some_and(|h| h.ends_with(";initiatief")),
        "{upload}"
    );
    assert!(
        upload
            .lines()
            .any(|l| l.contains(";ODB-Z00291;") && l.ends_with(";werkgever")),
        "{upload}"
    );
}

#[test]
fn school_year_2025_2026_needs_80_percent_and_28_hours_and_pays_14_91() {
    let dir = tempfile::tempdir().expect("a folder");
    let (report, upload) = prepare_year(
        dir.path(),
        2025,
        &[
            Request {
                seq: 1,
                total_twp: "79,99",
                ..Request::default()
            },
            Request {
                seq: 2,
                total_twp: "80",
                ..Request::default()
            },
            Request {
                seq: 3,
                total_twp: "80.01",
                ..Request::default()
            },
            Request {
                seq: 4,
                total_twp: "100",
                weekly_hours: "27,99",
                ..Request::default()
            },
            Request {
                seq: 5,
                total_twp: "100",
                weekly_hours: "28",
                ..Request::default()
            },
            Request {
                seq: 6,
                total_twp: "60",
                transitional: "ja",
                ..Request::default()
            },
            Request {
                seq: 7,
                title: "Lunch & Learn: Excel",
                ..Request::default()
            },
            Request {
                seq: 8,
                title: "Intervisie voor leidinggevenden",
                ..Request::default()
            },
        ],
    );
    assert!(has(&report, 2, "R208", "error") && status(&report, 2) == "rejected");
    assert!(!codes(&report, 3).contains(&"R208".to_string()) && status(&report, 3) == "accepted");
    assert!(!codes(&report, 4).contains(&"R208".to_string()));
    assert!(has(&report, 5, "R222", "error") && status(&report, 5) == "rejected");
    assert!(codes(&report, 6).is_empty(), "{:?}", findings(&report, 6));
    assert!(
        has(&report, 7, "R208", "warning") && status(&report, 7) == "accepted",
        "the transitional measure"
    );
    assert!(has(&report, 8, "R223", "warning") && status(&report, 8) == "accepted");
    assert!(has(&report, 9, "R223", "warning"));
    assert_eq!(report["summary"]["rejected"], 2);
    assert_eq!(report["summary"]["accepted"], 6);
    let employer = &report["summary"]["employers"][0];
    // 6 accepted rows of 40 hours at EUR 14.91.
    assert_eq!(employer["estimated_reimbursement_eur"], "3578.40");
    assert_eq!(employer["estimate_provisional"], false);
    assert_eq!(upload.lines().count(), 7, "the header and six requests: {upload}");
}

#[test]
fn school_year_2026_2027_is_provisional_warns_instead_of_rejecting() {
    let dir = tempfile::tempdir().expect("a folder");
    let (report, _) = prepare_year(
        dir.path(),
        2026,
        &[
            Request {
                seq: 1,
                total_twp: "79,99",
                ..Request::default()
            },
            Request {
                seq: 2,
                total_twp: "49,99",
                ..Request::default()
            },
            Request {
                seq: 3,
                total_twp: "100",
                weekly_hours: "27",
                ..Request::default()
            },
            Request {
                seq: 4,
                title: "Onboarding nieuwe medewerkers",
                ..Request::default()
            },
        ],
    );
    assert!(has(&report, 2, "R208", "warning") && status(&report, 2) == "accepted");
    assert!(
        has(&report, 3, "R208", "error") && status(&report, 3) == "rejected",
        "below the base 50 %"
    );
    assert!(has(&report, 4, "R222", "warning") && status(&report, 4) == "accepted");
    assert!(has(&report, 5, "R223", "warning"));
    let employer = &report["summary"]["employers"][0];
    assert_eq!(
        employer["estimated_reimbursement_eur"], "1789.20",
        "3 x 40 h x EUR 14.91"
    );
    assert_eq!(employer["estimate_provisional"], true);
    assert_eq!(
        report["regulation"]["provisional_years"],
        serde_json::json!(["2026-2027"])
    );
    assert_eq!(report["regulation"]["sha256"].as_str().map(str::len), Some(64));
}

#[test]
fn the_human_report_names_the_table_and_the_provisional_year() {
    let dir = tempfile::tempdir().expect("a folder");
    let input = common::write(
        dir.path(),
        "export.csv",
        format!("{HEADER}\n{}\n", line(2026, &Request::default())),
    );
    for (lang, words) in [("nl", "voorlopig"), ("fr", "provisoire"), ("en", "provisional")] {
        let output = bin()
            .args(["check", "--as-of", "2026-11-01", "--lang", lang])
            .arg(&input)
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("2026-2027") && text.contains(words), "{lang}: {text}");
    }
}
