//! The app's own small config file (`config.json` in the OS config folder, under the app
//! identifier — the dev identifier's folder for debug builds). It holds only what must be
//! known before the store opens: the data folder chosen in Settings, used at the next start.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{CmdResult, IpcError};

const FILE: &str = "config.json";

/// What the config file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppConfig {
    /// The data folder chosen in Settings; `None` means the OS default.
    #[serde(default)]
    pub data_dir: Option<PathBuf>,
}

/// The config folder for an app identifier (`~/.config/<identifier>` on Linux), the same
/// folder Tauri's `app_config_dir()` gives.
pub fn dir_for(identifier: &str) -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join(identifier))
}

/// Reads the config in `dir`; a missing or unreadable file gives the defaults.
pub fn load(dir: &Path) -> AppConfig {
    std::fs::read(dir.join(FILE))
        .ok()
        .and_then(|b| serde_json::from_slice::<AppConfig>(&b).ok())
        .unwrap_or_default()
}

/// Writes the config into `dir`, creating the folder if needed.
pub fn save(dir: &Path, config: &AppConfig) -> CmdResult<()> {
    let json =
        serde_json::to_vec_pretty(config).map_err(|e| IpcError::new("json", e.to_string()))?;
    std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::write(dir.join(FILE), json))
        .map_err(|e| {
            IpcError::new(
                "io",
                format!("could not save the config in {}: {e}", dir.display()),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_tolerates_garbage() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), AppConfig::default());
        let c = AppConfig {
            data_dir: Some(PathBuf::from("/tmp/datos")),
        };
        save(&dir.path().join("sub"), &c).unwrap();
        assert_eq!(load(&dir.path().join("sub")), c);
        std::fs::write(dir.path().join(FILE), b"{not json").unwrap();
        assert_eq!(load(dir.path()), AppConfig::default());
    }
}
