//! What opening a session found beyond its snapshot, and what to tell the person about it.

use std::path::{Path, PathBuf};

use super::rejected::RejectedLine;

/// What opening a session found beyond the snapshot.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct OpenReport {
    /// Journal records replayed over the snapshot.
    pub replayed: usize,
    /// An unterminated last journal line: a write cut short. Never replayed.
    pub torn: Option<TornTail>,
    /// The session's files that others may read (see [`SessionPaths::open_to_others`]).
    pub open_to_others: Vec<PathBuf>,
    /// Journal lines that do not apply, left out: the rest of the session opened without them.
    pub rejected: Vec<RejectedLine>,
    /// Where a writer set them aside (`<slug>.rejected`); `None` when only read.
    pub rejected_to: Option<PathBuf>,
    /// Change numbers missing from the journal (the lines after them were read).
    pub gaps: Vec<Gap>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TornTail {
    pub bytes: usize,
    /// Where the torn bytes were set aside (only when opened for writing).
    pub kept_at: Option<PathBuf>,
}

impl OpenReport {
    /// A sentence for each thing the person should know: a journal line cut short, files
    /// others can read (said once per opening, with the command that fixes it).
    pub fn notices(&self, journal: &Path) -> Vec<String> {
        let mut out: Vec<String> = self.torn_notice(journal).into_iter().collect();
        out.extend(self.rejected_notices(journal));
        if !self.open_to_others.is_empty() {
            let names: Vec<String> = self
                .open_to_others
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            let quoted: Vec<String> = names.iter().map(|n| shell_quoted(n)).collect();
            out.push(format!(
                "others on this machine can read {}: the session may hold what people said in confidence; make it yours alone with `chmod 600 {}`",
                names.join(", "),
                quoted.join(" ")
            ));
        }
        out
    }

    /// A sentence per journal line left out (FILE:LINE:COLUMN: why) and per run of change
    /// numbers missing, saying where the line is kept.
    pub fn rejected_notices(&self, journal: &Path) -> Vec<String> {
        let rejected = super::paths::rejected_path(&journal.with_extension("json"));
        let whereto = match &self.rejected_to {
            Some(kept) => format!("set aside in {}", kept.display()),
            None => format!(
                "left out; the next hearth that writes the session moves it to {}",
                rejected.display()
            ),
        };
        let mut out: Vec<String> = self
            .rejected
            .iter()
            .map(|r| {
                format!(
                    "{}:{}:{}: {}; {whereto}, the rest of the session is read",
                    journal.display(),
                    r.line,
                    r.column,
                    r.why
                )
            })
            .collect();
        out.extend(self.gaps.iter().map(|g| {
            let which = if g.first == g.last {
                format!("change {} is", g.first)
            } else {
                format!("changes {} to {} are", g.first, g.last)
            };
            format!(
                "{}:{}:1: {which} missing from the journal before this line; the lines after were read",
                journal.display(),
                g.line
            )
        }));
        out
    }

    fn torn_notice(&self, journal: &Path) -> Option<String> {
        let torn = self.torn.as_ref()?;
        Some(match &torn.kept_at {
            Some(kept) => format!(
                "{}: the last journal line was cut short ({} bytes, never acknowledged); set aside in {}, every complete record kept",
                journal.display(),
                torn.bytes,
                kept.display()
            ),
            None => format!(
                "{}: the last journal line was cut short ({} bytes, never acknowledged); ignored, every complete record read",
                journal.display(),
                torn.bytes
            ),
        })
    }
}

/// Change numbers missing from a journal before one of its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub line: usize,
    pub first: u64,
    pub last: u64,
}

/// A path as a POSIX shell reads it: as it is when it is plain, else in single quotes.
fn shell_quoted(path: &str) -> String {
    if !path.is_empty()
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-/+:@%".contains(&b))
    {
        path.to_owned()
    } else {
        format!("'{}'", path.replace('\'', "'\\''"))
    }
}
