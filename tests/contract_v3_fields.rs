//! The input and output columns of contract v3, through the real binary:
//! `initiatief` as the last column of the built-in upload layout, and the
//! input fields `uren_per_week` and `overgangsmaatregel` read from their
//! aliases, typed, and kept in `rejected.csv` and the template.

mod common;

use common::*;

#[test]
fn the_upload_ends_with_the_initiative() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "export.csv",
        format!(
            "{HEADER};initiatief\n\
             {KBO_A};{INSZ_A};Peeters;An;ODB-Z00291;uren;40;01/10/2026;30/06/2027;werkgever\n\
             {KBO_A};{INSZ_B};Janssens;Jan;ODB-0002141;uren;32;01/10/2026;30/06/2027;travailleur\n\
             {KBO_A};{INSZ_C};Maes;Lotte;ODB-1234567;uren;20;01/10/2026;30/06/2027;\n"
        ),
    );
    let out = dir.path().join("out");
    let output = prepare(&out, [&input]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let text = read_text(&upload_path(&out, KBO_A));
    let header = text.split("\r\n").next().unwrap();
    assert!(header.ends_with(";email;initiatief"), "{text}");
    let lines = upload_lines(&upload_path(&out, KBO_A));
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].ends_with(";werkgever"), "{lines:?}");
    assert!(lines[1].ends_with(";werknemer"), "normalised: {lines:?}");
    assert!(lines[2].ends_with(";;"), "empty when not given: {lines:?}");
    for line in std::iter::once(header).chain(lines.iter().map(String::as_str)) {
        assert_eq!(line.matches(';').count(), 11, "{line}");
    }
}

#[test]
fn the_v3_fields_are_read_from_french_headers_typed_and_kept_in_rejected_csv() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "export.csv",
        format!(
            "{HEADER};Heures par semaine;Mesure transitoire\n\
             {KBO_A};{INSZ_A};Peeters;An;ODB-Z00291;uren;40;01/10/2026;30/06/2027;27,99;oui\n\
             {KBO_A};{INSZ_B};Janssens;Jan;ODB-0002141;uren;32;01/10/2026;30/06/2027;-4;non\n\
             {KBO_A};{INSZ_C};Maes;Lotte;ODB-1234567;uren;20;01/10/2026;30/06/2027;169;misschien\n"
        ),
    );
    let out = dir.path().join("out");
    let output = prepare(&out, [&input]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr_text(&output));
    let report = report(&out);
    let found: Vec<(u64, String, String)> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| {
            let line = row["line"].as_u64().unwrap();
            row["diagnostics"].as_array().unwrap().iter().map(move |d| {
                (
                    line,
                    d["code"].as_str().unwrap().to_string(),
                    d["field"].as_str().unwrap_or_default().to_string(),
                )
            })
        })
        .filter(|(_, code, _)| code.starts_with('V'))
        .collect();
    assert_eq!(
        found,
        vec![
            (3, "V105".to_string(), "uren_per_week".to_string()),
            (4, "V109".to_string(), "overgangsmaatregel".to_string()),
            (4, "V110".to_string(), "uren_per_week".to_string()),
        ]
    );
    let rejected = read_csv(&out.join("rejected.csv"));
    // A cell starting with '-' is neutralised (formula injection).
    assert_eq!(column(&rejected, "uren_per_week"), vec!["'-4", "169"]);
    assert_eq!(column(&rejected, "overgangsmaatregel"), vec!["non", "misschien"]);
    let header = &rejected[0];
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(at("uren_per_week"), at("tewerkstelling_totaal_pct") + 1);
    assert_eq!(at("overgangsmaatregel"), at("initiatief") + 1);
    assert_eq!(at("vast_uurrooster"), at("overgangsmaatregel") + 1);
}

#[test]
fn the_template_carries_the_v3_fields_in_canonical_order() {
    let output = bin().arg("template").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let text = stdout_text(&output);
    assert!(
        text.contains(";tewerkstelling_totaal_pct;uren_per_week;initiatief;overgangsmaatregel;vast_uurrooster;"),
        "{text}"
    );
}
