//! The dossier's own layout model and the machinery that fills it: pages of positioned
//! boxes (text lines, rectangles, rules, images) measured with the embedded font, word
//! wrap that also breaks hashes and URLs, page breaks, and tables whose rows split
//! across pages under a repeated header. Coordinates are points from the page's top-left.

use crate::fonts::{Fonts, Style};

/// Page and margin geometry, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub margin: f32,
    /// Height reserved at the bottom of the margin box for the footer.
    pub footer: f32,
}

impl Geometry {
    pub fn left(&self) -> f32 {
        self.margin
    }
    pub fn right(&self) -> f32 {
        self.width - self.margin
    }
    pub fn top(&self) -> f32 {
        self.margin
    }
    /// Bottom of the margin box (the footer's last line sits above it).
    pub fn bottom(&self) -> f32 {
        self.height - self.margin
    }
    /// Bottom of the body area: where the footer band starts.
    pub fn body_bottom(&self) -> f32 {
        self.bottom() - self.footer
    }
    pub fn content_width(&self) -> f32 {
        self.right() - self.left()
    }
}

/// A fill or stroke grey level (0 black, 1 white).
pub type Grey = f32;

/// One positioned thing on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// One line of text; `y` is the baseline, `width` its measured advance.
    Text {
        x: f32,
        y: f32,
        size: f32,
        style: Style,
        grey: Grey,
        text: String,
        width: f32,
        ascent: f32,
        descent: f32,
    },
    /// A filled rectangle (`y` its top edge).
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        grey: Grey,
    },
    /// A horizontal rule.
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        thickness: f32,
    },
    /// An image shown at (x, y) top-left, `w` × `h` points as displayed; `image` indexes
    /// the document's images; `orientation` is the JPEG's EXIF orientation (1–8, 1 = upright).
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        image: usize,
        orientation: u8,
    },
}

/// A box: left, top, right, bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Item {
    /// The box the item covers on the page.
    pub fn bbox(&self) -> BBox {
        match self {
            Item::Text {
                x,
                y,
                size,
                width,
                ascent,
                descent,
                ..
            } => BBox {
                x0: *x,
                y0: y - ascent * size,
                x1: x + width,
                y1: y + descent * size,
            },
            Item::Fill { x, y, w, h, .. } | Item::Image { x, y, w, h, .. } => BBox {
                x0: *x,
                y0: *y,
                x1: x + w,
                y1: y + h,
            },
            Item::Rule {
                x1,
                x2,
                y,
                thickness,
            } => BBox {
                x0: *x1,
                y0: y - thickness / 2.0,
                x1: *x2,
                y1: y + thickness / 2.0,
            },
        }
    }
}

/// One page of laid-out items.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
}

/// A styled run of text for a table cell or paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub style: Style,
    pub grey: Grey,
    pub text: String,
}

impl Span {
    pub fn regular(text: impl Into<String>) -> Self {
        Span {
            style: Style::Regular,
            grey: 0.0,
            text: text.into(),
        }
    }
    pub fn bold(text: impl Into<String>) -> Self {
        Span {
            style: Style::Bold,
            grey: 0.0,
            text: text.into(),
        }
    }
    pub fn muted(text: impl Into<String>) -> Self {
        Span {
            style: Style::Regular,
            grey: 0.35,
            text: text.into(),
        }
    }
}

/// A table cell: spans stacked vertically (each wraps on its own).
pub type Cell = Vec<Span>;

/// A table's columns: header texts and relative widths.
pub struct TableSpec<'h> {
    pub headers: Vec<&'h str>,
    /// Relative widths; scaled to the content width.
    pub widths: Vec<f32>,
    pub size: f32,
    /// Whether the header row is drawn (and repeated after page breaks).
    pub show_header: bool,
    /// Shade every other row.
    pub zebra: bool,
}

const CELL_PAD_X: f32 = 3.0;
const CELL_PAD_Y: f32 = 2.5;
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
        let (clean, n) = self.fonts.sanitize(&span.text);
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

    /// A table; rows that do not fit are split line by line, and the header is repeated
    /// at the top of every page the table continues on. `continued` is the text put in the
    /// first column of a row's continuation.
    pub fn table(
        &mut self,
        spec: &TableSpec,
        rows: impl IntoIterator<Item = Vec<Cell>>,
        continued: &str,
    ) {
        let total: f32 = spec.widths.iter().sum();
        let cw = self.geo.content_width();
        let widths: Vec<f32> = spec.widths.iter().map(|w| w / total * cw).collect();
        let xs: Vec<f32> = widths
            .iter()
            .scan(self.geo.left(), |x, w| {
                let here = *x;
                *x += w;
                Some(here)
            })
            .collect();
        let size = spec.size;
        let lh = Self::line_height(size);

        let header: Vec<Vec<Line>> = if spec.show_header {
            spec.headers
                .iter()
                .zip(&widths)
                .map(|(h, w)| self.wrap_span(&Span::bold(*h), size, w - 2.0 * CELL_PAD_X))
                .collect()
        } else {
            Vec::new()
        };
        let header_h =
            header.iter().map(Vec::len).max().unwrap_or(0) as f32 * lh + 2.0 * CELL_PAD_Y;

        let draw_header = |l: &mut Layout| {
            if !spec.show_header {
                return;
            }
            let top = l.y;
            l.fill(l.geo.left(), top, cw, header_h, 0.88);
            for (col, lines) in header.iter().enumerate() {
                for (i, line) in lines.iter().enumerate() {
                    l.put_text(
                        xs[col] + CELL_PAD_X,
                        top + CELL_PAD_Y + i as f32 * lh,
                        size,
                        line.style,
                        line.grey,
                        line.text.clone(),
                        line.width,
                    );
                }
            }
            l.y = top + header_h;
            l.rule(l.geo.left(), l.geo.right(), l.y, 0.6);
        };

        // Header plus one line of the first row must fit, or the table starts on a new page.
        self.ensure(header_h + lh + 2.0 * CELL_PAD_Y);
        draw_header(self);
        let full_page_rows = self.geo.body_bottom() - self.geo.top() - header_h;

        for (row_no, row) in rows.into_iter().enumerate() {
            // Wrap every cell into lines.
            let mut cells: Vec<Vec<Line>> = Vec::with_capacity(row.len());
            for (col, cell) in row.iter().enumerate().take(widths.len()) {
                let w = widths.get(col).copied().unwrap_or(0.0) - 2.0 * CELL_PAD_X;
                let mut lines = Vec::new();
                for span in cell {
                    lines.extend(self.wrap_span(span, size, w));
                }
                cells.push(lines);
            }
            let n_lines = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let row_h = n_lines as f32 * lh + 2.0 * CELL_PAD_Y;
            // A row that would fit on a fresh page is never split; a taller one starts
            // here if at least two lines fit.
            if row_h > self.room()
                && (row_h <= full_page_rows || self.room() < 2.0 * lh + 2.0 * CELL_PAD_Y)
            {
                self.new_page();
                draw_header(self);
            }
            let row_label = cells
                .first()
                .and_then(|c| c.first())
                .map(|l| (l.text.clone(), l.width));
            let mut first = 0;
            let mut fragment = 0;
            while first < n_lines {
                let fit = (((self.room() - 2.0 * CELL_PAD_Y) / lh).floor() as usize).max(1);
                let last = (first + fit).min(n_lines);
                let top = self.y;
                let h = (last - first) as f32 * lh + 2.0 * CELL_PAD_Y;
                if spec.zebra && row_no % 2 == 1 {
                    self.fill(self.geo.left(), top, cw, h, 0.96);
                }
                if fragment > 0 && !continued.is_empty() {
                    // Repeat the row's label (its number) and say it continues, in the
                    // first column that has nothing left to print.
                    if let Some((label, w)) = &row_label {
                        if *w <= widths[0] - 2.0 * CELL_PAD_X {
                            let (label, w) = (label.clone(), *w);
                            self.put_text(
                                xs[0] + CELL_PAD_X,
                                top + CELL_PAD_Y,
                                size,
                                Style::Regular,
                                0.35,
                                label,
                                w,
                            );
                        }
                    }
                    let w = self.fonts.face(Style::Regular).width(continued, size);
                    let free = (1..cells.len())
                        .find(|&c| cells[c].len() <= first && w <= widths[c] - 2.0 * CELL_PAD_X);
                    if let Some(c) = free {
                        self.put_text(
                            xs[c] + CELL_PAD_X,
                            top + CELL_PAD_Y,
                            size,
                            Style::Regular,
                            0.35,
                            continued.to_string(),
                            w,
                        );
                    }
                }
                for (col, lines) in cells.iter_mut().enumerate() {
                    let end = last.min(lines.len());
                    for (i, line) in lines.iter_mut().enumerate().take(end).skip(first) {
                        let text = std::mem::take(&mut line.text);
                        let (style, grey, width) = (line.style, line.grey, line.width);
                        self.put_text(
                            xs[col] + CELL_PAD_X,
                            top + CELL_PAD_Y + (i - first) as f32 * lh,
                            size,
                            style,
                            grey,
                            text,
                            width,
                        );
                    }
                }
                self.y = top + h;
                self.rule(self.geo.left(), self.geo.right(), self.y, 0.3);
                first = last;
                fragment += 1;
                if first < n_lines {
                    self.new_page();
                    draw_header(self);
                }
            }
        }
    }
}

/// Greedy word wrap of `text` (with `\n` as hard breaks) to `max_w`; words wider than a
/// line (hashes, URLs) are broken between characters. Returns lines with their widths.
pub fn wrap(
    text: &str,
    max_w: f32,
    measure: impl Fn(&str) -> f32,
    char_w: impl Fn(char) -> f32,
) -> Vec<(String, f32)> {
    let space_w = measure(" ");
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0f32;
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let w = measure(word);
            let sep = if line.is_empty() { 0.0 } else { space_w };
            if line_w + sep + w <= max_w {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_w += sep + w;
                continue;
            }
            if w <= max_w {
                out.push((std::mem::take(&mut line), line_w));
                line.push_str(word);
                line_w = w;
                continue;
            }
            // A word longer than a whole line: fill the current line, then break by character.
            if !line.is_empty() {
                if max_w - line_w - space_w > max_w * 0.25 {
                    line.push(' ');
                    line_w += space_w;
                } else {
                    out.push((std::mem::take(&mut line), line_w));
                    line_w = 0.0;
                }
            }
            for c in word.chars() {
                let cw = char_w(c);
                if line_w + cw > max_w && !line.is_empty() {
                    out.push((std::mem::take(&mut line), line_w));
                    line_w = 0.0;
                }
                line.push(c);
                line_w += cw;
            }
        }
        out.push((line, line_w));
    }
    // Drop trailing empty lines (a text ending in newlines), keep at least one line.
    while out.len() > 1 && out.last().is_some_and(|(l, _)| l.is_empty()) {
        out.pop();
    }
    if out.len() == 1 && out[0].0.is_empty() {
        out.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mono(text: &str, max: f32) -> Vec<String> {
        wrap(text, max, |s| s.chars().count() as f32, |_| 1.0)
            .into_iter()
            .map(|(l, w)| {
                assert!(w <= max || l.chars().count() == 1, "{l:?} {w}");
                l
            })
            .collect()
    }

    #[test]
    fn wraps_words_and_breaks_long_ones() {
        assert_eq!(
            mono("uno dos tres cuatro", 8.0),
            ["uno dos", "tres", "cuatro"]
        );
        assert_eq!(
            mono("ab 0123456789abcdef", 8.0),
            ["ab 01234", "56789abc", "def"]
        );
        assert_eq!(mono("x\n\ny", 8.0), ["x", "", "y"]);
        assert!(mono("", 8.0).is_empty());
        assert!(mono("   ", 8.0).is_empty());
        // Words are kept whole and in order: joining the lines restores the text.
        let text = "¿Dónde está mi reembolso? https://example.com/a/very/long/path?with=query";
        let lines = mono(text, 10.0);
        assert!(lines.iter().all(|l| l.chars().count() <= 10));
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
    }
}
