//! Evidence images for the appendix: recognising PNG and JPEG, reading their pixel size
//! and a JPEG's EXIF orientation (phone photos of receipts are often stored sideways), and
//! keeping their bytes exact — a JPEG goes into the PDF verbatim (DCTDecode), a PNG's
//! pixels are decoded and stored losslessly; nothing is resampled or recompressed lossily.

use printpdf::{PdfWarnMsg, RawImage};

/// How an image is carried into the PDF.
pub enum Payload {
    /// The JPEG file itself, embedded as a DCTDecode stream; `components` is 1 (grey) or 3 (RGB).
    Jpeg { bytes: Vec<u8>, components: u8 },
    /// Decoded pixels (PNG, or a JPEG we cannot pass through such as CMYK), stored losslessly.
    Pixels(Box<RawImage>),
}

/// An image ready to embed.
pub struct Embedded {
    /// Stored pixel size.
    pub width: u32,
    pub height: u32,
    /// EXIF orientation, 1 (upright) to 8; 5–8 turn the image a quarter.
    pub orientation: u8,
    pub payload: Payload,
}

impl Embedded {
    /// Pixel size as displayed, after the orientation is applied.
    pub fn display_size(&self) -> (u32, u32) {
        if (5..=8).contains(&self.orientation) {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}

/// Whether an evidence file is a PNG or JPEG by its media type or, failing that, its name.
pub fn is_image_type(media_type: &str, name: &str) -> bool {
    let mt = media_type.trim().to_ascii_lowercase();
    if matches!(
        mt.as_str(),
        "image/png" | "image/jpeg" | "image/jpg" | "image/pjpeg"
    ) {
        return true;
    }
    let n = name.to_ascii_lowercase();
    (mt.is_empty() || mt == "application/octet-stream")
        && (n.ends_with(".png") || n.ends_with(".jpg") || n.ends_with(".jpeg"))
}

/// Reads an image's size and chooses how to embed it; `None` if it is not a readable PNG/JPEG.
pub fn prepare(bytes: Vec<u8>) -> Option<Embedded> {
    let mut orientation = 1;
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let h = jpeg_header(&bytes)?;
        orientation = h.orientation;
        if (h.components == 1 || h.components == 3) && h.width > 0 && h.height > 0 {
            return Some(Embedded {
                width: h.width,
                height: h.height,
                orientation,
                payload: Payload::Jpeg {
                    bytes,
                    components: h.components,
                },
            });
        }
    } else if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return None;
    }
    let mut warnings: Vec<PdfWarnMsg> = Vec::new();
    let mut raw = RawImage::decode_from_bytes(&bytes, &mut warnings).ok()?;
    flatten_alpha(&mut raw);
    let (width, height) = (
        u32::try_from(raw.width).ok()?,
        u32::try_from(raw.height).ok()?,
    );
    if width == 0 || height == 0 {
        return None;
    }
    Some(Embedded {
        width,
        height,
        orientation,
        payload: Payload::Pixels(Box::new(raw)),
    })
}

/// Composites an image with an alpha channel onto the white page, as a viewer would show
/// it: the dossier has no transparency (PDF/A-1 forbids soft masks). Opaque pixels keep
/// their exact values; the original file is attached to archival dossiers unchanged.
fn flatten_alpha(raw: &mut RawImage) {
    use printpdf::{RawImageData, RawImageFormat as F};
    let (channels, flat) = match raw.data_format {
        F::RGBA8 => (4, F::RGB8),
        F::BGRA8 => (4, F::BGR8),
        F::RG8 => (2, F::R8),
        F::RGBA16 => (4, F::RGB16),
        F::RG16 => (2, F::R16),
        F::RGBAF32 => (4, F::RGBF32),
        _ => return,
    };
    fn over_white<T: Copy>(px: &[T], channels: usize, mix: impl Fn(T, T) -> T) -> Vec<T> {
        px.chunks_exact(channels)
            .flat_map(|p| {
                let alpha = p[channels - 1];
                p[..channels - 1].iter().map(move |&c| (c, alpha))
            })
            .map(|(c, a)| mix(c, a))
            .collect()
    }
    raw.pixels = match &raw.pixels {
        RawImageData::U8(px) => RawImageData::U8(over_white(px, channels, |c, a| {
            let (c, a) = (u32::from(c), u32::from(a));
            ((c * a + 255 * (255 - a) + 127) / 255) as u8
        })),
        RawImageData::U16(px) => RawImageData::U16(over_white(px, channels, |c, a| {
            let (c, a) = (u64::from(c), u64::from(a));
            ((c * a + 65_535 * (65_535 - a) + 32_767) / 65_535) as u16
        })),
        RawImageData::F32(px) => RawImageData::F32(over_white(px, channels, |c, a| {
            let a = a.clamp(0.0, 1.0);
            c * a + (1.0 - a)
        })),
    };
    raw.data_format = flat;
}

/// What the dossier needs from a JPEG's headers.
#[derive(Debug, PartialEq)]
struct JpegHeader {
    width: u32,
    height: u32,
    components: u8,
    orientation: u8,
}

/// Reads the frame size and components (start-of-frame segment) and the EXIF orientation
/// (APP1), walking the segments before the image data.
fn jpeg_header(b: &[u8]) -> Option<JpegHeader> {
    let mut orientation = 1;
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if marker == 0xD8 || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            i += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        let seg = b.get(i + 4..i + 2 + len)?;
        if marker == 0xE1 {
            if let Some(o) = exif_orientation(seg) {
                orientation = o;
            }
        }
        let is_sof = matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF);
        if is_sof {
            if seg.len() < 6 {
                return None;
            }
            return Some(JpegHeader {
                height: u32::from(u16::from_be_bytes([seg[1], seg[2]])),
                width: u32::from(u16::from_be_bytes([seg[3], seg[4]])),
                components: seg[5],
                orientation,
            });
        }
        if marker == 0xD9 || marker == 0xDA {
            return None;
        }
        i += 2 + len;
    }
    None
}

/// The orientation tag (0x0112) of IFD0 in an APP1 "Exif" segment, if valid (1–8).
fn exif_orientation(seg: &[u8]) -> Option<u8> {
    let tiff = seg.strip_prefix(b"Exif\0\0")?;
    let big = match tiff.get(..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |o: usize| -> Option<u16> {
        let s = tiff.get(o..o + 2)?;
        Some(if big {
            u16::from_be_bytes([s[0], s[1]])
        } else {
            u16::from_le_bytes([s[0], s[1]])
        })
    };
    let u32_at = |o: usize| -> Option<u32> {
        let s = tiff.get(o..o + 4)?;
        Some(if big {
            u32::from_be_bytes([s[0], s[1], s[2], s[3]])
        } else {
            u32::from_le_bytes([s[0], s[1], s[2], s[3]])
        })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let count = usize::from(u16_at(ifd)?);
    for k in 0..count.min(512) {
        let entry = ifd + 2 + 12 * k;
        if u16_at(entry)? == 0x0112 {
            let v = u16_at(entry + 8)?;
            return (1..=8).contains(&v).then_some(v as u8);
        }
    }
    None
}

/// The matrix that maps an image's unit square onto a displayed box with lower-left
/// corner (x, y) and displayed size w × h, applying the EXIF orientation.
pub fn placement_matrix(orientation: u8, x: f32, y: f32, w: f32, h: f32) -> [f32; 6] {
    match orientation {
        2 => [-w, 0.0, 0.0, h, x + w, y],
        3 => [-w, 0.0, 0.0, -h, x + w, y + h],
        4 => [w, 0.0, 0.0, -h, x, y + h],
        5 => [0.0, -h, -w, 0.0, x + w, y + h],
        6 => [0.0, -h, w, 0.0, x, y + h],
        7 => [0.0, h, w, 0.0, x, y],
        8 => [0.0, h, -w, 0.0, x + w, y],
        _ => [w, 0.0, 0.0, h, x, y],
    }
}

/// `jpeg` with an EXIF APP1 segment carrying `orientation` inserted after its SOI marker
/// (for tests).
#[cfg(test)]
pub fn with_exif_orientation(jpeg: &[u8], orientation: u8) -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"MM\0\x2a\0\0\0\x08");
    tiff.extend_from_slice(&1u16.to_be_bytes());
    tiff.extend_from_slice(&0x0112u16.to_be_bytes());
    tiff.extend_from_slice(&3u16.to_be_bytes());
    tiff.extend_from_slice(&1u32.to_be_bytes());
    tiff.extend_from_slice(&u16::from(orientation).to_be_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let mut seg = b"Exif\0\0".to_vec();
    seg.extend_from_slice(&tiff);
    let len = (seg.len() + 2) as u16;
    let mut out = jpeg[..2.min(jpeg.len())].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&seg);
    out.extend_from_slice(jpeg.get(2..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transparent_pixels_are_put_on_white() {
        let png = include_bytes!("../tests/fixtures/transparente.png").to_vec();
        let img = prepare(png).expect("readable PNG");
        let Payload::Pixels(raw) = img.payload else {
            panic!("a PNG is decoded")
        };
        assert_eq!(raw.data_format, printpdf::RawImageFormat::RGB8);
        let printpdf::RawImageData::U8(px) = &raw.pixels else {
            panic!("8-bit")
        };
        assert_eq!(px.len(), 40 * 30 * 3);
        // Opaque blue corner unchanged; half-transparent red over white is pink.
        assert_eq!(&px[..3], &[0, 0, 255]);
        assert_eq!(&px[px.len() - 3..], &[255, 128, 128]); // alpha 127: 255 - 127 = 128
    }

    #[test]
    fn recognises_image_types() {
        assert!(is_image_type("image/PNG", "x"));
        assert!(is_image_type("", "recibo.JPG"));
        assert!(!is_image_type("application/pdf", "factura.pdf"));
        assert!(!is_image_type("text/plain", "a.png"));
    }

    #[test]
    fn reads_exif_orientation() {
        let plain = jpeg_header(crate::sample::CHAT_JPG).expect("header");
        assert_eq!(
            (
                plain.width,
                plain.height,
                plain.components,
                plain.orientation
            ),
            (640, 360, 3, 1)
        );
        for o in 1..=8 {
            let j = with_exif_orientation(crate::sample::CHAT_JPG, o);
            let h = jpeg_header(&j).expect("header");
            assert_eq!((h.width, h.height, h.orientation), (640, 360, o));
            let e = prepare(j).expect("prepared");
            let want = if o >= 5 { (360, 640) } else { (640, 360) };
            assert_eq!(e.display_size(), want);
        }
    }

    #[test]
    fn placement_matrices_map_the_unit_square_onto_the_box() {
        // Every orientation must send the unit square's corners onto the box's corners.
        let (x, y, w, h) = (10.0f32, 20.0f32, 30.0f32, 40.0f32);
        for o in 1..=8u8 {
            let m = placement_matrix(o, x, y, w, h);
            let mut corners: Vec<(i32, i32)> =
                [(0.0f32, 0.0f32), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
                    .iter()
                    .map(|(u, v)| {
                        (
                            (m[0] * u + m[2] * v + m[4]) as i32,
                            (m[1] * u + m[3] * v + m[5]) as i32,
                        )
                    })
                    .collect();
            corners.sort();
            assert_eq!(
                corners,
                [(10, 20), (10, 60), (40, 20), (40, 60)],
                "orientation {o}"
            );
        }
        // Orientation 6: the stored top-left pixel (u=0, v=1) ends at the displayed top-right.
        let m = placement_matrix(6, x, y, w, h);
        assert_eq!((m[2] + m[4], m[3] + m[5]), (x + w, y + h));
    }

    #[test]
    fn rejects_garbage() {
        assert!(prepare(b"not an image".to_vec()).is_none());
        assert!(prepare(vec![0xFF, 0xD8, 0xFF]).is_none());
        assert!(prepare(b"\x89PNG\r\n\x1a\ntruncated".to_vec()).is_none());
    }
}
