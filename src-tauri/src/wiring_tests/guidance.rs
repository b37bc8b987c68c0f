//! The case's guidance over IPC: the next step with its reason, the clocks and the
//! agency's readiness checklist, as the case view shows them.

use serde_json::{json, Value};

use super::*;

#[test]
fn a_broken_promise_makes_filing_the_next_step_with_what_is_missing() {
    let h = harness();
    let case_id = new_case(&h);
    call(
        &h,
        "log_attempt",
        json!({"caseId": case_id, "draft": attempt("2026-02-01T10:00:00-06:00", "promise", json!("2026-02-10"))}),
    )
    .unwrap();
    let g = call(&h, "case_guidance", json!({"id": case_id})).unwrap();
    assert_eq!(g["agency"], "profeco");
    assert_eq!(g["next_step"]["kind"], "file_complaint");
    assert_eq!(g["next_step"]["overdue"], true);
    let es = g["next_step"]["text"]["es"].as_str().unwrap();
    assert!(
        es.starts_with("Prometido para el 10 feb") && es.contains("Presenta tu queja en PROFECO."),
        "{es}"
    );
    assert!(
        es.contains("Te falta:") && es.contains("comprobante de compra"),
        "{es}"
    );
    let kinds: Vec<&str> = g["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"promise") && kinds.contains(&"filing_window"),
        "{kinds:?}"
    );
    let missing: Vec<&Value> = g["readiness"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["ok"] == false)
        .collect();
    assert!(
        missing.iter().any(|i| i["target"] == "evidence.add"),
        "{missing:?}"
    );

    let err = call(
        &h,
        "case_guidance",
        json!({"id": "0190f0f0-0000-7000-8000-000000000000"}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "not_found");
}
