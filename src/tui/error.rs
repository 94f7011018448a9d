//! What can stop the terminal app, or fail in it, each saying what to do.

use std::path::PathBuf;

use crate::export::ExportError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Opening, saving or closing the session.
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "cannot set up the terminal: {0}. Run hearth in a terminal window (not through a pipe)."
    )]
    Terminal(#[source] std::io::Error),
    #[error("cannot start the event loop: {0}. The system may be out of memory or threads.")]
    EventLoop(#[source] std::io::Error),
    #[error("cannot watch for signals: {0}")]
    Signals(#[source] std::io::Error),
}

impl AppError {
    /// The process exit code: 2 for bad input (as the store says), 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            AppError::Store(e) => e.exit_code(),
            _ => 1,
        }
    }
}

/// What can stop `hearth join`'s screen.
#[derive(Debug, thiserror::Error)]
pub enum JoinScreenError {
    #[error(
        "cannot set up the terminal: {0}. Run hearth join in a terminal window (not through a pipe)."
    )]
    Terminal(#[source] std::io::Error),
    #[error("cannot start the event loop: {0}. The system may be out of memory or threads.")]
    EventLoop(#[source] std::io::Error),
    #[error("cannot watch for signals: {0}")]
    Signals(#[source] std::io::Error),
}

/// Why the facilitator's changes did not reach the disk (the disk thread's answer).
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The disk thread holds no session (it was handed none, or gave it back).
    #[error("no session is open")]
    NoSession,
}

/// Why the export beside the session (`exports/`) did not finish.
#[derive(Debug, thiserror::Error)]
pub enum ExportFilesError {
    #[error(
        "cannot create the folder {}: {source}; check that the session's folder can be written to",
        dir.display()
    )]
    Folder {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Render(#[from] ExportError),
    #[error("{0}; check that the disk has room and the exports folder can be written to")]
    Write(#[source] StoreError),
}
