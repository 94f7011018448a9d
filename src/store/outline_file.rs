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
use std::path::Path;

use serde::{Deserialize, Serialize};
use siphasher::sip128::{Hasher128, SipHasher24};
use std::hash::Hasher;

use super::journal::{self, Record};
use super::paths::{SessionPaths, outline_path};
use crate::model::{Change, Session};

pub(super) const OUTLINE_FORMAT: &str = "hearth-outline/2";
/// How much of the snapshot's start keys an outline's seal (its id, title, creation time, change
/// count and the start of its plan are in it).
pub(super) const SEAL_HEAD_BYTES: u64 = 4096;
/// An add rewrites the outline only once the journal has grown this much past it (or when the
/// add changed the outline itself): reading that much journal costs less than writing the file.
pub(super) const OUTLINE_REWRITE_BYTES: u64 = 16 * 1024;
/// An outline holds a plan, not answers: anything larger is not one.
pub(super) const MAX_OUTLINE_BYTES: u64 = 16 * 1024 * 1024;

/// The snapshot an outline was taken beside: any rewrite of it changes one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct SnapshotStamp {
    pub(super) len: u64,
    pub(super) modified_s: u64,
    pub(super) modified_ns: u32,
    pub(super) identity: u64,
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
pub(super) struct Outline {
    pub(super) format: String,
    pub(super) snapshot: SnapshotStamp,
    /// Contributions in that snapshot (for when to compact).
    pub(super) snapshot_contributions: u64,
    /// The journal bytes this outline covers: whole lines, records up to `session.changes`.
    pub(super) journal_len: u64,
    pub(super) journal_records: u64,
    /// The journal's identity: a journal replaced (rewritten by an editor) is not the one the
    /// outline covers part of.
    pub(super) journal_identity: u64,
    pub(super) session: Session,
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
pub(super) fn seal_key(snapshot: &Path) -> Option<(u64, u64)> {
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
pub(super) fn seal_of(body: &[u8], (k0, k1): (u64, u64)) -> String {
    let mut h = SipHasher24::new_with_keys(k0, k1);
    h.write(body);
    format!("{:032x}", h.finish128().as_u128())
}

/// The file's bytes: the outline's JSON object with `"seal"` as its last member.
pub(super) fn sealed(body: &[u8], key: (u64, u64)) -> Vec<u8> {
    let mut out = body[..body.len() - 1].to_vec(); // without the closing `}`
    out.extend_from_slice(format!(",\"seal\":\"{}\"}}", seal_of(body, key)).as_bytes());
    out
}

/// The outline's JSON without its seal, when the seal is the one hearth wrote for exactly these
/// bytes beside this snapshot. An outline edited by hand (a group, an exercise, a setting, a
/// change count, how much journal it covers) or written beside another session is not.
pub(super) fn unsealed(bytes: &[u8], key: (u64, u64)) -> Option<Vec<u8>> {
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
pub(super) fn current_outline(
    paths: &SessionPaths,
    journal: &mut File,
) -> Option<(Outline, u64, u64)> {
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
    // Changes in the journal's partner (a fold a crash cut short): the whole open folds them.
    if fs::symlink_metadata(&paths.next_journal).is_ok_and(|m| m.len() > 0 || !m.is_file()) {
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
