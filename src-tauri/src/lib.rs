//! Expediente's desktop shell. This file only wires: it opens the store, registers the
//! plugins and the commands (one module per feature in [`commands`]) and starts the window.
//! The domain lives in `expediente-core`; nothing here decides what a case or attempt is.

pub mod args;
pub mod commands;
pub mod config;
pub mod dialogs;
pub mod drops;
pub mod error;
pub mod memory;
pub mod rendering;
pub mod state;

use std::path::PathBuf;

use tauri::{Builder, Manager, Runtime, WebviewEvent};

use crate::state::AppState;

/// Identifier used by debug (dev and test) builds, so they never share the web view's
/// storage with an installed Expediente.
pub const DEV_IDENTIFIER: &str = "org.expediente.app.dev";

/// The label of the app's one window (its settings are in tauri.conf.json).
pub const MAIN_WINDOW: &str = "main";

/// Registers the plugins and every command on `builder`. Shared by [`run`] and the tests,
/// which manage the [`AppState`] themselves.
pub fn wire<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    use commands::*;
    builder
        .manage(drops::Drops::default())
        // Dropped files' paths stay in Rust (see `drops`): the page gets a token.
        .on_window_event(|window, event| drops::on_window_event(window.app_handle(), event))
        .on_webview_event(|webview, event| {
            if let WebviewEvent::DragDrop(e) = event {
                drops::on_drag_drop(webview.app_handle(), e);
            }
        })
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(commands::import::PendingImport::default())
        .manage(commands::capture::PendingCapture::default())
        .invoke_handler(tauri::generate_handler![
            app::app_snapshot,
            app::open_demo,
            app::leave_demo,
            cases::list_cases,
            cases::get_case,
            cases::create_case,
            cases::create_case_with_company,
            cases::revise_case,
            cases::revise_case_with_company,
            cases::archive_case,
            cases::unarchive_case,
            cases::search,
            cases::verify_case,
            guidance::case_guidance,
            attempts::attempt_page,
            attempts::log_attempt,
            attempts::revise_attempt,
            attempts::record_history,
            evidence::list_evidence,
            evidence::add_evidence,
            evidence::add_dropped_evidence,
            evidence::attach_again,
            evidence::withdraw_evidence,
            evidence::evidence_image,
            evidence::paste_evidence,
            evidence::open_evidence,
            directory::list_claimants,
            directory::create_claimant,
            directory::revise_claimant,
            directory::set_default_claimant,
            directory::list_companies,
            directory::create_company,
            directory::revise_company,
            export::export_case_json,
            export::export_dossier_pdf,
            export::backup_data,
            import::choose_case_file,
            import::import_case_file,
            import::forget_case_file,
            capture::choose_capture_files,
            capture::import_capture,
            capture::reread_capture,
            capture::forget_capture,
            restore::restore_backup,
            export::open_export,
            export::reveal_export,
            settings::set_settings,
            settings::data_location,
            settings::open_data_dir,
            settings::choose_data_dir,
        ])
}

/// The data folder and where it came from: `--data-dir`, else `$EXPEDIENTE_DATA_DIR`, else
/// the folder chosen in Settings (the config file in `config_dir`), else the OS folder — with
/// a `-dev` suffix in debug builds so development never touches a user's real data.
pub fn data_dir(
    opts: &args::Options,
    config_dir: Option<&std::path::Path>,
) -> Result<(PathBuf, state::DataDirSource), String> {
    use state::DataDirSource;
    if let Some(d) = &opts.data_dir {
        return Ok((d.clone(), DataDirSource::Flag));
    }
    if let Some(d) =
        std::env::var_os(expediente_core::store::DATA_DIR_ENV).filter(|v| !v.is_empty())
    {
        return Ok((PathBuf::from(d), DataDirSource::Env));
    }
    if let Some(d) = config_dir.and_then(|c| config::load(c).data_dir) {
        return Ok((d, DataDirSource::Config));
    }
    let dir = expediente_core::store::resolve_data_dir(None).map_err(|e| e.to_string())?;
    if cfg!(debug_assertions) {
        let mut name = dir
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        name.push("-dev");
        return Ok((dir.with_file_name(name), DataDirSource::Default));
    }
    Ok((dir, DataDirSource::Default))
}

/// Opens the store (or, with `--demo`, the sample case's own store) and runs the app.
pub fn run(opts: args::Options) {
    let mut context = tauri::generate_context!();
    if cfg!(debug_assertions) {
        context.config_mut().identifier = DEV_IDENTIFIER.to_string();
    }
    let config_dir = config::dir_for(&context.config().identifier);
    let (dir, source) = match data_dir(&opts, config_dir.as_deref()) {
        Ok(found) => found,
        Err(e) => {
            eprintln!("expediente: {e}");
            std::process::exit(1);
        }
    };
    // The store is opened and the first screen's data read on their own thread while Tauri
    // and GTK start; the window (`"create": false` in tauri.conf.json) is made once it is
    // ready, with it.
    let demo = opts.demo;
    let reading = std::thread::spawn(move || {
        let state = AppState::open(&dir).with_location(source, config_dir);
        if let Some(e) = state.startup_error() {
            eprintln!("expediente: cannot open the data store: {}", e.message);
        } else if demo {
            if let Err(e) = state.enter_demo() {
                eprintln!("expediente: could not open the demo case: {}", e.message);
            }
        }
        let script = commands::app::start_script(&state);
        (state, script)
    });
    let result = wire(Builder::default())
        .setup(move |app| {
            let (state, start_script) = reading.join().map_err(|_| "the start-up read failed")?;
            app.manage(state);
            let config = app
                .config()
                .app
                .windows
                .iter()
                .find(|w| w.label == MAIN_WINDOW)
                .ok_or("tauri.conf.json has no main window")?
                .clone();
            tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?
                .initialization_script(start_script)
                .build()?;
            Ok(())
        })
        .run(context);
    if let Err(e) = result {
        eprintln!("expediente: the window could not start: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod wiring_tests;
