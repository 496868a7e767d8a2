//! How a run behaves as a whole: directories as input, many inputs in one
//! batch, the second read, quiet terminals.

mod common;

use common::*;

#[test]
fn a_directory_is_its_supported_files_sorted_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    write_rows(&exports, "b-november.csv", &[Row::nth(1), Row::nth(2)]);
    write_rows(&exports, "a-oktober.csv", &[Row::nth(3)]);
    write(&exports, "leesmij.pdf", "not an input");
    write(&exports, "~$a-oktober.xlsx", "office lock file");
    let out = dir.path().join("out");
    let output = prepare(&out, [&exports]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let report = report(&out);
    let paths: Vec<&str> = report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 2);
    assert!(
        paths[0].ends_with("a-oktober.csv") && paths[1].ends_with("b-november.csv"),
        "{paths:?}"
    );
    assert_eq!(summary(&report, "rows"), 3);
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("leesmij.pdf") && notes.contains("~$a-oktober.xlsx"),
        "{notes}"
    );
    // Rows of the second file keep their own line numbers.
    let upload = read_text(&upload_path(&out, KBO_A));
    assert_eq!(upload.lines().count(), 4);
}

#[test]
fn a_directory_without_inputs_is_f001() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "leesmij.pdf", "x");
    let output = check([dir.path()]).args(["--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout_json(&output)["fatal"]["code"], "F001");
}

#[test]
fn hundreds_of_small_inputs_keep_their_own_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = Vec::new();
    for i in 0..200u32 {
        let mut bad = Row::nth(i);
        bad.odb = "ODB-12".into();
        inputs.push(write_rows(
            dir.path(),
            &format!("in-{i:03}.csv"),
            &[Row::nth(1000 + i), bad],
        ));
    }
    let out = dir.path().join("out");
    let output = prepare(&out, &inputs).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report = report(&out);
    assert_eq!(summary(&report, "rows"), 400);
    assert_eq!(summary(&report, "rejected"), 200);
    for (i, row) in report["rows"].as_array().unwrap().iter().enumerate() {
        assert_eq!(row["input"].as_u64(), Some(i as u64));
        assert_eq!(row["line"].as_u64(), Some(3), "the bad row is line 3 of its own file");
    }
}

#[test]
fn standard_input_is_read_once_and_written_like_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut bad = Row::nth(2);
    bad.kbo = "0403170702".into();
    let text = csv_text(&[Row::nth(1), bad, Row::nth(3)]);
    let out = dir.path().join("out");
    let output = prepare(&out, ["-"]).write_stdin(text).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr_text(&output));
    assert_eq!(upload_lines(&upload_path(&out, KBO_A)).len(), 2);
    let rejected = read_csv(&out.join("rejected.csv"));
    assert_eq!(column(&rejected, "bron"), vec!["stdin:3"]);
}

#[test]
fn no_progress_or_log_lines_on_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_rows(dir.path(), "a.csv", &[Row::nth(1)]);
    let output = check([&input]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr_text(&output), "", "stderr is not a terminal: nothing on it");
    let quiet = check([&input]).arg("-q").output().unwrap();
    assert_eq!(stderr_text(&quiet), "");
    assert_eq!(stdout_text(&quiet), "", "-q: nothing on stdout either");
    let out = dir.path().join("out");
    let quiet = prepare(&out, [&input]).arg("-q").output().unwrap();
    assert_eq!(quiet.status.code(), Some(0));
    assert_eq!(
        (stdout_text(&quiet), stderr_text(&quiet)),
        (String::new(), String::new())
    );
    // With --format json, stdout holds the report and nothing else.
    let json = check([&input]).args(["-q", "--format", "json"]).output().unwrap();
    assert!(stdout_json(&json)["summary"].is_object());
}
