//! Checks a dossier PDF from the PDF alone: the case export it embeds must verify, the
//! embedded evidence must hash to what the export records, the metadata must name the
//! export's case and fingerprint, and re-rendering the export must give the same pages.
//! [`check_dossier`] reports every finding with a stable code; it never trusts the file.

mod findings;
mod pages;

use std::collections::HashMap;

use expediente_core::exchange;
use expediente_core::integrity::IntegrityReport;
use expediente_core::CaseBundle;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{Attachment, DossierError, RenderManifest, RenderOptions};

pub use findings::{AttachmentFindings, DossierProblem, MetadataFindings, PageFindings};

pub use crate::archive::EXPORT_NAME;

/// The renderer this build is, as a dossier's manifest names it.
pub fn this_renderer() -> String {
    format!("expediente-dossier {}", env!("CARGO_PKG_VERSION"))
}

/// What [`check_dossier`] found. `ok` is true exactly when `problems` is empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierCheck {
    pub ok: bool,
    /// The case, from the embedded export (else from the render manifest).
    pub case_id: Option<String>,
    /// The dossier fingerprint recomputed from the embedded export (else the manifest's).
    pub fingerprint: Option<String>,
    /// What the embedded export holds: the case chain's head and length, and the
    /// claimant and company revisions printed (from the rebuilt case).
    pub chain_head: Option<String>,
    pub chain_len: Option<u32>,
    pub claimant_link: Option<String>,
    pub company_link: Option<String>,
    /// The renderer the manifest names, e.g. "expediente-dossier 0.1.0".
    pub renderer: Option<String>,
    /// Whether that is this program's renderer (only then are pages compared).
    pub this_renderer: bool,
    /// The generation time the manifest gives (RFC 3339 with the user's offset).
    pub generated_at: Option<String>,
    /// The embedded export's own integrity check, when it could be read.
    pub integrity: Option<IntegrityReport>,
    pub attachments: AttachmentFindings,
    pub pages: PageFindings,
    pub metadata: MetadataFindings,
    /// Everything wrong, most basic first (embedded data, chain, renderer, metadata,
    /// attachments, pages).
    pub problems: Vec<DossierProblem>,
}

/// Checks `pdf` (a dossier's bytes) without any store. An `Err` means the bytes are not a
/// readable PDF; anything wrong inside a PDF is a [`DossierProblem`] in the result.
pub fn check_dossier(pdf: &[u8]) -> Result<DossierCheck, DossierError> {
    let file = load(pdf)?;
    let meta = findings::read_metadata(&file);
    let mut c = DossierCheck {
        ok: false,
        case_id: None,
        fingerprint: None,
        chain_head: None,
        chain_len: None,
        claimant_link: None,
        company_link: None,
        renderer: None,
        this_renderer: false,
        generated_at: None,
        integrity: None,
        attachments: AttachmentFindings::default(),
        pages: PageFindings {
            pages_in_file: file.get_pages().len() as u32,
            ..PageFindings::default()
        },
        metadata: meta,
        problems: Vec::new(),
    };
    let manifest = match crate::archive::render_manifest_in(&file) {
        Ok(m) => Some(m),
        Err(e) => {
            c.problem(
                "no_embedded_data",
                None,
                None,
                format!("the PDF carries no readable render manifest (/ExpedienteRender): {e}"),
            );
            None
        }
    };
    if let Some(m) = &manifest {
        c.case_id = Some(m.case_id.to_string());
        c.fingerprint = Some(m.fingerprint.clone());
        c.renderer = Some(m.renderer.clone());
        c.this_renderer = m.renderer == this_renderer();
        c.generated_at = Some(m.generated_at.to_rfc3339());
    }
    let files = match crate::archive::attachments_in(&file) {
        Ok(files) => files,
        Err(e) => {
            c.problem(
                "no_embedded_data",
                None,
                None,
                format!("the embedded files cannot be read: {e}"),
            );
            Vec::new()
        }
    };
    let Some(export_file) = files.iter().find(|a| a.name == EXPORT_NAME) else {
        if c.problems.is_empty() {
            c.problem("no_embedded_data", None, Some(EXPORT_NAME), format!("the PDF does not embed the case data ({EXPORT_NAME}); it cannot be checked from the file alone"));
        }
        return Ok(c.finish());
    };
    let Some(manifest) = manifest else {
        return Ok(c.finish());
    };
    let export = match exchange::parse(&export_file.bytes) {
        Ok(x) => x,
        Err(e) => {
            c.problem(
                "export_broken",
                None,
                Some(EXPORT_NAME),
                format!("the embedded case data cannot be read: {e}"),
            );
            return Ok(c.finish());
        }
    };
    c.case_id = Some(export.case_id.to_string());
    let integrity = exchange::check_export(&export);
    for p in &integrity.problems {
        c.problem(
            "export_broken",
            None,
            p.file_name.as_deref().or(Some(EXPORT_NAME)),
            format!(
                "the embedded case data does not verify ({}): {}",
                p.code, p.detail
            ),
        );
    }
    let intact = integrity.ok;
    c.integrity = Some(integrity);
    let bundle = match exchange::bundle_from_export(&export) {
        Ok(b) => Some(b),
        Err(e) => {
            c.problem(
                "export_broken",
                None,
                Some(EXPORT_NAME),
                format!("the embedded case data cannot be rebuilt into a case: {e}"),
            );
            None
        }
    };
    if let Some(b) = &bundle {
        c.fingerprint = Some(b.fingerprint.clone());
        c.chain_head = Some(b.chain_head.clone());
        c.chain_len = Some(b.chain_len);
        c.claimant_link = Some(b.claimant_link.clone());
        c.company_link = Some(b.company_link.clone());
    }
    if !c.this_renderer {
        c.problem("other_renderer", None, None, format!("the pages were made by {} and this is {}: the case data and the attachments were checked, the pages were not", manifest.renderer, this_renderer()));
    }
    findings::metadata(&mut c, &manifest, &export, bundle.as_ref());
    let by_sha = hash_attachments(&files);
    findings::attachments(&mut c, &files, &by_sha, bundle.as_ref(), &manifest);
    if let (Some(b), true, true) = (&bundle, intact, c.this_renderer) {
        compare_pages(
            &mut c,
            pdf,
            &file,
            b,
            &manifest,
            &export_file.bytes,
            &files,
            &by_sha,
        );
    }
    Ok(c.finish())
}

impl DossierCheck {
    fn problem(&mut self, code: &str, page: Option<u32>, file: Option<&str>, detail: String) {
        self.problems.push(DossierProblem {
            code: code.into(),
            page,
            file_name: file.map(str::to_string),
            detail,
        });
    }

    fn finish(mut self) -> Self {
        self.ok = self.problems.is_empty();
        self
    }
}

/// Loads the PDF with every decompression bounded; a parser panic on crafted bytes is a
/// clear error too.
fn load(pdf: &[u8]) -> Result<lopdf::Document, DossierError> {
    let not_pdf = |why: String| DossierError::NotADossier {
        why: format!("the file is not a readable PDF: {why}"),
    };
    let opts = || lopdf::LoadOptions {
        max_decompressed_size: Some(pages::MAX_STREAM_BYTES),
        ..Default::default()
    };
    std::panic::catch_unwind(|| lopdf::Document::load_mem_with_options(pdf, opts()))
        .map_err(|_| not_pdf("its structure is malformed".into()))?
        .map_err(|e| not_pdf(e.to_string()))
}

/// Recomputed SHA-256 (lower-case hex) of each attachment's bytes, by that hash.
fn hash_attachments(files: &[Attachment]) -> HashMap<String, usize> {
    let mut by_sha = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        by_sha.entry(sha256_hex(&f.bytes)).or_insert(i);
    }
    by_sha
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Re-renders the dossier from the embedded data with the manifest's paper and time and
/// compares it with the file, page by page.
#[allow(clippy::too_many_arguments)]
fn compare_pages(
    c: &mut DossierCheck,
    pdf: &[u8],
    file: &lopdf::Document,
    bundle: &CaseBundle,
    manifest: &RenderManifest,
    export_json: &[u8],
    files: &[Attachment],
    by_sha: &HashMap<String, usize>,
) {
    let opts = RenderOptions {
        paper: manifest.paper,
        generated_at: manifest.generated_at,
    };
    let stats =
        expediente_core::stats::for_case(&bundle.case.data, &bundle.attempts, opts.generated_at);
    let source = |sha: &str| by_sha.get(sha).map(|&i| files[i].bytes.clone());
    let embed = crate::archive::Embed {
        export_json: export_json.to_vec(),
        evidence_limit: manifest.evidence_limit,
        cover_stamp: manifest.cover_stamp,
    };
    let expected = match crate::archive::render_archival(bundle, &stats, &opts, &source, &embed) {
        Ok(bytes) => bytes,
        Err(e) => {
            c.problem(
                "export_broken",
                None,
                Some(EXPORT_NAME),
                format!("the embedded case data cannot be rendered again: {e}"),
            );
            return;
        }
    };
    if expected == pdf {
        // Identical bytes: every page agrees.
        c.pages.compared = true;
        c.pages.pages_expected = Some(c.pages.pages_in_file);
        return;
    }
    let expected = match load(&expected) {
        Ok(doc) => doc,
        Err(e) => {
            c.problem(
                "page_differs",
                None,
                None,
                format!("the re-rendered dossier cannot be read back: {e}"),
            );
            return;
        }
    };
    let report = pages::compare_pages(&expected, file);
    c.pages.compared = true;
    c.pages.pages_expected = Some(expected.get_pages().len() as u32);
    findings::pages(c, &report);
}
