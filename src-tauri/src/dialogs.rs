//! Native file dialogs, opened by Rust so the UI needs no dialog or file-system permission:
//! the user picks a path, Rust reads or writes it. Debug builds accept test overrides
//! (`EXPEDIENTE_TEST_SAVE_DIR`, `EXPEDIENTE_TEST_OPEN_FILES`, `EXPEDIENTE_TEST_PICK_DIR`) so E2E runs need no dialog.

use std::path::PathBuf;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

use crate::error::{CmdResult, IpcError};

fn to_path(fp: tauri_plugin_dialog::FilePath) -> CmdResult<PathBuf> {
    fp.into_path().map_err(|e| {
        IpcError::new(
            "dialog",
            format!("the chosen location is not a local file: {e}"),
        )
    })
}

/// Asks where to save a file. `None` when the user cancels.
pub fn save_path<R: Runtime>(
    app: &AppHandle<R>,
    suggested_name: &str,
    filter_name: &str,
    ext: &str,
) -> CmdResult<Option<PathBuf>> {
    #[cfg(debug_assertions)]
    if let Some(dir) = std::env::var_os("EXPEDIENTE_TEST_SAVE_DIR") {
        return Ok(Some(PathBuf::from(dir).join(suggested_name)));
    }
    app.dialog()
        .file()
        .set_file_name(suggested_name)
        .add_filter(filter_name, &[ext])
        .blocking_save_file()
        .map(to_path)
        .transpose()
}

/// Asks which files to open. Empty when the user cancels.
pub fn open_paths<R: Runtime>(app: &AppHandle<R>) -> CmdResult<Vec<PathBuf>> {
    #[cfg(debug_assertions)]
    if let Some(list) = std::env::var_os("EXPEDIENTE_TEST_OPEN_FILES") {
        return Ok(std::env::split_paths(&list).collect());
    }
    match app.dialog().file().blocking_pick_files() {
        None => Ok(Vec::new()),
        Some(v) => v.into_iter().map(to_path).collect(),
    }
}

/// Asks for a folder. `None` when the user cancels. Debug builds take
/// `EXPEDIENTE_TEST_PICK_DIR` instead of showing the dialog.
pub fn pick_folder<R: Runtime>(app: &AppHandle<R>) -> CmdResult<Option<PathBuf>> {
    #[cfg(debug_assertions)]
    if let Some(dir) = std::env::var_os("EXPEDIENTE_TEST_PICK_DIR") {
        return Ok(Some(PathBuf::from(dir)));
    }
    app.dialog()
        .file()
        .blocking_pick_folder()
        .map(to_path)
        .transpose()
}

/// A file name made from a case title: letters, digits and dashes only.
pub fn file_stem(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.chars().count() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "expediente".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn stems_are_safe_file_names() {
        assert_eq!(
            file_stem("Cobro indebido — Telcel / 2026"),
            "cobro-indebido-telcel-2026"
        );
        assert_eq!(file_stem("../../etc"), "etc");
        assert_eq!(file_stem("   "), "expediente");
        assert_eq!(file_stem("Año Ñandú"), "año-ñandú");
    }
}
