//! Shared by the spreadsheet targets: arbitrary bytes written to a file with
//! the given extension, read through `reader::open` (the bounds, calamine,
//! the header mapping) and every row typed and checked. Nothing may panic,
//! and nothing may take more memory than libFuzzer's `-rss_limit_mb`.

use std::io::Write;
use std::sync::OnceLock;

use vov_bulk::lang::Lang;
use vov_bulk::reader::{self, ReadOptions};
use vov_bulk::rules::Context;
use vov_bulk::schema::InputSchema;
use vov_bulk::validate::validate_row;

static SCHEMA: OnceLock<InputSchema> = OnceLock::new();
static QUIET_PANICS: OnceLock<()> = OnceLock::new();
static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();

pub fn read_sheet(data: &[u8], extension: &str) {
    // libfuzzer-sys's hook aborts on every panic, also on one that the
    // reader catches on purpose (calamine panics on some corrupt files, and
    // vov-bulk turns that into F001). A panic that escapes the reader still
    // ends the run: libfuzzer-sys aborts when the target unwinds.
    QUIET_PANICS.get_or_init(|| std::panic::set_hook(Box::new(|_| {})));
    let schema = SCHEMA.get_or_init(InputSchema::builtin);
    let dir = DIR.get_or_init(|| tempfile::tempdir().expect("a temporary folder"));
    let path = dir.path().join(format!("fuzz.{extension}"));
    let Ok(mut file) = std::fs::File::create(&path) else {
        return;
    };
    if file.write_all(data).is_err() {
        return;
    }
    drop(file);
    let ctx = Context {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date"),
        warn_days: 14,
        lang: Lang::En,
    };
    let options = ReadOptions {
        lang: Lang::En,
        ..ReadOptions::default()
    };
    let Some(path) = path.to_str() else {
        return;
    };
    // F001 (corrupt, too large, encrypted), F003, F006, F007: clean outcomes.
    let Ok(mut rows) = reader::open(path, 0, schema, &options) else {
        return;
    };
    while let Some(row) = rows.next_row() {
        match row {
            Ok(row) => {
                let outcome = validate_row(row, schema, &ctx);
                for d in &outcome.diagnostics {
                    assert!(!d.message.is_empty() && !d.help.is_empty(), "{d:?}");
                }
            }
            Err(fatal) => {
                assert!(fatal.code.as_str().starts_with('F'), "{fatal}");
                return;
            }
        }
    }
}
