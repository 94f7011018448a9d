//! Series files: `<slug>.series.json` beside the sessions, rewritten atomically on every change,
//! so a crash leaves the old list or the new one, never a torn file.

use std::fs;
use std::path::{Path, PathBuf};

use super::error::{Result, StoreError};
use super::files::{invalid, parent_dir, parse, read_file, write_atomic};
use crate::model::series::{SERIES_FORMAT, SERIES_FORMAT_PREFIX, Series};
use crate::model::text::slugify;

/// What a series file's name ends with.
pub const SERIES_SUFFIX: &str = ".series.json";
/// The limit on a series file's size.
pub const MAX_SERIES_BYTES: u64 = 16 * 1024 * 1024;
const SERIES_EXPECTED: &str = "a hearth series (.series.json)";

/// Whether `path` names a series file (by its name; the contents are checked on loading).
pub fn is_series_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(SERIES_SUFFIX))
}

/// Reads a series file and checks it. Errors name the line and column.
pub fn load_series(path: &Path) -> Result<Series> {
    let bytes = read_file(path, MAX_SERIES_BYTES, SERIES_EXPECTED)?;
    #[derive(serde::Deserialize)]
    struct Probe {
        format: Option<String>,
    }
    let at = super::locate::locate(&bytes, "format");
    match serde_json::from_slice::<Probe>(&bytes)
        .ok()
        .and_then(|p| p.format)
    {
        Some(f) if f == SERIES_FORMAT => {}
        Some(f)
            if f.strip_prefix(SERIES_FORMAT_PREFIX)
                .and_then(|v| v.parse::<u32>().ok())
                .is_some_and(|v| v > 1) =>
        {
            return Err(StoreError::NewerFormat {
                path: path.to_owned(),
                at,
                found: f,
                supported: SERIES_FORMAT,
            });
        }
        Some(f) => {
            return Err(StoreError::WrongKind {
                path: path.to_owned(),
                at,
                message: format!(
                    "\"format\" is \"{f}\"; a series file says \"{SERIES_FORMAT}\" (make one with `hearth series new`)"
                ),
            });
        }
        None if serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).is_ok() => {
            return Err(StoreError::WrongKind {
                path: path.to_owned(),
                at,
                message: format!("not a hearth series: it has no \"format\": \"{SERIES_FORMAT}\""),
            });
        }
        // Not JSON: the full parse says where.
        None => {}
    }
    let series: Series = parse(path, &bytes)?;
    let problems = series.problems();
    if !problems.is_empty() {
        return Err(invalid(path, &bytes, problems));
    }
    Ok(series)
}

/// Writes `series` to `path` atomically.
pub fn save_series(path: &Path, series: &Series) -> Result<()> {
    let mut bytes = serde_json::to_vec_pretty(series).expect("a series always serializes");
    bytes.push(b'\n');
    write_atomic(path, &bytes)
}

/// Creates a new series file in `dir`, named from its title; never overwrites one.
pub fn create_series(dir: &Path, series: &Series) -> Result<PathBuf> {
    crate::platform::create_owner_only_dir_all(dir)
        .map_err(StoreError::io(dir, "cannot create the directory"))?;
    let base = match slugify(&series.title) {
        s if s.is_empty() => "series".to_owned(),
        s => s,
    };
    for n in 1..10_000 {
        let name = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let path = dir.join(format!("{name}{SERIES_SUFFIX}"));
        // Claim the name first so two creations never pick the same one.
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(StoreError::Io {
                    path,
                    action: "cannot create",
                    source: e,
                });
            }
        }
        save_series(&path, series)?;
        return Ok(path);
    }
    Err(StoreError::WrongKind {
        at: None,
        path: dir.join(base),
        message: "too many series with this name".into(),
    })
}

/// How a series names a session file: by its name when it sits beside the series, else by
/// its full path.
pub fn series_entry_name(series_path: &Path, session: &Path) -> String {
    let dir = parent_dir(series_path);
    let canon = |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| p.to_owned());
    let session_c = canon(session);
    match session_c.strip_prefix(canon(&dir)) {
        Ok(rel) => rel.to_string_lossy().into_owned(),
        Err(_) => session_c.to_string_lossy().into_owned(),
    }
}

/// Where a series' session file is.
pub fn session_file(series_path: &Path, file: &str) -> PathBuf {
    let p = Path::new(file);
    if p.is_absolute() {
        p.to_owned()
    } else {
        parent_dir(series_path).join(p)
    }
}

/// Adds the session at `session` (already created) to the series at `series_path` and saves it.
/// The series is read again just before the write, so a session added meanwhile is kept.
pub fn add_session(series_path: &Path, session: &Path) -> Result<Series> {
    load_series(series_path)?;
    let (s, _) = super::read_session(session)?;
    let mut series = load_series(series_path)?;
    let name = series_entry_name(series_path, session);
    series
        .add(name, s.date)
        .map_err(|message| StoreError::WrongKind {
            path: series_path.to_owned(),
            at: None,
            message,
        })?;
    save_series(series_path, &series)?;
    Ok(series)
}

/// The series files in `dir`, sorted by name.
pub fn series_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| is_series_file(p) && p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Starts the next session of a series: creates its files beside the series (with a drafts file
/// holding the place `at`, where opening it goes), then adds it. Each step is atomic; a crash
/// between them leaves a valid series without the new session, whose files `hearth series add`
/// can still add.
pub fn start_next_session(
    series_path: &Path,
    session: &crate::model::Session,
    at: Option<&crate::model::Unsaved>,
) -> Result<PathBuf> {
    load_series(series_path)?;
    let path = super::create_session(&parent_dir(series_path), session)?;
    if let Some(place) = at {
        super::drafts::write_unsaved(&path, place)?;
    }
    add_session(series_path, &path)?;
    Ok(path)
}

/// Starts the next session of a series from its last one: the same plan and title, today's
/// date, the last session's groups, facilitators, event, mode and attribution; creates it beside
/// the series and adds it, to open at the exercise after the last one the last session answered
/// ([`crate::model::series::resume_at`]). `Ok(None)`: the series has no session yet to carry
/// forward.
pub fn start_next_from_last(series_path: &Path) -> Result<Option<PathBuf>> {
    let series = load_series(series_path)?;
    let Some(last) = series.sessions.last() else {
        return Ok(None);
    };
    let (previous, _) = super::read_session(&session_file(series_path, &last.file))?;
    let plan = previous.scenario.clone();
    let title = plan.title.clone();
    let at = crate::model::series::resume_at(&previous, &plan);
    let session =
        crate::model::series::next_session(&previous, plan, title, Some(jiff::Zoned::now().date()));
    start_next_session(series_path, &session, at.as_ref()).map(Some)
}
