//! `hearth add` costs one appended line: below the compaction thresholds the snapshot is left
//! exactly as it was (same file, same bytes) and the journal grows by one line; past them the
//! writer folds the journal into a new snapshot, and nothing is lost.

mod common;

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use hearth::model::{Change, Draft};
use hearth::store::{COMPACT_MIN_BYTES, COMPACT_MIN_RECORDS, SessionStore, read_session};

/// The snapshot as a file: its inode, modification time and bytes. An atomic rewrite (a new file
/// renamed over it) changes the inode even when the bytes come out the same.
#[derive(Debug, PartialEq)]
struct FileState {
    inode: u64,
    modified: std::time::SystemTime,
    bytes: Vec<u8>,
}

fn state(path: &Path) -> FileState {
    let m = std::fs::metadata(path).unwrap();
    FileState {
        inode: m.ino(),
        modified: m.modified().unwrap(),
        bytes: std::fs::read(path).unwrap(),
    }
}

fn add(session: &Path, text: &str) -> String {
    let out = common::run_hearth(
        session.parent().unwrap(),
        &[
            "add",
            session.to_str().unwrap(),
            "--exercise",
            "pathways",
            "--slot",
            "q4",
            "--group",
            "Table 1",
            "--text",
            text,
        ],
        None,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "no warning: {err}");
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Appends contributions to the journal through the store, never compacting, and leaves them
/// there (dropped, not closed): `n` of them, or with `up_to`, as many as keep the journal within
/// that many bytes.
fn fill_journal(session: &Path, n: usize, up_to: Option<u64>, text: &str) -> Vec<String> {
    let (mut store, _) = SessionStore::open(session).unwrap();
    store.set_compact_min_bytes(u64::MAX);
    store.set_compact_min_records(u64::MAX);
    let mut ids = Vec::new();
    let mut longest = 0;
    for i in 0..n {
        let before = journal_len(session);
        if let Some(limit) = up_to
            && before + longest > limit
        {
            break;
        }
        let c = Draft::new("pathways", "q4", &format!("{text} #{i}")).into_contribution();
        ids.push(c.id.clone());
        store.apply(Change::Add { contribution: c }).unwrap();
        longest = longest.max(journal_len(session) - before);
    }
    ids
}

fn journal_len(session: &Path) -> u64 {
    std::fs::metadata(session.with_extension("journal"))
        .unwrap()
        .len()
}

/// The contributions' ids in the snapshot file alone, without the journal.
fn snapshot_ids(session: &Path) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(session).unwrap()).unwrap();
    v["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn an_add_leaves_the_snapshot_untouched_and_appends_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let journal = session.with_extension("journal");
    let snapshot = state(&session);
    let mut ids = Vec::new();
    for i in 0..3 {
        // A later modification time would show even a rewrite of identical bytes in place.
        std::thread::sleep(std::time::Duration::from_millis(20));
        let before = std::fs::read(&journal).unwrap();
        let id = add(&session, &format!("answer {i}"));
        assert_eq!(state(&session), snapshot, "the snapshot was rewritten");
        let after = std::fs::read(&journal).unwrap();
        assert!(
            after.starts_with(&before),
            "the journal is only appended to"
        );
        let added = &after[before.len()..];
        assert_eq!(
            added.iter().filter(|&&b| b == b'\n').count(),
            1,
            "one line: {}",
            String::from_utf8_lossy(added)
        );
        assert!(added.ends_with(b"\n"));
        assert!(String::from_utf8_lossy(added).contains(&id));
        ids.push(id);
    }
    let (read, report) = read_session(&session).unwrap();
    assert_eq!(report.replayed, 3);
    let found: Vec<_> = read.contributions().iter().map(|c| c.id.clone()).collect();
    assert_eq!(found, ids);
    assert!(
        !dir.path().join(session.with_extension("lock")).exists(),
        "the holder file goes with the writer"
    );
}

#[test]
fn an_add_past_the_size_threshold_compacts_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    // Fill the journal to just under the threshold, then let the adds cross it.
    let text = "a long answer ".repeat(20);
    let mut ids = fill_journal(&session, usize::MAX, Some(COMPACT_MIN_BYTES - 400), &text);
    assert!(journal_len(&session) > COMPACT_MIN_BYTES - 1000);
    // The add before the crossing is still one line.
    let snapshot = state(&session);
    ids.push(add(&session, "x"));
    assert_eq!(state(&session), snapshot, "below the threshold: no rewrite");
    assert!(journal_len(&session) <= COMPACT_MIN_BYTES);
    // This one crosses it.
    ids.push(add(&session, &"crossing ".repeat(300)));
    assert_ne!(
        state(&session).inode,
        snapshot.inode,
        "the snapshot was rewritten"
    );
    assert_eq!(journal_len(&session), 0, "the journal was emptied");
    assert_eq!(
        snapshot_ids(&session),
        ids,
        "the snapshot alone holds them all"
    );
    let (read, report) = read_session(&session).unwrap();
    assert_eq!(report.replayed, 0);
    let found: Vec<_> = read.contributions().iter().map(|c| c.id.clone()).collect();
    assert_eq!(found, ids);
    // And appending goes on as one line again.
    let snapshot = state(&session);
    ids.push(add(&session, "after"));
    assert_eq!(state(&session), snapshot);
    let (read, _) = read_session(&session).unwrap();
    assert_eq!(read.contributions().len(), ids.len());
}

#[test]
fn short_records_past_the_count_threshold_are_compacted_by_any_writer() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let ids = fill_journal(&session, 10, None, "starred later");
    let (mut store, _) = SessionStore::open(&session).unwrap();
    let snapshot = state(&session);
    // Stars are short lines: COMPACT_MIN_RECORDS of them stay far below the byte threshold.
    let stars: Vec<Change> = (0..COMPACT_MIN_RECORDS - 10)
        .map(|i| Change::SetStarred {
            id: ids[i as usize % ids.len()].clone(),
            starred: i % 2 == 0,
        })
        .collect();
    for chunk in stars.chunks(1000) {
        store.apply_all(chunk.to_vec()).unwrap();
    }
    assert!(journal_len(&session) < COMPACT_MIN_BYTES);
    assert!(!store.journal_is_long());
    store.close().unwrap();
    assert_eq!(
        state(&session),
        snapshot,
        "closing below the threshold: no rewrite"
    );
    // The next record crosses the count threshold: this writer compacts.
    let (mut store, report) = SessionStore::open(&session).unwrap();
    assert_eq!(report.replayed as u64, COMPACT_MIN_RECORDS);
    let expected = store.session().clone();
    store
        .apply(Change::SetStarred {
            id: ids[0].clone(),
            starred: true,
        })
        .unwrap();
    // The fold runs on its own thread; the change was acknowledged before it finished.
    store.wait_for_fold();
    assert_eq!(journal_len(&session), 0, "the journal was emptied");
    assert_ne!(state(&session).inode, snapshot.inode);
    let expected_starred: Vec<bool> = expected
        .contributions()
        .iter()
        .enumerate()
        .map(|(i, c)| if i == 0 { true } else { c.starred })
        .collect();
    drop(store);
    let (read, report) = read_session(&session).unwrap();
    assert_eq!(report.replayed, 0);
    let starred: Vec<bool> = read.contributions().iter().map(|c| c.starred).collect();
    assert_eq!(starred, expected_starred);
    assert_eq!(read.changes, expected.changes + 1);
}
