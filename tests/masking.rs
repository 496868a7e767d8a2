//! Personal data: national numbers (INSZ) and bank accounts (IBAN) put in any
//! field, any header and any written form never reach what people or logs
//! read (stdout, stderr, report.json, the `--report` file, the ledger's
//! listings), only the uploads and `rejected.*`.

mod common;

use common::*;
use proptest::prelude::*;

/// Valid IBANs of a few countries (the documented examples of the registry).
const IBANS: [&str; 3] = ["BE68539007547034", "NL91ABNA0417164300", "DE89370400440532013000"];

/// An INSZ written as people write it.
fn written(insz: &str, form: u8) -> String {
    let (a, b, c, d, e) = (&insz[0..2], &insz[2..4], &insz[4..6], &insz[6..9], &insz[9..11]);
    match form % 4 {
        0 => insz.to_string(),
        1 => format!("{a}.{b}.{c}-{d}.{e}"),
        2 => format!("{a}{b}{c} {d} {e}"),
        _ => format!("{a}{b}{c}-{d}-{e}"),
    }
}

fn spaced_iban(iban: &str, spaced: bool) -> String {
    if !spaced {
        return iban.to_string();
    }
    iban.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `text` holds any of the numbers, in any written form.
fn leaks(text: &str, inszs: &[String], ibans: &[&str]) -> Option<String> {
    let digits_only: String = text.chars().filter(char::is_ascii_alphanumeric).collect();
    for insz in inszs {
        // Separators removed: the digits of a written INSZ stand together.
        if digits_only.contains(insz.as_str()) {
            return Some(insz.clone());
        }
    }
    for iban in ibans {
        if digits_only.contains(iban) {
            return Some(iban.to_string());
        }
    }
    None
}

/// One generated case: which cell of which row holds which number.
#[derive(Debug, Clone)]
struct Plant {
    row: usize,
    column: usize,
    iban: bool,
    form: u8,
    /// Embedded in text (`Peeters 85.07.30-033.28`) or alone in the cell.
    in_text: bool,
}

fn plant() -> impl Strategy<Value = Plant> {
    (0usize..4, 0usize..10, any::<bool>(), any::<u8>(), any::<bool>()).prop_map(|(row, column, iban, form, in_text)| {
        Plant {
            row,
            column,
            iban,
            form,
            in_text,
        }
    })
}

fn run_case(plants: &[Plant], header_plant: u8) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite");
    let mut inszs = Vec::new();
    let mut rows: Vec<Vec<String>> = (0..4u32)
        .map(|n| {
            let row = Row::nth(n);
            inszs.push(row.insz.clone());
            row.cells()
                .iter()
                .map(|c| c.to_string())
                .chain([String::new()])
                .collect()
        })
        .collect();
    let mut ibans = Vec::new();
    for (i, p) in plants.iter().enumerate() {
        let number = if p.iban {
            let iban = IBANS[i % IBANS.len()];
            ibans.push(iban);
            spaced_iban(iban, p.form % 2 == 1)
        } else {
            let insz = insz(
                60 + (i as u32 % 30),
                1 + i as u32 % 12,
                1 + i as u32 % 28,
                100 + i as u32,
                false,
            );
            inszs.push(insz.clone());
            written(&insz, p.form)
        };
        let cell = &mut rows[p.row][p.column];
        *cell = if p.in_text { format!("{cell} {number}") } else { number };
    }
    // The extra column's header is a national number as well, sometimes.
    let header_insz = insz(70, 3, 3, 333, false);
    let extra_header = if header_plant.is_multiple_of(2) {
        inszs.push(header_insz.clone());
        written(&header_insz, header_plant / 2)
    } else {
        "Opmerking".to_string()
    };
    let mut text = format!("{HEADER};{extra_header}\n");
    for row in &rows {
        text.push_str(&row.join(";"));
        text.push('\n');
    }
    let input = write(dir.path(), "export.csv", text);
    let out = dir.path().join("out");
    let report_file = dir.path().join("extra-report.json");
    // Every language's messages are masked: each case speaks one of them.
    let lang = ["nl", "fr", "en"][header_plant as usize % 3];
    let prepared = prepare(&out, [&input])
        .env("VOV_LANG", lang)
        .arg("--ledger")
        .arg(&ledger)
        .arg("--report")
        .arg(&report_file)
        .args(["--format", "json", "-v"])
        .output()
        .unwrap();
    let checked = check([&input])
        .env("VOV_LANG", lang)
        .arg("--ledger")
        .arg(&ledger)
        .arg("-vv")
        .output()
        .unwrap();
    let listed = bin()
        .env("VOV_LANG", lang)
        .args(["ledger", "list", "--ledger"])
        .arg(&ledger)
        .output()
        .unwrap();
    let agenda = bin()
        .env("VOV_LANG", lang)
        .args(["agenda", "--as-of", "2026-12-20", "--format", "json", "--ledger"])
        .arg(&ledger)
        .output()
        .unwrap();
    let mut read: Vec<(String, String)> = vec![
        ("prepare stdout".into(), stdout_text(&prepared)),
        ("prepare stderr".into(), stderr_text(&prepared)),
        ("check stdout".into(), stdout_text(&checked)),
        ("check stderr".into(), stderr_text(&checked)),
        ("ledger list".into(), stdout_text(&listed)),
        ("agenda".into(), stdout_text(&agenda)),
    ];
    for path in [out.join("report.json"), out.join("report.html"), report_file] {
        if path.exists() {
            read.push((path.display().to_string(), read_text(&path)));
        }
    }
    for (what, text) in &read {
        if let Some(number) = leaks(text, &inszs, &ibans) {
            return Err(TestCaseError::fail(format!("{what} shows {number} in full:\n{text}")));
        }
    }
    // Only the files meant to hold them may: rejected.csv keeps the cells whole.
    if out.join("rejected.csv").exists() && !plants.is_empty() {
        let rejected = read_text(&out.join("rejected.csv"));
        let uploads: String = files_in(&out)
            .iter()
            .filter(|n| n.starts_with("wse-vov_"))
            .map(|n| read_text(&out.join(n)))
            .collect();
        prop_assert!(
            leaks(&format!("{rejected}{uploads}"), &inszs, &ibans).is_some(),
            "the uploads and rejected.csv keep the numbers"
        );
    }
    Ok(())
}

proptest! {
    // Each case runs the binary five times: a few cases, every field and form over them.
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn no_insz_or_iban_reaches_what_people_read(plants in proptest::collection::vec(plant(), 1..6), header in any::<u8>()) {
        run_case(&plants, header)?;
    }
}

/// Each column in turn, in each written form: the cases the random test may
/// not draw.
#[test]
fn every_column_and_form_is_masked() {
    for column in 0..10 {
        for form in 0..4 {
            let plants = [
                Plant {
                    row: 1,
                    column,
                    iban: false,
                    form,
                    in_text: form % 2 == 0,
                },
                Plant {
                    row: 2,
                    column,
                    iban: true,
                    form,
                    in_text: form % 2 == 1,
                },
            ];
            run_case(&plants, form).unwrap_or_else(|e| panic!("column {column}, form {form}: {e}"));
        }
    }
}

/// A file without a header row: its first data row (INSZ and IBAN in full)
/// is what the F003 message would quote.
#[test]
fn a_headerless_file_does_not_quote_its_first_row_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let row = Row::nth(1);
    let text = format!("{};{}\n{}\n", row.line(';'), IBANS[0], Row::nth(2).line(';'));
    let input = write(dir.path(), "zonder-kop.csv", text);
    let output = check([&input]).args(["--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    for text in [stdout_text(&output), stderr_text(&output)] {
        assert!(
            leaks(&text, std::slice::from_ref(&row.insz), &IBANS).is_none(),
            "{text}"
        );
    }
    let fatal = stdout_json(&output);
    assert_eq!(fatal["fatal"]["code"], "F003");
}
