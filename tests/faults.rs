//! Faults around the commands: standard output that cannot be written, a disk that fills
//! between the journal and the snapshot, escape sequences in stored text, and files a crashed
//! run left behind. Every command runs as the real binary.

// This test sets up the machine through the C library (limits, users, signals): unsafe is
// allowed here, as in src/platform.rs, and nowhere else.
#![allow(unsafe_code)]

mod common;

use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Output, Stdio};

use hearth::store::{SessionStore, read_session};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs hearth in `dir` with standard output on `/dev/full`.
fn run_to_full_disk(dir: &Path, args: &[&str]) -> Output {
    common::hearth()
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(File::options().write(true).open("/dev/full").unwrap())
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn every_command_reports_a_failed_write_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let session = common::new_session(&d.join("sessions"));
    let s = session.to_str().unwrap();
    std::fs::create_dir(d.join("scenarios")).unwrap();
    std::fs::copy(
        common::fixture("all-kinds.json"),
        d.join("scenarios/all-kinds.json"),
    )
    .unwrap();
    std::fs::write(d.join("notes.txt"), "one answer\n\nanother answer\n").unwrap();
    let other = common::new_session(&d.join("other"));
    let o = other.to_str().unwrap();
    let commands: &[&[&str]] = &[
        &[
            "add",
            s,
            "--exercise",
            "pathways",
            "--slot",
            "q4",
            "--text",
            "x",
        ],
        &["new", "scenarios/all-kinds.json", "--dir", "made"],
        &["validate", s, "scenarios/all-kinds.json"],
        &["list"],
        &[
            "import",
            s,
            "notes.txt",
            "--exercise",
            "pathways",
            "--group",
            "Table 1",
        ],
        &["merge", s, o, "-o", "merged.json"],
        &["show", s],
        &["show", s, "--raw"],
        &["export", s, "--format", "md"],
        &["export", s, "--format", "csv", "-o", "out.csv"],
        &[],
        &["--help"],
        &["add", "--help"],
        &["--version"],
    ];
    for args in commands {
        let out = run_to_full_disk(d, args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "hearth {args:?}: {err}");
        assert!(
            err.contains("cannot write to standard output"),
            "hearth {args:?} says why: {err}"
        );
        assert!(!err.contains("panicked"), "hearth {args:?}: {err}");
    }
}

#[test]
fn a_closed_pipe_stays_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let mut child = common::hearth()
        .args(["show", session.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    assert!(!text(&out.stderr).contains("panicked"));
}

/// Runs hearth with writes past `limit` bytes into any file failing (EFBIG), as a full disk would.
fn run_with_file_size_limit(dir: &Path, args: &[&str], limit: u64) -> Output {
    let mut command = common::hearth();
    command.args(args).current_dir(dir).stdin(Stdio::null());
    // SAFETY: only async-signal-safe system calls between fork and exec.
    unsafe {
        command.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let l = libc::rlimit {
                rlim_cur: limit as libc::rlim_t,
                rlim_max: libc::RLIM_INFINITY,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &l) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    command.output().unwrap()
}

/// Leftovers beside a session: a holder file or temporary snapshots.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".lock") || n.contains(".tmp-"))
        .collect()
}

#[test]
fn an_answer_in_the_journal_is_a_success_even_when_the_snapshot_cannot_be_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let s = session.to_str().unwrap();
    // An add rewrites the snapshot only once the journal is long: fill it past the threshold
    // (records that are already acknowledged, left in the journal), so that this add appends
    // its line and then folds the journal into a new snapshot.
    let earlier = {
        let (mut store, _) = SessionStore::open(&session).unwrap();
        store.set_compact_min_bytes(u64::MAX);
        let text = "acknowledged earlier ".repeat(10);
        let mut n = 0;
        while std::fs::metadata(session.with_extension("journal"))
            .unwrap()
            .len()
            <= hearth::store::COMPACT_MIN_BYTES
        {
            let changes = (0..100)
                .map(|i| hearth::model::Change::Add {
                    contribution: hearth::model::Draft::new(
                        "pathways",
                        "q4",
                        &format!("{text}{i}"),
                    )
                    .into_contribution(),
                })
                .collect();
            store.apply_all(changes).unwrap();
            n += 100;
        }
        n
    };
    let journal_len = std::fs::metadata(session.with_extension("journal"))
        .unwrap()
        .len();
    // The journal line fits under the limit; the rewritten snapshot does not.
    let limit = journal_len + 4096;
    let args = [
        "add",
        s,
        "--exercise",
        "pathways",
        "--slot",
        "q4",
        "--text",
        "said just before the disk filled",
    ];
    let out = run_with_file_size_limit(dir.path(), &args, limit);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let id = text(&out.stdout);
    assert_eq!(id.lines().count(), 1, "the id, once: {id:?}");
    let id = id.trim();
    assert!(
        err.contains("saved") && err.contains("snapshot"),
        "the failed rewrite is a warning: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    // Present after reopening, once; the journal holds it until the next rewrite.
    let (store, _) = SessionStore::open(&session).unwrap();
    let found: Vec<_> = store
        .session()
        .contributions()
        .iter()
        .filter(|c| c.text == "said just before the disk filled")
        .map(|c| c.id.clone())
        .collect();
    assert_eq!(found, [id.to_owned()]);
    assert_eq!(store.session().contributions().len(), earlier + 1);
    // Without the limit, the journal (still long) is folded in.
    store.close().unwrap();
    assert_eq!(
        std::fs::metadata(session.with_extension("journal"))
            .unwrap()
            .len(),
        0
    );
    let (session, _) = read_session(&session).unwrap();
    assert_eq!(session.contributions().len(), earlier + 1);
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn a_failed_add_leaves_no_lock_file() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let s = session.to_str().unwrap();
    let before = common::tree(dir.path());
    // Nothing can be written at all: not the journal line, not the holder's name.
    let args = [
        "add",
        s,
        "--exercise",
        "pathways",
        "--slot",
        "q4",
        "--text",
        "not saved",
    ];
    let out = run_with_file_size_limit(dir.path(), &args, 0);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(out.stdout.is_empty(), "no id for an answer not saved");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    assert_eq!(common::tree(dir.path()), before, "nothing changed");
}

/// An answer full of terminal controls: a window title (OSC 0), clear screen (CSI), a clipboard
/// write (OSC 52), an 8-bit CSI (U+009B) and DEL.
const HOSTILE: &str = "title\u{1b}]0;pwned\u{7} clear\u{1b}[2J clip\u{1b}]52;c;cm0gLXJmIH4=\u{7} c1\u{9b}31m del\u{7f} end";

fn has_control(bytes: &[u8]) -> bool {
    let t = text(bytes);
    t.chars().any(|c| c != '\n' && c != '\t' && c.is_control())
}

#[test]
fn show_never_prints_control_characters_and_raw_keeps_the_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let s = session.to_str().unwrap();
    let out = common::run_hearth(
        dir.path(),
        &[
            "add",
            s,
            "--exercise",
            "pathways",
            "--slot",
            "q4",
            "--group",
            "Table 1",
            "--text",
            HOSTILE,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let id = text(&out.stdout).trim().to_owned();

    let shown = common::run_hearth(dir.path(), &["show", s], None);
    assert_eq!(shown.status.code(), Some(0));
    assert!(!has_control(&shown.stdout), "{:?}", text(&shown.stdout));
    let listing = text(&shown.stdout);
    assert!(
        listing
            .contains("title␛]0;pwned␇ clear␛[2J clip␛]52;c;cm0gLXJmIH4=␇ c1\u{fffd}31m del␡ end"),
        "{listing}"
    );
    let one = common::run_hearth(dir.path(), &["show", s, "--id", &id], None);
    assert!(!has_control(&one.stdout), "{:?}", text(&one.stdout));

    let raw = common::run_hearth(dir.path(), &["show", s, "--id", &id, "--raw"], None);
    assert_eq!(raw.status.code(), Some(0));
    assert_eq!(raw.stdout, HOSTILE.as_bytes(), "--raw is byte for byte");
    let raw_listing = common::run_hearth(dir.path(), &["show", s, "--raw"], None);
    assert!(text(&raw_listing.stdout).contains(HOSTILE));
}

#[test]
fn show_raw_refuses_a_terminal_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let s = session.to_str().unwrap();
    let (mut leader, mut follower) = (0, 0);
    // SAFETY: openpty fills in two new descriptors, owned from here on.
    let opened = unsafe {
        libc::openpty(
            &mut leader,
            &mut follower,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(opened, 0, "a pseudo-terminal");
    // SAFETY: both descriptors are open and owned by nothing else.
    let (leader, follower) = unsafe {
        use std::os::fd::FromRawFd;
        (File::from_raw_fd(leader), File::from_raw_fd(follower))
    };
    let run = |args: &[&str]| {
        common::hearth()
            .args(args)
            .stdin(Stdio::null())
            .stdout(follower.try_clone().unwrap())
            .stderr(Stdio::piped())
            .output()
            .unwrap()
    };
    let refused = run(&["show", s, "--raw"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused.stderr).contains("--force"),
        "{}",
        text(&refused.stderr)
    );
    let forced = run(&["show", s, "--raw", "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced.stderr));
    drop(leader);
}

#[test]
fn an_error_quoting_a_file_shows_its_control_characters_as_symbols() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\"format\": \"\\u001b]0;pwned\\u0007\\u001b[2J\\u009b\", \"title\": \"x\"}",
    )
    .unwrap();
    for args in [
        vec!["validate", "bad.json"],
        vec!["show", "bad.json"],
        vec![
            "add",
            "bad.json",
            "--exercise",
            "e",
            "--slot",
            "s",
            "--text",
            "t",
        ],
        vec!["new", "bad.json", "--dir", "made"],
        vec!["list", "--scenarios", ".", "--dir", "."],
    ] {
        let out = common::run_hearth(dir.path(), &args, None);
        let all = [out.stdout.clone(), out.stderr.clone()].concat();
        assert!(!has_control(&all), "hearth {args:?}: {:?}", text(&all));
        assert!(
            text(&all).contains("␛]0;pwned␇"),
            "hearth {args:?}: {}",
            text(&all)
        );
    }
}

#[test]
fn temporary_snapshots_of_a_crashed_run_are_removed_on_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let name = session.file_name().unwrap().to_str().unwrap().to_owned();
    let snapshot = std::fs::read(&session).unwrap();
    let stale = [format!(".{name}.tmp-12345"), format!(".{name}.tmp-4194303")];
    for f in &stale {
        std::fs::write(dir.path().join(f), &snapshot[..snapshot.len() / 2]).unwrap();
    }
    // Not this session's temporaries: left alone.
    let others = [
        format!(".{name}.tmp-notapid"),
        ".other.json.tmp-12345".to_owned(),
        format!("{name}.tmp-12345"),
    ];
    for f in &others {
        std::fs::write(dir.path().join(f), b"keep").unwrap();
    }
    let s = session.to_str().unwrap();
    // A reader removes nothing: it does not hold the lock.
    let shown = common::run_hearth(dir.path(), &["show", s], None);
    assert_eq!(shown.status.code(), Some(0));
    assert!(dir.path().join(&stale[0]).exists());
    let out = common::run_hearth(
        dir.path(),
        &[
            "add",
            s,
            "--exercise",
            "round",
            "--slot",
            "sick",
            "--text",
            "kept",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for f in &stale {
        assert!(!dir.path().join(f).exists(), "{f} is removed");
    }
    for f in &others {
        assert!(dir.path().join(f).exists(), "{f} is not this session's");
    }
    let (session, _) = read_session(&session).unwrap();
    assert_eq!(session.contributions().len(), 1);
    assert_eq!(session.contributions()[0].text, "kept");
}

#[test]
fn a_device_join_that_cannot_be_saved_leaves_no_group_behind() {
    use hearth::net::hub::{Hub, JoinCode, Outcome, devices_path};
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let (store, _) = SessionStore::open(&session).unwrap();
    let devices = devices_path(&session);
    // The devices file cannot be written: a directory stands where its temporary file goes.
    let blocker = dir.path().join(format!(
        ".{}.tmp-{}",
        devices.file_name().unwrap().to_str().unwrap(),
        std::process::id()
    ));
    std::fs::create_dir(&blocker).unwrap();
    let hub = Hub::start(store, JoinCode::parse("abcd2345").unwrap(), 0).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let failed = runtime.block_on(hub.join("Brand new table", Some("phone"), None));
    assert!(
        matches!(failed, Err(Outcome::NotSaved(_))),
        "{:?}",
        failed.map(|_| ())
    );
    assert!(
        !hub.groups().iter().any(|g| g == "Brand new table"),
        "no group from a failed join: {:?}",
        hub.groups()
    );
    assert!(hub.devices().is_empty());
    // Once the file can be written, the same join works and adds the group.
    std::fs::remove_dir(&blocker).unwrap();
    let joined = runtime.block_on(hub.join("Brand new table", Some("phone"), None));
    assert!(joined.is_ok());
    assert!(hub.groups().iter().any(|g| g == "Brand new table"));
    assert_eq!(hub.devices().len(), 1);
    hub.stop().unwrap().close().unwrap();
    let (session, _) = read_session(&session).unwrap();
    assert_eq!(
        session
            .groups
            .iter()
            .filter(|g| *g == "Brand new table")
            .count(),
        1
    );
}

#[test]
fn docs_serve_md_names_the_headers_the_server_sends() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let server = common::serve::InProcess::start(&session, "abcd2345");
    let reply = common::serve::request(server.addr, "GET", "/", &[], b"").unwrap();
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/serve.md"))
        .unwrap();
    for name in [
        "Referrer-Policy",
        "X-Content-Type-Options",
        "Cache-Control",
        "X-Frame-Options",
    ] {
        let sent = reply
            .header(name)
            .unwrap_or_else(|| panic!("{name} is sent"));
        assert!(
            doc.contains(&format!("`{name}: {sent}`")),
            "docs/serve.md says `{name}: {sent}`"
        );
    }
    server.stop();
}

#[test]
fn an_error_about_a_files_format_names_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("newer.json"),
        "{\n  \"title\": \"x\",\n  \"format\": \"hearth-session/9\"\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("other.json"),
        "{\n\n    \"format\": \"something-else/1\"}",
    )
    .unwrap();
    let out = common::run_hearth(dir.path(), &["show", "newer.json"], None);
    assert!(
        text(&out.stderr).contains("newer.json:3:13: written by a newer hearth"),
        "{}",
        text(&out.stderr)
    );
    let out = common::run_hearth(dir.path(), &["validate", "other.json"], None);
    assert!(
        text(&out.stderr).contains("other.json:3:15: \"format\" is"),
        "{}",
        text(&out.stderr)
    );
}
