//! Crafted case exports, the way an attacker makes them: edit a record, then re-hash the
//! whole chain so it verifies. Every imported record must still pass the validation a
//! record typed in now passes, and the directory may only hold the case's claimant and
//! company; otherwise nothing is written and the error names the record and the field.

use expediente_core::chain::GENESIS;
use expediente_core::exchange::CaseExport;
use expediente_core::{Error, Store};
use expediente_tests::{attempt, cdmx, new_case};

/// A real export of a case with two attempts.
fn export() -> CaseExport {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let case = new_case(&mut store, "Caso a importar").unwrap();
    let at = chrono::Utc::now().with_timezone(&cdmx()) - chrono::Duration::days(2);
    store.log_attempt(case, attempt(1, at)).unwrap();
    store.log_attempt(case, attempt(2, at)).unwrap();
    store.export_case(case).unwrap()
}

/// Rewrites every link after an edit so the chain verifies again, as a forger would.
fn rehash(x: &mut CaseExport) {
    let mut prev = GENESIS.to_string();
    for l in &mut x.links {
        l.prev = prev.clone();
        l.hash = l.compute_hash().unwrap();
        prev = l.hash.clone();
    }
    x.chain_head = prev;
    for d in &mut x.directory {
        d.hash = d.compute_hash().unwrap();
    }
}

/// Edits the body of link `index` as JSON, re-hashes, and returns the file's bytes.
fn crafted(index: usize, edit: impl Fn(&mut serde_json::Value)) -> Vec<u8> {
    let mut x = export();
    let mut body: serde_json::Value = serde_json::from_str(&x.links[index].body).unwrap();
    edit(&mut body);
    x.links[index].body = expediente_core::chain::canonical_json(&body);
    rehash(&mut x);
    serde_json::to_vec(&x).unwrap()
}

fn refused(bytes: &[u8], mention: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let err = store.import_case(bytes).unwrap_err();
    assert!(matches!(err, Error::BadImport(_)), "{err}");
    for m in mention {
        assert!(err.to_string().contains(m), "{err} should mention {m}");
    }
    assert!(store.cases().unwrap().is_empty());
    assert!(store.claimants().unwrap().is_empty());
    assert!(store.companies().unwrap().is_empty());
    assert!(store.check_store(true).unwrap().links == 0);
}

#[test]
fn a_rehashed_export_with_invalid_records_is_refused_whole() {
    // The untouched export imports.
    let good = serde_json::to_vec(&export()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    Store::open(dir.path()).unwrap().import_case(&good).unwrap();

    let future = (chrono::Utc::now() + chrono::Duration::days(30)).to_rfc3339();
    refused(
        &crafted(1, |b| b["happened_at"] = future.clone().into()),
        &["attempt", "attempt.happened_at", "future"],
    );
    refused(
        &crafted(1, |b| b["happened_at"] = "1850-05-01T10:00:00-06:00".into()),
        &["attempt.happened_at", "2000"],
    );
    refused(
        &crafted(2, |b| b["response"] = "Lamentamos\u{0}el\u{1b}[2J".into()),
        &["attempt.response", "control"],
    );
    refused(
        &crafted(2, |b| b["asked"] = "x".repeat(60_000).into()),
        &["attempt.asked", "longer than"],
    );
    refused(
        &crafted(0, |b| b["title"] = "".into()),
        &["case", "case.title"],
    );
}

#[test]
fn an_empty_company_name_or_a_foreign_directory_entry_is_refused() {
    let mut x = export();
    let company = x
        .directory
        .iter_mut()
        .find(|d| d.kind == "company")
        .unwrap();
    let mut body: serde_json::Value = serde_json::from_str(&company.body).unwrap();
    body["trade_name"] = "".into();
    company.body = expediente_core::chain::canonical_json(&body);
    rehash(&mut x);
    refused(
        &serde_json::to_vec(&x).unwrap(),
        &["company", "company.trade_name"],
    );

    // An extra directory entry of kind "case" once bricked the store for good.
    let mut x = export();
    let mut extra = x.links[0].clone();
    extra.chain = "directory".into();
    extra.case_id = None;
    x.directory.push(extra);
    rehash(&mut x);
    refused(
        &serde_json::to_vec(&x).unwrap(),
        &["is not the case's claimant or company"],
    );
}
