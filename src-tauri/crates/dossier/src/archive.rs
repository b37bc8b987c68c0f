//! The archival dossier: a PDF/A-3b file that carries its own data as associated files
//! (the case export and each evidence original, within the user's size limit) and a
//! `/ExpedienteRender` manifest with what a re-render needs; and reading both back
//! ([`attachments`], [`render_manifest`]). The layout is shared with [`crate::render`].

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset};
use expediente_core::stats::CaseStats;
use expediente_core::{CaseBundle, Id};
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use md5::{Digest as _, Md5};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::layout::{Layout, Span};
pub use crate::pdfa::Conformance;
use crate::pdfa::{pdf_date, text_string};
use crate::{i18n, DossierError, EvidenceSource, Paper, RenderOptions};

/// File name of the embedded case export.
pub const EXPORT_NAME: &str = "expediente-case.json";

/// What the archival dossier carries besides its pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    /// The exact bytes of `serde_json::to_vec_pretty(&store.export_case(case_id)?)`.
    pub export_json: Vec<u8>,
    /// Evidence files larger than this many bytes are left out (listed, not embedded);
    /// `None` embeds every file.
    pub evidence_limit: Option<u64>,
    /// What the cover says about a third-party timestamp.
    pub cover_stamp: CoverStamp,
}

/// What the cover says about a third-party (RFC 3161) timestamp. A dossier is rendered
/// knowing whether it will be stamped; if stamping then fails it is rendered again with
/// [`CoverStamp::Unstamped`], so the cover is always true.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CoverStamp {
    /// No timestamp was asked for: the cover says nothing about one.
    #[default]
    NotRequested,
    /// The PDF is stamped with a document timestamp (an incremental update after this
    /// render): the cover says so.
    Stamped,
    /// A timestamp was asked for and not obtained: "no third-party timestamp".
    Unstamped,
}

impl CoverStamp {
    fn is_not_requested(&self) -> bool {
        *self == CoverStamp::NotRequested
    }
}

/// The `/ExpedienteRender` entry of the document information: how the dossier was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderManifest {
    /// `expediente-dossier <version>`.
    pub renderer: String,
    pub paper: Paper,
    /// The generation time, in the user's offset.
    pub generated_at: DateTime<FixedOffset>,
    pub case_id: Id,
    pub fingerprint: String,
    pub chain_head: String,
    pub chain_len: u32,
    pub claimant_link: String,
    pub company_link: String,
    pub evidence_limit: Option<u64>,
    /// SHA-256 of each evidence file not embedded (over the limit or unavailable).
    pub omitted_evidence: Vec<String>,
    /// What the cover says about a timestamp (absent: nothing).
    #[serde(default, skip_serializing_if = "CoverStamp::is_not_requested")]
    pub cover_stamp: CoverStamp,
}

/// An associated file read back out of a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub mime: String,
    /// The `/ExpedienteSHA256` the file specification declares.
    pub sha256_declared: Option<String>,
    pub bytes: Vec<u8>,
    /// `/AFRelationship`, e.g. "Source".
    pub relationship: String,
}

/// Why an evidence file is not inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Left {
    OverLimit,
    Unavailable,
}

struct Omitted {
    index: usize,
    name: String,
    sha256: String,
    size: u64,
    why: Left,
}

/// One file to attach; `content` indexes the distinct contents (evidence records may
/// share a file).
struct Planned {
    name: String,
    mime: String,
    modified: DateTime<FixedOffset>,
    content: usize,
}

struct Plan<'a> {
    files: Vec<Planned>,
    /// SHA-256 and bytes of each distinct content; the first is the case export.
    contents: Vec<(String, Cow<'a, [u8]>)>,
    omitted: Vec<Omitted>,
}

/// Renders the archival dossier: PDF/A-3b with the case export and the evidence
/// originals attached. Evidence over `embed.evidence_limit` or unavailable from `files`
/// (or not matching its SHA-256) is left out, listed on the evidence index page and in
/// the manifest's `omitted_evidence`.
pub fn render_archival(
    bundle: &CaseBundle,
    stats: &CaseStats,
    opts: &RenderOptions,
    files: &dyn EvidenceSource,
    embed: &Embed,
) -> Result<Vec<u8>, DossierError> {
    render_archival_as(bundle, stats, opts, files, embed, Conformance::PdfA3b)
}

/// [`render_archival`] claiming another PDF/A part. [`Conformance::PdfA1b`] gives the same
/// pages and metadata WITHOUT any attachment (PDF/A-1 forbids them; its evidence page
/// still lists what the PDF/A-3b file would leave out): only for checking fonts, colour and
/// metadata with PDF/A-1 validators.
pub fn render_archival_as(
    bundle: &CaseBundle,
    stats: &CaseStats,
    opts: &RenderOptions,
    files: &dyn EvidenceSource,
    embed: &Embed,
    conformance: Conformance,
) -> Result<Vec<u8>, DossierError> {
    crate::check_fingerprint(bundle)?;
    let plan = plan(bundle, opts, files, embed);
    let lang = bundle.case.data.lang;
    let note = |lay: &mut Layout| evidence_note(lay, &plan.omitted, lang);
    // The pages show only images the PDF carries: whoever holds the PDF alone can then
    // re-render every page from what is inside (a file left out is listed, not drawn).
    let inside = |sha: &str| {
        if plan.omitted.iter().any(|o| o.sha256 == sha) {
            None
        } else {
            files.read(sha)
        }
    };
    let written = crate::build(bundle, stats, opts, &inside, &note, embed.cover_stamp)?;
    let mut doc = written.doc;
    let manifest = RenderManifest {
        renderer: format!("expediente-dossier {}", env!("CARGO_PKG_VERSION")),
        paper: opts.paper,
        generated_at: opts.generated_at,
        case_id: bundle.case.meta.id,
        fingerprint: crate::case_fingerprint(bundle).to_ascii_lowercase(),
        chain_head: bundle.chain_head.clone(),
        chain_len: bundle.chain_len,
        claimant_link: bundle.claimant_link.clone(),
        company_link: bundle.company_link.clone(),
        evidence_limit: embed.evidence_limit,
        omitted_evidence: omitted_hashes(&plan.omitted),
        cover_stamp: embed.cover_stamp,
    };
    let json = serde_json::to_string(&manifest).map_err(|e| DossierError::Pdf {
        what: format!("the render manifest could not be written: {e}"),
    })?;
    if conformance == Conformance::PdfA3b {
        attach(&mut doc, plan)?;
    }
    crate::pdfa::finish(
        doc,
        &written.meta,
        conformance,
        vec![("ExpedienteRender", Object::string_literal(json))],
    )
}

fn omitted_hashes(omitted: &[Omitted]) -> Vec<String> {
    let mut seen = HashSet::new();
    omitted
        .iter()
        .filter(|o| seen.insert(o.sha256.clone()))
        .map(|o| o.sha256.clone())
        .collect()
}

/// Decides which evidence goes inside, reading each distinct file once.
fn plan<'a>(
    bundle: &CaseBundle,
    opts: &RenderOptions,
    files: &dyn EvidenceSource,
    embed: &'a Embed,
) -> Plan<'a> {
    let mut names = Names::default();
    let mut plan = Plan {
        files: vec![Planned {
            name: names.unique(EXPORT_NAME),
            mime: "application/json".into(),
            modified: opts.generated_at,
            content: 0,
        }],
        contents: vec![(
            hex::encode(Sha256::digest(&embed.export_json)),
            Cow::Borrowed(&embed.export_json[..]),
        )],
        omitted: Vec::new(),
    };
    let mut by_hash: HashMap<String, Result<usize, Left>> = HashMap::new();
    let limit = embed.evidence_limit;
    for (index, e) in bundle.evidence.iter().enumerate() {
        let d = &e.data;
        let sha = d.sha256.trim().to_ascii_lowercase();
        let found = by_hash.entry(sha.clone()).or_insert_with(|| {
            if limit.is_some_and(|l| d.size > l) {
                return Err(Left::OverLimit);
            }
            let bytes = files.read(&sha).ok_or(Left::Unavailable)?;
            if hex::encode(Sha256::digest(&bytes)) != sha {
                return Err(Left::Unavailable);
            }
            if limit.is_some_and(|l| bytes.len() as u64 > l) {
                return Err(Left::OverLimit);
            }
            plan.contents.push((sha.clone(), Cow::Owned(bytes)));
            Ok(plan.contents.len() - 1)
        });
        match *found {
            Ok(content) => {
                let name = if d.original_name.trim().is_empty() {
                    format!("E{}", index + 1)
                } else {
                    d.original_name.clone()
                };
                plan.files.push(Planned {
                    name: names.unique(&name),
                    mime: mime(&d.media_type),
                    modified: e.meta.recorded_at.with_timezone(opts.generated_at.offset()),
                    content,
                })
            }
            Err(why) => plan.omitted.push(Omitted {
                index,
                name: d.original_name.clone(),
                sha256: sha,
                size: d.size,
                why,
            }),
        }
    }
    plan
}

/// File names made unique: the second "foto.jpg" becomes "foto (2).jpg".
#[derive(Default)]
struct Names(HashSet<String>);

impl Names {
    fn unique(&mut self, name: &str) -> String {
        let (stem, ext) = match name.rfind('.') {
            Some(dot) if dot > 0 => name.split_at(dot),
            _ => (name, ""),
        };
        let mut candidate = name.to_string();
        let mut n = 1;
        while !self.0.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{stem} ({n}){ext}");
        }
        candidate
    }
}

/// The MIME type to declare: the record's `type/subtype` (parameters dropped), or
/// `application/octet-stream` when it is missing or malformed.
fn mime(media_type: &str) -> String {
    let t = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let ok = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&b))
    };
    // A PDF name holds at most 127 bytes (PDF/A-2 and -3 implementation limit).
    match t.split_once('/') {
        Some((a, b)) if ok(a) && ok(b) && t.len() <= 127 => t,
        _ => "application/octet-stream".into(),
    }
}

/// On the evidence index page: which originals are inside, and which are not, with hashes.
fn evidence_note(lay: &mut Layout, omitted: &[Omitted], lang: expediente_core::Lang) {
    let t = i18n::attached(lang);
    lay.space(6.0);
    if omitted.is_empty() {
        lay.paragraph(Span::regular(t.all_inside), 9.5);
        return;
    }
    lay.paragraph(Span::regular(t.inside_except), 9.5);
    for o in omitted {
        let why = match o.why {
            Left::OverLimit => t.over_limit.replace("{size}", &i18n::size(lang, o.size)),
            Left::Unavailable => t.unavailable.to_string(),
        };
        let (left, width) = (lay.geo.left() + 12.0, lay.geo.content_width() - 12.0);
        lay.space(2.0);
        lay.paragraph_at(
            Span::regular(format!("E{} · {} — {why}", o.index + 1, o.name)),
            7.5,
            left,
            width,
        );
        lay.paragraph_at(
            Span::mono(format!("SHA-256 {}", crate::document::grouped(&o.sha256))),
            7.5,
            left,
            width,
        );
    }
}

/// Media types worth deflating (text); images, PDFs and archives are already compressed.
fn compressible(mime: &str) -> bool {
    mime.starts_with("text/")
        || mime.ends_with("json")
        || mime.ends_with("xml")
        || mime == "message/rfc822"
}

/// Adds the planned files as PDF/A-3 associated files: embedded file streams, file
/// specifications, the catalog's `/AF` and the `/EmbeddedFiles` name tree.
fn attach(doc: &mut lopdf::Document, mut plan: Plan) -> Result<(), DossierError> {
    // One embedded file stream per distinct content, declared with its first user's type.
    let mut streams: Vec<Option<(ObjectId, String)>> = vec![None; plan.contents.len()];
    let mut filespecs = Vec::new();
    for f in &plan.files {
        if streams[f.content].is_none() {
            let (sha, bytes) = std::mem::take(&mut plan.contents[f.content]);
            let id = doc.add_object(embedded_file(bytes, &f.mime, &f.modified)?);
            streams[f.content] = Some((id, sha));
        }
        let Some((stream, sha)) = streams[f.content].clone() else {
            continue;
        };
        let spec = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Filespec".to_vec())),
            ("F", Object::string_literal(ascii_name(&f.name))),
            ("UF", text_string(&f.name)),
            (
                "EF",
                Object::Dictionary(Dictionary::from_iter(vec![
                    ("F", Object::Reference(stream)),
                    ("UF", Object::Reference(stream)),
                ])),
            ),
            ("Desc", Object::string_literal(format!("SHA-256 {sha}"))),
            ("AFRelationship", Object::Name(b"Source".to_vec())),
            ("ExpedienteSHA256", Object::string_literal(sha)),
        ]);
        let id = doc.add_object(spec);
        filespecs.push((text_string(&f.name), id));
    }
    let af: Vec<Object> = filespecs
        .iter()
        .map(|(_, id)| Object::Reference(*id))
        .collect();
    // Name tree keys must be sorted (by their bytes) and unique; the names are unique.
    let key_bytes = |o: &Object| o.as_str().map(<[u8]>::to_vec).unwrap_or_default();
    filespecs.sort_by_key(|(k, _)| key_bytes(k));
    let names: Vec<Object> = filespecs
        .into_iter()
        .flat_map(|(k, id)| [k, Object::Reference(id)])
        .collect();
    let tree = doc.add_object(Dictionary::from_iter(vec![("Names", Object::Array(names))]));
    let catalog = doc.catalog_mut().map_err(|e| DossierError::Pdf {
        what: format!("the document has no catalog: {e}"),
    })?;
    catalog.set("AF", Object::Array(af));
    // Keep any other name trees printpdf wrote (an inline /Names dictionary).
    let mut names = match catalog.get(b"Names") {
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    names.set("EmbeddedFiles", Object::Reference(tree));
    catalog.set("Names", Object::Dictionary(names));
    Ok(())
}

/// The `/F` name for readers that ignore `/UF`: non-ASCII characters become `_`.
fn ascii_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn embedded_file(
    bytes: Cow<[u8]>,
    mime: &str,
    modified: &DateTime<FixedOffset>,
) -> Result<Stream, DossierError> {
    let params = Dictionary::from_iter(vec![
        ("Size", Object::Integer(bytes.len() as i64)),
        (
            "CheckSum",
            Object::String(Md5::digest(&*bytes).to_vec(), StringFormat::Hexadecimal),
        ),
        ("ModDate", Object::string_literal(pdf_date(modified))),
    ]);
    let mut dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"EmbeddedFile".to_vec())),
        ("Subtype", Object::Name(mime.as_bytes().to_vec())),
        ("Params", Object::Dictionary(params)),
    ]);
    let content = if compressible(mime) {
        use std::io::Write as _;
        let mut z = flate2::write::ZlibEncoder::new(
            Vec::with_capacity(bytes.len() / 4),
            // Level 1: JSON still shrinks ~5x, at a third of the default level's time.
            flate2::Compression::fast(),
        );
        let failed = |e: std::io::Error| DossierError::Pdf {
            what: format!("compressing an attachment failed: {e}"),
        };
        z.write_all(&bytes).map_err(failed)?;
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        z.finish().map_err(failed)?
    } else {
        bytes.into_owned()
    };
    let mut stream = Stream::new(dict, content);
    stream.allows_compression = false;
    Ok(stream)
}

fn not_dossier(why: impl Into<String>) -> DossierError {
    DossierError::NotADossier { why: why.into() }
}

fn load(pdf: &[u8]) -> Result<lopdf::Document, DossierError> {
    lopdf::Document::load_mem(pdf)
        .map_err(|e| not_dossier(format!("the file is not a readable PDF: {e}")))
}

/// A PDF string object as text (UTF-16BE with a BOM, else UTF-8).
pub(crate) fn text(o: &Object) -> Option<String> {
    o.as_str().ok().map(crate::pdf::utf16be_text)
}

/// Reads every associated file (the catalog's `/AF`, or else the `/EmbeddedFiles` name
/// tree) out of a dossier. Sizes are checked against the declared `/Size` while
/// decompressing, so a forged stream cannot inflate without bound.
pub fn attachments(pdf: &[u8]) -> Result<Vec<Attachment>, DossierError> {
    attachments_in(&load(pdf)?)
}

/// [`attachments`] of an already parsed PDF.
// The body reads `&doc` as when it parsed the PDF itself.
#[allow(clippy::needless_borrow)]
pub(crate) fn attachments_in(doc: &lopdf::Document) -> Result<Vec<Attachment>, DossierError> {
    let catalog = doc
        .catalog()
        .map_err(|e| not_dossier(format!("the PDF has no catalog: {e}")))?;
    let mut specs: Vec<Object> = Vec::new();
    if let Ok(af) = catalog.get(b"AF") {
        let (_, af) = doc
            .dereference(af)
            .map_err(|e| not_dossier(format!("unreadable /AF: {e}")))?;
        specs = af
            .as_array()
            .map_err(|_| not_dossier("/AF is not an array"))?
            .clone();
    } else if let Ok(names) = catalog.get_deref(b"Names", &doc).and_then(Object::as_dict) {
        if let Ok(tree) = names.get_deref(b"EmbeddedFiles", &doc) {
            collect_name_tree(&doc, tree, &mut specs, 0)?;
        }
    }
    let mut out = Vec::with_capacity(specs.len());
    for (i, spec) in specs.iter().enumerate() {
        let bad = |what: &str| not_dossier(format!("attached file {}: {what}", i + 1));
        let (_, spec) = doc
            .dereference(spec)
            .map_err(|_| bad("dangling reference"))?;
        let spec = spec.as_dict().map_err(|_| bad("not a dictionary"))?;
        let name = spec
            .get(b"UF")
            .ok()
            .and_then(text)
            .or_else(|| spec.get(b"F").ok().and_then(text))
            .ok_or_else(|| bad("no file name"))?;
        let bad = |what: &str| not_dossier(format!("attached file {name:?}: {what}"));
        let ef = spec
            .get_deref(b"EF", &doc)
            .and_then(Object::as_dict)
            .map_err(|_| bad("no /EF"))?;
        let stream = ef
            .get_deref(b"UF", &doc)
            .or_else(|_| ef.get_deref(b"F", &doc))
            .and_then(Object::as_stream)
            .map_err(|_| bad("no embedded file stream"))?;
        let mime = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let declared_size = stream
            .dict
            .get_deref(b"Params", &doc)
            .and_then(Object::as_dict)
            .and_then(|p| p.get_deref(b"Size", &doc))
            .and_then(Object::as_i64)
            .ok()
            .and_then(|s| usize::try_from(s).ok());
        let limit = declared_size.unwrap_or(1 << 30);
        let bytes = stream
            .get_plain_content_with_limit(limit)
            .map_err(|e| bad(&format!("unreadable content (limit {limit} bytes): {e}")))?;
        out.push(Attachment {
            name,
            mime,
            sha256_declared: spec.get(b"ExpedienteSHA256").ok().and_then(text),
            bytes,
            relationship: spec
                .get(b"AFRelationship")
                .and_then(Object::as_name)
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .unwrap_or_default(),
        });
    }
    Ok(out)
}

fn collect_name_tree(
    doc: &lopdf::Document,
    node: &Object,
    out: &mut Vec<Object>,
    depth: u32,
) -> Result<(), DossierError> {
    if depth > 32 {
        return Err(not_dossier("the embedded files name tree is too deep"));
    }
    let (_, node) = doc
        .dereference(node)
        .map_err(|_| not_dossier("dangling reference in the embedded files name tree"))?;
    let node = node
        .as_dict()
        .map_err(|_| not_dossier("bad embedded files name tree"))?;
    if let Ok(names) = node.get_deref(b"Names", doc).and_then(Object::as_array) {
        out.extend(names.iter().skip(1).step_by(2).cloned());
    }
    if let Ok(kids) = node.get_deref(b"Kids", doc).and_then(Object::as_array) {
        for kid in kids {
            collect_name_tree(doc, kid, out, depth + 1)?;
        }
    }
    Ok(())
}

/// Reads the `/ExpedienteRender` manifest from a dossier's document information.
pub fn render_manifest(pdf: &[u8]) -> Result<RenderManifest, DossierError> {
    render_manifest_in(&load(pdf)?)
}

/// [`render_manifest`] of an already parsed PDF.
// The body reads `&doc` as when it parsed the PDF itself.
#[allow(clippy::needless_borrow)]
pub(crate) fn render_manifest_in(doc: &lopdf::Document) -> Result<RenderManifest, DossierError> {
    let info = doc
        .trailer
        .get_deref(b"Info", &doc)
        .and_then(Object::as_dict)
        .map_err(|_| not_dossier("the PDF has no document information dictionary"))?;
    let raw = info
        .get_deref(b"ExpedienteRender", &doc)
        .and_then(Object::as_str)
        .map_err(|_| not_dossier("no /ExpedienteRender entry in the document information"))?;
    serde_json::from_str(&crate::pdf::utf16be_text(raw))
        .map_err(|e| not_dossier(format!("the /ExpedienteRender entry is not valid: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_get_a_number_before_the_extension() {
        let mut n = Names::default();
        assert_eq!(n.unique("expediente-case.json"), "expediente-case.json");
        assert_eq!(n.unique("foto.jpg"), "foto.jpg");
        assert_eq!(n.unique("foto.jpg"), "foto (2).jpg");
        assert_eq!(n.unique("foto.jpg"), "foto (3).jpg");
        assert_eq!(n.unique("foto (2).jpg"), "foto (2) (2).jpg");
        assert_eq!(n.unique("LEEME"), "LEEME");
        assert_eq!(n.unique("LEEME"), "LEEME (2)");
        assert_eq!(n.unique(".bashrc"), ".bashrc");
        assert_eq!(n.unique(".bashrc"), ".bashrc (2)");
        assert_eq!(n.unique("expediente-case.json"), "expediente-case (2).json");
    }

    #[test]
    fn mime_types_are_declared_or_defaulted() {
        assert_eq!(mime("image/PNG"), "image/png");
        assert_eq!(mime("text/plain; charset=utf-8"), "text/plain");
        assert_eq!(mime(""), "application/octet-stream");
        assert_eq!(mime("no slash"), "application/octet-stream");
        assert_eq!(mime("a/b/c"), "application/octet-stream");
        let long = format!("application/{}", "x".repeat(115));
        assert_eq!(mime(&long), long);
        assert_eq!(mime(&format!("{long}y")), "application/octet-stream");
        assert_eq!(
            mime("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
    }
}
