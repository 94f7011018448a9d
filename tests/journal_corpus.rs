//! Journals written by earlier versions of hearth stay readable, the same: a corpus
//! (`tests/fixtures/journals/`) holds a session and a journal with every kind of change, written
//! by hearth's own code, and the session it replays to. Every line must parse and re-serialise
//! byte for byte, and the journal must replay to exactly that session; a change to the journal's
//! format, or to what a change does, fails here first.
//!
//! The corpus is made by `HEARTH_WRITE_CORPUS=1 cargo test --test journal_corpus` (only when a
//! new kind of change is added: then a new corpus is added beside the others, and a corpus
//! already there is never rewritten). `every-change` holds the first kinds; `narration` the
//! narration and wording added after it; `parents` answers added under a parent answer (a
//! Futures Wheel's consequences, an emerging issue's signals), in a plan of those kinds.

mod common;

use std::path::{Path, PathBuf};

use hearth::model::change::Change;
use hearth::model::contribution::Draft;
use hearth::model::convergence::{
    Ballot, Choice, ChosenAxes, Rating, Round, RoundKind, RoundState, Seed, Theme, VoteOn,
};
use hearth::model::details::Details;
use hearth::model::exercise::scenario_building::{Axis, Matrix};
use hearth::model::words::{Field, Place};
use hearth::store::journal::Record;
use hearth::store::read_session;
use jiff::Timestamp;

/// The changes a corpus was written from.
type Changes = fn() -> Vec<Change>;

/// Each corpus: its name, the changes it was written from and the fixture plan of its session.
const CORPORA: &[(&str, Changes, &str)] = &[
    ("every-change", changes, "all-kinds.json"),
    ("narration", narration_changes, "all-kinds.json"),
    ("seeds", seed_changes, "futures-toolkit.json"),
    ("parents", parent_changes, "futures-wheel.json"),
];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/journals")
}

/// Which kind of change this is: a match with no catch-all, so that a new kind of change does
/// not compile here until the corpus holds one.
fn kind(change: &Change) -> usize {
    match change {
        Change::Add { .. } => 0,
        Change::Edit { .. } => 1,
        Change::SetHidden { .. } => 2,
        Change::SetStarred { .. } => 3,
        Change::Move { .. } => 4,
        Change::AddGroup { .. } => 5,
        Change::SetAttribution { .. } => 6,
        Change::AddTheme { .. } => 7,
        Change::RenameTheme { .. } => 8,
        Change::PlaceInTheme { .. } => 9,
        Change::MergeThemes { .. } => 10,
        Change::OpenRound { .. } => 11,
        Change::Cast { .. } => 12,
        Change::SetRoundState { .. } => 13,
        Change::ChooseAxes { .. } => 14,
        Change::Withdraw { .. } => 15,
        Change::SetDetails { .. } => 16,
        Change::SetConcealed { .. } => 17,
        Change::SetNarration { .. } => 18,
        Change::SetWording { .. } => 19,
        Change::SeedFrom { .. } => 20,
    }
}
const KINDS: usize = 21;

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(1_790_000_000 + second).expect("a time")
}

/// Every kind of change, in an order the session accepts.
fn changes() -> Vec<Change> {
    let add = |id: &str, exercise: &str, slot: &str, group: &str, text: &str, s: i64| Change::Add {
        contribution: Draft::new(exercise, slot, text)
            .group(Some(group.into()))
            .into_contribution_with(id.into(), at(s)),
    };
    let theme = |id: &str, name: &str, s: i64| Theme {
        id: id.into(),
        exercise: "round".into(),
        name: name.into(),
        created: at(s),
        named: at(s),
        merged_into: None,
    };
    vec![
        add(
            "a1",
            "round",
            "sick",
            "Table 1",
            "Isolation, and being talked over",
            1,
        ),
        add(
            "a2",
            "round",
            "whole",
            "Table 2",
            "Being believed — 信じてもらうこと",
            2,
        ),
        add(
            "a3",
            "round",
            "whole",
            "Table 1",
            "Said once, then taken back",
            3,
        ),
        add(
            "a4",
            "triangle",
            "pull",
            "Room 夢",
            "Peer-led crisis respite",
            4,
        ),
        Change::Edit {
            id: "a1".into(),
            text: "Isolation, and being talked over\nin meetings".into(),
            fields: Default::default(),
            at: at(5),
        },
        Change::SetHidden {
            id: "a2".into(),
            hidden: true,
        },
        Change::SetHidden {
            id: "a2".into(),
            hidden: false,
        },
        Change::SetStarred {
            id: "a4".into(),
            starred: true,
        },
        Change::AddGroup {
            name: "Online".into(),
        },
        Change::Move {
            id: "a2".into(),
            exercise: "round".into(),
            slot: "sick".into(),
            group: Some("Online".into()),
        },
        Change::SetAttribution { on: true },
        Change::SetAttribution { on: false },
        Change::AddTheme {
            theme: theme("t1", "Belonging", 6),
        },
        Change::AddTheme {
            theme: theme("t2", "Being heard", 7),
        },
        Change::RenameTheme {
            id: "t1".into(),
            name: "Belonging and safety".into(),
            at: at(8),
        },
        Change::PlaceInTheme {
            contribution: "a1".into(),
            theme: Some("t2".into()),
            at: at(9),
        },
        Change::MergeThemes {
            from: "t2".into(),
            into: "t1".into(),
        },
        Change::OpenRound {
            round: Round {
                id: "r1".into(),
                exercise: "round".into(),
                slot: None,
                on: VoteOn::Answers,
                kind: RoundKind::Dots {
                    dots: 3,
                    per_item: Some(2),
                },
                state: RoundState::Open,
                opened: at(10),
            },
        },
        Change::Cast {
            round: "r1".into(),
            voter: "group:Table 1".into(),
            ballot: Ballot {
                at: at(11),
                choice: Choice::Dots(vec!["a1".into(), "a1".into(), "a2".into()]),
            },
        },
        Change::SetRoundState {
            round: "r1".into(),
            state: RoundState::Closed,
        },
        Change::SetRoundState {
            round: "r1".into(),
            state: RoundState::Revealed,
        },
        Change::OpenRound {
            round: Round {
                id: "r2".into(),
                exercise: "round".into(),
                slot: None,
                on: VoteOn::Answers,
                kind: RoundKind::Rating,
                state: RoundState::Open,
                opened: at(12),
            },
        },
        Change::Cast {
            round: "r2".into(),
            voter: "device:abcd1234".into(),
            ballot: Ballot {
                at: at(13),
                choice: Choice::Ratings(
                    [(
                        "a1".to_owned(),
                        Rating {
                            impact: 4,
                            uncertainty: 2,
                        },
                    )]
                    .into_iter()
                    .collect(),
                ),
            },
        },
        Change::ChooseAxes {
            exercise: "scenarios".into(),
            axes: ChosenAxes {
                matrix: Matrix {
                    x: Axis {
                        name: "Oversight".into(),
                        low: "Alliance".into(),
                        high: "Regulated profession".into(),
                    },
                    y: Axis {
                        name: "Funding".into(),
                        low: "Grassroots".into(),
                        high: "Public".into(),
                    },
                },
                from: vec!["a4".into()],
                at: at(14),
            },
        },
        Change::SetDetails {
            details: Details {
                event: "Annual gathering".into(),
                facilitators: vec!["Sam".into(), "Kim".into()],
                introduction: "We began by mapping.".into(),
                ..Details::default()
            },
        },
        Change::SetConcealed {
            exercise: "round".into(),
            concealed: true,
        },
        Change::SetConcealed {
            exercise: "round".into(),
            concealed: false,
        },
        Change::Withdraw {
            id: "a3".into(),
            at: at(15),
        },
    ]
}

/// The narration and wording: before, after and closing, one removed again; a title, a focal
/// question, a horizon and an axis worded, and one field taken back to the plan's.
/// Answers under parent answers: a wheel of three orders from two groups, a withdrawn and an
/// off-the-record parent whose children stay, an issue with a signal and its source.
fn parent_changes() -> Vec<Change> {
    let add = |id: &str, exercise: &str, slot: &str, parent: Option<&str>, text: &str, s: i64| {
        Change::Add {
            contribution: Draft::new(exercise, slot, text)
                .group(Some(if s % 2 == 0 { "Table 2" } else { "Table 1" }.into()))
                .parent(parent.map(str::to_owned))
                .into_contribution_with(id.into(), at(s)),
        }
    };
    let mut signal = Draft::new("issues", "signal", "AI chatbots offer “peer support”")
        .group(Some("Room 夢".into()))
        .parent(Some("i1".into()))
        .into_contribution_with("s1".into(), at(9));
    signal.fields.insert(
        "source".into(),
        "Fortuna et al. (2019)\nYoung et al. (2024)".into(),
    );
    vec![
        add("w1", "wheel", "first", None, "More peer jobs", 1),
        add("w2", "wheel", "second", Some("w1"), "Wages rise", 2),
        add(
            "w3",
            "wheel",
            "third",
            Some("w2"),
            "More people apply — 夢",
            3,
        ),
        add(
            "w4",
            "wheel",
            "second",
            Some("w1"),
            "Training costs rise",
            4,
        ),
        Change::Withdraw {
            id: "w2".into(),
            at: at(5),
        },
        Change::SetHidden {
            id: "w4".into(),
            hidden: true,
        },
        add("w5", "wheel", "third", Some("w4"), "Fewer people apply", 6),
        add(
            "i1",
            "issues",
            "issue",
            None,
            "Artificial Intelligence (AI)",
            7,
        ),
        add(
            "q1",
            "issues",
            "question",
            Some("i1"),
            "What role will AI play?",
            8,
        ),
        Change::Add {
            contribution: signal,
        },
    ]
}

fn narration_changes() -> Vec<Change> {
    let narrate = |place: Place, text: &str| Change::SetNarration {
        place,
        text: text.into(),
    };
    let word = |exercise: &str, field: Field, text: Option<&str>, s: i64| Change::SetWording {
        exercise: exercise.into(),
        field,
        text: text.map(str::to_owned),
        at: at(s),
    };
    vec![
        narrate(
            Place::Before("triangle".into()),
            "We began by mapping.\n\nThen we talked — 夢.",
        ),
        narrate(
            Place::After("triangle".into()),
            "From this, we chose two axes.",
        ),
        narrate(Place::Before("round".into()), "We broke into groups."),
        narrate(Place::Before("round".into()), ""),
        narrate(Place::Closing, "This gives us hope.\n\tSolidarity."),
        word("triangle", Field::Title, Some("Our triangle"), 1),
        word("triangle", Field::Question, Some("peer support, now"), 2),
        word(
            "scenarios",
            Field::Question,
            Some("What could 2035 hold?"),
            3,
        ),
        word("scenarios", Field::Horizon, Some("2035"), 4),
        word("scenarios", Field::XAxis, Some("Who oversees"), 5),
        word("round", Field::Instructions, Some(""), 6),
        word("triangle", Field::Title, None, 7),
    ]
}

/// A scenario seeds a backcast, the pick changes, then the seed is taken off the record and
/// withdrawn: the link stays, its words go.
fn seed_changes() -> Vec<Change> {
    let add = |id: &str, group: &str, text: &str, s: i64| Change::Add {
        contribution: Draft::new("scenarios", "title", text)
            .field("x", "Alliance")
            .field("y", "Inside the mainstream")
            .group(Some(group.into()))
            .into_contribution_with(id.into(), at(s)),
    };
    let seed = |from: &str, s: i64| Change::SeedFrom {
        exercise: "backcast".into(),
        seed: Seed {
            from: from.into(),
            at: at(s),
        },
    };
    vec![
        add("s1", "Table 1", "Solidarity", 1),
        add(
            "s2",
            "Table 2",
            "Peer-capable and liberating environments",
            2,
        ),
        seed("s1", 3),
        seed("s2", 4),
        Change::SetHidden {
            id: "s2".into(),
            hidden: true,
        },
        Change::Withdraw {
            id: "s2".into(),
            at: at(5),
        },
    ]
}

/// Writes the corpus with today's code: the session as created, its journal, and the session
/// that journal replays to.
fn write_corpus(dir: &Path, name: &str, changes: Changes, plan: &str) {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let made = common::new_session_of(tmp.path(), plan);
    let snapshot = std::fs::read(&made).expect("the new session");
    let mut session = read_session(&made).expect("it reads").0;
    let mut journal = Vec::new();
    for (n, change) in changes().into_iter().enumerate() {
        session
            .apply(&change)
            .unwrap_or_else(|e| panic!("change {n} applies: {e}"));
        let seq = u64::try_from(n + 1).expect("fits");
        journal.extend(Record { seq, change }.to_line());
    }
    std::fs::create_dir_all(dir).expect("the corpus folder");
    std::fs::write(dir.join(format!("{name}.json")), snapshot).expect("written");
    std::fs::write(dir.join(format!("{name}.journal")), journal).expect("written");
    let mut replayed = serde_json::to_vec_pretty(&session).expect("serialises");
    replayed.push(b'\n');
    std::fs::write(dir.join(format!("{name}.replayed.json")), replayed).expect("written");
}

#[test]
fn every_kind_of_change_reads_back_byte_for_byte_and_replays_to_the_same_session() {
    let dir = corpus();
    let mut seen = [false; KINDS];
    for (name, changes, plan) in CORPORA {
        // Only a corpus not there yet is written: the others are what earlier hearths wrote.
        if std::env::var_os("HEARTH_WRITE_CORPUS").is_some()
            && !dir.join(format!("{name}.journal")).exists()
        {
            write_corpus(&dir, name, *changes, plan);
        }
        replays(&dir, name, &mut seen);
    }
    let missing: Vec<usize> = (0..KINDS).filter(|k| !seen[*k]).collect();
    assert!(
        missing.is_empty(),
        "kinds of change not in the corpus: {missing:?}"
    );
}

/// Corpus `name` reads back byte for byte and replays to its session; marks the kinds it holds.
fn replays(dir: &Path, name: &str, seen: &mut [bool; KINDS]) {
    let journal = std::fs::read(dir.join(format!("{name}.journal"))).expect("the corpus journal");
    for (n, line) in journal.split_inclusive(|b| *b == b'\n').enumerate() {
        let record: Record = serde_json::from_slice(line)
            .unwrap_or_else(|e| panic!("{name}: line {} no longer parses: {e}", n + 1));
        seen[kind(&record.change)] = true;
        assert_eq!(
            String::from_utf8_lossy(&record.to_line()),
            String::from_utf8_lossy(line),
            "{name}: line {} re-serialises differently",
            n + 1
        );
    }

    // Replayed through the store, as a session is opened, in a copy (opening may write).
    let tmp = tempfile::tempdir().expect("a temporary directory");
    for ext in ["json", "journal"] {
        std::fs::copy(
            dir.join(format!("{name}.{ext}")),
            tmp.path().join(format!("{name}.{ext}")),
        )
        .expect("copied");
    }
    let (session, _) = read_session(&tmp.path().join(format!("{name}.json"))).expect("it opens");
    let mut replayed = serde_json::to_vec_pretty(&session).expect("serialises");
    replayed.push(b'\n');
    let expected =
        std::fs::read(dir.join(format!("{name}.replayed.json"))).expect("the replayed session");
    assert_eq!(
        String::from_utf8_lossy(&replayed),
        String::from_utf8_lossy(&expected),
        "{name}: the journal no longer replays to the same session"
    );
}
