//! Arbitrary bytes as a CSV input: the streaming reader (encoding detection,
//! line splitting, record parsing, header mapping) and then the validator on
//! every row it hands out. Nothing may panic; rows come out in line order and
//! are all counted.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

use vov_bulk::lang::Lang;
use vov_bulk::reader::csv_input::CsvRows;
use vov_bulk::reader::RowSource;
use vov_bulk::rules::Context;
use vov_bulk::schema::InputSchema;
use vov_bulk::validate::validate_row;

/// Built once: parsing the embedded schema is not what is being fuzzed.
static SCHEMA: OnceLock<InputSchema> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let schema = SCHEMA.get_or_init(InputSchema::builtin);
    let ctx = Context {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date"),
        warn_days: 14,
        lang: Lang::En,
    };
    let reader = Box::new(std::io::Cursor::new(data.to_vec()));
    // A fatal problem with the header (F001-F004, F006) is a clean outcome.
    let Ok(mut rows) = CsvRows::open(reader, "fuzz.csv", 0, schema, None, None, Lang::En) else {
        return;
    };
    let mut count = 0;
    let mut last_line = 0;
    while let Some(row) = rows.next_row() {
        match row {
            Ok(row) => {
                assert!(row.source.line > last_line, "rows out of line order");
                last_line = row.source.line;
                count += 1;
                let outcome = validate_row(row, schema, &ctx);
                for d in &outcome.diagnostics {
                    assert!(!d.message.is_empty() && !d.help.is_empty(), "{d:?}");
                }
            }
            // F001/F002 in the middle of the file stop the run cleanly.
            Err(fatal) => {
                assert!(fatal.code == "F001" || fatal.code == "F002", "{fatal}");
                return;
            }
        }
    }
    assert_eq!(rows.info().rows, count, "every row handed out is counted");
});
