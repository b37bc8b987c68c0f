//! Settings commands: the UI language ("auto" follows the OS), kept in `settings.json` in
//! the data folder so it travels with the data, not with the web view's storage.

use serde::{Deserialize, Serialize};
use tauri::State;

use crate::error::{CmdResult, IpcError};
use crate::state::AppState;

const FILE: &str = "settings.json";
const LANGUAGES: [&str; 3] = ["auto", "es", "en"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// "auto", "es" or "en".
    pub language: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: "auto".into(),
        }
    }
}

/// Reads the settings; a missing or unreadable file gives the defaults.
pub fn load(dir: &std::path::Path) -> Settings {
    std::fs::read(dir.join(FILE))
        .ok()
        .and_then(|b| serde_json::from_slice::<Settings>(&b).ok())
        .filter(|s| LANGUAGES.contains(&s.language.as_str()))
        .unwrap_or_default()
}

#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> Settings {
    load(state.data_dir())
}

#[tauri::command]
pub fn set_settings(state: State<'_, AppState>, settings: Settings) -> CmdResult<Settings> {
    if !LANGUAGES.contains(&settings.language.as_str()) {
        return Err(IpcError::field(
            "settings.language",
            "invalid",
            "must be auto, es or en",
        ));
    }
    let json =
        serde_json::to_vec_pretty(&settings).map_err(|e| IpcError::new("json", e.to_string()))?;
    std::fs::write(state.data_dir().join(FILE), json)
        .map_err(|e| IpcError::new("io", format!("could not save the settings: {e}")))?;
    Ok(settings)
}
