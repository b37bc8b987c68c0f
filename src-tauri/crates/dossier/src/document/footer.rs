//! The footer stamped on every page once the page count is known: case title, "page X
//! of Y", generation time and the case fingerprint.

use expediente_core::{CaseBundle, Lang};

use super::{grouped, FOOTER};
use crate::fonts::{Fonts, Style};
use crate::i18n::{self, Labels};
use crate::layout::{Geometry, Item, Layout, Page};
use crate::RenderOptions;

/// Stamps every page with the case title, generation time, "page X of Y" and the fingerprint.
pub(super) fn footers(
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
    let generated = format!(
        "{} {}",
        l.generated_at,
        i18n::instant(lang, &opts.generated_at)
    );
    let fp_label = format!("{}: ", l.fingerprint);
    let fp_label_w = regular.width(&fp_label, FOOTER);
    let fingerprint = grouped(&b.fingerprint);
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
        text(geo.left(), 2, Style::Regular, fp_label.clone(), fp_label_w);
        let fp = truncate(&fingerprint, geo.content_width() - fp_label_w, |s| {
            fonts.mono.width(s, FOOTER)
        });
        let fw = fonts.mono.width(&fp, FOOTER);
        text(geo.left() + fp_label_w, 2, Style::Mono, fp, fw);
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
