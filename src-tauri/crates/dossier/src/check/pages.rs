//! Page-by-page comparison of two PDFs by value: each page's decoded content streams, its
//! attributes (size, annotations, ...) and every resource it uses (fonts with their
//! ToUnicode maps, widths and font files, images), dereferenced and compared ignoring
//! object numbers and compression. Hostile input is bounded: streams decode under a size
//! limit and nesting is capped, so a crafted file fails the comparison instead of the check.

use std::collections::HashSet;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

/// Largest size one stream may decode to (content, font file, image pixels).
pub(crate) const MAX_STREAM_BYTES: usize = 256 << 20;
/// Deepest nesting of arrays, dictionaries and references followed.
const MAX_DEPTH: u32 = 48;
/// Page attributes a page inherits from the page tree when it does not set them.
const INHERITED: [&[u8]; 4] = [b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// What about a page differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PageDiff {
    /// The text and drawing operators (the decoded content streams).
    Content,
    /// The fonts or images the page uses (named resource category, e.g. `Font`).
    Resources(String),
    /// Another page attribute: size, annotations, links... (the key).
    Attribute(String),
}

impl PageDiff {
    pub(crate) fn describe(&self) -> String {
        match self {
            PageDiff::Content => "its text or drawing differs".into(),
            PageDiff::Resources(kind) => {
                format!("its {} resources (fonts or images) differ", kind)
            }
            PageDiff::Attribute(key) => format!("its /{key} entry differs"),
        }
    }
}

/// Compares pages of `a` (expected) with pages of `b` (the file), remembering which
/// object pairs were already found equal so shared fonts are compared once.
pub(crate) struct Comparer<'d> {
    a: &'d Document,
    b: &'d Document,
    equal: HashSet<(ObjectId, ObjectId)>,
    log: Vec<(ObjectId, ObjectId)>,
}

impl<'d> Comparer<'d> {
    pub(crate) fn new(a: &'d Document, b: &'d Document) -> Self {
        Comparer {
            a,
            b,
            equal: HashSet::new(),
            log: Vec::new(),
        }
    }

    /// `None` when page `pa` of the expected document and page `pb` of the file agree.
    pub(crate) fn page(&mut self, pa: ObjectId, pb: ObjectId) -> Option<PageDiff> {
        let (Some(da), Some(db)) = (page_dict(self.a, pa), page_dict(self.b, pb)) else {
            return Some(PageDiff::Attribute("Type".into()));
        };
        match (contents(self.a, &da), contents(self.b, &db)) {
            (Some(ca), Some(cb)) if ca == cb || self.same_operations(&ca, &cb) => {}
            _ => return Some(PageDiff::Content),
        }
        // The invisible field of a document timestamp (added after rendering) is the one
        // annotation a page may carry that the rendering does not.
        let none_expected = da.get(b"Annots").map_or(true, |a| {
            self.a
                .dereference(a)
                .is_ok_and(|(_, a)| a.as_array().is_ok_and(|a| a.is_empty()))
        });
        let stamp_only = none_expected
            && db
                .get(b"Annots")
                .is_ok_and(|a| only_timestamp_widgets(self.b, a));
        let keys: std::collections::BTreeSet<&Vec<u8>> = da
            .iter()
            .chain(db.iter())
            .map(|(k, _)| k)
            .filter(|k| !matches!(k.as_slice(), b"Parent" | b"Contents"))
            .filter(|k| !(stamp_only && k.as_slice() == b"Annots"))
            .collect();
        for key in keys {
            let name = String::from_utf8_lossy(key).into_owned();
            let (Ok(va), Ok(vb)) = (da.get(key), db.get(key)) else {
                return Some(PageDiff::Attribute(name));
            };
            if key.as_slice() == b"Resources" {
                if let Some(kind) = self.resources(va, vb) {
                    return Some(PageDiff::Resources(kind));
                }
            } else if !self.object(va, vb, 0) {
                return Some(PageDiff::Attribute(name));
            }
        }
        None
    }

    /// Whether two content streams hold the same operators and operands, however they are
    /// spaced (tools such as `qpdf --qdf` rewrite content streams token by token).
    fn same_operations(&mut self, a: &[u8], b: &[u8]) -> bool {
        let (Ok(oa), Ok(ob)) = (Content::decode(a), Content::decode(b)) else {
            return false;
        };
        oa.operations.len() == ob.operations.len()
            && oa.operations.iter().zip(&ob.operations).all(|(x, y)| {
                x.operator == y.operator
                    && x.operands.len() == y.operands.len()
                    && x.operands
                        .iter()
                        .zip(&y.operands)
                        .all(|(u, v)| self.object(u, v, 1))
            })
    }

    /// The resource category (`Font`, `XObject`, ...) that differs, if any.
    fn resources(&mut self, ra: &Object, rb: &Object) -> Option<String> {
        let (Some(da), Some(db)) = (deref_dict(self.a, ra), deref_dict(self.b, rb)) else {
            return Some("page".into());
        };
        let keys: std::collections::BTreeSet<&Vec<u8>> =
            da.iter().chain(db.iter()).map(|(k, _)| k).collect();
        for key in keys {
            let same = match (da.get(key), db.get(key)) {
                (Ok(va), Ok(vb)) => self.object(va, vb, 1),
                _ => false,
            };
            if !same {
                return Some(String::from_utf8_lossy(key).into_owned());
            }
        }
        None
    }

    /// Whether two objects have the same value, references followed on both sides.
    fn object(&mut self, x: &Object, y: &Object, depth: u32) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        if let (Object::Reference(ia), Object::Reference(ib)) = (x, y) {
            if self.equal.contains(&(*ia, *ib)) {
                return true;
            }
            let (Ok(oa), Ok(ob)) = (self.a.get_object(*ia), self.b.get_object(*ib)) else {
                return false;
            };
            // Assume equal while comparing (cycles), undo every assumption on failure.
            let mark = self.log.len();
            self.equal.insert((*ia, *ib));
            self.log.push((*ia, *ib));
            let same = self.object(oa, ob, depth + 1);
            if !same {
                for pair in self.log.drain(mark..) {
                    self.equal.remove(&pair);
                }
            }
            return same;
        }
        if let Object::Reference(ia) = x {
            return match self.a.get_object(*ia) {
                Ok(oa) => self.object(oa, y, depth + 1),
                Err(_) => false,
            };
        }
        if let Object::Reference(ib) = y {
            return match self.b.get_object(*ib) {
                Ok(ob) => self.object(x, ob, depth + 1),
                Err(_) => false,
            };
        }
        match (x, y) {
            (Object::Null, Object::Null) => true,
            (Object::Boolean(p), Object::Boolean(q)) => p == q,
            (Object::Integer(p), Object::Integer(q)) => p == q,
            (Object::Real(p), Object::Real(q)) => p == q,
            (Object::Integer(p), Object::Real(q)) | (Object::Real(q), Object::Integer(p)) => {
                *p as f64 == f64::from(*q)
            }
            (Object::Name(p), Object::Name(q)) => p == q,
            (Object::String(p, _), Object::String(q, _)) => p == q,
            (Object::Array(p), Object::Array(q)) => {
                p.len() == q.len() && p.iter().zip(q).all(|(u, v)| self.object(u, v, depth + 1))
            }
            (Object::Dictionary(p), Object::Dictionary(q)) => self.dict(p, q, &[], depth),
            (Object::Stream(p), Object::Stream(q)) => self.stream(p, q, depth),
            _ => false,
        }
    }

    fn dict(&mut self, p: &Dictionary, q: &Dictionary, skip: &[&[u8]], depth: u32) -> bool {
        let wanted = |k: &&Vec<u8>| !skip.contains(&k.as_slice());
        if p.iter().map(|(k, _)| k).filter(wanted).count()
            != q.iter().map(|(k, _)| k).filter(wanted).count()
        {
            return false;
        }
        for (k, v) in p.iter().filter(|(k, _)| wanted(k)) {
            match q.get(k) {
                Ok(w) if self.object(v, w, depth + 1) => {}
                _ => return false,
            }
        }
        true
    }

    /// Streams agree when their dictionaries (bar length and compression) and their
    /// decoded bytes agree; streams in a filter this module does not decode must use the
    /// same filter and hold the same bytes.
    fn stream(&mut self, p: &Stream, q: &Stream, depth: u32) -> bool {
        const CODING: [&[u8]; 3] = [b"Length", b"Filter", b"DecodeParms"];
        if !self.dict(&p.dict, &q.dict, &CODING, depth) {
            return false;
        }
        match (decoded(p), decoded(q)) {
            (Decoded::Plain(u), Decoded::Plain(v)) => u == v,
            (Decoded::Raw, Decoded::Raw) => {
                p.content == q.content
                    && [b"Filter".as_slice(), b"DecodeParms"].iter().all(|k| {
                        match (p.dict.get(k), q.dict.get(k)) {
                            (Ok(u), Ok(v)) => self.object(u, v, depth + 1),
                            (Err(_), Err(_)) => true,
                            _ => false,
                        }
                    })
            }
            _ => false,
        }
    }
}

enum Decoded {
    /// The stream's bytes with any Flate compression undone.
    Plain(Vec<u8>),
    /// Another filter (e.g. a JPEG's DCTDecode): compared as stored.
    Raw,
    /// Undecodable or over the size limit.
    Broken,
}

fn decoded(s: &Stream) -> Decoded {
    let filters = match s.dict.get(b"Filter") {
        Err(_) => return Decoded::Plain(s.content.clone()),
        Ok(_) => match s.filters() {
            Ok(f) => f,
            Err(_) => return Decoded::Broken,
        },
    };
    let flate_only = !filters.is_empty()
        && filters.iter().all(|f| *f == b"FlateDecode")
        && s.dict.get(b"DecodeParms").is_err();
    if !flate_only {
        return Decoded::Raw;
    }
    match s.decompressed_content_with_limit(MAX_STREAM_BYTES) {
        Ok(bytes) => Decoded::Plain(bytes),
        Err(_) => Decoded::Broken,
    }
}

fn deref_dict<'d>(doc: &'d Document, o: &'d Object) -> Option<&'d Dictionary> {
    match doc.dereference(o) {
        Ok((_, Object::Dictionary(d))) => Some(d),
        _ => None,
    }
}

/// The page's dictionary with the attributes it inherits from the page tree filled in.
fn page_dict(doc: &Document, page: ObjectId) -> Option<Dictionary> {
    let mut dict = doc.get_dictionary(page).ok()?.clone();
    let mut parent = dict.get(b"Parent").and_then(Object::as_reference).ok();
    let mut hops = 0;
    while let Some(id) = parent {
        hops += 1;
        let Ok(node) = doc.get_dictionary(id) else {
            break;
        };
        if hops > 32 {
            return None;
        }
        for key in INHERITED {
            if !dict.has(key) {
                if let Ok(v) = node.get(key) {
                    dict.set(key.to_vec(), v.clone());
                }
            }
        }
        parent = node.get(b"Parent").and_then(Object::as_reference).ok();
    }
    Some(dict)
}

/// The page's content streams decoded and joined (an array's parts separated by a
/// newline), or `None` when one cannot be read.
fn contents(doc: &Document, page: &Dictionary) -> Option<Vec<u8>> {
    let parts: Vec<&Object> = match page.get(b"Contents").ok()? {
        Object::Array(items) => items.iter().collect(),
        one => vec![one],
    };
    let mut out = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        let Ok((_, Object::Stream(s))) = doc.dereference(part) else {
            return None;
        };
        let Decoded::Plain(bytes) = decoded(s) else {
            return None;
        };
        if i > 0 {
            out.push(b'\n');
        }
        out.extend_from_slice(&bytes);
    }
    Some(out)
}

/// Where the file's pages and the expected pages part ways.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PageReport {
    /// Pages of the file whose content is not the expected page's (1-based, file
    /// numbering), with what differs.
    pub differs: Vec<(u32, PageDiff)>,
    /// Expected pages the file lacks (1-based, expected numbering).
    pub missing: Vec<u32>,
    /// File pages beyond what is expected (1-based, file numbering).
    pub extra: Vec<u32>,
}

/// Whether `annots` holds only document-timestamp fields as `crate::stamp` writes them: a
/// `/Sig` widget whose value is a `/DocTimeStamp`, with a zero-size rectangle and an empty
/// appearance (nothing it could draw over the page).
fn only_timestamp_widgets(doc: &Document, annots: &Object) -> bool {
    let deref = |o: &Object| doc.dereference(o).ok().map(|(_, o)| o.clone());
    let Some(Object::Array(items)) = deref(annots) else {
        return false;
    };
    let name =
        |d: &Dictionary, k: &[u8]| d.get(k).and_then(Object::as_name).ok().map(<[u8]>::to_vec);
    !items.is_empty()
        && items.iter().all(|item| {
            let Some(Object::Dictionary(w)) = deref(item) else {
                return false;
            };
            let value_is_stamp = w.get(b"V").ok().and_then(deref).is_some_and(|v| {
                v.as_dict()
                    .is_ok_and(|v| name(v, b"Type").as_deref() == Some(b"DocTimeStamp"))
            });
            let zero_rect = w.get(b"Rect").ok().and_then(deref).is_some_and(|r| {
                r.as_array().is_ok_and(|r| {
                    r.len() == 4 && r.iter().all(|n| n.as_float().is_ok_and(|n| n == 0.0))
                })
            });
            let empty_look = match w.get(b"AP").ok().and_then(deref) {
                None => true,
                Some(Object::Dictionary(ap)) => ap.iter().all(
                    |(_, v)| matches!(deref(v), Some(Object::Stream(s)) if s.content.is_empty()),
                ),
                Some(_) => false,
            };
            name(&w, b"Subtype").as_deref() == Some(b"Widget")
                && name(&w, b"FT").as_deref() == Some(b"Sig")
                && value_is_stamp
                && zero_rect
                && empty_look
        })
}

/// Walks both page lists in order. When the counts differ, a page that does not match is
/// taken as missing (or extra) while the remaining counts allow it, so one deleted page
/// is named as missing instead of making every later page "differ".
pub(crate) fn compare_pages(expected: &Document, file: &Document) -> PageReport {
    let pa: Vec<ObjectId> = expected.page_iter().collect();
    let pb: Vec<ObjectId> = file.page_iter().collect();
    let mut cmp = Comparer::new(expected, file);
    let mut report = PageReport::default();
    let (mut i, mut j) = (0usize, 0usize);
    while i < pa.len() && j < pb.len() {
        match cmp.page(pa[i], pb[j]) {
            None => {
                i += 1;
                j += 1;
            }
            Some(diff) => {
                let (left_a, left_b) = (pa.len() - i, pb.len() - j);
                // Skip ahead over as many pages as the counts differ by, looking for
                // the page that matches; the skipped ones are missing (or extra).
                let skip_a = (1..left_a.saturating_sub(left_b) + 1)
                    .find(|&k| cmp.page(pa[i + k], pb[j]).is_none());
                let skip_b = if skip_a.is_none() {
                    (1..left_b.saturating_sub(left_a) + 1)
                        .find(|&k| cmp.page(pa[i], pb[j + k]).is_none())
                } else {
                    None
                };
                if let Some(k) = skip_a {
                    report.missing.extend((i..i + k).map(|m| m as u32 + 1));
                    i += k;
                } else if let Some(k) = skip_b {
                    report.extra.extend((j..j + k).map(|m| m as u32 + 1));
                    j += k;
                } else {
                    report.differs.push((j as u32 + 1, diff));
                    i += 1;
                    j += 1;
                }
            }
        }
    }
    report.missing.extend((i..pa.len()).map(|k| k as u32 + 1));
    report.extra.extend((j..pb.len()).map(|k| k as u32 + 1));
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{render, sample, Paper, RenderOptions};

    fn dossier() -> Vec<u8> {
        let b = sample::spanish_case();
        let opts = RenderOptions {
            paper: Paper::A4,
            generated_at: sample::generated_at(),
        };
        let st = expediente_core::stats::compute(&b.attempts, opts.generated_at);
        render(&b, &st, &opts, &sample::SampleFiles).expect("render")
    }

    fn load(bytes: &[u8]) -> Document {
        Document::load_mem(bytes).expect("load")
    }

    /// Replaces page `n`'s (1-based) content with `bytes`, uncompressed.
    fn set_content(doc: &mut Document, n: u32, bytes: Vec<u8>) {
        let page = doc.get_pages()[&n];
        let id = doc.get_page_contents(page)[0];
        doc.objects
            .insert(id, Object::Stream(Stream::new(Dictionary::new(), bytes)));
    }

    fn content(doc: &Document, n: u32) -> Vec<u8> {
        let page = doc.get_pages()[&n];
        let mut bytes = doc.get_page_content(page);
        bytes.pop(); // lopdf ends each stream with a newline
        bytes
    }

    /// Appends 1 to every `/W` (glyph widths) array, however deeply nested.
    fn widen(o: &mut Object) -> usize {
        match o {
            Object::Dictionary(d) => {
                let mut n = 0;
                for (k, v) in d.iter_mut() {
                    if k.as_slice() == b"W" {
                        if let Object::Array(w) = v {
                            w.push(Object::Integer(1));
                            n += 1;
                        }
                    } else {
                        n += widen(v);
                    }
                }
                n
            }
            Object::Array(items) => items.iter_mut().map(widen).sum(),
            _ => 0,
        }
    }

    #[test]
    fn the_same_dossier_agrees_and_recompression_does_not_matter() {
        let bytes = dossier();
        let (a, mut b) = (load(&bytes), load(&bytes));
        assert_eq!(compare_pages(&a, &b), PageReport::default());
        // The same content stored uncompressed is the same page.
        let plain = content(&b, 2);
        set_content(&mut b, 2, plain);
        assert_eq!(compare_pages(&a, &b), PageReport::default());
    }

    #[test]
    fn a_changed_page_is_named() {
        let bytes = dossier();
        let (a, mut b) = (load(&bytes), load(&bytes));
        let mut plain = content(&b, 3);
        let at = plain
            .iter()
            .position(|&c| c == b'T')
            .expect("a text operator");
        plain.insert(at, b' ');
        set_content(&mut b, 3, plain);
        let r = compare_pages(&a, &b);
        assert_eq!(r.differs, vec![(3, PageDiff::Content)]);
        assert!(r.missing.is_empty() && r.extra.is_empty(), "{r:?}");
    }

    #[test]
    fn a_deleted_page_is_missing_and_a_repeated_one_extra() {
        let bytes = dossier();
        let a = load(&bytes);
        let total = a.get_pages().len() as u32;
        assert!(total >= 4, "the sample has {total} pages");
        let mut b = load(&bytes);
        b.delete_pages(&[2]);
        let r = compare_pages(&a, &b);
        assert_eq!(
            (r.missing.clone(), r.differs.clone()),
            (vec![2], vec![]),
            "{r:?}"
        );

        let mut b = load(&bytes);
        b.delete_pages(&[total]);
        assert_eq!(compare_pages(&a, &b).missing, vec![total]);

        // The expected document lacking page 2 sees the file's page 2 as extra.
        let r = compare_pages(
            &{
                let mut s = load(&bytes);
                s.delete_pages(&[2]);
                s
            },
            &a,
        );
        assert_eq!((r.extra, r.differs), (vec![2], vec![]));
    }

    #[test]
    fn a_changed_font_or_annotation_is_named() {
        let bytes = dossier();
        let a = load(&bytes);
        // Every width of every font shifted by one unit.
        let mut b = load(&bytes);
        let widened: usize = b.objects.values_mut().map(widen).sum();
        assert_eq!(widened, 3, "one /W per font (regular, bold, mono)");
        let r = compare_pages(&a, &b);
        assert_eq!(
            r.differs.first(),
            Some(&(1, PageDiff::Resources("Font".into()))),
            "{r:?}"
        );
        // An annotation laid over page 4.
        let mut b = load(&bytes);
        let page = b.get_pages()[&4];
        let annot = b.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Annot".to_vec())),
            ("Subtype", Object::Name(b"FreeText".to_vec())),
            ("Contents", Object::string_literal("$9,499.00")),
        ]));
        b.get_dictionary_mut(page)
            .unwrap()
            .set("Annots", Object::Array(vec![Object::Reference(annot)]));
        let r = compare_pages(&a, &b);
        assert_eq!(r.differs, vec![(4, PageDiff::Attribute("Annots".into()))]);
    }

    #[test]
    fn only_an_invisible_timestamp_field_may_be_added() {
        let bytes = dossier();
        let stamped = crate::stamp::prepare(&bytes).expect("placeholder");
        let with_field = load(&stamped.finish(&[]).unwrap());
        let a = load(&bytes);
        assert_eq!(compare_pages(&a, &with_field), PageReport::default());
        // The same field made visible (a rectangle it could draw in) is a page change.
        let mut b = with_field.clone();
        let page = b.get_pages()[&1];
        let annots = b
            .get_dictionary(page)
            .unwrap()
            .get(b"Annots")
            .unwrap()
            .clone();
        let widget = annots.as_array().unwrap()[0].as_reference().unwrap();
        b.get_dictionary_mut(widget).unwrap().set(
            "Rect",
            Object::Array(vec![0.into(), 0.into(), 300.into(), 300.into()]),
        );
        assert_eq!(
            compare_pages(&a, &b).differs,
            vec![(1, PageDiff::Attribute("Annots".into()))]
        );
    }

    #[test]
    fn self_referencing_objects_end() {
        let bytes = dossier();
        let (mut a, mut b) = (load(&bytes), load(&bytes));
        for doc in [&mut a, &mut b] {
            let page = doc.get_pages()[&1];
            let id = doc.new_object_id();
            doc.objects.insert(
                id,
                Object::Dictionary(Dictionary::from_iter(vec![("Me", Object::Reference(id))])),
            );
            doc.get_dictionary_mut(page)
                .unwrap()
                .set("Loop", Object::Reference(id));
        }
        assert_eq!(compare_pages(&a, &b), PageReport::default());
    }
}
