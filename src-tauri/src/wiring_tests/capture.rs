//! Capture over IPC: e-mails and invoices chosen in the open dialog are previewed for one
//! case (nothing written), written only by that preview's token, once; unreadable files
//! stop the write unless the user asks to import the rest; a read-only store is refused.

use serde_json::json;

use super::*;

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/capture/tests/fixtures")
        .join(name)
}

/// Answers the open dialog with `files` (debug builds read the variable; tests that set it
/// hold [`OPEN_FILES`] so they do not race).
fn choose(h: &Harness, case_id: &str, files: &[std::path::PathBuf]) -> Result<Value, Value> {
    std::env::set_var(
        "EXPEDIENTE_TEST_OPEN_FILES",
        std::env::join_paths(files).unwrap(),
    );
    let out = call(h, "choose_capture_files", json!({ "caseId": case_id }));
    std::env::remove_var("EXPEDIENTE_TEST_OPEN_FILES");
    out
}

fn attempts_of(h: &Harness, case_id: &str) -> Value {
    call(h, "get_case", json!({ "id": case_id })).unwrap()["stats"]["attempts"].clone()
}

#[test]
fn an_email_and_an_invoice_are_previewed_then_written_once_by_token() {
    let _env = OPEN_FILES.lock().unwrap_or_else(|p| p.into_inner());
    let h = harness();
    let case_id = new_case(&h);
    let preview = choose(
        &h,
        &case_id,
        &[fixture("latin1_es.eml"), fixture("cfdi40.xml")],
    )
    .unwrap();
    assert_eq!(preview["case_id"], case_id.as_str());
    assert_eq!(preview["sources"][0]["kind"], "email");
    assert_eq!(preview["sources"][1]["kind"], "cfdi");
    assert_eq!(preview["attempts"].as_array().unwrap().len(), 1);
    assert_eq!(preview["attempts"][0]["draft"]["channel"], "email");
    // The case had no amount, purchase date or RFC: the invoice fills them, by field.
    let facts = &preview["facts"];
    assert_eq!(facts["file"], "cfdi40.xml");
    assert!(facts["amount"]["minor"].as_u64().unwrap() > 0, "{facts}");
    assert!(facts["purchase_date"].is_string(), "{facts}");
    assert!(!facts["company_tax_id"].as_str().unwrap().is_empty());
    assert!(facts["company_legal_name"].is_string(), "{facts}");
    assert_eq!(preview["problems"].as_array().unwrap().len(), 0);
    assert!(
        preview["attempts"][0]["files"][0].get("bytes").is_none(),
        "file bytes stay in Rust"
    );
    assert_eq!(attempts_of(&h, &case_id), 0, "a preview writes nothing");

    let wrong = call(
        &h,
        "import_capture",
        json!({ "token": "1-99", "skipUnreadable": false }),
    )
    .unwrap_err();
    assert_eq!(wrong["fields"][0]["code"], "not_pending");
    let done = call(
        &h,
        "import_capture",
        json!({ "token": preview["token"], "skipUnreadable": false }),
    )
    .unwrap();
    assert_eq!(done["attempts"], 1);
    assert!(done["evidence"].as_u64().unwrap() >= 2, "{done}");
    assert_eq!(done["case_revised"], true);
    assert_eq!(attempts_of(&h, &case_id), 1);
    let again = call(
        &h,
        "import_capture",
        json!({ "token": preview["token"], "skipUnreadable": false }),
    )
    .unwrap_err();
    assert_eq!(
        again["fields"][0]["code"], "not_pending",
        "a token writes once"
    );

    // The same e-mail again is recognised and skipped: nothing new to write.
    let second = choose(&h, &case_id, &[fixture("latin1_es.eml")]).unwrap();
    assert_eq!(second["attempts"].as_array().unwrap().len(), 0);
    assert_eq!(second["duplicates"][0]["why"], "already_in_case");
    assert_eq!(second["nothing_new"], true);
}

#[test]
fn unreadable_files_stop_the_write_unless_the_rest_is_asked_for() {
    let _env = OPEN_FILES.lock().unwrap_or_else(|p| p.into_inner());
    let h = harness();
    let case_id = new_case(&h);
    let preview = choose(
        &h,
        &case_id,
        &[fixture("malformado.xml"), fixture("html_only_en.eml")],
    )
    .unwrap();
    let problem = &preview["problems"][0];
    assert_eq!(problem["file"], "malformado.xml");
    assert!(!problem["message_es"].as_str().unwrap().is_empty());
    assert!(!problem["message_en"].as_str().unwrap().is_empty());
    let refused = call(
        &h,
        "import_capture",
        json!({ "token": preview["token"], "skipUnreadable": false }),
    )
    .unwrap_err();
    assert_eq!(refused["fields"][0]["code"], "unreadable");
    assert_eq!(attempts_of(&h, &case_id), 0, "nothing written");
    // The preview is still pending: the user can choose to import what could be read.
    let done = call(
        &h,
        "import_capture",
        json!({ "token": preview["token"], "skipUnreadable": true }),
    )
    .unwrap();
    assert_eq!(done["attempts"], 1);
    assert_eq!(attempts_of(&h, &case_id), 1);
}

#[test]
fn a_read_only_store_and_an_unknown_case_are_refused_before_the_dialog() {
    let _env = OPEN_FILES.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let h = harness_with(AppState::open(dir.path()), tempfile::tempdir().unwrap());
    let case_id = new_case(&h);
    let unknown = choose(
        &h,
        "01900000-0000-7000-8000-000000000000",
        &[fixture("latin1_es.eml")],
    )
    .unwrap_err();
    assert_eq!(unknown["code"], "not_found");
    drop(h);
    let ro = expediente_core::Store::open_read_only(dir.path()).unwrap();
    let h = harness_with(AppState::with_store(ro), dir);
    let err = choose(&h, &case_id, &[fixture("latin1_es.eml")]).unwrap_err();
    assert_eq!(err["code"], "read_only");
    assert_eq!(attempts_of(&h, &case_id), 0);
}

#[test]
fn a_chat_is_read_again_with_the_name_the_claimant_uses_in_it() {
    let _env = OPEN_FILES.lock().unwrap_or_else(|p| p.into_inner());
    let h = harness();
    let case_id = new_case(&h); // the claimant is "Ana López"; the chat says "Ana Pérez"
    let first = choose(&h, &case_id, &[fixture("android_es.txt")]).unwrap();
    let dirs = |p: &Value| -> Vec<String> {
        p["attempts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["draft"]["direction"].as_str().unwrap().to_string())
            .collect()
    };
    // Not knowing which participant is the claimant, nothing is guessed: the chat is a problem.
    assert_eq!(first["attempts"].as_array().unwrap().len(), 0);
    assert_eq!(first["problems"][0]["file"], "android_es.txt");
    assert_eq!(first["nothing_new"], true);
    let again = call(
        &h,
        "reread_capture",
        json!({ "token": first["token"], "me": ["  Ana Pérez "] }),
    )
    .unwrap();
    assert_eq!(again["problems"].as_array().unwrap().len(), 0, "{again}");
    assert_ne!(again["token"], first["token"]);
    assert!(dirs(&again).contains(&"to_company".to_string()));
    assert_ne!(
        dirs(&first),
        dirs(&again),
        "the name changes who wrote what"
    );
    let stale = call(
        &h,
        "import_capture",
        json!({ "token": first["token"], "skipUnreadable": false }),
    )
    .unwrap_err();
    assert_eq!(
        stale["fields"][0]["code"], "not_pending",
        "the old preview is gone"
    );
    let done = call(
        &h,
        "import_capture",
        json!({ "token": again["token"], "skipUnreadable": false }),
    )
    .unwrap();
    assert_eq!(
        done["attempts"],
        again["attempts"].as_array().unwrap().len()
    );
}
