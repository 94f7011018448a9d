//! Reading session and scenario files: what a file says it is, a snapshot checked and loaded,
//! its journal replayed over it. Nothing here takes the writer lock or writes anything.

use std::fs::{self, File};
use std::io::Read;
use std::path::Path;

use serde::Deserialize;

use super::error::{Result, StoreError};
use super::files::{invalid, parse, read_file};
use super::journal::{self, JournalRead};
use super::paths::SessionPaths;
use super::rejected::RejectedLine;
use super::report::{Gap, OpenReport, TornTail};
use super::{MAX_JOURNAL_BYTES, MAX_SCENARIO_BYTES, MAX_SESSION_BYTES};
use crate::model::Change;
use crate::model::scenario::SCENARIO_FORMAT;
use crate::model::session::{SESSION_FORMAT, SESSION_FORMAT_PREFIX};
use crate::model::{Scenario, Session};
use std::collections::HashMap;

const SESSION_EXPECTED: &str = "a hearth session (.json)";
const SCENARIO_EXPECTED: &str = "a hearth scenario (.json)";

#[derive(Deserialize)]
struct FormatProbe {
    format: Option<String>,
}

fn probe_format(bytes: &[u8]) -> Option<String> {
    serde_json::from_slice::<FormatProbe>(bytes)
        .ok()
        .and_then(|p| p.format)
}

/// Where a file's `"format"` value is (or, without one, its top-level object), so that an
/// error about what the file is can name a line and column like every other error.
fn format_at(bytes: &[u8]) -> Option<super::error::Position> {
    super::locate::locate(bytes, "format")
}

/// The version number of `hearth-session/N` or `hearth-scenario/N`.
fn format_version(format: &str, prefix: &str) -> Option<u32> {
    format.strip_prefix(prefix).and_then(|v| v.parse().ok())
}

fn check_session_format(path: &Path, bytes: &[u8]) -> Result<()> {
    match probe_format(bytes) {
        Some(f) if f == SESSION_FORMAT => Ok(()),
        Some(f) if format_version(&f, SESSION_FORMAT_PREFIX).is_some_and(|v| v > 1) => {
            Err(StoreError::NewerFormat { path: path.to_owned(), at: format_at(bytes), found: f, supported: SESSION_FORMAT })
        }
        Some(f) if f.starts_with("hearth-scenario/") => Err(StoreError::WrongKind {
            at: format_at(bytes),
            path: path.to_owned(),
            message: "this is a scenario (a workshop plan), not a session: start a session from it with `hearth new`".into(),
        }),
        Some(f) => Err(StoreError::WrongKind {
            at: format_at(bytes),
            path: path.to_owned(),
            message: format!("\"format\" is \"{f}\"; a session file says \"{SESSION_FORMAT}\""),
        }),
        // Either not JSON (the full parse explains where) or JSON without a format.
        None => match serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
            Ok(_) => Err(StoreError::WrongKind {
                at: format_at(bytes),
                path: path.to_owned(),
                message: format!("not a hearth session: it has no \"format\": \"{SESSION_FORMAT}\""),
            }),
            Err(_) => Ok(()),
        },
    }
}

pub(super) fn load_snapshot(path: &Path) -> Result<(Session, u64)> {
    let bytes = read_file(path, MAX_SESSION_BYTES, SESSION_EXPECTED)?;
    check_session_format(path, &bytes)?;
    let mut session: Session = parse(path, &bytes)?;
    let problems = session.prepare();
    if !problems.is_empty() {
        return Err(invalid(path, &bytes, problems));
    }
    Ok((session, bytes.len() as u64))
}

/// What a file says it is, judged from its first few kilobytes (it need not parse).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Scenario,
    Session,
    Unknown,
}

pub fn sniff_kind(path: &Path) -> FileKind {
    let mut head = Vec::new();
    if let Ok(f) = File::open(path) {
        let _ = f.take(4096).read_to_end(&mut head);
    }
    let head = String::from_utf8_lossy(&head);
    let session = head.find(&format!("\"{SESSION_FORMAT_PREFIX}"));
    let scenario = head.find("\"hearth-scenario/");
    match (session, scenario) {
        (Some(a), Some(b)) if a < b => FileKind::Session,
        (Some(_), None) => FileKind::Session,
        (_, Some(_)) => FileKind::Scenario,
        (None, None) => FileKind::Unknown,
    }
}

/// Reads a scenario file and checks it. Errors name the line and column.
pub fn load_scenario(path: &Path) -> Result<Scenario> {
    let bytes = read_file(path, MAX_SCENARIO_BYTES, SCENARIO_EXPECTED)?;
    scenario_from_bytes(path, &bytes)
}

/// Parses and checks a scenario's bytes; `path` names them in errors.
pub(super) fn scenario_from_bytes(path: &Path, bytes: &[u8]) -> Result<Scenario> {
    match probe_format(bytes) {
        Some(f) if f == SCENARIO_FORMAT => {}
        Some(f) if format_version(&f, "hearth-scenario/").is_some_and(|v| v > 1) => {
            return Err(StoreError::NewerFormat {
                at: format_at(bytes),
                path: path.to_owned(),
                found: f,
                supported: SCENARIO_FORMAT,
            });
        }
        Some(f) if f.starts_with(SESSION_FORMAT_PREFIX) => {
            return Err(StoreError::WrongKind {
                at: format_at(bytes),
                path: path.to_owned(),
                message: "this is a session, not a scenario (a workshop plan)".into(),
            });
        }
        Some(f) => {
            return Err(StoreError::WrongKind {
                at: format_at(bytes),
                path: path.to_owned(),
                message: format!(
                    "\"format\" is \"{f}\"; a scenario file says \"{SCENARIO_FORMAT}\""
                ),
            });
        }
        None if serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok() => {
            return Err(StoreError::WrongKind {
                at: format_at(bytes),
                path: path.to_owned(),
                message: format!(
                    "not a hearth scenario: it has no \"format\": \"{SCENARIO_FORMAT}\""
                ),
            });
        }
        None => {}
    }
    let scenario: Scenario = parse(path, bytes)?;
    let problems = scenario.problems("");
    if !problems.is_empty() {
        return Err(invalid(path, bytes, problems));
    }
    Ok(scenario)
}

/// What replaying a journal over its snapshot did.
#[derive(Debug, Default)]
pub(super) struct Replayed {
    /// Records applied.
    pub replayed: usize,
    /// Lines left out, in journal order: damaged, numbered as a change already read, or refused.
    pub rejected: Vec<RejectedLine>,
    /// Change numbers missing between records (a line removed, or a reader that raced a
    /// compaction): the journal line after them, and the first and last number missing.
    pub gaps: Vec<Gap>,
}

/// Replays journal records over the snapshot. A line that does not apply is left out (and said
/// why, naming the line set aside before it that it depends on); the session's change count
/// follows the journal's numbering, so that the records after it, and a writer's next ones,
/// carry the numbers they were written with.
pub(super) fn replay(session: &mut Session, journal: &JournalRead) -> Replayed {
    let mut out = Replayed::default();
    let mut rejected = journal.damaged.clone();
    // What a line set aside would have added: a later line about it depends on it.
    let mut left_out: HashMap<String, usize> = HashMap::new();
    let mut started = false;
    for (line, record) in &journal.records {
        if !started && record.seq <= session.changes {
            continue; // already folded into the snapshot
        }
        started = true;
        let text = || {
            let mut t = String::from_utf8_lossy(&record.to_line()).into_owned();
            t.pop();
            t
        };
        let mut reject = |why: String| {
            rejected.push(RejectedLine {
                line: *line,
                column: 1,
                seq: Some(record.seq),
                why,
                text: text(),
            });
        };
        // Never past 2 × MAX_CHANGES + 1: the snapshot's count and every record's are at most that.
        let next = session.changes + 1;
        if record.seq > 2 * crate::model::session::MAX_CHANGES {
            reject(format!(
                "change {} is numbered past the most a session counts",
                record.seq
            ));
            continue;
        }
        if record.seq < next {
            reject(format!(
                "change {} is numbered as one already read (the last was {})",
                record.seq, session.changes
            ));
            continue;
        }
        if record.seq > next {
            out.gaps.push(Gap {
                line: *line,
                first: next,
                last: record.seq - 1,
            });
        }
        match session.apply(&record.change) {
            Ok(()) => out.replayed += 1,
            Err(e) => {
                let after = dependency(&record.change)
                    .and_then(|key| left_out.get(&key).copied())
                    .map(|at| format!(" (it follows line {at}, set aside)"))
                    .unwrap_or_default();
                reject(format!(
                    "change {} does not apply to the session: {e}{after}",
                    record.seq
                ));
                if let Some(key) = addition(&record.change) {
                    left_out.insert(key, *line);
                }
            }
        }
        session.changes = record.seq;
    }
    rejected.sort_by_key(|r| r.line);
    out.rejected = rejected;
    out
}

/// What a change adds that later changes may name.
fn addition(change: &Change) -> Option<String> {
    match change {
        Change::Add { contribution } => Some(format!("id {}", contribution.id)),
        Change::AddGroup { name } => Some(format!("group {name}")),
        Change::Edit { .. }
        | Change::SetHidden { .. }
        | Change::SetStarred { .. }
        | Change::Move { .. }
        | Change::SetAttribution { .. }
        | Change::AddTheme { .. }
        | Change::RenameTheme { .. }
        | Change::PlaceInTheme { .. }
        | Change::MergeThemes { .. }
        | Change::OpenRound { .. }
        | Change::Cast { .. }
        | Change::SetRoundState { .. }
        | Change::ChooseAxes { .. }
        | Change::SeedFrom { .. }
        | Change::Withdraw { .. }
        | Change::SetDetails { .. }
        | Change::SetConcealed { .. }
        | Change::SetNarration { .. }
        | Change::SetWording { .. } => None,
    }
}

/// What a change names that an earlier one may have added.
fn dependency(change: &Change) -> Option<String> {
    match change {
        Change::Add { contribution } => contribution.group.as_ref().map(|g| format!("group {g}")),
        Change::SeedFrom { seed, .. } => Some(format!("id {}", seed.from)),
        other => other.contribution_id().map(|id| format!("id {id}")),
    }
}

#[derive(PartialEq)]
struct FileStamp(u64, std::time::SystemTime, u64);

fn stamp(path: &Path) -> Option<FileStamp> {
    let m = fs::metadata(path).ok()?;
    Some(FileStamp(
        m.len(),
        m.modified().ok()?,
        crate::platform::file_identity(&m),
    ))
}

/// A journal's bytes, when it is a regular file (a FIFO in its place is refused at once, never
/// waited on), up to [`MAX_JOURNAL_BYTES`].
fn read_journal(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = super::files::open_regular(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_JOURNAL_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_JOURNAL_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("larger than a journal may be ({MAX_JOURNAL_BYTES} bytes)"),
        ));
    }
    Ok(bytes)
}

/// Reads a session (snapshot + journal) without taking the writer lock: safe while another
/// hearth is writing it. Nothing is written.
pub fn read_session(path: &Path) -> Result<(Session, OpenReport)> {
    let paths = SessionPaths::of(path)?;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let before = stamp(&paths.snapshot);
        let (mut session, _) = load_snapshot(&paths.snapshot)?;
        // Both journal files, in the order a fold empties them (see `combine`): the one that
        // took changes first, then the other.
        let read_one = |path: &Path| match read_journal(path) {
            Ok(b) => Ok(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(StoreError::Io {
                path: path.to_owned(),
                action: "cannot read",
                source: e,
            }),
        };
        let bytes = read_one(&paths.journal)?;
        let next = read_one(&paths.next_journal)?;
        let raced = |attempt: i32| attempt < 5 && stamp(&paths.snapshot) != before;
        let journal = if next.is_empty() {
            journal::read(&bytes)
        } else {
            journal::combine(journal::read(&bytes), journal::read(&next))
        };
        let replayed = replay(&mut session, &journal);
        // The snapshot replaced while the journals were read (a fold beside the writer): the
        // journals may already be emptied into the new snapshot, so the old one with them
        // would miss changes. Read again.
        if stamp(&paths.snapshot) != before && attempt < 20 {
            continue;
        }
        if (!replayed.rejected.is_empty() || !replayed.gaps.is_empty())
            && (raced(attempt) || attempt < 3)
        {
            // Most likely a compaction between reading the snapshot and the journal.
            continue;
        }
        if journal.torn.is_some() && raced(attempt) {
            continue;
        }
        let torn = journal.torn.map(|t| TornTail {
            bytes: t.len(),
            kept_at: None,
        });
        return Ok((
            session,
            OpenReport {
                replayed: replayed.replayed,
                torn,
                open_to_others: paths.open_to_others(),
                rejected: replayed.rejected,
                rejected_to: None,
                gaps: replayed.gaps,
            },
        ));
    }
}
