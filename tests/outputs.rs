//! What `prepare` and `check` write: the upload layout, rejected.csv, the
//! JSON report and its masking, exit codes, and the small commands (rules,
//! explain, template).

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// Header with the optional columns the upload carries.
const WIDE_HEADER: &str = "werkgever_kbo;werknemer_insz;werknemer_naam;werknemer_voornaam;odb_nummer;eenheid;aantal;\
startdatum;einddatum;indiensttreding;contact_email;inschrijvingsdatum";

/// The canonical fields in contract order (the template's header).
const CANONICAL: [&str; 24] = [
    "werkgever_kbo",
    "werkgever_naam",
    "vestiging_postcode",
    "werknemer_insz",
    "werknemer_naam",
    "werknemer_voornaam",
    "odb_nummer",
    "opleiding_titel",
    "opleidingstype",
    "contract",
    "eenheid",
    "aantal",
    "startdatum",
    "einddatum",
    "inschrijvingsdatum",
    "indiensttreding",
    "tewerkstelling_pct",
    "tewerkstelling_totaal_pct",
    "uren_per_week",
    "initiatief",
    "overgangsmaatregel",
    "vast_uurrooster",
    "contact_email",
    "iban",
];

/// Two input files, two employers, every input form the upload normalises.
fn two_inputs(dir: &Path) -> (PathBuf, PathBuf) {
    let a = write(
        dir,
        "a.csv",
        format!(
            "{WIDE_HEADER}\n\
             BE 0403.170.701;85.07.30-033.28;Peeters;An;odb z00291;uren;36.5;2026-10-01;30/06/2027;;hr@acme.be;\n\
             0202.239.951;90021412303;Janssens;Jan;ODB-0002141;uren;40;1/10/2026;30.06.2027;;;\n\
             0403170701;01.01.01-123.01;Maes;Lotte;ODB-Z00291-001;lestijden;93,75;01-10-2026;2027-06-30;15/09/2026;;\n\
             0403170701;90021412303;Janssens;Jan;ODB-1234567;uren;40;01/09/2026;30/06/2027;;;15/10/2026\n"
        ),
    );
    let b = write(
        dir,
        "b.csv",
        format!(
            "{WIDE_HEADER}\n\
             0403170701;85073003328;Peeters;An;ODB-0002141;uren;32;01/10/2026;31/12/2026;;;\n\
             0202239951;85073003328;Peeters;An;ODB-0002141;uren;40;01/10/2026;31/12/2026;;;\n"
        ),
    );
    (a, b)
}

// ---------------------------------------------------------------- uploads

#[test]
fn upload_layout_is_byte_exact_one_file_per_employer_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_inputs(dir.path());
    let out = dir.path().join("out");
    let output = prepare(&out, [&a, &b]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    assert_eq!(
        files_in(&out),
        vec![
            "rejected.csv",
            "rejected.xlsx",
            "report.html",
            "report.json",
            "wse-vov_0202239951.csv",
            "wse-vov_0403170701.csv"
        ]
    );
    let expected_a = format!(
        "{UPLOAD_HEADER}\r\n\
         0403170701;85073003328;Peeters;An;ODB-Z00291;01/10/2026;30/06/2027;uren;36,5;;hr@acme.be;\r\n\
         0403170701;01010112301;Maes;Lotte;ODB-Z00291-001;01/10/2026;30/06/2027;lestijden;93,75;15/09/2026;;\r\n\
         0403170701;90021412303;Janssens;Jan;ODB-1234567;15/10/2026;30/06/2027;uren;40;;;\r\n\
         0403170701;85073003328;Peeters;An;ODB-0002141;01/10/2026;31/12/2026;uren;32;;;\r\n"
    );
    let expected_b = format!(
        "{UPLOAD_HEADER}\r\n\
         0202239951;90021412303;Janssens;Jan;ODB-0002141;01/10/2026;30/06/2027;uren;40;;;\r\n\
         0202239951;85073003328;Peeters;An;ODB-0002141;01/10/2026;31/12/2026;uren;40;;;\r\n"
    );
    let bytes_a = std::fs::read(upload_path(&out, KBO_A)).unwrap();
    assert!(!bytes_a.starts_with(b"\xEF\xBB\xBF"), "no BOM");
    assert_eq!(String::from_utf8(bytes_a).unwrap(), expected_a);
    assert_eq!(read_text(&upload_path(&out, KBO_B)), expected_b);
}

#[test]
fn report_outputs_list_each_upload_with_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_inputs(dir.path());
    let out = dir.path().join("out");
    prepare(&out, [&a, &b]).assert().code(0);
    let report = report(&out);
    let outputs: Vec<(String, String, u64)> = report["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let path = PathBuf::from(o["path"].as_str().unwrap());
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                o["kbo"].as_str().unwrap().to_string(),
                o["rows"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        outputs,
        vec![
            ("wse-vov_0202239951.csv".into(), KBO_B.into(), 2),
            ("wse-vov_0403170701.csv".into(), KBO_A.into(), 4),
        ]
    );
    assert_eq!(report["inputs"][0]["rows"], 4);
    assert_eq!(report["inputs"][1]["rows"], 2);
}

#[test]
fn late_enrolment_writes_the_enrolment_date_as_start_with_r207_info() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_inputs(dir.path());
    let out = dir.path().join("out");
    prepare(&out, [&a, &b]).assert().code(0);
    let report = report(&out);
    assert_eq!(report_rows(&report), vec![(5, vec!["R207".to_string()])]);
    assert_eq!(report["rows"][0]["input"], 0);
    assert_eq!(report["rows"][0]["status"], "accepted");
    assert_eq!(report["rows"][0]["diagnostics"][0]["severity"], "info");
    let upload = read_csv(&upload_path(&out, KBO_A));
    assert_eq!(column(&upload, "startdatum")[2], "15/10/2026");
}

// ---------------------------------------------------------------- rejected.csv

/// Line 2 accepted; 3 bad KBO with formula-like cells; 4 negative hours;
/// 5 bad INSZ and a date that does not exist.
fn rejects_input(dir: &Path) -> PathBuf {
    let header = format!("{HEADER};Opmerking");
    let line3 = Row {
        kbo: "BE 0403.170.702".into(),
        naam: "=1+1".into(),
        voornaam: "+32".into(),
        ..Row::nth(3)
    };
    let line4 = Row {
        aantal: "-5".into(),
        ..Row::nth(4)
    };
    let line5 = Row {
        insz: bad_insz(&Row::nth(5).insz),
        start: "31/02/2027".into(),
        ..Row::nth(5)
    };
    write(
        dir,
        "klant.csv",
        format!(
            "{header}\n{};\n{};@SUM(A1)\n{};\"let op; belangrijk\"\n{};\n",
            Row::nth(2).line(';'),
            line3.line(';'),
            line4.line(';'),
            line5.line(';')
        ),
    )
}

#[test]
fn rejected_csv_keeps_original_cells_with_bron_codes_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    let input = rejects_input(dir.path());
    let out = dir.path().join("out");
    prepare(&out, [&input]).assert().code(1);
    let records = read_csv(&out.join("rejected.csv"));
    let mut expected_header: Vec<String> = CANONICAL.iter().map(|s| s.to_string()).collect();
    expected_header.extend(["Opmerking", "bron", "codes", "meldingen"].map(String::from));
    assert_eq!(records[0], expected_header);
    assert_eq!(records.len(), 4, "three rejected rows");
    let name = input.display();
    assert_eq!(
        column(&records, "bron"),
        vec![format!("{name}:3"), format!("{name}:4"), format!("{name}:5")]
    );
    assert_eq!(column(&records, "werkgever_kbo")[0], "BE 0403.170.702", "original cell");
    assert_eq!(column(&records, "werknemer_insz")[2], bad_insz(&Row::nth(5).insz));
    assert_eq!(column(&records, "startdatum")[2], "31/02/2027");
    assert_eq!(
        column(&records, "Opmerking")[1],
        "let op; belangrijk",
        "unknown column kept"
    );
    let codes = column(&records, "codes");
    // Line 3: a wrong KBO, and a name and first name that are formulas (V112).
    assert_eq!(codes[0], "V101 V112");
    assert!(codes[1].split(' ').any(|c| c == "V105"), "{}", codes[1]);
    let mut codes_5: Vec<&str> = codes[2].split(' ').collect();
    codes_5.sort();
    assert_eq!(codes_5, vec!["V102", "V104"]);
    for (meldingen, codes) in column(&records, "meldingen").iter().zip(&codes) {
        for code in codes.split(' ') {
            assert!(meldingen.contains(code), "{meldingen:?} explains {code}");
        }
        assert!(
            meldingen.len() > codes.len() + 10,
            "a message, not only codes: {meldingen:?}"
        );
    }
}

#[test]
fn rejected_csv_neutralises_formula_cells() {
    let dir = tempfile::tempdir().unwrap();
    let input = rejects_input(dir.path());
    let out = dir.path().join("out");
    prepare(&out, [&input]).assert().code(1);
    let records = read_csv(&out.join("rejected.csv"));
    assert_eq!(column(&records, "werknemer_naam")[0], "'=1+1");
    assert_eq!(column(&records, "werknemer_voornaam")[0], "'+32");
    assert_eq!(column(&records, "Opmerking")[0], "'@SUM(A1)");
    assert_eq!(column(&records, "aantal")[1], "'-5");
    for record in &records {
        for cell in record {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} is neutralised"
            );
        }
    }
}

#[test]
fn rejected_csv_is_accepted_back_as_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = rejects_input(dir.path());
    let out = dir.path().join("out");
    prepare(&out, [&input]).assert().code(1);

    let again = dir.path().join("again");
    let output = prepare(&again, [out.join("rejected.csv")]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr_text(&output));
    let report = report(&again);
    assert_eq!(summary(&report, "rows"), 3);
    assert_eq!(summary(&report, "rejected"), 3);
    let codes: Vec<Vec<String>> = report_rows(&report).into_iter().map(|(_, c)| c).collect();
    // The fed-back `'=1+1` reads as `=1+1` again: still no name (V112).
    assert_eq!(codes[0], vec!["V101", "V112", "V112"]);
    for annotation in ["bron", "codes", "meldingen"] {
        let quoted = format!("'{annotation}'");
        assert!(
            !report["notes"].to_string().contains(&quoted),
            "{annotation} is not an unknown column: {}",
            report["notes"]
        );
    }
}

#[test]
fn corrected_rejected_csv_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let input = rejects_input(dir.path());
    let out = dir.path().join("out");
    prepare(&out, [&input]).assert().code(1);
    let corrected = read_text(&out.join("rejected.csv"))
        .replace("BE 0403.170.702", "BE 0403.170.701")
        .replace("'=1+1", "Peeters")
        .replace("'+32", "An");
    let fixed = write(dir.path(), "verbeterd.csv", corrected);
    let again = dir.path().join("again");
    prepare(&again, [&fixed]).assert().code(1);
    let report = report(&again);
    assert_eq!(summary(&report, "accepted"), 1);
    assert_eq!(upload_lines(&upload_path(&again, KBO_A)).len(), 1);
}

// ---------------------------------------------------------------- INSZ masking

/// Every INSZ of the masking input, as 11 digits and as written.
struct MaskCase {
    input: PathBuf,
    digits: Vec<String>,
    written: Vec<String>,
}

fn mask_case(dir: &Path) -> MaskCase {
    let dotted = |s: &str| format!("{}.{}.{}-{}.{}", &s[0..2], &s[2..4], &s[4..6], &s[6..9], &s[9..11]);
    let warned = insz(85, 7, 30, 33, false); // R203
    let invalid = bad_insz(&insz(90, 2, 14, 123, false)); // V102
    let duplicate = insz(1, 1, 1, 123, true); // X301
    let late = insz(79, 12, 31, 456, false); // R204
    let quoted = insz(77, 5, 5, 5, false); // F005, text after quote
    let wide = insz(66, 6, 6, 66, false); // F005, one field too many
    let rows = [
        Row {
            insz: dotted(&warned),
            aantal: "24".into(),
            ..Row::nth(1)
        }
        .line(';'),
        Row {
            insz: invalid.clone(),
            ..Row::nth(2)
        }
        .line(';'),
        Row {
            insz: dotted(&duplicate),
            ..Row::nth(3)
        }
        .line(';'),
        Row {
            insz: duplicate.clone(),
            ..Row::nth(3)
        }
        .line(';'),
        Row {
            insz: late.clone(),
            start: "01/06/2026".into(),
            ..Row::nth(5)
        }
        .line(';'),
        Row {
            insz: format!("\"{quoted}\"x"),
            ..Row::nth(6)
        }
        .line(';'),
        format!(
            "{};te veel",
            Row {
                insz: wide.clone(),
                ..Row::nth(7)
            }
            .line(';')
        ),
    ];
    let input = write(dir, "personeel.csv", format!("{HEADER}\n{}\n", rows.join("\n")));
    let digits = vec![warned.clone(), invalid.clone(), duplicate.clone(), late, quoted, wide];
    let written = vec![dotted(&warned), dotted(&duplicate)];
    MaskCase { input, digits, written }
}

fn assert_no_insz(what: &str, text: &str, case: &MaskCase) {
    for insz in case.digits.iter().chain(&case.written) {
        assert!(
            !text.contains(insz.as_str()),
            "{what} shows the full INSZ {insz}:\n{text}"
        );
    }
}

#[test]
fn reports_never_show_a_full_insz() {
    let dir = tempfile::tempdir().unwrap();
    let case = mask_case(dir.path());
    let out = dir.path().join("out");
    let json = prepare(&out, [&case.input])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(1));
    assert_eq!(
        summary(&stdout_json(&json), "rejected"),
        5,
        "the case has its five rejections"
    );
    assert_no_insz("prepare --format json stdout", &stdout_text(&json), &case);
    assert_no_insz("prepare --format json stderr", &stderr_text(&json), &case);
    assert_no_insz("report.json", &read_text(&out.join("report.json")), &case);
    for lang in ["nl", "en"] {
        let human = check([&case.input]).args(["--lang", lang, "-v"]).output().unwrap();
        assert_eq!(human.status.code(), Some(1));
        assert_no_insz("check stdout", &stdout_text(&human), &case);
        assert_no_insz("check stderr", &stderr_text(&human), &case);
    }
}

#[test]
fn rejected_csv_keeps_the_full_insz() {
    let dir = tempfile::tempdir().unwrap();
    let case = mask_case(dir.path());
    let out = dir.path().join("out");
    prepare(&out, [&case.input]).assert().code(1);
    let rejected = read_text(&out.join("rejected.csv"));
    for insz in &case.digits[1..] {
        assert!(rejected.contains(insz.as_str()), "rejected.csv keeps {insz}");
    }
}

#[test]
fn shifted_malformed_row_does_not_show_the_insz() {
    let dir = tempfile::tempdir().unwrap();
    let shifted = format!("{KBO_A};extra;{INSZ_B};Janssens;Jan;ODB-0002141;uren;40;01/10/2026;30/06/2027");
    let input = write(dir.path(), "verschoven.csv", format!("{HEADER}\n{shifted}\n"));
    let output = check([&input]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr_text(&output).contains("F005") || stdout_text(&output).contains("F005"));
    assert!(
        !stdout_text(&output).contains(INSZ_B),
        "stdout:\n{}",
        stdout_text(&output)
    );
    assert!(
        !stderr_text(&output).contains(INSZ_B),
        "stderr:\n{}",
        stderr_text(&output)
    );
}

// ---------------------------------------------------------------- exit codes

#[test]
fn exit_0_when_every_row_is_accepted_even_with_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let short = Row {
        aantal: "24".into(),
        ..Row::nth(2)
    };
    let input = write_rows(dir.path(), "in.csv", &[Row::nth(1), short]);
    let output = check([&input]).args(["--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report = stdout_json(&output);
    assert_eq!(summary(&report, "with_warnings"), 1);
    assert_eq!(report_rows(&report), vec![(3, vec!["R203".to_string()])]);
    assert_eq!(report["rows"][0]["status"], "accepted");
}

#[test]
fn exit_1_when_a_row_is_rejected_and_accepted_rows_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let bad = Row {
        odb: "ODB-12".into(),
        ..Row::nth(2)
    };
    let input = write_rows(dir.path(), "in.csv", &[Row::nth(1), bad]);
    let out = dir.path().join("out");
    prepare(&out, [&input]).assert().code(1);
    assert_eq!(upload_lines(&upload_path(&out, KBO_A)).len(), 1);
    assert_eq!(read_csv(&out.join("rejected.csv")).len(), 2);
}

#[test]
fn exit_2_on_a_usage_error() {
    bin().args(["check", "--as-of", "22/11/2026", "x.csv"]).assert().code(2);
    bin().args(["prepare", "--as-of", AS_OF, "x.csv"]).assert().code(2); // no --out
    bin().args(["frobnicate"]).assert().code(2);
}

#[test]
fn strict_rejects_a_warning_row() {
    let dir = tempfile::tempdir().unwrap();
    let short = Row {
        aantal: "24".into(),
        ..Row::nth(2)
    };
    let input = write_rows(dir.path(), "in.csv", &[Row::nth(1), short]);
    let out = dir.path().join("out");
    prepare(&out, [&input]).arg("--strict").assert().code(1);
    let report = report(&out);
    assert_eq!(summary(&report, "rejected"), 1);
    assert_eq!(report["rows"][0]["status"], "rejected");
    let rejected = read_csv(&out.join("rejected.csv"));
    assert_eq!(column(&rejected, "codes"), vec!["R203"]);
    assert_eq!(upload_lines(&upload_path(&out, KBO_A)).len(), 1);
}

// ---------------------------------------------------------------- JSON output

#[test]
fn format_json_stdout_is_one_object_equal_to_report_json() {
    let dir = tempfile::tempdir().unwrap();
    let input = rejects_input(dir.path());
    let out = dir.path().join("out");
    let output = prepare(&out, [&input]).args(["--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stdout_text(&output);
    assert!(text.trim_start().starts_with('{') && text.trim_end().ends_with('}'));
    let stdout = stdout_json(&output);
    assert!(stdout.is_object());
    assert_eq!(stdout, report(&out));
}

#[test]
fn report_json_the_report_file_and_stdout_are_the_same_bytes() {
    // Three writers of one streamed report: none may differ by a byte.
    let dir = tempfile::tempdir().unwrap();
    let input = rejects_input(dir.path());
    let out = dir.path().join("out");
    let copy = dir.path().join("elders").join("verslag.json");
    let output = prepare(&out, [&input])
        .args(["--format", "json", "--report"])
        .arg(&copy)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report_json = std::fs::read(out.join("report.json")).unwrap();
    assert_eq!(std::fs::read(&copy).unwrap(), report_json);
    assert_eq!(output.stdout, report_json);
}

#[test]
fn check_report_option_writes_that_file_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let input = rejects_input(dir.path());
    let cwd = tempfile::tempdir().unwrap();
    let output = check([&input])
        .current_dir(cwd.path())
        .args(["--report", "verslag.json", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(files_in(cwd.path()), vec!["verslag.json"]);
    assert_eq!(files_in(dir.path()), vec!["klant.csv"]);
    assert_eq!(read_json(&cwd.path().join("verslag.json")), stdout_json(&output));
}

#[test]
fn check_writes_no_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = rejects_input(dir.path());
    let cwd = tempfile::tempdir().unwrap();
    for format in ["human", "json"] {
        let output = check([&input])
            .current_dir(cwd.path())
            .args(["--format", format])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
    }
    assert_eq!(files_in(cwd.path()), Vec::<String>::new());
    assert_eq!(files_in(dir.path()), vec!["klant.csv"]);
}

// ---------------------------------------------------------------- rules, explain

/// The codes the binary must know (RULES.md, this version's scope).
fn required_codes() -> Vec<String> {
    let mut codes: Vec<String> = (1..=7).map(|n| format!("F{n:03}")).collect();
    codes.extend((101..=110).map(|n| format!("V{n}")));
    codes.extend((201..=207).map(|n| format!("R{n}")));
    codes.extend(["R216", "R219", "X301"].map(String::from));
    codes
}

fn listed_codes() -> Vec<String> {
    let output = bin().arg("rules").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    stdout_text(&output)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.len() == 4 && w.starts_with(['F', 'V', 'R', 'X']) && w[1..].chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

#[test]
fn rules_lists_every_known_code() {
    let listed = listed_codes();
    for code in required_codes() {
        assert!(listed.contains(&code), "rules lists {code}: {listed:?}");
    }
    let mut unique = listed.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), listed.len(), "no code twice");
}

#[test]
fn every_listed_rule_can_be_explained() {
    for code in listed_codes() {
        let output = bin().args(["explain", &code]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "explain {code}");
        assert!(
            stdout_text(&output).starts_with(&code),
            "explain {code} starts with its code"
        );
    }
}

#[test]
fn explain_unknown_code_exits_2_and_suggests_the_closest() {
    let output = bin().args(["explain", "R2O4"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_text(&output).contains("R204"), "{}", stderr_text(&output));
    assert!(stdout_text(&output).is_empty());
}

#[test]
fn lang_en_applies_to_row_messages() {
    let dir = tempfile::tempdir().unwrap();
    let late = Row {
        start: "01/06/2026".into(),
        ..Row::nth(1)
    };
    let input = write_rows(dir.path(), "in.csv", &[late]);
    let nl = stdout_json(&check([&input]).args(["--format", "json"]).output().unwrap());
    let en = stdout_json(
        &check([&input])
            .args(["--format", "json"])
            .env("VOV_LANG", "en")
            .output()
            .unwrap(),
    );
    assert_eq!(nl["rows"][0]["diagnostics"][0]["code"], "R204");
    assert_eq!(en["rows"][0]["diagnostics"][0]["code"], "R204");
    assert_ne!(
        nl["rows"][0]["diagnostics"][0]["message"],
        en["rows"][0]["diagnostics"][0]["message"]
    );
}

// ---------------------------------------------------------------- template

#[test]
fn template_prints_the_canonical_header() {
    let output = bin().arg("template").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = stdout_text(&output);
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let first = text.lines().next().unwrap_or_default();
    assert_eq!(first.trim_end_matches('\r'), CANONICAL.join(";"));
}

#[test]
fn csv_template_reads_back_as_header_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    bin().args(["template", "-o"]).arg(&path).assert().code(0);
    let output = check([&path]).args(["--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout_json(&output)["fatal"]["code"], "F006", "headers map (no F003)");
}

#[test]
fn xlsx_template_reads_back_as_header_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx");
    bin().args(["template", "--xlsx", "-o"]).arg(&path).assert().code(0);
    assert!(std::fs::read(&path).unwrap().starts_with(b"PK"), "a zip container");
    let output = check([&path]).args(["--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout_json(&output)["fatal"]["code"], "F006", "headers map (no F003)");
}

// ---------------------------------------------------------------- atomic writes

#[test]
fn no_temporary_files_are_left_behind() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_inputs(dir.path());
    let out = dir.path().join("out");
    prepare(&out, [&a, &b]).assert().code(0);
    prepare(&out, [&a, &b]).arg("--replace").assert().code(0);
    let names = files_in(&out);
    assert_eq!(
        names,
        vec![
            "rejected.csv",
            "rejected.xlsx",
            "report.html",
            "report.json",
            "wse-vov_0202239951.csv",
            "wse-vov_0403170701.csv"
        ]
    );
    assert!(names.iter().all(|n| !n.ends_with(".tmp") && !n.starts_with('.')));
    // Beside --out: the lock file only, no staging folder.
    let beside: Vec<String> = files_in(dir.path())
        .into_iter()
        .filter(|n| n.starts_with('.'))
        .collect();
    assert_eq!(beside, vec![".out.vov-bulk.lock"]);
}

#[test]
fn a_fatal_run_leaves_an_earlier_run_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_inputs(dir.path());
    let out = dir.path().join("out");
    prepare(&out, [&a, &b]).assert().code(0);
    let before: Vec<Vec<u8>> = files_in(&out)
        .iter()
        .map(|n| std::fs::read(out.join(n)).unwrap())
        .collect();
    let empty = write(dir.path(), "leeg.csv", b"");
    prepare(&out, [&a, &empty]).assert().code(2);
    let after: Vec<Vec<u8>> = files_in(&out)
        .iter()
        .map(|n| std::fs::read(out.join(n)).unwrap())
        .collect();
    assert_eq!(before, after);
}
