//! Writing an importer's capture: all of it in one transaction or nothing (no stray
//! evidence files), imported attempts marked with their source in the chain, and links
//! written before that mark existed hashing as they always did.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use expediente_core::chain::canonical_json;
use expediente_core::model::*;
use expediente_core::store::{case_chain, CaptureWrite, CapturedAttempt, CapturedFile};
use expediente_core::{Error, Store};

fn at(days_ago: i64) -> DateTime<FixedOffset> {
    (Utc::now() - Duration::days(days_ago)).with_timezone(&FixedOffset::west_opt(6 * 3600).unwrap())
}

fn setup() -> (tempfile::TempDir, Store, Id) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("data")).unwrap();
    let claimant = store
        .create_claimant(ClaimantDraft {
            full_name: "Ana Pérez".into(),
            ..Default::default()
        })
        .unwrap();
    let company = store
        .create_company(CompanyDraft {
            trade_name: "Telefónica Ejemplo".into(),
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
            opened_on: at(30).date_naive(),
            lang: Lang::Es,
            archived: None,
        })
        .unwrap();
    (dir, store, case.meta.id)
}

fn imported(item: &str, days_ago: i64) -> CapturedAttempt {
    let mut d = AttemptDraft::new(at(days_ago), Channel::Email, Outcome::CannedReply);
    d.direction = Direction::FromCompany;
    d.response = "Lamentamos el inconveniente.".into();
    d.imported_from = Some(ImportedFrom {
        file_name: "soporte.mbox".into(),
        file_sha256: "ab".repeat(32),
        item: item.into(),
    });
    CapturedAttempt {
        draft: d,
        files: vec![CapturedFile {
            name: format!("{item}.eml"),
            bytes: format!("Message-ID: {item}\r\n\r\nhola").into_bytes(),
            note: "correo original".into(),
        }],
    }
}

fn evidence_files(dir: &std::path::Path) -> usize {
    let root = dir.join("data").join("evidence");
    std::fs::read_dir(&root)
        .map(|d| {
            d.flatten()
                .map(|sub| {
                    std::fs::read_dir(sub.path())
                        .map(|f| f.count())
                        .unwrap_or(0)
                })
                .sum()
        })
        .unwrap_or(0)
}

#[test]
fn a_capture_is_written_whole_marked_as_imported_and_verifies() {
    let (_dir, mut store, case) = setup();
    let w = CaptureWrite {
        attempts: vec![imported("<1@ejemplo.mx>", 3), imported("<2@ejemplo.mx>", 2)],
        case_files: vec![CapturedFile {
            name: "factura.xml".into(),
            bytes: b"<cfdi/>".to_vec(),
            note: "comprobante de compra".into(),
        }],
        ..Default::default()
    };
    let out = store.write_capture(case, w).unwrap();
    assert_eq!(out.attempts.len(), 2);
    // Citation numbers as the store reads them back.
    for a in &out.attempts {
        assert_eq!(store.attempt(a.meta.id).unwrap().number, a.number);
    }
    assert_eq!(out.attempts[1].number, 2);
    assert_eq!(out.evidence.len(), 3);
    assert_eq!(
        out.evidence[0].data.attempt_id,
        Some(out.attempts[0].meta.id)
    );
    assert_eq!(out.evidence[2].data.attempt_id, None);
    let attempts = store.attempts(case).unwrap();
    assert_eq!(
        attempts[0].data.imported_from.as_ref().unwrap().item,
        "<1@ejemplo.mx>"
    );
    // The mark is in the hashed body of the link.
    let links = store.links(&case_chain(case)).unwrap();
    assert!(links.iter().any(|l| l.body.contains("\"imported_from\"")));
    assert!(store.verify_case(case).unwrap().ok);
    let items = store.imported_items(case).unwrap();
    assert!(items.contains("<2@ejemplo.mx>"));
}

#[test]
fn one_wrong_draft_writes_nothing_not_even_files() {
    let (dir, mut store, case) = setup();
    let before = store.chain_head(&case_chain(case)).unwrap();
    let mut bad = imported("<3@ejemplo.mx>", 1);
    bad.draft.happened_at = at(-30); // a month in the future
    let w = CaptureWrite {
        attempts: vec![imported("<4@ejemplo.mx>", 2), bad],
        ..Default::default()
    };
    match store.write_capture(case, w) {
        Err(Error::Invalid(e)) => {
            assert_eq!(e.codes_for("attempt.happened_at"), vec!["in_future"])
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(store.chain_head(&case_chain(case)).unwrap(), before);
    assert_eq!(evidence_files(dir.path()), 0);
}

#[test]
fn a_forged_source_hash_is_refused() {
    let (_dir, mut store, case) = setup();
    let mut a = imported("<5@ejemplo.mx>", 1);
    a.draft.imported_from.as_mut().unwrap().file_sha256 = "../../etc/passwd".into();
    let err = store
        .write_capture(
            case,
            CaptureWrite {
                attempts: vec![a],
                ..Default::default()
            },
        )
        .unwrap_err();
    let Error::Invalid(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        e.codes_for("attempt.imported_from.file_sha256"),
        vec!["invalid"]
    );
}

/// An attempt body as the release before imports wrote it: read and written back, it is
/// the same canonical text, so its link's hash is unchanged and old chains still verify.
#[test]
fn bodies_written_before_the_import_mark_hash_the_same() {
    let old = r#"{"agent":"Laura","asked":"Reembolso","channel":"phone","channel_detail":"800 123 4567","direction":"to_company","duration_secs":600,"formal_demand":false,"happened_at":"2026-03-01T10:00:00-06:00","outcome":"promise","promised_by":"2026-03-15","reference":"F-1","response":"En 15 días"}"#;
    let d: AttemptDraft = serde_json::from_str(old).unwrap();
    assert_eq!(d.imported_from, None);
    let again = canonical_json(&serde_json::to_value(&d).unwrap());
    assert_eq!(again, old);

    // And a store's hand-logged attempt still has no such key, and verifies.
    let (_dir, mut store, case) = setup();
    store
        .log_attempt(
            case,
            AttemptDraft::new(at(1), Channel::Phone, Outcome::NoResponse),
        )
        .unwrap();
    let links = store.links(&case_chain(case)).unwrap();
    assert!(!links.iter().any(|l| l.body.contains("imported_from")));
    assert!(store.verify_case(case).unwrap().ok);
}
