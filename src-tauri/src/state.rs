//! The shell's managed state: the open store (or why it could not be opened), the demo's
//! separate store while the sample case is shown, and the settings file. Commands reach
//! the store in use only through [`AppState::with`] / [`AppState::with_mut`].

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

/// The stores the window may work on: the user's, and the sample case's own folder
/// while the demo is open (never mixed: the demo is a separate database).
struct Stores {
    user: Option<Store>,
    demo: Option<Store>,
    /// The demo is what the window shows.
    in_demo: bool,
}

pub struct AppState {
    stores: Mutex<Stores>,
    /// Why the user's store could not be opened (a damaged or too-new database...).
    startup_error: Option<IpcError>,
    /// The user's data folder (settings live here, demo or not).
    data_dir: PathBuf,
    data_dir_source: DataDirSource,
    /// The app's config folder (see [`crate::config`]); `None` when the OS has none.
    config_dir: Option<PathBuf>,
    /// Files written by exports in this session: the only paths the UI may ask to open.
    exported: Mutex<HashSet<PathBuf>>,
}

/// Where the sample case lives for the data folder `data_dir`: its `demo` subfolder (a
/// store of its own), or a folder in the system's temporary folder when `data_dir`
/// cannot be written.
pub fn demo_dir(data_dir: &Path) -> PathBuf {
    let inside = data_dir.join("demo");
    if expediente_core::store::access::folder_is_writable(&inside) {
        inside
    } else {
        std::env::temp_dir().join("expediente-demo")
    }
}

impl AppState {
    /// Opens the store in `data_dir`: read-write, or read-only when the folder cannot be
    /// written. A failure is kept and reported to the UI instead of crashing: the window
    /// still opens and explains what is wrong.
    pub fn open(data_dir: &Path) -> AppState {
        match Store::open_auto(data_dir) {
            Ok(s) => AppState::with_store(s),
            Err(e) => AppState::failed(data_dir, IpcError::from(e)),
        }
    }

    fn failed(data_dir: &Path, e: IpcError) -> AppState {
        AppState {
            stores: Mutex::new(Stores {
                user: None,
                demo: None,
                in_demo: false,
            }),
            startup_error: Some(e),
            data_dir: data_dir.to_path_buf(),
            data_dir_source: DataDirSource::Default,
            config_dir: None,
            exported: Mutex::default(),
        }
    }

    pub fn with_store(store: Store) -> AppState {
        let data_dir = store.data_dir().to_path_buf();
        AppState {
            stores: Mutex::new(Stores {
                user: Some(store),
                demo: None,
                in_demo: false,
            }),
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

    /// The user's data folder (where the settings are), whichever store is in use.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The folder of the store in use: the demo's while the demo is open.
    pub fn store_dir(&self) -> PathBuf {
        self.with(|s| Ok(s.data_dir().to_path_buf()))
            .unwrap_or_else(|_| self.data_dir.clone())
    }

    pub fn startup_error(&self) -> Option<&IpcError> {
        self.startup_error.as_ref()
    }

    /// Whether the window shows the sample case's own store.
    pub fn in_demo(&self) -> bool {
        self.stores.lock().is_ok_and(|s| s.in_demo)
    }

    /// Switches the window to the sample case's own store (made, with the case, the first
    /// time) and returns the case to show. The user's store is not written.
    pub fn enter_demo(&self) -> CmdResult<expediente_core::Id> {
        let mut stores = self.lock()?;
        if stores.demo.is_none() {
            stores.demo = Some(Store::open(&demo_dir(&self.data_dir))?);
        }
        let demo = stores.demo.as_mut().ok_or_else(|| self.unavailable())?;
        let case = match demo.case_summaries()?.first() {
            Some(c) => c.id,
            None => demo.load_demo()?,
        };
        stores.in_demo = true;
        Ok(case)
    }

    /// Back to the user's store; the demo's store is closed.
    pub fn leave_demo(&self) -> CmdResult<()> {
        let mut stores = self.lock()?;
        stores.in_demo = false;
        stores.demo = None;
        Ok(())
    }

    fn lock(&self) -> CmdResult<std::sync::MutexGuard<'_, Stores>> {
        self.stores
            .lock()
            .map_err(|_| IpcError::new("store_unavailable", "the data store lock was poisoned"))
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

    /// Runs a read against the store in use.
    pub fn with<T>(&self, f: impl FnOnce(&Store) -> expediente_core::Result<T>) -> CmdResult<T> {
        let guard = self.lock()?;
        let store = if guard.in_demo {
            guard.demo.as_ref()
        } else {
            guard.user.as_ref()
        };
        f(store.ok_or_else(|| self.unavailable())?).map_err(IpcError::from)
    }

    /// Runs a write against the store in use.
    pub fn with_mut<T>(
        &self,
        f: impl FnOnce(&mut Store) -> expediente_core::Result<T>,
    ) -> CmdResult<T> {
        let mut guard = self.lock()?;
        let stores = &mut *guard;
        let store = if stores.in_demo {
            stores.demo.as_mut()
        } else {
            stores.user.as_mut()
        };
        f(store.ok_or_else(|| self.unavailable())?).map_err(IpcError::from)
    }
}

/// Tells every window that data changed. A failed emit only means no window listens.
pub fn emit_changed<R: Runtime>(app: &AppHandle<R>, what: &'static str, case_id: Option<String>) {
    let _ = app.emit(CHANGED_EVENT, Changed { case_id, what });
}
