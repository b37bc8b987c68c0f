//! Contact-attempt commands: read a case's timeline page by page,
//! log one, revise one with a reason, and read any record's revision history.

use expediente_core::{Attempt, AttemptDraft, AttemptPage, Id, Revision};
use tauri::{AppHandle, Runtime, State};

use crate::error::{CmdResult, IpcError};
use crate::state::{emit_changed, AppState};

/// Most attempts one timeline page may ask for.
const MAX_PAGE: u32 = 500;

/// One page of a case's timeline (the window holds a few pages, never all 10,000 attempts).
/// Async, so reading a big case does not hold up the window's event loop.
#[tauri::command]
pub async fn attempt_page(
    state: State<'_, AppState>,
    case_id: Id,
    newest_first: bool,
    offset: u32,
    limit: u32,
) -> CmdResult<AttemptPage> {
    if limit == 0 || limit > MAX_PAGE {
        return Err(IpcError::field(
            "timeline.limit",
            "out_of_range",
            "must be between 1 and 500",
        ));
    }
    state.with(|s| s.attempt_page(case_id, newest_first, offset, limit))
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
