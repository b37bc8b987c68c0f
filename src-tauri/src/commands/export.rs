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

/// Reads evidence files for the dossier's image appendix from the store.
struct StoreFiles<'a>(&'a expediente_core::Store);

impl expediente_dossier::EvidenceSource for StoreFiles<'_> {
    fn read(&self, sha256: &str) -> Option<Vec<u8>> {
        self.0.read_evidence(sha256).ok()
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
    let rendered = state.with(|s| {
        let bundle = s.bundle(case_id)?;
        let stats = expediente_core::stats::compute(&bundle.attempts, generated_at);
        let opts = expediente_dossier::RenderOptions {
            paper,
            generated_at,
        };
        Ok(expediente_dossier::render(
            &bundle,
            &stats,
            &opts,
            &StoreFiles(s),
        ))
    })?;
    let pdf = rendered.map_err(|e| IpcError::new("export", e.to_string()))?;
    write_file(&path, &pdf).map(Some)
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
