//! Previews written into a real store: one transaction, marked as imported, verifying;
//! the same files again add nothing; an invoice revises the case and its company; a
//! preview with problems writes nothing.

mod common;

use common::*;
use expediente_capture::commit;
use expediente_core::store::case_chain;

#[test]
fn emails_chat_and_invoice_are_written_once_and_verify() {
    let (_dir, mut store, case) = store();
    let names = [
        "respuesta_con_historial.eml",
        "con_pdf_es.eml",
        "android_es.txt",
        "cfdi40.xml",
    ];
    let p = preview(&names, &ctx_of(&store, case));
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let out = commit(&mut store, case, p, false).unwrap();
    assert_eq!(out.attempts.len(), 4);
    assert!(out.case_revised && out.company_revised);
    assert!(store.verify_case(case).unwrap().ok);
    assert!(store.verify_all().unwrap().iter().all(|r| r.ok));
    let c = store.case(case).unwrap();
    assert_eq!(c.data.amount.unwrap().minor, 129_900);
    assert_eq!(
        c.meta.reason,
        "Datos de la factura CFDI 5E2D6AA3-8F1B-4C4E-9D36-1B2F7E6C8A90 (cfdi40.xml)"
    );
    assert_eq!(
        store.company(c.data.company_id).unwrap().data.tax_id,
        "TEJ010101AB1"
    );
    let ev = store.evidence(case).unwrap();
    // 2 originals + 1 PDF + the chat export + the invoice.
    assert_eq!(ev.len(), 5);
    assert!(ev
        .iter()
        .any(|e| e.data.note.starts_with("comprobante de compra") && e.data.attempt_id.is_none()));
    for e in &ev {
        assert!(store.read_evidence(&e.data.sha256).is_ok());
    }
    let attempts = store.attempts(case).unwrap();
    assert!(attempts.iter().all(|a| a.data.imported_from.is_some()));

    // The same files again: everything is already there.
    let again = preview(&names, &ctx_of(&store, case));
    assert!(again.is_empty(), "{:#?}", again.attempts);
    assert!(again.duplicates.iter().all(|d| d.why == "already_in_case"));
    assert!(again.duplicates.len() >= 4);
}

#[test]
fn a_preview_with_problems_writes_nothing() {
    let (dir, mut store, case) = store();
    let before = store.chain_head(&case_chain(case)).unwrap();
    let p = preview(&["con_pdf_es.eml", "malformado.xml"], &ctx_of(&store, case));
    assert_eq!(p.attempts.len(), 1);
    let err = commit(&mut store, case, p.clone(), false).unwrap_err();
    assert!(
        err.to_string()
            .contains("malformado.xml, line 4: malformed XML"),
        "{err}"
    );
    assert_eq!(store.chain_head(&case_chain(case)).unwrap(), before);
    assert!(
        !dir.path().join("data/evidence").exists()
            || std::fs::read_dir(dir.path().join("data/evidence"))
                .unwrap()
                .count()
                == 0
    );
    // Chosen explicitly, what could be read is written.
    commit(&mut store, case, p, true).unwrap();
    assert_eq!(store.attempts(case).unwrap().len(), 1);
}
