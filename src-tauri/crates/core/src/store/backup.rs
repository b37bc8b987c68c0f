//! Backup and restore in one file: an online SQLite backup of the database, with every
//! evidence file copied into a `backup_evidence` table of that same file (streamed through
//! SQLite's incremental blob I/O, never read whole into memory).

use std::fs::{self, File};
use std::io;
use std::path::Path;

use rusqlite::{Connection, OpenFlags, MAIN_DB};

use super::{Store, DB_FILE};
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
                let path = self.blobs.path(&sha);
                let Ok(mut file) = File::open(&path) else {
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
    /// store yet. Every chain and every evidence file is checked before it is accepted.
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
        let src = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| Error::BadImport(format!("{} is not a backup: {e}", backup.display())))?;
        let has_table: bool = src
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name IN ('records', 'backup_evidence')",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n == 2)
            .unwrap_or(false);
        if !has_table {
            return Err(Error::BadImport(format!(
                "{} is not an Expediente backup",
                backup.display()
            )));
        }
        fs::create_dir_all(data_dir)?;
        let blobs = Blobs::new(data_dir.join("evidence"));
        let work = (|| -> Result<Store> {
            {
                let mut stmt = src.prepare("SELECT rowid, sha256 FROM backup_evidence")?;
                let rows: Vec<(i64, String)> = stmt
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                for (rowid, sha) in rows {
                    let mut blob =
                        src.blob_open(MAIN_DB, "backup_evidence", "bytes", rowid, true)?;
                    let stored = blobs.put(&mut blob, u64::MAX)?;
                    if stored.sha256 != sha {
                        return Err(Error::Integrity(format!(
                            "evidence file {sha} in the backup is damaged"
                        )));
                    }
                }
            }
            let mut dest = Connection::open(data_dir.join(DB_FILE))?;
            dest.restore(MAIN_DB, backup, None::<fn(rusqlite::backup::Progress)>)?;
            dest.execute_batch("DROP TABLE backup_evidence; VACUUM;")?;
            drop(dest);
            let store = Store::open(data_dir)?;
            if let Some(bad) = store.verify_all()?.into_iter().find(|r| !r.ok) {
                return Err(Error::Integrity(format!(
                    "the backup's chain {} does not verify: {}",
                    bad.chain,
                    bad.first_broken.map(|b| b.problem).unwrap_or_default()
                )));
            }
            Ok(store)
        })();
        if work.is_err() {
            let _ = fs::remove_file(data_dir.join(DB_FILE));
            let _ = fs::remove_file(data_dir.join(format!("{DB_FILE}-wal")));
            let _ = fs::remove_file(data_dir.join(format!("{DB_FILE}-shm")));
        }
        work
    }
}
