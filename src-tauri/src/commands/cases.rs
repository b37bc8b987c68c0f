//! Case commands: list, read (with its numbers), create, revise, search, verify.

use expediente_core::chain::VerifyReport;
use expediente_core::stats::CaseStats;
use expediente_core::store::SearchHit;
use expediente_core::{Case, CaseDraft, CaseSummary, Channel, Claimant, Company, Id};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use super::local_now;
use crate::error::{CmdResult, IpcError};
use crate::state::{emit_changed, AppState};

/// Longest search query accepted, in characters.
const MAX_QUERY: usize = 200;

#[tauri::command]
pub async fn list_cases(state: State<'_, AppState>) -> CmdResult<Vec<CaseSummary>> {
    state.with(|s| s.case_summaries())
}

/// One case with its parties and its summary in numbers, as of now.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct CaseView {
    pub case: Case,
    pub claimant: Claimant,
    pub company: Company,
    pub stats: CaseStats,
    /// The channel last used with this company in any case: the attempt form's default.
    pub last_channel: Option<Channel>,
}

#[tauri::command]
pub fn get_case(state: State<'_, AppState>, id: Id) -> CmdResult<CaseView> {
    state.with(|s| {
        let case = s.case(id)?;
        let claimant = s.claimant(case.data.claimant_id)?;
        let company = s.company(case.data.company_id)?;
        let stats = s.stats(id, local_now())?;
        let last_channel = s.last_channel_with_company(case.data.company_id)?;
        Ok(CaseView {
            case,
            claimant,
            company,
            stats,
            last_channel,
        })
    })
}

#[tauri::command]
pub fn create_case<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    draft: CaseDraft,
) -> CmdResult<Case> {
    let case = state.with_mut(|s| s.create_case(draft))?;
    emit_changed(&app, "case", Some(case.meta.id.to_string()));
    Ok(case)
}

#[tauri::command]
pub fn revise_case<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
    draft: CaseDraft,
    reason: String,
) -> CmdResult<Case> {
    let case = state.with_mut(|s| s.revise_case(id, draft, &reason))?;
    emit_changed(&app, "case", Some(id.to_string()));
    Ok(case)
}

#[tauri::command]
pub fn search(state: State<'_, AppState>, query: String) -> CmdResult<Vec<SearchHit>> {
    let q = query.trim();
    if q.chars().count() > MAX_QUERY {
        return Err(IpcError::field(
            "search.query",
            "too_long",
            "is longer than 200 characters",
        ));
    }
    if q.is_empty() {
        return Ok(Vec::new());
    }
    state.with(|s| s.search(q))
}

#[tauri::command]
pub fn verify_case(state: State<'_, AppState>, id: Id) -> CmdResult<VerifyReport> {
    state.with(|s| s.verify_case(id))
}
