//! What the dossier says and in which order: cover, summary in numbers, facts and
//! requests (`front`), chronology, evidence index and image appendix (`evidence`),
//! integrity page, and the footer stamped on every page once the page count is known.

mod chronology;
mod evidence;
mod footer;
mod front;
mod integrity;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use expediente_core::stats::CaseStats;
use expediente_core::{CaseBundle, Id, Lang};

use crate::fonts::Fonts;
use crate::i18n::{self, Labels};
use crate::images::Embedded;
use crate::layout::{Cell, Geometry, Layout, Page, Span, TableSpec};
use crate::{EvidenceSource, RenderOptions};

pub use footer::footer_height;

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
    cover_stamp: crate::CoverStamp,
) -> Laid {
    let lang = bundle.case.data.lang;
    let l = i18n::labels(lang);
    let geo = opts.paper.geometry();
    let mut lay = Layout::new(geo, fonts);
    // Attempts are cited by their stable number (order first recorded), not their
    // position in the date-ordered chronology.
    let attempt_no: HashMap<Id, u32> = bundle
        .attempts
        .iter()
        .map(|a| (a.meta.id, a.number))
        .collect();

    front::cover(&mut lay, bundle, stats, opts, l, lang, cover_stamp);
    front::summary(&mut lay, stats, l, lang);
    front::facts(&mut lay, bundle, l);
    chronology::chronology(&mut lay, bundle, opts, l, lang);
    let images = evidence::evidence(&mut lay, bundle, files, &attempt_no, l, lang, evidence_note);
    integrity::integrity(&mut lay, bundle, &attempt_no, l, lang);

    let replaced = lay.replaced;
    let outline = std::mem::take(&mut lay.outline);
    let mut pages = std::mem::take(&mut lay.pages);
    footer::footers(&mut pages, geo, fonts, bundle, opts, l, lang);
    Laid {
        geo,
        pages,
        images,
        replaced,
        outline,
    }
}

pub(super) fn or_empty(s: &str) -> String {
    if s.trim().is_empty() {
        EMPTY.to_string()
    } else {
        s.to_string()
    }
}

pub(super) fn kv(label: &str, value: impl Into<String>) -> Vec<Cell> {
    vec![vec![Span::muted(label)], vec![Span::regular(value)]]
}

fn kv_spec() -> TableSpec<'static> {
    TableSpec {
        headers: vec!["", ""],
        widths: vec![1.0, 2.4],
        size: BODY,
        show_header: false,
        zebra: false,
    }
}

pub(super) fn kv_table(lay: &mut Layout, rows: Vec<Vec<Cell>>) {
    lay.table(&kv_spec(), rows, "");
}

/// Characters in one group of a printed hash.
const HASH_GROUP: usize = 4;

/// A hash as printed: lower case, in groups of four separated by spaces
/// ("b33d dd82 5f47 …"), so it can be read aloud and compared group by group.
pub(crate) fn grouped(hex: &str) -> String {
    let hex = hex.trim().to_ascii_lowercase();
    let chars: Vec<char> = hex.chars().collect();
    chars
        .chunks(HASH_GROUP)
        .map(|g| g.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// [`grouped`] cut into lines of 16, 8, 4, 2 or 1 groups — the most that fit `width` in
/// the mono face at `size` — so the lines of a hash line up.
pub(super) fn hash_lines(fonts: &Fonts, hex: &str, size: f32, width: f32) -> String {
    let text = grouped(hex);
    let groups: Vec<&str> = text.split(' ').collect();
    let per_line = [16, 8, 4, 2, 1]
        .into_iter()
        .find(|&n| {
            let sample = vec!["0".repeat(HASH_GROUP); n].join(" ");
            fonts.mono.width(&sample, size) <= width
        })
        .unwrap_or(1);
    groups
        .chunks(per_line)
        .map(|line| line.join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A hash as a monospaced span laid out by [`hash_lines`].
pub(super) fn hash_span(fonts: &Fonts, hex: &str, size: f32, width: f32) -> Span {
    Span::mono(hash_lines(fonts, hex, size, width))
}

/// The width of a [`kv_table`]'s value column.
pub(super) fn kv_value_width(lay: &Layout) -> f32 {
    kv_spec().text_width(lay.geo.content_width(), 1)
}

/// When a record was written, after `label` ("añadida el …"), as muted lines; for an
/// imported record the time is the one the file declares, and the instant it entered this
/// store follows: "añadida el …, según el archivo importado", "entró a este registro el …".
pub(super) fn recorded_spans(
    label: &str,
    recorded_at: &DateTime<Utc>,
    imported_at: Option<DateTime<Utc>>,
    l: &Labels,
    lang: Lang,
) -> Vec<Span> {
    let recorded = i18n::instant_utc(lang, recorded_at);
    match imported_at {
        None => vec![Span::muted(format!("{label} {recorded}"))],
        Some(at) => vec![
            Span::muted(format!("{label} {recorded}, {}", l.per_imported_file)),
            Span::muted(format!(
                "{} {}",
                l.entered_store_on,
                i18n::instant_utc(lang, &at)
            )),
        ],
    }
}

pub(super) fn attempt_ref(attempt_no: &HashMap<Id, u32>, id: Option<Id>, l: &Labels) -> String {
    match id {
        None => l.whole_case.to_string(),
        Some(id) => match attempt_no.get(&id) {
            Some(n) => format!("#{n}"),
            None => id.to_string(),
        },
    }
}
