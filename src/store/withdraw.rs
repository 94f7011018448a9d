//! Erasing a withdrawn answer's words from the files beside a session that may hold them.
//!
//! The snapshot and the journal are handled by the compaction that follows a withdrawal (see
//! [`super::SessionStore::compact`]); this removes the rest: a torn journal line set aside
//! (`<slug>.journal.torn-*`) from an edit of the answer, an unreadable drafts file set aside
//! (`<slug>.drafts.unreadable-*`) that names it, the drafts file when its text is an edit of the
//! answer, and temporary snapshots a killed writer left. It runs before the journal is emptied,
//! so a crash part way leaves the withdrawal record in the journal and the next open runs it
//! again.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use super::error::{Result, StoreError};
use super::files::{
    open_regular, parent_dir, read_regular_capped, remove_stale_temporaries, sync_dir,
};
use super::session_store::SessionPaths;
use crate::model::Session;
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
    let mut removed = false;
    let entries = fs::read_dir(&dir).map_err(StoreError::io(&dir, "cannot read"))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let doomed = if set_aside.iter().any(|p| name.starts_with(p.as_str())) {
            // A torn record names the answer before its text (`"id"` comes first).
            // Only a regular file can keep words; anything else is neither waited on nor read.
            match open_regular(&path) {
                Ok(mut f) => {
                    let mut bytes = Vec::new();
                    f.read_to_end(&mut bytes)
                        .map_err(StoreError::io(&path, "cannot read"))?;
                    ids.iter().any(|id| contains(&bytes, id.as_bytes()))
                }
                Err(_) => false,
            }
        } else if path == drafts {
            drafts_edit(&path).is_some_and(|id| ids.contains(id.as_str()))
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

/// The answer the drafts file's text is an edit of, if any.
fn drafts_edit(path: &Path) -> Option<String> {
    let bytes = read_regular_capped(path, super::drafts::MAX_DRAFTS_BYTES)?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    value.get("editing")?.as_str().map(str::to_owned)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}
