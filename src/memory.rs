//! The process's resident memory, where the system tells it (Linux), for
//! the stage lines of `-vv` and the benchmarks: where a batch's memory goes.

/// Current and peak resident memory in KiB (`VmRSS`, `VmHWM`).
pub fn resident_kib() -> (Option<u64>, Option<u64>) {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return (None, None);
    };
    let read = |key: &str| {
        let line = status.lines().find(|l| l.starts_with(key))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    (read("VmRSS:"), read("VmHWM:"))
}

/// The peak resident memory so far, in KiB.
pub fn peak_kib() -> Option<u64> {
    resident_kib().1
}
