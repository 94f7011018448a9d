//! `hearth add` without reading the whole session: with a current outline (see
//! `outline_file.rs`), [`Appending::open`] reads the outline and only the journal lines written
//! since it (rewriting the outline once they pass 16 KiB), so an add costs about one appended
//! line and one sync whatever the session's size; otherwise it opens the session whole.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::error::{Result, StoreError};
use super::journal::Record;
use super::outline_file::*;
use super::paths::SessionPaths;
use super::session_store::{
    SessionStore, append_durably, journal_is_long, lock_journal, write_holder,
};
use super::shared::SessionRead;
use super::vfs::{RealVfs, Vfs};
use super::{COMPACT_MIN_BYTES, COMPACT_MIN_RECORDS, OpenReport};
use crate::model::Change;

/// A session opened to add to it: from its outline when that is current, otherwise whole.
// One a process (`hearth add`), held on the stack for one command: its size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Appending {
    Outline(OutlineWriter),
    Whole(SessionStore),
}

/// A session held for writing by its outline alone: new contributions and outline changes
/// (groups, settings) can be checked and appended; nothing else is loaded.
#[derive(Debug)]
pub struct OutlineWriter {
    paths: SessionPaths,
    outline: Outline,
    journal: File,
    holder: Holder,
    /// How much of the journal the outline file on disk covers.
    written_at: u64,
    /// Whether a change here altered the outline (a group, a setting): then it is rewritten.
    reshaped: bool,
    poisoned: Option<String>,
    vfs: Arc<dyn Vfs>,
}

/// `<slug>.lock`, naming this process while it holds the session; removed when it lets go.
#[derive(Debug)]
struct Holder(Option<PathBuf>);

impl Drop for Holder {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = fs::remove_file(path);
        }
    }
}

impl Appending {
    /// Opens `path` for adding: takes the writer lock, then reads the outline and the journal
    /// written since it, or (when the outline is not current) the whole session, as
    /// [`SessionStore::open`] does. On any error nothing has been written.
    pub fn open(path: &Path) -> Result<(Appending, OpenReport)> {
        Appending::open_with(path, Arc::new(RealVfs))
    }

    /// [`Appending::open`], writing through `vfs`.
    pub fn open_with(path: &Path, vfs: Arc<dyn Vfs>) -> Result<(Appending, OpenReport)> {
        let paths = SessionPaths::of(path)?;
        let mut journal = lock_journal(&paths)?;
        match current_outline(&paths, &mut journal) {
            Some((outline, replayed, written_at)) => {
                let holder = Holder(write_holder(&paths).then(|| paths.holder.clone()));
                let report = OpenReport {
                    replayed: replayed as usize,
                    torn: None,
                    open_to_others: paths.open_to_others(),
                    rejected: Vec::new(),
                    rejected_to: None,
                    gaps: Vec::new(),
                };
                Ok((
                    Appending::Outline(OutlineWriter {
                        paths,
                        outline,
                        journal,
                        holder,
                        written_at,
                        reshaped: false,
                        poisoned: None,
                        vfs,
                    }),
                    report,
                ))
            }
            None => {
                let (store, report) = SessionStore::open_locked(paths, journal, vfs)?;
                Ok((Appending::Whole(store), report))
            }
        }
    }

    /// The session as far as it was read: whole, or its outline (no contributions).
    pub fn session(&self) -> SessionRead<'_> {
        match self {
            Appending::Outline(w) => SessionRead::Held(&w.outline.session),
            Appending::Whole(store) => store.session(),
        }
    }

    pub fn paths(&self) -> &SessionPaths {
        match self {
            Appending::Outline(w) => &w.paths,
            Appending::Whole(store) => store.paths(),
        }
    }

    /// As [`SessionStore::apply_all`]: checked, appended and synced, or nothing written.
    pub fn apply_all(&mut self, changes: Vec<Change>) -> Result<()> {
        match self {
            Appending::Outline(w) => w.apply_all(changes),
            Appending::Whole(store) => store.apply_all(changes),
        }
    }

    /// Releases the session. When the journal has grown long, the session is read whole and
    /// compacted first (as [`SessionStore::close`]); an `Err` is that failing, and loses nothing.
    pub fn close(self) -> Result<()> {
        match self {
            Appending::Whole(store) => store.close(),
            Appending::Outline(w) => w.close(),
        }
    }
}

impl OutlineWriter {
    fn apply_all(&mut self, changes: Vec<Change>) -> Result<()> {
        if let Some(detail) = &self.poisoned {
            return Err(StoreError::Poisoned {
                path: self.paths.journal.clone(),
                detail: detail.clone(),
            });
        }
        // The outline is small: checking on a copy of it costs nothing worth saving.
        let mut next = self.outline.session.clone();
        let mut lines = Vec::new();
        for change in &changes {
            if !change.shapes_outline() && !matches!(change, Change::Add { .. }) {
                return Err(StoreError::Poisoned {
                    path: self.paths.journal.clone(),
                    detail: "only additions are written from a session's outline".to_owned(),
                });
            }
            next.apply(change).map_err(|source| StoreError::Rejected {
                path: self.paths.snapshot.clone(),
                source,
            })?;
            lines.extend_from_slice(
                &Record {
                    seq: next.changes,
                    change: change.clone(),
                }
                .to_line(),
            );
        }
        if lines.is_empty() {
            return Ok(());
        }
        let vfs = Arc::clone(&self.vfs);
        if let Err((source, poisoned)) = append_durably(
            vfs.as_ref(),
            &mut self.journal,
            self.outline.journal_len,
            &lines,
        ) {
            self.poisoned = poisoned;
            return Err(StoreError::Io {
                path: self.paths.journal.clone(),
                action: "cannot save",
                source,
            });
        }
        self.outline.journal_len += lines.len() as u64;
        self.outline.journal_records += changes.len() as u64;
        self.reshaped |= changes.iter().any(Change::shapes_outline);
        self.outline.session = next.outline();
        Ok(())
    }

    fn close(self) -> Result<()> {
        let OutlineWriter {
            paths,
            outline,
            journal,
            mut holder,
            written_at,
            reshaped,
            poisoned,
            vfs,
        } = self;
        if poisoned.is_some() {
            return Ok(());
        }
        let long = journal_is_long(
            (outline.journal_len, outline.journal_records),
            (outline.snapshot.len, outline.snapshot_contributions),
            (COMPACT_MIN_BYTES, COMPACT_MIN_RECORDS),
        );
        if long {
            // Still holding the lock: read the session whole and fold the journal in. The store
            // names itself in the holder file from here on, and removes it.
            let (store, _) = SessionStore::open_locked(paths, journal, vfs)?;
            holder.0 = None;
            return store.close();
        }
        if reshaped || outline.journal_len - written_at > OUTLINE_REWRITE_BYTES {
            write_outline(
                &paths,
                &outline.session,
                outline.snapshot_contributions,
                (outline.journal_len, outline.journal_records),
            );
        }
        Ok(())
    }
}
