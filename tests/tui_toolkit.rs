//! The supervision toolkit's plans run end to end, as a note-taker would run them: each bundled
//! plan opened in the terminal app's state, answers captured for two groups with key actions,
//! the toolkit's reference answers revealed where it gives them, the board drawn, and the
//! session exported in every format. No terminal and no disk: `Persist` effects are answered
//! as the event loop would answer them.

use std::path::Path;

use hearth::export::{Format, Options, export};
use hearth::model::{Change, Contribution, Session};
use hearth::store::load_scenario;
use hearth::tui::action::{Action, Effect};
use hearth::tui::state::{Focus, Run, Screen, State, Timer};
use hearth::tui::theme::Theme;
use hearth::tui::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The run screen of a bundled plan, on its first exercise, first slot and first group.
fn state(plan: &str) -> State {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(format!("{plan}.json"));
    let scenario = load_scenario(&path).expect("the plan is valid");
    let groups = scenario.suggested_groups.clone();
    let session = Session::new(scenario, "Supervisors' day".into(), None, groups);
    let mut run = Run::new(format!("sessions/{plan}.json").into(), session);
    run.reset_fields();
    run.timer = Timer::new(run.current_exercise().minutes);
    State::new(Screen::Run(Box::new(run)), Theme::plain(), 7)
}

fn run(s: &State) -> &Run {
    s.run().unwrap()
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn press(s: &mut State, code: KeyCode) {
    assert!(update(s, key(code)).is_empty(), "{code:?} writes nothing");
}

fn type_text(s: &mut State, text: &str) {
    for c in text.chars() {
        press(s, KeyCode::Char(c));
    }
}

/// Sends an action; answers every Persist with success, as the event loop does once the
/// journal line is synced. Returns the changes written.
fn send(s: &mut State, action: Action) -> Vec<Change> {
    let mut written = Vec::new();
    for effect in update(s, action) {
        if let Effect::Persist(changes) = effect {
            written.extend(changes);
            // Once saved, only the drafts file is rewritten (without the saved text).
            assert!(
                update(s, Action::Persisted)
                    .iter()
                    .all(|e| matches!(e, Effect::KeepUnsaved(_)))
            );
        }
    }
    written
}

/// Enter: saves the capture box as one new answer, and returns it.
fn save(s: &mut State) -> Contribution {
    let written = send(s, key(KeyCode::Enter));
    let [Change::Add { contribution }] = &written[..] else {
        panic!("one answer added, not {written:?}")
    };
    contribution.clone()
}

/// The whole run screen at `w`×`h`, as text.
fn screen(s: &State, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| {
            hearth::tui::view::view(s, f);
        })
        .unwrap();
    terminal.backend().to_string()
}

/// Whether `needle` shows on a screen whose text may be wrapped: its words, in order, in one
/// panel (the screen's lines cut at the panels' borders, each panel read top to bottom).
fn shows(screen: &str, needle: &str) -> bool {
    let squash = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let needle = squash(needle);
    let rows: Vec<Vec<&str>> = screen
        .lines()
        .map(|l| {
            // The test backend quotes each line.
            let l = l
                .strip_prefix('"')
                .and_then(|l| l.strip_suffix('"'))
                .unwrap_or(l);
            l.split(|c: char| "│┃║".contains(c)).collect()
        })
        .collect();
    let panels = rows.iter().map(Vec::len).max().unwrap_or(0);
    (0..panels).any(|p| {
        let panel: Vec<&str> = rows.iter().filter_map(|r| r.get(p).copied()).collect();
        squash(&panel.join(" ")).contains(&needle)
    })
}

/// Every export of the session: Markdown, HTML, text, CSV, JSON (with the plan, by group).
struct Exports {
    md: String,
    html: String,
    txt: String,
    csv: String,
    json: serde_json::Value,
}

fn exports(session: &Session, with_plan: bool) -> Exports {
    let options = Options {
        by_group: true,
        with_plan,
        ..Options::default()
    };
    let text = |format| String::from_utf8(export(session, format, &options).unwrap()).unwrap();
    Exports {
        md: text(Format::Markdown),
        html: text(Format::Html),
        txt: text(Format::Text),
        csv: text(Format::Csv),
        json: serde_json::from_str(&text(Format::Json)).unwrap(),
    }
}

impl Exports {
    /// Asserts that every format carries `said`, typed in the room, word for word.
    fn all_carry(&self, said: &str) {
        for (name, out) in [
            ("md", &self.md),
            ("html", &self.html),
            ("txt", &self.txt),
            ("csv", &self.csv),
        ] {
            assert!(out.contains(said), "{name} lacks {said:?}:\n{out}");
        }
        let json = self.json["contributions"].as_array().unwrap();
        assert!(
            json.iter().any(|c| {
                c["text"] == said
                    || c["fields"]
                        .as_object()
                        .is_some_and(|f| f.values().any(|v| v == said))
            }),
            "json lacks {said:?}"
        );
    }

    /// Asserts that the write-ups (Markdown, HTML, text) carry `plan`, the toolkit's words.
    fn write_ups_carry(&self, plan: &str) {
        for (name, out) in [("md", &self.md), ("html", &self.html), ("txt", &self.txt)] {
            assert!(out.contains(plan), "{name} lacks {plan:?}:\n{out}");
        }
    }
}

// ---------------------------------------------------------------- onboarding checklist

#[test]
fn the_onboarding_checklist_is_marked_by_two_tables_and_exported() {
    let mut s = state("onboarding-checklist");
    assert_eq!(run(&s).current_exercise().id, "onboarding");
    assert_eq!(
        (run(&s).current_slot().id.as_str(), run(&s).group_name()),
        ("1", Some("Table 1"))
    );
    // Table 1: item 1 in place, with a note; item 2 not yet.
    press(&mut s, KeyCode::Char('y'));
    update(&mut s, ctrl('f'));
    type_text(&mut s, "Orientation booked for the first Monday");
    let c = save(&mut s);
    assert_eq!(
        (
            c.slot.as_str(),
            c.group.as_deref(),
            c.fields["checked"].as_str()
        ),
        ("1", Some("Table 1"), "yes")
    );
    assert_eq!(c.text, "Orientation booked for the first Monday");
    press(&mut s, KeyCode::Tab);
    assert_eq!(run(&s).current_slot().id, "2");
    press(&mut s, KeyCode::Char('n'));
    let c = save(&mut s);
    assert_eq!((c.text.as_str(), c.fields["checked"].as_str()), ("", "no"));
    // Table 2 marks item 2 too, the other way.
    update(&mut s, ctrl('g'));
    assert_eq!(run(&s).group_name(), Some("Table 2"));
    press(&mut s, KeyCode::Char('y'));
    update(&mut s, ctrl('f'));
    type_text(
        &mut s,
        "Privacy precautions agreed with the previous worker",
    );
    let c = save(&mut s);
    assert_eq!(
        (
            c.slot.as_str(),
            c.group.as_deref(),
            c.fields["checked"].as_str()
        ),
        ("2", Some("Table 2"), "yes")
    );
    assert_eq!(run(&s).session.contributions().len(), 3);

    let board = screen(&s, 160, 48);
    assert!(
        shows(
            &board,
            "The peer worker will receive the regular staff orientation"
        ),
        "{board}"
    );

    let out = exports(&run(&s).session, false);
    out.all_carry("Orientation booked for the first Monday");
    out.all_carry("Privacy precautions agreed with the previous worker");
    out.write_ups_carry("The peer worker will receive the regular staff orientation");
    out.write_ups_carry("Table 2");
    let json = out.json["contributions"].as_array().unwrap();
    let marks: Vec<(&str, &str, &str)> = json
        .iter()
        .map(|c| {
            (
                c["slot"].as_str().unwrap(),
                c["group"].as_str().unwrap(),
                c["fields"]["checked"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        marks,
        [
            ("1", "Table 1", "yes"),
            ("2", "Table 1", "no"),
            ("2", "Table 2", "yes")
        ]
    );
}

// ---------------------------------------------------------------- defining tasks

#[test]
fn defining_tasks_is_judged_by_two_tables_then_the_toolkits_judgement_is_revealed_and_exported() {
    let mut s = state("defining-tasks");
    assert_eq!(run(&s).current_slot().id, "1.a");
    // Table 1 weighs task 1 against every guideline, then (f): yes throughout.
    for criterion in ["a", "b", "c", "d", "e", "f"] {
        assert_eq!(run(&s).current_slot().id, format!("1.{criterion}"));
        press(&mut s, KeyCode::Char('y'));
        let c = save(&mut s);
        assert_eq!(c.fields["mark"], "Yes");
        if criterion != "f" {
            press(&mut s, KeyCode::Right);
        }
    }
    // A digit jumps to a task, keeping the column: task 2, (f).
    press(&mut s, KeyCode::Char('2'));
    assert_eq!(run(&s).current_slot().id, "2.f");
    press(&mut s, KeyCode::Char('n'));
    update(&mut s, ctrl('f'));
    type_text(&mut s, "does not use their lived experience");
    let c = save(&mut s);
    assert_eq!(
        (
            c.slot.as_str(),
            c.group.as_deref(),
            c.fields["mark"].as_str()
        ),
        ("2.f", Some("Table 1"), "No")
    );
    assert_eq!(c.text, "does not use their lived experience");
    // Table 2 judges task 2 otherwise, and is unsure of guideline (e).
    update(&mut s, ctrl('g'));
    press(&mut s, KeyCode::Char('y'));
    let c = save(&mut s);
    assert_eq!(
        (
            c.slot.as_str(),
            c.group.as_deref(),
            c.fields["mark"].as_str()
        ),
        ("2.f", Some("Table 2"), "Yes")
    );
    press(&mut s, KeyCode::Left);
    assert_eq!(run(&s).current_slot().id, "2.e");
    press(&mut s, KeyCode::Char('?'));
    let c = save(&mut s);
    assert_eq!(c.fields["mark"], "??");

    // The toolkit's judgement stays hidden until the facilitator reveals it (a).
    let not_appropriate = "Example of tasks not appropriate for a peer worker";
    press(&mut s, KeyCode::Char('2'));
    press(&mut s, KeyCode::Right);
    assert_eq!(run(&s).current_slot().id, "2.f");
    let before = screen(&s, 160, 48);
    assert!(!shows(&before, not_appropriate), "{before}");
    press(&mut s, KeyCode::Esc);
    assert_eq!(run(&s).focus, Focus::Select);
    press(&mut s, KeyCode::Char('a'));
    assert!(run(&s).show_reference);
    let after = screen(&s, 160, 48);
    assert!(shows(&after, not_appropriate), "{after}");
    assert!(after.contains('≠'), "the tables differ on task 2:\n{after}");
    // The guidelines (a)–(e) have no reference answers to reveal: the toolkit gives none.
    let rc = match &run(&s).current_exercise().kind {
        hearth::model::ExerciseKind::RoleClarity(rc) => rc.clone(),
        _ => panic!("a role clarity grid"),
    };
    assert!(rc.reference_for("2", "e").is_none());
    assert_eq!(
        rc.reference_for("1", "f").unwrap().mark.as_deref(),
        Some("Yes")
    );

    let out = exports(&run(&s).session, false);
    out.all_carry("does not use their lived experience");
    out.write_ups_carry(not_appropriate);
    out.write_ups_carry("Example of tasks appropriate for a peer worker");
    out.write_ups_carry("Allows for the peer worker to use their lived experience");
    out.write_ups_carry("the reference answers (Supervising Peer Workers Toolkit)");
    let json = out.json["contributions"].as_array().unwrap();
    assert_eq!(json.len(), 9);
    let two_f: Vec<(&str, &str)> = json
        .iter()
        .filter(|c| c["slot"] == "2.f")
        .map(|c| {
            (
                c["group"].as_str().unwrap(),
                c["fields"]["mark"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(two_f, [("Table 1", "No"), ("Table 2", "Yes")]);
}

// ---------------------------------------------------------------- supervision models

#[test]
fn the_supervision_models_are_weighed_by_two_tables_beside_the_toolkits_rows_and_exported() {
    let mut s = state("supervision-models");
    assert_eq!(run(&s).current_slot().id, "approaches");
    type_text(&mut s, "Model B");
    update(&mut s, ctrl('f'));
    type_text(
        &mut s,
        "coaching / mentoring from the Centre, supervision at home",
    );
    update(&mut s, ctrl('f'));
    type_text(&mut s, "two supervisors to keep in step");
    let c = save(&mut s);
    assert_eq!(
        (c.text.as_str(), c.group.as_deref()),
        ("Model B", Some("Table 1"))
    );
    assert_eq!(
        c.fields["benefits"],
        "coaching / mentoring from the Centre, supervision at home"
    );
    assert_eq!(c.fields["risks"], "two supervisors to keep in step");
    update(&mut s, ctrl('g'));
    type_text(&mut s, "Model A");
    update(&mut s, ctrl('f'));
    update(&mut s, ctrl('f'));
    type_text(&mut s, "over-supervision");
    let c = save(&mut s);
    assert_eq!(
        (c.text.as_str(), c.group.as_deref()),
        ("Model A", Some("Table 2"))
    );
    assert_eq!(
        c.fields.get("benefits").map(String::as_str).unwrap_or(""),
        ""
    );
    assert_eq!(c.fields["risks"], "over-supervision");

    // The toolkit's rows are on the board before the groups' own.
    let board = screen(&s, 160, 48);
    assert!(
        shows(
            &board,
            "Currently we use two different models of support to peer staff"
        ),
        "{board}"
    );
    assert!(shows(&board, "two supervisors to keep in step"), "{board}");
    assert!(
        board.find("Model A").unwrap() < board.find("two supervisors").unwrap(),
        "worked rows first:\n{board}"
    );

    let out = exports(&run(&s).session, true);
    out.all_carry("coaching / mentoring from the Centre, supervision at home");
    out.all_carry("over-supervision");
    // With the plan, the toolkit's rows are the worked example.
    out.write_ups_carry("Model B may allow for stronger integration within teams");
    out.write_ups_carry("When implemented well both models help peer workers feel supported and confident in their roles");
    out.write_ups_carry("All peer workers attend monthly Community of Practice meetings");
    let json = out.json["contributions"].as_array().unwrap();
    assert_eq!(json.len(), 2);
    // Without the plan, only what the room said.
    let plain = exports(&run(&s).session, false);
    assert!(!plain.md.contains("Model B may allow"), "{}", plain.md);
    assert!(plain.md.contains("two supervisors to keep in step"));
}

// ---------------------------------------------------------------- documentation

#[test]
fn the_documentation_question_is_answered_in_two_meetings_and_exported_without_what_was_withdrawn()
{
    let mut s = state("documentation-guidelines");
    assert_eq!(
        (run(&s).current_slot().id.as_str(), run(&s).group_name()),
        ("document", Some("Meeting 1"))
    );
    type_text(
        &mut s,
        "Purpose of Service (what did the person want to get out of the meeting)",
    );
    let c = save(&mut s);
    assert_eq!(c.group.as_deref(), Some("Meeting 1"));
    type_text(&mut s, "the name of my landlord");
    let withdrawn = save(&mut s);
    update(&mut s, ctrl('g'));
    type_text(&mut s, "Plans for Follow Up");
    let c = save(&mut s);
    assert_eq!(
        (c.slot.as_str(), c.group.as_deref()),
        ("document", Some("Meeting 2"))
    );
    // The person does not want one kept after all: off the record.
    press(&mut s, KeyCode::Esc);
    for _ in 0..3 {
        if run(&s).selected.as_deref() == Some(withdrawn.id.as_str()) {
            break;
        }
        press(&mut s, KeyCode::Up);
    }
    assert_eq!(run(&s).selected.as_deref(), Some(withdrawn.id.as_str()));
    let written = send(&mut s, key(KeyCode::Char('h')));
    assert!(matches!(
        &written[..],
        [Change::SetHidden { hidden: true, .. }]
    ));

    let board = screen(&s, 160, 48);
    assert!(
        shows(
            &board,
            "What is important for us to document about today’s meeting?"
        ),
        "{board}"
    );

    let out = exports(&run(&s).session, false);
    out.all_carry("Purpose of Service (what did the person want to get out of the meeting)");
    out.all_carry("Plans for Follow Up");
    out.write_ups_carry("What is important for us to document about today’s meeting?");
    out.write_ups_carry("Meeting 2");
    for (name, text) in [
        ("md", &out.md),
        ("html", &out.html),
        ("txt", &out.txt),
        ("csv", &out.csv),
        ("json", &out.json.to_string()),
    ] {
        assert!(
            !text.contains("landlord"),
            "{name} exports what was taken off the record"
        );
    }
}
