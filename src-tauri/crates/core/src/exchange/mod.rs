//! The versioned JSON exchange format of one whole case: its chain links verbatim (so a
//! re-import reproduces the same chain) plus the directory links of its claimant and
//! company. Evidence travels as hashes, not bytes. Imports are all-or-nothing: a
//! malformed, inconsistent or hostile file is refused with a clear reason and changes
//! nothing; an accepted one ends with an import link ("these records came from a file
//! with SHA-256 … on …"), so declared times are never mistaken for this store's own.

mod checks;
mod import;
mod read;

pub(crate) use checks::{CaseFacts, RecordChecks};
pub(crate) use import::Imported;
pub(crate) use read::read_export;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::chain::Link;
use crate::error::{Error, Result};
use crate::integrity::{check_case_links, IntegrityProblem, IntegrityReport};
use crate::model::*;
use crate::store::{case_chain, Store, DIRECTORY_CHAIN};

/// `format` field of every export.
pub const FORMAT: &str = "expediente-case";
/// Current export version; [`parse`] accepts exactly the versions it lists.
pub const VERSION: u32 = 2;
/// Largest export file accepted for import.
pub const MAX_IMPORT_BYTES: usize = 1 << 30;

/// A revision of a directory record as version 1 exports carried it (no link hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectoryRevision {
    pub kind: String,
    pub id: Id,
    pub revision: u32,
    pub reason: String,
    pub recorded_at: String,
    pub body: Value,
}

/// One exported case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseExport {
    pub format: String,
    pub version: u32,
    /// When the export was made (RFC 3339 UTC); not part of any hash.
    pub exported_at: String,
    pub case_id: Id,
    /// The case chain's head at export time.
    pub chain_head: String,
    /// Every revision of the case's claimant and company, oldest first, as the links of the
    /// exporting store's directory chain (their `prev` points into that chain, so only each
    /// link's own hash can be checked here). Version 1 files carried no hashes: their
    /// entries have an empty `hash`.
    pub directory: Vec<Link>,
    /// The case chain, verbatim.
    pub links: Vec<Link>,
}

impl Store {
    /// Exports one case with all its revisions.
    pub fn export_case(&self, case_id: Id) -> Result<CaseExport> {
        let case = self.case(case_id)?;
        let mut directory = Vec::new();
        // A claimant may have been revised after the case last referenced it: all of it goes.
        for id in [case.data.claimant_id, case.data.company_id] {
            directory.extend(self.record_links(DIRECTORY_CHAIN, id)?);
        }
        let chain = case_chain(case_id);
        let (head, _) = self.chain_head(&chain)?;
        Ok(CaseExport {
            format: FORMAT.to_string(),
            version: VERSION,
            exported_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            case_id,
            chain_head: head,
            directory,
            links: self.links(&chain)?,
        })
    }
}

/// Turns the store's refusal of a link into an import error naming the record.
pub(crate) fn clash(link: &Link) -> impl Fn(Error) -> Error + '_ {
    move |e| match e {
        Error::Db(db) => Error::BadImport(format!(
            "record {} revision {} clashes with this store: {db}",
            link.id, link.revision
        )),
        other => other,
    }
}

pub(crate) fn parse_id(s: &str) -> Result<Id> {
    Id::parse_str(s).map_err(|_| Error::BadImport(format!("bad id {s:?}")))
}

/// The bundle [`Store::bundle`] gave for this case when the export was made, rebuilt from
/// the export alone (in memory; nothing is written anywhere): what a dossier's embedded
/// export re-renders from.
pub fn bundle_from_export(x: &CaseExport) -> Result<CaseBundle> {
    check(x)?;
    let mut mem = Store::open_in_memory()?;
    let tx = mem.conn_mut().transaction()?;
    for link in &x.links {
        Store::insert_link(&tx, link).map_err(clash(link))?;
    }
    tx.commit()?;
    let case = mem.case(x.case_id)?;
    let claimant = latest_directory::<ClaimantDraft>(x, case.data.claimant_id)?;
    let company = latest_directory::<CompanyDraft>(x, case.data.company_id)?;
    mem.bundle_with(case, claimant, company)
}

/// The latest revision of a directory record in an export, with its link's hash.
fn latest_directory<T: serde::de::DeserializeOwned>(
    x: &CaseExport,
    id: Id,
) -> Result<(Stored<T>, String)> {
    let link = x
        .directory
        .iter()
        .filter(|l| l.id == id.to_string())
        .max_by_key(|l| l.revision)
        .ok_or_else(|| Error::BadImport(format!("the export lacks record {id}")))?;
    let meta = crate::store::meta_of(id, link.revision, link.reason.clone(), &link.recorded_at)?;
    let data = serde_json::from_str(&link.body)?;
    Ok((Stored { meta, data }, link.hash.clone()))
}

/// The dossier fingerprint of an export whose chain verifies: its head and the directory
/// links of the claimant and company its case's latest revision names (the same as
/// `bundle_from_export(x)?.fingerprint`, without building the bundle).
fn fingerprint_of(x: &CaseExport) -> Option<String> {
    let case: CaseDraft = x
        .links
        .iter()
        .filter(|l| l.kind == "case")
        .max_by_key(|l| l.revision)
        .and_then(|l| serde_json::from_str(&l.body).ok())?;
    let link_of = |id: Id| {
        x.directory
            .iter()
            .filter(|l| l.id == id.to_string())
            .max_by_key(|l| l.revision)
            .map(|l| l.hash.as_str())
    };
    Some(crate::chain::dossier_fingerprint(
        &x.chain_head,
        link_of(case.claimant_id)?,
        link_of(case.company_id)?,
    ))
}

/// The problems of an export's case chain: every link, and the chain as a whole.
fn chain_problems(x: &CaseExport) -> Vec<IntegrityProblem> {
    let mut problems = Vec::new();
    let expected = Some((x.chain_head.as_str(), x.links.len() as u32));
    check_case_links(x.case_id, &x.links, expected, &mut problems);
    problems
}

/// Whether a directory link still matches its own hash (version 1 files carried none).
pub(crate) fn own_hash_holds(version: u32, l: &Link) -> bool {
    (version == 1 && l.hash.is_empty()) || l.compute_hash().as_deref() == Some(l.hash.as_str())
}

/// Checks an export alone: its case chain (every link and the chain as a whole) and the
/// hash of every directory link it carries.
pub fn check_export(x: &CaseExport) -> IntegrityReport {
    let mut problems = chain_problems(x);
    problems.extend(
        x.directory
            .iter()
            .filter(|l| !own_hash_holds(x.version, l))
            .map(|l| IntegrityProblem {
                code: "directory_changed".into(),
                chain: DIRECTORY_CHAIN.into(),
                index: Some(l.index),
                kind: Some(l.kind.clone()),
                record_id: Some(l.id.clone()),
                revision: Some(l.revision),
                attempt_number: None,
                file_name: None,
                sha256: None,
                detail: "its content no longer matches the hash recorded when it was written"
                    .into(),
            }),
    );
    let mut report = IntegrityReport::new((x.links.len() + x.directory.len()) as u32, problems);
    report.evidence_files = crate::integrity::evidence_of(&x.links).len() as u32;
    if report.ok {
        report.fingerprint = fingerprint_of(x).unwrap_or_default();
    }
    report
}

/// Reads an export's JSON (format, version and shape checked; the chain is not verified:
/// see [`crate::chain::verify_links`] or [`Store::import_case`]).
pub fn parse(json: &[u8]) -> Result<CaseExport> {
    if json.len() > MAX_IMPORT_BYTES {
        return Err(Error::BadImport(format!(
            "the file is larger than {} MiB",
            MAX_IMPORT_BYTES >> 20
        )));
    }
    let mut links = Vec::new();
    let (h, _) = read_export(json, |_, l| {
        links.push(l);
        Ok(())
    })?;
    Ok(CaseExport {
        format: FORMAT.to_string(),
        version: h.version,
        exported_at: h.exported_at,
        case_id: h.case_id,
        chain_head: h.chain_head,
        directory: h.directory,
        links,
    })
}

/// Everything an export must satisfy before anything is written: its chain verifies, every
/// record has the shape of its kind, and the directory holds exactly the case's claimant
/// and company, each revision's own hash intact.
pub(crate) fn check(x: &CaseExport) -> Result<CaseFacts> {
    let mut checks = RecordChecks::new(x.case_id);
    for l in &x.links {
        checks.push(l)?;
    }
    checks.finish(x.version, &x.chain_head, &x.directory)
}
