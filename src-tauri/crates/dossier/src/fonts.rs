//! The embedded typefaces (DejaVu Sans regular and bold, DejaVu Sans Mono for hashes,
//! compiled into the binary) and their metrics: advance widths for measuring, coverage for deciding which characters can be
//! drawn, and the marked `[U+XXXX]` replacement for everything else.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use crate::DossierError;

static REGULAR_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");
static MONO_TTF: &[u8] = include_bytes!("../fonts/DejaVuSansMono.ttf");

/// Which face a piece of text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    Regular,
    Bold,
    /// Monospaced, for hashes.
    Mono,
}

impl Style {
    /// Every face, in the order of [`Style::index`].
    pub const ALL: [Style; 3] = [Style::Regular, Style::Bold, Style::Mono];

    /// 0, 1, 2: for per-face tables.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Sentinel in the advance table for "no glyph in this font".
const MISSING: u16 = u16::MAX;

/// One face: the parsed font (for embedding) and a width table for the Basic Multilingual Plane.
pub struct Face {
    pub parsed: ParsedFont,
    units_per_em: f32,
    /// Advance width in font units for every BMP code point, `MISSING` when absent.
    advances: Vec<u16>,
    pub ascent: f32,
    pub descent: f32,
}

impl Face {
    fn load(bytes: &[u8], name: &'static str) -> Result<Self, DossierError> {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings)
            .ok_or(DossierError::Font { font: name })?;
        let m = parsed.pdf_font_metrics;
        let units_per_em = f32::from(m.units_per_em.max(1));
        let mut advances = vec![MISSING; 0x1_0000];
        for (cp, slot) in advances.iter_mut().enumerate() {
            if let Some(gid) = parsed.lookup_glyph_index(cp as u32) {
                if gid != 0 {
                    *slot = parsed.get_horizontal_advance(gid).min(MISSING - 1);
                }
            }
        }
        Ok(Face {
            ascent: f32::from(m.ascender) / units_per_em,
            descent: -f32::from(m.descender) / units_per_em,
            parsed,
            units_per_em,
            advances,
        })
    }

    /// Whether the face has a glyph for `c` (only the BMP is covered).
    pub fn covers(&self, c: char) -> bool {
        let cp = c as usize;
        cp < self.advances.len() && self.advances[cp] != MISSING
    }

    /// Advance of `c` in em units (0 for characters the face lacks; callers sanitize first).
    fn advance_em(&self, c: char) -> f32 {
        let cp = c as usize;
        match self.advances.get(cp) {
            Some(&a) if a != MISSING => f32::from(a) / self.units_per_em,
            _ => 0.0,
        }
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance_em(c)).sum::<f32>() * size
    }

    /// Width of one character at `size` points.
    pub fn char_width(&self, c: char, size: f32) -> f32 {
        self.advance_em(c) * size
    }
}

/// The faces the dossier uses.
pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
    pub mono: Face,
}

impl Fonts {
    /// The fonts, parsed once per process.
    pub fn get() -> Result<&'static Fonts, DossierError> {
        static FONTS: OnceLock<Result<Fonts, DossierError>> = OnceLock::new();
        FONTS
            .get_or_init(|| {
                Ok(Fonts {
                    regular: Face::load(REGULAR_TTF, "DejaVuSans.ttf")?,
                    bold: Face::load(BOLD_TTF, "DejaVuSans-Bold.ttf")?,
                    mono: Face::load(MONO_TTF, "DejaVuSansMono.ttf")?,
                })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    pub fn face(&self, style: Style) -> &Face {
        match style {
            Style::Regular => &self.regular,
            Style::Bold => &self.bold,
            Style::Mono => &self.mono,
        }
    }

    /// [`Fonts::sanitize`] for text set in `style`: monospaced text also marks what the
    /// mono face lacks.
    pub fn sanitize_for(&self, text: &str, style: Style) -> (String, usize) {
        let (clean, mut replaced) = self.sanitize(text);
        if style != Style::Mono || clean.chars().all(|c| c == '\n' || self.mono.covers(c)) {
            return (clean, replaced);
        }
        let mut out = String::with_capacity(clean.len());
        for c in clean.chars() {
            if c == '\n' || self.mono.covers(c) {
                out.push(c);
            } else {
                out.push_str(&format!("[U+{:04X}]", c as u32));
                replaced += 1;
            }
        }
        (out, replaced)
    }

    /// Makes `text` drawable with both faces: control characters become spaces (newlines
    /// are kept for the caller to split on), and characters the font lacks — or that need
    /// shaping or right-to-left layout we do not do, or are invisible ([`invisible`]) —
    /// become a visible `[U+XXXX]`.
    /// Returns the text and how many characters were replaced.
    pub fn sanitize(&self, text: &str) -> (String, usize) {
        let mut out = String::with_capacity(text.len());
        let mut replaced = 0;
        for c in text.chars() {
            match c {
                '\n' => out.push('\n'),
                '\r' => {}
                '\t' => out.push(' '),
                c if c.is_control() => out.push(' '),
                // Zero-width, bidi and other invisible format characters are printed as a
                // code too: dropped silently, they could hide text or reorder it unseen.
                c if invisible(c)
                    || needs_shaping(c)
                    || !self.regular.covers(c)
                    || !self.bold.covers(c) =>
                {
                    out.push_str(&format!("[U+{:04X}]", c as u32));
                    replaced += 1;
                }
                c => out.push(c),
            }
        }
        (out, replaced)
    }
}

/// Characters that take no space or only steer layout: zero-width spaces and joiners,
/// bidi marks, embeddings, overrides and isolates, line and paragraph separators, word
/// joiner and invisible operators, the byte-order mark, interlinear annotation marks,
/// the Mongolian vowel separator, and tag characters.
fn invisible(c: char) -> bool {
    matches!(c as u32,
        0x180E
        | 0x200B..=0x200F
        | 0x2028..=0x202E
        | 0x2060..=0x206F
        | 0xFEFF
        | 0xFFF9..=0xFFFB
        | 0xE0000..=0xE007F)
}

/// Scripts that are written right to left or need contextual shaping: DejaVu has some of
/// their glyphs, but drawn one by one, left to right, they would read as garbage.
fn needs_shaping(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF      // Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic
        | 0x0900..=0x0DFF    // Indic scripts (DejaVu has none, but be explicit)
        | 0xFB1D..=0xFDFF    // Hebrew and Arabic presentation forms A
        | 0xFE70..=0xFEFF) // Arabic presentation forms B
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_and_covers_spanish() {
        let f = Fonts::get().expect("fonts");
        for c in "áéíóúñüÁÉÍÓÚÑÜ¿¡€«»→".chars() {
            assert!(f.regular.covers(c) && f.bold.covers(c), "{c}");
        }
        let w = f.regular.width("Hola", 10.0);
        assert!(w > 15.0 && w < 30.0, "{w}");
        assert!(f.bold.width("Hola", 10.0) > w);
        assert!(f.regular.ascent > 0.5 && f.regular.descent > 0.1);
        // The mono face: every hex digit and the space are the same width.
        let w0 = f.mono.char_width('0', 10.0);
        assert!(w0 > 5.0 && w0 < 7.0, "{w0}");
        for c in "0123456789abcdef ".chars() {
            assert_eq!(f.mono.char_width(c, 10.0), w0, "{c}");
        }
        let (s, n) = f.sanitize_for("ab 12\u{4E2D}", Style::Mono);
        assert_eq!((s.as_str(), n), ("ab 12[U+4E2D]", 1));
    }

    #[test]
    fn replaces_what_cannot_be_drawn() {
        let f = Fonts::get().expect("fonts");
        let (s, n) = f.sanitize("a\tb\u{7}c 中文 مرحبا ñ 😀\r\n");
        assert_eq!(n, 2 + 5 + 1);
        assert!(s.starts_with("a b c [U+4E2D][U+6587] [U+0645]"), "{s}");
        assert!(s.ends_with(" ñ [U+1F600]\n"), "{s}");
    }

    /// Zero-width and format characters are counted and shown like any other replaced
    /// character, never dropped.
    #[test]
    fn invisible_characters_are_shown_and_counted() {
        let f = Fonts::get().expect("fonts");
        let (s, n) = f.sanitize("pa\u{200B}go\u{200D}\u{2060}\u{FEFF} \u{202E}lo\u{2066}\u{E0041}");
        assert_eq!(
            s,
            "pa[U+200B]go[U+200D][U+2060][U+FEFF] [U+202E]lo[U+2066][U+E0041]"
        );
        assert_eq!(n, 7);
        for c in [
            '\u{200C}', '\u{200E}', '\u{2028}', '\u{2029}', '\u{180E}', '\u{FFF9}',
        ] {
            assert_eq!(f.sanitize(&c.to_string()).1, 1, "U+{:04X}", c as u32);
        }
    }
}
