//! Evidence commands: list a case's files, add files chosen in a dialog, dropped on the
//! window or pasted from the clipboard, read an image's bytes for its thumbnail, and open a
//! file with the system's viewer.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use expediente_core::{Evidence, Id};
use serde::Serialize;
use tauri::ipc::{InvokeBody, Request, Response};
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::dialogs;
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

fn add_paths<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    case_id: Id,
    paths: &[PathBuf],
    attempt_id: Option<Id>,
    note: &str,
) -> CmdResult<Vec<Evidence>> {
    let mut added = Vec::new();
    for p in paths {
        if !p.is_file() {
            return Err(IpcError::field(
                "evidence.path",
                "not_a_file",
                &format!("{} is not a readable file", p.display()),
            ));
        }
        added.push(state.with_mut(|s| s.add_evidence(case_id, p, attempt_id, note))?);
    }
    if !added.is_empty() {
        emit_changed(app, "evidence", Some(case_id.to_string()));
    }
    Ok(added)
}

/// Opens a file dialog and adds the chosen files. Empty when the user cancels.
#[tauri::command]
pub async fn add_evidence<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    case_id: Id,
    attempt_id: Option<Id>,
    note: String,
) -> CmdResult<Vec<Evidence>> {
    let paths = dialogs::open_paths(&app)?;
    add_paths(&app, &state, case_id, &paths, attempt_id, &note)
}

/// Adds files the user dropped on the window (the paths come from the drop event).
#[tauri::command]
pub fn add_dropped_evidence<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    case_id: Id,
    paths: Vec<PathBuf>,
    attempt_id: Option<Id>,
) -> CmdResult<Vec<Evidence>> {
    if paths.len() > 100 {
        return Err(IpcError::field(
            "evidence.path",
            "too_many",
            "drop at most 100 files at once",
        ));
    }
    add_paths(&app, &state, case_id, &paths, attempt_id, "")
}

/// The bytes of an image attached to `case_id`, for its thumbnail (raw, not JSON).
#[tauri::command]
pub fn evidence_image(
    state: State<'_, AppState>,
    case_id: Id,
    sha256: String,
) -> CmdResult<Response> {
    let bytes = state.with(|s| {
        let found = s
            .evidence(case_id)?
            .into_iter()
            .find(|e| e.data.sha256 == sha256);
        match found {
            Some(e)
                if e.data.media_type.starts_with("image/") && e.data.size <= MAX_THUMB_BYTES =>
            {
                s.read_evidence(&sha256).map(Some)
            }
            _ => Ok(None),
        }
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
/// id travels in the `x-case-id` header. Stored as `captura-YYYY-MM-DD-HHMM.<ext>`.
/// Async so hashing and copying a big image runs off the window's thread.
#[tauri::command]
pub async fn paste_evidence<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CmdResult<Evidence> {
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
    let ev = state
        .with_mut(|s| s.add_evidence_reader(case_id, &name, &mut bytes.as_slice(), None, ""))?;
    emit_changed(&app, "evidence", Some(case_id.to_string()));
    Ok(ev)
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
        let known = s.evidence(case_id)?.iter().any(|e| e.data.sha256 == sha256);
        known.then(|| s.evidence_path(&sha256)).transpose()
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
