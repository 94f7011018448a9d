use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::{ModelError, Problem};

/// Where in a file something is (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// A problem located in a file: `file:line:column: path: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub position: Option<Position>,
    pub problem: Problem,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: {action}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
    #[error("{}: no such file", path.display())]
    NotFound { path: PathBuf },
    #[error("{}: is a directory, not a hearth file", path.display())]
    IsDirectory { path: PathBuf },
    #[error("{}: the file is empty; expected {expected}", path.display())]
    Empty {
        path: PathBuf,
        expected: &'static str,
    },
    #[error("{}: the file is {size} bytes, more than the {limit} bytes hearth reads for {expected}", path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
        expected: &'static str,
    },
    #[error("{}:{line}:{column}: {message}{}", path.display(), hint_suffix(hint))]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
        hint: &'static str,
    },
    #[error("{}", format_problems(path, problems))]
    Invalid {
        path: PathBuf,
        problems: Vec<Located>,
    },
    #[error(
        "{}: written by a newer hearth (format \"{found}\"); this hearth reads \"{supported}\": update hearth to open it",
        place(path, at)
    )]
    NewerFormat {
        path: PathBuf,
        /// Where the file's `"format"` is, when known.
        at: Option<Position>,
        found: String,
        supported: &'static str,
    },
    #[error("{}: {message}", place(path, at))]
    WrongKind {
        path: PathBuf,
        /// Where in the file the telling value is (its `"format"`), when there is one.
        at: Option<Position>,
        message: String,
    },
    #[error("{}:{line}:{column}: the journal is damaged here ({message}); hearth will not guess. Records before line {line} are intact: move the damaged line into a separate file to recover the rest", path.display())]
    JournalDamaged {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: this session is open for writing in another hearth ({holder}); close it there first, or use `hearth show`/`hearth export`, which only read", path.display())]
    Locked { path: PathBuf, holder: String },
    #[error("{}: {source}", path.display())]
    Rejected { path: PathBuf, source: ModelError },
    #[error("{}: an earlier write failed and could not be undone ({detail}); reopen the session to recover", path.display())]
    Poisoned { path: PathBuf, detail: String },
}

fn hint_suffix(hint: &str) -> String {
    if hint.is_empty() {
        String::new()
    } else {
        format!(" ({hint})")
    }
}

/// `file` or `file:line:column`.
fn place(path: &Path, at: &Option<Position>) -> String {
    match at {
        Some(p) => format!("{}:{}:{}", path.display(), p.line, p.column),
        None => path.display().to_string(),
    }
}

fn format_problems(path: &Path, problems: &[Located]) -> String {
    const SHOWN: usize = 20;
    let mut out = String::new();
    for (i, p) in problems.iter().take(SHOWN).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match p.position {
            Some(pos) => out.push_str(&format!(
                "{}:{}:{}: {}",
                path.display(),
                pos.line,
                pos.column,
                p.problem
            )),
            None => out.push_str(&format!("{}: {}", path.display(), p.problem)),
        }
    }
    if problems.len() > SHOWN {
        out.push_str(&format!(
            "\n{}: … and {} more problems",
            path.display(),
            problems.len() - SHOWN
        ));
    }
    out
}

impl StoreError {
    /// 2 when the input is at fault (a broken or foreign file, a rejected change), 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            StoreError::Io { .. } | StoreError::Locked { .. } | StoreError::Poisoned { .. } => 1,
            _ => 2,
        }
    }

    pub(crate) fn io<'a>(
        path: &'a Path,
        action: &'static str,
    ) -> impl FnOnce(std::io::Error) -> StoreError + 'a {
        move |source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                StoreError::NotFound {
                    path: path.to_owned(),
                }
            } else {
                StoreError::Io {
                    path: path.to_owned(),
                    action,
                    source,
                }
            }
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
