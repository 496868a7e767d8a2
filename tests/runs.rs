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

// --- CONTRACT v3: `--replace` never throws a request away, `ledger release`,
// --- and a run killed after its swap is never guessed abandoned.

/// A folder with a ledger of its own and an export of six requests (four of
/// employer A, two of employer B) and one rejected row.
struct Week {
    dir: tempfile::TempDir,
    ledger: std::path::PathBuf,
    export: std::path::PathBuf,
}

fn week() -> Week {
    let dir = tempfile::tempdir().unwrap();
    let mut rows: Vec<Row> = (1..=6).map(Row::nth).collect();
    rows[4].kbo = KBO_B.into();
    rows[5].kbo = KBO_B.into();
    let mut bad = Row::nth(7);
    bad.odb = "ODB-12".into();
    rows.push(bad);
    let export = write_rows(dir.path(), "export.csv", &rows);
    let ledger = dir.path().join("ledger.sqlite");
    Week { dir, ledger, export }
}

impl Week {
    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    fn prepare(&self, out: &str, inputs: &[&std::path::Path], extra: &[&str]) -> std::process::Output {
        prepare(&self.path(out), inputs)
            .arg("--ledger")
            .arg(&self.ledger)
            .args(["--format", "json", "--lang", "en"])
            .args(extra)
            .output()
            .unwrap()
    }

    fn ledger(&self, args: &[&str]) -> std::process::Output {
        bin()
            .arg("ledger")
            .args(args)
            .arg("--ledger")
            .arg(&self.ledger)
            .args(["--lang", "en"])
            .output()
            .unwrap()
    }

    /// The ledger's requests by status.
    fn statuses(&self) -> std::collections::BTreeMap<String, usize> {
        let listed = self.ledger(&["list", "--format", "json"]);
        assert_eq!(listed.status.code(), Some(0), "{}", stderr_text(&listed));
        let mut by = std::collections::BTreeMap::new();
        for r in stdout_json(&listed).as_array().unwrap() {
            *by.entry(r["status"].as_str().unwrap().to_string()).or_insert(0) += 1;
        }
        by
    }

    /// Every upload file that `agenda` names exists.
    fn agenda_uploads_exist(&self) {
        let agenda = bin()
            .args(["agenda", "--as-of", AS_OF, "--format", "json", "--ledger"])
            .arg(&self.ledger)
            .output()
            .unwrap();
        let json = stdout_json(&agenda);
        let mut named = 0;
        for employer in json["employers"].as_array().unwrap() {
            for r in employer["requests"].as_array().unwrap() {
                let upload = r["upload"].as_str().unwrap();
                assert!(
                    std::path::Path::new(upload).exists(),
                    "agenda names {upload}, which is gone"
                );
                named += 1;
            }
        }
        assert_eq!(named, 6);
    }
}

fn prepared_six() -> std::collections::BTreeMap<String, usize> {
    [("prepared".to_string(), 6)].into_iter().collect()
}

#[test]
fn the_clerks_replace_with_its_own_rejected_file_is_refused_and_loses_nothing() {
    let w = week();
    let first = w.prepare("uit", &[&w.export], &[]);
    assert_eq!(first.status.code(), Some(1), "{}", stderr_text(&first));
    let uit = w.path("uit");
    let before = files_in(&uit);
    assert!(before.contains(&"rejected.xlsx".to_string()), "{before:?}");
    // What the exit-2 message of a filled folder used to lead to.
    let rejected = uit.join("rejected.xlsx");
    let output = w.prepare("uit", &[&rejected], &["--replace"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
    let fatal = stdout_json(&output);
    assert_eq!(fatal["fatal"]["code"], "out");
    let message = fatal["fatal"]["message"].as_str().unwrap();
    assert!(message.contains("rejected.xlsx"), "{message}");
    assert!(fatal["fatal"]["help"].as_str().unwrap().contains("--out"), "{fatal}");
    assert_eq!(files_in(&uit), before, "nothing replaced");
    assert_eq!(w.statuses(), prepared_six());
    w.agenda_uploads_exist();
    // The README's way: the correction into a new folder.
    let output = w.prepare("uit-2", &[&rejected], &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr_text(&output));
    assert_eq!(w.statuses(), prepared_six());
    w.agenda_uploads_exist();
}

#[test]
fn a_rerun_with_replace_into_the_same_folder_writes_the_same_uploads_again() {
    let w = week();
    assert_eq!(w.prepare("uit", &[&w.export], &[]).status.code(), Some(1));
    let uit = w.path("uit");
    let upload_a = read_text(&upload_path(&uit, KBO_A));
    let upload_b = read_text(&upload_path(&uit, KBO_B));
    for _ in 0..2 {
        let output = w.prepare("uit", &[&w.export], &["--replace"]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr_text(&output));
        let report = stdout_json(&output);
        assert_eq!(report["summary"]["accepted"], 6, "{}", report["summary"]);
        assert_eq!(report["summary"]["already_prepared"], 0);
        assert_eq!(read_text(&upload_path(&uit, KBO_A)), upload_a);
        assert_eq!(read_text(&upload_path(&uit, KBO_B)), upload_b);
        assert_eq!(w.statuses(), prepared_six());
        w.agenda_uploads_exist();
    }
    // Elsewhere the requests are already prepared: no second upload.
    let output = w.prepare("elders", &[&w.export], &[]);
    let report = stdout_json(&output);
    assert_eq!(report["summary"]["already_prepared"], 6, "{}", report["summary"]);
    assert!(!upload_path(&w.path("elders"), KBO_A).exists());
}

#[test]
fn replace_refuses_to_throw_away_prepared_requests_unless_discard_unsubmitted() {
    let w = week();
    assert_eq!(w.prepare("uit", &[&w.export], &[]).status.code(), Some(1));
    let uit = w.path("uit");
    let before = read_text(&upload_path(&uit, KBO_B));
    // Only employer A's rows this time: B's two requests would be lost.
    let only_a = write_rows(w.dir.path(), "only-a.csv", &(1..=4).map(Row::nth).collect::<Vec<_>>());
    let output = w.prepare("uit", &[&only_a], &["--replace"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
    let fatal = stdout_json(&output);
    let message = fatal["fatal"]["message"].as_str().unwrap();
    assert!(
        message.contains("2 prepared requests") && message.contains(KBO_B),
        "{message}"
    );
    assert!(!message.contains(KBO_A), "{message}");
    let help = fatal["fatal"]["help"].as_str().unwrap();
    assert!(
        help.contains("ledger submitted") && help.contains("--discard-unsubmitted"),
        "{help}"
    );
    assert_eq!(read_text(&upload_path(&uit, KBO_B)), before, "nothing published");
    assert_eq!(w.statuses(), prepared_six());
    // In Dutch too.
    let nl = prepare(&uit, [&only_a])
        .args(["--replace", "--lang", "nl", "--ledger"])
        .arg(&w.ledger)
        .output()
        .unwrap();
    assert_eq!(nl.status.code(), Some(2));
    assert!(
        stderr_text(&nl).contains("2 voorbereide aanvragen"),
        "{}",
        stderr_text(&nl)
    );

    // --discard-unsubmitted needs --replace.
    let usage = w.prepare("ander", &[&only_a], &["--discard-unsubmitted"]);
    assert_eq!(usage.status.code(), Some(2));

    let output = w.prepare("uit", &[&only_a], &["--replace", "--discard-unsubmitted"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    assert!(!upload_path(&uit, KBO_B).exists());
    // Both reports say how many were released: the one on stdout and the
    // one in the folder, written before the publish.
    assert_eq!(stdout_json(&output)["ledger"]["released"], 2);
    assert_eq!(report(&uit)["ledger"]["released"], 2, "{}", report(&uit)["ledger"]);
    let statuses = w.statuses();
    assert_eq!(statuses.get("prepared"), Some(&4), "{statuses:?}");
    assert_eq!(statuses.get("released"), Some(&2), "{statuses:?}");
    // The next run prepares the two released requests again.
    let output = w.prepare("uit-2", &[&w.export], &[]);
    let report = stdout_json(&output);
    assert_eq!(report["summary"]["accepted"], 2, "{}", report["summary"]);
    assert_eq!(report["summary"]["already_prepared"], 4);
    assert_eq!(upload_lines(&upload_path(&w.path("uit-2"), KBO_B)).len(), 2);
    assert_eq!(w.statuses(), prepared_six());
}

#[test]
fn ledger_release_brings_back_the_requests_of_a_folder_thrown_away() {
    let w = week();
    assert_eq!(w.prepare("uit", &[&w.export], &[]).status.code(), Some(1));
    let uit = w.path("uit");
    std::fs::remove_dir_all(&uit).unwrap();
    let output = w.prepare("uit-2", &[&w.export], &[]);
    let report = stdout_json(&output);
    assert_eq!(report["summary"]["already_prepared"], 6);
    let x306 = report["rows"][0]["diagnostics"][0]["message"].as_str().unwrap();
    assert!(x306.contains("vov-bulk ledger release"), "{x306}");

    let released = w.ledger(&["release", uit.to_str().unwrap()]);
    assert_eq!(released.status.code(), Some(0), "{}", stderr_text(&released));
    let text = stdout_text(&released);
    assert!(
        text.contains("Released now: 6") && text.contains("prepares them again"),
        "{text}"
    );
    assert_eq!(w.statuses().get("released"), Some(&6));
    let output = w.prepare("uit-3", &[&w.export], &[]);
    let report = stdout_json(&output);
    assert_eq!(report["summary"]["accepted"], 6, "{}", report["summary"]);
    assert_eq!(w.statuses(), prepared_six());
    // One upload file deleted by mistake: only its requests.
    std::fs::remove_file(upload_path(&w.path("uit-3"), KBO_B)).unwrap();
    let one = w.ledger(&[
        "release",
        upload_path(&w.path("uit-3"), KBO_B).to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(one.status.code(), Some(0), "{}", stderr_text(&one));
    assert_eq!(stdout_json(&one)["released"], 2);
}

#[test]
fn a_submitted_request_is_never_released() {
    let w = week();
    assert_eq!(w.prepare("uit", &[&w.export], &[]).status.code(), Some(1));
    let uit = w.path("uit");
    let submitted = w.ledger(&["submitted", uit.to_str().unwrap()]);
    assert_eq!(submitted.status.code(), Some(0), "{}", stderr_text(&submitted));
    let refused = bin()
        .args(["--lang", "en", "ledger", "release"])
        .arg(&uit)
        .arg("--ledger")
        .arg(&w.ledger)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1), "{}", stderr_text(&refused));
    let text = stdout_text(&refused);
    assert!(
        text.contains("submitted, so not released: 6") && text.contains("never released"),
        "{text}"
    );
    assert_eq!(w.statuses().get("submitted"), Some(&6));
    // And a replace of that folder throws nothing away: they were uploaded.
    let only_a = write_rows(w.dir.path(), "only-a.csv", &[Row::nth(1)]);
    let output = w.prepare("uit", &[&only_a], &["--replace"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
}

#[test]
fn a_run_killed_after_its_swap_whose_folder_moved_is_never_prepared_twice() {
    let w = week();
    assert_eq!(w.prepare("uit", &[&w.export], &[]).status.code(), Some(1));
    // What a kill between the swap and the ledger's last step leaves: the
    // run pending, its outputs in place; then the folder is archived.
    {
        let conn = rusqlite::Connection::open(&w.ledger).unwrap();
        conn.execute("UPDATE runs SET state = 'pending', resolved_at = NULL", [])
            .unwrap();
    }
    std::fs::rename(w.path("uit"), w.path("archief-november")).unwrap();
    for next in ["uit", "uit-2"] {
        let output = w.prepare(next, &[&w.export], &[]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr_text(&output));
        let report = stdout_json(&output);
        assert_eq!(report["summary"]["already_prepared"], 6, "{}", report["summary"]);
        assert_eq!(report["summary"]["accepted"], 0);
        let notes = report["notes"].to_string();
        assert!(
            notes.contains("nothing tells") && notes.contains("ledger release"),
            "{notes}"
        );
        assert_eq!(report["ledger"]["undetermined_runs"], 1, "{}", report["ledger"]);
        assert_eq!(report["ledger"]["released"], 0);
        // It says what to do, once, to end it.
        assert!(
            notes.contains("comes back on every run until you do one thing")
                && notes.contains("put the folder back at"),
            "{notes}"
        );
        assert!(!upload_path(&w.path(next), KBO_A).exists());
    }
    // Never deleted from the ledger.
    assert_eq!(w.statuses(), prepared_six());
    // The clerk finds the outputs lost and releases the folder: the run is
    // settled, its note stops, and the next run prepares its requests again.
    let uit = w.path("uit");
    let released = w.ledger(&["release", uit.to_str().unwrap(), "--format", "json"]);
    assert_eq!(released.status.code(), Some(0), "{}", stderr_text(&released));
    let released = stdout_json(&released);
    assert_eq!(
        (released["released"].as_u64(), released["settled_runs"].as_u64()),
        (Some(6), Some(1))
    );
    let output = w.prepare("uit-3", &[&w.export], &[]);
    let report = stdout_json(&output);
    assert_eq!(report["summary"]["accepted"], 6, "{}", report["summary"]);
    assert_eq!(report["ledger"]["undetermined_runs"], 0, "{}", report["ledger"]);
    assert!(
        !report["notes"].to_string().contains("nothing tells"),
        "{}",
        report["notes"]
    );
    assert_eq!(w.statuses().get("prepared"), Some(&6));
}

#[test]
fn a_run_killed_after_its_swap_in_place_is_recognised_as_published() {
    let w = week();
    assert_eq!(w.prepare("uit", &[&w.export], &[]).status.code(), Some(1));
    {
        let conn = rusqlite::Connection::open(&w.ledger).unwrap();
        conn.execute("UPDATE runs SET state = 'pending', resolved_at = NULL", [])
            .unwrap();
    }
    // The cron retry: the same export, --replace, the same folder.
    let output = w.prepare("uit", &[&w.export], &["--replace"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr_text(&output));
    let report = stdout_json(&output);
    assert_eq!(report["summary"]["accepted"], 6, "{}", report["summary"]);
    let notes = report["notes"].to_string();
    assert!(notes.contains("recorded as published"), "{notes}");
    assert_eq!(w.statuses(), prepared_six());
    w.agenda_uploads_exist();
}
