//! Bringing data in over IPC: a case file is previewed before anything is written and
//! imported only by the token of that preview; a backup is restored into a new folder
//! beside the data folder, which becomes the data folder at the next start.

use serde_json::json;
use tauri::Manager;

use super::*;
use crate::state::DataDirSource;

#[test]
fn imports_a_case_after_a_preview_and_rejects_garbage() {
    let _env = OPEN_FILES.lock().unwrap_or_else(|p| p.into_inner());
    let from = harness();
    let case_id = new_case(&from);
    let export = from
        .webview
        .state::<AppState>()
        .with(|s| s.export_case(case_id.parse().unwrap()))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("caso.json");
    std::fs::write(&good, serde_json::to_vec(&export).unwrap()).unwrap();
    let bad = dir.path().join("roto.json");
    std::fs::write(&bad, b"{\"not\": \"a case\"}").unwrap();
    let pdf = dir.path().join("otro.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%%EOF\n").unwrap();

    let to = harness();
    // Only this test reads the variable; debug builds answer open dialogs with it.
    std::env::set_var("EXPEDIENTE_TEST_OPEN_FILES", &bad);
    let err = call(&to, "choose_case_file", json!({})).unwrap_err();
    std::env::set_var("EXPEDIENTE_TEST_OPEN_FILES", &pdf);
    let not_case = call(&to, "choose_case_file", json!({})).unwrap_err();
    std::env::set_var("EXPEDIENTE_TEST_OPEN_FILES", &good);
    let preview = call(&to, "choose_case_file", json!({})).unwrap();
    std::env::remove_var("EXPEDIENTE_TEST_OPEN_FILES");
    assert_eq!(err["code"], "bad_import");
    assert_eq!(not_case["field"], "import.file");
    assert_eq!(not_case["fields"][0]["code"], "not_a_case_file");
    assert_eq!(preview["file_name"], "caso.json");
    assert_eq!(preview["preview"]["case_id"], case_id.as_str());
    assert_eq!(preview["preview"]["title"], "Cobro indebido");
    let list = call(&to, "list_cases", json!({})).unwrap();
    assert_eq!(
        list.as_array().map(Vec::len),
        Some(0),
        "a preview writes nothing"
    );

    // Only the token of the file previewed imports it.
    let wrong = call(&to, "import_case_file", json!({ "token": "1-99" })).unwrap_err();
    assert_eq!(wrong["fields"][0]["code"], "not_pending");
    let done = call(
        &to,
        "import_case_file",
        json!({ "token": preview["token"] }),
    )
    .unwrap();
    assert_eq!(done["case_id"], case_id.as_str());
    let list = call(&to, "list_cases", json!({})).unwrap();
    assert_eq!(list[0]["title"], "Cobro indebido");
    let again = call(
        &to,
        "import_case_file",
        json!({ "token": preview["token"] }),
    )
    .unwrap_err();
    assert_eq!(
        again["fields"][0]["code"], "not_pending",
        "a token imports once"
    );
}

#[test]
fn a_backup_restores_beside_the_data_folder_and_is_chosen_for_the_next_start() {
    let _env = OPEN_FILES.lock().unwrap_or_else(|p| p.into_inner());
    let from = harness();
    let case_id = new_case(&from);
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("respaldo.expediente");
    from.webview
        .state::<AppState>()
        .with(|s| s.backup(&backup))
        .unwrap();
    let junk = dir.path().join("no-es-respaldo.expediente");
    std::fs::write(&junk, b"hola").unwrap();

    let data = dir.path().join("datos");
    let cfg = tempfile::tempdir().unwrap();
    let state =
        AppState::open(&data).with_location(DataDirSource::Default, Some(cfg.path().into()));
    let to = harness_with(state, tempfile::tempdir().unwrap());
    std::env::set_var("EXPEDIENTE_TEST_OPEN_FILES", &junk);
    let refused = call(&to, "restore_backup", json!({})).unwrap_err();
    std::env::set_var("EXPEDIENTE_TEST_OPEN_FILES", &backup);
    let restored = call(&to, "restore_backup", json!({})).unwrap();
    std::env::remove_var("EXPEDIENTE_TEST_OPEN_FILES");
    assert_eq!(refused["code"], "bad_import");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        4,
        "nothing left by the refused restore beside the backup, the junk and the data folder"
    );
    assert_eq!(restored["cases"], 1);
    let target = std::path::PathBuf::from(restored["dir"].as_str().unwrap());
    assert_eq!(target.parent(), Some(dir.path()));
    assert!(target
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("datos-restaurado-"));
    assert_eq!(restored["location"]["chosen"], target.display().to_string());
    assert_eq!(restored["location"]["restart_needed"], true);
    // The folder in use is untouched; the restored one holds the case and checks.
    assert!(call(&to, "list_cases", json!({}))
        .unwrap()
        .as_array()
        .unwrap()
        .is_empty());
    let reopened = expediente_core::Store::open(&target).unwrap();
    assert_eq!(reopened.cases().unwrap()[0].meta.id.to_string(), case_id);
    assert!(reopened.check_store(false).unwrap().ok);
}
