//! The versioned JSON exchange format of one whole case: its chain links verbatim (so a
//! re-import reproduces the same chain) plus the directory links of its claimant and
//! company. Evidence travels as hashes, not bytes. Imports are all-or-nothing: a
//! malformed, inconsistent or hostile file is refused with a clear reason and changes
//! nothing; an accepted one ends with an import link ("these records came from a file
//! with SHA-256 … on …"), so declared times are never mistaken for this store's own.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::chain::Link;
use crate::error::{Error, Result};
use crate::integrity::{check_case_links, IntegrityProblem, IntegrityReport};
use crate::model::*;
use crate::store::{case_chain, NewRecord, Store, DIRECTORY_CHAIN};

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

/// The shape of a version 1 file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseExportV1 {
    format: String,
    version: u32,
    exported_at: String,
    case_id: Id,
    chain_head: String,
    directory: Vec<DirectoryRevision>,
    links: Vec<Link>,
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

    /// Imports a case exported by [`Store::export_case`]; returns its id. The case chain
    /// comes in verbatim, followed by an import link naming the file's SHA-256; directory
    /// revisions this store lacks are appended to its own directory chain.
    pub fn import_case(&mut self, json: &[u8]) -> Result<Id> {
        let c = crate::case_file::check_import(json, Vec::new())?;
        self.import_checked(&c.export, c.file_sha256)
    }

    /// Imports an export that passed [`check`]; `file_sha256` names the file it came from.
    pub(crate) fn import_checked(
        &mut self,
        export: &CaseExport,
        file_sha256: String,
    ) -> Result<Id> {
        self.ensure_writable()?;
        if self.case(export.case_id).is_ok() {
            return Err(Error::BadImport(format!(
                "case {} is already in this store",
                export.case_id
            )));
        }
        let store_id = self.store_id().to_string();
        let tx = self
            .conn_mut()
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for rev in &export.directory {
            let exists: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM records WHERE id = ?1 AND revision = ?2)",
                rusqlite::params![rev.id, rev.revision],
                |r| r.get(0),
            )?;
            if exists {
                continue;
            }
            let kind = RecordKind::parse(&rev.kind).ok_or_else(|| {
                Error::BadImport(format!("unknown directory record kind {:?}", rev.kind))
            })?;
            Store::append_in(
                &tx,
                &store_id,
                DIRECTORY_CHAIN,
                NewRecord {
                    kind,
                    id: parse_id(&rev.id)?,
                    revision: rev.revision,
                    case_id: None,
                    reason: &rev.reason,
                    body: serde_json::from_str(&rev.body)?,
                },
            )
            .map_err(clash(rev))?;
        }
        for link in &export.links {
            Store::insert_link(&tx, link).map_err(clash(link))?;
        }
        let body = ImportBody {
            file_sha256,
            records: export.links.len() as u32,
            source_head: export.chain_head.clone(),
            exported_at: export.exported_at.clone(),
        };
        Store::append_in(
            &tx,
            &store_id,
            &case_chain(export.case_id),
            NewRecord {
                kind: RecordKind::Import,
                id: new_id(),
                revision: 1,
                case_id: Some(export.case_id),
                reason: "",
                body: serde_json::to_value(&body)?,
            },
        )?;
        tx.commit()?;
        Ok(export.case_id)
    }
}

/// Turns the store's refusal of a link into an import error naming the record.
fn clash(link: &Link) -> impl Fn(Error) -> Error + '_ {
    move |e| match e {
        Error::Db(db) => Error::BadImport(format!(
            "record {} revision {} clashes with this store: {db}",
            link.id, link.revision
        )),
        other => other,
    }
}

fn parse_id(s: &str) -> Result<Id> {
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
fn own_hash_holds(x: &CaseExport, l: &Link) -> bool {
    (x.version == 1 && l.hash.is_empty()) || l.compute_hash().as_deref() == Some(l.hash.as_str())
}

/// Checks an export alone: its case chain (every link and the chain as a whole) and the
/// hash of every directory link it carries.
pub fn check_export(x: &CaseExport) -> IntegrityReport {
    let mut problems = chain_problems(x);
    problems.extend(
        x.directory
            .iter()
            .filter(|l| !own_hash_holds(x, l))
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
        Some(1) => {
            let old: CaseExportV1 = serde_json::from_value(v)
                .map_err(|e| Error::BadImport(format!("malformed export: {e}")))?;
            return Ok(CaseExport {
                format: old.format,
                version: old.version,
                exported_at: old.exported_at,
                case_id: old.case_id,
                chain_head: old.chain_head,
                directory: old
                    .directory
                    .into_iter()
                    .map(|d| Link {
                        encoding: crate::chain::ENCODING_V1.into(),
                        chain: DIRECTORY_CHAIN.into(),
                        index: 0,
                        kind: d.kind,
                        id: d.id.to_string(),
                        revision: d.revision,
                        case_id: None,
                        store_id: None,
                        store_seq: None,
                        reason: d.reason,
                        recorded_at: d.recorded_at,
                        body: crate::chain::canonical_json(&d.body),
                        prev: String::new(),
                        hash: String::new(),
                    })
                    .collect(),
                links: old.links,
            });
        }
        Some(2) => {}
        Some(n) => {
            return Err(Error::BadImport(format!(
                "export version {n} is not supported by this program (it reads version {VERSION}); update Expediente"
            )))
        }
        None => return Err(Error::BadImport("missing \"version\"".into())),
    }
    serde_json::from_value(v).map_err(|e| Error::BadImport(format!("malformed export: {e}")))
}

/// A record body in the shape of its kind, or why not.
fn shape<T: serde::de::DeserializeOwned>(body: Value) -> Result<T> {
    serde_json::from_value(body).map_err(|e| Error::BadImport(format!("malformed: {e}")))
}

/// Everything an export must satisfy before anything is written: its chain verifies, every
/// record has the shape of its kind, and the directory holds exactly the case's claimant
/// and company, each revision's own hash intact.
pub(crate) fn check(x: &CaseExport) -> Result<()> {
    let bad = |m: String| Err(Error::BadImport(m));
    let problems = chain_problems(x);
    if !problems.is_empty() {
        let report = IntegrityReport::new(x.links.len() as u32, problems);
        return bad(format!(
            "the case's integrity chain does not verify: {}",
            report.summary()
        ));
    }
    let mut case_body = None;
    // Imported records pass the same validation as records typed in now.
    let now = chrono::Utc::now();
    let today = crate::store::local_now().date_naive();
    for l in &x.links {
        parse_id(&l.id)?;
        let body: Value = serde_json::from_str(&l.body)?;
        let valid = match RecordKind::parse(&l.kind) {
            Some(RecordKind::Case) => shape::<CaseDraft>(body).and_then(|c| {
                crate::validate::case(&c, today)?;
                case_body = Some(c);
                Ok(())
            }),
            Some(RecordKind::Attempt) => {
                shape::<AttemptDraft>(body).and_then(|a| Ok(crate::validate::attempt(&a, now)?))
            }
            Some(RecordKind::Evidence) => {
                shape::<EvidenceMeta>(body).and_then(|e| Ok(crate::validate::evidence(&e)?))
            }
            Some(RecordKind::Import) => shape::<ImportBody>(body).map(drop),
            _ => Err(Error::BadImport(format!("unknown kind {:?}", l.kind))),
        };
        if let Err(e) = valid {
            return bad(format!(
                "record {} ({} {}, revision {}) is not valid: {e}",
                l.index, l.kind, l.id, l.revision
            ));
        }
        if crate::store::parse_instant(&l.recorded_at).is_err() {
            return bad(format!("record {} has a bad time", l.index));
        }
    }
    let Some(case) = case_body else {
        return bad("the export holds no case record".into());
    };
    let wanted = [
        (case.claimant_id.to_string(), RecordKind::Claimant),
        (case.company_id.to_string(), RecordKind::Company),
    ];
    for d in &x.directory {
        if !wanted
            .iter()
            .any(|(id, kind)| *id == d.id && kind.as_str() == d.kind)
        {
            return bad(format!(
                "the directory entry {} ({}) is not the case's claimant or company",
                d.id, d.kind
            ));
        }
        if !own_hash_holds(x, d) {
            return bad(format!(
                "{} {} revision {} no longer matches its hash",
                d.kind, d.id, d.revision
            ));
        }
    }
    for (want, kind) in &wanted {
        let revs: Vec<&Link> = x.directory.iter().filter(|d| d.id == *want).collect();
        if revs.is_empty() {
            return bad(format!(
                "the {} {want} the case refers to is missing",
                kind.as_str()
            ));
        }
        for (i, r) in revs.iter().enumerate() {
            let body: Value = serde_json::from_str(&r.body)?;
            let valid = match kind {
                RecordKind::Claimant => {
                    shape::<ClaimantDraft>(body).and_then(|c| Ok(crate::validate::claimant(&c)?))
                }
                _ => shape::<CompanyDraft>(body).and_then(|c| Ok(crate::validate::company(&c)?)),
            };
            let numbered =
                r.revision == i as u32 + 1 && crate::store::parse_instant(&r.recorded_at).is_ok();
            let valid = valid.and_then(|()| match numbered {
                true => Ok(()),
                false => Err(Error::BadImport(
                    "its revision number or time is wrong".into(),
                )),
            });
            if let Err(e) = valid {
                return bad(format!(
                    "{} {want} revision {} is not valid: {e}",
                    kind.as_str(),
                    r.revision
                ));
            }
        }
    }
    Ok(())
}
