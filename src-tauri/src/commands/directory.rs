//! Directory commands: claimants and companies, created and revised (never edited in place),
//! and the default claimant used for new cases.

use expediente_core::{Claimant, ClaimantDraft, Company, CompanyDraft, Id};
use tauri::{AppHandle, Runtime, State};

use crate::error::CmdResult;
use crate::state::{emit_changed, AppState};

#[tauri::command]
pub fn list_claimants(state: State<'_, AppState>) -> CmdResult<Vec<Claimant>> {
    state.with(|s| s.claimants())
}

/// Creates a claimant; the first one becomes the default profile.
#[tauri::command]
pub fn create_claimant<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    draft: ClaimantDraft,
) -> CmdResult<Claimant> {
    let c = state.with_mut(|s| {
        let c = s.create_claimant(draft)?;
        if s.default_claimant()?.is_none() {
            s.set_default_claimant(c.meta.id)?;
        }
        Ok(c)
    })?;
    emit_changed(&app, "claimant", None);
    Ok(c)
}

#[tauri::command]
pub fn revise_claimant<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
    draft: ClaimantDraft,
    reason: String,
) -> CmdResult<Claimant> {
    let c = state.with_mut(|s| s.revise_claimant(id, draft, &reason))?;
    emit_changed(&app, "claimant", None);
    Ok(c)
}

#[tauri::command]
pub fn set_default_claimant<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
) -> CmdResult<()> {
    state.with_mut(|s| s.set_default_claimant(id))?;
    emit_changed(&app, "claimant", None);
    Ok(())
}

#[tauri::command]
pub fn list_companies(state: State<'_, AppState>) -> CmdResult<Vec<Company>> {
    state.with(|s| s.companies())
}

#[tauri::command]
pub fn create_company<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    draft: CompanyDraft,
) -> CmdResult<Company> {
    let c = state.with_mut(|s| s.create_company(draft))?;
    emit_changed(&app, "company", None);
    Ok(c)
}

#[tauri::command]
pub fn revise_company<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
    draft: CompanyDraft,
    reason: String,
) -> CmdResult<Company> {
    let c = state.with_mut(|s| s.revise_company(id, draft, &reason))?;
    emit_changed(&app, "company", None);
    Ok(c)
}
