//! The append-only store: one SQLite file (WAL, `synchronous=FULL`) plus the evidence
//! folder, in one data directory. Every write validates first, then appends one revision
//! and its chain link in a single transaction; nothing is ever updated or deleted.
//!
//! Submodules: [`access`] (read-write or read-only opening), [`migrate`] (numbered schema
//! migrations), `records` (typed create / revise / read), [`search`], [`backup`].

pub mod access;
pub mod backup;
pub mod migrate;
mod records;
pub use records::{local_now, Added, CaptureWrite, CaptureWritten, CapturedAttempt, CapturedFile};
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
    pub(crate) blobs: Blobs,
    evidence_limit: u64,
    /// This store's identity, hashed into every link it writes (chain v2).
    store_id: String,
    /// Read-write, or read-only (every write refused with `read_only`).
    access: access::Access,
    /// The private copy a read-only store is read from, when the folder's own files could
    /// not be read in place (removed when the store closes).
    read_only_copy: Option<tempfile::TempDir>,
}

/// The SQLite settings a store runs with, as read back from its connection (what the
/// durability promise rests on: WAL, a full sync at every commit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pragmas {
    /// `wal` for a store on disk.
    pub journal_mode: String,
    /// 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA; the store runs with 2.
    pub synchronous: i64,
    pub foreign_keys: bool,
    /// How long a writer waits for another process's write lock, in milliseconds.
    pub busy_timeout_ms: i64,
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

/// How long a writer waits for another process's lock before giving up.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

impl Store {
    /// Opens (creating if needed) the store in `data_dir` and brings its schema up to date.
    pub fn open(data_dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(data_dir)?;
        let mut conn = Connection::open(data_dir.join(DB_FILE))?;
        // A writer waits this long for another process's write lock before giving up. Set
        // first: switching a new database to WAL takes that lock too, and two processes
        // opening a new folder at once would otherwise fail at once with "database is locked".
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Some steps of setting up a new database (the switch to WAL while another process
        // creates the same file) answer "database is locked" at once, without waiting:
        // they are all idempotent, so they are tried again until the same timeout.
        let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
        let store_id = loop {
            let setup = (|| -> Result<String> {
                conn.pragma_update(None, "journal_mode", "WAL")?;
                conn.pragma_update(None, "synchronous", "FULL")?;
                conn.pragma_update(None, "foreign_keys", "ON")?;
                // Statement journals (every insert has triggers that may abort it) and
                // temporary indexes stay in memory instead of temporary files.
                conn.pragma_update(None, "temp_store", "MEMORY")?;
                migrate::migrate(&mut conn)?;
                Self::ensure_store_id(&conn)
            })();
            match setup {
                Err(Error::Db(rusqlite::Error::SqliteFailure(e, _)))
                    if e.code == rusqlite::ErrorCode::DatabaseBusy
                        && std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                other => break other?,
            }
        };
        Ok(Self::assemble(conn, data_dir, store_id))
    }

    /// A store in memory, for reading an export without touching any folder (its evidence
    /// folder does not exist, so no evidence file is ever found).
    pub(crate) fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        Self::finish_open(conn, Path::new("/nonexistent/expediente-in-memory"))
    }

    fn finish_open(mut conn: Connection, data_dir: &Path) -> Result<Store> {
        migrate::migrate(&mut conn)?;
        let store_id = Self::ensure_store_id(&conn)?;
        Ok(Self::assemble(conn, data_dir, store_id))
    }

    fn assemble(conn: Connection, data_dir: &Path, store_id: String) -> Store {
        Store {
            conn,
            dir: data_dir.to_path_buf(),
            blobs: Blobs::new(data_dir.join("evidence")),
            evidence_limit: DEFAULT_LIMIT,
            store_id,
            access: access::Access::ReadWrite,
            read_only_copy: None,
        }
    }

    /// This store's id, made once when the store is first opened.
    fn ensure_store_id(conn: &Connection) -> Result<String> {
        conn.execute(
            "INSERT OR IGNORE INTO settings (key, value) VALUES ('store_id', ?1)",
            [uuid::Uuid::now_v7().to_string()],
        )?;
        Ok(conn.query_row(
            "SELECT value FROM settings WHERE key = 'store_id'",
            [],
            |r| r.get(0),
        )?)
    }

    /// The id this store writes into every new link.
    pub fn store_id(&self) -> &str {
        &self.store_id
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

    /// The settings the connection actually runs with, read back from SQLite.
    pub fn pragmas(&self) -> Result<Pragmas> {
        let int = |name: &str| -> Result<i64> {
            Ok(self
                .conn
                .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))?)
        };
        Ok(Pragmas {
            journal_mode: self
                .conn
                .query_row("PRAGMA journal_mode", [], |r| r.get(0))?,
            synchronous: int("synchronous")?,
            foreign_keys: int("foreign_keys")? == 1,
            busy_timeout_ms: int("busy_timeout")?,
        })
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Appends one revision as the next link of `chain`, inside `tx`, recorded now by the
    /// library's clock (never a time the caller chose).
    pub(crate) fn append_in(
        tx: &Transaction,
        store_id: &str,
        chain: &str,
        rec: NewRecord,
    ) -> Result<Link> {
        let (index, prev): (u32, String) = tx
            .query_row(
                "SELECT length, head FROM chains WHERE chain = ?1",
                [chain],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .unwrap_or((0, GENESIS.to_string()));
        let store_seq: u64 = tx
            .prepare_cached(
                "SELECT COALESCE(MAX(store_seq), 0) + 1 FROM records WHERE store_id = ?1",
            )?
            .query_row([store_id], |r| r.get(0))?;
        let mut link = Link {
            encoding: chain::ENCODING.to_string(),
            chain: chain.to_string(),
            index,
            kind: rec.kind.as_str().to_string(),
            id: rec.id.to_string(),
            revision: rec.revision,
            case_id: rec.case_id.map(|c| c.to_string()),
            store_id: Some(store_id.to_string()),
            store_seq: Some(store_seq),
            reason: rec.reason.to_string(),
            recorded_at: Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true),
            body: chain::canonical_json(&rec.body),
            prev,
            hash: String::new(),
        };
        link.hash = link
            .compute_hash()
            .ok_or_else(|| Error::Integrity("no hash for the current encoding".into()))?;
        Self::insert_link(tx, &link)?;
        Ok(link)
    }

    /// Inserts a fully formed link and moves its chain's head. The case column is the
    /// chain's case, whatever the link says (the schema's triggers refuse a link that is not
    /// the next of its chain or not in its case's chain).
    pub(crate) fn insert_link(tx: &Transaction, link: &Link) -> Result<()> {
        let case_id = Self::insert_link_unindexed(tx, link)?;
        search::index(tx, link, case_id)?;
        Ok(())
    }

    /// [`Store::insert_link`] without the search index, for many links at once (an
    /// import), whose index is then built in one go (`search::index_chain`). Returns the
    /// chain's case.
    pub(crate) fn insert_link_unindexed(tx: &Transaction, link: &Link) -> Result<Option<Id>> {
        let case_id = link
            .chain
            .strip_prefix("case:")
            .map(records::parse_id)
            .transpose()?;
        tx.prepare_cached(
            "INSERT INTO records (chain, chain_index, kind, id, revision, case_id, reason, recorded_at,
                                  body, prev, hash, encoding, store_id, store_seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
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
            link.hash,
            link.encoding,
            link.store_id,
            link.store_seq,
        ])?;
        let moved = tx
            .prepare_cached("UPDATE chains SET length = ?2, head = ?3 WHERE chain = ?1")?
            .execute(params![link.chain, link.index + 1, link.hash])?;
        if moved == 0 {
            tx.prepare_cached("INSERT INTO chains (chain, length, head) VALUES (?1, ?2, ?3)")?
                .execute(params![link.chain, link.index + 1, link.hash])?;
        }
        Ok(case_id)
    }

    /// The connection and the evidence files, borrowed apart (a transaction on the one
    /// while files are written into the other).
    pub(crate) fn conn_and_blobs(&mut self) -> (&mut Connection, &crate::evidence::Blobs) {
        (&mut self.conn, &self.blobs)
    }

    /// Appends one record in its own durable transaction.
    /// The write lock is taken when the transaction starts (`IMMEDIATE`), so a second
    /// process writing at the same time waits for it (up to the busy timeout) instead of
    /// failing with "database is locked" when a read would turn into a write.
    pub(crate) fn append(&mut self, chain: &str, rec: NewRecord) -> Result<(RecordMeta, Link)> {
        self.ensure_writable()?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let id = rec.id;
        let revision = rec.revision;
        let reason = rec.reason.to_string();
        let link = Self::append_in(&tx, &self.store_id, chain, rec)?;
        tx.commit()?;
        Ok((meta_of(id, revision, reason, &link.recorded_at)?, link))
    }

    /// Appends several records, each as the next link of its chain, in one durable
    /// transaction: all of them are written or none is.
    pub(crate) fn append_all(&mut self, recs: Vec<(&str, NewRecord)>) -> Result<Vec<RecordMeta>> {
        self.ensure_writable()?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut metas = Vec::with_capacity(recs.len());
        for (chain, rec) in recs {
            let (id, revision, reason) = (rec.id, rec.revision, rec.reason.to_string());
            let link = Self::append_in(&tx, &self.store_id, chain, rec)?;
            metas.push(meta_of(id, revision, reason, &link.recorded_at)?);
        }
        tx.commit()?;
        Ok(metas)
    }

    /// Every link of `chain`, in order.
    pub fn links(&self, chain: &str) -> Result<Vec<Link>> {
        self.links_where("chain = ?1", &[&chain])
    }

    /// The links of one record's revisions in `chain`, oldest first.
    pub fn record_links(&self, chain: &str, id: Id) -> Result<Vec<Link>> {
        self.links_where("chain = ?1 AND id = ?2", &[&chain, &id.to_string()])
    }

    fn links_where(&self, sql_where: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<Link>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT chain, chain_index, kind, id, revision, reason, recorded_at, body, prev, hash,
                    encoding, store_id, store_seq, case_id
             FROM records WHERE {sql_where} ORDER BY chain_index, seq"
        ))?;
        let rows = stmt.query_map(args, link_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The recorded head and length of `chain` (GENESIS and 0 for a chain not started).
    pub fn chain_head(&self, chain: &str) -> Result<(String, u32)> {
        Ok(self
            .conn
            .query_row(
                "SELECT head, length FROM chains WHERE chain = ?1",
                [chain],
                // A length edited out of range reads as the largest: it then matches no chain.
                |r| {
                    Ok((
                        r.get(0)?,
                        u32::try_from(r.get::<_, i64>(1)?).unwrap_or(u32::MAX),
                    ))
                },
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

/// A link from a row of `chain, chain_index, kind, id, revision, reason, recorded_at, body,
/// prev, hash, encoding, store_id, store_seq, case_id` (in that order).
///
/// A number edited out of range behind the program's back (a chain index of -1) reads as
/// the largest value instead of failing the read: the link's hash no longer matches, so
/// the integrity check names it rather than stopping with a database error.
pub(crate) fn link_from_row(r: &rusqlite::Row) -> rusqlite::Result<Link> {
    let encoding: String = r.get(10)?;
    let number = |i: usize| -> rusqlite::Result<u32> {
        Ok(u32::try_from(r.get::<_, i64>(i)?).unwrap_or(u32::MAX))
    };
    Ok(Link {
        chain: r.get(0)?,
        index: number(1)?,
        kind: r.get(2)?,
        id: r.get(3)?,
        revision: number(4)?,
        // v1 links did not hash their case: the column is checked against the chain by
        // `integrity`, and reads never use it.
        case_id: if encoding == chain::ENCODING_V1 {
            None
        } else {
            r.get(13)?
        },
        store_id: r.get(11)?,
        store_seq: r
            .get::<_, Option<i64>>(12)?
            .map(|n| u64::try_from(n).unwrap_or(u64::MAX)),
        encoding,
        reason: r.get(5)?,
        recorded_at: r.get(6)?,
        body: r.get(7)?,
        prev: r.get(8)?,
        hash: r.get(9)?,
    })
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
        imported_at: None,
    })
}

pub(crate) fn parse_instant(s: &str) -> Result<chrono::DateTime<Utc>> {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| Error::Integrity(format!("stored time {s:?} is not RFC 3339: {e}")))
}
