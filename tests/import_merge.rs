//! `hearth import` files note-takers' notes verbatim and never drops a line; `hearth merge`
//! unites sessions of one scenario, whatever the order, and refuses others.

mod common;

use std::path::{Path, PathBuf};

use common::{all_kinds, run_hearth, tree};
use hearth::export::merge::merge;
use hearth::model::exercise::UNPLACED_SLOT;
use hearth::model::{Change, Contribution, Draft, Session};
use hearth::store::{create_session, read_session};
use proptest::prelude::*;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A new dreaming-together session with group "Table 1" in `dir`; returns its path.
fn dreaming(dir: &Path) -> String {
    let scenario = repo("scenarios/dreaming-together.json");
    let out = run_hearth(
        dir,
        &[
            "new",
            scenario.to_str().unwrap(),
            "--groups",
            "Table 1",
            "--dir",
            ".",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim().to_owned()
}

/// Imports `notes` for the `pathways` exercise; `extra` holds more arguments (`--group` among
/// them, else the group is "Table 1").
fn import(dir: &Path, session: &str, notes: &[u8], extra: &[&str]) -> std::process::Output {
    std::fs::write(dir.join("notes.txt"), notes).unwrap();
    let mut args = vec!["import", session, "notes.txt", "--exercise", "pathways"];
    if !extra.contains(&"--group") {
        args.extend(["--group", "Table 1"]);
    }
    args.extend_from_slice(extra);
    run_hearth(dir, &args, None)
}

fn filed(session: &Path) -> Vec<(String, String)> {
    let (s, _) = read_session(session).unwrap();
    s.contributions()
        .iter()
        .map(|c| (c.slot.clone(), c.text.clone()))
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

// ---- import ----

#[test]
fn lines_that_cannot_be_placed_are_kept_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let s = dreaming(dir.path());
    let notes = "Notes from table 1, taken by Sam\n\n4. What has your career path looked like?\n- Volunteer --> coordinator\nwe ran out of time here\n\n## 5\n* Entry: warm lines\n";
    let out = import(dir.path(), &s, notes.as_bytes(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report.contains("Could not place 2 lines; kept under `unplaced`"),
        "{report}"
    );
    assert!(
        report.contains("line    1: Notes from table 1, taken by Sam"),
        "{report}"
    );
    assert!(
        report.contains("line    5: we ran out of time here"),
        "{report}"
    );
    assert!(
        stderr(&out).contains("2 lines could not be placed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        filed(&dir.path().join(&s)),
        pairs(&[
            ("q4", "Volunteer --> coordinator"),
            ("q5", "Entry: warm lines"),
            (UNPLACED_SLOT, "Notes from table 1, taken by Sam"),
            (UNPLACED_SLOT, "we ran out of time here"),
        ])
    );
}

#[test]
fn bullets_and_nbsp_around_them_are_dropped_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let s = dreaming(dir.path());
    let notes = "\u{a0}\u{a0} 4. What has your career path looked like, moving to or from peer roles?\n\n\u{a0}\n  •\u{a0}Board --> \u{a0}paid staff\u{a0} \n\u{a0}•  Student-->  teaching\u{a0}\u{a0}\n• *not emphasis* & <b>not bold</b>\n•\t1. not a number\n";
    let out = import(dir.path(), &s, notes.as_bytes(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        filed(&dir.path().join(&s)),
        pairs(&[
            ("q4", "Board --> \u{a0}paid staff"),
            ("q4", "Student-->  teaching"),
            ("q4", "*not emphasis* & <b>not bold</b>"),
            ("q4", "1. not a number"),
        ])
    );
}

#[test]
fn markdown_notes_with_headings_and_numbered_items() {
    let dir = tempfile::tempdir().unwrap();
    let s = dreaming(dir.path());
    let notes = "## Question 6\n1. Helping people with everyday tasks\n2. Post partum care\n   (cooking meals)\n\n### What other opportunities exist that can be entry or exit points?\n- Exit: therapy\n";
    let out = import(dir.path(), &s, notes.as_bytes(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        filed(&dir.path().join(&s)),
        pairs(&[
            ("q6", "Helping people with everyday tasks"),
            ("q6", "Post partum care\n(cooking meals)"),
            ("q5", "Exit: therapy"),
        ])
    );
}

#[test]
fn dry_run_writes_nothing_and_a_second_import_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let s = dreaming(dir.path());
    let notes = b"4.\n- one\n- two\n";
    std::fs::write(dir.path().join("notes.txt"), notes).unwrap();
    let before = tree(dir.path());
    let out = import(dir.path(), &s, notes, &["--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Dry run: 2 contributions would be filed"),
        "{}",
        stdout(&out)
    );
    assert_eq!(tree(dir.path()), before, "a dry run changed files");
    assert!(import(dir.path(), &s, notes, &[]).status.success());
    let again = import(dir.path(), &s, notes, &[]);
    assert!(
        stdout(&again).contains("Filed 0 contributions"),
        "{}",
        stdout(&again)
    );
    assert_eq!(filed(&dir.path().join(&s)).len(), 2);
    assert!(
        import(dir.path(), &s, notes, &["--allow-duplicates"])
            .status
            .success()
    );
    assert_eq!(filed(&dir.path().join(&s)).len(), 4);
}

#[test]
fn bad_notes_files_are_refused_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let s = dreaming(dir.path());
    let cases: [(&[u8], &str, &str); 4] = [
        (
            b"4.\n- caf\xe9\n",
            "Table 1",
            "notes.txt:2:6: not valid UTF-8",
        ),
        (
            b"\xff\xfe4\x00.\x00",
            "Table 1",
            "notes.txt: saved as UTF-16",
        ),
        (b"  \n\n", "Table 1", "notes.txt: the file is empty"),
        (
            b"4.\n- ok\n",
            "Nobody",
            "no group \"Nobody\" in this session (groups: Table 1); add --new-group",
        ),
    ];
    for (notes, group, needle) in cases {
        let out = import(dir.path(), &s, notes, &["--group", group]);
        assert_eq!(out.status.code(), Some(2), "{needle}: {}", stderr(&out));
        assert!(stderr(&out).contains(needle), "{needle}: {}", stderr(&out));
    }
    std::fs::create_dir(dir.path().join("folder")).unwrap();
    let out = run_hearth(
        dir.path(),
        &[
            "import",
            &s,
            "folder",
            "--exercise",
            "pathways",
            "--group",
            "Table 1",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("folder: is a directory"),
        "{}",
        stderr(&out)
    );
    let out = run_hearth(
        dir.path(),
        &[
            "import",
            &s,
            "notes.txt",
            "--exercise",
            "nope",
            "--group",
            "Table 1",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no exercise `nope`"),
        "{}",
        stderr(&out)
    );
    let big = std::fs::File::create(dir.path().join("big.txt")).unwrap();
    big.set_len(17 * 1024 * 1024).unwrap();
    let out = run_hearth(
        dir.path(),
        &[
            "import",
            &s,
            "big.txt",
            "--exercise",
            "pathways",
            "--group",
            "Table 1",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("big.txt: the file is"),
        "{}",
        stderr(&out)
    );
    assert!(
        filed(&dir.path().join(&s)).is_empty(),
        "a refused import filed something"
    );
}

#[test]
fn a_long_notes_file_imports_whole() {
    let dir = tempfile::tempdir().unwrap();
    let s = dreaming(dir.path());
    let mut notes = String::from("5.\n");
    for i in 0..20_000 {
        notes.push_str(&format!("• answer {i} — 夢 --> 🚀\n"));
    }
    let out = import(
        dir.path(),
        &s,
        notes.as_bytes(),
        &["--group", "Table 2", "--new-group"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let got = filed(&dir.path().join(&s));
    assert_eq!(got.len(), 20_000);
    assert_eq!(
        got[19_999],
        ("q5".to_owned(), "answer 19999 — 夢 --> 🚀".to_owned())
    );
}

// ---- merge ----

fn session_of(title: &str) -> Session {
    let scenario = all_kinds();
    let groups = scenario.suggested_groups.clone();
    Session::new(scenario, title.into(), "2026-11-22".parse().ok(), groups)
}

fn add(s: &mut Session, slot: &str, text: &str) -> Contribution {
    let c = Draft::new("round", slot, text)
        .group(Some("Table 1".into()))
        .into_contribution();
    s.apply(&Change::Add {
        contribution: c.clone(),
    })
    .unwrap();
    c
}

#[test]
fn merge_is_order_independent_and_idempotent() {
    let mut a = session_of("Room A");
    let mut b = session_of("Room B");
    let shared = add(&mut a, "sick", "said in both rooms");
    b.apply(&Change::Add {
        contribution: shared.clone(),
    })
    .unwrap();
    add(&mut a, "sick", "only in A");
    add(&mut b, "whole", "only in B");
    a.notes = "A's notes".into();
    b.notes = "B's notes".into();
    let (ab, report) = merge(&[a.clone(), b.clone()]).unwrap();
    let (ba, _) = merge(&[b.clone(), a.clone()]).unwrap();
    assert_eq!(ab, ba, "merge(A, B) != merge(B, A)");
    assert_eq!(ab.contributions().len(), 3);
    assert_eq!(report.shared, 1);
    assert!(report.conflicts.is_empty());
    assert_eq!(
        ab.title, "Room A",
        "the earliest session's details are kept"
    );
    assert_eq!(ab.notes, "A's notes\n\nB's notes");
    assert_eq!(
        merge(&[ab.clone(), b.clone()]).unwrap().0,
        ab,
        "merging again with an input changed it"
    );
    assert_eq!(merge(&[a.clone(), ab.clone()]).unwrap().0, ab);
    assert_eq!(merge(&[ab.clone(), ab.clone()]).unwrap().0, ab);
    assert_eq!(merge(&[a.clone(), a.clone()]).unwrap().0, a);
}

#[test]
fn answers_hidden_until_the_reveal_in_either_copy_stay_hidden_in_the_merge() {
    let mut a = session_of("Room A");
    let mut b = session_of("Room B");
    add(&mut a, "sick", "said in room A");
    add(&mut b, "sick", "said in room B");
    a.apply(&Change::SetConcealed {
        exercise: "round".into(),
        concealed: true,
    })
    .unwrap();
    let (ab, _) = merge(&[a.clone(), b.clone()]).unwrap();
    let (ba, _) = merge(&[b.clone(), a.clone()]).unwrap();
    assert!(ab.is_concealed("round") && ba.is_concealed("round"));
    assert!(!ab.is_concealed("triangle"));
    assert_eq!(ab, ba);
    assert_eq!(merge(&[ab.clone(), b.clone()]).unwrap().0, ab);
    // Revealed in both: revealed in the merge.
    a.apply(&Change::SetConcealed {
        exercise: "round".into(),
        concealed: false,
    })
    .unwrap();
    assert!(!merge(&[a, b]).unwrap().0.is_concealed("round"));
}

#[test]
fn the_same_id_with_different_texts_keeps_both() {
    let mut a = session_of("Room A");
    let c = add(&mut a, "sick", "original");
    let mut b = a.clone();
    let t1: jiff::Timestamp = "2030-01-01T00:00:00Z".parse().unwrap();
    let t2: jiff::Timestamp = "2030-01-02T00:00:00Z".parse().unwrap();
    a.apply(&Change::Edit {
        id: c.id.clone(),
        text: "edited on A".into(),
        fields: Default::default(),
        at: t1,
    })
    .unwrap();
    b.apply(&Change::Edit {
        id: c.id.clone(),
        text: "edited on B".into(),
        fields: Default::default(),
        at: t2,
    })
    .unwrap();
    b.apply(&Change::SetHidden {
        id: c.id.clone(),
        hidden: true,
    })
    .unwrap();
    let (m, report) = merge(&[a.clone(), b.clone()]).unwrap();
    assert_eq!(report.conflicts.len(), 1);
    assert_eq!(report.conflicts[0].id, c.id);
    assert_eq!(report.conflicts[0].versions, 3);
    let merged = m.contribution(&c.id).unwrap();
    assert_eq!(merged.text, "edited on B", "the latest written is current");
    let history: Vec<&str> = merged.revisions.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(history, ["original", "edited on A"]);
    assert!(merged.hidden, "hidden on one machine stays hidden");
    assert_eq!(merge(&[b, a]).unwrap().0, m);
}

#[derive(Debug, Clone)]
enum Op {
    Add(String),
    Edit(usize, String),
    Hide(usize),
    Star(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => common::typed_text().prop_map(Op::Add),
        2 => (any::<usize>(), common::typed_text()).prop_map(|(i, t)| Op::Edit(i, t)),
        1 => any::<usize>().prop_map(Op::Hide),
        1 => any::<usize>().prop_map(Op::Star),
    ]
}

fn play(s: &mut Session, ops: &[Op]) {
    for op in ops {
        let n = s.contributions().len();
        let pick = |i: usize| s.contributions()[i % n].id.clone();
        let change = match op {
            Op::Add(t) => Change::Add {
                contribution: Draft::new("round", "sick", t)
                    .group(Some("Table 2".into()))
                    .into_contribution(),
            },
            _ if n == 0 => continue,
            Op::Edit(i, t) => Change::Edit {
                id: pick(*i),
                text: t.clone(),
                fields: Default::default(),
                at: jiff::Timestamp::now(),
            },
            Op::Hide(i) => Change::SetHidden {
                id: pick(*i),
                hidden: true,
            },
            Op::Star(i) => Change::SetStarred {
                id: pick(*i),
                starred: true,
            },
        };
        s.apply(&change).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: common::proptest_cases(48), ..ProptestConfig::default() })]

    /// Two copies of one session, changed apart, then merged: the same result either way round,
    /// unchanged by merging again, and holding every text either side ever had.
    #[test]
    fn merging_diverged_copies(start in prop::collection::vec(op(), 0..4), left in prop::collection::vec(op(), 0..6), right in prop::collection::vec(op(), 0..6)) {
        let mut base = session_of("Shared");
        play(&mut base, &start);
        let (mut a, mut b) = (base.clone(), base.clone());
        play(&mut a, &left);
        play(&mut b, &right);
        let (m, _) = merge(&[a.clone(), b.clone()]).unwrap();
        prop_assert_eq!(&merge(&[b.clone(), a.clone()]).unwrap().0, &m);
        prop_assert_eq!(&merge(&[m.clone(), a.clone()]).unwrap().0, &m);
        prop_assert_eq!(&merge(&[b.clone(), m.clone()]).unwrap().0, &m);
        prop_assert_eq!(&merge(&[m.clone(), m.clone()]).unwrap().0, &m);
        for side in [&a, &b] {
            for c in side.contributions() {
                let got = m.contribution(&c.id).expect("every contribution is kept");
                for t in c.revisions.iter().map(|r| &r.text).chain([&c.text]) {
                    prop_assert!(got.text == *t || got.revisions.iter().any(|r| r.text == *t), "lost a version: {t:?}");
                }
                prop_assert!(!c.hidden || got.hidden, "a hidden contribution came back on the record");
            }
        }
    }
}

#[test]
fn merge_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = session_of("Room A");
    add(&mut a, "sick", "from room A");
    let mut b = session_of("Room B");
    add(&mut b, "whole", "from room B");
    let pa = create_session(dir.path(), &a).unwrap();
    let pb = create_session(dir.path(), &b).unwrap();
    let (pa, pb) = (pa.to_str().unwrap(), pb.to_str().unwrap());
    let out = run_hearth(dir.path(), &["merge", pa, pb, "-o", "all.json"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("all.json: 2 contributions from 2 sessions"),
        "{}",
        stdout(&out)
    );
    let check = run_hearth(dir.path(), &["validate", "all.json"], None);
    assert!(check.status.success(), "{}", stderr(&check));
    assert_eq!(std::fs::read(dir.path().join("all.journal")).unwrap(), b"");
    // Never over an existing file.
    let again = run_hearth(dir.path(), &["merge", pa, pb, "-o", "all.json"], None);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("all.json: already exists"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn sessions_of_different_scenarios_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = session_of("Room A");
    let other = hearth::store::load_scenario(&repo("scenarios/dreaming-together.json")).unwrap();
    let b = Session::new(other, "Elsewhere".into(), None, Vec::new());
    assert!(merge(&[a.clone(), b.clone()]).is_err());
    let pa = create_session(dir.path(), &a).unwrap();
    let pb = create_session(dir.path(), &b).unwrap();
    let out = run_hearth(
        dir.path(),
        &[
            "merge",
            pa.to_str().unwrap(),
            pb.to_str().unwrap(),
            "-o",
            "all.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("different scenarios: `all-kinds`"), "{err}");
    assert!(
        err.contains(pa.file_name().unwrap().to_str().unwrap())
            && err.contains(pb.file_name().unwrap().to_str().unwrap()),
        "{err}"
    );
    assert!(!dir.path().join("all.json").exists());
    // Same scenario id, different copy of the plan.
    let mut edited = all_kinds();
    edited.agenda[0].title.push_str(" (edited)");
    let c = Session::new(edited, "Edited plan".into(), None, Vec::new());
    let e = merge(&[a, c]).unwrap_err().to_string();
    assert!(
        e.contains("copies of the plan differ (first difference: exercise `round`)"),
        "{e}"
    );
}

/// Two weekly meetings are two sessions: a merge would keep one date and lose which week each
/// answer came from. It is refused, naming both files and suggesting a series; copies of one
/// session (same date) still merge.
#[test]
fn sessions_of_different_dates_are_refused_with_a_series_suggested() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = session_of("Book club");
    add(&mut a, "sick", "week one");
    let mut b = session_of("Book club");
    b.date = "2026-12-06".parse().ok();
    add(&mut b, "sick", "week three");
    let e = merge(&[a.clone(), b.clone()]).unwrap_err().to_string();
    assert!(
        e.contains("2026-11-22 and 2026-12-06") && e.contains("series"),
        "{e}"
    );
    let pa = create_session(dir.path(), &a).unwrap();
    let pb = create_session(dir.path(), &b).unwrap();
    let (pa, pb) = (pa.to_str().unwrap(), pb.to_str().unwrap());
    let out = run_hearth(dir.path(), &["merge", pa, pb, "-o", "all.json"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("hearth series add") && err.contains(pa) && err.contains(pb),
        "{err}"
    );
    assert!(!dir.path().join("all.json").exists());
    // A copy of the same session merges as before.
    let mut copy = a.clone();
    add(&mut copy, "whole", "typed on the second laptop");
    let (merged, _) = merge(&[a, copy]).unwrap();
    assert_eq!(merged.contributions().len(), 2);
}
