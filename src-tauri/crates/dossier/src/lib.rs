//! Expediente's PDF dossier: a case's data ([`CaseBundle`] and its [`CaseStats`]) in,
//! PDF bytes out. No Tauri, no file system, no clock: the caller supplies the generation
//! time and a way to read evidence files, so the same input always gives the same bytes.
//!
//! The dossier has a cover, a summary in numbers, the facts and requests, the chronology
//! of contact attempts, the evidence index with an image appendix, and an integrity page
//! with the hash chain's head (the *case fingerprint*) and every correction. Every page's
//! footer carries the case title, the generation time with its UTC offset, "page X of Y"
//! and the fingerprint (grouped, monospaced), which is also stored in the document information (`/Identifier`
//! and a keyword) so [`read_fingerprint`] can find it.
//!
//! Module map: [`check`] (a dossier checked from the PDF alone), [`case_file`] (a dossier or export read back for import), [`i18n`] (all labels, es/en, dates), `fonts` (embedded DejaVu Sans and
//! Sans Mono, their metrics), [`layout`] (positioned boxes, wrapping, tables, page
//! breaks), `document` (the sections), `images` (PNG/JPEG for the appendix), `content`
//! (page content streams), `pdf` (the file: fonts, metadata, outline via printpdf),
//! [`sample`] (realistic test data).
//!
//! The output is PDF/A-3b (`pdfa`: XMP, sRGB output intent, tagged font subsets, `/Lang`,
//! a content-derived `/ID`); [`archive::render_archival`] also embeds the case export and
//! the evidence originals as associated files. Not done here, knowingly: there is no text
//! shaping, so right-to-left and complex scripts, and anything outside the embedded font
//! (e.g. CJK, emoji), are printed as a visible `[U+XXXX]` code and noted on the integrity
//! page; the PDF is not tagged (no structure tree), so it claims conformance level B.

use chrono::{DateTime, FixedOffset};
use expediente_core::stats::CaseStats;
use expediente_core::CaseBundle;

pub mod archive;
pub mod case_file;
pub mod check;
mod content;
mod document;
mod fonts;
pub mod from_store;
pub mod i18n;
mod images;
pub mod layout;
mod pdf;
mod pdfa;
pub mod sample;
pub mod stamp;

pub use archive::{attachments, render_manifest, Attachment, CoverStamp, Embed, RenderManifest};
pub use pdf::FINGERPRINT_KEYWORD;

/// Paper sizes the dossier can be printed on ("a4" / "letter" in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    /// Width and height in points.
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.276, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }

    /// The page geometry the layout uses (margins, footer band).
    pub fn geometry(self) -> layout::Geometry {
        let (width, height) = self.size_pt();
        layout::Geometry {
            width,
            height,
            margin: 42.0,
            footer: document::footer_height(),
        }
    }
}

/// How to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    pub paper: Paper,
    /// When the dossier is generated, in the user's offset; printed on every page.
    pub generated_at: DateTime<FixedOffset>,
}

/// Where evidence files come from (the content-addressed evidence folder, an export...).
pub trait EvidenceSource {
    /// The bytes of the file with this lower-case hex SHA-256, if available.
    fn read(&self, sha256: &str) -> Option<Vec<u8>>;
}

/// An evidence source with no files: the appendix then says each image is unavailable.
pub struct NoFiles;

impl EvidenceSource for NoFiles {
    fn read(&self, _sha256: &str) -> Option<Vec<u8>> {
        None
    }
}

impl<F: Fn(&str) -> Option<Vec<u8>>> EvidenceSource for F {
    fn read(&self, sha256: &str) -> Option<Vec<u8>> {
        self(sha256)
    }
}

/// What can go wrong making or reading a dossier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DossierError {
    /// An embedded font could not be parsed (a build problem, not a data problem).
    #[error("the embedded font {font} could not be parsed")]
    Font { font: &'static str },
    /// A field of the bundle cannot be rendered.
    #[error("{field}: {problem}")]
    Field {
        field: &'static str,
        problem: String,
    },
    /// printpdf or the PDF writer failed.
    #[error("PDF output failed: {what}")]
    Pdf { what: String },
    /// The bytes given to [`read_fingerprint`] are not a dossier this crate made.
    #[error("not an Expediente dossier: {why}")]
    NotADossier { why: String },
}

/// Renders the dossier of `bundle` as PDF/A-3b bytes, without attachments (see
/// [`archive::render_archival`] for the dossier that carries its data). `stats` should be
/// `expediente_core::stats::compute(&bundle.attempts, opts.generated_at)`.
pub fn render(
    bundle: &CaseBundle,
    stats: &CaseStats,
    opts: &RenderOptions,
    files: &dyn EvidenceSource,
) -> Result<Vec<u8>, DossierError> {
    check_fingerprint(bundle)?;
    let written = build(
        bundle,
        stats,
        opts,
        files,
        &|_| {},
        CoverStamp::NotRequested,
    )?;
    pdfa::finish(
        written.doc,
        &written.meta,
        pdfa::Conformance::PdfA3b,
        Vec::new(),
    )
}

/// The case fingerprint the dossier prints and embeds (`CaseBundle.fingerprint`).
pub(crate) fn case_fingerprint(bundle: &CaseBundle) -> &str {
    bundle.fingerprint.trim()
}

pub(crate) fn check_fingerprint(bundle: &CaseBundle) -> Result<(), DossierError> {
    let fp = case_fingerprint(bundle);
    if fp.len() != 64 || !fp.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(DossierError::Field {
            field: "fingerprint",
            problem: format!("must be 64 hexadecimal characters (a SHA-256), got {fp:?}"),
        });
    }
    Ok(())
}

/// Lays out and builds the document (not yet finished as PDF/A nor serialized);
/// `evidence_note` adds lines under the evidence index table.
pub(crate) fn build(
    bundle: &CaseBundle,
    stats: &CaseStats,
    opts: &RenderOptions,
    files: &dyn EvidenceSource,
    evidence_note: &dyn Fn(&mut layout::Layout),
    cover_stamp: CoverStamp,
) -> Result<pdf::Written, DossierError> {
    let fonts = fonts::Fonts::get()?;
    let laid = document::lay_out(
        bundle,
        stats,
        opts,
        files,
        fonts,
        evidence_note,
        cover_stamp,
    );
    pdf::write(laid, bundle, opts, fonts)
}

/// A laid-out dossier, for tests and previews: page geometry, pages of positioned boxes,
/// and how many characters had to be printed as `[U+XXXX]`.
#[derive(Debug, Clone)]
pub struct Preview {
    pub geometry: layout::Geometry,
    pub pages: Vec<layout::Page>,
    pub replaced_chars: usize,
}

/// Lays the dossier out exactly as [`render`] does, without writing a PDF.
pub fn preview(
    bundle: &CaseBundle,
    stats: &CaseStats,
    opts: &RenderOptions,
    files: &dyn EvidenceSource,
) -> Result<Preview, DossierError> {
    let fonts = fonts::Fonts::get()?;
    let laid = document::lay_out(
        bundle,
        stats,
        opts,
        files,
        fonts,
        &|_| {},
        CoverStamp::NotRequested,
    );
    Ok(Preview {
        geometry: laid.geo,
        pages: laid.pages,
        replaced_chars: laid.replaced,
    })
}

/// The case fingerprint (lower-case hex chain head) a dossier embedded in its metadata.
pub fn read_fingerprint(pdf: &[u8]) -> Result<String, DossierError> {
    pdf::read_fingerprint(pdf)
}
