//! Runs that remember: the ledger of prepared requests (X306, X307), safe
//! output folders, origins of fed-back rows. Every test has its own ledger
//! and output folders in a temporary directory.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

/// `prepare` into `out` with the ledger `ledger`, JSON on stdout.
fn prepare_with(ledger: &Path, out: &Path, inputs: &[&Path], extra: &[&str]) -> std::process::Output {
    let mut cmd = prepare(out, inputs);
    cmd.arg("--ledger").arg(ledger).args(["--format", "json"]).args(extra);
    cmd.output().expect("run vov-bulk prepare")
}

fn upload_lines(out: &Path, kbo: &str) -> Vec<String> {
    let path = out.join(format!("wse-vov_{kbo}.csv"));
    if !path.exists() {
        return Vec::new();
    }
    read_text(&path).lines().skip(1).map(str::to_string).collect()
}

fn summary(report: &Value) -> (u64, u64, u64, u64) {
    let s = &report["summary"];
    (
        s["rows"].as_u64().unwrap(),
        s["accepted"].as_u64().unwrap(),
        s["rejected"].as_u64().unwrap(),
        s["already_prepared"].as_u64().unwrap(),
    )
}

fn codes_of_line(report: &Value, line: u64) -> Vec<String> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["line"] == line)
        .flat_map(|r| r["diagnostics"].as_array().unwrap().iter())
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn row_of_line(report: &Value, line: u64) -> Value {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["line"] == line)
        .cloned()
        .unwrap_or(Value::Null)
}

struct Setup {
    dir: tempfile::TempDir,
    ledger: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite");
    Setup { dir, ledger }
}

#[test]
fn a_rerun_uploads_nothing_twice_and_counts_the_rows_as_already_prepared() {
    let s = setup();
    let input = write_rows(s.dir.path(), "export.csv", &[Row::nth(1), Row::nth(2), Row::nth(3)]);
    let first = s.dir.path().join("run1");
    let output = prepare_with(&s.ledger, &first, &[&input], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let report = stdout_json(&output);
    assert_eq!(summary(&report), (3, 3, 0, 0));
    assert_eq!(report["ledger"]["new"], 3);
    assert!(report["ledger"]["run"].as_i64().is_some());
    assert_eq!(upload_lines(&first, KBO_A).len(), 3);

    // The nightly export grew by one row.
    let grown = write_rows(
        s.dir.path(),
        "export.csv",
        &[Row::nth(1), Row::nth(2), Row::nth(3), Row::nth(4)],
    );
    let second = s.dir.path().join("run2");
    let output = prepare_with(&s.ledger, &second, &[&grown], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let report = stdout_json(&output);
    assert_eq!(summary(&report), (4, 1, 0, 3));
    assert_eq!(report["summary"]["by_code"]["X306"], 3);
    assert_eq!(report["summary"]["employers"][0]["already_prepared"], 3);
    assert_eq!(report["ledger"]["new"], 1);
    assert_eq!(report["ledger"]["already_prepared"], 3);
    let lines = upload_lines(&second, KBO_A);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("Naam4"), "{lines:?}");
    let row = row_of_line(&report, 2);
    assert_eq!(row["status"], "already_prepared");
    let message = row["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("wse-vov_0403170701.csv"), "{message}");
    // The help is given once per code, not per row.
    assert!(row["diagnostics"][0].get("help").is_none());
    assert_eq!(report["codes"]["X306"]["name"], "already-prepared");
}

#[test]
fn an_already_prepared_row_is_not_rejected_for_a_deadline_that_passed_since() {
    let s = setup();
    let input = write_rows(s.dir.path(), "export.csv", &[Row::nth(1)]);
    let first = s.dir.path().join("run1");
    let output = prepare_with(&s.ledger, &first, &[&input], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    // Start 01/10/2026: the last day to submit is 31/12/2026.
    let later = s.dir.path().join("run2");
    let mut cmd = bin();
    cmd.args(["prepare", "--as-of", "2027-01-15", "--format", "json", "--out"])
        .arg(&later)
        .arg("--ledger")
        .arg(&s.ledger)
        .arg(&input);
    let output = cmd.output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let report = stdout_json(&output);
    assert_eq!(summary(&report), (1, 0, 0, 1));
    assert_eq!(codes_of_line(&report, 2), vec!["X306"]);
    // Without the ledger the same row is too late.
    let mut cmd = bin();
    cmd.args(["check", "--as-of", "2027-01-15", "--format", "json", "--no-ledger"])
        .arg(&input);
    let output = cmd.output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(codes_of_line(&stdout_json(&output), 2), vec!["R204"]);
}

#[test]
fn a_fed_back_rejected_csv_uploads_only_the_fixed_rows_and_keeps_their_origin() {
    let s = setup();
    let bad = Row {
        insz: bad_insz(&Row::nth(2).insz),
        ..Row::nth(2)
    };
    let input = write_rows(s.dir.path(), "payroll.csv", &[Row::nth(1), bad, Row::nth(1)]);
    let first = s.dir.path().join("run1");
    let output = prepare_with(&s.ledger, &first, &[&input], &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr_text(&output));
    assert_eq!(upload_lines(&first, KBO_A).len(), 1);
    let rejected = read_text(&first.join("rejected.csv"));
    assert!(
        rejected.contains("payroll.csv:3") && rejected.contains("payroll.csv:4"),
        "{rejected}"
    );

    // The clerk fixes the INSZ of line 3 and leaves the duplicate as it is.
    let fixed = rejected.replace(&bad_insz(&Row::nth(2).insz), &Row::nth(2).insz);
    let fixed_path = write(s.dir.path(), "rejected_fixed.csv", fixed);
    let second = s.dir.path().join("run2");
    let output = prepare_with(&s.ledger, &second, &[&fixed_path], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let report = stdout_json(&output);
    assert_eq!(summary(&report), (2, 1, 0, 1));
    let lines = upload_lines(&second, KBO_A);
    assert_eq!(lines.len(), 1, "only the fixed row: {lines:?}");
    assert!(lines[0].contains(&Row::nth(2).insz));
    // Origins name the payroll export's lines, not the fed-back file's.
    let origins: Vec<&str> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["origin"].as_str().unwrap())
        .collect();
    assert!(origins.iter().any(|o| o.ends_with("payroll.csv:4")), "{origins:?}");
    // The ledger keeps the origin of the fixed row.
    let listed = bin()
        .args(["ledger", "list", "--format", "json", "--ledger"])
        .arg(&s.ledger)
        .output()
        .unwrap();
    assert_eq!(listed.status.code(), Some(0), "{}", stderr_text(&listed));
    let listed = stdout_text(&listed);
    assert!(listed.contains("payroll.csv:3"), "{listed}");
    assert!(
        !listed.contains(&Row::nth(2).insz),
        "the list masks INSZ numbers: {listed}"
    );
}

#[test]
fn changed_content_replaces_a_prepared_request_but_not_a_submitted_one() {
    let s = setup();
    let input = write_rows(s.dir.path(), "export.csv", &[Row::nth(1)]);
    let first = s.dir.path().join("run1");
    assert_eq!(prepare_with(&s.ledger, &first, &[&input], &[]).status.code(), Some(0));

    let more = write_rows(
        s.dir.path(),
        "export.csv",
        &[Row {
            aantal: "48".into(),
            ..Row::nth(1)
        }],
    );
    let second = s.dir.path().join("run2");
    let output = prepare_with(&s.ledger, &second, &[&more], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let report = stdout_json(&output);
    let row = row_of_line(&report, 2);
    assert_eq!(row["status"], "accepted");
    assert_eq!(row["diagnostics"][0]["code"], "X307");
    assert_eq!(row["diagnostics"][0]["severity"], "warning");
    assert!(
        row["diagnostics"][0]["message"].as_str().unwrap().contains("run1"),
        "names the old upload: {row}"
    );
    assert_eq!(report["ledger"]["changed"], 1);
    assert!(upload_lines(&second, KBO_A)[0].contains(";48;"));

    // Uploaded: the new version is submitted now.
    let marked = bin()
        .args(["ledger", "submitted", "--ledger"])
        .arg(&s.ledger)
        .arg(&second)
        .output()
        .unwrap();
    assert_eq!(marked.status.code(), Some(0), "{}", stderr_text(&marked));

    // The same version again: already prepared. Yet another: rejected.
    let third = s.dir.path().join("run3");
    let output = prepare_with(&s.ledger, &third, &[&more], &[]);
    assert_eq!(summary(&stdout_json(&output)), (1, 0, 0, 1));
    let again = write_rows(
        s.dir.path(),
        "export.csv",
        &[Row {
            aantal: "56".into(),
            ..Row::nth(1)
        }],
    );
    let fourth = s.dir.path().join("run4");
    let output = prepare_with(&s.ledger, &fourth, &[&again], &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr_text(&output));
    let report = stdout_json(&output);
    let row = row_of_line(&report, 2);
    assert_eq!(row["status"], "rejected");
    assert_eq!(row["diagnostics"][0]["code"], "X307");
    assert_eq!(row["diagnostics"][0]["severity"], "error");
    assert!(upload_lines(&fourth, KBO_A).is_empty());
}

#[test]
fn check_reads_the_ledger_and_never_writes_it() {
    let s = setup();
    let input = write_rows(s.dir.path(), "export.csv", &[Row::nth(1), Row::nth(2)]);
    // No ledger yet: check creates none.
    let output = check([&input])
        .arg("--ledger")
        .arg(&s.ledger)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    assert!(!s.ledger.exists());
    let out = s.dir.path().join("out");
    assert_eq!(prepare_with(&s.ledger, &out, &[&input], &[]).status.code(), Some(0));
    let files_before = ledger_files(&s.ledger);
    let output = check([&input])
        .arg("--ledger")
        .arg(&s.ledger)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let report = stdout_json(&output);
    assert_eq!(summary(&report), (2, 0, 0, 2));
    assert_eq!(report["ledger"]["run"], Value::Null);
    assert_eq!(ledger_files(&s.ledger), files_before, "check changed the ledger");
}

/// The ledger's file and its SQLite companions, with a digest of their bytes.
fn ledger_files(ledger: &Path) -> Vec<(String, u64)> {
    let dir = ledger.parent().unwrap();
    let name = ledger.file_name().unwrap().to_string_lossy().into_owned();
    let mut files: Vec<(String, u64)> = files_in(dir)
        .into_iter()
        // SQLite's -shm index may appear for any reader of a WAL database;
        // the file and its write-ahead log hold the content.
        .filter(|n| n.starts_with(&name) && !n.ends_with(".lock") && !n.ends_with("-shm"))
        .filter(|n| !(n.ends_with("-wal") && std::fs::metadata(dir.join(n)).is_ok_and(|m| m.len() == 0)))
        .map(|n| {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            std::fs::read(dir.join(&n)).unwrap_or_default().hash(&mut hasher);
            (n, hasher.finish())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn an_out_folder_with_outputs_is_refused_without_replace_and_swapped_whole_with_it() {
    let s = setup();
    let a = write_rows(s.dir.path(), "a.csv", &[Row::nth(1)]);
    let b_row = Row {
        kbo: KBO_B.into(),
        ..Row::nth(2)
    };
    let b = write_rows(s.dir.path(), "b.csv", &[b_row]);
    let out = s.dir.path().join("out");
    assert_eq!(prepare_with(&s.ledger, &out, &[&a], &[]).status.code(), Some(0));
    write(&out, "notities.txt", "van de bediende");
    let before = files_in(&out);

    let output = prepare_with(&s.ledger, &out, &[&b], &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
    let fatal = stdout_json(&output);
    assert_eq!(fatal["fatal"]["code"], "out");
    assert!(fatal["fatal"]["help"].as_str().unwrap().contains("--replace"));
    assert_eq!(files_in(&out), before, "a refused run changes nothing");

    // (v3) A's request, prepared and not submitted, would be thrown away:
    // refused, unless released on purpose.
    let output = prepare_with(&s.ledger, &out, &[&b], &["--replace"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
    assert_eq!(files_in(&out), before, "a refused run changes nothing");
    let output = prepare_with(&s.ledger, &out, &[&b], &["--replace", "--discard-unsubmitted"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let names = files_in(&out);
    // The employer of the first run is gone with its run: no stale upload.
    assert!(!names.contains(&format!("wse-vov_{KBO_A}.csv")), "{names:?}");
    assert!(names.contains(&format!("wse-vov_{KBO_B}.csv")), "{names:?}");
    assert_eq!(read_text(&out.join("notities.txt")), "van de bediende");
    // Nothing but the lock file is left beside --out.
    let beside: Vec<String> = files_in(s.dir.path())
        .into_iter()
        .filter(|n| n.starts_with(".out."))
        .collect();
    assert_eq!(beside, vec![".out.vov-bulk.lock".to_string()]);
}

#[test]
fn outputs_are_no_more_readable_than_the_umask_allows() {
    use std::os::unix::fs::PermissionsExt;
    let s = setup();
    let input = write_rows(s.dir.path(), "export.csv", &[Row::nth(1)]);
    let out = s.dir.path().join("out");
    // umask 077 through a shell: every file the run creates is owner-only.
    let program = assert_cmd::cargo::cargo_bin("vov-bulk");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 077; exec \"$0\" prepare --as-of 2026-11-22 --out \"$1\" \"$2\"")
        .arg(&program)
        .arg(&out)
        .arg(&input)
        .env("VOV_LEDGER", &s.ledger)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    for name in files_in(&out) {
        let mode = std::fs::metadata(out.join(&name)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o077, 0, "{name} is {mode:o}");
    }
    let mode = std::fs::metadata(&s.ledger).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the ledger holds personal data");
}

/// A CSV of `n` valid rows of several employees.
fn big_input(dir: &Path, n: u32) -> PathBuf {
    let rows: Vec<Row> = (0..n).map(Row::nth).collect();
    write_rows(dir, "big.csv", &rows)
}

/// What a folder of published outputs must hold: the marker, and every file
/// it names, complete (the report parses and counts what the uploads hold).
fn assert_complete_or_absent(out: &Path) -> Option<u64> {
    if !out.exists() {
        return None;
    }
    let marker = read_json(&out.join(".vov-bulk-run.json"));
    for file in marker["files"].as_array().unwrap() {
        assert!(out.join(file.as_str().unwrap()).exists(), "{file} missing");
    }
    let report = report(out);
    let written: u64 = report["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["rows"].as_u64().unwrap())
        .sum();
    let in_uploads: u64 = files_in(out)
        .iter()
        .filter(|n| n.starts_with("wse-vov_"))
        .map(|n| read_text(&out.join(n)).lines().count() as u64 - 1)
        .sum();
    assert_eq!(written, in_uploads);
    Some(written)
}

fn ledger_count(ledger: &Path) -> usize {
    let listed = bin()
        .args(["ledger", "list", "--format", "json", "--ledger"])
        .arg(ledger)
        .output()
        .unwrap();
    assert_eq!(listed.status.code(), Some(0), "{}", stderr_text(&listed));
    stdout_json(&listed).as_array().map_or(0, Vec::len)
}

#[test]
fn a_run_killed_at_any_moment_leaves_whole_outputs_and_a_consistent_ledger() {
    let s = setup();
    let input = big_input(s.dir.path(), 20_000);
    let out = s.dir.path().join("out");
    for delay_ms in [2u64, 5, 10, 40, 120, 250, 400, 700] {
        let mut child = bin_std()
            .args(["prepare", "--as-of", AS_OF, "--out"])
            .arg(&out)
            .arg(&input)
            .arg("--ledger")
            .arg(&s.ledger)
            .args(["--replace", "--no-progress", "-q"])
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let published = assert_complete_or_absent(&out);
        // The next run cleans up, and the ledger holds exactly the
        // requests that a published folder holds.
        let listed = ledger_count(&s.ledger);
        match published {
            // Nothing published yet: nothing may be recorded.
            None => assert_eq!(listed, 0, "killed after {delay_ms} ms"),
            // The first published run recorded every request; later ones
            // found them already prepared and uploaded nothing.
            Some(rows) => {
                assert_eq!(listed, 20_000, "killed after {delay_ms} ms");
                assert!(rows == 20_000 || rows == 0, "{rows}");
            }
        }
    }
    let output = prepare_with(&s.ledger, &out, &[&input], &["--replace"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let report = stdout_json(&output);
    let (rows, accepted, _, prepared) = summary(&report);
    assert_eq!(rows, 20_000);
    // Whatever a killed run published is already prepared; the rest is new.
    assert_eq!(accepted + prepared, 20_000);
    assert_eq!(ledger_count(&s.ledger), 20_000);
    let leftovers: Vec<String> = files_in(s.dir.path())
        .into_iter()
        .filter(|n| n.contains("vov-bulk-new"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Waits for two children, draining both their outputs at once (a child
/// blocked on a full pipe must not look like a child blocked on a lock).
fn both_outputs(
    first: std::process::Child,
    second: std::process::Child,
) -> (std::process::Output, std::process::Output) {
    let other = std::thread::spawn(move || second.wait_with_output().unwrap());
    let first = first.wait_with_output().unwrap();
    (first, other.join().unwrap())
}

#[test]
fn two_runs_into_one_folder_at_once_never_mix() {
    let s = setup();
    let input = big_input(s.dir.path(), 5_000);
    let out = s.dir.path().join("out");
    let spawn = |ledger: &Path| {
        bin_std()
            .args(["prepare", "--as-of", AS_OF, "--format", "json", "--out"])
            .arg(&out)
            .arg(&input)
            .arg("--ledger")
            .arg(ledger)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let first = spawn(&s.ledger);
    let second = spawn(&s.dir.path().join("other-ledger.sqlite"));
    let (first, second) = both_outputs(first, second);
    let mut codes = [first.status.code(), second.status.code()];
    codes.sort();
    assert_eq!(codes, [Some(0), Some(2)], "one run wins, the other is refused");
    let refused = if first.status.code() == Some(2) {
        &first
    } else {
        &second
    };
    let fatal = stdout_json(refused);
    assert_eq!(fatal["fatal"]["code"], "out");
    assert_eq!(assert_complete_or_absent(&out), Some(5_000));
}

#[test]
fn two_runs_on_one_ledger_at_once_upload_each_request_once() {
    let s = setup();
    let input = big_input(s.dir.path(), 5_000);
    let spawn = |out: PathBuf| {
        bin_std()
            .args(["prepare", "--as-of", AS_OF, "--format", "json", "--out"])
            .arg(&out)
            .arg(&input)
            .arg("--ledger")
            .arg(&s.ledger)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let first = spawn(s.dir.path().join("a"));
    let second = spawn(s.dir.path().join("b"));
    let (first, second) = both_outputs(first, second);
    assert_eq!(first.status.code(), Some(0), "{}", stderr_text(&first));
    assert_eq!(second.status.code(), Some(0), "{}", stderr_text(&second));
    let accepted = |o: &std::process::Output| stdout_json(o)["summary"]["accepted"].as_u64().unwrap();
    let prepared = |o: &std::process::Output| stdout_json(o)["summary"]["already_prepared"].as_u64().unwrap();
    assert_eq!(accepted(&first) + accepted(&second), 5_000);
    assert_eq!(prepared(&first) + prepared(&second), 5_000);
    assert_eq!(ledger_count(&s.ledger), 5_000);
}

#[test]
fn a_ledger_of_a_newer_version_is_refused() {
    let s = setup();
    let input = write_rows(s.dir.path(), "export.csv", &[Row::nth(1)]);
    let out = s.dir.path().join("out");
    assert_eq!(prepare_with(&s.ledger, &out, &[&input], &[]).status.code(), Some(0));
    {
        let conn = rusqlite::Connection::open(&s.ledger).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let output = prepare_with(&s.ledger, &s.dir.path().join("out2"), &[&input], &[]);
    assert_eq!(output.status.code(), Some(2));
    let fatal = stdout_json(&output);
    assert_eq!(fatal["fatal"]["code"], "ledger");
    assert!(!s.dir.path().join("out2").exists());
}

#[test]
fn without_a_ledger_nothing_is_remembered() {
    let s = setup();
    let input = write_rows(s.dir.path(), "export.csv", &[Row::nth(1)]);
    for run in ["a", "b"] {
        let out = s.dir.path().join(run);
        let output = prepare(&out, [&input])
            .args(["--no-ledger", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
        let report = stdout_json(&output);
        assert_eq!(summary(&report), (1, 1, 0, 0));
        assert!(report.get("ledger").is_none());
    }
    assert!(!s.ledger.exists());
}

#[test]
fn a_directory_as_input_never_yields_the_runs_own_outputs() {
    let s = setup();
    let folder = s.dir.path().join("klant");
    std::fs::create_dir(&folder).unwrap();
    write_rows(&folder, "export.csv", &[Row::nth(1)]);
    let output = prepare_with(&s.ledger, &folder, &[&folder], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    assert!(folder.join("export.csv").exists(), "the user's own file stays");
    let output = check([&folder]).args(["--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let report = stdout_json(&output);
    assert_eq!(report["inputs"].as_array().unwrap().len(), 1, "{}", report["inputs"]);
    // (v3) With --replace, an input inside --out is refused: the folder it
    // is read from would be replaced by the run's own result.
    let output = prepare_with(
        &s.dir.path().join("ledger2.sqlite"),
        &folder,
        &[&folder],
        &["--replace"],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
    assert_eq!(stdout_json(&output)["fatal"]["code"], "out");
}

/// Two runs at once on one ledger reached through two paths: `first` and
/// `second` name the same database file.
fn two_runs_through(s: &Setup, first: &Path, second: &Path, second_dir: Option<&Path>) {
    let input = big_input(s.dir.path(), 3_000);
    let spawn = |ledger: &Path, out: PathBuf, cwd: Option<&Path>| {
        let mut cmd = bin_std();
        cmd.args(["prepare", "--as-of", AS_OF, "--format", "json", "--out"])
            .arg(&out)
            .arg(&input)
            .arg("--ledger")
            .arg(ledger)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        if let Some(cwd) = cwd {
            cmd.current_dir(cwd);
        }
        cmd.spawn().unwrap()
    };
    let a = spawn(first, s.dir.path().join("a"), None);
    let b = spawn(second, s.dir.path().join("b"), second_dir);
    let (a, b) = both_outputs(a, b);
    assert_eq!(a.status.code(), Some(0), "{}", stderr_text(&a));
    assert_eq!(b.status.code(), Some(0), "{}", stderr_text(&b));
    let accepted = |o: &std::process::Output| stdout_json(o)["summary"]["accepted"].as_u64().unwrap();
    assert_eq!(accepted(&a) + accepted(&b), 3_000, "no request uploaded twice");
    let uploaded: usize = ["a", "b"]
        .iter()
        .flat_map(|o| [KBO_A, KBO_B].map(|k| upload_lines(&s.dir.path().join(o), k).len()))
        .sum();
    assert_eq!(uploaded, 3_000);
    // No record lost: every request is in the ledger, both runs published.
    assert_eq!(ledger_count(&s.ledger), 3_000);
    let conn = rusqlite::Connection::open(&s.ledger).unwrap();
    let published: i64 = conn
        .query_row("SELECT count(*) FROM runs WHERE state = 'published'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(published, 2);
}

#[cfg(unix)]
#[test]
fn one_ledger_one_lock_through_a_symlink() {
    let s = setup();
    // Created by a first run, so the file exists to be linked to.
    let seed = write_rows(s.dir.path(), "seed.csv", &[]);
    let _ = prepare_with(&s.ledger, &s.dir.path().join("seed"), &[&seed], &[]);
    let link = s.dir.path().join("link.sqlite");
    std::os::unix::fs::symlink(&s.ledger, &link).unwrap();
    two_runs_through(&s, &s.ledger, &link, None);
}

#[cfg(unix)]
#[test]
fn one_ledger_one_lock_through_a_hard_link() {
    let s = setup();
    let seed = write_rows(s.dir.path(), "seed.csv", &[]);
    let _ = prepare_with(&s.ledger, &s.dir.path().join("seed"), &[&seed], &[]);
    let other = s.dir.path().join("elsewhere");
    std::fs::create_dir(&other).unwrap();
    let hard = other.join("same.sqlite");
    std::fs::hard_link(&s.ledger, &hard).unwrap();
    two_runs_through(&s, &s.ledger, &hard, None);
}

#[test]
fn one_ledger_one_lock_through_a_relative_path() {
    let s = setup();
    let seed = write_rows(s.dir.path(), "seed.csv", &[]);
    let _ = prepare_with(&s.ledger, &s.dir.path().join("seed"), &[&seed], &[]);
    let sub = s.dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    two_runs_through(&s, &s.ledger, Path::new("../ledger.sqlite"), Some(&sub));
}

#[cfg(unix)]
#[test]
fn an_empty_file_given_as_the_ledger_becomes_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let s = setup();
    std::fs::write(&s.ledger, b"").unwrap();
    std::fs::set_permissions(&s.ledger, std::fs::Permissions::from_mode(0o644)).unwrap();
    let input = write_rows(s.dir.path(), "export.csv", &[Row::nth(1)]);
    let output = prepare_with(&s.ledger, &s.dir.path().join("out"), &[&input], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let mode = std::fs::metadata(&s.ledger).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[cfg(unix)]
#[test]
fn dev_null_as_the_ledger_is_refused_and_nothing_is_put_beside_it() {
    let s = setup();
    let input = write_rows(s.dir.path(), "export.csv", &[Row::nth(1)]);
    let out = s.dir.path().join("out");
    let output = prepare_with(Path::new("/dev/null"), &out, &[&input], &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
    assert_eq!(stdout_json(&output)["fatal"]["code"], "ledger");
    for companion in ["/dev/null-journal", "/dev/null-wal", "/dev/null-shm", "/dev/null.lock"] {
        assert!(!Path::new(companion).exists(), "{companion}");
    }
    assert!(!out.exists());
    // A folder is no ledger either.
    let output = prepare_with(s.dir.path(), &out, &[&input], &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
}

#[test]
fn a_ledger_with_tables_but_no_schema_version_is_refused_without_its_sql() {
    let s = setup();
    let input = write_rows(s.dir.path(), "export.csv", &[Row::nth(1)]);
    assert_eq!(
        prepare_with(&s.ledger, &s.dir.path().join("out"), &[&input], &[])
            .status
            .code(),
        Some(0)
    );
    rusqlite::Connection::open(&s.ledger)
        .unwrap()
        .pragma_update(None, "user_version", 0)
        .unwrap();
    for output in [
        prepare_with(&s.ledger, &s.dir.path().join("out2"), &[&input], &[]),
        check([&input])
            .arg("--ledger")
            .arg(&s.ledger)
            .args(["--format", "json"])
            .output()
            .unwrap(),
    ] {
        assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
        let message = stdout_json(&output)["fatal"]["message"].as_str().unwrap().to_string();
        assert!(message.contains("user_version 0"), "{message}");
        let all = format!("{message}{}", stderr_text(&output));
        assert!(!all.contains("CREATE") && !all.contains("already exists"), "{all}");
    }
}

#[cfg(unix)]
#[test]
fn the_lock_beside_out_never_follows_a_planted_link() {
    let s = setup();
    let input = write_rows(s.dir.path(), "export.csv", &[Row::nth(1)]);
    let target = s.dir.path().join("planted-target");
    std::os::unix::fs::symlink(&target, s.dir.path().join(".out.vov-bulk.lock")).unwrap();
    let output = prepare_with(&s.ledger, &s.dir.path().join("out"), &[&input], &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
    assert_eq!(stdout_json(&output)["fatal"]["code"], "out");
    assert!(!target.exists(), "the link was not followed");
    assert!(!s.dir.path().join("out").exists());
}

#[cfg(unix)]
#[test]
fn replace_refuses_a_users_symlink_in_out_naming_it() {
    let s = setup();
    let input = write_rows(s.dir.path(), "export.csv", &[Row::nth(1)]);
    let out = s.dir.path().join("out");
    assert_eq!(prepare_with(&s.ledger, &out, &[&input], &[]).status.code(), Some(0));
    std::os::unix::fs::symlink("/etc/hostname", out.join("mijn-koppeling")).unwrap();
    let output = prepare_with(&s.ledger, &out, &[&input], &["--replace"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
    let message = stdout_json(&output)["fatal"]["message"].to_string();
    assert!(message.contains("mijn-koppeling"), "{message}");
    assert!(std::fs::symlink_metadata(out.join("mijn-koppeling")).is_ok());
}

#[test]
fn out_dot_never_leaves_the_caller_in_a_deleted_folder() {
    let s = setup();
    let here = s.dir.path().join("werkmap");
    std::fs::create_dir(&here).unwrap();
    let input = write_rows(&here, "export.csv", &[Row::nth(1)]);
    let output = bin()
        .current_dir(&here)
        .args([
            "prepare", "--as-of", AS_OF, "--out", ".", "--format", "json", "--ledger",
        ])
        .arg(&s.ledger)
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr_text(&output));
    assert_eq!(stdout_json(&output)["fatal"]["code"], "out");
    // The folder is the one the caller stands in, with the input still in it.
    assert!(here.join("export.csv").exists());
    let beside: Vec<String> = files_in(s.dir.path())
        .into_iter()
        .filter(|n| n.contains("vov-bulk-new"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}
