//! A bare Tauri 2 window showing a trivial page (`dist/index.html`): no commands, no plugins,
//! no state. The app benchmark launches it beside Expediente to compare start time and memory
//! on the same machine in the same run.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(e) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("the bare window failed to run: {e}");
        std::process::exit(1);
    }
}
