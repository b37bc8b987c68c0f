//! Expediente's domain library: what a case log *is* and how it is kept.
//!
//! It owns the model ([`model`]), field validation ([`validate`]), the append-only SQLite
//! store with per-case hash chains ([`store`], [`chain`]), content-addressed evidence files
//! ([`evidence`]), the dossier's "summary in numbers" ([`stats`]) and the versioned JSON
//! exchange format ([`exchange`]) and bringing a handed-over case in ([`case_file`]); agency
//! profiles and filing clocks ([`agency`]) and national calendars ([`calendar`]), kept as data; exports written whole or not at all ([`atomic`]).
//! It knows nothing of Tauri, so the app, the CLI and the tests all share it.

pub mod agency;
pub mod atomic;
pub mod calendar;
pub mod case_file;
pub mod chain;
pub mod demo;
pub mod error;
pub mod evidence;
pub mod exchange;
pub mod integrity;
pub mod model;
pub mod stats;
pub mod store;
pub mod validate;

pub use error::{Error, Result};
pub use model::*;
pub use store::Store;
pub use validate::{FieldError, ValidationErrors};
