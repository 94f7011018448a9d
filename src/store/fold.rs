//! Folding a journal into the snapshot on a thread of its own. `<slug>.journal` and
//! `<slug>.journal.next` take turns: while one is folded in (from the snapshot and that file as
//! they are on disk), the other takes new changes, so no change waits for the rewrite. See
//! [`super::SessionStore::compact_if_due`] for the steps and why a crash at any of them loses
//! nothing.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use super::MAX_JOURNAL_BYTES;
use super::error::{Result, StoreError};
use super::files::{self, sync_dir};
use super::journal;
use super::load::{load_snapshot, replay};
use super::paths::SessionPaths;
use super::vfs::Vfs;
use crate::model::Session;

/// A snapshot's bytes: the session as pretty JSON and a newline.
pub(super) fn snapshot_bytes(session: &Session) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(session).expect("a session always serializes");
    bytes.push(b'\n');
    bytes
}

/// What a fold on another thread wrote: the new snapshot's size and contributions.
#[derive(Debug)]
pub(super) struct Folded {
    pub snapshot_len: u64,
    pub contributions: u64,
}

pub(super) fn fold_error(path: &Path, why: &str) -> StoreError {
    StoreError::Io {
        path: path.to_owned(),
        action: "cannot fold the journal in",
        source: std::io::Error::other(why.to_owned()),
    }
}

/// Folds the journal file `full` (no longer appended to) into the snapshot, from both as they
/// are on disk, then empties it. Runs on its own thread; the writer goes on appending to the
/// other file meanwhile. Anything unexpected in the file (damage, a torn line, a record that
/// does not apply) stops the fold before the snapshot is touched.
pub(super) fn fold(snapshot: &Path, mut full: File, vfs: &dyn Vfs) -> Result<Folded> {
    let (mut session, _) = load_snapshot(snapshot)?;
    let mut bytes = Vec::new();
    full.seek(SeekFrom::Start(0))
        .and_then(|_| full.read_to_end(&mut bytes))
        .map_err(StoreError::io(snapshot, "cannot fold the journal in"))?;
    let read = journal::read(&bytes);
    if read.torn.is_some() || !read.damaged.is_empty() {
        return Err(fold_error(snapshot, "the journal is damaged"));
    }
    let replayed = replay(&mut session, &read);
    if !replayed.rejected.is_empty() || !replayed.gaps.is_empty() {
        return Err(fold_error(snapshot, "a journal line does not apply"));
    }
    let out = snapshot_bytes(&session);
    vfs.replace(snapshot, &out)?;
    // Every record of `full` is in the snapshot now (numbered at most its `changes`).
    vfs.truncate(&full, 0)
        .and_then(|_| vfs.sync(&full))
        .map_err(StoreError::io(
            snapshot,
            "cannot truncate the folded journal",
        ))?;
    Ok(Folded {
        snapshot_len: out.len() as u64,
        contributions: session.contributions().len() as u64,
    })
}

/// `<slug>.journal.next` and its bytes, when it is there (a regular file only).
pub(super) fn open_next_journal(paths: &SessionPaths) -> Result<(Option<File>, Vec<u8>)> {
    // A symlink to a regular file is followed, as for every file read beside a session.
    match fs::metadata(&paths.next_journal) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((None, Vec::new())),
        Err(e) => {
            return Err(StoreError::Io {
                path: paths.next_journal.clone(),
                action: "cannot open",
                source: e,
            });
        }
        Ok(m) if !m.is_file() => {
            return Err(StoreError::Io {
                path: paths.next_journal.clone(),
                action: "cannot open",
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "not a regular file (a device, a FIFO or a socket)",
                ),
            });
        }
        Ok(_) => {}
    }
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .open(&paths.next_journal)
        .map_err(StoreError::io(&paths.next_journal, "cannot open"))?;
    let mut bytes = Vec::new();
    (&mut file)
        .take(MAX_JOURNAL_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(StoreError::io(&paths.next_journal, "cannot read"))?;
    if bytes.len() as u64 > MAX_JOURNAL_BYTES {
        return Err(StoreError::TooLarge {
            path: paths.next_journal.clone(),
            size: bytes.len() as u64,
            limit: MAX_JOURNAL_BYTES,
            expected: "a journal",
        });
    }
    Ok((Some(file), bytes))
}

/// Creates `<slug>.journal.next` (empty, its name durable before anything is appended to it).
pub(super) fn create_next_journal(paths: &SessionPaths) -> Result<File> {
    let mut options = OpenOptions::new();
    crate::platform::owner_only(&mut options)
        .read(true)
        .append(true)
        .create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options
        .open(&paths.next_journal)
        .map_err(StoreError::io(&paths.next_journal, "cannot create"))?;
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err(fold_error(&paths.next_journal, "not a regular file"));
    }
    #[cfg(unix)]
    crate::platform::set_blocking(&file);
    file.sync_all()
        .and_then(|_| sync_dir(&files::parent_dir(&paths.next_journal)))
        .map_err(StoreError::io(&paths.next_journal, "cannot create"))?;
    Ok(file)
}
