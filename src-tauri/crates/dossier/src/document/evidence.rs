//! The evidence index (file, type, size, SHA-256, attempt) and the appendix that shows
//! every PNG/JPEG whose bytes match their hash, scaled to fit.

use std::collections::HashMap;

use expediente_core::{CaseBundle, Id, Lang};
use sha2::{Digest, Sha256};

use super::{attempt_ref, grouped, hash_span, or_empty, recorded_spans, BODY, H1, TABLE};
use crate::i18n::{self, Labels};
use crate::images::{self, Embedded};
use crate::layout::{Geometry, Layout, Span, TableSpec};
use crate::EvidenceSource;

pub(super) fn evidence(
    lay: &mut Layout,
    b: &CaseBundle,
    files: &dyn EvidenceSource,
    attempt_no: &HashMap<Id, u32>,
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
    let (fonts, sha_w) = (lay.fonts, spec.text_width(lay.geo.content_width(), 4));
    let rows = b.evidence.iter().enumerate().map(|(i, e)| {
        let d = &e.data;
        let mut file = vec![Span::regular(or_empty(&d.original_name))];
        if !d.note.trim().is_empty() {
            file.push(Span::muted(d.note.clone()));
        }
        file.extend(recorded_spans(
            l.added_on,
            &e.meta.recorded_at,
            e.meta.imported_at,
            l,
            lang,
        ));
        vec![
            vec![Span::bold(format!("E{}", i + 1))],
            file,
            vec![Span::regular(or_empty(&d.media_type))],
            vec![Span::regular(i18n::size(lang, d.size))],
            vec![hash_span(fonts, &d.sha256, TABLE, sha_w)],
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
    // No appendix at all (no page, no outline entry) when nothing is an image.
    if candidates.is_empty() {
        return Vec::new();
    }
    lay.fresh_page();
    lay.section(l.appendix, H1, 80.0);
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
        lay.label_value(
            Span::muted("SHA-256"),
            Span {
                grey: Span::muted("").grey,
                ..Span::mono(grouped(&d.sha256))
            },
            TABLE,
        );
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
pub(super) fn image_scale(geo: Geometry, img: &Embedded, room: f32) -> f32 {
    let (pw, ph) = img.display_size();
    let (pw, ph) = (pw as f32, ph as f32);
    (geo.content_width() / pw).min(room.max(0.0) / ph).min(1.0)
}

/// Places an image at the cursor, scaled to what is left of the page, with a thin frame.
pub(super) fn place_image(lay: &mut Layout, img: &Embedded, index: usize) {
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
