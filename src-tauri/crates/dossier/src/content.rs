//! Page content streams written directly from the layout model: text as 2-byte codes of
//! the embedded (subset) fonts, rectangles, rules and image placements. Writing bytes
//! here instead of building printpdf `Op`s (128 bytes each, all held until the file is
//! saved) keeps a 10,000-attempt dossier's memory and time low.

use crate::fonts::Style;
use crate::images;
use crate::layout::Item;

/// How to encode each character of a font: Unicode scalar → 2-byte code (CID) in the PDF.
/// A flat table over the Basic Multilingual Plane (sanitized text never leaves it): this
/// is looked up once per printed character.
pub struct CodeMap(Vec<u16>);

const NO_CODE: u16 = u16::MAX;

impl CodeMap {
    pub fn new() -> Self {
        CodeMap(vec![NO_CODE; 0x1_0000])
    }
    pub fn insert(&mut self, c: char, code: u16) {
        if let Some(slot) = self.0.get_mut(c as usize) {
            *slot = code;
        }
    }
    pub fn get(&self, c: char) -> Option<u16> {
        self.0.get(c as usize).copied().filter(|&v| v != NO_CODE)
    }
}

/// Writes `v` with at most three decimals and no trailing zeros ("42", "700.125"),
/// without allocating: this runs a few million times for a large dossier.
fn num(out: &mut String, v: f32) {
    let milli = (f64::from(v) * 1000.0).round() as i64;
    if milli < 0 {
        out.push('-');
    }
    let m = milli.unsigned_abs();
    let (int, mut frac) = (m / 1000, m % 1000);
    push_u64(out, int);
    if frac != 0 {
        out.push('.');
        let mut digits = 3;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        let s = [
            b'0' + (frac / 100 % 10) as u8,
            b'0' + (frac / 10 % 10) as u8,
            b'0' + (frac % 10) as u8,
        ];
        for &d in &s[3 - digits..] {
            out.push(char::from(d));
        }
    }
}

fn push_u64(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &buf[i..] {
        out.push(char::from(d));
    }
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn push_code(out: &mut String, code: u16) {
    for shift in [12, 8, 4, 0] {
        out.push(char::from(HEX[usize::from((code >> shift) & 0xF)]));
    }
}

fn op(out: &mut String, args: &[f32], operator: &str) {
    for a in args {
        num(out, *a);
        out.push(' ');
    }
    out.push_str(operator);
    out.push('\n');
}

/// The content stream of one page. `maps` maps each face's characters to codes, indexed
/// by [`Style::index`]; characters without a code are skipped (callers sanitize text
/// first, and every sanitized character is in the map).
pub fn page_content(items: &[Item], page_h: f32, maps: [&CodeMap; 3]) -> Vec<u8> {
    let mut out = String::with_capacity(items.len() * 48);
    let mut in_text = false;
    let mut font: Option<(Style, u32)> = None;
    let mut fill: Option<u32> = None;
    let mut stroke: Option<(u32, u32)> = None;
    for item in items {
        let is_text = matches!(item, Item::Text { .. });
        if in_text && !is_text {
            out.push_str("ET\n");
            in_text = false;
        }
        match item {
            Item::Text {
                x,
                y,
                size,
                style,
                grey,
                text,
                ..
            } => {
                if !in_text {
                    out.push_str("BT\n");
                    in_text = true;
                    // Tf is text state: it survives ET, but restate it per text object.
                    font = None;
                }
                if font != Some((*style, size.to_bits())) {
                    out.push_str(match style {
                        Style::Regular => "/F1 ",
                        Style::Bold => "/F2 ",
                        Style::Mono => "/F3 ",
                    });
                    op(&mut out, &[*size], "Tf");
                    font = Some((*style, size.to_bits()));
                }
                if fill != Some(grey.to_bits()) {
                    op(&mut out, &[*grey], "g");
                    fill = Some(grey.to_bits());
                }
                op(&mut out, &[1.0, 0.0, 0.0, 1.0, *x, page_h - y], "Tm");
                out.push('<');
                let map = maps[style.index()];
                for c in text.chars() {
                    if let Some(code) = map.get(c) {
                        push_code(&mut out, code);
                    }
                }
                out.push_str("> Tj\n");
            }
            Item::Fill { x, y, w, h, grey } => {
                if fill != Some(grey.to_bits()) {
                    op(&mut out, &[*grey], "g");
                    fill = Some(grey.to_bits());
                }
                op(&mut out, &[*x, page_h - y - h, *w, *h], "re");
                out.push_str("f\n");
            }
            Item::Rule {
                x1,
                x2,
                y,
                thickness,
            } => {
                let grey = 0.45f32;
                if stroke != Some((grey.to_bits(), thickness.to_bits())) {
                    op(&mut out, &[grey], "G");
                    op(&mut out, &[*thickness], "w");
                    stroke = Some((grey.to_bits(), thickness.to_bits()));
                }
                op(&mut out, &[*x1, page_h - y], "m");
                op(&mut out, &[*x2, page_h - y], "l");
                out.push_str("S\n");
            }
            Item::Image {
                x,
                y,
                w,
                h,
                image,
                orientation,
            } => {
                out.push_str("q\n");
                let m = images::placement_matrix(*orientation, *x, page_h - y - h, *w, *h);
                op(&mut out, &m, "cm");
                out.push_str("/Im");
                push_u64(&mut out, *image as u64 + 1);
                out.push_str(" Do\n");
                out.push_str("Q\n");
            }
        }
    }
    if in_text {
        out.push_str("ET\n");
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        let mut s = String::new();
        for v in [
            42.0f32, 700.125, -0.0001, 0.45, 595.276, -12.5, 0.05, 1000.0,
        ] {
            num(&mut s, v);
            s.push(' ');
        }
        assert_eq!(s, "42 700.125 0 0.45 595.276 -12.5 0.05 1000 ");
    }

    #[test]
    fn writes_text_rules_fills_and_images() {
        let mut map = CodeMap::new();
        map.insert('H', 0x2B);
        map.insert('i', 0x4C);
        let items = vec![
            Item::Fill {
                x: 10.0,
                y: 20.0,
                w: 30.0,
                h: 5.0,
                grey: 0.9,
            },
            Item::Text {
                x: 10.0,
                y: 30.0,
                size: 9.5,
                style: Style::Bold,
                grey: 0.0,
                text: "Hi".into(),
                width: 10.0,
                ascent: 0.9,
                descent: 0.2,
            },
            Item::Rule {
                x1: 10.0,
                x2: 40.0,
                y: 35.0,
                thickness: 0.3,
            },
            Item::Image {
                x: 10.0,
                y: 40.0,
                w: 20.0,
                h: 10.0,
                image: 0,
                orientation: 1,
            },
        ];
        let s = String::from_utf8(page_content(&items, 100.0, [&map, &map, &map])).expect("ascii");
        assert_eq!(
            s,
            "0.9 g\n10 75 30 5 re\nf\nBT\n/F2 9.5 Tf\n0 g\n1 0 0 1 10 70 Tm\n<002B004C> Tj\nET\n\
             0.45 G\n0.3 w\n10 65 m\n40 65 l\nS\nq\n20 0 0 10 10 50 cm\n/Im1 Do\nQ\n"
        );
    }
}
