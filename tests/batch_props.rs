//! Property: checking a batch of changes laid over a session (without copying it) gives the
//! same verdict as copying the session and applying the changes one by one — the same change
//! refused, for the same reason — and sees every contribution as the copy does, so the screen's
//! undo (worked out from what each change finds) is the same too. The store accepts exactly
//! such batches, and ends up with the copy's session.

mod common;

use hearth::model::undo::inverse_of;
use hearth::model::words::{self, Field};
use hearth::model::{Batch, Change, Draft, ModelError, Session, check_each};
use hearth::store::{SessionStore, StoreError};
use proptest::prelude::*;

/// (exercise, slot, fields) of a valid place to add to.
type Place = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const PLACES: &[Place] = &[
    ("round", "sick", &[]),
    ("triangle", "pull", &[("elaboration", "why it pulls")]),
    ("scenarios", "timeline", &[("year", "2030")]),
    ("pathways", "q4", &[]),
    (
        "conflict",
        "approaches",
        &[("benefits", "b"), ("risks", "r")],
    ),
    ("roles", "1.a", &[("mark", "Maybe")]),
];

/// The session's three groups, one a batch may add, and ones that never exist.
const GROUPS: &[&str] = &[
    "Table 1",
    "Table 2",
    "Room 夢",
    "Table 9",
    "Tabel 9",
    "",
    "bad\u{1}name",
];

#[derive(Debug, Clone)]
enum Op {
    Add {
        place: usize,
        group: Option<usize>,
        text: String,
        /// Leave out the place's fields (refused where one is required).
        bare: bool,
        author: bool,
        /// Reuse an existing id (refused).
        again: Option<Option<usize>>,
    },
    Edit {
        target: Option<usize>,
        text: String,
    },
    Hide {
        target: Option<usize>,
        hidden: bool,
    },
    Star {
        target: Option<usize>,
        starred: bool,
    },
    Move {
        target: Option<usize>,
        /// `None`: stay in its slot, change only the group.
        place: Option<usize>,
        group: Option<usize>,
    },
    AddGroup {
        name: usize,
    },
    Attribution {
        on: bool,
    },
    /// Narration before or after an exercise (one the plan has not, now and then), or the
    /// closing; an empty text removes it.
    Narrate {
        place: usize,
        exercise: usize,
        text: String,
    },
    /// One field of an exercise's wording, or (`None`) back to the plan's.
    Word {
        exercise: usize,
        field: usize,
        text: Option<String>,
    },
}

/// Exercises narration and wording are about: the plan's, and one it has not.
const EXERCISES: &[&str] = &["round", "triangle", "scenarios", "conflict", "nowhere"];

fn op() -> impl Strategy<Value = Op> {
    // Mostly groups that exist, now and then one that does not or could not.
    let group = prop::option::of(prop_oneof![10 => 0..4usize, 1 => 4..GROUPS.len()]);
    // Mostly contributions that exist.
    let target = prop::option::weighted(0.97, any::<usize>());
    prop_oneof![
        6 => (0..PLACES.len(), group.clone(), common::typed_text(), prop::bool::weighted(0.1), prop::bool::weighted(0.1), prop::option::weighted(0.05, prop::option::of(any::<usize>())))
            .prop_map(|(place, group, text, bare, author, again)| Op::Add { place, group, text, bare, author, again }),
        3 => (target.clone(), common::typed_text()).prop_map(|(target, text)| Op::Edit { target, text }),
        2 => (target.clone(), any::<bool>()).prop_map(|(target, hidden)| Op::Hide { target, hidden }),
        2 => (target.clone(), any::<bool>()).prop_map(|(target, starred)| Op::Star { target, starred }),
        3 => (target, prop::option::weighted(0.4, 0..PLACES.len()), group).prop_map(|(target, place, group)| Op::Move { target, place, group }),
        // Mostly a new group, which later changes of the batch may use (or, misspelt, not find).
        2 => prop_oneof![2 => Just(3usize), 1 => 0..GROUPS.len()].prop_map(|name| Op::AddGroup { name }),
        1 => any::<bool>().prop_map(|on| Op::Attribution { on }),
        // Mostly the same few places, so that a batch changes one twice (and undo must see the
        // first change to take back the second).
        2 => (prop_oneof![2 => Just(2usize), 1 => 0..2usize], prop_oneof![3 => Just(1usize), 1 => 0..EXERCISES.len()], prop_oneof![3 => common::typed_text(), 1 => Just(String::new())])
            .prop_map(|(place, exercise, text)| Op::Narrate { place, exercise, text }),
        2 => (prop_oneof![3 => Just(2usize), 1 => 0..EXERCISES.len()], prop_oneof![3 => Just(0usize), 1 => 0..Field::ALL.len()], prop::option::weighted(0.8, prop_oneof![3 => common::typed_text(), 1 => Just(String::new())]))
            .prop_map(|(exercise, field, text)| Op::Word { exercise, field, text }),
    ]
}

/// Turns an op into a change against `session` as it is. Targets wrap around the contributions
/// there; `None`, or none there, is a contribution that does not exist.
fn to_change(session: &Session, op: &Op, n: usize) -> Change {
    let all = session.contributions();
    let target = |t: Option<usize>| match t {
        Some(t) if !all.is_empty() => all[t % all.len()].id.clone(),
        _ => "nobody".to_owned(),
    };
    let group = |g: &Option<usize>| g.map(|i| GROUPS[i].to_owned());
    match op {
        Op::Add {
            place,
            group: g,
            text,
            bare,
            author,
            again,
        } => {
            let (exercise, slot, fields) = PLACES[*place];
            let mut draft = Draft::new(exercise, slot, text).group(group(g));
            if !bare {
                for (k, v) in fields {
                    draft = draft.field(k, v);
                }
            }
            if *author {
                draft.author = Some("Ana".into());
            }
            let id = match again {
                Some(t) => target(*t),
                None => format!("c{n}"),
            };
            Change::Add {
                contribution: draft.into_contribution_with(id, jiff::Timestamp::UNIX_EPOCH),
            }
        }
        Op::Edit { target: t, text } => {
            let id = target(*t);
            let fields = session
                .contribution(&id)
                .map(|c| c.fields.clone())
                .unwrap_or_default();
            Change::Edit {
                id,
                text: text.clone(),
                fields,
                at: jiff::Timestamp::UNIX_EPOCH,
            }
        }
        Op::Hide { target: t, hidden } => Change::SetHidden {
            id: target(*t),
            hidden: *hidden,
        },
        Op::Star { target: t, starred } => Change::SetStarred {
            id: target(*t),
            starred: *starred,
        },
        Op::Move {
            target: t,
            place,
            group: g,
        } => {
            let id = target(*t);
            let (exercise, slot) = match (place, session.contribution(&id)) {
                (None, Some(c)) => (c.exercise.clone(), c.slot.clone()),
                (p, _) => {
                    let (e, s, _) = PLACES[p.unwrap_or(0)];
                    (e.to_owned(), s.to_owned())
                }
            };
            Change::Move {
                id,
                exercise,
                slot,
                group: group(g),
            }
        }
        Op::AddGroup { name } => Change::AddGroup {
            name: GROUPS[*name].to_owned(),
        },
        Op::Attribution { on } => Change::SetAttribution { on: *on },
        Op::Narrate {
            place,
            exercise,
            text,
        } => {
            let e = EXERCISES[*exercise].to_owned();
            Change::SetNarration {
                place: match place {
                    0 => words::Place::Before(e),
                    1 => words::Place::After(e),
                    _ => words::Place::Closing,
                },
                text: text.clone(),
            }
        }
        Op::Word {
            exercise,
            field,
            text,
        } => Change::SetWording {
            exercise: EXERCISES[*exercise].to_owned(),
            field: Field::ALL[*field],
            text: text.clone(),
            at: jiff::Timestamp::from_second(i64::try_from(n).unwrap_or(0)).unwrap(),
        },
    }
}

/// Changes made from `ops` one after another, each against the session as the ones before
/// left it (those refused leave it as it was).
fn changes_from(session: &Session, ops: &[Op], first: usize) -> Vec<Change> {
    let mut now = session.clone();
    ops.iter()
        .enumerate()
        .map(|(i, op)| {
            let change = to_change(&now, op, first + i);
            let _ = now.apply(&change);
            change
        })
        .collect()
}

/// Undo's edits are stamped with the time they are made; the time is not what is compared.
fn unstamped(mut changes: Vec<Change>) -> Vec<Change> {
    for c in &mut changes {
        if let Change::Edit { at, .. } | Change::SetWording { at, .. } = c {
            *at = jiff::Timestamp::UNIX_EPOCH;
        }
    }
    changes
}

type Seen = Vec<Option<hearth::model::Contribution>>;
type Verdict = Result<(), (usize, ModelError)>;

/// The copy's way: apply one by one, stopping at the first refusal.
fn on_a_copy(session: &Session, changes: &[Change]) -> (Verdict, Vec<Change>, Seen, Session) {
    let mut copy = session.clone();
    let (mut inverse, mut seen) = (Vec::new(), Vec::new());
    for (i, c) in changes.iter().enumerate() {
        inverse.extend(inverse_of(&Batch::new(&copy), c, jiff::Timestamp::now()));
        seen.push(
            c.contribution_id()
                .and_then(|id| copy.contribution(id))
                .cloned(),
        );
        if let Err(e) = copy.apply(c) {
            return (Err((i, e)), inverse, seen, copy);
        }
    }
    (Ok(()), inverse, seen, copy)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: common::proptest_cases(128), ..ProptestConfig::default() })]

    #[test]
    fn a_batch_laid_over_the_session_is_judged_as_on_a_copy(
        before in prop::collection::vec(op(), 0..16),
        batch in prop::collection::vec(op(), 1..12),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = common::new_session(dir.path());
        let (mut store, _) = SessionStore::open(&path).unwrap();
        let first = changes_from(&store.session(), &before, 0);
        for change in first {
            let _ = store.apply(change);
        }
        let session = store.session().clone();
        let changes = changes_from(&session, &batch, before.len());

        let (expected, expected_inverse, expected_seen, copy) = on_a_copy(&session, &changes);
        let (mut inverse, mut seen) = (Vec::new(), Vec::new());
        let verdict = check_each(&session, &changes, |b, c| {
            inverse.extend(inverse_of(b, c, jiff::Timestamp::now()));
            seen.push(c.contribution_id().and_then(|id| b.contribution(id)).cloned());
        });
        prop_assert_eq!(&verdict, &expected);
        prop_assert_eq!(unstamped(inverse), unstamped(expected_inverse));
        prop_assert_eq!(seen, expected_seen);

        // The store takes the batch whole or not at all, for the same reason.
        let stored = store.apply_all(changes.clone());
        match (&stored, &expected) {
            (Ok(()), Ok(())) => prop_assert_eq!(&*store.session(), &copy),
            (Err(StoreError::Rejected { source, .. }), Err((_, e))) => {
                prop_assert_eq!(source, e);
                prop_assert_eq!(&*store.session(), &session);
            }
            _ => prop_assert!(false, "the store said {:?}, the copy {:?}", stored, expected),
        }
    }
}
