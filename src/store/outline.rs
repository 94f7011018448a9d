//! Adding without reading the whole session.
//!
//! `<slug>.outline` keeps what checking a new contribution needs — the session without its
//! contributions (plan, groups, settings), its change count — together with the snapshot it was
//! taken beside (size, modification time, identity) and how much of the journal it covers. It is a
//! cache, never the record: written without a sync after each write, ignored when it does not match
//! the files, and rebuilt by the next full open. With a current outline, [`Appending::open`] reads
//! the outline and only the journal lines written since it (rewriting the outline once they pass
//! 16 KiB), so `hearth add` costs about one appended line and one sync whatever the session's size.

use std::fs::{self, File};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use siphasher::sip128::{Hasher128, SipHasher24};
use std::hash::Hasher;

use super::error::{Result, StoreError};
use super::journal::{self, Record};
use super::session_store::{
    SessionStore, append_durably, journal_is_long, lock_journal, write_holder,
};
use super::vfs::{RealVfs, Vfs};
use super::{COMPACT_MIN_BYTES, COMPACT_MIN_RECORDS, OpenReport, SessionPaths};
use crate::model::{Change, Session};

const OUTLINE_FORMAT: &str = "hearth-outline/2";
/// How much of the snapshot's start keys an outline's seal (its id, title, creation time, change
/// count and the start of its plan are in it).
const SEAL_HEAD_BYTES: u64 = 4096;
/// An add rewrites the outline only once the journal has grown this much past it (or when the
/// add changed the outline itself): reading that much journal costs less than writing the file.
const OUTLINE_REWRITE_BYTES: u64 = 16 * 1024;
/// An outline holds a plan, not answers: anything larger is not one.
const MAX_OUTLINE_BYTES: u64 = 16 * 1024 * 1024;

/// Where a session's outline is kept.
pub fn outline_path(snapshot: &Path) -> PathBuf {
    snapshot.with_extension("outline")
}

/// The snapshot an outline was taken beside: any rewrite of it changes one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct SnapshotStamp {
    len: u64,
    modified_s: u64,
    modified_ns: u32,
    identity: u64,
}

impl SnapshotStamp {
    fn of(snapshot: &Path) -> Option<SnapshotStamp> {
        let meta = fs::metadata(snapshot).ok()?;
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        Some(SnapshotStamp {
            len: meta.len(),
            modified_s: modified.as_secs(),
            modified_ns: modified.subsec_nanos(),
            identity: crate::platform::file_identity(&meta),
        })
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Outline {
    format: String,
    snapshot: SnapshotStamp,
    /// Contributions in that snapshot (for when to compact).
    snapshot_contributions: u64,
    /// The journal bytes this outline covers: whole lines, records up to `session.changes`.
    journal_len: u64,
    journal_records: u64,
    /// The journal's identity: a journal replaced (rewritten by an editor) is not the one the
    /// outline covers part of.
    journal_identity: u64,
    session: Session,
}

/// Writes the outline of a session held for writing. Best effort and unsynced: a lost or stale
/// outline only means the next add reads the whole session.
pub(super) fn write_outline(
    paths: &SessionPaths,
    session: &Session,
    snapshot_contributions: u64,
    journal: (u64, u64),
) {
    let Some(snapshot) = SnapshotStamp::of(&paths.snapshot) else {
        return;
    };
    let Ok(journal_identity) =
        fs::metadata(&paths.journal).map(|m| crate::platform::file_identity(&m))
    else {
        return;
    };
    let outline = Outline {
        format: OUTLINE_FORMAT.to_owned(),
        snapshot,
        snapshot_contributions,
        journal_len: journal.0,
        journal_records: journal.1,
        journal_identity,
        session: session.outline(),
    };
    let Ok(body) = serde_json::to_vec(&outline) else {
        return;
    };
    let Some(key) = seal_key(&paths.snapshot) else {
        return;
    };
    let bytes = sealed(&body, key);
    let path = outline_path(&paths.snapshot);
    let tmp = super::files::parent_dir(&path).join(format!(
        ".{}.tmp-{}",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    let written = crate::platform::owner_only(&mut fs::OpenOptions::new())
        .write(true)
        .create(true)
        .truncate(true)
        .open(&tmp)
        .and_then(|mut f| f.write_all(&bytes))
        .and_then(|()| fs::rename(&tmp, &path));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
        // A half-written outline would be refused anyway; an old one is only stale.
    }
}

/// The key of the seal of an outline taken beside `snapshot`: a hash of the snapshot's first
/// [`SEAL_HEAD_BYTES`], so that an outline written beside another session is not this one's.
fn seal_key(snapshot: &Path) -> Option<(u64, u64)> {
    let file = super::files::open_regular(snapshot).ok()?;
    let mut head = Vec::with_capacity(SEAL_HEAD_BYTES as usize);
    file.take(SEAL_HEAD_BYTES).read_to_end(&mut head).ok()?;
    let mut h = SipHasher24::new_with_keys(0x6865_6172_7468, 0x006f_7574_6c69_6e65);
    h.write(OUTLINE_FORMAT.as_bytes());
    h.write(&head);
    let k = h.finish128();
    Some((k.h1, k.h2))
}

/// The seal of an outline's JSON: a keyed hash of every byte of it.
fn seal_of(body: &[u8], (k0, k1): (u64, u64)) -> String {
    let mut h = SipHasher24::new_with_keys(k0, k1);
    h.write(body);
    format!("{:032x}", h.finish128().as_u128())
}

/// The file's bytes: the outline's JSON object with `"seal"` as its last member.
fn sealed(body: &[u8], key: (u64, u64)) -> Vec<u8> {
    let mut out = body[..body.len() - 1].to_vec(); // without the closing `}`
    out.extend_from_slice(format!(",\"seal\":\"{}\"}}", seal_of(body, key)).as_bytes());
    out
}

/// The outline's JSON without its seal, when the seal is the one hearth wrote for exactly these
/// bytes beside this snapshot. An outline edited by hand (a group, an exercise, a setting, a
/// change count, how much journal it covers) or written beside another session is not.
fn unsealed(bytes: &[u8], key: (u64, u64)) -> Option<Vec<u8>> {
    const SEAL_LEN: usize = ",\"seal\":\"\"}".len() + 32;
    let cut = bytes.len().checked_sub(SEAL_LEN)?;
    let (body, seal) = bytes.split_at(cut);
    let seal = seal.strip_prefix(b",\"seal\":\"")?.strip_suffix(b"\"}")?;
    let mut body = body.to_vec();
    body.push(b'}');
    let expected = seal_of(&body, key);
    (seal == expected.as_bytes()).then_some(body)
}

/// Reads the outline and brings it up to the journal's end, or says it cannot be trusted
/// (`None`): missing, unreadable, not sealed by hearth beside this snapshot, taken beside another
/// snapshot, or a journal that does not continue it line for line.
fn current_outline(paths: &SessionPaths, journal: &mut File) -> Option<(Outline, u64, u64)> {
    let path = outline_path(&paths.snapshot);
    // Only a regular file, and only so much of it: a FIFO or a device in its place is not
    // waited on nor read without end.
    let bytes = super::files::read_regular_capped(&path, MAX_OUTLINE_BYTES)?;
    let body = unsealed(&bytes, seal_key(&paths.snapshot)?)?;
    let mut outline: Outline = serde_json::from_slice(&body).ok()?;
    if outline.format != OUTLINE_FORMAT
        || Some(outline.snapshot) != SnapshotStamp::of(&paths.snapshot)
        || !outline.session.prepare().is_empty()
    {
        return None;
    }
    let meta = journal.metadata().ok()?;
    // On Unix only: elsewhere a file's identity is its creation time, which not every system
    // keeps steady while the file is appended to (Wine's does not).
    #[cfg(unix)]
    if crate::platform::file_identity(&meta) != outline.journal_identity {
        return None;
    }
    let len = meta.len();
    let start = outline.journal_len;
    if len < start {
        return None;
    }
    // The outline must end where a line ends.
    let from = start.saturating_sub(1);
    journal.seek(SeekFrom::Start(from)).ok()?;
    let mut tail = Vec::with_capacity((len - from) as usize);
    journal.read_to_end(&mut tail).ok()?;
    let tail = if start == 0 {
        &tail[..]
    } else if tail.first() == Some(&b'\n') {
        &tail[1..]
    } else {
        return None;
    };
    if tail.last().is_some_and(|&b| b != b'\n') {
        return None; // a torn or unterminated line: the full open repairs it
    }
    let read = journal::read(tail);
    if !read.damaged.is_empty() || read.torn.is_some() {
        return None; // the full open sets the damage aside
    }
    for (_, Record { seq, change }) in &read.records {
        if *seq != outline.session.changes + 1 || matches!(change, Change::Withdraw { .. }) {
            // A withdrawal not yet folded in: the whole open erases its words first.
            return None;
        }
        if change.shapes_outline() {
            outline.session.apply(change).ok()?;
        } else {
            outline.session.changes += 1;
        }
        outline.journal_records += 1;
    }
    outline.journal_len = len;
    Some((outline, read.records.len() as u64, start))
}

/// A session opened to add to it: from its outline when that is current, otherwise whole.
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
    pub fn session(&self) -> &Session {
        match self {
            Appending::Outline(w) => &w.outline.session,
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
