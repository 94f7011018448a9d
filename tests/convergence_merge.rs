//! Merging copies of a session that gathered themes, held vote and rating rounds and chose axes
//! on different machines: the result does not depend on the order of the copies, merging it
//! again with any copy changes nothing, and no ballot is ever counted twice — each voter counts
//! once per round, with their latest ballot.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use hearth::export::merge::merge;
use hearth::model::convergence::{
    Ballot, Choice, ChosenAxes, Round, RoundKind, RoundState, Theme, VoteOn,
};
use hearth::model::exercise::scenario_building::{Axis, Matrix};
use hearth::model::{Change, Draft, Session};
use jiff::Timestamp;
use proptest::prelude::*;

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_900_000_000 + seconds).unwrap()
}

/// A session with six answers and one open dot round over them, the base every copy starts
/// from.
fn base() -> (Session, Vec<String>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let (mut s, _) = hearth::store::read_session(&path).unwrap();
    let mut ids = Vec::new();
    for i in 0..6 {
        let c = Draft::new("triangle", "uncertainties", &format!("uncertainty {i}"))
            .into_contribution();
        ids.push(c.id.clone());
        s.apply(&Change::Add { contribution: c }).unwrap();
    }
    let round = Round {
        id: "dots".into(),
        exercise: "triangle".into(),
        slot: None,
        on: VoteOn::Answers,
        kind: RoundKind::Dots {
            dots: 3,
            per_item: None,
        },
        state: RoundState::Open,
        opened: at(0),
    };
    s.apply(&Change::OpenRound { round }).unwrap();
    (s, ids, "dots".into())
}

#[derive(Debug, Clone)]
enum Op {
    Cast { voter: u8, items: Vec<u8> },
    Theme { n: u8 },
    Place { answer: u8, theme: Option<u8> },
    Rename { theme: u8, name: u8 },
    Merge { from: u8, into: u8 },
    Close,
    Axes { pole: u8 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u8..5, proptest::collection::vec(0u8..6, 0..4)).prop_map(|(voter, items)| Op::Cast { voter, items }),
        2 => (0u8..3).prop_map(|n| Op::Theme { n }),
        2 => (0u8..6, proptest::option::of(0u8..3)).prop_map(|(answer, theme)| Op::Place { answer, theme }),
        1 => (0u8..3, 0u8..4).prop_map(|(theme, name)| Op::Rename { theme, name }),
        1 => (0u8..3, 0u8..3).prop_map(|(from, into)| Op::Merge { from, into }),
        1 => Just(Op::Close),
        1 => (0u8..4).prop_map(|pole| Op::Axes { pole }),
    ]
}

/// Applies `ops` to a copy; `clock` gives each change its own moment, distinct across copies.
fn run(mut s: Session, ids: &[String], ops: &[Op], copy: i64) -> Session {
    for (i, op) in ops.iter().enumerate() {
        let when = at(1 + i as i64 * 10 + copy);
        // Theme ids are shared between copies on purpose: the same theme made on two machines
        // (as after a merge and a copy back).
        let theme_id = |n: u8| format!("theme-{n}");
        let change = match op {
            Op::Cast { voter, items } => Change::Cast {
                round: "dots".into(),
                voter: format!("device:phone-{voter}"),
                ballot: Ballot {
                    at: when,
                    choice: Choice::Dots(items.iter().map(|&k| ids[k as usize].clone()).collect()),
                },
            },
            Op::Theme { n } => Change::AddTheme {
                theme: Theme {
                    id: theme_id(*n),
                    exercise: "triangle".into(),
                    name: format!("Theme {n}"),
                    created: at(*n as i64),
                    named: at(*n as i64),
                    merged_into: None,
                },
            },
            Op::Place { answer, theme } => Change::PlaceInTheme {
                contribution: ids[*answer as usize].clone(),
                theme: theme.map(theme_id),
                at: when,
            },
            Op::Rename { theme, name } => Change::RenameTheme {
                id: theme_id(*theme),
                name: format!("Name {name} from copy {copy}"),
                at: when,
            },
            Op::Merge { from, into } => Change::MergeThemes {
                from: theme_id(*from),
                into: theme_id(*into),
            },
            Op::Close => Change::SetRoundState {
                round: "dots".into(),
                state: RoundState::Closed,
            },
            Op::Axes { pole } => {
                let axis = |name: &str| Axis {
                    name: name.into(),
                    low: format!("low {pole}"),
                    high: format!("high {copy}"),
                };
                Change::ChooseAxes {
                    exercise: "scenarios".into(),
                    axes: ChosenAxes {
                        matrix: Matrix {
                            x: axis("x"),
                            y: axis("y"),
                        },
                        from: Vec::new(),
                        at: when,
                    },
                }
            }
        };
        // Refused changes (a closed round, a theme not made on this copy) are simply skipped.
        let _ = s.apply(&change);
    }
    s
}

/// Every voter's latest ballot across the copies, and what the round's tally must then be.
fn expected_dots(copies: &[&Session]) -> (BTreeSet<String>, BTreeMap<String, u32>) {
    let mut latest: BTreeMap<String, &Ballot> = BTreeMap::new();
    for s in copies {
        for (voter, b) in s.convergence.ballots.get("dots").into_iter().flatten() {
            if latest.get(voter).is_none_or(|k| k.at < b.at) {
                latest.insert(voter.clone(), b);
            }
        }
    }
    let mut dots = BTreeMap::new();
    for b in latest.values() {
        if let Choice::Dots(items) = &b.choice {
            for item in items {
                *dots.entry(item.clone()).or_default() += 1;
            }
        }
    }
    (latest.keys().cloned().collect(), dots)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::proptest_cases(64)))]

    #[test]
    fn merging_copies_is_order_free_idempotent_and_counts_each_voter_once(
        a_ops in proptest::collection::vec(op(), 0..20),
        b_ops in proptest::collection::vec(op(), 0..20),
        c_ops in proptest::collection::vec(op(), 0..20),
    ) {
        let (s, ids, _) = base();
        let a = run(s.clone(), &ids, &a_ops, 1);
        let b = run(s.clone(), &ids, &b_ops, 2);
        let c = run(s, &ids, &c_ops, 3);
        let (ab, _) = merge(&[a.clone(), b.clone()]).unwrap();
        let (ba, _) = merge(&[b.clone(), a.clone()]).unwrap();
        prop_assert_eq!(&ab.convergence, &ba.convergence);
        let (abc, _) = merge(&[ab.clone(), c.clone()]).unwrap();
        let (cba, _) = merge(&[c.clone(), b.clone(), a.clone()]).unwrap();
        prop_assert_eq!(&abc.convergence, &cba.convergence);
        // Merging again with any input, or with itself, changes nothing.
        for again in [&a, &b, &ab] {
            let (m, _) = merge(&[ab.clone(), again.clone()]).unwrap();
            prop_assert_eq!(&m.convergence, &ab.convergence);
        }
        // Each voter once, with their latest ballot.
        let (voters, dots) = expected_dots(&[&a, &b, &c]);
        prop_assert_eq!(abc.convergence.voters("dots"), voters.len());
        let tally: BTreeMap<String, u32> = abc
            .convergence
            .tally("dots")
            .into_iter()
            .map(|t| (t.item, t.count))
            .collect();
        prop_assert_eq!(tally, dots);
        // The round is as far on as any copy had it.
        let furthest = [&a, &b, &c].iter().map(|s| s.convergence.rounds[0].state).max().unwrap();
        prop_assert_eq!(abc.convergence.rounds[0].state, furthest);
    }
}

#[test]
fn the_same_ballot_on_two_machines_counts_once() {
    let (s, ids, round) = base();
    let mut a = s.clone();
    let ballot = Change::Cast {
        round: round.clone(),
        voter: "device:phone-1".into(),
        ballot: Ballot {
            at: at(5),
            choice: Choice::Dots(vec![ids[0].clone(), ids[0].clone(), ids[1].clone()]),
        },
    };
    a.apply(&ballot).unwrap();
    let mut b = s.clone();
    b.apply(&ballot).unwrap();
    let (m, _) = merge(&[a, b]).unwrap();
    let tally = m.convergence.tally(&round);
    assert_eq!(m.convergence.voters(&round), 1);
    assert_eq!(
        tally
            .iter()
            .map(|t| (t.item.as_str(), t.count))
            .collect::<Vec<_>>(),
        [(ids[0].as_str(), 2), (ids[1].as_str(), 1)]
    );
}
