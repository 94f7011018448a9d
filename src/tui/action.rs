//! What can happen to the app (actions) and what the app asks the outside world to do (effects).

use std::path::PathBuf;
use std::time::Instant;

use ratatui::crossterm::event::KeyEvent;

use super::boards::Hit;
use crate::model::{Change, Session};

#[derive(Debug, Clone)]
pub enum Action {
    Key(KeyEvent),
    /// A bracketed paste: inserted as it is, never submitted by itself.
    Paste(String),
    Click(Hit),
    /// Mouse wheel: positive scrolls down.
    Scroll(i16),
    Tick(Instant),
    /// The pending changes are on disk.
    Persisted,
    /// The pending changes could not be written; nothing was saved.
    PersistFailed(String),
    Opened {
        path: PathBuf,
        session: Box<Session>,
    },
    OpenFailed(String),
    Exported(Vec<PathBuf>),
    ExportFailed(String),
    /// A signal (SIGTERM, SIGHUP) or the terminal going away.
    Quit,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Append these changes to the session journal (one sync); answer with `Persisted` or
    /// `PersistFailed`.
    Persist(Vec<Change>),
    Bell,
    Quit,
    OpenSession(PathBuf),
    CreateSession {
        scenario: PathBuf,
        title: String,
        date: Option<jiff::civil::Date>,
        groups: Vec<String>,
    },
    /// Write the session's exports beside it, in `exports/`.
    Export,
}
