//! A clerk's whole week, as a Flemish and a French-speaking clerk work it,
//! end to end with the real binary on one ledger of their own: Monday's
//! export, Tuesday's correction fed back from `rejected.csv` into a new
//! folder, Wednesday's grown export (nothing prepared twice), Thursday's
//! upload recorded, Friday's dossier overview in the portal's language and
//! the agenda that follows. Every view speaks the clerk's language.

mod common;

use std::path::{Path, PathBuf};

use common::{bad_insz, insz, read_text, stderr_text, stdout_json, stdout_text, write, KBO_A, KBO_B};
use serde_json::Value;

const HEADER: &str = "werkgever_kbo;werkgever_naam;werknemer_insz;werknemer_naam;werknemer_voornaam;odb_nummer;\
eenheid;aantal;startdatum;einddatum;tewerkstelling_totaal_pct";

/// One ledger and one folder for a clerk's week.
struct Desk {
    dir: tempfile::TempDir,
    ledger: PathBuf,
    lang: &'static str,
}

impl Desk {
    fn new(lang: &'static str) -> Desk {
        let dir = tempfile::tempdir().expect("a folder");
        let ledger = dir.path().join("ledger.sqlite");
        Desk { dir, ledger, lang }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `vov-bulk ARGS --lang LANG --ledger LEDGER`, in the desk's folder.
    fn run(&self, args: &[&str]) -> std::process::Output {
        common::bin()
            .args(args)
            .args(["--lang", self.lang, "--ledger"])
            .arg(&self.ledger)
            .current_dir(self.dir.path())
            .output()
            .expect("runs")
    }
}

/// The row of employee `seq` (2026-2027, 40 hours from `start`).
fn line(kbo: &str, employer: &str, person: &str, seq: u32, start: &str) -> String {
    format!("{kbo};{employer};{person};Peeters;Nr{seq};ODB-0002141;uren;40;{start};30/06/2027;100")
}

fn person(seq: u32) -> String {
    insz(80, 2, 3, seq, false)
}

fn export(desk: &Desk, name: &str, lines: &[String]) -> PathBuf {
    write(desk.dir.path(), name, format!("{HEADER}\n{}\n", lines.join("\n")))
}

fn uploads(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with("wse-vov_"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn requests_in(folder: &Path) -> usize {
    uploads(folder)
        .iter()
        .map(|n| read_text(&folder.join(n)).lines().count() - 1)
        .sum()
}

/// The words a clerk of `lang` reads in the week's views.
struct Words {
    rejected_summary: &'static str,
    refused: &'static str,
    approved: &'static str,
    overview_header: &'static str,
    answer: &'static str,
}

const DUTCH: Words = Words {
    rejected_summary: "geweigerd",
    refused: "Geweigerd",
    approved: "Goedgekeurd",
    overview_header:
        "Dossiernummer;Ondernemingsnummer;INSZ;Naam;Voornaam;ODB-nummer;Startdatum;Einddatum;Status;Berekend;Reden",
    answer: "antwoord",
};

const FRENCH: Words = Words {
    rejected_summary: "refusée",
    refused: "Refusé",
    approved: "Approuvé",
    overview_header: "Numéro de dossier;Numéro d'entreprise;NISS;Nom;Prénom;Numéro ODB;Date de début;Date de fin;Statut;Montant;Motif du refus",
    answer: "réponse",
};

fn a_clerks_week(lang: &'static str, words: &Words) {
    let desk = Desk::new(lang);
    let good = |seq: u32, kbo: &str, employer: &str| line(kbo, employer, &person(seq), seq, "01/10/2026");

    // Monday 2 November: the payroll export, one national number mistyped.
    export(
        &desk,
        "export-maandag.csv",
        &[
            good(1, KBO_A, "Acme NV"),
            good(2, KBO_A, "Acme NV"),
            line(KBO_B, "Brico BV", &bad_insz(&person(3)), 3, "01/10/2026"),
            good(4, KBO_B, "Brico BV"),
        ],
    );
    let out = desk.run(&[
        "prepare",
        "--as-of",
        "2026-11-02",
        "--out",
        "uit-maandag",
        "export-maandag.csv",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_text(&out));
    assert!(
        stdout_text(&out).to_lowercase().contains(words.rejected_summary),
        "{}",
        stdout_text(&out)
    );
    assert_eq!(requests_in(&desk.path("uit-maandag")), 3);
    assert!(desk.path("uit-maandag/rejected.xlsx").exists());

    // Tuesday: the clerk corrects the number in rejected.csv and feeds it
    // back into a new folder, as the quick start says.
    let rejected = read_text(&desk.path("uit-maandag/rejected.csv"));
    let corrected = rejected.replace(&bad_insz(&person(3)), &person(3));
    assert_ne!(rejected, corrected, "the bad number is in rejected.csv whole");
    write(desk.dir.path(), "verbeterd.csv", corrected);
    let out = desk.run(&[
        "prepare",
        "--as-of",
        "2026-11-03",
        "--out",
        "uit-dinsdag",
        "--format",
        "json",
        "verbeterd.csv",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_text(&out));
    let report = stdout_json(&out);
    assert_eq!(report["summary"]["accepted"], 1);
    // Its origin is still Monday's export line.
    let upload = read_text(&desk.path(&format!("uit-dinsdag/wse-vov_{KBO_B}.csv")));
    assert!(upload.contains(&person(3)), "{upload}");

    // Wednesday: the export has grown by one row; what is prepared is not again.
    export(
        &desk,
        "export-woensdag.csv",
        &[
            good(1, KBO_A, "Acme NV"),
            good(2, KBO_A, "Acme NV"),
            line(KBO_B, "Brico BV", &person(3), 3, "01/10/2026"),
            good(4, KBO_B, "Brico BV"),
            good(5, KBO_A, "Acme NV"),
        ],
    );
    let out = desk.run(&[
        "prepare",
        "--as-of",
        "2026-11-04",
        "--out",
        "uit-woensdag",
        "--format",
        "json",
        "export-woensdag.csv",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_text(&out));
    let report = stdout_json(&out);
    assert_eq!(report["summary"]["already_prepared"], 4);
    assert_eq!(report["summary"]["accepted"], 1);
    assert_eq!(requests_in(&desk.path("uit-woensdag")), 1);
    assert!(report["summary"]["by_code"].get("X306").is_some());

    // Thursday: Monday's uploads went to the WSE-loket.
    let out = desk.run(&["ledger", "submitted", "uit-maandag"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_text(&out));
    let out = desk.run(&["agenda", "--as-of", "2026-11-05", "--format", "json"]);
    let agenda: Value = stdout_json(&out);
    let waiting: usize = agenda["employers"]
        .as_array()
        .map(|e| e.iter().map(|x| x["requests"].as_array().map_or(0, Vec::len)).sum())
        .unwrap_or(0);
    assert_eq!(
        waiting, 2,
        "Tuesday's and Wednesday's requests still to upload: {agenda}"
    );

    // Friday: the dossier overview in the portal's language: one approved, one refused.
    let dossier = |number: &str, seq: u32, kbo: &str, status: &str| {
        format!(
            "{number};{kbo};{};Peeters;Nr{seq};ODB-0002141;01/10/2026;30/06/2027;{status};;\r\n",
            person(seq)
        )
    };
    write(
        desk.dir.path(),
        "overzicht.csv",
        format!(
            "{}\r\n{}{}",
            words.overview_header,
            dossier("VG-VOV-1001", 1, KBO_A, words.approved),
            dossier("VG-VOV-1002", 2, KBO_A, words.refused)
        ),
    );
    let out = desk.run(&["ledger", "import", "overzicht.csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_text(&out));
    let out = desk.run(&["agenda", "--as-of", "2026-11-06"]);
    assert_eq!(out.status.code(), Some(1), "a refused dossier needs an answer");
    let text = stdout_text(&out);
    assert!(text.contains("Nr2") && text.contains("VG-VOV-1002"), "{text}");
    assert!(text.to_lowercase().contains(words.answer), "{text}");
    assert!(!text.contains(&person(2)), "the INSZ is masked: {text}");
    let out = desk.run(&["ledger", "list", "--status", "prepared"]);
    assert_eq!(out.status.code(), Some(0));
    let listed = stdout_text(&out);
    assert!(listed.contains("Nr5"), "{listed}");
}

#[test]
fn a_flemish_clerks_week() {
    a_clerks_week("nl", &DUTCH);
}

#[test]
fn a_french_speaking_clerks_week() {
    a_clerks_week("fr", &FRENCH);
}
