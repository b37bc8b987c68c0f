//! Hostile and broken inputs: a truncated mbox, a 100 MB message, a file that is none of
//! the kinds, a missing file. Each gives a problem naming the file (and line), never a
//! panic; arbitrary bytes never panic any reader (property tests).

mod common;

use std::collections::HashSet;

use common::*;
use expediente_capture::{preview_bytes, preview_paths, Preview};
use proptest::prelude::*;

#[test]
fn a_truncated_mbox_names_the_cut_message_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cortado.mbox");
    std::fs::write(
        &path,
        "From a Mon Mar  2 10:00:00 2026\nMessage-ID: <ok@x>\nDate: Mon, 2 Mar 2026 10:00:00 -0600\nFrom: soporte@telco-ejemplo.mx\nSubject: hola\n\nbien\n\n\
From b Mon Mar  2 11:00:00 2026\nMessage-ID: <cut@x>\nDate: Mon, 2 Mar 2026 11:00:00 -0600\nContent-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: text/plain\n\nhola\n--B\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0x\n\n\
From c Mon Mar  2 12:00:00 2026\nMessage-ID: <headers@x>\nDate: Mon, 2 Mar 2026 12:00",
    )
    .unwrap();
    let p = preview_paths(&[path.as_path()], &ctx());
    assert_eq!(p.attempts.len(), 1);
    let lines: Vec<Option<u32>> = p.problems.iter().map(|x| x.line).collect();
    assert_eq!(lines, vec![Some(9), Some(24)], "{:?}", p.problems);
    assert!(p.problems[0]
        .message_en
        .contains("boundary \"B\" is never closed"));
    assert!(p.problems[1]
        .message_es
        .contains("sus encabezados no terminan"));
    assert!(p.problems[1]
        .render("es")
        .starts_with("cortado.mbox, línea 24:"));
}

#[test]
fn a_100_mb_message_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enorme.eml");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(100 * 1024 * 1024).unwrap(); // sparse: nothing to read, nothing read
    let p = preview_paths(&[path.as_path()], &ctx());
    assert!(p.attempts.is_empty() && p.sources.is_empty());
    assert_eq!(p.problems.len(), 1);
    assert_eq!(
        p.problems[0].render("en"),
        "enorme.eml: is 100.0 MB, over the limit of 25.0 MB: not read"
    );
}

#[test]
fn a_100_mb_message_inside_an_mbox_is_refused_and_the_rest_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grande.mbox");
    let mut s = String::from("From a Mon Mar  2 10:00:00 2026\nMessage-ID: <big@x>\nDate: Mon, 2 Mar 2026 10:00:00 -0600\n\n");
    s.push_str(&"x".repeat(100 * 1024 * 1024));
    s.push_str("\n\nFrom b Mon Mar  2 11:00:00 2026\nMessage-ID: <small@x>\nDate: Mon, 2 Mar 2026 11:00:00 -0600\nFrom: soporte@telco-ejemplo.mx\n\nhola\n");
    std::fs::write(&path, s).unwrap();
    let p = preview_paths(&[path.as_path()], &ctx());
    assert_eq!(p.attempts.len(), 1);
    assert_eq!(p.problems.len(), 1);
    assert_eq!(p.problems[0].line, Some(1));
    assert!(p.problems[0].message_en.contains("over the limit"));
}

#[test]
fn unknown_and_missing_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("foto.png");
    std::fs::write(&odd, b"\x89PNG").unwrap();
    let gone = dir.path().join("no-existe.eml");
    let p = preview_paths(&[odd.as_path(), gone.as_path()], &ctx());
    assert_eq!(p.problems.len(), 2);
    assert!(p.problems[0]
        .render("es")
        .starts_with("foto.png: no es un correo"));
    assert!(p.problems[1]
        .render("en")
        .starts_with("no-existe.eml: cannot be read"));
}

#[test]
fn an_mbox_that_does_not_start_with_from_is_refused() {
    let mut p = Preview::default();
    preview_bytes(
        &mut p,
        "x.mbox",
        b"Subject: hola\n\nbody".to_vec(),
        &ctx(),
        &mut HashSet::new(),
    );
    assert_eq!(p.problems[0].line, Some(1));
    assert!(p.problems[0].message_en.contains("not an mbox"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn no_reader_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048), kind in 0usize..5) {
        let name = ["a.eml", "a.mbox", "a.txt", "a.xml", "a.zip"][kind];
        // Bytes that look like a .zip or an mbox reach those readers' inner paths.
        let bytes = match kind {
            4 => [b"PK\x03\x04".as_slice(), &bytes].concat(),
            1 => [b"From x\n".as_slice(), &bytes].concat(),
            _ => bytes,
        };
        let mut p = Preview::default();
        let c = expediente_capture::CaseContext::default();
        preview_bytes(&mut p, name, bytes, &c, &mut HashSet::new());
    }

    #[test]
    fn no_reader_panics_on_mangled_fixtures(cut in 0usize..1300, flip in 0usize..1300, byte in any::<u8>(), which in 0usize..6) {
        let name = ["respuesta_con_historial.eml", "con_pdf_es.eml", "android_es.txt", "ios_en.txt", "cfdi40.xml", "cfdi33.xml"][which];
        let mut bytes = std::fs::read(fixture(name)).unwrap();
        if flip < bytes.len() { bytes[flip] = byte; }
        bytes.truncate(cut.min(bytes.len()));
        let mut p = Preview::default();
        let c = expediente_capture::CaseContext::default();
        preview_bytes(&mut p, name, bytes, &c, &mut HashSet::new());
        // Whatever was read is valid for the store, or named as a problem.
        for a in &p.attempts {
            prop_assert!(expediente_core::validate::attempt(&a.draft, chrono::Utc::now() + chrono::Duration::days(3650)).is_ok() || a.draft.happened_at.timestamp() < 946_684_800);
        }
    }

    #[test]
    fn chat_lines_with_any_numbers_never_panic(d in 0u32..100, m in 0u32..100, y in 0u32..10000, h in 0u32..100, mi in 0u32..100) {
        let chat = format!("{d}/{m}/{y}, {h}:{mi} - Ana Pérez: hola\n[{d}/{m}/{y}, {h}:{mi}:00 PM] Telco Ejemplo: ok\n");
        let mut p = Preview::default();
        preview_bytes(&mut p, "c.txt", chat.into_bytes(), &ctx_static(), &mut HashSet::new());
    }
}

fn ctx_static() -> expediente_capture::CaseContext {
    let mut c = expediente_capture::CaseContext {
        claimant_names: vec!["ana pérez".into()],
        ..Default::default()
    };
    c.offset = chrono::FixedOffset::west_opt(6 * 3600);
    c
}
