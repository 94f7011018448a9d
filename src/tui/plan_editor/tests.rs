//! The editor's every action, on its state alone (no terminal): keys in, plan and effects out.

use std::path::{Path, PathBuf};

use ratatui::crossterm::event::KeyCode;
use serde_json::{Value, json};

use super::*;
use crate::model::exercise::Kind;
use crate::tui::keymap::{Key, Keymap};

fn press(e: &mut Editor, key: Key) -> Vec<Effect> {
    e.key(key.event(), &Keymap::default())
}

fn ch(e: &mut Editor, c: char) -> Vec<Effect> {
    press(e, Key::char(c))
}

fn code(e: &mut Editor, code: KeyCode) -> Vec<Effect> {
    press(e, Key::plain(code))
}

fn typed(e: &mut Editor, text: &str) {
    for c in text.chars() {
        ch(e, c);
    }
}

fn new() -> Editor {
    Editor::new_plan("Team day", Path::new("/nowhere/plans"))
}

/// A new plan with one exercise of `kind`, its form in front.
fn with(kind: Kind) -> Editor {
    let mut e = new();
    ch(&mut e, 'a');
    let i = Kind::ALL.iter().position(|k| *k == kind).unwrap();
    for _ in 0..i {
        code(&mut e, KeyCode::Down);
    }
    code(&mut e, KeyCode::Enter);
    e
}

/// Moves the cursor to the row labelled `label`.
fn to_row(e: &mut Editor, label: &str) {
    e.pane = Pane::Form;
    e.row = e
        .rows()
        .iter()
        .position(|r| r.label == label)
        .unwrap_or_else(|| {
            panic!(
                "no row {label}: {:?}",
                e.rows().iter().map(|r| &r.label).collect::<Vec<_>>()
            )
        });
}

fn at<'a>(e: &'a Editor, pointer: &str) -> &'a Value {
    e.plan.pointer(pointer).unwrap_or(&Value::Null)
}

#[test]
fn a_new_plan_is_empty_and_says_what_to_do() {
    let e = new();
    assert_eq!(at(&e, "/id"), "team-day");
    assert_eq!(e.agenda().len(), 0);
    assert!(e.dirty(), "never saved");
    assert!(
        e.problems
            .iter()
            .any(|p| p.path == "agenda" && p.message.contains("at least one exercise"))
    );
}

#[test]
fn adding_an_exercise_picks_its_kind_from_a_list() {
    let mut e = new();
    ch(&mut e, 'a');
    assert!(e.picker.is_some());
    code(&mut e, KeyCode::Down);
    code(&mut e, KeyCode::Up);
    code(&mut e, KeyCode::Down);
    code(&mut e, KeyCode::Enter);
    assert!(e.picker.is_none());
    assert_eq!(at(&e, "/agenda/0/kind"), "futures_triangle");
    assert_eq!(at(&e, "/agenda/0/id"), "futures-triangle");
    assert_eq!(e.item, 1);
    assert_eq!(e.pane, Pane::Form);
    // Esc closes the list without adding.
    e.pane = Pane::Agenda;
    ch(&mut e, 'a');
    code(&mut e, KeyCode::Esc);
    assert!(e.picker.is_none());
    assert_eq!(e.agenda().len(), 1);
}

#[test]
fn every_kind_can_be_added_and_its_new_parts_say_what_is_missing() {
    for kind in Kind::ALL {
        let e = with(*kind);
        assert_eq!(at(&e, "/agenda/0/kind"), kind.name());
        // Its template reads as a plan; what is left empty is said, in plain words.
        assert!(e.scenario().is_some(), "{}", kind.name());
        for p in &e.problems {
            for word in ["u32", "variant", "struct", "sequence", "invalid type"] {
                assert!(!p.message.contains(word), "{}: {}", kind.name(), p.message);
            }
        }
    }
}

#[test]
fn typing_in_a_part_keeps_it_on_enter() {
    let mut e = with(Kind::PromptRound);
    to_row(&mut e, "question 1 · question");
    code(&mut e, KeyCode::Enter);
    assert!(e.field.is_some());
    typed(&mut e, "What went well?");
    assert!(e.dirty());
    code(&mut e, KeyCode::Enter);
    assert!(e.field.is_none());
    assert_eq!(at(&e, "/agenda/0/questions/0/text"), "What went well?");
    assert!(
        !e.problems
            .iter()
            .any(|p| p.path.ends_with("questions[0].text"))
    );
}

#[test]
fn a_long_text_takes_line_breaks_and_a_short_one_does_not() {
    let mut e = with(Kind::PromptRound);
    to_row(&mut e, "Instructions");
    code(&mut e, KeyCode::Enter);
    typed(&mut e, "One");
    press(&mut e, Key::alt(KeyCode::Enter));
    typed(&mut e, "Two");
    e.paste("\r\nThree");
    code(&mut e, KeyCode::Enter);
    assert_eq!(at(&e, "/agenda/0/instructions"), "One\nTwo\nThree");
    to_row(&mut e, "Title");
    code(&mut e, KeyCode::Enter);
    press(&mut e, Key::alt(KeyCode::Enter));
    e.paste("a\nb");
    code(&mut e, KeyCode::Enter);
    assert_eq!(at(&e, "/agenda/0/title"), "Prompt rounda b");
}

#[test]
fn the_editing_keys_work_as_in_the_capture_box() {
    let mut e = with(Kind::Notes);
    to_row(&mut e, "Topic");
    code(&mut e, KeyCode::Enter);
    typed(&mut e, "two words");
    press(&mut e, Key::ctrl('w'));
    code(&mut e, KeyCode::Enter);
    assert_eq!(at(&e, "/agenda/0/topic"), "two ");
}

#[test]
fn a_time_box_must_be_a_number_said_in_plain_words() {
    let mut e = with(Kind::Checklist);
    to_row(&mut e, "Time box");
    code(&mut e, KeyCode::Enter);
    press(&mut e, Key::ctrl('u'));
    typed(&mut e, "ten");
    code(&mut e, KeyCode::Enter);
    let f = e.field.as_ref().expect("still open");
    assert_eq!(
        f.error.as_deref(),
        Some("time box: type a number of minutes, like 20 (0: untimed)")
    );
    typed(&mut e, "x");
    assert!(
        e.field.as_ref().unwrap().error.is_none(),
        "typing clears it"
    );
    press(&mut e, Key::ctrl('u'));
    typed(&mut e, "20");
    code(&mut e, KeyCode::Enter);
    assert_eq!(at(&e, "/agenda/0/minutes"), 20);
    // Left empty: untimed.
    code(&mut e, KeyCode::Enter);
    press(&mut e, Key::ctrl('u'));
    code(&mut e, KeyCode::Enter);
    assert_eq!(at(&e, "/agenda/0/minutes"), 0);
}

#[test]
fn an_optional_number_left_empty_is_left_out() {
    let mut e = with(Kind::PromptRound);
    to_row(&mut e, "question 1 · number");
    code(&mut e, KeyCode::Enter);
    typed(&mut e, "4");
    code(&mut e, KeyCode::Enter);
    assert_eq!(at(&e, "/agenda/0/questions/0/number"), 4);
    code(&mut e, KeyCode::Enter);
    code(&mut e, KeyCode::Backspace);
    code(&mut e, KeyCode::Enter);
    assert!(e.plan.pointer("/agenda/0/questions/0/number").is_none());
}

#[test]
fn esc_on_a_changed_part_asks_first() {
    let mut e = with(Kind::Notes);
    to_row(&mut e, "Topic");
    code(&mut e, KeyCode::Enter);
    code(&mut e, KeyCode::Esc);
    assert!(e.field.is_none(), "nothing typed: closes");
    code(&mut e, KeyCode::Enter);
    typed(&mut e, "Care");
    code(&mut e, KeyCode::Esc);
    assert!(e.field.is_some(), "typed: asks");
    assert!(e.status.as_deref().unwrap().contains("Esc again discards"));
    code(&mut e, KeyCode::Esc);
    assert!(e.field.is_none());
    assert!(e.plan.pointer("/agenda/0/topic").is_none());
}

#[test]
fn yes_no_choices_and_references_turn_over_with_enter() {
    let mut e = with(Kind::CausalLayeredAnalysis);
    to_row(&mut e, "Reconstruct");
    code(&mut e, KeyCode::Enter);
    assert_eq!(at(&e, "/agenda/0/reconstruct"), true);
    code(&mut e, KeyCode::Enter);
    assert!(
        e.plan.pointer("/agenda/0/reconstruct").is_none(),
        "no: left out"
    );

    // A reference to an earlier exercise: none, then each earlier one.
    let mut e = with(Kind::FuturesTriangle);
    e.pane = Pane::Agenda;
    ch(&mut e, 'a');
    let i = Kind::ALL
        .iter()
        .position(|k| *k == Kind::ScenarioBuilding)
        .unwrap();
    for _ in 0..i {
        code(&mut e, KeyCode::Down);
    }
    code(&mut e, KeyCode::Enter);
    assert_eq!(e.item, 2);
    to_row(&mut e, "Axes from");
    code(&mut e, KeyCode::Enter);
    assert_eq!(at(&e, "/agenda/1/axes_from"), "futures-triangle");
    code(&mut e, KeyCode::Enter);
    assert!(e.plan.pointer("/agenda/1/axes_from").is_none());

    // A vote round's `on` and its slot.
    let mut e = with(Kind::PromptRound);
    to_row(&mut e, "Vote rounds");
    code(&mut e, KeyCode::Enter);
    assert_eq!(
        at(&e, "/agenda/0/votes/0"),
        &json!({"on": "answers", "dots": 3})
    );
    to_row(&mut e, "vote round 1 · on");
    code(&mut e, KeyCode::Enter);
    assert_eq!(at(&e, "/agenda/0/votes/0/on"), "themes");
    to_row(&mut e, "vote round 1 · slot");
    code(&mut e, KeyCode::Enter);
    assert_eq!(at(&e, "/agenda/0/votes/0/slot"), "q1");
    // A reference answer's mark: none, then each mark.
    let mut e = with(Kind::RoleClarity);
    to_row(&mut e, "Reference answers");
    code(&mut e, KeyCode::Enter);
    to_row(&mut e, "reference answer 1 · mark");
    code(&mut e, KeyCode::Enter);
    assert_eq!(at(&e, "/agenda/0/reference/0/mark"), "Yes");
}

#[test]
fn lists_take_new_items_with_their_own_ids() {
    let mut e = with(Kind::Checklist);
    to_row(&mut e, "Items");
    code(&mut e, KeyCode::Enter);
    ch(&mut e, 'a');
    let ids: Vec<&str> = e.agenda()[0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 3);
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(unique.len(), 3, "{ids:?}");
    // A list of texts: the new one's box opens at once.
    let mut e = with(Kind::ValueConflict);
    to_row(&mut e, "Values in tension");
    code(&mut e, KeyCode::Enter);
    assert!(e.field.is_some());
    typed(&mut e, "autonomy");
    code(&mut e, KeyCode::Enter);
    assert_eq!(at(&e, "/agenda/0/values"), &json!(["autonomy"]));
    to_row(&mut e, "Worked rows");
    code(&mut e, KeyCode::Enter);
    to_row(&mut e, "row 1 · approach");
    code(&mut e, KeyCode::Enter);
    typed(&mut e, "Ask");
    code(&mut e, KeyCode::Enter);
    assert_eq!(
        at(&e, "/agenda/0/worked_rows"),
        &json!([{"approach": "Ask", "benefits": "", "risks": ""}])
    );
}

#[test]
fn blocks_are_added_and_removed() {
    let mut e = with(Kind::ScenarioBuilding);
    to_row(&mut e, "2×2 matrix");
    code(&mut e, KeyCode::Enter);
    assert_eq!(
        at(&e, "/agenda/0/matrix"),
        &json!({"x": {"name": "", "low": "", "high": ""}, "y": {"name": "", "low": "", "high": ""}})
    );
    to_row(&mut e, "across · low pole");
    code(&mut e, KeyCode::Enter);
    typed(&mut e, "local");
    code(&mut e, KeyCode::Enter);
    assert_eq!(at(&e, "/agenda/0/matrix/x/low"), "local");
    assert!(e.problems_at("agenda[0].matrix.x.name").len() == 1);
    to_row(&mut e, "2×2 matrix");
    ch(&mut e, 'd');
    assert!(e.plan.pointer("/agenda/0/matrix").is_none());
    // A block of optional parts: there once one is typed.
    let mut e = with(Kind::FuturesTriangle);
    to_row(&mut e, "Corner prompts");
    code(&mut e, KeyCode::Enter);
    assert!(e.field.is_some(), "its first part's box opens");
    typed(&mut e, "What do we hope for?");
    code(&mut e, KeyCode::Enter);
    assert_eq!(
        at(&e, "/agenda/0/prompts"),
        &json!({"pull": "What do we hope for?"})
    );
}

#[test]
fn items_and_exercises_are_removed_duplicated_and_moved_and_undone() {
    let mut e = with(Kind::PromptRound);
    to_row(&mut e, "question 1 · question");
    code(&mut e, KeyCode::Enter);
    typed(&mut e, "First?");
    code(&mut e, KeyCode::Enter);
    ch(&mut e, 'c');
    assert_eq!(
        at(&e, "/agenda/0/questions/1"),
        &json!({"id": "q2", "text": "First?"})
    );
    to_row(&mut e, "question 2 · question");
    code(&mut e, KeyCode::Enter);
    press(&mut e, Key::ctrl('u'));
    typed(&mut e, "Second?");
    code(&mut e, KeyCode::Enter);
    ch(&mut e, 'K');
    assert_eq!(at(&e, "/agenda/0/questions/0/text"), "Second?");
    assert_eq!(
        e.rows()[e.row].label,
        "question 1 · question",
        "the cursor follows"
    );
    ch(&mut e, 'J');
    assert_eq!(at(&e, "/agenda/0/questions/1/text"), "Second?");
    ch(&mut e, 'd');
    assert_eq!(e.agenda()[0]["questions"].as_array().unwrap().len(), 1);
    ch(&mut e, 'u');
    assert_eq!(e.agenda()[0]["questions"].as_array().unwrap().len(), 2);

    // Exercises, on the agenda.
    code(&mut e, KeyCode::Tab);
    assert_eq!(e.pane, Pane::Agenda);
    ch(&mut e, 'c');
    assert_eq!(e.agenda().len(), 2);
    assert_eq!(at(&e, "/agenda/1/id"), "prompt-round-2");
    assert_eq!(at(&e, "/agenda/1/title"), "Prompt round (copy)");
    assert_eq!(e.item, 2);
    ch(&mut e, 'K');
    assert_eq!(at(&e, "/agenda/0/id"), "prompt-round-2");
    assert_eq!(e.item, 1);
    ch(&mut e, 'J');
    assert_eq!(at(&e, "/agenda/1/id"), "prompt-round-2");
    ch(&mut e, 'd');
    assert_eq!(e.agenda().len(), 1);
    ch(&mut e, 'u');
    assert_eq!(e.agenda().len(), 2);
    code(&mut e, KeyCode::Up);
    code(&mut e, KeyCode::Up);
    assert_eq!(e.item, 0, "the plan itself");
    ch(&mut e, 'd');
    assert_eq!(e.agenda().len(), 2, "the plan itself is not removed");
}

#[test]
fn changing_the_kind_keeps_the_exercise_s_own_parts() {
    let mut e = with(Kind::PromptRound);
    to_row(&mut e, "Title");
    code(&mut e, KeyCode::Enter);
    press(&mut e, Key::ctrl('u'));
    typed(&mut e, "Opening");
    code(&mut e, KeyCode::Enter);
    to_row(&mut e, "Kind");
    code(&mut e, KeyCode::Enter);
    let p = e.picker.expect("the kinds");
    assert_eq!(p.replace, Some(0));
    code(&mut e, KeyCode::Down);
    code(&mut e, KeyCode::Enter);
    assert_eq!(at(&e, "/agenda/0/kind"), "futures_triangle");
    assert_eq!(at(&e, "/agenda/0/title"), "Opening");
    assert!(e.plan.pointer("/agenda/0/questions").is_none());
    ch(&mut e, 'u');
    assert_eq!(at(&e, "/agenda/0/kind"), "prompt_round");
}

#[test]
fn the_plan_s_own_parts_are_edited_too() {
    let mut e = new();
    to_row(&mut e, "Description");
    code(&mut e, KeyCode::Enter);
    typed(&mut e, "A day for the team.");
    code(&mut e, KeyCode::Enter);
    to_row(&mut e, "Suggested groups");
    code(&mut e, KeyCode::Enter);
    typed(&mut e, "Table 1");
    code(&mut e, KeyCode::Enter);
    to_row(&mut e, "Source");
    code(&mut e, KeyCode::Enter);
    typed(&mut e, "Our notes");
    code(&mut e, KeyCode::Enter);
    to_row(&mut e, "Facilitator notes");
    code(&mut e, KeyCode::Enter);
    typed(&mut e, "Bring pens");
    code(&mut e, KeyCode::Enter);
    assert_eq!(at(&e, "/summary"), "A day for the team.");
    assert_eq!(at(&e, "/suggested_groups"), &json!(["Table 1"]));
    assert_eq!(at(&e, "/source"), "Our notes");
    assert_eq!(at(&e, "/facilitator_notes"), "Bring pens");
}

#[test]
fn saving_waits_for_the_checks_then_writes_to_the_plans_folder() {
    let mut e = new();
    assert!(ch(&mut e, 's').is_empty());
    assert!(
        e.status
            .as_deref()
            .unwrap()
            .starts_with("Not saved: 1 thing to fix")
    );
    ch(&mut e, 'a');
    code(&mut e, KeyCode::Enter);
    to_row(&mut e, "question 1 · question");
    code(&mut e, KeyCode::Enter);
    typed(&mut e, "What now?");
    // Saving keeps the text still in its box first.
    let effects = press(&mut e, Key::ctrl('s'));
    assert_eq!(
        e.field.as_ref().map(|f| f.text.text()),
        Some("What now?"),
        "Ctrl-S types nothing in a box"
    );
    assert!(effects.is_empty());
    code(&mut e, KeyCode::Enter);
    let effects = ch(&mut e, 's');
    let [Effect::Save { path, bytes }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(path, &PathBuf::from("/nowhere/plans/team-day.json"));
    let read: crate::model::Scenario = serde_json::from_slice(bytes).unwrap();
    assert_eq!(
        read.agenda[0].kind.model().questions().unwrap()[0].text,
        "What now?"
    );
    assert!(e.dirty());
    e.saved(path.clone(), Err("disk full".into()));
    assert!(
        e.status
            .as_deref()
            .unwrap()
            .starts_with("NOT SAVED — disk full")
    );
    assert!(e.dirty());
    e.saved(path.clone(), Ok(()));
    assert!(!e.dirty());
    assert_eq!(e.target.as_ref(), Some(path));
}

#[test]
fn quitting_with_changes_asks() {
    let mut e = new();
    assert!(ch(&mut e, 'q').is_empty());
    assert!(e.quit_ask);
    code(&mut e, KeyCode::Esc);
    assert!(!e.quit_ask && !e.quit, "back");
    ch(&mut e, 'q');
    assert_eq!(ch(&mut e, 'd'), vec![Effect::Quit]);
    assert!(e.quit);
    // Save and quit: not while there is something to fix.
    let mut e = new();
    ch(&mut e, 'q');
    assert!(ch(&mut e, 's').is_empty());
    assert!(!e.quit);
    // Saved, nothing to ask.
    let mut e = with(Kind::Notes);
    ch(&mut e, 'q');
    let effects = ch(&mut e, 's');
    let [Effect::Save { path, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(e.saved(path.clone(), Ok(())), vec![Effect::Quit]);
    let mut e = with(Kind::Notes);
    e.saved = Some(e.plan.clone());
    assert_eq!(ch(&mut e, 'q'), vec![Effect::Quit]);
    // Ctrl-Q from a part's box asks too: the text typed counts.
    let mut e = with(Kind::Notes);
    e.saved = Some(e.plan.clone());
    to_row(&mut e, "Topic");
    code(&mut e, KeyCode::Enter);
    typed(&mut e, "x");
    assert!(press(&mut e, Key::ctrl('q')).is_empty());
    assert!(e.quit_ask);
}

#[test]
fn help_and_preview_toggle_and_the_cursor_stays_in_bounds() {
    let mut e = with(Kind::Notes);
    ch(&mut e, '?');
    assert!(e.help);
    ch(&mut e, 'x');
    assert!(!e.help);
    ch(&mut e, 'p');
    assert!(e.preview);
    ch(&mut e, 'p');
    assert!(!e.preview);
    for _ in 0..50 {
        code(&mut e, KeyCode::Down);
    }
    assert_eq!(e.row, e.rows().len() - 1);
    code(&mut e, KeyCode::Tab);
    for _ in 0..5 {
        code(&mut e, KeyCode::Down);
    }
    assert_eq!(e.item, 1);
}

#[test]
fn a_bundled_plan_is_a_copy_under_its_own_name() {
    let dir = tempfile::tempdir().unwrap();
    let source = crate::store::plans::PlanSource::BuiltIn("role-clarity");
    let e = Editor::open(&source.load().unwrap(), &source, dir.path());
    assert_eq!(e.origin, Origin::CopyOf("role-clarity".into()));
    assert_eq!(at(&e, "/id"), "role-clarity-copy");
    assert!(at(&e, "/title").as_str().unwrap().ends_with("(copy)"));
    assert!(e.dirty());
    // A name a built-in plan has, or a file already there, is never taken.
    let mut e = new();
    e.dir = dir.path().to_owned();
    e.plan["id"] = json!("role-clarity");
    assert_eq!(e.save_path(), dir.path().join("role-clarity-2.json"));
    std::fs::write(dir.path().join("role-clarity-2.json"), "{}").unwrap();
    assert_eq!(e.save_path(), dir.path().join("role-clarity-3.json"));
}

#[test]
fn the_preview_holds_samples_marked_as_such() {
    for kind in Kind::ALL {
        let e = with(*kind);
        let (Some(s), Some(x)) = (e.scenario(), e.exercise_read()) else {
            panic!("{}", kind.name())
        };
        let session = sample_session(&s, &x);
        assert!(
            !session.contributions().is_empty()
                && session
                    .contributions()
                    .iter()
                    .all(|c| c.text.starts_with(SAMPLE)),
            "{}",
            kind.name()
        );
    }
}

#[test]
fn esc_goes_back_to_the_agenda() {
    let mut e = with(Kind::Notes);
    assert_eq!(e.pane, Pane::Form);
    code(&mut e, KeyCode::Esc);
    assert_eq!(e.pane, Pane::Agenda);
}

#[test]
fn a_terminal_gone_keeps_the_changes_not_saved_beside_the_plans() {
    let dir = tempfile::tempdir().unwrap();
    let mut e = Editor::new_plan("Team day", dir.path());
    ch(&mut e, 'a');
    code(&mut e, KeyCode::Enter);
    to_row(&mut e, "question 1 · question");
    code(&mut e, KeyCode::Enter);
    typed(&mut e, "Half typed");
    keep_unsaved(&mut e);
    let path = dir.path().join("team-day.json.unsaved");
    let kept: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(
        kept.pointer("/agenda/0/questions/0/text").unwrap(),
        "Half typed"
    );
    assert!(
        crate::store::plans::json_files(dir.path()).is_empty(),
        "never listed as a plan"
    );
    // Nothing to keep: nothing written.
    let dir = tempfile::tempdir().unwrap();
    let mut e = with(Kind::Notes);
    e.dir = dir.path().to_owned();
    e.saved = Some(e.plan.clone());
    keep_unsaved(&mut e);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
