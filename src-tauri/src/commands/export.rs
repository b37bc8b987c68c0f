//! Export commands: the case as versioned JSON and the PDF dossier, each written by Rust
//! to a path the user picks in a save dialog. They return the path, or `None` on cancel.

use expediente_core::Id;
use tauri::{AppHandle, Runtime, State};

use crate::dialogs;
use crate::error::{CmdResult, IpcError};
use crate::state::AppState;

fn write_file(path: &std::path::Path, bytes: &[u8]) -> CmdResult<String> {
    std::fs::write(path, bytes)
        .map_err(|e| IpcError::new("io", format!("could not write {}: {e}", path.display())))?;
    Ok(path.display().to_string())
}

#[tauri::command]
pub async fn export_case_json<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    case_id: Id,
) -> CmdResult<Option<String>> {
    let (title, json) = state.with(|s| {
        let title = s.case(case_id)?.data.title;
        let export = s.export_case(case_id)?;
        Ok((title, serde_json::to_vec_pretty(&export)?))
    })?;
    let name = format!("{}.json", dialogs::file_stem(&title));
    match dialogs::save_path(&app, &name, "JSON", "json")? {
        None => Ok(None),
        Some(p) => write_file(&p, &json).map(Some),
    }
}
