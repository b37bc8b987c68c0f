//! Settings commands: the UI language ("auto" follows the OS) and date format, kept in
//! `settings.json` in the data folder so they travel with the data; and the data folder
//! itself — where it is, opening it, and choosing another one for the next start.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::config;
use crate::dialogs;
use crate::error::{CmdResult, IpcError};
use crate::state::{AppState, DataDirSource};

const FILE: &str = "settings.json";
const LANGUAGES: [&str; 3] = ["auto", "es", "en"];
/// "21 nov 2026", "21/11/2026", "2026-11-21".
const DATE_FORMATS: [&str; 3] = ["short", "numeric", "iso"];

/// The largest embed limit one can choose (a bigger file is refused as evidence anyway).
const MAX_EMBED_LIMIT_MB: u32 = 100_000;

fn default_date_format() -> String {
    "short".into()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Settings {
    /// "auto", "es" or "en".
    #[ts(type = "'auto' | 'es' | 'en'")]
    pub language: String,
    /// "short", "numeric" or "iso" (files from older versions have none: "short").
    #[serde(default = "default_date_format")]
    #[ts(type = "'short' | 'numeric' | 'iso'")]
    pub date_format: String,
    /// Evidence files over this many MiB stay out of the exported PDF (listed there with
    /// their SHA-256); `None`: every file goes inside.
    #[serde(default)]
    pub embed_limit_mb: Option<u32>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: "auto".into(),
            date_format: default_date_format(),
            embed_limit_mb: None,
        }
    }
}

fn check(s: &Settings) -> CmdResult<()> {
    if !LANGUAGES.contains(&s.language.as_str()) {
        return Err(IpcError::field(
            "settings.language",
            "invalid",
            "must be auto, es or en",
        ));
    }
    if !DATE_FORMATS.contains(&s.date_format.as_str()) {
        return Err(IpcError::field(
            "settings.date_format",
            "invalid",
            "must be short, numeric or iso",
        ));
    }
    if let Some(mb) = s.embed_limit_mb {
        if !(1..=MAX_EMBED_LIMIT_MB).contains(&mb) {
            return Err(IpcError::field(
                "settings.embed_limit_mb",
                "out_of_range",
                "must be between 1 and 100000 MB",
            ));
        }
    }
    Ok(())
}

/// Reads the settings; a missing or unreadable file gives the defaults.
pub fn load(dir: &std::path::Path) -> Settings {
    std::fs::read(dir.join(FILE))
        .ok()
        .and_then(|b| serde_json::from_slice::<Settings>(&b).ok())
        .filter(|s| check(s).is_ok())
        .unwrap_or_default()
}

#[tauri::command]
pub fn set_settings(state: State<'_, AppState>, settings: Settings) -> CmdResult<Settings> {
    set_settings_in(&state, settings)
}

/// Checks and saves the settings file.
pub fn set_settings_in(state: &AppState, settings: Settings) -> CmdResult<Settings> {
    check(&settings)?;
    let json =
        serde_json::to_vec_pretty(&settings).map_err(|e| IpcError::new("json", e.to_string()))?;
    std::fs::write(state.data_dir().join(FILE), json)
        .map_err(|e| IpcError::new("io", format!("could not save the settings: {e}")))?;
    Ok(settings)
}

/// Where the data lives now, why, and what the next start will use.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct DataLocation {
    /// The folder in use.
    pub current: String,
    pub source: DataDirSource,
    /// The folder chosen in Settings (used at the next start), if any.
    pub chosen: Option<String>,
    /// The chosen folder differs from the one in use: the app must restart.
    pub restart_needed: bool,
}

fn location(state: &AppState) -> DataLocation {
    let chosen = state.config_dir().and_then(|c| config::load(c).data_dir);
    // A flag or the environment still wins over the choice, so no restart would apply it.
    let overridden = matches!(
        state.data_dir_source(),
        DataDirSource::Flag | DataDirSource::Env
    );
    DataLocation {
        current: state.data_dir().display().to_string(),
        source: state.data_dir_source(),
        restart_needed: !overridden && chosen.as_deref().is_some_and(|c| c != state.data_dir()),
        chosen: chosen.map(|c| c.display().to_string()),
    }
}

#[tauri::command]
pub fn data_location(state: State<'_, AppState>) -> DataLocation {
    location(&state)
}

/// Shows the data folder in the system's file manager.
#[tauri::command]
pub fn open_data_dir<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<()> {
    use tauri_plugin_opener::OpenerExt;
    let dir = state.data_dir().display().to_string();
    app.opener()
        .open_path(dir, None::<&str>)
        .map_err(|e| IpcError::new("io", format!("could not open the data folder: {e}")))
}

/// Checks a folder chosen for the data: it must exist, be a folder, and be writable.
fn check_folder(dir: &std::path::Path) -> CmdResult<()> {
    if !dir.is_dir() {
        return Err(IpcError::field(
            "settings.data_dir",
            "not_a_folder",
            &format!("{} is not a folder", dir.display()),
        ));
    }
    let probe = dir.join(".expediente-write-test");
    std::fs::write(&probe, b"").map_err(|e| {
        IpcError::field(
            "settings.data_dir",
            "not_writable",
            &format!("cannot write in {}: {e}", dir.display()),
        )
    })?;
    let _ = std::fs::remove_file(probe);
    Ok(())
}

/// Picks a folder (Rust-side dialog) and stores it in the config file for the next start.
/// Returns the new location, or `None` if the user cancelled. Nothing moves: the app opens
/// the chosen folder (empty or holding another store) after a restart.
#[tauri::command]
pub async fn choose_data_dir<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CmdResult<Option<DataLocation>> {
    let Some(dir) = dialogs::pick_folder(&app)? else {
        return Ok(None);
    };
    save_choice(&state, dir).map(Some)
}

pub(crate) fn save_choice(state: &AppState, dir: PathBuf) -> CmdResult<DataLocation> {
    check_folder(&dir)?;
    let config_dir = state.config_dir().ok_or_else(|| {
        IpcError::new(
            "io",
            "this system has no config folder to remember the choice in",
        )
    })?;
    let mut cfg = config::load(config_dir);
    cfg.data_dir = Some(dir);
    config::save(config_dir, &cfg)?;
    Ok(location(state))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embed_limit_is_whole_megabytes_from_1_or_none() {
        let with = |mb: Option<u32>| Settings {
            embed_limit_mb: mb,
            ..Settings::default()
        };
        assert!(check(&with(None)).is_ok());
        assert!(check(&with(Some(25))).is_ok());
        for bad in [0, MAX_EMBED_LIMIT_MB + 1] {
            let e = check(&with(Some(bad))).unwrap_err();
            assert_eq!(e.fields[0].field, "settings.embed_limit_mb");
            assert_eq!(e.fields[0].code, "out_of_range");
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE),
            br#"{"language":"es","date_format":"short","embed_limit_mb":25}"#,
        )
        .unwrap();
        assert_eq!(load(dir.path()).embed_limit_mb, Some(25));
    }

    #[test]
    fn old_settings_files_get_the_default_date_format() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE), br#"{"language":"en"}"#).unwrap();
        let s = load(dir.path());
        assert_eq!(s.language, "en");
        assert_eq!(s.date_format, "short");
    }

    #[test]
    fn a_chosen_folder_is_checked_and_needs_a_restart() {
        let data = tempfile::tempdir().unwrap();
        let cfg = tempfile::tempdir().unwrap();
        let other = tempfile::tempdir().unwrap();
        let state = AppState::open(data.path())
            .with_location(DataDirSource::Default, Some(cfg.path().to_path_buf()));
        let e = save_choice(&state, other.path().join("missing")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("settings.data_dir"));
        assert!(!location(&state).restart_needed);
        let loc = save_choice(&state, other.path().to_path_buf()).unwrap();
        assert!(loc.restart_needed);
        assert_eq!(loc.chosen, Some(other.path().display().to_string()));
        assert_eq!(
            config::load(cfg.path()).data_dir.as_deref(),
            Some(other.path())
        );
        // A --data-dir flag still wins, so no restart would change anything.
        let flagged = AppState::open(data.path())
            .with_location(DataDirSource::Flag, Some(cfg.path().to_path_buf()));
        assert!(!location(&flagged).restart_needed);
    }
}
