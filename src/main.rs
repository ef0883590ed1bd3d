//! Thin shell over the library: everything, including error printing, lives in `lib.rs`.

fn main() {
    std::process::exit(beratungsreport::hauptprogramm(std::env::args_os()));
}
