//! The chronology: one table row per contact attempt, in date order.

use chrono::{DateTime, Utc};
use expediente_core::stats::promise_states;
use expediente_core::{CaseBundle, Lang};

use super::{or_empty, BODY, H1, TABLE};
use crate::fonts::Fonts;
use crate::i18n::{self, Labels};
use crate::layout::{Layout, Span, TableSpec};
use crate::RenderOptions;

pub(super) fn chronology(
    lay: &mut Layout,
    b: &CaseBundle,
    opts: &RenderOptions,
    l: &Labels,
    lang: Lang,
) {
    lay.fresh_page();
    lay.section(l.chronology, H1, 40.0);
    if b.attempts.is_empty() {
        lay.paragraph(Span::regular(l.no_attempts), BODY);
        return;
    }
    let spec = TableSpec {
        headers: vec![
            l.col_no,
            l.col_when,
            l.col_channel,
            l.col_who,
            l.col_asked,
            l.col_outcome,
            l.col_response,
        ],
        widths: vec![5.5, 17.0, 13.0, 16.5, 16.5, 13.5, 18.0],
        size: TABLE,
        show_header: true,
        zebra: true,
    };
    let promises = promise_states(&b.attempts, opts.generated_at.date_naive());
    let when_w = spec.text_width(lay.geo.content_width(), 1);
    let fonts = lay.fonts;
    let rows = b.attempts.iter().enumerate().map(|(i, a)| {
        let d = &a.data;
        let happened = i18n::instant_parts(lang, &d.happened_at);
        let mut channel = vec![Span::bold(i18n::channel(lang, d.channel))];
        if !d.channel_detail.trim().is_empty() {
            channel.push(Span::muted(d.channel_detail.clone()));
        }
        channel.push(Span::regular(i18n::direction(lang, d.direction)));
        if let Some(secs) = d.duration_secs {
            channel.push(Span::muted(format!(
                "{}: {}",
                l.duration,
                i18n::duration(lang, i64::from(secs))
            )));
        }
        if let Some(src) = &d.imported_from {
            // Which file the attempt was read from, and the start of its hash (the whole
            // hash is in the chain and the embedded export).
            let short: String = src.file_sha256.chars().take(12).collect();
            channel.push(Span::muted(format!(
                "{} {} (SHA-256 {short}…)",
                l.imported_from, src.file_name
            )));
        }
        let mut who = vec![Span::regular(or_empty(&d.agent))];
        if !d.reference.trim().is_empty() {
            who.push(Span::muted(format!("{} {}", l.reference, d.reference)));
        }
        let mut outcome = vec![Span::bold(i18n::outcome(lang, d.outcome))];
        if let Some(due) = d.promised_by {
            let state = match promises[i] {
                Some(p) => format!(" ({})", i18n::promise_state(lang, p)),
                None => String::new(),
            };
            outcome.push(Span::regular(format!(
                "{} {}{}",
                l.promised_by,
                i18n::date(lang, &due),
                state
            )));
        }
        if d.formal_demand {
            outcome.push(Span::bold(l.formal_demand));
        }
        if a.meta.revision > 1 {
            outcome.push(Span::muted(format!(
                "({} {})",
                l.corrected_rev, a.meta.revision
            )));
        }
        vec![
            vec![Span::bold(a.number.to_string())],
            {
                // When it happened (as the claimant tells it), then when this program's clock
                // logged it — or, for an imported record, the time the file declares beside
                // the instant it entered this store.
                let mut cell: Vec<Span> = pack(fonts, &happened, when_w)
                    .into_iter()
                    .map(Span::regular)
                    .collect();
                let mut muted = |label: &'static str, t: &DateTime<Utc>| {
                    cell.push(Span::muted(label));
                    let parts = i18n::instant_utc_parts(lang, t);
                    cell.extend(pack(fonts, &parts, when_w).into_iter().map(Span::muted));
                };
                match a.meta.imported_at {
                    None => muted(l.recorded, &a.meta.recorded_at),
                    Some(imported_at) => {
                        muted(l.recorded_imported, &a.meta.recorded_at);
                        muted(l.entered_store, &imported_at);
                    }
                }
                cell
            },
            channel,
            who,
            vec![Span::regular(or_empty(&d.asked))],
            outcome,
            vec![Span::regular(or_empty(&d.response))],
        ]
    });
    lay.table(&spec, rows, l.continued);
}

/// Joins consecutive parts of a date onto one line while they fit in `width`, so a date
/// breaks after its month and before its clock rather than anywhere.
fn pack(fonts: &Fonts, parts: &[String], width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for part in parts {
        match lines.last_mut() {
            Some(last) if fonts.regular.width(&format!("{last} {part}"), TABLE) <= width => {
                last.push(' ');
                last.push_str(part);
            }
            _ => lines.push(part.clone()),
        }
    }
    lines
}
