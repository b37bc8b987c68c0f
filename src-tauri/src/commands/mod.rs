//! Every Tauri command, one module per feature. Each command validates what the UI sent,
//! calls `expediente_core::Store`, and emits `changed` after a write. No domain logic here.

pub mod app;
pub mod attempts;
pub mod capture;
pub mod cases;
pub mod directory;
pub mod evidence;
pub mod export;
pub mod guidance;
pub mod import;
pub mod restore;
pub mod settings;

use chrono::{DateTime, FixedOffset, Local};

/// The user's current local time with its UTC offset (stats and "generated at").
pub(crate) fn local_now() -> DateTime<FixedOffset> {
    Local::now().fixed_offset()
}
