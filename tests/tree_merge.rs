//! Property: two machines adding consequences to one Futures Wheel (each under a consequence
//! either has, some withdrawn or taken off the record on one side, with clocks that disagree)
//! merge into one wheel, the same whichever order they are given in: every answer of either is
//! there, under the parent it was added under, and no answer's parent is missing.

mod common;

use hearth::export::merge::merge;
use hearth::model::{Change, Draft, Session};
use jiff::Timestamp;
use proptest::prelude::*;

const SLOTS: [&str; 3] = ["first", "second", "third"];

#[derive(Debug, Clone)]
enum Op {
    /// Add to ring `ring` on machine `machine`, under the `parent`th answer of the ring inside.
    Add {
        machine: usize,
        ring: usize,
        parent: usize,
        skew: i64,
    },
    Withdraw {
        machine: usize,
        target: usize,
    },
    Hide {
        machine: usize,
        target: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (0..2usize, 0..3usize, any::<usize>(), -50i64..50).prop_map(|(machine, ring, parent, skew)| Op::Add { machine, ring, parent, skew }),
        1 => (0..2usize, any::<usize>()).prop_map(|(machine, target)| Op::Withdraw { machine, target }),
        1 => (0..2usize, any::<usize>()).prop_map(|(machine, target)| Op::Hide { machine, target }),
    ]
}

fn base() -> Session {
    let scenario =
        hearth::store::load_scenario(&common::fixture("futures-wheel.json")).expect("fixture");
    let mut s = Session::new(
        scenario,
        "Wheel".into(),
        "2026-05-14".parse().ok(),
        vec!["Table 1".into(), "Table 2".into()],
    );
    s.id = "wheel-session".into();
    s.created = Timestamp::from_second(1_700_000_000).unwrap();
    let c = Draft::new("wheel", "first", "Shared start")
        .group(Some("Table 1".into()))
        .into_contribution_with(
            "root".into(),
            Timestamp::from_second(1_700_000_100).unwrap(),
        );
    s.apply(&Change::Add { contribution: c }).unwrap();
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: common::proptest_cases(64), ..ProptestConfig::default() })]

    #[test]
    fn two_machines_adding_to_one_wheel_merge_into_one_wheel_in_any_order(ops in prop::collection::vec(op(), 1..40)) {
        let mut machines = [base(), base()];
        let mut n = 0i64;
        for op in &ops {
            match op {
                Op::Add { machine, ring, parent, skew } => {
                    let m = &mut machines[*machine];
                    let parent = match ring.checked_sub(1) {
                        None => None,
                        Some(inner) => {
                            let choices: Vec<String> = m
                                .in_slot("wheel", SLOTS[inner])
                                .filter(|c| !c.is_withdrawn())
                                .map(|c| c.id.clone())
                                .collect();
                            if choices.is_empty() {
                                continue;
                            }
                            Some(choices[parent % choices.len()].clone())
                        }
                    };
                    n += 1;
                    // Each machine's clock: machine 1's runs behind by up to a minute.
                    let at = 1_700_000_200 + n * 10 + if *machine == 1 { *skew } else { 0 };
                    let c = Draft::new("wheel", SLOTS[*ring], &format!("consequence {n}"))
                        .group(Some(["Table 1", "Table 2"][*machine].into()))
                        .parent(parent)
                        .into_contribution_with(format!("m{machine}-{n}"), Timestamp::from_second(at).unwrap());
                    m.apply(&Change::Add { contribution: c }).unwrap();
                }
                Op::Withdraw { machine, target } | Op::Hide { machine, target } => {
                    let m = &mut machines[*machine];
                    let live: Vec<String> = m.contributions().iter().filter(|c| !c.is_withdrawn()).map(|c| c.id.clone()).collect();
                    if live.is_empty() {
                        continue;
                    }
                    let id = live[target % live.len()].clone();
                    let change = if matches!(op, Op::Withdraw { .. }) {
                        Change::Withdraw { id, at: Timestamp::from_second(1_700_009_000).unwrap() }
                    } else {
                        Change::SetHidden { id, hidden: true }
                    };
                    m.apply(&change).unwrap();
                }
            }
            // Now and then one machine takes the other's answers in (a merge on the way).
            if n % 7 == 3 {
                let (one, _) = merge(&[machines[0].clone(), machines[1].clone()]).unwrap();
                machines[1] = one;
            }
        }
        let (ab, _) = merge(&[machines[0].clone(), machines[1].clone()]).unwrap();
        let (ba, _) = merge(&[machines[1].clone(), machines[0].clone()]).unwrap();
        prop_assert_eq!(&ab, &ba);
        for m in &machines {
            for c in m.contributions() {
                let merged = ab.contribution(&c.id);
                prop_assert!(merged.is_some(), "{} is missing", c.id);
                prop_assert_eq!(&merged.unwrap().parent, &c.parent, "{} moved", c.id);
            }
        }
        for c in ab.contributions() {
            if let Some(p) = &c.parent {
                let parent = ab.contribution(p);
                prop_assert!(parent.is_some(), "{} lost its parent {}", c.id, p);
                prop_assert_eq!(&parent.unwrap().exercise, &c.exercise);
            }
        }
        // And the merged wheel merges again with either machine to itself.
        let (again, _) = merge(&[ab.clone(), machines[0].clone()]).unwrap();
        prop_assert_eq!(again.contributions(), ab.contributions());
    }
}
