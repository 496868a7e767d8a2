//! `examples/hook.rs`, the payroll hook that checks records it holds in
//! memory through the library, runs and says per record what became of it.
//! (`cargo test` builds the examples next to the test binaries.)

use std::path::PathBuf;
use std::process::Command;

fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    // target/<profile>/deps/hook-<hash> -> target/<profile>/examples/<name>
    let profile = exe.parent().and_then(|deps| deps.parent()).expect("target/<profile>");
    profile
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

#[test]
fn the_hook_example_reports_every_record_with_its_findings() {
    let path = example("hook");
    assert!(
        path.exists(),
        "{} not built (cargo test builds the examples)",
        path.display()
    );
    let output = Command::new(&path).output().expect("run the hook example");
    let stdout = String::from_utf8_lossy(&output.stdout);
    // Record 2 has a bad INSZ and record 3 repeats record 1: exit 1.
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let lines: Vec<&str> = stdout.lines().filter(|l| l.starts_with("line ")).collect();
    assert_eq!(
        lines,
        vec![
            "line 1: accepted",
            "line 2: rejected",
            "line 3: rejected",
            "line 4: accepted"
        ],
        "{stdout}"
    );
    assert!(
        stdout.contains("  V102 error: werknemer_insz '850730-xxx-xx'"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  X301 error: same request as payroll-hook:1"),
        "{stdout}"
    );
    assert!(stdout.contains("  R203 warning:"), "{stdout}");
    assert!(
        stdout.ends_with("4 records: 2 accepted (1 with a warning), 2 rejected\n"),
        "{stdout}"
    );
    // The national numbers are masked in what the hook prints.
    assert!(!stdout.contains("85073003329"), "{stdout}");
}
