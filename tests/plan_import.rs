//! `hearth plan import`: plans from the Markdown outlines facilitators already have (the seeds'
//! agendas written as outlines, and ones like a team's own), read into plans with every word
//! kept as written, the time boxes and kinds understood, what was not used said, and a session
//! started and written up from the result. A plan never takes a built-in plan's name.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

fn outline(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/outlines")
        .join(name)
}

/// Imports `file` into `home`'s plans folder; returns what it printed and the plan saved.
fn import(home: &Path, file: &Path) -> (String, Value) {
    // The plans folder is the test's own, whatever HEARTH_HOME or the data folder say.
    let plans = home.join("scenarios");
    let out = common::run_hearth(
        home,
        &[
            "plan",
            "import",
            file.to_str().unwrap(),
            "--dir",
            plans.to_str().unwrap(),
        ],
        None,
    );
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let saved = said
        .lines()
        .find_map(|l| l.strip_prefix("Saved as "))
        .and_then(|l| l.split(". Start").next())
        .unwrap_or_else(|| panic!("no path said: {said}"));
    let plan = serde_json::from_str(&std::fs::read_to_string(saved).unwrap()).unwrap();
    (said, plan)
}

fn kinds(plan: &Value) -> Vec<(&str, u64)> {
    plan["agenda"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap(),
                e["minutes"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn the_futures_workshop_outline_becomes_its_plan_and_runs() {
    let home = tempfile::tempdir().unwrap();
    let (said, plan) = import(home.path(), &outline("futures-workshop.md"));
    assert_eq!(plan["title"], "Futures of Mental Health Peer Support");
    assert_eq!(
        plan["summary"],
        "A workshop in three parts, from the Visions 2030 report."
    );
    assert_eq!(
        plan["suggested_groups"],
        serde_json::json!(["Table 1", "Table 2", "Table 3", "Table 4"])
    );
    assert_eq!(
        kinds(&plan),
        [
            ("prompt_round", 10),
            ("futures_triangle", 30),
            ("scenario_building", 45)
        ]
    );
    let round = &plan["agenda"][0];
    assert_eq!(
        round["questions"][1]["text"],
        "What makes us feel safe, held, and whole?"
    );
    assert_eq!(round["questions"][1]["number"], 2);
    assert_eq!(plan["agenda"][1]["topic"], "the future of peer support");
    assert_eq!(
        plan["agenda"][1]["instructions"],
        "Map what pulls, pushes and weighs on the future."
    );
    let scenarios = &plan["agenda"][2];
    assert_eq!(
        scenarios["focal_question"],
        "What could peer support look like in 2030?"
    );
    assert_eq!(scenarios["horizon"], "2030");
    assert_eq!(scenarios["matrix"]["x"]["name"], "Peer Support Oversight");
    assert_eq!(scenarios["matrix"]["x"]["low"], "A regulatory body");
    assert_eq!(
        scenarios["matrix"]["y"]["high"],
        "From within mainstream mental health services"
    );
    assert!(
        said.contains(
            "1. “Consciousness raising” — prompt round (its Kind line), 10 min: 2 questions"
        ),
        "{said}"
    );
    assert!(
        said.contains("futures triangle (from its heading)"),
        "{said}"
    );

    // A session from it, an answer, a write-up.
    let file = home
        .path()
        .join("scenarios")
        .join(format!("{}.json", plan["id"].as_str().unwrap()));
    let new = common::run_hearth(
        home.path(),
        &[
            "new",
            file.to_str().unwrap(),
            "--title",
            "Our futures",
            "--dir",
            home.path().join("sessions").to_str().unwrap(),
        ],
        None,
    );
    assert!(
        new.status.success(),
        "{}",
        String::from_utf8_lossy(&new.stderr)
    );
    let session = String::from_utf8(new.stdout).unwrap().trim().to_owned();
    let add = common::run_hearth(
        home.path(),
        &[
            "add",
            &session,
            "--exercise",
            "consciousness-raising",
            "--slot",
            "q1",
            "--text",
            "Capitalism, patriarchy, racism 夢",
        ],
        None,
    );
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    let md = common::run_hearth(home.path(), &["export", &session, "--format", "md"], None);
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(
        md.contains("### 1. What makes us sick?\n\n- Capitalism, patriarchy, racism 夢"),
        "{md}"
    );
}

#[test]
fn numbered_questions_keep_their_numbers_and_sections_hold_checklist_items() {
    let home = tempfile::tempdir().unwrap();
    let (_, plan) = import(home.path(), &outline("dreaming-together.md"));
    let numbers: Vec<u64> = plan["agenda"][0]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 4, 5, 6], "the seed's numbering is kept");
    assert_eq!(
        plan["agenda"][0]["questions"][3]["text"],
        "What other actions, activities, & responsibilities are related to peer support, that might not be specific roles?"
    );
    assert_eq!(kinds(&plan), [("pathway_brainstorm", 45)]);

    let (_, plan) = import(home.path(), &outline("onboarding.md"));
    let items = plan["agenda"][0]["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert_eq!(items[0]["section"], "Before the first day");
    assert_eq!(items[3]["section"], "First week");
    assert_eq!(items[3]["text"], "They meet the team.");
}

#[test]
fn a_teams_outline_with_value_conflicts_and_role_clarity() {
    let home = tempfile::tempdir().unwrap();
    let (said, plan) = import(home.path(), &outline("team-meeting.md"));
    assert_eq!(
        kinds(&plan),
        [
            ("prompt_round", 5),
            ("value_conflict", 25),
            ("role_clarity", 20)
        ]
    );
    assert_eq!(
        plan["agenda"][1]["situation"],
        "A service user asks you to keep a secret that could put them at risk."
    );
    assert_eq!(
        plan["agenda"][1]["values"],
        serde_json::json!(["Mutuality", "Self-determination", "Safety"])
    );
    assert_eq!(
        plan["agenda"][2]["activities"][1]["text"],
        "Attending a doctor's appointment"
    );
    assert_eq!(
        plan["agenda"][2]["criteria"][0]["text"],
        "Allows for intentional use of lived experience"
    );
    assert!(said.contains("1 question"), "{said}");
    // Sessions from the webinar outline too: notes with their instructions.
    let (_, plan) = import(home.path(), &outline("webinar.md"));
    assert_eq!(kinds(&plan), [("notes", 60), ("notes", 60)]);
    assert_eq!(plan["agenda"][1]["topic"], "practice");
}

#[test]
fn lines_not_understood_are_said_and_a_built_in_name_is_never_taken() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("Role clarity.md");
    std::fs::write(
        &file,
        "# Role clarity\n\nKind: checklist\n\n## Who does what (20 min)\nKind: a dance\n1. Paperwork\n# Another title\n",
    )
    .unwrap();
    let (said, plan) = import(home.path(), &file);
    assert_eq!(
        plan["id"], "role-clarity-2",
        "the built-in plan's name is kept free"
    );
    assert!(said.contains("line 3: Kind: checklist"), "{said}");
    assert!(said.contains("line 6: Kind: a dance"), "{said}");
    assert!(said.contains("line 8: # Another title"), "{said}");
    // Again: a plan of yours is not replaced.
    let (_, again) = import(home.path(), &file);
    assert_eq!(again["id"], "role-clarity-3");

    // No exercise heading: refused, saying how to write one.
    let empty = home.path().join("empty.md");
    std::fs::write(&empty, "# Just a title\n\nSome words.\n").unwrap();
    let out = common::run_hearth(
        home.path(),
        &["plan", "import", empty.to_str().unwrap()],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("## "));
}
