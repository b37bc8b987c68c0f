//! Bringing in a case someone handed over (its export, and the evidence files that came
//! with it, e.g. from a dossier PDF): a preview of what the file holds and what this store
//! already has, written nowhere, then the import of the case and its files in one go.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::exchange::{self, CaseExport};
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

/// The evidence files of `x` by SHA-256 (latest revision of each evidence record).
fn evidence_files(x: &CaseExport) -> BTreeSet<String> {
    latest(x, "evidence")
        .filter_map(|b| b.get("sha256").and_then(Value::as_str).map(str::to_string))
        .collect()
}

/// The body of the latest revision of each record of `kind` in the case chain.
fn latest<'a>(x: &'a CaseExport, kind: &'a str) -> impl Iterator<Item = Value> + 'a {
    let mut by_id: BTreeMap<&str, (u32, &str)> = BTreeMap::new();
    for l in x.links.iter().filter(|l| l.kind == kind) {
        let e = by_id.entry(&l.id).or_insert((0, ""));
        if l.revision >= e.0 {
            *e = (l.revision, &l.body);
        }
    }
    by_id
        .into_values()
        .filter_map(|(_, body)| serde_json::from_str(body).ok())
}

/// An export that passed every check an import makes, with its file's SHA-256 and the
/// evidence files that came with it (by SHA-256, only those the case names). Made once by
/// [`check_import`]: the preview and the import then share it, so a big case is parsed,
/// checked and hashed once.
#[derive(Debug, Clone)]
pub struct CheckedImport {
    pub(crate) export: CaseExport,
    pub(crate) file_sha256: String,
    /// Every evidence file the case names, by SHA-256.
    wanted: BTreeSet<String>,
    /// The given files the case names, by the SHA-256 of their bytes.
    files: BTreeMap<String, Vec<u8>>,
}

/// Parses and checks the export `json` (as [`Store::import_case`] does) and hashes the
/// evidence `files` that came with it, keeping only the ones the case names.
pub fn check_import(json: &[u8], files: Vec<Vec<u8>>) -> Result<CheckedImport> {
    let export = exchange::parse(json)?;
    exchange::check(&export)?;
    let wanted = evidence_files(&export);
    let files = files
        .into_iter()
        .map(|f| (hex::encode(Sha256::digest(&f)), f))
        .filter(|(sha, _)| wanted.contains(sha))
        .collect();
    Ok(CheckedImport {
        export,
        file_sha256: hex::encode(Sha256::digest(json)),
        wanted,
        files,
    })
}

impl Store {
    fn has_file(&self, sha256: &str) -> bool {
        self.evidence_path(sha256).is_ok_and(|p| p.is_file())
    }

    /// What importing `c` would do; nothing is written.
    pub fn preview_import(&self, c: &CheckedImport) -> ImportPreview {
        let x = &c.export;
        let here = c.wanted.iter().filter(|s| self.has_file(s)).count() as u32;
        let included = c.files.keys().filter(|s| !self.has_file(s)).count() as u32;
        let case = latest(x, "case").next().unwrap_or_default();
        let company_id = case.get("company_id").and_then(Value::as_str).unwrap_or("");
        let company = x
            .directory
            .iter()
            .filter(|d| d.id == company_id)
            .max_by_key(|d| d.revision)
            .and_then(|d| serde_json::from_str::<Value>(&d.body).ok())
            .and_then(|b| {
                b.get("trade_name")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .unwrap_or_default();
        let count = |kind: &str| {
            x.links
                .iter()
                .filter(|l| l.kind == kind)
                .map(|l| l.id.as_str())
                .collect::<BTreeSet<_>>()
                .len() as u32
        };
        ImportPreview {
            case_id: x.case_id,
            title: case
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            company,
            attempts: count("attempt"),
            evidence: count("evidence"),
            files_included: included,
            files_already_here: here,
            files_missing: c.wanted.len() as u32 - here - included,
            case_already_here: self.case(x.case_id).is_ok(),
            exported_at: x.exported_at.clone(),
        }
    }

    /// Imports the case of `c` and the evidence files it named (each stored under the
    /// SHA-256 of its bytes). All or nothing: if the case is refused, the files written for
    /// it are removed again.
    pub fn import_case_with_files(&mut self, c: &CheckedImport) -> Result<ImportOutcome> {
        self.ensure_writable()?;
        let x = &c.export;
        if self.case(x.case_id).is_ok() {
            return Err(Error::BadImport(format!(
                "case {} is already in this store",
                x.case_id
            )));
        }
        let mut written = Vec::new();
        let result = (|| -> Result<Id> {
            for (sha, bytes) in &c.files {
                if self.has_file(sha) {
                    continue;
                }
                let stored = self.blobs.put(&mut &bytes[..], u64::MAX)?;
                written.push(stored.sha256);
            }
            self.import_checked(x, c.file_sha256.clone())
        })();
        match result {
            Ok(case_id) => {
                let missing = c.wanted.iter().filter(|s| !self.has_file(s)).count() as u32;
                Ok(ImportOutcome {
                    case_id,
                    files_stored: written.len() as u32,
                    files_missing: missing,
                })
            }
            Err(e) => {
                for sha in written {
                    if let Ok(p) = self.evidence_path(&sha) {
                        let _ = std::fs::remove_file(p);
                    }
                }
                Err(e)
            }
        }
    }
}
