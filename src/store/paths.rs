//! The names of a session's files: its snapshot `<slug>.json`, and every file hearth keeps
//! beside it (journal, lock note, outline, drafts, rejected lines). Every other part of the
//! store finds them here.

use std::fs;
use std::path::{Path, PathBuf};

use super::error::{Result, StoreError};

/// The files of one session, named after its snapshot `<slug>.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionPaths {
    pub snapshot: PathBuf,
    pub journal: PathBuf,
    /// The journal's partner, `<slug>.journal.next`: the two take turns, one taking new changes
    /// while the other is folded into the snapshot on another thread.
    pub next_journal: PathBuf,
    /// Names the process holding the writer lock, for whoever is refused.
    pub holder: PathBuf,
}

impl SessionPaths {
    pub fn of(snapshot: &Path) -> Result<SessionPaths> {
        if snapshot.extension().and_then(|e| e.to_str()) != Some("json") {
            return Err(StoreError::WrongKind {
                at: None,
                path: snapshot.to_owned(),
                message: "a session is named by its .json file (the .journal beside it is found from that)".into(),
            });
        }
        Ok(SessionPaths {
            snapshot: snapshot.to_owned(),
            journal: snapshot.with_extension("journal"),
            next_journal: snapshot.with_extension("journal.next"),
            holder: snapshot.with_extension("lock"),
        })
    }

    /// The session's files (snapshot, journal, outline, drafts) that someone other than their
    /// owner may read or write.
    pub fn open_to_others(&self) -> Vec<PathBuf> {
        [
            self.snapshot.clone(),
            self.journal.clone(),
            self.next_journal.clone(),
            outline_path(&self.snapshot),
            drafts_path(&self.snapshot),
        ]
        .into_iter()
        .filter(|p| fs::metadata(p).is_ok_and(|m| crate::platform::open_to_others(&m)))
        .collect()
    }
}

/// Where a session's outline is kept.
pub fn outline_path(snapshot: &Path) -> PathBuf {
    snapshot.with_extension("outline")
}

/// Where the lines of a session's journal that did not apply are set aside.
pub fn rejected_path(snapshot: &Path) -> PathBuf {
    snapshot.with_extension("rejected")
}

/// Where the drafts of the session whose snapshot is `session` live (for a note-taker's
/// terminal, beside its outbox).
pub fn drafts_path(session: &Path) -> PathBuf {
    session.with_extension("drafts")
}
