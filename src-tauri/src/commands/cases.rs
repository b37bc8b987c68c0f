//! Case commands: list (active or archived), read (with its numbers), create, revise,
//! archive and unarchive, search, and the full integrity check of a case.

use std::path::Path;

use expediente_core::integrity::IntegrityReport;
use expediente_core::stats::CaseStats;
use expediente_core::store::SearchHit;
use expediente_core::{
    Case, CaseDraft, CaseSummary, Channel, Claimant, Company, CompanyDraft, Id, Store,
};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use super::local_now;
use crate::error::{CmdResult, IpcError};
use crate::state::{emit_changed, AppState};

/// Longest search query accepted, in characters.
const MAX_QUERY: usize = 200;

/// The case list; with `archived`, the archived cases instead.
#[tauri::command]
pub async fn list_cases(
    state: State<'_, AppState>,
    archived: Option<bool>,
) -> CmdResult<Vec<CaseSummary>> {
    state.with(|s| s.case_summaries_in(archived.unwrap_or(false)))
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

/// Creates a new company and a case against it in one transaction: the form's "new
/// company" choice. Every wrong field of both comes back in one error, and nothing is
/// written unless both are valid. The draft's `company_id` is ignored.
#[tauri::command]
pub fn create_case_with_company<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    company: CompanyDraft,
    draft: CaseDraft,
) -> CmdResult<Case> {
    let (_, case) = state.with_mut(|s| s.create_case_with_company(company, draft))?;
    emit_changed(&app, "case", Some(case.meta.id.to_string()));
    Ok(case)
}

/// Corrects a case to name a company created with it, in one transaction; every wrong
/// field (and a missing reason) in one error. The draft's `company_id` is ignored.
#[tauri::command]
pub fn revise_case_with_company<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
    company: CompanyDraft,
    draft: CaseDraft,
    reason: String,
) -> CmdResult<Case> {
    let (_, case) = state.with_mut(|s| s.revise_case_with_company(id, company, draft, &reason))?;
    emit_changed(&app, "case", Some(id.to_string()));
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

/// Archives a case (out of the list, kept in its chain), with the reason asked for.
#[tauri::command]
pub fn archive_case<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
    reason: String,
) -> CmdResult<Case> {
    let case = state.with_mut(|s| s.archive_case(id, &reason))?;
    emit_changed(&app, "case", Some(id.to_string()));
    Ok(case)
}

/// Brings an archived case back into the list, with the reason asked for.
#[tauri::command]
pub fn unarchive_case<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
    reason: String,
) -> CmdResult<Case> {
    let case = state.with_mut(|s| s.unarchive_case(id, &reason))?;
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

/// The full integrity check of one case (`Store::check_case`, not quick): its chain, the
/// claimant and company revisions its dossier prints, and every evidence file re-hashed
/// from disk. Re-hashing takes seconds on a big case, so it runs on a blocking thread over
/// its own connection, in one read transaction (a consistent snapshot even if the window
/// writes meanwhile), and the open store stays free for the window's other commands.
#[tauri::command]
pub async fn verify_case(state: State<'_, AppState>, id: Id) -> CmdResult<IntegrityReport> {
    // Refused the way every command is when the store could not be opened.
    state.with(|_| Ok(()))?;
    let dir = state.store_dir();
    tauri::async_runtime::spawn_blocking(move || check_snapshot(&dir, id))
        .await
        .map_err(|e| IpcError::new("ipc", format!("the integrity check stopped: {e}")))?
}

/// `check_case(id, false)` on a second connection to the store in `dir`, inside one read
/// transaction.
fn check_snapshot(dir: &Path, id: Id) -> CmdResult<IntegrityReport> {
    // Read-only where the folder cannot be written, like the window's own store.
    let store = Store::open_auto(dir)?;
    let sql = |q: &str| {
        store
            .connection()
            .execute_batch(q)
            .map_err(|e| IpcError::from(expediente_core::Error::from(e)))
    };
    sql("BEGIN")?;
    let report = store.check_case(id, false);
    // Nothing was written: ending the read transaction either way is the same.
    sql("ROLLBACK")?;
    Ok(report?)
}
