//! WhatsApp exports from Android and iOS, in Spanish and English, as .txt and as .zip with
//! media: one attempt per exchange, media kept with their exchange, the export as evidence.

mod common;

use std::io::Write;

use common::*;
use expediente_capture::preview_paths;
use expediente_core::model::*;

fn zip_of(
    dir: &std::path::Path,
    name: &str,
    chat: &str,
    chat_bytes: &[u8],
    media: &[(&str, &[u8])],
) -> std::path::PathBuf {
    let path = dir.join(name);
    let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file(chat, opts).unwrap();
    z.write_all(chat_bytes).unwrap();
    for (n, b) in media {
        z.start_file(*n, opts).unwrap();
        z.write_all(b).unwrap();
    }
    z.finish().unwrap();
    path
}

#[test]
fn android_spanish_groups_exchanges_and_finds_the_folio() {
    let p = preview(&["android_es.txt"], &ctx());
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(p.attempts.len(), 2, "{:#?}", p.attempts);
    let first = &p.attempts[0].draft;
    assert_eq!(first.channel, Channel::Whatsapp);
    assert_eq!(first.direction, Direction::ToCompany);
    assert_eq!(first.happened_at.to_rfc3339(), "2026-03-25T10:15:00-06:00");
    assert!(first.asked.contains("me siguen cobrando"));
    assert!(first
        .response
        .contains("Un asesor te contactará en 72 horas"));
    assert_eq!(first.reference, "7781234");
    assert_eq!(first.agent, "Telco Ejemplo");
    assert_eq!(first.outcome, Outcome::CannedReply);
    assert!(p.attempts[0]
        .grouping
        .contains("2 message(s) from you, 2 reply(ies)"));
    // The second exchange went unanswered.
    assert_eq!(p.attempts[1].draft.outcome, Outcome::NoResponse);
    // The photo is named but this is a bare .txt: said, not invented.
    assert!(p.attempts[0]
        .notes
        .iter()
        .any(|n| n.contains("IMG-20260325-WA0001.jpg")));
    // The export itself is evidence of the case.
    assert_eq!(p.case_files.len(), 1);
    assert_eq!(p.case_files[0].name, "android_es.txt");
}

#[test]
fn ios_english_reads_month_first_with_invisible_marks() {
    let p = preview(&["ios_en.txt"], &ctx());
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    // A company greeting first, then two exchanges from Ana ("Ana Perez" without accent).
    assert_eq!(p.attempts.len(), 3, "{:#?}", p.attempts);
    assert_eq!(p.attempts[0].draft.direction, Direction::FromCompany);
    let ex = &p.attempts[1].draft;
    assert_eq!(ex.happened_at.to_rfc3339(), "2026-03-14T09:06:40-06:00");
    assert_eq!(ex.reference, "CS-0099321");
    assert!(ex.response.contains("Please allow 5 business days"));
    // Ana wrote again after the reply: a new exchange, running to her message of the 20th.
    let last = &p.attempts[2].draft;
    assert_eq!(last.happened_at.to_rfc3339(), "2026-03-14T09:21:00-06:00");
    assert!(
        last.asked
            .contains("[20/03 16:45] Still nothing. I want a refund."),
        "{}",
        last.asked
    );
    assert_eq!(last.outcome, Outcome::NoResponse);
}

#[test]
fn android_english_and_ios_spanish_read_too() {
    let p = preview(&["android_en.txt"], &ctx());
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(
        p.attempts[0].draft.happened_at.to_rfc3339(),
        "2026-03-25T10:15:00-06:00"
    );
    assert_eq!(p.attempts[0].draft.outcome, Outcome::Redirected);
    assert_eq!(
        p.attempts[1].draft.happened_at.to_rfc3339(),
        "2026-03-26T13:05:00-06:00"
    );
    let p = preview(&["ios_es.txt"], &ctx());
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(p.attempts.len(), 2);
    assert_eq!(p.attempts[0].draft.reference, "00481277");
}

#[test]
fn a_zip_export_keeps_its_media_with_their_exchange() {
    let dir = tempfile::tempdir().unwrap();
    let chat = std::fs::read(fixture("ios_es.txt")).unwrap();
    let photo: &[u8] = b"\xff\xd8\xff\xe0 fake jpeg";
    let path = zip_of(
        dir.path(),
        "WhatsApp Chat - Aerolinea.zip",
        "_chat.txt",
        &chat,
        &[("00000034-PHOTO-2026-03-14-21-21-00.jpg", photo)],
    );
    let p = preview_paths(&[path.as_path()], &ctx());
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let second = &p.attempts[1];
    assert_eq!(second.files.len(), 1);
    assert_eq!(second.files[0].bytes, photo);
    assert_eq!(p.case_files[0].name, "WhatsApp Chat - Aerolinea.zip");
}

#[test]
fn impossible_dates_are_named_by_line() {
    let p = preview(&["imposible.txt"], &ctx());
    assert!(p.attempts.is_empty());
    assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    assert_eq!(p.problems[0].line, Some(1));
    assert!(p.problems[0]
        .message_es
        .contains("fecha imposible: día 31, mes 2"));
    assert!(p.problems[0]
        .render("en")
        .starts_with("imposible.txt, line 1: impossible date"));
}

#[test]
fn a_chat_where_nobody_is_known_asks_who_you_are() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chat.txt");
    std::fs::write(
        &path,
        "25/03/26, 10:15 - Pepe: hola\n25/03/26, 10:16 - Soporte X: hola Pepe\n",
    )
    .unwrap();
    let mut c = ctx();
    let p = preview_paths(&[path.as_path()], &c);
    assert!(p.attempts.is_empty());
    assert!(
        p.problems[0].message_en.contains("--me"),
        "{:?}",
        p.problems
    );
    c.claimant_names.push("Pepe".into());
    let p = preview_paths(&[path.as_path()], &c);
    assert_eq!(p.attempts.len(), 1);
}

#[test]
fn a_zip_bomb_entry_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    // 101 MB of zeros compress to ~100 kB.
    let big = vec![0u8; 101 * 1024 * 1024];
    let path = zip_of(dir.path(), "bomba.zip", "_chat.txt", &big, &[]);
    let p = preview_paths(&[path.as_path()], &ctx());
    assert!(p.attempts.is_empty());
    assert!(
        p.problems[0].message_en.contains("over the limit"),
        "{:?}",
        p.problems
    );
}
