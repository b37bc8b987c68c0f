//! Turning the laid-out pages into PDF bytes with printpdf, deterministically: fixed
//! resource names, metadata dates converted to UTC here, a trailer `/ID` derived from the
//! content instead of printpdf's random one, JPEGs embedded verbatim; and reading the
//! case fingerprint back out of a dossier.

use expediente_core::CaseBundle;
use printpdf::{
    Color, CurTransMat, FontId, Greyscale, Line, LinePoint, Op, PaintMode, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix, XObject,
    XObjectId, XObjectTransform,
};
use sha2::{Digest, Sha256};

use crate::document::Laid;
use crate::fonts::{Fonts, Style};
use crate::i18n;
use crate::images::{self, Payload};
use crate::layout::{Item, Layout};
use crate::{DossierError, RenderOptions};

/// Prefix of the fingerprint entry in the document's keywords.
pub const FINGERPRINT_KEYWORD: &str = "expediente-fingerprint:";

fn font_id(style: Style) -> FontId {
    match style {
        Style::Regular => FontId("F1".into()),
        Style::Bold => FontId("F2".into()),
    }
}

fn image_id(index: usize) -> XObjectId {
    XObjectId(format!("Im{}", index + 1))
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: level,
        icc_profile: None,
    })
}

/// Text state carried between lines so unchanged font, colour and leading are not repeated.
#[derive(Default)]
struct TextState {
    in_text: bool,
    font: Option<(Style, u32)>,
    fill: Option<u32>,
    leading: Option<u32>,
    /// x, baseline (PDF coordinates) and size of the last line shown.
    last: Option<(f32, f32, f32)>,
}

/// PDF operations for one page. Consecutive lines of a paragraph or table cell become a
/// single `'` (next line and show) each: a 1,000-page dossier has ~300,000 lines, and
/// every printpdf `Op` costs 128 bytes until the file is written.
fn page_ops(items: Vec<Item>, page_h: f32) -> Vec<Op> {
    let mut ops = Vec::with_capacity(items.len() * 2 + 16);
    let mut st = TextState::default();
    let mut fill_grey: Option<u32> = None;
    for item in items {
        if !matches!(item, Item::Text { .. }) && st.in_text {
            ops.push(Op::EndTextSection);
            st.in_text = false;
            st.last = None;
        }
        match item {
            Item::Text {
                x,
                y,
                size,
                style,
                grey: g,
                text,
                ..
            } => {
                let (px, py) = (x, page_h - y);
                if !st.in_text {
                    ops.push(Op::StartTextSection);
                    st.in_text = true;
                    st.last = None;
                }
                let g_key = g.to_bits();
                if st.fill != Some(g_key) || fill_grey != Some(g_key) {
                    ops.push(Op::SetFillColor { col: grey(g) });
                    st.fill = Some(g_key);
                    fill_grey = Some(g_key);
                }
                let f_key = (style, size.to_bits());
                if st.font != Some(f_key) {
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(font_id(style)),
                        size: Pt(size),
                    });
                    st.font = Some(f_key);
                }
                let lh = Layout::line_height(size);
                let next_line = st.last.is_some_and(|(lx, ly, ls)| {
                    lx == px && ls == size && (ly - lh - py).abs() < 0.001
                });
                if next_line && st.leading == Some(lh.to_bits()) {
                    ops.push(Op::MoveToNextLineShowText { text });
                } else {
                    if st.leading != Some(lh.to_bits()) {
                        ops.push(Op::SetLineHeight { lh: Pt(lh) });
                        st.leading = Some(lh.to_bits());
                    }
                    ops.push(Op::SetTextMatrix {
                        matrix: TextMatrix::Translate(Pt(px), Pt(py)),
                    });
                    ops.push(Op::ShowText {
                        items: vec![TextItem::Text(text)],
                    });
                }
                st.last = Some((px, py, size));
            }
            Item::Fill {
                x,
                y,
                w,
                h,
                grey: g,
            } => {
                if fill_grey != Some(g.to_bits()) {
                    ops.push(Op::SetFillColor { col: grey(g) });
                    fill_grey = Some(g.to_bits());
                    st.fill = fill_grey;
                }
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(x),
                        y: Pt(page_h - y - h),
                        width: Pt(w),
                        height: Pt(h),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            Item::Rule {
                x1,
                x2,
                y,
                thickness,
            } => {
                ops.push(Op::SetOutlineColor { col: grey(0.45) });
                ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
                let p = |x: f32| LinePoint {
                    p: Point {
                        x: Pt(x),
                        y: Pt(page_h - y),
                    },
                    bezier: false,
                };
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![p(x1), p(x2)],
                        is_closed: false,
                    },
                });
            }
            Item::Image {
                x,
                y,
                w,
                h,
                image,
                orientation,
            } => {
                ops.push(Op::SaveGraphicsState);
                // Map the image's unit square onto its box (turned as its EXIF says); no
                // automatic pixel scaling.
                ops.push(Op::SetTransformationMatrix {
                    matrix: CurTransMat::Raw(images::placement_matrix(
                        orientation,
                        x,
                        page_h - y - h,
                        w,
                        h,
                    )),
                });
                ops.push(Op::UseXobject {
                    id: image_id(image),
                    transform: XObjectTransform {
                        no_auto_scale: true,
                        ..Default::default()
                    },
                });
                ops.push(Op::RestoreGraphicsState);
            }
        }
    }
    if st.in_text {
        ops.push(Op::EndTextSection);
    }
    ops.shrink_to_fit();
    ops
}

fn to_offset_date_time(
    t: &chrono::DateTime<chrono::FixedOffset>,
) -> Result<printpdf::OffsetDateTime, DossierError> {
    // printpdf writes dates as UTC whatever their offset: hand it the UTC instant.
    printpdf::OffsetDateTime::from_unix_timestamp(t.timestamp()).map_err(|e| DossierError::Pdf {
        what: format!("generated_at {t} cannot be written as a PDF date: {e}"),
    })
}

/// Builds and serializes the PDF.
pub fn write(
    laid: Laid,
    bundle: &CaseBundle,
    opts: &RenderOptions,
    fonts: &Fonts,
) -> Result<Vec<u8>, DossierError> {
    let lang = bundle.case.data.lang;
    let l = i18n::labels(lang);
    let fp = bundle.chain_head.trim().to_ascii_lowercase();
    let (title, _) = fonts.sanitize(&bundle.case.data.title);
    let mut doc = PdfDocument::new(&format!("{}: {}", l.doc_kind, title));

    // Fixed resource names: printpdf's add_font/add_image pick random ones.
    for style in [Style::Regular, Style::Bold] {
        doc.resources.fonts.map.insert(
            font_id(style),
            printpdf::PdfFont::new(fonts.face(style).parsed.clone()),
        );
    }
    let mut jpegs = Vec::new();
    for (i, img) in laid.images.into_iter().enumerate() {
        match img.payload {
            Payload::Pixels(raw) => {
                doc.resources
                    .xobjects
                    .map
                    .insert(image_id(i), XObject::Image(*raw));
            }
            Payload::Jpeg { bytes, components } => {
                jpegs.push((image_id(i), img.width, img.height, components, bytes))
            }
        }
    }

    let (w, h) = (laid.geo.width, laid.geo.height);
    let page_count = laid.pages.len();
    let pages: Vec<PdfPage> = laid
        .pages
        .into_iter()
        .map(|p| PdfPage::new(Pt(w).into(), Pt(h).into(), page_ops(p.items, h)))
        .collect();
    doc.with_pages(pages);

    // Bookmarks with fixed ids (add_bookmark picks random ones); printpdf orders them by
    // (page, title), and the titles are numbered so that is document order.
    for (i, (title, page)) in laid.outline.iter().enumerate() {
        let (title, _) = fonts.sanitize(title);
        doc.bookmarks.map.insert(
            printpdf::PageAnnotId(format!("B{i:03}")),
            printpdf::PageAnnotation {
                name: title,
                page: *page,
            },
        );
    }

    let info = &mut doc.metadata.info;
    info.author = bundle.claimant.data.full_name.clone();
    info.subject = format!(
        "{} — {} — {}: {}",
        l.doc_kind, bundle.company.data.legal_name, l.fingerprint, fp
    );
    info.keywords = vec![
        l.doc_kind.to_string(),
        bundle.company.data.trade_name.replace(',', " "),
        format!("{FINGERPRINT_KEYWORD}{fp}"),
    ];
    info.creator = "Expediente".into();
    info.producer = format!("expediente-dossier {}", env!("CARGO_PKG_VERSION"));
    info.identifier = fp.clone();
    info.creation_date = to_offset_date_time(&opts.generated_at)?;
    info.modification_date = info.creation_date;
    info.metadata_date = info.creation_date;

    let save = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        // Never resample or recompress evidence images.
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&save, &mut warnings);
    // The op lists are now content streams: free them before compressing (peak memory).
    drop(doc);
    embed_jpegs(&mut lo, jpegs)?;

    // printpdf writes a random trailer /ID; derive ours from what the file says.
    let mut hasher = Sha256::new();
    hasher.update(b"expediente-dossier\0");
    hasher.update(fp.as_bytes());
    hasher.update(i18n::timestamp(&opts.generated_at).as_bytes());
    hasher.update(format!("{w}x{h}:{page_count}").as_bytes());
    let id = hex::encode(&hasher.finalize()[..16]);
    lo.trailer.set(
        "ID",
        lopdf::Object::Array(vec![
            lopdf::Object::String(id.clone().into_bytes(), lopdf::StringFormat::Literal),
            lopdf::Object::String(id.into_bytes(), lopdf::StringFormat::Literal),
        ]),
    );
    // printpdf names a PDF/X version in the info dictionary even for plain output; this
    // file claims no PDF/X (nor PDF/A) conformance, so drop it.
    if let Ok(info_id) = lo.trailer.get(b"Info").and_then(|o| o.as_reference()) {
        if let Ok(info) = lo.get_dictionary_mut(info_id) {
            info.remove(b"GTS_PDFXVersion");
        }
    }
    // printpdf writes /PageMode as a string when there is an outline; it must be a name.
    if let Ok(root) = lo.trailer.get(b"Root").and_then(|o| o.as_reference()) {
        if let Ok(catalog) = lo.get_dictionary_mut(root) {
            if catalog.has(b"Outlines") {
                catalog.set("PageMode", lopdf::Object::Name(b"UseOutlines".to_vec()));
            }
        }
    }
    // Decoded (PNG) pixels are written raw and marked "do not compress": deflate them —
    // lossless, so the pixels stay exactly the evidence's.
    for object in lo.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object {
            let is_image = stream
                .dict
                .get(b"Subtype")
                .and_then(|s| s.as_name())
                .is_ok_and(|n| n == b"Image");
            if is_image && stream.dict.get(b"Filter").is_err() {
                stream.allows_compression = true;
            }
        }
    }
    lo.compress();
    let mut out = Vec::new();
    lo.save_to(&mut out).map_err(|e| DossierError::Pdf {
        what: format!("writing the PDF failed: {e}"),
    })?;
    Ok(out)
}

/// Adds each JPEG as a DCTDecode image XObject holding the original file's bytes.
fn embed_jpegs(
    lo: &mut lopdf::Document,
    jpegs: Vec<(XObjectId, u32, u32, u8, Vec<u8>)>,
) -> Result<(), DossierError> {
    if jpegs.is_empty() {
        return Ok(());
    }
    let missing = |what: &str| DossierError::Pdf {
        what: format!("cannot find {what} to attach evidence images to"),
    };
    // Every page shares one XObject dictionary: find it through the first page.
    let first_page = *lo
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| missing("a page"))?;
    let xobjects_id = lo
        .get_dictionary(first_page)
        .and_then(|p| p.get(b"Resources"))
        .and_then(|r| r.as_reference())
        .and_then(|r| lo.get_dictionary(r))
        .and_then(|r| r.get(b"XObject"))
        .and_then(|x| x.as_reference())
        .map_err(|_| missing("the page resources"))?;
    let mut added = Vec::new();
    for (name, w, h, components, bytes) in jpegs {
        let dict = lopdf::Dictionary::from_iter(vec![
            ("Type", lopdf::Object::Name(b"XObject".to_vec())),
            ("Subtype", lopdf::Object::Name(b"Image".to_vec())),
            ("Width", lopdf::Object::Integer(i64::from(w))),
            ("Height", lopdf::Object::Integer(i64::from(h))),
            (
                "ColorSpace",
                lopdf::Object::Name(if components == 1 {
                    b"DeviceGray".to_vec()
                } else {
                    b"DeviceRGB".to_vec()
                }),
            ),
            ("BitsPerComponent", lopdf::Object::Integer(8)),
            ("Filter", lopdf::Object::Name(b"DCTDecode".to_vec())),
        ]);
        let mut stream = lopdf::Stream::new(dict, bytes);
        stream.allows_compression = false;
        let id = lo.add_object(stream);
        added.push((name, id));
    }
    let xobjects = lo
        .get_dictionary_mut(xobjects_id)
        .map_err(|_| missing("the image dictionary"))?;
    for (name, id) in added {
        xobjects.set(name.0.into_bytes(), lopdf::Object::Reference(id));
    }
    Ok(())
}

fn utf16be_text(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(rest) => {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

fn is_fingerprint(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Finds the case fingerprint a dossier embedded in its document information: the
/// `/Identifier` entry, or else the `expediente-fingerprint:` keyword.
pub fn read_fingerprint(pdf: &[u8]) -> Result<String, DossierError> {
    let doc = lopdf::Document::load_mem(pdf).map_err(|e| DossierError::NotADossier {
        why: format!("the file is not a readable PDF: {e}"),
    })?;
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|i| match i {
            lopdf::Object::Reference(id) => doc.get_dictionary(*id),
            other => other.as_dict(),
        })
        .map_err(|_| DossierError::NotADossier {
            why: "the PDF has no document information dictionary".into(),
        })?;
    if let Ok(id) = info.get(b"Identifier").and_then(|o| o.as_str()) {
        let id = String::from_utf8_lossy(id).trim().to_ascii_lowercase();
        if is_fingerprint(&id) {
            return Ok(id);
        }
    }
    if let Ok(k) = info.get(b"Keywords").and_then(|o| o.as_str()) {
        let keywords = utf16be_text(k);
        for kw in keywords.split(',') {
            if let Some(fp) = kw.trim().strip_prefix(FINGERPRINT_KEYWORD) {
                let fp = fp.trim().to_ascii_lowercase();
                if is_fingerprint(&fp) {
                    return Ok(fp);
                }
            }
        }
    }
    Err(DossierError::NotADossier {
        why: "no case fingerprint in the PDF's Identifier or Keywords".into(),
    })
}
