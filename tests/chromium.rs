//! `report.html` in a real browser: headless Chromium renders the bundled
//! sample's page to a screenshot that is not blank, and prints it to PDF.
//!
//! Skipped with a note when Chromium is not installed; under CI (the `CI`
//! environment variable set) a missing Chromium fails the test, since
//! `.ci/run` installs it.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

fn chromium() -> Option<PathBuf> {
    let fixed = PathBuf::from("/usr/bin/chromium");
    if fixed.exists() {
        return Some(fixed);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Runs Chromium headless on `page` with `args`, killed after two minutes.
fn run_chromium(chromium: &Path, profile: &Path, page: &Path, args: &[String]) {
    let mut child = Command::new(chromium)
        .args(["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", chromium.display()));
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium {args:?}: {status}");
            return;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium {args:?} did not finish in two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The share of pixels that are not (near) white.
fn ink(png_path: &Path) -> f64 {
    let file = std::fs::File::open(png_path).unwrap();
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut buffer = vec![0; reader.output_buffer_size().expect("a screenshot of a sane size")];
    let info = reader.next_frame(&mut buffer).unwrap();
    let channels = info.color_type.samples();
    let pixels = &buffer[..info.buffer_size()];
    let total = pixels.len() / channels;
    let inked = pixels
        .chunks(channels)
        .filter(|p| p.iter().take(3.min(channels)).any(|&c| c < 230))
        .count();
    inked as f64 / total.max(1) as f64
}

#[test]
fn report_html_renders_in_headless_chromium_and_prints_to_pdf() {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but Chromium is missing: .ci/run installs the Debian package chromium"
        );
        eprintln!("note: chromium is not installed; report.html is not rendered (install the package chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/payroll-november.csv");
    let out = dir.path().join("out");
    prepare(&out, [&sample]).arg("--no-ledger").assert().code(1);
    let page = out.join("report.html");
    let profile = dir.path().join("profile");

    let shot = dir.path().join("report.png");
    run_chromium(
        &chromium,
        &profile,
        &page,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1200,1600".to_string(),
            "--hide-scrollbars".to_string(),
        ],
    );
    let share = ink(&shot);
    assert!(
        share > 0.02,
        "the screenshot is nearly blank: {:.2}% ink",
        share * 100.0
    );

    let pdf = dir.path().join("report.pdf");
    run_chromium(
        &chromium,
        &profile,
        &page,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".to_string(),
        ],
    );
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("{}: {e}", pdf.display()));
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    assert!(bytes.len() > 2_000, "a PDF with content: {} bytes", bytes.len());
}
