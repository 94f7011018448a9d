//! One exercise seeding another: a scenario picked as a backcast's preferred future. Only an
//! answer on the record of the exercise the plan names may seed; the latest pick is the seed,
//! on one machine or merged from several in any order; a seed withdrawn or taken off the record
//! afterwards stays linked, without its words.

mod common;

use hearth::export::merge::merge;
use hearth::model::convergence::Seed;
use hearth::model::seed::{SeedState, seed_of};
use hearth::model::{Change, Draft, Session};
use jiff::Timestamp;
use proptest::prelude::*;

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_900_000_000 + seconds).unwrap()
}

/// The test plan's session with three scenarios (one per table, the last of no table) and an
/// answer of another exercise; returns the scenario title ids and that answer's id.
fn base() -> (Session, Vec<String>, String) {
    let scenario = hearth::store::load_scenario(&common::fixture("futures-toolkit.json")).unwrap();
    let groups = scenario.suggested_groups.clone();
    let mut s = Session::new(scenario, "Seeds".into(), None, groups);
    let mut ids = Vec::new();
    for (i, group) in [Some("Table 1"), Some("Table 2"), None]
        .into_iter()
        .enumerate()
    {
        let c = Draft::new("scenarios", "title", &format!("Scenario {i}"))
            .field("x", "Alliance")
            .field("y", "Inside the mainstream")
            .group(group.map(str::to_owned))
            .into_contribution_with(format!("s{i}"), at(i as i64));
        ids.push(c.id.clone());
        s.apply(&Change::Add { contribution: c }).unwrap();
    }
    let other =
        Draft::new("layers", "litany", "Burnout").into_contribution_with("l1".into(), at(5));
    s.apply(&Change::Add {
        contribution: other,
    })
    .unwrap();
    (s, ids, "l1".into())
}

fn pick(from: &str, when: Timestamp) -> Change {
    Change::SeedFrom {
        exercise: "backcast".into(),
        seed: Seed {
            from: from.into(),
            at: when,
        },
    }
}

fn refusal(s: &Session, change: &Change) -> String {
    s.clone().apply(change).expect_err("refused").to_string()
}

#[test]
fn only_a_scenario_on_the_record_can_seed_the_backcast() {
    let (mut s, ids, other) = base();
    s.apply(&pick(&ids[0], at(10))).unwrap();
    assert!(refusal(&s, &pick(&other, at(11))).contains("takes its seed from `scenarios`"));
    let wrong = Change::SeedFrom {
        exercise: "layers".into(),
        seed: Seed {
            from: ids[0].clone(),
            at: at(11),
        },
    };
    assert!(refusal(&s, &wrong).contains("takes no seed"));
    s.apply(&Change::SetHidden {
        id: ids[1].clone(),
        hidden: true,
    })
    .unwrap();
    assert!(refusal(&s, &pick(&ids[1], at(12))).contains("off the record cannot seed"));
    s.apply(&Change::Withdraw {
        id: ids[2].clone(),
        at: at(13),
    })
    .unwrap();
    assert!(refusal(&s, &pick(&ids[2], at(14))).contains("withdrawn answer cannot seed"));
    assert!(refusal(&s, &pick("nobody", at(14))).contains("no answer `nobody`"));
    // The refused picks left the first one standing.
    assert_eq!(s.convergence.seeds["backcast"].from, ids[0]);
    // A seed's other answers: only the scenario on the record is offered.
    let offered: Vec<&str> = hearth::model::seed::candidates(&s, "backcast")
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(offered, [ids[0].as_str()]);
}

#[test]
fn a_seed_taken_out_afterwards_stays_linked_without_its_words() {
    let (mut s, ids, _) = base();
    s.apply(&pick(&ids[1], at(10))).unwrap();
    let link = seed_of(&s, "backcast").unwrap();
    assert!(matches!(link.state, SeedState::Live(c) if c.text == "Scenario 1"));
    assert_eq!(link.describe(None), "the scenario “Scenario 1”");
    s.apply(&Change::SetHidden {
        id: ids[1].clone(),
        hidden: true,
    })
    .unwrap();
    let link = seed_of(&s, "backcast").unwrap();
    assert_eq!(link.state, SeedState::OffRecord);
    assert_eq!(link.describe(None), "a scenario since taken off the record");
    s.apply(&Change::Withdraw {
        id: ids[1].clone(),
        at: at(20),
    })
    .unwrap();
    let link = seed_of(&s, "backcast").unwrap();
    assert_eq!(link.state, SeedState::Withdrawn);
    assert!(!link.describe(None).contains("Scenario 1"));
}

#[test]
fn a_seed_withdrawn_on_another_machine_is_withdrawn_in_the_merge() {
    let (s, ids, _) = base();
    let mut a = s.clone();
    a.apply(&pick(&ids[0], at(10))).unwrap();
    let mut b = s;
    b.apply(&Change::Withdraw {
        id: ids[0].clone(),
        at: at(11),
    })
    .unwrap();
    let (m, _) = merge(&[a, b]).unwrap();
    assert_eq!(seed_of(&m, "backcast").unwrap().state, SeedState::Withdrawn);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::proptest_cases(64)))]

    /// Each copy picks seeds at its own moments (sometimes the same moment as another copy):
    /// merged in any order, and merged again, the seed is the same, the latest pick of all.
    #[test]
    fn merged_seeds_are_order_free_and_the_latest_pick_wins(
        picks in proptest::collection::vec(proptest::collection::vec((0usize..3, 0i64..6), 0..5), 3),
    ) {
        let (s, ids, _) = base();
        let copies: Vec<Session> = picks
            .iter()
            .map(|list| {
                let mut c = s.clone();
                for (scenario, when) in list {
                    c.apply(&pick(&ids[*scenario], at(10 + when))).unwrap();
                }
                c
            })
            .collect();
        let (abc, _) = merge(&copies).unwrap();
        let (cba, _) = merge(&[copies[2].clone(), copies[1].clone(), copies[0].clone()]).unwrap();
        let (bac, _) = merge(&[copies[1].clone(), copies[0].clone(), copies[2].clone()]).unwrap();
        prop_assert_eq!(&abc.convergence.seeds, &cba.convergence.seeds);
        prop_assert_eq!(&abc.convergence.seeds, &bac.convergence.seeds);
        for again in &copies {
            let (m, _) = merge(&[abc.clone(), again.clone()]).unwrap();
            prop_assert_eq!(&m.convergence.seeds, &abc.convergence.seeds);
        }
        // The latest pick of all the copies (each copy's own latest is its seed).
        let latest = copies
            .iter()
            .filter_map(|c| c.convergence.seeds.get("backcast"))
            .map(|seed| seed.at)
            .max();
        prop_assert_eq!(abc.convergence.seeds.get("backcast").map(|seed| seed.at), latest);
    }
}

#[test]
fn hearth_set_picks_a_seed_and_refuses_one_off_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let (s, ids, _) = base();
    let path = hearth::store::create_session(dir.path(), &s).unwrap();
    let p = path.to_str().unwrap();
    let set = |id: &str| {
        common::run_hearth(
            dir.path(),
            &["set", p, "--exercise", "backcast", "--seed", id],
            None,
        )
    };
    let out = set(&ids[1]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (read, _) = hearth::store::read_session(&path).unwrap();
    assert_eq!(read.convergence.seeds["backcast"].from, ids[1]);
    let shown = common::run_hearth(dir.path(), &["show", p], None);
    assert!(
        String::from_utf8_lossy(&shown.stdout)
            .contains("Seed: the scenario “Scenario 1”, in “Scenario building”"),
        "{}",
        String::from_utf8_lossy(&shown.stdout)
    );
    let out = common::run_hearth(dir.path(), &["edit", p, &ids[2], "--hide"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = set(&ids[2]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("off the record cannot seed"));
    let (read, _) = hearth::store::read_session(&path).unwrap();
    assert_eq!(read.convergence.seeds["backcast"].from, ids[1]);
}

#[test]
fn vision_from_must_name_an_earlier_exercise_whose_answers_can_seed() {
    let plan = |vision_from: &str| {
        let mut v: serde_json::Value = serde_json::from_slice(
            &std::fs::read(common::fixture("futures-toolkit.json")).unwrap(),
        )
        .unwrap();
        v["agenda"][2]["vision_from"] = vision_from.into();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        std::fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
        let out = common::run_hearth(dir.path(), &["validate", path.to_str().unwrap()], None);
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned()
                + &String::from_utf8_lossy(&out.stdout),
        )
    };
    assert_eq!(plan("scenarios").0, Some(0));
    for wrong in ["layers", "backcast", "nowhere"] {
        let (code, said) = plan(wrong);
        assert_ne!(code, Some(0), "{wrong}");
        assert!(
            said.contains("exercise 3 “Backcasting”, vision_from"),
            "{wrong}: {said}"
        );
    }
}

/// The six pillars plan: an emerging issue picked as the Futures Wheel's centre is the centre
/// everywhere the session runs it (the board, the write-up); a triangle's uncertainty cannot be
/// picked; once the issue is taken off the record or withdrawn the centre says what it was,
/// without its words.
#[test]
fn an_emerging_issue_picked_as_the_wheels_centre_is_the_centre_until_taken_out() {
    use hearth::export::{Format, Options, export};
    let scenario = hearth::store::load_scenario(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/six-pillars.json"),
    )
    .unwrap();
    let groups = scenario.suggested_groups.clone();
    let mut s = Session::new(scenario, "Six pillars".into(), None, groups);
    for (id, exercise, slot, text) in [
        ("i1", "issues", "issue", "Regulation of peer work 夢"),
        ("u1", "triangle", "uncertainties", "Who funds peer support"),
    ] {
        let mut draft = Draft::new(exercise, slot, text).group(Some("Table 1".into()));
        if slot == "issue" {
            draft = draft.field("description", "Colleges and boards");
        }
        s.apply(&Change::Add {
            contribution: draft.into_contribution_with(id.into(), at(1)),
        })
        .unwrap();
    }
    let centre = |s: &Session| {
        s.exercise("wheel")
            .unwrap()
            .kind
            .model()
            .question()
            .to_owned()
    };
    let wheel_pick = |from: &str, when: i64| Change::SeedFrom {
        exercise: "wheel".into(),
        seed: Seed {
            from: from.into(),
            at: at(when),
        },
    };
    let refused = refusal(&s, &wheel_pick("u1", 2));
    assert!(
        refused.contains("takes its seed from `issues`"),
        "a triangle's uncertainty cannot seed this wheel: {refused}"
    );
    s.apply(&wheel_pick("i1", 3)).unwrap();
    assert_eq!(centre(&s), "Regulation of peer work 夢");
    let md = String::from_utf8(export(&s, Format::Markdown, &Options::default()).unwrap()).unwrap();
    assert!(md.contains("Regulation of peer work 夢"), "{md}");
    assert!(
        md.contains("From the emerging issue “Regulation of peer work 夢”, in “Emerging issues”."),
        "the write-up names where the centre came from: {md}"
    );
    // A consequence of the picked centre, then the issue taken off the record.
    s.apply(&Change::Add {
        contribution: Draft::new("wheel", "first", "Fewer peer jobs")
            .into_contribution_with("w1".into(), at(4)),
    })
    .unwrap();
    s.apply(&Change::SetHidden {
        id: "i1".into(),
        hidden: true,
    })
    .unwrap();
    assert_eq!(centre(&s), "An emerging issue since taken off the record");
    for format in [Format::Markdown, Format::Html, Format::Text] {
        let out = String::from_utf8(export(&s, format, &Options::default()).unwrap()).unwrap();
        assert!(
            !out.contains("Regulation of peer work"),
            "{format:?}: {out}"
        );
        assert!(out.contains("Fewer peer jobs"), "{format:?}");
    }
    s.apply(&Change::Withdraw {
        id: "i1".into(),
        at: at(6),
    })
    .unwrap();
    assert_eq!(centre(&s), "An emerging issue since withdrawn");
}
