//! PDF/A finishing and serialization: the document information and its XMP copy (with the
//! user's UTC offset), the sRGB output intent, `/Lang`, subset-tagged font names with their
//! CIDSet, the header version, and a trailer `/ID` hashed from the final bytes. Everything
//! here is deterministic: the same document gives the same bytes.

use chrono::{DateTime, FixedOffset, SecondsFormat};
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use sha2::{Digest, Sha256};

use crate::pdf::DocMeta;
use crate::DossierError;

/// The sRGB profile of the output intent (icc-profiles-free, zlib licence: see `icc/`).
static SRGB_ICC: &[u8] = include_bytes!("../icc/sRGB.icc");

/// Which PDF/A part a file claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Conformance {
    /// PDF/A-3b (PDF 1.7 header): the dossier, with its data as associated files.
    #[default]
    PdfA3b,
    /// PDF/A-1b (PDF 1.4 header), without attachments: the same pages and metadata, for
    /// checkers that only know PDF/A-1 (Apache PDFBox Preflight).
    PdfA1b,
}

impl Conformance {
    fn part(self) -> u8 {
        match self {
            Conformance::PdfA3b => 3,
            Conformance::PdfA1b => 1,
        }
    }

    fn version(self) -> &'static str {
        match self {
            Conformance::PdfA3b => "1.7",
            Conformance::PdfA1b => "1.4",
        }
    }
}

fn pdf_error(what: impl Into<String>) -> DossierError {
    DossierError::Pdf { what: what.into() }
}

/// A PDF text string: ASCII as is, anything else UTF-16BE with a byte order mark.
pub fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, StringFormat::Literal)
    }
}

/// A PDF date with the offset: `D:20261122123456-06'00'`.
pub fn pdf_date(t: &DateTime<FixedOffset>) -> String {
    let off = t.offset().local_minus_utc();
    let sign = if off < 0 { '-' } else { '+' };
    let off = off.unsigned_abs();
    format!(
        "D:{}{sign}{:02}'{:02}'",
        t.format("%Y%m%d%H%M%S"),
        off / 3600,
        off % 3600 / 60
    )
}

/// Drops characters XML 1.0 cannot carry (controls other than tab/newline); the document
/// information gets the same cleaned text so the two copies match.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
        .collect()
}

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The XMP packet: PDF/A identification plus the same title, author, subject, keywords,
/// tools and dates as the document information dictionary.
fn xmp(meta: &Meta, level: Conformance) -> String {
    let date = meta.created.to_rfc3339_opts(SecondsFormat::Secs, false);
    let creator = if meta.author.is_empty() {
        String::new()
    } else {
        format!(
            "   <dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            xml(&meta.author)
        )
    };
    format!(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">
 <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">
  <rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">
   <pdfaid:part>{part}</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>
{creator}   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
  </rdf:Description>
  <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">
   <xmp:CreatorTool>{tool}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
  </rdf:Description>
  <rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">
   <pdf:Producer>{producer}</pdf:Producer>
   <pdf:Keywords>{keywords}</pdf:Keywords>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end=\"w\"?>",
        part = level.part(),
        title = xml(&meta.title),
        subject = xml(&meta.subject),
        lang = xml(meta.lang),
        tool = xml(&meta.creator),
        producer = xml(&meta.producer),
        keywords = xml(&meta.keywords),
    )
}

/// [`DocMeta`] with every text cleaned for XML.
struct Meta {
    title: String,
    author: String,
    subject: String,
    keywords: String,
    creator: String,
    producer: String,
    fingerprint: String,
    lang: &'static str,
    created: DateTime<FixedOffset>,
}

impl From<&DocMeta> for Meta {
    fn from(m: &DocMeta) -> Self {
        Meta {
            title: clean(&m.title),
            author: clean(&m.author),
            subject: clean(&m.subject),
            keywords: clean(&m.keywords),
            creator: clean(&m.creator),
            producer: clean(&m.producer),
            fingerprint: m.fingerprint.clone(),
            lang: m.lang,
            created: m.created,
        }
    }
}

/// A fresh document information dictionary (printpdf's dates are UTC, and it adds
/// `/Trapped` and a PDF/X version this file does not claim).
fn info_dict(meta: &Meta, extra: Vec<(&'static str, Object)>) -> Dictionary {
    let date = pdf_date(&meta.created);
    let mut info = Dictionary::new();
    info.set("Title", text_string(&meta.title));
    if !meta.author.is_empty() {
        info.set("Author", text_string(&meta.author));
    }
    info.set("Subject", text_string(&meta.subject));
    info.set("Keywords", text_string(&meta.keywords));
    info.set("Creator", text_string(&meta.creator));
    info.set("Producer", text_string(&meta.producer));
    info.set("CreationDate", Object::string_literal(date.clone()));
    info.set("ModDate", Object::string_literal(date));
    info.set(
        "Identifier",
        Object::string_literal(meta.fingerprint.clone()),
    );
    for (key, value) in extra {
        info.set(key, value);
    }
    info
}

/// Finishes the document as PDF/A (`level`) and serializes it. `extra_info` entries are
/// added to the document information dictionary.
pub fn finish(
    mut doc: lopdf::Document,
    meta: &DocMeta,
    level: Conformance,
    extra_info: Vec<(&'static str, Object)>,
) -> Result<Vec<u8>, DossierError> {
    let meta = Meta::from(meta);
    doc.version = level.version().into();
    doc.binary_mark = vec![0xE2, 0xE3, 0xCF, 0xD3];

    // Replace printpdf's information dictionary in place (a freed number would leave a
    // hole in the cross-reference table that some readers stumble over).
    let info = Object::Dictionary(info_dict(&meta, extra_info));
    match doc.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => {
            doc.objects.insert(id, info);
        }
        Err(_) => {
            let id = doc.add_object(info);
            doc.trailer.set("Info", Object::Reference(id));
        }
    }
    name_fonts(&mut doc)?;

    let mut xmp = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        xmp(&meta, level).into_bytes(),
    );
    // Left uncompressed, as PDF/A-1 requires and so plain tools can find it.
    xmp.allows_compression = false;
    let xmp_id = doc.add_object(xmp);
    let icc = Stream::new(
        Dictionary::from_iter(vec![("N", Object::Integer(3))]),
        SRGB_ICC.to_vec(),
    );
    let icc_id = doc.add_object(icc);
    let intent = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFA1".to_vec())),
        (
            "OutputConditionIdentifier",
            Object::string_literal("sRGB IEC61966-2.1"),
        ),
        (
            "RegistryName",
            Object::string_literal("http://www.color.org"),
        ),
        ("Info", Object::string_literal("sRGB IEC61966-2.1")),
        ("DestOutputProfile", Object::Reference(icc_id)),
    ]);
    let catalog = doc
        .catalog_mut()
        .map_err(|e| pdf_error(format!("the document has no catalog: {e}")))?;
    catalog.set("Metadata", Object::Reference(xmp_id));
    catalog.set(
        "OutputIntents",
        Object::Array(vec![Object::Dictionary(intent)]),
    );
    catalog.set("Lang", Object::string_literal(meta.lang));

    doc.compress();
    serialize(doc)
}

/// Writes the file with a placeholder `/ID`, then replaces it with the first 16 bytes of
/// the SHA-256 of everything written: any change anywhere gives another `/ID`.
fn serialize(mut doc: lopdf::Document) -> Result<Vec<u8>, DossierError> {
    let placeholder = Object::String(vec![0; 16], StringFormat::Hexadecimal);
    doc.trailer
        .set("ID", Object::Array(vec![placeholder.clone(), placeholder]));
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| pdf_error(format!("writing the PDF failed: {e}")))?;
    drop(doc);
    let digest = Sha256::digest(&out);
    let id: String = digest[..16].iter().map(|b| format!("{b:02X}")).collect();
    let needle = format!("<{}>", "0".repeat(32));
    let trailer = find_last(&out, b"trailer").ok_or_else(|| pdf_error("no trailer written"))?;
    let mut at = trailer;
    let mut replaced = 0;
    while let Some(pos) = find(&out[at..], needle.as_bytes()) {
        let start = at + pos + 1;
        out[start..start + 32].copy_from_slice(id.as_bytes());
        at = start + 32;
        replaced += 1;
    }
    if replaced != 2 {
        return Err(pdf_error("the trailer /ID placeholder was not written"));
    }
    Ok(out)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Gives every embedded font subset a `ABCDEF+Name` name whose tag is derived from the
/// subset's bytes (printpdf tags it with our resource name), and adds the CIDSet that
/// PDF/A-1 requires for CID font subsets.
fn name_fonts(doc: &mut lopdf::Document) -> Result<(), DossierError> {
    struct Found {
        font: ObjectId,
        descriptor: ObjectId,
        program: ObjectId,
    }
    let mut found = Vec::new();
    for (&id, object) in &doc.objects {
        let Ok(dict) = object.as_dict() else { continue };
        let is_type0 = dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0");
        if !is_type0 {
            continue;
        }
        let broken = |what: &str| pdf_error(format!("font object {id:?}: {what}"));
        let descendant = dict
            .get(b"DescendantFonts")
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| a.first())
            .and_then(|d| doc.dereference(d).ok())
            .and_then(|(_, d)| d.as_dict().ok())
            .ok_or_else(|| broken("no descendant font"))?;
        let descriptor = descendant
            .get(b"FontDescriptor")
            .and_then(Object::as_reference)
            .map_err(|_| broken("no font descriptor"))?;
        let program = doc
            .get_dictionary(descriptor)
            .and_then(|d| d.get(b"FontFile2"))
            .and_then(Object::as_reference)
            .map_err(|_| broken("not an embedded TrueType font"))?;
        found.push(Found {
            font: id,
            descriptor,
            program,
        });
    }
    for f in found {
        let program = doc
            .get_object(f.program)
            .and_then(Object::as_stream)
            .and_then(Stream::get_plain_content)
            .map_err(|e| pdf_error(format!("unreadable font program: {e}")))?;
        let digest = Sha256::digest(&program);
        let tag: String = digest[..6]
            .iter()
            .map(|b| (b'A' + b % 26) as char)
            .collect();
        let glyphs = num_glyphs(&program)
            .ok_or_else(|| pdf_error("the embedded font has no readable glyph count"))?;
        let cid_set = doc.add_object(Stream::new(Dictionary::new(), cid_set(glyphs)));

        let font = doc
            .get_dictionary_mut(f.font)
            .map_err(|_| pdf_error("font vanished"))?;
        let base = font
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let family = base.split_once('+').map_or(base.as_str(), |(_, f)| f);
        let name = Object::Name(format!("{tag}+{family}").into_bytes());
        font.set("BaseFont", name.clone());
        let descendant = font
            .get_mut(b"DescendantFonts")
            .and_then(Object::as_array_mut)
            .ok()
            .and_then(|a| a.first_mut());
        match descendant {
            Some(Object::Dictionary(d)) => d.set("BaseFont", name.clone()),
            Some(Object::Reference(id)) => {
                let id = *id;
                if let Ok(d) = doc.get_dictionary_mut(id) {
                    d.set("BaseFont", name.clone());
                }
            }
            _ => return Err(pdf_error("font without a descendant")),
        }
        let descriptor = doc
            .get_dictionary_mut(f.descriptor)
            .map_err(|_| pdf_error("font descriptor vanished"))?;
        descriptor.set("FontName", name);
        descriptor.set("CIDSet", Object::Reference(cid_set));
    }
    Ok(())
}

/// The glyph count in a TrueType font's `maxp` table.
fn num_glyphs(ttf: &[u8]) -> Option<u16> {
    let be16 = |at: usize| Some(u16::from_be_bytes(ttf.get(at..at + 2)?.try_into().ok()?));
    let tables = usize::from(be16(4)?);
    (0..tables).find_map(|i| {
        let rec = ttf.get(12 + 16 * i..28 + 16 * i)?;
        if &rec[..4] != b"maxp" {
            return None;
        }
        let offset = u32::from_be_bytes(rec[8..12].try_into().ok()?) as usize;
        be16(offset + 4)
    })
}

/// A CIDSet bit string: with the Identity CID-to-glyph map and a renumbered subset,
/// the CIDs present are exactly 0..glyphs.
fn cid_set(glyphs: u16) -> Vec<u8> {
    let n = usize::from(glyphs);
    let mut bits = vec![0u8; n.div_ceil(8)];
    for cid in 0..n {
        bits[cid / 8] |= 0x80 >> (cid % 8);
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_keep_the_offset() {
        let t = DateTime::parse_from_rfc3339("2026-11-22T12:34:56-06:00").unwrap();
        assert_eq!(pdf_date(&t), "D:20261122123456-06'00'");
        let t = DateTime::parse_from_rfc3339("2026-01-02T03:04:05+05:30").unwrap();
        assert_eq!(pdf_date(&t), "D:20260102030405+05'30'");
    }

    #[test]
    fn cid_sets_mark_exactly_the_glyphs() {
        assert_eq!(cid_set(1), vec![0x80]);
        assert_eq!(cid_set(8), vec![0xFF]);
        assert_eq!(cid_set(10), vec![0xFF, 0xC0]);
    }

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(xml("a<b & \"c\"'"), "a&lt;b &amp; &quot;c&quot;&apos;");
        assert_eq!(clean("a\u{7}b\nc"), "ab\nc");
    }
}
