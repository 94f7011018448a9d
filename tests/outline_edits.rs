//! An outline edited by hand, or taken from another session, never lets `hearth add` append a
//! line the whole session refuses: every claim of the outline that the check of an addition
//! rests on (groups, exercises, attribution, the change count, which session and snapshot it
//! was taken beside) is either what hearth wrote beside this snapshot, or the add reads the
//! session whole. Each edit below let an add print an id for a line the session then refused.

mod common;

use std::path::Path;

use hearth::model::{Change, Draft};
use hearth::store::{Appending, SessionStore, outline_path, read_session};
use serde_json::Value;

/// A session with one answer whose outline, written by a close, covers the whole journal.
fn session_with_outline(dir: &Path) -> std::path::PathBuf {
    let session = common::new_session(dir);
    let (mut store, _) = SessionStore::open(&session).unwrap();
    store
        .apply(add("pathways", "q4", Some("Table 1"), None, "first"))
        .unwrap();
    store.close().unwrap();
    assert!(outline_path(&session).exists());
    session
}

fn add(
    exercise: &str,
    slot: &str,
    group: Option<&str>,
    author: Option<&str>,
    text: &str,
) -> Change {
    let mut c = Draft::new(exercise, slot, text)
        .group(group.map(str::to_owned))
        .into_contribution();
    c.author = author.map(str::to_owned);
    Change::Add { contribution: c }
}

/// Where the JSON value that starts at `from` in `text` ends.
fn value_end(text: &str, from: usize) -> usize {
    let mut values = serde_json::Deserializer::from_str(&text[from..]).into_iter::<Value>();
    values.next().unwrap().unwrap();
    from + values.byte_offset()
}

/// The member `key` of the outline file's top-level object: where its value starts and ends.
fn member(text: &str, key: &str) -> (usize, usize) {
    let needle = format!("\"{key}\":");
    let start = text.find(&needle).unwrap() + needle.len();
    (start, value_end(text, start))
}

/// Edits the outline's session in place, as a person editing the file would: every other byte
/// of the file stays as it was.
fn edit_session(session: &Path, edit: impl FnOnce(&mut Value)) {
    let path = outline_path(session);
    let text = std::fs::read_to_string(&path).unwrap();
    let (start, end) = member(&text, "session");
    let mut value: Value = serde_json::from_str(&text[start..end]).unwrap();
    edit(&mut value);
    let edited = format!(
        "{}{}{}",
        &text[..start],
        serde_json::to_string(&value).unwrap(),
        &text[end..]
    );
    std::fs::write(&path, edited).unwrap();
}

/// Adds `changes` as `hearth add` does, then checks what the whole session makes of them: a
/// refusal leaves the journal as it was; an acknowledged add is read back by every later open,
/// with no line left out.
fn add_then_open(session: &Path, changes: Vec<Change>) -> Result<(), String> {
    let journal = session.with_extension("journal");
    let before = std::fs::read(&journal).unwrap();
    let ids: Vec<String> = changes
        .iter()
        .filter_map(|c| c.contribution_id().map(str::to_owned))
        .collect();
    let outcome = (|| {
        let (mut a, _) = Appending::open(session)?;
        a.apply_all(changes)?;
        a.close()
    })();
    match outcome {
        Err(e) => {
            assert_eq!(
                std::fs::read(&journal).unwrap(),
                before,
                "a refused add writes nothing"
            );
            Err(e.to_string())
        }
        Ok(()) => {
            let (read, report) = read_session(session)
                .unwrap_or_else(|e| panic!("add acknowledged a line the session refuses: {e}"));
            assert!(
                report.rejected.is_empty() && report.gaps.is_empty(),
                "add acknowledged a line the session leaves out or numbers past a gap: {:?} {:?}",
                report.rejected,
                report.gaps
            );
            for id in &ids {
                assert!(
                    read.contribution(id).is_some(),
                    "add acknowledged {id}, and the session does not hold it"
                );
            }
            let (store, report) = SessionStore::open(session).unwrap();
            assert!(report.rejected.is_empty() && report.gaps.is_empty());
            drop(store);
            Ok(())
        }
    }
}

#[test]
fn a_group_added_to_the_outline_is_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let session = session_with_outline(dir.path());
    edit_session(&session, |s| {
        s["groups"]
            .as_array_mut()
            .unwrap()
            .push("Ghost table".into());
    });
    let refused = add_then_open(
        &session,
        vec![add("pathways", "q4", Some("Ghost table"), None, "x")],
    );
    assert!(refused.unwrap_err().contains("Ghost table"));
}

#[test]
fn an_exercise_added_to_the_outline_is_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let session = session_with_outline(dir.path());
    edit_session(&session, |s| {
        let agenda = s["scenario"]["agenda"].as_array_mut().unwrap();
        let mut ghost = agenda[0].clone();
        ghost["id"] = "ghost".into();
        agenda.push(ghost);
    });
    let refused = add_then_open(&session, vec![add("ghost", "sick", None, None, "x")]);
    assert!(refused.unwrap_err().contains("ghost"));
}

#[test]
fn attribution_turned_on_in_the_outline_is_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let session = session_with_outline(dir.path());
    edit_session(&session, |s| s["attribution"] = true.into());
    let refused = add_then_open(
        &session,
        vec![add("pathways", "q4", None, Some("Sam"), "x")],
    );
    assert!(refused.unwrap_err().contains("attribution"));
}

#[test]
fn another_sessions_outline_given_this_snapshots_stamp_is_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let session = session_with_outline(dir.path());
    // Another session, in another folder, with a group this one lacks and attribution on.
    let other_dir = tempfile::tempdir().unwrap();
    let other = session_with_outline(other_dir.path());
    let (mut store, _) = SessionStore::open(&other).unwrap();
    store
        .apply_all(vec![
            Change::AddGroup {
                name: "Only there".into(),
            },
            Change::SetAttribution { on: true },
        ])
        .unwrap();
    store.compact().unwrap();
    store.close().unwrap();
    // Its outline, with every claim about the files (stamp, journal) this session's.
    let mine = std::fs::read_to_string(outline_path(&session)).unwrap();
    let theirs = std::fs::read_to_string(outline_path(&other)).unwrap();
    let (start, end) = member(&theirs, "session");
    let (my_start, my_end) = member(&mine, "session");
    let forged = format!(
        "{}{}{}",
        &mine[..my_start],
        &theirs[start..end],
        &mine[my_end..]
    );
    std::fs::write(outline_path(&session), forged).unwrap();
    let refused = add_then_open(
        &session,
        vec![add("pathways", "q4", Some("Only there"), Some("Sam"), "x")],
    );
    assert!(refused.is_err());
}

#[test]
fn a_change_count_raised_in_the_outline_is_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let session = session_with_outline(dir.path());
    edit_session(&session, |s| {
        s["changes"] = (s["changes"].as_u64().unwrap() + 5).into();
    });
    // A line numbered past a gap: the session read it as records gone missing.
    add_then_open(&session, vec![add("pathways", "q4", None, None, "kept")]).unwrap();
}

#[test]
fn a_change_count_lowered_in_the_outline_is_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let session = session_with_outline(dir.path());
    edit_session(&session, |s| {
        s["changes"] = (s["changes"].as_u64().unwrap() - 1).into();
    });
    // A line numbered as one already read: the session skipped it, and the answer was lost.
    add_then_open(&session, vec![add("pathways", "q4", None, None, "kept")]).unwrap();
}

#[test]
fn a_journal_coverage_moved_past_a_setting_is_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let session = session_with_outline(dir.path());
    // Attribution on, closed (the outline says on), then turned off by a writer that drops
    // without closing: the outline is behind the journal by that one line.
    let (mut store, _) = SessionStore::open(&session).unwrap();
    store.apply(Change::SetAttribution { on: true }).unwrap();
    store.close().unwrap();
    let (mut store, _) = SessionStore::open(&session).unwrap();
    store.apply(Change::SetAttribution { on: false }).unwrap();
    drop(store);
    // The outline edited to cover the whole journal, skipping the line that turned it off.
    let path = outline_path(&session);
    let text = std::fs::read_to_string(&path).unwrap();
    let journal_len = std::fs::metadata(session.with_extension("journal"))
        .unwrap()
        .len();
    let (start, end) = member(&text, "journal_len");
    let edited = format!("{}{journal_len}{}", &text[..start], &text[end..]);
    std::fs::write(&path, edited).unwrap();
    edit_session(&session, |s| {
        s["changes"] = (s["changes"].as_u64().unwrap() + 1).into();
    });
    let refused = add_then_open(
        &session,
        vec![add("pathways", "q4", None, Some("Sam"), "x")],
    );
    assert!(refused.unwrap_err().contains("attribution"));
}
