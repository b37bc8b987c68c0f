//! Property tests of the layout: random cases (long texts, unbreakable words, many
//! attempts, empty optional fields, odd Unicode) lay out without panicking and with every
//! box inside the page margins; some of them are rendered to PDF as well.

use chrono::{Duration, FixedOffset, TimeZone};
use expediente_core::{stats, CaseBundle, Channel, Direction, Outcome};
use expediente_dossier::layout::{wrap, Item};
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
            if s.flags[7] {
                // Whatever a hash field holds, it is grouped and wrapped inside its column.
                e.data.sha256 = t(15);
            }
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
            // The footer (a rule and five texts) is stamped last; the body stays above it.
            let body = &page.items[..page.items.len().saturating_sub(6)];
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

/// Tokens a reader must not see cut: folios, e-mail addresses, URLs, hashes, plain words.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z]{2,5}-[0-9]{4}-[0-9]{3,8}",
        "[a-z]{1,10}(\\.[a-z]{1,8})?@[a-z]{2,10}\\.(com|mx|example)",
        "https://[a-z]{2,8}\\.[a-z]{2,6}(/[a-z0-9-]{1,12}){0,5}",
        "[0-9a-f]{4}",
        "[a-zA-ZáéñÜ¿¡]{1,12}",
    ]
}

/// A width table like a proportional font's: narrow i/l/./-, wide m/w/@, others 1.
fn char_w(c: char) -> f32 {
    match c {
        'i' | 'l' | '.' | '-' | '/' | ':' | '1' => 0.5,
        'm' | 'w' | 'M' | 'W' | '@' => 1.6,
        c if c.is_ascii_uppercase() => 1.3,
        _ => 1.0,
    }
}

fn measure(s: &str) -> f32 {
    s.chars().map(char_w).sum()
}

fn lines_of(text: &str, max: f32) -> Vec<String> {
    wrap(text, max, measure, char_w)
        .into_iter()
        .map(|(l, _)| l)
        .collect()
}

/// Where each line ends, counted in the text's characters without spaces.
fn line_ends(lines: &[String]) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut at = 0;
    for l in lines {
        at += l.chars().filter(|c| *c != ' ').count();
        ends.push(at);
    }
    ends
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Nothing lost, reordered or overflowing; and a token that fits on a line is never
    /// cut: when a folio, address, URL or word fits the column, no line ends inside it.
    #[test]
    fn tokens_that_fit_stay_whole(tokens in proptest::collection::vec(token(), 1..25), extra in 0.0f32..30.0) {
        let text = tokens.join(" ");
        let widest = tokens.iter().map(|t| measure(t)).fold(0.0, f32::max);
        let max = widest + extra;
        let lines = lines_of(&text, max);
        for l in &lines {
            prop_assert!(measure(l) <= max + 1e-3, "{l:?} wider than {max}");
        }
        prop_assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        let words: Vec<&str> = lines.iter().flat_map(|l| l.split(' ')).collect();
        prop_assert_eq!(words, tokens.iter().map(String::as_str).collect::<Vec<_>>());
    }

    /// A token wider than the column breaks where a reader would: after "/", "@", "." and
    /// the like; after "-" only when none of those fits on the line; between two other
    /// characters only when neither does.
    #[test]
    fn long_tokens_break_at_the_best_place(
        lead in "[a-z]{0,6}",
        long in prop_oneof![
            "https://[a-z]{3,10}\\.[a-z]{2,6}(/[a-z0-9-]{3,14}){2,6}",
            "[a-z]{4,12}@[a-z]{4,12}(\\.[a-z]{3,8}){1,3}",
            "[A-Z]{2,5}(-[0-9]{3,8}){2,5}",
            "[0-9a-f]{40,64}",
        ],
        max in 8.0f32..30.0,
    ) {
        prop_assume!(measure(&long) > max);
        let text = format!("{lead} {long}");
        let lines = lines_of(&text, max);
        prop_assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        let chars: Vec<char> = text.chars().filter(|c| *c != ' ').collect();
        let start = lead.chars().count();
        let ends = line_ends(&lines);
        for (n, &end) in ends.iter().enumerate() {
            // Only cuts inside the long token (not at its end) matter.
            if end <= start || end >= chars.len() {
                continue;
            }
            let line = &lines[n];
            let piece_start = line.rsplit(' ').next().map_or(0, |p| end - p.chars().count());
            let piece: String = chars[piece_start..end].iter().collect();
            let room = max - (measure(line) - measure(&piece));
            let prev = chars[end - 1];
            let next = chars[end];
            let separator = |p: char, q: char| {
                (p == '/' && q != '/') || p == '@' || (p == '.' && q.is_alphanumeric())
            };
            // Could a piece ending after a separator have fitted here instead?
            let mut w = 0.0;
            let mut sep_fits = false;
            let mut hyphen_fits = false;
            for i in piece_start..chars.len() - 1 {
                w += char_w(chars[i]);
                // Only a break that clearly fits counts: a width within float rounding of
                // the room may be measured either way (the wrap compares strictly).
                if w > room - 1e-3 {
                    break;
                }
                sep_fits |= separator(chars[i], chars[i + 1]);
                hyphen_fits |= chars[i] == '-' && chars[i + 1].is_alphanumeric();
            }
            if separator(prev, next) {
                continue;
            }
            prop_assert!(!sep_fits, "line {line:?} ends at {prev:?} though a separator fitted");
            if prev == '-' {
                continue;
            }
            prop_assert!(!hyphen_fits, "line {line:?} cut mid-token though a hyphen fitted");
            // A mid-token cut only at the start of a line (nothing before the piece).
            prop_assert!(line.split(' ').count() == 1, "{line:?} cut mid-token after other text");
        }
    }
}
