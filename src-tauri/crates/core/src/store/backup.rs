//! Backup and restore in one file: an online SQLite backup of the database, with every
//! evidence file copied into a `backup_evidence` table of that same file (streamed through
//! SQLite's incremental blob I/O, never read whole into memory). A restore reads a backup
//! as untrusted data and rebuilds a fresh store from its rows.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io;
use std::path::Path;

use rusqlite::{Connection, OpenFlags, MAIN_DB};

use super::{Store, DB_FILE};
use crate::chain::Link;
use crate::error::{Error, Result};
use crate::evidence::Blobs;

impl Store {
    /// Writes the whole data directory (database and evidence files) to the single file `to`.
    pub fn backup(&self, to: &Path) -> Result<()> {
        if to.exists() {
            return Err(Error::Io(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} already exists; choose a new file name", to.display()),
            )));
        }
        let tmp = to.with_extension("partial");
        let _ = fs::remove_file(&tmp);
        let result = (|| -> Result<()> {
            self.conn.backup(MAIN_DB, &tmp, None)?;
            let mut out = Connection::open(&tmp)?;
            out.pragma_update(None, "journal_mode", "DELETE")?;
            let shas: Vec<String> = self
                .conn
                .prepare("SELECT DISTINCT json_extract(body, '$.sha256') FROM records WHERE kind = 'evidence'")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let tx = out.transaction()?;
            tx.execute_batch(
                "CREATE TABLE backup_evidence (sha256 TEXT PRIMARY KEY, bytes BLOB NOT NULL)",
            )?;
            for sha in shas {
                let Ok(mut file) = self.blobs.path(&sha).and_then(|p| Ok(File::open(p)?)) else {
                    // Missing after a JSON import: the record keeps its hash, there is no file to copy.
                    continue;
                };
                let size = file.metadata()?.len();
                tx.execute(
                    "INSERT INTO backup_evidence (sha256, bytes) VALUES (?1, zeroblob(?2))",
                    rusqlite::params![sha, size as i64],
                )?;
                let rowid = tx.last_insert_rowid();
                let mut blob = tx.blob_open(MAIN_DB, "backup_evidence", "bytes", rowid, false)?;
                io::copy(&mut file, &mut blob)?;
            }
            tx.commit()?;
            drop(out);
            File::open(&tmp)?.sync_all()?;
            fs::rename(&tmp, to)?;
            Ok(())
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
    }

    /// Restores a file written by [`Store::backup`] into `data_dir`, which must not hold a
    /// store yet. The backup is read as data, never adopted: a fresh store is made with this
    /// program's own migrations (so no schema, trigger or index of the backup comes along),
    /// every record is copied in through the store's own insert (its triggers refuse a link
    /// that is not the next of its chain), each chain must end where the backup's chain
    /// table says, the search index is rebuilt from the records, every evidence file is
    /// re-hashed against its 64-hex name, and the whole store is checked before it is
    /// accepted. On any failure the folder is left as it was.
    pub fn restore(backup: &Path, data_dir: &Path) -> Result<Store> {
        if data_dir.join(DB_FILE).exists() {
            return Err(Error::Io(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} already holds data; restore into an empty folder",
                    data_dir.display()
                ),
            )));
        }
        let src = open_backup(backup)?;
        let evidence_dir = data_dir.join("evidence");
        let had_evidence_dir = evidence_dir.exists();
        let work = restore_into(&src, data_dir);
        if work.is_err() {
            for name in [
                DB_FILE.to_string(),
                format!("{DB_FILE}-wal"),
                format!("{DB_FILE}-shm"),
            ] {
                let _ = fs::remove_file(data_dir.join(name));
            }
            if !had_evidence_dir {
                let _ = fs::remove_dir_all(&evidence_dir);
            }
        }
        work
    }
}

/// Opens a backup file as untrusted data: read-only, with its schema's own code (views,
/// triggers, functions it names) not trusted, and only if it has our two tables.
fn open_backup(backup: &Path) -> Result<Connection> {
    let not_backup = |why: String| {
        Error::BadImport(format!(
            "{} is not an Expediente backup: {why}",
            backup.display()
        ))
    };
    let src = Connection::open_with_flags(
        backup,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| not_backup(e.to_string()))?;
    src.pragma_update(None, "trusted_schema", "OFF")
        .map_err(|e| not_backup(e.to_string()))?;
    let tables: i64 = src
        .query_row(
            "SELECT count(*) FROM sqlite_master
             WHERE type = 'table' AND name IN ('records', 'backup_evidence')",
            [],
            |r| r.get(0),
        )
        .map_err(|e| not_backup(e.to_string()))?;
    if tables != 2 {
        return Err(not_backup("it has no records and evidence tables".into()));
    }
    let version = super::migrate::version(&src)?;
    if version > super::migrate::SCHEMA_VERSION {
        return Err(Error::TooNew {
            found: version,
            supported: super::migrate::SCHEMA_VERSION,
        });
    }
    Ok(src)
}

/// Every link of the backup, in the order it was written. Backups made before chain v2
/// have no `encoding`, `store_id` or `store_seq` columns.
fn backup_links(src: &Connection) -> Result<Vec<Link>> {
    let columns: Vec<String> = src
        .prepare("SELECT name FROM pragma_table_info('records')")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let has = |c: &str| columns.iter().any(|n| n == c);
    let v2 = if has("encoding") && has("store_id") && has("store_seq") {
        "encoding, store_id, store_seq"
    } else {
        "'expediente-chain-v1', NULL, NULL"
    };
    let sql = format!(
        "SELECT chain, chain_index, kind, id, revision, reason, recorded_at, body, prev, hash,
                {v2}, case_id
         FROM records ORDER BY seq"
    );
    let mut stmt = src.prepare(&sql)?;
    let rows = stmt.query_map([], super::link_from_row)?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .map_err(|e| Error::BadImport(format!("the backup's records cannot be read: {e}")))
}

fn restore_into(src: &Connection, data_dir: &Path) -> Result<Store> {
    let links = backup_links(src)?;
    let declared: Vec<(String, u32, String)> = src
        .prepare("SELECT chain, length, head FROM chains ORDER BY chain")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()
        .map_err(|e| Error::BadImport(format!("the backup's chain heads cannot be read: {e}")))?;
    let setting = |key: &str| -> Option<String> {
        src.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get::<_, String>(0)
        })
        .ok()
        .filter(|v| uuid::Uuid::parse_str(v).is_ok())
    };

    let mut store = Store::open(data_dir)?;
    let referenced = {
        let tx = store
            .conn_mut()
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // The restored store goes on as the store it was (its links keep their identity).
        for key in ["store_id", "default_claimant"] {
            if let Some(value) = setting(key) {
                tx.execute(
                    "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
                    rusqlite::params![key, value],
                )?;
            }
        }
        let mut referenced = BTreeSet::new();
        for link in &links {
            Store::insert_link(&tx, link).map_err(|e| {
                Error::Integrity(format!(
                    "the backup's record {} (revision {}) in {} does not fit its chain: {e}",
                    link.id, link.revision, link.chain
                ))
            })?;
            if link.kind == "evidence" {
                let body: serde_json::Value = serde_json::from_str(&link.body)?;
                let sha = body.get("sha256").and_then(|v| v.as_str()).unwrap_or("");
                if !crate::integrity::is_sha256(sha) {
                    return Err(Error::Integrity(format!(
                        "the backup's evidence record {} names the file {sha:?}, which is not \
                         an evidence file name (64 hex digits)",
                        link.id
                    )));
                }
                referenced.insert(sha.to_string());
            }
        }
        let rebuilt: Vec<(String, u32, String)> = tx
            .prepare("SELECT chain, length, head FROM chains ORDER BY chain")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if rebuilt != declared {
            let differs = declared
                .iter()
                .find(|d| !rebuilt.contains(d))
                .or_else(|| rebuilt.iter().find(|r| !declared.contains(r)));
            return Err(Error::Integrity(format!(
                "the backup's records do not reach the chain heads it records{}",
                differs
                    .map(|(c, l, _)| format!(" (chain {c}, {l} links)"))
                    .unwrap_or_default()
            )));
        }
        tx.commit()?;
        referenced
    };

    let blobs = Blobs::new(data_dir.join("evidence"));
    let mut stmt = src.prepare("SELECT rowid, sha256 FROM backup_evidence")?;
    let files: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()
        .map_err(|e| Error::BadImport(format!("the backup's evidence list cannot be read: {e}")))?;
    for (rowid, sha) in files {
        if !crate::integrity::is_sha256(&sha) {
            return Err(Error::Integrity(format!(
                "the backup holds a file named {sha:?}, which is not an evidence file name (64 hex digits)"
            )));
        }
        // A file no record names is not evidence of anything: it stays behind.
        if !referenced.contains(&sha) {
            continue;
        }
        let mut blob = src.blob_open(MAIN_DB, "backup_evidence", "bytes", rowid, true)?;
        let stored = blobs.put(&mut blob, u64::MAX)?;
        if stored.sha256 != sha {
            let _ = fs::remove_file(blobs.path(&stored.sha256)?);
            return Err(Error::Integrity(format!(
                "evidence file {sha} in the backup is damaged"
            )));
        }
    }
    drop(stmt);
    // Reopen so the store reads the identity it now has.
    drop(store);
    let store = Store::open(data_dir)?;
    let report = store.check_store(false)?;
    if !report.ok {
        return Err(Error::Integrity(format!(
            "the restored data does not pass the integrity check: {}",
            report.summary()
        )));
    }
    Ok(store)
}
