//! What can happen to the app (actions) and what the app asks the outside world to do (effects).

use std::path::PathBuf;
use std::time::Instant;

use ratatui::crossterm::event::KeyEvent;

use super::boards::Hit;
use crate::model::{Change, Session, Unsaved};
use crate::net::hub::DeviceInfo;

#[derive(Debug, Clone)]
pub enum Action {
    Key(KeyEvent),
    /// A bracketed paste: inserted as it is, never submitted by itself.
    Paste(String),
    /// Plain characters typed in a row into the focused text box (the event loop gathers
    /// them only where each would have been inserted).
    Typed(String),
    /// The whole text of the box's focused field, given anew (the plain mode's line editor hands
    /// back a line edited as a whole).
    Replace(String),
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
        /// What the drafts file beside it kept: unsaved text and where the facilitator was.
        unsaved: Option<Box<Unsaved>>,
    },
    OpenFailed(String),
    Exported(Vec<PathBuf>),
    ExportFailed(String),
    /// A signal (SIGTERM, SIGHUP) or the terminal going away.
    Quit,
    /// Sharing started: note-takers can join.
    Shared {
        url: String,
        code: String,
        /// The browser screen's read-only link (`/screen?code=…`).
        screen: String,
        local_only: bool,
        qr: Vec<String>,
    },
    ShareFailed(String),
    /// Sharing stopped; every answer in flight is saved.
    Unshared,
    /// Changes note-takers made, already on disk, in journal order.
    Arrived {
        from: String,
        changes: Vec<Change>,
    },
    /// The note-takers panel's list, refreshed.
    Devices(Vec<DeviceInfo>),
    /// Something the facilitator should know (a device joined, repeated wrong codes).
    Notice {
        text: String,
        warning: bool,
    },
    CodeRotated(String),
    /// The session as saved, when the screen's copy may have fallen behind.
    Resync(Box<Session>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Append these changes to the session journal (one sync); answer with `Persisted` or
    /// `PersistFailed`.
    Persist(Vec<Change>),
    Bell,
    /// Keep this in the drafts file beside the session (0600, synced): text typed and not
    /// saved, and where the facilitator is.
    KeepUnsaved(Unsaved),
    Quit,
    OpenSession(PathBuf),
    /// Start the next session of the series in this file (carrying forward its last session's
    /// groups, facilitators, event and mode), add it to the series, and open it.
    StartNextSession(PathBuf),
    CreateSession {
        scenario: crate::store::plans::PlanSource,
        title: String,
        groups: Vec<String>,
        details: crate::model::Details,
    },
    /// Write the session's exports beside it, in `exports/`.
    Export,
    /// Start sharing the session with note-takers; answer with `Shared` or `ShareFailed`.
    StartSharing,
    /// Stop sharing; answer with `Unshared`.
    StopSharing,
    /// Revoke a note-taker's device.
    Revoke(String),
    /// Give the session a new join code; answer with `CodeRotated`.
    RotateCode,
    /// The screen's copy of the session disagrees with what was saved; answer with `Resync`.
    Resync,
}
