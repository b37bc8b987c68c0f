//! Bringing a case in from a file someone handed over: its dossier PDF (with the evidence
//! originals inside) or a JSON export. The file is chosen in Rust's open dialog and read
//! once; the window gets a preview and a token, and the import only happens when it sends
//! that token back. The page never names a path.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use expediente_core::case_file::{
    check_import, check_import_file, CheckedImport, ImportOutcome, ImportPreview,
};
use expediente_core::exchange::MAX_IMPORT_BYTES;
use expediente_dossier::case_file;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::dialogs;
use crate::error::{CmdResult, IpcError};
use crate::state::{emit_changed, AppState};

/// The case file chosen last, waiting for the user to confirm its preview.
#[derive(Default)]
pub struct PendingImport {
    file: Mutex<Option<(String, CheckedImport)>>,
    counter: AtomicU64,
}

/// What the window shows before an import: the file and what it holds.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CaseFilePreview {
    /// Send back to [`import_case_file`] to import exactly this file.
    pub token: String,
    /// The file's name (not its path).
    pub file_name: String,
    /// A dossier PDF (with evidence files inside) rather than a JSON export.
    pub from_dossier: bool,
    pub preview: ImportPreview,
}

/// Asks for a dossier PDF or a JSON export and previews it; `None` on cancel. Nothing is
/// written. A file that is not a case file, or whose case does not verify, is an error.
#[tauri::command]
pub async fn choose_case_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    pending: State<'_, PendingImport>,
) -> CmdResult<Option<CaseFilePreview>> {
    let Some(path) = dialogs::open_paths(&app)?.into_iter().next() else {
        return Ok(None);
    };
    let size = std::fs::metadata(&path)
        .map_err(|e| IpcError::new("io", format!("cannot read {}: {e}", path.display())))?
        .len();
    if size > MAX_IMPORT_BYTES as u64 {
        return Err(IpcError::field(
            "import.file",
            "too_large",
            &format!(
                "{} is {} MiB, over the import limit",
                path.display(),
                size >> 20
            ),
        ));
    }
    let io =
        |e: std::io::Error| IpcError::new("io", format!("cannot read {}: {e}", path.display()));
    // A dossier PDF is read whole; a JSON export is checked as a stream, never held whole.
    let from_dossier = case_file::file_is_pdf(&path).map_err(io)?;
    let checked = if from_dossier {
        let bytes = std::fs::read(&path).map_err(io)?;
        let file = case_file::read(&bytes)
            .map_err(|e| IpcError::field("import.file", "not_a_case_file", &e.to_string()))?;
        check_import(&file.export_json, file.files)?
    } else {
        check_import_file(&path, Vec::new())?
    };
    let preview = state.with(|s| Ok(s.preview_import(&checked)))?;
    let token = format!(
        "{}-{}",
        std::process::id(),
        pending.counter.fetch_add(1, Ordering::Relaxed)
    );
    *pending.file.lock().unwrap_or_else(|p| p.into_inner()) = Some((token.clone(), checked));
    Ok(Some(CaseFilePreview {
        token,
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        from_dossier,
        preview,
    }))
}

/// Imports the case file previewed under `token`, with its evidence files.
#[tauri::command]
pub async fn import_case_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    pending: State<'_, PendingImport>,
    token: String,
) -> CmdResult<ImportOutcome> {
    let file = {
        let mut slot = pending.file.lock().unwrap_or_else(|p| p.into_inner());
        match slot.take() {
            Some((t, file)) if t == token => file,
            other => {
                *slot = other;
                return Err(IpcError::field(
                    "import.token",
                    "not_pending",
                    "this file is no longer waiting to be imported; choose it again",
                ));
            }
        }
    };
    let outcome = state.with_mut(|s| s.import_case_with_files(&file))?;
    emit_changed(&app, "import", Some(outcome.case_id.to_string()));
    Ok(outcome)
}

/// Forgets a previewed file the user decided not to import.
#[tauri::command]
pub fn forget_case_file(pending: State<'_, PendingImport>) {
    *pending.file.lock().unwrap_or_else(|p| p.into_inner()) = None;
}
