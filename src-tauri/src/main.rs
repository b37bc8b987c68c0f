//! Expediente's desktop binary: parses the command line and hands over to the shell library.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    expediente_app::memory::tune_allocator();
    expediente_app::rendering::choose();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match expediente_app::args::parse(&args) {
        Ok(opts) => expediente_app::run(opts),
        Err(e) => {
            eprintln!("expediente: {e}\n\n{}", expediente_app::args::USAGE);
            std::process::exit(2);
        }
    }
}
