//! The drafts file beside a session, `<slug>.drafts`: text typed and not saved yet, and where
//! it was typed. Readable by this user only, written atomically and synced, never part of the
//! session: nothing exports it, merges it or sends it to note-takers.

use std::path::Path;

use super::error::{Result, StoreError};
use super::files::{parse, read_file, write_atomic};
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use super::paths::drafts_path;

/// The largest drafts file read back: a few full-size fields.
pub(super) const MAX_DRAFTS_BYTES: u64 = 8 * 1024 * 1024;

/// Keeps `unsaved` beside the session (0600, synced before returning).
pub fn write_unsaved<T: Serialize>(session: &Path, unsaved: &T) -> Result<()> {
    let path = drafts_path(session);
    let bytes = serde_json::to_vec_pretty(unsaved).map_err(|e| StoreError::Io {
        path: path.clone(),
        action: "cannot write",
        source: std::io::Error::other(e),
    })?;
    write_atomic(&path, &bytes)
}

/// What the drafts file holds, or `None` when there is none.
pub fn read_unsaved<T: DeserializeOwned>(session: &Path) -> Result<Option<T>> {
    let path = drafts_path(session);
    if !path.exists() {
        return Ok(None);
    }
    let bytes = read_file(&path, MAX_DRAFTS_BYTES, "a drafts file")?;
    parse(&path, &bytes).map(Some)
}

/// The drafts kept beside `session`, or `None`. A drafts file that cannot be read is renamed
/// aside (so it is neither lost nor overwritten); the second value says so, for the person.
pub fn read_or_set_aside<T: DeserializeOwned>(session: &Path) -> (Option<T>, Option<String>) {
    match read_unsaved(session) {
        Ok(u) => (u, None),
        Err(e) => {
            let path = drafts_path(session);
            let millis = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis());
            let aside = path.with_extension(format!("drafts.unreadable-{millis}"));
            let kept = match std::fs::rename(&path, &aside) {
                Ok(()) => format!("it was kept as {}", aside.display()),
                Err(r) => format!("it could not be set aside ({r}) and is left as it is"),
            };
            (None, Some(format!("{e}; {kept}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Unsaved;
    use crate::model::unsaved::UnsavedEntry;

    #[test]
    fn drafts_round_trip_private_and_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("s.json");
        assert_eq!(read_unsaved::<Unsaved>(&session).unwrap(), None);
        let mut u = Unsaved {
            group: Some("Table 2".into()),
            entry: UnsavedEntry {
                exercise: "triangle".into(),
                slot: "push".into(),
                text: "e\u{301} 夢 👩🏽‍🦱\n\tمرحبا  ".into(),
                ..UnsavedEntry::default()
            },
            ..Unsaved::default()
        };
        u.entry
            .fields
            .insert("elaboration".into(), "line\r\nbreak".into());
        u.parked.push(UnsavedEntry {
            exercise: "triangle".into(),
            slot: "pull".into(),
            text: "parked".into(),
            id: Some("0190".into()),
            field: 1,
            ..UnsavedEntry::default()
        });
        write_unsaved(&session, &u).unwrap();
        assert_eq!(read_unsaved(&session).unwrap(), Some(u));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(drafts_path(&session))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_broken_drafts_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("s.json");
        std::fs::write(drafts_path(&session), b"{ not json").unwrap();
        let e = read_unsaved::<Unsaved>(&session).unwrap_err().to_string();
        assert!(e.contains("s.drafts"), "{e}");
    }
}
