//! The terminal comes back whole however hearth is stopped: Ctrl-C, SIGTERM, or the terminal
//! itself going away (SIGHUP, as on an ssh drop). Every saved answer is on disk (in the journal:
//! a short journal is not folded into the snapshot on the way out) and the writer lock is
//! released.
//!
//! Needs tmux (CI installs it). Without it the test is skipped, saying why, or fails under
//! HEARTH_E2E=1 (as in CI); HEARTH_SKIP_TMUX=1 skips it on purpose.

// This test sets up the machine through the C library (limits, users, signals): unsafe is
// allowed here, as in src/platform.rs, and nowhere else.
#![allow(unsafe_code)]

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::tmux::Tmux;
use hearth::store::read_session;

fn session(dir: &Path) -> PathBuf {
    common::new_session(dir)
}

/// Starts `hearth run` in a shell that reports how it ended and the terminal's modes after.
fn start(name: &str, dir: &Path, path: &Path) -> Tmux {
    let command = format!(
        "{} run {} ; echo HEARTH-EXITED-$?; stty -a | tr ' ;' '\\n\\n' | grep -x -e '-\\?icanon' -e '-\\?echo' | tr '\\n' ' '; echo STTY-DONE; sleep 30",
        env!("CARGO_BIN_EXE_hearth"),
        path.display()
    );
    let tmux = Tmux::start(name, dir, 80, 24, &command);
    tmux.wait_for("type the answer here");
    tmux.type_text("said just before the end 🚀");
    tmux.keys(&["Enter"]);
    tmux.wait_for("✓ saved");
    tmux
}

fn assert_saved_and_closed(path: &Path) {
    let (session, report) = read_session(path).unwrap();
    assert!(report.torn.is_none(), "no write was cut short");
    assert!(
        session
            .contributions()
            .iter()
            .any(|c| c.text == "said just before the end 🚀")
    );
    assert!(
        !path.with_extension("lock").exists(),
        "the lock note is gone"
    );
    hearth::store::SessionStore::open(path).expect("the writer lock is released");
}

#[test]
fn ctrl_c_and_sigterm_restore_the_terminal() {
    if !common::tmux::available() {
        return;
    }
    for (name, stop) in [("ctrl-c", "key"), ("sigterm", "signal")] {
        let dir = tempfile::tempdir().unwrap();
        let path = session(dir.path());
        let tmux = start(name, dir.path(), &path);
        if stop == "key" {
            tmux.keys(&["C-c"]);
        } else {
            let pid = common::pid_of(path.to_str().unwrap()).expect("hearth is running");
            // SAFETY: sending a signal to a process this test started.
            assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
        }
        let screen = tmux.wait_for("STTY-DONE");
        assert!(screen.contains("HEARTH-EXITED-0"), "{name}: {screen}");
        // Cooked mode again: canonical input and echo on (stty prints "-icanon" when off).
        assert!(
            screen.contains(" icanon")
                || screen.contains("\nicanon")
                || screen.starts_with("icanon"),
            "{name}: {screen}"
        );
        assert!(
            !screen.contains("-icanon") && !screen.contains("-echo "),
            "{name}: {screen}"
        );
        assert_saved_and_closed(&path);
    }
}

#[test]
fn the_terminal_going_away_saves_and_releases_everything() {
    if !common::tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path());
    let tmux = start("sighup", dir.path(), &path);
    let pid = common::pid_of(path.to_str().unwrap()).expect("hearth is running");
    // Closing every pane hangs up the terminal, as an ssh drop does.
    drop(tmux);
    let start = Instant::now();
    while Path::new(&format!("/proc/{pid}")).exists() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "hearth did not exit after its terminal went away"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_saved_and_closed(&path);
}
