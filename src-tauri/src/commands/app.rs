//! App-level commands: what the UI needs at start (version, data folder, whether the store
//! opened or is read-only, first run or not, settings and the lists, in one call), and
//! entering and leaving the sample case, which lives in a store of its own.

use expediente_core::{CaseSummary, Claimant, Company, Id};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
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
    /// The data folder could not be written, so it was opened read-only: the window can
    /// show and export, not record.
    pub read_only: bool,
    /// The window shows the sample case's own store, not the user's data.
    pub demo: bool,
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
    /// Archived cases are neither in `cases` nor counted here.
    pub cases_total: u32,
    /// How many cases are archived (listed by `list_cases` with `archived`).
    pub archived_total: u32,
    pub claimants: Vec<Claimant>,
    pub companies: Vec<Company>,
}

/// How many cases a start snapshot carries: more rows than the tallest window shows. A
/// store with hundreds of cases would otherwise send them all (about 400 bytes each)
/// before the first row can paint.
pub const START_CASES: usize = 60;

/// Async, so reading the store runs off the main thread. `start`: only the first
/// [`START_CASES`] cases (the window's first read when [`start_script`] gave it nothing).
#[tauri::command]
pub async fn app_snapshot(
    state: State<'_, AppState>,
    start: Option<bool>,
) -> CmdResult<AppSnapshot> {
    snapshot_of(&state, start.unwrap_or(false))
}

/// The global through which the main window's page gets its start snapshot.
pub const START_GLOBAL: &str = "__EXPEDIENTE_START__";

/// A script for the main window to run before its page: the start snapshot (first
/// [`START_CASES`] cases) as `window.__EXPEDIENTE_START__`, read while Tauri and WebKit
/// start, so the first screen paints without waiting for a call. Empty if the read failed:
/// the page then asks with `app_snapshot`, which reports the error.
pub fn start_script(state: &AppState) -> String {
    match snapshot_of(state, true).map(|snap| serde_json::to_string(&snap)) {
        // JSON is a JavaScript expression (U+2028/9 included, since ES2019).
        Ok(Ok(json)) => format!("window.{START_GLOBAL} = {json};"),
        _ => String::new(),
    }
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
            archived_total: 0,
            claimants: Vec::new(),
            companies: Vec::new(),
        });
    }
    let ((mut cases, archived_total), claimants, companies) = state.with(|s| {
        Ok((
            s.case_summaries_and_others(false)?,
            s.claimants()?,
            s.companies()?,
        ))
    })?;
    let cases_total = u32::try_from(cases.len()).unwrap_or(u32::MAX);
    if start {
        cases.truncate(START_CASES);
    }
    Ok(AppSnapshot {
        info,
        settings,
        cases,
        cases_total,
        archived_total,
        claimants,
        companies,
    })
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
            read_only: false,
            demo: false,
        });
    }
    let (first_run, default_claimant, read_only) = state.with(|s| {
        let first = s.claimants()?.is_empty() && s.cases()?.is_empty();
        Ok((first, s.default_claimant()?, s.is_read_only()))
    })?;
    Ok(AppInfo {
        version,
        data_dir,
        startup_error: None,
        first_run,
        default_claimant,
        read_only,
        demo: state.in_demo(),
    })
}

/// Shows the sample case (a realistic Spanish dispute) from its own store, never the
/// user's (see [`crate::state::demo_dir`]), and returns its id.
#[tauri::command]
pub fn open_demo<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<Id> {
    let id = state.enter_demo()?;
    emit_changed(&app, "demo", Some(id.to_string()));
    Ok(id)
}

/// Back from the sample case to the user's own data.
#[tauri::command]
pub fn leave_demo<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<()> {
    state.leave_demo()?;
    emit_changed(&app, "demo", None);
    Ok(())
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

    #[test]
    fn the_start_script_hands_the_page_the_start_snapshot() {
        let (_dir, state) = fresh();
        state.with_mut(|s| s.load_demo()).unwrap();
        let script = start_script(&state);
        let json = script
            .strip_prefix("window.__EXPEDIENTE_START__ = ")
            .and_then(|rest| rest.strip_suffix(';'))
            .expect("one assignment to the global the page reads");
        let snap: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(snap["cases_total"], 1);
        assert_eq!(
            snap["cases"][0]["title"],
            state.with(|s| s.case_summaries()).unwrap()[0].title
        );
        assert_eq!(snap["info"]["first_run"], false);
        assert!(snap["settings"]["language"].is_string());
    }

    #[test]
    fn a_store_that_did_not_open_starts_the_page_on_its_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-folder");
        std::fs::write(&file, b"x").unwrap();
        let state = AppState::open(&file);
        assert!(state.startup_error().is_some());
        let script = start_script(&state);
        assert!(script.contains("\"startup_error\":{"), "{script}");
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

    #[test]
    fn the_demo_lives_in_its_own_store_and_leaves_the_users_untouched() {
        let (dir, state) = fresh();
        let me = state
            .with_mut(|s| {
                s.create_claimant(expediente_core::ClaimantDraft {
                    full_name: "Ana López".into(),
                    ..Default::default()
                })
            })
            .unwrap();
        state
            .with_mut(|s| s.set_default_claimant(me.meta.id))
            .unwrap();
        let user_links = || {
            let s = expediente_core::Store::open(dir.path()).unwrap();
            s.verify_all().unwrap().iter().map(|r| r.links).sum::<u32>()
        };
        let before = user_links();

        let case = state.enter_demo().unwrap();
        let snap = snapshot_of(&state, false).unwrap();
        assert!(snap.info.demo);
        assert_eq!(snap.cases.len(), 1);
        assert_eq!(snap.cases[0].id, case);
        assert_eq!(snap.info.data_dir, dir.path().display().to_string());
        assert_ne!(state.store_dir(), dir.path(), "the demo's own folder");
        // What the window writes meanwhile goes to the demo's store.
        state.with_mut(|s| s.archive_case(case, "prueba")).unwrap();
        // Entering again shows the same demo, not a second copy.
        state.leave_demo().unwrap();
        state.enter_demo().unwrap();
        assert_eq!(state.with(|s| s.case_summaries_in(true)).unwrap().len(), 1);
        state.leave_demo().unwrap();

        let snap = snapshot_of(&state, false).unwrap();
        assert!(!snap.info.demo);
        assert!(snap.cases.is_empty() && snap.archived_total == 0);
        assert!(snap.companies.is_empty(), "no demo company to preselect");
        assert_eq!(snap.claimants.len(), 1);
        assert_eq!(snap.info.default_claimant, Some(me.meta.id));
        assert_eq!(state.store_dir(), dir.path());
        assert_eq!(
            user_links(),
            before,
            "not one link written to the user's data"
        );
    }

    #[test]
    fn a_read_only_store_says_so_and_refuses_writes_by_code() {
        let (dir, state) = fresh();
        state.with_mut(|s| s.load_demo()).unwrap();
        drop(state);
        let ro = expediente_core::Store::open_read_only(dir.path()).unwrap();
        let state = AppState::with_store(ro);
        let snap = snapshot_of(&state, false).unwrap();
        assert!(snap.info.read_only);
        assert_eq!(snap.cases.len(), 1);
        let id = snap.cases[0].id;
        let e = state.with_mut(|s| s.archive_case(id, "x")).unwrap_err();
        assert_eq!(e.code, "read_only");
    }

    /// A store opened at start from `dir` after `spoil` ran on its database file.
    fn start_with(spoil: impl FnOnce(&std::path::Path)) -> (tempfile::TempDir, AppState) {
        let (dir, state) = fresh();
        state.with_mut(|s| s.load_demo()).unwrap();
        drop(state);
        spoil(&dir.path().join(expediente_core::store::DB_FILE));
        let state = AppState::open(dir.path());
        (dir, state)
    }

    #[test]
    fn a_damaged_or_newer_database_starts_the_window_on_its_code() {
        let (_d, state) = start_with(|db| std::fs::write(db, b"garbage".repeat(1000)).unwrap());
        assert_eq!(state.startup_error().unwrap().code, "db_corrupt");
        assert!(start_script(&state).contains("\"code\":\"db_corrupt\""));
        let (_d, state) = start_with(|db| {
            let s = expediente_core::Store::open(db.parent().unwrap()).unwrap();
            let c = s.connection();
            c.pragma_update(None, "user_version", 999).unwrap();
        });
        assert_eq!(state.startup_error().unwrap().code, "db_too_new");
        let snap = snapshot_of(&state, true).unwrap();
        assert!(snap.cases.is_empty());
        // A folder that can be neither written nor read as a store (even by root).
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("file");
        std::fs::write(&file, b"x").unwrap();
        let state = AppState::open(&file.join("data"));
        assert_eq!(state.startup_error().unwrap().code, "read_only");
    }
}
