//! Core and dossier together: a case's export alone rebuilds the dossier's data exactly, an
//! import is marked as one, and the fingerprint read back from the PDF commits to the case
//! chain and the directory revisions printed — before and after more records are added.

use chrono::DateTime;
use expediente_core::store::case_chain;
use expediente_core::{exchange, stats, Id, Store};
use expediente_dossier::{read_fingerprint, render, NoFiles, Paper, RenderOptions};

fn dossier(store: &Store, case: Id) -> Vec<u8> {
    let bundle = store.bundle(case).unwrap();
    let generated_at = DateTime::parse_from_rfc3339("2026-11-22T12:34:56-06:00").unwrap();
    let stats = stats::for_case(&bundle.case.data, &bundle.attempts, generated_at);
    let opts = RenderOptions {
        paper: Paper::A4,
        generated_at,
    };
    render(&bundle, &stats, &opts, &NoFiles).unwrap()
}

#[test]
fn an_export_alone_rebuilds_the_same_dossier_and_an_import_is_marked() {
    let a_dir = tempfile::tempdir().unwrap();
    let mut a = Store::open(a_dir.path()).unwrap();
    let case = a.load_demo().unwrap();
    let bundle = a.bundle(case).unwrap();
    let pdf_a = dossier(&a, case);
    assert_eq!(read_fingerprint(&pdf_a).unwrap(), bundle.fingerprint);

    // What a dossier embeds (the export) rebuilds exactly what was printed, with no store.
    let export = a.export_case(case).unwrap();
    let rebuilt = exchange::bundle_from_export(&export).unwrap();
    assert_eq!(rebuilt, bundle);
    assert_eq!(
        exchange::check_export(&export).fingerprint,
        bundle.fingerprint
    );

    // Imported elsewhere, the case is the same records, each marked with when it came in,
    // behind one import link: a different fingerprint, never passed off as the original.
    let json = serde_json::to_vec(&export).unwrap();
    let b_dir = tempfile::tempdir().unwrap();
    let mut b = Store::open(b_dir.path()).unwrap();
    assert_eq!(b.import_case(&json).unwrap(), case);
    let imported = b.bundle(case).unwrap();
    assert_eq!(imported.attempts.len(), bundle.attempts.len());
    assert!(imported
        .attempts
        .iter()
        .all(|x| x.meta.imported_at.is_some()));
    assert_eq!(imported.imports.len(), 1);
    assert_eq!(imported.chain_len, bundle.chain_len + 1);
    assert_ne!(imported.fingerprint, bundle.fingerprint);
    assert!(b
        .check_case(case, true)
        .unwrap()
        .problems
        .iter()
        .all(|p| p.code == "evidence_missing"));

    // A new attempt moves the fingerprint: the old dossier no longer shows the current state.
    let mut next = a.attempts(case).unwrap().pop().unwrap().data;
    next.happened_at += chrono::Duration::hours(1);
    next.outcome = expediente_core::Outcome::NoResponse;
    next.promised_by = None;
    a.log_attempt(case, next).unwrap();
    let now = a.bundle(case).unwrap();
    assert_ne!(now.fingerprint, bundle.fingerprint);
    assert_eq!(now.chain_head, a.chain_head(&case_chain(case)).unwrap().0);
    assert_eq!(
        read_fingerprint(&dossier(&a, case)).unwrap(),
        now.fingerprint
    );
}

/// The fingerprint commits to the company and claimant as printed: correcting the
/// company's address after a dossier was made changes the fingerprint.
#[test]
fn a_company_correction_changes_the_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let case = store.load_demo().unwrap();
    let before = store.bundle(case).unwrap();
    let mut company = before.company.data.clone();
    company.address = "Av. Insurgentes Sur 1000, Ciudad de México".into();
    store
        .revise_company(
            before.company.meta.id,
            company,
            "Cambió de domicilio fiscal",
        )
        .unwrap();
    let after = store.bundle(case).unwrap();
    assert_eq!(
        after.chain_head, before.chain_head,
        "the case chain did not move"
    );
    assert_ne!(after.company_link, before.company_link);
    assert_ne!(after.fingerprint, before.fingerprint);
}

/// PROFECO's one-year clock (LFPC art. 105) restarts with the last formal demand: the
/// dossier's cover says until when the complaint can be filed and counted from what.
#[test]
fn the_cover_states_the_profeco_filing_deadline_from_the_last_formal_demand() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let case = store.load_demo().unwrap();
    let bundle = store.bundle(case).unwrap();
    let demand = bundle
        .attempts
        .iter()
        .filter(|a| a.data.formal_demand)
        .map(|a| a.data.happened_at.date_naive())
        .max()
        .expect("the demo has a formal demand");
    let deadline = demand.checked_add_months(chrono::Months::new(12)).unwrap();
    let pdf = dir.path().join("d.pdf");
    std::fs::write(&pdf, dossier(&store, case)).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let text = String::from_utf8(out.stdout).unwrap().replace('\n', " ");
    assert!(text.contains("Plazo para presentar la queja"), "{text}");
    assert!(
        text.contains(&deadline.format("%Y-%m-%d").to_string()),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "LFPC art. 105 — un año desde el último requerimiento formal al proveedor: {}",
            demand.format("%Y-%m-%d")
        )),
        "{text}"
    );
}
