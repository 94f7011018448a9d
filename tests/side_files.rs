//! The files beside a session are not sessions: `hearth list` and the home screen show
//! sessions, series and plans only.

mod common;

use std::path::{Path, PathBuf};

use hearth::net::hub::{Hub, JoinCode, devices_path};
use hearth::store::SessionStore;
use hearth::tui::app::{Options, load_home};

/// A session in `dir` that a device has joined (so its devices file exists), with the other
/// files a session may have beside it.
fn joined_session(dir: &Path) -> PathBuf {
    let session = common::new_session(dir);
    let (store, _) = SessionStore::open(&session).unwrap();
    let hub = Hub::start(store, JoinCode::parse("abcd2345").unwrap(), 0).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime
        .block_on(hub.join("Table 1", Some("phone"), None))
        .map(|_| ())
        .unwrap();
    hub.stop().unwrap().close().unwrap();
    assert!(devices_path(&session).is_file());
    // A hidden file (another tool's): hearth never names a session so.
    std::fs::write(dir.join(".notes.json"), b"{").unwrap();
    session
}

#[test]
fn hearth_list_shows_a_joined_session_once_and_not_its_devices_file() {
    let dir = tempfile::tempdir().unwrap();
    let session = joined_session(dir.path());
    let plans = tempfile::tempdir().unwrap();
    let out = common::run_hearth(
        dir.path(),
        &[
            "list",
            "--dir",
            dir.path().to_str().unwrap(),
            "--scenarios",
            plans.path().to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let listed = String::from_utf8_lossy(&out.stdout);
    let stem = session.file_stem().unwrap().to_str().unwrap();
    assert_eq!(listed.matches(stem).count(), 1, "{listed}");
    assert!(!listed.contains("cannot be read"), "{listed}");
    assert!(!listed.contains("devices"), "{listed}");
}

#[test]
fn the_home_screen_shows_a_joined_session_and_no_problem() {
    let dir = tempfile::tempdir().unwrap();
    let session = joined_session(dir.path());
    let plans = tempfile::tempdir().unwrap();
    let home = load_home(&Options {
        scenarios_dir: plans.path().to_owned(),
        sessions_dir: dir.path().to_owned(),
        session: None,
        participants: Vec::new(),
        bind: hearth::tui::app::DEFAULT_BIND.parse().unwrap(),
        code: None,
        plain: false,
    });
    assert_eq!(home.problems, Vec::<String>::new());
    let listed: Vec<&Path> = home.sessions.iter().map(|s| s.path.as_path()).collect();
    assert_eq!(listed, vec![session.as_path()]);
}
