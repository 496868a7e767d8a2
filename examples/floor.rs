//! The reference floor for the benchmarks: read every record of a CSV and write it back out.
//!
//! ```sh
//! cargo run --release --example floor -- INPUT OUTDIR
//! ```
//!
//! Reads INPUT (`;`-delimited; `-` for standard input) with the csv crate, reusing one
//! `ByteRecord`, and writes each record unchanged to `OUTDIR/floor.csv` (`;`, CRLF). No decoding,
//! no typing, no validation: it is the least any tool that reads and writes such a file must do,
//! so `vov-bulk prepare`'s time is reported as a multiple of this one (`scripts/bench.sh`).

use std::fs::{self, File};
use std::io::{self, BufReader, Read};
use std::path::Path;
use std::process::ExitCode;

use csv::{ByteRecord, ReaderBuilder, Terminator, WriterBuilder};

fn run(input: &str, outdir: &Path) -> Result<u64, Box<dyn std::error::Error>> {
    let source: Box<dyn Read> = if input == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(input).map_err(|e| format!("{input}: {e}"))?)
    };
    // No header handling: the header line is copied like any other record. `flexible` because the
    // floor must not stop at a record with a wrong field count, which the tool reports and passes.
    let mut reader = ReaderBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .has_headers(false)
        .buffer_capacity(1 << 16)
        .from_reader(BufReader::with_capacity(1 << 16, source));

    fs::create_dir_all(outdir).map_err(|e| format!("{}: {e}", outdir.display()))?;
    let path = outdir.join("floor.csv");
    let mut writer = WriterBuilder::new()
        .delimiter(b';')
        .terminator(Terminator::CRLF)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_path(&path)
        .map_err(|e| format!("{}: {e}", path.display()))?;

    let mut record = ByteRecord::new();
    let mut records = 0u64;
    while reader.read_byte_record(&mut record)? {
        writer.write_byte_record(&record)?;
        records += 1;
    }
    writer.flush()?;
    Ok(records)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, outdir] = args.as_slice() else {
        eprintln!("usage: floor INPUT OUTDIR");
        return ExitCode::from(2);
    };
    match run(input, Path::new(outdir)) {
        Ok(records) => {
            eprintln!("floor: {records} records (header included) copied to {outdir}/floor.csv");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("floor: {e}");
            ExitCode::FAILURE
        }
    }
}
