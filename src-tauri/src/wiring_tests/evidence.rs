//! Evidence over IPC as a compromised page would try it: it cannot name a path to attach
//! (only a drop Rust saw, by a one-time token) nor read one back as a thumbnail; the same
//! bytes twice are held for the user's answer; a withdrawal needs a reason.

use std::sync::mpsc;

use serde_json::{json, Value};
use tauri::ipc::InvokeResponseBody;
use tauri::{DragDropEvent, Listener, WindowEvent};

use super::*;

/// Simulates the OS dropping `paths` on the window: the window event Tauri delivers (the
/// mock runtime has no real drag and drop), after a drag that only entered and moved, which
/// must not count. Returns the token the window is told.
fn os_drop(h: &Harness, paths: &[std::path::PathBuf]) -> String {
    let (tx, rx) = mpsc::channel();
    let id = h._app.listen_any(crate::drops::DROPPED_EVENT, move |e| {
        let _ = tx.send(e.payload().to_string());
    });
    let position = tauri::PhysicalPosition::new(10.0, 10.0);
    let app = h._app.handle();
    for event in [
        DragDropEvent::Enter {
            paths: paths.to_vec(),
            position,
        },
        DragDropEvent::Over { position },
        DragDropEvent::Leave,
    ] {
        crate::drops::on_window_event(app, &WindowEvent::DragDrop(event));
    }
    assert!(
        rx.try_recv().is_err(),
        "a drag that was not dropped is no drop"
    );
    let drop = DragDropEvent::Drop {
        paths: paths.to_vec(),
        position,
    };
    crate::drops::on_window_event(app, &WindowEvent::DragDrop(drop));
    let payload: Value =
        serde_json::from_str(&rx.recv_timeout(std::time::Duration::from_secs(5)).unwrap()).unwrap();
    h._app.unlisten(id);
    assert_eq!(payload["count"], paths.len());
    assert!(payload.get("paths").is_none(), "{payload}");
    payload["token"].as_str().unwrap().to_string()
}

fn evidence_list(h: &Harness, case_id: &str) -> Vec<Value> {
    call(h, "list_evidence", json!({"caseId": case_id}))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// `evidence_image` answers raw bytes, not JSON.
fn image(h: &Harness, case_id: &str, sha256: &str) -> Result<Vec<u8>, Value> {
    get_ipc_response(
        &h.webview,
        InvokeRequest {
            cmd: "evidence_image".into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(json!({"caseId": case_id, "sha256": sha256})),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| match b {
        InvokeResponseBody::Raw(bytes) => bytes,
        InvokeResponseBody::Json(j) => j.into_bytes(),
    })
}

#[test]
fn the_page_cannot_name_a_file_to_attach_only_attach_what_the_os_dropped() {
    let h = harness();
    let case_id = new_case(&h);
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("id_ed25519");
    std::fs::write(&secret, b"-----BEGIN OPENSSH PRIVATE KEY-----").unwrap();

    // The old call shape, with paths the page chose: refused, nothing read or written.
    let path = secret.display().to_string();
    let err = call(
        &h,
        "add_dropped_evidence",
        json!({"caseId": case_id, "paths": [path], "attemptId": null}),
    );
    assert!(err.is_err(), "{err:?}");
    // A path (or anything) passed as the token is not a drop.
    for token in [path.as_str(), "", "00000000000000000000000000000000"] {
        let err = call(
            &h,
            "add_dropped_evidence",
            json!({"caseId": case_id, "token": token, "attemptId": null, "paths": [path]}),
        )
        .unwrap_err();
        assert_eq!(err["field"], "evidence.drop", "{err}");
        assert_eq!(err["fields"][0]["code"], "expired");
    }
    assert!(evidence_list(&h, &case_id).is_empty());

    // What the OS dropped is attached by its token, once.
    let ticket = outside.path().join("ticket.png");
    std::fs::write(&ticket, b"\x89PNG\r\n\x1a\nticket").unwrap();
    let token = os_drop(&h, std::slice::from_ref(&ticket));
    let out = call(
        &h,
        "add_dropped_evidence",
        json!({"caseId": case_id, "token": token, "attemptId": null}),
    )
    .unwrap();
    assert_eq!(out["added"][0]["original_name"], "ticket.png");
    assert_eq!(out["duplicates"], json!([]));
    let again = call(
        &h,
        "add_dropped_evidence",
        json!({"caseId": case_id, "token": token, "attemptId": null}),
    )
    .unwrap_err();
    assert_eq!(again["field"], "evidence.drop");
    assert_eq!(evidence_list(&h, &case_id).len(), 1);
}

#[test]
fn thumbnails_come_only_from_stored_evidence_by_hash() {
    let h = harness();
    let case_id = new_case(&h);
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake but signed".to_vec();
    let sha = call_raw(&h, "paste_evidence", png.clone(), &case_id).unwrap()["added"][0]["sha256"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(image(&h, &case_id, &sha).unwrap(), png);

    let stored = h
        .webview
        .state::<AppState>()
        .with(|s| s.evidence_path(&sha))
        .unwrap();
    let hostname = "../../../../../../../../etc/hostname".to_string();
    for name in [
        hostname,
        "/etc/passwd".to_string(),
        stored.display().to_string(),
        format!("{}/../{sha}", &sha[..2]),
        sha.to_uppercase(),
        "ab".repeat(32),
    ] {
        let err = image(&h, &case_id, &name).unwrap_err();
        assert_eq!(err["field"], "evidence.sha256", "{name}: {err}");
        let err = call(
            &h,
            "open_evidence",
            json!({"caseId": case_id, "sha256": name}),
        )
        .unwrap_err();
        assert_eq!(err["field"], "evidence.sha256", "{name}: {err}");
    }
    // Another case's file is not this case's.
    let other = new_case(&h);
    assert!(image(&h, &other, &sha).is_err());
}

#[test]
fn the_same_file_twice_waits_for_the_users_answer() {
    let h = harness();
    let case_id = new_case(&h);
    let png = b"\x89PNG\r\n\x1a\nsame bytes".to_vec();
    let first = call_raw(&h, "paste_evidence", png.clone(), &case_id).unwrap();
    let first_id = first["added"][0]["id"].clone();

    let dup = call_raw(&h, "paste_evidence", png, &case_id).unwrap();
    assert_eq!(dup["added"], json!([]));
    assert_eq!(dup["duplicates"][0]["existing"]["id"], first_id);
    assert!(dup["duplicates"][0]["existing"]["recorded_at"].is_string());
    assert_eq!(evidence_list(&h, &case_id).len(), 1, "nothing written yet");

    // The same bytes dropped under another name: held too.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copia.png");
    std::fs::write(&copy, b"\x89PNG\r\n\x1a\nsame bytes").unwrap();
    let token = os_drop(&h, &[copy]);
    let dropped = call(
        &h,
        "add_dropped_evidence",
        json!({"caseId": case_id, "token": token, "attemptId": null}),
    )
    .unwrap();
    assert_eq!(dropped["duplicates"][0]["original_name"], "copia.png");

    // "Yes": attached again, once per question; "no" is simply not asking.
    let ask = dropped["token"].as_str().unwrap();
    let added = call(&h, "attach_again", json!({"token": ask})).unwrap();
    assert_eq!(added[0]["original_name"], "copia.png");
    assert!(call(&h, "attach_again", json!({"token": ask})).is_err());
    assert_eq!(evidence_list(&h, &case_id).len(), 2);
    let ok = call(&h, "verify_case", json!({"id": case_id})).unwrap();
    assert_eq!(ok["ok"], true, "{ok}");
}

#[test]
fn a_withdrawn_file_needs_a_reason_and_is_listed_as_withdrawn() {
    let h = harness();
    let case_id = new_case(&h);
    let png = b"\x89PNG\r\n\x1a\nwrong file".to_vec();
    let id = call_raw(&h, "paste_evidence", png, &case_id).unwrap()["added"][0]["id"].clone();
    let err = call(
        &h,
        "withdraw_evidence",
        json!({"evidenceId": id, "reason": ""}),
    )
    .unwrap_err();
    assert_eq!(err["field"], "revision.reason");
    let w = call(
        &h,
        "withdraw_evidence",
        json!({"evidenceId": id, "reason": "No era de este caso"}),
    )
    .unwrap();
    assert_eq!(w["withdrawn"], true);
    let list = evidence_list(&h, &case_id);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["withdrawn"], true);
    assert_eq!(list[0]["reason"], "No era de este caso");
    let hist = call(&h, "record_history", json!({"id": id})).unwrap();
    assert_eq!(hist.as_array().unwrap().len(), 2);
    let report = call(&h, "verify_case", json!({"id": case_id})).unwrap();
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["evidence_files"], 0);
}
