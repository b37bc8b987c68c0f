//! The shell's managed state: the open store (or why it could not be opened) and the
//! settings file. Commands reach the store only through [`AppState::with`] / [`AppState::with_mut`].

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use expediente_core::Store;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime};

use crate::error::{CmdResult, IpcError};

/// Name of the event emitted after every write; the UI refreshes when it hears it.
pub const CHANGED_EVENT: &str = "changed";

/// What the `changed` event carries: which case changed, if it was about one case.
#[derive(Debug, Clone, Serialize)]
pub struct Changed {
    pub case_id: Option<String>,
    pub what: &'static str,
}

/// Where the data folder in use came from (what wins, in this order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum DataDirSource {
    /// `--data-dir` on the command line.
    Flag,
    /// `$EXPEDIENTE_DATA_DIR`.
    Env,
    /// The folder chosen in Settings (the config file).
    Config,
    /// The OS data folder.
    Default,
}

pub struct AppState {
    store: Mutex<Option<Store>>,
    /// Why the store could not be opened (a broken or too-new database...).
    startup_error: Option<IpcError>,
    data_dir: PathBuf,
    data_dir_source: DataDirSource,
    /// The app's config folder (see [`crate::config`]); `None` when the OS has none.
    config_dir: Option<PathBuf>,
    /// Files written by exports in this session: the only paths the UI may ask to open.
    exported: Mutex<HashSet<PathBuf>>,
}

impl AppState {
    /// Opens the store in `data_dir`. A failure is kept and reported to the UI instead of
    /// crashing: the window still opens and explains what is wrong.
    pub fn open(data_dir: &Path) -> AppState {
        match Store::open(data_dir) {
            Ok(s) => AppState::with_store(s),
            Err(e) => AppState {
                store: Mutex::new(None),
                startup_error: Some(IpcError::from(e)),
                data_dir: data_dir.to_path_buf(),
                data_dir_source: DataDirSource::Default,
                config_dir: None,
                exported: Mutex::default(),
            },
        }
    }

    pub fn with_store(store: Store) -> AppState {
        let data_dir = store.data_dir().to_path_buf();
        AppState {
            store: Mutex::new(Some(store)),
            startup_error: None,
            data_dir,
            data_dir_source: DataDirSource::Default,
            config_dir: None,
            exported: Mutex::default(),
        }
    }

    /// Records where the data folder came from and where the app's config file lives.
    pub fn with_location(mut self, source: DataDirSource, config_dir: Option<PathBuf>) -> Self {
        self.data_dir_source = source;
        self.config_dir = config_dir;
        self
    }

    pub fn data_dir_source(&self) -> DataDirSource {
        self.data_dir_source
    }

    pub fn config_dir(&self) -> Option<&Path> {
        self.config_dir.as_deref()
    }

    /// Remembers a file an export wrote.
    pub fn note_export(&self, path: &Path) {
        if let Ok(mut set) = self.exported.lock() {
            set.insert(path.to_path_buf());
        }
    }

    /// Whether `path` was written by an export in this session.
    pub fn was_exported(&self, path: &Path) -> bool {
        self.exported.lock().is_ok_and(|set| set.contains(path))
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn startup_error(&self) -> Option<&IpcError> {
        self.startup_error.as_ref()
    }

    fn unavailable(&self) -> IpcError {
        let mut e = self
            .startup_error
            .clone()
            .unwrap_or_else(|| IpcError::new("store_unavailable", "the data store is not open"));
        if e.code != "store_unavailable" {
            e.message = format!("the data store could not be opened: {}", e.message);
        }
        e
    }

    /// Runs a read against the store.
    pub fn with<T>(&self, f: impl FnOnce(&Store) -> expediente_core::Result<T>) -> CmdResult<T> {
        let guard = self
            .store
            .lock()
            .map_err(|_| IpcError::new("store_unavailable", "the data store lock was poisoned"))?;
        let store = guard.as_ref().ok_or_else(|| self.unavailable())?;
        f(store).map_err(IpcError::from)
    }

    /// Runs a write against the store.
    pub fn with_mut<T>(
        &self,
        f: impl FnOnce(&mut Store) -> expediente_core::Result<T>,
    ) -> CmdResult<T> {
        let mut guard = self
            .store
            .lock()
            .map_err(|_| IpcError::new("store_unavailable", "the data store lock was poisoned"))?;
        let store = guard.as_mut().ok_or_else(|| self.unavailable())?;
        f(store).map_err(IpcError::from)
    }
}

/// Tells every window that data changed. A failed emit only means no window listens.
pub fn emit_changed<R: Runtime>(app: &AppHandle<R>, what: &'static str, case_id: Option<String>) {
    let _ = app.emit(CHANGED_EVENT, Changed { case_id, what });
}
