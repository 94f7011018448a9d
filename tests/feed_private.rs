//! The audience socket is this user's alone: `hearth screen` refuses a socket another local
//! user bound first (whatever it would show), and the folder for sockets whose path beside the
//! session is too long is this user's own, made 0700 and checked, never a name another user
//! could take first.
//!
//! The second-user test needs root (it runs part of itself as `nobody`); elsewhere it is
//! skipped, saying why, or fails under HEARTH_E2E=1.

// This test sets up the machine through the C library (limits, users, signals): unsafe is
// allowed here, as in src/platform.rs, and nowhere else.
#![allow(unsafe_code)]
#![cfg(unix)]

mod common;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ATTACKER: &str = "HEARTH_TEST_FEED_ATTACKER";

/// Run as the other user: binds the session's audience socket first and offers a forged view.
#[test]
fn another_user_binds_the_socket() {
    let Some(session) = std::env::var_os(ATTACKER) else {
        return; // only as the attacker's process
    };
    let path = hearth::net::feed::socket_path(Path::new(&session));
    let listener = std::os::unix::net::UnixListener::bind(&path).expect("binds");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o777)).unwrap();
    println!("bound");
    std::io::stdout().flush().unwrap();
    listener.set_nonblocking(true).unwrap();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if let Ok((mut s, _)) = listener.accept() {
            let _ =
                s.write_all(b"{\"forged\":\"Join on your own device: http://evil.example/\"}\n");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_screen_refuses_a_socket_another_user_bound_first() {
    // SAFETY: a plain C library call with valid arguments; it touches no Rust memory.
    let root = unsafe { libc::geteuid() } == 0;
    let missing = if root {
        Vec::new()
    } else {
        vec![common::e2e::missing(
            "not running as root (the test runs part of itself as another user)",
            "run the tests as root, as CI does",
        )]
    };
    if !common::e2e::need("second-user", missing) {
        return;
    }
    // A shared folder, as /tmp or a shared drive is: anyone may make files in it.
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o1777)).unwrap();
    let session = dir.path().join("cafe.json");
    std::fs::write(&session, b"{}").unwrap();
    let mut attacker = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "another_user_binds_the_socket", "--nocapture"])
        .env(ATTACKER, &session)
        .uid(65534)
        .gid(65534)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the other user's process starts");
    let path = hearth::net::feed::socket_path(&session);
    let start = Instant::now();
    while !path.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the other user never bound"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let refused = runtime.block_on(hearth::net::feed::connect(&session));
    let _ = attacker.kill();
    let _ = attacker.wait();
    let e = refused.expect_err("the other user's socket is refused");
    assert_eq!(e.kind(), std::io::ErrorKind::PermissionDenied, "{e}");
    assert!(e.to_string().contains("not this user's"), "{e}");
}

#[test]
fn the_folder_for_long_paths_is_this_users_own_and_checked() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("hearth-test");
    hearth::net::feed::ensure_private_dir(&dir).expect("made");
    let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700);
    hearth::net::feed::ensure_private_dir(&dir).expect("its own folder is taken as it is");
    // One that others can enter, a link, or a file: refused, saying so.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    let e = hearth::net::feed::ensure_private_dir(&dir).unwrap_err();
    assert!(e.to_string().contains("not a private folder"), "{e}");
    let link = base.path().join("link");
    let target = base.path().join("target");
    std::fs::create_dir(&target).unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    assert!(hearth::net::feed::ensure_private_dir(&link).is_err());
    let file = base.path().join("file");
    std::fs::write(&file, b"").unwrap();
    assert!(hearth::net::feed::ensure_private_dir(&file).is_err());
    // A session whose socket would not fit beside it gets one in this user's folder.
    let deep = base.path().join("a".repeat(120)).join("session.json");
    let socket = hearth::net::feed::socket_path(&deep);
    assert_eq!(
        socket.parent(),
        Some(hearth::net::feed::private_dir().as_path())
    );
    // SAFETY: a plain C library call with valid arguments; it touches no Rust memory.
    let uid = unsafe { libc::getuid() };
    assert!(
        hearth::net::feed::private_dir()
            .to_string_lossy()
            .ends_with(&format!("hearth-{uid}"))
    );
}
