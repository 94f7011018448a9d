//! The bundled scenario library: every plan is valid, sessions can be started from each, and
//! the plans keep what the published write-ups say.

mod common;

use std::path::Path;

use hearth::model::ExerciseKind;
use hearth::store::load_scenario;

fn bundled() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn the_library_has_the_six_plans_and_each_is_valid() {
    let names: Vec<String> = bundled()
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in [
        "dreaming-together",
        "peer-support-futures",
        "value-conflicts",
        "role-clarity",
        "visions-2030",
        "readiness-checklist",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "missing scenarios/{expected}.json"
        );
    }
    for path in bundled() {
        let scenario = load_scenario(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            path.file_stem().unwrap().to_string_lossy(),
            scenario.id,
            "file name matches the id"
        );
    }
}

#[test]
fn every_plan_in_scenarios_is_built_into_hearth_byte_for_byte() {
    let files: Vec<String> = bundled()
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let built_in: Vec<String> = hearth::store::plans::BUILT_IN
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect();
    assert_eq!(built_in, files);
    for ((_, text), path) in hearth::store::plans::BUILT_IN.iter().zip(bundled()) {
        assert_eq!(
            *text,
            std::fs::read_to_string(&path).unwrap(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn a_session_starts_from_every_plan_and_takes_a_contribution_in_every_slot_kind() {
    let dir = tempfile::tempdir().unwrap();
    for path in bundled() {
        let out = common::run_hearth(
            dir.path(),
            &[
                "new",
                path.to_str().unwrap(),
                "--date",
                "2026-11-22",
                "--dir",
                "s",
            ],
            None,
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let session = String::from_utf8(out.stdout).unwrap().trim().to_owned();
        let scenario = load_scenario(&path).unwrap();
        for exercise in &scenario.agenda {
            let slot = &exercise.slots()[0];
            let mut args = vec![
                "add",
                session.as_str(),
                "--exercise",
                &exercise.id,
                "--slot",
                &slot.id,
                "--text",
                "a verbatim answer",
            ];
            let fields: Vec<String> = slot
                .fields
                .iter()
                .filter(|f| f.required || !f.choices.is_empty())
                .map(|f| {
                    format!(
                        "{}={}",
                        f.name,
                        f.choices.first().cloned().unwrap_or_else(|| "2030".into())
                    )
                })
                .collect();
            for f in &fields {
                args.extend(["--field", f]);
            }
            let out = common::run_hearth(dir.path(), &args, None);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}: {}",
                exercise.id,
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

#[test]
fn dreaming_together_keeps_the_published_question_numbers() {
    let s = load_scenario(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/dreaming-together.json"),
    )
    .unwrap();
    let ExerciseKind::PathwayBrainstorm(p) = &s.exercise("pathways").unwrap().kind else {
        panic!("pathways is a pathway brainstorm")
    };
    let ids: Vec<(&str, Option<u32>)> = p
        .questions
        .iter()
        .map(|q| (q.id.as_str(), q.number))
        .collect();
    assert_eq!(
        ids,
        [
            ("q1", Some(1)),
            ("q4", Some(4)),
            ("q5", Some(5)),
            ("q6", Some(6))
        ]
    );
    let seed =
        std::fs::read_to_string(common::fixture("seeds/dreaming-together-pathways.txt")).unwrap();
    let squash = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    for q in &p.questions {
        assert!(
            squash(&seed).contains(&squash(&q.text)),
            "question {} is worded as published",
            q.id
        );
    }
}

#[test]
fn role_clarity_reference_answers_are_verbatim_from_the_toolkit() {
    let s =
        load_scenario(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/role-clarity.json"))
            .unwrap();
    let ExerciseKind::RoleClarity(r) = &s.agenda[0].kind else {
        panic!("a role clarity grid")
    };
    assert_eq!(
        r.criteria.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        ["a", "b", "c", "d", "e", "f", "g", "h"]
    );
    let toolkit = std::fs::read_to_string(common::fixture(
        "seeds/supervising-peer-workers-toolkit.txt",
    ))
    .unwrap();
    let squash = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let toolkit = squash(&toolkit);
    let first = r
        .reference_for("1", "a")
        .expect("activity 1 (a) has a published answer");
    assert_eq!(
        first.text,
        "Yes, if the peer worker has that lived experience"
    );
    let missing: Vec<_> = r
        .reference
        .iter()
        .filter(|a| !toolkit.contains(&squash(&a.text)))
        .map(|a| format!("{}.{}", a.activity, a.criterion))
        .collect();
    assert!(
        missing.is_empty(),
        "reference answers not found verbatim in the toolkit: {missing:?}"
    );
}
