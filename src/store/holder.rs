//! The writer lock: `<slug>.journal` opened and locked by the one process writing a session,
//! and `<slug>.lock`, naming that process for whoever is refused.

use std::fs::{self, File, OpenOptions};
use std::io::Write;

use super::error::{Result, StoreError};
use super::files::{self, sync_dir, try_lock_briefly};
use super::load::load_snapshot;
use super::paths::SessionPaths;

/// Opens the journal of a session (creating it beside a valid snapshot if it is missing) and
/// takes the writer lock on it. On any error nothing has been written.
pub(super) fn lock_journal(paths: &SessionPaths) -> Result<File> {
    let meta =
        fs::metadata(&paths.snapshot).map_err(StoreError::io(&paths.snapshot, "cannot read"))?;
    if meta.is_dir() {
        return Err(StoreError::IsDirectory {
            path: paths.snapshot.clone(),
        });
    }
    let journal = match OpenOptions::new()
        .read(true)
        .append(true)
        .open(&paths.journal)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // Check the snapshot before creating anything beside it.
            load_snapshot(&paths.snapshot)?;
            let f = crate::platform::owner_only(&mut OpenOptions::new())
                .read(true)
                .append(true)
                .create(true)
                .open(&paths.journal)
                .map_err(StoreError::io(&paths.journal, "cannot create"))?;
            sync_dir(&files::parent_dir(&paths.journal))
                .map_err(StoreError::io(&paths.journal, "cannot create"))?;
            f
        }
        Err(e) => {
            return Err(StoreError::Io {
                path: paths.journal.clone(),
                action: "cannot open",
                source: e,
            });
        }
    };
    // A FIFO or a device in the journal's place is neither locked nor read.
    if !journal.metadata().is_ok_and(|m| m.is_file()) {
        return Err(StoreError::Io {
            path: paths.journal.clone(),
            action: "cannot open",
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a regular file (a device, a FIFO or a socket)",
            ),
        });
    }
    match try_lock_briefly(&journal) {
        Ok(()) => Ok(journal),
        Err(std::fs::TryLockError::WouldBlock) => {
            // Only a regular file, and only its start: a FIFO in its place is not waited on.
            let holder = files::read_regular_capped(&paths.holder, 4096)
                .map(|h| String::from_utf8_lossy(&h).trim().to_owned())
                .filter(|h| !h.is_empty())
                .unwrap_or_else(|| "holder unknown".to_owned());
            Err(StoreError::Locked {
                path: paths.snapshot.clone(),
                holder,
            })
        }
        Err(std::fs::TryLockError::Error(e)) => Err(StoreError::Io {
            path: paths.journal.clone(),
            action: "cannot lock",
            source: e,
        }),
    }
}

/// The writer-lock holder's description, written to `<slug>.lock` for whoever is refused.
/// Returns whether it was written (an empty file is never left behind).
pub(super) fn write_holder(paths: &SessionPaths) -> bool {
    // hearth's own regular file only: a FIFO in its place would block the lock's holder, and a
    // symlink would have it write into the file it points to. Either is removed first.
    if fs::symlink_metadata(&paths.holder).is_ok_and(|m| !m.is_file()) {
        let _ = fs::remove_file(&paths.holder);
    }
    let mut options = OpenOptions::new();
    crate::platform::owner_only(&mut options)
        .write(true)
        .create(true)
        .truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let written = options
        .open(&paths.holder)
        .and_then(|mut f| f.write_all(holder_description().as_bytes()))
        .is_ok();
    if !written {
        // The write may have created the file before failing (a full disk): an empty
        // `.lock` would outlive this process and name no one.
        let _ = fs::remove_file(&paths.holder);
    }
    written
}

fn holder_description() -> String {
    let host = fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_owned())
        .unwrap_or_else(|_| "this machine".to_owned());
    let command: Vec<String> = std::env::args().take(2).collect();
    format!(
        "`{}`, process {} on {host}, since {}",
        command.join(" "),
        std::process::id(),
        jiff::Timestamp::now().strftime("%Y-%m-%d %H:%M:%S UTC")
    )
}
