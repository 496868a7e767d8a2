//! The command line in French (issue 14, item 4) through the real binary:
//! help, usage errors and fatal errors in the language `--lang` or
//! `VOV_LANG` chooses, Dutch by default, English as clap writes it.

mod common;

use common::{bin, check, flat, prepare, stderr_text, stdout_json, stdout_text, write, write_rows, Row};

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

#[test]
fn help_is_french_with_lang_fr_or_vov_lang_fr() {
    let by_argument = bin().args(["--lang", "fr", "--help"]).output().expect("run");
    let by_environment = bin().env("VOV_LANG", "fr").arg("--help").output().expect("run");
    for output in [by_argument, by_environment] {
        assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
        let help = stdout_text(&output);
        for french in [
            "Convertit les exports de paie",
            "Codes de sortie:",
            "Utilisation: vov-bulk [OPTIONS] <COMMANDE>",
            "Commandes:",
            "Valider; afficher le rapport lisible",
            "Options:",
            "Langue des messages: nl, fr ou en",
            "Afficher l'aide",
            "Afficher la version",
            "Exemples:",
        ] {
            assert!(help.contains(french), "'{french}' missing:\n{help}");
        }
        assert!(!help.contains("Usage:") && !help.contains("Print help"), "{help}");
    }
    let output = bin().env("VOV_LANG", "fr").args(["check", "-h"]).output().expect("run");
    let help = stdout_text(&output);
    assert!(
        help.contains("Paramètres:") && help.contains("Fichiers d'entrée"),
        "{help}"
    );
    assert!(
        help.contains("[par défaut: human] [valeurs possibles: human, json]"),
        "{help}"
    );
}

#[test]
fn help_is_dutch_by_default_and_with_lang_nl() {
    let by_default = bin().arg("--help").output().expect("run");
    let by_argument = bin()
        .env("VOV_LANG", "fr")
        .args(["--lang", "nl", "--help"])
        .output()
        .expect("run");
    for output in [by_default, by_argument] {
        assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
        let help = stdout_text(&output);
        for dutch in [
            "Gebruik: vov-bulk",
            "Opdrachten:",
            "Opties:",
            "Toon de hulp",
            "Voorbeelden:",
        ] {
            assert!(help.contains(dutch), "'{dutch}' missing:\n{help}");
        }
    }
    let output = bin().args(["--lang", "en", "--help"]).output().expect("run");
    let help = stdout_text(&output);
    assert!(help.contains("Usage: vov-bulk") && help.contains("Examples:"), "{help}");
}

#[test]
fn rules_runs_in_french() {
    let output = bin().env("VOV_LANG", "fr").arg("rules").output().expect("run");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let table = stdout_text(&output);
    assert!(table.starts_with("code  nom"), "{table}");
    assert!(table.contains("gravité") && table.contains("R204"), "{table}");
}

#[test]
fn a_usage_error_speaks_french_or_dutch_and_exits_2() {
    let output = bin()
        .args(["--lang", "fr", "check", "--forma", "json", "x.csv"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_text(&output);
    assert!(stderr.starts_with("erreur: argument inattendu '--forma'"), "{stderr}");
    assert!(stderr.contains("vouliez-vous dire '--format'?"), "{stderr}");
    assert!(stderr.contains("Utilisation: vov-bulk check"), "{stderr}");
    assert!(stderr.contains("Plus d'informations avec '--help'."), "{stderr}");

    let output = bin().arg("check").output().expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_text(&output);
    assert!(
        stderr.starts_with("fout: deze verplichte argumenten ontbreken:\n  <INPUT>..."),
        "{stderr}"
    );
    assert!(stderr.contains("Gebruik: vov-bulk check <INPUT>..."), "{stderr}");

    let output = bin()
        .env("VOV_LANG", "fr")
        .args(["check", "--as-of", "31/02/2026", "x.csv"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_text(&output);
    assert!(
        stderr.contains("'31/02/2026' n'est pas une date de la forme AAAA-MM-JJ ou jj/mm/aaaa"),
        "{stderr}"
    );

    // English stays clap's own.
    let output = bin().args(["--lang", "en", "check"]).output().expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_text(&output);
    assert!(
        stderr.starts_with("error: the following required arguments were not provided:"),
        "{stderr}"
    );
    assert!(stderr.contains("For more information, try '--help'."), "{stderr}");
}

#[test]
fn an_os_error_is_a_french_sentence_naming_the_file() {
    let dir = tempdir();
    let input = write_rows(dir.path(), "in.csv", &[Row::new()]);
    // A file where a folder must be made: the system says ENOTDIR.
    let folder = input.join("sub");
    let report = folder.join("report.json");
    let output = check([&input])
        .args(["--lang", "fr", "--no-ledger", "-q", "--report"])
        .arg(&report)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
    let stderr = flat(&stderr_text(&output));
    let sentence = format!(
        "Impossible d'écrire '{}': une partie du chemin est un fichier, pas un dossier (os error 20)",
        folder.display()
    );
    assert!(stderr.contains(&flat(&sentence)), "{stderr}");
    assert!(
        !stderr.contains("Not a directory"),
        "the system's English is left out: {stderr}"
    );

    let output = check([&input])
        .args(["--no-ledger", "--format", "json", "--report"])
        .arg(&report)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    let fatal = &stdout_json(&output)["fatal"];
    assert_eq!(fatal["code"], "output");
    assert_eq!(
        fatal["message"].as_str().unwrap_or_default(),
        format!(
            "Kan '{}' niet schrijven: een deel van het pad is een bestand, geen map (os error 20)",
            folder.display()
        )
    );

    let target = dir.path().join("missing").join("template.csv");
    let output = bin()
        .env("VOV_LANG", "fr")
        .args(["template", "-o"])
        .arg(&target)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr_text(&output),
        format!(
            "vov-bulk: Impossible d'écrire '{}': le fichier ou le dossier n'existe pas (os error 2)\n",
            target.display()
        )
    );
}

#[test]
fn out_naming_a_file_is_refused_in_french() {
    let dir = tempdir();
    let input = write_rows(dir.path(), "in.csv", &[Row::new()]);
    let file = write(dir.path(), "report.csv", "not a folder");
    let output = prepare(&file, [&input]).args(["--lang", "fr"]).output().expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = flat(&stderr_text(&output));
    assert!(stderr.contains("report.csv est un fichier, pas un dossier"), "{stderr}");
    assert!(stderr.contains("Donnez un dossier comme --out."), "{stderr}");
}

#[test]
fn a_schema_that_cannot_be_read_is_told_in_french() {
    let dir = tempdir();
    let input = write_rows(dir.path(), "in.csv", &[Row::new()]);
    let schema = dir.path().join("absent.schema.json");
    let output = check([&input])
        .args(["--lang", "fr", "--no-ledger", "--format", "json", "--input-schema"])
        .arg(&schema)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    let fatal = &stdout_json(&output)["fatal"];
    assert_eq!(fatal["file"], schema.display().to_string());
    assert_eq!(
        fatal["message"],
        "impossible de lire le fichier de schéma: le fichier ou le dossier n'existe pas (os error 2)"
    );
    assert!(
        fatal["help"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Corrigez le fichier de schéma"),
        "{fatal}"
    );
}

#[test]
fn the_manual_page_and_completions_speak_the_chosen_language() {
    let output = bin().args(["--lang", "fr", "man"]).output().expect("run");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let page = stdout_text(&output);
    assert!(page.contains("Langue des messages"), "{page}");
    let output = bin()
        .args(["--lang", "fr", "completions", "fish"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    assert!(stdout_text(&output).contains("Valider"), "{}", stdout_text(&output));
}

#[test]
fn a_missing_input_is_f001_with_the_systems_reason_in_the_language() {
    let dir = tempdir();
    let absent = dir.path().join("absent.csv");
    for (lang, reason) in [
        (
            "fr",
            "impossible de lire le fichier: le fichier ou le dossier n'existe pas (os error 2)",
        ),
        (
            "nl",
            "kan het bestand niet lezen: het bestand of de map bestaat niet (os error 2)",
        ),
        (
            "en",
            "cannot read the file: the file or folder does not exist (os error 2)",
        ),
    ] {
        let output = check([&absent])
            .args(["--lang", lang, "--no-ledger", "--format", "json"])
            .output()
            .expect("run");
        assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
        let fatal = &stdout_json(&output)["fatal"];
        assert_eq!(fatal["code"], "F001");
        assert_eq!(fatal["file"], absent.display().to_string());
        assert_eq!(fatal["message"], reason, "{lang}");
    }
}

#[test]
fn the_ledgers_own_problems_speak_the_language() {
    let dir = tempdir();
    let ledger = dir.path().join("ledger.sqlite");
    let empty = dir.path().join("uploaded");
    std::fs::create_dir(&empty).expect("a folder");
    let overview = write(dir.path(), "dossiers.csv", "Dossiernummer;Iets\n1;2\n");
    for (lang, no_uploads, no_header) in [
        (
            "fr",
            "ne contient aucun fichier de chargement (wse-vov_*.csv)",
            "aucune ligne d'en-tête trouvée",
        ),
        (
            "nl",
            "bevat geen uploadbestanden (wse-vov_*.csv)",
            "geen kopregel gevonden",
        ),
    ] {
        let output = bin()
            .args(["ledger", "submitted", "--lang", lang, "--ledger"])
            .arg(&ledger)
            .arg(&empty)
            .output()
            .expect("run");
        assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
        let stderr = flat(&stderr_text(&output));
        assert!(stderr.contains(no_uploads), "{lang}: {stderr}");
        let output = bin()
            .args(["ledger", "import", "--lang", lang, "--ledger"])
            .arg(&ledger)
            .arg(&overview)
            .output()
            .expect("run");
        assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
        let stderr = flat(&stderr_text(&output));
        assert!(stderr.contains(no_header), "{lang}: {stderr}");
    }
}

#[test]
fn every_explain_cites_its_sources_in_the_language_by_their_public_titles() {
    let rules = stdout_text(&bin().args(["--lang", "en", "rules"]).output().expect("run"));
    let codes: Vec<String> = rules
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.len() == 4 && w[1..].chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect();
    assert!(codes.len() >= 50, "{codes:?}");
    for (lang, heading) in [("nl", "Bronnen:"), ("fr", "Sources:"), ("en", "Sources:")] {
        for code in &codes {
            let output = bin().args(["--lang", lang, "explain", code]).output().expect("run");
            let text = stdout_text(&output);
            let line = text
                .lines()
                .find(|l| l.starts_with(heading))
                .unwrap_or_else(|| panic!("{code} {lang}: no '{heading}' line in\n{text}"));
            for internal in [".txt", "RULES.md", "CONTRACT.md", "rev 2", "public fact", "seeds/"] {
                assert!(!line.contains(internal), "{code} {lang}: {internal} in {line}");
            }
        }
    }
    // The same source in French words.
    let text = stdout_text(&bin().args(["--lang", "fr", "explain", "R207"]).output().expect("run"));
    assert!(
        text.contains("rubrique « Laattijdige inschrijving » (inscription tardive)"),
        "{text}"
    );
}
