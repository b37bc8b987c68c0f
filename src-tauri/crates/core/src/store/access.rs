//! How a data folder is opened: read-write when it can be written, else read-only. A
//! read-only open never writes a byte into the folder (no `-wal`/`-shm` files, no
//! migration, no store id); every write method then answers `read_only`.
//!
//! SQLite cannot read a WAL database in place without its `-shm` file, which a read-only
//! folder cannot get. So: a folder whose last session closed cleanly (no `-wal` content) is
//! opened `immutable=1`; one with readable `-wal`/`-shm` files is opened `mode=ro`; and one
//! with unsaved `-wal` content but no usable `-shm` (or an older schema) is copied to a
//! private temporary folder and read there, so nothing the last session wrote is missed.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{migrate, Store, DB_FILE};
use crate::error::{Error, Result};

/// How a store was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    ReadWrite,
    /// Nothing can be written: the folder (or its database files) is read-only, or the
    /// caller asked for it.
    ReadOnly,
}

/// Which files of the store live beside the database.
fn sidecar(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether the store in `dir` can be written: the folder exists (or can be made), a file
/// can be created in it, and the database and its `-wal`/`-shm` files, where present, open
/// for writing. It writes (and removes) only a probe file, never the database.
pub fn folder_is_writable(dir: &Path) -> bool {
    if std::fs::create_dir_all(dir).is_err() {
        return false;
    }
    let probe = dir.join(format!(".expediente-write-probe-{}", std::process::id()));
    match OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(_) => return false,
    }
    let db = dir.join(DB_FILE);
    [db.clone(), sidecar(&db, "-wal"), sidecar(&db, "-shm")]
        .iter()
        .filter(|f| f.exists())
        .all(|f| OpenOptions::new().write(true).open(f).is_ok())
}

/// `path` as an SQLite `file:` URI with `query` (RFC 3986: `%`, `?` and `#` escaped).
fn uri(path: &Path, query: &str) -> Result<String> {
    let abs = std::path::absolute(path)?;
    let s = abs.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file:");
    if !s.starts_with('/') {
        out.push('/');
    }
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out.push('?');
    out.push_str(query);
    Ok(out)
}

/// Opens `db` with `query` (`mode=ro` or `immutable=1`) and reads its schema version, which
/// is when SQLite actually touches the files.
fn open_ro(db: &Path, query: &str) -> Result<(Connection, i64)> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(uri(db, query)?, flags)?;
    conn.pragma_update(None, "query_only", true)?;
    let version = migrate::version(&conn)?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;
    Ok((conn, version))
}

/// Whether an open failure is about the database itself (damaged, too new), which no other
/// way of opening would fix.
fn is_final(e: &Error) -> bool {
    matches!(e, Error::Corrupt(_) | Error::TooNew { .. })
}

impl Store {
    /// Opens the store in `data_dir` read-write if the folder can be written, else
    /// read-only (see [`folder_is_writable`]).
    pub fn open_auto(data_dir: &Path) -> Result<Store> {
        if folder_is_writable(data_dir) {
            Store::open(data_dir)
        } else {
            Store::open_read_only(data_dir)
        }
    }

    /// Opens the store in `data_dir` without writing anything into the folder: reads work,
    /// writes fail with [`Error::ReadOnly`]. The folder must hold a store already.
    pub fn open_read_only(data_dir: &Path) -> Result<Store> {
        let db = data_dir.join(DB_FILE);
        if !db.is_file() {
            return Err(Error::ReadOnly(format!(
                "{} holds no Expediente data, and nothing can be written there",
                data_dir.display()
            )));
        }
        let wal = sidecar(&db, "-wal");
        let unsaved_wal = std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
        // Closed cleanly: the database file alone is the whole store.
        let query = if unsaved_wal {
            "mode=ro"
        } else {
            "immutable=1"
        };
        let first = open_ro(&db, query).and_then(|(conn, version)| {
            if version > migrate::SCHEMA_VERSION {
                return Err(Error::TooNew {
                    found: version,
                    supported: migrate::SCHEMA_VERSION,
                });
            }
            Ok((conn, version))
        });
        match first {
            Ok((conn, version)) if version == migrate::SCHEMA_VERSION => {
                Self::finish_read_only(conn, data_dir, None)
            }
            Err(e) if is_final(&e) => Err(e),
            // An older schema, or a `-wal` that cannot be read in place.
            _ => Self::open_read_only_copy(data_dir),
        }
    }

    /// The read-only store read from a private copy of the database (and its `-wal`), made
    /// up to date there; the evidence files are still read from `data_dir`.
    pub(crate) fn open_read_only_copy(data_dir: &Path) -> Result<Store> {
        let db = data_dir.join(DB_FILE);
        let tmp = tempfile::Builder::new()
            .prefix("expediente-read-only-")
            .tempdir()?;
        let copy = tmp.path().join(DB_FILE);
        std::fs::copy(&db, &copy)?;
        let wal = sidecar(&db, "-wal");
        if wal.exists() {
            std::fs::copy(&wal, sidecar(&copy, "-wal"))?;
        }
        let mut conn = Connection::open(&copy)?;
        migrate::migrate(&mut conn)?;
        conn.pragma_update(None, "query_only", true)?;
        Self::finish_read_only(conn, data_dir, Some(tmp))
    }

    fn finish_read_only(
        conn: Connection,
        data_dir: &Path,
        copy: Option<tempfile::TempDir>,
    ) -> Result<Store> {
        use rusqlite::OptionalExtension;
        let store_id: String = conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'store_id'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_default();
        let mut store = Store::assemble(conn, data_dir, store_id);
        store.access = Access::ReadOnly;
        store.read_only_copy = copy;
        Ok(store)
    }

    /// How this store was opened.
    pub fn access(&self) -> Access {
        self.access
    }

    /// Whether writes are refused (see [`Store::open_read_only`]).
    pub fn is_read_only(&self) -> bool {
        self.access == Access::ReadOnly
    }

    /// Refuses a write on a read-only store before anything (a file, a row) is written.
    pub fn ensure_writable(&self) -> Result<()> {
        match self.access {
            Access::ReadWrite => Ok(()),
            Access::ReadOnly => Err(Error::ReadOnly(format!(
                "{} was opened read-only: it can be read and exported, not written",
                self.dir.display()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_escape_what_sqlite_would_read_as_a_query() {
        let u = uri(Path::new("/tmp/a?b#c%d e/x.db"), "mode=ro").unwrap();
        assert_eq!(u, "file:/tmp/a%3fb%23c%25d e/x.db?mode=ro");
    }

    #[test]
    fn a_folder_is_not_writable_when_a_file_cannot_be_made_in_it() {
        let dir = tempfile::tempdir().unwrap();
        assert!(folder_is_writable(&dir.path().join("new")));
        // A path under a regular file can be neither made nor written, even by root.
        let file = dir.path().join("file");
        std::fs::write(&file, b"x").unwrap();
        assert!(!folder_is_writable(&file.join("data")));
    }

    #[test]
    fn a_wal_without_its_shm_is_read_from_a_private_copy() {
        let live = tempfile::tempdir().unwrap();
        let mut store = Store::open(live.path()).unwrap();
        store.load_demo().unwrap();
        let last = store.load_demo().unwrap();
        std::mem::forget(store);
        // The files a crashed session left, minus the -shm a read-only folder cannot get.
        let dir = live;
        std::fs::remove_file(dir.path().join(format!("{DB_FILE}-shm"))).unwrap();
        let ro = Store::open_read_only_copy(dir.path()).unwrap();
        assert!(ro.is_read_only());
        let copy = ro.read_only_copy.as_ref().unwrap().path().to_path_buf();
        assert!(ro.case_summaries().unwrap().iter().any(|c| c.id == last));
        assert!(
            ro.check_store(false).unwrap().ok,
            "evidence read from the real folder"
        );
        assert_eq!(ro.ensure_writable().unwrap_err().code(), "read_only");
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let wal = format!("{DB_FILE}-wal");
        assert_eq!(names, ["evidence", DB_FILE, wal.as_str()], "nothing added");
        drop(ro);
        assert!(!copy.exists(), "the private copy goes with the store");
    }
}
