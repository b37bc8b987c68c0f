//! What the dossier says and in which order: cover, summary in numbers, facts and
//! requests, chronology, evidence index and image appendix, integrity page, and the
//! footer stamped on every page once the page count is known.

use std::collections::HashMap;

use expediente_core::stats::{promise_states, CaseStats};
use expediente_core::{CaseBundle, Id, Lang, RecordKind};
use sha2::{Digest, Sha256};

use crate::fonts::{Fonts, Style};
use crate::i18n::{self, Labels};
use crate::images::{self, Embedded};
use crate::layout::{Cell, Geometry, Item, Layout, Page, Span, TableSpec};
use crate::{EvidenceSource, RenderOptions};

const BODY: f32 = 9.5;
const TABLE: f32 = 7.5;
const H1: f32 = 14.0;
const H2: f32 = 11.0;
const FOOTER: f32 = 7.0;
const EMPTY: &str = "—";

/// The laid-out dossier: pages, the images they reference, and how many characters had
/// to be shown as `[U+XXXX]`.
pub struct Laid {
    pub geo: Geometry,
    pub pages: Vec<Page>,
    pub images: Vec<Embedded>,
    pub replaced: usize,
    pub outline: Vec<(String, usize)>,
}

/// Lays out the whole dossier.
pub fn lay_out(
    bundle: &CaseBundle,
    stats: &CaseStats,
    opts: &RenderOptions,
    files: &dyn EvidenceSource,
    fonts: &Fonts,
    evidence_note: &dyn Fn(&mut Layout),
) -> Laid {
    let lang = bundle.case.data.lang;
    let l = i18n::labels(lang);
    let geo = opts.paper.geometry();
    let mut lay = Layout::new(geo, fonts);
    let attempt_no: HashMap<Id, usize> = bundle
        .attempts
        .iter()
        .enumerate()
        .map(|(i, a)| (a.meta.id, i + 1))
        .collect();

    cover(&mut lay, bundle, stats, opts, l, lang);
    summary(&mut lay, stats, l, lang);
    facts(&mut lay, bundle, l);
    chronology(&mut lay, bundle, opts, l, lang);
    let images = evidence(&mut lay, bundle, files, &attempt_no, l, lang, evidence_note);
    integrity(&mut lay, bundle, &attempt_no, l, lang);

    let replaced = lay.replaced;
    let outline = std::mem::take(&mut lay.outline);
    let mut pages = std::mem::take(&mut lay.pages);
    footers(&mut pages, geo, fonts, bundle, opts, l, lang);
    Laid {
        geo,
        pages,
        images,
        replaced,
        outline,
    }
}

fn or_empty(s: &str) -> String {
    if s.trim().is_empty() {
        EMPTY.to_string()
    } else {
        s.to_string()
    }
}

fn kv(label: &str, value: impl Into<String>) -> Vec<Cell> {
    vec![vec![Span::muted(label)], vec![Span::regular(value)]]
}

fn kv_table(lay: &mut Layout, rows: Vec<Vec<Cell>>) {
    let spec = TableSpec {
        headers: vec!["", ""],
        widths: vec![1.0, 2.4],
        size: BODY,
        show_header: false,
        zebra: false,
    };
    lay.table(&spec, rows, "");
}

fn cover(
    lay: &mut Layout,
    b: &CaseBundle,
    stats: &CaseStats,
    opts: &RenderOptions,
    l: &Labels,
    lang: Lang,
) {
    let case = &b.case.data;
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
                .map(|d| i18n::date(&d))
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
    rows.push(kv(l.opened_on, i18n::date(&case.opened_on)));
    let when = |t: Option<chrono::DateTime<chrono::FixedOffset>>| {
        t.map(|t| i18n::timestamp(&t))
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
                Span::bold(i18n::date(&d.date)),
                Span::muted(format!(
                    "{} — {}: {}",
                    d.basis,
                    from,
                    i18n::date(&d.counted_from)
                )),
            ],
        ]);
    }
    rows.push(vec![
        vec![Span::muted(l.generation)],
        vec![Span::bold(i18n::timestamp(&opts.generated_at))],
    ]);
    rows.push(vec![
        vec![Span::muted(l.fingerprint)],
        vec![Span::regular(b.fingerprint.clone())],
    ]);
    kv_table(lay, rows);
}

fn summary(lay: &mut Layout, s: &CaseStats, l: &Labels, lang: Lang) {
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
                .map(|t| i18n::timestamp(&t))
                .unwrap_or_else(|| l.none.to_string()),
        ),
    ];
    kv_table(lay, rows);
}

fn facts(lay: &mut Layout, b: &CaseBundle, l: &Labels) {
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

fn chronology(lay: &mut Layout, b: &CaseBundle, opts: &RenderOptions, l: &Labels, lang: Lang) {
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
        widths: vec![5.5, 12.0, 14.0, 12.0, 19.5, 15.0, 22.0],
        size: TABLE,
        show_header: true,
        zebra: true,
    };
    let promises = promise_states(&b.attempts, opts.generated_at.date_naive());
    let rows = b.attempts.iter().enumerate().map(|(i, a)| {
        let d = &a.data;
        let [date, time, offset] = i18n::when_lines(&d.happened_at);
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
                i18n::date(&due),
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
            vec![Span::bold((i + 1).to_string())],
            {
                // When it was logged, next to when it happened: a record made at the time.
                let [rec_date, rec_time] = i18n::utc_lines(&a.meta.recorded_at);
                vec![
                    Span::regular(date),
                    Span::regular(time),
                    Span::muted(offset),
                    Span::muted(l.recorded),
                    Span::muted(rec_date),
                    Span::muted(rec_time),
                ]
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

fn attempt_ref(attempt_no: &HashMap<Id, usize>, id: Option<Id>, l: &Labels) -> String {
    match id {
        None => l.whole_case.to_string(),
        Some(id) => match attempt_no.get(&id) {
            Some(n) => format!("#{n}"),
            None => id.to_string(),
        },
    }
}

fn evidence(
    lay: &mut Layout,
    b: &CaseBundle,
    files: &dyn EvidenceSource,
    attempt_no: &HashMap<Id, usize>,
    l: &Labels,
    lang: Lang,
    note: &dyn Fn(&mut Layout),
) -> Vec<Embedded> {
    lay.fresh_page();
    lay.section(l.evidence_index, H1, 40.0);
    if b.evidence.is_empty() {
        lay.paragraph(Span::regular(l.no_evidence), BODY);
        return Vec::new();
    }
    let spec = TableSpec {
        headers: vec![
            l.col_no,
            l.col_file,
            l.col_type,
            l.col_size,
            l.col_sha,
            l.col_attempt,
        ],
        widths: vec![4.0, 27.0, 14.0, 15.0, 28.0, 12.0],
        size: TABLE,
        show_header: true,
        zebra: true,
    };
    let rows = b.evidence.iter().enumerate().map(|(i, e)| {
        let d = &e.data;
        let mut file = vec![Span::regular(or_empty(&d.original_name))];
        if !d.note.trim().is_empty() {
            file.push(Span::muted(d.note.clone()));
        }
        file.push(Span::muted(format!(
            "{} {}",
            l.added_on,
            i18n::utc(&e.meta.recorded_at)
        )));
        vec![
            vec![Span::bold(format!("E{}", i + 1))],
            file,
            vec![Span::regular(or_empty(&d.media_type))],
            vec![Span::regular(i18n::size(lang, d.size))],
            vec![Span::regular(d.sha256.clone())],
            vec![Span::regular(attempt_ref(attempt_no, d.attempt_id, l))],
        ]
    });
    lay.table(&spec, rows, l.continued);
    note(lay);

    // Appendix: every PNG/JPEG, scaled to fit, aspect ratio kept.
    let candidates: Vec<(usize, &expediente_core::Evidence)> = b
        .evidence
        .iter()
        .enumerate()
        .filter(|(_, e)| images::is_image_type(&e.data.media_type, &e.data.original_name))
        .collect();
    lay.fresh_page();
    lay.section(l.appendix, H1, 80.0);
    if candidates.is_empty() {
        lay.paragraph(Span::regular(l.no_images), BODY);
        return Vec::new();
    }
    let mut embedded = Vec::new();
    for (i, e) in candidates {
        let d = &e.data;
        let prepared = match files.read(&d.sha256) {
            None => Err(l.image_missing),
            Some(bytes) if hex::encode(Sha256::digest(&bytes)) != d.sha256.to_ascii_lowercase() => {
                Err(l.image_mismatch)
            }
            Some(bytes) => images::prepare(bytes).ok_or(l.image_unreadable),
        };
        // Keep the caption with its image: break first if the image would shrink a lot here.
        let caption_h = Layout::line_height(BODY) + Layout::line_height(TABLE) + 9.0;
        match &prepared {
            Ok(img) => {
                let here = image_scale(lay.geo, img, lay.geo.body_bottom() - lay.y - caption_h);
                let fresh = image_scale(
                    lay.geo,
                    img,
                    lay.geo.body_bottom() - lay.geo.top() - caption_h,
                );
                if here < fresh * 0.6 {
                    lay.new_page();
                }
            }
            Err(_) => lay.ensure(caption_h + 2.0 * Layout::line_height(BODY)),
        }
        lay.space(6.0);
        lay.paragraph(
            Span::bold(format!(
                "E{} · {} · {}",
                i + 1,
                or_empty(&d.original_name),
                attempt_ref(attempt_no, d.attempt_id, l)
            )),
            BODY,
        );
        lay.paragraph(Span::muted(format!("SHA-256 {}", d.sha256)), TABLE);
        lay.space(3.0);
        match prepared {
            Ok(img) => {
                place_image(lay, &img, embedded.len());
                embedded.push(img);
            }
            Err(msg) => lay.paragraph(Span::muted(msg), BODY),
        }
    }
    embedded
}

/// The scale that fits an image into the content width and `room` points of height,
/// never enlarging beyond 1 px = 1 pt; one factor for both axes, so never distorted.
fn image_scale(geo: Geometry, img: &Embedded, room: f32) -> f32 {
    let (pw, ph) = img.display_size();
    let (pw, ph) = (pw as f32, ph as f32);
    (geo.content_width() / pw).min(room.max(0.0) / ph).min(1.0)
}

/// Places an image at the cursor, scaled to what is left of the page, with a thin frame.
fn place_image(lay: &mut Layout, img: &Embedded, index: usize) {
    let geo = lay.geo;
    let s = image_scale(geo, img, geo.body_bottom() - lay.y - 1.0);
    let (dw, dh) = img.display_size();
    let (w, h) = (dw as f32 * s, dh as f32 * s);
    let (x, y) = (geo.left(), lay.y);
    lay.image(x, y, w, h, index, img.orientation);
    lay.rule(x, x + w, y, 0.3);
    lay.rule(x, x + w, y + h, 0.3);
    lay.y = y + h;
    lay.space(6.0);
}

fn integrity(
    lay: &mut Layout,
    b: &CaseBundle,
    attempt_no: &HashMap<Id, usize>,
    l: &Labels,
    lang: Lang,
) {
    lay.fresh_page();
    lay.section(l.integrity, H1, 40.0);
    kv_table(
        lay,
        vec![
            vec![
                vec![Span::muted(l.chain_head)],
                vec![Span::bold(b.fingerprint.clone())],
            ],
            kv(l.chain_len, i18n::count(u64::from(b.chain_len))),
        ],
    );
    lay.space(6.0);
    lay.heading(l.corrections, H2, 30.0);
    if b.corrections.is_empty() {
        lay.paragraph(Span::regular(l.no_corrections), BODY);
    } else {
        let spec = TableSpec {
            headers: vec![
                l.col_record,
                l.col_revision,
                l.col_recorded,
                l.col_previous,
                l.col_reason,
            ],
            widths: vec![17.0, 10.0, 20.0, 20.0, 33.0],
            size: TABLE,
            show_header: true,
            zebra: true,
        };
        let rows = b.corrections.iter().map(|r| {
            let mut record = vec![Span::bold(i18n::record_kind(lang, r.kind))];
            if r.kind == RecordKind::Attempt {
                if let Some(n) = attempt_no.get(&r.meta.id) {
                    record.push(Span::regular(format!("#{n}")));
                }
            }
            record.push(Span::muted(r.meta.id.to_string()));
            let prev = r
                .previous_recorded_at
                .map(|t| vec![Span::regular(i18n::utc(&t))])
                .unwrap_or_else(|| vec![Span::muted(l.unknown_previous)]);
            vec![
                record,
                vec![Span::regular(r.meta.revision.to_string())],
                vec![Span::regular(i18n::utc(&r.meta.recorded_at))],
                prev,
                vec![Span::regular(or_empty(&r.meta.reason))],
            ]
        });
        lay.table(&spec, rows, l.continued);
    }
    lay.space(6.0);
    lay.heading(l.how_to_verify, H2, 40.0);
    lay.paragraph(Span::regular(l.verify_text), BODY);
    lay.space(4.0);
    lay.paragraph(Span::regular(l.verify_command_intro), BODY);
    lay.space(2.0);
    lay.paragraph_at(
        Span::bold("expediente-cli verify --dossier FILE.pdf"),
        BODY,
        lay.geo.left() + 12.0,
        lay.geo.content_width() - 12.0,
    );
    lay.space(4.0);
    lay.paragraph(Span::regular(l.verify_evidence), BODY);
    if lay.replaced > 0 {
        lay.space(4.0);
        lay.paragraph(Span::muted(l.replaced_chars_note), BODY);
    }
}

/// Stamps every page with the case title, generation time, "page X of Y" and the fingerprint.
fn footers(
    pages: &mut [Page],
    geo: Geometry,
    fonts: &Fonts,
    b: &CaseBundle,
    opts: &RenderOptions,
    l: &Labels,
    lang: Lang,
) {
    let total = pages.len();
    let lh = Layout::line_height(FOOTER);
    let regular = &fonts.regular;
    let (title, _) = fonts.sanitize(&b.case.data.title.replace('\n', " "));
    let generated = format!("{} {}", l.generated_at, i18n::timestamp(&opts.generated_at));
    let fingerprint = format!("{}: {}", l.fingerprint, b.fingerprint);
    for (i, page) in pages.iter_mut().enumerate() {
        let page_label = i18n::page_of(lang, i + 1, total);
        let page_w = fonts.bold.width(&page_label, FOOTER);
        let title_max = geo.content_width() - page_w - 12.0;
        let title = truncate(&title, title_max, |s| regular.width(s, FOOTER));
        let top = geo.bottom() - 3.0 * lh;
        page.items.push(Item::Rule {
            x1: geo.left(),
            x2: geo.right(),
            y: top - 2.0,
            thickness: 0.4,
        });
        let mut text = |x: f32, row: usize, style: Style, t: String, w: f32| {
            let face = fonts.face(style);
            let baseline = top
                + row as f32 * lh
                + (lh - (face.ascent + face.descent) * FOOTER) / 2.0
                + face.ascent * FOOTER;
            page.items.push(Item::Text {
                x,
                y: baseline,
                size: FOOTER,
                style,
                grey: 0.25,
                text: t,
                width: w,
                ascent: face.ascent,
                descent: face.descent,
            });
        };
        let tw = regular.width(&title, FOOTER);
        text(geo.left(), 0, Style::Regular, title, tw);
        text(geo.right() - page_w, 0, Style::Bold, page_label, page_w);
        let gw = regular.width(&generated, FOOTER);
        text(geo.left(), 1, Style::Regular, generated.clone(), gw);
        let fp = truncate(&fingerprint, geo.content_width(), |s| {
            regular.width(s, FOOTER)
        });
        let fw = regular.width(&fp, FOOTER);
        text(geo.left(), 2, Style::Regular, fp, fw);
    }
}

/// Cuts `text` with an ellipsis so it measures at most `max`.
fn truncate(text: &str, max: f32, measure: impl Fn(&str) -> f32) -> String {
    if measure(text) <= max {
        return text.to_string();
    }
    let mut out: String = String::new();
    for c in text.chars() {
        out.push(c);
        if measure(&out) + measure("…") > max {
            out.pop();
            break;
        }
    }
    out.push('…');
    out
}

/// The footer band's height, for [`Geometry::footer`].
pub fn footer_height() -> f32 {
    3.0 * Layout::line_height(FOOTER) + 6.0
}
