//! A write that fails half-way (here: the file-size limit, as a full disk would) is reported,
//! leaves the journal whole and the session unchanged, and the next write succeeds.
//!
//! The limit is set in a child process (this test binary, on an ignored entry point), so the
//! test runner itself is not limited.

// This test sets up the machine through the C library (limits, users, signals): unsafe is
// allowed here, as in src/platform.rs, and nowhere else.
#![allow(unsafe_code)]

mod common;

use std::path::Path;

use hearth::model::{Change, Draft};
use hearth::store::{SessionStore, StoreError, read_session};

fn set_file_size_limit(bytes: u64) {
    let limit = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: libc::RLIM_INFINITY,
    };
    // SAFETY: plain system calls on this process's own limits and signal disposition.
    unsafe {
        // Past the limit, write() fails with EFBIG instead of killing the process.
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &limit), 0);
    }
}

/// Not a test: the child process's body.
#[test]
#[ignore = "entry point of a child process"]
fn failing_writer_child() {
    let Ok(path) = std::env::var("HEARTH_FAIL_CHILD_SESSION") else {
        return;
    };
    let (mut store, _) = SessionStore::open(Path::new(&path)).unwrap();
    store.set_compact_min_bytes(u64::MAX);
    let first = Draft::new("pathways", "q4", "saved before the disk fills").into_contribution();
    store
        .apply(Change::Add {
            contribution: first,
        })
        .unwrap();
    let journal_len = std::fs::metadata(&store.paths().journal).unwrap().len();
    set_file_size_limit(journal_len + 40);
    let big = Draft::new("pathways", "q4", &"this will not fit ".repeat(50)).into_contribution();
    match store.apply(Change::Add {
        contribution: big.clone(),
    }) {
        Err(StoreError::Io { .. }) => {}
        other => panic!("expected a write error, got {other:?}"),
    }
    assert_eq!(
        store.session().contributions().len(),
        1,
        "the failed change is not applied"
    );
    assert_eq!(
        std::fs::metadata(&store.paths().journal).unwrap().len(),
        journal_len,
        "the partial line was taken back"
    );
    set_file_size_limit(libc::RLIM_INFINITY);
    store
        .apply(Change::Add { contribution: big })
        .expect("the same change succeeds once there is room");
    drop(store);
    println!("CHILD-OK");
}

#[test]
fn a_failed_write_loses_nothing_and_leaves_the_journal_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "failing_writer_child",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("HEARTH_FAIL_CHILD_SESSION", &path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("CHILD-OK"),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (session, report) = read_session(&path).unwrap();
    assert!(report.torn.is_none(), "no half-written line is left behind");
    let texts: Vec<&str> = session
        .contributions()
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(texts.len(), 2);
    assert_eq!(texts[0], "saved before the disk fills");
}
