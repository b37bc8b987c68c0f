//! A store's case to its archival dossier, the one path the CLI and the app share: read
//! (under the store's lock) a bundle that verifies in full, the export the PDF embeds and
//! where each evidence file lives; then render without the store.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use expediente_core::{CaseBundle, Id, Store};

use crate::archive::{render_archival, CoverStamp, Embed};
use crate::{DossierError, Paper, RenderOptions};

/// What a dossier needs from a store.
pub struct Prepared {
    /// The case as it verifies now (chains, directory, every evidence file re-hashed).
    pub bundle: CaseBundle,
    /// The case export the dossier embeds; it rebuilds `bundle` exactly.
    pub export_json: Vec<u8>,
    files: HashMap<String, PathBuf>,
}

/// Reads what the dossier of `case_id` needs. Fails, naming the first problem, when the
/// case does not verify: no dossier is made of data that does not.
pub fn prepare(store: &Store, case_id: Id) -> expediente_core::Result<Prepared> {
    let bundle = store.bundle_for_dossier(case_id)?;
    let export = store.export_case(case_id)?;
    if export.chain_head != bundle.chain_head {
        return Err(expediente_core::Error::Integrity(
            "the case changed while its dossier was being prepared; export it again".into(),
        ));
    }
    let files = bundle
        .evidence
        .iter()
        .map(|e| Ok((e.data.sha256.clone(), store.evidence_path(&e.data.sha256)?)))
        .collect::<expediente_core::Result<_>>()?;
    Ok(Prepared {
        export_json: serde_json::to_vec_pretty(&export)?,
        bundle,
        files,
    })
}

impl Prepared {
    /// Renders the PDF/A-3b dossier with the export and the evidence originals inside
    /// (those over `evidence_limit` bytes are left out and listed).
    pub fn render(
        self,
        paper: Paper,
        generated_at: DateTime<FixedOffset>,
        evidence_limit: Option<u64>,
    ) -> Result<Vec<u8>, DossierError> {
        self.render_as(
            paper,
            generated_at,
            evidence_limit,
            CoverStamp::NotRequested,
        )
    }

    /// [`Prepared::render`] with what the cover says about a third-party timestamp (the
    /// same prepared case can be rendered again, e.g. unstamped after a TSA failed).
    pub fn render_as(
        &self,
        paper: Paper,
        generated_at: DateTime<FixedOffset>,
        evidence_limit: Option<u64>,
        cover_stamp: CoverStamp,
    ) -> Result<Vec<u8>, DossierError> {
        let Prepared {
            bundle: b,
            export_json,
            files,
        } = self;
        let export_json = export_json.clone();
        let stats = expediente_core::stats::for_case(&b.case.data, &b.attempts, generated_at);
        let opts = RenderOptions {
            paper,
            generated_at,
        };
        // The renderer checks every file against its SHA-256 before using it.
        let read = |sha: &str| files.get(sha).and_then(|p| std::fs::read(p).ok());
        let embed = Embed {
            export_json,
            evidence_limit,
            cover_stamp,
        };
        render_archival(b, &stats, &opts, &read, &embed)
    }
}
