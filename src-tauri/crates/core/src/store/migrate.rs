//! Numbered, forward-only schema migrations embedded in the binary, tracked with SQLite's
//! `user_version`. All pending migrations run in one transaction; a database newer than
//! this binary is refused rather than guessed at. Never edit a released migration.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// Migration `i` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("sql/001_records.sql"),
    include_str!("sql/002_search.sql"),
    include_str!("sql/003_chain_v2.sql"),
];

/// The schema version this binary writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings `conn` up to [`SCHEMA_VERSION`].
pub fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, SCHEMA_VERSION)
}

/// Brings `conn` up to `target` (tests build databases of earlier versions with it).
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let found = version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(Error::TooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    if found >= target {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for sql in &MIGRATIONS[found as usize..target as usize] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", target)?;
    tx.commit()?;
    Ok(())
}
