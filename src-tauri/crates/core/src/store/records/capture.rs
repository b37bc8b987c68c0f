//! Writing what an importer read from the user's own files (e-mails, chats, invoices): the
//! attempts, their evidence files and the case's new facts, validated together and written
//! in one transaction, or nothing at all.

use super::*;
use crate::evidence::media_type_for;
use crate::validate::ValidationErrors;

/// A file to keep as evidence (the original e-mail, an attachment, a chat's media).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapturedFile {
    /// Its name as recorded (also gives its media type).
    pub name: String,
    pub bytes: Vec<u8>,
    /// What it is ("correo original", "comprobante de compra (CFDI ...)").
    pub note: String,
}

/// One attempt read from a file, with the files that belong to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapturedAttempt {
    pub draft: AttemptDraft,
    pub files: Vec<CapturedFile>,
}

/// Everything one import writes into a case.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CaptureWrite {
    pub attempts: Vec<CapturedAttempt>,
    /// Files for the case as a whole (an exported chat, an invoice).
    pub case_files: Vec<CapturedFile>,
    /// A new revision of the case (facts from an invoice), if any.
    pub case: Option<CaseDraft>,
    /// A new revision of the case's company (RFC and legal name from an invoice), if any.
    pub company: Option<CompanyDraft>,
    /// Why the case or company are revised ("datos de la factura CFDI ...").
    pub reason: String,
}

/// What an import wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct CaptureWritten {
    pub attempts: Vec<Attempt>,
    pub evidence: Vec<Evidence>,
    pub case_revised: bool,
    pub company_revised: bool,
}

impl Store {
    /// Writes `w` into case `case_id`: every wrong field of every draft is reported at once
    /// before anything is written; then the evidence files are stored and every record is
    /// appended in one transaction. If that fails, the files stored for it are removed.
    pub fn write_capture(&mut self, case_id: Id, w: CaptureWrite) -> Result<CaptureWritten> {
        self.ensure_writable()?;
        let case = self.case(case_id)?;
        let now = chrono::Utc::now();
        let mut errors = ValidationErrors::default();
        for a in &w.attempts {
            errors.absorb(validate::attempt(&a.draft, now));
        }
        let files = w
            .attempts
            .iter()
            .flat_map(|a| a.files.iter())
            .chain(w.case_files.iter());
        for f in files {
            errors.absorb(validate::evidence(&evidence_meta(f, None, "0".repeat(64))));
            if f.bytes.len() as u64 > self.evidence_limit {
                errors.push(
                    "evidence.size",
                    "too_large",
                    format!("{} is larger than the evidence limit", f.name),
                );
            }
        }
        let mut case_draft = w.case.clone();
        if let Some(d) = case_draft.as_mut() {
            d.archived = case.data.archived;
            d.company_id = case.data.company_id;
            d.claimant_id = case.data.claimant_id;
            errors.absorb(validate::case(d, local_now().date_naive()));
        }
        if let Some(c) = &w.company {
            errors.absorb(validate::company(c));
        }
        if w.case.is_some() || w.company.is_some() {
            errors.absorb(validate::reason(&w.reason));
        }
        errors.into_result()?;

        let mut written = Vec::new();
        let result = self.write_capture_records(case_id, &case, case_draft, &w, &mut written);
        if result.is_err() {
            for sha in written {
                if let Ok(p) = self.evidence_path(&sha) {
                    let _ = std::fs::remove_file(p);
                }
            }
        }
        result
    }

    fn write_capture_records(
        &mut self,
        case_id: Id,
        case: &Case,
        case_draft: Option<CaseDraft>,
        w: &CaptureWrite,
        written: &mut Vec<String>,
    ) -> Result<CaptureWritten> {
        let chain = case_chain(case_id);
        // Every file stored (and made durable) before the records that name them.
        let all: Vec<&[u8]> = w
            .attempts
            .iter()
            .flat_map(|a| a.files.iter())
            .chain(w.case_files.iter())
            .map(|f| f.bytes.as_slice())
            .collect();
        written.extend(self.blobs.put_all(&all)?);
        let store_file = |_: &Store, f: &CapturedFile| -> Result<String> {
            Ok(crate::evidence::sha256_hex(&f.bytes))
        };
        let mut recs: Vec<(&str, NewRecord)> = Vec::new();
        let mut evidence_out = Vec::new();
        for a in &w.attempts {
            let id = new_id();
            recs.push((
                chain.as_str(),
                new_record(RecordKind::Attempt, id, 1, case_id, "", body_of(&a.draft)?),
            ));
            for f in &a.files {
                let sha = store_file(self, f)?;
                let meta = evidence_meta(f, Some(id), sha);
                let eid = new_id();
                recs.push((
                    chain.as_str(),
                    new_record(RecordKind::Evidence, eid, 1, case_id, "", body_of(&meta)?),
                ));
                evidence_out.push((eid, meta));
            }
        }
        for f in &w.case_files {
            let sha = store_file(self, f)?;
            let meta = evidence_meta(f, None, sha);
            let eid = new_id();
            recs.push((
                chain.as_str(),
                new_record(RecordKind::Evidence, eid, 1, case_id, "", body_of(&meta)?),
            ));
            evidence_out.push((eid, meta));
        }
        let reason = w.reason.trim();
        if let Some(c) = &w.company {
            let company_id = case.data.company_id;
            let revision = self.latest_row(RecordKind::Company, company_id)?.revision + 1;
            recs.push((
                DIRECTORY_CHAIN,
                NewRecord {
                    kind: RecordKind::Company,
                    id: company_id,
                    revision,
                    case_id: None,
                    reason,
                    body: body_of(c)?,
                },
            ));
        }
        if let Some(d) = &case_draft {
            let revision = self.latest_row(RecordKind::Case, case_id)?.revision + 1;
            recs.push((
                chain.as_str(),
                new_record(
                    RecordKind::Case,
                    case_id,
                    revision,
                    case_id,
                    reason,
                    body_of(d)?,
                ),
            ));
        }
        // Citation numbers: the new attempts follow those already in the chain, in order
        // (one count, not one per attempt: an mbox may bring thousands).
        let before: u32 = self.conn.query_row(
            "SELECT COUNT(*) FROM records WHERE chain = ?1 AND kind = 'attempt' AND revision = 1",
            [&chain],
            |r| r.get(0),
        )?;
        // Each insert in a long transaction keeps a statement journal (the chain's triggers
        // may abort it): in memory, not thousands of writes to a temporary file.
        let temp: i64 = self.conn.query_row("PRAGMA temp_store", [], |r| r.get(0))?;
        self.conn.pragma_update(None, "temp_store", 2)?;
        let metas = self.append_all(recs);
        self.conn.pragma_update(None, "temp_store", temp)?;
        let metas = metas?;
        let mut metas = metas.into_iter();
        let mut attempts = Vec::new();
        let mut evidence = Vec::new();
        let mut ev = evidence_out.into_iter();
        for (i, a) in w.attempts.iter().enumerate() {
            let meta = metas.next().ok_or_else(too_few)?;
            attempts.push(Attempt {
                case_id,
                number: before + i as u32 + 1,
                meta,
                data: a.draft.clone(),
            });
            for _ in &a.files {
                let (_, data) = ev.next().ok_or_else(too_few)?;
                evidence.push(Evidence {
                    case_id,
                    meta: metas.next().ok_or_else(too_few)?,
                    data,
                });
            }
        }
        for (_, data) in ev {
            evidence.push(Evidence {
                case_id,
                meta: metas.next().ok_or_else(too_few)?,
                data,
            });
        }
        Ok(CaptureWritten {
            attempts,
            evidence,
            case_revised: case_draft.is_some(),
            company_revised: w.company.is_some(),
        })
    }

    /// The `imported_from.item` of every attempt already in the case (latest revisions):
    /// what an importer checks to skip a message imported before.
    pub fn imported_items(&self, case_id: Id) -> Result<std::collections::HashSet<String>> {
        Ok(self
            .attempts(case_id)?
            .into_iter()
            .filter_map(|a| a.data.imported_from.map(|s| s.item))
            .collect())
    }
}

fn too_few() -> Error {
    Error::Integrity("fewer records written than asked for".into())
}

fn new_record(
    kind: RecordKind,
    id: Id,
    revision: u32,
    case_id: Id,
    reason: &str,
    body: Value,
) -> NewRecord<'_> {
    NewRecord {
        kind,
        id,
        revision,
        case_id: Some(case_id),
        reason,
        body,
    }
}

fn evidence_meta(f: &CapturedFile, attempt_id: Option<Id>, sha256: String) -> EvidenceMeta {
    EvidenceMeta {
        sha256,
        original_name: f.name.clone(),
        media_type: media_type_for(&f.name),
        size: f.bytes.len() as u64,
        attempt_id,
        note: f.note.clone(),
        withdrawn: false,
    }
}
