//! The human report (issue 14 item 6): `--max-per-code N` and `--all`,
//! check's hint about files, and prepare's one line per kind of file
//! written. Each run has its own ledger (`common::bin`) and out folder.

mod common;

use common::*;

fn fixture(name: &str) -> String {
    format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// How many findings of `code` the report shows in full.
fn shown(text: &str, code: &str) -> usize {
    text.lines().filter(|l| l.starts_with(&format!("{code} "))).count()
}

#[test]
fn max_per_code_and_all_set_how_many_findings_are_shown() {
    let x301 = fixture("rules/X301.csv");
    let default = check([&x301]).output().expect("run");
    let default = stdout_text(&default);
    assert_eq!(shown(&default, "R213"), 3, "{default}");
    assert!(default.contains("… en nog 2 × R213"), "{default}");
    // check writes nothing: the hint says so and points to prepare.
    assert!(default.contains("check schrijft niets tenzij --report"), "{default}");
    assert!(!default.contains("geweigerde rijen in rejected.csv"), "{default}");

    let one = check([&x301]).args(["--max-per-code", "1"]).output().expect("run");
    let one = stdout_text(&one);
    assert_eq!(shown(&one, "R213"), 1, "{one}");
    assert!(one.contains("… en nog 4 × R213"), "{one}");

    let all = check([&x301]).arg("--all").output().expect("run");
    let all = stdout_text(&all);
    assert_eq!(shown(&all, "R213"), 5, "{all}");
    assert!(!all.contains("× R213"), "{all}");

    // Errors come first: the first finding shown is an error (×), not an info.
    let first = all.lines().find(|l| l.trim_start().starts_with(['×', '⚠', '☞']));
    assert!(first.is_some_and(|l| l.trim_start().starts_with('×')), "{all}");

    let both = check([&x301])
        .args(["--all", "--max-per-code", "2"])
        .output()
        .expect("run");
    assert_eq!(both.status.code(), Some(2));
}

#[test]
fn prepare_summarises_the_files_in_one_line_per_kind() {
    let out = tempfile::tempdir().expect("a temporary folder");
    let out = out.path().join("out");
    let run = prepare(&out, [fixture("payroll-november.csv")]).output().expect("run");
    let text = stdout_text(&run);
    let tail: Vec<&str> = text.lines().skip_while(|l| !l.starts_with("Geschreven in")).collect();
    assert_eq!(
        tail,
        [
            format!("Geschreven in {}:", out.display()).as_str(),
            "  2 uploads (wse-vov_*.csv, 5 aanvragen)",
            "  rejected.csv en rejected.xlsx (4 rijen)",
            "  report.json, report.html",
        ],
        "{text}"
    );
    // Amounts with a decimal comma in Dutch, a point in English.
    assert!(text.contains("4413,36*"), "{text}");
    let en = check([fixture("payroll-november.csv")])
        .args(["--lang", "en"])
        .output()
        .expect("run");
    assert!(stdout_text(&en).contains("4413.36*"));
}

#[test]
fn the_human_report_speaks_french() {
    let x301 = fixture("rules/X301.csv");
    let check_fr = check([&x301]).args(["--lang", "fr"]).output().expect("run");
    let text = stdout_text(&check_fr);
    assert!(
        text.contains("… et encore 2 × R213 (--all les affiche toutes; prepare les écrit dans report.json et rejected.csv, check n'écrit rien sauf avec --report)"),
        "{text}"
    );
    assert!(text.contains("\nRésumé "), "{text}");
    assert!(text.contains("  code   gravité             lignes  règle\n"), "{text}");

    let out = tempfile::tempdir().expect("a temporary folder");
    let out = out.path().join("out");
    let run = prepare(&out, [fixture("payroll-november.csv")])
        .args(["--lang", "fr"])
        .output()
        .expect("run");
    let text = stdout_text(&run);
    let tail: Vec<&str> = text.lines().skip_while(|l| !l.starts_with("Écrit dans")).collect();
    assert_eq!(
        tail,
        [
            format!("Écrit dans {}:", out.display()).as_str(),
            "  2 fichiers de chargement (wse-vov_*.csv, 5 demandes)",
            "  rejected.csv et rejected.xlsx (4 lignes)",
            "  report.json, report.html",
        ],
        "{text}"
    );
    for label in [
        "  employeur (BCE/KBO)   acceptées   refusées   déjà préparées  première échéance  heures VOV  plafonnées  estimation EUR",
        "  total général ",
        "Réglementation: tableau intégré (édition ",
        "  Estimation par heure plafonnée: 2025-2026: EUR 14,91; 2026-2027: EUR 14,91 (provisoire)\n",
        "  (le WSE ne paie que les heures",
        "4413,36*",
    ] {
        assert!(text.contains(label), "{label} not in\n{text}");
    }
}

/// One row with R208 twice (its own 40 % on a fixed schedule, and 40 % in
/// total): the rule's help is printed once, not after each finding; R208's
/// help does not open with the error's advice ('Fout: niet indienen'); and
/// the employer table's headers stand apart in both languages.
#[test]
fn a_codes_help_is_printed_once_and_the_summary_headers_stand_apart() {
    let dir = tempfile::tempdir().unwrap();
    let third = kbo(1_234_567);
    let text = format!(
        "{HEADER};werkgever_naam;tewerkstelling_pct;tewerkstelling_totaal_pct;vast_uurrooster\n\
         {third};{INSZ_A};Peeters;An;ODB-1234567;uren;40;01/05/2026;30/06/2026;Derde BV;40;40;ja\n"
    );
    let input = write(dir.path(), "r208.csv", text);
    for (lang, help, headers) in [
        ("nl", "  help: Hangt af van de melding.", "al voorbereid  eerste deadline"),
        (
            "fr",
            "  help: ",
            "employeur (BCE/KBO)   acceptées   refusées   déjà préparées  première échéance  heures VOV  plafonnées  estimation EUR",
        ),
    ] {
        let output = bin()
            .args(["check", "--as-of", "2026-06-15", "--lang", lang])
            .arg(&input)
            .output()
            .expect("run");
        let text = stdout_text(&output);
        assert_eq!(shown(&text, "R208"), 2, "{text}");
        assert_eq!(text.matches("  help: ").count(), 1, "one help for R208:\n{text}");
        assert!(text.contains(help), "{help} not in\n{text}");
        assert!(!text.contains("help: Fout") && !text.contains("help: Erreur"), "{text}");
        assert!(text.contains(headers), "{headers} not in\n{text}");
    }
}
