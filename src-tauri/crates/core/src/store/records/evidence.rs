//! Evidence records and their files: adding one (asking first when the case already has
//! the same bytes), withdrawing one attached by mistake, reading them back.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::*;
use crate::error::{Error, Result};
use crate::evidence::{file_name_text, media_type_for};
use crate::model::*;
use crate::store::{case_chain, Store};
use crate::validate::{self, ValidationErrors};

impl Store {
    // ---- evidence ----

    /// Copies the file at `src` into the store and records it against the case (and
    /// optionally one of its attempts).
    pub fn add_evidence(
        &mut self,
        case_id: Id,
        src: &Path,
        attempt_id: Option<Id>,
        note: &str,
    ) -> Result<Evidence> {
        let name = file_name_of(src);
        let mut file = std::fs::File::open(src)?;
        self.add_evidence_reader(case_id, &name, &mut file, attempt_id, note)
    }

    /// Streams `r` into the store as evidence named `original_name` (a file already
    /// attached to the case is attached again: see [`Self::add_evidence_once`] to ask first).
    pub fn add_evidence_reader(
        &mut self,
        case_id: Id,
        original_name: &str,
        r: &mut dyn Read,
        attempt_id: Option<Id>,
        note: &str,
    ) -> Result<Evidence> {
        match self.add_evidence_inner(case_id, original_name, r, attempt_id, note, true)? {
            Added::New(e) => Ok(e),
            Added::AlreadyAttached { .. } => Err(Error::Integrity(
                "a duplicate was refused although duplicates were allowed".into(),
            )),
        }
    }

    /// Like [`Self::add_evidence_reader`], but a file whose bytes are already attached to
    /// the case (and not withdrawn) is not recorded again: the answer names the record it
    /// duplicates, so the caller can ask the user and then use `add_evidence_reader`.
    /// Nothing is written to the chain then (the file's bytes are already in the store).
    pub fn add_evidence_once(
        &mut self,
        case_id: Id,
        original_name: &str,
        r: &mut dyn Read,
        attempt_id: Option<Id>,
        note: &str,
    ) -> Result<Added> {
        self.add_evidence_inner(case_id, original_name, r, attempt_id, note, false)
    }

    /// [`Self::add_evidence_once`] for a file on disk, named as the file is.
    pub fn add_evidence_file_once(
        &mut self,
        case_id: Id,
        src: &Path,
        attempt_id: Option<Id>,
        note: &str,
    ) -> Result<Added> {
        let name = file_name_of(src);
        let mut file = std::fs::File::open(src)?;
        self.add_evidence_once(case_id, &name, &mut file, attempt_id, note)
    }

    fn add_evidence_inner(
        &mut self,
        case_id: Id,
        original_name: &str,
        r: &mut dyn Read,
        attempt_id: Option<Id>,
        note: &str,
        allow_duplicate: bool,
    ) -> Result<Added> {
        // Before the file is copied in: a read-only store keeps no stray evidence file.
        self.ensure_writable()?;
        self.case(case_id)?;
        if let Some(a) = attempt_id {
            match self.attempt(a) {
                Ok(att) if att.case_id == case_id => {}
                Ok(_) | Err(Error::NotFound { .. }) => {
                    let mut e = ValidationErrors::default();
                    e.push(
                        "evidence.attempt_id",
                        "not_found",
                        "no such attempt in this case",
                    );
                    return Err(e.into());
                }
                Err(e) => return Err(e),
            }
        }
        let mut meta = EvidenceMeta {
            sha256: "0".repeat(64),
            original_name: original_name.to_string(),
            media_type: media_type_for(original_name),
            size: 0,
            attempt_id,
            note: note.to_string(),
            withdrawn: false,
        };
        validate::evidence(&meta)?;
        // Stored first, hashed while copying: the hash checked for a duplicate is the hash
        // of the bytes kept. A duplicate's bytes were already in the store under that name.
        let stored = self.blobs.put(r, self.evidence_limit)?;
        if !allow_duplicate {
            if let Some(existing) = self.attached_with_hash(case_id, &stored.sha256)? {
                return Ok(Added::AlreadyAttached {
                    sha256: stored.sha256,
                    size: stored.size,
                    existing: Box::new(existing),
                });
            }
        }
        meta.sha256 = stored.sha256;
        meta.size = stored.size;
        let id = new_id();
        let (rec, _) = self.append(
            &case_chain(case_id),
            NewRecord {
                kind: RecordKind::Evidence,
                id,
                revision: 1,
                case_id: Some(case_id),
                reason: "",
                body: body_of(&meta)?,
            },
        )?;
        Ok(Added::New(Evidence {
            case_id,
            meta: rec,
            data: meta,
        }))
    }

    /// The first evidence record of the case, not withdrawn, whose file has this SHA-256.
    pub fn attached_with_hash(&self, case_id: Id, sha256: &str) -> Result<Option<Evidence>> {
        Ok(self
            .evidence(case_id)?
            .into_iter()
            .find(|e| !e.data.withdrawn && e.data.sha256 == sha256))
    }

    /// Attaches again a file whose bytes are already in the store (the answer "yes" to
    /// [`Added::AlreadyAttached`]): read back, checked against its hash, recorded anew.
    pub fn attach_stored_again(
        &mut self,
        case_id: Id,
        sha256: &str,
        original_name: &str,
        attempt_id: Option<Id>,
        note: &str,
    ) -> Result<Evidence> {
        if !crate::integrity::is_sha256(sha256) {
            let mut e = ValidationErrors::default();
            e.push(
                "evidence.sha256",
                "invalid",
                "is not a lower-case hex SHA-256",
            );
            return Err(e.into());
        }
        let mut file = std::fs::File::open(self.evidence_path(sha256)?)?;
        let e = self.add_evidence_reader(case_id, original_name, &mut file, attempt_id, note)?;
        if e.data.sha256 != sha256 {
            return Err(Error::Integrity(format!(
                "evidence file {sha256} has changed on disk"
            )));
        }
        Ok(e)
    }

    /// Withdraws an evidence file attached by mistake: a new revision of its record, with
    /// `reason`, marked withdrawn. The record and its file stay in the chain and in its
    /// history; the dossier no longer lists or embeds it.
    pub fn withdraw_evidence(&mut self, evidence_id: Id, reason: &str) -> Result<Evidence> {
        let current: Evidence = self.evidence_record(evidence_id)?;
        if current.data.withdrawn {
            let mut e = ValidationErrors::default();
            e.push(
                "evidence.withdrawn",
                "already_withdrawn",
                "this evidence file was already withdrawn",
            );
            return Err(e.into());
        }
        let mut data = current.data;
        data.withdrawn = true;
        let (meta, case_id) = self.revise(RecordKind::Evidence, evidence_id, &data, reason)?;
        Ok(Evidence {
            case_id: case_id.unwrap_or(current.case_id),
            meta,
            data,
        })
    }

    /// The latest revision of one evidence record.
    pub fn evidence_record(&self, evidence_id: Id) -> Result<Evidence> {
        let row = self.latest_row(RecordKind::Evidence, evidence_id)?;
        Ok(Evidence {
            case_id: row.case_id()?,
            meta: row.meta()?,
            data: row.data()?,
        })
    }

    /// The latest revision of every evidence record of a case, in the order added.
    pub fn evidence(&self, case_id: Id) -> Result<Vec<Evidence>> {
        self.case(case_id)?;
        self.rows("chain = ?1 AND kind = 'evidence'", &[&case_chain(case_id)])?
            .iter()
            .map(|row| {
                Ok(Evidence {
                    case_id: row.case_id()?,
                    meta: row.meta()?,
                    data: row.data()?,
                })
            })
            .collect()
    }

    /// Where the file with this hash lives (it may be missing after a JSON import); an
    /// error for anything that is not an evidence name (64 hex digits).
    pub fn evidence_path(&self, sha256: &str) -> Result<PathBuf> {
        self.blobs.path(sha256)
    }

    /// The bytes of a stored evidence file, checked against its hash. Only a name of 64
    /// hex digits is looked up: never a path.
    pub fn read_evidence(&self, sha256: &str) -> Result<Vec<u8>> {
        if !crate::integrity::is_sha256(sha256) {
            return Err(Error::NotFound {
                kind: "evidence",
                id: sha256.escape_debug().to_string(),
            });
        }
        self.blobs.read(sha256)
    }
}

/// What adding a file with [`Store::add_evidence_once`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// Recorded as a new evidence record.
    New(Evidence),
    /// Not recorded: the case already has these bytes as `existing`.
    AlreadyAttached {
        sha256: String,
        size: u64,
        existing: Box<Evidence>,
    },
}

/// The name a file is attached under: its own ("archivo" when it has none in UTF-8).
/// The file's name as recorded: a name that is not UTF-8 keeps its bytes as `\xNN`
/// escapes (see [`file_name_text`]).
fn file_name_of(src: &Path) -> String {
    src.file_name()
        .map(file_name_text)
        .unwrap_or_else(|| "archivo".into())
}
