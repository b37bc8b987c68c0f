//! Evidence commands: list a case's files, add files chosen in a dialog (or dropped on the
//! window), and read an image's bytes for its thumbnail.

use std::path::PathBuf;

use expediente_core::{Evidence, Id};
use tauri::ipc::Response;
use tauri::{AppHandle, Runtime, State};

use crate::dialogs;
use crate::error::{CmdResult, IpcError};
use crate::state::{emit_changed, AppState};

/// Largest file sent to the UI for a thumbnail.
const MAX_THUMB_BYTES: u64 = 20 * 1024 * 1024;

#[tauri::command]
pub fn list_evidence(state: State<'_, AppState>, case_id: Id) -> CmdResult<Vec<Evidence>> {
    state.with(|s| s.evidence(case_id))
}

fn add_paths<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    case_id: Id,
    paths: &[PathBuf],
    attempt_id: Option<Id>,
    note: &str,
) -> CmdResult<Vec<Evidence>> {
    let mut added = Vec::new();
    for p in paths {
        if !p.is_file() {
            return Err(IpcError::field(
                "evidence.path",
                "not_a_file",
                &format!("{} is not a readable file", p.display()),
            ));
        }
        added.push(state.with_mut(|s| s.add_evidence(case_id, p, attempt_id, note))?);
    }
    if !added.is_empty() {
        emit_changed(app, "evidence", Some(case_id.to_string()));
    }
    Ok(added)
}

/// Opens a file dialog and adds the chosen files. Empty when the user cancels.
#[tauri::command]
pub async fn add_evidence<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    case_id: Id,
    attempt_id: Option<Id>,
    note: String,
) -> CmdResult<Vec<Evidence>> {
    let paths = dialogs::open_paths(&app)?;
    add_paths(&app, &state, case_id, &paths, attempt_id, &note)
}

/// Adds files the user dropped on the window (the paths come from the drop event).
#[tauri::command]
pub fn add_dropped_evidence<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    case_id: Id,
    paths: Vec<PathBuf>,
    attempt_id: Option<Id>,
) -> CmdResult<Vec<Evidence>> {
    if paths.len() > 100 {
        return Err(IpcError::field(
            "evidence.path",
            "too_many",
            "drop at most 100 files at once",
        ));
    }
    add_paths(&app, &state, case_id, &paths, attempt_id, "")
}

/// The bytes of an image attached to `case_id`, for its thumbnail (raw, not JSON).
#[tauri::command]
pub fn evidence_image(
    state: State<'_, AppState>,
    case_id: Id,
    sha256: String,
) -> CmdResult<Response> {
    let bytes = state.with(|s| {
        let found = s
            .evidence(case_id)?
            .into_iter()
            .find(|e| e.data.sha256 == sha256);
        match found {
            Some(e)
                if e.data.media_type.starts_with("image/") && e.data.size <= MAX_THUMB_BYTES =>
            {
                s.read_evidence(&sha256).map(Some)
            }
            _ => Ok(None),
        }
    })?;
    bytes.map(Response::new).ok_or_else(|| {
        IpcError::field(
            "evidence.sha256",
            "not_found",
            "no image with this hash in this case",
        )
    })
}
