//! Files are what hearth expects: the files beside a session are read only when they are
//! regular files (a FIFO or a device in their place is refused at once, never read until memory
//! runs out or waited on while the writer lock is held), and `export -o` writes through to what
//! is not a regular file (a FIFO, `/dev/stdout`, a symlink's target) as Unix tools do, replacing
//! atomically only a regular file.

// This test sets up the machine through the C library (limits, users, signals): unsafe is
// allowed here, as in src/platform.rs, and nowhere else.
#![allow(unsafe_code)]
#![cfg(unix)]

mod common;

use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

/// Runs hearth in `dir` with at most 1 GB of address space (a read without end fails instead of
/// taking the machine's memory), killing it after `limit`: `None` when it had to be killed.
fn run_bounded(dir: &Path, args: &[&str], limit: Duration) -> Option<Output> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1000000; exec \"$@\"")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_hearth"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(child.wait_with_output().unwrap())
}

fn add_args(session: &Path) -> Vec<&str> {
    vec![
        "add",
        session.to_str().unwrap(),
        "--exercise",
        "round",
        "--slot",
        "sick",
        "--text",
        "kept",
    ]
}

fn session_with_an_answer(dir: &Path) -> std::path::PathBuf {
    let session = common::new_session(dir);
    let out = common::run_hearth(dir, &add_args(&session), None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    session
}

#[test]
fn an_outline_that_is_a_device_or_a_fifo_is_not_read_and_add_still_saves() {
    for kind in ["device", "fifo"] {
        let dir = tempfile::tempdir().unwrap();
        let session = session_with_an_answer(dir.path());
        let outline = hearth::store::outline_path(&session);
        std::fs::remove_file(&outline).unwrap();
        match kind {
            "device" => std::os::unix::fs::symlink("/dev/zero", &outline).unwrap(),
            _ => mkfifo(&outline),
        }
        let out = run_bounded(dir.path(), &add_args(&session), Duration::from_secs(20))
            .unwrap_or_else(|| panic!("{kind}: `hearth add` did not finish"));
        assert_eq!(out.status.code(), Some(0), "{kind}: {}", text(&out.stderr));
        let (s, _) = hearth::store::read_session(&session).unwrap();
        assert_eq!(s.contributions().len(), 2, "{kind}");
    }
}

#[test]
fn a_drafts_file_that_is_a_fifo_or_a_device_neither_hangs_a_withdrawal_nor_is_read() {
    for kind in ["device", "fifo"] {
        let dir = tempfile::tempdir().unwrap();
        let session = common::new_session(dir.path());
        let out = common::run_hearth(dir.path(), &add_args(&session), None);
        let id = text(&out.stdout).trim().to_owned();
        let drafts = hearth::store::drafts::drafts_path(&session);
        match kind {
            "device" => std::os::unix::fs::symlink("/dev/zero", &drafts).unwrap(),
            _ => mkfifo(&drafts),
        }
        // What the terminal app reads on opening the session: refused at once.
        let (tx, rx) = std::sync::mpsc::channel();
        let from = session.clone();
        std::thread::spawn(move || {
            let read = hearth::store::drafts::read_unsaved::<hearth::model::Unsaved>(&from);
            let _ = tx.send(read.map(|_| ()).map_err(|e| e.to_string()));
        });
        let read = rx.recv_timeout(Duration::from_secs(5));
        if read.is_err() {
            // Let the stuck reader go before failing.
            let _ = std::fs::OpenOptions::new().write(true).open(&drafts);
        }
        let read = read.unwrap_or_else(|_| panic!("{kind}: reading the drafts did not finish"));
        assert!(read.is_err(), "{kind}: {read:?}");
        let out = run_bounded(
            dir.path(),
            &["withdraw", session.to_str().unwrap(), &id, "--yes"],
            Duration::from_secs(20),
        )
        .unwrap_or_else(|| panic!("{kind}: `hearth withdraw` did not finish"));
        assert_eq!(out.status.code(), Some(0), "{kind}: {}", text(&out.stderr));
    }
}

fn export(dir: &Path, session: &Path, out: &str) -> Option<Output> {
    run_bounded(
        dir,
        &[
            "export",
            session.to_str().unwrap(),
            "--format",
            "md",
            "-o",
            out,
        ],
        Duration::from_secs(20),
    )
}

#[test]
fn export_to_a_symlink_writes_its_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let session = session_with_an_answer(dir.path());
    let target = dir.path().join("published.md");
    std::fs::write(&target, b"old").unwrap();
    let link = dir.path().join("latest.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = export(dir.path(), &session, link.to_str().unwrap()).unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link is still a link"
    );
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.contains("kept"), "{written}");
}

#[test]
fn export_to_a_fifo_writes_into_it_and_leaves_it_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let session = session_with_an_answer(dir.path());
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(&fifo).unwrap())
    };
    let out = export(dir.path(), &session, fifo.to_str().unwrap());
    let is_fifo = std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo();
    if !is_fifo || out.is_none() {
        // Let the reader go before failing.
        let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
    }
    assert!(is_fifo, "the FIFO is still a FIFO");
    let out = out.expect("the export finished");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let read = text(&reader.join().unwrap());
    assert!(read.contains("kept"), "{read}");
}

/// Standard output named as a file. Not `/dev/stdout` itself: an export that renamed over it
/// (as hearth did) would replace the machine's `/dev/stdout` when run as root; a link to
/// `/proc/self/fd/1` beside the session (what `/dev/stdout` is) and `/dev/fd/1` (where nothing
/// can be created) are the same file and harmless to get wrong.
#[test]
fn export_to_standard_output_by_name_and_to_dash_writes_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let session = session_with_an_answer(dir.path());
    let link = dir.path().join("stdout");
    std::os::unix::fs::symlink("/proc/self/fd/1", &link).unwrap();
    for out_arg in [link.to_str().unwrap(), "/dev/fd/1", "-"] {
        let out = export(dir.path(), &session, out_arg).unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{out_arg}: {}",
            text(&out.stderr)
        );
        assert!(text(&out.stdout).contains("kept"), "{out_arg}");
    }
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(!dir.path().join("-").exists());
}

#[test]
fn a_lock_note_that_is_a_fifo_or_a_symlink_is_replaced_never_written_through() {
    for kind in ["fifo", "symlink"] {
        let dir = tempfile::tempdir().unwrap();
        let session = common::new_session(dir.path());
        let note = session.with_extension("lock");
        let elsewhere = dir.path().join("someone-elses-file");
        std::fs::write(&elsewhere, b"theirs").unwrap();
        match kind {
            "fifo" => mkfifo(&note),
            _ => std::os::unix::fs::symlink(&elsewhere, &note).unwrap(),
        }
        let out = run_bounded(dir.path(), &add_args(&session), Duration::from_secs(20))
            .unwrap_or_else(|| panic!("{kind}: `hearth add` did not finish"));
        assert_eq!(out.status.code(), Some(0), "{kind}: {}", text(&out.stderr));
        assert_eq!(std::fs::read(&elsewhere).unwrap(), b"theirs", "{kind}");
    }
}

/// A pseudo-terminal: its controller and the name of the terminal end.
fn pseudo_terminal() -> (std::fs::File, String) {
    use std::os::fd::FromRawFd;
    // SAFETY: plain calls on a descriptor this function opens and then owns.
    unsafe {
        let fd = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY | libc::O_NONBLOCK);
        assert!(fd >= 0);
        assert_eq!(libc::grantpt(fd), 0);
        assert_eq!(libc::unlockpt(fd), 0);
        let name = std::ffi::CStr::from_ptr(libc::ptsname(fd))
            .to_string_lossy()
            .into_owned();
        (std::fs::File::from_raw_fd(fd), name)
    }
}

#[test]
fn export_to_a_terminal_writes_to_it_with_its_control_characters_as_symbols() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let mut args = add_args(&session);
    args[7] = "kept\u{1b}]0;pwned\u{7}";
    let out = common::run_hearth(dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let (mut controller, terminal) = pseudo_terminal();
    // Keep the terminal end open so what is written stays to be read.
    let _end = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&terminal)
        .unwrap();
    let out = export(dir.path(), &session, &terminal).unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut shown = Vec::new();
    let mut buf = [0u8; 65536];
    while let Ok(n) = controller.read(&mut buf) {
        if n == 0 {
            break;
        }
        shown.extend_from_slice(&buf[..n]);
    }
    let shown = text(&shown);
    assert!(shown.contains("kept"), "{shown}");
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
    assert!(
        std::fs::metadata(&terminal)
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[test]
fn a_journal_that_is_a_fifo_is_refused_by_readers_and_writers_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let session = session_with_an_answer(dir.path());
    let journal = session.with_extension("journal");
    std::fs::remove_file(&journal).unwrap();
    mkfifo(&journal);
    let s = session.to_str().unwrap();
    for args in [vec!["show", s], add_args(&session)] {
        let out = run_bounded(dir.path(), &args, Duration::from_secs(20))
            .unwrap_or_else(|| panic!("`hearth {}` did not finish", args[0]));
        let err = text(&out.stderr);
        assert_ne!(out.status.code(), Some(0), "{}: {err}", args[0]);
        assert!(err.contains("not a regular file"), "{}: {err}", args[0]);
    }
}
