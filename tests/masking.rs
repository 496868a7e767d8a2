//! Personal data: national numbers (INSZ) and bank accounts (IBAN) put in any
//! field, any header and any written form never reach what people or logs
//! read (stdout, stderr, report.json, the `--report` file, the ledger's
//! listings), only the uploads and `rejected.*`.

mod common;

use common::*;
use proptest::prelude::*;

/// Valid IBANs of a few countries (the documented examples of the registry).
const IBANS: [&str; 4] = [
    "BE68539007547034",
    "NL91ABNA0417164300",
    "DE89370400440532013000",
    "BE44585562940645",
];

/// How many written forms [`written`] knows.
const FORMS: u8 = 12;

/// An INSZ written as people write it, the Unicode dashes and the minus
/// sign included; forms 6 and 10 are the 10 digits of a number that lost
/// its leading zero in a spreadsheet (for a number that starts with 0).
fn written(insz: &str, form: u8) -> String {
    let (a, b, c, d, e) = (&insz[0..2], &insz[2..4], &insz[4..6], &insz[6..9], &insz[9..11]);
    match form % FORMS {
        0 => insz.to_string(),
        1 => format!("{a}.{b}.{c}-{d}.{e}"),
        2 => format!("{a}{b}{c} {d} {e}"),
        3 => format!("{a}{b}{c}-{d}-{e}"),
        4 => format!("{a}{b}{c}\u{2013}{d}\u{2013}{e}"),
        5 => format!("{a}{b}{c}\u{2212}{d}\u{2212}{e}"),
        6 => insz.strip_prefix('0').unwrap_or(insz).to_string(),
        7 => format!("{a}{b}{c}/{d}.{e}"),
        8 => format!("{a}.{b}.{c} \u{2014} {d}\u{2011}{e}"),
        // In blocks of four.
        9 => format!("{} {} {}", &insz[..4], &insz[4..8], &insz[8..]),
        // Lost its leading zero and split where an INSZ splits.
        10 => format!("{}-{d}-{e}", &insz[1..6]),
        // Glued to a KBO number.
        _ => format!("0403170701{insz}"),
    }
}

/// An IBAN as people write it: in groups of four or not, lower case, with
/// dashes, dots or two spaces.
fn written_iban(iban: &str, form: u8) -> String {
    let groups = |sep: &str| {
        iban.as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(sep)
    };
    match form % 6 {
        0 => iban.to_string(),
        1 => groups(" "),
        2 => groups("-").to_lowercase(),
        3 => groups("  "),
        4 => groups("."),
        _ => iban.to_lowercase(),
    }
}

/// Whether `text` holds any of the numbers, in any written form: an INSZ's
/// digits together once every other character is taken out (the 10 of one
/// that lost its leading zero too), an IBAN's letters and digits.
fn leaks(text: &str, inszs: &[String], ibans: &[&str]) -> Option<String> {
    let digits_only: String = text.chars().filter(char::is_ascii_digit).collect();
    let alphanumeric: String = text
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    for insz in inszs {
        let whole = insz.strip_prefix('0').unwrap_or(insz);
        if digits_only.contains(whole) {
            return Some(insz.clone());
        }
    }
    for iban in ibans {
        if alphanumeric.contains(iban) {
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
            written_iban(iban, p.form)
        } else {
            // Forms 6 and 10 drop a leading zero: a number of someone born 2000-2009.
            let born_2000s = matches!(p.form % FORMS, 6 | 10);
            let insz = insz(
                if born_2000s {
                    1 + i as u32 % 9
                } else {
                    60 + (i as u32 % 30)
                },
                1 + i as u32 % 12,
                1 + i as u32 % 28,
                100 + i as u32,
                born_2000s,
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
    // The file's name holds a number as well, sometimes.
    let name = match header_plant % 3 {
        1 => {
            let named = insz(81, 2, 3, 444 + u32::from(header_plant), false);
            inszs.push(named.clone());
            format!("export {}.csv", written(&named, header_plant / 3).replace('/', "-"))
        }
        2 => {
            ibans.push(IBANS[3]);
            format!("export {}.csv", written_iban(IBANS[3], header_plant / 3))
        }
        _ => "export.csv".to_string(),
    };
    let input = write(dir.path(), &name, text);
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
    let listed_json = bin()
        .env("VOV_LANG", lang)
        .args(["ledger", "list", "--format", "json", "--ledger"])
        .arg(&ledger)
        .output()
        .unwrap();
    let agenda = bin()
        .env("VOV_LANG", lang)
        .args(["agenda", "--as-of", "2026-12-20", "--format", "json", "--ledger"])
        .arg(&ledger)
        .output()
        .unwrap();
    let ics = dir.path().join("agenda.ics");
    let agenda_human = bin()
        .env("VOV_LANG", lang)
        .args(["agenda", "--as-of", "2026-12-20", "--ledger"])
        .arg(&ledger)
        .arg("--ics")
        .arg(&ics)
        .output()
        .unwrap();
    let mut read: Vec<(String, String)> = vec![
        ("prepare stdout".into(), stdout_text(&prepared)),
        ("prepare stderr".into(), stderr_text(&prepared)),
        ("check stdout".into(), stdout_text(&checked)),
        ("check stderr".into(), stderr_text(&checked)),
        ("ledger list".into(), stdout_text(&listed)),
        ("ledger list --format json".into(), stdout_text(&listed_json)),
        ("agenda".into(), stdout_text(&agenda)),
        ("agenda (human)".into(), stdout_text(&agenda_human)),
        ("agenda stderr".into(), stderr_text(&agenda_human)),
    ];
    for path in [out.join("report.json"), out.join("report.html"), report_file, ics] {
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
        for form in 0..FORMS {
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
            run_case(&plants, form + column as u8).unwrap_or_else(|e| panic!("column {column}, form {form}: {e}"));
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

/// An INSZ that lost its leading zero in a spreadsheet is masked from the
/// completed 11 digits (`050707-xxx-xx`), never from the 10 it shows
/// (`507071-xxx-xx`, two serial digits), in every report.
#[test]
fn a_number_that_lost_its_leading_zero_is_masked_from_the_completed_digits() {
    let dir = tempfile::tempdir().unwrap();
    let full = insz(5, 7, 7, 123, true);
    let ten = full.strip_prefix('0').unwrap().to_string();
    let mut row = Row::nth(1);
    row.insz = ten.clone();
    let mut other = Row::nth(2);
    other.naam = format!("Peeters {ten}");
    let input = write_rows(dir.path(), "export.csv", &[row, other]);
    let out = dir.path().join("out");
    let prepared = prepare(&out, [&input]).output().unwrap();
    let wrong = format!("{}-xxx-xx", &ten[..6]);
    let right = format!("{}-xxx-xx", &full[..6]);
    for (what, text) in [
        ("stdout", stdout_text(&prepared)),
        ("report.json", read_text(&out.join("report.json"))),
        ("report.html", read_text(&out.join("report.html"))),
    ] {
        assert!(!text.contains(&wrong), "{what} masks from the wrong digits:\n{text}");
        assert!(!text.contains(&ten), "{what} shows the number:\n{text}");
        if what != "stdout" {
            assert!(text.contains(&right), "{what} masks from the completed digits:\n{text}");
        }
    }
}
