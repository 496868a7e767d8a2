//! CONTRACT v3, 'Output files of prepare' and 'What no input and no accident
//! may do': a `prepare --replace` that re-prepares the replaced folder's
//! requests, or that releases them (`--discard-unsubmitted`), killed with
//! SIGKILL at moments spread over its run (its publish included). After
//! each kill: `--out` holds the complete previous or the complete new
//! outputs; the ledger is sound and knows every request of the uploads that
//! survived as `prepared`, and a request as `released` only when its upload
//! is gone; a following plain run completes and prepares nothing twice.
//!
//! Each step of the publish is killed at for certain (a debug build's kill
//! points, `VOV_BULK_KILL_AT`), then moments at random (a seed printed with
//! every failure), stratified over the run's measured length.

#![cfg(all(unix, debug_assertions))]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

/// Requests in the export: half of employer A, half of employer B.
const N: u32 = 1_000;
/// Kills at random moments per scenario, besides one at each step of the
/// publish.
const KILLS: u32 = 7;

/// The steps of a publish (`VOV_BULK_KILL_AT`, a debug build's kill points)
/// and where a kill there leaves the run (see [`Scene::moment`]).
const STEPS: [(&str, &str); 5] = [
    ("staged", BEFORE_COMMIT),
    ("committed", BEFORE_SWAP),
    ("swapped", AFTER_SWAP),
    ("cleaned", AFTER_SWAP),
    ("marked", AFTER_RUN),
];
const BEFORE_COMMIT: &str = "before the ledger's commit";
const BEFORE_SWAP: &str = "after the commit, before the swap";
const AFTER_SWAP: &str = "after the swap, before the run is marked published";
const AFTER_RUN: &str = "after the run";

/// A kill: at a step of the publish, or after a delay.
#[derive(Debug, Clone, Copy)]
enum Kill {
    At(&'static str, &'static str),
    After(Duration),
}

/// Every step, then `KILLS` random moments over a run of `length`.
fn kills(s: &mut Scene, length: Duration) -> Vec<Kill> {
    let mut all: Vec<Kill> = STEPS.iter().map(|&(step, lands)| Kill::At(step, lands)).collect();
    all.extend(s.moments(length, KILLS).into_iter().map(Kill::After));
    all
}

struct Scene {
    dir: tempfile::TempDir,
    ledger: PathBuf,
    /// Every request, of A and B.
    export: PathBuf,
    /// Only A's requests: replacing a folder of A and B with it releases B's.
    only_a: PathBuf,
    out: PathBuf,
    seed: u64,
}

fn rows(employer_b_too: bool) -> Vec<Row> {
    (0..N)
        .filter(|n| employer_b_too || n % 2 == 0)
        .map(|n| {
            let mut row = Row::nth(n);
            if n % 2 == 1 {
                row.kbo = KBO_B.into();
            }
            row
        })
        .collect()
}

fn scene() -> Scene {
    let dir = tempfile::tempdir().unwrap();
    let export = write_rows(dir.path(), "export.csv", &rows(true));
    let only_a = write_rows(dir.path(), "only-a.csv", &rows(false));
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    Scene {
        ledger: dir.path().join("ledger.sqlite"),
        out: dir.path().join("uit"),
        dir,
        export,
        only_a,
        seed,
    }
}

impl Scene {
    fn command(&self, out: &Path, input: &Path, extra: &[&str]) -> std::process::Command {
        let mut cmd = bin_std();
        cmd.args(["prepare", "--as-of", AS_OF, "--lang", "en", "--no-progress", "--out"])
            .arg(out)
            .arg(input)
            .arg("--ledger")
            .arg(&self.ledger)
            .args(extra);
        cmd
    }

    /// A run to its end, its JSON report.
    fn run(&self, out: &Path, input: &Path, extra: &[&str]) -> Value {
        let output = self
            .command(out, input, extra)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "seed {}: {}",
            self.seed,
            stderr_text(&output)
        );
        stdout_json(&output)
    }

    /// Runs `extra` into `--out` and kills it.
    fn kill(&self, input: &Path, extra: &[&str], kill: Kill) {
        let mut cmd = self.command(&self.out, input, extra);
        cmd.arg("-q")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        match kill {
            Kill::At(step, _) => {
                let status = cmd.env("VOV_BULK_KILL_AT", step).status().unwrap();
                use std::os::unix::process::ExitStatusExt;
                assert_eq!(status.signal(), Some(9), "seed {}: killed at {step}", self.seed);
            }
            Kill::After(delay) => {
                let mut child = cmd.spawn().unwrap();
                std::thread::sleep(delay);
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }

    /// Where the last kill landed, as the ledger and `--out` tell: before
    /// the ledger's commit, between it and the swap, between the swap and
    /// the ledger's last step, or after the run.
    fn moment(&self, kill: Kill, published: bool, tally: &mut BTreeMap<&'static str, u32>) {
        let conn = rusqlite::Connection::open(&self.ledger).unwrap();
        let pending: i64 = conn
            .query_row("SELECT count(*) FROM runs WHERE state = 'pending'", [], |r| r.get(0))
            .unwrap();
        let at = match (pending > 0, published) {
            (false, false) => BEFORE_COMMIT,
            (true, false) => BEFORE_SWAP,
            (true, true) => AFTER_SWAP,
            (false, true) => AFTER_RUN,
        };
        if let Kill::At(step, lands) = kill {
            assert_eq!(at, lands, "seed {}: killed at {step}", self.seed);
        }
        *tally.entry(at).or_insert(0) += 1;
    }

    fn ledger_cmd(&self, args: &[&str]) -> std::process::Output {
        bin()
            .arg("ledger")
            .args(args)
            .arg("--ledger")
            .arg(&self.ledger)
            .args(["--lang", "en"])
            .output()
            .unwrap()
    }

    /// The ledger's requests by the employee's name: status and upload file.
    fn listed(&self) -> BTreeMap<String, (String, PathBuf)> {
        let listed = self.ledger_cmd(&["list", "--format", "json"]);
        assert_eq!(
            listed.status.code(),
            Some(0),
            "seed {}: {}",
            self.seed,
            stderr_text(&listed)
        );
        let mut by_name = BTreeMap::new();
        for r in stdout_json(&listed).as_array().unwrap() {
            let name = r["naam"].as_str().unwrap().to_string();
            let entry = (
                r["status"].as_str().unwrap().to_string(),
                PathBuf::from(r["upload"].as_str().unwrap()),
            );
            assert!(
                by_name.insert(name.clone(), entry).is_none(),
                "seed {}: {name} listed twice",
                self.seed
            );
        }
        by_name
    }

    /// `count` moments over a run of length `length`, one in each of
    /// `count` equal strata of its first 95 % (the steps of its publish
    /// are killed at for certain, see [`STEPS`]).
    fn moments(&mut self, length: Duration, count: u32) -> Vec<Duration> {
        (0..count)
            .map(|i| length.mul_f64((f64::from(i) + self.next_unit()) / f64::from(count) * 0.95))
            .collect()
    }

    /// xorshift64: a number in [0, 1).
    fn next_unit(&mut self) -> f64 {
        let mut x = self.seed;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.seed = x;
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What a published folder holds: its run's token and, per upload file, the
/// employees' names in it. Panics unless the folder is complete: every file
/// its marker names is there and the report counts what the uploads hold.
struct Folder {
    token: String,
    uploads: BTreeMap<String, Vec<String>>,
}

impl Folder {
    fn names(&self) -> BTreeSet<&str> {
        self.uploads.values().flatten().map(String::as_str).collect()
    }

    fn lines(&self) -> usize {
        self.uploads.values().map(Vec::len).sum()
    }
}

fn folder(out: &Path, seed: u64) -> Folder {
    let marker = read_json(&out.join(MARKER));
    for file in marker["files"].as_array().unwrap() {
        let file = file.as_str().unwrap();
        assert!(
            out.join(file).exists(),
            "seed {seed}: {file} missing from {}",
            out.display()
        );
    }
    let report = report(out);
    let mut uploads = BTreeMap::new();
    for name in files_in(out).into_iter().filter(|n| n.starts_with("wse-vov_")) {
        let names = upload_lines(&out.join(&name))
            .iter()
            .map(|line| line.split(';').nth(2).unwrap().to_string())
            .collect();
        uploads.insert(name, names);
    }
    let reported: u64 = report["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["rows"].as_u64().unwrap())
        .sum();
    let folder = Folder {
        token: marker["token"].as_str().unwrap().to_string(),
        uploads,
    };
    assert_eq!(
        reported,
        folder.lines() as u64,
        "seed {seed}: report and uploads disagree"
    );
    folder
}

/// The ledger after a kill: sound; every request of the folder's uploads
/// `prepared` there; every `prepared` request in an upload file that exists
/// and holds it; a `released` one in none; every request of the export
/// known once. Returns the names of the released requests.
fn assert_consistent(s: &Scene, out: &Folder) -> BTreeSet<String> {
    let conn = rusqlite::Connection::open(&s.ledger).unwrap();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok", "seed {}", s.seed);
    drop(conn);
    let listed = s.listed();
    assert_eq!(listed.len(), N as usize, "seed {}: every request known once", s.seed);
    let real = std::fs::canonicalize(&s.out).unwrap();
    let surviving = out.names();
    for (file, names) in &out.uploads {
        for name in names {
            let (status, upload) = &listed[name];
            assert_eq!(status, "prepared", "seed {}: {name} of {file}", s.seed);
            assert_eq!(upload, &real.join(file), "seed {}: {name}", s.seed);
        }
    }
    let mut held: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut released = BTreeSet::new();
    for (name, (status, upload)) in &listed {
        match status.as_str() {
            "prepared" => {
                let names = held.entry(upload.clone()).or_insert_with(|| {
                    assert!(
                        upload.exists(),
                        "seed {}: {name} prepared in {upload:?}, which is gone",
                        s.seed
                    );
                    upload_lines(upload)
                        .iter()
                        .map(|line| line.split(';').nth(2).unwrap().to_string())
                        .collect()
                });
                assert!(names.contains(name), "seed {}: {name} not in {upload:?}", s.seed);
            }
            "released" => {
                assert!(
                    !surviving.contains(name.as_str()),
                    "seed {}: {name} released but in an upload that survived",
                    s.seed
                );
                released.insert(name.clone());
            }
            other => panic!("seed {}: {name} is {other}", s.seed),
        }
    }
    released
}

/// A plain run into a new folder completes, prepares again exactly the
/// released requests and nothing that an upload of `--out` holds.
fn assert_plain_run_prepares_nothing_twice(s: &Scene, out: &Folder, released: &BTreeSet<String>, k: u32) -> PathBuf {
    let next = s.dir.path().join(format!("next-{k}"));
    let report = s.run(&next, &s.export, &[]);
    let accepted = summary(&report, "accepted");
    assert_eq!(
        accepted + summary(&report, "already_prepared"),
        u64::from(N),
        "seed {}",
        s.seed
    );
    let written = if next.exists() {
        folder(&next, s.seed)
    } else {
        Folder {
            token: String::new(),
            uploads: BTreeMap::new(),
        }
    };
    let again: BTreeSet<String> = written.names().into_iter().map(str::to_string).collect();
    assert_eq!(&again, released, "seed {}: prepared again", s.seed);
    assert_eq!(accepted as usize, released.len(), "seed {}", s.seed);
    assert!(
        again.iter().all(|name| !out.names().contains(name.as_str())),
        "seed {}: a request prepared twice",
        s.seed
    );
    next
}

/// Nothing of a killed run is left beside `--out` once a run into it ended.
fn assert_no_leftovers(s: &Scene) {
    let leftovers: Vec<String> = std::fs::read_dir(s.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("vov-bulk-new"))
        .collect();
    assert!(leftovers.is_empty(), "seed {}: {leftovers:?}", s.seed);
}

#[test]
fn a_replace_that_prepares_the_folders_requests_again_killed_at_any_moment() {
    let mut s = scene();
    s.run(&s.out.clone(), &s.export.clone(), &[]);
    let first = folder(&s.out, s.seed);
    assert_eq!(first.lines(), N as usize);
    let bytes: BTreeMap<String, Vec<u8>> = first
        .uploads
        .keys()
        .map(|name| (name.clone(), std::fs::read(s.out.join(name)).unwrap()))
        .collect();
    // How long a whole run takes here.
    let started = Instant::now();
    let report = s.run(&s.out.clone(), &s.export.clone(), &["--replace"]);
    let length = started.elapsed();
    assert_eq!(summary(&report, "accepted"), u64::from(N), "prepared again");
    let mut tally = BTreeMap::new();
    for (k, kill) in (0..).zip(kills(&mut s, length)) {
        let before = folder(&s.out, s.seed).token;
        s.kill(&s.export, &["--replace"], kill);
        let after = folder(&s.out, s.seed);
        s.moment(kill, after.token != before, &mut tally);
        // Old or new, the uploads are the same ones, whole.
        for (name, expected) in &bytes {
            assert_eq!(
                &std::fs::read(s.out.join(name)).unwrap(),
                expected,
                "seed {}: {name} after a kill {kill:?}",
                s.seed
            );
        }
        assert_eq!(after.uploads.len(), bytes.len(), "seed {}", s.seed);
        let released = assert_consistent(&s, &after);
        assert!(released.is_empty(), "seed {}: {released:?}", s.seed);
        // Every other kill, a plain run follows (it settles what the kill
        // left); else the next --replace meets it.
        if k % 2 == 1 {
            assert_plain_run_prepares_nothing_twice(&s, &after, &released, k);
        }
    }
    eprintln!("seed {}: killed {tally:?}", s.seed);
    let report = s.run(&s.out.clone(), &s.export.clone(), &["--replace"]);
    assert_eq!(summary(&report, "accepted"), u64::from(N));
    assert_no_leftovers(&s);
    let after = folder(&s.out, s.seed);
    let released = assert_consistent(&s, &after);
    assert_plain_run_prepares_nothing_twice(&s, &after, &released, 1000);
}

#[test]
fn a_replace_that_discards_unsubmitted_requests_killed_at_any_moment() {
    let mut s = scene();
    let discard = ["--replace", "--discard-unsubmitted"];
    s.run(&s.out.clone(), &s.export.clone(), &[]);
    let a_file = format!("wse-vov_{KBO_A}.csv");
    let b_file = format!("wse-vov_{KBO_B}.csv");
    let a_bytes = std::fs::read(s.out.join(&a_file)).unwrap();
    let b_bytes = std::fs::read(s.out.join(&b_file)).unwrap();
    // Back to A's and B's requests prepared in `--out`: B's, prepared again
    // in `next`, are released there and prepared again in `--out`.
    let restore = |s: &Scene, next: &Path| {
        let released = s.ledger_cmd(&["release", next.to_str().unwrap()]);
        assert_eq!(
            released.status.code(),
            Some(0),
            "seed {}: {}",
            s.seed,
            stderr_text(&released)
        );
        let report = s.run(&s.out, &s.export, &["--replace"]);
        assert_eq!(summary(&report, "accepted"), u64::from(N), "seed {}", s.seed);
        assert_eq!(std::fs::read(s.out.join(&b_file)).unwrap(), b_bytes);
    };
    // How long a whole run takes here.
    let started = Instant::now();
    let report = s.run(&s.out.clone(), &s.only_a.clone(), &discard);
    let length = started.elapsed();
    assert_eq!(report["ledger"]["released"], N / 2, "{}", report["ledger"]);
    assert_eq!(read_json(&s.out.join("report.json"))["ledger"]["released"], N / 2);
    let next = assert_plain_run_prepares_nothing_twice(&s, &folder(&s.out, s.seed), &released_names(&s), 100);
    restore(&s, &next);
    let mut tally = BTreeMap::new();
    for (k, kill) in (0..).zip(kills(&mut s, length)) {
        let before = folder(&s.out, s.seed).token;
        s.kill(&s.only_a, &discard, kill);
        let after = folder(&s.out, s.seed);
        let new = after.token != before;
        s.moment(kill, new, &mut tally);
        assert_eq!(std::fs::read(s.out.join(&a_file)).unwrap(), a_bytes, "seed {}", s.seed);
        if new {
            assert!(
                !s.out.join(&b_file).exists(),
                "seed {}: new outputs are A's only",
                s.seed
            );
        } else {
            assert_eq!(
                std::fs::read(s.out.join(&b_file)).unwrap(),
                b_bytes,
                "seed {}: the old outputs, whole, after a kill {kill:?}",
                s.seed
            );
        }
        let released = assert_consistent(&s, &after);
        // B's requests are released exactly when their upload went.
        assert_eq!(
            released.len(),
            if new { N as usize / 2 } else { 0 },
            "seed {}: a kill {kill:?}",
            s.seed
        );
        // A plain run after every kill that published (it prepares B's
        // requests again), else every other one.
        if new || k % 2 == 1 {
            let next = assert_plain_run_prepares_nothing_twice(&s, &after, &released, k);
            if new {
                restore(&s, &next);
            }
        }
    }
    eprintln!("seed {}: killed {tally:?}", s.seed);
    let report = s.run(&s.out.clone(), &s.only_a.clone(), &discard);
    assert_eq!(report["ledger"]["released"], N / 2, "{}", report["ledger"]);
    assert_no_leftovers(&s);
    let after = folder(&s.out, s.seed);
    let released = assert_consistent(&s, &after);
    assert_plain_run_prepares_nothing_twice(&s, &after, &released, 1000);
}

fn released_names(s: &Scene) -> BTreeSet<String> {
    s.listed()
        .into_iter()
        .filter(|(_, (status, _))| status == "released")
        .map(|(name, _)| name)
        .collect()
}
