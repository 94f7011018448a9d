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
fn the_library_has_its_plans_and_each_is_valid() {
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
        "onboarding-checklist",
        "defining-tasks",
        "supervision-models",
        "documentation-guidelines",
        "webinar-series",
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

#[test]
fn the_readme_lists_every_bundled_plan_with_its_source() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let listed: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("| `scenarios/"))
        .filter_map(|l| l.split_once(".json` | "))
        .map(|(name, from)| {
            assert!(
                from.trim_end_matches('|').trim().len() > 10,
                "{name}: no source"
            );
            name
        })
        .collect();
    let mut bundled: Vec<String> = bundled()
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut listed: Vec<String> = listed.into_iter().map(String::from).collect();
    bundled.sort();
    listed.sort();
    assert_eq!(listed, bundled, "README's scenario-library table");
}

// ------------------------------------------------------------------------------------------
// The rest of the supervision toolkit: every item, criterion and example of the plans built
// from it is the toolkit's text (after whitespace normalisation), none missing, none added.

fn squash(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn toolkit() -> Vec<String> {
    std::fs::read_to_string(common::fixture(
        "seeds/supervising-peer-workers-toolkit.txt",
    ))
    .unwrap()
    .lines()
    .map(String::from)
    .collect()
}

/// The seed's lines after the first whose text is `from` up to (not including) the first
/// after it whose text starts with `to` (both compared with whitespace normalised).
fn between<'a>(lines: &'a [String], from: &str, to: &str) -> &'a [String] {
    let start = lines
        .iter()
        .position(|l| squash(l) == from)
        .unwrap_or_else(|| panic!("the toolkit has no line {from:?}"))
        + 1;
    let end = start
        + lines[start..]
            .iter()
            .position(|l| squash(l).starts_with(to))
            .unwrap_or_else(|| panic!("no line {to:?} after {from:?}"));
    &lines[start..end]
}

/// A list's items: the capture keeps a space where the PDF had a bullet, so a line that starts
/// with whitespace opens an item and the lines under it continue it.
fn bullets(lines: &[String]) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for l in lines.iter().filter(|l| !l.trim().is_empty()) {
        match items.last_mut() {
            Some(item) if !l.starts_with(char::is_whitespace) => {
                item.push(' ');
                item.push_str(l);
            }
            _ => items.push(l.clone()),
        }
    }
    items.iter().map(|i| squash(i)).collect()
}

/// Paragraphs: runs of lines between blank lines.
fn paragraphs(lines: &[String]) -> Vec<String> {
    lines
        .split(|l| l.trim().is_empty())
        .filter(|p| !p.is_empty())
        .map(|p| squash(&p.join(" ")))
        .collect()
}

fn plan(name: &str) -> hearth::model::Scenario {
    load_scenario(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(format!("{name}.json")),
    )
    .unwrap()
}

#[test]
fn the_onboarding_checklist_is_the_toolkits_eleven_items() {
    let lines = toolkit();
    let seed = bullets(between(
        &lines,
        "Checklist for Onboarding New Peer Staff",
        "Guidelines for",
    ));
    assert_eq!(seed.len(), 11);
    let s = plan("onboarding-checklist");
    assert_eq!(s.agenda.len(), 1);
    let ExerciseKind::Checklist(c) = &s.agenda[0].kind else {
        panic!("a checklist")
    };
    let items: Vec<String> = c.items.iter().map(|i| squash(&i.text)).collect();
    assert_eq!(items, seed, "every item, in the toolkit's order");
    assert!(
        c.items.iter().all(|i| i.section.is_empty()),
        "the toolkit gives the list no sections"
    );
}

#[test]
fn defining_tasks_keeps_the_five_guidelines_the_eight_examples_and_only_the_toolkits_judgement() {
    let lines = toolkit();
    let s = plan("defining-tasks");
    assert_eq!(s.agenda.len(), 1);
    let ExerciseKind::RoleClarity(r) = &s.agenda[0].kind else {
        panic!("a role clarity grid")
    };
    // The five guidelines, (a) to (e), then the toolkit's judgement of the whole task.
    let guidelines = bullets(between(&lines, "The task…", "The most essential criteria"));
    assert_eq!(guidelines.len(), 5);
    let criteria: Vec<(&str, String)> = r
        .criteria
        .iter()
        .map(|c| (c.id.as_str(), squash(&c.text)))
        .collect();
    let expected: Vec<(&str, String)> = ["a", "b", "c", "d", "e"]
        .into_iter()
        .zip(guidelines)
        .chain([(
            "f",
            "whether a task is appropriate for a peer worker to do in their roles".to_owned(),
        )])
        .collect();
    assert_eq!(criteria, expected);
    let intro = squash(&between(&lines, "Tasks of Peer Worker", "The task…").join(" "));
    assert!(
        intro.contains(&criteria[5].1),
        "(f) is worded as the toolkit words it"
    );
    assert_eq!(squash(&r.question), "The task…");
    // The examples, in the toolkit's pairs: appropriate, then not appropriate.
    let (yes, no) = (
        "Example of tasks appropriate for a peer worker",
        "Example of tasks not appropriate for a peer worker",
    );
    let examples = paragraphs(between(
        &lines,
        no,
        "When Do Peer Workers Use Their Lived Experience?",
    ));
    assert_eq!(examples.len(), 8);
    let activities: Vec<String> = r.activities.iter().map(|a| squash(&a.text)).collect();
    assert_eq!(
        activities, examples,
        "every example, in the toolkit's order"
    );
    assert!(lines.iter().any(|l| l == yes) && lines.iter().any(|l| l == no));
    // One reference answer per task, in (f) only: the heading the toolkit files it under.
    let reference: Vec<(&str, &str, Option<&str>, &str)> = r
        .reference
        .iter()
        .map(|a| {
            (
                a.activity.as_str(),
                a.criterion.as_str(),
                a.mark.as_deref(),
                a.text.as_str(),
            )
        })
        .collect();
    let expected: Vec<(&str, &str, Option<&str>, &str)> = r
        .activities
        .iter()
        .enumerate()
        .map(|(i, a)| {
            if i % 2 == 0 {
                (a.id.as_str(), "f", Some("Yes"), yes)
            } else {
                (a.id.as_str(), "f", Some("No"), no)
            }
        })
        .collect();
    assert_eq!(reference, expected, "no per-guideline marks are invented");
}

/// Checks that `region` (the seed's lines) is exactly `pieces` interleaved line by line: each
/// line continues a piece or starts one, and every piece is used up. This is how a PDF capture
/// reads a table whose columns it scrambled; for plain text it is simply the pieces in order.
fn interleaving(region: &[String], pieces: &[String]) -> Result<(), String> {
    let mut left: Vec<String> = pieces.iter().map(|p| squash(p)).collect();
    let mut started = vec![false; left.len()];
    for line in region.iter().map(|l| squash(l)).filter(|l| !l.is_empty()) {
        let fits = |rest: &str| {
            rest.strip_prefix(line.as_str())
                .is_some_and(|after| after.is_empty() || after.starts_with(' '))
        };
        let i = (0..left.len())
            .filter(|&i| fits(&left[i]))
            .min_by_key(|&i| !started[i])
            .ok_or_else(|| format!("the toolkit's line {line:?} is not in the plan"))?;
        left[i] = left[i][line.len()..].trim_start().to_owned();
        started[i] = true;
    }
    let unused: Vec<String> = pieces
        .iter()
        .zip(&left)
        .filter(|(_, l)| !l.is_empty())
        .map(|(p, l)| format!("{p:?} (from {l:?})"))
        .collect();
    if unused.is_empty() {
        Ok(())
    } else {
        Err(format!("not the toolkit's text: {unused:?}"))
    }
}

#[test]
fn the_interleaving_check_refuses_words_added_or_left_out() {
    let region: Vec<String> = [
        "Model A",
        " Monthly (minimum),",
        " Weekly or every other",
        "flexible",
        "week",
    ]
    .map(String::from)
    .to_vec();
    let ok = [
        "Model A",
        "Monthly (minimum), flexible",
        "Weekly or every other week",
    ]
    .map(String::from);
    assert_eq!(interleaving(&region, &ok), Ok(()));
    let added = [
        "Model A",
        "Monthly (minimum), flexible",
        "Weekly or every other week",
        "Daily",
    ]
    .map(String::from);
    assert!(interleaving(&region, &added).is_err());
    let missing = [
        "Model A",
        "Monthly (minimum),",
        "Weekly or every other week",
    ]
    .map(String::from);
    assert!(interleaving(&region, &missing).is_err());
}

#[test]
fn the_supervision_models_are_the_toolkits_table_word_for_word() {
    let lines = toolkit();
    let s = plan("supervision-models");
    assert_eq!(s.agenda.len(), 1);
    let ExerciseKind::ValueConflict(v) = &s.agenda[0].kind else {
        panic!("an approach | benefits | risks table")
    };
    assert!(v.values.is_empty(), "no values are in tension");
    let rows = &v.worked_rows;
    let labels: Vec<&str> = rows
        .iter()
        .map(|r| r.approach.lines().next().unwrap())
        .collect();
    // The cells that span both models are a third row with no title, as in the toolkit.
    assert_eq!(
        labels,
        [
            "Model A",
            "Model B",
            "Frequency and structure 1:1 peer support specific supervision"
        ]
    );
    // Benefits and risks are only where the toolkit says whose they are.
    assert_eq!(
        (rows[0].benefits.as_str(), rows[0].risks.as_str()),
        ("", "")
    );
    assert_eq!(
        rows[1].benefits,
        "Model B may allow for stronger integration within teams"
    );
    assert_eq!(rows[1].risks, "");
    // Each row's supervision arrangement is what the toolkit prints under that model.
    let arrangement = |row: &str| -> Vec<String> {
        row.lines()
            .skip_while(|l| *l != "Supervision Arrangement")
            .skip(1)
            .map_while(|l| l.strip_prefix("• "))
            .map(squash)
            .collect()
    };
    assert_eq!(
        arrangement(&rows[0].approach),
        bullets(between(&lines, "Model A", "Model B"))
    );
    assert_eq!(
        arrangement(&rows[1].approach),
        bullets(between(&lines, "Model B", "Monthly (minimum),"))
    );
    // Everything the plan says, once each: the situation, each row's lines (bullets dropped),
    // its benefits and its risks. "Benefits & risks" is the toolkit's row that the Benefits and
    // Risks columns stand for.
    let mut pieces: Vec<String> = vec![v.situation.clone(), "Benefits & risks".into()];
    for row in rows {
        for text in [&row.approach, &row.benefits, &row.risks] {
            for line in text.lines() {
                let line = line.strip_prefix("• ").unwrap_or(line).to_owned();
                if !pieces.contains(&line) {
                    pieces.push(line);
                }
            }
        }
    }
    let start = lines
        .iter()
        .position(|l| l.starts_with("Currently we use two different models"))
        .unwrap();
    let end = lines
        .iter()
        .position(|l| squash(l) == "Model B may allow for stronger integration within teams")
        .unwrap();
    interleaving(&lines[start..=end], &pieces).unwrap();
}

#[test]
fn the_documentation_question_is_the_toolkits() {
    let lines = toolkit();
    let s = plan("documentation-guidelines");
    assert_eq!(s.agenda.len(), 1);
    let ExerciseKind::PromptRound(p) = &s.agenda[0].kind else {
        panic!("a prompt round")
    };
    let questions: Vec<&str> = p.questions.iter().map(|q| q.text.as_str()).collect();
    assert_eq!(
        questions,
        ["What is important for us to document about today’s meeting?"]
    );
    assert!(
        lines
            .iter()
            .any(|l| squash(l) == format!("Ask “{}”", questions[0])),
        "the Quick Guide asks it in these words"
    );
    let seed = squash(&lines.join("\n"));
    assert!(seed.contains(&squash(&s.agenda[0].instructions)));
}

// ------------------------------------------------------------------------------------------
// The webinar series: the four sessions' topics are the seed's own session headings, in order,
// each a notes exercise; the plan holds no key points or resources of its own (those are what
// each session captures), and no questions, since the seed gives none.

#[test]
fn the_webinar_plan_has_the_four_session_topics_as_published() {
    let s =
        load_scenario(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/webinar-series.json"))
            .unwrap();
    let seed =
        std::fs::read_to_string(common::fixture("seeds/peer-support-webinar-series.txt")).unwrap();
    // The session headings: the seed's lines that open a session's part.
    let headings: Vec<&str> = seed
        .lines()
        .map(str::trim)
        .filter(|l| {
            [
                "Session 1 ",
                "In session 2 ",
                "Session three ",
                "In week four ",
            ]
            .iter()
            .any(|p| l.starts_with(p))
        })
        .collect();
    assert_eq!(headings.len(), 4, "the seed has four session headings");
    let titles: Vec<&str> = s.agenda.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, headings, "each topic verbatim, in the seed's order");
    assert!(seed.contains("“Establishing Peer Support Services within Your Organization”"));
    assert!(seed.contains(&s.title), "the series' title is the seed's");
    for e in &s.agenda {
        let ExerciseKind::Notes(n) = &e.kind else {
            panic!("{}: a notes exercise", e.id)
        };
        assert!(n.topic.is_empty(), "{}: no invented topic text", e.id);
        assert!(
            e.instructions.is_empty(),
            "{}: no invented instructions",
            e.id
        );
        let slots: Vec<String> = e.slots().into_iter().map(|s| s.id).collect();
        assert_eq!(slots, ["key_points", "resources", "unplaced"]);
    }
}
