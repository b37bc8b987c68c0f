//! Property tests of the layout: random cases (long texts, unbreakable words, many
//! attempts, empty optional fields, odd Unicode) lay out without panicking and with every
//! box inside the page margins; some of them are rendered to PDF as well.

use chrono::{Duration, FixedOffset, TimeZone};
use expediente_core::{stats, CaseBundle, Channel, Direction, Outcome};
use expediente_dossier::layout::Item;
use expediente_dossier::{
    preview, read_fingerprint, render, sample, NoFiles, Paper, RenderOptions,
};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-zA-ZáéíóúñÑü¿¡€ ,.]{0,60}",
        ".{0,200}",
        "[a-z0-9/:.?=&-]{40,400}",
        proptest::collection::vec("[a-zñ]{1,12}", 0..200).prop_map(|w| w.join(" ")),
        "[\\n\\t\\r ]{0,5}[^\\n]{0,20}[\\n]{0,3}",
        "(中文|العربية|😀|\u{0301}|\u{200B}|⸻|﷽|𝔘𝔫𝔦){1,30}",
    ]
}

#[derive(Debug, Clone)]
struct Shape {
    n_attempts: usize,
    texts: Vec<String>,
    flags: Vec<bool>,
    letter: bool,
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        0usize..40,
        proptest::collection::vec(text(), 16),
        proptest::collection::vec(any::<bool>(), 8),
        any::<bool>(),
    )
        .prop_map(|(n_attempts, texts, flags, letter)| Shape {
            n_attempts,
            texts,
            flags,
            letter,
        })
}

fn bundle(s: &Shape) -> CaseBundle {
    let mut b = sample::with_attempts(s.n_attempts);
    let t = |i: usize| s.texts[i % s.texts.len()].clone();
    b.case.data.title = t(0);
    b.case.data.facts = t(1);
    b.case.data.requests = t(2);
    b.case.data.product = t(3);
    b.claimant.data.full_name = t(4);
    b.company.data.legal_name = t(5);
    b.company.data.address = t(6);
    if s.flags[0] {
        b.claimant.data.id_document = None;
        b.case.data.amount = None;
        b.case.data.purchase_date = None;
        b.company.data.channels.clear();
    }
    if s.flags[1] {
        b.evidence.clear();
    } else {
        for e in &mut b.evidence {
            e.data.original_name = t(7);
            e.data.note = t(8);
        }
    }
    let off = FixedOffset::east_opt(if s.flags[2] {
        5 * 3600 + 1800
    } else {
        -3 * 3600
    })
    .unwrap_or_else(|| FixedOffset::east_opt(0).expect("utc"));
    for (i, a) in b.attempts.iter_mut().enumerate() {
        let d = &mut a.data;
        d.asked = t(9 + i);
        d.response = t(10 + i);
        d.agent = t(11 + i);
        d.reference = t(12 + i);
        d.channel_detail = t(13 + i);
        d.happened_at = d.happened_at.with_timezone(&off);
        if s.flags[3] {
            d.duration_secs = None;
            d.promised_by = None;
        }
        d.channel = Channel::ALL[(i * 7) % Channel::ALL.len()];
        d.outcome = Outcome::ALL[(i * 3) % Outcome::ALL.len()];
        d.direction = if s.flags[4] {
            Direction::FromCompany
        } else {
            d.direction
        };
    }
    if s.flags[5] && !b.attempts.is_empty() {
        let a = &b.attempts[0];
        let mut r = expediente_core::Revision {
            kind: expediente_core::RecordKind::Attempt,
            meta: a.meta.clone(),
            body: serde_json::Value::Null,
            link_hash: String::new(),
            previous_recorded_at: s.flags[6].then_some(a.meta.recorded_at),
        };
        r.meta.revision = 3;
        r.meta.reason = t(14);
        b.corrections.push(r);
    }
    b
}

fn opts(s: &Shape) -> RenderOptions {
    RenderOptions {
        paper: if s.letter { Paper::Letter } else { Paper::A4 },
        generated_at: FixedOffset::east_opt(-6 * 3600)
            .and_then(|o| o.with_ymd_and_hms(2026, 11, 22, 12, 34, 56).single())
            .expect("time")
            + Duration::days(s.n_attempts as i64),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_box_stays_inside_the_margins(s in shape()) {
        let b = bundle(&s);
        let o = opts(&s);
        let st = stats::compute(&b.attempts, o.generated_at);
        let p = preview(&b, &st, &o, &sample::SampleFiles).expect("layout");
        let g = p.geometry;
        let eps = 0.01;
        prop_assert!(!p.pages.is_empty());
        for (n, page) in p.pages.iter().enumerate() {
            prop_assert!(!page.items.is_empty(), "page {} is empty", n + 1);
            // The footer (a rule and four lines) is stamped last; the body stays above it.
            let body = &page.items[..page.items.len().saturating_sub(5)];
            for item in body {
                let bb = item.bbox();
                prop_assert!(bb.y1 <= g.body_bottom() + eps, "page {}: {:?} runs into the footer", n + 1, item);
            }
            for item in &page.items {
                let bb = item.bbox();
                prop_assert!(
                    bb.x0 >= g.left() - eps && bb.x1 <= g.right() + eps
                        && bb.y0 >= g.top() - eps && bb.y1 <= g.bottom() + eps,
                    "page {}: {:?} outside the margins {:?}", n + 1, item, g
                );
                if let Item::Text { text, .. } = item {
                    prop_assert!(!text.chars().any(|c| c.is_control()), "control char in {:?}", text);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn random_cases_render_to_readable_pdfs(s in shape()) {
        let b = bundle(&s);
        let o = opts(&s);
        let st = stats::compute(&b.attempts, o.generated_at);
        let pdf = render(&b, &st, &o, &NoFiles).expect("render");
        prop_assert!(pdf.starts_with(b"%PDF-"));
        prop_assert_eq!(read_fingerprint(&pdf).expect("fingerprint"), b.fingerprint.clone());
    }
}
