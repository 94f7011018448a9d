//! Erasing a withdrawn answer's words from the files beside a session that may hold them.
//!
//! The snapshot and the journal are handled by the compaction that follows a withdrawal (see
//! [`super::SessionStore::compact`]); this removes the rest: a torn journal line set aside
//! (`<slug>.journal.torn-*`) from an edit of the answer, an unreadable drafts file set aside
//! (`<slug>.drafts.unreadable-*`) that names it, the drafts file when its text is an edit of the
//! answer, the lines about it set aside in `<slug>.rejected`, and temporary snapshots a killed
//! writer left. It runs before the journal is emptied,
//! so a crash part way leaves the withdrawal record in the journal and the next open runs it
//! again.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use super::error::{Result, StoreError};
use super::files::{
    open_regular, parent_dir, read_regular_capped, remove_stale_temporaries, sync_dir,
};
use super::paths::SessionPaths;
use crate::model::Session;
use crate::model::Unsaved;
use crate::model::unsaved::UnsavedEntry;
use std::io::Read;

/// Removes every file beside the session that may hold words of a withdrawn answer.
pub(super) fn erase_beside(paths: &SessionPaths, session: &Session) -> Result<()> {
    let ids: HashSet<&str> = session
        .contributions()
        .iter()
        .filter(|c| c.is_withdrawn())
        .map(|c| c.id.as_str())
        .collect();
    if ids.is_empty() {
        return Ok(());
    }
    // Only the lock's holder writes these, and it holds the lock: they are dead processes'.
    remove_stale_temporaries(&paths.snapshot);
    let dir = parent_dir(&paths.snapshot);
    let name_of = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let drafts = super::drafts::drafts_path(&paths.snapshot);
    let set_aside = [
        format!("{}.torn-", name_of(&paths.journal)),
        format!("{}.unreadable-", name_of(&drafts)),
    ];
    // Lines set aside from the journal: an edit of the answer keeps its words there.
    let mut removed = super::rejected::scrub(&paths.snapshot, &ids)?;
    let entries = fs::read_dir(&dir).map_err(StoreError::io(&dir, "cannot read"))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        // Whether the file names a withdrawn answer. Only a regular file can keep words;
        // anything else is neither waited on nor read.
        let names_one = |path: &Path| -> Result<bool> {
            match open_regular(path) {
                Ok(mut f) => {
                    let mut bytes = Vec::new();
                    f.read_to_end(&mut bytes)
                        .map_err(StoreError::io(path, "cannot read"))?;
                    Ok(ids.iter().any(|id| contains(&bytes, id.as_bytes())))
                }
                Err(_) => Ok(false),
            }
        };
        let doomed = if set_aside.iter().any(|p| name.starts_with(p.as_str())) {
            // A torn record names the answer before its text (`"id"` comes first).
            names_one(&path)?
        } else if path == drafts {
            match scrub_drafts(&path, &ids)? {
                // Rewritten without the withdrawn answers' edits (the rest of the typing stays).
                Scrub::Rewritten => {
                    removed = true;
                    false
                }
                Scrub::Clean => false,
                // Not a drafts file hearth can rewrite, and it names the answer: it goes.
                Scrub::Unreadable => names_one(&path)?,
            }
        } else {
            false
        };
        if doomed {
            fs::remove_file(&path).map_err(StoreError::io(&path, "cannot remove"))?;
            removed = true;
        }
    }
    if removed {
        sync_dir(&dir).map_err(StoreError::io(&dir, "cannot write"))?;
    }
    Ok(())
}

enum Scrub {
    Clean,
    Rewritten,
    Unreadable,
}

/// Takes every edit of a withdrawn answer out of the drafts file — the box's and each one
/// waiting elsewhere — and writes it back (atomically, synced) when it held one.
fn scrub_drafts(path: &Path, ids: &HashSet<&str>) -> Result<Scrub> {
    // Only a regular file within the drafts' size is read (never a FIFO or a device).
    let Some(bytes) = read_regular_capped(path, super::drafts::MAX_DRAFTS_BYTES) else {
        return Ok(Scrub::Unreadable);
    };
    let Ok(mut unsaved) = serde_json::from_slice::<Unsaved>(&bytes) else {
        return Ok(Scrub::Unreadable);
    };
    let doomed = |e: &UnsavedEntry| e.editing.as_deref().is_some_and(|id| ids.contains(id));
    let before = unsaved.parked.len();
    unsaved.parked.retain(|e| !doomed(e));
    let mut changed = unsaved.parked.len() != before;
    if doomed(&unsaved.entry) {
        let place = UnsavedEntry {
            exercise: std::mem::take(&mut unsaved.entry.exercise),
            slot: std::mem::take(&mut unsaved.entry.slot),
            ..UnsavedEntry::default()
        };
        unsaved.entry = place;
        changed = true;
    }
    if !changed {
        return Ok(Scrub::Clean);
    }
    let out = serde_json::to_vec_pretty(&unsaved).map_err(|e| StoreError::Io {
        path: path.to_owned(),
        action: "cannot write",
        source: std::io::Error::other(e),
    })?;
    super::files::write_atomic(path, &out)?;
    Ok(Scrub::Rewritten)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}
