//! Shared by the capture tests: the fixtures' folder, a case context as the store would
//! give it, and a store holding that case.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::{FixedOffset, NaiveDate};
use expediente_capture::{preview_paths, CaseContext, Preview};
use expediente_core::model::*;
use expediente_core::Store;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn company() -> CompanyDraft {
    CompanyDraft {
        trade_name: "Telco Ejemplo".into(),
        website: "https://www.telco-ejemplo.mx".into(),
        channels: vec![KnownChannel {
            channel: Channel::Email,
            value: "aclaraciones@banco-ejemplo.com.mx".into(),
            label: "aclaraciones".into(),
        }],
        ..Default::default()
    }
}

pub fn claimant() -> ClaimantDraft {
    ClaimantDraft {
        full_name: "Ana Pérez García".into(),
        email: "ana.perez@correo-ejemplo.mx".into(),
        ..Default::default()
    }
}

pub fn case(claimant_id: Id, company_id: Id) -> CaseDraft {
    CaseDraft {
        claimant_id,
        company_id,
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
        opened_on: NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
        lang: Lang::Es,
        archived: None,
    }
}

/// A store (in a temporary folder) with Ana's case against Telco Ejemplo.
pub fn store() -> (tempfile::TempDir, Store, Id) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("data")).unwrap();
    let cl = store.create_claimant(claimant()).unwrap();
    let co = store.create_company(company()).unwrap();
    let c = store.create_case(case(cl.meta.id, co.meta.id)).unwrap();
    (dir, store, c.meta.id)
}

/// The context of the store's case, in Mexico City's offset.
pub fn ctx_of(store: &Store, case_id: Id) -> CaseContext {
    let mut c = CaseContext::from_store(store, case_id).unwrap();
    c.offset = FixedOffset::west_opt(6 * 3600);
    c
}

/// The same context without a store.
pub fn ctx() -> CaseContext {
    let (_d, store, id) = store();
    ctx_of(&store, id)
}

pub fn preview(names: &[&str], ctx: &CaseContext) -> Preview {
    let paths: Vec<PathBuf> = names.iter().map(|n| fixture(n)).collect();
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    preview_paths(&refs, ctx)
}
