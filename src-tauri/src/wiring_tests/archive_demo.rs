//! Wiring tests of archiving and of the sample case over IPC, on the mock runtime: the
//! commands the UI calls, with the arguments it sends, and what the user's store holds
//! after (the demo never writes into it).

use serde_json::{json, Value};

use super::*;

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_demo_opens_beside_the_users_data_and_leaves_nothing_in_it() {
    let h = harness();
    let case = call(&h, "open_demo", json!({})).unwrap();
    let snap = call(&h, "app_snapshot", json!({})).unwrap();
    assert_eq!(snap["info"]["demo"], true);
    assert_eq!(ids(&snap["cases"]), [case.as_str().unwrap()]);
    // The window can work in the demo like in real data.
    call(&h, "get_case", json!({ "id": case })).unwrap();
    call(&h, "leave_demo", json!({})).unwrap();
    let snap = call(&h, "app_snapshot", json!({})).unwrap();
    assert_eq!(snap["info"]["demo"], false);
    assert_eq!(snap["info"]["first_run"], true, "still the welcome screen");
    assert_eq!(snap["cases"], json!([]));
    assert_eq!(snap["claimants"], json!([]));
    assert_eq!(snap["companies"], json!([]));
    // The user's database, read on its own: no record at all.
    let user = expediente_core::Store::open(h._dir.path()).unwrap();
    assert!(
        user.verify_all().unwrap().is_empty(),
        "no chain was started"
    );
    assert!(h._dir.path().join("demo").is_dir(), "the demo's own folder");
}

#[test]
fn archive_and_unarchive_over_ipc() {
    let h = harness();
    let dir = h._dir.path().to_path_buf();
    // Two cases in the user's store, made through the core.
    let (a, b) = {
        let state: tauri::State<'_, AppState> = tauri::Manager::state(&h.webview);
        state
            .with_mut(|s| Ok((s.load_demo()?, s.load_demo()?)))
            .unwrap()
    };
    let e = call(&h, "archive_case", json!({ "id": b, "reason": "" })).unwrap_err();
    assert_eq!(e["code"], "invalid");
    let archived = call(&h, "archive_case", json!({ "id": b, "reason": "Resuelto" })).unwrap();
    assert_eq!(archived["archived"], true);
    assert_eq!(archived["reason"], "Resuelto");
    let list = call(&h, "list_cases", json!({})).unwrap();
    assert_eq!(ids(&list), [a.to_string()]);
    let shelf = call(&h, "list_cases", json!({ "archived": true })).unwrap();
    assert_eq!(ids(&shelf), [b.to_string()]);
    let snap = call(&h, "app_snapshot", json!({})).unwrap();
    assert_eq!(snap["cases_total"], 1);
    assert_eq!(snap["archived_total"], 1);
    let history = call(&h, "record_history", json!({ "id": b })).unwrap();
    assert_eq!(history.as_array().unwrap().len(), 2);
    let report = call(&h, "verify_case", json!({ "id": b })).unwrap();
    assert_eq!(report["ok"], true);
    call(
        &h,
        "unarchive_case",
        json!({ "id": b, "reason": "Volvió a fallar" }),
    )
    .unwrap();
    assert_eq!(
        call(&h, "list_cases", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    drop(h);
    let store = expediente_core::Store::open(&dir).unwrap();
    assert!(store.verify_all().unwrap().iter().all(|r| r.ok));
}
