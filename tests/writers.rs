//! One writer per session: a second hearth gets a clear error naming the holder; readers are
//! never blocked; a killed writer leaves no stale lock.

mod common;

use hearth::store::{SessionStore, StoreError, read_session};

#[test]
fn a_second_writer_is_refused_and_told_who_holds_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let (first, _) = SessionStore::open(&path).unwrap();
    match SessionStore::open(&path) {
        Err(StoreError::Locked { holder, .. }) => assert!(
            holder.contains(&format!("process {}", std::process::id())),
            "{holder}"
        ),
        other => panic!("expected Locked, got {other:?}"),
    }
    // Another process: the real binary.
    let out = common::run_hearth(
        dir.path(),
        &[
            "add",
            path.to_str().unwrap(),
            "--exercise",
            "pathways",
            "--slot",
            "q4",
            "--text",
            "hello",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("open for writing in another hearth"), "{err}");
    assert!(
        err.contains(&format!("process {}", std::process::id())),
        "{err}"
    );
    // Reading is not blocked.
    assert!(read_session(&path).is_ok());
    let out = common::run_hearth(dir.path(), &["show", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0));
    drop(first);
    let (second, _) = SessionStore::open(&path).expect("free once the first closes");
    second.close().unwrap();
}

/// Not a test: the body of the child process that holds the lock until it is killed.
#[test]
#[ignore = "entry point of a child process"]
fn lock_holder_child() {
    let Ok(path) = std::env::var("HEARTH_LOCK_CHILD_SESSION") else {
        return;
    };
    let (_store, _) = SessionStore::open(std::path::Path::new(&path)).unwrap();
    println!("LOCKED");
    std::thread::sleep(std::time::Duration::from_secs(60));
}

#[test]
fn a_killed_writer_leaves_no_stale_lock() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "lock_holder_child",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("HEARTH_LOCK_CHILD_SESSION", &path)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    assert!(
        lines.any(|l| l.unwrap().ends_with("LOCKED")),
        "the child took the lock"
    );
    assert!(matches!(
        SessionStore::open(&path),
        Err(StoreError::Locked { .. })
    ));
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    let (store, _) = SessionStore::open(&path).expect("the OS released the killed process's lock");
    store.close().unwrap();
}
