//! One bad journal line never locks a session: a line that does not apply is left out and named
//! (file, line, why), with every later line that depends on it; the rest of the session opens
//! everywhere; the next writer moves those lines to `<slug>.rejected` (its owner's alone, one JSON
//! object a line) and they are never read again; `hearth validate` reports them; a withdrawal
//! takes an answer's words out of that file too.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use hearth::model::{Change, Draft};
use hearth::store::journal::Record;
use hearth::store::plans::session_files;
use hearth::store::{SessionStore, read_session, rejected_path};
use jiff::Timestamp;

fn add(group: &str, text: &str) -> (String, Change) {
    let c = Draft::new("pathways", "q4", text)
        .group(Some(group.to_owned()))
        .into_contribution();
    (c.id.clone(), Change::Add { contribution: c })
}

/// Appends records to the journal as a writer that trusted something it should not have would.
fn append(session: &Path, changes: &[Change]) {
    let (s, _) = read_session(session).unwrap();
    let mut journal = std::fs::OpenOptions::new()
        .append(true)
        .open(session.with_extension("journal"))
        .unwrap();
    for (seq, change) in (s.changes + 1..).zip(changes) {
        let record = Record {
            seq,
            change: change.clone(),
        };
        journal.write_all(&record.to_line()).unwrap();
    }
}

/// A session whose journal holds: an answer, an answer of a group the session lacks, an edit of
/// that answer, another answer. Returns the session and the ids (kept, refused, kept).
fn session_with_a_bad_line(dir: &Path) -> (PathBuf, [String; 3]) {
    let session = common::new_session(dir);
    let (first, a) = add("Table 1", "first");
    let (ghost, b) = add("Ghost table", "ghost words");
    let (last, c) = add("Table 2", "last");
    let edit = Change::Edit {
        id: ghost.clone(),
        text: "ghost words, edited".into(),
        fields: Default::default(),
        at: Timestamp::now(),
    };
    append(&session, &[a]);
    // What `hearth add` wrote from an outline it should not have trusted, and what followed.
    append(&session, &[b, edit, c]);
    (session, [first, ghost, last])
}

#[test]
fn a_refused_line_in_the_middle_is_left_out_with_what_depends_on_it_and_the_rest_opens() {
    let dir = tempfile::tempdir().unwrap();
    let (session, [first, ghost, last]) = session_with_a_bad_line(dir.path());
    let s = session.to_str().unwrap();

    // Read: the rest opens, the two lines are named, nothing is written.
    let before = common::tree(dir.path());
    let (read, report) = read_session(&session).unwrap();
    let ids: Vec<&str> = read.contributions().iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, [first.as_str(), last.as_str()]);
    let lines: Vec<usize> = report.rejected.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 3]);
    assert!(
        report.rejected[0].why.contains("Ghost table"),
        "{:?}",
        report.rejected
    );
    assert!(
        report.rejected[1].why.contains("follows line 2"),
        "{:?}",
        report.rejected
    );
    assert!(report.gaps.is_empty());
    assert_eq!(common::tree(dir.path()), before, "reading writes nothing");

    // show and export open it, saying what was left out; validate says it is not valid.
    for args in [
        vec!["show", s],
        vec!["export", s, "--format", "md", "-o", "-"],
    ] {
        let out = common::run_hearth(dir.path(), &args, None);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.contains(".journal:2:1:"), "{args:?}: {err}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("last"));
    }
    let out = common::run_hearth(dir.path(), &["validate", s], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(".journal:2:1:") && err.contains(".journal:3:1:"),
        "{err}"
    );
    assert!(err.contains("Ghost table"), "{err}");

    // A writer moves them aside and folds the journal in.
    let (store, report) = SessionStore::open(&session).unwrap();
    assert_eq!(report.rejected.len(), 2);
    assert_eq!(report.rejected_to, Some(rejected_path(&session)));
    drop(store);
    let kept = rejected_path(&session);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the owner's alone");
    }
    let text = std::fs::read_to_string(&kept).unwrap();
    let entries: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["format"], "hearth-rejected/1");
    assert_eq!(entries[0]["line"], 2);
    let record: Record = serde_json::from_str(entries[0]["text"].as_str().unwrap()).unwrap();
    assert_eq!(record.change.contribution_id(), Some(ghost.as_str()));
    assert_eq!(
        std::fs::metadata(session.with_extension("journal"))
            .unwrap()
            .len(),
        0,
        "the lines left out are out of the journal"
    );

    // From here on the session is whole: nothing reported, new answers numbered after the rest.
    let (read, report) = read_session(&session).unwrap();
    assert!(report.rejected.is_empty() && report.gaps.is_empty());
    assert_eq!(read.contributions().len(), 2);
    let (mut store, _) = SessionStore::open(&session).unwrap();
    let (next, change) = add("Table 1", "after");
    store.apply(change).unwrap();
    drop(store);
    let (read, report) = read_session(&session).unwrap();
    assert!(report.rejected.is_empty() && report.gaps.is_empty());
    assert!(read.contribution(&next).is_some());
    let out = common::run_hearth(dir.path(), &["validate", s], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains(".rejected: 2 lines set aside"), "{err}");
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), text, "kept once");

    // A side file, never a session.
    assert_eq!(session_files(dir.path()), vec![session.clone()]);
}

#[test]
fn an_open_that_stopped_before_the_journal_was_folded_in_does_not_keep_a_line_twice() {
    let dir = tempfile::tempdir().unwrap();
    let (session, _) = session_with_a_bad_line(dir.path());
    let journal = std::fs::read(session.with_extension("journal")).unwrap();
    let snapshot = std::fs::read(&session).unwrap();
    drop(SessionStore::open(&session).unwrap());
    // As if the writer had stopped after keeping the lines, before rewriting the session.
    std::fs::write(session.with_extension("journal"), &journal).unwrap();
    std::fs::write(&session, &snapshot).unwrap();
    let (store, report) = SessionStore::open(&session).unwrap();
    assert_eq!(report.rejected.len(), 2);
    assert_eq!(store.session().contributions().len(), 2);
    drop(store);
    let text = std::fs::read_to_string(rejected_path(&session)).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
}

#[test]
fn withdrawing_an_answer_takes_its_words_out_of_the_rejected_file() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let (id, a) = add("Table 1", "kept answer");
    append(&session, &[a]);
    // A line the session refuses that holds words of that answer: a second answer under its id.
    let mut twin = Draft::new("pathways", "q4", "secret twin words")
        .group(Some("Table 1".into()))
        .into_contribution();
    twin.id = id.clone();
    let (_, other) = add("Nowhere", "unrelated refused words");
    append(&session, &[Change::Add { contribution: twin }, other]);
    let (store, report) = SessionStore::open(&session).unwrap();
    assert_eq!(report.rejected.len(), 2);
    drop(store);
    let kept = rejected_path(&session);
    assert!(
        std::fs::read_to_string(&kept)
            .unwrap()
            .contains("secret twin words")
    );

    let (mut store, _) = SessionStore::open(&session).unwrap();
    store
        .apply(Change::Withdraw {
            id: id.clone(),
            at: Timestamp::now(),
        })
        .unwrap();
    store.close().unwrap();
    let text = std::fs::read_to_string(&kept).unwrap();
    assert!(!text.contains("secret twin words"), "{text}");
    assert!(!text.contains(&id), "{text}");
    assert!(
        text.contains("unrelated refused words"),
        "the rest stays: {text}"
    );
}
