//! E-mail fixtures as people have them: a company reply with quoted history and a
//! signature, an HTML-only message, Latin-1 and Windows-1252 bodies, a message with a PDF,
//! an mbox of 50 messages with two duplicates.

mod common;

use common::*;
use expediente_core::model::*;

#[test]
fn a_company_reply_keeps_its_own_words_date_offset_agent_and_case_number() {
    let p = preview(&["respuesta_con_historial.eml"], &ctx());
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let a = &p.attempts[0];
    let d = &a.draft;
    assert_eq!(d.direction, Direction::FromCompany);
    assert_eq!(d.channel, Channel::Email);
    assert_eq!(d.happened_at.to_rfc3339(), "2026-03-02T10:05:12-06:00");
    assert_eq!(d.agent, "Laura Méndez - Atención a Clientes");
    assert_eq!(d.reference, "00481277");
    assert_eq!(d.outcome, Outcome::CannedReply);
    assert!(d.response.contains("5 días hábiles"), "{}", d.response);
    // Quoted history and signature are gone.
    assert!(!d.response.contains("me cobraron"), "{}", d.response);
    assert!(!d.response.contains("AVISO DE PRIVACIDAD"));
    let src = d.imported_from.as_ref().unwrap();
    assert_eq!(src.item, "<20260302160512.4471@mail.telco-ejemplo.mx>");
    assert_eq!(src.file_name, "respuesta_con_historial.eml");
    // The original message is its evidence, byte for byte.
    let orig = std::fs::read(fixture("respuesta_con_historial.eml")).unwrap();
    assert_eq!(a.files.len(), 1);
    assert_eq!(a.files[0].bytes, orig);
    assert!(a.files[0].name.ends_with(".eml"));
}

#[test]
fn an_html_only_message_becomes_text() {
    let p = preview(&["html_only_en.eml"], &ctx());
    let d = &p.attempts[0].draft;
    assert!(d.response.contains("escalated"), "{}", d.response);
    assert!(!d.response.contains("<b>"), "{}", d.response);
    assert_eq!(d.reference, "88412");
    assert_eq!(d.agent, "Shop Example Support");
    assert_eq!(d.happened_at.to_rfc3339(), "2026-03-10T14:22:00+00:00");
    // Unknown sender, sent to the claimant: from the company, and said so.
    assert_eq!(d.direction, Direction::FromCompany);
    assert!(!p.attempts[0].notes.is_empty());
}

#[test]
fn latin1_and_windows_1252_bodies_read_as_text() {
    let p = preview(&["latin1_es.eml", "windows1252_es.eml"], &ctx());
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let a = &p.attempts[0].draft;
    assert!(
        a.response.contains("Su aclaración quedó registrada"),
        "{}",
        a.response
    );
    assert_eq!(a.reference, "REP-2026-551870");
    assert_eq!(a.outcome, Outcome::Redirected);
    // Known by the company's domain, given as a channel.
    assert_eq!(a.direction, Direction::FromCompany);
    assert!(p.attempts[0].notes.is_empty(), "{:?}", p.attempts[0].notes);
    let b = &p.attempts[1].draft;
    assert!(
        b.response.contains("“no procede” según políticas"),
        "{}",
        b.response
    );
    assert_eq!(b.outcome, Outcome::Refused);
}

#[test]
fn the_claimants_message_keeps_its_pdf_as_evidence() {
    let p = preview(&["con_pdf_es.eml"], &ctx());
    let a = &p.attempts[0];
    assert_eq!(a.draft.direction, Direction::ToCompany);
    assert!(a
        .draft
        .asked
        .starts_with("Cobro indebido - solicito devolución"));
    assert!(!a.draft.asked.contains("Enviado desde mi iPhone"));
    assert_eq!(a.draft.channel_detail, "soporte@telco-ejemplo.mx");
    let pdf = a
        .files
        .iter()
        .find(|f| f.name == "estado_de_cuenta.pdf")
        .unwrap();
    assert!(pdf.bytes.starts_with(b"%PDF-1.4"));
}

/// 50 messages, two of them sent twice (same Message-ID).
pub fn mbox_of_50(dir: &std::path::Path) -> std::path::PathBuf {
    let mut s = String::new();
    for i in 0..50u32 {
        let id = if i == 20 {
            3
        } else if i == 41 {
            7
        } else {
            i
        };
        s.push_str(&format!(
            "From soporte@telco-ejemplo.mx Mon Mar  2 10:{m:02}:00 2026\n\
Message-ID: <msg-{id}@telco-ejemplo.mx>\n\
Date: Mon, 2 Mar 2026 10:{m:02}:00 -0600\n\
From: Soporte <soporte@telco-ejemplo.mx>\n\
To: ana.perez@correo-ejemplo.mx\n\
Subject: Re: Folio: REP-{id}\n\n\
Respuesta {i}: estamos revisando.\n\
>From the archive: an escaped line\n\n",
            m = i % 60
        ));
    }
    let p = dir.join("soporte.mbox");
    std::fs::write(&p, s).unwrap();
    p
}

#[test]
fn an_mbox_of_50_with_two_duplicates_gives_48_attempts() {
    let dir = tempfile::tempdir().unwrap();
    let path = mbox_of_50(dir.path());
    let p = expediente_capture::preview_paths(&[path.as_path()], &ctx());
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(p.attempts.len(), 48);
    assert_eq!(p.duplicates.len(), 2);
    assert!(p.duplicates.iter().all(|d| d.why == "repeated_in_files"));
    assert_eq!(p.sources[0].items, 50);
    assert_eq!(p.sources[0].kind, "mbox");
    // ">From" in a body is unescaped in the kept original.
    let orig = String::from_utf8(p.attempts[0].files[0].bytes.clone()).unwrap();
    assert!(orig.contains("\nFrom the archive"), "{orig}");
}
