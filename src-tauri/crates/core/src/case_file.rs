//! Bringing in a case someone handed over (its export, and the evidence files that came
//! with it, e.g. from a dossier PDF): a preview of what the file holds and what this store
//! already has, written nowhere, then the import of the case and its files in one go.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::exchange::{self, read_export, Imported, RecordChecks};
use crate::model::Id;
use crate::store::Store;

/// What an import would bring in, shown before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportPreview {
    pub case_id: Id,
    pub title: String,
    /// The company's trade name.
    pub company: String,
    /// Contact attempts in the case.
    pub attempts: u32,
    /// Evidence records in the case.
    pub evidence: u32,
    /// Evidence files that came with the file and are not in this store yet.
    pub files_included: u32,
    /// Evidence files this store already has.
    pub files_already_here: u32,
    /// Evidence files neither in the file nor in this store: listed, but cannot be opened.
    pub files_missing: u32,
    /// The case is already in this store (the import would be refused).
    pub case_already_here: bool,
    /// When the export was made, as the file says (RFC 3339).
    pub exported_at: String,
}

/// What an import wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportOutcome {
    pub case_id: Id,
    /// Evidence files written into this store.
    pub files_stored: u32,
    /// Evidence files the case lists that neither the file nor this store has.
    pub files_missing: u32,
}

/// Where an export is read from: bytes already in memory (e.g. out of a dossier PDF) or a
/// file, read as a stream.
#[derive(Debug, Clone)]
pub enum ImportSource {
    Bytes(Vec<u8>),
    File(PathBuf),
}

impl ImportSource {
    fn reader(&self) -> Result<Box<dyn Read + Send + '_>> {
        Ok(match self {
            ImportSource::Bytes(b) => Box::new(&b[..]),
            ImportSource::File(p) => {
                let size = std::fs::metadata(p)?.len();
                if size > exchange::MAX_IMPORT_BYTES as u64 {
                    return Err(Error::BadImport(format!(
                        "the file is {} MiB, over the import limit of {} MiB",
                        size >> 20,
                        exchange::MAX_IMPORT_BYTES >> 20
                    )));
                }
                Box::new(std::fs::File::open(p)?)
            }
        })
    }
}

/// An export that passed every check an import makes (read once, nothing kept but what the
/// preview shows), with its file's SHA-256 and the evidence files that came with it (by
/// SHA-256, only those the case names). The import reads the source again and refuses it
/// if it is no longer the file previewed.
#[derive(Debug, Clone)]
pub struct CheckedImport {
    source: ImportSource,
    file_sha256: String,
    case_id: Id,
    title: String,
    company: String,
    attempts: u32,
    evidence: u32,
    exported_at: String,
    /// Every evidence file the case names, by SHA-256.
    wanted: BTreeSet<String>,
    /// The given files the case names, by the SHA-256 of their bytes.
    files: BTreeMap<String, Vec<u8>>,
}

/// Files by the SHA-256 of their bytes.
fn by_sha256(files: Vec<Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    files
        .into_iter()
        .map(|f| (hex::encode(Sha256::digest(&f)), f))
        .collect()
}

/// The trade name in the latest revision of the case's company.
fn company_name(
    directory: &[crate::chain::Link],
    case: Option<&crate::model::CaseDraft>,
) -> String {
    let Some(case) = case else {
        return String::new();
    };
    let id = case.company_id.to_string();
    directory
        .iter()
        .filter(|d| d.id == id)
        .max_by_key(|d| d.revision)
        .and_then(|d| serde_json::from_str::<serde_json::Value>(&d.body).ok())
        .and_then(|b| b.get("trade_name")?.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Checks the export `json` (as [`Store::import_case`] does) and hashes the evidence
/// `files` that came with it, keeping only the ones the case names.
pub fn check_import(json: &[u8], files: Vec<Vec<u8>>) -> Result<CheckedImport> {
    check_source(ImportSource::Bytes(json.to_vec()), files)
}

/// [`check_import`] of an export file, read as a stream (never whole in memory).
pub fn check_import_file(path: &Path, files: Vec<Vec<u8>>) -> Result<CheckedImport> {
    check_source(ImportSource::File(path.to_path_buf()), files)
}

fn check_source(source: ImportSource, files: Vec<Vec<u8>>) -> Result<CheckedImport> {
    let mut checks: Option<RecordChecks> = None;
    let (header, file_sha256) = read_export(source.reader()?, |case_id, link| {
        checks
            .get_or_insert_with(|| RecordChecks::new(case_id))
            .push(&link)
    })?;
    let checks = checks.unwrap_or_else(|| RecordChecks::new(header.case_id));
    let facts = checks.finish(header.version, &header.chain_head, &header.directory)?;
    let wanted = facts.wanted();
    Ok(CheckedImport {
        files: by_sha256(files)
            .into_iter()
            .filter(|(sha, _)| wanted.contains(sha))
            .collect(),
        wanted,
        file_sha256,
        case_id: header.case_id,
        title: facts
            .case
            .as_ref()
            .map(|c| c.title.clone())
            .unwrap_or_default(),
        company: company_name(&header.directory, facts.case.as_ref()),
        attempts: facts.attempts,
        evidence: facts.evidence,
        exported_at: header.exported_at,
        source,
    })
}

impl Store {
    fn has_file(&self, sha256: &str) -> bool {
        self.evidence_path(sha256).is_ok_and(|p| p.is_file())
    }

    /// What importing `c` would do; nothing is written.
    pub fn preview_import(&self, c: &CheckedImport) -> ImportPreview {
        let here = c.wanted.iter().filter(|s| self.has_file(s)).count() as u32;
        let included = c.files.keys().filter(|s| !self.has_file(s)).count() as u32;
        ImportPreview {
            case_id: c.case_id,
            title: c.title.clone(),
            company: c.company.clone(),
            attempts: c.attempts,
            evidence: c.evidence,
            files_included: included,
            files_already_here: here,
            files_missing: c.wanted.len() as u32 - here - included,
            case_already_here: self.case(c.case_id).is_ok(),
            exported_at: c.exported_at.clone(),
        }
    }

    /// Imports the case of `c` and the evidence files it named (each stored under the
    /// SHA-256 of its bytes). All or nothing: if the case is refused, the files written for
    /// it are removed again.
    pub fn import_case_with_files(&mut self, c: &CheckedImport) -> Result<ImportOutcome> {
        let imported = self.import_stream(c.source.reader()?, &c.files, Some(&c.file_sha256))?;
        Ok(self.outcome(imported))
    }

    /// Checks and imports an export in one reading (no preview first): the case, and the
    /// evidence `files` it names.
    pub fn import_source(
        &mut self,
        source: ImportSource,
        files: Vec<Vec<u8>>,
    ) -> Result<ImportOutcome> {
        let imported = self.import_stream(source.reader()?, &by_sha256(files), None)?;
        Ok(self.outcome(imported))
    }

    fn outcome(&self, imported: Imported) -> ImportOutcome {
        let missing = imported
            .facts
            .wanted()
            .iter()
            .filter(|s| !self.has_file(s))
            .count() as u32;
        ImportOutcome {
            case_id: imported.case_id,
            files_stored: imported.files_stored.len() as u32,
            files_missing: missing,
        }
    }
}
