//! Tables: columns scaled to the content width, cells of stacked spans, rows split
//! line by line across pages under a repeated header.

use super::{Cell, Layout, Line, Span};
use crate::fonts::Style;

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

impl TableSpec<'_> {
    /// The width text can take in column `col` of this table laid across `content_width`.
    pub fn text_width(&self, content_width: f32, col: usize) -> f32 {
        let total: f32 = self.widths.iter().sum();
        let w = self.widths.get(col).copied().unwrap_or(0.0);
        w / total * content_width - 2.0 * CELL_PAD_X
    }
}

impl Layout<'_> {
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
