//! Core and dossier together: a case's export alone rebuilds the dossier's data exactly, an
//! import is marked as one (in the data and on the page), and the fingerprint read back from
//! the PDF commits to the case chain and the directory revisions printed — before and after
//! more records are added.

use chrono::{DateTime, Datelike, NaiveDate};
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
    assert_eq!(
        a.check_case(case, true).unwrap().fingerprint,
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

    // The imported case's dossier says so: every attempt shows the time the file declares
    // beside the instant it entered this store, and the integrity page states the import —
    // which records, when, from which file. The original's dossier mentions no import.
    let original = pdf_text(&pdf_a, a_dir.path());
    assert!(!original.to_lowercase().contains("import"), "{original}");
    let text = pdf_text(&dossier(&b, case), b_dir.path());
    let mark = &imported.imports[0];
    let entered = format!(
        "Entró a este registro: {}, {} h (UTC)",
        fecha(mark.imported_at.date_naive()),
        mark.imported_at.format("%H:%M")
    );
    let n = imported.attempts.len();
    assert_eq!(text.matches(entered.as_str()).count(), n, "{text}");
    assert_eq!(
        text.matches("Registrado (según el archivo importado):")
            .count(),
        n,
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "Los registros 1 a {} se importaron el {}, {} h (UTC) desde un archivo; sus horas \
             de registro son las que declara ese archivo, no las de este registro. \
             SHA-256 del archivo importado {}",
            bundle.chain_len,
            fecha(mark.imported_at.date_naive()),
            mark.imported_at.format("%H:%M"),
            grouped(&mark.file_sha256)
        )),
        "{text}"
    );
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
    // The demo's dates follow today's, so the expected dates are written here the way a
    // lawyer writes them in Spanish, with this test's own month names.
    assert!(text.contains(&fecha(deadline)), "{text}");
    assert!(
        text.contains(&format!(
            "LFPC art. 105 — un año desde el último requerimiento formal al proveedor: {}",
            fecha(demand)
        )),
        "{text}"
    );
}

/// The PDF's text in content order (`pdftotext -raw`), whitespace runs as one space.
fn pdf_text(pdf: &[u8], dir: &std::path::Path) -> String {
    let path = dir.join("dossier-text.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A hash as the dossier prints it: groups of four, separated by spaces.
fn grouped(hex: &str) -> String {
    hex.as_bytes()
        .chunks(4)
        .map(|g| String::from_utf8_lossy(g).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// "28 de octubre de 2026".
fn fecha(d: NaiveDate) -> String {
    const MESES: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    format!(
        "{} de {} de {}",
        d.day(),
        MESES[d.month0() as usize],
        d.year()
    )
}
