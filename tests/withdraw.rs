//! Withdrawing an answer for good: the command line, merging with an older copy, and exports.

mod common;

use std::path::Path;

use hearth::export::merge::merge;
use hearth::export::{Format, Options, export};
use hearth::model::{Change, Draft};
use hearth::store::{SessionStore, read_session};

const SECRET: &str = "please take this out 夢";

/// A session with one answer to withdraw (edited once) and one to keep; returns their ids.
fn session_with_answers(dir: &Path) -> (std::path::PathBuf, String, String) {
    let path = common::new_session(dir);
    let (mut store, _) = SessionStore::open(&path).unwrap();
    let gone = Draft::new("pathways", "q4", &format!("{SECRET} first")).into_contribution();
    let kept = Draft::new("pathways", "q4", "this stays").into_contribution();
    let (g, k) = (gone.id.clone(), kept.id.clone());
    store
        .apply_all(vec![
            Change::Add { contribution: gone },
            Change::Add { contribution: kept },
            Change::Edit {
                id: g.clone(),
                text: format!("{SECRET} second"),
                fields: Default::default(),
                at: jiff::Timestamp::now(),
            },
        ])
        .unwrap();
    store.close().unwrap();
    (path, g, k)
}

fn words_anywhere(dir: &Path) -> Vec<String> {
    common::tree(dir)
        .into_iter()
        .filter(|(_, b)| b.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()))
        .map(|(p, _)| p.display().to_string())
        .collect()
}

#[test]
fn withdraw_with_yes_erases_the_words_from_every_file_and_exports() {
    let dir = tempfile::tempdir().unwrap();
    let (path, gone, kept) = session_with_answers(dir.path());
    let out = common::run_hearth(
        dir.path(),
        &["withdraw", path.to_str().unwrap(), &gone, "--yes"],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("withdrawn"));
    assert_eq!(words_anywhere(dir.path()), Vec::<String>::new());
    let (session, _) = read_session(&path).unwrap();
    let c = session.contribution(&gone).unwrap();
    assert!(c.is_withdrawn() && !c.holds_words());
    assert_eq!(session.contribution(&kept).unwrap().text, "this stays");
    for format in [Format::Markdown, Format::Html, Format::Csv, Format::Json] {
        let bytes = export(&session, format, &Options::default()).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(SECRET),
            "{format:?}"
        );
    }
    let json: serde_json::Value =
        serde_json::from_slice(&export(&session, Format::Json, &Options::default()).unwrap())
            .unwrap();
    assert_eq!(json["withdrawn"], 1, "the JSON export counts the withdrawn");
    // `list` does not count it.
    let list = common::run_hearth(
        dir.path(),
        &["list", "--dir", dir.path().to_str().unwrap()],
        None,
    );
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(list.contains("· 1 contribution\n"), "{list}");
    // `show` neither lists nor counts it.
    let show = common::run_hearth(dir.path(), &["show", path.to_str().unwrap()], None);
    let show = String::from_utf8_lossy(&show.stdout);
    assert!(
        !show.contains(&gone),
        "show lists the withdrawn answer:\n{show}"
    );
    assert!(
        show.contains("· 1 contribution\n") && show.contains("— 1 contribution\n"),
        "show counts the withdrawn answer:\n{show}"
    );
    // A second withdrawal is refused: there is nothing left to take out.
    let again = common::run_hearth(
        dir.path(),
        &["withdraw", path.to_str().unwrap(), &gone, "--yes"],
        None,
    );
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn withdraw_without_yes_on_a_non_terminal_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, gone, _) = session_with_answers(dir.path());
    let before = common::tree(dir.path());
    let out = common::run_hearth(
        dir.path(),
        &["withdraw", path.to_str().unwrap(), &gone],
        Some(b"y\n"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    assert_eq!(common::tree(dir.path()), before);
}

#[test]
fn withdraw_of_an_unknown_id_exits_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _) = session_with_answers(dir.path());
    let out = common::run_hearth(
        dir.path(),
        &["withdraw", path.to_str().unwrap(), "no-such-id", "--yes"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no contribution with id `no-such-id`"),
        "{err}"
    );
}

#[test]
fn merging_with_an_older_copy_keeps_it_withdrawn_with_no_words() {
    let dir = tempfile::tempdir().unwrap();
    let (path, gone, kept) = session_with_answers(dir.path());
    let (older, _) = read_session(&path).unwrap();
    let (mut store, _) = SessionStore::open(&path).unwrap();
    store
        .apply(Change::Withdraw {
            id: gone.clone(),
            at: jiff::Timestamp::now(),
        })
        .unwrap();
    let newer = store.session().clone();
    drop(store);
    for inputs in [
        vec![older.clone(), newer.clone()],
        vec![newer.clone(), older.clone()],
    ] {
        let (merged, report) = merge(&inputs).unwrap();
        let c = merged.contribution(&gone).unwrap();
        assert!(c.is_withdrawn(), "{report:?}");
        assert!(!c.holds_words());
        assert!(!serde_json::to_string(&merged).unwrap().contains(SECRET));
        assert_eq!(merged.contribution(&kept).unwrap().text, "this stays");
        // Merging the result again with the older copy changes nothing.
        let (again, _) = merge(&[merged.clone(), older.clone()]).unwrap();
        assert_eq!(again.contribution(&gone), merged.contribution(&gone));
    }
}

/// The drafts file keeps an entry per place: an unsaved edit of the withdrawn answer — in the
/// box or waiting elsewhere — goes, while other unsaved typing stays.
#[test]
fn withdraw_takes_the_answers_unsaved_edits_out_of_the_drafts_file_and_keeps_the_rest() {
    use hearth::model::Unsaved;
    use hearth::model::unsaved::UnsavedEntry;
    let other = UnsavedEntry {
        exercise: "pathways".into(),
        slot: "q1".into(),
        text: "still typing this".into(),
        ..UnsavedEntry::default()
    };
    for edit_in_the_box in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let (path, gone, _) = session_with_answers(dir.path());
        let edit = UnsavedEntry {
            exercise: "pathways".into(),
            slot: "q4".into(),
            text: format!("{SECRET} third, not saved"),
            editing: Some(gone.clone()),
            ..UnsavedEntry::default()
        };
        let (entry, parked) = if edit_in_the_box {
            (edit, other.clone())
        } else {
            (other.clone(), edit)
        };
        let drafts = Unsaved {
            group: None,
            entry,
            parked: vec![parked],
        };
        hearth::store::drafts::write_unsaved(&path, &drafts).unwrap();
        let out = common::run_hearth(
            dir.path(),
            &["withdraw", path.to_str().unwrap(), &gone, "--yes"],
            None,
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(words_anywhere(dir.path()), Vec::<String>::new());
        let kept: Unsaved = hearth::store::drafts::read_unsaved(&path)
            .unwrap()
            .expect("the drafts file stays, with the other typing");
        let texts: Vec<&str> = std::iter::once(&kept.entry)
            .chain(&kept.parked)
            .map(|e| e.text.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(
            texts,
            ["still typing this"],
            "edit in the box: {edit_in_the_box}"
        );
    }
}
