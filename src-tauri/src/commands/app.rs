//! App-level commands: what the UI needs at start (version, data folder, whether the store
//! opened, first run or not, settings and the lists, in one call) and loading the demo case.

use expediente_core::{CaseSummary, Claimant, Company, Id};
use serde::Serialize;
use std::sync::Mutex;

use tauri::{AppHandle, Manager, Runtime, State};
use ts_rs::TS;

use super::settings::{self, Settings};
use crate::error::{CmdResult, IpcError};
use crate::state::{emit_changed, AppState};

#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    /// Why the store could not be opened; the UI shows it instead of the app.
    pub startup_error: Option<IpcError>,
    /// No claimant and no case yet: show the welcome screen.
    pub first_run: bool,
    pub default_claimant: Option<Id>,
}

/// Everything the window shows outside a case, in one round trip: read at start (so the
/// first screen paints once, with its data) and again after every change.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct AppSnapshot {
    pub info: AppInfo,
    pub settings: Settings,
    /// In the list's order. Empty when the store could not be opened. At start, only the
    /// first [`START_CASES`]: the window asks for the rest once it has painted them.
    pub cases: Vec<CaseSummary>,
    /// How many cases there are in all (more than `cases.len()` in a start snapshot).
    pub cases_total: u32,
    pub claimants: Vec<Claimant>,
    pub companies: Vec<Company>,
}

/// How many cases a start snapshot carries: more rows than the tallest window shows. A
/// store with hundreds of cases would otherwise send them all (about 400 bytes each)
/// before the first row can paint.
pub const START_CASES: usize = 60;

/// Async, so reading the store runs beside the window's start-up work on the main thread.
/// `start`: the window's first call, which gets the snapshot [`prefetch`] read while the
/// window was starting and only the first [`START_CASES`] cases.
#[tauri::command]
pub async fn app_snapshot(
    state: State<'_, AppState>,
    prefetched: State<'_, Prefetched>,
    start: Option<bool>,
) -> CmdResult<AppSnapshot> {
    let start = start.unwrap_or(false);
    if start {
        if let Some(snap) = prefetched.take(&state) {
            return snap;
        }
    }
    snapshot_of(&state, start)
}

fn snapshot_of(state: &AppState, start: bool) -> CmdResult<AppSnapshot> {
    let settings = settings::load(state.data_dir());
    let info = info_of(state)?;
    if info.startup_error.is_some() {
        return Ok(AppSnapshot {
            info,
            settings,
            cases: Vec::new(),
            cases_total: 0,
            claimants: Vec::new(),
            companies: Vec::new(),
        });
    }
    let (mut cases, claimants, companies) =
        state.with(|s| Ok((s.case_summaries()?, s.claimants()?, s.companies()?)))?;
    let cases_total = u32::try_from(cases.len()).unwrap_or(u32::MAX);
    if start {
        cases.truncate(START_CASES);
    }
    Ok(AppSnapshot {
        info,
        settings,
        cases,
        cases_total,
        claimants,
        companies,
    })
}

/// The snapshot read at launch, while WebKit starts, for the window's first call; stale
/// (and dropped) once anything was written after it was read.
#[derive(Default)]
pub struct Prefetched(Mutex<Option<(u64, CmdResult<AppSnapshot>)>>);

impl Prefetched {
    /// Takes the launch snapshot if it is still current. Waits if it is being read.
    fn take(&self, state: &AppState) -> Option<CmdResult<AppSnapshot>> {
        let (writes, snap) = self.0.lock().ok()?.take()?;
        (writes == state.writes()).then_some(snap)
    }
}

/// Reads the snapshot on a thread of its own while the window and WebKit start, so the
/// first screen's data is ready when the page asks for it.
pub fn prefetch<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    std::thread::spawn(move || {
        let (state, slot) = (app.state::<AppState>(), app.state::<Prefetched>());
        let Ok(mut slot) = slot.0.lock() else { return };
        let writes = state.writes();
        *slot = Some((writes, snapshot_of(&state, true)));
    });
}

fn info_of(state: &AppState) -> CmdResult<AppInfo> {
    let version = env!("CARGO_PKG_VERSION").to_string();
    let data_dir = state.data_dir().display().to_string();
    if let Some(e) = state.startup_error() {
        return Ok(AppInfo {
            version,
            data_dir,
            startup_error: Some(e.clone()),
            first_run: false,
            default_claimant: None,
        });
    }
    let (first_run, default_claimant) = state.with(|s| {
        let first = s.claimants()?.is_empty() && s.cases()?.is_empty();
        Ok((first, s.default_claimant()?))
    })?;
    Ok(AppInfo {
        version,
        data_dir,
        startup_error: None,
        first_run,
        default_claimant,
    })
}

/// Loads the sample case (a realistic Spanish dispute) and returns its id.
#[tauri::command]
pub fn load_demo<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<Id> {
    let id = state.with_mut(|s| s.load_demo())?;
    emit_changed(&app, "demo", Some(id.to_string()));
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store in a fresh folder (kept alive by the returned guard).
    fn fresh() -> (tempfile::TempDir, AppState) {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open(dir.path());
        (dir, state)
    }

    fn read_now(state: &AppState) -> Prefetched {
        Prefetched(Mutex::new(Some((state.writes(), snapshot_of(state, true)))))
    }

    #[test]
    fn the_launch_snapshot_serves_the_first_call_only() {
        let (_dir, state) = fresh();
        state.with_mut(|s| s.load_demo()).unwrap();
        let early = read_now(&state);
        let snap = early
            .take(&state)
            .expect("nothing was written since")
            .unwrap();
        assert_eq!(snap.cases.len(), 1);
        assert!(
            early.take(&state).is_none(),
            "a second call reads the store again"
        );
    }

    #[test]
    fn a_write_after_the_launch_read_makes_it_stale() {
        let (_dir, state) = fresh();
        let early = read_now(&state);
        // A case dropped onto the window (or any write) before the page asked.
        state.with_mut(|s| s.load_demo()).unwrap();
        assert!(early.take(&state).is_none());
        assert_eq!(snapshot_of(&state, true).unwrap().cases.len(), 1);

        let early = read_now(&state);
        let settings = settings::load(state.data_dir());
        settings::set_settings_in(&state, settings).unwrap();
        assert!(
            early.take(&state).is_none(),
            "saving settings is a write too"
        );
    }

    #[test]
    fn a_start_snapshot_carries_the_first_cases_and_the_total() {
        let (_dir, state) = fresh();
        for _ in 0..START_CASES + 2 {
            state.with_mut(|s| s.load_demo()).unwrap();
        }
        let all = snapshot_of(&state, false).unwrap();
        let start = snapshot_of(&state, true).unwrap();
        assert_eq!(all.cases.len(), START_CASES + 2);
        assert_eq!(start.cases.len(), START_CASES);
        assert_eq!(start.cases_total as usize, START_CASES + 2);
        assert_eq!(all.cases_total, start.cases_total);
        let ids = |v: &[CaseSummary]| v.iter().map(|c| c.id).collect::<Vec<_>>();
        assert_eq!(
            ids(&start.cases),
            ids(&all.cases[..START_CASES]),
            "the list's first rows"
        );
    }
}
