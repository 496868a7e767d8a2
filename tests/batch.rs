//! A generated batch of 3000 rows over several employers with mixed
//! defects: the counts add up, every rejected row lands once in
//! rejected.csv, every accepted row once in an upload, and the output is
//! byte-identical from run to run and whatever `--jobs`. A larger batch
//! proves by source line that no row is lost or doubled.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::*;

const ROWS: usize = 3000;

/// A small deterministic generator (64-bit LCG, Knuth's constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Defect {
    None,
    BadKbo,
    BadInsz,
    BadDate,
    Duplicate,
    EmptyRequired,
    TooLate,
    ShortRow,
}

/// The generated CSV and, per data line, the defect it was given.
struct Generated {
    text: String,
    defects: BTreeMap<u64, Defect>,
    employers: Vec<String>,
    /// The employee's name of each line without a defect (unique per line).
    names: BTreeMap<u64, String>,
}

fn generate() -> Generated {
    generate_rows(ROWS, 20_261_122)
}

fn generate_rows(rows: usize, seed: u64) -> Generated {
    let mut rng = Lcg(seed);
    let employers: Vec<String> = [4_031_707, 2_022_399, 1_000_001, 345_678, 9_876_543, 1_234_567]
        .iter()
        .map(|&n| kbo(n))
        .collect();
    let starts = ["01/10/2026", "15/09/2026", "01/11/2026", "2026-10-15", "1/12/2026"];
    let mut text = String::from(HEADER);
    text.push('\n');
    let mut defects = BTreeMap::new();
    let mut valid: Vec<String> = Vec::new();
    let mut names = BTreeMap::new();
    for i in 0..rows {
        let line = i as u64 + 2;
        let mut row = Row {
            kbo: employers[rng.below(employers.len() as u64) as usize].clone(),
            start: starts[rng.below(starts.len() as u64) as usize].to_string(),
            aantal: match rng.below(3) {
                0 => format!("{}", 32 + rng.below(89)),
                1 => format!("{},5", 32 + rng.below(80)),
                _ => format!("{}.25", 32 + rng.below(80)),
            },
            ..Row::nth(i as u32)
        };
        let roll = rng.below(100);
        let defect = match roll {
            0..=59 => Defect::None,
            60..=64 => Defect::BadKbo,
            65..=69 => Defect::BadInsz,
            70..=74 => Defect::BadDate,
            75..=81 if !valid.is_empty() => Defect::Duplicate,
            75..=81 => Defect::None,
            82..=86 => Defect::EmptyRequired,
            87..=92 => Defect::TooLate,
            _ => Defect::ShortRow,
        };
        let record = match defect {
            Defect::None => {
                names.insert(line, row.naam.clone());
                let record = row.line(';');
                valid.push(record.clone());
                record
            }
            Defect::BadKbo => {
                let (first8, check) = row.kbo.split_at(8);
                let check: u32 = check.parse().unwrap();
                row.kbo = format!("{first8}{:02}", if check >= 97 { 1 } else { check + 1 });
                row.line(';')
            }
            Defect::BadInsz => {
                row.insz = bad_insz(&row.insz);
                row.line(';')
            }
            Defect::BadDate => {
                if rng.below(2) == 0 {
                    row.start = "31/02/2027".into();
                } else {
                    row.end = "2027-13-01".into();
                }
                row.line(';')
            }
            Defect::Duplicate => valid[rng.below(valid.len() as u64) as usize].clone(),
            Defect::EmptyRequired => {
                match rng.below(3) {
                    0 => row.naam.clear(),
                    1 => row.odb.clear(),
                    _ => row.aantal.clear(),
                }
                row.line(';')
            }
            Defect::TooLate => {
                row.start = "01/06/2026".into();
                row.end = "31/08/2026".into();
                row.line(';')
            }
            Defect::ShortRow => row.cells()[..7].join(";"),
        };
        defects.insert(line, defect);
        text.push_str(&record);
        text.push('\n');
    }
    Generated {
        text,
        defects,
        employers,
        names,
    }
}

/// Runs prepare in a fresh directory on `in/batch.csv` with `--out out`
/// (relative paths, so that two runs write the same bytes).
fn run(generated: &Generated, jobs: Option<&str>) -> (tempfile::TempDir, i32) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    write(&dir.path().join("in"), "batch.csv", &generated.text);
    let mut cmd = bin();
    cmd.current_dir(dir.path()).args([
        "prepare",
        "--as-of",
        AS_OF,
        "--out",
        "out",
        "in/batch.csv",
        "--format",
        "json",
        // Each run its own ledger, named alike: the report names it.
        "--ledger",
        "ledger.sqlite",
    ]);
    if let Some(jobs) = jobs {
        cmd.args(["--jobs", jobs]);
    }
    let output = cmd.output().unwrap();
    (dir, output.status.code().expect("exit code"))
}

fn out_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let out = dir.join("out");
    files_in(&out)
        .into_iter()
        .map(|name| {
            let bytes = std::fs::read(out.join(&name)).unwrap();
            (name, bytes)
        })
        .collect()
}

fn upload_paths(dir: &Path) -> Vec<PathBuf> {
    files_in(&dir.join("out"))
        .into_iter()
        .filter(|n| n.starts_with("wse-vov_"))
        .map(|n| dir.join("out").join(n))
        .collect()
}

#[test]
fn generated_batch_adds_up() {
    let generated = generate();
    let (dir, code) = run(&generated, None);
    assert_eq!(code, 1);
    let report = report(&dir.path().join("out"));

    let expected_accepted = generated.defects.values().filter(|d| **d == Defect::None).count() as u64;
    let kinds: BTreeSet<Defect> = generated.defects.values().copied().collect();
    assert_eq!(kinds.len(), 8, "every kind of defect occurs");
    assert_eq!(summary(&report, "rows"), ROWS as u64);
    assert_eq!(report["inputs"][0]["rows"], ROWS as u64);
    assert_eq!(summary(&report, "accepted") + summary(&report, "rejected"), ROWS as u64);
    assert_eq!(summary(&report, "accepted"), expected_accepted);

    // The rejected lines are exactly the lines given a defect.
    let rejected_lines: BTreeSet<u64> = lines_with_status(&report, "rejected").into_iter().collect();
    let defect_lines: BTreeSet<u64> = generated
        .defects
        .iter()
        .filter(|(_, d)| **d != Defect::None)
        .map(|(l, _)| *l)
        .collect();
    assert_eq!(rejected_lines, defect_lines);

    // Each defect gives its code.
    let expected_code = |d: Defect| match d {
        Defect::None => unreachable!(),
        Defect::BadKbo => "V101",
        Defect::BadInsz => "V102",
        Defect::BadDate => "V104",
        Defect::Duplicate => "X301",
        Defect::EmptyRequired => "V106",
        Defect::TooLate => "R204",
        Defect::ShortRow => "F005",
    };
    for (line, codes) in report_rows(&report) {
        let defect = generated.defects[&line];
        if defect != Defect::None {
            assert!(
                codes.iter().any(|c| c == expected_code(defect)),
                "line {line} ({defect:?}) has {codes:?}"
            );
        }
    }
}

#[test]
fn generated_batch_every_row_lands_once() {
    let generated = generate();
    let (dir, _) = run(&generated, None);
    let out = dir.path().join("out");
    let report = report(&out);

    // rejected.csv: each rejected line exactly once in `bron`.
    let rejected = read_csv(&out.join("rejected.csv"));
    let bron = column(&rejected, "bron");
    assert_eq!(bron.len() as u64, summary(&report, "rejected"));
    let mut seen = BTreeMap::new();
    for b in &bron {
        let line: u64 = b
            .strip_prefix("in/batch.csv:")
            .unwrap_or_else(|| panic!("bron {b}"))
            .parse()
            .unwrap();
        *seen.entry(line).or_insert(0) += 1;
    }
    assert!(seen.values().all(|n| *n == 1), "a line twice in rejected.csv");
    let rejected_lines: BTreeSet<u64> = lines_with_status(&report, "rejected").into_iter().collect();
    assert_eq!(seen.keys().copied().collect::<BTreeSet<_>>(), rejected_lines);

    // Uploads: one per employer with accepted rows, rows of that employer
    // only, every accepted row once.
    let mut total = 0;
    let mut all_rows = BTreeSet::new();
    let uploads = upload_paths(dir.path());
    assert!(uploads.len() > 1 && uploads.len() <= generated.employers.len());
    for path in &uploads {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let kbo = name.trim_start_matches("wse-vov_").trim_end_matches(".csv").to_string();
        assert!(generated.employers.contains(&kbo), "{name}");
        for line in upload_lines(path) {
            assert!(line.starts_with(&format!("{kbo};")), "{name}: {line}");
            assert!(all_rows.insert(line.clone()), "a row twice in the uploads: {line}");
            total += 1;
        }
    }
    assert_eq!(total, summary(&report, "accepted"));
    let listed: u64 = report["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["rows"].as_u64().unwrap())
        .sum();
    assert_eq!(listed, total);
}

#[test]
fn generated_batch_is_byte_identical_between_runs_and_jobs() {
    let generated = generate();
    let (first, _) = run(&generated, None);
    let (second, _) = run(&generated, None);
    let (one, _) = run(&generated, Some("1"));
    let (two, _) = run(&generated, Some("2"));
    let reference = out_files(first.path());
    // rejected.csv, rejected.xlsx, report.json and report.html.
    assert_eq!(reference.len(), upload_paths(first.path()).len() + 4);
    for (what, other) in [("second run", &second), ("--jobs 1", &one), ("--jobs 2", &two)] {
        let files = out_files(other.path());
        assert_eq!(
            files.keys().collect::<Vec<_>>(),
            reference.keys().collect::<Vec<_>>(),
            "{what}: same files"
        );
        for (name, bytes) in &reference {
            assert!(files[name] == *bytes, "{what}: {name} differs");
        }
    }
}

/// 40,000 mixed rows: every data line lands in exactly one output, found by
/// its source line (`bron` in rejected.csv; in an upload, by the employee's
/// name, which the generator makes unique per line).
#[test]
fn large_mixed_batch_every_line_lands_in_exactly_one_output() {
    const LARGE: usize = 40_000;
    let generated = generate_rows(LARGE, 4_242);
    let (dir, code) = run(&generated, None);
    assert_eq!(code, 1);
    let out = dir.path().join("out");
    let report = report(&out);
    assert_eq!(summary(&report, "rows"), LARGE as u64);
    assert_eq!(
        summary(&report, "accepted") + summary(&report, "rejected"),
        LARGE as u64
    );

    let mut landed: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for b in column(&read_csv(&out.join("rejected.csv")), "bron") {
        let line: u64 = b
            .strip_prefix("in/batch.csv:")
            .and_then(|l| l.parse().ok())
            .unwrap_or_else(|| panic!("bron {b}"));
        landed.entry(line).or_default().push("rejected.csv".into());
    }
    let line_of_name: BTreeMap<&str, u64> = generated.names.iter().map(|(l, n)| (n.as_str(), *l)).collect();
    for path in upload_paths(dir.path()) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for row in upload_lines(&path) {
            let naam = row.split(';').nth(2).unwrap_or_default();
            let line = *line_of_name
                .get(naam)
                .unwrap_or_else(|| panic!("{name}: a row of no defect-free line: {row}"));
            landed.entry(line).or_default().push(name.clone());
        }
    }
    let data_lines: Vec<u64> = (2..LARGE as u64 + 2).collect();
    assert_eq!(
        landed.keys().copied().collect::<Vec<_>>(),
        data_lines,
        "every line lands"
    );
    for (line, outputs) in &landed {
        assert_eq!(outputs.len(), 1, "line {line} is in {outputs:?}");
        let accepted = generated.defects[line] == Defect::None;
        assert_eq!(outputs[0] != "rejected.csv", accepted, "line {line} in {outputs:?}");
    }
}
