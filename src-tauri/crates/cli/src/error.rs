//! The CLI's error: a stable `code`, the `field` it concerns and a message, plus the exit
//! code scripts rely on (documented in `--help`). Core errors map onto it one to one.

use expediente_core::{Error, FieldError};
use serde::Serialize;

/// Exit codes (keep in sync with `args::EXIT_CODES`).
pub mod exit {
    pub const OK: u8 = 0;
    pub const FAILURE: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const INVALID: u8 = 3;
    pub const NOT_FOUND: u8 = 4;
}

#[derive(Debug, Serialize)]
pub struct CliError {
    /// Stable code: the core's (`invalid`, `not_found`, `integrity`...) or `usage`.
    pub code: String,
    /// What the error concerns: `attempt.happened_at`, `case`, `file`...
    pub field: String,
    pub message: String,
    /// Every wrong field, for validation errors with more than one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    #[serde(skip)]
    pub exit: u8,
}

pub type CliResult<T> = Result<T, CliError>;

impl CliError {
    /// A wrong value given for `field` (exit 3).
    pub fn invalid(field: &str, code: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        CliError {
            code: "invalid".into(),
            field: field.into(),
            message: message.clone(),
            errors: vec![FieldError {
                field: field.into(),
                code: code.into(),
                message,
            }],
            exit: exit::INVALID,
        }
    }

    /// A command used the wrong way that clap could not catch (exit 2).
    pub fn usage(field: &str, message: impl Into<String>) -> Self {
        CliError {
            code: "usage".into(),
            field: field.into(),
            message: message.into(),
            errors: Vec::new(),
            exit: exit::USAGE,
        }
    }

    /// No record `id` of `kind` (exit 4).
    pub fn not_found(kind: &str, id: &str) -> Self {
        CliError {
            code: "not_found".into(),
            field: kind.into(),
            message: format!("no {kind} with id {id}"),
            errors: Vec::new(),
            exit: exit::NOT_FOUND,
        }
    }

    /// A file the command reads or writes failed (exit 1).
    pub fn file(path: &std::path::Path, e: std::io::Error) -> Self {
        CliError {
            code: "io".into(),
            field: "file".into(),
            message: format!("{}: {e}", path.display()),
            errors: Vec::new(),
            exit: exit::FAILURE,
        }
    }

    /// The lines printed on stderr without --json: one per wrong field.
    pub fn lines(&self) -> Vec<String> {
        if self.errors.len() > 1 {
            self.errors
                .iter()
                .map(|e| format!("error: {}: {}", e.field, e.message))
                .collect()
        } else {
            vec![format!("error: {}: {}", self.field, self.message)]
        }
    }
}

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        let code = e.code().to_string();
        let message = e.to_string();
        let (field, exit, errors) = match &e {
            Error::Invalid(v) => {
                let errors = v.errors.clone();
                let first = errors.first().map(|f| f.field.clone()).unwrap_or_default();
                (first, exit::INVALID, errors)
            }
            Error::NotFound { kind, .. } => (kind.to_string(), exit::NOT_FOUND, Vec::new()),
            Error::BadImport(_) => ("import".into(), exit::INVALID, Vec::new()),
            Error::TooLarge { .. } => ("evidence".into(), exit::INVALID, Vec::new()),
            Error::Integrity(_) => ("integrity".into(), exit::FAILURE, Vec::new()),
            Error::TooNew { .. } | Error::Corrupt(_) | Error::Db(_) => {
                ("database".into(), exit::FAILURE, Vec::new())
            }
            Error::ReadOnly(_) => ("data_dir".into(), exit::FAILURE, Vec::new()),
            Error::Io(_) => ("file".into(), exit::FAILURE, Vec::new()),
            Error::Json(_) => ("json".into(), exit::FAILURE, Vec::new()),
            _ => ("store".into(), exit::FAILURE, Vec::new()),
        };
        // The first field's own message reads better than the joined list.
        let message = match errors.first() {
            Some(f) if errors.len() == 1 => f.message.clone(),
            _ => message,
        };
        CliError {
            code,
            field,
            message,
            errors,
            exit,
        }
    }
}
