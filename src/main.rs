// The reader and validator allocate many small strings per row; mimalloc
// handles that pattern markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (the 16th entry of `mi_option_e` in the
/// `mimalloc.h` of both v2 and v3): how long freed memory stays committed
/// before it goes back to the system (default 10 ms). Rows are allocated on
/// one thread and freed on another, chunk after chunk. Measured on the
/// 1,000,000-row synthetic file (2 cores): 0 ms gave 8.7-9.0 s and 143-147
/// MiB, 10 ms 8.4 s and 145 MiB, 100 ms 8.2 s and 146-150 MiB, 1 s 8.0 s and
/// 164-168 MiB, never 7.9 s and 174-178 MiB. 100 ms keeps most of the time
/// without the memory growing with the run.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // SAFETY: sets a plain integer option; mimalloc allows it at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 100) };
    std::process::exit(vov_bulk::cli::main());
}
