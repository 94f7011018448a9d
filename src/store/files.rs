//! Reading hearth's JSON files with precise errors, and writing them atomically.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::error::{Located, Result, StoreError};
use super::locate::locate;
use crate::model::Problem;

/// Reads a whole file, refusing directories, empty files and files over `limit` bytes.
pub fn read_file(path: &Path, limit: u64, expected: &'static str) -> Result<Vec<u8>> {
    let meta = fs::metadata(path).map_err(StoreError::io(path, "cannot read"))?;
    if meta.is_dir() {
        return Err(StoreError::IsDirectory {
            path: path.to_owned(),
        });
    }
    if meta.len() > limit {
        return Err(StoreError::TooLarge {
            path: path.to_owned(),
            size: meta.len(),
            limit,
            expected,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
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
            let err = match serde_path_to_error::deserialize::<_, T>(de) {
                // The tracked parse accepts exactly what the plain parse accepts.
                Ok(v) => return Ok(v),
                Err(e) => e,
            };
            let field = err.path().to_string();
            let inner = err.into_inner();
            let hint = match inner.classify() {
                serde_json::error::Category::Eof => "the file ends too early: was it cut short?",
                serde_json::error::Category::Syntax => "not valid JSON here",
                serde_json::error::Category::Io => "",
                serde_json::error::Category::Data => "",
            };
            let message = strip_position(&inner.to_string());
            let message = if field.is_empty() || field == "." {
                message
            } else {
                format!("{field}: {message}")
            };
            Err(StoreError::Syntax {
                path: path.to_owned(),
                line: inner.line(),
                column: inner.column(),
                message,
                hint,
            })
        }
    }
}

/// serde_json appends " at line L column C"; hearth puts the position first instead.
pub(crate) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Turns validation problems into an error that points into the file.
pub fn invalid(path: &Path, bytes: &[u8], problems: Vec<Problem>) -> StoreError {
    let problems = problems
        .into_iter()
        .map(|problem| Located {
            position: locate(bytes, &problem.path),
            problem,
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

/// Removes the temporary files (`.NAME.json.tmp-PID`, see [`write_atomic`], and
/// `.NAME.outline.tmp-PID`) that a writer killed during a compaction or while writing the outline
/// left behind. Called holding the writer lock: only the lock's holder writes these, so every
/// such file is a dead process's. Best effort: a file that cannot be removed costs disk space,
/// never data.
pub(super) fn remove_stale_temporaries(snapshot: &Path) {
    let Some(name) = snapshot.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let outline = super::outline_path(snapshot);
    let Some(outline) = outline.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let prefixes = [format!(".{name}.tmp-"), format!(".{outline}.tmp-")];
    let Ok(entries) = fs::read_dir(parent_dir(snapshot)) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| prefixes.iter().find_map(|p| n.strip_prefix(p.as_str())))
        else {
            continue;
        };
        if !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}
