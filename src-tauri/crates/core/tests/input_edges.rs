//! Input found wrong by trying it as a user or an attacker would: case dates of year 1 or
//! 1800, unknown agency and currency codes, an evidence file whose name is not UTF-8.
//! Each is refused by field with nothing written, or kept faithfully.

use chrono::NaiveDate;
use expediente_core::model::*;
use expediente_core::{Error, Store};

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    draft: CaseDraft,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("data")).unwrap();
    let claimant = store
        .create_claimant(ClaimantDraft {
            full_name: "José Ñúñez Güemes".into(),
            ..Default::default()
        })
        .unwrap();
    let company = store
        .create_company(CompanyDraft {
            trade_name: "Aerolínea Ejemplo".into(),
            ..Default::default()
        })
        .unwrap();
    let draft = CaseDraft {
        claimant_id: claimant.meta.id,
        company_id: company.meta.id,
        title: "Reembolso de vuelo cancelado".into(),
        product: String::new(),
        account_ref: String::new(),
        purchase_date: Some(ymd(2026, 1, 10)),
        amount: Some(Money {
            minor: 845_000,
            currency: "MXN".into(),
        }),
        facts: String::new(),
        requests: String::new(),
        agency: "profeco".into(),
        agency_folio: String::new(),
        status: CaseStatus::Open,
        opened_on: ymd(2026, 2, 1),
        lang: Lang::Es,
        archived: None,
    };
    Fixture {
        _dir: dir,
        store,
        draft,
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn refused(r: expediente_core::Result<Case>) -> expediente_core::ValidationErrors {
    match r {
        Err(Error::Invalid(e)) => e,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn a_case_of_year_1_or_1800_is_refused_by_field_and_nothing_is_written() {
    let mut f = fixture();
    let mut d = f.draft.clone();
    d.opened_on = ymd(1, 1, 1);
    d.purchase_date = Some(ymd(1800, 3, 4));
    let e = refused(f.store.create_case(d));
    assert_eq!(e.codes_for("case.opened_on"), vec!["before_1970"]);
    assert_eq!(e.codes_for("case.purchase_date"), vec!["before_1970"]);
    assert!(f.store.cases().unwrap().is_empty());

    let case = f.store.create_case(f.draft.clone()).unwrap();
    let mut d = f.draft.clone();
    d.purchase_date = Some(ymd(1800, 3, 4));
    let e = refused(f.store.revise_case(case.meta.id, d, "fecha de compra"));
    assert_eq!(e.codes_for("case.purchase_date"), vec!["before_1970"]);
    assert_eq!(f.store.case(case.meta.id).unwrap().meta.revision, 1);
}

#[test]
fn unknown_agency_and_currency_codes_are_refused_by_field() {
    let mut f = fixture();
    let mut d = f.draft.clone();
    d.agency = "fbi".into();
    d.amount = Some(Money {
        minor: 100,
        currency: "XYZ".into(),
    });
    let e = refused(f.store.create_case(d));
    assert_eq!(e.codes_for("case.agency"), vec!["unknown_agency"]);
    assert_eq!(
        e.codes_for("case.amount.currency"),
        vec!["invalid_currency"]
    );
    assert!(f.store.cases().unwrap().is_empty());
    // Real codes of both lists are accepted, and so are "another agency" and none.
    for (agency, currency) in [("sernac", "CLP"), ("other", "EUR"), ("", "JPY")] {
        let mut d = f.draft.clone();
        d.agency = agency.into();
        d.amount = Some(Money {
            minor: 100,
            currency: currency.into(),
        });
        f.store.create_case(d).unwrap();
    }
}

/// A receipt copied from an old disk, named in Latin-1: its name keeps every byte, as
/// `\xNN`, instead of becoming "archivo".
#[cfg(unix)]
#[test]
fn an_evidence_file_named_in_latin1_keeps_its_name_escaped() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let mut f = fixture();
    let case = f.store.create_case(f.draft.clone()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir
        .path()
        .join(OsStr::from_bytes(b"recibo-compa\xf1\xeda.pdf"));
    std::fs::write(&path, b"%PDF-1.4 recibo").unwrap();
    f.store
        .add_evidence(case.meta.id, &path, None, "ticket")
        .unwrap();
    let ev = f.store.evidence(case.meta.id).unwrap();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].data.original_name, r"recibo-compa\xf1\xeda.pdf");
    assert_eq!(ev[0].data.media_type, "application/pdf");
}
