fn main() {
    std::process::exit(vov_bulk::cli::main());
}
