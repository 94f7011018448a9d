use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::MAX_JOURNAL_BYTES;
use super::error::{Result, StoreError};
use super::files::{self, remove_stale_temporaries, sync_dir, write_atomic};
use super::fold::{
    Folded, create_next_journal, fold, fold_error, open_next_journal, snapshot_bytes,
};
pub(super) use super::holder::{lock_journal, write_holder};
use super::journal;
use super::load::{load_snapshot, replay};
use super::paths::SessionPaths;
use super::report::{OpenReport, TornTail};
use super::shared::{SessionRead, SharedSession};
use super::vfs::{RealVfs, Vfs};
use crate::model::text::slugify;
use crate::model::{Change, Session, check_each};

/// The journal is folded into the snapshot once it holds more bytes than the snapshot and more
/// than this. Below it a small session is never rewritten for a few answers; 1 MiB is about 3,000
/// answers, replayed in a few milliseconds when the session is opened.
pub const COMPACT_MIN_BYTES: u64 = 1024 * 1024;
/// ... or once it holds more records than the snapshot holds contributions and more than this.
/// Replaying a record costs about what reading one contribution from the snapshot costs, so
/// opening stays within about twice the cost of opening a freshly compacted session, even when
/// the records are short ones (stars, moves) that the byte limit would let pile up.
pub const COMPACT_MIN_RECORDS: u64 = 10_000;

/// Creates the files of a new session in `dir`, named from its date and title, and returns the
/// snapshot's path. Never overwrites an existing session.
pub fn create_session(dir: &Path, session: &Session) -> Result<PathBuf> {
    crate::platform::create_owner_only_dir_all(dir)
        .map_err(StoreError::io(dir, "cannot create the directory"))?;
    let base = match session.date {
        Some(d) => format!("{d}-{}", slugify(&session.title)),
        None => slugify(&session.title),
    };
    for n in 1..10_000 {
        let name = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let paths = SessionPaths::of(&dir.join(format!("{name}.json")))?;
        // A journal's partner left behind names this session too: never replayed over another.
        if paths.snapshot.exists() || fs::symlink_metadata(&paths.next_journal).is_ok() {
            continue;
        }
        // Claiming the journal name first makes two concurrent creations pick different names.
        match crate::platform::owner_only(&mut OpenOptions::new())
            .write(true)
            .create_new(true)
            .open(&paths.journal)
        {
            Ok(f) => f
                .sync_all()
                .map_err(StoreError::io(&paths.journal, "cannot write"))?,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(StoreError::Io {
                    path: paths.journal,
                    action: "cannot create",
                    source: e,
                });
            }
        }
        write_atomic(&paths.snapshot, &snapshot_bytes(session))?;
        return Ok(paths.snapshot);
    }
    Err(StoreError::WrongKind {
        at: None,
        path: dir.join(base),
        message: "too many sessions with this name".into(),
    })
}

/// An open session, held for writing. Every change goes through [`SessionStore::apply`].
#[derive(Debug)]
pub struct SessionStore {
    paths: SessionPaths,
    /// The session as saved: written only to apply changes already in the journal, read by
    /// whoever [`SessionStore::shared`] was handed to.
    session: SharedSession,
    /// `<slug>.journal`, opened for appending; its OS lock marks this process as the one writer.
    journal: File,
    /// `<slug>.journal.next`, once opened: the journal's partner, taking new changes while the
    /// journal is folded into the snapshot on another thread (and the other way round).
    next: Option<File>,
    /// Whether new changes go to `next` (else to `journal`).
    on_next: bool,
    /// The other file's fold into the snapshot, running on its own thread.
    folding: Option<std::thread::JoinHandle<Result<Folded>>>,
    /// A fold on another thread failed: the next fold is done in place, at once.
    fold_failed: bool,
    /// Bytes in the file taking new changes.
    journal_len: u64,
    /// Records in the file taking new changes (replayed or already in the snapshot).
    journal_records: u64,
    snapshot_len: u64,
    /// Contributions in the snapshot on disk.
    snapshot_contributions: u64,
    compact_min_bytes: u64,
    compact_min_records: u64,
    poisoned: Option<String>,
    holder_written: bool,
    /// A withdrawal is in the journal whose words earlier lines, the snapshot or a set-aside
    /// file may still hold: the next compaction erases them (see [`super::withdraw`]).
    withdrawal_pending: bool,
    /// Every write that decides durability goes through here (tests put faults in it).
    vfs: std::sync::Arc<dyn Vfs>,
}

impl SessionStore {
    /// Opens a session for writing: takes the lock, replays the journal, sets aside a torn tail.
    /// On any error nothing has been written.
    pub fn open(path: &Path) -> Result<(SessionStore, OpenReport)> {
        SessionStore::open_with(path, std::sync::Arc::new(RealVfs))
    }

    /// [`SessionStore::open`], writing through `vfs`.
    pub fn open_with(
        path: &Path,
        vfs: std::sync::Arc<dyn Vfs>,
    ) -> Result<(SessionStore, OpenReport)> {
        let paths = SessionPaths::of(path)?;
        let journal = lock_journal(&paths)?;
        SessionStore::open_locked(paths, journal, vfs)
    }

    /// Opens a session whose journal this process has just opened and locked.
    pub(super) fn open_locked(
        paths: SessionPaths,
        mut journal: File,
        vfs: std::sync::Arc<dyn Vfs>,
    ) -> Result<(SessionStore, OpenReport)> {
        let (mut session, snapshot_len) = load_snapshot(&paths.snapshot)?;
        let snapshot_contributions = session.contributions().len();
        let jlen = journal
            .metadata()
            .map_err(StoreError::io(&paths.journal, "cannot read"))?
            .len();
        if jlen > MAX_JOURNAL_BYTES {
            return Err(StoreError::TooLarge {
                path: paths.journal,
                size: jlen,
                limit: MAX_JOURNAL_BYTES,
                expected: "a journal",
            });
        }
        let mut bytes = Vec::with_capacity(jlen as usize);
        journal
            .seek(SeekFrom::Start(0))
            .and_then(|_| journal.read_to_end(&mut bytes))
            .map_err(StoreError::io(&paths.journal, "cannot read"))?;
        let mut read = journal::read(&bytes);
        let torn_tail = read.torn.take();
        let (intact_len, journal_records) = (read.intact_len as u64, read.records.len() as u64);
        let (mut next, next_bytes) = open_next_journal(&paths)?;
        let mut next_read = journal::read(&next_bytes);
        let next_torn = next_read.torn.take();
        let next_intact = next_read.intact_len as u64;
        let next_used = !next_bytes.is_empty();
        let both = journal::combine(read, next_read);
        let replayed = replay(&mut session, &both);
        let mut report = OpenReport {
            replayed: replayed.replayed,
            torn: None,
            open_to_others: paths.open_to_others(),
            rejected_to: None,
            rejected: replayed.rejected,
            gaps: replayed.gaps,
        };
        if !report.rejected.is_empty() {
            // Kept (synced) before the journal that holds them is folded in below.
            report.rejected_to = Some(super::rejected::set_aside(&paths, &report.rejected)?);
        }
        let mut journal_len = bytes.len() as u64;
        if let Some(torn) = &torn_tail {
            let kept_at = set_aside(&paths.journal, torn)?;
            journal
                .set_len(intact_len)
                .and_then(|_| journal.sync_data())
                .map_err(StoreError::io(&paths.journal, "cannot repair"))?;
            journal_len = intact_len;
            report.torn = Some(TornTail {
                bytes: torn.len(),
                kept_at: Some(kept_at),
            });
        }
        if let (Some(torn), Some(file)) = (&next_torn, next.as_mut()) {
            // Set aside under the journal's name (`<slug>.journal.torn-*`), like its own.
            let kept_at = set_aside(&paths.journal, torn)?;
            file.set_len(next_intact)
                .and_then(|_| file.sync_data())
                .map_err(StoreError::io(&paths.next_journal, "cannot repair"))?;
            report.torn = Some(TornTail {
                bytes: torn.len(),
                kept_at: Some(kept_at),
            });
        }
        if torn_tail.is_none() && bytes.last().is_some_and(|&b| b != b'\n') {
            // A complete last record whose newline was never written: end its line.
            journal
                .write_all(b"\n")
                .and_then(|_| journal.sync_data())
                .map_err(StoreError::io(&paths.journal, "cannot repair"))?;
            journal_len += 1;
        }
        let withdrawal_pending = both
            .records
            .iter()
            .any(|(_, r)| matches!(r.change, Change::Withdraw { .. }));
        let mut store = SessionStore {
            paths,
            snapshot_contributions: snapshot_contributions as u64,
            session: SharedSession::new(session),
            journal,
            journal_len,
            journal_records,
            next,
            on_next: false,
            folding: None,
            fold_failed: false,
            snapshot_len,
            compact_min_bytes: COMPACT_MIN_BYTES,
            compact_min_records: COMPACT_MIN_RECORDS,
            poisoned: None,
            holder_written: false,
            withdrawal_pending,
            vfs,
        };
        store.holder_written = write_holder(&store.paths);
        remove_stale_temporaries(&store.paths.snapshot);
        if store.withdrawal_pending
            || !report.rejected.is_empty()
            || !report.gaps.is_empty()
            || next_used
        {
            // A withdrawal whose erasure a crash or a failure interrupted: finish it before
            // anything else, so no file keeps the words. Lines set aside, or numbers missing:
            // fold the journal in, so the lines left out are never read again. Changes in
            // `<slug>.journal.next` (a fold a crash cut short): fold both in, so that a session
            // at rest has one journal, the one `hearth add`'s outline reads.
            store.compact()?;
        }
        Ok((store, report))
    }

    /// The session as saved (read under its lock: see [`SharedSession::read`]).
    pub fn session(&self) -> SessionRead<'_> {
        self.session.read()
    }

    /// The session as saved, for readers on other threads: it is changed in place as changes
    /// are saved, under a lock held only while they are applied (after their sync), so readers
    /// never wait for the disk and nothing is applied twice.
    pub fn shared(&self) -> SharedSession {
        self.session.clone()
    }

    pub fn paths(&self) -> &SessionPaths {
        &self.paths
    }

    /// The journal is folded into the snapshot once it is larger than the snapshot and
    /// `bytes` (default [`COMPACT_MIN_BYTES`]). Tests lower it to exercise compaction.
    pub fn set_compact_min_bytes(&mut self, bytes: u64) {
        self.compact_min_bytes = bytes;
    }

    /// ... or once it holds more records than the snapshot holds contributions and `records`
    /// (default [`COMPACT_MIN_RECORDS`]).
    pub fn set_compact_min_records(&mut self, records: u64) {
        self.compact_min_records = records;
    }

    /// Whether the journal is long enough to be folded into the snapshot: by size, so that the
    /// rewrites cost at most about a byte written per byte appended, or by count, so that
    /// opening replays no more records than the snapshot holds contributions.
    pub fn journal_is_long(&self) -> bool {
        journal_is_long(
            (self.journal_len, self.journal_records),
            (self.snapshot_len, self.snapshot_contributions),
            (self.compact_min_bytes, self.compact_min_records),
        )
    }

    /// Applies a change durably: checked, appended to the journal, synced, then applied in
    /// memory. When this returns `Ok`, the change survives a crash. On `Err` nothing changed.
    pub fn apply(&mut self, change: Change) -> Result<()> {
        self.apply_all(vec![change])
    }

    /// Applies several changes with one sync. Each is checked against the session as it will
    /// be after the ones before it; if any is refused, none is written. A journal grown long is
    /// folded into the snapshot before this returns.
    pub fn apply_all(&mut self, changes: Vec<Change>) -> Result<()> {
        self.append_all(&changes)?;
        self.compact_if_due();
        Ok(())
    }

    /// As [`SessionStore::apply_all`], but a journal grown long is left for
    /// [`SessionStore::compact_if_due`], so that whoever waits for these changes can be answered
    /// first: they are durable in the journal when this returns. A withdrawal is the exception:
    /// its words leave the journal (by the compaction) before this returns.
    pub fn append_all(&mut self, changes: &[Change]) -> Result<()> {
        if let Some(detail) = &self.poisoned {
            return Err(StoreError::Poisoned {
                path: self.paths.journal.clone(),
                detail: detail.clone(),
            });
        }
        // Later changes may lean on earlier ones (an edit of a new contribution): each is
        // checked with the ones before it laid over the session, which is not copied.
        let mut lines = Vec::new();
        {
            let session = self.session.read();
            check_each(&session, changes, |_, _| {}).map_err(|(_, source)| {
                StoreError::Rejected {
                    path: self.paths.snapshot.clone(),
                    source,
                }
            })?;
            for (i, change) in changes.iter().enumerate() {
                journal::write_line(&mut lines, session.changes + 1 + i as u64, change);
            }
        }
        if lines.is_empty() {
            return Ok(());
        }
        let vfs = std::sync::Arc::clone(&self.vfs);
        let len = self.journal_len;
        if let Err((source, poisoned)) = append_durably(vfs.as_ref(), self.current(), len, &lines) {
            if poisoned.is_some() {
                self.poisoned = poisoned;
            }
            return Err(StoreError::Io {
                path: self.paths.journal.clone(),
                action: "cannot save",
                source,
            });
        }
        self.journal_len += lines.len() as u64;
        self.journal_records += changes.len() as u64;
        self.withdrawal_pending |= changes.iter().any(|c| matches!(c, Change::Withdraw { .. }));
        // Applied in memory under the write lock, held only for this (never across the sync).
        let mut session = self.session.write();
        for change in changes {
            if let Err(e) = session.apply(change) {
                // Unreachable while check and apply agree; refuse further writes if they do not.
                self.poisoned = Some(format!("a journaled change did not apply in memory: {e}"));
                return Err(StoreError::Poisoned {
                    path: self.paths.journal.clone(),
                    detail: e.to_string(),
                });
            }
        }
        drop(session);
        if self.withdrawal_pending {
            // The changes are already durable in the journal; a failed compaction loses nothing
            // and is tried again after the next change (and by the next open: see
            // [`SessionStore::withdrawal_pending`]).
            let _ = self.compact();
        }
        Ok(())
    }

    /// Folds the journal into the snapshot if it grew long (or at once if it holds a
    /// withdrawal's words), without waiting for the rewrite: new changes go to the other journal
    /// file (`<slug>.journal` and `<slug>.journal.next` take turns) while another thread writes
    /// the snapshot from the snapshot and the full file as they are on disk, then empties that
    /// file. While it runs, later changes are appended and acknowledged as usual; a journal that
    /// grows long again meanwhile waits for the fold to finish. The changes are already durable:
    /// a failed fold loses nothing, and the next one is done in place.
    ///
    /// Crash-safe at every step: the other file is empty before it takes changes (its name made
    /// durable first); until the new snapshot replaces the old one, snapshot + both files hold
    /// everything; after, the folded file's records are numbered as already in the snapshot and
    /// are skipped, until it is emptied.
    pub fn compact_if_due(&mut self) {
        self.reap_fold(false);
        if self.withdrawal_pending {
            let _ = self.compact();
            return;
        }
        if !self.journal_is_long() || self.folding.is_some() {
            return;
        }
        if self.fold_failed || self.start_fold().is_err() {
            let _ = self.compact();
        }
    }

    /// Whether the fold of the other journal file is still running on its own thread.
    pub fn folding(&self) -> bool {
        self.folding.as_ref().is_some_and(|f| !f.is_finished())
    }

    /// Waits for a fold running on another thread, if any (tests and benches; the writer never
    /// needs to).
    pub fn wait_for_fold(&mut self) {
        self.reap_fold(true);
    }

    /// Takes the result of a finished fold (waiting for it if `wait`).
    fn reap_fold(&mut self, wait: bool) {
        let done = self
            .folding
            .as_ref()
            .is_some_and(|f| wait || f.is_finished());
        if !done {
            return;
        }
        match self.folding.take().map(std::thread::JoinHandle::join) {
            Some(Ok(Ok(folded))) => {
                self.snapshot_len = folded.snapshot_len;
                self.snapshot_contributions = folded.contributions;
            }
            Some(Ok(Err(_)) | Err(_)) => self.fold_failed = true,
            None => {}
        }
    }

    /// Switches new changes to the other journal file and folds the full one into the
    /// snapshot on another thread.
    fn start_fold(&mut self) -> Result<()> {
        let next_path = self.paths.next_journal.clone();
        if self.next.is_none() {
            self.next = Some(create_next_journal(&self.paths)?);
        }
        let (full, empty) = match (self.on_next, self.next.as_ref()) {
            (false, Some(next)) => (&self.journal, next),
            (true, Some(next)) => (next, &self.journal),
            (_, None) => return Err(fold_error(&next_path, "no partner journal")),
        };
        // The file that takes the changes next must hold none: the last fold emptied it.
        if empty.metadata().map(|m| m.len()).unwrap_or(1) != 0 {
            return Err(fold_error(&next_path, "the partner journal is not empty"));
        }
        let full = full
            .try_clone()
            .map_err(StoreError::io(&self.paths.journal, "cannot fold"))?;
        let snapshot = self.paths.snapshot.clone();
        let vfs = std::sync::Arc::clone(&self.vfs);
        let handle = std::thread::Builder::new()
            .name("hearth-fold".into())
            .spawn(move || {
                // Folding is background work: answering people comes first.
                crate::platform::lower_this_threads_priority();
                fold(&snapshot, full, vfs.as_ref())
            })
            .map_err(StoreError::io(&self.paths.journal, "cannot fold"))?;
        self.on_next = !self.on_next;
        self.journal_len = 0;
        self.journal_records = 0;
        self.folding = Some(handle);
        Ok(())
    }

    /// The file new changes are appended to.
    fn current(&mut self) -> &mut File {
        match (self.on_next, self.next.as_mut()) {
            (true, Some(next)) => next,
            _ => &mut self.journal,
        }
    }

    /// Bytes in the journal file not taking changes (`0` once its fold emptied it).
    fn other_len(&self) -> u64 {
        let other = if self.on_next {
            Some(&self.journal)
        } else {
            self.next.as_ref()
        };
        other.map_or(0, |f| f.metadata().map(|m| m.len()).unwrap_or(1))
    }

    /// Whether a withdrawal's words may still be on disk (in earlier journal lines, the
    /// snapshot, or a file set aside): its erasure failed and is tried again after the next
    /// change, at close, and by whoever opens the session next. [`SessionStore::compact`] says why.
    pub fn withdrawal_pending(&self) -> bool {
        self.withdrawal_pending
    }

    /// Rewrites the snapshot (atomically) with everything so far and empties the journal (both
    /// files), here and now, after any fold running on another thread.
    pub fn compact(&mut self) -> Result<()> {
        if let Some(detail) = &self.poisoned {
            return Err(StoreError::Poisoned {
                path: self.paths.journal.clone(),
                detail: detail.clone(),
            });
        }
        self.reap_fold(true);
        let session = self.session.read();
        let bytes = snapshot_bytes(&session);
        self.vfs.replace(&self.paths.snapshot, &bytes)?;
        self.snapshot_len = bytes.len() as u64;
        self.snapshot_contributions = session.contributions().len() as u64;
        if self.withdrawal_pending {
            // Before the journal is emptied: until then its withdrawal record marks the work
            // as unfinished, and the next open does it again.
            super::withdraw::erase_beside(&self.paths, &session)?;
        }
        drop(session);
        // Every journal record is now in the snapshot (its `changes` covers their seq), so a
        // crash before or after these truncations loses nothing.
        if let Some(next) = &self.next {
            self.vfs
                .truncate(next, 0)
                .and_then(|_| self.vfs.sync(next))
                .map_err(StoreError::io(&self.paths.next_journal, "cannot truncate"))?;
        }
        self.vfs
            .truncate(&self.journal, 0)
            .and_then(|_| self.vfs.sync(&self.journal))
            .map_err(StoreError::io(&self.paths.journal, "cannot truncate"))?;
        self.on_next = false;
        self.fold_failed = false;
        self.journal_len = 0;
        self.journal_records = 0;
        self.withdrawal_pending = false;
        Ok(())
    }

    /// Releases the lock. The snapshot is rewritten only when the journal is long (see
    /// [`SessionStore::journal_is_long`]): every change is already durable in the journal, so
    /// closing after a few changes costs nothing, however large the session. An `Err` is that
    /// rewrite failing, and loses nothing.
    pub fn close(mut self) -> Result<()> {
        self.reap_fold(true);
        // At rest a session has one journal (the one `hearth add`'s outline reads): changes
        // in `<slug>.journal.next` are folded in.
        let two = self.other_len() > 0 || (self.on_next && self.journal_len > 0);
        if self.journal_is_long() || self.withdrawal_pending || two {
            self.compact()?;
        }
        self.write_outline();
        Ok(())
    }

    /// Keeps `<slug>.outline` current, so that the next `hearth add` need not read the session.
    fn write_outline(&self) {
        // While a withdrawal is unfinished no outline covers its record, so the next `hearth
        // add` reads the session whole, and that open finishes the erasure.
        if self.poisoned.is_none() && !self.withdrawal_pending {
            super::outline_file::write_outline(
                &self.paths,
                &self.session.read(),
                self.snapshot_contributions,
                (self.journal_len, self.journal_records),
            );
        }
    }
}

impl Drop for SessionStore {
    fn drop(&mut self) {
        self.reap_fold(true);
        if self.holder_written {
            let _ = fs::remove_file(&self.paths.holder);
        }
    }
}

/// Whether a journal of `(bytes, records)` over a snapshot of `(bytes, contributions)` is to be
/// folded into a new snapshot, given the `(bytes, records)` below which it never is.
pub(super) fn journal_is_long(
    journal: (u64, u64),
    snapshot: (u64, u64),
    least: (u64, u64),
) -> bool {
    journal.0 > least.0.max(snapshot.0) || journal.1 > least.1.max(snapshot.1)
}

/// Appends `lines` to the journal and syncs them: when this returns `Ok` they survive a crash.
/// On a failure, whatever part of the write reached the file is cut back (the journal stays
/// `len` bytes, whole); if even that fails, the second `Err` says why and the journal must not
/// be written again by this process.
pub(super) fn append_durably(
    vfs: &dyn Vfs,
    journal: &mut File,
    len: u64,
    lines: &[u8],
) -> std::result::Result<(), (std::io::Error, Option<String>)> {
    if let Err(source) = vfs.append(journal, lines).and_then(|_| vfs.sync(journal)) {
        let poisoned = vfs
            .truncate(journal, len)
            .and_then(|_| vfs.sync(journal))
            .err()
            .map(|undo| format!("write failed ({source}), then truncating failed ({undo})"));
        return Err((source, poisoned));
    }
    Ok(())
}

fn set_aside(journal: &Path, torn: &[u8]) -> Result<PathBuf> {
    let ms = jiff::Timestamp::now().as_millisecond();
    let mut kept = PathBuf::from(format!("{}.torn-{ms}", journal.display()));
    let mut n = 1;
    while kept.exists() {
        n += 1;
        kept = PathBuf::from(format!("{}.torn-{ms}-{n}", journal.display()));
    }
    let mut f = crate::platform::owner_only(&mut OpenOptions::new())
        .write(true)
        .create_new(true)
        .open(&kept)
        .map_err(StoreError::io(&kept, "cannot write"))?;
    f.write_all(torn)
        .and_then(|_| f.sync_all())
        .map_err(StoreError::io(&kept, "cannot write"))?;
    sync_dir(&files::parent_dir(&kept)).map_err(StoreError::io(&kept, "cannot write"))?;
    Ok(kept)
}
