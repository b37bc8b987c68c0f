//! Evidence records and their files.

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
        // A name that is not UTF-8 keeps its bytes as `\xNN` escapes (see `file_name_text`).
        let name = src
            .file_name()
            .map(file_name_text)
            .unwrap_or_else(|| "archivo".into());
        let mut file = std::fs::File::open(src)?;
        self.add_evidence_reader(case_id, &name, &mut file, attempt_id, note)
    }

    /// Streams `r` into the store as evidence named `original_name`.
    pub fn add_evidence_reader(
        &mut self,
        case_id: Id,
        original_name: &str,
        r: &mut dyn Read,
        attempt_id: Option<Id>,
        note: &str,
    ) -> Result<Evidence> {
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
        };
        validate::evidence(&meta)?;
        let stored = self.blobs.put(r, self.evidence_limit)?;
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
        Ok(Evidence {
            case_id,
            meta: rec,
            data: meta,
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

    /// Where the file with this hash lives (it may be missing after a JSON import).
    pub fn evidence_path(&self, sha256: &str) -> PathBuf {
        self.blobs.path(sha256)
    }

    /// The bytes of a stored evidence file, checked against its hash.
    pub fn read_evidence(&self, sha256: &str) -> Result<Vec<u8>> {
        self.blobs.read(sha256)
    }
}
