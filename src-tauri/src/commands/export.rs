//! Exchange commands: the case as versioned JSON and the PDF dossier, a one-file backup of
//! everything, each written by Rust to a path the user picks in a save dialog (they return
//! the path, or `None` on cancel). Importing a case is in [`super::import`].

use std::path::PathBuf;

use expediente_core::Id;
use tauri::{AppHandle, Runtime, State};

use crate::dialogs;
use crate::error::{CmdResult, IpcError};
use crate::state::AppState;

/// Writes the whole file or nothing: a temporary file beside it, renamed into place, and
/// removed if anything fails.
fn write_file(state: &AppState, path: &std::path::Path, bytes: &[u8]) -> CmdResult<String> {
    expediente_core::atomic::write(path, bytes)
        .map_err(|e| IpcError::new("io", format!("could not write {}: {e}", path.display())))?;
    state.note_export(path);
    Ok(path.display().to_string())
}

/// Opens a file this session exported with the system's default app (PDF viewer...).
/// Any other path is refused, so the UI cannot open arbitrary files.
#[tauri::command]
pub fn open_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> CmdResult<()> {
    let p = std::path::PathBuf::from(&path);
    if !state.was_exported(&p) {
        return Err(IpcError::field(
            "export.path",
            "not_exported",
            "only files exported in this session can be opened",
        ));
    }
    use tauri_plugin_opener::OpenerExt;
    app.opener()
        .open_path(path, None::<&str>)
        .map_err(|e| IpcError::new("io", format!("could not open the file: {e}")))
}

/// Shows a file this session exported in the system's file manager, selected.
#[tauri::command]
pub fn reveal_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> CmdResult<()> {
    let p = PathBuf::from(&path);
    if !state.was_exported(&p) {
        return Err(IpcError::field(
            "export.path",
            "not_exported",
            "only files exported in this session can be shown",
        ));
    }
    use tauri_plugin_opener::OpenerExt;
    app.opener()
        .reveal_item_in_dir(p)
        .map_err(|e| IpcError::new("io", format!("could not show the folder: {e}")))
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
        Some(p) => write_file(&state, &p, &json).map(Some),
    }
}

fn parse_paper(paper: &str) -> CmdResult<expediente_dossier::Paper> {
    match paper {
        "a4" => Ok(expediente_dossier::Paper::A4),
        "letter" => Ok(expediente_dossier::Paper::Letter),
        _ => Err(IpcError::field(
            "export.paper",
            "invalid",
            "must be a4 or letter",
        )),
    }
}

/// Renders the case's PDF dossier, generated now in the user's offset, and saves it where
/// the user chooses.
#[tauri::command]
pub async fn export_dossier_pdf<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    case_id: Id,
    paper: String,
) -> CmdResult<Option<String>> {
    let paper = parse_paper(&paper)?;
    let title = state.with(|s| Ok(s.case(case_id)?.data.title))?;
    let name = format!("{}.pdf", dialogs::file_stem(&title));
    let Some(path) = dialogs::save_path(&app, &name, "PDF", "pdf")? else {
        return Ok(None);
    };
    let generated_at = super::local_now();
    // Evidence over the limit chosen in the settings stays out of the PDF (it is listed).
    let limit = super::settings::load(state.data_dir())
        .embed_limit_mb
        .map(|mb| u64::from(mb) * 1024 * 1024);
    // Read what the dossier needs under the store's lock (the case must verify in full,
    // evidence files re-hashed), then render without it on a blocking thread: a big case
    // takes seconds and the window must stay responsive.
    let prepared = state.with(|s| expediente_dossier::from_store::prepare(s, case_id))?;
    let rendered =
        tauri::async_runtime::spawn_blocking(move || prepared.render(paper, generated_at, limit))
            .await
            .map_err(|e| IpcError::new("export", format!("the render task failed: {e}")))?;
    let pdf = rendered.map_err(|e| IpcError::new("export", e.to_string()))?;
    write_file(&state, &path, &pdf).map(Some)
}

/// Backs up the database and every evidence file into one file the user chooses.
#[tauri::command]
pub async fn backup_data<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CmdResult<Option<String>> {
    let name = format!(
        "expediente-{}.expediente",
        super::local_now().format("%Y-%m-%d")
    );
    let Some(path) = dialogs::save_path(&app, &name, "Expediente", "expediente")? else {
        return Ok(None);
    };
    state.with(|s| s.backup(&path))?;
    state.note_export(&path);
    Ok(Some(path.display().to_string()))
}

#[cfg(test)]
mod tests {
    use super::parse_paper;

    #[test]
    fn paper_names_are_checked() {
        assert!(parse_paper("a4").is_ok());
        assert!(parse_paper("letter").is_ok());
        let e = parse_paper("A5").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("export.paper"));
    }
}
