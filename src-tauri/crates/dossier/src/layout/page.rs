//! The layout model: page geometry, positioned items and their boxes, styled spans.

use crate::fonts::Style;

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
    /// Monospaced (hashes).
    pub fn mono(text: impl Into<String>) -> Self {
        Span {
            style: Style::Mono,
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
