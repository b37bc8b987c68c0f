//! The demand letter and the complaint text: golden texts (read by hand; regenerate with
//! `UPDATE_GOLDEN=1`), hand-worked answer deadlines, and a form's length limit under
//! hostile inputs.

use expediente_core::agency;
use expediente_core::model::*;

use super::*;
use crate::tests::{bundle, d, Log};

fn golden(name: &str, got: &str) {
    let path = format!("{}/letters/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(got, want, "{name} differs from its golden text");
}

/// Ana's washing machine: a promise broken, then an e-mail nobody answered.
fn washer(agency: &str) -> CaseBundle {
    let mut b = bundle(agency);
    b.case.data.facts = "Compré una lavadora que dejó de funcionar a los diez días.".into();
    b.case.data.requests = "El reembolso íntegro de lo pagado.".into();
    let mut log = Log(&mut b);
    let a = log.at(
        d(2026, 11, 3),
        Direction::ToCompany,
        Channel::Phone,
        Outcome::Promise,
    );
    a.data.asked = "Pedí el reembolso".into();
    a.data.agent = "Luis".into();
    a.data.reference = "R-1001".into();
    a.data.response = "Lo revisamos".into();
    a.data.promised_by = Some(d(2026, 11, 10));
    log.at(
        d(2026, 11, 12),
        Direction::ToCompany,
        Channel::Email,
        Outcome::NoResponse,
    )
    .data
    .asked = "Reclamé la promesa incumplida".into();
    b
}

#[test]
fn demand_letter_reads_as_golden_in_both_languages() {
    let b = washer("profeco");
    let p = agency::find("profeco").unwrap();
    let es = demand(&b, p, d(2026, 12, 2), Lang::Es).unwrap();
    golden("demand_profeco_es.txt", &es.text);
    let en = demand(&b, p, d(2026, 12, 2), Lang::En).unwrap();
    golden("demand_profeco_en.txt", &en.text);
    // Ten business days in Mexico from Wednesday 2 Dec 2026: 3, 4, 7..11, 14, 15, 16.
    assert_eq!(es.answer_by, Some(d(2026, 12, 16)));
    assert!(es.text.contains("a más tardar el 16 de diciembre de 2026"));
    assert!(en.text.contains("by December 16, 2026"));
    assert_eq!(es.addressee[0], "Tienda SA de CV");
    assert!(
        es.text.contains("art. 105"),
        "the basis comes from the profile"
    );
}

#[test]
fn facts_follow_the_calendar_not_the_logging_order_and_keep_their_folios() {
    let mut b = washer("profeco");
    // Logged third, but it happened first.
    Log(&mut b)
        .at(
            d(2026, 10, 28),
            Direction::ToCompany,
            Channel::Whatsapp,
            Outcome::CannedReply,
        )
        .data
        .asked = "Avisé de la falla".into();
    let l = demand(
        &b,
        agency::find("profeco").unwrap(),
        d(2026, 12, 2),
        Lang::Es,
    )
    .unwrap();
    let folios: Vec<u32> = l.facts.iter().map(|f| f.folio).collect();
    assert_eq!(folios, [3, 1, 2]);
    assert!(l
        .text
        .contains("1. El 28 de octubre de 2026, folio 3, por WhatsApp"));
    assert!(l
        .text
        .contains("2. El 3 de noviembre de 2026, folio 1, por teléfono"));
}

#[test]
fn spain_answer_deadline_skips_the_immaculate_conception_holiday() {
    let b = washer("consumo");
    let l = demand(
        &b,
        agency::find("consumo").unwrap(),
        d(2026, 12, 2),
        Lang::Es,
    )
    .unwrap();
    // 15 business days from 2 Dec 2026, Tuesday 8 Dec a national holiday: 24 Dec.
    assert_eq!(l.answer_by, Some(d(2026, 12, 24)));
    assert!(l.text.contains("15 días hábiles"));
    assert!(l.text.contains("Ley 10/2025"));
}

#[test]
fn a_deadline_past_the_calendars_is_an_error_not_a_guess() {
    let b = washer("consumo");
    let err = demand(
        &b,
        agency::find("consumo").unwrap(),
        d(2027, 12, 24),
        Lang::En,
    )
    .unwrap_err();
    assert_eq!(
        err,
        LetterError::CalendarMissing {
            country: "ES".into(),
            year: 2028
        }
    );
    assert!(err.to_string().contains("ES 2028"));
}

#[test]
fn an_empty_log_and_missing_fields_leave_no_dangling_words() {
    let mut b = bundle("profeco");
    b.claimant.data.id_document = None;
    b.claimant.data.address = String::new();
    b.case.data.requests = String::new();
    b.case.data.amount = None;
    let l = demand(
        &b,
        agency::find("profeco").unwrap(),
        d(2026, 12, 2),
        Lang::En,
    )
    .unwrap();
    assert!(l.text.contains("I, Ana Pérez, write to formally demand"));
    assert!(l.text.contains("No contacts are recorded in the log."));
    assert!(l
        .text
        .contains("That you honour what you offered and agreed."));
    assert!(!l.text.contains('{'), "an unfilled placeholder: {}", l.text);
    assert!(!l.text.contains("Amount claimed"));
}

#[test]
fn the_users_own_braces_are_printed_as_written() {
    let mut b = washer("profeco");
    b.attempts[1].data.asked = "Escribí {response} y {date} tal cual".into();
    b.case.data.title = "{title} {name}".into();
    let l = demand(
        &b,
        agency::find("profeco").unwrap(),
        d(2026, 12, 2),
        Lang::Es,
    )
    .unwrap();
    assert!(l
        .text
        .contains("Escribí {response} y {date} tal cual. No hubo respuesta."));
    assert!(l
        .text
        .contains("Asunto: requerimiento formal — {title} {name}"));
}

#[test]
fn complaint_text_without_a_form_limit_keeps_everything() {
    let b = washer("profeco");
    let l = complaint(
        &b,
        agency::find("profeco").unwrap(),
        d(2026, 12, 2),
        Lang::Es,
    );
    assert_eq!(l.limit, None);
    assert_eq!(l.facts_omitted, 0);
    golden("complaint_profeco_es.txt", &l.text);
}

/// A case with `n` long contacts, each one numbered in its text.
fn long_case(n: u32) -> CaseBundle {
    let mut b = bundle("cfpb");
    b.case.data.lang = Lang::En;
    b.case.data.facts = "My card was charged twice. The bank said it would refund me. It never did. I kept calling.".into();
    b.case.data.requests = "Refund the duplicate charge of 89.99 USD.".into();
    for i in 0..n {
        Log(&mut b)
            .at(
                d(2026, 1, 5) + chrono::Days::new(u64::from(i) * 3),
                Direction::ToCompany,
                Channel::Phone,
                Outcome::Promise,
            )
            .data
            .asked = format!("Call {i}: I asked again for the refund and explained the duplicate charge, the dates and the amount in full detail");
    }
    b
}

#[test]
fn cfpb_complaint_fits_four_thousand_characters_keeping_the_latest_contacts() {
    let b = long_case(40);
    let full = complaint(
        &b,
        agency::find("profeco").unwrap(),
        d(2026, 12, 2),
        Lang::En,
    );
    assert!(full.text.chars().count() > 4000, "the case must overflow");
    let l = complaint(&b, agency::find("cfpb").unwrap(), d(2026, 12, 2), Lang::En);
    assert_eq!(l.limit, Some(4000));
    assert!(l.text.chars().count() <= 4000, "{}", l.text.chars().count());
    assert!(l.facts_omitted > 0);
    assert!(l.text.contains("Call 39:"), "the latest contact is kept");
    assert!(!l.text.contains("Call 0:"), "the oldest goes first");
    assert!(l
        .text
        .contains(&format!("({} earlier contacts left out", l.facts_omitted)));
    assert!(l.text.starts_with("My card was charged twice."));
    assert!(l
        .text
        .ends_with("Refund the duplicate charge of 89.99 USD."));
}

#[test]
fn hostile_sizes_still_fit_the_form_and_end_at_a_sentence() {
    // One contact and an account far longer than the form, in multi-byte characters.
    let mut b = long_case(1);
    b.case.data.facts = "Ñandú é ".repeat(600) + "Fin. " + &"Otra frase larga. ".repeat(300);
    b.attempts[0].data.asked = "ü".repeat(5000);
    let l = complaint(&b, agency::find("cfpb").unwrap(), d(2026, 12, 2), Lang::Es);
    assert!(l.text.chars().count() <= 4000);
    assert!(l.text.ends_with('.'), "{:?}", &l.text[l.text.len() - 20..]);
    // And a case with nothing in it still says what is asked.
    let mut empty = bundle("cfpb");
    empty.case.data.facts = String::new();
    empty.case.data.requests = String::new();
    let l = complaint(
        &empty,
        agency::find("cfpb").unwrap(),
        d(2026, 12, 2),
        Lang::En,
    );
    assert_eq!(
        l.text,
        "What I ask for: That you honour what you offered and agreed."
    );
}

#[test]
fn every_channel_and_outcome_has_words_in_both_languages() {
    let t = table();
    for c in Channel::ALL {
        let w = &t.channel[c.as_str()];
        assert!(!w.es.is_empty() && !w.en.is_empty(), "{c:?}");
    }
    for o in Outcome::ALL {
        let w = &t.outcome[o.as_str()];
        assert!(!w.es.is_empty() && !w.en.is_empty(), "{o:?}");
    }
    for (k, v) in &t.text {
        assert!(!v.es.is_empty() && !v.en.is_empty(), "text.{k}");
    }
    assert_eq!(t.months["es"].len(), 12);
    assert_eq!(t.months["en"].len(), 12);
}
