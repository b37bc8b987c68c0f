//! Evidence commands: list a case's files, add files chosen in a dialog, dropped on the
//! window (paths from the OS's drop event, by token) or pasted, asking before a duplicate;
//! withdraw one; read an image's bytes for its thumbnail and open a file, by its hash only.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use expediente_core::integrity::is_sha256;
use expediente_core::store::Added;
use expediente_core::{Evidence, Id};
use serde::Serialize;
use tauri::ipc::{InvokeBody, Request, Response};
use tauri::{AppHandle, Manager, Runtime, State};
use ts_rs::TS;

use crate::dialogs;
use crate::drops::{Drops, Held};
use crate::error::{CmdResult, IpcError};
use crate::state::{emit_changed, AppState};

/// Largest file sent to the UI for a thumbnail.
const MAX_THUMB_BYTES: u64 = 20 * 1024 * 1024;

/// An evidence file as the case view lists it: with when its attempt happened, if it is
/// attached to one (the window does not hold every attempt to look it up).
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct EvidenceItem {
    #[serde(flatten)]
    pub evidence: Evidence,
    #[ts(type = "string | null")]
    pub attempt_happened_at: Option<DateTime<FixedOffset>>,
}

#[tauri::command]
pub fn list_evidence(state: State<'_, AppState>, case_id: Id) -> CmdResult<Vec<EvidenceItem>> {
    state.with(|s| {
        let evidence = s.evidence(case_id)?;
        let when: HashMap<Id, DateTime<FixedOffset>> =
            if evidence.iter().any(|e| e.data.attempt_id.is_some()) {
                s.attempt_times(case_id)?
            } else {
                HashMap::new()
            };
        Ok(evidence
            .into_iter()
            .map(|e| EvidenceItem {
                attempt_happened_at: e.data.attempt_id.and_then(|id| when.get(&id).copied()),
                evidence: e,
            })
            .collect())
    })
}

/// What an add did: the files recorded, and those whose bytes the case already had, held
/// (under `token`) until the user says whether to attach them again.
#[derive(Debug, Default, Serialize, TS)]
#[ts(export)]
pub struct AddOutcome {
    pub added: Vec<Evidence>,
    pub duplicates: Vec<DuplicateFile>,
    /// For [`attach_again`] when there are duplicates.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// A file not recorded because the case already has its bytes (as `existing`).
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct DuplicateFile {
    pub original_name: String,
    pub existing: Evidence,
}

/// One add in progress: where the files go, what was recorded, what is held as duplicate.
struct Batch {
    held: Held,
    out: AddOutcome,
}

impl Batch {
    fn new(case_id: Id, attempt_id: Option<Id>, note: &str) -> Batch {
        Batch {
            held: Held {
                case_id,
                attempt_id,
                note: note.to_string(),
                files: Vec::new(),
            },
            out: AddOutcome::default(),
        }
    }

    /// Records one file unless the case has its bytes; a duplicate is held.
    fn add(
        &mut self,
        s: &mut expediente_core::Store,
        name: &str,
        r: &mut dyn std::io::Read,
    ) -> expediente_core::Result<()> {
        let h = &self.held;
        match s.add_evidence_once(h.case_id, name, r, h.attempt_id, &h.note)? {
            Added::New(e) => self.out.added.push(e),
            Added::AlreadyAttached {
                sha256, existing, ..
            } => {
                self.held.files.push((sha256, name.to_string()));
                self.out.duplicates.push(DuplicateFile {
                    original_name: name.to_string(),
                    existing: *existing,
                });
            }
        }
        Ok(())
    }

    /// Tells the window what was added and holds the duplicates for the user's answer.
    fn finish<R: Runtime>(self, app: &AppHandle<R>) -> AddOutcome {
        let Batch { held, mut out } = self;
        if !out.added.is_empty() {
            emit_changed(app, "evidence", Some(held.case_id.to_string()));
        }
        if !held.files.is_empty() {
            out.token = Some(app.state::<Drops>().hold(held));
        }
        out
    }
}

/// Adds files chosen by the user (in a dialog or by a drop Rust saw). Every path is checked
/// before anything is written; a file whose bytes the case has is held, not recorded.
fn add_paths<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    case_id: Id,
    paths: &[PathBuf],
    attempt_id: Option<Id>,
    note: &str,
) -> CmdResult<AddOutcome> {
    if let Some(p) = paths.iter().find(|p| !p.is_file()) {
        return Err(IpcError::field(
            "evidence.path",
            "not_a_file",
            &format!("{} is not a readable file", p.display()),
        ));
    }
    let mut batch = Batch::new(case_id, attempt_id, note);
    let result = state.with_mut(|s| {
        for p in paths {
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("archivo")
                .to_string();
            batch.add(s, &name, &mut std::fs::File::open(p)?)?;
        }
        Ok(())
    });
    // What was added before a failure stays added: say so to the window either way.
    let out = batch.finish(app);
    result.map(|()| out)
}

/// Opens a file dialog and adds the chosen files. Empty when the user cancels.
#[tauri::command]
pub async fn add_evidence<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    case_id: Id,
    attempt_id: Option<Id>,
    note: String,
) -> CmdResult<AddOutcome> {
    let paths = dialogs::open_paths(&app)?;
    add_paths(&app, &state, case_id, &paths, attempt_id, &note)
}

/// Adds the files of the drop Rust saw and announced with `token` (see [`crate::drops`]).
/// The page never names a path: only the OS's drop event does. Async, so hashing big files
/// runs off the window's thread.
#[tauri::command]
pub async fn add_dropped_evidence<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    drops: State<'_, Drops>,
    case_id: Id,
    token: String,
    attempt_id: Option<Id>,
) -> CmdResult<AddOutcome> {
    let paths = drops.take(&token).ok_or_else(|| {
        IpcError::field(
            "evidence.drop",
            "expired",
            "no files were dropped under this token (already attached, replaced or expired)",
        )
    })?;
    if paths.len() > 100 {
        return Err(IpcError::field(
            "evidence.path",
            "too_many",
            "drop at most 100 files at once",
        ));
    }
    add_paths(&app, &state, case_id, &paths, attempt_id, "")
}

/// The user's "yes, attach it again" for the duplicates held under `token` (async: each
/// file is read back and re-hashed).
#[tauri::command]
pub async fn attach_again<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    drops: State<'_, Drops>,
    token: String,
) -> CmdResult<Vec<Evidence>> {
    let held = drops.release(&token).ok_or_else(|| {
        IpcError::field(
            "evidence.duplicate",
            "expired",
            "nothing is waiting under this token (already answered or expired)",
        )
    })?;
    let added = state.with_mut(|s| {
        held.files
            .iter()
            .map(|(sha, name)| {
                s.attach_stored_again(held.case_id, sha, name, held.attempt_id, &held.note)
            })
            .collect::<expediente_core::Result<Vec<_>>>()
    })?;
    emit_changed(&app, "evidence", Some(held.case_id.to_string()));
    Ok(added)
}

/// Withdraws an evidence file attached by mistake: a revision with `reason`, kept in the
/// history; the file leaves the dossier.
#[tauri::command]
pub fn withdraw_evidence<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    evidence_id: Id,
    reason: String,
) -> CmdResult<Evidence> {
    let e = state.with_mut(|s| s.withdraw_evidence(evidence_id, &reason))?;
    emit_changed(&app, "evidence", Some(e.case_id.to_string()));
    Ok(e)
}

/// An evidence file of `case_id` by its SHA-256: exactly 64 hex digits, recorded in this
/// case. Anything else (a path, another case's file) is refused before touching the disk.
fn stored_evidence(
    s: &expediente_core::Store,
    case_id: Id,
    sha256: &str,
) -> expediente_core::Result<Option<Evidence>> {
    if !is_sha256(sha256) {
        return Ok(None);
    }
    Ok(s.evidence(case_id)?
        .into_iter()
        .find(|e| e.data.sha256 == sha256))
}

/// The bytes of an image attached to `case_id`, for its thumbnail (raw, not JSON).
#[tauri::command]
pub fn evidence_image(
    state: State<'_, AppState>,
    case_id: Id,
    sha256: String,
) -> CmdResult<Response> {
    let bytes = state.with(|s| match stored_evidence(s, case_id, &sha256)? {
        Some(e) if e.data.media_type.starts_with("image/") && e.data.size <= MAX_THUMB_BYTES => {
            s.read_evidence(&e.data.sha256).map(Some)
        }
        _ => Ok(None),
    })?;
    bytes.map(Response::new).ok_or_else(|| {
        IpcError::field(
            "evidence.sha256",
            "not_found",
            "no image with this hash in this case",
        )
    })
}

/// Largest screenshot accepted from the clipboard.
const MAX_PASTE_BYTES: usize = 25 * 1024 * 1024;

/// The image type of `bytes` by its signature, with the extension to store it under.
fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("gif")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else {
        None
    }
}

/// Checks a pasted image: not empty, not too big, and really a PNG/JPEG/GIF/WebP.
fn check_paste(bytes: &[u8]) -> CmdResult<&'static str> {
    if bytes.is_empty() {
        return Err(IpcError::field(
            "evidence.paste",
            "empty",
            "the clipboard image is empty",
        ));
    }
    if bytes.len() > MAX_PASTE_BYTES {
        return Err(IpcError::field(
            "evidence.paste",
            "too_large",
            &format!(
                "the image is {} bytes, over the {MAX_PASTE_BYTES}-byte limit",
                bytes.len()
            ),
        ));
    }
    sniff_image(bytes).ok_or_else(|| {
        IpcError::field(
            "evidence.paste",
            "not_an_image",
            "the clipboard content is not a PNG, JPEG, GIF or WebP image",
        )
    })
}

fn header<'a>(request: &'a Request<'_>, name: &str) -> CmdResult<&'a str> {
    request
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            IpcError::field(
                "evidence.case_id",
                "required",
                &format!("the {name} header is missing"),
            )
        })
}

/// Adds a screenshot pasted in the case view. The body is the image's raw bytes; the case
/// id travels in the `x-case-id` header. Stored as `captura-YYYY-MM-DD-HHMM.<ext>`; the
/// same image pasted again is held for the user's answer like any duplicate.
/// Async so hashing and copying a big image runs off the window's thread.
#[tauri::command]
pub async fn paste_evidence<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CmdResult<AddOutcome> {
    let case_id: Id = header(&request, "x-case-id")?.parse().map_err(|_| {
        IpcError::field(
            "evidence.case_id",
            "invalid",
            "the case id is not a valid id",
        )
    })?;
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(IpcError::field(
            "evidence.paste",
            "not_an_image",
            "the image must be sent as raw bytes",
        ));
    };
    let ext = check_paste(bytes)?;
    let name = format!(
        "captura-{}.{ext}",
        super::local_now().format("%Y-%m-%d-%H%M")
    );
    let mut batch = Batch::new(case_id, None, "");
    state.with_mut(|s| batch.add(s, &name, &mut bytes.as_slice()))?;
    Ok(batch.finish(&app))
}

/// Opens an evidence file of `case_id` with the system's default viewer.
#[tauri::command]
pub fn open_evidence<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    case_id: Id,
    sha256: String,
) -> CmdResult<()> {
    let path = state.with(|s| {
        stored_evidence(s, case_id, &sha256)?
            .map(|e| s.evidence_path(&e.data.sha256))
            .transpose()
    })?;
    let path = path.ok_or_else(|| {
        IpcError::field(
            "evidence.sha256",
            "not_found",
            "no evidence with this hash in this case",
        )
    })?;
    if !path.is_file() {
        return Err(IpcError::new(
            "evidence_missing",
            format!("the file is not in the data folder: {}", path.display()),
        ));
    }
    use tauri_plugin_opener::OpenerExt;
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| IpcError::new("io", format!("could not open the file: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_images_are_checked_by_signature_and_size() {
        assert_eq!(check_paste(b"\x89PNG\r\n\x1a\nrest").unwrap(), "png");
        assert_eq!(check_paste(&[0xFF, 0xD8, 0xFF, 0xE0]).unwrap(), "jpg");
        assert_eq!(check_paste(b"RIFF\0\0\0\0WEBPVP8 ").unwrap(), "webp");
        assert_eq!(check_paste(b"").unwrap_err().fields[0].code, "empty");
        let e = check_paste(b"<svg onload=alert(1)>").unwrap_err();
        assert_eq!(e.fields[0].code, "not_an_image");
        let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
        big.resize(MAX_PASTE_BYTES + 1, 0);
        assert_eq!(check_paste(&big).unwrap_err().fields[0].code, "too_large");
    }
}
