//! App-level commands: what the UI needs at start (version, data folder, whether the store
//! opened, first run or not) and loading the demo case.

use expediente_core::Id;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::error::{CmdResult, IpcError};
use crate::state::{emit_changed, AppState};

#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    /// Why the store could not be opened; the UI shows it instead of the app.
    pub startup_error: Option<IpcError>,
    /// No claimant and no case yet: show the welcome screen.
    pub first_run: bool,
    pub default_claimant: Option<Id>,
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    let version = env!("CARGO_PKG_VERSION").to_string();
    let data_dir = state.data_dir().display().to_string();
    if let Some(e) = state.startup_error() {
        return Ok(AppInfo {
            version,
            data_dir,
            startup_error: Some(e.clone()),
            first_run: false,
            default_claimant: None,
        });
    }
    let (first_run, default_claimant) = state.with(|s| {
        let first = s.claimants()?.is_empty() && s.case_summaries()?.is_empty();
        Ok((first, s.default_claimant()?))
    })?;
    Ok(AppInfo {
        version,
        data_dir,
        startup_error: None,
        first_run,
        default_claimant,
    })
}

/// Loads the sample case (a realistic Spanish dispute) and returns its id.
#[tauri::command]
pub fn load_demo<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<Id> {
    let id = state.with_mut(|s| s.load_demo())?;
    emit_changed(&app, "demo", Some(id.to_string()));
    Ok(id)
}
