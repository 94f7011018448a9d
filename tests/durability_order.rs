//! The durability promise, checked on the real binaries' system calls (strace): an answer is
//! acknowledged — `hearth add`'s id, a `201` to a note-taker, "✓ saved" on the facilitator's
//! screen — only after the journal line holding it was written and its sync returned. Removing
//! the sync, or acknowledging before it, fails these tests; a SIGKILL test cannot tell, because
//! the page cache survives a killed process.
//!
//! Needs strace (CI installs it) and, for the screen, tmux. Without them the tests are skipped,
//! saying why, or fail under HEARTH_E2E=1 (as in CI); HEARTH_SKIP_STRACE=1 (or, for the screen,
//! HEARTH_SKIP_TMUX=1) skips them on purpose.

// This test sets up the machine through the C library (limits, users, signals): unsafe is
// allowed here, as in src/platform.rs, and nowhere else.
#![allow(unsafe_code)]

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::strace;

fn session(dir: &Path) -> PathBuf {
    let out = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["new", "--title", "Order", "--date", "2026-11-30", "--dir"])
        .arg(dir)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/all-kinds.json"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

fn journal_name(session: &Path) -> String {
    session
        .with_extension("journal")
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn hearth_add_prints_the_id_only_after_the_journal_line_is_synced() {
    if !strace::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path());
    let trace = dir.path().join("add.trace");
    let out = Command::new("strace")
        .args(strace::args(&trace))
        .arg(env!("CARGO_BIN_EXE_hearth"))
        .args(["add", "--exercise", "round", "--slot", "sick", "--text"])
        .arg("said in the room, 夢")
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let id = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let trace = std::fs::read_to_string(&trace).unwrap();
    strace::assert_synced_before_ack(&trace, &journal_name(&path), &id, |c| {
        c.name.starts_with("write") && c.target.starts_with("pipe:") && c.args.contains(&id)
    });
}

#[test]
fn a_note_taker_gets_201_only_after_the_journal_line_is_synced() {
    if !strace::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path());
    let trace = dir.path().join("serve.trace");
    const CODE: &str = "ORDERCODE7";
    let mut child = Command::new("strace")
        .args(strace::args(&trace))
        .arg(env!("CARGO_BIN_EXE_hearth"))
        .arg("serve")
        .arg(&path)
        .args(["--bind", "127.0.0.1:0", "--code", CODE])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line.strip_prefix("Join address: ") {
                let _ = tx.send(url.to_owned());
            }
        }
    });
    let url = rx
        .recv_timeout(common::serve::PATIENCE)
        .expect("hearth serve starts under strace");
    let addr: std::net::SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    let body = common::serve::answer_body("order-1", "round", "sick", "Table 1", "answered 夢");
    let auth = common::serve::bearer(CODE);
    let reply = common::serve::request(
        addr,
        "POST",
        "/api/contributions",
        &[
            ("Authorization", auth.as_str()),
            ("Content-Type", "application/json"),
        ],
        &body,
    )
    .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    let pid = common::pid_of(&path.display().to_string()).expect("hearth serve runs");
    // SAFETY: kill(2) on the hearth process this test started (through strace).
    unsafe {
        libc::kill(pid, libc::SIGTERM);
    }
    let deadline = Instant::now() + common::serve::PATIENCE;
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "hearth serve stops on SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    }
    let trace = std::fs::read_to_string(&trace).unwrap();
    strace::assert_synced_before_ack(&trace, &journal_name(&path), "order-1", |c| {
        c.target.starts_with("TCP") && c.args.contains("HTTP/1.1 201")
    });
}

#[test]
fn the_screen_shows_saved_only_after_the_journal_line_is_synced() {
    if !strace::available() || !common::tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path());
    let trace = dir.path().join("run.trace");
    let command = format!(
        "strace {} {} run {} ; echo HEARTH-EXITED-$?; sleep 30",
        strace::args(&trace).join(" "),
        env!("CARGO_BIN_EXE_hearth"),
        path.display()
    );
    let tmux = common::tmux::Tmux::start("order", dir.path(), 80, 24, &command);
    tmux.wait_for("type the");
    tmux.type_text("typed at the table");
    tmux.keys(&["Enter"]);
    tmux.wait_for("✓ saved");
    tmux.keys(&["C-q"]);
    tmux.wait_for("HEARTH-EXITED-0");
    let trace = std::fs::read_to_string(&trace).unwrap();
    strace::assert_synced_before_ack(&trace, &journal_name(&path), "typed at the table", |c| {
        c.name.starts_with("write")
            && c.target.starts_with("/dev/pts")
            && c.args.contains(" saved ")
    });
}
