//! Evidence images for the appendix: recognising PNG and JPEG, reading their pixel size,
//! and keeping their bytes exact — a baseline JPEG goes into the PDF verbatim (DCTDecode),
//! a PNG's pixels are decoded and stored losslessly; nothing is resampled or recompressed
//! lossily.

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
    pub width: u32,
    pub height: u32,
    pub payload: Payload,
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
    if bytes.starts_with(&[0xFF, 0xD8]) {
        if let Some((width, height, components)) = jpeg_header(&bytes) {
            if (components == 1 || components == 3) && width > 0 && height > 0 {
                // Check it decodes at all before trusting it verbatim.
                return Some(Embedded {
                    width,
                    height,
                    payload: Payload::Jpeg { bytes, components },
                });
            }
        }
    } else if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return None;
    }
    let mut warnings: Vec<PdfWarnMsg> = Vec::new();
    let raw = RawImage::decode_from_bytes(&bytes, &mut warnings).ok()?;
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
        payload: Payload::Pixels(Box::new(raw)),
    })
}

/// Width, height and component count from a JPEG's start-of-frame segment.
fn jpeg_header(b: &[u8]) -> Option<(u32, u32, u8)> {
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
        let is_sof = matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF);
        if is_sof {
            let seg = b.get(i + 4..i + 2 + len)?;
            if seg.len() < 6 {
                return None;
            }
            let height = u32::from(u16::from_be_bytes([seg[1], seg[2]]));
            let width = u32::from(u16::from_be_bytes([seg[3], seg[4]]));
            return Some((width, height, seg[5]));
        }
        if marker == 0xD9 || marker == 0xDA {
            return None;
        }
        i += 2 + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_image_types() {
        assert!(is_image_type("image/PNG", "x"));
        assert!(is_image_type("", "recibo.JPG"));
        assert!(!is_image_type("application/pdf", "factura.pdf"));
        assert!(!is_image_type("text/plain", "a.png"));
    }

    #[test]
    fn rejects_garbage() {
        assert!(prepare(b"not an image".to_vec()).is_none());
        assert!(prepare(vec![0xFF, 0xD8, 0xFF]).is_none());
        assert!(prepare(b"\x89PNG\r\n\x1a\ntruncated".to_vec()).is_none());
    }
}
