// The reader and validator allocate many small strings per row; mimalloc
// handles that pattern markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(vov_bulk::cli::main());
}
