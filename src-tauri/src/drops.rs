//! Files the page may attach without naming them: the paths of the OS's latest drop on the
//! window (taken from Tauri's drag-drop event, never from the page) and files held while the
//! user is asked whether to attach a duplicate. Each is behind a one-time token that expires.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use expediente_core::Id;
use serde::Serialize;
use tauri::{AppHandle, DragDropEvent, Emitter, Manager, Runtime, WindowEvent};

/// The event that tells the window files were dropped on it (with a token, no paths).
pub const DROPPED_EVENT: &str = "evidence-dropped";
/// How long a drop waits for the page to attach it.
pub const DROP_LIFETIME: Duration = Duration::from_secs(120);
/// How long duplicates wait for the user's answer.
pub const ASK_LIFETIME: Duration = Duration::from_secs(30 * 60);
/// Most questions about duplicates kept at once (older ones are forgotten).
const MAX_ASKS: usize = 16;

/// What [`DROPPED_EVENT`] carries: the token to attach the drop with, and how many files.
#[derive(Debug, Clone, Serialize)]
pub struct Dropped {
    pub token: String,
    pub count: usize,
}

/// Files already in the store whose bytes the case had, waiting for "attach again?".
#[derive(Debug, Clone)]
pub struct Held {
    pub case_id: Id,
    pub attempt_id: Option<Id>,
    pub note: String,
    /// (SHA-256, name to attach it under).
    pub files: Vec<(String, String)>,
}

struct Drop {
    token: String,
    paths: Vec<PathBuf>,
    at: Instant,
}

/// The shell's managed state for drops and held duplicates.
#[derive(Default)]
pub struct Drops {
    latest: Mutex<Option<Drop>>,
    asks: Mutex<HashMap<String, (Held, Instant)>>,
}

fn token() -> String {
    Id::new_v4().simple().to_string()
}

impl Drops {
    /// Keeps the paths of a drop the OS reported (replacing any earlier one); its token.
    pub fn remember(&self, paths: Vec<PathBuf>) -> Option<String> {
        let token = token();
        let mut latest = self.latest.lock().ok()?;
        *latest = Some(Drop {
            token: token.clone(),
            paths,
            at: Instant::now(),
        });
        Some(token)
    }

    /// The paths of the drop with this token, once: `None` if it is not the latest drop,
    /// was already taken, or is older than [`DROP_LIFETIME`].
    pub fn take(&self, token: &str) -> Option<Vec<PathBuf>> {
        let mut latest = self.latest.lock().ok()?;
        match latest.as_ref() {
            Some(d) if d.token == token && d.at.elapsed() <= DROP_LIFETIME => {
                latest.take().map(|d| d.paths)
            }
            _ => None,
        }
    }

    /// Holds duplicates until the user answers; the token to attach them with.
    pub fn hold(&self, held: Held) -> String {
        let token = token();
        if let Ok(mut asks) = self.asks.lock() {
            asks.retain(|_, (_, at)| at.elapsed() <= ASK_LIFETIME);
            if asks.len() >= MAX_ASKS {
                if let Some(oldest) = asks
                    .iter()
                    .min_by_key(|(_, (_, at))| *at)
                    .map(|(k, _)| k.clone())
                {
                    asks.remove(&oldest);
                }
            }
            asks.insert(token.clone(), (held, Instant::now()));
        }
        token
    }

    /// The duplicates held under this token, once.
    pub fn release(&self, token: &str) -> Option<Held> {
        let mut asks = self.asks.lock().ok()?;
        let (held, at) = asks.remove(token)?;
        (at.elapsed() <= ASK_LIFETIME).then_some(held)
    }
}

/// The window's events as Tauri delivers them: a drag-drop on the window's webview comes
/// as a window event.
pub fn on_window_event<R: Runtime>(app: &AppHandle<R>, event: &WindowEvent) {
    if let WindowEvent::DragDrop(e) = event {
        on_drag_drop(app, e);
    }
}

/// A drag-drop event (from the window or a webview): only a finished drop counts.
pub fn on_drag_drop<R: Runtime>(app: &AppHandle<R>, event: &DragDropEvent) {
    if let DragDropEvent::Drop { paths, .. } = event {
        on_drop(app, paths);
    }
}

/// Keeps the paths of an OS drop in Rust and tells the window a drop can be attached, by
/// token. The page never sees a path here.
pub fn on_drop<R: Runtime>(app: &AppHandle<R>, paths: &[PathBuf]) {
    if paths.is_empty() {
        return;
    }
    let Some(token) = app.state::<Drops>().remember(paths.to_vec()) else {
        return;
    };
    let _ = app.emit_to(
        crate::MAIN_WINDOW,
        DROPPED_EVENT,
        Dropped {
            token,
            count: paths.len(),
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drop_is_taken_once_by_its_own_token_and_a_later_drop_replaces_it() {
        let d = Drops::default();
        let first = d.remember(vec!["/tmp/a".into()]).unwrap();
        assert!(d.take("not-the-token").is_none());
        let second = d.remember(vec!["/tmp/b".into()]).unwrap();
        assert!(d.take(&first).is_none(), "an older drop is gone");
        assert_eq!(d.take(&second), Some(vec![PathBuf::from("/tmp/b")]));
        assert!(d.take(&second).is_none(), "one use only");
    }

    #[test]
    fn held_duplicates_are_released_once_and_capped() {
        let d = Drops::default();
        let held = Held {
            case_id: Id::nil(),
            attempt_id: None,
            note: String::new(),
            files: vec![("ab".repeat(32), "a.png".into())],
        };
        let t = d.hold(held.clone());
        assert_eq!(d.release(&t).unwrap().files.len(), 1);
        assert!(d.release(&t).is_none());
        let tokens: Vec<String> = (0..MAX_ASKS + 3).map(|_| d.hold(held.clone())).collect();
        assert!(d.asks.lock().unwrap().len() <= MAX_ASKS);
        assert!(d.release(tokens.last().unwrap()).is_some());
    }
}
