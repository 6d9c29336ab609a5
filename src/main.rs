//! The `sluice` binary: the command line (and, without arguments, the designer window).

fn main() -> std::process::ExitCode {
    sluice::cli::main()
}
