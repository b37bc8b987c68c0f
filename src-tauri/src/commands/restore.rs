//! Restoring a backup from the app: the file is chosen in Rust's open dialog and restored,
//! with every check of `Store::restore`, into a new folder beside the data folder — never
//! over it — which becomes the data folder at the next start. Works from the start screen
//! too, when the data folder cannot be opened.

use std::path::{Path, PathBuf};

use expediente_core::Store;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use super::settings::{save_choice, DataLocation};
use crate::dialogs;
use crate::error::CmdResult;
use crate::state::AppState;

/// What a restore did.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct Restored {
    /// The new folder holding the restored data.
    pub dir: String,
    /// Cases in it (archived ones included).
    pub cases: u32,
    /// The data folder now chosen for the next start.
    pub location: DataLocation,
}

/// A new folder beside `data_dir`: `<name>-restaurado-<date>-<time>`, numbered if taken.
pub(crate) fn restore_target(data_dir: &Path, stamp: &str) -> PathBuf {
    let name = data_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "expediente".into());
    let base = data_dir.with_file_name(format!("{name}-restaurado-{stamp}"));
    let mut target = base.clone();
    let mut n = 2;
    while target.exists() {
        target = PathBuf::from(format!("{}-{n}", base.display()));
        n += 1;
    }
    target
}

/// Asks for a backup file and restores it into a new folder (see the module doc); `None`
/// on cancel. A damaged or crafted backup is refused and leaves nothing behind.
#[tauri::command]
pub async fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CmdResult<Option<Restored>> {
    let Some(backup) = dialogs::open_paths(&app)?.into_iter().next() else {
        return Ok(None);
    };
    let stamp = super::local_now().format("%Y%m%d-%H%M%S").to_string();
    let target = restore_target(state.data_dir(), &stamp);
    let store = Store::restore(&backup, &target)?;
    let cases = store.cases()?.len();
    drop(store);
    let location = save_choice(&state, target.clone())?;
    Ok(Some(Restored {
        dir: target.display().to_string(),
        cases: cases as u32,
        location,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_restore_goes_beside_the_data_folder_and_never_onto_a_taken_name() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("expediente");
        let first = restore_target(&data, "20261202-101500");
        assert_eq!(
            first,
            dir.path().join("expediente-restaurado-20261202-101500")
        );
        std::fs::create_dir(&first).unwrap();
        assert_eq!(
            restore_target(&data, "20261202-101500"),
            dir.path().join("expediente-restaurado-20261202-101500-2")
        );
    }
}
