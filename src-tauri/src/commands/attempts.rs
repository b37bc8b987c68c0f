//! Contact-attempt commands: list a case's attempts, log one, revise one with a reason,
//! and read any record's revision history.

use expediente_core::{Attempt, AttemptDraft, Id, Revision};
use tauri::{AppHandle, Runtime, State};

use crate::error::CmdResult;
use crate::state::{emit_changed, AppState};

#[tauri::command]
pub fn list_attempts(state: State<'_, AppState>, case_id: Id) -> CmdResult<Vec<Attempt>> {
    state.with(|s| s.attempts(case_id))
}

#[tauri::command]
pub fn log_attempt<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    case_id: Id,
    draft: AttemptDraft,
) -> CmdResult<Attempt> {
    let a = state.with_mut(|s| s.log_attempt(case_id, draft))?;
    emit_changed(&app, "attempt", Some(case_id.to_string()));
    Ok(a)
}

#[tauri::command]
pub fn revise_attempt<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    attempt_id: Id,
    draft: AttemptDraft,
    reason: String,
) -> CmdResult<Attempt> {
    let a = state.with_mut(|s| s.revise_attempt(attempt_id, draft, &reason))?;
    emit_changed(&app, "attempt", Some(a.case_id.to_string()));
    Ok(a)
}

/// Every revision of one record (claimant, company, case, attempt, evidence), oldest first.
#[tauri::command]
pub fn record_history(state: State<'_, AppState>, id: Id) -> CmdResult<Vec<Revision>> {
    state.with(|s| s.history(id))
}
