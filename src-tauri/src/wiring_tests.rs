//! Command-wiring tests: the real `wire()` on Tauri's mock runtime (no window, no display),
//! calling commands over IPC the way the UI does and checking what comes back.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindowBuilder};

use crate::state::AppState;

/// Held by every test that answers the open dialog through `EXPEDIENTE_TEST_OPEN_FILES`
/// (one process-wide variable; tests run in parallel).
static OPEN_FILES: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The evidence commands: drops by token, duplicates, withdrawal, files by hash only.
mod archive_demo;
mod capture;
mod evidence;
mod exchange;
mod guidance;

struct Harness {
    _app: tauri::App<tauri::test::MockRuntime>,
    webview: tauri::WebviewWindow<tauri::test::MockRuntime>,
    _dir: tempfile::TempDir,
}

fn harness() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::open(dir.path());
    harness_with(state, dir)
}

/// The app wired on the mock runtime around `state` (`dir` lives as long as it does).
fn harness_with(state: AppState, dir: tempfile::TempDir) -> Harness {
    let app = crate::wire(mock_builder())
        .manage(state)
        .build(mock_context(noop_assets()))
        .unwrap();
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    Harness {
        _app: app,
        webview,
        _dir: dir,
    }
}

/// One IPC call as the window makes it: `body` and `headers` as sent, the answer as JSON.
fn invoke(
    h: &Harness,
    cmd: &str,
    body: InvokeBody,
    headers: tauri::http::HeaderMap,
) -> Result<Value, Value> {
    get_ipc_response(
        &h.webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body,
            headers,
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

fn call(h: &Harness, cmd: &str, args: Value) -> Result<Value, Value> {
    invoke(h, cmd, InvokeBody::Json(args), Default::default())
}

fn claimant_and_company(h: &Harness) -> (String, String) {
    let c = call(
        h,
        "create_claimant",
        json!({"draft": {"full_name": "Ana López", "id_document": null, "address": "", "phone": "", "email": ""}}),
    )
    .unwrap();
    let co = call(
        h,
        "create_company",
        json!({"draft": {"trade_name": "ConectaMóvil", "legal_name": "", "tax_id": "", "address": "", "website": "", "channels": []}}),
    )
    .unwrap();
    (
        c["id"].as_str().unwrap().to_string(),
        co["id"].as_str().unwrap().to_string(),
    )
}

fn new_case(h: &Harness) -> String {
    let (claimant, company) = claimant_and_company(h);
    let case = call(
        h,
        "create_case",
        json!({"draft": {
            "claimant_id": claimant, "company_id": company, "title": "Cobro indebido",
            "product": "", "account_ref": "", "purchase_date": null, "amount": null, "facts": "",
            "requests": "", "agency": "profeco", "agency_folio": "", "status": "open",
            "opened_on": "2026-01-05", "lang": "es"}}),
    )
    .unwrap();
    case["id"].as_str().unwrap().to_string()
}

fn attempt(happened_at: &str, outcome: &str, promised_by: Value) -> Value {
    json!({
        "happened_at": happened_at, "direction": "to_company", "channel": "phone",
        "channel_detail": "800 123 4567", "agent": "Luis", "reference": "T-1",
        "duration_secs": 300, "asked": "Reembolso", "outcome": outcome, "response": "",
        "promised_by": promised_by, "formal_demand": true
    })
}

#[test]
fn first_run_then_case_appears_in_the_list() {
    let h = harness();
    let info = call(&h, "app_snapshot", json!({})).unwrap()["info"].clone();
    assert_eq!(info["first_run"], true);
    assert!(info["startup_error"].is_null());
    let id = new_case(&h);
    let info = call(&h, "app_snapshot", json!({})).unwrap()["info"].clone();
    assert_eq!(info["first_run"], false);
    assert!(
        info["default_claimant"].is_string(),
        "first claimant becomes the default"
    );
    // What the window reads at start and after each change, in one call.
    let snap = call(&h, "app_snapshot", json!({})).unwrap();
    assert_eq!(snap["info"]["first_run"], false);
    assert_eq!(snap["settings"]["language"], "auto");
    assert_eq!(snap["claimants"].as_array().unwrap().len(), 1);
    assert_eq!(snap["companies"].as_array().unwrap().len(), 1);
    let list = &snap["cases"];
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["title"], "Cobro indebido");
}

#[test]
fn log_attempt_returns_field_errors_and_writes_nothing() {
    let h = harness();
    let case_id = new_case(&h);
    let err = call(
        &h,
        "log_attempt",
        json!({"caseId": case_id, "draft": attempt("2099-01-01T10:00:00-06:00", "promise", Value::Null)}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert_eq!(err["field"], "attempt.happened_at");
    let fields: Vec<(&str, &str)> = err["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert!(fields.contains(&("attempt.happened_at", "in_future")));
    assert!(fields.contains(&("attempt.promised_by", "required")));
    let page = json!({"caseId": case_id, "newestFirst": true, "offset": 0, "limit": 100});
    let list = call(&h, "attempt_page", page.clone()).unwrap();
    assert_eq!(list["total"], 0);
    assert_eq!(list["attempts"].as_array().unwrap().len(), 0);
    let too_many = json!({"caseId": case_id, "newestFirst": true, "offset": 0, "limit": 100000});
    let err = call(&h, "attempt_page", too_many).unwrap_err();
    assert_eq!(err["field"], "timeline.limit");

    let ok = call(
        &h,
        "log_attempt",
        json!({"caseId": case_id, "draft": attempt("2026-02-01T10:00:00-06:00", "no_response", Value::Null)}),
    )
    .unwrap();
    assert_eq!(ok["revision"], 1);
    let view = call(&h, "get_case", json!({"id": case_id})).unwrap();
    assert_eq!(view["stats"]["attempts"], 1);
    assert_eq!(view["stats"]["formal_demands"], 1);
    assert_eq!(view["company"]["trade_name"], "ConectaMóvil");
    assert_eq!(view["last_channel"], "phone");
    let list = call(&h, "attempt_page", page).unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(list["attempts"][0]["reference"], "T-1");
}

/// The new-case form with a new company: every wrong field of both in one answer and
/// nothing written; then both written by one call.
#[test]
fn a_case_with_a_new_company_is_one_write() {
    let h = harness();
    let (claimant, _) = claimant_and_company(&h);
    let company = json!({"trade_name": " ", "legal_name": "", "tax_id": "", "address": "", "website": "", "channels": []});
    let mut draft = json!({"claimant_id": claimant, "company_id": "00000000-0000-0000-0000-000000000000",
        "title": "", "product": "", "account_ref": "", "purchase_date": null, "amount": null, "facts": "",
        "requests": "", "agency": "profeco", "agency_folio": "", "status": "open", "opened_on": "2026-01-05", "lang": "es"});
    let args = |company: &Value, draft: &Value| json!({"company": company, "draft": draft});
    let err = call(&h, "create_case_with_company", args(&company, &draft)).unwrap_err();
    let fields: Vec<&str> = err["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["case.title", "company.trade_name"]);
    let snap = call(&h, "app_snapshot", json!({})).unwrap();
    assert_eq!(
        snap["companies"].as_array().unwrap().len(),
        1,
        "no company written"
    );
    draft["title"] = json!("Cobro indebido");
    let case = call(
        &h,
        "create_case_with_company",
        args(
            &json!({"trade_name": "Telefónica Uno", "legal_name": "",
        "tax_id": "", "address": "", "website": "", "channels": []}),
            &draft,
        ),
    )
    .unwrap();
    let view = call(&h, "get_case", json!({"id": case["id"]})).unwrap();
    assert_eq!(view["company"]["trade_name"], "Telefónica Uno");
}

#[test]
fn revising_needs_a_reason_and_keeps_history() {
    let h = harness();
    let case_id = new_case(&h);
    let a = call(
        &h,
        "log_attempt",
        json!({"caseId": case_id, "draft": attempt("2026-02-01T10:00:00-06:00", "no_response", Value::Null)}),
    )
    .unwrap();
    let id = a["id"].as_str().unwrap();
    let draft = attempt("2026-02-01T10:00:00-06:00", "canned_reply", Value::Null);
    let err = call(
        &h,
        "revise_attempt",
        json!({"attemptId": id, "draft": draft, "reason": ""}),
    )
    .unwrap_err();
    assert_eq!(err["field"], "revision.reason");
    call(
        &h,
        "revise_attempt",
        json!({"attemptId": id, "draft": draft, "reason": "Sí contestaron"}),
    )
    .unwrap();
    let hist = call(&h, "record_history", json!({"id": id})).unwrap();
    assert_eq!(hist.as_array().unwrap().len(), 2);
    assert_eq!(hist[1]["reason"], "Sí contestaron");
}

#[test]
fn unknown_ids_and_bad_settings_are_structured_errors() {
    let h = harness();
    let err = call(
        &h,
        "get_case",
        json!({"id": "0190f0f0-0000-7000-8000-000000000000"}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "not_found");
    let err = call(&h, "set_settings", json!({"settings": {"language": "fr"}})).unwrap_err();
    assert_eq!(err["field"], "settings.language");
    let s = call(&h, "set_settings", json!({"settings": {"language": "en"}})).unwrap();
    assert_eq!(s["language"], "en");
    assert_eq!(
        call(&h, "app_snapshot", json!({})).unwrap()["settings"]["language"],
        "en"
    );
}

#[test]
fn a_store_that_cannot_open_is_reported_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, b"x").unwrap();
    let state = AppState::open(&file);
    assert!(state.startup_error().is_some());
    let h = harness_with(state, dir);
    let snap = call(&h, "app_snapshot", json!({})).unwrap();
    assert!(snap["info"]["startup_error"]["code"].is_string());
    assert_eq!(snap["cases"].as_array().unwrap().len(), 0);
    let err = call(&h, "list_cases", json!({})).unwrap_err();
    assert!(err["message"]
        .as_str()
        .unwrap()
        .contains("could not be opened"));
    // The integrity check opens its own connection: it must refuse the same way, not
    // create a store where the broken one is.
    let err = call(
        &h,
        "verify_case",
        json!({"id": "0190f0f0-0000-7000-8000-000000000000"}),
    )
    .unwrap_err();
    assert!(err["message"]
        .as_str()
        .unwrap()
        .contains("could not be opened"));
}

#[test]
fn exports_write_json_and_pdf_where_the_save_dialog_points() {
    let h = harness();
    let case_id = new_case(&h);
    call(
        &h,
        "log_attempt",
        json!({"caseId": case_id, "draft": attempt("2026-02-01T10:00:00-06:00", "canned_reply", Value::Null)}),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    // Only this test reads the variable; debug builds answer save dialogs with it.
    std::env::set_var("EXPEDIENTE_TEST_SAVE_DIR", out.path());
    let json_path = call(&h, "export_case_json", json!({"caseId": case_id})).unwrap();
    let pdf_path = call(
        &h,
        "export_dossier_pdf",
        json!({"caseId": case_id, "paper": "letter"}),
    )
    .unwrap();
    let bad = call(
        &h,
        "export_dossier_pdf",
        json!({"caseId": case_id, "paper": "a3"}),
    )
    .unwrap_err();
    let backup = call(&h, "backup_data", json!({})).unwrap();
    // A save over a folder fails at the rename: an io error, and no hidden
    // `.cobro-indebido.json.*.tmp` left beside it.
    let taken = out.path().join("cobro-indebido.json");
    let saved = std::fs::read(&taken).unwrap();
    std::fs::remove_file(&taken).unwrap();
    std::fs::create_dir(&taken).unwrap();
    let failed = call(&h, "export_case_json", json!({"caseId": case_id})).unwrap_err();
    std::env::remove_var("EXPEDIENTE_TEST_SAVE_DIR");
    assert_eq!(failed["code"], "io");
    let left: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    std::fs::remove_dir(&taken).unwrap();
    std::fs::write(&taken, saved).unwrap();
    assert!(std::fs::metadata(backup.as_str().unwrap()).unwrap().len() > 0);

    let json_path = std::path::PathBuf::from(json_path.as_str().unwrap());
    assert_eq!(json_path, out.path().join("cobro-indebido.json"));
    let exported: Value = serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    assert!(exported.to_string().contains("Cobro indebido"));
    let pdf = std::fs::read(pdf_path.as_str().unwrap()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(bad["field"], "export.paper");
    let refused = call(&h, "open_export", json!({"path": "/etc/passwd"})).unwrap_err();
    assert_eq!(refused["field"], "export.path");
    let refused = call(&h, "reveal_export", json!({"path": "/etc/passwd"})).unwrap_err();
    assert_eq!(refused["field"], "export.path");
}

fn call_raw(h: &Harness, cmd: &str, body: Vec<u8>, case_id: &str) -> Result<Value, Value> {
    let mut headers = tauri::http::HeaderMap::new();
    headers.insert("x-case-id", case_id.parse().unwrap());
    invoke(h, cmd, InvokeBody::Raw(body), headers)
}

#[test]
fn a_pasted_screenshot_becomes_evidence_and_garbage_is_refused() {
    let h = harness();
    let case_id = new_case(&h);
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake but signed".to_vec();
    let ev = call_raw(&h, "paste_evidence", png, &case_id).unwrap()["added"][0].clone();
    let name = ev["original_name"].as_str().unwrap();
    assert!(
        name.starts_with("captura-20") && name.ends_with(".png"),
        "{name}"
    );
    assert_eq!(ev["media_type"], "image/png");
    let listed = call(&h, "list_evidence", json!({"caseId": case_id})).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);

    let bad = call_raw(&h, "paste_evidence", b"<html>".to_vec(), &case_id).unwrap_err();
    assert_eq!(bad["fields"][0]["code"], "not_an_image");
    let bad = call_raw(&h, "paste_evidence", b"\x89PNG\r\n\x1a\n".to_vec(), "nope").unwrap_err();
    assert_eq!(bad["field"], "evidence.case_id");
    let bad = call(&h, "paste_evidence", json!({"caseId": case_id})).unwrap_err();
    assert_eq!(bad["code"], "invalid");
    assert_eq!(
        call(&h, "list_evidence", json!({"caseId": case_id}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Only evidence of this case can be opened.
    let refused = call(
        &h,
        "open_evidence",
        json!({"caseId": case_id, "sha256": "ab".repeat(32)}),
    )
    .unwrap_err();
    assert_eq!(refused["field"], "evidence.sha256");
}

#[test]
fn settings_keep_the_date_format_and_report_the_data_folder() {
    let h = harness();
    let saved = call(
        &h,
        "set_settings",
        json!({"settings": {"language": "es", "date_format": "iso"}}),
    )
    .unwrap();
    assert_eq!(saved["date_format"], "iso");
    assert_eq!(
        call(&h, "app_snapshot", json!({})).unwrap()["settings"]["date_format"],
        "iso"
    );
    let bad = call(
        &h,
        "set_settings",
        json!({"settings": {"language": "es", "date_format": "dd.mm"}}),
    )
    .unwrap_err();
    assert_eq!(bad["field"], "settings.date_format");
    let loc = call(&h, "data_location", json!({})).unwrap();
    assert_eq!(loc["current"], h._dir.path().display().to_string());
    assert_eq!(loc["restart_needed"], false);
}

#[test]
fn the_data_folder_flag_beats_the_folder_chosen_in_settings() {
    let cfg = tempfile::tempdir().unwrap();
    let chosen = tempfile::tempdir().unwrap();
    crate::config::save(
        cfg.path(),
        &crate::config::AppConfig {
            data_dir: Some(chosen.path().to_path_buf()),
        },
    )
    .unwrap();
    let flag = crate::args::Options {
        data_dir: Some("/tmp/flag".into()),
        demo: false,
    };
    let (dir, source) = crate::data_dir(&flag, Some(cfg.path())).unwrap();
    assert_eq!(dir, std::path::PathBuf::from("/tmp/flag"));
    assert_eq!(source, crate::state::DataDirSource::Flag);
    if std::env::var_os(expediente_core::store::DATA_DIR_ENV).is_none() {
        let (dir, source) =
            crate::data_dir(&crate::args::Options::default(), Some(cfg.path())).unwrap();
        assert_eq!(dir, chosen.path());
        assert_eq!(source, crate::state::DataDirSource::Config);
    }
}

/// The full check over IPC: a clean case verifies with what was checked counted; then an
/// attempt's stored content and an evidence file's bytes are changed behind the app's back
/// and the report names attempt #2 and the file by its name, with stable codes.
#[test]
fn verify_case_reports_what_changed_by_attempt_number_and_file_name() {
    let h = harness();
    let case_id = new_case(&h);
    for day in ["01", "02", "03"] {
        call(
            &h,
            "log_attempt",
            json!({"caseId": case_id, "draft": attempt(&format!("2026-02-{day}T10:00:00-06:00"), "canned_reply", Value::Null)}),
        )
        .unwrap();
    }
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake but signed".to_vec();
    let ev = call_raw(&h, "paste_evidence", png, &case_id).unwrap()["added"][0].clone();
    let sha = ev["sha256"].as_str().unwrap().to_string();
    let file_name = ev["original_name"].as_str().unwrap().to_string();

    let ok = call(&h, "verify_case", json!({"id": case_id})).unwrap();
    assert_eq!(ok["ok"], true, "{ok}");
    assert_eq!(ok["problems"], json!([]));
    // The case chain (case, 3 attempts, 1 evidence) and the directory (claimant, company).
    assert_eq!(ok["links"], 7);
    assert_eq!(ok["evidence_files"], 1);
    assert_eq!(ok["evidence_checked"], true);
    let fingerprint = ok["fingerprint"].as_str().unwrap();
    assert!(
        expediente_core::integrity::is_sha256(fingerprint),
        "{fingerprint}"
    );

    let state = h.webview.state::<AppState>();
    state
        .with(|s| {
            let conn = s.connection();
            conn.execute_batch("DROP TRIGGER records_no_update")?;
            let n = conn.execute(
                "UPDATE records SET body = replace(body, 'Luis', 'Luisa')
                 WHERE chain LIKE 'case:%' AND chain_index = 2",
                [],
            )?;
            assert_eq!(n, 1);
            std::fs::write(s.evidence_path(&sha)?, b"other bytes")?;
            Ok(())
        })
        .unwrap();

    let broken = call(&h, "verify_case", json!({"id": case_id})).unwrap();
    assert_eq!(broken["ok"], false);
    let problems = broken["problems"].as_array().unwrap();
    let changed = problems
        .iter()
        .find(|p| p["code"] == "link_changed")
        .unwrap_or_else(|| panic!("no link_changed in {broken}"));
    assert_eq!(changed["attempt_number"], 2);
    assert_eq!(changed["kind"], "attempt");
    assert_eq!(changed["index"], 2);
    let file = problems
        .iter()
        .find(|p| p["code"] == "evidence_changed")
        .unwrap_or_else(|| panic!("no evidence_changed in {broken}"));
    assert_eq!(file["file_name"], file_name.as_str());
    assert_eq!(file["sha256"], sha.as_str());
    assert!(!file["detail"].as_str().unwrap().is_empty());

    let missing = call(
        &h,
        "verify_case",
        json!({"id": "0190f0f0-0000-7000-8000-000000000000"}),
    )
    .unwrap_err();
    assert_eq!(missing["code"], "not_found");
}

/// Every command the shell registers is declared for tauri-build and allowed to the window,
/// and the window is allowed nothing else of ours: a command missing from the capability
/// fails only in the real window ("not allowed by ACL").
#[test]
fn registered_commands_match_the_build_list_and_the_capability() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    let handler = &lib[lib.find("generate_handler![").unwrap()..];
    let handler = &handler[..handler.find(']').unwrap()];
    let mut registered: Vec<String> = handler
        .split(',')
        .filter_map(|s| s.trim().rsplit("::").next().map(str::to_string))
        .filter(|s| !s.is_empty() && !s.starts_with("generate_handler"))
        .collect();
    registered.sort();

    let build = std::fs::read_to_string(root.join("build.rs")).unwrap();
    let list = &build[build.find("COMMANDS").unwrap()..build.find("];").unwrap()];
    let mut declared: Vec<String> = list
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    declared.sort();
    assert_eq!(registered, declared, "lib.rs and build.rs disagree");

    let cap: Value =
        serde_json::from_slice(&std::fs::read(root.join("capabilities/main.json")).unwrap())
            .unwrap();
    let mut allowed: Vec<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    allowed.sort();
    assert_eq!(
        registered, allowed,
        "the capability does not allow exactly our commands"
    );
}
