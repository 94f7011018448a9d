//! Property: any sequence of adds, edits, hides, stars, moves, new groups, session details,
//! themes, vote and rating rounds, ballots, chosen axes, seeds picked for a backcast (a
//! scenario, or any answer, which is refused), answers hidden until the reveal and
//! withdrawals, written through the store (with
//! compactions, folds on their own thread beside the writer, clean closes and crash-like drops in
//! between) and read back from snapshot + journal (by a reader taking no lock after every
//! step, a fold perhaps still running), equals the same sequence applied to a session in memory. And after a withdrawal no
//! journal line holds the withdrawn answer's words (no add or edit of it is left).

mod common;

use hearth::model::convergence::{
    Ballot, Choice, ChosenAxes, Rating, Round, RoundKind, RoundState, Seed, Theme, VoteOn,
};
use hearth::model::exercise::scenario_building::{Axis, Matrix};
use hearth::model::{Change, Draft, Session};

/// The `i`th of `list`, wrapping around; `None` when it is empty.
fn pick<T>(list: &[T], i: usize) -> Option<&T> {
    (!list.is_empty()).then(|| &list[i % list.len()])
}
use hearth::store::{SessionStore, read_session};
use proptest::prelude::*;

/// A valid place to add to: (exercise, slot, fields).
type Place = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const PLACES: &[Place] = &[
    ("round", "sick", &[]),
    ("triangle", "pull", &[("elaboration", "why it pulls")]),
    ("triangle", "uncertainties", &[]),
    ("scenarios", "timeline", &[("year", "2030")]),
    (
        "scenarios",
        "title",
        &[("x", "Alliance"), ("y", "Inside the mainstream")],
    ),
    ("pathways", "q4", &[]),
    (
        "conflict",
        "approaches",
        &[("benefits", "b"), ("risks", "r")],
    ),
    ("roles", "1.a", &[("mark", "Maybe")]),
    ("ready", "jd", &[("checked", "no")]),
    ("round", "unplaced", &[]),
];

/// Exercises whose answers can be hidden until the reveal; the last is in no plan (refused).
const CONCEALABLE: &[&str] = &["round", "triangle", "scenarios", "nowhere"];

#[derive(Debug, Clone)]
enum Op {
    Conceal {
        exercise: usize,
        concealed: bool,
    },
    Add {
        place: usize,
        group: Option<usize>,
        text: String,
    },
    Edit {
        target: usize,
        text: String,
    },
    Hide {
        target: usize,
        hidden: bool,
    },
    Star {
        target: usize,
        starred: bool,
    },
    Move {
        target: usize,
        place: usize,
        group: Option<usize>,
    },
    AddGroup {
        name: String,
    },
    AddTheme {
        exercise: usize,
        name: String,
    },
    RenameTheme {
        target: usize,
        name: String,
    },
    PlaceInTheme {
        target: usize,
        theme: Option<usize>,
    },
    MergeThemes {
        from: usize,
        into: usize,
    },
    OpenRound {
        exercise: usize,
        kind: usize,
        dots: u32,
    },
    Cast {
        round: usize,
        voter: usize,
        items: Vec<usize>,
        rating: (u8, u8),
    },
    SetRoundState {
        round: usize,
        state: usize,
    },
    ChooseAxes {
        poles: [String; 2],
    },
    Details {
        event: String,
        introduction: String,
        facilitators: usize,
        dated: bool,
    },
    Withdraw {
        target: usize,
    },
    /// Picks an answer as the backcast's seed (refused unless it is a scenario on the record).
    Seed {
        target: usize,
    },
    Compact,
    CloseAndReopen,
    DropAndReopen,
}

/// A name: mostly one a person would give, now and then anything typed (which may be refused).
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z 夢🚀]{1,12}".prop_map(String::from),
        1 => common::typed_text(),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let group = prop::option::of(0usize..5);
    prop_oneof![
        6 => (0..PLACES.len(), group.clone(), common::typed_text()).prop_map(|(place, group, text)| Op::Add { place, group, text }),
        2 => (any::<usize>(), common::typed_text()).prop_map(|(target, text)| Op::Edit { target, text }),
        2 => (any::<usize>(), any::<bool>()).prop_map(|(target, hidden)| Op::Hide { target, hidden }),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(target, starred)| Op::Star { target, starred }),
        2 => (any::<usize>(), 0..PLACES.len(), group).prop_map(|(target, place, group)| Op::Move { target, place, group }),
        1 => prop::sample::select(vec!["Table 3", "Room 夢", "مجموعة", "Table 1"]).prop_map(|n| Op::AddGroup { name: n.to_owned() }),
        2 => (prop_oneof![3 => Just(0usize), 1 => Just(1usize)], name()).prop_map(|(exercise, name)| Op::AddTheme { exercise, name }),
        1 => (any::<usize>(), name()).prop_map(|(target, name)| Op::RenameTheme { target, name }),
        2 => (any::<usize>(), prop::option::of(any::<usize>())).prop_map(|(target, theme)| Op::PlaceInTheme { target, theme }),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(from, into)| Op::MergeThemes { from, into }),
        1 => (0..2usize, 0..3usize, 0..5u32).prop_map(|(exercise, kind, dots)| Op::OpenRound { exercise, kind, dots }),
        3 => (any::<usize>(), 0..4usize, prop::collection::vec(any::<usize>(), 0..5), (0..7u8, 0..7u8)).prop_map(|(round, voter, items, rating)| Op::Cast { round, voter, items, rating }),
        1 => (any::<usize>(), prop_oneof![1 => Just(0usize), 4 => 1..3usize]).prop_map(|(round, state)| Op::SetRoundState { round, state }),
        1 => [name(), name()].prop_map(|poles| Op::ChooseAxes { poles }),
        1 => (common::typed_text(), common::typed_text(), 0usize..3, any::<bool>()).prop_map(|(event, introduction, facilitators, dated)| Op::Details { event, introduction, facilitators, dated }),
        1 => any::<usize>().prop_map(|target| Op::Withdraw { target }),
        2 => any::<usize>().prop_map(|target| Op::Seed { target }),
        2 => (0..CONCEALABLE.len(), any::<bool>()).prop_map(|(exercise, concealed)| Op::Conceal { exercise, concealed }),
        1 => Just(Op::Compact),
        1 => Just(Op::CloseAndReopen),
        1 => Just(Op::DropAndReopen),
    ]
}

/// Turns an op into a change against the current session; group and target indexes wrap
/// around what exists (an index past the groups means "no group", a missing target is skipped).
fn to_change(session: &Session, op: &Op) -> Option<Change> {
    let group_name = |g: &Option<usize>| g.and_then(|i| session.groups.get(i).cloned());
    let target = |t: usize| {
        let all = session.contributions();
        (!all.is_empty()).then(|| all[t % all.len()].id.clone())
    };
    Some(match op {
        Op::Add { place, group, text } => {
            let (exercise, slot, fields) = PLACES[*place];
            let mut draft = Draft::new(exercise, slot, text).group(group_name(group));
            for (k, v) in fields {
                draft = draft.field(k, v);
            }
            Change::Add {
                contribution: draft.into_contribution(),
            }
        }
        Op::Edit { target: t, text } => {
            let id = target(*t)?;
            let fields = session.contribution(&id)?.fields.clone();
            Change::Edit {
                id,
                text: text.clone(),
                fields,
                at: jiff::Timestamp::now(),
            }
        }
        Op::Hide { target: t, hidden } => Change::SetHidden {
            id: target(*t)?,
            hidden: *hidden,
        },
        Op::Star { target: t, starred } => Change::SetStarred {
            id: target(*t)?,
            starred: *starred,
        },
        Op::Move {
            target: t,
            place,
            group,
        } => {
            let (exercise, slot, _) = PLACES[*place];
            Change::Move {
                id: target(*t)?,
                exercise: exercise.into(),
                slot: slot.into(),
                group: group_name(group),
            }
        }
        Op::AddGroup { name } => Change::AddGroup { name: name.clone() },
        Op::AddTheme { exercise, name } => Change::AddTheme {
            theme: Theme {
                id: hearth::model::contribution::new_id(),
                exercise: ["triangle", "round"][*exercise].to_owned(),
                name: name.clone(),
                created: jiff::Timestamp::now(),
                named: jiff::Timestamp::now(),
                merged_into: None,
            },
        },
        Op::RenameTheme { target, name } => Change::RenameTheme {
            id: pick(&session.convergence.themes, *target)?.id.clone(),
            name: name.clone(),
            at: jiff::Timestamp::now(),
        },
        Op::PlaceInTheme { target: t, theme } => Change::PlaceInTheme {
            contribution: target(*t)?,
            theme: match theme {
                Some(i) => Some(pick(&session.convergence.themes, *i)?.id.clone()),
                None => None,
            },
            at: jiff::Timestamp::now(),
        },
        Op::MergeThemes { from, into } => {
            let themes = &session.convergence.themes;
            // Mostly two different themes; now and then the same one, which must be refused.
            let other = if into % 8 == 0 {
                *from
            } else {
                from + 1 + into % themes.len().max(2)
            };
            Change::MergeThemes {
                from: pick(themes, *from)?.id.clone(),
                into: pick(themes, other)?.id.clone(),
            }
        }
        Op::OpenRound {
            exercise,
            kind,
            dots,
        } => Change::OpenRound {
            round: Round {
                id: hearth::model::contribution::new_id(),
                exercise: ["triangle", "round"][*exercise].to_owned(),
                slot: (*kind == 1).then(|| "uncertainties".to_owned()),
                on: if *kind == 2 {
                    VoteOn::Themes
                } else {
                    VoteOn::Answers
                },
                kind: if *kind == 1 {
                    RoundKind::Rating
                } else {
                    RoundKind::Dots {
                        dots: *dots,
                        per_item: (*dots > 2).then_some(2),
                    }
                },
                state: RoundState::Open,
                opened: jiff::Timestamp::now(),
            },
        },
        Op::Cast {
            round,
            voter,
            items,
            rating,
        } => {
            let r = pick(&session.convergence.rounds, *round)?;
            // Candidates: the exercise's answers (hidden ones too, which must be refused) or themes.
            let candidates: Vec<String> = match r.on {
                VoteOn::Answers => session
                    .contributions()
                    .iter()
                    .filter(|c| c.exercise == r.exercise)
                    .map(|c| c.id.clone())
                    .collect(),
                VoteOn::Themes => session
                    .convergence
                    .themes
                    .iter()
                    .map(|t| t.id.clone())
                    .collect(),
            };
            let chosen: Vec<String> = items
                .iter()
                .filter_map(|i| pick(&candidates, *i).cloned())
                .collect();
            let choice = match r.kind {
                RoundKind::Dots { .. } => Choice::Dots(chosen),
                RoundKind::Rating => Choice::Ratings(
                    chosen
                        .into_iter()
                        .map(|item| {
                            (
                                item,
                                Rating {
                                    impact: rating.0,
                                    uncertainty: rating.1,
                                },
                            )
                        })
                        .collect(),
                ),
            };
            Change::Cast {
                round: r.id.clone(),
                voter: ["group:Table 1", "group:Room 夢", "device:phone-1", "nobody"][*voter]
                    .to_owned(),
                ballot: Ballot {
                    at: jiff::Timestamp::now(),
                    choice,
                },
            }
        }
        Op::SetRoundState { round, state } => Change::SetRoundState {
            round: pick(&session.convergence.rounds, *round)?.id.clone(),
            state: [RoundState::Open, RoundState::Closed, RoundState::Revealed][*state],
        },
        Op::ChooseAxes { poles } => {
            let axis = |name: &str| Axis {
                name: name.to_owned(),
                low: poles[0].clone(),
                high: poles[1].clone(),
            };
            Change::ChooseAxes {
                exercise: "scenarios".into(),
                axes: ChosenAxes {
                    matrix: Matrix {
                        x: axis("across"),
                        y: axis("up"),
                    },
                    from: Vec::new(),
                    at: jiff::Timestamp::now(),
                },
            }
        }
        Op::Details {
            event,
            introduction,
            facilitators,
            dated,
        } => Change::SetDetails {
            details: hearth::model::Details {
                date: if *dated {
                    "2026-05-14".parse().ok()
                } else {
                    None
                },
                mode: hearth::model::Mode::Hybrid,
                event: event.clone(),
                facilitators: ["Colene Allen", "Calvin Prowse", "夢"][..*facilitators]
                    .iter()
                    .map(|f| f.to_string())
                    .collect(),
                notes: format!("notes: {event}"),
                introduction: introduction.clone(),
                tags: if *dated {
                    vec!["peer support".into(), "夢".into()]
                } else {
                    Vec::new()
                },
                summary: introduction.clone(),
            },
        },
        Op::Withdraw { target: t } => Change::Withdraw {
            id: target(*t)?,
            at: jiff::Timestamp::now(),
        },
        Op::Seed { target: t } => {
            // Mostly a scenario's title (the answers that may seed), now and then any answer.
            let titles: Vec<&str> = session
                .in_slot("scenarios", "title")
                .map(|c| c.id.as_str())
                .collect();
            let from = match pick(&titles, *t) {
                Some(id) if t % 4 != 0 => (*id).to_owned(),
                _ => target(*t)?,
            };
            Change::SeedFrom {
                exercise: "backcast".into(),
                seed: Seed {
                    from,
                    at: jiff::Timestamp::now(),
                },
            }
        }
        Op::Conceal {
            exercise,
            concealed,
        } => Change::SetConcealed {
            exercise: CONCEALABLE[*exercise].to_owned(),
            concealed: *concealed,
        },
        Op::Compact | Op::CloseAndReopen | Op::DropAndReopen => return None,
    })
}

/// A session of the all-kinds plan with a backcast after it, whose preferred future may be
/// picked from the scenarios.
fn new_session(dir: &std::path::Path) -> std::path::PathBuf {
    let mut scenario = common::all_kinds();
    scenario.agenda.push(
        serde_json::from_value(serde_json::json!({
            "id": "backcast", "title": "Backcasting", "kind": "backcasting",
            "horizon": "2040", "vision_from": "scenarios"
        }))
        .expect("a backcasting exercise"),
    );
    let groups = scenario.suggested_groups.clone();
    let session = Session::new(
        scenario,
        "Test session".into(),
        "2026-11-22".parse().ok(),
        groups,
    );
    hearth::store::create_session(dir, &session).expect("session created")
}

/// Whether no journal line adds or edits a withdrawn answer (the lines that hold its words),
/// and the snapshot holds it, if at all, as a tombstone.
fn no_words_of_withdrawn(path: &std::path::Path, model: &Session) -> bool {
    let withdrawn: std::collections::HashSet<&str> = model
        .contributions()
        .iter()
        .filter(|c| c.is_withdrawn())
        .map(|c| c.id.as_str())
        .collect();
    // Both journal files: a fold on its own thread may still hold the partner's lines.
    let mut bytes = std::fs::read(path.with_extension("journal")).unwrap_or_default();
    bytes.extend(std::fs::read(path.with_extension("journal.next")).unwrap_or_default());
    let read = hearth::store::journal::read(&bytes);
    assert!(read.damaged.is_empty());
    let journal_clean = read.records.iter().all(|(_, r)| match &r.change {
        Change::Add { contribution } => !withdrawn.contains(contribution.id.as_str()),
        Change::Edit { id, .. } => !withdrawn.contains(id.as_str()),
        _ => true,
    });
    let snapshot: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let snapshot_clean = snapshot["contributions"].as_array().is_none_or(|all| {
        all.iter()
            .filter(|c| c["id"].as_str().is_some_and(|id| withdrawn.contains(id)))
            .all(|c| {
                c.get("withdrawn").is_some()
                    && c["text"] == ""
                    && c.get("revisions").is_none()
                    && c.get("fields").is_none()
            })
    });
    journal_clean && snapshot_clean
}

proptest! {
    #![proptest_config(ProptestConfig { cases: common::proptest_cases(48), ..ProptestConfig::default() })]

    #[test]
    fn journal_and_snapshot_replay_to_the_in_memory_session(ops in prop::collection::vec(op(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let path = new_session(dir.path());
        let (mut store, _) = SessionStore::open(&path).unwrap();
        // Small, so compaction (by size and by count) happens inside the sequence too.
        store.set_compact_min_bytes(2048);
        store.set_compact_min_records(8);
        let mut model = store.session().clone();
        for op in &ops {
            match op {
                Op::Compact => store.compact().unwrap(),
                Op::CloseAndReopen => {
                    store.close().unwrap();
                    store = SessionStore::open(&path).unwrap().0;
                    store.set_compact_min_bytes(2048);
                    store.set_compact_min_records(8);
                }
                Op::DropAndReopen => {
                    drop(store);
                    store = SessionStore::open(&path).unwrap().0;
                    store.set_compact_min_bytes(2048);
                    store.set_compact_min_records(8);
                }
                _ => {
                    let Some(change) = to_change(&model, op) else { continue };
                    let in_memory = model.apply(&change);
                    let on_disk = store.apply(change.clone());
                    // The store accepts exactly what the model accepts.
                    prop_assert_eq!(in_memory.is_ok(), on_disk.is_ok(), "{:?} / {:?}", in_memory, on_disk);
                }
            }
            prop_assert_eq!(&*store.session(), &model);
            // A reader that takes no lock, while a fold may be running beside the writer.
            let (beside, _) = read_session(&path).unwrap();
            prop_assert_eq!(&beside, &model);
            prop_assert!(no_words_of_withdrawn(&path, &model), "a withdrawn answer's words are still on disk");
        }
        // The slot index agrees with a scan, after adds and moves, in memory and read back.
        for (exercise, slot, _) in PLACES {
            let scan: Vec<&str> = model.contributions().iter().filter(|c| c.exercise == *exercise && c.slot == *slot).map(|c| c.id.as_str()).collect();
            let indexed: Vec<&str> = model.in_slot(exercise, slot).map(|c| c.id.as_str()).collect();
            prop_assert_eq!(&scan, &indexed);
            let session = store.session();
            let stored: Vec<&str> = session.in_slot(exercise, slot).map(|c| c.id.as_str()).collect();
            prop_assert_eq!(&scan, &stored);
        }
        drop(store);
        let (read, report) = read_session(&path).unwrap();
        prop_assert!(report.torn.is_none());
        prop_assert_eq!(&read, &model);
        let (reopened, _) = SessionStore::open(&path).unwrap();
        prop_assert_eq!(&*reopened.session(), &model);
        // A clean close rewrites the snapshot only when the journal is long.
        let long = reopened.journal_is_long();
        let snapshot = std::fs::read(&path).unwrap();
        reopened.close().unwrap();
        if !long {
            prop_assert_eq!(std::fs::read(&path).unwrap(), snapshot, "a close below the thresholds rewrote the snapshot");
        }
        let (after_close, _) = read_session(&path).unwrap();
        prop_assert_eq!(&after_close, &model);
        // Folding the journal in loses nothing.
        let (mut reopened, _) = SessionStore::open(&path).unwrap();
        reopened.compact().unwrap();
        reopened.close().unwrap();
        let (compacted, report) = read_session(&path).unwrap();
        prop_assert_eq!(report.replayed, 0, "a compaction folds the journal into the snapshot");
        prop_assert_eq!(compacted, model);
    }
}

/// What may happen to a Futures Wheel and its emerging issues: answers added under a parent
/// answer (the right one, one of another slot or a missing one, which must be refused the same
/// in memory and on disk), parents withdrawn or taken off the record, and the store compacted,
/// closed and dropped in between.
#[derive(Debug, Clone)]
enum TreeOp {
    Add {
        place: usize,
        parent: Option<usize>,
        text: String,
    },
    Withdraw(usize),
    Hide(usize),
    Compact,
    Reopen,
    Drop,
}

/// (exercise, slot, fields) an answer under a parent may be added to.
const TREE_PLACES: &[Place] = &[
    ("wheel", "first", &[]),
    ("wheel", "second", &[]),
    ("wheel", "third", &[]),
    ("issues", "issue", &[("description", "what it is")]),
    ("issues", "signal", &[("source", "Inayatullah (2008)")]),
    ("issues", "question", &[]),
];

fn tree_op() -> impl Strategy<Value = TreeOp> {
    prop_oneof![
        8 => (0..TREE_PLACES.len(), prop::option::of(any::<usize>()), common::typed_text()).prop_map(|(place, parent, text)| TreeOp::Add { place, parent, text }),
        1 => any::<usize>().prop_map(TreeOp::Withdraw),
        1 => any::<usize>().prop_map(TreeOp::Hide),
        1 => Just(TreeOp::Compact),
        1 => Just(TreeOp::Reopen),
        1 => Just(TreeOp::Drop),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: common::proptest_cases(32), ..ProptestConfig::default() })]

    #[test]
    fn answers_under_parents_replay_from_snapshot_and_journal(ops in prop::collection::vec(tree_op(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let path = common::new_session_of(dir.path(), "futures-wheel.json");
        let open = |path: &std::path::Path| {
            let (mut store, _) = SessionStore::open(path).unwrap();
            store.set_compact_min_bytes(2048);
            store.set_compact_min_records(8);
            store
        };
        let mut store = open(&path);
        let mut model = store.session().clone();
        for op in &ops {
            let pick = |i: usize| {
                let all = model.contributions();
                (!all.is_empty()).then(|| all[i % all.len()].id.clone())
            };
            let change = match op {
                TreeOp::Compact => { store.compact().unwrap(); None }
                TreeOp::Reopen => { store.close().unwrap(); store = open(&path); None }
                TreeOp::Drop => { drop(store); store = open(&path); None }
                TreeOp::Add { place, parent, text } => {
                    let (exercise, slot, fields) = TREE_PLACES[*place];
                    let mut draft = Draft::new(exercise, slot, text)
                        .group(Some("Table 1".into()))
                        .parent(match parent {
                            // Any answer: of the parent slot, of another, of another exercise.
                            Some(i) => pick(*i).or_else(|| Some("missing".into())),
                            None => None,
                        });
                    for (k, v) in fields {
                        draft = draft.field(k, v);
                    }
                    Some(Change::Add { contribution: draft.into_contribution() })
                }
                TreeOp::Withdraw(i) => pick(*i).map(|id| Change::Withdraw { id, at: jiff::Timestamp::now() }),
                TreeOp::Hide(i) => pick(*i).map(|id| Change::SetHidden { id, hidden: true }),
            };
            if let Some(change) = change {
                let in_memory = model.apply(&change);
                let on_disk = store.apply(change.clone());
                prop_assert_eq!(in_memory.is_ok(), on_disk.is_ok(), "{:?} / {:?}", in_memory, on_disk);
            }
            prop_assert_eq!(&*store.session(), &model);
        }
        // No answer's parent is missing, and each is where its answer was added under.
        for c in model.contributions() {
            if let Some(p) = &c.parent {
                prop_assert!(model.contribution(p).is_some(), "{} lost {}", c.id, p);
            }
        }
        drop(store);
        let (read, report) = read_session(&path).unwrap();
        prop_assert!(report.torn.is_none());
        prop_assert_eq!(&read, &model);
        let mut reopened = open(&path);
        reopened.compact().unwrap();
        reopened.close().unwrap();
        let (compacted, _) = read_session(&path).unwrap();
        prop_assert_eq!(compacted, model);
    }
}
