//! The append-only store: one SQLite file (WAL, `synchronous=FULL`) plus the evidence
//! folder, in one data directory. Every write validates first, then appends one revision
//! and its chain link in a single transaction; nothing is ever updated or deleted.
//!
//! Submodules: [`migrate`] (numbered schema migrations), `records` (typed create / revise /
//! read), [`search`], [`backup`].

pub mod backup;
pub mod migrate;
mod records;
pub use records::local_now;
pub mod search;

use std::path::{Path, PathBuf};

use chrono::{SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde_json::Value;

use crate::chain::{self, Link, VerifyReport, GENESIS};
use crate::error::{Error, Result};
use crate::evidence::{Blobs, DEFAULT_LIMIT};
use crate::model::{Id, RecordKind, RecordMeta};

pub use search::SearchHit;

/// Name of the database file inside the data directory.
pub const DB_FILE: &str = "expediente.sqlite3";
/// Environment variable that overrides the default data directory.
pub const DATA_DIR_ENV: &str = "EXPEDIENTE_DATA_DIR";
/// The directory chain (claimants and companies are shared by cases).
pub const DIRECTORY_CHAIN: &str = "directory";

/// The data directory to use: an explicit flag, else `$EXPEDIENTE_DATA_DIR`, else the
/// operating system's per-user data folder for Expediente.
pub fn resolve_data_dir(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = flag {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os(DATA_DIR_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    directories::ProjectDirs::from("org", "Expediente", "Expediente")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| {
            Error::Io(std::io::Error::other(
                "no home folder found; pass --data-dir or set EXPEDIENTE_DATA_DIR",
            ))
        })
}

/// The chain a case's records belong to.
pub fn case_chain(case_id: Id) -> String {
    format!("case:{case_id}")
}

/// An open data directory.
pub struct Store {
    conn: Connection,
    dir: PathBuf,
    blobs: Blobs,
    evidence_limit: u64,
}

/// A revision about to be appended.
pub(crate) struct NewRecord<'a> {
    pub kind: RecordKind,
    pub id: Id,
    pub revision: u32,
    pub case_id: Option<Id>,
    pub reason: &'a str,
    pub body: Value,
}

impl Store {
    /// Opens (creating if needed) the store in `data_dir` and brings its schema up to date.
    pub fn open(data_dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(data_dir)?;
        let mut conn = Connection::open(data_dir.join(DB_FILE))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate::migrate(&mut conn)?;
        let blobs = Blobs::new(data_dir.join("evidence"));
        Ok(Store {
            conn,
            dir: data_dir.to_path_buf(),
            blobs,
            evidence_limit: DEFAULT_LIMIT,
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.dir
    }

    /// Largest evidence file accepted, in bytes.
    pub fn set_evidence_limit(&mut self, bytes: u64) {
        self.evidence_limit = bytes;
    }

    /// Direct access for tests and tools (tamper tests, backups).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Appends one revision as the next link of `chain`, inside `tx`.
    pub(crate) fn append_in(tx: &Transaction, chain: &str, rec: NewRecord) -> Result<Link> {
        let recorded_at = Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true);
        Self::append_at(tx, chain, rec, recorded_at)
    }

    /// Like [`Self::append_in`] with a given `recorded_at` (imports keep the original).
    pub(crate) fn append_at(
        tx: &Transaction,
        chain: &str,
        rec: NewRecord,
        recorded_at: String,
    ) -> Result<Link> {
        let (index, prev): (u32, String) = tx
            .query_row(
                "SELECT length, head FROM chains WHERE chain = ?1",
                [chain],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .unwrap_or((0, GENESIS.to_string()));
        let mut link = Link {
            chain: chain.to_string(),
            index,
            kind: rec.kind.as_str().to_string(),
            id: rec.id.to_string(),
            revision: rec.revision,
            reason: rec.reason.to_string(),
            recorded_at,
            body: chain::canonical_json(&rec.body),
            prev,
            hash: String::new(),
        };
        link.hash = link.compute_hash();
        Self::insert_link(tx, &link, rec.case_id)?;
        Ok(link)
    }

    /// Inserts a fully formed link and moves its chain's head.
    pub(crate) fn insert_link(tx: &Transaction, link: &Link, case_id: Option<Id>) -> Result<()> {
        tx.prepare_cached(
            "INSERT INTO records (chain, chain_index, kind, id, revision, case_id, reason, recorded_at, body, prev, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            link.chain,
            link.index,
            link.kind,
            link.id,
            link.revision,
            case_id.map(|c| c.to_string()),
            link.reason,
            link.recorded_at,
            link.body,
            link.prev,
            link.hash
        ])?;
        tx.prepare_cached(
            "INSERT INTO chains (chain, length, head) VALUES (?1, ?2, ?3)
             ON CONFLICT(chain) DO UPDATE SET length = excluded.length, head = excluded.head",
        )?
        .execute(params![link.chain, link.index + 1, link.hash])?;
        search::index(tx, link, case_id)?;
        Ok(())
    }

    /// Appends one record in its own durable transaction.
    pub(crate) fn append(&mut self, chain: &str, rec: NewRecord) -> Result<(RecordMeta, Link)> {
        let tx = self.conn.transaction()?;
        let id = rec.id;
        let revision = rec.revision;
        let reason = rec.reason.to_string();
        let link = Self::append_in(&tx, chain, rec)?;
        tx.commit()?;
        Ok((meta_of(id, revision, reason, &link.recorded_at)?, link))
    }

    /// Every link of `chain`, in order.
    pub fn links(&self, chain: &str) -> Result<Vec<Link>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT chain, chain_index, kind, id, revision, reason, recorded_at, body, prev, hash
             FROM records WHERE chain = ?1 ORDER BY chain_index, seq",
        )?;
        let rows = stmt.query_map([chain], |r| {
            Ok(Link {
                chain: r.get(0)?,
                index: r.get(1)?,
                kind: r.get(2)?,
                id: r.get(3)?,
                revision: r.get(4)?,
                reason: r.get(5)?,
                recorded_at: r.get(6)?,
                body: r.get(7)?,
                prev: r.get(8)?,
                hash: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The recorded head and length of `chain` (GENESIS and 0 for a chain not started).
    pub fn chain_head(&self, chain: &str) -> Result<(String, u32)> {
        Ok(self
            .conn
            .query_row(
                "SELECT head, length FROM chains WHERE chain = ?1",
                [chain],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .unwrap_or((GENESIS.to_string(), 0)))
    }

    fn verify_chain(&self, chain: &str) -> Result<VerifyReport> {
        let links = self.links(chain)?;
        let (head, len) = self.chain_head(chain)?;
        Ok(chain::verify_links(chain, &links, Some((&head, len))))
    }

    /// Recomputes a case's chain and reports the first link that does not add up.
    pub fn verify_case(&self, case_id: Id) -> Result<VerifyReport> {
        self.case(case_id)?;
        self.verify_chain(&case_chain(case_id))
    }

    /// The case whose chain has a link with this hash (a dossier's fingerprint), if any.
    pub fn case_of_fingerprint(&self, fingerprint: &str) -> Result<Option<Id>> {
        let case: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT case_id FROM records WHERE hash = ?1 AND chain LIKE 'case:%' LIMIT 1",
                [fingerprint],
                |r| r.get(0),
            )
            .optional()?;
        case.flatten().map(|c| records::parse_id(&c)).transpose()
    }

    /// Recomputes every chain in the store (the directory first, then cases).
    pub fn verify_all(&self) -> Result<Vec<VerifyReport>> {
        let mut names: Vec<String> = self
            .conn
            .prepare("SELECT DISTINCT chain FROM records UNION SELECT chain FROM chains")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        names.sort_by_key(|n| (n != DIRECTORY_CHAIN, n.clone()));
        names.iter().map(|n| self.verify_chain(n)).collect()
    }
}

pub(crate) fn meta_of(
    id: Id,
    revision: u32,
    reason: String,
    recorded_at: &str,
) -> Result<RecordMeta> {
    Ok(RecordMeta {
        id,
        revision,
        reason,
        recorded_at: parse_instant(recorded_at)?,
    })
}

pub(crate) fn parse_instant(s: &str) -> Result<chrono::DateTime<Utc>> {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| Error::Integrity(format!("stored time {s:?} is not RFC 3339: {e}")))
}
