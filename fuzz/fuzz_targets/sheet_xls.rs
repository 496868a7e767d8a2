//! Arbitrary bytes as a .xls workbook: see `sheet_common.rs`.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "sheet_common.rs"]
mod sheet_common;

fuzz_target!(|data: &[u8]| {
    sheet_common::read_sheet(data, "xls");
});
