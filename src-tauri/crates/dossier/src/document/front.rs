//! The front matter: the cover (claimant, company, the case, dates, fingerprint), the
//! summary in numbers and the facts and requests.

use expediente_core::stats::CaseStats;
use expediente_core::{CaseBundle, Lang};

use super::{hash_span, kv, kv_table, kv_value_width, or_empty, BODY, EMPTY, H1, H2};
use crate::i18n::{self, Labels};
use crate::layout::{Cell, Layout, Span};
use crate::RenderOptions;

pub(super) fn cover(
    lay: &mut Layout,
    b: &CaseBundle,
    stats: &CaseStats,
    opts: &RenderOptions,
    l: &Labels,
    lang: Lang,
    cover_stamp: crate::CoverStamp,
) {
    let case = &b.case.data;
    let (fonts, hash_w) = (lay.fonts, kv_value_width(lay));
    lay.outline.push((format!("1. {}", l.doc_kind), 1));
    lay.paragraph(Span::muted(l.doc_kind.to_uppercase()), H2);
    lay.space(4.0);
    lay.paragraph(Span::bold(or_empty(&case.title)), 20.0);
    lay.space(8.0);

    let c = &b.claimant.data;
    lay.heading(l.claimant, H2, 40.0);
    let mut rows = vec![kv(l.full_name, or_empty(&c.full_name))];
    if let Some(doc) = &c.id_document {
        rows.push(kv(l.id_document, format!("{} {}", doc.kind, doc.number)));
    }
    rows.push(kv(l.address, or_empty(&c.address)));
    if !c.phone.trim().is_empty() {
        rows.push(kv(l.phone, c.phone.clone()));
    }
    if !c.email.trim().is_empty() {
        rows.push(kv(l.email, c.email.clone()));
    }
    kv_table(lay, rows);

    let co = &b.company.data;
    lay.heading(l.company, H2, 40.0);
    let mut rows = vec![
        kv(l.legal_name, or_empty(&co.legal_name)),
        kv(l.trade_name, or_empty(&co.trade_name)),
        kv(l.tax_id, or_empty(&co.tax_id)),
        kv(l.address, or_empty(&co.address)),
    ];
    if !co.website.trim().is_empty() {
        rows.push(kv(l.website, co.website.clone()));
    }
    if !co.channels.is_empty() {
        let cell: Cell = co
            .channels
            .iter()
            .map(|k| {
                let label = if k.label.trim().is_empty() {
                    String::new()
                } else {
                    format!(" ({})", k.label)
                };
                Span::regular(format!(
                    "{}: {}{}",
                    i18n::channel(lang, k.channel),
                    k.value,
                    label
                ))
            })
            .collect();
        rows.push(vec![vec![Span::muted(l.known_channels)], cell]);
    }
    kv_table(lay, rows);

    lay.heading(l.the_case, H2, 40.0);
    let mut rows = vec![
        kv(l.product, or_empty(&case.product)),
        kv(l.account_ref, or_empty(&case.account_ref)),
        kv(
            l.purchase_date,
            case.purchase_date
                .map(|d| i18n::date(lang, &d))
                .unwrap_or_else(|| l.not_recorded.to_string()),
        ),
        kv(
            l.amount,
            case.amount
                .as_ref()
                .map(|m| i18n::money(lang, m))
                .unwrap_or_else(|| l.not_recorded.to_string()),
        ),
        kv(l.agency, i18n::agency(lang, &case.agency)),
    ];
    if !case.agency_folio.trim().is_empty() {
        rows.push(kv(l.agency_folio, case.agency_folio.clone()));
    }
    rows.push(kv(l.status, i18n::status(lang, case.status)));
    rows.push(kv(l.opened_on, i18n::date(lang, &case.opened_on)));
    let when = |t: Option<chrono::DateTime<chrono::FixedOffset>>| {
        t.map(|t| i18n::instant(lang, &t))
            .unwrap_or_else(|| l.not_recorded.to_string())
    };
    rows.push(kv(l.first_contact, when(stats.first_contact)));
    rows.push(kv(l.last_contact, when(stats.last_contact)));
    if let Some(d) = &stats.filing_deadline {
        let from = if d.counted_from_kind == "purchase" {
            l.counted_from_purchase
        } else {
            l.counted_from_demand
        };
        rows.push(vec![
            vec![Span::muted(l.filing_deadline)],
            vec![
                Span::bold(i18n::date(lang, &d.date)),
                Span::muted(format!(
                    "{} — {}: {}",
                    d.basis,
                    from,
                    i18n::date(lang, &d.counted_from)
                )),
            ],
        ]);
    }
    rows.push(vec![
        vec![Span::muted(l.generation)],
        vec![Span::bold(i18n::instant(lang, &opts.generated_at))],
    ]);
    rows.push(vec![
        vec![Span::muted(l.fingerprint)],
        vec![hash_span(fonts, &b.fingerprint, BODY, hash_w)],
    ]);
    match cover_stamp {
        crate::CoverStamp::NotRequested => {}
        crate::CoverStamp::Stamped => rows.push(kv(l.timestamp, l.timestamp_rfc3161.to_string())),
        crate::CoverStamp::Unstamped => rows.push(kv(l.timestamp, l.timestamp_none.to_string())),
    }
    kv_table(lay, rows);
}

pub(super) fn summary(lay: &mut Layout, s: &CaseStats, l: &Labels, lang: Lang) {
    lay.section(l.summary, H1, 60.0);
    let n = |v: u32| i18n::count(u64::from(v));
    let channels = if s.channels_used.is_empty() {
        l.none.to_string()
    } else {
        s.channels_used
            .iter()
            .map(|c| i18n::channel(lang, *c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let wait = match s.longest_wait_secs {
        None => l.none.to_string(),
        Some(secs) if s.longest_wait_open => {
            format!("{} {}", i18n::duration(lang, secs), l.still_waiting)
        }
        Some(secs) => i18n::duration(lang, secs),
    };
    let rows = vec![
        kv(l.attempts, n(s.attempts)),
        kv(l.from_claimant, n(s.from_claimant)),
        kv(l.from_company, n(s.from_company)),
        kv(
            l.days_since_first,
            s.days_since_first_contact
                .map(n)
                .unwrap_or_else(|| EMPTY.to_string()),
        ),
        kv(l.channels_used, channels),
        kv(l.no_response, n(s.no_response)),
        kv(l.canned_replies, n(s.canned_replies)),
        kv(l.promises_made, n(s.promises_made)),
        kv(l.promises_broken, n(s.promises_broken)),
        kv(l.promises_pending, n(s.promises_pending)),
        kv(l.redirected, n(s.redirected)),
        kv(l.longest_wait, wait),
        kv(l.formal_demands, n(s.formal_demands)),
        kv(
            l.last_formal_demand,
            s.last_formal_demand
                .map(|t| i18n::instant(lang, &t))
                .unwrap_or_else(|| l.none.to_string()),
        ),
    ];
    kv_table(lay, rows);
}

pub(super) fn facts(lay: &mut Layout, b: &CaseBundle, l: &Labels) {
    lay.section(l.facts_and_requests, H1, 40.0);
    lay.paragraph(Span::bold(l.facts), H2);
    lay.space(2.0);
    lay.paragraph(Span::regular(or_empty(&b.case.data.facts)), BODY);
    lay.space(8.0);
    lay.ensure(40.0);
    lay.paragraph(Span::bold(l.requests), H2);
    lay.space(2.0);
    lay.paragraph(Span::regular(or_empty(&b.case.data.requests)), BODY);
}
