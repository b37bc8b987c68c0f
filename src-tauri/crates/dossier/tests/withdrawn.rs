//! A withdrawn evidence file is out of the dossier: not on the evidence pages, not
//! embedded, not required by the check from the PDF alone; its withdrawal is listed among
//! the corrections with its reason, and the dossier still checks clean.

mod common;

use chrono::{Duration, Local};
use common::*;
use expediente_core::{CaseDraft, CaseStatus, ClaimantDraft, CompanyDraft, Lang, Store};
use expediente_dossier::{attachments, check::check_dossier, from_store, Paper};

#[test]
fn a_withdrawn_file_is_neither_listed_nor_embedded_and_the_dossier_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("data")).unwrap();
    let claimant = store
        .create_claimant(ClaimantDraft {
            full_name: "Ana López".into(),
            ..Default::default()
        })
        .unwrap();
    let company = store
        .create_company(CompanyDraft {
            trade_name: "ConectaMóvil".into(),
            ..Default::default()
        })
        .unwrap();
    let case = store
        .create_case(CaseDraft {
            claimant_id: claimant.meta.id,
            company_id: company.meta.id,
            title: "Cobro indebido".into(),
            product: String::new(),
            account_ref: String::new(),
            purchase_date: None,
            amount: None,
            facts: String::new(),
            requests: String::new(),
            agency: "profeco".into(),
            agency_folio: String::new(),
            status: CaseStatus::Open,
            opened_on: chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
            lang: Lang::Es,
            archived: None,
        })
        .unwrap();
    let id = case.meta.id;
    store
        .add_evidence_reader(id, "recibo-correcto.txt", &mut &b"Total 8499"[..], None, "")
        .unwrap();
    let wrong = store
        .add_evidence_reader(
            id,
            "estado-de-cuenta-ajeno.txt",
            &mut &b"cuenta de otra persona"[..],
            None,
            "",
        )
        .unwrap();
    store
        .withdraw_evidence(wrong.meta.id, "Adjuntado por error al caso")
        .unwrap();

    let prepared = from_store::prepare(&store, id).unwrap();
    assert_eq!(prepared.bundle.evidence.len(), 1);
    // Generated a minute from now: after the withdrawal was recorded.
    let at = (Local::now() + Duration::minutes(1)).fixed_offset();
    let pdf = prepared.render(Paper::A4, at, None).unwrap();

    let inside = attachments(&pdf).unwrap();
    let names: Vec<&str> = inside.iter().map(|a| a.name.as_str()).collect();
    assert!(names.contains(&"recibo-correcto.txt"), "{names:?}");
    assert!(
        !names.contains(&"estado-de-cuenta-ajeno.txt"),
        "the withdrawn file is embedded: {names:?}"
    );
    assert!(!inside.iter().any(|a| a.bytes == b"cuenta de otra persona"));

    let file = dir.path().join("expediente.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let words = norm(&text(&file));
    assert!(words.contains("recibo-correcto.txt"), "{words}");
    assert!(
        !words.contains("estado-de-cuenta-ajeno"),
        "the withdrawn file is listed"
    );
    assert!(words.contains("Adjuntado por error al caso"), "{words}");

    let check = check_dossier(&pdf).unwrap();
    assert!(check.ok, "{:?}", check.problems);
    assert_eq!(check.attachments.verified, 1);
    assert!(check.attachments.missing.is_empty());
    assert_eq!(
        check.fingerprint.as_deref(),
        Some(store.fingerprint(id).unwrap().as_str())
    );
}
