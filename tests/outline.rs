//! Adding from a session's outline (`<slug>.outline`): once a writer has closed the session,
//! `hearth add` reads the outline and the journal lines written since, never the snapshot; an
//! outline that does not match the files is never trusted; and whatever mix of adds, other
//! writers, compactions and lost or broken outlines, the session read back is the one every
//! change applied in order gives, with every refusal the same as the whole session's.

mod common;

use std::path::Path;

use hearth::model::{Change, Draft, Session};
use hearth::store::{Appending, SessionStore, outline_path, read_session};
use proptest::prelude::*;

fn add_change(group: Option<&str>, text: &str) -> Change {
    Change::Add {
        contribution: Draft::new("pathways", "q4", text)
            .group(group.map(str::to_owned))
            .into_contribution(),
    }
}

/// Opens for adding and says which way it was read.
fn open(session: &Path) -> (Appending, bool) {
    let (a, _) = Appending::open(session).unwrap();
    let from_outline = matches!(a, Appending::Outline(_));
    (a, from_outline)
}

fn ids(session: &Path) -> Vec<String> {
    let (s, _) = read_session(session).unwrap();
    s.contributions().iter().map(|c| c.id.clone()).collect()
}

#[test]
fn after_a_close_an_add_reads_the_outline_and_finds_every_change_since() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    // Never closed by a writer yet: no outline, read whole.
    let (mut a, from_outline) = open(&session);
    assert!(!from_outline);
    a.apply_all(vec![add_change(Some("Table 1"), "first")])
        .unwrap();
    a.close().unwrap();
    assert!(outline_path(&session).exists());
    // Another writer adds a group and turns attribution on, then drops without closing: the
    // outline is behind the journal, and is brought up to it.
    let (mut store, _) = SessionStore::open(&session).unwrap();
    store
        .apply_all(vec![
            Change::AddGroup {
                name: "Late table".into(),
            },
            Change::SetAttribution { on: true },
        ])
        .unwrap();
    drop(store);
    let (mut a, from_outline) = open(&session);
    assert!(
        from_outline,
        "the outline is current: read it, not the snapshot"
    );
    assert!(a.session().groups.iter().any(|g| g == "Late table"));
    assert!(a.session().attribution);
    let mut c = Draft::new("pathways", "q4", "second")
        .group(Some("Late table".into()))
        .into_contribution();
    c.author = Some("Sam".into());
    a.apply_all(vec![Change::Add { contribution: c }]).unwrap();
    a.close().unwrap();
    let (read, _) = read_session(&session).unwrap();
    let texts: Vec<_> = read
        .contributions()
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(texts, ["first", "second"]);
    assert_eq!(read.contributions()[1].author.as_deref(), Some("Sam"));
    assert_eq!(read.changes, 4);
    assert!(!session.with_extension("lock").exists());
}

#[test]
fn the_outline_refuses_what_the_whole_session_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let (a, _) = open(&session);
    a.close().unwrap();
    let (mut a, from_outline) = open(&session);
    assert!(from_outline);
    let journal = std::fs::read(session.with_extension("journal")).unwrap();
    let unknown_group = a.apply_all(vec![add_change(Some("Nobody"), "x")]);
    assert!(unknown_group.unwrap_err().to_string().contains("Nobody"));
    let mut authored = Draft::new("pathways", "q4", "x").into_contribution();
    authored.author = Some("Sam".into());
    let no_attribution = a.apply_all(vec![Change::Add {
        contribution: authored,
    }]);
    assert!(
        no_attribution
            .unwrap_err()
            .to_string()
            .contains("attribution")
    );
    let bad_slot = a.apply_all(vec![Change::Add {
        contribution: Draft::new("pathways", "q99", "x").into_contribution(),
    }]);
    assert!(bad_slot.unwrap_err().to_string().contains("q99"));
    let twice = add_change(None, "twice");
    assert!(a.apply_all(vec![twice.clone(), twice]).is_err());
    assert_eq!(
        std::fs::read(session.with_extension("journal")).unwrap(),
        journal,
        "nothing refused was written"
    );
}

#[test]
fn an_outline_that_does_not_match_the_files_is_never_trusted() {
    type Spoil = fn(&Path);
    let spoilers: [(&str, Spoil); 7] = [
        ("the snapshot edited by hand", |s| {
            // Its change count unchanged, the journal as it was: only the file itself tells.
            let text = std::fs::read_to_string(s).unwrap();
            std::fs::write(s, text.replace("\"Table 2\"", "\"After the outline\"")).unwrap();
        }),
        ("removed", |s| {
            std::fs::remove_file(outline_path(s)).unwrap()
        }),
        ("garbage", |s| {
            std::fs::write(outline_path(s), b"{not json").unwrap()
        }),
        ("empty", |s| std::fs::write(outline_path(s), b"").unwrap()),
        ("the snapshot rewritten by a compaction", |s| {
            let (mut store, _) = SessionStore::open(s).unwrap();
            store
                .apply(Change::AddGroup {
                    name: "After the outline".into(),
                })
                .unwrap();
            store.compact().unwrap();
            drop(store); // no close: the outline stays as it was
        }),
        ("the journal cut short", |s| {
            let j = std::fs::OpenOptions::new()
                .write(true)
                .open(s.with_extension("journal"))
                .unwrap();
            let len = j.metadata().unwrap().len();
            j.set_len(len - 1).unwrap();
        }),
        ("a journal whose lines do not continue it", |s| {
            // Same length, other records: the outline's place is no longer a line's end.
            let journal = s.with_extension("journal");
            let mut bytes = std::fs::read(&journal).unwrap();
            let n = bytes.len();
            bytes.truncate(n - 2);
            bytes.extend_from_slice(b" \n");
            bytes.rotate_right(1);
            std::fs::write(&journal, bytes).unwrap();
        }),
    ];
    for (what, spoil) in spoilers {
        let dir = tempfile::tempdir().unwrap();
        let session = common::new_session(dir.path());
        let (mut a, _) = open(&session);
        a.apply_all(vec![add_change(Some("Table 1"), "kept")])
            .unwrap();
        a.close().unwrap();
        let before = ids(&session).len();
        spoil(&session);
        match Appending::open(&session) {
            Ok((mut a, _)) => {
                assert!(
                    matches!(a, Appending::Whole(_)),
                    "{what}: the outline was trusted"
                );
                if what.starts_with("the snapshot") {
                    assert!(
                        a.session().groups.iter().any(|g| g == "After the outline"),
                        "{what}"
                    );
                }
                a.apply_all(vec![add_change(Some("Table 1"), "after")])
                    .unwrap();
                a.close().unwrap();
                assert!(ids(&session).len() >= before, "{what}");
                let (_, again) = open(&session);
                assert!(again, "{what}: the whole read writes a new outline");
            }
            // A journal damaged by hand is reported, as it always was, never papered over.
            Err(e) => assert!(
                what.starts_with("a journal") || what.starts_with("the journal"),
                "{what}: {e}"
            ),
        }
    }
}

#[derive(Debug, Clone)]
enum Step {
    /// `hearth add`'s way: from the outline when it is current.
    Add {
        group: Option<u8>,
        new_group: bool,
        author: bool,
    },
    /// Another writer: a group, attribution, a star, then dropped without closing.
    Other(u8),
    Compact,
    LoseOutline,
    BreakOutline,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (proptest::option::of(0u8..5), any::<bool>(), any::<bool>())
            .prop_map(|(group, new_group, author)| Step::Add { group, new_group, author }),
        2 => (0u8..4).prop_map(Step::Other),
        1 => Just(Step::Compact),
        1 => Just(Step::LoseOutline),
        1 => Just(Step::BreakOutline),
    ]
}

const GROUPS: [&str; 5] = ["Table 1", "Table 2", "Room 夢", "New A", "New B"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::proptest_cases(24)))]

    #[test]
    fn adding_from_the_outline_equals_applying_every_change(steps in proptest::collection::vec(step(), 1..25)) {
        let dir = tempfile::tempdir().unwrap();
        let session = common::new_session(dir.path());
        let (mut model, _): (Session, _) = read_session(&session).unwrap();
        for (i, s) in steps.iter().enumerate() {
            match s {
                Step::Add { group, new_group, author } => {
                    let group = group.map(|g| GROUPS[g as usize].to_owned());
                    let mut changes = Vec::new();
                    if let Some(g) = &group && *new_group && !model.groups.contains(g) {
                        changes.push(Change::AddGroup { name: g.clone() });
                    }
                    let mut c = Draft::new("pathways", "q4", &format!("answer {i}"))
                        .group(group.clone())
                        .into_contribution();
                    if *author {
                        c.author = Some("Sam".into());
                    }
                    changes.push(Change::Add { contribution: c });
                    let mut expected = model.clone();
                    let verdict = changes.iter().try_for_each(|c| expected.apply(c).map_err(|e| e.to_string()));
                    let (mut a, _) = Appending::open(&session).unwrap();
                    let got = a.apply_all(changes).map_err(|e| e.to_string());
                    prop_assert_eq!(verdict.is_ok(), got.is_ok(), "{:?} vs {:?}", verdict, got);
                    if got.is_ok() {
                        model = expected;
                        a.close().unwrap();
                    }
                }
                Step::Other(k) => {
                    let change = match k {
                        0 => Change::AddGroup { name: GROUPS[3 + i % 2].to_owned() },
                        1 => Change::SetAttribution { on: !model.attribution },
                        _ => match model.contributions().last() {
                            Some(c) => Change::SetStarred { id: c.id.clone(), starred: !c.starred },
                            None => Change::SetAttribution { on: !model.attribution },
                        },
                    };
                    let (mut store, _) = SessionStore::open(&session).unwrap();
                    if model.check(&change).is_ok() {
                        store.apply(change.clone()).unwrap();
                        model.apply(&change).unwrap();
                    }
                    drop(store);
                }
                Step::Compact => {
                    let (mut store, _) = SessionStore::open(&session).unwrap();
                    store.compact().unwrap();
                }
                Step::LoseOutline => { let _ = std::fs::remove_file(outline_path(&session)); }
                Step::BreakOutline => {
                    if let Ok(bytes) = std::fs::read(outline_path(&session)) {
                        std::fs::write(outline_path(&session), &bytes[..bytes.len() / 2]).unwrap();
                    }
                }
            }
        }
        let (read, _) = read_session(&session).unwrap();
        prop_assert_eq!(read, model);
    }
}

/// How much of the journal the outline file says it covers.
fn covered(session: &Path) -> u64 {
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(outline_path(session)).unwrap()).unwrap();
    v["journal_len"].as_u64().unwrap()
}

#[test]
fn the_outline_is_rewritten_once_the_journal_has_grown_past_it_or_it_changed() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let journal_len = || {
        std::fs::metadata(session.with_extension("journal"))
            .unwrap()
            .len()
    };
    let (a, _) = open(&session);
    a.close().unwrap();
    let start = covered(&session);
    // A few short answers: the outline is left as it is (reading them back costs less).
    for i in 0..3 {
        let (mut a, from_outline) = open(&session);
        assert!(from_outline);
        a.apply_all(vec![add_change(None, &format!("short {i}"))])
            .unwrap();
        a.close().unwrap();
    }
    assert_eq!(covered(&session), start);
    // A long one takes the journal 16 KiB past it: rewritten.
    let (mut a, _) = open(&session);
    a.apply_all(vec![add_change(None, &"long ".repeat(4000))])
        .unwrap();
    a.close().unwrap();
    assert_eq!(covered(&session), journal_len());
    // A new group changes the outline itself: rewritten at once.
    let (mut a, _) = open(&session);
    a.apply_all(vec![Change::AddGroup {
        name: "Table 9".into(),
    }])
    .unwrap();
    a.close().unwrap();
    assert_eq!(covered(&session), journal_len());
    assert_eq!(ids(&session).len(), 4);
}
