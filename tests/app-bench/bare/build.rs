//! Build script: lets tauri-build read `tauri.conf.json` and the icons.

fn main() {
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new()) {
        // A build script reports through its exit status; there is no caller to return to.
        eprintln!("tauri-build failed: {e:#}");
        std::process::exit(1);
    }
}
