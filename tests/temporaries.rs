//! No temporary file outlives its writer: a writer killed between writing its temporary file
//! (`.NAME.tmp-PID`) and renaming it over NAME leaves the temporary behind; the next writer of
//! that file removes it, and a withdrawal removes every temporary that may hold the words.
//!
//! A kill is simulated by leaving the temporary as the killed writer would have: with another
//! process's id, one that has exited.

mod common;

use std::path::Path;
use std::process::Command;

/// The id of a process that has exited (and was waited for).
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().expect("`true` runs");
    let pid = child.id();
    child.wait().unwrap();
    pid
}

fn temporary(dir: &Path, target: &str, pid: u32) -> std::path::PathBuf {
    dir.join(format!(".{target}.tmp-{pid}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn add(dir: &Path, session: &Path, words: &str) -> String {
    let out = common::run_hearth(
        dir,
        &[
            "add",
            session.to_str().unwrap(),
            "--exercise",
            "round",
            "--slot",
            "sick",
            "--text",
            words,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout).trim().to_owned()
}

#[test]
fn the_next_writer_removes_every_session_side_temporary_a_killed_writer_left() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let stem = session.file_stem().unwrap().to_str().unwrap().to_owned();
    let dead = dead_pid();
    let left: Vec<_> = [
        format!("{stem}.json"),
        format!("{stem}.outline"),
        format!("{stem}.drafts"),
        format!("{stem}.devices.json"),
    ]
    .iter()
    .map(|target| {
        let tmp = temporary(dir.path(), target, dead);
        std::fs::write(&tmp, b"{\"text\": \"typed and never saved\"").unwrap();
        tmp
    })
    .collect();
    add(dir.path(), &session, "kept");
    for tmp in &left {
        assert!(!tmp.exists(), "{} is removed", tmp.display());
    }
}

#[test]
fn a_withdrawal_removes_a_drafts_temporary_holding_an_edit_of_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let id = add(dir.path(), &session, "first words");
    let drafts = format!("{}.drafts", session.file_stem().unwrap().to_str().unwrap());
    // Left by a `hearth run` killed while keeping the draft of an edit of the answer.
    let tmp = temporary(dir.path(), &drafts, dead_pid());
    std::fs::write(
        &tmp,
        format!(
            "{{\"exercise\":\"round\",\"slot\":\"sick\",\"text\":\"edited secret words\",\"editing\":\"{id}\"}}"
        ),
    )
    .unwrap();
    // The TUI's exports beside the session hold the words too.
    let exports = dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    let export_tmp = temporary(
        &exports,
        &format!("{}.md", session.file_stem().unwrap().to_str().unwrap()),
        dead_pid(),
    );
    std::fs::write(&export_tmp, b"- first words").unwrap();
    let out = common::run_hearth(
        dir.path(),
        &["withdraw", session.to_str().unwrap(), &id, "--yes"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!tmp.exists(), "the drafts temporary is removed");
    assert!(!export_tmp.exists(), "the export temporary is removed");
    for (path, bytes) in common::tree(dir.path()) {
        let t = text(&bytes);
        assert!(
            !t.contains("secret words") && !t.contains("first words"),
            "{} still holds the words",
            path.display()
        );
    }
}

#[test]
fn the_next_export_to_a_file_removes_a_killed_exports_temporary_and_only_that() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    add(dir.path(), &session, "words");
    let out_file = dir.path().join("out.md");
    let dead = temporary(dir.path(), "out.md", dead_pid());
    std::fs::write(&dead, b"- words").unwrap();
    // A writer still running (this test) keeps its temporary: it is about to rename it.
    let live = temporary(dir.path(), "out.md", std::process::id());
    std::fs::write(&live, b"- words").unwrap();
    // Another file's temporary is not this export's.
    let other = temporary(dir.path(), "other.md", dead_pid());
    std::fs::write(&other, b"- words").unwrap();
    let out = common::run_hearth(
        dir.path(),
        &[
            "export",
            session.to_str().unwrap(),
            "-o",
            out_file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out_file.exists());
    assert!(!dead.exists(), "the dead writer's temporary is removed");
    assert!(live.exists(), "a live writer's temporary is kept");
    assert!(other.exists(), "another file's temporary is kept");
}

#[test]
fn the_next_series_write_removes_a_killed_series_writers_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let out = common::run_hearth(
        dir.path(),
        &[
            "series",
            "new",
            "Book club",
            "--dir",
            dir.path().to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let series = text(&out.stdout).trim().to_owned();
    let name = Path::new(&series).file_name().unwrap().to_str().unwrap();
    let tmp = temporary(dir.path(), name, dead_pid());
    std::fs::write(&tmp, b"{\"format\"").unwrap();
    let out = common::run_hearth(
        dir.path(),
        &["series", "add", &series, session.to_str().unwrap()],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!tmp.exists(), "the series temporary is removed");
}
