//! The outbox file's lines: `{"op":"push","at":…,"request":{…}}`, `{"op":"ack","id":…}` (the
//! server saved it), `{"op":"failed","id":…,"status":409,"message":…}` (refused for good: kept
//! and shown). Here they are written, replayed into the live entries, written back as only those
//! entries, and a torn or damaged line is set aside in a side file.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Entry, Refusal, io};
use crate::net::api::ContributionRequest;
use crate::store::StoreError;
use crate::store::files::sync_dir;

/// One line of the outbox file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub(super) enum Line {
    Push {
        /// When it was queued (RFC 3339).
        at: String,
        /// A refused entry this one is the corrected version of; that one goes once this is on disk.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        replaces: Option<String>,
        request: ContributionRequest,
    },
    Ack {
        id: String,
    },
    Failed {
        id: String,
        status: u16,
        message: String,
    },
}

impl Line {
    pub(super) fn to_bytes(&self) -> Vec<u8> {
        // Only strings and numbers: serializing cannot fail.
        let mut bytes = serde_json::to_vec(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }
}

/// The file's bytes holding only `entries`: each a push, and a refused one its refusal.
pub(super) fn live_bytes(entries: &[Entry]) -> Vec<u8> {
    let mut compact = Vec::new();
    for e in entries {
        compact.extend(
            Line::Push {
                at: e.queued.clone(),
                replaces: None,
                request: e.request.clone(),
            }
            .to_bytes(),
        );
        if let Some(r) = &e.failed {
            compact.extend(
                Line::Failed {
                    id: e.request.id.clone(),
                    status: r.status,
                    message: r.message.clone(),
                }
                .to_bytes(),
            );
        }
    }
    compact
}

/// Applies one line to the entries.
pub(super) fn apply(entries: &mut Vec<Entry>, line: Line) {
    match line {
        Line::Push {
            at,
            replaces,
            request,
        } => {
            if entries.iter().any(|e| e.request.id == request.id) {
                return;
            }
            // Only a refused entry is ever replaced; a waiting one is never dropped.
            if let Some(old) = replaces {
                entries.retain(|e| e.request.id != old || e.failed.is_none());
            }
            entries.push(Entry {
                request,
                queued: at,
                failed: None,
            });
        }
        Line::Ack { id } => entries.retain(|e| e.request.id != id),
        Line::Failed {
            id,
            status,
            message,
        } => {
            if let Some(e) = entries.iter_mut().find(|e| e.request.id == id) {
                e.failed = Some(Refusal { status, message });
            }
        }
    }
}

/// Replays outbox bytes: the live entries, and the bytes of every line that could not be read
/// (each with its newline), to be kept aside.
pub(super) fn replay(bytes: &[u8]) -> (Vec<Entry>, Vec<u8>) {
    let mut entries = Vec::new();
    let mut unreadable = Vec::new();
    for raw in bytes.split_inclusive(|&b| b == b'\n') {
        let line = raw.strip_suffix(b"\n").unwrap_or(raw);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Line>(line) {
            Ok(l) => apply(&mut entries, l),
            Err(_) => {
                unreadable.extend_from_slice(line);
                unreadable.push(b'\n');
            }
        }
    }
    (entries, unreadable)
}

/// Keeps unreadable bytes in `<outbox>.torn-<ms>` (synced) before the outbox is rewritten.
pub(super) fn set_aside(path: &Path, bytes: &[u8]) -> Result<PathBuf, StoreError> {
    let ms = jiff::Timestamp::now().as_millisecond();
    let mut kept = PathBuf::from(format!("{}.torn-{ms}", path.display()));
    let mut n = 1;
    while kept.exists() {
        kept = PathBuf::from(format!("{}.torn-{ms}-{n}", path.display()));
        n += 1;
    }
    let mut f = crate::platform::owner_only(&mut OpenOptions::new())
        .write(true)
        .create_new(true)
        .open(&kept)
        .map_err(io(&kept, "cannot keep unreadable outbox lines in"))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(io(&kept, "cannot keep unreadable outbox lines in"))?;
    sync_dir(&crate::store::files::parent_dir(&kept)).map_err(io(&kept, "cannot sync"))?;
    Ok(kept)
}
