//! Journal lines that do not apply, set aside in `<slug>.rejected` so that the rest opens.
//!
//! A line may be damaged (not a record), numbered as a change already read, or a change the
//! session refuses (a group it lacks, an edit of an answer it does not hold, often because an
//! earlier line was set aside). Opening leaves such a line out and says where and why; the writer
//! that opens the session next appends it to `<slug>.rejected` beside it (its owner's alone, one
//! JSON object a line) and folds the journal into the snapshot, so the line is out of the journal
//! and never read again. Nothing in that file is ever applied: it is there for a person to read.

use std::collections::HashSet;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::error::{Result, StoreError};
use super::files::{parent_dir, read_regular_capped, sync_dir, write_atomic};
use super::paths::{SessionPaths, rejected_path};

/// The format named in every line of a `.rejected` file.
pub const REJECTED_FORMAT: &str = "hearth-rejected/1";
/// A `.rejected` file is read (to add to it without repeating a line, or to take a withdrawn
/// answer's words out) only up to this size; past it, lines are appended without that check.
const MAX_REJECTED_READ: u64 = 256 * 1024 * 1024;

/// A journal line that opening left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedLine {
    /// 1-based line of the journal.
    pub line: usize,
    pub column: usize,
    /// The change number the line carries, when it is a record.
    pub seq: Option<u64>,
    /// Why it does not apply.
    pub why: String,
    /// The line as it was (invalid UTF-8 shown as U+FFFD), without its newline.
    pub text: String,
}

/// One line of a `.rejected` file.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    format: String,
    /// When it was set aside (UTC).
    set_aside: String,
    /// The journal it came from (a file name beside the session) and its line there.
    journal: String,
    line: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    seq: Option<u64>,
    why: String,
    text: String,
}

/// Appends `lines` to the session's `.rejected` file (created owner-only) and syncs it. A line
/// already there from an earlier open (one that stopped before the journal was rewritten) is not
/// written again. Returns the file's path.
pub(super) fn set_aside(paths: &SessionPaths, lines: &[RejectedLine]) -> Result<PathBuf> {
    let path = rejected_path(&paths.snapshot);
    let journal = paths
        .journal
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let there: HashSet<(Option<u64>, String)> = read_regular_capped(&path, MAX_REJECTED_READ)
        .map(|bytes| {
            entries(&bytes)
                .filter_map(|(_, e)| e.map(|e| (e.seq, e.text)))
                .collect()
        })
        .unwrap_or_default();
    let now = jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let mut out = Vec::new();
    for l in lines {
        if there.contains(&(l.seq, l.text.clone())) {
            continue;
        }
        let entry = Entry {
            format: REJECTED_FORMAT.to_owned(),
            set_aside: now.clone(),
            journal: journal.clone(),
            line: l.line,
            seq: l.seq,
            why: l.why.clone(),
            text: l.text.clone(),
        };
        out.extend(serde_json::to_vec(&entry).expect("an entry always serializes"));
        out.push(b'\n');
    }
    if out.is_empty() {
        return Ok(path);
    }
    let created = !path.exists();
    let mut options = OpenOptions::new();
    crate::platform::owner_only(&mut options)
        .append(true)
        .create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Never through a symlink, never waiting on a FIFO.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let mut file = options
        .open(&path)
        .map_err(StoreError::io(&path, "cannot write"))?;
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err(StoreError::Io {
            path,
            action: "cannot write",
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a regular file (a device, a FIFO or a socket)",
            ),
        });
    }
    // A last line cut short by a crash is ended first, so the new ones start on a line.
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > 0 {
        let ends_line = read_regular_capped(&path, MAX_REJECTED_READ)
            .is_none_or(|b| b.last().is_none_or(|&c| c == b'\n'));
        if !ends_line {
            out.insert(0, b'\n');
        }
    }
    file.write_all(&out)
        .and_then(|()| file.sync_all())
        .map_err(StoreError::io(&path, "cannot write"))?;
    if created {
        sync_dir(&parent_dir(&path)).map_err(StoreError::io(&path, "cannot write"))?;
    }
    Ok(path)
}

/// Each line of a `.rejected` file, with the entry it holds (`None` for a line that is not one).
fn entries(bytes: &[u8]) -> impl Iterator<Item = (&[u8], Option<Entry>)> {
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| (l, serde_json::from_slice::<Entry>(l).ok()))
}

/// How many lines the session's `.rejected` file holds (0 when there is none).
pub fn rejected_count(snapshot: &Path) -> usize {
    read_regular_capped(&rejected_path(snapshot), MAX_REJECTED_READ)
        .map(|b| entries(&b).count())
        .unwrap_or(0)
}

/// Takes out of the `.rejected` file every line that names one of `ids` (withdrawn answers):
/// rewritten without them (atomically, synced), or removed when nothing else is left. Returns
/// whether the file changed.
pub(super) fn scrub(snapshot: &Path, ids: &HashSet<&str>) -> Result<bool> {
    let path = rejected_path(snapshot);
    let Ok(meta) = fs::symlink_metadata(&path) else {
        return Ok(false);
    };
    if !meta.is_file() {
        return Ok(false);
    }
    let Some(bytes) = read_regular_capped(&path, MAX_REJECTED_READ) else {
        // Too large to rewrite: it may name the answer, and is removed whole.
        fs::remove_file(&path).map_err(StoreError::io(&path, "cannot remove"))?;
        return Ok(true);
    };
    let names = |line: &[u8]| {
        ids.iter()
            .any(|id| line.windows(id.len()).any(|w| w == id.as_bytes()))
    };
    let mut kept = Vec::new();
    let mut changed = false;
    for (line, _) in entries(&bytes) {
        if names(line) {
            changed = true;
        } else {
            kept.extend_from_slice(line);
            kept.push(b'\n');
        }
    }
    if !changed {
        return Ok(false);
    }
    if kept.is_empty() {
        fs::remove_file(&path).map_err(StoreError::io(&path, "cannot remove"))?;
    } else {
        write_atomic(&path, &kept)?;
    }
    Ok(true)
}
