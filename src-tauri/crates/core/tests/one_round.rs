//! Validation in one round, with no side effects: every wrong field of a save comes back
//! together, and a new company and its case are written together or not at all.

use chrono::{Duration, NaiveDate, Utc};
use expediente_core::model::*;
use expediente_core::{Error, Store};

fn store() -> (tempfile::TempDir, Store, Id) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("data")).unwrap();
    let claimant = store
        .create_claimant(ClaimantDraft {
            full_name: "Ana López".into(),
            ..Default::default()
        })
        .unwrap();
    (dir, store, claimant.meta.id)
}

fn records(store: &Store) -> i64 {
    store
        .connection()
        .query_row("SELECT COUNT(*) FROM records", [], |r| r.get(0))
        .unwrap()
}

fn case_draft(claimant: Id, title: &str) -> CaseDraft {
    CaseDraft {
        claimant_id: claimant,
        // Replaced by the new company's id.
        company_id: Id::nil(),
        title: title.into(),
        product: String::new(),
        account_ref: String::new(),
        purchase_date: None,
        amount: None,
        facts: String::new(),
        requests: String::new(),
        agency: "profeco".into(),
        agency_folio: String::new(),
        status: CaseStatus::Open,
        opened_on: NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
        lang: Lang::Es,
        archived: None,
    }
}

fn company(name: &str) -> CompanyDraft {
    CompanyDraft {
        trade_name: name.into(),
        ..Default::default()
    }
}

fn invalid(r: Result<impl std::fmt::Debug, Error>) -> expediente_core::ValidationErrors {
    match r {
        Err(Error::Invalid(v)) => v,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// The empty new-case form with a new company: one save names the title and the company's
/// name together, and neither the company nor the case is written.
#[test]
fn empty_case_with_a_new_company_reports_every_field_and_writes_nothing() {
    let (_dir, mut store, claimant) = store();
    let before = records(&store);
    let e = invalid(store.create_case_with_company(company("  "), case_draft(claimant, "")));
    assert_eq!(e.codes_for("case.title"), vec!["required"]);
    assert_eq!(e.codes_for("company.trade_name"), vec!["required"]);
    assert_eq!(records(&store), before, "nothing written");
    assert!(store.companies().unwrap().is_empty());
    assert!(store.cases().unwrap().is_empty());
}

/// A valid company with an invalid case still writes nothing: the company is not left
/// behind by a case that failed.
#[test]
fn a_valid_company_is_not_written_when_its_case_is_invalid() {
    let (_dir, mut store, claimant) = store();
    let before = records(&store);
    let mut d = case_draft(claimant, "Cobro indebido");
    d.opened_on = (Utc::now() + Duration::days(3)).date_naive();
    d.amount = Some(Money {
        minor: -5,
        currency: "MXN".into(),
    });
    let e = invalid(store.create_case_with_company(company("Telefónica Uno"), d));
    assert_eq!(e.codes_for("case.opened_on"), vec!["in_future"]);
    assert_eq!(e.codes_for("case.amount"), vec!["negative"]);
    assert!(e.codes_for("company.trade_name").is_empty());
    assert_eq!(records(&store), before);
    assert!(store.companies().unwrap().is_empty());

    // A case naming a claimant that does not exist: refused with the other fields.
    let mut d = case_draft(new_id(), "");
    d.title = String::new();
    let e = invalid(store.create_case_with_company(company(""), d));
    assert_eq!(e.codes_for("case.claimant_id"), vec!["not_found"]);
    assert_eq!(e.codes_for("case.title"), vec!["required"]);
    assert_eq!(e.codes_for("company.trade_name"), vec!["required"]);
    assert_eq!(records(&store), before);
}

/// Valid: both are written, the case names the new company, and both chains verify.
#[test]
fn a_new_company_and_its_case_are_written_together() {
    let (_dir, mut store, claimant) = store();
    let before = records(&store);
    let (co, case) = store
        .create_case_with_company(company("Telefónica Uno"), case_draft(claimant, "Cobro"))
        .unwrap();
    assert_eq!(records(&store), before + 2);
    assert_eq!(case.data.company_id, co.meta.id);
    assert_eq!(
        store.company(co.meta.id).unwrap().data.trade_name,
        "Telefónica Uno"
    );
    assert_eq!(
        store.case(case.meta.id).unwrap().data.company_id,
        co.meta.id
    );
    assert!(store.verify_all().unwrap().iter().all(|r| r.ok));
    assert!(store.check_store(false).unwrap().ok);
}

/// An existing company's case: a bad title and an unknown company together, not in turns.
#[test]
fn a_case_reports_its_fields_and_its_references_together() {
    let (_dir, mut store, claimant) = store();
    let before = records(&store);
    let mut d = case_draft(claimant, "");
    d.company_id = new_id();
    let e = invalid(store.create_case(d));
    assert_eq!(e.codes_for("case.title"), vec!["required"]);
    assert_eq!(e.codes_for("case.company_id"), vec!["not_found"]);
    assert_eq!(records(&store), before);
}

/// A correction with a wrong field and no reason names both at once, for every kind.
#[test]
fn corrections_report_their_fields_and_the_missing_reason_together() {
    let (_dir, mut store, claimant) = store();
    let (co, case) = store
        .create_case_with_company(company("Telefónica Uno"), case_draft(claimant, "Cobro"))
        .unwrap();
    let before = records(&store);
    let both = |e: expediente_core::ValidationErrors, field: &str| {
        assert_eq!(e.codes_for("revision.reason"), vec!["required"], "{e}");
        assert!(!e.codes_for(field).is_empty(), "{field} in {e}");
    };
    let mut d = case.data.clone();
    d.title = String::new();
    both(
        invalid(store.revise_case(case.meta.id, d, "")),
        "case.title",
    );
    both(
        invalid(store.revise_company(co.meta.id, company(""), " ")),
        "company.trade_name",
    );
    both(
        invalid(store.revise_claimant(claimant, ClaimantDraft::default(), "")),
        "claimant.full_name",
    );
    let when = (Utc::now() - Duration::hours(1)).fixed_offset();
    let a = store
        .log_attempt(
            case.meta.id,
            AttemptDraft::new(when, Channel::Phone, Outcome::NoResponse),
        )
        .unwrap();
    let after_attempt = records(&store);
    let mut bad = a.data.clone();
    bad.outcome = Outcome::Promise;
    both(
        invalid(store.revise_attempt(a.meta.id, bad, "")),
        "attempt.promised_by",
    );
    assert_eq!(records(&store), after_attempt);
    assert_eq!(after_attempt, before + 1);
}

/// Correcting a case to name a new company: the company and the revision together (with
/// the reason), or nothing when the reason or any field is missing.
#[test]
fn a_correction_to_a_new_company_is_one_write() {
    let (_dir, mut store, claimant) = store();
    let (first, case) = store
        .create_case_with_company(company("Telefónica Uno"), case_draft(claimant, "Cobro"))
        .unwrap();
    let before = records(&store);
    let mut d = case.data.clone();
    d.title = String::new();
    let e = invalid(store.revise_case_with_company(case.meta.id, company(""), d.clone(), ""));
    assert_eq!(e.codes_for("case.title"), vec!["required"]);
    assert_eq!(e.codes_for("company.trade_name"), vec!["required"]);
    assert_eq!(e.codes_for("revision.reason"), vec!["required"]);
    assert_eq!(records(&store), before);

    d.title = "Cobro".into();
    let (second, revised) = store
        .revise_case_with_company(
            case.meta.id,
            company("Telefónica Dos"),
            d,
            "Era otra empresa",
        )
        .unwrap();
    assert_eq!(records(&store), before + 2);
    assert_eq!(revised.meta.revision, 2);
    assert_eq!(revised.meta.reason, "Era otra empresa");
    let read = store.case(case.meta.id).unwrap();
    assert_eq!(read.data.company_id, second.meta.id);
    assert_ne!(second.meta.id, first.meta.id);
    assert!(store.check_store(false).unwrap().ok);
}
