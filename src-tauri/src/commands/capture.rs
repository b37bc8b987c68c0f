//! Capture in the app: e-mails, WhatsApp exports and CFDI invoices chosen in Rust's open
//! dialog, read into a preview for one case (nothing written), then written in one
//! transaction only when the window sends that preview's token back. The page never names a path.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use chrono::NaiveDate;
use expediente_capture::Facts;
use expediente_capture::{commit, preview_paths, CaseContext, Preview, PreviewFile};
use expediente_core::model::{AttemptDraft, Id, Money};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::dialogs;
use crate::error::{CmdResult, IpcError};
use crate::state::{emit_changed, AppState};

/// A preview's token, case, chosen files and content.
type Waiting = (String, Id, Vec<PathBuf>, Preview);

/// The preview shown last, waiting for the user to confirm it: its token, case, the files
/// chosen (kept here, never sent to the page) and what they hold.
#[derive(Default)]
pub struct PendingCapture {
    preview: Mutex<Option<Waiting>>,
    counter: AtomicU64,
}

/// A file an import would keep as evidence (its bytes stay in Rust).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CaptureFile {
    pub name: String,
    pub sha256: String,
    #[ts(type = "number")]
    pub size: u64,
    pub note: String,
}

/// One attempt an import would create, with how it was grouped and what to check.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CaptureAttempt {
    pub draft: AttemptDraft,
    pub files: Vec<CaptureFile>,
    pub grouping: String,
    pub notes: Vec<String>,
}

/// One input file: its name, what kind it was read as and how many items it held.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CaptureSource {
    pub name: String,
    /// `email`, `mbox`, `whatsapp` or `cfdi`.
    pub kind: String,
    pub items: u32,
}

/// Something skipped: already in the case (`already_in_case`) or twice in the files
/// (`repeated_in_files`).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CaptureDuplicate {
    pub file: String,
    pub item: String,
    pub why: String,
}

/// What could not be read: the file, the line when known, and why in both languages.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CaptureProblem {
    pub file: String,
    pub line: Option<u32>,
    pub message_es: String,
    pub message_en: String,
}

/// What an invoice would fill in the case and its company: only the fields it changes
/// (`None`: left as they are), so the window names them in its own language.
#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CaptureFacts {
    pub file: String,
    pub product: Option<String>,
    #[ts(type = "string | null")]
    pub purchase_date: Option<NaiveDate>,
    pub amount: Option<Money>,
    pub account_ref: Option<String>,
    pub company_tax_id: Option<String>,
    pub company_legal_name: Option<String>,
}

/// What the window shows before an import; [`import_capture`] with `token` writes it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CapturePreview {
    pub token: String,
    pub case_id: String,
    pub sources: Vec<CaptureSource>,
    pub attempts: Vec<CaptureAttempt>,
    pub case_files: Vec<CaptureFile>,
    pub facts: Option<CaptureFacts>,
    pub duplicates: Vec<CaptureDuplicate>,
    pub problems: Vec<CaptureProblem>,
    /// Nothing new: every item is already in the case (or nothing could be read).
    pub nothing_new: bool,
}

/// What an import wrote.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CaptureOutcome {
    pub attempts: u32,
    pub evidence: u32,
    pub case_revised: bool,
}

fn file_view(f: &PreviewFile) -> CaptureFile {
    CaptureFile {
        name: f.name.clone(),
        sha256: f.sha256.clone(),
        size: f.size,
        note: f.note.clone(),
    }
}

/// The fields `f` changes, against the case and company as they are now.
fn facts_view(f: &Facts, ctx: &CaseContext) -> CaptureFacts {
    fn changed<T: PartialEq + Clone>(new: &T, old: Option<&T>) -> Option<T> {
        (old != Some(new)).then(|| new.clone())
    }
    let case = ctx.case.as_ref();
    let company = ctx.company.as_ref();
    let mut v = CaptureFacts {
        file: f.file.clone(),
        product: changed(&f.case.product, case.map(|c| &c.product)),
        purchase_date: f
            .case
            .purchase_date
            .filter(|d| case.and_then(|c| c.purchase_date) != Some(*d)),
        amount: f
            .case
            .amount
            .clone()
            .filter(|m| case.and_then(|c| c.amount.as_ref()) != Some(m)),
        account_ref: changed(&f.case.account_ref, case.map(|c| &c.account_ref)),
        ..Default::default()
    };
    if let Some(c) = &f.company {
        v.company_tax_id = changed(&c.tax_id, company.map(|o| &o.tax_id));
        v.company_legal_name = changed(&c.legal_name, company.map(|o| &o.legal_name));
    }
    v
}

fn view(token: String, case_id: Id, p: &Preview, ctx: &CaseContext) -> CapturePreview {
    CapturePreview {
        token,
        case_id: case_id.to_string(),
        sources: p
            .sources
            .iter()
            .map(|s| CaptureSource {
                name: s.name.clone(),
                kind: s.kind.to_string(),
                items: s.items,
            })
            .collect(),
        attempts: p
            .attempts
            .iter()
            .map(|a| CaptureAttempt {
                draft: a.draft.clone(),
                files: a.files.iter().map(file_view).collect(),
                grouping: a.grouping.clone(),
                notes: a.notes.clone(),
            })
            .collect(),
        case_files: p.case_files.iter().map(file_view).collect(),
        facts: p.facts.as_ref().map(|f| facts_view(f, ctx)),
        duplicates: p
            .duplicates
            .iter()
            .map(|d| CaptureDuplicate {
                file: d.file.clone(),
                item: d.item.clone(),
                why: d.why.to_string(),
            })
            .collect(),
        problems: p
            .problems
            .iter()
            .map(|x| CaptureProblem {
                file: x.file.clone(),
                line: x.line,
                message_es: x.message_es.clone(),
                message_en: x.message_en.clone(),
            })
            .collect(),
        nothing_new: p.is_empty(),
    }
}

/// Reads `paths` for case `id` (the claimant also known as any of `me` in chats) and keeps
/// the preview under a new token. Nothing is written; a read-only store is refused.
fn read_files(
    state: &AppState,
    pending: &PendingCapture,
    id: Id,
    paths: Vec<PathBuf>,
    me: &[String],
) -> CmdResult<CapturePreview> {
    let mut ctx = state.with(|s| {
        s.ensure_writable()?;
        CaseContext::from_store(s, id)
    })?;
    ctx.claimant_names.extend(
        me.iter()
            .map(|m| m.trim().to_lowercase())
            .filter(|m| !m.is_empty()),
    );
    let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    let preview = preview_paths(&refs, &ctx);
    let token = format!(
        "{}-{}",
        std::process::id(),
        pending.counter.fetch_add(1, Ordering::Relaxed)
    );
    let shown = view(token.clone(), id, &preview, &ctx);
    *pending.preview.lock().unwrap_or_else(|p| p.into_inner()) = Some((token, id, paths, preview));
    Ok(shown)
}

/// Asks for e-mails (.eml, .mbox), WhatsApp exports (.txt, .zip) and CFDI invoices (.xml)
/// and previews what they would add to case `case_id`; `None` on cancel. Nothing is
/// written. A read-only store or an unknown case is refused before the dialog opens.
#[tauri::command]
pub async fn choose_capture_files<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    pending: State<'_, PendingCapture>,
    case_id: Id,
) -> CmdResult<Option<CapturePreview>> {
    state.with(|s| {
        s.ensure_writable()?;
        s.case(case_id).map(|_| ())
    })?;
    let paths = dialogs::open_paths(&app)?;
    if paths.is_empty() {
        return Ok(None);
    }
    read_files(&state, &pending, case_id, paths, &[]).map(Some)
}

/// Reads the files previewed under `token` again, the claimant also being `me` in chats
/// (their WhatsApp name when it is not the name on file): a new preview and token.
#[tauri::command]
pub async fn reread_capture(
    state: State<'_, AppState>,
    pending: State<'_, PendingCapture>,
    token: String,
    me: Vec<String>,
) -> CmdResult<CapturePreview> {
    let (id, paths) = {
        let slot = pending.preview.lock().unwrap_or_else(|p| p.into_inner());
        match &*slot {
            Some((t, id, paths, _)) if *t == token => (*id, paths.clone()),
            _ => return Err(not_pending()),
        }
    };
    read_files(&state, &pending, id, paths, &me)
}

fn not_pending() -> IpcError {
    IpcError::field(
        "capture.token",
        "not_pending",
        "these files are no longer waiting to be imported; choose them again",
    )
}

/// Writes the preview shown under `token`, in one transaction. With problems in the files
/// nothing is written unless `skip_unreadable` says to write what could be read.
#[tauri::command]
pub async fn import_capture<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    pending: State<'_, PendingCapture>,
    token: String,
    skip_unreadable: bool,
) -> CmdResult<CaptureOutcome> {
    let (id, preview) = {
        let mut slot = pending.preview.lock().unwrap_or_else(|p| p.into_inner());
        match slot.take() {
            Some((t, id, paths, p)) if t == token => {
                if !p.problems.is_empty() && !skip_unreadable {
                    let n = p.problems.len();
                    *slot = Some((t, id, paths, p));
                    return Err(IpcError::field(
                        "capture.files",
                        "unreadable",
                        &format!("{n} file(s) or message(s) could not be read; nothing written"),
                    ));
                }
                (id, p)
            }
            other => {
                *slot = other;
                return Err(not_pending());
            }
        }
    };
    let out = state.with_mut(|s| commit(s, id, preview, skip_unreadable))?;
    emit_changed(&app, "capture", Some(id.to_string()));
    Ok(CaptureOutcome {
        attempts: out.attempts.len() as u32,
        evidence: out.evidence.len() as u32,
        case_revised: out.case_revised,
    })
}

/// Forgets a preview the user decided not to import.
#[tauri::command]
pub fn forget_capture(pending: State<'_, PendingCapture>) {
    *pending.preview.lock().unwrap_or_else(|p| p.into_inner()) = None;
}
