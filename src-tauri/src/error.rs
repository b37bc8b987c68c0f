//! What crosses IPC when a command fails: `{code, field?, message, fields?}`. The UI
//! translates by `code` and puts `fields` beside the inputs; `message` is English for logs.

use expediente_core::{Error, FieldError};
use serde::Serialize;

/// A command's error as the front end receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct IpcError {
    /// Stable code: the core's (`invalid`, `not_found`, `db_too_new`...) or the shell's
    /// (`store_unavailable`, `dialog`, `export`).
    pub code: String,
    /// The first wrong field, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    pub message: String,
    /// Every wrong field (for `invalid`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<FieldError>>", optional)]
    pub fields: Vec<FieldError>,
}

impl IpcError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        IpcError {
            code: code.to_string(),
            field: None,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// One wrong field found by the shell itself (before calling the core).
    pub fn field(field: &str, code: &str, message: &str) -> Self {
        let fe = FieldError {
            field: field.to_string(),
            code: code.to_string(),
            message: message.to_string(),
        };
        IpcError {
            code: "invalid".into(),
            field: Some(field.to_string()),
            message: format!("{field}: {message}"),
            fields: vec![fe],
        }
    }
}

impl From<Error> for IpcError {
    fn from(e: Error) -> Self {
        let message = e.to_string();
        match e {
            Error::Invalid(v) => IpcError {
                code: "invalid".into(),
                field: v.errors.first().map(|f| f.field.clone()),
                message,
                fields: v.errors,
            },
            other => IpcError::new(other.code(), message),
        }
    }
}

pub type CmdResult<T> = Result<T, IpcError>;

#[cfg(test)]
mod tests {
    use super::*;
    use expediente_core::ValidationErrors;

    #[test]
    fn invalid_carries_every_field() {
        let mut v = ValidationErrors::default();
        v.push(
            "attempt.happened_at",
            "in_future",
            "cannot be in the future",
        );
        v.push("attempt.promised_by", "required", "is required");
        let e = IpcError::from(Error::Invalid(v));
        assert_eq!(e.code, "invalid");
        assert_eq!(e.field.as_deref(), Some("attempt.happened_at"));
        assert_eq!(e.fields.len(), 2);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["fields"][1]["code"], "required");
    }

    #[test]
    fn other_errors_keep_their_code_and_omit_fields() {
        let e = IpcError::from(Error::TooNew {
            found: 9,
            supported: 1,
        });
        assert_eq!(e.code, "db_too_new");
        let json = serde_json::to_value(&e).unwrap();
        assert!(json.get("fields").is_none());
        assert!(json.get("field").is_none());
        assert!(json["message"].as_str().unwrap().contains("newer"));
    }
}
