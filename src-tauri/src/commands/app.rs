//! App-level commands: what the UI needs at start (version, data folder, whether the store
//! opened, first run or not, settings and the lists, in one call) and loading the demo case.

use expediente_core::{CaseSummary, Claimant, Company, Id};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use super::settings::{self, Settings};
use crate::error::{CmdResult, IpcError};
use crate::state::{emit_changed, AppState};

#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    /// Why the store could not be opened; the UI shows it instead of the app.
    pub startup_error: Option<IpcError>,
    /// No claimant and no case yet: show the welcome screen.
    pub first_run: bool,
    pub default_claimant: Option<Id>,
}

/// Everything the window shows outside a case, in one round trip: read at start (so the
/// first screen paints once, with its data) and again after every change.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct AppSnapshot {
    pub info: AppInfo,
    pub settings: Settings,
    /// Empty when the store could not be opened.
    pub cases: Vec<CaseSummary>,
    pub claimants: Vec<Claimant>,
    pub companies: Vec<Company>,
}

/// Async, so reading the store runs beside the window's start-up work on the main thread.
#[tauri::command]
pub async fn app_snapshot(state: State<'_, AppState>) -> CmdResult<AppSnapshot> {
    let settings = settings::load(state.data_dir());
    let info = info_of(&state)?;
    if info.startup_error.is_some() {
        return Ok(AppSnapshot {
            info,
            settings,
            cases: Vec::new(),
            claimants: Vec::new(),
            companies: Vec::new(),
        });
    }
    let (cases, claimants, companies) =
        state.with(|s| Ok((s.case_summaries()?, s.claimants()?, s.companies()?)))?;
    Ok(AppSnapshot {
        info,
        settings,
        cases,
        claimants,
        companies,
    })
}

fn info_of(state: &AppState) -> CmdResult<AppInfo> {
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
        let first = s.claimants()?.is_empty() && s.cases()?.is_empty();
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
