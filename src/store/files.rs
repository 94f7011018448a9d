//! Reading hearth's JSON files with precise errors, and writing them atomically.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::error::{Located, Result, StoreError};
use super::locate::locate;
use crate::model::Problem;

/// Opens `path` for reading only when it is a regular file (a symlink to one is followed):
/// a FIFO, a device or a socket in a session's place is refused at once, never waited on (the
/// open does not block on a FIFO) nor read without end.
pub fn open_regular(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "is a directory",
        ));
    }
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file (a device, a FIFO or a socket): hearth reads only files here",
        ));
    }
    // Back to blocking reads (no effect on a regular file, but no surprise either).
    #[cfg(unix)]
    crate::platform::set_blocking(&file);
    Ok(file)
}

/// Reads at most `limit` bytes of the regular file `path` (see [`open_regular`]); `None` when it
/// cannot be opened, is not a regular file, or is larger.
pub fn read_regular_capped(path: &Path, limit: u64) -> Option<Vec<u8>> {
    let file = open_regular(path).ok()?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 <= limit).then_some(bytes)
}

/// Reads a whole file, refusing directories, what is not a regular file (a FIFO, a device),
/// empty files and files over `limit` bytes.
pub fn read_file(path: &Path, limit: u64, expected: &'static str) -> Result<Vec<u8>> {
    let meta = fs::metadata(path).map_err(StoreError::io(path, "cannot read"))?;
    if meta.is_dir() {
        return Err(StoreError::IsDirectory {
            path: path.to_owned(),
        });
    }
    let file = open_regular(path).map_err(StoreError::io(path, "cannot read"))?;
    let meta = file
        .metadata()
        .map_err(StoreError::io(path, "cannot read"))?;
    if meta.len() > limit {
        return Err(StoreError::TooLarge {
            path: path.to_owned(),
            size: meta.len(),
            limit,
            expected,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(StoreError::io(path, "cannot read"))?;
    if bytes.len() as u64 > limit {
        return Err(StoreError::TooLarge {
            path: path.to_owned(),
            size: bytes.len() as u64,
            limit,
            expected,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(StoreError::Empty {
            path: path.to_owned(),
            expected,
        });
    }
    Ok(bytes)
}

/// Parses JSON into `T`; a failure names the line, the column and the field.
pub fn parse<T: DeserializeOwned>(path: &Path, bytes: &[u8]) -> Result<T> {
    if let Err(e) = std::str::from_utf8(bytes) {
        let at = super::locate::position_of(bytes, e.valid_up_to());
        return Err(StoreError::Syntax {
            path: path.to_owned(),
            line: at.line,
            column: at.column,
            message: format!("not valid UTF-8 (byte {} of the file)", e.valid_up_to()),
            hint: "hearth files are UTF-8: save it as UTF-8",
        });
    }
    match serde_json::from_slice(bytes) {
        Ok(v) => Ok(v),
        Err(_) => {
            // Parse again, tracking the field path, only to explain the failure.
            let de = &mut serde_json::Deserializer::from_slice(bytes);
            let (field, inner) = match serde_path_to_error::deserialize::<_, T>(&mut *de) {
                // The value read, the plain parse failed after it: something follows it.
                Ok(v) => match de.end() {
                    Ok(()) => return Ok(v),
                    Err(e) => (String::new(), e),
                },
                Err(e) => (e.path().to_string(), e.into_inner()),
            };
            // In plain words: where (the exercise and field by name), what and what to do.
            let message = super::plain_words::explain(bytes, &field, &inner);
            Err(StoreError::Syntax {
                path: path.to_owned(),
                line: inner.line(),
                column: inner.column(),
                message,
                hint: "",
            })
        }
    }
}

/// Turns validation problems into an error that points into the file.
/// The most problems of one file located in it (more than the error shows).
const MAX_PROBLEMS_LOCATED: usize = 50;

pub fn invalid(path: &Path, bytes: &[u8], problems: Vec<Problem>) -> StoreError {
    // Each problem is found in the file by a scan of it: in a broken file with a great many
    // problems only the ones shown are looked for (the rest are counted), so that reporting
    // stays quick.
    // Those located are also named in words: the exercise by number and title, then the field
    // (`exercise 2 “Pathways”, questions 1, id`).
    let doc: Option<serde_json::Value> = serde_json::from_slice(bytes).ok();
    let problems: Vec<Located> = problems
        .into_iter()
        .enumerate()
        .map(|(i, mut problem)| {
            let position = if i < MAX_PROBLEMS_LOCATED {
                let at = locate(bytes, &problem.path);
                let words = super::plain_words::place_in(doc.as_ref(), &problem.path);
                if !words.is_empty() {
                    problem.path = words;
                }
                at
            } else {
                None
            };
            Located { position, problem }
        })
        .collect();
    StoreError::Invalid {
        path: path.to_owned(),
        problems,
    }
}

/// Writes `bytes` to `path` atomically and durably: a temporary file beside it, fsync, rename
/// over the target, fsync of the directory. A crash leaves either the old file or the new one.
/// The file (and the temporary) is readable by this user only: everything hearth writes may
/// hold what someone said in confidence.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_mode(path, bytes, 0o600)
}

fn write_atomic_mode(path: &Path, bytes: &[u8], mode: u32) -> Result<()> {
    let dir = parent_dir(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    remove_dead_temporaries_once(&dir, &name);
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = crate::platform::with_mode(&mut OpenOptions::new(), mode)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)?;
        sync_dir(&dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(|source| StoreError::Io {
        path: path.to_owned(),
        action: "cannot write",
        source,
    })
}

/// Writes an output someone named (`hearth export -o`) as Unix tools do: a regular file (or a
/// new one) is replaced atomically, like [`write_atomic`]; through a symlink, its target is
/// (the link stays); what is not a regular file (a terminal, a FIFO, a device) and the names
/// under `/dev/` and `/proc/` (`/dev/stdout`) are opened and written to, never replaced. On a
/// terminal, control characters are written as symbols (see [`crate::model::text::printable`]),
/// as hearth shows any text there: nothing an answer holds can drive it.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<()> {
    let through = |truncate: bool| {
        OpenOptions::new()
            .write(true)
            .truncate(truncate)
            .open(path)
            .and_then(|mut f| {
                if std::io::IsTerminal::is_terminal(&f) {
                    let text = String::from_utf8_lossy(bytes);
                    f.write_all(crate::model::text::printable(&text).as_bytes())?;
                } else {
                    f.write_all(bytes)?;
                }
                f.flush()
            })
            .map_err(|source| StoreError::Io {
                path: path.to_owned(),
                action: "cannot write",
                source,
            })
    };
    // `/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`, or a link to one of them: the file
    // behind is someone else's open file (a shell's redirection), written where it is.
    let special = |p: &Path| p.starts_with("/dev") || p.starts_with("/proc");
    let special = special(path) || fs::read_link(path).is_ok_and(|to| special(&to));
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => return through(false),
        Ok(meta) if meta.is_file() && special => return through(true),
        _ => {}
    }
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        return match fs::canonicalize(path) {
            Ok(target) => write_atomic(&target, bytes),
            // A link to nothing yet: writing through it creates its target.
            Err(_) => OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .open(path)
                .and_then(|mut f| f.write_all(bytes))
                .map_err(|source| StoreError::Io {
                    path: path.to_owned(),
                    action: "cannot write",
                    source,
                }),
        };
    }
    write_atomic(path, bytes)
}

pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Makes a rename or a new file in `dir` durable.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    crate::platform::sync_dir(dir)
}

/// Takes the writer lock, trying again for a moment before saying it is held: a lock can
/// outlive its holder's close by a few milliseconds when a process of the same program was
/// forking a child at that moment (the child holds a copy of the descriptor until it execs).
pub(super) fn try_lock_briefly(journal: &File) -> std::result::Result<(), std::fs::TryLockError> {
    let mut tries = 0;
    loop {
        match journal.try_lock() {
            Err(std::fs::TryLockError::WouldBlock) if tries < 20 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

/// The process id in `file_name` when it names a temporary file of `target`
/// (`.TARGET.tmp-PID`, see [`write_atomic`]).
fn temporary_of(file_name: &str, target: &str) -> Option<u32> {
    let pid = file_name
        .strip_prefix('.')?
        .strip_prefix(target)?
        .strip_prefix(".tmp-")?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Removes from `dir` the temporary files of `targets` that other processes left: all of them
/// (`dead_only` false: the caller holds the lock that every writer of these takes, so their
/// writers are gone), or only those whose process has ended. Best effort: a file that cannot
/// be removed costs disk space, never data. Returns whether any was removed.
fn remove_temporaries(dir: &Path, targets: &[String], dead_only: bool) -> bool {
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    let me = std::process::id();
    let mut removed = false;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| targets.iter().find_map(|t| temporary_of(n, t)))
        else {
            continue;
        };
        if pid == me || (dead_only && crate::platform::process_may_run(pid)) {
            continue;
        }
        removed |= fs::remove_file(entry.path()).is_ok();
    }
    removed
}

/// Before the first write of `path` by this process: removes the temporaries of `path` whose
/// writer was killed between writing and renaming (any writer of any kind of file: exports,
/// series, drafts, the devices file). Files nobody locks are left to a writer still running.
fn remove_dead_temporaries_once(dir: &Path, name: &str) {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static SWEPT: OnceLock<Mutex<HashSet<PathBuf>>> = OnceLock::new();
    let key = dir.join(name);
    let first = SWEPT
        .get_or_init(Mutex::default)
        .lock()
        .map_or(true, |mut swept| swept.insert(key));
    if first {
        remove_temporaries(dir, &[name.to_owned()], true);
    }
}

/// Removes the temporary files that a writer killed between writing and renaming left beside
/// the session whose snapshot is `snapshot`: those of the snapshot, the outline, the drafts and
/// the devices file (every other process's: only the lock's holder writes these, so every such
/// file is a dead process's), and those of the exports the terminal app writes into `exports/`
/// beside it whose writer has ended (`hearth export -o` may write there without the lock).
/// Called holding the writer lock, on opening and on a withdrawal, so no temporary keeps the
/// words of a withdrawn answer. Best effort.
pub(super) fn remove_stale_temporaries(snapshot: &Path) {
    let name_of = |p: &Path| p.file_name().and_then(|n| n.to_str()).map(str::to_owned);
    let Some(stem) = snapshot.file_stem().and_then(|n| n.to_str()) else {
        return;
    };
    let beside: Vec<String> = [
        snapshot.to_owned(),
        super::outline_path(snapshot),
        super::paths::drafts_path(snapshot),
        snapshot.with_file_name(format!("{stem}{}", super::DEVICES_SUFFIX)),
        super::rejected_path(snapshot),
    ]
    .iter()
    .filter_map(|p| name_of(p))
    .collect();
    remove_temporaries(&parent_dir(snapshot), &beside, false);
    let exports: Vec<String> = ["md", "html", "csv", "json", "txt"]
        .iter()
        .map(|ext| format!("{stem}.{ext}"))
        .collect();
    remove_temporaries(&parent_dir(snapshot).join("exports"), &exports, true);
}
