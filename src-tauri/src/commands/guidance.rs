//! Guidance for one case: its next step, every running clock and its agency's readiness
//! checklist, as of the user's local day (`expediente-guidance` computes all of it).

use expediente_core::Id;
use expediente_guidance::Guidance;
use tauri::State;

use super::local_now;
use crate::error::CmdResult;
use crate::state::AppState;

/// The next step, clocks and readiness of case `id`, as of now.
#[tauri::command]
pub fn case_guidance(state: State<'_, AppState>, id: Id) -> CmdResult<Guidance> {
    state.with(|s| Ok(expediente_guidance::guide(&s.bundle(id)?, local_now())))
}
