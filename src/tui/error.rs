//! What can stop the terminal app, each saying what to do.

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
