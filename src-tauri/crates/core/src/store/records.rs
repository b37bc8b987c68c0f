//! Typed writes and reads of claimants, companies, cases, attempts and evidence on top of
//! the generic append path: validate, then append a revision; read the latest revision
//! (or the whole history) back into model types.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Local, Utc};
use rusqlite::OptionalExtension;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::{case_chain, meta_of, NewRecord, Store, DIRECTORY_CHAIN};
use crate::error::{Error, Result};
use crate::evidence::media_type_for;
use crate::model::*;
use crate::stats::{self, CaseStats, PromiseState};
use crate::validate::{self, ValidationErrors};

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
            format!("SELECT {ROW_HEAD}, {body_sql} FROM records WHERE {sql_where} ORDER BY seq");
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

    fn latest_row(&self, kind: RecordKind, id: Id) -> Result<Row> {
        self.rows("kind = ?1 AND id = ?2", &[&kind.as_str(), &id.to_string()])?
            .into_iter()
            .next()
            .ok_or(Error::NotFound {
                kind: kind.as_str(),
                id: id.to_string(),
            })
    }

    fn latest<T: DeserializeOwned>(&self, kind: RecordKind, id: Id) -> Result<Stored<T>> {
        self.latest_row(kind, id)?.stored()
    }

    fn all<T: DeserializeOwned>(&self, kind: RecordKind) -> Result<Vec<Stored<T>>> {
        self.rows("kind = ?1", &[&kind.as_str()])?
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

    // ---- claimants ----

    pub fn create_claimant(&mut self, d: ClaimantDraft) -> Result<Claimant> {
        validate::claimant(&d)?;
        let meta = self.create_in_directory(RecordKind::Claimant, &d)?;
        if self.default_claimant()?.is_none() {
            self.set_default_claimant(meta.id)?;
        }
        Ok(Stored { meta, data: d })
    }

    pub fn revise_claimant(&mut self, id: Id, d: ClaimantDraft, reason: &str) -> Result<Claimant> {
        validate::claimant(&d)?;
        let (meta, _) = self.revise(RecordKind::Claimant, id, &d, reason)?;
        Ok(Stored { meta, data: d })
    }

    pub fn claimants(&self) -> Result<Vec<Claimant>> {
        self.all(RecordKind::Claimant)
    }

    pub fn claimant(&self, id: Id) -> Result<Claimant> {
        self.latest(RecordKind::Claimant, id)
    }

    /// The profile new cases use unless told otherwise.
    pub fn default_claimant(&self) -> Result<Option<Id>> {
        let v: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'default_claimant'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        v.as_deref().map(parse_id).transpose()
    }

    pub fn set_default_claimant(&mut self, id: Id) -> Result<()> {
        self.claimant(id)?;
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES ('default_claimant', ?1)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [id.to_string()],
        )?;
        Ok(())
    }

    // ---- companies ----

    pub fn create_company(&mut self, d: CompanyDraft) -> Result<Company> {
        validate::company(&d)?;
        let meta = self.create_in_directory(RecordKind::Company, &d)?;
        Ok(Stored { meta, data: d })
    }

    pub fn revise_company(&mut self, id: Id, d: CompanyDraft, reason: &str) -> Result<Company> {
        validate::company(&d)?;
        let (meta, _) = self.revise(RecordKind::Company, id, &d, reason)?;
        Ok(Stored { meta, data: d })
    }

    pub fn companies(&self) -> Result<Vec<Company>> {
        self.all(RecordKind::Company)
    }

    pub fn company(&self, id: Id) -> Result<Company> {
        self.latest(RecordKind::Company, id)
    }

    // ---- cases ----

    fn check_case_refs(&self, d: &CaseDraft) -> Result<()> {
        let mut e = ValidationErrors::default();
        if let Err(Error::NotFound { .. }) = self.claimant(d.claimant_id) {
            e.push("case.claimant_id", "not_found", "no such claimant");
        }
        if let Err(Error::NotFound { .. }) = self.company(d.company_id) {
            e.push("case.company_id", "not_found", "no such company");
        }
        Ok(e.into_result()?)
    }

    pub fn create_case(&mut self, d: CaseDraft) -> Result<Case> {
        validate::case(&d, local_now().date_naive())?;
        self.check_case_refs(&d)?;
        let id = new_id();
        let (meta, _) = self.append(
            &case_chain(id),
            NewRecord {
                kind: RecordKind::Case,
                id,
                revision: 1,
                case_id: Some(id),
                reason: "",
                body: body_of(&d)?,
            },
        )?;
        Ok(Stored { meta, data: d })
    }

    pub fn revise_case(&mut self, id: Id, d: CaseDraft, reason: &str) -> Result<Case> {
        validate::case(&d, local_now().date_naive())?;
        self.check_case_refs(&d)?;
        let (meta, _) = self.revise(RecordKind::Case, id, &d, reason)?;
        Ok(Stored { meta, data: d })
    }

    pub fn case(&self, id: Id) -> Result<Case> {
        self.latest(RecordKind::Case, id)
    }

    pub fn cases(&self) -> Result<Vec<Case>> {
        self.all(RecordKind::Case)
    }

    /// The case list: every case with its company, claimant and attempt figures, most
    /// recent contact first (cases never contacted by their opening date).
    pub fn case_summaries(&self) -> Result<Vec<CaseSummary>> {
        let companies: HashMap<Id, Company> = self
            .companies()?
            .into_iter()
            .map(|c| (c.meta.id, c))
            .collect();
        let claimants: HashMap<Id, Claimant> = self
            .claimants()?
            .into_iter()
            .map(|c| (c.meta.id, c))
            .collect();
        let mut by_case: HashMap<Id, Vec<Attempt>> = HashMap::new();
        // The list's figures never read an attempt's texts: leave them in the database.
        for row in self.rows_of(ROW_COLUMNS_NO_TEXTS, "kind = 'attempt'", &[])? {
            let list = by_case.entry(row.case_id()?).or_default();
            list.push(attempt_of(&row, list.len() as u32 + 1)?);
        }
        let today = local_now().date_naive();
        let mut out = Vec::new();
        for case in self.cases()? {
            let mut attempts = by_case.remove(&case.meta.id).unwrap_or_default();
            sort_attempts(&mut attempts);
            let overdue = stats::promise_states(&attempts, today)
                .into_iter()
                .filter(|s| *s == Some(PromiseState::Broken))
                .count() as u32;
            let d = &case.data;
            out.push(CaseSummary {
                id: case.meta.id,
                title: d.title.clone(),
                status: d.status,
                company_id: d.company_id,
                company_name: companies
                    .get(&d.company_id)
                    .map(|c| c.data.trade_name.clone())
                    .unwrap_or_default(),
                claimant_id: d.claimant_id,
                claimant_name: claimants
                    .get(&d.claimant_id)
                    .map(|c| c.data.full_name.clone())
                    .unwrap_or_default(),
                agency: d.agency.clone(),
                opened_on: d.opened_on,
                attempts: attempts.len() as u32,
                last_contact: attempts.last().map(|a| a.data.happened_at),
                overdue_promises: overdue,
            });
        }
        out.sort_by_key(|s| {
            std::cmp::Reverse(
                s.last_contact
                    .map(|t| t.with_timezone(&Utc))
                    .unwrap_or_else(|| {
                        s.opened_on
                            .and_hms_opt(0, 0, 0)
                            .unwrap_or_default()
                            .and_utc()
                    }),
            )
        });
        Ok(out)
    }

    // ---- attempts ----

    pub fn log_attempt(&mut self, case_id: Id, d: AttemptDraft) -> Result<Attempt> {
        validate::attempt(&d, Utc::now())?;
        self.case(case_id)?;
        let id = new_id();
        let (meta, _) = self.append(
            &case_chain(case_id),
            NewRecord {
                kind: RecordKind::Attempt,
                id,
                revision: 1,
                case_id: Some(case_id),
                reason: "",
                body: body_of(&d)?,
            },
        )?;
        let number = self.attempt_number(case_id, id)?;
        Ok(Attempt {
            case_id,
            number,
            meta,
            data: d,
        })
    }

    /// The citation number of an attempt: how many attempts were first recorded in its
    /// case's chain up to and including it.
    fn attempt_number(&self, case_id: Id, id: Id) -> Result<u32> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM records a
             WHERE a.chain = ?1 AND a.kind = 'attempt' AND a.revision = 1
               AND a.chain_index <= (SELECT MIN(chain_index) FROM records
                                     WHERE chain = ?1 AND id = ?2)",
            rusqlite::params![case_chain(case_id), id.to_string()],
            |r| r.get(0),
        )?)
    }

    pub fn revise_attempt(
        &mut self,
        attempt_id: Id,
        d: AttemptDraft,
        reason: &str,
    ) -> Result<Attempt> {
        validate::attempt(&d, Utc::now())?;
        let (meta, case_id) = self.revise(RecordKind::Attempt, attempt_id, &d, reason)?;
        let case_id = case_id.ok_or_else(|| Error::Integrity("attempt without a case".into()))?;
        Ok(Attempt {
            case_id,
            number: self.attempt_number(case_id, attempt_id)?,
            meta,
            data: d,
        })
    }

    pub fn attempt(&self, id: Id) -> Result<Attempt> {
        let row = self.latest_row(RecordKind::Attempt, id)?;
        attempt_of(&row, self.attempt_number(row.case_id()?, id)?)
    }

    /// The latest revision of every attempt of a case, oldest `happened_at` first.
    pub fn attempts(&self, case_id: Id) -> Result<Vec<Attempt>> {
        self.case(case_id)?;
        let mut out = self
            .rows("chain = ?1 AND kind = 'attempt'", &[&case_chain(case_id)])?
            .iter()
            .enumerate()
            .map(|(i, row)| attempt_of(row, i as u32 + 1))
            .collect::<Result<Vec<_>>>()?;
        sort_attempts(&mut out);
        Ok(out)
    }

    /// When each attempt of a case happened (its latest revision), read from the stored
    /// bodies without parsing whole attempts: cheap even for 10,000 of them.
    pub fn attempt_times(&self, case_id: Id) -> Result<HashMap<Id, DateTime<FixedOffset>>> {
        self.case(case_id)?;
        Ok(self
            .attempt_keys("chain = ?1", &[&case_chain(case_id)])?
            .into_iter()
            .map(|k| (k.id, k.happened_at))
            .collect())
    }

    /// Id, case, time and channel of the latest revision of every attempt matching
    /// `sql_where`: [`Self::rows_of`] with the body cut down by SQLite to those two fields.
    fn attempt_keys(
        &self,
        sql_where: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<AttemptKey>> {
        #[derive(serde::Deserialize)]
        struct Fields {
            happened_at: DateTime<FixedOffset>,
            channel: Channel,
        }
        self.rows_of(
            ATTEMPT_KEY_COLUMNS,
            &format!("kind = 'attempt' AND {sql_where}"),
            args,
        )?
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let f: Fields = row.data()?;
            Ok(AttemptKey {
                id: parse_id(&row.id)?,
                case_id: row.case_id()?,
                happened_at: f.happened_at,
                channel: f.channel,
                number: i as u32 + 1,
            })
        })
        .collect()
    }

    /// `limit` attempts of a case from position `offset`, newest first or oldest first,
    /// with the case's total: the window's timeline reads a big case page by page. Only
    /// the page's attempts are read whole.
    pub fn attempt_page(
        &self,
        case_id: Id,
        newest_first: bool,
        offset: u32,
        limit: u32,
    ) -> Result<AttemptPage> {
        self.case(case_id)?;
        let mut keys = self.attempt_keys("chain = ?1", &[&case_chain(case_id)])?;
        keys.sort_by_key(AttemptKey::order);
        if newest_first {
            keys.reverse();
        }
        let total = keys.len() as u32;
        let start = (offset as usize).min(keys.len());
        let end = start.saturating_add(limit as usize).min(keys.len());
        let wanted: Vec<String> = keys[start..end].iter().map(|k| k.id.to_string()).collect();
        let numbers: HashMap<String, u32> = keys[start..end]
            .iter()
            .map(|k| (k.id.to_string(), k.number))
            .collect();
        let chain = case_chain(case_id);
        let mut attempts = Vec::with_capacity(wanted.len());
        // SQLite allows 32,766 parameters; pages are far smaller, but read in chunks anyway.
        for chunk in wanted.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(", ");
            let mut args: Vec<&dyn rusqlite::ToSql> = vec![&chain];
            args.extend(chunk.iter().map(|s| s as &dyn rusqlite::ToSql));
            let sql = format!("chain = ?1 AND kind = 'attempt' AND id IN ({marks})");
            for row in self.rows(&sql, &args)? {
                let number = numbers.get(&row.id).copied().unwrap_or(0);
                attempts.push(attempt_of(&row, number)?);
            }
        }
        sort_attempts(&mut attempts);
        if newest_first {
            attempts.reverse();
        }
        Ok(AttemptPage {
            total,
            offset: start as u32,
            attempts,
        })
    }

    /// The channel of the most recent attempt with `company_id` in any case: the attempt
    /// form's default ("the last channel used with this company").
    pub fn last_channel_with_company(&self, company_id: Id) -> Result<Option<Channel>> {
        let cases: HashSet<Id> = self
            .cases()?
            .into_iter()
            .filter(|c| c.data.company_id == company_id)
            .map(|c| c.meta.id)
            .collect();
        if cases.is_empty() {
            return Ok(None);
        }
        // SQL narrows to cases that ever named the company; the set above keeps only those
        // whose latest revision still does.
        Ok(self
            .attempt_keys(
                "chain IN (SELECT 'case:' || id FROM records WHERE kind = 'case' \
                 AND json_extract(body, '$.company_id') = ?1)",
                &[&company_id.to_string()],
            )?
            .into_iter()
            .filter(|k| cases.contains(&k.case_id))
            .max_by_key(AttemptKey::order)
            .map(|k| k.channel))
    }

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
        let name = src
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("archivo")
            .to_string();
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

    // ---- history, bundle, stats ----

    /// Revisions matching `sql_where` (over `records r`), each with the time of the one it replaced.
    fn revisions(&self, sql_where: &str, arg: String) -> Result<Vec<Revision>> {
        let sql = format!(
            "SELECT r.id, r.kind, r.revision, r.reason, r.recorded_at, r.body, r.hash, p.recorded_at,
                    r.chain, r.chain_index
             FROM records r
             LEFT JOIN records p ON p.id = r.id AND p.revision = r.revision - 1 AND p.chain = r.chain
             WHERE {sql_where}"
        );
        let imports = self.import_marks()?;
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([arg], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<String>>(7)?,
                (r.get::<_, String>(8)?, r.get::<_, u32>(9)?),
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, kind, revision, reason, recorded_at, body, link_hash, previous, (chain, at)) =
                row?;
            let mut meta = meta_of(parse_id(&id)?, revision, reason, &recorded_at)?;
            meta.imported_at = imports
                .iter()
                .find(|(c, i, _)| *c == chain && *i > at)
                .map(|(_, _, t)| super::parse_instant(t))
                .transpose()?;
            out.push(Revision {
                kind: RecordKind::parse(&kind)
                    .ok_or_else(|| Error::Integrity(format!("unknown record kind {kind:?}")))?,
                meta,
                body: serde_json::from_str(&body)?,
                link_hash,
                previous_recorded_at: previous.as_deref().map(super::parse_instant).transpose()?,
            });
        }
        Ok(out)
    }

    /// Every revision of one record, oldest first.
    pub fn history(&self, id: Id) -> Result<Vec<Revision>> {
        let out = self.revisions("r.id = ?1 ORDER BY r.revision", id.to_string())?;
        if out.is_empty() {
            return Err(Error::NotFound {
                kind: "record",
                id: id.to_string(),
            });
        }
        Ok(out)
    }

    /// Every correction (revision > 1) of a case's records, oldest first.
    pub fn corrections(&self, case_id: Id) -> Result<Vec<Revision>> {
        self.revisions(
            "r.chain = ?1 AND r.revision > 1 ORDER BY r.chain_index",
            case_chain(case_id),
        )
    }

    /// Everything the dossier needs about one case.
    pub fn bundle(&self, case_id: Id) -> Result<CaseBundle> {
        let case = self.case(case_id)?;
        let (claimant, claimant_link) =
            self.directory_entry(RecordKind::Claimant, case.data.claimant_id)?;
        let (company, company_link) =
            self.directory_entry(RecordKind::Company, case.data.company_id)?;
        self.bundle_with(case, (claimant, claimant_link), (company, company_link))
    }

    /// The latest revision of a claimant or company and the hash of the link holding it.
    fn directory_entry<T: DeserializeOwned>(
        &self,
        kind: RecordKind,
        id: Id,
    ) -> Result<(Stored<T>, String)> {
        let record = self.latest(kind, id)?;
        let link: String = self.conn.query_row(
            "SELECT hash FROM records WHERE chain = ?1 AND id = ?2 AND revision = ?3",
            rusqlite::params![super::DIRECTORY_CHAIN, id.to_string(), record.meta.revision],
            |r| r.get(0),
        )?;
        Ok((record, link))
    }

    /// [`Self::bundle`] with the claimant and company (and their link hashes) given: an
    /// export carries its own.
    pub(crate) fn bundle_with(
        &self,
        case: Case,
        claimant: (Claimant, String),
        company: (Company, String),
    ) -> Result<CaseBundle> {
        let case_id = case.meta.id;
        let chain = case_chain(case_id);
        let (chain_head, chain_len) = self.chain_head(&chain)?;
        let imports = self
            .rows("chain = ?1 AND kind = 'import'", &[&chain])?
            .iter()
            .map(|row| -> Result<ImportMark> {
                let body: ImportBody = row.data()?;
                let index: u32 = self.conn.query_row(
                    "SELECT chain_index FROM records WHERE chain = ?1 AND id = ?2",
                    [&chain, &row.id],
                    |r| r.get(0),
                )?;
                Ok(ImportMark {
                    index,
                    imported_at: super::parse_instant(&row.recorded_at)?,
                    file_sha256: body.file_sha256,
                    records: body.records,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(CaseBundle {
            attempts: self.attempts(case_id)?,
            evidence: self.evidence(case_id)?,
            corrections: self.corrections(case_id)?,
            fingerprint: crate::chain::dossier_fingerprint(&chain_head, &claimant.1, &company.1),
            case,
            claimant: claimant.0,
            claimant_link: claimant.1,
            company: company.0,
            company_link: company.1,
            chain_head,
            chain_len,
            imports,
        })
    }

    /// The case's summary in numbers as of `now`.
    pub fn stats(&self, case_id: Id, now: DateTime<FixedOffset>) -> Result<CaseStats> {
        let case = self.case(case_id)?;
        // The numbers never read the texts: leave them in the database.
        let attempts = self
            .rows_of(
                ROW_COLUMNS_NO_TEXTS,
                "chain = ?1 AND kind = 'attempt'",
                &[&case_chain(case_id)],
            )?
            .iter()
            .enumerate()
            .map(|(i, row)| attempt_of(row, i as u32 + 1))
            .collect::<Result<Vec<_>>>()?;
        Ok(stats::for_case(&case.data, &attempts, now))
    }

    /// Loads the realistic Spanish sample case; returns its id.
    pub fn load_demo(&mut self) -> Result<Id> {
        crate::demo::demo_case(self)
    }
}

/// An attempt from its row; `number` is its citation number (see [`Attempt::number`]).
fn attempt_of(row: &Row, number: u32) -> Result<Attempt> {
    Ok(Attempt {
        case_id: row.case_id()?,
        number,
        meta: row.meta()?,
        data: row.data()?,
    })
}

/// What ordering and defaults need of an attempt, without its texts.
struct AttemptKey {
    id: Id,
    case_id: Id,
    happened_at: DateTime<FixedOffset>,
    channel: Channel,
    /// Citation number: order of first recording in the case chain.
    number: u32,
}

impl AttemptKey {
    /// The timeline's order, the same as [`sort_attempts`].
    fn order(&self) -> (DateTime<Utc>, Id) {
        (self.happened_at.with_timezone(&Utc), self.id)
    }
}

fn sort_attempts(a: &mut [Attempt]) {
    a.sort_by_key(|x| (x.data.happened_at.with_timezone(&Utc), x.meta.id));
}
