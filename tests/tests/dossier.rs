//! Core and dossier together: a case exported as JSON and imported elsewhere keeps its
//! fingerprint, its dossier is byte-for-byte the same, and the fingerprint read back from
//! the PDF is the store's chain head — before and after more records are added.

use chrono::DateTime;
use expediente_core::store::case_chain;
use expediente_core::{stats, Id, Store};
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
fn an_imported_case_prints_the_same_dossier_and_fingerprint() {
    let a_dir = tempfile::tempdir().unwrap();
    let mut a = Store::open(a_dir.path()).unwrap();
    let case = a.load_demo().unwrap();
    let pdf_a = dossier(&a, case);
    let head = a.chain_head(&case_chain(case)).unwrap().0;
    assert_eq!(read_fingerprint(&pdf_a).unwrap(), head);

    let json = serde_json::to_vec(&a.export_case(case).unwrap()).unwrap();
    let b_dir = tempfile::tempdir().unwrap();
    let mut b = Store::open(b_dir.path()).unwrap();
    assert_eq!(b.import_case(&json).unwrap(), case);
    assert_eq!(b.bundle(case).unwrap(), a.bundle(case).unwrap());
    assert!(b.verify_case(case).unwrap().ok);
    let pdf_b = dossier(&b, case);
    assert_eq!(read_fingerprint(&pdf_b).unwrap(), head);
    assert!(pdf_a == pdf_b, "the same case must print the same bytes");

    // A new attempt moves the head: the old dossier no longer shows the current state.
    let mut next = a.attempts(case).unwrap().pop().unwrap().data;
    next.happened_at += chrono::Duration::hours(1);
    next.outcome = expediente_core::Outcome::NoResponse;
    next.promised_by = None;
    a.log_attempt(case, next).unwrap();
    let new_head = a.chain_head(&case_chain(case)).unwrap().0;
    assert_ne!(new_head, head);
    assert_eq!(read_fingerprint(&dossier(&a, case)).unwrap(), new_head);
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
