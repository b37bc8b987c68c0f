//! A case handed from one person to another as its dossier PDF: the PDF carries the case
//! export and the evidence originals, and importing it brings the case in with files that
//! open, after a preview of what it holds and what the receiving store already has.

use chrono::{DateTime, FixedOffset};
use expediente_core::case_file::{check_import, CheckedImport};
use expediente_core::{Error, Id, Store};
use expediente_dossier::case_file::CaseFile;
use expediente_dossier::{case_file, from_store, Paper};
use expediente_tests::{attempt, cdmx, files_under, new_case};

const TICKET: &[u8] = b"%PDF-1.4 ticket de compra";
const PHOTO: &[u8] = b"\x89PNG\r\n\x1a\n una foto de la lavadora rota, bastante grande";

struct Sender {
    _dir: tempfile::TempDir,
    store: Store,
    case: Id,
}

/// A store with a case of two attempts and two evidence files.
fn sender() -> Sender {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let case = new_case(&mut store, "Lavadora que no centrifuga").unwrap();
    let at = chrono::Utc::now().with_timezone(&cdmx()) - chrono::Duration::days(2);
    store.log_attempt(case, attempt(1, at)).unwrap();
    store.log_attempt(case, attempt(2, at)).unwrap();
    for (name, bytes) in [("ticket.pdf", TICKET), ("lavadora.png", PHOTO)] {
        store
            .add_evidence_reader(case, name, &mut &bytes[..], None, "")
            .unwrap();
    }
    Sender {
        _dir: dir,
        store,
        case,
    }
}

fn now() -> DateTime<FixedOffset> {
    chrono::Utc::now().with_timezone(&cdmx())
}

fn dossier(s: &Sender, limit: Option<u64>) -> Vec<u8> {
    from_store::prepare(&s.store, s.case)
        .unwrap()
        .render(Paper::A4, now(), limit)
        .unwrap()
}

/// A case file checked as the app and the CLI check it before previewing or importing.
fn checked(file: &CaseFile) -> CheckedImport {
    check_import(&file.export_json, file.files.clone()).unwrap()
}

#[test]
fn a_dossier_imports_with_evidence_that_opens() {
    let s = sender();
    let pdf = dossier(&s, None);
    let file = case_file::read(&pdf).unwrap();
    assert!(file.from_dossier);

    let dir = tempfile::tempdir().unwrap();
    let mut receiver = Store::open(dir.path()).unwrap();
    let preview = receiver.preview_import(&checked(&file));
    assert_eq!(preview.case_id, s.case);
    assert_eq!(preview.title, "Lavadora que no centrifuga");
    assert_eq!((preview.attempts, preview.evidence), (2, 2));
    assert_eq!(
        (
            preview.files_included,
            preview.files_already_here,
            preview.files_missing
        ),
        (2, 0, 0)
    );
    assert!(!preview.case_already_here);
    assert!(
        receiver.cases().unwrap().is_empty(),
        "a preview writes nothing"
    );

    let outcome = receiver.import_case_with_files(&checked(&file)).unwrap();
    assert_eq!((outcome.files_stored, outcome.files_missing), (2, 0));
    let evidence = receiver.evidence(s.case).unwrap();
    let mut opened: Vec<Vec<u8>> = evidence
        .iter()
        .map(|e| receiver.read_evidence(&e.data.sha256).unwrap())
        .collect();
    opened.sort();
    let mut sent = vec![TICKET.to_vec(), PHOTO.to_vec()];
    sent.sort();
    assert_eq!(opened, sent, "every file opens, byte for byte");
    assert!(receiver.check_store(false).unwrap().ok);

    // Importing it again is refused, and says so in the preview first.
    let again = receiver.preview_import(&checked(&file));
    assert!(again.case_already_here);
    assert_eq!(again.files_already_here, 2);
    assert!(matches!(
        receiver.import_case_with_files(&checked(&file)),
        Err(Error::BadImport(_))
    ));
}

#[test]
fn files_left_out_of_the_dossier_are_counted_as_missing() {
    let s = sender();
    // The photo is over 30 bytes: it is listed in the dossier but not inside it.
    let pdf = dossier(&s, Some(30));
    let file = case_file::read(&pdf).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut receiver = Store::open(dir.path()).unwrap();
    let preview = receiver.preview_import(&checked(&file));
    assert_eq!((preview.files_included, preview.files_missing), (1, 1));
    let outcome = receiver.import_case_with_files(&checked(&file)).unwrap();
    assert_eq!((outcome.files_stored, outcome.files_missing), (1, 1));
    let report = receiver.check_case(s.case, false).unwrap();
    assert!(
        report.problems.iter().all(|p| p.code == "evidence_missing"),
        "{report:?}"
    );
}

#[test]
fn files_already_here_are_not_written_twice() {
    let s = sender();
    let pdf = dossier(&s, None);
    let file = case_file::read(&pdf).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut receiver = Store::open(dir.path()).unwrap();
    let other = new_case(&mut receiver, "Otro caso").unwrap();
    receiver
        .add_evidence_reader(other, "mi-ticket.pdf", &mut &TICKET[..], None, "")
        .unwrap();
    let preview = receiver.preview_import(&checked(&file));
    assert_eq!((preview.files_included, preview.files_already_here), (1, 1));
    let outcome = receiver.import_case_with_files(&checked(&file)).unwrap();
    assert_eq!(outcome.files_stored, 1);
}

#[test]
fn a_file_the_case_does_not_name_is_not_stored() {
    let s = sender();
    let json = serde_json::to_vec(&s.store.export_case(s.case).unwrap()).unwrap();
    let planted: &[u8] = b"#!/bin/sh\necho planted\n";
    let doctored_ticket: &[u8] = b"%PDF-1.4 ticket de compra (editado)";
    let dir = tempfile::tempdir().unwrap();
    let mut receiver = Store::open(dir.path()).unwrap();
    let outcome = receiver
        .import_case_with_files(
            &check_import(
                &json,
                vec![planted.to_vec(), doctored_ticket.to_vec(), PHOTO.to_vec()],
            )
            .unwrap(),
        )
        .unwrap();
    assert_eq!((outcome.files_stored, outcome.files_missing), (1, 1));
    let stored: Vec<_> = files_under(&dir.path().join("evidence"));
    assert_eq!(stored.len(), 1, "only the photo: {stored:?}");
}

#[test]
fn a_refused_case_leaves_no_files_behind() {
    let s = sender();
    let mut x = s.store.export_case(s.case).unwrap();
    assert!(x.links[1].body.contains("Asesor"));
    x.links[1].body = x.links[1].body.replace("Asesor", "Asesora");
    let json = serde_json::to_vec(&x).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut receiver = Store::open(dir.path()).unwrap();
    // Refused by the checks every import makes, before the store is touched.
    assert!(check_import(&json, vec![TICKET.to_vec(), PHOTO.to_vec()]).is_err());
    assert!(receiver.import_case(&json).is_err());
    assert!(files_under(&dir.path().join("evidence")).is_empty());
    assert!(receiver.cases().unwrap().is_empty());
}

#[test]
fn a_pdf_without_case_data_is_refused_with_the_reason() {
    let s = sender();
    let bundle = s.store.bundle(s.case).unwrap();
    let stats = expediente_core::stats::for_case(&bundle.case.data, &bundle.attempts, now());
    let opts = expediente_dossier::RenderOptions {
        paper: Paper::A4,
        generated_at: now(),
    };
    let plain = expediente_dossier::render(&bundle, &stats, &opts, &|_: &str| None).unwrap();
    let err = case_file::read(&plain).unwrap_err();
    assert!(err.to_string().contains("carries no case data"), "{err}");
    // And a JSON export is read as it is.
    let json = serde_json::to_vec(&s.store.export_case(s.case).unwrap()).unwrap();
    let file = case_file::read(&json).unwrap();
    assert!(!file.from_dossier && file.files.is_empty());
    assert_eq!(file.export_json, json);
}
