//! Where hearth keeps sessions and workshop plans, and why there. One rule, first match wins:
//!
//! 1. `HEARTH_HOME` is set: `$HEARTH_HOME/sessions` and `$HEARTH_HOME/scenarios`.
//! 2. The current folder has a `sessions/` or a `scenarios/` folder (a workshop folder, such as
//!    hearth's own repository): `./sessions` and `./scenarios`.
//! 3. Otherwise this user's data folder ([`crate::platform::data_dir`]): `hearth/sessions` and
//!    `hearth/scenarios` in it.
//! 4. With no data folder either (no home folder set): `./sessions` and `./scenarios`.
//!
//! The plans built into hearth are listed wherever the folders are (see [`super::plans`]).
//! `hearth join`'s outbox follows the same rule: `$HEARTH_HOME/outbox`, else the state folder.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The variable that puts everything hearth keeps under one folder.
pub const HOME_VAR: &str = "HEARTH_HOME";

/// Why the folders are where they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// `HEARTH_HOME` names the folder.
    HearthHome,
    /// The current folder has a `sessions/` or `scenarios/` folder.
    HereFolder,
    /// This user's data folder.
    DataFolder,
    /// No data folder could be found: the current folder.
    NoDataFolder,
}

/// The folders in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folders {
    pub sessions: PathBuf,
    pub scenarios: PathBuf,
    pub reason: Reason,
}

impl Folders {
    /// The folders for this process: its environment and its current folder.
    pub fn find() -> Folders {
        Folders::resolve(
            hearth_home_var(),
            Path::new(""),
            crate::platform::data_dir(),
        )
    }

    /// The rule itself, given `HEARTH_HOME`, the current folder (`""` for relative paths) and
    /// the data folder.
    pub fn resolve(hearth_home: Option<OsString>, here: &Path, data: Option<PathBuf>) -> Folders {
        let within = |root: PathBuf, reason| Folders {
            sessions: root.join("sessions"),
            scenarios: root.join("scenarios"),
            reason,
        };
        if let Some(home) = hearth_home.filter(|h| !h.is_empty()) {
            return within(PathBuf::from(home), Reason::HearthHome);
        }
        let local = |name: &str| {
            let dir = here.join(name);
            // `is_dir` of "" is false: ask about "." instead.
            if dir.as_os_str().is_empty() {
                Path::new(".").join(name).is_dir()
            } else {
                dir.is_dir()
            }
        };
        if local("sessions") || local("scenarios") {
            return within(here.to_owned(), Reason::HereFolder);
        }
        match data {
            Some(data) => within(data.join("hearth"), Reason::DataFolder),
            None => within(here.to_owned(), Reason::NoDataFolder),
        }
    }

    /// One sentence on why these folders, for `hearth where` and empty lists.
    pub fn why(&self) -> String {
        match self.reason {
            Reason::HearthHome => format!("{HOME_VAR} is set"),
            Reason::HereFolder => {
                "the current folder has a sessions/ or scenarios/ folder, so it is used".into()
            }
            Reason::DataFolder => format!(
                "this user's data folder (no {HOME_VAR}, and no sessions/ or scenarios/ folder here)"
            ),
            Reason::NoDataFolder => format!(
                "no {HOME_VAR}, no sessions/ or scenarios/ folder here, and no data folder could be found (is HOME set?)"
            ),
        }
    }
}

/// `HEARTH_HOME`, when it is set and not empty.
pub fn hearth_home() -> Option<PathBuf> {
    hearth_home_var()
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

fn hearth_home_var() -> Option<OsString> {
    std::env::var_os(HOME_VAR)
}

/// The keys file, where a person remaps the run screen's keys: `$HEARTH_HOME/keys.toml` when
/// HEARTH_HOME is set, else `hearth/keys.toml` in this user's config folder
/// (`$XDG_CONFIG_HOME` or `~/.config` on Linux, `~/Library/Application Support` on macOS,
/// `%APPDATA%` on Windows). `None` when there is no such folder.
pub fn keys_file() -> Option<PathBuf> {
    match hearth_home() {
        Some(home) => Some(home.join("keys.toml")),
        None => dirs::config_dir().map(|d| d.join("hearth").join("keys.toml")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hearth_home_wins_over_everything() {
        let here = tempfile::tempdir().unwrap();
        std::fs::create_dir(here.path().join("sessions")).unwrap();
        let f = Folders::resolve(Some("/elsewhere".into()), here.path(), Some("/data".into()));
        assert_eq!(f.sessions, Path::new("/elsewhere/sessions"));
        assert_eq!(f.scenarios, Path::new("/elsewhere/scenarios"));
        assert_eq!(f.reason, Reason::HearthHome);
    }

    #[test]
    fn a_local_sessions_or_scenarios_folder_wins_over_the_data_folder() {
        for local in ["sessions", "scenarios"] {
            let here = tempfile::tempdir().unwrap();
            std::fs::create_dir(here.path().join(local)).unwrap();
            let f = Folders::resolve(Some("".into()), here.path(), Some("/data".into()));
            assert_eq!(f.sessions, here.path().join("sessions"), "{local}");
            assert_eq!(f.scenarios, here.path().join("scenarios"), "{local}");
            assert_eq!(f.reason, Reason::HereFolder);
        }
    }

    #[test]
    fn otherwise_the_data_folder_and_failing_that_here() {
        let here = tempfile::tempdir().unwrap();
        let f = Folders::resolve(None, here.path(), Some("/data".into()));
        assert_eq!(f.sessions, Path::new("/data/hearth/sessions"));
        assert_eq!(f.reason, Reason::DataFolder);
        let f = Folders::resolve(None, here.path(), None);
        assert_eq!(f.sessions, here.path().join("sessions"));
        assert_eq!(f.reason, Reason::NoDataFolder);
        assert!(f.why().contains("no data folder"));
    }
}
