//! The core's error type. Every variant has a stable `code()` that crosses IPC and the
//! CLI's JSON output so front ends translate by code, never by parsing messages.

use crate::validate::ValidationErrors;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// One or more fields are wrong; nothing was written.
    #[error("{0}")]
    Invalid(ValidationErrors),
    #[error("{kind} {id} not found")]
    NotFound { kind: &'static str, id: String },
    /// The data folder was opened read-only (the folder or its files cannot be written):
    /// reads work, writes are refused before anything is written.
    #[error("read-only data folder: {0}")]
    ReadOnly(String),
    /// The database file is not a SQLite database, or SQLite found it damaged.
    #[error("the database is damaged: {0}")]
    Corrupt(String),
    /// The database was written by a newer Expediente.
    #[error("this database has schema version {found}, newer than this program understands ({supported}); update Expediente")]
    TooNew { found: i64, supported: i64 },
    /// Stored data does not match its hash chain.
    #[error("integrity check failed: {0}")]
    Integrity(String),
    /// An evidence file is bigger than the configured limit.
    #[error("the file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    /// An import file is malformed, of an unknown version, or inconsistent.
    #[error("cannot import: {0}")]
    BadImport(String),
    #[error("database error: {0}")]
    Db(rusqlite::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("data error: {0}")]
    Json(#[from] serde_json::Error),
}

impl Error {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::ReadOnly(_) => "read_only",
            Error::Corrupt(_) => "db_corrupt",
            Error::TooNew { .. } => "db_too_new",
            Error::Integrity(_) => "integrity",
            Error::TooLarge { .. } => "too_large",
            Error::BadImport(_) => "bad_import",
            Error::Db(_) => "db",
            Error::Io(_) => "io",
            Error::Json(_) => "json",
        }
    }
}

/// SQLite's own verdicts get their own codes: a write on a read-only connection is
/// `read_only`, a file that is not a database or is damaged is `db_corrupt`.
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::ReadOnly) => Error::ReadOnly(e.to_string()),
            Some(C::NotADatabase | C::DatabaseCorrupt) => Error::Corrupt(e.to_string()),
            _ => Error::Db(e),
        }
    }
}

impl From<ValidationErrors> for Error {
    fn from(v: ValidationErrors) -> Self {
        Error::Invalid(v)
    }
}
