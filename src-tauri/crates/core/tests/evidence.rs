//! Evidence as its callers see it: a file attached by mistake is withdrawn by a revision
//! with a reason (kept in history, out of the dossier's bundle, the chain still verifying),
//! and the same bytes attached twice are reported before anything is written.

use expediente_core::model::*;
use expediente_core::store::Added;
use expediente_core::{Error, Store};

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    case: Id,
}

fn fixture() -> Fixture {
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
    Fixture {
        _dir: dir,
        store,
        case: case.meta.id,
    }
}

fn chain_len(store: &Store, case: Id) -> u32 {
    store
        .chain_head(&expediente_core::store::case_chain(case))
        .unwrap()
        .1
}

#[test]
fn a_withdrawn_file_leaves_the_bundle_but_stays_in_history_and_the_chain_verifies() {
    let mut f = fixture();
    let keep = f
        .store
        .add_evidence_reader(f.case, "ticket.pdf", &mut &b"%PDF-1.4 ticket"[..], None, "")
        .unwrap();
    let wrong = f
        .store
        .add_evidence_reader(f.case, "otra-persona.png", &mut &b"not mine"[..], None, "")
        .unwrap();
    let before = f.store.check_case(f.case, false).unwrap();
    assert!(before.ok, "{before:?}");
    assert_eq!(before.evidence_files, 2);

    // A reason is required, as for any correction; nothing is written without one.
    let len = chain_len(&f.store, f.case);
    let err = f.store.withdraw_evidence(wrong.meta.id, "  ").unwrap_err();
    assert!(matches!(err, Error::Invalid(ref v) if v.errors[0].field == "revision.reason"));
    assert_eq!(chain_len(&f.store, f.case), len);

    let w = f
        .store
        .withdraw_evidence(wrong.meta.id, "Adjuntado por error: es de otra persona")
        .unwrap();
    assert!(w.data.withdrawn);
    assert_eq!(w.meta.revision, 2);
    assert_eq!(w.data.sha256, wrong.data.sha256);
    assert_eq!(chain_len(&f.store, f.case), len + 1);

    // Listed as withdrawn for the app; out of the dossier's bundle; the withdrawal is one
    // of the corrections, with its reason.
    let all = f.store.evidence(f.case).unwrap();
    assert_eq!(all.len(), 2);
    assert!(all
        .iter()
        .any(|e| e.meta.id == wrong.meta.id && e.data.withdrawn));
    let bundle = f.store.bundle(f.case).unwrap();
    let names: Vec<&str> = bundle
        .evidence
        .iter()
        .map(|e| e.data.original_name.as_str())
        .collect();
    assert_eq!(names, ["ticket.pdf"]);
    let correction = bundle
        .corrections
        .iter()
        .find(|c| c.meta.id == wrong.meta.id)
        .expect("the withdrawal is a correction");
    assert_eq!(correction.kind, RecordKind::Evidence);
    assert_eq!(
        correction.meta.reason,
        "Adjuntado por error: es de otra persona"
    );

    // Kept in history: the original revision and the withdrawal.
    let history = f.store.history(wrong.meta.id).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].body["original_name"], "otra-persona.png");
    assert!(history[0].body.get("withdrawn").is_none());
    assert_eq!(history[1].body["withdrawn"], true);

    // The integrity check still verifies; the fingerprint moved with the chain's head and
    // is what the bundle carries; only the attached file counts as a file to check.
    let after = f.store.check_case(f.case, false).unwrap();
    assert!(after.ok, "{after:?}");
    assert_eq!(after.evidence_files, 1);
    assert_ne!(after.fingerprint, before.fingerprint);
    assert_eq!(after.fingerprint, bundle.fingerprint);
    assert_eq!(f.store.fingerprint(f.case).unwrap(), bundle.fingerprint);
    assert!(f.store.check_store(false).unwrap().ok);

    // The withdrawn file's bytes may go missing (it is not in the dossier): still clean.
    std::fs::remove_file(f.store.evidence_path(&wrong.data.sha256).unwrap()).unwrap();
    assert!(f.store.check_case(f.case, false).unwrap().ok);

    // Withdrawing twice is refused by field; the kept file is untouched.
    let again = f
        .store
        .withdraw_evidence(wrong.meta.id, "otra vez")
        .unwrap_err();
    assert!(matches!(again, Error::Invalid(ref v) if v.errors[0].code == "already_withdrawn"));
    assert!(
        !f.store
            .evidence_record(keep.meta.id)
            .unwrap()
            .data
            .withdrawn
    );
    let unknown = f.store.withdraw_evidence(new_id(), "x").unwrap_err();
    assert!(matches!(unknown, Error::NotFound { .. }));
}

#[test]
fn the_export_of_a_case_with_a_withdrawn_file_imports_and_rebuilds_the_same_bundle() {
    let mut f = fixture();
    let e = f
        .store
        .add_evidence_reader(f.case, "error.jpg", &mut &b"\xFF\xD8\xFFoops"[..], None, "")
        .unwrap();
    f.store
        .withdraw_evidence(e.meta.id, "No era de este caso")
        .unwrap();
    let export = f.store.export_case(f.case).unwrap();
    let rebuilt = expediente_core::exchange::bundle_from_export(&export).unwrap();
    assert!(rebuilt.evidence.is_empty());
    assert_eq!(
        rebuilt.fingerprint,
        f.store.bundle(f.case).unwrap().fingerprint
    );

    let dir = tempfile::tempdir().unwrap();
    let mut other = Store::open(dir.path()).unwrap();
    let bytes = serde_json::to_vec(&export).unwrap();
    let id = other.import_case(&bytes).unwrap();
    let listed = other.evidence(id).unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].data.withdrawn);
    // The withdrawn file never came along, and the imported case still checks clean.
    let report = other.check_case(id, false).unwrap();
    assert!(report.ok, "{report:?}");
}

#[test]
fn the_same_bytes_twice_are_reported_before_anything_is_written() {
    let mut f = fixture();
    let first = f
        .store
        .add_evidence_reader(f.case, "captura.png", &mut &b"\x89PNG same"[..], None, "")
        .unwrap();
    assert_eq!(
        f.store
            .attached_with_hash(f.case, &first.data.sha256)
            .unwrap()
            .map(|e| e.meta.id),
        Some(first.meta.id)
    );
    assert!(f
        .store
        .attached_with_hash(f.case, &"ab".repeat(32))
        .unwrap()
        .is_none());

    let len = chain_len(&f.store, f.case);
    // Another name, same bytes: still the same file.
    let added = f
        .store
        .add_evidence_once(
            f.case,
            "captura (1).png",
            &mut &b"\x89PNG same"[..],
            None,
            "",
        )
        .unwrap();
    match added {
        Added::AlreadyAttached {
            sha256,
            size,
            existing,
        } => {
            assert_eq!(sha256, first.data.sha256);
            assert_eq!(size, 9);
            assert_eq!(existing.meta.id, first.meta.id);
            assert_eq!(existing.data.original_name, "captura.png");
        }
        other => panic!("expected a duplicate, got {other:?}"),
    }
    assert_eq!(chain_len(&f.store, f.case), len, "nothing written");
    assert_eq!(f.store.evidence(f.case).unwrap().len(), 1);

    // Different bytes are added; the user's "yes" attaches the duplicate anew.
    let other = f
        .store
        .add_evidence_once(f.case, "otra.png", &mut &b"\x89PNG other"[..], None, "")
        .unwrap();
    assert!(matches!(other, Added::New(ref e) if e.data.original_name == "otra.png"));
    let again = f
        .store
        .attach_stored_again(f.case, &first.data.sha256, "captura (1).png", None, "")
        .unwrap();
    assert_eq!(again.data.sha256, first.data.sha256);
    assert_ne!(again.meta.id, first.meta.id);
    assert_eq!(f.store.evidence(f.case).unwrap().len(), 3);
    assert!(f
        .store
        .attach_stored_again(f.case, "../../etc/hostname", "x", None, "")
        .is_err());

    // In another case the same bytes are new; withdrawn ones do not count as attached.
    let w1 = f
        .store
        .withdraw_evidence(first.meta.id, "duplicado")
        .unwrap();
    let w2 = f
        .store
        .withdraw_evidence(again.meta.id, "duplicado")
        .unwrap();
    assert!(w1.data.withdrawn && w2.data.withdrawn);
    let back = f
        .store
        .add_evidence_once(f.case, "captura.png", &mut &b"\x89PNG same"[..], None, "")
        .unwrap();
    assert!(matches!(back, Added::New(_)));
}

#[test]
fn reading_evidence_takes_a_hash_never_a_path() {
    let f = fixture();
    for name in [
        "../../../../etc/hostname",
        "/etc/passwd",
        "",
        &"A".repeat(64),
    ] {
        let err = f.store.read_evidence(name).unwrap_err();
        assert!(matches!(err, Error::NotFound { .. }), "{name}: {err:?}");
    }
}
