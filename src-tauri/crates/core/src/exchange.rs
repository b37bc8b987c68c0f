//! The versioned JSON exchange format of one whole case: its chain links verbatim (so a
//! re-import reproduces the same fingerprint) plus every revision of its claimant and
//! company. Evidence travels as hashes, not bytes. Imports are all-or-nothing: a
//! malformed, inconsistent or hostile file is refused with a clear reason and changes nothing.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::chain::{self, Link};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{case_chain, Store, DIRECTORY_CHAIN};

/// `format` field of every export.
pub const FORMAT: &str = "expediente-case";
/// Current export version; [`parse`] accepts exactly the versions it lists.
pub const VERSION: u32 = 1;
/// Largest export file accepted for import.
pub const MAX_IMPORT_BYTES: usize = 1 << 30;

/// A revision of a directory record (claimant or company), without its local chain position.
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
    /// The case chain's head at export time: the case fingerprint.
    pub chain_head: String,
    /// Every revision of the case's claimant and company, oldest first.
    pub directory: Vec<DirectoryRevision>,
    /// The case chain, verbatim.
    pub links: Vec<Link>,
}

impl Store {
    /// Exports one case with all its revisions.
    pub fn export_case(&self, case_id: Id) -> Result<CaseExport> {
        let case = self.case(case_id)?;
        let mut directory = Vec::new();
        for id in [case.data.claimant_id, case.data.company_id] {
            for rev in self.history(id)? {
                directory.push(DirectoryRevision {
                    kind: rev.kind.as_str().to_string(),
                    id,
                    revision: rev.meta.revision,
                    reason: rev.meta.reason,
                    recorded_at: rev
                        .meta
                        .recorded_at
                        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
                    body: rev.body,
                });
            }
        }
        // A claimant may have been revised after the case last referenced it: all of it goes.
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

    /// Imports a case exported by [`Store::export_case`]; returns its id.
    pub fn import_case(&mut self, json: &[u8]) -> Result<Id> {
        let export = parse(json)?;
        check(&export)?;
        if self.case(export.case_id).is_ok() {
            return Err(Error::BadImport(format!(
                "case {} is already in this store",
                export.case_id
            )));
        }
        let tx = self.conn_mut().transaction()?;
        for rev in &export.directory {
            let exists: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM records WHERE id = ?1 AND revision = ?2)",
                rusqlite::params![rev.id.to_string(), rev.revision],
                |r| r.get(0),
            )?;
            if exists {
                continue;
            }
            let kind = RecordKind::parse(&rev.kind).ok_or_else(|| {
                Error::BadImport(format!("unknown directory record kind {:?}", rev.kind))
            })?;
            Store::append_at(
                &tx,
                DIRECTORY_CHAIN,
                crate::store::NewRecord {
                    kind,
                    id: rev.id,
                    revision: rev.revision,
                    case_id: None,
                    reason: &rev.reason,
                    body: rev.body.clone(),
                },
                rev.recorded_at.clone(),
            )?;
        }
        for link in &export.links {
            Store::insert_link(&tx, link, Some(export.case_id)).map_err(|e| match e {
                Error::Db(db) => Error::BadImport(format!(
                    "record {} revision {} clashes with this store: {db}",
                    link.id, link.revision
                )),
                other => other,
            })?;
        }
        tx.commit()?;
        Ok(export.case_id)
    }
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
    let v: Value = serde_json::from_slice(json)
        .map_err(|e| Error::BadImport(format!("not valid JSON: {e}")))?;
    match v.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        _ => {
            return Err(Error::BadImport(
                "not an Expediente case export (missing \"format\": \"expediente-case\")".into(),
            ))
        }
    }
    match v.get("version").and_then(Value::as_u64) {
        Some(1) => {}
        Some(n) => {
            return Err(Error::BadImport(format!(
                "export version {n} is not supported by this program (it reads version {VERSION}); update Expediente"
            )))
        }
        None => return Err(Error::BadImport("missing \"version\"".into())),
    }
    serde_json::from_value(v).map_err(|e| Error::BadImport(format!("malformed export: {e}")))
}

/// Everything an export must satisfy before anything is written.
fn check(x: &CaseExport) -> Result<()> {
    let bad = |m: String| Err(Error::BadImport(m));
    let chain = case_chain(x.case_id);
    let report = chain::verify_links(
        &chain,
        &x.links,
        Some((&x.chain_head, x.links.len() as u32)),
    );
    if let Some(b) = report.first_broken {
        return bad(format!(
            "the case's integrity chain is broken at record {} ({} {} revision {}): {}",
            b.index, b.kind, b.id, b.revision, b.problem
        ));
    }
    let mut case_body = None;
    for l in &x.links {
        let id =
            Id::parse_str(&l.id).map_err(|_| Error::BadImport(format!("bad id {:?}", l.id)))?;
        let body: Value = serde_json::from_str(&l.body)?;
        let kind = RecordKind::parse(&l.kind);
        let ok = match kind {
            Some(RecordKind::Case) => {
                if id != x.case_id {
                    return bad(format!(
                        "record {id} claims to be the case but is not {}",
                        x.case_id
                    ));
                }
                let c = serde_json::from_value::<CaseDraft>(body.clone());
                if let Ok(c) = &c {
                    case_body = Some(c.clone());
                }
                c.is_ok()
            }
            Some(RecordKind::Attempt) => serde_json::from_value::<AttemptDraft>(body).is_ok(),
            Some(RecordKind::Evidence) => serde_json::from_value::<EvidenceMeta>(body)
                .map(|e| crate::validate::evidence(&e).is_ok())
                .unwrap_or(false),
            _ => false,
        };
        if !ok {
            return bad(format!(
                "record {} ({}) revision {} is not a valid {} record",
                l.index, l.id, l.revision, l.kind
            ));
        }
        if l.revision == 0 || crate::store::parse_instant(&l.recorded_at).is_err() {
            return bad(format!("record {} has a bad revision or time", l.index));
        }
    }
    let Some(case) = case_body else {
        return bad("the export holds no case record".into());
    };
    for (want, kind) in [
        (case.claimant_id, RecordKind::Claimant),
        (case.company_id, RecordKind::Company),
    ] {
        let revs: Vec<&DirectoryRevision> = x.directory.iter().filter(|d| d.id == want).collect();
        if revs.is_empty() {
            return bad(format!(
                "the {} {want} the case refers to is missing",
                kind.as_str()
            ));
        }
        for (i, r) in revs.iter().enumerate() {
            let valid = r.kind == kind.as_str()
                && r.revision == i as u32 + 1
                && crate::store::parse_instant(&r.recorded_at).is_ok()
                && match kind {
                    RecordKind::Claimant => {
                        serde_json::from_value::<ClaimantDraft>(r.body.clone()).is_ok()
                    }
                    _ => serde_json::from_value::<CompanyDraft>(r.body.clone()).is_ok(),
                };
            if !valid {
                return bad(format!(
                    "{} {want} revision {} is not valid",
                    kind.as_str(),
                    r.revision
                ));
            }
        }
    }
    Ok(())
}
