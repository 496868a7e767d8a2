//! Command-line conventions (issue 14, items 3 and 5) through the real
//! binary: completions and the man page, `template -o` and `--force`, clear
//! messages for `--out` naming a file and for an empty input folder, `-q`,
//! `--as-of dd/mm/yyyy`, the examples in `--help`, and Excel's damage to an
//! INSZ in a CSV. Every run has its own ledger ([`common::bin`]) and its own
//! folders.

mod common;

use common::{
    bin, check, flat, prepare, read_csv, stderr_text, stdout_json, stdout_text, upload_path, write, write_rows, Row,
    KBO_A,
};

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

#[test]
fn completions_for_bash_hold_the_subcommands() {
    let output = bin().args(["completions", "bash"]).output().expect("run");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let script = stdout_text(&output);
    for command in [
        "check",
        "prepare",
        "agenda",
        "ledger",
        "rules",
        "explain",
        "template",
        "completions",
        "man",
    ] {
        assert!(script.contains(command), "{command} missing from the bash completions");
    }
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let output = bin().args(["completions", shell]).output().expect("run");
        assert_eq!(output.status.code(), Some(0), "{shell}: {}", stderr_text(&output));
        assert!(stdout_text(&output).contains("prepare"), "{shell}");
    }
    let output = bin().args(["completions", "tcsh"]).output().expect("run");
    assert_eq!(output.status.code(), Some(2), "an unknown shell is a usage error");
}

#[test]
fn the_man_page_renders_as_roff() {
    let output = bin().arg("man").output().expect("run");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let page = stdout_text(&output);
    assert!(page.contains(".TH") && page.contains(".SH NAME"), "{page}");
    assert!(page.contains("prepare"), "the subcommands are listed");
}

#[test]
fn help_shows_examples_and_the_folder_input() {
    // The default language is Dutch, help included.
    let output = bin().arg("--help").output().expect("run");
    let help = stdout_text(&output);
    assert!(help.contains("Voorbeelden:"), "{help}");
    assert!(help.contains("check --format json"), "{help}");
    assert!(help.contains("clients/"), "a folder as input: {help}");
    let output = bin().args(["prepare", "--help"]).output().expect("run");
    let help = stdout_text(&output);
    assert!(
        help.contains("Voorbeelden:") && help.contains("mappen (elk zulk bestand erin)"),
        "{help}"
    );
    let output = bin().args(["--lang", "en", "prepare", "--help"]).output().expect("run");
    let help = stdout_text(&output);
    assert!(
        help.contains("Examples:") && help.contains("folders (every such file in them)"),
        "{help}"
    );
}

#[test]
fn template_refuses_an_existing_file_and_force_overwrites_it() {
    let dir = tempdir();
    let target = write(dir.path(), "mine.csv", "my own work");
    let output = bin()
        .args(["--lang", "en", "template", "-o"])
        .arg(&target)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_text(&output);
    assert!(stderr.contains("mine.csv") && stderr.contains("--force"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "my own work");

    let output = bin()
        .args(["template", "--force", "-o"])
        .arg(&target)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    assert!(stderr_text(&output).is_empty(), "{}", stderr_text(&output));
    let written = std::fs::read_to_string(&target).expect("read");
    assert!(
        written.trim_start_matches('\u{feff}').starts_with("werkgever_kbo;"),
        "{written}"
    );
}

#[test]
fn template_warns_when_the_extension_does_not_fit() {
    let dir = tempdir();
    let csv_as_xlsx = dir.path().join("template.xlsx");
    let output = bin()
        .args(["--lang", "en", "template", "-o"])
        .arg(&csv_as_xlsx)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr_text(&output).contains("--xlsx"), "{}", stderr_text(&output));

    let xlsx_as_csv = dir.path().join("template.csv");
    let output = bin()
        .args(["--lang", "en", "template", "--xlsx", "-o"])
        .arg(&xlsx_as_csv)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr_text(&output).contains(".xlsx"), "{}", stderr_text(&output));

    // -q: the warning is not fatal, so it is not shown.
    let quiet = dir.path().join("quiet.txt.xlsx");
    let output = bin().args(["-q", "template", "-o"]).arg(&quiet).output().expect("run");
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr_text(&output).is_empty(), "{}", stderr_text(&output));
}

#[test]
fn out_naming_a_file_exits_2_saying_it_is_not_a_folder() {
    let dir = tempdir();
    let input = write_rows(dir.path(), "in.csv", &[Row::new()]);
    let file = write(dir.path(), "report.csv", "not a folder");
    for out in [file.clone(), file.join("run-1")] {
        let output = prepare(&out, [&input]).args(["--lang", "en"]).output().expect("run");
        assert_eq!(output.status.code(), Some(2), "{}", out.display());
        let stderr = flat(&stderr_text(&output));
        assert!(stderr.contains("report.csv is a file, not a folder"), "{stderr}");
        assert!(!stderr.contains("os error"), "{stderr}");
    }
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "not a folder");
}

#[test]
fn an_empty_folder_exits_2_naming_the_folder() {
    let dir = tempdir();
    let empty = dir.path().join("november-exports");
    std::fs::create_dir(&empty).expect("mkdir");
    let output = check([&empty]).args(["--lang", "en"]).output().expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = flat(&stderr_text(&output));
    assert!(
        stderr.contains("november-exports") && stderr.contains("the folder is empty"),
        "{stderr}"
    );
    assert!(!stderr.contains("password"), "the help is about folders: {stderr}");

    // With --format json the fatal names it too.
    let output = check([&empty]).args(["--format", "json"]).output().expect("run");
    assert_eq!(output.status.code(), Some(2));
    let json = stdout_json(&output);
    assert!(
        json["fatal"]["file"]
            .as_str()
            .unwrap_or_default()
            .contains("november-exports"),
        "{json}"
    );
}

#[test]
fn quiet_prints_nothing_but_the_json_asked_for() {
    let dir = tempdir();
    let bad = Row {
        insz: "85073003329".into(),
        ..Row::new()
    };
    let input = write_rows(dir.path(), "in.csv", &[Row::new(), bad]);
    let out = dir.path().join("out");
    let output = prepare(&out, [&input]).arg("-q").output().expect("run");
    assert_eq!(output.status.code(), Some(1), "a rejected row");
    assert!(output.stdout.is_empty(), "stdout: {}", stdout_text(&output));
    assert!(output.stderr.is_empty(), "stderr: {}", stderr_text(&output));

    let output = check([&input]).arg("-q").output().expect("run");
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty() && output.stderr.is_empty());

    let output = check([&input]).args(["-q", "--format", "json"]).output().expect("run");
    assert_eq!(stdout_json(&output)["summary"]["rejected"], 1);
    assert!(output.stderr.is_empty(), "stderr: {}", stderr_text(&output));

    // The ledger's commands, on a ledger a prepare wrote.
    let ledger = dir.path().join("ledger.sqlite");
    let out2 = dir.path().join("out2");
    let output = prepare(&out2, [&input])
        .arg("--ledger")
        .arg(&ledger)
        .arg("-q")
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty() && output.stderr.is_empty());
    for args in [
        vec!["agenda", "--as-of", "2026-11-22"],
        vec!["ledger", "list"],
        vec!["ledger", "submitted"],
    ] {
        let mut cmd = bin();
        cmd.args(&args).arg("-q").env("VOV_LEDGER", &ledger);
        if args[0] == "ledger" && args[1] == "submitted" {
            cmd.arg(&out2);
        }
        let output = cmd.output().expect("run");
        assert!(
            output.status.code().is_some_and(|c| c < 2),
            "{args:?}: {}",
            stderr_text(&output)
        );
        assert!(output.stdout.is_empty(), "{args:?}: {}", stdout_text(&output));
        assert!(output.stderr.is_empty(), "{args:?}: {}", stderr_text(&output));
    }

    // A fatal error is still shown.
    let output = check([dir.path().join("missing.csv")]).arg("-q").output().expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_text(&output).contains("missing.csv"));
}

#[test]
fn as_of_is_also_a_belgian_date() {
    let dir = tempdir();
    let input = write_rows(dir.path(), "in.csv", &[Row::new()]);
    let output = bin()
        .args(["check", "--format", "json", "--as-of", "22/11/2026"])
        .arg(&input)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    assert_eq!(stdout_json(&output)["as_of"], "2026-11-22");
}

#[test]
fn an_insz_in_scientific_notation_is_named_as_excel_damage() {
    let dir = tempdir();
    let rows: Vec<Row> = ["7,90819E+10", "7.90819E+10"]
        .iter()
        .enumerate()
        .map(|(i, insz)| Row {
            insz: insz.to_string(),
            naam: format!("Naam{i}"),
            ..Row::new()
        })
        .collect();
    let input = write_rows(dir.path(), "excel.csv", &rows);
    let output = check([&input])
        .args(["--lang", "en", "--format", "json"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let report = stdout_json(&output);
    let found = report["rows"].as_array().cloned().unwrap_or_default();
    assert_eq!(found.len(), 2);
    for row in found {
        let d = &row["diagnostics"][0];
        assert_eq!(d["code"], "V102");
        assert_eq!(d["severity"], "error");
        let message = d["message"].as_str().unwrap_or_default();
        assert!(message.contains("Excel changed this number"), "{message}");
        assert!(
            message.contains("format the column as text and export again"),
            "{message}"
        );
        assert!(message.contains("790819-xxx-xx"), "masked as any INSZ: {message}");
    }
    let output = check([&input]).output().expect("run");
    let human = flat(&stdout_text(&output));
    assert!(human.contains("Excel heeft dit getal veranderd"), "{human}");
    assert!(human.contains("zet de kolom als tekst en exporteer opnieuw"), "{human}");
}

#[test]
fn a_ten_digit_insz_from_a_csv_gets_its_leading_zero_back() {
    let dir = tempdir();
    // 05010100113 is valid (born 2005); Excel dropped the zero.
    let row = Row {
        insz: "5010100113".into(),
        ..Row::new()
    };
    let input = write_rows(dir.path(), "zero.csv", &[row]);
    let out = dir.path().join("out");
    let output = prepare(&out, [&input])
        .args(["--lang", "en", "--format", "json"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let report = stdout_json(&output);
    assert_eq!(report["summary"]["accepted"], 1);
    let d = &report["rows"][0]["diagnostics"][0];
    assert_eq!(d["code"], "V102");
    assert_eq!(d["severity"], "info");
    let message = d["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("leading zero restored") && message.contains("050101-xxx-xx"),
        "{message}"
    );
    assert!(!message.contains("5010100113"), "{message}");
    let upload = read_csv(&upload_path(&out, KBO_A));
    assert_eq!(
        upload.get(1).and_then(|r| r.get(1)).map(String::as_str),
        Some("05010100113")
    );
}

#[test]
fn a_report_to_dev_null_leaves_dev_null_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let dev_null = std::path::Path::new("/dev/null");
    let before = std::fs::metadata(dev_null).map(|m| m.file_type().is_char_device());
    if before.ok() != Some(true) {
        return;
    }
    let ledger = tempfile::tempdir().unwrap();
    let output = common::bin()
        .env("VOV_LEDGER", ledger.path().join("ledger.sqlite"))
        .args([
            "check",
            "--as-of",
            "2026-11-22",
            "-q",
            "--report",
            "/dev/null",
            "fixtures/payroll-november.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let after = std::fs::metadata(dev_null).unwrap().file_type();
    assert!(after.is_char_device(), "--report /dev/null replaced /dev/null");
}
