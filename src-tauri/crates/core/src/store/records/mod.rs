//! Typed writes and reads of claimants, companies, cases, attempts and evidence on top of
//! the generic append path: validate, then append a revision; read the latest revision
//! (or the whole history) back into model types.
//!
//! Submodules by concern: `directory` (claimants, companies), `cases`, `attempts`,
//! `evidence`, `capture` (what an importer read, written at once), `history` (revisions, corrections, the dossier bundle, stats).

mod attempts;
mod capture;
mod cases;
mod directory;
mod evidence;
mod history;

pub use capture::{CaptureWrite, CaptureWritten, CapturedAttempt, CapturedFile};
pub use evidence::Added;

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, Local};
use rusqlite::OptionalExtension;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::{case_chain, meta_of, NewRecord, Store, DIRECTORY_CHAIN};
use crate::error::{Error, Result};
use crate::model::*;
use crate::validate;

pub(crate) fn parse_id(s: &str) -> Result<Id> {
    Id::parse_str(s).map_err(|e| Error::Integrity(format!("stored id {s:?} is not a UUID: {e}")))
}

/// One stored row of the `records` table, before typing. Its case is its chain's case
/// (reads trust the hashed chain, never the free `case_id` column).
struct Row {
    id: String,
    revision: u32,
    case_id: Option<String>,
    reason: String,
    recorded_at: String,
    body: String,
    /// When the revision entered this store by an import, if it did.
    imported_at: Option<String>,
}

impl Row {
    fn meta(&self) -> Result<RecordMeta> {
        let mut meta = meta_of(
            parse_id(&self.id)?,
            self.revision,
            self.reason.clone(),
            &self.recorded_at,
        )?;
        meta.imported_at = self
            .imported_at
            .as_deref()
            .map(super::parse_instant)
            .transpose()?;
        Ok(meta)
    }
    fn data<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_str(&self.body)
            .map_err(|e| Error::Integrity(format!("stored record {} cannot be read: {e}", self.id)))
    }
    fn stored<T: DeserializeOwned>(&self) -> Result<Stored<T>> {
        Ok(Stored {
            meta: self.meta()?,
            data: self.data()?,
        })
    }
    fn case_id(&self) -> Result<Id> {
        parse_id(self.case_id.as_deref().unwrap_or(""))
    }
}

/// The first columns of every read: id, revision, the chain's case, reason, time, then the
/// chain and position (for import marks); the body comes last.
const ROW_HEAD: &str = "id, revision, CASE WHEN chain LIKE 'case:%' THEN substr(chain, 6) END, \
    reason, recorded_at, chain, chain_index";
const ROW_COLUMNS: &str = "body";
/// [`ROW_COLUMNS`] with an attempt's free texts blanked by SQLite: what the numbers need,
/// at a fraction of the memory for a big case.
const ROW_COLUMNS_NO_TEXTS: &str = "json_set(body, '$.asked', '', '$.response', '', \
    '$.agent', '', '$.reference', '', '$.channel_detail', '')";
/// [`ROW_COLUMNS`] with only what ordering a timeline and the form's default channel need.
const ATTEMPT_KEY_COLUMNS: &str =
    "json_object('happened_at', json_extract(body, '$.happened_at'), \
    'channel', json_extract(body, '$.channel'))";

fn body_of<T: Serialize>(d: &T) -> Result<Value> {
    Ok(serde_json::to_value(d)?)
}

/// The user's local "now", with their UTC offset.
pub fn local_now() -> DateTime<FixedOffset> {
    Local::now().fixed_offset()
}

impl Store {
    /// The latest revision of every record matching `sql_where`, in the order the records
    /// were first written. One index scan; older revisions are dropped here rather than by
    /// a correlated subquery (10,000 attempts load twice as fast).
    fn rows(&self, sql_where: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<Row>> {
        self.rows_of(ROW_COLUMNS, sql_where, args)
    }

    /// [`Self::rows`] with the body read as `body_sql` (it may be reshaped by SQLite).
    /// A record's revisions count only in the chain its first revision was written in.
    fn rows_of(
        &self,
        body_sql: &str,
        sql_where: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<Row>> {
        let sql =
            format!("SELECT {ROW_HEAD}, {body_sql} FROM records WHERE {sql_where} ORDER BY chain, chain_index");
        let imports = self.import_marks()?;
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(args, |r| {
            let chain: String = r.get(5)?;
            let index: u32 = r.get(6)?;
            Ok((
                chain,
                Row {
                    id: r.get(0)?,
                    revision: r.get(1)?,
                    case_id: r.get(2)?,
                    reason: r.get(3)?,
                    recorded_at: r.get(4)?,
                    body: r.get(7)?,
                    imported_at: None,
                },
                index,
            ))
        })?;
        let mut out: Vec<Row> = Vec::new();
        let mut position: HashMap<String, (usize, String)> = HashMap::new();
        for row in rows {
            let (chain, mut row, index) = row?;
            if !imports.is_empty() {
                row.imported_at = imports
                    .iter()
                    .find(|(c, i, _)| *c == chain && *i > index)
                    .map(|(_, _, at)| at.clone());
            }
            match position.get(&row.id) {
                Some((i, first_chain)) if *first_chain == chain => {
                    if out[*i].revision < row.revision {
                        out[*i] = row;
                    }
                }
                // A revision outside the record's own chain is not the record's: integrity
                // checks report it, reads ignore it.
                Some(_) => {}
                None => {
                    position.insert(row.id.clone(), (out.len(), chain));
                    out.push(row);
                }
            }
        }
        Ok(out)
    }

    /// Every import link in the store (chain, position, when), in chain order: few, and
    /// read once per query instead of a subquery per row.
    fn import_marks(&self) -> Result<Vec<(String, u32, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT chain, chain_index, recorded_at FROM records WHERE kind = 'import'
             ORDER BY chain, chain_index",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The latest revision of one record, read in the chain it belongs to: its case's
    /// chain for a case, the directory for claimants and companies, and for attempts and
    /// evidence the chain its first revision was written in.
    fn latest_row(&self, kind: RecordKind, id: Id) -> Result<Row> {
        let not_found = || Error::NotFound {
            kind: kind.as_str(),
            id: id.to_string(),
        };
        let chain = match kind {
            RecordKind::Case => case_chain(id),
            RecordKind::Claimant | RecordKind::Company => DIRECTORY_CHAIN.to_string(),
            _ => self
                .conn
                .query_row(
                    "SELECT chain FROM records WHERE id = ?1 AND kind = ?2 ORDER BY seq LIMIT 1",
                    [id.to_string(), kind.as_str().to_string()],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(not_found)?,
        };
        self.rows(
            "chain = ?1 AND kind = ?2 AND id = ?3",
            &[&chain, &kind.as_str(), &id.to_string()],
        )?
        .into_iter()
        .next()
        .ok_or_else(not_found)
    }

    fn latest<T: DeserializeOwned>(&self, kind: RecordKind, id: Id) -> Result<Stored<T>> {
        self.latest_row(kind, id)?.stored()
    }

    /// The latest revision of every record of `kind` (cases each from their own chain).
    fn all<T: DeserializeOwned>(&self, kind: RecordKind) -> Result<Vec<Stored<T>>> {
        let scope = match kind {
            RecordKind::Case => "kind = ?1 AND chain = 'case:' || id",
            RecordKind::Claimant | RecordKind::Company => "kind = ?1 AND chain = 'directory'",
            _ => "kind = ?1",
        };
        self.rows(scope, &[&kind.as_str()])?
            .iter()
            .map(Row::stored)
            .collect()
    }

    /// Appends a new revision of an existing record of `kind`.
    fn revise<T: Serialize>(
        &mut self,
        kind: RecordKind,
        id: Id,
        data: &T,
        reason: &str,
    ) -> Result<(RecordMeta, Option<Id>)> {
        validate::reason(reason)?;
        let row = self.latest_row(kind, id)?;
        let case_id = row.case_id.as_deref().map(parse_id).transpose()?;
        let chain = match case_id {
            Some(c) => case_chain(c),
            None => DIRECTORY_CHAIN.to_string(),
        };
        let (meta, _) = self.append(
            &chain,
            NewRecord {
                kind,
                id,
                revision: row.revision + 1,
                case_id,
                reason: reason.trim(),
                body: body_of(data)?,
            },
        )?;
        Ok((meta, case_id))
    }

    fn create_in_directory<T: Serialize>(&mut self, kind: RecordKind, d: &T) -> Result<RecordMeta> {
        let (meta, _) = self.append(
            DIRECTORY_CHAIN,
            NewRecord {
                kind,
                id: new_id(),
                revision: 1,
                case_id: None,
                reason: "",
                body: body_of(d)?,
            },
        )?;
        Ok(meta)
    }
}
