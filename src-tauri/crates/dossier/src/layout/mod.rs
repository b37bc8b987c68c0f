//! The dossier's own layout model and the machinery that fills it: pages of positioned
//! boxes (`page`: text lines, rectangles, rules, images) measured with the embedded font,
//! word wrap (`wrap`), page breaks, and tables whose rows split across pages under a
//! repeated header (`table`). Coordinates are points from the page's top-left.

mod page;
mod table;
mod wrap;

use crate::fonts::Fonts;

pub use crate::fonts::Style;
pub use page::{BBox, Cell, Geometry, Grey, Item, Page, Span};
pub use table::TableSpec;
pub use wrap::wrap;

const LINE_FACTOR: f32 = 1.25;

/// Fills pages top to bottom.
pub struct Layout<'f> {
    pub geo: Geometry,
    pub fonts: &'f Fonts,
    pub pages: Vec<Page>,
    /// Cursor: the top of the next thing to place.
    pub y: f32,
    /// Characters replaced by `[U+XXXX]` so far.
    pub replaced: usize,
    /// Document outline: (title, 1-based page) of each section, in order.
    pub outline: Vec<(String, usize)>,
}

/// A wrapped line ready to place: style, grey, text and its width.
struct Line {
    style: Style,
    grey: Grey,
    text: String,
    width: f32,
}

impl<'f> Layout<'f> {
    pub fn new(geo: Geometry, fonts: &'f Fonts) -> Self {
        let mut l = Layout {
            geo,
            fonts,
            pages: Vec::new(),
            y: geo.top(),
            replaced: 0,
            outline: Vec::new(),
        };
        l.new_page();
        l
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.geo.top();
    }

    /// Starts a new page unless the current one is still empty.
    pub fn fresh_page(&mut self) {
        if self.pages.last().is_some_and(|p| !p.items.is_empty()) {
            self.new_page();
        }
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Space left above the footer band, keeping half a point for the rule under a row.
    fn room(&self) -> f32 {
        self.geo.body_bottom() - 0.5 - self.y
    }

    /// Moves to a new page when less than `h` points are left.
    pub fn ensure(&mut self, h: f32) {
        if self.room() < h && self.y > self.geo.top() {
            self.new_page();
        }
    }

    pub fn space(&mut self, h: f32) {
        self.y = (self.y + h).min(self.geo.body_bottom());
    }

    pub fn line_height(size: f32) -> f32 {
        size * LINE_FACTOR
    }

    /// Places one already-fitting line of text with its top at `top`.
    #[allow(clippy::too_many_arguments)]
    fn put_text(
        &mut self,
        x: f32,
        top: f32,
        size: f32,
        style: Style,
        grey: Grey,
        text: String,
        width: f32,
    ) {
        if text.is_empty() {
            return;
        }
        let face = self.fonts.face(style);
        let (ascent, descent) = (face.ascent, face.descent);
        // Centre the glyph box inside the line box.
        let lh = Self::line_height(size);
        let baseline = top + (lh - (ascent + descent) * size) / 2.0 + ascent * size;
        self.page().items.push(Item::Text {
            x,
            y: baseline,
            size,
            style,
            grey,
            text,
            width,
            ascent,
            descent,
        });
    }

    pub fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, grey: Grey) {
        self.page().items.push(Item::Fill { x, y, w, h, grey });
    }

    pub fn rule(&mut self, x1: f32, x2: f32, y: f32, thickness: f32) {
        self.page().items.push(Item::Rule {
            x1,
            x2,
            y,
            thickness,
        });
    }

    pub fn image(&mut self, x: f32, y: f32, w: f32, h: f32, image: usize, orientation: u8) {
        self.page().items.push(Item::Image {
            x,
            y,
            w,
            h,
            image,
            orientation,
        });
    }

    /// Sanitizes and wraps `text` to `max_w`, counting replaced characters.
    fn wrap_span(&mut self, span: &Span, size: f32, max_w: f32) -> Vec<Line> {
        let (clean, n) = self.fonts.sanitize_for(&span.text, span.style);
        self.replaced += n;
        let face = self.fonts.face(span.style);
        wrap(
            &clean,
            max_w,
            |s| face.width(s, size),
            |c| face.char_width(c, size),
        )
        .into_iter()
        .map(|(text, width)| Line {
            style: span.style,
            grey: span.grey,
            text,
            width,
        })
        .collect()
    }

    /// A paragraph across the content width, breaking pages between lines.
    pub fn paragraph(&mut self, span: Span, size: f32) {
        self.paragraph_at(span, size, self.geo.left(), self.geo.content_width());
    }

    pub fn paragraph_at(&mut self, span: Span, size: f32, x: f32, width: f32) {
        let lh = Self::line_height(size);
        for line in self.wrap_span(&span, size, width) {
            self.ensure(lh);
            let y = self.y;
            self.put_text(x, y, size, line.style, line.grey, line.text, line.width);
            self.y += lh;
        }
    }

    /// `label` then, on the same line, `value`, which wraps in the width the label leaves
    /// (a hanging indent): "SHA-256 9f86 d081 …".
    pub fn label_value(&mut self, label: Span, value: Span, size: f32) {
        let lh = Self::line_height(size);
        let x = self.geo.left();
        let width = self.geo.content_width();
        let label = self.wrap_span(&label, size, width / 3.0);
        let gap = self
            .fonts
            .face(label.first().map_or(Style::Regular, |l| l.style))
            .width(" ", size);
        let indent = label.iter().map(|l| l.width).fold(0.0, f32::max) + gap;
        let value = self.wrap_span(&value, size, width - indent);
        self.ensure(lh * label.len().max(value.len()).min(2) as f32);
        let top = self.y;
        let rows = label.len().max(value.len());
        let (mut label, mut value) = (label.into_iter(), value.into_iter());
        for row in 0..rows {
            if row > 0 {
                self.ensure(lh);
            }
            let y = if row == 0 { top } else { self.y };
            if let Some(l) = label.next() {
                self.put_text(x, y, size, l.style, l.grey, l.text, l.width);
            }
            if let Some(v) = value.next() {
                self.put_text(x + indent, y, size, v.style, v.grey, v.text, v.width);
            }
            self.y = y + lh;
        }
    }

    /// A top-level section heading that also goes into the document outline.
    pub fn section(&mut self, text: &str, size: f32, keep: f32) {
        self.heading(text, size, keep);
        let n = self.outline.len() + 1;
        self.outline
            .push((format!("{n}. {text}"), self.pages.len()));
    }

    /// A section heading, kept with at least `keep` points of what follows.
    pub fn heading(&mut self, text: &str, size: f32, keep: f32) {
        let lh = Self::line_height(size);
        self.ensure(lh * 2.0 + keep);
        if self.y > self.geo.top() {
            self.space(size * 0.6);
        }
        self.paragraph(Span::bold(text), size);
        let y = self.y + 1.0;
        self.rule(self.geo.left(), self.geo.right(), y, 0.8);
        self.y += size * 0.5;
    }
}
